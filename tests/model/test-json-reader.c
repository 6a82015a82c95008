/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-error.h"
#include "shu-json-tree.h"

static ShuJsonTree *
read_string (const char  *text,
             GError     **error)
{
  return shu_json_tree_read (text, strlen (text), 32, SHU_JSON_READ_DEFAULT, "f.json", error);
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
      g_autoptr(ShuJsonTree) tree = NULL;

      tree = read_string (cases[i].input, &error);
      g_assert_null (tree);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
      if (g_strcmp0 (error->message, cases[i].message) != 0)
        g_error ("case %u: got \"%s\", expected \"%s\"", i, error->message, cases[i].message);
    }
}

static void
test_refusals_more (void)
{
  /* The rest of the messages, each checked against the scan this reader
   * replaced, which gave the same: columns after Hebrew keys and strings,
   * input that ends early, lines ended by CR LF. */
  static const Refusal cases[] = {
    { "[\"\\u12", "f.json:1:5: incomplete \\u escape" },
    { "[\"\\u12\"]", "f.json:1:7: invalid hexadecimal digit in \\u escape" },
    { "[\"ab\\", "f.json:1:5: unterminated string" },
    { "{ ", "f.json:1:3: unexpected end of input, expected a key" },
    { "{\"a\":", "f.json:1:6: unexpected end of input, expected a value" },
    { "[", "f.json:1:2: unexpected end of input, expected a value" },
    { "{\"a\": }", "f.json:1:7: unexpected '}', expected a value" },
    { "[\"a\nb\"]", "f.json:1:4: unterminated string (line break inside a string)" },
    { "[\"a\rb\"]", "f.json:1:4: unterminated string (line break inside a string)" },
    { "[\xFF]", "f.json:1:2: invalid UTF-8" },
    { "{\"\xD7\xA9\": 1, \"\xD7\xA9\": 2}", "f.json:1:10: duplicate key \"\xD7\xA9\" in an object" },
    { "{\"a\": [1, \n  2,\r\n  ]}", "f.json:2:4: trailing comma" },
    { "[\"\xD7\xA9\", \"\\uD800\\u00\"]", "f.json:1:18: invalid hexadecimal digit in \\u escape" },
    { "{\"\xD7\xA9\xD7\x9C\": \"\\uD83D\"}",
      "f.json:1:9: \\uD83D is a high surrogate not followed by a low surrogate" },
    { "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"\\u0061\":10}",
      "f.json:1:56: duplicate key \"a\" in an object" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ShuJsonTree) tree = read_string (cases[i].input, &error);

      g_assert_null (tree);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
      if (g_strcmp0 (error->message, cases[i].message) != 0)
        g_error ("case %u: got \"%s\", expected \"%s\"", i, error->message, cases[i].message);
    }
}

