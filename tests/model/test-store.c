/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-annotation-store.h"

static GDateTime *
fixed_date (void)
{
  return g_date_time_new_utc (2024, 6, 1, 9, 0, 0);
}

static ShuAnnotation *
make_annotation (const char *id,
                 guint       start,
                 guint       end,
                 const char *label_id)
{
  ShuRange range = { start, end };
  g_autoptr(GDateTime) date = fixed_date ();

  return shu_annotation_new (id, &range, 1, label_id, NULL, "tester", date, date);
}

/* A copy of the list kept only through items-changed, so that every
 * position the store reports is checked against what it really holds. */
typedef struct
{
  GPtrArray *items;
  guint n_signals;
  guint n_ranges_changed;
  guint last_start;
  guint last_end;
  guint n_labels_changed;
  gboolean items_seen_before_ranges;
} Mirror;

static void
mirror_items_changed_cb (GListModel *model,
                         guint       position,
                         guint       removed,
                         guint       added,
                         Mirror     *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->items->len);
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i, g_list_model_get_item (model, position + i));
  g_assert_cmpuint (mirror->items->len, ==, g_list_model_get_n_items (model));
  mirror->n_signals++;
  mirror->items_seen_before_ranges = TRUE;
}

static void
mirror_ranges_changed_cb (ShuAnnotationStore *store,
                          guint               start,
                          guint               end,
                          Mirror             *mirror)
{
  g_assert_cmpuint (start, <, end);
  g_assert_true (mirror->items_seen_before_ranges);
  mirror->items_seen_before_ranges = FALSE;
  mirror->n_ranges_changed++;
  mirror->last_start = start;
  mirror->last_end = end;
}

static void
mirror_labels_changed_cb (ShuAnnotationStore *store,
                          Mirror             *mirror)
{
  mirror->n_labels_changed++;
}

static void
mirror_init (Mirror             *mirror,
             ShuAnnotationStore *store)
{
  memset (mirror, 0, sizeof *mirror);
  mirror->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    g_ptr_array_add (mirror->items, g_list_model_get_item (G_LIST_MODEL (store), i));
  g_signal_connect (store, "items-changed", G_CALLBACK (mirror_items_changed_cb), mirror);
  g_signal_connect (store, "ranges-changed", G_CALLBACK (mirror_ranges_changed_cb), mirror);
  g_signal_connect (store, "labels-changed", G_CALLBACK (mirror_labels_changed_cb), mirror);
}

static void
mirror_clear (Mirror             *mirror,
              ShuAnnotationStore *store)
{
  g_signal_handlers_disconnect_by_data (store, mirror);
  g_clear_pointer (&mirror->items, g_ptr_array_unref);
}

/* The mirror, the snapshot and positional access agree and are sorted. */
static void
assert_consistent (ShuAnnotationStore *store,
                   Mirror             *mirror)
{
  g_autoptr(GPtrArray) all = shu_annotation_store_dup_annotations (store);

  g_assert_cmpuint (all->len, ==, mirror->items->len);
  for (guint i = 0; i < all->len; i++)
    {
      ShuAnnotation *a = g_ptr_array_index (all, i);

      g_assert_true (a == g_ptr_array_index (mirror->items, i));
      if (i > 0)
        g_assert_cmpint (shu_annotation_compare (g_ptr_array_index (all, i - 1), a), <, 0);
      g_assert_cmpint (shu_annotation_store_get_position (store, shu_annotation_get_id (a)),
                       ==, i);
      g_assert_true (shu_annotation_store_lookup (store, shu_annotation_get_id (a)) == a);
    }
}

typedef struct
{
  guint can_undo;
  guint can_redo;
  guint modified;
  guint undo_description;
} Notifies;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Notifies   *notifies)
{
  if (g_str_equal (pspec->name, "can-undo"))
    notifies->can_undo++;
  else if (g_str_equal (pspec->name, "can-redo"))
    notifies->can_redo++;
  else if (g_str_equal (pspec->name, "modified"))
    notifies->modified++;
  else if (g_str_equal (pspec->name, "undo-description"))
    notifies->undo_description++;
}

