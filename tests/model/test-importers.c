/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "shu-brat.h"
#include "shu-error.h"
#include "shu-hypothesis.h"
#include "shu-import.h"
#include "shu-jsonl.h"
#include "shu-labelstudio.h"
#include "shu-sidecar.h"
#include "shu-sidecar-private.h"
#include "shu-w3c.h"
#include "shu-test-utils.h"

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

/* "start-end «text» [Label] {comment}" per annotation, one a line, in
 * order (the text of each range, so that a wrong unit shows). */
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
        {
          g_autofree char *part = shu_source_dup_range (shu_document_get_source (document),
                                                        ranges[r].start, ranges[r].end);

          g_string_append_printf (out, "%s%u-%u «%s»", r > 0 ? ";" : "", ranges[r].start,
                                  ranges[r].end, g_utf8_strlen (part, -1) > 40 ? "…" : part);
        }
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
                   "94-130 «phenylalanine hydroxylase deficiency» [Disease]\n"
                   "94-130 «phenylalanine hydroxylase deficiency»;148-172 «Maternal "
                   "Phenylketonuria» [Disease] {out of order}\n"
                   "148-172 «Maternal Phenylketonuria» [Disease]\n"
                   "334-358 «maternal phenylketonuria» [Disease]\n"
                   "361-364 «PKU» [Disease]\n");
  g_assert_cmpuint (n_skipped, ==, 2);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "d.ann:10:12: expected offsets \"START END\" (whole numbers), several joined "
                   "by ';'; line skipped\n"
                   "d.ann:11:4: the note is on T9, which is not an annotation, relation or "
                   "event of this file; line skipped\n");

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
  g_assert_cmpstr (got, ==, "7-11 «עולם» [Place]\n14-17 «סוף» [Place]\n");
  g_clear_object (&document);
  g_clear_pointer (&got, g_free);

  g_bytes_unref (bytes);
  bytes = g_bytes_new_static (by_bytes, strlen (by_bytes));
  document = shu_brat_import_full (bytes, "e.ann", source, NULL, &bytes_unit, NULL, &n_skipped,
                                   &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==, "7-11 «עולם» [Place]\n");
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

static int
compare_strings (const char **a,
                 const char **b)
{
  return strcmp (*a, *b);
}

/* A researcher passes the work on to a web tool that counts UTF-16 code
 * units (JavaScript): brat and doccano JSONL exports can count them, and
 * read back in that unit every span is on its words again. The text has
 * Hebrew and emoji (each emoji two units). */
static void
test_export_utf16 (void)
{
  static const ShuImportOptions utf16 = { 0, SHU_OFFSETS_UTF16 };
  g_autoptr(ShuSource) source = source_from (emoji_text);
  /* Code points: "עולם" 7..11, "סוף" 14..17, "👋 עולם" 5..11. */
  const char *by_codepoints = "T1\tPlace 7 11\tעולם\nT2\tEnd 14 17\tסוף\n"
                              "T3\tWave 5 6;7 11\t👋 עולם\n#1\tAnnotatorNotes T2\tסוף טוב\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (by_codepoints, strlen (by_codepoints));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(GBytes) ann = NULL;
  g_autoptr(GBytes) jsonl = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  document = shu_brat_import_full (bytes, "e.ann", source, NULL, &(ShuImportOptions) { 0 },
                                   NULL, NULL, &error);
  g_assert_no_error (error);
  before = summary (document);

  ann = shu_brat_export_full (document, SHU_OFFSETS_UTF16);
  g_assert_cmpstr (g_bytes_get_data (ann, NULL), ==,
                   "T1\tWave 5 7;8 12\t👋 עולם\n"
                   "T2\tPlace 8 12\tעולם\n"
                   "T3\tEnd 16 19\tסוף\n"
                   "#1\tAnnotatorNotes T3\tסוף טוב\n");
  back = shu_brat_import_full (ann, "e16.ann", source, NULL, &utf16, NULL, NULL, &error);
  g_assert_no_error (error);
  after = summary (back);
  g_assert_cmpstr (after, ==, before);

  jsonl = shu_jsonl_export_full (document, SHU_OFFSETS_UTF16);
  g_assert_cmpstr (g_bytes_get_data (jsonl, NULL), ==,
                   "{\"id\": 1, \"text\": \"שלום 👋 עולם 😀 סוף\\n\", \"label\": [[5, 7, \"Wave\"], "
                   "[8, 12, \"Wave\"], [8, 12, \"Place\"], [16, 19, \"End\"]], \"Comments\": "
                   "[{\"start\": 16, \"end\": 19, \"text\": \"סוף טוב\"}]}\n");
  g_clear_object (&back);
  g_clear_pointer (&after, g_free);
  back = shu_jsonl_import_full (jsonl, "e16.jsonl", source, NULL, &utf16, NULL, NULL, &error);
  g_assert_no_error (error);
  after = summary (back);
  /* doccano has no discontinuous spans: the wave is two spans there (the
   * two on 7-11 come in the order of their new ids: compared sorted). */
  {
    g_auto(GStrv) lines = g_strsplit (after, "\n", -1);
    g_autofree char *sorted = NULL;

    qsort (lines, g_strv_length (lines), sizeof (char *), (GCompareFunc) compare_strings);
    sorted = g_strjoinv ("|", lines);
    g_assert_cmpstr (sorted, ==, "|14-17 «סוף» [End] {סוף טוב}|5-6 «👋» [Wave]|"
                     "7-11 «עולם» [Place]|7-11 «עולם» [Wave]");
  }

  /* Bytes too, for tools that count the UTF-8 text's bytes. */
  g_clear_pointer (&ann, g_bytes_unref);
  ann = shu_brat_export_full (document, SHU_OFFSETS_BYTES);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (ann, NULL), "T1\tWave 9 13;14 22\t"));
}

/* Five of the W3C Web Annotation Data Model's own examples, as published
 * in model/wd2/examples/correct/collection1.json of github.com/w3c/
 * web-annotation at 74992e5d3ca3ac10b3289f6c855c876cc9b024a1 (anno1,
 * anno23, anno24, anno29, anno38; the collection cut to them). */
