/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "shu-error.h"
#include "shu-sidecar.h"
#include "shu-sidecar-private.h"
#include "shu-test-utils.h"

#define DOC_ID "urn:uuid:6d1f4c2a-8a55-4c8e-9d1e-2f6b1f0e7a01"

static GDateTime *
fixed_date (int day)
{
  return g_date_time_new_utc (2024, 5, day, 12, 30, 15);
}

static ShuSource *
source_from (const char  *bytes,
             gssize       len,
             ShuEncoding  encoding)
{
  g_autoptr(GBytes) data = g_bytes_new (bytes, len < 0 ? strlen (bytes) : (gsize) len);
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (data, encoding, &error);

  g_assert_no_error (error);
  g_assert_nonnull (source);
  return source;
}

static ShuLabelSet *
make_labels (void)
{
  ShuLabelSet *labels = shu_label_set_new ();
  g_autoptr(ShuLabel) claim = shu_label_new ("claim", "טענה", "#e01b24", "A claim", '1');
  g_autoptr(ShuLabel) quote = shu_label_new ("quote", "ציטוט \"מדויק\"", "#3584e4", NULL, 0);

  g_assert_true (shu_label_set_append (labels, claim));
  g_assert_true (shu_label_set_append (labels, quote));
  return labels;
}

static void
add_annotation (ShuDocument    *document,
                const char     *id,
                const ShuRange *ranges,
                guint           n_ranges,
                const char     *label_id,
                const char     *comment,
                const char     *creator)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(GDateTime) created = fixed_date (1);
  g_autoptr(GDateTime) modified = fixed_date (2);
  g_autoptr(ShuAnnotation) annotation = NULL;

  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, "he"));
  annotation = shu_annotation_new (id, ranges, n_ranges, label_id, comments, creator,
                                   created, modified);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
}

static void
fix_metadata (ShuDocument *document)
{
  g_autoptr(GDateTime) created = fixed_date (1);
  g_autoptr(GDateTime) modified = fixed_date (3);

  shu_document_restore_metadata (document, DOC_ID, NULL, NULL, NULL, created, modified);
}

/* A document on @source with annotations spread over it: one per third of
 * the text (on grapheme boundaries), one discontinuous, labelled,
 * commented and plain ones. */
static ShuDocument *
make_document (ShuSource *source)
{
  g_autoptr(ShuLabelSet) labels = make_labels ();
  ShuDocument *document = shu_document_new (source, labels);
  guint length = shu_source_get_length (source);
  guint a = shu_source_boundary_ceil (source, length / 5);
  guint b = shu_source_boundary_ceil (source, a + 3);
  guint c = shu_source_boundary_ceil (source, b + 2);
  guint d = shu_source_boundary_ceil (source, c + 4);
  ShuRange one[] = { { a, b } };
  ShuRange two[] = { { a, b }, { c, d } };
  ShuRange three[] = { { b, d } };
  ShuRange all[] = { { 0, length } };

  g_assert_cmpuint (a, <, b);
  g_assert_cmpuint (b, <, c);
  g_assert_cmpuint (c, <, d);
  g_assert_cmpuint (d, <=, length);

  add_annotation (document, "urn:uuid:00000000-0000-4000-8000-000000000003", one, 1,
                  "claim", "הערה עם \"מרכאות\", פסיק\nושורה חדשה\xE2\x80\xA8", "נועה");
  add_annotation (document, "urn:uuid:00000000-0000-4000-8000-000000000001", two, 2,
                  "quote", NULL, "Omar");
  add_annotation (document, "urn:uuid:00000000-0000-4000-8000-000000000002", three, 1,
                  NULL, "רק הערה", NULL);
  add_annotation (document, "urn:uuid:00000000-0000-4000-8000-000000000004", all, 1,
                  NULL, NULL, NULL);
  fix_metadata (document);
  return document;
}

/* Anchors @bytes on @source, both ways: shu_sidecar_anchor_once() (as a
 * load does) must give the same document, bytes and report as
 * shu_sidecar_anchor(). */
static ShuDocument *
reload (GBytes     *bytes,
        ShuSource  *source,
        GPtrArray **report)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);
  g_autoptr(ShuSidecar) sidecar_once = shu_sidecar_parse (bytes, "t.json", &error);
  g_autoptr(ShuDocument) once = NULL;
  g_autoptr(GPtrArray) report_once = NULL;
  g_autoptr(GPtrArray) local_report = NULL;
  g_autoptr(GBytes) written = NULL;
  g_autoptr(GBytes) written_once = NULL;
  ShuDocument *document;

  g_assert_no_error (error);
  g_assert_nonnull (sidecar);
  document = shu_sidecar_anchor (sidecar, source, &local_report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);

  once = shu_sidecar_anchor_once (sidecar_once, source, &report_once, &error);
  g_assert_no_error (error);
  written = shu_sidecar_serialize (document);
  written_once = shu_sidecar_serialize (once);
  g_assert_true (g_bytes_equal (written, written_once));
  g_assert_cmpuint (report_once->len, ==, local_report->len);
  for (guint i = 0; i < local_report->len; i++)
    {
      const ShuAnchorResult *a = g_ptr_array_index (local_report, i);
      const ShuAnchorResult *b = g_ptr_array_index (report_once, i);

      g_assert_cmpstr (a->id, ==, b->id);
      g_assert_cmpint (a->status, ==, b->status);
      g_assert_cmpuint (a->new_start, ==, b->new_start);
      g_assert_cmpstr (a->exact, ==, b->exact);
    }

  if (report != NULL)
    *report = g_steal_pointer (&local_report);
  return document;
}

static void
assert_same_bytes (GBytes *a,
                   GBytes *b)
{
  if (!g_bytes_equal (a, b))
    {
      g_autofree char *sa = g_strndup (g_bytes_get_data (a, NULL), g_bytes_get_size (a));
      g_autofree char *sb = g_strndup (g_bytes_get_data (b, NULL), g_bytes_get_size (b));

      g_assert_cmpstr (sa, ==, sb);
    }
}

typedef struct
{
  const char  *name;
  const char  *bytes;
  gssize       len;
  ShuEncoding  encoding;
  const char  *language;
  const char  *direction;
} Text;

static const Text texts[] = {
  { "niqqud", "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ׃ "
    "וְהָאָרֶץ הָיְתָה תֹהוּ וָבֹהוּ", -1, SHU_ENCODING_UTF8, "he", "rtl" },
  { "arabic", "في البدء كان الكلمة، والكلمة كان عند الله. "
    "وكان الكلمة الله", -1, SHU_ENCODING_UTF8, "ar", "rtl" },
  { "emoji", "Hello \xF0\x9F\x98\x80 world \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x92\xBB "
    "and \xF0\x9F\x87\xAE\xF0\x9F\x87\xB1 flags \xF0\x9D\x90\x80 bold", -1,
    SHU_ENCODING_UTF8, "und", "ltr" },
  { "crlf", "שורה ראשונה\r\nשורה שנייה\r\n\r\nפסקה חדשה עם עוד מילים\r\n", -1,
    SHU_ENCODING_UTF8, "he", "rtl" },
  { "bom", "\xEF\xBB\xBF" "טקסט עם סימן סדר בתים בתחילתו, ועוד קצת", -1,
    SHU_ENCODING_AUTO, "he", "rtl" },
  /* "שָׁלוֹם עולם, מה שלומך?" in windows-1255, with points. */
  { "windows-1255", "\xF9\xC8\xD1\xEC\xE5\xC9\xED \xF2\xE5\xEC\xED, \xEE\xE4 "
    "\xF9\xEC\xE5\xEE\xEA? \xF9\xEC\xE5\xED \xF9\xEC\xE5\xED", -1,
    SHU_ENCODING_WINDOWS_1255, "he", "rtl" },
};

static void
test_roundtrip (gconstpointer data)
{
  const Text *text = data;
  g_autoptr(ShuSource) source = source_from (text->bytes, text->len, text->encoding);
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(ShuDocument) again = NULL;
  g_autoptr(ShuDocument) third = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GBytes) last = NULL;
  const char *json;

  g_assert_cmpstr (shu_document_get_language (document), ==, text->language);
  g_assert_cmpstr (shu_document_get_text_direction (document), ==, text->direction);

  first = shu_sidecar_serialize (document);
  json = g_bytes_get_data (first, NULL);
  /* UTF-8 as is, no escapes except what JSON needs, and U+2028. */
  g_assert_true (g_utf8_validate (json, g_bytes_get_size (first), NULL));
  g_assert_null (strstr (json, "\\u05"));
  g_assert_nonnull (strstr (json, "\\u2028"));
  g_assert_nonnull (strstr (json, "פסיק\\nושורה"));
  g_assert_true (json[g_bytes_get_size (first) - 1] == '\n');
  g_assert_true (g_str_has_prefix (json, "{\n  \"@context\": [\n"
                                   "    \"http://www.w3.org/ns/anno.jsonld\",\n"));

  again = reload (first, source, &report);
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (again))),
                    ==, 4);
  second = shu_sidecar_serialize (again);
  assert_same_bytes (first, second);

  third = reload (second, source, NULL);
  last = shu_sidecar_serialize (third);
  assert_same_bytes (first, last);
}

