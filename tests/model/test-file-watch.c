/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "shu-file-watch.h"
#include "shu-test-utils.h"

/* A sidecar open in the window, and the programs around it: a colleague's
 * sync client writes other annotations (a change), an editor saves it
 * unchanged (no change), the user accepts what is there (no change any
 * more), a file that was not there appears (a change). The watch does its
 * looking in worker threads and answers on the main context. */

typedef struct
{
  char         *tmpdir;
  GFile        *file;
  ShuFileWatch *watch;
  guint         n_changed;
  guint         last_changed;
} Fixture;

static void
changed_cb (ShuFileWatch *watch,
            guint         which,
            Fixture      *fixture)
{
  fixture->n_changed++;
  fixture->last_changed = which;
}

static void
write_file (Fixture    *fixture,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (g_file_peek_path (fixture->file), contents, -1, &error));
  g_assert_no_error (error);
}

static ShuFileStamp *
read_stamp (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  ShuFileStamp *stamp = shu_file_stamp_read (fixture->file, NULL, &error);

  g_assert_no_error (error);
  return stamp;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("shulayim-watch-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->file = g_file_new_build_filename (fixture->tmpdir, "essay.txt.annotations.json",
                                             NULL);
  fixture->watch = shu_file_watch_new ();
  g_signal_connect (fixture->watch, "changed", G_CALLBACK (changed_cb), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  /* A look that was running when it stopped holds the watch until its
   * worker is done. */
  shu_file_watch_stop (fixture->watch);
  g_object_add_weak_pointer (G_OBJECT (fixture->watch), (gpointer *) &fixture->watch);
  g_object_unref (fixture->watch);
  while (fixture->watch != NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (fixture->watch);
  g_clear_object (&fixture->file);
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

/* Iterates the main context for @ms milliseconds. */
static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

/* Waits at most five seconds for @fixture to hear of @n changes. */
static gboolean
wait_for_changes (Fixture *fixture,
                  guint    n)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (fixture->n_changed < n && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  return fixture->n_changed >= n;
}

typedef struct
{
  gboolean  done;
  gboolean  changed;
  GError   *error;
} Check;

static void
check_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Check *check = user_data;

  check->changed = shu_file_watch_check_finish (SHU_FILE_WATCH (object), result,
                                                &check->error);
  check->done = TRUE;
}

/* What a save asks right before writing. */
static gboolean
changed_on_disk (Fixture *fixture)
{
  Check check = { FALSE, FALSE, NULL };
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  shu_file_watch_check_async (fixture->watch, SHU_FILE_WATCH_SIDECAR, check_cb, &check);
  while (!check.done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (check.done);
  g_assert_no_error (check.error);
  return check.changed;
}

static void
test_colleague_writes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ShuFileStamp) stamp = NULL;

  write_file (fixture, "{\"mine\": 1}");
  stamp = read_stamp (fixture);
  shu_file_watch_set (fixture->watch, SHU_FILE_WATCH_SIDECAR, fixture->file, stamp);
  g_assert_true (shu_file_watch_had_file (fixture->watch, SHU_FILE_WATCH_SIDECAR));
  g_assert_false (changed_on_disk (fixture));

  /* Told without asking, once the events settle. */
  write_file (fixture, "{\"theirs\": 2}");
  g_assert_true (wait_for_changes (fixture, 1));
  g_assert_cmpuint (fixture->last_changed, ==, SHU_FILE_WATCH_SIDECAR);
  g_assert_true (changed_on_disk (fixture));

  /* Accepted: what is there now is no change any more, and a check asked
   * right after the accept sees it accepted. */
  shu_file_watch_accept (fixture->watch, SHU_FILE_WATCH_SIDECAR);
  g_assert_false (changed_on_disk (fixture));
  g_assert_true (shu_file_watch_had_file (fixture->watch, SHU_FILE_WATCH_SIDECAR));
}

static void
test_saved_unchanged (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ShuFileStamp) stamp = NULL;

  write_file (fixture, "{\"mine\": 1}");
  stamp = read_stamp (fixture);
  shu_file_watch_set (fixture->watch, SHU_FILE_WATCH_SIDECAR, fixture->file, stamp);

  /* Same bytes, new file (a new inode, new times): nothing to tell. */
  write_file (fixture, "{\"mine\": 1}");
  spin (800);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_false (changed_on_disk (fixture));

  /* Deleted: no change to take in (the next save writes it again). */
  g_assert_cmpint (g_unlink (g_file_peek_path (fixture->file)), ==, 0);
  spin (800);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_false (changed_on_disk (fixture));
}

static void
test_file_appears (Fixture       *fixture,
                   gconstpointer  data)
{
  /* A new text's sidecar is not there yet: as it is now means no file. */
  shu_file_watch_set (fixture->watch, SHU_FILE_WATCH_SIDECAR, fixture->file, NULL);
  g_assert_false (changed_on_disk (fixture));
  g_assert_false (shu_file_watch_had_file (fixture->watch, SHU_FILE_WATCH_SIDECAR));

  write_file (fixture, "{\"theirs\": 2}");
  g_assert_true (wait_for_changes (fixture, 1));
  g_assert_true (changed_on_disk (fixture));

  /* Another file: the old one's stamp means nothing for it. */
  shu_file_watch_set (fixture->watch, SHU_FILE_WATCH_SIDECAR, NULL, NULL);
  g_assert_false (changed_on_disk (fixture));
  g_assert_null (shu_file_watch_get_file (fixture->watch, SHU_FILE_WATCH_SIDECAR));
}

/* Stopped (the window closed): a check still asked for is told so, and
 * nothing more is heard. */
static void
test_stop (Fixture       *fixture,
           gconstpointer  data)
{
  Check check = { FALSE, FALSE, NULL };

  write_file (fixture, "{\"mine\": 1}");
  shu_file_watch_set (fixture->watch, SHU_FILE_WATCH_SIDECAR, fixture->file, NULL);
  shu_file_watch_stop (fixture->watch);
  shu_file_watch_check_async (fixture->watch, SHU_FILE_WATCH_SIDECAR, check_cb, &check);
  write_file (fixture, "{\"theirs\": 2}");
  spin (800);
  g_assert_cmpuint (fixture->n_changed, ==, 0);
  g_assert_true (check.done);
  g_assert_error (check.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&check.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/file-watch/colleague-writes", test_colleague_writes);
  ADD ("/file-watch/saved-unchanged", test_saved_unchanged);
  ADD ("/file-watch/file-appears", test_file_appears);
  ADD ("/file-watch/stop", test_stop);
#undef ADD

  return g_test_run ();
}
