/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-document-menus.h"
#include "shu-recent-files.h"
#include "shu-test-utils.h"

/* The window's menus as the researcher opens them, read without a
 * display: the context menu on a selection or a highlight, the Undo item
 * naming its step, the recent files. */

static char *
item_string (GMenuModel *menu,
             int         index,
             const char *attribute)
{
  char *value = NULL;

  if (!g_menu_model_get_item_attribute (menu, index, attribute, "s", &value))
    return NULL;
  return value;
}

/* The items of @menu and its sections, "Label=action" each, ";" between,
 * a submenu as "Label>[...]". */
static void
describe (GMenuModel *menu,
          GString    *out)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autofree char *label = item_string (menu, i, G_MENU_ATTRIBUTE_LABEL);
      g_autofree char *action = item_string (menu, i, G_MENU_ATTRIBUTE_ACTION);
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autoptr(GMenuModel) submenu = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SUBMENU);

      if (section != NULL)
        {
          g_string_append (out, "|");
          describe (section, out);
          continue;
        }
      g_string_append_printf (out, "%s", label != NULL ? label : "?");
      if (action != NULL)
        g_string_append_printf (out, "=%s", action);
      if (submenu != NULL)
        {
          g_string_append (out, ">[");
          describe (submenu, out);
          g_string_append (out, "]");
        }
      g_string_append (out, ";");
    }
}

static char *
describe_menu (GMenu *menu)
{
  GString *out = g_string_new (NULL);

  describe (G_MENU_MODEL (menu), out);
  return g_string_free (out, FALSE);
}

static ShuAnnotationStore *
store_with_labels (guint n)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("l%u", i);
      g_autofree char *name = g_strdup_printf (i == 0 ? "first_one" : "label %u", i);
      g_autoptr(ShuLabel) label = shu_label_new (id, name, "#123456", NULL, 0);

      g_assert_true (shu_label_set_append (labels, label));
    }
  return shu_annotation_store_new (labels);
}

static void
test_context_menu (void)
{
  g_autoptr(ShuAnnotationStore) store = store_with_labels (2);
  g_autoptr(ShuAnnotationStore) many = store_with_labels (SHU_CONTEXT_MENU_LABELS + 5);
  g_autoptr(GMenu) undo = g_menu_new ();
  g_autoptr(GMenu) on_selection = NULL;
  g_autoptr(GMenu) on_highlight = NULL;
  g_autoptr(GMenu) on_nothing = NULL;
  g_autoptr(GMenu) crowded = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GMenuModel) annotate_section = NULL;
  g_autoptr(GMenuModel) label_menu = NULL;

  shu_document_menus_update_undo (undo, store);

  on_selection = shu_document_menus_new_context (store, TRUE, FALSE, G_MENU_MODEL (undo));
  text = describe_menu (on_selection);
  /* The label's underscore is shown, not a mnemonic. */
  g_assert_cmpstr (text, ==, "|_Annotate…=win.annotate;_Label>[first__one=win.set-label;"
                             "label 1=win.set-label;];|_Undo=win.undo;_Redo=win.redo;"
                             "|_Copy=clipboard.copy;Select _All=selection.select-all;");
  g_clear_pointer (&text, g_free);

  on_highlight = shu_document_menus_new_context (store, FALSE, TRUE, G_MENU_MODEL (undo));
  text = describe_menu (on_highlight);
  g_assert_cmpstr (text, ==, "|_Label>[first__one=win.set-label;label 1=win.set-label;];"
                             "|Edit _Comment=win.edit-comment;"
                             "_Delete Annotation=win.delete-annotation;"
                             "_Link to…=win.link-to;"
                             "|_Undo=win.undo;_Redo=win.redo;"
                             "|Select _All=selection.select-all;");
  g_clear_pointer (&text, g_free);

  on_nothing = shu_document_menus_new_context (NULL, FALSE, FALSE, G_MENU_MODEL (undo));
  text = describe_menu (on_nothing);
  g_assert_cmpstr (text, ==, "|_Undo=win.undo;_Redo=win.redo;"
                             "|Select _All=selection.select-all;");

  /* Thousands of labels would take minutes to open: the first ones, and
   * the rest searched for. */
  crowded = shu_document_menus_new_context (many, TRUE, FALSE, G_MENU_MODEL (undo));
  annotate_section = g_menu_model_get_item_link (G_MENU_MODEL (crowded), 0,
                                                 G_MENU_LINK_SECTION);
  label_menu = g_menu_model_get_item_link (annotate_section, 1, G_MENU_LINK_SUBMENU);
  g_assert_cmpint (g_menu_model_get_n_items (label_menu), ==, SHU_CONTEXT_MENU_LABELS + 1);
  {
    g_autofree char *more = item_string (label_menu, SHU_CONTEXT_MENU_LABELS,
                                         G_MENU_ATTRIBUTE_LABEL);

    g_assert_cmpstr (more, ==, "_More Labels…");
  }
}

static void
test_undo_menu (void)
{
  g_autoptr(ShuAnnotationStore) store = store_with_labels (1);
  g_autoptr(GMenu) undo = g_menu_new ();
  ShuRange range = { 0, 4 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            "tester", NULL, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  shu_document_menus_update_undo (undo, NULL);
  before = describe_menu (undo);
  g_assert_cmpstr (before, ==, "_Undo=win.undo;_Redo=win.redo;");

  g_assert_true (shu_annotation_store_add (store, annotation, "Add Annotation"));
  shu_document_menus_update_undo (undo, store);
  after = describe_menu (undo);
  g_assert_cmpstr (after, ==, "_Undo Add Annotation=win.undo;_Redo=win.redo;");
}

static void
test_recent_menu (void)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               shu_recent_file_free);
  g_autoptr(GMenu) section = g_menu_new ();
  ShuRecentFile *file = g_new0 (ShuRecentFile, 1);
  g_autofree char *text = NULL;
  g_autofree char *target = NULL;
  g_autoptr(GVariant) value = NULL;

  file->uri = g_strdup ("file:///home/dana/my_essay.txt");
  file->name = g_strdup ("my_essay.txt");
  g_ptr_array_add (files, file);
  g_menu_append (section, "stale", "app.quit");

  shu_document_menus_fill_recent (section, files);
  text = describe_menu (section);
  g_assert_cmpstr (text, ==, "my__essay.txt=app.open-recent;");
  value = g_menu_model_get_item_attribute_value (G_MENU_MODEL (section), 0,
                                                 G_MENU_ATTRIBUTE_TARGET, G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (value, NULL), ==, "file:///home/dana/my_essay.txt");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document-menus/context", test_context_menu);
  g_test_add_func ("/document-menus/undo", test_undo_menu);
  g_test_add_func ("/document-menus/recent", test_recent_menu);
  return g_test_run ();
}
