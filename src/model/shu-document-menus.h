/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-annotation-store.h"

G_BEGIN_DECLS

/* What the window's menus hold, as GMenus (GIO, no widgets): which items,
 * with which words and actions, for the document and what is selected. */

/* The labels the text's context menu lists at most. */
#define SHU_CONTEXT_MENU_LABELS 20

/* Makes @section hold "Undo STEP" and "Redo STEP" for @store (nullable),
 * leaving it alone when it holds them already (rebuilding a menu rebuilds
 * its popover's items). */
void   shu_document_menus_update_undo  (GMenu              *section,
                                        ShuAnnotationStore *store);
/* Makes @section list @files (element-type ShuRecentFile), each opened
 * by app.open-recent. */
void   shu_document_menus_fill_recent  (GMenu              *section,
                                        GPtrArray          *files);
/* The text's context menu, for what it opens on: @has_selection, a
 * highlight (@on_annotation), or neither, with @undo_section as its
 * Undo and Redo. @store is nullable (no text). (transfer full) */
GMenu *shu_document_menus_new_context  (ShuAnnotationStore *store,
                                        gboolean            has_selection,
                                        gboolean            on_annotation,
                                        GMenuModel         *undo_section)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
