/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <glib/gstdio.h>

#include "shu-error.h"
#include "shu-reconcile.h"
#include "shu-recovery.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"

#define JOURNAL_MAGIC "shulayim-recovery 1\n"
#define JOURNAL_SUFFIX ".journal"
/* Larger than any sidecar plus its header: refuse before reading. */
#define JOURNAL_MAX_BYTES (SHU_SIDECAR_MAX_BYTES + 64 * 1024)

void
shu_recovery_entry_free (ShuRecoveryEntry *entry)
{
  if (entry == NULL)
    return;
  g_clear_object (&entry->journal);
  g_clear_object (&entry->text);
  g_clear_object (&entry->sidecar);
  g_clear_pointer (&entry->written, g_date_time_unref);
  g_clear_pointer (&entry->sidecar_bytes, g_bytes_unref);
  g_free (entry);
}

GFile *
shu_recovery_dup_folder (void)
{
  return g_file_new_build_filename (g_get_user_state_dir (), "shulayim", "recovery", NULL);
}

GFile *
shu_recovery_dup_journal_file (GFile *text,
                               GFile *sidecar)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFile) folder = shu_recovery_dup_folder ();
  g_autofree char *text_uri = NULL;
  g_autofree char *sidecar_uri = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (text), NULL);
  g_return_val_if_fail (sidecar == NULL || G_IS_FILE (sidecar), NULL);

  text_uri = g_file_get_uri (text);
  sidecar_uri = sidecar != NULL ? g_file_get_uri (sidecar) : g_strdup ("");
  g_checksum_update (checksum, (const guchar *) text_uri, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) sidecar_uri, -1);

  /* 128 bits of the hash are plenty to tell documents apart. */
  name = g_strdup_printf ("%.32s" JOURNAL_SUFFIX, g_checksum_get_string (checksum));
  return g_file_get_child (folder, name);
}

/* Writes the journal at @path: safe in any thread (the snapshot is the
 * document's state, taken on the thread that owns it). */
static gboolean
write_journal (const char          *path,
               const char          *text_uri,
               const char          *sidecar_uri,
               ShuSidecarSnapshot  *snapshot,
               GError             **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *folder = g_path_get_dirname (path);
  g_autofree char *written = NULL;
  g_autofree char *header = NULL;

  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not make “%s”: %s"),
                   folder, g_strerror (saved));
      return FALSE;
    }

  written = g_date_time_format_iso8601 (now);
  header = g_strdup_printf (JOURNAL_MAGIC "text=%s\nsidecar=%s\nwritten=%s\n\n",
                            text_uri, sidecar_uri, written);

  /* Private: the annotations may be confidential. Consistent (written
   * whole, then renamed) but not synced: a journal guards against the
   * program dying, and syncing every second would cost more than it saves.
   * Serialised into the file as it is written, never whole in memory. */
  if (!shu_sidecar_snapshot_write_file (snapshot, path, header, 0600, &local_error))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not write the recovery journal: %s"),
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}

/* What a journal of @document needs besides its state: where it goes and
 * the URIs it names. FALSE when the document has no text file. */
static gboolean
journal_names (ShuDocument  *document,
               GFile        *journal,
               GFile       **journal_out,
               char        **text_uri,
               char        **sidecar_uri,
               GError      **error)
{
  GFile *text = shu_source_get_file (shu_document_get_source (document));
  GFile *sidecar = shu_document_get_sidecar_file (document);

  if (text == NULL)
    {
      g_set_error_literal (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED,
                           _("Only a document read from a file can be recovered"));
      return FALSE;
    }
  *journal_out = journal != NULL ? g_object_ref (journal)
                                 : shu_recovery_dup_journal_file (text, sidecar);
  *text_uri = g_file_get_uri (text);
  *sidecar_uri = sidecar != NULL ? g_file_get_uri (sidecar) : g_strdup ("");
  return TRUE;
}

