/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-annotate-controller.h"
#include "shu-error.h"
#include "shu-extent.h"

struct _ShuAnnotateController
{
  GObject             parent_instance;

  /* Borrowed: the window owns the controller. */
  GtkWindow          *window;
  ShuTextView        *text_view;
  ShuSidebar         *sidebar;
  GSettings          *settings;

  /* Owned */
  ShuDocument        *document;
  ShuAnnotatePopover *popover;

  /* The words the popover was opened on: what it annotates, even if the
   * selection is gone by then (another program took PRIMARY). */
  ShuRange            popover_range;
  gboolean            loading;
};

G_DEFINE_FINAL_TYPE (ShuAnnotateController, shu_annotate_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_LOADING,
  N_PROPS
};

enum {
  TOAST,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
toast (ShuAnnotateController *self,
       const char            *message)
{
  g_signal_emit (self, signals[TOAST], 0, message, FALSE);
}

ShuAnnotatePopover *
shu_annotate_controller_get_popover (ShuAnnotateController *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATE_CONTROLLER (self), NULL);

  return self->popover;
}

static ShuAnnotationStore *
get_store (ShuAnnotateController *self)
{
  return self->document != NULL ? shu_document_get_store (self->document) : NULL;
}

/* The name to suggest while none is known, or NULL once one is. */
static char *
dup_author_to_ask (ShuAnnotateController *self)
{
  g_autofree char *author = g_settings_get_string (self->settings, "author-name");
  const char *real_name = g_get_real_name ();

  if (author[0] != '\0')
    return NULL;
  if (real_name == NULL || g_str_equal (real_name, "Unknown"))
    real_name = g_get_user_name ();
  return g_strdup (real_name);
}

static gboolean
annotate_range (ShuAnnotateController  *self,
                const ShuRange         *range,
                const char             *label_id,
                const char             *comment,
                GPtrArray              *attributes,
                GError                **error)
{
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *author = NULL;
  ShuAnnotationStore *store = get_store (self);

  if (label_id != NULL && shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                                label_id) == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("There is no such label"));
      return FALSE;
    }

  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  if (comment != NULL && comment[0] != '\0')
    g_ptr_array_add (comments, shu_comment_new (comment, NULL));

  author = g_settings_get_string (self->settings, "author-name");
  annotation = shu_annotation_new (NULL, range, 1, label_id, comments,
                                   author[0] != '\0' ? author : NULL, NULL, NULL);
  /* Set with it, so that one Undo takes both. */
  if (attributes != NULL && attributes->len > 0)
    {
      ShuAnnotation *with = shu_annotation_with_attributes (annotation, attributes, NULL);

      g_object_unref (annotation);
      annotation = with;
    }

  if (!shu_annotation_store_add (store, annotation, _("Add Annotation")))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, _("The annotation could not be added"));
      return FALSE;
    }

  /* Show the new highlight rather than a selection painted over it. */
  shu_text_view_place_cursor (self->text_view, range->end);
  shu_text_view_set_selected_annotation (self->text_view, annotation);
  return TRUE;
}

gboolean
shu_annotate_controller_annotate_selection (ShuAnnotateController  *self,
                                            const char             *label_id,
                                            const char             *comment,
                                            GError                **error)
{
  ShuRange range;

  g_return_val_if_fail (SHU_IS_ANNOTATE_CONTROLLER (self), FALSE);

  if (self->document == NULL
      || !shu_text_view_get_selection (self->text_view, &range.start, &range.end))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, _("Select some text to annotate first"));
      return FALSE;
    }
  return annotate_range (self, &range, label_id, comment, NULL, error);
}

