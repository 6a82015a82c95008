/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include <pango/pango.h>

#include "shu-decode.h"
#include "shu-big-alloc.h"
#include "shu-error.h"
#include "shu-source.h"
#include "shu-sorted.h"
#include "shu-text.h"

/* Every CHECKPOINT_STEP-th code point's byte index is stored, so a
 * conversion is a binary search plus a walk of fewer than that many
 * characters, at 8 bytes per 64 code points. */
#define CHECKPOINT_SHIFT 6
#define CHECKPOINT_STEP  (1u << CHECKPOINT_SHIFT)

/* Grapheme boundaries are computed for whole lines, grouped into chunks of
 * at least this many code points so short lines do not each pay for a
 * call into Pango. A line start is always a boundary (nothing joins across
 * a line break), so chunks can be analysed independently. */
#define BOUNDARY_CHUNK_MIN 4096

struct _ShuSource
{
  GObject parent_instance;

  /* Owned */
  GFile *file;
  ShuFileStamp *file_stamp;   /* what the file was when read */
  char *text;
  gsize text_size;
  guint length;
  char *sha256;         /* computed when first asked for (see below) */
  GBytes *raw;          /* the file's bytes when they differ from @text */
  GMutex sha256_mutex;
  ShuEncoding encoding;

  gsize *checkpoints;
  guint n_checkpoints;

  guint *line_starts;
  guint n_lines;

  /* Pairs of start, end. */
  guint *paragraphs;
  guint n_paragraphs;

  /* The lazily filled grapheme boundary cache: one bit per offset in
   * [0, length], valid for the chunks whose bit in chunk_done is set. The
   * mutex keeps an object that is otherwise immutable safe to share
   * between threads. */
  GMutex boundary_mutex;
  guint *chunk_starts;
  guint n_chunks;
  guint8 *chunk_done;
  guint8 *boundaries;
};

