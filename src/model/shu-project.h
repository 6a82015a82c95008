/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-codebook.h"
#include "shu-document.h"
#include "shu-search.h"

G_BEGIN_DECLS

#define SHU_TYPE_PROJECT_DOCUMENT (shu_project_document_get_type ())
G_DECLARE_FINAL_TYPE (ShuProjectDocument, shu_project_document, SHU, PROJECT_DOCUMENT, GObject)

/**
 * ShuProjectDocument:
 *
 * One text of a project as the document list shows it, made by a scan and
 * never changed afterwards (a new scan makes new ones). Label counts are
 * by the project's label ids: a document label is mapped onto the code
 * book by id, then by name (shu_codebook_map_label()); the labels that
 * map to nothing are listed by shu_project_document_get_unmapped_labels()
 * and counted under their own ids.
 *
 * Properties (read-only, for sorting and filtering a view of the list):
 * "name", "length", "n-annotations", "n-annotators", "error-message"
 * (NULL without an error).
 */
/* The text's path relative to the project folder, '/'-separated. */
const char   *shu_project_document_get_name          (ShuProjectDocument *self);
GFile        *shu_project_document_get_text_file     (ShuProjectDocument *self);
/* Where its annotations are kept (beside it, or in the user's folder for
 * a text in a read-only folder), whether or not the file exists. */
GFile        *shu_project_document_get_sidecar_file  (ShuProjectDocument *self);
/* NULL when the text could not be read (see get_error()). A document
 * taken from the project's index is read on first use (in the calling
 * thread; safe from any thread): call it from a worker thread, or after
 * shu_project_load_documents(). */
ShuDocument  *shu_project_document_get_document      (ShuProjectDocument *self);
/* Why the text or its sidecar was left out, or NULL. A document whose
 * sidecar failed is listed with its text and no annotations. */
const GError *shu_project_document_get_error         (ShuProjectDocument *self);
guint         shu_project_document_get_length        (ShuProjectDocument *self);
guint         shu_project_document_get_n_annotations (ShuProjectDocument *self);
/* Annotations with the project's label @label_id (NULL: without label). */
guint         shu_project_document_count_label       (ShuProjectDocument *self,
                                                      const char         *label_id);
/* The project's label id of this document's label @label_id, or NULL. */
const char   *shu_project_document_map_label_id      (ShuProjectDocument *self,
                                                      const char         *label_id);
/* Whether its text could be read when it was scanned (without reading
 * it now). */
gboolean      shu_project_document_is_readable (ShuProjectDocument *self);
/* The folding the index keeps of each text (see shu_search_fold()): the
 * strongest, so that a query is in a text's folding whenever it could
 * match the text with any flags (folding goes character by character). */
#define SHU_PROJECT_FOLD_FLAGS (SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS)
/* FALSE when the text surely lacks @folded_query (a query folded by
 * SHU_PROJECT_FOLD_FLAGS): then a search with any flags finds nothing in
 * it, and need not read it. Reads no file. */
gboolean      shu_project_document_may_contain (ShuProjectDocument *self,
                                                const char         *folded_query);
/* A search of its text that keeps its folding for the next query; made
 * on first use (reading the text, for a document taken from the index).
 * NULL when the text could not be read. */
ShuSearch    *shu_project_document_get_search        (ShuProjectDocument *self);
/* (element-type ShuLabel): the document's labels the code book lacks. */
GPtrArray    *shu_project_document_get_unmapped_labels (ShuProjectDocument *self);
/* (element-type utf8): the annotators' names, sorted; annotations without
 * a creator are not counted as an annotator. */
GPtrArray    *shu_project_document_get_annotators    (ShuProjectDocument *self);

/**
 * ShuProjectScanPhase:
 * @SHU_PROJECT_SCAN_IDLE: not scanned yet
 * @SHU_PROJECT_SCAN_FILES: walking the folders ("n-found" grows)
 * @SHU_PROJECT_SCAN_DOCUMENTS: reading the texts and sidecars
 *   ("fraction" grows)
 * @SHU_PROJECT_SCAN_DONE: the list is there (or the scan failed)
 */
typedef enum
{
  SHU_PROJECT_SCAN_IDLE,
  SHU_PROJECT_SCAN_FILES,
  SHU_PROJECT_SCAN_DOCUMENTS,
  SHU_PROJECT_SCAN_DONE,
} ShuProjectScanPhase;

