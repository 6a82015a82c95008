/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-decode.h"
#include "shu-error.h"

/*
 * Our own tables for the upper half of the legacy Hebrew code pages; the
 * lower half is ASCII in both. glibc's CP1255 converter composes a letter
 * and its points into precomposed presentation forms, which would change
 * the text and every offset after it, so iconv is never used here: every
 * byte becomes exactly one code point, points stay combining marks.
 * 0 marks a byte the code page leaves undefined.
 */
static const guint16 windows_1255_high[128] = {
  /* 0x80 */ 0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  /* 0x88 */ 0x02C6, 0x2030, 0,      0x2039, 0,      0,      0,      0,
  /* 0x90 */ 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  /* 0x98 */ 0x02DC, 0x2122, 0,      0x203A, 0,      0,      0,      0,
  /* 0xA0 */ 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x20AA, 0x00A5, 0x00A6, 0x00A7,
  /* 0xA8 */ 0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
  /* 0xB0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
  /* 0xB8 */ 0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
  /* The points. 0xCA (holam haser for vav) is missing from the old Unicode
   * mapping file but Windows and the WHATWG encoding standard both define
   * it, and real pointed texts use it. */
  /* 0xC0 */ 0x05B0, 0x05B1, 0x05B2, 0x05B3, 0x05B4, 0x05B5, 0x05B6, 0x05B7,
  /* 0xC8 */ 0x05B8, 0x05B9, 0x05BA, 0x05BB, 0x05BC, 0x05BD, 0x05BE, 0x05BF,
  /* 0xD0 */ 0x05C0, 0x05C1, 0x05C2, 0x05C3, 0x05F0, 0x05F1, 0x05F2, 0x05F3,
  /* 0xD8 */ 0x05F4, 0,      0,      0,      0,      0,      0,      0,
  /* 0xE0 */ 0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7,
  /* 0xE8 */ 0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF,
  /* 0xF0 */ 0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7,
  /* 0xF8 */ 0x05E8, 0x05E9, 0x05EA, 0,      0,      0x200E, 0x200F, 0,
};

static const guint16 iso_8859_8_high[128] = {
  /* ISO-8859-8 keeps the C1 controls, like every ISO-8859 part. */
  /* 0x80 */ 0x0080, 0x0081, 0x0082, 0x0083, 0x0084, 0x0085, 0x0086, 0x0087,
  /* 0x88 */ 0x0088, 0x0089, 0x008A, 0x008B, 0x008C, 0x008D, 0x008E, 0x008F,
  /* 0x90 */ 0x0090, 0x0091, 0x0092, 0x0093, 0x0094, 0x0095, 0x0096, 0x0097,
  /* 0x98 */ 0x0098, 0x0099, 0x009A, 0x009B, 0x009C, 0x009D, 0x009E, 0x009F,
  /* 0xA0 */ 0x00A0, 0,      0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
  /* 0xA8 */ 0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
  /* 0xB0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
  /* 0xB8 */ 0x00B8, 0x00B9, 0x00F7, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0,
  /* 0xC0 */ 0,      0,      0,      0,      0,      0,      0,      0,
  /* 0xC8 */ 0,      0,      0,      0,      0,      0,      0,      0,
  /* 0xD0 */ 0,      0,      0,      0,      0,      0,      0,      0,
  /* 0xD8 */ 0,      0,      0,      0,      0,      0,      0,      0x2017,
  /* 0xE0 */ 0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7,
  /* 0xE8 */ 0x05D8, 0x05D9, 0x05DA, 0x05DB, 0x05DC, 0x05DD, 0x05DE, 0x05DF,
  /* 0xF0 */ 0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7,
  /* 0xF8 */ 0x05E8, 0x05E9, 0x05EA, 0,      0,      0x200E, 0x200F, 0,
};

/* Latin-1 as Windows writes it (and as the WHATWG encoding standard reads
 * every "iso-8859-1" label): printable characters where ISO-8859-1 has
 * its C1 controls, five bytes undefined, and the rest ISO-8859-1. */
