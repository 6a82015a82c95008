/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-file-watch.h"

/* A save is several events (a temporary file renamed over the old one):
 * the file is looked at once they have settled. */
#define SETTLE_MS 300

typedef struct
{
  ShuFileWatch *watch;        /* not owned: the slot is part of it */
  GFile        *file;
  GFileMonitor *monitor;
  ShuFileStamp *stamp;        /* NULL when there was no file */
  guint         generation;   /* bumped whenever the stamp is set */
  guint         settle_id;
} Slot;

struct _ShuFileWatch
{
  GObject       parent_instance;

  /* Owned */
  Slot          slots[SHU_FILE_WATCH_N_FILES];
  GQueue        jobs;         /* Job: the first one runs when running */
  GCancellable *cancellable;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (ShuFileWatch, shu_file_watch, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* One look at the disk. The main thread fills in what it knows when the
 * job starts; the worker answers in the same struct. */
typedef struct
{
  ShuFileWatchFile  which;
  gboolean          accept;      /* read the file as seen, else check it */
  guint             generation;  /* of the stamp the job works from */
  GTask            *caller;      /* a check asked for, or NULL (a monitor's) */
  GFile            *file;
  ShuFileStamp     *stamp;       /* in: the stamp to check; out: updated or read */
  gboolean          changed;
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->caller);
  g_clear_object (&job->file);
  g_clear_pointer (&job->stamp, shu_file_stamp_free);
  g_free (job);
}

static void run_next (ShuFileWatch *self);

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;

  if (job->file == NULL)
    job->changed = FALSE;
  else if (job->accept)
    {
      g_clear_pointer (&job->stamp, shu_file_stamp_free);
      job->stamp = shu_file_stamp_read (job->file, cancellable, NULL);
    }
  else if (job->stamp == NULL)
    job->changed = g_file_query_file_type (job->file, G_FILE_QUERY_INFO_NONE, cancellable)
                   == G_FILE_TYPE_REGULAR;
  else
    job->changed = shu_file_stamp_check (job->stamp, job->file, cancellable) == SHU_FILE_CHANGED;
  g_task_return_boolean (task, TRUE);
}

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShuFileWatch *self = SHU_FILE_WATCH (object);
  Job *job = g_queue_pop_head (&self->jobs);
  Slot *slot = &self->slots[job->which];

  g_assert (job == g_task_get_task_data (G_TASK (result)));
  self->running = FALSE;

  if (g_task_had_error (G_TASK (result)) || g_cancellable_is_cancelled (self->cancellable))
    {
      if (job->caller != NULL)
        g_task_return_new_error (job->caller, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The watch was stopped");
      job_free (job);
      return;
    }

  if (job->generation != slot->generation)
    {
      /* The file was read or written again meanwhile: the answer is about
       * an older state. A check someone waits for is asked again. */
      if (job->caller != NULL && !job->accept)
        {
          g_queue_push_head (&self->jobs, job);
          run_next (self);
          return;
        }
    }
  else if (job->accept || (!job->changed && job->stamp != NULL))
    {
      /* Read, or touched but not changed: the next look is cheap again. */
      g_clear_pointer (&slot->stamp, shu_file_stamp_free);
      slot->stamp = g_steal_pointer (&job->stamp);
    }

  if (job->caller != NULL)
    g_task_return_boolean (job->caller, job->changed);
  else if (job->changed && job->generation == slot->generation)
    g_signal_emit (self, signals[CHANGED], 0, job->which);
  job_free (job);
  run_next (self);
}

static void
run_next (ShuFileWatch *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job;
  Slot *slot;

  if (self->running || (job = g_queue_peek_head (&self->jobs)) == NULL)
    return;

  slot = &self->slots[job->which];
  if (!job->accept)
    job->generation = slot->generation;
  g_set_object (&job->file, slot->file);
  g_clear_pointer (&job->stamp, shu_file_stamp_free);
  if (slot->stamp != NULL && !job->accept)
    job->stamp = shu_file_stamp_copy (slot->stamp);

  self->running = TRUE;
  task = g_task_new (self, self->cancellable, job_done_cb, NULL);
  g_task_set_source_tag (task, run_next);
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, job_thread);
}

static void
push_job (ShuFileWatch     *self,
          ShuFileWatchFile  which,
          gboolean          accept,
          GTask            *caller)
{
  Job *job = g_new0 (Job, 1);

  job->which = which;
  job->accept = accept;
  job->generation = self->slots[which].generation;
  job->caller = caller;
  g_queue_push_tail (&self->jobs, job);
  run_next (self);
}

static gboolean
settle_cb (gpointer user_data)
{
  Slot *slot = user_data;
  ShuFileWatch *self = slot->watch;

  slot->settle_id = 0;
  push_job (self, slot - self->slots, FALSE, NULL);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    gpointer           user_data)
{
  Slot *slot = user_data;

  if (slot->settle_id == 0)
    slot->settle_id = g_timeout_add (SETTLE_MS, settle_cb, slot);
}

static void
unwatch (Slot *slot)
{
  g_clear_handle_id (&slot->settle_id, g_source_remove);
  if (slot->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (slot->monitor, slot);
      g_file_monitor_cancel (slot->monitor);
    }
  g_clear_object (&slot->monitor);
}

