/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-compare.h"
#include "shu-formats-private.h"

void
shu_label_group_free (ShuLabelGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->label_id);
  g_free (group->name);
  g_ptr_array_unref (group->a);
  g_ptr_array_unref (group->b);
  g_free (group);
}

void
shu_compare_item_free (ShuCompareItem *item)
{
  if (item == NULL)
    return;
  g_free (item->label);
  g_free (item->their_label);
  g_clear_object (&item->mine);
  g_clear_object (&item->theirs);
  g_free (item);
}

static ShuLabelSet *
labels_of (ShuDocument *document)
{
  return shu_annotation_store_get_labels (shu_document_get_store (document));
}

/* The id of the annotation's label when its own document defines it: an
 * id the document does not know counts as no label, as it does in every
 * export. */
static const char *
label_id_of (ShuDocument   *document,
             ShuAnnotation *annotation)
{
  const char *id = shu_annotation_get_label_id (annotation);

  return id != NULL && shu_label_set_lookup (labels_of (document), id) != NULL ? id : NULL;
}

static char *
group_name (ShuDocument *a,
            ShuDocument *b,
            const char  *id)
{
  ShuLabel *in_a = shu_label_set_lookup (labels_of (a), id);
  ShuLabel *in_b = shu_label_set_lookup (labels_of (b), id);

  if (in_a == NULL)
    return g_strdup (shu_label_get_name (in_b));
  if (in_b == NULL || g_str_equal (shu_label_get_name (in_a), shu_label_get_name (in_b)))
    return g_strdup (shu_label_get_name (in_a));
  return g_strdup_printf ("%s / %s", shu_label_get_name (in_a), shu_label_get_name (in_b));
}

static ShuLabelGroup *
group_new (ShuDocument *a,
           ShuDocument *b,
           const char  *id)
{
  ShuLabelGroup *group = g_new0 (ShuLabelGroup, 1);

  group->label_id = g_strdup (id);
  group->name = id != NULL ? group_name (a, b, id) : NULL;
  group->a = g_ptr_array_new ();
  group->b = g_ptr_array_new ();
  return group;
}

static void
fill_groups (ShuDocument   *document,
             GPtrArray     *annotations,
             GHashTable    *group_of,
             ShuLabelGroup *unlabelled,
             gboolean       first)
{
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const char *id = label_id_of (document, annotation);
      ShuLabelGroup *group = id != NULL ? g_hash_table_lookup (group_of, id) : unlabelled;

      g_ptr_array_add (first ? group->a : group->b, annotation);
    }
}

GPtrArray *
shu_compare_group_labels (ShuDocument *a,
                          ShuDocument *b)
{
  /* Each document's label ids → their group (borrowed keys). */
  g_autoptr(GHashTable) group_of_a = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) group_of_b = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all_a = NULL;
  g_autoptr(GPtrArray) all_b = NULL;
  ShuLabelSet *labels_a, *labels_b;
  ShuLabelGroup *unlabelled;
  GPtrArray *groups;

  g_return_val_if_fail (SHU_IS_DOCUMENT (a), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (b), NULL);

  labels_a = labels_of (a);
  labels_b = labels_of (b);
  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_label_group_free);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels_a)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels_a), i);
      ShuLabelGroup *group = group_new (a, b, shu_label_get_id (label));

      g_hash_table_insert (group_of_a, group->label_id, group);
      g_ptr_array_add (groups, group);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels_b)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels_b), i);
      ShuLabelGroup *group = g_hash_table_lookup (group_of_a, shu_label_get_id (label));
      ShuLabel *named = shu_label_set_lookup_name (labels_a, shu_label_get_name (label));

      /* Ids decide. Only two labels neither file can pair by id, made
       * apart with the same name (each annotator added "Topic" by hand),
       * are taken as one by their name. */
      if (group == NULL && named != NULL
          && shu_label_set_lookup (labels_b, shu_label_get_id (named)) == NULL)
        group = g_hash_table_lookup (group_of_a, shu_label_get_id (named));
      if (group == NULL)
        {
          group = group_new (a, b, shu_label_get_id (label));
          g_ptr_array_add (groups, group);
        }
      g_hash_table_insert (group_of_b, (gpointer) shu_label_get_id (label), group);
    }

  unlabelled = group_new (a, b, NULL);
  /* The annotations are borrowed from the stores, which keep them. */
  all_a = shu_formats_sorted_annotations (a);
  all_b = shu_formats_sorted_annotations (b);
  fill_groups (a, all_a, group_of_a, unlabelled, TRUE);
  fill_groups (b, all_b, group_of_b, unlabelled, FALSE);

  if (unlabelled->a->len + unlabelled->b->len > 0)
    g_ptr_array_add (groups, unlabelled);
  else
    shu_label_group_free (unlabelled);
  return groups;
}

