/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_FIND_CONTROLLER (shu_find_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuFindController, shu_find_controller, SHU, FIND_CONTROLLER, GObject)

/**
 * ShuFindController:
 *
 * The window's part that finds words in the text: the find bar (a
 * ShuFindBar it puts in @revealer), and "win.find", "win.find-next" and
 * "win.find-previous", which it adds to the window and enables while a
 * text is open (accelerators in shu-application.c). Find starts from the
 * selected words, as GNOME's editors do; Find Next with nothing to find
 * yet asks what to find.
 *
 * Properties: "document" (ShuDocument), bound to the window's.
 */
/* @window, @revealer (where the bar goes), @text_view (searched) and
 * @settings ("find-ignore-marks") are borrowed: the window owns the
 * controller. */
ShuFindController *shu_find_controller_new (GtkWindow   *window,
                                            GtkRevealer *revealer,
                                            ShuTextView *text_view,
                                            GSettings   *settings)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