static const char *spec_examples =
  "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": "
  "\"http://example.org/collection1\", \"type\": \"AnnotationCollection\", \"label\": "
  "\"Annotation Examples\", \"first\": {\"id\": \"http://example.org/collection1/page1\", "
  "\"type\": \"AnnotationPage\", \"items\": [\n"
  "{\"id\": \"http://example.org/anno1\", \"type\": \"Annotation\", \"body\": "
  "\"http://example.org/post1\", \"target\": \"http://example.com/page1\"},\n"
  "{\"id\": \"http://example.org/anno23\", \"type\": \"Annotation\", \"body\": "
  "\"http://example.org/comment1\", \"target\": {\"source\": \"http://example.org/page1\", "
  "\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"anotation\", \"prefix\": \"this "
  "is an \", \"suffix\": \" that has some\"}}},\n"
  "{\"id\": \"http://example.org/anno24\", \"type\": \"Annotation\", \"body\": "
  "\"http://example.org/review1\", \"target\": {\"source\": \"http://example.org/ebook1\", "
  "\"selector\": {\"type\": \"TextPositionSelector\", \"start\": 412, \"end\": 795}}},\n"
  "{\"id\": \"http://example.org/anno29\", \"type\": \"Annotation\", \"body\": "
  "\"http://example.org/comment1\", \"target\": {\"source\": \"http://example.org/page1\", "
  "\"selector\": {\"type\": \"FragmentSelector\", \"value\": \"para5\", \"refinedBy\": "
  "{\"type\": \"TextQuoteSelector\", \"exact\": \"Selected Text\", \"prefix\": \"text before "
  "the \", \"suffix\": \" and text after it\"}}}},\n"
  "{\"id\": \"http://example.org/anno38\", \"type\": \"Annotation\", \"motivation\": "
  "\"commenting\", \"creator\": {\"id\": \"http://example.org/user1\", \"type\": \"Person\", "
  "\"name\": \"A. Person\", \"nickname\": \"user1\"}, \"created\": \"2015-10-13T13:00:00Z\", "
  "\"generator\": {\"id\": \"http://example.org/client1\", \"type\": \"Software\", \"name\": "
  "\"Code v2.1\", \"homepage\": \"http://example.org/homepage1\"}, \"generated\": "
  "\"2015-10-14T15:13:28Z\", \"stylesheet\": {\"id\": \"http://example.org/stylesheet1\", "
  "\"type\": \"CssStylesheet\"}, \"body\": [{\"type\": \"TextualBody\", \"purpose\": "
  "\"tagging\", \"value\": \"love\"}, {\"type\": \"Choice\", \"items\": [{\"type\": "
  "\"TextualBody\", \"purpose\": \"describing\", \"value\": \"I really love this particular "
  "bit of text in this XML. No really.\", \"format\": \"text/plain\", \"language\": \"en\", "
  "\"creator\": \"http://example.org/user1\"}, {\"type\": \"SpecificResource\", \"purpose\": "
  "\"describing\", \"source\": {\"id\": \"http://example.org/comment1\", \"type\": \"Audio\", "
  "\"format\": \"audio/mpeg\", \"language\": \"de\", \"creator\": {\"id\": "
  "\"http://example.org/user2\", \"type\": \"Person\"}}}]}], \"target\": {\"type\": "
  "\"SpecificResource\", \"styleClass\": \"mystyle\", \"source\": "
  "\"http://example.com/document1\", \"state\": [{\"type\": \"HttpRequestState\", \"value\": "
  "\"Accept: application/xml\", \"refinedBy\": {\"type\": \"TimeState\", \"sourceDate\": "
  "\"2015-09-25T12:00:00Z\"}}], \"selector\": {\"type\": \"FragmentSelector\", \"value\": "
  "\"xpointer(/doc/body/section[2]/para[1])\", \"refinedBy\": {\"type\": "
  "\"TextPositionSelector\", \"start\": 6, \"end\": 27}}}}\n"
  "]}}\n";

/* A text holding their quotes, long enough for anno24's 412..795. */
static char *
spec_text (void)
{
  GString *text = g_string_new ("Hello this is an anotation that has some words; here is text "
                                "before the Selected Text and text after it.\n");

  while (g_utf8_strlen (text->str, -1) < 820)
    g_string_append (text, "שורה עברית עם אימוג׳י 😀 ועוד מילים כדי שהטקסט יהיה ארוך דיו. ");
  g_string_append_c (text, '\n');
  return g_string_free (text, FALSE);
}

static void
test_w3c_spec_examples (void)
{
  g_autofree char *text = spec_text ();
  g_autoptr(ShuSource) source = source_from (text);
  g_autoptr(GBytes) bytes = g_bytes_new_static (spec_examples, strlen (spec_examples));
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autofree char *got = NULL;
  g_autofree char *said = NULL;
  guint n_skipped = 0;

  document = shu_w3c_import_full (bytes, "collection1.json", source, NULL,
                                  &(ShuImportOptions) { 0 }, &report, &messages, &n_skipped,
                                  &error);
  g_assert_no_error (error);
  got = summary (document);
  /* anno38: a position refining a fragment selector, a tag, a Choice of
   * a described text and an audio comment (kept by its IRI); anno23: a
   * quote alone with its context, an IRI body; anno29: a quote refining
   * a fragment; anno24: a position alone. */
  g_assert_cmpstr (got, ==,
                   "6-27 «this is an anotation » [love] {I really love this particular bit of "
                   "text in this XML. No really.} {http://example.org/comment1}\n"
                   "17-26 «anotation» {http://example.org/comment1}\n"
                   "72-85 «Selected Text» {http://example.org/comment1}\n"
                   "412-795 «…» {http://example.org/review1}\n");
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_cmpuint (n_skipped, ==, 1);
  said = join_messages (messages);
  /* Nothing changed silently: what became comments is said. */
  g_assert_cmpstr (said, ==, "collection1.json:2:1: annotation 1: the target is an IRI only (it "
                   "names a whole resource, not a passage of a text); annotation skipped\n"
                   "collection1.json: 4 bodies given by IRI kept as comments holding the IRI\n"
                   "collection1.json: 1 bodies with other purposes (describing, classifying, …) "
                   "kept as comments\n");
}

/* The leaves of a JSON value as "path=value" lines: keys joined by '.',
 * the elements of a list under the list's own path (so that one value and
 * a list of one value, the same in JSON-LD, compare equal). */
static void
json_leaves (JsonNode   *node,
             const char *path,
             GPtrArray  *out)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *key;
      JsonNode *child;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &key, &child))
        {
          g_autofree char *sub = *path != '\0' ? g_strconcat (path, ".", key, NULL)
                                               : g_strdup (key);

          json_leaves (child, sub, out);
        }
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        json_leaves (json_array_get_element (array, i), path, out);
    }
  else if (JSON_NODE_HOLDS_NULL (node))
    g_ptr_array_add (out, g_strdup_printf ("%s=null", path));
  else if (json_node_get_value_type (node) == G_TYPE_STRING)
    g_ptr_array_add (out, g_strdup_printf ("%s=%s", path, json_node_get_string (node)));
  else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    g_ptr_array_add (out, g_strdup_printf ("%s=%s", path,
                                           json_node_get_boolean (node) ? "true" : "false"));
  else
    g_ptr_array_add (out, g_strdup_printf ("%s=%" G_GINT64_FORMAT, path,
                                           json_node_get_int (node)));
}

static gboolean
has_leaf (GPtrArray  *leaves,
          const char *leaf)
{
  for (guint i = 0; i < leaves->len; i++)
    if (strcmp (g_ptr_array_index (leaves, i), leaf) == 0)
      return TRUE;
  return FALSE;
}

/* Every property of @original (an annotation as another tool wrote it)
 * that @exported lacks, one a line; "" when none is lost. What the export
 * writes differently by design: the target's source is the text's own
 * IRI, so the tool's source is its "scope"; a quote's context is the
 * text's own (up to 32 code points), so the original must be the end of
 * its prefix and the start of its suffix. */