static gboolean
same_ranges (ShuAnnotation *a,
             ShuAnnotation *b)
{
  guint n = shu_annotation_get_n_ranges (a);

  return n == shu_annotation_get_n_ranges (b)
         && memcmp (shu_annotation_get_ranges (a), shu_annotation_get_ranges (b),
                    n * sizeof (ShuRange)) == 0;
}

/* Code points two annotations have in common (their ranges are sorted
 * and do not overlap among themselves). */
static guint
common_points (ShuAnnotation *a,
               ShuAnnotation *b)
{
  const ShuRange *ra = shu_annotation_get_ranges (a);
  const ShuRange *rb = shu_annotation_get_ranges (b);
  guint common = 0;

  for (guint i = 0; i < shu_annotation_get_n_ranges (a); i++)
    for (guint j = 0; j < shu_annotation_get_n_ranges (b); j++)
      {
        guint start = MAX (ra[i].start, rb[j].start);
        guint end = MIN (ra[i].end, rb[j].end);

        if (start < end)
          common += end - start;
      }
  return common;
}

typedef struct
{
  guint common;
  guint i;
  guint j;
} Candidate;

static int
compare_candidates (gconstpointer pa,
                    gconstpointer pb)
{
  const Candidate *x = pa, *y = pb;

  if (x->common != y->common)
    return x->common > y->common ? -1 : 1;
  if (x->i != y->i)
    return x->i < y->i ? -1 : 1;
  return x->j < y->j ? -1 : x->j > y->j;
}

GArray *
shu_compare_pair_group (ShuLabelGroup *group)
{
  GPtrArray *a, *b;
  g_autofree gboolean *used_a = NULL;
  g_autofree gboolean *used_b = NULL;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  GArray *pairs = g_array_new (FALSE, FALSE, sizeof (ShuComparePair));

  g_return_val_if_fail (group != NULL, pairs);

  a = group->a;
  b = group->b;
  used_a = g_new0 (gboolean, a->len + 1);
  used_b = g_new0 (gboolean, b->len + 1);

  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      if (!used_b[j] && same_ranges (g_ptr_array_index (a, i), g_ptr_array_index (b, j)))
        {
          ShuComparePair pair = { i, j, TRUE };

          used_a[i] = used_b[j] = TRUE;
          g_array_append_val (pairs, pair);
          break;
        }

  /* Greedy one-to-one matching of the rest. */
  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      {
        Candidate candidate = { 0, i, j };

        if (used_a[i] || used_b[j])
          continue;
        candidate.common = common_points (g_ptr_array_index (a, i), g_ptr_array_index (b, j));
        if (candidate.common > 0)
          g_array_append_val (candidates, candidate);
      }
  g_array_sort (candidates, compare_candidates);
  for (guint k = 0; k < candidates->len; k++)
    {
      const Candidate *candidate = &g_array_index (candidates, Candidate, k);
      ShuComparePair pair = { candidate->i, candidate->j, FALSE };

      if (used_a[pair.a] || used_b[pair.b])
        continue;
      used_a[pair.a] = used_b[pair.b] = TRUE;
      g_array_append_val (pairs, pair);
    }
  return pairs;
}

static ShuCompareItem *
item_new (ShuCompareStatus  status,
          const char       *label,
          ShuAnnotation    *mine,
          ShuAnnotation    *theirs)
{
  ShuCompareItem *item = g_new0 (ShuCompareItem, 1);

  item->status = status;
  item->label = g_strdup (label);
  item->mine = mine != NULL ? g_object_ref (mine) : NULL;
  item->theirs = theirs != NULL ? g_object_ref (theirs) : NULL;
  return item;
}

