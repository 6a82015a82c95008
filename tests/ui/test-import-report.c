/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "shu-application.h"
#include "shu-import-report.h"
#include "shu-window.h"
#include "shu-test-ui.h"

/* What a researcher sees after importing a brat file that has lines the
 * import skipped (issue 22): chosen through the real Import menu item and
 * file chooser, the file's annotations are added and a window lists each
 * skipped item with its place, why and what was done, all selectable, and
 * "Copy Report" puts the whole report on the clipboard. Run in English
 * and, with --hebrew, as a Hebrew-speaking user (the words are the
 * catalog's). With SHU_TEST_SCREENSHOTS set to a folder, the report is
 * saved there as a PNG to look at. */

static ShuApplication *app;
static gboolean hebrew;

/* One span of the essay, one line cut short, one note on a span the file
 * does not have. */
static const char *ann =
  "T1\tClaim 18 36\tהקומוניזם הסובייטי\n"
  "T2\tClaim 18\tהקומוניזם\n"
  "#1\tAnnotatorNotes T9\tאין כזה\n";

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static GtkWindow *
wait_for_toplevel (GType type)
{
  GtkWindow *window = NULL;

  for (guint i = 0; i < 200 && (window = find_toplevel (type)) == NULL; i++)
    shu_test_spin (50);
  return window;
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The texts of the labels under @widget, in order, one a line. */
static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

static void
read_text_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("");
}

static void
test_import_report (void)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autoptr(GError) error = NULL;
  g_autofree char *tmpdir = g_dir_make_tmp ("shulayim-ui-XXXXXX", &error);
  g_autofree char *contents = NULL;
  g_autofree char *text_path = NULL;
  g_autofree char *ann_path = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(GFile) ann_file = NULL;
  g_autoptr(GString) shown = g_string_new (NULL);
  g_autofree char *copied = NULL;
  g_autofree char *expected = NULL;
  ShuWindow *window;
  GtkWindow *chooser;
  GtkWindow *report;

  g_assert_no_error (error);
  g_assert_true (g_file_load_contents (essay, NULL, &contents, NULL, NULL, &error));
  text_path = g_build_filename (tmpdir, "essay.he.txt", NULL);
  ann_path = g_build_filename (tmpdir, "other.ann", NULL);
  g_assert_true (g_file_set_contents (text_path, contents, -1, &error));
  g_assert_true (g_file_set_contents (ann_path, ann, -1, &error));
  text = g_file_new_for_path (text_path);
  ann_file = g_file_new_for_path (ann_path);
  window = shu_test_open_window (app, text, 900, 640);

  /* Import > brat Standoff…, then the file, in the file chooser. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.import-brat", NULL));
  chooser = wait_for_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  g_assert_nonnull (chooser);
  /* Typed into the location entry, as a keyboard user does ("/"). */
  {
    GtkWidget *widget = find_widget (GTK_WIDGET (chooser), GTK_TYPE_FILE_CHOOSER_WIDGET);

    g_assert_nonnull (widget);
    g_signal_emit_by_name (widget, "location-popup", ann_path);
    shu_test_spin (200);
  }
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  report = wait_for_toplevel (SHU_TYPE_IMPORT_REPORT);
  g_assert_nonnull (report);
  g_assert_true (gtk_window_get_transient_for (report) == GTK_WINDOW (window));
  shu_test_wait_for_frames (GTK_WIDGET (report), 3);

  /* The summary, then each skipped line: where, then why and what was
   * done. */
  collect_labels (GTK_WIDGET (report), shown);
  g_test_message ("shown:\n%s", shown->str);
  if (hebrew)
    {
      g_assert_true (strstr (shown->str,
                             "הסימונים יובאו\n"
                             "other.ann\n"
                             "העתקת הדוח\n"
                             "סימון אחד יובא.\n"
                             "מה נשאר בחוץ או השתנה\n"
                             "other.ann:2:10\n") != NULL);
      g_assert_true (strstr (shown->str,
                             "other.ann:3:4\n"
                             "ההערה היא על T9, שאינו סימון, קשר או אירוע בקובץ זה; דילגנו על השורה\n")
                     != NULL);
      g_assert_true (gtk_widget_get_direction (GTK_WIDGET (report)) == GTK_TEXT_DIR_RTL);
    }
  else
    g_assert_cmpstr (shown->str, ==,
                     "Annotations Imported\n"
                     "other.ann\n"
                     "Copy Report\n"
                     "1 annotation imported.\n"
                     "Left Out or Changed\n"
                     "other.ann:2:10\n"
                     "expected offsets \"START END\" (whole numbers), several joined by ';'; "
                     "line skipped\n"
                     "other.ann:3:4\n"
                     "the note is on T9, which is not an annotation, relation or event of this file; "
                     "line skipped\n");

  /* Every line of the list can be selected, to copy one place or reason. */
  {
    GPtrArray *labels = g_ptr_array_new ();
    GtkWidget *root = GTK_WIDGET (report);
    GQueue queue = G_QUEUE_INIT;

    g_queue_push_tail (&queue, root);
    while (!g_queue_is_empty (&queue))
      {
        GtkWidget *widget = g_queue_pop_head (&queue);

        if (GTK_IS_LABEL (widget) && gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX))
          g_ptr_array_add (labels, widget);
        for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
             child = gtk_widget_get_next_sibling (child))
          g_queue_push_tail (&queue, child);
      }
    g_assert_cmpuint (labels->len, ==, 4);
    for (guint i = 0; i < labels->len; i++)
      g_assert_true (gtk_label_get_selectable (g_ptr_array_index (labels, i)));
    g_ptr_array_unref (labels);
  }

  /* Copy Report: the whole report, ready to paste. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (report), "report.copy", NULL));
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (report)), NULL,
                                 read_text_cb, &copied);
  for (guint i = 0; i < 100 && copied == NULL; i++)
    shu_test_spin (20);
  expected = g_strdup_printf ("other.ann\n%s\n\n"
                              "other.ann:2:10: %s; %s\n"
                              "other.ann:3:4: %s\n",
                              hebrew ? "סימון אחד יובא." : "1 annotation imported.",
                              hebrew ? "צריך לבוא היסטים \"START END\" (מספרים שלמים), כמה "
                                       "מהם מחוברים ב־';'"
                                     : "expected offsets \"START END\" (whole numbers), "
                                       "several joined by ';'",
                              hebrew ? "דילגנו על השורה" : "line skipped",
                              hebrew ? "ההערה היא על T9, שאינו סימון, קשר או אירוע בקובץ זה; "
                                       "דילגנו על השורה"
                                     : "the note is on T9, which is not an annotation, relation "
                                       "or event of this file; line skipped");
  g_assert_cmpstr (copied, ==, expected);
  shu_test_spin (100);
  g_assert_true (shu_test_shows_label (GTK_WIDGET (report),
                                       hebrew ? "הדוח הועתק" : "Report copied"));

  {
    const char *folder = g_getenv ("SHU_TEST_SCREENSHOTS");

    if (folder != NULL)
      {
        g_autofree char *path = g_build_filename (folder, hebrew ? "import-report-he.png"
                                                                 : "import-report-en.png", NULL);

        shu_test_render_to_file (GTK_WIDGET (report), path);
      }
  }

  gtk_window_destroy (report);
  gtk_window_destroy (GTK_WINDOW (window));
  shu_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* --hebrew: as a Hebrew-speaking user starts the app. */
  hebrew = shu_test_ui_take_hebrew_arg (&argc, &argv);

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add_func ("/import/report", test_import_report);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
