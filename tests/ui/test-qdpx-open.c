/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "shu-application.h"
#include "shu-import-report.h"
#include "shu-project-window.h"
#include "shu-sidecar.h"
#include "shu-qdpx-open.h"
#include "shu-window.h"
#include "shu-zip.h"
#include "shu-test-ui.h"
#include "shu-test-utils.h"

/* A researcher brings a project coded in a QDA tool (issue 28): opening
 * its .qdpx, from the command line or the Open dialog, asks where to
 * unpack it, proposing a new folder beside the archive (never one that
 * holds something), unpacks it beside the window with a progress bar, and
 * opens the folder as a project whose list shows each text with its
 * counts; what was left out (a PDF source) is listed in the import
 * report. Run in English and, with --hebrew, as a Hebrew-speaking user.
 * With SHU_TEST_SCREENSHOTS set to a folder, the windows are saved there
 * as PNGs. */

static ShuApplication *app;
static gboolean hebrew;

#define A_TEXT "שלום לכם. אין שלום בלי צדק.\n"
#define B_TEXT "Peace now.\n"

/* Two texts, two codes, three coded selections by two users, and a PDF
 * source with a selection of its own, which is not a text. */
static const char qde[] =
  "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
  "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"study\" origin=\"QualCoder 3.5\">"
  "<Users>"
  "<User guid=\"00000000-0000-0000-0000-0000000000d1\" name=\"dana\"/>"
  "<User guid=\"00000000-0000-0000-0000-0000000000d2\" name=\"yossi\"/>"
  "</Users>"
  "<CodeBook><Codes>"
  "<Code guid=\"00000000-0000-0000-0000-0000000000c1\" name=\"claim\" isCodable=\"true\" "
  "color=\"#336699\"/>"
  "<Code guid=\"00000000-0000-0000-0000-0000000000c2\" name=\"peace\" isCodable=\"true\" "
  "color=\"#993366\"/>"
  "</Codes></CodeBook>"
  "<Sources>"
  "<TextSource guid=\"00000000-0000-0000-0000-0000000000a1\" name=\"a.txt\" "
  "plainTextPath=\"internal://a.txt\">"
  "<PlainTextSelection guid=\"00000000-0000-0000-0000-0000000000e1\" startPosition=\"0\" "
  "endPosition=\"8\" creatingUser=\"00000000-0000-0000-0000-0000000000d1\">"
  "<Coding guid=\"00000000-0000-0000-0000-0000000000f1\">"
  "<CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000c1\"/></Coding>"
  "</PlainTextSelection>"
  "<PlainTextSelection guid=\"00000000-0000-0000-0000-0000000000e2\" startPosition=\"14\" "
  "endPosition=\"18\" creatingUser=\"00000000-0000-0000-0000-0000000000d1\">"
  "<Coding guid=\"00000000-0000-0000-0000-0000000000f2\">"
  "<CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000c2\"/></Coding>"
  "</PlainTextSelection>"
  "</TextSource>"
  "<TextSource guid=\"00000000-0000-0000-0000-0000000000a2\" name=\"b.txt\" "
  "plainTextPath=\"internal://b.txt\">"
  "<PlainTextSelection guid=\"00000000-0000-0000-0000-0000000000e3\" startPosition=\"0\" "
  "endPosition=\"5\" creatingUser=\"00000000-0000-0000-0000-0000000000d2\">"
  "<Coding guid=\"00000000-0000-0000-0000-0000000000f3\">"
  "<CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000c2\"/></Coding>"
  "</PlainTextSelection>"
  "</TextSource>"
  "<PDFSource guid=\"00000000-0000-0000-0000-0000000000a3\" name=\"scan.pdf\" "
  "path=\"internal://scan.pdf\">"
  "<PDFSelection guid=\"00000000-0000-0000-0000-0000000000e4\" firstX=\"0\" firstY=\"0\" "
  "secondX=\"10\" secondY=\"10\" page=\"0\">"
  "<Coding guid=\"00000000-0000-0000-0000-0000000000f4\">"
  "<CodeRef targetGUID=\"00000000-0000-0000-0000-0000000000c1\"/></Coding>"
  "</PDFSelection>"
  "</PDFSource>"
  "</Sources></Project>\n";

