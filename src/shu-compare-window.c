/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-compare-window.h"

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

void
shu_compare_item_free (ShuCompareItem *item)
{
  if (item == NULL)
    return;
  g_free (item->label);
  g_clear_object (&item->mine);
  g_clear_object (&item->theirs);
  g_free (item);
}

static const char *
label_name (ShuDocument   *document,
            ShuAnnotation *annotation)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  const char *id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = id != NULL ? shu_label_set_lookup (labels, id) : NULL;

  return label != NULL ? shu_label_get_name (label) : NULL;
}

static gboolean
same_ranges (ShuAnnotation *a,
             ShuAnnotation *b)
{
  guint n = shu_annotation_get_n_ranges (a);

  return n == shu_annotation_get_n_ranges (b)
    && memcmp (shu_annotation_get_ranges (a), shu_annotation_get_ranges (b),
               n * sizeof (ShuRange)) == 0;
}

static guint
points_in_common (ShuAnnotation *a,
                  ShuAnnotation *b)
{
  const ShuRange *ra = shu_annotation_get_ranges (a);
  const ShuRange *rb = shu_annotation_get_ranges (b);
  guint common = 0;

  for (guint i = 0; i < shu_annotation_get_n_ranges (a); i++)
    for (guint k = 0; k < shu_annotation_get_n_ranges (b); k++)
      {
        guint start = MAX (ra[i].start, rb[k].start);
        guint end = MIN (ra[i].end, rb[k].end);

        if (start < end)
          common += end - start;
      }
  return common;
}

static ShuCompareItem *
item_new (ShuCompareStatus  status,
          const char       *label,
          ShuAnnotation    *mine,
          ShuAnnotation    *theirs)
{
  ShuCompareItem *item = g_new0 (ShuCompareItem, 1);

  item->status = status;
  item->label = g_strdup (label);
  item->mine = mine != NULL ? g_object_ref (mine) : NULL;
  item->theirs = theirs != NULL ? g_object_ref (theirs) : NULL;
  return item;
}

typedef struct
{
  guint a, b, common;
} Pair;

static int
compare_pairs (gconstpointer x,
               gconstpointer y)
{
  const Pair *p = x, *q = y;

  if (p->common != q->common)
    return p->common > q->common ? -1 : 1;
  if (p->a != q->a)
    return p->a < q->a ? -1 : 1;
  return (p->b > q->b) - (p->b < q->b);
}

/* Pairs one label's annotations the way the agreement figures do. */
static void
compare_label (const char *label,
               GPtrArray  *a,
               GPtrArray  *b,
               GPtrArray  *out)
{
  g_autofree gboolean *used_a = g_new0 (gboolean, a->len + 1);
  g_autofree gboolean *used_b = g_new0 (gboolean, b->len + 1);
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));

  for (guint i = 0; i < a->len; i++)
    for (guint k = 0; k < b->len; k++)
      {
        if (!used_b[k] && same_ranges (g_ptr_array_index (a, i), g_ptr_array_index (b, k)))
          {
            used_a[i] = used_b[k] = TRUE;
            g_ptr_array_add (out, item_new (SHU_COMPARE_SAME, label, g_ptr_array_index (a, i),
                                            g_ptr_array_index (b, k)));
            break;
          }
      }

  for (guint i = 0; i < a->len; i++)
    for (guint k = 0; k < b->len; k++)
      {
        Pair pair = { i, k, 0 };

        if (used_a[i] || used_b[k])
          continue;
        pair.common = points_in_common (g_ptr_array_index (a, i), g_ptr_array_index (b, k));
        if (pair.common > 0)
          g_array_append_val (pairs, pair);
      }
  g_array_sort (pairs, compare_pairs);
  for (guint p = 0; p < pairs->len; p++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, p);

      if (used_a[pair->a] || used_b[pair->b])
        continue;
      used_a[pair->a] = used_b[pair->b] = TRUE;
      g_ptr_array_add (out, item_new (SHU_COMPARE_OVERLAP, label, g_ptr_array_index (a, pair->a),
                                      g_ptr_array_index (b, pair->b)));
    }

  for (guint i = 0; i < a->len; i++)
    if (!used_a[i])
      g_ptr_array_add (out, item_new (SHU_COMPARE_ONLY_MINE, label, g_ptr_array_index (a, i),
                                      NULL));
  for (guint k = 0; k < b->len; k++)
    if (!used_b[k])
      g_ptr_array_add (out, item_new (SHU_COMPARE_ONLY_THEIRS, label, NULL,
                                      g_ptr_array_index (b, k)));
}

