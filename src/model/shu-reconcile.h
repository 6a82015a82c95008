/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* Bringing one document's annotations into another, as one undoable step
 * of the target's store: how a restored journal, a reloaded sidecar and a
 * merge (shu_merge_apply()) reach the open document. Both documents
 * must be on the same text (the other one anchored on the target's source). */

/* Makes @target's labels, annotations and relations equal to @other's
 * (same ids, same content, same label order). Returns FALSE when nothing had to change. */
gboolean shu_reconcile_replace (ShuDocument  *target,
                                ShuDocument  *other,
                                const char   *description);

G_END_DECLS
