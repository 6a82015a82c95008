/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-brat.h"
#include "shu-error.h"
#include "shu-html.h"
#include "shu-jsonl.h"
#include "shu-sidecar.h"
#include "shu-w3c.h"

/* Round trips through the other formats on Hebrew (with niqqud), Arabic
 * and emoji, and what each importer refuses or reports. */

static const char *texts[] = {
  /* Hebrew with niqqud: a letter and its points are one grapheme. */
  "שָׁלוֹם עוֹלָם, זֶה מִבְחָן.\nשורה שנייה עם \"מרכאות\" & <סוגריים>.\n",
  /* Arabic. */
  "السلام عليكم ورحمة الله.\nهذا نص تجريبي للاختبار.\n",
  /* Emoji outside the BMP, a ZWJ sequence, and a flag. */
  "Hi 👋🏽 there 👨‍👩‍👧 family 🇮🇱 flag, end.\nsecond line 😀.\n",
};

static ShuSource *
source_from (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);

  g_assert_no_error (error);
  return source;
}

/* Word ranges of the text: [start, end) of the n-th run of letters. */
static ShuRange
word (ShuSource *source,
      guint      n)
{
  const char *text = shu_source_get_text (source);
  ShuRange range = { 0, 0 };
  guint offset = 0, seen = 0;
  gboolean in_word = FALSE;

  for (const char *p = text; ; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean letter = c != 0 && !g_unichar_isspace (c) && c != ',' && c != '.';

      if (letter && !in_word)
        range.start = offset;
      if (!letter && in_word)
        {
          if (seen++ == n)
            {
              range.end = offset;
              return range;
            }
        }
      in_word = letter;
      if (c == 0)
        break;
    }
  g_assert_not_reached ();
  return range;
}

/* A document with a labelled span, a discontinuous one with two comments,
 * an unlabelled one, and a label whose name has spaces. */
static ShuDocument *
make_document (ShuSource *source)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) one = shu_label_new ("l1", "טענה", "#e01b24", NULL, '1');
  g_autoptr(ShuLabel) two = shu_label_new ("l2", "named entity", "#3584e4", NULL, 0);
  ShuDocument *document;
  ShuAnnotationStore *store;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(ShuAnnotation) a = NULL;
  g_autoptr(ShuAnnotation) b = NULL;
  g_autoptr(ShuAnnotation) c = NULL;
  ShuRange r0 = word (source, 0);
  ShuRange split[2] = { word (source, 1), word (source, 3) };
  ShuRange r2 = word (source, 4);

  shu_label_set_append (labels, one);
  shu_label_set_append (labels, two);
  document = shu_document_new (source, labels);
  shu_document_set_source_name (document, "t.txt");
  store = shu_document_get_store (document);

  g_ptr_array_add (comments, shu_comment_new ("הערה ראשונה 🙂 & <b>", NULL));
  g_ptr_array_add (comments, shu_comment_new ("تعليق ثان", NULL));
  a = shu_annotation_new (NULL, &r0, 1, "l1", NULL, "נועה", NULL, NULL);
  b = shu_annotation_new (NULL, split, 2, "l2", comments, NULL, NULL, NULL);
  c = shu_annotation_new (NULL, &r2, 1, NULL, NULL, NULL, NULL, NULL);
  shu_annotation_store_add (store, a, NULL);
  shu_annotation_store_add (store, b, NULL);
  shu_annotation_store_add (store, c, NULL);
  return document;
}

/* What two documents' annotations hold that a format must keep: ranges,
 * label name, comment texts; in sidecar order. */