G_DEFINE_FINAL_TYPE (ShuSource, shu_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_ENCODING,
  PROP_TEXT,
  PROP_LENGTH,
  PROP_SHA256,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static inline gboolean
bit_get (const guint8 *bits,
         guint         i)
{
  return (bits[i >> 3] >> (i & 7)) & 1;
}

static inline void
bit_set (guint8 *bits,
         guint   i)
{
  bits[i >> 3] |= (guint8) (1u << (i & 7));
}

static inline gboolean
is_ascii_space (guchar c)
{
  return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

typedef struct
{
  GArray *lines;
  GArray *paragraphs;
  guint line_start;
  gboolean line_blank;
  gboolean paragraph_open;
  guint paragraph_start;
  guint paragraph_end;
} Indexer;

static void
indexer_end_line (Indexer *ix,
                  guint    content_end)
{
  if (!ix->line_blank)
    {
      if (!ix->paragraph_open)
        {
          ix->paragraph_open = TRUE;
          ix->paragraph_start = ix->line_start;
        }
      ix->paragraph_end = content_end;
    }
  else if (ix->paragraph_open)
    {
      g_array_append_val (ix->paragraphs, ix->paragraph_start);
      g_array_append_val (ix->paragraphs, ix->paragraph_end);
      ix->paragraph_open = FALSE;
    }

  ix->line_blank = TRUE;
}

static void
indexer_start_line (Indexer *ix,
                    guint    start)
{
  g_array_append_val (ix->lines, start);
  ix->line_start = start;
}

/* One pass over the decoded text builds everything needed at load: the
 * length, the offset checkpoints, the line starts, the paragraphs and the
 * boundary chunks. Grapheme boundaries themselves wait until asked for. */
static void
shu_source_index (ShuSource *self)
{
  const guchar *text = (const guchar *) self->text;
  gsize size = self->text_size;
  g_autoptr(GArray) checkpoints = g_array_sized_new (FALSE, FALSE, sizeof (gsize),
                                                     size / CHECKPOINT_STEP + 1);
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (guint));
  Indexer ix = { 0 };
  gboolean previous_cr = FALSE;
  guint offset = 0;
  guint zero = 0;

  ix.lines = g_array_new (FALSE, FALSE, sizeof (guint));
  ix.paragraphs = g_array_new (FALSE, FALSE, sizeof (guint));
  ix.line_blank = TRUE;
  indexer_start_line (&ix, 0);
  g_array_append_val (chunks, zero);

  for (gsize i = 0; i < size; i++)
    {
      guchar c;

      /* Within a line that has text, only code points and line breaks
       * count: eight bytes at a time while none of them is below 0x0e
       * (a line break, among others) and no checkpoint falls among them. */
      while (!ix.line_blank && i + 8 <= size)
        {
          guint64 w;
          guint r = offset & (CHECKPOINT_STEP - 1);
          guint lead;

          memcpy (&w, text + i, 8);
          if (((w - 0x0e0e0e0e0e0e0e0eULL) & ~w & 0x8080808080808080ULL) != 0)
            break;
          /* Continuation bytes are 10xxxxxx: bit 7 set, bit 6 clear. */
          lead = 8 - __builtin_popcountll (w & ~(w << 1) & 0x8080808080808080ULL);
          if (lead != 0 && (r == 0 || r + lead > CHECKPOINT_STEP))
            break;
          offset += lead;
          i += 8;
          previous_cr = FALSE;
        }
      if (i >= size)
        break;

      c = text[i];
      /* Continuation bytes are inside the character already counted. */
      if ((c & 0xC0) == 0x80)
        continue;

      if ((offset & (CHECKPOINT_STEP - 1)) == 0)
        g_array_append_val (checkpoints, i);

      if (c == '\n' || (c == '\r' && (i + 1 == size || text[i + 1] != '\n')))
        {
          guint next = offset + 1;

          indexer_end_line (&ix, (c == '\n' && previous_cr) ? offset - 1 : offset);
          indexer_start_line (&ix, next);
          if (next - g_array_index (chunks, guint, chunks->len - 1) >= BOUNDARY_CHUNK_MIN)
            g_array_append_val (chunks, next);
        }
      else if (c == '\r')
        ; /* The "\n" after it ends the line. */
      else if (ix.line_blank)
        {
          if (c < 0x80)
            ix.line_blank = is_ascii_space (c);
          else
            ix.line_blank = g_unichar_isspace (g_utf8_get_char ((const char *) text + i));
        }

      previous_cr = c == '\r';
      offset++;
    }

  /* The last line has no line break to end it. */
  indexer_end_line (&ix, offset);
  if (ix.paragraph_open)
    {
      g_array_append_val (ix.paragraphs, ix.paragraph_start);
      g_array_append_val (ix.paragraphs, ix.paragraph_end);
    }

  /* A chunk starting at the very end would be empty. */
  if (chunks->len > 1 && g_array_index (chunks, guint, chunks->len - 1) == offset)
    g_array_set_size (chunks, chunks->len - 1);

  if (checkpoints->len == 0)
    {
      gsize first = 0;
      g_array_append_val (checkpoints, first);
    }

  self->length = offset;

  g_free (self->checkpoints);
  self->n_checkpoints = checkpoints->len;
  self->checkpoints = (gsize *) (void *) g_array_free (g_steal_pointer (&checkpoints), FALSE);

  g_free (self->line_starts);
  self->n_lines = ix.lines->len;
  self->line_starts = (guint *) (void *) g_array_free (ix.lines, FALSE);

  g_free (self->paragraphs);
  self->n_paragraphs = ix.paragraphs->len / 2;
  self->paragraphs = (guint *) (void *) g_array_free (ix.paragraphs, FALSE);

  g_free (self->chunk_starts);
  g_clear_pointer (&self->chunk_done, g_free);
  g_clear_pointer (&self->boundaries, g_free);
  self->n_chunks = chunks->len;
  self->chunk_starts = (guint *) (void *) g_array_free (g_steal_pointer (&chunks), FALSE);
}

/* Takes ownership of @text. */
static void
shu_source_set_text (ShuSource   *self,
                     char        *text,
                     gsize        text_size,
                     const char  *sha256,
                     ShuEncoding  encoding)
{
  g_free (self->text);
  self->text = text;
  self->text_size = text_size;
  g_free (self->sha256);
  self->sha256 = g_strdup (sha256);
  self->encoding = encoding;
  shu_source_index (self);
}

static void
shu_source_finalize (GObject *object)
{
  ShuSource *self = (ShuSource *)object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->file_stamp, shu_file_stamp_free);
  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->raw, g_bytes_unref);
  g_mutex_clear (&self->sha256_mutex);
  g_clear_pointer (&self->checkpoints, g_free);
  g_clear_pointer (&self->line_starts, g_free);
  g_clear_pointer (&self->paragraphs, g_free);
  g_clear_pointer (&self->chunk_starts, g_free);
  g_clear_pointer (&self->chunk_done, g_free);
  g_clear_pointer (&self->boundaries, g_free);
  g_mutex_clear (&self->boundary_mutex);

  G_OBJECT_CLASS (shu_source_parent_class)->finalize (object);
}

