/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "shu-annotation.h"

G_BEGIN_DECLS

/**
 * ShuRelationKind:
 * @SHU_RELATION_LINK: a typed, directed link between two annotations
 *   (brat's R lines, INCEpTION's relation layers): argument 0 is where it
 *   starts, argument 1 where it ends, each with a role ("Arg1", "Arg2")
 * @SHU_RELATION_EVENT: an event (brat's E lines): a trigger annotation and
 *   any number of typed role arguments (annotations or other events)
 * @SHU_RELATION_EQUIVALENCE: a set of annotations that name the same thing
 *   (brat's "*" lines); its arguments have no role
 */
typedef enum
{
  SHU_RELATION_LINK,
  SHU_RELATION_EVENT,
  SHU_RELATION_EQUIVALENCE,
} ShuRelationKind;

/* "link", "event", "equivalence" and back; FALSE for another name. */
const char *shu_relation_kind_to_string   (ShuRelationKind  kind);
gboolean    shu_relation_kind_from_string (const char      *name,
                                           ShuRelationKind *kind);

#define SHU_TYPE_RELATION (shu_relation_get_type ())
G_DECLARE_FINAL_TYPE (ShuRelation, shu_relation, SHU, RELATION, GObject)

/**
 * shu_relation_new:
 * @id: (nullable): "urn:uuid:..."; NULL makes a new one
 * @type: the relation's or event's type ("Part-of"), or the equivalence's
 *   ("Equiv")
 * @trigger: (nullable): the trigger annotation's id (events only)
 * @roles: (array length=n_arguments) (nullable): each argument's role;
 *   NULL (or a NULL role) for none
 * @targets: (array length=n_arguments): the id of each argument: an
 *   annotation, or (events) another relation
 * @attributes: (element-type ShuAttribute) (nullable)
 * @comments: (element-type ShuComment) (nullable): notes on it
 *
 * Immutable like ShuAnnotation: an edit is a new relation with the same
 * id, swapped in the store.
 */
ShuRelation    *shu_relation_new             (const char          *id,
                                              ShuRelationKind      kind,
                                              const char          *type,
                                              const char          *trigger,
                                              const char * const  *roles,
                                              const char * const  *targets,
                                              guint                n_arguments,
                                              GPtrArray           *attributes,
                                              GPtrArray           *comments,
                                              const char          *creator,
                                              GDateTime           *created,
                                              GDateTime           *modified);

const char     *shu_relation_get_id          (ShuRelation *self);
ShuRelationKind shu_relation_get_kind        (ShuRelation *self);
const char     *shu_relation_get_type_name   (ShuRelation *self);
const char     *shu_relation_get_trigger     (ShuRelation *self);
guint           shu_relation_get_n_arguments (ShuRelation *self);
/* NULL when the argument has no role. */
const char     *shu_relation_get_role        (ShuRelation *self,
                                              guint        index);
const char     *shu_relation_get_target      (ShuRelation *self,
                                              guint        index);
/* (element-type ShuAttribute) / (element-type ShuComment): never NULL. */
GPtrArray      *shu_relation_get_attributes  (ShuRelation *self);
GPtrArray      *shu_relation_get_comments    (ShuRelation *self);
const char     *shu_relation_get_creator     (ShuRelation *self);
GDateTime      *shu_relation_get_created     (ShuRelation *self);
GDateTime      *shu_relation_get_modified    (ShuRelation *self);

/* Where it starts: an event's trigger, else its first argument (a link's
 * source, a set's first member). Exports list a relation under it. */
const char     *shu_relation_get_head        (ShuRelation *self);
/* Whether @id is its trigger or one of its arguments. */
gboolean        shu_relation_refers_to       (ShuRelation *self,
                                              const char  *id);
/* Same id and same content, dates included. */
gboolean        shu_relation_equal           (ShuRelation *a,
                                              ShuRelation *b);
/* The same without the arguments that name @id (for an equivalence set
 * losing a member); @modified NULL = now. */
ShuRelation    *shu_relation_without         (ShuRelation *self,
                                              const char  *id,
                                              GDateTime   *modified);
/* Copies with one thing changed, same id and created. */
ShuRelation    *shu_relation_with_type       (ShuRelation *self,
                                              const char  *type,
                                              GDateTime   *modified);
ShuRelation    *shu_relation_with_attributes (ShuRelation *self,
                                              GPtrArray   *attributes,
                                              GDateTime   *modified);
ShuRelation    *shu_relation_with_comments   (ShuRelation *self,
                                              GPtrArray   *comments,
                                              GDateTime   *modified);
/* The same relation under another id (NULL: a new one) and with its
 * trigger and targets renamed through @ids (old id -> new id; ids not in
 * it stay). For copying relations between documents. */
ShuRelation    *shu_relation_renamed         (ShuRelation *self,
                                              const char  *id,
                                              GHashTable  *ids);

/* The id of the other version when a merge left this one in conflict
 * ("shu:conflict" in the sidecar, as for annotations), else NULL. Edits
 * keep it; with_conflict() sets or (NULL) clears it, dates kept. */
const char     *shu_relation_get_conflict    (ShuRelation *self);
ShuRelation    *shu_relation_with_conflict   (ShuRelation *self,
                                              const char  *other_id);
/* The same kind, type, trigger, arguments, attributes, notes and creator
 * (ids, dates and conflict marks aside). */
gboolean        shu_relation_same_content    (ShuRelation *a,
                                              ShuRelation *b);

/* By id: the order of the sidecar. */
int             shu_relation_compare         (ShuRelation *a,
                                              ShuRelation *b);

G_END_DECLS
