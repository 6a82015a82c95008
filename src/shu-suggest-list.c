/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-suggest.h"
#include "shu-suggest-list.h"
#include "shu-text.h"

/* A list of thousands of rows would take seconds to build; a label shows
 * its first SHU_SUGGEST_FOUND_FIRST, the text view shows them all. Each
 * row costs the main loop about 0.75 ms to make (two icon buttons, two
 * labels): 12 labels of 50 rows stalled it 0.4-0.5 s after every edit of
 * 5 MB + 50k, so rows are made a few at a time, and kept while wanted. */
/* Rows made per main loop iteration while the list fills: a frame's
 * worth of work at most. Also how many rows are listed at first (more
 * than the section's 160 pixels show), a dozen more each time she
 * scrolls to the end: rows made below what is shown changed nothing
 * on screen and still cost the window a frame each. */
#define ROWS_PER_STEP 12
/* How close to the end of the list (pixels) she is when more rows come. */
#define MORE_ROWS_MARGIN 72
/* How much of a suggestion's surroundings a row shows on each side. */
#define CONTEXT_CHARS 10

struct _ShuSuggestList
{
  GtkWidget  parent_instance;

  GtkWidget *box;      /* the heading and the list */
  GtkWidget *expander; /* its label: the heading with the count */
  GtkWidget *list;     /* GtkListBox */

  GtkAdjustment *vadjustment;
  ShuDocument *document; /* whose suggestions the rows are */
  guint       n_rows_made;

  GArray     *wanted;    /* Entry, in order: every row there could be */
  guint       limit;     /* how many of them are listed */
  /* While the rows are brought to what is wanted, a few rows a main loop
   * iteration: the next one wanted, and the row at its place. */
  guint       fill_id;
  guint       fill_next;
};

G_DEFINE_FINAL_TYPE (ShuSuggestList, shu_suggest_list, GTK_TYPE_WIDGET)

enum { ACTIVATED, ACCEPT, REJECT, ACCEPT_LABEL, N_SIGNALS };
static guint signals[N_SIGNALS];

/* A row's suggestion, on the row and its buttons. */
typedef struct
{
  guint  start;
  guint  end;
  char  *label_id;
} Key;

static void
key_free (Key *key)
{
  g_free (key->label_id);
  g_free (key);
}

static void
attach_key (GObject             *object,
            const ShuSuggestion *suggestion)
{
  Key *key = g_new0 (Key, 1);

  key->start = suggestion->start;
  key->end = suggestion->end;
  key->label_id = g_strdup (suggestion->label_id);
  g_object_set_data_full (object, "shu-suggestion", key, (GDestroyNotify) key_free);
}

static void
emit_for (ShuSuggestList *self,
          GObject        *object,
          guint           signal)
{
  Key *key = g_object_get_data (object, "shu-suggestion");

  if (key != NULL)
    g_signal_emit (self, signals[signal], 0, key->start, key->end, key->label_id);
}

static void
accept_clicked_cb (GtkButton      *button,
                   ShuSuggestList *self)
{
  emit_for (self, G_OBJECT (button), ACCEPT);
}

static void
reject_clicked_cb (GtkButton      *button,
                   ShuSuggestList *self)
{
  emit_for (self, G_OBJECT (button), REJECT);
}

static void
accept_label_clicked_cb (GtkButton      *button,
                         ShuSuggestList *self)
{
  emit_for (self, G_OBJECT (button), ACCEPT_LABEL);
}

static void
row_activated_cb (GtkListBox     *list,
                  GtkListBoxRow  *row,
                  ShuSuggestList *self)
{
  emit_for (self, G_OBJECT (row), ACTIVATED);
}

static GtkWidget *
icon_button (const char          *icon,
             const char          *tooltip,
             const ShuSuggestion *suggestion,
             GCallback            callback,
             ShuSuggestList      *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  attach_key (G_OBJECT (button), suggestion);
  g_signal_connect_object (button, "clicked", callback, self, 0);
  return button;
}

/* "Label (N)" */
static char *
heading_text (ShuLabelSet         *labels,
              const ShuSuggestion *first,
              guint                count)
{
  ShuLabel *label = shu_label_set_lookup (labels, first->label_id);

  return g_strdup_printf ("%s (%u)", label != NULL ? shu_label_get_name (label)
                                                   : first->label_id, count);
}

