/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/**
 * ShuAgreementRow:
 * @label_id: the label's id; NULL for "no label" and the overall row
 * @label: the label's name, or both names ("Claim / טענה") when the two
 *   documents name the same id differently; NULL for annotations without
 *   a label in a per-label row, and for the overall row (see @overall)
 * @overall: whether this is the row for all labels together
 * @n_a, @n_b: annotations of each annotator (with this label)
 * @points_a, @points_b: code points they cover
 * @kappa: Cohen's kappa over code points (see docs/AGREEMENT.md); only
 *   meaningful when @kappa_defined (it is not when the expected agreement
 *   is 1, e.g. neither annotator used the label)
 * @exact_matches: one-to-one pairs with the same label and the same ranges
 * @overlap_matches: one-to-one pairs with the same label whose ranges
 *   overlap (the exact pairs included), paired as the Compare list pairs
 *   them: shu_compare_pair_group()
 * @exact_f1, @overlap_f1: 2 × matches / (n_a + n_b); only meaningful when
 *   @f1_defined (n_a + n_b > 0)
 */
typedef struct
{
  char     *label_id;
  char     *label;
  gboolean  overall;
  guint     n_a;
  guint     n_b;
  guint     points_a;
  guint     points_b;
  double    kappa;
  gboolean  kappa_defined;
  guint     exact_matches;
  guint     overlap_matches;
  double    exact_f1;
  double    overlap_f1;
  gboolean  f1_defined;
} ShuAgreementRow;

void         shu_agreement_row_free (ShuAgreementRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuAgreementRow, shu_agreement_row_free)

/**
 * shu_agreement_compute:
 *
 * Agreement between two annotators' documents on the same text (of the
 * same length; @b's annotations are compared as they are). Labels are
 * matched by id (shu_compare_group_labels()). Returns one row per label
 * (the labels of @a in order, then those only @b has, then "no label" when
 * unlabelled annotations exist), then the overall row.
 *
 * Returns: (transfer full) (element-type ShuAgreementRow):
 */
GPtrArray   *shu_agreement_compute  (ShuDocument *a,
                                     ShuDocument *b);

/**
 * ShuAgreementTotals:
 *
 * Agreement over several pairs of documents taken together (a corpus):
 * each pair is two annotators' documents on one text, compared as
 * shu_agreement_compute() compares them; the rows are as if the texts were
 * one after the other, so that kappa weighs every code point once and F1
 * every annotation once. Labels are matched by id across the pairs; the
 * rows are in the order the labels were first seen, "no label" last, then
 * the overall row. The time is that of comparing each pair alone.
 */
typedef struct _ShuAgreementTotals ShuAgreementTotals;

ShuAgreementTotals *shu_agreement_totals_new      (void);
void                shu_agreement_totals_free     (ShuAgreementTotals *totals);
void                shu_agreement_totals_add      (ShuAgreementTotals *totals,
                                                   ShuDocument        *a,
                                                   ShuDocument        *b);
/* (transfer full) (element-type ShuAgreementRow) */
GPtrArray          *shu_agreement_totals_get_rows (ShuAgreementTotals *totals);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuAgreementTotals, shu_agreement_totals_free)

/* "0.812" (three decimals), or "n/a" when not @defined: never "nan". */
char        *shu_agreement_format_value (double   value,
                                         gboolean defined);

/* The rows as a plain-text table with a header line; the label is the
 * last column so that right-to-left names do not break the alignment, and
 * its control characters are escaped (shu_text_escape_for_terminal()). */
char        *shu_agreement_format_table (GPtrArray *rows);

/**
 * ShuRelationAgreementRow:
 * @type: the relation type; NULL for the overall row
 * @n_a, @n_b: relations of each annotator (of this type)
 * @matches: one-to-one pairs of the same kind and type whose ends match:
 *   the annotations they link (and an event's trigger) cover the same
 *   ranges with the same label in both documents, argument by argument
 *   with the same roles (an equivalence set's members in any order)
 * @f1: 2 × matches / (n_a + n_b); meaningful when @f1_defined
 */
typedef struct
{
  char     *type;
  guint     n_a;
  guint     n_b;
  guint     matches;
  double    f1;
  gboolean  f1_defined;
} ShuRelationAgreementRow;

void         shu_relation_agreement_row_free (ShuRelationAgreementRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuRelationAgreementRow, shu_relation_agreement_row_free)

/* One row per relation type (sorted), then the overall row.
 * (transfer full) (element-type ShuRelationAgreementRow) */
GPtrArray   *shu_agreement_compute_relations (ShuDocument *a,
                                              ShuDocument *b);

/**
 * ShuAttributeAgreementRow:
 * @name: the attribute
 * @n_pairs: annotations the two annotators made alike (same ranges, same
 *   label, paired one to one) of which at least one carries the attribute
 * @agreed: of those, the pairs with the same value (a binary attribute:
 *   both have it)
 * @kappa: Cohen's kappa over those pairs, "absent" counting as a value;
 *   meaningful when @kappa_defined
 */
typedef struct
{
  char     *name;
  guint     n_pairs;
  guint     agreed;
  double    kappa;
  gboolean  kappa_defined;
} ShuAttributeAgreementRow;

void         shu_attribute_agreement_row_free (ShuAttributeAgreementRow *row);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuAttributeAgreementRow, shu_attribute_agreement_row_free)

/* One row per attribute name, sorted.
 * (transfer full) (element-type ShuAttributeAgreementRow) */
GPtrArray   *shu_agreement_compute_attributes (ShuDocument *a,
                                               ShuDocument *b);

/* The rows as plain-text tables like shu_agreement_format_table(). */
char        *shu_agreement_format_relations  (GPtrArray *rows);
char        *shu_agreement_format_attributes (GPtrArray *rows);

G_END_DECLS
