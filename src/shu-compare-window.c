/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-compare-window.h"
#include "shu-text.h"

/* The longest quote a row shows; the rest is in the text. */
#define QUOTE_CHARS 80

struct _ShuCompareWindow
{
  AdwWindow    parent_instance;

  GtkListBox  *list;
  GtkLabel    *summary;
  ShuDocument *mine;
  ShuDocument *theirs;
  ShuTextView *view;        /* weak */
  char        *theirs_name;
  GPtrArray   *items;       /* ShuCompareItem */
  guint        counts[SHU_COMPARE_N_STATUS];
};

G_DEFINE_FINAL_TYPE (ShuCompareWindow, shu_compare_window, ADW_TYPE_WINDOW)

static const char *
status_text (ShuCompareWindow *self,
             ShuCompareStatus  status)
{
  switch (status)
    {
    case SHU_COMPARE_SAME:
      return _("Same");
    case SHU_COMPARE_OVERLAP:
      return _("Overlap");
    case SHU_COMPARE_RELABELLED:
      return _("Different label");
    case SHU_COMPARE_ONLY_MINE:
      return _("Only yours");
    case SHU_COMPARE_ONLY_THEIRS:
    case SHU_COMPARE_N_STATUS:
    default:
      return _("Only theirs");
    }
}

static char *
dup_quote (ShuDocument   *document,
           ShuAnnotation *annotation)
{
  ShuSource *source = shu_document_get_source (document);
  g_autofree char *text = shu_source_dup_range (source, shu_annotation_get_start (annotation),
                                                shu_annotation_get_end (annotation));

  /* One line per row: line breaks in a quote read as spaces. */
  g_strdelimit (text, "\r\n\t", ' ');
  if (g_utf8_strlen (text, -1) > QUOTE_CHARS)
    {
      g_autofree char *start = g_utf8_substring (text, 0, QUOTE_CHARS);

      return g_strconcat (start, "…", NULL);
    }
  return g_steal_pointer (&text);
}

static GtkWidget *
make_row (ShuCompareWindow *self,
          ShuCompareItem   *item)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *status = gtk_label_new (status_text (self, item->status));
  GtkWidget *label;
  GtkWidget *quote;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  g_autofree char *names = NULL;
  ShuAnnotation *shown = item->mine != NULL ? item->mine : item->theirs;

  /* Label names are user text: bidi controls shown, not obeyed. */
  g_autofree char *mine_name = item->label != NULL ? shu_text_make_bidi_visible (item->label)
                                                   : g_strdup (_("No label"));
  g_autofree char *their_name = item->their_label != NULL
                                ? shu_text_make_bidi_visible (item->their_label)
                                : g_strdup (_("No label"));

  if (item->status == SHU_COMPARE_RELABELLED)
    names = g_strdup_printf (_("Yours: %s · Theirs: %s"), mine_name, their_name);
  else
    names = g_strdup (mine_name);
  label = gtk_label_new (names);

  text = dup_quote (self->mine, shown);
  if (item->status == SHU_COMPARE_OVERLAP)
    {
      g_autofree char *theirs = dup_quote (self->mine, item->theirs);
      char *both = g_strdup_printf (_("Yours: %s\nTheirs: %s"), text, theirs);

      g_free (text);
      text = both;
    }
  quote = gtk_label_new (text);

  gtk_widget_add_css_class (status, "caption-heading");
  gtk_widget_add_css_class (status, item->status == SHU_COMPARE_SAME ? "success"
                                    : item->status == SHU_COMPARE_OVERLAP
                                      || item->status == SHU_COMPARE_RELABELLED ? "warning"
                                    : "error");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_label_set_xalign (GTK_LABEL (quote), 0);
  gtk_label_set_wrap (GTK_LABEL (quote), TRUE);
  gtk_box_append (GTK_BOX (top), status);
  gtk_box_append (GTK_BOX (top), label);
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), quote);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  /* Translators: a row of the comparison as a screen reader reads it:
   * %1$s is how the two annotations compare (“Same”), %2$s the names of
   * their labels, %3$s the quoted words. */
  accessible = g_strdup_printf (_("%1$s, %2$s: %3$s"), status_text (self, item->status), names,
                                text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return row;
}

