/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-layer.h"

G_BEGIN_DECLS

#define SHU_TYPE_LAYER_LIST (shu_layer_list_get_type ())
G_DECLARE_FINAL_TYPE (ShuLayerList, shu_layer_list, SHU, LAYER_LIST, GtkWidget)

/**
 * ShuLayerList:
 *
 * The annotations of the other annotators' layers that are shown, below
 * the user's own list in the sidebar: one read-only row each, with the
 * quote, and the label, the annotator and the layer it comes from. The
 * widget hides itself while no layer is shown.
 *
 * Properties: "layers" (GListModel of ShuLayer).
 *
 * Signals: "range-activated" (guint start, guint end): the user chose a
 * row; the window selects those words in the text.
 */
GtkWidget  *shu_layer_list_new        (void);
void        shu_layer_list_set_layers (ShuLayerList *self,
                                       GListModel   *layers);
/* The rows' items, in order (ShuLayerListItem), for tests. */
GListModel *shu_layer_list_get_model  (ShuLayerList *self);

#define SHU_TYPE_LAYER_LIST_ITEM (shu_layer_list_item_get_type ())
G_DECLARE_FINAL_TYPE (ShuLayerListItem, shu_layer_list_item, SHU, LAYER_LIST_ITEM, GObject)

ShuLayer      *shu_layer_list_item_get_layer      (ShuLayerListItem *self);
ShuAnnotation *shu_layer_list_item_get_annotation (ShuLayerListItem *self);
/* The details line as shown: label · annotator · layer. */
char          *shu_layer_list_item_dup_details    (ShuLayerListItem *self);

G_END_DECLS
