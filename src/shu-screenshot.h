/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Pictures of a window as the screen shows it: --screenshot, and the
 * tests that look at what is drawn. */

/* Told when a screenshot is saved, or failed (then @error says why). */
typedef void     (*ShuScreenshotDone)  (GtkWidget    *widget,
                                        const GError *error,
                                        gpointer      user_data);
/* Whether @widget shows what the picture is for (its text is loaded). */
typedef gboolean (*ShuScreenshotReady) (GtkWidget    *widget);

/* Renders @widget (a window) to @png once it has been drawn a few times
 * and @ready says so, then calls @done. The file is written off the main
 * thread. */
void        shu_screenshot_take   (GtkWidget          *widget,
                                   GFile              *png,
                                   ShuScreenshotReady  ready,
                                   ShuScreenshotDone   done,
                                   gpointer            user_data);
/* Renders @widget (a window) as the next frame shows it. (transfer full) */
GdkTexture *shu_screenshot_render (GtkWidget          *widget,
                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
