/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-project.h"

G_BEGIN_DECLS

#define SHU_TYPE_PROJECT_SUGGESTIONS (shu_project_suggestions_get_type ())
G_DECLARE_FINAL_TYPE (ShuProjectSuggestions, shu_project_suggestions, SHU, PROJECT_SUGGESTIONS,
                      GtkWidget)

/**
 * ShuProjectSuggestions:
 *
 * The project window's Suggestions page (issue #29): suggestions across
 * every document of the project (shu_suggest_project_async(), in a
 * thread, with a progress bar and Cancel), listed by label and form with
 * how many stand in each document; all of a label or of a form accepted
 * in one step, each affected sidecar written safely in a worker thread
 * (shu_sidecar_save_async()). A toast offers Undo, which takes the step
 * back in each document and writes its sidecar again. A sidecar that
 * cannot be written is named on the page; its document's step is taken
 * back in memory, so that what is on disk (left as it was by the safe
 * write) and what is offered agree, and nothing is lost. A sidecar that
 * changed on disk since the project was read (checked in a thread just
 * before) is not written over: it is named and left as it is.
 */
GtkWidget *shu_project_suggestions_new      (ShuProject            *project);
/* What "Find Suggestions" does. */
void       shu_project_suggestions_find     (ShuProjectSuggestions *self);
/* Whether suggestions are being found or sidecars written. */
gboolean   shu_project_suggestions_get_busy (ShuProjectSuggestions *self);

G_END_DECLS
