/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"
#include "shu-import.h"

G_BEGIN_DECLS

/* The deepest nesting a doccano line needs is 3 ({"label": [[...]]}); a
 * little more is allowed for members we do not read. */
#define SHU_JSONL_MAX_DEPTH 8

/**
 * shu_jsonl_export:
 *
 * The document as one line of doccano's sequence-labelling JSONL:
 * {"id": 1, "text": TEXT, "label": [[start, end, "Label"], ...],
 *  "Comments": [{"start": s, "end": e, "text": "..."}, ...]} and a line
 * feed. Offsets are code points. A discontinuous annotation gives one
 * label entry per range (doccano has no discontinuous spans); an
 * unlabelled one has the label "". Each comment names the first range of
 * its annotation. Orphans are not exported. A document with links is
 * written in doccano's relation format instead: "entities" [{"id",
 * "label", "start_offset", "end_offset"}] and "relations" [{"id",
 * "from_id", "to_id", "type"}] (events, equivalence sets and attributes
 * have no place there).
 */
GBytes      *shu_jsonl_export (ShuDocument  *document);
/* The same with offsets (of labels and comments) counted in @unit. */
GBytes      *shu_jsonl_export_full (ShuDocument   *document,
                                    ShuOffsetUnit  unit);

/**
 * shu_jsonl_import:
 * @messages: (out) (optional) (element-type utf8): what was not imported
 *   (other lines' texts, comments not tied to a span, relations)
 *
 * Reads doccano JSONL: every non-empty line is checked by the strict JSON
 * reader, then the first line whose "text" equals @source's text is
 * read: its "label" entries [start, end, "Label"] (or "entities"
 * {"start_offset", "end_offset", "label"}) become annotations (labels not
 * in @labels are added; "" means no label), and its "Comments" or
 * "comments" objects {"start", "end", "text"} become comments of the
 * span starting and ending there; "relations" {"from_id", "to_id",
 * "type"} between entities with an "id" become links (roles Arg1, Arg2). Errors carry FILE:LINE:COLUMN. A label
 * entry that cannot be placed is skipped and reported in @messages; a
 * line whose text differs from @source only by line breaks at the end is
 * taken (the offsets are the same) and said; when offsets counted as code
 * points fall inside words but counted as UTF-16 units or bytes all fall
 * on word edges, a message names that unit.
 */
ShuDocument *shu_jsonl_import (GBytes       *bytes,
                               const char   *display_name,
                               ShuSource    *source,
                               ShuLabelSet  *labels,
                               GPtrArray   **messages,
                               GError      **error);

/* As shu_jsonl_import(), with @options (offset unit; SHU_IMPORT_STRICT
 * refuses the file at its first bad label entry or a text that differs by
 * final line breaks) and the number of label entries skipped. */
ShuDocument *shu_jsonl_import_full (GBytes                  *bytes,
                                    const char              *display_name,
                                    ShuSource               *source,
                                    ShuLabelSet             *labels,
                                    const ShuImportOptions  *options,
                                    GPtrArray              **messages,
                                    guint                   *n_skipped,
                                    GError                 **error);

/* One document of a doccano file with several. */
typedef struct
{
  char        *name;      /* for files: the line's "id", else "line-N"; unique */
  guint        line;      /* where it is in the file */
  ShuDocument *document;  /* on a text made of the line's "text" */
} ShuJsonlDocument;

void         shu_jsonl_document_free (ShuJsonlDocument *doc);

/**
 * shu_jsonl_import_all:
 * @labels: (nullable): labels shared by all the documents
 *
 * Every line of a doccano file as its own document, on a text made of its
 * "text" (doccano keeps one text a line). A line that cannot be read is
 * skipped (leniently; reported in @messages, "...; document skipped") or
 * refuses the file (SHU_IMPORT_STRICT); bad label entries are skipped as
 * in shu_jsonl_import_full().
 *
 * Returns: (transfer full) (element-type ShuJsonlDocument): the documents.
 */
GPtrArray   *shu_jsonl_import_all    (GBytes                  *bytes,
                                      const char              *display_name,
                                      ShuLabelSet             *labels,
                                      const ShuImportOptions  *options,
                                      GPtrArray              **messages,
                                      guint                   *n_skipped,
                                      GError                 **error);

G_END_DECLS
