/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "shu-sidecar.h"

/* A corpus of edited versions of the essay, to measure re-anchoring.
 *
 * A few hundred annotations (one to four words, some discontinuous) are
 * made on the essay and saved; then each version of the text gets a mix of
 * edits: words inserted, deleted and replaced, groups of lines moved (the
 * essay has no blank lines, so six lines make a "paragraph"), and white
 * space changed. Every character of an edited text remembers where it came
 * from, so the test knows where each annotation's words went.
 *
 * An annotation "survives" when all its characters are still there,
 * unchanged and contiguous. Targets: at least 95% of the survivors land on
 * exactly their words, and no annotation lands on wrong words (a survivor
 * elsewhere than its words, or an edited one away from what is left of its
 * words and their surroundings). */

#define N_ANNOTATIONS 300
#define N_VERSIONS 12
#define N_EDITS 80
#define LINES_PER_PARAGRAPH 6

typedef struct
{
  gunichar c;
  int      from;  /* offset in the original, -1 for an inserted character */
} Cell;

typedef struct
{
  guint    n_ranges;
  ShuRange ranges[2];
  char    *id;
} Made;

typedef struct
{
  guint survivors;
  guint survivors_exact;
  guint survivors_orphaned;
  guint survivors_wrong;
  guint edited;
  guint edited_placed;
  guint edited_wrong;
  guint placed_below_threshold;
} Figures;

static gboolean
is_space (gunichar c)
{
  return g_unichar_isspace (c);
}

/* The start of every word (a run of non-space characters) in @cells. */
static GArray *
word_starts (GArray *cells)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < cells->len; i++)
    {
      gboolean here = !is_space (g_array_index (cells, Cell, i).c);
      gboolean before = i > 0 && !is_space (g_array_index (cells, Cell, i - 1).c);

      if (here && !before)
        g_array_append_val (starts, i);
    }
  return starts;
}

static guint
word_end (GArray *cells,
          guint   start)
{
  while (start < cells->len && !is_space (g_array_index (cells, Cell, start).c))
    start++;
  return start;
}

/* A random word of the original essay, as new characters. */
static void
random_word (GRand       *rand,
             const gunichar *text,
             GArray      *words,
             GArray      *out)
{
  guint start = g_array_index (words, guint, g_rand_int_range (rand, 0, words->len));

  g_array_set_size (out, 0);
  for (guint i = start; text[i] != 0 && !is_space (text[i]); i++)
    {
      Cell cell = { text[i], -1 };

      g_array_append_val (out, cell);
    }
}

