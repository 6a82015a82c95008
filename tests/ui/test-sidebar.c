/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "shu-application.h"
#include "shu-suggest-list.h"
#include "shu-window.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* The annotation list beside the text, on a copy of the sample sidecar:
 * what it shows, how it filters, edits and deletes, and how it follows the
 * text view and leads it. */

#define SAMPLE_N_ANNOTATIONS 25

static ShuApplication *app;

typedef struct
{
  ShuWindow  *window;
  ShuSidebar *sidebar;
  char       *tmpdir;
} Fixture;

static void
copy_test_file (const char *name,
                const char *tmpdir)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (path);
  g_autoptr(GFile) to = g_file_new_build_filename (tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) sidecar = NULL;

  shu_test_restore_system_data_dirs ();
  g_settings_set_string (settings, "author-name", "Test Annotator");
  g_settings_set_boolean (settings, "join-lines", FALSE);
  g_settings_set_double (settings, "font-scale", 1.0);
  g_settings_set_boolean (settings, "sidebar-visible", TRUE);

  fixture->tmpdir = g_dir_make_tmp ("shulayim-sidebar-XXXXXX", &error);
  g_assert_no_error (error);
  copy_test_file ("essay.he.txt", fixture->tmpdir);
  copy_test_file ("essay.he.txt.annotations.json", fixture->tmpdir);
  sidecar = g_file_new_build_filename (fixture->tmpdir, "essay.he.txt.annotations.json", NULL);

  fixture->window = shu_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  g_assert_true (shu_test_open_file (fixture->window, sidecar, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (fixture->window));
  /* The Suggestions section below the list starts open once the sample's
   * suggestions are found, a moment later: folded, it leaves these tests
   * the rows they count on screen whenever that happens. */
  for (GtkWidget *w = gtk_widget_get_first_child (
         gtk_widget_get_parent (GTK_WIDGET (shu_window_get_sidebar (fixture->window))));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    if (SHU_IS_SUGGEST_LIST (w))
      for (GtkWidget *c = gtk_widget_get_first_child (gtk_widget_get_first_child (w)); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_EXPANDER (c))
          gtk_expander_set_expanded (GTK_EXPANDER (c), FALSE);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  fixture->sidebar = shu_window_get_sidebar (fixture->window);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  ShuDocument *document = shu_window_get_document (fixture->window);

  /* Tests leave changes behind: close without asking about them. */
  if (document != NULL)
    shu_annotation_store_mark_saved (shu_document_get_store (document));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static ShuAnnotationStore *
get_store (Fixture *fixture)
{
  return shu_document_get_store (shu_window_get_document (fixture->window));
}

static gpointer
get_child (Fixture    *fixture,
           const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->sidebar),
                                                  SHU_TYPE_SIDEBAR, name);

  g_assert_nonnull (child);
  return child;
}

static guint
n_rows (Fixture *fixture)
{
  return g_list_model_get_n_items (shu_sidebar_get_model (fixture->sidebar));
}

static void
search_changed_cb (GtkEditable *entry,
                   gpointer     user_data)
{
  const char **wanted = user_data;

  /* Replacing the text empties the entry first, which reports at once. */
  if (*wanted != NULL && g_str_equal (gtk_editable_get_text (entry), *wanted))
    *wanted = NULL;
}

/* Types into the search entry and waits for the list to follow (the entry
 * reports a change after a short pause, as while typing). */
static void
search_for (Fixture    *fixture,
            const char *text)
{
  GtkEditable *entry = get_child (fixture, "search_entry");
  const char *wanted = text;
  gboolean timed_out = FALSE;
  gulong handler;
  guint timeout;

  handler = g_signal_connect (entry, "search-changed", G_CALLBACK (search_changed_cb), &wanted);
  timeout = g_timeout_add_seconds (5, shu_test_timeout_cb, &timed_out);
  gtk_editable_set_text (entry, text);
  while (wanted != NULL && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (entry, handler);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
}

/* The mapped widgets below @widget that @wanted picks, in widget order. */
static void
collect_mapped (GtkWidget *widget,
                gboolean (*wanted) (GtkWidget *widget),
                GPtrArray *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (wanted (child) && gtk_widget_get_mapped (child))
        g_ptr_array_add (found, child);
      collect_mapped (child, wanted, found);
    }
}

static gboolean
is_label (GtkWidget *widget)
{
  return GTK_IS_LABEL (widget);
}

/* Every label shown in the list's rows, in widget order. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  collect_mapped (widget, is_label, labels);
}

static GtkLabel *
find_row_label (Fixture    *fixture,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (get_child (fixture, "annotation_list")), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), text))
        return g_ptr_array_index (labels, i);
    }
  return NULL;
}

/* The row label shown in the list whose text holds @part. */
static GtkLabel *
find_row_label_holding (Fixture    *fixture,
                        const char *part)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (GTK_WIDGET (get_child (fixture, "annotation_list")), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      if (strstr (gtk_label_get_text (g_ptr_array_index (labels, i)), part) != NULL)
        return g_ptr_array_index (labels, i);
    }
  return NULL;
}

static ShuAnnotation *
selected_row (Fixture *fixture)
{
  GtkGridView *list_view = get_child (fixture, "annotation_list");
  GtkSingleSelection *selection = GTK_SINGLE_SELECTION (gtk_grid_view_get_model (list_view));

  return gtk_single_selection_get_selected_item (selection);
}

/* Selects row @position the way a click or the arrow keys do. */
static ShuAnnotation *
select_row (Fixture *fixture,
            guint    position)
{
  GtkGridView *list_view = get_child (fixture, "annotation_list");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (list_view), "list.select-item",
                                             "(ubb)", position, FALSE, FALSE));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  return selected_row (fixture);
}

/* Adds an annotation with @comment on the first occurrence of @word. */
static ShuAnnotation *
add_annotation (Fixture    *fixture,
                const char *word,
                const char *label_id,
                const char *comment)
{
  ShuSource *source = shu_document_get_source (shu_window_get_document (fixture->window));
  const char *text = shu_source_get_text (source);
  const char *hit = strstr (text, word);
  g_autoptr(GPtrArray) comments = NULL;
  ShuRange range;
  g_autoptr(ShuAnnotation) annotation = NULL;

  g_assert_nonnull (hit);
  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  range.start = g_utf8_pointer_to_offset (text, hit);
  range.end = range.start + g_utf8_strlen (word, -1);
  g_ptr_array_add (comments, shu_comment_new (comment, NULL));
  annotation = shu_annotation_new (NULL, &range, 1, label_id, comments, "Test", NULL, NULL);
  g_assert_true (shu_annotation_store_add (get_store (fixture), annotation, NULL));
  return shu_annotation_store_lookup (get_store (fixture), shu_annotation_get_id (annotation));
}

