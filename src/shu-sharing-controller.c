/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-brat-config.h"
#include "shu-agreement-window.h"
#include "shu-alert.h"
#include "shu-chooser.h"
#include "shu-compare-window.h"
#include "shu-conflicts-window.h"
#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-import-report.h"
#include "shu-merge.h"
#include "shu-merge-apply.h"
#include "shu-orphans-window.h"
#include "shu-project-exporter.h"
#include "shu-qdpx.h"
#include "shu-safe-file.h"
#include "shu-sharing.h"
#include "shu-sharing-controller.h"
#include "shu-text.h"

struct _ShuSharingController
{
  GObject      parent_instance;

  /* Borrowed: the window owns the controller. */
  GtkWindow            *window;
  ShuTextView          *text_view;

  /* Owned */
  ShuDocument          *document;      /* the window's; its store is watched */
  GListStore           *layers;        /* ShuLayer */
  GHashTable           *windows;       /* name → GtkWindow, weak */
  GCancellable         *cancellable;   /* the window's: cancelled when it closes */
  ShuFileChooser       *chooser;
  guint                 n_orphans;
};

G_DEFINE_FINAL_TYPE (ShuSharingController, shu_sharing_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_N_ORPHANS,
  N_PROPS
};

enum {
  TOAST,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The dialogs every text has; they belong to the text they were made on. */
static const char *const window_names[] = { "compare", "agreement", "orphans", "conflicts" };

static void update_state (ShuSharingController *self);

/* The window tells the user, the same way for all its parts. */
static void
toast (ShuSharingController *self,
       const char           *message)
{
  g_signal_emit (self, signals[TOAST], 0, message);
}

static void
show_error (ShuSharingController *self,
            const char           *heading,
            const GError         *error)
{
  g_signal_emit (self, signals[ERROR], 0, heading, error);
}

static void
window_destroyed_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  ShuSharingController *self = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      g_hash_table_iter_remove (&iter);
}

/* Shows @dialog over the main window, remembered as @name until closed;
 * the one shown before under that name is closed. */
static void
present_window (ShuSharingController *self,
                const char           *name,
                GtkWidget            *dialog)
{
  GtkWindow *previous = g_hash_table_lookup (self->windows, name);

  if (previous != NULL)
    {
      g_object_weak_unref (G_OBJECT (previous), window_destroyed_cb, self);
      g_hash_table_remove (self->windows, name);
      gtk_window_destroy (previous);
    }

  gtk_window_set_transient_for (GTK_WINDOW (dialog), self->window);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_hash_table_insert (self->windows, g_strdup (name), dialog);
  g_object_weak_ref (G_OBJECT (dialog), window_destroyed_cb, self);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
shu_sharing_controller_get_dialog (ShuSharingController *self,
                                   const char           *which)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  return g_hash_table_lookup (self->windows, which);
}

GtkWindow *
shu_sharing_controller_get_window (ShuSharingController *self)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), NULL);
  return self->window;
}

/* A task of the controller's that keeps the window alive until it
 * finishes, as tasks of the window's own do: its callbacks look at what
 * the window shows by then. */
static GTask *
new_task (ShuSharingController *self,
          GCancellable         *cancellable,
          GAsyncReadyCallback   callback,
          gpointer              user_data,
          gpointer              source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_object_set_data_full (G_OBJECT (task), "shu-window", g_object_ref (self->window),
                          g_object_unref);
  return task;
}

/* The open document, or NULL with @task returned as the error. */
static ShuDocument *
document_or_error (ShuSharingController *self,
                   GTask                *task)
{
  ShuDocument *document = self->document;

  if (document == NULL)
    g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
  return document;
}

/* ------------------------------------------------------------------ */
/* File choosers                                                       */

/* The folder the file chooser starts in: the sidecar's. (nullable) */
static GFile *
dup_chooser_folder (ShuSharingController *self)
{
  ShuDocument *document = self->document;
  GFile *sidecar = document != NULL ? shu_document_get_sidecar_file (document) : NULL;

  return sidecar != NULL ? g_file_get_parent (sidecar) : NULL;
}

typedef void (*FileChosenFunc) (ShuSharingController *self,
                                GFile                *file,
                                guint                 kind);

typedef struct
{
  FileChosenFunc func;
  guint          kind;
} Chosen;

