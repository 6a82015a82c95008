/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-agreement.h"
#include "shu-compare.h"
#include "shu-text.h"

void
shu_agreement_row_free (ShuAgreementRow *row)
{
  if (row == NULL)
    return;
  g_free (row->label_id);
  g_free (row->label);
  g_free (row);
}

/* Cohen's kappa from observed agreements and the products of the two
 * annotators' marginal counts, all over n items; exact in integers so
 * that "undefined" (expected agreement 1) is decided without rounding. */
static void
kappa_from_counts (guint64   n,
                   guint64   agreements,
                   guint64   marginal_products,
                   double   *kappa,
                   gboolean *defined)
{
  double po, pe;

  if (n == 0 || marginal_products == n * n)
    {
      *kappa = 0;
      *defined = FALSE;
      return;
    }
  po = (double) agreements / n;
  pe = (double) marginal_products / ((double) n * n);
  *kappa = (po - pe) / (1 - pe);
  *defined = TRUE;
}

static void
set_f1 (ShuAgreementRow *row)
{
  row->f1_defined = row->n_a + row->n_b > 0;
  if (row->f1_defined)
    {
      row->exact_f1 = 2.0 * row->exact_matches / (row->n_a + row->n_b);
      row->overlap_f1 = 2.0 * row->overlap_matches / (row->n_a + row->n_b);
    }
}

/* Marks the code points covered by @annotations in @covered. */
static guint
cover (GPtrArray *annotations,
       guint8    *covered,
       guint      length)
{
  guint n = 0;

  memset (covered, 0, length);
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        for (guint p = ranges[r].start; p < ranges[r].end && p < length; p++)
          if (!covered[p])
            {
              covered[p] = 1;
              n++;
            }
    }
  return n;
}

/* Per-code-point category for the overall kappa: the group (index + 1)
 * of the first annotation in sidecar order covering it, 0 for none. */
static void
categorize (GPtrArray *groups,
            gboolean   first,
            guint     *category,
            guint      length)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GHashTable) group_of = g_hash_table_new (NULL, NULL);

  for (guint k = 0; k < groups->len; k++)
    {
      ShuLabelGroup *group = g_ptr_array_index (groups, k);
      GPtrArray *annotations = first ? group->a : group->b;

      for (guint i = 0; i < annotations->len; i++)
        {
          g_ptr_array_add (all, g_ptr_array_index (annotations, i));
          g_hash_table_insert (group_of, g_ptr_array_index (annotations, i),
                               GUINT_TO_POINTER (k + 1));
        }
    }
  shu_annotation_sort (all);

  memset (category, 0, length * sizeof (guint));
  for (guint i = 0; i < all->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (all, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (group_of, annotation));

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        for (guint p = ranges[r].start; p < ranges[r].end && p < length; p++)
          if (category[p] == 0)
            category[p] = k;
    }
}

/* What one label's row adds up over the documents compared. */
typedef struct
{
  char    *label_id;
  char    *label;
  guint    n_a;
  guint    n_b;
  guint64  points_a;
  guint64  points_b;
  guint64  both;
  guint    exact_matches;
  guint    overlap_matches;
} LabelTotals;

static void
label_totals_free (LabelTotals *totals)
{
  g_free (totals->label_id);
  g_free (totals->label);
  g_free (totals);
}

/* The overall kappa's categories, by label id: these two keys cannot be
 * ids (ids are not empty and have no control characters). */
#define CATEGORY_NONE ""
#define CATEGORY_UNLABELLED "\x01"

struct _ShuAgreementTotals
{
  GPtrArray  *labels;      /* LabelTotals, in first-seen order */
  GHashTable *by_id;       /* id (CATEGORY_UNLABELLED for none) -> LabelTotals */
  guint64     length;
  guint64     agreements;
  GHashTable *category_a;  /* category -> guint64 * count */
  GHashTable *category_b;
  guint64     covered_a;
  guint64     covered_b;
};