static void
test_rows (Fixture       *fixture,
           gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  GtkStack *stack = get_child (fixture, "list_stack");
  g_autoptr(ShuAnnotation) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  ShuSource *source = shu_document_get_source (shu_window_get_document (fixture->window));
  g_autofree char *quote = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, SAMPLE_N_ANNOTATIONS);
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->sidebar)));

  /* The first row shows the first annotation's quote, as plain text. */
  quote = shu_source_dup_range (source, shu_annotation_get_start (first),
                                shu_annotation_get_end (first));
  g_assert_nonnull (find_row_label (fixture, quote));

  /* Its details line isolates the label's name (user text in any script)
   * and starts with a mark of the interface's direction, so the line reads
   * in the interface's order whatever the name's script. */
  {
    ShuLabel *label = shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                            shu_annotation_get_label_id (first));
    g_autofree char *start = g_strdup_printf ("%s\u2068%s\u2069 · ",
                                              gtk_widget_get_default_direction ()
                                              == GTK_TEXT_DIR_RTL ? "\u200F" : "\u200E",
                                              shu_label_get_name (label));
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean found = FALSE;

    collect_labels (GTK_WIDGET (get_child (fixture, "annotation_list")), labels);
    for (guint i = 0; i < labels->len && !found; i++)
      found = g_str_has_prefix (gtk_label_get_text (g_ptr_array_index (labels, i)), start);
    g_assert_true (found);
  }

  /* Nothing is selected: the editor is there, with nothing to edit. */
  g_assert_null (selected_row (fixture));
  g_assert_true (gtk_widget_get_visible (get_child (fixture, "editor_box")));
  g_assert_false (gtk_widget_is_sensitive (get_child (fixture, "editor_box")));
}

static guint
count_matching (Fixture    *fixture,
                const char *word)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuSource *source = shu_document_get_source (shu_window_get_document (fixture->window));
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *quote = shu_source_dup_range (source, shu_annotation_get_start (annotation),
                                                     shu_annotation_get_end (annotation));
      const char *comment = shu_annotation_get_comment (annotation);

      if (strstr (quote, word) != NULL || (comment != NULL && strstr (comment, word) != NULL))
        count++;
    }
  return count;
}

static void
test_text_filter (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *word = "הסובייטי";
  guint expected = count_matching (fixture, word);

  g_assert_cmpuint (expected, >, 1);
  g_assert_cmpuint (expected, <, SAMPLE_N_ANNOTATIONS);

  search_for (fixture, word);
  g_assert_cmpuint (n_rows (fixture), ==, expected);

  /* Comments count too, and case does not matter. */
  add_annotation (fixture, "הקומוניזם", NULL, "Compare with the Soviet Union of 1956");
  search_for (fixture, "SOVIET union");
  g_assert_cmpuint (n_rows (fixture), ==, 1);

  search_for (fixture, "no such words anywhere");
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (get_child (fixture, "list_stack")), ==,
                   "no-match");

  search_for (fixture, "");
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS + 1);
}

static void
test_label_filter (Fixture       *fixture,
                   gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  GtkDropDown *filter = get_child (fixture, "label_filter");
  GListModel *names = gtk_drop_down_get_model (filter);
  g_autoptr(ShuLabel) added = NULL;
  int evidence = shu_label_set_index_of (labels, "evidence");
  guint expected = shu_annotation_store_count_label (store, "evidence");
  g_autoptr(GtkStringObject) first = NULL;

  /* "All Labels", then every label. */
  g_assert_cmpuint (g_list_model_get_n_items (names), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (labels)) + 1);
  g_assert_cmpint (evidence, >=, 0);
  g_assert_cmpuint (expected, >, 0);

  gtk_drop_down_set_selected (filter, evidence + 1);
  g_assert_cmpuint (n_rows (fixture), ==, expected);
  for (guint i = 0; i < n_rows (fixture); i++)
    {
      g_autoptr(ShuAnnotation) annotation = NULL;

      annotation = g_list_model_get_item (shu_sidebar_get_model (fixture->sidebar), i);

      g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, "evidence");
    }

  /* Both filters together. */
  search_for (fixture, "no such words anywhere");
  g_assert_cmpuint (n_rows (fixture), ==, 0);
  search_for (fixture, "");
  g_assert_cmpuint (n_rows (fixture), ==, expected);

  /* A new label shows up in the menu; the chosen filter stays. */
  added = shu_label_new ("question", "שאלה", "#1c71d8", NULL, 0);
  g_assert_true (shu_annotation_store_add_label (store, added, 0));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (labels)) + 1);
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, evidence + 2);
  g_assert_cmpuint (n_rows (fixture), ==, expected);

  /* Removing the filtered label shows everything again. */
  g_assert_true (shu_annotation_store_remove_label (store, "evidence"));
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 0);
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS);

  first = g_list_model_get_item (names, 0);
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 0);
  g_assert_cmpstr (gtk_string_object_get_string (first), ==, "All Labels");
}

static void
test_edit_in_place (Fixture       *fixture,
                    gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  GtkDropDown *dropdown = get_child (fixture, "label_dropdown");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (get_child (fixture, "comment_view"));
  g_autoptr(ShuAnnotation) before = NULL;
  g_autofree char *id = NULL;
  g_autofree char *old_label = NULL;
  g_autofree char *old_comment = NULL;
  ShuAnnotation *after;
  const char *new_label;
  guint position = 1;
  int list_height = gtk_widget_get_height (get_child (fixture, "list_stack"));

  g_assert_cmpint (list_height, >, 0);
  before = g_object_ref (select_row (fixture, position));
  id = g_strdup (shu_annotation_get_id (before));
  old_label = g_strdup (shu_annotation_get_label_id (before));
  old_comment = g_strdup (shu_annotation_get_comment (before));
  g_assert_nonnull (old_label);

  /* The row's annotation is the one the view shows selected, and the
   * editor holds it. The list keeps its height: the rows do not move
   * under the pointer that chose one. */
  g_assert_true (gtk_widget_is_sensitive (get_child (fixture, "editor_box")));
  g_assert_cmpint (gtk_widget_get_height (get_child (fixture, "list_stack")), ==, list_height);
  g_assert_true (shu_window_get_selected_annotation (fixture->window) == before);
  g_assert_true (shu_sidebar_get_selected_annotation (fixture->sidebar) == before);
  g_assert_false (gtk_widget_is_sensitive (get_child (fixture, "apply_button")));

  new_label = g_str_equal (old_label, "evidence") ? "claim" : "evidence";
  gtk_drop_down_set_selected (dropdown, shu_label_set_index_of (labels, new_label) + 1);
  gtk_text_buffer_set_text (buffer, "הערה חדשה\nבשתי שורות", -1);
  g_assert_true (gtk_widget_is_sensitive (get_child (fixture, "apply_button")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->sidebar), "sidebar.apply",
                                             NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  after = shu_annotation_store_lookup (store, id);
  g_assert_cmpstr (shu_annotation_get_label_id (after), ==, new_label);
  g_assert_cmpstr (shu_annotation_get_comment (after), ==,
                   "הערה חדשה\nבשתי שורות");
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Edit Annotation");

  /* The row shows the new comment's first line, and stays selected. */
  g_assert_nonnull (find_row_label (fixture, "הערה חדשה"));
  g_assert_true (selected_row (fixture) == after);
  g_assert_true (shu_window_get_selected_annotation (fixture->window) == after);
  g_assert_false (gtk_widget_is_sensitive (get_child (fixture, "apply_button")));

  /* One undo takes back both changes, and the editor follows. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  after = shu_annotation_store_lookup (store, id);
  g_assert_true (shu_annotation_equal (after, before));
  g_assert_false (shu_annotation_store_can_undo (store));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (selected_row (fixture) == after);
  g_assert_cmpuint (gtk_drop_down_get_selected (dropdown), ==,
                    shu_label_set_index_of (labels, old_label) + 1);
  {
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (text, ==, old_comment != NULL ? old_comment : "");
  }

  /* A label change alone is a step of its own name. */
  gtk_drop_down_set_selected (dropdown, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->sidebar), "sidebar.apply",
                                             NULL));
  g_assert_null (shu_annotation_get_label_id (shu_annotation_store_lookup (store, id)));
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Change Label");
}

