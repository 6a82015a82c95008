/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-big-alloc.h"
#include "shu-json-tree.h"

/* Nodes, member keys and strings come from large blocks freed together;
 * children are gathered on a stack per open container and copied into a
 * block when it closes. Blocks double up to 4 MiB, so a small file takes
 * little memory and a large one few blocks, in huge pages (see
 * shu-big-alloc.h): the tree of a 60 MB sidecar is about as large again. */
#define FIRST_BLOCK_SIZE ((gsize) 64 * 1024)
#define LAST_BLOCK_SIZE ((gsize) 4 * 1024 * 1024)

struct _ShuJsonNode
{
  ShuJsonType type;
  guint       length;     /* elements or members */
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
    struct
    {
      const char   *data;
      gsize         size;
    } deferred;
  } v;
};

struct _ShuJsonTree
{
  GSList      *blocks;
  char        *next;
  gsize        left;
  gsize        block_size;   /* of the next block */
  gsize        head_size;    /* of the newest block, the head of @blocks */
  ShuJsonNode *root;
  /* The builder's stacks, kept for the next build in this tree: a
   * sidecar's annotations are each built in the same scratch tree, and
   * growing three fresh arrays for each was a tenth of a load. */
  GArray      *open;
  GPtrArray   *children;
  GPtrArray   *keys;
};

static gpointer
tree_alloc (ShuJsonTree *tree,
            gsize        size)
{
  gpointer result;

  size = (size + 7) & ~(gsize) 7;
  if (size > tree->left)
    {
      gsize block = MAX (tree->block_size, size);

      tree->block_size = MIN (block * 2, LAST_BLOCK_SIZE);
      tree->head_size = block;
      tree->next = shu_big_alloc (block);
      tree->left = block;
      tree->blocks = g_slist_prepend (tree->blocks, tree->next);
    }
  result = tree->next;
  tree->next += size;
  tree->left -= size;
  return result;
}

static ShuJsonNode *
new_node (ShuJsonTree *tree,
          ShuJsonType  type)
{
  ShuJsonNode *node = tree_alloc (tree, sizeof (ShuJsonNode));

  memset (node, 0, sizeof *node);
  node->type = type;
  return node;
}

