/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unistd.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "shu-big-alloc.h"
#include "shu-bench-stats.h"
#include "shu-sidecar.h"

/* The model's figures, on the inputs shu-bench-gen writes:
 *
 * - loading a sidecar (parse + anchoring into the store) next to a bare
 *   json-glib parse of the same bytes;
 * - saving (serialising into the file + durable write), and how long a save started from
 *   the main loop blocks it;
 * - adding, removing and undoing one annotation, at each size.
 *
 *   shu-bench-model DIR [REPETITIONS [THOUSANDS...]]
 *
 * THOUSANDS picks the sidecars (1 10 50 200 by default).
 */

static const guint counts[] = { 1, 10, 50, 200 };

/* This program, run again for each load (see bench_size()). */
static const char *self_path;

static GBytes *
read_bytes (const char *dir,
            const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *data;
  gsize size;

  /* As the app reads a sidecar (shu_sidecar_load()): into huge pages.
   * Parsing from a buffer in 4 KiB pages costs more TLB misses, the more
   * so the larger the file (50k annotations: 450 -> 500 ms, 200k: 1740 ->
   * 2060 ms, in fresh processes). */
  if (!shu_big_read_file (path, &data, &size, &error))
    g_error ("%s (run shu-bench-gen first)", error->message);
  return g_bytes_new_take (data, size);
}


typedef struct
{
  GMainLoop *loop;
  double     callback_start;
  gboolean   ok;
} SaveWait;

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveWait *wait = user_data;
  g_autoptr(GError) error = NULL;
  double t0 = shu_bench_now_ms ();

  wait->ok = shu_sidecar_save_finish (SHU_DOCUMENT (object), result, &error);
  g_assert_no_error (error);
  /* Until the main loop returns: the task's data is freed after this
   * callback, on the main thread too. */
  wait->callback_start = t0;
  g_main_loop_quit (wait->loop);
}

/* One load, timed, in a process of its own: the app's (printed as
 * "PARSE ANCHOR", in ms) or, with @bare, json-glib's ("PARSE"). */
static void
load_once (const char *dir,
           ShuSource  *source,
           guint       thousands,
           gboolean    bare)
{
  g_autofree char *name = g_strdup_printf ("sidecar-%uk.json", thousands);
  g_autoptr(GBytes) bytes = read_bytes (dir, name);
  g_autoptr(GError) error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  double t0, t1, t2;

  if (bare)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();

      t0 = shu_bench_now_ms ();
      json_parser_load_from_data (parser, data, size, &error);
      g_assert_no_error (error);
      g_print ("%.3f\n", shu_bench_now_ms () - t0);
    }
  else
    {
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(ShuDocument) document = NULL;

      t0 = shu_bench_now_ms ();
      sidecar = shu_sidecar_parse (bytes, "bench.json", &error);
      g_assert_no_error (error);
      t1 = shu_bench_now_ms ();
      /* As the app's load does. */
      document = shu_sidecar_anchor_once (sidecar, source, NULL, &error);
      g_assert_no_error (error);
      t2 = shu_bench_now_ms ();
      g_print ("%.3f %.3f\n", t1 - t0, t2 - t1);
    }
}

/* Runs load_once() in a child process and returns what it printed. */
static char *
spawn_load_once (const char *dir,
                 guint       thousands,
                 const char *what)
{
  g_autofree char *thousands_arg = g_strdup_printf ("%u", thousands);
  const char *child_argv[] = { self_path, "--load-once", dir, thousands_arg, what, NULL };
  g_autoptr(GError) error = NULL;
  char *output = NULL;
  int status;

  g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &output, NULL,
                &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s --load-once: %s", self_path, error->message);
  return output;
}

/* One size's document and the figures that take turns with the other
 * sizes': its loads, each in a process of its own, and its saves. */
typedef struct
{
  guint            thousands;
  ShuDocument     *document;
  char            *out_path;
  ShuBenchSamples  bare, parse, anchor, load, save, blocked, call;
} SizeRun;

