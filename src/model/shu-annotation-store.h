/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-annotation.h"
#include "shu-block-list.h"
#include "shu-label.h"
#include "shu-relation.h"
#include "shu-suggestion.h"

G_BEGIN_DECLS

#define SHU_TYPE_ANNOTATION_STORE (shu_annotation_store_get_type ())
G_DECLARE_FINAL_TYPE (ShuAnnotationStore, shu_annotation_store, SHU, ANNOTATION_STORE, GObject)

/**
 * ShuAnnotationStore:
 *
 * A GListModel of ShuAnnotation kept sorted by shu_annotation_compare(),
 * with an interval index and the undo history. Every change to annotations
 * or labels goes through it and is one undoable step; several calls
 * between begin_group() and end_group() are one step together.
 *
 * Properties: "can-undo", "can-redo" (boolean), "undo-description",
 * "redo-description" (string, for menus), "modified" (boolean: differs
 * from the state last marked saved), "labels" (ShuLabelSet, read-only).
 *
 * Signals:
 * - "ranges-changed" (guint start, guint end): the highlights in
 *   [start, end) code points need redrawing; emitted after items-changed.
 * - "labels-changed": the label set changed (names, colours, order).
 * - "relations-changed" (string id): the relation with this id was added,
 *   removed or replaced (a reset emits it once with NULL).
 *
 * Relations (links, events, equivalence sets, see ShuRelation) live beside
 * the annotations, undoable the same way. Removing an annotation removes
 * the links that name it and the events it triggers (an event it is an
 * argument of, or an equivalence set it is a member of, only loses it) in
 * the same step, so that undo brings both back.
 */

ShuAnnotationStore *shu_annotation_store_new            (ShuLabelSet        *labels);
ShuLabelSet        *shu_annotation_store_get_labels     (ShuAnnotationStore *self);

/* Replace everything (e.g. after loading) without undo; clears the
 * history and marks the state saved. Takes (element-type ShuAnnotation),
 * in any order (sorted input loads in linear time); a duplicate id is
 * dropped with a warning. @labels NULL keeps the current label set;
 * otherwise the store switches to it and notifies "labels". */
void                shu_annotation_store_reset          (ShuAnnotationStore *self,
                                                         GPtrArray          *annotations,
                                                         ShuLabelSet        *labels);

/* As reset(), with relations too (element-type ShuRelation), any order.
 * A relation may name an id the store does not hold (an orphaned
 * annotation kept aside by the document): it is kept, listed with that
 * id by get_relations_of(), and saved. */
void                shu_annotation_store_reset_full     (ShuAnnotationStore *self,
                                                         GPtrArray          *annotations,
                                                         GPtrArray          *relations,
                                                         ShuLabelSet        *labels);

/* Relations: each change one undoable step unless inside a group. FALSE
 * (and no change) when the id is already present / absent. */
gboolean            shu_annotation_store_add_relation   (ShuAnnotationStore *self,
                                                         ShuRelation        *relation,
                                                         const char         *description);
gboolean            shu_annotation_store_remove_relation (ShuAnnotationStore *self,
                                                          const char         *id,
                                                          const char         *description);
gboolean            shu_annotation_store_replace_relation (ShuAnnotationStore *self,
                                                           ShuRelation        *relation,
                                                           const char         *description);
ShuRelation        *shu_annotation_store_lookup_relation (ShuAnnotationStore *self,
                                                          const char         *id);
guint               shu_annotation_store_get_n_relations (ShuAnnotationStore *self);
/* Every relation, sorted by id, each reffed (transfer full). */
GPtrArray          *shu_annotation_store_dup_relations  (ShuAnnotationStore *self);
/* The relations that name @id (an annotation or a relation) as trigger or
 * argument, sorted by id (transfer container). */
GPtrArray          *shu_annotation_store_get_relations_of (ShuAnnotationStore *self,
                                                           const char         *id);
/* The roles the first link of @type (by id) gives its two ends, as a
 * brat project's links bring them; without such a link, the roles a
 * label declares @type with (annotation.conf's); FALSE when neither. */
gboolean            shu_annotation_store_get_link_roles (ShuAnnotationStore *self,
                                                         const char         *type,
                                                         const char        **from_role,
                                                         const char        **to_role);

ShuAnnotation      *shu_annotation_store_lookup         (ShuAnnotationStore *self,
                                                         const char         *id);
/* The position of the annotation with this id in the list, or -1. */
int                 shu_annotation_store_get_position   (ShuAnnotationStore *self,
                                                         const char         *id);

/* Changes: each is one undoable step unless inside a group. FALSE (and no
 * change) when the id is already present / absent. @description names the
 * step in "Undo <description>" menus; NULL gives a default. */
gboolean            shu_annotation_store_add            (ShuAnnotationStore *self,
                                                         ShuAnnotation      *annotation,
                                                         const char         *description);
gboolean            shu_annotation_store_remove         (ShuAnnotationStore *self,
                                                         const char         *id,
                                                         const char         *description);
/* Replace the annotation with the same id as @annotation. */
gboolean            shu_annotation_store_replace        (ShuAnnotationStore *self,
                                                         ShuAnnotation      *annotation,
                                                         const char         *description);

/* Label changes, undoable the same way. Removing a label removes it from
 * the annotations that carry it (they stay, unlabelled), in the same step. */
gboolean            shu_annotation_store_add_label      (ShuAnnotationStore *self,
                                                         ShuLabel           *label,
                                                         int                 position);
