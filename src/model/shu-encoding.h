/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ShuEncoding:
 * @SHU_ENCODING_AUTO: detect: a BOM, else UTF-16 by its NUL bytes, else
 *   valid UTF-8, else windows-1255 or windows-1252 (Hebrew or Latin).
 *
 * The encodings a source can be decoded from. The string forms (see
 * shu_encoding_to_string()) are what the sidecar records: "utf-8",
 * "utf-8-bom", "utf-16le", "utf-16be", "windows-1255", "iso-8859-8",
 * "windows-1252" (Latin-1 as Windows writes it).
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
  SHU_ENCODING_WINDOWS_1252,
} ShuEncoding;

#define SHU_TYPE_ENCODING (shu_encoding_get_type ())
GType       shu_encoding_get_type    (void) G_GNUC_CONST;

/* AUTO is "auto"; from_string ignores case and also accepts "auto". */
const char *shu_encoding_to_string   (ShuEncoding  encoding);
gboolean    shu_encoding_from_string (const char  *name,
                                      ShuEncoding *encoding);

G_END_DECLS
