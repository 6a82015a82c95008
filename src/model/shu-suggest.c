/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-search.h"
#include "shu-suggest.h"

/* Arabic prefixes are at most four letters: conjunction, preposition and
 * the article (و ب ا ل). Hebrew ones three. */
#define MAX_PREFIX 4

struct _ShuSuggestForms
{
  /* Folded form -> GPtrArray of interned label ids. */
  GHashTable *forms;
  /* For forms of several words, their head: the first two words and what
   * stands between them (folded) -> the lengths of the rests after it, in
   * bytes, sorted (GArray of gsize): only where a rest of that length
   * would end is the form looked up.
   * The text is read word by word: each word (and with the next one) is
   * looked up once per way of reading its prefixes, and only where a head
   * stands is what follows compared, at each of its word ends. Finding
   * costs one pass over the text however many forms there are;
   * searching for each form would cost a pass per form, and listing the
   * forms under their first word makes common first words ("של") try
   * hundreds of them. */
  GHashTable *heads;
};

/* Letters, digits and marks make words; so do geresh and gershayim, which
 * stand inside Hebrew abbreviations (צה״ל). */
static gboolean
is_word_char (gunichar c)
{
  /* Spaces, ASCII and Hebrew letters answered without a table lookup:
   * this runs for every character of the text. */
  if (c < 0x80)
    return g_ascii_isalnum (c);
  if (c >= 0x05D0 && c <= 0x05EA)
    return TRUE;
  return g_unichar_isalnum (c) || g_unichar_ismark (c) || c == 0x05F3 || c == 0x05F4;
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

  forms->forms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  forms->heads = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_array_unref);
  return forms;
}

