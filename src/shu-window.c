/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-document-status.h"
#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-external-controller.h"
#include "shu-recent-files.h"
#include "shu-resources.h"
#include "shu-screenshot.h"
#include "shu-status-actions.h"
#include "shu-window-private.h"

static void shu_window_opener_init (ShuOpenerInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ShuWindow, shu_window, ADW_TYPE_APPLICATION_WINDOW,
                               G_IMPLEMENT_INTERFACE (SHU_TYPE_OPENER, shu_window_opener_init))

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_JOIN_LINES,
  PROP_SELECTED_ANNOTATION,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

ShuWindow *
shu_window_new (GtkApplication *application)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  return g_object_new (SHU_TYPE_WINDOW, "application", application, NULL);
}

ShuDocument *
shu_window_get_document (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return self->document;
}

ShuPortalController *
shu_window_get_portal (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  return self->portal;
}

ShuSaveController *
shu_window_get_saver (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  return self->saver;
}

ShuSharingController *
shu_window_get_sharing (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);
  return self->sharing;
}

ShuTextView *
shu_window_get_text_view (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return self->text_view;
}

ShuAnnotatePopover *
shu_window_get_annotate_popover (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return shu_annotate_controller_get_popover (self->annotate);
}

ShuAnnotation *
shu_window_get_selected_annotation (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return shu_text_view_get_selected_annotation (self->text_view);
}

void
shu_window_set_selected_annotation (ShuWindow     *self,
                                    ShuAnnotation *annotation)
{
  g_return_if_fail (SHU_IS_WINDOW (self));

  shu_text_view_set_selected_annotation (self->text_view, annotation);
}

