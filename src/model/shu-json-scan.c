/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-json-scan.h"

/* The largest integer a double (and so every JSON reader in Python, R or
 * JavaScript) holds exactly. */
#define MAX_EXACT_INTEGER G_GUINT64_CONSTANT (9007199254740991)

/* Paths are only tracked this many keys deep: that is where the parts of a
 * document that errors need to point at live. */
#define MAX_PATH_KEYS 2

/* Objects with more keys than this get a hash set for duplicate checks;
 * smaller ones are checked by a linear search, which is faster for them. */
#define LINEAR_KEYS 8

struct _ShuJsonScan
{
  GHashTable *members;   /* path -> ShuJsonPos* */
  GHashTable *elements;  /* path -> GArray of ShuJsonPos */
};

typedef struct
{
  const char *str;
  gsize       len;
} Key;

typedef struct
{
  gboolean    is_object;
  guint       first_key;   /* index into Scanner.keys */
  GHashTable *key_set;     /* only for objects with many keys */
  int         path_len;    /* -1: not tracked */
  guint       path_keys;
  GArray     *elements;    /* borrowed, for tracked arrays */
} Frame;

typedef struct
{
  const guchar *start;
  const guchar *p;
  const guchar *end;
  const char   *display_name;
  gboolean      any_numbers;   /* other tools' files: fractions, negatives */

  /* Line and column bookkeeping: columns are computed lazily from the last
   * known position so that even a one-line file stays linear. */
  guint         line;
  const guchar *col_base;
  guint         col_base_col;

  Frame        *frames;
  guint         depth;
  guint         max_depth;

  GArray       *keys;      /* Key, for the open objects */
  GString      *key_buf;   /* decoded keys that had escapes */
  GStringChunk *key_chunk;
  GString      *path;

  ShuJsonScan  *scan;
  GError      **error;
} Scanner;

static void
scanner_pos_at (Scanner      *s,
                const guchar *at,
                ShuJsonPos   *pos)
{
  const guchar *q;
  guint col;

  g_assert (at >= s->col_base);

  col = s->col_base_col;
  for (q = s->col_base; q < at; q++)
    if ((*q & 0xC0) != 0x80)
      col++;
  s->col_base = at;
  s->col_base_col = col;

  pos->line = s->line;
  pos->column = col;
}

static gboolean G_GNUC_PRINTF (3, 4)
scanner_fail (Scanner      *s,
              const guchar *at,
              const char   *format,
              ...)
{
  g_autofree char *reason = NULL;
  ShuJsonPos pos;
  va_list args;

  if (at > s->end)
    at = s->end;
  scanner_pos_at (s, at, &pos);

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (s->error, SHU_ERROR, SHU_ERROR_PARSE, "%s:%u:%u: %s",
               s->display_name, pos.line, pos.column, reason);
  return FALSE;
}

static inline void
scanner_newline (Scanner      *s,
                 const guchar *after)
{
  s->line++;
  s->col_base = after;
  s->col_base_col = 1;
}

static void
skip_ws (Scanner *s)
{
  const guchar *p = s->p;
  const guchar *end = s->end;

  while (p < end)
    {
      guchar c = *p;

      if (c == ' ' || c == '\t')
        p++;
      else if (c == '\n')
        {
          p++;
          scanner_newline (s, p);
        }
      else if (c == '\r')
        {
          p++;
          if (p < end && *p == '\n')
            p++;
          scanner_newline (s, p);
        }
      else
        break;
    }

  s->p = p;
}

/* The length of the valid UTF-8 sequence at @p (2 to 4), or 0. Follows
 * Table 3-7 of the Unicode Standard: no overlong forms, no surrogates,
 * nothing past U+10FFFF. */
static inline guint
utf8_sequence (const guchar *p,
               const guchar *end)
{
  guchar c = p[0];
  gsize avail = end - p;

  if (c >= 0xC2 && c <= 0xDF)
    return (avail >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;

  if (c >= 0xE0 && c <= 0xEF)
    {
      guchar lo = 0x80, hi = 0xBF;

      if (c == 0xE0)
        lo = 0xA0;
      else if (c == 0xED)
        hi = 0x9F;
      if (avail < 3 || p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80)
        return 0;
      return 3;
    }

  if (c >= 0xF0 && c <= 0xF4)
    {
      guchar lo = 0x80, hi = 0xBF;

      if (c == 0xF0)
        lo = 0x90;
      else if (c == 0xF4)
        hi = 0x8F;
      if (avail < 4 || p[1] < lo || p[1] > hi
          || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80)
        return 0;
      return 4;
    }

  return 0;
}

static inline int
hex_value (guchar c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Scanner      *s,
           const guchar *at,
           gunichar     *out)
{
  gunichar v = 0;

  if (s->end - at < 4)
    return scanner_fail (s, at, _("incomplete \\u escape"));
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (at[i]);

      if (h < 0)
        return scanner_fail (s, at + i, _("invalid hexadecimal digit in \\u escape"));
      v = (v << 4) | (guint) h;
    }
  *out = v;
  return TRUE;
}

