/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-agreement.h"
#include "shu-agreement-window.h"
#include "shu-text.h"

struct _ShuAgreementWindow
{
  AdwWindow  parent_instance;

  GtkGrid   *grid;
  guint      n_rows;
};

G_DEFINE_FINAL_TYPE (ShuAgreementWindow, shu_agreement_window, ADW_TYPE_WINDOW)

static void
attach_cell (ShuAgreementWindow *self,
             const char         *text,
             guint               column,
             guint               row,
             gboolean            heading)
{
  GtkWidget *label = gtk_label_new (text);

  /* Numbers line up on their decimal point; the label reads from its
   * start like the text. */
  gtk_label_set_xalign (GTK_LABEL (label), column == SHU_AGREEMENT_COLUMN_LABEL ? 0 : 1);
  gtk_widget_add_css_class (label, heading ? "heading" : "numeric");
  gtk_grid_attach (self->grid, label, column, row, 1, 1);
}

GtkWidget *
shu_agreement_window_new (ShuDocument *mine,
                          ShuDocument *theirs,
                          const char  *theirs_name)
{
  ShuAgreementWindow *self;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *title = NULL;
  const char *headings[SHU_AGREEMENT_N_COLUMNS] = {
    _("Label"), _("Yours"), NULL, _("Kappa"), _("Exact F1"), _("Overlap F1"),
  };

  g_return_val_if_fail (SHU_IS_DOCUMENT (mine), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);

  self = g_object_new (SHU_TYPE_AGREEMENT_WINDOW, NULL);
  title = g_strdup_printf (_("Agreement With %s"), theirs_name != NULL ? theirs_name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);

  headings[SHU_AGREEMENT_COLUMN_THEIRS] = theirs_name != NULL ? theirs_name : _("Theirs");
  for (guint c = 0; c < SHU_AGREEMENT_N_COLUMNS; c++)
    attach_cell (self, headings[c], c, 0, TRUE);

  rows = shu_agreement_compute (mine, theirs);
  self->n_rows = rows->len;
  for (guint r = 0; r < rows->len; r++)
    {
      ShuAgreementRow *row = g_ptr_array_index (rows, r);
      g_autofree char *n_a = g_strdup_printf ("%u", row->n_a);
      g_autofree char *n_b = g_strdup_printf ("%u", row->n_b);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *exact = shu_agreement_format_value (row->exact_f1, row->f1_defined);
      g_autofree char *overlap = shu_agreement_format_value (row->overlap_f1, row->f1_defined);
      /* Label names are user text: bidi controls shown, not obeyed. */
      g_autofree char *label = row->label != NULL ? shu_text_make_bidi_visible (row->label)
                                                  : NULL;
      const char *name = row->overall ? _("Overall") : label != NULL ? label : _("No label");

      attach_cell (self, name, SHU_AGREEMENT_COLUMN_LABEL, r + 1, row->overall);
      attach_cell (self, n_a, SHU_AGREEMENT_COLUMN_MINE, r + 1, row->overall);
      attach_cell (self, n_b, SHU_AGREEMENT_COLUMN_THEIRS, r + 1, row->overall);
      attach_cell (self, kappa, SHU_AGREEMENT_COLUMN_KAPPA, r + 1, row->overall);
      attach_cell (self, exact, SHU_AGREEMENT_COLUMN_EXACT_F1, r + 1, row->overall);
      attach_cell (self, overlap, SHU_AGREEMENT_COLUMN_OVERLAP_F1, r + 1, row->overall);
    }

  return GTK_WIDGET (self);
}

guint
shu_agreement_window_get_n_rows (ShuAgreementWindow *self)
{
  g_return_val_if_fail (SHU_IS_AGREEMENT_WINDOW (self), 0);
  return self->n_rows;
}

const char *
shu_agreement_window_get_cell (ShuAgreementWindow *self,
                               guint               row,
                               ShuAgreementColumn  column)
{
  GtkWidget *label;

  g_return_val_if_fail (SHU_IS_AGREEMENT_WINDOW (self), NULL);
  g_return_val_if_fail (row < self->n_rows && column < SHU_AGREEMENT_N_COLUMNS, NULL);

  label = gtk_grid_get_child_at (self->grid, column, row + 1);
  return gtk_label_get_text (GTK_LABEL (label));
}

static void
shu_agreement_window_class_init (ShuAgreementWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_agreement_window_init (ShuAgreementWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *explanation;
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  gtk_window_set_default_size (GTK_WINDOW (self), 680, 420);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  self->grid = GTK_GRID (gtk_grid_new ());
  gtk_grid_set_column_spacing (self->grid, 18);
  gtk_grid_set_row_spacing (self->grid, 6);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Agreement by label"), -1);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->grid));

  explanation = gtk_label_new (_("Kappa is Cohen’s kappa over the code points of the text, per "
                                 "label and over all labels; F1 pairs annotations one to one "
                                 "within a label, with the same ranges (exact) or sharing at "
                                 "least one character (overlap). “n/a” means the value is not "
                                 "defined, for example when neither of you used the label. "
                                 "Labels with the same id are the same label: where you named "
                                 "one differently, both names are shown. The method is "
                                 "described in docs/AGREEMENT.md."));
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_add_css_class (explanation, "dim-label");
  gtk_box_append (GTK_BOX (content), explanation);

  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 18);
  gtk_widget_set_margin_end (content, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), content);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
}