ShuAgreementTotals *
shu_agreement_totals_new (void)
{
  ShuAgreementTotals *totals = g_new0 (ShuAgreementTotals, 1);

  totals->labels = g_ptr_array_new_with_free_func ((GDestroyNotify) label_totals_free);
  totals->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  totals->category_a = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  totals->category_b = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return totals;
}

void
shu_agreement_totals_free (ShuAgreementTotals *totals)
{
  if (totals == NULL)
    return;
  g_ptr_array_unref (totals->labels);
  g_hash_table_unref (totals->by_id);
  g_hash_table_unref (totals->category_a);
  g_hash_table_unref (totals->category_b);
  g_free (totals);
}

static void
add_category (GHashTable *categories,
              const char *key,
              guint64     count)
{
  guint64 *value = g_hash_table_lookup (categories, key);

  if (value == NULL)
    {
      value = g_new0 (guint64, 1);
      g_hash_table_insert (categories, g_strdup (key), value);
    }
  *value += count;
}

static const char *
category_of (ShuLabelGroup *group)
{
  return group->label_id != NULL ? group->label_id : CATEGORY_UNLABELLED;
}

void
shu_agreement_totals_add (ShuAgreementTotals *totals,
                          ShuDocument        *a,
                          ShuDocument        *b)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autofree guint8 *cov_a = NULL;
  g_autofree guint8 *cov_b = NULL;
  g_autofree guint *cat_a = NULL;
  g_autofree guint *cat_b = NULL;
  g_autofree guint64 *count_a = NULL;
  g_autofree guint64 *count_b = NULL;
  guint length;

  g_return_if_fail (totals != NULL);
  g_return_if_fail (SHU_IS_DOCUMENT (a));
  g_return_if_fail (SHU_IS_DOCUMENT (b));

  length = shu_source_get_length (shu_document_get_source (a));
  /* The same groups and pairs as the Compare list. */
  groups = shu_compare_group_labels (a, b);
  cov_a = g_malloc (length + 1);
  cov_b = g_malloc (length + 1);
  totals->length += length;

  for (guint k = 0; k < groups->len; k++)
    {
      ShuLabelGroup *group = g_ptr_array_index (groups, k);
      g_autoptr(GArray) pairs = shu_compare_pair_group (group);
      LabelTotals *row = g_hash_table_lookup (totals->by_id, category_of (group));

      if (row == NULL)
        {
          row = g_new0 (LabelTotals, 1);
          row->label_id = g_strdup (group->label_id);
          row->label = g_strdup (group->name);
          g_ptr_array_add (totals->labels, row);
          g_hash_table_insert (totals->by_id,
                               row->label_id != NULL ? row->label_id : CATEGORY_UNLABELLED, row);
        }
      row->n_a += group->a->len;
      row->n_b += group->b->len;
      row->points_a += cover (group->a, cov_a, length);
      row->points_b += cover (group->b, cov_b, length);
      for (guint p = 0; p < length; p++)
        row->both += cov_a[p] & cov_b[p];
      for (guint p = 0; p < pairs->len; p++)
        row->exact_matches += g_array_index (pairs, ShuComparePair, p).exact;
      row->overlap_matches += pairs->len;
    }

  /* Overall kappa: every code point gets one category per annotator. */
  cat_a = g_new (guint, length + 1);
  cat_b = g_new (guint, length + 1);
  count_a = g_new0 (guint64, groups->len + 1);
  count_b = g_new0 (guint64, groups->len + 1);
  categorize (groups, TRUE, cat_a, length);
  categorize (groups, FALSE, cat_b, length);
  for (guint p = 0; p < length; p++)
    {
      count_a[cat_a[p]]++;
      count_b[cat_b[p]]++;
      totals->agreements += cat_a[p] == cat_b[p];
      totals->covered_a += cat_a[p] != 0;
      totals->covered_b += cat_b[p] != 0;
    }
  /* By label id, not by group number: another pair of documents may have
   * other groups. */
  for (guint k = 0; k < groups->len + 1; k++)
    {
      const char *key = k == 0 ? CATEGORY_NONE
                               : category_of (g_ptr_array_index (groups, k - 1));

      add_category (totals->category_a, key, count_a[k]);
      add_category (totals->category_b, key, count_b[k]);
    }
}