/* Scans a string whose opening quote is at s->p. When @decoded is given,
 * the string's value is appended to it (used for keys only: values are
 * decoded by json-glib later). */
static gboolean
scan_string (Scanner *s,
             GString *decoded)
{
  const guchar *p = s->p + 1;
  const guchar *end = s->end;
  const guchar *run = p;

  for (;;)
    {
      guchar c;

      while (p < end && (c = *p) >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        p++;

      if (p >= end)
        return scanner_fail (s, p, _("unterminated string"));

      c = *p;
      if (c == '"')
        {
          if (decoded != NULL)
            g_string_append_len (decoded, (const char *) run, p - run);
          s->p = p + 1;
          return TRUE;
        }
      else if (c == '\\')
        {
          gunichar ch;

          if (decoded != NULL)
            g_string_append_len (decoded, (const char *) run, p - run);
          if (p + 1 >= end)
            return scanner_fail (s, p, _("unterminated string"));

          switch (p[1])
            {
            case '"': ch = '"'; p += 2; break;
            case '\\': ch = '\\'; p += 2; break;
            case '/': ch = '/'; p += 2; break;
            case 'b': ch = '\b'; p += 2; break;
            case 'f': ch = '\f'; p += 2; break;
            case 'n': ch = '\n'; p += 2; break;
            case 'r': ch = '\r'; p += 2; break;
            case 't': ch = '\t'; p += 2; break;
            case 'u':
              if (!read_hex4 (s, p + 2, &ch))
                return FALSE;
              if (ch == 0)
                return scanner_fail (s, p, _("\\u0000 (a NUL character) is not allowed in strings"));
              if (ch >= 0xDC00 && ch <= 0xDFFF)
                return scanner_fail (s, p, _("\\u%04X is a lone low surrogate"), ch);
              if (ch >= 0xD800 && ch <= 0xDBFF)
                {
                  gunichar lo;

                  if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
                    return scanner_fail (s, p, _("\\u%04X is a high surrogate not followed "
                                         "by a low surrogate"), ch);
                  if (!read_hex4 (s, p + 8, &lo))
                    return FALSE;
                  if (lo < 0xDC00 || lo > 0xDFFF)
                    return scanner_fail (s, p, _("\\u%04X is a high surrogate not followed "
                                         "by a low surrogate"), ch);
                  ch = 0x10000 + ((ch - 0xD800) << 10) + (lo - 0xDC00);
                  p += 12;
                }
              else
                p += 6;
              break;
            default:
              return scanner_fail (s, p, _("invalid escape sequence in string"));
            }

          if (decoded != NULL)
            g_string_append_unichar (decoded, ch);
          run = p;
        }
      else if (c < 0x20)
        {
          if (c == '\n' || c == '\r')
            return scanner_fail (s, p, _("unterminated string (line break inside a string)"));
          return scanner_fail (s, p, _("control character U+%04X must be escaped in strings"), c);
        }
      else
        {
          guint n = utf8_sequence (p, end);

          if (n == 0)
            return scanner_fail (s, p, _("invalid UTF-8"));
          p += n;
        }
    }
}

/* RFC 8259's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
scan_any_number (Scanner *s)
{
  const guchar *p = s->p;
  const guchar *end = s->end;
  const guchar *start = p;

  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return scanner_fail (s, start, _("invalid number"));
  if (*p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    return scanner_fail (s, p, _("numbers must not have leading zeros"));
  while (p < end && g_ascii_isdigit (*p))
    p++;
  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return scanner_fail (s, start, _("invalid number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return scanner_fail (s, start, _("invalid number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  s->p = p;
  return TRUE;
}

static gboolean
scan_number (Scanner *s)
{
  const guchar *p = s->p;
  const guchar *end = s->end;
  const guchar *start = p;
  guint64 value = 0;
  gboolean too_large = FALSE;

  if (s->any_numbers)
    return scan_any_number (s);

  if (*p == '-')
    return scanner_fail (s, p, _("negative numbers are not allowed "
                         "(the format only has whole numbers from 0)"));

  if (*p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    return scanner_fail (s, p, _("numbers must not have leading zeros"));

  while (p < end && g_ascii_isdigit (*p))
    {
      if (!too_large)
        {
          value = value * 10 + (guint64) (*p - '0');
          if (value > MAX_EXACT_INTEGER)
            too_large = TRUE;
        }
      p++;
    }

  if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
    return scanner_fail (s, start, _("only whole numbers are allowed "
                         "(no fraction or exponent)"));
  if (too_large)
    return scanner_fail (s, start, _("number is too large (the largest allowed is %llu)"),
                         (unsigned long long) MAX_EXACT_INTEGER);

  s->p = p;
  return TRUE;
}

static gboolean
scan_literal (Scanner    *s,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (s->end - s->p) < len || memcmp (s->p, word, len) != 0)
    return scanner_fail (s, s->p, _("invalid literal (expected %s)"), word);
  s->p += len;
  if (s->p < s->end && g_ascii_isalnum (*s->p))
    return scanner_fail (s, s->p, _("invalid literal"));
  return TRUE;
}

static void
record_position (Scanner    *s,
                 GHashTable *table,
                 const char *path,
                 gboolean    element)
{
  ShuJsonPos pos;

  scanner_pos_at (s, s->p, &pos);
  if (element)
    {
      GArray *array = g_hash_table_lookup (table, path);

      g_array_append_val (array, pos);
    }
  else
    g_hash_table_replace (table, g_strdup (path), g_memdup2 (&pos, sizeof pos));
}

static gboolean
push_frame (Scanner  *s,
            gboolean  is_object,
            int       path_len,
            guint     path_keys)
{
  Frame *frame;

  if (s->depth >= s->max_depth)
    return scanner_fail (s, s->p, _("nesting is deeper than %u levels"), s->max_depth);

  frame = &s->frames[s->depth++];
  frame->is_object = is_object;
  frame->first_key = s->keys->len;
  frame->key_set = NULL;
  frame->path_len = path_len;
  frame->path_keys = path_keys;
  frame->elements = NULL;

  if (!is_object && path_len >= 0)
    {
      g_string_truncate (s->path, path_len);
      frame->elements = g_hash_table_lookup (s->scan->elements, s->path->str);
      if (frame->elements == NULL)
        {
          frame->elements = g_array_new (FALSE, FALSE, sizeof (ShuJsonPos));
          g_hash_table_insert (s->scan->elements, g_strdup (s->path->str), frame->elements);
        }
      else
        g_array_set_size (frame->elements, 0);
    }

  s->p++;
  return TRUE;
}

static void
pop_frame (Scanner *s)
{
  Frame *frame = &s->frames[--s->depth];

  if (frame->is_object)
    g_array_set_size (s->keys, frame->first_key);
  g_clear_pointer (&frame->key_set, g_hash_table_unref);
  s->p++;
}

/* Reads an object key at s->p, checks it is not a duplicate, and leaves
 * the decoded key in s->key_buf. */
static gboolean
scan_key (Scanner *s)
{
  Frame *frame = &s->frames[s->depth - 1];
  const guchar *key_start = s->p;
  guint n_keys;
  Key key;

  if (s->p >= s->end)
    return scanner_fail (s, s->p, _("unexpected end of input, expected a key"));
  if (*s->p != '"')
    {
      if (*s->p == '/')
        return scanner_fail (s, s->p, _("comments are not allowed in JSON"));
      return scanner_fail (s, s->p, _("expected a key in double quotes"));
    }

  g_string_truncate (s->key_buf, 0);
  if (!scan_string (s, s->key_buf))
    return FALSE;

  n_keys = s->keys->len - frame->first_key;
  if (frame->key_set == NULL)
    {
      for (guint i = frame->first_key; i < s->keys->len; i++)
        {
          const Key *other = &g_array_index (s->keys, Key, i);

          if (other->len == s->key_buf->len
              && memcmp (other->str, s->key_buf->str, other->len) == 0)
            goto duplicate;
        }
    }
  else if (g_hash_table_contains (frame->key_set, s->key_buf->str))
    goto duplicate;

  key.str = g_string_chunk_insert_len (s->key_chunk, s->key_buf->str, s->key_buf->len);
  key.len = s->key_buf->len;
  g_array_append_val (s->keys, key);

  if (frame->key_set == NULL && n_keys + 1 > LINEAR_KEYS)
    {
      frame->key_set = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = frame->first_key; i < s->keys->len; i++)
        g_hash_table_add (frame->key_set,
                          (char *) g_array_index (s->keys, Key, i).str);
    }
  else if (frame->key_set != NULL)
    g_hash_table_add (frame->key_set, (char *) key.str);

  return TRUE;

duplicate:
  return scanner_fail (s, key_start, _("duplicate key \"%s\" in an object"), s->key_buf->str);
}