/* Applies @each (init or clear) to each of @size's samples. */
static void
size_run_samples (SizeRun *size,
                  void   (*each) (ShuBenchSamples *samples))
{
  ShuBenchSamples *all[] = { &size->bare, &size->parse, &size->anchor, &size->load, &size->save,
                             &size->blocked, &size->call };

  for (guint k = 0; k < G_N_ELEMENTS (all); k++)
    each (all[k]);
}

/* Each load in a fresh process, as the app's is: in one process, the later
 * loads reuse (or fight) the memory the earlier ones freed. The sizes take
 * turns, so that a slow stretch of the machine (here, runs of loads 50%
 * slower than the rest, for seconds) falls on all of them alike rather
 * than on one size's repetitions. */
static void
measure_loads (const char *dir,
               SizeRun    *sizes,
               guint       n_sizes,
               guint       reps)
{
  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < n_sizes; i++)
      {
        g_autofree char *app = spawn_load_once (dir, sizes[i].thousands, "app");
        double parse_ms, anchor_ms, bare_ms;

        if (sscanf (app, "%lf %lf", &parse_ms, &anchor_ms) != 2)
          g_error ("--load-once printed \"%s\"", app);
        shu_bench_samples_add (&sizes[i].parse, parse_ms);
        shu_bench_samples_add (&sizes[i].anchor, anchor_ms);
        shu_bench_samples_add (&sizes[i].load, parse_ms + anchor_ms);

        /* SHU_BENCH_SKIP_JSON_GLIB: for runs about saving, where the 46 s
         * json-glib takes on 200k annotations only waits. */
        if (g_getenv ("SHU_BENCH_SKIP_JSON_GLIB") == NULL)
          {
            g_autofree char *json_glib = spawn_load_once (dir, sizes[i].thousands, "json-glib");

            if (sscanf (json_glib, "%lf", &bare_ms) != 1)
              g_error ("--load-once printed \"%s\"", json_glib);
            shu_bench_samples_add (&sizes[i].bare, bare_ms);
          }
      }
}

/* Loads each size's document (in this process) for the saves and edits. */
static void
open_size (const char *dir,
           ShuSource  *source,
           SizeRun    *size)
{
  g_autofree char *name = g_strdup_printf ("sidecar-%uk.json", size->thousands);
  g_autofree char *out_name = g_strdup_printf ("out-%uk.annotations.json", size->thousands);
  g_autoptr(GBytes) bytes = read_bytes (dir, name);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "bench.json", &error);

  g_assert_no_error (error);
  size->document = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  size->out_path = g_build_filename (dir, out_name, NULL);
}

/* The saves, the sizes taking turns as the loads do, each into a file of
 * its own: durable saves first, then saves started from the main loop
 * (the app's), and how long these block it. */
static void
measure_saves (SizeRun *sizes,
               guint    n_sizes,
               guint    reps)
{
  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < n_sizes; i++)
      {
        g_autoptr(GFile) out = g_file_new_for_path (sizes[i].out_path);
        g_autoptr(GError) error = NULL;
        double t0;

        /* Each save finds the file system settled, as a save a while after
         * the last one does: back to back, a 200k save waited for the one
         * before it to be written out, and for its old backup (240 MB) to
         * be freed. */
        sync ();
        t0 = shu_bench_now_ms ();
        shu_sidecar_save (sizes[i].document, out, &error);
        g_assert_no_error (error);
        shu_bench_samples_add (&sizes[i].save, shu_bench_now_ms () - t0);
      }

  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < n_sizes; i++)
      {
        g_autoptr(GFile) out = g_file_new_for_path (sizes[i].out_path);
        g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
        SaveWait wait = { loop, 0, FALSE };
        double t0, t1;

        /* The durable saves above serialise on this thread, and leave
         * hundreds of thousands of small blocks freed in its heap; the
         * app's main thread never serialises. glibc sorts such blocks at
         * the next request of 1 KiB or more, which was the snapshot's (up
         * to 59 ms of CPU at 200k, with no page fault). Sorted here first,
         * as the app's heap has long been when the user saves. */
#ifdef __GLIBC__
        malloc_trim (0);
#endif
        t0 = shu_bench_now_ms ();
        shu_sidecar_save_async (sizes[i].document, out, NULL, save_done_cb, &wait);
        t1 = shu_bench_now_ms ();
        g_main_loop_run (loop);
        g_assert_true (wait.ok);
        shu_bench_samples_add (&sizes[i].blocked,
                               (t1 - t0) + (shu_bench_now_ms () - wait.callback_start));
        shu_bench_samples_add (&sizes[i].call, t1 - t0);
      }
}

