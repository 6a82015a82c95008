/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-sharing-controller.h"

G_BEGIN_DECLS

#define SHU_TYPE_EXTERNAL_CONTROLLER (shu_external_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuExternalController, shu_external_controller, SHU, EXTERNAL_CONTROLLER,
                      GObject)

/**
 * ShuExternalController:
 *
 * A window's answer to files another program (a colleague, git, a sync
 * client) changed: a #ShuFileWatch (src/model) tells, and this part asks
 * the user. For the sidecar: Reload, Merge (through @sharing) or Keep
 * Mine; Save checks the file first and asks instead of writing over it.
 * For the text: Re-anchor the annotations on it, or Ignore.
 *
 * Signals: "toast" (message) and "error" (heading, GError): what the
 * window is to tell the user; "reanchored" (ShuDocument, GPtrArray of
 * ShuAnchorResult): the annotations placed on the changed text, a new
 * document for the window to show (dropping a load of the old one first),
 * with what moved.
 */
/* @window (for its dialogs) and @sharing are borrowed: the window owns
 * the controller, and stops it when it closes. */
ShuExternalController *shu_external_controller_new  (GtkWindow             *window,
                                                     ShuSharingController  *sharing)
  G_GNUC_WARN_UNUSED_RESULT;
/* Starts over with @document as it is now: what is on disk is what it was
 * read from or saved to. The window tracks every document it shows. */
void     shu_external_controller_track               (ShuExternalController *self,
                                                      ShuDocument           *document);
/* Right before a save to the document's sidecar: finishes TRUE when it
 * may be written (nothing changed there, or the user chose Keep Mine or
 * Merge), FALSE when the user chose otherwise. */
void     shu_external_controller_confirm_save_async  (ShuExternalController *self,
                                                      GAsyncReadyCallback    callback,
                                                      gpointer               user_data);
gboolean shu_external_controller_confirm_save_finish (ShuExternalController *self,
                                                      GAsyncResult          *result);
/* A save confirmed above is over. */
void     shu_external_controller_save_done           (ShuExternalController *self);
/* The window closes: no more questions. */
void     shu_external_controller_stop                (ShuExternalController *self);

G_END_DECLS
