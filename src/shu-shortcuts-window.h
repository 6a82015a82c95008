/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SHU_TYPE_SHORTCUTS_WINDOW (shu_shortcuts_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuShortcutsWindow, shu_shortcuts_window, SHU, SHORTCUTS_WINDOW,
                      AdwWindow)

#define SHU_TYPE_SHORTCUT_ROW (shu_shortcut_row_get_type ())
G_DECLARE_FINAL_TYPE (ShuShortcutRow, shu_shortcut_row, SHU, SHORTCUT_ROW, AdwActionRow)

/**
 * shu_shortcuts_window_new:
 * @parent: the window whose keys are shown
 *
 * The keyboard shortcuts window: every key the application binds, in
 * groups, each row a command and its keys drawn as keycaps, with a search
 * entry that keeps the rows whose title matches. Modal; Escape closes it.
 * Made of widgets libadwaita 1.2 has and none deprecated since (it stands
 * in for GtkShortcutsWindow, deprecated in GTK 4.18, until libadwaita
 * 1.8's AdwShortcutsDialog is everywhere).
 */
GtkWindow  *shu_shortcuts_window_new              (GtkWindow      *parent);

/* The keys of @self as declared ("<Control>o", alternatives apart by
 * spaces, "1...9" for a range). */
const char *shu_shortcut_row_get_accelerator      (ShuShortcutRow *self);

G_END_DECLS
