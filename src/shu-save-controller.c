/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-error.h"
#include "shu-file-chooser.h"
#include "shu-places.h"
#include "shu-recent-files.h"
#include "shu-save-controller.h"
#include "shu-sidecar.h"

struct _ShuSaveController
{
  GObject                parent_instance;

  /* Borrowed: the window owns the controller. NULL once it is disposed. */
  GtkWindow             *window;
  ShuSidebar            *sidebar;

  /* Owned */
  ShuExternalController *external;     /* asked before writing the sidecar */
  ShuDocument           *document;     /* the window's */
  ShuFileChooser        *chooser;      /* Save As, while shown */
  gboolean               close_after;  /* ...and close once saved */
  gboolean               loading;
};

G_DEFINE_FINAL_TYPE (ShuSaveController, shu_save_controller, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_LOADING,
  N_PROPS
};

enum {
  TOAST,
  ERROR,
  SAVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
show_error (ShuSaveController *self,
            const GError      *error)
{
  if (self->window != NULL)
    g_signal_emit (self, signals[ERROR], 0, _("Could Not Save the Annotations"), error);
}

/* ------------------------------------------------------------------ */
/* Save As: to a file the user chose                                   */

typedef struct
{
  ShuDocument *document;
  GFile       *file;
} SaveTo;

static void
save_to_free (SaveTo *save_to)
{
  g_clear_object (&save_to->document);
  g_clear_object (&save_to->file);
  g_free (save_to);
}

/* The user's data folder, or the folder typed in the file chooser, may not
 * exist yet. */
static void
make_folder_thread (GTask        *task,
                    gpointer      source_object,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  SaveTo *save_to = task_data;
  g_autoptr(GFile) folder = g_file_get_parent (save_to->file);
  GError *error = NULL;

  if (folder != NULL && !g_file_make_directory_with_parents (folder, cancellable, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_task_return_error (task, error);
      return;
    }
  g_clear_error (&error);
  g_task_return_boolean (task, TRUE);
}

static void
save_to_saved_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  ShuSaveController *self = g_task_get_source_object (task);
  SaveTo *save_to = g_task_get_task_data (task);
  GError *error = NULL;

  if (!shu_sidecar_save_finish (SHU_DOCUMENT (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (self->document == save_to->document)
    {
      shu_external_controller_track (self->external, self->document);
      g_signal_emit (self, signals[SAVED], 0);
    }
  shu_recent_files_add (shu_recent_files_get_default (), save_to->file);
  g_task_return_boolean (task, TRUE);
}

static void
save_to_folder_made_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GTask *task = user_data;
  SaveTo *save_to = g_task_get_task_data (task);
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      return;
    }
  /* A snapshot is taken now; it is written in the saves' own thread. */
  shu_sidecar_save_async (save_to->document, save_to->file, NULL, save_to_saved_cb, task);
}

void
shu_save_controller_save_to_async (ShuSaveController   *self,
                                   GFile               *file,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;
  g_autoptr(GTask) folder_task = NULL;
  SaveTo *save_to;

  g_return_if_fail (SHU_IS_SAVE_CONTROLLER (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_save_controller_save_to_async);
  if (self->document == NULL)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("No text is open"));
      g_object_unref (task);
      return;
    }

  save_to = g_new0 (SaveTo, 1);
  save_to->document = g_object_ref (self->document);
  save_to->file = g_object_ref (file);
  g_task_set_task_data (task, save_to, (GDestroyNotify) save_to_free);

  /* Saves are not cancelled by closing the window: "Save and close" closes
   * it once they are done. */
  folder_task = g_task_new (self, NULL, save_to_folder_made_cb, task);
  g_task_set_task_data (folder_task, save_to, NULL);
  g_task_run_in_thread (folder_task, make_folder_thread);
}

gboolean
shu_save_controller_save_to_finish (ShuSaveController  *self,
                                    GAsyncResult       *result,
                                    GError            **error)
{
  g_return_val_if_fail (SHU_IS_SAVE_CONTROLLER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_save_controller_save_to_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
save_as_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ShuSaveController *self = SHU_SAVE_CONTROLLER (object);
  gboolean close_after = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;

  if (!shu_save_controller_save_to_finish (self, result, &error))
    show_error (self, error);
  else if (close_after && self->window != NULL)
    gtk_window_destroy (self->window);
}

static void
save_as_response_cb (ShuSaveController *self,
                     int                response,
                     ShuFileChooser    *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = shu_file_chooser_get_file (chooser);

      shu_save_controller_save_to_async (self, file, save_as_done_cb,
                                         GINT_TO_POINTER (self->close_after));
    }

  g_clear_object (&self->chooser);
}

static void
save_as (ShuSaveController *self,
         gboolean           close_after)
{
  ShuFileChooser *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GFile *sidecar = shu_document_get_sidecar_file (self->document);
  GFile *text = shu_source_get_file (shu_document_get_source (self->document));
  g_autoptr(GFile) folder = NULL;
  g_autofree char *name = NULL;

  chooser = shu_file_chooser_new (_("Save Annotations As"), self->window,
                                  GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"));
  gtk_file_filter_set_name (filter, _("Annotations (JSON)"));
  gtk_file_filter_add_pattern (filter, "*.json");
  shu_file_chooser_add_filter (chooser, filter);

  shu_places_suggest_save_as (sidecar, text, &folder, &name);
  if (folder != NULL)
    shu_file_chooser_set_folder (chooser, folder);
  if (name != NULL)
    shu_file_chooser_set_name (chooser, name);

  self->close_after = close_after;
  g_signal_connect_object (chooser, "response", G_CALLBACK (save_as_response_cb), self,
                           G_CONNECT_SWAPPED);
  g_set_object (&self->chooser, chooser);
  g_object_unref (chooser);
  shu_file_chooser_show (chooser);
}

/* ------------------------------------------------------------------ */
/* Save: to the document's sidecar                                     */

typedef struct
{
  ShuSaveController *self;
  GFile             *file;
  gboolean           close_after;
} SaveJob;

static void
save_job_free (SaveJob *job)
{
  g_object_unref (job->self);
  g_object_unref (job->file);
  g_free (job);
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SaveJob *job = user_data;
  ShuSaveController *self = job->self;
  g_autoptr(GError) error = NULL;
  gboolean saved = shu_sidecar_save_finish (SHU_DOCUMENT (object), result, &error);

  /* The window may have closed meanwhile (then there is no document). */
  if (self->external != NULL)
    shu_external_controller_save_done (self->external);
  if (saved && self->document == SHU_DOCUMENT (object))
    shu_external_controller_track (self->external, self->document);

  /* The window may have closed or moved on to another text meanwhile; the
   * document it saved was marked saved all the same. */
  if (self->document == SHU_DOCUMENT (object))
    {
      if (!saved)
        show_error (self, error);
      else
        {
          shu_recent_files_add (shu_recent_files_get_default (), job->file);
          g_signal_emit (self, signals[SAVED], 0);
          if (job->close_after)
            gtk_window_destroy (self->window);
          else
            g_signal_emit (self, signals[TOAST], 0, _("Annotations saved"));
        }
    }

  save_job_free (job);
}

static void
save_confirmed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SaveJob *job = user_data;
  ShuSaveController *self = job->self;
  GFile *sidecar = self->document != NULL ? shu_document_get_sidecar_file (self->document)
                                          : NULL;
  gboolean may_write = shu_external_controller_confirm_save_finish (
    SHU_EXTERNAL_CONTROLLER (object), result);

  if (may_write && sidecar != NULL && g_file_equal (job->file, sidecar))
    {
      shu_sidecar_save_async (self->document, job->file, NULL, save_done_cb, job);
      return;
    }
  /* Not written: the user chose otherwise, or the window moved on. */
  if (may_write)
    shu_external_controller_save_done (SHU_EXTERNAL_CONTROLLER (object));
  save_job_free (job);
}

/* Saves to the document's sidecar without blocking: only a snapshot is
 * taken here, once the file was checked (off the main thread) for
 * changes another program made; serialising and writing happen in a
 * worker thread, and edits made meanwhile stay unsaved (see
 * shu_sidecar_save_async()). */
static void
save_to_sidecar (ShuSaveController *self,
                 gboolean           close_after)
{
  GFile *file = shu_document_get_sidecar_file (self->document);
  SaveJob *job;

  g_assert (file != NULL);

  job = g_new0 (SaveJob, 1);
  job->self = g_object_ref (self);
  job->file = g_object_ref (file);
  job->close_after = close_after;
  /* Never over changes another program made: the user decides first. */
  shu_external_controller_confirm_save_async (self->external, save_confirmed_cb, job);
}

void
shu_save_controller_save (ShuSaveController *self,
                          gboolean           close_after)
{
  g_return_if_fail (SHU_IS_SAVE_CONTROLLER (self));

  if (self->document == NULL)
    return;
  if (shu_document_get_sidecar_file (self->document) == NULL)
    save_as (self, close_after);
  else
    save_to_sidecar (self, close_after);
}

static void
save_activate (ShuSaveController *self)
{
  /* What the sidebar's editor shows is what gets saved. */
  shu_sidebar_apply_pending (self->sidebar);
  shu_save_controller_save (self, FALSE);
}

static void
save_as_activate (ShuSaveController *self)
{
  shu_sidebar_apply_pending (self->sidebar);
  if (self->document != NULL)
    save_as (self, FALSE);
}

static void
update_actions (ShuSaveController *self)
{
  /* Annotations being loaded cannot be saved yet. */
  gboolean enabled = self->document != NULL && !self->loading;
  const char *names[] = { "save", "save-as" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_simple_action_set_enabled (
      G_SIMPLE_ACTION (g_action_map_lookup_action (G_ACTION_MAP (self->window), names[i])),
      enabled);
}

static void
shu_save_controller_dispose (GObject *object)
{
  ShuSaveController *self = SHU_SAVE_CONTROLLER (object);

  /* The window is closing: saves under way finish without telling it. */
  if (self->chooser != NULL)
    shu_file_chooser_close (self->chooser);
  g_clear_object (&self->chooser);
  g_clear_object (&self->document);
  g_clear_object (&self->external);
  self->window = NULL;

  G_OBJECT_CLASS (shu_save_controller_parent_class)->dispose (object);
}

static void
shu_save_controller_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ShuSaveController *self = SHU_SAVE_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_save_controller_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ShuSaveController *self = SHU_SAVE_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      if (g_set_object (&self->document, g_value_get_object (value)))
        {
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_LOADING:
      if (self->loading != g_value_get_boolean (value))
        {
          self->loading = g_value_get_boolean (value);
          update_actions (self);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_save_controller_class_init (ShuSaveControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_save_controller_dispose;
  object_class->get_property = shu_save_controller_get_property;
  object_class->set_property = shu_save_controller_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TOAST] =
    g_signal_new ("toast", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[ERROR] =
    g_signal_new ("error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_ERROR);
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
shu_save_controller_init (ShuSaveController *self)
{
}

ShuSaveController *
shu_save_controller_new (GtkWindow             *window,
                         ShuExternalController *external,
                         ShuSidebar            *sidebar)
{
  const struct
  {
    const char *name;
    GCallback   activate;
  } actions[] = {
    { "save", G_CALLBACK (save_activate) },
    { "save-as", G_CALLBACK (save_as_activate) },
  };
  ShuSaveController *self;

  g_return_val_if_fail (GTK_IS_WINDOW (window) && G_IS_ACTION_MAP (window), NULL);
  g_return_val_if_fail (SHU_IS_EXTERNAL_CONTROLLER (external), NULL);
  g_return_val_if_fail (SHU_IS_SIDEBAR (sidebar), NULL);

  self = g_object_new (SHU_TYPE_SAVE_CONTROLLER, NULL);
  self->window = window;
  self->external = g_object_ref (external);
  self->sidebar = sidebar;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_autoptr(GSimpleAction) action = g_simple_action_new (actions[i].name, NULL);

      g_signal_connect_object (action, "activate", actions[i].activate, self,
                               G_CONNECT_SWAPPED);
      g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
    }
  update_actions (self);
  return self;
}
