/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>

#include <glib/gstdio.h>

#include "shu-recent-files.h"

/* Other programs' changes are read once their events have settled. */
#define SETTLE_MS 300

struct _ShuRecentFiles
{
  GObject       parent_instance;

  /* Owned */
  GFile        *xbel;
  GFileMonitor *monitor;
  GPtrArray    *mine;        /* ShuRecentFile, newest first */
  GQueue        jobs;        /* GTask: the first one runs when running */
  guint         settle_id;
  gboolean      running;
};

G_DEFINE_FINAL_TYPE (ShuRecentFiles, shu_recent_files, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
shu_recent_file_free (ShuRecentFile *file)
{
  if (file == NULL)
    return;
  g_free (file->uri);
  g_free (file->name);
  g_free (file);
}

/* One read (and write, for an addition) of the list, in the worker. */
typedef struct
{
  ShuRecentFiles *self;
  char           *app_name;
  char           *exec;
  GFile          *add;       /* NULL: only read */
  GPtrArray      *mine;      /* result */
} Job;

static void
job_free (Job *job)
{
  g_clear_object (&job->self);
  g_free (job->app_name);
  g_free (job->exec);
  g_clear_object (&job->add);
  g_clear_pointer (&job->mine, g_ptr_array_unref);
  g_free (job);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  GBookmarkFile *bookmarks = user_data;
  const char *x = *(const char * const *) a;
  const char *y = *(const char * const *) b;
  GDateTime *dx = g_bookmark_file_get_modified_date_time (bookmarks, x, NULL);
  GDateTime *dy = g_bookmark_file_get_modified_date_time (bookmarks, y, NULL);

  if (dx == NULL || dy == NULL)
    return (dx == NULL) - (dy == NULL);
  return g_date_time_compare (dy, dx);
}

static GPtrArray *
list_mine (GBookmarkFile *bookmarks,
           const char    *app_name)
{
  g_auto(GStrv) uris = g_bookmark_file_get_uris (bookmarks, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GPtrArray *mine = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_recent_file_free);

  for (guint i = 0; uris[i] != NULL; i++)
    if (g_bookmark_file_has_application (bookmarks, uris[i], app_name, NULL))
      g_ptr_array_add (sorted, uris[i]);
  g_ptr_array_sort_with_data (sorted, compare_newest_first, bookmarks);

  for (guint i = 0; i < sorted->len; i++)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (g_ptr_array_index (sorted, i));
      g_autofree char *path = g_file_get_path (file);
      ShuRecentFile *item = g_new0 (ShuRecentFile, 1);

      item->uri = g_strdup (g_ptr_array_index (sorted, i));
      item->name = path != NULL ? g_filename_display_basename (path)
                                : g_file_get_basename (file);
      g_ptr_array_add (mine, item);
    }
  return mine;
}

static void
add_file (GBookmarkFile *bookmarks,
          Job           *job)
{
  g_autofree char *uri = g_file_get_uri (job->add);
  g_autoptr(GFileInfo) info = NULL;
  const char *mime = NULL;

  /* As GtkRecentManager does: the type, and this program, which says how
   * to open it again. */
  info = g_file_query_info (job->add, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info != NULL)
    mime = g_file_info_get_content_type (info);
  g_bookmark_file_set_mime_type (bookmarks, uri, mime != NULL ? mime
                                                              : "application/octet-stream");
  g_bookmark_file_add_application (bookmarks, uri, job->app_name, job->exec);
}

static void
job_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GBookmarkFile) bookmarks = g_bookmark_file_new ();
  g_autoptr(GError) error = NULL;
  const char *path = g_file_peek_path (job->self->xbel);

  if (!g_bookmark_file_load_from_file (bookmarks, path, &error)
      && !g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      /* A broken list is started again, as GTK does. */
      g_debug ("Recent files: %s", error->message);
      g_clear_pointer (&bookmarks, g_bookmark_file_free);
      bookmarks = g_bookmark_file_new ();
    }
  g_clear_error (&error);

  if (job->add != NULL)
    {
      g_autofree char *folder = g_path_get_dirname (path);

      add_file (bookmarks, job);
      /* A new account may not have its data folder yet. */
      if (g_mkdir_with_parents (folder, 0700) != 0)
        g_debug ("Recent files: could not make %s: %s", folder, g_strerror (errno));
      else if (!g_bookmark_file_to_file (bookmarks, path, &error))
        g_debug ("Recent files: %s", error->message);
    }
  job->mine = list_mine (bookmarks, job->app_name);
  g_task_return_boolean (task, TRUE);
}

static void run_next (ShuRecentFiles *self);

