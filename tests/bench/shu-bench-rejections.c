/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "shu-bench-stats.h"
#include "shu-sidecar.h"

/* A hostile sidecar (issue #27): the essay with N labels of its own and N
 * rejected suggestions, one per label, written backwards (a file that is
 * not in the order Shulayim writes). Reading it used to cost time and
 * memory with the square of N: each rejection was put in place one by one
 * and each label id became a GLib quark. Prints, for each N, the time to
 * read the sidecar (load, parse, anchor) and the peak memory of a process
 * that does only that, next to the same for the essay's own sidecar.
 *
 *   shu-bench-rejections ESSAY DIR [N...]     (100000 200000 400000)
 *
 * The sidecars are written once, as DIR/rejections/N/essay.he.txt.annotations.json.
 * A run reads one in a process of its own (this program with --read). */

/* Reads @path; prints "WALL_MS CPU_MS PEAK_MIB N_REJECTED". */
static int
read_one (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  double t0 = shu_bench_now_ms (), c0 = shu_bench_cpu_ms ();

  sidecar = shu_sidecar_load (file, NULL, &error);
  if (sidecar != NULL)
    source = shu_sidecar_load_source (sidecar, NULL, &error);
  if (source != NULL)
    document = shu_sidecar_anchor_once (sidecar, source, NULL, &error);
  if (document == NULL)
    {
      g_printerr ("%s: %s\n", path, error->message);
      return 1;
    }
  g_print ("%.1f %.1f %.1f %u\n", shu_bench_now_ms () - t0, shu_bench_cpu_ms () - c0,
           shu_bench_peak_rss_mib (), shu_document_get_rejected (document)->len);
  return 0;
}

/* The essay's sidecar with @n labels more and @n rejections, backwards. */
static char *
write_sidecar (const char *essay_path,
               const char *dir,
               guint       n)
{
  g_autofree char *folder = g_strdup_printf ("%s/rejections/%u", dir, n);
  g_autofree char *text_path = g_build_filename (folder, "essay.he.txt", NULL);
  g_autofree char *path = g_build_filename (folder, "essay.he.txt.annotations.json", NULL);
  g_autofree char *essay = NULL;
  g_autoptr(GFile) text_file = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GString) json = NULL;
  g_autoptr(GError) error = NULL;
  const char *word = "כישלון";
  guint start;
  gsize size;
  const char *end;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return g_steal_pointer (&path);
  if (g_mkdir_with_parents (folder, 0755) != 0
      || !g_file_get_contents (essay_path, &essay, &size, &error)
      || !g_file_set_contents (text_path, essay, size, &error))
    g_error ("%s: %s", folder, error != NULL ? error->message : g_strerror (errno));
  start = g_utf8_pointer_to_offset (essay, strstr (essay, word));

  text_file = g_file_new_for_path (text_path);
  source = shu_source_new_from_file (text_file, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("l%u", i);
      g_autoptr(ShuLabel) label = shu_label_new (id, id, "#3584e4", NULL, 0);

      shu_label_set_append (labels, label);
    }
  document = shu_document_new (source, labels);
  shu_document_set_source_name (document, "essay.he.txt");
  bytes = shu_sidecar_serialize (document);

  /* The rejections go in by hand, last first: the writer would sort them. */
  json = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  end = strrchr (json->str, '}');
  g_string_truncate (json, end - json->str);
  while (json->len > 0 && g_ascii_isspace (json->str[json->len - 1]))
    g_string_truncate (json, json->len - 1);
  g_string_append (json, ",\n  \"shu:rejected\": [\n");
  for (guint i = n; i-- > 0; )
    g_string_append_printf (json, "    {\"label\": \"l%u\", \"start\": %u, \"end\": %u, "
                            "\"exact\": \"%s\"}%s\n", i, start,
                            start + (guint) g_utf8_strlen (word, -1), word, i > 0 ? "," : "");
  g_string_append (json, "  ]\n}\n");
  if (!g_file_set_contents (path, json->str, json->len, &error))
    g_error ("%s: %s", path, error->message);
  return g_steal_pointer (&path);
}

static void
run_reads (const char *self,
           const char *path,
           const char *what,
           guint       repetitions)
{
  ShuBenchSamples wall, cpu, rss;
  guint n_rejected = 0;

  shu_bench_samples_init (&wall);
  shu_bench_samples_init (&cpu);
  shu_bench_samples_init (&rss);
  for (guint r = 0; r < repetitions; r++)
    {
      const char *argv[] = { self, "--read", path, NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      double w, c, m;
      int status;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                         &status, &error)
          || !g_spawn_check_wait_status (status, &error)
          || sscanf (out, "%lf %lf %lf %u", &w, &c, &m, &n_rejected) != 4)
        g_error ("%s: %s", path, error != NULL ? error->message : out);
      shu_bench_samples_add (&wall, w);
      shu_bench_samples_add (&cpu, c);
      shu_bench_samples_add (&rss, m);
    }
  g_print ("%s (%u rejections kept)\n\n", what, n_rejected);
  g_print ("| what | median | min..max | unit |\n|---|---|---|---|\n");
  shu_bench_print_row ("read the sidecar (load, parse, anchor)", &wall, "ms");
  shu_bench_print_row ("read the sidecar, CPU time", &cpu, "ms");
  shu_bench_print_row ("peak RSS of the reading process", &rss, "MiB");
  g_print ("\n");
  shu_bench_samples_clear (&wall);
  shu_bench_samples_clear (&cpu);
  shu_bench_samples_clear (&rss);
}

int
main (int    argc,
      char **argv)
{
  static const guint sizes[] = { 100000, 200000, 400000 };

  if (argc == 3 && g_str_equal (argv[1], "--read"))
    return read_one (argv[2]);
  if (argc < 3)
    {
      g_printerr ("usage: %s ESSAY DIR [N...]\n", argv[0]);
      return 2;
    }

  g_print ("# %u processors\n\n", g_get_num_processors ());
  for (guint i = 0; i < (argc > 3 ? (guint) argc - 3 : G_N_ELEMENTS (sizes)); i++)
    {
      guint n = argc > 3 ? (guint) g_ascii_strtoull (argv[3 + i], NULL, 10) : sizes[i];
      g_autofree char *path = write_sidecar (argv[1], argv[2], n);
      g_autofree char *what = g_strdup_printf ("%u labels and %u rejections, backwards", n, n);

      run_reads (argv[0], path, what, 3);
    }
  return 0;
}