gboolean            shu_annotation_store_replace_label  (ShuAnnotationStore *self,
                                                         ShuLabel           *label);
gboolean            shu_annotation_store_remove_label   (ShuAnnotationStore *self,
                                                         const char         *label_id);
gboolean            shu_annotation_store_move_label     (ShuAnnotationStore *self,
                                                         const char         *label_id,
                                                         guint               position);
/* add_label(): @position -1 (or past the end) appends. move_label():
 * @position past the end means last. */
/* How many annotations carry this label (O(1)). */
guint               shu_annotation_store_count_label    (ShuAnnotationStore *self,
                                                         const char         *label_id);
/* How many annotations @creator made (O(1)). */
guint               shu_annotation_store_count_creator  (ShuAnnotationStore *self,
                                                         const char         *creator);

void                shu_annotation_store_begin_group    (ShuAnnotationStore *self,
                                                         const char         *description);
void                shu_annotation_store_end_group      (ShuAnnotationStore *self);

gboolean            shu_annotation_store_can_undo       (ShuAnnotationStore *self);
gboolean            shu_annotation_store_can_redo       (ShuAnnotationStore *self);
const char         *shu_annotation_store_get_undo_description (ShuAnnotationStore *self);
const char         *shu_annotation_store_get_redo_description (ShuAnnotationStore *self);
gboolean            shu_annotation_store_undo           (ShuAnnotationStore *self);
gboolean            shu_annotation_store_redo           (ShuAnnotationStore *self);

gboolean            shu_annotation_store_get_modified   (ShuAnnotationStore *self);
void                shu_annotation_store_mark_saved     (ShuAnnotationStore *self);
/* Something kept beside the annotations changed: modified until the next
 * save, whatever undo does. */
void                shu_annotation_store_mark_unsaved   (ShuAnnotationStore *self);

/* Suggestions the user turned down (ShuSuggestion of shu-suggest.h),
 * sorted and without repeats; the "rejected-changed" signal says when
 * they change. (element-type ShuSuggestion) (transfer none) */
GArray             *shu_annotation_store_get_rejected   (ShuAnnotationStore *self);
/* Remembers one, as one undoable step named @description (nullable:
 * "Reject Suggestion"), or in the open group; FALSE when it already was. */
gboolean            shu_annotation_store_reject         (ShuAnnotationStore *self,
                                                         guint               start,
                                                         guint               end,
                                                         const char         *label_id,
                                                         const char         *description);
/* Remembers @n_rejections without a step in the history: for reading a
 * file or a merge. In any order, repeats allowed: sorted once, so that a
 * file of many, out of order, costs no more than one in order. */
void                shu_annotation_store_restore_rejected (ShuAnnotationStore  *self,
                                                           const ShuSuggestion *rejections,
                                                           guint                n_rejections);
/* A token naming the current state (the annotations and labels as they
 * are now): equal tokens mean the same state. A save made in a thread
 * takes the token with its snapshot and, once written, marks that state
 * saved: if edits came meanwhile the store stays modified, and if the
 * state is no longer reachable by undo/redo it never counts as saved. */
guint64             shu_annotation_store_get_state      (ShuAnnotationStore *self);
void                shu_annotation_store_mark_state_saved (ShuAnnotationStore *self,
                                                          guint64             state);

/* Interval queries in O(log n + k); results sorted like the list,
 * (element-type ShuAnnotation) (transfer container). covering() uses the
 * annotation's ranges (a gap of a discontinuous annotation is not covered);
 * overlapping() likewise. */
GPtrArray          *shu_annotation_store_get_covering   (ShuAnnotationStore *self,
                                                         guint               offset);
GPtrArray          *shu_annotation_store_get_overlapping (ShuAnnotationStore *self,
                                                          guint               start,
                                                          guint               end);

/* The first annotation in list order that starts after @offset (@forward),
 * or the last that starts before it; NULL when there is none. In
 * O(log n); (transfer none). For moving from annotation to annotation. */
ShuAnnotation      *shu_annotation_store_find_next      (ShuAnnotationStore *self,
                                                         guint               offset,
                                                         gboolean            forward);
/* The annotation after (@forward) or before the one of id @from in list
 * order; with @from NULL, the next from @caret, the one @caret is in
 * counting backwards. NULL when there is none. (transfer full) */
ShuAnnotation      *shu_annotation_store_dup_adjacent   (ShuAnnotationStore *self,
                                                         const char         *from,
                                                         guint               caret,
                                                         gboolean            forward)
                                                         G_GNUC_WARN_UNUSED_RESULT;

/* A snapshot: every annotation in order, each reffed
 * (element-type ShuAnnotation) (transfer full). Safe to hand to a thread. */
GPtrArray          *shu_annotation_store_dup_annotations (ShuAnnotationStore *self);

/* A snapshot without a reference to each annotation, made on the main
 * thread in time proportional to a thousandth of their number (the list
 * shares the store's blocks, see shu_block_list_share()): every annotation
 * in order, kept alive by @pin until it is unreffed (from any thread), even
 * if the store lets go of them meanwhile. The list may be read and freed
 * on another thread; it does not change when the store does. */
typedef struct _ShuAnnotationStorePin ShuAnnotationStorePin;

ShuBlockList       *shu_annotation_store_share_annotations_pinned (ShuAnnotationStore     *self,
                                                                   ShuAnnotationStorePin **pin);
void                shu_annotation_store_pin_unref       (ShuAnnotationStorePin *pin);

G_END_DECLS
