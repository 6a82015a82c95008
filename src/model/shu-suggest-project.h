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

G_END_DECLS
