/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-suggest-found.h"

G_BEGIN_DECLS

#define SHU_TYPE_SUGGEST_LIST (shu_suggest_list_get_type ())
G_DECLARE_FINAL_TYPE (ShuSuggestList, shu_suggest_list, SHU, SUGGEST_LIST, GtkWidget)

/**
 * ShuSuggestList:
 *
 * The section "Suggestions" of the sidebar, open at first: the places the window's
 * suggestions (shu-suggest.h) stand, grouped by label with their count,
 * each row with buttons to accept or reject it, each label with a button
 * to accept all of it. Hidden while there are none.
 *
 * Signals, all (guint start, guint end, const char *label_id) of the
 * suggestion (for "accept-label" the first one of the label):
 * "activated" (a row was chosen: the window shows its words), "accept",
 * "reject", "accept-label".
 */
GtkWidget *shu_suggest_list_new             (void);
/* The suggestions of @document's text; NULL: none. The rows still
 * wanted are kept. */
void       shu_suggest_list_set_suggestions (ShuSuggestList  *self,
                                             ShuDocument     *document,
                                             ShuSuggestFound *found);
/* How many rows it has made since it was made (for tests: an edit that
 * changes few rows makes few). */
guint      shu_suggest_list_get_n_rows_made (ShuSuggestList  *self);
/* The section's rows as shown, for tests: "Label (N)" for a label's
 * heading, the words for a suggestion. (transfer full) */
GStrv      shu_suggest_list_dup_rows        (ShuSuggestList *self);

G_END_DECLS
