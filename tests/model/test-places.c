/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-places.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* A text whose folder is not the user's (a CD, someone else's folder): its
 * annotations go to the user's Shulayim folder, which the first save makes,
 * private; and that sidecar, opened alone, finds its text again, even when
 * the text has changed since. The user's data folder is a fresh one: a new
 * account. */

static char *data_home;

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = shu_sidecar_save_finish (SHU_DOCUMENT (object), result, &wait->error);
  wait->done = TRUE;
}

/* A text "story.txt" in a folder of its own, with one annotation on
 * "עולם". */
static ShuDocument *
make_document (const char  *folder,
               GFile      **text_out)
{
  static const char contents[] = "שלום עולם, hello world\n";
  g_autofree char *path = g_build_filename (folder, "story.txt", NULL);
  g_autoptr(GFile) text = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  ShuDocument *document;
  ShuRange range = { 5, 9 };

  g_assert_cmpint (g_mkdir_with_parents (folder, 0755), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  source = shu_source_new_from_file (text, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  document = shu_document_new (source, NULL);
  shu_document_set_source_name (document, "story.txt");
  annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL, "tester", NULL, NULL);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
  *text_out = g_steal_pointer (&text);
  return document;
}

static void
test_first_save_makes_the_folder (void)
{
  g_autofree char *folder = g_build_filename (data_home, "shulayim", NULL);
  g_autofree char *cd = g_build_filename (g_get_tmp_dir (), "cd", NULL);
  g_autoptr(GFile) text = NULL;
  g_autoptr(ShuDocument) document = make_document (cd, &text);
  g_autoptr(GFile) user_folder = shu_places_dup_user_folder ();
  g_autoptr(GFile) expected_folder = g_file_new_for_path (folder);
  g_autoptr(GFile) sidecar = g_file_new_build_filename (folder, "story.txt.annotations.json",
                                                        NULL);
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };
  GStatBuf st;

  g_assert_true (g_file_equal (user_folder, expected_folder));
  g_assert_false (g_file_test (data_home, G_FILE_TEST_EXISTS));

  /* The app's save: in a worker thread. */
  shu_sidecar_save_async (document, sidecar, NULL, done_cb, &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  g_assert_true (g_file_query_exists (sidecar, NULL));
  g_assert_cmpint (g_stat (folder, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  /* Any other missing folder is an error: a mistyped path, a disk gone. */
  {
    g_autoptr(GFile) elsewhere = g_file_new_build_filename (g_get_tmp_dir (), "no-such-folder",
                                                            "story.txt.annotations.json",
                                                            NULL);

    g_assert_false (shu_sidecar_save (document, elsewhere, &error));
    g_assert_nonnull (error);
  }
}

static void
test_sidecar_alone_finds_its_text (void)
{
  g_autofree char *cd = g_build_filename (g_get_tmp_dir (), "other-cd", NULL);
  g_autoptr(GFile) text = NULL;
  g_autoptr(ShuDocument) document = make_document (cd, &text);
  g_autoptr(GFile) sidecar_file = NULL;
  g_autoptr(GFile) moved = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) loaded = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotation *annotation;

  /* Where the app saves for a text whose folder is not the user's (these
   * tests may run as root, to whom every folder is writable). */
  sidecar_file = g_file_new_build_filename (data_home, "shulayim",
                                            "story.txt.annotations.json", NULL);
  g_assert_true (shu_sidecar_save (document, sidecar_file, &error));
  g_assert_no_error (error);

  sidecar = shu_sidecar_load (sidecar_file, NULL, &error);
  g_assert_no_error (error);
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (shu_source_get_file (source), text));
  g_clear_object (&sidecar);
  g_clear_object (&source);

  /* A new edition of the text, where it was: found, and the annotation
   * moved to where its words are now. */
  g_assert_true (g_file_set_contents (g_file_peek_path (text), "כן, שלום עולם, hello world\n",
                                      -1, NULL));
  sidecar = shu_sidecar_load (sidecar_file, NULL, &error);
  g_assert_no_error (error);
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_no_error (error);
  loaded = shu_sidecar_anchor (sidecar, source, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 1);
  annotation = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (loaded)), 0);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, 9);
  g_object_unref (annotation);
  g_clear_object (&sidecar);
  g_clear_object (&source);

  /* The text is gone: said so, with its name. */
  moved = g_file_new_build_filename (cd, "moved.txt", NULL);
  g_assert_true (g_file_move (text, moved, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
  sidecar = shu_sidecar_load (sidecar_file, NULL, &error);
  g_assert_no_error (error);
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "story.txt"));
}

/* Inside Flatpak, a text chosen through the portal is the only file of its
 * folder the app sees: it opens with no sidecar file, so that Save asks
 * where instead of writing into a folder that keeps nothing. */