void
_shu_window_toast (ShuWindow  *self,
                   const char *message)
{
  /* Toast titles are markup in libadwaita 1.2; messages can quote the
   * user's text (file names, sidecar contents). */
  g_autofree char *escaped = g_markup_escape_text (message, -1);
  AdwToast *toast = adw_toast_new (escaped);

  /* Told in the log too (G_MESSAGES_DEBUG=all): a toast is gone in
   * seconds, and scripted runs have no one to see it. */
  g_debug ("Toast: %s", message);

  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* The annotate controller's toasts; one may undo what it tells of. */
static void
annotate_toast_cb (ShuWindow  *self,
                   const char *message,
                   gboolean    undoable)
{
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (!undoable)
    {
      _shu_window_toast (self, message);
      return;
    }
  /* Toast titles are markup in libadwaita 1.2. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo");
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_shu_window_show_error (ShuWindow    *self,
                        const char   *heading,
                        const GError *error)
{
  ShuAlert *dialog;

  dialog = shu_alert_new (heading, error->message);
  shu_alert_add_response (dialog, "close", _("_Close"));
  shu_alert_set_default_response (dialog, "close");
  shu_alert_present (dialog, GTK_WINDOW (self));
}

/* The store tells of its changes one by one (modified, can undo, what to
 * undo...), so one edit asks for the titles (and the title's tooltip) up
 * to five times; they change far less often. The window's title is a
 * property of the X11 window, sent to the server each time it is set. */
static void
set_titles (ShuWindow  *self,
            const char *title,
            const char *subtitle,
            const char *tooltip)
{
  GtkWidget *title_widget = GTK_WIDGET (self->window_title);

  if (g_strcmp0 (adw_window_title_get_title (self->window_title), title) != 0)
    adw_window_title_set_title (self->window_title, title);
  if (g_strcmp0 (adw_window_title_get_subtitle (self->window_title), subtitle) != 0)
    adw_window_title_set_subtitle (self->window_title, subtitle);
  if (g_strcmp0 (gtk_window_get_title (GTK_WINDOW (self)), title) != 0)
    gtk_window_set_title (GTK_WINDOW (self), title);
  if (g_strcmp0 (gtk_widget_get_tooltip_text (title_widget), tooltip) != 0)
    gtk_widget_set_tooltip_text (title_widget, tooltip);
}

void
_shu_window_update_title (ShuWindow *self)
{
  g_auto(ShuDocumentTitles) titles;

  shu_document_titles_init (&titles, self->document, self->opening_name, self->loading);
  set_titles (self, titles.title, titles.subtitle, titles.tooltip);
}

static void
store_notify_cb (ShuWindow *self)
{
  _shu_window_update_title (self);
  _shu_window_update_actions (self);
  _shu_window_update_undo_menu (self);
}

static void
set_document (ShuWindow   *self,
              ShuDocument *document)
{
  /* Whoever replaces the document drops what was being loaded for the
   * one replaced first (_shu_window_cancel_loading()): the open path
   * goes down through here once and never back into the loading part. */
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (shu_document_get_store (self->document), self);

  g_set_object (&self->document, document);

  if (document != NULL)
    {
      ShuAnnotationStore *store = shu_document_get_store (document);

      /* Unsaved changes go to a recovery journal (shu-recovery.h). */
      shu_recovery_watch (document);

      g_signal_connect_object (store, "notify::modified",
                               G_CALLBACK (store_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::can-undo",
                               G_CALLBACK (store_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::can-redo",
                               G_CALLBACK (store_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::undo-description",
                               G_CALLBACK (store_notify_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::redo-description",
                               G_CALLBACK (store_notify_cb), self, G_CONNECT_SWAPPED);
    }

  shu_text_view_set_document (self->text_view, document);
  gtk_stack_set_visible_child_name (self->stack, document != NULL ? "text" : "empty");
  /* Reading and selecting start in the text, so the keyboard works at once. */
  if (document != NULL)
    gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->text_view));
  store_notify_cb (self);
  shu_external_controller_track (self->external, document);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
_shu_window_set_document (ShuWindow   *self,
                          ShuDocument *document)
{
  set_document (self, document);
}

gboolean
shu_window_get_loading (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);

  return self->loading;
}

const char *
shu_window_get_subtitle (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return adw_window_title_get_subtitle (self->window_title);
}

void
_shu_window_set_loading (ShuWindow *self,
                         gboolean   loading)
{
  if (self->loading == !!loading)
    return;
  self->loading = !!loading;
  _shu_window_update_title (self);
  _shu_window_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

gboolean
shu_window_can_replace (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);

  /* A comment typed and not applied is unsaved work too. */
  shu_sidebar_apply_pending (self->sidebar);
  return self->document == NULL
      || !shu_annotation_store_get_modified (shu_document_get_store (self->document));
}

/* Tells what re-anchoring did, since nothing may move silently. */
void
_shu_window_report_anchoring (ShuWindow *self,
                              GPtrArray *report)
{
  gboolean orphans;
  g_autofree char *message = shu_document_status_describe_anchoring (report, &orphans);

  if (message == NULL)
    return;
  if (orphans)
    {
      g_autoptr(GError) error = g_error_new_literal (SHU_ERROR, SHU_ERROR_MISMATCH, message);

      _shu_window_show_error (self, _("Some Annotations Could Not Be Placed"), error);
    }
  else
    _shu_window_toast (self, message);
}

void
_shu_window_add_recent (GFile *file)
{
  /* Read and written in a worker thread (GtkRecentManager does both on
   * the main thread). */
  shu_recent_files_add (shu_recent_files_get_default (), file);
}

gboolean
shu_window_annotate_selection (ShuWindow   *self,
                               const char  *label_id,
                               const char  *comment,
                               GError     **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);

  return shu_annotate_controller_annotate_selection (self->annotate, label_id, comment, error);
}

static void
close_response_cb (ShuWindow  *self,
                   const char *response,
                   ShuAlert   *dialog)
{
  if (g_str_equal (response, "discard"))
    {
      shu_recovery_discard (self->document);
      self->closing = TRUE;
      /* The dialog, still answering, outlives this window: it must not
       * keep pointing at it (GTK 4.8 would touch the freed window). */
      gtk_window_set_transient_for (GTK_WINDOW (dialog), NULL);
      gtk_window_destroy (GTK_WINDOW (self));
    }
  else if (g_str_equal (response, "save"))
    shu_save_controller_save (self->saver, TRUE);
}

static gboolean
shu_window_close_request (GtkWindow *window)
{
  ShuWindow *self = SHU_WINDOW (window);
  ShuAlert *dialog;
  g_autofree char *name = NULL;

  /* A comment typed and not applied counts as a change to save. */
  if (!self->closing)
    shu_sidebar_apply_pending (self->sidebar);
  if (!self->closing && self->document != NULL
      && shu_annotation_store_get_modified (shu_document_get_store (self->document)))
    {
      name = g_file_get_basename (shu_source_get_file (shu_document_get_source (self->document)));
      dialog = shu_alert_new (_("Save Changes?"), NULL);
      shu_alert_format_body (dialog,
                             _("The annotations of “%s” have changes that are not "
                               "saved. Changes which are not saved will be lost."),
                             name);
      shu_alert_add_responses (dialog,
                               "cancel", _("_Cancel"),
                               "discard", _("_Discard"),
                               "save", _("_Save"),
                               NULL);
      shu_alert_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
      shu_alert_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
      shu_alert_set_default_response (dialog, "save");
      shu_alert_set_close_response (dialog, "cancel");
      g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self,
                               G_CONNECT_SWAPPED);
      shu_alert_present (dialog, window);
      return TRUE;
    }

  /* Saved as the default size, which is what gtk_window_set_default_size()
   * takes at the next start; GTK keeps it up to date as the user resizes.
   * The widget's own size leaves out the frame GTK draws around it (5 px
   * each side on X11 without a compositor), and saving that made the
   * window 10 px smaller at every start. */
  if (!gtk_window_is_maximized (window))
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));

  return GTK_WINDOW_CLASS (shu_window_parent_class)->close_request (window);
}

