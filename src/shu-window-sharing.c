/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-alert.h"
#include "shu-agreement-window.h"
#include "shu-brat.h"
#include "shu-compare-window.h"
#include "shu-conflicts-window.h"
#include "shu-csv.h"
#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-html.h"
#include "shu-hypothesis.h"
#include "shu-jsonl.h"
#include "shu-labelstudio.h"
#include "shu-merge.h"
#include "shu-merge-apply.h"
#include "shu-orphans-window.h"
#include "shu-safe-file.h"
#include "shu-sidecar.h"
#include "shu-text.h"
#include "shu-w3c.h"
#include "shu-window-private.h"
#include "shu-window-sharing.h"

/* The window's sharing state lives beside it (object data), so that the
 * window's own struct and files stay as they are. */
typedef struct
{
  ShuWindow   *window;
  ShuDocument *document;      /* the one whose store is watched */
  GListStore  *layers;        /* ShuLayer */
  GtkWidget   *orphan_bar;
  GtkLabel    *orphan_label;  /* in the bar before libadwaita 1.3 */
  GtkWidget   *layers_bar;
  GtkWidget   *layers_box;
  GHashTable  *windows;       /* name → GtkWindow, weak */
} Sharing;

static const struct
{
  const char *action;
  const char *suffix;
  const char *filter_name;
  const char *pattern;
} export_formats[] = {
  [SHU_EXPORT_W3C] = { "win.export-w3c", ".w3c.json", N_("W3C Web Annotations"), "*.json" },
  [SHU_EXPORT_BRAT] = { "win.export-brat", ".ann", N_("brat Standoff"), "*.ann" },
  [SHU_EXPORT_CSV] = { "win.export-csv", ".csv", N_("CSV"), "*.csv" },
  [SHU_EXPORT_JSONL] = { "win.export-jsonl", ".jsonl", N_("doccano JSONL"), "*.jsonl" },
  [SHU_EXPORT_HTML] = { "win.export-html", ".html", N_("HTML Report"), "*.html" },
};

static const struct
{
  const char *action;
  const char *filter_name;
  const char *pattern;
} import_formats[] = {
  [SHU_IMPORT_BRAT] = { "win.import-brat", N_("brat Standoff"), "*.ann" },
  [SHU_IMPORT_W3C] = { "win.import-w3c", N_("W3C Web Annotations"), "*.json*" },
  [SHU_IMPORT_JSONL] = { "win.import-jsonl", N_("doccano JSONL"), "*.jsonl" },
  [SHU_IMPORT_HYPOTHESIS] = { "win.import-hypothesis", N_("Hypothesis JSON"), "*.json" },
  [SHU_IMPORT_LABELSTUDIO] = { "win.import-labelstudio", N_("Label Studio JSON"), "*.json" },
};

static Sharing *
get_sharing (ShuWindow *self)
{
  return g_object_get_data (G_OBJECT (self), "shu-sharing");
}

static void window_destroyed_cb (gpointer  data,
                                 GObject  *where_the_object_was);

static void
sharing_free (Sharing *sharing)
{
  GHashTableIter iter;
  gpointer value;

  /* Dialogs still alive must not tell freed memory they are gone. */
  g_hash_table_iter_init (&iter, sharing->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_object_weak_unref (value, window_destroyed_cb, sharing);
  g_clear_object (&sharing->document);
  g_clear_object (&sharing->layers);
  g_clear_pointer (&sharing->windows, g_hash_table_unref);
  g_free (sharing);
}

static void
window_destroyed_cb (gpointer  data,
                     GObject  *where_the_object_was)
{
  Sharing *sharing = data;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, sharing->windows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (value == (gpointer) where_the_object_was)
      g_hash_table_iter_remove (&iter);
}

static void
forget_window (gpointer data)
{
  (void) data;
}

/* Shows @dialog over the main window, remembered as @name until closed;
 * the one shown before under that name is closed. */
static void
present_window (ShuWindow  *self,
                const char *name,
                GtkWidget  *dialog)
{
  Sharing *sharing = get_sharing (self);
  GtkWindow *previous = g_hash_table_lookup (sharing->windows, name);

  if (previous != NULL)
    {
      g_object_weak_unref (G_OBJECT (previous), window_destroyed_cb, sharing);
      g_hash_table_remove (sharing->windows, name);
      gtk_window_destroy (previous);
    }

  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (self));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (dialog), TRUE);
  g_hash_table_insert (sharing->windows, g_strdup (name), dialog);
  g_object_weak_ref (G_OBJECT (dialog), window_destroyed_cb, sharing);
  gtk_window_present (GTK_WINDOW (dialog));
}

GtkWindow *
shu_window_get_sharing_window (ShuWindow  *self,
                               const char *which)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  g_return_val_if_fail (which != NULL, NULL);

  return g_hash_table_lookup (get_sharing (self)->windows, which);
}

