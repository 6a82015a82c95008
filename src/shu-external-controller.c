/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-document-loader.h"
#include "shu-file-watch.h"
#include "shu-reconcile.h"
#include "shu-recovery.h"
#include "shu-external-controller.h"

/* What the files were when last read or written comes from the loads and
 * saves themselves (the documents' stamps), which have the bytes at hand:
 * reading a large sidecar back to hash it blocked the window before and
 * after every save. Every other look at the disk is the watch's, in its
 * worker thread. */

struct _ShuExternalController
{
  GObject       parent_instance;

  /* Borrowed: the window owns the controller. */
  GtkWindow    *window;          /* NULL once stopped */
  ShuSharingController *sharing; /* merges the file changed on disk */
  GtkWidget    *sidecar_prompt;
  GtkWidget    *text_prompt;

  /* Owned */
  ShuDocument  *document;        /* the document watched */
  ShuFileWatch *watch;
  GCancellable *cancellable;
  GTask        *pending_save;    /* a save waiting for the user's choice */
  GTask        *merge_save;      /* a save waiting for a Merge */
  guint         saving;          /* saves of ours under way */
  gboolean      merging;         /* a Merge of the sidecar is under way */
};

G_DEFINE_FINAL_TYPE (ShuExternalController, shu_external_controller, G_TYPE_OBJECT)

enum {
  TOAST,
  ERROR,
  REANCHORED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (ShuExternalController *self,
            const char            *heading,
            const GError          *error)
{
  g_signal_emit (self, signals[ERROR], 0, heading, error);
}

/* The change is about what the window shows now: the window tracks each
 * document it shows (shu_external_controller_track()). */
static gboolean
is_current (ShuExternalController *self,
            ShuDocument           *document)
{
  return self->window != NULL && document != NULL && document == self->document;
}

/* Answers a save that asked (NULL: none): it may write now, or not. */
static void
answer_save (ShuExternalController *self,
             GTask             *task,
             gboolean           may_write)
{
  if (task == NULL)
    return;
  if (may_write)
    self->saving++;
  g_task_return_boolean (task, may_write);
  g_object_unref (task);
}

static void
reload_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuDocumentLoader *loader = SHU_DOCUMENT_LOADER (object);
  g_autoptr(ShuExternalController) self = user_data;
  g_autoptr(ShuDocument) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  ShuDocument *document = self->document;

  on_disk = shu_document_loader_load_finish (loader, result, &error);
  /* Placed on the text that is open: not for another one opened since, nor
   * for a window that closed meanwhile (the load was cancelled). */
  if (!is_current (self, document)
      || shu_document_get_source (document) != shu_document_loader_get_source (loader))
    return;

  if (on_disk == NULL)
    {
      show_error (self, _("Could Not Reload the Annotations"), error);
      return;
    }

  /* One step: Undo brings back what was here before the reload. */
  shu_reconcile_replace (document, on_disk, _("Reload Annotations"));
  shu_annotation_store_mark_saved (shu_document_get_store (document));
  shu_document_copy_sidecar_state (document, on_disk);
  /* What is on disk now has been seen: saving may write over it. */
  shu_file_watch_set (self->watch, SHU_FILE_WATCH_SIDECAR,
                      shu_document_get_sidecar_file (document),
                      shu_document_get_sidecar_stamp (document));
}

/* Read and placed on the open text in the loader's threads. */
static void
reload_sidecar (ShuExternalController *self)
{
  GFile *sidecar = shu_file_watch_get_file (self->watch, SHU_FILE_WATCH_SIDECAR);
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new_for_sidecar (sidecar);

  shu_document_loader_set_source (loader, shu_document_get_source (self->document));
  shu_document_loader_load_async (loader, self->cancellable, reload_done_cb,
                                  g_object_ref (self));
}

static void
merge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(ShuExternalController) self = user_data;
  ShuDocument *document = self->document;
  gboolean merged = shu_sharing_controller_merge_finish (SHU_SHARING_CONTROLLER (object),
                                                         result, NULL, NULL);

  self->merging = FALSE;

  /* Not merged (the user kept the annotations the merge would remove, or
   * the file could not be read): the file stays a change not taken in,
   * and Save asks again. */
  if (!merged || !is_current (self, document))
    {
      answer_save (self, g_steal_pointer (&self->merge_save), FALSE);
      return;
    }

  /* The merge took in the file as it read it: saving may write over that
   * version, and a later change is merged on top of it. */
  shu_file_watch_set (self->watch, SHU_FILE_WATCH_SIDECAR,
                      shu_document_get_sidecar_file (document),
                      shu_document_get_sidecar_stamp (document));
  answer_save (self, g_steal_pointer (&self->merge_save), TRUE);
}

