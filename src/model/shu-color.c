/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "shu-color.h"

/* The weakest and strongest fills: weaker is lost next to a neighbour's,
 * stronger hides the glyphs' own antialiasing. */
#define MIN_ALPHA 0.15
#define MAX_ALPHA 0.6
#define ALPHA_STEP 0.01
/* Text over a label's fill laid twice (an overlap) keeps this much, so
 * that overlaps with the other labels stay above AA too (the test checks
 * every pair). */
#define SELF_OVERLAP_CONTRAST 5.0

gboolean
shu_rgb_parse (const char *spec,
               ShuRgb     *rgb)
{
  guint values[3];
  gsize length;

  g_return_val_if_fail (rgb != NULL, FALSE);

  if (spec == NULL || spec[0] != '#')
    return FALSE;
  length = strlen (spec + 1);
  if (length != 3 && length != 6)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      guint value = 0;
      gsize digits = length / 3;

      for (gsize k = 0; k < digits; k++)
        {
          int digit = g_ascii_xdigit_value (spec[1 + i * digits + k]);

          if (digit < 0)
            return FALSE;
          value = value * 16 + digit;
        }
      values[i] = digits == 1 ? value * 17 : value;
    }
  rgb->red = values[0] / 255.0;
  rgb->green = values[1] / 255.0;
  rgb->blue = values[2] / 255.0;
  return TRUE;
}

static double
linear (double channel)
{
  return channel <= 0.04045 ? channel / 12.92 : pow ((channel + 0.055) / 1.055, 2.4);
}

static double
luminance (const ShuRgb *c)
{
  return 0.2126 * linear (c->red) + 0.7152 * linear (c->green) + 0.0722 * linear (c->blue);
}

double
shu_rgb_contrast (const ShuRgb *a,
                  const ShuRgb *b)
{
  double la, lb;

  g_return_val_if_fail (a != NULL && b != NULL, 1.0);

  la = luminance (a);
  lb = luminance (b);
  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static double
lab_f (double t)
{
  return t > 216.0 / 24389.0 ? cbrt (t) : (24389.0 / 27.0 * t + 16.0) / 116.0;
}

/* CIE L*a*b* under D65. */
static void
to_lab (const ShuRgb *c,
        double        lab[3])
{
  double r = linear (c->red), g = linear (c->green), b = linear (c->blue);
  double x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
  double y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  double z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
  double fx = lab_f (x), fy = lab_f (y), fz = lab_f (z);

  lab[0] = 116.0 * fy - 16.0;
  lab[1] = 500.0 * (fx - fy);
  lab[2] = 200.0 * (fy - fz);
}

double
shu_rgb_difference (const ShuRgb *a,
                    const ShuRgb *b)
{
  double la[3], lb[3];

  g_return_val_if_fail (a != NULL && b != NULL, 0.0);

  to_lab (a, la);
  to_lab (b, lb);
  return sqrt ((la[0] - lb[0]) * (la[0] - lb[0]) + (la[1] - lb[1]) * (la[1] - lb[1])
               + (la[2] - lb[2]) * (la[2] - lb[2]));
}

ShuRgb
shu_rgb_blend (const ShuRgb *top,
               double        alpha,
               const ShuRgb *bottom)
{
  ShuRgb out = { 0, 0, 0 };

  g_return_val_if_fail (top != NULL && bottom != NULL, out);

  out.red = top->red * alpha + bottom->red * (1 - alpha);
  out.green = top->green * alpha + bottom->green * (1 - alpha);
  out.blue = top->blue * alpha + bottom->blue * (1 - alpha);
  return out;
}

void
shu_page_colors (gboolean  dark,
                 ShuRgb   *page,
                 ShuRgb   *text)
{
  /* libadwaita 1.2: view_bg_color #ffffff with view_fg_color
   * rgba(0,0,0,0.8); dark, #1e1e1e with #ffffff. */
  const ShuRgb light_page = { 1, 1, 1 }, dark_page = { 0x1e / 255.0, 0x1e / 255.0, 0x1e / 255.0 };
  const ShuRgb black = { 0, 0, 0 }, white = { 1, 1, 1 };

  if (page != NULL)
    *page = dark ? dark_page : light_page;
  if (text != NULL)
    *text = dark ? white : shu_rgb_blend (&black, 0.8, &light_page);
}

double
shu_highlight_alpha (const ShuRgb *label,
                     gboolean      dark)
{
  ShuRgb page, text;
  double alpha = MIN_ALPHA;

  g_return_val_if_fail (label != NULL, MIN_ALPHA);

  shu_page_colors (dark, &page, &text);
  for (; alpha < MAX_ALPHA; alpha += ALPHA_STEP)
    {
      ShuRgb fill = shu_rgb_blend (label, alpha, &page);

      if (shu_rgb_difference (&fill, &page) >= SHU_HIGHLIGHT_VISIBLE)
        break;
    }
  for (; alpha > ALPHA_STEP; alpha -= ALPHA_STEP)
    {
      ShuRgb fill = shu_rgb_blend (label, alpha, &page);
      ShuRgb twice = shu_rgb_blend (label, alpha, &fill);

      if (shu_rgb_contrast (&text, &twice) >= SELF_OVERLAP_CONTRAST)
        break;
    }
  return alpha;
}