static void
shu_source_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ShuSource *self = SHU_SOURCE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_ENCODING:
      g_value_set_enum (value, self->encoding);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_LENGTH:
      g_value_set_uint (value, self->length);
      break;

    case PROP_SHA256:
      g_value_set_string (value, shu_source_get_sha256 (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_source_class_init (ShuSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_source_finalize;
  object_class->get_property = shu_source_get_property;

  /* Every property is read-only: a source is made by its constructors and
   * never changes, so annotations anchored to it stay valid. */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_ENCODING] =
    g_param_spec_enum ("encoding", NULL, NULL,
                       SHU_TYPE_ENCODING, SHU_ENCODING_UTF8,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));
  properties[PROP_SHA256] =
    g_param_spec_string ("sha256", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_source_init (ShuSource *self)
{
  g_autofree char *empty_sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                               (const guchar *) "", 0);

  /* An object made with g_object_new() alone is a valid, empty text. */
  g_mutex_init (&self->boundary_mutex);
  g_mutex_init (&self->sha256_mutex);
  shu_source_set_text (self, g_strdup (""), 0, empty_sha256, SHU_ENCODING_UTF8);
}

/* A text whose bytes are its UTF-8 as they are (the common case): @text,
 * NUL-terminated, becomes the source's own. Its SHA-256 is the file's. */
static ShuSource *
source_new_unchanged (char  *text,
                      gsize  size)
{
  ShuSource *self = g_object_new (SHU_TYPE_SOURCE, NULL);

  shu_source_set_text (self, text, size, NULL, SHU_ENCODING_UTF8);
  return self;
}

ShuSource *
shu_source_new_from_bytes (GBytes       *bytes,
                           ShuEncoding   encoding,
                           GError      **error)
{
  g_autoptr(ShuSource) self = NULL;
  const guint8 *data;
  ShuEncoding used = SHU_ENCODING_AUTO;
  gsize size;
  gsize text_size = 0;
  char *text;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > SHU_SOURCE_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("the text has %llu bytes, more than the limit of %llu"),
                   (unsigned long long) size, (unsigned long long) SHU_SOURCE_MAX_BYTES);
      return NULL;
    }

  if (shu_decode_is_unchanged (data, size, encoding))
    {
      /* An empty GBytes may have no data at all. */
      text = g_malloc (size + 1);
      if (size > 0)
        memcpy (text, data, size);
      text[size] = '\0';
      return source_new_unchanged (text, size);
    }

  text = shu_decode (data, size, encoding, &used, &text_size, error);
  if (text == NULL)
    return NULL;

  self = g_object_new (SHU_TYPE_SOURCE, NULL);
  shu_source_set_text (self, text, text_size, NULL, used);
  /* The SHA-256 of the file's bytes is computed when first asked for (by
   * the sidecar's reader, in its thread): 20-30 ms for 5 MB on the way to
   * the first frame otherwise. So the bytes are kept for it, as they are
   * not the text itself (another encoding, a byte order mark). */
  self->raw = g_bytes_ref (bytes);

  return g_steal_pointer (&self);
}