gboolean
shu_recovery_write (ShuDocument  *document,
                    GFile        *journal,
                    GError      **error)
{
  g_autoptr(GFile) target = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text_uri = NULL;
  g_autofree char *sidecar_uri = NULL;
  ShuSidecarSnapshot *snapshot;
  gboolean ok;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (journal == NULL || G_IS_FILE (journal), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!journal_names (document, journal, &target, &text_uri, &sidecar_uri, error))
    return FALSE;
  path = g_file_get_path (target);
  g_return_val_if_fail (path != NULL, FALSE);

  snapshot = shu_sidecar_snapshot_new (document);
  ok = write_journal (path, text_uri, sidecar_uri, snapshot, error);
  shu_sidecar_snapshot_free (snapshot);
  return ok;
}

ShuRecoveryEntry *
shu_recovery_entry_load (GFile   *journal,
                         GError **error)
{
  g_autoptr(ShuRecoveryEntry) entry = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  const char *p, *end;
  gsize size = 0;
  struct stat st;

  g_return_val_if_fail (G_IS_FILE (journal), NULL);

  path = g_file_get_path (journal);
  if (path == NULL || g_stat (path, &st) != 0 || !S_ISREG (st.st_mode)
      || (guint64) st.st_size > JOURNAL_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("%s: not a recovery journal"),
                   path != NULL ? path : "?");
      return NULL;
    }
  if (!g_file_get_contents (path, &contents, &size, &local_error))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, "%s", local_error->message);
      return NULL;
    }
  all = g_bytes_new_take (g_steal_pointer (&contents), size);

  p = g_bytes_get_data (all, NULL);
  end = p + size;
  if (size < strlen (JOURNAL_MAGIC) || memcmp (p, JOURNAL_MAGIC, strlen (JOURNAL_MAGIC)) != 0)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, _("%s: not a recovery journal"), path);
      return NULL;
    }
  p += strlen (JOURNAL_MAGIC);

  entry = g_new0 (ShuRecoveryEntry, 1);
  entry->journal = g_object_ref (journal);
  while (p < end && *p != '\n')
    {
      const char *eol = memchr (p, '\n', end - p);
      g_autofree char *line = NULL;
      const char *value;

      if (eol == NULL)
        break;
      line = g_strndup (p, eol - p);
      p = eol + 1;
      value = strchr (line, '=');
      if (value == NULL)
        continue;
      value++;
      if (g_str_has_prefix (line, "text="))
        entry->text = value[0] != '\0' ? g_file_new_for_uri (value) : NULL;
      else if (g_str_has_prefix (line, "sidecar="))
        entry->sidecar = value[0] != '\0' ? g_file_new_for_uri (value) : NULL;
      else if (g_str_has_prefix (line, "written="))
        entry->written = g_date_time_new_from_iso8601 (value, NULL);
    }
  if (p >= end || entry->text == NULL || entry->written == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, _("%s: the journal is incomplete"), path);
      return NULL;
    }
  p++;  /* the empty line */

  entry->sidecar_bytes =
    g_bytes_new_from_bytes (all, p - (const char *) g_bytes_get_data (all, NULL), end - p);
  return g_steal_pointer (&entry);
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const ShuRecoveryEntry *ea = *(ShuRecoveryEntry * const *) a;
  const ShuRecoveryEntry *eb = *(ShuRecoveryEntry * const *) b;

  return g_date_time_compare (ea->written, eb->written);
}

GPtrArray *
shu_recovery_list (void)
{
  g_autoptr(GFile) folder = shu_recovery_dup_folder ();
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autoptr(GDir) dir = NULL;
  GPtrArray *entries;
  const char *name;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_recovery_entry_free);
  dir = g_dir_open (folder_path, 0, NULL);
  if (dir == NULL)
    return entries;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autoptr(GFile) file = NULL;
      g_autoptr(GError) error = NULL;
      ShuRecoveryEntry *entry;

      if (!g_str_has_suffix (name, JOURNAL_SUFFIX))
        continue;
      file = g_file_get_child (folder, name);
      entry = shu_recovery_entry_load (file, &error);
      if (entry == NULL)
        g_debug ("Skipping %s: %s", name, error->message);
      else
        g_ptr_array_add (entries, entry);
    }
  g_ptr_array_sort (entries, compare_entries);
  return entries;
}

