/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-find-bar.h"
#include "shu-find-controller.h"

struct _ShuFindController
{
  GObject      parent_instance;

  /* Borrowed: the window owns the controller. */
  GtkWindow   *window;
  GtkRevealer *revealer;
  ShuTextView *text_view;
  ShuFindBar  *bar;        /* the revealer's child */

  /* Owned */
  ShuDocument *document;
};

G_DEFINE_FINAL_TYPE (ShuFindController, shu_find_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const action_names[] = { "find", "find-next", "find-previous" };

/* A selection longer than this is not what someone wants to find. */
#define MAX_PREFILL 100

static void
show_find_bar (ShuFindController *self)
{
  guint start, end;

  /* Find what is selected, as GNOME's editors do, unless it is an
   * earlier match (the bar put it there) or more than a word or two. */
  if (shu_text_view_get_selection (self->text_view, &start, &end)
      && end - start <= MAX_PREFILL
      && !gtk_revealer_get_reveal_child (self->revealer))
    {
      ShuSource *source = shu_document_get_source (self->document);
      g_autofree char *selected = shu_source_dup_range (source, start, end);

      if (strpbrk (selected, "\r\n") == NULL)
        shu_find_bar_set_query (self->bar, selected);
    }

  gtk_revealer_set_reveal_child (self->revealer, TRUE);
  shu_find_bar_focus_entry (self->bar);
}

static void
find_activate (ShuFindController *self)
{
  if (self->document != NULL)
    show_find_bar (self);
}

static void
find_next (ShuFindController *self,
           gboolean           forward)
{
  if (self->document == NULL)
    return;

  /* With nothing to find yet, Ctrl+G asks what to find. */
  if (!gtk_revealer_get_reveal_child (self->revealer)
      || shu_find_bar_get_query (self->bar)[0] == '\0')
    {
      show_find_bar (self);
      return;
    }

  if (forward)
    shu_find_bar_next (self->bar);
  else
    shu_find_bar_previous (self->bar);
}

static void
find_next_activate (ShuFindController *self)
{
  find_next (self, TRUE);
}

static void
find_previous_activate (ShuFindController *self)
{
  find_next (self, FALSE);
}

static void
bar_closed_cb (ShuFindController *self)
{
  gtk_revealer_set_reveal_child (self->revealer, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
update_actions (ShuFindController *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->window),
                                                   action_names[i])),
      self->document != NULL);
}

static void
shu_find_controller_finalize (GObject *object)
{
  ShuFindController *self = SHU_FIND_CONTROLLER (object);

  g_clear_object (&self->document);

  G_OBJECT_CLASS (shu_find_controller_parent_class)->finalize (object);
}

static void
shu_find_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ShuFindController *self = SHU_FIND_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_find_controller_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ShuFindController *self = SHU_FIND_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      if (g_set_object (&self->document, g_value_get_object (value)))
        {
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_find_controller_class_init (ShuFindControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_find_controller_finalize;
  object_class->get_property = shu_find_controller_get_property;
  object_class->set_property = shu_find_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_find_controller_init (ShuFindController *self)
{
}

ShuFindController *
shu_find_controller_new (GtkWindow   *window,
                         GtkRevealer *revealer,
                         ShuTextView *text_view,
                         GSettings   *settings)
{
  const GCallback activate[] = {
    G_CALLBACK (find_activate), G_CALLBACK (find_next_activate),
    G_CALLBACK (find_previous_activate),
  };
  ShuFindController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (GTK_IS_REVEALER (revealer), NULL);
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (text_view), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SHU_TYPE_FIND_CONTROLLER, NULL);
  self->window = window;
  self->revealer = revealer;
  self->text_view = text_view;
  self->bar = SHU_FIND_BAR (shu_find_bar_new ());
  shu_find_bar_set_text_view (self->bar, text_view);
  g_settings_bind (settings, "find-ignore-marks", self->bar, "ignore-marks",
                   G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->bar, "closed", G_CALLBACK (bar_closed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_revealer_set_child (revealer, GTK_WIDGET (self->bar));

  for (guint i = 0; i < G_N_ELEMENTS (action_names); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (action_names[i], NULL);

      g_signal_connect_object (action, "activate", activate[i], self, G_CONNECT_SWAPPED);
      g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
    }
  update_actions (self);
  return self;
}