static char *
summary (ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *label_id = shu_annotation_get_label_id (a);
      GPtrArray *comments = shu_annotation_get_comments (a);

      for (guint r = 0; r < shu_annotation_get_n_ranges (a); r++)
        g_string_append_printf (out, "%u-%u;", shu_annotation_get_ranges (a)[r].start,
                                shu_annotation_get_ranges (a)[r].end);
      g_string_append_printf (out, " [%s]", label_id != NULL
                              ? shu_label_get_name (shu_label_set_lookup (labels, label_id))
                              : "-");
      for (guint c = 0; c < comments->len; c++)
        g_string_append_printf (out, " {%s}", shu_comment_get_text (g_ptr_array_index (comments, c)));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static void
test_brat_round_trip (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autoptr(ShuSource) source = source_from (texts[t]);
      g_autoptr(ShuDocument) document = make_document (source);
      g_autoptr(GBytes) ann = shu_brat_export (document);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(ShuDocument) back = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = summary (document);
      g_autofree char *after = NULL;
      const char *data = g_bytes_get_data (ann, NULL);

      /* Spaces in labels become '_'; discontinuous as "a b;c d". */
      g_assert_nonnull (strstr (data, "\tnamed_entity "));
      g_assert_nonnull (strstr (data, ";"));
      g_assert_nonnull (strstr (data, "\tUnlabelled "));
      g_assert_nonnull (strstr (data, "\tAnnotatorNotes T2\t"));

      back = shu_brat_import (ann, "t.ann", source, NULL, &messages, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (messages->len, ==, 0);
      after = summary (back);
      g_assert_cmpstr (before, ==, after);

      /* brat -> Shulayim -> brat gives the same file. */
      again = shu_brat_export (back);
      g_assert_true (g_bytes_equal (ann, again));
    }
}

/* summary()'s lines sorted: annotations on the same span are in the order
 * of their ids, which an import makes anew. */
static int
compare_lines (const void *a,
               const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

/* Where an annotation or relation is, without its random id. */
static char *
end_of (ShuAnnotationStore *store,
        const char         *id)
{
  ShuAnnotation *a = shu_annotation_store_lookup (store, id);
  GString *out = g_string_new (NULL);

  if (a == NULL)
    return g_string_free (out, FALSE);
  for (guint r = 0; r < shu_annotation_get_n_ranges (a); r++)
    g_string_append_printf (out, "%s%u-%u", r > 0 ? ";" : "",
                            shu_annotation_get_ranges (a)[r].start,
                            shu_annotation_get_ranges (a)[r].end);
  return g_string_free (out, FALSE);
}

/* The attributes, references and relations of a document, one a line,
 * sorted. */
static char *
extras_summary (ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GPtrArray) relations = shu_annotation_store_dup_relations (store);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *where = end_of (store, shu_annotation_get_id (a));
      GPtrArray *attributes = shu_annotation_get_attributes (a);
      GPtrArray *references = shu_annotation_get_references (a);

      for (guint k = 0; k < attributes->len; k++)
        {
          ShuAttribute *attribute = g_ptr_array_index (attributes, k);

          g_ptr_array_add (lines, g_strdup_printf ("%s attribute %s%s%s", where,
                                                   shu_attribute_get_name (attribute),
                                                   shu_attribute_get_value (attribute) ? "=" : "",
                                                   shu_attribute_get_value (attribute)
                                                   ? shu_attribute_get_value (attribute) : ""));
        }
      for (guint k = 0; k < references->len; k++)
        {
          ShuReference *reference = g_ptr_array_index (references, k);

          g_ptr_array_add (lines, g_strdup_printf ("%s reference %s %s %s %s", where,
                                                   shu_reference_get_kind (reference),
                                                   shu_reference_get_resource (reference),
                                                   shu_reference_get_entry (reference),
                                                   shu_reference_get_text (reference)));
        }
    }
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      GString *line = g_string_new (NULL);
      GPtrArray *comments = shu_relation_get_comments (relation);

      g_string_append_printf (line, "%s %s",
                              shu_relation_kind_to_string (shu_relation_get_kind (relation)),
                              shu_relation_get_type_name (relation));
      if (shu_relation_get_trigger (relation) != NULL)
        {
          g_autofree char *trigger = end_of (store, shu_relation_get_trigger (relation));

          g_string_append_printf (line, " trigger %s", trigger);
        }
      g_string_append_c (line, ':');
      for (guint a = 0; a < shu_relation_get_n_arguments (relation); a++)
        {
          g_autofree char *target = end_of (store, shu_relation_get_target (relation, a));
          const char *role = shu_relation_get_role (relation, a);

          g_string_append_printf (line, " %s%s%s", role != NULL ? role : "",
                                  role != NULL ? " " : "", target);
        }
      for (guint c = 0; c < comments->len; c++)
        g_string_append_printf (line, " {%s}",
                                shu_comment_get_text (g_ptr_array_index (comments, c)));
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }
  g_ptr_array_sort (lines, compare_lines);
  {
    GString *out = g_string_new (NULL);

    for (guint i = 0; i < lines->len; i++)
      g_string_append_printf (out, "%s\n", (char *) g_ptr_array_index (lines, i));
    return g_string_free (out, FALSE);
  }
}

