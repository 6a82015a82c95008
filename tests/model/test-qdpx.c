/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-annotation-store.h"
#include "shu-error.h"
#include "shu-project-export.h"
#include "shu-qdpx.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"
#include "shu-zip.h"

/* The REFI-QDA exchange without a display: the essay through a .qdpx and
 * back, and the archives a hostile sender makes. */

static char *
make_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("shu-qdpx-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* Every annotation comes back with its ranges, label name and colour,
 * comments, annotator and dates. */
static void
test_round_trip (void)
{
  g_autoptr(ShuDocument) sample = shu_test_load_sample ();
  g_autoptr(GBytes) archive = shu_qdpx_export (sample);
  g_autofree char *dir = make_folder ();
  g_autofree char *target = g_build_filename (dir, "project", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (target);
  g_autoptr(GFile) sidecar = g_file_get_child (folder, "essay.he.txt.annotations.json");
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) back = NULL;
  ShuAnnotationStore *store = shu_document_get_store (sample);
  ShuAnnotationStore *back_store;
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  guint n_texts, n_annotations;

  g_assert_true (shu_qdpx_import (archive, folder, &messages, &n_texts, &n_annotations,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 0);
  g_assert_cmpuint (n_texts, ==, 1);
  back = shu_test_read_sidecar (sidecar);
  back_store = shu_document_get_store (back);
  g_assert_cmpuint (n_annotations, ==, g_list_model_get_n_items (G_LIST_MODEL (store)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (back_store)), ==, n_annotations);

  for (guint i = 0; i < n_annotations; i++)
    {
      g_autoptr(ShuAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);
      ShuAnnotation *b = shu_annotation_store_lookup (back_store, shu_annotation_get_id (a));
      GPtrArray *ca, *cb;
      ShuLabel *la = NULL, *lb = NULL;

      g_assert_nonnull (b);
      g_assert_cmpuint (shu_annotation_get_n_ranges (a), ==, shu_annotation_get_n_ranges (b));
      for (guint r = 0; r < shu_annotation_get_n_ranges (a); r++)
        {
          g_assert_cmpuint (shu_annotation_get_ranges (a)[r].start, ==,
                            shu_annotation_get_ranges (b)[r].start);
          g_assert_cmpuint (shu_annotation_get_ranges (a)[r].end, ==,
                            shu_annotation_get_ranges (b)[r].end);
        }
      if (shu_annotation_get_label_id (a) != NULL)
        la = shu_label_set_lookup (labels, shu_annotation_get_label_id (a));
      if (shu_annotation_get_label_id (b) != NULL)
        lb = shu_label_set_lookup (shu_annotation_store_get_labels (back_store),
                                   shu_annotation_get_label_id (b));
      g_assert_true ((la == NULL) == (lb == NULL));
      if (la != NULL)
        {
          g_assert_cmpstr (shu_label_get_name (la), ==, shu_label_get_name (lb));
          g_assert_cmpstr (shu_label_get_color (la), ==, shu_label_get_color (lb));
          g_assert_cmpstr (shu_label_get_description (la), ==, shu_label_get_description (lb));
        }
      ca = shu_annotation_get_comments (a);
      cb = shu_annotation_get_comments (b);
      g_assert_cmpuint (ca->len, ==, cb->len);
      for (guint c = 0; c < ca->len; c++)
        g_assert_cmpstr (shu_comment_get_text (g_ptr_array_index (ca, c)), ==,
                         shu_comment_get_text (g_ptr_array_index (cb, c)));
      g_assert_cmpstr (shu_annotation_get_creator (a), ==, shu_annotation_get_creator (b));
      g_assert_true (g_date_time_equal (shu_annotation_get_created (a),
                                        shu_annotation_get_created (b)));
      g_assert_true (g_date_time_equal (shu_annotation_get_modified (a),
                                        shu_annotation_get_modified (b)));
    }
  shu_test_remove_tree (dir);
}

static GBytes *
archive_with (const char *name,
              const char *qde)
{
  g_autoptr(ShuZipWriter) zip = shu_zip_writer_new ();
  g_autoptr(GBytes) text = g_bytes_new_static ("שלום", strlen ("שלום"));
  g_autoptr(GBytes) project = g_bytes_new (qde, strlen (qde));

  shu_zip_writer_add (zip, name, text);
  shu_zip_writer_add (zip, "project.qde", project);
  return shu_zip_writer_finish (g_steal_pointer (&zip));
}

/* The central directory record of the first entry. */
static guint8 *
first_record (guint8 *data,
              gsize   size)
{
  for (gsize i = 0; i + 4 <= size; i++)
    if (memcmp (data + i, "PK\001\002", 4) == 0)
      return data + i;
  g_assert_not_reached ();
}

static const char *plain_qde =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><Sources>"
  "<TextSource guid=\"11111111-1111-1111-1111-111111111111\" name=\"a.txt\" "
  "plainTextPath=\"internal://a.txt\"/></Sources></Project>\n";

/* Each hostile archive is refused with its reason, and nothing at all
 * is written: not the folder, not a file outside it. */
static void
test_hostile (void)
{
  g_autofree char *dir = make_folder ();
  g_autofree char *target = g_build_filename (dir, "in", "project", NULL);
  g_autofree char *outside = g_build_filename (dir, "evil.txt", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (target);
  g_autoptr(GString) deep = g_string_new ("<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">");
  g_autoptr(GString) huge = g_string_new ("<Project name=\"");
  struct { const char *what; GBytes *bytes; const char *message; } cases[10];
  guint n = 0;

  for (guint i = 0; i < 100000; i++)
    g_string_append (deep, "<Code>");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, "\"/>");

  cases[n++] = (typeof (cases[0])) { "climbs", archive_with ("../../evil.txt", plain_qde),
                                     "leads out of its folder" };
  cases[n++] = (typeof (cases[0])) { "absolute", archive_with (outside, plain_qde),
                                     "leads out of its folder" };
  cases[n++] = (typeof (cases[0])) { "backslash", archive_with ("Sources\\..\\..\\evil.txt",
                                                                plain_qde),
                                     "leads out of its folder" };
  cases[n++] = (typeof (cases[0])) { "deep", archive_with ("Sources/a.txt", deep->str),
                                     "nested deeper than 64 elements" };
  cases[n++] = (typeof (cases[0])) { "huge attribute", archive_with ("Sources/a.txt", huge->str),
                                     "an attribute is over 1024 KiB" };
  cases[n++] = (typeof (cases[0])) {
    "entity", archive_with ("Sources/a.txt",
                            "<?xml version=\"1.0\"?>\n<!DOCTYPE p [<!ENTITY a \"aaaa\">"
                            "<!ENTITY b \"&a;&a;&a;&a;\">]>\n<Project name=\"&b;\"/>"),
    "project.qde: " };
  cases[n++] = (typeof (cases[0])) {
    "external entity", archive_with ("Sources/a.txt",
                                     "<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                                     "<Project name=\"&x;\"/>"),
    "project.qde: " };
  {
    /* A symbolic link, as Info-ZIP stores one made on Unix. */
    g_autoptr(GBytes) base = archive_with ("Sources/a.txt", plain_qde);
    gsize size;
    guint8 *data = g_bytes_unref_to_data (g_bytes_ref (base), &size);
    guint8 *record = first_record (data, size);
    guint32 attributes = 0120777u << 16;

    memcpy (record + 38, &attributes, 4);
    cases[n++] = (typeof (cases[0])) { "symlink", g_bytes_new_take (data, size),
                                       "symbolic link" };
  }
  {
    /* A bomb: 200 MiB of zeros that says it is 10 bytes. */
    g_autoptr(ShuZipWriter) zip = shu_zip_writer_new ();
    g_autofree guint8 *zeros = g_malloc0 (200 * 1024 * 1024);
    g_autoptr(GBytes) big = g_bytes_new_take (g_steal_pointer (&zeros), 200 * 1024 * 1024);
    g_autoptr(GBytes) project = g_bytes_new_static ("", 0);
    g_autoptr(GBytes) bytes = NULL;
    gsize size;
    guint8 *data;
    guint32 small = 10;

    shu_zip_writer_add (zip, "project.qde", big);
    bytes = shu_zip_writer_finish (g_steal_pointer (&zip));
    g_assert_cmpuint (g_bytes_get_size (bytes), <, 1024 * 1024);
    data = g_bytes_unref_to_data (g_steal_pointer (&bytes), &size);
    memcpy (first_record (data, size) + 24, &small, 4);
    cases[n++] = (typeof (cases[0])) { "bomb", g_bytes_new_take (data, size),
                                       "unpacks to more than it says" };
  }
  g_assert_cmpuint (n, <=, G_N_ELEMENTS (cases));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GError) error = NULL;
      guint n_texts, n_annotations;

      g_test_message ("%s", cases[i].what);
      g_assert_false (shu_qdpx_import (cases[i].bytes, folder, &messages, &n_texts,
                                       &n_annotations, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", cases[i].what, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (outside, G_FILE_TEST_EXISTS));
      g_bytes_unref (cases[i].bytes);
    }
  shu_test_remove_tree (dir);
}

/* Links from another tool: one between two selections of a text becomes
 * a link relation (its other direction listed); one across two texts and
 * one to a code are listed and left out, the rest kept. */
static void
test_import_links (void)
{
  static const char qde[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\"><Sources>"
    "<TextSource guid=\"11111111-1111-1111-1111-111111111111\" name=\"a.txt\" "
    "plainTextPath=\"internal://a.txt\">"
    "<PlainTextSelection guid=\"aaaaaaaa-0000-4000-8000-000000000001\" startPosition=\"0\" "
    "endPosition=\"2\"/>"
    "<PlainTextSelection guid=\"AAAAAAAA-0000-4000-8000-000000000002\" startPosition=\"2\" "
    "endPosition=\"4\"/></TextSource>"
    "<TextSource guid=\"22222222-2222-2222-2222-222222222222\" name=\"b.txt\" "
    "plainTextPath=\"internal://a.txt\">"
    "<PlainTextSelection guid=\"bbbbbbbb-0000-4000-8000-000000000001\" startPosition=\"0\" "
    "endPosition=\"2\"/></TextSource></Sources>"
    "<Notes><Note guid=\"cccccccc-0000-4000-8000-000000000001\"><PlainTextContent>why"
    "</PlainTextContent></Note></Notes>"
    "<Links>"
    "<Link guid=\"dddddddd-0000-4000-8000-000000000001\" name=\"cause\" "
    "direction=\"Bidirectional\" originGUID=\"aaaaaaaa-0000-4000-8000-000000000001\" "
    "targetGUID=\"aaaaaaaa-0000-4000-8000-000000000002\">"
    "<NoteRef targetGUID=\"cccccccc-0000-4000-8000-000000000001\"/></Link>"
    "<Link guid=\"dddddddd-0000-4000-8000-000000000002\" name=\"across\" "
    "originGUID=\"aaaaaaaa-0000-4000-8000-000000000001\" "
    "targetGUID=\"bbbbbbbb-0000-4000-8000-000000000001\"/>"
    "<Link guid=\"dddddddd-0000-4000-8000-000000000003\" name=\"to a code\" "
    "originGUID=\"aaaaaaaa-0000-4000-8000-000000000001\" "
    "targetGUID=\"eeeeeeee-0000-4000-8000-000000000001\"/>"
    "</Links></Project>\n";
  g_autoptr(GBytes) archive = archive_with ("Sources/a.txt", qde);
  g_autofree char *dir = make_folder ();
  g_autofree char *target = g_build_filename (dir, "project", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (target);
  g_autoptr(GFile) sidecar = g_file_get_child (folder, "a.txt.annotations.json");
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autofree char *all = NULL;
  ShuRelation *relation;
  guint n_texts, n_annotations;

  g_assert_true (shu_qdpx_import (archive, folder, &messages, &n_texts, &n_annotations,
                                  &error));
  g_assert_no_error (error);
  g_ptr_array_add (messages, NULL);
  all = g_strjoinv ("\n", (char **) messages->pdata);
  g_assert_cmpuint (messages->len - 1, ==, 3);
  g_assert_nonnull (strstr (all, "“cause”: its direction Bidirectional is kept as one way"));
  g_assert_nonnull (strstr (all, "“across” left out: it joins two texts"));
  g_assert_nonnull (strstr (all, "“to a code” left out: it does not join two text "
                                 "selections"));

  back = shu_test_read_sidecar (sidecar);
  g_assert_cmpuint (shu_annotation_store_get_n_relations (shu_document_get_store (back)), ==,
                    1);
  relation = shu_annotation_store_lookup_relation (shu_document_get_store (back),
                                                   "urn:uuid:dddddddd-0000-4000-8000-"
                                                   "000000000001");
  g_assert_nonnull (relation);
  g_assert_cmpstr (shu_relation_get_type_name (relation), ==, "cause");
  g_assert_cmpstr (shu_relation_get_target (relation, 0), ==,
                   "urn:uuid:aaaaaaaa-0000-4000-8000-000000000001");
  /* The GUID's case does not matter. */
  g_assert_cmpstr (shu_relation_get_target (relation, 1), ==,
                   "urn:uuid:AAAAAAAA-0000-4000-8000-000000000002");
  g_assert_cmpuint (shu_relation_get_comments (relation)->len, ==, 1);
  shu_test_remove_tree (dir);
}

static void
cancel_when_writing_cb (double   fraction,
                        gpointer user_data)
{
  /* Past one half the texts are being written: cancelled after the
   * first is on disk. */
  if (fraction > 0.5)
    g_cancellable_cancel (user_data);
}

/* Cancelled while it writes, an import takes back what it wrote: the
 * folder it made is gone; a folder that was there and empty stays,
 * empty. The archive file is read through the same call the app and
 * the CLI make. */
static void
test_cancel (void)
{
  g_autoptr(ShuZipWriter) zip = shu_zip_writer_new ();
  g_autoptr(GBytes) archive = NULL;
  g_autofree char *dir = make_folder ();
  g_autofree char *archive_path = g_build_filename (dir, "three.qdpx", NULL);
  g_autoptr(GFile) archive_file = g_file_new_for_path (archive_path);
  GString *qde = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                               "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\">"
                               "<Sources>");
  g_autoptr(GBytes) project = NULL;

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Sources/%c.txt", 'a' + i);
      g_autoptr(GBytes) text = g_bytes_new_static ("שלום\n", strlen ("שלום\n"));

      g_string_append_printf (qde, "<TextSource guid=\"11111111-1111-1111-1111-11111111111%u\" "
                              "name=\"%c.txt\" plainTextPath=\"internal://%c.txt\"/>",
                              i, 'a' + i, 'a' + i);
      shu_zip_writer_add (zip, name, text);
    }
  g_string_append (qde, "</Sources></Project>\n");
  project = g_string_free_to_bytes (qde);
  shu_zip_writer_add (zip, "project.qde", project);
  archive = shu_zip_writer_finish (g_steal_pointer (&zip));
  g_assert_true (g_file_set_contents (archive_path, g_bytes_get_data (archive, NULL),
                                      g_bytes_get_size (archive), NULL));

  for (guint existed = 0; existed < 2; existed++)
    {
      g_autofree char *target = g_build_filename (dir, existed ? "empty" : "new", NULL);
      g_autoptr(GFile) folder = g_file_new_for_path (target);
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(GError) error = NULL;
      guint n_texts, n_annotations;

      if (existed)
        g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
      g_assert_false (shu_qdpx_import_file (archive_file, folder, cancellable,
                                            cancel_when_writing_cb, cancellable, &messages,
                                            &n_texts, &n_annotations, &error));
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      if (existed)
        {
          g_autoptr(GDir) left = g_dir_open (target, 0, NULL);

          g_assert_nonnull (left);
          g_assert_null (g_dir_read_name (left));
        }
      else
        g_assert_false (g_file_test (target, G_FILE_TEST_EXISTS));
    }

  /* Not cancelled, the same call imports the three texts. */
  {
    g_autofree char *target = g_build_filename (dir, "done", NULL);
    g_autoptr(GFile) folder = g_file_new_for_path (target);
    g_autoptr(GError) error = NULL;
    guint n_texts, n_annotations;

    g_assert_true (shu_qdpx_import_file (archive_file, folder, NULL, NULL, NULL, NULL,
                                         &n_texts, &n_annotations, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_texts, ==, 3);
  }
  shu_test_remove_tree (dir);
}

typedef struct
{
  GCancellable *cancel_at_half;
  GArray       *fractions;
} Progress;

static void
project_progress_cb (double   fraction,
                     gpointer user_data)
{
  Progress *progress = user_data;

  g_array_append_val (progress->fractions, fraction);
  if (progress->cancel_at_half != NULL && fraction >= 0.5)
    g_cancellable_cancel (progress->cancel_at_half);
}

/* A folder of four texts as one .qdpx and one TEI corpus, as the project
 * window's Export writes them: the progress climbs to 1 as the texts are
 * read; cancelled half way, nothing is made. */
static void
test_project_export (void)
{
  g_autofree char *dir = make_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *name = g_strdup_printf ("%c.txt", 'a' + i);

      shu_test_write_file (dir, name, "שָׁלוֹם\n");
    }
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);

  for (guint tei = 0; tei < 2; tei++)
    {
      ShuFormat format = tei ? SHU_FORMAT_TEI : SHU_FORMAT_QDPX;
      g_autoptr(GCancellable) cancellable = g_cancellable_new ();
      g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
      Progress progress = { cancellable, fractions };
      g_autoptr(GPtrArray) left_out = NULL;
      g_autoptr(GBytes) bytes = NULL;

      bytes = shu_project_export_archive (project, format, cancellable, project_progress_cb,
                                          &progress, &left_out, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (bytes);
      g_assert_null (left_out);
      g_assert_cmpuint (fractions->len, <, 4);
      g_clear_error (&error);

      g_array_set_size (fractions, 0);
      progress.cancel_at_half = NULL;
      bytes = shu_project_export_archive (project, format, NULL, project_progress_cb,
                                          &progress, &left_out, &error);
      g_assert_no_error (error);
      g_assert_nonnull (bytes);
      g_assert_cmpuint (left_out->len, ==, 0);
      g_assert_cmpuint (fractions->len, ==, 5);
      for (guint i = 1; i < fractions->len; i++)
        g_assert_cmpfloat (g_array_index (fractions, double, i), >,
                           g_array_index (fractions, double, i - 1));
      g_assert_cmpfloat (g_array_index (fractions, double, fractions->len - 1), ==, 1.0);
    }
  shu_test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  shu_test_use_private_tmp ();
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/qdpx/round-trip", test_round_trip);
  g_test_add_func ("/qdpx/hostile", test_hostile);
  g_test_add_func ("/qdpx/cancel", test_cancel);
  g_test_add_func ("/qdpx/import-links", test_import_links);
  g_test_add_func ("/qdpx/project-export", test_project_export);

  return g_test_run ();
}
