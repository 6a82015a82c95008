/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-big-alloc.h"
#include "shu-error.h"
#include "shu-json-tree.h"

/* The largest integer a double (and so every JSON reader in Python, R or
 * JavaScript) holds exactly. */
#define MAX_EXACT_INTEGER G_GUINT64_CONSTANT (9007199254740991)

/* Objects with more keys than this get a hash set for duplicate checks;
 * smaller ones are checked by a linear search, which is faster for them. */
#define LINEAR_KEYS 8

/* Nodes, member keys and strings come from large blocks freed together;
 * children are gathered on a stack per open container and copied into a
 * block when it closes. Blocks double up to 4 MiB, so a small file takes
 * little memory and a large one few blocks, in huge pages (see
 * shu-big-alloc.h). A string of 1 MiB or more (a 95 MB comment) gets
 * memory of its own, given back as soon as a streamed element holding it
 * is dropped. */
#define FIRST_BLOCK_SIZE ((gsize) 64 * 1024)
#define LAST_BLOCK_SIZE ((gsize) 4 * 1024 * 1024)
#define OWN_MEMORY_SIZE (LAST_BLOCK_SIZE / 4)

struct _ShuJsonNode
{
  ShuJsonType type;
  guint       length;     /* elements or members */
  ShuJsonPos  pos;
  union
  {
    gint64        integer;
    const char   *string;
    ShuJsonNode **elements;
    struct
    {
      const char  **keys;
      ShuJsonNode **values;
    } object;
  } v;
};

struct _ShuJsonTree
{
  GSList      *blocks;
  GSList      *own;          /* allocations of their own, newest first */
  char        *next;
  gsize        left;
  gsize        block_size;   /* of the next block */
  ShuJsonNode *root;
};

/* Where the tree's memory stood, to drop what was allocated since. */
typedef struct
{
  GSList *blocks;
  GSList *own;
  char   *next;
  gsize   left;
} Mark;

static gpointer
tree_alloc (ShuJsonTree *tree,
            gsize        size)
{
  gpointer result;

  size = (size + 7) & ~(gsize) 7;
  if (size >= OWN_MEMORY_SIZE)
    {
      result = shu_big_alloc (size);
      tree->own = g_slist_prepend (tree->own, result);
      return result;
    }
  if (size > tree->left)
    {
      gsize block = MAX (tree->block_size, size);

      tree->block_size = MIN (block * 2, LAST_BLOCK_SIZE);
      tree->next = shu_big_alloc (block);
      tree->left = block;
      tree->blocks = g_slist_prepend (tree->blocks, tree->next);
    }
  result = tree->next;
  tree->next += size;
  tree->left -= size;
  return result;
}

static void
tree_mark (ShuJsonTree *tree,
           Mark        *mark)
{
  mark->blocks = tree->blocks;
  mark->own = tree->own;
  mark->next = tree->next;
  mark->left = tree->left;
}

/* Frees what was allocated since @mark. Within the same block, the memory
 * is reused; a block started since is kept as it is (what is left of the
 * one before is lost), so that elements crossing a block's end do not
 * allocate and free a block each. */
static void
tree_rewind (ShuJsonTree *tree,
             const Mark  *mark)
{
  while (tree->own != mark->own)
    {
      GSList *newest = tree->own;

      tree->own = newest->next;
      g_free (newest->data);
      g_slist_free_1 (newest);
    }
  if (tree->blocks == mark->blocks)
    {
      tree->next = mark->next;
      tree->left = mark->left;
    }
}

void
shu_json_tree_free (ShuJsonTree *tree)
{
  if (tree == NULL)
    return;
  g_slist_free_full (tree->blocks, g_free);
  g_slist_free_full (tree->own, g_free);
  g_free (tree);
}

/* ------------------------------------------------------------- reader */

typedef struct
{
  ShuJsonNode *node;
  guint        first;     /* index of its first child on the child stack */
  GHashTable  *key_set;   /* only for objects with many keys */
  int          stream;    /* an array at stream_paths[stream], or -1 */
  gboolean     streamed;  /* an element of such an array: @mark is set */
  Mark         mark;      /* the tree's memory before it */
} Open;