static void
edit (GRand          *rand,
      GArray         *cells,
      const gunichar *text,
      GArray         *original_words)
{
  g_autoptr(GArray) starts = word_starts (cells);
  g_autoptr(GArray) word = g_array_new (FALSE, FALSE, sizeof (Cell));
  guint kind = g_rand_int_range (rand, 0, 10);
  guint w = g_array_index (starts, guint, g_rand_int_range (rand, 0, starts->len));
  guint end = word_end (cells, w);

  if (kind < 2)
    {
      /* Insert a word and a space before a word. */
      Cell space = { ' ', -1 };

      random_word (rand, text, original_words, word);
      g_array_append_val (word, space);
      g_array_insert_vals (cells, w, word->data, word->len);
    }
  else if (kind < 4)
    {
      /* Delete a word with the space after it. */
      g_array_remove_range (cells, w, MIN (end + 1, cells->len) - w);
    }
  else if (kind < 6)
    {
      /* Replace a word by another. */
      random_word (rand, text, original_words, word);
      g_array_remove_range (cells, w, end - w);
      g_array_insert_vals (cells, w, word->data, word->len);
    }
  else if (kind < 7)
    {
      /* Move a paragraph (six lines) before another one. */
      g_autoptr(GArray) line_starts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) block = NULL;
      guint n_paragraphs, from, to, from_start, from_end, to_start;

      for (guint i = 0; i < cells->len; i++)
        if (i == 0 || g_array_index (cells, Cell, i - 1).c == '\n')
          {
            if (line_starts->len % 1 == 0)
              g_array_append_val (line_starts, i);
          }
      n_paragraphs = line_starts->len / LINES_PER_PARAGRAPH;
      if (n_paragraphs < 3)
        return;
      from = g_rand_int_range (rand, 0, n_paragraphs - 1);
      to = g_rand_int_range (rand, 0, n_paragraphs - 1);
      if (to == from || to == from + 1)
        return;
      from_start = g_array_index (line_starts, guint, from * LINES_PER_PARAGRAPH);
      from_end = g_array_index (line_starts, guint, (from + 1) * LINES_PER_PARAGRAPH);
      to_start = g_array_index (line_starts, guint, to * LINES_PER_PARAGRAPH);
      block = g_array_new (FALSE, FALSE, sizeof (Cell));
      g_array_append_vals (block, &g_array_index (cells, Cell, from_start), from_end - from_start);
      g_array_remove_range (cells, from_start, from_end - from_start);
      if (to_start > from_start)
        to_start -= from_end - from_start;
      g_array_insert_vals (cells, to_start, block->data, block->len);
    }
  else
    {
      /* Change the white space after a word: re-wrap a line, join two
       * lines, or double a space. */
      Cell *space;

      if (end >= cells->len)
        return;
      space = &g_array_index (cells, Cell, end);
      if (space->c == '\n')
        *space = (Cell) { ' ', -1 };
      else if (g_rand_boolean (rand))
        *space = (Cell) { '\n', -1 };
      else
        {
          Cell extra = { ' ', -1 };

          g_array_insert_val (cells, end + 1, extra);
        }
    }
}

static GBytes *
cells_to_bytes (GArray *cells)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < cells->len; i++)
    g_string_append_unichar (out, g_array_index (cells, Cell, i).c);
  return g_string_free_to_bytes (out);
}

/* Where the original characters [start, end) went, if they survive
 * together: all present, in order, contiguous. */
static gboolean
survives (const int      *new_pos,
          const ShuRange *range,
          ShuRange       *moved)
{
  int first = new_pos[range->start];

  if (first < 0)
    return FALSE;
  for (guint i = range->start; i < range->end; i++)
    if (new_pos[i] != first + (int) (i - range->start))
      return FALSE;
  moved->start = first;
  moved->end = first + (range->end - range->start);
  return TRUE;
}

/* For an edited annotation: does its new place touch what is left of its
 * words, or, when nothing is left, lie between the nearest surviving
 * characters around it? */
static gboolean
acceptable (const int      *new_pos,
            guint           length,
            const ShuRange *old,
            guint           n_old,
            const ShuRange *placed,
            guint           n_placed)
{
  guint start = old[0].start, end = old[n_old - 1].end;
  gboolean any = FALSE;
  int before = -1, after = G_MAXINT;

  for (guint i = start; i < end; i++)
    if (new_pos[i] >= 0)
      {
        any = TRUE;
        for (guint r = 0; r < n_placed; r++)
          if ((guint) new_pos[i] >= placed[r].start && (guint) new_pos[i] < placed[r].end)
            return TRUE;
      }
  if (any)
    return FALSE;
  for (int i = (int) start - 1; i >= 0 && before < 0; i--)
    before = new_pos[i];
  for (guint i = end; i < length && after == G_MAXINT; i++)
    if (new_pos[i] >= 0)
      after = new_pos[i];
  return before < (int) placed[0].start && placed[n_placed - 1].end <= (guint) after;
}

