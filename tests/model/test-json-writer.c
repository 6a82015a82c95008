/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-error.h"
#include "shu-json-writer.h"

/* A document of @n items, written the same way whatever the writer. */
static void
write_document (ShuJsonWriter *w,
                guint          n)
{
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "name", "מסמך \"בדיקה\"\n");
  shu_json_writer_begin_array (w, "empty");
  shu_json_writer_end_array (w);
  shu_json_writer_begin_array (w, "items");
  for (guint i = 0; i < n; i++)
    {
      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_uint (w, "n", i);
      shu_json_writer_string (w, "text", "שורה של טקסט עם 😀 ו\xE2\x80\xA8 ותו \\ אחד");
      shu_json_writer_end_object (w);
    }
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);
}

typedef struct
{
  GString *received;
  guint    calls;
  guint    fail_at;   /* 0: never */
} Sink;

static gboolean
sink_cb (const char  *data,
         gsize        size,
         gpointer     user_data,
         GError     **error)
{
  Sink *sink = user_data;

  sink->calls++;
  if (sink->calls == sink->fail_at)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, "failed at call %u", sink->calls);
      return FALSE;
    }
  g_string_append_len (sink->received, data, (gssize) size);
  return TRUE;
}

/* The exact bytes, for every kind of character the escaping treats
 * apart and for nesting deep enough to need indent beyond a few levels. */
static void
test_bytes (void)
{
  g_autoptr(ShuJsonWriter) w = shu_json_writer_new ();
  g_autoptr(GBytes) bytes = NULL;
  const char *expected =
    "{\n"
    "  \"quote\\\"key\": \"a\\\"b\\\\c\",\n"
    "  \"controls\": \"\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\",\n"
    "  \"separators\": \"\\u2028|\\u2029|\xE2\x80\xA7|\xE2\x82\xAA|\xE2\x80\",\n"
    "  \"hebrew\": \"\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x98\x80\",\n"
    "  \"empty\": \"\",\n"
    "  \"numbers\": [\n"
    "    0,\n"
    "    7,\n"
    "    1000000,\n"
    "    18446744073709551615\n"
    "  ],\n"
    "  \"deep\": [\n"
    "    {\n"
    "      \"a\": [\n"
    "        {\n"
    "          \"b\": [\n"
    "            {\n"
    "              \"c\": {}\n"
    "            },\n"
    "            []\n"
    "          ]\n"
    "        }\n"
    "      ]\n"
    "    }\n"
    "  ]\n"
    "}\n";

  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "quote\"key", "a\"b\\c");
  shu_json_writer_string (w, "controls", "\b\f\n\r\t\x01\x1f\x7f");
  /* U+2028 and U+2029 escaped; U+2027, U+20AA and a cut-off sequence are
   * other bytes after 0xE2 and stay as they are. */
  shu_json_writer_string (w, "separators", "\xE2\x80\xA8|\xE2\x80\xA9|\xE2\x80\xA7|\xE2\x82\xAA|\xE2\x80");
  shu_json_writer_string (w, "hebrew", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xF0\x9F\x98\x80");
  shu_json_writer_string (w, "empty", "");
  shu_json_writer_begin_array (w, "numbers");
  shu_json_writer_uint (w, NULL, 0);
  shu_json_writer_uint (w, NULL, 7);
  shu_json_writer_uint (w, NULL, 1000000);
  shu_json_writer_uint (w, NULL, G_MAXUINT64);
  shu_json_writer_end_array (w);
  shu_json_writer_begin_array (w, "deep");
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_begin_array (w, "a");
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_begin_array (w, "b");
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_begin_object (w, "c");
  shu_json_writer_end_object (w);
  shu_json_writer_end_object (w);
  shu_json_writer_begin_array (w, NULL);
  shu_json_writer_end_array (w);
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);
  bytes = shu_json_writer_finish (w);

  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, expected);
  g_assert_cmpuint (g_bytes_get_size (bytes), ==, strlen (expected));
}

/* A writer with a sink hands over exactly the bytes the plain writer
 * returns, in pieces of bounded size, and never holds them all. */
static void
test_sink_pieces (void)
{
  guint sizes[] = { 0, 1, 100, 20000 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr(ShuJsonWriter) plain = shu_json_writer_new ();
      g_autoptr(ShuJsonWriter) streamed = NULL;
      g_autoptr(GBytes) whole = NULL;
      g_autoptr(GError) error = NULL;
      Sink sink = { g_string_new (NULL), 0, 0 };
      gsize size;
      const char *data;

      write_document (plain, sizes[k]);
      whole = shu_json_writer_finish (plain);
      streamed = shu_json_writer_new_to_sink (sink_cb, &sink);
      write_document (streamed, sizes[k]);
      g_assert_true (shu_json_writer_finish_to_sink (streamed, &error));
      g_assert_no_error (error);

      data = g_bytes_get_data (whole, &size);
      g_assert_cmpuint (sink.received->len, ==, size);
      g_assert_true (memcmp (sink.received->str, data, size) == 0);
      /* About 64 KiB a piece: a 1.4 MB document comes in many. */
      if (size > 256 * 1024)
        g_assert_cmpuint (sink.calls, >=, size / (80 * 1024));
      else
        g_assert_cmpuint (sink.calls, <=, 4);
      g_string_free (sink.received, TRUE);
    }
}

/* A sink that fails is not called again, and the end says why. */
static void
test_sink_failure (void)
{
  g_autoptr(ShuJsonWriter) w = NULL;
  g_autoptr(GError) error = NULL;
  Sink sink = { g_string_new (NULL), 0, 3 };

  w = shu_json_writer_new_to_sink (sink_cb, &sink);
  write_document (w, 20000);
  g_assert_false (shu_json_writer_finish_to_sink (w, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_IO);
  g_assert_cmpstr (error->message, ==, "failed at call 3");
  g_assert_cmpuint (sink.calls, ==, 3);
  /* Only the two pieces before the failure arrived. */
  g_assert_cmpuint (sink.received->len, >, 0);
  g_assert_cmpuint (sink.received->len, <, 200 * 1024);
  g_string_free (sink.received, TRUE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/json-writer/bytes", test_bytes);
  g_test_add_func ("/json-writer/sink-pieces", test_sink_pieces);
  g_test_add_func ("/json-writer/sink-failure", test_sink_failure);
  return g_test_run ();
}