/* A copy of the document's labels, for importers that add to the set they
 * are given: the store's own set changes only through undoable steps. */
static ShuLabelSet *
dup_labels (ShuDocument *document)
{
  return shu_label_set_copy (shu_annotation_store_get_labels (shu_document_get_store (document)));
}

/* ------------------------------------------------------------------ */
/* Export                                                              */

char *
shu_window_dup_export_name (ShuWindow       *self,
                            ShuExportFormat  format)
{
  const char *source_name;
  g_autofree char *base = NULL;

  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  g_return_val_if_fail (format <= SHU_EXPORT_HTML, NULL);

  source_name = self->document != NULL ? shu_document_get_source_name (self->document) : NULL;
  base = g_strdup (source_name != NULL && source_name[0] != '\0' ? source_name : "annotations");
  /* brat wants the ".ann" beside a ".txt" of the same name. */
  if (g_str_has_suffix (base, ".txt"))
    base[strlen (base) - 4] = '\0';
  return g_strconcat (base, export_formats[format].suffix, NULL);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "shu-file");
  GError *error = NULL;

  if (!shu_safe_file_write_bytes (file, task_data, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
shu_window_export_async (ShuWindow           *self,
                         ShuExportFormat      format,
                         GFile               *file,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GBytes *bytes;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_window_export_async);
  if (self->document == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      return;
    }

  /* Made here from the document as it is now; written in a worker
   * thread. */
  switch (format)
    {
    case SHU_EXPORT_W3C:
      bytes = shu_w3c_export (self->document);
      break;
    case SHU_EXPORT_BRAT:
      bytes = shu_brat_export (self->document);
      break;
    case SHU_EXPORT_CSV:
      bytes = shu_csv_export (self->document);
      break;
    case SHU_EXPORT_JSONL:
      bytes = shu_jsonl_export (self->document);
      break;
    case SHU_EXPORT_HTML:
    default:
      bytes = shu_html_export (self->document);
      break;
    }
  g_task_set_task_data (task, bytes, (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "shu-file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, export_thread);
}

gboolean
shu_window_export_finish (ShuWindow     *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_window_export_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The folder the file chooser starts in: the sidecar's. */
static void
set_chooser_folder (ShuWindow      *self,
                    ShuFileChooser *chooser)
{
  GFile *sidecar = self->document != NULL ? shu_document_get_sidecar_file (self->document)
                                          : NULL;
  g_autoptr(GFile) folder = sidecar != NULL ? g_file_get_parent (sidecar) : NULL;

  if (folder != NULL
      && g_file_query_file_type (folder, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    shu_file_chooser_set_folder (chooser, folder);
}

typedef void (*FileChosenFunc) (ShuWindow *self,
                                GFile     *file,
                                guint      kind);

static void
chooser_response_cb (ShuWindow            *self,
                     int                   response,
                     ShuFileChooser       *chooser)
{
  FileChosenFunc func = g_object_get_data (G_OBJECT (chooser), "shu-func");
  guint kind = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (chooser), "shu-kind"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = shu_file_chooser_get_file (chooser);

      if (file != NULL)
        func (self, file, kind);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
show_chooser (ShuWindow            *self,
              const char           *title,
              GtkFileChooserAction  action,
              const char           *accept,
              const char           *filter_name,
              const char           *pattern,
              const char           *suggested_name,
              FileChosenFunc        func,
              guint                 kind)
{
  ShuFileChooser *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = shu_file_chooser_new (title, GTK_WINDOW (self), action, accept);
  gtk_file_filter_set_name (filter, filter_name);
  gtk_file_filter_add_pattern (filter, pattern);
  shu_file_chooser_add_filter (chooser, filter);
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");
  shu_file_chooser_add_filter (chooser, all);
  set_chooser_folder (self, chooser);
  if (suggested_name != NULL)
    shu_file_chooser_set_name (chooser, suggested_name);

  g_object_set_data (G_OBJECT (chooser), "shu-func", func);
  g_object_set_data (G_OBJECT (chooser), "shu-kind", GUINT_TO_POINTER (kind));
  g_signal_connect_object (chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);
  shu_file_chooser_show (chooser);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  if (!shu_window_export_finish (self, result, &error))
    _shu_window_show_error (self, _("Could Not Export the Annotations"), error);
  else
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Exported to “%s”"), name);

      _shu_window_toast (self, message);
    }
}

static void
export_chosen (ShuWindow *self,
               GFile     *file,
               guint      format)
{
  shu_window_export_async (self, format, file, export_done_cb, g_object_ref (file));
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    {
      g_autofree char *name = NULL;

      if (!g_str_equal (action_name, export_formats[i].action))
        continue;
      name = shu_window_dup_export_name (self, i);
      show_chooser (self, _("Export Annotations"), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                    _(export_formats[i].filter_name), export_formats[i].pattern, name,
                    export_chosen, i);
    }
}

/* ------------------------------------------------------------------ */
/* Applying another document's annotations to ours                     */

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

typedef struct
{
  ShuImportFormat  format;
  GFile           *file;
  ShuDocument     *document;   /* the one imported into */
  ShuSource       *source;
  ShuLabelSet     *labels;     /* a copy of the document's, for the thread */
  ShuDocument     *imported;
  GPtrArray       *messages;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  g_clear_object (&job->file);
  g_clear_object (&job->document);
  g_clear_object (&job->source);
  g_clear_object (&job->labels);
  g_clear_object (&job->imported);
  g_clear_pointer (&job->messages, g_ptr_array_unref);
  g_free (job);
}

/* Reads and places the file in a worker thread: the text is immutable and
 * the labels a copy, so nothing here is shared with the window. */
static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ImportJob *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  /* Lenient, code points: what cannot be placed is listed in the summary. */
  const ShuImportOptions options = { 0 };
  GError *error = NULL;

  bytes = g_file_load_bytes (job->file, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  name = g_file_get_basename (job->file);
  switch (job->format)
    {
    case SHU_IMPORT_BRAT:
      job->imported = shu_brat_import (bytes, name, job->source, job->labels, &job->messages,
                                       &error);
      break;
    case SHU_IMPORT_W3C:
      job->imported = shu_w3c_import_full (bytes, name, job->source, job->labels, &options,
                                           NULL, &job->messages, NULL, &error);
      break;
    case SHU_IMPORT_HYPOTHESIS:
      job->imported = shu_hypothesis_import (bytes, name, job->source, job->labels, &options,
                                             NULL, &job->messages, NULL, &error);
      break;
    case SHU_IMPORT_LABELSTUDIO:
      job->imported = shu_labelstudio_import (bytes, name, job->source, job->labels, &options,
                                              NULL, &job->messages, NULL, &error);
      break;
    case SHU_IMPORT_JSONL:
    default:
      job->imported = shu_jsonl_import (bytes, name, job->source, job->labels, &job->messages,
                                        &error);
      break;
    }
  if (job->imported == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
shu_window_import_async (ShuWindow           *self,
                         ShuImportFormat      format,
                         GFile               *file,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ImportJob *job;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_window_import_async);
  if (self->document == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      return;
    }

  job = g_new0 (ImportJob, 1);
  job->format = format;
  job->file = g_object_ref (file);
  job->document = g_object_ref (self->document);
  job->source = g_object_ref (shu_document_get_source (self->document));
  job->labels = dup_labels (self->document);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

gboolean
shu_window_import_finish (ShuWindow     *self,
                          GAsyncResult  *result,
                          char         **summary,
                          GError       **error)
{
  ImportJob *job;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  ShuAnnotationStore *store;
  guint added = 0, present = 0, not_placed = 0;

  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_window_import_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* Placed on the text that was open: not for another one opened since. */
  job = g_task_get_task_data (G_TASK (result));
  if (self->document != job->document)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                           "Another text was opened meanwhile");
      return FALSE;
    }

  store = shu_document_get_store (self->document);
  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (job->imported));

  shu_annotation_store_begin_group (store, _("Import Annotations"));
  add_missing_labels (store, job->imported);
  for (guint i = 0; i < annotations->len; i++)
    {
      if (shu_annotation_store_add (store, g_ptr_array_index (annotations, i), NULL))
        added++;
      else
        present++;
    }
  shu_annotation_store_end_group (store);
  not_placed = shu_document_get_orphans (job->imported)->len;

  g_string_append_printf (text, ngettext ("%u annotation imported.", "%u annotations imported.",
                                          added), added);
  if (present > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u was already here and was left out.",
                                              "%u were already here and were left out.",
                                              present), present);
    }
  if (not_placed > 0)
    {
      g_string_append_c (text, '\n');
      g_string_append_printf (text, ngettext ("%u could not be placed on this text.",
                                              "%u could not be placed on this text.",
                                              not_placed), not_placed);
    }
  for (guint i = 0; job->messages != NULL && i < job->messages->len; i++)
    {
      g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (job->messages, i));
    }

  if (summary != NULL)
    *summary = g_strdup (text->str);
  return TRUE;
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (!shu_window_import_finish (self, result, &summary, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _shu_window_show_error (self, _("Could Not Import the Annotations"), error);
    }
  else if (strchr (summary, '\n') != NULL)
    {
      /* Something was left out: that deserves more than a passing toast. */
      ShuAlert *dialog = shu_alert_new (_("Annotations Imported"), summary);

      shu_alert_add_response (dialog, "close", _("_Close"));
      shu_alert_set_default_response (dialog, "close");
      shu_alert_present (dialog, GTK_WINDOW (self));
    }
  else
    _shu_window_toast (self, summary);
}

static void
import_chosen (ShuWindow *self,
               GFile     *file,
               guint      format)
{
  shu_window_import_async (self, format, file, import_done_cb, NULL);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (import_formats); i++)
    {
      if (g_str_equal (action_name, import_formats[i].action))
        show_chooser (self, _("Import Annotations"), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Import"),
                      _(import_formats[i].filter_name), import_formats[i].pattern, NULL,
                      import_chosen, i);
    }
}

/* ------------------------------------------------------------------ */
/* Layers                                                              */

static void update_sharing (ShuWindow *self);

static ShuLayer *
first_visible_layer (ShuWindow *self)
{
  GListModel *layers = G_LIST_MODEL (get_sharing (self)->layers);
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
layer_visible_cb (ShuLayer  *layer,
                  GParamSpec *pspec,
                  ShuWindow *self)
{
  shu_text_view_set_layer_visible (self->text_view, shu_layer_get_id (layer),
                                   shu_layer_get_visible (layer));
}

static void
remove_layer_clicked_cb (GtkButton *button,
                         ShuWindow *self)
{
  shu_window_remove_layer (self, g_object_get_data (G_OBJECT (button), "shu-layer"));
}

static void
rebuild_layers_bar (ShuWindow *self)
{
  Sharing *sharing = get_sharing (self);
  GListModel *layers = G_LIST_MODEL (sharing->layers);
  guint n = g_list_model_get_n_items (layers);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (sharing->layers_box)) != NULL)
    gtk_box_remove (GTK_BOX (sharing->layers_box), child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (layers, i);
      g_autofree char *remove_name = NULL;
      GtkWidget *check = gtk_check_button_new_with_label (shu_layer_get_name (layer));
      GtkWidget *remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      GtkWidget *more = gtk_menu_button_new ();
      g_autoptr(GMenu) menu = g_menu_new ();
      g_autoptr(GMenuItem) compare_item = g_menu_item_new (_("_Compare With Yours…"), NULL);
      g_autoptr(GMenuItem) agreement_item = g_menu_item_new (_("_Agreement With Yours…"), NULL);
      g_autofree char *more_name = NULL;

      g_object_bind_property (layer, "visible", check, "active",
                              G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
      gtk_widget_set_tooltip_text (check, _("Show this annotator’s annotations as dashed "
                                            "outlines"));

      /* Translators: the accessible name of a button; %s is an annotator. */
      remove_name = g_strdup_printf (_("Close the layer of %s"), shu_layer_get_name (layer));
      gtk_widget_set_tooltip_text (remove, remove_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove_name, -1);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_add_css_class (remove, "circular");
      g_object_set_data_full (G_OBJECT (remove), "shu-layer", g_object_ref (layer),
                              g_object_unref);
      g_signal_connect (remove, "clicked", G_CALLBACK (remove_layer_clicked_cb), self);

      /* This layer against the user's annotations, whichever layers are
       * shown. */
      g_menu_item_set_action_and_target_value (compare_item, "win.compare-layer",
                                               g_variant_new_string (shu_layer_get_id (layer)));
      g_menu_item_set_action_and_target_value (agreement_item, "win.agreement-layer",
                                               g_variant_new_string (shu_layer_get_id (layer)));
      g_menu_append_item (menu, compare_item);
      g_menu_append_item (menu, agreement_item);
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (more), G_MENU_MODEL (menu));
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (more), "view-more-symbolic");
      gtk_widget_add_css_class (more, "flat");
      /* Translators: the accessible name of a menu button; %s is an
       * annotator. */
      more_name = g_strdup_printf (_("Compare with %s"), shu_layer_get_name (layer));
      gtk_widget_set_tooltip_text (more, more_name);
      gtk_accessible_update_property (GTK_ACCESSIBLE (more), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      more_name, -1);

      gtk_box_append (GTK_BOX (sharing->layers_box), check);
      gtk_box_append (GTK_BOX (sharing->layers_box), more);
      gtk_box_append (GTK_BOX (sharing->layers_box), remove);
    }
  gtk_widget_set_visible (sharing->layers_bar, n > 0);
}