static void
test_delete_and_undo (Fixture       *fixture,
                      gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  GtkWidget *list_view = get_child (fixture, "annotation_list");
  g_autofree char *id = NULL;
  int list_height;

  id = g_strdup (shu_annotation_get_id (select_row (fixture, 3)));
  list_height = gtk_widget_get_height (get_child (fixture, "list_stack"));

  /* What the Delete key in the list does. */
  g_assert_true (gtk_widget_activate_action (list_view, "win.delete-annotation", NULL));
  g_assert_null (shu_annotation_store_lookup (store, id));
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS - 1);
  g_assert_null (selected_row (fixture));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_false (gtk_widget_is_sensitive (get_child (fixture, "editor_box")));
  g_assert_cmpint (gtk_widget_get_height (get_child (fixture, "list_stack")), ==, list_height);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Delete Annotation");

  /* The toast's Undo button runs win.undo. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_nonnull (shu_annotation_store_lookup (store, id));
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS);
}

static void
test_user_text_is_plain (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkLabel *label;

  add_annotation (fixture, "הקומוניזם", NULL, "<b>&amp;");
  search_for (fixture, "<b>&amp;");
  g_assert_cmpuint (n_rows (fixture), ==, 1);

  label = find_row_label (fixture, "<b>&amp;");
  g_assert_nonnull (label);
  g_assert_false (gtk_label_get_use_markup (label));
  g_assert_cmpstr (gtk_label_get_label (label), ==, "<b>&amp;");
}

static gboolean
is_row_box (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "shu-row") != NULL;
}

/* What GTK does when the pointer rests on @widget: whether it shows a
 * tooltip there. */
static gboolean
query_tooltip (GtkWidget *widget)
{
  GtkTooltip *tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
  gboolean shown = FALSE;

  g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
  g_object_unref (tooltip);
  return shown;
}

/* A row with a comment shows the whole comment to whoever hovers it; a
 * row without one shows no tooltip. The text is asked for on hovering,
 * not set on every row the list binds (shu-sidebar.c). */
static void
test_comment_tooltip (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new ();
  guint with_comment = 0, without_comment = 0;
  GtkLabel *label;

  collect_mapped (GTK_WIDGET (get_child (fixture, "annotation_list")), is_row_box, boxes);
  g_assert_cmpuint (boxes->len, >, 0);
  for (guint i = 0; i < boxes->len; i++)
    {
      GtkWidget *box = g_ptr_array_index (boxes, i);
      /* The swatch, then the texts: the quote, the comment, the details. */
      GtkWidget *texts = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
      GtkWidget *comment = gtk_widget_get_next_sibling (gtk_widget_get_first_child (texts));

      g_assert_true (GTK_IS_LABEL (comment));
      g_assert_null (gtk_widget_get_tooltip_text (box));
      g_assert_cmpint (query_tooltip (box), ==, gtk_widget_get_visible (comment));
      if (gtk_widget_get_visible (comment))
        with_comment++;
      else
        without_comment++;
    }
  g_assert_cmpuint (with_comment, >, 0);
  g_assert_cmpuint (without_comment, >, 0);

  /* A comment added now is there on hovering its row. */
  add_annotation (fixture, "הקומוניזם", NULL, "first line\nsecond line");
  search_for (fixture, "second line");
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  label = find_row_label (fixture, "first line");
  g_assert_nonnull (label);
  g_assert_true (query_tooltip (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (label)))));
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* An annotation added near the top leaves the texts of the rows below it
 * alone (GTK 4.8 binds them again, to the same annotations): only the new
 * row's labels are set, so only they are laid out again. A label renamed
 * shows its new name in every row, those bound again later included. */
static void
test_rows_kept_when_list_changes (Fixture       *fixture,
                                  gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(ShuAnnotation) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  const char *label_id = shu_annotation_get_label_id (first);
  ShuLabel *label = shu_label_set_lookup (shu_annotation_store_get_labels (store), label_id);
  g_autoptr(ShuLabel) renamed = NULL;
  g_autofree char *old_name = g_strdup (shu_label_get_name (label));
  g_autofree char *name = g_strdup_printf ("%s renamed", old_name);
  guint notified = 0, shown = 0;

  /* The rows on screen: at least their quotes and details lines. */
  collect_labels (GTK_WIDGET (get_child (fixture, "annotation_list")), labels);
  g_assert_cmpuint (labels->len, >=, 16);
  for (guint i = 0; i < labels->len; i++)
    g_signal_connect (g_ptr_array_index (labels, i), "notify::label",
                      G_CALLBACK (count_notify_cb), &notified);

  /* The essay's first word, before every annotation of the sample. */
  add_annotation (fixture, "חמאין", label_id, "");
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS + 1);
  g_assert_cmpuint (notified, <=, 3);
  for (guint i = 0; i < labels->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (labels, i), count_notify_cb,
                                          &notified);

  /* Renamed while a search hides most rows: they show the new name when
   * the search is cleared and they are bound again. */
  search_for (fixture, "חמאין");
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  renamed = shu_label_new (label_id, name, shu_label_get_color (label), NULL, 0);
  g_assert_true (shu_annotation_store_replace_label (store, renamed));
  search_for (fixture, "");
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS + 1);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_ptr_array_set_size (labels, 0);
  collect_labels (GTK_WIDGET (get_child (fixture, "annotation_list")), labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_text (g_ptr_array_index (labels, i));

      if (strstr (text, old_name) != NULL)
        {
          g_assert_nonnull (strstr (text, name));
          shown++;
        }
    }
  g_assert_cmpuint (shown, >=, 2);
}

/* A long list makes rows for about what it shows, not for the first 200
 * annotations as GTK 4.8's list view does (each made, styled and measured
 * before the first frame), and its last row is still reached. */
static void
test_rows_made_for_what_shows (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *list = get_child (fixture, "annotation_list");
  ShuAnnotationStore *store = get_store (fixture);
  guint made = 0, n;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean last_shown = FALSE;

  for (guint i = 0; i < 300; i++)
    {
      ShuRange range = { 2 * i, 2 * i + 1 };
      g_autofree char *comment_text = g_strdup_printf ("row %u", i);
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
      g_autoptr(ShuAnnotation) annotation = NULL;

      g_ptr_array_add (comments, shu_comment_new (comment_text, NULL));
      annotation = shu_annotation_new (NULL, &range, 1, NULL, comments, "Test", NULL, NULL);
      g_assert_true (shu_annotation_store_add (store, annotation, NULL));
    }
  n = n_rows (fixture);
  g_assert_cmpuint (n, ==, SAMPLE_N_ANNOTATIONS + 300);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 3);

  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    made++;
  g_test_message ("%u rows made for %u annotations", made, n);
  g_assert_cmpuint (made, >, 5);
  g_assert_cmpuint (made, <, 100);

  /* Among the rows added, the last is "row 299". */
  search_for (fixture, "row ");
  g_assert_cmpuint (n_rows (fixture), ==, 300);
  g_assert_true (gtk_widget_activate_action (list, "list.scroll-to-item", "u", 299));
  for (guint frame = 0; frame < 30 && !last_shown; frame++)
    {
      shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
      g_ptr_array_set_size (labels, 0);
      collect_labels (list, labels);
      for (guint i = 0; i < labels->len; i++)
        if (g_str_equal (gtk_label_get_text (g_ptr_array_index (labels, i)), "row 299"))
          last_shown = TRUE;
    }
  g_assert_true (last_shown);
}

