/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "shu-annotation-store.h"
#include "shu-block-list.h"
#include "shu-suggestion.h"

/* The index is an AVL tree ordered like the list, (start, end, id) of each
 * annotation's extent. Every node knows the size of its subtree, which turns
 * a list position into a node (and back) in O(log n), and the largest end in
 * its subtree, which lets interval queries skip every subtree that ends
 * before the queried offset. */
typedef struct _Node Node;
struct _Node
{
  Node *left;
  Node *right;
  ShuAnnotation *annotation; /* owned */
  const char *id;            /* borrowed from annotation */
  guint start;
  guint end;
  guint max_end;
  guint size;
  int height;
};

typedef enum
{
  CHANGE_ANNOTATION,
  CHANGE_LABEL,
  CHANGE_RELATION,
  /* A suggestion turned down: forward remembers it, backward forgets it
   * (old_position and new_position are its start and end). */
  CHANGE_REJECTION,
} ChangeKind;

/* One elementary change: old -> new. For annotations NULL old is an add and
 * NULL new a removal; for labels the positions say where the label was and
 * goes, so that moves and removals can be put back exactly. */
typedef struct
{
  ChangeKind kind;
  GObject *old_item;
  GObject *new_item;
  guint old_position;
  guint new_position;
  const char *label_id; /* interned; CHANGE_REJECTION only */
} Change;

typedef struct
{
  char *description;
  GArray *changes; /* of Change */
  gboolean has_label_changes;
  /* Names the state right after this step, for shu_annotation_store_get_state(). */
  guint64 serial;
} Step;

struct _ShuAnnotationStore
{
  GObject parent_instance;

  /* Owned */
  ShuLabelSet *labels;
  Node *root;
  /* The annotations in list order, borrowed from the nodes: a position
   * is a binary search over its blocks, an insert moves one block, and a
   * snapshot is a copy of each block (see Pin). */
  ShuBlockList *flat;
  /* The pin of the snapshots taken since the store last saw none alive. */
  ShuAnnotationStorePin *pin;
  GHashTable *by_id;        /* id (borrowed) -> Node */
  GHashTable *label_counts; /* label id (owned) -> guint (owned) */
  GHashTable *creator_counts; /* creator (owned) -> guint (owned) */
  GHashTable *relations;    /* id (borrowed) -> ShuRelation (owned) */
  /* What names an id: id (owned) -> GPtrArray of ShuRelation (borrowed). */
  GHashTable *relations_of;
  /* Suggestions turned down (ShuSuggestion), sorted: kept here, beside
   * the annotations, so that rejecting is a step of the same history. */
  GArray *rejected;
  GPtrArray *history;       /* of Step */
  Step *open_group;
  char *last_undo_description;
  char *last_redo_description;

  /* The number of steps of @history currently applied. */
  guint position;
  /* The value of @position that matches the saved state, or -1 when that
   * state was cut from the history and cannot be reached again. */
  gint64 saved_position;
  guint group_depth;
  /* Names the state with no step applied (changes at each reset), and the
   * source of step serials: states are never named twice. */
  guint64 base_serial;
  guint64 next_serial;

  gboolean last_can_undo;
  gboolean last_can_redo;
  gboolean last_modified;
};

static void shu_annotation_store_list_model_init (GListModelInterface *iface);

/* Snapshots for other threads (a save, a recovery journal) are copies of
 * the flat list, without a reference to each annotation: at 200k that
 * took 27-35 ms of the main thread. Instead they share a pin with the
 * store: while a snapshot holds it, an annotation the store lets go of is
 * kept in the pin's graveyard rather than unreferenced, so everything a
 * snapshot points to lives until the last snapshot drops the pin. Only
 * the store (main thread) adds to the graveyard, and it holds a reference
 * to the pin itself, so a snapshot's unref in a worker is never the last
 * while the store could still add. */
struct _ShuAnnotationStorePin
{
  gatomicrefcount ref;
  GPtrArray      *graveyard;   /* ShuAnnotation, owned */
};

static ShuAnnotationStorePin *
pin_new (void)
{
  ShuAnnotationStorePin *pin = g_new0 (ShuAnnotationStorePin, 1);

  g_atomic_ref_count_init (&pin->ref);
  pin->graveyard = g_ptr_array_new_with_free_func (g_object_unref);
  return pin;
}

void
shu_annotation_store_pin_unref (ShuAnnotationStorePin *pin)
{
  if (pin != NULL && g_atomic_ref_count_dec (&pin->ref))
    {
      g_ptr_array_unref (pin->graveyard);
      g_free (pin);
    }
}

/* Whether a snapshot still holds the store's pin; drops the pin (and what
 * it kept) when none does. */
static gboolean
pin_in_use (ShuAnnotationStore *self)
{
  if (self->pin == NULL)
    return FALSE;
  if (!g_atomic_ref_count_compare (&self->pin->ref, 1))
    return TRUE;
  g_clear_pointer (&self->pin, shu_annotation_store_pin_unref);
  return FALSE;
}

/* Lets go of the store's reference to @annotation. */
static void
release_annotation (ShuAnnotationStore *self,
                    ShuAnnotation      *annotation)
{
  if (pin_in_use (self))
    g_ptr_array_add (self->pin->graveyard, annotation);
  else
    g_object_unref (annotation);
}

/* Before all nodes are dropped at once: what snapshots point to stays. */
static void
pin_everything (ShuAnnotationStore *self)
{
  g_autoptr(GPtrArray) all = NULL;

  if (!pin_in_use (self))
    return;
  all = shu_block_list_copy (self->flat);
  for (guint i = 0; i < all->len; i++)
    g_ptr_array_add (self->pin->graveyard, g_object_ref (g_ptr_array_index (all, i)));
}

G_DEFINE_FINAL_TYPE_WITH_CODE (ShuAnnotationStore, shu_annotation_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      shu_annotation_store_list_model_init))

enum {
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_UNDO_DESCRIPTION,
  PROP_REDO_DESCRIPTION,
  PROP_MODIFIED,
  PROP_LABELS,
  N_PROPS
};

