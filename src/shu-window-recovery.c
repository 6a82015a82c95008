/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-reconcile.h"
#include "shu-recovery.h"
#include "shu-sidecar.h"
#include "shu-text.h"
#include "shu-window-private.h"
#include "shu-window-sharing.h"

/* Never losing work, the window's side of it:
 *
 * - Restoring: at start, the journals of documents that had unsaved
 *   changes when the program died are offered back (Restore / Discard).
 *   A restored document is the text with its saved annotations, and the
 *   journal's on top as one undoable step, so it shows as modified and the
 *   user saves it. The journals themselves are kept by ShuRecovery.
 * - Changes on disk: the open sidecar and text are watched. When another
 *   program (a colleague, git, a sync client) changes the sidecar, the user
 *   chooses Reload, Merge or Keep Mine; Save checks the file again first
 *   and asks instead of writing over it. When the text changes, the
 *   annotations can be re-anchored on it.
 *
 * What the files were when last read or written is kept as stamps
 * (ShuFileStamp): looking costs a stat unless the file was touched, and a
 * file touched but not changed asks nothing. The stamps come from the
 * loads and saves themselves, which have the bytes at hand: reading a
 * large sidecar back to hash it blocked the window before and after every
 * save. */

typedef struct
{
  ShuWindow    *window;            /* not owned: the state is its data */
  ShuDocument  *document;          /* the document watched (not owned) */
  GFile        *sidecar;
  GFileMonitor *sidecar_monitor;
  GFileMonitor *text_monitor;
  ShuFileStamp *sidecar_stamp;     /* NULL when there was no file */
  ShuFileStamp *text_stamp;
  guint         check_id;
  guint         saving;            /* saves of ours under way */
  GtkWidget    *sidecar_prompt;
  GtkWidget    *text_prompt;
  gboolean      save_pending;      /* Save waits for the user's choice */
  gboolean      close_after;
  gboolean      merging;           /* a Merge of the sidecar is under way */
} External;

static void
external_free (gpointer data)
{
  External *state = data;

  g_clear_handle_id (&state->check_id, g_source_remove);
  if (state->sidecar_monitor != NULL)
    g_file_monitor_cancel (state->sidecar_monitor);
  if (state->text_monitor != NULL)
    g_file_monitor_cancel (state->text_monitor);
  g_clear_object (&state->sidecar_monitor);
  g_clear_object (&state->text_monitor);
  g_clear_object (&state->sidecar);
  g_clear_pointer (&state->sidecar_stamp, shu_file_stamp_free);
  g_clear_pointer (&state->text_stamp, shu_file_stamp_free);
  g_free (state);
}

static External *
get_external (ShuWindow *self)
{
  External *state = g_object_get_data (G_OBJECT (self), "shu-external");

  if (state == NULL)
    {
      state = g_new0 (External, 1);
      state->window = self;
      g_object_set_data_full (G_OBJECT (self), "shu-external", state, external_free);
    }
  return state;
}

/* What @file is now, read whole; NULL when it cannot be read. */
static ShuFileStamp *
read_stamp (GFile *file)
{
  return file != NULL ? shu_file_stamp_read (file, NULL, NULL) : NULL;
}

static void
set_stamp (ShuFileStamp       **stamp,
           const ShuFileStamp  *known,
           GFile               *file)
{
  g_clear_pointer (stamp, shu_file_stamp_free);
  *stamp = known != NULL ? shu_file_stamp_copy (known) : read_stamp (file);
}

/* Whether @file holds other bytes than @stamp (NULL: there was no file).
 * A file deleted or made unreadable is not a change to take in: the next
 * save writes it again. */
static gboolean
file_changed (ShuFileStamp *stamp,
              GFile        *file)
{
  if (file == NULL)
    return FALSE;
  if (stamp == NULL)
    return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_REGULAR;
  return shu_file_stamp_check (stamp, file, NULL) == SHU_FILE_CHANGED;
}

static void check_files (External *state);

