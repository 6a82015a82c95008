/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-corpus-report.h"

G_BEGIN_DECLS

/**
 * ShuReportChartKind:
 * @SHU_REPORT_CHART_BARS: a bar per label, its total in the corpus
 * @SHU_REPORT_CHART_HEAT_MAP: a cell per pair of labels, darker where
 *   their annotations overlap more often
 */
typedef enum
{
  SHU_REPORT_CHART_BARS,
  SHU_REPORT_CHART_HEAT_MAP,
} ShuReportChartKind;

#define SHU_TYPE_REPORT_CHART (shu_report_chart_get_type ())
G_DECLARE_FINAL_TYPE (ShuReportChart, shu_report_chart, SHU, REPORT_CHART, GtkWidget)

/**
 * ShuReportChart:
 *
 * A chart of a corpus report, drawn with cairo: label names on the
 * reading side (the right under a right-to-left interface, where the bars
 * then grow leftwards and the heat map's columns run from the right). It
 * copies the figures it shows, so the report may go.
 */
GtkWidget *shu_report_chart_new         (ShuReportChartKind  kind);
void       shu_report_chart_set_report  (ShuReportChart     *self,
                                         ShuCorpusReport    *report);
/* The labels shown (bars, or rows of the heat map). */
guint      shu_report_chart_get_n_items (ShuReportChart     *self);
/* The figure shown for label @index (a bar), or for the pair (@index,
 * @other) of the heat map. */
guint      shu_report_chart_get_value   (ShuReportChart     *self,
                                         guint               index,
                                         guint               other);

G_END_DECLS