GPtrArray *
shu_agreement_totals_get_rows (ShuAgreementTotals *totals)
{
  ShuAgreementRow *overall;
  LabelTotals *unlabelled = NULL;
  GPtrArray *rows;
  GHashTableIter iter;
  gpointer key, value;
  guint64 length, products = 0;

  g_return_val_if_fail (totals != NULL, NULL);

  length = totals->length;
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_agreement_row_free);
  overall = g_new0 (ShuAgreementRow, 1);
  overall->overall = TRUE;

  for (guint i = 0; i <= totals->labels->len; i++)
    {
      LabelTotals *t;
      ShuAgreementRow *row;

      /* "No label" comes last, whichever pair of documents had it first. */
      if (i == totals->labels->len)
        t = unlabelled;
      else if ((t = g_ptr_array_index (totals->labels, i))->label_id == NULL)
        {
          unlabelled = t;
          continue;
        }
      if (t == NULL)
        continue;

      row = g_new0 (ShuAgreementRow, 1);
      row->label_id = g_strdup (t->label_id);
      row->label = g_strdup (t->label);
      row->n_a = t->n_a;
      row->n_b = t->n_b;
      row->points_a = t->points_a;
      row->points_b = t->points_b;
      /* Agreements are the code points both cover plus those neither
       * covers; chance agreement multiplies the marginals. */
      kappa_from_counts (length, t->both + (length - t->points_a - t->points_b + t->both),
                         t->points_a * t->points_b
                         + (length - t->points_a) * (length - t->points_b),
                         &row->kappa, &row->kappa_defined);
      row->exact_matches = t->exact_matches;
      row->overlap_matches = t->overlap_matches;
      set_f1 (row);

      overall->n_a += row->n_a;
      overall->n_b += row->n_b;
      overall->exact_matches += row->exact_matches;
      overall->overlap_matches += row->overlap_matches;
      g_ptr_array_add (rows, row);
    }

  g_hash_table_iter_init (&iter, totals->category_a);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint64 *other = g_hash_table_lookup (totals->category_b, key);

      if (other != NULL)
        products += *(guint64 *) value * *other;
    }
  overall->points_a = totals->covered_a;
  overall->points_b = totals->covered_b;
  kappa_from_counts (length, totals->agreements, products, &overall->kappa,
                     &overall->kappa_defined);
  set_f1 (overall);
  g_ptr_array_add (rows, overall);

  return rows;
}

GPtrArray *
shu_agreement_compute (ShuDocument *a,
                       ShuDocument *b)
{
  g_autoptr(ShuAgreementTotals) totals = shu_agreement_totals_new ();

  g_return_val_if_fail (SHU_IS_DOCUMENT (a), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (b), NULL);

  shu_agreement_totals_add (totals, a, b);
  return shu_agreement_totals_get_rows (totals);
}

char *
shu_agreement_format_value (double   value,
                            gboolean defined)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (!defined || value != value)
    return g_strdup ("n/a");
  /* Always a dot, whatever the locale: scripts parse this. */
  return g_strdup (g_ascii_formatd (buffer, sizeof buffer, "%.3f", value));
}

char *
shu_agreement_format_table (GPtrArray *rows)
{
  GString *out;

  g_return_val_if_fail (rows != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%6s %6s %8s %9s %11s  %s\n", "A", "B", "kappa", "exact-F1",
                          "overlap-F1", "label");
  for (guint i = 0; i < rows->len; i++)
    {
      const ShuAgreementRow *row = g_ptr_array_index (rows, i);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *exact = shu_agreement_format_value (row->exact_f1, row->f1_defined);
      g_autofree char *overlap = shu_agreement_format_value (row->overlap_f1, row->f1_defined);

      /* A label's name is user text: never raw control characters on a
       * terminal. */
      g_autofree char *name = row->label != NULL ? shu_text_escape_for_terminal (row->label)
                                                 : NULL;

      g_string_append_printf (out, "%6u %6u %8s %9s %11s  %s\n", row->n_a, row->n_b, kappa,
                              exact, overlap,
                              row->overall ? "(overall)" : name != NULL ? name : "(no label)");
    }
  return g_string_free (out, FALSE);
}

