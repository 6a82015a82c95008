/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-document.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

/**
 * ShuCompareStatus:
 * @SHU_COMPARE_SAME: both marked the same ranges with the same label
 * @SHU_COMPARE_OVERLAP: both used the label on overlapping ranges
 * @SHU_COMPARE_ONLY_MINE: only the user's document has it
 * @SHU_COMPARE_ONLY_THEIRS: only the layer has it
 */
typedef enum
{
  SHU_COMPARE_SAME,
  SHU_COMPARE_OVERLAP,
  SHU_COMPARE_ONLY_MINE,
  SHU_COMPARE_ONLY_THEIRS,
  SHU_COMPARE_N_STATUS,
} ShuCompareStatus;

/**
 * ShuCompareItem:
 * @mine, @theirs: the two annotations (one is NULL for ONLY_*)
 *
 * One line of the comparison. Pairs never cross labels (matched by name)
 * and are one to one, as in docs/AGREEMENT.md: exact pairs first, then
 * overlapping ones by the number of code points in common.
 */
typedef struct
{
  ShuCompareStatus  status;
  char             *label;   /* the label's name; NULL for no label */
  ShuAnnotation    *mine;
  ShuAnnotation    *theirs;
} ShuCompareItem;

void       shu_compare_item_free (ShuCompareItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuCompareItem, shu_compare_item_free)

/* (element-type ShuCompareItem) (transfer full), in text order. */
GPtrArray *shu_compare_documents (ShuDocument *mine,
                                  ShuDocument *theirs);

#define SHU_TYPE_COMPARE_WINDOW (shu_compare_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuCompareWindow, shu_compare_window, SHU, COMPARE_WINDOW, AdwWindow)

/**
 * ShuCompareWindow:
 *
 * Where the user's annotations and a layer's agree and differ, one row per
 * pair or lone annotation, grouped by label. Activating a row shows it in
 * @view.
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
