/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-label.h"

G_BEGIN_DECLS

#define SHU_TYPE_ANNOTATE_POPOVER (shu_annotate_popover_get_type ())
G_DECLARE_FINAL_TYPE (ShuAnnotatePopover, shu_annotate_popover, SHU, ANNOTATE_POPOVER, GtkPopover)

/**
 * ShuAnnotatePopover:
 *
 * Asks for the label and the comment of a new annotation, without leaving
 * the keyboard: digits 1-9 pick a label, Tab moves to the comment,
 * Ctrl+Enter confirms (the "annotate.confirm" action), Escape cancels.
 * While no annotator name is known it also asks for one.
 *
 * Signals: "confirmed" (label id or NULL, comment or NULL): the user
 * confirmed; the popover has closed.
 */
GtkWidget  *shu_annotate_popover_new           (void);

void        shu_annotate_popover_set_labels    (ShuAnnotatePopover *self,
                                                ShuLabelSet        *labels);
/* Clears the comment and selects the first label; @author NULL hides the
 * name entry, otherwise it asks for the name, suggesting @author. */
void        shu_annotate_popover_reset         (ShuAnnotatePopover *self,
                                                const char         *author);
gboolean    shu_annotate_popover_select_label  (ShuAnnotatePopover *self,
                                                const char         *label_id);
/* The label a digit key stands for: the one with that shortcut, else the
 * digit's position in the list. NULL if none. */
ShuLabel   *shu_annotate_popover_label_for_digit (ShuLabelSet      *labels,
                                                  guint             digit);
const char *shu_annotate_popover_get_label_id  (ShuAnnotatePopover *self);
void        shu_annotate_popover_set_comment   (ShuAnnotatePopover *self,
                                                const char         *comment);
/* The comment, or NULL when left blank. (transfer full) */
char       *shu_annotate_popover_dup_comment   (ShuAnnotatePopover *self);
/* The name typed in the entry, or NULL when not asked. (transfer full) */
char       *shu_annotate_popover_dup_author    (ShuAnnotatePopover *self);
/* (element-type ShuAttribute) The attributes set for the chosen label. */
GPtrArray  *shu_annotate_popover_dup_attributes (ShuAnnotatePopover *self);

G_END_DECLS