typedef struct
{
  char  *dir;
  GFile *archive;
} Fixture;

static void
add_entry (ShuZipWriter *zip,
           const char   *name,
           const char   *contents)
{
  g_autoptr(GBytes) bytes = g_bytes_new (contents, strlen (contents));

  shu_zip_writer_add (zip, name, bytes);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ShuZipWriter) zip = shu_zip_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  shu_test_restore_system_data_dirs ();
  fixture->dir = g_dir_make_tmp ("shulayim-qdpx-open-XXXXXX", &error);
  g_assert_no_error (error);
  add_entry (zip, "project.qde", qde);
  add_entry (zip, "Sources/a.txt", A_TEXT);
  add_entry (zip, "Sources/b.txt", B_TEXT);
  add_entry (zip, "Sources/scan.pdf", "%PDF-1.4\n%%EOF\n");
  bytes = shu_zip_writer_finish (g_steal_pointer (&zip));
  fixture->archive = g_file_new_build_filename (fixture->dir, "study.qdpx", NULL);
  g_assert_true (g_file_replace_contents (fixture->archive, g_bytes_get_data (bytes, NULL),
                                          g_bytes_get_size (bytes), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  g_clear_object (&fixture->archive);
  shu_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

static GtkWindow *
find_window (GType type)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (G_TYPE_CHECK_INSTANCE_TYPE (l->data, type))
      return l->data;
  return NULL;
}

/* The window asking where to unpack, once it has proposed a folder. */
static ShuQdpxOpen *
wait_for_asking (void)
{
  ShuQdpxOpen *asking = NULL;

  for (guint i = 0; i < 200; i++)
    {
      asking = (ShuQdpxOpen *) find_window (SHU_TYPE_QDPX_OPEN);
      if (asking != NULL && shu_qdpx_open_get_folder (asking) != NULL)
        break;
      shu_test_spin (25);
    }
  g_assert_nonnull (asking);
  g_assert_nonnull (shu_qdpx_open_get_folder (asking));
  shu_test_wait_for_frames (GTK_WIDGET (asking), 2);
  return asking;
}

static ShuProjectWindow *
wait_for_project (void)
{
  ShuProjectWindow *project = NULL;

  for (guint i = 0; i < 400; i++)
    {
      project = (ShuProjectWindow *) find_window (SHU_TYPE_PROJECT_WINDOW);
      if (project != NULL && !shu_project_window_get_busy (project))
        break;
      shu_test_spin (25);
    }
  g_assert_nonnull (project);
  g_assert_false (shu_project_window_get_busy (project));
  shu_test_wait_for_frames (GTK_WIDGET (project), 2);
  return project;
}

static void
screenshot (GtkWidget  *window,
            const char *name)
{
  const char *folder = g_getenv ("SHU_TEST_SCREENSHOTS");
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  file = g_strdup_printf ("qdpx-open-%s-%s.png", name, hebrew ? "he" : "en");
  path = g_build_filename (folder, file, NULL);
  shu_test_wait_for_frames (window, 2);
  shu_test_render_to_file (window, path);
}

static char *
folder_path (Fixture    *fixture,
             const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* The imported project, as the project window and the report show it. */
static void
assert_imported (Fixture    *fixture,
                 const char *folder_name)
{
  ShuProjectWindow *project = wait_for_project ();
  GtkWidget *view = shu_project_window_get_document_view (project);
  GListModel *rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_autofree char *shown = shu_test_dup_visible_labels (view);
  g_autofree char *a_row = NULL;
  g_autofree char *folder = folder_path (fixture, folder_name);
  g_autofree char *sidecar = g_build_filename (folder, "a.txt.annotations.json", NULL);
  GtkWindow *report;
  g_autofree char *report_text = NULL;

  /* The project that opened is the folder the archive went into. */
  g_assert_true (g_file_test (sidecar, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);
  /* Each text: its length, annotations, per label (claim, peace) and
   * annotators. */
  a_row = g_strdup_printf ("a.txt\n%ld\n2\n1\n1\ndana\n", g_utf8_strlen (A_TEXT, -1));
  g_assert_nonnull (strstr (shown, "claim\npeace\n"));
  g_assert_nonnull (strstr (shown, a_row));
  g_assert_nonnull (strstr (shown, "b.txt\n11\n1\n0\n1\nyossi\n"));
  screenshot (GTK_WIDGET (project), "project");

  /* What was left out: the PDF, with its selection. */
  report = shu_test_find_transient (GTK_WINDOW (project), SHU_TYPE_IMPORT_REPORT);
  g_assert_nonnull (report);
  g_assert_true (shu_test_shows_text (GTK_WIDGET (report), "scan.pdf"));
  /* A project came in, not annotations onto an open text. */
  g_assert_cmpstr (gtk_window_get_title (report), ==,
                   hebrew ? "הפרויקט יובא" : "Project Imported");
  g_assert_true (shu_test_shows_label (GTK_WIDGET (report),
                                       hebrew ? "הפרויקט יובא" : "Project Imported"));
  g_assert_false (shu_test_shows_label (GTK_WIDGET (report),
                                        hebrew ? "הסימונים יובאו" : "Annotations Imported"));
  report_text = shu_import_report_dup_text (SHU_IMPORT_REPORT (report));
  g_assert_nonnull (strstr (report_text, "study.qdpx"));
  g_assert_nonnull (strstr (report_text, "PDFSource “scan.pdf”"));
  screenshot (GTK_WIDGET (report), "report");

  /* The window that asked is gone. */
  g_assert_null (find_window (SHU_TYPE_QDPX_OPEN));
}

/* `shulayim study.qdpx`: the folder proposed is "study" beside it; Import
 * unpacks it there and opens it as a project. */
static void
test_command_line (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *expected = folder_path (fixture, "study");
  ShuQdpxOpen *asking;

  g_application_open (G_APPLICATION (app), &fixture->archive, 1, "");
  asking = wait_for_asking ();
  g_assert_cmpstr (g_file_peek_path (shu_qdpx_open_get_folder (asking)), ==, expected);
  g_assert_true (shu_test_shows_text (GTK_WIDGET (asking), expected));
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  screenshot (GTK_WIDGET (asking), "ask");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (asking), "qdpx.import", NULL));
  assert_imported (fixture, "study");
}

/* A folder "study" that holds something is never proposed nor written
 * into: the proposal is "study-2"; chosen anyway, the import refuses it
 * and says why, and the folder is as it was. */
static void
test_taken_folder (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *taken = folder_path (fixture, "study");
  g_autofree char *expected = folder_path (fixture, "study-2");
  g_autoptr(GFile) taken_file = g_file_new_for_path (taken);
  g_autofree char *notes = NULL;
  g_autoptr(GDir) dir = NULL;
  ShuQdpxOpen *asking;

  shu_test_write_file (fixture->dir, "study/notes.txt", "mine\n");
  g_application_open (G_APPLICATION (app), &fixture->archive, 1, "");
  asking = wait_for_asking ();
  g_assert_cmpstr (g_file_peek_path (shu_qdpx_open_get_folder (asking)), ==, expected);

  shu_qdpx_open_set_folder (asking, taken_file);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (asking), "qdpx.import", NULL));
  for (guint i = 0; i < 200 && shu_qdpx_open_get_busy (asking); i++)
    shu_test_spin (25);
  g_assert_false (shu_qdpx_open_get_busy (asking));
  g_assert_true (shu_test_shows_text (GTK_WIDGET (asking),
                                      hebrew ? "אינה ריקה" : "not empty"));
  g_assert_null (find_window (SHU_TYPE_PROJECT_WINDOW));
  dir = g_dir_open (taken, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "notes.txt");
  g_assert_null (g_dir_read_name (dir));
  screenshot (GTK_WIDGET (asking), "refused");

  /* Back to the folder proposed, the import goes through. */
  {
    g_autoptr(GFile) proposed = g_file_new_for_path (expected);

    shu_qdpx_open_set_folder (asking, proposed);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (asking), "qdpx.import", NULL));
  assert_imported (fixture, "study-2");
}

