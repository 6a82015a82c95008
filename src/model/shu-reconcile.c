/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-reconcile.h"

/* Adds @other's labels that @target lacks (by id), at the end, unless their
 * name is taken. */
static gboolean
add_missing_labels (ShuAnnotationStore *store,
                    ShuLabelSet        *other_labels)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (other_labels));
  gboolean changed = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (other_labels), i);

      if (shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                shu_label_get_id (label)) == NULL)
        changed |= shu_annotation_store_add_label (store, label, -1);
    }
  return changed;
}

/* After the annotations, so that every relation's ends are there. */
static gboolean
reconcile_relations (ShuAnnotationStore *store,
                     ShuAnnotationStore *other_store)
{
  g_autoptr(GPtrArray) mine = shu_annotation_store_dup_relations (store);
  g_autoptr(GPtrArray) theirs = shu_annotation_store_dup_relations (other_store);
  gboolean changed = FALSE;

  for (guint i = 0; i < mine->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (mine, i);
      const char *id = shu_relation_get_id (relation);
      ShuRelation *want = shu_annotation_store_lookup_relation (other_store, id);

      /* Removing one may have taken others that named it. */
      if (shu_annotation_store_lookup_relation (store, id) == NULL)
        continue;
      if (want == NULL)
        changed |= shu_annotation_store_remove_relation (store, id, NULL);
      else if (!shu_relation_equal (relation, want))
        changed |= shu_annotation_store_replace_relation (store, want, NULL);
    }
  /* In id order; a relation naming one not added yet is added later. */
  for (guint i = 0; i < theirs->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (theirs, i);

      if (shu_annotation_store_lookup_relation (store, shu_relation_get_id (relation)) == NULL)
        changed |= shu_annotation_store_add_relation (store, relation, NULL);
      else if (!shu_relation_equal (shu_annotation_store_lookup_relation
                                      (store, shu_relation_get_id (relation)), relation))
        changed |= shu_annotation_store_replace_relation (store, relation, NULL);
    }
  return changed;
}

gboolean
shu_reconcile_replace (ShuDocument *target,
                       ShuDocument *other,
                       const char  *description)
{
  ShuAnnotationStore *store, *other_store;
  ShuLabelSet *other_labels;
  g_autoptr(GPtrArray) mine = NULL;
  g_autoptr(GPtrArray) theirs = NULL;
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GPtrArray) stale_labels = NULL;
  guint n_labels;
  gboolean changed = FALSE;

  g_return_val_if_fail (SHU_IS_DOCUMENT (target), FALSE);
  g_return_val_if_fail (SHU_IS_DOCUMENT (other), FALSE);

  store = shu_document_get_store (target);
  other_store = shu_document_get_store (other);
  other_labels = shu_annotation_store_get_labels (other_store);
  mine = shu_annotation_store_dup_annotations (store);
  theirs = shu_annotation_store_dup_annotations (other_store);

  shu_annotation_store_begin_group (store, description);

  /* Labels first, so that every annotation's label exists when it is put
   * in; labels that go away are removed last, once no annotation that
   * stays carries them. */
  /* The store may make a new label set at each change: it is looked up
   * again every time, never kept. */
  changed |= add_missing_labels (store, other_labels);
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (other_labels));
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (other_labels), i);
      ShuLabel *current = shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                                 shu_label_get_id (label));

      if (current != NULL && !shu_label_equal (current, label))
        changed |= shu_annotation_store_replace_label (store, label);
      if (current != NULL
          && shu_label_set_index_of (shu_annotation_store_get_labels (store),
                                     shu_label_get_id (label)) != (int) i)
        changed |= shu_annotation_store_move_label (store, shu_label_get_id (label), i);
    }

  wanted = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < theirs->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (theirs, i);

      g_hash_table_insert (wanted, (gpointer) shu_annotation_get_id (annotation), annotation);
    }
  for (guint i = 0; i < mine->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (mine, i);
      ShuAnnotation *want = g_hash_table_lookup (wanted, shu_annotation_get_id (annotation));

      if (want == NULL)
        changed |= shu_annotation_store_remove (store, shu_annotation_get_id (annotation), NULL);
      else if (!shu_annotation_equal (annotation, want))
        changed |= shu_annotation_store_replace (store, want, NULL);
    }
  for (guint i = 0; i < theirs->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (theirs, i);

      if (shu_annotation_store_lookup (store, shu_annotation_get_id (annotation)) == NULL)
        changed |= shu_annotation_store_add (store, annotation, NULL);
    }

  changed |= reconcile_relations (store, other_store);

  stale_labels = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0;
       i < g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (store)));
       i++)
    {
      g_autoptr(ShuLabel) label =
        g_list_model_get_item (G_LIST_MODEL (shu_annotation_store_get_labels (store)), i);

      if (shu_label_set_lookup (other_labels, shu_label_get_id (label)) == NULL)
        g_ptr_array_add (stale_labels, g_strdup (shu_label_get_id (label)));
    }
  for (guint i = 0; i < stale_labels->len; i++)
    changed |= shu_annotation_store_remove_label (store, g_ptr_array_index (stale_labels, i));

  shu_annotation_store_end_group (store);
  return changed;
}
