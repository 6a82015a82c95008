/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "shu-application.h"
#include "shu-find-bar.h"
#include "shu-label-manager.h"
#include "shu-window.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* The find bar and the label manager, driven through the window's actions
 * and the widgets a user reaches, checked by what the user would see: the
 * selected words, the count, the labels in the store, the names shown.
 * With SHU_TEST_SCREENSHOTS set to a folder, the windows are also saved
 * there as PNGs to look at. */

static ShuApplication *app;

typedef struct
{
  ShuWindow *window;
  char      *tmpdir;
  GFile     *text;
} Fixture;

/* Into $SHU_TEST_SCREENSHOTS, when it is set, for a person to look at. */
static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  const char *folder = g_getenv ("SHU_TEST_SCREENSHOTS");
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;

  shu_test_wait_for_frames (window, 3);
  path = g_build_filename (folder, name, NULL);
  shu_test_render_to_file (window, path);
}

static GFile *
write_text (const char *tmpdir,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  shu_test_restore_system_data_dirs ();
  g_settings_set_string (settings, "author-name", "Test Annotator");
  g_settings_set_boolean (settings, "join-lines", FALSE);
  g_settings_set_boolean (settings, "find-ignore-marks", TRUE);

  fixture->tmpdir = g_dir_make_tmp ("shulayim-ui-XXXXXX", &error);
  g_assert_no_error (error);
  g_file_load_contents (essay, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->text = write_text (fixture->tmpdir, "essay.he.txt", contents);
  fixture->window = shu_test_open_window (app, fixture->text, 900, 640);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->text);
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

typedef gboolean (*WidgetMatch) (GtkWidget *widget,
                                 gpointer   data);

static GtkWidget *
find_widget (GtkWidget   *root,
             WidgetMatch  match,
             gpointer     data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_type (GtkWidget *widget,
         gpointer   data)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (data));
}

static gboolean
is_row_of (GtkWidget *widget,
           gpointer   data)
{
  return ADW_IS_ENTRY_ROW (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "shu-label-id"), data) == 0;
}

static gboolean
is_color_choice (GtkWidget *widget,
                 gpointer   data)
{
  return GTK_IS_BUTTON (widget)
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "shu-color"), data) == 0;
}

static gboolean
is_label_with_text (GtkWidget *widget,
                    gpointer   data)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), data) == 0;
}

static gboolean
is_button_with_label (GtkWidget *widget,
                      gpointer   data)
{
  return GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget)
      && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), data) == 0;
}

static ShuFindBar *
get_find_bar (ShuWindow *window)
{
  GtkWidget *bar = find_widget (GTK_WIDGET (window), is_type,
                                GSIZE_TO_POINTER (SHU_TYPE_FIND_BAR));

  g_assert_nonnull (bar);
  return SHU_FIND_BAR (bar);
}

static GtkRevealer *
get_find_revealer (ShuWindow *window)
{
  GtkWidget *revealer = gtk_widget_get_parent (GTK_WIDGET (get_find_bar (window)));

  g_assert_true (GTK_IS_REVEALER (revealer));
  return GTK_REVEALER (revealer);
}

