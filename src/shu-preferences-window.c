/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-preferences-window.h"
#include "shu-window.h"

/* What the font chooser previews: pointed Hebrew, where a font's
 * weakness shows first. */
#define FONT_PREVIEW "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ"

struct _ShuPreferencesWindow
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwPreferencesDialog  parent_instance;
#else
  AdwPreferencesWindow  parent_instance;
#endif

  /* Template widgets */
  AdwEntryRow          *author_row;
  GtkSpinButton        *font_scale_spin;
  GtkSwitch            *join_lines_switch;
  GtkSwitch            *desktop_font_switch;
  GtkSwitch            *exact_selection_switch;
  AdwActionRow         *font_row;
  GtkWidget            *font_button;

  /* Owned */
  GSettings            *settings;
};

#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (ShuPreferencesWindow, shu_preferences_window, ADW_TYPE_PREFERENCES_DIALOG)
#else
G_DEFINE_FINAL_TYPE (ShuPreferencesWindow, shu_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
#endif

static void
author_changed_cb (ShuPreferencesWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->author_row));
  g_autofree char *name = g_strstrip (g_strdup (text));

  /* An empty name would be asked for again at the next annotation; keep
   * what the user typed, trimmed. */
  g_settings_set_string (self->settings, "author-name", name);
}

static char *
dup_chosen_font (ShuPreferencesWindow *self)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  PangoFontDescription *desc =
    gtk_font_dialog_button_get_font_desc (GTK_FONT_DIALOG_BUTTON (self->font_button));

  return desc != NULL ? pango_font_description_to_string (desc) : NULL;
#else
  return gtk_font_chooser_get_font (GTK_FONT_CHOOSER (self->font_button));
#endif
}

static void
font_chosen_cb (ShuPreferencesWindow *self)
{
  g_autofree char *font = dup_chosen_font (self);

  if (font != NULL && !gtk_switch_get_active (self->desktop_font_switch))
    g_settings_set_string (self->settings, "document-font", font);
}

/* Off, the text keeps the font it is shown in until another is chosen. */
static void
desktop_font_changed_cb (ShuPreferencesWindow *self)
{
  gboolean desktop = gtk_switch_get_active (self->desktop_font_switch);

  gtk_widget_set_sensitive (GTK_WIDGET (self->font_row), !desktop);
  if (self->font_button == NULL)
    return;
  if (desktop)
    g_settings_set_string (self->settings, "document-font", "");
  else
    font_chosen_cb (self);
}

static void
add_font_button (ShuPreferencesWindow *self,
                 const char           *font)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  GtkFontDialog *dialog = gtk_font_dialog_new ();
  PangoFontDescription *desc = pango_font_description_from_string (font);

  gtk_font_dialog_set_language (dialog, pango_language_from_string ("he"));
  self->font_button = gtk_font_dialog_button_new (dialog);
  gtk_font_dialog_button_set_font_desc (GTK_FONT_DIALOG_BUTTON (self->font_button), desc);
  pango_font_description_free (desc);
  g_signal_connect_swapped (self->font_button, "notify::font-desc",
                            G_CALLBACK (font_chosen_cb), self);
#else
  self->font_button = gtk_font_button_new ();
  gtk_font_chooser_set_language (GTK_FONT_CHOOSER (self->font_button), "he");
  gtk_font_chooser_set_preview_text (GTK_FONT_CHOOSER (self->font_button), FONT_PREVIEW);
  gtk_font_chooser_set_font (GTK_FONT_CHOOSER (self->font_button), font);
  g_signal_connect_swapped (self->font_button, "notify::font",
                            G_CALLBACK (font_chosen_cb), self);
#endif
  gtk_widget_set_valign (self->font_button, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->font_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Font"), -1);
  adw_action_row_add_suffix (self->font_row, self->font_button);
  adw_action_row_set_activatable_widget (self->font_row, self->font_button);
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
  gtk_widget_class_bind_template_child (widget_class, ShuPreferencesWindow,
                                        desktop_font_switch);
  gtk_widget_class_bind_template_child (widget_class, ShuPreferencesWindow, font_row);
  gtk_widget_class_bind_template_child (widget_class, ShuPreferencesWindow,
                                        exact_selection_switch);
  gtk_widget_class_bind_template_callback (widget_class, desktop_font_changed_cb);
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
  g_settings_bind (self->settings, "exact-selection", self->exact_selection_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
}

GtkWidget *
shu_preferences_window_new (GtkWindow *parent)
{
  ShuPreferencesWindow *self;
  g_autofree char *font = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  self = g_object_new (SHU_TYPE_PREFERENCES_WINDOW, NULL);
  adw_dialog_set_content_width (ADW_DIALOG (self), 520);
  adw_dialog_set_content_height (ADW_DIALOG (self), 420);
#else
  self = g_object_new (SHU_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  gtk_window_set_default_size (GTK_WINDOW (self), 520, 420);
#endif

  /* The chooser starts from the font the text is shown in. */
  font = g_settings_get_string (self->settings, "document-font");
  gtk_switch_set_active (self->desktop_font_switch, font[0] == '\0');
  if (font[0] == '\0' && SHU_IS_WINDOW (parent))
    {
      g_free (font);
      font = shu_text_view_dup_reading_font (shu_window_get_text_view (SHU_WINDOW (parent)));
    }
  add_font_button (self, font[0] != '\0' ? font : "Sans 13");
  return GTK_WIDGET (self);
}

void
shu_preferences_window_present (ShuPreferencesWindow *self,
                                GtkWindow            *parent)
{
  g_return_if_fail (SHU_IS_PREFERENCES_WINDOW (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (self), GTK_WIDGET (parent));
#else
  gtk_window_present (GTK_WINDOW (self));
#endif
}
