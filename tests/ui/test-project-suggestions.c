/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "shu-application.h"
#include "shu-project-suggestions.h"
#include "shu-project-window.h"
#include "shu-sidecar.h"
#include "shu-test-ui.h"
#include "shu-test-utils.h"

/* Suggestions across a project folder (issue #29), as a researcher meets
 * them: she marked "כישלון" once as Failure in a.txt; b.txt, coded with
 * the same labels, has it twice with prefixes (לכישלון, והכישלון) and
 * "כישלונו", another word. On the project's Suggestions page she finds
 * them (in a thread, with a progress bar and Cancel), sees them by label
 * and form with how many stand in each document, and accepts all of the
 * label at once: both sidecars are written, and one Undo takes it back.
 * A sidecar that cannot be written is named, loses nothing, and its
 * suggestions stay offered. */

static ShuApplication *app;
static gboolean hebrew;

#define A_TEXT "כישלון אחד. הכישלון השני.\n"
/* A document's name and count as listed: isolated, for right-to-left. */
#define DOC(s) "\u2068" s "\u2069"
/* The mark of the interface's direction that starts the list of them. */
#define LRM "\u200E"
#define RLM "\u200F"

#define B_TEXT "לכישלון יש סיבה. והכישלון נמשך, וכישלונו לא.\n"

typedef struct
{
  char                  *dir;
  ShuProjectWindow      *window;
  ShuProjectSuggestions *page;
} Corpus;

static GtkWidget *
find_of_type (GtkWidget *widget,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_of_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_visible (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
collect_labels (GtkWidget *widget,
                GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_labels (child, out);
}

/* Where @needle is drawn in @label, from its left edge (Pango units). */
static int
x_of (GtkLabel   *label,
      const char *needle)
{
  PangoLayout *layout = gtk_label_get_layout (label);
  const char *text = pango_layout_get_text (layout);
  const char *at = strstr (text, needle);
  PangoRectangle pos;

  g_assert_nonnull (at);
  pango_layout_index_to_pos (layout, (int) (at - text), &pos);
  return MIN (pos.x, pos.x + pos.width);
}

/* The page's words as shown, one label a line. */
static char *
shown (Corpus *corpus)
{
  GString *out = g_string_new (NULL);

  collect_labels (GTK_WIDGET (corpus->page), out);
  return g_string_free (out, FALSE);
}

static void
write_sidecar (const char *dir,
               const char *name,
               const char *text,
               gboolean    marked)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sidecar = shu_sidecar_default_file (file);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) failure = shu_label_new ("failure", "Failure", "#c01c28", NULL, 0);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  shu_test_write_file (dir, name, text);
  source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_label_set_append (labels, failure));
  document = shu_document_new (source, labels);
  if (marked)
    {
      ShuRange range = { 0, 6 };
      g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, "failure",
                                                                NULL, "dana", NULL, NULL);

      g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                               NULL));
    }
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
}

static char *
sidecar_path (Corpus     *corpus,
              const char *name)
{
  return g_strdup_printf ("%s/%s.annotations.json", corpus->dir, name);
}

/* How many annotations the sidecar of @name on disk has from suggestions. */
static guint
count_suggested (Corpus     *corpus,
                 const char *name)
{
  g_autofree char *path = sidecar_path (corpus, name);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  for (const char *p = contents; (p = strstr (p, "\"shu:suggested\": true")) != NULL; p++)
    n++;
  return n;
}

/* How many annotations the Documents page lists for @name. */
static guint
listed_annotations (Corpus     *corpus,
                    const char *name)
{
  GListModel *documents = G_LIST_MODEL (shu_project_window_get_project (corpus->window));

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (documents, i);

      if (g_strcmp0 (shu_project_document_get_name (entry), name) == 0)
        return shu_project_document_get_n_annotations (entry);
    }
  g_assert_not_reached ();
}

/* Waits (up to 15 s) for the Documents page to list @a and @b annotations
 * for a.txt and b.txt. */
static void
wait_listed (Corpus *corpus,
             guint   a,
             guint   b)
{
  for (guint i = 0; i < 600 && (listed_annotations (corpus, "a.txt") != a
                                || listed_annotations (corpus, "b.txt") != b); i++)
    shu_test_spin (25);
  g_assert_cmpuint (listed_annotations (corpus, "a.txt"), ==, a);
  g_assert_cmpuint (listed_annotations (corpus, "b.txt"), ==, b);
}