static void
test_add_remove_replace_undo (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(ShuAnnotation) a = make_annotation ("urn:uuid:a", 10, 20, NULL);
  g_autoptr(ShuAnnotation) b = make_annotation ("urn:uuid:b", 5, 8, NULL);
  g_autoptr(ShuAnnotation) a_moved = NULL;
  g_autoptr(ShuAnnotation) a_labelled = NULL;
  g_autoptr(ShuAnnotation) dup = make_annotation ("urn:uuid:a", 1, 2, NULL);
  ShuRange moved = { 50, 60 };
  Notifies notifies = { 0 };
  Mirror mirror;

  mirror_init (&mirror, store);
  g_signal_connect (store, "notify", G_CALLBACK (notify_cb), &notifies);

  g_assert_false (shu_annotation_store_can_undo (store));
  g_assert_null (shu_annotation_store_get_undo_description (store));

  g_assert_true (shu_annotation_store_add (store, a, NULL));
  g_assert_cmpuint (notifies.can_undo, ==, 1);
  g_assert_cmpuint (notifies.undo_description, ==, 1);
  g_assert_true (shu_annotation_store_add (store, b, "Add B"));
  g_assert_cmpuint (notifies.can_undo, ==, 1);
  g_assert_cmpuint (notifies.undo_description, ==, 2);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Add B");
  g_assert_cmpuint (mirror.last_start, ==, 5);
  g_assert_cmpuint (mirror.last_end, ==, 8);
  g_assert_false (shu_annotation_store_add (store, dup, NULL));
  g_assert_cmpint (shu_annotation_store_get_position (store, "urn:uuid:b"), ==, 0);
  g_assert_cmpint (shu_annotation_store_get_position (store, "urn:uuid:a"), ==, 1);
  g_assert_cmpint (shu_annotation_store_get_position (store, "urn:uuid:zz"), ==, -1);
  assert_consistent (store, &mirror);

  /* Moving an annotation redraws both where it was and where it goes. */
  a_moved = shu_annotation_with_ranges (a, &moved, 1, NULL);
  g_assert_true (shu_annotation_store_replace (store, a_moved, "Move"));
  g_assert_cmpuint (mirror.last_start, ==, 10);
  g_assert_cmpuint (mirror.last_end, ==, 60);
  assert_consistent (store, &mirror);

  a_labelled = shu_annotation_with_label (a_moved, "claim", NULL);
  g_assert_true (shu_annotation_store_replace (store, a_labelled, NULL));
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, 1);
  g_assert_true (shu_annotation_store_remove (store, "urn:uuid:b", NULL));
  g_assert_false (shu_annotation_store_remove (store, "urn:uuid:b", NULL));
  g_assert_false (shu_annotation_store_replace (store, b, NULL));
  assert_consistent (store, &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);

  /* Undo everything, step by step, and check each state exactly. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_store_can_redo (store));
  g_assert_cmpuint (notifies.can_redo, ==, 1);
  g_assert_true (shu_annotation_equal (shu_annotation_store_lookup (store, "urn:uuid:b"), b));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, 0);
  g_assert_true (shu_annotation_equal (shu_annotation_store_lookup (store, "urn:uuid:a"),
                                       a_moved));
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Move");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_equal (shu_annotation_store_lookup (store, "urn:uuid:a"), a));
  assert_consistent (store, &mirror);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_false (shu_annotation_store_undo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_cmpstr (shu_annotation_store_get_redo_description (store), ==, "Add Annotation");
  assert_consistent (store, &mirror);

  /* And redo it all. */
  while (shu_annotation_store_redo (store))
    assert_consistent (store, &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (shu_annotation_equal (shu_annotation_store_lookup (store, "urn:uuid:a"),
                                       a_labelled));
  g_assert_false (shu_annotation_store_can_redo (store));

  /* A new change after undo drops the redo tail. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_store_remove (store, "urn:uuid:a", NULL));
  g_assert_false (shu_annotation_store_can_redo (store));
  g_assert_false (shu_annotation_store_redo (store));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_equal (shu_annotation_store_lookup (store, "urn:uuid:a"),
                                       a_moved));
  assert_consistent (store, &mirror);

  mirror_clear (&mirror, store);
  g_signal_handlers_disconnect_by_data (store, &notifies);
  g_assert_finalize_object (g_steal_pointer (&store));
}

static void
test_groups (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(ShuAnnotation) a = make_annotation ("urn:uuid:a", 1, 2, NULL);
  g_autoptr(ShuAnnotation) b = make_annotation ("urn:uuid:b", 3, 4, NULL);
  g_autoptr(ShuAnnotation) c = make_annotation ("urn:uuid:c", 0, 9, NULL);
  g_autoptr(ShuAnnotation) b2 = make_annotation ("urn:uuid:b", 30, 40, "x");
  Notifies notifies = { 0 };
  Mirror mirror;

  mirror_init (&mirror, store);
  g_signal_connect (store, "notify", G_CALLBACK (notify_cb), &notifies);

  shu_annotation_store_begin_group (store, "Outer");
  g_assert_true (shu_annotation_store_add (store, a, NULL));
  shu_annotation_store_begin_group (store, "Inner");
  g_assert_true (shu_annotation_store_add (store, b, NULL));
  g_assert_true (shu_annotation_store_replace (store, b2, NULL));
  shu_annotation_store_end_group (store);
  /* Nothing is a step until the outermost group ends. */
  g_assert_false (shu_annotation_store_can_undo (store));
  g_assert_cmpuint (notifies.can_undo, ==, 0);
  g_assert_true (shu_annotation_store_add (store, c, NULL));
  shu_annotation_store_end_group (store);
  g_assert_true (shu_annotation_store_can_undo (store));
  g_assert_cmpuint (notifies.can_undo, ==, 1);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Outer");
  assert_consistent (store, &mirror);

  /* An empty group is no step. */
  shu_annotation_store_begin_group (store, "Empty");
  shu_annotation_store_end_group (store);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Outer");

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (shu_annotation_store_can_undo (store));
  assert_consistent (store, &mirror);

  g_assert_true (shu_annotation_store_redo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  g_assert_true (shu_annotation_store_lookup (store, "urn:uuid:b") == b2);
  g_assert_cmpuint (shu_annotation_store_count_label (store, "x"), ==, 1);
  assert_consistent (store, &mirror);

  mirror_clear (&mirror, store);
  g_signal_handlers_disconnect_by_data (store, &notifies);
}

static void
test_labels (void)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (labels);
  g_autoptr(ShuLabel) extra = shu_label_new ("extra", "Extra", "#eeeeee", NULL, 0);
  g_autoptr(ShuLabel) claim2 = shu_label_new ("claim", "Thesis", "#ffffff", "x", '1');
  g_autoptr(ShuLabel) taken = shu_label_new ("claim", "Evidence", "#ffffff", NULL, 0);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) labels_before = NULL;
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (labels));
  Mirror mirror;

  g_assert_true (shu_annotation_store_get_labels (store) == labels);
  mirror_init (&mirror, store);

  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *id = g_strdup_printf ("urn:uuid:%02u", i);
      g_autoptr(ShuAnnotation) a = make_annotation (id, i * 3, i * 3 + 5,
                                                    i % 3 == 0 ? "claim" :
                                                    i % 3 == 1 ? "evidence" : NULL);
      g_assert_true (shu_annotation_store_add (store, a, NULL));
    }
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, 14);
  g_assert_cmpuint (shu_annotation_store_count_label (store, "evidence"), ==, 13);
  shu_annotation_store_mark_saved (store);

  /* Add, edit and move labels: each an undoable step. */
  g_assert_true (shu_annotation_store_add_label (store, extra, 1));
  g_assert_cmpuint (mirror.n_labels_changed, ==, 1);
  g_assert_cmpint (shu_label_set_index_of (labels, "extra"), ==, 1);
  g_assert_false (shu_annotation_store_add_label (store, extra, -1));
  g_assert_false (shu_annotation_store_replace_label (store, taken));
  g_assert_true (shu_annotation_store_replace_label (store, claim2));
  g_assert_true (shu_label_set_lookup (labels, "claim") == claim2);
  g_assert_true (shu_annotation_store_move_label (store, "claim", 4));
  g_assert_cmpint (shu_label_set_index_of (labels, "claim"), ==, 4);
  g_assert_cmpuint (mirror.n_labels_changed, ==, 3);
  g_assert_true (shu_annotation_store_get_modified (store));

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpint (shu_label_set_index_of (labels, "claim"), ==, 0);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (labels, "claim")), ==, "Claim");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_null (shu_label_set_lookup (labels, "extra"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, n_labels);
  g_assert_cmpuint (mirror.n_labels_changed, ==, 6);
  g_assert_false (shu_annotation_store_get_modified (store));
  while (shu_annotation_store_redo (store))
    ;
  g_assert_cmpint (shu_label_set_index_of (labels, "claim"), ==, 4);
  g_assert_true (shu_label_set_lookup (labels, "claim") == claim2);
  g_assert_cmpint (shu_label_set_index_of (labels, "extra"), ==, 0);

  /* Removing a label unlabels its annotations in the same step. */
  before = shu_annotation_store_dup_annotations (store);
  labels_before = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    g_ptr_array_add (labels_before, g_list_model_get_item (G_LIST_MODEL (labels), i));

  g_assert_false (shu_annotation_store_remove_label (store, "nope"));
  g_assert_true (shu_annotation_store_remove_label (store, "claim"));
  g_assert_null (shu_label_set_lookup (labels, "claim"));
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, 0);
  g_assert_cmpuint (shu_annotation_store_count_label (store, "evidence"), ==, 13);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 40);
  for (guint i = 0; i < before->len; i++)
    {
      ShuAnnotation *old = g_ptr_array_index (before, i);
      ShuAnnotation *now = shu_annotation_store_lookup (store, shu_annotation_get_id (old));

      if (g_strcmp0 (shu_annotation_get_label_id (old), "claim") == 0)
        {
          g_assert_null (shu_annotation_get_label_id (now));
          g_assert_cmpuint (shu_annotation_get_start (now), ==, shu_annotation_get_start (old));
        }
      else
        {
          g_assert_true (now == old);
        }
    }
  assert_consistent (store, &mirror);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Remove Label");

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, 14);
  for (guint i = 0; i < before->len; i++)
    {
      ShuAnnotation *old = g_ptr_array_index (before, i);
      ShuAnnotation *now = shu_annotation_store_lookup (store, shu_annotation_get_id (old));

      g_assert_true (shu_annotation_equal (now, old));
    }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, labels_before->len);
  for (guint i = 0; i < labels_before->len; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      g_assert_true (shu_label_equal (label, g_ptr_array_index (labels_before, i)));
    }
  assert_consistent (store, &mirror);

  g_assert_true (shu_annotation_store_redo (store));
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, 0);
  g_assert_null (shu_label_set_lookup (labels, "claim"));
  assert_consistent (store, &mirror);

  /* Label changes in a group are one step and one labels-changed. */
  {
    g_autoptr(ShuLabel) one = shu_label_new ("one", "One", "#fafafa", NULL, 0);
    g_autoptr(ShuLabel) two = shu_label_new ("two", "Two", "#fbfbfb", NULL, 0);
    guint n_changed = mirror.n_labels_changed;
    guint n_before = g_list_model_get_n_items (G_LIST_MODEL (labels));

    shu_annotation_store_begin_group (store, "Two labels");
    g_assert_true (shu_annotation_store_add_label (store, one, -1));
    g_assert_true (shu_annotation_store_add_label (store, two, 0));
    g_assert_true (shu_annotation_store_remove_label (store, "evidence"));
    g_assert_cmpuint (mirror.n_labels_changed, ==, n_changed);
    shu_annotation_store_end_group (store);
    g_assert_cmpuint (mirror.n_labels_changed, ==, n_changed + 1);
    g_assert_cmpuint (shu_annotation_store_count_label (store, "evidence"), ==, 0);
    g_assert_cmpint (shu_label_set_index_of (labels, "two"), ==, 0);

    g_assert_true (shu_annotation_store_undo (store));
    g_assert_cmpuint (mirror.n_labels_changed, ==, n_changed + 2);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, n_before);
    g_assert_cmpuint (shu_annotation_store_count_label (store, "evidence"), ==, 13);
    g_assert_null (shu_label_set_lookup (labels, "one"));
  }

  mirror_clear (&mirror, store);
}

