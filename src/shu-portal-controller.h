/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-document.h"

G_BEGIN_DECLS

#define SHU_TYPE_PORTAL_CONTROLLER (shu_portal_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuPortalController, shu_portal_controller, SHU, PORTAL_CONTROLLER,
                      GObject)

/**
 * ShuPortalController:
 *
 * The window's part for a text the Flatpak sandbox shows alone: a file
 * chosen through the portal is the only file of its folder the app can
 * see, so its sidecar is not visible and nothing can be written beside
 * it. The part then offers, once, to choose the text's folder
 * ("win.choose-folder", which it adds to the window; README, "Sidecars in
 * the sandbox"), checks in a worker thread that the folder's file is the
 * same text, and works from the folder: the text there is opened again
 * (through the window, a ShuOpener), or, with unsaved annotations, they
 * are to be saved there.
 *
 * Properties: "document" (ShuDocument), bound to the window's.
 * Signals: "add-toast" (AdwToast) and "error" (heading, GError): what the
 * window is to show; "sidecar-chosen": the document's annotations are to
 * be saved beside the text in the folder (its title changes).
 */
/* @window (a GtkApplicationWindow and a ShuOpener) is borrowed: it owns
 * the controller, and disposes it when it closes. Reads stop when
 * @cancellable (the window's for that) is cancelled. */
ShuPortalController *shu_portal_controller_new         (GtkWindow           *window,
                                                        GCancellable        *cancellable)
  G_GNUC_WARN_UNUSED_RESULT;
/* After a text was opened: offers to choose its folder when the sandbox
 * granted the text alone (shu_places_is_single_file_grant()). */
void                 shu_portal_controller_check_grant (ShuPortalController *self);
/* What "Choose Folder" does once the folder is chosen; the text there is
 * read in a worker thread. */
void                 shu_portal_controller_use_folder_async  (ShuPortalController *self,
                                                              GFile               *folder,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean             shu_portal_controller_use_folder_finish (ShuPortalController *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);

G_END_DECLS
