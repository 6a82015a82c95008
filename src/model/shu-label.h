/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define SHU_TYPE_LABEL (shu_label_get_type ())
G_DECLARE_FINAL_TYPE (ShuLabel, shu_label, SHU, LABEL, GObject)

/**
 * shu_label_new:
 * @id: (nullable): a stable id (e.g. "label-1" or a urn:uuid); NULL makes one
 * @name: the name shown and written as the tagging body's value
 * @color: "#rrggbb" (lower-case hex)
 * @description: (nullable): a longer explanation
 * @shortcut: 0, or a digit '1'..'9'
 *
 * Labels are immutable like annotations; edits replace them in the set.
 */
ShuLabel   *shu_label_new             (const char *id,
                                       const char *name,
                                       const char *color,
                                       const char *description,
                                       char        shortcut);
const char *shu_label_get_id          (ShuLabel   *self);
const char *shu_label_get_name        (ShuLabel   *self);
const char *shu_label_get_color       (ShuLabel   *self);
const char *shu_label_get_description (ShuLabel   *self);
char        shu_label_get_shortcut    (ShuLabel   *self);
/* Equal in every value, conflict marks included. */
gboolean    shu_label_equal           (ShuLabel   *a,
                                       ShuLabel   *b);

/* The mark a merge leaves on a label that both sides changed differently,
 * or that one side deleted while the other changed it (docs/MERGE.md). */
typedef enum
{
  SHU_LABEL_CONFLICT_NONE,
  SHU_LABEL_CONFLICT_CHANGED,  /* the other version: shu_label_get_conflict() */
  SHU_LABEL_CONFLICT_DELETED,  /* the other side deleted the label */
} ShuLabelConflict;

/* The value of "shu:conflict" on a label the other side deleted. */
#define SHU_LABEL_CONFLICT_DELETED_VALUE "deleted"

ShuLabelConflict shu_label_get_conflict_kind (ShuLabel *self);
/* The other side's version (same id, no mark of its own), or NULL. */
ShuLabel   *shu_label_get_conflict    (ShuLabel   *self);
/**
 * shu_label_with_conflict:
 * @kind: the mark; SHU_LABEL_CONFLICT_NONE clears it
 * @other: (nullable): for SHU_LABEL_CONFLICT_CHANGED, the other version;
 *   its id is ignored and its own mark dropped
 *
 * Returns: (transfer full): a copy of @self with that mark
 */
G_GNUC_WARN_UNUSED_RESULT
ShuLabel   *shu_label_with_conflict   (ShuLabel         *self,
                                       ShuLabelConflict  kind,
                                       ShuLabel         *other);
/**
 * ShuAttributeDecl:
 *
 * An attribute a label's annotations may carry (brat's [attributes],
 * INCEpTION's features): binary (present or absent) when it has no values,
 * else one value of its closed set. Immutable.
 */
typedef struct _ShuAttributeDecl ShuAttributeDecl;

#define SHU_TYPE_ATTRIBUTE_DECL (shu_attribute_decl_get_type ())
GType               shu_attribute_decl_get_type   (void) G_GNUC_CONST;
/* @values: (nullable): the allowed values; NULL or empty for binary. */
ShuAttributeDecl   *shu_attribute_decl_new        (const char         *name,
                                                   const char * const *values);
ShuAttributeDecl   *shu_attribute_decl_ref        (ShuAttributeDecl   *decl);
void                shu_attribute_decl_unref      (ShuAttributeDecl   *decl);
const char         *shu_attribute_decl_get_name   (ShuAttributeDecl   *decl);
/* NULL for a binary attribute. */
const char * const *shu_attribute_decl_get_values (ShuAttributeDecl   *decl);
gboolean            shu_attribute_decl_equal      (ShuAttributeDecl   *a,
                                                   ShuAttributeDecl   *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuAttributeDecl, shu_attribute_decl_unref)

/* The attributes declared for the label's annotations, in order
 * (element-type ShuAttributeDecl; never NULL, maybe empty). */
GPtrArray  *shu_label_get_attributes  (ShuLabel   *self);
/* The declaration named @name, or NULL. */
ShuAttributeDecl *shu_label_lookup_attribute (ShuLabel   *self,
                                              const char *name);
/* The types of the relations an annotation of this label may start
 * (NULL-terminated; never NULL, maybe empty), in order. */
const char * const *shu_label_get_relation_types (ShuLabel *self);
/**
 * shu_label_with_declarations:
 * @attributes: (nullable) (element-type ShuAttributeDecl): the attributes
 * @relation_types: (nullable): the allowed relation types
 *
 * Returns: (transfer full): a copy of @self (conflict mark included) that
 *   declares these instead of its own; the relation declarations of the
 *   types it keeps, its rules and its event roles stay
 */
G_GNUC_WARN_UNUSED_RESULT
ShuLabel   *shu_label_with_declarations (ShuLabel           *self,
                                         GPtrArray          *attributes,
                                         const char * const *relation_types);
