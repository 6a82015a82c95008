/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-document.h"
#include "shu-suggest-found.h"

G_BEGIN_DECLS

/**
 * ShuDocumentLoadPhase:
 * @SHU_DOCUMENT_LOAD_IDLE: not started yet.
 * @SHU_DOCUMENT_LOAD_SIDECAR: reading and checking the sidecar.
 * @SHU_DOCUMENT_LOAD_TEXT: reading and decoding the text.
 * @SHU_DOCUMENT_LOAD_ANCHOR: placing the annotations on the text.
 * @SHU_DOCUMENT_LOAD_DONE: finished, with a document or an error.
 *
 * What a load is doing. A failed load stays in the phase that failed, so
 * that the caller can say which file was at fault.
 */
typedef enum
{
  SHU_DOCUMENT_LOAD_IDLE,
  SHU_DOCUMENT_LOAD_SIDECAR,
  SHU_DOCUMENT_LOAD_TEXT,
  SHU_DOCUMENT_LOAD_ANCHOR,
  SHU_DOCUMENT_LOAD_DONE,
} ShuDocumentLoadPhase;

#define SHU_TYPE_DOCUMENT_LOADER (shu_document_loader_get_type ())
G_DECLARE_FINAL_TYPE (ShuDocumentLoader, shu_document_loader, SHU, DOCUMENT_LOADER, GObject)

/**
 * ShuDocumentLoader:
 *
 * Makes a #ShuDocument from files: the one place that knows "read the
 * sidecar, read the text, place the annotations on it" (for a sidecar) and
 * "read the text, find where its annotations are kept, read and place
 * them" (for a text; see shu-places.h for texts in read-only folders).
 * Used by the app, the CLI and the tests, so that they all open files the
 * same way. One loader loads once, either with shu_document_loader_load()
 * or with shu_document_loader_load_async(), which does every file read in
 * worker threads and reports its progress on the caller's main context
 * ("phase" and "fraction", and the "source-loaded" signal as soon as the
 * text is read, before its annotations are placed).
 *
 * A text's sidecar that cannot be read or placed does not fail the load:
 * the document is the text without annotations, with no sidecar file (so
 * that nothing is saved over it), and the reason is
 * shu_document_loader_get_sidecar_error().
 */

/* @file is a text, or a sidecar when its name ends in ".json". */
ShuDocumentLoader *shu_document_loader_new           (GFile              *file)
                                                      G_GNUC_WARN_UNUSED_RESULT;
/* @file is a sidecar, or a text, whatever its name. */
ShuDocumentLoader *shu_document_loader_new_for_sidecar (GFile            *file)
                                                        G_GNUC_WARN_UNUSED_RESULT;
ShuDocumentLoader *shu_document_loader_new_for_text  (GFile              *file)
                                                      G_GNUC_WARN_UNUSED_RESULT;
/* Only for a sidecar, before loading: the annotations are placed on this
 * text instead of the one the sidecar names: a file (read in the encoding
 * the sidecar records), or a text already read. */
void               shu_document_loader_set_source_file (ShuDocumentLoader *self,
                                                        GFile             *source_file);
void               shu_document_loader_set_source    (ShuDocumentLoader  *self,
                                                      ShuSource          *source);

GFile             *shu_document_loader_get_file      (ShuDocumentLoader  *self);
gboolean           shu_document_loader_is_sidecar    (ShuDocumentLoader  *self);
ShuDocumentLoadPhase shu_document_loader_get_phase   (ShuDocumentLoader  *self);
double             shu_document_loader_get_fraction  (ShuDocumentLoader  *self);

ShuDocument       *shu_document_loader_load          (ShuDocumentLoader  *self,
                                                      GCancellable       *cancellable,
                                                      GError            **error)
                                                      G_GNUC_WARN_UNUSED_RESULT;
void               shu_document_loader_load_async    (ShuDocumentLoader  *self,
                                                      GCancellable       *cancellable,
                                                      GAsyncReadyCallback callback,
                                                      gpointer            user_data);
ShuDocument       *shu_document_loader_load_finish   (ShuDocumentLoader  *self,
                                                      GAsyncResult       *result,
                                                      GError            **error)
                                                      G_GNUC_WARN_UNUSED_RESULT;

/* Starts an asynchronous load before anyone asks for its result (the
 * app, for the files on its command line, while GTK starts): the first
 * shu_document_loader_load_async() after it adopts the load, and is told
 * all that it would have been told ("source-loaded" included, emitted
 * again for it), in later main loop iterations. Its cancellable stops
 * the load from then on; shu_document_loader_cancel_early() stops a load
 * nobody adopted. */
void               shu_document_loader_start_early   (ShuDocumentLoader  *self);
void               shu_document_loader_cancel_early  (ShuDocumentLoader  *self);

/* After a load. The text that was read (also after a failed anchoring),
 * the sidecar's file (for a text: where its annotations are kept, whether
 * or not the file exists), the anchoring report (element-type
 * ShuAnchorResult: one per annotation that is not where the sidecar said),
 * and why a text's sidecar was left out (NULL when it was not). */
ShuSource         *shu_document_loader_get_source    (ShuDocumentLoader  *self);
GFile             *shu_document_loader_get_sidecar_file (ShuDocumentLoader *self);
GPtrArray         *shu_document_loader_get_report    (ShuDocumentLoader  *self);
const GError      *shu_document_loader_get_sidecar_error (ShuDocumentLoader *self);

/* Before an asynchronous load: a short text's suggestions
 * (shu_suggest_find()) are found in the load's thread too, after its
 * annotations are placed, so that they can be shown with them. After the
 * load: (nullable) (transfer none) those suggestions, counted, or NULL
 * when none were looked for (a long text: the caller finds them). */
void               shu_document_loader_set_find_suggestions (ShuDocumentLoader *self,
                                                             gboolean           find_suggestions);
ShuSuggestFound   *shu_document_loader_get_suggestions (ShuDocumentLoader *self);

G_END_DECLS
