/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <pango/pango.h>
#include <string.h>

#include "shu-decode.h"
#include "shu-error.h"
#include "shu-source.h"
#include "shu-test-utils.h"

/* "shalom" with niqqud, letter by letter: shin, qamats, shin dot, lamed,
 * vav, holam, final mem. */
#define SHALOM "\xD7\xA9\xD6\xB8\xD7\x81\xD7\x9C\xD7\x95\xD6\xB9\xD7\x9D"
static const gunichar shalom_code_points[] = {
  0x05E9, 0x05B8, 0x05C1, 0x05DC, 0x05D5, 0x05B9, 0x05DD,
};
/* The same word in windows-1255. */
#define SHALOM_1255 "\xF9\xC8\xD1\xEC\xE5\xC9\xED"

static ShuSource *
source_from_data (const char  *data,
                  gsize        size,
                  ShuEncoding  encoding)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, encoding, &error);

  g_assert_no_error (error);
  g_assert_nonnull (source);
  return source;
}

static ShuSource *
source_from_string (const char *text)
{
  return source_from_data (text, strlen (text), SHU_ENCODING_UTF8);
}

static void
assert_decode_error (const char  *data,
                     gsize        size,
                     ShuEncoding  encoding,
                     const char  *message)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (bytes, encoding, &error);

  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_DECODE);
  g_assert_cmpstr (error->message, ==, message);
}

/* The code points of @text, checked against @expected one by one. */
static void
assert_code_points (const char     *text,
                    const gunichar *expected,
                    gsize           n_expected)
{
  glong n = 0;
  g_autofree gunichar *ucs4 = g_utf8_to_ucs4 (text, -1, NULL, &n, NULL);

  g_assert_nonnull (ucs4);
  g_assert_cmpint (n, ==, n_expected);
  for (gsize i = 0; i < n_expected; i++)
    g_assert_cmphex (ucs4[i], ==, expected[i]);
}

/* Checks every code point offset and every byte index of @source against
 * GLib's linear-time functions. */
static void
assert_offsets_round_trip (ShuSource *source)
{
  const char *text = shu_source_get_text (source);
  guint length = shu_source_get_length (source);
  gsize size = shu_source_get_text_size (source);

  g_assert_cmpuint (length, ==, g_utf8_strlen (text, -1));
  g_assert_cmpuint (size, ==, strlen (text));

  for (guint offset = 0; offset <= length; offset++)
    {
      gsize byte = shu_source_offset_to_byte (source, offset);

      g_assert_cmpuint (byte, ==, g_utf8_offset_to_pointer (text, offset) - text);
      g_assert_cmpuint (shu_source_byte_to_offset (source, byte), ==, offset);
    }

  /* A byte inside a character belongs to that character. */
  for (gsize byte = 0; byte <= size; byte++)
    {
      const char *p = g_utf8_find_prev_char (text, text + byte + 1);

      if (byte == size)
        p = text + size;
      g_assert_cmpuint (shu_source_byte_to_offset (source, byte), ==,
                        g_utf8_pointer_to_offset (text, p));
    }

  /* Past the end clamps to the end. */
  g_assert_cmpuint (shu_source_offset_to_byte (source, length + 5), ==, size);
  g_assert_cmpuint (shu_source_byte_to_offset (source, size + 5), ==, length);
}

/* Checks every boundary query of @source against one Pango analysis of the
 * whole text, which the source itself does in chunks and lazily. */
static void
assert_boundaries_match_pango (ShuSource *source)
{
  const char *text = shu_source_get_text (source);
  guint length = shu_source_get_length (source);
  g_autofree PangoLogAttr *attrs = g_new0 (PangoLogAttr, length + 1);

  pango_get_log_attrs (text, (int) shu_source_get_text_size (source), -1,
                       pango_language_from_string ("he"), attrs, (int) length + 1);
  attrs[0].is_cursor_position = TRUE;
  attrs[length].is_cursor_position = TRUE;

  /* Ask from the end backwards, so chunks are filled out of order. */
  for (guint i = length + 1; i-- > 0;)
    g_assert_cmpint (shu_source_is_boundary (source, i), ==, attrs[i].is_cursor_position);

  for (guint i = 0; i <= length; i++)
    {
      guint floor = i, ceil = i;

      while (!attrs[floor].is_cursor_position)
        floor--;
      while (!attrs[ceil].is_cursor_position)
        ceil++;
      g_assert_cmpuint (shu_source_boundary_floor (source, i), ==, floor);
      g_assert_cmpuint (shu_source_boundary_ceil (source, i), ==, ceil);
    }

  g_assert_false (shu_source_is_boundary (source, length + 1));
  g_assert_cmpuint (shu_source_boundary_floor (source, length + 7), ==, length);
  g_assert_cmpuint (shu_source_boundary_ceil (source, length + 7), ==, length);
}

static void
assert_boundaries (ShuSource   *source,
                   const guint *expected,
                   gsize        n_expected)
{
  guint length = shu_source_get_length (source);
  gsize next = 0;

  for (guint i = 0; i <= length; i++)
    {
      gboolean want = next < n_expected && expected[next] == i;

      if (shu_source_is_boundary (source, i) != want)
        g_error ("offset %u: expected %s boundary", i, want ? "a" : "no");
      if (want)
        next++;
    }
  g_assert_cmpuint (next, ==, n_expected);
}

static void assert_lines_and_paragraphs (ShuSource *source);

static char *
essay_path (void)
{
  const char *path = g_getenv ("SHU_ESSAY");

  g_assert_nonnull (path);
  return g_strdup (path);
}

static guint
part_at (GArray *parts,
         guint   i)
{
  return g_array_index (parts, guint, i);
}

/* Parts of a text too long to lay out at once: whole lines where a line
 * starts in a part's second half, else at a grapheme boundary (never
 * between a letter and its point), never longer than asked, covering
 * the text in order. */
static void
test_parts (void)
{
  g_autoptr(ShuSource) short_text = source_from_string ("שלום\nעולם\n");
  g_autoptr(GArray) whole = shu_source_dup_parts (short_text, 100);
  /* Lines of 10 code points: "אבגדהוזחט\n". */
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(ShuSource) lined = NULL;
  g_autoptr(GArray) by_lines = NULL;
  /* One line of pointed letters (letter + qamats), no break at all. */
  g_autoptr(GString) pointed = g_string_new (NULL);
  g_autoptr(ShuSource) one_line = NULL;
  g_autoptr(GArray) by_clusters = NULL;

  g_assert_cmpuint (whole->len, ==, 2);
  g_assert_cmpuint (part_at (whole, 0), ==, 0);
  g_assert_cmpuint (part_at (whole, 1), ==, shu_source_get_length (short_text));

  for (guint i = 0; i < 100; i++)
    g_string_append (lines, "אבגדהוזחט\n");
  lined = source_from_string (lines->str);
  by_lines = shu_source_dup_parts (lined, 95);
  /* 1000 code points in parts of nine whole lines (90), ending at line starts. */
  g_assert_cmpuint (by_lines->len, ==, 13);
  for (guint i = 1; i < by_lines->len - 1; i++)
    g_assert_cmpuint (part_at (by_lines, i), ==, 90 * i);
  g_assert_cmpuint (part_at (by_lines, by_lines->len - 1), ==, 1000);

  for (guint i = 0; i < 500; i++)
    g_string_append (pointed, "ש\u05b8");
  one_line = source_from_string (pointed->str);
  by_clusters = shu_source_dup_parts (one_line, 101);
  g_assert_cmpuint (part_at (by_clusters, by_clusters->len - 1), ==, 1000);
  for (guint i = 1; i < by_clusters->len; i++)
    {
      guint start = part_at (by_clusters, i - 1), end = part_at (by_clusters, i);

      g_assert_cmpuint (end, >, start);
      g_assert_cmpuint (end - start, <=, 101);
      /* Never a point cut from its letter. */
      g_assert_cmpuint (end % 2, ==, 0);
    }
  g_assert_cmpuint (by_clusters->len, ==, 11);
}

