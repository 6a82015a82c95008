/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-resources.h"
#include "shu-shortcuts-window.h"

/* One command and its keys. The keys are drawn the way GNOME draws them
 * (GtkShortcutLabel, deprecated with GtkShortcutsWindow): each key in a
 * keycap, as gtk_accelerator_get_label() names it, so the names are GTK's
 * and translated by GTK's catalog. */
struct _ShuShortcutRow
{
  AdwActionRow parent_instance;

  char      *accelerator;
  char      *keys_text;  /* the keys as GTK names them, to search */
  GtkWidget *keys;
};

G_DEFINE_FINAL_TYPE (ShuShortcutRow, shu_shortcut_row, ADW_TYPE_ACTION_ROW)

enum
{
  ROW_PROP_0,
  ROW_PROP_ACCELERATOR,
  ROW_N_PROPS
};

static GParamSpec *row_properties[ROW_N_PROPS];

static GtkWidget *
keycap_new (const char *text)
{
  GtkWidget *keycap = gtk_label_new (text);

  gtk_widget_add_css_class (keycap, "shu-keycap");
  return keycap;
}

static GtkWidget *
separator_new (const char *text)
{
  GtkWidget *separator = gtk_label_new (text);

  gtk_widget_add_css_class (separator, "dim-label");
  return separator;
}

/* The keycaps of one accelerator ("<Control><Shift>o"): the modifiers,
 * then the key. A box, so a right-to-left window mirrors the order as
 * GtkShortcutLabel did. */
static GtkWidget *
keys_new (const char *accelerator,
          GString    *keys_text)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  const char *range = strstr (accelerator, "...");
  guint key;
  GdkModifierType mods;

  gtk_widget_add_css_class (box, "shu-keys");
  if (range != NULL)
    {
      /* A range of keys, "1...9": its ends, and an ellipsis between. */
      g_autofree char *first = g_strndup (accelerator, range - accelerator);

      gtk_box_append (GTK_BOX (box), keycap_new (first));
      gtk_box_append (GTK_BOX (box), separator_new ("…"));
      gtk_box_append (GTK_BOX (box), keycap_new (range + 3));
    }
  else if (gtk_accelerator_parse (accelerator, &key, &mods))
    {
      g_autofree char *whole = gtk_accelerator_get_label (key, mods);
      g_autofree char *key_label = gtk_accelerator_get_label (key, 0);
      gsize modifiers_length = strlen (whole) - strlen (key_label);

      /* GTK's label is the modifiers' names, each followed by "+", then
       * the key's: the names never hold a "+", a key's name may ("+"). */
      if (modifiers_length > 0 && g_str_has_suffix (whole, key_label))
        {
          g_autofree char *modifiers = g_strndup (whole, modifiers_length - 1);
          g_auto(GStrv) names = g_strsplit (modifiers, "+", -1);

          for (guint i = 0; names[i] != NULL; i++)
            gtk_box_append (GTK_BOX (box), keycap_new (names[i]));
        }
      gtk_box_append (GTK_BOX (box), keycap_new (key_label));
      g_string_append_printf (keys_text, " %s", whole);
    }
  else
    g_warning ("Shortcuts window: “%s” is not an accelerator", accelerator);
  return box;
}

static void
shu_shortcut_row_set_accelerator (ShuShortcutRow *self,
                                  const char     *accelerator)
{
  g_auto(GStrv) alternatives = NULL;
  g_autoptr(GString) keys_text = NULL;

  if (g_strcmp0 (self->accelerator, accelerator) == 0)
    return;
  g_free (self->accelerator);
  self->accelerator = g_strdup (accelerator);

  if (self->keys != NULL)
    adw_action_row_remove (ADW_ACTION_ROW (self), self->keys);
  self->keys = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_valign (self->keys, GTK_ALIGN_CENTER);
  keys_text = g_string_new (NULL);
  alternatives = g_strsplit (accelerator != NULL ? accelerator : "", " ", -1);
  for (guint i = 0; alternatives[i] != NULL; i++)
    {
      if (*alternatives[i] == '\0')
        continue;
      if (gtk_widget_get_first_child (self->keys) != NULL)
        gtk_box_append (GTK_BOX (self->keys), separator_new ("/"));
      gtk_box_append (GTK_BOX (self->keys), keys_new (alternatives[i], keys_text));
    }
  g_free (self->keys_text);
  self->keys_text = g_utf8_casefold (keys_text->str, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), self->keys);
  g_object_notify_by_pspec (G_OBJECT (self), row_properties[ROW_PROP_ACCELERATOR]);
}

