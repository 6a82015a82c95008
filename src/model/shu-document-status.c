/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-document-status.h"
#include "shu-places.h"

/* Computed here, without a display, so that a test reads every case; the
 * window only shows the words. */

char *
shu_document_status_dup_display_path (GFile *file)
{
  g_autofree char *path = NULL;
  const char *home = g_get_home_dir ();
  gsize home_len = strlen (home);

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    return g_file_get_uri (file);
  if (g_str_has_prefix (path, home) && path[home_len] == G_DIR_SEPARATOR)
    return g_strconcat ("~", path + home_len, NULL);
  return g_steal_pointer (&path);
}

static gboolean
file_is_in (GFile *file,
            GFile *folder)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);

  return parent != NULL && g_file_equal (parent, folder);
}

void
shu_document_titles_init (ShuDocumentTitles *titles,
                          ShuDocument       *document,
                          const char        *opening_name,
                          gboolean           loading)
{
  g_autofree char *name = NULL;
  g_autofree char *where = NULL;
  GFile *sidecar;
  gboolean modified;

  g_return_if_fail (titles != NULL);
  g_return_if_fail (document == NULL || SHU_IS_DOCUMENT (document));

  *titles = (ShuDocumentTitles) { NULL, NULL, NULL };

  /* A large text on a slow disk takes a while to read: say which. */
  if (opening_name != NULL)
    {
      titles->title = g_strdup (opening_name);
      titles->subtitle = g_strdup (_("Opening…"));
      return;
    }

  if (document == NULL)
    {
      titles->title = g_strdup (_("Shulayim"));
      return;
    }

  name = g_file_get_basename (shu_source_get_file (shu_document_get_source (document)));
  modified = shu_annotation_store_get_modified (shu_document_get_store (document));
  /* The dot says "unsaved" the way GNOME Text Editor does. */
  titles->title = modified ? g_strdup_printf ("• %s", name) : g_strdup (name);

  sidecar = shu_document_get_sidecar_file (document);
  where = sidecar != NULL ? shu_document_status_dup_display_path (sidecar) : NULL;
  if (loading)
    titles->subtitle = g_strdup (_("Loading annotations…"));
  else if (sidecar == NULL)
    titles->subtitle = g_strdup (_("Annotations not saved yet"));
  else if (shu_places_is_in_user_folder (sidecar))
    {
      /* Said in words, not as a path deep in a hidden folder; the path is
       * in the tooltip. The stamp is there once the file was read or
       * written. */
      if (shu_document_get_sidecar_stamp (document) != NULL)
        /* Translators: the annotations of a read-only text (the bundled
         * essay) are in ~/.local/share/shulayim, the app's own folder. */
        titles->subtitle = g_strdup (_("Annotations kept in your Shulayim folder"));
      else
        titles->subtitle = g_strdup (_("Read-only text · annotations will be saved in your "
                                       "Shulayim folder"));
    }
  else
    {
      GFile *text = shu_source_get_file (shu_document_get_source (document));
      g_autoptr(GFile) text_folder = text != NULL ? g_file_get_parent (text) : NULL;
      g_autofree char *sidecar_name = g_file_get_basename (sidecar);

      titles->subtitle = g_strdup_printf (_("Annotations: %s"),
                                          text_folder != NULL && file_is_in (sidecar, text_folder)
                                          ? sidecar_name : where);
    }

  /* The exact place, for whoever wants to find the file. */
  if (where != NULL)
    titles->tooltip = g_strdup_printf (_("Annotations file: %s"), where);
}

void
shu_document_titles_clear (ShuDocumentTitles *titles)
{
  g_clear_pointer (&titles->title, g_free);
  g_clear_pointer (&titles->subtitle, g_free);
  g_clear_pointer (&titles->tooltip, g_free);
}

char *
shu_document_status_describe_anchoring (GPtrArray *report,
                                        gboolean  *orphans_out)
{
  guint moved = 0, orphans = 0;
  g_autofree char *not_placed = NULL;

  g_return_val_if_fail (orphans_out != NULL, NULL);

  *orphans_out = FALSE;
  if (report == NULL || report->len == 0)
    return NULL;

  for (guint i = 0; i < report->len; i++)
    {
      ShuAnchorResult *result = g_ptr_array_index (report, i);

      if (result->status == SHU_ANCHOR_ORPHAN)
        orphans++;
      else
        moved++;
    }

  if (orphans == 0)
    return g_strdup_printf (ngettext ("The text has changed: %u annotation was moved "
                                      "to where its quote is now",
                                      "The text has changed: %u annotations were moved "
                                      "to where their quotes are now",
                                      moved),
                            moved);

  *orphans_out = TRUE;
  /* Each count has its own plural: one form cannot agree with two numbers
   * in every language. */
  not_placed = g_strdup_printf (ngettext ("%u annotation could not be "
                                          "placed",
                                          "%u annotations could not be "
                                          "placed", orphans), orphans);
  if (moved > 0)
    {
      g_autofree char *moved_part = g_strdup_printf (ngettext ("%u annotation was moved",
                                                               "%u annotations were moved",
                                                               moved), moved);

      /* Translators: %1$s is “%u annotations were moved”, %2$s is “%u
       * annotations could not be placed”, each counted on its own. */
      return g_strdup_printf (_("The text has changed since it was annotated: %1$s and "
                                "%2$s (is this the right text?). Those are kept in the "
                                "file and saved with it."), moved_part, not_placed);
    }
  /* Translators: %s is “%u annotations could not be placed”. */
  return g_strdup_printf (_("The text has changed since it was annotated: %s (is "
                            "this the right text?). Those are kept in the file and "
                            "saved with it."), not_placed);
}
