/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * shu_text_make_bidi_visible:
 *
 * @text (user text: a comment, a label, a file name) for showing, with the
 * bidirectional formatting characters that reorder what follows them
 * written as visible markers: U+202A..U+202E (LRE, RLE, PDF, LRO, RLO)
 * and U+2066..U+2069 (LRI, RLI, FSI, PDI) become "⟨LRE⟩" ... "⟨PDI⟩". A
 * comment could otherwise show its words in an order other than the one
 * written (the "Trojan Source" trick). The marks LRM, RLM and ALM are
 * kept: Hebrew and Arabic writing uses them to place punctuation, and they
 * reorder nothing beyond a neutral character. Invalid UTF-8 is replaced by
 * U+FFFD. Never returns NULL (NULL gives "").
 */
char *shu_text_make_bidi_visible (const char *text);

/* Whether @text holds any character shu_text_make_bidi_visible() marks. */
gboolean shu_text_has_bidi_controls (const char *text);

/**
 * shu_text_escape_controls:
 *
 * @text (a line about to be printed on a terminal, holding names and
 * quotes from files other people wrote) with every control character but
 * line feed and tab written out as "\\x1b" (C0 and DEL) or "\\u009b" (C1),
 * and every byte that is not UTF-8 as "\\xff": a terminal would otherwise
 * obey them (change its title, clear the screen, recolour, move the
 * cursor). Never returns NULL (NULL gives "").
 */
char *shu_text_escape_controls (const char *text);

/**
 * shu_text_escape_for_terminal:
 *
 * @text (user text) for a terminal or a log: as
 * shu_text_make_bidi_visible(), and besides, the C0 and C1 control
 * characters and DEL (escape sequences, tabs, line breaks) written as
 * "\\xHH" (U+0080..U+009F as "\\u0080" ...) and a backslash doubled, so that
 * the text stays on its line and cannot drive the terminal. Never returns
 * NULL (NULL gives "").
 */
char *shu_text_escape_for_terminal (const char *text);

/* @file as the user would type it, for a message or a window: a local
 * file's path, with control characters (a name can end in a line break),
 * bidirectional controls and bytes that are not UTF-8 written out as
 * shu_text_escape_for_terminal() does; another file's URI. (GLib's parse
 * name gives a URI, "file:///…%0A", for a path holding a control
 * character.) */
char *shu_text_dup_file_name (GFile *file) G_GNUC_WARN_UNUSED_RESULT;

/* The first control character (C0, DEL or C1; tab and line feed too) in
 * @text, or 0 when there is none or @text is NULL. A name (a label's, a
 * creator's) never holds one: it would break a line of a table or drive a
 * terminal. */
gunichar shu_text_find_control (const char *text);

/* @text with each control character (as shu_text_find_control() finds
 * them) replaced by U+FFFD, visible where the character was. */
char *shu_text_replace_controls (const char *text);

/* Whether @tag is a well-formed BCP 47 language tag (RFC 5646, section
 * 2.1: language, extlang, script, region, variants, extensions, private
 * use; and the grandfathered irregular tags). Well-formed only: whether
 * the subtags are registered is not checked. */
gboolean shu_text_is_language_tag (const char *tag);

/* Whether cutting @text just before @p (a character of it) could part a
 * grapheme cluster, as far as can be told without the text's breaks:
 * before a combining mark (Hebrew points and cantillation too), a joiner
 * or an emoji modifier, or after a joiner. */
gboolean shu_text_cut_inside_cluster (const char *text,
                                      const char *p);

/* The start of @text (user text: a comment) for a preview, at most
 * @max_chars code points, cut between two grapheme clusters as far as
 * combining marks and joiners tell, with "…" where it was cut; the whole
 * text when it is short enough. A comment another tool wrote can be tens
 * of megabytes on one line: a label that shows it whole has Pango shape
 * all of it (70 s and 4 GB for 95 MB). Never returns NULL (NULL gives
 * ""). */
char *shu_text_dup_preview (const char *text,
                            guint       max_chars);

G_END_DECLS
