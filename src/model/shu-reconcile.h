/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* Bringing one document's annotations into another, as one undoable step
 * of the target's store: how a restored journal, a reloaded sidecar and a
 * simple merge with a changed file reach the open document. Both documents
 * must be on the same text (the other one anchored on the target's source). */

/* Makes @target's labels and annotations equal to @other's (same ids, same
 * content, same label order). Returns FALSE when nothing had to change. */
gboolean shu_reconcile_replace (ShuDocument  *target,
                                ShuDocument  *other,
                                const char   *description);

/**
 * shu_reconcile_union:
 * @conflicts: (out) (optional) (element-type utf8): the ids present in both
 *   with different content; @target's version is kept for them
 *
 * A two-way union by id: the labels and annotations of @other that @target
 * lacks are added; nothing of @target is removed or changed. Returns the
 * number of annotations added.
 */
guint    shu_reconcile_union   (ShuDocument  *target,
                                ShuDocument  *other,
                                const char   *description,
                                GPtrArray   **conflicts);

G_END_DECLS
