/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define SHU_TYPE_ORPHANS_BAR (shu_orphans_bar_get_type ())
G_DECLARE_FINAL_TYPE (ShuOrphansBar, shu_orphans_bar, SHU, ORPHANS_BAR, GtkWidget)

/**
 * ShuOrphansBar:
 *
 * The banner above the text telling that some annotations could not be
 * placed on it, with a button to list them (win.orphans). It shows only
 * while there are some.
 *
 * Properties: "n-orphans" (guint): how many.
 */
GtkWidget *shu_orphans_bar_new           (void);
guint      shu_orphans_bar_get_n_orphans (ShuOrphansBar *self);
void       shu_orphans_bar_set_n_orphans (ShuOrphansBar *self,
                                          guint          n_orphans);

G_END_DECLS