static gboolean
check_timeout_cb (gpointer user_data)
{
  External *state = user_data;

  state->check_id = 0;
  check_files (state);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (External          *state,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event)
{
  /* A save is several events (a temporary file renamed over the old
   * one): look once they have settled. */
  if (state->check_id == 0)
    state->check_id = g_timeout_add (300, check_timeout_cb, state);
}

static GFileMonitor *
watch_file (External *state,
            GFile    *file)
{
  g_autoptr(GError) error = NULL;
  GFileMonitor *monitor;

  if (file == NULL)
    return NULL;
  monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
  if (monitor == NULL)
    {
      g_debug ("Not watching for changes: %s", error->message);
      return NULL;
    }
  g_signal_connect_swapped (monitor, "changed", G_CALLBACK (monitor_changed_cb), state);
  return monitor;
}

/* Starts over with the window's document as it is now: what is on disk is
 * what it was read from or saved to. */
void
_shu_window_track_files (ShuWindow *self)
{
  External *state = get_external (self);
  ShuDocument *document = shu_window_get_document (self);
  GFile *sidecar = document != NULL ? shu_document_get_sidecar_file (document) : NULL;
  GFile *text = document != NULL ? shu_source_get_file (shu_document_get_source (document))
                                 : NULL;
  gboolean same_document = document == state->document;

  state->document = document;
  g_clear_handle_id (&state->check_id, g_source_remove);

  if (!same_document || state->sidecar == NULL || sidecar == NULL
      || !g_file_equal (state->sidecar, sidecar))
    {
      g_clear_object (&state->sidecar_monitor);
      g_set_object (&state->sidecar, sidecar);
      state->sidecar_monitor = watch_file (state, sidecar);
    }
  /* The document knows what it read or last wrote, when that was this
   * file. */
  set_stamp (&state->sidecar_stamp,
             sidecar != NULL ? shu_document_get_sidecar_stamp (document) : NULL, sidecar);

  if (!same_document)
    {
      g_clear_object (&state->text_monitor);
      state->text_monitor = watch_file (state, text);
      set_stamp (&state->text_stamp,
                 document != NULL ? shu_source_get_file_stamp (shu_document_get_source (document))
                                  : NULL,
                 text);
    }
}

static void save_now (External *state);

static void
reload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuDocumentLoader *loader = SHU_DOCUMENT_LOADER (object);
  g_autoptr(ShuWindow) window = user_data;
  g_autoptr(ShuDocument) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  External *state;
  ShuDocument *document;

  on_disk = shu_document_loader_load_finish (loader, result, &error);
  /* Cancelled: the window closed meanwhile. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Placed on the text that is open: not for another one opened since. */
  state = get_external (window);
  document = state->document;
  if (document == NULL || document != shu_window_get_document (window)
      || shu_document_get_source (document) != shu_document_loader_get_source (loader))
    return;

  if (on_disk == NULL)
    {
      _shu_window_show_error (window, _("Could Not Reload the Annotations"), error);
      return;
    }

  /* One step: Undo brings back what was here before the reload. */
  shu_reconcile_replace (document, on_disk, _("Reload Annotations"));
  shu_annotation_store_mark_saved (shu_document_get_store (document));
  shu_document_copy_sidecar_state (document, on_disk);
  _shu_window_update_title (window);
  /* What is on disk now has been seen: saving may write over it. */
  set_stamp (&state->sidecar_stamp, shu_document_get_sidecar_stamp (document), state->sidecar);
}

/* Read and placed on the open text in the loader's threads. */
static void
reload_sidecar (External *state)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new_for_sidecar (state->sidecar);

  shu_document_loader_set_source (loader, shu_document_get_source (state->document));
  shu_document_loader_load_async (loader, state->window->cancellable, reload_done_cb,
                                  g_object_ref (state->window));
}

static void
merge_sidecar_done_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ShuWindow *window = SHU_WINDOW (object);
  External *state = get_external (window);
  gboolean save = GPOINTER_TO_UINT (user_data);
  ShuDocument *document = shu_window_get_document (window);

  state->merging = FALSE;

  /* Not merged (the user kept the annotations the merge would remove, or
   * the file could not be read): the file stays a change not taken in,
   * and Save asks again. */
  if (!shu_window_merge_finish (window, result, NULL, NULL) || document != state->document)
    return;

  /* The merge took in the file as it read it: saving may write over that
   * version, and a later change is merged on top of it. */
  set_stamp (&state->sidecar_stamp, shu_document_get_sidecar_stamp (document), state->sidecar);
  if (save)
    save_now (state);
}

