/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-suggest-found.h"

struct _ShuSuggestFound
{
  GArray *suggestions; /* ShuSuggestion, sorted */
  guint   max_span;
  GArray *labels;      /* ShuSuggestLabelCount, by label id */
};

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  return g_strcmp0 (((const ShuSuggestLabelCount *) a)->label_id,
                    ((const ShuSuggestLabelCount *) b)->label_id);
}

/* One pass over the suggestions: the longest, and each label's count and
 * first places. Label ids are interned, so a suggestion with the label
 * of the one before it (most of them, in long runs of one label's
 * places) needs no look-up. */
static void
count (ShuSuggestFound *self)
{
  g_autoptr(GHashTable) by_id = g_hash_table_new (NULL, NULL); /* id → index + 1 */
  const ShuSuggestion *suggestions = (const ShuSuggestion *) (gpointer) self->suggestions->data;
  const char *last_id = NULL;
  guint last = 0;

  for (guint i = 0; i < self->suggestions->len; i++)
    {
      const ShuSuggestion *suggestion = &suggestions[i];
      ShuSuggestLabelCount *label;

      self->max_span = MAX (self->max_span, suggestion->end - suggestion->start);
      if (suggestion->label_id != last_id || i == 0)
        {
          last = GPOINTER_TO_UINT (g_hash_table_lookup (by_id, suggestion->label_id));
          if (last == 0)
            {
              ShuSuggestLabelCount empty = { suggestion->label_id, 0, 0, { { 0 } } };

              g_array_append_val (self->labels, empty);
              last = self->labels->len;
              g_hash_table_insert (by_id, (gpointer) suggestion->label_id,
                                   GUINT_TO_POINTER (last));
            }
          last_id = suggestion->label_id;
        }
      label = &g_array_index (self->labels, ShuSuggestLabelCount, last - 1);
      if (label->n_first < SHU_SUGGEST_FOUND_FIRST)
        label->first[label->n_first++] = *suggestion;
      label->n++;
    }
  g_array_sort (self->labels, compare_labels);
}

static ShuSuggestFound *
found_alloc (void)
{
  ShuSuggestFound *self = g_atomic_rc_box_new0 (ShuSuggestFound);

  self->labels = g_array_new (FALSE, FALSE, sizeof (ShuSuggestLabelCount));
  return self;
}

ShuSuggestFound *
shu_suggest_found_new (GArray *suggestions)
{
  ShuSuggestFound *self;

  g_return_val_if_fail (suggestions != NULL, NULL);
  g_return_val_if_fail (g_array_get_element_size (suggestions) == sizeof (ShuSuggestion), NULL);

  self = found_alloc ();
  self->suggestions = suggestions;
  count (self);
  return self;
}

ShuSuggestFound *
shu_suggest_found_ref (ShuSuggestFound *found)
{
  g_return_val_if_fail (found != NULL, NULL);

  return g_atomic_rc_box_acquire (found);
}

static void
found_clear (gpointer data)
{
  ShuSuggestFound *self = data;

  g_array_unref (self->suggestions);
  g_array_unref (self->labels);
}

void
shu_suggest_found_unref (ShuSuggestFound *found)
{
  g_return_if_fail (found != NULL);

  g_atomic_rc_box_release_full (found, found_clear);
}

GArray *
shu_suggest_found_get_suggestions (ShuSuggestFound *found)
{
  g_return_val_if_fail (found != NULL, NULL);

  return found->suggestions;
}

guint
shu_suggest_found_get_length (ShuSuggestFound *found)
{
  g_return_val_if_fail (found != NULL, 0);

  return found->suggestions->len;
}

guint
shu_suggest_found_get_max_span (ShuSuggestFound *found)
{
  g_return_val_if_fail (found != NULL, 0);

  return found->max_span;
}

const ShuSuggestLabelCount *
shu_suggest_found_get_labels (ShuSuggestFound *found,
                              guint           *n_labels)
{
  g_return_val_if_fail (found != NULL, NULL);
  g_return_val_if_fail (n_labels != NULL, NULL);

  *n_labels = found->labels->len;
  return (const ShuSuggestLabelCount *) (gpointer) found->labels->data;
}

