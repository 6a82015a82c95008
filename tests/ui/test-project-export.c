/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-alert.h"
#include "shu-application.h"
#include "shu-project-window.h"
#include "shu-sidecar.h"
#include "shu-test-ui.h"
#include "shu-test-utils.h"

/* A researcher takes a whole Hebrew project folder into a QDA tool and
 * into a TEI edition from the project window's Export menu (issue 28):
 * each becomes one file that its checker passes, the .qdpx holds every
 * text, a toast says where it went, and what REFI-QDA has no place for
 * (an annotation's attributes) is listed, not lost in silence. A file
 * that cannot be written is said plainly and nothing is left behind.
 * Run in English and, with --hebrew, as a Hebrew-speaking user; with
 * SHU_TEST_SCREENSHOTS set to a folder, the menu and the dialog are
 * saved there. */

static ShuApplication *app;
static gboolean hebrew;

#define A_TEXT "שָׁלוֹם לָכֶם. הַשָּׁלוֹם בָּא.\nאין שלום בלי צדק.\n"
#define B_TEXT "מַה נִּשְׁתַּנָּה הַלַּיְלָה הַזֶּה.\n"
#define C_TEXT "שלום רב.\n"

typedef struct
{
  char             *dir;
  ShuProjectWindow *window;
} Project;

static void
mark (ShuDocument *document,
      const char  *needle,
      const char  *label_id,
      const char  *creator,
      gboolean     with_attribute)
{
  const char *text = shu_source_get_text (shu_document_get_source (document));
  g_autoptr(ShuAnnotation) annotation = NULL;
  ShuRange range;

  range.start = shu_test_offset_of (text, needle, 0);
  range.end = range.start + g_utf8_strlen (needle, -1);
  annotation = shu_annotation_new (NULL, &range, 1, label_id, NULL, creator, NULL, NULL);
  if (with_attribute)
    {
      ShuAnnotation *plain = annotation;

      annotation = shu_annotation_with_attribute (plain, "ודאות", "גבוהה", FALSE, NULL);
      g_object_unref (plain);
    }
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
}

static void
annotate (const char *dir,
          const char *name,
          const char *needle,
          const char *creator,
          gboolean    with_attribute)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) text = g_file_new_for_path (path);
  g_autoptr(GFile) sidecar = shu_sidecar_default_file (text);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) claim = shu_label_new ("claim", "טענה", "#336699", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  source = shu_source_new_from_file (text, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_label_set_append (labels, claim));
  document = shu_document_new (source, labels);
  mark (document, needle, "claim", creator, with_attribute);
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
}

/* interviews/a.txt and b.txt annotated by two people (one annotation
 * with an attribute), c.txt without annotations. */
static void
project_setup (Project       *project,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *folder_path = NULL;
  g_autoptr(GFile) folder = NULL;

  shu_test_restore_system_data_dirs ();
  project->dir = g_dir_make_tmp ("shulayim-export-XXXXXX", &error);
  g_assert_no_error (error);
  folder_path = g_build_filename (project->dir, "ראיונות", NULL);
  shu_test_write_file (folder_path, "a.txt", A_TEXT);
  shu_test_write_file (folder_path, "sub/b.txt", B_TEXT);
  shu_test_write_file (folder_path, "c.txt", C_TEXT);
  annotate (folder_path, "a.txt", "שָׁלוֹם לָכֶם", "דנה", FALSE);
  annotate (folder_path, "sub/b.txt", "הַלַּיְלָה", "יוסי", TRUE);

  folder = g_file_new_for_path (folder_path);
  project->window = shu_project_window_new (GTK_APPLICATION (app), folder);
  gtk_window_set_default_size (GTK_WINDOW (project->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (project->window));
  for (guint i = 0; i < 400 && shu_project_window_get_busy (project->window); i++)
    shu_test_spin (25);
  g_assert_false (shu_project_window_get_busy (project->window));
}

static void
project_teardown (Project       *project,
                  gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  shu_test_remove_tree (project->dir);
  g_free (project->dir);
}

static void
screenshot (GtkWidget  *widget,
            const char *what)
{
  g_autofree char *stem = g_strdup_printf ("project-export-%s", what);

  shu_test_screenshot_styles (widget, stem, hebrew);
}

typedef struct
{
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Wait;

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = shu_project_window_export_finish (SHU_PROJECT_WINDOW (object), result,
                                               &wait->error);
  wait->done = TRUE;
}

static gboolean
export (Project    *project,
        int         what,
        const char *path,
        GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Wait wait = { 0 };

  shu_project_window_export_async (project->window, what, file, exported_cb, &wait);
  for (guint i = 0; i < 2000 && !wait.done; i++)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wait.done);
  shu_test_wait_for_frames (GTK_WIDGET (project->window), 2);
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.ok;
}

/* The menu offers both; the .qdpx holds the three texts and validates,
 * the attribute it cannot hold is listed in a dialog; the TEI corpus
 * validates and holds the three texts. */
