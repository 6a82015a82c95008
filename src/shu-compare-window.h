/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-compare.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_COMPARE_WINDOW (shu_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuCompareWindow, shu_compare_window, SHU, COMPARE_WINDOW, AdwWindow)

/**
 * ShuCompareWindow:
 *
 * Where the user's annotations and a layer's agree and differ, one row per
 * item of shu_compare_documents(). Activating a row shows it in @view.
 */
GtkWidget *shu_compare_window_new        (ShuDocument      *mine,
                                          ShuDocument      *theirs,
                                          const char       *theirs_name,
                                          ShuTextView      *view);
/* How many rows have @status. */
guint      shu_compare_window_count      (ShuCompareWindow *self,
                                          ShuCompareStatus  status);
/* The list (one GtkListBoxRow per item, in order), for keyboard use and
 * tests. */
GtkListBox *shu_compare_window_get_list  (ShuCompareWindow *self);
/* The item row @index shows. */
ShuCompareItem *shu_compare_window_get_item (ShuCompareWindow *self,
                                             guint             index);

G_END_DECLS
