/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-agreement.h"
#include "shu-agreement-window.h"
#include "shu-text.h"

typedef struct
{
  GtkWidget *section;  /* the grid with its heading and explanation */
  GtkGrid   *grid;
  guint      n_rows;
  guint      n_columns;
} Table;

struct _ShuAgreementWindow
{
  AdwWindow  parent_instance;

  /* Owned by the widget tree */
  GtkWidget *labels_heading;
  Table      tables[SHU_AGREEMENT_N_TABLES];
};

G_DEFINE_FINAL_TYPE (ShuAgreementWindow, shu_agreement_window, ADW_TYPE_WINDOW)

static void
attach_cell (Table      *table,
             const char *text,
             guint       column,
             guint       row,
             gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  /* The first column (a label, a relation type, an attribute) reads from
   * its start like the text. Numbers are written left to right in every
   * language ("-0.200" must not become "0.200-" under a right-to-left
   * interface) and line up at their right end. */
  if (column == 0)
    gtk_label_set_xalign (GTK_LABEL (label), 0);
  else
    {
      gtk_widget_set_direction (label, GTK_TEXT_DIR_LTR);
      gtk_label_set_xalign (GTK_LABEL (label), 1);
    }
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  gtk_grid_attach (table->grid, label, column, row, 1, 1);
}

static void
attach_headings (Table             *table,
                 const char * const *headings)
{
  for (guint c = 0; c < table->n_columns; c++)
    attach_cell (table, headings[c], c, 0, TRUE);
}

/* A row of @table: its name, then its figures. User text (a label's,
 * a type's, an attribute's name) has its bidi controls shown, not
 * obeyed. */
static void
append_row (Table              *table,
            const char         *name,
            gboolean            user_text,
            gboolean            overall,
            const char * const *figures)
{
  g_autofree char *shown = user_text ? shu_text_make_bidi_visible (name) : NULL;
  guint row = ++table->n_rows;

  attach_cell (table, shown != NULL ? shown : name, 0, row, overall);
  for (guint c = 1; c < table->n_columns; c++)
    attach_cell (table, figures[c - 1], c, row, overall);
}

static void
fill_labels (ShuAgreementWindow *self,
             ShuDocument        *mine,
             ShuDocument        *theirs,
             const char         *theirs_name)
{
  Table *table = &self->tables[SHU_AGREEMENT_TABLE_LABELS];
  g_autoptr(GPtrArray) rows = shu_agreement_compute (mine, theirs);
  const char *headings[SHU_AGREEMENT_N_COLUMNS] = {
    _("Label"), _("Yours"), theirs_name != NULL ? theirs_name : _("Theirs"), _("Kappa"),
    _("Exact F1"), _("Overlap F1"),
  };

  attach_headings (table, headings);
  for (guint r = 0; r < rows->len; r++)
    {
      ShuAgreementRow *row = g_ptr_array_index (rows, r);
      g_autofree char *n_a = g_strdup_printf ("%u", row->n_a);
      g_autofree char *n_b = g_strdup_printf ("%u", row->n_b);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *exact = shu_agreement_format_value (row->exact_f1, row->f1_defined);
      g_autofree char *overlap = shu_agreement_format_value (row->overlap_f1, row->f1_defined);
      const char *figures[] = { n_a, n_b, kappa, exact, overlap };

      if (row->overall)
        append_row (table, _("Overall"), FALSE, TRUE, figures);
      else
        append_row (table, row->label != NULL ? row->label : _("No label"), row->label != NULL,
                    FALSE, figures);
    }
}

/* The same rows as `shulayim-cli agree` prints after the labels' table,
 * and only when it prints them. */
static void
fill_relations (ShuAgreementWindow *self,
                ShuDocument        *mine,
                ShuDocument        *theirs,
                const char         *theirs_name)
{
  Table *table = &self->tables[SHU_AGREEMENT_TABLE_RELATIONS];
  g_autoptr(GPtrArray) rows = shu_agreement_compute_relations (mine, theirs);
  ShuRelationAgreementRow *overall = g_ptr_array_index (rows, rows->len - 1);
  const char *headings[SHU_RELATION_AGREEMENT_N_COLUMNS] = {
    /* Translators: the heading of the column of relation types in the
     * agreement window. */
    C_("agreement", "Relation"), _("Yours"), theirs_name != NULL ? theirs_name : _("Theirs"),
    /* Translators: relations both annotators made alike. */
    C_("agreement", "Matches"), C_("agreement", "F1"),
  };

  if (overall->n_a + overall->n_b == 0)
    return;
  attach_headings (table, headings);
  for (guint r = 0; r < rows->len; r++)
    {
      ShuRelationAgreementRow *row = g_ptr_array_index (rows, r);
      g_autofree char *n_a = g_strdup_printf ("%u", row->n_a);
      g_autofree char *n_b = g_strdup_printf ("%u", row->n_b);
      g_autofree char *matches = g_strdup_printf ("%u", row->matches);
      g_autofree char *f1 = shu_agreement_format_value (row->f1, row->f1_defined);
      const char *figures[] = { n_a, n_b, matches, f1 };

      if (row->type == NULL)
        append_row (table, _("Overall"), FALSE, TRUE, figures);
      else
        append_row (table, row->type, TRUE, FALSE, figures);
    }
}

