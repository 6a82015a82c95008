/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-layer-list.h"
#include "shu-resources.h"
#include "shu-sidebar.h"
#include "shu-text.h"

/* ShuLayerListItem: one annotation of one layer. */

struct _ShuLayerListItem
{
  GObject        parent_instance;

  ShuLayer      *layer;
  ShuAnnotation *annotation;
};

G_DEFINE_FINAL_TYPE (ShuLayerListItem, shu_layer_list_item, G_TYPE_OBJECT)

static void
shu_layer_list_item_finalize (GObject *object)
{
  ShuLayerListItem *self = SHU_LAYER_LIST_ITEM (object);

  g_clear_object (&self->layer);
  g_clear_object (&self->annotation);
  G_OBJECT_CLASS (shu_layer_list_item_parent_class)->finalize (object);
}

static void
shu_layer_list_item_class_init (ShuLayerListItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = shu_layer_list_item_finalize;
}

static void
shu_layer_list_item_init (ShuLayerListItem *self)
{
}

ShuLayer *
shu_layer_list_item_get_layer (ShuLayerListItem *self)
{
  g_return_val_if_fail (SHU_IS_LAYER_LIST_ITEM (self), NULL);
  return self->layer;
}

ShuAnnotation *
shu_layer_list_item_get_annotation (ShuLayerListItem *self)
{
  g_return_val_if_fail (SHU_IS_LAYER_LIST_ITEM (self), NULL);
  return self->annotation;
}

char *
shu_layer_list_item_dup_details (ShuLayerListItem *self)
{
  ShuAnnotationStore *store;
  ShuLabel *label;
  const char *creator;
  g_autofree char *label_name = NULL;
  g_autofree char *shown_creator = NULL;
  GString *details = g_string_new (NULL);

  g_return_val_if_fail (SHU_IS_LAYER_LIST_ITEM (self), NULL);

  store = shu_document_get_store (shu_layer_get_document (self->layer));
  label = shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                shu_annotation_get_label_id (self->annotation));
  creator = shu_annotation_get_creator (self->annotation);
  /* Another annotator's sidecar is untrusted: its bidi controls are shown,
   * so they cannot reorder the line (shu-text.h), as in the user's list
   * (the layer's name already is). */
  label_name = shu_text_make_bidi_visible (label != NULL ? shu_label_get_name (label)
                                                         : _("No label"));
  shown_creator = shu_text_make_bidi_visible (creator);

  /* As in the user's list: each part a bidi isolate, and a mark of the
   * interface's direction first, so the line reads in the interface's
   * order whatever the scripts of its parts. */
  g_string_append (details, gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                            ? "\u200F" : "\u200E");
  g_string_append_printf (details, "\u2068%s\u2069", label_name);
  if (creator != NULL && creator[0] != '\0'
      && g_strcmp0 (shown_creator, shu_layer_get_name (self->layer)) != 0)
    g_string_append_printf (details, " · \u2068%s\u2069", shown_creator);
  /* Translators: in the list of other annotators' annotations, which
   * layer (sidecar) a row comes from; %s is the layer's name. */
  g_string_append (details, " · ");
  g_string_append_printf (details, _("from \u2068%s\u2069"),
                          shu_layer_get_name (self->layer));
  return g_string_free (details, FALSE);
}

/* ShuLayerList */

struct _ShuLayerList
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkWidget          *box;
  GtkWidget          *list_view;

  /* Owned */
  GListModel         *layers;
  GtkCustomFilter    *shown;
  GtkFlattenListModel *flat;
};

G_DEFINE_FINAL_TYPE (ShuLayerList, shu_layer_list, GTK_TYPE_WIDGET)

enum {
  RANGE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
layer_is_shown (gpointer item,
                gpointer user_data)
{
  return shu_layer_get_visible (SHU_LAYER (item));
}

/* Each annotation of @layer's store, as an item that knows its layer. */
static gpointer
item_for_annotation (gpointer item,
                     gpointer user_data)
{
  ShuLayerListItem *self = g_object_new (SHU_TYPE_LAYER_LIST_ITEM, NULL);

  self->annotation = item;   /* the map function owns the item it is given */
  self->layer = g_object_ref (SHU_LAYER (user_data));
  return self;
}

static gpointer
annotations_of_layer (gpointer item,
                      gpointer user_data)
{
  g_autoptr(ShuLayer) layer = item;   /* given to the map function */
  ShuAnnotationStore *store = shu_document_get_store (shu_layer_get_document (layer));

  return gtk_map_list_model_new (G_LIST_MODEL (g_object_ref (store)), item_for_annotation,
                                 g_object_ref (layer), g_object_unref);
}

static void
layer_visible_cb (ShuLayerList *self)
{
  gtk_filter_changed (GTK_FILTER (self->shown), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
watch_layers (ShuLayerList *self,
              guint         position,
              guint         removed,
              guint         added)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ShuLayer) layer = g_list_model_get_item (self->layers, i);

      g_signal_connect_object (layer, "notify::visible", G_CALLBACK (layer_visible_cb), self,
                               G_CONNECT_SWAPPED);
    }
}