/* A three-way merge whose common ancestor is what the file held when we
 * last read or saved it (shu_merge_dup_base()): their changes to what we
 * did not touch are taken, ours are kept, and both changing one
 * annotation is a conflict. Keeping our copy of what they changed lost
 * their edit at the next save. */
static void
merge_sidecar (External *state,
               gboolean  save)
{
  state->merging = TRUE;
  shu_window_merge_async (state->window, state->sidecar, NULL, merge_sidecar_done_cb,
                          GUINT_TO_POINTER (save));
}

static void
sidecar_prompt_response_cb (External   *state,
                            const char *response,
                            ShuAlert   *dialog)
{
  gboolean save = state->save_pending;

  state->sidecar_prompt = NULL;
  state->save_pending = FALSE;
  if (state->document == NULL || state->document != shu_window_get_document (state->window))
    return;

  if (g_str_equal (response, "reload"))
    {
      reload_sidecar (state);
      return;
    }
  else if (g_str_equal (response, "merge"))
    {
      merge_sidecar (state, save);
      return;
    }
  else if (!g_str_equal (response, "keep"))
    return;   /* closed: ask again at the next change or save */

  /* What is on disk now has been seen: saving may write over it. */
  set_stamp (&state->sidecar_stamp, NULL, state->sidecar);
  if (save)
    save_now (state);
}

static void
show_sidecar_prompt (External *state,
                     gboolean  for_save)
{
  g_autofree char *name = g_file_get_basename (state->sidecar);
  ShuAlert *dialog;

  if (state->sidecar_prompt != NULL)
    return;

  dialog = shu_alert_new (_("Annotations Changed on Disk"), NULL);
  shu_alert_format_body (dialog,
                         for_save
                         ? _("“%s” was changed by another program since it was "
                             "opened. Saving now would replace those changes.")
                         : _("“%s” was changed by another program."),
                         name);
  shu_alert_add_responses (dialog,
                           "reload", _("_Reload"),
                           "merge", _("_Merge"),
                           "keep", _("_Keep Mine"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "merge", ADW_RESPONSE_SUGGESTED);
  shu_alert_set_default_response (dialog, "merge");
  shu_alert_set_close_response (dialog, "later");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (sidecar_prompt_response_cb), state);
  state->sidecar_prompt = GTK_WIDGET (dialog);
  shu_alert_present (dialog, GTK_WINDOW (state->window));
}

typedef struct
{
  ShuDocument *document;   /* the window's, when asked */
  GFile       *text;
  ShuEncoding  encoding;
  GBytes      *bytes;      /* the annotations as they are in memory */
  GFile       *saved;      /* the sidecar as saved, or NULL */

  /* Results, from the worker thread */
  ShuSource   *source;
  ShuDocument *moved;
  ShuDocument *base;
  GPtrArray   *report;
  gboolean     text_failed;
} Reanchor;

static void
reanchor_free (Reanchor *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->text);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_clear_object (&job->saved);
  g_clear_object (&job->source);
  g_clear_object (&job->moved);
  g_clear_object (&job->base);
  g_clear_pointer (&job->report, g_ptr_array_unref);
  g_free (job);
}

/* Reads the new text and places on it the annotations in memory and, as
 * the base they go on top of, the ones saved. */
static void
reanchor_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Reanchor *job = task_data;
  g_autoptr(ShuSidecar) current = NULL;
  GError *error = NULL;

  job->source = shu_source_new_from_file (job->text, job->encoding, cancellable, &error);
  if (job->source == NULL)
    {
      job->text_failed = TRUE;
      g_task_return_error (task, error);
      return;
    }

  current = shu_sidecar_parse (job->bytes, "memory", &error);
  if (current != NULL)
    job->moved = shu_sidecar_anchor (current, job->source, &job->report, &error);
  if (job->moved == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->saved != NULL)
    {
      g_autoptr(ShuSidecar) saved = shu_sidecar_load (job->saved, cancellable, NULL);

      if (saved != NULL)
        job->base = shu_sidecar_anchor (saved, job->source, NULL, NULL);
    }
  g_task_return_boolean (task, TRUE);
}

