/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-chooser.h"
#include "shu-document-menus.h"
#include "shu-file-chooser.h"
#include "shu-recent-files.h"
#include "shu-window-private.h"

/* The window's commands. Each is a "win." action, so a menu, a button, a
 * key and a test all reach it the same way; the accelerators are set in
 * shu-application.c. */

#define ZOOM_STEP 1.1
#define MAX_RECENT 8

static void
open_response_cb (ShuWindow            *self,
                  int                   response,
                  ShuFileChooser       *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = shu_file_chooser_get_file (chooser);
      g_autoptr(GFile) folder = g_file_get_parent (file);
      g_autofree char *folder_uri = folder != NULL ? g_file_get_uri (folder) : NULL;

      /* The next Open starts where this one ended. */
      if (folder_uri != NULL)
        g_settings_set_string (self->settings, "last-folder", folder_uri);

      /* Unsaved work stays where it is: the file gets a window of its own. */
      if (shu_window_can_replace (self))
        shu_window_open_file_interactive (self, file);
      else
        {
          GFile *files[] = { file };

          g_application_open (g_application_get_default (), files, 1, "");
        }
    }

  g_clear_object (&self->chooser);
}

void
_shu_window_show_chooser (ShuWindow      *self,
                          ShuFileChooser *chooser,
                          GFile          *folder)
{
  g_set_object (&self->chooser, chooser);
  shu_chooser_show_in_folder (chooser, folder, self->cancellable);
}

static void
show_open_chooser (ShuWindow *self,
                   gboolean   annotations)
{
  ShuFileChooser *chooser;
  g_autoptr(GtkFileFilter) texts = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) sidecars = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();
  g_autofree char *last_folder = NULL;
  g_autoptr(GFile) folder = NULL;

  chooser = shu_file_chooser_new (annotations ? _("Open Annotations") : _("Open Text"),
                                  GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));

  gtk_file_filter_set_name (texts, _("Texts"));
  gtk_file_filter_add_mime_type (texts, "text/plain");
  gtk_file_filter_add_pattern (texts, "*.txt");
  gtk_file_filter_set_name (sidecars, _("Annotations (JSON)"));
  gtk_file_filter_add_pattern (sidecars, "*.json");
  /* Opened, an archive is unpacked into a project folder (shu-qdpx-open.c). */
  gtk_file_filter_set_name (projects, _("REFI-QDA Projects"));
  gtk_file_filter_add_pattern (projects, "*.qdpx");
  gtk_file_filter_set_name (all, _("All Files"));
  gtk_file_filter_add_pattern (all, "*");

  if (annotations)
    {
      shu_file_chooser_add_filter (chooser, sidecars);
      shu_file_chooser_add_filter (chooser, texts);
    }
  else
    {
      shu_file_chooser_add_filter (chooser, texts);
      shu_file_chooser_add_filter (chooser, sidecars);
      shu_file_chooser_add_filter (chooser, projects);
    }
  shu_file_chooser_add_filter (chooser, all);

  last_folder = g_settings_get_string (self->settings, "last-folder");
  if (last_folder[0] != '\0')
    folder = g_file_new_for_uri (last_folder);

  g_signal_connect_object (chooser, "response", G_CALLBACK (open_response_cb), self,
                           G_CONNECT_SWAPPED);
  _shu_window_show_chooser (self, chooser, folder);
  g_object_unref (chooser);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_open_chooser (SHU_WINDOW (widget), FALSE);
}

static void
open_annotations_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  show_open_chooser (SHU_WINDOW (widget), TRUE);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  /* A comment being typed becomes the step undone, kept for redo; undoing
   * an earlier step under it would have reloaded the editor over it. */
  shu_sidebar_apply_pending (self->sidebar);
  if (self->document != NULL)
    shu_annotation_store_undo (shu_document_get_store (self->document));
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  /* A redo after an applied edit has nothing to redo: the edit stays. */
  shu_sidebar_apply_pending (self->sidebar);
  if (self->document != NULL)
    shu_annotation_store_redo (shu_document_get_store (self->document));
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  double scale = g_settings_get_double (self->settings, "font-scale");

  if (g_str_equal (action_name, "win.zoom-in"))
    scale *= ZOOM_STEP;
  else if (g_str_equal (action_name, "win.zoom-out"))
    scale /= ZOOM_STEP;
  else
    scale = 1.0;

  g_settings_set_double (self->settings, "font-scale", CLAMP (scale, 0.5, 3.0));
}