static const guint16 windows_1252_high[128] = {
  /* 0x80 */ 0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
  /* 0x88 */ 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
  /* 0x90 */ 0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
  /* 0x98 */ 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
  /* 0xA0 */ 0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
  /* 0xA8 */ 0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
  /* 0xB0 */ 0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
  /* 0xB8 */ 0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
  /* 0xC0 */ 0x00C0, 0x00C1, 0x00C2, 0x00C3, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
  /* 0xC8 */ 0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x00CC, 0x00CD, 0x00CE, 0x00CF,
  /* 0xD0 */ 0x00D0, 0x00D1, 0x00D2, 0x00D3, 0x00D4, 0x00D5, 0x00D6, 0x00D7,
  /* 0xD8 */ 0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x00DD, 0x00DE, 0x00DF,
  /* 0xE0 */ 0x00E0, 0x00E1, 0x00E2, 0x00E3, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
  /* 0xE8 */ 0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x00EC, 0x00ED, 0x00EE, 0x00EF,
  /* 0xF0 */ 0x00F0, 0x00F1, 0x00F2, 0x00F3, 0x00F4, 0x00F5, 0x00F6, 0x00F7,
  /* 0xF8 */ 0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x00FD, 0x00FE, 0x00FF,
};

static inline gunichar
legacy_lookup (const guint16 *high,
               guint8         byte)
{
  return byte < 0x80 ? byte : high[byte - 0x80];
}

static gboolean
is_legacy (ShuEncoding encoding)
{
  return encoding == SHU_ENCODING_WINDOWS_1255 || encoding == SHU_ENCODING_ISO_8859_8
         || encoding == SHU_ENCODING_WINDOWS_1252;
}

static const guint16 *
legacy_table (ShuEncoding encoding)
{
  g_assert (is_legacy (encoding));

  switch (encoding)
    {
    case SHU_ENCODING_WINDOWS_1255:
      return windows_1255_high;
    case SHU_ENCODING_ISO_8859_8:
      return iso_8859_8_high;
    default:
      return windows_1252_high;
    }
}

gunichar
shu_decode_legacy_byte (ShuEncoding encoding,
                        guint8      byte)
{
  g_return_val_if_fail (is_legacy (encoding), 0);

  return legacy_lookup (legacy_table (encoding), byte);
}

/* A NUL would end the C string that every consumer of the text reads, so
 * the rest of the text would silently vanish: refuse it in every encoding. */
static void
set_nul_error (GError **error,
               gsize    at)
{
  g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
               _("NUL character at byte %llu"), (unsigned long long) at);
}

static char *
decode_utf8 (const guint8  *data,
             gsize          size,
             gsize          skip,
             gsize         *text_size,
             GError       **error)
{
  const char *end = NULL;
  const char *start = (const char *) data + skip;

  if (!g_utf8_validate_len (start, size - skip, &end))
    {
      gsize at = (gsize) (end - (const char *) data);

      if (*end == '\0')
        set_nul_error (error, at);
      else
        g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
                     _("invalid UTF-8 at byte %llu"), (unsigned long long) at);
      return NULL;
    }

  *text_size = size - skip;
  return g_strndup (start, size - skip);
}

static char *
decode_utf16 (const guint8  *data,
              gsize          size,
              gsize          skip,
              gboolean       big_endian,
              gsize         *text_size,
              GError       **error)
{
  g_autofree char *text = NULL;
  gsize n_units = (size - skip) / 2;
  gsize out = 0;
  gsize i = skip;

  /* A unit never needs more than three bytes of UTF-8, and a surrogate
   * pair (two units) needs four. */
  text = g_malloc (n_units * 3 + 1);

  while (i + 1 < size)
    {
      guint unit = big_endian ? (data[i] << 8 | data[i + 1]) : (data[i + 1] << 8 | data[i]);
      gunichar c = unit;
      gsize width = 2;

      if (unit == 0)
        {
          set_nul_error (error, i);
          return NULL;
        }

      if (unit >= 0xD800 && unit <= 0xDBFF && i + 3 < size)
        {
          guint low = big_endian ? (data[i + 2] << 8 | data[i + 3])
                                 : (data[i + 3] << 8 | data[i + 2]);

          if (low >= 0xDC00 && low <= 0xDFFF)
            {
              c = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
              width = 4;
            }
        }

      if (c >= 0xD800 && c <= 0xDFFF)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
                       _("lone UTF-16 surrogate 0x%04X at byte %llu"), unit,
                       (unsigned long long) i);
          return NULL;
        }

      out += g_unichar_to_utf8 (c, text + out);
      i += width;
    }

  if (i < size)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
                   _("odd number of bytes in UTF-16: incomplete code unit at byte %llu"),
                   (unsigned long long) i);
      return NULL;
    }

  text[out] = '\0';
  *text_size = out;
  return g_realloc (g_steal_pointer (&text), out + 1);
}

/* The offset of the first byte @encoding does not define, or @size. */
static gsize
find_undefined_legacy_byte (const guint8 *data,
                            gsize         size,
                            ShuEncoding   encoding)
{
  const guint16 *high = legacy_table (encoding);

  for (gsize i = 0; i < size; i++)
    if (data[i] == 0 || legacy_lookup (high, data[i]) == 0)
      return i;
  return size;
}

