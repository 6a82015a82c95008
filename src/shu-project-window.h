/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-corpus-report.h"
#include "shu-project.h"

G_BEGIN_DECLS

#define SHU_TYPE_PROJECT_WINDOW (shu_project_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuProjectWindow, shu_project_window, SHU, PROJECT_WINDOW,
                      AdwApplicationWindow)

/**
 * ShuProjectWindow:
 *
 * A folder opened as a project: its document list (scanned in threads,
 * with progress and Cancel, the files that could not be read listed with
 * the reason), a search across its texts shown as keyword-in-context lines
 * grouped by document, and its report as charts with CSV and HTML export.
 * A document opens in a window of its own, so the list stays where it was
 * beside it. Nothing here reads or writes a file on the main thread.
 */
ShuProjectWindow *shu_project_window_new             (GtkApplication   *application,
                                                      GFile            *folder);
ShuProject       *shu_project_window_get_project     (ShuProjectWindow *self);
/* "documents", "search", "reports" or "suggestions". */
void              shu_project_window_set_page        (ShuProjectWindow *self,
                                                      const char       *name);
/* Types @text in the search entry (the search starts after the entry's
 * usual pause, in a thread). */
void              shu_project_window_search          (ShuProjectWindow *self,
                                                      const char       *text);
/* Whether a scan, a search or the report is still running. */
gboolean          shu_project_window_get_busy        (ShuProjectWindow *self);
GtkWidget        *shu_project_window_get_document_view (ShuProjectWindow *self);
GtkWidget        *shu_project_window_get_results     (ShuProjectWindow *self);
/* The charts of the report: "bars", "annotator-bars" or "heat-map". */
GtkWidget        *shu_project_window_get_chart       (ShuProjectWindow *self,
                                                      const char       *which);
/* What shu_project_window_export_async() writes besides a table: the
 * whole HTML report, or the coded text of the label chosen on the
 * Reports page. */
#define SHU_PROJECT_WINDOW_EXPORT_HTML        (-1)
#define SHU_PROJECT_WINDOW_EXPORT_CODED_LABEL (-2)
/* The whole folder as one REFI-QDA project or one TEI corpus, with a
 * progress dialog, a toast once written, and what REFI-QDA had no place
 * for listed (shu-project-exporter.h). */
#define SHU_PROJECT_WINDOW_EXPORT_QDPX        (-3)
#define SHU_PROJECT_WINDOW_EXPORT_TEI         (-4)

/* Writes @table as CSV, or SHU_PROJECT_WINDOW_EXPORT_HTML, _CODED_LABEL, _QDPX or _TEI,
 * to @file in a thread (what the Export dialogs do once a file is
 * chosen). */
void              shu_project_window_export_async    (ShuProjectWindow    *self,
                                                      int                  table,
                                                      GFile               *file,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          shu_project_window_export_finish   (ShuProjectWindow *self,
                                                      GAsyncResult     *result,
                                                      GError          **error);

G_END_DECLS