static void
test_modified (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  Notifies notifies = { 0 };

  g_signal_connect (store, "notify", G_CALLBACK (notify_cb), &notifies);
  g_assert_false (shu_annotation_store_get_modified (store));

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *id = g_strdup_printf ("urn:uuid:%u", i);
      g_autoptr(ShuAnnotation) a = make_annotation (id, i, i + 1, NULL);

      shu_annotation_store_add (store, a, NULL);
    }
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_cmpuint (notifies.modified, ==, 1);

  shu_annotation_store_mark_saved (store);
  g_assert_false (shu_annotation_store_get_modified (store));
  g_assert_cmpuint (notifies.modified, ==, 2);

  shu_annotation_store_undo (store);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_redo (store);
  g_assert_false (shu_annotation_store_get_modified (store));
  g_assert_cmpuint (notifies.modified, ==, 4);

  /* Saved in the middle of history: undo and redo return to it. */
  shu_annotation_store_undo (store);
  shu_annotation_store_mark_saved (store);
  g_assert_false (shu_annotation_store_get_modified (store));
  shu_annotation_store_undo (store);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_redo (store);
  g_assert_false (shu_annotation_store_get_modified (store));
  shu_annotation_store_redo (store);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_undo (store);
  g_assert_false (shu_annotation_store_get_modified (store));

  /* Cutting the saved state out of history leaves the document modified
   * whatever is undone or redone, until the next save. */
  shu_annotation_store_undo (store);
  {
    g_autoptr(ShuAnnotation) other = make_annotation ("urn:uuid:other", 7, 8, NULL);

    shu_annotation_store_add (store, other, NULL);
  }
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_undo (store);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_undo (store);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_redo (store);
  shu_annotation_store_redo (store);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_mark_saved (store);
  g_assert_false (shu_annotation_store_get_modified (store));

  /* A truncation that leaves the saved state in place keeps it. */
  shu_annotation_store_remove (store, "urn:uuid:other", NULL);
  shu_annotation_store_undo (store);
  g_assert_false (shu_annotation_store_get_modified (store));
  shu_annotation_store_remove (store, "urn:uuid:0", NULL);
  shu_annotation_store_undo (store);
  g_assert_false (shu_annotation_store_get_modified (store));

  /* Reset clears the history and counts as saved. */
  shu_annotation_store_remove (store, "urn:uuid:0", NULL);
  g_assert_true (shu_annotation_store_get_modified (store));
  shu_annotation_store_reset (store, NULL, NULL);
  g_assert_false (shu_annotation_store_get_modified (store));
  g_assert_false (shu_annotation_store_can_undo (store));
  g_assert_false (shu_annotation_store_can_redo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  g_signal_handlers_disconnect_by_data (store, &notifies);
}

