/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-project.h"
#include "shu-suggest.h"

G_BEGIN_DECLS

/**
 * ShuSuggestHits:
 * @document: the project's document
 * @suggestions: (element-type ShuSuggestion): in that document, with its
 *   own label ids, sorted
 */
typedef struct
{
  ShuProjectDocument *document;
  GArray             *suggestions;
} ShuSuggestHits;

void        shu_suggest_hits_free        (ShuSuggestHits *hits);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuSuggestHits, shu_suggest_hits_free)

/* Called with the share of the work done, 0 to 1. */
typedef void (*ShuSuggestProgress) (double   fraction,
                                    gpointer user_data);

/**
 * shu_suggest_project:
 * @project: a scanned project
 * @label_id: (nullable): a project label id: only its forms
 * @progress: (nullable): called from the thread running this
 *
 * Suggestions across a project: the forms of every readable document,
 * by project label (a document's label mapped onto the code book, see
 * shu_project_document_map_label_id()), found in every document, whose
 * own rejections and annotations apply (shu_suggest_find()). A form is
 * suggested in a document only with a label that document has.
 *
 * Returns: (transfer full) (element-type ShuSuggestHits): one per readable
 *   document in the project's order, or NULL when cancelled
 */
GPtrArray  *shu_suggest_project          (ShuProject          *project,
                                          const char          *label_id,
                                          GCancellable        *cancellable,
                                          ShuSuggestProgress   progress,
                                          gpointer             user_data);

/* The same in a worker thread; @progress is called on the caller's
 * thread-default main context. */
void        shu_suggest_project_async    (ShuProject          *project,
                                          const char          *label_id,
                                          GCancellable        *cancellable,
                                          ShuSuggestProgress   progress,
                                          gpointer             progress_data,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
GPtrArray  *shu_suggest_project_finish   (ShuProject          *project,
                                          GAsyncResult        *result,
                                          GError             **error);

/**
 * ShuSuggestFormGroup:
 * @label_id: the project's label id (interned)
 * @form: the form, folded (shu_suggest_dup_form())
 * @text: the form as it stands at its first place
 * @n: its places in all documents
 * @documents: (element-type ShuProjectDocument): where it stands, in the
 *   project's order
 * @counts: (element-type guint): its places in each of @documents
 */
typedef struct
{
  const char *label_id;
  char       *form;
  char       *text;
  guint       n;
  GPtrArray  *documents;
  GArray     *counts;
} ShuSuggestFormGroup;

void        shu_suggest_form_group_free  (ShuSuggestFormGroup *group);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuSuggestFormGroup, shu_suggest_form_group_free)

/* The suggestions of @hits (shu_suggest_project()) by project label (by
 * id) and form (most places first, then by form), for listing.
 * (transfer full) (element-type ShuSuggestFormGroup) */
GPtrArray  *shu_suggest_project_group    (GPtrArray           *hits);
/* The suggestions of @hits with project label @label_id and, when @form
 * (folded) is given, that form: one ShuSuggestHits per document that has
 * any, in order, for accepting them. (transfer full) */
GPtrArray  *shu_suggest_project_select   (GPtrArray           *hits,
                                          const char          *label_id,
                                          const char          *form);

G_END_DECLS
