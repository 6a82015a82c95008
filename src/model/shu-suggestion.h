/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Apart from shu-suggest.h so that the annotation store, which keeps the
 * rejected ones, needs nothing else of suggestions (shu-suggest.h needs
 * the store). */

/**
 * ShuSuggestion:
 * @start, @end: the suggested span in code points of the text: the form
 *   only, without the prefix letters in front of it
 * @label_id: the label it is suggested with, from
 *   shu_suggestion_intern_label(): one pointer for each id
 *
 * Also the key of a rejected suggestion (see #ShuDocument's rejections).
 */
typedef struct
{
  guint       start;
  guint       end;
  const char *label_id;
} ShuSuggestion;

/* The one copy of @label_id that suggestions (and rejections) hold,
 * compared by pointer; thread-safe. Kept for the life of the process. */
const char *shu_suggestion_intern_label (const char *label_id);

/* Sort order of suggestions: (start, end, label id). */
static inline int
shu_suggestion_compare (const ShuSuggestion *a,
                        const ShuSuggestion *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return g_strcmp0 (a->label_id, b->label_id);
}

G_END_DECLS
