/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ShuJsonPos:
 * @line: 1-based line
 * @column: 1-based column, counted in code points
 */
typedef struct
{
  guint line;
  guint column;
} ShuJsonPos;

/**
 * ShuJsonScan:
 *
 * The result of a strict RFC 8259 pass over raw bytes, made before
 * json-glib sees them (json-glib 1.6 accepts comments, keeps the last of
 * duplicate keys, truncates strings at \u0000, wraps large integers and
 * crashes on deep nesting). Besides refusing all of that with
 * "FILE:LINE:COLUMN: reason", the scan remembers where the values near the
 * top of the document start, so that later semantic errors can point into
 * the file:
 *
 * - members whose key path from the root object has at most two keys
 *   ("formatVersion", "source.sha256", "first.items");
 * - elements of arrays reached by at most two keys ("first.items" for the
 *   annotations of a collection, "labels", "items" of a page, and "" for
 *   the elements of a top-level array).
 *
 * Keys are joined with '.' in paths.
 */
typedef struct _ShuJsonScan ShuJsonScan;

/**
 * shu_json_scan:
 * @data: the bytes (need not be NUL-terminated)
 * @size: their length
 * @max_depth: the deepest nesting of arrays and objects allowed
 * @display_name: the FILE in error messages
 *
 * Accepts exactly one JSON value made of objects without duplicate keys,
 * arrays, strings without U+0000 or lone surrogates, true/false/null and
 * integers in 0..2^53-1 (the only numbers the formats here have). Refuses
 * empty input, a byte order mark, invalid UTF-8, comments and trailing
 * commas. Never recurses.
 *
 * Returns: (transfer full): the positions, or NULL with SHU_ERROR_PARSE.
 */
ShuJsonScan *shu_json_scan               (const char   *data,
                                          gsize         size,
                                          guint         max_depth,
                                          const char   *display_name,
                                          GError      **error);
void         shu_json_scan_free          (ShuJsonScan  *scan);

typedef enum
{
  /* Any RFC 8259 number (fractions, exponents, negatives), for other
   * tools' files read with json-glib after the scan (Label Studio writes
   * "lead_time": 12.5). The tree of shu-json-tree.h cannot hold them. */
  SHU_JSON_SCAN_ANY_NUMBER = 1 << 0,
} ShuJsonScanFlags;

ShuJsonScan *shu_json_scan_full          (const char       *data,
                                          gsize             size,
                                          guint             max_depth,
                                          ShuJsonScanFlags  flags,
                                          const char       *display_name,
                                          GError          **error);

/* Where the value of the member at @path starts. */
gboolean     shu_json_scan_get_member    (ShuJsonScan  *scan,
                                          const char   *path,
                                          ShuJsonPos   *pos);
/* Where element @index of the array at @path starts. */
gboolean     shu_json_scan_get_element   (ShuJsonScan  *scan,
                                          const char   *path,
                                          guint         index,
                                          ShuJsonPos   *pos);
guint        shu_json_scan_get_n_elements (ShuJsonScan *scan,
                                           const char  *path);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuJsonScan, shu_json_scan_free)

G_END_DECLS
