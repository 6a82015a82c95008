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
/* A note of a named kind (brat's "#" lines: "Lemma", "AnnotatorNotes"...):
 * NULL @kind is a plain comment, which brat calls AnnotatorNotes. */
ShuComment  *shu_comment_new_typed    (const char *text,
                                       const char *language,
                                       const char *kind);
const char  *shu_comment_get_kind     (const ShuComment *self);

/**
 * ShuAttribute:
 *
 * An attribute of an annotation or a relation (brat's A/M lines,
 * INCEpTION's features): a name and either no value (a binary attribute,
 * present or absent) or one value of a closed set. Immutable; reference
 * counted.
 */
typedef struct _ShuAttribute ShuAttribute;

#define SHU_TYPE_ATTRIBUTE (shu_attribute_get_type ())
GType         shu_attribute_get_type  (void) G_GNUC_CONST;
/* @value NULL: binary. */
ShuAttribute *shu_attribute_new       (const char *name,
                                       const char *value);
ShuAttribute *shu_attribute_ref       (ShuAttribute *self);
void          shu_attribute_unref     (ShuAttribute *self);
const char   *shu_attribute_get_name  (const ShuAttribute *self);
const char   *shu_attribute_get_value (const ShuAttribute *self);
gboolean      shu_attribute_equal     (const ShuAttribute *a,
                                       const ShuAttribute *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuAttribute, shu_attribute_unref)

/**
 * ShuReference:
 *
 * A normalisation (brat's N lines): the annotation names entry @entry of
 * the external resource @resource ("Wikipedia", "534366"), with a @kind
 * ("Reference") and optionally the entry's name as @text. Immutable.
 */
typedef struct _ShuReference ShuReference;

#define SHU_TYPE_REFERENCE (shu_reference_get_type ())
GType         shu_reference_get_type     (void) G_GNUC_CONST;
ShuReference *shu_reference_new          (const char *kind,
                                          const char *resource,
                                          const char *entry,
                                          const char *text);
ShuReference *shu_reference_ref          (ShuReference *self);
void          shu_reference_unref        (ShuReference *self);
const char   *shu_reference_get_kind     (const ShuReference *self);
const char   *shu_reference_get_resource (const ShuReference *self);
const char   *shu_reference_get_entry    (const ShuReference *self);
const char   *shu_reference_get_text     (const ShuReference *self);
gboolean      shu_reference_equal        (const ShuReference *a,
                                          const ShuReference *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuReference, shu_reference_unref)

/* Equal arrays of ShuComment / ShuAttribute (same order). */
gboolean      shu_comments_equal         (GPtrArray *a,
                                          GPtrArray *b);
gboolean      shu_attributes_equal       (GPtrArray *a,
                                          GPtrArray *b);
gboolean      shu_references_equal       (GPtrArray *a,
                                          GPtrArray *b);

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
/* (element-type ShuAttribute) / (element-type ShuReference): never NULL,
 * possibly empty, in the order they were given. */
GPtrArray      *shu_annotation_get_attributes (ShuAnnotation   *self);
GPtrArray      *shu_annotation_get_references (ShuAnnotation   *self);
/* The value of attribute @name ("" for a binary one that is set), or NULL
 * when the annotation does not have it. */
const char     *shu_annotation_get_attribute  (ShuAnnotation   *self,
                                               const char      *name);
/* Whether it has anything beside label and plain comments: attributes,
 * references or typed notes (what needs sidecar format version 3). */
gboolean        shu_annotation_has_extras     (ShuAnnotation   *self);
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

/* Copies with other attributes / references / comments (arrays are
 * referenced, not copied: they must not change afterwards). */
ShuAnnotation  *shu_annotation_with_attributes (ShuAnnotation  *self,
                                                GPtrArray      *attributes,
                                                GDateTime      *modified);
ShuAnnotation  *shu_annotation_with_references (ShuAnnotation  *self,
                                                GPtrArray      *references,
                                                GDateTime      *modified);
ShuAnnotation  *shu_annotation_with_comments   (ShuAnnotation  *self,
                                                GPtrArray      *comments,
                                                GDateTime      *modified);
/* Sets attribute @name to @value (NULL: binary) or, with @remove, takes
 * it away; other attributes keep their order. */
ShuAnnotation  *shu_annotation_with_attribute  (ShuAnnotation  *self,
                                                const char     *name,
                                                const char     *value,
                                                gboolean        remove,
                                                GDateTime      *modified);

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