static void
test_follows_and_leads_view (Fixture       *fixture,
                             gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_autoptr(ShuAnnotation) first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) last = NULL;
  g_autoptr(GPtrArray) found = NULL;
  GdkRectangle area, visible;
  GtkTextIter cursor;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  /* A click on the first highlight selects it (as the view's click
   * handler does), and the list selects its row. */
  g_assert_true (shu_text_view_get_offset_area (view, shu_annotation_get_start (first), &area));
  found = shu_text_view_get_annotations_at (view, area.x + area.width / 2.0,
                                            area.y + area.height / 2.0);
  g_assert_cmpuint (found->len, >, 0);
  shu_text_view_set_selected_annotation (view, g_ptr_array_index (found, 0));
  g_assert_true (selected_row (fixture) == g_ptr_array_index (found, 0));
  g_assert_true (shu_sidebar_get_selected_annotation (fixture->sidebar)
                 == g_ptr_array_index (found, 0));

  /* Activating the last row (Enter, a double click) takes the view there:
   * the cursor at its start, the text scrolled to show it. */
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), ==, 0);
  last = g_list_model_get_item (G_LIST_MODEL (store), n - 1);
  g_signal_emit_by_name (get_child (fixture, "annotation_list"), "activate", n - 1);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpuint (gtk_text_iter_get_offset (&cursor), ==, shu_annotation_get_start (last));
  g_assert_true (shu_text_view_get_selected_annotation (view) == last);
  g_assert_true (selected_row (fixture) == last);

  /* The view scrolls once the lines on the way are measured: give it the
   * frames it needs. */
  for (guint frames = 0; ; frames++)
    {
      GdkRectangle location;

      gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &cursor, &location);
      if (location.y >= visible.y && location.y + location.height <= visible.y + visible.height)
        break;
      if (frames >= 100)
        g_error ("cursor at y %d..%d, visible %d..%d", location.y, location.y + location.height,
                 visible.y, visible.y + visible.height);
      shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
    }
  g_assert_cmpfloat (gtk_adjustment_get_value (vadjustment), >, 0);

  /* Escape in the view unselects: so does the list. */
  shu_text_view_set_selected_annotation (view, NULL);
  g_assert_null (selected_row (fixture));
}

static char *
dup_editor_comment (Fixture *fixture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (get_child (fixture, "comment_view"));
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

/* A researcher types a comment and, without pressing Apply, picks another
 * annotation in the list: the comment is applied, as one step that one
 * undo takes back; the same when the selection is cleared in the text,
 * when the label was changed, and when the window is closed. */
static void
test_unapplied_edit_kept (Fixture       *fixture,
                          gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  GtkDropDown *dropdown = get_child (fixture, "label_dropdown");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (get_child (fixture, "comment_view"));
  g_autoptr(ShuAnnotation) before = NULL;
  g_autofree char *id = NULL;
  g_autofree char *other_id = NULL;
  g_autofree char *shown = NULL;
  const char *new_label;
  guint n_steps = 0;

  before = g_object_ref (select_row (fixture, 1));
  id = g_strdup (shu_annotation_get_id (before));
  g_assert_false (shu_annotation_store_can_undo (store));

  /* Typed, not applied; then another row. */
  gtk_text_buffer_set_text (buffer, "הערה שלא הוחלה", -1);
  other_id = g_strdup (shu_annotation_get_id (select_row (fixture, 2)));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "הערה שלא הוחלה");
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Edit Comment");
  /* The editor shows the row now chosen, and the list keeps it. */
  g_assert_cmpstr (shu_annotation_get_id (selected_row (fixture)), ==, other_id);
  shown = dup_editor_comment (fixture);
  g_assert_cmpstr (shown, ==, shu_annotation_get_comment (selected_row (fixture)) ?: "");
  g_assert_false (gtk_widget_is_sensitive (get_child (fixture, "apply_button")));

  /* One undo takes the comment back; redo brings it again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_true (shu_annotation_equal (shu_annotation_store_lookup (store, id), before));
  g_assert_false (shu_annotation_store_can_undo (store));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "הערה שלא הוחלה");
  n_steps = 1;

  /* A label chosen and not applied, then the selection cleared in the text
   * (Escape, a click elsewhere). */
  new_label = g_strcmp0 (shu_annotation_get_label_id (selected_row (fixture)), "evidence") == 0
              ? "claim" : "evidence";
  gtk_drop_down_set_selected (dropdown, shu_label_set_index_of (labels, new_label) + 1);
  shu_text_view_set_selected_annotation (view, NULL);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (store, other_id)),
                   ==, new_label);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Change Label");
  n_steps++;

  /* Undo while a comment is being typed first applies it, then takes it
   * back: the typed words are the step undone, and redo has them. */
  select_row (fixture, 1);
  gtk_text_buffer_set_text (buffer, "נוסח שני", -1);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "הערה שלא הוחלה");
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (store, other_id)),
                   ==, new_label);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.redo", NULL));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "נוסח שני");
  n_steps++;

  /* Deleting the annotation with a comment typed for it: undoing the
   * deletion brings it back with the comment. */
  select_row (fixture, 1);
  gtk_text_buffer_set_text (buffer, "לפני המחיקה", -1);
  g_assert_true (gtk_widget_activate_action (get_child (fixture, "annotation_list"),
                                             "win.delete-annotation", NULL));
  g_assert_null (shu_annotation_store_lookup (store, id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "לפני המחיקה");
  n_steps++;
  select_row (fixture, 1);

  /* Opening another file with a comment typed: the window is not free to
   * be replaced (the file gets a window of its own). */
  shu_annotation_store_mark_saved (store);
  gtk_text_buffer_set_text (buffer, "לפני פתיחה", -1);
  g_assert_false (shu_window_can_replace (fixture->window));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "לפני פתיחה");
  n_steps++;

  /* Closing the window with a comment typed: it is applied before the
   * window asks about unsaved changes, so it asks, and the window stays. */
  shu_annotation_store_mark_saved (store);
  gtk_text_buffer_set_text (buffer, "לפני הסגירה", -1);
  gtk_window_close (GTK_WINDOW (fixture->window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (fixture->window)));
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "לפני הסגירה");
  n_steps++;
  for (guint i = 0; i < n_steps; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_false (shu_annotation_store_can_undo (store));
}

