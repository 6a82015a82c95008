/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-project-export.h"
#include "shu-tei.h"

GBytes *
shu_project_export_archive (ShuProject       *project,
                            ShuFormat         format,
                            GCancellable     *cancellable,
                            ShuQdpxProgress   progress,
                            gpointer          progress_data,
                            GPtrArray       **left_out,
                            GError          **error)
{
  GListModel *list;
  guint n;
  GFile *folder;
  g_autofree char *project_name = NULL;
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  GBytes *bytes;

  g_return_val_if_fail (SHU_IS_PROJECT (project), NULL);
  g_return_val_if_fail (format == SHU_FORMAT_QDPX || format == SHU_FORMAT_TEI, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  list = G_LIST_MODEL (project);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      ShuDocument *document;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return NULL;
      /* Reading a text the index stood for is most of the time taken. */
      document = shu_project_document_get_document (entry);
      if (progress != NULL)
        progress (0.9 * (i + 1) / n, progress_data);
      /* What could not be read was reported by the scan. */
      if (document == NULL || shu_project_document_get_error (entry) != NULL)
        continue;
      g_ptr_array_add (documents, g_object_ref (document));
      g_ptr_array_add (names, g_strdup (shu_project_document_get_name (entry)));
      if (format == SHU_FORMAT_QDPX)
        {
          g_autoptr(GPtrArray) lines =
            shu_qdpx_dup_left_out (document, shu_project_document_get_name (entry));

          for (guint j = 0; j < lines->len; j++)
            g_ptr_array_add (messages, g_strdup (g_ptr_array_index (lines, j)));
        }
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  folder = shu_project_get_folder (project);
  project_name = folder != NULL ? g_file_get_basename (folder) : g_strdup ("project");
  if (format == SHU_FORMAT_QDPX)
    bytes = shu_qdpx_export_full (documents, names, project_name);
  else
    bytes = shu_tei_export_corpus (documents, project_name);
  if (progress != NULL)
    progress (1.0, progress_data);
  if (left_out != NULL)
    *left_out = g_steal_pointer (&messages);
  return bytes;
}
