/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-agreement.h"
#include "shu-compare.h"

/* The Compare list without a display: labels matched by id, the same words
 * under two labels as one item, and the same pairs as the agreement
 * figures. */

typedef struct
{
  const char *label;   /* a label id; NULL: no label */
  guint       start;
  guint       end;
} Span;

/* A document whose labels "a", "b" are named @name_a, @name_b. */
static ShuDocument *
make (ShuSource  *source,
      const char *name_a,
      const char *name_b,
      const Span *spans,
      guint       n)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) a = shu_label_new ("a", name_a, "#112233", NULL, 0);
  g_autoptr(ShuLabel) b = shu_label_new ("b", name_b, "#445566", NULL, 0);
  ShuDocument *document;

  shu_label_set_append (labels, a);
  shu_label_set_append (labels, b);
  document = shu_document_new (source, labels);
  for (guint i = 0; i < n; i++)
    {
      ShuRange range = { spans[i].start, spans[i].end };
      g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, spans[i].label,
                                                                NULL, NULL, NULL, NULL);

      shu_annotation_store_add (shu_document_get_store (document), annotation, NULL);
    }
  return document;
}

static ShuSource *
twenty (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abcdefghijklmnopqrst", 20);

  return shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, NULL);
}

static void
test_items (void)
{
  g_autoptr(ShuSource) source = twenty ();
  /* Mine names the labels in English, theirs in Hebrew: same ids. */
  const Span mine_spans[] = {
    { "a", 0, 3 },     /* same words, same label */
    { "a", 4, 8 },     /* overlaps theirs' [5, 9) */
    { "b", 10, 12 },   /* same words as theirs' "a" [10, 12) */
    { NULL, 13, 15 },  /* same words as theirs' "b" [13, 15) */
    { "b", 17, 19 },   /* only mine */
  };
  const Span their_spans[] = {
    { "a", 0, 3 }, { "a", 5, 9 }, { "a", 10, 12 }, { "b", 13, 15 }, { "b", 15, 16 },
  };
  g_autoptr(ShuDocument) mine = make (source, "Claim", "Evidence", mine_spans, 5);
  g_autoptr(ShuDocument) theirs = make (source, "טענה", "Evidence", their_spans, 5);
  g_autoptr(GPtrArray) items = shu_compare_documents (mine, theirs);
  const struct {
    ShuCompareStatus status;
    const char *label;
    const char *their_label;
    guint start;
  } expected[] = {
    { SHU_COMPARE_SAME, "Claim / טענה", NULL, 0 },
    { SHU_COMPARE_OVERLAP, "Claim / טענה", NULL, 4 },
    { SHU_COMPARE_RELABELLED, "Evidence", "Claim / טענה", 10 },
    { SHU_COMPARE_RELABELLED, NULL, "Evidence", 13 },
    { SHU_COMPARE_ONLY_THEIRS, "Evidence", NULL, 15 },
    { SHU_COMPARE_ONLY_MINE, "Evidence", NULL, 17 },
  };

  g_assert_cmpuint (items->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < items->len; i++)
    {
      ShuCompareItem *item = g_ptr_array_index (items, i);
      ShuAnnotation *shown = item->mine != NULL ? item->mine : item->theirs;

      g_assert_cmpint (item->status, ==, expected[i].status);
      g_assert_cmpstr (item->label, ==, expected[i].label);
      g_assert_cmpstr (item->their_label, ==, expected[i].their_label);
      g_assert_cmpuint (shu_annotation_get_start (shown), ==, expected[i].start);
      g_assert_true ((item->mine != NULL) == (item->status != SHU_COMPARE_ONLY_THEIRS));
      g_assert_true ((item->theirs != NULL) == (item->status != SHU_COMPARE_ONLY_MINE));
    }
}

/* The agreement figures count the Compare list's pairs: exact matches are
 * its "same" rows, overlap matches its "same" and "overlap" rows. */