static void
test_toggle (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *sidebar = GTK_WIDGET (fixture->sidebar);
  g_auto(GStrv) accels = NULL;

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.sidebar-visible");
  g_assert_true (g_strv_contains ((const char * const *) accels, "F9"));

  g_assert_true (gtk_widget_get_visible (sidebar));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.sidebar-visible", NULL));
  g_assert_false (gtk_widget_get_visible (sidebar));
  g_assert_false (g_settings_get_boolean (settings, "sidebar-visible"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.sidebar-visible", NULL));
  g_assert_true (gtk_widget_get_visible (sidebar));
  g_assert_true (g_settings_get_boolean (settings, "sidebar-visible"));
}

/* Two annotations are linked (as a brat import or a colleague's file
 * brings them): the text shows the link named by its type, the list says
 * it under both ends (to the one, from the other), and undoing the link
 * takes both away. */
static void
test_relation_shown (Fixture       *fixture,
                     gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  g_autoptr(ShuAnnotation) from = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) to = g_list_model_get_item (G_LIST_MODEL (store), 1);
  const char * const roles[] = { "Arg1", "Arg2" };
  const char * const targets[] = { shu_annotation_get_id (from), shu_annotation_get_id (to) };
  g_autoptr(ShuRelation) relation = shu_relation_new (NULL, SHU_RELATION_LINK, "תומך ב", NULL,
                                                      roles, targets, 2, NULL, NULL, NULL,
                                                      NULL, NULL);
  g_auto(GStrv) drawn = NULL;
  GtkLabel *outgoing, *incoming;

  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  drawn = shu_text_view_dup_relations_drawn (view);
  g_assert_cmpuint (g_strv_length (drawn), ==, 0);
  g_clear_pointer (&drawn, g_strfreev);

  g_assert_true (shu_annotation_store_add_relation (store, relation, NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  drawn = shu_text_view_dup_relations_drawn (view);
  g_assert_cmpuint (g_strv_length (drawn), ==, 1);
  g_assert_cmpstr (drawn[0], ==, "תומך ב");
  g_clear_pointer (&drawn, g_strfreev);

  outgoing = find_row_label_holding (fixture, "\u2068תומך ב\u2069: to “");
  incoming = find_row_label_holding (fixture, "\u2068תומך ב\u2069: from “");
  g_assert_nonnull (outgoing);
  g_assert_nonnull (incoming);
  g_assert_true (outgoing != incoming);

  g_assert_true (shu_annotation_store_undo (store));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  drawn = shu_text_view_dup_relations_drawn (view);
  g_assert_cmpuint (g_strv_length (drawn), ==, 0);
  g_assert_null (find_row_label_holding (fixture, "\u2068תומך ב\u2069"));
}

/* An event (as brat's BioNLP corpora bring them) is drawn from its
 * trigger to each argument, named by the argument's role; an equivalence
 * set as a link between consecutive members. */
static void
test_events_drawn (Fixture       *fixture,
                   gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  g_autoptr(ShuAnnotation) trigger = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) theme = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_autoptr(ShuAnnotation) cause = g_list_model_get_item (G_LIST_MODEL (store), 2);
  const char * const roles[] = { "Theme", "Cause" };
  const char * const targets[] = { shu_annotation_get_id (theme), shu_annotation_get_id (cause) };
  g_autoptr(ShuRelation) event = shu_relation_new (NULL, SHU_RELATION_EVENT, "Regulation",
                                                   shu_annotation_get_id (trigger), roles,
                                                   targets, 2, NULL, NULL, NULL, NULL, NULL);
  g_autoptr(ShuRelation) same = shu_relation_new (NULL, SHU_RELATION_EQUIVALENCE, "Equiv", NULL,
                                                  NULL, targets, 2, NULL, NULL, NULL, NULL,
                                                  NULL);
  g_auto(GStrv) drawn = NULL;

  g_assert_true (shu_annotation_store_add_relation (store, event, NULL));
  g_assert_true (shu_annotation_store_add_relation (store, same, NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  drawn = shu_text_view_dup_relations_drawn (view);
  g_assert_cmpuint (g_strv_length (drawn), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) drawn, "Theme"));
  g_assert_true (g_strv_contains ((const char * const *) drawn, "Cause"));
  g_assert_true (g_strv_contains ((const char * const *) drawn, "Equiv"));
}

/* Where the characters [start, end) of the text are drawn, in buffer
 * coordinates: one rectangle per character. */
static GArray *
glyph_rects (ShuTextView *view,
             guint        start,
             guint        end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GArray *rects = g_array_new (FALSE, FALSE, sizeof (GdkRectangle));

  for (guint offset = start; offset < end; offset++)
    {
      GtkTextIter iter;
      GdkRectangle rect;
      gunichar c;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
      c = gtk_text_iter_get_char (&iter);
      if (g_unichar_isspace (c) || c == 0)
        continue;
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &rect);
      /* A right-to-left letter's box runs leftward from its x. */
      if (rect.width < 0)
        {
          rect.x += rect.width;
          rect.width = -rect.width;
        }
      g_array_append_val (rects, rect);
    }
  return rects;
}

/* The path drawn for the relation named @name, which must be drawn once. */
static GArray *
path_of (ShuTextView *view,
         const char  *name)
{
  g_auto(GStrv) drawn = shu_text_view_dup_relations_drawn (view);
  g_autoptr(GPtrArray) paths = shu_text_view_dup_relation_paths (view);
  GArray *found = NULL;

  g_assert_cmpuint (g_strv_length (drawn), ==, paths->len);
  for (guint i = 0; drawn[i] != NULL; i++)
    if (strcmp (drawn[i], name) == 0)
      {
        g_assert_null (found);
        found = g_array_ref (g_ptr_array_index (paths, i));
      }
  g_assert_nonnull (found);
  return found;
}

/* Whether the path crosses one of @rects (each taken 1 px in from its
 * edges: a line may graze a letter's box). */
static gboolean
path_crosses (GArray *path,
              GArray *rects)
{
  for (guint i = 0; i + 1 < path->len; i++)
    {
      graphene_point_t *a = &g_array_index (path, graphene_point_t, i);
      graphene_point_t *b = &g_array_index (path, graphene_point_t, i + 1);
      double length = MAX (fabs (b->x - a->x), fabs (b->y - a->y));
      guint steps = MAX (1, (guint) ceil (length));

      for (guint k = 0; k <= steps; k++)
        {
          double x = a->x + (b->x - a->x) * k / steps, y = a->y + (b->y - a->y) * k / steps;

          for (guint r = 0; r < rects->len; r++)
            {
              GdkRectangle *rect = &g_array_index (rects, GdkRectangle, r);

              if (x > rect->x + 1 && x < rect->x + rect->width - 1
                  && y > rect->y + 1 && y < rect->y + rect->height - 1)
                return TRUE;
            }
        }
    }
  return FALSE;
}

/* An event whose argument is another event (brat's nested events, as in
 * BioNLP's "Positive_regulation Cause:E1"): an arc from its trigger to
 * the other event's trigger, named by the role. */
static void
test_event_of_event_drawn (Fixture       *fixture,
                           gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  g_autoptr(ShuAnnotation) trigger = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) theme = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_autoptr(ShuAnnotation) outer = g_list_model_get_item (G_LIST_MODEL (store), 2);
  const char * const theme_role[] = { "Theme" };
  const char * const theme_target[] = { shu_annotation_get_id (theme) };
  g_autoptr(ShuRelation) inner = shu_relation_new (NULL, SHU_RELATION_EVENT, "Regulation",
                                                   shu_annotation_get_id (trigger), theme_role,
                                                   theme_target, 1, NULL, NULL, NULL, NULL,
                                                   NULL);
  const char * const cause_role[] = { "Cause" };
  const char * const cause_target[] = { shu_relation_get_id (inner) };
  g_autoptr(ShuRelation) event = shu_relation_new (NULL, SHU_RELATION_EVENT,
                                                   "Positive_regulation",
                                                   shu_annotation_get_id (outer), cause_role,
                                                   cause_target, 1, NULL, NULL, NULL, NULL,
                                                   NULL);
  g_autoptr(GArray) path = NULL;
  g_autoptr(GArray) rects = NULL;
  graphene_point_t *end;
  GdkRectangle box = { 0 };

  g_assert_true (shu_annotation_store_add_relation (store, inner, NULL));
  g_assert_true (shu_annotation_store_add_relation (store, event, NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  path = path_of (view, "Cause");
  path_of (view, "Theme");

  /* The arrow comes down onto the inner event's trigger. */
  rects = glyph_rects (view, shu_annotation_get_start (trigger),
                       shu_annotation_get_end (trigger));
  g_assert_cmpuint (rects->len, >, 0);
  box = g_array_index (rects, GdkRectangle, 0);
  for (guint i = 1; i < rects->len; i++)
    gdk_rectangle_union (&box, &g_array_index (rects, GdkRectangle, i), &box);
  end = &g_array_index (path, graphene_point_t, path->len - 1);
  g_assert_cmpfloat (end->x, >=, box.x);
  g_assert_cmpfloat (end->x, <=, box.x + box.width);
  g_assert_cmpfloat (fabs (end->y - box.y), <, 4);

  /* An event far down the text whose argument is the event on screen:
   * its arc comes in from below to the trigger shown. */
  {
    guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
    g_autoptr(ShuAnnotation) far = g_list_model_get_item (G_LIST_MODEL (store), n - 1);
    const char * const far_role[] = { "Reason" };
    g_autoptr(ShuRelation) later = shu_relation_new (NULL, SHU_RELATION_EVENT, "Explanation",
                                                     shu_annotation_get_id (far), far_role,
                                                     cause_target, 1, NULL, NULL, NULL, NULL,
                                                     NULL);
    g_autoptr(GArray) from_below = NULL;
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
    GdkRectangle visible, far_rect;
    GtkTextIter iter;

    gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, shu_annotation_get_start (far));
    gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &far_rect);
    g_assert_cmpint (far_rect.y, >, visible.y + visible.height);
    g_assert_true (shu_annotation_store_add_relation (store, later, NULL));
    shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
    from_below = path_of (view, "Reason");
    g_assert_cmpfloat (g_array_index (from_below, graphene_point_t, 0).y, ==,
                       visible.y + visible.height);
  }
}

