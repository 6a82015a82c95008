/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-document.h"

G_BEGIN_DECLS

#define SHU_TYPE_AGREEMENT_WINDOW (shu_agreement_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuAgreementWindow, shu_agreement_window, SHU, AGREEMENT_WINDOW,
                      AdwWindow)

/* The columns of the table, left to right (right to left in a
 * right-to-left locale). */
typedef enum
{
  SHU_AGREEMENT_COLUMN_LABEL,
  SHU_AGREEMENT_COLUMN_MINE,
  SHU_AGREEMENT_COLUMN_THEIRS,
  SHU_AGREEMENT_COLUMN_KAPPA,
  SHU_AGREEMENT_COLUMN_EXACT_F1,
  SHU_AGREEMENT_COLUMN_OVERLAP_F1,
  SHU_AGREEMENT_N_COLUMNS,
} ShuAgreementColumn;

/* The tables of the window, top to bottom: the labels', then (when either
 * annotator has any) the relations' and the attributes'. */
typedef enum
{
  SHU_AGREEMENT_TABLE_LABELS,
  SHU_AGREEMENT_TABLE_RELATIONS,
  SHU_AGREEMENT_TABLE_ATTRIBUTES,
  SHU_AGREEMENT_N_TABLES,
} ShuAgreementTable;

/* The columns of the relations' table (shu_agreement_compute_relations()). */
typedef enum
{
  SHU_RELATION_AGREEMENT_COLUMN_TYPE,
  SHU_RELATION_AGREEMENT_COLUMN_MINE,
  SHU_RELATION_AGREEMENT_COLUMN_THEIRS,
  SHU_RELATION_AGREEMENT_COLUMN_MATCHES,
  SHU_RELATION_AGREEMENT_COLUMN_F1,
  SHU_RELATION_AGREEMENT_N_COLUMNS,
} ShuRelationAgreementColumn;

/* The columns of the attributes' table (shu_agreement_compute_attributes()). */
typedef enum
{
  SHU_ATTRIBUTE_AGREEMENT_COLUMN_NAME,
  SHU_ATTRIBUTE_AGREEMENT_COLUMN_PAIRS,
  SHU_ATTRIBUTE_AGREEMENT_COLUMN_AGREED,
  SHU_ATTRIBUTE_AGREEMENT_COLUMN_KAPPA,
  SHU_ATTRIBUTE_AGREEMENT_N_COLUMNS,
} ShuAttributeAgreementColumn;

/**
 * ShuAgreementWindow:
 *
 * Agreement between the user's annotations (@mine, "A") and a layer's
 * ("B"), from shu_agreement_compute(): per label and overall, Cohen's
 * kappa over code points and span F1, exact and overlapping. When either
 * has relations or attributes, their agreement follows, as
 * `shulayim-cli agree` prints it: per relation type and overall, the
 * relations of each and the matches with their F1; per attribute, the
 * pairs, the agreements and kappa.
 */
GtkWidget  *shu_agreement_window_new      (ShuDocument        *mine,
                                           ShuDocument        *theirs,
                                           const char         *theirs_name);
guint       shu_agreement_window_get_n_rows (ShuAgreementWindow *self);
/* The text of a cell; row 0 is the first label (the header is not
 * counted), the last row is the overall one. */
const char *shu_agreement_window_get_cell (ShuAgreementWindow *self,
                                           guint               row,
                                           ShuAgreementColumn  column);

/* The table's grid (header row first), hidden when the table has no
 * rows. (transfer none) */
GtkWidget  *shu_agreement_window_get_table         (ShuAgreementWindow *self,
                                                    ShuAgreementTable   table);
guint       shu_agreement_window_get_n_table_rows  (ShuAgreementWindow *self,
                                                    ShuAgreementTable   table);
guint       shu_agreement_window_get_n_columns     (ShuAgreementWindow *self,
                                                    ShuAgreementTable   table);
/* As shu_agreement_window_get_cell(), in any table; @column is one of
 * the table's columns (ShuAgreementColumn, ShuRelationAgreementColumn,
 * ShuAttributeAgreementColumn). */
const char *shu_agreement_window_get_table_cell    (ShuAgreementWindow *self,
                                                    ShuAgreementTable   table,
                                                    guint               row,
                                                    guint               column);

G_END_DECLS
