/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "shu-zip.h"

struct _ShuZipWriter
{
  GByteArray *out;
  GByteArray *directory;
  guint       n_entries;
};

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >> 24 };

  g_byte_array_append (out, b, 4);
}

ShuZipWriter *
shu_zip_writer_new (void)
{
  ShuZipWriter *self = g_new0 (ShuZipWriter, 1);

  self->out = g_byte_array_new ();
  self->directory = g_byte_array_new ();
  return self;
}

/* @data deflated, with its CRC-32: a gzip stream is a 10-byte header (no
 * name is set), the raw deflate data, then the CRC-32 and the length. */
static GBytes *
deflate_bytes (GBytes  *data,
               guint32 *crc)
{
  g_autoptr(GZlibCompressor) compressor = NULL;
  g_autoptr(GInputStream) plain = g_memory_input_stream_new_from_bytes (data);
  g_autoptr(GInputStream) converted = NULL;
  g_autoptr(GOutputStream) sink = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) gzip = NULL;
  const guint8 *p;
  gsize size;

  compressor = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);
  converted = g_converter_input_stream_new (plain, G_CONVERTER (compressor));
  /* Memory streams cannot fail. */
  g_output_stream_splice (sink, converted, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE
                                           | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, NULL);
  gzip = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (sink));
  p = g_bytes_get_data (gzip, &size);
  g_assert (size >= 18 && p[0] == 0x1f && p[1] == 0x8b && (p[3] & 0x1e) == 0);
  *crc = p[size - 8] | (p[size - 7] << 8) | (p[size - 6] << 16) | ((guint32) p[size - 5] << 24);
  return g_bytes_new_from_bytes (gzip, 10, size - 18);
}

void
shu_zip_writer_add (ShuZipWriter *self,
                    const char   *name,
                    GBytes       *data)
{
  g_autoptr(GBytes) deflated = NULL;
  gsize name_length = strlen (name);
  gsize size = g_bytes_get_size (data);
  gsize offset = self->out->len;
  guint32 crc;

  g_return_if_fail (self != NULL);
  g_return_if_fail (name_length > 0 && name_length < G_MAXUINT16);
  g_return_if_fail (size < G_MAXUINT32 && offset < G_MAXUINT32);

  deflated = deflate_bytes (data, &crc);
  /* Local header: version 2.0, flag bit 11 (names are UTF-8), deflate,
   * a fixed time (1980-01-01) so that the same project gives the same
   * bytes. */
  put32 (self->out, 0x04034b50);
  put16 (self->out, 20);
  put16 (self->out, 1 << 11);
  put16 (self->out, 8);
  put16 (self->out, 0);
  put16 (self->out, (0 << 9) | (1 << 5) | 1);
  put32 (self->out, crc);
  put32 (self->out, g_bytes_get_size (deflated));
  put32 (self->out, size);
  put16 (self->out, name_length);
  put16 (self->out, 0);
  g_byte_array_append (self->out, (const guint8 *) name, name_length);
  g_byte_array_append (self->out, g_bytes_get_data (deflated, NULL),
                       g_bytes_get_size (deflated));

  put32 (self->directory, 0x02014b50);
  put16 (self->directory, (3 << 8) | 20);  /* made on Unix */
  put16 (self->directory, 20);
  put16 (self->directory, 1 << 11);
  put16 (self->directory, 8);
  put16 (self->directory, 0);
  put16 (self->directory, (0 << 9) | (1 << 5) | 1);
  put32 (self->directory, crc);
  put32 (self->directory, g_bytes_get_size (deflated));
  put32 (self->directory, size);
  put16 (self->directory, name_length);
  put16 (self->directory, 0);
  put16 (self->directory, 0);
  put16 (self->directory, 0);
  put16 (self->directory, 0);
  put32 (self->directory, 0100644u << 16);  /* a plain file, rw-r--r-- */
  put32 (self->directory, offset);
  g_byte_array_append (self->directory, (const guint8 *) name, name_length);
  self->n_entries++;
}

GBytes *
shu_zip_writer_finish (ShuZipWriter *self)
{
  GByteArray *out;
  guint32 directory_offset, directory_size;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (self->n_entries < G_MAXUINT16, NULL);

  out = g_steal_pointer (&self->out);
  directory_offset = out->len;
  directory_size = self->directory->len;
  g_byte_array_append (out, self->directory->data, self->directory->len);
  put32 (out, 0x06054b50);
  put16 (out, 0);
  put16 (out, 0);
  put16 (out, self->n_entries);
  put16 (out, self->n_entries);
  put32 (out, directory_size);
  put32 (out, directory_offset);
  put16 (out, 0);
  shu_zip_writer_free (self);
  return g_byte_array_free_to_bytes (out);
}

void
shu_zip_writer_free (ShuZipWriter *self)
{
  if (self == NULL)
    return;
  if (self->out != NULL)
    g_byte_array_unref (self->out);
  g_byte_array_unref (self->directory);
  g_free (self);
}