static ShuAnnotation *
random_annotation (GRand      *rand,
                   const char *id,
                   guint       text_length,
                   guint       max_span,
                   gboolean    discontinuous)
{
  g_autoptr(GDateTime) date = fixed_date ();
  static const char * const label_ids[] = { "claim", "evidence", NULL };
  ShuRange ranges[4];
  guint n_ranges = discontinuous ? (guint) g_rand_int_range (rand, 2, 5) : 1;
  guint at = g_rand_int_range (rand, 0, text_length);

  for (guint i = 0; i < n_ranges; i++)
    {
      ranges[i].start = at;
      ranges[i].end = at + g_rand_int_range (rand, 1, max_span + 1);
      at = ranges[i].end + g_rand_int_range (rand, 1, max_span + 1);
    }

  return shu_annotation_new (id, ranges, n_ranges, label_ids[g_rand_int_range (rand, 0, 3)],
                             NULL, NULL, date, date);
}

static void
test_random_operations (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20240601);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Mirror mirror;
  guint n_undos = 0;
  guint n_redos = 0;

  mirror_init (&mirror, store);

  for (guint op = 0; op < 2000; op++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      int kind = g_rand_int_range (rand, 0, 100);

      if (kind < 35 || n == 0)
        {
          char *id = g_strdup_printf ("urn:uuid:r%u", op);
          g_autoptr(ShuAnnotation) a = random_annotation (rand, id, 500, 30,
                                                          g_rand_boolean (rand));

          g_ptr_array_add (ids, id);
          g_assert_true (shu_annotation_store_add (store, a, NULL));
          g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n + 1);
        }
      else if (kind < 50)
        {
          g_autoptr(ShuAnnotation) victim =
            g_list_model_get_item (G_LIST_MODEL (store), g_rand_int_range (rand, 0, n));

          g_assert_true (shu_annotation_store_remove (store, shu_annotation_get_id (victim),
                                                      NULL));
          g_assert_null (shu_annotation_store_lookup (store, shu_annotation_get_id (victim)));
        }
      else if (kind < 70)
        {
          g_autoptr(ShuAnnotation) old =
            g_list_model_get_item (G_LIST_MODEL (store), g_rand_int_range (rand, 0, n));
          g_autoptr(ShuAnnotation) new =
            random_annotation (rand, shu_annotation_get_id (old), 500, 30,
                               g_rand_boolean (rand));

          g_assert_true (shu_annotation_store_replace (store, new, NULL));
          g_assert_true (shu_annotation_store_lookup (store, shu_annotation_get_id (old)) == new);
        }
      else if (kind < 75)
        {
          /* A group of a few changes, undone as one. */
          guint before = g_list_model_get_n_items (G_LIST_MODEL (store));

          shu_annotation_store_begin_group (store, "Batch");
          for (guint i = 0; i < 3; i++)
            {
              char *id = g_strdup_printf ("urn:uuid:g%u-%u", op, i);
              g_autoptr(ShuAnnotation) a = random_annotation (rand, id, 500, 30, FALSE);

              g_ptr_array_add (ids, id);
              shu_annotation_store_add (store, a, NULL);
            }
          shu_annotation_store_end_group (store);
          g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Batch");
          if (g_rand_boolean (rand))
            {
              g_assert_true (shu_annotation_store_undo (store));
              g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, before);
              n_undos++;
            }
        }
      else if (kind < 90)
        {
          if (shu_annotation_store_undo (store))
            n_undos++;
        }
      else
        {
          if (shu_annotation_store_redo (store))
            n_redos++;
        }

      assert_consistent (store, &mirror);
    }

  g_assert_cmpuint (n_undos, >, 100);
  g_assert_cmpuint (n_redos, >, 20);
  g_assert_cmpuint (mirror.n_signals, >, 2000);

  /* Undoing everything gets back to the empty list. */
  while (shu_annotation_store_undo (store))
    ;
  assert_consistent (store, &mirror);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);

  mirror_clear (&mirror, store);
}

