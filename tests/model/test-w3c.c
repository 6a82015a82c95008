/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-error.h"
#include "shu-sidecar.h"
#include "shu-w3c.h"
#include "shu-test-utils.h"

static void
test_export_shape (void)
{
  g_autoptr(ShuDocument) document = shu_test_load_sample ();
  g_autoptr(GBytes) bytes = shu_w3c_export (document);
  g_autoptr(GBytes) again = shu_w3c_export (document);
  g_autofree char *iri = shu_w3c_source_iri (shu_document_get_source (document));
  g_autofree char *target = g_strdup_printf ("\"source\": \"%s\"", iri);
  const char *json = g_bytes_get_data (bytes, NULL);
  guint n_contexts = 0;

  g_assert_true (g_bytes_equal (bytes, again));
  g_assert_true (g_str_has_prefix (iri, "urn:sha256:"));
  g_assert_cmpuint (strlen (iri), ==, strlen ("urn:sha256:") + 64);
  g_assert_nonnull (strstr (json, target));
  g_assert_null (strstr (json, "\"source\": \"essay.he.txt\""));
  g_assert_null (strstr (json, "shu:"));
  for (const char *p = json; (p = strstr (p, "\"@context\": ")) != NULL; p++)
    n_contexts++;
  /* The collection's and one per annotation. */
  g_assert_cmpuint (n_contexts, ==,
                    1 + g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document))));
}

/* The export passes the W3C annotation model's MUST assertions, every
 * annotation of the sample. */
static void
test_check_w3c (void)
{
  g_autoptr(ShuDocument) document = shu_test_load_sample ();
  g_autoptr(GBytes) bytes = shu_w3c_export (document);
  g_autofree char *check = shu_test_find_check_w3c ();
  g_autofree char *out = NULL;
  g_autofree char *expected = NULL;
  gboolean exit_ok;
  guint n;

  if (check == NULL)
    return;

  out = shu_test_run_check_w3c (check, bytes, &exit_ok);
  n = g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
  expected = g_strdup_printf ("%u passed, 0 failed\n", n);
  g_assert_cmpstr (out, ==, expected);
  g_assert_true (exit_ok);
}

static void
assert_same_annotations (ShuDocument *a,
                         ShuDocument *b)
{
  GListModel *ma = G_LIST_MODEL (shu_document_get_store (a));
  GListModel *mb = G_LIST_MODEL (shu_document_get_store (b));

  g_assert_cmpuint (g_list_model_get_n_items (ma), ==, g_list_model_get_n_items (mb));
  for (guint i = 0; i < g_list_model_get_n_items (ma); i++)
    {
      g_autoptr(ShuAnnotation) x = g_list_model_get_item (ma, i);
      g_autoptr(ShuAnnotation) y = g_list_model_get_item (mb, i);

      g_assert_true (shu_annotation_equal (x, y));
    }
}

static void
test_import_roundtrip (void)
{
  g_autoptr(ShuDocument) document = shu_test_load_sample ();
  g_autoptr(GBytes) bytes = shu_w3c_export (document);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(ShuDocument) imported = NULL;
  g_autoptr(ShuLabelSet) fresh = NULL;
  g_autoptr(ShuDocument) relabelled = NULL;
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  ShuSource *source = shu_document_get_source (document);
  g_autoptr(GBytes) a = NULL;
  g_autoptr(GBytes) b = NULL;

  /* With the same labels, nothing is lost: the same annotations, and the
   * same sidecar once the collection's metadata is the same. */
  imported = shu_w3c_import (bytes, "export.json", source, labels, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 0);
  assert_same_annotations (document, imported);
  g_assert_cmpstr (shu_document_get_title (imported), ==, shu_document_get_title (document));
  shu_document_set_source_name (imported, shu_document_get_source_name (document));
  shu_document_restore_metadata (imported, shu_document_get_id (document), NULL, NULL, NULL,
                                 shu_document_get_created (document),
                                 shu_document_get_modified (document));
  a = shu_sidecar_serialize (document);
  b = shu_sidecar_serialize (imported);
  g_assert_true (g_bytes_equal (a, b));

  /* Without labels, the tagging values become labels with the same names. */
  relabelled = shu_w3c_import (bytes, "export.json", source, NULL, NULL, &error);
  g_assert_no_error (error);
  fresh = g_object_ref (shu_annotation_store_get_labels (shu_document_get_store (relabelled)));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fresh)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (fresh), i);

      g_assert_nonnull (shu_label_set_lookup_name (labels, shu_label_get_name (label)));
      g_assert_true (shu_label_color_is_valid (shu_label_get_color (label)));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (labels)));
}

static const char *single =
  "{\n"
  "  \"@context\": \"http://www.w3.org/ns/anno.jsonld\",\n"
  "  \"id\": \"http://example.org/anno/1\",\n"
  "  \"type\": \"Annotation\",\n"
  "  \"creator\": \"http://example.org/people/dana\",\n"
  "  \"body\": {\"type\": \"TextualBody\", \"purpose\": \"tagging\", \"value\": \"שם\"},\n"
  "  \"target\": {\n"
  "    \"source\": \"http://example.org/text\",\n"
  "    \"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"דהו\"}\n"
  "  }\n"
  "}\n";

