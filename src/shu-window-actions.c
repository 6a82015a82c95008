/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-chooser.h"
#include "shu-document-menus.h"
#include "shu-extent.h"
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
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  if (self->document == NULL)
    return;

  /* What the sidebar's editor shows is what gets saved. */
  shu_sidebar_apply_pending (self->sidebar);
  if (shu_document_get_sidecar_file (self->document) == NULL)
    _shu_window_save_as (self, FALSE);
  else
    _shu_window_save_async (self, FALSE);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  shu_sidebar_apply_pending (self->sidebar);
  if (self->document != NULL)
    _shu_window_save_as (self, FALSE);
}

/* The name to suggest while none is known, or NULL once one is. */
static char *
dup_author_to_ask (ShuWindow *self)
{
  g_autofree char *author = g_settings_get_string (self->settings, "author-name");
  const char *real_name = g_get_real_name ();

  if (author[0] != '\0')
    return NULL;
  if (real_name == NULL || g_str_equal (real_name, "Unknown"))
    real_name = g_get_user_name ();
  return g_strdup (real_name);
}

static void
popup_annotate (ShuWindow  *self,
                const char *label_id)
{
  g_autofree char *author = NULL;
  GdkRectangle area;
  guint start, end;

  if (!shu_text_view_get_selection (self->text_view, &start, &end))
    {
      _shu_window_toast (self, _("Select some text to annotate first"));
      return;
    }

  author = dup_author_to_ask (self);
  shu_annotate_popover_reset (self->annotate_popover, author);
  if (label_id != NULL)
    shu_annotate_popover_select_label (self->annotate_popover, label_id);

  self->popover_range.start = start;
  self->popover_range.end = end;
  shu_text_view_get_offset_area (self->text_view, start, &area);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->annotate_popover), &area);
  gtk_popover_popup (GTK_POPOVER (self->annotate_popover));
}

static void
annotate_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  popup_annotate (SHU_WINDOW (widget), NULL);
}

static void
annotate_with_label (ShuWindow *self,
                     ShuLabel  *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *author = NULL;

  /* The first annotation asks for the annotator's name. */
  author = dup_author_to_ask (self);
  if (author != NULL)
    {
      popup_annotate (self, shu_label_get_id (label));
      return;
    }

  if (!shu_window_annotate_selection (self, shu_label_get_id (label), NULL, &error))
    _shu_window_toast (self, error->message);
}

static void
annotate_label_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  guint digit = g_variant_get_uint32 (parameter);
  ShuLabel *label;

  if (self->document == NULL)
    return;

  label = shu_annotate_popover_label_for_digit (
    shu_annotation_store_get_labels (shu_document_get_store (self->document)), digit);
  if (label == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No label has the shortcut %u"), digit);

      _shu_window_toast (self, message);
      return;
    }

  annotate_with_label (self, label);
}

/* Label → a label, in the text's context menu: annotates the selection
 * with it, or gives it to the annotation the menu was opened on. */
static void
set_label_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  const char *label_id = g_variant_get_string (parameter, NULL);
  g_autoptr(ShuAnnotation) relabelled = NULL;
  g_autoptr(GDateTime) now = NULL;
  ShuAnnotationStore *store;
  ShuAnnotation *annotation;
  ShuLabel *label;

  if (self->document == NULL)
    return;
  store = shu_document_get_store (self->document);
  label = shu_label_set_lookup (shu_annotation_store_get_labels (store), label_id);
  if (label == NULL)
    return;

  if (shu_text_view_get_selection (self->text_view, NULL, NULL))
    {
      annotate_with_label (self, label);
      return;
    }

  /* A comment typed for it in the sidebar goes first, as its own step. */
  shu_sidebar_apply_pending (self->sidebar);
  annotation = shu_text_view_get_selected_annotation (self->text_view);
  if (annotation == NULL)
    {
      _shu_window_toast (self, _("Select some text to annotate first"));
      return;
    }
  if (g_strcmp0 (shu_annotation_get_label_id (annotation), label_id) == 0)
    return;

  now = g_date_time_new_now_utc ();
  relabelled = shu_annotation_with_label (annotation, label_id, now);
  shu_annotation_store_replace (store, relabelled, _("Change Label"));
}