static void
test_essay (void)
{
  g_autofree char *path = essay_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sum_output = NULL;
  g_autofree char *prefix = NULL, *exact = NULL, *suffix = NULL;
  g_autoptr(GFile) file_property = NULL;
  ShuEncoding encoding = SHU_ENCODING_AUTO;
  const char *argv[] = { "sha256sum", path, NULL };
  gsize size;
  guint length;
  int status;

  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_source_get_file (source) == file);
  g_assert_cmpint (shu_source_get_encoding (source), ==, SHU_ENCODING_UTF8);

  g_file_get_contents (path, &contents, &size, &error);
  g_assert_no_error (error);
  length = shu_source_get_length (source);
  g_assert_cmpuint (length, ==, g_utf8_strlen (contents, size));
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpstr (shu_source_get_text (source), ==, contents);

  /* The digest is that of an independent tool, over the file's bytes. */
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &sum_output, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_cmpuint (strlen (sum_output), >, 64);
  sum_output[64] = '\0';
  g_assert_cmpstr (shu_source_get_sha256 (source), ==, sum_output);

  g_object_get (source, "file", &file_property, "encoding", &encoding, NULL);
  g_assert_true (file_property == file);
  g_assert_cmpint (encoding, ==, SHU_ENCODING_UTF8);

  /* A quote in the middle has full context on both sides. */
  shu_source_get_quote (source, 500, 520, &prefix, &exact, &suffix);
  g_assert_cmpuint (g_utf8_strlen (prefix, -1), ==, SHU_QUOTE_CONTEXT);
  g_assert_cmpuint (g_utf8_strlen (exact, -1), ==, 20);
  g_assert_cmpuint (g_utf8_strlen (suffix, -1), ==, SHU_QUOTE_CONTEXT);
  {
    g_autofree char *joined = g_strconcat (prefix, exact, suffix, NULL);
    g_autofree char *range = shu_source_dup_range (source, 500 - SHU_QUOTE_CONTEXT,
                                                   520 + SHU_QUOTE_CONTEXT);
    const char *at = g_utf8_offset_to_pointer (contents, 500 - SHU_QUOTE_CONTEXT);

    g_assert_cmpstr (joined, ==, range);
    g_assert_true (strncmp (at, joined, strlen (joined)) == 0);
  }
  g_clear_pointer (&prefix, g_free);
  g_clear_pointer (&exact, g_free);
  g_clear_pointer (&suffix, g_free);

  /* Near the edges the context is clipped. */
  shu_source_get_quote (source, 3, 10, &prefix, NULL, NULL);
  g_assert_cmpuint (g_utf8_strlen (prefix, -1), ==, 3);
  g_assert_true (g_str_has_prefix (contents, prefix));
  shu_source_get_quote (source, length - 10, length - 5, NULL, NULL, &suffix);
  g_assert_cmpuint (g_utf8_strlen (suffix, -1), ==, 5);
  g_assert_true (g_str_has_suffix (contents, suffix));
  g_clear_pointer (&prefix, g_free);
  g_clear_pointer (&suffix, g_free);
  shu_source_get_quote (source, 0, length, &prefix, &exact, &suffix);
  g_assert_cmpstr (prefix, ==, "");
  g_assert_cmpstr (exact, ==, contents);
  g_assert_cmpstr (suffix, ==, "");

  assert_offsets_round_trip (source);
  assert_boundaries_match_pango (source);
  assert_lines_and_paragraphs (source);
}

static void
test_niqqud (void)
{
  g_autoptr(ShuSource) source = source_from_string (SHALOM " " SHALOM);
  static const guint boundaries[] = { 0, 3, 4, 6, 7, 8, 11, 12, 14, 15 };
  g_autofree char *letter = NULL;
  g_autofree char *word = shu_source_dup_range (source, 8, 15);

  assert_code_points (word, shalom_code_points, G_N_ELEMENTS (shalom_code_points));
  g_assert_cmpuint (shu_source_get_length (source), ==, 15);

  /* The shin keeps its qamats and its dot as separate code points, in one
   * cluster. */
  assert_boundaries (source, boundaries, G_N_ELEMENTS (boundaries));
  letter = shu_source_dup_range (source, 0, 3);
  assert_code_points (letter, shalom_code_points, 3);
  g_assert_cmpuint (shu_source_boundary_floor (source, 2), ==, 0);
  g_assert_cmpuint (shu_source_boundary_ceil (source, 1), ==, 3);
  g_assert_cmpuint (shu_source_boundary_ceil (source, 5), ==, 6);
  g_assert_cmpuint (shu_source_boundary_floor (source, 5), ==, 4);
  assert_boundaries_match_pango (source);
  assert_offsets_round_trip (source);
}

static void
test_arabic (void)
{
  /* "bismi": beh kasra, seen sukun, meem kasra. */
  g_autoptr(ShuSource) source = source_from_string ("\xD8\xA8\xD9\x90\xD8\xB3\xD9\x92"
                                                    "\xD9\x85\xD9\x90");
  static const gunichar code_points[] = { 0x0628, 0x0650, 0x0633, 0x0652, 0x0645, 0x0650 };
  static const guint boundaries[] = { 0, 2, 4, 6 };

  assert_code_points (shu_source_get_text (source), code_points, G_N_ELEMENTS (code_points));
  assert_boundaries (source, boundaries, G_N_ELEMENTS (boundaries));
  assert_offsets_round_trip (source);
}