static void
test_layout (void)
{
  g_autoptr(ShuSource) source = source_from ("אבג דהו זחט", -1, SHU_ENCODING_UTF8);
  g_autoptr(ShuLabelSet) labels = make_labels ();
  g_autoptr(ShuDocument) document = shu_document_new (source, labels);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *expected = NULL;
  ShuRange range[] = { { 4, 7 } };

  add_annotation (document, "urn:uuid:00000000-0000-4000-8000-000000000001", range, 1,
                  "claim", NULL, "נועה");
  fix_metadata (document);
  bytes = shu_sidecar_serialize (document);

  expected = g_strdup_printf (
    "{\n"
    "  \"@context\": [\n"
    "    \"http://www.w3.org/ns/anno.jsonld\",\n"
    "    {\n"
    "      \"shu\": \"https://shulayim.github.io/ns#\",\n"
    "      \"formatVersion\": \"shu:formatVersion\",\n"
    "      \"sourceText\": \"shu:sourceText\",\n"
    "      \"sha256\": \"shu:sha256\",\n"
    "      \"length\": \"shu:length\",\n"
    "      \"encoding\": \"shu:encoding\",\n"
    "      \"version\": \"shu:version\",\n"
    "      \"labels\": {\n"
    "        \"@id\": \"shu:labels\",\n"
    "        \"@container\": \"@list\"\n"
    "      },\n"
    "      \"color\": \"shu:color\",\n"
    "      \"description\": \"shu:description\",\n"
    "      \"shortcut\": \"shu:shortcut\",\n"
    "      \"orphans\": {\n"
    "        \"@id\": \"shu:orphans\",\n"
    "        \"@container\": \"@list\"\n"
    "      }\n"
    "    }\n"
    "  ],\n"
    "  \"id\": \"" DOC_ID "\",\n"
    "  \"type\": \"AnnotationCollection\",\n"
    "  \"label\": \"text.txt\",\n"
    "  \"formatVersion\": 1,\n"
    "  \"created\": \"2024-05-01T12:30:15Z\",\n"
    "  \"modified\": \"2024-05-03T12:30:15Z\",\n"
    "  \"generator\": {\n"
    "    \"type\": \"Software\",\n"
    "    \"name\": \"Shulayim\",\n"
    "    \"version\": \"" VERSION "\"\n"
    "  },\n"
    "  \"sourceText\": {\n"
    "    \"name\": \"text.txt\",\n"
    "    \"sha256\": \"%s\",\n"
    "    \"length\": 11,\n"
    "    \"encoding\": \"utf-8\",\n"
    "    \"language\": \"he\",\n"
    "    \"textDirection\": \"rtl\"\n"
    "  },\n"
    "  \"labels\": [\n"
    "    {\n"
    "      \"id\": \"claim\",\n"
    "      \"name\": \"טענה\",\n"
    "      \"color\": \"#e01b24\",\n"
    "      \"description\": \"A claim\",\n"
    "      \"shortcut\": \"1\"\n"
    "    },\n"
    "    {\n"
    "      \"id\": \"quote\",\n"
    "      \"name\": \"ציטוט \\\"מדויק\\\"\",\n"
    "      \"color\": \"#3584e4\"\n"
    "    }\n"
    "  ],\n"
    "  \"total\": 1,\n"
    "  \"first\": {\n"
    "    \"type\": \"AnnotationPage\",\n"
    "    \"items\": [\n"
    "      {\n"
    "        \"id\": \"urn:uuid:00000000-0000-4000-8000-000000000001\",\n"
    "        \"type\": \"Annotation\",\n"
    "        \"motivation\": \"tagging\",\n"
    "        \"created\": \"2024-05-01T12:30:15Z\",\n"
    "        \"modified\": \"2024-05-02T12:30:15Z\",\n"
    "        \"creator\": {\n"
    "          \"type\": \"Person\",\n"
    "          \"name\": \"נועה\"\n"
    "        },\n"
    "        \"body\": [\n"
    "          {\n"
    "            \"type\": \"TextualBody\",\n"
    "            \"purpose\": \"tagging\",\n"
    "            \"value\": \"טענה\"\n"
    "          }\n"
    "        ],\n"
    "        \"target\": {\n"
    "          \"source\": \"text.txt\",\n"
    "          \"selector\": [\n"
    "            {\n"
    "              \"type\": \"TextPositionSelector\",\n"
    "              \"start\": 4,\n"
    "              \"end\": 7\n"
    "            },\n"
    "            {\n"
    "              \"type\": \"TextQuoteSelector\",\n"
    "              \"exact\": \"דהו\",\n"
    "              \"prefix\": \"אבג \",\n"
    "              \"suffix\": \" זחט\"\n"
    "            }\n"
    "          ]\n"
    "        }\n"
    "      }\n"
    "    ]\n"
    "  }\n"
    "}\n", shu_source_get_sha256 (source));

  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
}

/* ------------------------------------------------------------ refusals */

/* "LINE:COLUMN" of the first occurrence of @needle in @text, plus @skip
 * code points. */
static char *
position_of (const char *text,
             const char *needle,
             guint       skip)
{
  const char *hit = strstr (text, needle);
  const char *line_start = text;
  guint line = 1;

  g_assert_nonnull (hit);
  for (const char *p = text; p < hit; p++)
    if (*p == '\n')
      {
        line++;
        line_start = p + 1;
      }
  return g_strdup_printf ("%u:%lu", line,
                          (gulong) g_utf8_strlen (line_start, hit - line_start) + 1 + skip);
}

/* Replaces the first occurrence of @from in @text by @to. */
static char *
replace (const char *text,
         const char *from,
         const char *to)
{
  const char *hit = strstr (text, from);

  g_assert_nonnull (hit);
  return g_strdup_printf ("%.*s%s%s", (int) (hit - text), text, to, hit + strlen (from));
}

/* Same, for the first occurrence after @anchor. */
static char *
replace_after (const char *text,
               const char *anchor,
               const char *from,
               const char *to)
{
  const char *at = strstr (text, anchor);
  g_autofree char *tail = NULL;

  g_assert_nonnull (at);
  tail = replace (at, from, to);
  return g_strdup_printf ("%.*s%s", (int) (at - text), text, tail);
}

static void
expect_refusal (const char *json,
                int         code,
                const char *message)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

  if (sidecar != NULL)
    g_error ("accepted, expected: %s", message);
  g_assert_error (error, SHU_ERROR, code);
  g_assert_cmpstr (error->message, ==, message);
}

static char *
base_json (ShuSource **source_out)
{
  g_autoptr(ShuSource) source = source_from ("אבג דהו זחט, טקסט קצר לבדיקות", -1,
                                             SHU_ENCODING_UTF8);
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GBytes) bytes = shu_sidecar_serialize (document);

  if (source_out != NULL)
    *source_out = g_object_ref (source);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

#define ANN1 "urn:uuid:00000000-0000-4000-8000-000000000001"
#define ANN3 "urn:uuid:00000000-0000-4000-8000-000000000003"

/* The 1-based number of the annotation with @id in the items list. */
static guint
annotation_number (const char *json,
                   const char *id)
{
  const char *items = strstr (json, "\"items\"");
  const char *hit = strstr (json, id);
  guint n = 0;

  for (const char *p = strstr (items, "\n      {\n"); p != NULL && p < hit;
       p = strstr (p + 1, "\n      {\n"))
    n++;
  g_assert_cmpuint (n, >=, 1);
  return n;
}

/* @json with @member (a "key": value line, without a comma) as its last
 * member. */
static char *
append_member (const char *json,
               const char *member)
{
  gsize len = strlen (json);

  g_assert_true (g_str_has_suffix (json, "\n}\n"));
  return g_strdup_printf ("%.*s,\n  %s\n}\n", (int) (len - 3), json, member);
}