static char *
sorted_summary (ShuDocument *document)
{
  g_autofree char *text = summary (document);
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);

  qsort (lines, g_strv_length (lines), sizeof (char *), compare_lines);
  return g_strjoinv ("\n", lines);
}

/* A label literally named "Unlabelled" (the type brat export gives an
 * annotation without a label) used to come back as no label; both survive
 * the round trip now, into a new document or into the one exported. */
static void
test_brat_unlabelled_name (void)
{
  g_autoptr(ShuSource) source = source_from (texts[0]);
  g_autoptr(ShuDocument) document = make_document (source);
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(ShuLabel) named = shu_label_new ("l3", "Unlabelled", "#2ec27e", NULL, 0);
  g_autoptr(ShuLabel) spaced = shu_label_new ("l4", "Unlabelled ", "#2ec27e", NULL, 0);
  ShuRange r = word (source, 2);
  g_autoptr(ShuAnnotation) a = shu_annotation_new (NULL, &r, 1, "l3", NULL, NULL, NULL, NULL);
  g_autoptr(ShuAnnotation) b = shu_annotation_new (NULL, &r, 1, "l4", NULL, NULL, NULL, NULL);
  g_autoptr(GBytes) ann = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(ShuDocument) into = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *after_into = NULL;

  g_assert_true (shu_annotation_store_add_label (store, named, -1));
  g_assert_true (shu_annotation_store_add_label (store, spaced, -1));
  shu_annotation_store_add (store, a, NULL);
  shu_annotation_store_add (store, b, NULL);
  before = sorted_summary (document);
  g_assert_nonnull (strstr (before, "[-]"));
  g_assert_nonnull (strstr (before, "[Unlabelled]"));
  g_assert_nonnull (strstr (before, "[Unlabelled ]"));

  ann = shu_brat_export (document);
  back = shu_brat_import (ann, "t.ann", source, NULL, NULL, &error);
  g_assert_no_error (error);
  after = sorted_summary (back);
  g_assert_cmpstr (before, ==, after);

  into = shu_brat_import (ann, "t.ann", source,
                          shu_annotation_store_get_labels (store), NULL, &error);
  g_assert_no_error (error);
  after_into = sorted_summary (into);
  g_assert_cmpstr (before, ==, after_into);
}

static void
expect_brat_error (ShuSource  *source,
                   const char *ann,
                   const char *message)
{
  static const ShuImportOptions strict = { SHU_IMPORT_STRICT, SHU_OFFSETS_CODEPOINTS };
  g_autoptr(GBytes) bytes = g_bytes_new (ann, strlen (ann));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = shu_brat_import_full (bytes, "x.ann", source, NULL, &strict,
                                                          NULL, NULL, &error);

  g_assert_null (document);
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, ==, message);
}

/* INCEpTION's brat export: the layer as the type, the category in the
 * attribute "value". The categories become the labels (not every span
 * "Named Entity"); a type whose spans do not all carry one stays as is. */