static char *
dup_selected_text (ShuWindow *window,
                   guint     *start,
                   guint     *end)
{
  ShuTextView *view = shu_window_get_text_view (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkTextIter a, b;

  g_assert_true (gtk_text_buffer_get_selection_bounds (buffer, &a, &b));
  *start = gtk_text_iter_get_offset (&a);
  *end = gtk_text_iter_get_offset (&b);
  return gtk_text_buffer_get_text (buffer, &a, &b, TRUE);
}

/* The code point offsets of every occurrence of @word in the essay file
 * as shipped, found with plain strstr(). */
static GArray *
plain_occurrences (const char *word)
{
  g_autofree char *essay = NULL;
  g_autoptr(GError) error = NULL;
  GArray *offsets = g_array_new (FALSE, FALSE, sizeof (guint));

  g_file_get_contents (g_getenv ("SHU_ESSAY"), &essay, NULL, &error);
  g_assert_no_error (error);
  for (const char *p = strstr (essay, word); p != NULL; p = strstr (p + strlen (word), word))
    {
      guint offset = g_utf8_pointer_to_offset (essay, p);

      g_array_append_val (offsets, offset);
    }
  return offsets;
}

static void
assert_selected (ShuWindow  *window,
                 guint       expected_start,
                 const char *expected_text)
{
  g_autofree char *text = NULL;
  guint start, end;

  text = dup_selected_text (window, &start, &end);
  g_assert_cmpuint (start, ==, expected_start);
  g_assert_cmpuint (end, ==, expected_start + g_utf8_strlen (expected_text, -1));
  g_assert_cmpstr (text, ==, expected_text);
}

static void
test_find_counts_and_moves (Fixture       *fixture,
                            gconstpointer  data)
{
  const char *word = "כישלון";
  g_autoptr(GArray) expected = plain_occurrences (word);
  ShuFindBar *bar = get_find_bar (fixture->window);
  GtkRevealer *revealer = get_find_revealer (fixture->window);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  GtkWidget *entry;
  g_autofree char *status = NULL;
  guint n = expected->len;

  g_assert_cmpuint (n, >=, 3);
  g_assert_false (gtk_revealer_get_reveal_child (revealer));

  /* Ctrl+F opens the bar with the focus in its entry. */
  shu_text_view_select_range (view, 0, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  g_assert_true (gtk_revealer_get_reveal_child (revealer));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  entry = find_widget (GTK_WIDGET (bar), is_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (GTK_WINDOW (fixture->window)),
                                         entry));

  shu_find_bar_set_query (bar, word);
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), ==, n);
  g_assert_cmpint (shu_find_bar_get_current (bar), ==, 0);
  status = g_strdup_printf ("1 of %u", n);
  g_assert_cmpstr (shu_find_bar_get_status (bar), ==, status);
  assert_selected (fixture->window, g_array_index (expected, guint, 0), word);
  shu_test_spin (300);
  save_screenshot (GTK_WIDGET (fixture->window), "find-bar.png");

  /* Enter in the entry (its "activate") goes on; so does Ctrl+G. */
  g_signal_emit_by_name (entry, "activate");
  assert_selected (fixture->window, g_array_index (expected, guint, 1), word);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-next",
                                             NULL));
  assert_selected (fixture->window, g_array_index (expected, guint, 2), word);
  g_clear_pointer (&status, g_free);
  status = g_strdup_printf ("3 of %u", n);
  g_assert_cmpstr (shu_find_bar_get_status (bar), ==, status);

  /* Back, and around the start to the last one. */
  g_signal_emit_by_name (entry, "previous-match");
  assert_selected (fixture->window, g_array_index (expected, guint, 1), word);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.find-previous", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.find-previous", NULL));
  assert_selected (fixture->window, g_array_index (expected, guint, n - 1), word);
  g_signal_emit_by_name (entry, "next-match");
  assert_selected (fixture->window, g_array_index (expected, guint, 0), word);

  /* Something not in the text. */
  shu_find_bar_set_query (bar, "xyzzy");
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), ==, 0);
  g_assert_cmpstr (shu_find_bar_get_status (bar), ==, "No matches");
  g_assert_true (gtk_widget_has_css_class (entry, "error"));

  /* Escape closes the bar and gives the text the focus back. */
  g_signal_emit_by_name (entry, "stop-search");
  g_assert_false (gtk_revealer_get_reveal_child (revealer));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (view));
}

/* How many of Find's matches lie, at least in part, on screen: measured
 * here from the text's layout, not asked of the code that draws them. */