static void
popover_confirmed_cb (ShuAnnotateController *self,
                      const char            *label_id,
                      const char            *comment,
                      ShuAnnotatePopover    *popover)
{
  g_autofree char *author = shu_annotate_popover_dup_author (popover);
  g_autoptr(GPtrArray) attributes = shu_annotate_popover_dup_attributes (popover);
  g_autoptr(GError) error = NULL;

  /* The name is asked once and kept. */
  if (author != NULL)
    g_settings_set_string (self->settings, "author-name", author);

  /* The words it was opened on: the selection may be gone meanwhile. */
  if (self->document == NULL)
    g_set_error (&error, SHU_ERROR, SHU_ERROR_INVALID, _("Select some text to annotate first"));
  else
    annotate_range (self, &self->popover_range, label_id, comment, attributes, &error);
  if (error != NULL)
    toast (self, error->message);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
popup_annotate (ShuAnnotateController *self,
                const char            *label_id)
{
  g_autofree char *author = NULL;
  GdkRectangle area;
  guint start, end;

  if (!shu_text_view_get_selection (self->text_view, &start, &end))
    {
      toast (self, _("Select some text to annotate first"));
      return;
    }

  author = dup_author_to_ask (self);
  shu_annotate_popover_reset (self->popover, author);
  if (label_id != NULL)
    shu_annotate_popover_select_label (self->popover, label_id);

  self->popover_range.start = start;
  self->popover_range.end = end;
  shu_text_view_get_offset_area (self->text_view, start, &area);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover), &area);
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
annotate_activate (ShuAnnotateController *self,
                   GVariant              *parameter)
{
  popup_annotate (self, NULL);
}

static void
annotate_with_label (ShuAnnotateController *self,
                     ShuLabel              *label)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *author = NULL;

  /* The first annotation asks for the annotator's name. */
  author = dup_author_to_ask (self);
  if (author != NULL)
    {
      popup_annotate (self, shu_label_get_id (label));
      return;
    }

  if (!shu_annotate_controller_annotate_selection (self, shu_label_get_id (label), NULL,
                                                   &error))
    toast (self, error->message);
}

static void
annotate_label_activate (ShuAnnotateController *self,
                         GVariant              *parameter)
{
  guint digit = g_variant_get_uint32 (parameter);
  ShuLabel *label;

  if (self->document == NULL)
    return;

  label = shu_annotate_popover_label_for_digit (shu_annotation_store_get_labels (get_store (self)),
                                                digit);
  if (label == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("No label has the shortcut %u"), digit);

      toast (self, message);
      return;
    }

  annotate_with_label (self, label);
}

/* Label → a label, in the text's context menu: annotates the selection
 * with it, or gives it to the annotation the menu was opened on. */
static void
set_label_activate (ShuAnnotateController *self,
                    GVariant              *parameter)
{
  const char *label_id = g_variant_get_string (parameter, NULL);
  g_autoptr(ShuAnnotation) relabelled = NULL;
  g_autoptr(GDateTime) now = NULL;
  ShuAnnotationStore *store = get_store (self);
  ShuAnnotation *annotation;
  ShuLabel *label;

  if (store == NULL)
    return;
  label = shu_label_set_lookup (shu_annotation_store_get_labels (store), label_id);
  if (label == NULL)
    return;

  if (shu_text_view_get_selection (self->text_view, NULL, NULL))
    {
      annotate_with_label (self, label);
      return;
    }

  /* A comment typed for it in the sidebar goes first, as its own step. */
  shu_sidebar_apply_pending (self->sidebar);
  annotation = shu_text_view_get_selected_annotation (self->text_view);
  if (annotation == NULL)
    {
      toast (self, _("Select some text to annotate first"));
      return;
    }
  if (g_strcmp0 (shu_annotation_get_label_id (annotation), label_id) == 0)
    return;

  now = g_date_time_new_now_utc ();
  relabelled = shu_annotation_with_label (annotation, label_id, now);
  shu_annotation_store_replace (store, relabelled, _("Change Label"));
}

static void
edit_comment_activate (ShuAnnotateController *self,
                       GVariant              *parameter)
{
  ShuAnnotation *annotation = shu_text_view_get_selected_annotation (self->text_view);

  if (self->document == NULL || annotation == NULL)
    return;

  /* The comment is edited beside the list, which may be hidden. */
  g_settings_set_boolean (self->settings, "sidebar-visible", TRUE);
  shu_sidebar_select_annotation (self->sidebar, annotation);
  shu_sidebar_focus_comment (self->sidebar);
}