/**
 * ShuRoleDecl:
 *
 * One argument a relation type or an event type declares (brat's
 * "Place-Arg?:GPE|Person"): its role, how often it may be given ("?",
 * "*", "+", "{2}" as brat writes it; NULL: once) and the ids of the labels
 * it may name (empty: any). Immutable.
 */
typedef struct _ShuRoleDecl ShuRoleDecl;

#define SHU_TYPE_ROLE_DECL (shu_role_decl_get_type ())
GType               shu_role_decl_get_type      (void) G_GNUC_CONST;
ShuRoleDecl        *shu_role_decl_new           (const char         *role,
                                                 const char         *repeat,
                                                 const char * const *label_ids);
ShuRoleDecl        *shu_role_decl_ref           (ShuRoleDecl        *decl);
void                shu_role_decl_unref         (ShuRoleDecl        *decl);
const char         *shu_role_decl_get_role      (ShuRoleDecl        *decl);
/* NULL: the role is given once. */
const char         *shu_role_decl_get_repeat    (ShuRoleDecl        *decl);
/* Never NULL; empty: any label. */
const char * const *shu_role_decl_get_label_ids (ShuRoleDecl        *decl);
gboolean            shu_role_decl_equal         (ShuRoleDecl        *a,
                                                 ShuRoleDecl        *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuRoleDecl, shu_role_decl_unref)

/**
 * ShuRelationDecl:
 *
 * How a relation type the label may start is made (brat's
 * "Located  Arg1:Person, Arg2:GPE"): its arguments' roles and labels, and
 * brat's properties of the type ("<REL-TYPE>:symmetric-transitive").
 * A type starting with '<' ("<OVERLAP>") is a rule on overlapping spans,
 * not a type to link with. Immutable.
 */
typedef struct _ShuRelationDecl ShuRelationDecl;

#define SHU_TYPE_RELATION_DECL (shu_relation_decl_get_type ())
GType               shu_relation_decl_get_type   (void) G_GNUC_CONST;
/* @roles: (element-type ShuRoleDecl); @properties: (nullable). */
ShuRelationDecl    *shu_relation_decl_new        (const char         *type,
                                                  GPtrArray          *roles,
                                                  const char * const *properties);
ShuRelationDecl    *shu_relation_decl_ref        (ShuRelationDecl    *decl);
void                shu_relation_decl_unref      (ShuRelationDecl    *decl);
const char         *shu_relation_decl_get_type_name (ShuRelationDecl *decl);
/* (element-type ShuRoleDecl): never NULL. */
GPtrArray          *shu_relation_decl_get_roles  (ShuRelationDecl    *decl);
/* Never NULL, maybe empty. */
const char * const *shu_relation_decl_get_properties (ShuRelationDecl *decl);
gboolean            shu_relation_decl_equal      (ShuRelationDecl    *a,
                                                  ShuRelationDecl    *b);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuRelationDecl, shu_relation_decl_unref)

/* How the label's relation types are made (element-type ShuRelationDecl;
 * never NULL, maybe empty): for some of get_relation_types(), and for
 * rules such as "<OVERLAP>" that are not among them. */
GPtrArray  *shu_label_get_relation_decls (ShuLabel   *self);
/* The declaration of relation @type, or NULL. */
ShuRelationDecl *shu_label_lookup_relation_decl (ShuLabel   *self,
                                                 const char *type);
/* The roles of the label as an event type (element-type ShuRoleDecl), or
 * NULL when it is not declared an event type (empty: an event type
 * without arguments). */
GPtrArray  *shu_label_get_event_roles    (ShuLabel   *self);
/**
 * shu_label_with_roles:
 * @relation_decls: (nullable) (element-type ShuRelationDecl)
 * @event_roles: (nullable) (element-type ShuRoleDecl): NULL for a label
 *   that is not an event type
 *
 * Returns: (transfer full): a copy of @self with these instead of its own
 */
G_GNUC_WARN_UNUSED_RESULT
ShuLabel   *shu_label_with_roles         (ShuLabel   *self,
                                          GPtrArray  *relation_decls,
                                          GPtrArray  *event_roles);
/* What brat's configuration says of the label's type that nothing else
 * holds, kept to write it back. Its place in annotation.conf's hierarchy:
 * the lines above it, outermost first, as written ("!Life" for a group
 * that is no type, "Regulation" for a type), or NULL at the top. */
const char * const *shu_label_get_brat_group    (ShuLabel *self);
/* visual.conf's [labels] names after the type ("Protein", "Pro", "P"),
 * or NULL. */
const char * const *shu_label_get_brat_names    (ShuLabel *self);
/* visual.conf's fgColor for the type, as written ("white"), or NULL. */
const char         *shu_label_get_brat_fg_color (ShuLabel *self);
/**
 * shu_label_with_brat:
 * @group: (nullable): see shu_label_get_brat_group(); empty: none
 * @names: (nullable): see shu_label_get_brat_names(); empty: none
 * @fg_color: (nullable)
 *
 * Returns: (transfer full): a copy of @self with these instead of its own
 */