GListModel *
shu_window_get_layers (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  return G_LIST_MODEL (get_sharing (self)->layers);
}

static void
layer_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShuDocumentLoader *loader = SHU_DOCUMENT_LOADER (object);
  g_autoptr(GTask) task = user_data;
  ShuWindow *self = g_task_get_source_object (task);
  ShuSource *source = g_task_get_task_data (task);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuLayer) layer = NULL;
  Sharing *sharing;
  GError *error = NULL;

  document = shu_document_loader_load_finish (loader, result, &error);
  if (document == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* Placed on the text that was open: not for another one opened since. */
  if (self->document == NULL || shu_document_get_source (self->document) != source)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Another text was opened meanwhile");
      return;
    }

  sharing = get_sharing (self);
  layer = shu_layer_new (document, shu_document_loader_get_file (loader));
  g_list_store_append (sharing->layers, layer);
  shu_text_view_add_layer (self->text_view, shu_layer_get_id (layer),
                           shu_document_get_store (document), shu_layer_get_name (layer));
  g_signal_connect_object (layer, "notify::visible", G_CALLBACK (layer_visible_cb), self, 0);
  rebuild_layers_bar (self);
  update_sharing (self);
  g_task_return_pointer (task, g_steal_pointer (&layer), g_object_unref);
}

