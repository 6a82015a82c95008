/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-brat.h"
#include "shu-error.h"
#include "shu-import.h"
#include "shu-jsonl.h"
#include "shu-w3c.h"

/* Importing what other tools really write (issue 22): files are read
 * leniently by default (what can be placed is kept, every skipped item is
 * reported with its place and reason), strictly on request, and offsets
 * may count code points, UTF-16 units or bytes. The fixtures are excerpts
 * of other projects' data files, cited beside each. */

static ShuSource *
source_from (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);

  g_assert_no_error (error);
  return source;
}

/* "start-end [Label] {comment}" per annotation, one a line, in order. */
static char *
summary (ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      const char *label_id = shu_annotation_get_label_id (annotation);
      ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
      GPtrArray *comments = shu_annotation_get_comments (annotation);

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        g_string_append_printf (out, "%s%u-%u", r > 0 ? ";" : "", ranges[r].start,
                                ranges[r].end);
      if (label != NULL)
        g_string_append_printf (out, " [%s]", shu_label_get_name (label));
      for (guint c = 0; c < comments->len; c++)
        g_string_append_printf (out, " {%s}",
                                shu_comment_get_text (g_ptr_array_index (comments, c)));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
join_messages (GPtrArray *messages)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; messages != NULL && i < messages->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (messages, i));
  return g_string_free (out, FALSE);
}

/* The start of example-data/corpora/NCBI-disease/PMID-10429004.txt in
 * github.com/nlplab/brat at 44ecd825810167eed2a5d8ad875d832218e734e8. */
static const char *ncbi_text =
  "Relationship among genotype, biochemical phenotype, and cognitive performance in "
  "females with phenylalanine hydroxylase deficiency: report from the Maternal "
  "Phenylketonuria Collaborative Study.\n"
  "OBJECTIVE  To examine the relationship of phenylalanine hydroxylase ( PAH ) genotypes "
  "to biochemical phenotype and cognitive development in maternal phenylketonuria "
  "( PKU ) .\n";

/* Its .ann's first lines (same commit), with T5 added: the same two
 * disease mentions as one discontinuous span, fragments written out of the
 * text's order (valid brat); an AnnotatorNotes line before the span it is
 * on; and one corrupt line (a cut-off offset pair), which brat skips. */
static const char *ncbi_ann =
  "T1\tDisease 94 130\tphenylalanine hydroxylase deficiency\n"
  "A1\tCategory T1 SpecificDisease\n"
  "T2\tDisease 148 172\tMaternal Phenylketonuria\n"
  "A2\tCategory T2 Modifier\n"
  "#1\tAnnotatorNotes T5\tout of order\n"
  "T3\tDisease 334 358\tmaternal phenylketonuria\n"
  "A3\tCategory T3 SpecificDisease\n"
  "T4\tDisease 361 364\tPKU\n"
  "T5\tDisease 148 172;94 130\tMaternal Phenylketonuria phenylalanine hydroxylase "
  "deficiency\n"
  "T6\tDisease 361\tPKU\n"
  "#2\tAnnotatorNotes T9\tnothing there\n";

static void
test_brat_lenient (void)
{
  static const ShuImportOptions strict = { SHU_IMPORT_STRICT, SHU_OFFSETS_CODEPOINTS };
  static const ShuImportOptions lenient = { 0 };
  g_autoptr(ShuSource) source = source_from (ncbi_text);
  g_autoptr(GBytes) bytes = g_bytes_new_static (ncbi_ann, strlen (ncbi_ann));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autofree char *got = NULL;
  g_autofree char *said = NULL;
  guint n_skipped = 99;

  document = shu_brat_import_full (bytes, "d.ann", source, NULL, &lenient, &messages,
                                   &n_skipped, &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==,
                   "94-130 [Disease]\n"
                   "94-130;148-172 [Disease] {out of order}\n"
                   "148-172 [Disease]\n"
                   "334-358 [Disease]\n"
                   "361-364 [Disease]\n");
  g_assert_cmpuint (n_skipped, ==, 2);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "d.ann:10:12: expected offsets \"START END\" (whole numbers), several joined "
                   "by ';'; line skipped\n"
                   "d.ann:11:4: the note is on T9, which is not a text span of this file; "
                   "line skipped\n"
                   "d.ann: 3 attributes (A/M) not imported: Shulayim has no place for them\n");

  /* A script that wants all or nothing still gets it. */
  g_clear_object (&document);
  document = shu_brat_import_full (bytes, "d.ann", source, NULL, &strict, NULL, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "d.ann:10:12: expected offsets \"START END\" (whole "
                   "numbers), several joined by ';'");
}