/* The index of the first suggestion starting at or after @start. */
static guint
first_from (GArray *suggestions,
            guint   start)
{
  guint low = 0, high = suggestions->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (suggestions, ShuSuggestion, middle).start < start)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

guint
shu_suggest_found_first_reaching (ShuSuggestFound *found,
                                  guint            offset)
{
  g_return_val_if_fail (found != NULL, 0);

  /* None starting before offset - max_span reaches it. */
  return first_from (found->suggestions,
                     offset > found->max_span ? offset - found->max_span : 0);
}

const ShuSuggestion *
shu_suggest_found_lookup_at (ShuSuggestFound *found,
                             guint            offset)
{
  g_return_val_if_fail (found != NULL, NULL);

  for (guint i = shu_suggest_found_first_reaching (found, offset);
       i < found->suggestions->len; i++)
    {
      const ShuSuggestion *suggestion = &g_array_index (found->suggestions, ShuSuggestion, i);

      if (suggestion->start > offset)
        break;
      if (offset <= suggestion->end)
        return suggestion;
    }
  return NULL;
}

/* Takes @removed out of @label's first places. */
static void
drop_from_first (ShuSuggestLabelCount *label,
                 const ShuSuggestion  *removed)
{
  for (guint i = 0; i < label->n_first; i++)
    if (shu_suggestion_compare (&label->first[i], removed) == 0)
      {
        memmove (&label->first[i], &label->first[i + 1],
                 (label->n_first - i - 1) * sizeof (ShuSuggestion));
        label->n_first--;
        return;
      }
}

static ShuSuggestLabelCount *
find_label (GArray     *labels,
            const char *label_id)
{
  for (guint i = 0; i < labels->len; i++)
    if (g_array_index (labels, ShuSuggestLabelCount, i).label_id == label_id)
      return &g_array_index (labels, ShuSuggestLabelCount, i);
  return NULL;
}

ShuSuggestFound *
shu_suggest_found_without (ShuSuggestFound     *found,
                           const ShuSuggestion *removed,
                           guint                n)
{
  ShuSuggestFound *self;
  ShuSuggestLabelCount *label = NULL;
  GArray *from;
  guint copied = 0;

  g_return_val_if_fail (found != NULL, NULL);
  g_return_val_if_fail (n == 0 || removed != NULL, NULL);

  from = found->suggestions;
  self = found_alloc ();
  self->max_span = found->max_span;
  self->suggestions = g_array_sized_new (FALSE, FALSE, sizeof (ShuSuggestion), from->len);
  g_array_append_vals (self->labels, found->labels->data, found->labels->len);
  /* The runs between removed ones are copied whole: accepting all of a
   * label removes thousands from millions. */
  for (guint k = 0; k < n; k++)
    {
      guint at = first_from (from, removed[k].start);

      while (at < from->len
             && shu_suggestion_compare (&g_array_index (from, ShuSuggestion, at),
                                        &removed[k]) < 0)
        at++;
      if (at < copied || at >= from->len
          || shu_suggestion_compare (&g_array_index (from, ShuSuggestion, at), &removed[k]) != 0)
        continue;
      g_array_append_vals (self->suggestions, &g_array_index (from, ShuSuggestion, copied),
                           at - copied);
      copied = at + 1;
      /* All of a label's at once, usually. */
      if (label == NULL || label->label_id != removed[k].label_id)
        label = find_label (self->labels, removed[k].label_id);
      if (label != NULL)
        {
          label->n--;
          drop_from_first (label, &removed[k]);
        }
    }
  g_array_append_vals (self->suggestions, &g_array_index (from, ShuSuggestion, copied),
                       from->len - copied);
  /* A label none of whose suggestions is left goes. */
  for (guint i = self->labels->len; i > 0; i--)
    if (g_array_index (self->labels, ShuSuggestLabelCount, i - 1).n == 0)
      g_array_remove_index (self->labels, i - 1);
  return self;
}
