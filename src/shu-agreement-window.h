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

/**
 * ShuAgreementWindow:
 *
 * Agreement between the user's annotations (@mine, "A") and a layer's
 * ("B"), from shu_agreement_compute(): per label and overall, Cohen's
 * kappa over code points and span F1, exact and overlapping.
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

G_END_DECLS