static void
chooser_response_cb (ShuSharingController *self,
                     int                   response,
                     ShuFileChooser       *chooser)
{
  Chosen *chosen = g_object_get_data (G_OBJECT (chooser), "shu-chosen");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = shu_file_chooser_get_file (chooser);

      if (file != NULL)
        chosen->func (self, file, chosen->kind);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
show_chooser (ShuSharingController  *self,
              const char            *title,
              GtkFileChooserAction   action,
              const char            *accept,
              const char            *filter_name,
              const char            *pattern,
              const char            *suggested_name,
              FileChosenFunc         func,
              guint                  kind)
{
  ShuFileChooser *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  Chosen *chosen = g_new (Chosen, 1);
  g_autoptr(GFile) folder = dup_chooser_folder (self);

  chooser = shu_file_chooser_new (title, self->window, action, accept);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, pattern);
  shu_file_chooser_add_filter (chooser, filter);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  shu_file_chooser_add_filter (chooser, all);
  if (suggested_name != NULL)
    shu_file_chooser_set_name (chooser, suggested_name);

  *chosen = (Chosen) { func, kind };
  g_object_set_data_full (G_OBJECT (chooser), "shu-chosen", chosen, g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);
  shu_chooser_show_in_folder (chooser, folder, self->cancellable);
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

char *
shu_sharing_controller_dup_export_name (ShuSharingController *self,
                                        ShuFormat             format)
{
  ShuDocument *document;

  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), NULL);
  g_return_val_if_fail (shu_format_can_export (format), NULL);

  document = self->document;
  return shu_format_dup_export_name (format, document != NULL
                                             ? shu_document_get_source_name (document) : NULL);
}

/* What an export writes: the file, and for brat the project's
 * configuration beside it (made from the label set on the main thread). */
typedef struct
{
  GBytes   *bytes;
  char     *annotation_conf;  /* NULL: none to write */
  char     *visual_conf;
  gboolean  config_written;   /* set by the worker thread */
  gboolean  config_kept;      /* one was there and differs: left as it is */
  char     *config_refused;   /* why none was written, or NULL */
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  g_bytes_unref (job->bytes);
  g_free (job->annotation_conf);
  g_free (job->visual_conf);
  g_free (job->config_refused);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "shu-file");
  ExportJob *job = task_data;
  const char *names[] = { "annotation.conf", "visual.conf" };
  const char *texts[] = { job->annotation_conf, job->visual_conf };
  GError *error = NULL;

  if (!shu_safe_file_write_bytes (file, job->bytes, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < G_N_ELEMENTS (names) && texts[i] != NULL; i++)
    {
      ShuBratConfigSaved saved;

      if (!shu_brat_config_save_beside (file, names[i], texts[i], &saved, cancellable, &error))
        {
          g_task_return_error (task, error);
          return;
        }
      job->config_written |= saved == SHU_BRAT_CONFIG_WRITTEN;
      job->config_kept |= saved == SHU_BRAT_CONFIG_KEPT;
    }
  g_task_return_boolean (task, TRUE);
}

void
shu_sharing_controller_export_async (ShuSharingController *self,
                                     ShuFormat             format,
                                     GFile                *file,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ShuDocument *document;
  ExportJob *job;

  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));
  g_return_if_fail (shu_format_can_export (format));
  g_return_if_fail (G_IS_FILE (file));

  task = new_task (self, NULL, callback, user_data, shu_sharing_controller_export_async);
  if ((document = document_or_error (self, task)) == NULL)
    return;

  /* Made here from the document as it is now; written in a worker
   * thread. */
  job = g_new0 (ExportJob, 1);
  job->bytes = shu_format_export (format, document, SHU_CSV_NONE);
  if (format == SHU_FORMAT_BRAT)
    {
      ShuAnnotationStore *store = shu_document_get_store (document);

      g_autoptr(GError) refused = NULL;

      job->annotation_conf = shu_brat_config_write_annotation (store, &refused);
      if (job->annotation_conf != NULL)
        job->visual_conf = shu_brat_config_write_visual (shu_annotation_store_get_labels (store),
                                                         NULL);
      else if (refused != NULL)
        job->config_refused = g_strdup (refused->message);
    }
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_object_set_data_full (G_OBJECT (task), "shu-file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, export_thread);
}

gboolean
shu_sharing_controller_export_finish (ShuSharingController  *self,
                                      GAsyncResult          *result,
                                      GError               **error)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_sharing_controller_export_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* An export chosen in the menu: where it goes, and what the format has
 * no place for (REFI-QDA's, one line each), said once it is written. */
typedef struct
{
  GFile     *file;
  GPtrArray *left_out;
} Export;

static void
export_free (Export *export)
{
  g_object_unref (export->file);
  g_clear_pointer (&export->left_out, g_ptr_array_unref);
  g_free (export);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);
  Export *export = user_data;
  g_autoptr(GError) error = NULL;

  if (!shu_sharing_controller_export_finish (self, result, &error))
    show_error (self, _("Could Not Export the Annotations"), error);
  else
    {
      ExportJob *job = g_task_get_task_data (G_TASK (result));
      g_autofree char *name = g_file_get_basename (export->file);
      g_autofree char *message = NULL;

      /* brat's configuration beside the file: said when written, and when
       * the folder's own was kept instead. */
      if (job->config_refused != NULL)
        message = g_strdup_printf (_("Exported to “%s”, without brat’s configuration"), name);
      else if (job->config_kept)
        message = g_strdup_printf (_("Exported to “%s”; the folder’s brat configuration was "
                                     "left as it is"), name);
      else if (job->config_written)
        message = g_strdup_printf (_("Exported to “%s”, with annotation.conf"), name);
      else
        message = g_strdup_printf (_("Exported to “%s”"), name);
      toast (self, message);
      /* Nothing is lost in silence. */
      if (job->config_refused != NULL)
        {
          ShuAlert *alert = shu_alert_new (_("brat’s Configuration Was Not Written"),
                                           job->config_refused);

          shu_alert_add_response (alert, "close", _("_Close"));
          shu_alert_present (alert, self->window);
        }
      shu_project_exporter_show_left_out (self->window, export->left_out);
    }
  export_free (export);
}

