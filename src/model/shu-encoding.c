/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-encoding.h"

G_DEFINE_ENUM_TYPE (ShuEncoding, shu_encoding,
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_AUTO, "auto"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_UTF8, "utf-8"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_UTF8_BOM, "utf-8-bom"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_UTF16LE, "utf-16le"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_UTF16BE, "utf-16be"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_WINDOWS_1255, "windows-1255"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_ISO_8859_8, "iso-8859-8"),
  G_DEFINE_ENUM_VALUE (SHU_ENCODING_WINDOWS_1252, "windows-1252"))

static const char * const encoding_names[] = {
  [SHU_ENCODING_AUTO] = "auto",
  [SHU_ENCODING_UTF8] = "utf-8",
  [SHU_ENCODING_UTF8_BOM] = "utf-8-bom",
  [SHU_ENCODING_UTF16LE] = "utf-16le",
  [SHU_ENCODING_UTF16BE] = "utf-16be",
  [SHU_ENCODING_WINDOWS_1255] = "windows-1255",
  [SHU_ENCODING_ISO_8859_8] = "iso-8859-8",
  [SHU_ENCODING_WINDOWS_1252] = "windows-1252",
};

const char *
shu_encoding_to_string (ShuEncoding encoding)
{
  g_return_val_if_fail ((guint) encoding < G_N_ELEMENTS (encoding_names), NULL);

  return encoding_names[encoding];
}

gboolean
shu_encoding_from_string (const char  *name,
                          ShuEncoding *encoding)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (encoding_names); i++)
    {
      if (g_ascii_strcasecmp (name, encoding_names[i]) == 0)
        {
          if (encoding != NULL)
            *encoding = (ShuEncoding) i;
          return TRUE;
        }
    }

  return FALSE;
}