#define SHU_TYPE_PROJECT (shu_project_get_type ())
G_DECLARE_FINAL_TYPE (ShuProject, shu_project, SHU, PROJECT, GObject)

/**
 * ShuProject:
 *
 * A project is a folder: the texts in it and its subfolders (files named
 * "*.txt", hidden files and folders left out), each with its sidecar, and
 * a code book (SHU_CODEBOOK_FILE_NAME at the top). It is a #GListModel of
 * #ShuProjectDocument sorted by name; a scan replaces the whole list at
 * once. A folder reached twice (a symbolic link loop) is walked once.
 *
 * A scan reads every file in worker threads (async) or in the calling
 * thread (sync, for the CLI); the async one reports "phase", "n-found"
 * and "fraction" on the caller's main context and stops at the next file
 * when cancelled, leaving the list as it was.
 *
 * A project of a folder keeps an index in the user's cache folder (see
 * docs/PROJECTS.md): a scan takes from it every document whose text and
 * sidecar are still what they were (by their size, times and digest),
 * reads only the others, and writes it again when anything changed; a
 * damaged index is read as none. After an asynchronous scan the project
 * watches its folders and scans again (reading only what changed) once
 * a burst of changes to texts, sidecars or the code book has settled.
 *
 * Properties: "folder" (construct-only), "phase", "n-found", "fraction".
 */
ShuProject   *shu_project_new                (GFile        *folder) G_GNUC_WARN_UNUSED_RESULT;
/* A project of these files only (texts, or sidecars when their names end
 * in ".json"), listed in the order given, named by their paths relative
 * to the current folder (else in full), with no code book: for the CLI's
 * commands given files rather than a folder. */
ShuProject   *shu_project_new_for_files      (GFile       **files,
                                              guint         n_files) G_GNUC_WARN_UNUSED_RESULT;
GFile        *shu_project_get_folder         (ShuProject   *self);
ShuProjectScanPhase shu_project_get_phase    (ShuProject   *self);
guint         shu_project_get_n_found        (ShuProject   *self);
double        shu_project_get_fraction       (ShuProject   *self);

gboolean      shu_project_scan               (ShuProject   *self,
                                              GCancellable *cancellable,
                                              GError      **error);
void          shu_project_scan_async         (ShuProject          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean      shu_project_scan_finish        (ShuProject   *self,
                                              GAsyncResult *result,
                                              GError      **error);

/* After a scan. The project's labels: the code book's, or without one,
 * every document's labels in list order (merged by id, then by name). */
ShuLabelSet  *shu_project_get_labels         (ShuProject   *self);
gboolean      shu_project_has_codebook       (ShuProject   *self);
/* Why the code book was not used (the labels then come from the
 * documents), or NULL. */
const GError *shu_project_get_codebook_error (ShuProject   *self);
/* The project's label for @label_id, or any document's label with that id
 * when unmapped (for its name and colour), or NULL; owned by the project. */
ShuLabel     *shu_project_lookup_label       (ShuProject   *self,
                                              const char   *label_id);
/* "rtl" when most texts are right-to-left, else "ltr"; and the language
 * most texts are in (NULL when unknown). */
const char   *shu_project_get_text_direction (ShuProject   *self);
const char   *shu_project_get_language       (ShuProject   *self);

/* Reads now the documents the scan took from the index (their texts and
 * sidecars, in worker threads), for what needs them all: the report,
 * suggestions across the project. Call it from a worker thread. FALSE
 * when cancelled (the rest are then read on first use). */
gboolean      shu_project_load_documents     (ShuProject    *self,
                                              GCancellable  *cancellable,
                                              GError       **error);
/* How many documents the last scan read from their files; the others
 * came from the project's index (unchanged since it was written). */
guint         shu_project_get_n_read         (ShuProject   *self);
/* Where the project's index is kept in the user's cache folder (whether
 * or not it exists yet); NULL for a project of files. */
GFile        *shu_project_dup_index_file     (ShuProject   *self) G_GNUC_WARN_UNUSED_RESULT;

/* Whether @file is a folder (asks the file system). */
gboolean      shu_project_is_folder          (GFile        *file);

G_END_DECLS
