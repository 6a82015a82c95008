/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "shu-application.h"
#include "shu-error.h"
#include "shu-portal-controller.h"
#include "shu-preferences-window.h"
#include "shu-reflow.h"
#include "shu-shortcuts-window.h"
#include "shu-sidecar.h"
#include "shu-window.h"
#include "shu-window-private.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* These tests drive real windows under a display, through the same actions
 * and popover a user reaches with the keyboard, and check what the user
 * would get: the highlights where the words are, the saved file. */

static ShuApplication *app;

typedef struct
{
  ShuWindow *window;
  char      *tmpdir;
  GFile     *text;
} Fixture;

static GFile *
dup_essay_copy (const char *tmpdir)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autoptr(GError) error = NULL;
  GFile *copy = g_file_new_build_filename (tmpdir, "essay.he.txt", NULL);

  g_file_copy (essay, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return copy;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  shu_test_restore_system_data_dirs ();
  g_settings_set_string (settings, "author-name", "Test Annotator");
  g_settings_set_boolean (settings, "join-lines", FALSE);
  g_settings_set_double (settings, "font-scale", 1.0);

  fixture->tmpdir = g_dir_make_tmp ("shulayim-ui-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->text = dup_essay_copy (fixture->tmpdir);
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

/* The code point offset of the first @needle in the window's text. */
static guint
find_offset (ShuWindow  *window,
             const char *needle)
{
  ShuSource *source = shu_document_get_source (shu_window_get_document (window));
  const char *text = shu_source_get_text (source);
  const char *hit = strstr (text, needle);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (text, hit);
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

/* Selects [start, end) and annotates it the way a user does: the annotate
 * action opens the popover, a label is chosen, a comment written, and the
 * popover's confirm action (Ctrl+Enter) adds it. */
/* Selects [start, end) and opens the annotate popover on it, with a label
 * and a comment chosen, as a user would before pressing Enter. */
static ShuAnnotatePopover *
open_annotate_popover (ShuWindow  *window,
                       guint       start,
                       guint       end,
                       const char *label_id,
                       const char *comment)
{
  ShuTextView *view = shu_window_get_text_view (window);
  ShuAnnotatePopover *popover = shu_window_get_annotate_popover (window);

  shu_text_view_select_range (view, start, end);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.annotate", NULL));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (popover)));
  g_assert_true (shu_annotate_popover_select_label (popover, label_id));
  shu_annotate_popover_set_comment (popover, comment);
  return popover;
}

static void
annotate_through_popover (ShuWindow  *window,
                          guint       start,
                          guint       end,
                          const char *label_id,
                          const char *comment)
{
  ShuAnnotatePopover *popover = open_annotate_popover (window, start, end, label_id, comment);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "annotate.confirm", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (popover)));
}

static ShuAnnotation *
only_annotation (ShuAnnotationStore *store)
{
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  return g_list_model_get_item (G_LIST_MODEL (store), 0);
}

/* The section of the main menu that holds Undo and Redo. */
static GMenuModel *
find_undo_section (ShuWindow *window)
{
  GObject *section = gtk_widget_get_template_child (GTK_WIDGET (window), SHU_TYPE_WINDOW,
                                                    "undo_section");

  g_assert_true (G_IS_MENU_MODEL (section));
  return G_MENU_MODEL (section);
}

static void
assert_undo_menu (ShuWindow  *window,
                  const char *undo,
                  const char *redo)
{
  GMenuModel *section = find_undo_section (window);
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;

  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 2);
  g_assert_true (g_menu_model_get_item_attribute (section, 0, G_MENU_ATTRIBUTE_LABEL, "s",
                                                  &undo_label));
  g_assert_true (g_menu_model_get_item_attribute (section, 1, G_MENU_ATTRIBUTE_LABEL, "s",
                                                  &redo_label));
  g_assert_cmpstr (undo_label, ==, undo);
  g_assert_cmpstr (redo_label, ==, redo);
}

/* Counts the rebuilds of a menu section: each empties it first. */
static void
count_rebuilds_cb (GMenuModel *section,
                   int         position,
                   int         removed,
                   int         added,
                   guint      *count)
{
  if (removed > 0)
    (*count)++;
}

static void
count_cb (guint *count)
{
  (*count)++;
}

static void
test_annotate_undo_save_reopen (Fixture       *fixture,
                                gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  const char *word = "הקומוניזם הסובייטי";
  guint start = find_offset (window, word);
  guint end = start + g_utf8_strlen (word, -1);
  ShuLabel *label = nth_label (window, 1);
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GFile) sidecar_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *exact = NULL;
  ShuWindow *reopened;
  guint rebuilds = 0, titles = 0;
  gulong rebuild_handler, title_handler;

  rebuild_handler = g_signal_connect (find_undo_section (window), "items-changed",
                                      G_CALLBACK (count_rebuilds_cb), &rebuilds);
  title_handler = g_signal_connect_swapped (window, "notify::title", G_CALLBACK (count_cb),
                                            &titles);
  annotate_through_popover (window, start, end, shu_label_get_id (label), "טענה מרכזית");
  /* The store tells of several changes at once (modified, can undo, what
   * to undo); the title and the menu change once. */
  g_assert_cmpuint (rebuilds, ==, 1);
  g_assert_cmpuint (titles, ==, 1);

  annotation = only_annotation (store);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, end);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, shu_label_get_id (label));
  g_assert_cmpstr (shu_annotation_get_comment (annotation), ==, "טענה מרכזית");
  g_assert_cmpstr (shu_annotation_get_creator (annotation), ==, "Test Annotator");
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));
  g_clear_object (&annotation);

  /* The menu names the step Undo takes back. */
  assert_undo_menu (window, "_Undo Add Annotation", "_Redo");

  /* Undo and redo through the window's actions, as Ctrl+Z does. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  assert_undo_menu (window, "_Undo", "_Redo Add Annotation");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  annotation = only_annotation (store);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);

  /* Another addition: the menu's words stay, so it stays; then undone,
   * Redo gets its words. */
  rebuilds = 0;
  {
    const char *other = "ההיסטורית";
    guint other_start = find_offset (window, other);

    shu_text_view_select_range (shu_window_get_text_view (window), other_start,
                                other_start + g_utf8_strlen (other, -1));
    g_assert_true (shu_window_annotate_selection (window, shu_label_get_id (label), NULL,
                                                  &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
    assert_undo_menu (window, "_Undo Add Annotation", "_Redo");
    g_assert_cmpuint (rebuilds, ==, 0);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
    assert_undo_menu (window, "_Undo Add Annotation", "_Redo Add Annotation");
    g_assert_cmpuint (rebuilds, ==, 1);
  }
  g_signal_handler_disconnect (find_undo_section (window), rebuild_handler);
  g_signal_handler_disconnect (window, title_handler);
  g_clear_object (&annotation);
  annotation = only_annotation (store);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);

  /* The text's folder is writable: Save writes the default sidecar beside it. */
  sidecar_file = shu_sidecar_default_file (fixture->text);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (shu_window_get_document (window)),
                               sidecar_file));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  /* The file is written in a worker thread; the store is marked saved
   * when it is done. */
  {
    gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

    while (shu_annotation_store_get_modified (store) && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
  }
  g_assert_true (g_file_query_exists (sidecar_file, NULL));
  g_assert_false (shu_annotation_store_get_modified (store));
  g_assert_false (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (window)), "• "));

  /* What was written, read back with the model alone. */
  sidecar = shu_sidecar_load (sidecar_file, NULL, &error);
  g_assert_no_error (error);
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&annotation);
  annotation = only_annotation (shu_document_get_store (document));
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, end);
  exact = shu_source_dup_range (source, start, end);
  g_assert_cmpstr (exact, ==, word);
  g_clear_object (&annotation);

  /* Opening the text again in a new window finds its annotations. */
  reopened = shu_test_open_window (app, fixture->text, 900, 640);
  annotation = only_annotation (get_store (reopened));
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, end);
  g_assert_cmpstr (shu_annotation_get_comment (annotation), ==, "טענה מרכזית");
  gtk_window_destroy (GTK_WINDOW (reopened));
}

/* The popover annotates the words it was opened on, even when the
 * selection is gone before it is confirmed: another program that takes
 * the PRIMARY selection makes GTK clear it, and the comment typed
 * meanwhile must not be lost. */
