/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"

G_BEGIN_DECLS

#define SHU_TYPE_SIDEBAR (shu_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (ShuSidebar, shu_sidebar, SHU, SIDEBAR, GtkWidget)

/**
 * ShuSidebar:
 *
 * The list of a document's annotations beside the text, filtered by label
 * and by words of the quote or comment, with an editor for the selected
 * annotation's label and comment below it. Every change goes through the
 * document's ShuAnnotationStore as one undoable step.
 *
 * Properties: "document" (ShuDocument), "selected-annotation"
 * (ShuAnnotation, read-only: the one the editor shows, filtered out or not).
 *
 * Signals:
 * - "annotation-selected" (ShuAnnotation): the user selected a row.
 * - "annotation-activated" (ShuAnnotation): the user activated a row
 *   (Enter, a double click).
 *
 * Actions: "sidebar.apply" (Ctrl+Enter in the editor) applies the editor's
 * label and comment to the selected annotation.
 *
 * An edit is never dropped: one not applied when the editor turns to
 * another annotation (or to none) is applied then, as one undoable step.
 */
GtkWidget     *shu_sidebar_new                     (void);

ShuDocument   *shu_sidebar_get_document            (ShuSidebar    *self);
void           shu_sidebar_set_document            (ShuSidebar    *self,
                                                    ShuDocument   *document);

ShuAnnotation *shu_sidebar_get_selected_annotation (ShuSidebar    *self);
/* Selects @annotation's row (when the filters show it) and shows it in the
 * editor, without emitting "annotation-selected". NULL unselects. */
void           shu_sidebar_select_annotation       (ShuSidebar    *self,
                                                    ShuAnnotation *annotation);

/* Applies the editor's unapplied label or comment, if any, to the
 * annotation it shows: for the window before it undoes, saves, deletes or
 * closes, so that the step taken is after the user's edit. */
void           shu_sidebar_apply_pending           (ShuSidebar    *self);

/* Puts the keyboard in the comment of the annotation the editor shows;
 * FALSE when it shows none. */
gboolean       shu_sidebar_focus_comment           (ShuSidebar    *self);

/* The annotations the list shows, in order. (transfer none) */
GListModel    *shu_sidebar_get_model               (ShuSidebar    *self);

/* Sets a GtkLabel's text to user text, shown as typed and in its own
 * direction: a Hebrew quote starts at the right even in an English
 * session, an English comment at the left even in a Hebrew one. Shared
 * with the other annotators' list below the sidebar. */
void           shu_sidebar_set_label_text          (GtkWidget     *label,
                                                    const char    *text);

G_END_DECLS
