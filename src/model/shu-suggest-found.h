/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "shu-suggestion.h"

G_BEGIN_DECLS

/* How many of a label's suggestions a #ShuSuggestFound keeps apart, for
 * the sidebar's rows: the text view shows them all. */
#define SHU_SUGGEST_FOUND_FIRST 10

/**
 * ShuSuggestLabelCount:
 * @label_id: interned (shu_suggestion_intern_label())
 * @n: how many suggestions have it
 * @n_first: how many of them are in @first
 * @first: the first ones by place (at most SHU_SUGGEST_FOUND_FIRST)
 */
typedef struct
{
  const char    *label_id;
  guint          n;
  guint          n_first;
  ShuSuggestion  first[SHU_SUGGEST_FOUND_FIRST];
} ShuSuggestLabelCount;

/**
 * ShuSuggestFound:
 *
 * The suggestions found in a text, with what showing them needs: how
 * long the longest one is, and each label's count and first places.
 * A text can have millions of suggestions: walking them to count them
 * stalled the main loop 25-30 ms after every edit (5 MB + 50k), so they
 * are counted where they are found, in a thread. Immutable and
 * reference counted: any thread may read it.
 */
typedef struct _ShuSuggestFound ShuSuggestFound;

/* Takes @suggestions (ShuSuggestion, sorted by shu_suggestion_compare()
 * and without duplicates) and counts them. Any thread. */
ShuSuggestFound       *shu_suggest_found_new             (GArray               *suggestions);
ShuSuggestFound       *shu_suggest_found_ref             (ShuSuggestFound      *found);
void                   shu_suggest_found_unref           (ShuSuggestFound      *found);

/* (element-type ShuSuggestion) (transfer none): not to be changed. */
GArray                *shu_suggest_found_get_suggestions (ShuSuggestFound      *found);
guint                  shu_suggest_found_get_length      (ShuSuggestFound      *found);
/* The length in code points of the longest suggestion. */
guint                  shu_suggest_found_get_max_span    (ShuSuggestFound      *found);
/* The labels, in the order of their ids. (transfer none) */
const ShuSuggestLabelCount *
                       shu_suggest_found_get_labels      (ShuSuggestFound      *found,
                                                          guint                *n_labels);
/* The index of the first suggestion that can reach @offset: every one
 * before it ends before @offset (a binary search). */
guint                  shu_suggest_found_first_reaching  (ShuSuggestFound      *found,
                                                          guint                 offset);
/* The first suggestion by place with @offset in it or at its end
 * (start <= @offset <= end), or NULL. */
const ShuSuggestion   *shu_suggest_found_lookup_at       (ShuSuggestFound      *found,
                                                          guint                 offset);
/* @found without @removed (@n of them, sorted; those not in @found are
 * ignored): what a window shows at once when the user accepts or rejects
 * them, until the next search. The labels' counts drop by the removed
 * ones, and their first places lose them (they are not made up from
 * further places: the next search does). (transfer full) */
ShuSuggestFound       *shu_suggest_found_without         (ShuSuggestFound      *found,
                                                          const ShuSuggestion  *removed,
                                                          guint                 n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuSuggestFound, shu_suggest_found_unref)

G_END_DECLS