static void
test_export_both (Project       *project,
                  gconstpointer  data)
{
  g_autofree char *qdpx = g_build_filename (project->dir, "out.qdpx", NULL);
  g_autofree char *tei = g_build_filename (project->dir, "out.xml", NULL);
  g_autofree char *unzip = g_find_program_in_path ("unzip");
  g_autofree char *check = NULL;
  g_autofree char *qde = NULL;
  g_autofree char *xml = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *left_out = g_strdup_printf (_("%s: the attributes of %u annotations not "
                                                 "written"), "sub/b.txt", 1);
  GtkWindow *dialog;
  GtkWidget *menu_button;

  /* The Export menu, opened, offers the whole folder. */
  shu_project_window_set_page (project->window, "reports");
  shu_test_wait_for_frames (GTK_WIDGET (project->window), 2);
  menu_button = shu_test_find_descendant (GTK_WIDGET (project->window), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (menu_button);
  shu_test_popup_menu (GTK_MENU_BUTTON (menu_button));
  {
    GtkPopover *popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button));

    g_assert_true (shu_test_shows_text (GTK_WIDGET (popover), _("REFI-QDA Project (.qdpx)…")));
    g_assert_true (shu_test_shows_text (GTK_WIDGET (popover), _("TEI Corpus…")));
    /* The popover is a surface of its own: drawn alone. */
    screenshot (GTK_WIDGET (popover), "menu");
  }
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  g_assert_true (export (project, SHU_PROJECT_WINDOW_EXPORT_QDPX, qdpx, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (qdpx, G_FILE_TEST_IS_REGULAR));
  g_assert_true (shu_test_shows_text (GTK_WIDGET (project->window), "out.qdpx"));
  dialog = shu_test_find_transient (GTK_WINDOW (project->window), ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (shu_test_shows_text (GTK_WIDGET (dialog), _("Not Everything Was Exported")));
  g_assert_true (shu_test_shows_text (GTK_WIDGET (dialog), left_out));
  screenshot (GTK_WIDGET (dialog), "left-out");
  gtk_window_destroy (dialog);

  g_assert_true (export (project, SHU_PROJECT_WINDOW_EXPORT_TEI, tei, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (tei, &xml, NULL, NULL));
  g_assert_nonnull (strstr (xml, "<teiCorpus"));
  g_assert_cmpuint (shu_test_count_string (xml, "<TEI"), ==, 3);
  g_assert_nonnull (strstr (xml, "הַלַּיְלָה"));
  /* Nothing REFI-QDA lacks is TEI's concern: no dialog this time. */
  g_assert_null (shu_test_find_transient (GTK_WINDOW (project->window),
                                          ADW_TYPE_MESSAGE_DIALOG));

  if (shu_test_need_tool (unzip, "unzip, which reads the exported archive"))
    {
      qde = shu_test_unzip_member (qdpx, "project.qde");
      g_assert_cmpuint (shu_test_count_string (qde, "<TextSource "), ==, 3);
      g_assert_nonnull (strstr (qde, " name=\"a.txt\""));
      g_assert_nonnull (strstr (qde, " name=\"sub/b.txt\""));
      g_assert_nonnull (strstr (qde, " name=\"c.txt\""));
      g_assert_cmpuint (shu_test_count_string (qde, "<PlainTextSelection "), ==, 2);
      g_assert_nonnull (strstr (qde, " name=\"טענה\""));
      g_assert_nonnull (strstr (qde, " name=\"יוסי\""));
    }
  check = shu_test_find_conformance ("SHU_CHECK_TEI", "tei", "check-tei");
  if (check != NULL)
    g_assert_true (shu_test_run_checker (check, tei));
  g_clear_pointer (&check, g_free);
  check = shu_test_find_conformance ("SHU_CHECK_QDPX", "refi-qda", "check-qdpx");
  if (check != NULL)
    g_assert_true (shu_test_run_checker (check, qdpx));
}

/* A folder that is not there: the export fails with the system's reason,
 * says so, and leaves no file, whole or partial. */
static void
test_export_fails (Project       *project,
                   gconstpointer  data)
{
  g_autofree char *missing = g_build_filename (project->dir, "missing", NULL);
  g_autofree char *path = g_build_filename (missing, "out.qdpx", NULL);
  g_autoptr(GError) error = NULL;

  g_assert_false (export (project, SHU_PROJECT_WINDOW_EXPORT_QDPX, path, &error));
  g_assert_nonnull (error);
  g_assert_false (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED));
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  /* The toast of a written export is not shown. */
  g_assert_false (shu_test_shows_text (GTK_WIDGET (project->window), "out.qdpx"));
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

  g_test_add ("/project-export/both", Project, NULL, project_setup, test_export_both,
              project_teardown);
  g_test_add ("/project-export/fails", Project, NULL, project_setup, test_export_fails,
              project_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
