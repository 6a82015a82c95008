/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-alert.h"
#include "shu-link.h"
#include "shu-link-controller.h"
#include "shu-text.h"

/* The accelerator of win.link-to is set in shu-application.c. */

struct _ShuLinkController
{
  GObject      parent_instance;

  /* Borrowed: the window owns the controller. */
  GtkWindow   *window;
  ShuTextView *text_view;
  GSettings   *settings;

  /* Owned */
  ShuDocument *document;
  char        *from_id;   /* the annotation a link waits to start from */
};

G_DEFINE_FINAL_TYPE (ShuLinkController, shu_link_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* How much of each end's words the dialog shows. */
#define LINK_QUOTE_CHARS 40

static char *
dup_short_quote (ShuLinkController *self,
                 ShuAnnotation     *annotation)
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
link_response_cb (ShuAlert          *dialog,
                  const char        *response,
                  ShuLinkController *self)
{
  const char *from = g_object_get_data (G_OBJECT (dialog), "from");
  const char *to = g_object_get_data (G_OBJECT (dialog), "to");
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "type-entry");
  g_autofree char *type = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autofree char *creator = NULL;

  if (strcmp (response, "link") != 0 || self->document == NULL || *type == '\0')
    return;
  creator = g_settings_get_string (self->settings, "author-name");
  /* Either end may have gone while the dialog was open. */
  if (!shu_link_annotations (shu_document_get_store (self->document), from, to, type, creator))
    gtk_widget_error_bell (GTK_WIDGET (self->window));
}

static void
type_chosen_cb (GtkButton   *button,
                GtkEditable *entry)
{
  gtk_editable_set_text (entry, gtk_button_get_label (button));
}

static void
ask_type (ShuLinkController *self,
          ShuAnnotation     *from,
          ShuAnnotation     *to)
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
  shu_alert_present (dialog, self->window);
  gtk_widget_grab_focus (entry);
}

static void
selected_annotation_changed_cb (ShuLinkController *self)
{
  const char *from_id = self->from_id;
  ShuAnnotation *to = shu_text_view_get_selected_annotation (self->text_view);
  ShuAnnotation *from;

  if (from_id == NULL || self->document == NULL)
    return;
  /* A click beside every annotation (nothing selected) gives it up. */
  if (to == NULL)
    {
      g_clear_pointer (&self->from_id, g_free);
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
  g_clear_pointer (&self->from_id, g_free);
}

/* Escape gives up a pending link; otherwise it is left to the rest. */
static gboolean
link_key_pressed_cb (ShuLinkController      *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Escape || self->from_id == NULL)
    return GDK_EVENT_PROPAGATE;
  g_clear_pointer (&self->from_id, g_free);
  g_signal_emit (self, signals[TOAST], 0, _("Link given up"));
  return GDK_EVENT_STOP;
}

static void
link_to_activate (ShuLinkController *self)
{
  ShuAnnotation *selected = shu_text_view_get_selected_annotation (self->text_view);

  if (self->document == NULL || selected == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->window));
      return;
    }
  g_free (self->from_id);
  self->from_id = g_strdup (shu_annotation_get_id (selected));
  g_signal_emit (self, signals[TOAST], 0, _("Select the annotation to link to"));
}

static void
shu_link_controller_finalize (GObject *object)
{
  ShuLinkController *self = SHU_LINK_CONTROLLER (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->from_id, g_free);

  G_OBJECT_CLASS (shu_link_controller_parent_class)->finalize (object);
}

static void
shu_link_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ShuLinkController *self = SHU_LINK_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_link_controller_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ShuLinkController *self = SHU_LINK_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      if (g_set_object (&self->document, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_link_controller_class_init (ShuLinkControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_link_controller_finalize;
  object_class->get_property = shu_link_controller_get_property;
  object_class->set_property = shu_link_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
shu_link_controller_init (ShuLinkController *self)
{
}

ShuLinkController *
shu_link_controller_new (GtkWindow   *window,
                         ShuTextView *text_view,
                         GSettings   *settings)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("link-to", NULL);
  ShuLinkController *self;
  GtkEventController *keys;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (text_view), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SHU_TYPE_LINK_CONTROLLER, NULL);
  self->window = window;
  self->text_view = text_view;
  self->settings = settings;

  g_signal_connect_object (action, "activate", G_CALLBACK (link_to_activate), self,
                           G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
  g_signal_connect_object (text_view, "notify::selected-annotation",
                           G_CALLBACK (selected_annotation_changed_cb), self,
                           G_CONNECT_SWAPPED);
  /* Before the text view, which would take Escape for its selection. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_name (keys, "link-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (link_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  return self;
}