enum {
  RANGES_CHANGED,
  LABELS_CHANGED,
  RELATIONS_CHANGED,
  REJECTED_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The tree */

static inline guint
node_size (Node *node)
{
  return node != NULL ? node->size : 0;
}

static inline int
node_height (Node *node)
{
  return node != NULL ? node->height : 0;
}

static inline void
node_update (Node *node)
{
  guint max_end = node->end;

  if (node->left != NULL && node->left->max_end > max_end)
    max_end = node->left->max_end;
  if (node->right != NULL && node->right->max_end > max_end)
    max_end = node->right->max_end;

  node->max_end = max_end;
  node->size = 1 + node_size (node->left) + node_size (node->right);
  node->height = 1 + MAX (node_height (node->left), node_height (node->right));
}

static Node *
node_new (ShuAnnotation *annotation)
{
  Node *node = g_new0 (Node, 1);

  node->annotation = g_object_ref (annotation);
  node->id = shu_annotation_get_id (annotation);
  node->start = shu_annotation_get_start (annotation);
  node->end = shu_annotation_get_end (annotation);
  node_update (node);

  return node;
}

static void
node_free_tree (Node *node)
{
  while (node != NULL)
    {
      Node *right = node->right;

      node_free_tree (node->left);
      g_object_unref (node->annotation);
      g_free (node);
      node = right;
    }
}

static inline int
key_compare (guint       start,
             guint       end,
             const char *id,
             Node       *node)
{
  if (start != node->start)
    return start < node->start ? -1 : 1;
  if (end != node->end)
    return end < node->end ? -1 : 1;
  return strcmp (id, node->id);
}

static Node *
rotate_right (Node *node)
{
  Node *pivot = node->left;

  node->left = pivot->right;
  pivot->right = node;
  node_update (node);
  node_update (pivot);

  return pivot;
}

static Node *
rotate_left (Node *node)
{
  Node *pivot = node->right;

  node->right = pivot->left;
  pivot->left = node;
  node_update (node);
  node_update (pivot);

  return pivot;
}

static Node *
node_balance (Node *node)
{
  int balance;

  node_update (node);
  balance = node_height (node->left) - node_height (node->right);

  if (balance > 1)
    {
      if (node_height (node->left->left) < node_height (node->left->right))
        node->left = rotate_left (node->left);
      return rotate_right (node);
    }
  else if (balance < -1)
    {
      if (node_height (node->right->right) < node_height (node->right->left))
        node->right = rotate_right (node->right);
      return rotate_left (node);
    }

  return node;
}

static Node *
node_insert (Node *node,
             Node *new_node)
{
  if (node == NULL)
    return new_node;

  if (key_compare (new_node->start, new_node->end, new_node->id, node) < 0)
    node->left = node_insert (node->left, new_node);
  else
    node->right = node_insert (node->right, new_node);

  return node_balance (node);
}

static Node *
node_remove_min (Node  *node,
                 Node **min)
{
  if (node->left == NULL)
    {
      *min = node;
      return node->right;
    }

  node->left = node_remove_min (node->left, min);
  return node_balance (node);
}

/* Unlinks the node with this key (which must be present) into @removed. */
static Node *
node_remove (Node        *node,
             guint        start,
             guint        end,
             const char  *id,
             Node       **removed)
{
  int cmp;

  g_assert (node != NULL);

  cmp = key_compare (start, end, id, node);
  if (cmp < 0)
    {
      node->left = node_remove (node->left, start, end, id, removed);
    }
  else if (cmp > 0)
    {
      node->right = node_remove (node->right, start, end, id, removed);
    }
  else
    {
      Node *min;
      Node *rest;

      *removed = node;
      if (node->right == NULL)
        return node->left;

      rest = node_remove_min (node->right, &min);
      min->left = node->left;
      min->right = rest;
      node = min;
    }

  return node_balance (node);
}

static guint
tree_rank (Node *node,
           Node *target)
{
  guint rank = 0;

  while (node != NULL)
    {
      int cmp = key_compare (target->start, target->end, target->id, node);

      if (cmp < 0)
        {
          node = node->left;
        }
      else if (cmp > 0)
        {
          rank += node_size (node->left) + 1;
          node = node->right;
        }
      else
        {
          return rank + node_size (node->left);
        }
    }

  g_assert_not_reached ();
}

/* Builds a perfectly balanced tree from nodes already in order. */
static Node *
tree_build (Node  **nodes,
            guint   n_nodes)
{
  guint mid;
  Node *node;

  if (n_nodes == 0)
    return NULL;

  mid = n_nodes / 2;
  node = nodes[mid];
  node->left = tree_build (nodes, mid);
  node->right = tree_build (nodes + mid + 1, n_nodes - mid - 1);
  node_update (node);

  return node;
}

static void
tree_collect_covering (Node      *node,
                       guint      offset,
                       GPtrArray *result)
{
  /* Left subtrees come first so that the result is in list order. */
  while (node != NULL && node->max_end > offset)
    {
      tree_collect_covering (node->left, offset, result);

      /* Everything to the right starts at or after this node. */
      if (node->start > offset)
        return;

      if (node->end > offset && shu_annotation_covers (node->annotation, offset))
        g_ptr_array_add (result, node->annotation);

      node = node->right;
    }
}

static void
tree_collect_overlapping (Node      *node,
                          guint      start,
                          guint      end,
                          GPtrArray *result)
{
  while (node != NULL && node->max_end > start)
    {
      tree_collect_overlapping (node->left, start, end, result);

      if (node->start >= end)
        return;

      if (node->end > start && shu_annotation_overlaps (node->annotation, start, end))
        g_ptr_array_add (result, node->annotation);

      node = node->right;
    }
}

/* Steps */

static void
change_clear (gpointer data)
{
  Change *change = data;

  g_clear_object (&change->old_item);
  g_clear_object (&change->new_item);
}

static Step *
step_new (const char *description)
{
  Step *step = g_new0 (Step, 1);

  step->description = g_strdup (description);
  step->changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_array_set_clear_func (step->changes, change_clear);

  return step;
}

static void
step_free (gpointer data)
{
  Step *step = data;

  g_array_unref (step->changes);
  g_free (step->description);
  g_free (step);
}

/* GListModel */

static GType
shu_annotation_store_get_item_type (GListModel *model)
{
  return SHU_TYPE_ANNOTATION;
}

static guint
shu_annotation_store_get_n_items (GListModel *model)
{
  return shu_block_list_get_length (SHU_ANNOTATION_STORE (model)->flat);
}

static gpointer
shu_annotation_store_get_item (GListModel *model,
                               guint       position)
{
  ShuBlockList *flat = SHU_ANNOTATION_STORE (model)->flat;

  return position < shu_block_list_get_length (flat)
         ? g_object_ref (shu_block_list_get (flat, position)) : NULL;
}

static void
shu_annotation_store_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = shu_annotation_store_get_item_type;
  iface->get_n_items = shu_annotation_store_get_n_items;
  iface->get_item = shu_annotation_store_get_item;
}

/* GObject */

static void
shu_annotation_store_finalize (GObject *object)
{
  ShuAnnotationStore *self = SHU_ANNOTATION_STORE (object);

  g_clear_pointer (&self->open_group, step_free);
  g_clear_pointer (&self->history, g_ptr_array_unref);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->label_counts, g_hash_table_unref);
  g_clear_pointer (&self->creator_counts, g_hash_table_unref);
  g_clear_pointer (&self->relations_of, g_hash_table_unref);
  g_clear_pointer (&self->relations, g_hash_table_unref);
  g_clear_pointer (&self->rejected, g_array_unref);
  pin_everything (self);
  g_clear_pointer (&self->root, node_free_tree);
  g_clear_pointer (&self->flat, shu_block_list_free);
  g_clear_pointer (&self->pin, shu_annotation_store_pin_unref);
  g_clear_pointer (&self->last_undo_description, g_free);
  g_clear_pointer (&self->last_redo_description, g_free);
  g_clear_object (&self->labels);

  G_OBJECT_CLASS (shu_annotation_store_parent_class)->finalize (object);
}

