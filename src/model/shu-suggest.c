/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-big-alloc.h"
#include "shu-search.h"
#include "shu-suggest.h"

/* Arabic prefixes are at most four letters: conjunction, preposition and
 * the article (و ب ا ل). Hebrew ones three. */
#define MAX_PREFIX 4

/* A key of the forms' tables: bytes of folded text, not NUL-terminated,
 * with their hash computed once. Finding looks up slices of one folding
 * of the whole text; copying each into a string of its own to look it up
 * was most of the time spent. */
typedef struct
{
  const char *str;
  gsize       len;
  guint       hash;
} Slice;

/* What follows a head in a form of several words. */
typedef struct
{
  gsize      len;
  char      *bytes;
  guint      n_words;     /* so where it would end is known at once */
  GPtrArray *labels;      /* the form's, borrowed from forms->forms */
} Rest;

static void
rest_clear (gpointer data)
{
  g_free (((Rest *) data)->bytes);
}

struct _ShuSuggestForms
{
  /* Folded form (Slice, owned) -> GPtrArray of interned label ids. */
  GHashTable *forms;
  /* For forms of several words, their head: the first two words and what
   * stands between them (folded) -> the rests after it (GArray of Rest),
   * sorted by length: only where a rest of that length would end is the
   * text compared with it.
   * The text is read word by word: each word (and with the next one) is
   * looked up once per way of reading its prefixes, and only where a head
   * stands is what follows compared, at each of its word ends. Finding
   * costs one pass over the text however many forms there are;
   * searching for each form would cost a pass per form, and listing the
   * forms under their first word makes common first words ("של") try
   * hundreds of them. */
  GHashTable *heads;
  /* The first words of the heads (Slice, owned, to itself): a word that
   * is none needs no look-up with the next one. */
  GHashTable *firsts;
};

/* FNV-1a: short keys, computed once for each. */
static guint
slice_hash_bytes (const char *str,
                  gsize       len)
{
  guint h = 2166136261u;

  for (gsize i = 0; i < len; i++)
    h = (h ^ (guchar) str[i]) * 16777619u;
  return h;
}

static Slice
slice_make (const char *str,
            gsize       len)
{
  Slice slice = { str, len, slice_hash_bytes (str, len) };

  return slice;
}

static guint
slice_hash (gconstpointer p)
{
  return ((const Slice *) p)->hash;
}

static gboolean
slice_equal (gconstpointer a,
             gconstpointer b)
{
  const Slice *x = a, *y = b;

  return x->len == y->len && memcmp (x->str, y->str, x->len) == 0;
}

static Slice *
slice_dup (const char *str,
           gsize       len)
{
  Slice *slice = g_new (Slice, 1);

  *slice = slice_make (g_strndup (str, len), len);
  return slice;
}

static void
slice_free (Slice *slice)
{
  g_free ((char *) slice->str);
  g_free (slice);
}

static gpointer
lookup_slice (GHashTable *table,
              const char *str,
              gsize       len)
{
  Slice key = slice_make (str, len);

  return g_hash_table_lookup (table, &key);
}

/* Letters, digits and marks make words; so do geresh and gershayim, which
 * stand inside Hebrew abbreviations (צה״ל). */
static gboolean
is_other_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == 0x05F3 || c == 0x05F4;
}

/* Spaces, ASCII and Hebrew letters answered here, in the caller: this
 * runs for every character of the text, and a call each was 8 % of the
 * search. */
static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum (c);
  if (c >= 0x05D0 && c <= 0x05EA)
    return TRUE;
  return is_other_word_char (c);
}

static gboolean
is_hebrew_prefix_letter (gunichar c)
{
  return c == 0x05D5 /* ו */ || c == 0x05D4 /* ה */ || c == 0x05D1 /* ב */
      || c == 0x05DB /* כ */ || c == 0x05DC /* ל */ || c == 0x05DE /* מ */
      || c == 0x05E9 /* ש */;
}

#define AR_ALEF 0x0627
#define AR_LAM  0x0644

