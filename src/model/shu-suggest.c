/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-search.h"
#include "shu-suggest.h"

/* Arabic prefixes are at most four letters: conjunction, preposition and
 * the article (و ب ا ل). Hebrew ones three. */
#define MAX_PREFIX 4

/* The forms that start with one word: what follows that word (folded,
 * "" for a form of one word), and the labels it was learnt under
 * (interned ids). */
typedef struct
{
  char      *rest;
  GPtrArray *labels;
} Form;

struct _ShuSuggestForms
{
  /* Folded first word -> GPtrArray of Form. The text is read word by
   * word, each word looked up once per way of reading its prefixes, so
   * finding costs one pass over the text however many forms there are
   * (searching for each form would cost a pass per form). */
  GHashTable *words;
  guint       n_forms;
};

int
shu_suggestion_compare (const ShuSuggestion *a,
                        const ShuSuggestion *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return g_strcmp0 (a->label_id, b->label_id);
}

/* Letters, digits and marks make words; so do geresh and gershayim, which
 * stand inside Hebrew abbreviations (צה״ל). */
static gboolean
is_word_char (gunichar c)
{
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

  forms->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  return forms;
}

void
shu_suggest_forms_free (ShuSuggestForms *forms)
{
  if (forms == NULL)
    return;
  g_hash_table_unref (forms->words);
  g_free (forms);
}

guint
shu_suggest_forms_get_size (ShuSuggestForms *forms)
{
  g_return_val_if_fail (forms != NULL, 0);

  return forms->n_forms;
}

static void
form_free (Form *form)
{
  g_free (form->rest);
  g_ptr_array_unref (form->labels);
  g_free (form);
}

/* @folded starts with a word of @first_len bytes. */
static void
add_form (ShuSuggestForms *forms,
          const char      *folded,
          gsize            first_len,
          const char      *label_id)
{
  g_autofree char *first = g_strndup (folded, first_len);
  const char *rest = folded + first_len;
  GPtrArray *list = g_hash_table_lookup (forms->words, first);
  Form *form = NULL;

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func ((GDestroyNotify) form_free);
      g_hash_table_insert (forms->words, g_steal_pointer (&first), list);
    }
  for (guint i = 0; i < list->len && form == NULL; i++)
    if (strcmp (((Form *) list->pdata[i])->rest, rest) == 0)
      form = list->pdata[i];
  if (form == NULL)
    {
      guint at = 0;

      form = g_new0 (Form, 1);
      form->rest = g_strdup (rest);
      form->labels = g_ptr_array_new ();
      /* Longest first: a label's longest form that stands is taken. */
      while (at < list->len && strlen (((Form *) list->pdata[at])->rest) >= strlen (rest))
        at++;
      g_ptr_array_insert (list, at, form);
    }

  for (guint i = 0; i < form->labels->len; i++)
    if (form->labels->pdata[i] == label_id)
      return;
  g_ptr_array_add (form->labels, (gpointer) label_id);
  forms->n_forms++;
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
      const char *p;

      /* A discontinuous annotation has no one form. */
      if (id == NULL || shu_annotation_get_n_ranges (annotation) != 1)
        continue;
      if (label_id != NULL && strcmp (id, label_id) != 0)
        continue;

      text = shu_source_dup_range (source, shu_annotation_get_start (annotation),
                                   shu_annotation_get_end (annotation));
      folded = g_strstrip (shu_search_fold (text, SHU_SEARCH_IGNORE_MARKS));
      if (g_utf8_strlen (folded, -1) < 2)
        continue;
      /* A form is found from its first word; one that starts with
       * something else (a quotation mark) cannot stand as a word. */
      for (p = folded; *p != '\0' && is_word_char (g_utf8_get_char (p)); p = g_utf8_next_char (p))
        ;
      if (p == folded)
        continue;
      add_form (forms, folded, p - folded, g_intern_string (id));
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
  GHashTable *seen;       /* the same, for what is already suggested */
  GArray     *found;
} Finder;