static void
test_emoji_outside_bmp (void)
{
  /* "a", U+1F600, "b" in UTF-8 (a four-byte sequence) and in UTF-16LE (a
   * surrogate pair): both are one code point. */
  static const char utf16[] = "\xFF\xFE" "a\0" "\x3D\xD8\x00\xDE" "b\0";
  g_autoptr(ShuSource) source = source_from_string ("a\xF0\x9F\x98\x80" "b");
  g_autoptr(ShuSource) wide = source_from_data (utf16, sizeof utf16 - 1, SHU_ENCODING_AUTO);
  g_autofree char *emoji = NULL;

  g_assert_cmpuint (shu_source_get_length (source), ==, 3);
  g_assert_cmpuint (shu_source_offset_to_byte (source, 1), ==, 1);
  g_assert_cmpuint (shu_source_offset_to_byte (source, 2), ==, 5);
  g_assert_cmpuint (shu_source_byte_to_offset (source, 3), ==, 1);
  emoji = shu_source_dup_range (source, 1, 2);
  g_assert_cmpstr (emoji, ==, "\xF0\x9F\x98\x80");

  g_assert_cmpint (shu_source_get_encoding (wide), ==, SHU_ENCODING_UTF16LE);
  g_assert_cmpuint (shu_source_get_length (wide), ==, 3);
  g_assert_cmpstr (shu_source_get_text (wide), ==, shu_source_get_text (source));
  assert_offsets_round_trip (source);
  assert_offsets_round_trip (wide);
}

static void
test_emoji_clusters (void)
{
  /* A ZWJ family, a flag, another flag, a thumb with a skin tone. */
  g_autoptr(ShuSource) source =
    source_from_string ("\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D"
                        "\xF0\x9F\x91\xA7\xE2\x80\x8D\xF0\x9F\x91\xA6"
                        "\xF0\x9F\x87\xAE\xF0\x9F\x87\xB1"
                        "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB8"
                        "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD");
  static const guint boundaries[] = { 0, 7, 9, 11, 13 };

  g_assert_cmpuint (shu_source_get_length (source), ==, 13);
  assert_boundaries (source, boundaries, G_N_ELEMENTS (boundaries));
  g_assert_cmpuint (shu_source_boundary_floor (source, 6), ==, 0);
  g_assert_cmpuint (shu_source_boundary_ceil (source, 1), ==, 7);
  g_assert_cmpuint (shu_source_boundary_ceil (source, 12), ==, 13);
}

static void
test_crlf (void)
{
  g_autoptr(ShuSource) source = source_from_string ("a\r\nb\rc\nd\r\n");
  static const guint line_starts[] = { 0, 3, 5, 7, 10 };
  static const guint boundaries[] = { 0, 1, 3, 4, 5, 6, 7, 8, 10 };

  g_assert_cmpuint (shu_source_get_n_lines (source), ==, G_N_ELEMENTS (line_starts));
  for (guint i = 0; i < G_N_ELEMENTS (line_starts); i++)
    g_assert_cmpuint (shu_source_get_line_start (source, i), ==, line_starts[i]);

  /* Between "\r" and "\n" is still the first line, and not a boundary. */
  g_assert_cmpuint (shu_source_get_line_at_offset (source, 2), ==, 0);
  g_assert_cmpuint (shu_source_get_line_at_offset (source, 3), ==, 1);
  g_assert_cmpuint (shu_source_get_line_at_offset (source, 10), ==, 4);
  g_assert_cmpuint (shu_source_get_line_at_offset (source, 99), ==, 4);
  assert_boundaries (source, boundaries, G_N_ELEMENTS (boundaries));
  g_assert_cmpuint (shu_source_boundary_floor (source, 2), ==, 1);
  g_assert_cmpuint (shu_source_boundary_ceil (source, 9), ==, 10);
}

static void
test_bom (void)
{
  static const char utf8[] = "\xEF\xBB\xBF" "\xD7\xA9\xD7\x9C";
  static const char utf16le[] = "\xFF\xFE" "\xE9\x05\xDC\x05";
  static const char utf16be[] = "\xFE\xFF" "\x05\xE9\x05\xDC";
  static const struct {
    const char *data;
    gsize size;
    ShuEncoding asked;
    ShuEncoding used;
  } cases[] = {
    { utf8, sizeof utf8 - 1, SHU_ENCODING_AUTO, SHU_ENCODING_UTF8_BOM },
    { utf8, sizeof utf8 - 1, SHU_ENCODING_UTF8, SHU_ENCODING_UTF8_BOM },
    { utf8, sizeof utf8 - 1, SHU_ENCODING_UTF8_BOM, SHU_ENCODING_UTF8_BOM },
    { utf8 + 3, sizeof utf8 - 4, SHU_ENCODING_UTF8_BOM, SHU_ENCODING_UTF8 },
    { utf16le, sizeof utf16le - 1, SHU_ENCODING_AUTO, SHU_ENCODING_UTF16LE },
    { utf16le, sizeof utf16le - 1, SHU_ENCODING_UTF16LE, SHU_ENCODING_UTF16LE },
    { utf16le + 2, sizeof utf16le - 3, SHU_ENCODING_UTF16LE, SHU_ENCODING_UTF16LE },
    { utf16be, sizeof utf16be - 1, SHU_ENCODING_AUTO, SHU_ENCODING_UTF16BE },
    { utf16be, sizeof utf16be - 1, SHU_ENCODING_UTF16BE, SHU_ENCODING_UTF16BE },
    { utf16be + 2, sizeof utf16be - 3, SHU_ENCODING_UTF16BE, SHU_ENCODING_UTF16BE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ShuSource) source = source_from_data (cases[i].data, cases[i].size,
                                                      cases[i].asked);
      g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                             (const guchar *) cases[i].data,
                                                             cases[i].size);
      g_autofree char *first = shu_source_dup_range (source, 0, 1);

      g_assert_cmpint (shu_source_get_encoding (source), ==, cases[i].used);
      g_assert_cmpstr (shu_source_get_text (source), ==, "\xD7\xA9\xD7\x9C");
      g_assert_cmpuint (shu_source_get_length (source), ==, 2);
      g_assert_cmpuint (shu_source_offset_to_byte (source, 0), ==, 0);
      g_assert_cmpuint (shu_source_offset_to_byte (source, 1), ==, 2);
      g_assert_cmpstr (first, ==, "\xD7\xA9");
      /* The digest covers the bytes as given, BOM and all. */
      g_assert_cmpstr (shu_source_get_sha256 (source), ==, sha256);
    }

  /* The other byte order's BOM is not taken for text. */
  assert_decode_error (utf16be, sizeof utf16be - 1, SHU_ENCODING_UTF16LE,
                       "byte order mark at byte 0 is utf-16be, not utf-16le");
  assert_decode_error (utf16le, sizeof utf16le - 1, SHU_ENCODING_UTF16BE,
                       "byte order mark at byte 0 is utf-16le, not utf-16be");
}

/* UTF-16 saved without a byte order mark is told from its NUL bytes, in
 * both byte orders, Hebrew, Latin and emoji alike; a NUL that fits no
 * reading is refused, with the hint when the file looked like UTF-16. */