static guint
count_matches_on_screen (ShuWindow  *window,
                         ShuFindBar *bar)
{
  GtkTextView *view = GTK_TEXT_VIEW (shu_window_get_text_view (window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle visible;
  guint n = 0;

  gtk_text_view_get_visible_rect (view, &visible);
  for (guint i = 0; i < shu_find_bar_get_n_matches (bar); i++)
    {
      GdkRectangle rect;
      GtkTextIter iter;
      guint start;

      g_assert_true (shu_find_bar_get_match (bar, i, &start, NULL));
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
      gtk_text_view_get_iter_location (view, &iter, &rect);
      if (rect.y + rect.height > visible.y && rect.y < visible.y + visible.height)
        n++;
    }
  return n;
}

/* A reader looks for a word that is everywhere: every match on screen is
 * marked, not only the one selected, and that one is marked apart; the
 * marks go when the bar closes. */
static void
test_find_shows_all_matches (Fixture       *fixture,
                             gconstpointer  data)
{
  const char *word = "של";
  ShuFindBar *bar = get_find_bar (fixture->window);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  guint n_current = 0, n_drawn, on_screen;

  shu_text_view_select_range (view, 0, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  shu_find_bar_set_query (bar, word);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), >, 100);

  on_screen = count_matches_on_screen (fixture->window, bar);
  g_assert_cmpuint (on_screen, >=, 10);
  n_drawn = shu_text_view_get_n_matches_drawn (view, &n_current);
  /* Every match on screen, and only about those (whole lines at the
   * edges): never the whole text's. */
  g_assert_cmpuint (n_drawn, >=, on_screen);
  g_assert_cmpuint (n_drawn, <=, on_screen + 10);
  g_assert_cmpuint (n_current, ==, 1);
  save_screenshot (GTK_WIDGET (fixture->window), "find-all-matches.png");

  /* The next one becomes the current one; still one marked apart. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-next",
                                             NULL));
  g_assert_cmpint (shu_find_bar_get_current (bar), ==, 1);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  n_drawn = shu_text_view_get_n_matches_drawn (view, &n_current);
  g_assert_cmpuint (n_drawn, >=, on_screen);
  g_assert_cmpuint (n_current, ==, 1);

  /* Closed, the text shows no matches. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (bar), is_type,
                                      GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)),
                         "stop-search");
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpuint (shu_text_view_get_n_matches_drawn (view, &n_current), ==, 0);
  g_assert_cmpuint (n_current, ==, 0);
}

static void
test_find_ignores_niqqud (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *pointed = "בְּרֵאשִׁית בָּרָא אֱלֹהִים אֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ\n";
  g_autoptr(GFile) file = write_text (fixture->tmpdir, "genesis.txt", pointed);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  ShuFindBar *bar = get_find_bar (fixture->window);
  GtkWidget *toggle;

  g_assert_true (shu_test_open_file (fixture->window, file, &error));
  g_assert_no_error (error);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find", NULL));
  g_assert_true (shu_find_bar_get_ignore_marks (bar));
  shu_find_bar_set_query (bar, "שמים");
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), ==, 1);
  /* The whole pointed word, its last letter's marks included. */
  assert_selected (fixture->window, 34, "שָּׁמַיִם");

  shu_find_bar_set_query (bar, "ברא");
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), ==, 2);
  assert_selected (fixture->window, 0, "בְּרֵא");
  g_assert_true (shu_find_bar_next (bar));
  assert_selected (fixture->window, 12, "בָּרָא");

  /* The toggle turns it off, and the setting keeps the choice. */
  toggle = find_widget (GTK_WIDGET (bar), is_type, GSIZE_TO_POINTER (GTK_TYPE_TOGGLE_BUTTON));
  g_assert_nonnull (toggle);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), FALSE);
  g_assert_false (shu_find_bar_get_ignore_marks (bar));
  g_assert_false (g_settings_get_boolean (settings, "find-ignore-marks"));
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), ==, 0);
  g_assert_cmpstr (shu_find_bar_get_status (bar), ==, "No matches");
  shu_find_bar_set_query (bar, "בָּרָא");
  g_assert_cmpuint (shu_find_bar_get_n_matches (bar), ==, 1);
}