/* A three-way merge whose common ancestor is what the file held when we
 * last read or saved it (shu_merge_dup_base()): their changes to what we
 * did not touch are taken, ours are kept, and both changing one
 * annotation is a conflict. Keeping our copy of what they changed lost
 * their edit at the next save. */
static void
merge_sidecar (ShuExternalController *self,
               GTask             *save)
{
  self->merging = TRUE;
  self->merge_save = save;
  shu_sharing_controller_merge_async (self->sharing,
                                      shu_file_watch_get_file (self->watch,
                                                               SHU_FILE_WATCH_SIDECAR),
                                      NULL, merge_done_cb, g_object_ref (self));
}

static void
sidecar_prompt_response_cb (ShuExternalController *self,
                            const char        *response,
                            ShuAlert          *dialog)
{
  GTask *save = g_steal_pointer (&self->pending_save);

  self->sidecar_prompt = NULL;
  if (!is_current (self, self->document))
    answer_save (self, save, FALSE);
  else if (g_str_equal (response, "reload"))
    {
      reload_sidecar (self);
      answer_save (self, save, FALSE);
    }
  else if (g_str_equal (response, "merge"))
    merge_sidecar (self, save);
  else if (g_str_equal (response, "keep"))
    {
      /* What is on disk now has been seen: saving may write over it. */
      shu_file_watch_accept (self->watch, SHU_FILE_WATCH_SIDECAR);
      answer_save (self, save, TRUE);
    }
  else
    answer_save (self, save, FALSE);   /* closed: ask again at the next change or save */
}

static void
show_sidecar_prompt (ShuExternalController *self,
                     gboolean           for_save)
{
  GFile *sidecar = shu_file_watch_get_file (self->watch, SHU_FILE_WATCH_SIDECAR);
  g_autofree char *name = g_file_get_basename (sidecar);
  ShuAlert *dialog;

  if (self->sidecar_prompt != NULL)
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
  g_signal_connect_object (dialog, "response", G_CALLBACK (sidecar_prompt_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->sidecar_prompt = GTK_WIDGET (dialog);
  shu_alert_present (dialog, self->window);
}

static void
reanchor_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  ShuDocument *document = SHU_DOCUMENT (object);
  g_autoptr(ShuExternalController) self = user_data;
  g_autoptr(ShuDocument) moved = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  gboolean text_failed = FALSE;

  moved = shu_reconcile_reanchor_finish (document, result, &report, &text_failed, &error);
  /* The window moved on, or closed, meanwhile. */
  if (!is_current (self, document))
    return;
  if (moved == NULL)
    {
      show_error (self, text_failed ? _("Could Not Read the Text")
                                    : _("Could Not Re-anchor the Annotations"), error);
      return;
    }

  /* The new document keeps its own journal from now on (it has the same
   * files, so the same journal name) when it differs from what is saved. */
  shu_recovery_discard (document);
  g_signal_emit (self, signals[REANCHORED], 0, moved, report);
  if (report->len == 0)
    g_signal_emit (self, signals[TOAST], 0,
                   _("The text changed; every annotation is where it was"));
}

static void
text_prompt_response_cb (ShuExternalController *self,
                         const char        *response,
                         ShuAlert          *dialog)
{
  self->text_prompt = NULL;
  if (!is_current (self, self->document))
    return;

  if (g_str_equal (response, "reanchor"))
    {
      gboolean had_sidecar = shu_file_watch_had_file (self->watch, SHU_FILE_WATCH_SIDECAR);

      shu_reconcile_reanchor_async (self->document,
                                    had_sidecar ? shu_file_watch_get_file (self->watch,
                                                                           SHU_FILE_WATCH_SIDECAR)
                                                : NULL,
                                    self->cancellable, reanchor_done_cb, g_object_ref (self));
    }
  else if (g_str_equal (response, "ignore"))
    /* Asked once per change of the text. */
    shu_file_watch_accept (self->watch, SHU_FILE_WATCH_TEXT);
}

static void
show_text_prompt (ShuExternalController *self)
{
  GFile *text = shu_file_watch_get_file (self->watch, SHU_FILE_WATCH_TEXT);
  g_autofree char *name = g_file_get_basename (text);
  ShuAlert *dialog;

  if (self->text_prompt != NULL)
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
  g_signal_connect_object (dialog, "response", G_CALLBACK (text_prompt_response_cb), self,
                           G_CONNECT_SWAPPED);
  self->text_prompt = GTK_WIDGET (dialog);
  shu_alert_present (dialog, self->window);
}

static void
file_changed_cb (ShuExternalController *self,
                 ShuFileWatchFile   which)
{
  if (!is_current (self, self->document))
    return;

  /* Our own save is not someone else's change; and while a Merge of the
   * file is under way (it may be waiting for the user to confirm what it
   * removes), that merge is the answer to the change, not a second
   * question. */
  if (which == SHU_FILE_WATCH_SIDECAR && self->saving == 0 && !self->merging)
    show_sidecar_prompt (self, FALSE);
  else if (which == SHU_FILE_WATCH_TEXT)
    show_text_prompt (self);
}

void
shu_external_controller_track (ShuExternalController *self,
                           ShuDocument       *document)
{
  GFile *sidecar = document != NULL ? shu_document_get_sidecar_file (document) : NULL;
  gboolean same_document = document == self->document;

  g_return_if_fail (SHU_IS_EXTERNAL_CONTROLLER (self));

  g_set_object (&self->document, document);
  /* The document knows what it read or last wrote, when that was this
   * file; else the watch looks. */
  shu_file_watch_set (self->watch, SHU_FILE_WATCH_SIDECAR, sidecar,
                      sidecar != NULL ? shu_document_get_sidecar_stamp (document) : NULL);
  if (!same_document)
    {
      ShuSource *source = document != NULL ? shu_document_get_source (document) : NULL;

      shu_file_watch_set (self->watch, SHU_FILE_WATCH_TEXT,
                          source != NULL ? shu_source_get_file (source) : NULL,
                          source != NULL ? shu_source_get_file_stamp (source) : NULL);
    }
}

static void
save_checked_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GTask *task = user_data;
  ShuExternalController *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  gboolean changed = shu_file_watch_check_finish (SHU_FILE_WATCH (object), result, &error);

  if (error != NULL || self->window == NULL)
    answer_save (self, task, FALSE);
  else if (!changed)
    answer_save (self, task, TRUE);
  else if (self->pending_save != NULL || self->merge_save != NULL)
    answer_save (self, task, FALSE);   /* the save that asked first goes ahead */
  else
    {
      self->pending_save = task;
      show_sidecar_prompt (self, TRUE);
    }
}

