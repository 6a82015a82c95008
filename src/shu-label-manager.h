/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-annotation-store.h"

G_BEGIN_DECLS

#define SHU_TYPE_LABEL_MANAGER (shu_label_manager_get_type ())
G_DECLARE_FINAL_TYPE (ShuLabelManager, shu_label_manager, SHU, LABEL_MANAGER, AdwWindow)

/**
 * ShuLabelManager:
 *
 * A window listing the labels of an annotation store: add, rename,
 * recolour, reorder, delete, and give each a shortcut digit. Every change
 * goes through the store and is one undoable step (Ctrl+Z works here too).
 *
 * Each command is a "labels." action, so a row's buttons and a test reach
 * it the same way:
 * - labels.add: append a new label and focus its name;
 * - labels.rename (ss): label id, new name;
 * - labels.set-color (ss): label id, "#rrggbb";
 * - labels.set-shortcut (su): label id, digit 1-9 or 0 for none; a digit
 *   another label has moves to this one, in the same step;
 * - labels.move-up, labels.move-down (s): label id;
 * - labels.delete (s): asks first, saying how many annotations carry the
 *   label (they stay, unlabelled).
 *
 * Properties: "store" (ShuAnnotationStore, construct-only).
 */
GtkWidget          *shu_label_manager_new       (GtkWindow          *parent,
                                                 ShuAnnotationStore *store);
ShuAnnotationStore *shu_label_manager_get_store (ShuLabelManager    *self);

G_END_DECLS