/* The rest of one size's figures, after all the saves (a save that came
 * right after the 200k serialisation into memory, a 240 MB buffer freed,
 * paid for it), and its table rows. */
static void
bench_size (ShuSource *source,
            SizeRun   *size,
            guint      reps)
{
  guint thousands = size->thousands;
  ShuDocument *document = size->document;
  ShuBenchSamples serialize;
  char what[128];

  shu_bench_samples_init (&serialize);

  /* Serialising into memory, alone, for comparison; the save serialises
   * into the file as it writes (as the app's does). */
  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(GBytes) written = NULL;
      double t0, t1;

      t0 = shu_bench_now_ms ();
      written = shu_sidecar_serialize (document);
      t1 = shu_bench_now_ms ();
      shu_bench_samples_add (&serialize, t1 - t0);
    }

#define ROW(samples, label) \
  g_snprintf (what, sizeof what, "%uk: %s", thousands, label); \
  shu_bench_print_row (what, &samples, "ms")

  if (size->bare.values->len > 0)
    {
      ROW (size->bare, "json-glib parse alone");
    }
  ROW (size->parse, "sidecar parse");
  ROW (size->anchor, "anchor into the store");
  ROW (size->load, "load (parse + anchor)");
  ROW (serialize, "serialise into memory (alone)");
  ROW (size->save, "save (serialise into the file, durable)");
  ROW (size->blocked, "save_async: main loop blocked");
  ROW (size->call, "save_async: of which the call (snapshot)");
#undef ROW
  shu_bench_samples_clear (&serialize);

  /* Edits: each op on a fresh position, timed alone. */
  {
    ShuAnnotationStore *store = shu_document_get_store (document);
    g_autoptr(GRand) rand = g_rand_new_with_seed (7);
    guint length = shu_source_get_length (source);
    ShuBenchSamples add, remove, undo;
    guint n_ops = 200;

    shu_bench_samples_init (&add);
    shu_bench_samples_init (&remove);
    shu_bench_samples_init (&undo);
    for (guint i = 0; i < n_ops; i++)
      {
        g_autoptr(ShuAnnotation) annotation = NULL;
        ShuRange range;
        double t0, t1, t2, t3;

        range.start = shu_source_boundary_ceil (source, g_rand_int_range (rand, 0, length - 100));
        range.end = shu_source_boundary_ceil (source, range.start + 20);
        annotation = shu_annotation_new (NULL, &range, 1, "label-1", NULL, "בודקת", NULL, NULL);

        t0 = shu_bench_now_ms ();
        shu_annotation_store_add (store, annotation, NULL);
        t1 = shu_bench_now_ms ();
        shu_annotation_store_remove (store, shu_annotation_get_id (annotation), NULL);
        t2 = shu_bench_now_ms ();
        shu_annotation_store_undo (store);
        t3 = shu_bench_now_ms ();
        shu_bench_samples_add (&add, t1 - t0);
        shu_bench_samples_add (&remove, t2 - t1);
        shu_bench_samples_add (&undo, t3 - t2);
      }
    g_snprintf (what, sizeof what, "%uk: add one annotation", thousands);
    shu_bench_print_row_p95 (what, &add, "ms");
    g_snprintf (what, sizeof what, "%uk: remove one annotation", thousands);
    shu_bench_print_row_p95 (what, &remove, "ms");
    g_snprintf (what, sizeof what, "%uk: undo the removal", thousands);
    shu_bench_print_row_p95 (what, &undo, "ms");
    shu_bench_samples_clear (&add);
    shu_bench_samples_clear (&remove);
    shu_bench_samples_clear (&undo);
  }

  g_unlink (size->out_path);
  {
    g_autofree char *backup = g_strconcat (size->out_path, "~", NULL);

    g_unlink (backup);
  }
  g_clear_object (&size->document);
}