/* A text too long to show at once is shown a part at a time
 * (shu_text_view_get_n_parts()). */
static void
part_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  guint part = shu_text_view_get_part (self->text_view);

  if (g_str_equal (action_name, "win.next-part"))
    shu_text_view_set_part (self->text_view, part + 1);
  else if (part > 0)
    shu_text_view_set_part (self->text_view, part - 1);
}

static void
update_part_actions (ShuWindow *self)
{
  guint part = shu_text_view_get_part (self->text_view);
  guint n_parts = shu_text_view_get_n_parts (self->text_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-part", part > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-part", part + 1 < n_parts);
}

void
_shu_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.previous-part", NULL, part_action);
  gtk_widget_class_install_action (widget_class, "win.next-part", NULL, part_action);
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-annotations", NULL,
                                   open_annotations_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_property_action (widget_class, "win.join-lines", "join-lines");
}

void
_shu_window_update_actions (ShuWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ShuAnnotationStore *store = self->document ? shu_document_get_store (self->document) : NULL;
  /* Annotations being loaded cannot be edited or saved yet. */
  gboolean has_document = self->document != NULL && !self->loading;

  gtk_widget_action_set_enabled (widget, "win.undo",
                                 has_document && shu_annotation_store_can_undo (store));
  gtk_widget_action_set_enabled (widget, "win.redo",
                                 has_document && shu_annotation_store_can_redo (store));
  gtk_widget_action_set_enabled (widget, "win.manage-labels", has_document);
}

void
_shu_window_update_undo_menu (ShuWindow *self)
{
  shu_document_menus_update_undo (self->undo_section, self->document
                                  ? shu_document_get_store (self->document) : NULL);
}

static void
recent_changed_cb (ShuWindow      *self,
                   ShuRecentFiles *recent)
{
  g_autoptr(GPtrArray) mine = shu_recent_files_dup_mine (recent, MAX_RECENT);

  shu_document_menus_fill_recent (self->recent_section, mine);
}

/* The text's context menu, made anew each time it opens, for what it
 * opens on (shu_document_menus_new_context()). A new menu rather than the
 * old one changed: GTK 4.8's popover menu adds a changed submenu again
 * without removing it. */
static void
prepare_context_menu_cb (ShuWindow *self)
{
  g_autoptr(GMenu) menu = NULL;

  menu = shu_document_menus_new_context (self->document ? shu_document_get_store (self->document)
                                                        : NULL,
                                         shu_text_view_get_selection (self->text_view,
                                                                      NULL, NULL),
                                         shu_text_view_get_selected_annotation (self->text_view)
                                         != NULL,
                                         G_MENU_MODEL (self->undo_section));
  shu_text_view_set_context_menu (self->text_view, G_MENU_MODEL (menu));
}

void
_shu_window_init_actions (ShuWindow *self)
{
  ShuRecentFiles *recent = shu_recent_files_get_default ();

  g_signal_connect_object (self->text_view, "prepare-context-menu",
                           G_CALLBACK (prepare_context_menu_cb), self, G_CONNECT_SWAPPED);
  prepare_context_menu_cb (self);

  g_signal_connect_object (recent, "changed", G_CALLBACK (recent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  recent_changed_cb (self, recent);

  g_object_bind_property (self->text_view, "part", self->parts_bar, "part",
                          G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->text_view, "n-parts", self->parts_bar, "n-parts",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->text_view, "notify::part", G_CALLBACK (update_part_actions),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_view, "notify::n-parts", G_CALLBACK (update_part_actions),
                           self, G_CONNECT_SWAPPED);
  update_part_actions (self);
}
