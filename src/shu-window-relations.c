/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-alert.h"
#include "shu-text.h"
#include "shu-window-private.h"

/* Link to… (win.link-to; accelerator in shu-application.c): the selected
 * annotation is where the link starts; the next annotation the user
 * selects, by a click or Alt+Down/Alt+Up, is where it ends; a dialog then
 * asks its type, offering the types the start's label declares. Kept
 * apart from shu-window.c so the window's own code stays short. */

/* The id of the annotation a link waits to start from, on the window. */
#define LINK_FROM_KEY "shu-link-from"
/* How much of each end's words the dialog shows. */
#define LINK_QUOTE_CHARS 40

static char *
dup_short_quote (ShuWindow     *self,
                 ShuAnnotation *annotation)
{
  ShuSource *source = shu_document_get_source (self->document);
  guint start = shu_annotation_get_start (annotation);
  guint end = MIN (shu_annotation_get_end (annotation), start + LINK_QUOTE_CHARS);
  g_autofree char *quote = NULL;

  end = MAX (shu_source_boundary_floor (source, end), shu_annotation_get_start (annotation) + 1);
  quote = shu_source_dup_range (source, start, MIN (end, shu_annotation_get_end (annotation)));
  g_autofree char *visible = shu_text_make_bidi_visible (quote);

  /* Isolated, so that Hebrew words keep their place in an English
   * sentence and the other way round. */
  return g_strdup_printf ("\u2068%s\u2069", visible);
}

static void
link_response_cb (ShuAlert   *dialog,
                  const char *response,
                  ShuWindow  *self)
{
  const char *from = g_object_get_data (G_OBJECT (dialog), "from");
  const char *to = g_object_get_data (G_OBJECT (dialog), "to");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "type-entry");
  g_autofree char *type = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *creator = NULL;
  g_autoptr(ShuRelation) relation = NULL;
  const char *roles[] = { "Arg1", "Arg2" };
  const char * const targets[] = { from, to };
  ShuAnnotationStore *store;
  ShuAnnotation *start;
  ShuLabel *label;

  if (strcmp (response, "link") != 0 || self->document == NULL || *type == '\0')
    return;
  store = shu_document_get_store (self->document);
  /* Either end may have gone while the dialog was open. */
  if (shu_annotation_store_lookup (store, from) == NULL
      || shu_annotation_store_lookup (store, to) == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  creator = g_settings_get_string (self->settings, "author-name");
  /* The roles the corpus gives links of this type, where it has any;
   * brat's own default otherwise. */
  shu_annotation_store_get_link_roles (store, type, &roles[0], &roles[1]);
  relation = shu_relation_new (NULL, SHU_RELATION_LINK, type, NULL,
                               (const char * const *) roles, targets, 2, NULL,
                               NULL, *creator != '\0' ? creator : NULL, NULL, NULL);
  start = shu_annotation_store_lookup (store, from);
  label = shu_annotation_get_label_id (start) != NULL
          ? shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                  shu_annotation_get_label_id (start))
          : NULL;
  shu_annotation_store_begin_group (store, _("Link"));
  shu_annotation_store_add_relation (store, relation, _("Link"));
  /* A new type is declared by the start's label, to be offered next time. */
  if (label != NULL && !g_strv_contains (shu_label_get_relation_types (label), type))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) types = NULL;
      g_autoptr(ShuLabel) declared = NULL;

      g_strv_builder_addv (builder, (const char **) shu_label_get_relation_types (label));
      g_strv_builder_add (builder, type);
      types = g_strv_builder_end (builder);
      declared = shu_label_with_declarations (label, shu_label_get_attributes (label),
                                              (const char * const *) types);
      shu_annotation_store_replace_label (store, declared);
    }
  shu_annotation_store_end_group (store);
}

static void
type_chosen_cb (GtkButton   *button,
                GtkEditable *entry)
{
  gtk_editable_set_text (entry, gtk_button_get_label (button));
}

