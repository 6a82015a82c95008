/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-opener.h"
#include "shu-places.h"
#include "shu-portal-controller.h"

struct _ShuPortalController
{
  GObject         parent_instance;

  /* Borrowed: the window owns the controller. NULL once it is disposed. */
  GtkWindow      *window;

  /* Owned */
  GCancellable   *cancellable;   /* the window's: cancelled when it closes */
  ShuDocument    *document;
  ShuFileChooser *chooser;
};

G_DEFINE_FINAL_TYPE (ShuPortalController, shu_portal_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

enum {
  ADD_TOAST,
  ERROR,
  SIDECAR_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static GFile *
dup_text_file (ShuPortalController *self)
{
  GFile *file;

  if (self->document == NULL)
    return NULL;
  file = shu_source_get_file (shu_document_get_source (self->document));
  return file != NULL ? g_object_ref (file) : NULL;
}

void
shu_portal_controller_check_grant (ShuPortalController *self)
{
  g_autoptr(GFile) text = dup_text_file (self);
  AdwToast *toast;

  /* The loader gave the text no sidecar file when none was visible
   * beside it: Save asks where, never tries to write there. */
  if (text == NULL || !shu_places_is_single_file_grant (text))
    return;

  /* TRANSLATORS: shown in a sandbox that granted the text file alone; the
   * button asks for its folder. Keep it short: it is one line. */
  toast = adw_toast_new (_("Only this file is visible, not the annotations beside it"));
  adw_toast_set_button_label (toast, _("Choose _Folder…"));
  adw_toast_set_action_name (toast, "win.choose-folder");
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_emit (self, signals[ADD_TOAST], 0, toast);
}

typedef struct
{
  ShuDocument *document;   /* the window's, when asked */
  GFile       *text;       /* the same name in the chosen folder */
  char        *sha256;     /* of the open text */
  gboolean     modified;   /* unsaved annotations */
  GFile       *sidecar;    /* result: keep the annotations, save them here */
} UseFolder;

static void
use_folder_free (UseFolder *job)
{
  g_clear_object (&job->document);
  g_clear_object (&job->text);
  g_free (job->sha256);
  g_clear_object (&job->sidecar);
  g_free (job);
}

/* Reads the text in the chosen folder and looks beside it, in a worker
 * thread. */
static void
use_folder_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  UseFolder *job = task_data;
  GError *error = NULL;

  if (shu_places_match_text_in_folder (job->text, job->sha256, job->modified, &job->sidecar,
                                       cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
use_folder_opened_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!shu_opener_open_finish (SHU_OPENER (object), result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
use_folder_read_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShuPortalController *self = SHU_PORTAL_CONTROLLER (object);
  GTask *task = user_data;
  UseFolder *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  if (self->window == NULL || self->document != job->document)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "Another text was opened meanwhile");
      g_object_unref (task);
      return;
    }

  /* Nothing unsaved: open the text there, with the sidecar beside it. */
  if (job->sidecar == NULL)
    {
      shu_opener_open_async (SHU_OPENER (self->window), job->text, use_folder_opened_cb, task);
      return;
    }

  shu_document_set_sidecar_file (self->document, job->sidecar);
  g_signal_emit (self, signals[SIDECAR_CHOSEN], 0);
  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
shu_portal_controller_use_folder_async (ShuPortalController *self,
                                        GFile               *folder,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(GFile) current = dup_text_file (self);
  g_autoptr(GTask) read = NULL;
  g_autofree char *name = NULL;
  GTask *task;
  UseFolder *job;

  g_return_if_fail (SHU_IS_PORTAL_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (folder));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_portal_controller_use_folder_async);
  if (current == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      g_object_unref (task);
      return;
    }

  name = g_file_get_basename (current);
  job = g_new0 (UseFolder, 1);
  job->document = g_object_ref (self->document);
  job->text = g_file_get_child (folder, name);
  job->sha256 = g_strdup (shu_source_get_sha256 (shu_document_get_source (self->document)));
  job->modified = shu_annotation_store_get_modified (shu_document_get_store (self->document));
  g_task_set_task_data (task, job, (GDestroyNotify) use_folder_free);

  read = g_task_new (self, self->cancellable, use_folder_read_cb, task);
  g_task_set_task_data (read, job, NULL);
  g_task_run_in_thread (read, use_folder_thread);
}

gboolean
shu_portal_controller_use_folder_finish (ShuPortalController  *self,
                                         GAsyncResult         *result,
                                         GError              **error)
{
  g_return_val_if_fail (SHU_IS_PORTAL_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
use_folder_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShuPortalController *self = SHU_PORTAL_CONTROLLER (object);
  g_autoptr(GError) error = NULL;

  if (!shu_portal_controller_use_folder_finish (self, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && self->window != NULL)
    g_signal_emit (self, signals[ERROR], 0, _("Could Not Use This Folder"), error);
}

static void
folder_response_cb (ShuPortalController *self,
                    int                  response,
                    ShuFileChooser      *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = shu_file_chooser_get_file (chooser);

      shu_portal_controller_use_folder_async (self, folder, use_folder_done_cb, NULL);
    }

  g_clear_object (&self->chooser);
}

static void
choose_folder_activate (ShuPortalController *self)
{
  ShuFileChooser *chooser;

  chooser = shu_file_chooser_new (_("Choose the Text’s Folder"), self->window,
                                  GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Choose"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (folder_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);
  shu_file_chooser_show (chooser);
}

static void
shu_portal_controller_dispose (GObject *object)
{
  ShuPortalController *self = SHU_PORTAL_CONTROLLER (object);

  if (self->chooser != NULL)
    shu_file_chooser_close (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->document);
  self->window = NULL;

  G_OBJECT_CLASS (shu_portal_controller_parent_class)->dispose (object);
}

static void
shu_portal_controller_finalize (GObject *object)
{
  ShuPortalController *self = SHU_PORTAL_CONTROLLER (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (shu_portal_controller_parent_class)->finalize (object);
}

static void
shu_portal_controller_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ShuPortalController *self = SHU_PORTAL_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_portal_controller_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ShuPortalController *self = SHU_PORTAL_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      if (g_set_object (&self->document, g_value_get_object (value)))
        g_object_notify_by_pspec (object, pspec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_portal_controller_class_init (ShuPortalControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_portal_controller_dispose;
  object_class->finalize = shu_portal_controller_finalize;
  object_class->get_property = shu_portal_controller_get_property;
  object_class->set_property = shu_portal_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ADD_TOAST] =
    g_signal_new ("add-toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, ADW_TYPE_TOAST);
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[SIDECAR_CHOSEN] =
    g_signal_new ("sidecar-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 0);
}

static void
shu_portal_controller_init (ShuPortalController *self)
{
}

ShuPortalController *
shu_portal_controller_new (GtkWindow    *window,
                           GCancellable *cancellable)
{
  g_autoptr(GSimpleAction) action = g_simple_action_new ("choose-folder", NULL);
  ShuPortalController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (SHU_IS_OPENER (window), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  self = g_object_new (SHU_TYPE_PORTAL_CONTROLLER, NULL);
  self->window = window;
  self->cancellable = g_object_ref (cancellable);
  g_signal_connect_object (action, "activate", G_CALLBACK (choose_folder_activate), self,
                           G_CONNECT_SWAPPED);
  g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
  return self;
}