static void
run_version (guint32         seed,
             ShuSidecar     *sidecar,
             const gunichar *text,
             guint           length,
             GArray         *words,
             GPtrArray      *made,
             Figures        *figures)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) cells = g_array_sized_new (FALSE, FALSE, sizeof (Cell), length);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree int *new_pos = g_new (int, length + 1);
  g_autoptr(GHashTable) confidence = g_hash_table_new (g_str_hash, g_str_equal);
  ShuAnnotationStore *store;

  for (guint i = 0; i < length; i++)
    {
      Cell cell = { text[i], (int) i };

      g_array_append_val (cells, cell);
    }
  for (guint e = 0; e < N_EDITS; e++)
    edit (rand, cells, text, words);

  for (guint i = 0; i < length; i++)
    new_pos[i] = -1;
  for (guint j = 0; j < cells->len; j++)
    if (g_array_index (cells, Cell, j).from >= 0)
      new_pos[g_array_index (cells, Cell, j).from] = j;

  bytes = cells_to_bytes (cells);
  source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, &report, &error);
  g_assert_no_error (error);
  store = shu_document_get_store (document);
  for (guint i = 0; i < report->len; i++)
    {
      ShuAnchorResult *result = g_ptr_array_index (report, i);

      if (result->status != SHU_ANCHOR_ORPHAN && result->confidence < SHU_ANCHOR_MIN_CONFIDENCE)
        figures->placed_below_threshold++;
    }

  for (guint a = 0; a < made->len; a++)
    {
      const Made *m = g_ptr_array_index (made, a);
      ShuAnnotation *placed = shu_annotation_store_lookup (store, m->id);
      ShuRange expected[2];
      gboolean survivor = TRUE;

      for (guint r = 0; r < m->n_ranges; r++)
        survivor &= survives (new_pos, &m->ranges[r], &expected[r]);

      if (survivor)
        {
          figures->survivors++;
          if (placed == NULL)
            figures->survivors_orphaned++;
          else if (shu_annotation_get_n_ranges (placed) == m->n_ranges
                   && memcmp (shu_annotation_get_ranges (placed), expected,
                              m->n_ranges * sizeof (ShuRange)) == 0)
            figures->survivors_exact++;
          else
            {
              g_autofree char *got = shu_source_dup_range (source,
                                                           shu_annotation_get_start (placed),
                                                           shu_annotation_get_end (placed));

              g_autofree char *want = shu_source_dup_range (source, expected[0].start,
                                                            expected[m->n_ranges - 1].end);
              const ShuAnchorResult *result = NULL;

              for (guint i = 0; i < report->len; i++)
                if (g_str_equal (((ShuAnchorResult *) g_ptr_array_index (report, i))->id, m->id))
                  result = g_ptr_array_index (report, i);
              g_test_message ("seed %u: survivor %s landed on \"%s\" at %u, expected \"%s\" "
                              "at %u (status %d, confidence %.2f)", seed, m->id, got,
                              shu_annotation_get_start (placed), want, expected[0].start,
                              result != NULL ? (int) result->status : 0,
                              result != NULL ? result->confidence : 1.0);
              figures->survivors_wrong++;
            }
        }
      else
        {
          figures->edited++;
          if (placed != NULL)
            {
              figures->edited_placed++;
              if (!acceptable (new_pos, length, m->ranges, m->n_ranges,
                               shu_annotation_get_ranges (placed),
                               shu_annotation_get_n_ranges (placed)))
                {
                  g_autofree char *got = NULL;
                  g_autofree char *was = NULL;

                  got = shu_source_dup_range (source, shu_annotation_get_start (placed),
                                              shu_annotation_get_end (placed));
                  was = g_ucs4_to_utf8 (text + m->ranges[0].start,
                                        m->ranges[0].end - m->ranges[0].start, NULL, NULL, NULL);
                  const ShuAnchorResult *result = NULL;

                  for (guint i = 0; i < report->len; i++)
                    if (g_str_equal (((ShuAnchorResult *) g_ptr_array_index (report, i))->id,
                                     m->id))
                      result = g_ptr_array_index (report, i);
                  g_test_message ("seed %u: edited %s (\"%s\" at %u, %u ranges) landed on "
                                  "\"%s\" at %u (status %d, confidence %.2f)", seed, m->id,
                                  was, m->ranges[0].start, m->n_ranges, got,
                                  shu_annotation_get_start (placed),
                                  result != NULL ? (int) result->status : 0,
                                  result != NULL ? result->confidence : 1.0);
                  figures->edited_wrong++;
                }
            }
        }
    }
}