ShuSource *
shu_source_new_from_file (GFile         *file,
                          ShuEncoding    encoding,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(ShuSource) self = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(ShuFileStamp) stamp = NULL;
  g_autofree char *name = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  gsize size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = shu_text_dup_file_name (file);

  /* Look before reading, so a huge file or a folder is refused without
   * loading it. */
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE "," SHU_FILE_STAMP_ATTRIBUTES,
                            G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (info != NULL)
    {
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("%s: not a regular file"), name);
          return NULL;
        }
      if ((guint64) g_file_info_get_size (info) > SHU_SOURCE_MAX_BYTES)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                       _("%s: the file has %llu bytes, more than the limit of %llu"), name,
                       (unsigned long long) g_file_info_get_size (info),
                       (unsigned long long) SHU_SOURCE_MAX_BYTES);
          return NULL;
        }

      /* A local file in one read into huge pages (see shu-big-alloc.h). */
      path = g_file_get_path (file);
      if (path != NULL)
        shu_big_read_file (path, &contents, &size, &local_error);
      else
        g_file_load_contents (file, cancellable, &contents, &size, NULL, &local_error);
    }

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
               || g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND, _("%s: no such file"), name);
      else
        g_set_error (error, SHU_ERROR, SHU_ERROR_IO, "%s: %s", name, local_error->message);
      return NULL;
    }

  stamp = shu_file_stamp_new (info, contents, size);
  /* UTF-8 as it is: the buffer just read becomes the text, without the
   * copy (20 ms for 5 MB, on the way to the first frame). Both readers
   * end the buffer with a NUL. */
  if (size <= SHU_SOURCE_MAX_BYTES
      && shu_decode_is_unchanged ((const guint8 *) contents, size, encoding))
    self = source_new_unchanged (g_steal_pointer (&contents), size);
  else
    {
      bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
      self = shu_source_new_from_bytes (bytes, encoding, &local_error);
      if (self == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", name);
          return NULL;
        }
    }

  self->file = g_object_ref (file);
  self->file_stamp = g_steal_pointer (&stamp);

  return g_steal_pointer (&self);
}

GFile *
shu_source_get_file (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), NULL);

  return self->file;
}

const ShuFileStamp *
shu_source_get_file_stamp (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), NULL);

  return self->file_stamp;
}

const char *
shu_source_get_text (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), NULL);

  return self->text;
}

gsize
shu_source_get_text_size (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  return self->text_size;
}

guint
shu_source_get_length (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  return self->length;
}

const char *
shu_source_get_sha256 (ShuSource *self)
{
  const char *result;

  g_return_val_if_fail (SHU_IS_SOURCE (self), NULL);

  g_mutex_lock (&self->sha256_mutex);
  if (self->sha256 == NULL)
    {
      if (self->raw != NULL)
        self->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, self->raw);
      else
        self->sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                    (const guchar *) self->text,
                                                    self->text_size);
      g_clear_pointer (&self->raw, g_bytes_unref);
    }
  result = self->sha256;
  g_mutex_unlock (&self->sha256_mutex);

  return result;
}

ShuEncoding
shu_source_get_encoding (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), SHU_ENCODING_UTF8);

  return self->encoding;
}

gsize
shu_source_offset_to_byte (ShuSource *self,
                           guint      offset)
{
  const char *p;

  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  if (offset >= self->length)
    return self->text_size;

  p = self->text + self->checkpoints[offset >> CHECKPOINT_SHIFT];
  for (guint i = offset & (CHECKPOINT_STEP - 1); i > 0; i--)
    p = g_utf8_next_char (p);

  return (gsize) (p - self->text);
}

