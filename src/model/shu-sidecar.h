/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-document.h"
#include "shu-places.h"

G_BEGIN_DECLS

/* The newest version read and written; files are written with the lowest
 * version that holds them (docs/FORMAT.md). */
#define SHU_SIDECAR_FORMAT_VERSION 4
/* Limits for untrusted input, documented in docs/FORMAT.md. */
#define SHU_SIDECAR_MAX_BYTES ((gsize) 256 * 1024 * 1024)
#define SHU_SIDECAR_MAX_DEPTH 32

/* "<text>.annotations.json" beside the text. */
GFile        *shu_sidecar_default_file      (GFile         *text_file);

#define SHU_TYPE_SIDECAR (shu_sidecar_get_type ())
G_DECLARE_FINAL_TYPE (ShuSidecar, shu_sidecar, SHU, SIDECAR, GObject)

/**
 * ShuSidecar:
 *
 * A sidecar that has been read and checked on its own (syntax, limits,
 * types, members, version) but not yet placed on a text. Errors carry
 * "FILE:LINE:COLUMN: reason" with @display_name as FILE.
 */
ShuSidecar   *shu_sidecar_parse             (GBytes        *bytes,
                                             const char    *display_name,
                                             GError       **error);
ShuSidecar   *shu_sidecar_load              (GFile         *file,
                                             GCancellable  *cancellable,
                                             GError       **error);

GFile        *shu_sidecar_get_file          (ShuSidecar    *self);
const char   *shu_sidecar_get_source_name   (ShuSidecar    *self);
const char   *shu_sidecar_get_source_sha256 (ShuSidecar    *self);
guint         shu_sidecar_get_source_length (ShuSidecar    *self);
ShuEncoding   shu_sidecar_get_source_encoding (ShuSidecar  *self);
guint         shu_sidecar_get_n_annotations (ShuSidecar    *self);
ShuLabelSet  *shu_sidecar_get_labels        (ShuSidecar    *self);

/* The text named by the sidecar: its source name resolved in the sidecar's
 * folder (only a plain file name is accepted: no folders, no "..", no
 * absolute paths or URIs), decoded in the recorded encoding. */
ShuSource    *shu_sidecar_load_source       (ShuSidecar    *self,
                                             GCancellable  *cancellable,
                                             GError       **error);

/**
 * shu_sidecar_anchor:
 * @report: (out) (optional) (element-type ShuAnchorResult): one entry per
 *   annotation that is not EXACT; empty when the text is the one the
 *   sidecar was made on
 *
 * Places the annotations on @source and returns the document. When the
 * SHA-256 matches, every annotation must fit the text exactly (offsets in
 * range, start < end, grapheme boundaries, exact quote): a mismatch is an
 * error (SHU_ERROR_MISMATCH with the annotation's position in the file).
 * When it differs, annotations are re-anchored and none is moved silently.
 */
ShuDocument  *shu_sidecar_anchor            (ShuSidecar    *self,
                                             ShuSource     *source,
                                             GPtrArray    **report,
                                             GError       **error);
/* The same, for a sidecar that is anchored only this once (a load): each
 * parsed annotation is freed as soon as it is placed, so the parsed and
 * the placed annotations are never all in memory together, and the
 * placed ones reuse the parsed ones' memory (at 200k annotations,
 * anchoring took 480-510 ms instead of 585-620). Afterwards, success or
 * not, @self cannot be anchored again. */
ShuDocument  *shu_sidecar_anchor_once       (ShuSidecar    *self,
                                             ShuSource     *source,
                                             GPtrArray    **report,
                                             GError       **error);

/* Deterministic bytes: the same document always gives the same bytes. */
GBytes       *shu_sidecar_serialize         (ShuDocument   *document);
/* Atomic and durable, through a symlink to its target, keeping the
 * previous version as "<file>~". Never touches the source text. */
gboolean      shu_sidecar_save              (ShuDocument   *document,
                                             GFile         *file,
                                             GError       **error);
/**
 * shu_sidecar_save_async:
 *
 * Saves like shu_sidecar_save() with only a snapshot taken in the calling
 * thread (the immutable annotations and labels, referenced): serialising
 * and the durable write happen in a worker thread. Saves are written one
 * after the other in the order they were started. Edits made meanwhile are
 * not in the file and leave the store modified: finish() marks saved the
 * state the snapshot was taken in (see shu_annotation_store_get_state())
 * and sets the document's sidecar file.
 */
void          shu_sidecar_save_async        (ShuDocument         *document,
                                             GFile               *file,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean      shu_sidecar_save_finish       (ShuDocument         *document,
                                             GAsyncResult        *result,
                                             GError             **error);

G_END_DECLS
