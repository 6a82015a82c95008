/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ShuEncoding:
 * @SHU_ENCODING_AUTO: detect: a BOM, else valid UTF-8, else windows-1255.
 *
 * The encodings a source can be decoded from. The string forms (see
 * shu_encoding_to_string()) are what the sidecar records: "utf-8",
 * "utf-8-bom", "utf-16le", "utf-16be", "windows-1255", "iso-8859-8".
 */
typedef enum
{
  SHU_ENCODING_AUTO,
  SHU_ENCODING_UTF8,
  SHU_ENCODING_UTF8_BOM,
  SHU_ENCODING_UTF16LE,
  SHU_ENCODING_UTF16BE,
  SHU_ENCODING_WINDOWS_1255,
  SHU_ENCODING_ISO_8859_8,
} ShuEncoding;

const char *shu_encoding_to_string   (ShuEncoding  encoding);
gboolean    shu_encoding_from_string (const char  *name,
                                      ShuEncoding *encoding);

/* Code points of context kept on each side of a quote. */
#define SHU_QUOTE_CONTEXT 32

/* The largest text accepted, in bytes on disk. */
#define SHU_SOURCE_MAX_BYTES (G_GSIZE_CONSTANT (512) * 1024 * 1024)

#define SHU_TYPE_SOURCE (shu_source_get_type ())
G_DECLARE_FINAL_TYPE (ShuSource, shu_source, SHU, SOURCE, GObject)

/* Decoding never normalizes or composes; a BOM is not part of the text.
 * Undecodable input fails with SHU_ERROR_DECODE naming the byte offset of
 * the first bad byte. */
ShuSource   *shu_source_new_from_bytes      (GBytes        *bytes,
                                             ShuEncoding    encoding,
                                             GError       **error);
ShuSource   *shu_source_new_from_file       (GFile         *file,
                                             ShuEncoding    encoding,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* The file it was read from, or NULL when made from bytes. */
GFile       *shu_source_get_file            (ShuSource     *self);
/* The decoded text as UTF-8, NUL-terminated, BOM removed. */
const char  *shu_source_get_text            (ShuSource     *self);
gsize        shu_source_get_text_size       (ShuSource     *self);
/* The length of the text in code points. */
guint        shu_source_get_length          (ShuSource     *self);
/* Lower-case hex SHA-256 of the bytes as given (on disk). */
const char  *shu_source_get_sha256          (ShuSource     *self);
/* The encoding actually used (never AUTO). */
ShuEncoding  shu_source_get_encoding        (ShuSource     *self);

/* Code point offset <-> byte index into shu_source_get_text().
 * Both in O(log n) or better; offsets past the end clamp to the end. */
gsize        shu_source_offset_to_byte      (ShuSource     *self,
                                             guint          offset);
guint        shu_source_byte_to_offset      (ShuSource     *self,
                                             gsize          byte_index);

/* Grapheme-cluster boundaries (Pango's is_cursor_position). 0 and the
 * length are boundaries. floor/ceil move an offset to the nearest boundary
 * at or before / at or after it. */
gboolean     shu_source_is_boundary         (ShuSource     *self,
                                             guint          offset);
guint        shu_source_boundary_floor      (ShuSource     *self,
                                             guint          offset);
guint        shu_source_boundary_ceil       (ShuSource     *self,
                                             guint          offset);

/* A newly allocated copy of the text in [start, end) code points. */
char        *shu_source_dup_range           (ShuSource     *self,
                                             guint          start,
                                             guint          end);
/* The quote of [start, end): exact, and up to SHU_QUOTE_CONTEXT code
 * points before (prefix) and after (suffix). Any out argument may be NULL. */
void         shu_source_get_quote           (ShuSource     *self,
                                             guint          start,
                                             guint          end,
                                             char         **prefix,
                                             char         **exact,
                                             char         **suffix);

/* Lines end after "\n", "\r\n" or "\r"; line numbers start at 0. */
guint        shu_source_get_n_lines         (ShuSource     *self);
guint        shu_source_get_line_start      (ShuSource     *self,
                                             guint          line);
guint        shu_source_get_line_at_offset  (ShuSource     *self,
                                             guint          offset);

/* Paragraphs are separated by one or more blank lines. Each paragraph
 * range is [start, end) in code points, end before its final line break. */
guint        shu_source_get_n_paragraphs    (ShuSource     *self);
void         shu_source_get_paragraph       (ShuSource     *self,
                                             guint          paragraph,
                                             guint         *start,
                                             guint         *end);
guint        shu_source_get_paragraph_at_offset (ShuSource *self,
                                                 guint      offset);

G_END_DECLS
