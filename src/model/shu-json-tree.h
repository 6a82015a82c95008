/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ShuJsonTree:
 *
 * A read-only tree of a JSON document that shu_json_scan() has accepted,
 * built in one pass into a few large blocks of memory. It replaces
 * json-glib's JsonParser for reading sidecars and W3C files: json-glib
 * spends most of a large load allocating a hash table, a list and a queue
 * per object (2.7 s for 50k annotations against 0.3 s for the scan), and
 * the scan has already refused everything json-glib would get wrong.
 *
 * Only what the scan accepts is represented: objects without duplicate
 * keys (members in file order), arrays, strings, true/false/null and
 * integers in 0..2^53-1.
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
  SHU_JSON_DEFERRED,   /* see shu_json_tree_new_deferring() */
} ShuJsonType;

/* @data must be what shu_json_scan() accepted; anything else is a
 * programming error (NULL and a critical). */
ShuJsonTree       *shu_json_tree_new          (const char        *data,
                                               gsize              size);
/* Like shu_json_tree_new(), except that the objects and arrays that are
 * elements of the arrays at @array_paths (member keys from the root joined
 * with '.', as in ShuJsonScan) are not built: they are SHU_JSON_DEFERRED
 * nodes that shu_json_node_expand() builds one at a time. A sidecar's 50k
 * annotations then never exist as one tree: its tree was larger than the
 * file and most of the peak memory of a load. @data must stay alive and
 * unchanged as long as deferred nodes are expanded. */
ShuJsonTree       *shu_json_tree_new_deferring (const char        *data,
                                                gsize              size,
                                                const char *const *array_paths);
/* The tree of a deferred value, built in @scratch (NULL: a new tree),
 * whose memory is reused and whose former nodes are gone: 50k small trees
 * built in fresh memory each cost more in page faults than in building. */
ShuJsonTree       *shu_json_node_expand       (const ShuJsonNode *node,
                                               ShuJsonTree       *scratch);
void               shu_json_tree_free         (ShuJsonTree       *tree);
ShuJsonNode       *shu_json_tree_get_root     (ShuJsonTree       *tree);

ShuJsonType        shu_json_node_get_type     (const ShuJsonNode *node);
/* For strings, the text; for integers and booleans, the value. */
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

/* The member at @index of an object (in file order), its key in @key. */
ShuJsonNode       *shu_json_node_get_member_at (const ShuJsonNode  *node,
                                                guint               index,
                                                const char        **key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuJsonTree, shu_json_tree_free)

G_END_DECLS
