/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-annotation.h"
#include "shu-annotation-store.h"
#include "shu-source.h"
#include "shu-suggest-found.h"
#include "shu-suggestion.h"

G_BEGIN_DECLS

/**
 * ShuSuggestForms:
 *
 * The forms learnt from annotations: the text of every one-range
 * annotation with a label, folded without niqqud, cantillation and Arabic
 * harakat (shu_search_fold() with SHU_SEARCH_IGNORE_MARKS), by label.
 * Forms of fewer than two letters are not learnt. Not thread-safe; once
 * filled, it may be read from any one thread at a time.
 */
typedef struct _ShuSuggestForms ShuSuggestForms;

ShuSuggestForms  *shu_suggest_forms_new      (void);
void              shu_suggest_forms_free     (ShuSuggestForms *forms);
/* Learns the forms of @annotations (ShuAnnotation) on @source; with
 * @label_id only those of that label. */
void              shu_suggest_forms_learn    (ShuSuggestForms *forms,
                                              ShuSource       *source,
                                              GPtrArray       *annotations,
                                              const char      *label_id);
guint             shu_suggest_forms_get_size (ShuSuggestForms *forms);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuSuggestForms, shu_suggest_forms_free)

/**
 * shu_suggest_find:
 * @source: the text
 * @forms: what to look for
 * @annotations: (element-type ShuAnnotation): the text's annotations; no
 *   place overlapping an annotation of the same label is suggested
 * @rejected: (element-type ShuSuggestion) (nullable): suggestions the
 *   user turned down; not offered again
 * @cancellable: (nullable)
 *
 * Every place a form stands as a whole word (or words): nothing but a
 * letter-less character or the text's edge after it, and before it either
 * the same or attached prefix letters: in Hebrew up to three of ו ה ב כ ל
 * מ ש, in Arabic a conjunction و or ف, then a preposition ب ك or ل, then
 * the article ال (ل with ال written لل). Marks are ignored when comparing
 * and stay with their letters; the span is the form only.
 *
 * Returns: (transfer full) (element-type ShuSuggestion): sorted by
 *   shu_suggestion_compare(), or NULL when cancelled
 */
GArray           *shu_suggest_find           (ShuSource       *source,
                                              ShuSuggestForms *forms,
                                              GPtrArray       *annotations,
                                              GArray          *rejected,
                                              GCancellable    *cancellable);

/* Learns from @annotations (with @label_id only, when given), finds in
 * the same text and counts what it found: what a window shows. Any
 * thread. Returns: (transfer full) (nullable): NULL when cancelled. */
ShuSuggestFound  *shu_suggest_learn_and_find (ShuSource           *source,
                                              GPtrArray           *annotations,
                                              GArray              *rejected,
                                              const char          *label_id,
                                              GCancellable        *cancellable);

/* shu_suggest_learn_and_find() in a thread. @annotations and @rejected
 * are snapshots the task keeps (shu_annotation_store_dup_annotations()). */
void              shu_suggest_find_async     (ShuSource           *source,
                                              GPtrArray           *annotations,
                                              GArray              *rejected,
                                              const char          *label_id,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
ShuSuggestFound  *shu_suggest_find_finish    (GAsyncResult        *result,
                                              GError             **error);

/* Makes @n_suggestions annotations of @creator (nullable) from
 * @suggestions, each marked as accepted from a suggestion
 * (shu_annotation_get_suggested()), in one undoable step named
 * @description. Returns how many were added. */
guint             shu_suggest_accept         (ShuAnnotationStore  *store,
                                              const ShuSuggestion *suggestions,
                                              guint                n_suggestions,
                                              const char          *creator,
                                              const char          *description);

/* The suggestions of @found (sorted) with @label_id, in order: for
 * "accept all of a label". (transfer full) */
GArray           *shu_suggest_filter_label   (GArray              *found,
                                              const char          *label_id);
/* The suggestions of @found with the label of @like and the same form
 * (their text folded as forms are, so pointed and unpointed alike), in
 * order: for "accept all of this form". (transfer full) */
GArray           *shu_suggest_filter_form    (ShuSource           *source,
                                              GArray              *found,
                                              const ShuSuggestion *like);

/* The form of @suggestion: its text folded as forms are (without marks),
 * so that pointed and unpointed places compare equal. (transfer full) */
char             *shu_suggest_dup_form       (ShuSource           *source,
                                              const ShuSuggestion *suggestion);

/* Whether the letters @letters (@n of them, without marks) are prefixes
 * a form may carry, as described at shu_suggest_find(). */
gboolean          shu_suggest_is_prefix      (const gunichar      *letters,
                                              guint                n);

G_END_DECLS