/* -------------------------------------------- relations and attributes */

void
shu_relation_agreement_row_free (ShuRelationAgreementRow *row)
{
  if (row == NULL)
    return;
  g_free (row->type);
  g_free (row);
}

void
shu_attribute_agreement_row_free (ShuAttributeAgreementRow *row)
{
  if (row == NULL)
    return;
  g_free (row->name);
  g_free (row);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What makes two annotators' annotations alike, since their ids differ:
 * the ranges and the label. */
static char *
span_key (ShuAnnotation *annotation)
{
  GString *key = g_string_new (NULL);
  const ShuRange *ranges = shu_annotation_get_ranges (annotation);

  for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
    g_string_append_printf (key, "%u-%u;", ranges[r].start, ranges[r].end);
  g_string_append (key, shu_annotation_get_label_id (annotation) != NULL
                        ? shu_annotation_get_label_id (annotation) : "");
  return g_string_free (key, FALSE);
}

/* The key of an end: a span's key, or an event's (recursively, bounded). */
static char *
end_key (ShuAnnotationStore *store,
         const char         *id,
         guint               depth);

static char *
relation_key (ShuAnnotationStore *store,
              ShuRelation        *relation,
              guint               depth)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *key = g_string_new (NULL);

  g_string_append_printf (key, "%s|%s|", shu_relation_kind_to_string
                                            (shu_relation_get_kind (relation)),
                          shu_relation_get_type_name (relation));
  if (shu_relation_get_trigger (relation) != NULL)
    {
      g_autofree char *trigger = end_key (store, shu_relation_get_trigger (relation), depth + 1);

      g_string_append_printf (key, "trigger=%s|", trigger);
    }
  for (guint a = 0; a < shu_relation_get_n_arguments (relation); a++)
    {
      g_autofree char *end = end_key (store, shu_relation_get_target (relation, a), depth + 1);
      const char *role = shu_relation_get_role (relation, a);

      g_ptr_array_add (parts, g_strdup_printf ("%s=%s", role != NULL ? role : "", end));
    }
  /* A link is directed: its arguments stay in order; an event's and a
   * set's do not matter. */
  if (shu_relation_get_kind (relation) != SHU_RELATION_LINK)
    g_ptr_array_sort (parts, compare_strings);
  for (guint i = 0; i < parts->len; i++)
    g_string_append_printf (key, "%s|", (char *) g_ptr_array_index (parts, i));
  return g_string_free (key, FALSE);
}

static char *
end_key (ShuAnnotationStore *store,
         const char         *id,
         guint               depth)
{
  ShuAnnotation *annotation = shu_annotation_store_lookup (store, id);
  ShuRelation *relation;

  if (annotation != NULL)
    return span_key (annotation);
  relation = shu_annotation_store_lookup_relation (store, id);
  /* An orphan, or events nested deeper than anyone annotates: matched by
   * id only. */
  if (relation == NULL || depth > 8)
    return g_strdup_printf ("id:%s", id);
  {
    g_autofree char *inner = relation_key (store, relation, depth);

    return g_strdup_printf ("(%s)", inner);
  }
}

/* How many of each key. */
static GHashTable *
count_keys (GPtrArray *keys)
{
  GHashTable *counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < keys->len; i++)
    {
      gpointer key = g_ptr_array_index (keys, i);

      g_hash_table_insert (counts, key,
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (counts,
                                                                                    key)) + 1));
    }
  return counts;
}

static ShuRelationAgreementRow *
relation_row (GHashTable *rows,
              const char *type)
{
  ShuRelationAgreementRow *row = g_hash_table_lookup (rows, type);

  if (row == NULL)
    {
      row = g_new0 (ShuRelationAgreementRow, 1);
      row->type = g_strdup (type);
      g_hash_table_insert (rows, row->type, row);
    }
  return row;
}

static void
relation_f1 (ShuRelationAgreementRow *row)
{
  row->f1_defined = row->n_a + row->n_b > 0;
  row->f1 = row->f1_defined ? 2.0 * row->matches / (row->n_a + row->n_b) : 0;
}

