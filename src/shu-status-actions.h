/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/**
 * shu_status_actions_attach:
 * @window: a widget with the properties "document" (ShuDocument) and
 *   "loading" (boolean), as ShuWindow has
 *
 * Gives @window the "status" action group: "status.set" (a string state,
 * "not-started", "in-progress" or "done"), the status of the window's
 * document for the annotator the app knows the user by (the
 * "author-name" setting), shown and set by the document menu's My Status
 * radio items (issue 23). Setting it offers Save (the sidecar keeps it,
 * see shu_document_set_status()). Without a name yet, choosing one asks
 * for the name first (win.author-name). Disabled while there is no
 * document or its annotations are loading.
 */
void          shu_status_actions_attach (GtkWidget *window);
/* The group attached to @window (what the menu shows), or NULL.
 * (transfer none) */
GActionGroup *shu_status_actions_get    (GtkWidget *window);

G_END_DECLS
