/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-agreement.h"
#include "shu-formats-private.h"

void
shu_agreement_row_free (ShuAgreementRow *row)
{
  if (row == NULL)
    return;
  g_free (row->label);
  g_free (row);
}

/* One annotator's annotations with one label (or none). */
typedef struct
{
  GPtrArray *annotations;   /* ShuAnnotation, sidecar order, borrowed */
} Group;

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

static guint
exact_matches (GPtrArray *a,
               GPtrArray *b)
{
  g_autofree gboolean *used = g_new0 (gboolean, b->len + 1);
  guint matches = 0;

  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      if (!used[j] && same_ranges (g_ptr_array_index (a, i), g_ptr_array_index (b, j)))
        {
          used[j] = TRUE;
          matches++;
          break;
        }
  return matches;
}

typedef struct
{
  guint common;
  guint i;
  guint j;
} Pair;

static int
compare_pairs (gconstpointer pa,
               gconstpointer pb)
{
  const Pair *x = pa, *y = pb;

  if (x->common != y->common)
    return x->common > y->common ? -1 : 1;
  if (x->i != y->i)
    return x->i < y->i ? -1 : 1;
  return x->j < y->j ? -1 : x->j > y->j;
}

/* Greedy one-to-one matching: the pair with the most code points in
 * common first (ties: earlier annotation of A, then of B). */
static guint
overlap_matches (GPtrArray *a,
                 GPtrArray *b)
{
  g_autoptr(GArray) pairs = g_array_new (FALSE, FALSE, sizeof (Pair));
  g_autofree gboolean *used_a = g_new0 (gboolean, a->len + 1);
  g_autofree gboolean *used_b = g_new0 (gboolean, b->len + 1);
  guint matches = 0;

  for (guint i = 0; i < a->len; i++)
    for (guint j = 0; j < b->len; j++)
      {
        Pair pair = { common_points (g_ptr_array_index (a, i), g_ptr_array_index (b, j)), i, j };

        if (pair.common > 0)
          g_array_append_val (pairs, pair);
      }
  g_array_sort (pairs, compare_pairs);
  for (guint k = 0; k < pairs->len; k++)
    {
      const Pair *pair = &g_array_index (pairs, Pair, k);

      if (!used_a[pair->i] && !used_b[pair->j])
        {
          used_a[pair->i] = used_b[pair->j] = TRUE;
          matches++;
        }
    }
  return matches;
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

/* Per-code-point category for the overall kappa: the label (index + 1)
 * of the first annotation in sidecar order covering it, 0 for none. */
static void
categorize (GPtrArray  *annotations,
            GHashTable *category_of,
            guint      *category,
            guint       length,
            ShuDocument *document)
{
  memset (category, 0, length * sizeof (guint));
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      const char *name = shu_formats_label_name (document, annotation);
      guint k = GPOINTER_TO_UINT (g_hash_table_lookup (category_of, name != NULL ? name : ""));

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        for (guint p = ranges[r].start; p < ranges[r].end && p < length; p++)
          if (category[p] == 0)
            category[p] = k;
    }
}

static void
add_names (ShuDocument *document,
           GPtrArray   *names,
           GHashTable  *seen)
{
  GListModel *labels = G_LIST_MODEL (shu_annotation_store_get_labels (
    shu_document_get_store (document)));

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (labels, i);
      const char *name = shu_label_get_name (label);

      if (!g_hash_table_contains (seen, name))
        {
          g_hash_table_add (seen, (gpointer) name);
          g_ptr_array_add (names, (gpointer) name);
        }
    }
}

static GPtrArray *
annotations_named (ShuDocument *document,
                   GPtrArray   *all,
                   const char  *name)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (shu_formats_label_name (document, g_ptr_array_index (all, i)), name) == 0)
      g_ptr_array_add (out, g_ptr_array_index (all, i));
  return out;
}

