/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* The "shu:conflict" value of a version whose other side deleted it. */
#define SHU_MERGE_DELETED "deleted"

/**
 * shu_merge:
 * @base: the common ancestor
 * @ours: (transfer none): our version; the result keeps its metadata
 * @theirs: their version
 * @messages: (out) (optional) (element-type utf8): one line per conflict
 *   and per noteworthy decision
 * @n_conflicts: (out) (optional): how many conflicts were left to resolve
 *
 * Three-way merge of three documents on the same text (anchor them all on
 * @ours' source first), annotation by annotation and label by label, by id:
 *
 * - added on one side: kept; added on both with the same content: once;
 * - deleted on one side and unchanged on the other: deleted;
 * - changed on one side only: that change;
 * - changed on both sides the same way (dates aside): that change;
 * - changed differently on both sides: both versions are kept, theirs
 *   under a new id, and each is marked with the other's id
 *   (shu_annotation_get_conflict(), "shu:conflict" in the sidecar);
 * - deleted on one side and changed on the other: the changed version is
 *   kept, marked SHU_MERGE_DELETED;
 * - labels likewise: a label changed differently on both sides (renamed,
 *   recoloured) keeps ours and counts as a conflict; two new labels with
 *   the same name become one; a label one side deleted stays when the
 *   merged annotations still use it.
 *
 * Orphans of @ours are kept, and those of @theirs not already present.
 *
 * Returns: (transfer full): the merged document
 */
ShuDocument *shu_merge (ShuDocument  *base,
                        ShuDocument  *ours,
                        ShuDocument  *theirs,
                        GPtrArray   **messages,
                        guint        *n_conflicts);

G_END_DECLS