static void
shu_annotation_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ShuAnnotationStore *self = SHU_ANNOTATION_STORE (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, shu_annotation_store_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, shu_annotation_store_can_redo (self));
      break;

    case PROP_UNDO_DESCRIPTION:
      g_value_set_string (value, shu_annotation_store_get_undo_description (self));
      break;

    case PROP_REDO_DESCRIPTION:
      g_value_set_string (value, shu_annotation_store_get_redo_description (self));
      break;

    case PROP_MODIFIED:
      g_value_set_boolean (value, shu_annotation_store_get_modified (self));
      break;

    case PROP_LABELS:
      g_value_set_object (value, self->labels);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_annotation_store_class_init (ShuAnnotationStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_annotation_store_finalize;
  object_class->get_property = shu_annotation_store_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNDO_DESCRIPTION] =
    g_param_spec_string ("undo-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REDO_DESCRIPTION] =
    g_param_spec_string ("redo-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABELS] =
    g_param_spec_object ("labels", NULL, NULL, SHU_TYPE_LABEL_SET,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[RANGES_CHANGED] =
    g_signal_new ("ranges-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);

  signals[LABELS_CHANGED] =
    g_signal_new ("labels-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  signals[RELATIONS_CHANGED] =
    g_signal_new ("relations-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /* The rejected suggestions changed (shu_annotation_store_reject(), its
   * undo and redo, shu_annotation_store_restore_rejected()). */
  signals[REJECTED_CHANGED] =
    g_signal_new ("rejected-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
shu_annotation_store_init (ShuAnnotationStore *self)
{
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->label_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->creator_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->relations = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->relations_of = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_ptr_array_unref);
  self->history = g_ptr_array_new_with_free_func (step_free);
  self->rejected = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  self->flat = shu_block_list_new ();
}

ShuAnnotationStore *
shu_annotation_store_new (ShuLabelSet *labels)
{
  ShuAnnotationStore *self;

  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);

  self = g_object_new (SHU_TYPE_ANNOTATION_STORE, NULL);
  self->labels = labels != NULL ? g_object_ref (labels) : shu_label_set_new ();

  return self;
}

ShuLabelSet *
shu_annotation_store_get_labels (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  return self->labels;
}

/* History state and its notifications */

static void
update_history_state (ShuAnnotationStore *self)
{
  gboolean can_undo = shu_annotation_store_can_undo (self);
  gboolean can_redo = shu_annotation_store_can_redo (self);
  gboolean modified = shu_annotation_store_get_modified (self);
  const char *undo = shu_annotation_store_get_undo_description (self);
  const char *redo = shu_annotation_store_get_redo_description (self);

  g_object_freeze_notify (G_OBJECT (self));

  if (can_undo != self->last_can_undo)
    {
      self->last_can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }

  if (can_redo != self->last_can_redo)
    {
      self->last_can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }

  if (modified != self->last_modified)
    {
      self->last_modified = modified;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }

  /* Kept as copies: the step that owned the last string may be gone. */
  if (g_strcmp0 (undo, self->last_undo_description) != 0)
    {
      g_free (self->last_undo_description);
      self->last_undo_description = g_strdup (undo);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UNDO_DESCRIPTION]);
    }

  if (g_strcmp0 (redo, self->last_redo_description) != 0)
    {
      g_free (self->last_redo_description);
      self->last_redo_description = g_strdup (redo);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REDO_DESCRIPTION]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* Applying changes */

static void
count_key (GHashTable *counts,
           const char *key,
           int         delta)
{
  guint *count;

  if (key == NULL)
    return;

  /* Counted in place, so that loading many annotations with few labels
   * (or creators) does not copy a key per annotation. */
  count = g_hash_table_lookup (counts, key);
  if (count == NULL)
    {
      g_assert (delta > 0);
      count = g_new0 (guint, 1);
      g_hash_table_insert (counts, g_strdup (key), count);
    }

  *count += delta;
  if (*count == 0)
    g_hash_table_remove (counts, key);
}

/* The annotations of each label and of each creator. */
static void
count_annotation (ShuAnnotationStore *self,
                  ShuAnnotation      *annotation,
                  int                 delta)
{
  count_key (self->label_counts, shu_annotation_get_label_id (annotation), delta);
  count_key (self->creator_counts, shu_annotation_get_creator (annotation), delta);
}

static guint
tree_insert_annotation (ShuAnnotationStore *self,
                        ShuAnnotation      *annotation)
{
  Node *node = node_new (annotation);

  guint position;

  self->root = node_insert (self->root, node);
  g_hash_table_insert (self->by_id, (gpointer) node->id, node);
  count_annotation (self, annotation, 1);

  position = tree_rank (self->root, node);
  shu_block_list_insert (self->flat, position, node->annotation);
  return position;
}

/* Unlinks the node and returns its list position before removal; the caller
 * frees the node once nothing borrows from it. */
static Node *
tree_remove_annotation (ShuAnnotationStore *self,
                        Node               *node,
                        guint              *position)
{
  Node *removed = NULL;

  *position = tree_rank (self->root, node);
  shu_block_list_remove (self->flat, *position);
  g_hash_table_remove (self->by_id, node->id);
  self->root = node_remove (self->root, node->start, node->end, node->id, &removed);
  g_assert (removed == node);
  count_annotation (self, node->annotation, -1);

  return node;
}

static void
node_free (ShuAnnotationStore *self,
           Node               *node)
{
  release_annotation (self, node->annotation);
  g_free (node);
}

/* Puts @new_annotation in place of @old_annotation (either may be NULL) and
 * tells the views exactly which positions and offsets changed. */
static void
apply_annotation (ShuAnnotationStore *self,
                  ShuAnnotation      *old_annotation,
                  ShuAnnotation      *new_annotation)
{
  guint start = G_MAXUINT;
  guint end = 0;

  if (old_annotation != NULL)
    {
      start = MIN (start, shu_annotation_get_start (old_annotation));
      end = MAX (end, shu_annotation_get_end (old_annotation));
    }
  if (new_annotation != NULL)
    {
      start = MIN (start, shu_annotation_get_start (new_annotation));
      end = MAX (end, shu_annotation_get_end (new_annotation));
    }

  if (old_annotation != NULL && new_annotation != NULL)
    {
      Node *node = g_hash_table_lookup (self->by_id, shu_annotation_get_id (old_annotation));

      g_assert (node != NULL && node->annotation == old_annotation);

      if (node->start == shu_annotation_get_start (new_annotation) &&
          node->end == shu_annotation_get_end (new_annotation))
        {
          /* Same key, same place in the tree: swap the object in the node.
           * The hash table borrows the id from the annotation, so its key
           * has to follow. */
          guint position = tree_rank (self->root, node);

          count_annotation (self, old_annotation, -1);
          node->annotation = g_object_ref (new_annotation);
          node->id = shu_annotation_get_id (new_annotation);
          shu_block_list_set (self->flat, position, new_annotation);
          g_hash_table_replace (self->by_id, (gpointer) node->id, node);
          count_annotation (self, new_annotation, 1);
          release_annotation (self, old_annotation);

          g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
        }
      else
        {
          guint old_position;
          guint new_position;

          tree_remove_annotation (self, node, &old_position);
          g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
          node_free (self, node);

          new_position = tree_insert_annotation (self, new_annotation);
          g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
        }
    }
  else if (old_annotation != NULL)
    {
      Node *node = g_hash_table_lookup (self->by_id, shu_annotation_get_id (old_annotation));
      guint position;

      g_assert (node != NULL && node->annotation == old_annotation);

      /* Keep the object alive through the signal for handlers that look. */
      g_object_ref (old_annotation);
      tree_remove_annotation (self, node, &position);
      node_free (self, node);
      g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
      g_object_unref (old_annotation);
    }
  else if (new_annotation != NULL)
    {
      guint position = tree_insert_annotation (self, new_annotation);

      g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
    }

  if (start < end)
    g_signal_emit (self, signals[RANGES_CHANGED], 0, start, end);
}

static void
apply_label (ShuAnnotationStore *self,
             ShuLabel           *old_label,
             ShuLabel           *new_label,
             guint               old_position,
             guint               new_position)
{
  gboolean done;

  if (old_label != NULL && new_label != NULL)
    {
      done = shu_label_set_replace (self->labels, new_label);
      if (done && old_position != new_position)
        done = shu_label_set_move (self->labels, shu_label_get_id (new_label), new_position);
    }
  else if (old_label != NULL)
    {
      done = shu_label_set_remove (self->labels, shu_label_get_id (old_label));
    }
  else
    {
      done = shu_label_set_insert (self->labels, new_position, new_label);
    }

  /* Only possible if someone changed the label set behind the store's back,
   * which its documentation rules out; the history cannot repair that. */
  if (!done)
    g_debug ("The label set no longer matches the undo history");
}

/* The ids a relation names, each once. */
static GPtrArray *
relation_ends (ShuRelation *relation)
{
  GPtrArray *ends = g_ptr_array_new ();
  const char *trigger = shu_relation_get_trigger (relation);

  if (trigger != NULL)
    g_ptr_array_add (ends, (gpointer) trigger);
  for (guint i = 0; i < shu_relation_get_n_arguments (relation); i++)
    {
      const char *target = shu_relation_get_target (relation, i);

      if (!g_ptr_array_find_with_equal_func (ends, target, g_str_equal, NULL))
        g_ptr_array_add (ends, (gpointer) target);
    }
  return ends;
}

static void
index_relation (ShuAnnotationStore *self,
                ShuRelation        *relation,
                gboolean            add)
{
  g_autoptr(GPtrArray) ends = relation_ends (relation);

  for (guint i = 0; i < ends->len; i++)
    {
      const char *end = g_ptr_array_index (ends, i);
      GPtrArray *list = g_hash_table_lookup (self->relations_of, end);

      if (add)
        {
          if (list == NULL)
            {
              list = g_ptr_array_new ();
              g_hash_table_insert (self->relations_of, g_strdup (end), list);
            }
          g_ptr_array_add (list, relation);
        }
      else if (list != NULL)
        {
          g_ptr_array_remove (list, relation);
          if (list->len == 0)
            g_hash_table_remove (self->relations_of, end);
        }
    }
}

static void
insert_relation (ShuAnnotationStore *self,
                 ShuRelation        *relation)
{
  g_hash_table_insert (self->relations, (gpointer) shu_relation_get_id (relation),
                       g_object_ref (relation));
  index_relation (self, relation, TRUE);
}

static void
apply_relation (ShuAnnotationStore *self,
                ShuRelation        *old_relation,
                ShuRelation        *new_relation)
{
  g_autofree char *id = g_strdup (shu_relation_get_id (old_relation != NULL ? old_relation
                                                                            : new_relation));

  if (old_relation != NULL)
    {
      g_assert (g_hash_table_lookup (self->relations, id) == old_relation);
      index_relation (self, old_relation, FALSE);
      g_hash_table_remove (self->relations, id);
    }
  if (new_relation != NULL)
    insert_relation (self, new_relation);

  g_signal_emit (self, signals[RELATIONS_CHANGED], 0, id);
}

/* Where @key is in the sorted rejections, or where it would go. */
static gboolean
find_rejection (ShuAnnotationStore  *self,
                const ShuSuggestion *key,
                guint               *position)
{
  guint lo = 0, hi = self->rejected->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      int order = shu_suggestion_compare (&g_array_index (self->rejected, ShuSuggestion, mid),
                                          key);

      if (order == 0)
        {
          *position = mid;
          return TRUE;
        }
      if (order < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *position = lo;
  return FALSE;
}

static void
apply_rejection (ShuAnnotationStore *self,
                 const Change       *change,
                 gboolean            forward)
{
  ShuSuggestion key = { change->old_position, change->new_position, change->label_id };
  guint position;
  gboolean found = find_rejection (self, &key, &position);

  if (forward && !found)
    g_array_insert_val (self->rejected, position, key);
  else if (!forward && found)
    g_array_remove_index (self->rejected, position);
  g_signal_emit (self, signals[REJECTED_CHANGED], 0);
}

static void
apply_change (ShuAnnotationStore *self,
              const Change       *change,
              gboolean            forward)
{
  if (change->kind == CHANGE_REJECTION)
    {
      apply_rejection (self, change, forward);
      return;
    }

  GObject *from = forward ? change->old_item : change->new_item;
  GObject *to = forward ? change->new_item : change->old_item;

  if (change->kind == CHANGE_ANNOTATION)
    apply_annotation (self, (ShuAnnotation *) from, (ShuAnnotation *) to);
  else if (change->kind == CHANGE_RELATION)
    apply_relation (self, (ShuRelation *) from, (ShuRelation *) to);
  else
    apply_label (self, (ShuLabel *) from, (ShuLabel *) to,
                 forward ? change->old_position : change->new_position,
                 forward ? change->new_position : change->old_position);
}

static void
push_step (ShuAnnotationStore *self,
           Step               *step)
{
  /* A new change forks history: the steps that could be redone are gone,
   * and with them perhaps the saved state. */
  if (self->history->len > self->position)
    {
      if (self->saved_position > (gint64) self->position)
        self->saved_position = -1;
      g_ptr_array_set_size (self->history, self->position);
    }

  step->serial = ++self->next_serial;
  g_ptr_array_add (self->history, step);
  self->position = self->history->len;
}

/* Applies one change and records it, in the open group or as its own step. */
static void
record_change (ShuAnnotationStore *self,
               const char         *description,
               ChangeKind          kind,
               gpointer            old_item,
               gpointer            new_item,
               guint               old_position,
               guint               new_position)
{
  Change change = { kind, NULL, NULL, old_position, new_position };
  Step *step;

  change.old_item = old_item != NULL ? g_object_ref (old_item) : NULL;
  change.new_item = new_item != NULL ? g_object_ref (new_item) : NULL;

  step = self->open_group != NULL ? self->open_group : step_new (description);
  g_array_append_val (step->changes, change);
  if (kind == CHANGE_LABEL)
    step->has_label_changes = TRUE;

  apply_change (self, &change, TRUE);

  if (self->open_group == NULL)
    {
      push_step (self, step);
      if (kind == CHANGE_LABEL)
        g_signal_emit (self, signals[LABELS_CHANGED], 0);
      update_history_state (self);
    }
}

/* Rejected suggestions */

GArray *
shu_annotation_store_get_rejected (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  return self->rejected;
}

gboolean
shu_annotation_store_reject (ShuAnnotationStore *self,
                             guint               start,
                             guint               end,
                             const char         *label_id,
                             const char         *description)
{
  ShuSuggestion key = { start, end, NULL };
  Change change = { CHANGE_REJECTION, NULL, NULL, start, end, NULL };
  Step *step;
  guint position;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (start < end, FALSE);
  g_return_val_if_fail (label_id != NULL, FALSE);

  key.label_id = shu_suggestion_intern_label (label_id);
  if (find_rejection (self, &key, &position))
    return FALSE;

  change.label_id = key.label_id;
  /* As record_change() does: in the open group or as a step of its own. */
  step = self->open_group != NULL ? self->open_group
                                  : step_new (description != NULL ? description
                                                                  : _("Reject Suggestion"));
  g_array_append_val (step->changes, change);
  apply_rejection (self, &change, TRUE);
  if (self->open_group == NULL)
    {
      push_step (self, step);
      update_history_state (self);
    }
  return TRUE;
}

static int
compare_rejections (gconstpointer a,
                    gconstpointer b)
{
  return shu_suggestion_compare (a, b);
}

void
shu_annotation_store_restore_rejected (ShuAnnotationStore  *self,
                                       const ShuSuggestion *rejections,
                                       guint                n_rejections)
{
  guint before, kept = 0;

  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));
  g_return_if_fail (n_rejections == 0 || rejections != NULL);

  before = self->rejected->len;
  for (guint i = 0; i < n_rejections; i++)
    {
      ShuSuggestion key = rejections[i];

      /* What a reader passes has been checked: none is empty or unlabelled. */
      g_warn_if_fail (key.start < key.end && key.label_id != NULL);
      if (key.start >= key.end || key.label_id == NULL)
        continue;
      key.label_id = shu_suggestion_intern_label (key.label_id);
      g_array_append_val (self->rejected, key);
    }
  if (self->rejected->len == before)
    return;
  g_array_sort (self->rejected, compare_rejections);
  for (guint i = 0; i < self->rejected->len; i++)
    {
      const ShuSuggestion *r = &g_array_index (self->rejected, ShuSuggestion, i);

      if (kept == 0
          || shu_suggestion_compare (&g_array_index (self->rejected, ShuSuggestion, kept - 1),
                                     r) != 0)
        g_array_index (self->rejected, ShuSuggestion, kept++) = *r;
    }
  g_array_set_size (self->rejected, kept);
  g_signal_emit (self, signals[REJECTED_CHANGED], 0);
}

/* Lookups */

ShuAnnotation *
shu_annotation_store_lookup (ShuAnnotationStore *self,
                             const char         *id)
{
  Node *node;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  if (id == NULL)
    return NULL;

  node = g_hash_table_lookup (self->by_id, id);
  return node != NULL ? node->annotation : NULL;
}

int
shu_annotation_store_get_position (ShuAnnotationStore *self,
                                   const char         *id)
{
  Node *node;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), -1);

  if (id == NULL)
    return -1;

  node = g_hash_table_lookup (self->by_id, id);
  return node != NULL ? (int) tree_rank (self->root, node) : -1;
}

