/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libintl.h>
#include <locale.h>

#include "shu-color.h"
#include "shu-label.h"

typedef struct
{
  guint position;
  guint removed;
  guint added;
  guint count;
} Changed;

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changed    *changed)
{
  changed->position = position;
  changed->removed = removed;
  changed->added = added;
  changed->count++;
}

static void
test_label (void)
{
  g_autoptr(ShuLabel) label = shu_label_new ("l1", "Claim", "#FFAA00", "A thesis", '3');
  g_autoptr(ShuLabel) same = shu_label_new ("l1", "Claim", "#ffaa00", "A thesis", '3');
  g_autoptr(ShuLabel) other = shu_label_new ("l1", "Claim", "#ffaa01", "A thesis", '3');
  g_autoptr(ShuLabel) fresh = shu_label_new (NULL, "Fresh", "#000000", NULL, 0);

  g_assert_cmpstr (shu_label_get_id (label), ==, "l1");
  g_assert_cmpstr (shu_label_get_name (label), ==, "Claim");
  /* Colours are kept in lower case. */
  g_assert_cmpstr (shu_label_get_color (label), ==, "#ffaa00");
  g_assert_cmpstr (shu_label_get_description (label), ==, "A thesis");
  g_assert_cmpint (shu_label_get_shortcut (label), ==, '3');
  g_assert_true (shu_label_equal (label, same));
  g_assert_false (shu_label_equal (label, other));
  g_assert_nonnull (shu_label_get_id (fresh));
  g_assert_cmpstr (shu_label_get_id (fresh), !=, "");
  g_assert_null (shu_label_get_description (fresh));
  g_assert_cmpint (shu_label_get_shortcut (fresh), ==, 0);
}

static void
test_color_is_valid (void)
{
  g_assert_true (shu_label_color_is_valid ("#a0b1c2"));
  g_assert_true (shu_label_color_is_valid ("#A0B1C2"));
  g_assert_false (shu_label_color_is_valid ("a0b1c2"));
  g_assert_false (shu_label_color_is_valid ("#a0b1c"));
  g_assert_false (shu_label_color_is_valid ("#a0b1c23"));
  g_assert_false (shu_label_color_is_valid ("#g0b1c2"));
  g_assert_false (shu_label_color_is_valid (""));
  g_assert_false (shu_label_color_is_valid (NULL));
}

static void
test_default_set (void)
{
  g_autoptr(ShuLabelSet) set = shu_label_set_new_default ();
  g_autoptr(GHashTable) colors = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (set));

  g_assert_cmpuint (n, >=, 5);
  g_assert_cmpuint (n, <=, 9);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (set)) == SHU_TYPE_LABEL);
  g_assert_nonnull (shu_label_set_lookup_name (set, "Claim"));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (set), i);
      const char *color = shu_label_get_color (label);
      ShuRgb rgb;

      g_assert_true (shu_label_color_is_valid (color));
      g_assert_false (g_hash_table_contains (colors, color));
      g_hash_table_add (colors, (gpointer) color);
      g_assert_cmpint (shu_label_get_shortcut (label), ==, '1' + i);
      g_assert_true (shu_label_set_lookup_shortcut (set, '1' + i) == label);
      g_assert_cmpint (shu_label_set_index_of (set, shu_label_get_id (label)), ==, i);

      /* Readable under the text as a highlight, light or dark. */
      g_assert_true (shu_rgb_parse (color, &rgb));
      for (guint dark = 0; dark < 2; dark++)
        {
          ShuRgb page, text, fill;

          shu_page_colors (dark, &page, &text);
          fill = shu_rgb_blend (&rgb, shu_highlight_alpha (&rgb, dark), &page);
          g_assert_cmpfloat (shu_rgb_contrast (&text, &fill), >=, SHU_CONTRAST_AA);
        }
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (set), n));
}

