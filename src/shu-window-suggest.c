/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-suggest.h"
#include "shu-suggest-list.h"
#include "shu-window-private.h"

/* Suggestions (issue #29): found in a thread (shu_suggest_find_async())
 * when a text is shown and a moment after each change to its annotations,
 * the run before cancelled; drawn by the view, listed below the sidebar,
 * and accepted or rejected from there or with the caret on one
 * (win.accept-suggestion, win.reject-suggestion, win.accept-suggestion-form;
 * accelerators in shu-application.c). Kept apart from shu-window.c so the
 * window's own code stays short; its state hangs on the window. */

#define SUGGEST_KEY "shu-suggest"
/* Typing a few labels in a row starts one search, not one each. */
#define SUGGEST_DELAY_MS 300

typedef struct
{
  ShuWindow          *window;       /* unowned: the state is the window's */
  ShuSuggestList     *list;
  ShuAnnotationStore *store;        /* watched */
  GCancellable       *cancellable;  /* the search under way */
  GArray             *found;        /* ShuSuggestion, sorted; NULL: none yet */
  guint               timeout_id;
} Suggest;

static void
suggest_free (Suggest *state)
{
  g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  if (state->store != NULL)
    g_signal_handlers_disconnect_by_data (state->store, state);
  g_clear_object (&state->store);
  g_clear_pointer (&state->found, g_array_unref);
  g_free (state);
}

static Suggest *
get_state (ShuWindow *self)
{
  return g_object_get_data (G_OBJECT (self), SUGGEST_KEY);
}

/* Shows @found (or none) in the view and the list. */
static void
show_found (Suggest *state,
            GArray  *found)
{
  ShuWindow *self = state->window;

  if (found != state->found)
    {
      g_clear_pointer (&state->found, g_array_unref);
      state->found = found != NULL ? g_array_ref (found) : NULL;
    }
  shu_text_view_set_suggestions (self->text_view, state->found);
  shu_suggest_list_set_suggestions (state->list, self->document, state->found);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ShuWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = shu_suggest_find_finish (result, &error);
  Suggest *state = get_state (self);

  /* Outdated: a newer search is under way, or the text is gone. */
  if (found == NULL || state == NULL || g_task_get_cancellable (G_TASK (result)) == NULL
      || g_task_get_cancellable (G_TASK (result)) != state->cancellable)
    return;
  show_found (state, found);
}

static gboolean
search_cb (gpointer user_data)
{
  Suggest *state = user_data;
  ShuWindow *self = state->window;
  ShuAnnotationStore *store;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GArray) rejected = NULL;

  state->timeout_id = 0;
  if (self->document == NULL)
    return G_SOURCE_REMOVE;
  /* Annotations still being read: wait for them. */
  if (self->loading)
    {
      state->timeout_id = g_timeout_add (SUGGEST_DELAY_MS, search_cb, state);
      return G_SOURCE_REMOVE;
    }
  store = shu_document_get_store (self->document);
  annotations = shu_annotation_store_dup_annotations (store);
  rejected = g_array_copy (shu_document_get_rejected (self->document));
  g_cancellable_cancel (state->cancellable);
  g_clear_object (&state->cancellable);
  state->cancellable = g_cancellable_new ();
  shu_suggest_find_async (shu_document_get_source (self->document), annotations, rejected, NULL,
                          state->cancellable, found_cb, g_object_ref (self));
  return G_SOURCE_REMOVE;
}

/* A new search after @delay_ms, the one under way cancelled now. */
static void
schedule_search (Suggest *state,
                 guint    delay_ms)
{
  g_cancellable_cancel (state->cancellable);
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  state->timeout_id = g_timeout_add (delay_ms, search_cb, state);
}

static void
store_changed_cb (Suggest *state)
{
  schedule_search (state, SUGGEST_DELAY_MS);
}

static void
document_cb (ShuWindow *self)
{
  Suggest *state = get_state (self);
  ShuAnnotationStore *store = self->document != NULL ? shu_document_get_store (self->document)
                                                     : NULL;

  if (store != state->store)
    {
      if (state->store != NULL)
        g_signal_handlers_disconnect_by_data (state->store, state);
      g_set_object (&state->store, store);
      if (store != NULL)
        {
          g_signal_connect_swapped (store, "items-changed", G_CALLBACK (store_changed_cb), state);
          g_signal_connect_swapped (store, "labels-changed", G_CALLBACK (store_changed_cb),
                                    state);
          /* Undo and redo of a rejection offer it again, or not. */
          g_signal_connect_swapped (store, "rejected-changed", G_CALLBACK (store_changed_cb),
                                    state);
        }
    }
  g_cancellable_cancel (state->cancellable);
  g_clear_handle_id (&state->timeout_id, g_source_remove);
  show_found (state, NULL);
  if (store != NULL)
    schedule_search (state, 0);
}

/* The suggestion the caret is on (or at the end of), first by start. */
static const ShuSuggestion *
get_at_caret (ShuWindow *self)
{
  Suggest *state = get_state (self);
  guint caret = shu_text_view_get_caret_offset (self->text_view);

  if (self->document == NULL || state->found == NULL)
    return NULL;
  for (guint i = 0; i < state->found->len; i++)
    {
      const ShuSuggestion *suggestion = &g_array_index (state->found, ShuSuggestion, i);

      if (suggestion->start > caret)
        break;
      if (caret <= suggestion->end)
        return suggestion;
    }
  return NULL;
}

/* Takes @suggestions (sorted) out of what is shown at once (the next
 * search agrees), so that the next keystroke already finds the next one:
 * one walk over both, as accepting all of a label may take thousands. */
