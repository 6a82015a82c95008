/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* The type brat gets for an annotation without a label, and which brat
 * import reads back as "no label" (unless the label set has a label of
 * that name). */
#define SHU_BRAT_NO_LABEL "Unlabelled"

/**
 * shu_brat_export:
 *
 * The annotations of @document as a brat standoff ".ann" file (for the
 * text saved as the ".txt" beside it): one "T" line per annotation,
 * numbered T1, T2, ... in sidecar order, with its label as the type
 * (white space in a label becomes '_': brat types cannot hold spaces),
 * its ranges as "start end" pairs joined by ';' (code points, as brat's
 * Python indexes count) and the covered text (ranges joined by one space,
 * line breaks and tabs written as spaces); then, for each comment, a
 * "#N\tAnnotatorNotes Tn\tcomment" line (line breaks as spaces). Orphans
 * are not exported.
 */
GBytes      *shu_brat_export (ShuDocument  *document);

/**
 * shu_brat_import:
 * @labels: (nullable): labels to use; types not in it become new labels
 *   ('_' read as a space unless the name exists as written)
 * @messages: (out) (optional) (element-type utf8): what the file holds
 *   that Shulayim has no place for (relations, attributes, events,
 *   equivalences, normalizations, notes on those), with counts
 *
 * Reads a brat ".ann" file made for @source. Every "T" line's offsets must
 * lie in the text, on grapheme boundaries, and its text field must equal
 * the text there (fragments joined by a space, line breaks and tabs
 * compared as spaces): a mismatch is an error "FILE:LINE:COLUMN: reason".
 * A discontinuous "T" ("0 5;9 14") is one annotation with several ranges.
 * AnnotatorNotes on a "T" become its comments.
 */
ShuDocument *shu_brat_import (GBytes       *bytes,
                              const char   *display_name,
                              ShuSource    *source,
                              ShuLabelSet  *labels,
                              GPtrArray   **messages,
                              GError      **error);

G_END_DECLS
