/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <gdk/x11/gdkx.h>

#include "shu-annotation-store.h"
#include "shu-document.h"
#include "shu-test-ui.h"
#include "shu-text-view.h"

/* A reader changes an annotation's extent with the mouse: the selected
 * annotation has a handle at each end, and dragging one (real pointer
 * presses and moves through the X server, xdotool) moves that end, by
 * whole words unless character-exact selection is on, as one undoable
 * step. The text is Hebrew: its end is on the left. */

#define TEXT "כישלונו של משטר בלבד או גם כישלונו של חזון .\n"

static ShuApplication *app;

typedef struct
{
  char          *tmpdir;
  ShuWindow     *window;
  ShuTextView   *view;
  ShuSource     *source;
  ShuAnnotationStore *store;
  char          *id;
} Fixture;

static guint
offset_of (ShuSource  *source,
           const char *needle)
{
  const char *text = shu_source_get_text (source);
  const char *hit = strstr (text, needle);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (text, hit);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ShuRange range;

  g_settings_set_boolean (settings, "join-lines", TRUE);
  fixture->tmpdir = g_dir_make_tmp ("shulayim-ui-XXXXXX", &error);
  g_assert_no_error (error);
  text = g_file_new_build_filename (fixture->tmpdir, "short.txt", NULL);
  g_file_set_contents (g_file_peek_path (text), TEXT, -1, &error);
  g_assert_no_error (error);

  fixture->window = shu_test_open_window (app, text, 900, 500);
  fixture->view = shu_window_get_text_view (fixture->window);
  fixture->source = shu_document_get_source (shu_window_get_document (fixture->window));
  fixture->store = shu_document_get_store (shu_window_get_document (fixture->window));

  range.start = offset_of (fixture->source, "משטר");
  range.end = range.start + 4;
  annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL, NULL, NULL, NULL);
  g_assert_true (shu_annotation_store_add (fixture->store, annotation, NULL));
  fixture->id = g_strdup (shu_annotation_get_id (annotation));
  shu_text_view_set_selected_annotation (fixture->view, annotation);
  gtk_window_present (GTK_WINDOW (fixture->window));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->view), 3);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_settings_set_boolean (settings, "exact-selection", FALSE);
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_free (fixture->id);
}

/* The window's X coordinates of the text view's (@x, @y). */
static void
view_to_window (Fixture *fixture,
                double   x,
                double   y,
                int     *wx,
                int     *wy)
{
  double tx, ty, sx, sy;

  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (fixture->view),
                                                   GTK_WIDGET (fixture->window),
                                                   x, y, &tx, &ty));
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &sx, &sy);
  *wx = (int) (tx + sx);
  *wy = (int) (ty + sy);
}

/* Runs xdotool with @args, where "WINDOW" stands for the window's X
 * id, then lets the window handle what it got. */
static void
xdotool (Fixture    *fixture,
         const char *args)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (fixture->window));
  g_autofree char *id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_auto(GStrv) parts = g_strsplit (args, "WINDOW", -1);
  g_autofree char *joined = g_strjoinv (id, parts);
  g_autofree char *command = g_strdup_printf ("xdotool %s", joined);
  g_autoptr(GError) error = NULL;
  int status = -1;

  g_test_message ("%s", command);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_cmpint (status, ==, 0);
  shu_test_spin (300);
}

/* Presses the primary button at the view's (x0, y0), moves in steps to
 * (x1, y1) and lets go there. */
static void
drag (Fixture *fixture,
      double   x0,
      double   y0,
      double   x1,
      double   y1)
{
  int wx, wy;

  view_to_window (fixture, x0, y0, &wx, &wy);
  {
    g_autofree char *move = g_strdup_printf ("mousemove --window WINDOW %d %d", wx, wy);

    xdotool (fixture, move);
  }
  xdotool (fixture, "mousedown 1");
  for (int step = 1; step <= 4; step++)
    {
      g_autofree char *move = NULL;

      view_to_window (fixture, x0 + (x1 - x0) * step / 4, y0 + (y1 - y0) * step / 4, &wx, &wy);
      move = g_strdup_printf ("mousemove --window WINDOW %d %d", wx, wy);
      xdotool (fixture, move);
    }
  xdotool (fixture, "mouseup 1");
}