static int
compare_nodes (const void *a,
               const void *b)
{
  const Node *na = *(Node * const *) a;
  const Node *nb = *(Node * const *) b;

  return key_compare (na->start, na->end, na->id, (Node *) nb);
}

void
shu_annotation_store_reset (ShuAnnotationStore *self,
                            GPtrArray          *annotations,
                            ShuLabelSet        *labels)
{
  shu_annotation_store_reset_full (self, annotations, NULL, labels);
}

void
shu_annotation_store_reset_full (ShuAnnotationStore *self,
                                 GPtrArray          *annotations,
                                 GPtrArray          *relations,
                                 ShuLabelSet        *labels)
{
  gboolean had_relations;
  g_autofree Node **nodes = NULL;
  guint n_input = annotations != NULL ? annotations->len : 0;
  guint old_n_items;
  guint old_max_end;
  guint new_max_end;
  gboolean sorted = TRUE;
  guint n = 0;

  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));
  g_return_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels));
  g_return_if_fail (self->group_depth == 0);

  old_n_items = node_size (self->root);
  old_max_end = self->root != NULL ? self->root->max_end : 0;

  g_hash_table_remove_all (self->by_id);
  g_hash_table_remove_all (self->label_counts);
  g_hash_table_remove_all (self->creator_counts);
  had_relations = g_hash_table_size (self->relations) > 0;
  g_hash_table_remove_all (self->relations_of);
  g_hash_table_remove_all (self->relations);
  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);

      if (g_hash_table_contains (self->relations, shu_relation_get_id (relation)))
        {
          g_warning ("Duplicate relation id %s ignored", shu_relation_get_id (relation));
          continue;
        }
      insert_relation (self, relation);
    }
  pin_everything (self);
  g_clear_pointer (&self->root, node_free_tree);
  shu_block_list_set_items (self->flat, NULL, 0);

  /* Sorting the nodes, which carry their keys, touches far less memory
   * than sorting the annotations; input read from a sidecar is usually in
   * order already, and then the whole load is linear. */
  nodes = g_new (Node *, n_input + 1);
  for (guint i = 0; i < n_input; i++)
    {
      nodes[i] = node_new (g_ptr_array_index (annotations, i));
      if (sorted && i > 0 && compare_nodes (&nodes[i - 1], &nodes[i]) > 0)
        sorted = FALSE;
    }
  if (!sorted)
    qsort (nodes, n_input, sizeof (Node *), compare_nodes);

  for (guint i = 0; i < n_input; i++)
    {
      Node *node = nodes[i];

      /* The list's contract is unique ids: a duplicate (which a reader
       * should have refused) is dropped rather than corrupting the index. */
      if (g_hash_table_contains (self->by_id, node->id))
        {
          g_warning ("Duplicate annotation id %s ignored", node->id);
          node_free (self, node);
          continue;
        }

      g_hash_table_insert (self->by_id, (gpointer) node->id, node);
      count_annotation (self, node->annotation, 1);
      nodes[n++] = node;
    }
  self->root = tree_build (nodes, n);
  {
    g_autofree gpointer *items = g_new (gpointer, n + 1);

    for (guint i = 0; i < n; i++)
      items[i] = nodes[i]->annotation;
    shu_block_list_set_items (self->flat, items, n);
  }
  new_max_end = self->root != NULL ? self->root->max_end : 0;

  g_ptr_array_set_size (self->history, 0);
  self->position = 0;
  self->saved_position = 0;
  self->base_serial = ++self->next_serial;

  if (labels != NULL && labels != self->labels)
    {
      g_set_object (&self->labels, labels);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LABELS]);
    }

  if (old_n_items > 0 || n > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n_items, n);
  if (MAX (old_max_end, new_max_end) > 0)
    g_signal_emit (self, signals[RANGES_CHANGED], 0, 0, MAX (old_max_end, new_max_end));
  if (labels != NULL)
    g_signal_emit (self, signals[LABELS_CHANGED], 0);
  if (had_relations || g_hash_table_size (self->relations) > 0)
    g_signal_emit (self, signals[RELATIONS_CHANGED], 0, NULL);

  update_history_state (self);
}

