/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-file-stamp.h"

G_BEGIN_DECLS

/* Safe file replacement: a file is written whole into a temporary beside
 * it, synced, and renamed over it, so that it is at every moment one whole
 * version, the old or the new; saves keep the previous version as
 * "<file>~". The sidecar's saves and journals, and the CLI's outputs. */

/* Older than this, a temporary file next to a sidecar is left over from a
 * save that was killed; younger, it may be a save in progress. */
#define SHU_STALE_TEMPORARY_SECONDS 60

/* Where a file's bytes go as they are made: a file descriptor, and the
 * digest of what went into it, so that nobody reads the file back to
 * know what it now holds. */
typedef struct
{
  int       fd;
  ShuDigest digest;
} ShuFileSink;

/* Writes @size bytes into @user_data, a ShuFileSink (the shape of a
 * ShuJsonWriter's sink). */
gboolean shu_file_sink_write (const char  *data,
                              gsize        size,
                              gpointer     user_data,
                              GError     **error);

/* Fills @sink with the file's contents. */
typedef gboolean (*ShuWriteContents) (ShuFileSink  *sink,
                                      gpointer      user_data,
                                      GError      **error);

/* @target (a path, not followed if a link) is replaced by what @contents
 * makes; @durable syncs the file and the folder. Errors are G_FILE_ERROR,
 * with the system's reason. */
gboolean shu_safe_file_replace (const char        *target,
                                guint              mode,
                                gboolean           durable,
                                ShuWriteContents   contents,
                                gpointer           user_data,
                                ShuDigest         *digest,
                                GError           **error);
/* Writes @file (following symbolic links, so that a link stays a link)
 * with what @contents makes, durably, keeping the previous version as a
 * backup beside it. Sets @stamp, when given, to what the file is now. */
gboolean shu_safe_file_save    (GFile             *file,
                                ShuWriteContents   contents,
                                gpointer           user_data,
                                ShuFileStamp     **stamp,
                                GError           **error);
/* The same, for bytes already made (safe from a worker thread). */
gboolean shu_safe_file_write_bytes (GFile    *file,
                                    GBytes   *bytes,
                                    GError  **error);

/* Writes leave "NAME.XXXXXX" next to NAME until they rename it; a process
 * killed in between leaves it behind. Removes such files of @path (and of
 * its backup, "NAME~.XXXXXX") last modified more than @min_age_seconds
 * ago. Returns how many were removed. */
guint    shu_safe_file_clean_temporaries (const char *path,
                                          guint       min_age_seconds);

G_END_DECLS