static void
update_visible (ShuLayerList *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self),
                          self->flat != NULL
                          && g_list_model_get_n_items (G_LIST_MODEL (self->flat)) > 0);
}

static void
setup_row_cb (ShuLayerList             *self,
              GtkListItem              *list_item,
              GtkSignalListItemFactory *factory)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *quote = gtk_label_new (NULL);
  GtkWidget *details = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (quote), 0);
  gtk_label_set_ellipsize (GTK_LABEL (quote), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);
  gtk_box_append (GTK_BOX (box), quote);
  gtk_box_append (GTK_BOX (box), details);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (ShuLayerList             *self,
             GtkListItem              *list_item,
             GtkSignalListItemFactory *factory)
{
  ShuLayerListItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *quote = gtk_widget_get_first_child (box);
  GtkWidget *details = gtk_widget_get_next_sibling (quote);
  ShuSource *source = shu_document_get_source (shu_layer_get_document (item->layer));
  g_autofree char *text = shu_source_dup_range (source, shu_annotation_get_start (item->annotation),
                                                shu_annotation_get_end (item->annotation));
  g_autofree char *line = shu_layer_list_item_dup_details (item);
  g_autofree char *accessible = NULL;

  /* User text, as in the user's list. */
  shu_sidebar_set_label_text (quote, text);
  gtk_label_set_text (GTK_LABEL (details), line);
  /* Translators: how a screen reader names a row of the other
   * annotators' list: the quoted words, then the label, annotator and
   * layer. */
  accessible = g_strdup_printf (_("%s (%s)"), text, line);
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
activate_cb (ShuLayerList *self,
             guint         position,
             GtkListView  *list_view)
{
  g_autoptr(ShuLayerListItem) item = g_list_model_get_item (G_LIST_MODEL (self->flat), position);

  if (item != NULL)
    g_signal_emit (self, signals[RANGE_ACTIVATED], 0,
                   shu_annotation_get_start (item->annotation),
                   shu_annotation_get_end (item->annotation));
}

GtkWidget *
shu_layer_list_new (void)
{
  return g_object_new (SHU_TYPE_LAYER_LIST, NULL);
}

void
shu_layer_list_set_layers (ShuLayerList *self,
                           GListModel   *layers)
{
  GtkFilterListModel *filtered;
  GtkMapListModel *mapped;
  GtkSingleSelection *selection;

  g_return_if_fail (SHU_IS_LAYER_LIST (self));
  g_return_if_fail (G_IS_LIST_MODEL (layers));
  g_return_if_fail (self->layers == NULL);

  self->layers = g_object_ref (layers);
  g_signal_connect_object (layers, "items-changed", G_CALLBACK (watch_layers), self,
                           G_CONNECT_SWAPPED);
  watch_layers (self, 0, 0, g_list_model_get_n_items (layers));

  /* The shown layers, each mapped to its annotations, in one list. */
  self->shown = gtk_custom_filter_new (layer_is_shown, NULL, NULL);
  filtered = gtk_filter_list_model_new (g_object_ref (layers),
                                        GTK_FILTER (g_object_ref (self->shown)));
  mapped = gtk_map_list_model_new (G_LIST_MODEL (filtered), annotations_of_layer, NULL, NULL);
  self->flat = gtk_flatten_list_model_new (G_LIST_MODEL (mapped));
  g_signal_connect_object (self->flat, "items-changed", G_CALLBACK (update_visible), self,
                           G_CONNECT_SWAPPED);

  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->flat)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view), GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  update_visible (self);
}

GListModel *
shu_layer_list_get_model (ShuLayerList *self)
{
  g_return_val_if_fail (SHU_IS_LAYER_LIST (self), NULL);
  return self->flat != NULL ? G_LIST_MODEL (self->flat) : NULL;
}

static void
shu_layer_list_dispose (GObject *object)
{
  ShuLayerList *self = SHU_LAYER_LIST (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_LAYER_LIST);
  g_clear_object (&self->flat);
  g_clear_object (&self->shown);
  g_clear_object (&self->layers);
  G_OBJECT_CLASS (shu_layer_list_parent_class)->dispose (object);
}

static void
shu_layer_list_class_init (ShuLayerListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_layer_list_dispose;

  signals[RANGE_ACTIVATED] = g_signal_new ("range-activated", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                           G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-layer-list.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuLayerList, box);
  gtk_widget_class_bind_template_child (widget_class, ShuLayerList, list_view);
  gtk_widget_class_bind_template_callback (widget_class, setup_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_row_cb);
  gtk_widget_class_bind_template_callback (widget_class, activate_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "shulayerlist");
}

static void
shu_layer_list_init (ShuLayerList *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