static void
export_chosen (ShuSharingController *self,
               GFile                *file,
               guint                 format)
{
  ShuDocument *document = self->document;
  Export *export = g_new0 (Export, 1);

  export->file = g_object_ref (file);
  if (format == SHU_FORMAT_QDPX && document != NULL)
    {
      const char *name = shu_document_get_source_name (document);

      export->left_out = shu_qdpx_dup_left_out (document, name != NULL ? name : "");
    }
  shu_sharing_controller_export_async (self, format, file, export_done_cb, export);
}

/* ------------------------------------------------------------------ */
/* Import                                                              */

/* What an import gives: the summary (the counts, then the messages, one a
 * line) for finish(), and its parts for the report window. */
typedef struct
{
  char      *summary;
  char      *counts;
  GPtrArray *messages;
} ImportOutcome;

static void
import_outcome_free (ImportOutcome *outcome)
{
  g_free (outcome->summary);
  g_free (outcome->counts);
  g_clear_pointer (&outcome->messages, g_ptr_array_unref);
  g_free (outcome);
}

static void
import_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ShuSharingController *self = g_task_get_source_object (task);
  g_autoptr(ShuDocument) imported = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  ShuImportCounts counts;
  GError *error = NULL;

  imported = shu_sharing_import_read_finish (result, &messages, &error);
  if (imported == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Placed on the text that was open: not for another one opened since. */
  if (self->document != g_task_get_task_data (task))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Another text was opened meanwhile");
      return;
    }

  shu_sharing_import_apply (self->document, imported, _("Import Annotations"), &counts);
  {
    ImportOutcome *outcome = g_new0 (ImportOutcome, 1);

    outcome->summary = shu_sharing_dup_import_summary (&counts, messages);
    outcome->counts = shu_sharing_dup_import_summary (&counts, NULL);
    outcome->messages = messages != NULL ? g_ptr_array_ref (messages) : NULL;
    g_task_return_pointer (task, outcome, (GDestroyNotify) import_outcome_free);
  }
}

void
shu_sharing_controller_import_async (ShuSharingController *self,
                                     ShuFormat             format,
                                     GFile                *file,
                                     GAsyncReadyCallback   callback,
                                     gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  ShuDocument *document;

  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));
  g_return_if_fail (shu_format_can_import (format));
  g_return_if_fail (G_IS_FILE (file));

  task = new_task (self, self->cancellable, callback, user_data,
                   shu_sharing_controller_import_async);
  if ((document = document_or_error (self, task)) == NULL)
    return;

  g_task_set_task_data (task, g_object_ref (document), g_object_unref);
  shu_sharing_import_read_async (format, file, shu_document_get_source (document),
                                 shu_annotation_store_get_labels (shu_document_get_store
                                                                  (document)),
                                 self->cancellable, import_read_cb,
                                 g_steal_pointer (&task));
}

gboolean
shu_sharing_controller_import_finish (ShuSharingController  *self,
                                      GAsyncResult          *result,
                                      char                 **summary,
                                      GError               **error)
{
  ImportOutcome *outcome;

  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_sharing_controller_import_async, FALSE);

  outcome = g_task_propagate_pointer (G_TASK (result), error);
  if (outcome == NULL)
    return FALSE;
  if (summary != NULL)
    *summary = g_steal_pointer (&outcome->summary);
  import_outcome_free (outcome);
  return TRUE;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  ImportOutcome *outcome;

  g_return_if_fail (g_task_get_source_tag (G_TASK (result))
                    == shu_sharing_controller_import_async);

  outcome = g_task_propagate_pointer (G_TASK (result), &error);
  if (outcome == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Import the Annotations"), error);
    }
  else if (strchr (outcome->summary, '\n') != NULL)
    {
      /* Something was left out: that deserves more than a passing toast,
       * a list the user can read, select and copy. */
      g_autofree char *name = g_file_get_basename (file);

      gtk_window_present (GTK_WINDOW (shu_import_report_new (self->window, name,
                                                             outcome->counts,
                                                             outcome->messages)));
    }
  else
    toast (self, outcome->summary);
  g_clear_pointer (&outcome, import_outcome_free);
}

static void
import_chosen (ShuSharingController *self,
               GFile                *file,
               guint                 format)
{
  shu_sharing_controller_import_async (self, format, file, import_done_cb, g_object_ref (file));
}

/* ------------------------------------------------------------------ */
/* Layers                                                              */

