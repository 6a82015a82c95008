/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_LINK_CONTROLLER (shu_link_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuLinkController, shu_link_controller, SHU, LINK_CONTROLLER, GObject)

/**
 * ShuLinkController:
 *
 * The window's part that links annotations, Link to… ("win.link-to",
 * which it adds to the window): the selected annotation is where the link
 * starts; the next annotation the user selects, by a click or
 * Alt+Down/Alt+Up, is where it ends; a dialog then asks its type,
 * offering the types the start's label declares, and the model makes the
 * link (shu_link_annotations()). Escape gives a pending link up.
 *
 * Properties: "document" (ShuDocument), bound to the window's.
 * Signals: "toast" (message): what the window is to tell the user.
 */
/* @window, @text_view and @settings (the annotator's name) are borrowed:
 * the window owns the controller. */
ShuLinkController *shu_link_controller_new (GtkWindow   *window,
                                            ShuTextView *text_view,
                                            GSettings   *settings)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