static void
list_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  g_task_return_pointer (task, shu_recovery_list (), (GDestroyNotify) g_ptr_array_unref);
}

void
shu_recovery_list_async (GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, shu_recovery_list_async);
  g_task_run_in_thread (task, list_thread);
}

GPtrArray *
shu_recovery_list_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

ShuDocument *
shu_recovery_entry_anchor (ShuRecoveryEntry  *entry,
                           ShuSource         *source,
                           GPtrArray        **report,
                           GError           **error)
{
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autofree char *display_name = NULL;
  ShuDocument *document;

  g_return_val_if_fail (entry != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);

  display_name = shu_text_dup_file_name (entry->journal);
  sidecar = shu_sidecar_parse (entry->sidecar_bytes, display_name, error);
  if (sidecar == NULL)
    return NULL;
  document = shu_sidecar_anchor (sidecar, source, report, error);
  if (document != NULL && entry->sidecar != NULL)
    shu_document_set_sidecar_file (document, entry->sidecar);
  return document;
}

GFile *
shu_recovery_entry_dup_saved_file (ShuRecoveryEntry *entry,
                                   GCancellable     *cancellable)
{
  g_return_val_if_fail (entry != NULL, NULL);

  if (entry->sidecar != NULL && g_file_query_exists (entry->sidecar, cancellable))
    return g_object_ref (entry->sidecar);
  return g_object_ref (entry->text);
}

gboolean
shu_recovery_entry_restore (ShuRecoveryEntry  *entry,
                            ShuDocument       *document,
                            GPtrArray        **report,
                            GError           **error)
{
  g_autoptr(ShuDocument) journal = NULL;

  g_return_val_if_fail (entry != NULL, FALSE);
  g_return_val_if_fail (SHU_IS_DOCUMENT (document), FALSE);

  journal = shu_recovery_entry_anchor (entry, shu_document_get_source (document), report,
                                       error);
  if (journal == NULL)
    return FALSE;
  if (entry->sidecar != NULL)
    shu_document_set_sidecar_file (document, entry->sidecar);
  shu_reconcile_replace (document, journal, _("Restore Unsaved Changes"));
  return TRUE;
}

