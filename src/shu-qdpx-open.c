/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-file-chooser.h"
#include "shu-import-report.h"
#include "shu-qdpx.h"
#include "shu-qdpx-open.h"
#include "shu-resources.h"
#include "shu-text.h"

/* How many "NAME-2", "NAME-3"... are tried before asking the user. */
#define MAX_PROPOSALS 99

struct _ShuQdpxOpen
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *title;
  AdwActionRow    *folder_row;
  GtkProgressBar  *progress;
  GtkLabel        *status;

  /* Owned */
  GtkApplication  *application;
  GFile           *archive;
  GFile           *folder;
  GCancellable    *cancellable;   /* the proposal and the import */
  ShuFileChooser  *chooser;
  gboolean         busy;
  gboolean         closing;   /* asked to close while busy */
};

G_DEFINE_FINAL_TYPE (ShuQdpxOpen, shu_qdpx_open, ADW_TYPE_WINDOW)

enum {
  IMPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update (ShuQdpxOpen *self)
{
  g_autofree char *shown = self->folder != NULL ? shu_text_dup_file_name (self->folder) : NULL;

  adw_action_row_set_subtitle (self->folder_row, shown != NULL ? shown : "…");
  gtk_widget_set_visible (GTK_WIDGET (self->progress), self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "qdpx.import",
                                 !self->busy && self->folder != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "qdpx.choose-folder", !self->busy);
}

static void
show_status (ShuQdpxOpen *self,
             const char  *text,
             gboolean     is_error)
{
  gtk_label_set_text (self->status, text);
  gtk_widget_set_visible (GTK_WIDGET (self->status), text != NULL);
  if (is_error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

GFile *
shu_qdpx_open_get_folder (ShuQdpxOpen *self)
{
  g_return_val_if_fail (SHU_IS_QDPX_OPEN (self), NULL);

  return self->folder;
}

void
shu_qdpx_open_set_folder (ShuQdpxOpen *self,
                          GFile       *folder)
{
  g_return_if_fail (SHU_IS_QDPX_OPEN (self));
  g_return_if_fail (G_IS_FILE (folder));
  g_return_if_fail (!self->busy);

  g_set_object (&self->folder, folder);
  show_status (self, NULL, FALSE);
  update (self);
}

gboolean
shu_qdpx_open_get_busy (ShuQdpxOpen *self)
{
  g_return_val_if_fail (SHU_IS_QDPX_OPEN (self), FALSE);

  return self->busy;
}

/* The folder proposed: "study" beside "study.qdpx", or "study-2" and on
 * when that one holds something. Asked in a thread: the archive may sit
 * on a slow network folder. */
static gboolean
is_free (GFile        *folder,
         GCancellable *cancellable)
{
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GFileInfo) child = NULL;
  g_autoptr(GError) error = NULL;

  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, cancellable,
                                        &error);
  if (children == NULL)
    return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  child = g_file_enumerator_next_file (children, cancellable, NULL);
  return child == NULL;
}

static void
propose_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GFile *archive = task_data;
  g_autoptr(GFile) parent = g_file_get_parent (archive);
  g_autofree char *name = g_file_get_basename (archive);

  if (parent == NULL)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (g_str_has_suffix (name, ".qdpx") && strlen (name) > strlen (".qdpx"))
    name[strlen (name) - strlen (".qdpx")] = '\0';
  for (guint n = 1; n <= MAX_PROPOSALS && !g_cancellable_is_cancelled (cancellable); n++)
    {
      g_autofree char *candidate = n == 1 ? g_strdup (name) : g_strdup_printf ("%s-%u", name, n);
      g_autoptr(GFile) folder = g_file_get_child (parent, candidate);

      if (is_free (folder, cancellable))
        {
          g_task_return_pointer (task, g_steal_pointer (&folder), g_object_unref);
          return;
        }
    }
  g_task_return_pointer (task, NULL, NULL);
}

static void
proposed_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GFile) folder = g_task_propagate_pointer (G_TASK (result), NULL);
  ShuQdpxOpen *self;

  if (g_task_had_error (G_TASK (result)) || g_cancellable_is_cancelled (
        g_task_get_cancellable (G_TASK (result))))
    return;
  self = SHU_QDPX_OPEN (object);
  /* Chosen by the user meanwhile: theirs stays. */
  if (self->folder == NULL && folder != NULL)
    g_set_object (&self->folder, folder);
  else if (self->folder == NULL)
    show_status (self, _("Choose a new, empty folder for the project."), FALSE);
  update (self);
}