static void
test_import_forms (void)
{
  g_autoptr(GBytes) data = g_bytes_new_static ("אבג דהו זחט דהו", strlen ("אבג דהו זחט דהו"));
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (data, SHU_ENCODING_UTF8, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *with_position = NULL;
  g_autofree char *array = NULL;
  g_autofree char *page = NULL;
  const char *forms[3];

  /* A quote selector alone (issue 22) is placed by its quote, the first
   * "דהו", exactly; the creator given as a bare IRI is kept. */
  {
    static const ShuImportOptions strict = { SHU_IMPORT_STRICT, SHU_OFFSETS_CODEPOINTS };
    g_autoptr(GBytes) bytes = g_bytes_new_static (single, strlen (single));
    g_autoptr(GPtrArray) report = NULL;
    g_autoptr(ShuDocument) document = shu_w3c_import_full (bytes, "one.json", source, NULL,
                                                           &strict, &report, NULL, NULL,
                                                           &error);
    g_autoptr(ShuAnnotation) annotation = NULL;

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document))),
                      ==, 1);
    annotation = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (document)), 0);
    g_assert_cmpuint (shu_annotation_get_start (annotation), ==, 4);
    g_assert_cmpuint (shu_annotation_get_end (annotation), ==, 7);
    g_assert_cmpuint (report->len, ==, 0);
  }

  {
    g_auto(GStrv) parts = g_strsplit (single, "\"selector\": {\"type\": \"TextQuoteSelector\", "
                                      "\"exact\": \"דהו\"}", 2);

    with_position = g_strconcat (parts[0], "\"selector\": [{\"type\": \"TextPositionSelector\", "
                                 "\"start\": 0, \"end\": 3}, {\"type\": "
                                 "\"TextQuoteSelector\", \"exact\": \"דהו\", \"prefix\": "
                                 "\"זחט \"}]", parts[1], NULL);
  }
  array = g_strdup_printf ("[%s]", with_position);
  page = g_strdup_printf ("{\"type\": \"AnnotationPage\", \"items\": [%s]}", with_position);
  forms[0] = with_position;
  forms[1] = array;
  forms[2] = page;

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (forms[i], strlen (forms[i]));
      g_autoptr(GPtrArray) report = NULL;
      g_autoptr(ShuDocument) document = shu_w3c_import (bytes, "in.json", source, NULL,
                                                        &report, &error);
      g_autoptr(ShuAnnotation) annotation = NULL;
      ShuAnnotationStore *store;
      ShuLabel *label;
      const ShuAnchorResult *r;

      g_assert_no_error (error);
      store = shu_document_get_store (document);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
      annotation = g_list_model_get_item (G_LIST_MODEL (store), 0);
      /* Offsets 0..3 hold "אבג": the quote with its prefix wins: the
       * second "דהו", after "זחט ". */
      g_assert_cmpuint (shu_annotation_get_start (annotation), ==, 12);
      g_assert_cmpstr (shu_annotation_get_creator (annotation), ==,
                       "http://example.org/people/dana");
      g_assert_cmpstr (shu_annotation_get_id (annotation), ==, "http://example.org/anno/1");
      label = shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                    shu_annotation_get_label_id (annotation));
      g_assert_cmpstr (shu_label_get_name (label), ==, "שם");
      g_assert_cmpuint (report->len, ==, 1);
      r = g_ptr_array_index (report, 0);
      g_assert_cmpint (r->status, ==, SHU_ANCHOR_MOVED);
      g_assert_cmpuint (r->old_start, ==, 0);
      g_assert_cmpuint (r->new_start, ==, 12);
    }

  /* Errors point into the file. */
  {
    const char *bad = "[\n  {\"type\": \"Annotation\", \"target\": 5}\n]";
    g_autoptr(GBytes) bytes = g_bytes_new_static (bad, strlen (bad));
    static const ShuImportOptions strict = { SHU_IMPORT_STRICT, SHU_OFFSETS_CODEPOINTS };
    g_autoptr(ShuDocument) document = shu_w3c_import_full (bytes, "bad.json", source, NULL,
                                                           &strict, NULL, NULL, NULL, &error);

    g_assert_null (document);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_assert_cmpstr (error->message, ==,
                     "bad.json:2:3: annotation 1: member \"target\" must be an object, "
                     "not a number");
    g_clear_error (&error);
  }
  {
    const char *bad = "{\"type\": \"Annotation\", \"target\": {}, \"target\": {}}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (bad, strlen (bad));
    g_autoptr(ShuDocument) document = shu_w3c_import (bytes, "dup.json", source, NULL, NULL,
                                                      &error);

    g_assert_null (document);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
    g_assert_cmpstr (error->message, ==, "dup.json:1:38: duplicate key \"target\" in an object");
    g_clear_error (&error);
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

  g_test_add_func ("/w3c/export-shape", test_export_shape);
  g_test_add_func ("/w3c/check-w3c", test_check_w3c);
  g_test_add_func ("/w3c/import-roundtrip", test_import_roundtrip);
  g_test_add_func ("/w3c/import-forms", test_import_forms);

  return g_test_run ();
}
