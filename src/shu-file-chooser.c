/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-file-chooser.h"

struct _ShuFileChooser
{
  GObject               parent_instance;

  char                 *title;
  char                 *accept_label;
  GtkWindow            *parent;   /* weak */
  GtkFileChooserAction  action;
  GListStore           *filters;  /* GtkFileFilter */
  GFile                *folder;
  char                 *name;
  GFile                *file;     /* the answer */
#if GTK_CHECK_VERSION (4, 10, 0)
  GCancellable         *cancellable;  /* while shown */
#else
  GtkFileChooserNative *native;       /* while shown */
#endif
};

enum { RESPONSE, N_SIGNALS };
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (ShuFileChooser, shu_file_chooser, G_TYPE_OBJECT)

static void
shu_file_chooser_finalize (GObject *object)
{
  ShuFileChooser *self = SHU_FILE_CHOOSER (object);

  g_clear_weak_pointer (&self->parent);
#if GTK_CHECK_VERSION (4, 10, 0)
  g_clear_object (&self->cancellable);
#endif
  g_clear_object (&self->filters);
  g_clear_object (&self->folder);
  g_clear_object (&self->file);
  g_free (self->title);
  g_free (self->accept_label);
  g_free (self->name);

  G_OBJECT_CLASS (shu_file_chooser_parent_class)->finalize (object);
}

static void
shu_file_chooser_class_init (ShuFileChooserClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = shu_file_chooser_finalize;

  signals[RESPONSE] = g_signal_new ("response", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT);
}

static void
shu_file_chooser_init (ShuFileChooser *self)
{
  self->filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
}

ShuFileChooser *
shu_file_chooser_new (const char           *title,
                      GtkWindow            *parent,
                      GtkFileChooserAction  action,
                      const char           *accept_label)
{
  ShuFileChooser *self = g_object_new (SHU_TYPE_FILE_CHOOSER, NULL);

  self->title = g_strdup (title);
  self->accept_label = g_strdup (accept_label);
  self->action = action;
  g_set_weak_pointer (&self->parent, parent);
  return self;
}

void
shu_file_chooser_add_filter (ShuFileChooser *self,
                             GtkFileFilter  *filter)
{
  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  g_list_store_append (self->filters, filter);
}

void
shu_file_chooser_set_folder (ShuFileChooser *self,
                             GFile          *folder)
{
  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  g_set_object (&self->folder, folder);
}

void
shu_file_chooser_set_name (ShuFileChooser *self,
                           const char     *name)
{
  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  g_free (self->name);
  self->name = g_strdup (name);
}

GFile *
shu_file_chooser_get_file (ShuFileChooser *self)
{
  g_return_val_if_fail (SHU_IS_FILE_CHOOSER (self), NULL);

  return self->file != NULL ? g_object_ref (self->file) : NULL;
}

#if GTK_CHECK_VERSION (4, 10, 0)

/* Holds a reference on @self until the answer, so the window may drop its
 * own in the meantime. */
static void
dialog_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ShuFileChooser) self = user_data;
  GtkFileDialog *dialog = GTK_FILE_DIALOG (object);

  /* Closed by shu_file_chooser_close(): nobody waits for an answer. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  switch (self->action)
    {
    case GTK_FILE_CHOOSER_ACTION_SAVE:
      self->file = gtk_file_dialog_save_finish (dialog, result, NULL);
      break;
    case GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER:
      self->file = gtk_file_dialog_select_folder_finish (dialog, result, NULL);
      break;
    case GTK_FILE_CHOOSER_ACTION_OPEN:
    default:
      self->file = gtk_file_dialog_open_finish (dialog, result, NULL);
      break;
    }
  g_signal_emit (self, signals[RESPONSE], 0,
                 self->file != NULL ? GTK_RESPONSE_ACCEPT : GTK_RESPONSE_CANCEL);
}

void
shu_file_chooser_show (ShuFileChooser *self)
{
  g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  gtk_file_dialog_set_title (dialog, self->title);
  gtk_file_dialog_set_accept_label (dialog, self->accept_label);
  gtk_file_dialog_set_modal (dialog, TRUE);
  if (g_list_model_get_n_items (G_LIST_MODEL (self->filters)) > 0)
    {
      g_autoptr(GtkFileFilter) first = g_list_model_get_item (G_LIST_MODEL (self->filters), 0);

      gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (self->filters));
      gtk_file_dialog_set_default_filter (dialog, first);
    }
  if (self->folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, self->folder);
  if (self->name != NULL)
    gtk_file_dialog_set_initial_name (dialog, self->name);

  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  switch (self->action)
    {
    case GTK_FILE_CHOOSER_ACTION_SAVE:
      gtk_file_dialog_save (dialog, self->parent, self->cancellable, dialog_done_cb,
                            g_object_ref (self));
      break;
    case GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER:
      gtk_file_dialog_select_folder (dialog, self->parent, self->cancellable, dialog_done_cb,
                                     g_object_ref (self));
      break;
    case GTK_FILE_CHOOSER_ACTION_OPEN:
    default:
      gtk_file_dialog_open (dialog, self->parent, self->cancellable, dialog_done_cb,
                            g_object_ref (self));
      break;
    }
}

void
shu_file_chooser_close (ShuFileChooser *self)
{
  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

#else

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    gpointer         user_data)
{
  g_autoptr(ShuFileChooser) self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    self->file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  g_clear_object (&self->native);
  g_signal_emit (self, signals[RESPONSE], 0, response);
}

void
shu_file_chooser_close (ShuFileChooser *self)
{
  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  if (self->native != NULL)
    {
      GtkFileChooserNative *native = g_steal_pointer (&self->native);

      g_signal_handlers_disconnect_by_func (native, native_response_cb, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (native));
      g_object_unref (native);
      /* The reference the answer would have dropped. */
      g_object_unref (self);
    }
}

void
shu_file_chooser_show (ShuFileChooser *self)
{
  GtkFileChooserNative *native;
  guint n_filters;

  g_return_if_fail (SHU_IS_FILE_CHOOSER (self));

  native = gtk_file_chooser_native_new (self->title, self->parent, self->action,
                                        self->accept_label, _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  n_filters = g_list_model_get_n_items (G_LIST_MODEL (self->filters));
  for (guint i = 0; i < n_filters; i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (G_LIST_MODEL (self->filters), i);

      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    }
  if (self->folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), self->folder, NULL);
  if (self->name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), self->name);
  self->native = native;
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

#endif