static void
test_popover_keeps_its_words (Fixture       *fixture,
                              gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  GtkTextBuffer *buffer =
    gtk_text_view_get_buffer (GTK_TEXT_VIEW (shu_window_get_text_view (window)));
  const char *word = "הקומוניזם הסובייטי";
  guint start = find_offset (window, word);
  guint end = start + g_utf8_strlen (word, -1);
  ShuLabel *label = nth_label (window, 2);
  g_autoptr(ShuAnnotation) annotation = NULL;
  ShuAnnotatePopover *popover;
  GtkTextIter far;

  popover = open_annotate_popover (window, start, end, shu_label_get_id (label), "נשמר");

  /* What GTK does when another program takes PRIMARY: no selection. */
  gtk_text_buffer_get_iter_at_offset (buffer, &far, end + 40);
  gtk_text_buffer_place_cursor (buffer, &far);
  g_assert_false (gtk_text_buffer_get_has_selection (buffer));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "annotate.confirm", NULL));
  annotation = only_annotation (get_store (window));
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, end);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, shu_label_get_id (label));
  g_assert_cmpstr (shu_annotation_get_comment (annotation), ==, "נשמר");
}

/* The first widget of @type under @widget (depth first) whose name
 * (a check box's label, a choice's accessible name set as widget name)
 * is @name, or any when @name is NULL. */
static GtkWidget *
find_descendant (GtkWidget  *widget,
                 GType       type,
                 const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type)
          && (name == NULL
              || (GTK_IS_CHECK_BUTTON (child)
                  && g_strcmp0 (gtk_check_button_get_label (GTK_CHECK_BUTTON (child)),
                                name) == 0)
              || g_strcmp0 (g_object_get_data (G_OBJECT (child), "attribute"), name) == 0))
        return child;
      if ((found = find_descendant (child, type, name)) != NULL)
        return found;
    }
  return NULL;
}

/* A label declares attributes (as brat's annotation.conf brings them):
 * the popover offers them once that label is chosen, a check box for a
 * binary one and a choice of values for the other, and they come with
 * the new annotation in one step for Undo. */
static void
test_popover_sets_attributes (Fixture       *fixture,
                              gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  ShuLabel *label = nth_label (window, 2);
  ShuLabel *other = nth_label (window, 1);
  const char *word = "הקומוניזם הסובייטי";
  guint start = find_offset (window, word);
  const char * const values[] = { "ודאי", "סביר", "מוטל בספק", NULL };
  g_autoptr(GPtrArray) declarations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_decl_unref);
  g_autoptr(ShuLabel) declared = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autofree char *label_id = g_strdup (shu_label_get_id (label));
  ShuAnnotatePopover *popover;
  GtkWidget *negated, *certainty;

  g_ptr_array_add (declarations, shu_attribute_decl_new ("שלילה", NULL));
  g_ptr_array_add (declarations, shu_attribute_decl_new ("ודאות", values));
  declared = shu_label_with_declarations (label, declarations, NULL);
  g_assert_true (shu_annotation_store_replace_label (store, declared));

  /* A label that declares none offers none. */
  popover = open_annotate_popover (window, start, start + g_utf8_strlen (word, -1),
                                   shu_label_get_id (other), NULL);
  g_assert_null (find_descendant (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON, "שלילה"));

  g_assert_true (shu_annotate_popover_select_label (popover, label_id));
  negated = find_descendant (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON, "שלילה");
  certainty = find_descendant (GTK_WIDGET (popover), GTK_TYPE_DROP_DOWN, "ודאות");
  g_assert_nonnull (negated);
  g_assert_nonnull (certainty);
  g_assert_true (gtk_widget_is_visible (negated));
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (negated)));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (certainty)), ==, 0);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (negated), TRUE);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (certainty), 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (popover), "annotate.confirm", NULL));
  annotation = only_annotation (store);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, label_id);
  g_assert_cmpstr (shu_annotation_get_attribute (annotation, "שלילה"), ==, "");
  g_assert_cmpstr (shu_annotation_get_attribute (annotation, "ודאות"), ==, "סביר");

  /* One step: Undo takes the annotation and its attributes together. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  /* Opened again, the popover starts with nothing set. */
  popover = open_annotate_popover (window, start, start + 3, label_id, NULL);
  negated = find_descendant (GTK_WIDGET (popover), GTK_TYPE_CHECK_BUTTON, "שלילה");
  g_assert_nonnull (negated);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (negated)));
  gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
test_digit_applies_label (Fixture       *fixture,
                          gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  ShuLabel *label = shu_annotate_popover_label_for_digit (labels, 1);
  g_autoptr(ShuAnnotation) annotation = NULL;
  guint start = find_offset (window, "כישלון");

  g_assert_nonnull (label);
  shu_text_view_select_range (shu_window_get_text_view (window), start, start + 6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.annotate-label", "u", 1));

  annotation = only_annotation (store);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, shu_label_get_id (label));
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, start + 6);
}

/* The item of @menu (its sections and submenus too) with @label, its
 * action and target; NULL when the menu has none. */
static gboolean
find_menu_item (GMenuModel  *menu,
                const char  *label,
                char       **action,
                GVariant   **target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *item_label = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *link_name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label)
          && g_str_equal (item_label, label)
          && g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", action))
        {
          *target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET,
                                                           NULL);
          return TRUE;
        }

      links = g_menu_model_iterate_item_links (menu, i);
      while (g_menu_link_iter_get_next (links, &link_name, &link))
        {
          gboolean found = find_menu_item (link, label, action, target);

          g_object_unref (link);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static gboolean
menu_has_item (GMenuModel *menu,
               const char *label)
{
  g_autofree char *action = NULL;
  g_autoptr(GVariant) target = NULL;

  return find_menu_item (menu, label, &action, &target);
}

/* Activates the menu item @label the way a click on it does: its action,
 * with its target, from the view the menu opens in. */
static void
activate_menu_item (ShuTextView *view,
                    const char  *label)
{
  GMenuModel *menu = shu_text_view_get_context_menu (view);
  g_autofree char *action = NULL;
  g_autoptr(GVariant) target = NULL;

  GtkWidget *popover;

  if (!find_menu_item (menu, label, &action, &target))
    g_error ("the context menu has no “%s”", label);
  g_assert_true (gtk_widget_activate_action_variant (GTK_WIDGET (view), action, target));

  /* A click on an item closes the menu, as the menu itself does. */
  for (popover = gtk_widget_get_first_child (GTK_WIDGET (view));
       popover != NULL && !GTK_IS_POPOVER_MENU (popover);
       popover = gtk_widget_get_next_sibling (popover))
    ;
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  gtk_popover_popdown (GTK_POPOVER (popover));
}

/* Right-clicks the middle of offset @offset's character. */
static void
right_click_at (ShuTextView *view,
                guint        offset)
{
  GdkRectangle area;

  g_assert_true (shu_text_view_get_offset_area (view, offset, &area));
  g_assert_true (shu_text_view_popup_context_menu (view, area.x + area.width / 2.0,
                                                   area.y + area.height / 2.0));
}

/* Items in @menu, its sections and submenus counted too. */
static guint
count_menu_items (GMenuModel *menu)
{
  guint n = 0;

  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      const char *link_name;
      GMenuModel *link;

      n++;
      while (g_menu_link_iter_get_next (links, &link_name, &link))
        {
          n += count_menu_items (link);
          g_object_unref (link);
        }
    }
  return n;
}

