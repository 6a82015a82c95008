/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-document.h"
#include "shu-import.h"

G_BEGIN_DECLS

/* The absolute IRI the standalone export uses for a text:
 * "urn:sha256:" and the lower-case hex SHA-256 of its bytes on disk. */
char        *shu_w3c_source_iri (ShuSource    *source);

/**
 * shu_w3c_export:
 *
 * The standalone W3C export of @document: an AnnotationCollection with an
 * embedded first page, where every annotation carries its own "@context"
 * and its target's source is shu_w3c_source_iri(). A discontinuous
 * annotation has one target per range. Orphans are not exported (they have
 * no place on the text). Deterministic like the sidecar.
 */
GBytes      *shu_w3c_export     (ShuDocument  *document);

/**
 * shu_w3c_import:
 * @labels: (nullable): labels to use; tagging values not in it become new
 *   labels (NULL starts from an empty set)
 * @report: (out) (optional) (element-type ShuAnchorResult): annotations
 *   that did not sit exactly at their offsets
 *
 * Reads a single Annotation, an array of them, an AnnotationPage or an
 * AnnotationCollection with an embedded first page (from any W3C producer)
 * and places the annotations on @source, re-anchoring by quote like a
 * sidecar made on another text. The input is checked like a sidecar
 * (syntax, limits, types); messages carry FILE:LINE:COLUMN. An annotation
 * that cannot be read is skipped (see shu_w3c_import_full() to hear which).
 */
ShuDocument *shu_w3c_import     (GBytes       *bytes,
                                 const char   *display_name,
                                 ShuSource    *source,
                                 ShuLabelSet  *labels,
                                 GPtrArray   **report,
                                 GError      **error);

/**
 * shu_w3c_import_full:
 * @options: strictness and the unit of TextPositionSelector offsets
 * @messages: (out) (optional) (element-type utf8): one message per
 *   annotation skipped, "FILE:LINE:COLUMN: annotation N: reason;
 *   annotation skipped"
 * @n_skipped: (out) (optional): how many were skipped
 *
 * As shu_w3c_import(). Leniently, an item that cannot be read (not an
 * annotation, no text target, a shape not understood, an id used twice)
 * is skipped and reported; with SHU_IMPORT_STRICT it refuses the file.
 */
ShuDocument *shu_w3c_import_full (GBytes                  *bytes,
                                  const char              *display_name,
                                  ShuSource               *source,
                                  ShuLabelSet             *labels,
                                  const ShuImportOptions  *options,
                                  GPtrArray              **report,
                                  GPtrArray              **messages,
                                  guint                   *n_skipped,
                                  GError                 **error);

G_END_DECLS