gboolean
shu_suggest_is_prefix (const gunichar *letters,
                       guint           n)
{
  guint i = 0;

  g_return_val_if_fail (n == 0 || letters != NULL, FALSE);

  if (n == 0)
    return TRUE;

  if (n <= 3)
    {
      gboolean hebrew = TRUE;

      for (guint j = 0; j < n && hebrew; j++)
        hebrew = is_hebrew_prefix_letter (letters[j]);
      if (hebrew)
        return TRUE;
    }

  /* Arabic: (و|ف)? (ب|ك|ل)? (ال)?, where ل and ال are written لل. */
  if (letters[i] == 0x0648 /* و */ || letters[i] == 0x0641 /* ف */)
    i++;
  if (n - i == 2 && letters[i] == AR_LAM && letters[i + 1] == AR_LAM)
    return TRUE;
  if (i < n && (letters[i] == 0x0628 /* ب */ || letters[i] == 0x0643 /* ك */
                || letters[i] == AR_LAM))
    i++;
  if (n - i == 2 && letters[i] == AR_ALEF && letters[i + 1] == AR_LAM)
    i += 2;
  return i == n;
}

ShuSuggestForms *
shu_suggest_forms_new (void)
{
  ShuSuggestForms *forms = g_new0 (ShuSuggestForms, 1);

  forms->forms = g_hash_table_new_full (slice_hash, slice_equal, (GDestroyNotify) slice_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  forms->heads = g_hash_table_new_full (slice_hash, slice_equal, (GDestroyNotify) slice_free,
                                        (GDestroyNotify) g_array_unref);
  forms->firsts = g_hash_table_new_full (slice_hash, slice_equal, (GDestroyNotify) slice_free,
                                         NULL);
  return forms;
}

void
shu_suggest_forms_free (ShuSuggestForms *forms)
{
  if (forms == NULL)
    return;
  g_hash_table_unref (forms->forms);
  g_hash_table_unref (forms->heads);
  g_hash_table_unref (forms->firsts);
  g_free (forms);
}

guint
shu_suggest_forms_get_size (ShuSuggestForms *forms)
{
  g_return_val_if_fail (forms != NULL, 0);

  guint n = 0;
  GHashTableIter iter;
  GPtrArray *labels;

  g_hash_table_iter_init (&iter, forms->forms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &labels))
    n += labels->len;
  return n;
}

/* Past the word characters (@word) or the others at @p. */
static const char *
skip_chars (const char *p,
            gboolean    word)
{
  while (*p != '\0' && is_word_char (g_utf8_get_char (p)) == word)
    p = g_utf8_next_char (p);
  return p;
}

/* @folded starts with a head of @head_len bytes, its first word of
 * @first_len, when it is a @phrase (a form of several words). */
static void
add_form (ShuSuggestForms *forms,
          const char      *folded,
          gsize            first_len,
          gsize            head_len,
          gboolean         phrase,
          const char      *label_id)
{
  gsize len = strlen (folded);
  GPtrArray *labels = lookup_slice (forms->forms, folded, len);
  gsize rest_len = len - head_len;
  GArray *rests;
  Rest rest;
  guint at = 0;

  if (labels == NULL)
    {
      labels = g_ptr_array_new ();
      g_hash_table_insert (forms->forms, slice_dup (folded, len), labels);
    }
  /* Sorted, so that what one place is suggested with comes in order. */
  for (at = 0; at < labels->len && strcmp (labels->pdata[at], label_id) < 0; at++)
    ;
  if (at < labels->len && labels->pdata[at] == label_id)
    return;
  g_ptr_array_insert (labels, at, (gpointer) label_id);
  at = 0;

  if (!phrase)
    return;
  rests = lookup_slice (forms->heads, folded, head_len);
  if (rests == NULL)
    {
      Slice *first = slice_dup (folded, first_len);

      rests = g_array_new (FALSE, FALSE, sizeof (Rest));
      g_array_set_clear_func (rests, rest_clear);
      g_hash_table_insert (forms->heads, slice_dup (folded, head_len), rests);
      if (!g_hash_table_contains (forms->firsts, first))
        g_hash_table_add (forms->firsts, first);
      else
        slice_free (first);
    }
  while (at < rests->len && g_array_index (rests, Rest, at).len < rest_len)
    at++;
  for (guint same = at; same < rests->len && g_array_index (rests, Rest, same).len == rest_len;
       same++)
    if (memcmp (g_array_index (rests, Rest, same).bytes, folded + head_len, rest_len) == 0)
      return;
  rest.len = rest_len;
  rest.bytes = g_strndup (folded + head_len, rest_len);
  rest.n_words = 0;
  for (const char *p = rest.bytes; *p != '\0'; p = skip_chars (p, TRUE))
    {
      p = skip_chars (p, FALSE);
      rest.n_words += *p != '\0';
    }
  rest.labels = labels;
  g_array_insert_val (rests, at, rest);
}