static guint
count_searching_drop_downs (GtkWidget *widget)
{
  guint n = GTK_IS_DROP_DOWN (widget) && gtk_drop_down_get_enable_search (GTK_DROP_DOWN (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_searching_drop_downs (child);
  return n;
}

/* With thousands of labels (a file from another tool), the context menu
 * used to list every one, a menu item each, and took seconds to open:
 * it lists the first few and leads to the popover, which searches. */
static void
test_context_menu_many_labels (Fixture       *fixture,
                               gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuTextView *view = shu_window_get_text_view (window);
  ShuAnnotationStore *store = get_store (window);
  g_autofree char *first_name = g_strdup (shu_label_get_name (nth_label (window, 0)));
  guint start = find_offset (window, "כישלון");
  GMenuModel *menu;

  shu_annotation_store_begin_group (store, "Add Labels");
  for (guint i = 0; i < 5000; i++)
    {
      g_autofree char *id = g_strdup_printf ("many%u", i);
      g_autofree char *name = g_strdup_printf ("Topic %u", i);
      g_autoptr(ShuLabel) label = shu_label_new (id, name, "#3584e4", NULL, 0);

      g_assert_true (shu_annotation_store_add_label (store, label, -1));
    }
  shu_annotation_store_end_group (store);

  shu_text_view_select_range (view, start, start + 6);
  right_click_at (view, start + 2);
  menu = shu_text_view_get_context_menu (view);
  g_assert_true (menu_has_item (menu, first_name));
  g_assert_false (menu_has_item (menu, "Topic 4999"));
  g_assert_cmpuint (count_menu_items (menu), <, 40);
  activate_menu_item (view, "_More Labels…");
  shu_test_wait_for_frames (GTK_WIDGET (window), 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (shu_window_get_annotate_popover (window))));
  gtk_popover_popdown (GTK_POPOVER (shu_window_get_annotate_popover (window)));
  shu_test_wait_for_frames (GTK_WIDGET (window), 1);

  /* The sidebar's two label drop-downs (filter, editor) search too. */
  g_assert_cmpuint (count_searching_drop_downs (GTK_WIDGET (shu_window_get_sidebar (window))),
                    ==, 2);
}

/* A reader who right-clicks the text finds what can be done to it there:
 * annotate a selection, give it or a highlight a label, edit a
 * highlight's comment, delete it, and undo or redo, which undo
 * annotations; none of an editor's Cut and Paste. */
static void
test_context_menu_annotates (Fixture       *fixture,
                             gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuTextView *view = shu_window_get_text_view (window);
  ShuAnnotationStore *store = get_store (window);
  ShuLabel *first = nth_label (window, 0);
  ShuLabel *second = nth_label (window, 1);
  g_autofree char *first_id = g_strdup (shu_label_get_id (first));
  g_autofree char *second_id = g_strdup (shu_label_get_id (second));
  g_autofree char *second_name = g_strdup (shu_label_get_name (second));
  g_autofree char *first_name = g_strdup (shu_label_get_name (first));
  g_autoptr(ShuAnnotation) annotation = NULL;
  GMenuModel *menu;
  GtkWidget *focus;
  guint start = find_offset (window, "כישלון");

  /* On a selection: Annotate and the labels; nothing to delete. */
  shu_text_view_select_range (view, start, start + 6);
  right_click_at (view, start + 2);
  menu = shu_text_view_get_context_menu (view);
  g_assert_nonnull (menu);
  g_assert_true (menu_has_item (menu, "_Annotate…"));
  g_assert_true (menu_has_item (menu, first_name));
  g_assert_true (menu_has_item (menu, second_name));
  g_assert_false (menu_has_item (menu, "_Delete Annotation"));
  g_assert_false (menu_has_item (menu, "Cut"));
  g_assert_false (menu_has_item (menu, "_Paste"));
  g_assert_true (menu_has_item (menu, "_Undo"));

  /* Label → the first label annotates the selection. */
  activate_menu_item (view, first_name);
  annotation = only_annotation (store);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, first_id);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, start + 6);

  /* On the highlight, with nothing selected: its own actions, and Undo
   * names the step it takes back. */
  shu_text_view_select_range (view, start + 20, start + 20);
  right_click_at (view, start + 3);
  g_assert_true (shu_text_view_get_selected_annotation (view) != NULL);
  g_assert_cmpstr (shu_annotation_get_id (shu_text_view_get_selected_annotation (view)), ==,
                   shu_annotation_get_id (annotation));
  menu = shu_text_view_get_context_menu (view);
  g_assert_false (menu_has_item (menu, "_Annotate…"));
  g_assert_true (menu_has_item (menu, "Edit _Comment"));
  g_assert_true (menu_has_item (menu, "_Delete Annotation"));
  g_assert_true (menu_has_item (menu, "_Undo Add Annotation"));

  /* Label → the second label relabels it, one step. */
  activate_menu_item (view, second_name);
  g_clear_object (&annotation);
  annotation = only_annotation (store);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, second_id);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Change Label");

  /* Edit Comment takes the keyboard to the comment beside the list. */
  right_click_at (view, start + 3);
  activate_menu_item (view, "Edit _Comment");
  shu_test_wait_for_frames (GTK_WIDGET (window), 1);
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (GTK_IS_TEXT_VIEW (focus) && !SHU_IS_TEXT_VIEW (focus));
  g_assert_true (gtk_widget_is_ancestor (focus, GTK_WIDGET (shu_window_get_sidebar (window))));

  /* Words selected elsewhere while the highlight is still selected: the
   * menu on them offers nothing to delete. */
  {
    guint other = find_offset (window, "חזון");

    shu_text_view_select_range (view, other, other + 4);
    g_assert_nonnull (shu_text_view_get_selected_annotation (view));
    right_click_at (view, other + 1);
    menu = shu_text_view_get_context_menu (view);
    g_assert_true (menu_has_item (menu, "_Annotate…"));
    g_assert_false (menu_has_item (menu, "_Delete Annotation"));
    g_assert_null (shu_text_view_get_selected_annotation (view));
  }

  /* Delete Annotation, then the menu's Undo brings it back. */
  right_click_at (view, start + 3);
  activate_menu_item (view, "_Delete Annotation");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  right_click_at (view, start + 3);
  activate_menu_item (view, "_Undo Delete Annotation");
  g_clear_object (&annotation);
  annotation = only_annotation (store);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, second_id);
  shu_annotation_store_mark_saved (store);

  /* The window closes with the menu open. */
  right_click_at (view, start + 3);
}

static gboolean
wait_for_loading (ShuWindow *window)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, shu_test_timeout_cb, &timed_out);

  while (shu_window_get_loading (window) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  if (!timed_out)
    g_source_remove (timeout);
  return !timed_out;
}

/* Opening as the app does shows the text first and reads the sidecar in a
 * thread: nothing can be annotated meanwhile (it would be lost with the
 * placeholder), the same text stays in the view, and the annotations come
 * in unmodified. */
static void
test_open_loads_in_thread (Fixture       *fixture,
                           gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  guint start = find_offset (window, "כישלון");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GFile) sidecar = shu_sidecar_default_file (fixture->text);
  ShuWindow *reopened, *closed;
  ShuDocument *placeholder;
  ShuSource *source;

  shu_text_view_select_range (shu_window_get_text_view (window), start, start + 6);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.annotate-label", "u", 1));
  g_assert_true (shu_test_save_to (window, sidecar, &error));
  g_assert_no_error (error);
  before = g_file_load_bytes (sidecar, NULL, NULL, &error);
  g_assert_no_error (error);

  reopened = shu_window_new (GTK_APPLICATION (app));
  shu_window_open_file_interactive (reopened, fixture->text);
  /* While the text is read, the title says which file is opening. */
  {
    g_autofree char *name = g_file_get_basename (fixture->text);

    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (reopened)), ==, name);
    g_assert_cmpstr (shu_window_get_subtitle (reopened), ==, "Opening…");
  }
  gtk_window_present (GTK_WINDOW (reopened));
  /* The text is read in a thread too, and shown as soon as it is. */
  while (shu_window_get_document (reopened) == NULL)
    g_main_context_iteration (NULL, TRUE);
  placeholder = shu_window_get_document (reopened);
  g_assert_nonnull (placeholder);
  source = shu_document_get_source (placeholder);
  if (shu_window_get_loading (reopened))
    {
      ShuAnnotationStore *store = shu_document_get_store (placeholder);

      shu_text_view_select_range (shu_window_get_text_view (reopened), start + 7, start + 9);
      gtk_widget_activate_action (GTK_WIDGET (reopened), "win.annotate-label", "u", 1);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
    }
  g_assert_true (wait_for_loading (reopened));
  g_assert_true (shu_document_get_source (shu_window_get_document (reopened)) == source);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store (reopened))), ==, 1);
  g_assert_false (shu_annotation_store_get_modified (get_store (reopened)));
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (shu_window_get_document (reopened)),
                               sidecar));
  shu_test_wait_for_frames (GTK_WIDGET (reopened), 1);
  gtk_window_destroy (GTK_WINDOW (reopened));

  /* Closing while the sidecar is read leaves it as it was. */
  closed = shu_window_new (GTK_APPLICATION (app));
  shu_window_open_file_interactive (closed, fixture->text);
  gtk_window_destroy (GTK_WINDOW (closed));
  for (guint i = 0; i < 50; i++)
    {
      g_usleep (2000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  after = g_file_load_bytes (sidecar, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_bundled_essay_sidecar_in_user_dir (void)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autoptr(GFile) expected = g_file_new_build_filename (g_get_user_data_dir (), "shulayim",
                                                         "essay.he.txt.annotations.json",
                                                         NULL);
  ShuWindow *window;
  GFile *sidecar;

  shu_test_restore_system_data_dirs ();
  window = shu_test_open_window (app, essay, 900, 640);
  sidecar = shu_document_get_sidecar_file (shu_window_get_document (window));

  /* The bundled essay's folder is not the user's: annotations go to theirs,
   * and the window says so. */
  g_assert_nonnull (sidecar);
  g_assert_true (g_file_equal (sidecar, expected));
  g_assert_cmpstr (shu_window_get_subtitle (window), ==,
                   "Read-only text · annotations will be saved in your Shulayim folder");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The bundled essay's annotations saved somewhere of the user's choosing
 * (Save As into ~/.local/share): opening that file finds the essay, which
 * is not beside it, and shows the annotations on it. */
static void
test_bundled_essay_sidecar_saved_elsewhere (void)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autoptr(GFile) chosen = g_file_new_build_filename (g_get_user_data_dir (),
                                                       "my-essay-notes.json", NULL);
  g_autoptr(GError) error = NULL;
  ShuWindow *window;
  ShuDocument *document;

  shu_test_restore_system_data_dirs ();
  window = shu_test_open_window (app, essay, 900, 640);
  shu_text_view_select_range (shu_window_get_text_view (window), 6, 9);
  g_assert_true (shu_window_annotate_selection (window, NULL, "elsewhere", &error));
  g_assert_no_error (error);
  g_assert_true (shu_test_save_to (window, chosen, &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (window));

  window = shu_window_new (GTK_APPLICATION (app));
  g_assert_true (shu_test_open_file (window, chosen, &error));
  g_assert_no_error (error);
  document = shu_window_get_document (window);
  g_assert_true (g_file_equal (shu_source_get_file (shu_document_get_source (document)), essay));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document))),
                    ==, 1);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), chosen));
  gtk_window_destroy (GTK_WINDOW (window));
  g_file_delete (chosen, NULL, NULL);
}

