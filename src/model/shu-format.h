/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-csv.h"
#include "shu-document.h"
#include "shu-import.h"

G_BEGIN_DECLS

/* The formats Shulayim writes and reads besides its own sidecar: one table
 * for shulayim-cli (--to, --from) and the window (the Export and Import
 * menus, the file choosers), so that both offer the same formats under
 * the same names. */

typedef enum
{
  SHU_FORMAT_W3C,
  SHU_FORMAT_BRAT,
  SHU_FORMAT_CSV,
  SHU_FORMAT_JSONL,
  SHU_FORMAT_HTML,
  SHU_FORMAT_TEI,
  SHU_FORMAT_QDPX,
  SHU_FORMAT_QDC,
  SHU_FORMAT_HYPOTHESIS,
  SHU_FORMAT_LABELSTUDIO,
  SHU_N_FORMATS
} ShuFormat;

typedef struct
{
  ShuFormat   format;
  const char *name;            /* "brat": the CLI's word, the actions' suffix */
  const char *title;           /* N_("brat Standoff"): translate with _() */
  const char *export_suffix;   /* ".ann", or NULL when it cannot be written */
  const char *export_pattern;  /* "*.ann": what the save dialog lists */
  const char *import_pattern;  /* "*.ann", or NULL when it cannot be read */
} ShuFormatInfo;

/* The entry of @format. */
const ShuFormatInfo *shu_format_get_info         (ShuFormat    format);
/* The format called @name ("w3c", "brat", ...), FALSE for another name. */
gboolean             shu_format_from_name        (const char  *name,
                                                  ShuFormat   *format);
gboolean             shu_format_can_export       (ShuFormat    format);
gboolean             shu_format_can_import       (ShuFormat    format);
/* "w3c, brat, csv, jsonl or html": the names of the formats that can be
 * written (@exporting) or read, for messages. (transfer full) */
char                *shu_format_dup_names        (gboolean     exporting)
  G_GNUC_WARN_UNUSED_RESULT;

/* "essay.he.ann" for the text "essay.he.txt" in brat, and so on: the
 * name an export of the text @source_name is offered under (NULL or empty:
 * "annotations"). (transfer full) */
char                *shu_format_dup_export_name  (ShuFormat    format,
                                                  const char  *source_name)
  G_GNUC_WARN_UNUSED_RESULT;

/* @document written in @format; @csv_flags only matter for CSV. */
GBytes              *shu_format_export           (ShuFormat     format,
                                                  ShuDocument  *document,
                                                  ShuCsvFlags   csv_flags)
  G_GNUC_WARN_UNUSED_RESULT;

/* @bytes read in @format and placed on @source, as the format's importer
 * does (see shu-brat.h and the others): @labels (nullable) is added to,
 * @report gets the anchoring report of the formats that have one. */
ShuDocument         *shu_format_import           (ShuFormat               format,
                                                  GBytes                 *bytes,
                                                  const char             *display_name,
                                                  ShuSource              *source,
                                                  ShuLabelSet            *labels,
                                                  const ShuImportOptions *options,
                                                  GPtrArray             **report,
                                                  GPtrArray             **messages,
                                                  guint                  *n_skipped,
                                                  GError                **error)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