/* A link between words two lines apart runs in the gaps between lines
 * and in the margin, and covers none of the words between them. */
static void
test_link_across_lines_drawn (Fixture       *fixture,
                              gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  g_autoptr(ShuAnnotation) from = NULL;
  g_autoptr(ShuAnnotation) to = NULL;
  g_autoptr(ShuRelation) link = NULL;
  g_autoptr(GArray) path = NULL;
  g_autoptr(GArray) between = g_array_new (FALSE, FALSE, sizeof (GdkRectangle));
  g_autoptr(GArray) rects = NULL;
  const char * const roles[] = { "Arg1", "Arg2" };
  const char *targets[2];
  GdkRectangle visible, first, last;
  GtkTextIter iter;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  /* Two annotations on screen, with at least one whole line between. */
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
  for (guint i = 0; i < n && to == NULL; i++)
    {
      g_autoptr(ShuAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, shu_annotation_get_start (a) + 1);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &first);
      for (guint j = i + 1; j < n && to == NULL; j++)
        {
          g_autoptr(ShuAnnotation) b = g_list_model_get_item (G_LIST_MODEL (store), j);

          gtk_text_buffer_get_iter_at_offset (buffer, &iter, shu_annotation_get_start (b) + 1);
          gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &last);
          /* Three lines down or more: a line or two between. */
          if (last.y >= first.y + 4 * first.height
              && last.y + last.height < visible.y + visible.height && first.y > visible.y)
            {
              from = g_object_ref (a);
              to = g_object_ref (b);
            }
        }
    }
  g_assert_nonnull (to);
  targets[0] = shu_annotation_get_id (from);
  targets[1] = shu_annotation_get_id (to);
  link = shu_relation_new (NULL, SHU_RELATION_LINK, "מפנה אל", NULL, roles, targets, 2, NULL,
                           NULL, NULL, NULL, NULL);
  g_assert_true (shu_annotation_store_add_relation (store, link, NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  path = path_of (view, "מפנה אל");

  /* The words of the lines between the two ends' lines. */
  rects = glyph_rects (view, shu_annotation_get_start (from), shu_annotation_get_start (to));
  for (guint i = 0; i < rects->len; i++)
    {
      GdkRectangle *rect = &g_array_index (rects, GdkRectangle, i);

      if (rect->y > first.y + first.height / 2
          && rect->y + rect->height < last.y + last.height / 2)
        g_array_append_val (between, *rect);
    }
  g_assert_cmpuint (between->len, >, 20);
  g_assert_false (path_crosses (path, between));
}

/* The dialog Link to… opened, if one is. */
static AdwMessageDialog *
find_link_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window))
          && g_strcmp0 (gtk_widget_get_name (GTK_WIDGET (window)), "link-dialog") == 0)
        return ADW_MESSAGE_DIALOG (window);
    }
  return NULL;
}

/* By keyboard: an annotation selected, Link to…, Alt+Down to the next
 * one, the type typed, Enter: one link, from the first to the second,
 * shown in both rows, and one step for Undo. */
static void
test_link_by_keyboard (Fixture       *fixture,
                       gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  g_autoptr(ShuAnnotation) from = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) to = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_autoptr(GPtrArray) relations = NULL;
  AdwMessageDialog *dialog;
  GtkEditable *entry;
  ShuRelation *relation;

  shu_text_view_set_selected_annotation (view, from);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-to", NULL));
  g_assert_null (find_link_dialog ());
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.next-annotation", NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  dialog = find_link_dialog ();
  g_assert_nonnull (dialog);
  entry = GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "type-entry"));
  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, "מפרט את");
  /* As the Link button does: the response, then the dialog closes. */
  adw_message_dialog_response (dialog, "link");
  gtk_window_destroy (GTK_WINDOW (dialog));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 1);
  relations = shu_annotation_store_dup_relations (store);
  relation = g_ptr_array_index (relations, 0);
  g_assert_cmpstr (shu_relation_get_type_name (relation), ==, "מפרט את");
  g_assert_cmpstr (shu_relation_get_target (relation, 0), ==, shu_annotation_get_id (from));
  g_assert_cmpstr (shu_relation_get_target (relation, 1), ==, shu_annotation_get_id (to));
  g_assert_cmpstr (shu_relation_get_role (relation, 0), ==, "Arg1");
  g_assert_cmpstr (shu_relation_get_creator (relation), ==, "Test Annotator");
  g_assert_nonnull (find_row_label_holding (fixture, "\u2068מפרט את\u2069: to “"));

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, SAMPLE_N_ANNOTATIONS);

  /* Given up by selecting nothing: the next selection is only that. */
  shu_text_view_set_selected_annotation (view, from);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-to", NULL));
  shu_text_view_set_selected_annotation (view, NULL);
  shu_text_view_set_selected_annotation (view, to);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_null (find_link_dialog ());
}