static void
test_missing_file_changes_nothing (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(GFile) missing = g_file_new_build_filename (fixture->tmpdir, "missing.txt", NULL);
  ShuDocument *before = shu_window_get_document (fixture->window);
  g_autoptr(GError) error = NULL;

  g_assert_false (shu_test_open_file (fixture->window, missing, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (error->message);
  g_assert_true (shu_window_get_document (fixture->window) == before);
}

static void
test_rtl_line_starts_at_right (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkTextView *view = GTK_TEXT_VIEW (shu_window_get_text_view (fixture->window));
  GtkTextIter iter;
  GdkRectangle first, visible;
  int right_edge;

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &iter);
  gtk_text_view_get_iter_location (view, &iter, &first);
  gtk_text_view_get_visible_rect (view, &visible);

  /* The first letter of a Hebrew paragraph is drawn at the right edge of
   * the text area, not the left. */
  right_edge = visible.x + visible.width - gtk_text_view_get_right_margin (view);
  g_assert_cmpint (MAX (first.x, first.x + first.width), >, right_edge - 24);
  g_assert_cmpint (MAX (first.x, first.x + first.width), <=, right_edge + 1);
  g_assert_cmpint (first.x, >, visible.x + visible.width / 2);
}

/* In a narrow window with the annotation list shown, the page is never
 * wider than what is on screen: a clipped page cuts the start of every
 * right-to-left line (it did, when the find bar's width leaked into it). */
static void
test_narrow_window_keeps_line_starts (Fixture       *fixture,
                                      gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  GtkWidget *view = GTK_WIDGET (shu_window_get_text_view (window));
  GtkTextIter iter;
  GdkRectangle first;
  graphene_point_t in, out;

  g_action_group_change_action_state (G_ACTION_GROUP (window), "sidebar-visible",
                                      g_variant_new_boolean (TRUE));
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 600);
  shu_test_wait_for_frames (GTK_WIDGET (window), 4);

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), &iter);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (view), &iter, &first);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (view), GTK_TEXT_WINDOW_WIDGET,
                                         first.x, first.y, &first.x, &first.y);
  in = GRAPHENE_POINT_INIT (first.x, first.y);
  g_assert_true (gtk_widget_compute_point (view, GTK_WIDGET (window), &in, &out));
  g_assert_cmpfloat (out.x, >, 0);
  g_assert_cmpfloat (out.x, <, gtk_widget_get_width (GTK_WIDGET (window)));
}

/* Inside Flatpak a text chosen alone is doc/<id>/<name> under the runtime
 * folder, with nothing beside it: the window must not plan to save there,
 * and once the user grants the folder it works from the folder, but only
 * if the folder's copy is the same text. */

static void
use_folder_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_portal_controller_use_folder_finish (SHU_PORTAL_CONTROLLER (object), result,
                                                      &wait->error);
  wait->done = TRUE;
}

/* What Choose Folder does once the folder is chosen, waited for. */
static gboolean
use_folder (ShuWindow  *window,
            GFile      *folder,
            GError    **error)
{
  ShuTestWait wait = { 0 };

  shu_portal_controller_use_folder_async (shu_window_get_portal (window), folder, use_folder_cb,
                                          &wait);
  return shu_test_wait_result (&wait, error);
}

/* The toast offering the folder: its words, button and action. */
static void
grant_toast_cb (ShuPortalController  *portal,
                AdwToast             *toast,
                char                **offer)
{
  g_free (*offer);
  *offer = g_strdup_printf ("%s [%s: %s]", adw_toast_get_title (toast),
                            adw_toast_get_button_label (toast),
                            adw_toast_get_action_name (toast));
}

static void
test_sandbox_single_file_uses_folder (Fixture       *fixture,
                                      gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  g_autofree char *grant_dir = g_build_filename (g_get_user_runtime_dir (), "doc", "a1b2c3",
                                                 NULL);
  g_autofree char *folder_path = g_build_filename (fixture->tmpdir, "texts", NULL);
  g_autofree char *other_path = g_build_filename (fixture->tmpdir, "other", NULL);
  g_autofree char *sample = g_test_build_filename (G_TEST_DIST, "data",
                                                   "essay.he.txt.annotations.json", NULL);
  g_autofree char *sample_copy = g_build_filename (folder_path,
                                                   "essay.he.txt.annotations.json", NULL);
  g_autofree char *other_text = g_build_filename (other_path, "essay.he.txt", NULL);
  g_autoptr(GFile) granted = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (folder_path);
  g_autoptr(GFile) other = g_file_new_for_path (other_path);
  g_autoptr(GFile) expected_sidecar = g_file_new_for_path (sample_copy);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *offer = NULL;
  gsize length;
  ShuDocument *document;

  g_assert_cmpint (g_mkdir_with_parents (grant_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (other_path, 0700), ==, 0);
  granted = dup_essay_copy (grant_dir);
  g_object_unref (dup_essay_copy (folder_path));
  g_file_get_contents (sample, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (sample_copy, contents, length, &error);
  g_assert_no_error (error);
  g_file_set_contents (other_text, "שלום עולם\n", -1, &error);
  g_assert_no_error (error);

  g_assert_true (shu_places_is_single_file_grant (granted));
  g_assert_false (shu_places_is_single_file_grant (fixture->text));
  {
    g_autofree char *deeper = g_build_filename (grant_dir, "folder", "essay.he.txt", NULL);
    g_autoptr(GFile) in_folder = g_file_new_for_path (deeper);

    g_assert_false (shu_places_is_single_file_grant (in_folder));
  }

  g_signal_connect (shu_window_get_portal (window), "add-toast", G_CALLBACK (grant_toast_cb),
                    &offer);
  g_assert_true (shu_test_open_file (window, granted, &error));
  g_assert_no_error (error);
  document = shu_window_get_document (window);
  g_assert_null (shu_document_get_sidecar_file (document));
  /* The user is offered, once, to choose the text's folder. */
  g_assert_cmpstr (offer, ==, "Only this file is visible, not the annotations beside it "
                              "[Choose _Folder…: win.choose-folder]");
  g_signal_handlers_disconnect_by_func (shu_window_get_portal (window), grant_toast_cb, &offer);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store (window))), ==, 0);

  /* A folder whose "essay.he.txt" is another text is refused. */
  g_assert_false (use_folder (window, other, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "is not the text that is open"));
  g_clear_error (&error);
  g_assert_true (shu_window_get_document (window) == document);

  /* The right folder: its sidecar is found, and saving goes there. */
  g_assert_true (use_folder (window, folder, &error));
  g_assert_no_error (error);
  document = shu_window_get_document (window);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store (window))), ==, 25);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), expected_sidecar));
}

typedef struct
{
  guchar *data;
  gsize   stride;
  int     width;
  int     height;
} Pixels;

static guint32
pixel_at (const Pixels *pixels,
          double        x,
          double        y)
{
  int ix = (int) x, iy = (int) y;

  g_assert_cmpint (ix, >=, 0);
  g_assert_cmpint (iy, >=, 0);
  g_assert_cmpint (ix, <, pixels->width);
  g_assert_cmpint (iy, <, pixels->height);
  return *(guint32 *) (pixels->data + iy * pixels->stride + ix * 4);
}

#define WHITE 0xffffffff

static guint32
first_colour (const Pixels *pixels,
              double        x,
              double        from,
              double        to)
{
  for (double y = from; y < to; y++)
    {
      guint32 pixel = pixel_at (pixels, x, y);

      if (pixel != WHITE)
        return pixel;
    }
  return WHITE;
}

/* The runs of coloured rows under the fill of the line at (x, from). */
static guint
count_bars (const Pixels *pixels,
            double        x,
            double        from,
            double        to)
{
  double y = from;
  guint bars = 0;

  while (y < to && pixel_at (pixels, x, y) == WHITE)
    y++;
  while (y < to && pixel_at (pixels, x, y) != WHITE)
    y++;
  while (y < to)
    {
      if (pixel_at (pixels, x, y) != WHITE)
        {
          bars++;
          while (y < to && pixel_at (pixels, x, y) != WHITE)
            y++;
        }
      y++;
    }
  return bars;
}