static void
made_free (Made *m)
{
  g_free (m->id);
  g_free (m);
}

static void
test_corpus (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("SHU_ESSAY"));
  g_autoptr(ShuSource) essay = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(GPtrArray) made = g_ptr_array_new_with_free_func ((GDestroyNotify) made_free);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) cells = NULL;
  g_autoptr(GArray) words = NULL;
  g_autofree gunichar *text = NULL;
  Figures figures = { 0 };
  glong length;
  double exact_share;

  g_assert_nonnull (g_getenv ("SHU_ESSAY"));
  essay = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  text = g_utf8_to_ucs4_fast (shu_source_get_text (essay), -1, &length);

  cells = g_array_new (FALSE, FALSE, sizeof (Cell));
  for (glong i = 0; i < length; i++)
    {
      Cell cell = { text[i], (int) i };

      g_array_append_val (cells, cell);
    }
  words = word_starts (cells);
  g_assert_cmpuint (words->len, >, 1000);

  /* Annotations of one to four words; one in ten has a second range a
   * few words later. */
  for (guint a = 0; a < N_ANNOTATIONS; a++)
    {
      Made *m = g_new0 (Made, 1);
      guint w = g_rand_int_range (rand, 0, words->len - 12);
      guint n = g_rand_int_range (rand, 1, 5);
      g_autoptr(ShuAnnotation) annotation = NULL;

      m->n_ranges = 1;
      m->ranges[0].start = g_array_index (words, guint, w);
      m->ranges[0].end = word_end (cells, g_array_index (words, guint, w + n - 1));
      if (g_rand_int_range (rand, 0, 10) == 0)
        {
          guint w2 = w + n + g_rand_int_range (rand, 1, 4);

          m->n_ranges = 2;
          m->ranges[1].start = g_array_index (words, guint, w2);
          m->ranges[1].end = word_end (cells, g_array_index (words, guint, w2));
        }
      annotation = shu_annotation_new (NULL, m->ranges, m->n_ranges, NULL, NULL, NULL, NULL,
                                       NULL);
      m->id = g_strdup (shu_annotation_get_id (annotation));
      g_ptr_array_add (annotations, g_steal_pointer (&annotation));
      g_ptr_array_add (made, m);
    }
  document = shu_document_new (essay, NULL);
  shu_annotation_store_reset (shu_document_get_store (document), annotations, NULL);
  shu_document_set_source_name (document, "essay.he.txt");
  saved = shu_sidecar_serialize (document);
  sidecar = shu_sidecar_parse (saved, "corpus.json", &error);
  g_assert_no_error (error);

  for (guint v = 0; v < N_VERSIONS; v++)
    run_version (1000 + v, sidecar, text, length, words, made, &figures);

  exact_share = (double) figures.survivors_exact / figures.survivors;
  g_test_message ("re-anchoring corpus: %u versions × %u edits, %u annotations each",
                  N_VERSIONS, N_EDITS, N_ANNOTATIONS);
  g_test_message ("survivors (words unchanged): %u; on exactly their words: %u (%.1f%%); "
                  "orphaned: %u; on wrong words: %u", figures.survivors,
                  figures.survivors_exact, 100 * exact_share, figures.survivors_orphaned,
                  figures.survivors_wrong);
  g_test_message ("edited annotations: %u; placed: %u; placed on wrong words: %u; "
                  "orphaned: %u", figures.edited, figures.edited_placed,
                  figures.edited_wrong, figures.edited - figures.edited_placed);

  g_assert_cmpuint (figures.survivors, >, N_VERSIONS * N_ANNOTATIONS / 2);
  g_assert_cmpuint (figures.edited, >, 0);
  g_assert_cmpfloat (exact_share, >=, 0.95);
  g_assert_cmpuint (figures.survivors_wrong, ==, 0);
  g_assert_cmpuint (figures.edited_wrong, ==, 0);
  g_assert_cmpuint (figures.placed_below_threshold, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  /* The figures name Hebrew words. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reanchor/corpus", test_corpus);
  return g_test_run ();
}
