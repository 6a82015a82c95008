/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-big-alloc.h"
#include "shu-test-utils.h"

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

#if !defined (__SANITIZE_ADDRESS__)
static gboolean
huge_pages_offered (void)
{
  g_autofree char *mode = NULL;

  return g_file_get_contents ("/sys/kernel/mm/transparent_hugepage/enabled", &mode, NULL, NULL)
         && strstr (mode, "[never]") == NULL;
}
#endif

/* After tuning, the main heap has room for the reserve without growing,
 * and the kernel has been asked for huge pages on it: a mapping of the
 * heap carries the "hg" flag (MADV_HUGEPAGE) in /proc/self/smaps. Run in
 * a subprocess, since it changes how this process allocates. */
static void
test_tune_heap (void)
{
#if defined (__SANITIZE_ADDRESS__)
  g_test_skip ("AddressSanitizer's allocator has no heap to tune");
  return;
#else
  g_autofree char *smaps = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean in_heap = FALSE, advised = FALSE;

  if (!huge_pages_offered ())
    {
      g_test_skip ("no transparent huge pages on this system");
      return;
    }
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  g_assert_true (shu_big_alloc_tune_heap (16 * 1024 * 1024));
  g_assert_true (g_file_get_contents ("/proc/self/smaps", &smaps, NULL, NULL));
  lines = g_strsplit (smaps, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      /* A mapping's first line: "start-end perms offset dev inode [name]". */
      if (g_ascii_isxdigit (line[0]) && strchr (line, '-') != NULL
          && strchr (line, ' ') > strchr (line, '-'))
        in_heap = g_str_has_suffix (line, "[heap]");
      else if (in_heap && g_str_has_prefix (line, "VmFlags:") && strstr (line, " hg") != NULL)
        advised = TRUE;
    }
  g_assert_true (advised);
#endif
}

int
main (int   argc,
      char *argv[])
{
  shu_test_use_private_tmp ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/big-alloc/read-file", test_read_file);
  g_test_add_func ("/big-alloc/tune-heap", test_tune_heap);
  return g_test_run ();
}
