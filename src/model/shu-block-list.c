/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-block-list.h"
#include "shu-sorted.h"

/* A full block is split in two halves, so blocks hold BLOCK_MAX / 2 to
 * BLOCK_MAX items after inserts; one that removals bring under a quarter
 * is merged into a neighbour when both fit in one block.
 *
 * A block may be in several lists (shu_block_list_share()), on several
 * threads: its reference count says how many, and a block in more than one
 * is never written to (own_block()). */
#define BLOCK_MAX 1024

typedef struct
{
  int      ref;   /* atomic: g_atomic_int_*(), which ThreadSanitizer follows */
  guint    length;
  gpointer items[BLOCK_MAX];
} Block;

static Block *
block_new (guint length)
{
  Block *block = g_new (Block, 1);

  block->ref = 1;
  block->length = length;
  return block;
}

static void
block_unref (gpointer data)
{
  Block *block = data;

  if (g_atomic_int_dec_and_test (&block->ref))
    g_free (block);
}

struct _ShuBlockList
{
  GPtrArray *blocks;   /* Block, owned, none empty */
  GArray    *starts;   /* guint: the position of each block's first item */
  guint      length;
};

ShuBlockList *
shu_block_list_new (void)
{
  ShuBlockList *list = g_new0 (ShuBlockList, 1);

  list->blocks = g_ptr_array_new_with_free_func (block_unref);
  list->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  return list;
}

ShuBlockList *
shu_block_list_share (ShuBlockList *list)
{
  ShuBlockList *share;

  g_return_val_if_fail (list != NULL, NULL);

  share = g_new0 (ShuBlockList, 1);
  share->blocks = g_ptr_array_new_full (list->blocks->len, block_unref);
  for (guint b = 0; b < list->blocks->len; b++)
    {
      Block *block = list->blocks->pdata[b];

      g_atomic_int_inc (&block->ref);
      g_ptr_array_add (share->blocks, block);
    }
  share->starts = g_array_copy (list->starts);
  share->length = list->length;
  return share;
}

void
shu_block_list_free (ShuBlockList *list)
{
  if (list == NULL)
    return;
  g_ptr_array_unref (list->blocks);
  g_array_unref (list->starts);
  g_free (list);
}

guint
shu_block_list_get_length (ShuBlockList *list)
{
  g_return_val_if_fail (list != NULL, 0);

  return list->length;
}

/* The block holding @position, the last whose start is not after it:
 * returns it, its index @b and the place @at in it. At the length (an
 * append) that is the end of the last block. The list is not empty. */
static Block *
locate (ShuBlockList *list,
        guint         position,
        guint        *b,
        guint        *at)
{
  const guint *starts = (const guint *) list->starts->data;

  *b = shu_sorted_last_at_most (starts, list->starts->len, position);
  *at = position - starts[*b];
  return list->blocks->pdata[*b];
}

/* Block @b of @list, to be written to: if another list shares it, a copy
 * of it takes its place in @list first. The count is 1 only when no other
 * list holds the block, and only this list could share it again; another
 * thread letting go of it meanwhile costs at most a needless copy. */
static Block *
own_block (ShuBlockList *list,
           guint         b)
{
  Block *block = list->blocks->pdata[b];
  Block *copy;

  if (g_atomic_int_get (&block->ref) == 1)
    return block;
  copy = block_new (block->length);
  memcpy (copy->items, block->items, block->length * sizeof (gpointer));
  list->blocks->pdata[b] = copy;
  block_unref (block);
  return copy;
}

/* Adds @delta to the starts of the blocks after @b. */
static void
shift_starts (ShuBlockList *list,
              guint         b,
              int           delta)
{
  guint *starts = (guint *) list->starts->data;

  for (guint i = b + 1; i < list->starts->len; i++)
    starts[i] += delta;
}

gpointer
shu_block_list_get (ShuBlockList *list,
                    guint         position)
{
  Block *block;
  guint b, at;

  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (position < list->length, NULL);

  block = locate (list, position, &b, &at);
  return block->items[at];
}