static void
forget (Suggest             *state,
        const ShuSuggestion *suggestions,
        guint                n)
{
  g_autoptr(GArray) rest = NULL;
  guint k = 0;

  if (state->found == NULL)
    return;
  rest = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  for (guint i = 0; i < state->found->len; i++)
    {
      const ShuSuggestion *suggestion = &g_array_index (state->found, ShuSuggestion, i);

      while (k < n && shu_suggestion_compare (&suggestions[k], suggestion) < 0)
        k++;
      if (k < n && shu_suggestion_compare (&suggestions[k], suggestion) == 0)
        continue;
      g_array_append_val (rest, *suggestion);
    }
  show_found (state, rest);
}

static void
accept (ShuWindow           *self,
        GArray              *suggestions,
        const char          *description)
{
  g_autofree char *creator = g_settings_get_string (self->settings, "author-name");

  if (suggestions->len == 0)
    return;
  shu_suggest_accept (shu_document_get_store (self->document),
                      (const ShuSuggestion *) (gpointer) suggestions->data, suggestions->len,
                      *creator != '\0' ? creator : NULL, description);
  forget (get_state (self), (const ShuSuggestion *) (gpointer) suggestions->data,
          suggestions->len);
}

static void
accept_one (ShuWindow           *self,
            const ShuSuggestion *suggestion)
{
  g_autoptr(GArray) one = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));

  g_array_append_val (one, *suggestion);
  accept (self, one, _("Accept Suggestion"));
}

static void
reject_one (ShuWindow           *self,
            const ShuSuggestion *suggestion)
{
  ShuSuggestion key = *suggestion;

  shu_document_reject (self->document, key.start, key.end, key.label_id);
  forget (get_state (self), &key, 1);
  _shu_window_toast (self, _("Suggestion rejected"));
}

static void
accept_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  const ShuSuggestion *suggestion = get_at_caret (self);

  if (suggestion == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  accept_one (self, suggestion);
}

static void
reject_suggestion_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  const ShuSuggestion *suggestion = get_at_caret (self);

  if (suggestion == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  reject_one (self, suggestion);
}

static void
accept_form_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ShuWindow *self = SHU_WINDOW (widget);
  const ShuSuggestion *suggestion = get_at_caret (self);
  g_autoptr(GArray) same = NULL;

  if (suggestion == NULL)
    {
      gtk_widget_error_bell (widget);
      return;
    }
  same = shu_suggest_filter_form (shu_document_get_source (self->document),
                                  get_state (self)->found, suggestion);
  accept (self, same, _("Accept Suggestions of a Form"));
}

static ShuSuggestion
key_of (guint       start,
        guint       end,
        const char *label_id)
{
  ShuSuggestion key = { start, end, g_intern_string (label_id) };

  return key;
}

static void
list_activated_cb (ShuWindow  *self,
                   guint       start,
                   guint       end,
                   const char *label_id)
{
  shu_text_view_select_range (self->text_view, start, end);
  gtk_widget_grab_focus (GTK_WIDGET (self->text_view));
}

static void
list_accept_cb (ShuWindow  *self,
                guint       start,
                guint       end,
                const char *label_id)
{
  ShuSuggestion key = key_of (start, end, label_id);

  if (self->document != NULL)
    accept_one (self, &key);
}

static void
list_reject_cb (ShuWindow  *self,
                guint       start,
                guint       end,
                const char *label_id)
{
  ShuSuggestion key = key_of (start, end, label_id);

  if (self->document != NULL)
    reject_one (self, &key);
}

static void
list_accept_label_cb (ShuWindow  *self,
                      guint       start,
                      guint       end,
                      const char *label_id)
{
  Suggest *state = get_state (self);
  g_autoptr(GArray) all = NULL;

  if (self->document == NULL || state->found == NULL)
    return;
  all = shu_suggest_filter_label (state->found, g_intern_string (label_id));
  accept (self, all, _("Accept Suggestions of a Label"));
}

/* A search that ends after the window is closed shows nothing: its
 * widgets are gone, though the window lives on until then. */
static void
window_destroy_cb (ShuWindow *self)
{
  Suggest *state = get_state (self);

  g_cancellable_cancel (state->cancellable);
  g_clear_handle_id (&state->timeout_id, g_source_remove);
}

void
_shu_window_class_add_suggest (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.accept-suggestion", NULL,
                                   accept_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.reject-suggestion", NULL,
                                   reject_suggestion_action);
  gtk_widget_class_install_action (widget_class, "win.accept-suggestion-form", NULL,
                                   accept_form_action);
}

void
_shu_window_init_suggest (ShuWindow *self)
{
  Suggest *state = g_new0 (Suggest, 1);

  state->window = self;
  state->list = SHU_SUGGEST_LIST (shu_suggest_list_new ());
  gtk_box_insert_child_after (GTK_BOX (self->sidebar_box), GTK_WIDGET (state->list),
                              GTK_WIDGET (self->sidebar));
  g_object_set_data_full (G_OBJECT (self), SUGGEST_KEY, state, (GDestroyNotify) suggest_free);
  g_signal_connect_object (state->list, "activated", G_CALLBACK (list_activated_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (state->list, "accept", G_CALLBACK (list_accept_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (state->list, "reject", G_CALLBACK (list_reject_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (state->list, "accept-label", G_CALLBACK (list_accept_label_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect (self, "notify::document", G_CALLBACK (document_cb), NULL);
  g_signal_connect (self, "destroy", G_CALLBACK (window_destroy_cb), NULL);
}