G_GNUC_WARN_UNUSED_RESULT
ShuLabel   *shu_label_with_brat          (ShuLabel           *self,
                                          const char * const *group,
                                          const char * const *names,
                                          const char         *fg_color);
/**
 * shu_label_edited:
 *
 * The label as the user changed it: same id and declarations, these
 * values, no conflict mark (editing a label resolves its conflict).
 *
 * Returns: (transfer full): the new label
 */
G_GNUC_WARN_UNUSED_RESULT
ShuLabel   *shu_label_edited          (ShuLabel   *self,
                                       const char *name,
                                       const char *color,
                                       const char *description,
                                       char        shortcut);
/* Whether @color is "#rrggbb". */
gboolean    shu_label_color_is_valid  (const char *color);

#define SHU_TYPE_LABEL_SET (shu_label_set_get_type ())
G_DECLARE_FINAL_TYPE (ShuLabelSet, shu_label_set, SHU, LABEL_SET, GObject)

/* A GListModel of ShuLabel in display order; ids and names are unique.
 * Changes made here directly are not undoable: the app changes labels
 * through ShuAnnotationStore. */
ShuLabelSet *shu_label_set_new          (void);
/* A new set of the same labels, in the same order: a set changes in place
 * with the store that holds it. */
ShuLabelSet *shu_label_set_copy         (ShuLabelSet *self) G_GNUC_WARN_UNUSED_RESULT;
/* A starter set suited to the bundled essay (argument, claim, ...): the
 * same ids in every language, the names in the interface's. */
ShuLabelSet *shu_label_set_new_default  (void);
/* The id of the starter label named @name in English, in the interface
 * language or in any language the program is translated to (ignoring
 * case), or NULL. */
const char  *shu_label_default_id_for_name (const char *name);
/* One name of a label in one language ("en", "he"), for exports that
 * carry every language a label is named in; description may be NULL. */
typedef struct
{
  const char *language;
  const char *name;
  const char *description;
} ShuLabelName;

/* The names @label has: a starter label still named as English or a
 * shipped translation names it has each of those languages' names (its
 * own description in its own language), English first; another label its
 * one name in @language (may be NULL, unknown). (element-type
 * ShuLabelName): the strings belong to @label or are static. */
GArray      *shu_label_dup_names        (ShuLabel    *label,
                                         const char  *language);
/* Whether @a and @b are one starter label as two interface languages named
 * and described it ("Claim" and "טענה"): the same id, and each with the
 * name and description some shipped language gives that starter. Colours
 * and shortcuts are not compared. */
gboolean     shu_label_same_starter     (ShuLabel    *a,
                                         ShuLabel    *b);
ShuLabel    *shu_label_set_lookup       (ShuLabelSet *self,
                                         const char  *id);
ShuLabel    *shu_label_set_lookup_name  (ShuLabelSet *self,
                                         const char  *name);
ShuLabel    *shu_label_set_lookup_shortcut (ShuLabelSet *self,
                                            char         shortcut);
/* -1 when absent. */
int          shu_label_set_index_of     (ShuLabelSet *self,
                                         const char  *id);
/* FALSE (and nothing changes) if the id or name is taken. */
gboolean     shu_label_set_insert       (ShuLabelSet *self,
                                         guint        position,
                                         ShuLabel    *label);
gboolean     shu_label_set_append       (ShuLabelSet *self,
                                         ShuLabel    *label);
/* Replace the label with the same id; FALSE if absent or name taken. */
gboolean     shu_label_set_replace      (ShuLabelSet *self,
                                         ShuLabel    *label);
gboolean     shu_label_set_remove       (ShuLabelSet *self,
                                         const char  *id);
/* FALSE if the id is absent or @new_position >= the number of labels. */
gboolean     shu_label_set_move         (ShuLabelSet *self,
                                         const char  *id,
                                         guint        new_position);
/* A colour for the n-th label made without one. */
const char  *shu_label_set_suggest_color (ShuLabelSet *self);

/**
 * shu_label_set_layer_colors:
 * @ours: the user's labels
 * @others: (element-type ShuLabelSet): other annotators' labels (the layers
 *   shown), in order
 *
 * The colours to draw labels in when other annotators' work is shown
 * beside ours, so that a colour means one label: a label id of ours keeps
 * our colour, in every layer; another label keeps its own colour unless a
 * label with another id has it already (ours first, then the layers in
 * order), and then gets an unused one (the palette's first, then made up).
 *
 * Returns: (transfer full): label id → "#rrggbb", for every label of @ours
 *   and @others
 */
GHashTable  *shu_label_set_layer_colors  (ShuLabelSet *ours,
                                          GPtrArray   *others);

G_END_DECLS