static gboolean
drop_cb (ShuWindow     *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GSList *files;
  GFile *file;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;

  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;

  file = files->data;
  if (shu_window_can_replace (self))
    shu_window_open_file_interactive (self, file);
  else
    g_application_open (g_application_get_default (), &file, 1, "");

  g_slist_free (files);
  return TRUE;
}

/* The screenshot waits for the annotations too. */
static gboolean
screenshot_ready_cb (GtkWidget *widget)
{
  return !SHU_WINDOW (widget)->loading;
}

void
shu_window_take_screenshot (ShuWindow               *self,
                            GFile                   *png,
                            ShuWindowScreenshotDone  done,
                            gpointer                 user_data)
{
  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (png));

  shu_screenshot_take (GTK_WIDGET (self), png, screenshot_ready_cb, done, user_data);
}

GdkTexture *
shu_window_render (ShuWindow  *self,
                   GError    **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return shu_screenshot_render (GTK_WIDGET (self), error);
}

static void
selected_annotation_cb (ShuWindow *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ANNOTATION]);
}

/* The annotations placed on the text another program changed: a new
 * document, shown like one opened. */
static void
reanchored_cb (ShuWindow   *self,
               ShuDocument *moved,
               GPtrArray   *report)
{
  _shu_window_cancel_loading (self);
  set_document (self, moved);
  _shu_window_report_anchoring (self, report);
}