static void
wait_idle (Corpus *corpus)
{
  for (guint i = 0; i < 400 && (shu_project_window_get_busy (corpus->window)
                                || shu_project_suggestions_get_busy (corpus->page)); i++)
    shu_test_spin (25);
  g_assert_false (shu_project_window_get_busy (corpus->window));
  g_assert_false (shu_project_suggestions_get_busy (corpus->page));
  shu_test_wait_for_frames (GTK_WIDGET (corpus->window), 2);
}

static void
corpus_setup (Corpus        *corpus,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;

  shu_test_restore_system_data_dirs ();
  g_settings_set_string (settings, "author-name", "Test Annotator");
  corpus->dir = g_dir_make_tmp ("shulayim-project-suggest-XXXXXX", &error);
  g_assert_no_error (error);
  write_sidecar (corpus->dir, "a.txt", A_TEXT, TRUE);
  write_sidecar (corpus->dir, "b.txt", B_TEXT, FALSE);

  folder = g_file_new_for_path (corpus->dir);
  corpus->window = shu_project_window_new (GTK_APPLICATION (app), folder);
  gtk_window_set_default_size (GTK_WINDOW (corpus->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (corpus->window));
  corpus->page = SHU_PROJECT_SUGGESTIONS (find_of_type (GTK_WIDGET (corpus->window),
                                                        SHU_TYPE_PROJECT_SUGGESTIONS));
  g_assert_nonnull (corpus->page);
  wait_idle (corpus);
  shu_project_window_set_page (corpus->window, "suggestions");
}

static void
corpus_teardown (Corpus        *corpus,
                 gconstpointer  data)
{
  GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));

  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_destroy (l->data);
  g_list_free (windows);
  shu_test_remove_tree (corpus->dir);
  g_free (corpus->dir);
}

static void
screenshot (Corpus *corpus)
{
  shu_test_screenshot_styles (GTK_WIDGET (corpus->window), "project-suggestions", hebrew);
}

/* Found, listed by label and form with the documents' counts; all of
 * the label accepted in one step that writes both sidecars; one Undo
 * takes it back, on disk too. */