void
shu_window_add_layer_async (ShuWindow           *self,
                            GFile               *file,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(ShuDocumentLoader) loader = NULL;
  ShuSource *source;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, self->cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_window_add_layer_async);
  if (self->document == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      return;
    }

  /* Placed on our text, re-anchored if it was made on another version of
   * it, so that both sets of ranges compare. */
  source = shu_document_get_source (self->document);
  g_task_set_task_data (task, g_object_ref (source), g_object_unref);
  loader = shu_document_loader_new (file);
  shu_document_loader_set_source (loader, source);
  shu_document_loader_load_async (loader, self->cancellable, layer_loaded_cb,
                                  g_steal_pointer (&task));
}

ShuLayer *
shu_window_add_layer_finish (ShuWindow     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_window_add_layer_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
shu_window_remove_layer (ShuWindow *self,
                         ShuLayer  *layer)
{
  Sharing *sharing;
  guint position;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (SHU_IS_LAYER (layer));

  sharing = get_sharing (self);
  if (!g_list_store_find (sharing->layers, layer, &position))
    return;
  g_signal_handlers_disconnect_by_data (layer, self);
  shu_text_view_remove_layer (self->text_view, shu_layer_get_id (layer));
  g_list_store_remove (sharing->layers, position);
  rebuild_layers_bar (self);
  update_sharing (self);
}

static void
remove_all_layers (ShuWindow *self)
{
  Sharing *sharing = get_sharing (self);

  while (g_list_model_get_n_items (G_LIST_MODEL (sharing->layers)) > 0)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (G_LIST_MODEL (sharing->layers), 0);

      shu_window_remove_layer (self, layer);
    }
}

