/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-annotate-popover.h"
#include "shu-annotation.h"
#include "shu-attribute-choices.h"
#include "shu-resources.h"
#include "shu-text.h"

struct _ShuAnnotatePopover
{
  GtkPopover   parent_instance;

  /* Template widgets */
  GtkSearchEntry *search;
  GtkListBox  *label_list;
  GtkTextView *comment_view;
  GtkWidget   *author_box;
  GtkEntry    *author_entry;
  GtkWidget   *attributes_section;
  GtkWidget   *attributes_box;

  /* Owned */
  ShuLabelSet *labels;
  /* What the list shows: the labels whose names match the search, the
   * first SHOWN_LIMIT of them (a row for each of 100 000 labels took
   * seconds and a gigabyte). */
  GtkStringFilter    *filter;
  GtkFilterListModel *matches;
  GtkSliceListModel  *shown;
};

/* More than a list this size is searched rather than scrolled. */
#define SHOWN_LIMIT 100

G_DEFINE_FINAL_TYPE (ShuAnnotatePopover, shu_annotate_popover, GTK_TYPE_POPOVER)

enum {
  CONFIRMED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
shu_annotate_popover_new (void)
{
  return g_object_new (SHU_TYPE_ANNOTATE_POPOVER, NULL);
}

ShuLabel *
shu_annotate_popover_label_for_digit (ShuLabelSet *labels,
                                      guint        digit)
{
  ShuLabel *label;
  g_autoptr(ShuLabel) nth = NULL;

  g_return_val_if_fail (SHU_IS_LABEL_SET (labels), NULL);

  if (digit < 1 || digit > 9)
    return NULL;

  label = shu_label_set_lookup_shortcut (labels, '0' + digit);
  if (label != NULL)
    return label;

  /* Labels made without a shortcut still answer to their place in the list,
   * unless that digit belongs to another label. */
  nth = g_list_model_get_item (G_LIST_MODEL (labels), digit - 1);
  if (nth == NULL || shu_label_get_shortcut (nth) != 0)
    return NULL;
  return nth;
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  ShuLabel *label = user_data;
  GdkRGBA color;

  if (!gdk_rgba_parse (&color, shu_label_get_color (label)))
    return;

  gdk_cairo_set_source_rgba (cr, &color);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static GtkWidget *
create_label_row (gpointer item,
                  gpointer user_data)
{
  ShuLabel *label = item;
  GtkWidget *row, *box, *swatch, *name, *key;
  g_autofree char *shown_name = NULL;
  char shortcut = shu_label_get_shortcut (label);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);

  swatch = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 14);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 14);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  g_object_ref (label), g_object_unref);
  gtk_box_append (GTK_BOX (box), swatch);

  /* Label names and descriptions come from sidecars: bidi controls are
   * shown, not obeyed (shu-text.h). */
  shown_name = shu_text_make_bidi_visible (shu_label_get_name (label));
  name = gtk_label_new (shown_name);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);

  if (shortcut != 0)
    {
      char text[2] = { shortcut, 0 };

      key = gtk_label_new (text);
      gtk_widget_add_css_class (key, "dim-label");
      gtk_widget_add_css_class (key, "shu-shortcut");
      gtk_box_append (GTK_BOX (box), key);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "shu-label-id",
                          g_strdup (shu_label_get_id (label)), g_free);
  if (shu_label_get_description (label) != NULL)
    {
      g_autofree char *description =
        shu_text_make_bidi_visible (shu_label_get_description (label));

      gtk_widget_set_tooltip_text (row, description);
    }
  return row;
}

/* The search is there when the list cannot show every label. */
static void
labels_changed_cb (ShuAnnotatePopover *self)
{
  guint n = self->labels != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->labels)) : 0;

  gtk_widget_set_visible (GTK_WIDGET (self->search),
                          n > SHOWN_LIMIT
                          || gtk_editable_get_text (GTK_EDITABLE (self->search))[0] != '\0');
}

