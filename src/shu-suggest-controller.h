/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_SUGGEST_CONTROLLER (shu_suggest_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuSuggestController, shu_suggest_controller, SHU, SUGGEST_CONTROLLER,
                      GObject)

/**
 * ShuSuggestController:
 *
 * The window's part that offers suggestions (issue #29): found in a thread
 * (shu_suggest_find_async()) when a text is shown and a moment after each
 * change to its annotations, the run before cancelled; drawn by the view,
 * listed in the sidebar's Suggestions section (a ShuSuggestList the
 * controller makes; the window puts it in place), and accepted or
 * rejected from there or with the caret on one. Its commands are actions
 * it adds to the window: "win.accept-suggestion",
 * "win.reject-suggestion", "win.accept-suggestion-form" (accelerators in
 * shu-application.c).
 *
 * Properties: "document" (ShuDocument): the text the window shows (bound
 * to the window's); "loading" (boolean): its annotations are still being
 * read, so no search starts yet (bound to the window's).
 * Signals: "toast" (message): what the window is to tell the user.
 */
/* @window (a GtkApplicationWindow, whose actions the controller's join)
 * and @text_view are borrowed: the window owns the controller and
 * disposes it first when it closes. @settings gives the author's name
 * for accepted suggestions. */
ShuSuggestController *shu_suggest_controller_new      (GtkWindow   *window,
                                                       ShuTextView *text_view,
                                                       GSettings   *settings)
  G_GNUC_WARN_UNUSED_RESULT;
void        shu_suggest_controller_set_document       (ShuSuggestController *self,
                                                       ShuDocument          *document);
/* @found: the suggestions of @document,
 * found as it was loaded (shu_document_loader_get_suggestions()): shown
 * at once when @document is set next, instead of being looked for. */
void        shu_suggest_controller_set_found_with     (ShuSuggestController *self,
                                                       ShuDocument          *document,
                                                       ShuSuggestFound      *found);
/* The sidebar section. (transfer none) */
GtkWidget  *shu_suggest_controller_get_list           (ShuSuggestController *self);

G_END_DECLS