static void
test_uniqueness (void)
{
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  g_autoptr(ShuLabel) a = shu_label_new ("a", "Alpha", "#ffffff", NULL, 0);
  g_autoptr(ShuLabel) b = shu_label_new ("b", "Beta", "#ffffff", NULL, 0);
  g_autoptr(ShuLabel) a_renamed = shu_label_new ("a", "Gamma", "#ffffff", NULL, 0);
  g_autoptr(ShuLabel) same_id = shu_label_new ("a", "Delta", "#ffffff", NULL, 0);
  g_autoptr(ShuLabel) same_name = shu_label_new ("c", "Beta", "#ffffff", NULL, 0);
  g_autoptr(ShuLabel) a_as_beta = shu_label_new ("a", "Beta", "#ffffff", NULL, 0);
  g_autoptr(ShuLabel) ghost = shu_label_new ("z", "Zeta", "#ffffff", NULL, 0);
  Changed changed = { 0 };

  g_signal_connect (set, "items-changed", G_CALLBACK (items_changed_cb), &changed);

  g_assert_true (shu_label_set_append (set, a));
  g_assert_true (shu_label_set_insert (set, 0, b));
  g_assert_cmpuint (changed.count, ==, 2);
  g_assert_cmpuint (changed.position, ==, 0);
  g_assert_cmpint (shu_label_set_index_of (set, "a"), ==, 1);

  /* Taken ids and names are refused, and nothing changes. */
  g_assert_false (shu_label_set_append (set, same_id));
  g_assert_false (shu_label_set_append (set, same_name));
  g_assert_false (shu_label_set_replace (set, a_as_beta));
  g_assert_false (shu_label_set_replace (set, ghost));
  g_assert_cmpuint (changed.count, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (set)), ==, 2);

  /* Renaming frees the old name and takes the new one. */
  g_assert_true (shu_label_set_replace (set, a_renamed));
  g_assert_cmpuint (changed.position, ==, 1);
  g_assert_cmpuint (changed.removed, ==, 1);
  g_assert_cmpuint (changed.added, ==, 1);
  g_assert_null (shu_label_set_lookup_name (set, "Alpha"));
  g_assert_true (shu_label_set_lookup_name (set, "Gamma") == a_renamed);
  g_assert_true (shu_label_set_lookup (set, "a") == a_renamed);
  g_assert_true (shu_label_set_replace (set, a));
  g_assert_true (shu_label_set_lookup_name (set, "Alpha") == a);

  g_assert_true (shu_label_set_move (set, "a", 0));
  g_assert_cmpint (shu_label_set_index_of (set, "a"), ==, 0);
  g_assert_cmpint (shu_label_set_index_of (set, "b"), ==, 1);
  g_assert_false (shu_label_set_move (set, "a", 2));
  g_assert_false (shu_label_set_move (set, "zz", 0));

  g_assert_true (shu_label_set_remove (set, "a"));
  g_assert_false (shu_label_set_remove (set, "a"));
  g_assert_null (shu_label_set_lookup (set, "a"));
  g_assert_null (shu_label_set_lookup_name (set, "Alpha"));
  g_assert_cmpint (shu_label_set_index_of (set, "a"), ==, -1);
  /* Once removed, the id and name can be used again. */
  g_assert_true (shu_label_set_append (set, same_id));
}

static void
test_suggest_color (void)
{
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < 12; i++)
    {
      const char *color = shu_label_set_suggest_color (set);
      g_autofree char *name = g_strdup_printf ("L%u", i);
      g_autoptr(ShuLabel) label = shu_label_new (NULL, name, color, NULL, 0);

      g_assert_true (shu_label_color_is_valid (color));
      g_assert_false (g_hash_table_contains (seen, color));
      g_hash_table_add (seen, g_strdup (color));
      g_assert_true (shu_label_set_append (set, label));
    }

  /* With all twelve in use, the palette starts over. */
  g_assert_true (g_hash_table_contains (seen, shu_label_set_suggest_color (set)));
}