static void
offer (Finder     *finder,
       guint       start,
       guint       end,
       const char *label_id)
{
  ShuSuggestion key = { start, end, label_id };
  ShuSuggestion *copy;

  if (g_hash_table_contains (finder->rejected, &key)
      || g_hash_table_contains (finder->seen, &key)
      || is_covered (finder->covered, label_id, start, end))
    return;

  g_array_append_val (finder->found, key);
  copy = g_memdup2 (&key, sizeof key);
  g_hash_table_add (finder->seen, copy);
}

/* Whether the text from @p (code point @offset, the end of a form's first
 * word) goes on as @rest, the folded rest of the form, marks skipped, and
 * ends there as a word; *@end is then where the match ends, with the
 * marks of its last letter. */
static gboolean
match_rest (const char *p,
            guint       offset,
            const char *rest,
            guint      *end)
{
  const char *r = rest;
  gunichar c;

  while (*r != '\0')
    {
      if (*p == '\0')
        return FALSE;
      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      offset++;
      if (shu_search_is_ignorable_mark (c))
        continue;
      if (c != g_utf8_get_char (r))
        return FALSE;
      r = g_utf8_next_char (r);
    }
  while (*p != '\0' && g_unichar_ismark (g_utf8_get_char (p)))
    {
      p = g_utf8_next_char (p);
      offset++;
    }
  if (*p != '\0' && is_word_char (g_utf8_get_char (p)))
    return FALSE;
  *end = offset;
  return TRUE;
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
  g_autofree char *folded = NULL;
  guint offset = word_start;
  guint word_end;
  gsize skip = 0;
  const char *labels_done[8];
  guint n_done = 0;

  /* The first letters (marks are skipped), where each starts in the
   * folding and in the text. */
  for (const char *r = p; r < q; r = g_utf8_next_char (r), offset++)
    {
      gunichar c = g_utf8_get_char (r);

      if (shu_search_is_ignorable_mark (c))
        continue;
      if (n_letters <= MAX_PREFIX)
        {
          letter_offsets[n_letters] = offset;
          letter_bytes[n_letters] = skip;
          if (n_letters < MAX_PREFIX)
            letters[n_letters] = c;
          n_letters++;
        }
      skip += g_unichar_to_utf8 (c, NULL);
    }
  word_end = offset;

  folded = g_strndup (p, q - p);
  if (skip != (gsize) (q - p))
    {
      char *without_marks = shu_search_fold (folded, SHU_SEARCH_IGNORE_MARKS);

      g_free (folded);
      folded = without_marks;
    }

  for (guint k = 0; k <= MAX_PREFIX && k < n_letters; k++)
    {
      GPtrArray *list;

      if (k > 0 && !shu_suggest_is_prefix (letters, k))
        continue;
      list = g_hash_table_lookup (forms->words, folded + letter_bytes[k]);
      for (guint f = 0; list != NULL && f < list->len; f++)
        {
          Form *form = list->pdata[f];
          guint end = word_end;

          if (*form->rest != '\0' && !match_rest (q, word_end, form->rest, &end))
            continue;
          for (guint i = 0; i < form->labels->len; i++)
            {
              const char *label_id = form->labels->pdata[i];
              gboolean done = FALSE;

              /* The longest form of a label in this word: "הכישלון"
               * rather than "כישלון" after the article. */
              for (guint j = 0; j < n_done && !done; j++)
                done = labels_done[j] == label_id;
              if (done)
                continue;
              offer (finder, letter_offsets[k], end, label_id);
              if (n_done < G_N_ELEMENTS (labels_done))
                labels_done[n_done++] = label_id;
            }
        }
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

  if (g_hash_table_size (forms->words) == 0)
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
  finder.seen = g_hash_table_new_full (suggestion_hash, suggestion_equal, g_free, NULL);
  finder.found = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
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
  g_hash_table_unref (finder.seen);
  if (!done)
    {
      g_array_unref (finder.found);
      return NULL;
    }
  g_array_sort (finder.found, (GCompareFunc) shu_suggestion_compare);
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
