/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sys/resource.h>

#include "shu-bench-hooks.h"
#include "shu-places.h"
#include "shu-sidecar.h"
#include "shu-window-private.h"

/* Opening a text whose sidecar is large: the text alone is shown at once,
 * and the sidecar is read and placed on the text in a worker thread. The
 * window shows a document without annotations meanwhile ("loading", every
 * command that edits annotations disabled), then switches to the loaded
 * document, which shares the same ShuSource so the view keeps its text.
 * The sidecar file is only read, so closing the window or opening another
 * file meanwhile loses nothing: the late result is dropped.
 *
 * The worker starts reading and parsing the sidecar before the main thread
 * reads the text, and waits for the text only to place the annotations on
 * it: the two files are read at the same time on two cores.
 *
 * The worker is a thread of its own, at a priority of LOAD_NICE. It was
 * 10, so that the first frame (the text alone) came first on busy cores;
 * but then every other program on the machine came first too: at a load
 * average of 3-6 the highlights of 5 MB + 50k came at 2.0-3.4 s (medians
 * of two batches) against 1.1-2.2 s at the window's own priority, for a
 * first frame up to a third later in one batch of four (PERFORMANCE.md,
 * tenth round). The highlights are what the reader waits for. */

/* On Linux, nice is a property of each thread (setpriority() on the
 * calling thread), and a thread without privileges cannot take it back:
 * hence a thread that ends with the load rather than one of GTask's pool. */
#define LOAD_NICE 0

typedef struct
{
  ShuWindow   *window;      /* not referenced: the load is cancelled in dispose */
  GFile       *sidecar_file;

  /* Handed from the main thread to the worker once read. */
  GMutex       lock;
  GCond        source_cond;
  gboolean     source_ready;
  ShuSource   *source;      /* NULL when the text could not be read */

  /* Results, set in the worker. */
  ShuDocument *document;
  GPtrArray   *report;
  GError      *error;
} Load;

static void
load_free (Load *load)
{
  g_clear_object (&load->source);
  g_clear_object (&load->sidecar_file);
  g_mutex_clear (&load->lock);
  g_cond_clear (&load->source_cond);
  g_clear_object (&load->document);
  g_clear_pointer (&load->report, g_ptr_array_unref);
  g_clear_error (&load->error);
  g_free (load);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Load *load = task_data;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;

  shu_bench_hooks_mark ("sidecar-started");
  sidecar = shu_sidecar_load (load->sidecar_file, cancellable, &load->error);
  shu_bench_hooks_mark ("sidecar-parsed");

  /* The main thread always hands over what it read (or NULL), right after
   * reading it. */
  g_mutex_lock (&load->lock);
  while (!load->source_ready)
    g_cond_wait (&load->source_cond, &load->lock);
  if (load->source != NULL)
    source = g_object_ref (load->source);
  g_mutex_unlock (&load->lock);

  /* The source is immutable (its lazy caches lock), and the document is
   * made here and handed to the main thread untouched by anyone else. */
  if (sidecar != NULL && source != NULL && !g_cancellable_is_cancelled (cancellable))
    load->document = shu_sidecar_anchor_once (sidecar, source, &load->report, &load->error);
  shu_bench_hooks_mark ("sidecar-anchored");
  g_task_return_boolean (task, TRUE);
}

static gpointer
load_thread_main (gpointer data)
{
  g_autoptr(GTask) task = data;

  /* Where it is not allowed, the load just runs at the usual priority. */
  (void) setpriority (PRIO_PROCESS, 0, LOAD_NICE);
  load_thread (task, NULL, g_task_get_task_data (task), g_task_get_cancellable (task));
  return NULL;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GTask *task = G_TASK (result);
  Load *load = g_task_get_task_data (task);
  ShuWindow *self = load->window;

  /* Cancelled: the window is gone or shows something else. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
    return;

  shu_bench_hooks_mark ("sidecar-handed-over");
  g_clear_object (&self->load_cancellable);
  _shu_window_set_loading (self, FALSE);
  _shu_window_sidecar_loaded (self, load->sidecar_file, load->document, load->report,
                              load->error);
  shu_bench_hooks_mark ("sidecar-shown");
}

void
_shu_window_cancel_loading (ShuWindow *self)
{
  if (self->load_cancellable == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  _shu_window_set_loading (self, FALSE);
}

static void
hand_over_source (Load      *load,
                  ShuSource *source)
{
  g_mutex_lock (&load->lock);
  g_set_object (&load->source, source);
  load->source_ready = TRUE;
  g_cond_signal (&load->source_cond);
  g_mutex_unlock (&load->lock);
}

gboolean
_shu_window_open_text_async (ShuWindow  *self,
                             GFile      *file,
                             GError    **error)
{
  g_autoptr(GFile) sidecar_file = shu_places_dup_sidecar_file_for_text (file);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = NULL;
  g_autoptr(ShuDocument) placeholder = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;
  GThread *thread;
  Load *load;

  /* Without a sidecar there is nothing to wait for. */
  if (!g_file_query_exists (sidecar_file, NULL))
    return shu_window_open_text (self, file, error);

  shu_bench_hooks_mark ("open-started");
  cancellable = g_cancellable_new ();
  load = g_new0 (Load, 1);
  load->window = self;
  load->sidecar_file = g_object_ref (sidecar_file);
  g_mutex_init (&load->lock);
  g_cond_init (&load->source_cond);

  task = g_task_new (NULL, cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, _shu_window_open_text_async);
  g_task_set_task_data (task, load, (GDestroyNotify) load_free);
  /* The result is checked by hand in the callback, so a cancelled load
   * still reaches it and frees its document there. */
  g_task_set_check_cancellable (task, FALSE);
  thread = g_thread_try_new ("shu-load", load_thread_main, g_object_ref (task), NULL);
  if (thread != NULL)
    g_thread_unref (thread);
  else
    {
      g_object_unref (task);
      g_task_run_in_thread (task, load_thread);
    }

  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, error);
  shu_bench_hooks_mark ("text-read");
  if (source == NULL)
    {
      /* The window is left as it was; the worker stops once it has read. */
      g_cancellable_cancel (cancellable);
      hand_over_source (load, NULL);
      return FALSE;
    }

  /* No sidecar file yet: nothing can be saved over the real one before it
   * has been read (and the commands that could are disabled anyway). */
  labels = shu_label_set_new_default ();
  placeholder = shu_document_new (source, labels);
  name = g_file_get_basename (file);
  shu_document_set_source_name (placeholder, name);

  _shu_window_set_document (self, placeholder);
  _shu_window_add_recent (file);

  g_set_object (&self->load_cancellable, cancellable);
  _shu_window_set_loading (self, TRUE);
  hand_over_source (load, source);
  return TRUE;
}