/* The middle of @offset's character, in window coordinates, and the y of
 * the band just under its line where the label bars are drawn. */
static void
locate_char (ShuWindow *window,
             guint      offset,
             double    *x,
             double    *top,
             double    *bottom)
{
  ShuTextView *view = shu_window_get_text_view (window);
  GdkRectangle area;
  graphene_point_t in, out;

  g_assert_true (shu_text_view_get_offset_area (view, offset, &area));
  in = GRAPHENE_POINT_INIT (area.x + area.width / 2.0, area.y);
  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view), GTK_WIDGET (window), &in, &out));
  *x = out.x;
  *top = out.y;
  *bottom = out.y + area.height;
}

static void
test_overlap_visible (Fixture       *fixture,
                      gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuAnnotationStore *store = get_store (window);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  Pixels pixels;
  /* Two spans on the first line of the essay sharing their middle word. */
  guint a_start = find_offset (window, "ספק היום");
  guint b_start = find_offset (window, "היום כי");
  guint a_end = b_start + 4;
  guint b_end = b_start + 7;
  double ax, bx, ox, top, bottom;
  guint32 only_a, only_b, both;

  annotate_through_popover (window, a_start, a_end, shu_label_get_id (nth_label (window, 0)),
                            "ראשונה");
  annotate_through_popover (window, b_start, b_end, shu_label_get_id (nth_label (window, 2)),
                            "שנייה");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  shu_window_set_selected_annotation (window, NULL);
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);

  texture = shu_window_render (window, &error);
  g_assert_no_error (error);
  png = g_test_build_filename (G_TEST_BUILT, "overlap.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("rendered %s", png);

  pixels.width = gdk_texture_get_width (texture);
  pixels.height = gdk_texture_get_height (texture);
  pixels.stride = pixels.width * 4;
  pixels.data = g_malloc (pixels.stride * pixels.height);
  gdk_texture_download (texture, pixels.data, pixels.stride);

  /* Walking down each character's column from above its line: the first
   * coloured pixel is the highlight's fill (it starts above the letters);
   * past the fill come the label bars, one per annotation covering it. */
  locate_char (window, a_start + 1, &ax, &top, &bottom);
  locate_char (window, b_start + 1, &ox, &top, &bottom);
  locate_char (window, b_end - 2, &bx, &top, &bottom);
  only_a = first_colour (&pixels, ax, top - 8, bottom);
  both = first_colour (&pixels, ox, top - 8, bottom);
  only_b = first_colour (&pixels, bx, top - 8, bottom);
  g_assert_cmphex (only_a, !=, WHITE);
  g_assert_cmphex (only_b, !=, WHITE);
  g_assert_cmphex (both, !=, only_a);
  g_assert_cmphex (both, !=, only_b);
  g_assert_cmphex (only_a, !=, only_b);

  g_assert_cmpuint (count_bars (&pixels, ax, top - 8, bottom + 20), ==, 1);
  g_assert_cmpuint (count_bars (&pixels, ox, top - 8, bottom + 20), ==, 2);
  g_assert_cmpuint (count_bars (&pixels, bx, top - 8, bottom + 20), ==, 1);

  g_free (pixels.data);
}

/* The window as drawn now. */
static void
render_pixels (ShuWindow *window,
               Pixels    *pixels)
{
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  texture = shu_window_render (window, &error);
  g_assert_no_error (error);
  pixels->width = gdk_texture_get_width (texture);
  pixels->height = gdk_texture_get_height (texture);
  pixels->stride = pixels->width * 4;
  pixels->data = g_malloc (pixels->stride * pixels->height);
  gdk_texture_download (texture, pixels->data, pixels->stride);
}

/* The colour of the highlight on @offset's character, its place kept in
 * @x and @top; WHITE when there is none. */
static guint32
highlight_at (ShuWindow *window,
              guint      offset,
              double    *x,
              double    *top)
{
  Pixels pixels;
  double bottom;
  guint32 colour;

  render_pixels (window, &pixels);
  locate_char (window, offset, x, top, &bottom);
  colour = first_colour (&pixels, *x, *top - 8, bottom);
  g_free (pixels.data);
  return colour;
}

/* The view keeps the boxes of the characters on screen from frame to
 * frame: when the layout changes (a larger font, lines joined), a
 * highlight still sits on its word, not where the word was. */
static void
test_highlight_follows_layout (Fixture       *fixture,
                               gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  guint start = find_offset (window, "ההיסטורית");
  const char *steps[] = { "win.zoom-in", "win.zoom-in", "win.join-lines", "win.zoom-reset" };
  double x, top;
  guint32 fill;

  annotate_through_popover (window, start, start + 9, shu_label_get_id (nth_label (window, 0)),
                            NULL);
  shu_window_set_selected_annotation (window, NULL);
  fill = highlight_at (window, start + 4, &x, &top);
  g_assert_cmphex (fill, !=, WHITE);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      double old_x = x, old_top = top;
      Pixels pixels;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), steps[i], NULL));
      g_assert_cmphex (highlight_at (window, start + 4, &x, &top), ==, fill);
      /* Where the word was, no highlight (unless the word is still there). */
      if (ABS (x - old_x) < 10 && ABS (top - old_top) < 4)
        continue;
      render_pixels (window, &pixels);
      g_assert_cmphex (first_colour (&pixels, old_x, old_top - 8, old_top + 4), !=, fill);
      g_free (pixels.data);
    }
}

