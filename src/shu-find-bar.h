/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_FIND_BAR (shu_find_bar_get_type ())
G_DECLARE_FINAL_TYPE (ShuFindBar, shu_find_bar, SHU, FIND_BAR, GtkWidget)

/**
 * ShuFindBar:
 *
 * Finds text in a ShuTextView's document (ShuSearch, always ignoring case)
 * and selects the current match in the view, scrolled into sight. Enter
 * and Ctrl+G go to the next match, Shift+Enter and Ctrl+Shift+G to the
 * previous one, Escape asks to close it ("closed").
 *
 * Properties: "text-view" (ShuTextView), "ignore-marks" (boolean: find
 * letters with or without niqqud and cantillation marks), "n-matches"
 * (uint, read-only), "current" (int, read-only: the selected match, or -1).
 *
 * Signals: "closed": Escape or the close button; the owner hides the bar
 * and gives the focus back to the view.
 */
GtkWidget   *shu_find_bar_new              (void);

ShuTextView *shu_find_bar_get_text_view    (ShuFindBar  *self);
void         shu_find_bar_set_text_view    (ShuFindBar  *self,
                                            ShuTextView *text_view);
gboolean     shu_find_bar_get_ignore_marks (ShuFindBar  *self);
void         shu_find_bar_set_ignore_marks (ShuFindBar  *self,
                                            gboolean     ignore_marks);

/* Sets the entry's text and searches at once (typing waits a moment). */
void         shu_find_bar_set_query        (ShuFindBar  *self,
                                            const char  *query);
const char  *shu_find_bar_get_query        (ShuFindBar  *self);
/* Focuses the entry with its text selected, ready to type over. */
void         shu_find_bar_focus_entry      (ShuFindBar  *self);

guint        shu_find_bar_get_n_matches    (ShuFindBar  *self);
int          shu_find_bar_get_current      (ShuFindBar  *self);
gboolean     shu_find_bar_get_match        (ShuFindBar  *self,
                                            guint        index,
                                            guint       *start,
                                            guint       *end);
/* What the count label says, e.g. "3 of 17" or "No matches". */
const char  *shu_find_bar_get_status       (ShuFindBar  *self);
/* Select the next / previous match, wrapping around; FALSE if none. */
gboolean     shu_find_bar_next             (ShuFindBar  *self);
gboolean     shu_find_bar_previous         (ShuFindBar  *self);

G_END_DECLS
