/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-window.h"

G_BEGIN_DECLS

#define SHU_TYPE_WINDOW_EXTERNAL (shu_window_external_get_type ())
G_DECLARE_FINAL_TYPE (ShuWindowExternal, shu_window_external, SHU, WINDOW_EXTERNAL, GObject)

/**
 * ShuWindowExternal:
 *
 * A window's answer to files another program (a colleague, git, a sync
 * client) changed: a #ShuFileWatch (src/model) tells, and this part asks
 * the user. For the sidecar: Reload, Merge or Keep Mine; Save checks the
 * file first and asks instead of writing over it. For the text: Re-anchor
 * the annotations on it, or Ignore. Kept by the window, which it borrows.
 */
ShuWindowExternal *shu_window_external_new   (ShuWindow          *window)
                                              G_GNUC_WARN_UNUSED_RESULT;
/* Starts over with @document as it is now: what is on disk is what it was
 * read from or saved to. */
void               shu_window_external_track (ShuWindowExternal  *self,
                                              ShuDocument        *document);
/* Right before a save to the document's sidecar: finishes TRUE when it
 * may be written (nothing changed there, or the user chose Keep Mine or
 * Merge), FALSE when the user chose otherwise. */
void               shu_window_external_confirm_save_async  (ShuWindowExternal   *self,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           shu_window_external_confirm_save_finish (ShuWindowExternal   *self,
                                                            GAsyncResult        *result);
/* A save confirmed above is over. */
void               shu_window_external_save_done (ShuWindowExternal *self);
/* The window closes: no more questions. */
void               shu_window_external_stop  (ShuWindowExternal  *self);

G_END_DECLS