typedef struct
{
  const guchar       *start;
  const guchar       *p;
  const guchar       *end;
  const char         *display_name;
  gboolean            any_numbers;

  /* Lines and columns: a value's column is its byte offset in the line
   * less the UTF-8 continuation bytes before it there, all of which are
   * in strings read before it: no byte is counted twice, even in a file
   * that is one long line. */
  guint               line;
  const guchar       *line_start;
  guint               line_cont;   /* continuation bytes before r->p */

  ShuJsonTree        *tree;
  GArray             *open;       /* Open */
  GPtrArray          *children;   /* of the open containers */
  GPtrArray          *keys;       /* beside them: their keys, NULL in arrays */
  guint               max_depth;

  const char * const *stream_paths;
  ShuJsonElementFunc  func;
  gpointer            user_data;
  GString            *path;

  GError            **error;
} Reader;

/* Where the value starting at r->p is. */
static inline void
reader_pos (Reader     *r,
            ShuJsonPos *pos)
{
  pos->line = r->line;
  pos->column = (guint) (r->p - r->line_start) - r->line_cont + 1;
}

/* Where @at, on the current line, is; for messages, so counted anew. */
static void
reader_pos_at (Reader       *r,
               const guchar *at,
               ShuJsonPos   *pos)
{
  guint col = 1;

  g_assert (at >= r->line_start);

  for (const guchar *q = r->line_start; q < at; q++)
    if ((*q & 0xC0) != 0x80)
      col++;
  pos->line = r->line;
  pos->column = col;
}

static gboolean G_GNUC_PRINTF (3, 4)
reader_fail (Reader       *r,
             const guchar *at,
             const char   *format,
             ...)
{
  g_autofree char *reason = NULL;
  ShuJsonPos pos;
  va_list args;

  if (at > r->end)
    at = r->end;
  reader_pos_at (r, at, &pos);

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (r->error, SHU_ERROR, SHU_ERROR_PARSE, "%s:%u:%u: %s",
               r->display_name, pos.line, pos.column, reason);
  return FALSE;
}

static inline void
reader_newline (Reader       *r,
                const guchar *after)
{
  r->line++;
  r->line_start = after;
  r->line_cont = 0;
}