static void
test_refusal_order (void)
{
  g_autofree char *json = base_json (NULL);

  /* The annotations are read as the file is read, before the members
   * that come after them; what is reported is still what the order of
   * the checks, not of the file, says comes first. */

  /* The version, even after an annotation that cannot be read. */
  {
    g_autofree char *bad_ann = replace (json, "\"motivation\": \"tagging\"",
                                        "\"motivation\": \"bookmarking\"");
    g_autofree char *no_version = replace (bad_ann, "\"formatVersion\": 1,\n  ", "");
    g_autofree char *bad = append_member (no_version, "\"formatVersion\": 9");
    g_autofree char *pos = position_of (bad, "\"formatVersion\": 9", 17);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: format version 9 is not supported: this version of Shulayim reads "
      "versions 1 to %d (the file was written by a newer Shulayim)", pos,
      SHU_SIDECAR_FORMAT_VERSION);

    expect_refusal (bad, SHU_ERROR_VERSION, msg);
  }

  /* Invalid JSON anywhere, even after an annotation that cannot be read. */
  {
    g_autofree char *bad_ann = replace (json, "\"motivation\": \"tagging\"",
                                        "\"motivation\": \"bookmarking\"");
    g_autofree char *bad = g_strdup_printf ("%.*s,\n}\n", (int) strlen (bad_ann) - 3, bad_ann);
    g_autofree char *pos = position_of (bad, ",\n}\n", 0);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: trailing comma", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }

  /* Labels after the annotations that use them are labels all the same. */
  {
    const char *start = strstr (json, "\n  \"labels\": [");
    const char *end = strstr (start, "\n  ],\n");
    g_autofree char *labels = g_strndup (start + 3, end + 4 - (start + 3));
    g_autofree char *without = g_strdup_printf ("%.*s%s", (int) (start - json), json, end + 5);
    g_autofree char *moved = append_member (without, labels);
    g_autoptr(GBytes) bytes = g_bytes_new (moved, strlen (moved));
    g_autoptr(GError) error = NULL;
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

    g_assert_no_error (error);
    g_assert_nonnull (sidecar);
  }

  /* Orphans before the annotations are numbered after them. */
  {
    g_autofree char *bad = replace (json, "  \"first\": {",
                                    "  \"orphans\": [\n"
                                    "    {\"id\": \"urn:uuid:x\", \"type\": \"Note\", "
                                    "\"motivation\": \"tagging\"}\n"
                                    "  ],\n"
                                    "  \"first\": {");
    g_autofree char *pos = position_of (bad, "{\"id\": \"urn:uuid:x\"", 0);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation 5: type must be \"Annotation\", not \"Note\"", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
}

static void
test_refusals (void)
{
  g_autofree char *json = base_json (NULL);
  g_autofree char *ann_pos = NULL;
  g_autofree char *ann3_pos = NULL;
  g_autofree char *label_pos = NULL;
  guint ann_number, ann3_number;

  /* The annotations come sorted: find which ones ANN1 and ANN3 are and
   * where they start (the element's "{" is on the line before its id, at
   * column 7). */
  ann_number = annotation_number (json, ANN1);
  ann3_number = annotation_number (json, ANN3);
  {
    g_autofree char *p1 = position_of (json, "\"id\": \"" ANN1, 0);
    g_autofree char *p3 = position_of (json, "\"id\": \"" ANN3, 0);

    ann_pos = g_strdup_printf ("%u:7", (guint) atoi (p1) - 1);
    ann3_pos = g_strdup_printf ("%u:7", (guint) atoi (p3) - 1);
  }
  {
    g_autofree char *p = position_of (json, "\"id\": \"quote\"", 0);

    label_pos = g_strdup_printf ("%u:5", (guint) atoi (p) - 1);
  }

  /* Syntax, through the whole reader. */
  expect_refusal ("", SHU_ERROR_PARSE, "t.json:1:1: empty input");
  expect_refusal ("\xEF\xBB\xBF{}", SHU_ERROR_PARSE,
                  "t.json:1:1: a byte order mark is not allowed (save as UTF-8 without BOM)");
  {
    g_autofree char *bad = replace (json, "\"total\"", "// c\n  \"total\"");
    g_autofree char *pos = position_of (bad, "// c", 0);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: comments are not allowed in JSON", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"total\"", "\"labels\": [],\n  \"total\"");
    g_autofree char *pos = position_of (bad, "\"labels\": [],", 0);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: duplicate key \"labels\" in an object",
                                            pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"A claim\"", "\"A\\u0000claim\"");
    g_autofree char *pos = position_of (bad, "\\u0000", 0);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: \\u0000 (a NUL character) is not allowed in strings", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"A claim\"", "\"A \xC3\x28 claim\"");
    g_autofree char *pos = position_of (bad, "\xC3\x28", 0);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: invalid UTF-8", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"formatVersion\": 1", "\"formatVersion\": 1.0");
    g_autofree char *pos = position_of (bad, "1.0", 0);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: only whole numbers are allowed (no fraction or exponent)", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace_after (json, "\"sourceText\": {", "\"length\": ",
                                          "\"length\": -");
    g_autofree char *pos = position_of (bad, "\"length\": -", 10);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: negative numbers are not allowed (the format only has whole numbers "
      "from 0)", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace_after (json, "\"sourceText\": {", "\"length\": ",
                                          "\"length\": 18446744073709551617");
    g_autofree char *pos = position_of (bad, "18446744073709551617", 0);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: number is too large (the largest allowed is 9007199254740991)", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"#3584e4\"\n", "\"#3584e4\",\n");
    g_autofree char *pos = position_of (bad, "\"#3584e4\",", 9);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: trailing comma", pos);

    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }
  {
    g_autoptr(GString) deep = g_string_new (NULL);
    g_autofree char *bad = NULL;
    g_autofree char *pos = NULL;
    g_autofree char *msg = NULL;

    for (guint i = 0; i < 100000; i++)
      g_string_append_c (deep, '[');
    /* The root, "labels" and the label are 3 levels: the 30th "[" is the
     * 33rd level. */
    bad = replace (json, "\"A claim\"", deep->str);
    pos = position_of (bad, "[[[[", 29);
    msg = g_strdup_printf ("t.json:%s: nesting is deeper than 32 levels", pos);
    expect_refusal (bad, SHU_ERROR_PARSE, msg);
  }

  /* The version. */
  {
    g_autofree char *bad = replace (json, "\"formatVersion\": 1", "\"formatVersion\": 5");
    g_autofree char *pos = position_of (bad, "\"formatVersion\": 5", 17);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: format version 5 is not supported: this version of Shulayim reads "
      "versions 1 to 4 (the file was written by a newer Shulayim)", pos);

    expect_refusal (bad, SHU_ERROR_VERSION, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"formatVersion\": 1", "\"formatVersion\": \"1\"");
    g_autofree char *pos = position_of (bad, "\"formatVersion\": \"1\"", 17);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: member \"formatVersion\" must be a whole number, not a string", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"formatVersion\": 1,", "");

    expect_refusal (bad, SHU_ERROR_INVALID, "t.json:1:1: missing member \"formatVersion\"");
  }
  expect_refusal ("[]", SHU_ERROR_INVALID,
                  "t.json:1:1: a sidecar is a JSON object (an AnnotationCollection), "
                  "not an array");

  /* The collection. */
  {
    g_autofree char *bad = replace (json, "\"type\": \"AnnotationCollection\"",
                                    "\"type\": \"AnnotationPage\"");
    g_autofree char *pos = position_of (bad, "\"type\": \"AnnotationPage\"", 8);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: type must be \"AnnotationCollection\", not \"AnnotationPage\"", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace_after (json, "\"sourceText\": {", "\"sha256\": \"",
                                          "\"sha256\": \"X");
    g_autofree char *pos = position_of (bad, "\"sha256\": \"X", 10);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: \"sha256\" must be 64 lower-case hex digits", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"language\": \"he\"", "\"language\": \"hebrew!\"");
    g_autofree char *pos = position_of (bad, "\"language\": \"hebrew!\"", 12);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: language \"hebrew!\" is not a BCP 47 "
                                            "language tag (such as \"he\", \"ar\" or "
                                            "\"en-GB\")", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"encoding\": \"utf-8\"", "\"encoding\": \"latin-1\"");
    g_autofree char *pos = position_of (bad, "\"encoding\": \"latin-1\"", 12);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: encoding \"latin-1\" is not known", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"total\": 4", "\"total\": 5");
    g_autofree char *pos = position_of (bad, "\"total\": 5", 9);
    g_autofree char *msg = g_strdup_printf ("t.json:%s: total is 5 but there are 4 annotations",
                                            pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"created\": \"2024-05-01T12:30:15Z\"",
                                    "\"created\": \"2024-05-01 12:30\"");
    g_autofree char *pos = position_of (bad, "\"created\": \"2024-05-01 12:30\"", 11);
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: member \"created\" is not an ISO 8601 date and time with a time zone "
      "(like 2024-05-01T12:00:00Z): \"2024-05-01 12:30\"", pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }

  /* Labels. */
  {
    g_autofree char *bad = replace (json, "\"#3584e4\"", "\"blue\"");
    g_autofree char *msg = g_strdup_printf ("t.json:%s: label 2: color \"blue\" is not #rrggbb",
                                            label_pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"id\": \"quote\"", "\"id\": \"claim\"");
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: label 2: id \"claim\" is used by another label", label_pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"id\": \"quote\",\n", "");
    g_autofree char *msg = g_strdup_printf ("t.json:%s: label 2: missing member \"id\"",
                                            label_pos);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }

  /* Annotations. */
  {
    g_autofree char *bad = replace (json, "\"id\": \"" ANN3, "\"id\": \"" ANN1);
    /* Reported on the later of the two. */
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation %u: id \"" ANN1 "\" is used by another annotation",
      ann3_number > ann_number ? ann3_pos : ann_pos, MAX (ann_number, ann3_number));

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"value\": \"ציטוט \\\"מדויק\\\"\"",
                                    "\"value\": \"אין כזה\"");
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation %u: label \"אין כזה\" is not in the label set",
      ann_pos, ann_number);

    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    const char *hit = strstr (json, ANN1);
    const char *end = strstr (hit, "\"end\": ");
    g_autofree char *head = g_strndup (json, end - json);
    g_autofree char *bad = g_strconcat (head, "\"end\": 0", strchr (end, '\n'), NULL);
    g_autofree char *msg = NULL;
    const char *start = strstr (hit, "\"start\": ") + 9;

    msg = g_strdup_printf ("t.json:%s: annotation %u: start %u is not before end 0",
                           ann_pos, ann_number, (guint) atoi (start));
    expect_refusal (bad, SHU_ERROR_INVALID, msg);
  }
  {
    const char *hit = strstr (json, ANN1);
    const char *sel = strstr (hit, "\"selector\": [");
    /* Swap the order of the two ranges: they must be sorted. */
    const char *second = strstr (strstr (sel, "TextQuoteSelector"), "            {\n              \"type\": \"TextPositionSelector\"");
    g_autofree char *first_pair = g_strndup (sel + strlen ("\"selector\": [\n"),
                                             second - (sel + strlen ("\"selector\": [\n")));
    const char *end = strstr (second, "\n          ]");
    g_autofree char *second_pair = g_strndup (second, end - second);
    g_autofree char *swapped = NULL;
    g_autofree char *bad = NULL;
    g_autofree char *msg = NULL;

    g_assert_true (g_str_has_suffix (first_pair, "},\n"));
    first_pair[strlen (first_pair) - 2] = '\0';
    swapped = g_strdup_printf ("%.*s\"selector\": [\n%s,\n%s%s", (int) (sel - json), json,
                               second_pair, first_pair, end);
    bad = g_strdup (swapped);
    msg = g_strdup_printf ("t.json:%s: annotation %u: ranges ", ann_pos, ann_number);
    {
      g_autoptr(GBytes) bytes = g_bytes_new (bad, strlen (bad));
      g_autoptr(GError) error = NULL;
      g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

      g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, msg));
      g_assert_true (g_str_has_suffix (error->message, " overlap or are not in order"));
    }
  }
  {
    g_autofree char *bad = replace (json, "\"motivation\": \"tagging\"",
                                    "\"motivation\": \"bookmarking\"");
    g_autoptr(GBytes) bytes = g_bytes_new (bad, strlen (bad));
    g_autoptr(GError) error = NULL;
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_assert_true (g_str_has_suffix (error->message, ": motivation \"bookmarking\" is not one "
                                     "of \"highlighting\", \"tagging\" or \"commenting\""));
  }
  {
    g_autofree char *bad = replace (json, "\"source\": \"text.txt\"", "\"source\": \"other.txt\"");
    g_autoptr(GBytes) bytes = g_bytes_new (bad, strlen (bad));
    g_autoptr(GError) error = NULL;
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_assert_true (g_str_has_suffix (error->message, ": its target \"other.txt\" is not the "
                                     "sidecar's text \"text.txt\""));
  }
  {
    g_autofree char *bad = replace (json, "\"type\": \"TextQuoteSelector\"",
                                    "\"type\": \"XPathSelector\"");
    g_autoptr(GBytes) bytes = g_bytes_new (bad, strlen (bad));
    g_autoptr(GError) error = NULL;
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_assert_true (g_str_has_suffix (error->message, ": selector type \"XPathSelector\" is not "
                                     "supported (only TextPositionSelector and "
                                     "TextQuoteSelector)"));
  }
}

