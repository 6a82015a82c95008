/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "shu-brat-config.h"
#include "shu-error.h"
#include "shu-merge.h"
#include "shu-sharing.h"

typedef struct
{
  ShuFormat    format;
  GFile       *file;
  ShuSource   *source;
  ShuLabelSet *labels;     /* a copy, the thread's own */
  GPtrArray   *messages;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->source);
  g_clear_object (&job->labels);
  g_clear_pointer (&job->messages, g_ptr_array_unref);
  g_free (job);
}

/* The text is immutable and the labels a copy: nothing here is shared
 * with the caller's thread. */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  ShuDocument *imported;
  GError *error = NULL;

  bytes = g_file_load_bytes (job->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The project's types and colours, from brat's annotation.conf. */
  if (job->format == SHU_FORMAT_BRAT)
    {
      g_autoptr(ShuBratConfig) config = shu_brat_config_find (job->file, cancellable, &error);

      if (error != NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      if (config != NULL)
        shu_brat_config_add_labels (config, job->labels);
    }

  /* Lenient, code points: what cannot be placed is listed in the summary. */
  name = g_file_get_basename (job->file);
  imported = shu_format_import (job->format, bytes, name, job->source, job->labels, NULL, NULL,
                                &job->messages, NULL, &error);
  if (imported == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, imported, g_object_unref);
}

void
shu_sharing_import_read_async (ShuFormat            format,
                               GFile               *file,
                               ShuSource           *source,
                               ShuLabelSet         *labels,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (shu_format_can_import (format));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (SHU_IS_SOURCE (source));
  g_return_if_fail (SHU_IS_LABEL_SET (labels));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_sharing_import_read_async);
  job = g_new0 (ImportJob, 1);
  job->format = format;
  job->file = g_object_ref (file);
  job->source = g_object_ref (source);
  job->labels = shu_label_set_copy (labels);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

ShuDocument *
shu_sharing_import_read_finish (GAsyncResult  *result,
                                GPtrArray    **messages,
                                GError       **error)
{
  ImportJob *job;
  ShuDocument *imported;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_sharing_import_read_async, NULL);

  imported = g_task_propagate_pointer (G_TASK (result), error);
  job = g_task_get_task_data (G_TASK (result));
  if (imported != NULL && messages != NULL)
    *messages = job->messages != NULL ? g_ptr_array_ref (job->messages) : NULL;
  return imported;
}

/* Adds @other's labels that ours lacks (by id); the caller groups. */
static void
add_missing_labels (ShuAnnotationStore *store,
                    ShuDocument        *other)
{
  ShuLabelSet *ours = shu_annotation_store_get_labels (store);
  ShuLabelSet *theirs = shu_annotation_store_get_labels (shu_document_get_store (other));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (theirs));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (theirs), i);
      ShuLabel *mine = shu_label_set_lookup (ours, shu_label_get_id (label));

      if (mine == NULL)
        shu_annotation_store_add_label (store, label, -1);
      else if (!shu_label_equal (mine, label))
        shu_annotation_store_replace_label (store, label);
    }
}

void
shu_sharing_import_apply (ShuDocument     *target,
                          ShuDocument     *imported,
                          const char      *description,
                          ShuImportCounts *counts)
{
  ShuAnnotationStore *store;
  g_autoptr(GPtrArray) annotations = NULL;

  g_return_if_fail (SHU_IS_DOCUMENT (target));
  g_return_if_fail (SHU_IS_DOCUMENT (imported));
  g_return_if_fail (counts != NULL);

  *counts = (ShuImportCounts) { 0 };
  store = shu_document_get_store (target);
  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (imported));

  shu_annotation_store_begin_group (store, description);
  add_missing_labels (store, imported);
  for (guint i = 0; i < annotations->len; i++)
    {
      if (shu_annotation_store_add (store, g_ptr_array_index (annotations, i), NULL))
        counts->added++;
      else
        counts->present++;
    }
  /* brat's relations, events and equivalences come with their spans. */
  {
    g_autoptr(GPtrArray) relations =
      shu_annotation_store_dup_relations (shu_document_get_store (imported));

    for (guint i = 0; i < relations->len; i++)
      shu_annotation_store_add_relation (store, g_ptr_array_index (relations, i), NULL);
  }
  shu_annotation_store_end_group (store);
  counts->not_placed = shu_document_get_orphans (imported)->len;
}

