/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-json-writer.h"

#define MAX_NESTING 64
/* A writer with a sink hands it its bytes in pieces of about this size. */
#define SINK_PIECE (64 * 1024)

struct _ShuJsonWriter
{
  GString  *out;
  guint     depth;
  ShuJsonWriterSink sink;
  gpointer  sink_data;
  GError   *sink_error;     /* the sink's first failure; it is not called again */
  /* Whether the container at each depth has an item yet: the newline and
   * indent before an item are only written once one comes, which is what
   * makes empty containers come out as "[]". */
  gboolean  has_items[MAX_NESTING];
};

ShuJsonWriter *
shu_json_writer_new (void)
{
  ShuJsonWriter *writer = g_new0 (ShuJsonWriter, 1);

  writer->out = g_string_sized_new (4096);
  return writer;
}

ShuJsonWriter *
shu_json_writer_new_to_sink (ShuJsonWriterSink sink,
                             gpointer          user_data)
{
  ShuJsonWriter *writer;

  g_return_val_if_fail (sink != NULL, NULL);

  writer = g_new0 (ShuJsonWriter, 1);
  writer->out = g_string_sized_new (SINK_PIECE + 4096);
  writer->sink = sink;
  writer->sink_data = user_data;
  return writer;
}

void
shu_json_writer_free (ShuJsonWriter *writer)
{
  if (writer == NULL)
    return;
  if (writer->out != NULL)
    g_string_free (writer->out, TRUE);
  g_clear_error (&writer->sink_error);
  g_free (writer);
}

/* Hands what is written so far to the sink, once there is enough of it
 * (or at the end), so that the document is never whole in memory. After
 * a failure the bytes are dropped: the caller learns of it at the end. */
static void
flush_to_sink (ShuJsonWriter *writer,
               gsize          at_least)
{
  if (writer->sink == NULL || writer->out->len < at_least)
    return;
  if (writer->sink_error == NULL && writer->out->len > 0)
    writer->sink (writer->out->str, writer->out->len, writer->sink_data, &writer->sink_error);
  g_string_truncate (writer->out, 0);
}

gboolean
shu_json_writer_finish_to_sink (ShuJsonWriter  *writer,
                                GError        **error)
{
  g_return_val_if_fail (writer != NULL, FALSE);
  g_return_val_if_fail (writer->sink != NULL, FALSE);
  g_return_val_if_fail (writer->depth == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  g_string_append_c (writer->out, '\n');
  flush_to_sink (writer, 0);
  if (writer->sink_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&writer->sink_error));
      return FALSE;
    }
  return TRUE;
}

GBytes *
shu_json_writer_finish (ShuJsonWriter *writer)
{
  GString *out;

  g_return_val_if_fail (writer != NULL, NULL);
  g_return_val_if_fail (writer->sink == NULL, NULL);
  g_return_val_if_fail (writer->depth == 0, NULL);

  out = g_steal_pointer (&writer->out);
  writer->out = g_string_new (NULL);
  g_string_append_c (out, '\n');
  return g_string_free_to_bytes (out);
}

/* g_string_append_len() without its checks (GLib 2.74 does not inline
 * it), for the many short pieces a document is made of: a third of a
 * save's instructions went to it. */
static inline void
append_len (GString    *out,
            const char *data,
            gsize       len)
{
  if (G_UNLIKELY (out->len + len >= out->allocated_len))
    {
      g_string_append_len (out, data, (gssize) len);
      return;
    }
  memcpy (out->str + out->len, data, len);
  out->len += len;
  out->str[out->len] = '\0';
}

/* The bytes shu_json_append_string() has to look at: what JSON escapes,
 * the NUL that ends the string, and 0xE2, the first byte of U+2028 and
 * U+2029. All others are copied in runs. */
