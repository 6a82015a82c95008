/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-annotation-store.h"
#include "shu-extent.h"

/* Selections that fit words, and annotations whose extent a reader
 * changes a word at a time, undoably. */

static ShuSource *
source_from_string (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);

  g_assert_no_error (error);
  return source;
}

static guint
offset_of (ShuSource  *source,
           const char *needle)
{
  const char *text = shu_source_get_text (source);
  const char *hit = strstr (text, needle);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (text, hit);
}

static void
assert_range (ShuSource  *source,
              guint       start,
              guint       end,
              const char *expected)
{
  g_autofree char *text = shu_source_dup_range (source, start, end);

  g_assert_cmpstr (text, ==, expected);
}

/* The drag the issue saw: it took "כישלונו של משטר בל"; snapped, the
 * last word is whole. A pointed word is snapped with all its points, an
 * abbreviation with its gershayim; ends between words stay. */
static void
test_snap_to_words (void)
{
  g_autoptr(ShuSource) source =
    source_from_string ("היא , אם זה כישלונו של משטר בלבד או גם של צה\"ל . "
                        "בְּרֵאשִׁית בָּרָא אֱלֹהִים\n");
  guint start, end;

  start = offset_of (source, "כישלונו");
  end = offset_of (source, "בלבד") + 2;
  shu_extent_snap_to_words (source, &start, &end);
  assert_range (source, start, end, "כישלונו של משטר בלבד");

  start = offset_of (source, "כישלונו") + 3;
  end = offset_of (source, "של משטר") + 1;
  shu_extent_snap_to_words (source, &start, &end);
  assert_range (source, start, end, "כישלונו של");

  start = offset_of (source, "צה\"ל") + 1;
  end = start + 1;
  shu_extent_snap_to_words (source, &start, &end);
  assert_range (source, start, end, "צה\"ל");

  /* Inside the points of the first letter of בְּרֵאשִׁית. */
  start = offset_of (source, "בְּרֵאשִׁית") + 2;
  end = start + 4;
  shu_extent_snap_to_words (source, &start, &end);
  assert_range (source, start, end, "בְּרֵאשִׁית");

  /* Whole words already, and the spaces around them, stay. */
  start = offset_of (source, " משטר ");
  end = start + 6;
  shu_extent_snap_to_words (source, &start, &end);
  assert_range (source, start, end, " משטר ");
}

static void
test_move_edges (void)
{
  g_autoptr(ShuSource) source =
    source_from_string ("כישלונו של משטר בלבד או גם כישלונו של חזון . במלים אחרות :\n");
  guint start = offset_of (source, "משטר"), end = start + 4;

  g_assert_true (shu_extent_move_edge (source, &start, &end, SHU_EDGE_END, TRUE));
  assert_range (source, start, end, "משטר בלבד");
  g_assert_true (shu_extent_move_edge (source, &start, &end, SHU_EDGE_START, TRUE));
  assert_range (source, start, end, "של משטר בלבד");
  g_assert_true (shu_extent_move_edge (source, &start, &end, SHU_EDGE_END, FALSE));
  assert_range (source, start, end, "של משטר");
  g_assert_true (shu_extent_move_edge (source, &start, &end, SHU_EDGE_START, FALSE));
  assert_range (source, start, end, "משטר");
  /* The last word is not given back. */
  g_assert_false (shu_extent_move_edge (source, &start, &end, SHU_EDGE_START, FALSE));
  g_assert_false (shu_extent_move_edge (source, &start, &end, SHU_EDGE_END, FALSE));
  assert_range (source, start, end, "משטר");

  /* Past punctuation to the next word; nothing beyond the text's ends. */
  start = offset_of (source, "חזון");
  end = start + 4;
  g_assert_true (shu_extent_move_edge (source, &start, &end, SHU_EDGE_END, TRUE));
  assert_range (source, start, end, "חזון . במלים");
  g_assert_true (shu_extent_move_edge (source, &start, &end, SHU_EDGE_END, FALSE));
  assert_range (source, start, end, "חזון");
  start = 0;
  end = 7;
  g_assert_false (shu_extent_move_edge (source, &start, &end, SHU_EDGE_START, TRUE));
  start = offset_of (source, "אחרות");
  end = start + 5;
  g_assert_false (shu_extent_move_edge (source, &start, &end, SHU_EDGE_END, TRUE));
  assert_range (source, start, end, "אחרות");
}

