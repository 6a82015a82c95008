/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-sidecar.h"

/* Makes the benchmark inputs from the bundled essay:
 *
 *   text-0.2mb.txt, text-1mb.txt, text-5mb.txt   the essay repeated, hard-wrapped
 *                                                like the essay itself
 *   para-200kb.txt                               one 200 KB paragraph (no line break)
 *   sidecar-1k.json ... sidecar-200k.json        annotations on text-5mb.txt
 *                                                (1k, 10k, 24k, 50k, 200k)
 *   text-5mb.txt.annotations.json                the 50k sidecar, found by the app
 *   essay/essay.he.txt (and its sidecar)         the essay with 200 annotations
 *
 * and with --long-lines, in OUTDIR/long, the texts of issue 27 that froze
 * the window (one line each, tests/bench/long-lines.sh):
 *
 *   letters-100k.txt, letters-1m.txt    Hebrew letters in no order, no space
 *   words-10mb.txt, words-50mb.txt      the essay's words, line breaks made
 *                                       spaces
 *
 * The sidecars are written by the real model (ShuDocument and
 * shu_sidecar_serialize), so they are valid by construction: overlapping
 * spans on grapheme boundaries, 12 labels, Hebrew comments on about half.
 * A fixed seed makes every run write the same files.
 *
 *   shu-bench-gen [--long-lines] ESSAY OUTDIR
 */

#define SEED 20240501

static const guint annotation_counts[] = { 1000, 10000, 24000, 50000, 200000 };
/* On the essay alone (about 12,000 characters): one every 60 or so. */
#define ESSAY_ANNOTATIONS 200

static GBytes *
repeat_to_size (const char *essay,
                gsize       essay_size,
                gsize       target,
                gboolean    one_paragraph)
{
  GString *unit = g_string_sized_new (essay_size + 2);
  GString *out = g_string_sized_new (target + essay_size);

  if (!one_paragraph)
    {
      g_string_append_len (unit, essay, essay_size);
      if (essay_size > 0 && essay[essay_size - 1] != '\n')
        g_string_append_c (unit, '\n');
      g_string_append_c (unit, '\n');
    }
  else
    {
      /* Every line break and run of white space becomes one space, so the
       * whole text is a single paragraph on a single line. */
      for (gsize i = 0; i < essay_size; i++)
        {
          char c = essay[i];

          if (c == '\n' || c == '\r' || c == ' ' || c == '\t')
            {
              if (unit->len > 0 && unit->str[unit->len - 1] != ' ')
                g_string_append_c (unit, ' ');
            }
          else
            g_string_append_c (unit, c);
        }
      if (unit->len > 0 && unit->str[unit->len - 1] != ' ')
        g_string_append_c (unit, ' ');
    }

  while (out->len < target)
    g_string_append_len (out, unit->str, unit->len);

  if (one_paragraph)
    {
      /* Cut at the target, on a character boundary, without a final space. */
      const char *cut = out->str + target;

      while (cut > out->str && ((guchar) *cut & 0xC0) == 0x80)
        cut--;
      g_string_truncate (out, cut - out->str);
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
    }

  g_string_free (unit, TRUE);
  return g_string_free_to_bytes (out);
}

static gboolean
write_file (const char  *dir,
            const char  *name,
            GBytes      *bytes,
            GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  return g_file_set_contents (path, data, size, error);
}

static ShuLabelSet *
make_labels (void)
{
  static const char *names[] = {
    "טענה", "ראיה", "מושג", "רטוריקה", "דוגמה", "שאלה",
    "הנחה", "מסקנה", "ציטוט", "סתירה", "הגדרה", "היסטוריה",
  };
  static const char *colors[] = {
    "#e01b24", "#2ec27e", "#3584e4", "#f5c211", "#9141ac", "#ff7800",
    "#865e3c", "#26a269", "#1c71d8", "#c64600", "#613583", "#63452c",
  };
  ShuLabelSet *labels = shu_label_set_new ();

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *id = g_strdup_printf ("label-%u", i + 1);
      g_autoptr(ShuLabel) label = shu_label_new (id, names[i], colors[i], NULL,
                                                 i < 9 ? (char) ('1' + i) : 0);

      shu_label_set_append (labels, label);
    }
  return labels;
}