static guint
item_start (ShuCompareItem *item)
{
  return shu_annotation_get_start (item->mine != NULL ? item->mine : item->theirs);
}

static int
compare_items (gconstpointer x,
               gconstpointer y)
{
  ShuCompareItem *p = *(ShuCompareItem **) x;
  ShuCompareItem *q = *(ShuCompareItem **) y;
  guint sp = item_start (p), sq = item_start (q);

  if (sp != sq)
    return sp < sq ? -1 : 1;
  return (int) p->status - (int) q->status;
}

GPtrArray *
shu_compare_documents (ShuDocument *mine,
                       ShuDocument *theirs)
{
  g_autoptr(GPtrArray) groups = NULL;
  /* What no pair took: an item each, ONLY_MINE or ONLY_THEIRS so far. */
  g_autoptr(GPtrArray) lone_mine = g_ptr_array_new ();
  g_autoptr(GPtrArray) lone_theirs = g_ptr_array_new ();
  GPtrArray *out;

  g_return_val_if_fail (SHU_IS_DOCUMENT (mine), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);

  out = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_compare_item_free);
  groups = shu_compare_group_labels (mine, theirs);
  for (guint g = 0; g < groups->len; g++)
    {
      ShuLabelGroup *group = g_ptr_array_index (groups, g);
      g_autoptr(GArray) pairs = shu_compare_pair_group (group);
      g_autofree gboolean *used_a = g_new0 (gboolean, group->a->len + 1);
      g_autofree gboolean *used_b = g_new0 (gboolean, group->b->len + 1);

      for (guint p = 0; p < pairs->len; p++)
        {
          const ShuComparePair *pair = &g_array_index (pairs, ShuComparePair, p);

          used_a[pair->a] = used_b[pair->b] = TRUE;
          g_ptr_array_add (out, item_new (pair->exact ? SHU_COMPARE_SAME : SHU_COMPARE_OVERLAP,
                                          group->name, g_ptr_array_index (group->a, pair->a),
                                          g_ptr_array_index (group->b, pair->b)));
        }
      for (guint i = 0; i < group->a->len; i++)
        if (!used_a[i])
          g_ptr_array_add (lone_mine, item_new (SHU_COMPARE_ONLY_MINE, group->name,
                                                g_ptr_array_index (group->a, i), NULL));
      for (guint j = 0; j < group->b->len; j++)
        if (!used_b[j])
          g_ptr_array_add (lone_theirs, item_new (SHU_COMPARE_ONLY_THEIRS, group->name, NULL,
                                                  g_ptr_array_index (group->b, j)));
    }

  /* The same words under different labels are one disagreement about the
   * label, not two unrelated annotations. Each of mine (in text order)
   * takes the first lone one of theirs with the same ranges. */
  g_ptr_array_sort (lone_mine, compare_items);
  g_ptr_array_sort (lone_theirs, compare_items);
  for (guint i = 0; i < lone_mine->len; i++)
    {
      ShuCompareItem *item = g_ptr_array_index (lone_mine, i);

      for (guint j = 0; j < lone_theirs->len; j++)
        {
          ShuCompareItem *other = g_ptr_array_index (lone_theirs, j);

          if (other == NULL || !same_ranges (item->mine, other->theirs))
            continue;
          item->status = SHU_COMPARE_RELABELLED;
          item->theirs = g_steal_pointer (&other->theirs);
          item->their_label = g_steal_pointer (&other->label);
          shu_compare_item_free (other);
          g_ptr_array_index (lone_theirs, j) = NULL;
          break;
        }
      g_ptr_array_add (out, item);
    }
  for (guint j = 0; j < lone_theirs->len; j++)
    if (g_ptr_array_index (lone_theirs, j) != NULL)
      g_ptr_array_add (out, g_ptr_array_index (lone_theirs, j));

  g_ptr_array_sort (out, compare_items);
  return out;
}
