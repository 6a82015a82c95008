/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-bench-stats.h"
#include "shu-sidecar.h"
#include "shu-suggest.h"

/* Suggestions at scale (issue #29): on text-5mb.txt (from shu-bench-gen),
 * the generator's sidecar-24k.json (random spans), and a sidecar of N
 * annotations (24,000 by default) as a coder makes them: one to three
 * whole words each, a word mostly under the same label as before (one in
 * ten under another), on a text that repeats the essay, so that nearly
 * every word is suggested. Prints, for each, the time to read the sidecar
 * (read, parse, anchor: what opening the text costs) beside the time to
 * compute its suggestions (learn the forms, find them: what the worker
 * thread does), and how many there are.
 *
 *   shu-bench-suggest BENCH_DIR [ANNOTATIONS] [REPETITIONS]   (24000 and 5)
 *
 * The sidecar is written once, as BENCH_DIR/suggest-N.json. */

#define SEED 20261207
#define N_LABELS 12

static gboolean
is_word_char (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* The word starts of @source, in code points. */
static GArray *
word_starts (ShuSource *source)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean in_word = FALSE;
  guint offset = 0;

  for (const char *p = shu_source_get_text (source); *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean word = is_word_char (g_utf8_get_char (p));

      if (word && !in_word)
        g_array_append_val (starts, offset);
      in_word = word;
      offset++;
    }
  return starts;
}

static guint
word_end (ShuSource *source,
          guint      start)
{
  const char *p = shu_source_get_text (source) + shu_source_offset_to_byte (source, start);

  while (*p != '\0' && is_word_char (g_utf8_get_char (p)))
    {
      p = g_utf8_next_char (p);
      start++;
    }
  return start;
}

static GBytes *
make_sidecar (ShuSource *source,
              guint      n_annotations)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 12, 7, 12, 0, 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GArray) starts = word_starts (source);
  g_autoptr(GHashTable) used = g_hash_table_new (NULL, NULL);

  for (guint i = 0; i < N_LABELS; i++)
    {
      g_autofree char *id = g_strdup_printf ("label-%u", i + 1);
      g_autofree char *name = g_strdup_printf ("קוד %u", i + 1);
      g_autoptr(ShuLabel) label = shu_label_new (id, name, "#3584e4", NULL, 0);

      shu_label_set_append (labels, label);
    }
  document = shu_document_new (source, labels);

  while (annotations->len < n_annotations)
    {
      guint w = g_rand_int_range (rand, 0, starts->len - 3);
      guint n_words = g_rand_int_range (rand, 0, 10) < 8 ? 1 : g_rand_int_range (rand, 2, 4);
      ShuRange range;
      g_autofree char *id = g_strdup_printf ("urn:uuid:00000000-0000-4000-8000-%012u",
                                             annotations->len);
      g_autofree char *text = NULL;
      guint label;

      if (g_hash_table_contains (used, GUINT_TO_POINTER (w + 1)))
        continue;
      g_hash_table_add (used, GUINT_TO_POINTER (w + 1));
      range.start = g_array_index (starts, guint, w);
      range.end = word_end (source, g_array_index (starts, guint, w + n_words - 1));
      text = shu_source_dup_range (source, range.start, range.end);
      /* The same words under the same label, mostly. */
      label = g_rand_int_range (rand, 0, 10) == 0 ? (guint) g_rand_int_range (rand, 0, N_LABELS)
                                                  : g_str_hash (text) % N_LABELS;
      {
        g_autofree char *label_id = g_strdup_printf ("label-%u", label + 1);

        g_ptr_array_add (annotations, shu_annotation_new (id, &range, 1, label_id, NULL,
                                                          "בודקת", created, created));
      }
    }
  shu_annotation_store_reset (shu_document_get_store (document), annotations, NULL);
  shu_document_set_source_name (document, "text-5mb.txt");
  return shu_sidecar_serialize (document);
}

/* Reads @name from @dir @repetitions times and computes its suggestions
 * as often; prints both. */