static char *
lost_properties (JsonNode *original,
                 JsonNode *exported)
{
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) after = g_ptr_array_new_with_free_func (g_free);
  GString *lost = g_string_new (NULL);

  json_leaves (original, "", before);
  json_leaves (exported, "", after);
  for (guint i = 0; i < before->len; i++)
    {
      const char *leaf = g_ptr_array_index (before, i);
      const char *eq = strchr (leaf, '=');
      g_autofree char *path = g_strndup (leaf, eq - leaf);
      gboolean found = has_leaf (after, leaf);

      if (!found && strcmp (path, "target.source") == 0)
        {
          g_autofree char *scope = g_strconcat ("target.scope", eq, NULL);

          found = has_leaf (after, scope);
        }
      for (guint j = 0; !found && j < after->len; j++)
        {
          const char *other = g_ptr_array_index (after, j);

          if (!g_str_has_prefix (other, path) || other[strlen (path)] != '=')
            continue;
          if (g_str_has_suffix (path, ".prefix"))
            found = g_str_has_suffix (other, eq + 1);
          else if (g_str_has_suffix (path, ".suffix"))
            found = g_str_has_prefix (other + strlen (path) + 1, eq + 1);
        }
      if (!found)
        g_string_append_printf (lost, "%s\n", leaf);
    }
  return g_string_free (lost, FALSE);
}

/* The exported annotation with @id, from an export's bytes. */
static JsonNode *
exported_annotation (JsonParser *parser,
                     const char *id)
{
  JsonObject *root = json_node_get_object (json_parser_get_root (parser));
  JsonArray *items = json_object_get_array_member (json_object_get_object_member (root, "first"),
                                                   "items");

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *one = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (one, "id"), id) == 0)
        return json_array_get_element (items, i);
    }
  return NULL;
}

/* A researcher brings the W3C specification's own examples that select
 * text, works on them in Shulayim (saved, opened again) and exports W3C
 * for another tool: every property the examples had is in the export
 * (what Shulayim has no place for was kept in the sidecar, as FORMAT.md
 * documents), the sidecar saves the same bytes again, and the export is
 * valid W3C. Editing the comment a kept body was read as writes what the
 * user made of it instead. */
static void
test_w3c_round_trip (void)
{
  static const char * const names[] = { "anno26", "anno27", "anno32", "anno41" };
  g_autofree char *text_path = g_test_build_filename (G_TEST_DIST, "data", "w3c-spec",
                                                      "quotes.txt", NULL);
  g_autofree char *text = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GString) all = g_string_new ("[");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved_again = NULL;
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) imported = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) reopened = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *check = NULL;
  guint n_skipped = 99;

  g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
  source = source_from (text);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".json", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "w3c-spec", file, NULL);
      g_autofree char *json = NULL;

      g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
      g_string_append_printf (all, "%s%s", i > 0 ? "," : "", json);
    }
  g_string_append (all, "]");
  bytes = g_bytes_new (all->str, all->len);

  imported = shu_w3c_import_full (bytes, "spec.json", source, NULL, &(ShuImportOptions) { 0 },
                                  NULL, &messages, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (imported))),
                    ==, 4);

  /* Saved and opened again, as the researcher's work is. */
  saved = shu_sidecar_serialize (imported);
  g_assert_nonnull (strstr (g_bytes_get_data (saved, NULL), "\"shu:foreign\": {"));
  sidecar = shu_sidecar_parse (saved, "spec.json.annotations.json", &error);
  g_assert_no_error (error);
  reopened = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  saved_again = shu_sidecar_serialize (reopened);
  g_assert_true (g_bytes_equal (saved, saved_again));

  exported = shu_w3c_export (reopened);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (exported, NULL),
                                             g_bytes_get_size (exported), &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *file = g_strconcat (names[i], ".json", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "w3c-spec", file, NULL);
      g_autofree char *id = g_strconcat ("http://example.org/", names[i], NULL);
      g_autoptr(JsonParser) original = json_parser_new ();
      g_autofree char *lost = NULL;
      JsonNode *out;

      g_assert_true (json_parser_load_from_file (original, path, &error));
      out = exported_annotation (parser, id);
      g_assert_nonnull (out);
      lost = lost_properties (json_parser_get_root (original), out);
      g_test_message ("%s lost: %s", names[i], lost);
      g_assert_cmpstr (lost, ==, "");
    }

  check = shu_test_find_check_w3c ();
  if (check != NULL)
    {
      gboolean exit_ok;
      g_autofree char *verdict = shu_test_run_check_w3c (check, exported, &exit_ok);

      g_assert_cmpstr (verdict, ==, "4 passed, 0 failed\n");
      g_assert_true (exit_ok);
    }

  /* Shulayim reads its own export back whole (the other tool's selectors
   * beside its own pair included) and exports the same annotations. */
  {
    g_autoptr(GPtrArray) again_messages = NULL;
    g_autoptr(ShuDocument) again = shu_w3c_import_full (exported, "export.jsonld", source, NULL,
                                                        &(ShuImportOptions) { 0 }, NULL,
                                                        &again_messages, &n_skipped, &error);
    g_autoptr(GBytes) exported_again = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (n_skipped, ==, 0);
    exported_again = shu_w3c_export (again);
    g_assert_cmpstr (strstr (g_bytes_get_data (exported_again, NULL), "\"items\""), ==,
                     strstr (g_bytes_get_data (exported, NULL), "\"items\""));
  }

  /* The comment anno26's body (an IRI) was read as, edited: the export
   * writes the edited comment, not the IRI. */
  {
    ShuAnnotationStore *store = shu_document_get_store (reopened);
    g_autoptr(ShuAnnotation) anno26 = NULL;
    g_autoptr(ShuAnnotation) edited = NULL;
    g_autoptr(GBytes) again = NULL;
    g_autoptr(JsonParser) reparsed = json_parser_new ();
    JsonObject *out;
    JsonArray *body;

    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
      {
        g_autoptr(ShuAnnotation) one = g_list_model_get_item (G_LIST_MODEL (store), i);

        if (strcmp (shu_annotation_get_id (one), "http://example.org/anno26") == 0)
          anno26 = g_steal_pointer (&one);
      }
    g_assert_nonnull (anno26);
    g_assert_cmpstr (shu_annotation_get_comment (anno26), ==, "http://example.org/comment1");
    edited = shu_annotation_with_comment (anno26, "see the comment", NULL, NULL);
    g_assert_true (shu_annotation_store_replace (store, edited, "edit"));
    again = shu_w3c_export (reopened);
    g_assert_true (json_parser_load_from_data (reparsed, g_bytes_get_data (again, NULL),
                                               g_bytes_get_size (again), &error));
    out = json_node_get_object (exported_annotation (reparsed, "http://example.org/anno26"));
    body = json_object_get_array_member (out, "body");
    g_assert_cmpuint (json_array_get_length (body), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (body, 0),
                                                    "value"), ==, "see the comment");
  }
}

/* Unknown members on what Shulayim otherwise reads (a quote selector, a
 * comment's body, a position selector) are not lost either: the object is
 * written back whole beside Shulayim's own. */
