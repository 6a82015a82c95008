/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "shu-recent-files.h"
#include "shu-test-utils.h"

/* The recent files a researcher finds in the window's menu and in GNOME
 * Files: what Shulayim opened or saved, newest first, in the desktop's
 * shared list, without losing what other programs put there. */

typedef struct
{
  char  *tmpdir;
  GFile *xbel;
  guint  n_changed;
} Fixture;

static void
changed_cb (ShuRecentFiles *recent,
            Fixture        *fixture)
{
  fixture->n_changed++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("shulayim-recent-XXXXXX", &error);
  g_assert_no_error (error);
  /* A new account: the data folder is not there yet. */
  fixture->xbel = g_file_new_build_filename (fixture->tmpdir, "share", "recently-used.xbel",
                                             NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->xbel);
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

/* Waits at most five seconds for @n readings of the list in all. */
static void
wait_for_changes (Fixture *fixture,
                  guint    n)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (fixture->n_changed < n && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->n_changed, >=, n);
}

static GFile *
make_file (Fixture    *fixture,
           const char *name)
{
  GFile *file = g_file_new_build_filename (fixture->tmpdir, name, NULL);

  g_assert_true (g_file_set_contents (g_file_peek_path (file), "שלום\n", -1, NULL));
  return file;
}

static void
test_newest_first (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ShuRecentFiles) recent = shu_recent_files_new (fixture->xbel);
  g_autoptr(GFile) essay = make_file (fixture, "essay.txt");
  g_autoptr(GFile) letters = make_file (fixture, "מכתבים.txt");
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GBookmarkFile) on_disk = g_bookmark_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *essay_uri = g_file_get_uri (essay);

  g_signal_connect (recent, "changed", G_CALLBACK (changed_cb), fixture);
  wait_for_changes (fixture, 1);
  mine = shu_recent_files_dup_mine (recent, 8);
  g_assert_cmpuint (mine->len, ==, 0);
  g_clear_pointer (&mine, g_ptr_array_unref);

  shu_recent_files_add (recent, essay);
  wait_for_changes (fixture, 2);
  /* The list's dates are to the second. */
  g_usleep (G_USEC_PER_SEC + 100000);
  shu_recent_files_add (recent, letters);
  wait_for_changes (fixture, 3);

  mine = shu_recent_files_dup_mine (recent, 8);
  g_assert_cmpuint (mine->len, ==, 2);
  g_assert_cmpstr (((ShuRecentFile *) g_ptr_array_index (mine, 0))->name, ==, "מכתבים.txt");
  g_assert_cmpstr (((ShuRecentFile *) g_ptr_array_index (mine, 1))->name, ==, "essay.txt");
  g_assert_cmpstr (((ShuRecentFile *) g_ptr_array_index (mine, 1))->uri, ==, essay_uri);
  g_clear_pointer (&mine, g_ptr_array_unref);
  mine = shu_recent_files_dup_mine (recent, 1);
  g_assert_cmpuint (mine->len, ==, 1);

  /* In the shared file, with this program and the file's type, so that
   * the desktop offers to open it with Shulayim. */
  g_assert_true (g_bookmark_file_load_from_file (on_disk, g_file_peek_path (fixture->xbel),
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (g_bookmark_file_has_application (on_disk, essay_uri, "Shulayim", NULL));
  g_assert_cmpstr (g_bookmark_file_get_mime_type (on_disk, essay_uri, NULL), ==,
                   "text/plain");
}

/* Another program's entries stay, and its changes are read. */
static void
test_others_kept (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBookmarkFile) theirs = g_bookmark_file_new ();
  g_autoptr(ShuRecentFiles) recent = NULL;
  g_autoptr(GFile) essay = make_file (fixture, "essay.txt");
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (g_file_peek_path (fixture->xbel));
  const char *photo = "file:///home/someone/photo.jpg";
  const char *other = "file:///home/someone/other.txt";

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_bookmark_file_add_application (theirs, photo, "Image Viewer", "eog %u");
  g_assert_true (g_bookmark_file_to_file (theirs, g_file_peek_path (fixture->xbel), &error));
  g_assert_no_error (error);

  recent = shu_recent_files_new (fixture->xbel);
  g_signal_connect (recent, "changed", G_CALLBACK (changed_cb), fixture);
  shu_recent_files_add (recent, essay);
  wait_for_changes (fixture, 2);
  mine = shu_recent_files_dup_mine (recent, 8);
  g_assert_cmpuint (mine->len, ==, 1);
  g_clear_pointer (&mine, g_ptr_array_unref);

  /* Shulayim in another process opened a file: told by the monitor. */
  g_bookmark_file_free (g_steal_pointer (&theirs));
  theirs = g_bookmark_file_new ();
  g_assert_true (g_bookmark_file_load_from_file (theirs, g_file_peek_path (fixture->xbel),
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (g_bookmark_file_has_item (theirs, photo));
  g_bookmark_file_add_application (theirs, other, "Shulayim", "shulayim %u");
  g_assert_true (g_bookmark_file_to_file (theirs, g_file_peek_path (fixture->xbel), &error));
  g_assert_no_error (error);
  for (gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
       g_get_monotonic_time () < end;)
    {
      g_clear_pointer (&mine, g_ptr_array_unref);
      mine = shu_recent_files_dup_mine (recent, 8);
      if (mine->len == 2)
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (mine->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_set_application_name ("Shulayim");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/recent-files/newest-first", test_newest_first);
  ADD ("/recent-files/others-kept", test_others_kept);
#undef ADD

  return g_test_run ();
}
