/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-chooser.h"

/* One helper for the window's and its parts' file choosers, so that none
 * of them asks the disk about its starting folder on the main thread. */

static void
folder_type_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GWeakRef *ref = user_data;
  g_autoptr(ShuFileChooser) chooser = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info_finish (G_FILE (object), result, &error);

  g_weak_ref_clear (ref);
  g_free (ref);
  /* The window closed (the query was cancelled) or asked for another. */
  if (chooser == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A folder that has gone away is no reason to fail: start elsewhere. */
  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    shu_file_chooser_set_folder (chooser, G_FILE (object));
  shu_file_chooser_show (chooser);
}

void
shu_chooser_show_in_folder (ShuFileChooser *chooser,
                            GFile          *folder,
                            GCancellable   *cancellable)
{
  GWeakRef *ref;

  g_return_if_fail (SHU_IS_FILE_CHOOSER (chooser));
  g_return_if_fail (folder == NULL || G_IS_FILE (folder));

  if (folder == NULL)
    {
      shu_file_chooser_show (chooser);
      return;
    }
  /* Weak: the owner keeps the chooser it still wants. */
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, chooser);
  g_file_query_info_async (folder, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, cancellable, folder_type_cb, ref);
}
