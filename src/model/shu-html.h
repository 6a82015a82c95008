/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/**
 * shu_html_export:
 *
 * A standalone HTML report of @document: one UTF-8 file with inline CSS
 * and no scripts or outside resources, in the text's language and
 * direction (<html lang="he" dir="rtl"> for the essay). The text is shown
 * with its annotations highlighted in their labels' colours; where spans
 * overlap, the text is split into segments and each segment shows the
 * colours of every annotation covering it (stripes), so overlaps stay
 * visible. Each annotation is numbered in sidecar order; the number
 * follows its last range and leads to the list beside the text with its
 * label, quote, creator and comments.
 *
 * Everything taken from the document is escaped (&, <, >, ", '), and
 * directional formatting characters (U+200E, U+200F, U+202A..U+202E,
 * U+2066..U+2069) in labels, comments, creators, quotes and the title are
 * shown as visible marks such as "⟨U+202E⟩" instead of reordering the
 * page. Orphans are listed at the end without a place in the text.
 */
GBytes *shu_html_export (ShuDocument *document);

/* Appends @text escaped for HTML (text or attribute), and, when
 * @show_bidi, with directional formatting characters made visible. */
void    shu_html_append_escaped (GString    *out,
                                 const char *text,
                                 gboolean    show_bidi);

G_END_DECLS
