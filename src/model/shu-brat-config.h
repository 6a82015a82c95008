/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-annotation-store.h"
#include "shu-label.h"

G_BEGIN_DECLS

/**
 * ShuBratConfig:
 *
 * A brat project's annotation scheme, from its annotation.conf (entity
 * and event types, relation types with their roles, attributes with the
 * values they allow) and visual.conf (the types' colours). Read once,
 * then only looked at.
 */
typedef struct _ShuBratConfig ShuBratConfig;

/* Reads the two files' text (@visual_conf may be NULL). brat is lenient
 * with its configuration, and so is this: a line it does not understand
 * is passed over. */
ShuBratConfig      *shu_brat_config_parse         (const char    *annotation_conf,
                                                   const char    *visual_conf);
/* The configuration brat would use for the document @ann_file: the
 * annotation.conf of its folder or of the nearest folder above it, with
 * the visual.conf beside that one. NULL without @error when there is
 * none. Blocking: call it in a worker thread. */
ShuBratConfig      *shu_brat_config_find          (GFile         *ann_file,
                                                   GCancellable  *cancellable,
                                                   GError       **error);
void                shu_brat_config_free          (ShuBratConfig *config);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuBratConfig, shu_brat_config_free)

/* Entity and event types that can be annotated, in the file's order
 * (types marked "!" only group others and are left out). */
const char * const *shu_brat_config_get_span_types     (ShuBratConfig *config);
/* Relation types in the file's order. */
const char * const *shu_brat_config_get_relation_types (ShuBratConfig *config);
/* The roles of relation @type ("Arg1", "Arg2"), or NULL for no such type. */
const char * const *shu_brat_config_get_relation_roles (ShuBratConfig *config,
                                                        const char    *type);
/* Attribute names in the file's order. */
const char * const *shu_brat_config_get_attributes     (ShuBratConfig *config);
/* The values attribute @name allows; NULL for a binary attribute (or no
 * such attribute: see get_attributes()). */
const char * const *shu_brat_config_get_attribute_values (ShuBratConfig *config,
                                                          const char    *name);
/* The "#rrggbb" visual.conf gives @type (bgColor), or NULL. */
const char         *shu_brat_config_get_color         (ShuBratConfig *config,
                                                       const char    *type);

/* Adds to @labels a label for each span type @labels lacks, named as
 * brat import names them ('_' read as a space), in the configuration's
 * colour when it has one; a label already there keeps its colour. Each
 * span type's label that declares nothing yet gets the attributes and
 * relation types (those it may be the first argument of) the
 * configuration gives it. */
void                shu_brat_config_add_labels        (ShuBratConfig *config,
                                                       ShuLabelSet   *labels);

/* What the configuration says, one sorted fact a line, for comparing two
 * configurations: span types ("entity Person", "event Die"), each event
 * role with the types it takes and each relation type with its roles and
 * each pair of types it takes (macros, "<ENTITY>", "<ANY>" spelt out),
 * "<OVERLAP>" rules, attributes with their values and what they apply to,
 * the hierarchy ("group !Life", "hierarchy !Life > Be-born"); and from
 * visual.conf each span type's [labels] names and fgColor.
 * (transfer full) */
GStrv               shu_brat_config_dup_facts         (ShuBratConfig *config);

/* brat's annotation.conf for the labels of @store: [entities] and
 * [events] (a label that declares event roles, or triggers an event of
 * @store, is an event type), [relations] with roles and argument types
 * from the labels' declarations ("<OVERLAP>" rules kept), and
 * [attributes] with their values; relation types that nothing declares
 * take any argument. NULL when the label set is empty, and NULL with
 * @error (G_IO_ERROR_INVALID_DATA, naming the label) when a label's type
 * would be read by brat as its own syntax. */
char               *shu_brat_config_write_annotation  (ShuAnnotationStore *store,
                                                       GError            **error);
/* brat's visual.conf for @labels: their display names where they differ
 * from their types ([labels]) and their colours ([drawing]). NULL when
 * @labels is empty; NULL with @error as write_annotation() refuses. */
char               *shu_brat_config_write_visual      (ShuLabelSet   *labels,
                                                       GError       **error);

/* What shu_brat_config_save_beside() did. */
typedef enum
{
  SHU_BRAT_CONFIG_WRITTEN,  /* there was none: written */
  SHU_BRAT_CONFIG_SAME,     /* there was one, the same */
  SHU_BRAT_CONFIG_KEPT,     /* there was another: left as it is */
} ShuBratConfigSaved;

/* Saves @text as @name ("annotation.conf", "visual.conf") in the folder
 * of the exported @ann unless a file of that name is there: brat's
 * configuration is the project's and may say more than the label set
 * (comments, hierarchy, display names), so it is never written over.
 * Blocking: call it in a worker thread. */
gboolean            shu_brat_config_save_beside       (GFile               *ann,
                                                       const char          *name,
                                                       const char          *text,
                                                       ShuBratConfigSaved  *saved,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

G_END_DECLS
