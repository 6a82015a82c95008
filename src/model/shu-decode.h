/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-encoding.h"

G_BEGIN_DECLS

/*
 * The decoders behind ShuSource, private to the model.
 *
 * shu_decode() turns @size bytes of @data in @encoding (which may be AUTO)
 * into newly allocated, NUL-terminated UTF-8 without a BOM, and stores the
 * encoding it actually used in @used and the UTF-8 length in @text_size.
 * It never normalizes or composes. Byte offsets in its messages count from
 * the first byte of @data, BOM included, so they match the file on disk.
 */
char *shu_decode (const guint8  *data,
                  gsize          size,
                  ShuEncoding    encoding,
                  ShuEncoding   *used,
                  gsize         *text_size,
                  GError       **error);

/* TRUE when shu_decode() of these bytes would give them back unchanged:
 * UTF-8 without a byte order mark and without NUL, read as AUTO or UTF-8.
 * The caller can then keep its own NUL-terminated buffer as the text
 * instead of a copy. */
gboolean shu_decode_is_unchanged (const guint8 *data,
                                  gsize         size,
                                  ShuEncoding   encoding);

/* The code point of @byte in a single-byte @encoding (windows-1255,
 * ISO-8859-8 or windows-1252), or 0 if the code page leaves the byte
 * undefined. */
gunichar shu_decode_legacy_byte (ShuEncoding encoding,
                                 guint8      byte);

G_END_DECLS