/* The key controller with which the window gives up a pending link. */
static GtkEventController *
find_link_keys (ShuWindow *window)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (controller), "link-keys") == 0)
        return controller;
    }
  return NULL;
}

/* A link of a type the corpus already has (as a brat project brings
 * them) takes that type's roles rather than Arg1/Arg2; a type the start's
 * label does not declare yet is declared by it, in the same undo step;
 * Escape gives up a pending Link to…. */
static void
test_link_roles_and_types (Fixture       *fixture,
                           gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (fixture->window);
  g_autoptr(ShuAnnotation) from = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) to = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_autoptr(ShuAnnotation) third = g_list_model_get_item (G_LIST_MODEL (store), 2);
  const char * const roles[] = { "Anaphor", "Antecedent" };
  const char * const targets[] = { shu_annotation_get_id (third), shu_annotation_get_id (to) };
  g_autoptr(ShuRelation) known = shu_relation_new (NULL, SHU_RELATION_LINK, "Coreference", NULL,
                                                   roles, targets, 2, NULL, NULL, NULL,
                                                   NULL, NULL);
  g_autofree char *known_id = NULL;
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  const char *label_id = shu_annotation_get_label_id (from);
  g_autoptr(GPtrArray) relations = NULL;
  AdwMessageDialog *dialog;
  GtkEventController *keys;
  ShuRelation *made = NULL;
  gboolean handled = FALSE;

  g_assert_nonnull (label_id);
  g_assert_true (shu_annotation_store_add_relation (store, known, NULL));
  known_id = g_strdup (shu_relation_get_id (known));
  g_assert_null (shu_label_get_relation_types (shu_label_set_lookup (labels, label_id))[0]);

  shu_text_view_set_selected_annotation (view, from);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-to", NULL));
  shu_text_view_set_selected_annotation (view, to);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  dialog = find_link_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (g_object_get_data (G_OBJECT (dialog), "type-entry")),
                         "Coreference");
  adw_message_dialog_response (dialog, "link");
  gtk_window_destroy (GTK_WINDOW (dialog));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);

  relations = shu_annotation_store_dup_relations (store);
  g_assert_cmpuint (relations->len, ==, 2);
  for (guint i = 0; i < relations->len; i++)
    if (g_strcmp0 (shu_relation_get_id (g_ptr_array_index (relations, i)), known_id) != 0)
      made = g_ptr_array_index (relations, i);
  g_assert_nonnull (made);
  g_assert_cmpstr (shu_relation_get_target (made, 0), ==, shu_annotation_get_id (from));
  g_assert_cmpstr (shu_relation_get_role (made, 0), ==, "Anaphor");
  g_assert_cmpstr (shu_relation_get_role (made, 1), ==, "Antecedent");
  g_assert_cmpstr (shu_label_get_relation_types (shu_label_set_lookup (labels, label_id))[0],
                   ==, "Coreference");

  /* One step: the link and the declared type go together. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 1);
  g_assert_null (shu_label_get_relation_types (shu_label_set_lookup (labels, label_id))[0]);

  /* Escape gives it up: the next selection is only a selection. */
  shu_text_view_set_selected_annotation (view, from);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.link-to", NULL));
  keys = find_link_keys (fixture->window);
  g_assert_nonnull (keys);
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
  g_assert_true (handled);
  shu_text_view_set_selected_annotation (view, to);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  g_assert_null (find_link_dialog ());
  /* With no link pending, Escape is left to the rest of the window. */
  handled = TRUE;
  g_signal_emit_by_name (keys, "key-pressed", GDK_KEY_Escape, 0, 0, &handled);
  g_assert_false (handled);
}

/* The selected annotation's links are in the editor, each with a button
 * that removes it (one step for Undo); the annotations stay. */
static void
test_remove_link (Fixture       *fixture,
                  gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuAnnotation *from = select_row (fixture, 0);
  g_autoptr(ShuAnnotation) to = g_list_model_get_item (G_LIST_MODEL (store), 1);
  const char * const roles[] = { "Arg1", "Arg2" };
  const char * const targets[] = { shu_annotation_get_id (from), shu_annotation_get_id (to) };
  g_autoptr(ShuRelation) relation = shu_relation_new (NULL, SHU_RELATION_LINK, "סותר את", NULL,
                                                      roles, targets, 2, NULL, NULL, NULL,
                                                      NULL, NULL);
  GtkWidget *links = get_child (fixture, "links_box");
  GtkWidget *line, *button;

  g_assert_false (gtk_widget_get_visible (links));
  g_assert_true (shu_annotation_store_add_relation (store, relation, NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (gtk_widget_get_visible (links));
  line = gtk_widget_get_first_child (links);
  g_assert_nonnull (line);
  g_assert_null (gtk_widget_get_next_sibling (line));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (line))),
                            "\u2068סותר את\u2069: to “"));
  button = gtk_widget_get_last_child (line);
  g_assert_true (GTK_IS_BUTTON (button));
  g_signal_emit_by_name (button, "clicked");
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);

  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 0);
  g_assert_false (gtk_widget_get_visible (links));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, SAMPLE_N_ANNOTATIONS);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_nonnull (shu_annotation_store_lookup_relation (store, shu_relation_get_id (relation)));
}

/* The label declares attributes (as brat's annotation.conf brings): the
 * editor offers them for the selected annotation, a check box for a
 * binary one and a choice of values for the other, each change one step
 * for Undo. */
