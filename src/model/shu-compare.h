/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* How two annotators' documents on the same text line up: the one pairing
 * behind both the Compare list and the agreement figures
 * (docs/AGREEMENT.md). Labels are matched by id, never by name: the
 * starter labels are named in each annotator's interface language. */

/**
 * ShuLabelGroup:
 * @label_id: the label's id; NULL for annotations without a label (or with
 *   a label their own document does not define)
 * @name: what to call it: the name in the first document, or "Claim /
 *   טענה" when the second names the same id differently; NULL for no label
 * @a, @b: (element-type ShuAnnotation): each document's annotations with
 *   that label, in sidecar order (start, end, id); borrowed from the
 *   documents' stores
 */
typedef struct
{
  char      *label_id;
  char      *name;
  GPtrArray *a;
  GPtrArray *b;
} ShuLabelGroup;

void       shu_label_group_free      (ShuLabelGroup *group);

/* One group per label id: the labels of @a in order, then those only @b
 * has, then "no label" when an annotation of either has none. A label of
 * @b whose id @a lacks joins @a's label of the same name if @b lacks that
 * one's id (two labels made apart, by hand, with one name); its group
 * keeps @a's id. (element-type ShuLabelGroup) (transfer full) */
GPtrArray *shu_compare_group_labels  (ShuDocument   *a,
                                      ShuDocument   *b);

/**
 * ShuComparePair:
 * @a, @b: indexes in the group's @a and @b
 * @exact: whether the two have the same ranges
 *
 * Pairs are one to one: the exact ones first (each of @a's annotations in
 * order takes the first unpaired identical one of @b), then the rest by
 * the number of code points in common, most first (ties: earlier in @a,
 * then in @b), while neither side is paired yet.
 */
typedef struct
{
  guint    a;
  guint    b;
  gboolean exact;
} ShuComparePair;

/* (element-type ShuComparePair) (transfer full), exact pairs first. */
GArray    *shu_compare_pair_group    (ShuLabelGroup *group);

/**
 * ShuCompareStatus:
 * @SHU_COMPARE_SAME: both marked the same ranges with the same label
 * @SHU_COMPARE_OVERLAP: both used the label on overlapping ranges
 * @SHU_COMPARE_RELABELLED: the same ranges with different labels (or one
 *   without a label)
 * @SHU_COMPARE_ONLY_MINE: only the user's document has it
 * @SHU_COMPARE_ONLY_THEIRS: only the other document has it
 */
typedef enum
{
  SHU_COMPARE_SAME,
  SHU_COMPARE_OVERLAP,
  SHU_COMPARE_RELABELLED,
  SHU_COMPARE_ONLY_MINE,
  SHU_COMPARE_ONLY_THEIRS,
  SHU_COMPARE_N_STATUS,
} ShuCompareStatus;

/**
 * ShuCompareItem:
 * @label: the name of the label (of @mine when there is one), as
 *   #ShuLabelGroup names it; NULL for no label
 * @their_label: for %SHU_COMPARE_RELABELLED, the name of @theirs' label
 *   (NULL for none); otherwise NULL
 * @mine, @theirs: the two annotations (one is NULL for ONLY_*)
 *
 * One line of the comparison.
 */
typedef struct
{
  ShuCompareStatus  status;
  char             *label;
  char             *their_label;
  ShuAnnotation    *mine;
  ShuAnnotation    *theirs;
} ShuCompareItem;

void       shu_compare_item_free     (ShuCompareItem *item);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuCompareItem, shu_compare_item_free)

/* Pairs within each label (shu_compare_pair_group()), then what is left
 * with the same ranges across labels. (element-type ShuCompareItem)
 * (transfer full), in text order. */
GPtrArray *shu_compare_documents     (ShuDocument   *mine,
                                      ShuDocument   *theirs);

G_END_DECLS
