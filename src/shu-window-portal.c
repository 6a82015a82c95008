/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-places.h"
#include "shu-window-private.h"

/* Inside Flatpak, a file chosen through the portal is the only file of its
 * folder the app can see: the text is there, but not its sidecar, and
 * nothing can be written beside it. The window then asks once for the
 * text's folder (README, "Sidecars in the sandbox"). */

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
  AdwToast *toast;

  /* The loader gave the text no sidecar file when none was visible
   * beside it: Save asks where, never tries to write there. */
  if (text == NULL || !shu_places_is_single_file_grant (text))
    return;

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
  GError *error = NULL;

  if (shu_places_match_text_in_folder (job->text, job->sha256, job->modified, &job->sidecar,
                                       cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
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