/* Annotation changes */

gboolean
shu_annotation_store_add (ShuAnnotationStore *self,
                          ShuAnnotation      *annotation,
                          const char         *description)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (SHU_IS_ANNOTATION (annotation), FALSE);

  if (g_hash_table_contains (self->by_id, shu_annotation_get_id (annotation)))
    return FALSE;

  record_change (self, description != NULL ? description : _("Add Annotation"),
                 CHANGE_ANNOTATION, NULL, annotation, 0, 0);

  return TRUE;
}

/* Inside a group: removes the relations that name @id (and, in turn,
 * those that name them); an event of which @id is an argument and not the
 * trigger, or an equivalence set that keeps two members or more, only
 * loses this one. */
static void
detach_relations (ShuAnnotationStore *self,
                  const char         *id)
{
  g_autoptr(GDateTime) now = shu_now_utc_seconds ();
  GPtrArray *list;

  while ((list = g_hash_table_lookup (self->relations_of, id)) != NULL)
    {
      g_autoptr(ShuRelation) relation = g_object_ref (g_ptr_array_index (list, 0));
      const char *relation_id = shu_relation_get_id (relation);

      /* An event keeps its trigger and the other arguments (as brat
       * does); a set keeps its other members while it has two. */
      if ((shu_relation_get_kind (relation) == SHU_RELATION_EQUIVALENCE
           && shu_relation_get_n_arguments (relation) > 2)
          || (shu_relation_get_kind (relation) == SHU_RELATION_EVENT
              && g_strcmp0 (shu_relation_get_trigger (relation), id) != 0))
        {
          g_autoptr(ShuRelation) smaller = shu_relation_without (relation, id, now);

          record_change (self, NULL, CHANGE_RELATION, relation, smaller, 0, 0);
          continue;
        }
      if (g_hash_table_contains (self->relations_of, relation_id))
        detach_relations (self, relation_id);
      record_change (self, NULL, CHANGE_RELATION, relation, NULL, 0, 0);
    }
}