static void
test_utf16_without_bom (void)
{
  const char *text = "שלום, world 😀 1";
  glong n_units = 0;
  g_autofree gunichar2 *units = g_utf8_to_utf16 (text, -1, NULL, &n_units, NULL);
  g_autofree guint8 *le = g_new (guint8, n_units * 2);
  g_autofree guint8 *be = g_new (guint8, n_units * 2);

  for (glong i = 0; i < n_units; i++)
    {
      le[2 * i] = units[i] & 0xFF;
      le[2 * i + 1] = units[i] >> 8;
      be[2 * i] = units[i] >> 8;
      be[2 * i + 1] = units[i] & 0xFF;
    }
  {
    g_autoptr(ShuSource) from_le = source_from_data ((const char *) le, n_units * 2,
                                                     SHU_ENCODING_AUTO);
    g_autoptr(ShuSource) from_be = source_from_data ((const char *) be, n_units * 2,
                                                     SHU_ENCODING_AUTO);
    g_autoptr(ShuSource) again = source_from_data ((const char *) le, n_units * 2,
                                                   SHU_ENCODING_UTF16LE);

    g_assert_cmpint (shu_source_get_encoding (from_le), ==, SHU_ENCODING_UTF16LE);
    g_assert_cmpstr (shu_source_get_text (from_le), ==, text);
    g_assert_cmpint (shu_source_get_encoding (from_be), ==, SHU_ENCODING_UTF16BE);
    g_assert_cmpstr (shu_source_get_text (from_be), ==, text);
    /* What a sidecar records reads it again. */
    g_assert_cmpstr (shu_source_get_text (again), ==, text);
  }

  /* A lone high surrogate after "ab" in UTF-16LE. */
  assert_decode_error ("a\0b\0\x3D\xD8", 6, SHU_ENCODING_AUTO,
                       "NUL character at byte 1: the file looks like utf-16le without a "
                       "byte order mark, but cannot be read as such (lone UTF-16 surrogate "
                       "0xD83D at byte 4)");
  /* NULs on both sides are no UTF-16. */
  assert_decode_error ("a\0\0b", 4, SHU_ENCODING_AUTO, "NUL character at byte 1");
}

/* A file is read by its own path (its buffer becomes the text when it is
 * UTF-8 as it is): the same text, encoding, digest and refusals as from
 * its bytes, whatever the encoding asked for. */