static char *
random_urn (GRand *rand)
{
  guint32 a = g_rand_int (rand), b = g_rand_int (rand), c = g_rand_int (rand);
  guint32 d = g_rand_int (rand);

  return g_strdup_printf ("urn:uuid:%08x-%04x-4%03x-%04x-%04x%08x", a, b >> 16, b & 0xfff,
                          0x8000 | (c & 0x3fff), c >> 16, d);
}

static GBytes *
make_sidecar (ShuSource   *text,
              const char  *text_name,
              ShuSource   *essay,
              ShuLabelSet *labels,
              guint        n_annotations)
{
  g_autoptr(ShuDocument) document = shu_document_new (text, labels);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 5, 1, 12, 0, 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED + n_annotations);
  guint length = shu_source_get_length (text);
  guint essay_length = shu_source_get_length (essay);
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (labels));

  while (annotations->len < n_annotations)
    {
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (
        (GDestroyNotify) shu_comment_unref);
      g_autoptr(ShuLabel) label = NULL;
      g_autofree char *id = random_urn (rand);
      ShuRange range;

      range.start = shu_source_boundary_ceil (text, g_rand_int_range (rand, 0, length - 100));
      range.end = shu_source_boundary_ceil (text, range.start + g_rand_int_range (rand, 1, 80));
      if (range.end <= range.start)
        continue;

      /* Most carry a label, about half a comment: a phrase of the essay. */
      if (g_rand_int_range (rand, 0, 10) > 0)
        label = g_list_model_get_item (G_LIST_MODEL (labels),
                                       g_rand_int_range (rand, 0, n_labels));
      if (g_rand_boolean (rand))
        {
          guint from = shu_source_boundary_ceil (essay,
                                                 g_rand_int_range (rand, 0, essay_length - 200));
          guint to = shu_source_boundary_ceil (essay, from + g_rand_int_range (rand, 10, 120));
          g_autofree char *phrase = shu_source_dup_range (essay, from, to);

          g_ptr_array_add (comments, shu_comment_new (phrase, "he"));
        }

      g_ptr_array_add (annotations,
                       shu_annotation_new (id, &range, 1,
                                           label != NULL ? shu_label_get_id (label) : NULL,
                                           comments, "בודקת", created, created));
    }

  shu_annotation_store_reset (shu_document_get_store (document), annotations, NULL);
  shu_document_set_source_name (document, text_name);
  shu_document_set_title (document, "מדד ביצועים");
  return shu_sidecar_serialize (document);
}

/* One line of @n Hebrew letters in an order of their own (Pango's cost
 * depends on the text: one letter repeated lays out much faster). */