static void
skip_ws (Reader *r)
{
  const guchar *p = r->p;
  const guchar *end = r->end;

  while (p < end)
    {
      guchar c = *p;

      if (c == ' ' || c == '\t')
        p++;
      else if (c == '\n')
        {
          p++;
          reader_newline (r, p);
        }
      else if (c == '\r')
        {
          p++;
          if (p < end && *p == '\n')
            p++;
          reader_newline (r, p);
        }
      else
        break;
    }

  r->p = p;
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
read_hex4 (Reader       *r,
           const guchar *at,
           gunichar     *out)
{
  gunichar v = 0;

  if (r->end - at < 4)
    return reader_fail (r, at, _("incomplete \\u escape"));
  for (guint i = 0; i < 4; i++)
    {
      int h = hex_value (at[i]);

      if (h < 0)
        return reader_fail (r, at + i, _("invalid hexadecimal digit in \\u escape"));
      v = (v << 4) | (guint) h;
    }
  *out = v;
  return TRUE;
}

/* Checks the escape at @p (a backslash) and decodes it into @ch; @p moves
 * past it. */
static gboolean
read_escape (Reader        *r,
             const guchar **pp,
             gunichar      *ch)
{
  const guchar *p = *pp;
  const guchar *end = r->end;

  if (p + 1 >= end)
    return reader_fail (r, p, _("unterminated string"));

  switch (p[1])
    {
    case '"': *ch = '"'; p += 2; break;
    case '\\': *ch = '\\'; p += 2; break;
    case '/': *ch = '/'; p += 2; break;
    case 'b': *ch = '\b'; p += 2; break;
    case 'f': *ch = '\f'; p += 2; break;
    case 'n': *ch = '\n'; p += 2; break;
    case 'r': *ch = '\r'; p += 2; break;
    case 't': *ch = '\t'; p += 2; break;
    case 'u':
      if (!read_hex4 (r, p + 2, ch))
        return FALSE;
      if (*ch == 0)
        return reader_fail (r, p, _("\\u0000 (a NUL character) is not allowed in strings"));
      if (*ch >= 0xDC00 && *ch <= 0xDFFF)
        return reader_fail (r, p, _("\\u%04X is a lone low surrogate"), *ch);
      if (*ch >= 0xD800 && *ch <= 0xDBFF)
        {
          gunichar lo;

          if (end - p < 12 || p[6] != '\\' || p[7] != 'u')
            return reader_fail (r, p, _("\\u%04X is a high surrogate not followed "
                                "by a low surrogate"), *ch);
          if (!read_hex4 (r, p + 8, &lo))
            return FALSE;
          if (lo < 0xDC00 || lo > 0xDFFF)
            return reader_fail (r, p, _("\\u%04X is a high surrogate not followed "
                                "by a low surrogate"), *ch);
          *ch = 0x10000 + ((*ch - 0xD800) << 10) + (lo - 0xDC00);
          p += 12;
        }
      else
        p += 6;
      break;
    default:
      return reader_fail (r, p, _("invalid escape sequence in string"));
    }
  *pp = p;
  return TRUE;
}

/* Eight bytes at once: @x repeated, whether one of @w's is zero or below
 * @x (for @x up to 0x80). */
#define ONES(x) (G_GUINT64_CONSTANT (0x0101010101010101) * (guint8) (x))
#define HAS_BELOW(w, x) ((((w) - ONES (x)) & ~(w) & ONES (0x80)) != 0)
#define HAS_ZERO(w) HAS_BELOW (w, 1)

/* Reads the string whose opening quote is at r->p into the tree: checked
 * to its closing quote first, then copied, or decoded when it has escapes
 * (the decoded string is never longer than its escaped form). */
static const char *
read_string (Reader *r)
{
  const guchar *start = r->p + 1;
  const guchar *p = start;
  const guchar *end = r->end;
  gboolean escapes = FALSE;
  guint cont = 0;
  char *out, *o;

  for (;;)
    {
      guchar c;

      /* Plain ASCII, eight bytes at a time, then one at a time. */
      while (end - p >= 8)
        {
          guint64 w;

          memcpy (&w, p, 8);
          if ((w & ONES (0x80)) != 0 || HAS_BELOW (w, 0x20)
              || HAS_ZERO (w ^ ONES ('"')) || HAS_ZERO (w ^ ONES ('\\')))
            break;
          p += 8;
        }
      while (p < end && (c = *p) >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        p++;
      /* Two-byte sequences in a row: Hebrew, Arabic, Greek, Cyrillic. */
      while (end - p >= 2 && p[0] >= 0xC2 && p[0] <= 0xDF && (p[1] & 0xC0) == 0x80)
        {
          p += 2;
          cont++;
        }
      if (p < end && (c = *p) >= 0x20 && c < 0x80 && c != '"' && c != '\\')
        continue;

      if (p >= end)
        {
          reader_fail (r, p, _("unterminated string"));
          return NULL;
        }

      c = *p;
      if (c == '"')
        break;
      else if (c == '\\')
        {
          gunichar ch;

          if (!read_escape (r, &p, &ch))
            return NULL;
          escapes = TRUE;
        }
      else if (c < 0x20)
        {
          if (c == '\n' || c == '\r')
            reader_fail (r, p, _("unterminated string (line break inside a string)"));
          else
            reader_fail (r, p, _("control character U+%04X must be escaped in strings"), c);
          return NULL;
        }
      else
        {
          guint n = utf8_sequence (p, end);

          if (n == 0)
            {
              reader_fail (r, p, _("invalid UTF-8"));
              return NULL;
            }
          p += n;
          cont += n - 1;
        }
    }

  r->p = p + 1;
  r->line_cont += cont;
  out = tree_alloc (r->tree, (p - start) + 1);
  if (!escapes)
    {
      memcpy (out, start, p - start);
      out[p - start] = '\0';
      return out;
    }

  o = out;
  for (const guchar *q = start; q < p;)
    {
      const guchar *backslash = memchr (q, '\\', p - q);
      gunichar ch;

      if (backslash == NULL)
        backslash = p;
      memcpy (o, q, backslash - q);
      o += backslash - q;
      q = backslash;
      if (q == p)
        break;
      /* Checked above: cannot fail. */
      read_escape (r, &q, &ch);
      o += g_unichar_to_utf8 (ch, o);
    }
  *o = '\0';
  return out;
}

/* RFC 8259's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static gboolean
scan_any_number (Reader *r)
{
  const guchar *p = r->p;
  const guchar *end = r->end;
  const guchar *start = p;

  if (p < end && *p == '-')
    p++;
  if (p >= end || !g_ascii_isdigit (*p))
    return reader_fail (r, start, _("invalid number"));
  if (*p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    return reader_fail (r, p, _("numbers must not have leading zeros"));
  while (p < end && g_ascii_isdigit (*p))
    p++;
  if (p < end && *p == '.')
    {
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return reader_fail (r, start, _("invalid number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        return reader_fail (r, start, _("invalid number"));
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }
  r->p = p;
  return TRUE;
}

/* Reads the number at r->p into @node: an integer in 0..2^53-1 or, with
 * any_numbers, any number, kept as written, except whole numbers out of
 * -(2^53-1)..2^53-1, which no reader of the files holds exactly. */
static gboolean
read_number (Reader      *r,
             ShuJsonNode *node)
{
  const guchar *p = r->p;
  const guchar *end = r->end;
  const guchar *start = p;
  guint64 value = 0;
  gboolean too_large = FALSE;

  if (r->any_numbers)
    {
      gboolean negative = *p == '-';
      gboolean whole = TRUE;
      char *text;

      if (!scan_any_number (r))
        return FALSE;
      for (const guchar *q = negative ? start + 1 : start; q < r->p; q++)
        {
          if (!g_ascii_isdigit (*q))
            {
              whole = FALSE;
              break;
            }
          if (!too_large)
            {
              value = value * 10 + (guint64) (*q - '0');
              too_large = value > MAX_EXACT_INTEGER;
            }
        }
      /* json-glib 1.6 would wrap it: 2^64 + 1 would be read as 1. */
      if (whole && too_large)
        return reader_fail (r, start, _("number is too large (the largest allowed is %llu)"),
                            (unsigned long long) MAX_EXACT_INTEGER);
      if (whole && !negative)
        {
          node->type = SHU_JSON_INTEGER;
          node->v.integer = (gint64) value;
          return TRUE;
        }
      node->type = SHU_JSON_NUMBER;
      text = tree_alloc (r->tree, (r->p - start) + 1);
      memcpy (text, start, r->p - start);
      text[r->p - start] = '\0';
      node->v.string = text;
      return TRUE;
    }

  if (*p == '-')
    return reader_fail (r, p, _("negative numbers are not allowed "
                        "(the format only has whole numbers from 0)"));

  if (*p == '0' && p + 1 < end && g_ascii_isdigit (p[1]))
    return reader_fail (r, p, _("numbers must not have leading zeros"));

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
    return reader_fail (r, start, _("only whole numbers are allowed "
                        "(no fraction or exponent)"));
  if (too_large)
    return reader_fail (r, start, _("number is too large (the largest allowed is %llu)"),
                        (unsigned long long) MAX_EXACT_INTEGER);

  r->p = p;
  node->type = SHU_JSON_INTEGER;
  node->v.integer = (gint64) value;
  return TRUE;
}

static gboolean
scan_literal (Reader     *r,
              const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (r->end - r->p) < len || memcmp (r->p, word, len) != 0)
    return reader_fail (r, r->p, _("invalid literal (expected %s)"), word);
  r->p += len;
  if (r->p < r->end && g_ascii_isalnum (*r->p))
    return reader_fail (r, r->p, _("invalid literal"));
  return TRUE;
}

static inline Open *
top (Reader *r)
{
  return &g_array_index (r->open, Open, r->open->len - 1);
}

/* Which of the stream paths an array opened now with @key is at, or -1:
 * the open containers must all be objects, entered by their keys. */
static int
stream_index (Reader     *r,
              const char *key)
{
  if (r->stream_paths == NULL || key == NULL)
    return -1;
  for (guint i = 0; i < r->open->len; i++)
    if (g_array_index (r->open, Open, i).node->type != SHU_JSON_OBJECT)
      return -1;

  g_string_truncate (r->path, 0);
  /* open[0] is the root; each other was entered by the last key on the
   * key stack below its first child. */
  for (guint i = 1; i < r->open->len; i++)
    {
      g_string_append (r->path, r->keys->pdata[g_array_index (r->open, Open, i).first - 1]);
      g_string_append_c (r->path, '.');
    }
  g_string_append (r->path, key);
  for (guint i = 0; r->stream_paths[i] != NULL; i++)
    if (strcmp (r->stream_paths[i], r->path->str) == 0)
      return (int) i;
  return -1;
}

/* Reads an object key at r->p and checks it is not a duplicate. */
static const char *
read_key (Reader *r)
{
  Open *o = top (r);
  const guchar *key_start = r->p;
  const char *key;

  if (r->p >= r->end)
    {
      reader_fail (r, r->p, _("unexpected end of input, expected a key"));
      return NULL;
    }
  if (*r->p != '"')
    {
      if (*r->p == '/')
        reader_fail (r, r->p, _("comments are not allowed in JSON"));
      else
        reader_fail (r, r->p, _("expected a key in double quotes"));
      return NULL;
    }

  key = read_string (r);
  if (key == NULL)
    return NULL;

  if (o->key_set == NULL)
    {
      guint n_keys = r->keys->len - o->first;

      for (guint i = o->first; i < r->keys->len; i++)
        {
          const char *other = r->keys->pdata[i];

          if (other[0] == key[0] && strcmp (other, key) == 0)
            goto duplicate;
        }
      if (n_keys + 1 > LINEAR_KEYS)
        {
          o->key_set = g_hash_table_new (g_str_hash, g_str_equal);
          for (guint i = o->first; i < r->keys->len; i++)
            g_hash_table_add (o->key_set, r->keys->pdata[i]);
          g_hash_table_add (o->key_set, (char *) key);
        }
    }
  else if (!g_hash_table_add (o->key_set, (char *) key))
    goto duplicate;

  return key;

duplicate:
  reader_fail (r, key_start, _("duplicate key \"%s\" in an object"), key);
  return NULL;
}

static ShuJsonNode *
new_node (Reader      *r,
          ShuJsonType  type)
{
  ShuJsonNode *node = tree_alloc (r->tree, sizeof (ShuJsonNode));

  memset (node, 0, sizeof *node);
  node->type = type;
  reader_pos (r, &node->pos);
  return node;
}

/* Puts @node, a complete value or a container just opened, in its place:
 * the root, or the next child of the open container. */
static void
place (Reader      *r,
       ShuJsonNode *node,
       const char  *key)
{
  if (r->open->len == 0)
    r->tree->root = node;
  else
    {
      g_ptr_array_add (r->children, node);
      g_ptr_array_add (r->keys, (gpointer) key);
    }
}

/* A value that was the last child placed is complete: when it is an
 * element of a streamed array, it goes to the reader's function, which
 * may take it out of the tree. */
static void
element_done (Reader      *r,
              ShuJsonNode *node,
              const Mark  *mark)
{
  Open *parent = top (r);

  if (parent->stream < 0)
    return;
  if (r->func (node, parent->stream, r->user_data))
    {
      g_ptr_array_set_size (r->children, r->children->len - 1);
      g_ptr_array_set_size (r->keys, r->keys->len - 1);
      tree_rewind (r->tree, mark);
    }
}

static void
close_container (Reader *r)
{
  Open o = *top (r);
  ShuJsonTree *tree = r->tree;
  guint n = r->children->len - o.first;
  ShuJsonNode *node = o.node;

  node->length = n;
  if (node->type == SHU_JSON_ARRAY)
    node->v.elements = tree_alloc (tree, n * sizeof (ShuJsonNode *) + 1);
  else
    {
      node->v.object.values = tree_alloc (tree, n * sizeof (ShuJsonNode *) + 1);
      node->v.object.keys = tree_alloc (tree, n * sizeof (char *) + 1);
    }
  /* The stacks have no memory at all before their first child. */
  if (n > 0)
    {
      memcpy (node->type == SHU_JSON_ARRAY ? node->v.elements : node->v.object.values,
              r->children->pdata + o.first, n * sizeof (ShuJsonNode *));
      if (node->type == SHU_JSON_OBJECT)
        memcpy (node->v.object.keys, r->keys->pdata + o.first, n * sizeof (char *));
    }
  g_ptr_array_set_size (r->children, o.first);
  g_ptr_array_set_size (r->keys, o.first);
  g_clear_pointer (&o.key_set, g_hash_table_unref);
  g_array_set_size (r->open, r->open->len - 1);
  r->p++;
  if (o.streamed)
    element_done (r, node, &o.mark);
}

static gboolean
open_container (Reader      *r,
                ShuJsonType  type,
                const char  *key,
                const Mark  *mark)
{
  Open o = { 0 };

  if (r->open->len >= r->max_depth)
    return reader_fail (r, r->p, _("nesting is deeper than %u levels"), r->max_depth);

  o.node = new_node (r, type);
  o.stream = type == SHU_JSON_ARRAY ? stream_index (r, key) : -1;
  o.streamed = mark != NULL;
  if (mark != NULL)
    o.mark = *mark;
  place (r, o.node, key);
  o.first = r->children->len;
  g_array_append_val (r->open, o);
  r->p++;
  return TRUE;
}

/* Reads one value, then everything up to the end of the document, without
 * recursion: containers live on r->open. */
static gboolean
read_document (Reader *r)
{
  const char *key = NULL;   /* the key of the value about to be read */

value:
  {
    ShuJsonNode *node;
    Mark mark;
    gboolean streamed = r->open->len > 0 && top (r)->stream >= 0;

    skip_ws (r);
    if (r->p >= r->end)
      return reader_fail (r, r->p, _("unexpected end of input, expected a value"));

    if (streamed)
      tree_mark (r->tree, &mark);

    switch (*r->p)
      {
      case '{':
      case '[':
        {
          gboolean is_object = *r->p == '{';

          if (!open_container (r, is_object ? SHU_JSON_OBJECT : SHU_JSON_ARRAY, key,
                               streamed ? &mark : NULL))
            return FALSE;
          skip_ws (r);
          if (r->p < r->end && *r->p == (is_object ? '}' : ']'))
            {
              close_container (r);
              goto after_value;
            }
          if (is_object)
            goto member;
          goto element;
        }

      case '"':
        node = new_node (r, SHU_JSON_STRING);
        node->v.string = read_string (r);
        if (node->v.string == NULL)
          return FALSE;
        break;

      case 't':
      case 'f':
        node = new_node (r, SHU_JSON_BOOLEAN);
        node->v.integer = *r->p == 't';
        if (!scan_literal (r, *r->p == 't' ? "true" : "false"))
          return FALSE;
        break;

      case 'n':
        node = new_node (r, SHU_JSON_NULL);
        if (!scan_literal (r, "null"))
          return FALSE;
        break;

      case '/':
        return reader_fail (r, r->p, _("comments are not allowed in JSON"));

      case ']':
      case '}':
        return reader_fail (r, r->p, _("unexpected '%c', expected a value"), *r->p);

      default:
        if (*r->p == '-' || g_ascii_isdigit (*r->p))
          {
            node = new_node (r, SHU_JSON_INTEGER);
            if (!read_number (r, node))
              return FALSE;
            break;
          }
        if (*r->p >= 0x80)
          {
            if (utf8_sequence (r->p, r->end) == 0)
              return reader_fail (r, r->p, _("invalid UTF-8"));
            return reader_fail (r, r->p, _("unexpected character, expected a value"));
          }
        return reader_fail (r, r->p, _("unexpected character '%c', expected a value"), *r->p);
      }

    place (r, node, key);
    if (streamed)
      element_done (r, node, &mark);
    goto after_value;
  }

member:
  skip_ws (r);
  key = read_key (r);
  if (key == NULL)
    return FALSE;
  skip_ws (r);
  if (r->p >= r->end || *r->p != ':')
    return reader_fail (r, r->p, _("expected ':' after the key"));
  r->p++;
  goto value;

element:
  key = NULL;
  goto value;

after_value:
  skip_ws (r);
  if (r->open->len == 0)
    {
      if (r->p < r->end)
        {
          if (*r->p == '/')
            return reader_fail (r, r->p, _("comments are not allowed in JSON"));
          return reader_fail (r, r->p, _("unexpected data after the JSON value"));
        }
      return TRUE;
    }

  {
    gboolean is_object = top (r)->node->type == SHU_JSON_OBJECT;
    guchar c;

    if (r->p >= r->end)
      return reader_fail (r, r->p, _("unexpected end of input, expected '%c' or ','"),
                          is_object ? '}' : ']');

    c = *r->p;
    if (c == ',')
      {
        const guchar *comma = r->p;
        const guchar *line_start = r->line_start;
        guint line_cont = r->line_cont;
        guint line = r->line;

        r->p++;
        skip_ws (r);
        if (r->p < r->end && (*r->p == ']' || *r->p == '}'))
          {
            /* Point at the comma, which may be on an earlier line. */
            r->line = line;
            r->line_start = line_start;
            r->line_cont = line_cont;
            return reader_fail (r, comma, _("trailing comma"));
          }
        if (is_object)
          goto member;
        goto element;
      }
    if ((c == '}' && is_object) || (c == ']' && !is_object))
      {
        close_container (r);
        goto after_value;
      }
    if (c == '/')
      return reader_fail (r, r->p, _("comments are not allowed in JSON"));
    return reader_fail (r, r->p, _("expected ',' or '%c'"), is_object ? '}' : ']');
  }
}

ShuJsonTree *
shu_json_tree_read (const char        *data,
                    gsize              size,
                    guint              max_depth,
                    ShuJsonReadFlags   flags,
                    const char        *display_name,
                    GError           **error)
{
  return shu_json_tree_read_full (data, size, max_depth, flags, NULL, NULL, NULL,
                                  display_name, error);
}

/* A first block about the size of the bytes, for a small file. */
static gsize
first_block_size (gsize size)
{
  return CLAMP (size * 2, 1024, FIRST_BLOCK_SIZE);
}

ShuJsonTree *
shu_json_tree_read_full (const char         *data,
                         gsize               size,
                         guint               max_depth,
                         ShuJsonReadFlags    flags,
                         const char * const *stream_paths,
                         ShuJsonElementFunc  func,
                         gpointer            user_data,
                         const char         *display_name,
                         GError            **error)
{
  g_autoptr(ShuJsonTree) tree = NULL;
  Reader r = { 0 };
  gboolean ok;

  g_return_val_if_fail (data != NULL || size == 0, NULL);
  g_return_val_if_fail (max_depth > 0, NULL);
  g_return_val_if_fail ((stream_paths == NULL) == (func == NULL), NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (data == NULL)
    data = "";

  tree = g_new0 (ShuJsonTree, 1);
  tree->block_size = first_block_size (size);

  r.start = (const guchar *) data;
  r.p = r.start;
  r.end = r.start + size;
  r.display_name = display_name;
  r.any_numbers = (flags & SHU_JSON_READ_ANY_NUMBER) != 0;
  r.line = 1;
  r.line_start = r.start;
  r.tree = tree;
  r.open = g_array_new (FALSE, FALSE, sizeof (Open));
  r.children = g_ptr_array_new ();
  r.keys = g_ptr_array_new ();
  r.max_depth = max_depth;
  r.stream_paths = stream_paths;
  r.func = func;
  r.user_data = user_data;
  r.path = g_string_new (NULL);
  r.error = error;

  if (size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    ok = reader_fail (&r, r.p, _("a byte order mark is not allowed (save as UTF-8 without BOM)"));
  else
    {
      skip_ws (&r);
      if (r.p >= r.end)
        ok = reader_fail (&r, r.p, _("empty input"));
      else
        ok = read_document (&r);
    }

  for (guint i = 0; i < r.open->len; i++)
    g_clear_pointer (&g_array_index (r.open, Open, i).key_set, g_hash_table_unref);
  g_array_unref (r.open);
  g_ptr_array_unref (r.children);
  g_ptr_array_unref (r.keys);
  g_string_free (r.path, TRUE);

  if (!ok)
    return NULL;
  return g_steal_pointer (&tree);
}

/* ------------------------------------------------------------- access */

ShuJsonNode *
shu_json_tree_get_root (ShuJsonTree *tree)
{
  g_return_val_if_fail (tree != NULL, NULL);
  return tree->root;
}

ShuJsonType
shu_json_node_get_type (const ShuJsonNode *node)
{
  return node != NULL ? node->type : SHU_JSON_NULL;
}

void
shu_json_node_get_pos (const ShuJsonNode *node,
                       ShuJsonPos        *pos)
{
  g_return_if_fail (node != NULL);
  g_return_if_fail (pos != NULL);
  *pos = node->pos;
}

const char *
shu_json_node_get_string (const ShuJsonNode *node)
{
  g_return_val_if_fail (node != NULL && (node->type == SHU_JSON_STRING
                                         || node->type == SHU_JSON_NUMBER), NULL);
  return node->v.string;
}

gint64
shu_json_node_get_int (const ShuJsonNode *node)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_INTEGER, 0);
  return node->v.integer;
}

gboolean
shu_json_node_get_boolean (const ShuJsonNode *node)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_BOOLEAN, FALSE);
  return node->v.integer != 0;
}