static void
test_file_as_bytes (void)
{
  static const char *const datas[] = {
    SHALOM, "\xEF\xBB\xBF" SHALOM, SHALOM_1255, "\xFF\xFE\xE9\x05\xDC\x05",
    "\xFE\xFF\x05\xE9\x05\xDC", "", "a\xEF\xBB\xBF", "\xEF\xBB", "ab\xC3",
  };
  static const ShuEncoding asked[] = {
    SHU_ENCODING_AUTO, SHU_ENCODING_UTF8, SHU_ENCODING_UTF8_BOM, SHU_ENCODING_UTF16LE,
    SHU_ENCODING_WINDOWS_1255, SHU_ENCODING_ISO_8859_8,
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shu-source-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "text.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  guint n_unchanged = 0;

  g_assert_no_error (error);
  /* And a NUL inside, which no encoding takes. */
  for (guint d = 0; d <= G_N_ELEMENTS (datas); d++)
    {
      const char *data = d < G_N_ELEMENTS (datas) ? datas[d] : "ab\0cd";
      gsize size = d < G_N_ELEMENTS (datas) ? strlen (data) : 5;

      g_file_set_contents (path, data, size, &error);
      g_assert_no_error (error);
      for (guint a = 0; a < G_N_ELEMENTS (asked); a++)
        {
          g_autoptr(GBytes) bytes = g_bytes_new (data, size);
          g_autoptr(GError) bytes_error = NULL;
          g_autoptr(GError) file_error = NULL;
          g_autoptr(ShuSource) from_bytes = shu_source_new_from_bytes (bytes, asked[a],
                                                                        &bytes_error);
          g_autoptr(ShuSource) from_file = shu_source_new_from_file (file, asked[a], NULL,
                                                                      &file_error);
          gboolean unchanged = shu_decode_is_unchanged ((const guint8 *) data, size, asked[a]);

          g_assert_true ((from_bytes == NULL) == (from_file == NULL));
          if (from_bytes == NULL)
            {
              g_autofree char *message = g_strdup_printf ("%s: %s", path,
                                                          bytes_error->message);

              g_assert_false (unchanged);
              g_assert_error (file_error, bytes_error->domain, bytes_error->code);
              g_assert_cmpstr (file_error->message, ==, message);
              continue;
            }
          g_assert_cmpstr (shu_source_get_text (from_file), ==, shu_source_get_text (from_bytes));
          g_assert_cmpuint (shu_source_get_text_size (from_file), ==,
                            shu_source_get_text_size (from_bytes));
          g_assert_cmpint (shu_source_get_encoding (from_file), ==,
                           shu_source_get_encoding (from_bytes));
          g_assert_cmpstr (shu_source_get_sha256 (from_file), ==,
                           shu_source_get_sha256 (from_bytes));
          g_assert_cmpuint (shu_source_get_length (from_file), ==,
                            shu_source_get_length (from_bytes));
          /* Unchanged means exactly that: the text is the bytes. */
          if (unchanged)
            {
              g_assert_cmpuint (shu_source_get_text_size (from_file), ==, size);
              g_assert_cmpmem (shu_source_get_text (from_file), size, data, size);
              n_unchanged++;
            }
        }
    }
  /* SHALOM, the empty text and a BOM after the start (a character there),
   * each read as AUTO, UTF-8 or UTF-8-BOM. */
  g_assert_cmpuint (n_unchanged, ==, 9);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_windows_1255 (void)
{
  g_autoptr(ShuSource) source = source_from_data (SHALOM_1255, 7, SHU_ENCODING_WINDOWS_1255);
  g_autoptr(ShuSource) detected = source_from_data (SHALOM_1255, 7, SHU_ENCODING_AUTO);
  g_autoptr(ShuSource) utf8 = source_from_string (SHALOM);
  g_autoptr(GString) all = g_string_new (NULL);
  guint n_defined = 0;

  /* No composition: the same code points as the UTF-8 text, one by one. */
  assert_code_points (shu_source_get_text (source), shalom_code_points,
                      G_N_ELEMENTS (shalom_code_points));
  g_assert_cmpstr (shu_source_get_text (source), ==, shu_source_get_text (utf8));
  g_assert_cmpint (shu_source_get_encoding (source), ==, SHU_ENCODING_WINDOWS_1255);
  g_assert_cmpint (shu_source_get_encoding (detected), ==, SHU_ENCODING_WINDOWS_1255);
  g_assert_cmpstr (shu_source_get_text (detected), ==, SHALOM);

  /* Every byte the code page defines is one code point; the points stay
   * on their own, the ones the task names first. */
  for (guint byte = 1; byte < 256; byte++)
    {
      static const guint8 undefined[] = { 0x81, 0x8A, 0x8C, 0x8D, 0x8E, 0x8F, 0x90, 0x9A,
                                          0x9C, 0x9D, 0x9E, 0x9F, 0xD9, 0xDA, 0xDB, 0xDC,
                                          0xDD, 0xDE, 0xDF, 0xFB, 0xFC, 0xFF };
      char data[1] = { (char) byte };
      gboolean is_undefined = memchr (undefined, byte, sizeof undefined) != NULL;

      if (is_undefined)
        {
          g_autofree char *message =
            g_strdup_printf ("byte 0x%02X at byte 0 is not defined in windows-1255", byte);
          assert_decode_error (data, 1, SHU_ENCODING_WINDOWS_1255, message);
        }
      else
        {
          g_autoptr(ShuSource) one = source_from_data (data, 1, SHU_ENCODING_WINDOWS_1255);
          g_assert_cmpuint (shu_source_get_length (one), ==, 1);
          g_string_append (all, shu_source_get_text (one));
          n_defined++;
        }
    }
  g_assert_cmpuint (n_defined, ==, 255 - 22);
  g_assert_cmpuint (g_utf8_strlen (all->str, -1), ==, n_defined);

  {
    /* Spot checks against the code page: euro, sheqel, sheva, meteg, maqaf,
     * alef, tav, the directional marks. */
    g_autoptr(ShuSource) spot = source_from_data ("\x80\xA4\xC0\xCA\xCD\xCE\xE0\xFA\xFD\xFE",
                                                  10, SHU_ENCODING_WINDOWS_1255);
    static const gunichar expected[] = { 0x20AC, 0x20AA, 0x05B0, 0x05BA, 0x05BD, 0x05BE,
                                         0x05D0, 0x05EA, 0x200E, 0x200F };
    assert_code_points (shu_source_get_text (spot), expected, G_N_ELEMENTS (expected));
  }
}

static void
test_iso_8859_8 (void)
{
  g_autoptr(ShuSource) source = source_from_data ("\xF9\xEC\xE5\xED \xDF\xAA\x85", 8,
                                                  SHU_ENCODING_ISO_8859_8);
  static const gunichar expected[] = { 0x05E9, 0x05DC, 0x05D5, 0x05DD, ' ', 0x2017, 0x00D7,
                                       0x0085 };

  assert_code_points (shu_source_get_text (source), expected, G_N_ELEMENTS (expected));
  g_assert_cmpint (shu_source_get_encoding (source), ==, SHU_ENCODING_ISO_8859_8);
  /* ISO-8859-8 has no points at all. */
  assert_decode_error ("\xF9\xC8", 2, SHU_ENCODING_ISO_8859_8,
                       "byte 0xC8 at byte 1 is not defined in iso-8859-8");
  assert_decode_error ("ab\xA1", 3, SHU_ENCODING_ISO_8859_8,
                       "byte 0xA1 at byte 2 is not defined in iso-8859-8");
}

static void
test_auto (void)
{
  g_autoptr(ShuSource) ascii = source_from_data ("plain", 5, SHU_ENCODING_AUTO);
  g_autoptr(ShuSource) utf8 = source_from_data (SHALOM, strlen (SHALOM), SHU_ENCODING_AUTO);
  g_autoptr(ShuSource) empty = source_from_data ("", 0, SHU_ENCODING_AUTO);

  g_assert_cmpint (shu_source_get_encoding (ascii), ==, SHU_ENCODING_UTF8);
  g_assert_cmpint (shu_source_get_encoding (utf8), ==, SHU_ENCODING_UTF8);
  g_assert_cmpstr (shu_source_get_text (utf8), ==, SHALOM);
  g_assert_cmpint (shu_source_get_encoding (empty), ==, SHU_ENCODING_UTF8);

  /* Neither UTF-8 nor windows-1255. */
  assert_decode_error ("a\xF9\xD9\xFF", 4, SHU_ENCODING_AUTO,
                       "invalid UTF-8 at byte 1, and byte 0xD9 at byte 2 is not defined "
                       "in windows-1255: cannot tell the encoding");
  assert_decode_error ("ab\0c", 4, SHU_ENCODING_AUTO, "NUL character at byte 2");
  /* A BOM decides, so what follows must hold to it. */
  assert_decode_error ("\xEF\xBB\xBF" "ab\xF9", 6, SHU_ENCODING_AUTO,
                       "invalid UTF-8 at byte 5");
}

/* A Latin text in a single-byte code page is read as windows-1252, not
 * as Hebrew letters; Hebrew text with Latin words in it stays Hebrew. */
static void
test_auto_latin (void)
{
  static const char latin[] = "Caf\xE9 cr\xE8me, M\xFCller \x93quoted\x94 \xC0 la fa\xE7on";
  static const char hebrew[] = "\xF9\xEC\xE5\xED GTK \xF2\xE5\xEC\xED, caf\xE9";
  g_autoptr(ShuSource) from_latin = source_from_data (latin, sizeof latin - 1,
                                                      SHU_ENCODING_AUTO);
  g_autoptr(ShuSource) from_hebrew = source_from_data (hebrew, sizeof hebrew - 1,
                                                       SHU_ENCODING_AUTO);
  g_autoptr(ShuSource) asked = source_from_data (latin, sizeof latin - 1,
                                                 SHU_ENCODING_WINDOWS_1252);
  ShuEncoding named;

  g_assert_cmpint (shu_source_get_encoding (from_latin), ==, SHU_ENCODING_WINDOWS_1252);
  g_assert_cmpstr (shu_source_get_text (from_latin), ==,
                   "Café crème, Müller “quoted” À la façon");
  g_assert_cmpstr (shu_source_get_text (asked), ==, shu_source_get_text (from_latin));
  g_assert_cmpint (shu_source_get_encoding (from_hebrew), ==, SHU_ENCODING_WINDOWS_1255);
  g_assert_cmpstr (shu_source_get_text (from_hebrew), ==, "שלום GTK עולם, cafי");

  /* The name a sidecar records reads back. */
  g_assert_cmpstr (shu_encoding_to_string (SHU_ENCODING_WINDOWS_1252), ==, "windows-1252");
  g_assert_true (shu_encoding_from_string ("windows-1252", &named));
  g_assert_cmpint (named, ==, SHU_ENCODING_WINDOWS_1252);

  /* A byte windows-1252 leaves undefined, in a Latin text. */
  assert_decode_error ("caf\xE9 \x81", 6, SHU_ENCODING_AUTO,
                       "invalid UTF-8 at byte 3, and byte 0x81 at byte 5 is not defined "
                       "in windows-1252: cannot tell the encoding");
}

static void
test_refusals (void)
{
  /* Invalid UTF-8, at the first bad byte; a truncated sequence is bad from
   * its lead byte. */
  assert_decode_error ("abc\xC3(", 5, SHU_ENCODING_UTF8, "invalid UTF-8 at byte 3");
  assert_decode_error ("ab\xFF", 3, SHU_ENCODING_UTF8, "invalid UTF-8 at byte 2");
  assert_decode_error ("\xD7\xA9\xD7", 3, SHU_ENCODING_UTF8, "invalid UTF-8 at byte 2");
  /* UTF-8-encoded surrogates are not UTF-8. */
  assert_decode_error ("a\xED\xA0\x80", 4, SHU_ENCODING_UTF8, "invalid UTF-8 at byte 1");
  /* Offsets count the BOM, as the bytes on disk do. */
  assert_decode_error ("\xEF\xBB\xBF" "ab\xFF", 6, SHU_ENCODING_UTF8,
                       "invalid UTF-8 at byte 5");

  /* Lone surrogates, high and low, with their byte offsets. */
  assert_decode_error ("\xFF\xFE" "a\0" "\x3D\xD8" "b\0", 8, SHU_ENCODING_UTF16LE,
                       "lone UTF-16 surrogate 0xD83D at byte 4");
  assert_decode_error ("a\0" "\x00\xDE", 4, SHU_ENCODING_UTF16LE,
                       "lone UTF-16 surrogate 0xDE00 at byte 2");
  assert_decode_error ("\xFE\xFF" "\xD8\x3D", 4, SHU_ENCODING_UTF16BE,
                       "lone UTF-16 surrogate 0xD83D at byte 2");
  assert_decode_error ("\xFE\xFF" "\xD8\x3D\x00" "a", 6, SHU_ENCODING_AUTO,
                       "lone UTF-16 surrogate 0xD83D at byte 2");
  /* An odd number of bytes. */
  assert_decode_error ("\xFF\xFE" "a\0" "b", 5, SHU_ENCODING_UTF16LE,
                       "odd number of bytes in UTF-16: incomplete code unit at byte 4");

  /* Undefined in windows-1255. */
  assert_decode_error ("\xE0\xE1\xFF", 3, SHU_ENCODING_WINDOWS_1255,
                       "byte 0xFF at byte 2 is not defined in windows-1255");

  /* NUL, in every encoding. */
  assert_decode_error ("ab\0c", 4, SHU_ENCODING_UTF8, "NUL character at byte 2");
  assert_decode_error ("\xFF\xFE" "a\0\0\0", 6, SHU_ENCODING_UTF16LE,
                       "NUL character at byte 4");
  assert_decode_error ("\xE0\0", 2, SHU_ENCODING_WINDOWS_1255, "NUL character at byte 1");
  assert_decode_error ("\0", 1, SHU_ENCODING_ISO_8859_8, "NUL character at byte 0");
}

static void
test_too_large (void)
{
  static const char data[1] = { 'a' };
  /* GBytes never reads its data, and the source refuses before it does, so
   * an oversized GBytes over one byte is safe to hand in. */
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, SHU_SOURCE_MAX_BYTES + 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *message = NULL;
  FILE *stream;

  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE);
  g_clear_error (&error);

  /* A sparse file of the limit plus one takes no space and is refused
   * before it is read. */
  dir = g_dir_make_tmp ("shu-source-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "big.txt", NULL);
  stream = g_fopen (path, "wb");
  g_assert_nonnull (stream);
  g_assert_cmpint (fseeko (stream, (off_t) SHU_SOURCE_MAX_BYTES, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('a', stream), ==, 'a');
  g_assert_cmpint (fclose (stream), ==, 0);

  file = g_file_new_for_path (path);
  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE);
  message = g_strdup_printf ("%s: the file has %" G_GSIZE_FORMAT
                             " bytes, more than the limit of %" G_GSIZE_FORMAT,
                             path, SHU_SOURCE_MAX_BYTES + 1, SHU_SOURCE_MAX_BYTES);
  g_assert_cmpstr (error->message, ==, message);

  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_file_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shu-source-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing.txt", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.txt", NULL);
  g_autofree char *good = g_build_filename (dir, "good.txt", NULL);
  g_autofree char *message = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(ShuSource) source = NULL;

  g_assert_no_error (error);

  file = g_file_new_for_path (missing);
  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
  message = g_strdup_printf ("%s: no such file", missing);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  g_clear_pointer (&message, g_free);
  g_clear_object (&file);

  /* A folder is not a text. */
  file = g_file_new_for_path (dir);
  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_IO);
  message = g_strdup_printf ("%s: not a regular file", dir);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  g_clear_pointer (&message, g_free);
  g_clear_object (&file);

  /* Decoding errors from a file name the file. */
  g_file_set_contents (bad, "ok\n\xFF", 4, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (bad);
  source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_null (source);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_DECODE);
  message = g_strdup_printf ("%s: invalid UTF-8 at byte 3", bad);
  g_assert_cmpstr (error->message, ==, message);
  g_clear_error (&error);
  g_clear_object (&file);

  /* A legacy file, read and detected. */
  g_file_set_contents (good, SHALOM_1255 "\r\n", 9, &error);
  g_assert_no_error (error);
  file = g_file_new_for_path (good);
  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shu_source_get_text (source), ==, SHALOM "\r\n");
  g_assert_cmpint (shu_source_get_encoding (source), ==, SHU_ENCODING_WINDOWS_1255);
  g_assert_true (shu_source_get_file (source) == file);
  g_clear_object (&source);

  /* Cancellation stays recognisable as such. */
  {
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_cancellable_cancel (cancellable);
    source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, cancellable, &error);
    g_assert_null (source);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
  }

  g_assert_cmpint (g_unlink (bad), ==, 0);
  g_assert_cmpint (g_unlink (good), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* A random text over pieces that stress lines, paragraphs, blank lines,
 * multi-byte characters and clusters. */
static char *
random_text (GRand *rand,
             guint  n_pieces)
{
  static const char * const pieces[] = {
    "a", "b", " ", "\t", "\n", "\n", "\r", "\r\n", "\r\n",
    "\xD7\xA9", "\xD6\xB8", "\xD7\x81",            /* shin, qamats, shin dot */
    "\xF0\x9F\x98\x80", "\xE2\x80\x8D",            /* U+1F600, ZWJ */
    "\xF0\x9F\x87\xAE", "\xE2\x80\x83",            /* regional indicator, em space */
    "\xD8\xA8\xD9\x90",                            /* beh kasra */
    "\xE2\x80\x8F",                                /* RLM, not white space */
    "\xC3\xA9", "\xC2\xAD", "\xD9\xA3",            /* é, soft hyphen, Arabic 3 */
    "\xD6\xBE", "\xD7\xB3", "\xCC\x81",            /* maqaf, geresh, combining acute */
  };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_pieces; i++)
    g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);

  return g_string_free (text, FALSE);
}