static GtkWidget *
heading_row (ShuSuggestList      *self,
             ShuLabelSet         *labels,
             const ShuSuggestion *first,
             guint                count)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *text = heading_text (labels, first, count);
  GtkWidget *name = gtk_label_new (text);
  GtkWidget *all = gtk_button_new_with_label (_("Accept All"));

  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_add_css_class (all, "flat");
  gtk_widget_set_tooltip_text (all, _("Accept every suggestion of this label"));
  attach_key (G_OBJECT (all), first);
  g_signal_connect_object (all, "clicked", G_CALLBACK (accept_label_clicked_cb), self, 0);
  gtk_box_append (GTK_BOX (box), name);
  gtk_box_append (GTK_BOX (box), all);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "shu-text", g_steal_pointer (&text), g_free);
  g_object_set_data (G_OBJECT (row), "shu-name", name);
  return row;
}

static GtkWidget *
suggestion_row (ShuSuggestList      *self,
                ShuSource           *source,
                const ShuSuggestion *suggestion)
{
  guint length = shu_source_get_length (source);
  guint before = suggestion->start > CONTEXT_CHARS ? suggestion->start - CONTEXT_CHARS : 0;
  guint after = MIN (length, suggestion->end + CONTEXT_CHARS);
  g_autofree char *words = shu_source_dup_range (source, suggestion->start, suggestion->end);
  g_autofree char *head = shu_source_dup_range (source, before, suggestion->start);
  g_autofree char *tail = shu_source_dup_range (source, suggestion->end, after);
  g_autofree char *w = g_markup_escape_text (words, -1);
  g_autofree char *h = g_markup_escape_text (g_strdelimit (head, "\n\t", ' '), -1);
  g_autofree char *t = g_markup_escape_text (g_strdelimit (tail, "\n\t", ' '), -1);
  /* Isolated, so that a Hebrew quote keeps its order in an English
   * interface and the other way round. */
  g_autofree char *markup = g_strdup_printf ("\u2068%s<b>%s</b>%s\u2069", h, w, t);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *quote = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (quote), markup);
  /* Not in the middle, where the suggested words are. */
  gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (quote), 0);
  gtk_widget_set_hexpand (quote, TRUE);
  gtk_box_append (GTK_BOX (box), quote);
  gtk_box_append (GTK_BOX (box), icon_button ("object-select-symbolic", _("Accept Suggestion"),
                                              suggestion, G_CALLBACK (accept_clicked_cb),
                                              self));
  gtk_box_append (GTK_BOX (box), icon_button ("window-close-symbolic", _("Reject Suggestion"),
                                              suggestion, G_CALLBACK (reject_clicked_cb),
                                              self));
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  attach_key (G_OBJECT (row), suggestion);
  g_object_set_data_full (G_OBJECT (row), "shu-text", g_steal_pointer (&words), g_free);
  return row;
}

/* A row as it is wanted, or as it is: a label's heading (with its count)
 * or one of its suggestions. Rows are in the order of their entries. */
typedef struct
{
  ShuSuggestion key;     /* for a heading, its label's first suggestion */
  guint         count;   /* for a heading: how many the label has */
  gboolean      heading;
} Entry;

static int
compare_entries (const Entry *a,
                 const Entry *b)
{
  int order = g_strcmp0 (a->key.label_id, b->key.label_id);

  if (order != 0)
    return order;
  if (a->heading || b->heading)
    return (int) b->heading - (int) a->heading;
  return shu_suggestion_compare (&a->key, &b->key);
}

static void
stop_filling (ShuSuggestList *self)
{
  g_clear_handle_id (&self->fill_id, g_source_remove);
}

static ShuLabelSet *
get_labels (ShuSuggestList *self)
{
  return shu_annotation_store_get_labels (shu_document_get_store (self->document));
}