static void
test_w3c_unknown_members (void)
{
  g_autoptr(ShuSource) source = source_from ("שלום עולם\n");
  const char *json =
    "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"http://example.org/a1\", "
    "\"type\": \"Annotation\", \"body\": {\"type\": \"TextualBody\", \"value\": \"הערה\", "
    "\"purpose\": \"commenting\", \"id\": \"http://example.org/b1\"}, "
    "\"target\": {\"source\": \"http://example.org/t\", \"selector\": ["
    "{\"type\": \"TextQuoteSelector\", \"exact\": \"עולם\", \"id\": \"http://example.org/s1\"}, "
    "{\"type\": \"TextPositionSelector\", \"start\": 5, \"end\": 9, \"x:unit\": \"cp\"}]}}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(JsonParser) original = json_parser_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) exported = NULL;
  g_autofree char *lost = NULL;

  document = shu_w3c_import (bytes, "u.json", source, NULL, NULL, &error);
  g_assert_no_error (error);
  exported = shu_w3c_export (document);
  g_assert_true (json_parser_load_from_data (original, json, -1, &error));
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (exported, NULL),
                                             g_bytes_get_size (exported), &error));
  lost = lost_properties (json_parser_get_root (original),
                          exported_annotation (parser, "http://example.org/a1"));
  g_assert_cmpstr (lost, ==, "");
}

/* Ids from Recogito (a bare UUID) and INCEpTION (a relative "#id") are not
 * IRIs: the export maps them, keeps the original, and passes check-w3c;
 * imported back, the annotations have their own ids again. */
static void
test_w3c_foreign_ids (void)
{
  const char *text = "בראשית ברא 🌍 את השמים ואת הארץ\n";
  const char *in =
    "[{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\",\n"
    "  \"id\": \"9d3b4f2e-1c55-4f0a-8f3e-2b8c1d7e6a90\",\n"
    "  \"creator\": {\"id\": \"https://example.org/users/rivka\"},\n"
    "  \"body\": [{\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"מקום\"},\n"
    "           {\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"בריאה\"}],\n"
    "  \"target\": {\"source\": \"x\", \"selector\": {\"type\": \"TextPositionSelector\",\n"
    "              \"start\": 27, \"end\": 31}}},\n"
    " {\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\",\n"
    "  \"id\": \"#a7\",\n"
    "  \"target\": {\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"השמים\"}}}]\n";
  g_autoptr(ShuSource) source = source_from (text);
  g_autoptr(GBytes) bytes = g_bytes_new_static (in, strlen (in));
  g_autoptr(GBytes) exported = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(ShuAnnotation) first = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *got = NULL;
  g_autofree char *said = NULL;
  g_autofree char *verdict = NULL;
  g_autofree char *check = NULL;
  gboolean exit_ok;
  const char *json;

  /* The position counts UTF-16 units (the globe is two): "הארץ" is code
   * points 26..30. */
  document = shu_w3c_import_full (bytes, "recogito.json", source, NULL,
                                  &(ShuImportOptions) { 0, SHU_OFFSETS_UTF16 }, NULL, &messages,
                                  NULL, &error);
  g_assert_no_error (error);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==, "recogito.json: 1 further tags kept as comments (an annotation has "
                   "one label: its first tag)\n");
  got = summary (document);
  g_assert_cmpstr (got, ==, "16-21 «השמים»\n26-30 «הארץ» [מקום] {בריאה}\n");
  first = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (document)), 1);
  g_assert_cmpstr (shu_annotation_get_creator (first), ==, "https://example.org/users/rivka");

  exported = shu_w3c_export (document);
  json = g_bytes_get_data (exported, NULL);
  g_assert_nonnull (strstr (json, "\"shu:originalId\": \"#a7\""));
  g_assert_nonnull (strstr (json, "\"shu:originalId\": \"9d3b4f2e-1c55-4f0a-8f3e-2b8c1d7e6a90\""));
  /* Without the checker (outside CI) the rest still runs; the test is
   * reported skipped, saying why. */
  check = shu_test_find_check_w3c ();
  if (check != NULL)
    {
      verdict = shu_test_run_check_w3c (check, exported, &exit_ok);
      g_assert_cmpstr (verdict, ==, "2 passed, 0 failed\n");
      g_assert_true (exit_ok);
    }

  /* A quote alone that is not in the text has no place, not even as an
   * orphan (it has no position): skipped and said. */
  {
    const char *missing = "{\"type\": \"Annotation\", \"target\": {\"selector\": "
                          "{\"type\": \"TextQuoteSelector\", \"exact\": \"ירושלים\"}}}";
    g_autoptr(GBytes) b = g_bytes_new_static (missing, strlen (missing));
    g_autoptr(GPtrArray) m = NULL;
    g_autoptr(ShuDocument) none = shu_w3c_import_full (b, "m.json", source, NULL,
                                                       &(ShuImportOptions) { 0 }, NULL, &m,
                                                       NULL, &error);
    g_autofree char *skipped = join_messages (m);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (none))),
                      ==, 0);
    g_assert_cmpuint (shu_document_get_orphans (none)->len, ==, 0);
    g_assert_cmpstr (skipped, ==, "m.json:1:1: annotation 1: the quote “ירושלים” is not in this "
                     "text; annotation skipped\n");
  }

  back = shu_w3c_import (exported, "export.jsonld", source, NULL, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&first);
  first = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (back)), 0);
  g_assert_cmpstr (shu_annotation_get_id (first), ==, "#a7");
}

/* Another tool's names may hold control characters (a tab, an escape
 * sequence); a sidecar refuses them, so the import shows each as U+FFFD,
 * and the sidecar it makes reads back. */
static void
test_w3c_names_with_controls (void)
{
  const char *text = "שלום עולם";
  const char *json =
    "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"urn:uuid:"
    "6f1a7c3e-1d0b-4b7e-9a59-1b2f3c4d5e6f\", \"type\": \"Annotation\", "
    "\"creator\": {\"type\": \"Person\", \"name\": \"Dana\\u0007\\u001b[2J\"}, "
    "\"body\": {\"type\": \"TextualBody\", \"purpose\": \"tagging\", "
    "\"value\": \"Cl\\taim\"}, "
    "\"target\": {\"source\": \"t.txt\", \"selector\": "
    "{\"type\": \"TextQuoteSelector\", \"exact\": \"עולם\"}}}";
  g_autoptr(GBytes) text_bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (text_bytes, SHU_ENCODING_UTF8,
                                                           &error);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) back = NULL;
  ShuLabelSet *labels;

  g_assert_no_error (error);
  document = shu_w3c_import (bytes, "foreign.json", source, NULL, NULL, &error);
  g_assert_no_error (error);
  annotation = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (document)), 0);
  g_assert_cmpstr (shu_annotation_get_creator (annotation), ==, "Dana\uFFFD\uFFFD[2J");
  labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  g_assert_nonnull (shu_label_set_lookup_name (labels, "Cl\uFFFDaim"));

  saved = shu_sidecar_serialize (document);
  sidecar = shu_sidecar_parse (saved, "saved.json", &error);
  g_assert_no_error (error);
  back = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (back))),
                    ==, 1);
}

/* Hypothesis API rows: the first three are rows of
 * src/annotator/anchoring/test/html-baselines/wikipedia-regression-testing.json
 * in github.com/hypothesis/client at 9d28950c84560765f77b8e8e133c0f11ad577410
 * (permissions and document metadata left out); their positions count the
 * Wikipedia page's text, not ours. The fourth is the same shape on a Hebrew
 * quote after an emoji, its positions in UTF-16 units as the client counts
 * them; then a reply and a page note (no selector), which have no passage. */
