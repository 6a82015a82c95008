/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "shu-error.h"
#include "shu-places.h"
#include "shu-safe-file.h"

/* How many symbolic links a save follows before giving up (as the kernel). */
#define MAX_SYMLINKS 40

/* Follows symbolic links to the file that is really written, so that a
 * link stays a link. A missing final target is fine (a new file). */
static char *
resolve_target (const char  *path,
                gboolean    *exists,
                guint       *mode,
                GError     **error)
{
  g_autofree char *current = g_canonicalize_filename (path, NULL);

  for (guint i = 0; i < MAX_SYMLINKS; i++)
    {
      struct stat st;
      g_autofree char *link = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *next = NULL;

      if (g_lstat (current, &st) != 0)
        {
          int saved = errno;

          if (saved == ENOENT)
            {
              *exists = FALSE;
              return g_steal_pointer (&current);
            }
          g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not save “%s”: %s"),
                       path, g_strerror (saved));
          return NULL;
        }

      if (S_ISREG (st.st_mode))
        {
          *exists = TRUE;
          *mode = st.st_mode & 07777;
          return g_steal_pointer (&current);
        }
      if (!S_ISLNK (st.st_mode))
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_IO,
                       _("Could not save “%s”: “%s” exists and is not a regular file; "
                       "refusing to overwrite it"), path, current);
          return NULL;
        }

      link = g_file_read_link (current, NULL);
      if (link == NULL)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not save “%s”: cannot read "
                       "the symbolic link “%s”"), path, current);
          return NULL;
        }
      dir = g_path_get_dirname (current);
      next = g_canonicalize_filename (link, dir);
      g_free (current);
      current = g_steal_pointer (&next);
    }

  g_set_error (error, SHU_ERROR, SHU_ERROR_IO,
               _("Could not save “%s”: too many levels of symbolic links"), path);
  return NULL;
}

static const char *
file_error_reason (GError *error)
{
  if (error->domain == G_FILE_ERROR)
    switch (error->code)
      {
      case G_FILE_ERROR_NOSPC:
        return _("the disk is full");
      case G_FILE_ERROR_ACCES:
      case G_FILE_ERROR_PERM:
        return _("permission denied");
      case G_FILE_ERROR_ROFS:
        return _("the file system is read-only");
      case G_FILE_ERROR_NOENT:
        return _("the folder does not exist");
      default:
        break;
      }
  return error->message;
}

gboolean
shu_file_sink_write (const char  *data,
                     gsize        size,
                     gpointer     user_data,
                     GError     **error)
{
  ShuFileSink *sink = user_data;

  shu_digest_update (&sink->digest, data, size);
  while (size > 0)
    {
      gssize n = write (sink->fd, data, size);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          return shu_set_error_from_errno (error, saved);
        }
      data += n;
      size -= (gsize) n;
    }
  return TRUE;
}

/* Writes a new file beside @target, named like g_mkstemp()'s so that
 * shu_safe_file_clean_temporaries() finds it when a kill leaves it, with
 * what @contents makes: the bytes come as they are made, so a large
 * sidecar is never whole in memory. Durable: synced before it returns.
 * Returns the temporary's path, or NULL (and nothing is left behind). */
static char *
write_temporary (const char     *target,
                 guint           mode,
                 gboolean        durable,
                 ShuWriteContents contents,
                 gpointer        user_data,
                 ShuDigest      *digest,
                 GError        **error)
{
  g_autofree char *temporary = g_strconcat (target, ".XXXXXX", NULL);
  ShuFileSink sink;
  gboolean ok;

  sink.fd = g_mkstemp_full (temporary, O_WRONLY | O_CLOEXEC, (int) mode);
  if (sink.fd < 0)
    {
      shu_set_error_from_errno (error, errno);
      return NULL;
    }
  shu_digest_init (&sink.digest);

  ok = contents (&sink, user_data, error);
  if (ok && durable && fsync (sink.fd) != 0)
    ok = shu_set_error_from_errno (error, errno);
  /* close() reports what a network file system could not write. */
  if (close (sink.fd) != 0 && ok)
    ok = shu_set_error_from_errno (error, errno);
  if (!ok)
    {
      g_unlink (temporary);
      return NULL;
    }
  if (digest != NULL)
    *digest = sink.digest;
  return g_steal_pointer (&temporary);
}