static ShuLabelManager *
open_label_manager (ShuWindow *window)
{
  ShuLabelManager *manager = NULL;
  GList *toplevels;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.manage-labels", NULL));
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (SHU_IS_LABEL_MANAGER (l->data)
        && gtk_window_get_transient_for (l->data) == GTK_WINDOW (window))
      manager = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (manager);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (manager)));
  shu_test_wait_for_frames (GTK_WIDGET (manager), 1);
  return manager;
}

static AdwMessageDialog *
find_dialog_for (GtkWindow *parent)
{
  AdwMessageDialog *dialog = NULL;
  GList *toplevels = gtk_window_list_toplevels ();

  for (GList *l = toplevels; l != NULL; l = l->next)
    if (ADW_IS_MESSAGE_DIALOG (l->data) && gtk_widget_get_visible (l->data)
        && gtk_window_get_transient_for (l->data) == parent)
      dialog = l->data;
  g_list_free (toplevels);
  g_assert_nonnull (dialog);
  return dialog;
}

static ShuAnnotationStore *
get_store (ShuWindow *window)
{
  return shu_document_get_store (shu_window_get_document (window));
}

static ShuLabel *
nth_label (ShuWindow *window,
           guint      n)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (get_store (window));
  g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), n);

  g_assert_nonnull (label);
  return label;
}

static guint
n_labels (ShuWindow *window)
{
  return g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (
    get_store (window))));
}

static guint
n_popover_rows (ShuWindow *window)
{
  GtkWidget *list = find_widget (GTK_WIDGET (shu_window_get_annotate_popover (window)),
                                 is_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_BOX));
  guint n = 0;

  g_assert_nonnull (list);
  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), n) != NULL)
    n++;
  return n;
}

static void
annotate (ShuWindow  *window,
          const char *word,
          const char *label_id)
{
  ShuSource *source = shu_document_get_source (shu_window_get_document (window));
  const char *text = shu_source_get_text (source);
  const char *hit = strstr (text, word);
  g_autoptr(GError) error = NULL;
  guint start;

  g_assert_nonnull (hit);
  start = g_utf8_pointer_to_offset (text, hit);
  shu_text_view_select_range (shu_window_get_text_view (window), start,
                              start + g_utf8_strlen (word, -1));
  g_assert_true (shu_window_annotate_selection (window, label_id, NULL, &error));
  g_assert_no_error (error);
}