gboolean
shu_recovery_entry_remove (ShuRecoveryEntry  *entry,
                           GError           **error)
{
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (entry != NULL, FALSE);

  if (!g_file_delete (entry->journal, NULL, &local_error)
      && !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* The journals are written by one worker thread, in the order they were
 * asked for: the watch takes a snapshot of the document on the main thread
 * (references to its immutable annotations: a few milliseconds at 50k) and
 * the worker serialises and writes it. Serialising a large document took
 * more than a second, and did so on the main thread every second while the
 * user kept editing. Removals go through the same queue, so a journal
 * removed after a save is never written again by a write asked for before
 * it. A write that a newer one of the same watch follows in the queue is
 * skipped: only the newest state matters. */

typedef struct
{
  gatomicrefcount ref;
  gint            latest;    /* serial of the newest write asked for */
} Ticket;

typedef struct
{
  Ticket             *ticket;     /* NULL: a removal */
  gint                serial;
  char               *path;
  char               *text_uri;
  char               *sidecar_uri;
  ShuSidecarSnapshot *snapshot;
} Job;

static GMutex jobs_mutex;
static GCond  jobs_cond;
static guint64 jobs_queued;
static guint64 jobs_done;

static Ticket *
ticket_ref (Ticket *ticket)
{
  g_atomic_ref_count_inc (&ticket->ref);
  return ticket;
}

static void
ticket_unref (Ticket *ticket)
{
  if (ticket != NULL && g_atomic_ref_count_dec (&ticket->ref))
    g_free (ticket);
}

static void
job_free (Job *job)
{
  g_clear_pointer (&job->ticket, ticket_unref);
  g_free (job->path);
  g_free (job->text_uri);
  g_free (job->sidecar_uri);
  g_clear_pointer (&job->snapshot, shu_sidecar_snapshot_free);
  g_free (job);
}

static void
job_run (gpointer data,
         gpointer user_data)
{
  Job *job = data;

  if (job->ticket == NULL)
    {
      if (g_unlink (job->path) != 0 && errno != ENOENT)
        g_warning ("Could not remove the recovery journal “%s”: %s", job->path,
                   g_strerror (errno));
    }
  else if (job->serial == g_atomic_int_get (&job->ticket->latest))
    {
      g_autoptr(GError) error = NULL;

      if (!write_journal (job->path, job->text_uri, job->sidecar_uri, job->snapshot, &error))
        g_warning ("%s", error->message);
      else
        g_debug ("Recovery journal %d written: %u annotations", job->serial,
                 shu_sidecar_snapshot_get_n_annotations (job->snapshot));
    }
  else
    g_debug ("Recovery journal %d skipped: a newer one follows", job->serial);
  job_free (job);

  g_mutex_lock (&jobs_mutex);
  jobs_done++;
  g_cond_broadcast (&jobs_cond);
  g_mutex_unlock (&jobs_mutex);
}

static void
push_job (Job *job)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (job_run, NULL, 1, FALSE, NULL));

  g_mutex_lock (&jobs_mutex);
  jobs_queued++;
  g_mutex_unlock (&jobs_mutex);
  g_thread_pool_push (pool, job, NULL);
}

/* Waits until every journal asked for so far is written or removed. */
static void
wait_for_jobs (void)
{
  guint64 target;

  g_mutex_lock (&jobs_mutex);
  target = jobs_queued;
  while (jobs_done < target)
    g_cond_wait (&jobs_cond, &jobs_mutex);
  g_mutex_unlock (&jobs_mutex);
}

void
shu_recovery_entry_remove_later (ShuRecoveryEntry *entry)
{
  Job *job;

  g_return_if_fail (entry != NULL);

  job = g_new0 (Job, 1);
  job->path = g_file_get_path (entry->journal);
  if (job->path != NULL)
    push_job (job);
  else
    job_free (job);
}

/* The watch: kept as data on the document, so it lives exactly as long. */

typedef struct
{
  ShuDocument        *document;   /* not owned: the watch dies with it */
  ShuAnnotationStore *store;      /* owned, to disconnect from it */
  GFile              *written;    /* the journal last written, or adopted */
  Ticket             *ticket;
  guint               timeout_id;
  gboolean            adopted;    /* written is a restored journal */
  gboolean            discarded;
} Watch;

static GQuark
watch_quark (void)
{
  return g_quark_from_static_string ("shu-recovery-watch");
}

static void
remove_written (Watch *watch)
{
  if (watch->written != NULL)
    {
      Job *job = g_new0 (Job, 1);

      job->path = g_file_get_path (watch->written);
      if (job->path != NULL)
        push_job (job);
      else
        job_free (job);
      g_clear_object (&watch->written);
    }
  watch->adopted = FALSE;
}

static void
write_now (Watch *watch)
{
  g_autoptr(GFile) journal = NULL;
  g_autoptr(GError) error = NULL;
  Job *job;

  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  if (watch->discarded || !shu_annotation_store_get_modified (watch->store))
    return;

  job = g_new0 (Job, 1);
  /* An adopted journal stays the journal until the document is saved;
   * otherwise the files decide (Save As gives another one). */
  if (!journal_names (watch->document,
                      watch->written != NULL && watch->adopted ? watch->written : NULL,
                      &journal, &job->text_uri, &job->sidecar_uri, &error)
      || (job->path = g_file_get_path (journal)) == NULL)
    {
      job_free (job);
      return;
    }
  job->ticket = ticket_ref (watch->ticket);
  job->serial = g_atomic_int_add (&watch->ticket->latest, 1) + 1;
  job->snapshot = shu_sidecar_snapshot_new (watch->document);

  if (watch->written != NULL && !g_file_equal (watch->written, journal))
    remove_written (watch);
  push_job (job);
  g_set_object (&watch->written, journal);
}

