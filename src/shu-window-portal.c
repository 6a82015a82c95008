/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include <string.h>

#include "shu-error.h"
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

gboolean
_shu_window_use_folder (ShuWindow  *self,
                        GFile      *folder,
                        GError    **error)
{
  g_autoptr(GFile) current = dup_text_file (self);
  g_autoptr(GFile) text = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autofree char *name = NULL;
  ShuSource *open_source;

  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (folder), FALSE);

  if (current == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      return FALSE;
    }

  name = g_file_get_basename (current);
  text = g_file_get_child (folder, name);
  source = shu_source_new_from_file (text, SHU_ENCODING_AUTO, NULL, error);
  if (source == NULL)
    return FALSE;

  /* The same name is not enough: it must be the same text. */
  open_source = shu_document_get_source (self->document);
  if (g_strcmp0 (shu_source_get_sha256 (source), shu_source_get_sha256 (open_source)) != 0)
    {
      g_autofree char *where = g_file_get_parse_name (text);

      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("“%s” is not the text that is open: its contents differ"), where);
      return FALSE;
    }

  if (!shu_annotation_store_get_modified (shu_document_get_store (self->document)))
    return shu_window_open_file (self, text, error);

  /* Unsaved annotations stay; they are saved beside the text from now on,
   * unless that would write over annotations the window never loaded. */
  sidecar = shu_sidecar_default_file (text);
  if (g_file_query_exists (sidecar, NULL))
    {
      g_autofree char *where = g_file_get_parse_name (sidecar);

      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("“%s” already holds annotations for this text. Save yours under "
                     "another name first (Save As), then open both."), where);
      return FALSE;
    }

  shu_document_set_sidecar_file (self->document, sidecar);
  _shu_window_update_title (self);
  return TRUE;
}

static void
folder_response_cb (ShuWindow            *self,
                    int                   response,
                    GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!_shu_window_use_folder (self, folder, &error))
        _shu_window_show_error (self, _("Could Not Use This Folder"), error);
    }

  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Choose the Text’s Folder"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER,
                                         _("_Choose"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_shu_window_class_add_portal (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.choose-folder", NULL,
                                   choose_folder_action);
}