static int
compare_relation_rows (gconstpointer a,
                       gconstpointer b)
{
  return strcmp ((*(ShuRelationAgreementRow * const *) a)->type,
                 (*(ShuRelationAgreementRow * const *) b)->type);
}

GPtrArray *
shu_agreement_compute_relations (ShuDocument *a,
                                 ShuDocument *b)
{
  ShuAnnotationStore *store_a, *store_b;
  g_autoptr(GPtrArray) relations_a = NULL;
  g_autoptr(GPtrArray) relations_b = NULL;
  g_autoptr(GPtrArray) keys_b = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) left_b = NULL;
  g_autoptr(GHashTable) rows = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) keys_a = g_ptr_array_new_with_free_func (g_free);
  ShuRelationAgreementRow *overall = g_new0 (ShuRelationAgreementRow, 1);
  GPtrArray *result;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (SHU_IS_DOCUMENT (a), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (b), NULL);

  store_a = shu_document_get_store (a);
  store_b = shu_document_get_store (b);
  relations_a = shu_annotation_store_dup_relations (store_a);
  relations_b = shu_annotation_store_dup_relations (store_b);
  for (guint i = 0; i < relations_b->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations_b, i);

      g_ptr_array_add (keys_b, relation_key (store_b, relation, 0));
      relation_row (rows, shu_relation_get_type_name (relation))->n_b++;
      overall->n_b++;
    }
  left_b = count_keys (keys_b);
  for (guint i = 0; i < relations_a->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations_a, i);
      char *key = relation_key (store_a, relation, 0);
      ShuRelationAgreementRow *row = relation_row (rows, shu_relation_get_type_name (relation));
      guint left = GPOINTER_TO_UINT (g_hash_table_lookup (left_b, key));

      g_ptr_array_add (keys_a, key);
      row->n_a++;
      overall->n_a++;
      /* One to one: each of b's relations matches once. */
      if (left > 0)
        {
          g_hash_table_insert (left_b, key, GUINT_TO_POINTER (left - 1));
          row->matches++;
          overall->matches++;
        }
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_relation_agreement_row_free);
  g_hash_table_iter_init (&iter, rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      relation_f1 (value);
      g_ptr_array_add (result, value);
    }
  g_ptr_array_sort (result, compare_relation_rows);
  relation_f1 (overall);
  g_ptr_array_add (result, overall);
  return result;
}

static int
compare_attribute_rows (gconstpointer a,
                        gconstpointer b)
{
  return strcmp ((*(ShuAttributeAgreementRow * const *) a)->name,
                 (*(ShuAttributeAgreementRow * const *) b)->name);
}

/* The value an annotation has for @name: "" for a binary one, NULL when
 * absent. */
static const char *
attribute_value (ShuAnnotation *annotation,
                 const char    *name)
{
  return shu_annotation_get_attribute (annotation, name);
}