gboolean
shu_annotation_store_add_relation (ShuAnnotationStore *self,
                                   ShuRelation        *relation,
                                   const char         *description)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (SHU_IS_RELATION (relation), FALSE);

  if (g_hash_table_contains (self->relations, shu_relation_get_id (relation)))
    return FALSE;

  record_change (self, description != NULL ? description : _("Add Relation"),
                 CHANGE_RELATION, NULL, relation, 0, 0);
  return TRUE;
}

gboolean
shu_annotation_store_remove_relation (ShuAnnotationStore *self,
                                      const char         *id,
                                      const char         *description)
{
  ShuRelation *old;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  old = g_hash_table_lookup (self->relations, id);
  if (old == NULL)
    return FALSE;

  shu_annotation_store_begin_group (self, description != NULL ? description
                                                              : _("Remove Relation"));
  detach_relations (self, id);
  record_change (self, NULL, CHANGE_RELATION, old, NULL, 0, 0);
  shu_annotation_store_end_group (self);
  return TRUE;
}

gboolean
shu_annotation_store_replace_relation (ShuAnnotationStore *self,
                                       ShuRelation        *relation,
                                       const char         *description)
{
  ShuRelation *old;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (SHU_IS_RELATION (relation), FALSE);

  old = g_hash_table_lookup (self->relations, shu_relation_get_id (relation));
  if (old == NULL)
    return FALSE;
  if (old == relation)
    return TRUE;

  record_change (self, description != NULL ? description : _("Edit Relation"),
                 CHANGE_RELATION, old, relation, 0, 0);
  return TRUE;
}

ShuRelation *
shu_annotation_store_lookup_relation (ShuAnnotationStore *self,
                                      const char         *id)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  return id != NULL ? g_hash_table_lookup (self->relations, id) : NULL;
}

guint
shu_annotation_store_get_n_relations (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), 0);

  return g_hash_table_size (self->relations);
}

static int
compare_relations (gconstpointer a,
                   gconstpointer b)
{
  return shu_relation_compare (*(ShuRelation **) a, *(ShuRelation **) b);
}

GPtrArray *
shu_annotation_store_dup_relations (ShuAnnotationStore *self)
{
  GPtrArray *result;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  result = g_ptr_array_new_full (g_hash_table_size (self->relations), g_object_unref);
  g_hash_table_iter_init (&iter, self->relations);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (result, g_object_ref (value));
  g_ptr_array_sort (result, compare_relations);
  return result;
}