static const char *hypothesis_rows =
  "{\"total\": 6, \"rows\": [\n"
  "{\"id\": \"rvTr_MOBEeaQl9tXcHfSkw\", \"user\": \"acct:mark@localhost\", \"text\": \"Heading\", "
  "\"tags\": [], \"uri\": \"https://en.wikipedia.org/wiki/Regression_testing\", \"target\": "
  "[{\"source\": \"https://en.wikipedia.org/wiki/Regression_testing\", \"selector\": "
  "[{\"type\": \"TextPositionSelector\", \"end\": 51, \"start\": 33}, {\"prefix\": "
  "\"\\t\\n\\t\\t\\n\\t\\t\\n\\t\\t\\t\\n\\n\\t\\t\\t\\t\\t\\t\\t\\n"
  "\\t\\t\\t\\t\\t\\t\\n\\n\\t\\t\\t\", "
  "\"exact\": \"Regression testing\", \"suffix\": "
  "\"\\n\\t\\t\\t\\t\\t\\t\\t\\t\\t\\n\\t\\t\\t\\t\\t\\t\\t"
  "\\t\\tFrom Wikiped\", \"type\": \"TextQuoteSelector\"}]}], \"links\": {\"html\": "
  "\"http://localhost:5000/a/rvTr_MOBEeaQl9tXcHfSkw\"}, \"updated\": "
  "\"2016-12-16T11:24:14.673557+00:00\", \"created\": \"2016-12-16T11:24:14.673557+00:00\"},\n"
  "{\"id\": \"wy1stsOBEeaQlychltExbg\", \"user\": \"acct:mark@localhost\", \"text\": "
  "\"Introduction\", \"tags\": [], \"target\": [{\"source\": "
  "\"https://en.wikipedia.org/wiki/Regression_testing\", \"selector\": [{\"type\": "
  "\"RangeSelector\", \"startContainer\": \"/div[3]/p[2]\", \"startOffset\": 0, "
  "\"endContainer\": \"/div[3]/p[2]\", \"endOffset\": 120}, {\"start\": 896, \"type\": "
  "\"TextPositionSelector\", \"end\": 1016}, {\"type\": \"TextQuoteSelector\", \"suffix\": "
  "\".[1] One of the main reasons for\", \"exact\": \"The purpose of regression testing is to "
  "ensure that changes such as those mentioned above have not introduced new faults\", "
  "\"prefix\": \"functional areas of the system.\\n\"}]}]},\n"
  "{\"id\": \"LOCXbsOCEeaQl6f6fQh87Q\", \"user\": \"acct:mark@localhost\", \"text\": \"Footer\", "
  "\"tags\": [], \"target\": [{\"source\": \"https://en.wikipedia.org/wiki/Regression_testing\", "
  "\"selector\": [{\"start\": 11881, \"type\": \"TextPositionSelector\", \"end\": 11897}, "
  "{\"suffix\": \", at 05:56.\\n\\t\\t\\t\\t\\t\\t\\t\\t\\t\\t\\tText is a\", \"exact\": "
  "\"11 November 2016\", \"type\": \"TextQuoteSelector\", \"prefix\": \" This page was last "
  "modified on \"}]}]},\n"
  "{\"id\": \"hebrew-1\", \"user\": \"acct:rivka@hypothes.is\", \"text\": \"מושג מרכזי\", "
  "\"tags\": [\"מושג\", \"שיטה\"], \"target\": [{\"source\": \"https://example.org/he\", "
  "\"selector\": [{\"type\": \"TextPositionSelector\", \"start\": 237, \"end\": 250}, "
  "{\"type\": \"TextQuoteSelector\", \"exact\": \"בדיקות רגרסיה\", \"prefix\": \"מחקר 👋 על \", "
  "\"suffix\": \".\"}]}], \"created\": \"2024-03-01T10:00:00.5+02:00\"},\n"
  "{\"id\": \"reply-1\", \"user\": \"acct:mark@localhost\", \"text\": \"Agreed\", \"references\": "
  "[\"wy1stsOBEeaQlychltExbg\"], \"target\": [{\"source\": \"https://example.org/he\"}]},\n"
  "{\"id\": \"note-1\", \"user\": \"acct:mark@localhost\", \"text\": \"A page note\", "
  "\"target\": [{\"source\": \"https://example.org/he\"}]}\n"
  "]}\n";

static const char *hypothesis_text =
  "Regression testing\nFrom Wikipedia 🙂 functional areas of the system.\n"
  "The purpose of regression testing is to ensure that changes such as those mentioned above "
  "have not introduced new faults.[1] One of the main reasons for it.\n"
  "מחקר 👋 על בדיקות רגרסיה.\n"
  "This page was last modified on 11 November 2016, at 05:56.\n";

static void
test_hypothesis (void)
{
  static const ShuImportOptions utf16 = { 0, SHU_OFFSETS_UTF16 };
  g_autoptr(ShuSource) source = source_from (hypothesis_text);
  g_autoptr(GBytes) bytes = g_bytes_new_static (hypothesis_rows, strlen (hypothesis_rows));
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) hebrew = NULL;
  g_autofree char *got = NULL;
  g_autofree char *said = NULL;
  guint n_skipped = 0;

  document = shu_hypothesis_import (bytes, "hypothesis.json", source, NULL,
                                    &(ShuImportOptions) { 0 }, &report, &messages, &n_skipped,
                                    &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==,
                   "0-18 «Regression testing» {Heading}\n"
                   "68-188 «…» {Introduction}\n"
                   "235-248 «בדיקות רגרסיה» [מושג] {שיטה} {מושג מרכזי}\n"
                   "281-297 «11 November 2016» {Footer}\n");
  /* Every one was placed by its quote: none sat at its offsets. */
  g_assert_cmpuint (report->len, ==, 4);
  g_assert_cmpuint (n_skipped, ==, 2);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "hypothesis.json:6:1: annotation 5: a reply to another annotation (it has no "
                   "passage of its own); annotation skipped\n"
                   "hypothesis.json:7:1: annotation 6: a page note (it has no quoted passage); "
                   "annotation skipped\n"
                   "hypothesis.json: 1 annotations do not hold their quote at their offsets "
                   "counted as code points, but do counted as UTF-16 code units: the file "
                   "counts offsets in that unit (they were placed by their quotes)\n");
  hebrew = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (document)), 2);
  g_assert_cmpstr (shu_annotation_get_creator (hebrew), ==, "rivka@hypothes.is");
  g_assert_cmpstr (shu_annotation_get_id (hebrew), ==, "https://hypothes.is/a/hebrew-1");
  {
    g_autofree char *created = g_date_time_format_iso8601 (shu_annotation_get_created (hebrew));

    g_assert_cmpstr (created, ==, "2024-03-01T08:00:00.500000Z");
  }

  /* The page each passage was read on stays with it: saved, opened again
   * and exported, the target names the local text as its source and the
   * page as its scope; imported from that export, the page is kept again. */
  {
    g_autoptr(GBytes) saved = shu_sidecar_serialize (document);
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (saved, "h.json", &error);
    g_autoptr(ShuDocument) reopened = NULL;
    g_autoptr(GBytes) exported = NULL;
    g_autoptr(GBytes) exported_again = NULL;
    g_autoptr(ShuDocument) back = NULL;
    g_autofree char *iri = shu_w3c_source_iri (source);
    g_autofree char *expected = NULL;
    const char *json;

    g_assert_no_error (error);
    reopened = shu_sidecar_anchor (sidecar, source, NULL, &error);
    g_assert_no_error (error);
    exported = shu_w3c_export (reopened);
    json = g_bytes_get_data (exported, NULL);
    expected = g_strdup_printf ("\"id\": \"https://hypothes.is/a/hebrew-1\",\n"
                                "        \"type\": \"Annotation\",\n"
                                "        \"motivation\": \"tagging\",\n"
                                "        \"created\": \"2024-03-01T08:00:00Z\",\n"
                                "        \"modified\": \"2024-03-01T08:00:00Z\",\n"
                                "        \"creator\": {\n"
                                "          \"type\": \"Person\",\n"
                                "          \"name\": \"rivka@hypothes.is\"\n"
                                "        },\n"
                                "        \"body\": [\n");
    g_assert_nonnull (strstr (json, expected));
    g_clear_pointer (&expected, g_free);
    expected = g_strdup_printf ("\"target\": {\n"
                                "          \"source\": \"%s\",\n"
                                "          \"scope\": \"https://example.org/he\",\n"
                                "          \"selector\": [\n"
                                "            {\n"
                                "              \"type\": \"TextPositionSelector\",\n"
                                "              \"start\": 235,\n", iri);
    g_assert_nonnull (strstr (json, expected));
    g_assert_nonnull (strstr (json, "\"scope\": \"https://en.wikipedia.org/wiki/"
                              "Regression_testing\""));
    back = shu_w3c_import (exported, "export.jsonld", source, NULL, NULL, &error);
    g_assert_no_error (error);
    exported_again = shu_w3c_export (back);
    /* The annotations alike (the collection is a new one). */
    g_assert_cmpstr (strstr (g_bytes_get_data (exported_again, NULL), "\"items\""), ==,
                     strstr (json, "\"items\""));
  }

  /* Counted in UTF-16 units, the Hebrew quote is exactly at its offsets. */
  g_clear_object (&document);
  g_clear_pointer (&report, g_ptr_array_unref);
  document = shu_hypothesis_import (bytes, "hypothesis.json", source, NULL, &utf16, &report,
                                    NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 3);
  for (guint i = 0; i < report->len; i++)
    g_assert_cmpstr (((ShuAnchorResult *) g_ptr_array_index (report, i))->id, !=,
                     "https://hypothes.is/a/hebrew-1");
}

