/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-suggest.h"
#include "shu-suggest-controller.h"
#include "shu-suggest-list.h"

/* Typing a few labels in a row starts one search, not one each. */
#define SUGGEST_DELAY_MS 300

struct _ShuSuggestController
{
  GObject parent_instance;

  /* Owned */
  ShuSuggestList     *list;
  ShuDocument        *document;
  ShuAnnotationStore *store;        /* the document's, watched */
  GSettings          *settings;
  GCancellable       *cancellable;  /* the search under way */
  ShuSuggestFound    *found;        /* NULL: none yet */
  ShuDocument        *found_with;   /* a document about to be shown, and */
  ShuSuggestFound    *found_for_it; /* its suggestions, found as it loaded */
  guint               timeout_id;
  gboolean            loading;

  /* Borrowed */
  GtkWindow          *window;
  ShuTextView        *text_view;    /* NULL once disposed */
};

G_DEFINE_FINAL_TYPE (ShuSuggestController, shu_suggest_controller, G_TYPE_OBJECT)

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

/* Shows @found (or none) in the view and the list. */
static void
show_found (ShuSuggestController *self,
            ShuSuggestFound      *found)
{
  if (found != self->found)
    {
      g_clear_pointer (&self->found, shu_suggest_found_unref);
      self->found = found != NULL ? shu_suggest_found_ref (found) : NULL;
    }
  if (self->text_view == NULL)
    return;
  shu_text_view_set_suggestions (self->text_view, self->found);
  shu_suggest_list_set_suggestions (self->list, self->document, self->found);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ShuSuggestController) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSuggestFound) found = shu_suggest_find_finish (result, &error);
  GCancellable *cancellable = g_task_get_cancellable (G_TASK (result));

  /* Outdated: a newer search is under way, or the text is gone. */
  if (found == NULL || cancellable == NULL || cancellable != self->cancellable)
    return;
  show_found (self, found);
}

static gboolean
search_cb (gpointer user_data)
{
  ShuSuggestController *self = user_data;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GArray) rejected = NULL;

  self->timeout_id = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  /* Annotations still being read: wait for them. */
  if (self->loading)
    {
      self->timeout_id = g_timeout_add (SUGGEST_DELAY_MS, search_cb, self);
      return G_SOURCE_REMOVE;
    }
  annotations = shu_annotation_store_dup_annotations (self->store);
  rejected = g_array_copy (shu_document_get_rejected (self->document));
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  shu_suggest_find_async (shu_document_get_source (self->document), annotations, rejected, NULL,
                          self->cancellable, found_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* A new search after @delay_ms, the one under way cancelled now. */
static void
schedule_search (ShuSuggestController *self,
                 guint                 delay_ms)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  self->timeout_id = g_timeout_add (delay_ms, search_cb, self);
}

static void
store_changed_cb (ShuSuggestController *self)
{
  schedule_search (self, SUGGEST_DELAY_MS);
}