static char *
decode_legacy (const guint8  *data,
               gsize          size,
               ShuEncoding    encoding,
               gsize         *text_size,
               GError       **error)
{
  g_autofree char *text = NULL;
  const guint16 *high = legacy_table (encoding);
  gsize bad = find_undefined_legacy_byte (data, size, encoding);
  gsize out = 0;

  if (bad < size)
    {
      if (data[bad] == 0)
        set_nul_error (error, bad);
      else
        g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
                     _("byte 0x%02X at byte %llu is not defined in %s"),
                     data[bad], (unsigned long long) bad, shu_encoding_to_string (encoding));
      return NULL;
    }

  /* Every code point in the tables fits in three bytes of UTF-8. */
  text = g_malloc (size * 3 + 1);
  for (gsize i = 0; i < size; i++)
    {
      if (data[i] < 0x80)
        text[out++] = (char) data[i];
      else
        out += g_unichar_to_utf8 (legacy_lookup (high, data[i]), text + out);
    }

  text[out] = '\0';
  *text_size = out;
  return g_realloc (g_steal_pointer (&text), out + 1);
}

static gboolean
has_prefix (const guint8 *data,
            gsize         size,
            const char   *prefix,
            gsize         prefix_size)
{
  return size >= prefix_size && memcmp (data, prefix, prefix_size) == 0;
}

/* UTF-16LE or UTF-16BE when nine in ten of the NUL bytes stand on one
 * side of their pair (the high byte of U+0001..U+00FF), else AUTO. One
 * NUL is too little to tell from a stray byte. */
static ShuEncoding
guess_utf16 (const guint8 *data,
             gsize         size)
{
  gsize nul_even = 0;
  gsize nul_odd = 0;

  if (size < 2 || size % 2 != 0)
    return SHU_ENCODING_AUTO;
  for (gsize i = 0; i < size; i += 2)
    {
      nul_even += data[i] == 0;
      nul_odd += data[i + 1] == 0;
    }
  if (nul_even + nul_odd < 2)
    return SHU_ENCODING_AUTO;
  if (nul_odd > 0 && nul_odd * 10 >= (nul_odd + nul_even) * 9)
    return SHU_ENCODING_UTF16LE;
  if (nul_even > 0 && nul_even * 10 >= (nul_odd + nul_even) * 9)
    return SHU_ENCODING_UTF16BE;
  return SHU_ENCODING_AUTO;
}

static gboolean
is_ascii_letter (guint8 byte)
{
  return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z');
}

/* Whether a single-byte text reads as Latin rather than Hebrew. Both code
 * pages put letters at 0xC0..0xFF: Hebrew words are made of such bytes
 * alone (letters 0xE0..0xFA, points 0xC0..0xD2), while an accented Latin
 * letter stands inside a word of ASCII letters ("café", "Müller"). So each
 * such byte votes by its neighbours. */
static gboolean
looks_latin (const guint8 *data,
             gsize         size)
{
  gsize latin = 0;
  gsize hebrew = 0;

  for (gsize i = 0; i < size; i++)
    {
      gboolean beside_ascii;

      if (data[i] < 0xC0)
        continue;
      beside_ascii = (i > 0 && is_ascii_letter (data[i - 1]))
                     || (i + 1 < size && is_ascii_letter (data[i + 1]));
      if (beside_ascii)
        latin++;
      else
        hebrew++;
    }
  return latin > hebrew;
}

#define BOM_UTF8     "\xEF\xBB\xBF"
#define BOM_UTF16LE  "\xFF\xFE"
#define BOM_UTF16BE  "\xFE\xFF"

