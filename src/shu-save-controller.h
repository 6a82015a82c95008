/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-external-controller.h"
#include "shu-sidebar.h"

G_BEGIN_DECLS

#define SHU_TYPE_SAVE_CONTROLLER (shu_save_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuSaveController, shu_save_controller, SHU, SAVE_CONTROLLER, GObject)

/**
 * ShuSaveController:
 *
 * The window's part that saves the annotations: "win.save" and
 * "win.save-as", which it adds to the window and enables, the Save As
 * dialog, and the saves themselves, which never block the window: only a
 * snapshot of the document is taken on the main thread; the folder is
 * made and the file written in worker threads (shu_sidecar_save_async()),
 * and edits made meanwhile stay unsaved. A save to the document's sidecar
 * first asks @external whether another program changed the file. Saved
 * files go to the recent files.
 *
 * Properties: "document" (ShuDocument) and "loading" (boolean: the
 * annotations are still being read, so there is nothing to save yet),
 * both bound to the window's.
 * Signals: "toast" (message) and "error" (heading, GError): what the
 * window is to tell the user; "saved": the document shown was saved
 * (its title changes).
 */
/* @window, @external and @sidebar (whose pending edit is applied before a
 * save) are borrowed: the window owns the controller, and disposes it when
 * it closes; a save under way goes on, and tells no one. */
ShuSaveController *shu_save_controller_new  (GtkWindow             *window,
                                             ShuExternalController *external,
                                             ShuSidebar            *sidebar)
  G_GNUC_WARN_UNUSED_RESULT;

/* Save: to the document's sidecar, or, while it has none, Save As. With
 * @close_after, the window closes once the annotations are saved. */
void     shu_save_controller_save           (ShuSaveController    *self,
                                             gboolean              close_after);
/* Saves the annotations to @file, which becomes the document's sidecar
 * (what Save As does once the file is chosen). */
void     shu_save_controller_save_to_async  (ShuSaveController    *self,
                                             GFile                *file,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean shu_save_controller_save_to_finish (ShuSaveController    *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
