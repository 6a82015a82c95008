/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"
#include "shu-import.h"

G_BEGIN_DECLS

/**
 * shu_hypothesis_import:
 * @labels: (nullable): labels to use; tags not in it become new labels
 * @options: strictness and the unit of TextPositionSelector offsets
 *   (Hypothesis counts UTF-16 units of the page's text)
 * @report: (out) (optional) (element-type ShuAnchorResult): annotations
 *   that did not sit exactly at their offsets
 * @messages: (out) (optional) (element-type utf8): each annotation
 *   skipped (a page note, a reply, a shape not understood) with its place
 *   and why, and notes on the file
 * @n_skipped: (out) (optional): how many were skipped
 *
 * Reads Hypothesis annotations: the client's JSON export ({"annotations":
 * [...]}), API search results ({"rows": [...]}), an array of rows or one
 * row. Each row's TextQuoteSelector (with its TextPositionSelector, when
 * there is one) is placed on @source as a W3C import places it; its first
 * tag is the label, further tags and its text are comments, "user" is the
 * creator, "created"/"updated" the dates, and links.html (or
 * https://hypothes.is/a/ID) the id.
 */
ShuDocument *shu_hypothesis_import (GBytes                  *bytes,
                                    const char              *display_name,
                                    ShuSource               *source,
                                    ShuLabelSet             *labels,
                                    const ShuImportOptions  *options,
                                    GPtrArray              **report,
                                    GPtrArray              **messages,
                                    guint                   *n_skipped,
                                    GError                 **error);

G_END_DECLS