static char *
dup_quote (Fixture *fixture)
{
  ShuAnnotation *current = shu_annotation_store_lookup (fixture->store, fixture->id);

  g_assert_nonnull (current);
  return shu_source_dup_range (fixture->source, shu_annotation_get_start (current),
                               shu_annotation_get_end (current));
}

/* The end of "משטר" (the left edge of its last letter, Hebrew running
 * right to left) dragged into the middle of the next word, "בלבד": the
 * annotation takes the whole word; one undo gives back "משטר". Then the
 * start (the right edge of its first letter) dragged onto the word
 * before it, "של". */
static void
test_drag_handles (Fixture       *fixture,
                   gconstpointer  data)
{
  guint start = offset_of (fixture->source, "משטר");
  guint end = start + 4;
  guint next = offset_of (fixture->source, "בלבד");
  guint before = offset_of (fixture->source, "של ");
  GdkRectangle last, target, first;
  g_autofree char *quote = NULL;

  g_assert_true (shu_text_view_get_offset_area (fixture->view, end - 1, &last));
  g_assert_true (shu_text_view_get_offset_area (fixture->view, next + 2, &target));
  /* Right to left: the next word is to the left. */
  g_assert_cmpint (target.x, <, last.x);
  drag (fixture, last.x, last.y + last.height / 2.0,
        target.x + target.width / 2.0, target.y + target.height / 2.0);
  quote = dup_quote (fixture);
  g_assert_cmpstr (quote, ==, "משטר בלבד");
  g_assert_cmpstr (shu_annotation_store_get_undo_description (fixture->store), ==,
                   "Change Extent");
  g_assert_true (shu_annotation_store_undo (fixture->store));
  g_clear_pointer (&quote, g_free);
  quote = dup_quote (fixture);
  g_assert_cmpstr (quote, ==, "משטר");
  /* Undone, the annotation is still the one whose handles show. */
  shu_text_view_set_selected_annotation (fixture->view,
                                         shu_annotation_store_lookup (fixture->store,
                                                                      fixture->id));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->view), 2);

  g_assert_true (shu_text_view_get_offset_area (fixture->view, start, &first));
  g_assert_true (shu_text_view_get_offset_area (fixture->view, before + 1, &target));
  g_assert_cmpint (target.x, >, first.x);
  drag (fixture, first.x + first.width, first.y + first.height / 2.0,
        target.x + target.width / 2.0, target.y + target.height / 2.0);
  g_clear_pointer (&quote, g_free);
  quote = dup_quote (fixture);
  g_assert_cmpstr (quote, ==, "של משטר");
}

/* With character-exact selection, the end stops between the letters it
 * was dropped at. */
static void
test_drag_exact (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint end = offset_of (fixture->source, "משטר") + 4;
  guint next = offset_of (fixture->source, "בלבד");
  GdkRectangle last, target;
  g_autofree char *quote = NULL;

  g_settings_set_boolean (settings, "exact-selection", TRUE);
  shu_test_spin (100);
  g_assert_true (shu_text_view_get_offset_area (fixture->view, end - 1, &last));
  g_assert_true (shu_text_view_get_offset_area (fixture->view, next + 1, &target));
  /* Onto the left edge of "ל", the second letter: after it. */
  drag (fixture, last.x, last.y + last.height / 2.0,
        target.x + 1, target.y + target.height / 2.0);
  quote = dup_quote (fixture);
  g_assert_cmpstr (quote, ==, "משטר בל");
}

int
main (int   argc,
      char *argv[])
{
  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);

  g_test_add ("/extent-drag/handles", Fixture, NULL,
              fixture_setup, test_drag_handles, fixture_teardown);
  g_test_add ("/extent-drag/exact", Fixture, NULL,
              fixture_setup, test_drag_exact, fixture_teardown);
  return g_test_run ();
}
