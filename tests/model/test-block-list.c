/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-block-list.h"

/* @list holds what @model does, in the same order. */
static void
assert_same (ShuBlockList *list,
             GPtrArray    *model)
{
  g_autoptr(GPtrArray) copy = shu_block_list_copy (list);

  g_assert_cmpuint (shu_block_list_get_length (list), ==, model->len);
  g_assert_cmpuint (copy->len, ==, model->len);
  for (guint i = 0; i < model->len; i++)
    {
      g_assert_true (copy->pdata[i] == model->pdata[i]);
      g_assert_true (shu_block_list_get (list, i) == model->pdata[i]);
    }
}

/* The same insertion, removal or replacement, in @list and in @model. */
static void
insert_both (ShuBlockList *list,
             GPtrArray    *model,
             guint         at,
             gpointer      item)
{
  shu_block_list_insert (list, at, item);
  g_ptr_array_insert (model, (gint) at, item);
}

static void
remove_both (ShuBlockList *list,
             GPtrArray    *model,
             guint         at)
{
  g_assert_true (shu_block_list_remove (list, at) == model->pdata[at]);
  g_ptr_array_remove_index (model, at);
}

static void
set_both (ShuBlockList *list,
          GPtrArray    *model,
          guint         at,
          gpointer      item)
{
  shu_block_list_set (list, at, item);
  model->pdata[at] = item;
}

/* Random inserts, removals and replacements at random places, checked
 * against a plain array, through growth past many block splits, shrinking
 * through merges and empty blocks, down to nothing and back. */
static void
test_random (void)
{
  g_autoptr(ShuBlockList) list = shu_block_list_new ();
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  guintptr next = 1;

  /* Phases: grow to 6000, shrink to 0, grow again with appends at the end
   * and inserts at the front, then mixed. */
  for (guint phase = 0; phase < 4; phase++)
    {
      guint ops = phase == 1 ? 7000 : 6000;

      for (guint op = 0; op < ops; op++)
        {
          guint n = model->len;
          int what = g_rand_int_range (rand, 0, 10);
          gboolean grow = phase == 0 || phase == 2 || (phase == 3 && what < 4);
          gboolean shrink = phase == 1 || (phase == 3 && what >= 4 && what < 8);

          if (grow)
            {
              guint at = phase == 2 ? (op % 2 ? n : 0) : (guint) g_rand_int_range (rand, 0, n + 1);

              insert_both (list, model, at, (gpointer) next++);
            }
          else if (shrink && n > 0)
            remove_both (list, model, g_rand_int_range (rand, 0, n));
          else if (n > 0)
            {
              guint at = g_rand_int_range (rand, 0, n);

              set_both (list, model, at, (gpointer) next++);
            }
          if (op % 500 == 0)
            assert_same (list, model);
        }
      assert_same (list, model);
    }
}

/* Filling it at once, then editing at the edges of its blocks. */
static void
test_set_items (void)
{
  guint sizes[] = { 0, 1, 767, 768, 769, 5000 };

  for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
    {
      g_autoptr(ShuBlockList) list = shu_block_list_new ();
      g_autoptr(GPtrArray) model = g_ptr_array_new ();

      for (guint i = 0; i < sizes[k]; i++)
        g_ptr_array_add (model, GUINT_TO_POINTER (i + 1));
      shu_block_list_insert (list, 0, GUINT_TO_POINTER (999999));
      shu_block_list_set_items (list, model->pdata, model->len);
      assert_same (list, model);

      for (guint at = 0; at <= model->len; at += 256)
        {
          shu_block_list_insert (list, at, GUINT_TO_POINTER (100000 + at));
          g_ptr_array_insert (model, (gint) at, GUINT_TO_POINTER (100000 + at));
        }
      shu_block_list_insert (list, model->len, GUINT_TO_POINTER (7));
      g_ptr_array_add (model, GUINT_TO_POINTER (7));
      assert_same (list, model);
    }
}

