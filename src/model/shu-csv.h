/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/**
 * shu_csv_export:
 *
 * One row per annotation, in the sidecar's order, as RFC 4180 CSV: UTF-8
 * without BOM, CRLF line ends, fields quoted when they hold a comma, quote,
 * CR or LF, quotes doubled. Columns:
 * id,start,end,text,label,comment,creator,created,modified
 * and, when the document has attributes or relations, attributes,relations
 * ("CASE=Nom; Negated"; the relations the annotation starts, each whole:
 * "Part-of(Arg1=ID Arg2=ID) | Confidence=High")
 * (label by name; several comments joined with a line feed; a
 * discontinuous annotation gives the start of its first range, the end of
 * its last, and the texts of its ranges joined with " … "). Orphans are
 * not exported.
 *
 * A cell that a spreadsheet would run as a formula (one starting with
 * "=", "+", "-", "@", a tab or a carriage return) is written with a "'"
 * before it, as OWASP recommends against CSV injection: the annotations
 * come from files other people wrote.
 */
GBytes *shu_csv_export (ShuDocument *document);

typedef enum {
  SHU_CSV_NONE = 0,
  /* Cells as they are, formula starts included, for pipelines that read
   * the values with a CSV library rather than a spreadsheet. */
  SHU_CSV_RAW_CELLS = 1 << 0,
} ShuCsvFlags;

GBytes *shu_csv_export_full (ShuDocument *document,
                             ShuCsvFlags  flags);

/* Appends one cell as the export writes it (quoted when needed, with the
 * formula guard unless SHU_CSV_RAW_CELLS), then "," or, when @last, CRLF:
 * for other tables (the project report) to follow the same rules. */
void    shu_csv_append_field (GString     *out,
                              const char  *value,
                              ShuCsvFlags  flags,
                              gboolean     last);

G_END_DECLS