static ShuLayer *
first_visible_layer (ShuSharingController *self)
{
  GListModel *layers = G_LIST_MODEL (self->layers);
  g_autoptr(ShuLayer) first = g_list_model_get_item (layers, 0);

  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (layers, i);

      if (shu_layer_get_visible (layer))
        return g_steal_pointer (&layer);
    }
  return g_steal_pointer (&first);
}

static void
layer_visible_cb (ShuLayer             *layer,
                  GParamSpec           *pspec,
                  ShuSharingController *self)
{
  shu_text_view_set_layer_visible (self->text_view, shu_layer_get_id (layer),
                                   shu_layer_get_visible (layer));
}

GListModel *
shu_sharing_controller_get_layers (ShuSharingController *self)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), NULL);
  return G_LIST_MODEL (self->layers);
}

static void
layer_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShuDocumentLoader *loader = SHU_DOCUMENT_LOADER (object);
  g_autoptr(GTask) task = user_data;
  ShuSharingController *self = g_task_get_source_object (task);
  ShuDocument *shown = self->document;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuLayer) layer = NULL;
  GError *error = NULL;

  document = shu_document_loader_load_finish (loader, result, &error);
  if (document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Placed on the text that was open: not for another one opened since. */
  if (shown == NULL || shu_document_get_source (shown) != g_task_get_task_data (task))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Another text was opened meanwhile");
      return;
    }

  layer = shu_layer_new (document, shu_document_loader_get_file (loader));
  shu_text_view_add_layer (self->text_view, shu_layer_get_id (layer),
                           shu_document_get_store (document), shu_layer_get_name (layer));
  g_signal_connect_object (layer, "notify::visible", G_CALLBACK (layer_visible_cb), self, 0);
  g_list_store_append (self->layers, layer);
  update_state (self);
  g_task_return_pointer (task, g_steal_pointer (&layer), g_object_unref);
}

void
shu_sharing_controller_add_layer_async (ShuSharingController *self,
                                        GFile                *file,
                                        GAsyncReadyCallback   callback,
                                        gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ShuDocumentLoader) loader = NULL;
  ShuDocument *document;
  ShuSource *source;

  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = new_task (self, self->cancellable, callback, user_data,
                   shu_sharing_controller_add_layer_async);
  if ((document = document_or_error (self, task)) == NULL)
    return;

  /* Placed on our text, re-anchored if it was made on another version of
   * it, so that both sets of ranges compare. */
  source = shu_document_get_source (document);
  g_task_set_task_data (task, g_object_ref (source), g_object_unref);
  loader = shu_document_loader_new (file);
  shu_document_loader_set_source (loader, source);
  shu_document_loader_load_async (loader, self->cancellable, layer_loaded_cb,
                                  g_steal_pointer (&task));
}

ShuLayer *
shu_sharing_controller_add_layer_finish (ShuSharingController  *self,
                                         GAsyncResult          *result,
                                         GError               **error)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_sharing_controller_add_layer_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
shu_sharing_controller_remove_layer (ShuSharingController *self,
                                     ShuLayer             *layer)
{
  guint position;

  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));
  g_return_if_fail (SHU_IS_LAYER (layer));

  if (!g_list_store_find (self->layers, layer, &position))
    return;
  g_signal_handlers_disconnect_by_data (layer, self);
  if (self->text_view != NULL)
    shu_text_view_remove_layer (self->text_view, shu_layer_get_id (layer));
  g_list_store_remove (self->layers, position);
  update_state (self);
}

static void
layer_added_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuLayer) layer = shu_sharing_controller_add_layer_finish (self, result, &error);

  if (layer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, _("Could Not Open the Annotations"), error);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Showing the annotations of %s"),
                                                  shu_layer_get_name (layer));

      toast (self, message);
    }
}

static void
add_layer_chosen (ShuSharingController *self,
                  GFile                *file,
                  guint                 unused)
{
  shu_sharing_controller_add_layer_async (self, file, layer_added_cb, NULL);
}

/* The layer an action names: its id, or (no parameter) the first shown. */
static ShuLayer *
layer_for_action (ShuSharingController *self,
                  GVariant             *parameter)
{
  GListModel *layers = G_LIST_MODEL (self->layers);

  if (parameter == NULL)
    return first_visible_layer (self);
  for (guint i = 0; i < g_list_model_get_n_items (layers); i++)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (layers, i);

      if (g_str_equal (shu_layer_get_id (layer), g_variant_get_string (parameter, NULL)))
        return g_steal_pointer (&layer);
    }
  return NULL;
}

/* ------------------------------------------------------------------ */
/* Merge                                                               */

/* The model does the merge (shu-merge-apply.h); the controller reads the
 * other file in a thread, asks before a merge removes annotations, and
 * tells what happened. */

typedef struct
{
  ShuDocument *document;     /* ours, when the merge began */
  GFile       *file;
  ShuDocument *theirs;
  ShuDocument *merged;
  guint        n_conflicts;
  guint64      state;        /* of our store when @merged was made */
} MergeJob;

static void
merge_job_free (MergeJob *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->file);
  g_clear_object (&job->theirs);
  g_clear_object (&job->merged);
  g_free (job);
}

