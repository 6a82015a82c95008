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
 * @SHU_REPORT_CHART_ANNOTATOR_BARS: a group of bars per label, one bar per
 *   annotator (a series), each its count of the label's annotations
 */
typedef enum
{
  SHU_REPORT_CHART_BARS,
  SHU_REPORT_CHART_HEAT_MAP,
  SHU_REPORT_CHART_ANNOTATOR_BARS,
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
/* The annotators of the per-annotator chart (0 for the others). */
guint       shu_report_chart_get_n_series    (ShuReportChart *self);
const char *shu_report_chart_get_series_name (ShuReportChart *self,
                                              guint           index);
/* The figure shown for label @index (a bar), for the pair (@index,
 * @other) of the heat map, or for label @index by annotator @other. */
guint      shu_report_chart_get_value   (ShuReportChart     *self,
                                         guint               index,
                                         guint               other);

G_END_DECLS
