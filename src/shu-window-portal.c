/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-sidecar.h"
#include "shu-window-private.h"

/* Inside Flatpak, a file chosen through the portal is the only file of its
 * folder the app can see: the text is there, but not its sidecar, and
 * nothing can be written beside it. The window then asks once for the
 * text's folder (README, "Sidecars in the sandbox"). */

gboolean
_shu_window_is_single_file_grant (GFile *file)
{
  g_autofree char *path = NULL;
  g_autofree char *doc_root = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    return FALSE;

  /* A document exported alone is doc/<id>/<name>; one inside a granted
   * folder is a level deeper. */
  doc_root = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  if (!g_str_has_prefix (path, doc_root) || path[strlen (doc_root)] != G_DIR_SEPARATOR)
    return FALSE;

  parts = g_strsplit (path + strlen (doc_root) + 1, G_DIR_SEPARATOR_S, -1);
  return g_strv_length (parts) == 2 && parts[0][0] != '\0' && parts[1][0] != '\0';
}

static GFile *
dup_text_file (ShuWindow *self)
{
  GFile *file;

  if (self->document == NULL)
    return NULL;
  file = shu_source_get_file (shu_document_get_source (self->document));
  return file != NULL ? g_object_ref (file) : NULL;
}

void
_shu_window_check_portal_grant (ShuWindow *self)
{
  g_autoptr(GFile) text = dup_text_file (self);
  GFile *sidecar;
  AdwToast *toast;

  if (text == NULL || !_shu_window_is_single_file_grant (text))
    return;

  /* Beside the text is a folder that keeps nothing: Save must ask where,
   * never try to write there. */
  sidecar = shu_document_get_sidecar_file (self->document);
  if (sidecar != NULL && !g_file_query_exists (sidecar, NULL))
    {
      shu_document_set_sidecar_file (self->document, NULL);
      _shu_window_update_title (self);
    }

  /* TRANSLATORS: shown in a sandbox that granted the text file alone; the
   * button asks for its folder. Keep it short: it is one line. */
  toast = adw_toast_new (_("Only this file is visible, not the annotations beside it"));
  adw_toast_set_button_label (toast, _("Choose _Folder…"));
  adw_toast_set_action_name (toast, "win.choose-folder");
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

typedef struct
{
  ShuDocument *document;   /* the window's, when asked */
  GFile       *text;       /* the same name in the chosen folder */
  char        *sha256;     /* of the open text */
  gboolean     modified;   /* unsaved annotations */
  GFile       *sidecar;    /* result: keep the annotations, save them here */
} UseFolder;

static void
use_folder_free (UseFolder *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->text);
  g_free (job->sha256);
  g_clear_object (&job->sidecar);
  g_free (job);
}

/* Reads the text in the chosen folder and looks beside it, in a worker
 * thread. */
static void
use_folder_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  UseFolder *job = task_data;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GFile) sidecar = NULL;
  GError *error = NULL;

  source = shu_source_new_from_file (job->text, SHU_ENCODING_AUTO, cancellable, &error);
  if (source == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* The same name is not enough: it must be the same text. */
  if (g_strcmp0 (shu_source_get_sha256 (source), job->sha256) != 0)
    {
      g_autofree char *where = g_file_get_parse_name (job->text);

      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_MISMATCH,
                               _("“%s” is not the text that is open: its contents differ"),
                               where);
      return;
    }

  if (!job->modified)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Unsaved annotations stay; they are saved beside the text from now on,
   * unless that would write over annotations the window never loaded. */
  sidecar = shu_sidecar_default_file (job->text);
  if (g_file_query_exists (sidecar, cancellable))
    {
      g_autofree char *where = g_file_get_parse_name (sidecar);

      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_INVALID,
                               _("“%s” already holds annotations for this text. Save yours "
                                 "under another name first (Save As), then open both."),
                               where);
      return;
    }
  job->sidecar = g_steal_pointer (&sidecar);
  g_task_return_boolean (task, TRUE);
}

static void
use_folder_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!shu_window_open_file_finish (SHU_WINDOW (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
use_folder_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  GTask *task = user_data;
  UseFolder *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->document != job->document)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Another text was opened meanwhile");
      g_object_unref (task);
      return;
    }

  /* Nothing unsaved: open the text there, with the sidecar beside it. */
  if (job->sidecar == NULL)
    {
      shu_window_open_file_async (self, job->text, use_folder_opened_cb, task);
      return;
    }

  shu_document_set_sidecar_file (self->document, job->sidecar);
  _shu_window_update_title (self);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
_shu_window_use_folder_async (ShuWindow           *self,
                              GFile               *folder,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GFile) current = dup_text_file (self);
  g_autoptr(GTask) read = NULL;
  g_autofree char *name = NULL;
  GTask *task;
  UseFolder *job;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, _shu_window_use_folder_async);
  if (current == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      g_object_unref (task);
      return;
    }

  name = g_file_get_basename (current);
  job = g_new0 (UseFolder, 1);
  job->document = g_object_ref (self->document);
  job->text = g_file_get_child (folder, name);
  job->sha256 = g_strdup (shu_source_get_sha256 (shu_document_get_source (self->document)));
  job->modified = shu_annotation_store_get_modified (shu_document_get_store (self->document));
  g_task_set_task_data (task, job, (GDestroyNotify) use_folder_free);

  read = g_task_new (self, self->cancellable, use_folder_read_cb, task);
  g_task_set_task_data (read, job, NULL);
  g_task_run_in_thread (read, use_folder_thread);
}

gboolean
_shu_window_use_folder_finish (ShuWindow     *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
use_folder_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!_shu_window_use_folder_finish (self, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _shu_window_show_error (self, _("Could Not Use This Folder"), error);
}

static void
folder_response_cb (ShuWindow            *self,
                    int                   response,
                    ShuFileChooser       *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = shu_file_chooser_get_file (chooser);

      _shu_window_use_folder_async (self, folder, use_folder_done_cb, NULL);
    }

  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  ShuFileChooser *chooser;

  chooser = shu_file_chooser_new (_("Choose the Text’s Folder"), GTK_WINDOW (self),
                                  GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);
  shu_file_chooser_show (chooser);
}

void
_shu_window_class_add_portal (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.choose-folder", NULL,
                                   choose_folder_action);
}
