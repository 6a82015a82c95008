/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <stdlib.h>

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-places.h"
#include "shu-source.h"
#include "shu-text.h"

char *
shu_places_dup_real_folder (GFile *folder)
{
  g_autofree char *path = NULL;
  g_autofree char *real = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  path = g_file_get_path (folder);
  if (path == NULL)
    {
      errno = ENOENT;
      return NULL;
    }
  real = realpath (path, NULL);
  if (real == NULL)
    return NULL;
  return g_str_has_suffix (real, G_DIR_SEPARATOR_S) ? g_steal_pointer (&real)
                                                     : g_strconcat (real, G_DIR_SEPARATOR_S, NULL);
}

char *
shu_places_dup_outside (const char *real_folder,
                        GFile      *file)
{
  g_autofree char *path = NULL;
  g_autofree char *real = NULL;
  g_autofree char *as_folder = NULL;

  g_return_val_if_fail (real_folder != NULL, NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL || (real = realpath (path, NULL)) == NULL)
    return NULL;
  /* The folder itself (a link back to it) is inside. */
  as_folder = g_strconcat (real, G_DIR_SEPARATOR_S, NULL);
  return g_str_has_prefix (as_folder, real_folder) ? NULL : g_steal_pointer (&real);
}

GFile *
shu_places_dup_user_folder (void)
{
  return g_file_new_build_filename (g_get_user_data_dir (), "shulayim", NULL);
}

static gboolean
is_child_of (GFile *file,
             GFile *folder)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);

  return parent != NULL && g_file_equal (parent, folder);
}

gboolean
shu_places_is_in_user_folder (GFile *file)
{
  g_autoptr(GFile) folder = shu_places_dup_user_folder ();

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return is_child_of (file, folder);
}

GFile *
shu_places_dup_bundled_folder (void)
{
  const char *datadir = g_getenv ("SHU_DATADIR");

  if (datadir != NULL && datadir[0] != '\0')
    return g_file_new_for_path (datadir);
  if (g_file_test (PKGDATADIR, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (PKGDATADIR);
  /* Run from the build folder: the source tree's copy. */
  return g_file_new_for_path (SHU_SOURCE_DATADIR);
}

GFile *
shu_places_dup_essay_file (void)
{
  g_autoptr(GFile) folder = shu_places_dup_bundled_folder ();

  return g_file_get_child (folder, "essay.he.txt");
}

gboolean
shu_places_is_bundled_file (GFile *file)
{
  const char *datadir = g_getenv ("SHU_DATADIR");
  g_autoptr(GFile) parent = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  parent = g_file_get_parent (file);
  if (parent == NULL || (path = g_file_get_path (parent)) == NULL)
    return FALSE;

  /* Every place a bundled text can be read from, whichever is used now. */
  return g_strcmp0 (path, PKGDATADIR) == 0
      || g_strcmp0 (path, SHU_SOURCE_DATADIR) == 0
      || (datadir != NULL && g_strcmp0 (path, datadir) == 0);
}

#define TEXTS_FILE "texts.ini"
#define TEXTS_GROUP "Texts"

/* Keys of a key file cannot hold every character a file name can ("=",
 * "[", line breaks): the sidecar's name is escaped. */
static char *
dup_texts_key (GFile *sidecar)
{
  g_autofree char *name = g_file_get_basename (sidecar);

  return g_uri_escape_string (name, NULL, FALSE);
}

static char *
dup_texts_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "shulayim", TEXTS_FILE, NULL);
}

gboolean
shu_places_remember_text (GFile   *sidecar,
                          GFile   *text,
                          GError **error)
{
  g_autoptr(GKeyFile) texts = g_key_file_new ();
  g_autofree char *path = dup_texts_path ();
  g_autofree char *key = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *known = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *data = NULL;
  gsize length;

  g_return_val_if_fail (G_IS_FILE (sidecar), FALSE);
  g_return_val_if_fail (text == NULL || G_IS_FILE (text), FALSE);

  if (text == NULL || !shu_places_is_in_user_folder (sidecar) || shu_places_is_bundled_file (text))
    return TRUE;

  /* A missing or damaged list is started anew: it is only a help to find
   * texts, and each save of a sidecar writes its entry again. */
  g_key_file_load_from_file (texts, path, G_KEY_FILE_KEEP_COMMENTS, NULL);
  key = dup_texts_key (sidecar);
  uri = g_file_get_uri (text);
  known = g_key_file_get_string (texts, TEXTS_GROUP, key, NULL);
  if (g_strcmp0 (known, uri) == 0)
    return TRUE;

  comment = g_key_file_get_comment (texts, NULL, NULL, NULL);
  if (comment == NULL)
    g_key_file_set_comment (texts, NULL, NULL,
                            " Where the text of each sidecar in this folder is (Shulayim).",
                            NULL);
  g_key_file_set_string (texts, TEXTS_GROUP, key, uri);
  data = g_key_file_to_data (texts, &length, NULL);
  return g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0600, error);
}

