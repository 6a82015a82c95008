/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-error.h"
#include "shu-json-scan.h"

static ShuJsonScan *
scan_string (const char  *text,
             GError     **error)
{
  return shu_json_scan (text, strlen (text), 32, "f.json", error);
}

typedef struct
{
  const char *input;
  const char *message;
} Refusal;

static void
test_refusals (void)
{
  static const Refusal cases[] = {
    { "", "f.json:1:1: empty input" },
    { "  \n\t ", "f.json:2:3: empty input" },
    { "\xEF\xBB\xBF{}", "f.json:1:1: a byte order mark is not allowed (save as UTF-8 without BOM)" },
    { "{\"a\": \"\xFF\"}", "f.json:1:8: invalid UTF-8" },
    { "{\"a\": \"\xC0\xAF\"}", "f.json:1:8: invalid UTF-8" },
    { "{\"a\": \"\xED\xA0\x80\"}", "f.json:1:8: invalid UTF-8" },
    { "{\"a\": \"\xF4\x90\x80\x80\"}", "f.json:1:8: invalid UTF-8" },
    { "{\"a\": \"\xE2\x82\"}", "f.json:1:8: invalid UTF-8" },
    { "{\n  // note\n  \"a\": 1\n}", "f.json:2:3: comments are not allowed in JSON" },
    { "{\"a\": 1 /* c */}", "f.json:1:9: comments are not allowed in JSON" },
    { "[1] // end", "f.json:1:5: comments are not allowed in JSON" },
    { "[/* c */ 1]", "f.json:1:2: comments are not allowed in JSON" },
    { "[1,\n 2,\n]", "f.json:2:3: trailing comma" },
    { "{\"a\": 1,}", "f.json:1:8: trailing comma" },
    { "{\"a\": 1,\n \"a\": 2}", "f.json:2:2: duplicate key \"a\" in an object" },
    { "{\"a\": 1, \"\\u0061\": 2}", "f.json:1:10: duplicate key \"a\" in an object" },
    { "[\"x\\u0000y\"]", "f.json:1:4: \\u0000 (a NUL character) is not allowed in strings" },
    { "[\"\\uD800\"]", "f.json:1:3: \\uD800 is a high surrogate not followed by a low surrogate" },
    { "[\"\\uD800\\u0041\"]", "f.json:1:3: \\uD800 is a high surrogate not followed by a low surrogate" },
    { "[\"\\uDC00\"]", "f.json:1:3: \\uDC00 is a lone low surrogate" },
    { "[\"\\uZZZZ\"]", "f.json:1:5: invalid hexadecimal digit in \\u escape" },
    { "[\"\\x\"]", "f.json:1:3: invalid escape sequence in string" },
    { "[\"a\tb\"]", "f.json:1:4: control character U+0009 must be escaped in strings" },
    { "[\"ab", "f.json:1:5: unterminated string" },
    { "[1.5]", "f.json:1:2: only whole numbers are allowed (no fraction or exponent)" },
    { "[1e3]", "f.json:1:2: only whole numbers are allowed (no fraction or exponent)" },
    { "[-1]", "f.json:1:2: negative numbers are not allowed (the format only has whole numbers from 0)" },
    { "[007]", "f.json:1:2: numbers must not have leading zeros" },
    { "[9007199254740992]", "f.json:1:2: number is too large (the largest allowed is 9007199254740991)" },
    { "[99999999999999999999999999]", "f.json:1:2: number is too large (the largest allowed is 9007199254740991)" },
    { "[tru]", "f.json:1:2: invalid literal (expected true)" },
    { "[nullx]", "f.json:1:6: invalid literal" },
    { "{} {}", "f.json:1:4: unexpected data after the JSON value" },
    { "{\"a\" 1}", "f.json:1:6: expected ':' after the key" },
    { "{\"a\": 1", "f.json:1:8: unexpected end of input, expected '}' or ','" },
    { "[1 2]", "f.json:1:4: expected ',' or ']'" },
    { "[1}", "f.json:1:3: expected ',' or ']'" },
    { "[,1]", "f.json:1:2: unexpected character ',', expected a value" },
    { "{1: 2}", "f.json:1:2: expected a key in double quotes" },
    { "[\"\xD7\xA9\xD7\x9C\", \xD7\xA9]", "f.json:1:8: unexpected character, expected a value" },
    { "[\"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\", 1.0]", "f.json:1:10: only whole numbers are allowed (no fraction or exponent)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ShuJsonScan) scan = NULL;

      scan = scan_string (cases[i].input, &error);
      g_assert_null (scan);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
      if (g_strcmp0 (error->message, cases[i].message) != 0)
        g_error ("case %u: got \"%s\", expected \"%s\"", i, error->message, cases[i].message);
    }
}

static void
test_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonScan) scan = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  gsize n = 200000;

  /* Far deeper than json-glib survives: refused at level 33, no recursion. */
  for (gsize i = 0; i < n; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < n; i++)
    g_string_append_c (deep, ']');

  scan = shu_json_scan (deep->str, deep->len, 32, "deep.json", &error);
  g_assert_null (scan);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
  g_assert_cmpstr (error->message, ==, "deep.json:1:33: nesting is deeper than 32 levels");
  g_clear_error (&error);

  /* Exactly at the limit is fine. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 32; i++)
    g_string_append (deep, "{\"a\":");
  g_string_append (deep, "1");
  for (guint i = 0; i < 32; i++)
    g_string_append_c (deep, '}');
  g_clear_pointer (&scan, shu_json_scan_free);
  scan = shu_json_scan (deep->str, deep->len, 32, "deep.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (scan);
}

static void
test_accepts (void)
{
  static const char *inputs[] = {
    "{}", "[]", "0", "\"x\"", "true", "false", "null",
    "[9007199254740991]",
    "{\"a\": [1, 2, {\"b\": null}], \"c\": \"\\u05e9\\uD83D\\uDE00\\n\\\"\"}",
    "\r\n{ \"\xD7\xA9\": \"\xF0\x9F\x98\x80\" }\r\n",
    "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ShuJsonScan) scan = scan_string (inputs[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (scan);
    }
}

static void
test_many_keys (void)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonScan) scan = NULL;

  /* Past the linear search: the hash set must still catch duplicates. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (json, "\"k%u\": %u, ", i, i);
  g_string_append (json, "\"k57\": 0}");
  scan = shu_json_scan (json->str, json->len, 32, "many.json", &error);
  g_assert_null (scan);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (error->message, ": duplicate key \"k57\" in an object"));
}

static void
test_positions (void)
{
  const char *json =
    "{\n"
    "  \"labels\": [ {\"id\": 1}, {\"id\": 2} ],\n"
    "  \"first\": {\n"
    "    \"items\": [\n"
    "      {\"x\": [1, 2]},\n"
    "      \"\xD7\xA9\xD7\x9C\", {\"y\": 1}\n"
    "    ]\n"
    "  },\n"
    "  \"source\": {\"sha256\": \"ab\"}\n"
    "}\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonScan) scan = scan_string (json, &error);
  ShuJsonPos pos;

  g_assert_no_error (error);
  g_assert_cmpuint (shu_json_scan_get_n_elements (scan, "first.items"), ==, 3);
  g_assert_true (shu_json_scan_get_element (scan, "first.items", 0, &pos));
  g_assert_cmpuint (pos.line, ==, 5);
  g_assert_cmpuint (pos.column, ==, 7);
  g_assert_true (shu_json_scan_get_element (scan, "first.items", 2, &pos));
  g_assert_cmpuint (pos.line, ==, 6);
  /* Columns count code points: the Hebrew string is 4 columns wide. */
  g_assert_cmpuint (pos.column, ==, 13);
  g_assert_false (shu_json_scan_get_element (scan, "first.items", 3, &pos));

  g_assert_cmpuint (shu_json_scan_get_n_elements (scan, "labels"), ==, 2);
  g_assert_true (shu_json_scan_get_element (scan, "labels", 1, &pos));
  g_assert_cmpuint (pos.line, ==, 2);
  g_assert_cmpuint (pos.column, ==, 26);

  g_assert_true (shu_json_scan_get_member (scan, "source.sha256", &pos));
  g_assert_cmpuint (pos.line, ==, 9);
  g_assert_cmpuint (pos.column, ==, 24);
  g_assert_true (shu_json_scan_get_member (scan, "first", &pos));
  g_assert_cmpuint (pos.line, ==, 3);
  /* Nothing below array elements, and nothing three keys deep. */
  g_assert_cmpuint (shu_json_scan_get_n_elements (scan, "x"), ==, 0);
  g_assert_false (shu_json_scan_get_member (scan, "first.items.x", NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-scan/refusals", test_refusals);
  g_test_add_func ("/json-scan/depth", test_depth);
  g_test_add_func ("/json-scan/accepts", test_accepts);
  g_test_add_func ("/json-scan/many-keys", test_many_keys);
  g_test_add_func ("/json-scan/positions", test_positions);

  return g_test_run ();
}
