/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-orphans-window.h"

struct _ShuOrphansWindow
{
  AdwWindow    parent_instance;

  GtkListBox  *list;
  GtkWidget   *stack;
  ShuDocument *document;
  GArray      *indexes;   /* guint */
};

G_DEFINE_FINAL_TYPE (ShuOrphansWindow, shu_orphans_window, ADW_TYPE_WINDOW)

enum {
  ATTACH,
  DELETE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The recorded quote: every range's exact text, joined like the CSV. */
static char *
dup_recorded_quote (ShuDocument *document,
                    guint        index)
{
  ShuAnnotation *annotation = shu_document_get_orphan_annotation (document, index);
  g_autoptr(GString) quote = g_string_new (NULL);

  for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
    {
      const char *exact = NULL;

      shu_document_get_orphan_quote (document, index, r, NULL, &exact, NULL);
      if (r > 0)
        g_string_append (quote, " … ");
      g_string_append (quote, exact != NULL ? exact : "");
    }
  return g_string_free (g_steal_pointer (&quote), FALSE);
}

static void
button_clicked_cb (ShuOrphansWindow *self,
                   GtkButton        *button)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "shu-orphan-index"));
  guint signal_id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "shu-signal"));

  g_signal_emit (self, signals[signal_id], 0, index);
}

static GtkWidget *
make_button (ShuOrphansWindow *self,
             const char       *mnemonic,
             const char       *accessible,
             guint             index,
             guint             signal_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  g_object_set_data (G_OBJECT (button), "shu-orphan-index", GUINT_TO_POINTER (index));
  g_object_set_data (G_OBJECT (button), "shu-signal", GUINT_TO_POINTER (signal_id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
make_row (ShuOrphansWindow *self,
          guint             index)
{
  ShuAnnotation *annotation = shu_document_get_orphan_annotation (self->document, index);
  ShuLabelSet *labels =
    shu_annotation_store_get_labels (shu_document_get_store (self->document));
  const char *label_id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
  GPtrArray *comments = shu_annotation_get_comments (annotation);
  g_autofree char *quote = dup_recorded_quote (self->document, index);
  g_autofree char *attach_name = NULL;
  g_autofree char *delete_name = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *widget;

  /* Everything here is the annotator's text: plain labels, never markup. */
  widget = gtk_label_new (quote);
  gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_add_css_class (widget, "heading");
  gtk_box_append (GTK_BOX (box), widget);

  widget = gtk_label_new (label != NULL ? shu_label_get_name (label) : _("No label"));
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_add_css_class (widget, "dim-label");
  gtk_box_append (GTK_BOX (box), widget);

  for (guint c = 0; c < comments->len; c++)
    {
      widget = gtk_label_new (shu_comment_get_text (g_ptr_array_index (comments, c)));
      gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
      gtk_label_set_xalign (GTK_LABEL (widget), 0);
      gtk_box_append (GTK_BOX (box), widget);
    }

  /* Translators: the accessible name of a button; %s is a quote. */
  attach_name = g_strdup_printf (_("Attach “%s” to the selection"), quote);
  /* Translators: the accessible name of a button; %s is a quote. */
  delete_name = g_strdup_printf (_("Delete “%s”"), quote);
  gtk_box_append (GTK_BOX (buttons),
                  make_button (self, _("_Attach to Selection"), attach_name, index, ATTACH));
  widget = make_button (self, _("_Delete"), delete_name, index, DELETE);
  gtk_widget_add_css_class (widget, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), widget);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  quote, -1);
  return row;
}

void
shu_orphans_window_refresh (ShuOrphansWindow *self)
{
  GPtrArray *orphans;
  GtkWidget *child;

  g_return_if_fail (SHU_IS_ORPHANS_WINDOW (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_array_set_size (self->indexes, 0);

  orphans = shu_document_get_orphans (self->document);
  for (guint i = 0; i < orphans->len; i++)
    {
      if (shu_document_is_orphan_resolved (self->document, i))
        continue;
      g_array_append_val (self->indexes, i);
      gtk_list_box_append (self->list, make_row (self, i));
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->indexes->len > 0 ? "list" : "empty");
}

GtkWidget *
shu_orphans_window_new (ShuDocument *document)
{
  ShuOrphansWindow *self;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  self = g_object_new (SHU_TYPE_ORPHANS_WINDOW, NULL);
  self->document = g_object_ref (document);
  shu_orphans_window_refresh (self);
  return GTK_WIDGET (self);
}

guint
shu_orphans_window_get_n_rows (ShuOrphansWindow *self)
{
  g_return_val_if_fail (SHU_IS_ORPHANS_WINDOW (self), 0);
  return self->indexes->len;
}

guint
shu_orphans_window_get_index (ShuOrphansWindow *self,
                              guint             row)
{
  g_return_val_if_fail (SHU_IS_ORPHANS_WINDOW (self), 0);
  g_return_val_if_fail (row < self->indexes->len, 0);
  return g_array_index (self->indexes, guint, row);
}

static void
shu_orphans_window_dispose (GObject *object)
{
  ShuOrphansWindow *self = SHU_ORPHANS_WINDOW (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->indexes, g_array_unref);

  G_OBJECT_CLASS (shu_orphans_window_parent_class)->dispose (object);
}

static void
shu_orphans_window_class_init (ShuOrphansWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_orphans_window_dispose;

  signals[ATTACH] = g_signal_new ("attach", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
  signals[DELETE] = g_signal_new ("delete", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_orphans_window_init (ShuOrphansWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *explanation;
  GtkWidget *empty;

  self->indexes = g_array_new (FALSE, FALSE, sizeof (guint));
  gtk_window_set_title (GTK_WINDOW (self), _("Annotations Not Placed"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 520);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  explanation = gtk_label_new (_("The text changed and these annotations could not be found in "
                                 "it. They are kept in the file until you attach each to new "
                                 "words (select them in the text first) or delete it."));
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_set_margin_top (explanation, 12);
  gtk_widget_set_margin_bottom (explanation, 12);
  gtk_widget_set_margin_start (explanation, 12);
  gtk_widget_set_margin_end (explanation, 12);
  gtk_box_append (GTK_BOX (box), explanation);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Annotations not placed"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("Every Annotation Is Placed"));

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (box), self->stack);

  adw_window_set_content (ADW_WINDOW (self), box);
}
