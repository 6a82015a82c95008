/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-document.h"

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
 * (syntax, limits, types); messages carry FILE:LINE:COLUMN.
 */
ShuDocument *shu_w3c_import     (GBytes       *bytes,
                                 const char   *display_name,
                                 ShuSource    *source,
                                 ShuLabelSet  *labels,
                                 GPtrArray   **report,
                                 GError      **error);

G_END_DECLS
