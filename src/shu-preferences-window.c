/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-preferences-window.h"

struct _ShuPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template widgets */
  AdwEntryRow          *author_row;
  GtkSpinButton        *font_scale_spin;
  GtkSwitch            *join_lines_switch;

  /* Owned */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (ShuPreferencesWindow, shu_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
author_changed_cb (ShuPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->author_row));
  g_autofree char *name = g_strstrip (g_strdup (text));

  /* An empty name would be asked for again at the next annotation; keep
   * what the user typed, trimmed. */
  g_settings_set_string (self->settings, "author-name", name);
}

static void
shu_preferences_window_dispose (GObject *object)
{
  ShuPreferencesWindow *self = SHU_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (shu_preferences_window_parent_class)->dispose (object);
}

static void
shu_preferences_window_class_init (ShuPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuPreferencesWindow, author_row);
  gtk_widget_class_bind_template_child (widget_class, ShuPreferencesWindow, font_scale_spin);
  gtk_widget_class_bind_template_child (widget_class, ShuPreferencesWindow, join_lines_switch);
  gtk_widget_class_bind_template_callback (widget_class, author_changed_cb);
}

static void
shu_preferences_window_init (ShuPreferencesWindow *self)
{
  g_autofree char *author = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  author = g_settings_get_string (self->settings, "author-name");
  g_signal_handlers_block_by_func (self->author_row, author_changed_cb, self);
  gtk_editable_set_text (GTK_EDITABLE (self->author_row), author);
  g_signal_handlers_unblock_by_func (self->author_row, author_changed_cb, self);

  g_settings_bind (self->settings, "font-scale",
                   gtk_spin_button_get_adjustment (self->font_scale_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "join-lines", self->join_lines_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
shu_preferences_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SHU_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
}
