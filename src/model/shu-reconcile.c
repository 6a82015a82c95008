/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "shu-reconcile.h"
#include "shu-sidecar.h"

/* Adds @other's labels that @target lacks (by id), at the end, unless their
 * name is taken. */
static gboolean
add_missing_labels (ShuAnnotationStore *store,
                    ShuLabelSet        *other_labels)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (other_labels));
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (other_labels), i);

      if (shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                shu_label_get_id (label)) == NULL)
        changed |= shu_annotation_store_add_label (store, label, -1);
    }
  return changed;
}

/* After the annotations, so that every relation's ends are there. */
static gboolean
reconcile_relations (ShuAnnotationStore *store,
                     ShuAnnotationStore *other_store)
{
  g_autoptr(GPtrArray) mine = shu_annotation_store_dup_relations (store);
  g_autoptr(GPtrArray) theirs = shu_annotation_store_dup_relations (other_store);
  gboolean changed = FALSE;

  for (guint i = 0; i < mine->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (mine, i);
      const char *id = shu_relation_get_id (relation);
      ShuRelation *want = shu_annotation_store_lookup_relation (other_store, id);

      /* Removing one may have taken others that named it. */
      if (shu_annotation_store_lookup_relation (store, id) == NULL)
        continue;
      if (want == NULL)
        changed |= shu_annotation_store_remove_relation (store, id, NULL);
      else if (!shu_relation_equal (relation, want))
        changed |= shu_annotation_store_replace_relation (store, want, NULL);
    }
  /* In id order; a relation naming one not added yet is added later. */
  for (guint i = 0; i < theirs->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (theirs, i);

      if (shu_annotation_store_lookup_relation (store, shu_relation_get_id (relation)) == NULL)
        changed |= shu_annotation_store_add_relation (store, relation, NULL);
      else if (!shu_relation_equal (shu_annotation_store_lookup_relation
                                      (store, shu_relation_get_id (relation)), relation))
        changed |= shu_annotation_store_replace_relation (store, relation, NULL);
    }
  return changed;
}

gboolean
shu_reconcile_replace (ShuDocument *target,
                       ShuDocument *other,
                       const char  *description)
{
  ShuAnnotationStore *store, *other_store;
  ShuLabelSet *other_labels;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GPtrArray) stale_labels = NULL;
  guint n_labels;
  gboolean changed = FALSE;

  g_return_val_if_fail (SHU_IS_DOCUMENT (target), FALSE);
  g_return_val_if_fail (SHU_IS_DOCUMENT (other), FALSE);

  store = shu_document_get_store (target);
  other_store = shu_document_get_store (other);
  other_labels = shu_annotation_store_get_labels (other_store);
  mine = shu_annotation_store_dup_annotations (store);
  theirs = shu_annotation_store_dup_annotations (other_store);

  shu_annotation_store_begin_group (store, description);

  /* Labels first, so that every annotation's label exists when it is put
   * in; labels that go away are removed last, once no annotation that
   * stays carries them. */
  /* The store may make a new label set at each change: it is looked up
   * again every time, never kept. */
  changed |= add_missing_labels (store, other_labels);
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (other_labels));
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (other_labels), i);
      ShuLabel *current = shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                                 shu_label_get_id (label));

      if (current != NULL && !shu_label_equal (current, label))
        changed |= shu_annotation_store_replace_label (store, label);
      if (current != NULL
          && shu_label_set_index_of (shu_annotation_store_get_labels (store),
                                     shu_label_get_id (label)) != (int) i)
        changed |= shu_annotation_store_move_label (store, shu_label_get_id (label), i);
    }

  wanted = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < theirs->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (theirs, i);

      g_hash_table_insert (wanted, (gpointer) shu_annotation_get_id (annotation), annotation);
    }
  for (guint i = 0; i < mine->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (mine, i);
      ShuAnnotation *want = g_hash_table_lookup (wanted, shu_annotation_get_id (annotation));

      if (want == NULL)
        changed |= shu_annotation_store_remove (store, shu_annotation_get_id (annotation), NULL);
      else if (!shu_annotation_equal (annotation, want))
        changed |= shu_annotation_store_replace (store, want, NULL);
    }
  for (guint i = 0; i < theirs->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (theirs, i);

      if (shu_annotation_store_lookup (store, shu_annotation_get_id (annotation)) == NULL)
        changed |= shu_annotation_store_add (store, annotation, NULL);
    }

  changed |= reconcile_relations (store, other_store);

  stale_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0;
       i < g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (store)));
       i++)
    {
      g_autoptr(ShuLabel) label =
        g_list_model_get_item (G_LIST_MODEL (shu_annotation_store_get_labels (store)), i);

      if (shu_label_set_lookup (other_labels, shu_label_get_id (label)) == NULL)
        g_ptr_array_add (stale_labels, g_strdup (shu_label_get_id (label)));
    }
  for (guint i = 0; i < stale_labels->len; i++)
    changed |= shu_annotation_store_remove_label (store, g_ptr_array_index (stale_labels, i));

  shu_annotation_store_end_group (store);
  return changed;
}