static void
ask_type (ShuWindow     *self,
          ShuAnnotation *from,
          ShuAnnotation *to)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (self->document));
  const char *label_id = shu_annotation_get_label_id (from);
  ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
  const char * const *types = label != NULL ? shu_label_get_relation_types (label) : NULL;
  g_autofree char *from_quote = dup_short_quote (self, from);
  g_autofree char *to_quote = dup_short_quote (self, to);
  g_autofree char *body = NULL;
  ShuAlert *dialog;
  GtkWidget *box, *entry, *choices;

  /* Translators: the question of the Link dialog: the words where the
   * link starts, then where it ends. */
  body = g_strdup_printf (_("From “%s” to “%s”: what kind of link?"), from_quote, to_quote);
  dialog = shu_alert_new (_("Link"), body);
  gtk_widget_set_name (GTK_WIDGET (dialog), "link-dialog");

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Type of link"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Type of link"), -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  if (types != NULL && types[0] != NULL)
    gtk_editable_set_text (GTK_EDITABLE (entry), types[0]);
  gtk_box_append (GTK_BOX (box), entry);

  /* The label's declared types, one click each; any other can be typed. */
  choices = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (choices), GTK_SELECTION_NONE);
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (types[i]);

      gtk_widget_add_css_class (button, "pill");
      g_signal_connect_object (button, "clicked", G_CALLBACK (type_chosen_cb), entry, 0);
      gtk_flow_box_append (GTK_FLOW_BOX (choices), button);
    }
  gtk_widget_set_visible (choices, types != NULL && types[0] != NULL);
  gtk_box_append (GTK_BOX (box), choices);
  shu_alert_set_extra_child (dialog, box);

  shu_alert_add_responses (dialog, "cancel", _("_Cancel"), "link", _("_Link"), NULL);
  shu_alert_set_response_appearance (dialog, "link", ADW_RESPONSE_SUGGESTED);
  shu_alert_set_default_response (dialog, "link");
  shu_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "from", g_strdup (shu_annotation_get_id (from)),
                          g_free);
  g_object_set_data_full (G_OBJECT (dialog), "to", g_strdup (shu_annotation_get_id (to)),
                          g_free);
  g_object_set_data (G_OBJECT (dialog), "type-entry", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (link_response_cb), self, 0);
  shu_alert_present (dialog, GTK_WINDOW (self));
  gtk_widget_grab_focus (entry);
}

static void
selected_annotation_changed_cb (ShuWindow *self)
{
  const char *from_id = g_object_get_data (G_OBJECT (self), LINK_FROM_KEY);
  ShuAnnotation *to = shu_text_view_get_selected_annotation (self->text_view);
  ShuAnnotation *from;

  if (from_id == NULL || self->document == NULL)
    return;
  /* A click beside every annotation (nothing selected) gives it up. */
  if (to == NULL)
    {
      g_object_set_data (G_OBJECT (self), LINK_FROM_KEY, NULL);
      return;
    }
  if (strcmp (shu_annotation_get_id (to), from_id) == 0)
    return;
  from = shu_annotation_store_lookup (shu_document_get_store (self->document), from_id);
  if (from != NULL)
    {
      g_object_ref (from);
      ask_type (self, from, to);
      g_object_unref (from);
    }
  /* One link per Link to…: the next selection is only a selection. */
  g_object_set_data (G_OBJECT (self), LINK_FROM_KEY, NULL);
}

/* Escape gives up a pending link; otherwise it is left to the rest. */
static gboolean
link_key_pressed_cb (ShuWindow             *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Escape
      || g_object_get_data (G_OBJECT (self), LINK_FROM_KEY) == NULL)
    return GDK_EVENT_PROPAGATE;
  g_object_set_data (G_OBJECT (self), LINK_FROM_KEY, NULL);
  _shu_window_toast (self, _("Link given up"));
  return GDK_EVENT_STOP;
}

static void
link_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  ShuAnnotation *selected = shu_text_view_get_selected_annotation (self->text_view);

  if (self->document == NULL || selected == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  g_object_set_data_full (G_OBJECT (self), LINK_FROM_KEY,
                          g_strdup (shu_annotation_get_id (selected)), g_free);
  _shu_window_toast (self, _("Select the annotation to link to"));
}

void
_shu_window_class_add_relations (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.link-to", NULL, link_to_action);
}

void
_shu_window_init_relations (ShuWindow *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_signal_connect_object (self->text_view, "notify::selected-annotation",
                           G_CALLBACK (selected_annotation_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Before the text view, which would take Escape for its selection. */
  gtk_event_controller_set_name (keys, "link-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (link_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
