/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"
#include "shu-import.h"

G_BEGIN_DECLS

/**
 * shu_labelstudio_import:
 * @labels: (nullable): labels to use; span labels not in it become new
 *   labels
 * @options: strictness and the unit of "start"/"end"
 * @report: (out) (optional) (element-type ShuAnchorResult): spans that did
 *   not sit exactly at their offsets
 * @messages: (out) (optional) (element-type utf8): each span skipped with
 *   its place and why, and what the file holds that has no place here
 * @n_skipped: (out) (optional): how many spans were skipped
 *
 * Reads a Label Studio JSON export (an array of tasks, or one task): the
 * task whose "data" text is @source's text (line breaks at the end aside)
 * gives its text spans, the results {"type": "labels", "value": {"start",
 * "end", "text", "labels"}} of every annotation (each annotator's) and of
 * none of the predictions. A span's first label is its label, further ones
 * comments; "completed_by" (email, or user number) is the creator. Each
 * span is placed by its offsets and checked by its "text" as a W3C import
 * is.
 */
ShuDocument *shu_labelstudio_import (GBytes                  *bytes,
                                     const char              *display_name,
                                     ShuSource               *source,
                                     ShuLabelSet             *labels,
                                     const ShuImportOptions  *options,
                                     GPtrArray              **report,
                                     GPtrArray              **messages,
                                     guint                   *n_skipped,
                                     GError                 **error);

G_END_DECLS