static inline const guchar *
skip_ws (const guchar *p,
         const guchar *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

static guint
hex4 (const guchar *p)
{
  guint value = 0;

  for (guint i = 0; i < 4; i++)
    {
      guchar c = p[i];

      value <<= 4;
      if (c >= '0' && c <= '9')
        value |= c - '0';
      else if (c >= 'a' && c <= 'f')
        value |= c - 'a' + 10;
      else
        value |= c - 'A' + 10;
    }
  return value;
}

/* The closing quote of the string whose first byte is at @p (just after
 * its opening quote): the first quote not escaped, that is, not after an
 * odd number of backslashes. The scan made sure there is one. */
static inline const guchar *
string_end (const guchar *p,
            const guchar *end)
{
  for (;;)
    {
      const guchar *quote = memchr (p, '"', end - p);
      const guchar *b;

      if (quote == NULL)
        return end;
      /* The backslashes right before it; p[-1] is a quote, so they
       * start at p at the earliest. */
      for (b = quote; b > p && b[-1] == '\\'; b--)
        ;
      if ((quote - b) % 2 == 0)
        return quote;
      p = quote + 1;
    }
}

/* Reads the string starting at the opening quote @p; returns a copy in the
 * tree and moves @p past the closing quote. The scan checked escapes,
 * surrogate pairs and UTF-8. */
static const char *
read_string (ShuJsonTree   *tree,
             const guchar **pp,
             const guchar  *end)
{
  const guchar *start = *pp + 1;
  const guchar *p = string_end (start, end);
  gboolean escapes = memchr (start, '\\', p - start) != NULL;
  char *out, *o;

  *pp = p + 1;

  /* The decoded string is never longer than its escaped form. */
  out = tree_alloc (tree, (p - start) + 1);
  if (!escapes)
    {
      memcpy (out, start, p - start);
      out[p - start] = '\0';
      return out;
    }

  o = out;
  for (const guchar *q = start; q < p;)
    {
      gunichar c;

      if (*q != '\\')
        {
          *o++ = (char) *q++;
          continue;
        }
      q++;
      switch (*q++)
        {
        case '"': *o++ = '"'; continue;
        case '\\': *o++ = '\\'; continue;
        case '/': *o++ = '/'; continue;
        case 'b': *o++ = '\b'; continue;
        case 'f': *o++ = '\f'; continue;
        case 'n': *o++ = '\n'; continue;
        case 'r': *o++ = '\r'; continue;
        case 't': *o++ = '\t'; continue;
        default: break;   /* 'u' */
        }
      c = hex4 (q);
      q += 4;
      if (c >= 0xD800 && c <= 0xDBFF)
        {
          /* The scan made sure a low surrogate follows. */
          c = 0x10000 + ((c - 0xD800) << 10) + (hex4 (q + 2) - 0xDC00);
          q += 6;
        }
      o += g_unichar_to_utf8 (c, o);
    }
  *o = '\0';
  return out;
}

typedef struct
{
  ShuJsonNode *node;
  guint        first;   /* index of its first child on the child stack */
  const char  *key;     /* the key it was opened with, or NULL */
  gboolean     defer;   /* an array whose container elements are deferred */
} Open;

/* Whether the array opened last on @open (with @key) is at one of @paths. */
static gboolean
is_deferred_path (GArray            *open,
                  const char        *key,
                  const char *const *paths)
{
  g_autoptr(GString) path = g_string_new (NULL);

  if (paths == NULL)
    return FALSE;
  /* open[0] is the root, which has no key. */
  for (guint i = 1; i < open->len; i++)
    {
      const char *k = g_array_index (open, Open, i).key;

      if (k == NULL)
        return FALSE;   /* inside an array: not a path of keys */
      g_string_append (path, k);
      g_string_append_c (path, '.');
    }
  if (key == NULL)
    return FALSE;
  g_string_append (path, key);
  for (guint i = 0; paths[i] != NULL; i++)
    if (strcmp (paths[i], path->str) == 0)
      return TRUE;
  return FALSE;
}

/* The end of the object or array opening at @p (the scan checked it). */
static const guchar *
skip_container (const guchar *p,
                const guchar *end)
{
  guint depth = 0;

  for (; p < end; p++)
    {
      switch (*p)
        {
        case '"':
          p = string_end (p + 1, end);
          break;
        case '{':
        case '[':
          depth++;
          break;
        case '}':
        case ']':
          if (--depth == 0)
            return p + 1;
          break;
        default:
          break;
        }
    }
  return end;
}

static ShuJsonTree *tree_build (const char        *data,
                                gsize              size,
                                const char *const *defer_paths,
                                ShuJsonTree       *reuse);

ShuJsonTree *
shu_json_tree_new (const char *data,
                   gsize       size)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);

  return tree_build (data, size, NULL, NULL);
}

ShuJsonTree *
shu_json_tree_new_deferring (const char        *data,
                             gsize              size,
                             const char *const *array_paths)
{
  g_return_val_if_fail (data != NULL || size == 0, NULL);

  return tree_build (data, size, array_paths, NULL);
}

ShuJsonTree *
shu_json_node_expand (const ShuJsonNode *node,
                      ShuJsonTree       *scratch)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_DEFERRED, NULL);

  return tree_build (node->v.deferred.data, node->v.deferred.size, NULL, scratch);
}

/* Empties @tree, keeping its newest (largest) block for the next build. */
static void
tree_reset (ShuJsonTree *tree)
{
  if (tree->blocks != NULL)
    {
      GSList *older = tree->blocks->next;

      tree->blocks->next = NULL;
      g_slist_free_full (older, g_free);
      tree->next = tree->blocks->data;
      tree->left = tree->head_size;
    }
  tree->root = NULL;
}

/* A block about the size of the bytes, for a small tree: one annotation's
 * tree is a few KiB, built 50k times. */
static gsize
first_block_size (gsize size)
{
  return CLAMP (size * 2, 1024, FIRST_BLOCK_SIZE);
}