typedef struct
{
  GFile       *text;
  ShuEncoding  encoding;
  GBytes      *bytes;      /* the annotations as they are in memory */
  GFile       *saved;      /* the sidecar as saved, or NULL */

  /* Results, from the worker thread */
  ShuSource   *source;
  ShuDocument *moved;
  ShuDocument *base;
  GPtrArray   *report;
  gboolean     text_failed;
} Reanchor;

static void
reanchor_free (Reanchor *job)
{
  g_clear_object (&job->text);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_object (&job->saved);
  g_clear_object (&job->source);
  g_clear_object (&job->moved);
  g_clear_object (&job->base);
  g_clear_pointer (&job->report, g_ptr_array_unref);
  g_free (job);
}

/* Reads the new text and places on it the annotations in memory and, as
 * the base they go on top of, the ones saved. */
static void
reanchor_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Reanchor *job = task_data;
  g_autoptr(ShuSidecar) current = NULL;
  GError *error = NULL;

  job->source = shu_source_new_from_file (job->text, job->encoding, cancellable, &error);
  if (job->source == NULL)
    {
      job->text_failed = TRUE;
      g_task_return_error (task, error);
      return;
    }

  current = shu_sidecar_parse (job->bytes, "memory", &error);
  if (current != NULL)
    job->moved = shu_sidecar_anchor (current, job->source, &job->report, &error);
  if (job->moved == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->saved != NULL)
    {
      g_autoptr(ShuSidecar) saved = shu_sidecar_load (job->saved, cancellable, NULL);

      if (saved != NULL)
        job->base = shu_sidecar_anchor (saved, job->source, NULL, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

void
shu_reconcile_reanchor_async (ShuDocument         *document,
                              GFile               *saved,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  ShuSource *source;
  g_autoptr(GTask) task = NULL;
  Reanchor *job;

  g_return_if_fail (SHU_IS_DOCUMENT (document));
  g_return_if_fail (saved == NULL || G_IS_FILE (saved));

  source = shu_document_get_source (document);
  g_return_if_fail (shu_source_get_file (source) != NULL);

  job = g_new0 (Reanchor, 1);
  job->text = g_object_ref (shu_source_get_file (source));
  job->encoding = shu_source_get_encoding (source);
  job->bytes = shu_sidecar_serialize (document);
  job->saved = saved != NULL ? g_object_ref (saved) : NULL;

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_reconcile_reanchor_async);
  g_task_set_task_data (task, job, (GDestroyNotify) reanchor_free);
  g_task_run_in_thread (task, reanchor_thread);
}

ShuDocument *
shu_reconcile_reanchor_finish (ShuDocument   *document,
                               GAsyncResult  *result,
                               GPtrArray    **report,
                               gboolean      *text_failed,
                               GError       **error)
{
  Reanchor *job;
  ShuDocument *base;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (g_task_is_valid (result, document), NULL);

  job = g_task_get_task_data (G_TASK (result));
  if (text_failed != NULL)
    *text_failed = job->text_failed;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;

  /* The base is the document as saved, placed on the new text; the
   * annotations as they are in memory go on top of it. */
  base = job->base != NULL ? g_object_ref (job->base)
                           : shu_document_new (job->source, shu_annotation_store_get_labels (
                                                 shu_document_get_store (document)));
  shu_document_set_sidecar_file (base, shu_document_get_sidecar_file (document));
  shu_document_set_source_name (base, shu_document_get_source_name (document));
  shu_reconcile_replace (base, job->moved, _("Re-anchor Annotations"));
  if (report != NULL)
    *report = g_ptr_array_ref (job->report);
  return base;
}