/* Grows or shrinks the selected annotation by a word at one end, in one
 * undoable step: "grow-start", "shrink-start", "grow-end", "shrink-end". */
static void
move_edge_activate (ShuAnnotateController *self,
                    GVariant              *parameter)
{
  ShuAnnotation *annotation = shu_text_view_get_selected_annotation (self->text_view);
  const char *edge = g_variant_get_string (parameter, NULL);
  g_autoptr(ShuAnnotation) moved = NULL;

  if (self->document == NULL || annotation == NULL)
    return;
  moved = shu_extent_move_annotation_edge (annotation, shu_document_get_source (self->document),
                                           g_str_has_suffix (edge, "-start") ? SHU_EDGE_START
                                                                             : SHU_EDGE_END,
                                           g_str_has_prefix (edge, "grow-"));
  /* No word beyond the text's end, and never an annotation of no word. */
  if (moved == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->window));
      return;
    }
  /* Still selected, for the next key. */
  if (shu_annotation_store_replace (get_store (self), moved, _("Change Extent")))
    shu_text_view_set_selected_annotation (self->text_view, moved);
}

/* Alt+Down and Alt+Up: from annotation to annotation in reading order,
 * each selected, shown and its words under the caret (so a screen reader
 * reads it, see the text view's description). From the selected one, the
 * one after it in the list; otherwise from the caret. */
static void
next_annotation (ShuAnnotateController *self,
                 gboolean               forward)
{
  ShuAnnotation *selected = shu_text_view_get_selected_annotation (self->text_view);
  g_autoptr(ShuAnnotation) target = NULL;

  if (self->document == NULL)
    return;
  target = shu_annotation_store_dup_adjacent (get_store (self),
                                              selected != NULL
                                              ? shu_annotation_get_id (selected) : NULL,
                                              shu_text_view_get_caret_offset (self->text_view),
                                              forward);

  if (target == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->window));
      return;
    }
  shu_text_view_reveal_annotation (self->text_view, shu_annotation_get_id (target));
}

static void
next_annotation_activate (ShuAnnotateController *self,
                          GVariant              *parameter)
{
  next_annotation (self, TRUE);
}

static void
previous_annotation_activate (ShuAnnotateController *self,
                              GVariant              *parameter)
{
  next_annotation (self, FALSE);
}

static void
delete_annotation_activate (ShuAnnotateController *self,
                            GVariant              *parameter)
{
  ShuAnnotation *annotation = shu_text_view_get_selected_annotation (self->text_view);
  g_autofree char *id = NULL;

  if (self->document == NULL || annotation == NULL)
    return;

  /* An edit typed for it comes back with it on undo. */
  shu_sidebar_apply_pending (self->sidebar);
  annotation = shu_text_view_get_selected_annotation (self->text_view);
  if (annotation == NULL)
    return;
  id = g_strdup (shu_annotation_get_id (annotation));
  shu_text_view_set_selected_annotation (self->text_view, NULL);
  /* The toast's button undoes the last step, which is this deletion while
   * the toast is shown. */
  if (shu_annotation_store_remove (get_store (self), id, _("Delete Annotation")))
    g_signal_emit (self, signals[TOAST], 0, _("Annotation deleted"), TRUE);
}

static void
author_response_cb (ShuAnnotateController *self,
                    const char            *response,
                    ShuAlert              *dialog)
{
  GtkEditable *entry = GTK_EDITABLE (shu_alert_get_extra_child (dialog));
  g_autofree char *name = g_strdup (gtk_editable_get_text (entry));

  if (g_str_equal (response, "save") && g_strstrip (name)[0] != '\0')
    g_settings_set_string (self->settings, "author-name", name);
}

