/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
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

/* The medians a size's growth row is made from. */
typedef struct
{
  guint  thousands;
  double load;
  double save;
} SizeMedians;

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

/* The loads of one size, each in a process of its own. */
typedef struct
{
  ShuBenchSamples bare, parse, anchor, load;
} LoadSamples;

/* Each load in a fresh process, as the app's is: in one process, the later
 * loads reuse (or fight) the memory the earlier ones freed. The sizes take
 * turns, so that a slow stretch of the machine (here, runs of loads 50%
 * slower than the rest, for seconds) falls on all of them alike rather
 * than on one size's repetitions. */
static void
measure_loads (const char  *dir,
               const guint *thousands,
               guint        n_sizes,
               guint        reps,
               LoadSamples *loads)
{
  for (guint i = 0; i < n_sizes; i++)
    {
      shu_bench_samples_init (&loads[i].bare);
      shu_bench_samples_init (&loads[i].parse);
      shu_bench_samples_init (&loads[i].anchor);
      shu_bench_samples_init (&loads[i].load);
    }

  for (guint r = 0; r < reps; r++)
    for (guint i = 0; i < n_sizes; i++)
      {
        g_autofree char *app = spawn_load_once (dir, thousands[i], "app");
        double parse_ms, anchor_ms, bare_ms;

        if (sscanf (app, "%lf %lf", &parse_ms, &anchor_ms) != 2)
          g_error ("--load-once printed \"%s\"", app);
        shu_bench_samples_add (&loads[i].parse, parse_ms);
        shu_bench_samples_add (&loads[i].anchor, anchor_ms);
        shu_bench_samples_add (&loads[i].load, parse_ms + anchor_ms);

        /* SHU_BENCH_SKIP_JSON_GLIB: for runs about saving, where the 46 s
         * json-glib takes on 200k annotations only waits. */
        if (g_getenv ("SHU_BENCH_SKIP_JSON_GLIB") == NULL)
          {
            g_autofree char *json_glib = spawn_load_once (dir, thousands[i], "json-glib");

            if (sscanf (json_glib, "%lf", &bare_ms) != 1)
              g_error ("--load-once printed \"%s\"", json_glib);
            shu_bench_samples_add (&loads[i].bare, bare_ms);
          }
      }
}

static void
bench_size (const char  *dir,
            ShuSource   *source,
            guint        thousands,
            guint        reps,
            LoadSamples *loads,
            SizeMedians *medians)
{
  g_autofree char *name = g_strdup_printf ("sidecar-%uk.json", thousands);
  g_autofree char *out_path = g_build_filename (dir, "out.annotations.json", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GBytes) bytes = read_bytes (dir, name);
  g_autoptr(ShuDocument) document = NULL;
  ShuBenchSamples serialize, save, blocked, call;
  char what[128];

  shu_bench_samples_init (&serialize);
  shu_bench_samples_init (&save);
  shu_bench_samples_init (&blocked);
  shu_bench_samples_init (&call);

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "bench.json", &error);

    g_assert_no_error (error);
    document = shu_sidecar_anchor (sidecar, source, NULL, &error);
    g_assert_no_error (error);
  }

  /* Each figure in its own loop: a save that came right after the 200k
   * serialisation into memory (a 240 MB buffer, freed) paid for it. */
  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(GError) error = NULL;
      double t0, t1;

      /* Each save finds the file system settled, as a save a while after
       * the last one does: back to back, a 200k save waited for the one
       * before it to be written out, and for its old backup (240 MB) to
       * be freed. */
      sync ();
      t0 = shu_bench_now_ms ();
      shu_sidecar_save (document, out, &error);
      g_assert_no_error (error);
      t1 = shu_bench_now_ms ();
      shu_bench_samples_add (&save, t1 - t0);
    }

  for (guint r = 0; r < reps; r++)
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
      SaveWait wait = { loop, 0, FALSE };
      double t0, t1;

      t0 = shu_bench_now_ms ();
      shu_sidecar_save_async (document, out, NULL, save_done_cb, &wait);
      t1 = shu_bench_now_ms ();
      g_main_loop_run (loop);
      g_assert_true (wait.ok);
      shu_bench_samples_add (&blocked, (t1 - t0) + (shu_bench_now_ms () - wait.callback_start));
      shu_bench_samples_add (&call, t1 - t0);
    }

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

  medians->thousands = thousands;
  medians->load = shu_bench_samples_quantile (&loads->load, 0.5);
  medians->save = shu_bench_samples_quantile (&save, 0.5);

#define ROW(samples, label) \
  g_snprintf (what, sizeof what, "%uk: %s", thousands, label); \
  shu_bench_print_row (what, &samples, "ms"); \
  shu_bench_samples_clear (&samples)

  if (loads->bare.values->len > 0)
    {
      ROW (loads->bare, "json-glib parse alone");
    }
  else
    shu_bench_samples_clear (&loads->bare);
  ROW (loads->parse, "sidecar parse");
  ROW (loads->anchor, "anchor into the store");
  ROW (loads->load, "load (parse + anchor)");
  ROW (serialize, "serialise into memory (alone)");
  ROW (save, "save (serialise into the file, durable)");
  ROW (blocked, "save_async: main loop blocked");
  ROW (call, "save_async: of which the call (snapshot)");
#undef ROW

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

  g_unlink (out_path);
  {
    g_autofree char *backup = g_strconcat (out_path, "~", NULL);

    g_unlink (backup);
  }
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GBytes) text = NULL;
  guint reps = 5;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (SizeMedians));

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
  {
    g_autoptr(GArray) thousands = g_array_new (FALSE, FALSE, sizeof (guint));
    g_autofree LoadSamples *loads = NULL;

    if (argc > 3)
      for (int i = 3; i < argc; i++)
        {
          guint k = MAX (1, atoi (argv[i]));

          g_array_append_val (thousands, k);
        }
    else
      g_array_append_vals (thousands, counts, G_N_ELEMENTS (counts));

    loads = g_new0 (LoadSamples, thousands->len);
    measure_loads (argv[1], (guint *) thousands->data, thousands->len, reps, loads);
    for (guint i = 0; i < thousands->len; i++)
      {
        SizeMedians m;

        bench_size (argv[1], source, g_array_index (thousands, guint, i), reps, &loads[i], &m);
        g_array_append_val (sizes, m);
      }
  }

  /* How load and save grow from one size to the next, against how the
   * number of annotations grows (the target: no faster than it). */
  for (guint i = 1; i < sizes->len; i++)
    {
      SizeMedians *a = &g_array_index (sizes, SizeMedians, i - 1);
      SizeMedians *b = &g_array_index (sizes, SizeMedians, i);
      char what[128];

      if (a->load <= 0 || a->save <= 0 || b->thousands <= a->thousands)
        continue;
      g_snprintf (what, sizeof what, "growth %uk -> %uk (%.0fx): load", a->thousands,
                  b->thousands, (double) b->thousands / a->thousands);
      g_print ("| %-44s | %9.2fx | %-24s | %-6s |\n", what, b->load / a->load, "", "ratio");
      g_snprintf (what, sizeof what, "growth %uk -> %uk (%.0fx): save", a->thousands,
                  b->thousands, (double) b->thousands / a->thousands);
      g_print ("| %-44s | %9.2fx | %-24s | %-6s |\n", what, b->save / a->save, "", "ratio");
    }
  g_print ("| %-44s | %10.1f | %-24s | %-6s |\n", "peak RSS of this process", 
           shu_bench_peak_rss_mib (), "", "MiB");
  return 0;
}
