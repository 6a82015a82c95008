/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "shu-recovery.h"
#include "shu-safe-file.h"
#include "shu-test-utils.h"

/* Kills a process in the middle of saving a large sidecar, hundreds of
 * times, and checks that the file on disk is always one whole version:
 * either the old one or the new one, byte for byte, through a symbolic
 * link as well as directly. */

/* Per file; both together make more than 200. */
#define KILLS 120

static char *tmpdir;
static gulong save_usec;
static char *helper;
static GBytes *version_a;
static GBytes *version_b;

static void
make_versions (void)
{
  g_autofree char *a = g_build_filename (tmpdir, "a.json", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "b.json", NULL);
  const char *argv[] = { helper, "make", g_getenv ("SHU_ESSAY"), a, b, NULL };
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize size;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  g_assert_true (g_file_get_contents (a, &contents, &size, NULL));
  version_a = g_bytes_new_take (contents, size);
  g_assert_true (g_file_get_contents (b, &contents, &size, NULL));
  version_b = g_bytes_new_take (contents, size);
  g_assert_false (g_bytes_equal (version_a, version_b));
  g_test_message ("versions of %zu and %zu bytes", g_bytes_get_size (version_a),
                  g_bytes_get_size (version_b));
}

/* Starts the save loop on @path and waits until it is saving. */
static GPid
start_saving (const char *path,
              int        *out)
{
  g_autofree char *a = g_build_filename (tmpdir, "a.json", NULL);
  g_autofree char *b = g_build_filename (tmpdir, "b.json", NULL);
  const char *argv[] = { helper, "loop", path, a, b, NULL };
  g_autoptr(GError) error = NULL;
  char line[6];
  GPid pid;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (read (*out, line, 6), ==, 6);
  return pid;
}

/* How long one save takes on this machine, so that the kills can land
 * anywhere in one: the helper says "saved" after each. */
static void
time_saves (const char *path)
{
  int out;
  GPid pid = start_saving (path, &out);
  gint64 start = g_get_monotonic_time ();
  char line[6];
  guint n = 0;

  while (g_get_monotonic_time () - start < G_USEC_PER_SEC / 2 || n < 3)
    {
      g_assert_cmpint (read (out, line, 6), ==, 6);
      n++;
    }
  save_usec = (g_get_monotonic_time () - start) / n;
  kill (pid, SIGKILL);
  waitpid (pid, NULL, 0);
  g_spawn_close_pid (pid);
  close (out);
  g_test_message ("one save takes %lu µs", save_usec);
}

static void
check_kills (gboolean through_symlink)
{
  g_autofree char *dir = g_build_filename (tmpdir, through_symlink ? "link" : "plain", NULL);
  g_autofree char *target = g_build_filename (dir, "t.annotations.json", NULL);
  g_autofree char *link = g_build_filename (dir, "link.annotations.json", NULL);
  const char *path = through_symlink ? link : target;
  GRand *rand = g_rand_new_with_seed (g_test_rand_int ());
  guint as = 0, bs = 0;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (target, g_bytes_get_data (version_a, NULL),
                                      g_bytes_get_size (version_a), NULL));
  if (through_symlink)
    g_assert_cmpint (symlink ("t.annotations.json", link), ==, 0);
  if (save_usec == 0)
    time_saves (path);

  for (guint i = 0; i < KILLS; i++)
    {
      g_autoptr(GBytes) now = NULL;
      char *contents;
      gsize size;
      int out, status;
      GPid pid = start_saving (path, &out);
      struct stat st;

      /* Anywhere in the first saves; at least 20 ms, since on a busy
       * machine the helper may wait that long for a processor. */
      g_usleep (g_rand_int_range (rand, 0, MAX (20000, 4 * save_usec)));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
      close (out);
      g_assert_true (WIFSIGNALED (status));

      g_assert_true (g_file_get_contents (target, &contents, &size, NULL));
      now = g_bytes_new_take (contents, size);
      if (g_bytes_equal (now, version_a))
        as++;
      else if (g_bytes_equal (now, version_b))
        bs++;
      else
        g_error ("kill %u left %zu bytes that are neither version (%zu or %zu bytes)", i, size,
                 g_bytes_get_size (version_a), g_bytes_get_size (version_b));

      /* The link is still a link to the same file. */
      if (through_symlink)
        {
          g_assert_cmpint (g_lstat (link, &st), ==, 0);
          g_assert_true (S_ISLNK (st.st_mode));
        }
    }

  g_test_message ("%u kills: old version %u times, new version %u times", KILLS, as, bs);

  /* Whatever the kills left behind is known to the cleanup that runs at
   * the next save or open: afterwards only the file, its backup (and the
   * link) remain. */
  g_test_message ("%u temporaries cleaned up", shu_safe_file_clean_temporaries (target, 0));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;

    while ((name = g_dir_read_name (d)) != NULL)
      if (!g_str_equal (name, "t.annotations.json") && !g_str_equal (name, "t.annotations.json~")
          && !g_str_equal (name, "link.annotations.json"))
        g_error ("a kill left “%s” behind", name);
  }
  /* Both outcomes happened, so the kills did land during saves. */
  g_assert_cmpuint (as, >, 0);
  g_assert_cmpuint (bs, >, 0);
  g_rand_free (rand);
}

static void
test_plain (void)
{
  check_kills (FALSE);
}

static void
test_symlink (void)
{
  check_kills (TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_use_private_tmp ();

  g_test_init (&argc, &argv, NULL);

  /* In memory when possible: a killed process only dies once its fsync()
   * returns, and waiting for a disk hundreds of times is slow. What is
   * tested (a kill leaves one whole version) does not depend on the
   * disk: it is the write-then-rename that makes it so. */
  if (g_access ("/dev/shm", W_OK) == 0)
    {
      tmpdir = g_build_filename ("/dev/shm", "shu-save-kill-XXXXXX", NULL);
      if (g_mkdtemp (tmpdir) == NULL)
        g_clear_pointer (&tmpdir, g_free);
    }
  if (tmpdir == NULL)
    tmpdir = g_dir_make_tmp ("shu-save-kill-XXXXXX", NULL);
  helper = g_test_build_filename (G_TEST_BUILT, "model", "save-helper", NULL);
  make_versions ();

  g_test_add_func ("/save-kill/plain", test_plain);
  g_test_add_func ("/save-kill/symlink", test_symlink);
  status = g_test_run ();

  shu_test_remove_tree (tmpdir);
  g_bytes_unref (version_a);
  g_bytes_unref (version_b);
  g_free (helper);
  g_free (tmpdir);
  return status;
}
