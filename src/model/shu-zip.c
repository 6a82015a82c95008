/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-error.h"
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

/* ------------------------------------------------------------- reading */

typedef struct
{
  char    *name;
  guint    method;
  guint32  compressed;
  guint32  size;
  guint32  offset;
} Entry;

struct _ShuZipReader
{
  GBytes     *archive;
  GHashTable *entries;  /* name -> Entry */
};

static void
entry_free (Entry *entry)
{
  g_free (entry->name);
  g_free (entry);
}

static guint
get16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
get32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static gboolean
refuse (GError    **error,
        const char *message)
{
  g_set_error_literal (error, SHU_ERROR, SHU_ERROR_INVALID, message);
  return FALSE;
}

/* Whether @name stays inside the folder it would be unpacked into. */
static gboolean
name_is_safe (const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (name[0] == '\0' || name[0] == '/' || strchr (name, '\\') != NULL
      || (g_ascii_isalpha (name[0]) && name[1] == ':'))
    return FALSE;
  parts = g_strsplit (name, "/", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (g_str_equal (parts[i], ".."))
      return FALSE;
  return TRUE;
}

ShuZipReader *
shu_zip_reader_new (GBytes  *archive,
                    GError **error)
{
  g_autoptr(ShuZipReader) self = g_new0 (ShuZipReader, 1);
  gsize size;
  const guint8 *data = g_bytes_get_data (archive, &size);
  const guint8 *end = NULL;
  guint n_entries;
  gsize at;
  guint64 total = 0;

  g_return_val_if_fail (archive != NULL, NULL);

  self->archive = g_bytes_ref (archive);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_free);
  /* The end record is in the last 22 + 65535 bytes. */
  for (gsize i = size >= 22 ? size - 22 + 1 : 0; i-- > 0 && size - i <= 22 + 65535;)
    if (get32 (data + i) == 0x06054b50)
      {
        end = data + i;
        break;
      }
  if (end == NULL)
    {
      refuse (error, _("not a zip archive"));
      return NULL;
    }
  n_entries = get16 (end + 10);
  at = get32 (end + 16);
  if (n_entries > SHU_ZIP_MAX_ENTRIES)
    {
      refuse (error, _("the archive has too many entries"));
      return NULL;
    }
  for (guint i = 0; i < n_entries; i++)
    {
      Entry *entry;
      guint name_length, extra_length, comment_length, made_by;
      guint32 attributes;

      if (at > size || size - at < 46 || get32 (data + at) != 0x02014b50)
        {
          refuse (error, _("the archive's table of contents is damaged"));
          return NULL;
        }
      name_length = get16 (data + at + 28);
      extra_length = get16 (data + at + 30);
      comment_length = get16 (data + at + 32);
      if (size - at - 46 < (gsize) name_length + extra_length + comment_length)
        {
          refuse (error, _("the archive's table of contents is damaged"));
          return NULL;
        }
      entry = g_new0 (Entry, 1);
      entry->name = g_strndup ((const char *) data + at + 46, name_length);
      entry->method = get16 (data + at + 10);
      entry->compressed = get32 (data + at + 20);
      entry->size = get32 (data + at + 24);
      entry->offset = get32 (data + at + 42);
      attributes = get32 (data + at + 38);
      made_by = get16 (data + at + 4) >> 8;
      at += 46 + name_length + extra_length + comment_length;

      if (strlen (entry->name) != name_length || !g_utf8_validate (entry->name, -1, NULL)
          || !name_is_safe (entry->name))
        {
          g_autofree char *shown = g_strescape (entry->name, NULL);

          g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                       _("the archive holds an entry whose name leads out of its folder "
                         "(“%s”)"), shown);
          entry_free (entry);
          return NULL;
        }
      /* Made on Unix (high byte 3) with the file type of a link. */
      if (made_by == 3
          && ((attributes >> 16) & 0170000) == 0120000)
        {
          g_autofree char *shown = g_strescape (entry->name, NULL);

          g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                       _("the archive holds a symbolic link (“%s”)"), shown);
          entry_free (entry);
          return NULL;
        }
      total += entry->size;
      if (entry->size > SHU_ZIP_MAX_ENTRY_SIZE || total > SHU_ZIP_MAX_TOTAL_SIZE)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                       _("the archive unpacks to more than %u MiB"),
                       (guint) (SHU_ZIP_MAX_TOTAL_SIZE >> 20));
          entry_free (entry);
          return NULL;
        }
      g_hash_table_replace (self->entries, entry->name, entry);
    }
  return g_steal_pointer (&self);
}

gboolean
shu_zip_reader_has (ShuZipReader *self,
                    const char   *name)
{
  return g_hash_table_contains (self->entries, name);
}

GBytes *
shu_zip_reader_read (ShuZipReader *self,
                     const char   *name,
                     GError      **error)
{
  Entry *entry = g_hash_table_lookup (self->entries, name);
  gsize size;
  const guint8 *data = g_bytes_get_data (self->archive, &size);
  gsize start;
  g_autoptr(GZlibDecompressor) inflater = NULL;
  g_autofree guint8 *out = NULL;
  gsize in_done = 0, out_done = 0, allocated;

  if (entry == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND,
                   _("the archive has no “%s”"), name);
      return NULL;
    }
  if (entry->offset > size || size - entry->offset < 30
      || get32 (data + entry->offset) != 0x04034b50)
    {
      refuse (error, _("the archive's entry is damaged"));
      return NULL;
    }
  start = (gsize) entry->offset + 30 + get16 (data + entry->offset + 26)
          + get16 (data + entry->offset + 28);
  if (start > size || size - start < entry->compressed)
    {
      refuse (error, _("the archive's entry is damaged"));
      return NULL;
    }
  if (entry->method == 0)
    {
      if (entry->compressed != entry->size)
        {
          refuse (error, _("the archive's entry is damaged"));
          return NULL;
        }
      return g_bytes_new_from_bytes (self->archive, start, entry->size);
    }
  if (entry->method != 8)
    {
      refuse (error, _("the archive uses a compression Shulayim cannot read"));
      return NULL;
    }

  /* Never more than the entry says it holds: a bomb stops there. */
  inflater = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_RAW);
  /* The buffer grows with what comes out, so an entry that only says it
   * is large costs nothing. */
  allocated = MIN ((gsize) entry->size + 1, 64 * 1024);
  out = g_malloc (allocated);
  for (;;)
    {
      gsize read = 0, written = 0;
      g_autoptr(GError) local = NULL;
      GConverterResult result;

      if (out_done == allocated)
        {
          allocated = MIN ((gsize) entry->size + 1, allocated * 2);
          out = g_realloc (out, allocated);
        }
      result = g_converter_convert (G_CONVERTER (inflater), data + start + in_done,
                                    entry->compressed - in_done, out + out_done,
                                    allocated - out_done, G_CONVERTER_INPUT_AT_END,
                                    &read, &written, &local);
      in_done += read;
      out_done += written;
      if (out_done > entry->size)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                       _("the archive's “%s” unpacks to more than it says"), name);
          return NULL;
        }
      if (result == G_CONVERTER_FINISHED)
        break;
      if (result == G_CONVERTER_ERROR || (read == 0 && written == 0))
        {
          refuse (error, _("the archive's entry is damaged"));
          return NULL;
        }
    }
  if (out_done != entry->size)
    {
      refuse (error, _("the archive's entry is damaged"));
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&out), out_done);
}

void
shu_zip_reader_free (ShuZipReader *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->archive, g_bytes_unref);
  g_clear_pointer (&self->entries, g_hash_table_unref);
  g_free (self);
}
