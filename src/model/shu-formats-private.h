/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* Helpers shared by the exporters and importers of other formats (brat,
 * doccano JSONL, HTML). Not for the app. */

/* The document's annotations in sidecar order (start, end, id).
 * (element-type ShuAnnotation) (transfer full) */
GPtrArray   *shu_formats_sorted_annotations (ShuDocument  *document);

/* The name of the annotation's label, or NULL when it has none. */
const char  *shu_formats_label_name         (ShuDocument   *document,
                                             ShuAnnotation *annotation);

/* The id of the label called @name in @labels, or else of the one @name
 * identifies (its id, or a starter label's name in English or in the
 * interface language), adding a new label (with a suggested colour) when
 * there is none. */
const char  *shu_formats_ensure_label       (ShuLabelSet  *labels,
                                             const char   *name);

/* Checks a range read from another format against @source: inside the
 * text, start < end, on grapheme boundaries. @reason gets a message. */
gboolean     shu_formats_check_range        (ShuSource    *source,
                                             guint64       start,
                                             guint64       end,
                                             char        **reason);

/* The document made of @annotations (element-type ShuAnnotation) on
 * @source with @labels. */
ShuDocument *shu_formats_build_document     (ShuSource    *source,
                                             ShuLabelSet  *labels,
                                             GPtrArray    *annotations);

G_END_DECLS