static void
reanchor_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ShuWindow *window = SHU_WINDOW (object);
  Reanchor *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) base = NULL;
  ShuDocument *document = job->document;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && document == shu_window_get_document (window))
        _shu_window_show_error (window, job->text_failed
                                        ? _("Could Not Read the Text")
                                        : _("Could Not Re-anchor the Annotations"), error);
      return;
    }
  /* The window moved on meanwhile. */
  if (document != shu_window_get_document (window))
    return;

  /* The base is the document as saved, placed on the new text; the
   * annotations as they are in memory go on top of it. */
  base = job->base != NULL ? g_object_ref (job->base)
                           : shu_document_new (job->source, shu_annotation_store_get_labels (
                                                 shu_document_get_store (document)));
  shu_document_set_sidecar_file (base, shu_document_get_sidecar_file (document));
  shu_document_set_source_name (base, shu_document_get_source_name (document));
  shu_reconcile_replace (base, job->moved, _("Re-anchor Annotations"));

  /* The new document keeps its own journal from now on (it has the same
   * files, so the same journal name) when it differs from what is saved. */
  shu_recovery_discard (document);
  _shu_window_set_document (window, base);
  _shu_window_report_anchoring (window, job->report);
  if (job->report->len == 0)
    _shu_window_toast (window, _("The text changed; every annotation is where it was"));
}

/* The annotations on the text as it is on disk now: the ones in memory,
 * re-anchored, on top of what reopening would give, as one step. The
 * files are read in a worker thread. */
static void
reanchor_text (External *state)
{
  ShuDocument *document = state->document;
  ShuSource *source = shu_document_get_source (document);
  g_autoptr(GTask) task = NULL;
  Reanchor *job = g_new0 (Reanchor, 1);

  job->document = g_object_ref (document);
  job->text = g_object_ref (shu_source_get_file (source));
  job->encoding = shu_source_get_encoding (source);
  job->bytes = shu_sidecar_serialize (document);
  if (state->sidecar != NULL && state->sidecar_stamp != NULL)
    job->saved = g_object_ref (state->sidecar);

  task = g_task_new (state->window, state->window->cancellable, reanchor_done_cb, NULL);
  g_task_set_source_tag (task, reanchor_text);
  g_task_set_task_data (task, job, (GDestroyNotify) reanchor_free);
  g_task_run_in_thread (task, reanchor_thread);
}

static void
text_prompt_response_cb (External   *state,
                         const char *response,
                         ShuAlert   *dialog)
{
  state->text_prompt = NULL;
  if (state->document == NULL || state->document != shu_window_get_document (state->window))
    return;

  if (g_str_equal (response, "reanchor"))
    reanchor_text (state);
  else if (g_str_equal (response, "ignore"))
    {
      /* Asked once per change of the text. */
      g_autoptr(GFile) text = g_object_ref (shu_source_get_file (
                                              shu_document_get_source (state->document)));

      set_stamp (&state->text_stamp, NULL, text);
    }
}