static void
edit_comment_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  ShuAnnotation *annotation = shu_text_view_get_selected_annotation (self->text_view);

  if (self->document == NULL || annotation == NULL)
    return;

  /* The comment is edited beside the list, which may be hidden. */
  g_settings_set_boolean (self->settings, "sidebar-visible", TRUE);
  shu_sidebar_select_annotation (self->sidebar, annotation);
  shu_sidebar_focus_comment (self->sidebar);
}

/* Grows or shrinks the selected annotation by a word at one end, in one
 * undoable step: "grow-start", "shrink-start", "grow-end", "shrink-end". */
static void
move_edge_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  ShuAnnotation *annotation = shu_text_view_get_selected_annotation (self->text_view);
  const char *edge = g_variant_get_string (parameter, NULL);
  g_autoptr(ShuAnnotation) moved = NULL;

  if (self->document == NULL || annotation == NULL)
    return;
  moved = shu_extent_move_annotation_edge (annotation, shu_document_get_source (self->document),
                                           g_str_has_suffix (edge, "-start") ? SHU_EDGE_START
                                                                             : SHU_EDGE_END,
                                           g_str_has_prefix (edge, "grow-"));
  /* No word beyond the text's end, and never an annotation of no word. */
  if (moved == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  /* Still selected, for the next key. */
  if (shu_annotation_store_replace (shu_document_get_store (self->document), moved,
                                    _("Change Extent")))
    shu_text_view_set_selected_annotation (self->text_view, moved);
}

/* Alt+Down and Alt+Up: from annotation to annotation in reading order,
 * each selected, shown and its words under the caret (so a screen reader
 * reads it, see the text view's description). From the selected one, the
 * one after it in the list; otherwise from the caret. */
static void
next_annotation_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  gboolean forward = g_str_equal (action_name, "win.next-annotation");
  ShuAnnotation *selected = shu_text_view_get_selected_annotation (self->text_view);
  g_autoptr(ShuAnnotation) target = NULL;

  if (self->document == NULL)
    return;
  target = shu_annotation_store_dup_adjacent (shu_document_get_store (self->document),
                                              selected != NULL
                                              ? shu_annotation_get_id (selected) : NULL,
                                              shu_text_view_get_caret_offset (self->text_view),
                                              forward);

  if (target == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  shu_text_view_reveal_annotation (self->text_view, shu_annotation_get_id (target));
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

static void
delete_annotation_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  ShuAnnotation *annotation = shu_text_view_get_selected_annotation (self->text_view);
  g_autofree char *id = NULL;

  if (self->document == NULL || annotation == NULL)
    return;

  /* An edit typed for it comes back with it on undo. */
  shu_sidebar_apply_pending (self->sidebar);
  annotation = shu_text_view_get_selected_annotation (self->text_view);
  if (annotation == NULL)
    return;
  id = g_strdup (shu_annotation_get_id (annotation));
  shu_text_view_set_selected_annotation (self->text_view, NULL);
  if (shu_annotation_store_remove (shu_document_get_store (self->document), id,
                                   _("Delete Annotation")))
    {
      AdwToast *toast = adw_toast_new (_("Annotation deleted"));

      /* The button undoes the last step, which is this deletion while the
       * toast is shown. */
      adw_toast_set_button_label (toast, _("_Undo"));
      adw_toast_set_action_name (toast, "win.undo");
      adw_toast_set_timeout (toast, 6);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }
}

static void
author_response_cb (ShuWindow  *self,
                    const char *response,
                    ShuAlert   *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (shu_alert_get_extra_child (dialog));
  g_autofree char *name = g_strdup (gtk_editable_get_text (entry));

  if (g_str_equal (response, "save") && g_strstrip (name)[0] != '\0')
    g_settings_set_string (self->settings, "author-name", name);
}