guint
shu_json_node_get_length (const ShuJsonNode *node)
{
  g_return_val_if_fail (node != NULL, 0);
  if (node->type != SHU_JSON_ARRAY && node->type != SHU_JSON_OBJECT)
    return 0;
  return node->length;
}

ShuJsonNode *
shu_json_node_get_element (const ShuJsonNode *node,
                           guint              index)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_ARRAY, NULL);
  g_return_val_if_fail (index < node->length, NULL);
  return node->v.elements[index];
}

ShuJsonNode *
shu_json_node_get_member_at (const ShuJsonNode  *node,
                             guint               index,
                             const char        **key)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_OBJECT, NULL);
  g_return_val_if_fail (index < node->length, NULL);
  if (key != NULL)
    *key = node->v.object.keys[index];
  return node->v.object.values[index];
}

ShuJsonNode *
shu_json_node_get_member (const ShuJsonNode *node,
                          const char        *name)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_OBJECT, NULL);

  /* The objects of these formats have a dozen members at most: a linear
   * search beats hashing them. */
  for (guint i = 0; i < node->length; i++)
    if (strcmp (node->v.object.keys[i], name) == 0)
      return node->v.object.values[i];
  return NULL;
}

ShuJsonNode *
shu_json_node_find (const ShuJsonNode *node,
                    const char        *path)
{
  g_auto(GStrv) keys = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (path != NULL, NULL);

  if (*path == '\0')
    return (ShuJsonNode *) node;
  keys = g_strsplit (path, ".", -1);
  for (guint i = 0; keys[i] != NULL && node != NULL; i++)
    {
      if (node->type != SHU_JSON_OBJECT)
        return NULL;
      node = shu_json_node_get_member (node, keys[i]);
    }
  return (ShuJsonNode *) node;
}
