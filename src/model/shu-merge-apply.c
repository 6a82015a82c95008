/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-document-loader.h"
#include "shu-merge-apply.h"
#include "shu-reconcile.h"

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ShuDocument *document;
  GError *error = NULL;

  document = shu_document_loader_load_finish (SHU_DOCUMENT_LOADER (object), result, &error);
  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

/* The document loader reads and places the file in its threads. */
void
shu_merge_read_async (GFile               *file,
                      ShuSource           *source,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(ShuDocumentLoader) loader = NULL;
  GTask *task;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (SHU_IS_SOURCE (source));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_merge_read_async);
  loader = shu_document_loader_new_for_sidecar (file);
  shu_document_loader_set_source (loader, source);
  shu_document_loader_load_async (loader, cancellable, read_done_cb, task);
}

ShuDocument *
shu_merge_read_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_merge_read_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

ShuDocument *
shu_merge_dup_base (ShuDocument *ours,
                    GFile       *file)
{
  GFile *own;
  ShuDocument *base = NULL;

  g_return_val_if_fail (SHU_IS_DOCUMENT (ours), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* Whatever another file has in common with ours (the same ids, even the
   * same annotations) does not tell which version both started from:
   * taking our last saved state for it made every annotation the other
   * file lacked look deleted by them. */
  own = shu_document_get_sidecar_file (ours);
  if (own != NULL && g_file_equal (own, file))
    base = shu_document_dup_sidecar_base (ours);
  if (base == NULL)
    {
      g_autoptr(ShuLabelSet) none = shu_label_set_new ();

      base = shu_document_new (shu_document_get_source (ours), none);
    }
  return base;
}

void
shu_merge_count_changes (ShuDocument     *target,
                         ShuDocument     *merged,
                         ShuMergeChanges *changes)
{
  ShuAnnotationStore *store, *merged_store;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) result = NULL;

  g_return_if_fail (SHU_IS_DOCUMENT (target));
  g_return_if_fail (SHU_IS_DOCUMENT (merged));
  g_return_if_fail (changes != NULL);

  store = shu_document_get_store (target);
  merged_store = shu_document_get_store (merged);
  mine = shu_annotation_store_dup_annotations (store);
  result = shu_annotation_store_dup_annotations (merged_store);
  *changes = (ShuMergeChanges) { 0 };

  for (guint i = 0; i < result->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (result, i);
      ShuAnnotation *current = shu_annotation_store_lookup (store,
                                                            shu_annotation_get_id (annotation));

      if (current == NULL)
        changes->added++;
      else if (!shu_annotation_equal (current, annotation))
        changes->changed++;
    }
  for (guint i = 0; i < mine->len; i++)
    if (shu_annotation_store_lookup (merged_store,
                                     shu_annotation_get_id (g_ptr_array_index (mine, i))) == NULL)
      changes->removed++;
}

/* The orphans @from has and @to lacks (by id). Orphans are kept beside
 * the store, outside its undo history. */
static void
add_new_orphans (ShuDocument *to,
                 ShuDocument *from)
{
  GPtrArray *orphans = shu_document_get_orphans (from);
  GPtrArray *present = shu_document_get_orphans (to);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < present->len; i++)
    g_hash_table_add (have, g_strdup (((ShuAnchorResult *) g_ptr_array_index (present, i))->id));

  for (guint i = 0; i < orphans->len; i++)
    {
      const ShuAnchorResult *result = g_ptr_array_index (orphans, i);
      ShuAnnotation *annotation = shu_document_get_orphan_annotation (from, i);
      g_autoptr(GStrvBuilder) builder = NULL;
      g_auto(GStrv) quotes = NULL;

      if (g_hash_table_contains (have, result->id))
        continue;
      builder = g_strv_builder_new ();
      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          const char *prefix, *exact, *suffix;

          shu_document_get_orphan_quote (from, i, r, &prefix, &exact, &suffix);
          g_strv_builder_add_many (builder, prefix, exact, suffix, NULL);
        }
      quotes = g_strv_builder_end (builder);
      shu_document_add_orphan (to, annotation, (const char * const *) quotes, result);
    }
}

void
shu_merge_apply (ShuDocument *target,
                 ShuDocument *merged,
                 ShuDocument *theirs,
                 const char  *description)
{
  GFile *own, *theirs_file;

  g_return_if_fail (SHU_IS_DOCUMENT (target));
  g_return_if_fail (SHU_IS_DOCUMENT (merged));
  g_return_if_fail (SHU_IS_DOCUMENT (theirs));

  /* The rejections it brings are part of the merge's one undoable step. */
  shu_annotation_store_begin_group (shu_document_get_store (target), description);
  shu_reconcile_replace (target, merged, description);
  add_new_orphans (target, merged);
  {
    GArray *rejected = shu_document_get_rejected (merged);

    for (guint i = 0; i < rejected->len; i++)
      shu_document_reject (target, g_array_index (rejected, ShuSuggestion, i).start,
                           g_array_index (rejected, ShuSuggestion, i).end,
                           g_array_index (rejected, ShuSuggestion, i).label_id);
  }
  shu_annotation_store_end_group (shu_document_get_store (target));

  {
    GPtrArray *statuses = shu_document_get_statuses (merged);

    for (guint i = 0; i < statuses->len; i++)
      {
        const ShuStatusRecord *record = g_ptr_array_index (statuses, i);

        /* Saved in the sidecar: Save is offered for it. */
        if (shu_document_restore_status (target, record->annotator, record->status,
                                         record->modified))
          shu_annotation_store_mark_unsaved (shu_document_get_store (target));
      }
  }

  own = shu_document_get_sidecar_file (target);
  theirs_file = shu_document_get_sidecar_file (theirs);
  if (own != NULL && theirs_file != NULL && g_file_equal (own, theirs_file))
    shu_document_copy_sidecar_state (target, theirs);
}