static void
test_brat_inception (void)
{
  g_autoptr(ShuSource) source = source_from (texts[0]);
  const char *ann =
    "T1\tNamedEntity 0 7\tשָׁלוֹם\n"
    "A1\tvalue T1 PER\n"
    "T2\tNamedEntity 8 14\tעוֹלָם\n"
    "A2\tvalue T2 LOC\n"
    "A3\tNegated T2\n"
    "T3\tSpan 0 7\tשָׁלוֹם\n"
    "A4\tvalue T3 x\n"
    "T4\tSpan 8 14\tעוֹלָם\n";
  g_autoptr(GBytes) bytes = g_bytes_new (ann, strlen (ann));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = shu_brat_import (bytes, "x.ann", source, NULL, &messages,
                                                     &error);
  g_autofree char *got = NULL;
  g_autofree char *extras = NULL;
  ShuLabelSet *labels;

  g_assert_no_error (error);
  got = sorted_summary (document);
  g_assert_cmpstr (got, ==, "\n0-7; [PER]\n0-7; [Span]\n8-14; [LOC]\n8-14; [Span]");
  extras = extras_summary (document);
  g_assert_cmpstr (extras, ==, "0-7 attribute value=x\n8-14 attribute Negated\n");
  labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  g_assert_null (shu_label_set_lookup_name (labels, "NamedEntity"));
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==,
                   "x.ann: the labels of 2 spans were read from their attribute “value”, "
                   "where INCEpTION writes it");
}

static void
test_brat_import (void)
{
  /* "שָׁלוֹם" is 7 code points (ש, shin dot, qamats, ל, ו, holam, ם). */
  g_autoptr(ShuSource) source = source_from (texts[0]);
  const char *ann =
    "T1\tClaim 0 7\tשָׁלוֹם\n"
    "T2\tNamed_Entity 0 7;8 14\tשָׁלוֹם עוֹלָם\r\n"
    "\n"
    "#1\tAnnotatorNotes T1\tהערה\n"
    "R1\tRel Arg1:T1 Arg2:T2\n"
    "R2\tRel Arg1:T2 Arg2:T1\n"
    "A1\tNegated T1\n"
    "M2\tConfidence T2 High\n"
    "E1\tEvent:T1\n"
    "*\tEquiv T1 T2\n"
    "N1\tReference T1 Wiki:1\tx\n"
    "#2\tAnnotatorNotes R1\tnote on a relation\n";
  g_autoptr(GBytes) bytes = g_bytes_new (ann, strlen (ann));
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = shu_brat_import (bytes, "x.ann", source, NULL, &messages,
                                                     &error);
  g_autofree char *got = NULL;
  g_autofree char *all = NULL;

  g_assert_no_error (error);
  got = summary (document);
  g_assert_cmpstr (got, ==, "0-7; [Claim] {הערה}\n0-7;8-14; [Named Entity]\n");
  /* Every line has a place now: nothing is reported left out. */
  g_assert_cmpuint (messages->len, ==, 0);
  all = extras_summary (document);
  g_assert_cmpstr (all, ==,
                   "0-7 attribute Negated\n"
                   "0-7 reference Reference Wiki 1 x\n"
                   "0-7;8-14 attribute Confidence=High\n"
                   "equivalence Equiv: 0-7 0-7;8-14\n"
                   "event Event trigger 0-7:\n"
                   "link Rel: Arg1 0-7 Arg2 0-7;8-14 {note on a relation}\n"
                   "link Rel: Arg1 0-7;8-14 Arg2 0-7\n");

  expect_brat_error (source, "T1\tA 0 7\tשָׁלוֹם\nT2\tA 0 4\tשל\n",
                     "x.ann:2:10: T2: the text \"של\" does not match the text at these "
                     "offsets (\"שָׁל\")");
  expect_brat_error (source, "T1\tA 0 999\tx\n",
                     "x.ann:1:6: T1: end 999 is past the end of the text (65 code points)");
  expect_brat_error (source, "T1\tA 0 1\tש\n",
                     "x.ann:1:6: T1: end 1 falls inside a character (a grapheme cluster such "
                     "as a letter with its niqqud)");
  expect_brat_error (source, "T1\tA 0 x\tש\n",
                     "x.ann:1:6: expected offsets \"START END\" (whole numbers), several "
                     "joined by ';'");
  expect_brat_error (source, "X1\tfoo\n",
                     "x.ann:1:1: not a brat standoff line (ids start with T, R, E, A, M, N, * "
                     "or #)");
  expect_brat_error (source, "#1\tAnnotatorNotes T9\tx\n",
                     "x.ann:1:4: the note is on T9, which is not an annotation, relation or "
                     "event of this file");
  expect_brat_error (source, "T1\tA 0 7\n", "x.ann:1:1: a text-bound line needs three "
                     "tab-separated fields (ID, TYPE START END, TEXT)");
}