void
shu_external_controller_confirm_save_async (ShuExternalController   *self,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  GTask *task;
  GFile *watched;
  GFile *sidecar;

  g_return_if_fail (SHU_IS_EXTERNAL_CONTROLLER (self));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_external_controller_confirm_save_async);
  watched = shu_file_watch_get_file (self->watch, SHU_FILE_WATCH_SIDECAR);
  sidecar = self->document != NULL ? shu_document_get_sidecar_file (self->document) : NULL;
  if (watched == NULL || sidecar == NULL || !g_file_equal (watched, sidecar))
    {
      answer_save (self, task, self->window != NULL);
      return;
    }

  /* Checked right before writing, not only when the monitor says so: a
   * network folder or a sync client may not tell. */
  shu_file_watch_check_async (self->watch, SHU_FILE_WATCH_SIDECAR, save_checked_cb, task);
}

gboolean
shu_external_controller_confirm_save_finish (ShuExternalController *self,
                                         GAsyncResult      *result)
{
  g_return_val_if_fail (SHU_IS_EXTERNAL_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), NULL);
}

void
shu_external_controller_save_done (ShuExternalController *self)
{
  g_return_if_fail (SHU_IS_EXTERNAL_CONTROLLER (self));

  if (self->saving > 0)
    self->saving--;
}

void
shu_external_controller_stop (ShuExternalController *self)
{
  g_return_if_fail (SHU_IS_EXTERNAL_CONTROLLER (self));

  self->window = NULL;
  g_cancellable_cancel (self->cancellable);
  shu_file_watch_stop (self->watch);
  answer_save (self, g_steal_pointer (&self->pending_save), FALSE);
}

static void
shu_external_controller_dispose (GObject *object)
{
  ShuExternalController *self = SHU_EXTERNAL_CONTROLLER (object);

  shu_external_controller_stop (self);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (shu_external_controller_parent_class)->dispose (object);
}

static void
shu_external_controller_finalize (GObject *object)
{
  ShuExternalController *self = SHU_EXTERNAL_CONTROLLER (object);

  g_clear_object (&self->watch);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (shu_external_controller_parent_class)->finalize (object);
}

static void
shu_external_controller_class_init (ShuExternalControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_external_controller_dispose;
  object_class->finalize = shu_external_controller_finalize;

  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[REANCHORED] =
    g_signal_new ("reanchored", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 2, SHU_TYPE_DOCUMENT, G_TYPE_PTR_ARRAY);
}

static void
shu_external_controller_init (ShuExternalController *self)
{
  self->cancellable = g_cancellable_new ();
  self->watch = shu_file_watch_new ();
  g_signal_connect_object (self->watch, "changed", G_CALLBACK (file_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

ShuExternalController *
shu_external_controller_new (GtkWindow            *window,
                             ShuSharingController *sharing)
{
  ShuExternalController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window), NULL);
  g_return_val_if_fail (SHU_IS_SHARING_CONTROLLER (sharing), NULL);

  self = g_object_new (SHU_TYPE_EXTERNAL_CONTROLLER, NULL);
  self->window = window;
  self->sharing = sharing;
  return self;
}
