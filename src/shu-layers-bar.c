/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-layer.h"
#include "shu-layers-bar.h"
#include "shu-resources.h"

/* ShuLayerChip: one layer in the bar. Private to the bar. */

#define SHU_TYPE_LAYER_CHIP (shu_layer_chip_get_type ())
G_DECLARE_FINAL_TYPE (ShuLayerChip, shu_layer_chip, SHU, LAYER_CHIP, GtkWidget)

struct _ShuLayerChip
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkCheckButton *check;
  GtkMenuButton  *more_button;
  GtkButton      *remove_button;

  /* Owned */
  ShuLayer       *layer;
};

G_DEFINE_FINAL_TYPE (ShuLayerChip, shu_layer_chip, GTK_TYPE_WIDGET)

/* The chip's commands are the window's, for this layer. */
static void
chip_activate_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShuLayerChip *self = SHU_LAYER_CHIP (widget);
  const char *window_action = g_str_equal (action_name, "chip.compare") ? "win.compare-layer"
                              : g_str_equal (action_name, "chip.agreement")
                              ? "win.agreement-layer" : "win.remove-layer";

  gtk_widget_activate_action (widget, window_action, "s", shu_layer_get_id (self->layer));
}

static void
shu_layer_chip_dispose (GObject *object)
{
  ShuLayerChip *self = SHU_LAYER_CHIP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_LAYER_CHIP);
  g_clear_object (&self->layer);
  G_OBJECT_CLASS (shu_layer_chip_parent_class)->dispose (object);
}

static void
shu_layer_chip_class_init (ShuLayerChipClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_layer_chip_dispose;

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-layer-chip.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuLayerChip, check);
  gtk_widget_class_bind_template_child (widget_class, ShuLayerChip, more_button);
  gtk_widget_class_bind_template_child (widget_class, ShuLayerChip, remove_button);
  gtk_widget_class_install_action (widget_class, "chip.compare", NULL, chip_activate_action);
  gtk_widget_class_install_action (widget_class, "chip.agreement", NULL, chip_activate_action);
  gtk_widget_class_install_action (widget_class, "chip.remove", NULL, chip_activate_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
shu_layer_chip_init (ShuLayerChip *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              2);
}

/* Labels with the annotator's name (a layer's name has its bidi controls
 * made visible: see ShuLayer). */
static void
set_named (GtkWidget  *widget,
           const char *name)
{
  gtk_widget_set_tooltip_text (widget, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  name, -1);
}

static GtkWidget *
shu_layer_chip_new (ShuLayer *layer)
{
  ShuLayerChip *self = g_object_new (SHU_TYPE_LAYER_CHIP, NULL);
  g_autofree char *remove_name = NULL;
  g_autofree char *more_name = NULL;

  self->layer = g_object_ref (layer);
  gtk_check_button_set_label (self->check, shu_layer_get_name (layer));
  g_object_bind_property (layer, "visible", self->check, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  /* Translators: the accessible name of a button; %s is an annotator. */
  remove_name = g_strdup_printf (_("Close the layer of %s"), shu_layer_get_name (layer));
  set_named (GTK_WIDGET (self->remove_button), remove_name);
  /* Translators: the accessible name of a menu button; %s is an
   * annotator. */
  more_name = g_strdup_printf (_("Compare with %s"), shu_layer_get_name (layer));
  set_named (GTK_WIDGET (self->more_button), more_name);
  return GTK_WIDGET (self);
}

/* ShuLayersBar */

struct _ShuLayersBar
{
  GtkWidget   parent_instance;

  /* Template widgets */
  GtkBox     *layers_box;

  /* Owned */
  GListModel *layers;
};

G_DEFINE_FINAL_TYPE (ShuLayersBar, shu_layers_bar, GTK_TYPE_WIDGET)

GtkWidget *
shu_layers_bar_new (void)
{
  return g_object_new (SHU_TYPE_LAYERS_BAR, NULL);
}

static void
layers_changed_cb (ShuLayersBar *self)
{
  guint n = self->layers != NULL ? g_list_model_get_n_items (self->layers) : 0;
  GtkWidget *child;

  /* A handful of layers at most: making the chips again is simplest. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->layers_box))) != NULL)
    gtk_box_remove (self->layers_box, child);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (self->layers, i);

      gtk_box_append (self->layers_box, shu_layer_chip_new (layer));
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n > 0);
}

void
shu_layers_bar_set_layers (ShuLayersBar *self,
                           GListModel   *layers)
{
  g_return_if_fail (SHU_IS_LAYERS_BAR (self));
  g_return_if_fail (layers == NULL || G_IS_LIST_MODEL (layers));

  if (self->layers != NULL)
    g_signal_handlers_disconnect_by_func (self->layers, layers_changed_cb, self);
  g_set_object (&self->layers, layers);
  if (layers != NULL)
    g_signal_connect_object (layers, "items-changed", G_CALLBACK (layers_changed_cb), self,
                             G_CONNECT_SWAPPED);
  layers_changed_cb (self);
}

static void
shu_layers_bar_dispose (GObject *object)
{
  ShuLayersBar *self = SHU_LAYERS_BAR (object);
  GtkWidget *child;

  if (self->layers != NULL)
    g_signal_handlers_disconnect_by_func (self->layers, layers_changed_cb, self);
  g_clear_object (&self->layers);
  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_LAYERS_BAR);
  /* The template's children without an id too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (shu_layers_bar_parent_class)->dispose (object);
}

static void
shu_layers_bar_class_init (ShuLayersBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_layers_bar_dispose;

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-layers-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuLayersBar, layers_box);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
}

static void
shu_layers_bar_init (ShuLayersBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                              6);
}