static void
author_name_activate (ShuAnnotateController *self,
                      GVariant              *parameter)
{
  g_autofree char *current = g_settings_get_string (self->settings, "author-name");
  g_autofree char *suggested = dup_author_to_ask (self);
  GtkWidget *entry;
  ShuAlert *dialog;

  dialog = shu_alert_new (_("Annotator Name"),
                          _("New annotations are signed with this name."));
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), suggested != NULL ? suggested : current);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  shu_alert_set_extra_child (dialog, entry);
  shu_alert_add_responses (dialog,
                           "cancel", _("_Cancel"),
                           "save", _("_Save"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "save", ADW_RESPONSE_SUGGESTED);
  shu_alert_set_default_response (dialog, "save");
  shu_alert_set_close_response (dialog, "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (author_response_cb), self,
                           G_CONNECT_SWAPPED);
  shu_alert_present (dialog, self->window);
}

typedef void (*ActivateFunc) (ShuAnnotateController *self,
                              GVariant              *parameter);

/* What each command needs: a document whose annotations are in, or one
 * of them selected too. */
typedef enum { NEEDS_NOTHING, NEEDS_DOCUMENT, NEEDS_SELECTED } Needs;

static const struct
{
  const char   *name;
  const char   *parameter_type;
  ActivateFunc  activate;
  Needs         needs;
} actions[] = {
  { "annotate", NULL, annotate_activate, NEEDS_DOCUMENT },
  { "annotate-label", "u", annotate_label_activate, NEEDS_DOCUMENT },
  { "set-label", "s", set_label_activate, NEEDS_DOCUMENT },
  { "next-annotation", NULL, next_annotation_activate, NEEDS_DOCUMENT },
  { "previous-annotation", NULL, previous_annotation_activate, NEEDS_DOCUMENT },
  { "edit-comment", NULL, edit_comment_activate, NEEDS_SELECTED },
  { "move-edge", "s", move_edge_activate, NEEDS_SELECTED },
  { "delete-annotation", NULL, delete_annotation_activate, NEEDS_SELECTED },
  { "author-name", NULL, author_name_activate, NEEDS_NOTHING },
};

static void
update_actions (ShuAnnotateController *self)
{
  /* Annotations being loaded cannot be edited yet. */
  gboolean has_document = self->document != NULL && !self->loading;
  gboolean has_selected = has_document
                          && shu_text_view_get_selected_annotation (self->text_view) != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self->window),
                                                    actions[i].name);

      g_simple_action_set_enabled (G_SIMPLE_ACTION (action),
                                   actions[i].needs == NEEDS_NOTHING
                                   || (actions[i].needs == NEEDS_DOCUMENT && has_document)
                                   || has_selected);
    }
}

/* Keys that only mean something while reading: Enter annotates the
 * selection, 1-9 label it directly, Delete removes the selected highlight.
 * They live on the view, not the window, so typing in an entry or the
 * comment never triggers them. */
static gboolean
view_key_pressed_cb (ShuAnnotateController *self,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkEventControllerKey *controller)
{
  GtkWidget *window = GTK_WIDGET (self->window);
  gboolean has_selection;

  if ((state & gtk_accelerator_get_default_mod_mask ()) != 0 || self->document == NULL)
    return GDK_EVENT_PROPAGATE;
  /* The popover is the view's child: its keys pass through here first. */
  if (gtk_widget_get_visible (GTK_WIDGET (self->popover)))
    return GDK_EVENT_PROPAGATE;

  has_selection = shu_text_view_get_selection (self->text_view, NULL, NULL);

  switch (keyval)
    {
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
      if (!has_selection)
        return GDK_EVENT_PROPAGATE;
      gtk_widget_activate_action (window, "win.annotate", NULL);
      return GDK_EVENT_STOP;

    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
      if (has_selection || shu_text_view_get_selected_annotation (self->text_view) == NULL)
        return GDK_EVENT_PROPAGATE;
      gtk_widget_activate_action (window, "win.delete-annotation", NULL);
      return GDK_EVENT_STOP;

    case GDK_KEY_Escape:
      if (shu_text_view_get_selected_annotation (self->text_view) == NULL)
        return GDK_EVENT_PROPAGATE;
      shu_text_view_set_selected_annotation (self->text_view, NULL);
      return GDK_EVENT_STOP;

    default:
      break;
    }

  if (has_selection && keyval >= GDK_KEY_1 && keyval <= GDK_KEY_9)
    {
      gtk_widget_activate_action (window, "win.annotate-label", "u",
                                  (guint32) (keyval - GDK_KEY_0));
      return GDK_EVENT_STOP;
    }
  if (has_selection && keyval >= GDK_KEY_KP_1 && keyval <= GDK_KEY_KP_9)
    {
      gtk_widget_activate_action (window, "win.annotate-label", "u",
                                  (guint32) (keyval - GDK_KEY_KP_0));
      return GDK_EVENT_STOP;
    }

  return GDK_EVENT_PROPAGATE;
}