static void
layer_added_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuLayer) layer = shu_window_add_layer_finish (self, result, &error);

  if (layer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        _shu_window_show_error (self, _("Could Not Open the Annotations"), error);
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("Showing the annotations of %s"),
                                                  shu_layer_get_name (layer));

      _shu_window_toast (self, message);
    }
}

static void
add_layer_chosen (ShuWindow *self,
                  GFile     *file,
                  guint      unused)
{
  shu_window_add_layer_async (self, file, layer_added_cb, NULL);
}

static void
add_layer_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_chooser (SHU_WINDOW (widget), _("Open Another Annotator’s Sidecar"),
                GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("Annotations (JSON)"), "*.json",
                NULL, add_layer_chosen, 0);
}

/* The layer an action names: its id, or (no parameter) the first shown. */
static ShuLayer *
layer_for_action (ShuWindow *self,
                  GVariant  *parameter)
{
  GListModel *layers = G_LIST_MODEL (get_sharing (self)->layers);

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

/* win.compare compares with the first shown layer; win.compare-layer
 * with the one it names (each layer's menu in the layers bar). */
static void
compare_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  g_autoptr(ShuLayer) layer = layer_for_action (self, parameter);

  if (self->document == NULL || layer == NULL)
    return;
  present_window (self, "compare",
                  shu_compare_window_new (self->document, shu_layer_get_document (layer),
                                          shu_layer_get_name (layer), self->text_view));
}

static void
agreement_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  g_autoptr(ShuLayer) layer = layer_for_action (self, parameter);

  if (self->document == NULL || layer == NULL)
    return;
  present_window (self, "agreement",
                  shu_agreement_window_new (self->document, shu_layer_get_document (layer),
                                            shu_layer_get_name (layer)));
}

/* ------------------------------------------------------------------ */
/* Merge                                                               */

/* The model does the merge (shu-merge-apply.h); the window reads the
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
  ShuWindow *self = g_task_get_source_object (task);
  MergeJob *job = g_task_get_task_data (task);

  if (self->document == job->document && !g_task_return_error_if_cancelled (task))
    return TRUE;
  if (!g_task_had_error (task))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             "The window shows another text now");
  return FALSE;
}

static void show_conflicts (ShuWindow *self);

static void
merge_apply (GTask *task)
{
  ShuWindow *self = g_task_get_source_object (task);
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
  update_sharing (self);

  message = g_strdup_printf (_("Merged “%s”: %u added, %u changed, %u removed"), name,
                             changes.added, changes.changed, changes.removed);
  if (job->n_conflicts > 0)
    {
      /* The conflicts are counted apart, with their own plural. */
      g_autofree char *conflicts = g_strdup_printf (ngettext ("%u conflict to resolve",
                                                              "%u conflicts to resolve",
                                                              job->n_conflicts),
                                                    job->n_conflicts);
      g_autofree char *merged = g_steal_pointer (&message);

      /* Translators: what was merged, then how many conflicts are left:
       * “Merged “x”: 2 added, 0 changed, 1 removed; 3 conflicts to resolve”. */
      message = g_strdup_printf (_("%1$s; %2$s"), merged, conflicts);
    }
  _shu_window_toast (self, message);
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
  ShuWindow *self = g_task_get_source_object (task);
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
  shu_alert_present (dialog, GTK_WINDOW (self));
}