static GBytes *
letters_line (guint n)
{
  GString *out = g_string_sized_new (2 * n + 1);
  guint32 seed = SEED;

  for (guint i = 0; i < n; i++)
    {
      seed = seed * 1103515245 + 12345;
      g_string_append_unichar (out, 0x05D0 + (seed >> 16) % 27);
    }
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

/* The essay's words on one line of @target bytes or a little more. */
static GBytes *
words_line (const char *essay,
            gsize       essay_size,
            gsize       target)
{
  GString *out = g_string_sized_new (target + essay_size + 1);

  while (out->len < target)
    {
      gsize from = out->len;

      g_string_append_len (out, essay, essay_size);
      g_string_append_c (out, ' ');
      for (gsize i = from; i < out->len; i++)
        if (out->str[i] == '\n' || out->str[i] == '\r')
          out->str[i] = ' ';
    }
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

static int
write_long_lines (const char *essay,
                  gsize       essay_size,
                  const char *dir)
{
  g_autofree char *long_dir = g_build_filename (dir, "long", NULL);
  g_autoptr(GError) error = NULL;
  struct { const char *name; guint letters; gsize words; } texts[] = {
    { "letters-100k.txt", 100 * 1000, 0 },
    { "letters-1m.txt", 1000 * 1000, 0 },
    { "words-10mb.txt", 0, 10 * 1000 * 1000 },
    { "words-50mb.txt", 0, 50 * 1000 * 1000 },
  };

  if (g_mkdir_with_parents (long_dir, 0755) != 0)
    {
      g_printerr ("cannot make %s\n", long_dir);
      return 1;
    }
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = texts[i].letters > 0
                                ? letters_line (texts[i].letters)
                                : words_line (essay, essay_size, texts[i].words);

      if (!write_file (long_dir, texts[i].name, bytes, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("long/%s: %" G_GSIZE_FORMAT " bytes\n", texts[i].name, g_bytes_get_size (bytes));
    }
  return 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *essay_data = NULL;
  g_autoptr(GBytes) essay_bytes = NULL;
  g_autoptr(ShuSource) essay = NULL;
  g_autoptr(ShuSource) text = NULL;
  g_autoptr(ShuLabelSet) labels = NULL;
  const char *dir;
  gsize essay_size;
  struct { const char *name; gsize size; gboolean paragraph; } texts[] = {
    { "text-0.2mb.txt", 200 * 1000, FALSE },
    { "text-1mb.txt", 1000 * 1000, FALSE },
    { "text-5mb.txt", 5000 * 1000, FALSE },
    { "para-200kb.txt", 200 * 1000, TRUE },
  };

  gboolean long_lines = argc == 4 && g_str_equal (argv[1], "--long-lines");

  if (long_lines)
    {
      argv++;
      argc--;
    }
  if (argc != 3)
    {
      g_printerr ("usage: %s [--long-lines] ESSAY OUTDIR\n", argv[0]);
      return 2;
    }
  dir = argv[2];
  if (g_mkdir_with_parents (dir, 0755) != 0
      || !g_file_get_contents (argv[1], &essay_data, &essay_size, &error))
    {
      g_printerr ("%s\n", error != NULL ? error->message : "cannot make the folder");
      return 2;
    }
  if (long_lines)
    return write_long_lines (essay_data, essay_size, dir);
  essay_bytes = g_bytes_new (essay_data, essay_size);
  essay = shu_source_new_from_bytes (essay_bytes, SHU_ENCODING_UTF8, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = repeat_to_size (essay_data, essay_size, texts[i].size,
                                                texts[i].paragraph);

      if (!write_file (dir, texts[i].name, bytes, &error))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      if (g_str_equal (texts[i].name, "text-5mb.txt"))
        {
          text = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);
          g_assert_no_error (error);
        }
      g_print ("%s: %" G_GSIZE_FORMAT " bytes\n", texts[i].name, g_bytes_get_size (bytes));
    }

  labels = make_labels ();
  for (guint i = 0; i < G_N_ELEMENTS (annotation_counts); i++)
    {
      g_autoptr(GBytes) bytes = make_sidecar (text, "text-5mb.txt", essay, labels,
                                              annotation_counts[i]);
      g_autofree char *name = g_strdup_printf ("sidecar-%uk.json", annotation_counts[i] / 1000);

      if (!write_file (dir, name, bytes, &error)
          || (annotation_counts[i] == 50000
              && !write_file (dir, "text-5mb.txt.annotations.json", bytes, &error)))
        {
          g_printerr ("%s\n", error->message);
          return 1;
        }
      g_print ("%s: %" G_GSIZE_FORMAT " bytes\n", name, g_bytes_get_size (bytes));
    }

  /* The essay itself with a sidecar of ESSAY_ANNOTATIONS, in a folder of its
   * own (the app opens a text with the sidecar beside it). */
  {
    g_autofree char *essay_dir = g_build_filename (dir, "essay", NULL);
    g_autoptr(GBytes) bytes = make_sidecar (essay, "essay.he.txt", essay, labels,
                                            ESSAY_ANNOTATIONS);

    if (g_mkdir_with_parents (essay_dir, 0755) != 0
        || !write_file (essay_dir, "essay.he.txt", essay_bytes, &error)
        || !write_file (essay_dir, "essay.he.txt.annotations.json", bytes, &error))
      {
        g_printerr ("%s\n", error != NULL ? error->message : "cannot make the folder");
        return 1;
      }
    g_print ("essay/essay.he.txt.annotations.json: %" G_GSIZE_FORMAT " bytes\n",
             g_bytes_get_size (bytes));
  }

  return 0;
}