/* A Label Studio JSON export: the task and annotation envelope of
 * label_studio/tests/test_suites/samples/previous_export.json in
 * github.com/HumanSignal/label-studio at
 * f5eff517079cb1f8e79655282f61d52b7580a175 (completed_by, created_at,
 * updated_at, predictions, data), with text-span results in the shape of
 * Label Studio's documented NER export ("type": "labels", value start, end,
 * text, labels) on a Hebrew text with an emoji; offsets in UTF-16 units,
 * as the web editor counts them. Two annotators, a "choices" result, a
 * prediction, and a second task on another text. */
static const char *labelstudio_export =
  "[\n"
  "{\"id\": 1234, \"annotations\": [\n"
  "  {\"id\": 5678, \"completed_by\": {\"id\": 42, "
  "\"email\": \"annotator_from_past@project.com\", "
  "\"first_name\": \"\", \"last_name\": \"\"}, \"result\": [\n"
  "    {\"id\": \"aBcDeF\", \"type\": \"labels\", \"value\": {\"start\": 25, \"end\": 32, "
  "\"text\": \"ירושלים\", \"labels\": [\"עיר\"]}, \"to_name\": \"text\", "
  "\"from_name\": \"label\"},\n"
  "    {\"id\": \"gHiJkL\", \"type\": \"choices\", \"value\": {\"choices\": [\"Cat\"]}, "
  "\"to_name\": \"text\", \"from_name\": \"mood\"}],\n"
  "   \"was_cancelled\": false, \"ground_truth\": false, "
  "\"created_at\": \"2021-07-06T06:06:25.927570Z\", "
  "\"updated_at\": \"2021-07-06T06:44:08.446371Z\", "
  "\"lead_time\": 346193.271, \"prediction\": {}, \"result_count\": 0, \"task\": 1234},\n"
  "  {\"id\": 5679, \"completed_by\": 43, \"result\": [\n"
  "    {\"id\": \"aBcDeF\", \"type\": \"labels\", \"value\": {\"start\": 34, \"end\": 41, "
  "\"text\": \"תל אביב\", \"labels\": [\"עיר\", \"חוף\"]}, \"to_name\": \"text\", "
  "\"from_name\": \"label\"}],\n"
  "   \"created_at\": \"2021-07-07T10:00:00Z\", \"task\": 1234}],\n"
  " \"predictions\": [{\"result\": [], \"score\": -0.5}],\n"
  " \"data\": {\"text\": \"ברוכים הבאים 🎉 לסדנה על ירושלים ותל אביב.\"}, \"meta\": {}, "
  "\"created_at\": \"2021-05-28T18:56:52.086267Z\", \"project\": 49},\n"
  "{\"id\": 1235, \"annotations\": [], \"data\": {\"text\": \"טקסט אחר\"}}\n"
  "]\n";

static void
test_labelstudio (void)
{
  static const ShuImportOptions utf16 = { 0, SHU_OFFSETS_UTF16 };
  /* The text file has the final line break the task's text lacks. */
  g_autoptr(ShuSource) source = source_from ("ברוכים הבאים 🎉 לסדנה על ירושלים ותל אביב.\n");
  g_autoptr(GBytes) bytes = g_bytes_new_static (labelstudio_export, strlen (labelstudio_export));
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) second = NULL;
  g_autofree char *got = NULL;
  g_autofree char *said = NULL;
  guint n_skipped = 0;

  document = shu_labelstudio_import (bytes, "project.json", source, NULL, &utf16, &report,
                                     &messages, &n_skipped, &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==, "24-31 «ירושלים» [עיר]\n33-40 «תל אביב» [עיר] {חוף}\n");
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_cmpuint (n_skipped, ==, 1);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "project.json:2:1: annotation 1, result 2: a result of type “choices”, not a "
                   "text span; skipped\n"
                   "project.json: 1 other tasks (other texts) were not imported\n"
                   "project.json: 1 predictions were not imported (only annotations are)\n");
  second = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (document)), 1);
  g_assert_cmpstr (shu_annotation_get_creator (second), ==, "Label Studio user 43");

  /* Read as code points, the spans are placed by their text and the unit
   * is named. */
  g_clear_object (&document);
  g_clear_pointer (&report, g_ptr_array_unref);
  g_clear_pointer (&messages, g_ptr_array_unref);
  g_clear_pointer (&said, g_free);
  g_clear_pointer (&got, g_free);
  document = shu_labelstudio_import (bytes, "project.json", source, NULL,
                                     &(ShuImportOptions) { 0 }, &report, &messages, NULL,
                                     &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==, "24-31 «ירושלים» [עיר]\n33-40 «תל אביב» [עיר] {חוף}\n");
  g_assert_cmpuint (report->len, ==, 2);
  said = join_messages (messages);
  g_assert_nonnull (strstr (said, "project.json: 2 annotations do not hold their quote at their "
                            "offsets counted as code points, but do counted as UTF-16 code "
                            "units"));
}