void
shu_suggest_forms_learn (ShuSuggestForms *forms,
                         ShuSource       *source,
                         GPtrArray       *annotations,
                         const char      *label_id)
{
  g_return_if_fail (forms != NULL);
  g_return_if_fail (SHU_IS_SOURCE (source));
  g_return_if_fail (annotations != NULL);

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = annotations->pdata[i];
      const char *id = shu_annotation_get_label_id (annotation);
      g_autofree char *text = NULL;
      g_autofree char *folded = NULL;
      const char *start, *p;
      gsize first_len;
      char *end;

      /* A discontinuous annotation has no one form. */
      if (id == NULL || shu_annotation_get_n_ranges (annotation) != 1)
        continue;
      if (label_id != NULL && strcmp (id, label_id) != 0)
        continue;

      text = shu_source_dup_range (source, shu_annotation_get_start (annotation),
                                   shu_annotation_get_end (annotation));
      folded = shu_search_fold (text, SHU_SEARCH_IGNORE_MARKS);
      /* A form starts and ends with a word: the quotation marks or the
       * comma a selection took along are not part of it. */
      end = folded + strlen (folded);
      while (end > folded && !is_word_char (g_utf8_get_char (g_utf8_prev_char (end))))
        end = g_utf8_prev_char (end);
      *end = '\0';
      for (p = folded; *p != '\0' && !is_word_char (g_utf8_get_char (p)); p = g_utf8_next_char (p))
        ;
      if (g_utf8_strlen (p, -1) < 2)
        continue;
      start = p;
      /* The head: the first word, then what separates it from the second
       * and the second. */
      p = skip_chars (p, TRUE);
      first_len = p - start;
      if (*p == '\0')
        {
          add_form (forms, start, first_len, first_len, FALSE, shu_suggestion_intern_label (id));
          continue;
        }
      p = skip_chars (skip_chars (p, FALSE), TRUE);
      add_form (forms, start, first_len, p - start, TRUE, shu_suggestion_intern_label (id));
    }
}

/* The ranges of one label's annotations, sorted by start, with the
 * largest end so far. Places are offered in the order of their starts,
 * so a cursor (how many ranges start before the last place asked about,
 * one per finding thread: see LabelState) only moves forward, and whether
 * a place overlaps one is O(1). */
typedef struct
{
  GArray *ranges;   /* ShuRange, none empty */
  guint  *max_end;
} Covered;

static void
covered_free (Covered *covered)
{
  g_array_unref (covered->ranges);
  g_free (covered->max_end);
  g_free (covered);
}

static int
range_compare (gconstpointer a,
               gconstpointer b)
{
  const ShuRange *x = a, *y = b;

  return x->start < y->start ? -1 : x->start > y->start;
}

static GHashTable *
covered_by_label (GPtrArray *annotations)
{
  GHashTable *table = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) covered_free);
  GHashTableIter iter;
  Covered *covered;

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = annotations->pdata[i];
      const char *id = shu_annotation_get_label_id (annotation);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);

      if (id == NULL)
        continue;
      id = shu_suggestion_intern_label (id);
      covered = g_hash_table_lookup (table, id);
      if (covered == NULL)
        {
          covered = g_new0 (Covered, 1);
          covered->ranges = g_array_new (FALSE, FALSE, sizeof (ShuRange));
          g_hash_table_insert (table, (gpointer) id, covered);
        }
      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        if (ranges[r].end > ranges[r].start)
          g_array_append_val (covered->ranges, ranges[r]);
    }

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &covered))
    {
      guint max = 0;

      g_array_sort (covered->ranges, range_compare);
      covered->max_end = g_new (guint, covered->ranges->len);
      for (guint i = 0; i < covered->ranges->len; i++)
        {
          max = MAX (max, g_array_index (covered->ranges, ShuRange, i).end);
          covered->max_end[i] = max;
        }
    }
  return table;
}

/* Whether [@start, @end) overlaps a range of @covered (nullable), from
 * the ranges @cursor counts on. */
static gboolean
is_covered (const Covered *covered,
            guint         *cursor,
            guint          start,
            guint          end)
{
  const ShuRange *ranges;
  guint n;

  if (covered == NULL)
    return FALSE;
  ranges = (const ShuRange *) (gpointer) covered->ranges->data;
  n = covered->ranges->len;
  /* Back, should a place come before the last one; then forward. */
  while (*cursor > 0 && ranges[*cursor - 1].start >= start)
    (*cursor)--;
  while (*cursor < n && ranges[*cursor].start < start)
    (*cursor)++;
  /* One starting before @start that ends after it, or one starting
   * inside the place (none is empty). */
  return (*cursor > 0 && covered->max_end[*cursor - 1] > start)
      || (*cursor < n && ranges[*cursor].start < end);
}

