/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * ShuRange:
 * @start: first code point covered (inclusive)
 * @end: code point after the last one covered (exclusive)
 *
 * One contiguous fragment of an annotation's target.
 */
typedef struct
{
  guint start;
  guint end;
} ShuRange;

/**
 * ShuComment:
 *
 * One comment on an annotation: its text and an optional BCP 47 language
 * tag (NULL when unknown). Immutable; reference counted.
 */
typedef struct _ShuComment ShuComment;

#define SHU_TYPE_COMMENT (shu_comment_get_type ())
GType        shu_comment_get_type     (void) G_GNUC_CONST;
ShuComment  *shu_comment_new          (const char *text,
                                       const char *language);
ShuComment  *shu_comment_ref          (ShuComment *self);
void         shu_comment_unref        (ShuComment *self);
const char  *shu_comment_get_text     (const ShuComment *self);
const char  *shu_comment_get_language (const ShuComment *self);
gboolean     shu_comment_equal        (const ShuComment *a,
                                       const ShuComment *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuComment, shu_comment_unref)

#define SHU_TYPE_ANNOTATION (shu_annotation_get_type ())
G_DECLARE_FINAL_TYPE (ShuAnnotation, shu_annotation, SHU, ANNOTATION, GObject)

/**
 * shu_annotation_new:
 * @id: (nullable): "urn:uuid:..."; NULL makes a new random one
 * @ranges: (array length=n_ranges): at least one range, each start < end,
 *   sorted and not overlapping (the constructor sorts and checks)
 * @label_id: (nullable): the id of a label in the document's label set
 * @comments: (element-type ShuComment) (nullable): the comments, in order
 * @creator: (nullable): the annotator's name
 * @created: (nullable): NULL means now (UTC)
 * @modified: (nullable): NULL means @created
 *
 * Annotations are immutable: an edit makes a new one with the same id
 * (see the shu_annotation_with_*() helpers) and the store swaps them, which
 * is what makes undo and saving a snapshot in a thread safe.
 */
ShuAnnotation  *shu_annotation_new            (const char      *id,
                                               const ShuRange  *ranges,
                                               guint            n_ranges,
                                               const char      *label_id,
                                               GPtrArray       *comments,
                                               const char      *creator,
                                               GDateTime       *created,
                                               GDateTime       *modified);

const char     *shu_annotation_get_id         (ShuAnnotation   *self);
/* The extent: first range's start, last range's end. */
guint           shu_annotation_get_start      (ShuAnnotation   *self);
guint           shu_annotation_get_end        (ShuAnnotation   *self);
guint           shu_annotation_get_n_ranges   (ShuAnnotation   *self);
const ShuRange *shu_annotation_get_ranges     (ShuAnnotation   *self);
/* Whether one of its ranges covers @offset / overlaps [start, end). */
gboolean        shu_annotation_covers         (ShuAnnotation   *self,
                                               guint            offset);
gboolean        shu_annotation_overlaps       (ShuAnnotation   *self,
                                               guint            start,
                                               guint            end);
const char     *shu_annotation_get_label_id   (ShuAnnotation   *self);
/* (element-type ShuComment): never NULL, possibly empty. */
GPtrArray      *shu_annotation_get_comments   (ShuAnnotation   *self);
/* The first comment's text, or NULL. */
const char     *shu_annotation_get_comment    (ShuAnnotation   *self);
const char     *shu_annotation_get_creator    (ShuAnnotation   *self);
GDateTime      *shu_annotation_get_created    (ShuAnnotation   *self);
GDateTime      *shu_annotation_get_modified   (ShuAnnotation   *self);

/* Sort order of the store and the sidecar: (start, end, id). */
int             shu_annotation_compare        (ShuAnnotation   *a,
                                               ShuAnnotation   *b);
/* Sorts @annotations (ShuAnnotation) by shu_annotation_compare(); in one
 * pass when they are in that order already, as the store keeps them. */
void            shu_annotation_sort           (GPtrArray       *annotations);
/* Same id and same content (dates included). */
gboolean        shu_annotation_equal          (ShuAnnotation   *a,
                                               ShuAnnotation   *b);

/* Copies with one thing changed, same id and created; @modified NULL = now.
 * with_comment() sets the first comment (the one the editor shows) and keeps
 * the others; a NULL or empty @text removes the first comment. */
ShuAnnotation  *shu_annotation_with_label     (ShuAnnotation   *self,
                                               const char      *label_id,
                                               GDateTime       *modified);
ShuAnnotation  *shu_annotation_with_comment   (ShuAnnotation   *self,
                                               const char      *text,
                                               const char      *language,
                                               GDateTime       *modified);
ShuAnnotation  *shu_annotation_with_ranges    (ShuAnnotation   *self,
                                               const ShuRange  *ranges,
                                               guint            n_ranges,
                                               GDateTime       *modified);

/* A three-way merge that found the annotation changed differently on both
 * sides keeps both versions and marks each with the id of the other: the
 * sidecar's "conflict" member. NULL when there is no conflict. Edits made
 * with the with_*() helpers keep the mark; with_conflict() sets or (with
 * NULL) clears it, keeping everything else, dates included. */
const char     *shu_annotation_get_conflict   (ShuAnnotation   *self);
ShuAnnotation  *shu_annotation_with_conflict  (ShuAnnotation   *self,
                                               const char      *other_id);
/* The same annotation under another id (NULL: a new one). */
ShuAnnotation  *shu_annotation_with_id        (ShuAnnotation   *self,
                                               const char      *id);

/* What another tool wrote on the annotation that Shulayim holds nowhere
 * else (unknown members, bodies, selectors, the tool's own source), kept
 * as JSON text to be written back: the sidecar's "shu:foreign" member
 * (docs/FORMAT.md). NULL when there is none. Edits keep it. */
const char     *shu_annotation_get_foreign    (ShuAnnotation   *self);
ShuAnnotation  *shu_annotation_with_foreign   (ShuAnnotation   *self,
                                               const char      *foreign);

/* Whether it was made by accepting a suggestion (shu-suggest.h); edits
 * keep the mark. */
gboolean        shu_annotation_get_suggested  (ShuAnnotation   *self);
ShuAnnotation  *shu_annotation_with_suggested (ShuAnnotation   *self,
                                               gboolean         suggested);

/* A new "urn:uuid:<random v4>". */
char           *shu_new_urn_uuid              (void);
/* Now, in UTC and whole seconds: the sidecar keeps seconds, so what is
 * made in memory and the same read back from a file compare equal (a
 * merge's common ancestor is the one, the other side the other). */
GDateTime      *shu_now_utc_seconds           (void);

G_END_DECLS
