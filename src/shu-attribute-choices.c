/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-attribute-choices.h"
#include "shu-label.h"
#include "shu-text.h"

struct _ShuAttributeChoices
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (ShuAttributeChoices, shu_attribute_choices, GTK_TYPE_BOX)

enum {
  ATTRIBUTE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Each check box and choice carries the attribute's name as "attribute"
 * (what it shows has bidi controls made visible). */
static const char *
attribute_of (GtkWidget *widget)
{
  return g_object_get_data (G_OBJECT (widget), "attribute");
}

static void
changed (ShuAttributeChoices *self,
         GtkWidget           *widget,
         const char          *value,
         gboolean             removed)
{
  /* A handler may refill the box (the sidebar's does, through the
   * store), taking @widget away while its own signal is still being
   * emitted: it is kept until that is over. */
  g_idle_add_once ((GSourceOnceFunc) g_object_unref, g_object_ref (widget));
  g_signal_emit (self, signals[ATTRIBUTE_CHANGED], 0, attribute_of (widget), value, removed);
}

static void
toggled_cb (GtkCheckButton      *check,
            ShuAttributeChoices *self)
{
  changed (self, GTK_WIDGET (check), NULL, !gtk_check_button_get_active (check));
}

static void
chosen_cb (GtkDropDown         *choice,
           GParamSpec          *pspec,
           ShuAttributeChoices *self)
{
  guint selected = gtk_drop_down_get_selected (choice);
  GtkStringList *values = GTK_STRING_LIST (gtk_drop_down_get_model (choice));

  /* The first entry is "no value": the attribute goes. */
  changed (self, GTK_WIDGET (choice),
           selected > 0 ? gtk_string_list_get_string (values, selected) : NULL, selected == 0);
}

static GtkWidget *
new_check (ShuAttributeChoices *self,
           const char          *name,
           const char          *shown,
           const char          *value)
{
  GtkWidget *check = gtk_check_button_new_with_label (shown);

  g_object_set_data_full (G_OBJECT (check), "attribute", g_strdup (name), g_free);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), value != NULL);
  g_signal_connect_object (check, "toggled", G_CALLBACK (toggled_cb), self, 0);
  return check;
}

static GtkWidget *
new_choice (ShuAttributeChoices *self,
            const char          *name,
            const char          *shown,
            const char * const  *values,
            const char          *value)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *title = gtk_label_new (shown);
  GtkStringList *choices = gtk_string_list_new (NULL);
  GtkWidget *choice;
  guint selected = 0;

  /* Translators: the choice of no value for an attribute. */
  gtk_string_list_append (choices, _("(none)"));
  for (guint v = 0; values[v] != NULL; v++)
    {
      gtk_string_list_append (choices, values[v]);
      if (g_strcmp0 (value, values[v]) == 0)
        selected = v + 1;
    }
  choice = gtk_drop_down_new (G_LIST_MODEL (choices), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (choice), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (choice), GTK_ACCESSIBLE_PROPERTY_LABEL, shown,
                                  -1);
  g_object_set_data_full (G_OBJECT (choice), "attribute", g_strdup (name), g_free);
  g_signal_connect_object (choice, "notify::selected", G_CALLBACK (chosen_cb), self, 0);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_box_append (GTK_BOX (row), title);
  gtk_box_append (GTK_BOX (row), choice);
  return row;
}

void
shu_attribute_choices_set (ShuAttributeChoices *self,
                           GPtrArray           *declarations,
                           ShuAnnotation       *annotation)
{
  GtkWidget *child;

  g_return_if_fail (SHU_IS_ATTRIBUTE_CHOICES (self));
  g_return_if_fail (annotation == NULL || SHU_IS_ANNOTATION (annotation));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_box_remove (GTK_BOX (self), child);
  for (guint i = 0; declarations != NULL && i < declarations->len; i++)
    {
      ShuAttributeDecl *decl = g_ptr_array_index (declarations, i);
      const char *name = shu_attribute_decl_get_name (decl);
      const char * const *values = shu_attribute_decl_get_values (decl);
      const char *value = annotation != NULL ? shu_annotation_get_attribute (annotation, name)
                                             : NULL;
      /* Names come from label sets others made: bidi controls shown, not
       * obeyed. */
      g_autofree char *shown = shu_text_make_bidi_visible (name);

      gtk_box_append (GTK_BOX (self), values == NULL ? new_check (self, name, shown, value)
                                                     : new_choice (self, name, shown, values,
                                                                   value));
    }
}

GPtrArray *
shu_attribute_choices_dup_attributes (ShuAttributeChoices *self)
{
  GPtrArray *attributes;

  g_return_val_if_fail (SHU_IS_ATTRIBUTE_CHOICES (self), NULL);

  attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_unref);
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (GTK_IS_CHECK_BUTTON (row))
        {
          if (gtk_check_button_get_active (GTK_CHECK_BUTTON (row)))
            g_ptr_array_add (attributes, shu_attribute_new (attribute_of (row), NULL));
        }
      else
        {
          GtkWidget *choice = gtk_widget_get_last_child (row);
          GListModel *values = gtk_drop_down_get_model (GTK_DROP_DOWN (choice));
          guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (choice));

          /* The first entry is "no value". */
          if (selected > 0 && selected != GTK_INVALID_LIST_POSITION)
            g_ptr_array_add (attributes,
                             shu_attribute_new (attribute_of (choice),
                                                gtk_string_list_get_string (
                                                  GTK_STRING_LIST (values), selected)));
        }
    }
  return attributes;
}

static void
shu_attribute_choices_class_init (ShuAttributeChoicesClass *klass)
{
  signals[ATTRIBUTE_CHANGED] =
    g_signal_new ("attribute-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_STRING,
                  G_TYPE_BOOLEAN);
}

static void
shu_attribute_choices_init (ShuAttributeChoices *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 4);
}