static guint
suggestion_hash (gconstpointer p)
{
  const ShuSuggestion *s = p;

  return s->start * 31u + s->end * 17u + g_direct_hash (s->label_id);
}

static gboolean
suggestion_equal (gconstpointer a,
                  gconstpointer b)
{
  const ShuSuggestion *x = a, *y = b;

  return x->start == y->start && x->end == y->end && x->label_id == y->label_id;
}

/* A word of the text: where it stands in the folding of the text (see
 * Finder) and in the text. Byte offsets fit in 32 bits: a text is at most
 * SHU_SOURCE_MAX_BYTES, and its folding no longer. A text has a token for
 * every five or six code points: 20 bytes each rather than 32 made the
 * tokens of the 5 MB text 6 MB smaller. */
typedef struct
{
  guint32 fstart;
  guint32 fend;
  guint32 ostart;   /* bytes of the text */
  guint   start;    /* code points, its marks included */
  guint   end;
} Token;

G_STATIC_ASSERT (SHU_SOURCE_MAX_BYTES <= G_MAXUINT32);

/* One way of reading a word's prefixes that may lead somewhere: the
 * first @n_letters letters taken as prefixes, the stem after them a form
 * (@labels) or the first word of a form of several words (@head_first). */
typedef struct
{
  guint      n_letters;
  gsize      stem;        /* bytes of the folded word before the stem */
  GPtrArray *labels;      /* borrowed from the forms, or NULL */
  gboolean   head_first;
} Reading;

/* What a word (folded) may be; worked out once per different word. */
typedef struct
{
  Slice   key;            /* borrowed from the folded text */
  guint   n_readings;
  Reading readings[MAX_PREFIX + 1];
} WordInfo;

/* What finding keeps for each label, in a table of its own (see
 * label_state()): a GHashTable look-up per place offered was a good part
 * of the time on a text where nearly every word is suggested. */
typedef struct
{
  const char *label_id;   /* interned; NULL: a free slot */
  Covered    *covered;    /* borrowed from Finder's covered, or NULL */
  guint       cursor;     /* into @covered (see is_covered()) */
  guint       word;       /* the last word (its index + 1) it was offered in */
} LabelState;

typedef struct
{
  ShuSource       *source;
  ShuSuggestForms *forms;
  GHashTable      *covered;    /* interned label id -> Covered */
  LabelState      *labels;     /* open addressing by the id's address */
  guint            labels_mask;
  guint            word;       /* the word being read: its index + 1 */
  GHashTable      *rejected;   /* ShuSuggestion* (interned ids) -> itself */
  GArray          *found;
  /* The text without its marks (niqqud, cantillation, harakat: what
   * shu_search_fold() with SHU_SEARCH_IGNORE_MARKS leaves out), folded
   * once; forms are looked up as slices of it. */
  char            *folded;     /* at most the text's size, NUL-terminated */
  GArray          *tokens;     /* Token */
  GHashTable      *words;      /* Slice -> WordInfo: a cache, as words repeat */
} Finder;

static inline LabelState *
label_state (Finder     *finder,
             const char *label_id)
{
  guint i = (guint) (((guintptr) label_id >> 3) * 2654435761u) & finder->labels_mask;

  while (finder->labels[i].label_id != label_id && finder->labels[i].label_id != NULL)
    i = (i + 1) & finder->labels_mask;
  return &finder->labels[i];
}

/* A slot for every label of the forms. */
static void
make_label_states (Finder *finder)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  GPtrArray *labels;
  guint size = 8;

  g_hash_table_iter_init (&iter, finder->forms->forms);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &labels))
    for (guint i = 0; i < labels->len; i++)
      g_hash_table_add (ids, labels->pdata[i]);
  while (size < 2 * g_hash_table_size (ids))
    size *= 2;
  finder->labels = g_new0 (LabelState, size);
  finder->labels_mask = size - 1;
  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, (gpointer *) &labels, NULL))
    {
      const char *id = (const char *) labels;
      LabelState *state = label_state (finder, id);

      state->label_id = id;
      state->covered = g_hash_table_lookup (finder->covered, id);
    }
}

static void
offer (Finder     *finder,
       LabelState *state,
       guint       start,
       guint       end)
{
  ShuSuggestion key = { start, end, state->label_id };

  if ((g_hash_table_size (finder->rejected) > 0 && g_hash_table_contains (finder->rejected, &key))
      || is_covered (state->covered, &state->cursor, start, end))
    return;

  g_array_append_val (finder->found, key);
}