void
shu_suggest_controller_set_document (ShuSuggestController *self,
                                     ShuDocument          *document)
{
  ShuAnnotationStore *store;

  g_return_if_fail (SHU_IS_SUGGEST_CONTROLLER (self));
  g_return_if_fail (document == NULL || SHU_IS_DOCUMENT (document));

  if (!g_set_object (&self->document, document))
    return;

  store = document != NULL ? shu_document_get_store (document) : NULL;
  if (store != self->store)
    {
      if (self->store != NULL)
        g_signal_handlers_disconnect_by_data (self->store, self);
      g_set_object (&self->store, store);
      if (store != NULL)
        {
          g_signal_connect_swapped (store, "items-changed", G_CALLBACK (store_changed_cb), self);
          g_signal_connect_swapped (store, "labels-changed", G_CALLBACK (store_changed_cb), self);
          /* Undo and redo of a rejection offer it again, or not. */
          g_signal_connect_swapped (store, "rejected-changed", G_CALLBACK (store_changed_cb),
                                    self);
        }
    }
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (document != NULL && document == self->found_with)
    show_found (self, self->found_for_it);
  else
    {
      show_found (self, NULL);
      if (store != NULL)
        schedule_search (self, 0);
    }
  g_clear_object (&self->found_with);
  g_clear_pointer (&self->found_for_it, shu_suggest_found_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

void
shu_suggest_controller_set_found_with (ShuSuggestController *self,
                                       ShuDocument          *document,
                                       ShuSuggestFound      *found)
{
  g_return_if_fail (SHU_IS_SUGGEST_CONTROLLER (self));
  g_return_if_fail (SHU_IS_DOCUMENT (document));
  g_return_if_fail (found != NULL);

  g_set_object (&self->found_with, document);
  g_clear_pointer (&self->found_for_it, shu_suggest_found_unref);
  self->found_for_it = shu_suggest_found_ref (found);
}

/* The suggestion the caret is on (or at the end of), first by start. */
static const ShuSuggestion *
get_at_caret (ShuSuggestController *self)
{
  if (self->document == NULL || self->found == NULL || self->text_view == NULL)
    return NULL;
  return shu_suggest_found_lookup_at (self->found,
                                      shu_text_view_get_caret_offset (self->text_view));
}

/* Takes @suggestions (sorted) out of what is shown at once (the next
 * search agrees), so that the next keystroke already finds the next one. */
static void
forget (ShuSuggestController *self,
        const ShuSuggestion  *suggestions,
        guint                 n)
{
  g_autoptr(ShuSuggestFound) rest = NULL;

  if (self->found == NULL)
    return;
  rest = shu_suggest_found_without (self->found, suggestions, n);
  show_found (self, rest);
}

static void
accept (ShuSuggestController *self,
        GArray               *suggestions,
        const char           *description)
{
  g_autofree char *creator = g_settings_get_string (self->settings, "author-name");

  if (suggestions->len == 0)
    return;
  shu_suggest_accept (self->store, (const ShuSuggestion *) (gpointer) suggestions->data,
                      suggestions->len, *creator != '\0' ? creator : NULL, description);
  forget (self, (const ShuSuggestion *) (gpointer) suggestions->data, suggestions->len);
}

static void
accept_one (ShuSuggestController *self,
            const ShuSuggestion  *suggestion)
{
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));

  g_array_append_val (one, *suggestion);
  accept (self, one, _("Accept Suggestion"));
}

static void
reject_one (ShuSuggestController *self,
            const ShuSuggestion  *suggestion)
{
  ShuSuggestion key = *suggestion;

  shu_document_reject (self->document, key.start, key.end, key.label_id);
  forget (self, &key, 1);
  g_signal_emit (self, signals[TOAST], 0, _("Suggestion rejected"));
}

/* The suggestion at the caret, or NULL after the error bell. */
static const ShuSuggestion *
at_caret_or_bell (ShuSuggestController *self)
{
  const ShuSuggestion *suggestion = get_at_caret (self);

  if (suggestion == NULL)
    gtk_widget_error_bell (GTK_WIDGET (self->window));
  return suggestion;
}

static void
accept_suggestion_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  ShuSuggestController *self = user_data;
  const ShuSuggestion *suggestion = at_caret_or_bell (self);

  if (suggestion != NULL)
    accept_one (self, suggestion);
}

static void
reject_suggestion_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  ShuSuggestController *self = user_data;
  const ShuSuggestion *suggestion = at_caret_or_bell (self);

  if (suggestion != NULL)
    reject_one (self, suggestion);
}

static void
accept_form_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ShuSuggestController *self = user_data;
  const ShuSuggestion *suggestion = at_caret_or_bell (self);
  g_autoptr(GArray) same = NULL;

  if (suggestion == NULL)
    return;
  same = shu_suggest_filter_form (shu_document_get_source (self->document),
                                  shu_suggest_found_get_suggestions (self->found), suggestion);
  accept (self, same, _("Accept Suggestions of a Form"));
}

static ShuSuggestion
key_of (guint       start,
        guint       end,
        const char *label_id)
{
  ShuSuggestion key = { start, end, shu_suggestion_intern_label (label_id) };

  return key;
}