static void
test_label_manager_edits (Fixture       *fixture,
                          gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  ShuLabelManager *manager = open_label_manager (window);
  g_autofree char *first_id = g_strdup (shu_label_get_id (nth_label (window, 0)));
  g_autofree char *first_name = g_strdup (shu_label_get_name (nth_label (window, 0)));
  g_autofree char *first_color = g_strdup (shu_label_get_color (nth_label (window, 0)));
  g_autofree char *new_id = NULL;
  guint n = n_labels (window);
  GtkWidget *row, *choice, *drop_down;
  AdwMessageDialog *dialog;
  g_autoptr(GPtrArray) annotations = NULL;
  const char *recolour = "#3584e4";
  g_autofree char *holder_id = NULL;
  g_autofree char *moved = NULL;
  GtkWidget *toast_label;

  g_assert_cmpuint (n, >=, 2);
  g_assert_cmpuint (n_popover_rows (window), ==, n);
  save_screenshot (GTK_WIDGET (manager), "label-manager.png");

  /* Add: one step, and the annotate popover lists the new label too. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (manager), "labels.add", NULL));
  g_assert_cmpuint (n_labels (window), ==, n + 1);
  g_assert_cmpstr (shu_label_get_name (nth_label (window, n)), ==, "New Label");
  g_assert_cmpuint (n_popover_rows (window), ==, n + 1);
  new_id = g_strdup (shu_label_get_id (nth_label (window, n)));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (n_labels (window), ==, n);
  g_assert_cmpuint (n_popover_rows (window), ==, n);
  g_assert_true (shu_annotation_store_redo (store));
  g_assert_cmpuint (n_labels (window), ==, n + 1);

  /* Rename in the row, as typed and applied. */
  row = find_widget (GTK_WIDGET (manager), is_row_of, first_id);
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, first_name);
  gtk_editable_set_text (GTK_EDITABLE (row), "  Thesis  ");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, first_id)), ==, "Thesis");
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Rename Label");
  /* A taken name is refused and the row shows the name kept. */
  row = find_widget (GTK_WIDGET (manager), is_row_of, new_id);
  gtk_editable_set_text (GTK_EDITABLE (row), "Thesis");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, new_id)), ==, "New Label");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "New Label");
  /* So is a name with a tab in it (pasted), which a sidecar refuses. */
  gtk_editable_set_text (GTK_EDITABLE (row), "Claim\tpasted");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, new_id)), ==, "New Label");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "New Label");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, first_id)), ==,
                   first_name);

  /* Recolour from the row's palette. */
  row = find_widget (GTK_WIDGET (manager), is_row_of, first_id);
  choice = find_widget (row, is_color_choice, (gpointer) recolour);
  g_assert_nonnull (choice);
  g_signal_emit_by_name (choice, "clicked");
  g_assert_cmpstr (shu_label_get_color (shu_label_set_lookup (labels, first_id)), ==, recolour);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpstr (shu_label_get_color (shu_label_set_lookup (labels, first_id)), ==,
                   first_color);

  /* A digit another label holds moves, in one step, and the manager says
   * from which label, with an Undo button that gives it back. */
  holder_id = g_strdup (shu_label_get_id (shu_label_set_lookup_shortcut (labels, '1')));
  /* The names are bidi isolates (invisible), so that a Hebrew name keeps
   * its place in the English sentence. */
  moved = g_strdup_printf ("Shortcut 1 moved from “\u2068%s\u2069” to "
                           "“\u2068New Label\u2069”",
                           shu_label_get_name (shu_label_set_lookup (labels, holder_id)));
  g_assert_null (find_widget (GTK_WIDGET (manager), is_label_with_text, moved));
  row = find_widget (GTK_WIDGET (manager), is_row_of, new_id);
  drop_down = find_widget (row, is_type, GSIZE_TO_POINTER (GTK_TYPE_DROP_DOWN));
  g_assert_nonnull (drop_down);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down), 1);
  /* The drop-down hands the change on once it is done with the event. */
  while (shu_label_get_shortcut (shu_label_set_lookup (labels, new_id)) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (shu_label_get_shortcut (shu_label_set_lookup (labels, new_id)), ==, '1');
  g_assert_true (shu_label_set_lookup_shortcut (labels, '1')
                 == shu_label_set_lookup (labels, new_id));
  shu_test_wait_for_frames (GTK_WIDGET (manager), 2);
  toast_label = find_widget (GTK_WIDGET (manager), is_label_with_text, moved);
  g_assert_nonnull (toast_label);
  save_screenshot (GTK_WIDGET (manager), "shortcut-moved.png");
  {
    GtkWidget *toast = toast_label;
    GtkWidget *undo = NULL;

    /* The toast's own Undo button, beside its title. */
    while (undo == NULL && (toast = gtk_widget_get_parent (toast)) != NULL)
      undo = find_widget (toast, is_button_with_label, (gpointer) "_Undo");
    g_assert_nonnull (undo);
    g_signal_emit_by_name (undo, "clicked");
  }
  g_assert_cmpint (shu_label_get_shortcut (shu_label_set_lookup (labels, new_id)), ==, 0);
  g_assert_cmpint (shu_label_get_shortcut (shu_label_set_lookup (labels, holder_id)), ==, '1');

  /* Reorder. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (manager), "labels.move-down", "s",
                                             first_id));
  g_assert_cmpint (shu_label_set_index_of (labels, first_id), ==, 1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (manager), "labels.move-up", "s",
                                             first_id));
  g_assert_cmpint (shu_label_set_index_of (labels, first_id), ==, 0);

  /* Delete asks, counting the annotations, which stay unlabelled. */
  annotate (window, "כישלון", first_id);
  annotate (window, "חזון", first_id);
  g_assert_cmpuint (shu_annotation_store_count_label (store, first_id), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (manager), "labels.delete", "s",
                                             first_id));
  dialog = find_dialog_for (GTK_WINDOW (manager));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog),
                            "2 annotations carry this label"));
  save_screenshot (GTK_WIDGET (dialog), "label-delete-dialog.png");
  adw_message_dialog_response (dialog, "delete");
  g_assert_null (shu_label_set_lookup (labels, first_id));
  annotations = shu_annotation_store_dup_annotations (store);
  g_assert_cmpuint (annotations->len, ==, 2);
  for (guint i = 0; i < annotations->len; i++)
    g_assert_null (shu_annotation_get_label_id (g_ptr_array_index (annotations, i)));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_nonnull (shu_label_set_lookup (labels, first_id));
  g_assert_cmpuint (shu_annotation_store_count_label (store, first_id), ==, 2);

  gtk_window_destroy (GTK_WINDOW (manager));
}