/* Chosen in the Open dialog of a text's window, the archive is asked
 * about the same way; Cancel writes nothing. */
static void
test_open_dialog (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *expected = folder_path (fixture, "study");
  ShuWindow *window = shu_window_new (GTK_APPLICATION (app));
  ShuQdpxOpen *asking;

  gtk_window_present (GTK_WINDOW (window));
  shu_window_open_file_interactive (window, fixture->archive);
  asking = wait_for_asking ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (asking), "qdpx.cancel", NULL));
  shu_test_spin (100);
  g_assert_null (find_window (SHU_TYPE_QDPX_OPEN));
  g_assert_null (find_window (SHU_TYPE_PROJECT_WINDOW));
  g_assert_false (g_file_test (expected, G_FILE_TEST_EXISTS));
  /* The text's window did not try to read the archive as a text. */
  g_assert_null (shu_test_find_transient (GTK_WINDOW (window), ADW_TYPE_MESSAGE_DIALOG));
}

/* Up to 30 s: a loaded machine (CI on two cores) can take seconds to
 * write an archive and bring the dialog up. */
static GtkWindow *
wait_for_transient (GtkWindow *parent,
                    GType      type)
{
  GtkWindow *found = NULL;

  for (guint i = 0; i < 1200 && (found = shu_test_find_transient (parent, type)) == NULL; i++)
    shu_test_spin (25);
  return found;
}