/* The other file's name as shown: its bidi controls visible, not obeyed
 * (a name is anyone's text). */
static char *
dup_file_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return shu_text_make_bidi_visible (name);
}

static void
merge_compute (MergeJob        *job,
               ShuMergeChanges *changes)
{
  g_autoptr(ShuDocument) base = shu_merge_dup_base (job->document, job->file);

  g_clear_object (&job->merged);
  job->merged = shu_merge (base, job->document, job->theirs, NULL, &job->n_conflicts);
  job->state = shu_annotation_store_get_state (shu_document_get_store (job->document));
  shu_merge_count_changes (job->document, job->merged, changes);
}

/* Whether the window still shows the document the merge began with. */
static gboolean
merge_still_wanted (GTask *task)
{
  ShuSharingController *self = g_task_get_source_object (task);
  MergeJob *job = g_task_get_task_data (task);

  if (self->document == job->document && !g_task_return_error_if_cancelled (task))
    return TRUE;
  if (!g_task_had_error (task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "The window shows another text now");
  return FALSE;
}

static void show_conflicts (ShuSharingController *self);

static void
merge_apply (GTask *task)
{
  ShuSharingController *self = g_task_get_source_object (task);
  MergeJob *job = g_task_get_task_data (task);
  ShuMergeChanges changes;
  g_autofree char *name = dup_file_name (job->file);
  g_autofree char *message = NULL;

  /* Asking leaves the window usable: merge what is there now. */
  if (job->state != shu_annotation_store_get_state (shu_document_get_store (job->document)))
    merge_compute (job, &changes);
  else
    shu_merge_count_changes (job->document, job->merged, &changes);

  shu_merge_apply (job->document, job->merged, job->theirs, _("Merge Annotations"));
  update_state (self);

  message = shu_sharing_dup_merge_summary (name, &changes, job->n_conflicts);
  toast (self, message);
  if (job->n_conflicts > 0)
    show_conflicts (self);
  g_task_return_boolean (task, TRUE);
}

/* The dialog went away without an answer (its window closed). */
static void
removal_dropped (gpointer data)
{
  GTask *task = data;

  g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The merge was cancelled");
  g_object_unref (task);
}

static void
removal_response_cb (ShuAlert   *dialog,
                     const char *response,
                     gpointer    user_data)
{
  GTask *task = g_object_steal_data (G_OBJECT (dialog), "shu-task");

  if (task == NULL)
    return;
  if (merge_still_wanted (task))
    {
      if (g_str_equal (response, "merge"))
        merge_apply (task);
      else
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The merge was cancelled");
    }
  g_object_unref (task);
}

/* Nothing is removed without the user's word, and the count is told. */
static void
ask_before_removing (GTask *task,
                     guint  removed)
{
  ShuSharingController *self = g_task_get_source_object (task);
  MergeJob *job = g_task_get_task_data (task);
  g_autofree char *name = dup_file_name (job->file);
  ShuAlert *dialog;

  dialog = shu_alert_new (_("Remove Annotations?"), NULL);
  /* Translators: %1$s is a file name, %2$u how many annotations the
   * merge removes. */
  shu_alert_format_body (dialog,
                         ngettext ("This merge removes %2$u annotation: “%1$s” no "
                                   "longer has it, and it was not changed here. Undo "
                                   "brings it back.",
                                   "This merge removes %2$u annotations: “%1$s” no "
                                   "longer has them, and they were not changed here. "
                                   "Undo brings them back.",
                                   removed),
                         name, removed);
  shu_alert_add_responses (dialog,
                           "cancel", _("_Cancel"),
                           "merge", _("_Merge"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "merge", ADW_RESPONSE_DESTRUCTIVE);
  shu_alert_set_default_response (dialog, "cancel");
  shu_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "shu-task", task, removal_dropped);
  g_signal_connect (dialog, "response", G_CALLBACK (removal_response_cb), NULL);
  shu_alert_present (dialog, self->window);
}

static void
merge_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ShuSharingController *self = g_task_get_source_object (task);
  MergeJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ShuMergeChanges changes;

  job->theirs = shu_merge_read_finish (result, &error);
  if (!merge_still_wanted (task))
    ;
  else if (job->theirs == NULL)
    {
      show_error (self, _("Could Not Merge the Annotations"), error);
      g_task_return_error (task, g_steal_pointer (&error));
    }
  else
    {
      merge_compute (job, &changes);
      if (changes.removed > 0)
        {
          ask_before_removing (task, changes.removed);
          return;
        }
      merge_apply (task);
    }
  g_object_unref (task);
}