gboolean
shu_annotation_store_get_link_roles (ShuAnnotationStore *self,
                                     const char         *type,
                                     const char        **from_role,
                                     const char        **to_role)
{
  g_autoptr(GPtrArray) relations = NULL;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (type != NULL, FALSE);

  relations = shu_annotation_store_dup_relations (self);
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);

      if (shu_relation_get_kind (relation) != SHU_RELATION_LINK
          || shu_relation_get_n_arguments (relation) != 2
          || g_strcmp0 (shu_relation_get_type_name (relation), type) != 0)
        continue;
      /* A link without roles gives none: the caller's defaults stay. */
      if (shu_relation_get_role (relation, 0) == NULL
          || shu_relation_get_role (relation, 1) == NULL)
        return FALSE;
      *from_role = shu_relation_get_role (relation, 0);
      *to_role = shu_relation_get_role (relation, 1);
      return TRUE;
    }
  /* No such link yet: the roles a label declares the type with. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (self->labels), i);
      ShuRelationDecl *decl = shu_label_lookup_relation_decl (label, type);
      GPtrArray *roles = decl != NULL ? shu_relation_decl_get_roles (decl) : NULL;

      if (roles == NULL || roles->len != 2)
        continue;
      *from_role = shu_role_decl_get_role (g_ptr_array_index (roles, 0));
      *to_role = shu_role_decl_get_role (g_ptr_array_index (roles, 1));
      return TRUE;
    }
  return FALSE;
}

GPtrArray *
shu_annotation_store_get_relations_of (ShuAnnotationStore *self,
                                       const char         *id)
{
  GPtrArray *list;
  GPtrArray *result;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  list = g_hash_table_lookup (self->relations_of, id);
  result = g_ptr_array_new ();
  for (guint i = 0; list != NULL && i < list->len; i++)
    g_ptr_array_add (result, g_ptr_array_index (list, i));
  g_ptr_array_sort (result, compare_relations);
  return result;
}

gboolean
shu_annotation_store_remove (ShuAnnotationStore *self,
                             const char         *id,
                             const char         *description)
{
  ShuAnnotation *old;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  old = shu_annotation_store_lookup (self, id);
  if (old == NULL)
    return FALSE;

  if (!g_hash_table_contains (self->relations_of, id))
    {
      record_change (self, description != NULL ? description : _("Remove Annotation"),
                     CHANGE_ANNOTATION, old, NULL, 0, 0);
      return TRUE;
    }

  /* The relations that name it go with it, in the same step: undo brings
   * the annotation back first (steps run backwards), then them. */
  shu_annotation_store_begin_group (self, description != NULL ? description
                                                              : _("Remove Annotation"));
  detach_relations (self, id);
  record_change (self, NULL, CHANGE_ANNOTATION, old, NULL, 0, 0);
  shu_annotation_store_end_group (self);

  return TRUE;
}

gboolean
shu_annotation_store_replace (ShuAnnotationStore *self,
                              ShuAnnotation      *annotation,
                              const char         *description)
{
  ShuAnnotation *old;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (SHU_IS_ANNOTATION (annotation), FALSE);

  old = shu_annotation_store_lookup (self, shu_annotation_get_id (annotation));
  if (old == NULL)
    return FALSE;

  /* Replacing with the same object would be an undo step that does nothing. */
  if (old == annotation)
    return TRUE;

  record_change (self, description != NULL ? description : _("Edit Annotation"),
                 CHANGE_ANNOTATION, old, annotation, 0, 0);

  return TRUE;
}

/* Label changes */

gboolean
shu_annotation_store_add_label (ShuAnnotationStore *self,
                                ShuLabel           *label,
                                int                 position)
{
  guint n_labels;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (SHU_IS_LABEL (label), FALSE);

  if (shu_label_set_lookup (self->labels, shu_label_get_id (label)) != NULL ||
      shu_label_set_lookup_name (self->labels, shu_label_get_name (label)) != NULL)
    return FALSE;

  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  if (position < 0 || (guint) position > n_labels)
    position = n_labels;

  record_change (self, _("Add Label"), CHANGE_LABEL, NULL, label, 0, position);

  return TRUE;
}

gboolean
shu_annotation_store_replace_label (ShuAnnotationStore *self,
                                    ShuLabel           *label)
{
  ShuLabel *old;
  ShuLabel *named;
  int position;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (SHU_IS_LABEL (label), FALSE);

  old = shu_label_set_lookup (self->labels, shu_label_get_id (label));
  if (old == NULL)
    return FALSE;

  named = shu_label_set_lookup_name (self->labels, shu_label_get_name (label));
  if (named != NULL && named != old)
    return FALSE;

  if (old == label)
    return TRUE;

  position = shu_label_set_index_of (self->labels, shu_label_get_id (label));
  record_change (self, _("Edit Label"), CHANGE_LABEL, old, label, position, position);

  return TRUE;
}

gboolean
shu_annotation_store_remove_label (ShuAnnotationStore *self,
                                   const char         *label_id)
{
  g_autoptr(GPtrArray) carriers = NULL;
  g_autoptr(GDateTime) now = NULL;
  ShuLabel *label;
  int position;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (label_id != NULL, FALSE);

  label = shu_label_set_lookup (self->labels, label_id);
  if (label == NULL)
    return FALSE;

  position = shu_label_set_index_of (self->labels, label_id);

  /* Collect first: replacing while walking the tree would reshape it. */
  carriers = g_ptr_array_new_with_free_func (g_object_unref);
  if (shu_annotation_store_count_label (self, label_id) > 0)
    {
      g_autoptr(GPtrArray) all = shu_annotation_store_dup_annotations (self);

      for (guint i = 0; i < all->len; i++)
        {
          ShuAnnotation *annotation = g_ptr_array_index (all, i);

          if (g_strcmp0 (shu_annotation_get_label_id (annotation), label_id) == 0)
            g_ptr_array_add (carriers, g_object_ref (annotation));
        }
    }

  now = shu_now_utc_seconds ();
  g_object_ref (label);

  shu_annotation_store_begin_group (self, _("Remove Label"));
  /* Annotations first, so that at no point one names a missing label (and
   * undo, which runs backwards, brings the label back before them). */
  for (guint i = 0; i < carriers->len; i++)
    {
      ShuAnnotation *old = g_ptr_array_index (carriers, i);
      g_autoptr(ShuAnnotation) unlabelled = shu_annotation_with_label (old, NULL, now);

      record_change (self, NULL, CHANGE_ANNOTATION, old, unlabelled, 0, 0);
    }
  record_change (self, NULL, CHANGE_LABEL, label, NULL, position, 0);
  shu_annotation_store_end_group (self);

  g_object_unref (label);

  return TRUE;
}

gboolean
shu_annotation_store_move_label (ShuAnnotationStore *self,
                                 const char         *label_id,
                                 guint               position)
{
  ShuLabel *label;
  guint n_labels;
  int old_position;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (label_id != NULL, FALSE);

  label = shu_label_set_lookup (self->labels, label_id);
  if (label == NULL)
    return FALSE;

  n_labels = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  position = MIN (position, n_labels - 1);
  old_position = shu_label_set_index_of (self->labels, label_id);
  if ((guint) old_position == position)
    return TRUE;

  record_change (self, _("Move Label"), CHANGE_LABEL, label, label, old_position, position);

  return TRUE;
}

/* How many annotations count_key() counted under @key. */
static guint
get_count (GHashTable *counts,
           const char *key)
{
  guint *count = key != NULL ? g_hash_table_lookup (counts, key) : NULL;

  return count != NULL ? *count : 0;
}