static void
scan_data_free (Scanner *s)
{
  while (s->depth > 0)
    g_clear_pointer (&s->frames[--s->depth].key_set, g_hash_table_unref);
  g_free (s->frames);
  g_array_unref (s->keys);
  g_string_free (s->key_buf, TRUE);
  g_string_chunk_free (s->key_chunk);
  g_string_free (s->path, TRUE);
}

void
shu_json_scan_free (ShuJsonScan *scan)
{
  if (scan == NULL)
    return;
  g_hash_table_unref (scan->members);
  g_hash_table_unref (scan->elements);
  g_free (scan);
}

static void
free_array (gpointer data)
{
  g_array_unref (data);
}

/* Scans one value, then everything up to the end of the document, without
 * recursion: containers live on s->frames. */
static gboolean
scan_document (Scanner *s)
{
  int value_path_len = 0;
  guint value_path_keys = 0;

value:
  skip_ws (s);
  if (s->p >= s->end)
    return scanner_fail (s, s->p, _("unexpected end of input, expected a value"));

  switch (*s->p)
    {
    case '{':
      if (!push_frame (s, TRUE, value_path_len, value_path_keys))
        return FALSE;
      skip_ws (s);
      if (s->p < s->end && *s->p == '}')
        {
          pop_frame (s);
          goto after_value;
        }
      goto member;

    case '[':
      if (!push_frame (s, FALSE, value_path_len, value_path_keys))
        return FALSE;
      skip_ws (s);
      if (s->p < s->end && *s->p == ']')
        {
          pop_frame (s);
          goto after_value;
        }
      goto element;

    case '"':
      if (!scan_string (s, NULL))
        return FALSE;
      goto after_value;

    case 't':
      if (!scan_literal (s, "true"))
        return FALSE;
      goto after_value;

    case 'f':
      if (!scan_literal (s, "false"))
        return FALSE;
      goto after_value;

    case 'n':
      if (!scan_literal (s, "null"))
        return FALSE;
      goto after_value;

    case '/':
      return scanner_fail (s, s->p, _("comments are not allowed in JSON"));

    case ']':
    case '}':
      return scanner_fail (s, s->p, _("unexpected '%c', expected a value"), *s->p);

    default:
      if (*s->p == '-' || g_ascii_isdigit (*s->p))
        {
          if (!scan_number (s))
            return FALSE;
          goto after_value;
        }
      if (*s->p >= 0x80)
        {
          if (utf8_sequence (s->p, s->end) == 0)
            return scanner_fail (s, s->p, _("invalid UTF-8"));
          return scanner_fail (s, s->p, _("unexpected character, expected a value"));
        }
      return scanner_fail (s, s->p, _("unexpected character '%c', expected a value"), *s->p);
    }

member:
  {
    Frame *frame = &s->frames[s->depth - 1];

    skip_ws (s);
    if (!scan_key (s))
      return FALSE;
    skip_ws (s);
    if (s->p >= s->end || *s->p != ':')
      return scanner_fail (s, s->p, _("expected ':' after the key"));
    s->p++;
    skip_ws (s);

    value_path_len = -1;
    value_path_keys = 0;
    if (frame->path_len >= 0 && frame->path_keys < MAX_PATH_KEYS)
      {
        g_string_truncate (s->path, frame->path_len);
        if (frame->path_keys > 0)
          g_string_append_c (s->path, '.');
        g_string_append_len (s->path, s->key_buf->str, s->key_buf->len);
        value_path_len = s->path->len;
        value_path_keys = frame->path_keys + 1;
        if (s->p < s->end)
          record_position (s, s->scan->members, s->path->str, FALSE);
      }
    goto value;
  }

element:
  {
    Frame *frame = &s->frames[s->depth - 1];

    skip_ws (s);
    if (frame->elements != NULL && s->p < s->end)
      {
        ShuJsonPos pos;

        scanner_pos_at (s, s->p, &pos);
        g_array_append_val (frame->elements, pos);
      }
    /* Nothing below an array element is tracked. */
    value_path_len = -1;
    value_path_keys = 0;
    goto value;
  }

after_value:
  skip_ws (s);
  if (s->depth == 0)
    {
      if (s->p < s->end)
        {
          if (*s->p == '/')
            return scanner_fail (s, s->p, _("comments are not allowed in JSON"));
          return scanner_fail (s, s->p, _("unexpected data after the JSON value"));
        }
      return TRUE;
    }

  if (s->p >= s->end)
    return scanner_fail (s, s->p, _("unexpected end of input, expected '%c' or ','"),
                         s->frames[s->depth - 1].is_object ? '}' : ']');

  {
    Frame *frame = &s->frames[s->depth - 1];
    guchar c = *s->p;

    if (c == ',')
      {
        const guchar *comma = s->p;
        const guchar *col_base = s->col_base;
        guint col_base_col = s->col_base_col;
        guint line = s->line;

        s->p++;
        skip_ws (s);
        if (s->p < s->end && (*s->p == ']' || *s->p == '}'))
          {
            /* Point at the comma, which may be on an earlier line. */
            s->line = line;
            s->col_base = col_base;
            s->col_base_col = col_base_col;
            return scanner_fail (s, comma, _("trailing comma"));
          }
        if (frame->is_object)
          goto member;
        goto element;
      }
    if (c == '}' && frame->is_object)
      {
        pop_frame (s);
        goto after_value;
      }
    if (c == ']' && !frame->is_object)
      {
        pop_frame (s);
        goto after_value;
      }
    if (c == '/')
      return scanner_fail (s, s->p, _("comments are not allowed in JSON"));
    return scanner_fail (s, s->p, _("expected ',' or '%c'"), frame->is_object ? '}' : ']');
  }
}