static void
test_join_lines_keeps_offsets (Fixture       *fixture,
                               gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuTextView *view = shu_window_get_text_view (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  ShuSource *source = shu_document_get_source (shu_window_get_document (window));
  GtkTextIter start, end;
  g_autofree char *shown = NULL;
  const char *newline;
  gboolean join_lines;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.join-lines", NULL));
  g_object_get (window, "join-lines", &join_lines, NULL);
  g_assert_true (join_lines);
  g_assert_true (shu_text_view_get_join_lines (view));

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  /* Offsets, not bytes: a break joined after a space is a zero-width
   * space (shu-reflow.h). */
  g_assert_cmpuint (gtk_text_buffer_get_char_count (buffer), ==, shu_source_get_length (source));

  /* The essay marks no paragraph: line breaks remain only after a
   * sentence, the first some hundreds of characters in. */
  newline = strchr (shown, '\n');
  g_assert_nonnull (newline);
  g_assert_cmpint (g_utf8_strlen (shown, newline - shown), >=, SHU_REFLOW_MAX_PARAGRAPH);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.join-lines", NULL));
  g_assert_false (shu_text_view_get_join_lines (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  g_free (shown);
  shown = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  g_assert_cmpstr (shown, ==, shu_source_get_text (source));
}

/* The display lines of @view's text: each one's characters shown (a
 * zero-width space shows nothing) and whether a paragraph ends with it. */
typedef struct
{
  guint length;
  gboolean ends_paragraph;
  gunichar last;  /* the last character shown, spaces aside */
} DisplayLine;

static GArray *
collect_display_lines (GtkTextView *view)
{
  GArray *lines = g_array_new (FALSE, FALSE, sizeof (DisplayLine));
  GtkTextIter iter, next;

  gtk_text_buffer_get_start_iter (gtk_text_view_get_buffer (view), &iter);
  while (!gtk_text_iter_is_end (&iter))
    {
      DisplayLine line = { 0, FALSE, 0 };

      next = iter;
      if (!gtk_text_view_forward_display_line (view, &next))
        gtk_text_iter_forward_to_end (&next);
      for (GtkTextIter c = iter; gtk_text_iter_compare (&c, &next) < 0;
           gtk_text_iter_forward_char (&c))
        {
          gunichar ch = gtk_text_iter_get_char (&c);

          if (ch == '\n')
            line.ends_paragraph = TRUE;
          else if (ch != 0x200B)
            line.length++;
          if (ch != '\n' && ch != 0x200B && !g_unichar_isspace (ch))
            line.last = ch;
        }
      line.ends_paragraph = line.ends_paragraph || gtk_text_iter_is_end (&next);
      g_array_append_val (lines, line);
      iter = next;
    }
  return lines;
}

static void
read_text_cb (GObject      *clipboard,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **text = user_data;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (clipboard), result, NULL);
  if (*text == NULL)
    *text = g_strdup ("(nothing)");
}

static char *
read_clipboard_text (GtkWidget *widget)
{
  char *text = NULL;

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, read_text_cb, &text);
  while (text == NULL)
    g_main_context_iteration (NULL, TRUE);
  return text;
}

/* A new reader opens the hard-wrapped essay (lines of about 71 characters)
 * in a wide and in a small window: the page reads as a page, with lines
 * of at most about 80 characters and no line ending in a stray word; and
 * what is selected on that page is annotated at the file's offsets. */
static void
test_page_reads_without_orphans (Fixture       *fixture,
                                 gconstpointer  data)
{
  static const struct { int width, height; gboolean sidebar; } sizes[] = {
    { 1920, 1080, TRUE }, { 1280, 800, FALSE }, { 800, 600, TRUE },
  };
  ShuWindow *window = fixture->window;
  GtkTextView *view = GTK_TEXT_VIEW (shu_window_get_text_view (window));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  ShuSource *source = shu_document_get_source (shu_window_get_document (window));
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autofree char *exact = NULL;
  g_autofree char *copied = NULL;
  GtkTextIter start, end, word_end;
  guint source_start;

  /* What a new user gets. */
  g_settings_reset (settings, "join-lines");

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autoptr(GArray) lines = NULL;
      guint longest = 0, n_paragraphs = 0;

      g_action_group_change_action_state (G_ACTION_GROUP (window), "sidebar-visible",
                                          g_variant_new_boolean (sizes[i].sidebar));
      gtk_window_set_default_size (GTK_WINDOW (window), sizes[i].width, sizes[i].height);
      shu_test_wait_for_frames (GTK_WIDGET (window), 4);

      lines = collect_display_lines (view);
      for (guint k = 0; k < lines->len; k++)
        longest = MAX (longest, g_array_index (lines, DisplayLine, k).length);
      /* (The window gets no wider than the screen.) */
      g_test_message ("window %d px: the page %d px wide, %u display lines, the longest %u",
                      gtk_widget_get_width (GTK_WIDGET (window)),
                      gtk_widget_get_width (GTK_WIDGET (view)), lines->len, longest);
      g_assert_cmpuint (longest, <=, 80);
      g_assert_cmpuint (longest, >=, 40);
      for (guint k = 0; k < lines->len; k++)
        {
          const DisplayLine *line = &g_array_index (lines, DisplayLine, k);

          if (!line->ends_paragraph)
            /* A stray word or two would be a fraction of the longest. */
            g_assert_cmpuint (line->length * 2, >=, longest);
          else if (k + 1 < lines->len)
            {
              /* The essay marks no paragraph (no blank line, no indent,
               * only its last line short): it is shown in paragraphs of
               * some eight lines, ended at a sentence (shu-reflow.h). */
              g_assert_nonnull (g_utf8_strchr (".?!", -1, line->last));
              n_paragraphs++;
            }
        }
      g_assert_cmpuint (n_paragraphs, >=, 8);
      g_assert_cmpuint (n_paragraphs, <=, 24);
    }

  /* Two words on each side of the first line break of the file, found
   * in the text shown and selected there. */
  gtk_text_buffer_get_start_iter (buffer, &start);
  g_assert_true (gtk_text_iter_forward_search (&start, "ההיסטורית", 0, &start, &end, NULL));
  g_assert_true (gtk_text_iter_forward_search (&end, "היא", 0, NULL, &word_end, NULL));
  gtk_text_buffer_select_range (buffer, &start, &word_end);

  /* Copied, it is the file's text, with its line break. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view), "clipboard.copy", NULL));
  copied = read_clipboard_text (GTK_WIDGET (view));
  g_assert_cmpstr (copied, ==, "ההיסטורית \nהיא");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.annotate-label", "u", 1));

  source_start = find_offset (window, "ההיסטורית \nהיא");
  annotation = only_annotation (get_store (window));
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, source_start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, source_start + 14);
  exact = shu_source_dup_range (source, shu_annotation_get_start (annotation),
                                shu_annotation_get_end (annotation));
  g_assert_cmpstr (exact, ==, "ההיסטורית \nהיא");
}

/* The family and size (in points) the text is drawn in. */
static char *
dup_drawn_font (ShuWindow *window,
                double    *points)
{
  GtkWidget *view = GTK_WIDGET (shu_window_get_text_view (window));
  const PangoFontDescription *desc;

  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  desc = pango_context_get_font_description (gtk_widget_get_pango_context (view));
  /* GTK hands Pango the CSS size in pixels (at 96 per inch). */
  *points = (double) pango_font_description_get_size (desc) / PANGO_SCALE * 72 / 96;
  return g_strdup (pango_font_description_get_family (desc));
}

/* The text is read in the desktop's document font, set larger for
 * Hebrew, and follows it when it changes; a font chosen in Preferences
 * replaces it at its own size; zoom scales either; switching the desktop
 * font back on returns to it. */
static void
test_reading_font (Fixture       *fixture,
                   gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GSettings) desktop = g_settings_new ("org.gnome.desktop.interface");
  GtkWidget *preferences;
  GtkSwitch *desktop_switch;
  g_autofree char *family = NULL;
  g_autofree char *chosen = NULL;
  double points;

  g_settings_set_string (desktop, "document-font-name", "DejaVu Serif 11");
  family = dup_drawn_font (window, &points);
  g_assert_cmpstr (family, ==, "DejaVu Serif");
  g_assert_cmpfloat_with_epsilon (points, 13.2, 0.05);

  g_settings_set_string (desktop, "document-font-name", "DejaVu Sans Mono 10");
  g_free (family);
  family = dup_drawn_font (window, &points);
  g_assert_cmpstr (family, ==, "DejaVu Sans Mono");
  g_assert_cmpfloat_with_epsilon (points, 12.0, 0.05);

  /* Preferences: the desktop font is on; off, the chooser's font is used. */
  preferences = shu_preferences_window_new (GTK_WINDOW (window));
  desktop_switch = GTK_SWITCH (gtk_widget_get_template_child (preferences,
                                                              SHU_TYPE_PREFERENCES_WINDOW,
                                                              "desktop_font_switch"));
  g_assert_true (gtk_switch_get_active (desktop_switch));
  gtk_switch_set_active (desktop_switch, FALSE);
  chosen = g_settings_get_string (settings, "document-font");
  g_assert_cmpstr (chosen, ==, "DejaVu Sans Mono 12");
  g_settings_set_string (settings, "document-font", "DejaVu Serif 20");
  g_settings_set_double (settings, "font-scale", 1.5);
  g_free (family);
  family = dup_drawn_font (window, &points);
  g_assert_cmpstr (family, ==, "DejaVu Serif");
  g_assert_cmpfloat_with_epsilon (points, 30.0, 0.05);

  gtk_switch_set_active (desktop_switch, TRUE);
  g_free (chosen);
  chosen = g_settings_get_string (settings, "document-font");
  g_assert_cmpstr (chosen, ==, "");
  g_settings_set_double (settings, "font-scale", 1.0);
  g_free (family);
  family = dup_drawn_font (window, &points);
  g_assert_cmpstr (family, ==, "DejaVu Sans Mono");
  gtk_window_destroy (GTK_WINDOW (preferences));
  g_settings_reset (desktop, "document-font-name");
}

static char *
dup_selected_text (ShuWindow *window)
{
  ShuSource *source = shu_document_get_source (shu_window_get_document (window));
  guint start, end;

  g_assert_true (shu_text_view_get_selection (shu_window_get_text_view (window), &start, &end));
  return shu_source_dup_range (source, start, end);
}

static char *
dup_annotation_text (ShuWindow     *window,
                     ShuAnnotation *annotation)
{
  ShuSource *source = shu_document_get_source (shu_window_get_document (window));

  return shu_source_dup_range (source, shu_annotation_get_start (annotation),
                               shu_annotation_get_end (annotation));
}

/* The drag the issue describes took "כישלונו של משטר בל": released, it
 * takes the whole last word, unless exact selection is chosen. An
 * annotation is then grown and shrunk a word at either end from the
 * keyboard, each change one step of Undo. */