/* g_ptr_array_copy() keeps the source's free function, so it must ref. */
static gpointer
ref_copy (gconstpointer src,
          gpointer      data)
{
  return g_object_ref ((gpointer) src);
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  return shu_annotation_compare (*(ShuAnnotation **) a, *(ShuAnnotation **) b);
}

static void
check_queries (ShuAnnotationStore *store,
               GRand              *rand,
               guint               text_length)
{
  g_autoptr(GPtrArray) all = shu_annotation_store_dup_annotations (store);
  guint total_found = 0;

  for (guint q = 0; q < 400; q++)
    {
      guint offset = g_rand_int_range (rand, 0, text_length + 100);
      guint start = g_rand_int_range (rand, 0, text_length + 100);
      guint end = start + g_rand_int_range (rand, 0, 200);
      g_autoptr(GPtrArray) covering = shu_annotation_store_get_covering (store, offset);
      g_autoptr(GPtrArray) overlapping = shu_annotation_store_get_overlapping (store, start,
                                                                             end);
      guint ci = 0;
      guint oi = 0;

      /* The brute-force oracle walks the whole sorted list. */
      for (guint i = 0; i < all->len; i++)
        {
          ShuAnnotation *a = g_ptr_array_index (all, i);

          if (shu_annotation_covers (a, offset))
            {
              g_assert_cmpuint (ci, <, covering->len);
              g_assert_true (g_ptr_array_index (covering, ci) == a);
              ci++;
            }
          if (shu_annotation_overlaps (a, start, end))
            {
              g_assert_cmpuint (oi, <, overlapping->len);
              g_assert_true (g_ptr_array_index (overlapping, oi) == a);
              oi++;
            }
        }
      g_assert_cmpuint (ci, ==, covering->len);
      g_assert_cmpuint (oi, ==, overlapping->len);
      total_found += ci + oi;
    }

  /* The data is dense enough that the queries are not trivially empty. */
  g_assert_cmpuint (total_found, >, 400);
}

