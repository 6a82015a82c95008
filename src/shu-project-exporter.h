/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-format.h"
#include "shu-project.h"

G_BEGIN_DECLS

/**
 * shu_project_exporter_run_async:
 * @parent: the project's window: the source object of the result
 * @toasts: where the toast saying it is written goes
 * @format: %SHU_FORMAT_QDPX or %SHU_FORMAT_TEI
 *
 * The project window's Export ▸ REFI-QDA Project and TEI Corpus once a
 * file is chosen: the whole folder made into one file by
 * shu_project_export_archive() and written in a worker thread into a
 * temporary renamed over @file (never half-written), while a dialog over
 * @parent shows how far it is and offers Cancel. Once written, a toast
 * says where and, for a .qdpx, an alert lists what REFI-QDA has no place
 * for. Cancelled, it finishes with G_IO_ERROR_CANCELLED and writes
 * nothing.
 */
void     shu_project_exporter_run_async  (GtkWindow           *parent,
                                          AdwToastOverlay     *toasts,
                                          ShuProject          *project,
                                          ShuFormat            format,
                                          GFile               *file,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean shu_project_exporter_run_finish (GtkWindow           *parent,
                                          GAsyncResult        *result,
                                          GError             **error);

/* The alert that lists, one a line, what an export's format had no place
 * for, over @parent (the document window's and the project window's). */
void     shu_project_exporter_show_left_out (GtkWindow *parent,
                                             GPtrArray *left_out);

G_END_DECLS
