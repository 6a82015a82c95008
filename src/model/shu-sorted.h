/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The index of the last element of the ascending @array (of @n elements,
 * @n > 0) that is <= @value, or 0 if none is: which line, chunk or block
 * a position falls in, from their starts. */
static inline guint
shu_sorted_last_at_most (const guint *array,
                         guint        n,
                         guint        value)
{
  guint lo = 0;
  guint hi = n;

  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (array[mid] <= value)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

G_END_DECLS
