/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-source.h"

G_BEGIN_DECLS

/**
 * ShuSearchFlags:
 * @SHU_SEARCH_NONE: code points compare exactly.
 * @SHU_SEARCH_CASE_INSENSITIVE: each character is compared by its case
 *   folding (g_utf8_casefold()), so "STRASSE" finds "Straße".
 * @SHU_SEARCH_IGNORE_MARKS: Hebrew points and cantillation marks and Arabic
 *   harakat (see shu_search_is_ignorable_mark()) are skipped, in the text
 *   and in the query alike, so "שלום" finds "שָׁלוֹם".
 */
typedef enum
{
  SHU_SEARCH_NONE             = 0,
  SHU_SEARCH_CASE_INSENSITIVE = 1 << 0,
  SHU_SEARCH_IGNORE_MARKS     = 1 << 1,
} ShuSearchFlags;

/* One match, [start, end) in code points of the source. */
typedef struct
{
  guint start;
  guint end;
} ShuSearchMatch;

#define SHU_TYPE_SEARCH (shu_search_get_type ())
G_DECLARE_FINAL_TYPE (ShuSearch, shu_search, SHU, SEARCH, GObject)

/**
 * ShuSearch:
 *
 * Finds a query in a source. The text is folded once per set of flags (one
 * pass, keeping where each character's folding starts) and kept for the
 * next query, so typing in a find bar searches a 5 MB text with one plain
 * substring search per keystroke.
 *
 * Matches are found left to right without overlapping in the folded text,
 * then mapped back to the source and widened to grapheme-cluster
 * boundaries (shu_source_boundary_floor()/ceil()): a match never splits a
 * letter from its points, and a match ending on a pointed letter takes its
 * trailing marks with it. A match whose widened range would overlap the
 * one before it is dropped. An empty query (or one of ignored marks only)
 * finds nothing.
 *
 * Properties: "source" (ShuSource, construct-only).
 */
ShuSearch  *shu_search_new                (ShuSource      *source);
ShuSource  *shu_search_get_source         (ShuSearch      *self);

/* (element-type ShuSearchMatch) (transfer full), in text order. */
GArray     *shu_search_find_all           (ShuSearch      *self,
                                           const char     *query,
                                           ShuSearchFlags  flags);

/* The folding the search applies to the text and the query, for callers
 * that want to compare strings the same way. (transfer full) */
char       *shu_search_fold               (const char     *text,
                                           ShuSearchFlags  flags);

/* Whether SHU_SEARCH_IGNORE_MARKS skips @c: U+0591..U+05BD, U+05BF,
 * U+05C1, U+05C2, U+05C4, U+05C5, U+05C7 (Hebrew points and cantillation),
 * U+064B..U+065F and U+0670 (Arabic harakat). Letters, maqaf (U+05BE),
 * paseq (U+05C0) and sof pasuq (U+05C3) are kept: they are text. */
gboolean    shu_search_is_ignorable_mark  (gunichar        c);

G_END_DECLS