static const guint8 needs_care[256] = {
  [0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, [0x05] = 1, [0x06] = 1,
  [0x07] = 1, [0x08] = 1, [0x09] = 1, [0x0a] = 1, [0x0b] = 1, [0x0c] = 1, [0x0d] = 1,
  [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, [0x12] = 1, [0x13] = 1, [0x14] = 1,
  [0x15] = 1, [0x16] = 1, [0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1,
  [0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, ['"'] = 1, ['\\'] = 1, [0xE2] = 1,
};

void
shu_json_append_string (GString    *out,
                        const char *value)
{
  static const char hex[] = "0123456789abcdef";
  const guchar *p = (const guchar *) value;
  const guchar *run = p;

  g_string_append_c (out, '"');
  for (;; p++)
    {
      char buf[6] = { '\\', 'u', '0', '0', '0', '0' };
      const char *escape = buf;
      gsize escape_len = 2;
      guint extra = 0;   /* bytes of the character after the first */

      while (!needs_care[*p])
        p++;
      if (*p == '\0')
        break;

      switch (*p)
        {
        case '"': escape = "\\\""; break;
        case '\\': escape = "\\\\"; break;
        case '\b': escape = "\\b"; break;
        case '\f': escape = "\\f"; break;
        case '\n': escape = "\\n"; break;
        case '\r': escape = "\\r"; break;
        case '\t': escape = "\\t"; break;
        case 0xE2:
          /* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR; other
           * characters starting with this byte are copied. */
          if (!(p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)))
            continue;
          memcpy (buf + 2, p[2] == 0xA8 ? "2028" : "2029", 4);
          escape_len = 6;
          extra = 2;
          break;
        default:
          buf[4] = hex[*p >> 4];
          buf[5] = hex[*p & 0xf];
          escape_len = 6;
          break;
        }

      append_len (out, (const char *) run, p - run);
      append_len (out, escape, escape_len);
      p += extra;
      run = p + 1;
    }
  append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

/* A newline and the indent of @depth levels. */
static void
append_newline_indent (GString *out,
                       guint    depth)
{
  static const char spaces[2 + 2 * MAX_NESTING] =   /* and a NUL */
    "\n                                                                "
    "                                                                ";

  append_len (out, spaces, 1 + 2 * depth);
}

static void
begin_item (ShuJsonWriter *writer,
            const char    *key)
{
  flush_to_sink (writer, SINK_PIECE);
  if (writer->depth > 0)
    {
      if (writer->has_items[writer->depth])
        g_string_append_c (writer->out, ',');
      writer->has_items[writer->depth] = TRUE;
      append_newline_indent (writer->out, writer->depth);
    }
  if (key != NULL)
    {
      shu_json_append_string (writer->out, key);
      append_len (writer->out, ": ", 2);
    }
}

static void
begin_container (ShuJsonWriter *writer,
                 const char    *key,
                 char           open)
{
  g_return_if_fail (writer->depth + 1 < MAX_NESTING);

  begin_item (writer, key);
  g_string_append_c (writer->out, open);
  writer->depth++;
  writer->has_items[writer->depth] = FALSE;
}

static void
end_container (ShuJsonWriter *writer,
               char           close)
{
  g_return_if_fail (writer->depth > 0);

  if (writer->has_items[writer->depth])
    append_newline_indent (writer->out, writer->depth - 1);
  writer->depth--;
  g_string_append_c (writer->out, close);
}

void
shu_json_writer_begin_object (ShuJsonWriter *writer,
                              const char    *key)
{
  begin_container (writer, key, '{');
}

void
shu_json_writer_end_object (ShuJsonWriter *writer)
{
  end_container (writer, '}');
}

void
shu_json_writer_begin_array (ShuJsonWriter *writer,
                             const char    *key)
{
  begin_container (writer, key, '[');
}

void
shu_json_writer_end_array (ShuJsonWriter *writer)
{
  end_container (writer, ']');
}

void
shu_json_writer_string (ShuJsonWriter *writer,
                        const char    *key,
                        const char    *value)
{
  g_return_if_fail (value != NULL);

  begin_item (writer, key);
  shu_json_append_string (writer->out, value);
}

void
shu_json_writer_uint (ShuJsonWriter *writer,
                      const char    *key,
                      guint64        value)
{
  char digits[20];
  guint n = 0;

  begin_item (writer, key);
  do
    {
      digits[sizeof digits - ++n] = '0' + value % 10;
      value /= 10;
    }
  while (value > 0);
  append_len (writer->out, digits + sizeof digits - n, n);
}

void
shu_json_writer_boolean (ShuJsonWriter *writer,
                         const char    *key,
                         gboolean       value)
{
  begin_item (writer, key);
  g_string_append (writer->out, value ? "true" : "false");
}

void
shu_json_writer_null (ShuJsonWriter *writer,
                      const char    *key)
{
  begin_item (writer, key);
  append_len (writer->out, "null", 4);
}