guint
shu_source_byte_to_offset (ShuSource *self,
                           gsize      byte_index)
{
  const char *p;
  const char *target;
  guint lo = 0;
  guint hi;
  guint offset;

  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  if (byte_index >= self->text_size)
    return self->length;

  hi = self->n_checkpoints;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->checkpoints[mid] <= byte_index)
        lo = mid;
      else
        hi = mid;
    }

  offset = lo << CHECKPOINT_SHIFT;
  p = self->text + self->checkpoints[lo];
  target = self->text + byte_index;
  for (;;)
    {
      const char *next = g_utf8_next_char (p);

      if (next > target)
        break;
      p = next;
      offset++;
    }

  return offset;
}

/* Makes sure the boundaries of the chunk around @offset (< length) are in
 * the cache and returns the chunk's index. Call with the mutex held. */
static guint
ensure_chunk_locked (ShuSource *self,
                     guint      offset)
{
  guint chunk = shu_sorted_last_at_most (self->chunk_starts, self->n_chunks, offset);
  g_autofree PangoLogAttr *attrs = NULL;
  guint start, end;
  gsize start_byte, end_byte;

  g_assert (offset < self->length);

  if (self->boundaries == NULL)
    {
      self->boundaries = g_malloc0 (self->length / 8 + 1);
      self->chunk_done = g_malloc0 (self->n_chunks / 8 + 1);
      bit_set (self->boundaries, self->length);
    }

  if (bit_get (self->chunk_done, chunk))
    return chunk;

  start = self->chunk_starts[chunk];
  end = chunk + 1 < self->n_chunks ? self->chunk_starts[chunk + 1] : self->length;
  start_byte = shu_source_offset_to_byte (self, start);
  end_byte = shu_source_offset_to_byte (self, end);

  attrs = g_new (PangoLogAttr, end - start + 1);
  pango_get_log_attrs (self->text + start_byte, (int) (end_byte - start_byte), -1,
                       pango_language_from_string ("he"), attrs, (int) (end - start + 1));

  for (guint i = 0; i < end - start; i++)
    if (attrs[i].is_cursor_position)
      bit_set (self->boundaries, start + i);

  /* Both ends are line starts or text edges, boundaries whatever Pango
   * says about the edges of a text fragment. */
  bit_set (self->boundaries, start);
  bit_set (self->boundaries, end);
  bit_set (self->chunk_done, chunk);

  return chunk;
}

/* Characters that no grapheme cluster rule (UAX #29) joins to a
 * neighbour: printable ASCII, Latin-1 letters and signs, Hebrew letters and
 * punctuation, Arabic letters and digits. Marks, joiners, controls,
 * emoji, Hangul and the rest are left to Pango. */
static inline gboolean
is_plain_char (gunichar c)
{
  return (c >= 0x20 && c < 0x7F)
         || (c >= 0xA0 && c <= 0xFF && c != 0xAD)
         || (c >= 0x05D0 && c <= 0x05EA)
         || (c >= 0x05EF && c <= 0x05F4)
         || c == 0x05BE || c == 0x05C0 || c == 0x05C3 || c == 0x05C6
         || (c >= 0x0621 && c <= 0x064A)
         || (c >= 0x0660 && c <= 0x066D);
}

/* Hebrew points and cantillation and Arabic harakat: nonspacing marks,
 * Grapheme_Extend in UAX #29 (the set search ignores). */
static inline gboolean
is_extend_mark (gunichar c)
{
  return (c >= 0x0591 && c <= 0x05BD) || c == 0x05BF || c == 0x05C1 || c == 0x05C2
         || c == 0x05C4 || c == 0x05C5 || c == 0x05C7
         || (c >= 0x064B && c <= 0x065F) || c == 0x0670;
}

/* Whether the answer at @offset (0 < @offset < length) is known without
 * analysing its line: between two plain characters there is always a
 * boundary, and so next to a line break other than inside CR LF. The
 * anchoring of 50k annotations asked Pango about most lines of a 5 MB
 * text for this, two thirds of its time. In pointed Hebrew a point never
 * starts a cluster after a letter or another point (GB9), and a plain
 * character after a point always does (GB999): a search's keyword in
 * context asked Pango about every line of the corpus for these. */