static void
merge_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GTask *task = user_data;
  ShuWindow *self = g_task_get_source_object (task);
  MergeJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  ShuMergeChanges changes;

  job->theirs = shu_merge_read_finish (result, &error);
  if (!merge_still_wanted (task))
    ;
  else if (job->theirs == NULL)
    {
      _shu_window_show_error (self, _("Could Not Merge the Annotations"), error);
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
shu_window_merge_async (ShuWindow           *self,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  MergeJob *job;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_window_merge_async);
  if (self->document == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      g_object_unref (task);
      return;
    }
  job = g_new0 (MergeJob, 1);
  job->document = g_object_ref (self->document);
  job->file = g_object_ref (file);
  g_task_set_task_data (task, job, (GDestroyNotify) merge_job_free);
  shu_merge_read_async (file, shu_document_get_source (self->document), cancellable,
                        merge_read_cb, task);
}

gboolean
shu_window_merge_finish (ShuWindow     *self,
                         GAsyncResult  *result,
                         guint         *n_conflicts,
                         GError       **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_window_merge_async,
                        FALSE);

  if (n_conflicts != NULL)
    {
      MergeJob *job = g_task_get_task_data (G_TASK (result));

      *n_conflicts = job != NULL ? job->n_conflicts : 0;
    }
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
merge_chosen (ShuWindow *self,
              GFile     *file,
              guint      unused)
{
  /* The merge tells the user itself what it did, or why it did not. */
  shu_window_merge_async (self, file, NULL, NULL, NULL);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  show_chooser (SHU_WINDOW (widget), _("Merge Annotations"), GTK_FILE_CHOOSER_ACTION_OPEN,
                _("_Merge"), _("Annotations (JSON)"), "*.json", NULL, merge_chosen, 0);
}

gboolean
shu_window_keep_version (ShuWindow  *self,
                         const char *id)
{
  ShuAnnotationStore *store;
  ShuAnnotation *annotation;
  g_autoptr(ShuAnnotation) kept = NULL;
  g_autofree char *other = NULL;

  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->document == NULL)
    return FALSE;
  store = shu_document_get_store (self->document);
  annotation = shu_annotation_store_lookup (store, id);
  if (annotation == NULL || shu_annotation_get_conflict (annotation) == NULL)
    return FALSE;

  other = g_strdup (shu_annotation_get_conflict (annotation));
  kept = shu_annotation_with_conflict (annotation, NULL);
  shu_annotation_store_begin_group (store, _("Resolve Conflict"));
  if (!g_str_equal (other, SHU_MERGE_DELETED))
    shu_annotation_store_remove (store, other, NULL);
  shu_annotation_store_replace (store, kept, NULL);
  shu_annotation_store_end_group (store);
  return TRUE;
}

static void
keep_cb (ShuWindow          *self,
         const char         *id,
         ShuConflictsWindow *dialog)
{
  shu_window_keep_version (self, id);
}

static void
discard_cb (ShuWindow          *self,
            const char         *id,
            ShuConflictsWindow *dialog)
{
  if (self->document != NULL)
    shu_annotation_store_remove (shu_document_get_store (self->document), id,
                                 _("Resolve Conflict"));
}

static void
show_conflicts (ShuWindow *self)
{
  GtkWidget *dialog;

  if (self->document == NULL)
    return;
  dialog = shu_conflicts_window_new (self->document);
  g_signal_connect_object (dialog, "keep", G_CALLBACK (keep_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (dialog, "discard", G_CALLBACK (discard_cb), self, G_CONNECT_SWAPPED);
  present_window (self, "conflicts", dialog);
}

static void
conflicts_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  show_conflicts (SHU_WINDOW (widget));
}

/* ------------------------------------------------------------------ */
/* Orphans                                                             */

gboolean
shu_window_attach_orphan (ShuWindow  *self,
                          guint       index,
                          GError    **error)
{
  ShuAnnotationStore *store;
  ShuAnnotation *orphan;
  g_autoptr(ShuAnnotation) placed = NULL;
  g_autoptr(ShuAnnotation) labelled = NULL;
  const char *label_id;
  ShuRange range;

  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);

  if (self->document == NULL || index >= shu_document_get_orphans (self->document)->len)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("The annotation is gone"));
      return FALSE;
    }
  if (!shu_text_view_get_selection (self->text_view, &range.start, &range.end))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND,
                   _("Select the words in the text the annotation belongs to first"));
      return FALSE;
    }

  store = shu_document_get_store (self->document);
  orphan = shu_document_get_orphan_annotation (self->document, index);
  placed = shu_annotation_with_ranges (orphan, &range, 1, NULL);
  /* A label deleted since would leave the annotation pointing nowhere. */
  label_id = shu_annotation_get_label_id (placed);
  if (label_id != NULL
      && shu_label_set_lookup (shu_annotation_store_get_labels (store), label_id) == NULL)
    {
      labelled = shu_annotation_with_label (placed, NULL, shu_annotation_get_modified (placed));
      g_set_object (&placed, labelled);
    }

  if (!shu_annotation_store_add (store, placed, _("Attach Annotation")))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("An annotation with the same id is already in the text"));
      return FALSE;
    }
  /* The store now holds the orphan's id, which resolves it (undo makes it
   * an orphan again): see shu_document_is_orphan_resolved(). */
  update_sharing (self);
  return TRUE;
}

