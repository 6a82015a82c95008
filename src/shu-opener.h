/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SHU_TYPE_OPENER (shu_opener_get_type ())
G_DECLARE_INTERFACE (ShuOpener, shu_opener, SHU, OPENER, GObject)

/**
 * ShuOpener:
 *
 * What opens a file and shows it: ShuWindow. A part of the window that
 * has a file opened as part of its job (Choose Folder in the sandbox)
 * asks through this, not the window's own header, so that it stays a
 * part below the window (tools/check-includes.py).
 */
struct _ShuOpenerInterface
{
  GTypeInterface parent_iface;

  void     (*open_async)  (ShuOpener           *self,
                           GFile               *file,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data);
  gboolean (*open_finish) (ShuOpener           *self,
                           GAsyncResult        *result,
                           GError             **error);
};

/* Opens @file as shu_window_open_file_async() does. */
void     shu_opener_open_async  (ShuOpener           *self,
                                 GFile               *file,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean shu_opener_open_finish (ShuOpener           *self,
                                 GAsyncResult        *result,
                                 GError             **error);

G_END_DECLS