static void
test_interval_queries (void)
{
  static const guint32 seeds[] = { 1, 42, 31337 };
  const guint text_length = 20000;

  for (guint s = 0; s < G_N_ELEMENTS (seeds); s++)
    {
      g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
      g_autoptr(GRand) rand = g_rand_new_with_seed (seeds[s]);
      g_autoptr(GPtrArray) initial = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GPtrArray) sorted = NULL;

      for (guint i = 0; i < 5000; i++)
        {
          g_autofree char *id = g_strdup_printf ("urn:uuid:%u-%u", seeds[s], i);

          /* Mostly short spans, some long ones that cover much. */
          g_ptr_array_add (initial,
                           random_annotation (rand, id, text_length,
                                              i % 50 == 0 ? 2000 : 40, i % 5 == 0));
        }
      shu_annotation_store_reset (store, initial, NULL);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 5000);

      /* Positional access follows the sorted order. */
      sorted = g_ptr_array_copy (initial, ref_copy, NULL);
      g_ptr_array_sort (sorted, compare_annotations);
      for (guint i = 0; i < sorted->len; i++)
        {
          g_autoptr(ShuAnnotation) item = g_list_model_get_item (G_LIST_MODEL (store), i);

          g_assert_true (item == g_ptr_array_index (sorted, i));
        }
      g_assert_null (g_list_model_get_item (G_LIST_MODEL (store), sorted->len));

      check_queries (store, rand, text_length);

      /* Incremental changes keep the augmented data right. */
      for (guint i = 0; i < 1500; i++)
        {
          ShuAnnotation *old = g_ptr_array_index (initial, g_rand_int_range (rand, 0, 5000));
          g_autofree char *id = g_strdup_printf ("urn:uuid:new-%u", i);
          g_autoptr(ShuAnnotation) fresh = random_annotation (rand, id, text_length, 40,
                                                              i % 4 == 0);
          g_autoptr(ShuAnnotation) moved = random_annotation (rand,
                                                              shu_annotation_get_id (old),
                                                              text_length, 100, i % 3 == 0);

          shu_annotation_store_add (store, fresh, NULL);
          if (i % 2 == 0)
            shu_annotation_store_remove (store, shu_annotation_get_id (old), NULL);
          else
            shu_annotation_store_replace (store, moved, NULL);
        }

      check_queries (store, rand, text_length);

      for (guint i = 0; i < 700; i++)
        shu_annotation_store_undo (store);

      check_queries (store, rand, text_length);
    }
}

static void
test_reset_large (void)
{
  const guint n = 200000;
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) covering = NULL;
  g_autoptr(GDateTime) date = fixed_date ();
  Mirror mirror;
  guint expected = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("urn:uuid:%07u", (i * 7919) % n);
      guint start = g_rand_int_range (rand, 0, 1000000);
      ShuRange range = { start, start + g_rand_int_range (rand, 1, 50) };

      g_ptr_array_add (annotations,
                       shu_annotation_new (id, &range, 1, i % 2 ? "claim" : NULL, NULL, NULL,
                                           date, date));
    }

  mirror_init (&mirror, store);
  g_test_timer_start ();
  shu_annotation_store_reset (store, annotations, NULL);
  g_test_message ("reset with %u annotations took %.3f s", n, g_test_timer_elapsed ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  g_assert_cmpuint (mirror.n_signals, ==, 1);
  g_assert_cmpuint (mirror.n_ranges_changed, ==, 1);
  g_assert_cmpuint (shu_annotation_store_count_label (store, "claim"), ==, n / 2);

  sorted = g_ptr_array_copy (annotations, ref_copy, NULL);
  g_ptr_array_sort (sorted, compare_annotations);
  assert_consistent (store, &mirror);
  for (guint i = 0; i < n; i += 997)
    {
      g_autoptr(ShuAnnotation) item = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_true (item == g_ptr_array_index (sorted, i));
    }

  covering = shu_annotation_store_get_covering (store, 500000);
  for (guint i = 0; i < n; i++)
    expected += shu_annotation_covers (g_ptr_array_index (annotations, i), 500000);
  g_assert_cmpuint (covering->len, ==, expected);

  /* Edits after a reset work on the built tree. */
  g_assert_true (shu_annotation_store_remove (store, "urn:uuid:0000000", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n - 1);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, n);
  assert_consistent (store, &mirror);

  mirror_clear (&mirror, store);
}

/* A pinned snapshot's annotations outlive whatever the store does to them,
 * without a reference each: removals, replacements in place and elsewhere,
 * a reset, the store itself going away (ASan would see a use after free).
 * The snapshot shares the store's blocks, yet keeps its own order and
 * length while the store changes them. */