static void
test_single_file_grant (void)
{
  g_autofree char *grant_dir = g_build_filename (g_get_user_runtime_dir (), "doc", "a1b2c3",
                                                 NULL);
  g_autoptr(GFile) granted = g_file_new_build_filename (grant_dir, "story.txt", NULL);
  g_autoptr(GFile) deeper = g_file_new_build_filename (grant_dir, "folder", "story.txt", NULL);
  g_autoptr(GFile) elsewhere = g_file_new_build_filename (g_get_tmp_dir (), "story.txt", NULL);
  g_autoptr(ShuDocumentLoader) loader = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_places_is_single_file_grant (granted));
  /* A file inside a granted folder sees its neighbours. */
  g_assert_false (shu_places_is_single_file_grant (deeper));
  g_assert_false (shu_places_is_single_file_grant (elsewhere));

  g_assert_cmpint (g_mkdir_with_parents (grant_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (g_file_peek_path (granted), "שלום עולם\n", -1, NULL));
  loader = shu_document_loader_new (granted);
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (shu_document_get_sidecar_file (document));
  g_clear_object (&document);
  g_clear_object (&loader);

  /* The same text elsewhere keeps its sidecar beside it. */
  g_assert_true (g_file_set_contents (g_file_peek_path (elsewhere), "שלום עולם\n", -1, NULL));
  loader = shu_document_loader_new (elsewhere);
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shu_document_get_sidecar_file (document));
}

/* The user chose the folder of the text the sandbox granted alone: the
 * text there must be the same text, and unsaved annotations are saved
 * beside it unless annotations are kept there already. */
static void
test_match_text_in_folder (void)
{
  g_autofree char *folder = g_build_filename (g_get_tmp_dir (), "chosen", NULL);
  g_autoptr(GFile) text = g_file_new_build_filename (folder, "story.txt", NULL);
  g_autoptr(GFile) expected = g_file_new_build_filename (folder, "story.txt.annotations.json",
                                                         NULL);
  g_autoptr(ShuSource) open_text = NULL;
  g_autoptr(GFile) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  const char *sha256;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (g_file_peek_path (text), "שלום עולם\n", -1, NULL));
  open_text = shu_source_new_from_file (text, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  sha256 = shu_source_get_sha256 (open_text);

  /* Nothing unsaved: the text is opened there, with what is beside it. */
  g_assert_true (shu_places_match_text_in_folder (text, sha256, FALSE, &sidecar, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (sidecar);

  /* Unsaved annotations: saved beside it from now on. */
  g_assert_true (shu_places_match_text_in_folder (text, sha256, TRUE, &sidecar, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_equal (sidecar, expected));
  g_clear_object (&sidecar);

  /* ... unless that would write over annotations never loaded. */
  g_assert_true (g_file_set_contents (g_file_peek_path (expected), "{}", -1, NULL));
  g_assert_false (shu_places_match_text_in_folder (text, sha256, TRUE, &sidecar, NULL, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
  g_assert_null (sidecar);
  g_clear_error (&error);

  /* Another text of the same name is refused. */
  g_assert_true (g_file_set_contents (g_file_peek_path (text), "another text\n", -1, NULL));
  g_assert_false (shu_places_match_text_in_folder (text, sha256, FALSE, &sidecar, NULL, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "is not the text that is open"));
}

/* Save As starts where the annotations are, under their name; for a text
 * not saved yet, beside the text under the sidecar's usual name. */
static void
test_save_as_suggestion (void)
{
  g_autoptr(GFile) text = g_file_new_for_path ("/home/dana/thesis/essay.txt");
  g_autoptr(GFile) sidecar = g_file_new_for_path ("/home/dana/shared/essay.json");
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) beside_folder = NULL;
  g_autoptr(GFile) nothing_folder = NULL;
  g_autofree char *name = NULL;
  g_autofree char *beside_name = NULL;
  g_autofree char *nothing_name = NULL;

  shu_places_suggest_save_as (sidecar, text, &folder, &name);
  g_assert_cmpstr (g_file_peek_path (folder), ==, "/home/dana/shared");
  g_assert_cmpstr (name, ==, "essay.json");

  shu_places_suggest_save_as (NULL, text, &beside_folder, &beside_name);
  g_assert_cmpstr (g_file_peek_path (beside_folder), ==, "/home/dana/thesis");
  g_assert_cmpstr (beside_name, ==, "essay.txt.annotations.json");

  shu_places_suggest_save_as (NULL, NULL, &nothing_folder, &nothing_name);
  g_assert_null (nothing_folder);
  g_assert_null (nothing_name);
}

int
main (int    argc,
      char **argv)
{
  int status;

  shu_test_use_private_tmp ();
  /* Before GLib reads it, once for the whole process: a new account, whose
   * data folder does not exist yet. */
  data_home = g_build_filename (g_get_tmp_dir (), "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  {
    g_autofree char *runtime = g_build_filename (g_get_tmp_dir (), "run", NULL);

    g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/places/first-save-makes-the-folder", test_first_save_makes_the_folder);
  g_test_add_func ("/places/sidecar-alone-finds-its-text", test_sidecar_alone_finds_its_text);
  g_test_add_func ("/places/single-file-grant", test_single_file_grant);
  g_test_add_func ("/places/match-text-in-folder", test_match_text_in_folder);
  g_test_add_func ("/places/save-as-suggestion", test_save_as_suggestion);
  status = g_test_run ();
  g_free (data_home);
  return status;
}