static void
test_label_names_are_plain_text (Fixture       *fixture,
                                 gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  g_autoptr(ShuLabel) label = shu_label_new ("odd", "<b>&", "#ffc6ff", NULL, 0);
  ShuLabelManager *manager;
  AdwMessageDialog *dialog;
  GtkWidget *row, *shown, *menu_button, *palette;

  g_assert_true (shu_annotation_store_add_label (store, label, -1));
  manager = open_label_manager (window);

  row = find_widget (GTK_WIDGET (manager), is_row_of, "odd");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "<b>&");
  save_screenshot (GTK_WIDGET (manager), "label-manager-markup.png");

  /* The palette: every colour a button with a name. */
  menu_button = find_widget (row, is_type, GSIZE_TO_POINTER (GTK_TYPE_MENU_BUTTON));
  g_assert_nonnull (menu_button);
  shu_test_popup_menu (GTK_MENU_BUTTON (menu_button));
  palette = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (menu_button)));
  g_assert_true (gtk_widget_get_visible (palette));
  save_screenshot (palette, "label-palette.png");
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu_button));

  /* The annotate popover shows it as typed, not as bold nothing. */
  shown = find_widget (GTK_WIDGET (shu_window_get_annotate_popover (window)),
                       is_label_with_text, "<b>&");
  g_assert_nonnull (shown);
  g_assert_false (gtk_label_get_use_markup (GTK_LABEL (shown)));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (manager), "labels.delete", "s",
                                             "odd"));
  dialog = find_dialog_for (GTK_WINDOW (manager));
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Delete “<b>&”?");
  g_assert_false (adw_message_dialog_get_heading_use_markup (dialog));
  g_assert_cmpstr (adw_message_dialog_get_body (dialog), ==,
                   "No annotation carries this label. You can undo this.");
  shown = find_widget (GTK_WIDGET (dialog), is_label_with_text, "Delete “<b>&”?");
  g_assert_nonnull (shown);
  adw_message_dialog_response (dialog, "cancel");
  g_assert_nonnull (shu_label_set_lookup (shu_annotation_store_get_labels (store), "odd"));

  gtk_window_destroy (GTK_WINDOW (manager));
}

/* A file from another tool can bring 100 000 labels: the manager used to
 * make a row of widgets for each, and froze. It shows a bounded number of
 * rows and finds the others by searching their names. With 5 000 labels
 * (the growth is the same) it did not appear within 60 s before; now it
 * is up in about a second. */
