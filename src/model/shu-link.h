/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-annotation-store.h"

G_BEGIN_DECLS

/* Links the annotation @from_id to @to_id with a link of @type (brat's
 * relation; surrounding white space is dropped), as one undoable step,
 * "Link": the link takes the roles links of that type already have in
 * @store (brat's "Arg1" and "Arg2" otherwise) and @creator (nullable) as
 * its author, and a type new to the start's label is declared by that
 * label, to be offered next time (shu_label_get_relation_types()).
 * FALSE, and nothing changes, when either end is not in @store (it was
 * deleted meanwhile) or @type is empty. */
gboolean shu_link_annotations (ShuAnnotationStore *store,
                               const char         *from_id,
                               const char         *to_id,
                               const char         *type,
                               const char         *creator);

G_END_DECLS
