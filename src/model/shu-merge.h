/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* The "shu:conflict" value of a version whose other side deleted it. */
#define SHU_MERGE_DELETED "deleted"

/**
 * shu_merge:
 * @base: (nullable): the common ancestor, or NULL when the two files
 *   share no history (an empty document means the same)
 * @ours: (transfer none): our version; the result keeps its metadata
 * @theirs: their version
 * @messages: (out) (optional) (element-type utf8): one line per conflict
 *   and per noteworthy decision
 * @n_conflicts: (out) (optional): how many conflicts were left to resolve
 *
 * Merges documents on the same text (anchor them all on @ours' source
 * first), annotation by annotation and label by label, by id. Without a
 * base it is a two-way merge: the union of both, nothing deleted, and
 * what differs between same-id versions is a conflict. With one:
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
 * - labels field by field (name, colour, description, shortcut): a field
 *   changed on one side is taken; one that differs otherwise is a
 *   conflict: the label keeps ours and carries theirs whole in its mark
 *   (shu_label_get_conflict()). Two new labels with the same name become
 *   one (theirs' annotations move to it), marked if their values differ;
 *   a shortcut another label holds is left off and kept in the mark; a
 *   label deleted on one side and changed on the other is kept, marked
 *   deleted; one deleted on one side stays when the merged annotations
 *   still use it.
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

/**
 * shu_merge_resolve_label:
 * @store: the store holding the label
 * @label_id: a label with a conflict mark
 * @keep_other: keep the version in the mark (for a label the other side
 *   deleted: delete it; its annotations stay, unlabelled) rather than the
 *   label as it is
 * @message: (out) (optional) (transfer full): what else changed (a
 *   shortcut taken from another label), or NULL
 * @error: why not: no mark, or the other version's name is another
 *   label's
 *
 * Resolves a label conflict as one undoable step, clearing the mark.
 */
gboolean     shu_merge_resolve_label (ShuAnnotationStore  *store,
                                      const char          *label_id,
                                      gboolean             keep_other,
                                      char               **message,
                                      GError             **error);

G_END_DECLS