static inline gboolean
quick_boundary (ShuSource *self,
                guint      offset,
                gboolean  *result)
{
  const char *p = self->text + shu_source_offset_to_byte (self, offset);
  gunichar here = g_utf8_get_char (p);
  gunichar before = g_utf8_get_char (g_utf8_prev_char (p));

  if (before == '\r' && here == '\n')
    {
      *result = FALSE;
      return TRUE;
    }
  if (before == '\n' || before == '\r' || here == '\n' || here == '\r'
      || (is_plain_char (before) && is_plain_char (here)))
    {
      *result = TRUE;
      return TRUE;
    }
  if (is_extend_mark (here) && (is_plain_char (before) || is_extend_mark (before)))
    {
      *result = FALSE;
      return TRUE;
    }
  if (is_extend_mark (before) && is_plain_char (here))
    {
      *result = TRUE;
      return TRUE;
    }
  return FALSE;
}

/* Steps this many characters at most without Pango before asking it. */
#define QUICK_STEPS 16

gboolean
shu_source_is_boundary (ShuSource *self,
                        guint      offset)
{
  gboolean result;

  g_return_val_if_fail (SHU_IS_SOURCE (self), FALSE);

  if (offset >= self->length)
    return offset == self->length;
  if (offset == 0)
    return TRUE;
  if (quick_boundary (self, offset, &result))
    return result;

  g_mutex_lock (&self->boundary_mutex);
  ensure_chunk_locked (self, offset);
  result = bit_get (self->boundaries, offset);
  g_mutex_unlock (&self->boundary_mutex);

  return result;
}

guint
shu_source_boundary_floor (ShuSource *self,
                           guint      offset)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  if (offset >= self->length)
    return self->length;

  for (guint o = offset, steps = 0; steps < QUICK_STEPS; o--, steps++)
    {
      gboolean result;

      if (o == 0)
        return 0;
      if (!quick_boundary (self, o, &result))
        break;
      if (result)
        return o;
    }

  /* The chunk's start is a boundary, so the walk stays inside the chunk. */
  g_mutex_lock (&self->boundary_mutex);
  ensure_chunk_locked (self, offset);
  while (!bit_get (self->boundaries, offset))
    offset--;
  g_mutex_unlock (&self->boundary_mutex);

  return offset;
}

guint
shu_source_boundary_ceil (ShuSource *self,
                          guint      offset)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  if (offset >= self->length)
    return self->length;

  for (guint o = offset, steps = 0; steps < QUICK_STEPS; o++, steps++)
    {
      gboolean result;

      if (o == 0 || o >= self->length)
        return o == 0 ? 0 : self->length;
      if (!quick_boundary (self, o, &result))
        break;
      if (result)
        return o;
    }

  /* The chunk's end is a boundary, so the walk stays inside the chunk. */
  g_mutex_lock (&self->boundary_mutex);
  ensure_chunk_locked (self, offset);
  while (!bit_get (self->boundaries, offset))
    offset++;
  g_mutex_unlock (&self->boundary_mutex);

  return offset;
}

gboolean
shu_source_trim_range (ShuSource *self,
                       guint     *start,
                       guint     *end)
{
  const char *p;
  const char *q;
  guint s, e;

  g_return_val_if_fail (SHU_IS_SOURCE (self), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL, FALSE);

  s = MIN (*start, self->length);
  e = MIN (*end, self->length);
  if (s >= e)
    return FALSE;

  p = self->text + shu_source_offset_to_byte (self, s);
  q = self->text + shu_source_offset_to_byte (self, e);

  /* White space characters are clusters of their own (CR LF is one cluster
   * of two spaces), so stepping over them keeps both ends on boundaries. */
  while (s < e && g_unichar_isspace (g_utf8_get_char (p)))
    {
      p = g_utf8_next_char (p);
      s++;
    }
  while (e > s)
    {
      const char *prev = g_utf8_prev_char (q);

      if (!g_unichar_isspace (g_utf8_get_char (prev)))
        break;
      q = prev;
      e--;
    }

  if (s >= e)
    return FALSE;

  *start = s;
  *end = e;
  return TRUE;
}

