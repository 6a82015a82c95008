/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "shu-application.h"
#include "shu-label-manager.h"
#include "shu-preferences-window.h"
#include "shu-shortcuts-window.h"
#include "shu-window.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* The interface in Hebrew, as a Hebrew-speaking user starts it
 * (LANG=he_IL.UTF-8 LANGUAGE=he): every string from our catalog, the whole
 * window mirrored. It leaves a picture of the window in the build folder,
 * tests/ui/hebrew.png, for people to look at. */

#define HEBREW_LOCALE "he_IL.UTF-8"

static ShuApplication *app;
static gboolean have_locale;

static gboolean
check_locale (void)
{
  if (!have_locale)
    {
      g_test_fail_printf ("The %s locale is not available, so gettext ignores "
                          "LANGUAGE=he: run tools/install-deps.sh, which generates it "
                          "(locales, locale-gen)", HEBREW_LOCALE);
      return FALSE;
    }
  return TRUE;
}

static gboolean
has_hebrew (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x05D0 && c <= 0x05EA)
        return TRUE;
    }
  return FALSE;
}

/* Key names ("Ctrl", "Delete") in the shortcuts window and the menus: GTK
 * writes them as they are printed on the keys. */
static gboolean
is_key_name (GtkWidget *widget)
{
  return g_str_equal (gtk_widget_get_css_name (widget), "accelerator")
         || gtk_widget_has_css_class (widget, "shu-keycap");
}

/* A string our catalog translates but which is shown as it is: a widget that
 * set its text before the locale, or without gettext. */
static void
assert_translated (GtkWidget  *widget,
                   const char *shown,
                   const char *where)
{
  if (shown == NULL || *shown == '\0' || is_key_name (widget))
    return;
  if (g_strcmp0 (gettext (shown), shown) != 0)
    g_test_fail_printf ("%s shows “%s” in English, not “%s”", where, shown, gettext (shown));
}

typedef struct
{
  GHashTable *data;
  GtkWidget *open_button;
  GtkWidget *save_button;
  GtkWidget *annotate_button;
  GtkWidget *menu_button;
  GtkWidget *document_menu_button;
  guint      n_hebrew;
} Found;

/* Names of file formats, which read the same in every language. */
static gboolean
is_format_name (const char *label)
{
  static const char *const formats[] = { "W3C Web Annotations", "brat standoff", "CSV",
                                         "doccano JSONL", NULL };
  g_autoptr(GString) plain = g_string_new (label);

  g_string_replace (plain, "_", "", 0);
  g_string_replace (plain, "…", "", 0);
  return g_strv_contains (formats, plain->str);
}

/* Words in Latin letters that are not ours to translate: the document's
 * data in @found (file name, label names), key names and format names. */
static void
assert_hebrew (GtkWidget  *widget,
               const char *shown,
               Found      *found)
{
  /* GTK's own widgets carry GTK's strings, and Debian 12's Hebrew catalog
   * for GTK 4.8 leaves these untranslated: a drop-down's hidden search entry
   * and its page for no selection. */
  static const char *untranslated_by_gtk[] = { "Search…", "(None)" };
  GtkWidget *parent = gtk_widget_get_parent (widget);
  g_autoptr(GString) path = NULL;

  for (guint i = 0; shown != NULL && i < G_N_ELEMENTS (untranslated_by_gtk); i++)
    if (g_str_equal (shown, untranslated_by_gtk[i])
        && g_str_equal (g_dgettext ("gtk40", shown), shown))
      return;

  if (shown == NULL || has_hebrew (shown)
      || strpbrk (shown, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == NULL
      || g_hash_table_contains (found->data, shown)
      || is_key_name (widget) || is_format_name (shown))
    return;

  /* Where it is, for the one who fixes it. */
  path = g_string_new (G_OBJECT_TYPE_NAME (widget));
  for (GtkWidget *up = parent; up != NULL; up = gtk_widget_get_parent (up))
    g_string_prepend (g_string_prepend (path, " > "), G_OBJECT_TYPE_NAME (up));
  g_test_fail_printf ("%s shows “%s”, which is not Hebrew", path->str, shown);
}

/* Walks every widget under @widget, shown or not, and checks each label and
 * tooltip against the catalog. */
static void
walk (GtkWidget *widget,
      Found     *found)
{
  const char *tooltip = gtk_widget_get_tooltip_text (widget);
  const char *text = NULL;

  if (GTK_IS_LABEL (widget))
    text = gtk_label_get_label (GTK_LABEL (widget));
  else if (GTK_IS_BUTTON (widget))
    text = gtk_button_get_label (GTK_BUTTON (widget));
  else if (ADW_IS_PREFERENCES_ROW (widget))
    text = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
  else if (ADW_IS_PREFERENCES_GROUP (widget))
    text = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (widget));

  assert_translated (widget, text, G_OBJECT_TYPE_NAME (widget));
  assert_translated (widget, tooltip, "a tooltip");
  assert_hebrew (widget, text, found);
  assert_hebrew (widget, tooltip, found);
  if (has_hebrew (text))
    found->n_hebrew++;

  if (GTK_IS_BUTTON (widget) && text != NULL)
    {
      if (g_str_equal (text, _("_Open")))
        found->open_button = widget;
      else if (g_str_equal (text, _("_Save")))
        found->save_button = widget;
      else if (g_str_equal (text, _("_Annotate")))
        found->annotate_button = widget;
    }
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    found->menu_button = widget;
  else if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (widget)))
    found->document_menu_button = widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    walk (child, found);
}

