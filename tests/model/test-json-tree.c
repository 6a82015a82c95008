/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "shu-json-tree.h"

/* ShuJsonTree against json-glib as the oracle: on everything the reader
 * accepts, both must read the same values. */

static void
assert_same (JsonNode          *expected,
             const ShuJsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (expected))
    {
      g_assert_cmpint (shu_json_node_get_type (node), ==, SHU_JSON_NULL);
      return;
    }
  if (JSON_NODE_HOLDS_ARRAY (expected))
    {
      JsonArray *array = json_node_get_array (expected);

      g_assert_cmpint (shu_json_node_get_type (node), ==, SHU_JSON_ARRAY);
      g_assert_cmpuint (shu_json_node_get_length (node), ==, json_array_get_length (array));
      for (guint i = 0; i < json_array_get_length (array); i++)
        assert_same (json_array_get_element (array, i), shu_json_node_get_element (node, i));
      return;
    }
  if (JSON_NODE_HOLDS_OBJECT (expected))
    {
      JsonObject *object = json_node_get_object (expected);
      g_autoptr(GList) members = json_object_get_members (object);

      g_assert_cmpint (shu_json_node_get_type (node), ==, SHU_JSON_OBJECT);
      g_assert_cmpuint (shu_json_node_get_length (node), ==, json_object_get_size (object));
      for (GList *l = members; l != NULL; l = l->next)
        {
          ShuJsonNode *member = shu_json_node_get_member (node, l->data);

          g_assert_nonnull (member);
          assert_same (json_object_get_member (object, l->data), member);
        }
      g_assert_null (shu_json_node_get_member (node, "no such member"));
      return;
    }
  switch (json_node_get_value_type (expected))
    {
    case G_TYPE_STRING:
      g_assert_cmpint (shu_json_node_get_type (node), ==, SHU_JSON_STRING);
      g_assert_cmpstr (shu_json_node_get_string (node), ==, json_node_get_string (expected));
      break;
    case G_TYPE_BOOLEAN:
      g_assert_cmpint (shu_json_node_get_type (node), ==, SHU_JSON_BOOLEAN);
      g_assert_cmpint (shu_json_node_get_boolean (node), ==, json_node_get_boolean (expected));
      break;
    default:
      g_assert_cmpint (shu_json_node_get_type (node), ==, SHU_JSON_INTEGER);
      g_assert_cmpint (shu_json_node_get_int (node), ==, json_node_get_int (expected));
      break;
    }
}

/* The elements of the streamed arrays, checked against json-glib's as
 * they come. */
typedef struct
{
  JsonArray *arrays[2];
  guint      next[2];
} Expected;

static gboolean
check_element_cb (ShuJsonNode *element,
                  guint        path_index,
                  gpointer     user_data)
{
  Expected *expected = user_data;

  g_assert_nonnull (expected->arrays[path_index]);
  assert_same (json_array_get_element (expected->arrays[path_index],
                                       expected->next[path_index]++), element);
  return TRUE;
}

static JsonArray *
find_array (JsonNode   *root,
            const char *path)
{
  g_auto(GStrv) keys = g_strsplit (path, ".", -1);

  for (guint i = 0; keys[i] != NULL; i++)
    {
      if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
        return NULL;
      root = json_object_get_member (json_node_get_object (root), keys[i]);
    }
  return root != NULL && JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root) : NULL;
}

