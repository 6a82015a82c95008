/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-extent.h"

static gunichar
char_at (ShuSource *source,
         guint      offset)
{
  return g_utf8_get_char (shu_source_get_text (source)
                          + shu_source_offset_to_byte (source, offset));
}

static gboolean
is_letter (gunichar c)
{
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Apostrophes and quotation marks inside a word: צה"ל, ג׳, don't. */
static gboolean
is_inner_mark (gunichar c)
{
  return c == '\'' || c == '"' || c == 0x05F3 || c == 0x05F4 || c == 0x2019;
}

/* Whether the character at @offset belongs to a word. */
static gboolean
in_word (ShuSource *source,
         guint      offset)
{
  guint length = shu_source_get_length (source);
  gunichar c;

  if (offset >= length)
    return FALSE;
  c = char_at (source, offset);
  if (is_letter (c))
    return TRUE;
  return is_inner_mark (c) && offset > 0 && offset + 1 < length
         && is_letter (char_at (source, offset - 1)) && is_letter (char_at (source, offset + 1));
}

static guint
word_start (ShuSource *source,
            guint      offset)
{
  while (offset > 0 && in_word (source, offset - 1))
    offset--;
  return shu_source_boundary_floor (source, offset);
}

static guint
word_end (ShuSource *source,
          guint      offset)
{
  while (in_word (source, offset))
    offset++;
  return shu_source_boundary_ceil (source, offset);
}

void
shu_extent_snap_to_words (ShuSource *source,
                          guint     *start,
                          guint     *end)
{
  g_return_if_fail (SHU_IS_SOURCE (source));
  g_return_if_fail (start != NULL && end != NULL);

  if (*start >= *end)
    return;
  if (*start > 0 && in_word (source, *start) && in_word (source, *start - 1))
    *start = word_start (source, *start);
  if (in_word (source, *end - 1) && in_word (source, *end))
    *end = word_end (source, *end);
}

gboolean
shu_extent_move_edge (ShuSource *source,
                      guint     *start,
                      guint     *end,
                      ShuEdge    edge,
                      gboolean   grow)
{
  guint length, at;

  g_return_val_if_fail (SHU_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL && *start < *end, FALSE);

  length = shu_source_get_length (source);
  if (edge == SHU_EDGE_END && grow)
    {
      for (at = *end; at < length && !in_word (source, at); at++)
        ;
      if (at == length)
        return FALSE;
      *end = word_end (source, at);
      return TRUE;
    }
  if (edge == SHU_EDGE_START && grow)
    {
      for (at = *start; at > 0 && !in_word (source, at - 1); at--)
        ;
      if (at == 0)
        return FALSE;
      *start = word_start (source, at);
      return TRUE;
    }
  if (edge == SHU_EDGE_END)
    {
      /* Past the last word and what follows it, then back to the end of
       * the word before. */
      for (at = *end; at > *start && !in_word (source, at - 1); at--)
        ;
      at = MAX (word_start (source, at), *start);
      for (; at > *start && !in_word (source, at - 1); at--)
        ;
      if (at <= *start)
        return FALSE;
      *end = shu_source_boundary_ceil (source, at);
      return TRUE;
    }
  for (at = *start; at < *end && !in_word (source, at); at++)
    ;
  at = MIN (word_end (source, at), *end);
  for (; at < *end && !in_word (source, at); at++)
    ;
  if (at >= *end)
    return FALSE;
  *start = shu_source_boundary_floor (source, at);
  return TRUE;
}

ShuAnnotation *
shu_extent_move_annotation_edge (ShuAnnotation *annotation,
                                 ShuSource     *source,
                                 ShuEdge        edge,
                                 gboolean       grow)
{
  guint n_ranges;
  g_autofree ShuRange *ranges = NULL;
  guint index;

  g_return_val_if_fail (SHU_IS_ANNOTATION (annotation), NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);

  n_ranges = shu_annotation_get_n_ranges (annotation);
  ranges = g_memdup2 (shu_annotation_get_ranges (annotation), n_ranges * sizeof (ShuRange));
  index = edge == SHU_EDGE_START ? 0 : n_ranges - 1;
  if (!shu_extent_move_edge (source, &ranges[index].start, &ranges[index].end, edge, grow))
    return NULL;
  /* A range grown into its neighbour's place would overlap it. */
  if ((index > 0 && ranges[index].start < ranges[index - 1].end)
      || (index + 1 < n_ranges && ranges[index].end > ranges[index + 1].start))
    return NULL;
  return shu_annotation_with_ranges (annotation, ranges, n_ranges, NULL);
}

gboolean
shu_extent_drag_edge (ShuSource *source,
                      guint     *start,
                      guint     *end,
                      ShuEdge    edge,
                      guint      offset,
                      gboolean   snap_to_words)
{
  guint new_start, new_end;

  g_return_val_if_fail (SHU_IS_SOURCE (source), FALSE);
  g_return_val_if_fail (start != NULL && end != NULL && *start < *end, FALSE);

  offset = MIN (offset, shu_source_get_length (source));
  new_start = edge == SHU_EDGE_START ? offset : *start;
  new_end = edge == SHU_EDGE_END ? offset : *end;
  if (new_start >= new_end)
    return FALSE;
  if (snap_to_words)
    {
      if (edge == SHU_EDGE_START)
        {
          while (new_start < new_end && g_unichar_isspace (char_at (source, new_start)))
            new_start++;
          if (new_start > 0 && in_word (source, new_start) && in_word (source, new_start - 1))
            new_start = word_start (source, new_start);
        }
      else
        {
          while (new_end > new_start && g_unichar_isspace (char_at (source, new_end - 1)))
            new_end--;
          if (new_end > 0 && in_word (source, new_end - 1) && in_word (source, new_end))
            new_end = word_end (source, new_end);
        }
    }
  /* Never half a letter with its points. */
  new_start = shu_source_boundary_floor (source, new_start);
  new_end = shu_source_boundary_ceil (source, new_end);
  if (new_start >= new_end || (new_start == *start && new_end == *end))
    return FALSE;
  *start = new_start;
  *end = new_end;
  return TRUE;
}

ShuAnnotation *
shu_extent_drag_annotation_edge (ShuAnnotation *annotation,
                                 ShuSource     *source,
                                 ShuEdge        edge,
                                 guint          offset,
                                 gboolean       snap_to_words)
{
  guint n_ranges;
  g_autofree ShuRange *ranges = NULL;
  guint index;

  g_return_val_if_fail (SHU_IS_ANNOTATION (annotation), NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);

  n_ranges = shu_annotation_get_n_ranges (annotation);
  ranges = g_memdup2 (shu_annotation_get_ranges (annotation), n_ranges * sizeof (ShuRange));
  index = edge == SHU_EDGE_START ? 0 : n_ranges - 1;
  if (!shu_extent_drag_edge (source, &ranges[index].start, &ranges[index].end, edge, offset,
                             snap_to_words))
    return NULL;
  if ((index > 0 && ranges[index].start < ranges[index - 1].end)
      || (index + 1 < n_ranges && ranges[index].end > ranges[index + 1].start))
    return NULL;
  return shu_annotation_with_ranges (annotation, ranges, n_ranges, NULL);
}