ShuJsonScan *
shu_json_scan (const char  *data,
               gsize        size,
               guint        max_depth,
               const char  *display_name,
               GError     **error)
{
  return shu_json_scan_full (data, size, max_depth, 0, display_name, error);
}

ShuJsonScan *
shu_json_scan_full (const char       *data,
                    gsize             size,
                    guint             max_depth,
                    ShuJsonScanFlags  flags,
                    const char       *display_name,
                    GError          **error)
{
  g_autoptr(ShuJsonScan) scan = NULL;
  Scanner s = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (max_depth > 0, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scan = g_new0 (ShuJsonScan, 1);
  scan->members = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scan->elements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_array);

  s.start = (const guchar *) data;
  s.p = s.start;
  s.end = s.start + size;
  s.display_name = display_name;
  s.any_numbers = (flags & SHU_JSON_SCAN_ANY_NUMBER) != 0;
  s.line = 1;
  s.col_base = s.start;
  s.col_base_col = 1;
  s.max_depth = max_depth;
  s.frames = g_new (Frame, max_depth);
  s.keys = g_array_new (FALSE, FALSE, sizeof (Key));
  s.key_buf = g_string_new (NULL);
  s.key_chunk = g_string_chunk_new (1024);
  s.path = g_string_new (NULL);
  s.scan = scan;
  s.error = error;

  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    ok = scanner_fail (&s, s.p, _("a byte order mark is not allowed (save as UTF-8 without BOM)"));
  else
    {
      skip_ws (&s);
      if (s.p >= s.end)
        ok = scanner_fail (&s, s.p, _("empty input"));
      else
        ok = scan_document (&s);
    }

  scan_data_free (&s);

  if (!ok)
    return NULL;
  return g_steal_pointer (&scan);
}

gboolean
shu_json_scan_get_member (ShuJsonScan *scan,
                          const char  *path,
                          ShuJsonPos  *pos)
{
  const ShuJsonPos *found;

  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  found = g_hash_table_lookup (scan->members, path);
  if (found == NULL)
    return FALSE;
  if (pos != NULL)
    *pos = *found;
  return TRUE;
}

gboolean
shu_json_scan_get_element (ShuJsonScan *scan,
                           const char  *path,
                           guint        index,
                           ShuJsonPos  *pos)
{
  GArray *array;

  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  array = g_hash_table_lookup (scan->elements, path);
  if (array == NULL || index >= array->len)
    return FALSE;
  if (pos != NULL)
    *pos = g_array_index (array, ShuJsonPos, index);
  return TRUE;
}

guint
shu_json_scan_get_n_elements (ShuJsonScan *scan,
                              const char  *path)
{
  GArray *array;

  g_return_val_if_fail (scan != NULL, 0);
  g_return_val_if_fail (path != NULL, 0);

  array = g_hash_table_lookup (scan->elements, path);
  return array != NULL ? array->len : 0;
}
