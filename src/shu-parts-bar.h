/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHU_TYPE_PARTS_BAR (shu_parts_bar_get_type ())
G_DECLARE_FINAL_TYPE (ShuPartsBar, shu_parts_bar, SHU, PARTS_BAR, GtkWidget)

/**
 * ShuPartsBar:
 *
 * The bar above a text too long to lay out at once, which the view shows a
 * part at a time (shu_text_view_get_n_parts()): which part is shown, and
 * buttons to the previous and the next (win.previous-part,
 * win.next-part). It shows only while there is more than one part.
 *
 * Properties: "part" (guint, from 0) and "n-parts" (guint).
 */
GtkWidget  *shu_parts_bar_new       (void);
const char *shu_parts_bar_get_title (ShuPartsBar *self);

G_END_DECLS