static void
test_depth (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(GString) deep = g_string_new (NULL);
  gsize n = 200000;

  /* Far deeper than json-glib survives: refused at level 33, no recursion. */
  for (gsize i = 0; i < n; i++)
    g_string_append_c (deep, '[');
  for (gsize i = 0; i < n; i++)
    g_string_append_c (deep, ']');

  tree = shu_json_tree_read (deep->str, deep->len, 32, SHU_JSON_READ_DEFAULT, "deep.json",
                             &error);
  g_assert_null (tree);
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
  g_clear_pointer (&tree, shu_json_tree_free);
  tree = shu_json_tree_read (deep->str, deep->len, 32, SHU_JSON_READ_DEFAULT, "deep.json",
                             &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
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
      g_autoptr(ShuJsonTree) tree = read_string (inputs[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (tree);
    }
}

static void
test_many_keys (void)
{
  g_autoptr(GString) json = g_string_new ("{");
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;

  /* Past the linear search: the hash set must still catch duplicates. */
  for (guint i = 0; i < 100; i++)
    g_string_append_printf (json, "\"k%u\": %u, ", i, i);
  g_string_append (json, "\"k57\": 0}");
  tree = shu_json_tree_read (json->str, json->len, 32, SHU_JSON_READ_DEFAULT, "many.json",
                             &error);
  g_assert_null (tree);
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
  g_autoptr(ShuJsonTree) tree = read_string (json, &error);
  ShuJsonNode *root;
  ShuJsonNode *items;
  ShuJsonPos pos;

  g_assert_no_error (error);
  root = shu_json_tree_get_root (tree);
  shu_json_node_get_pos (root, &pos);
  g_assert_cmpuint (pos.line, ==, 1);
  g_assert_cmpuint (pos.column, ==, 1);
  items = shu_json_node_find (root, "first.items");
  g_assert_cmpuint (shu_json_node_get_length (items), ==, 3);
  shu_json_node_get_pos (shu_json_node_get_element (items, 0), &pos);
  g_assert_cmpuint (pos.line, ==, 5);
  g_assert_cmpuint (pos.column, ==, 7);
  shu_json_node_get_pos (shu_json_node_get_element (items, 2), &pos);
  g_assert_cmpuint (pos.line, ==, 6);
  /* Columns count code points: the Hebrew string is 4 columns wide. */
  g_assert_cmpuint (pos.column, ==, 13);

  g_assert_cmpuint (shu_json_node_get_length (shu_json_node_find (root, "labels")), ==, 2);
  shu_json_node_get_pos (shu_json_node_get_element (shu_json_node_find (root, "labels"), 1),
                         &pos);
  g_assert_cmpuint (pos.line, ==, 2);
  g_assert_cmpuint (pos.column, ==, 26);

  shu_json_node_get_pos (shu_json_node_find (root, "source.sha256"), &pos);
  g_assert_cmpuint (pos.line, ==, 9);
  g_assert_cmpuint (pos.column, ==, 24);
  shu_json_node_get_pos (shu_json_node_find (root, "first"), &pos);
  g_assert_cmpuint (pos.line, ==, 3);
  /* Every value knows where it is, however deep: the scan this reader
   * replaced kept positions two keys deep only. */
  shu_json_node_get_pos (shu_json_node_get_element (
                           shu_json_node_get_member (shu_json_node_get_element (items, 0), "x"),
                           1), &pos);
  g_assert_cmpuint (pos.line, ==, 5);
  g_assert_cmpuint (pos.column, ==, 17);
  g_assert_null (shu_json_node_find (root, "first.items.x"));
  g_assert_null (shu_json_node_find (root, "first.nothing"));
}

typedef struct
{
  GPtrArray *seen;    /* "PATH_INDEX:LINE:COLUMN:VALUE" for each element */
  guint      keep;    /* elements kept in the tree: every keep-th (0: none) */
  guint      n;
} Streamed;

static gboolean
stream_cb (ShuJsonNode *element,
           guint        path_index,
           gpointer     user_data)
{
  Streamed *streamed = user_data;
  ShuJsonNode *value = shu_json_node_get_type (element) == SHU_JSON_OBJECT
                       ? shu_json_node_get_member (element, "v") : element;
  ShuJsonPos pos;

  shu_json_node_get_pos (element, &pos);
  g_ptr_array_add (streamed->seen,
                   g_strdup_printf ("%u:%u:%u:%s", path_index, pos.line, pos.column,
                                    shu_json_node_get_type (value) == SHU_JSON_STRING
                                    ? shu_json_node_get_string (value) : "?"));
  streamed->n++;
  return streamed->keep == 0 || streamed->n % streamed->keep != 0;
}

static char *
join_seen (GPtrArray *seen)
{
  g_ptr_array_add (seen, NULL);
  return g_strjoinv (" ", (char **) seen->pdata);
}

static void
test_streaming (void)
{
  static const char json[] =
    "{\"first\": {\"type\": \"p\", \"items\": [\n"
    "  {\"v\": \"a\", \"deep\": [[1], {\"v\": \"not this\"}]}, \"b\",\n"
    "  {\"v\": \"\u05e9\"}]},\n"
    " \"items\": [{\"v\": \"not a path\"}],\n"
    " \"orphans\": [{\"v\": \"o\"}], \"total\": 3}";
  static const char * const paths[] = { "first.items", "orphans", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autofree char *seen = NULL;
  Streamed streamed = { g_ptr_array_new_with_free_func (g_free), 0, 0 };
  ShuJsonNode *root;

  /* Each element of the arrays named goes to the function, with its
   * position, and is left out of the tree; the rest is built as usual. */
  tree = shu_json_tree_read_full (json, strlen (json), 32, SHU_JSON_READ_DEFAULT, paths,
                                  stream_cb, &streamed, "s.json", &error);
  g_assert_no_error (error);
  seen = join_seen (streamed.seen);
  g_assert_cmpstr (seen, ==, "0:2:3:a 0:2:49:b 0:3:3:\xD7\xA9 1:5:14:o");
  root = shu_json_tree_get_root (tree);
  g_assert_cmpuint (shu_json_node_get_length (shu_json_node_find (root, "first.items")), ==, 0);
  g_assert_cmpuint (shu_json_node_get_length (shu_json_node_find (root, "orphans")), ==, 0);
  g_assert_cmpuint (shu_json_node_get_length (shu_json_node_find (root, "items")), ==, 1);
  g_assert_cmpstr (shu_json_node_get_string (shu_json_node_find (root, "first.type")), ==, "p");
  g_assert_cmpint (shu_json_node_get_int (shu_json_node_find (root, "total")), ==, 3);
  g_ptr_array_unref (streamed.seen);
  g_clear_pointer (&tree, shu_json_tree_free);

  /* What the function does not take stays in the tree, in order. */
  streamed = (Streamed) { g_ptr_array_new_with_free_func (g_free), 2, 0 };
  tree = shu_json_tree_read_full (json, strlen (json), 32, SHU_JSON_READ_DEFAULT, paths,
                                  stream_cb, &streamed, "s.json", &error);
  g_assert_no_error (error);
  root = shu_json_tree_get_root (tree);
  g_assert_cmpuint (shu_json_node_get_length (shu_json_node_find (root, "first.items")), ==, 1);
  g_assert_cmpstr (shu_json_node_get_string (shu_json_node_get_element (
                     shu_json_node_find (root, "first.items"), 0)), ==, "b");
  g_assert_cmpuint (shu_json_node_get_length (shu_json_node_find (root, "orphans")), ==, 1);
  g_ptr_array_unref (streamed.seen);
  g_clear_pointer (&tree, shu_json_tree_free);
}

static void
test_streaming_checks_all (void)
{
  static const char * const paths[] = { "items", NULL };
  g_autoptr(GString) json = g_string_new ("{\"items\": [");
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  Streamed streamed = { g_ptr_array_new_with_free_func (g_free), 0, 0 };

  /* Elements already handed over do not make a broken file good: the
   * error after them is still reported, and no tree given. Each element
   * has a long string, so that their memory is reused many times. */
  for (guint i = 0; i < 2000; i++)
    {
      g_string_append_printf (json, "{\"v\": \"%u\", \"pad\": \"", i);
      for (guint k = 0; k < 3000; k++)
        g_string_append_c (json, 'x');
      g_string_append (json, "\"}, ");
    }
  g_string_append (json, "{\"v\": \"last\"}], \"items2\": 1, \"items2\": 2}");
  tree = shu_json_tree_read_full (json->str, json->len, 32, SHU_JSON_READ_DEFAULT, paths,
                                  stream_cb, &streamed, "s.json", &error);
  g_assert_null (tree);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
  g_assert_true (g_str_has_suffix (error->message, ": duplicate key \"items2\" in an object"));
  g_assert_cmpuint (streamed.seen->len, ==, 2001);
  g_ptr_array_unref (streamed.seen);
}

static void
test_any_number (void)
{
  static const Refusal refusals[] = {
    { "[01]", "f.json:1:2: numbers must not have leading zeros" },
    { "[-]", "f.json:1:2: invalid number" },
    { "[1.]", "f.json:1:2: invalid number" },
    { "[1e]", "f.json:1:2: invalid number" },
    { "[9007199254740992]", "f.json:1:2: number is too large (the largest allowed is 9007199254740991)" },
    { "[-9007199254740992]", "f.json:1:2: number is too large (the largest allowed is 9007199254740991)" },
    { "[18446744073709551617]", "f.json:1:2: number is too large (the largest allowed is 9007199254740991)" },
  };
  static const char json[] = "[0, 12, -3, 12.5, 1e400, -9007199254740991, 9007199254740991]";
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  ShuJsonNode *root;

  /* Other tools' files: any number, kept as written unless it is an
   * integer the sidecar could hold; whole numbers json-glib would wrap
   * are still refused. */
  tree = shu_json_tree_read (json, strlen (json), 32, SHU_JSON_READ_ANY_NUMBER, "f.json", &error);
  g_assert_no_error (error);
  root = shu_json_tree_get_root (tree);
  g_assert_cmpint (shu_json_node_get_int (shu_json_node_get_element (root, 1)), ==, 12);
  g_assert_cmpint (shu_json_node_get_type (shu_json_node_get_element (root, 2)), ==,
                   SHU_JSON_NUMBER);
  g_assert_cmpstr (shu_json_node_get_string (shu_json_node_get_element (root, 3)), ==, "12.5");
  g_assert_cmpstr (shu_json_node_get_string (shu_json_node_get_element (root, 4)), ==, "1e400");
  g_assert_cmpint (shu_json_node_get_int (shu_json_node_get_element (root, 6)), ==,
                   G_GINT64_CONSTANT (9007199254740991));

  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(ShuJsonTree) refused = NULL;

      g_clear_error (&error);
      refused = shu_json_tree_read (refusals[i].input, strlen (refusals[i].input), 32,
                                    SHU_JSON_READ_ANY_NUMBER, "f.json", &error);
      g_assert_null (refused);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_PARSE);
      if (g_strcmp0 (error->message, refusals[i].message) != 0)
        g_error ("case %u: got \"%s\", expected \"%s\"", i, error->message,
                 refusals[i].message);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/refusals", test_refusals);
  g_test_add_func ("/json-reader/refusals-more", test_refusals_more);
  g_test_add_func ("/json-reader/depth", test_depth);
  g_test_add_func ("/json-reader/accepts", test_accepts);
  g_test_add_func ("/json-reader/many-keys", test_many_keys);
  g_test_add_func ("/json-reader/positions", test_positions);
  g_test_add_func ("/json-reader/streaming", test_streaming);
  g_test_add_func ("/json-reader/streaming-checks-all", test_streaming_checks_all);
  g_test_add_func ("/json-reader/any-number", test_any_number);

  return g_test_run ();
}