static void
test_same_pairs_as_agreement (void)
{
  g_autoptr(ShuSource) source = twenty ();
  /* A tie the greedy matching alone would break the other way: mine
   * [5, 10) has 5 code points in common with both of theirs' [0, 10) and
   * [5, 10); the identical one is paired first, leaving [0, 10) to mine
   * [0, 3). */
  const Span mine_spans[] = { { "a", 0, 3 }, { "a", 5, 10 }, { "b", 12, 14 } };
  const Span their_spans[] = { { "a", 0, 10 }, { "a", 5, 10 }, { "b", 12, 13 } };
  g_autoptr(ShuDocument) mine = make (source, "X", "Y", mine_spans, 3);
  g_autoptr(ShuDocument) theirs = make (source, "X", "Y", their_spans, 3);
  g_autoptr(GPtrArray) items = shu_compare_documents (mine, theirs);
  g_autoptr(GPtrArray) rows = shu_agreement_compute (mine, theirs);
  const ShuAgreementRow *overall = g_ptr_array_index (rows, rows->len - 1);
  guint same = 0, overlap = 0;

  for (guint i = 0; i < items->len; i++)
    {
      ShuCompareItem *item = g_ptr_array_index (items, i);

      same += item->status == SHU_COMPARE_SAME;
      overlap += item->status == SHU_COMPARE_OVERLAP;
    }
  g_assert_cmpuint (same, ==, 1);
  g_assert_cmpuint (overlap, ==, 2);
  g_assert_true (overall->overall);
  g_assert_cmpuint (overall->exact_matches, ==, same);
  g_assert_cmpuint (overall->overlap_matches, ==, same + overlap);
}

/* Ids decide; a name pairs only labels no id can: both annotators added a
 * "Topic" label by hand (each its own id), and they agree on it. Their
 * "Claim" and "טענה" share the id "a"; mine "Evidence" (id "b") and theirs
 * "Evidence" under another id stay apart, since theirs has "b" too. */
static void
test_names_pair_only_unpaired_ids (void)
{
  g_autoptr(ShuSource) source = twenty ();
  const Span spans[] = { { "a", 0, 3 }, { "topic-mine", 4, 6 } };
  const Span their_spans[] = { { "a", 0, 3 }, { "topic-theirs", 4, 6 } };
  g_autoptr(ShuDocument) mine = make (source, "Claim", "Evidence", spans, 0);
  g_autoptr(ShuDocument) theirs = make (source, "טענה", "Other", their_spans, 0);
  g_autoptr(ShuLabel) topic_mine = shu_label_new ("topic-mine", "Topic", "#000000", NULL, 0);
  g_autoptr(ShuLabel) topic_theirs = shu_label_new ("topic-theirs", "Topic", "#000000", NULL, 0);
  g_autoptr(ShuLabel) evidence = shu_label_new ("e2", "Evidence", "#000000", NULL, 0);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GPtrArray) rows = NULL;

  shu_annotation_store_add_label (shu_document_get_store (mine), topic_mine, -1);
  shu_annotation_store_add_label (shu_document_get_store (theirs), topic_theirs, -1);
  shu_annotation_store_add_label (shu_document_get_store (theirs), evidence, -1);
  for (guint i = 0; i < 2; i++)
    {
      ShuRange range = { spans[i].start, spans[i].end };
      g_autoptr(ShuAnnotation) m = shu_annotation_new (NULL, &range, 1, spans[i].label, NULL,
                                                       NULL, NULL, NULL);
      g_autoptr(ShuAnnotation) t = shu_annotation_new (NULL, &range, 1, their_spans[i].label,
                                                       NULL, NULL, NULL, NULL);

      shu_annotation_store_add (shu_document_get_store (mine), m, NULL);
      shu_annotation_store_add (shu_document_get_store (theirs), t, NULL);
    }

  groups = shu_compare_group_labels (mine, theirs);
  /* a, b, topic-mine (with theirs' Topic), then theirs' e2. */
  g_assert_cmpuint (groups->len, ==, 4);
  {
    const char *ids[] = { "a", "b", "topic-mine", "e2" };
    const char *names[] = { "Claim / טענה", "Evidence / Other", "Topic", "Evidence" };
    const guint n_b[] = { 1, 0, 1, 0 };

    for (guint i = 0; i < groups->len; i++)
      {
        ShuLabelGroup *group = g_ptr_array_index (groups, i);

        g_assert_cmpstr (group->label_id, ==, ids[i]);
        g_assert_cmpstr (group->name, ==, names[i]);
        g_assert_cmpuint (group->b->len, ==, n_b[i]);
      }
  }
  rows = shu_agreement_compute (mine, theirs);
  g_assert_cmpfloat_with_epsilon (((ShuAgreementRow *) g_ptr_array_index (rows, 2))->exact_f1,
                                  1, 1e-9);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/compare/items", test_items);
  g_test_add_func ("/compare/same-pairs-as-agreement", test_same_pairs_as_agreement);
  g_test_add_func ("/compare/names-pair-only-unpaired-ids", test_names_pair_only_unpaired_ids);
  return g_test_run ();
}