void
shu_annotate_popover_set_labels (ShuAnnotatePopover *self,
                                 ShuLabelSet        *labels)
{
  g_return_if_fail (SHU_IS_ANNOTATE_POPOVER (self));
  g_return_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels));

  if (self->labels != NULL)
    g_signal_handlers_disconnect_by_func (self->labels, labels_changed_cb, self);
  if (!g_set_object (&self->labels, labels))
    return;

  /* Unbound meanwhile: the filter tells of a new model's items in pieces,
   * and the list would make and drop rows for each. */
  gtk_list_box_bind_model (self->label_list, NULL, NULL, NULL, NULL);
  gtk_filter_list_model_set_model (self->matches, G_LIST_MODEL (labels));
  if (labels != NULL)
    {
      gtk_list_box_bind_model (self->label_list, G_LIST_MODEL (self->shown),
                               create_label_row, NULL, NULL);
      g_signal_connect_swapped (labels, "items-changed", G_CALLBACK (labels_changed_cb), self);
    }
  labels_changed_cb (self);
}

static void
search_changed_cb (ShuAnnotatePopover *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  gtk_string_filter_set_search (self->filter, text[0] != '\0' ? text : NULL);
  gtk_list_box_select_row (self->label_list,
                           gtk_list_box_get_row_at_index (self->label_list, 0));
}

static GtkListBoxRow *
find_row (ShuAnnotatePopover *self,
          const char         *label_id)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->label_list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "shu-label-id"), label_id) == 0)
      return row;
  return NULL;
}

static void fill_attributes (ShuAnnotatePopover *self);

void
shu_annotate_popover_reset (ShuAnnotatePopover *self,
                            const char         *author)
{
  GtkListBoxRow *first;

  g_return_if_fail (SHU_IS_ANNOTATE_POPOVER (self));

  shu_annotate_popover_set_comment (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  search_changed_cb (self);
  labels_changed_cb (self);
  first = gtk_list_box_get_row_at_index (self->label_list, 0);
  gtk_list_box_select_row (self->label_list, first);
  /* Unset again, even when the same label stays chosen. */
  fill_attributes (self);

  gtk_widget_set_visible (self->author_box, author != NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->author_entry), author != NULL ? author : "");
}

gboolean
shu_annotate_popover_select_label (ShuAnnotatePopover *self,
                                   const char         *label_id)
{
  ShuLabel *label;
  GtkListBoxRow *row;

  g_return_val_if_fail (SHU_IS_ANNOTATE_POPOVER (self), FALSE);
  g_return_val_if_fail (label_id != NULL, FALSE);

  if (self->labels == NULL || (label = shu_label_set_lookup (self->labels, label_id)) == NULL)
    return FALSE;

  /* A label beyond the rows shown is searched for by its name. */
  if ((row = find_row (self, label_id)) == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search), shu_label_get_name (label));
      search_changed_cb (self);
      labels_changed_cb (self);
      if ((row = find_row (self, label_id)) == NULL)
        return FALSE;
    }
  gtk_list_box_select_row (self->label_list, row);
  if (gtk_widget_get_mapped (GTK_WIDGET (row)))
    gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

const char *
shu_annotate_popover_get_label_id (ShuAnnotatePopover *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (SHU_IS_ANNOTATE_POPOVER (self), NULL);

  row = gtk_list_box_get_selected_row (self->label_list);
  return row != NULL ? g_object_get_data (G_OBJECT (row), "shu-label-id") : NULL;
}

void
shu_annotate_popover_set_comment (ShuAnnotatePopover *self,
                                  const char         *comment)
{
  g_return_if_fail (SHU_IS_ANNOTATE_POPOVER (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->comment_view),
                            comment != NULL ? comment : "", -1);
}

static char *
dup_trimmed_or_null (const char *text)
{
  g_autofree char *copy = g_strdup (text);

  g_strstrip (copy);
  return copy[0] != '\0' ? g_steal_pointer (&copy) : NULL;
}

char *
shu_annotate_popover_dup_comment (ShuAnnotatePopover *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  g_return_val_if_fail (SHU_IS_ANNOTATE_POPOVER (self), NULL);

  buffer = gtk_text_view_get_buffer (self->comment_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  return dup_trimmed_or_null (text);
}

char *
shu_annotate_popover_dup_author (ShuAnnotatePopover *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATE_POPOVER (self), NULL);

  if (!gtk_widget_get_visible (self->author_box))
    return NULL;
  return dup_trimmed_or_null (gtk_editable_get_text (GTK_EDITABLE (self->author_entry)));
}

static void
confirm_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ShuAnnotatePopover *self = SHU_ANNOTATE_POPOVER (widget);
  g_autofree char *label_id = g_strdup (shu_annotate_popover_get_label_id (self));
  g_autofree char *comment = shu_annotate_popover_dup_comment (self);

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[CONFIRMED], 0, label_id, comment);
}