static void
folder_chosen_cb (ShuFileChooser *chooser,
                  int             response,
                  gpointer        user_data)
{
  ShuQdpxOpen *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT && !self->busy)
    {
      g_autoptr(GFile) folder = shu_file_chooser_get_file (chooser);

      shu_qdpx_open_set_folder (self, folder);
    }
  g_clear_object (&self->chooser);
}

static void
choose_folder_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (widget);
  g_autoptr(GFile) parent = g_file_get_parent (self->archive);

  g_clear_object (&self->chooser);
  self->chooser = shu_file_chooser_new (_("Folder for the Project"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Select"));
  if (parent != NULL)
    shu_file_chooser_set_folder (self->chooser, parent);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (folder_chosen_cb), self, 0);
  shu_file_chooser_show (self->chooser);
}

/* The import, in a worker thread. */
typedef struct
{
  GFile         *archive;
  GFile         *folder;
  GMainContext  *context;
  ShuQdpxOpen   *self;      /* a reference, for the progress */
  GPtrArray     *messages;
  guint          n_texts;
  guint          n_annotations;
} Import;

static void
import_free (Import *import)
{
  g_clear_object (&import->archive);
  g_clear_object (&import->folder);
  g_clear_pointer (&import->context, g_main_context_unref);
  g_clear_object (&import->self);
  g_clear_pointer (&import->messages, g_ptr_array_unref);
  g_free (import);
}

typedef struct
{
  ShuQdpxOpen *self;
  double       fraction;
} Progress;

static gboolean
show_progress_cb (gpointer user_data)
{
  Progress *progress = user_data;

  if (progress->self->busy)
    gtk_progress_bar_set_fraction (progress->self->progress, progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (Progress *progress)
{
  g_object_unref (progress->self);
  g_free (progress);
}

/* Called in the worker: the bar is moved on the window's thread. */
static void
import_progress_cb (double   fraction,
                    gpointer user_data)
{
  Import *import = user_data;
  Progress *progress = g_new (Progress, 1);

  progress->self = g_object_ref (import->self);
  progress->fraction = fraction;
  g_main_context_invoke_full (import->context, G_PRIORITY_DEFAULT, show_progress_cb, progress,
                              (GDestroyNotify) progress_free);
}

static void
import_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Import *import = task_data;
  GError *error = NULL;

  if (shu_qdpx_import_file (import->archive, import->folder, cancellable, import_progress_cb,
                            import, &import->messages, &import->n_texts,
                            &import->n_annotations, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
import_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (object);
  Import *import = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *folder_name = NULL;
  g_autofree char *summary = NULL;
  GtkWindow *project;

  self->busy = FALSE;
  g_clear_object (&self->cancellable);
  update (self);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (self->closing)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_status (self, _("The import was cancelled; nothing was kept."), FALSE);
      else
        {
          g_autofree char *message = g_strdup_printf (_("Could not import: %s"), error->message);

          show_status (self, message, TRUE);
        }
      return;
    }

  file_name = g_file_get_basename (import->archive);
  folder_name = shu_text_dup_file_name (import->folder);
  /* Translators: %1$u texts, %2$u annotations, %3$s the folder. */
  summary = g_strdup_printf (_("%1$u texts with %2$u annotations imported into %3$s."),
                             import->n_texts, import->n_annotations, folder_name);
  project = NULL;
  g_signal_emit (self, signals[IMPORTED], 0, import->folder, &project);
  if (import->messages != NULL && import->messages->len > 0)
    {
      ShuImportReport *report = shu_import_report_new (project, file_name, summary,
                                                       import->messages);

      /* A whole project came in, not annotations onto an open text. */
      shu_import_report_set_title (report, _("Project Imported"));
      gtk_window_present (GTK_WINDOW (report));
    }
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (widget);
  g_autoptr(GTask) task = NULL;
  Import *import;

  if (self->busy || self->folder == NULL)
    return;
  /* A proposal still looked for is no longer needed. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_set_object (&self->cancellable, g_cancellable_new ());
  self->busy = TRUE;
  gtk_progress_bar_set_fraction (self->progress, 0);
  show_status (self, NULL, FALSE);
  update (self);

  import = g_new0 (Import, 1);
  import->archive = g_object_ref (self->archive);
  import->folder = g_object_ref (self->folder);
  import->context = g_main_context_ref_thread_default ();
  import->self = g_object_ref (self);
  task = g_task_new (self, self->cancellable, import_done_cb, NULL);
  g_task_set_source_tag (task, import_action);
  /* What the worker did is what is shown, cancelled or not. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, import, (GDestroyNotify) import_free);
  g_task_run_in_thread (task, import_thread);
}

/* While the import runs, Cancel stops it (and it takes back what it
 * wrote); otherwise it closes the window. */
static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (widget);

  if (self->busy)
    g_cancellable_cancel (self->cancellable);
  else
    gtk_window_close (GTK_WINDOW (self));
}

static gboolean
shu_qdpx_open_close_request (GtkWindow *window)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (window);

  /* The import ends, takes back what it wrote, then the window goes. */
  if (self->busy)
    {
      self->closing = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (shu_qdpx_open_parent_class)->close_request (window);
}

ShuQdpxOpen *
shu_qdpx_open_present (GtkApplication *application,
                       GtkWindow      *parent,
                       GFile          *archive)
{
  ShuQdpxOpen *self;
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (G_IS_FILE (archive), NULL);

  self = g_object_new (SHU_TYPE_QDPX_OPEN, "application", application,
                       "transient-for", parent, "modal", parent != NULL, NULL);
  self->application = g_object_ref (application);
  self->archive = g_object_ref (archive);
  name = g_file_get_basename (archive);
  adw_window_title_set_subtitle (self->title, name);
  update (self);

  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, proposed_cb, NULL);
  g_task_set_source_tag (task, shu_qdpx_open_present);
  g_task_set_task_data (task, g_object_ref (archive), g_object_unref);
  g_task_run_in_thread (task, propose_thread);

  gtk_window_present (GTK_WINDOW (self));
  return self;
}

typedef struct
{
  GtkApplication *application;
  GtkWindow      *parent;
} Choose;

static void
archive_chosen_cb (ShuFileChooser *chooser,
                   int             response,
                   gpointer        user_data)
{
  Choose *choose = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      GFile *archive = shu_file_chooser_get_file (chooser);

      g_application_open (G_APPLICATION (choose->application), &archive, 1, "");
      g_object_unref (archive);
    }
}

