/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-document.h"
#include "shu-status-actions.h"

typedef struct
{
  GtkWidget     *window;     /* weak: it owns the group, which owns this,
                              * but whatever else holds the group (GTK's
                              * action muxers) may keep it longer */
  GSettings     *settings;
  GSimpleAction *set;
  ShuDocument   *document;   /* the one whose "modified" is watched */
  gulong         modified_id;
} Status;

static void
status_free (Status *status)
{
  if (status->document != NULL)
    g_clear_signal_handler (&status->modified_id, status->document);
  g_clear_object (&status->document);
  g_clear_object (&status->settings);
  g_clear_weak_pointer (&status->window);
  g_free (status);
}

/* The radio items show the annotator's status of the document now. */
static void
sync_state (Status *status)
{
  g_autofree char *author = g_settings_get_string (status->settings, "author-name");
  ShuAnnotatorStatus now = SHU_ANNOTATOR_NOT_STARTED;
  gboolean loading = FALSE;

  /* The author's name changed after the window closed. */
  if (status->window == NULL)
    return;
  if (status->document != NULL && author[0] != '\0')
    now = shu_document_get_status (status->document, author);
  g_object_get (status->window, "loading", &loading, NULL);
  g_simple_action_set_state (status->set,
                             g_variant_new_string (shu_annotator_status_to_string (now)));
  g_simple_action_set_enabled (status->set, status->document != NULL && !loading);
}

static void
sync_state_cb (GObject *group)
{
  sync_state (g_object_get_data (group, "shu-status"));
}

static void
document_cb (GObject *group)
{
  Status *status = g_object_get_data (group, "shu-status");
  g_autoptr(ShuDocument) document = NULL;

  g_object_get (status->window, "document", &document, NULL);
  if (document != status->document)
    {
      if (status->document != NULL)
        g_clear_signal_handler (&status->modified_id, status->document);
      g_set_object (&status->document, document);
      /* Statuses change with the document's "modified" (a merge, a
       * reload); any change of it may be one. */
      if (document != NULL)
        status->modified_id = g_signal_connect_swapped (document, "notify::modified",
                                                        G_CALLBACK (sync_state), status);
    }
  sync_state (status);
}

static void
change_state_cb (GSimpleAction *action,
                 GVariant      *value,
                 Status        *status)
{
  g_autofree char *author = g_settings_get_string (status->settings, "author-name");
  ShuAnnotatorStatus chosen;

  if (status->window == NULL || status->document == NULL
      || !shu_annotator_status_from_string (g_variant_get_string (value, NULL), &chosen))
    return;
  /* A status is someone's: whose, is asked once, as for annotations. */
  if (author[0] == '\0')
    {
      gtk_widget_activate_action (status->window, "win.author-name", NULL);
      return;
    }
  shu_document_set_status (status->document, author, chosen);
  sync_state (status);
}

void
shu_status_actions_attach (GtkWidget *window)
{
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  Status *status = g_new0 (Status, 1);

  g_return_if_fail (GTK_IS_WIDGET (window));

  g_set_weak_pointer (&status->window, window);
  status->settings = g_settings_new (APP_ID);
  status->set = g_simple_action_new_stateful ("set", G_VARIANT_TYPE_STRING,
                                              g_variant_new_string ("not-started"));
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (status->set));
  g_object_set_data_full (G_OBJECT (group), "shu-status", status,
                          (GDestroyNotify) status_free);
  g_signal_connect (status->set, "change-state", G_CALLBACK (change_state_cb), status);
  g_object_unref (status->set);   /* the group keeps it */
  /* Tied to the group, which the window keeps until it goes. */
  g_signal_connect_object (window, "notify::document", G_CALLBACK (document_cb), group,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (window, "notify::loading", G_CALLBACK (sync_state_cb), group,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (status->settings, "changed::author-name",
                           G_CALLBACK (sync_state_cb), group, G_CONNECT_SWAPPED);
  gtk_widget_insert_action_group (window, "status", G_ACTION_GROUP (group));
  /* GTK 4.8 has no gtk_widget_get_action_group(): kept for asking. */
  g_object_set_data (G_OBJECT (window), "shu-status-actions", group);
  document_cb (G_OBJECT (group));
}

GActionGroup *
shu_status_actions_get (GtkWidget *window)
{
  g_return_val_if_fail (GTK_IS_WIDGET (window), NULL);

  return g_object_get_data (G_OBJECT (window), "shu-status-actions");
}