/* Lines and paragraphs computed the slow, obvious way: split into lines,
 * then group the non-blank ones. */
static void
assert_lines_and_paragraphs (ShuSource *source)
{
  const char *text = shu_source_get_text (source);
  guint length = shu_source_get_length (source);
  g_autofree gunichar *ucs4 = g_utf8_to_ucs4_fast (text, -1, NULL);
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) content_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) paragraphs = g_array_new (FALSE, FALSE, sizeof (guint));
  guint start = 0;
  guint n_lines;
  gint open = -1;

  for (guint i = 0; i <= length; i++)
    {
      guint terminator = 0;

      if (i == length)
        terminator = 0;
      else if (ucs4[i] == '\r' && i + 1 < length && ucs4[i + 1] == '\n')
        terminator = 2;
      else if (ucs4[i] == '\r' || ucs4[i] == '\n')
        terminator = 1;
      else
        continue;

      g_array_append_val (starts, start);
      g_array_append_val (content_ends, i);
      start = i + terminator;
      if (i == length)
        break;
      i += terminator - 1;
      if (start == length)
        {
          /* The empty line after a final line break. */
          g_array_append_val (starts, start);
          g_array_append_val (content_ends, start);
          break;
        }
    }

  n_lines = starts->len;
  g_assert_cmpuint (shu_source_get_n_lines (source), ==, n_lines);
  for (guint line = 0; line < n_lines; line++)
    {
      guint line_start = g_array_index (starts, guint, line);
      guint line_end = line + 1 < n_lines ? g_array_index (starts, guint, line + 1) : length + 1;
      guint content_end = g_array_index (content_ends, guint, line);
      gboolean blank = TRUE;

      g_assert_cmpuint (shu_source_get_line_start (source, line), ==, line_start);
      for (guint i = line_start; i < line_end; i++)
        g_assert_cmpuint (shu_source_get_line_at_offset (source, i), ==, line);

      for (guint i = line_start; i < content_end; i++)
        blank = blank && g_unichar_isspace (ucs4[i]);

      if (!blank && open < 0)
        open = (gint) line;
      if (open >= 0 && (blank || line + 1 == n_lines))
        {
          guint last = blank ? line - 1 : line;
          guint first_start = g_array_index (starts, guint, open);
          guint last_end = g_array_index (content_ends, guint, last);

          g_array_append_val (paragraphs, first_start);
          g_array_append_val (paragraphs, last_end);
          open = -1;
        }
    }

  g_assert_cmpuint (shu_source_get_n_paragraphs (source), ==, paragraphs->len / 2);
  for (guint p = 0; p < paragraphs->len / 2; p++)
    {
      guint p_start = 0, p_end = 0;

      shu_source_get_paragraph (source, p, &p_start, &p_end);
      g_assert_cmpuint (p_start, ==, g_array_index (paragraphs, guint, 2 * p));
      g_assert_cmpuint (p_end, ==, g_array_index (paragraphs, guint, 2 * p + 1));
    }

  for (guint i = 0; i <= length; i++)
    {
      guint expected = 0;

      for (guint p = 0; p < paragraphs->len / 2; p++)
        if (g_array_index (paragraphs, guint, 2 * p) <= i)
          expected = p;
      g_assert_cmpuint (shu_source_get_paragraph_at_offset (source, i), ==, expected);
    }
}

