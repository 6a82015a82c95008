/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Hard-wrapped text shown as flowing paragraphs, for display only.
 *
 * A text wrapped by hand (or by a tool) at about 70 characters, shown in a
 * page of another width, wraps twice: every other line ends in a stray
 * word. The display text joins the lines of a hard-wrapped paragraph and
 * keeps every paragraph sign the source has: a blank line, an indented
 * line, a line clearly shorter than the paragraph's lines (its last), and
 * lines of very different lengths (verse, lists, code), which are kept as
 * they are.
 *
 * The display text has exactly the source's code points, one for one,
 * except that a joined line break becomes a space, or a zero-width space
 * (U+200B) where the line already ends in a space, so that no double
 * space shows: every offset in the display text is the same offset in the
 * source. Only the byte size can grow (U+200B takes three bytes). (The
 * breaks put into very long lines, below, are the one exception.)
 *
 * A run of joined lines is also ended at the first sentence end after
 * SHU_REFLOW_MAX_PARAGRAPH code points (and anywhere past eight times
 * that), where it reads as a paragraph's end: GtkTextView lays out and
 * draws a paragraph whole, and the highlights beneath are measured in its
 * layout, so every frame costs in proportion to the paragraphs on screen.
 * On the 5 MB essay with 50k annotations (SHU_BENCH=scroll, median frame
 * while scrolling by the wheel, same batch, a noisy shared machine): 29-47
 * ms with the hard breaks kept, 40-61 with paragraphs of about 512, 65-84
 * with 1k, 71 with 2k, and 480 frames did not finish in two minutes with
 * the essay's 12k. The bundled essay, which marks no paragraph at all, is
 * shown in paragraphs of about eight lines ended at a sentence. */

#define SHU_REFLOW_MAX_PARAGRAPH 512

/* The character a line break joined after a space shows as. */
#define SHU_REFLOW_ZERO_WIDTH_SPACE 0x200B

/* A line longer than this many code points is shown as several
 * paragraphs: a line break that the file does not have is put in, after a
 * space in the second half of each piece where there is one, anywhere
 * else (between two grapheme clusters as far as can be told without the
 * text's breaks). Pango shapes a paragraph whole and again for every
 * line it wraps, so a line of 100 000 Hebrew letters with no space took
 * 12.7 s to its first frame and one of a million none in a minute; a line
 * of 10 MB with spaces showed a blank page (its height overflows Pango's
 * units). Such a break is only shown: offsets, selections and annotations
 * stay in the source's terms through shu_reflow_to_source() and
 * shu_reflow_to_display(). */
#define SHU_REFLOW_MAX_LINE 2048

typedef enum
{
  SHU_REFLOW_NONE = 0,
  /* Hard-wrapped lines are joined (above). */
  SHU_REFLOW_JOIN_LINES = 1 << 0,
  /* Lines longer than SHU_REFLOW_MAX_LINE are shown in pieces. */
  SHU_REFLOW_SPLIT_LONG_LINES = 1 << 1,
} ShuReflowFlags;

/* Returns the display text of the UTF-8 @text of @size bytes, with a NUL
 * after it (not counted in @out_size), or NULL when it would be @text
 * itself (nothing joined or split; no copy is made). Free with g_free().
 *
 * @out_breaks, when not NULL, is set to the source offsets (code points,
 * guint, ascending) before which a line break is put in, or NULL when none
 * is: the map for the two functions below. */
char  *shu_reflow_text       (const char     *text,
                              gsize           size,
                              ShuReflowFlags  flags,
                              gsize          *out_size,
                              GArray        **out_breaks) G_GNUC_WARN_UNUSED_RESULT;

/* The display offset of the source's character at @offset (after a break
 * put in before it). @breaks may be NULL: the offset is the same. */
guint  shu_reflow_to_display (GArray         *breaks,
                              guint           offset);

/* The source offset of the display text's @offset: a break put in is at
 * the offset of the character after it. */
guint  shu_reflow_to_source  (GArray         *breaks,
                              guint           offset);

/* The numbers of the lines of the UTF-8 @text (@size bytes) that are
 * blank (nothing but spaces and tabs) and come after a line that is not:
 * the gaps a source marks its paragraphs with. The view already sets a
 * paragraph's end apart, so such a line shown at full height would double
 * the gap. NULL when there is none. */
GArray *shu_reflow_blank_lines (const char     *text,
                                gsize           size) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