/* doccano-shaped JSONL from a web tool: offsets in UTF-16 units, a text
 * without the final line break the .txt has, and one broken entry. */
static void
test_jsonl_lenient (void)
{
  static const ShuImportOptions utf16 = { 0, SHU_OFFSETS_UTF16 };
  g_autoptr(ShuSource) source = source_from (emoji_text);
  const char *jsonl =
    "{\"id\": 7, \"text\": \"אחר\", \"label\": []}\n"
    "{\"id\": 8, \"text\": \"שלום 👋 עולם 😀 סוף\", \"label\": [[8, 12, \"מקום\"], "
    "[16, 19, \"סוף\"], [3, \"x\", \"שבור\"]]}\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (jsonl, strlen (jsonl));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autofree char *got = NULL;
  g_autofree char *said = NULL;
  guint n_skipped = 0;

  /* As code points, the spans land inside words, which is said. */
  document = shu_jsonl_import_full (bytes, "d.jsonl", source, NULL, &(ShuImportOptions) { 0 },
                                    &messages, &n_skipped, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_skipped, ==, 2);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "d.jsonl:2: the text file ends with line breaks this line's \"text\" does not "
                   "have (or the other way round); the offsets are the same\n"
                   "d.jsonl:2:67: label 2: end 19 is past the end of the text (18 code points); "
                   "label skipped\n"
                   "d.jsonl:2:84: label 3: expected [start, end, \"Label\"] (whole numbers and a "
                   "string); label skipped\n"
                   "d.jsonl:2: counted as code points, some spans start or end inside a word; "
                   "counted as UTF-16 code units, all fall on word edges: the file probably "
                   "counts offsets in that unit\n"
                   "d.jsonl: 1 other lines (other texts) were not imported; line 2 holds this "
                   "text\n");
  g_clear_object (&document);

  document = shu_jsonl_import_full (bytes, "d.jsonl", source, NULL, &utf16, NULL, &n_skipped,
                                    &error);
  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==, "7-11 «עולם» [מקום]\n14-17 «סוף» [סוף]\n");
  g_clear_object (&document);

  /* Strictly, the differing line break is refused with its reason. */
  document = shu_jsonl_import_full (bytes, "d.jsonl", source, NULL,
                                    &(ShuImportOptions) { SHU_IMPORT_STRICT, 0 }, NULL, NULL,
                                    &error);
  g_assert_null (document);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_MISMATCH);
  g_assert_cmpstr (error->message, ==, "d.jsonl:2: this line's \"text\" is the text given except "
                   "for line breaks at the end (the text file ends with a line break the tool's "
                   "text does not have, or the other way round)");
}

/* A doccano file holds one text a line: the three lines of
 * backend/data_export/pipeline/examples/sequence_labeling/example.jsonl in
 * github.com/doccano/doccano at 18880ece8605011864e34d226677c05e114f97d2,
 * then a Hebrew line with an emoji and an id, and a line cut short. */
static const char *doccano_documents =
  "{\"text\": \"EU rejects German call to boycott British lamb.\", \"label\": [ [0, 2, \"ORG\"], "
  "[11, 17, \"MISC\"] ]}\n"
  "{\"text\": \"Peter Blackburn\", \"label\": [ [0, 15, \"PERSON\"] ]}\n"
  "{\"text\": \"President Obama\", \"label\": [ [10, 15, \"PERSON\"] ]}\n"
  "{\"id\": 7, \"text\": \"נשיא 🇮🇱 המדינה\", \"label\": [[0, 4, \"PERSON\"]]}\n"
  "{\"text\": \"cut\n";

static void
test_jsonl_documents (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (doccano_documents, strlen (doccano_documents));
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) got = g_string_new (NULL);
  g_autofree char *said = NULL;
  guint n_skipped = 0;

  documents = shu_jsonl_import_all (bytes, "all.jsonl", NULL, &(ShuImportOptions) { 0 },
                                    &messages, &n_skipped, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < documents->len; i++)
    {
      ShuJsonlDocument *doc = g_ptr_array_index (documents, i);
      g_autofree char *one = summary (doc->document);

      g_string_append_printf (got, "%s (line %u): %s", doc->name, doc->line, one);
    }
  g_assert_cmpstr (got->str, ==,
                   "line-1 (line 1): 0-2 «EU» [ORG]\n11-17 «German» [MISC]\n"
                   "line-2 (line 2): 0-15 «Peter Blackburn» [PERSON]\n"
                   "line-3 (line 3): 10-15 «Obama» [PERSON]\n"
                   "7 (line 4): 0-4 «נשיא» [PERSON]\n");
  g_assert_cmpuint (n_skipped, ==, 1);
  said = join_messages (messages);
  g_assert_true (g_str_has_prefix (said, "all.jsonl:5:"));
  g_assert_true (g_str_has_suffix (said, "; document skipped\n"));
}

/* Every JSON importer reads through the same strict reader as sidecars,
 * before json-glib sees anything: json-glib 1.6 crashes on deep nesting,
 * keeps the last of duplicate keys, cuts strings at \u0000 and wraps large
 * integers (a Label Studio offset of 2^64 + 1 would place a label at 1). */
typedef ShuDocument *(*JsonImport) (GBytes *bytes, const char *name, ShuSource *source,
                                    GError **error);

static ShuDocument *
import_w3c (GBytes *bytes, const char *name, ShuSource *source, GError **error)
{
  return shu_w3c_import_full (bytes, name, source, NULL, &(ShuImportOptions) { 0 }, NULL, NULL,
                              NULL, error);
}

static ShuDocument *
import_hypothesis (GBytes *bytes, const char *name, ShuSource *source, GError **error)
{
  return shu_hypothesis_import (bytes, name, source, NULL, &(ShuImportOptions) { 0 }, NULL,
                                NULL, NULL, error);
}

static ShuDocument *
import_labelstudio (GBytes *bytes, const char *name, ShuSource *source, GError **error)
{
  return shu_labelstudio_import (bytes, name, source, NULL, &(ShuImportOptions) { 0 }, NULL,
                                 NULL, NULL, error);
}

static ShuDocument *
import_jsonl (GBytes *bytes, const char *name, ShuSource *source, GError **error)
{
  return shu_jsonl_import_full (bytes, name, source, NULL, &(ShuImportOptions) { 0 }, NULL,
                                NULL, error);
}