/* A reset may bring another label set; the popover lists the current one
 * (it follows changes inside a set through the set's items-changed). */
static void
store_labels_cb (ShuAnnotateController *self)
{
  shu_annotate_popover_set_labels (self->popover, self->document != NULL
                                   ? shu_annotation_store_get_labels (get_store (self))
                                   : NULL);
}

static void
set_document (ShuAnnotateController *self,
              ShuDocument           *document)
{
  if (self->document == document)
    return;

  /* The words the popover was opened on belong to the text replaced. */
  gtk_popover_popdown (GTK_POPOVER (self->popover));
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);
  g_set_object (&self->document, document);
  if (document != NULL)
    g_signal_connect_object (get_store (self), "notify::labels",
                             G_CALLBACK (store_labels_cb), self, G_CONNECT_SWAPPED);
  store_labels_cb (self);
  update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

static void
shu_annotate_controller_dispose (GObject *object)
{
  ShuAnnotateController *self = SHU_ANNOTATE_CONTROLLER (object);

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);
  g_clear_object (&self->document);
  g_clear_object (&self->popover);

  G_OBJECT_CLASS (shu_annotate_controller_parent_class)->dispose (object);
}

static void
shu_annotate_controller_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ShuAnnotateController *self = SHU_ANNOTATE_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_annotate_controller_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  ShuAnnotateController *self = SHU_ANNOTATE_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      set_document (self, g_value_get_object (value));
      break;
    case PROP_LOADING:
      if (self->loading != g_value_get_boolean (value))
        {
          self->loading = g_value_get_boolean (value);
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_annotate_controller_class_init (ShuAnnotateControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_annotate_controller_dispose;
  object_class->get_property = shu_annotate_controller_get_property;
  object_class->set_property = shu_annotate_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
}

static void
shu_annotate_controller_init (ShuAnnotateController *self)
{
}

ShuAnnotateController *
shu_annotate_controller_new (GtkWindow   *window,
                             ShuTextView *text_view,
                             ShuSidebar  *sidebar,
                             GSettings   *settings)
{
  ShuAnnotateController *self;
  GtkEventController *keys;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (text_view), NULL);
  g_return_val_if_fail (SHU_IS_SIDEBAR (sidebar), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SHU_TYPE_ANNOTATE_CONTROLLER, NULL);
  self->window = window;
  self->text_view = text_view;
  self->sidebar = sidebar;
  self->settings = settings;

  /* The view owns it as its child; the controller keeps it while it is. */
  self->popover = g_object_ref (SHU_ANNOTATE_POPOVER (shu_annotate_popover_new ()));
  shu_text_view_attach_popover (text_view, GTK_POPOVER (self->popover));
  g_signal_connect_object (self->popover, "confirmed", G_CALLBACK (popover_confirmed_cb), self,
                           G_CONNECT_SWAPPED);

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GVariantType) type = actions[i].parameter_type != NULL
                                     ? g_variant_type_new (actions[i].parameter_type) : NULL;
      g_autoptr(GSimpleAction) action = g_simple_action_new (actions[i].name, type);

      g_signal_connect_object (action, "activate", G_CALLBACK (actions[i].activate), self,
                               G_CONNECT_SWAPPED);
      g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
    }

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (view_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (text_view), keys);
  g_signal_connect_object (text_view, "notify::selected-annotation",
                           G_CALLBACK (update_actions), self, G_CONNECT_SWAPPED);
  update_actions (self);
  return self;
}