guint
shu_annotation_store_count_label (ShuAnnotationStore *self,
                                  const char         *label_id)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), 0);

  return get_count (self->label_counts, label_id);
}

guint
shu_annotation_store_count_creator (ShuAnnotationStore *self,
                                    const char         *creator)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), 0);

  return get_count (self->creator_counts, creator);
}

/* Groups */

void
shu_annotation_store_begin_group (ShuAnnotationStore *self,
                                  const char         *description)
{
  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));

  if (self->group_depth++ == 0)
    self->open_group = step_new (description != NULL ? description : _("Changes"));
}

void
shu_annotation_store_end_group (ShuAnnotationStore *self)
{
  Step *step;

  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;

  step = g_steal_pointer (&self->open_group);
  if (step->changes->len == 0)
    {
      step_free (step);
      return;
    }

  push_step (self, step);
  if (step->has_label_changes)
    g_signal_emit (self, signals[LABELS_CHANGED], 0);
  update_history_state (self);
}

/* Undo and redo */

gboolean
shu_annotation_store_can_undo (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);

  return self->position > 0;
}

gboolean
shu_annotation_store_can_redo (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);

  return self->position < self->history->len;
}

const char *
shu_annotation_store_get_undo_description (ShuAnnotationStore *self)
{
  Step *step;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  if (self->position == 0)
    return NULL;

  step = g_ptr_array_index (self->history, self->position - 1);
  return step->description;
}

const char *
shu_annotation_store_get_redo_description (ShuAnnotationStore *self)
{
  Step *step;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  if (self->position >= self->history->len)
    return NULL;

  step = g_ptr_array_index (self->history, self->position);
  return step->description;
}

gboolean
shu_annotation_store_undo (ShuAnnotationStore *self)
{
  Step *step;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);

  if (self->position == 0)
    return FALSE;

  step = g_ptr_array_index (self->history, self->position - 1);
  for (guint i = step->changes->len; i > 0; i--)
    apply_change (self, &g_array_index (step->changes, Change, i - 1), FALSE);
  self->position--;

  if (step->has_label_changes)
    g_signal_emit (self, signals[LABELS_CHANGED], 0);
  update_history_state (self);

  return TRUE;
}

gboolean
shu_annotation_store_redo (ShuAnnotationStore *self)
{
  Step *step;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);

  if (self->position >= self->history->len)
    return FALSE;

  step = g_ptr_array_index (self->history, self->position);
  for (guint i = 0; i < step->changes->len; i++)
    apply_change (self, &g_array_index (step->changes, Change, i), TRUE);
  self->position++;

  if (step->has_label_changes)
    g_signal_emit (self, signals[LABELS_CHANGED], 0);
  update_history_state (self);

  return TRUE;
}

gboolean
shu_annotation_store_get_modified (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), FALSE);

  return self->saved_position != (gint64) self->position;
}

void
shu_annotation_store_mark_saved (ShuAnnotationStore *self)
{
  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));

  self->saved_position = self->position;
  update_history_state (self);
}

void
shu_annotation_store_mark_unsaved (ShuAnnotationStore *self)
{
  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));

  /* No state in the history is the saved one any more. */
  self->saved_position = -1;
  update_history_state (self);
}

guint64
shu_annotation_store_get_state (ShuAnnotationStore *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), 0);

  if (self->position == 0)
    return self->base_serial;
  return ((Step *) g_ptr_array_index (self->history, self->position - 1))->serial;
}

void
shu_annotation_store_mark_state_saved (ShuAnnotationStore *self,
                                       guint64             state)
{
  g_return_if_fail (SHU_IS_ANNOTATION_STORE (self));

  /* The state may be behind (later edits), ahead (undone since) or gone
   * (cut by a change after an undo, or by a reset): only a state still in
   * the history can become the saved one. */
  if (state == self->base_serial)
    self->saved_position = 0;
  else
    {
      self->saved_position = -1;
      for (guint i = 0; i < self->history->len; i++)
        if (((Step *) g_ptr_array_index (self->history, i))->serial == state)
          {
            self->saved_position = i + 1;
            break;
          }
    }
  update_history_state (self);
}

/* Queries */

GPtrArray *
shu_annotation_store_get_covering (ShuAnnotationStore *self,
                                   guint               offset)
{
  GPtrArray *result;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  result = g_ptr_array_new ();
  tree_collect_covering (self->root, offset, result);

  return result;
}

ShuAnnotation *
shu_annotation_store_dup_adjacent (ShuAnnotationStore *self,
                                   const char         *from,
                                   guint               caret,
                                   gboolean            forward)
{
  ShuAnnotation *found;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  if (from != NULL)
    {
      int position = shu_annotation_store_get_position (self, from);
      int wanted = forward ? position + 1 : position - 1;

      if (position >= 0 && wanted >= 0)
        return g_list_model_get_item (G_LIST_MODEL (self), wanted);
      return NULL;
    }
  /* Backwards, the one the caret is in counts too. */
  found = shu_annotation_store_find_next (self, caret + (forward ? 0 : 1), forward);
  return found != NULL ? g_object_ref (found) : NULL;
}

ShuAnnotation *
shu_annotation_store_find_next (ShuAnnotationStore *self,
                                guint               offset,
                                gboolean            forward)
{
  Node *best = NULL;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  /* The tree is ordered by start first: go down towards @offset, keeping
   * the closest node on the wanted side. */
  for (Node *node = self->root; node != NULL;)
    {
      if (forward ? node->start > offset : node->start < offset)
        {
          best = node;
          node = forward ? node->left : node->right;
        }
      else
        node = forward ? node->right : node->left;
    }
  return best != NULL ? best->annotation : NULL;
}

GPtrArray *
shu_annotation_store_get_overlapping (ShuAnnotationStore *self,
                                      guint               start,
                                      guint               end)
{
  GPtrArray *result;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  result = g_ptr_array_new ();
  if (start < end)
    tree_collect_overlapping (self->root, start, end, result);

  return result;
}

GPtrArray *
shu_annotation_store_dup_annotations (ShuAnnotationStore *self)
{
  GPtrArray *result;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);

  result = shu_block_list_copy (self->flat);
  g_ptr_array_set_free_func (result, g_object_unref);
  for (guint i = 0; i < result->len; i++)
    g_object_ref (g_ptr_array_index (result, i));

  return result;
}

ShuBlockList *
shu_annotation_store_share_annotations_pinned (ShuAnnotationStore     *self,
                                               ShuAnnotationStorePin **pin)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (self), NULL);
  g_return_val_if_fail (pin != NULL, NULL);

  if (self->pin == NULL)
    self->pin = pin_new ();
  g_atomic_ref_count_inc (&self->pin->ref);
  *pin = self->pin;

  /* The pointers only: the pin keeps them alive. */
  return shu_block_list_share (self->flat);
}
