/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-annotate-popover.h"
#include "shu-document.h"
#include "shu-sidebar.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_ANNOTATE_CONTROLLER (shu_annotate_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuAnnotateController, shu_annotate_controller, SHU, ANNOTATE_CONTROLLER,
                      GObject)

/**
 * ShuAnnotateController:
 *
 * The window's part that makes and edits annotations on the text: the
 * annotate popover, the keys that mean something while reading (Enter
 * annotates the selection, 1-9 label it, Delete removes the selected
 * highlight, Escape unselects it), and the commands "win.annotate",
 * "win.annotate-label", "win.set-label", "win.edit-comment",
 * "win.move-edge", "win.delete-annotation", "win.next-annotation",
 * "win.previous-annotation" and "win.author-name", which it adds to the
 * window and enables. Each change is one undoable step of the document's
 * store; the annotator's name is the "author-name" setting.
 *
 * Properties: "document" (ShuDocument) and "loading" (boolean: the
 * annotations are still being read, so nothing is edited yet), both bound
 * to the window's.
 * Signals: "toast" (message, undoable): what the window is to tell the
 * user; when undoable, the toast offers to undo the last step.
 */
/* @window (a GtkApplicationWindow, whose actions the controller's join),
 * @text_view, @sidebar and @settings are borrowed: the window owns the
 * controller. The popover is the controller's, attached to @text_view. */
ShuAnnotateController *shu_annotate_controller_new (GtkWindow   *window,
                                                    ShuTextView *text_view,
                                                    ShuSidebar  *sidebar,
                                                    GSettings   *settings)
  G_GNUC_WARN_UNUSED_RESULT;

ShuAnnotatePopover *shu_annotate_controller_get_popover (ShuAnnotateController *self);

/* Adds an annotation on the selection in the view, as one undo step.
 * @label_id and @comment may be NULL. */
gboolean shu_annotate_controller_annotate_selection (ShuAnnotateController  *self,
                                                     const char             *label_id,
                                                     const char             *comment,
                                                     GError                **error);

G_END_DECLS