static void
fill_attributes (ShuAgreementWindow *self,
                 ShuDocument        *mine,
                 ShuDocument        *theirs)
{
  Table *table = &self->tables[SHU_AGREEMENT_TABLE_ATTRIBUTES];
  g_autoptr(GPtrArray) rows = shu_agreement_compute_attributes (mine, theirs);
  const char *headings[SHU_ATTRIBUTE_AGREEMENT_N_COLUMNS] = {
    C_("agreement", "Attribute"),
    /* Translators: annotations both made alike of which at least one
     * carries the attribute. */
    C_("agreement", "Pairs"),
    /* Translators: of those pairs, the ones with the same value. */
    C_("agreement", "Agreed"),
    _("Kappa"),
  };

  if (rows->len == 0)
    return;
  attach_headings (table, headings);
  for (guint r = 0; r < rows->len; r++)
    {
      ShuAttributeAgreementRow *row = g_ptr_array_index (rows, r);
      g_autofree char *pairs = g_strdup_printf ("%u", row->n_pairs);
      g_autofree char *agreed = g_strdup_printf ("%u", row->agreed);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      const char *figures[] = { pairs, agreed, kappa };

      append_row (table, row->name, TRUE, FALSE, figures);
    }
}

GtkWidget *
shu_agreement_window_new (ShuDocument *mine,
                          ShuDocument *theirs,
                          const char  *theirs_name)
{
  ShuAgreementWindow *self;
  g_autofree char *title = NULL;
  gboolean more;

  g_return_val_if_fail (SHU_IS_DOCUMENT (mine), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);

  self = g_object_new (SHU_TYPE_AGREEMENT_WINDOW, NULL);
  title = g_strdup_printf (_("Agreement With %s"), theirs_name != NULL ? theirs_name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);

  fill_labels (self, mine, theirs, theirs_name);
  fill_relations (self, mine, theirs, theirs_name);
  fill_attributes (self, mine, theirs);

  /* The labels' table is all there was before relations: it gets a
   * heading only when others follow it. */
  more = FALSE;
  for (guint t = SHU_AGREEMENT_TABLE_RELATIONS; t < SHU_AGREEMENT_N_TABLES; t++)
    {
      gtk_widget_set_visible (self->tables[t].section, self->tables[t].n_rows > 0);
      more |= self->tables[t].n_rows > 0;
    }
  gtk_widget_set_visible (self->labels_heading, more);

  return GTK_WIDGET (self);
}

guint
shu_agreement_window_get_n_rows (ShuAgreementWindow *self)
{
  return shu_agreement_window_get_n_table_rows (self, SHU_AGREEMENT_TABLE_LABELS);
}

const char *
shu_agreement_window_get_cell (ShuAgreementWindow *self,
                               guint               row,
                               ShuAgreementColumn  column)
{
  return shu_agreement_window_get_table_cell (self, SHU_AGREEMENT_TABLE_LABELS, row, column);
}

GtkWidget *
shu_agreement_window_get_table (ShuAgreementWindow *self,
                                ShuAgreementTable   table)
{
  g_return_val_if_fail (SHU_IS_AGREEMENT_WINDOW (self), NULL);
  g_return_val_if_fail (table < SHU_AGREEMENT_N_TABLES, NULL);

  return GTK_WIDGET (self->tables[table].grid);
}

guint
shu_agreement_window_get_n_table_rows (ShuAgreementWindow *self,
                                       ShuAgreementTable   table)
{
  g_return_val_if_fail (SHU_IS_AGREEMENT_WINDOW (self), 0);
  g_return_val_if_fail (table < SHU_AGREEMENT_N_TABLES, 0);

  return self->tables[table].n_rows;
}

