/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHU_TYPE_LAYERS_BAR (shu_layers_bar_get_type ())
G_DECLARE_FINAL_TYPE (ShuLayersBar, shu_layers_bar, SHU, LAYERS_BAR, GtkWidget)

/**
 * ShuLayersBar:
 *
 * The bar above the text listing the other annotators' layers (a
 * GListModel of ShuLayer): each can be shown or hidden, compared with the
 * user's annotations (win.compare-layer, win.agreement-layer) and closed
 * (win.remove-layer); the bar's buttons compare with the first shown
 * (win.compare, win.agreement). It shows only while there are layers.
 */
GtkWidget  *shu_layers_bar_new        (void);
void        shu_layers_bar_set_layers (ShuLayersBar *self,
                                       GListModel   *layers);

G_END_DECLS