static void
test_too_large (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "big.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autofree char *expected = NULL;
  int fd;

  /* A sparse file: over the limit without using the disk or the memory. */
  fd = g_open (path, O_WRONLY | O_CREAT, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t) SHU_SIDECAR_MAX_BYTES + 1), ==, 0);
  close (fd);

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_null (sidecar);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE);
  expected = g_strdup_printf ("%s: the file is 268435457 bytes; sidecars are limited to "
                              "268435456 bytes (256 MiB)", path);
  g_assert_cmpstr (error->message, ==, expected);

  g_unlink (path);
  g_rmdir (dir);
}

/* --------------------------------------------------------- anchoring */

static void
expect_mismatch (const char *json,
                 ShuSource  *source,
                 const char *message)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);
  g_autoptr(ShuDocument) document = NULL;

  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_null (document);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_MISMATCH);
  g_assert_cmpstr (error->message, ==, message);

  /* The same when the annotations are freed as they are placed: the ones
   * before the bad one were, the rest are freed with the sidecar. */
  {
    g_autoptr(ShuSidecar) once = shu_sidecar_parse (bytes, "t.json", NULL);

    g_clear_error (&error);
    g_assert_null (shu_sidecar_anchor_once (once, source, NULL, &error));
    g_assert_error (error, SHU_ERROR, SHU_ERROR_MISMATCH);
    g_assert_cmpstr (error->message, ==, message);
  }
}

static void
test_mismatch (void)
{
  /* Letters with niqqud: "שָׁלוֹם" is 3 clusters of 7 code points. */
  g_autoptr(ShuSource) source = source_from ("שָׁלוֹם לכם", -1, SHU_ENCODING_UTF8);
  g_autoptr(ShuLabelSet) labels = make_labels ();
  g_autoptr(ShuDocument) document = shu_document_new (source, labels);
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *json = NULL;
  g_autofree char *pos = NULL;
  ShuRange range[] = { { 0, 7 } };

  add_annotation (document, ANN1, range, 1, NULL, NULL, NULL);
  bytes = shu_sidecar_serialize (document);
  json = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  {
    g_autofree char *p = position_of (json, "\"id\": \"" ANN1, 0);

    pos = g_strdup_printf ("%u:7", (guint) atoi (p) - 1);
  }

  {
    g_autofree char *bad = replace (json, "\"end\": 7", "\"end\": 99999");
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation 1: end 99999 is past the end of the text (11 code points)", pos);

    expect_mismatch (bad, source, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"start\": 0", "\"start\": 1");
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation 1: start 1 falls inside a character (a grapheme cluster such "
      "as a letter with its niqqud)", pos);

    expect_mismatch (bad, source, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"end\": 7", "\"end\": 5");
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation 1: end 5 falls inside a character (a grapheme cluster such "
      "as a letter with its niqqud)", pos);

    expect_mismatch (bad, source, msg);
  }
  {
    g_autofree char *bad = replace (json, "\"exact\": \"שָׁלוֹם\"", "\"exact\": \"שלום\"");
    g_autofree char *msg = g_strdup_printf (
      "t.json:%s: annotation 1: the quote \"שלום\" does not match the text at 0..7 "
      "(\"שָׁלוֹם\")", pos);

    expect_mismatch (bad, source, msg);
  }
}

static void
test_reanchor (void)
{
  g_autoptr(ShuSource) old_text = source_from ("אחד שניים שלושה. ארבע חמש שש. שבע שמונה", -1,
                                               SHU_ENCODING_UTF8);
  /* Words added at the start, "חמש" removed, "שבע" appears twice now. */
  g_autoptr(ShuSource) new_text = source_from ("הקדמה: שבע. אחד שניים שלושה. ארבע שש. "
                                               "שבע שמונה", -1, SHU_ENCODING_UTF8);
  g_autoptr(ShuLabelSet) labels = make_labels ();
  g_autoptr(ShuDocument) document = shu_document_new (old_text, labels);
  g_autoptr(ShuDocument) moved = NULL;
  g_autoptr(ShuDocument) again = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) report2 = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GBytes) saved2 = NULL;
  ShuAnnotationStore *store;
  ShuRange one[] = { { 4, 9 } };     /* שניים */
  ShuRange two[] = { { 22, 25 } };   /* חמש */
  ShuRange three[] = { { 30, 33 } }; /* שבע */
  ShuAnnotation *a;
  const ShuAnchorResult *r;

  add_annotation (document, "urn:uuid:a", one, 1, "claim", "ראשון", NULL);
  add_annotation (document, "urn:uuid:b", two, 1, NULL, "יימחק", NULL);
  add_annotation (document, "urn:uuid:c", three, 1, NULL, NULL, NULL);
  bytes = shu_sidecar_serialize (document);

  moved = reload (bytes, new_text, &report);
  store = shu_document_get_store (moved);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_cmpuint (report->len, ==, 3);

  a = shu_annotation_store_lookup (store, "urn:uuid:a");
  g_assert_cmpuint (shu_annotation_get_start (a), ==, 16);
  g_assert_cmpuint (shu_annotation_get_end (a), ==, 21);
  g_assert_cmpstr (shu_annotation_get_label_id (a), ==, "claim");
  a = shu_annotation_store_lookup (store, "urn:uuid:c");
  /* The occurrence whose context matches, not the first one. */
  g_assert_cmpuint (shu_annotation_get_start (a), ==, 38);

  for (guint i = 0; i < report->len; i++)
    {
      r = g_ptr_array_index (report, i);
      if (strcmp (r->id, "urn:uuid:a") == 0)
        {
          g_assert_cmpint (r->status, ==, SHU_ANCHOR_MOVED);
          g_assert_cmpuint (r->old_start, ==, 4);
          g_assert_cmpuint (r->new_start, ==, 16);
          g_assert_cmpstr (r->exact, ==, "שניים");
          g_assert_cmpfloat (r->confidence, >, 0.5);
        }
      else if (strcmp (r->id, "urn:uuid:b") == 0)
        {
          g_assert_cmpint (r->status, ==, SHU_ANCHOR_ORPHAN);
          g_assert_cmpstr (r->exact, ==, "חמש");
        }
      else
        {
          g_assert_cmpstr (r->id, ==, "urn:uuid:c");
          g_assert_cmpint (r->status, ==, SHU_ANCHOR_MOVED);
        }
    }

  /* The orphan is kept and written back, then stays an orphan. */
  g_assert_cmpuint (shu_document_get_orphans (moved)->len, ==, 1);
  r = g_ptr_array_index (shu_document_get_orphans (moved), 0);
  g_assert_cmpstr (r->id, ==, "urn:uuid:b");
  saved = shu_sidecar_serialize (moved);
  g_assert_nonnull (strstr (g_bytes_get_data (saved, NULL), "\"orphans\": [\n"));
  g_assert_nonnull (strstr (g_bytes_get_data (saved, NULL), "\"value\": \"יימחק\""));
  g_assert_nonnull (strstr (g_bytes_get_data (saved, NULL), "\"total\": 2,"));

  again = reload (saved, new_text, &report2);
  g_assert_cmpuint (report2->len, ==, 1);
  g_assert_cmpint (((ShuAnchorResult *) g_ptr_array_index (report2, 0))->status, ==,
                   SHU_ANCHOR_ORPHAN);
  g_assert_cmpuint (shu_document_get_orphans (again)->len, ==, 1);
  saved2 = shu_sidecar_serialize (again);
  assert_same_bytes (saved, saved2);

  /* Back on the old text, the orphan finds its place again. */
  {
    g_autoptr(ShuDocument) back = NULL;
    g_autoptr(GPtrArray) report3 = NULL;

    back = reload (saved, old_text, &report3);
    g_assert_cmpuint (shu_document_get_orphans (back)->len, ==, 0);
    a = shu_annotation_store_lookup (shu_document_get_store (back), "urn:uuid:b");
    g_assert_nonnull (a);
    g_assert_cmpuint (shu_annotation_get_start (a), ==, 22);
  }
}

