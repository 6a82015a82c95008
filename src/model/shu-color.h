/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Highlight colours that read on the light and on the dark style.
 *
 * A label's colour is drawn under the text as a translucent fill. How
 * strong depends on the label and the page: just strong enough to be
 * clearly seen (a CIE76 difference from the page of SHU_HIGHLIGHT_VISIBLE),
 * and never so strong that the text over it, even where two annotations of
 * the label overlap, falls below the WCAG AA contrast of 4.5:1. A yellow
 * needs more than a blue on white, and less on a dark page. */

/* An sRGB colour, each channel from 0 to 1. */
typedef struct
{
  double red;
  double green;
  double blue;
} ShuRgb;

#define SHU_HIGHLIGHT_VISIBLE 26.0
/* WCAG 2's AA contrast for body text. */
#define SHU_CONTRAST_AA 4.5

/* "#rrggbb" (or "#rgb"); FALSE for anything else. */
gboolean shu_rgb_parse          (const char   *spec,
                                 ShuRgb       *rgb);
/* WCAG 2's contrast ratio, from 1 to 21. */
double   shu_rgb_contrast       (const ShuRgb *a,
                                 const ShuRgb *b);
/* CIE76 colour difference (ΔE*ab): about 2 is just noticeable. */
double   shu_rgb_difference     (const ShuRgb *a,
                                 const ShuRgb *b);
/* @top at @alpha over an opaque @bottom. */
ShuRgb   shu_rgb_blend          (const ShuRgb *top,
                                 double        alpha,
                                 const ShuRgb *bottom);

/* libadwaita's page and text colours (view_bg_color, view_fg_color over
 * it) in its light or dark style. */
void     shu_page_colors        (gboolean      dark,
                                 ShuRgb       *page,
                                 ShuRgb       *text);
/* The opacity to fill a highlight of @label with on the light or dark
 * page. */
double   shu_highlight_alpha    (const ShuRgb *label,
                                 gboolean      dark);

G_END_DECLS