static inline gboolean
place_after (const ShuSuggestion *a,
             const ShuSuggestion *b)
{
  return a->start > b->start || (a->start == b->start && a->end > b->end);
}

/* Offers @labels (a form's, nullable) at [@start, @end): a label once per
 * word, the longest form first ("הכישלון" rather than "כישלון" after the
 * article). */
static void
offer_form (Finder    *finder,
            GPtrArray *labels,
            guint      start,
            guint      end)
{
  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      LabelState *state = label_state (finder, labels->pdata[i]);

      if (state->word == finder->word)
        continue;
      state->word = finder->word;
      offer (finder, state, start, end);
    }
}

/* The forms of several words whose head starts at byte @head of the
 * folding, in word @t, and ends with word @t + 1, at code point @start:
 * each of @rests compared with the text where it would end with a word,
 * the longest first. */
static void
offer_phrases (Finder *finder,
               guint   t,
               guint   start,
               GArray *rests)
{
  const Token *tokens = (const Token *) (gpointer) finder->tokens->data;
  const char *folded = finder->folded;
  guint n_tokens = finder->tokens->len;
  gsize head_end = tokens[t + 1].fend;
  guint ends[64];
  GPtrArray *labels[64];
  guint n_ends = 0;

  for (guint l = 0; l < rests->len && n_ends < G_N_ELEMENTS (ends); l++)
    {
      const Rest *rest = &g_array_index (rests, Rest, l);
      guint j = t + 1 + rest->n_words;

      if (j < n_tokens && tokens[j].fend == head_end + rest->len
          && memcmp (folded + head_end, rest->bytes, rest->len) == 0)
        {
          ends[n_ends] = j;
          labels[n_ends++] = rest->labels;
        }
    }
  for (guint i = n_ends; i-- > 0; )
    offer_form (finder, labels[i], start, tokens[ends[i]].end);
}

/* The ways of reading the folded word @key: the whole word, then without
 * each valid prefix, as far as any leads to a form. */
static WordInfo *
word_info_new (ShuSuggestForms *forms,
               const Slice     *key)
{
  WordInfo *info = g_new0 (WordInfo, 1);
  gunichar letters[MAX_PREFIX];
  gsize letter_bytes[MAX_PREFIX + 1];
  guint n_letters = 0;
  const char *end = key->str + key->len;

  info->key = *key;
  /* A folded word holds letters only (its marks are gone). */
  for (const char *r = key->str; r < end && n_letters <= MAX_PREFIX; r = g_utf8_next_char (r))
    {
      letter_bytes[n_letters] = r - key->str;
      if (n_letters < MAX_PREFIX)
        letters[n_letters] = g_utf8_get_char (r);
      n_letters++;
    }
  for (guint k = 0; k <= MAX_PREFIX && k < n_letters; k++)
    {
      Reading *reading = &info->readings[info->n_readings];
      const char *stem = key->str + letter_bytes[k];
      gsize len = key->len - letter_bytes[k];

      if (k > 0 && !shu_suggest_is_prefix (letters, k))
        continue;
      reading->n_letters = k;
      reading->stem = letter_bytes[k];
      reading->labels = lookup_slice (forms->forms, stem, len);
      reading->head_first = g_hash_table_size (forms->firsts) > 0
                            && lookup_slice (forms->firsts, stem, len) != NULL;
      if (reading->labels != NULL || reading->head_first)
        info->n_readings++;
    }
  return info;
}

/* Code point of the @k-th letter (marks not counted) of @token. */
static guint
letter_offset (const char  *text,
               const Token *token,
               guint        k)
{
  const char *r = text + token->ostart;
  guint offset = token->start;
  guint seen = 0;

  for (;; r = g_utf8_next_char (r), offset++)
    {
      if (shu_search_is_ignorable_mark (g_utf8_get_char (r)))
        continue;
      if (seen++ == k)
        return offset;
    }
}

/* Word @t against the forms: each way of reading its prefixes, longer
 * forms (of several words) first: "בית ספר" rather than "בית". */