static void
test_w3c_round_trip (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autoptr(ShuSource) source = source_from (texts[t]);
      g_autoptr(ShuDocument) document = make_document (source);
      g_autoptr(GBytes) json = shu_w3c_export (document);
      g_autoptr(GBytes) again = NULL;
      g_autoptr(ShuDocument) back = NULL;
      g_autoptr(GPtrArray) report = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *before = summary (document);
      g_autofree char *after = NULL;

      back = shu_w3c_import (json, "t.json", source, NULL, &report, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (report->len, ==, 0);
      after = summary (back);
      g_assert_cmpstr (before, ==, after);

      /* W3C -> Shulayim -> W3C: the same annotations, byte for byte (ids,
       * dates, creators, comments, discontinuous targets). */
      again = shu_w3c_export (back);
      g_assert_cmpstr (strstr (g_bytes_get_data (json, NULL), "\"first\""), ==,
                       strstr (g_bytes_get_data (again, NULL), "\"first\""));
    }
}

static void
test_sidecar_discontinuous_and_conflict (void)
{
  g_autoptr(ShuSource) source = source_from (texts[0]);
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GPtrArray) all = shu_annotation_store_dup_annotations (shu_document_get_store (document));
  g_autoptr(ShuAnnotation) marked = shu_annotation_with_conflict (g_ptr_array_index (all, 0),
                                                                  "urn:uuid:other");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  ShuAnnotation *found;

  shu_annotation_store_replace (shu_document_get_store (document), marked, NULL);
  bytes = shu_sidecar_serialize (document);
  g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL), "\"shu:conflict\": \"urn:uuid:other\""));
  sidecar = shu_sidecar_parse (bytes, "t.json", &error);
  g_assert_no_error (error);
  back = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  before = summary (document);
  after = summary (back);
  g_assert_cmpstr (before, ==, after);
  found = shu_annotation_store_lookup (shu_document_get_store (back),
                                       shu_annotation_get_id (marked));
  g_assert_cmpstr (shu_annotation_get_conflict (found), ==, "urn:uuid:other");
  again = shu_sidecar_serialize (back);
  g_assert_true (g_bytes_equal (bytes, again));
}

