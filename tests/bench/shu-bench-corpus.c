/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <unistd.h>

#include "shu-bench-stats.h"
#include "shu-codebook.h"
#include "shu-corpus-report.h"
#include "shu-corpus-search.h"
#include "shu-project.h"
#include "shu-sidecar.h"

/* A project at corpus scale (issue #23): N texts of about 20 KB cut from
 * the bundled essay (each from another place, in ten folders), each with
 * a sidecar of 200 annotations, and a code book. Measures the time to the
 * document list (the first open: no index, every file of the project
 * dropped from the page cache first with posix_fadvise(); cold: the same
 * with the index, dropped too; warm: opened again), a search, the report,
 * and the peak resident memory. The project index goes to a cache folder
 * of the benchmark's own (DIR/cache), not the user's.
 *
 *   shu-bench-corpus ESSAY DIR [TEXTS] [REPETITIONS]   (1000 and 3)
 *
 * The texts are written once into DIR/corpus-TEXTS; a fixed seed makes
 * every run write the same files. */

#define SEED 20261207
#define TEXT_SIZE (20 * 1000)
#define ANNOTATIONS 200

static ShuLabelSet *
make_labels (void)
{
  static const char *names[] = {
    "טענה", "ראיה", "מושג", "רטוריקה", "דוגמה", "שאלה",
    "הנחה", "מסקנה", "ציטוט", "סתירה", "הגדרה", "היסטוריה",
  };
  ShuLabelSet *labels = shu_label_set_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("label-%u", i + 1);
      g_autofree char *color = g_strdup_printf ("#%02x%02x%02x", 40 + i * 15, 200 - i * 10, 90);
      g_autoptr(ShuLabel) label = shu_label_new (id, names[i], color, NULL, 0);

      shu_label_set_append (labels, label);
    }
  return labels;
}

/* About TEXT_SIZE bytes of the essay from @from on (wrapping round), cut
 * at a line break so that no character is split. */
static char *
cut_text (const char *essay,
          gsize       size,
          gsize       from)
{
  GString *out = g_string_sized_new (TEXT_SIZE + 200);
  gsize at = from % size;

  /* Start on a line. */
  while (at > 0 && essay[at - 1] != '\n')
    at--;
  while (out->len < TEXT_SIZE)
    {
      const char *end = memchr (essay + at, '\n', size - at);
      gsize line = end != NULL ? (gsize) (end - (essay + at)) + 1 : size - at;

      g_string_append_len (out, essay + at, line);
      at = (at + line) % size;
    }
  return g_string_free (out, FALSE);
}

static void
make_corpus (const char *essay_path,
             const char *dir,
             guint       n_texts)
{
  g_autofree char *essay = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuLabelSet) labels = make_labels ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 12, 7, 12, 0, 0);
  g_autoptr(GBytes) codebook = shu_codebook_serialize (labels);
  g_autofree char *codebook_path = g_build_filename (dir, SHU_CODEBOOK_FILE_NAME, NULL);
  const char *creators[] = { "דנה", "עומר", "Noa" };
  gsize size;

  if (!g_file_get_contents (essay_path, &essay, &size, &error))
    g_error ("%s", error->message);
  g_mkdir_with_parents (dir, 0755);
  if (!g_file_set_contents (codebook_path, g_bytes_get_data (codebook, NULL),
                            g_bytes_get_size (codebook), &error))
    g_error ("%s", error->message);

  for (guint t = 0; t < n_texts; t++)
    {
      g_autofree char *text = cut_text (essay, size, g_rand_int_range (rand, 0, size));
      g_autofree char *folder = g_strdup_printf ("%s/part-%02u", dir, t % 10);
      g_autofree char *path = g_strdup_printf ("%s/text-%04u.txt", folder, t);
      g_autofree char *sidecar_path = g_strconcat (path, SHU_SIDECAR_SUFFIX, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(ShuSource) source = NULL;
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GBytes) bytes = NULL;
      guint length;

      g_mkdir_with_parents (folder, 0755);
      if (!g_file_set_contents (path, text, -1, &error))
        g_error ("%s", error->message);
      source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
      g_assert_no_error (error);
      length = shu_source_get_length (source);
      document = shu_document_new (source, labels);
      while (annotations->len < ANNOTATIONS)
        {
          g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (
            (GDestroyNotify) shu_comment_unref);
          g_autoptr(ShuLabel) label = g_list_model_get_item (
            G_LIST_MODEL (labels), g_rand_int_range (rand, 0, 12));
          ShuRange range;

          range.start = shu_source_boundary_ceil (source, g_rand_int_range (rand, 0, length - 100));
          range.end = shu_source_boundary_ceil (source,
                                                range.start + g_rand_int_range (rand, 1, 80));
          if (range.end <= range.start)
            continue;
          if (g_rand_int_range (rand, 0, 3) == 0)
            g_ptr_array_add (comments, shu_comment_new ("הערה על הקטע הזה", "he"));
          g_ptr_array_add (annotations,
                           shu_annotation_new (NULL, &range, 1, shu_label_get_id (label),
                                               comments, creators[g_rand_int_range (rand, 0, 3)],
                                               created, created));
        }
      shu_annotation_store_reset (shu_document_get_store (document), annotations, NULL);
      bytes = shu_sidecar_serialize (document);
      if (!g_file_set_contents (sidecar_path, g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes), &error))
        g_error ("%s", error->message);
    }
}

