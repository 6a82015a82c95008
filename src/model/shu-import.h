/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* How another tool counts offsets into the text. Shulayim counts code
 * points (like Python's str); web tools (Hypothesis, Label Studio,
 * INCEpTION's web export) count UTF-16 code units, as JavaScript strings
 * do; some count the bytes of the UTF-8 text. */
typedef enum
{
  SHU_OFFSETS_CODEPOINTS,
  SHU_OFFSETS_UTF16,
  SHU_OFFSETS_BYTES,
} ShuOffsetUnit;

typedef enum
{
  /* Keep what can be placed; skip and report the rest. */
  SHU_IMPORT_LENIENT = 0,
  /* Refuse the whole file at its first problem (for scripts). */
  SHU_IMPORT_STRICT = 1 << 0,
} ShuImportFlags;

/* What an importer is asked to do; zero-initialised is the default:
 * lenient, offsets in code points. */
typedef struct
{
  ShuImportFlags flags;
  ShuOffsetUnit  offsets;
} ShuImportOptions;

/* "codepoints", "utf16", "bytes" <-> the unit; FALSE for another name. */
gboolean     shu_offset_unit_from_string (const char    *name,
                                          ShuOffsetUnit *unit);
/* A phrase for messages, e.g. "UTF-16 code units" (translated). */
const char  *shu_offset_unit_describe    (ShuOffsetUnit  unit);

/* Splits an importer's message about @file_name ("FILE:LINE:COLUMN:
 * reason; line skipped", or "FILE: note" about the whole file) into its
 * place ("FILE:LINE:COLUMN", "FILE") and the rest (why, and what was
 * done). FALSE, both NULL, for a message of another shape. */
gboolean     shu_import_message_split    (const char    *message,
                                          const char    *file_name,
                                          char         **place,
                                          char         **detail);

G_END_DECLS