static gboolean
timeout_cb (gpointer user_data)
{
  Watch *watch = user_data;

  watch->timeout_id = 0;
  write_now (watch);
  return G_SOURCE_REMOVE;
}

static void
store_changed_cb (Watch *watch)
{
  if (watch->discarded)
    return;

  if (!shu_annotation_store_get_modified (watch->store))
    {
      /* Saved, or undone back to what is saved: nothing to recover. */
      g_clear_handle_id (&watch->timeout_id, g_source_remove);
      remove_written (watch);
      return;
    }

  /* Not pushed back by further changes: a journal is at most this late
   * even while the user keeps working. */
  if (watch->timeout_id == 0)
    watch->timeout_id = g_timeout_add (SHU_RECOVERY_DELAY_MS, timeout_cb, watch);
}

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (watch->store, watch);
  g_clear_object (&watch->store);
  g_clear_object (&watch->written);
  g_clear_pointer (&watch->ticket, ticket_unref);
  g_free (watch);
}

void
shu_recovery_watch (ShuDocument *document)
{
  Watch *watch;

  g_return_if_fail (SHU_IS_DOCUMENT (document));

  if (g_object_get_qdata (G_OBJECT (document), watch_quark ()) != NULL)
    return;

  watch = g_new0 (Watch, 1);
  watch->ticket = g_new0 (Ticket, 1);
  g_atomic_ref_count_init (&watch->ticket->ref);
  watch->document = document;
  watch->store = g_object_ref (shu_document_get_store (document));
  g_signal_connect_swapped (watch->store, "items-changed", G_CALLBACK (store_changed_cb), watch);
  g_signal_connect_swapped (watch->store, "labels-changed", G_CALLBACK (store_changed_cb), watch);
  g_signal_connect_swapped (watch->store, "notify::modified", G_CALLBACK (store_changed_cb),
                            watch);
  g_object_set_qdata_full (G_OBJECT (document), watch_quark (), watch, watch_free);

  store_changed_cb (watch);
}

void
shu_recovery_discard (ShuDocument *document)
{
  Watch *watch;

  g_return_if_fail (SHU_IS_DOCUMENT (document));

  watch = g_object_get_qdata (G_OBJECT (document), watch_quark ());
  if (watch == NULL)
    return;
  watch->discarded = TRUE;
  g_clear_handle_id (&watch->timeout_id, g_source_remove);
  /* Removed in the worker, after the writes asked for before it; the
   * caller (the main thread) does not wait for the disk. Quitting waits
   * (shu_recovery_wait()): a journal found after that would offer the
   * changes the user chose to lose. */
  remove_written (watch);
}

void
shu_recovery_wait (void)
{
  wait_for_jobs ();
}

void
shu_recovery_adopt (ShuDocument *document,
                    GFile       *journal)
{
  Watch *watch;

  g_return_if_fail (SHU_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (journal));

  shu_recovery_watch (document);
  watch = g_object_get_qdata (G_OBJECT (document), watch_quark ());
  g_set_object (&watch->written, journal);
  watch->adopted = TRUE;
  store_changed_cb (watch);
}

void
shu_recovery_flush (ShuDocument *document)
{
  Watch *watch;

  g_return_if_fail (SHU_IS_DOCUMENT (document));

  watch = g_object_get_qdata (G_OBJECT (document), watch_quark ());
  if (watch != NULL && watch->timeout_id != 0)
    write_now (watch);
  wait_for_jobs ();
}