/* A new document's starter labels are named in the user's language. */
static void
test_default_set_translated (void)
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");
  g_autoptr(ShuLabelSet) english = shu_label_set_new_default ();
  g_autoptr(ShuLabelSet) hebrew = NULL;
  g_autoptr(ShuLabel) first_english = NULL;
  g_autoptr(ShuLabel) first_hebrew = NULL;

  if (localedir == NULL)
    {
      g_test_skip ("SHU_LOCALEDIR is not set: run this test through meson test");
      return;
    }
  if (setlocale (LC_ALL, "he_IL.UTF-8") == NULL)
    {
      g_test_skip ("the he_IL.UTF-8 locale is not installed (tools/install-deps.sh makes it)");
      return;
    }
  g_setenv ("LANGUAGE", "he", TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  hebrew = shu_label_set_new_default ();
  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");

  first_english = g_list_model_get_item (G_LIST_MODEL (english), 0);
  first_hebrew = g_list_model_get_item (G_LIST_MODEL (hebrew), 0);
  g_assert_cmpstr (shu_label_get_name (first_english), ==, "Claim");
  g_assert_cmpstr (shu_label_get_name (first_hebrew), ==, "טענה");
  /* Same ids and colours: only what the user reads changes. */
  g_assert_cmpstr (shu_label_get_id (first_hebrew), ==, shu_label_get_id (first_english));
  g_assert_cmpstr (shu_label_get_color (first_hebrew), ==, shu_label_get_color (first_english));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (hebrew)), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (english)));
}

/* Layers drawn beside ours: a colour means one label id. Forty labels of
 * other annotators, all asking for our colour, get forty colours of their
 * own once the palette is used up; a label id of ours keeps our colour. */
static void
test_layer_colors (void)
{
  g_autoptr(ShuLabelSet) ours = shu_label_set_new ();
  g_autoptr(ShuLabelSet) theirs = shu_label_set_new ();
  g_autoptr(ShuLabelSet) third = shu_label_set_new ();
  g_autoptr(ShuLabel) claim = shu_label_new ("claim", "Claim", "#ffadad", NULL, 0);
  g_autoptr(ShuLabel) their_claim = shu_label_new ("claim", "טענה", "#123456", NULL, 0);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GHashTable) colors = NULL;
  g_autoptr(GHashTable) owner = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer id, color;

  shu_label_set_append (ours, claim);
  shu_label_set_append (theirs, their_claim);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("L%u", i);
      g_autoptr(ShuLabel) label = shu_label_new (name, name, "#ffadad", NULL, 0);

      shu_label_set_append (i % 2 ? theirs : third, label);
    }
  g_ptr_array_add (others, theirs);
  g_ptr_array_add (others, third);
  colors = shu_label_set_layer_colors (ours, others);

  g_assert_cmpuint (g_hash_table_size (colors), ==, 41);
  g_assert_cmpstr (g_hash_table_lookup (colors, "claim"), ==, "#ffadad");
  g_hash_table_iter_init (&iter, colors);
  while (g_hash_table_iter_next (&iter, &id, &color))
    {
      g_assert_true (shu_label_color_is_valid (color));
      if (g_hash_table_contains (owner, color))
        g_error ("%s and %s are both %s", (char *) g_hash_table_lookup (owner, color),
                 (char *) id, (char *) color);
      g_hash_table_insert (owner, color, id);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/labels/label", test_label);
  g_test_add_func ("/labels/color-is-valid", test_color_is_valid);
  g_test_add_func ("/labels/default-set", test_default_set);
  g_test_add_func ("/labels/default-set-translated", test_default_set_translated);
  g_test_add_func ("/labels/uniqueness", test_uniqueness);
  g_test_add_func ("/labels/suggest-color", test_suggest_color);
  g_test_add_func ("/labels/layer-colors", test_layer_colors);

  return g_test_run ();
}
