/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* Merging another sidecar into an open document, the model's part of the
 * app's Merge and of its answer to a sidecar changed on disk: read the
 * other file (in a thread), find the common ancestor the two really share
 * (or none), and bring shu_merge()'s result into the document as one
 * undoable step. See docs/MERGE.md, "Merging in the app". */

/* Reads the sidecar @file and places it on @source in a thread. */
void         shu_merge_read_async        (GFile               *file,
                                          ShuSource           *source,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
/* (transfer full): the other side, or NULL with @error set. */
ShuDocument *shu_merge_read_finish       (GAsyncResult        *result,
                                          GError             **error)
  G_GNUC_WARN_UNUSED_RESULT;

/* The common ancestor of @ours and of @theirs, read from @file. Only when
 * @file is @ours' own sidecar is there one the files really share: what
 * @file held when @ours was last read from it or saved to it. Any other
 * file (a colleague's, even one that began as a copy of ours) shares no
 * history that can be proved, and the result is an empty document, which
 * makes shu_merge() a two-way merge: the union, with same-id annotations
 * that differ kept both as conflicts. (transfer full) */
ShuDocument *shu_merge_dup_base          (ShuDocument         *ours,
                                          GFile               *file)
  G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  guint added;     /* annotations @merged has and @target lacks */
  guint changed;   /* in both, different */
  guint removed;   /* annotations @target has and @merged lacks */
} ShuMergeChanges;

/* What shu_merge_apply() would do to @target's annotations. */
void         shu_merge_count_changes     (ShuDocument         *target,
                                          ShuDocument         *merged,
                                          ShuMergeChanges     *changes);

/* Makes @target hold @merged's labels and annotations, as one undoable
 * step named @description, and keeps the orphans @merged brought. When
 * @theirs (the other side of the merge) was read from @target's own
 * sidecar file, @target takes @theirs' record of that file: it has been
 * merged, so a later merge with the file starts from it, and saving may
 * write over it. */
void         shu_merge_apply             (ShuDocument         *target,
                                          ShuDocument         *merged,
                                          ShuDocument         *theirs,
                                          const char          *description);

G_END_DECLS
