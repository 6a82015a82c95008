/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-report-chart.h"

#define ROW_HEIGHT   28
#define CELL_SIZE    36
#define GAP          8
#define VALUE_WIDTH  48

struct _ShuReportChart
{
  GtkWidget           parent_instance;

  /* Owned */
  ShuReportChartKind  kind;
  GPtrArray          *names;   /* (element-type utf8) */
  GPtrArray          *series;  /* (element-type utf8): the annotators */
  /* guint: n for bars, n x n for the heat map, n x series per annotator */
  GArray             *values;
  guint               max;
};

G_DEFINE_FINAL_TYPE (ShuReportChart, shu_report_chart, GTK_TYPE_WIDGET)

/* GNOME's blue, readable on the light and the dark background alike. */
static const GdkRGBA bar_color = { 0.208, 0.518, 0.894, 1.0 };

static void
get_foreground (GtkWidget *widget,
                GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static guint
n_items (ShuReportChart *self)
{
  return self->names->len;
}

/* The width of the names' column: the labels', or beside the bars of the
 * per-annotator chart the annotators' (the labels head their groups). */
static int
names_width (ShuReportChart *self)
{
  GPtrArray *names = self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS ? self->series : self->names;
  int widest = 0;

  for (guint i = 0; i < names->len; i++)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (self), g_ptr_array_index (names, i));
      int w;

      pango_layout_get_pixel_size (layout, &w, NULL);
      widest = MAX (widest, w);
    }
  return MIN (widest, 240) + GAP;
}

/* Draws @text in the box (@x, @y, @width, ROW_HEIGHT), centred
 * vertically, at its start, end or centre (@align: 0, 1, 0.5). */
static void
draw_text (ShuReportChart *self,
           cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           double          height,
           double          align)
{
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int w, h;

  pango_layout_set_width (layout, MAX (1, (int) width) * PANGO_SCALE);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, x + (width - w) * align, y + (height - h) / 2);
  pango_cairo_show_layout (cr, layout);
}

/* x of a box of @w at logical @x, mirrored under right-to-left. */
static double
mirror (ShuReportChart *self,
        double          x,
        double          w)
{
  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    return gtk_widget_get_width (GTK_WIDGET (self)) - x - w;
  return x;
}

/* One row of a bar chart at @y: @name at the end of the names' column,
 * the bar of @value, its figure after it. */
static void
draw_bar_row (ShuReportChart *self,
              cairo_t        *cr,
              const GdkRGBA  *fg,
              double          y,
              const char     *name,
              guint           value)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  int name_w = names_width (self);
  double area = MAX (1, width - name_w - VALUE_WIDTH);
  double bar = self->max > 0 ? area * value / self->max : 0;
  g_autofree char *number = g_strdup_printf ("%u", value);

  gdk_cairo_set_source_rgba (cr, fg);
  /* The name ends next to its bar: at the end of its column. */
  draw_text (self, cr, name, mirror (self, 0, name_w - GAP), y, name_w - GAP, ROW_HEIGHT,
             rtl ? 0 : 1);

  gdk_cairo_set_source_rgba (cr, &bar_color);
  cairo_rectangle (cr, mirror (self, name_w, bar), y + 4, bar, ROW_HEIGHT - 8);
  cairo_fill (cr);

  gdk_cairo_set_source_rgba (cr, fg);
  draw_text (self, cr, number, mirror (self, name_w + bar + 4, VALUE_WIDTH - 4), y,
             VALUE_WIDTH - 4, ROW_HEIGHT, rtl ? 1 : 0);
}

static void
draw_bars (ShuReportChart *self,
           cairo_t        *cr,
           const GdkRGBA  *fg)
{
  for (guint i = 0; i < n_items (self); i++)
    draw_bar_row (self, cr, fg, i * ROW_HEIGHT, g_ptr_array_index (self->names, i),
                  g_array_index (self->values, guint, i));
}

/* A group per label: its name on a row of its own, at the start of the
 * chart (the reading side), then a bar per annotator. */
