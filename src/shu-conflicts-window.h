/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-document.h"

G_BEGIN_DECLS

#define SHU_TYPE_CONFLICTS_WINDOW (shu_conflicts_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuConflictsWindow, shu_conflicts_window, SHU, CONFLICTS_WINDOW,
                      AdwWindow)

/**
 * ShuConflictsWindow:
 *
 * The labels and annotations of a document that a merge marked as
 * conflicts. A label conflict (shu_label_get_conflict()) shows both
 * versions (colour, name, shortcut) with a button to keep each, which
 * resolves it through shu_merge_resolve_label() (one undoable step).
 * Annotations: the two versions of each side by side.
 * "Keep This Version" emits "keep" with the annotation's id; for a
 * version the other side deleted, "Delete" emits "discard". The list
 * follows the store, so a resolved conflict leaves it (and an undone
 * resolution comes back).
 */
GtkWidget *shu_conflicts_window_new        (ShuDocument        *document);
/* The ids of the annotations listed, in order. (transfer container) */
GPtrArray *shu_conflicts_window_dup_ids    (ShuConflictsWindow *self);
/* The ids of the labels listed, in order. (transfer container) */
GPtrArray *shu_conflicts_window_dup_label_ids (ShuConflictsWindow *self);

/* The annotations with a conflict mark, paired versions next to each
 * other. (element-type ShuAnnotation) (transfer container) */
GPtrArray *shu_document_list_conflicts     (ShuDocument        *document);

G_END_DECLS
