/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ShuJsonPos:
 * @line: 1-based line
 * @column: 1-based column, counted in code points
 */
typedef struct
{
  guint line;
  guint column;
} ShuJsonPos;

/**
 * ShuJsonTree:
 *
 * The project's JSON reader: one strict RFC 8259 pass over raw bytes that
 * checks them and builds a read-only tree, every node knowing where it
 * starts in the file. It refuses, with "FILE:LINE:COLUMN: reason", what
 * json-glib 1.6 gets wrong or accepts (comments, the last of duplicate
 * keys kept, strings cut at \u0000, large integers wrapped, a crash on
 * deep nesting) and whatever the formats here do not have: empty input, a
 * byte order mark, invalid UTF-8, trailing commas, lone surrogates, and
 * numbers other than integers in 0..2^53-1 (see SHU_JSON_READ_ANY_NUMBER).
 * It never recurses.
 *
 * The tree lives in a few large blocks of memory: json-glib spent most of
 * a large load allocating a hash table, a list and a queue per object.
 * See docs/DESIGN.md for the figures.
 */
typedef struct _ShuJsonTree ShuJsonTree;
typedef struct _ShuJsonNode ShuJsonNode;

typedef enum
{
  SHU_JSON_NULL,
  SHU_JSON_BOOLEAN,
  SHU_JSON_INTEGER,
  SHU_JSON_STRING,
  SHU_JSON_ARRAY,
  SHU_JSON_OBJECT,
  SHU_JSON_NUMBER,   /* only with SHU_JSON_READ_ANY_NUMBER: any other number */
} ShuJsonType;

typedef enum
{
  SHU_JSON_READ_DEFAULT = 0,
  /* Any RFC 8259 number (fractions, exponents, negatives), for other
   * tools' files (Label Studio writes "lead_time": 12.5), except whole
   * numbers beyond 2^53-1 either way (json-glib wraps them). Those that
   * are not integers in 0..2^53-1 are SHU_JSON_NUMBER nodes holding their
   * text as written. */
  SHU_JSON_READ_ANY_NUMBER = 1 << 0,
} ShuJsonReadFlags;

/**
 * ShuJsonElementFunc:
 * @element: an element of an array named in shu_json_tree_read_full(),
 *   complete with everything in it, and valid only during the call
 * @path_index: which of the paths its array is at
 * @user_data: the data given with the function
 *
 * Returns: TRUE when it has taken what it needs from @element, which is
 *   then left out of the tree (its memory is reused for the next one);
 *   FALSE to keep it in the tree.
 */
typedef gboolean (*ShuJsonElementFunc) (ShuJsonNode *element,
                                        guint        path_index,
                                        gpointer     user_data);

/* Reads @data (need not be NUL-terminated): the tree, or NULL with
 * SHU_ERROR_PARSE. @max_depth is the deepest nesting of arrays and objects
 * allowed; @display_name the FILE of messages. */
ShuJsonTree       *shu_json_tree_read         (const char         *data,
                                               gsize               size,
                                               guint               max_depth,
                                               ShuJsonReadFlags    flags,
                                               const char         *display_name,
                                               GError            **error);
/* Like shu_json_tree_read(), handing each element of the arrays at
 * @stream_paths (member keys from the root object joined with '.', such as
 * "first.items") to @func as soon as it is read. A sidecar's 50k
 * annotations then never exist as one tree (it was larger than the file,
 * and most of the peak memory of a load): each is read into the same
 * memory, turned into an annotation and dropped. The whole input is still
 * checked before this returns; @func's work may be wasted on a file
 * refused further on. */
ShuJsonTree       *shu_json_tree_read_full    (const char         *data,
                                               gsize               size,
                                               guint               max_depth,
                                               ShuJsonReadFlags    flags,
                                               const char * const *stream_paths,
                                               ShuJsonElementFunc  func,
                                               gpointer            user_data,
                                               const char         *display_name,
                                               GError            **error);
void               shu_json_tree_free         (ShuJsonTree       *tree);
ShuJsonNode       *shu_json_tree_get_root     (ShuJsonTree       *tree);

ShuJsonType        shu_json_node_get_type     (const ShuJsonNode *node);
/* Where the value starts in its file. */
void               shu_json_node_get_pos      (const ShuJsonNode *node,
                                               ShuJsonPos        *pos);
/* For strings, the text (for SHU_JSON_NUMBER, the number as written); for
 * integers and booleans, the value. */
const char        *shu_json_node_get_string   (const ShuJsonNode *node);
gint64             shu_json_node_get_int      (const ShuJsonNode *node);
gboolean           shu_json_node_get_boolean  (const ShuJsonNode *node);
/* Arrays: elements; objects: members (in file order). */
guint              shu_json_node_get_length   (const ShuJsonNode *node);
ShuJsonNode       *shu_json_node_get_element  (const ShuJsonNode *node,
                                               guint              index);
/* The member called @name of an object, or NULL. */
ShuJsonNode       *shu_json_node_get_member   (const ShuJsonNode *node,
                                               const char        *name);
/* The node at @path (member keys joined with '.', "" for @node itself)
 * below @node, or NULL when a key is missing or not in an object. */
ShuJsonNode       *shu_json_node_find         (const ShuJsonNode *node,
                                               const char        *path);

/* The member at @index of an object (in file order), its key in @key. */
ShuJsonNode       *shu_json_node_get_member_at (const ShuJsonNode  *node,
                                                guint               index,
                                                const char        **key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuJsonTree, shu_json_tree_free)

G_END_DECLS