/* One growth row: the ratio of each repetition's figure at @b to the same
 * repetition's at @a (taken in turn, a moment apart), their median and
 * spread. A ratio of medians would pair a figure with one from another
 * stretch of the machine. */
static void
print_growth (const char      *figure,
              SizeRun         *a,
              SizeRun         *b,
              ShuBenchSamples *at_a,
              ShuBenchSamples *at_b)
{
  g_autofree char *what = g_strdup_printf ("growth %uk -> %uk (%.0fx): %s", a->thousands,
                                           b->thousands, (double) b->thousands / a->thousands,
                                           figure);
  ShuBenchSamples ratios;

  shu_bench_samples_init (&ratios);
  for (guint r = 0; r < MIN (at_a->values->len, at_b->values->len); r++)
    {
      double before = g_array_index (at_a->values, double, r);

      if (before > 0)
        shu_bench_samples_add (&ratios, g_array_index (at_b->values, double, r) / before);
    }
  if (ratios.values->len > 0)
    shu_bench_print_row (what, &ratios, "ratio");
  shu_bench_samples_clear (&ratios);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GBytes) text = NULL;
  guint reps = 5;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (SizeRun));
  SizeRun *runs;

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = argv[0];
  if (argc == 5 && strcmp (argv[1], "--load-once") == 0)
    {
      text = read_bytes (argv[2], "text-5mb.txt");
      source = shu_source_new_from_bytes (text, SHU_ENCODING_UTF8, &error);
      g_assert_no_error (error);
      load_once (argv[2], source, atoi (argv[3]), strcmp (argv[4], "json-glib") == 0);
      return 0;
    }
  if (argc < 2)
    {
      g_printerr ("usage: %s DIR [REPETITIONS [THOUSANDS...]]\n", argv[0]);
      return 2;
    }
  if (argc >= 3)
    reps = MAX (1, atoi (argv[2]));

  text = read_bytes (argv[1], "text-5mb.txt");
  source = shu_source_new_from_bytes (text, SHU_ENCODING_UTF8, &error);
  g_assert_no_error (error);

  g_print ("| %-44s | %10s | %-24s | %-6s |\n", "model (5 MB text)", "median", "spread", "unit");
  if (argc > 3)
    for (int i = 3; i < argc; i++)
      {
        SizeRun size = { .thousands = MAX (1, atoi (argv[i])) };

        g_array_append_val (sizes, size);
      }
  else
    for (guint i = 0; i < G_N_ELEMENTS (counts); i++)
      {
        SizeRun size = { .thousands = counts[i] };

        g_array_append_val (sizes, size);
      }
  runs = (SizeRun *) sizes->data;
  for (guint i = 0; i < sizes->len; i++)
    size_run_samples (&runs[i], shu_bench_samples_init);

  measure_loads (argv[1], runs, sizes->len, reps);
  for (guint i = 0; i < sizes->len; i++)
    open_size (argv[1], source, &runs[i]);
  measure_saves (runs, sizes->len, reps);
  for (guint i = 0; i < sizes->len; i++)
    bench_size (source, &runs[i], reps);

  /* How load and save grow from one size to the next, against how the
   * number of annotations grows (the target: no faster than it). */
  for (guint i = 1; i < sizes->len; i++)
    if (runs[i].thousands > runs[i - 1].thousands)
      {
        print_growth ("load", &runs[i - 1], &runs[i], &runs[i - 1].load, &runs[i].load);
        print_growth ("save", &runs[i - 1], &runs[i], &runs[i - 1].save, &runs[i].save);
      }
  for (guint i = 0; i < sizes->len; i++)
    {
      size_run_samples (&runs[i], shu_bench_samples_clear);
      g_free (runs[i].out_path);
    }
  g_print ("| %-44s | %10.1f | %-24s | %-6s |\n", "peak RSS of this process", 
           shu_bench_peak_rss_mib (), "", "MiB");
  return 0;
}