void
shu_block_list_set (ShuBlockList *list,
                    guint         position,
                    gpointer      item)
{
  Block *block;
  guint b, at;

  g_return_if_fail (list != NULL);
  g_return_if_fail (position < list->length);

  locate (list, position, &b, &at);
  block = own_block (list, b);
  block->items[at] = item;
}

void
shu_block_list_insert (ShuBlockList *list,
                       guint         position,
                       gpointer      item)
{
  Block *block;
  guint b, at;

  g_return_if_fail (list != NULL);
  g_return_if_fail (position <= list->length);

  if (list->blocks->len == 0)
    {
      guint zero = 0;

      g_ptr_array_add (list->blocks, block_new (0));
      g_array_append_val (list->starts, zero);
    }

  locate (list, position, &b, &at);
  block = own_block (list, b);

  if (block->length == BLOCK_MAX)
    {
      guint half = BLOCK_MAX / 2;
      Block *second = block_new (BLOCK_MAX - half);
      guint second_start = g_array_index (list->starts, guint, b) + half;

      memcpy (second->items, block->items + half, second->length * sizeof (gpointer));
      block->length = half;
      g_ptr_array_insert (list->blocks, (gint) b + 1, second);
      g_array_insert_val (list->starts, b + 1, second_start);
      if (at > half)
        {
          b++;
          block = second;
          at -= half;
        }
    }

  memmove (block->items + at + 1, block->items + at, (block->length - at) * sizeof (gpointer));
  block->items[at] = item;
  block->length++;
  list->length++;
  shift_starts (list, b, 1);
}

gpointer
shu_block_list_remove (ShuBlockList *list,
                       guint         position)
{
  Block *block;
  gpointer item;
  guint b, at;

  g_return_val_if_fail (list != NULL, NULL);
  g_return_val_if_fail (position < list->length, NULL);

  locate (list, position, &b, &at);
  block = own_block (list, b);
  item = block->items[at];
  memmove (block->items + at, block->items + at + 1, (block->length - at - 1) * sizeof (gpointer));
  block->length--;
  list->length--;
  shift_starts (list, b, -1);

  if (block->length == 0)
    {
      g_ptr_array_remove_index (list->blocks, b);
      g_array_remove_index (list->starts, b);
    }
  else if (block->length < BLOCK_MAX / 4 && b + 1 < list->blocks->len
           && block->length + ((Block *) list->blocks->pdata[b + 1])->length <= BLOCK_MAX)
    {
      /* The next block's items join this one. */
      Block *next = list->blocks->pdata[b + 1];

      memcpy (block->items + block->length, next->items, next->length * sizeof (gpointer));
      block->length += next->length;
      g_ptr_array_remove_index (list->blocks, b + 1);
      g_array_remove_index (list->starts, b + 1);
    }
  return item;
}

void
shu_block_list_set_items (ShuBlockList *list,
                          gpointer     *items,
                          guint         n_items)
{
  g_return_if_fail (list != NULL);
  g_return_if_fail (items != NULL || n_items == 0);

  g_ptr_array_set_size (list->blocks, 0);
  g_array_set_size (list->starts, 0);
  /* Blocks filled to three quarters: inserts right after a load rarely
   * split. */
  for (guint start = 0; start < n_items; start += BLOCK_MAX * 3 / 4)
    {
      Block *block = block_new (MIN (BLOCK_MAX * 3 / 4, n_items - start));

      memcpy (block->items, items + start, block->length * sizeof (gpointer));
      g_ptr_array_add (list->blocks, block);
      g_array_append_val (list->starts, start);
    }
  list->length = n_items;
}

GPtrArray *
shu_block_list_copy (ShuBlockList *list)
{
  GPtrArray *copy;
  guint n = 0;

  g_return_val_if_fail (list != NULL, NULL);

  copy = g_ptr_array_sized_new (list->length);
  g_ptr_array_set_size (copy, (gint) list->length);
  for (guint b = 0; b < list->blocks->len; b++)
    {
      Block *block = list->blocks->pdata[b];

      memcpy (copy->pdata + n, block->items, block->length * sizeof (gpointer));
      n += block->length;
    }
  return copy;
}
