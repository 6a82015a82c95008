/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-color.h"
#include "shu-label.h"

/* Every colour a new label can get, shown as a highlight on libadwaita's
 * light and dark pages: clearly seen, text over it (alone or where two
 * annotations overlap) at WCAG AA contrast or better, two labels told
 * apart, and an overlap told from either annotation alone. The figures
 * are printed for the record (run with --verbose). */

/* Clearly different at a glance: 2 is a just-noticeable difference. */
/* A fill aims at SHU_HIGHLIGHT_VISIBLE; one the contrast holds back
 * still differs from the page this much. */
#define CLEARLY_SEEN 20.0
#define LABELS_APART 5.0
#define OVERLAP_APART 5.0

/* The colours new labels get in turn, as a user adding labels sees them. */
static GArray *
palette_colors (void)
{
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  GArray *colors = g_array_new (FALSE, FALSE, sizeof (ShuRgb));

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("label-%u", i);
      const char *color = shu_label_set_suggest_color (set);
      g_autoptr(ShuLabel) label = shu_label_new (id, id, color, NULL, 0);
      ShuRgb rgb;

      g_assert_true (shu_rgb_parse (color, &rgb));
      g_array_append_val (colors, rgb);
      g_assert_true (shu_label_set_append (set, label));
    }
  return colors;
}

static void
test_contrast_figures (void)
{
  /* White on black is 21:1; libadwaita's light text on its page, 12.6:1. */
  ShuRgb white = { 1, 1, 1 }, black = { 0, 0, 0 }, page, text;

  g_assert_cmpfloat_with_epsilon (shu_rgb_contrast (&white, &black), 21.0, 0.01);
  g_assert_cmpfloat_with_epsilon (shu_rgb_contrast (&black, &white), 21.0, 0.01);
  shu_page_colors (FALSE, &page, &text);
  g_assert_cmpfloat_with_epsilon (shu_rgb_contrast (&text, &page), 12.63, 0.01);
  shu_page_colors (TRUE, &page, &text);
  g_assert_cmpfloat_with_epsilon (shu_rgb_contrast (&text, &page), 16.67, 0.01);
  g_assert_cmpfloat_with_epsilon (shu_rgb_difference (&white, &black), 100.0, 0.01);
}

static void
test_parse (void)
{
  ShuRgb rgb;

  g_assert_true (shu_rgb_parse ("#ff8000", &rgb));
  g_assert_cmpfloat_with_epsilon (rgb.green, 128 / 255.0, 1e-9);
  g_assert_true (shu_rgb_parse ("#F80", &rgb));
  g_assert_cmpfloat_with_epsilon (rgb.green, 136 / 255.0, 1e-9);
  g_assert_false (shu_rgb_parse ("ff8000", &rgb));
  g_assert_false (shu_rgb_parse ("#ff80", &rgb));
  g_assert_false (shu_rgb_parse ("#gg8000", &rgb));
  g_assert_false (shu_rgb_parse (NULL, &rgb));
}

static void
check_style (GArray   *colors,
             gboolean  dark)
{
  const char *style = dark ? "dark" : "light";
  g_autoptr(GArray) fills = g_array_new (FALSE, FALSE, sizeof (ShuRgb));
  g_autoptr(GArray) alphas = g_array_new (FALSE, FALSE, sizeof (double));
  ShuRgb page, text;

  shu_page_colors (dark, &page, &text);
  for (guint i = 0; i < colors->len; i++)
    {
      const ShuRgb *color = &g_array_index (colors, ShuRgb, i);
      double alpha = shu_highlight_alpha (color, dark);
      ShuRgb fill = shu_rgb_blend (color, alpha, &page);
      double seen = shu_rgb_difference (&fill, &page);
      double contrast = shu_rgb_contrast (&text, &fill);

      g_test_message ("%s, colour %u (#%02x%02x%02x): fill %.2f, dE from the page %.1f, "
                      "text contrast %.2f:1", style, i, (guint) (color->red * 255 + 0.5),
                      (guint) (color->green * 255 + 0.5), (guint) (color->blue * 255 + 0.5),
                      alpha, seen, contrast);
      g_assert_cmpfloat (seen, >=, CLEARLY_SEEN);
      g_assert_cmpfloat (contrast, >=, SHU_CONTRAST_AA);
      g_array_append_val (fills, fill);
      g_array_append_val (alphas, alpha);
    }

  for (guint i = 0; i < colors->len; i++)
    for (guint j = 0; j < colors->len; j++)
      {
        const ShuRgb *under = &g_array_index (fills, ShuRgb, i);
        const ShuRgb *over = &g_array_index (fills, ShuRgb, j);
        ShuRgb both = shu_rgb_blend (&g_array_index (colors, ShuRgb, j),
                                     g_array_index (alphas, double, j), under);
        double contrast = shu_rgb_contrast (&text, &both);

        if (contrast < SHU_CONTRAST_AA + 0.3)
          g_test_message ("%s, colour %u over %u: text contrast %.2f:1", style, j, i, contrast);
        g_assert_cmpfloat (contrast, >=, SHU_CONTRAST_AA);
        if (i == j)
          continue;
        g_assert_cmpfloat (shu_rgb_difference (under, over), >=, LABELS_APART);
        g_assert_cmpfloat (shu_rgb_difference (&both, under), >=, OVERLAP_APART);
        g_assert_cmpfloat (shu_rgb_difference (&both, over), >=, OVERLAP_APART);
      }
}

static void
test_palette_light (void)
{
  g_autoptr(GArray) colors = palette_colors ();

  check_style (colors, FALSE);
}

static void
test_palette_dark (void)
{
  g_autoptr(GArray) colors = palette_colors ();

  check_style (colors, TRUE);
}

/* Whatever colour a user picks, text over its highlight stays readable. */
static void
test_any_color_readable (void)
{
  for (guint r = 0; r <= 255; r += 51)
    for (guint g = 0; g <= 255; g += 51)
      for (guint b = 0; b <= 255; b += 51)
        for (guint dark = 0; dark < 2; dark++)
          {
            ShuRgb color = { r / 255.0, g / 255.0, b / 255.0 }, page, text, fill;

            shu_page_colors (dark, &page, &text);
            fill = shu_rgb_blend (&color, shu_highlight_alpha (&color, dark), &page);
            g_assert_cmpfloat (shu_rgb_contrast (&text, &fill), >=, SHU_CONTRAST_AA);
          }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/color/contrast-figures", test_contrast_figures);
  g_test_add_func ("/color/parse", test_parse);
  g_test_add_func ("/color/palette-light", test_palette_light);
  g_test_add_func ("/color/palette-dark", test_palette_dark);
  g_test_add_func ("/color/any-color-readable", test_any_color_readable);

  return g_test_run ();
}