/* Each change of extent is one step of the store's undo. */
static void
test_annotation_extent_undo (void)
{
  g_autoptr(ShuSource) source =
    source_from_string ("כישלונו של משטר בלבד או גם כישלונו של חזון .\n");
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (labels);
  ShuRange range = { offset_of (source, "משטר"), offset_of (source, "משטר") + 4 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            NULL, NULL, NULL);
  g_autoptr(ShuAnnotation) grown = NULL;
  ShuAnnotation *current;

  g_assert_true (shu_annotation_store_add (store, annotation, NULL));
  grown = shu_extent_move_annotation_edge (annotation, source, SHU_EDGE_END, TRUE);
  g_assert_nonnull (grown);
  g_assert_cmpstr (shu_annotation_get_id (grown), ==, shu_annotation_get_id (annotation));
  g_assert_true (shu_annotation_store_replace (store, grown, "Change Extent"));

  current = shu_annotation_store_lookup (store, shu_annotation_get_id (annotation));
  assert_range (source, shu_annotation_get_start (current), shu_annotation_get_end (current),
                "משטר בלבד");
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Change Extent");
  g_assert_true (shu_annotation_store_undo (store));
  current = shu_annotation_store_lookup (store, shu_annotation_get_id (annotation));
  assert_range (source, shu_annotation_get_start (current), shu_annotation_get_end (current),
                "משטר");
  g_assert_null (shu_extent_move_annotation_edge (current, source, SHU_EDGE_END, FALSE));
}

/* An edge dragged into a word takes the whole word, or with
 * character-exact selection stops where it was dropped (on a letter's
 * boundary with its points); dropped on a space it leaves the space out;
 * it never crosses the other edge. */
static void
test_drag_edges (void)
{
  g_autoptr(ShuSource) source =
    source_from_string ("כישלונו של מִשְׁטָר בלבד או גם כישלונו.\n");
  guint word = offset_of (source, "מִשְׁטָר"), word_len = g_utf8_strlen ("מִשְׁטָר", -1);
  guint start = word, end = word + word_len;
  guint bilvad = offset_of (source, "בלבד");

  /* The end dragged into the middle of "בלבד". */
  g_assert_true (shu_extent_drag_edge (source, &start, &end, SHU_EDGE_END, bilvad + 2, TRUE));
  assert_range (source, start, end, "מִשְׁטָר בלבד");
  /* The start dropped on the space before "של": the space is left out. */
  g_assert_true (shu_extent_drag_edge (source, &start, &end, SHU_EDGE_START,
                                       offset_of (source, " של"), TRUE));
  assert_range (source, start, end, "של מִשְׁטָר בלבד");
  /* Exact: the start goes inside the pointed word, but not between a
   * letter and its points. */
  start = word;
  end = word + word_len;
  g_assert_false (shu_extent_drag_edge (source, &start, &end, SHU_EDGE_START, word + 1, FALSE));
  assert_range (source, start, end, "מִשְׁטָר");
  g_assert_true (shu_extent_drag_edge (source, &start, &end, SHU_EDGE_START, word + 3, FALSE));
  assert_range (source, start, end, "שְׁטָר");
  /* Past the other edge, or onto it: nothing. */
  g_assert_false (shu_extent_drag_edge (source, &start, &end, SHU_EDGE_START, end, FALSE));
  g_assert_false (shu_extent_drag_edge (source, &start, &end, SHU_EDGE_END, start, TRUE));
  assert_range (source, start, end, "שְׁטָר");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/extent/snap-to-words", test_snap_to_words);
  g_test_add_func ("/extent/move-edges", test_move_edges);
  g_test_add_func ("/extent/annotation-extent-undo", test_annotation_extent_undo);
  g_test_add_func ("/extent/drag-edges", test_drag_edges);

  return g_test_run ();
}
