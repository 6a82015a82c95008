/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "fuzz-checks.h"

/* Replays every input that once broke a fuzz harness
 * (tests/fuzz/regressions/TARGET-WHAT.EXT, TARGET one of sidecar, decode,
 * brat, w3c, hypothesis, labelstudio, jsonl, qdpx, project-index,
 * brat-config, codebook) and the seed corpora
 * (tests/fuzz/corpus/TARGET/) through the harnesses' own checks, which
 * abort on any failure. */

static ShuSource *essay;

static void
replay (gconstpointer data)
{
  const char *path = data;
  g_autofree char *name = g_path_get_basename (path);
  g_autofree char *parent = g_path_get_dirname (path);
  g_autofree char *folder = g_path_get_basename (parent);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_no_error (error);

  /* Before "brat-", which its name starts with too. */
  if (g_str_has_prefix (name, "brat-config-") || g_str_equal (folder, "brat-config"))
    fuzz_check_brat_config ((const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "project-index-") || g_str_equal (folder, "project-index"))
    fuzz_check_project_index ((const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "codebook-") || g_str_equal (folder, "codebook"))
    fuzz_check_codebook ((const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "sidecar-") || g_str_equal (folder, "sidecar"))
    fuzz_check_sidecar (essay, (const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "brat-") || g_str_equal (folder, "brat"))
    fuzz_check_brat (essay, (const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "decode-") || g_str_equal (folder, "decode"))
    fuzz_check_decode ((const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "w3c-") || g_str_equal (folder, "w3c"))
    fuzz_check_w3c (essay, (const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "hypothesis-") || g_str_equal (folder, "hypothesis"))
    fuzz_check_hypothesis (essay, (const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "labelstudio-") || g_str_equal (folder, "labelstudio"))
    fuzz_check_labelstudio (essay, (const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "jsonl-") || g_str_equal (folder, "jsonl"))
    fuzz_check_jsonl (essay, (const guint8 *) contents, size);
  else if (g_str_has_prefix (name, "qdpx-") || g_str_equal (folder, "qdpx"))
    fuzz_check_qdpx ((const guint8 *) contents, size);
  else
    g_error ("%s: no harness is named by this file", path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_folder (const char *folder,
            GPtrArray  *paths)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (names, g_strdup (name));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    {
      char *path = g_build_filename (folder, g_ptr_array_index (names, i), NULL);
      g_autofree char *test_path = g_strdup_printf ("/regressions/%s", path +
                                                    strlen (g_getenv ("SHU_SOURCE_ROOT")) + 1);

      g_ptr_array_add (paths, path);
      g_test_add_data_func (test_path, path, replay);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  const char *root;
  int status;

  g_test_init (&argc, &argv, NULL);

  root = g_getenv ("SHU_SOURCE_ROOT");
  file = g_file_new_for_path (g_getenv ("SHU_ESSAY"));
  essay = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);

  {
    static const char *targets[] = {
      "sidecar", "decode", "brat", "w3c", "hypothesis", "labelstudio", "jsonl", "qdpx",
      "project-index", "brat-config", "codebook",
    };
    g_autofree char *regressions = g_build_filename (root, "tests", "fuzz", "regressions", NULL);

    add_folder (regressions, paths);
    for (guint i = 0; i < G_N_ELEMENTS (targets); i++)
      {
        g_autofree char *corpus = g_build_filename (root, "tests", "fuzz", "corpus", targets[i],
                                                    NULL);

        add_folder (corpus, paths);
      }
  }

  status = g_test_run ();
  g_object_unref (essay);
  return status;
}
