/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-encoding.h"
#include "shu-file-stamp.h"

G_BEGIN_DECLS

/* Code points of context kept on each side of a quote. */
#define SHU_QUOTE_CONTEXT 32

/* The largest text accepted, in bytes on disk. */
#define SHU_SOURCE_MAX_BYTES ((gsize) 512 * 1024 * 1024)

#define SHU_TYPE_SOURCE (shu_source_get_type ())
G_DECLARE_FINAL_TYPE (ShuSource, shu_source, SHU, SOURCE, GObject)

/* Decoding never normalizes or composes; a BOM is not part of the text.
 * Undecodable input fails with SHU_ERROR_DECODE naming the byte offset of
 * the first bad byte.
 *
 * Details:
 * - Byte offsets in messages count from the start of the input, BOM included.
 * - A NUL character is refused in every encoding ("NUL character at byte N"):
 *   it would cut the NUL-terminated text short.
 * - UTF8 and UTF8_BOM both accept input with or without a BOM; the encoding
 *   reported is the one the bytes actually hold. UTF16LE/BE accept input
 *   with or without their own BOM and refuse the other byte order's BOM.
 * - AUTO: a BOM decides; else NUL bytes on one side of their pairs make it
 *   UTF-16 without a BOM; else valid UTF-8; else windows-1252 when its
 *   letters above 0xC0 stand inside words of ASCII letters (Latin), or
 *   windows-1255 (Hebrew), if that code page defines every byte; else the
 *   error names the first invalid UTF-8 byte.
 * - Input over SHU_SOURCE_MAX_BYTES fails with SHU_ERROR_TOO_LARGE.
 * - From a file: SHU_ERROR_NOT_FOUND if it does not exist, SHU_ERROR_IO if
 *   it cannot be read or is not a regular file, G_IO_ERROR_CANCELLED when
 *   cancelled; every message starts with the file's name and ": ".
 * Properties (all read-only): "file", "encoding", "text", "length",
 * "sha256". */
ShuSource   *shu_source_new_from_bytes      (GBytes        *bytes,
                                             ShuEncoding    encoding,
                                             GError       **error);
ShuSource   *shu_source_new_from_file       (GFile         *file,
                                             ShuEncoding    encoding,
                                             GCancellable  *cancellable,
                                             GError       **error);

/* The file it was read from, or NULL when made from bytes. */
GFile       *shu_source_get_file            (ShuSource     *self);
/* What the file was when it was read (NULL for a text not read from a
 * file). */
const ShuFileStamp *shu_source_get_file_stamp (ShuSource   *self);
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
 * Both in O(log n) or better; offsets past the end clamp to the end. A byte
 * index inside a character's UTF-8 sequence gives that character's offset. */
gsize        shu_source_offset_to_byte      (ShuSource     *self,
                                             guint          offset);
guint        shu_source_byte_to_offset      (ShuSource     *self,
                                             gsize          byte_index);

/* Grapheme-cluster boundaries (Pango's is_cursor_position). 0 and the
 * length are boundaries. floor/ceil move an offset to the nearest boundary
 * at or before / at or after it. Offsets past the end are not boundaries
 * and floor/ceil clamp them to the length. Computed lazily, a few
 * thousand code points (whole lines) at a time, and cached; thread-safe. */
gboolean     shu_source_is_boundary         (ShuSource     *self,
                                             guint          offset);
guint        shu_source_boundary_floor      (ShuSource     *self,
                                             guint          offset);
guint        shu_source_boundary_ceil       (ShuSource     *self,
                                             guint          offset);

/* Narrows [*start, *end) past white space at both ends (a selection made
 * word by word carries the space before or after it). Returns FALSE, and
 * leaves the range alone, when nothing but white space is in it. */
gboolean     shu_source_trim_range          (ShuSource     *self,
                                             guint         *start,
                                             guint         *end);

/* A newly allocated copy of the text in [start, end) code points.
 * start must not exceed end; both are clamped to the length. */
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

/* Lines end after "\n", "\r\n" or "\r"; line numbers start at 0. There
 * is always at least one line, and a text ending in a line break has an
 * empty last line after it (as in GtkTextBuffer), so n_lines is the number
 * of line breaks + 1. An offset between "\r" and "\n" belongs to the line
 * the "\r" ends; offsets past the end clamp to the end. */
guint        shu_source_get_n_lines         (ShuSource     *self);
guint        shu_source_get_line_start      (ShuSource     *self,
                                             guint          line);
guint        shu_source_get_line_at_offset  (ShuSource     *self,
                                             guint          offset);

/* Paragraphs are separated by one or more blank lines. Each paragraph
 * range is [start, end) in code points, end before its final line break.
 * A line is blank when it holds only white space (g_unichar_isspace()), so
 * a paragraph is a maximal run of non-blank lines, starting at the start
 * of its first line. A text of blank lines only has no paragraphs.
 * paragraph_at_offset returns the paragraph containing the offset or, in
 * the blank lines between two paragraphs, the one before; 0 before the
 * first paragraph and when there are none. */
guint        shu_source_get_n_paragraphs    (ShuSource     *self);
void         shu_source_get_paragraph       (ShuSource     *self,
                                             guint          paragraph,
                                             guint         *start,
                                             guint         *end);
guint        shu_source_get_paragraph_at_offset (ShuSource *self,
                                                 guint      offset);

/* A text too long to lay out at once is shown a part at a time
 * (shu-text-view.c). Returns the parts' bounds in code points: 0, then
 * each part's end, the last being the length, so n parts give n + 1
 * offsets, and a text of at most @max_chars code points is one part.
 * A part ends at the start of a line when one starts in its second half,
 * else at a grapheme boundary, and holds at most @max_chars code points
 * (at least 1). */
GArray      *shu_source_dup_parts           (ShuSource     *self,
                                             guint          max_chars) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