static void
row_activated_cb (ShuCompareWindow *self,
                  GtkListBoxRow    *row)
{
  ShuCompareItem *item = g_ptr_array_index (self->items, gtk_list_box_row_get_index (row));

  if (self->view == NULL)
    return;
  /* The user's own annotation can be selected in the view; one only the
   * layer has is shown as a selection of its words. */
  if (item->mine != NULL)
    shu_text_view_reveal_annotation (self->view, shu_annotation_get_id (item->mine));
  else
    shu_text_view_select_range (self->view, shu_annotation_get_start (item->theirs),
                                shu_annotation_get_end (item->theirs));
}

GtkWidget *
shu_compare_window_new (ShuDocument *mine,
                        ShuDocument *theirs,
                        const char  *theirs_name,
                        ShuTextView *view)
{
  ShuCompareWindow *self;
  g_autofree char *title = NULL;
  g_autofree char *summary = NULL;

  g_return_val_if_fail (SHU_IS_DOCUMENT (mine), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);
  g_return_val_if_fail (view == NULL || SHU_IS_TEXT_VIEW (view), NULL);

  self = g_object_new (SHU_TYPE_COMPARE_WINDOW, NULL);
  self->mine = g_object_ref (mine);
  self->theirs = g_object_ref (theirs);
  self->theirs_name = g_strdup (theirs_name);
  if (view != NULL)
    g_set_weak_pointer (&self->view, view);

  title = g_strdup_printf (_("Compare With %s"), theirs_name != NULL ? theirs_name : "");
  gtk_window_set_title (GTK_WINDOW (self), title);

  self->items = shu_compare_documents (mine, theirs);
  for (guint i = 0; i < self->items->len; i++)
    {
      ShuCompareItem *item = g_ptr_array_index (self->items, i);

      self->counts[item->status]++;
      gtk_list_box_append (self->list, make_row (self, item));
    }

  summary = g_strdup_printf (_("Same: %u · Overlapping: %u · Different label: %u · "
                               "Only yours: %u · Only theirs: %u"),
                             self->counts[SHU_COMPARE_SAME], self->counts[SHU_COMPARE_OVERLAP],
                             self->counts[SHU_COMPARE_RELABELLED],
                             self->counts[SHU_COMPARE_ONLY_MINE],
                             self->counts[SHU_COMPARE_ONLY_THEIRS]);
  gtk_label_set_text (self->summary, summary);
  return GTK_WIDGET (self);
}

guint
shu_compare_window_count (ShuCompareWindow *self,
                          ShuCompareStatus  status)
{
  g_return_val_if_fail (SHU_IS_COMPARE_WINDOW (self), 0);
  g_return_val_if_fail (status < SHU_COMPARE_N_STATUS, 0);

  return self->counts[status];
}

GtkListBox *
shu_compare_window_get_list (ShuCompareWindow *self)
{
  g_return_val_if_fail (SHU_IS_COMPARE_WINDOW (self), NULL);
  return self->list;
}

ShuCompareItem *
shu_compare_window_get_item (ShuCompareWindow *self,
                             guint             index)
{
  g_return_val_if_fail (SHU_IS_COMPARE_WINDOW (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return g_ptr_array_index (self->items, index);
}

static void
shu_compare_window_dispose (GObject *object)
{
  ShuCompareWindow *self = SHU_COMPARE_WINDOW (object);

  g_clear_weak_pointer (&self->view);
  g_clear_object (&self->mine);
  g_clear_object (&self->theirs);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->theirs_name, g_free);

  G_OBJECT_CLASS (shu_compare_window_parent_class)->dispose (object);
}

static void
shu_compare_window_class_init (ShuCompareWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_compare_window_dispose;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_compare_window_init (ShuCompareWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *explanation;

  gtk_window_set_default_size (GTK_WINDOW (self), 520, 600);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->summary), "heading");
  gtk_widget_set_margin_top (GTK_WIDGET (self->summary), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->summary), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->summary), 12);
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->summary));

  explanation = gtk_label_new (_("Annotations are paired one to one within each label: the "
                                 "same words first, then overlapping ones; the same words "
                                 "with different labels make one row. Labels with the same "
                                 "id are the same label, whatever their names. Activate a "
                                 "row to see it in the text."));
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_widget_add_css_class (explanation, "dim-label");
  gtk_widget_set_margin_start (explanation, 12);
  gtk_widget_set_margin_end (explanation, 12);
  gtk_widget_set_margin_bottom (explanation, 12);
  gtk_box_append (GTK_BOX (box), explanation);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_BROWSE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Differences"), -1);
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
}
