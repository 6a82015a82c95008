/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-document-loader.h"
#include "shu-document-status.h"
#include "shu-qdpx.h"
#include "shu-trace.h"
#include "shu-window-private.h"

/* Opening a file in the window: a ShuDocumentLoader (src/model) reads the
 * files in its threads; the window only shows what it hands over.
 *
 * A text is shown as soon as it is read ("source-loaded"), with no
 * annotations and every command that edits them disabled ("loading"),
 * then swapped for the loaded document, which shares the same ShuSource
 * so the view keeps its text. The files are only read, so closing the
 * window or opening another file meanwhile loses nothing: the late result
 * is dropped (the load is cancelled). A sidecar is shown once its text is
 * read and its annotations placed. */

/* "loading" covers a whole open: from the moment the file is asked for to
 * the moment its annotations are in (the screenshot and the commands of a
 * script wait for it). */
static void
update_loading (ShuWindow *self)
{
  /* The name in the title is for a file not shown yet. */
  if (self->open_cancellable == NULL || self->open_cancellable == self->load_cancellable)
    g_clear_pointer (&self->opening_name, g_free);
  _shu_window_set_loading (self, self->open_cancellable != NULL
                                 || self->load_cancellable != NULL);
  _shu_window_update_title (self);
}

void
_shu_window_cancel_loading (ShuWindow *self)
{
  if (self->load_cancellable == NULL)
    return;
  g_cancellable_cancel (self->load_cancellable);
  if (self->open_cancellable == self->load_cancellable)
    g_clear_object (&self->open_cancellable);
  g_clear_object (&self->load_cancellable);
  update_loading (self);
}

/* Replacing the document drops what was loading for the one before. */
static void
show_document (ShuWindow   *self,
               ShuDocument *document)
{
  _shu_window_cancel_loading (self);
  _shu_window_set_document (self, document);
}

typedef struct
{
  GFile    *file;
  gboolean  shown;   /* the text is shown while its annotations load */
} Open;

static void
open_free (Open *open)
{
  g_clear_object (&open->file);
  g_free (open);
}

/* Shows the document a loader made, and what the user must know about it:
 * the sidecar that could not be read, the annotations that moved. */
static void
show_loaded (ShuWindow         *self,
             ShuDocumentLoader *loader,
             ShuDocument       *document,
             gboolean           shown)
{
  const GError *sidecar_error = shu_document_loader_get_sidecar_error (loader);
  GFile *file = shu_document_loader_get_file (loader);
  ShuSuggestFound *suggestions = shu_document_loader_get_suggestions (loader);

  if (suggestions != NULL)
    shu_suggest_controller_set_found_with (self->suggest, document, suggestions);
  show_document (self, document);
  if (!shown)
    _shu_window_add_recent (file);
  if (!shu_document_loader_is_sidecar (loader))
    shu_portal_controller_check_grant (self->portal);

  if (sidecar_error != NULL)
    {
      GFile *sidecar_file = shu_document_loader_get_sidecar_file (loader);
      g_autofree char *where = shu_document_status_dup_display_path (sidecar_file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Read “%s”"), where);
      g_autoptr(GError) shown_error = NULL;

      shown_error = g_error_new (sidecar_error->domain, sidecar_error->code,
                                 _("%s\n\nThe text is open without these annotations; the "
                                   "file was left untouched. New annotations will be saved "
                                   "to a file you choose."),
                                 sidecar_error->message);
      _shu_window_show_error (self, heading, shown_error);
    }
  _shu_window_report_anchoring (self, shu_document_loader_get_report (loader));
}

/* Why a load failed, for the user: a sidecar's text is named as such. */
static GError *
loading_error (ShuDocumentLoader *loader,
               GError            *error)
{
  GError *wrapped;

  if (!shu_document_loader_is_sidecar (loader)
      || shu_document_loader_get_phase (loader) != SHU_DOCUMENT_LOAD_TEXT)
    return error;

  wrapped = g_error_new (error->domain, error->code,
                         _("The text these annotations belong to could not be opened: %s"),
                         error->message);
  g_error_free (error);
  return wrapped;
}

static void
source_loaded_cb (ShuDocumentLoader *loader,
                  ShuSource         *source,
                  GTask             *task)
{
  ShuWindow *self = g_task_get_source_object (task);
  Open *open = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(ShuLabelSet) labels = NULL;
  g_autoptr(ShuDocument) placeholder = NULL;
  g_autofree char *name = NULL;

  if (g_cancellable_is_cancelled (cancellable))
    return;
  shu_trace_mark ("text-read");

  /* No sidecar file yet: nothing can be saved over the real one before it
   * has been read (and the commands that could are disabled anyway). */
  labels = shu_label_set_new_default ();
  placeholder = shu_document_new (source, labels);
  name = g_file_get_basename (open->file);
  shu_document_set_source_name (placeholder, name);

  show_document (self, placeholder);
  _shu_window_add_recent (open->file);
  g_set_object (&self->load_cancellable, cancellable);
  update_loading (self);
  open->shown = TRUE;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ShuDocumentLoader *loader = SHU_DOCUMENT_LOADER (object);
  g_autoptr(GTask) task = user_data;
  ShuWindow *self = g_task_get_source_object (task);
  Open *open = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(ShuDocument) document = NULL;
  GError *error = NULL;

  g_signal_handlers_disconnect_by_data (loader, task);
  document = shu_document_loader_load_finish (loader, result, &error);

  /* Cancelled: the window is gone (it let go of the load when it was
   * disposed), or shows something else. */
  if (g_cancellable_is_cancelled (cancellable))
    {
      if (self->open_cancellable == cancellable)
        {
          g_clear_object (&self->open_cancellable);
          update_loading (self);
        }
      g_clear_error (&error);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "Cancelled");
      return;
    }
  if (self->open_cancellable == cancellable)
    g_clear_object (&self->open_cancellable);
  if (self->load_cancellable == cancellable)
    g_clear_object (&self->load_cancellable);
  update_loading (self);

  if (document == NULL)
    {
      g_task_return_error (task, loading_error (loader, error));
      return;
    }

  shu_trace_mark ("sidecar-handed-over");
  show_loaded (self, loader, document, open->shown);
  shu_trace_mark ("sidecar-shown");
  g_task_return_boolean (task, TRUE);
}