static ShuJsonTree *
tree_build (const char        *data,
            gsize              size,
            const char *const *defer_paths,
            ShuJsonTree       *reuse)
{
  GArray *open;
  GPtrArray *children;
  GPtrArray *keys;
  const guchar *p = (const guchar *) data;
  const guchar *end = p + size;
  ShuJsonTree *tree;

  if (reuse != NULL)
    {
      tree = reuse;
      tree_reset (tree);
    }
  else
    {
      tree = g_new0 (ShuJsonTree, 1);
      tree->block_size = first_block_size (size);
      tree->open = g_array_new (FALSE, FALSE, sizeof (Open));
      tree->children = g_ptr_array_new ();
      tree->keys = g_ptr_array_new ();
    }
  open = tree->open;
  children = tree->children;
  keys = tree->keys;
  g_array_set_size (open, 0);
  g_ptr_array_set_size (children, 0);
  g_ptr_array_set_size (keys, 0);

  for (;;)
    {
      ShuJsonNode *value = NULL;
      const char *key = NULL;

      p = skip_ws (p, end);
      if (p >= end)
        break;

      /* A key comes before a value inside an object. */
      if (open->len > 0 && g_array_index (open, Open, open->len - 1).node->type == SHU_JSON_OBJECT
          && *p == '"')
        {
          key = read_string (tree, &p, end);
          p = skip_ws (p, end);
          p++;   /* ':' */
          p = skip_ws (p, end);
        }

      switch (*p)
        {
        case '{':
        case '[':
          {
            Open o = { NULL, children->len, key, FALSE };

            if (open->len > 0 && g_array_index (open, Open, open->len - 1).defer)
              {
                const guchar *close = skip_container (p, end);

                value = new_node (tree, SHU_JSON_DEFERRED);
                value->v.deferred.data = (const char *) p;
                value->v.deferred.size = close - p;
                p = close;
                break;
              }

            o.node = new_node (tree, *p == '{' ? SHU_JSON_OBJECT : SHU_JSON_ARRAY);
            o.defer = *p == '[' && is_deferred_path (open, key, defer_paths);
            /* Its place among its parent's children is kept now; the node
             * is filled in when it closes. */
            g_ptr_array_add (keys, (gpointer) key);
            g_ptr_array_add (children, o.node);
            o.first = children->len;
            g_array_append_val (open, o);
            p++;
            continue;
          }
        case '}':
        case ']':
          {
            Open o = g_array_index (open, Open, open->len - 1);
            guint n = children->len - o.first;

            o.node->length = n;
            if (o.node->type == SHU_JSON_ARRAY)
              {
                o.node->v.elements = tree_alloc (tree, n * sizeof (ShuJsonNode *) + 1);
                memcpy (o.node->v.elements, children->pdata + o.first,
                        n * sizeof (ShuJsonNode *));
              }
            else
              {
                o.node->v.object.values = tree_alloc (tree, n * sizeof (ShuJsonNode *) + 1);
                o.node->v.object.keys = tree_alloc (tree, n * sizeof (char *) + 1);
                memcpy (o.node->v.object.values, children->pdata + o.first,
                        n * sizeof (ShuJsonNode *));
                memcpy (o.node->v.object.keys, keys->pdata + o.first, n * sizeof (char *));
              }
            g_ptr_array_set_size (children, o.first);
            g_ptr_array_set_size (keys, o.first);
            g_array_set_size (open, open->len - 1);
            p++;
            if (open->len == 0)
              tree->root = o.node;
            continue;
          }
        case ',':
          p++;
          continue;
        case '"':
          value = new_node (tree, SHU_JSON_STRING);
          value->v.string = read_string (tree, &p, end);
          break;
        case 't':
        case 'f':
          value = new_node (tree, SHU_JSON_BOOLEAN);
          value->v.integer = *p == 't';
          p += *p == 't' ? 4 : 5;
          break;
        case 'n':
          value = new_node (tree, SHU_JSON_NULL);
          p += 4;
          break;
        default:
          {
            gint64 number = 0;

            if (!g_ascii_isdigit (*p))
              {
                g_critical ("shu_json_tree_new: input not accepted by shu_json_scan()");
                if (reuse == NULL)
                  shu_json_tree_free (tree);
                return NULL;
              }
            while (p < end && g_ascii_isdigit (*p))
              number = number * 10 + (*p++ - '0');
            value = new_node (tree, SHU_JSON_INTEGER);
            value->v.integer = number;
          }
          break;
        }

      if (open->len == 0)
        {
          tree->root = value;
          continue;
        }
      g_ptr_array_add (keys, (gpointer) key);
      g_ptr_array_add (children, value);
    }

  if (tree->root == NULL || open->len > 0)
    {
      g_critical ("shu_json_tree_new: input not accepted by shu_json_scan()");
      if (reuse == NULL)
        shu_json_tree_free (tree);
      return NULL;
    }
  return tree;
}

void
shu_json_tree_free (ShuJsonTree *tree)
{
  if (tree == NULL)
    return;
  g_slist_free_full (tree->blocks, g_free);
  g_array_unref (tree->open);
  g_ptr_array_unref (tree->children);
  g_ptr_array_unref (tree->keys);
  g_free (tree);
}

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

const char *
shu_json_node_get_string (const ShuJsonNode *node)
{
  g_return_val_if_fail (node != NULL && node->type == SHU_JSON_STRING, NULL);
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