static void
test_jsonl (void)
{
  for (guint t = 0; t < G_N_ELEMENTS (texts); t++)
    {
      g_autoptr(ShuSource) source = source_from (texts[t]);
      g_autoptr(ShuDocument) document = make_document (source);
      g_autoptr(GBytes) line = shu_jsonl_export (document);
      g_autoptr(GString) file = g_string_new ("{\"id\": 7, \"text\": \"another text\", \"label\": []}\n\n");
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(ShuDocument) back = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *got = NULL;
      g_autofree char *want = NULL;

      g_string_append_len (file, g_bytes_get_data (line, NULL), g_bytes_get_size (line));
      bytes = g_bytes_new (file->str, file->len);
      back = shu_jsonl_import (bytes, "t.jsonl", source, NULL, &messages, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (messages->len, ==, 1);
      g_assert_cmpstr (g_ptr_array_index (messages, 0), ==,
                       "t.jsonl: 1 other lines (other texts) were not imported; line 3 holds "
                       "this text");
      /* doccano has no discontinuous spans: each range is a span. */
      got = summary (back);
      g_assert_nonnull (strstr (got, " [טענה]\n"));
      g_assert_nonnull (strstr (got, " [named entity] {הערה ראשונה 🙂 & <b>} {تعليق ثان}\n"));
      g_assert_nonnull (strstr (got, " [-]\n"));
      want = g_strdup_printf ("%u-%u; [named entity]\n", word (source, 3).start,
                              word (source, 3).end);
      g_assert_nonnull (strstr (got, want));
    }

  {
    g_autoptr(ShuSource) source = source_from ("abc def");
    const char *bad[][2] = {
      { "{\"text\": \"x\"}\n{\"text\": \"abc def\", \"text\": \"y\"}\n",
        "t.jsonl:2:" },
      { "{\"text\": \"abc def\", \"label\": [[0, 9, \"A\"]]}\n",
        "t.jsonl:1:31: label 1: end 9 is past the end of the text (7 code points)" },
      { "{\"text\": \"abc def\", \"label\": [[0, \"3\", \"A\"]]}\n",
        "t.jsonl:1:31: label 1: expected [start, end, \"Label\"] (whole numbers and a string)" },
      { "{\"text\": \"other\"}\n", "t.jsonl: no line's \"text\" is the text given (1 lines read)" },
      { "{\"text\": \"abc def\"} // comment\n", "t.jsonl:1:" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GBytes) bytes = g_bytes_new (bad[i][0], strlen (bad[i][0]));
        g_autoptr(GError) error = NULL;
        static const ShuImportOptions strict = { SHU_IMPORT_STRICT, SHU_OFFSETS_CODEPOINTS };
        g_autoptr(ShuDocument) none = shu_jsonl_import_full (bytes, "t.jsonl", source, NULL,
                                                             &strict, NULL, NULL, &error);

        g_assert_null (none);
        g_assert_nonnull (error);
        if (!g_str_has_prefix (error->message, bad[i][1]))
          g_assert_cmpstr (error->message, ==, bad[i][1]);
      }
  }
}

static void
test_html (void)
{
  g_autoptr(ShuSource) source = source_from ("אבג <דהו> & \"זח\" 'טי'\n");
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("l", "תווית \u202Eרעה<", "#ff0000", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(ShuAnnotation) a = NULL;
  g_autoptr(ShuAnnotation) b = NULL;
  g_autoptr(GBytes) html = NULL;
  ShuRange ra = { 0, 9 }, rb = { 4, 15 };
  const char *out;

  shu_label_set_append (labels, label);
  document = shu_document_new (source, labels);
  g_ptr_array_add (comments, shu_comment_new ("<script>alert('x')</script> \u2066isolate\u2069 \u200F", NULL));
  a = shu_annotation_new (NULL, &ra, 1, "l", comments, "מי & <מה>", NULL, NULL);
  b = shu_annotation_new (NULL, &rb, 1, NULL, NULL, NULL, NULL, NULL);
  shu_annotation_store_add (shu_document_get_store (document), a, NULL);
  shu_annotation_store_add (shu_document_get_store (document), b, NULL);
  html = shu_html_export (document);
  out = g_bytes_get_data (html, NULL);

  g_assert_true (g_str_has_prefix (out, "<!DOCTYPE html>\n<html lang=\"he\" dir=\"rtl\">"));
  g_assert_nonnull (strstr (out, "<meta charset=\"utf-8\">"));
  g_assert_null (strstr (out, "<script>"));
  g_assert_null (strstr (out, "<דהו>"));
  g_assert_nonnull (strstr (out, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  g_assert_nonnull (strstr (out, "data-annotations=\"1 2\" title=\"1: תווית ⟨U+202E⟩רעה&lt;; 2: —\">"
                                 "&lt;דהו&gt;</mark>"));
  g_assert_nonnull (strstr (out, " &amp; &quot;זח</mark><sup><a href=\"#a2\">2</a></sup>&quot; "
                                 "&#39;טי&#39;\n</main>"));
  g_assert_nonnull (strstr (out, "מי &amp; &lt;מה&gt;"));
  /* Directional controls in labels and comments are shown, not obeyed. */
  g_assert_null (strstr (out, "\u202E"));
  g_assert_null (strstr (out, "\u2066"));
  g_assert_null (strstr (out, "\u200F"));
  g_assert_nonnull (strstr (out, "תווית <span class=\"bidi\">⟨U+202E⟩</span>רעה&lt;"));
  g_assert_nonnull (strstr (out, "<span class=\"bidi\">⟨U+2066⟩</span>isolate"
                                 "<span class=\"bidi\">⟨U+2069⟩</span>"));
  g_assert_nonnull (strstr (out, "<span class=\"bidi\">⟨U+200F⟩</span>"));
  /* Overlap [4, 9) is its own segment with both colours; the rest single. */
  g_assert_nonnull (strstr (out, "<mark style=\"background:#ff000080\" data-annotations=\"1\""));
  g_assert_nonnull (strstr (out, "<mark class=\"overlap\" style=\"background:linear-gradient("
                                 "#ff000080 0% 50%,#c0c0c080 50% 100%)\" data-annotations=\"1 2\""));
  g_assert_nonnull (strstr (out, "&lt;דהו&gt;</mark><sup><a href=\"#a1\">1</a></sup>"));
  g_assert_nonnull (strstr (out, "<li id=\"a2\" value=\"2\">"));
}

/* A document whose starter labels are named in Hebrew (as a Hebrew
 * interface names them) imports a colleague's brat and doccano files made
 * with an English interface: their "Claim" is our "claim" (טענה), not a new
 * label; a type naming the id is that label too. */
static void
test_import_maps_labels_by_id (void)
{
  g_autoptr(ShuSource) source = source_from ("abc def ghi\n");
  const char *brat = "T1\tClaim 0 3\tabc\nT2\tevidence 4 7\tdef\nT3\tOwn_Label 8 11\tghi\n";
  const char *jsonl = "{\"text\": \"abc def ghi\\n\", \"label\": [[0, 3, \"Claim\"], "
                      "[4, 7, \"Evidence\"], [8, 11, \"טענה\"]]}\n";
  const char *want[][3] = {
    { "claim", "evidence", NULL },
    { "claim", "evidence", "claim" },
  };

  for (guint f = 0; f < 2; f++)
    {
      g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
      g_autoptr(ShuLabel) claim = shu_label_new ("claim", "טענה", "#ffadad", NULL, '1');
      g_autoptr(ShuLabel) evidence = shu_label_new ("evidence", "ראיה", "#fdffb6", NULL, '3');
      g_autoptr(GBytes) bytes = g_bytes_new_static (f == 0 ? brat : jsonl,
                                                    strlen (f == 0 ? brat : jsonl));
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GPtrArray) annotations = NULL;
      g_autoptr(GError) error = NULL;

      shu_label_set_append (labels, claim);
      shu_label_set_append (labels, evidence);
      document = f == 0 ? shu_brat_import (bytes, "e.ann", source, labels, NULL, &error)
                        : shu_jsonl_import (bytes, "e.jsonl", source, labels, NULL, &error);
      g_assert_no_error (error);
      annotations = shu_annotation_store_dup_annotations (shu_document_get_store (document));
      g_assert_cmpuint (annotations->len, ==, 3);
      for (guint i = 0; i < 2; i++)
        g_assert_cmpstr (shu_annotation_get_label_id (g_ptr_array_index (annotations, i)), ==,
                         want[f][i]);
      if (f == 0)
        {
          /* A label we do not have is added, with its own name. */
          const char *id = shu_annotation_get_label_id (g_ptr_array_index (annotations, 2));

          g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, id)), ==,
                           "Own Label");
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, 3);
        }
      else
        {
          g_assert_cmpstr (shu_annotation_get_label_id (g_ptr_array_index (annotations, 2)), ==,
                           want[f][2]);
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, 2);
        }
      g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, "claim")), ==, "טענה");
    }
}