/* Renames @temporary over @target, so that @target is at every moment one
 * whole version, the old or the new, and the old one's bytes are never
 * written to (a backup may be another name for them). Durable: the folder
 * is synced after the rename. On failure @temporary is removed. */
static gboolean
commit_temporary (const char  *temporary,
                  const char  *target,
                  gboolean     durable,
                  GError     **error)
{
  g_autofree char *folder = NULL;
  int folder_fd;

  if (g_rename (temporary, target) != 0)
    {
      int saved = errno;

      g_unlink (temporary);
      return shu_set_error_from_errno (error, saved);
    }

  /* The rename itself, made durable; a file system that cannot sync a
   * folder has renamed durably already or never will. */
  if (durable)
    {
      folder = g_path_get_dirname (target);
      folder_fd = g_open (folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
      if (folder_fd >= 0)
        {
          fsync (folder_fd);
          close (folder_fd);
        }
    }
  return TRUE;
}

/* Both steps at once: @target is replaced by what @contents makes. */
gboolean
shu_safe_file_replace (const char     *target,
                       guint           mode,
                       gboolean        durable,
                       ShuWriteContents contents,
                       gpointer        user_data,
                       ShuDigest      *digest,
                       GError        **error)
{
  g_autofree char *temporary = write_temporary (target, mode, durable, contents, user_data,
                                                digest, error);

  return temporary != NULL && commit_temporary (temporary, target, durable, error);
}

static gboolean
copy_contents (ShuFileSink  *sink,
               gpointer      user_data,
               GError      **error)
{
  int from = GPOINTER_TO_INT (user_data);
  char buffer[64 * 1024];

  for (;;)
    {
      gssize n = read (from, buffer, sizeof buffer);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return shu_set_error_from_errno (error, errno);
      if (n == 0)
        return TRUE;
      if (!shu_file_sink_write (buffer, (gsize) n, sink, error))
        return FALSE;
    }
}

/* Keeps @target's current version as "@target~", replacing the previous
 * backup atomically, so that a kill leaves a whole backup (or the previous
 * one) and only temporaries the cleanup knows. Saves never write into a
 * file (they rename a new one over it), so the backup is a second name for
 * the current file: nothing is read or copied. Where the file system has
 * no hard links, it is a copy, read and written in pieces. */
static gboolean
keep_backup (const char  *target,
             guint        mode,
             GError     **error)
{
  g_autofree char *backup = g_strconcat (target, "~", NULL);
  g_autofree char *temporary = NULL;
  int from;
  gboolean ok;

  for (guint attempt = 0; attempt < 100; attempt++)
    {
      static const char letters[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
      char suffix[7];

      for (guint i = 0; i < 6; i++)
        suffix[i] = letters[g_random_int_range (0, sizeof letters - 1)];
      suffix[6] = '\0';
      g_free (temporary);
      temporary = g_strconcat (backup, ".", suffix, NULL);
      if (link (target, temporary) == 0)
        {
          if (g_rename (temporary, backup) != 0)
            {
              int saved = errno;

              g_unlink (temporary);
              return shu_set_error_from_errno (error, saved);
            }
          /* A rename between two names of one file does nothing: when the
           * backup already was this file (a save failed after keeping
           * it), the temporary name is still there. */
          g_unlink (temporary);
          return TRUE;
        }
      if (errno != EEXIST)
        break;
    }

  from = g_open (target, O_RDONLY | O_CLOEXEC, 0);
  if (from < 0)
    return shu_set_error_from_errno (error, errno);
  ok = shu_safe_file_replace (backup, mode, FALSE, copy_contents, GINT_TO_POINTER (from), NULL,
                              error);
  close (from);
  return ok;
}

/* Writes @file (following symbolic links, so that a link stays a link)
 * with what @contents makes, keeping the previous version as a backup
 * beside it. Sets @stamp, when given, to what the file is now. */
gboolean
shu_safe_file_save (GFile          *file,
                    ShuWriteContents contents,
                    gpointer        user_data,
                    ShuFileStamp  **stamp,
                    GError        **error)
{
  g_autofree char *path = NULL;
  g_autofree char *target = NULL;
  g_autofree char *temporary = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean exists = FALSE;
  guint mode = 0644;
  ShuDigest digest;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED,
                   _("Could not save “%s”: only local files can be written"), uri);
      return FALSE;
    }

  /* The user's Shulayim folder is made by the first save into it (a new
   * account has not even the data folder), private: annotations may be
   * confidential. Any other missing folder is an error: it may be a
   * mistyped path, or a disk that is not there. */
  if (shu_places_is_in_user_folder (file))
    {
      g_autofree char *folder = g_path_get_dirname (path);

      if (g_mkdir_with_parents (folder, 0700) != 0)
        {
          int saved = errno;

          g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not make “%s”: %s"),
                       folder, g_strerror (saved));
          return FALSE;
        }
    }

  target = resolve_target (path, &exists, &mode, error);
  if (target == NULL)
    return FALSE;

  /* Saves that were killed half-way left their temporary files here. */
  shu_safe_file_clean_temporaries (target, SHU_STALE_TEMPORARY_SECONDS);

  /* The new version is written whole before the backup moves on: a save
   * that fails half-way (a full disk) keeps the older backup as it was. */
  temporary = write_temporary (target, mode, TRUE, contents, user_data, &digest, &local_error);
  if (temporary == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not save “%s”: %s"),
                   target, file_error_reason (local_error));
      return FALSE;
    }

  if (exists && !keep_backup (target, mode, &local_error))
    {
      g_autofree char *backup_path = g_strconcat (target, "~", NULL);

      g_unlink (temporary);
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO,
                   _("Could not save “%s”: could not keep the previous version as “%s”: %s"),
                   path, backup_path, file_error_reason (local_error));
      return FALSE;
    }

  if (!commit_temporary (temporary, target, TRUE, &local_error))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("Could not save “%s”: %s"),
                   target, file_error_reason (local_error));
      return FALSE;
    }

  if (stamp != NULL)
    {
      /* Following a symlink, like the write did. */
      g_autoptr(GFileInfo) info = g_file_query_info (file, SHU_FILE_STAMP_ATTRIBUTES,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      *stamp = shu_file_stamp_new_from_digest (info, digest.size, shu_digest_finish (&digest));
    }
  return TRUE;
}