GPtrArray *
shu_agreement_compute (ShuDocument *a,
                       ShuDocument *b)
{
  g_autoptr(GPtrArray) all_a = NULL;
  g_autoptr(GPtrArray) all_b = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) category_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree guint8 *cov_a = NULL;
  g_autofree guint8 *cov_b = NULL;
  g_autofree guint *cat_a = NULL;
  g_autofree guint *cat_b = NULL;
  g_autofree guint64 *count_a = NULL;
  g_autofree guint64 *count_b = NULL;
  ShuAgreementRow *overall;
  GPtrArray *rows;
  gboolean unlabelled = FALSE;
  guint64 agreements = 0, products = 0;
  guint length;

  g_return_val_if_fail (SHU_IS_DOCUMENT (a), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (b), NULL);

  length = shu_source_get_length (shu_document_get_source (a));
  all_a = shu_formats_sorted_annotations (a);
  all_b = shu_formats_sorted_annotations (b);
  add_names (a, names, seen);
  add_names (b, names, seen);
  for (guint i = 0; i < all_a->len && !unlabelled; i++)
    unlabelled = shu_formats_label_name (a, g_ptr_array_index (all_a, i)) == NULL;
  for (guint i = 0; i < all_b->len && !unlabelled; i++)
    unlabelled = shu_formats_label_name (b, g_ptr_array_index (all_b, i)) == NULL;

  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_agreement_row_free);
  overall = g_new0 (ShuAgreementRow, 1);
  overall->overall = TRUE;
  cov_a = g_malloc (length + 1);
  cov_b = g_malloc (length + 1);

  for (guint k = 0; k < names->len + (unlabelled ? 1 : 0); k++)
    {
      const char *name = k < names->len ? g_ptr_array_index (names, k) : NULL;
      g_autoptr(GPtrArray) group_a = annotations_named (a, all_a, name);
      g_autoptr(GPtrArray) group_b = annotations_named (b, all_b, name);
      ShuAgreementRow *row = g_new0 (ShuAgreementRow, 1);
      guint64 n11 = 0;

      g_hash_table_insert (category_of, (gpointer) (name != NULL ? name : ""),
                           GUINT_TO_POINTER (k + 1));
      row->label = g_strdup (name);
      row->n_a = group_a->len;
      row->n_b = group_b->len;
      row->points_a = cover (group_a, cov_a, length);
      row->points_b = cover (group_b, cov_b, length);
      for (guint p = 0; p < length; p++)
        n11 += cov_a[p] & cov_b[p];
      /* Agreements are the code points both cover plus those neither
       * covers; chance agreement multiplies the marginals. */
      kappa_from_counts (length, n11 + (length - row->points_a - row->points_b + n11),
                         (guint64) row->points_a * row->points_b
                         + (guint64) (length - row->points_a) * (length - row->points_b),
                         &row->kappa, &row->kappa_defined);
      row->exact_matches = exact_matches (group_a, group_b);
      row->overlap_matches = overlap_matches (group_a, group_b);
      set_f1 (row);

      overall->n_a += row->n_a;
      overall->n_b += row->n_b;
      overall->exact_matches += row->exact_matches;
      overall->overlap_matches += row->overlap_matches;
      g_ptr_array_add (rows, row);
    }

  /* Overall kappa: every code point gets one category per annotator. */
  cat_a = g_new (guint, length + 1);
  cat_b = g_new (guint, length + 1);
  count_a = g_new0 (guint64, names->len + 2);
  count_b = g_new0 (guint64, names->len + 2);
  categorize (all_a, category_of, cat_a, length, a);
  categorize (all_b, category_of, cat_b, length, b);
  for (guint p = 0; p < length; p++)
    {
      count_a[cat_a[p]]++;
      count_b[cat_b[p]]++;
      agreements += cat_a[p] == cat_b[p];
      overall->points_a += cat_a[p] != 0;
      overall->points_b += cat_b[p] != 0;
    }
  for (guint k = 0; k < names->len + 2; k++)
    products += count_a[k] * count_b[k];
  kappa_from_counts (length, agreements, products, &overall->kappa, &overall->kappa_defined);
  set_f1 (overall);
  g_ptr_array_add (rows, overall);

  return rows;
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

      g_string_append_printf (out, "%6u %6u %8s %9s %11s  %s\n", row->n_a, row->n_b, kappa,
                              exact, overlap,
                              row->overall ? "(overall)" : row->label != NULL ? row->label
                                                                              : "(no label)");
    }
  return g_string_free (out, FALSE);
}