static void
job_done_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  ShuRecentFiles *self = job->self;

  g_clear_pointer (&self->mine, g_ptr_array_unref);
  self->mine = g_steal_pointer (&job->mine);
  g_object_unref (g_queue_pop_head (&self->jobs));
  self->running = FALSE;
  g_signal_emit (self, signals[CHANGED], 0);
  run_next (self);
}

/* One writer per list file: its jobs run one at a time, in the order
 * asked for, and each reads the file again first. */
static void
run_next (ShuRecentFiles *self)
{
  GTask *task;

  if (self->running || (task = g_queue_peek_head (&self->jobs)) == NULL)
    return;
  self->running = TRUE;
  g_task_run_in_thread (task, job_thread);
}

static void
run_job (ShuRecentFiles *self,
         GFile          *add)
{
  GTask *task;
  Job *job = g_new0 (Job, 1);

  job->self = g_object_ref (self);
  job->app_name = g_strdup (g_get_application_name ());
  job->exec = g_strjoin (" ", g_get_prgname (), "%u", NULL);
  job->add = add != NULL ? g_object_ref (add) : NULL;

  task = g_task_new (NULL, NULL, job_done_cb, NULL);
  g_task_set_source_tag (task, run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_queue_push_tail (&self->jobs, task);
  run_next (self);
}

static gboolean
settle_cb (gpointer user_data)
{
  ShuRecentFiles *self = user_data;

  self->settle_id = 0;
  run_job (self, NULL);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (ShuRecentFiles *self)
{
  if (self->settle_id == 0)
    self->settle_id = g_timeout_add (SETTLE_MS, settle_cb, self);
}

static void
shu_recent_files_dispose (GObject *object)
{
  ShuRecentFiles *self = SHU_RECENT_FILES (object);

  g_clear_handle_id (&self->settle_id, g_source_remove);
  if (self->monitor != NULL)
    g_file_monitor_cancel (self->monitor);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (shu_recent_files_parent_class)->dispose (object);
}

static void
shu_recent_files_finalize (GObject *object)
{
  ShuRecentFiles *self = SHU_RECENT_FILES (object);

  g_clear_object (&self->xbel);
  g_clear_pointer (&self->mine, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_recent_files_parent_class)->finalize (object);
}

static void
shu_recent_files_class_init (ShuRecentFilesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_recent_files_dispose;
  object_class->finalize = shu_recent_files_finalize;

  /**
   * ShuRecentFiles::changed:
   *
   * The list was read again: after an addition, or a change by another
   * program.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
shu_recent_files_init (ShuRecentFiles *self)
{
  g_queue_init (&self->jobs);
  self->mine = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_recent_file_free);
}

ShuRecentFiles *
shu_recent_files_new (GFile *xbel)
{
  ShuRecentFiles *self;

  g_return_val_if_fail (G_IS_FILE (xbel), NULL);
  g_return_val_if_fail (g_file_peek_path (xbel) != NULL, NULL);

  self = g_object_new (SHU_TYPE_RECENT_FILES, NULL);
  self->xbel = g_object_ref (xbel);
  /* Setting up a monitor touches no file: inotify watches the folder. */
  self->monitor = g_file_monitor_file (xbel, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect_object (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self,
                             G_CONNECT_SWAPPED);
  run_job (self, NULL);
  return self;
}

ShuRecentFiles *
shu_recent_files_get_default (void)
{
  static ShuRecentFiles *recent;

  if (recent == NULL)
    {
      g_autoptr(GFile) xbel = g_file_new_build_filename (g_get_user_data_dir (),
                                                         "recently-used.xbel", NULL);

      recent = shu_recent_files_new (xbel);
    }
  return recent;
}

void
shu_recent_files_add (ShuRecentFiles *self,
                      GFile          *file)
{
  g_return_if_fail (SHU_IS_RECENT_FILES (self));
  g_return_if_fail (G_IS_FILE (file));

  run_job (self, file);
}

GPtrArray *
shu_recent_files_dup_mine (ShuRecentFiles *self,
                           guint           max)
{
  GPtrArray *mine;

  g_return_val_if_fail (SHU_IS_RECENT_FILES (self), NULL);

  mine = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_recent_file_free);
  for (guint i = 0; i < self->mine->len && i < max; i++)
    {
      const ShuRecentFile *item = g_ptr_array_index (self->mine, i);
      ShuRecentFile *copy = g_new0 (ShuRecentFile, 1);

      copy->uri = g_strdup (item->uri);
      copy->name = g_strdup (item->name);
      g_ptr_array_add (mine, copy);
    }
  return mine;
}