const char *
shu_shortcut_row_get_accelerator (ShuShortcutRow *self)
{
  g_return_val_if_fail (SHU_IS_SHORTCUT_ROW (self), NULL);
  return self->accelerator;
}

static void
shu_shortcut_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ShuShortcutRow *self = SHU_SHORTCUT_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ACCELERATOR:
      g_value_set_string (value, self->accelerator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_shortcut_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ShuShortcutRow *self = SHU_SHORTCUT_ROW (object);

  switch (prop_id)
    {
    case ROW_PROP_ACCELERATOR:
      shu_shortcut_row_set_accelerator (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_shortcut_row_finalize (GObject *object)
{
  ShuShortcutRow *self = SHU_SHORTCUT_ROW (object);

  g_free (self->accelerator);
  g_free (self->keys_text);
  G_OBJECT_CLASS (shu_shortcut_row_parent_class)->finalize (object);
}

static void
shu_shortcut_row_class_init (ShuShortcutRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = shu_shortcut_row_get_property;
  object_class->set_property = shu_shortcut_row_set_property;
  object_class->finalize = shu_shortcut_row_finalize;

  row_properties[ROW_PROP_ACCELERATOR] =
    g_param_spec_string ("accelerator", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, ROW_N_PROPS, row_properties);
}

static void
shu_shortcut_row_init (ShuShortcutRow *self)
{
  /* Nothing to activate: the row only tells. */
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
}

struct _ShuShortcutsWindow
{
  AdwWindow parent_instance;

  GtkWidget *search_entry;
  GtkWidget *page;
  GtkWidget *no_results;
  GPtrArray *rows;
};

G_DEFINE_FINAL_TYPE (ShuShortcutsWindow, shu_shortcuts_window, ADW_TYPE_WINDOW)

static void
collect_rows (GtkWidget *widget,
              GPtrArray *rows)
{
  if (SHU_IS_SHORTCUT_ROW (widget))
    {
      g_ptr_array_add (rows, widget);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_rows (child, rows);
}

/* Keeps the rows whose title or keys ("ctrl+g") hold the words searched
 * for, in any case, and the groups that still have a row. */
static void
search_changed_cb (ShuShortcutsWindow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *query = g_utf8_casefold (text, -1);
  g_autoptr(GHashTable) shown_groups = g_hash_table_new (NULL, NULL);
  g_autoptr(GHashTable) groups = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer group;

  g_strstrip (query);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
      g_autofree char *folded = g_utf8_casefold (title, -1);
      const char *keys = SHU_SHORTCUT_ROW (row)->keys_text;
      gboolean shown = *query == '\0' || strstr (folded, query) != NULL
                       || (keys != NULL && strstr (keys, query) != NULL);

      gtk_widget_set_visible (row, shown);
      group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);
      g_hash_table_add (groups, group);
      if (shown)
        g_hash_table_add (shown_groups, group);
    }
  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &group, NULL))
    gtk_widget_set_visible (group, g_hash_table_contains (shown_groups, group));
  gtk_widget_set_visible (self->page, g_hash_table_size (shown_groups) > 0);
  gtk_widget_set_visible (self->no_results, g_hash_table_size (shown_groups) == 0);
}

/* Escape in the search entry clears the search first, then closes. */
static void
stop_search_cb (ShuShortcutsWindow *self)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
shu_shortcuts_window_dispose (GObject *object)
{
  ShuShortcutsWindow *self = SHU_SHORTCUTS_WINDOW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_SHORTCUTS_WINDOW);
  G_OBJECT_CLASS (shu_shortcuts_window_parent_class)->dispose (object);
}

static void
shu_shortcuts_window_class_init (ShuShortcutsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_shortcuts_window_dispose;

  g_type_ensure (SHU_TYPE_SHORTCUT_ROW);
  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-shortcuts-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuShortcutsWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ShuShortcutsWindow, page);
  gtk_widget_class_bind_template_child (widget_class, ShuShortcutsWindow, no_results);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_shortcuts_window_init (ShuShortcutsWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new ();
  collect_rows (self->page, self->rows);
  /* Typing anywhere in the window searches, as in GNOME's own. */
  gtk_search_entry_set_key_capture_widget (GTK_SEARCH_ENTRY (self->search_entry),
                                           GTK_WIDGET (self));
}

GtkWindow *
shu_shortcuts_window_new (GtkWindow *parent)
{
  g_return_val_if_fail (GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SHU_TYPE_SHORTCUTS_WINDOW, "transient-for", parent, NULL);
}
