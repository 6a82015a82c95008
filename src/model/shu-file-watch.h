/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-file-stamp.h"

G_BEGIN_DECLS

/**
 * ShuFileWatchFile:
 * @SHU_FILE_WATCH_SIDECAR: the document's sidecar.
 * @SHU_FILE_WATCH_TEXT: the document's text.
 *
 * The two files of a document that other programs may change.
 */
typedef enum
{
  SHU_FILE_WATCH_SIDECAR,
  SHU_FILE_WATCH_TEXT,
  SHU_FILE_WATCH_N_FILES,
} ShuFileWatchFile;

#define SHU_TYPE_FILE_WATCH (shu_file_watch_get_type ())
G_DECLARE_FINAL_TYPE (ShuFileWatch, shu_file_watch, SHU, FILE_WATCH, GObject)

/**
 * ShuFileWatch:
 *
 * Tells when another program (a colleague, git, a sync client) changed a
 * document's sidecar or text: it remembers what each file was when last
 * read or written (a #ShuFileStamp), monitors both, and once a file's
 * events have settled, looks at it again and emits #ShuFileWatch::changed
 * when it holds other bytes. A file touched but not changed says nothing.
 *
 * Every look at the disk (a stat, and a read when the metadata moved)
 * runs in a worker thread, one at a time and in the order asked for, so
 * that a check asked after shu_file_watch_accept() sees what it accepted;
 * results come back on the main context of the thread that made the watch.
 */
ShuFileWatch *shu_file_watch_new          (void) G_GNUC_WARN_UNUSED_RESULT;

/* Watches @file (NULL: nothing) from now on, as it was when @stamp was
 * taken; with no @stamp, as it is now (read in a worker thread; a file
 * that is not there is "no file", and a file that appears later is a
 * change). */
void          shu_file_watch_set          (ShuFileWatch        *self,
                                           ShuFileWatchFile     which,
                                           GFile               *file,
                                           const ShuFileStamp  *stamp);
GFile        *shu_file_watch_get_file     (ShuFileWatch        *self,
                                           ShuFileWatchFile     which);
/* Whether the file was there when last read, written or accepted (as far
 * as the watch knows yet). */
gboolean      shu_file_watch_had_file     (ShuFileWatch        *self,
                                           ShuFileWatchFile     which);
/* What the file holds now has been seen: it is no change any more. */
void          shu_file_watch_accept       (ShuFileWatch        *self,
                                           ShuFileWatchFile     which);

/* Whether the file holds other bytes than the watch remembers; a file
 * deleted or made unreadable is no change to take in. */
void          shu_file_watch_check_async  (ShuFileWatch        *self,
                                           ShuFileWatchFile     which,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean      shu_file_watch_check_finish (ShuFileWatch        *self,
                                           GAsyncResult        *result,
                                           GError             **error);

/* Stops monitoring and drops the looks not started yet (their callers get
 * G_IO_ERROR_CANCELLED). */
void          shu_file_watch_stop         (ShuFileWatch        *self);

G_END_DECLS
