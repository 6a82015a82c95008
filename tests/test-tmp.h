/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <errno.h>
#include <stdlib.h>

#include <glib.h>
#include <glib/gstdio.h>

/* Temporary files of the tests, in one folder per test process that goes
 * away with everything in it when the test ends well (and stays after a
 * failure, to be looked at). */

/* Removes @path and all under it; a symbolic link is removed, never
 * followed. */
static inline void
shu_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        shu_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *shu_test_tmp_root;

static inline void
shu_test_tmp_cleanup (void)
{
  shu_test_remove_tree (shu_test_tmp_root);
  g_clear_pointer (&shu_test_tmp_root, g_free);
}

/* Makes the process's folder and points $TMPDIR at it, so that
 * g_dir_make_tmp() and the programs the test starts put their files
 * there. Call it first in main(): GLib reads $TMPDIR once. */
static inline void
shu_test_use_private_tmp (void)
{
  const char *parent = g_getenv ("TMPDIR");

  if (parent == NULL || parent[0] == '\0')
    parent = "/tmp";
  shu_test_tmp_root = g_build_filename (parent, "shulayim-test-XXXXXX", NULL);
  if (g_mkdtemp (shu_test_tmp_root) == NULL)
    g_error ("Could not make a folder in %s: %s", parent, g_strerror (errno));
  g_setenv ("TMPDIR", shu_test_tmp_root, TRUE);
  atexit (shu_test_tmp_cleanup);
}