void
shu_window_delete_orphan (ShuWindow *self,
                          guint      index)
{
  g_return_if_fail (SHU_IS_WINDOW (self));

  if (self->document == NULL || index >= shu_document_get_orphans (self->document)->len)
    return;
  shu_document_remove_orphan (self->document, index);
  update_sharing (self);
}

GtkWidget *
shu_window_get_orphan_bar (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  return get_sharing (self)->orphan_bar;
}

static void
orphan_attach_cb (ShuWindow        *self,
                  guint             index,
                  ShuOrphansWindow *dialog)
{
  g_autoptr(GError) error = NULL;

  if (!shu_window_attach_orphan (self, index, &error))
    {
      ShuAlert *message = shu_alert_new (_("Could Not Attach the Annotation"), error->message);

      shu_alert_add_response (message, "close", _("_Close"));
      shu_alert_present (message, GTK_WINDOW (dialog));
    }
}

static void
orphan_delete_cb (ShuWindow        *self,
                  guint             index,
                  ShuOrphansWindow *dialog)
{
  shu_window_delete_orphan (self, index);
  _shu_window_toast (self, _("Annotation deleted; saving removes it from the file"));
}

static void
orphans_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
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

/* ------------------------------------------------------------------ */
/* State                                                               */

static void
update_sharing (ShuWindow *self)
{
  Sharing *sharing = get_sharing (self);
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean has_document = self->document != NULL;
  gboolean has_layer = g_list_model_get_n_items (G_LIST_MODEL (sharing->layers)) > 0;
  guint orphans = has_document ? shu_document_count_orphans (self->document) : 0;
  GtkWindow *orphans_window = g_hash_table_lookup (sharing->windows, "orphans");

  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    gtk_widget_action_set_enabled (widget, export_formats[i].action, has_document);
  for (guint i = 0; i < G_N_ELEMENTS (import_formats); i++)
    gtk_widget_action_set_enabled (widget, import_formats[i].action, has_document);
  gtk_widget_action_set_enabled (widget, "win.add-layer", has_document);
  gtk_widget_action_set_enabled (widget, "win.merge", has_document);
  gtk_widget_action_set_enabled (widget, "win.conflicts", has_document);
  gtk_widget_action_set_enabled (widget, "win.compare", has_document && has_layer);
  gtk_widget_action_set_enabled (widget, "win.agreement", has_document && has_layer);
  gtk_widget_action_set_enabled (widget, "win.compare-layer", has_document && has_layer);
  gtk_widget_action_set_enabled (widget, "win.agreement-layer", has_document && has_layer);
  gtk_widget_action_set_enabled (widget, "win.orphans", orphans > 0);

  if (orphans > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u annotation could not be placed "
                                                         "on this text",
                                                         "%u annotations could not be placed "
                                                         "on this text",
                                                         orphans),
                                               orphans);

#if ADW_CHECK_VERSION (1, 3, 0)
      adw_banner_set_title (ADW_BANNER (sharing->orphan_bar), text);
#else
      gtk_label_set_text (sharing->orphan_label, text);
#endif
    }
  gtk_widget_set_visible (sharing->orphan_bar, orphans > 0);

  if (orphans_window != NULL)
    shu_orphans_window_refresh (SHU_ORPHANS_WINDOW (orphans_window));
}

static void
document_changed_cb (ShuWindow *self)
{
  Sharing *sharing = get_sharing (self);

  if (sharing->document == self->document)
    return;

  /* Layers, comparisons and lists belong to the text they were made on. */
  remove_all_layers (self);
  for (const char *const *name = (const char *const[]) { "compare", "agreement", "orphans",
                                                         "conflicts", NULL };
       *name != NULL; name++)
    {
      GtkWindow *dialog = g_hash_table_lookup (sharing->windows, *name);

      if (dialog != NULL)
        gtk_window_destroy (dialog);
    }

  if (sharing->document != NULL)
    g_signal_handlers_disconnect_by_data (shu_document_get_store (sharing->document), self);
  g_set_object (&sharing->document, self->document);
  /* Attaching an orphan, or undoing that, changes how many are left. */
  if (sharing->document != NULL)
    g_signal_connect_object (shu_document_get_store (sharing->document), "items-changed",
                             G_CALLBACK (update_sharing), self, G_CONNECT_SWAPPED);
  update_sharing (self);
}