static void
find_in_word (Finder *finder,
              guint   t)
{
  const Token *token = &g_array_index (finder->tokens, Token, t);
  Slice key = slice_make (finder->folded + token->fstart, token->fend - token->fstart);
  WordInfo *info = g_hash_table_lookup (finder->words, &key);
  const char *text = shu_source_get_text (finder->source);
  guint first_found = finder->found->len;
  gboolean has_next = t + 1 < finder->tokens->len;

  if (info == NULL)
    {
      info = word_info_new (finder->forms, &key);
      g_hash_table_insert (finder->words, &info->key, info);
    }
  if (info->n_readings == 0)
    return;

  finder->word = t + 1;
  for (guint r = 0; r < info->n_readings; r++)
    {
      const Reading *reading = &info->readings[r];
      guint start = reading->n_letters == 0 ? token->start
                                            : letter_offset (text, token, reading->n_letters);

      if (reading->head_first && has_next)
        {
          gsize head = token->fstart + reading->stem;
          const Token *second = &g_array_index (finder->tokens, Token, t + 1);
          GArray *rests = lookup_slice (finder->forms->heads, finder->folded + head,
                                        second->fend - head);

          if (rests != NULL)
            offer_phrases (finder, t, start, rests);
        }
      offer_form (finder, reading->labels, start, token->end);
    }

  /* Everything found in an earlier word starts before this one: sorting
   * what this word brought keeps the whole list sorted. The labels of one
   * place come from one form, in order already; a stable sort by place
   * keeps them so. */
  for (guint i = first_found + 1; i < finder->found->len; i++)
    for (guint j = i; j > first_found
         && place_after (&g_array_index (finder->found, ShuSuggestion, j - 1),
                         &g_array_index (finder->found, ShuSuggestion, j)); j--)
      {
        ShuSuggestion tmp = g_array_index (finder->found, ShuSuggestion, j);

        g_array_index (finder->found, ShuSuggestion, j) =
          g_array_index (finder->found, ShuSuggestion, j - 1);
        g_array_index (finder->found, ShuSuggestion, j - 1) = tmp;
      }
}

/* g_utf8_get_char() and g_utf8_next_char() at once, with ASCII and the
 * two-byte letters of Hebrew and Arabic decoded in place: this runs for
 * every character of the text. The text is valid UTF-8. */
static inline gunichar
next_char (const char  *p,
           const char **next)
{
  guchar b = (guchar) p[0];

  if (b < 0x80)
    {
      *next = p + 1;
      return b;
    }
  if ((b & 0xE0) == 0xC0)
    {
      *next = p + 2;
      return ((gunichar) (b & 0x1F) << 6) | ((guchar) p[1] & 0x3F);
    }
  *next = g_utf8_next_char (p);
  return g_utf8_get_char (p);
}

/* Folds the text and finds its words, in one pass: the folding is the
 * text with its marks left out, copied a run at a time. */