/* Brings the heading @row to @wanted's count and label name. */
static void
update_heading (ShuSuggestList *self,
                GtkWidget      *row,
                const Entry    *wanted)
{
  Entry *entry = g_object_get_data (G_OBJECT (row), "shu-entry");
  g_autofree char *text = heading_text (get_labels (self), &wanted->key, wanted->count);

  if (g_strcmp0 (text, g_object_get_data (G_OBJECT (row), "shu-text")) != 0)
    {
      gtk_label_set_text (GTK_LABEL (g_object_get_data (G_OBJECT (row), "shu-name")), text);
      g_object_set_data_full (G_OBJECT (row), "shu-text", g_steal_pointer (&text), g_free);
    }
  *entry = *wanted;
}

static GtkWidget *
make_row (ShuSuggestList *self,
          const Entry    *wanted)
{
  GtkWidget *row;
  Entry *entry;

  if (wanted->heading)
    row = heading_row (self, get_labels (self), &wanted->key, wanted->count);
  else
    row = suggestion_row (self, shu_document_get_source (self->document), &wanted->key);
  entry = g_new (Entry, 1);
  *entry = *wanted;
  g_object_set_data_full (G_OBJECT (row), "shu-entry", entry, g_free);
  self->n_rows_made++;
  return row;
}

/* Brings the rows closer to the wanted ones: walks both in order,
 * keeping the rows that are still wanted, taking out those that are not
 * and making the missing ones, ROWS_PER_STEP of these at most. After an
 * edit, most rows stay: a label's first places rarely change. */
static gboolean
fill_step_cb (gpointer user_data)
{
  ShuSuggestList *self = user_data;
  GtkListBox *list = GTK_LIST_BOX (self->list);
  guint limit = MIN (self->wanted->len, self->limit);
  guint made = 0;

  while (self->fill_next < limit && made < ROWS_PER_STEP)
    {
      const Entry *wanted = &g_array_index (self->wanted, Entry, self->fill_next);
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, (int) self->fill_next);
      int order = row != NULL ? compare_entries (g_object_get_data (G_OBJECT (row), "shu-entry"),
                                                 wanted)
                              : 1;

      if (order < 0)
        {
          gtk_list_box_remove (list, GTK_WIDGET (row));
          continue;
        }
      if (order == 0 && wanted->heading)
        update_heading (self, GTK_WIDGET (row), wanted);
      else if (order > 0)
        {
          gtk_list_box_insert (list, make_row (self, wanted), (int) self->fill_next);
          made++;
        }
      self->fill_next++;
    }
  if (self->fill_next < limit)
    return G_SOURCE_CONTINUE;
  /* Rows after the last one listed. */
  for (GtkListBoxRow *row; (row = gtk_list_box_get_row_at_index (list, (int) self->fill_next));)
    gtk_list_box_remove (list, GTK_WIDGET (row));
  self->fill_id = 0;
  return G_SOURCE_REMOVE;
}

/* Brings the rows to the first self->limit wanted: the first ones in this
 * main loop iteration, the rest over the next ones (making them all at
 * once stalled the main loop). */
static void
fill (ShuSuggestList *self)
{
  stop_filling (self);
  self->fill_next = 0;
  if (fill_step_cb (self) == G_SOURCE_CONTINUE)
    self->fill_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, fill_step_cb, self, NULL);
}

/* Scrolled (or moved by the keyboard) near the end of the rows listed:
 * a dozen more. */
static void
scrolled_cb (ShuSuggestList *self)
{
  double value = gtk_adjustment_get_value (self->vadjustment);
  double end = gtk_adjustment_get_upper (self->vadjustment)
               - gtk_adjustment_get_page_size (self->vadjustment);

  if (self->wanted == NULL || self->limit >= self->wanted->len || value < end - MORE_ROWS_MARGIN)
    return;
  self->limit += ROWS_PER_STEP;
  fill (self);
}

