/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "shu-document-menus.h"
#include "shu-recent-files.h"

static gboolean
menu_label_is (GMenuModel *menu,
               int         index,
               const char *label)
{
  g_autofree char *current = NULL;

  return index < g_menu_model_get_n_items (menu)
         && g_menu_model_get_item_attribute (menu, index, G_MENU_ATTRIBUTE_LABEL, "s", &current)
         && g_str_equal (current, label);
}

void
shu_document_menus_update_undo (GMenu              *section,
                                ShuAnnotationStore *store)
{
  const char *undo = store ? shu_annotation_store_get_undo_description (store) : NULL;
  const char *redo = store ? shu_annotation_store_get_redo_description (store) : NULL;
  g_autofree char *undo_label = NULL;
  g_autofree char *redo_label = NULL;

  g_return_if_fail (G_IS_MENU (section));

  /* "Undo Add Annotation": the menu names the step it takes back. */
  undo_label = undo != NULL ? g_strdup_printf (_("_Undo %s"), undo) : g_strdup (_("_Undo"));
  redo_label = redo != NULL ? g_strdup_printf (_("_Redo %s"), redo) : g_strdup (_("_Redo"));

  /* Unchanged, as after most edits: the menu is left alone (rebuilding it
   * rebuilds its popover's items). */
  if (menu_label_is (G_MENU_MODEL (section), 0, undo_label)
      && menu_label_is (G_MENU_MODEL (section), 1, redo_label))
    return;

  g_menu_remove_all (section);
  g_menu_append (section, undo_label, "win.undo");
  g_menu_append (section, redo_label, "win.redo");
}

void
shu_document_menus_fill_recent (GMenu     *section,
                                GPtrArray *files)
{
  g_return_if_fail (G_IS_MENU (section));
  g_return_if_fail (files != NULL);

  g_menu_remove_all (section);
  for (guint i = 0; i < files->len; i++)
    {
      ShuRecentFile *file = g_ptr_array_index (files, i);
      g_autoptr(GMenuItem) item = g_menu_item_new (NULL, NULL);
      g_autoptr(GString) label = g_string_new (file->name);

      /* Labels are file names, never mnemonics. */
      g_string_replace (label, "_", "__", 0);
      g_menu_item_set_label (item, label->str);
      g_menu_item_set_action_and_target (item, "app.open-recent", "s", file->uri);
      g_menu_append_item (section, item);
    }
}

/* Made anew each time it opens: Undo and Redo, which undo annotations, are
 * the document menu's own items; Copy and Select All are the text view's
 * actions. */
GMenu *
shu_document_menus_new_context (ShuAnnotationStore *store,
                                gboolean            has_selection,
                                gboolean            on_annotation,
                                GMenuModel         *undo_section)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) annotate = g_menu_new ();
  g_autoptr(GMenu) edit = g_menu_new ();
  g_autoptr(GMenu) text = g_menu_new ();

  g_return_val_if_fail (store == NULL || SHU_IS_ANNOTATION_STORE (store), NULL);
  g_return_val_if_fail (G_IS_MENU_MODEL (undo_section), NULL);

  if (has_selection)
    g_menu_append (annotate, _("_Annotate…"), "win.annotate");
  if (store != NULL && (has_selection || on_annotation))
    {
      ShuLabelSet *labels = shu_annotation_store_get_labels (store);
      g_autoptr(GMenu) submenu = g_menu_new ();

      guint n = g_list_model_get_n_items (G_LIST_MODEL (labels));

      /* A menu item is a few widgets: thousands of labels took minutes to
       * open. The first ones (the digits' usually) are here; the others
       * are searched for in the popover or the sidebar's drop-down. */
      for (guint i = 0; i < MIN (n, SHU_CONTEXT_MENU_LABELS); i++)
        {
          g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
          g_autoptr(GMenuItem) item = g_menu_item_new (NULL, NULL);
          /* A label's name is never a mnemonic. */
          g_autoptr(GString) name = g_string_new (shu_label_get_name (label));

          g_string_replace (name, "_", "__", 0);
          g_menu_item_set_label (item, name->str);
          g_menu_item_set_action_and_target (item, "win.set-label", "s",
                                             shu_label_get_id (label));
          g_menu_append_item (submenu, item);
        }
      if (n > SHU_CONTEXT_MENU_LABELS)
        g_menu_append (submenu, _("_More Labels…"),
                       has_selection ? "win.annotate" : "win.edit-comment");
      if (g_menu_model_get_n_items (G_MENU_MODEL (submenu)) > 0)
        g_menu_append_submenu (annotate, _("_Label"), G_MENU_MODEL (submenu));
    }
  if (on_annotation)
    {
      g_menu_append (edit, _("Edit _Comment"), "win.edit-comment");
      g_menu_append (edit, _("_Delete Annotation"), "win.delete-annotation");
      g_menu_append (edit, _("_Link to…"), "win.link-to");
    }
  if (has_selection)
    g_menu_append (text, _("_Copy"), "clipboard.copy");
  g_menu_append (text, _("Select _All"), "selection.select-all");

  if (g_menu_model_get_n_items (G_MENU_MODEL (annotate)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (annotate));
  if (g_menu_model_get_n_items (G_MENU_MODEL (edit)) > 0)
    g_menu_append_section (menu, NULL, G_MENU_MODEL (edit));
  g_menu_append_section (menu, NULL, undo_section);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (text));
  return g_steal_pointer (&menu);
}