static void
list_activated_cb (ShuSuggestController *self,
                   guint                 start,
                   guint                 end,
                   const char           *label_id)
{
  if (self->text_view == NULL)
    return;
  shu_text_view_select_range (self->text_view, start, end);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
list_accept_cb (ShuSuggestController *self,
                guint                 start,
                guint                 end,
                const char           *label_id)
{
  ShuSuggestion key = key_of (start, end, label_id);

  if (self->document != NULL)
    accept_one (self, &key);
}

static void
list_reject_cb (ShuSuggestController *self,
                guint                 start,
                guint                 end,
                const char           *label_id)
{
  ShuSuggestion key = key_of (start, end, label_id);

  if (self->document != NULL)
    reject_one (self, &key);
}

static void
list_accept_label_cb (ShuSuggestController *self,
                      guint                 start,
                      guint                 end,
                      const char           *label_id)
{
  g_autoptr(GArray) all = NULL;

  if (self->document == NULL || self->found == NULL)
    return;
  all = shu_suggest_filter_label (shu_suggest_found_get_suggestions (self->found),
                                  shu_suggestion_intern_label (label_id));
  accept (self, all, _("Accept Suggestions of a Label"));
}

static const GActionEntry actions[] = {
  { "accept-suggestion", accept_suggestion_action, NULL, NULL, NULL, { 0 } },
  { "reject-suggestion", reject_suggestion_action, NULL, NULL, NULL, { 0 } },
  { "accept-suggestion-form", accept_form_action, NULL, NULL, NULL, { 0 } },
};

static void
shu_suggest_controller_dispose (GObject *object)
{
  ShuSuggestController *self = SHU_SUGGEST_CONTROLLER (object);

  /* The window is closing (it disposes the controller first): a search
   * that ends later shows nothing, its widgets being gone. */
  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->timeout_id, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->found_with);
  g_clear_pointer (&self->found_for_it, shu_suggest_found_unref);
  if (self->window != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
      g_action_map_remove_action (G_ACTION_MAP (self->window), actions[i].name);
  self->window = NULL;
  self->text_view = NULL;

  G_OBJECT_CLASS (shu_suggest_controller_parent_class)->dispose (object);
}

static void
shu_suggest_controller_finalize (GObject *object)
{
  ShuSuggestController *self = SHU_SUGGEST_CONTROLLER (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->document);
  g_clear_object (&self->settings);
  g_clear_object (&self->list);
  g_clear_pointer (&self->found, shu_suggest_found_unref);

  G_OBJECT_CLASS (shu_suggest_controller_parent_class)->finalize (object);
}

static void
shu_suggest_controller_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  ShuSuggestController *self = SHU_SUGGEST_CONTROLLER (object);

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
shu_suggest_controller_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  ShuSuggestController *self = SHU_SUGGEST_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      shu_suggest_controller_set_document (self, g_value_get_object (value));
      break;

    case PROP_LOADING:
      if (self->loading != g_value_get_boolean (value))
        {
          self->loading = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_suggest_controller_class_init (ShuSuggestControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_suggest_controller_dispose;
  object_class->finalize = shu_suggest_controller_finalize;
  object_class->get_property = shu_suggest_controller_get_property;
  object_class->set_property = shu_suggest_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] =
    g_signal_new ("toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
shu_suggest_controller_init (ShuSuggestController *self)
{
  self->list = g_object_ref_sink (SHU_SUGGEST_LIST (shu_suggest_list_new ()));
  g_signal_connect_object (self->list, "activated", G_CALLBACK (list_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "accept", G_CALLBACK (list_accept_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "reject", G_CALLBACK (list_reject_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "accept-label", G_CALLBACK (list_accept_label_cb), self,
                           G_CONNECT_SWAPPED);
}

ShuSuggestController *
shu_suggest_controller_new (GtkWindow   *window,
                            ShuTextView *text_view,
                            GSettings   *settings)
{
  ShuSuggestController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (text_view), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (SHU_TYPE_SUGGEST_CONTROLLER, NULL);
  self->window = window;
  self->text_view = text_view;
  self->settings = g_object_ref (settings);
  g_action_map_add_action_entries (G_ACTION_MAP (window), actions, G_N_ELEMENTS (actions), self);
  return self;
}

GtkWidget *
shu_suggest_controller_get_list (ShuSuggestController *self)
{
  g_return_val_if_fail (SHU_IS_SUGGEST_CONTROLLER (self), NULL);

  return GTK_WIDGET (self->list);
}