guint
shu_agreement_window_get_n_columns (ShuAgreementWindow *self,
                                    ShuAgreementTable   table)
{
  g_return_val_if_fail (SHU_IS_AGREEMENT_WINDOW (self), 0);
  g_return_val_if_fail (table < SHU_AGREEMENT_N_TABLES, 0);

  return self->tables[table].n_columns;
}

const char *
shu_agreement_window_get_table_cell (ShuAgreementWindow *self,
                                     ShuAgreementTable   table,
                                     guint               row,
                                     guint               column)
{
  Table *t;
  GtkWidget *label;

  g_return_val_if_fail (SHU_IS_AGREEMENT_WINDOW (self), NULL);
  g_return_val_if_fail (table < SHU_AGREEMENT_N_TABLES, NULL);
  t = &self->tables[table];
  g_return_val_if_fail (row < t->n_rows && column < t->n_columns, NULL);

  label = gtk_grid_get_child_at (t->grid, column, row + 1);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
shu_agreement_window_class_init (ShuAgreementWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static GtkWidget *
new_heading (const char *text)
{
  GtkWidget *heading = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_add_css_class (heading, "title-4");
  return heading;
}

static GtkWidget *
new_explanation (const char *text)
{
  GtkWidget *explanation = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_add_css_class (explanation, "dim-label");
  return explanation;
}

/* A table: its heading (NULL: none), the grid, named for screen readers
 * by @accessible_name, and the explanation below it. */
static GtkWidget *
new_section (Table      *table,
             guint       n_columns,
             const char *heading,
             const char *accessible_name,
             const char *explanation)
{
  GtkWidget *section = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  if (heading != NULL)
    gtk_box_append (GTK_BOX (section), new_heading (heading));
  table->section = section;
  table->n_columns = n_columns;
  table->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (table->grid, 18);
  gtk_grid_set_row_spacing (table->grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (table->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  gtk_box_append (GTK_BOX (section), GTK_WIDGET (table->grid));
  gtk_box_append (GTK_BOX (section), new_explanation (explanation));
  return section;
}

static void
shu_agreement_window_init (ShuAgreementWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_window_set_default_size (GTK_WINDOW (self), 680, 560);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  /* Translators: the heading of the agreement window's table of labels,
   * shown when tables of relations and attributes follow it. */
  self->labels_heading = new_heading (C_("agreement", "Labels"));
  gtk_box_append (GTK_BOX (content), self->labels_heading);
  gtk_box_append (GTK_BOX (content),
                  new_section (&self->tables[SHU_AGREEMENT_TABLE_LABELS], SHU_AGREEMENT_N_COLUMNS,
                               NULL, _("Agreement by label"),
                               _("Kappa is Cohen’s kappa over the code points of the text, per "
                                 "label and over all labels; F1 pairs annotations one to one "
                                 "within a label, with the same ranges (exact) or sharing at "
                                 "least one character (overlap). “n/a” means the value is not "
                                 "defined, for example when neither of you used the label. "
                                 "Labels with the same id are the same label: where you named "
                                 "one differently, both names are shown. The method is "
                                 "described in docs/AGREEMENT.md.")));
  gtk_box_append (GTK_BOX (content),
                  new_section (&self->tables[SHU_AGREEMENT_TABLE_RELATIONS],
                               SHU_RELATION_AGREEMENT_N_COLUMNS,
                               /* Translators: the heading of the agreement
                                * window's table of relation types. */
                               C_("agreement", "Relations"), _("Agreement by relation type"),
                               _("Two relations match when they are of the same type and both "
                                 "their ends match: the annotations they link cover the same "
                                 "words with the same label in both files. A link has a "
                                 "direction: from one annotation to the other is not the other "
                                 "way round. F1 is 2 × matches / (yours + theirs).")));
  gtk_box_append (GTK_BOX (content),
                  new_section (&self->tables[SHU_AGREEMENT_TABLE_ATTRIBUTES],
                               SHU_ATTRIBUTE_AGREEMENT_N_COLUMNS,
                               /* Translators: the heading of the agreement
                                * window's table of attributes. */
                               C_("agreement", "Attributes"), _("Agreement by attribute"),
                               _("Attributes are compared on the annotations you both made "
                                 "alike (the same words and label): pairs counts those where "
                                 "at least one of you set the attribute, agreed those with the "
                                 "same value. Kappa is Cohen’s kappa over those pairs, “not "
                                 "set” counting as one more value.")));

  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
}