GFile *
shu_places_dup_remembered_text (GFile *sidecar)
{
  g_autoptr(GKeyFile) texts = g_key_file_new ();
  g_autofree char *path = dup_texts_path ();
  g_autofree char *key = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (G_IS_FILE (sidecar), NULL);

  if (!shu_places_is_in_user_folder (sidecar)
      || !g_key_file_load_from_file (texts, path, G_KEY_FILE_NONE, NULL))
    return NULL;
  key = dup_texts_key (sidecar);
  uri = g_key_file_get_string (texts, TEXTS_GROUP, key, NULL);
  /* The user's own list, but a file all the same: local files only. */
  if (uri == NULL || !g_str_has_prefix (uri, "file:"))
    return NULL;
  return g_file_new_for_uri (uri);
}

gboolean
shu_places_is_single_file_grant (GFile *file)
{
  g_autofree char *path = NULL;
  g_autofree char *doc_root = NULL;
  g_auto(GStrv) parts = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    return FALSE;

  /* A document exported alone is doc/<id>/<name>; one inside a granted
   * folder is a level deeper. */
  doc_root = g_build_filename (g_get_user_runtime_dir (), "doc", NULL);
  if (!g_str_has_prefix (path, doc_root) || path[strlen (doc_root)] != G_DIR_SEPARATOR)
    return FALSE;

  parts = g_strsplit (path + strlen (doc_root) + 1, G_DIR_SEPARATOR_S, -1);
  return g_strv_length (parts) == 2 && parts[0][0] != '\0' && parts[1][0] != '\0';
}

gboolean
shu_places_match_text_in_folder (GFile         *text,
                                 const char    *sha256,
                                 gboolean       keep_unsaved,
                                 GFile        **sidecar,
                                 GCancellable  *cancellable,
                                 GError       **error)
{
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GFile) beside = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sidecar_name = NULL;

  g_return_val_if_fail (G_IS_FILE (text), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (sidecar != NULL && *sidecar == NULL, FALSE);

  source = shu_source_new_from_file (text, SHU_ENCODING_AUTO, cancellable, error);
  if (source == NULL)
    return FALSE;

  /* The same name is not enough: it must be the same text. */
  if (g_strcmp0 (shu_source_get_sha256 (source), sha256) != 0)
    {
      g_autofree char *where = shu_text_dup_file_name (text);

      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("“%s” is not the text that is open: its contents differ"), where);
      return FALSE;
    }
  if (!keep_unsaved)
    return TRUE;

  /* Unsaved annotations stay; they are saved beside the text from now on,
   * unless that would write over annotations that were never loaded. */
  name = g_file_get_basename (text);
  sidecar_name = g_strconcat (name, SHU_SIDECAR_SUFFIX, NULL);
  parent = g_file_get_parent (text);
  beside = g_file_get_child (parent, sidecar_name);
  if (g_file_query_exists (beside, cancellable))
    {
      g_autofree char *where = shu_text_dup_file_name (beside);

      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("“%s” already holds annotations for this text. Save yours "
                     "under another name first (Save As), then open both."), where);
      return FALSE;
    }
  *sidecar = g_steal_pointer (&beside);
  return TRUE;
}

GFile *
shu_places_dup_sidecar_file_for_text (GFile *text)
{
  g_autoptr(GFile) parent = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  g_autofree char *sidecar_name = NULL;
  gboolean writable = FALSE;

  g_return_val_if_fail (G_IS_FILE (text), NULL);

  /* The bundled texts are never written beside, even where their folder
   * happens to be writable (run from a source tree). */
  parent = g_file_get_parent (text);
  if (parent != NULL && !shu_places_is_bundled_file (text))
    {
      info = g_file_query_info (parent, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE,
                                G_FILE_QUERY_INFO_NONE, NULL, NULL);
      writable = info != NULL
        && g_file_info_get_attribute_boolean (info, G_FILE_ATTRIBUTE_ACCESS_CAN_WRITE);
    }
  name = g_file_get_basename (text);
  sidecar_name = g_strconcat (name, SHU_SIDECAR_SUFFIX, NULL);
  /* As shu_sidecar_default_file(), which this file cannot call: the
   * sidecar's code asks here, not the other way round. */
  if (writable)
    return g_file_get_child (parent, sidecar_name);

  folder = shu_places_dup_user_folder ();
  return g_file_get_child (folder, sidecar_name);
}

void
shu_places_suggest_save_as (GFile  *sidecar,
                            GFile  *text,
                            GFile **folder,
                            char  **name)
{
  g_return_if_fail (sidecar == NULL || G_IS_FILE (sidecar));
  g_return_if_fail (text == NULL || G_IS_FILE (text));
  g_return_if_fail (folder != NULL && name != NULL);

  *folder = NULL;
  *name = NULL;
  if (sidecar != NULL)
    {
      *folder = g_file_get_parent (sidecar);
      *name = g_file_get_basename (sidecar);
    }
  else if (text != NULL)
    {
      g_autofree char *text_name = g_file_get_basename (text);

      *folder = g_file_get_parent (text);
      *name = g_strconcat (text_name, SHU_SIDECAR_SUFFIX, NULL);
    }
}