void
shu_sharing_controller_merge_async (ShuSharingController *self,
                                    GFile                *file,
                                    GCancellable         *cancellable,
                                    GAsyncReadyCallback   callback,
                                    gpointer              user_data)
{
  GTask *task;
  MergeJob *job;
  ShuDocument *document;

  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = new_task (self, cancellable, callback, user_data, shu_sharing_controller_merge_async);
  if ((document = document_or_error (self, task)) == NULL)
    {
      g_object_unref (task);
      return;
    }
  job = g_new0 (MergeJob, 1);
  job->document = g_object_ref (document);
  job->file = g_object_ref (file);
  g_task_set_task_data (task, job, (GDestroyNotify) merge_job_free);
  shu_merge_read_async (file, shu_document_get_source (document), cancellable, merge_read_cb,
                        task);
}

gboolean
shu_sharing_controller_merge_finish (ShuSharingController  *self,
                                     GAsyncResult          *result,
                                     guint                 *n_conflicts,
                                     GError               **error)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_sharing_controller_merge_async, FALSE);

  if (n_conflicts != NULL)
    {
      MergeJob *job = g_task_get_task_data (G_TASK (result));

      *n_conflicts = job != NULL ? job->n_conflicts : 0;
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
merge_chosen (ShuSharingController *self,
              GFile                *file,
              guint                 unused)
{
  /* The merge tells the user itself what it did, or why it did not. */
  shu_sharing_controller_merge_async (self, file, NULL, NULL, NULL);
}

gboolean
shu_sharing_controller_keep_version (ShuSharingController *self,
                                     const char           *id)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return self->document != NULL
         && shu_sharing_keep_version (self->document, id, _("Resolve Conflict"));
}

static void
keep_cb (ShuSharingController *self,
         const char           *id,
         ShuConflictsWindow   *dialog)
{
  shu_sharing_controller_keep_version (self, id);
}

static void
discard_cb (ShuSharingController *self,
            const char           *id,
            ShuConflictsWindow   *dialog)
{
  if (self->document != NULL)
    shu_annotation_store_remove (shu_document_get_store (self->document), id,
                                 _("Resolve Conflict"));
}

static void
show_conflicts (ShuSharingController *self)
{
  GtkWidget *dialog;

  if (self->document == NULL)
    return;
  dialog = shu_conflicts_window_new (self->document);
  g_signal_connect_object (dialog, "keep", G_CALLBACK (keep_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "discard", G_CALLBACK (discard_cb), self, G_CONNECT_SWAPPED);
  present_window (self, "conflicts", dialog);
}

/* ------------------------------------------------------------------ */
/* Orphans                                                             */

gboolean
shu_sharing_controller_attach_orphan (ShuSharingController  *self,
                                      guint                  index,
                                      GError               **error)
{
  ShuDocument *document;
  ShuRange range;

  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), FALSE);

  document = self->document;
  if (document == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("The annotation is gone"));
      return FALSE;
    }
  if (index < shu_document_get_orphans (document)->len
      && !shu_text_view_get_selection (self->text_view, &range.start, &range.end))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND,
                   _("Select the words in the text the annotation belongs to first"));
      return FALSE;
    }
  if (!shu_sharing_attach_orphan (document, index, &range, _("Attach Annotation"), error))
    return FALSE;
  update_state (self);
  return TRUE;
}

void
shu_sharing_controller_delete_orphan (ShuSharingController *self,
                                      guint                 index)
{
  ShuDocument *document;

  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));

  document = self->document;
  if (document == NULL || index >= shu_document_get_orphans (document)->len)
    return;
  shu_document_remove_orphan (document, index);
  update_state (self);
}

guint
shu_sharing_controller_get_n_orphans (ShuSharingController *self)
{
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (self), 0);
  return self->n_orphans;
}

static void
orphan_attach_cb (ShuSharingController *self,
                  guint                 index,
                  ShuOrphansWindow     *dialog)
{
  g_autoptr(GError) error = NULL;

  if (!shu_sharing_controller_attach_orphan (self, index, &error))
    {
      ShuAlert *message = shu_alert_new (_("Could Not Attach the Annotation"), error->message);

      shu_alert_add_response (message, "close", _("_Close"));
      shu_alert_present (message, GTK_WINDOW (dialog));
    }
}

static void
orphan_delete_cb (ShuSharingController *self,
                  guint                 index,
                  ShuOrphansWindow     *dialog)
{
  shu_sharing_controller_delete_orphan (self, index);
  toast (self, _("Annotation deleted; saving removes it from the file"));
}

/* ------------------------------------------------------------------ */
/* Actions                                                             */