char *
shu_source_dup_range (ShuSource *self,
                      guint      start,
                      guint      end)
{
  gsize start_byte, end_byte;

  g_return_val_if_fail (SHU_IS_SOURCE (self), NULL);
  g_return_val_if_fail (start <= end, NULL);

  start_byte = shu_source_offset_to_byte (self, start);
  end_byte = shu_source_offset_to_byte (self, end);

  return g_strndup (self->text + start_byte, end_byte - start_byte);
}

void
shu_source_get_quote (ShuSource  *self,
                      guint       start,
                      guint       end,
                      char      **prefix,
                      char      **exact,
                      char      **suffix)
{
  gsize start_byte, end_byte;

  g_return_if_fail (SHU_IS_SOURCE (self));
  g_return_if_fail (start <= end);

  start = MIN (start, self->length);
  end = MIN (end, self->length);

  /* Each offset converted once (a sidecar's save asks this of every
   * annotation). */
  start_byte = shu_source_offset_to_byte (self, start);
  end_byte = shu_source_offset_to_byte (self, end);
  if (prefix != NULL)
    {
      gsize from = shu_source_offset_to_byte (self, start - MIN (start, SHU_QUOTE_CONTEXT));

      *prefix = g_strndup (self->text + from, start_byte - from);
    }
  if (exact != NULL)
    *exact = g_strndup (self->text + start_byte, end_byte - start_byte);
  if (suffix != NULL)
    {
      gsize to = shu_source_offset_to_byte (self, end + MIN (self->length - end,
                                                             SHU_QUOTE_CONTEXT));

      *suffix = g_strndup (self->text + end_byte, to - end_byte);
    }
}

guint
shu_source_get_n_lines (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  return self->n_lines;
}

guint
shu_source_get_line_start (ShuSource *self,
                           guint      line)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);
  g_return_val_if_fail (line < self->n_lines, self->length);

  return self->line_starts[line];
}

guint
shu_source_get_line_at_offset (ShuSource *self,
                               guint      offset)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  return shu_sorted_last_at_most (self->line_starts, self->n_lines,
                                  MIN (offset, self->length));
}

guint
shu_source_get_n_paragraphs (ShuSource *self)
{
  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  return self->n_paragraphs;
}

void
shu_source_get_paragraph (ShuSource *self,
                          guint      paragraph,
                          guint     *start,
                          guint     *end)
{
  g_return_if_fail (SHU_IS_SOURCE (self));
  g_return_if_fail (paragraph < self->n_paragraphs);

  if (start != NULL)
    *start = self->paragraphs[2 * paragraph];
  if (end != NULL)
    *end = self->paragraphs[2 * paragraph + 1];
}

guint
shu_source_get_paragraph_at_offset (ShuSource *self,
                                    guint      offset)
{
  guint lo = 0;
  guint hi;

  g_return_val_if_fail (SHU_IS_SOURCE (self), 0);

  /* A binary search over the starts, which sit at even indexes. */
  hi = self->n_paragraphs;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->paragraphs[2 * mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

GArray *
shu_source_dup_parts (ShuSource *self,
                      guint      max_chars)
{
  GArray *parts;
  guint start = 0;

  g_return_val_if_fail (SHU_IS_SOURCE (self), NULL);
  g_return_val_if_fail (max_chars > 0, NULL);

  parts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_array_append_val (parts, start);
  while (self->length - start > max_chars)
    {
      guint limit = start + max_chars;
      guint end = self->line_starts[shu_source_get_line_at_offset (self, limit)];

      /* No line starts late enough (one long line): the last grapheme
       * boundary, as a long line's shown breaks are placed (shu-reflow.h). */
      if (end <= start + max_chars / 2)
        end = shu_source_boundary_floor (self, limit);
      if (end <= start)
        end = limit;
      g_array_append_val (parts, end);
      start = end;
    }
  g_array_append_val (parts, self->length);
  return parts;
}