static void
test_selection_fits_words (Fixture       *fixture,
                           gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuTextView *view = shu_window_get_text_view (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  ShuAnnotationStore *store = get_store (window);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  guint start = find_offset (window, "כישלונו של משטר בלבד");
  GtkTextIter a, b;
  g_autofree char *text = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  const char *id;
  static const struct { const char *edge; const char *text; } steps[] = {
    { "grow-end", "משטר בלבד" },
    { "grow-start", "של משטר בלבד" },
    { "shrink-end", "של משטר" },
    { "shrink-start", "משטר" },
  };

  /* Dragged from the word's start to inside its fourth word. */
  gtk_text_buffer_get_iter_at_offset (buffer, &a, start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, start + 18);
  gtk_text_buffer_select_range (buffer, &b, &a);
  shu_text_view_finish_mouse_selection (view);
  text = dup_selected_text (window);
  g_assert_cmpstr (text, ==, "כישלונו של משטר בלבד");

  g_settings_set_boolean (settings, "exact-selection", TRUE);
  gtk_text_buffer_select_range (buffer, &b, &a);
  shu_text_view_finish_mouse_selection (view);
  g_free (text);
  text = dup_selected_text (window);
  g_assert_cmpstr (text, ==, "כישלונו של משטר בל");
  g_settings_reset (settings, "exact-selection");

  /* An annotation on "משטר", selected. */
  shu_text_view_select_range (view, start + 11, start + 15);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.annotate-label", "u", 1));
  annotation = only_annotation (store);
  id = shu_annotation_get_id (annotation);
  shu_text_view_set_selected_annotation (view, annotation);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      ShuAnnotation *current;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-edge", "s",
                                                 steps[i].edge));
      current = shu_annotation_store_lookup (store, id);
      g_free (text);
      text = dup_annotation_text (window, current);
      g_assert_cmpstr (text, ==, steps[i].text);
      g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Change Extent");
      /* The view keeps it selected, for the next key. */
      g_assert_true (shu_text_view_get_selected_annotation (view) == current);
    }
  /* Its one word stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.move-edge", "s",
                                             "shrink-end"));
  g_free (text);
  text = dup_annotation_text (window, shu_annotation_store_lookup (store, id));
  g_assert_cmpstr (text, ==, "משטר");

  for (guint i = G_N_ELEMENTS (steps) - 1; i > 0; i--)
    {
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
      g_free (text);
      text = dup_annotation_text (window, shu_annotation_store_lookup (store, id));
      g_assert_cmpstr (text, ==, steps[i - 1].text);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_free (text);
  text = dup_annotation_text (window, shu_annotation_store_lookup (store, id));
  g_assert_cmpstr (text, ==, "משטר");
}

/* Every action a menu item of @menu (its sections and submenus too) runs,
 * added to @actions. */
static void
collect_menu_actions (GMenuModel *menu,
                      GPtrArray  *actions)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (menu, i);
      char *action = NULL;
      const char *link_name;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", &action))
        g_ptr_array_add (actions, action);
      while (g_menu_link_iter_get_next (links, &link_name, &link))
        {
          collect_menu_actions (link, actions);
          g_object_unref (link);
        }
    }
}

static gboolean
strv_has (GPtrArray  *strings,
          const char *string)
{
  return g_ptr_array_find_with_equal_func (strings, string, g_str_equal, NULL);
}

/* The keycaps under @widget, as one "Ctrl+Shift+O" per accelerator shown
 * (a "shu-keys" box), added to @shown. */
static void
collect_keycaps (GtkWidget *widget,
                 GPtrArray *shown)
{
  if (gtk_widget_has_css_class (widget, "shu-keys"))
    {
      GString *keys = g_string_new (NULL);

      for (GtkWidget *cap = gtk_widget_get_first_child (widget); cap != NULL;
           cap = gtk_widget_get_next_sibling (cap))
        if (gtk_widget_has_css_class (cap, "shu-keycap"))
          g_string_append_printf (keys, "%s%s", keys->len > 0 ? "+" : "",
                                  gtk_label_get_label (GTK_LABEL (cap)));
      g_ptr_array_add (shown, g_string_free (keys, FALSE));
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_keycaps (child, shown);
}

/* Every key shown in the shortcuts window under @widget, parsed, added
 * to @keys as "keyval:modifiers": each row's keys, as its keycaps show
 * them (the names gtk_accelerator_get_label() gives). */
static void
collect_shown_shortcuts (GtkWidget *widget,
                         GPtrArray *keys)
{
  if (SHU_IS_SHORTCUT_ROW (widget) && gtk_widget_get_visible (widget))
    {
      g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
      g_auto(GStrv) accels = NULL;

      collect_keycaps (widget, shown);
      accels = g_strsplit (shu_shortcut_row_get_accelerator (SHU_SHORTCUT_ROW (widget)), " ", -1);
      for (guint i = 0; accels[i] != NULL; i++)
        {
          guint key;
          GdkModifierType mods;
          g_autofree char *label = NULL;

          /* "1...9" is a range, shown as such; not an accelerator. */
          if (!gtk_accelerator_parse (accels[i], &key, &mods))
            continue;
          label = gtk_accelerator_get_label (key, mods);
          if (strv_has (shown, label))
            g_ptr_array_add (keys, g_strdup_printf ("%u:%u", key, mods));
          else
            g_test_fail_printf ("the row “%s” does not show %s as keycaps",
                                adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)),
                                label);
        }
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_shown_shortcuts (child, keys);
}

static gboolean
shortcut_shown (GPtrArray  *shown,
                const char *accel)
{
  guint key;
  GdkModifierType mods;
  g_autofree char *parsed = NULL;

  g_assert_true (gtk_accelerator_parse (accel, &key, &mods));
  parsed = g_strdup_printf ("%u:%u", key, mods);
  return strv_has (shown, parsed);
}

/* The primary menu holds what concerns the whole application, as the GNOME
 * HIG asks; the commands on the open text are in the document menu beside
 * it; and the shortcuts window shows every key the application binds, F10
 * for the primary menu too. */
static void
test_menus_and_shortcuts (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char *const app_wide[] = {
    "app.new-window", "app.preferences", "win.author-name", "win.show-help-overlay",
    "app.about",
  };
  static const char *const document[] = {
    "win.open-annotations", "win.save", "win.save-as", "win.annotate", "win.find",
    "win.manage-labels", "win.export-w3c", "win.export-html", "win.import-brat",
    "win.add-layer", "win.merge", "win.agreement", "win.orphans", "win.join-lines",
    "win.zoom-in", "win.zoom-out", "win.zoom-reset",
  };
  GtkApplication *application = GTK_APPLICATION (app);
  GObject *primary_button = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                           SHU_TYPE_WINDOW,
                                                           "primary_menu_button");
  GObject *document_button = gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                            SHU_TYPE_WINDOW,
                                                            "document_menu_button");
  g_autoptr(GPtrArray) primary_actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) document_actions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) shown = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) actions = NULL;
  GtkWidget *help, *entry, *status;

  g_assert_true (GTK_IS_MENU_BUTTON (primary_button));
  g_assert_true (gtk_menu_button_get_primary (GTK_MENU_BUTTON (primary_button)));
  g_assert_true (GTK_IS_MENU_BUTTON (document_button));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (document_button)));
  collect_menu_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (primary_button)),
                        primary_actions);
  collect_menu_actions (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (document_button)),
                        document_actions);

  for (guint i = 0; i < primary_actions->len; i++)
    if (!g_strv_contains (app_wide, g_ptr_array_index (primary_actions, i)))
      g_test_fail_printf ("the primary menu holds %s, a command on the document",
                          (char *) g_ptr_array_index (primary_actions, i));
  for (guint i = 0; i < G_N_ELEMENTS (app_wide); i++)
    g_assert_true (strv_has (primary_actions, app_wide[i]));
  for (guint i = 0; i < G_N_ELEMENTS (document); i++)
    if (!strv_has (document_actions, document[i]))
      g_test_fail_printf ("the document menu lacks %s", document[i]);

  /* Built when asked for, gone when closed. */
  g_assert_null (shu_test_find_transient (GTK_WINDOW (fixture->window),
                                          SHU_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-help-overlay", NULL));
  help = GTK_WIDGET (shu_test_find_transient (GTK_WINDOW (fixture->window),
                                              SHU_TYPE_SHORTCUTS_WINDOW));
  g_assert_nonnull (help);
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (help)));
  shu_test_wait_for_frames (help, 1);
  collect_shown_shortcuts (help, shown);

  /* Searching keeps the rows whose title holds the words, in any case. */
  entry = shu_test_find_descendant (help, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "UNDO");
  shu_test_spin (400);
  collect_shown_shortcuts (help, found);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (shortcut_shown (found, "<Control>z"));
  /* By the keys, as the keycaps name them; and nothing found is said. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "CTRL+Y");
  shu_test_spin (400);
  g_ptr_array_set_size (found, 0);
  collect_shown_shortcuts (help, found);
  g_assert_cmpuint (found->len, ==, 2);
  g_assert_true (shortcut_shown (found, "<Control><Shift>z"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "no such command");
  shu_test_spin (400);
  g_assert_false (gtk_widget_get_mapped (shu_test_find_descendant (help,
                                                                   ADW_TYPE_PREFERENCES_GROUP)));
  status = shu_test_find_descendant (help, ADW_TYPE_STATUS_PAGE);
  g_assert_true (gtk_widget_get_mapped (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==,
                   "No Shortcuts Found");
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  shu_test_spin (400);
  g_ptr_array_set_size (found, 0);
  collect_shown_shortcuts (help, found);
  g_assert_cmpuint (found->len, ==, shown->len);
  g_assert_false (gtk_widget_get_mapped (status));

  gtk_window_close (GTK_WINDOW (help));
  g_assert_null (shu_test_find_transient (GTK_WINDOW (fixture->window),
                                          SHU_TYPE_SHORTCUTS_WINDOW));

  g_assert_true (shortcut_shown (shown, "F10"));
  actions = gtk_application_list_action_descriptions (application);
  g_assert_cmpuint (g_strv_length (actions), >, 10);
  for (guint i = 0; actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (application, actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          /* The keypad's twins of a key shown are not listed again. */
          if (strstr (accels[j], "KP_") != NULL)
            continue;
          if (!shortcut_shown (shown, accels[j]))
            g_test_fail_printf ("%s (%s) is not in the shortcuts window", accels[j],
                                actions[i]);
        }
    }
}

