/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-big-alloc.h"

/* Reading gives exactly the bytes g_file_get_contents() gives, with a NUL
 * after them, for sizes around the huge-page threshold and the buffer's
 * own size, and fails like it on what is not a readable file. */
static void
test_read_file (void)
{
  static const gsize sizes[] = { 0, 1, 4095, 4096, 65537, 2 * 1024 * 1024 - 1,
                                 2 * 1024 * 1024, 3 * 1024 * 1024 + 17 };
  g_autofree char *dir = g_dir_make_tmp ("shu-big-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "f", NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *data = g_malloc (sizes[i] + 1);
      g_autofree char *got = NULL;

      for (gsize b = 0; b < sizes[i]; b++)
        data[b] = (char) ('a' + (b * 31 + i) % 26);
      g_assert_true (g_file_set_contents (path, data, (gssize) sizes[i], NULL));

      g_assert_true (shu_big_read_file (path, &got, &length, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (length, ==, sizes[i]);
      g_assert_true (memcmp (got, data, sizes[i]) == 0);
      g_assert_cmpint (got[length], ==, '\0');
    }

  g_assert_false (shu_big_read_file (dir, &contents, &length, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  g_clear_error (&error);
  g_unlink (path);
  g_assert_false (shu_big_read_file (path, &contents, &length, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_assert_null (contents);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/big-alloc/read-file", test_read_file);
  return g_test_run ();
}