static void
shu_window_dispose (GObject *object)
{
  ShuWindow *self = SHU_WINDOW (object);

  if (self->chooser != NULL)
    shu_file_chooser_close (self->chooser);
  g_clear_object (&self->chooser);
  /* Closing drops every file still being read for the window. */
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_cancellable_cancel (self->cancellable);
  _shu_window_cancel_loading (self);
  /* The windows share the settings: the sidebar setting changed from
   * another window must not reach this one's action while it goes. */
  g_action_map_remove_action (G_ACTION_MAP (self), "sidebar-visible");
  if (self->external != NULL)
    shu_external_controller_stop (self->external);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (shu_document_get_store (self->document), self);

  /* Its reads may hold it for a while: it lets go of the text view now. */
  if (self->sharing != NULL)
    g_object_run_dispose (G_OBJECT (self->sharing));
  g_clear_object (&self->sharing);
  g_clear_object (&self->annotate);
  g_clear_object (&self->link);
  g_clear_object (&self->find);
  if (self->portal != NULL)
    g_object_run_dispose (G_OBJECT (self->portal));
  g_clear_object (&self->portal);
  /* Saves under way finish without it. */
  if (self->saver != NULL)
    g_object_run_dispose (G_OBJECT (self->saver));
  g_clear_object (&self->saver);
  if (self->suggest != NULL)
    g_object_run_dispose (G_OBJECT (self->suggest));
  g_clear_object (&self->suggest);
  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_WINDOW);

  g_clear_object (&self->document);
  g_clear_object (&self->external);

  G_OBJECT_CLASS (shu_window_parent_class)->dispose (object);
}

static void
shu_window_finalize (GObject *object)
{
  ShuWindow *self = SHU_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->opening_name, g_free);

  G_OBJECT_CLASS (shu_window_parent_class)->finalize (object);
}