static void
choose_free (gpointer  data,
             GClosure *closure)
{
  Choose *choose = data;

  g_clear_object (&choose->application);
  g_clear_weak_pointer (&choose->parent);
  g_free (choose);
}

void
shu_qdpx_open_choose (GtkApplication *application,
                      GtkWindow      *parent)
{
  /* The chooser keeps itself until it answers. */
  g_autoptr(ShuFileChooser) chooser = NULL;
  g_autoptr(GtkFileFilter) projects = gtk_file_filter_new ();
  Choose *choose;

  g_return_if_fail (GTK_IS_APPLICATION (application));

  chooser = shu_file_chooser_new (_("Import REFI-QDA Project"), parent,
                                  GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"));
  gtk_file_filter_set_name (projects, _("REFI-QDA Projects"));
  gtk_file_filter_add_pattern (projects, "*.qdpx");
  shu_file_chooser_add_filter (chooser, projects);
  choose = g_new0 (Choose, 1);
  choose->application = g_object_ref (application);
  g_set_weak_pointer (&choose->parent, parent);
  g_signal_connect_data (chooser, "response", G_CALLBACK (archive_chosen_cb), choose,
                         choose_free, 0);
  shu_file_chooser_show (chooser);
}

static void
shu_qdpx_open_dispose (GObject *object)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), SHU_TYPE_QDPX_OPEN);

  G_OBJECT_CLASS (shu_qdpx_open_parent_class)->dispose (object);
}

static void
shu_qdpx_open_finalize (GObject *object)
{
  ShuQdpxOpen *self = SHU_QDPX_OPEN (object);

  g_clear_object (&self->application);
  g_clear_object (&self->archive);
  g_clear_object (&self->folder);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (shu_qdpx_open_parent_class)->finalize (object);
}

static void
shu_qdpx_open_class_init (ShuQdpxOpenClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = shu_qdpx_open_dispose;
  object_class->finalize = shu_qdpx_open_finalize;
  window_class->close_request = shu_qdpx_open_close_request;

  /* The project made, in @folder (a GFile): the handler opens it and
   * returns its window (transfer none), or NULL. */
  signals[IMPORTED] = g_signal_new ("imported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, g_signal_accumulator_first_wins, NULL, NULL,
                                    GTK_TYPE_WINDOW, 1, G_TYPE_FILE);

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-qdpx-open.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuQdpxOpen, title);
  gtk_widget_class_bind_template_child (widget_class, ShuQdpxOpen, folder_row);
  gtk_widget_class_bind_template_child (widget_class, ShuQdpxOpen, progress);
  gtk_widget_class_bind_template_child (widget_class, ShuQdpxOpen, status);

  gtk_widget_class_install_action (widget_class, "qdpx.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "qdpx.choose-folder", NULL,
                                   choose_folder_action);
  gtk_widget_class_install_action (widget_class, "qdpx.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "qdpx.cancel", NULL);
}

static void
shu_qdpx_open_init (ShuQdpxOpen *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