static void
test_find_accept_undo (Corpus        *corpus,
                       gconstpointer  data)
{
  g_autofree char *before = NULL;
  g_autofree char *listed = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  GtkWidget *button;

  before = shown (corpus);
  g_assert_null (strstr (before, "Failure (3)"));
  wait_listed (corpus, 1, 0);
  button = find_button (GTK_WIDGET (corpus->page), _("Find Suggestions"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (shu_project_suggestions_get_busy (corpus->page));
  wait_idle (corpus);

  listed = shown (corpus);
  g_assert_nonnull (strstr (listed, "Failure (3)\n"));
  /* The form, where it stands and how often; "כישלונו" is not one. */
  g_assert_nonnull (strstr (listed, hebrew ? "כישלון\n" RLM DOC ("a.txt: 1") " · " DOC ("b.txt: 2") "\n3\n"
                                           : "כישלון\n" LRM DOC ("a.txt: 1") " · " DOC ("b.txt: 2") "\n3\n"));
  g_assert_null (strstr (listed, "כישלונו"));
  /* The documents read in the interface's direction, Latin names and
   * all: the first on the right in Hebrew, on the left in English. */
  {
    GtkLabel *where = shu_test_find_label_showing (GTK_WIDGET (corpus->page), "a.txt: 1");

    g_assert_nonnull (where);
    if (hebrew)
      g_assert_cmpint (x_of (where, "a.txt"), >, x_of (where, "b.txt"));
    else
      g_assert_cmpint (x_of (where, "a.txt"), <, x_of (where, "b.txt"));
  }
  screenshot (corpus);

  button = find_button (GTK_WIDGET (corpus->page), _("Accept All"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_idle (corpus);
  g_assert_cmpuint (count_suggested (corpus, "a.txt"), ==, 1);
  g_assert_cmpuint (count_suggested (corpus, "b.txt"), ==, 2);
  /* The Documents page counts them; Undo comes after the folder was
   * read again, as it would for someone who reads the toast first. */
  wait_listed (corpus, 2, 2);
  wait_idle (corpus);
  after = shown (corpus);
  g_assert_null (strstr (after, "Failure (3)"));
  {
    g_autofree char *documents = g_strdup_printf (ngettext ("%u document", "%u documents", 2),
                                                  2);
    g_autofree char *toast = g_strdup_printf (ngettext ("Accepted %u suggestion in %s",
                                                        "Accepted %u suggestions in %s", 3),
                                              3, documents);

    g_assert_true (shu_test_shows_label (GTK_WIDGET (corpus->window), toast));
  }

  button = find_button (GTK_WIDGET (corpus->window), _("Undo"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_idle (corpus);
  g_assert_cmpuint (count_suggested (corpus, "a.txt"), ==, 0);
  g_assert_cmpuint (count_suggested (corpus, "b.txt"), ==, 0);
  /* Read again from disk (the folder is watched), the documents are
   * as before, and the page offers what it did, found in them anew. */
  wait_listed (corpus, 1, 0);
  wait_idle (corpus);
  undone = shown (corpus);
  g_assert_nonnull (strstr (undone, "Failure (3)\n"));
}

/* b.txt's sidecar cannot be written (a folder stands in its place): the
 * page names it, a.txt's is written, nothing of b.txt is lost and its
 * suggestions are still offered. */
static void
test_failed_write (Corpus        *corpus,
                   gconstpointer  data)
{
  g_autofree char *b_sidecar = sidecar_path (corpus, "b.txt");
  g_autofree char *listed = NULL;
  GtkWidget *button;

  shu_project_suggestions_find (corpus->page);
  wait_idle (corpus);
  g_assert_cmpint (g_unlink (b_sidecar), ==, 0);
  g_assert_cmpint (g_mkdir (b_sidecar, 0755), ==, 0);

  button = find_button (GTK_WIDGET (corpus->page), _("Accept All"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_idle (corpus);
  g_assert_cmpuint (count_suggested (corpus, "a.txt"), ==, 1);
  g_assert_true (g_file_test (b_sidecar, G_FILE_TEST_IS_DIR));
  listed = shown (corpus);
  g_assert_nonnull (strstr (listed, "b.txt.annotations.json"));
  g_assert_nonnull (strstr (listed, "Failure (2)\n"));
  g_assert_nonnull (strstr (listed, hebrew ? "כישלון\n" RLM DOC ("b.txt: 2") "\n2\n"
                                           : "כישלון\n" LRM DOC ("b.txt: 2") "\n2\n"));
}

/* b.txt's sidecar was changed by someone else after the project was
 * read (a colleague's copy synced in): accepting leaves it exactly as it
 * is on disk, says so, and writes a.txt's. */
static void
test_changed_on_disk (Corpus        *corpus,
                      gconstpointer  data)
{
  g_autofree char *b_sidecar = sidecar_path (corpus, "b.txt");
  g_autofree char *theirs = NULL;
  g_autofree char *now = NULL;
  g_autofree char *listed = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *button;

  shu_project_suggestions_find (corpus->page);
  wait_idle (corpus);
  g_assert_true (g_file_get_contents (b_sidecar, &theirs, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (theirs, "\"Failure\""));
  /* Their edit: the label renamed, the bytes changed. */
  memcpy (strstr (theirs, "\"Failure\""), "\"Failurs\"", 9);
  g_assert_true (g_file_set_contents (b_sidecar, theirs, -1, &error));
  g_assert_no_error (error);

  button = find_button (GTK_WIDGET (corpus->page), _("Accept All"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_idle (corpus);
  g_assert_cmpuint (count_suggested (corpus, "a.txt"), ==, 1);
  g_assert_true (g_file_get_contents (b_sidecar, &now, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (now, ==, theirs);
  listed = shown (corpus);
  g_assert_nonnull (strstr (listed, "b.txt.annotations.json"));
}

/* Cancel stops the search and says so; nothing is listed. */
static void
test_cancel (Corpus        *corpus,
             gconstpointer  data)
{
  g_autofree char *listed = NULL;
  GtkWidget *button;

  shu_project_suggestions_find (corpus->page);
  button = find_button (GTK_WIDGET (corpus->page), _("Cancel"));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  wait_idle (corpus);
  listed = shown (corpus);
  g_assert_nonnull (strstr (listed, _("Finding suggestions was cancelled")));
  g_assert_null (strstr (listed, "Failure ("));
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
  g_test_add (path, Corpus, NULL, corpus_setup, func, corpus_teardown)
  ADD ("/project-suggestions/find-accept-undo", test_find_accept_undo);
  ADD ("/project-suggestions/failed-write", test_failed_write);
  ADD ("/project-suggestions/changed-on-disk", test_changed_on_disk);
  ADD ("/project-suggestions/cancel", test_cancel);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