static char *
decode_auto (const guint8  *data,
             gsize          size,
             ShuEncoding   *used,
             gsize         *text_size,
             GError       **error)
{
  g_autoptr(GError) utf8_error = NULL;
  ShuEncoding legacy;
  const guint8 *nul;
  char *text;
  gsize bad;

  if (has_prefix (data, size, BOM_UTF8, 3))
    *used = SHU_ENCODING_UTF8_BOM;
  else if (has_prefix (data, size, BOM_UTF16LE, 2))
    *used = SHU_ENCODING_UTF16LE;
  else if (has_prefix (data, size, BOM_UTF16BE, 2))
    *used = SHU_ENCODING_UTF16BE;
  else
    *used = SHU_ENCODING_AUTO;

  if (*used != SHU_ENCODING_AUTO)
    return shu_decode (data, size, *used, used, text_size, error);

  /* A NUL is text in neither UTF-8 nor windows-1255, but it is half of
   * every Latin letter, digit and space of UTF-16 written without a byte
   * order mark (as some Windows programs save): there the NULs fall on
   * one side of each pair, the high byte. Otherwise name the NUL rather
   * than blaming both encodings. */
  nul = memchr (data, 0, size);
  if (nul != NULL)
    {
      ShuEncoding wide = guess_utf16 (data, size);
      g_autoptr(GError) wide_error = NULL;

      if (wide != SHU_ENCODING_AUTO)
        {
          text = decode_utf16 (data, size, 0, wide == SHU_ENCODING_UTF16BE, text_size,
                               &wide_error);
          if (text != NULL)
            {
              *used = wide;
              return text;
            }
        }
      if (wide == SHU_ENCODING_AUTO)
        set_nul_error (error, (gsize) (nul - data));
      else
        g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
                     _("NUL character at byte %llu: the file looks like %s without a byte "
                       "order mark, but cannot be read as such (%s)"),
                     (unsigned long long) (nul - data),
                     shu_encoding_to_string (wide), wide_error->message);
      return NULL;
    }

  text = decode_utf8 (data, size, 0, text_size, &utf8_error);
  if (text != NULL)
    {
      *used = SHU_ENCODING_UTF8;
      return text;
    }

  legacy = looks_latin (data, size) ? SHU_ENCODING_WINDOWS_1252 : SHU_ENCODING_WINDOWS_1255;
  bad = find_undefined_legacy_byte (data, size, legacy);
  if (bad == size)
    {
      *used = legacy;
      return decode_legacy (data, size, legacy, text_size, error);
    }

  g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
               _("%s, and byte 0x%02X at byte %llu"
               " is not defined in %s: cannot tell the encoding"),
               utf8_error->message, data[bad], (unsigned long long) bad,
               shu_encoding_to_string (legacy));
  return NULL;
}

gboolean
shu_decode_is_unchanged (const guint8 *data,
                         gsize         size,
                         ShuEncoding   encoding)
{
  g_return_val_if_fail (data != NULL || size == 0, FALSE);

  if (encoding != SHU_ENCODING_AUTO && encoding != SHU_ENCODING_UTF8
      && encoding != SHU_ENCODING_UTF8_BOM)
    return FALSE;
  /* AUTO reads a UTF-16 byte order mark as UTF-16, which never validates
   * as UTF-8 anyway; a UTF-8 one is dropped from the text. */
  if (size == 0 || has_prefix (data, size, BOM_UTF8, 3))
    return size == 0;
  /* Fails on a NUL byte too. */
  return g_utf8_validate_len ((const char *) data, size, NULL);
}

char *
shu_decode (const guint8  *data,
            gsize          size,
            ShuEncoding    encoding,
            ShuEncoding   *used,
            gsize         *text_size,
            GError       **error)
{
  gboolean big_endian;
  gsize skip = 0;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (used != NULL, NULL);
  g_return_val_if_fail (text_size != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = (const guint8 *) "";

  switch (encoding)
    {
    case SHU_ENCODING_AUTO:
      return decode_auto (data, size, used, text_size, error);

    case SHU_ENCODING_UTF8:
    case SHU_ENCODING_UTF8_BOM:
      /* Either name accepts either form, since a BOM is never text; what
       * is reported is what the bytes actually held. */
      if (has_prefix (data, size, BOM_UTF8, 3))
        skip = 3;
      *used = skip ? SHU_ENCODING_UTF8_BOM : SHU_ENCODING_UTF8;
      return decode_utf8 (data, size, skip, text_size, error);

    case SHU_ENCODING_UTF16LE:
    case SHU_ENCODING_UTF16BE:
      big_endian = encoding == SHU_ENCODING_UTF16BE;
      if (has_prefix (data, size, big_endian ? BOM_UTF16BE : BOM_UTF16LE, 2))
        skip = 2;
      else if (has_prefix (data, size, big_endian ? BOM_UTF16LE : BOM_UTF16BE, 2))
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_DECODE,
                       _("byte order mark at byte 0 is %s, not %s"),
                       big_endian ? "utf-16le" : "utf-16be",
                       shu_encoding_to_string (encoding));
          return NULL;
        }
      *used = encoding;
      return decode_utf16 (data, size, skip, big_endian, text_size, error);

    case SHU_ENCODING_WINDOWS_1255:
    case SHU_ENCODING_ISO_8859_8:
    case SHU_ENCODING_WINDOWS_1252:
      *used = encoding;
      return decode_legacy (data, size, encoding, text_size, error);

    default:
      g_return_val_if_reached (NULL);
    }
}
