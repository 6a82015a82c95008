/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"
#include "shu-format.h"
#include "shu-merge-apply.h"

G_BEGIN_DECLS

/* Bringing other people's annotations into an open document, the model's
 * part of the app's Import, conflict resolution and orphans (the merge is
 * in shu-merge-apply.h). Each change is one undoable step of the store. */

/* Reads @file in @format in a thread and places it on @source, leniently,
 * offsets in code points; labels are looked up in a copy of @labels and
 * added to it, so @labels itself is left alone. */
void         shu_sharing_import_read_async  (ShuFormat            format,
                                             GFile               *file,
                                             ShuSource           *source,
                                             ShuLabelSet         *labels,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
/* (transfer full): the imported document, or NULL with @error set.
 * @messages: (out) (optional) (element-type utf8): what the file held that
 * was left out, one line each. */
ShuDocument *shu_sharing_import_read_finish (GAsyncResult        *result,
                                             GPtrArray          **messages,
                                             GError             **error)
  G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  guint added;       /* annotations now in the target */
  guint present;     /* left out: the target had one of that id */
  guint not_placed;  /* the imported document's orphans */
} ShuImportCounts;

/* Adds @imported's labels that @target lacks (or replaces those of the same
 * id that differ) and its annotations, as one undoable step named
 * @description; @counts tells what happened. */
void         shu_sharing_import_apply       (ShuDocument         *target,
                                             ShuDocument         *imported,
                                             const char          *description,
                                             ShuImportCounts     *counts);
/* What an import did, for the user: one line per count that is not zero
 * (the first always), then @messages (nullable). (transfer full) */
char        *shu_sharing_dup_import_summary (const ShuImportCounts *counts,
                                             GPtrArray            *messages)
  G_GNUC_WARN_UNUSED_RESULT;

/* What a merge with the file named @name did, for the user: @changes,
 * then the @n_conflicts left to resolve, if any. (transfer full) */
char        *shu_sharing_dup_merge_summary  (const char            *name,
                                             const ShuMergeChanges *changes,
                                             guint                  n_conflicts)
  G_GNUC_WARN_UNUSED_RESULT;

/* Resolves the conflict of annotation @id by keeping it and deleting the
 * other version it names, as one step named @description. FALSE when @id
 * is not a conflicting annotation of @document. */
gboolean     shu_sharing_keep_version       (ShuDocument         *document,
                                             const char          *id,
                                             const char          *description);

/* Attaches orphan @index (of shu_document_get_orphans()) to @range, with
 * its id, label and comments, as one step named @description; a label
 * deleted since is dropped. The store then holds the orphan's id, which
 * resolves it (undo makes it an orphan again). Fails with SHU_ERROR_NOT_FOUND
 * for an orphan that is gone, SHU_ERROR_MISMATCH when an annotation of its
 * id is in the store already. */
gboolean     shu_sharing_attach_orphan      (ShuDocument         *document,
                                             guint                index,
                                             const ShuRange      *range,
                                             const char          *description,
                                             GError             **error);

G_END_DECLS