static gboolean
bench_sidecar (ShuSource  *source,
               const char *name,
               const char *dir,
               guint       repetitions,
               const char *what)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  ShuBenchSamples read, suggest, read_cpu, suggest_cpu;
  guint n_found = 0, n_forms = 0, n_annotations = 0;

  shu_bench_samples_init (&read);
  shu_bench_samples_init (&suggest);
  shu_bench_samples_init (&read_cpu);
  shu_bench_samples_init (&suggest_cpu);
  for (guint r = 0; r < repetitions; r++)
    {
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GPtrArray) annotations = NULL;
      g_autoptr(ShuSuggestForms) forms = NULL;
      g_autoptr(GArray) found = NULL;
      double t0, t1, c0, c1;

      t0 = shu_bench_now_ms ();
      c0 = shu_bench_cpu_ms ();
      sidecar = shu_sidecar_load (file, NULL, &error);
      if (sidecar != NULL)
        document = shu_sidecar_anchor_once (sidecar, source, NULL, &error);
      t1 = shu_bench_now_ms ();
      c1 = shu_bench_cpu_ms ();
      if (document == NULL)
        {
          g_printerr ("%s\n", error->message);
          return FALSE;
        }
      shu_bench_samples_add (&read, t1 - t0);
      shu_bench_samples_add (&read_cpu, c1 - c0);

      /* What the worker thread does, from the store's snapshot on. */
      annotations = shu_annotation_store_dup_annotations (shu_document_get_store (document));
      t0 = shu_bench_now_ms ();
      c0 = shu_bench_cpu_ms ();
      forms = shu_suggest_forms_new ();
      shu_suggest_forms_learn (forms, source, annotations, NULL);
      found = shu_suggest_find (source, forms, annotations, NULL, NULL);
      t1 = shu_bench_now_ms ();
      c1 = shu_bench_cpu_ms ();
      shu_bench_samples_add (&suggest, t1 - t0);
      shu_bench_samples_add (&suggest_cpu, c1 - c0);
      n_found = found->len;
      n_forms = shu_suggest_forms_get_size (forms);
      n_annotations = annotations->len;
    }

  g_print ("%s (%s)\ntext-5mb.txt (%u code points), %u annotations, %u forms, "
           "%u suggestions, %u runs, %u processors\n\n", name, what,
           shu_source_get_length (source), n_annotations, n_forms, n_found, repetitions,
           g_get_num_processors ());
  g_print ("| what | median | min..max | unit |\n|---|---|---|---|\n");
  shu_bench_print_row ("read the sidecar (load, parse, anchor)", &read, "ms");
  shu_bench_print_row ("compute its suggestions (learn, find)", &suggest, "ms");
  shu_bench_print_row ("read the sidecar, CPU time", &read_cpu, "ms");
  shu_bench_print_row ("compute its suggestions, CPU time", &suggest_cpu, "ms");
  g_print ("\n");
  shu_bench_samples_clear (&read);
  shu_bench_samples_clear (&suggest);
  shu_bench_samples_clear (&read_cpu);
  shu_bench_samples_clear (&suggest_cpu);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *sidecar_path = NULL;
  g_autoptr(GFile) text_file = NULL;
  g_autoptr(ShuSource) source = NULL;
  guint n_annotations = argc > 2 ? (guint) g_ascii_strtoull (argv[2], NULL, 10) : 24000;
  guint repetitions = argc > 3 ? (guint) g_ascii_strtoull (argv[3], NULL, 10) : 5;

  if (argc < 2 || n_annotations == 0 || repetitions == 0)
    {
      g_printerr ("usage: shu-bench-suggest BENCH_DIR [ANNOTATIONS] [REPETITIONS]\n");
      return 2;
    }

  text_path = g_build_filename (argv[1], "text-5mb.txt", NULL);
  text_file = g_file_new_for_path (text_path);
  source = shu_source_new_from_file (text_file, SHU_ENCODING_AUTO, NULL, &error);
  if (source == NULL)
    {
      g_printerr ("%s (run shu-bench-gen first)\n", error->message);
      return 2;
    }
  {
    g_autofree char *name = g_strdup_printf ("suggest-%u.json", n_annotations);

    sidecar_path = g_build_filename (argv[1], name, NULL);
  }
  if (!g_file_test (sidecar_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GBytes) bytes = make_sidecar (source, n_annotations);

      if (!g_file_set_contents (sidecar_path, g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes), &error))
        {
          g_printerr ("%s\n", error->message);
          return 2;
        }
    }

  if (!bench_sidecar (source, "sidecar-24k.json", argv[1], repetitions,
                      "generator's sidecar-24k.json: random spans of 1 to 80 characters")
      || !bench_sidecar (source, strrchr (sidecar_path, G_DIR_SEPARATOR) + 1, argv[1], repetitions,
                         "whole words, coded the same way each time: nearly every word "
                         "of the text is suggested"))
    return 1;
  return 0;
}