/* Drops every file under @dir from the page cache (what a cold start
 * finds, as near as a user without root can make it). */
static void
drop_from_cache (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;

  if (listing == NULL)
    return;
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      int fd;

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          drop_from_cache (path);
          continue;
        }
      fd = open (path, O_RDONLY);
      if (fd >= 0)
        {
          posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
          close (fd);
        }
    }
}

static void
drop_file_from_cache (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  int fd = open (path, O_RDONLY);

  if (fd >= 0)
    {
      posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
      close (fd);
    }
}

static ShuProject *
scan (const char *dir,
      double     *ms)
{
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  g_autoptr(GError) error = NULL;
  double start = shu_bench_now_ms ();

  if (!shu_project_scan (project, NULL, &error))
    g_error ("%s", error->message);
  *ms = shu_bench_now_ms () - start;
  return g_steal_pointer (&project);
}

int
main (int    argc,
      char **argv)
{
  ShuBenchSamples cold, warm, first_search, search, annotation_search, report, html;
  ShuBenchSamples cold_cpu, warm_cpu, first_search_cpu, report_cpu, plain_report;
  ShuBenchSamples first, first_cpu, search_cpu, plain_report_cpu;
  g_autofree char *cache = NULL;
  g_autofree char *dir = NULL;
  guint n_texts, reps;
  guint n_hits = 0, n_annotation_hits = 0;

  if (argc < 3)
    {
      g_printerr ("usage: %s ESSAY DIR [TEXTS] [REPETITIONS]\n", argv[0]);
      return 2;
    }
  n_texts = argc > 3 ? (guint) atoi (argv[3]) : 1000;
  reps = argc > 4 ? (guint) atoi (argv[4]) : 3;
  dir = g_strdup_printf ("%s/corpus-%u", argv[2], n_texts);
  cache = g_strdup_printf ("%s/cache", argv[2]);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      double start = shu_bench_now_ms ();

      make_corpus (argv[1], dir, n_texts);
      g_print ("# made %u texts in %s in %.1f s\n", n_texts, dir,
               (shu_bench_now_ms () - start) / 1000);
    }

  shu_bench_samples_init (&cold);
  shu_bench_samples_init (&warm);
  shu_bench_samples_init (&first_search);
  shu_bench_samples_init (&search);
  shu_bench_samples_init (&annotation_search);
  shu_bench_samples_init (&report);
  shu_bench_samples_init (&html);
  shu_bench_samples_init (&cold_cpu);
  shu_bench_samples_init (&warm_cpu);
  shu_bench_samples_init (&first_search_cpu);
  shu_bench_samples_init (&report_cpu);
  shu_bench_samples_init (&plain_report);
  shu_bench_samples_init (&first);
  shu_bench_samples_init (&first_cpu);
  shu_bench_samples_init (&search_cpu);
  shu_bench_samples_init (&plain_report_cpu);

  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(ShuProject) project = NULL;
      g_autoptr(ShuProject) again = NULL;
      g_autoptr(GFile) folder = g_file_new_for_path (dir);
      g_autoptr(ShuProject) unscanned = shu_project_new (folder);
      g_autoptr(GFile) index = shu_project_dup_index_file (unscanned);
      double ms, cpu;

      /* The first open of the folder: no index yet. */
      g_file_delete (index, NULL, NULL);
      drop_from_cache (dir);
      cpu = shu_bench_cpu_ms ();
      project = scan (dir, &ms);
      shu_bench_samples_add (&first, ms);
      shu_bench_samples_add (&first_cpu, shu_bench_cpu_ms () - cpu);
      g_clear_object (&project);

      drop_from_cache (dir);
      drop_file_from_cache (index);
      cpu = shu_bench_cpu_ms ();
      project = scan (dir, &ms);
      shu_bench_samples_add (&cold, ms);
      shu_bench_samples_add (&cold_cpu, shu_bench_cpu_ms () - cpu);
      g_clear_object (&project);
      cpu = shu_bench_cpu_ms ();
      again = scan (dir, &ms);
      shu_bench_samples_add (&warm, ms);
      shu_bench_samples_add (&warm_cpu, shu_bench_cpu_ms () - cpu);
      if (r == 0)
        g_print ("# peak resident memory after the document lists: %.0f MiB\n",
                 shu_bench_peak_rss_mib ());

      for (guint s = 0; s < 4; s++)
        {
          /* A word of the essay without its points, and then another: the
           * first search of a project folds every text. */
          ShuCorpusQuery query = { s % 2 == 0 ? "הסובייטי" : "חזון", NULL, NULL, NULL,
                                   SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS, 0 };
          g_autoptr(GPtrArray) hits = NULL;
          double start = shu_bench_now_ms ();
          double cpu_start = shu_bench_cpu_ms ();

          hits = shu_corpus_search (again, &query, NULL, NULL);
          shu_bench_samples_add (s == 0 ? &first_search : &search, shu_bench_now_ms () - start);
          shu_bench_samples_add (s == 0 ? &first_search_cpu : &search_cpu,
                                 shu_bench_cpu_ms () - cpu_start);
          if (s == 0)
            n_hits = hits->len;
        }
      if (r == 0)
        g_print ("# peak resident memory after the searches: %.0f MiB\n",
                 shu_bench_peak_rss_mib ());
      {
        ShuCorpusQuery query = { NULL, "מסקנה", "דנה", "הערה", SHU_SEARCH_IGNORE_MARKS, 0 };
        g_autoptr(GPtrArray) hits = NULL;
        double start = shu_bench_now_ms ();

        hits = shu_corpus_search (again, &query, NULL, NULL);
        shu_bench_samples_add (&annotation_search, shu_bench_now_ms () - start);
        n_annotation_hits = hits->len;
      }
      if (r == 0)
        g_print ("# peak resident memory after the annotation query: %.0f MiB\n",
                 shu_bench_peak_rss_mib ());
      {
        g_autoptr(ShuCorpusReport) corpus_report = NULL;
        g_autoptr(GBytes) bytes = NULL;
        double start = shu_bench_now_ms ();
        double cpu_start = shu_bench_cpu_ms ();

        corpus_report = shu_corpus_report_new (again, NULL, NULL);
        shu_bench_samples_add (&plain_report, shu_bench_now_ms () - start);
        shu_bench_samples_add (&plain_report_cpu, shu_bench_cpu_ms () - cpu_start);
        g_clear_pointer (&corpus_report, shu_corpus_report_free);
        start = shu_bench_now_ms ();
        cpu_start = shu_bench_cpu_ms ();
        corpus_report = shu_corpus_report_new (again, "דנה", "עומר");
        shu_bench_samples_add (&report, shu_bench_now_ms () - start);
        shu_bench_samples_add (&report_cpu, shu_bench_cpu_ms () - cpu_start);
        start = shu_bench_now_ms ();
        bytes = shu_corpus_report_to_html (corpus_report);
        shu_bench_samples_add (&html, shu_bench_now_ms () - start);
      }
    }

  {
    g_autofree char *load = NULL;

    g_file_get_contents ("/proc/loadavg", &load, NULL, NULL);
    g_print ("# %u texts of about %u KB, %u annotations each; %u repetitions; %u cores; "
             "load average %s", n_texts, TEXT_SIZE / 1000, ANNOTATIONS, reps,
             g_get_num_processors (), load != NULL ? load : "?\n");
  }
  shu_bench_print_row ("document list, first open (no index, page cache dropped)", &first,
                       "ms");
  shu_bench_print_row ("  its CPU time", &first_cpu, "ms");
  shu_bench_print_row ("document list, cold (index; page cache dropped)", &cold, "ms");
  shu_bench_print_row ("  its CPU time", &cold_cpu, "ms");
  shu_bench_print_row ("document list, warm", &warm, "ms");
  shu_bench_print_row ("  its CPU time", &warm_cpu, "ms");
  shu_bench_print_row ("first search", &first_search, "ms");
  shu_bench_print_row ("  its CPU time", &first_search_cpu, "ms");
  shu_bench_print_row ("later searches", &search, "ms");
  shu_bench_print_row ("  their CPU time", &search_cpu, "ms");
  shu_bench_print_row ("annotation query (label+creator+comment)", &annotation_search, "ms");
  shu_bench_print_row ("report without agreement (reads the documents)", &plain_report, "ms");
  shu_bench_print_row ("  its CPU time", &plain_report_cpu, "ms");
  shu_bench_print_row ("report with agreement", &report, "ms");
  shu_bench_print_row ("  its CPU time", &report_cpu, "ms");
  shu_bench_print_row ("report as HTML", &html, "ms");
  g_print ("# %u hits for the first word, %u for the annotation query\n", n_hits,
           n_annotation_hits);
  g_print ("# peak resident memory: %.0f MiB\n", shu_bench_peak_rss_mib ());

  shu_bench_samples_clear (&cold);
  shu_bench_samples_clear (&warm);
  shu_bench_samples_clear (&first_search);
  shu_bench_samples_clear (&search);
  shu_bench_samples_clear (&annotation_search);
  shu_bench_samples_clear (&report);
  shu_bench_samples_clear (&html);
  shu_bench_samples_clear (&cold_cpu);
  shu_bench_samples_clear (&warm_cpu);
  shu_bench_samples_clear (&first_search_cpu);
  shu_bench_samples_clear (&report_cpu);
  shu_bench_samples_clear (&plain_report);
  shu_bench_samples_clear (&first);
  shu_bench_samples_clear (&first_cpu);
  shu_bench_samples_clear (&search_cpu);
  shu_bench_samples_clear (&plain_report_cpu);
  return 0;
}