static void
shu_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ShuWindow *self = SHU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_JOIN_LINES:
      g_value_set_boolean (value, self->join_lines);
      break;
    case PROP_SELECTED_ANNOTATION:
      g_value_set_object (value, shu_window_get_selected_annotation (self));
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ShuWindow *self = SHU_WINDOW (object);

  switch (prop_id)
    {
    case PROP_JOIN_LINES:
      if (self->join_lines != g_value_get_boolean (value))
        {
          self->join_lines = g_value_get_boolean (value);
          shu_text_view_set_join_lines (self->text_view, self->join_lines);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_SELECTED_ANNOTATION:
      shu_window_set_selected_annotation (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* The parts that have a file opened (Choose Folder) open it as the user
 * would, without knowing the window's type. */
static void
opener_open_async (ShuOpener           *opener,
                   GFile               *file,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  shu_window_open_file_async (SHU_WINDOW (opener), file, callback, user_data);
}

static gboolean
opener_open_finish (ShuOpener     *opener,
                    GAsyncResult  *result,
                    GError       **error)
{
  return shu_window_open_file_finish (SHU_WINDOW (opener), result, error);
}

static void
shu_window_opener_init (ShuOpenerInterface *iface)
{
  iface->open_async = opener_open_async;
  iface->open_finish = opener_open_finish;
}

static void
shu_window_class_init (ShuWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = shu_window_dispose;
  object_class->finalize = shu_window_finalize;
  object_class->get_property = shu_window_get_property;
  object_class->set_property = shu_window_set_property;

  window_class->close_request = shu_window_close_request;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         SHU_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOIN_LINES] =
    g_param_spec_boolean ("join-lines", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ANNOTATION] =
    g_param_spec_object ("selected-annotation", NULL, NULL,
                         SHU_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SHU_TYPE_TEXT_VIEW);
  g_type_ensure (SHU_TYPE_SIDEBAR);
  g_type_ensure (SHU_TYPE_LAYER_LIST);
  g_type_ensure (SHU_TYPE_LAYERS_BAR);
  g_type_ensure (SHU_TYPE_ORPHANS_BAR);
  g_type_ensure (SHU_TYPE_PARTS_BAR);

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "shu-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, paned);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, layer_list);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, find_revealer);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, orphans_bar);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, parts_bar);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, layers_bar);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, text_view);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, undo_section);
  gtk_widget_class_bind_template_child (widget_class, ShuWindow, recent_section);
  /* Not kept in the struct: named only so that tests can find them. */
  gtk_widget_class_bind_template_child_full (widget_class, "primary_menu_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "document_menu_button", FALSE, 0);

  _shu_window_class_add_actions (widget_class);
  _shu_window_class_add_tools (widget_class);
}

static void
shu_window_init (ShuWindow *self)
{
  GtkDropTarget *drop;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->settings = g_settings_new (APP_ID);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  g_settings_bind (self->settings, "join-lines", self, "join-lines", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "document-font", self->text_view, "font",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "exact-selection", self->text_view, "snap-to-words",
                   G_SETTINGS_BIND_GET | G_SETTINGS_BIND_INVERT_BOOLEAN);
  g_settings_bind (self->settings, "font-scale", self->text_view, "font-scale",
                   G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->text_view, "notify::selected-annotation",
                           G_CALLBACK (selected_annotation_cb), self, G_CONNECT_SWAPPED);

  drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (drop, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  _shu_window_init_actions (self);
  self->annotate = shu_annotate_controller_new (GTK_WINDOW (self), self->text_view,
                                                self->sidebar, self->settings);
  g_object_bind_property (self, "document", self->annotate, "document", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "loading", self->annotate, "loading", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->annotate, "toast", G_CALLBACK (annotate_toast_cb), self,
                           G_CONNECT_SWAPPED);
  /* Sharing first: the sidebar lists the layers it keeps. */
  self->sharing = shu_sharing_controller_new (GTK_WINDOW (self), self->text_view,
                                             self->cancellable);
  g_object_bind_property (self, "document", self->sharing, "document", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->sharing, "toast", G_CALLBACK (_shu_window_toast), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sharing, "error", G_CALLBACK (_shu_window_show_error), self,
                           G_CONNECT_SWAPPED);
  shu_layers_bar_set_layers (self->layers_bar, shu_sharing_controller_get_layers (self->sharing));
  g_object_bind_property (self->sharing, "n-orphans", self->orphans_bar, "n-orphans",
                          G_BINDING_SYNC_CREATE);
  self->external = shu_external_controller_new (GTK_WINDOW (self), self->sharing);
  self->saver = shu_save_controller_new (GTK_WINDOW (self), self->external, self->sidebar);
  g_object_bind_property (self, "document", self->saver, "document", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "loading", self->saver, "loading", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->saver, "toast", G_CALLBACK (_shu_window_toast), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->saver, "error", G_CALLBACK (_shu_window_show_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->saver, "saved", G_CALLBACK (_shu_window_update_title), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->external, "toast", G_CALLBACK (_shu_window_toast), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->external, "error", G_CALLBACK (_shu_window_show_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->external, "reanchored", G_CALLBACK (reanchored_cb), self,
                           G_CONNECT_SWAPPED);
  _shu_window_init_sidebar (self);
  self->find = shu_find_controller_new (GTK_WINDOW (self), self->find_revealer, self->text_view,
                                        self->settings);
  g_object_bind_property (self, "document", self->find, "document", G_BINDING_SYNC_CREATE);
  _shu_window_init_tools (self);
  self->portal = shu_portal_controller_new (GTK_WINDOW (self), self->cancellable);
  g_object_bind_property (self, "document", self->portal, "document", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->portal, "add-toast", G_CALLBACK (adw_toast_overlay_add_toast),
                           self->toast_overlay, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->portal, "error", G_CALLBACK (_shu_window_show_error), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->portal, "sidecar-chosen",
                           G_CALLBACK (_shu_window_update_title), self, G_CONNECT_SWAPPED);
  self->link = shu_link_controller_new (GTK_WINDOW (self), self->text_view, self->settings);
  g_object_bind_property (self, "document", self->link, "document", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->link, "toast", G_CALLBACK (_shu_window_toast), self,
                           G_CONNECT_SWAPPED);
  /* Suggestions (issue #29), listed below the annotation list. */
  self->suggest = shu_suggest_controller_new (GTK_WINDOW (self), self->text_view, self->settings);
  gtk_box_insert_child_after (GTK_BOX (self->sidebar_box),
                              shu_suggest_controller_get_list (self->suggest),
                              GTK_WIDGET (self->sidebar));
  g_object_bind_property (self, "document", self->suggest, "document", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self, "loading", self->suggest, "loading", G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->suggest, "toast", G_CALLBACK (_shu_window_toast), self,
                           G_CONNECT_SWAPPED);
  shu_status_actions_attach (GTK_WIDGET (self));
  set_document (self, NULL);
}