static gboolean
bytes_contents (ShuFileSink  *sink,
                gpointer      user_data,
                GError      **error)
{
  gsize size;
  const char *data = g_bytes_get_data (user_data, &size);

  return size == 0 || shu_file_sink_write (data, size, sink, error);
}

gboolean
shu_safe_file_write_bytes (GFile   *file,
                           GBytes  *bytes,
                           GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return shu_safe_file_save (file, bytes_contents, bytes, NULL, error);
}


static gboolean
is_temporary_of (const char *name,
                 const char *base)
{
  gsize len = strlen (base);

  /* g_mkstemp() replaces "XXXXXX" with letters and digits. */
  if (strncmp (name, base, len) != 0 || name[len] != '.' || strlen (name) != len + 7)
    return FALSE;
  for (gsize i = len + 1; i < len + 7; i++)
    if (!g_ascii_isalnum (name[i]))
      return FALSE;
  return TRUE;
}

guint
shu_safe_file_clean_temporaries (const char *path,
                                 guint       min_age_seconds)
{
  g_autofree char *folder = NULL;
  g_autofree char *base = NULL;
  g_autofree char *backup = NULL;
  g_autoptr(GDir) dir = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;
  guint removed = 0;

  g_return_val_if_fail (path != NULL, 0);

  folder = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  backup = g_strconcat (base, "~", NULL);
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    return 0;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = NULL;
      struct stat st;

      if (!is_temporary_of (name, base) && !is_temporary_of (name, backup))
        continue;
      child = g_build_filename (folder, name, NULL);
      /* Only files, and only old ones: a fresh one may be another
       * process's save in progress. */
      if (g_lstat (child, &st) != 0 || !S_ISREG (st.st_mode)
          || now - (gint64) st.st_mtime < (gint64) min_age_seconds)
        continue;
      if (g_unlink (child) == 0)
        removed++;
    }
  return removed;
}
