/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "shu-document-status.h"
#include "shu-test-utils.h"

/* What the window's title bar says about the text a researcher has open,
 * and what it tells after re-anchoring, without a display. The home and
 * data folders are fresh ones (G_TEST_OPTION_ISOLATE_DIRS). */

static ShuDocument *
open_text (const char *folder)
{
  g_autoptr(GFile) text = g_file_new_build_filename (folder, "essay.txt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (g_file_peek_path (text), "שלום עולם\n", -1, NULL));
  source = shu_source_new_from_file (text, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  return shu_document_new (source, NULL);
}

static void
assert_titles (ShuDocument *document,
               const char  *opening,
               gboolean     loading,
               const char  *title,
               const char  *subtitle,
               const char  *tooltip)
{
  g_auto(ShuDocumentTitles) titles;

  shu_document_titles_init (&titles, document, opening, loading);
  g_assert_cmpstr (titles.title, ==, title);
  g_assert_cmpstr (titles.subtitle, ==, subtitle);
  g_assert_cmpstr (titles.tooltip, ==, tooltip);
}

static void
test_titles (void)
{
  g_autofree char *folder = g_build_filename (g_get_home_dir (), "thesis", NULL);
  g_autoptr(ShuDocument) document = open_text (folder);
  g_autoptr(GFile) beside = g_file_new_build_filename (folder, "essay.txt.annotations.json",
                                                       NULL);
  g_autoptr(GFile) elsewhere = g_file_new_build_filename (g_get_home_dir (), "shared",
                                                          "essay.json", NULL);
  g_autoptr(GFile) outside = g_file_new_for_path ("/srv/team/essay.json");
  g_autoptr(GFile) own = g_file_new_build_filename (g_get_user_data_dir (), "shulayim",
                                                    "essay.json", NULL);
  ShuRange range = { 0, 4 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            "tester", NULL, NULL);

  /* An empty window, and one still reading a large text. */
  assert_titles (NULL, NULL, FALSE, "Shulayim", NULL, NULL);
  assert_titles (NULL, "big.txt", FALSE, "big.txt", "Opening…", NULL);

  /* Not saved yet; then its annotations being read. */
  assert_titles (document, NULL, FALSE, "essay.txt", "Annotations not saved yet", NULL);
  shu_document_set_sidecar_file (document, beside);
  assert_titles (document, NULL, TRUE, "essay.txt", "Loading annotations…",
                 "Annotations file: ~/thesis/essay.txt.annotations.json");

  /* Beside the text: its name is enough. Elsewhere: where, shortly. */
  assert_titles (document, NULL, FALSE, "essay.txt", "Annotations: essay.txt.annotations.json",
                 "Annotations file: ~/thesis/essay.txt.annotations.json");
  shu_document_set_sidecar_file (document, elsewhere);
  assert_titles (document, NULL, FALSE, "essay.txt", "Annotations: ~/shared/essay.json",
                 "Annotations file: ~/shared/essay.json");
  shu_document_set_sidecar_file (document, outside);
  assert_titles (document, NULL, FALSE, "essay.txt", "Annotations: /srv/team/essay.json",
                 "Annotations file: /srv/team/essay.json");

  /* A read-only text's annotations go to the user's Shulayim folder. */
  shu_document_set_sidecar_file (document, own);
  {
    g_auto(ShuDocumentTitles) titles;

    shu_document_titles_init (&titles, document, NULL, FALSE);
    g_assert_cmpstr (titles.subtitle, ==,
                     "Read-only text · annotations will be saved in your Shulayim folder");
    g_assert_true (g_str_has_suffix (titles.tooltip, "/shulayim/essay.json"));
  }

  /* Unsaved: the dot. */
  shu_document_set_sidecar_file (document, beside);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                           NULL));
  assert_titles (document, NULL, FALSE, "• essay.txt", "Annotations: essay.txt.annotations.json",
                 "Annotations file: ~/thesis/essay.txt.annotations.json");
}

static void
add_result (GPtrArray       *report,
            ShuAnchorStatus  status)
{
  ShuAnchorResult *result = g_new0 (ShuAnchorResult, 1);

  result->id = g_strdup_printf ("a%u", report->len);
  result->status = status;
  g_ptr_array_add (report, result);
}

static void
test_describe_anchoring (void)
{
  g_autoptr(GPtrArray) report = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                shu_anchor_result_free);
  g_autofree char *moved = NULL;
  g_autofree char *both = NULL;
  g_autofree char *lost = NULL;
  gboolean orphans = TRUE;

  /* Nothing moved: nothing to say. */
  g_assert_null (shu_document_status_describe_anchoring (report, &orphans));
  g_assert_false (orphans);
  g_assert_null (shu_document_status_describe_anchoring (NULL, &orphans));

  add_result (report, SHU_ANCHOR_FUZZY);
  add_result (report, SHU_ANCHOR_FUZZY);
  moved = shu_document_status_describe_anchoring (report, &orphans);
  g_assert_false (orphans);
  g_assert_cmpstr (moved, ==, "The text has changed: 2 annotations were moved to where their "
                              "quotes are now");

  add_result (report, SHU_ANCHOR_ORPHAN);
  both = shu_document_status_describe_anchoring (report, &orphans);
  g_assert_true (orphans);
  g_assert_cmpstr (both, ==, "The text has changed since it was annotated: 2 annotations were "
                             "moved and 1 annotation could not be placed (is this the right "
                             "text?). Those are kept in the file and saved with it.");

  g_ptr_array_remove_range (report, 0, 2);
  lost = shu_document_status_describe_anchoring (report, &orphans);
  g_assert_true (orphans);
  g_assert_cmpstr (lost, ==, "The text has changed since it was annotated: 1 annotation could "
                             "not be placed (is this the right text?). Those are kept in the "
                             "file and saved with it.");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/document-status/titles", test_titles);
  g_test_add_func ("/document-status/describe-anchoring", test_describe_anchoring);
  return g_test_run ();
}