/* The shortcut row titled @title under @widget, if there is one. */
static GtkWidget *
find_shortcut_row (GtkWidget  *widget,
                   const char *title)
{
  if (SHU_IS_SHORTCUT_ROW (widget)
      && g_str_equal (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = find_shortcut_row (child, title);

      if (row != NULL)
        return row;
    }
  return NULL;
}

static void
collect_keycaps (GtkWidget *widget,
                 GPtrArray *keycaps)
{
  if (gtk_widget_has_css_class (widget, "shu-keycap"))
    g_ptr_array_add (keycaps, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_keycaps (child, keycaps);
}

/* The shortcuts window in Hebrew: its title, groups and commands are ours,
 * translated; the keys are named as GTK's Hebrew catalog names them (Down
 * is "מטה"), and the keys read from right to left, the modifier first. */
static void
check_shortcuts_window (GtkWindow *help,
                        Found     *found)
{
  GtkWidget *row = find_shortcut_row (GTK_WIDGET (help), _("Go to the next annotation"));
  g_autoptr(GPtrArray) keycaps = g_ptr_array_new ();
  graphene_rect_t alt, down, bounds;
  guint n_rows = 0;

  g_assert_true (has_hebrew (gtk_window_get_title (help)));
  walk (GTK_WIDGET (help), found);

  g_assert_nonnull (row);
  g_assert_true (has_hebrew (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row))));
  collect_keycaps (row, keycaps);
  g_assert_cmpuint (keycaps->len, ==, 2);
  g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (keycaps, 0)), ==,
                   g_dpgettext2 ("gtk40", "keyboard label", "Alt"));
  g_assert_cmpstr (gtk_label_get_label (g_ptr_array_index (keycaps, 1)), ==, "מטה");
  g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (keycaps, 0), row, &alt));
  g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (keycaps, 1), row, &down));
  g_assert_cmpfloat (alt.origin.x, >, down.origin.x);
  /* The keys at the row's left end, its title at the right. */
  g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (keycaps, 0), row, &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <, gtk_widget_get_width (row) / 2.0);

  /* Every command is in Hebrew. */
  for (GtkWidget *each = row; each != NULL; each = gtk_widget_get_next_sibling (each))
    if (SHU_IS_SHORTCUT_ROW (each))
      {
        g_assert_true (has_hebrew (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (each))));
        n_rows++;
      }
  g_assert_cmpuint (n_rows, >, 1);
}

/* Every label of @model, its sections and submenus, is in Hebrew, except the
 * recent files, which are file names, and the formats. */
static void
check_menu (GMenuModel *model)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *label = NULL;
      g_autofree char *action = NULL;
      g_autoptr(GMenuLinkIter) links = NULL;
      const char *link_name;
      GMenuModel *link;

      g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action);
      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &label)
          && g_strcmp0 (action, "app.open-recent") != 0 && !has_hebrew (label)
          && !is_format_name (label))
        g_test_fail_printf ("a menu shows “%s” (%s), not Hebrew", label, action);

      links = g_menu_model_iterate_item_links (model, i);
      while (g_menu_link_iter_get_next (links, &link_name, &link))
        {
          check_menu (link);
          g_object_unref (link);
        }
    }
}

static void
test_catalog_and_direction (void)
{
  if (!check_locale ())
    return;

  /* Our catalog is found (SHU_LOCALEDIR) and the app's name is Hebrew. */
  g_assert_cmpstr (_("Shulayim"), ==, "שוליים");
  g_assert_cmpstr (_("_Open"), ==, "_פתיחה");
  /* What main.c falls back on when GTK's catalog is missing. */
  g_assert_cmpstr (_("default:LTR"), ==, "default:RTL");
  /* GTK's own decision, which mirrors every widget. */
  g_assert_cmpint (gtk_widget_get_default_direction (), ==, GTK_TEXT_DIR_RTL);
}