void
shu_file_watch_set (ShuFileWatch       *self,
                    ShuFileWatchFile    which,
                    GFile              *file,
                    const ShuFileStamp *stamp)
{
  Slot *slot;

  g_return_if_fail (SHU_IS_FILE_WATCH (self));
  g_return_if_fail (which < SHU_FILE_WATCH_N_FILES);
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  slot = &self->slots[which];
  if (file == NULL || slot->file == NULL || !g_file_equal (file, slot->file))
    {
      g_autoptr(GError) error = NULL;

      unwatch (slot);
      g_set_object (&slot->file, file);
      /* Setting up a monitor touches no file: inotify watches the folder. */
      if (file != NULL && !g_cancellable_is_cancelled (self->cancellable))
        slot->monitor = g_file_monitor_file (file, G_FILE_MONITOR_NONE, NULL, &error);
      if (slot->monitor != NULL)
        g_signal_connect (slot->monitor, "changed", G_CALLBACK (monitor_changed_cb), slot);
      else if (file != NULL)
        g_debug ("Not watching for changes: %s", error != NULL ? error->message : "stopped");
    }

  slot->generation++;
  g_clear_pointer (&slot->stamp, shu_file_stamp_free);
  if (stamp != NULL)
    slot->stamp = shu_file_stamp_copy (stamp);
  else if (file != NULL)
    push_job (self, which, TRUE, NULL);
}

GFile *
shu_file_watch_get_file (ShuFileWatch     *self,
                         ShuFileWatchFile  which)
{
  g_return_val_if_fail (SHU_IS_FILE_WATCH (self), NULL);
  g_return_val_if_fail (which < SHU_FILE_WATCH_N_FILES, NULL);

  return self->slots[which].file;
}

gboolean
shu_file_watch_had_file (ShuFileWatch     *self,
                         ShuFileWatchFile  which)
{
  g_return_val_if_fail (SHU_IS_FILE_WATCH (self), FALSE);
  g_return_val_if_fail (which < SHU_FILE_WATCH_N_FILES, FALSE);

  return self->slots[which].stamp != NULL;
}

void
shu_file_watch_accept (ShuFileWatch     *self,
                       ShuFileWatchFile  which)
{
  g_return_if_fail (SHU_IS_FILE_WATCH (self));
  g_return_if_fail (which < SHU_FILE_WATCH_N_FILES);

  shu_file_watch_set (self, which, self->slots[which].file, NULL);
}

void
shu_file_watch_check_async (ShuFileWatch        *self,
                            ShuFileWatchFile     which,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (SHU_IS_FILE_WATCH (self));
  g_return_if_fail (which < SHU_FILE_WATCH_N_FILES);

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_file_watch_check_async);
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The watch was stopped");
      g_object_unref (task);
      return;
    }
  push_job (self, which, FALSE, task);
}

gboolean
shu_file_watch_check_finish (ShuFileWatch  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SHU_IS_FILE_WATCH (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
shu_file_watch_stop (ShuFileWatch *self)
{
  Job *job;

  g_return_if_fail (SHU_IS_FILE_WATCH (self));

  g_cancellable_cancel (self->cancellable);
  for (guint i = 0; i < SHU_FILE_WATCH_N_FILES; i++)
    unwatch (&self->slots[i]);

  /* The running job stays queued until its worker is done with it. */
  while (g_queue_get_length (&self->jobs) > (self->running ? 1 : 0))
    {
      job = g_queue_pop_tail (&self->jobs);
      if (job->caller != NULL)
        g_task_return_new_error (job->caller, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                 "The watch was stopped");
      job_free (job);
    }
}

static void
shu_file_watch_dispose (GObject *object)
{
  shu_file_watch_stop (SHU_FILE_WATCH (object));

  G_OBJECT_CLASS (shu_file_watch_parent_class)->dispose (object);
}

static void
shu_file_watch_finalize (GObject *object)
{
  ShuFileWatch *self = SHU_FILE_WATCH (object);

  for (guint i = 0; i < SHU_FILE_WATCH_N_FILES; i++)
    {
      g_clear_object (&self->slots[i].file);
      g_clear_pointer (&self->slots[i].stamp, shu_file_stamp_free);
    }
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (shu_file_watch_parent_class)->finalize (object);
}

static void
shu_file_watch_class_init (ShuFileWatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_file_watch_dispose;
  object_class->finalize = shu_file_watch_finalize;

  /**
   * ShuFileWatch::changed:
   * @which: a #ShuFileWatchFile
   *
   * Another program changed the file: it holds other bytes than when it
   * was last read, written or accepted.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
shu_file_watch_init (ShuFileWatch *self)
{
  for (guint i = 0; i < SHU_FILE_WATCH_N_FILES; i++)
    self->slots[i].watch = self;
  g_queue_init (&self->jobs);
  self->cancellable = g_cancellable_new ();
}

ShuFileWatch *
shu_file_watch_new (void)
{
  return g_object_new (SHU_TYPE_FILE_WATCH, NULL);
}
