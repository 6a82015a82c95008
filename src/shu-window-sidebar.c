/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-window-private.h"

/* The annotation list beside the text: the window keeps its selection and
 * the view's selection the same, and shows or hides it with the
 * "sidebar-visible" setting (win.sidebar-visible, F9). */

ShuSidebar *
shu_window_get_sidebar (ShuWindow *self)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), NULL);

  return self->sidebar;
}

static void
sidebar_annotation_cb (ShuWindow     *self,
                       ShuAnnotation *annotation,
                       ShuSidebar    *sidebar)
{
  shu_text_view_reveal_annotation (self->text_view, shu_annotation_get_id (annotation));
}

/* A row of another annotator's annotation selects its words in the text. */
static void
layer_range_activated_cb (ShuWindow    *self,
                          guint         start,
                          guint         end,
                          ShuLayerList *list)
{
  shu_text_view_select_range (self->text_view, start, end);
}

static void
view_selected_annotation_cb (ShuWindow *self)
{
  shu_sidebar_select_annotation (self->sidebar,
                                 shu_text_view_get_selected_annotation (self->text_view));
}

void
_shu_window_init_sidebar (ShuWindow *self)
{
  g_autoptr(GAction) visible = g_settings_create_action (self->settings, "sidebar-visible");

  g_action_map_add_action (G_ACTION_MAP (self), visible);
  g_settings_bind (self->settings, "sidebar-visible", self->sidebar, "visible",
                   G_SETTINGS_BIND_GET);

  g_object_bind_property (self, "document", self->sidebar, "document", G_BINDING_SYNC_CREATE);
  /* The other annotators' list below it comes and goes with it. */
  g_object_bind_property (self->sidebar, "visible", self->sidebar_box, "visible",
                          G_BINDING_SYNC_CREATE);
  shu_layer_list_set_layers (self->layer_list, shu_sharing_controller_get_layers (self->sharing));
  g_signal_connect_object (self->layer_list, "range-activated",
                           G_CALLBACK (layer_range_activated_cb), self, G_CONNECT_SWAPPED);

  /* Choosing a row shows its annotation in the text; clicking a highlight
   * in the text selects its row. */
  g_signal_connect_object (self->sidebar, "annotation-selected",
                           G_CALLBACK (sidebar_annotation_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sidebar, "annotation-activated",
                           G_CALLBACK (sidebar_annotation_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->text_view, "notify::selected-annotation",
                           G_CALLBACK (view_selected_annotation_cb), self, G_CONNECT_SWAPPED);
}