/* What a screen reader gets of the words at the caret: the text view's
 * accessible description, read back from GTK's test accessibility backend
 * (GTK_A11Y=test, set in main()). */
static void
assert_announced (ShuTextView *view,
                  const char  *expected)
{
  g_assert_cmpstr (shu_text_view_get_caret_description (view), ==, expected);
  if (expected == NULL)
    g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (view),
                                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  else
    gtk_test_accessible_assert_property (GTK_ACCESSIBLE (view),
                                         GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, expected);
}

/* A screen reader user goes from annotation to annotation with Alt+Down
 * and Alt+Up and hears each: its label and comment are given as the text
 * view's description while the caret is on its words, and nothing once
 * the caret leaves them. */
static void
test_annotations_announced (Fixture       *fixture,
                            gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuTextView *view = shu_window_get_text_view (window);
  ShuAnnotationStore *store = get_store (window);
  ShuLabel *first_label = nth_label (window, 0);
  ShuLabel *second_label = nth_label (window, 1);
  guint first = find_offset (window, "משטר");
  guint second = find_offset (window, "חזון");
  g_autofree char *first_said = g_strdup_printf ("Annotated: %s — why it failed",
                                                 shu_label_get_name (first_label));
  g_autofree char *second_said = g_strdup_printf ("Annotated: %s",
                                                  shu_label_get_name (second_label));
  ShuAnnotation *selected;

  g_assert_cmpuint (first, <, second);
  assert_announced (view, NULL);
  annotate_through_popover (window, second, second + 4, shu_label_get_id (second_label), "");
  annotate_through_popover (window, first, first + 4, shu_label_get_id (first_label),
                            "why it failed");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);

  /* From the start of the text, nothing selected. */
  shu_window_set_selected_annotation (window, NULL);
  shu_text_view_select_range (view, 0, 0);
  assert_announced (view, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-annotation", NULL));
  selected = shu_window_get_selected_annotation (window);
  g_assert_nonnull (selected);
  g_assert_cmpuint (shu_annotation_get_start (selected), ==, first);
  assert_announced (view, first_said);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-annotation", NULL));
  selected = shu_window_get_selected_annotation (window);
  g_assert_cmpuint (shu_annotation_get_start (selected), ==, second);
  assert_announced (view, second_said);

  /* Past the last one it stays. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-annotation", NULL));
  g_assert_cmpuint (shu_annotation_get_start (shu_window_get_selected_annotation (window)), ==,
                    second);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-annotation",
                                             NULL));
  g_assert_cmpuint (shu_annotation_get_start (shu_window_get_selected_annotation (window)), ==,
                    first);
  assert_announced (view, first_said);

  /* The caret off the annotated words: nothing is said of them. */
  shu_text_view_select_range (view, first + 6, first + 6);
  assert_announced (view, NULL);
  /* Back on them after an undo took the comment's annotation away. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  shu_text_view_select_range (view, first + 1, first + 1);
  assert_announced (view, NULL);
  shu_text_view_select_range (view, second + 1, second + 1);
  assert_announced (view, second_said);
}

/* The widget under @widget that a screen reader names @name, or NULL. */
static GtkWidget *
find_accessible_label (GtkWidget  *widget,
                       const char *name)
{
  g_autofree char *mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                                  name);

  if (mismatch == NULL)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_accessible_label (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
dup_row_name (ShuLabel   *label,
              GDateTime  *time)
{
  g_autofree char *when = g_date_time_format (time, "%-d %b %Y, %H:%M");

  return g_strdup_printf ("%s: משטר. Comment: why it failed\nand how. By Test Annotator on %s",
                          shu_label_get_name (label), when);
}

/* A row of the annotation list names for a screen reader all it shows:
 * the label, the quote, the whole comment, the annotator and the date. */
static void
test_sidebar_rows_announced (Fixture       *fixture,
                             gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuLabel *label = nth_label (window, 0);
  guint start = find_offset (window, "משטר");
  g_autoptr(GDateTime) before = g_date_time_new_now_local ();
  g_autoptr(GDateTime) after = NULL;
  g_autofree char *name_before = NULL;
  g_autofree char *name_after = NULL;
  GtkWidget *sidebar = GTK_WIDGET (shu_window_get_sidebar (window));

  annotate_through_popover (window, start, start + 4, shu_label_get_id (label),
                            "why it failed\nand how");
  after = g_date_time_new_now_local ();
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  name_before = dup_row_name (label, before);
  name_after = dup_row_name (label, after);
  if (find_accessible_label (sidebar, name_before) == NULL
      && find_accessible_label (sidebar, name_after) == NULL)
    g_test_fail_printf ("no row of the list is named “%s”", name_after);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  /* GTK's accessibility backend for tests: what a screen reader would be
   * given can be read back, with no accessibility bus. */
  g_setenv ("GTK_A11Y", "test", TRUE);
  app = shu_test_ui_init (&argc, &argv);


  g_test_add ("/window/annotate-undo-save-reopen", Fixture, NULL,
              fixture_setup, test_annotate_undo_save_reopen, fixture_teardown);
  g_test_add ("/window/popover-keeps-its-words", Fixture, NULL,
              fixture_setup, test_popover_keeps_its_words, fixture_teardown);
  g_test_add ("/window/popover-sets-attributes", Fixture, NULL,
              fixture_setup, test_popover_sets_attributes, fixture_teardown);
  g_test_add ("/window/digit-applies-label", Fixture, NULL,
              fixture_setup, test_digit_applies_label, fixture_teardown);
  g_test_add ("/window/context-menu-many-labels", Fixture, NULL,
              fixture_setup, test_context_menu_many_labels, fixture_teardown);
  g_test_add ("/window/context-menu-annotates", Fixture, NULL,
              fixture_setup, test_context_menu_annotates, fixture_teardown);
  g_test_add ("/window/missing-file-changes-nothing", Fixture, NULL,
              fixture_setup, test_missing_file_changes_nothing, fixture_teardown);
  g_test_add ("/window/rtl-line-starts-at-right", Fixture, NULL,
              fixture_setup, test_rtl_line_starts_at_right, fixture_teardown);
  g_test_add ("/window/narrow-window-keeps-line-starts", Fixture, NULL,
              fixture_setup, test_narrow_window_keeps_line_starts, fixture_teardown);
  g_test_add ("/window/sandbox-single-file-uses-folder", Fixture, NULL,
              fixture_setup, test_sandbox_single_file_uses_folder, fixture_teardown);
  g_test_add ("/window/overlap-visible", Fixture, NULL,
              fixture_setup, test_overlap_visible, fixture_teardown);
  g_test_add ("/window/highlight-follows-layout", Fixture, NULL,
              fixture_setup, test_highlight_follows_layout, fixture_teardown);
  g_test_add ("/window/join-lines-keeps-offsets", Fixture, NULL,
              fixture_setup, test_join_lines_keeps_offsets, fixture_teardown);
  g_test_add ("/window/page-reads-without-orphans", Fixture, NULL,
              fixture_setup, test_page_reads_without_orphans, fixture_teardown);
  g_test_add ("/window/reading-font", Fixture, NULL,
              fixture_setup, test_reading_font, fixture_teardown);
  g_test_add ("/window/selection-fits-words", Fixture, NULL,
              fixture_setup, test_selection_fits_words, fixture_teardown);
  g_test_add ("/window/open-loads-in-thread", Fixture, NULL,
              fixture_setup, test_open_loads_in_thread, fixture_teardown);
  g_test_add ("/window/annotations-announced", Fixture, NULL,
              fixture_setup, test_annotations_announced, fixture_teardown);
  g_test_add ("/window/sidebar-rows-announced", Fixture, NULL,
              fixture_setup, test_sidebar_rows_announced, fixture_teardown);
  g_test_add ("/window/menus-and-shortcuts", Fixture, NULL,
              fixture_setup, test_menus_and_shortcuts, fixture_teardown);
  g_test_add_func ("/window/bundled-essay-sidecar-in-user-dir",
                   test_bundled_essay_sidecar_in_user_dir);
  g_test_add_func ("/window/bundled-essay-sidecar-saved-elsewhere",
                   test_bundled_essay_sidecar_saved_elsewhere);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