static void
test_pinned_snapshot (void)
{
  ShuAnnotationStore *store = shu_annotation_store_new (NULL);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ShuBlockList) shared = NULL;
  g_autoptr(GPtrArray) pinned = NULL;
  g_autoptr(GPtrArray) referenced = NULL;
  ShuAnnotationStorePin *pin = NULL;
  ShuAnnotationStorePin *second = NULL;

  for (guint i = 0; i < 200; i++)
    {
      char *id = g_strdup_printf ("urn:uuid:p%u", i);
      g_autoptr(ShuAnnotation) a = make_annotation (id, (i * 37) % 500, (i * 37) % 500 + 5,
                                                    NULL);

      g_ptr_array_add (ids, id);
      g_assert_true (shu_annotation_store_add (store, a, NULL));
    }
  /* Only the store holds the annotations now: no undo history. */
  shu_annotation_store_reset (store, (referenced = shu_annotation_store_dup_annotations (store)),
                              NULL);
  g_clear_pointer (&referenced, g_ptr_array_unref);

  shared = shu_annotation_store_share_annotations_pinned (store, &pin);
  pinned = shu_block_list_copy (shared);
  referenced = shu_annotation_store_dup_annotations (store);
  g_assert_cmpuint (pinned->len, ==, 200);
  for (guint i = 0; i < pinned->len; i++)
    g_assert_true (g_ptr_array_index (pinned, i) == g_ptr_array_index (referenced, i));
  g_clear_pointer (&referenced, g_ptr_array_unref);

  /* A second snapshot shares the pin. */
  shu_block_list_free (shu_annotation_store_share_annotations_pinned (store, &second));
  g_assert_true (second == pin);
  shu_annotation_store_pin_unref (second);

  for (guint i = 0; i < 200; i += 3)
    g_assert_true (shu_annotation_store_remove (store, g_ptr_array_index (ids, i), NULL));
  for (guint i = 1; i + 1 < 200; i += 3)
    {
      g_autoptr(ShuAnnotation) same_place = make_annotation (g_ptr_array_index (ids, i),
                                                             (i * 37) % 500,
                                                             (i * 37) % 500 + 5, "x");
      g_autoptr(ShuAnnotation) moved = make_annotation (g_ptr_array_index (ids, i + 1), 600,
                                                        610, NULL);

      g_assert_true (shu_annotation_store_replace (store, same_place, NULL));
      g_assert_true (shu_annotation_store_replace (store, moved, NULL));
    }
  /* The store has changed, the snapshot has not. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 200 - 67);
  g_assert_cmpuint (shu_block_list_get_length (shared), ==, 200);
  for (guint i = 0; i < pinned->len; i++)
    g_assert_true (shu_block_list_get (shared, i) == g_ptr_array_index (pinned, i));
  shu_annotation_store_reset (store, NULL, NULL);
  g_object_unref (store);

  /* Still readable, in their order, with their ids and ranges. */
  for (guint i = 0; i < pinned->len; i++)
    {
      ShuAnnotation *a = g_ptr_array_index (pinned, i);

      g_assert_true (g_str_has_prefix (shu_annotation_get_id (a), "urn:uuid:p"));
      g_assert_cmpuint (shu_annotation_get_end (a), ==, shu_annotation_get_start (a) + 5);
      if (i > 0)
        g_assert_cmpuint (shu_annotation_get_start (g_ptr_array_index (pinned, i - 1)), <=,
                          shu_annotation_get_start (a));
    }
  shu_annotation_store_pin_unref (pin);
}

static void
test_reset_labels (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func (g_object_unref);
  Mirror mirror;

  /* Without a label set, the store starts with an empty one. */
  g_assert_nonnull (shu_annotation_store_get_labels (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels
                                                                              (store))), ==, 0);
  g_ptr_array_add (list, make_annotation ("urn:uuid:b", 5, 9, "claim"));
  g_ptr_array_add (list, make_annotation ("urn:uuid:a", 5, 9, NULL));

  mirror_init (&mirror, store);
  shu_annotation_store_reset (store, list, labels);
  g_assert_true (shu_annotation_store_get_labels (store) == labels);
  g_assert_cmpuint (mirror.n_labels_changed, ==, 1);
  g_assert_cmpuint (mirror.last_start, ==, 0);
  g_assert_cmpuint (mirror.last_end, ==, 9);
  assert_consistent (store, &mirror);
  g_assert_cmpint (shu_annotation_store_get_position (store, "urn:uuid:a"), ==, 0);
  g_assert_false (shu_annotation_store_can_undo (store));
  mirror_clear (&mirror, store);
}

/* Moving from annotation to annotation with the keyboard: the next one
 * starts after the caret, the previous one before it, in reading order,
 * nested and overlapping ones included. */
static void
test_find_next (void)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (labels);
  static const struct { const char *id; guint start, end; } items[] = {
    { "a", 10, 20 }, { "b", 12, 14 }, { "c", 12, 30 }, { "d", 40, 41 },
  };
  static const struct { guint offset; const char *next, *previous; } steps[] = {
    { 0, "a", NULL }, { 10, "b", NULL }, { 11, "b", "a" }, { 12, "d", "a" },
    { 13, "d", "c" }, { 39, "d", "c" }, { 40, NULL, "c" }, { 100, NULL, "d" },
  };

  g_assert_null (shu_annotation_store_find_next (store, 0, TRUE));
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(ShuAnnotation) annotation = make_annotation (items[i].id, items[i].start,
                                                             items[i].end, NULL);

      g_assert_true (shu_annotation_store_add (store, annotation, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      ShuAnnotation *next = shu_annotation_store_find_next (store, steps[i].offset, TRUE);
      ShuAnnotation *previous = shu_annotation_store_find_next (store, steps[i].offset, FALSE);

      g_assert_cmpstr (next != NULL ? shu_annotation_get_id (next) : NULL, ==, steps[i].next);
      g_assert_cmpstr (previous != NULL ? shu_annotation_get_id (previous) : NULL, ==,
                       steps[i].previous);
    }
}