GPtrArray *
shu_agreement_compute_attributes (ShuDocument *a,
                                  ShuDocument *b)
{
  g_autoptr(GPtrArray) all_a = NULL;
  g_autoptr(GPtrArray) all_b = NULL;
  g_autoptr(GHashTable) waiting = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) pairs = g_ptr_array_new (); /* a, b, a, b, ... */
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *result;
  GHashTableIter iter;
  gpointer name;

  g_return_val_if_fail (SHU_IS_DOCUMENT (a), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (b), NULL);

  all_a = shu_annotation_store_dup_annotations (shu_document_get_store (a));
  all_b = shu_annotation_store_dup_annotations (shu_document_get_store (b));

  /* Pair what both annotated alike, one to one, in text order. */
  for (guint i = 0; i < all_b->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (all_b, i);
      char *key = span_key (annotation);
      GPtrArray *list = g_hash_table_lookup (waiting, key);

      if (list == NULL)
        {
          list = g_ptr_array_new ();
          g_hash_table_insert (waiting, key, list);
        }
      else
        g_free (key);
      g_ptr_array_add (list, annotation);
    }
  for (guint i = 0; i < all_a->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (all_a, i);
      g_autofree char *key = span_key (annotation);
      GPtrArray *list = g_hash_table_lookup (waiting, key);

      if (list == NULL || list->len == 0)
        continue;
      g_ptr_array_add (pairs, annotation);
      g_ptr_array_add (pairs, g_ptr_array_steal_index (list, 0));
    }

  for (guint i = 0; i < pairs->len; i++)
    {
      GPtrArray *attributes = shu_annotation_get_attributes (g_ptr_array_index (pairs, i));

      for (guint k = 0; k < attributes->len; k++)
        g_hash_table_add (names, (gpointer) shu_attribute_get_name (g_ptr_array_index (attributes,
                                                                                       k)));
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_agreement_row_free);
  g_hash_table_iter_init (&iter, names);
  while (g_hash_table_iter_next (&iter, &name, NULL))
    {
      ShuAttributeAgreementRow *row = g_new0 (ShuAttributeAgreementRow, 1);
      g_autoptr(GHashTable) count_a = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr(GHashTable) count_b = g_hash_table_new (g_str_hash, g_str_equal);
      GHashTableIter values;
      gpointer value, n_a;
      guint64 products = 0;

      row->name = g_strdup (name);
      for (guint p = 0; p < pairs->len; p += 2)
        {
          const char *va = attribute_value (g_ptr_array_index (pairs, p), name);
          const char *vb = attribute_value (g_ptr_array_index (pairs, p + 1), name);
          /* "absent" is a value too; it cannot clash with a real one, which
           * is never NULL. */
          const char *ka = va != NULL ? va : "\x01";
          const char *kb = vb != NULL ? vb : "\x01";

          if (va == NULL && vb == NULL)
            continue;
          row->n_pairs++;
          if (g_strcmp0 (va, vb) == 0)
            row->agreed++;
          g_hash_table_insert (count_a, (gpointer) ka,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count_a,
                                                                                        ka))
                                                 + 1));
          g_hash_table_insert (count_b, (gpointer) kb,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (count_b,
                                                                                        kb))
                                                 + 1));
        }
      g_hash_table_iter_init (&values, count_a);
      while (g_hash_table_iter_next (&values, &value, &n_a))
        products += (guint64) GPOINTER_TO_UINT (n_a)
                    * GPOINTER_TO_UINT (g_hash_table_lookup (count_b, value));
      kappa_from_counts (row->n_pairs, row->agreed, products, &row->kappa, &row->kappa_defined);
      g_ptr_array_add (result, row);
    }
  g_ptr_array_sort (result, compare_attribute_rows);
  return result;
}

char *
shu_agreement_format_relations (GPtrArray *rows)
{
  GString *out;

  g_return_val_if_fail (rows != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%6s %6s %8s %8s  %s\n", "A", "B", "matches", "F1",
                          "relation");
  for (guint i = 0; i < rows->len; i++)
    {
      const ShuRelationAgreementRow *row = g_ptr_array_index (rows, i);
      g_autofree char *f1 = shu_agreement_format_value (row->f1, row->f1_defined);
      g_autofree char *type = row->type != NULL ? shu_text_escape_for_terminal (row->type)
                                                : NULL;

      g_string_append_printf (out, "%6u %6u %8u %8s  %s\n", row->n_a, row->n_b, row->matches,
                              f1, type != NULL ? type : "(overall)");
    }
  return g_string_free (out, FALSE);
}

char *
shu_agreement_format_attributes (GPtrArray *rows)
{
  GString *out;

  g_return_val_if_fail (rows != NULL, NULL);

  out = g_string_new (NULL);
  g_string_append_printf (out, "%6s %6s %8s  %s\n", "pairs", "agreed", "kappa", "attribute");
  for (guint i = 0; i < rows->len; i++)
    {
      const ShuAttributeAgreementRow *row = g_ptr_array_index (rows, i);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *name = shu_text_escape_for_terminal (row->name);

      g_string_append_printf (out, "%6u %6u %8s  %s\n", row->n_pairs, row->agreed, kappa, name);
    }
  return g_string_free (out, FALSE);
}
