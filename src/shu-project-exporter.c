/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-project-export.h"
#include "shu-project-exporter.h"
#include "shu-safe-file.h"

/* One export under way. The worker thread sets only what it owns
 * (permille, atomically; left_out, read once it is done); the dialog and
 * the toasts are the main thread's. */
typedef struct
{
  ShuProject      *project;
  ShuFormat        format;
  GFile           *file;
  GCancellable    *cancellable;
  AdwToastOverlay *toasts;
  ShuAlert        *dialog;      /* weak: the progress dialog while it is shown */
  GtkProgressBar  *bar;         /* the dialog's */
  GPtrArray       *left_out;
  guint            tick;
  int              permille;    /* atomic */
} Job;

static void
job_free (Job *job)
{
  g_clear_handle_id (&job->tick, g_source_remove);
  if (job->dialog != NULL)
    g_object_remove_weak_pointer (G_OBJECT (job->dialog), (gpointer *) &job->dialog);
  if (job->bar != NULL)
    g_object_remove_weak_pointer (G_OBJECT (job->bar), (gpointer *) &job->bar);
  g_object_unref (job->project);
  g_object_unref (job->file);
  g_object_unref (job->cancellable);
  g_object_unref (job->toasts);
  g_clear_pointer (&job->left_out, g_ptr_array_unref);
  g_free (job);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  Job *job = user_data;

  g_atomic_int_set (&job->permille, (int) (fraction * 1000));
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  GError *error = NULL;

  bytes = shu_project_export_archive (job->project, job->format, cancellable, progress_cb, job,
                                      &job->left_out, &error);
  /* Cancelled once made, it is still not written. */
  if (bytes == NULL || g_cancellable_set_error_if_cancelled (cancellable, &error)
      || !shu_safe_file_write_bytes (job->file, bytes, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* The bar follows the thread's figure, read a few times a second. */
static gboolean
tick_cb (gpointer user_data)
{
  Job *job = user_data;

  if (job->bar != NULL)
    gtk_progress_bar_set_fraction (job->bar, g_atomic_int_get (&job->permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
dialog_response_cb (ShuAlert   *dialog,
                    const char *response,
                    Job        *job)
{
  if (g_str_equal (response, "cancel"))
    g_cancellable_cancel (job->cancellable);
}

static void
close_dialog (Job *job)
{
  ShuAlert *dialog = job->dialog;

  if (dialog == NULL)
    return;
  g_signal_handlers_disconnect_by_data (dialog, job);
  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &job->dialog);
  job->dialog = NULL;
  if (job->bar != NULL)
    g_object_remove_weak_pointer (G_OBJECT (job->bar), (gpointer *) &job->bar);
  job->bar = NULL;
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (dialog));
#else
  gtk_window_destroy (GTK_WINDOW (dialog));
#endif
}

void
shu_project_exporter_show_left_out (GtkWindow *parent,
                                    GPtrArray *left_out)
{
  g_autoptr(GString) body = NULL;
  ShuAlert *alert;

  g_return_if_fail (GTK_IS_WINDOW (parent));

  if (left_out == NULL || left_out->len == 0)
    return;
  body = g_string_new (_("The format has no place for these; the sidecar keeps them."));
  for (guint i = 0; i < left_out->len; i++)
    g_string_append_printf (body, "\n%s", (char *) g_ptr_array_index (left_out, i));
  alert = shu_alert_new (_("Not Everything Was Exported"), body->str);
  shu_alert_add_response (alert, "close", _("_Close"));
  shu_alert_present (alert, parent);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) outer = user_data;
  Job *job = g_task_get_task_data (G_TASK (result));
  GtkWindow *parent = g_task_get_source_object (outer);
  GError *error = NULL;

  close_dialog (job);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        adw_toast_overlay_add_toast (job->toasts, adw_toast_new (
          _("The export was cancelled; nothing was written")));
      g_task_return_error (outer, error);
      return;
    }

  {
    g_autofree char *name = g_file_get_basename (job->file);
    g_autofree char *message = g_strdup_printf (_("The project was exported to “%s”"), name);

    adw_toast_overlay_add_toast (job->toasts, adw_toast_new (message));
  }
  /* Nothing is lost in silence. */
  shu_project_exporter_show_left_out (parent, job->left_out);
  g_task_return_boolean (outer, TRUE);
}

static ShuAlert *
progress_dialog (Job *job)
{
  g_autofree char *name = g_file_get_basename (job->file);
  ShuAlert *dialog = shu_alert_new (_("Exporting the Project"), name);

  /* Both go when the dialog closes on Cancel (or with the window). */
  job->bar = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  g_object_add_weak_pointer (G_OBJECT (job->bar), (gpointer *) &job->bar);
  shu_alert_set_extra_child (dialog, GTK_WIDGET (job->bar));
  shu_alert_add_response (dialog, "cancel", _("_Cancel"));
  shu_alert_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (dialog_response_cb), job);
  return dialog;
}

void
shu_project_exporter_run_async (GtkWindow           *parent,
                                AdwToastOverlay     *toasts,
                                ShuProject          *project,
                                ShuFormat            format,
                                GFile               *file,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) outer = NULL;
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (GTK_IS_WINDOW (parent));
  g_return_if_fail (ADW_IS_TOAST_OVERLAY (toasts));
  g_return_if_fail (SHU_IS_PROJECT (project));
  g_return_if_fail (format == SHU_FORMAT_QDPX || format == SHU_FORMAT_TEI);
  g_return_if_fail (G_IS_FILE (file));

  outer = g_task_new (parent, NULL, callback, user_data);
  g_task_set_source_tag (outer, shu_project_exporter_run_async);

  job = g_new0 (Job, 1);
  job->project = g_object_ref (project);
  job->format = format;
  job->file = g_object_ref (file);
  job->cancellable = g_cancellable_new ();
  job->toasts = g_object_ref (toasts);
  job->dialog = progress_dialog (job);
  g_object_add_weak_pointer (G_OBJECT (job->dialog), (gpointer *) &job->dialog);
  job->tick = g_timeout_add (100, tick_cb, job);
  shu_alert_present (job->dialog, parent);

  task = g_task_new (NULL, job->cancellable, exported_cb, g_steal_pointer (&outer));
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
shu_project_exporter_run_finish (GtkWindow     *parent,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, parent), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
