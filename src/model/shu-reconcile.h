/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* Bringing one document's annotations into another, as one undoable step
 * of the target's store: how a restored journal, a reloaded sidecar and a
 * merge (shu_merge_apply()) reach the open document. Both documents
 * must be on the same text (the other one anchored on the target's source). */

/* Makes @target's labels, annotations and relations equal to @other's
 * (same ids, same content, same label order). Returns FALSE when nothing had to change. */
gboolean shu_reconcile_replace (ShuDocument  *target,
                                ShuDocument  *other,
                                const char   *description);

/* The annotations of @document, as they are in memory, placed on its text
 * as it is on disk now, on top of the annotations of @saved (its sidecar
 * as last read or written, NULL if none) placed there too, as one
 * undoable step: what reopening would give, plus the unsaved changes. A
 * snapshot of @document is taken here; the files are read and the
 * annotations placed in a worker thread. */
void         shu_reconcile_reanchor_async  (ShuDocument          *document,
                                            GFile                *saved,
                                            GCancellable         *cancellable,
                                            GAsyncReadyCallback   callback,
                                            gpointer              user_data);
/* The new document (with @document's sidecar file and name), the report
 * of the annotations in memory that moved or could not be placed (element
 * type ShuAnchorResult), and, on failure, whether the text itself could
 * not be read. */
ShuDocument *shu_reconcile_reanchor_finish (ShuDocument          *document,
                                            GAsyncResult         *result,
                                            GPtrArray           **report,
                                            gboolean             *text_failed,
                                            GError              **error)
                                            G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