static void
test_random_texts (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1255);

  for (guint round = 0; round < 60; round++)
    {
      g_autofree char *text = random_text (rand, g_rand_int_range (rand, 0, 400));
      g_autoptr(ShuSource) source = source_from_string (text);

      g_assert_cmpstr (shu_source_get_text (source), ==, text);
      assert_offsets_round_trip (source);
      assert_lines_and_paragraphs (source);
      assert_boundaries_match_pango (source);
    }
}

static void
test_paragraphs (void)
{
  g_autoptr(ShuSource) source =
    source_from_string ("\n  \nfirst line\nsecond\r\n \t\r\n\r\nthird  \n\n \n");
  guint start = 0, end = 0;

  g_assert_cmpuint (shu_source_get_n_paragraphs (source), ==, 2);
  shu_source_get_paragraph (source, 0, &start, &end);
  g_assert_cmpuint (start, ==, 4);
  g_assert_cmpuint (end, ==, 21);
  shu_source_get_paragraph (source, 1, &start, &end);
  g_assert_cmpuint (start, ==, 29);
  g_assert_cmpuint (end, ==, 36);
  /* Before the first, and in the gap after it. */
  g_assert_cmpuint (shu_source_get_paragraph_at_offset (source, 0), ==, 0);
  g_assert_cmpuint (shu_source_get_paragraph_at_offset (source, 25), ==, 0);
  g_assert_cmpuint (shu_source_get_paragraph_at_offset (source, 29), ==, 1);
  assert_lines_and_paragraphs (source);
}

static void
test_long_text (void)
{
  g_autofree char *path = essay_path ();
  g_autofree char *contents = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (6);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GError) error = NULL;
  guint length;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  while (big->len < 5 * 1024 * 1024)
    g_string_append (big, contents);

  bytes = g_bytes_new (big->str, big->len);
  source = shu_source_new_from_bytes (bytes, SHU_ENCODING_AUTO, &error);
  g_assert_no_error (error);
  length = shu_source_get_length (source);
  g_assert_cmpuint (length, ==, g_utf8_strlen (big->str, big->len));

  /* Random probes over the whole text, each one checked locally. */
  for (guint i = 0; i < 2000; i++)
    {
      guint offset = g_rand_int_range (rand, 0, length);
      gsize byte = shu_source_offset_to_byte (source, offset);
      guint floor = shu_source_boundary_floor (source, offset);
      guint ceil = shu_source_boundary_ceil (source, offset);
      guint line = shu_source_get_line_at_offset (source, offset);

      g_assert_cmpuint (shu_source_byte_to_offset (source, byte), ==, offset);
      g_assert_true ((big->str[byte] & 0xC0) != 0x80);
      g_assert_cmpuint (floor, <=, offset);
      g_assert_cmpuint (ceil, >=, offset);
      g_assert_true (shu_source_is_boundary (source, floor));
      g_assert_true (shu_source_is_boundary (source, ceil));
      g_assert_cmpuint (shu_source_get_line_start (source, line), <=, offset);
      if (line + 1 < shu_source_get_n_lines (source))
        g_assert_cmpuint (shu_source_get_line_start (source, line + 1), >, offset);
    }
}

