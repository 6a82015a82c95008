/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-application.h"
#include "shu-window.h"
#include "shu-test-utils.h"

G_BEGIN_DECLS

/* The helpers the display tests share (tests/lib): setting up a test
 * program with a private home and a registered application, waiting for
 * frames, rendering a widget for a person to look at. */

/* Call first in a display test's main(): private temporary files
 * (shu_test_use_private_tmp()) and one private home for the whole run,
 * named after @home_template ("shulayim-ui-home-XXXXXX"), with its XDG
 * folders; the home goes with the temporary files. */
void            shu_test_ui_use_private_home   (const char  *home_template);

/* Call before shu_test_ui_init(): when the first argument is "--hebrew",
 * removes it and runs the test as a Hebrew-speaking user starts the app
 * (he_IL.UTF-8, LANGUAGE=he, the catalogs the build made). Returns
 * whether it did. */
gboolean        shu_test_ui_take_hebrew_arg    (int         *argc,
                                                char      ***argv);

/* Then: g_test_init(), shu_test_log_setup(), the system's data folders
 * back, GTK and libadwaita. Returns the application, registered and not
 * unique. (transfer full) */
ShuApplication *shu_test_ui_init               (int         *argc,
                                                char      ***argv);

/* Isolated test folders hide the system's data folders too, and with them
 * the MIME database and icon themes GTK needs to draw icons. They are only
 * read, never written: this gives them back (call it in a fixture's
 * setup). */
void            shu_test_restore_system_data_dirs (void);

/* A window of @app, @width x @height, showing @file, once it has been
 * painted twice. (transfer none: the application holds it) */
ShuWindow      *shu_test_open_window           (ShuApplication *app,
                                                GFile          *file,
                                                int             width,
                                                int             height);

/* Returns once @widget has been painted @n times. */
void            shu_test_wait_for_frames       (GtkWidget   *widget,
                                                guint        n);

/* Pops up @button's menu and returns once it is on screen (asserted).
 * Under Xvfb GTK 4.8 now and then fails to place a popover (it stays
 * unmapped, and the layout GTK made for it is never freed): the menu is
 * popped down and up again, as a user would click again, and in a
 * sanitizer build the leak check does not count what the pop-up itself
 * allocates. */
void            shu_test_popup_menu            (GtkMenuButton *button);

/* Lets pending work (revealer transitions, idles) run for @ms. */
void            shu_test_spin                  (guint        ms);

/* The window of @type shown transient for @parent, if one is.
 * (transfer none) */
GtkWindow      *shu_test_find_transient        (GtkWindow   *parent,
                                                GType        type);

/* The first widget of @type under @widget (itself included), depth first,
 * if there is one. */
GtkWidget      *shu_test_find_descendant       (GtkWidget   *widget,
                                                GType        type);

/* Whether a GtkLabel under @widget (a toast, a dialog) shows exactly
 * @text. */
gboolean        shu_test_shows_label           (GtkWidget   *widget,
                                                const char  *text);

/* Whether a GtkLabel under @widget shows @text within its text (markup
 * aside). */
gboolean        shu_test_shows_text            (GtkWidget   *widget,
                                                const char  *text);

/* The first GtkLabel under @widget that shows @text within its text, if
 * one does. (transfer none) */
GtkLabel       *shu_test_find_label_showing    (GtkWidget   *widget,
                                                const char  *text);

/* The texts of the GtkLabels under @widget that are visible, in order,
 * one a line: what a person reads in a list or a table. (transfer full) */
char           *shu_test_dup_visible_labels    (GtkWidget   *widget);

/* Renders @widget as a PNG at @path. On screen windows are opaque; drawn
 * here, a dialog's background would come out transparent, so the light
 * theme's window colour is painted behind it. */
void            shu_test_render_to_file        (GtkWidget   *widget,
                                                const char  *path);

/* With SHU_TEST_SCREENSHOTS set to a folder, saves @widget there as drawn
 * in the light and in the dark style, STEM-LANG-light.png and
 * STEM-LANG-dark.png (LANG "he" when @hebrew, else "en"), and sets the
 * style back; does nothing without it. */
void            shu_test_screenshot_styles     (GtkWidget   *widget,
                                                const char  *stem,
                                                gboolean     hebrew);

/* Renders @widget into the build folder (tests/ui/@name) as a PNG. */
void            shu_test_render_to_png         (GtkWidget   *widget,
                                                const char  *name);

G_END_DECLS