static guint
item_start (ShuCompareItem *item)
{
  return shu_annotation_get_start (item->mine != NULL ? item->mine : item->theirs);
}

static int
compare_items (gconstpointer x,
               gconstpointer y)
{
  ShuCompareItem *p = *(ShuCompareItem **) x;
  ShuCompareItem *q = *(ShuCompareItem **) y;
  guint sp = item_start (p), sq = item_start (q);

  if (sp != sq)
    return sp < sq ? -1 : 1;
  return (int) p->status - (int) q->status;
}

/* Groups a document's annotations by label name ("" for none). */
static GHashTable *
group_by_label (ShuDocument *document,
                GPtrArray   *annotations,
                GPtrArray   *names)
{
  GHashTable *groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const char *name = label_name (document, annotation);
      GPtrArray *group;

      if (name == NULL)
        name = "";
      group = g_hash_table_lookup (groups, name);
      if (group == NULL)
        {
          group = g_ptr_array_new ();
          g_hash_table_insert (groups, g_strdup (name), group);
          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, g_strdup (name));
        }
      g_ptr_array_add (group, annotation);
    }
  return groups;
}

GPtrArray *
shu_compare_documents (ShuDocument *mine,
                       ShuDocument *theirs)
{
  g_autoptr(GPtrArray) a = NULL;
  g_autoptr(GPtrArray) b = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) groups_a = NULL;
  g_autoptr(GHashTable) groups_b = NULL;
  g_autoptr(GPtrArray) empty = g_ptr_array_new ();
  GPtrArray *out;

  g_return_val_if_fail (SHU_IS_DOCUMENT (mine), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);

  a = shu_annotation_store_dup_annotations (shu_document_get_store (mine));
  b = shu_annotation_store_dup_annotations (shu_document_get_store (theirs));
  groups_a = group_by_label (mine, a, names);
  groups_b = group_by_label (theirs, b, names);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_compare_item_free);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      GPtrArray *group_a = g_hash_table_lookup (groups_a, name);
      GPtrArray *group_b = g_hash_table_lookup (groups_b, name);

      compare_label (name[0] != '\0' ? name : NULL,
                     group_a != NULL ? group_a : empty,
                     group_b != NULL ? group_b : empty, out);
    }
  g_ptr_array_sort (out, compare_items);
  return out;
}

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
  GtkWidget *label = gtk_label_new (item->label != NULL ? item->label : _("No label"));
  GtkWidget *quote;
  g_autofree char *text = NULL;
  g_autofree char *accessible = NULL;
  ShuAnnotation *shown = item->mine != NULL ? item->mine : item->theirs;

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
                                    : item->status == SHU_COMPARE_OVERLAP ? "warning" : "error");
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

  accessible = g_strdup_printf ("%s, %s: %s", status_text (self, item->status),
                                item->label != NULL ? item->label : _("No label"), text);
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

  summary = g_strdup_printf (_("Same: %u · Overlapping: %u · Only yours: %u · Only theirs: %u"),
                             self->counts[SHU_COMPARE_SAME], self->counts[SHU_COMPARE_OVERLAP],
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
                                 "same words first, then overlapping ones. Activate a row to "
                                 "see it in the text."));
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
