/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SHU_TYPE_PREFERENCES_WINDOW (shu_preferences_window_get_type ())
/* A window of its own before libadwaita 1.5, a dialog inside the main
 * window from then on, where the window is deprecated. */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (ShuPreferencesWindow, shu_preferences_window, SHU, PREFERENCES_WINDOW,
                      AdwPreferencesDialog)
#else
G_DECLARE_FINAL_TYPE (ShuPreferencesWindow, shu_preferences_window, SHU, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)
#endif

/* The preferences, bound to the app's GSettings: every change applies at
 * once to every window. @parent is the window they are shown over. */
GtkWidget *shu_preferences_window_new     (GtkWindow *parent);
void       shu_preferences_window_present (ShuPreferencesWindow *self,
                                           GtkWindow            *parent);

G_END_DECLS