/* Hebrew and emoji: each emoji is one code point but two UTF-16 units, so
 * offsets from a JavaScript tool are off by one per emoji before them. */
static const char *emoji_text = "שלום 👋 עולם 😀 סוף\n";

static void
test_brat_offset_units (void)
{
  static const ShuImportOptions utf16 = { 0, SHU_OFFSETS_UTF16 };
  static const ShuImportOptions bytes_unit = { 0, SHU_OFFSETS_BYTES };
  g_autoptr(ShuSource) source = source_from (emoji_text);
  /* "עולם" is code points 7..11, UTF-16 units 8..12, bytes 14..22; "סוף"
   * is code points 14..17, UTF-16 units 16..19. */
  const char *by_utf16 = "T1\tPlace 8 12\tעולם\nT2\tPlace 16 19\tסוף\n";
  const char *by_bytes = "T1\tPlace 14 22\tעולם\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (by_utf16, strlen (by_utf16));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autofree char *said = NULL;
  g_autofree char *got = NULL;
  guint n_skipped = 0;

  /* Read as code points, the spans are skipped and the unit is named. */
  document = shu_brat_import_full (bytes, "e.ann", source, NULL, &(ShuImportOptions) { 0 },
                                   &messages, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 2);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "e.ann:1:15: T1: the text \"עולם\" is not at these offsets counted as code "
                   "points, but it is when they are counted as UTF-16 code units: the file "
                   "counts offsets in that unit; line skipped\n"
                   "e.ann:2:10: T2: end 19 is past the end of the text (18 code points); the "
                   "offsets fit the text as UTF-16 code units: the file counts offsets in "
                   "that unit; line skipped\n");
  g_clear_object (&document);

  /* Told the unit, every span lands on its words. */
  document = shu_brat_import_full (bytes, "e.ann", source, NULL, &utf16, NULL, &n_skipped,
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 0);
  got = summary (document);
  g_assert_cmpstr (got, ==, "7-11 [Place]\n14-17 [Place]\n");
  g_clear_object (&document);
  g_clear_pointer (&got, g_free);

  g_bytes_unref (bytes);
  bytes = g_bytes_new_static (by_bytes, strlen (by_bytes));
  document = shu_brat_import_full (bytes, "e.ann", source, NULL, &bytes_unit, NULL, &n_skipped,
                                   &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==, "7-11 [Place]\n");
  g_clear_object (&document);

  /* An offset between the two halves of an emoji is refused as such. */
  {
    const char *half = "T1\tX 6 8\t👋\n";
    g_autoptr(GBytes) b = g_bytes_new_static (half, strlen (half));
    g_autoptr(GPtrArray) m = NULL;

    document = shu_brat_import_full (b, "h.ann", source, NULL, &utf16, &m, &n_skipped, &error);
    g_assert_no_error (error);
    g_clear_pointer (&said, g_free);
    said = join_messages (m);
    g_assert_cmpstr (said, ==, "h.ann:1:6: T1: offset 6 falls between the two UTF-16 units of "
                     "one character; line skipped\n");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/importers/brat/lenient", test_brat_lenient);
  g_test_add_func ("/importers/brat/offset-units", test_brat_offset_units);

  return g_test_run ();
}