static void
author_name_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  g_autofree char *current = g_settings_get_string (self->settings, "author-name");
  g_autofree char *suggested = dup_author_to_ask (self);
  GtkWidget *entry;
  ShuAlert *dialog;

  dialog = shu_alert_new (_("Annotator Name"),
                          _("New annotations are signed with this name."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested != NULL ? suggested : current);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  shu_alert_set_extra_child (dialog, entry);
  shu_alert_add_responses (dialog,
                           "cancel", _("_Cancel"),
                           "save", _("_Save"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  shu_alert_set_default_response (dialog, "save");
  shu_alert_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (author_response_cb), self,
                           G_CONNECT_SWAPPED);
  shu_alert_present (dialog, GTK_WINDOW (self));
}

void
_shu_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-annotations", NULL,
                                   open_annotations_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.annotate", NULL, annotate_action);
  gtk_widget_class_install_action (widget_class, "win.annotate-label", "u",
                                   annotate_label_action);
  gtk_widget_class_install_action (widget_class, "win.set-label", "s", set_label_action);
  gtk_widget_class_install_action (widget_class, "win.edit-comment", NULL, edit_comment_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "win.delete-annotation", NULL,
                                   delete_annotation_action);
  gtk_widget_class_install_action (widget_class, "win.move-edge", "s", move_edge_action);
  gtk_widget_class_install_action (widget_class, "win.author-name", NULL, author_name_action);
  gtk_widget_class_install_action (widget_class, "win.next-annotation", NULL,
                                   next_annotation_action);
  gtk_widget_class_install_action (widget_class, "win.previous-annotation", NULL,
                                   next_annotation_action);
  gtk_widget_class_install_property_action (widget_class, "win.join-lines", "join-lines");
}

void
_shu_window_update_actions (ShuWindow *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  ShuAnnotationStore *store = self->document ? shu_document_get_store (self->document) : NULL;
  /* Annotations being loaded cannot be edited or saved yet. */
  gboolean has_document = self->document != NULL && !self->loading;
  gboolean has_selected = has_document
                          && shu_text_view_get_selected_annotation (self->text_view) != NULL;

  gtk_widget_action_set_enabled (widget, "win.save", has_document);
  gtk_widget_action_set_enabled (widget, "win.save-as", has_document);
  gtk_widget_action_set_enabled (widget, "win.annotate", has_document);
  gtk_widget_action_set_enabled (widget, "win.annotate-label", has_document);
  gtk_widget_action_set_enabled (widget, "win.undo",
                                 has_document && shu_annotation_store_can_undo (store));
  gtk_widget_action_set_enabled (widget, "win.redo",
                                 has_document && shu_annotation_store_can_redo (store));
  gtk_widget_action_set_enabled (widget, "win.set-label", has_document);
  gtk_widget_action_set_enabled (widget, "win.delete-annotation", has_selected);
  gtk_widget_action_set_enabled (widget, "win.edit-comment", has_selected);
  gtk_widget_action_set_enabled (widget, "win.move-edge", has_selected);
  gtk_widget_action_set_enabled (widget, "win.next-annotation", has_document);
  gtk_widget_action_set_enabled (widget, "win.previous-annotation", has_document);
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

/* Keys that only mean something while reading: Enter annotates the
 * selection, 1-9 label it directly, Delete removes the selected highlight.
 * They live on the view, not the window, so typing in an entry or the
 * comment never triggers them. */
static gboolean
view_key_pressed_cb (ShuWindow             *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  gboolean has_selection;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || self->document == NULL)
    return GDK_EVENT_PROPAGATE;
  /* The popover is the view's child: its keys pass through here first. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->annotate_popover)))
    return GDK_EVENT_PROPAGATE;

  has_selection = shu_text_view_get_selection (self->text_view, NULL, NULL);

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (!has_selection)
        return GDK_EVENT_PROPAGATE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.annotate", NULL);
      return GDK_EVENT_STOP;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (has_selection || shu_text_view_get_selected_annotation (self->text_view) == NULL)
        return GDK_EVENT_PROPAGATE;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.delete-annotation", NULL);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      if (shu_text_view_get_selected_annotation (self->text_view) == NULL)
        return GDK_EVENT_PROPAGATE;
      shu_text_view_set_selected_annotation (self->text_view, NULL);
      return GDK_EVENT_STOP;

    default:
      break;
    }

  if (has_selection && keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.annotate-label", "u",
                                  (guint32) (keyval - GDK_KEY_0));
      return GDK_EVENT_STOP;
    }
  if (has_selection && keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.annotate-label", "u",
                                  (guint32) (keyval - GDK_KEY_KP_0));
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

void
_shu_window_init_actions (ShuWindow *self)
{
  GtkEventController *keys;
  ShuRecentFiles *recent = shu_recent_files_get_default ();

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (view_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), keys);

  g_signal_connect_object (self->text_view, "prepare-context-menu",
                           G_CALLBACK (prepare_context_menu_cb), self, G_CONNECT_SWAPPED);
  prepare_context_menu_cb (self);

  g_signal_connect_object (recent, "changed", G_CALLBACK (recent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  recent_changed_cb (self, recent);
}