static void
test_empty_and_properties (void)
{
  g_autoptr(ShuSource) empty = source_from_string ("");
  g_autoptr(ShuSource) bare = g_object_new (SHU_TYPE_SOURCE, NULL);
  g_autoptr(ShuSource) source = source_from_string (SHALOM);
  g_autoptr(GFile) file = NULL;
  g_autofree char *text = NULL;
  g_autofree char *sha256 = NULL;
  ShuEncoding encoding = SHU_ENCODING_AUTO;
  guint length = 0;

  for (guint i = 0; i < 2; i++)
    {
      ShuSource *s = i == 0 ? empty : bare;

      g_assert_cmpstr (shu_source_get_text (s), ==, "");
      g_assert_cmpuint (shu_source_get_length (s), ==, 0);
      g_assert_cmpuint (shu_source_get_n_lines (s), ==, 1);
      g_assert_cmpuint (shu_source_get_n_paragraphs (s), ==, 0);
      g_assert_cmpuint (shu_source_get_paragraph_at_offset (s, 0), ==, 0);
      g_assert_true (shu_source_is_boundary (s, 0));
      g_assert_cmpuint (shu_source_offset_to_byte (s, 0), ==, 0);
      g_assert_cmpstr (shu_source_get_sha256 (s), ==,
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

  g_object_get (source, "file", &file, "encoding", &encoding, "text", &text,
                "length", &length, "sha256", &sha256, NULL);
  g_assert_null (file);
  g_assert_cmpint (encoding, ==, SHU_ENCODING_UTF8);
  g_assert_cmpstr (text, ==, SHALOM);
  g_assert_cmpuint (length, ==, 7);
  g_assert_cmpstr (sha256, ==, shu_source_get_sha256 (source));

  /* No property can be written. */
  {
    g_autofree GParamSpec **specs = NULL;
    guint n_specs = 0;

    specs = g_object_class_list_properties (G_OBJECT_GET_CLASS (source), &n_specs);
    g_assert_cmpuint (n_specs, ==, 5);
    for (guint i = 0; i < n_specs; i++)
      g_assert_false (specs[i]->flags & G_PARAM_WRITABLE);
  }
}

static void
test_encoding_names (void)
{
  static const char * const names[] = {
    "auto", "utf-8", "utf-8-bom", "utf-16le", "utf-16be", "windows-1255", "iso-8859-8",
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *upper = g_ascii_strup (names[i], -1);
      ShuEncoding encoding = SHU_ENCODING_AUTO;

      g_assert_cmpstr (shu_encoding_to_string ((ShuEncoding) i), ==, names[i]);
      g_assert_true (shu_encoding_from_string (names[i], &encoding));
      g_assert_cmpint (encoding, ==, i);
      g_assert_true (shu_encoding_from_string (upper, &encoding));
      g_assert_cmpint (encoding, ==, i);
    }

  g_assert_false (shu_encoding_from_string ("latin1", NULL));
  g_assert_false (shu_encoding_from_string ("", NULL));
}

static void
test_trim_range (void)
{
  /* "  שָׁלוֹם עולם \r\n" : spaces, a pointed word, a word, CR LF. */
  g_autoptr(ShuSource) source = source_from_string ("  שָׁלוֹם עולם \r\nx");
  guint start = 0, end = 0;
  g_autofree char *text = NULL;

  start = 0;
  end = shu_source_get_length (source) - 1;
  g_assert_true (shu_source_trim_range (source, &start, &end));
  text = shu_source_dup_range (source, start, end);
  g_assert_cmpstr (text, ==, "שָׁלוֹם עולם");
  g_assert_true (shu_source_is_boundary (source, start));
  g_assert_true (shu_source_is_boundary (source, end));

  /* Only white space: refused, and the range is left alone. */
  start = 0;
  end = 2;
  g_assert_false (shu_source_trim_range (source, &start, &end));
  g_assert_cmpuint (start, ==, 0);
  g_assert_cmpuint (end, ==, 2);

  /* Nothing to trim: unchanged. */
  start = 2;
  end = 4;
  g_assert_true (shu_source_trim_range (source, &start, &end));
  g_assert_cmpuint (start, ==, 2);
  g_assert_cmpuint (end, ==, 4);

  /* Past the end clamps; an empty range is refused. */
  start = 5;
  end = 5;
  g_assert_false (shu_source_trim_range (source, &start, &end));
}

/* Every quote of a text mixing 1-, 2-, 3- and 4-byte characters and
 * combining marks, at every start and at lengths on both sides of the
 * conversion's 64-code-point step, against the plain conversion. */
static void
test_quote_everywhere (void)
{
  const char *pieces[] = { "ab ", "שָׁלוֹם ", "€ ", "😀", "\n", "e\xCC\x81 " };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GError) error = NULL;
  guint lengths[] = { 0, 1, 5, 31, 32, 33, 63, 64, 65, 130 };
  guint n;

  for (guint i = 0; i < 60; i++)
    g_string_append (text, pieces[i % G_N_ELEMENTS (pieces)]);
  bytes = g_bytes_new (text->str, text->len);
  source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);
  g_assert_no_error (error);
  n = shu_source_get_length (source);
  g_assert_cmpuint (n, ==, g_utf8_strlen (text->str, -1));

  for (guint start = 0; start <= n; start++)
    for (guint k = 0; k < G_N_ELEMENTS (lengths); k++)
      {
        guint end = MIN (start + lengths[k], n);
        guint from = start - MIN (start, SHU_QUOTE_CONTEXT);
        guint to = MIN (end + SHU_QUOTE_CONTEXT, n);
        const char *at_from = g_utf8_offset_to_pointer (text->str, from);
        const char *at_start = g_utf8_offset_to_pointer (text->str, start);
        const char *at_end = g_utf8_offset_to_pointer (text->str, end);
        const char *at_to = g_utf8_offset_to_pointer (text->str, to);
        g_autofree char *prefix = NULL, *exact = NULL, *suffix = NULL;
        g_autofree char *want_prefix = g_strndup (at_from, at_start - at_from);
        g_autofree char *want_exact = g_strndup (at_start, at_end - at_start);
        g_autofree char *want_suffix = g_strndup (at_end, at_to - at_end);

        shu_source_get_quote (source, start, end, &prefix, &exact, &suffix);
        g_assert_cmpstr (prefix, ==, want_prefix);
        g_assert_cmpstr (exact, ==, want_exact);
        g_assert_cmpstr (suffix, ==, want_suffix);
      }
}

int
main (int   argc,
      char *argv[])
{
  shu_test_use_private_tmp ();
  /* No G_TEST_OPTION_ISOLATE_DIRS: these tests touch no user folders, and
   * GLib 2.74 leaks the isolated paths of every test, which fails the
   * AddressSanitizer build. */
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/source/essay", test_essay);
  g_test_add_func ("/source/parts", test_parts);
  g_test_add_func ("/source/niqqud", test_niqqud);
  g_test_add_func ("/source/quote-everywhere", test_quote_everywhere);
  g_test_add_func ("/source/arabic", test_arabic);
  g_test_add_func ("/source/emoji-outside-bmp", test_emoji_outside_bmp);
  g_test_add_func ("/source/emoji-clusters", test_emoji_clusters);
  g_test_add_func ("/source/crlf", test_crlf);
  g_test_add_func ("/source/bom", test_bom);
  g_test_add_func ("/source/utf16-without-bom", test_utf16_without_bom);
  g_test_add_func ("/source/file-as-bytes", test_file_as_bytes);
  g_test_add_func ("/source/windows-1255", test_windows_1255);
  g_test_add_func ("/source/iso-8859-8", test_iso_8859_8);
  g_test_add_func ("/source/auto", test_auto);
  g_test_add_func ("/source/auto-latin", test_auto_latin);
  g_test_add_func ("/source/refusals", test_refusals);
  g_test_add_func ("/source/too-large", test_too_large);
  g_test_add_func ("/source/file-errors", test_file_errors);
  g_test_add_func ("/source/random-texts", test_random_texts);
  g_test_add_func ("/source/paragraphs", test_paragraphs);
  g_test_add_func ("/source/long-text", test_long_text);
  g_test_add_func ("/source/empty-and-properties", test_empty_and_properties);
  g_test_add_func ("/source/encoding-names", test_encoding_names);
  g_test_add_func ("/source/trim-range", test_trim_range);

  return g_test_run ();
}
