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
