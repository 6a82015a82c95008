/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-label-manager.h"
#include "shu-shortcuts-window.h"
#include "shu-window-private.h"

/* The window's label manager and shortcuts window: their actions
 * (win.manage-labels, win.show-help-overlay; accelerators in
 * shu-application.c) and the glue that keeps the manager on the open
 * document. The find bar is ShuFindController's. */

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
  gtk_widget_class_install_action (widget_class, "win.manage-labels", NULL,
                                   manage_labels_action);
}

void
_shu_window_init_tools (ShuWindow *self)
{
  g_signal_connect (self, "notify::document", G_CALLBACK (document_changed_cb), NULL);
  document_changed_cb (self);
}