/* The chosen label's declared attributes, each unset. */
static void
fill_attributes (ShuAnnotatePopover *self)
{
  const char *label_id = shu_annotate_popover_get_label_id (self);
  ShuLabel *label = label_id != NULL && self->labels != NULL
                    ? shu_label_set_lookup (self->labels, label_id) : NULL;
  GPtrArray *declarations = label != NULL ? shu_label_get_attributes (label) : NULL;

  shu_attribute_choices_set (SHU_ATTRIBUTE_CHOICES (self->attributes_box), declarations, NULL);
  gtk_widget_set_visible (self->attributes_section,
                          declarations != NULL && declarations->len > 0);
}

GPtrArray *
shu_annotate_popover_dup_attributes (ShuAnnotatePopover *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATE_POPOVER (self), NULL);

  return shu_attribute_choices_dup_attributes (SHU_ATTRIBUTE_CHOICES (self->attributes_box));
}

static void
row_selected_cb (ShuAnnotatePopover *self,
                 GtkListBoxRow      *row)
{
  /* Also told while the template is taken apart. */
  if (self->label_list != NULL && self->attributes_box != NULL)
    fill_attributes (self);
}

static void
row_activated_cb (ShuAnnotatePopover *self,
                  GtkListBoxRow      *row)
{
  /* Enter on a label goes on to the comment. */
  gtk_widget_grab_focus (GTK_WIDGET (self->comment_view));
}

static gboolean
key_pressed_cb (ShuAnnotatePopover    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkWidget *focus;
  guint digit;

  state &= gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && state == GDK_CONTROL_MASK)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "annotate.confirm", NULL);
      return GDK_EVENT_STOP;
    }

  /* Digits choose a label, except where the user is typing text. */
  if (state != 0 || self->labels == NULL)
    return GDK_EVENT_PROPAGATE;
  if (keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    digit = keyval - GDK_KEY_0;
  else if (keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    digit = keyval - GDK_KEY_KP_0;
  else
    return GDK_EVENT_PROPAGATE;

  focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (self)));
  if (focus != NULL
      && (gtk_widget_is_ancestor (focus, GTK_WIDGET (self->comment_view))
          || focus == GTK_WIDGET (self->comment_view)
          || gtk_widget_is_ancestor (focus, GTK_WIDGET (self->search))
          || gtk_widget_is_ancestor (focus, self->author_box)))
    return GDK_EVENT_PROPAGATE;

  {
    ShuLabel *label = shu_annotate_popover_label_for_digit (self->labels, digit);

    if (label == NULL)
      return GDK_EVENT_PROPAGATE;
    shu_annotate_popover_select_label (self, shu_label_get_id (label));
  }
  /* The label is chosen: go on to the comment, as Enter on a label does,
   * so that digit, comment, Ctrl+Enter is the whole flow. */
  gtk_widget_grab_focus (GTK_WIDGET (self->comment_view));
  return GDK_EVENT_STOP;
}

static void
shu_annotate_popover_dispose (GObject *object)
{
  ShuAnnotatePopover *self = SHU_ANNOTATE_POPOVER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_ANNOTATE_POPOVER);
  if (self->labels != NULL)
    g_signal_handlers_disconnect_by_func (self->labels, labels_changed_cb, self);
  g_clear_object (&self->labels);
  g_clear_object (&self->shown);

  G_OBJECT_CLASS (shu_annotate_popover_parent_class)->dispose (object);
}

static void
shu_annotate_popover_class_init (ShuAnnotatePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_annotate_popover_dispose;

  signals[CONFIRMED] =
    g_signal_new ("confirmed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  g_type_ensure (SHU_TYPE_ATTRIBUTE_CHOICES);
  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-annotate-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, search);
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, label_list);
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, comment_view);
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, author_box);
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, author_entry);
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, attributes_section);
  gtk_widget_class_bind_template_child (widget_class, ShuAnnotatePopover, attributes_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "annotate.confirm", NULL, confirm_action);
}

static void
shu_annotate_popover_init (ShuAnnotatePopover *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Searched by name, case aside, anywhere in the name. */
  self->filter = gtk_string_filter_new (gtk_property_expression_new (SHU_TYPE_LABEL, NULL,
                                                                     "name"));
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->matches = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->shown = gtk_slice_list_model_new (G_LIST_MODEL (self->matches), 0, SHOWN_LIMIT);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