/* Inserting into a full block, at every place around where it splits. */
static void
test_split (void)
{
  guint places[] = { 0, 1, 511, 512, 513, 514, 1023, 1024 };

  for (guint k = 0; k < G_N_ELEMENTS (places); k++)
    {
      g_autoptr(ShuBlockList) list = shu_block_list_new ();
      g_autoptr(GPtrArray) model = g_ptr_array_new ();

      /* Appended one by one, 1024 items make one full block. */
      for (guint i = 0; i < 1024; i++)
        {
          shu_block_list_insert (list, i, GUINT_TO_POINTER (i + 1));
          g_ptr_array_add (model, GUINT_TO_POINTER (i + 1));
        }
      shu_block_list_insert (list, places[k], GUINT_TO_POINTER (5000));
      g_ptr_array_insert (model, (gint) places[k], GUINT_TO_POINTER (5000));
      assert_same (list, model);
      /* And taken out again, which merges nothing back but must find it. */
      g_assert_true (shu_block_list_remove (list, places[k]) == GUINT_TO_POINTER (5000));
      g_ptr_array_remove_index (model, places[k]);
      assert_same (list, model);
    }
}

/* One random insert, removal or replacement, in @list and in @model. */
static void
random_edit (ShuBlockList *list,
             GPtrArray    *model,
             GRand        *rand,
             guintptr     *next)
{
  guint n = model->len;
  int what = g_rand_int_range (rand, 0, 3);

  if (what == 0 || n == 0)
    {
      guint at = g_rand_int_range (rand, 0, n + 1);

      insert_both (list, model, at, (gpointer) (*next)++);
    }
  else if (what == 1)
    remove_both (list, model, g_rand_int_range (rand, 0, n));
  else
    {
      guint at = g_rand_int_range (rand, 0, n);

      set_both (list, model, at, (gpointer) (*next)++);
    }
}

typedef struct
{
  ShuBlockList *list;
  GPtrArray    *model;
} Share;

/* A share of @list, and what it must hold. */
static Share *
share_new (ShuBlockList *list,
           GPtrArray    *model)
{
  Share *share = g_new0 (Share, 1);

  share->list = shu_block_list_share (list);
  share->model = g_ptr_array_copy (model, NULL, NULL);
  return share;
}

static void
share_free (gpointer data)
{
  Share *share = data;

  shu_block_list_free (share->list);
  g_ptr_array_unref (share->model);
  g_free (share);
}

/* Read and freed on another thread, as a save's snapshot is. */
static gpointer
check_share_thread (gpointer data)
{
  Share *share = data;

  assert_same (share->list, share->model);
  share_free (share);
  return NULL;
}

/* Shares taken while the list changes keep what it held then, through
 * changes to the list and to themselves (inserts, removals, splits and
 * merges of the blocks they share); the list keeps its own changes. */
static void
test_share (void)
{
  g_autoptr(ShuBlockList) list = shu_block_list_new ();
  g_autoptr(GPtrArray) model = g_ptr_array_new ();
  g_autoptr(GPtrArray) shares = g_ptr_array_new_with_free_func (share_free);
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guintptr next = 1;

  for (guint i = 0; i < 5000; i++)
    insert_both (list, model, i, (gpointer) next++);
  for (guint op = 0; op < 20000; op++)
    {
      if (op % 1000 == 0)
        g_ptr_array_add (shares, share_new (list, model));
      /* One share handed to a thread while the list goes on changing. */
      if (op % 1000 == 500)
        g_ptr_array_add (threads, g_thread_new ("share", check_share_thread,
                                                share_new (list, model)));
      random_edit (list, model, rand, &next);
      /* Every third share is edited too. */
      for (guint k = 0; k < shares->len; k += 3)
        {
          Share *share = shares->pdata[k];

          random_edit (share->list, share->model, rand, &next);
        }
      if (op % 997 == 0)
        assert_same (list, model);
    }
  assert_same (list, model);
  for (guint k = 0; k < shares->len; k++)
    {
      Share *share = shares->pdata[k];

      assert_same (share->list, share->model);
    }
  for (guint k = 0; k < threads->len; k++)
    g_thread_join (threads->pdata[k]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/block-list/random", test_random);
  g_test_add_func ("/block-list/set-items", test_set_items);
  g_test_add_func ("/block-list/split", test_split);
  g_test_add_func ("/block-list/share", test_share);
  return g_test_run ();
}
