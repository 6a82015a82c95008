/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SHU_TYPE_RECENT_FILES (shu_recent_files_get_type ())
G_DECLARE_FINAL_TYPE (ShuRecentFiles, shu_recent_files, SHU, RECENT_FILES, GObject)

/**
 * ShuRecentFiles:
 *
 * The desktop's list of recently used files, the one GTK's
 * GtkRecentManager and GNOME Files keep ($XDG_DATA_HOME/recently-used.xbel,
 * the freedesktop.org bookmark format), read and written in a worker
 * thread: GtkRecentManager reads and rewrites that file on the main thread,
 * and the file grows with every program that uses it. The file is read
 * again before each change, so that what other programs added meanwhile
 * is kept, and again when another program changes it.
 */

typedef struct
{
  char *uri;
  char *name;   /* for people: the file's name */
} ShuRecentFile;

void            shu_recent_file_free          (ShuRecentFile  *file);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuRecentFile, shu_recent_file_free)

/* The user's list, one per process. */
ShuRecentFiles *shu_recent_files_get_default  (void);
/* The list kept in @xbel (tests). */
ShuRecentFiles *shu_recent_files_new          (GFile          *xbel)
                                               G_GNUC_WARN_UNUSED_RESULT;

/* @file was opened or saved by this program: it goes first. */
void            shu_recent_files_add          (ShuRecentFiles *self,
                                               GFile          *file);
/* The files this program used, newest first, at most @max (element-type
 * ShuRecentFile); as last read ("changed" says when that changes). */
GPtrArray      *shu_recent_files_dup_mine     (ShuRecentFiles *self,
                                               guint           max)
                                               G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
