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
 * source. Only the byte size can grow (U+200B takes three bytes).
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

/* Returns the display text of the UTF-8 @text of @size bytes, with a NUL
 * after it (not counted in @out_size). Free with g_free(). */
char *shu_reflow_text (const char *text,
                       gsize       size,
                       gsize      *out_size) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
