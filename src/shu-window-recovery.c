/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-recovery.h"
#include "shu-text.h"
#include "shu-window-private.h"

/* Restoring after a crash, the window's side of it: at start, the
 * journals of documents that had unsaved changes when the program died
 * are offered back (Restore / Discard). A restored document is the text
 * with its saved annotations, and the journal's on top as one undoable
 * step, so it shows as modified and the user saves it. The journals
 * themselves are kept by ShuRecovery (src/model); files changed on disk
 * by other programs are ShuExternalController's part. */

typedef struct
{
  GPtrArray        *entries;   /* holds @entry */
  ShuRecoveryEntry *entry;
} Restore;

static void
restore_free (Restore *restore)
{
  g_clear_pointer (&restore->entries, g_ptr_array_unref);
  g_free (restore);
}

/* The journal's unsaved changes on top of the document as saved. */
static void
restore_opened_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GTask) task = user_data;
  Restore *restore = g_task_get_task_data (task);
  ShuRecoveryEntry *entry = restore->entry;
  g_autoptr(GPtrArray) report = NULL;
  ShuDocument *document;
  GError *error = NULL;

  if (!shu_window_open_file_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* The unsaved changes as one step on top: the document shows modified,
   * Undo goes back to what was saved, and Save keeps them. */
  document = shu_window_get_document (self);
  if (!shu_recovery_entry_restore (entry, document, &report, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  shu_recovery_adopt (document, entry->journal);
  shu_external_controller_track (self->external, document);
  _shu_window_update_title (self);
  _shu_window_report_anchoring (self, report);
  _shu_window_toast (self, _("Unsaved changes restored; save to keep them"));
  g_task_return_boolean (task, TRUE);
}

static void
restore_checked_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GFile) saved = NULL;
  GError *error = NULL;

  saved = g_task_propagate_pointer (G_TASK (result), &error);
  if (saved == NULL)
    g_task_return_error (task, error);   /* cancelled: the window closed */
  else
    shu_window_open_file_async (SHU_WINDOW (object), saved, restore_opened_cb,
                                g_steal_pointer (&task));
}

static void
saved_file_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  Restore *restore = task_data;

  g_task_return_pointer (task, shu_recovery_entry_dup_saved_file (restore->entry, cancellable),
                         g_object_unref);
}

void
shu_window_restore_async (ShuWindow           *self,
                          GPtrArray           *entries,
                          ShuRecoveryEntry    *entry,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) check = NULL;
  GTask *task;
  Restore *restore;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (entries != NULL);
  g_return_if_fail (entry != NULL);

  restore = g_new0 (Restore, 1);
  restore->entries = g_ptr_array_ref (entries);
  restore->entry = entry;
  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_window_restore_async);
  g_task_set_task_data (task, restore, (GDestroyNotify) restore_free);

  /* The document as saved first: its sidecar when there is one, else the
   * text alone (with the sidecar it finds beside it, if any). */
  check = g_task_new (self, self->cancellable, restore_checked_cb, task);
  g_task_set_task_data (check, restore, NULL);
  g_task_run_in_thread (check, saved_file_thread);
}

gboolean
shu_window_restore_finish (ShuWindow     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_window_restore_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
restore_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GError) error = NULL;

  /* Kept on failure: nothing of it was lost, it can be tried again. */
  if (!shu_window_restore_finish (self, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _shu_window_show_error (self, _("Could Not Restore the Changes"), error);
}

static void
recovery_response_cb (GPtrArray  *entries,
                      const char *response,
                      ShuAlert   *dialog)
{
  GtkWindow *parent = shu_alert_get_parent (dialog);
  GtkApplication *app = parent != NULL ? gtk_window_get_application (parent) : NULL;

  for (guint i = 0; i < entries->len; i++)
    {
      ShuRecoveryEntry *entry = g_ptr_array_index (entries, i);
      g_autoptr(GError) error = NULL;

      if (g_str_equal (response, "restore") && app != NULL)
        {
          gboolean reuse = SHU_IS_WINDOW (parent)
                           && shu_window_can_replace (SHU_WINDOW (parent));
          ShuWindow *window = reuse ? SHU_WINDOW (parent)
                                    : shu_window_new (app);

          shu_window_restore_async (window, entries, entry, restore_done_cb, NULL);
          gtk_window_present (GTK_WINDOW (window));
          parent = NULL;
        }
      else if (g_str_equal (response, "discard"))
        shu_recovery_entry_remove_later (entry);
    }
}

static void
recovery_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(ShuWindow) self = user_data;
  g_autoptr(GPtrArray) entries = shu_recovery_list_finish (result, NULL);
  g_autoptr(GString) body = NULL;
  ShuAlert *dialog;

  /* Cancelled: the window closed meanwhile; the journals stay for the
   * next start. */
  if (entries == NULL || entries->len == 0)
    return;

  body = g_string_new (ngettext ("Shulayim stopped while these annotations had changes that "
                                 "were not saved:",
                                 "Shulayim stopped while these annotations had changes that "
                                 "were not saved:", entries->len));
  g_string_append_c (body, '\n');
  for (guint i = 0; i < entries->len; i++)
    {
      ShuRecoveryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = shu_text_dup_file_name (entry->sidecar != NULL ? entry->sidecar
                                                                             : entry->text);
      g_autofree char *when = g_date_time_format (entry->written, "%x %X");
      g_autofree char *safe = shu_text_make_bidi_visible (name);

      g_string_append_printf (body, "\n• %s (%s)", safe, when);
    }

  dialog = shu_alert_new (_("Restore Unsaved Changes?"), body->str);
  shu_alert_add_responses (dialog,
                           "discard", _("_Discard"),
                           "restore", _("_Restore"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "discard", ADW_RESPONSE_DESTRUCTIVE);
  shu_alert_set_response_appearance (dialog, "restore", ADW_RESPONSE_SUGGESTED);
  shu_alert_set_default_response (dialog, "restore");
  /* Closing decides nothing: the journals stay for the next start. */
  shu_alert_set_close_response (dialog, "later");
  g_object_set_data_full (G_OBJECT (dialog), "shu-entries", g_ptr_array_ref (entries),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (recovery_response_cb), entries);
  shu_alert_present (dialog, GTK_WINDOW (self));
}

void
shu_window_offer_recovery (ShuWindow *self)
{
  static gboolean offered;

  g_return_if_fail (SHU_IS_WINDOW (self));

  /* Once per run: the journals found later are the open windows' own. */
  if (offered)
    return;
  offered = TRUE;

  shu_recovery_list_async (self->cancellable, recovery_listed_cb, g_object_ref (self));
}