static void
draw_annotator_bars (ShuReportChart *self,
                     cairo_t        *cr,
                     const GdkRGBA  *fg)
{
  gboolean rtl = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  guint n_series = self->series->len;
  double y = 0;

  for (guint i = 0; i < n_items (self); i++)
    {
      g_autoptr(PangoLayout) layout =
        gtk_widget_create_pango_layout (GTK_WIDGET (self), g_ptr_array_index (self->names, i));
      PangoAttrList *attrs = pango_attr_list_new ();
      int w, h;

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      /* At the chart's start whatever the name's own direction (a Hebrew
       * label in an English chart heads its group on the left): placed by
       * its own width, not aligned in the chart's, which Pango would align
       * by the name's direction. */
      pango_layout_get_pixel_size (layout, &w, &h);
      if (w > width)
        {
          pango_layout_set_width (layout, MAX (1, width) * PANGO_SCALE);
          pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
          w = width;
        }
      gdk_cairo_set_source_rgba (cr, fg);
      cairo_move_to (cr, rtl ? width - w : 0, y + (ROW_HEIGHT - h) / 2);
      pango_cairo_show_layout (cr, layout);
      y += ROW_HEIGHT;

      for (guint a = 0; a < n_series; a++, y += ROW_HEIGHT)
        draw_bar_row (self, cr, fg, y, g_ptr_array_index (self->series, a),
                      g_array_index (self->values, guint, i * n_series + a));
    }
}

static void
draw_heat_map (ShuReportChart *self,
               cairo_t        *cr,
               const GdkRGBA  *fg)
{
  guint n = n_items (self);
  int name_w = names_width (self) + 24;

  /* Columns are headed by the numbers the rows carry before their names:
   * the names would not fit above narrow cells. */
  for (guint j = 0; j < n; j++)
    {
      g_autofree char *number = g_strdup_printf ("%u", j + 1);

      gdk_cairo_set_source_rgba (cr, fg);
      draw_text (self, cr, number, mirror (self, name_w + j * CELL_SIZE, CELL_SIZE), 0,
                 CELL_SIZE, ROW_HEIGHT, 0.5);
    }

  for (guint i = 0; i < n; i++)
    {
      double y = ROW_HEIGHT + i * CELL_SIZE;
      g_autofree char *name = g_strdup_printf ("%u  %s", i + 1,
                                               (char *) g_ptr_array_index (self->names, i));

      gdk_cairo_set_source_rgba (cr, fg);
      draw_text (self, cr, name, mirror (self, 0, name_w - GAP), y, name_w - GAP, CELL_SIZE,
                 0);

      for (guint j = 0; j < n; j++)
        {
          guint value = g_array_index (self->values, guint, i * n + j);
          double x = mirror (self, name_w + j * CELL_SIZE, CELL_SIZE);
          GdkRGBA cell = bar_color;
          g_autofree char *number = g_strdup_printf ("%u", value);

          cell.alpha = self->max > 0 ? 0.08 + 0.92 * value / self->max : 0.08;
          gdk_cairo_set_source_rgba (cr, &cell);
          cairo_rectangle (cr, x + 1, y + 1, CELL_SIZE - 2, CELL_SIZE - 2);
          cairo_fill (cr);

          gdk_cairo_set_source_rgba (cr, fg);
          draw_text (self, cr, number, x, y, CELL_SIZE, CELL_SIZE, 0.5);
        }
    }
}

static void
shu_report_chart_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  ShuReportChart *self = SHU_REPORT_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;
  GdkRGBA fg;

  if (n_items (self) == 0 || width <= 0 || height <= 0)
    return;

  get_foreground (widget, &fg);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (self->kind == SHU_REPORT_CHART_BARS)
    draw_bars (self, cr, &fg);
  else if (self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS)
    draw_annotator_bars (self, cr, &fg);
  else
    draw_heat_map (self, cr, &fg);
  cairo_destroy (cr);
}

static void
shu_report_chart_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  ShuReportChart *self = SHU_REPORT_CHART (widget);
  guint n = n_items (self);

  if (orientation == GTK_ORIENTATION_VERTICAL)
    *minimum = *natural = self->kind == SHU_REPORT_CHART_BARS ? n * ROW_HEIGHT
                          : self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS
                          ? n * (1 + self->series->len) * ROW_HEIGHT
                          : ROW_HEIGHT + n * CELL_SIZE;
  else if (self->kind != SHU_REPORT_CHART_HEAT_MAP)
    {
      *minimum = names_width (self) + VALUE_WIDTH + 100;
      *natural = *minimum + 300;
    }
  else
    *minimum = *natural = names_width (self) + 24 + n * CELL_SIZE;
}