static void
test_window_in_hebrew (void)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(ShuLabel) label = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  ShuAnnotationStore *store;
  ShuLabelSet *labels;
  GtkWidget *preferences;
  GtkWidget *manager;
  GtkWindow *help;
  ShuWindow *window;
  graphene_rect_t bounds;
  Found found = { 0 };
  int width;

  if (!check_locale ())
    return;

  g_settings_set_string (settings, "author-name", "רות");
  tmpdir = g_dir_make_tmp ("shulayim-he-XXXXXX", &error);
  g_assert_no_error (error);
  text = g_file_new_build_filename (tmpdir, "essay.he.txt", NULL);
  g_file_copy (essay, text, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  window = shu_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  g_assert_true (shu_test_open_file (window, text, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);

  g_assert_cmpint (gtk_widget_get_direction (GTK_WIDGET (window)), ==, GTK_TEXT_DIR_RTL);

  /* A labelled span, so the picture shows a highlight too. */
  store = shu_document_get_store (shu_window_get_document (window));
  labels = shu_annotation_store_get_labels (store);
  label = g_list_model_get_item (G_LIST_MODEL (labels), 0);
  g_assert_nonnull (label);
  shu_text_view_select_range (shu_window_get_text_view (window), 0, 12);
  g_assert_true (shu_window_annotate_selection (window, shu_label_get_id (label),
                                                "הטענה המרכזית", &error));
  g_assert_no_error (error);
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);

  /* The document's own words. */
  found.data = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (found.data, g_file_get_basename (text));
  /* The title of a modified document (see _shu_window_update_title()). */
  g_hash_table_add (found.data, g_strdup_printf ("• %s", "essay.he.txt"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) each = g_list_model_get_item (G_LIST_MODEL (labels), i);

      g_hash_table_add (found.data, g_strdup (shu_label_get_name (each)));
      g_hash_table_add (found.data, g_strdup (shu_label_get_description (each)));
    }

  walk (GTK_WIDGET (window), &found);
  walk (GTK_WIDGET (shu_window_get_annotate_popover (window)), &found);
  g_assert_cmpuint (found.n_hebrew, >=, 5);

  /* The header bar is mirrored: Open at the right, the menu and the
   * buttons for the text at the left. */
  width = gtk_widget_get_width (GTK_WIDGET (window));
  g_assert_nonnull (found.open_button);
  g_assert_nonnull (found.save_button);
  g_assert_nonnull (found.annotate_button);
  g_assert_nonnull (found.menu_button);
  g_assert_true (gtk_widget_compute_bounds (found.open_button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x, >, width / 2.0);
  g_assert_true (gtk_widget_compute_bounds (found.save_button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <, width / 2.0);
  g_assert_true (gtk_widget_compute_bounds (found.menu_button, GTK_WIDGET (window), &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <, width / 2.0);

  g_assert_nonnull (found.document_menu_button);
  g_assert_true (gtk_widget_compute_bounds (found.document_menu_button, GTK_WIDGET (window),
                                            &bounds));
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <, width / 2.0);

  check_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (found.menu_button)));
  check_menu (gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (found.document_menu_button)));

  /* The dialogs the menu opens. */
  /* The shortcuts window is only built when asked for. */
  g_assert_null (shu_test_find_transient (GTK_WINDOW (window), SHU_TYPE_SHORTCUTS_WINDOW));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay",
                                             NULL));
  help = shu_test_find_transient (GTK_WINDOW (window), SHU_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (help);
  shu_test_wait_for_frames (GTK_WIDGET (help), 1);
  check_shortcuts_window (help, &found);
  gtk_window_close (help);
  g_assert_null (shu_test_find_transient (GTK_WINDOW (window), SHU_TYPE_SHORTCUTS_WINDOW));
  preferences = shu_preferences_window_new (GTK_WINDOW (window));
  walk (preferences, &found);
  gtk_window_destroy (GTK_WINDOW (preferences));
  manager = shu_label_manager_new (GTK_WINDOW (window), store);
  walk (manager, &found);
  gtk_window_destroy (GTK_WINDOW (manager));

  texture = shu_window_render (window, &error);
  g_assert_no_error (error);
  png = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), "ui", "hebrew.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("The window in Hebrew: %s", png);

  gtk_window_destroy (GTK_WINDOW (window));
  g_hash_table_unref (found.data);
  shu_test_remove_tree (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");
  int status;

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");

  /* As a Hebrew-speaking user starts the app. GTK sets the locale from the
   * environment in gtk_init() and warns (fatally, under G_DEBUG) when it is
   * missing: then run in C, and each test fails saying why. */
  g_setenv ("LC_ALL", HEBREW_LOCALE, TRUE);
  g_setenv ("LANGUAGE", "he", TRUE);
  have_locale = setlocale (LC_ALL, "") != NULL;
  if (!have_locale)
    g_setenv ("LC_ALL", "C", TRUE);

  if (localedir == NULL)
    g_error ("SHU_LOCALEDIR is not set: run this test through meson test");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = shu_test_ui_init (&argc, &argv);

  g_test_add_func ("/hebrew/catalog-and-direction", test_catalog_and_direction);
  g_test_add_func ("/hebrew/window", test_window_in_hebrew);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