/* Exported from the Export menu, a text whose annotations form an
 * equivalence set, which REFI-QDA has no place for: the archive is
 * written, and a dialog says what was not written into it. */
static void
test_export_left_out (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GFile) text = g_file_new_build_filename (fixture->dir, "a.txt", NULL);
  g_autoptr(GFile) sidecar = g_file_new_build_filename (fixture->dir, "a.txt.annotations.json",
                                                        NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->dir);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuRelation) same = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "a.qdpx", NULL);
  const char *targets[2];
  ShuAnnotationStore *store;
  ShuWindow *window;
  GtkWindow *chooser;
  GtkWindow *alert;

  shu_test_write_file (fixture->dir, "a.txt", A_TEXT);
  source = shu_source_new_from_file (text, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  document = shu_document_new (source, NULL);
  store = shu_document_get_store (document);
  for (guint i = 0; i < 2; i++)
    {
      ShuRange range = { i == 0 ? 0 : 14, i == 0 ? 4 : 18 };
      g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                                "dana", NULL, NULL);

      g_assert_true (shu_annotation_store_add (store, annotation, NULL));
      targets[i] = shu_annotation_get_id (annotation);
    }
  same = shu_relation_new (NULL, SHU_RELATION_EQUIVALENCE, "Equiv", NULL, NULL, targets, 2,
                           NULL, NULL, "dana", NULL, NULL);
  g_assert_true (shu_annotation_store_add_relation (store, same, NULL));
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);

  window = shu_test_open_window (app, text, 900, 640);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.export-qdpx", NULL));
  chooser = wait_for_transient (GTK_WINDOW (window), GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "a.qdpx");
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  alert = wait_for_transient (GTK_WINDOW (window), ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (alert);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));
  g_assert_true (shu_test_shows_text (GTK_WIDGET (alert),
                                      hebrew ? "a.txt: ‏1 קבוצות שקילות לא נכתבו"
                                             : "a.txt: 1 equivalence sets not written"));
  screenshot (GTK_WIDGET (alert), "export-left-out");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  hebrew = shu_test_ui_take_hebrew_arg (&argc, &argv);
  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/qdpx-open/command-line", test_command_line);
  ADD ("/qdpx-open/taken-folder", test_taken_folder);
  ADD ("/qdpx-open/open-dialog", test_open_dialog);
  ADD ("/qdpx-open/export-left-out", test_export_left_out);
#undef ADD

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