static void
test_label_manager_many_labels (Fixture       *fixture,
                                gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  ShuLabelManager *manager;
  GtkWidget *row, *search, *more;
  gint64 start;
  guint n;

  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("many%u", i);
      g_autofree char *name = g_strdup_printf ("Topic %u", i);

      g_ptr_array_add (added, shu_label_new (id, name, "#3584e4", NULL, 0));
    }
  shu_annotation_store_begin_group (store, "Add Labels");
  for (guint i = 0; i < added->len; i++)
    g_assert_true (shu_annotation_store_add_label (store, g_ptr_array_index (added, i), -1));
  shu_annotation_store_end_group (store);
  n = n_labels (window);

  /* The annotate popover lists a bounded number too, and finds the
   * others: chosen beyond the rows shown, a label is searched for. */
  g_assert_cmpuint (n_popover_rows (window), ==, 100);
  {
    ShuAnnotatePopover *popover = shu_window_get_annotate_popover (window);

    g_assert_true (shu_annotate_popover_select_label (popover, "many4321"));
    g_assert_cmpstr (shu_annotate_popover_get_label_id (popover), ==, "many4321");
    shu_annotate_popover_reset (popover, NULL);
    g_assert_cmpuint (n_popover_rows (window), ==, 100);
  }

  start = g_get_monotonic_time ();
  manager = open_label_manager (window);
  /* Generous, for a loaded machine. */
  g_test_message ("label manager up in %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
  g_assert_nonnull (find_widget (GTK_WIDGET (manager), is_row_of, "many0"));
  g_assert_null (find_widget (GTK_WIDGET (manager), is_row_of, "many4999"));
  {
    g_autofree char *told = g_strdup_printf ("Showing 100 of %u labels. Search to find the "
                                             "others.", n);

    more = find_widget (GTK_WIDGET (manager), is_label_with_text, told);
    g_assert_nonnull (more);
    g_assert_true (gtk_widget_get_visible (more));
  }
  save_screenshot (GTK_WIDGET (manager), "label-manager-many.png");

  /* The search finds a label beyond the rows shown, and it can be edited. */
  search = find_widget (GTK_WIDGET (manager), is_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY));
  g_assert_nonnull (search);
  gtk_editable_set_text (GTK_EDITABLE (search), "Topic 4999");
  /* The search entry waits a little after typing. */
  while ((row = find_widget (GTK_WIDGET (manager), is_row_of, "many4999")) == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gtk_widget_get_visible (more));
  gtk_editable_set_text (GTK_EDITABLE (row), "Last topic");
  g_signal_emit_by_name (row, "apply");
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (
    shu_annotation_store_get_labels (store), "many4999")), ==, "Last topic");

  gtk_window_destroy (GTK_WINDOW (manager));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);
  /* The bar appears at once: the tests check where it ends up, and fewer
   * layouts in between leave less for a loaded machine to race. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);


  g_test_add ("/find/counts-and-moves", Fixture, NULL,
              fixture_setup, test_find_counts_and_moves, fixture_teardown);
  g_test_add ("/find/shows-all-matches", Fixture, NULL,
              fixture_setup, test_find_shows_all_matches, fixture_teardown);
  g_test_add ("/find/ignores-niqqud", Fixture, NULL,
              fixture_setup, test_find_ignores_niqqud, fixture_teardown);
  g_test_add ("/labels/edits-through-store", Fixture, NULL,
              fixture_setup, test_label_manager_edits, fixture_teardown);
  g_test_add ("/labels/names-are-plain-text", Fixture, NULL,
              fixture_setup, test_label_names_are_plain_text, fixture_teardown);
  g_test_add ("/labels/many-labels", Fixture, NULL,
              fixture_setup, test_label_manager_many_labels, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