static const char *
id_of (ShuAnnotation *annotation)
{
  return annotation != NULL ? shu_annotation_get_id (annotation) : NULL;
}

/* Alt+Down and Alt+Up: from the selected annotation to the one after or
 * before it in the list; with none selected, from the caret, the one the
 * caret is in counting backwards. */
static void
test_adjacent (void)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (labels);
  static const struct { const char *id; guint start, end; } items[] = {
    { "a", 10, 20 }, { "d", 40, 45 },
  };
  g_autoptr(ShuAnnotation) after_a = NULL;
  g_autoptr(ShuAnnotation) before_d = NULL;
  g_autoptr(ShuAnnotation) after_d = NULL;
  g_autoptr(ShuAnnotation) before_a = NULL;
  g_autoptr(ShuAnnotation) from_caret = NULL;
  g_autoptr(ShuAnnotation) back_in = NULL;
  g_autoptr(ShuAnnotation) unknown = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      g_autoptr(ShuAnnotation) annotation = make_annotation (items[i].id, items[i].start,
                                                             items[i].end, NULL);

      g_assert_true (shu_annotation_store_add (store, annotation, NULL));
    }
  after_a = shu_annotation_store_dup_adjacent (store, "a", 0, TRUE);
  before_d = shu_annotation_store_dup_adjacent (store, "d", 0, FALSE);
  after_d = shu_annotation_store_dup_adjacent (store, "d", 0, TRUE);
  before_a = shu_annotation_store_dup_adjacent (store, "a", 0, FALSE);
  from_caret = shu_annotation_store_dup_adjacent (store, NULL, 25, TRUE);
  back_in = shu_annotation_store_dup_adjacent (store, NULL, 41, FALSE);
  unknown = shu_annotation_store_dup_adjacent (store, "gone", 0, TRUE);
  g_assert_cmpstr (id_of (after_a), ==, "d");
  g_assert_cmpstr (id_of (before_d), ==, "a");
  g_assert_null (after_d);
  g_assert_null (before_a);
  g_assert_cmpstr (id_of (from_caret), ==, "d");
  g_assert_cmpstr (id_of (back_in), ==, "d");
  g_assert_null (unknown);
}

/* Whether someone has annotated, asked after every change (the annotator
 * status menu): counted by creator through adds, removals, undo and a
 * reset, an annotation without a creator counting for no one. */
static void
test_count_creator (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ShuAnnotation) a = make_annotation ("urn:uuid:a", 0, 4, NULL);
  g_autoptr(ShuAnnotation) b = make_annotation ("urn:uuid:b", 5, 8, NULL);
  ShuRange range = { 9, 12 };
  g_autoptr(ShuAnnotation) nobody = shu_annotation_new ("urn:uuid:n", &range, 1, NULL, NULL,
                                                        NULL, NULL, NULL);

  g_assert_cmpuint (shu_annotation_store_count_creator (store, "tester"), ==, 0);
  g_assert_true (shu_annotation_store_add (store, a, NULL));
  g_assert_true (shu_annotation_store_add (store, b, NULL));
  g_assert_true (shu_annotation_store_add (store, nobody, NULL));
  g_assert_cmpuint (shu_annotation_store_count_creator (store, "tester"), ==, 2);
  g_assert_cmpuint (shu_annotation_store_count_creator (store, "other"), ==, 0);
  g_assert_cmpuint (shu_annotation_store_count_creator (store, NULL), ==, 0);
  g_assert_true (shu_annotation_store_remove (store, "urn:uuid:a", NULL));
  g_assert_true (shu_annotation_store_remove (store, "urn:uuid:b", NULL));
  g_assert_cmpuint (shu_annotation_store_count_creator (store, "tester"), ==, 0);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_count_creator (store, "tester"), ==, 1);

  g_ptr_array_add (loaded, make_annotation ("urn:uuid:c", 0, 2, NULL));
  g_ptr_array_add (loaded, make_annotation ("urn:uuid:d", 3, 5, NULL));
  g_ptr_array_add (loaded, make_annotation ("urn:uuid:e", 6, 7, NULL));
  shu_annotation_store_reset (store, loaded, NULL);
  g_assert_cmpuint (shu_annotation_store_count_creator (store, "tester"), ==, 3);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store/add-remove-replace-undo", test_add_remove_replace_undo);
  g_test_add_func ("/store/groups", test_groups);
  g_test_add_func ("/store/labels", test_labels);
  g_test_add_func ("/store/modified", test_modified);
  g_test_add_func ("/store/random-operations", test_random_operations);
  g_test_add_func ("/store/interval-queries", test_interval_queries);
  g_test_add_func ("/store/reset-large", test_reset_large);
  g_test_add_func ("/store/reset-labels", test_reset_labels);
  g_test_add_func ("/store/pinned-snapshot", test_pinned_snapshot);
  g_test_add_func ("/store/find-next", test_find_next);
  g_test_add_func ("/store/adjacent", test_adjacent);
  g_test_add_func ("/store/count-creator", test_count_creator);

  return g_test_run ();
}