static void
test_fuzzy (void)
{
  g_autoptr(ShuSource) old_text = source_from ("ראשית הדברים: הקומוניזם הסובייטי נחל כישלון "
                                               "חרוץ, ואין לכך ספק כלל ועיקר.", -1,
                                               SHU_ENCODING_UTF8);
  /* One letter of the quote changed, and text added before it. */
  g_autoptr(ShuSource) new_text = source_from ("הקדמה קצרה. ראשית הדברים: הקומוניזם הסובייטי "
                                               "נחל כשלון חרוץ, ואין לכך ספק כלל ועיקר.", -1,
                                               SHU_ENCODING_UTF8);
  g_autoptr(ShuLabelSet) labels = make_labels ();
  g_autoptr(ShuDocument) document = shu_document_new (old_text, labels);
  g_autoptr(ShuDocument) placed = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *now = NULL;
  const ShuAnchorResult *r;
  ShuAnnotation *a;
  ShuRange range[] = { { 33, 48 } };   /* "נחל כישלון חרוץ" */

  now = shu_source_dup_range (old_text, 33, 48);
  g_assert_cmpstr (now, ==, "נחל כישלון חרוץ");
  add_annotation (document, "urn:uuid:f", range, 1, "claim", NULL, NULL);
  bytes = shu_sidecar_serialize (document);

  placed = reload (bytes, new_text, &report);
  g_assert_cmpuint (report->len, ==, 1);
  r = g_ptr_array_index (report, 0);
  g_assert_cmpint (r->status, ==, SHU_ANCHOR_FUZZY);
  g_assert_cmpuint (r->new_start, ==, 45);
  g_assert_cmpuint (r->new_end, ==, 59);
  /* 1 edit over 15 code points. */
  g_assert_cmpfloat_with_epsilon (r->confidence, 1.0 - 1.0 / 15, 1e-9);
  a = shu_annotation_store_lookup (shu_document_get_store (placed), "urn:uuid:f");
  g_clear_pointer (&now, g_free);
  now = shu_source_dup_range (new_text, shu_annotation_get_start (a),
                              shu_annotation_get_end (a));
  g_assert_cmpstr (now, ==, "נחל כשלון חרוץ");
  g_assert_cmpuint (shu_document_get_orphans (placed)->len, ==, 0);
}

/* -------------------------------------------------------------- files */

static char *
read_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
test_save_symlink (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  g_autofree char *sub = g_build_filename (dir, "real", NULL);
  g_autofree char *real = g_build_filename (sub, "notes.json", NULL);
  g_autofree char *backup = g_strconcat (real, "~", NULL);
  g_autofree char *link = g_build_filename (dir, "link.json", NULL);
  g_autofree char *link2 = g_build_filename (dir, "link2.json", NULL);
  g_autofree char *content = NULL;
  g_autofree char *old = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (link2);
  g_autoptr(ShuSource) source = source_from ("טקסט לשמירה דרך קישור סמלי", -1,
                                             SHU_ENCODING_UTF8);
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GBytes) expected = shu_sidecar_serialize (document);
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir (sub, 0755), ==, 0);
  g_assert_true (g_file_set_contents (real, "old content\n", -1, NULL));
  g_assert_cmpint (chmod (real, 0600), ==, 0);
  /* A relative link to a link. */
  g_assert_cmpint (symlink ("real/notes.json", link), ==, 0);
  g_assert_cmpint (symlink ("link.json", link2), ==, 0);

  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  g_assert_true (shu_document_get_sidecar_file (document) == file);

  g_assert_cmpint (lstat (link2, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (link, &st), ==, 0);
  g_assert_true (S_ISLNK (st.st_mode));
  g_assert_cmpint (lstat (real, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  content = read_file (real);
  g_assert_cmpstr (content, ==, g_bytes_get_data (expected, NULL));
  old = read_file (backup);
  g_assert_cmpstr (old, ==, "old content\n");

  /* Saving again keeps the previous version as the backup. */
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_clear_pointer (&old, g_free);
  old = read_file (backup);
  g_assert_cmpstr (old, ==, g_bytes_get_data (expected, NULL));

  g_unlink (backup);
  g_unlink (real);
  g_unlink (link);
  g_unlink (link2);
  g_rmdir (sub);
  g_rmdir (dir);
}

/* A document whose sidecar is hundreds of KiB: many pieces to write. */
static ShuDocument *
make_large_document (ShuSource **source_out)
{
  GString *text = g_string_new (NULL);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = make_labels ();
  ShuDocument *document;

  for (guint i = 0; i < 2000; i++)
    g_string_append (text, "שורה של טקסט עם 😀 ומילים נוספות.\n");
  source = source_from (text->str, (gssize) text->len, SHU_ENCODING_UTF8);
  g_string_free (text, TRUE);
  document = shu_document_new (source, labels);
  for (guint i = 0; i < 3000; i++)
    {
      guint start = shu_source_boundary_ceil (source, i * 21);
      ShuRange range = { start, shu_source_boundary_ceil (source, start + 9) };
      g_autofree char *id = g_strdup_printf ("urn:uuid:00000000-0000-4000-8000-%012u", i);

      add_annotation (document, id, &range, 1, i % 2 ? "claim" : "quote",
                      i % 3 ? "הערה <b>&</b>" : NULL, "נועה");
    }
  fix_metadata (document);
  *source_out = g_steal_pointer (&source);
  return document;
}

static gboolean
has_temporaries (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    if (strstr (name, ".json.") != NULL || strstr (name, ".json~.") != NULL)
      return TRUE;
  return FALSE;
}

/* @path holds exactly @expected. */
static void
assert_file_bytes (const char *path,
                   GBytes     *expected)
{
  g_autoptr(GBytes) on_disk = NULL;
  char *contents;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  on_disk = g_bytes_new_take (contents, size);
  g_assert_true (g_bytes_equal (on_disk, expected));
}

/* Saving writes the sidecar into the file as it is serialised: the file
 * holds exactly the serialised bytes, the document's stamp is that of the
 * file, and each save keeps the previous version as the backup. */
static void
test_save_streamed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = make_large_document (&source);
  g_autoptr(GBytes) first = shu_sidecar_serialize (document);
  g_autoptr(GBytes) second = NULL;
  g_autoptr(ShuFileStamp) read_back = NULL;
  g_autoptr(ShuFileStamp) stamp = NULL;
  g_autoptr(GError) error = NULL;
  struct stat a, b;

  g_assert_cmpuint (g_bytes_get_size (first), >, 4 * 64 * 1024);
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  assert_file_bytes (path, first);
  read_back = shu_file_stamp_read (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_file_stamp_same_bytes (shu_document_get_sidecar_stamp (document),
                                            read_back));
  stamp = shu_file_stamp_copy (shu_document_get_sidecar_stamp (document));
  g_assert_cmpint (shu_file_stamp_check (stamp, file, NULL), ==, SHU_FILE_SAME);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));

  /* A change, saved: the backup is the first version, and a file of its
   * own (a later save does not write into it). */
  add_annotation (document, "urn:uuid:00000000-0000-4000-8000-999999999999",
                  &(ShuRange) { 0, 4 }, 1, "claim", "עוד אחת", NULL);
  second = shu_sidecar_serialize (document);
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  assert_file_bytes (backup, first);
  assert_file_bytes (path, second);
  g_assert_cmpint (stat (path, &a), ==, 0);
  g_assert_cmpint (stat (backup, &b), ==, 0);
  g_assert_true (a.st_ino != b.st_ino);
  g_assert_cmpuint (a.st_nlink, ==, 1);
  g_assert_cmpuint (b.st_nlink, ==, 1);
  g_assert_false (has_temporaries (dir));

  g_unlink (backup);
  g_unlink (path);
  g_rmdir (dir);
}

/* Where the file system has no hard links (FAT, exFAT, some network
 * shares), the backup is a copy of the previous version, written in
 * pieces. The "backup-copy" test runs this with tests/model/no-hard-links.c
 * preloaded, which makes link() fail as it does there; elsewhere it is
 * skipped. The save above, again: its previous version is four times the
 * copy's pieces, and its backup must come out whole, a file of its own,
 * with no temporary left. */