static void
test_json_traps (void)
{
  static const struct
  {
    const char *name;
    JsonImport  import;
    const char *before;   /* the file up to the trap */
    const char *after;
  } formats[] = {
    { "w3c.json", import_w3c, "[{\"type\": \"Annotation\", \"target\": ", "}]" },
    { "hypothesis.json", import_hypothesis, "{\"rows\": [{\"target\": ", "}]}" },
    { "labelstudio.json", import_labelstudio,
      "[{\"data\": {\"text\": \"x\"}, \"annotations\": ", "}]" },
    { "doccano.jsonl", import_jsonl, "{\"text\": \"x\", \"label\": ", "}\n" },
  };
  g_autoptr(ShuSource) source = source_from ("x");

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      const char *name = formats[f].name;
      gsize column = g_utf8_strlen (formats[f].before, -1) + 1;
      g_autofree char *deep_open = g_strnfill (100000, '[');
      g_autofree char *deep_close = g_strnfill (100000, ']');
      struct
      {
        char *trap;
        char *message;   /* its end, after "NAME:1:" */
      } traps[] = {
        { g_strconcat (deep_open, deep_close, NULL), g_strdup (": nesting is deeper than") },
        { g_strdup ("{\"start\": 1, \"start\": 2}"),
          g_strdup_printf ("%zu: duplicate key \"start\" in an object", column + 13) },
        { g_strdup ("[18446744073709551617]"),
          g_strdup_printf ("%zu: number is too large (the largest allowed is 9007199254740991)",
                           column + 1) },
        { g_strdup ("[\"x\\u0000y\"]"),
          g_strdup_printf ("%zu: \\u0000 (a NUL character) is not allowed in strings",
                           column + 3) },
      };

      for (guint t = 0; t < G_N_ELEMENTS (traps); t++)
        {
          g_autofree char *text = g_strconcat (formats[f].before, traps[t].trap,
                                               formats[f].after, NULL);
          g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
          g_autofree char *start = g_strdup_printf ("%s:1:", name);
          g_autoptr(GError) error = NULL;
          g_autoptr(ShuDocument) document = formats[f].import (bytes, name, source, &error);

          g_assert_null (document);
          g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
          if (!g_str_has_prefix (error->message, start)
              || strstr (error->message, traps[t].message) == NULL)
            g_error ("%s, trap %u: got \"%s\", expected \"%s%s\"", name, t, error->message,
                     start, traps[t].message);
          g_free (traps[t].trap);
          g_free (traps[t].message);
        }
    }
}

/* A member missing from another tool's annotation is named with the
 * object that lacks it (issue 22: "missing member "source"" did not say
 * it was the target's). */
static void
test_w3c_missing_members (void)
{
  g_autoptr(ShuSource) source = source_from ("שלום עולם\n");
  const char *json =
    "[{\"type\": \"Annotation\", \"target\": {\"selector\": "
    "{\"type\": \"TextPositionSelector\", \"start\": 0}}},\n"
    "{\"type\": \"Annotation\", \"target\": {\"selector\": "
    "{\"type\": \"TextQuoteSelector\", \"prefix\": \"\"}}},\n"
    "{\"type\": \"Annotation\", \"body\": {\"type\": \"TextualBody\"}, \"target\": "
    "{\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"עולם\"}}},\n"
    "{\"type\": \"Annotation\", \"target\": {\"selector\": {\"exact\": \"עולם\"}}},\n"
    "{\"type\": \"Annotation\", \"body\": \"http://example.org/b\"}]\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autofree char *said = NULL;

  document = shu_w3c_import_full (bytes, "m.json", source, NULL, &(ShuImportOptions) { 0 },
                                  NULL, &messages, NULL, &error);
  g_assert_no_error (error);
  said = join_messages (messages);
  g_assert_cmpstr (said, ==,
                   "m.json:1:2: annotation 1: the TextPositionSelector lacks member \"end\"; "
                   "annotation skipped\n"
                   "m.json:2:1: annotation 2: the TextQuoteSelector lacks member \"exact\"; "
                   "annotation skipped\n"
                   "m.json:3:1: annotation 3: a body lacks member \"value\"; annotation skipped\n"
                   "m.json:4:1: annotation 4: a selector lacks member \"type\"; "
                   "annotation skipped\n"
                   "m.json:5:1: annotation 5: the annotation lacks member \"target\"; "
                   "annotation skipped\n");
}

/* In a sidecar too: the creator, the target. */
static void
test_sidecar_missing_members (void)
{
  const char *template =
    "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"id\": \"urn:uuid:x\", "
    "\"type\": \"Annotation\", \"motivation\": \"highlighting\", "
    "\"created\": \"2024-01-01T00:00:00Z\", %s}";
  static const struct
  {
    const char *members;
    const char *message;
  } cases[] = {
    { "\"creator\": {\"type\": \"Person\"}, \"target\": {\"source\": \"t.txt\", \"selector\": []}",
      "s.json:1:1: annotation 1: the creator lacks member \"name\"" },
    { "\"target\": {\"selector\": []}",
      "s.json:1:1: annotation 1: the target lacks member \"source\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (template, cases[i].members);
      g_autoptr(ShuJsonTree) tree = shu_json_tree_read (json, strlen (json), 32,
                                                        SHU_JSON_READ_DEFAULT, "s.json", NULL);
      g_autoptr(GError) error = NULL;
      ShuJsonPos pos = { 1, 1 };
      ShuParsedAnnotation *pa;

      g_assert_nonnull (tree);
      pa = shu_parse_annotation (shu_json_tree_get_root (tree), SHU_PARSE_STRICT, "s.json", &pos,
                                 1, &error);
      g_assert_null (pa);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

/* The app's import report shows each message's place apart from why and
 * what was done; the file name may hold ':' and digits itself. */
static void
test_message_split (void)
{
  static const struct
  {
    const char *message;
    const char *place;
    const char *detail;
  } cases[] = {
    { "d.ann:10:12: expected offsets; line skipped", "d.ann:10:12",
      "expected offsets; line skipped" },
    { "d.jsonl:2: counted as code points", "d.jsonl:2", "counted as code points" },
    { "d.ann: 3 attributes (A/M) not imported", "d.ann", "3 attributes (A/M) not imported" },
    { "v2:3.ann:4:1: T1: no", "v2:3.ann:4:1", "T1: no" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *place = NULL;
      g_autofree char *detail = NULL;
      const char *name = i == 3 ? "v2:3.ann" : i == 1 ? "d.jsonl" : "d.ann";

      g_assert_true (shu_import_message_split (cases[i].message, name, &place, &detail));
      g_assert_cmpstr (place, ==, cases[i].place);
      g_assert_cmpstr (detail, ==, cases[i].detail);
    }
  {
    g_autofree char *place = NULL;
    g_autofree char *detail = NULL;

    g_assert_false (shu_import_message_split ("other.ann:1:1: x", "d.ann", &place, &detail));
    g_assert_null (place);
    g_assert_null (detail);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/importers/brat/lenient", test_brat_lenient);
  g_test_add_func ("/importers/brat/offset-units", test_brat_offset_units);
  g_test_add_func ("/importers/export-utf16", test_export_utf16);
  g_test_add_func ("/importers/message-split", test_message_split);
  g_test_add_func ("/importers/w3c/missing-members", test_w3c_missing_members);
  g_test_add_func ("/importers/sidecar/missing-members", test_sidecar_missing_members);
  g_test_add_func ("/importers/w3c/spec-examples", test_w3c_spec_examples);
  g_test_add_func ("/importers/w3c/foreign-ids", test_w3c_foreign_ids);
  g_test_add_func ("/importers/w3c/round-trip", test_w3c_round_trip);
  g_test_add_func ("/importers/w3c/unknown-members", test_w3c_unknown_members);
  g_test_add_func ("/importers/jsonl/lenient", test_jsonl_lenient);
  g_test_add_func ("/importers/jsonl/documents", test_jsonl_documents);
  g_test_add_func ("/importers/hypothesis", test_hypothesis);
  g_test_add_func ("/importers/json-traps", test_json_traps);
  g_test_add_func ("/importers/labelstudio", test_labelstudio);

  g_test_add_func ("/importers/w3c/names-with-controls", test_w3c_names_with_controls);

  return g_test_run ();
}