char *
shu_sharing_dup_merge_summary (const char            *name,
                               const ShuMergeChanges *changes,
                               guint                  n_conflicts)
{
  g_autofree char *message = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (changes != NULL, NULL);

  message = g_strdup_printf (_("Merged “%s”: %u added, %u changed, %u removed"), name,
                             changes->added, changes->changed, changes->removed);
  if (n_conflicts > 0)
    {
      /* The conflicts are counted apart, with their own plural. */
      g_autofree char *conflicts = g_strdup_printf (ngettext ("%u conflict to resolve",
                                                              "%u conflicts to resolve",
                                                              n_conflicts),
                                                    n_conflicts);
      g_autofree char *merged = g_steal_pointer (&message);

      /* Translators: what was merged, then how many conflicts are left:
       * “Merged “x”: 2 added, 0 changed, 1 removed; 3 conflicts to resolve”. */
      message = g_strdup_printf (_("%1$s; %2$s"), merged, conflicts);
    }
  return g_steal_pointer (&message);
}

char *
shu_sharing_dup_import_summary (const ShuImportCounts *counts,
                                GPtrArray             *messages)
{
  g_autoptr(GString) text = g_string_new (NULL);

  g_return_val_if_fail (counts != NULL, NULL);

  g_string_append_printf (text, ngettext ("%u annotation imported.", "%u annotations imported.",
                                          counts->added), counts->added);
  if (counts->present > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u was already here and was left out.",
                                              "%u were already here and were left out.",
                                              counts->present), counts->present);
    }
  if (counts->not_placed > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u could not be placed on this text.",
                                              "%u could not be placed on this text.",
                                              counts->not_placed), counts->not_placed);
    }
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (messages, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

gboolean
shu_sharing_keep_version (ShuDocument *document,
                          const char  *id,
                          const char  *description)
{
  ShuAnnotationStore *store;
  ShuAnnotation *annotation;
  g_autoptr(ShuAnnotation) kept = NULL;
  g_autofree char *other = NULL;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  store = shu_document_get_store (document);
  annotation = shu_annotation_store_lookup (store, id);
  if (annotation == NULL || shu_annotation_get_conflict (annotation) == NULL)
    return FALSE;

  other = g_strdup (shu_annotation_get_conflict (annotation));
  kept = shu_annotation_with_conflict (annotation, NULL);
  shu_annotation_store_begin_group (store, description);
  if (!g_str_equal (other, SHU_MERGE_DELETED))
    shu_annotation_store_remove (store, other, NULL);
  shu_annotation_store_replace (store, kept, NULL);
  shu_annotation_store_end_group (store);
  return TRUE;
}

gboolean
shu_sharing_attach_orphan (ShuDocument     *document,
                           guint            index,
                           const ShuRange  *range,
                           const char      *description,
                           GError         **error)
{
  ShuAnnotationStore *store;
  g_autoptr(ShuAnnotation) placed = NULL;
  const char *label_id;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (range != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (index >= shu_document_get_orphans (document)->len)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("The annotation is gone"));
      return FALSE;
    }

  store = shu_document_get_store (document);
  placed = shu_annotation_with_ranges (shu_document_get_orphan_annotation (document, index),
                                       range, 1, NULL);
  /* A label deleted since would leave the annotation pointing nowhere. */
  label_id = shu_annotation_get_label_id (placed);
  if (label_id != NULL
      && shu_label_set_lookup (shu_annotation_store_get_labels (store), label_id) == NULL)
    {
      ShuAnnotation *unlabelled = shu_annotation_with_label (placed, NULL,
                                                             shu_annotation_get_modified (placed));

      g_set_object (&placed, unlabelled);
      g_object_unref (unlabelled);
    }

  if (!shu_annotation_store_add (store, placed, description))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("An annotation with the same id is already in the text"));
      return FALSE;
    }
  return TRUE;
}