static void
test_backup_copy (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *probe = NULL;
  g_autofree char *other = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  struct stat a, b;

  if (g_getenv ("SHU_TEST_NO_HARD_LINKS") == NULL)
    {
      g_test_skip ("run by the backup-copy test, with no-hard-links preloaded");
      return;
    }

  /* The preload is in effect: a test that linked would not test the copy. */
  dir = g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  probe = g_build_filename (dir, "probe", NULL);
  other = g_build_filename (dir, "probe2", NULL);
  g_assert_true (g_file_set_contents (probe, "x", 1, NULL));
  errno = 0;
  g_assert_cmpint (link (probe, other), ==, -1);
  g_assert_cmpint (errno, ==, EPERM);
  g_unlink (probe);

  test_save_streamed ();

  /* The copy keeps the file's permissions. */
  path = g_build_filename (dir, "kept.json", NULL);
  file = g_file_new_for_path (path);
  document = make_large_document (&source);
  g_assert_true (g_file_set_contents (path, "the previous version\n", -1, NULL));
  g_assert_cmpint (g_chmod (path, 0600), ==, 0);
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  {
    g_autofree char *backup = g_strconcat (path, "~", NULL);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "the previous version\n");
    g_assert_cmpint (stat (path, &a), ==, 0);
    g_assert_cmpint (stat (backup, &b), ==, 0);
    g_assert_cmpint (a.st_mode & 0777, ==, 0600);
    g_assert_cmpint (b.st_mode & 0777, ==, 0600);
    g_assert_true (a.st_ino != b.st_ino);
    g_assert_false (has_temporaries (dir));
    g_unlink (backup);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* The disk fills up half-way through a save (a file size limit stands in
 * for it, so that it works as root and on any file system): the save says
 * so, the file is still the previous version, the older backup is still
 * the older version, and no temporary file is left behind. Then the same
 * save, with room, succeeds and keeps the previous version as the
 * backup. */
static void
test_save_disk_full (void)
{
  /* The folder is the parent's: the subprocess runs this function too. */
  g_autofree char *dir = g_test_subprocess ()
                         ? g_strdup (g_getenv ("SHU_TEST_DISK_FULL_DIR"))
                         : g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "large.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = make_large_document (&source);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  if (g_test_subprocess ())
    {
      struct rlimit limit = { 100 * 1024, 100 * 1024 };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (shu_sidecar_save (document, file, &error));
      g_assert_error (error, SHU_ERROR, SHU_ERROR_IO);
      g_assert_true (g_str_has_prefix (error->message, "Could not save “"));
      g_assert_nonnull (strstr (error->message, path));
      g_assert_true (shu_annotation_store_get_modified (shu_document_get_store (document)));
      g_assert_null (shu_document_get_sidecar_file (document));
      return;
    }

  g_assert_true (g_file_set_contents (path, "the previous version\n", -1, NULL));
  g_assert_true (g_file_set_contents (backup, "an older version\n", -1, NULL));
  g_setenv ("SHU_TEST_DISK_FULL_DIR", dir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the previous version\n");
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "an older version\n");
  g_assert_false (has_temporaries (dir));

  /* With room, the previous version becomes the backup, a file of its own. */
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (backup, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "the previous version\n");
  g_assert_false (has_temporaries (dir));

  g_unlink (backup);
  g_unlink (path);
  g_rmdir (dir);
}

/* A creator's name holding a control character is refused where it
 * stands, with the name shown escaped (the label's name likewise, as the
 * CLI test /cli/terminal-escapes checks). */
static void
test_name_controls (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "essay.he.txt.annotations.json", NULL);
  g_autofree char *json = read_file (path);
  char *changed = replace (json, "\"name\": \"נועה לוי\"",
                           "\"name\": \"נועה\\tלוי\\u001b[2J\"");
  g_autoptr(GBytes) bytes = g_bytes_new_take (changed, strlen (changed));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;

  sidecar = shu_sidecar_parse (bytes, "c.json", &error);
  g_assert_null (sidecar);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "c.json:"));
  g_assert_nonnull (strstr (error->message, "the creator's name “נועה\\x09לוי\\x1b[2J” holds "
                                            "the control character U+0009"));

  /* A comment's language is a BCP 47 tag too. */
  {
    char *bad = replace_after (json, "\"commenting\"", "\"language\": \"he\"",
                               "\"language\": \"עברית\"");
    g_autoptr(GBytes) bad_bytes = g_bytes_new_take (bad, strlen (bad));
    g_autoptr(ShuSidecar) refused = NULL;

    g_clear_error (&error);
    refused = shu_sidecar_parse (bad_bytes, "c.json", &error);
    g_assert_null (refused);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "language \"עברית\" is not a BCP 47 language tag"));
  }
}

static void
test_save_refusals (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  g_autofree char *folder = g_build_filename (dir, "a-folder.json", NULL);
  g_autofree char *fifo = g_build_filename (dir, "fifo.json", NULL);
  g_autofree char *loop = g_build_filename (dir, "loop.json", NULL);
  g_autofree char *text_path = g_build_filename (dir, "text.txt", NULL);
  g_autofree char *message = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) text_file = NULL;
  g_autoptr(ShuSource) source = source_from ("טקסט ארוך מספיק לבדיקה", -1, SHU_ENCODING_UTF8);
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  file = g_file_new_for_path (folder);
  g_assert_false (shu_sidecar_save (document, file, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_IO);
  message = g_strdup_printf ("Could not save “%s”: “%s” exists and is not a regular file; "
                             "refusing to overwrite it", folder, folder);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  g_clear_object (&file);
  g_clear_pointer (&message, g_free);

  g_assert_cmpint (mkfifo (fifo, 0644), ==, 0);
  file = g_file_new_for_path (fifo);
  g_assert_false (shu_sidecar_save (document, file, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_IO);
  g_assert_true (g_str_has_suffix (error->message, "exists and is not a regular file; "
                                   "refusing to overwrite it"));
  g_clear_error (&error);
  g_clear_object (&file);

  g_assert_cmpint (symlink ("loop.json", loop), ==, 0);
  file = g_file_new_for_path (loop);
  g_assert_false (shu_sidecar_save (document, file, &error));
  message = g_strdup_printf ("Could not save “%s”: too many levels of symbolic links", loop);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  g_clear_object (&file);
  g_clear_pointer (&message, g_free);

  /* Never over the text itself. */
  g_assert_true (g_file_set_contents (text_path, "טקסט", -1, NULL));
  text_file = g_file_new_for_path (text_path);
  {
    g_autoptr(ShuSource) from_file = shu_source_new_from_file (text_file, SHU_ENCODING_AUTO,
                                                               NULL, &error);
    g_autoptr(ShuDocument) doc = NULL;
    g_autofree char *content = NULL;

    g_assert_no_error (error);
    doc = shu_document_new (from_file, NULL);
    g_assert_false (shu_sidecar_save (doc, text_file, &error));
    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_clear_error (&error);
    content = read_file (text_path);
    g_assert_cmpstr (content, ==, "טקסט");
  }

  /* Nothing was written anywhere. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      n++;
    g_assert_cmpuint (n, ==, 4);
  }

  g_unlink (text_path);
  g_unlink (loop);
  g_unlink (fifo);
  g_rmdir (folder);
  g_rmdir (dir);
}

static void
test_load_source (void)
{
  static const struct { const char *name; const char *why; } bad[] = {
    { "../essay.he.txt", "it contains a folder separator" },
    { "/etc/passwd", "it contains a folder separator" },
    { "sub\\\\x.txt", "it contains a folder separator" },
    { "..", "it names a folder" },
    { "file:essay.txt", "it is a URI" },
  };
  g_autofree char *dir = g_dir_make_tmp ("shu-sidecar-XXXXXX", NULL);
  g_autofree char *text_path = g_build_filename (dir, "text.txt", NULL);
  g_autofree char *json_path = g_build_filename (dir, "text.txt.annotations.json", NULL);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  g_assert_true (g_file_set_contents (text_path, "טקסט קצר", -1, NULL));
  source = shu_source_new_from_file (text_file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  document = shu_document_new (source, NULL);
  g_assert_cmpstr (shu_document_get_source_name (document), ==, "text.txt");
  g_assert_cmpstr (shu_document_get_title (document), ==, "text.txt");

  {
    g_autoptr(GFile) def = shu_sidecar_default_file (text_file);

    g_assert_true (g_file_equal (def, json_file));
  }
  g_assert_true (shu_sidecar_save (document, json_file, &error));
  g_assert_no_error (error);

  {
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (json_file, NULL, &error);
    g_autoptr(ShuSource) found = NULL;

    g_assert_no_error (error);
    found = shu_sidecar_load_source (sidecar, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (shu_source_get_sha256 (found), ==, shu_source_get_sha256 (source));
  }

  json = read_file (json_path);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name_json = g_strdup_printf ("\"name\": \"%s\"", bad[i].name);
      g_autofree char *changed = replace (json, "\"name\": \"text.txt\"", name_json);
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(ShuSource) found = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *unescaped = g_strcompress (bad[i].name);

      g_assert_true (g_file_set_contents (json_path, changed, -1, NULL));
      sidecar = shu_sidecar_load (json_file, NULL, &error);
      g_assert_no_error (error);
      found = shu_sidecar_load_source (sidecar, NULL, &error);
      g_assert_null (found);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
      expected = g_strdup_printf ("%s: the text's name \"%s\" is refused: %s (only a file "
                                  "name in the sidecar's folder is allowed)", json_path,
                                  unescaped, bad[i].why);
      g_assert_cmpstr (error->message, ==, expected);
      g_clear_error (&error);
    }

  /* A link beside the sidecar to a file outside its folder is refused
   * before anything is read; a link to a file inside it is followed. */
  {
    g_autofree char *outside_dir = g_dir_make_tmp ("shu-outside-XXXXXX", NULL);
    g_autofree char *outside = g_build_filename (outside_dir, "secret.txt", NULL);
    g_autofree char *link = g_build_filename (dir, "link.txt", NULL);
    g_autofree char *changed = replace (json, "\"name\": \"text.txt\"", "\"name\": \"link.txt\"");
    g_autofree char *expected = NULL;
    g_autoptr(ShuSidecar) sidecar = NULL;
    g_autoptr(ShuSource) found = NULL;
    g_autoptr(ShuSidecar) inside = NULL;
    g_autoptr(ShuSource) followed = NULL;

    g_assert_true (g_file_set_contents (outside, "טקסט קצר", -1, NULL));
    g_assert_cmpint (symlink (outside, link), ==, 0);
    g_assert_true (g_file_set_contents (json_path, changed, -1, NULL));
    sidecar = shu_sidecar_load (json_file, NULL, &error);
    g_assert_no_error (error);
    found = shu_sidecar_load_source (sidecar, NULL, &error);
    g_assert_null (found);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    {
      g_autofree char *real = realpath (outside, NULL);

      expected = g_strdup_printf ("%s: its text \"link.txt\" is refused: it is a link to "
                                  "“%s”, outside the sidecar's folder", json_path, real);
    }
    g_assert_cmpstr (error->message, ==, expected);
    g_clear_error (&error);

    g_unlink (link);
    g_assert_cmpint (symlink ("text.txt", link), ==, 0);
    inside = shu_sidecar_load (json_file, NULL, &error);
    g_assert_no_error (error);
    followed = shu_sidecar_load_source (inside, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (shu_source_get_sha256 (followed), ==, shu_source_get_sha256 (source));

    g_unlink (link);
    g_unlink (outside);
    g_rmdir (outside_dir);
  }

  /* A missing text is "not found". */
  {
    g_autofree char *changed = replace (json, "\"name\": \"text.txt\"", "\"name\": \"gone.txt\"");
    g_autoptr(ShuSidecar) sidecar = NULL;
    g_autoptr(ShuSource) found = NULL;

    g_assert_true (g_file_set_contents (json_path, changed, -1, NULL));
    sidecar = shu_sidecar_load (json_file, NULL, &error);
    g_assert_no_error (error);
    found = shu_sidecar_load_source (sidecar, NULL, &error);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  {
    g_autofree char *backup = g_strconcat (json_path, "~", NULL);

    g_unlink (backup);
  }
  g_unlink (json_path);
  g_unlink (text_path);
  g_rmdir (dir);
}

static void
test_modified (void)
{
  g_autoptr(ShuSource) source = source_from ("אבג דהו זחט יכל מנס עפצ", -1, SHU_ENCODING_UTF8);
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GBytes) a = shu_sidecar_serialize (document);
  g_autoptr(GBytes) b = shu_sidecar_serialize (document);
  g_autoptr(GDateTime) before = g_date_time_ref (shu_document_get_modified (document));
  ShuRange range[] = { { 0, 3 } };

  assert_same_bytes (a, b);
  g_assert_cmpint (g_date_time_get_year (before), ==, 2024);
  add_annotation (document, "urn:uuid:new", range, 1, NULL, NULL, NULL);
  g_assert_cmpint (g_date_time_compare (shu_document_get_modified (document), before), >, 0);
  g_assert_cmpint (g_date_time_get_utc_offset (shu_document_get_modified (document)), ==, 0);
}

static void
test_detect_language (void)
{
  const char *language, *direction;

  shu_detect_language ("123 ... שלום עולם world", strlen ("123 ... שלום עולם world"),
                       &language, &direction);
  g_assert_cmpstr (direction, ==, "rtl");
  g_assert_cmpstr (language, ==, "he");
  shu_detect_language ("Hello שלום עולם", strlen ("Hello שלום עולם"), &language, &direction);
  g_assert_cmpstr (direction, ==, "ltr");
  g_assert_cmpstr (language, ==, "he");
  shu_detect_language ("مرحبا", strlen ("مرحبا"), &language, &direction);
  g_assert_cmpstr (direction, ==, "rtl");
  g_assert_cmpstr (language, ==, "ar");
  shu_detect_language ("", 0, &language, &direction);
  g_assert_cmpstr (language, ==, "und");

  /* Large texts are sampled: the majority still decides, and the
   * direction is still the first letter's, however far it is. */
  {
    g_autoptr(GString) text = g_string_new (NULL);

    for (guint i = 0; i < 40000; i++)
      g_string_append (text, i % 4 == 0 ? "abc " : "אבג ");
    shu_detect_language (text->str, text->len, &language, &direction);
    g_assert_cmpstr (language, ==, "he");
    g_assert_cmpstr (direction, ==, "ltr");

    g_string_truncate (text, 0);
    g_string_append_len (text, "... ", 4);
    for (guint i = 0; i < 200000; i++)
      g_string_append (text, " 1");
    g_string_append (text, " עולם");
    for (guint i = 0; i < 100000; i++)
      g_string_append (text, i % 3 == 0 ? "مرحبا " : "abc ");
    shu_detect_language (text->str, text->len, &language, &direction);
    g_assert_cmpstr (direction, ==, "rtl");
    g_assert_cmpstr (language, ==, "und");
  }
}

/* The sample sidecar shipped for the essay. */
static void
test_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "essay.he.txt.annotations.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *original = NULL;
  gsize size;

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shu_sidecar_get_n_annotations (sidecar), >=, 20);
  g_assert_cmpstr (shu_sidecar_get_source_name (sidecar), ==, "essay.he.txt");
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document))),
                    ==, shu_sidecar_get_n_annotations (sidecar));

  g_assert_true (g_file_get_contents (path, &original, &size, NULL));
  bytes = shu_sidecar_serialize (document);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, size);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, original);
}

