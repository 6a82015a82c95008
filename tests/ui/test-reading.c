/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-document.h"
#include "shu-test-ui.h"
#include "shu-text-view.h"

/* The page as a reader sees it. */

static ShuApplication *app;

/* The essay's first lines in paragraphs with a blank line between them,
 * as many texts mark paragraphs: the gap between two paragraphs is a
 * paragraph's gap, no larger than two of the lines' (it was the blank
 * line at full height with a paragraph's gap above and below it, about
 * three and a half lines). */
static void
test_blank_line_gap (void)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autofree char *contents = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("shulayim-ui-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) lines = NULL;
  ShuWindow *window;
  ShuTextView *view;
  GdkRectangle first, second, last, next;
  const char *shown;
  guint end_of_first;

  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (essay, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", 13);
  for (guint i = 0; i < 12; i++)
    g_string_append_printf (text, "%s\n%s", lines[i], i == 5 ? "\n" : "");
  path = g_build_filename (tmpdir, "paragraphs.txt", NULL);
  g_file_set_contents (path, text->str, -1, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (path);

  window = shu_test_open_window (app, file, 1000, 700);
  view = shu_window_get_text_view (window);
  shu_test_wait_for_frames (GTK_WIDGET (view), 3);
  shown = shu_source_get_text (shu_document_get_source (shu_window_get_document (window)));
  end_of_first = g_utf8_pointer_to_offset (shown, strstr (shown, "\n\n"));

  /* Two wrapped lines of the first paragraph, its last, and the next
   * paragraph's first line. */
  g_assert_true (shu_text_view_get_offset_area (view, 0, &first));
  g_assert_true (shu_text_view_get_offset_area (view, end_of_first - 1, &last));
  g_assert_true (shu_text_view_get_offset_area (view, end_of_first + 2, &next));
  for (guint offset = 1; offset < end_of_first; offset++)
    {
      g_assert_true (shu_text_view_get_offset_area (view, offset, &second));
      if (second.y > first.y)
        break;
    }
  g_assert_cmpint (second.y, >, first.y);
  g_test_message ("line pitch %d, paragraph gap %d", second.y - first.y, next.y - last.y);
  g_assert_cmpint (next.y - last.y, <=, 2 * (second.y - first.y));
  /* And still clearly more than a line's. */
  g_assert_cmpint (next.y - last.y, >, (second.y - first.y) * 5 / 4);

  gtk_window_destroy (GTK_WINDOW (window));
  shu_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);

  g_test_add_func ("/reading/blank-line-gap", test_blank_line_gap);
  return g_test_run ();
}
