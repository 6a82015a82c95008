/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

#include "shu-agreement.h"
#include "shu-test-utils.h"

/* Agreement figures checked against hand-computed cases; the arithmetic
 * is written out next to each expectation. */

typedef struct
{
  const char *label;   /* NULL: no label */
  guint       start;
  guint       end;
} Span;

static ShuDocument *
make (ShuSource  *source,
      const Span *spans,
      guint       n)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  const char *names[] = { "X", "Y", "Z" };
  ShuDocument *document;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(ShuLabel) label = shu_label_new (names[i], names[i], "#112233", NULL, 0);

      shu_label_set_append (labels, label);
    }
  document = shu_document_new (source, labels);
  for (guint i = 0; i < n; i++)
    {
      ShuRange range = { spans[i].start, spans[i].end };
      g_autoptr(ShuAnnotation) a = shu_annotation_new (NULL, &range, 1, spans[i].label, NULL,
                                                       NULL, NULL, NULL);

      shu_annotation_store_add (shu_document_get_store (document), a, NULL);
    }
  return document;
}

static ShuSource *
ten (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abcdefghij", 10);

  return shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, NULL);
}

static const ShuAgreementRow *
row (GPtrArray  *rows,
     const char *label)
{
  for (guint i = 0; i < rows->len; i++)
    {
      const ShuAgreementRow *r = g_ptr_array_index (rows, i);

      if (label == NULL ? r->overall : (!r->overall && g_strcmp0 (r->label, label) == 0))
        return r;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
test_kappa_and_f1 (void)
{
  g_autoptr(ShuSource) source = ten ();
  /* Code points: 0123456789
   *        A: X XXXX..YY..   B: X ..XXX.YY.. */
  const Span a_spans[] = { { "X", 0, 4 }, { "Y", 6, 8 } };
  const Span b_spans[] = { { "X", 2, 5 }, { "Y", 6, 8 } };
  g_autoptr(ShuDocument) a = make (source, a_spans, 2);
  g_autoptr(ShuDocument) b = make (source, b_spans, 2);
  g_autoptr(GPtrArray) rows = shu_agreement_compute (a, b);
  g_autofree char *table = shu_agreement_format_table (rows);
  const ShuAgreementRow *r;

  g_assert_cmpuint (rows->len, ==, 4);  /* X, Y, Z, overall */

  /* X: A covers {0,1,2,3}, B covers {2,3,4}. n11 = 2, n10 = 2, n01 = 1,
   * n00 = 5. po = (2 + 5) / 10 = 0.7; pA = 0.4, pB = 0.3;
   * pe = 0.4 × 0.3 + 0.6 × 0.7 = 0.12 + 0.42 = 0.54;
   * kappa = (0.7 − 0.54) / (1 − 0.54) = 0.16 / 0.46 = 0.347826…
   * Spans: [0,4) vs [2,5): no exact match, one overlap match;
   * exact F1 = 2 × 0 / (1 + 1) = 0, overlap F1 = 2 × 1 / 2 = 1. */
  r = row (rows, "X");
  g_assert_true (r->kappa_defined);
  g_assert_cmpfloat_with_epsilon (r->kappa, 0.16 / 0.46, 1e-9);
  g_assert_cmpuint (r->points_a, ==, 4);
  g_assert_cmpuint (r->points_b, ==, 3);
  g_assert_cmpfloat_with_epsilon (r->exact_f1, 0, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->overlap_f1, 1, 1e-9);

  /* Y: both cover {6,7}: po = 1; pe = 0.2 × 0.2 + 0.8 × 0.8 = 0.68;
   * kappa = (1 − 0.68) / 0.32 = 1. One exact match: F1 = 1. */
  r = row (rows, "Y");
  g_assert_cmpfloat_with_epsilon (r->kappa, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->exact_f1, 1, 1e-9);

  /* Z: nobody used it; pe = 0 × 0 + 1 × 1 = 1: kappa undefined, and no
   * spans: F1 undefined. Both print "n/a", never "nan". */
  r = row (rows, "Z");
  g_assert_false (r->kappa_defined);
  g_assert_false (r->f1_defined);

  /* Overall, one category per code point (none = ·):
   *   A: X X X X · · Y Y · ·   counts X 4, Y 2, none 4
   *   B: · · X X X · Y Y · ·   counts X 3, Y 2, none 5
   * agreements at 2, 3, 5, 6, 7, 8, 9: po = 0.7;
   * pe = (4 × 3 + 2 × 2 + 4 × 5) / 100 = 36 / 100 = 0.36;
   * kappa = (0.7 − 0.36) / 0.64 = 0.53125.
   * Spans: exact 0 + 1 = 1 of 2 + 2: F1 = 2 / 4 = 0.5; overlap 2: F1 = 1. */
  r = row (rows, NULL);
  g_assert_cmpfloat_with_epsilon (r->kappa, 0.34 / 0.64, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->exact_f1, 0.5, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->overlap_f1, 1.0, 1e-9);

  g_assert_cmpstr (table, ==,
                   "     A      B    kappa  exact-F1  overlap-F1  label\n"
                   "     1      1    0.348     0.000       1.000  X\n"
                   "     1      1    1.000     1.000       1.000  Y\n"
                   "     0      0      n/a       n/a         n/a  Z\n"
                   "     2      2    0.531     0.500       1.000  (overall)\n");
  g_assert_null (strstr (table, "nan"));
}

/* A corpus of two texts added up is the two texts as one: the same rows
 * as the 20 code points "abcdefghij" twice with the second text's spans
 * moved by 10. */
static void
test_totals_as_one_text (void)
{
  g_autoptr(ShuSource) source = ten ();
  g_autoptr(GBytes) twice_bytes = g_bytes_new_static ("abcdefghijabcdefghij", 20);
  g_autoptr(ShuSource) twice = shu_source_new_from_bytes (twice_bytes, SHU_ENCODING_UTF8, NULL);
  const Span a1[] = { { "X", 0, 4 }, { "Y", 6, 8 } };
  const Span b1[] = { { "X", 2, 5 }, { "Y", 6, 8 } };
  /* The second text: Z for A only, and no label for both. */
  const Span a2[] = { { "Z", 1, 3 }, { NULL, 5, 9 } };
  const Span b2[] = { { NULL, 5, 9 }, { "X", 0, 2 } };
  const Span a_all[] = { { "X", 0, 4 }, { "Y", 6, 8 }, { "Z", 11, 13 }, { NULL, 15, 19 } };
  const Span b_all[] = { { "X", 2, 5 }, { "Y", 6, 8 }, { NULL, 15, 19 }, { "X", 10, 12 } };
  g_autoptr(ShuDocument) da1 = make (source, a1, 2);
  g_autoptr(ShuDocument) db1 = make (source, b1, 2);
  g_autoptr(ShuDocument) da2 = make (source, a2, 2);
  g_autoptr(ShuDocument) db2 = make (source, b2, 2);
  g_autoptr(ShuDocument) da = make (twice, a_all, 4);
  g_autoptr(ShuDocument) db = make (twice, b_all, 4);
  g_autoptr(ShuAgreementTotals) totals = shu_agreement_totals_new ();
  g_autoptr(GPtrArray) added = NULL;
  g_autoptr(GPtrArray) whole = shu_agreement_compute (da, db);
  g_autofree char *added_table = NULL;
  g_autofree char *whole_table = NULL;

  shu_agreement_totals_add (totals, da1, db1);
  shu_agreement_totals_add (totals, da2, db2);
  added = shu_agreement_totals_get_rows (totals);
  added_table = shu_agreement_format_table (added);
  whole_table = shu_agreement_format_table (whole);
  g_assert_cmpstr (added_table, ==, whole_table);
  for (guint i = 0; i < whole->len; i++)
    {
      const ShuAgreementRow *x = g_ptr_array_index (added, i);
      const ShuAgreementRow *y = g_ptr_array_index (whole, i);

      g_assert_cmpstr (x->label_id, ==, y->label_id);
      g_assert_cmpuint (x->points_a, ==, y->points_a);
      g_assert_cmpuint (x->points_b, ==, y->points_b);
      g_assert_cmpfloat_with_epsilon (x->kappa, y->kappa, 1e-12);
    }
  /* Overall, by hand. A: X0-3 Y6-7 | Z11-12 none15-18 ; B: X2-4 Y6-7 |
   * X10-11 none15-18. Categories agree at 2,3,5,6,7,8,9 (7), 13,14 (2),
   * 15..18 (4), 19 (1): 14 of 20. Counts A: X4 Y2 Z2 none4 ·8;
   * B: X5 Y2 none4 ·9. pe = (4×5 + 2×2 + 0 + 4×4 + 8×9) / 400 = 112 / 400;
   * kappa = (0.7 − 0.28) / 0.72. */
  g_assert_cmpfloat_with_epsilon (row (added, NULL)->kappa, 0.42 / 0.72, 1e-9);
}

static void
test_one_to_one_and_first_label (void)
{
  g_autoptr(ShuSource) source = ten ();
  /* A: one X over [0,6); B: X [0,2) and X [3,6). Greedy one-to-one by
   * code points in common: ([0,6),[3,6)) has 3, ([0,6),[0,2)) has 2, so
   * only the first pair matches: overlap F1 = 2 × 1 / (1 + 2) = 0.667. */
  const Span a_spans[] = { { "X", 0, 6 }, { "X", 6, 8 }, { "Y", 7, 10 } };
  const Span b_spans[] = { { "X", 0, 2 }, { "X", 3, 6 }, { "Y", 6, 10 } };
  g_autoptr(ShuDocument) a = make (source, a_spans, 2);
  g_autoptr(ShuDocument) b = make (source, b_spans, 2);
  g_autoptr(GPtrArray) rows = shu_agreement_compute (a, b);
  g_autoptr(ShuDocument) a2 = make (source, a_spans, 3);
  g_autoptr(ShuDocument) b2 = make (source, b_spans, 3);
  g_autoptr(GPtrArray) rows2 = shu_agreement_compute (a2, b2);
  const ShuAgreementRow *r = row (rows, "X");

  /* Here A's second X [6,8) overlaps nothing in B. n_a = 2, n_b = 2,
   * one overlap match: F1 = 2 / 4 = 0.5. */
  g_assert_cmpuint (r->overlap_matches, ==, 1);
  g_assert_cmpfloat_with_epsilon (r->overlap_f1, 0.5, 1e-9);

  /* With Y added, code point 7 is covered by A's X [6,8) and Y [7,10):
   * the first in sidecar order, X (start 6), decides its category.
   *   A: X X X X X X X X Y Y   (X 8, Y 2, none 0)
   *   B: X X · X X X Y Y Y Y   (X 5, Y 4, none 1)
   * agreements at 0, 1, 3, 4, 5, 8, 9: po = 0.7;
   * pe = (8 × 5 + 2 × 4 + 0 × 1) / 100 = 0.48;
   * kappa = (0.7 − 0.48) / 0.52 = 0.423077… */
  r = row (rows2, NULL);
  g_assert_cmpfloat_with_epsilon (r->kappa, 0.22 / 0.52, 1e-9);
}

static ShuDocument *
make_with (ShuSource   *source,
           ShuLabelSet *labels,
           const Span  *spans,
           guint        n)
{
  ShuDocument *document = shu_document_new (source, labels);

  for (guint i = 0; i < n; i++)
    {
      ShuRange range = { spans[i].start, spans[i].end };
      g_autoptr(ShuAnnotation) a = shu_annotation_new (NULL, &range, 1, spans[i].label, NULL,
                                                       NULL, NULL, NULL);

      shu_annotation_store_add (shu_document_get_store (document), a, NULL);
    }
  return document;
}

/* Two annotators marked the same words with the same starter labels, one
 * with a Hebrew interface (טענה), one with an English one (Claim): they
 * agree completely. Labels are the same label by id, and the row shows
 * both names. */
static void
test_interface_languages (void)
{
  g_autoptr(ShuSource) source = ten ();
  g_autoptr(ShuLabelSet) hebrew = shu_test_starters_in ("he");
  g_autoptr(ShuLabelSet) english = shu_test_starters_in ("en");
  const Span spans[] = { { "claim", 0, 3 }, { "evidence", 4, 7 }, { "claim", 8, 10 } };
  g_autoptr(ShuDocument) a = make_with (source, english, spans, G_N_ELEMENTS (spans));
  g_autoptr(ShuDocument) b = make_with (source, hebrew, spans, G_N_ELEMENTS (spans));
  g_autoptr(GPtrArray) rows = shu_agreement_compute (a, b);
  g_autofree char *table = shu_agreement_format_table (rows);
  const ShuAgreementRow *r;

  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (hebrew, "claim")), ==, "טענה");
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (english, "claim")), ==, "Claim");

  r = row (rows, "Claim / טענה");
  g_assert_cmpuint (r->n_a, ==, 2);
  g_assert_cmpuint (r->n_b, ==, 2);
  g_assert_true (r->kappa_defined);
  g_assert_cmpfloat_with_epsilon (r->kappa, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->exact_f1, 1, 1e-9);
  r = row (rows, "Evidence / ראיה");
  g_assert_cmpfloat_with_epsilon (r->kappa, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->exact_f1, 1, 1e-9);
  r = row (rows, NULL);
  g_assert_cmpfloat_with_epsilon (r->kappa, 1, 1e-9);
  g_assert_cmpfloat_with_epsilon (r->exact_f1, 1, 1e-9);
  /* One row per label id: the six starters and the overall row. */
  g_assert_cmpuint (rows->len, ==, 7);
  g_assert_nonnull (strstr (table, "     2      2    1.000     1.000       1.000  Claim / טענה\n"));
}