static void
shu_report_chart_finalize (GObject *object)
{
  ShuReportChart *self = SHU_REPORT_CHART (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->series, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);

  G_OBJECT_CLASS (shu_report_chart_parent_class)->finalize (object);
}

static void
shu_report_chart_class_init (ShuReportChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = shu_report_chart_finalize;
  widget_class->snapshot = shu_report_chart_snapshot;
  widget_class->measure = shu_report_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "chart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
shu_report_chart_init (ShuReportChart *self)
{
  self->names = g_ptr_array_new_with_free_func (g_free);
  self->series = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, TRUE, sizeof (guint));
}

GtkWidget *
shu_report_chart_new (ShuReportChartKind kind)
{
  ShuReportChart *self = g_object_new (SHU_TYPE_REPORT_CHART, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

void
shu_report_chart_set_report (ShuReportChart  *self,
                             ShuCorpusReport *report)
{
  guint n;

  g_return_if_fail (SHU_IS_REPORT_CHART (self));
  g_return_if_fail (report != NULL);

  n = shu_corpus_report_get_n_labels (report);
  g_ptr_array_set_size (self->names, 0);
  g_ptr_array_set_size (self->series, 0);
  if (self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS)
    for (guint a = 0; a < shu_corpus_report_get_n_annotators (report); a++)
      {
        const char *name = shu_corpus_report_get_annotator (report, a);

        /* TRANSLATORS: stands for an annotation's creator when none is recorded. */
        g_ptr_array_add (self->series, g_strdup (name != NULL ? name : _("(unknown)")));
      }
  g_array_set_size (self->values, 0);
  self->max = 0;

  for (guint i = 0; i < n; i++)
    {
      const char *name = shu_corpus_report_get_label_name (report, i);

      g_ptr_array_add (self->names, g_strdup (name != NULL ? name : _("No label")));
      if (self->kind == SHU_REPORT_CHART_BARS)
        {
          guint value = shu_corpus_report_get_label_total (report, i);

          g_array_append_val (self->values, value);
          self->max = MAX (self->max, value);
        }
      else if (self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS)
        for (guint a = 0; a < shu_corpus_report_get_n_annotators (report); a++)
          {
            guint value = shu_corpus_report_count_by_annotator (
              report, shu_corpus_report_get_annotator (report, a), i);

            g_array_append_val (self->values, value);
            self->max = MAX (self->max, value);
          }
      else
        for (guint j = 0; j < n; j++)
          {
            guint value = shu_corpus_report_get_cooccurrence (report, FALSE, i, j);

            g_array_append_val (self->values, value);
            self->max = MAX (self->max, value);
          }
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  self->kind == SHU_REPORT_CHART_BARS
                                  ? _("Annotations per label")
                                  : self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS
                                  ? _("Annotations per label and annotator")
                                  : _("Overlapping annotations per pair of labels"),
                                  -1);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

guint
shu_report_chart_get_n_items (ShuReportChart *self)
{
  g_return_val_if_fail (SHU_IS_REPORT_CHART (self), 0);

  return n_items (self);
}

guint
shu_report_chart_get_value (ShuReportChart *self,
                            guint           index,
                            guint           other)
{
  g_return_val_if_fail (SHU_IS_REPORT_CHART (self), 0);
  g_return_val_if_fail (index < n_items (self), 0);

  if (self->kind == SHU_REPORT_CHART_BARS)
    return g_array_index (self->values, guint, index);
  if (self->kind == SHU_REPORT_CHART_ANNOTATOR_BARS)
    {
      g_return_val_if_fail (other < self->series->len, 0);
      return g_array_index (self->values, guint, index * self->series->len + other);
    }
  g_return_val_if_fail (other < n_items (self), 0);
  return g_array_index (self->values, guint, index * n_items (self) + other);
}


guint
shu_report_chart_get_n_series (ShuReportChart *self)
{
  g_return_val_if_fail (SHU_IS_REPORT_CHART (self), 0);

  return self->series->len;
}

const char *
shu_report_chart_get_series_name (ShuReportChart *self,
                                  guint           index)
{
  g_return_val_if_fail (SHU_IS_REPORT_CHART (self), NULL);
  g_return_val_if_fail (index < self->series->len, NULL);

  return g_ptr_array_index (self->series, index);
}