/* The other way round: starter labels named in English (the interface of
 * this test) and a brat file from a colleague with a Hebrew interface. */
static void
test_import_hebrew_names_into_english (void)
{
  g_autoptr(ShuSource) source = source_from ("abc def ghi\n");
  g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (labels));
  const char *brat = "T1\tטענה 0 3\tabc\nT2\tטענת_נגד 4 7\tdef\n";
  g_autoptr(GBytes) bytes = g_bytes_new_static (brat, strlen (brat));
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, "claim")), ==, "Claim");
  document = shu_brat_import (bytes, "e.ann", source, labels, NULL, &error);
  g_assert_no_error (error);
  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (document));
  g_assert_cmpuint (annotations->len, ==, 2);
  g_assert_cmpstr (shu_annotation_get_label_id (g_ptr_array_index (annotations, 0)), ==,
                   "claim");
  g_assert_cmpstr (shu_annotation_get_label_id (g_ptr_array_index (annotations, 1)), ==,
                   "counterargument");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, n_labels);
}

/* A W3C export made with an English interface ("Claim") imported where
 * the starter labels are named in Hebrew: the annotation is our "claim". */
static void
test_import_w3c_maps_labels_by_id (void)
{
  g_autoptr(ShuSource) source = source_from ("abc def ghi\n");
  g_autoptr(ShuLabelSet) english = shu_label_set_new ();
  g_autoptr(ShuLabelSet) hebrew = shu_label_set_new ();
  g_autoptr(ShuLabel) claim = shu_label_new ("claim", "Claim", "#ffadad", NULL, 0);
  g_autoptr(ShuLabel) teana = shu_label_new ("claim", "טענה", "#ffadad", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GError) error = NULL;
  ShuRange range = { 4, 7 };

  shu_label_set_append (english, claim);
  shu_label_set_append (hebrew, teana);
  document = shu_document_new (source, english);
  annotation = shu_annotation_new (NULL, &range, 1, "claim", NULL, NULL, NULL, NULL);
  shu_annotation_store_add (shu_document_get_store (document), annotation, NULL);
  bytes = shu_w3c_export (document);
  back = shu_w3c_import (bytes, "e.w3c.json", source, hebrew, NULL, &error);
  g_assert_no_error (error);
  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (back));
  g_assert_cmpuint (annotations->len, ==, 1);
  g_assert_cmpstr (shu_annotation_get_label_id (g_ptr_array_index (annotations, 0)), ==,
                   "claim");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hebrew)), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/formats/brat/round-trip", test_brat_round_trip);
  g_test_add_func ("/formats/brat/import", test_brat_import);
  g_test_add_func ("/formats/brat/inception", test_brat_inception);
  g_test_add_func ("/formats/brat/unlabelled-name", test_brat_unlabelled_name);
  g_test_add_func ("/formats/w3c/round-trip", test_w3c_round_trip);
  g_test_add_func ("/formats/sidecar/discontinuous-conflict", test_sidecar_discontinuous_and_conflict);
  g_test_add_func ("/formats/jsonl", test_jsonl);
  g_test_add_func ("/formats/html", test_html);
  g_test_add_func ("/formats/import-maps-labels-by-id", test_import_maps_labels_by_id);
  g_test_add_func ("/formats/import-w3c-maps-labels-by-id", test_import_w3c_maps_labels_by_id);
  g_test_add_func ("/formats/import-hebrew-names-into-english",
                   test_import_hebrew_names_into_english);
  return g_test_run ();
}