static void
check (const char *data,
       gsize       size)
{
  static const char * const paths[] = { "first.items", "orphans", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(ShuJsonTree) tree = NULL;
  Expected expected = { { NULL } };
  JsonNode *root;

  g_assert_true (json_parser_load_from_data (parser, data, size, &error));
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  tree = shu_json_tree_read (data, size, 64, SHU_JSON_READ_DEFAULT, "test.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
  assert_same (root, shu_json_tree_get_root (tree));

  /* The same values with the elements of a sidecar's annotation arrays
   * (and not of a top-level "items", which is not one of them) handed
   * over one by one. */
  g_clear_pointer (&tree, shu_json_tree_free);
  for (guint i = 0; paths[i] != NULL; i++)
    expected.arrays[i] = find_array (root, paths[i]);
  tree = shu_json_tree_read_full (data, size, 64, SHU_JSON_READ_DEFAULT, paths,
                                  check_element_cb, &expected, "test.json", &error);
  g_assert_no_error (error);
  g_assert_nonnull (tree);
  for (guint i = 0; paths[i] != NULL; i++)
    g_assert_cmpuint (expected.next[i], ==,
                      expected.arrays[i] != NULL ? json_array_get_length (expected.arrays[i]) : 0);
}

static void
test_streamed (void)
{
  static const char doc[] =
    "{\"first\": {\"items\": [{\"a\": [1, {\"b\": \"x]}\\\"\"}]}, [2, [3]], \"s\", 4, {}],"
    " \"n\": {\"items\": [{\"c\": 1}]}},"
    " \"orphans\": [[], {\"d\": null}], \"items\": [{\"e\": true}]}";

  check (doc, strlen (doc));
}

static void
test_values (void)
{
  static const char *documents[] = {
    "0",
    "9007199254740991",
    "\"\"",
    "true",
    "null",
    "[]",
    "{}",
    " [ 1 , 22 ,\n333 ]\r\n",
    "{\"a\":{\"b\":[{\"c\":false},[],{}],\"d\":null},\"e\":\"f\"}",
    "[\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\", \"\\u05d0\\u05D1 \\ud83d\\ude00 \\u0041\"]",
    "{\"שם\":\"שלום, עולם\",\"עוד\":[\"א\",\"ב\"]}",
    "[[[[[[[[[[1]]]]]]]]]]",
    /* Quotes after an even and an odd number of backslashes, also in
     * streamed elements. */
    "[\"a\\\\\", \"b\\\\\\\"c\", \"\\\\\\\\\", \"\\\\\\\"\\\\\"]",
    "{\"first\": {\"items\": [{\"k\": \"a\\\\\"}, [\"b\\\\\\\"]c\\\\\\\\\"], {\"\\\\\\\"\": \"}\\\\\\\\\"}, \"\\\\\"]}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    check (documents[i], strlen (documents[i]));
}

static void
test_sample_sidecar (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data",
                                                 "essay.he.txt.annotations.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &data, &size, &error));
  g_assert_no_error (error);
  check (data, size);
}

static void
test_many_blocks (void)
{
  g_autoptr(GString) json = g_string_new ("[");

  /* Enough nodes and strings to need many blocks, and a string longer
   * than one block. */
  for (guint i = 0; i < 20000; i++)
    g_string_append_printf (json, "%s{\"n\":%u,\"s\":\"item %u\"}", i > 0 ? "," : "", i, i);
  g_string_append (json, ",\"");
  for (guint i = 0; i < 300000; i++)
    g_string_append_c (json, 'x');
  g_string_append (json, "\"]");
  check (json->str, json->len);

  /* Streamed elements with strings in memory of their own (1 MiB and
   * more), dropped after each. */
  g_string_assign (json, "{\"first\": {\"items\": [");
  for (guint i = 0; i < 3; i++)
    {
      g_string_append_printf (json, "%s{\"n\": %u, \"s\": \"", i > 0 ? "," : "", i);
      for (guint k = 0; k < 1500000; k++)
        g_string_append_c (json, 'a' + (i + k) % 26);
      g_string_append (json, "\"}, {\"small\": true}");
    }
  g_string_append (json, "]}}");
  check (json->str, json->len);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-tree/values", test_values);
  g_test_add_func ("/json-tree/sample-sidecar", test_sample_sidecar);
  g_test_add_func ("/json-tree/many-blocks", test_many_blocks);
  g_test_add_func ("/json-tree/streamed", test_streamed);
  return g_test_run ();
}
