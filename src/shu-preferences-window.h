/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SHU_TYPE_PREFERENCES_WINDOW (shu_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuPreferencesWindow, shu_preferences_window, SHU, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The preferences, bound to the app's GSettings: every change applies at
 * once to every window. */
GtkWidget *shu_preferences_window_new (GtkWindow *parent);

G_END_DECLS
