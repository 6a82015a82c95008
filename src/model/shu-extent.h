/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-annotation.h"
#include "shu-source.h"

G_BEGIN_DECLS

/* Words, for selecting and for changing an annotation's extent.
 *
 * A word is a run of letters, digits and marks (Hebrew's points and
 * cantillation are marks, so a pointed word is one word), with the
 * apostrophes and quotation marks written inside abbreviations (צה"ל,
 * ג׳) when they stand between such characters. A word boundary is always
 * a grapheme cluster boundary. */

typedef enum
{
  SHU_EDGE_START,
  SHU_EDGE_END,
} ShuEdge;

/* Widens [*start, *end) so that an end inside a word takes the whole word.
 * Ends between words, and an empty range, are left as they are. */
void           shu_extent_snap_to_words (ShuSource     *source,
                                         guint         *start,
                                         guint         *end);

/* Moves one edge of [*start, *end) by a word: @grow TRUE takes the next
 * word beyond it (with the spaces and punctuation before that word), FALSE
 * gives back its outermost word (and the spaces and punctuation then at
 * the edge). FALSE, and nothing changed, when there is no word to take or
 * the range would lose its last word. */
gboolean       shu_extent_move_edge     (ShuSource     *source,
                                         guint         *start,
                                         guint         *end,
                                         ShuEdge        edge,
                                         gboolean       grow);

/* @annotation with one edge moved by a word (its first range's start or
 * its last range's end), modified now; NULL when the edge cannot move. */
ShuAnnotation *shu_extent_move_annotation_edge (ShuAnnotation *annotation,
                                                ShuSource     *source,
                                                ShuEdge        edge,
                                                gboolean       grow)
                                                G_GNUC_WARN_UNUSED_RESULT;

/* Puts one edge of [*start, *end) where it was dragged to, @offset: with
 * @snap_to_words, an edge inside a word takes the whole word and spaces
 * at the new edge are left out; otherwise the edge is put on a grapheme
 * cluster boundary. FALSE, and nothing changed, when the range would be
 * empty or inverted, or nothing moves. */
gboolean       shu_extent_drag_edge     (ShuSource     *source,
                                         guint         *start,
                                         guint         *end,
                                         ShuEdge        edge,
                                         guint          offset,
                                         gboolean       snap_to_words);

/* @annotation with one edge dragged to @offset (shu_extent_drag_edge() on
 * its first range's start or its last range's end), modified now; NULL
 * when that edge cannot go there. */
ShuAnnotation *shu_extent_drag_annotation_edge (ShuAnnotation *annotation,
                                                ShuSource     *source,
                                                ShuEdge        edge,
                                                guint          offset,
                                                gboolean       snap_to_words)
                                                G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