static gboolean
fold_text (Finder       *finder,
           GCancellable *cancellable)
{
  const char *text = shu_source_get_text (finder->source);
  const char *p = text;
  const char *run = text;
  const char *next;
  /* Runs are copied straight into the folding, which is never longer than
   * the text: a GString append per run was a tenth of the search. */
  char *folded = finder->folded;
  gsize len = 0;
  guint offset = 0;
  gunichar c = next_char (p, &next);

  /* @c is the character at @p, @next the one after it. */
  while (*p != '\0')
    {
      Token token;

      while (*p != '\0' && !is_word_char (c))
        {
          p = next;
          c = next_char (p, &next);
          offset++;
        }
      if (*p == '\0')
        break;
      memcpy (folded + len, run, p - run);
      len += p - run;
      run = p;
      token.fstart = len;
      token.ostart = p - text;
      token.start = offset;
      while (*p != '\0' && is_word_char (c))
        {
          if (shu_search_is_ignorable_mark (c))
            {
              memcpy (folded + len, run, p - run);
              len += p - run;
              run = next;
            }
          p = next;
          c = next_char (p, &next);
          offset++;
        }
      memcpy (folded + len, run, p - run);
      len += p - run;
      run = p;
      token.fend = len;
      token.end = offset;
      g_array_append_val (finder->tokens, token);
      if (finder->tokens->len % 65536 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
    }
  memcpy (folded + len, run, p - run);
  len += p - run;
  folded[len] = '\0';
  return TRUE;
}

/* A long text is read by as many threads as there are processors (up to
 * MAX_PARTS), each its own run of words with tables of its own (the
 * labels' states, the words seen); what they find is put together in the
 * order of the runs, which is the order of the places. A run shorter
 * than this is not worth a thread. */
#define MIN_PART_WORDS 65536
#define MAX_PARTS 8

typedef struct
{
  Finder        finder;
  guint         first;      /* the words [first, last) */
  guint         last;
  GCancellable *cancellable;
  gboolean      done;
} Part;

static gpointer
find_part (gpointer data)
{
  Part *part = data;

  for (guint t = part->first; t < part->last; t++)
    {
      find_in_word (&part->finder, t);
      if ((t + 1 - part->first) % 65536 == 0 && g_cancellable_is_cancelled (part->cancellable))
        return NULL;
    }
  part->done = TRUE;
  return NULL;
}

static gboolean
find_words (Finder       *finder,
            GCancellable *cancellable)
{
  guint n_tokens;
  guint n_parts;
  Part *parts;
  GThread *threads[MAX_PARTS] = { NULL };
  gboolean done = TRUE;

  if (g_hash_table_size (finder->forms->forms) == 0)
    return TRUE;
  if (!fold_text (finder, cancellable))
    return FALSE;

  n_tokens = finder->tokens->len;
  n_parts = CLAMP (n_tokens / MIN_PART_WORDS, 1, MIN ((guint) g_get_num_processors (), MAX_PARTS));
  parts = g_new0 (Part, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      Part *part = &parts[i];

      part->finder = *finder;
      part->first = (guint) ((guint64) n_tokens * i / n_parts);
      part->last = (guint) ((guint64) n_tokens * (i + 1) / n_parts);
      part->cancellable = cancellable;
      if (i > 0)
        {
          part->finder.found = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
          part->finder.words = g_hash_table_new_full (slice_hash, slice_equal, NULL, g_free);
          make_label_states (&part->finder);
          threads[i] = g_thread_try_new ("shu-suggest", find_part, part, NULL);
        }
    }
  /* The first run here; a run whose thread could not start, after it. */
  find_part (&parts[0]);
  for (guint i = 1; i < n_parts; i++)
    {
      if (threads[i] != NULL)
        g_thread_join (threads[i]);
      else
        find_part (&parts[i]);
    }
  for (guint i = 0; i < n_parts; i++)
    done = done && parts[i].done;
  /* The words are read: their folding and list go before the runs'
   * findings are put together, the step that needs the most memory (the
   * whole list grows while the runs' lists are still held). */
  g_clear_pointer (&finder->tokens, g_array_unref);
  g_clear_pointer (&finder->folded, g_free);
  for (guint i = 1; i < n_parts; i++)
    {
      if (done)
        g_array_append_vals (finder->found, parts[i].finder.found->data,
                             parts[i].finder.found->len);
      g_array_unref (parts[i].finder.found);
      g_hash_table_unref (parts[i].finder.words);
      g_free (parts[i].finder.labels);
    }
  g_free (parts);
  return done;
}

GArray *
shu_suggest_find (ShuSource       *source,
                  ShuSuggestForms *forms,
                  GPtrArray       *annotations,
                  GArray          *rejected,
                  GCancellable    *cancellable)
{
  Finder finder = { 0 };
  gboolean done;

  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (forms != NULL, NULL);
  g_return_val_if_fail (annotations != NULL, NULL);

  finder.source = source;
  finder.forms = forms;
  finder.covered = covered_by_label (annotations);
  finder.rejected = g_hash_table_new_full (suggestion_hash, suggestion_equal, g_free, NULL);
  finder.found = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  finder.folded = g_malloc (shu_source_get_text_size (source) + 1);
  finder.tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  finder.words = g_hash_table_new_full (slice_hash, slice_equal, NULL, g_free);
  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    {
      ShuSuggestion *key = g_memdup2 (&g_array_index (rejected, ShuSuggestion, i),
                                      sizeof (ShuSuggestion));

      key->label_id = shu_suggestion_intern_label (key->label_id);
      g_hash_table_add (finder.rejected, key);
    }

  make_label_states (&finder);
  done = find_words (&finder, cancellable);

  g_hash_table_unref (finder.covered);
  g_hash_table_unref (finder.rejected);
  g_hash_table_unref (finder.words);
  g_free (finder.folded);
  g_clear_pointer (&finder.tokens, g_array_unref);
  g_free (finder.labels);
  if (!done)
    {
      g_array_unref (finder.found);
      return NULL;
    }
  return finder.found;
}

ShuSuggestFound *
shu_suggest_learn_and_find (ShuSource    *source,
                            GPtrArray    *annotations,
                            GArray       *rejected,
                            const char   *label_id,
                            GCancellable *cancellable)
{
  g_autoptr(ShuSuggestForms) forms = NULL;
  GArray *found;

  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (annotations != NULL, NULL);

  forms = shu_suggest_forms_new ();
  shu_suggest_forms_learn (forms, source, annotations, label_id);
  found = shu_suggest_find (source, forms, annotations, rejected, cancellable);
  return found != NULL ? shu_suggest_found_new (found) : NULL;
}

typedef struct
{
  ShuSource *source;
  GPtrArray *annotations;
  GArray    *rejected;
  char      *label_id;
} FindData;

static void
find_data_free (FindData *data)
{
  g_object_unref (data->source);
  g_ptr_array_unref (data->annotations);
  g_clear_pointer (&data->rejected, g_array_unref);
  g_free (data->label_id);
  g_free (data);
}

static void
find_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  FindData *data = task_data;
  ShuSuggestFound *found = shu_suggest_learn_and_find (data->source, data->annotations,
                                                       data->rejected, data->label_id,
                                                       cancellable);

  /* The folding of the text, its words and the forms are freed: see
   * shu_big_alloc_trim(). */
  shu_big_alloc_trim ();
  if (found == NULL)
    g_task_return_error_if_cancelled (task);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) shu_suggest_found_unref);
}

