/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-find-bar.h"
#include "shu-label-manager.h"
#include "shu-shortcuts-window.h"
#include "shu-window-private.h"

/* The window's find bar and label manager: their actions (win.find,
 * win.find-next, win.find-previous, win.manage-labels; accelerators in
 * shu-application.c) and the glue that keeps them on the open document.
 * Kept apart from shu-window.c so the window's layout code stays short. */

/* A selection longer than this is not what someone wants to find. */
#define MAX_PREFILL 100

static ShuFindBar *
get_find_bar (ShuWindow *self)
{
  return SHU_FIND_BAR (gtk_revealer_get_child (self->find_revealer));
}

static void
show_find_bar (ShuWindow *self)
{
  ShuFindBar *bar = get_find_bar (self);
  guint start, end;

  /* Find what is selected, as GNOME's editors do, unless it is an
   * earlier match (the bar put it there) or more than a word or two. */
  if (shu_text_view_get_selection (self->text_view, &start, &end)
      && end - start <= MAX_PREFILL
      && !gtk_revealer_get_reveal_child (self->find_revealer))
    {
      ShuSource *source = shu_document_get_source (self->document);
      g_autofree char *selected = shu_source_dup_range (source, start, end);

      if (strpbrk (selected, "\r\n") == NULL)
        shu_find_bar_set_query (bar, selected);
    }

  gtk_revealer_set_reveal_child (self->find_revealer, TRUE);
  shu_find_bar_focus_entry (bar);
}

static void
find_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  if (self->document != NULL)
    show_find_bar (self);
}

static void
find_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  ShuFindBar *bar = get_find_bar (self);

  if (self->document == NULL)
    return;

  /* With nothing to find yet, Ctrl+G asks what to find. */
  if (!gtk_revealer_get_reveal_child (self->find_revealer)
      || shu_find_bar_get_query (bar)[0] == '\0')
    {
      show_find_bar (self);
      return;
    }

  if (g_str_equal (action_name, "win.find-previous"))
    shu_find_bar_previous (bar);
  else
    shu_find_bar_next (bar);
}

static void
find_bar_closed_cb (ShuWindow *self)
{
  gtk_revealer_set_reveal_child (self->find_revealer, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
label_manager_destroy_cb (ShuWindow *self)
{
  self->label_manager = NULL;
}

static void
manage_labels_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);

  if (self->document == NULL)
    return;

  if (self->label_manager == NULL)
    {
      ShuAnnotationStore *store = shu_document_get_store (self->document);

      self->label_manager = GTK_WINDOW (shu_label_manager_new (GTK_WINDOW (self), store));
      g_signal_connect_object (self->label_manager, "destroy",
                               G_CALLBACK (label_manager_destroy_cb), self, G_CONNECT_SWAPPED);
    }
  gtk_window_present (self->label_manager);
}

static void
document_changed_cb (ShuWindow *self)
{
  gboolean has_document = self->document != NULL;
  GtkWindow *manager = self->label_manager;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-next", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-previous", has_document);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.manage-labels", has_document);

  /* The manager edits one document's labels; another document, another
   * manager. */
  if (manager != NULL && (!has_document
                          || shu_label_manager_get_store (SHU_LABEL_MANAGER (manager))
                             != shu_document_get_store (self->document)))
    gtk_window_destroy (manager);
}

/* The shortcuts window is built when asked for, not with every window, and
 * goes when closed: nothing of it on the way to the first frame. */
static void
show_help_overlay_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gtk_window_present (shu_shortcuts_window_new (GTK_WINDOW (widget)));
}

void
_shu_window_class_add_tools (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-help-overlay", NULL,
                                   show_help_overlay_action);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, find_action);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.find-previous", NULL, find_next_action);
  gtk_widget_class_install_action (widget_class, "win.manage-labels", NULL,
                                   manage_labels_action);
}

void
_shu_window_init_tools (ShuWindow *self)
{
  GtkWidget *bar = shu_find_bar_new ();

  shu_find_bar_set_text_view (SHU_FIND_BAR (bar), self->text_view);
  g_settings_bind (self->settings, "find-ignore-marks", bar, "ignore-marks",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (bar, "closed", G_CALLBACK (find_bar_closed_cb), self,
                           G_CONNECT_SWAPPED);
  shu_window_set_find_bar (self, bar);

  g_signal_connect (self, "notify::document", G_CALLBACK (document_changed_cb), NULL);
  document_changed_cb (self);
}