/* The window actions are named "export-" or "import-" and the format. */
static void
export_activate (ShuSharingController *self,
                 GVariant             *parameter,
                 GSimpleAction        *action)
{
  const ShuFormatInfo *info;
  g_autofree char *name = NULL;
  ShuFormat format;

  if (!shu_format_from_name (g_action_get_name (G_ACTION (action)) + strlen ("export-"),
                             &format))
    g_return_if_reached ();
  info = shu_format_get_info (format);
  name = shu_sharing_controller_dup_export_name (self, format);
  show_chooser (self, _("Export Annotations"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                _(info->title), info->export_pattern, name, export_chosen, format);
}

static void
import_activate (ShuSharingController *self,
                 GVariant             *parameter,
                 GSimpleAction        *action)
{
  const ShuFormatInfo *info;
  ShuFormat format;

  if (!shu_format_from_name (g_action_get_name (G_ACTION (action)) + strlen ("import-"),
                             &format))
    g_return_if_reached ();
  info = shu_format_get_info (format);
  show_chooser (self, _("Import Annotations"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                _(info->title), info->import_pattern, NULL, import_chosen, format);
}

static void
add_layer_activate (ShuSharingController *self,
                    GVariant             *parameter,
                    GSimpleAction        *action)
{
  show_chooser (self, _("Open Another Annotator’s Sidecar"), GTK_FILE_CHOOSER_ACTION_OPEN,
                _("_Open"), _("Annotations (JSON)"), "*.json", NULL, add_layer_chosen, 0);
}

static void
remove_layer_activate (ShuSharingController *self,
                       GVariant             *parameter,
                       GSimpleAction        *action)
{
  g_autoptr(ShuLayer) layer = layer_for_action (self, parameter);

  if (layer != NULL)
    shu_sharing_controller_remove_layer (self, layer);
}

/* win.compare compares with the first shown layer; win.compare-layer
 * with the one it names (each layer's menu in the layers bar). */
static void
compare_activate (ShuSharingController *self,
                  GVariant             *parameter,
                  GSimpleAction        *action)
{
  g_autoptr(ShuLayer) layer = layer_for_action (self, parameter);

  if (self->document == NULL || layer == NULL)
    return;
  present_window (self, "compare",
                  shu_compare_window_new (self->document, shu_layer_get_document (layer),
                                          shu_layer_get_name (layer), self->text_view));
}

static void
agreement_activate (ShuSharingController *self,
                    GVariant             *parameter,
                    GSimpleAction        *action)
{
  g_autoptr(ShuLayer) layer = layer_for_action (self, parameter);

  if (self->document == NULL || layer == NULL)
    return;
  present_window (self, "agreement",
                  shu_agreement_window_new (self->document, shu_layer_get_document (layer),
                                            shu_layer_get_name (layer)));
}

static void
merge_activate (ShuSharingController *self,
                GVariant             *parameter,
                GSimpleAction        *action)
{
  show_chooser (self, _("Merge Annotations"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Merge"),
                _("Annotations (JSON)"), "*.json", NULL, merge_chosen, 0);
}

static void
conflicts_activate (ShuSharingController *self,
                    GVariant             *parameter,
                    GSimpleAction        *action)
{
  show_conflicts (self);
}

static void
orphans_activate (ShuSharingController *self,
                  GVariant             *parameter,
                  GSimpleAction        *action)
{
  GtkWidget *dialog;

  if (self->document == NULL)
    return;
  dialog = shu_orphans_window_new (self->document);
  g_signal_connect_object (dialog, "attach", G_CALLBACK (orphan_attach_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "delete", G_CALLBACK (orphan_delete_cb), self,
                           G_CONNECT_SWAPPED);
  present_window (self, "orphans", dialog);
}

typedef void (*ActivateFunc) (ShuSharingController *self,
                              GVariant             *parameter,
                              GSimpleAction        *action);

static const struct
{
  const char   *name;
  const char   *parameter_type;
  ActivateFunc  activate;
} actions[] = {
  { "add-layer", NULL, add_layer_activate },
  { "remove-layer", "s", remove_layer_activate },
  { "compare", NULL, compare_activate },
  { "agreement", NULL, agreement_activate },
  { "compare-layer", "s", compare_activate },
  { "agreement-layer", "s", agreement_activate },
  { "merge", NULL, merge_activate },
  { "conflicts", NULL, conflicts_activate },
  { "orphans", NULL, orphans_activate },
};

static void
add_action (ShuSharingController *self,
            const char           *name,
            const char           *parameter_type,
            ActivateFunc          activate)
{
  g_autoptr(GVariantType) type = parameter_type != NULL ? g_variant_type_new (parameter_type)
                                                        : NULL;
  g_autoptr(GSimpleAction) action = g_simple_action_new (name, type);

  g_signal_connect_object (action, "activate", G_CALLBACK (activate), self,
                           G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (self->window), G_ACTION (action));
}

/* The window's actions ("win.merge", ...): what the menus, the keys and
 * the tests name. The export and import ones are one per format of the
 * table, "win.export-brat" and so on. */
static void
add_actions (ShuSharingController *self)
{
  for (ShuFormat format = 0; format < SHU_N_FORMATS; format++)
    {
      g_autofree char *export_name = g_strconcat ("export-", shu_format_get_info (format)->name,
                                                  NULL);
      g_autofree char *import_name = g_strconcat ("import-", shu_format_get_info (format)->name,
                                                  NULL);

      if (shu_format_can_export (format))
        add_action (self, export_name, NULL, export_activate);
      if (shu_format_can_import (format))
        add_action (self, import_name, NULL, import_activate);
    }
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    add_action (self, actions[i].name, actions[i].parameter_type, actions[i].activate);
}

static void
set_enabled (ShuSharingController *self,
             const char           *name,
             gboolean              enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->window), name);

  g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

/* ------------------------------------------------------------------ */
/* State                                                               */

static void
update_state (ShuSharingController *self)
{
  gboolean has_document = self->document != NULL;
  gboolean has_layer = g_list_model_get_n_items (G_LIST_MODEL (self->layers)) > 0;
  guint n_orphans = has_document ? shu_document_count_orphans (self->document) : 0;
  GtkWindow *orphans_window = g_hash_table_lookup (self->windows, "orphans");

  for (ShuFormat format = 0; format < SHU_N_FORMATS; format++)
    {
      g_autofree char *export_name = g_strconcat ("export-", shu_format_get_info (format)->name,
                                                  NULL);
      g_autofree char *import_name = g_strconcat ("import-", shu_format_get_info (format)->name,
                                                  NULL);

      if (shu_format_can_export (format))
        set_enabled (self, export_name, has_document);
      if (shu_format_can_import (format))
        set_enabled (self, import_name, has_document);
    }
  set_enabled (self, "add-layer", has_document);
  set_enabled (self, "remove-layer", has_layer);
  set_enabled (self, "merge", has_document);
  set_enabled (self, "conflicts", has_document);
  set_enabled (self, "compare", has_document && has_layer);
  set_enabled (self, "agreement", has_document && has_layer);
  set_enabled (self, "compare-layer", has_document && has_layer);
  set_enabled (self, "agreement-layer", has_document && has_layer);
  set_enabled (self, "orphans", n_orphans > 0);

  if (self->n_orphans != n_orphans)
    {
      self->n_orphans = n_orphans;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ORPHANS]);
    }
  if (orphans_window != NULL)
    shu_orphans_window_refresh (SHU_ORPHANS_WINDOW (orphans_window));
}

static void
store_changed_cb (ShuSharingController *self)
{
  /* Attaching an orphan, or undoing that, changes how many are left. */
  update_state (self);
}

void
shu_sharing_controller_set_document (ShuSharingController *self,
                                     ShuDocument          *document)
{
  g_return_if_fail (SHU_IS_SHARING_CONTROLLER (self));
  g_return_if_fail (document == NULL || SHU_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  /* Layers, comparisons and lists belong to the text they were made on. */
  while (g_list_model_get_n_items (G_LIST_MODEL (self->layers)) > 0)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (G_LIST_MODEL (self->layers), 0);

      shu_sharing_controller_remove_layer (self, layer);
    }
  for (guint i = 0; i < G_N_ELEMENTS (window_names); i++)
    {
      GtkWindow *dialog = g_hash_table_lookup (self->windows, window_names[i]);

      if (dialog != NULL)
        gtk_window_destroy (dialog);
    }

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (shu_document_get_store (self->document), self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (shu_document_get_store (document), "items-changed",
                             G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
shu_sharing_controller_dispose (GObject *object)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);

  /* The window is closing (it disposes the controller first, while its
   * text view is there): layers and dialogs go, and reads finishing later
   * find no document to bring their results to. */
  if (self->text_view != NULL)
    shu_sharing_controller_set_document (self, NULL);
  if (self->chooser != NULL)
    shu_file_chooser_close (self->chooser);
  g_clear_object (&self->chooser);
  self->text_view = NULL;

  G_OBJECT_CLASS (shu_sharing_controller_parent_class)->dispose (object);
}

static void
shu_sharing_controller_finalize (GObject *object)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);
  GHashTableIter iter;
  gpointer value;

  /* Dialogs still alive must not tell freed memory they are gone. */
  g_hash_table_iter_init (&iter, self->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, window_destroyed_cb, self);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (shu_document_get_store (self->document), self);
  g_clear_object (&self->document);
  g_clear_object (&self->layers);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->windows, g_hash_table_unref);

  G_OBJECT_CLASS (shu_sharing_controller_parent_class)->finalize (object);
}

static void
shu_sharing_controller_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_N_ORPHANS:
      g_value_set_uint (value, self->n_orphans);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_sharing_controller_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ShuSharingController *self = SHU_SHARING_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      shu_sharing_controller_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_sharing_controller_class_init (ShuSharingControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_sharing_controller_dispose;
  object_class->finalize = shu_sharing_controller_finalize;
  object_class->get_property = shu_sharing_controller_get_property;
  object_class->set_property = shu_sharing_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ORPHANS] =
    g_param_spec_uint ("n-orphans", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
}

static void
shu_sharing_controller_init (ShuSharingController *self)
{
  self->layers = g_list_store_new (SHU_TYPE_LAYER);
  self->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

ShuSharingController *
shu_sharing_controller_new (GtkWindow    *window,
                            ShuTextView  *text_view,
                            GCancellable *cancellable)
{
  ShuSharingController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (text_view), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (SHU_TYPE_SHARING_CONTROLLER, NULL);
  self->window = window;
  self->text_view = text_view;
  self->cancellable = g_object_ref (cancellable);
  add_actions (self);
  update_state (self);
  return self;
}
