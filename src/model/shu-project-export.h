/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-format.h"
#include "shu-project.h"
#include "shu-qdpx.h"

G_BEGIN_DECLS

/**
 * shu_project_export_archive:
 * @project: a scanned project
 * @format: %SHU_FORMAT_QDPX (one REFI-QDA project of every text, the
 *   project's labels its code book: shu_qdpx_export_full()) or
 *   %SHU_FORMAT_TEI (one <teiCorpus>: shu_tei_export_corpus())
 * @cancellable: (nullable): stops at the next text with
 *   G_IO_ERROR_CANCELLED
 * @progress: (nullable): told how far it is as the texts are read
 * @left_out: (out) (optional) (element-type utf8): for a .qdpx, what
 *   REFI-QDA has no place for, one line per text and kind
 *   (shu_qdpx_dup_left_out()); empty otherwise
 *
 * The whole folder as one file: every text that could be read, annotated
 * or not, named by its path in the project, the project named by its
 * folder. Reads the texts the scan took from the project's index:
 * blocking, for the CLI and the app's worker thread.
 */
GBytes *shu_project_export_archive (ShuProject       *project,
                                    ShuFormat         format,
                                    GCancellable     *cancellable,
                                    ShuQdpxProgress   progress,
                                    gpointer          progress_data,
                                    GPtrArray       **left_out,
                                    GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
