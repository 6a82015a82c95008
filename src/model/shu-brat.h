/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"
#include "shu-import.h"

G_BEGIN_DECLS

/* The type brat gets for an annotation without a label, and which brat
 * import reads back as "no label" (unless the label set has a label of
 * that name). */
#define SHU_BRAT_NO_LABEL "Unlabelled"
/* The attribute INCEpTION's brat export writes a span's category in. */
#define SHU_BRAT_CATEGORY "value"

/* The brat type of the label named @name (NULL: no label): white space
 * as '_', since brat types cannot hold spaces. */
char        *shu_brat_type_for_label (const char *name);
/* The label name brat's type @type stands for, as import reads it: NULL
 * for SHU_BRAT_NO_LABEL (no label), one '_' fewer for the types
 * shu_brat_type_for_label() makes of "Unlabelled" and spaces, and '_'
 * read as a space. */
char        *shu_brat_name_for_type (const char *type);

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
/* The same with offsets counted in @unit (UTF-16 code units or UTF-8
 * bytes, for tools that count them; brat itself counts code points). */
GBytes      *shu_brat_export_full (ShuDocument   *document,
                                   ShuOffsetUnit  unit);

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
 * the text there (fragments joined by a space in the order written, line
 * breaks and tabs compared as spaces). A discontinuous "T" ("0 5;9 14",
 * fragments in any order) is one annotation with several ranges. Notes on
 * a "T" become its comments (AnnotatorNotes as written, other note types
 * as "Type: text"), wherever they stand in the file.
 *
 * Like brat itself, a line that cannot be read is skipped: its reason
 * "FILE:LINE:COLUMN: reason; line skipped" is added to @messages. When
 * offsets do not fit as code points but do as UTF-16 units or UTF-8
 * bytes, the reason says so.
 */
ShuDocument *shu_brat_import (GBytes       *bytes,
                              const char   *display_name,
                              ShuSource    *source,
                              ShuLabelSet  *labels,
                              GPtrArray   **messages,
                              GError      **error);

/**
 * shu_brat_import_full:
 * @options: strictness and the unit the file's offsets count in
 * @n_skipped: (out) (optional): how many lines were skipped
 *
 * As shu_brat_import(); with SHU_IMPORT_STRICT the first line that cannot
 * be read is an error "FILE:LINE:COLUMN: reason" and nothing is imported.
 */
ShuDocument *shu_brat_import_full (GBytes                  *bytes,
                                   const char              *display_name,
                                   ShuSource               *source,
                                   ShuLabelSet             *labels,
                                   const ShuImportOptions  *options,
                                   GPtrArray              **messages,
                                   guint                   *n_skipped,
                                   GError                 **error);

G_END_DECLS