static void
test_set_attributes (Fixture       *fixture,
                     gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuAnnotation *selected = select_row (fixture, 0);
  g_autofree char *id = g_strdup (shu_annotation_get_id (selected));
  const char *label_id = shu_annotation_get_label_id (selected);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  g_autoptr(GPtrArray) declarations = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_attribute_decl_unref);
  const char * const values[] = { "ודאי", "סביר", "מוטל בספק", NULL };
  g_autoptr(ShuLabel) declared = NULL;
  GtkWidget *box = get_child (fixture, "attributes_box");
  GtkWidget *negated, *certainty_row, *certainty;

  g_assert_nonnull (label_id);
  g_assert_false (gtk_widget_get_visible (box));
  g_ptr_array_add (declarations, shu_attribute_decl_new ("שלילה", NULL));
  g_ptr_array_add (declarations, shu_attribute_decl_new ("ודאות", values));
  declared = shu_label_with_declarations (shu_label_set_lookup (labels, label_id), declarations,
                                          NULL);
  g_assert_true (shu_annotation_store_replace_label (store, declared));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (gtk_widget_get_visible (box));

  negated = gtk_widget_get_first_child (box);
  g_assert_true (GTK_IS_CHECK_BUTTON (negated));
  g_assert_cmpstr (gtk_check_button_get_label (GTK_CHECK_BUTTON (negated)), ==, "שלילה");
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (negated)));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (negated), TRUE);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpstr (shu_annotation_get_attribute (shu_annotation_store_lookup (store, id),
                                                 "שלילה"), ==, "");

  certainty_row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));
  certainty = gtk_widget_get_last_child (certainty_row);
  g_assert_true (GTK_IS_DROP_DOWN (certainty));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (certainty)), ==, 0);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (certainty), 3);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_cmpstr (shu_annotation_get_attribute (shu_annotation_store_lookup (store, id),
                                                 "ודאות"), ==, "מוטל בספק");

  /* One step each: the value goes, then the check. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_null (shu_annotation_get_attribute (shu_annotation_store_lookup (store, id),
                                               "ודאות"));
  g_assert_nonnull (shu_annotation_get_attribute (shu_annotation_store_lookup (store, id),
                                                  "שלילה"));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_null (shu_annotation_get_attribute (shu_annotation_store_lookup (store, id),
                                               "שלילה"));
}

/* Picks the entry of the links-and-attributes filter shown as @name. */
static void
choose_extra_filter (Fixture    *fixture,
                     const char *name)
{
  GtkDropDown *filter = get_child (fixture, "extra_filter");
  GListModel *names = gtk_drop_down_get_model (filter);

  for (guint i = 0; i < g_list_model_get_n_items (names); i++)
    {
      if (g_str_equal (gtk_string_list_get_string (GTK_STRING_LIST (names), i), name))
        {
          gtk_drop_down_set_selected (filter, i);
          shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
          return;
        }
    }
  g_error ("no filter entry \"%s\"", name);
}

/* The list shows only the annotations with a link of one type, or with
 * an attribute (of one value); the filter appears once there are any. */
static void
test_filter_links_and_attributes (Fixture       *fixture,
                                  gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  g_autoptr(ShuAnnotation) from = g_list_model_get_item (G_LIST_MODEL (store), 0);
  g_autoptr(ShuAnnotation) to = g_list_model_get_item (G_LIST_MODEL (store), 2);
  g_autoptr(ShuAnnotation) third = g_list_model_get_item (G_LIST_MODEL (store), 4);
  g_autoptr(ShuAnnotation) certain = NULL;
  const char * const roles[] = { "Arg1", "Arg2" };
  const char * const targets[] = { shu_annotation_get_id (from), shu_annotation_get_id (to) };
  g_autoptr(ShuRelation) relation = shu_relation_new (NULL, SHU_RELATION_LINK, "מחזק את", NULL,
                                                      roles, targets, 2, NULL, NULL, NULL,
                                                      NULL, NULL);
  g_autoptr(GPtrArray) declarations = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_attribute_decl_unref);
  const char * const values[] = { "גבוהה", "נמוכה", NULL };
  g_autoptr(ShuLabel) declared = NULL;
  GtkWidget *filter = get_child (fixture, "extra_filter");

  g_assert_false (gtk_widget_get_visible (filter));
  g_assert_true (shu_annotation_store_add_relation (store, relation, NULL));
  /* The label declares the attribute, as a code book or brat's
   * annotation.conf does. */
  g_ptr_array_add (declarations, shu_attribute_decl_new ("ודאות", values));
  declared = shu_label_with_declarations (shu_label_set_lookup (
                                            shu_annotation_store_get_labels (store),
                                            shu_annotation_get_label_id (third)),
                                          declarations, NULL);
  g_assert_true (shu_annotation_store_replace_label (store, declared));
  certain = shu_annotation_with_attribute (third, "ודאות", "גבוהה", FALSE, NULL);
  g_assert_true (shu_annotation_store_replace (store, certain, NULL));
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 1);
  g_assert_true (gtk_widget_get_visible (filter));

  choose_extra_filter (fixture, "Link: מחזק את");
  g_assert_cmpuint (n_rows (fixture), ==, 2);
  choose_extra_filter (fixture, "ודאות: גבוהה");
  g_assert_cmpuint (n_rows (fixture), ==, 1);
  choose_extra_filter (fixture, "All Links and Attributes");
  g_assert_cmpuint (n_rows (fixture), ==, SAMPLE_N_ANNOTATIONS);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);


  g_test_add ("/sidebar/link-by-keyboard", Fixture, NULL,
              fixture_setup, test_link_by_keyboard, fixture_teardown);
  g_test_add ("/sidebar/link-roles-and-types", Fixture, NULL,
              fixture_setup, test_link_roles_and_types, fixture_teardown);
  g_test_add ("/sidebar/events-drawn", Fixture, NULL,
              fixture_setup, test_events_drawn, fixture_teardown);
  g_test_add ("/sidebar/event-of-event-drawn", Fixture, NULL,
              fixture_setup, test_event_of_event_drawn, fixture_teardown);
  g_test_add ("/sidebar/link-across-lines-drawn", Fixture, NULL,
              fixture_setup, test_link_across_lines_drawn, fixture_teardown);
  g_test_add ("/sidebar/remove-link", Fixture, NULL,
              fixture_setup, test_remove_link, fixture_teardown);
  g_test_add ("/sidebar/set-attributes", Fixture, NULL,
              fixture_setup, test_set_attributes, fixture_teardown);
  g_test_add ("/sidebar/filter-links-and-attributes", Fixture, NULL,
              fixture_setup, test_filter_links_and_attributes, fixture_teardown);
  g_test_add ("/sidebar/relation-shown", Fixture, NULL,
              fixture_setup, test_relation_shown, fixture_teardown);
  g_test_add ("/sidebar/rows", Fixture, NULL,
              fixture_setup, test_rows, fixture_teardown);
  g_test_add ("/sidebar/text-filter", Fixture, NULL,
              fixture_setup, test_text_filter, fixture_teardown);
  g_test_add ("/sidebar/label-filter", Fixture, NULL,
              fixture_setup, test_label_filter, fixture_teardown);
  g_test_add ("/sidebar/edit-in-place", Fixture, NULL,
              fixture_setup, test_edit_in_place, fixture_teardown);
  g_test_add ("/sidebar/delete-and-undo", Fixture, NULL,
              fixture_setup, test_delete_and_undo, fixture_teardown);
  g_test_add ("/sidebar/user-text-is-plain", Fixture, NULL,
              fixture_setup, test_user_text_is_plain, fixture_teardown);
  g_test_add ("/sidebar/comment-tooltip", Fixture, NULL,
              fixture_setup, test_comment_tooltip, fixture_teardown);
  g_test_add ("/sidebar/rows-kept-when-list-changes", Fixture, NULL,
              fixture_setup, test_rows_kept_when_list_changes, fixture_teardown);
  g_test_add ("/sidebar/rows-made-for-what-shows", Fixture, NULL,
              fixture_setup, test_rows_made_for_what_shows, fixture_teardown);
  g_test_add ("/sidebar/follows-and-leads-view", Fixture, NULL,
              fixture_setup, test_follows_and_leads_view, fixture_teardown);
  g_test_add ("/sidebar/unapplied-edit-kept", Fixture, NULL,
              fixture_setup, test_unapplied_edit_kept, fixture_teardown);
  g_test_add ("/sidebar/toggle", Fixture, NULL,
              fixture_setup, test_toggle, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