static GtkWidget *
make_orphan_bar (Sharing *sharing)
{
#if ADW_CHECK_VERSION (1, 3, 0)
  /* GtkInfoBar is deprecated from GTK 4.10: libadwaita's banner, from 1.3. */
  GtkWidget *bar = adw_banner_new ("");

  adw_banner_set_button_label (ADW_BANNER (bar), _("_Show…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (bar), "win.orphans");
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_banner_set_use_markup (ADW_BANNER (bar), FALSE);
#endif
  adw_banner_set_revealed (ADW_BANNER (bar), TRUE);
  gtk_widget_set_visible (bar, FALSE);
  return bar;
#else
  GtkWidget *bar = gtk_info_bar_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_info_bar_set_message_type (GTK_INFO_BAR (bar), GTK_MESSAGE_WARNING);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_info_bar_add_child (GTK_INFO_BAR (bar), label);
  {
    GtkWidget *button = gtk_button_new_with_mnemonic (_("_Show…"));

    gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.orphans");
    gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
    gtk_widget_set_tooltip_text (button, _("List the annotations that could not be placed, to "
                                           "attach or delete each"));
    gtk_info_bar_add_action_widget (GTK_INFO_BAR (bar), button, GTK_RESPONSE_NONE);
  }
  gtk_widget_set_visible (bar, FALSE);
  sharing->orphan_label = GTK_LABEL (label);
  return bar;
#endif
}

static GtkWidget *
make_layers_bar (Sharing *sharing)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (_("Layers:"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *compare = gtk_button_new_with_mnemonic (_("_Compare…"));
  GtkWidget *agreement = gtk_button_new_with_mnemonic (_("A_greement…"));

  gtk_widget_add_css_class (bar, "shu-layers-bar");
  gtk_widget_add_css_class (title, "heading");
  sharing->layers_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  gtk_accessible_update_property (GTK_ACCESSIBLE (sharing->layers_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Layers"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), sharing->layers_box);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_widget_set_hexpand (scrolled, TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (compare), "win.compare");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (agreement), "win.agreement");
  gtk_widget_set_tooltip_text (compare, _("Where you and the first shown layer agree and "
                                          "differ"));
  gtk_widget_set_tooltip_text (agreement, _("Agreement figures with the first shown layer"));

  gtk_box_append (GTK_BOX (bar), title);
  gtk_box_append (GTK_BOX (bar), scrolled);
  gtk_box_append (GTK_BOX (bar), compare);
  gtk_box_append (GTK_BOX (bar), agreement);
  gtk_widget_set_visible (bar, FALSE);
  return bar;
}

void
_shu_window_class_add_sharing_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (export_formats); i++)
    gtk_widget_class_install_action (widget_class, export_formats[i].action, NULL,
                                     export_action);
  for (guint i = 0; i < G_N_ELEMENTS (import_formats); i++)
    gtk_widget_class_install_action (widget_class, import_formats[i].action, NULL,
                                     import_action);
  gtk_widget_class_install_action (widget_class, "win.add-layer", NULL, add_layer_action);
  gtk_widget_class_install_action (widget_class, "win.compare", NULL, compare_action);
  gtk_widget_class_install_action (widget_class, "win.agreement", NULL, agreement_action);
  gtk_widget_class_install_action (widget_class, "win.compare-layer", "s", compare_action);
  gtk_widget_class_install_action (widget_class, "win.agreement-layer", "s", agreement_action);
  gtk_widget_class_install_action (widget_class, "win.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "win.conflicts", NULL, conflicts_action);
  gtk_widget_class_install_action (widget_class, "win.orphans", NULL, orphans_action);
}

void
_shu_window_init_sharing (ShuWindow *self)
{
  Sharing *sharing = g_new0 (Sharing, 1);
  GtkWidget *column = gtk_widget_get_parent (GTK_WIDGET (self->find_revealer));

  sharing->window = self;
  sharing->layers = g_list_store_new (SHU_TYPE_LAYER);
  sharing->windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, forget_window);
  g_object_set_data_full (G_OBJECT (self), "shu-sharing", sharing,
                          (GDestroyNotify) sharing_free);

  /* Above the text, below the find bar: the orphans' banner, then the
   * layers. */
  sharing->orphan_bar = make_orphan_bar (sharing);
  sharing->layers_bar = make_layers_bar (sharing);
  gtk_box_insert_child_after (GTK_BOX (column), sharing->layers_bar,
                              GTK_WIDGET (self->find_revealer));
  gtk_box_insert_child_after (GTK_BOX (column), sharing->orphan_bar,
                              GTK_WIDGET (self->find_revealer));

  g_signal_connect (self, "notify::document", G_CALLBACK (document_changed_cb), NULL);
  document_changed_cb (self);
}
