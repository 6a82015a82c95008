/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-document.h"

G_BEGIN_DECLS

#define SHU_TYPE_ORPHANS_WINDOW (shu_orphans_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuOrphansWindow, shu_orphans_window, SHU, ORPHANS_WINDOW, AdwWindow)

/**
 * ShuOrphansWindow:
 *
 * The annotations of a document that could not be placed on its text
 * (shu_document_get_orphans(), resolved ones left out): each with its
 * quote as recorded, label and comments, and buttons to attach it to the
 * selection in the text or delete it. The window only asks: the buttons
 * emit "attach" and "delete" with the orphan's index, and the owner calls
 * shu_orphans_window_refresh() after acting.
 */
GtkWidget  *shu_orphans_window_new       (ShuDocument      *document);
void        shu_orphans_window_refresh   (ShuOrphansWindow *self);
/* The orphans listed, as indexes into shu_document_get_orphans(). */
guint       shu_orphans_window_get_n_rows (ShuOrphansWindow *self);
guint       shu_orphans_window_get_index  (ShuOrphansWindow *self,
                                           guint             row);

G_END_DECLS
