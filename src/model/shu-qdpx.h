/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/**
 * shu_qdpx_export_full:
 * @documents: (element-type ShuDocument): the texts with their annotations
 * @names: (element-type utf8): each text's name in the project
 *   ("interviews/a.txt")
 * @project_name: the project's name
 *
 * A REFI-QDA project (QDA-XML 1.0, docs/FORMAT.md "REFI-QDA"): a zip
 * archive holding project.qde and each text as UTF-8 under Sources/. The
 * labels of all the documents (by id) are the code book, the annotators
 * its users, each range of an annotation a PlainTextSelection (offsets in
 * code points, as REFI-QDA 1.5 section 10.2 counts) with the Coding of its
 * label, and each comment a Note. GUIDs are derived from the ids, so the
 * same project exports to the same GUIDs.
 */
GBytes *shu_qdpx_export_full (GPtrArray   *documents,
                              GPtrArray   *names,
                              const char  *project_name) G_GNUC_WARN_UNUSED_RESULT;
/* What a .qdpx of @document leaves out because REFI-QDA has no place for
 * it (docs/FORMAT.md, "REFI-QDA"), one line each ("NAME: 2 events not
 * written"), @name naming the text; empty when nothing is.
 * (transfer full) (element-type utf8) */
GPtrArray *shu_qdpx_dup_left_out (ShuDocument *document,
                                  const char  *name) G_GNUC_WARN_UNUSED_RESULT;
/* One document as a project of one text. */
GBytes *shu_qdpx_export      (ShuDocument *document) G_GNUC_WARN_UNUSED_RESULT;
/* The label set of @document as a REFI-QDA code book (.qdc). */
GBytes *shu_qdc_export       (ShuDocument *document) G_GNUC_WARN_UNUSED_RESULT;

/* Whether @file is named as a REFI-QDA project ("*.qdpx"): its name
 * only, nothing is read. */
gboolean shu_qdpx_is_project_file (GFile *file);

/* The limits of reading a project.qde (docs/FORMAT.md, "Reading a .qdpx"). */
#define SHU_QDE_MAX_BYTES      ((gsize) 64 * 1024 * 1024)
#define SHU_QDE_MAX_DEPTH      64
#define SHU_QDE_MAX_ATTRIBUTE  ((gsize) 1024 * 1024)

/**
 * shu_qdpx_import:
 * @archive: the .qdpx file's bytes
 * @folder: (nullable): where the project is made; must not exist or be
 *   empty. NULL reads and checks everything and writes nothing.
 * @messages: (out) (element-type utf8): what was left out and why, one
 *   line each, and what was changed to fit (nested codes' names)
 *
 * Makes a project folder from a REFI-QDA project: each text source as a
 * text with its sidecar, the code book as shulayim-codebook.json. Lenient:
 * what cannot be placed is reported and the rest kept. A hostile archive
 * or project.qde is refused before anything is written.
 */
gboolean shu_qdpx_import     (GBytes       *archive,
                              GFile        *folder,
                              GPtrArray   **messages,
                              guint        *n_texts,
                              guint        *n_annotations,
                              GError      **error);

/* Told how far an import is, 0 to 1, from the thread running it. */
typedef void (*ShuQdpxProgress) (double   fraction,
                                 gpointer user_data);

/**
 * shu_qdpx_import_file:
 * @archive: the .qdpx file (refused over SHU_ZIP_MAX_TOTAL_SIZE before it
 *   is read)
 * @cancellable: (nullable): cancelled, the import stops and removes what
 *   it wrote (the folder too, if it made it)
 * @progress: (nullable): called as the texts are read and written
 *
 * shu_qdpx_import() of a file, for the CLI and the app's worker thread:
 * blocking, never on a main thread that draws.
 */
gboolean shu_qdpx_import_file (GFile           *archive,
                               GFile           *folder,
                               GCancellable    *cancellable,
                               ShuQdpxProgress  progress,
                               gpointer         progress_data,
                               GPtrArray      **messages,
                               guint           *n_texts,
                               guint           *n_annotations,
                               GError         **error);

G_END_DECLS