/* Dates as the files write them: four-digit years even before 1000, in
 * UTC whatever the zone given, seconds without their fraction. */
static void
test_format_date (void)
{
  g_autoptr(GTimeZone) plus3 = g_time_zone_new_offset (3 * 3600);
  struct
  {
    GDateTime  *date;
    const char *expected;
  } cases[] = {
    { g_date_time_new_utc (2024, 5, 1, 12, 0, 0), "2024-05-01T12:00:00Z" },
    { g_date_time_new_utc (5, 1, 2, 3, 4, 5.75), "0005-01-02T03:04:05Z" },
    { g_date_time_new_utc (9999, 12, 31, 23, 59, 59), "9999-12-31T23:59:59Z" },
    { g_date_time_new (plus3, 2024, 1, 1, 1, 30, 9), "2023-12-31T22:30:09Z" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = shu_format_date (cases[i].date);
      char buf[SHU_DATE_SIZE];

      shu_format_date_into (cases[i].date, buf);
      g_assert_cmpstr (text, ==, cases[i].expected);
      g_assert_cmpstr (buf, ==, cases[i].expected);
      g_date_time_unref (cases[i].date);
    }
}

/* A sidecar anchored once, as a load does, cannot be anchored again: its
 * parsed annotations are gone. */
static void
test_anchor_once_refuses_again (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(ShuSource) source = source_from ("אבג דהו זחט", -1, SHU_ENCODING_UTF8);
      g_autoptr(ShuLabelSet) labels = make_labels ();
      g_autoptr(ShuDocument) document = shu_document_new (source, labels);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(ShuDocument) first = NULL;
      ShuRange range[] = { { 4, 7 } };

      add_annotation (document, ANN1, range, 1, "claim", NULL, NULL);
      bytes = shu_sidecar_serialize (document);
      sidecar = shu_sidecar_parse (bytes, "t.json", NULL);
      first = shu_sidecar_anchor_once (sidecar, source, NULL, NULL);
      g_assert_nonnull (first);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (first))),
                        ==, 1);
      /* A programming error: refused with a critical, no document. */
      g_assert_null (shu_sidecar_anchor (sidecar, source, NULL, NULL));
      return;
    }
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*assertion*!self->consumed*failed*");
}

/* A scheme's declarations travel with the label set: a label says which
 * attributes its annotations carry (binary, or one of a closed set) and
 * which relations they start; the file says so (version 3, as documented)
 * and reads back the same. A version 1 file has none. */