/* Opens what @loader loads (already started, or not). */
static void
open_with_loader (ShuWindow           *self,
                  ShuDocumentLoader   *loader,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GFile *file = shu_document_loader_get_file (loader);
  g_autoptr(GCancellable) cancellable = NULL;
  GTask *task;
  Open *open;

  shu_trace_mark ("open-started");

  /* A file still being read for this window is not wanted any more. */
  if (self->open_cancellable != NULL)
    g_cancellable_cancel (self->open_cancellable);
  cancellable = g_cancellable_new ();
  g_set_object (&self->open_cancellable, cancellable);
  g_free (self->opening_name);
  self->opening_name = g_file_get_basename (file);
  update_loading (self);

  open = g_new0 (Open, 1);
  open->file = g_object_ref (file);
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_window_open_file_async);
  g_task_set_task_data (task, open, (GDestroyNotify) open_free);
  /* Cancelled or not, the callback is called, so that it can drop the
   * window's hold on the load. */
  g_task_set_check_cancellable (task, FALSE);

  if (!shu_document_loader_is_sidecar (loader))
    g_signal_connect (loader, "source-loaded", G_CALLBACK (source_loaded_cb), task);
  shu_document_loader_load_async (loader, cancellable, load_done_cb, task);
}

/* The loader every window opens files with: it finds a short text's
 * suggestions too. */
ShuDocumentLoader *
shu_window_new_loader (GFile *file)
{
  ShuDocumentLoader *loader = shu_document_loader_new (file);

  shu_document_loader_set_find_suggestions (loader, TRUE);
  return loader;
}

void
shu_window_open_file_async (ShuWindow           *self,
                            GFile               *file,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(ShuDocumentLoader) loader = NULL;

  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  loader = shu_window_new_loader (file);
  open_with_loader (self, loader, callback, user_data);
}

gboolean
shu_window_open_file_finish (ShuWindow     *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (SHU_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
open_interactive_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ShuWindow *self = SHU_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;

  if (!shu_window_open_file_finish (self, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *where = shu_document_status_dup_display_path (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), where);

      _shu_window_show_error (self, heading, error);
    }
}

void
shu_window_open_file_interactive (ShuWindow *self,
                                  GFile     *file)
{
  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* Open, a drop or a recent file: a REFI-QDA archive becomes a project
   * folder, never a text of this window. */
  if (shu_qdpx_is_project_file (file))
    {
      g_application_open (g_application_get_default (), &file, 1, "");
      return;
    }
  shu_window_open_file_async (self, file, open_interactive_cb, g_object_ref (file));
}

void
shu_window_open_started_interactive (ShuWindow         *self,
                                     ShuDocumentLoader *loader)
{
  g_return_if_fail (SHU_IS_WINDOW (self));
  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (loader));

  open_with_loader (self, loader, open_interactive_cb,
                    g_object_ref (shu_document_loader_get_file (loader)));
}