static void
show_text_prompt (External *state)
{
  GFile *text = shu_source_get_file (shu_document_get_source (state->document));
  g_autofree char *name = g_file_get_basename (text);
  ShuAlert *dialog;

  if (state->text_prompt != NULL)
    return;

  dialog = shu_alert_new (_("The Text Changed on Disk"), NULL);
  shu_alert_format_body (dialog,
                         _("“%s” was changed by another program. The annotations "
                           "can be placed on the new text: those whose words moved "
                           "follow them, and those that cannot be placed are kept "
                           "aside."),
                         name);
  shu_alert_add_responses (dialog,
                           "ignore", _("_Ignore"),
                           "reanchor", _("_Re-anchor"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "reanchor", ADW_RESPONSE_SUGGESTED);
  shu_alert_set_default_response (dialog, "reanchor");
  shu_alert_set_close_response (dialog, "later");
  g_signal_connect_swapped (dialog, "response", G_CALLBACK (text_prompt_response_cb), state);
  state->text_prompt = GTK_WIDGET (dialog);
  shu_alert_present (dialog, GTK_WINDOW (state->window));
}

static void
check_files (External *state)
{
  if (state->document == NULL || state->document != shu_window_get_document (state->window))
    return;

  /* Our own save is not someone else's change; and while a Merge of the
   * file is under way (it may be waiting for the user to confirm what it
   * removes), that merge is the answer to the change, not a second
   * question. */
  if (state->saving == 0 && !state->merging
      && file_changed (state->sidecar_stamp, state->sidecar))
    show_sidecar_prompt (state, FALSE);

  if (file_changed (state->text_stamp,
                    shu_source_get_file (shu_document_get_source (state->document))))
    show_text_prompt (state);
}

static void
save_now (External *state)
{
  _shu_window_save_async (state->window, state->close_after);
}

gboolean
_shu_window_confirm_save (ShuWindow *self,
                          gboolean   close_after)
{
  External *state = get_external (self);

  if (state->document == NULL || state->sidecar == NULL
      || !g_file_equal (state->sidecar, shu_document_get_sidecar_file (state->document)))
    {
      state->saving++;
      return TRUE;
    }

  /* Checked right before writing, not only when the monitor says so: a
   * network folder or a sync client may not tell. */
  if (file_changed (state->sidecar_stamp, state->sidecar))
    {
      state->save_pending = TRUE;
      state->close_after = close_after;
      show_sidecar_prompt (state, TRUE);
      return FALSE;
    }

  state->saving++;
  return TRUE;
}

void
_shu_window_save_done (ShuWindow *self,
                       gboolean   counted,
                       gboolean   saved)
{
  External *state = get_external (self);

  if (counted && state->saving > 0)
    state->saving--;
  if (saved)
    _shu_window_track_files (self);
}

/* Restoring after a crash. */

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
  g_autoptr(ShuDocument) journal = NULL;
  g_autoptr(GPtrArray) report = NULL;
  ShuDocument *document;
  GError *error = NULL;

  if (!shu_window_open_file_finish (self, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  document = shu_window_get_document (self);
  journal = shu_recovery_entry_anchor (entry, shu_document_get_source (document), &report,
                                       &error);
  if (journal == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (entry->sidecar != NULL)
    shu_document_set_sidecar_file (document, entry->sidecar);

  /* The unsaved changes as one step on top: the document shows modified,
   * Undo goes back to what was saved, and Save keeps them. */
  shu_reconcile_replace (document, journal, _("Restore Unsaved Changes"));
  shu_recovery_adopt (document, entry->journal);
  _shu_window_track_files (self);
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
  ShuWindow *self = SHU_WINDOW (object);
  GTask *task = user_data;
  Restore *restore = g_task_get_task_data (task);
  gboolean has_sidecar = g_task_propagate_boolean (G_TASK (result), NULL);

  shu_window_open_file_async (self, has_sidecar ? restore->entry->sidecar
                                                : restore->entry->text,
                              restore_opened_cb, task);
}

static void
sidecar_exists_thread (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  Restore *restore = task_data;

  g_task_return_boolean (task, restore->entry->sidecar != NULL
                               && g_file_query_exists (restore->entry->sidecar, cancellable));
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
  g_task_run_in_thread (check, sidecar_exists_thread);
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
        shu_recovery_entry_remove (entry, NULL);
    }
}

void
shu_window_offer_recovery (ShuWindow *self)
{
  static gboolean offered;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) body = NULL;
  ShuAlert *dialog;

  g_return_if_fail (SHU_IS_WINDOW (self));

  /* Once per run: the journals found later are the open windows' own. */
  if (offered)
    return;
  offered = TRUE;

  entries = shu_recovery_list ();
  if (entries->len == 0)
    return;

  body = g_string_new (ngettext ("Shulayim stopped while these annotations had changes that "
                                 "were not saved:",
                                 "Shulayim stopped while these annotations had changes that "
                                 "were not saved:", entries->len));
  g_string_append_c (body, '\n');
  for (guint i = 0; i < entries->len; i++)
    {
      ShuRecoveryEntry *entry = g_ptr_array_index (entries, i);
      g_autofree char *name = g_file_get_parse_name (entry->sidecar != NULL ? entry->sidecar
                                                                             : entry->text);
      g_autofree char *when = g_date_time_format (entry->written, "%x %X");
      g_autofree char *safe = shu_text_make_bidi_visible (name);

      g_string_append_printf (body, "\n• %s (%s)", safe, when);
    }

  dialog = shu_alert_new (_("Restore Unsaved Changes?"),
                          body->str);
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