void
shu_suggest_forms_free (ShuSuggestForms *forms)
{
  if (forms == NULL)
    return;
  g_hash_table_unref (forms->forms);
  g_hash_table_unref (forms->heads);
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

/* @folded starts with a head of @head_len bytes when it is a @phrase
 * (a form of several words). */
static void
add_form (ShuSuggestForms *forms,
          const char      *folded,
          gsize            head_len,
          gboolean         phrase,
          const char      *label_id)
{
  GPtrArray *labels = g_hash_table_lookup (forms->forms, folded);
  gsize rest_len = strlen (folded) - head_len;
  g_autofree char *head = NULL;
  GArray *lengths;
  guint at = 0;

  if (labels == NULL)
    {
      labels = g_ptr_array_new ();
      g_hash_table_insert (forms->forms, g_strdup (folded), labels);
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
  head = g_strndup (folded, head_len);
  lengths = g_hash_table_lookup (forms->heads, head);
  if (lengths == NULL)
    {
      lengths = g_array_new (FALSE, FALSE, sizeof (gsize));
      g_hash_table_insert (forms->heads, g_steal_pointer (&head), lengths);
    }
  while (at < lengths->len && g_array_index (lengths, gsize, at) < rest_len)
    at++;
  if (at == lengths->len || g_array_index (lengths, gsize, at) != rest_len)
    g_array_insert_val (lengths, at, rest_len);
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
      if (*p == '\0')
        {
          add_form (forms, start, p - start, FALSE, g_intern_string (id));
          continue;
        }
      p = skip_chars (skip_chars (p, FALSE), TRUE);
      add_form (forms, start, p - start, TRUE, g_intern_string (id));
    }
}

/* The ranges of one label's annotations, sorted by start, with the
 * largest end so far: an overlap with [s, e) is then one binary search. */
typedef struct
{
  GArray *ranges;   /* ShuRange */
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

      if (id == NULL)
        continue;
      id = g_intern_string (id);
      covered = g_hash_table_lookup (table, id);
      if (covered == NULL)
        {
          covered = g_new0 (Covered, 1);
          covered->ranges = g_array_new (FALSE, FALSE, sizeof (ShuRange));
          g_hash_table_insert (table, (gpointer) id, covered);
        }
      g_array_append_vals (covered->ranges, shu_annotation_get_ranges (annotation),
                           shu_annotation_get_n_ranges (annotation));
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

static gboolean
is_covered (GHashTable *covered_table,
            const char *label_id,
            guint       start,
            guint       end)
{
  Covered *covered = g_hash_table_lookup (covered_table, label_id);
  guint lo = 0, hi;

  if (covered == NULL)
    return FALSE;

  /* The number of ranges starting before @end. */
  hi = covered->ranges->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (covered->ranges, ShuRange, mid).start < end)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && covered->max_end[lo - 1] > start;
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

typedef struct
{
  ShuSource  *source;
  GHashTable *covered;
  GHashTable *rejected;   /* ShuSuggestion* (interned ids) -> itself */
  GArray     *found;
  GString    *word;       /* the word being read, without its marks */
  GString    *next;       /* what follows it up to the end of the next word */
  GString    *key;
  GPtrArray  *done;       /* the labels the current word was offered with */
} Finder;

static void
offer (Finder     *finder,
       guint       start,
       guint       end,
       const char *label_id)
{
  ShuSuggestion key = { start, end, label_id };

  if ((g_hash_table_size (finder->rejected) > 0 && g_hash_table_contains (finder->rejected, &key))
      || is_covered (finder->covered, label_id, start, end))
    return;

  g_array_append_val (finder->found, key);
}


static inline gboolean
place_after (const ShuSuggestion *a,
             const ShuSuggestion *b)
{
  return a->start > b->start || (a->start == b->start && a->end > b->end);
}

/* Offers the labels of the form @folded, if it is one, at [@start, @end):
 * a label once per word, the longest form first ("הכישלון" rather than
 * "כישלון" after the article). */
static void
offer_form (Finder          *finder,
            ShuSuggestForms *forms,
            const char      *folded,
            guint            start,
            guint            end)
{
  GPtrArray *labels = g_hash_table_lookup (forms->forms, folded);

  for (guint i = 0; labels != NULL && i < labels->len; i++)
    {
      const char *label_id = labels->pdata[i];
      gboolean done = FALSE;

      for (guint j = 0; j < finder->done->len && !done; j++)
        done = finder->done->pdata[j] == label_id;
      if (done)
        continue;
      offer (finder, start, end, label_id);
      g_ptr_array_add (finder->done, (gpointer) label_id);
    }
}

/* The forms of several words with the head in finder->key at @start: what
 * follows the head in the text (from @q, code point @head_end), folded, is
 * compared at each of its word ends where a rest of @lengths would end,
 * longest first. */
static void
offer_phrases (Finder          *finder,
               ShuSuggestForms *forms,
               guint            start,
               const char      *q,
               guint            head_end,
               GArray          *lengths)
{
  gsize longest = g_array_index (lengths, gsize, lengths->len - 1);
  guint next_length = 0;
  GString *key = finder->key;
  gsize head_len = key->len;
  guint ends[64];
  gsize lens[64];
  guint n_ends = 0;
  guint offset = head_end;
  const char *r = q;

  /* The head itself is a form when it ends a word, as it does. */
  if (g_array_index (lengths, gsize, 0) == 0)
    {
      ends[n_ends] = head_end;
      lens[n_ends++] = head_len;
      next_length++;
    }
  while (*r != '\0' && key->len - head_len < longest)
    {
      const char *next = g_utf8_next_char (r);
      gunichar c = g_utf8_get_char (r);

      if (!shu_search_is_ignorable_mark (c))
        g_string_append_len (key, r, next - r);
      r = next;
      offset++;
      while (next_length < lengths->len
             && g_array_index (lengths, gsize, next_length) < key->len - head_len)
        next_length++;
      /* A word ends here (its marks taken along) where a rest would. */
      if (next_length < lengths->len
          && g_array_index (lengths, gsize, next_length) == key->len - head_len
          && is_word_char (c) && (*r == '\0' || !is_word_char (g_utf8_get_char (r)))
          && n_ends < G_N_ELEMENTS (ends))
        {
          ends[n_ends] = offset;
          lens[n_ends++] = key->len;
        }
    }
  for (guint i = n_ends; i-- > 0; )
    {
      g_string_truncate (key, lens[i]);
      offer_form (finder, forms, key->str, start, ends[i]);
    }
}

/* One word [@word_start, @word_end) (code points; bytes from @p to @q)
 * against the forms of one word: the whole word, then without each valid
 * prefix, the longest form first. */
static void
find_in_word (Finder          *finder,
              ShuSuggestForms *forms,
              const char      *p,
              const char      *q,
              guint            word_start)
{
  gunichar letters[MAX_PREFIX];
  guint letter_offsets[MAX_PREFIX + 1];
  gsize letter_bytes[MAX_PREFIX + 1];
  guint n_letters = 0;
  GString *folded = finder->word;
  guint offset = word_start;
  guint word_end;
  guint first_found = finder->found->len;
  gboolean has_next = FALSE;
  const char *next_q = q;
  guint next_end = 0;

  /* The word folded as shu_search_fold() with SHU_SEARCH_IGNORE_MARKS
   * folds it (its marks left out; a word holds no other folding), into a
   * buffer reused from word to word: an allocation per word would be
   * most of the time spent. Also its first letters, and where each starts
   * in the folding and in the text. */
  g_string_truncate (folded, 0);
  g_ptr_array_set_size (finder->done, 0);
  for (const char *r = p; r < q; offset++)
    {
      const char *next = g_utf8_next_char (r);
      gunichar c = g_utf8_get_char (r);

      if (!shu_search_is_ignorable_mark (c))
        {
          if (n_letters <= MAX_PREFIX)
            {
              letter_offsets[n_letters] = offset;
              letter_bytes[n_letters] = folded->len;
              if (n_letters < MAX_PREFIX)
                letters[n_letters] = c;
              n_letters++;
            }
          g_string_append_len (folded, r, next - r);
        }
      r = next;
    }
  word_end = offset;

  /* The next word, with what separates it from this one: the second
   * word of a form of several words. */
  if (g_hash_table_size (forms->heads) > 0)
    {
      const char *r = q;

      g_string_truncate (finder->next, 0);
      next_end = word_end;
      while (*r != '\0' && !is_word_char (g_utf8_get_char (r)))
        {
          const char *next = g_utf8_next_char (r);

          g_string_append_len (finder->next, r, next - r);
          r = next;
          next_end++;
        }
      has_next = *r != '\0' && r > q;
      while (*r != '\0' && is_word_char (g_utf8_get_char (r)))
        {
          const char *next = g_utf8_next_char (r);

          if (!shu_search_is_ignorable_mark (g_utf8_get_char (r)))
            g_string_append_len (finder->next, r, next - r);
          r = next;
          next_end++;
        }
      next_q = r;
    }

  for (guint k = 0; k <= MAX_PREFIX && k < n_letters; k++)
    {
      const char *stem = folded->str + letter_bytes[k];
      GArray *lengths;

      if (k > 0 && !shu_suggest_is_prefix (letters, k))
        continue;
      /* Longer forms first: "בית ספר" rather than "בית". */
      if (has_next)
        {
          g_string_assign (finder->key, stem);
          g_string_append_len (finder->key, finder->next->str, finder->next->len);
          lengths = g_hash_table_lookup (forms->heads, finder->key->str);
          if (lengths != NULL)
            offer_phrases (finder, forms, letter_offsets[k], next_q, next_end, lengths);
        }
      offer_form (finder, forms, stem, letter_offsets[k], word_end);
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
        ShuSuggestion t = g_array_index (finder->found, ShuSuggestion, j);

        g_array_index (finder->found, ShuSuggestion, j) =
          g_array_index (finder->found, ShuSuggestion, j - 1);
        g_array_index (finder->found, ShuSuggestion, j - 1) = t;
      }
}

static gboolean
find_words (Finder          *finder,
            ShuSuggestForms *forms,
            GCancellable    *cancellable)
{
  const char *text = shu_source_get_text (finder->source);
  const char *p = text;
  guint offset = 0;
  guint n_words = 0;

  if (g_hash_table_size (forms->forms) == 0)
    return TRUE;

  while (*p != '\0')
    {
      const char *q;
      guint start;

      while (*p != '\0' && !is_word_char (g_utf8_get_char (p)))
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      if (*p == '\0')
        break;
      start = offset;
      for (q = p; *q != '\0' && is_word_char (g_utf8_get_char (q)); q = g_utf8_next_char (q))
        offset++;
      find_in_word (finder, forms, p, q, start);
      p = q;
      if (++n_words % 65536 == 0 && g_cancellable_is_cancelled (cancellable))
        return FALSE;
    }
  return TRUE;
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
  finder.covered = covered_by_label (annotations);
  finder.rejected = g_hash_table_new_full (suggestion_hash, suggestion_equal, g_free, NULL);
  finder.found = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  finder.word = g_string_sized_new (64);
  finder.next = g_string_sized_new (64);
  finder.key = g_string_sized_new (128);
  finder.done = g_ptr_array_new ();
  for (guint i = 0; rejected != NULL && i < rejected->len; i++)
    {
      ShuSuggestion *key = g_memdup2 (&g_array_index (rejected, ShuSuggestion, i),
                                      sizeof (ShuSuggestion));

      key->label_id = g_intern_string (key->label_id);
      g_hash_table_add (finder.rejected, key);
    }

  done = find_words (&finder, forms, cancellable);

  g_hash_table_unref (finder.covered);
  g_hash_table_unref (finder.rejected);
  g_string_free (finder.word, TRUE);
  g_string_free (finder.next, TRUE);
  g_string_free (finder.key, TRUE);
  g_ptr_array_unref (finder.done);
  if (!done)
    {
      g_array_unref (finder.found);
      return NULL;
    }
  return finder.found;
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
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  GArray *found;

  shu_suggest_forms_learn (forms, data->source, data->annotations, data->label_id);
  found = shu_suggest_find (data->source, forms, data->annotations, data->rejected, cancellable);
  if (found == NULL)
    g_task_return_error_if_cancelled (task);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_array_unref);
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

GArray *
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

static char *
dup_form (ShuSource           *source,
          const ShuSuggestion *s)
{
  g_autofree char *text = shu_source_dup_range (source, s->start, s->end);

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

  form = dup_form (source, like);
  out = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  for (guint i = 0; i < found->len; i++)
    {
      const ShuSuggestion *s = &g_array_index (found, ShuSuggestion, i);
      g_autofree char *other = NULL;

      if (g_strcmp0 (s->label_id, like->label_id) != 0)
        continue;
      other = dup_form (source, s);
      if (strcmp (other, form) == 0)
        g_array_append_val (out, *s);
    }
  return out;
}