static void
test_label_declarations (void)
{
  g_autoptr(ShuSource) source = source_from ("אברהם ושרה הלכו לחרן.", -1, SHU_ENCODING_UTF8);
  g_autoptr(ShuLabelSet) labels = make_labels ();
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_attribute_decl_unref);
  const char * const values[] = { "ודאי", "סביר", "מוטל בספק", NULL };
  const char * const relation_types[] = { "תומכת ב", "סותרת את", NULL };
  g_autoptr(ShuLabel) declared = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuDocument) again = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bytes_again = NULL;
  ShuLabel *read;
  ShuAttributeDecl *decl;
  const char *text;

  g_ptr_array_add (attributes, shu_attribute_decl_new ("שלילה", NULL));
  g_ptr_array_add (attributes, shu_attribute_decl_new ("ודאות", values));
  declared = shu_label_with_declarations (shu_label_set_lookup (labels, "claim"), attributes,
                                          relation_types);
  g_assert_true (shu_label_set_replace (labels, declared));
  document = shu_document_new (source, labels);
  fix_metadata (document);

  bytes = shu_sidecar_serialize (document);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (text, "\"formatVersion\": 3"));
  g_assert_nonnull (strstr (text, "\"shortcut\": \"1\",\n"
                            "      \"shu:attributes\": [\n"
                            "        {\n"
                            "          \"name\": \"שלילה\"\n"
                            "        },\n"
                            "        {\n"
                            "          \"name\": \"ודאות\",\n"
                            "          \"values\": [\n"
                            "            \"ודאי\",\n"));
  g_assert_nonnull (strstr (text, "\"shu:relationTypes\": [\n"
                            "        \"תומכת ב\",\n"
                            "        \"סותרת את\"\n"
                            "      ]"));

  again = reload (bytes, source, NULL);
  read = shu_label_set_lookup (shu_annotation_store_get_labels (shu_document_get_store (again)),
                               "claim");
  g_assert_true (shu_label_equal (read, declared));
  g_assert_null (shu_attribute_decl_get_values (shu_label_lookup_attribute (read, "שלילה")));
  decl = shu_label_lookup_attribute (read, "ודאות");
  g_assert_cmpstr (shu_attribute_decl_get_values (decl)[2], ==, "מוטל בספק");
  g_assert_cmpstr (shu_label_get_relation_types (read)[1], ==, "סותרת את");
  g_assert_cmpuint (shu_label_get_attributes (shu_label_set_lookup (
    shu_annotation_store_get_labels (shu_document_get_store (again)), "quote"))->len, ==, 0);
  bytes_again = shu_sidecar_serialize (again);
  g_assert_true (g_bytes_equal (bytes, bytes_again));

  /* Editing the label (a new name) keeps what it declares. */
  {
    g_autoptr(ShuLabel) renamed = shu_label_edited (read, "טענה מרכזית", "#e01b24", NULL, 0);

    g_assert_cmpstr (shu_label_get_relation_types (renamed)[0], ==, "תומכת ב");
    g_assert_nonnull (shu_label_lookup_attribute (renamed, "ודאות"));
  }

  /* How a relation type is made and the label's roles as an event type
   * (brat's annotation.conf) come with version 4, and read back the same. */
  {
    g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (
      (GDestroyNotify) shu_role_decl_unref);
    g_autoptr(GPtrArray) decls = g_ptr_array_new_with_free_func (
      (GDestroyNotify) shu_relation_decl_unref);
    g_autoptr(GPtrArray) event_roles = g_ptr_array_new_with_free_func (
      (GDestroyNotify) shu_role_decl_unref);
    const char * const claims[] = { "claim", NULL };
    const char * const quotes[] = { "quote", NULL };
    const char * const symmetric[] = { "<REL-TYPE>:symmetric-transitive", NULL };
    g_autoptr(ShuLabel) with_roles = NULL;
    g_autoptr(ShuDocument) third = NULL;
    g_autoptr(GBytes) v4 = NULL;
    g_autoptr(GBytes) v4_again = NULL;
    ShuLabel *read4;
    ShuRelationDecl *supports;

    g_ptr_array_add (roles, shu_role_decl_new ("טוענת", NULL, claims));
    g_ptr_array_add (roles, shu_role_decl_new ("נתמכת", NULL, quotes));
    g_ptr_array_add (decls, shu_relation_decl_new ("תומכת ב", roles, symmetric));
    g_ptr_array_add (event_roles, shu_role_decl_new ("מקור", "?", quotes));
    with_roles = shu_label_with_roles (declared, decls, event_roles);
    g_assert_true (shu_label_set_replace (labels, with_roles));
    v4 = shu_sidecar_serialize (document);
    text = g_bytes_get_data (v4, NULL);
    g_assert_nonnull (strstr (text, "\"formatVersion\": 4"));
    g_assert_nonnull (strstr (text, "\"shu:relationRoles\": [\n"
                              "        {\n"
                              "          \"type\": \"תומכת ב\",\n"
                              "          \"roles\": [\n"
                              "            {\n"
                              "              \"role\": \"טוענת\",\n"
                              "              \"labels\": [\n"
                              "                \"claim\"\n"));
    g_assert_nonnull (strstr (text, "\"properties\": [\n"
                              "            \"<REL-TYPE>:symmetric-transitive\"\n"));
    g_assert_nonnull (strstr (text, "\"shu:eventRoles\": [\n"
                              "        {\n"
                              "          \"role\": \"מקור\",\n"
                              "          \"repeat\": \"?\",\n"));
    third = reload (v4, source, NULL);
    read4 = shu_label_set_lookup (shu_annotation_store_get_labels (
                                    shu_document_get_store (third)), "claim");
    g_assert_true (shu_label_equal (read4, with_roles));
    supports = shu_label_lookup_relation_decl (read4, "תומכת ב");
    g_assert_cmpstr (shu_role_decl_get_role (g_ptr_array_index (
                       shu_relation_decl_get_roles (supports), 1)), ==, "נתמכת");
    g_assert_cmpstr (shu_role_decl_get_repeat (g_ptr_array_index (
                       shu_label_get_event_roles (read4), 0)), ==, "?");
    v4_again = shu_sidecar_serialize (third);
    g_assert_true (g_bytes_equal (v4, v4_again));

    /* Editing the label keeps them; dropping the type drops its roles. */
    {
      g_autoptr(ShuLabel) renamed = shu_label_edited (read4, "טענה", "#e01b24", NULL, 0);
      g_autoptr(ShuLabel) fewer = shu_label_with_declarations (
        read4, NULL, shu_label_get_relation_types (read4));
      const char * const none[] = { NULL };
      g_autoptr(ShuLabel) untyped = shu_label_with_declarations (read4, NULL, none);

      g_assert_nonnull (shu_label_lookup_relation_decl (renamed, "תומכת ב"));
      g_assert_nonnull (shu_label_get_event_roles (renamed));
      g_assert_nonnull (shu_label_lookup_relation_decl (fewer, "תומכת ב"));
      g_assert_null (shu_label_lookup_relation_decl (untyped, "תומכת ב"));
    }
  }
}

/* Declarations that cannot be used are refused with a reason. */
static void
test_label_declarations_refused (void)
{
  static const struct { const char *member; const char *message; } cases[] = {
    { "\"shu:attributes\": [\"שלילה\"]", "must be a list of objects" },
    { "\"shu:attributes\": [{\"name\": \"a\"}, {\"name\": \"a\"}]", "declared twice" },
    { "\"shu:attributes\": [{\"name\": \"a\", \"values\": [\"x\", \"x\"]}]",
      "names \"x\" twice" },
    { "\"shu:attributes\": [{\"name\": \"a\", \"values\": [1]}]", "list of names" },
    { "\"shu:relationTypes\": \"Part-of\"", "shu:relationTypes" },
    { "\"shu:relationTypes\": [\"\"]", "list of names" },
    { "\"shu:relationRoles\": [\"Part-of\"]", "must be a list of objects" },
    { "\"shu:relationRoles\": [{\"type\": \"P\"}]", "\"roles\"" },
    { "\"shu:relationRoles\": [{\"type\": \"\", \"roles\": []}]",
      "must not be empty" },
    { "\"shu:eventRoles\": [{\"role\": \"\"}]", "must not be empty" },
    { "\"shu:eventRoles\": [{\"role\": \"A\", \"labels\": [\"c\", \"c\"]}]",
      "names \"c\" twice" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf (
        "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"formatVersion\": 3,"
        " \"type\": \"AnnotationCollection\", \"id\": \"urn:uuid:1\","
        " \"created\": \"2024-05-01T12:00:00Z\", \"modified\": \"2024-05-01T12:00:00Z\","
        " \"sourceText\": {\"name\": \"t.txt\", \"sha256\": \"%064d\", \"length\": 1,"
        " \"encoding\": \"utf-8\"},"
        " \"labels\": [{\"id\": \"c\", \"name\": \"C\", \"color\": \"#e01b24\", %s}],"
        " \"total\": 0, \"first\": {\"type\": \"AnnotationPage\", \"items\": []}}",
        0, cases[i].member);
      g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
      g_autoptr(GError) error = NULL;
      g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "t.json", &error);

      g_assert_null (sidecar);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: \"%s\" lacks \"%s\"", i, error->message, cases[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  shu_test_use_private_tmp ();
  /* No G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks its strings, which fails
   * the sanitizer build; the tests write only in their own temporary folders. */
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *name = g_strdup_printf ("/sidecar/roundtrip/%s", texts[i].name);

      g_test_add_data_func (name, &texts[i], test_roundtrip);
    }
  g_test_add_func ("/sidecar/layout", test_layout);
  g_test_add_func ("/sidecar/label-declarations", test_label_declarations);
  g_test_add_func ("/sidecar/label-declarations-refused", test_label_declarations_refused);
  g_test_add_func ("/sidecar/format-date", test_format_date);
  g_test_add_func ("/sidecar/anchor-once-refuses-again", test_anchor_once_refuses_again);
  g_test_add_func ("/sidecar/refusals", test_refusals);
  g_test_add_func ("/sidecar/refusal-order", test_refusal_order);
  g_test_add_func ("/sidecar/too-large", test_too_large);
  g_test_add_func ("/sidecar/mismatch", test_mismatch);
  g_test_add_func ("/sidecar/reanchor", test_reanchor);
  g_test_add_func ("/sidecar/fuzzy", test_fuzzy);
  g_test_add_func ("/sidecar/save-symlink", test_save_symlink);
  g_test_add_func ("/sidecar/save-refusals", test_save_refusals);
  g_test_add_func ("/sidecar/name-controls", test_name_controls);
  g_test_add_func ("/sidecar/save-streamed", test_save_streamed);
  g_test_add_func ("/sidecar/save-disk-full", test_save_disk_full);
  g_test_add_func ("/sidecar/backup-copy", test_backup_copy);
  g_test_add_func ("/sidecar/load-source", test_load_source);
  g_test_add_func ("/sidecar/modified", test_modified);
  g_test_add_func ("/sidecar/detect-language", test_detect_language);
  g_test_add_func ("/sidecar/sample", test_sample);

  return g_test_run ();
}