/* A label name is user text: the table a terminal shows escapes control
 * characters rather than sending them raw. */
static void
test_table_escapes_names (void)
{
  g_autoptr(ShuSource) source = ten ();
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("x", "red\033[31m\ttab\u202e", "#112233",
                                             NULL, 0);
  const Span spans[] = { { "x", 0, 3 } };
  g_autoptr(ShuDocument) a = NULL;
  g_autoptr(ShuDocument) b = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *table = NULL;

  shu_label_set_append (labels, label);
  a = make_with (source, labels, spans, 1);
  b = make_with (source, labels, spans, 1);
  rows = shu_agreement_compute (a, b);
  table = shu_agreement_format_table (rows);
  g_assert_null (strchr (table, '\033'));
  g_assert_null (strchr (table, '\t'));
  g_assert_nonnull (strstr (table, "  red\\x1b[31m\\x09tab⟨RLO⟩\n"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/agreement/interface-languages", test_interface_languages);
  g_test_add_func ("/agreement/table-escapes-names", test_table_escapes_names);
  g_test_add_func ("/agreement/kappa-f1", test_kappa_and_f1);
  g_test_add_func ("/agreement/one-to-one", test_one_to_one_and_first_label);
  g_test_add_func ("/agreement/totals-as-one-text", test_totals_as_one_text);
  return g_test_run ();
}