void
shu_suggest_list_set_suggestions (ShuSuggestList  *self,
                                  ShuDocument     *document,
                                  ShuSuggestFound *found)
{
  const ShuSuggestLabelCount *labels;
  guint n_labels;

  g_return_if_fail (SHU_IS_SUGGEST_LIST (self));

  stop_filling (self);
  g_clear_pointer (&self->wanted, g_array_unref);
  /* Another text: none of the rows is its own, whatever its place. */
  if (document != self->document || found == NULL)
    {
      GtkWidget *child;

      while ((child = gtk_widget_get_first_child (self->list)) != NULL)
        gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
      g_set_object (&self->document, document);
      self->limit = ROWS_PER_STEP;
    }
  gtk_widget_set_visible (GTK_WIDGET (self), document != NULL && found != NULL
                                             && shu_suggest_found_get_length (found) > 0);
  if (!gtk_widget_get_visible (GTK_WIDGET (self)))
    return;

  {
    g_autofree char *title = g_strdup_printf (_("Suggestions (%u)"),
                                              shu_suggest_found_get_length (found));

    /* Set again, the same title would be a new label: a frame that
     * changes nothing on screen. */
    if (g_strcmp0 (gtk_expander_get_label (GTK_EXPANDER (self->expander)), title) != 0)
      gtk_expander_set_label (GTK_EXPANDER (self->expander), title);
  }
  /* The rows wanted: counted where the suggestions were found, so that
   * none of their millions is walked here. */
  self->wanted = g_array_new (FALSE, FALSE, sizeof (Entry));
  labels = shu_suggest_found_get_labels (found, &n_labels);
  for (guint i = 0; i < n_labels; i++)
    {
      Entry heading = { { 0, 0, labels[i].label_id }, labels[i].n, TRUE };

      g_array_append_val (self->wanted, heading);
      for (guint k = 0; k < labels[i].n_first; k++)
        {
          Entry row = { labels[i].first[k], 0, FALSE };

          g_array_append_val (self->wanted, row);
        }
    }
  fill (self);
}

guint
shu_suggest_list_get_n_rows_made (ShuSuggestList *self)
{
  g_return_val_if_fail (SHU_IS_SUGGEST_LIST (self), 0);

  return self->n_rows_made;
}

GStrv
shu_suggest_list_dup_rows (ShuSuggestList *self)
{
  g_autoptr(GStrvBuilder) rows = g_strv_builder_new ();

  g_return_val_if_fail (SHU_IS_SUGGEST_LIST (self), NULL);

  for (GtkWidget *row = gtk_widget_get_first_child (self->list); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    g_strv_builder_add (rows, g_object_get_data (G_OBJECT (row), "shu-text"));
  return g_strv_builder_end (rows);
}

static void
shu_suggest_list_dispose (GObject *object)
{
  ShuSuggestList *self = SHU_SUGGEST_LIST (object);

  stop_filling (self);
  g_clear_pointer (&self->wanted, g_array_unref);
  g_clear_object (&self->document);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  G_OBJECT_CLASS (shu_suggest_list_parent_class)->dispose (object);
}

static void
shu_suggest_list_class_init (ShuSuggestListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const char * const names[] = { "activated", "accept", "reject", "accept-label" };

  object_class->dispose = shu_suggest_list_dispose;
  for (guint i = 0; i < N_SIGNALS; i++)
    signals[i] = g_signal_new (names[i], G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                               NULL, NULL, NULL, G_TYPE_NONE, 3,
                               G_TYPE_UINT, G_TYPE_UINT, G_TYPE_STRING);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
shu_suggest_list_init (ShuSuggestList *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->limit = ROWS_PER_STEP;
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  /* Open: the section is hidden while there are no suggestions, and
   * when there are, she is to see them without looking for them (folded,
   * they were easy to miss). It takes at most 160 pixels from the
   * annotation list above it; folded by her, it stays folded. */
  self->expander = gtk_expander_new (NULL);
  gtk_expander_set_expanded (GTK_EXPANDER (self->expander), TRUE);
  gtk_widget_set_margin_start (self->expander, 6);
  gtk_widget_set_margin_top (self->expander, 6);
  gtk_widget_set_margin_bottom (self->expander, 6);
  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  g_signal_connect_object (self->list, "row-activated", G_CALLBACK (row_activated_cb), self, 0);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);
  self->vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_signal_connect_object (self->vadjustment, "value-changed", G_CALLBACK (scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_expander_set_child (GTK_EXPANDER (self->expander), scrolled);
  gtk_box_append (GTK_BOX (self->box), self->expander);
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
}

GtkWidget *
shu_suggest_list_new (void)
{
  return g_object_new (SHU_TYPE_SUGGEST_LIST, NULL);
}