void
shu_suggest_find_async (ShuSource           *source,
                        GPtrArray           *annotations,
                        GArray              *rejected,
                        const char          *label_id,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FindData *data;

  g_return_if_fail (SHU_IS_SOURCE (source));
  g_return_if_fail (annotations != NULL);

  data = g_new0 (FindData, 1);
  data->source = g_object_ref (source);
  data->annotations = g_ptr_array_ref (annotations);
  data->rejected = rejected != NULL ? g_array_ref (rejected) : NULL;
  data->label_id = g_strdup (label_id);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_suggest_find_async);
  g_task_set_name (task, "[shulayim] suggestions");
  g_task_set_task_data (task, data, (GDestroyNotify) find_data_free);
  g_task_run_in_thread (task, find_thread);
}

ShuSuggestFound *
shu_suggest_find_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
shu_suggest_accept (ShuAnnotationStore  *store,
                    const ShuSuggestion *suggestions,
                    guint                n_suggestions,
                    const char          *creator,
                    const char          *description)
{
  g_autoptr(GDateTime) now = shu_now_utc_seconds ();
  guint added = 0;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (store), 0);
  g_return_val_if_fail (n_suggestions == 0 || suggestions != NULL, 0);

  if (n_suggestions == 0)
    return 0;

  shu_annotation_store_begin_group (store, description);
  for (guint i = 0; i < n_suggestions; i++)
    {
      ShuRange range = { suggestions[i].start, suggestions[i].end };
      g_autofree char *id = shu_new_urn_uuid ();
      g_autoptr(ShuAnnotation) plain = shu_annotation_new (id, &range, 1,
                                                           suggestions[i].label_id, NULL,
                                                           creator, now, now);
      g_autoptr(ShuAnnotation) annotation = shu_annotation_with_suggested (plain, TRUE);

      if (shu_annotation_store_add (store, annotation, NULL))
        added++;
    }
  shu_annotation_store_end_group (store);
  return added;
}

GArray *
shu_suggest_filter_label (GArray     *found,
                          const char *label_id)
{
  GArray *out;

  g_return_val_if_fail (found != NULL, NULL);
  g_return_val_if_fail (label_id != NULL, NULL);

  out = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (g_array_index (found, ShuSuggestion, i).label_id, label_id) == 0)
      g_array_append_val (out, g_array_index (found, ShuSuggestion, i));
  return out;
}

char *
shu_suggest_dup_form (ShuSource           *source,
                      const ShuSuggestion *suggestion)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (suggestion != NULL, NULL);

  text = shu_source_dup_range (source, suggestion->start, suggestion->end);
  return shu_search_fold (text, SHU_SEARCH_IGNORE_MARKS);
}

GArray *
shu_suggest_filter_form (ShuSource           *source,
                         GArray              *found,
                         const ShuSuggestion *like)
{
  g_autofree char *form = NULL;
  GArray *out;

  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (found != NULL, NULL);
  g_return_val_if_fail (like != NULL, NULL);

  form = shu_suggest_dup_form (source, like);
  out = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  for (guint i = 0; i < found->len; i++)
    {
      const ShuSuggestion *s = &g_array_index (found, ShuSuggestion, i);
      g_autofree char *other = NULL;

      if (g_strcmp0 (s->label_id, like->label_id) != 0)
        continue;
      other = shu_suggest_dup_form (source, s);
      if (strcmp (other, form) == 0)
        g_array_append_val (out, *s);
    }
  return out;
}
