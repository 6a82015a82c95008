/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <math.h>
#include <string.h>

#include "shu-annotation.h"
#include "shu-label.h"
#include "shu-starter-names.h"

/* ShuLabel */

struct _ShuLabel
{
  GObject parent_instance;

  /* Owned */
  char *id;
  char *name;
  char *color;
  char *description;
  char shortcut;
  ShuLabelConflict conflict_kind;
  ShuLabel *conflict;   /* for SHU_LABEL_CONFLICT_CHANGED */
  GPtrArray *attributes;  /* ShuAttributeDecl */
  GStrv relation_types;
  GPtrArray *relation_decls;  /* ShuRelationDecl */
  GPtrArray *event_roles;     /* ShuRoleDecl; NULL: not an event type */
  /* What brat's configuration said of the type that the rest of the
   * label has no place for: kept to be written back. */
  GStrv brat_group;           /* NULL: at the top of its section */
  GStrv brat_names;           /* NULL: none */
  char *brat_fg_color;
};

G_DEFINE_FINAL_TYPE (ShuLabel, shu_label, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_COLOR,
  PROP_DESCRIPTION,
  PROP_SHORTCUT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
shu_label_constructed (GObject *object)
{
  ShuLabel *self = SHU_LABEL (object);

  G_OBJECT_CLASS (shu_label_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = shu_new_urn_uuid ();
  if (self->name == NULL)
    self->name = g_strdup ("");
  if (self->color == NULL)
    self->color = g_strdup ("#d3d3d3");
}

static void
shu_label_finalize (GObject *object)
{
  ShuLabel *self = SHU_LABEL (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->color, g_free);
  g_clear_pointer (&self->description, g_free);
  g_clear_object (&self->conflict);
  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  g_clear_pointer (&self->relation_decls, g_ptr_array_unref);
  g_clear_pointer (&self->event_roles, g_ptr_array_unref);
  g_clear_pointer (&self->relation_types, g_strfreev);
  g_clear_pointer (&self->brat_group, g_strfreev);
  g_clear_pointer (&self->brat_names, g_strfreev);
  g_clear_pointer (&self->brat_fg_color, g_free);

  G_OBJECT_CLASS (shu_label_parent_class)->finalize (object);
}

static void
shu_label_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ShuLabel *self = SHU_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_COLOR:
      g_value_set_string (value, self->color);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_SHORTCUT:
      g_value_set_schar (value, self->shortcut);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_label_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ShuLabel *self = SHU_LABEL (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_COLOR:
      /* Colours are compared and written as lower-case hex. */
      if (g_value_get_string (value) != NULL)
        self->color = g_ascii_strdown (g_value_get_string (value), -1);
      break;

    case PROP_DESCRIPTION:
      self->description = g_value_dup_string (value);
      break;

    case PROP_SHORTCUT:
      self->shortcut = g_value_get_schar (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_label_class_init (ShuLabelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = shu_label_constructed;
  object_class->finalize = shu_label_finalize;
  object_class->get_property = shu_label_get_property;
  object_class->set_property = shu_label_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLOR] =
    g_param_spec_string ("color", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHORTCUT] =
    g_param_spec_char ("shortcut", NULL, NULL, 0, '9', 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_label_init (ShuLabel *self)
{
  self->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_decl_unref);
  self->relation_types = g_new0 (char *, 1);
  self->relation_decls = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_relation_decl_unref);
}

gboolean
shu_label_color_is_valid (const char *color)
{
  if (color == NULL || color[0] != '#' || strlen (color) != 7)
    return FALSE;

  for (guint i = 1; i < 7; i++)
    {
      if (!g_ascii_isxdigit (color[i]))
        return FALSE;
    }

  return TRUE;
}

ShuLabel *
shu_label_new (const char *id,
               const char *name,
               const char *color,
               const char *description,
               char        shortcut)
{
  g_return_val_if_fail (name != NULL && *name != '\0', NULL);
  g_return_val_if_fail (shu_label_color_is_valid (color), NULL);
  g_return_val_if_fail (shortcut == 0 || (shortcut >= '1' && shortcut <= '9'), NULL);

  return g_object_new (SHU_TYPE_LABEL,
                       "id", id,
                       "name", name,
                       "color", color,
                       "description", description,
                       "shortcut", shortcut,
                       NULL);
}

const char *
shu_label_get_id (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  return self->id;
}

const char *
shu_label_get_name (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  return self->name;
}

const char *
shu_label_get_color (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  return self->color;
}

const char *
shu_label_get_description (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  return self->description;
}

char
shu_label_get_shortcut (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), 0);

  return self->shortcut;
}

static gboolean
strv_equal_or_null (GStrv a,
                    GStrv b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

static gboolean
declarations_equal (ShuLabel *a,
                    ShuLabel *b)
{
  if (a->attributes->len != b->attributes->len
      || !g_strv_equal ((const char * const *) a->relation_types,
                        (const char * const *) b->relation_types))
    return FALSE;
  for (guint i = 0; i < a->attributes->len; i++)
    if (!shu_attribute_decl_equal (g_ptr_array_index (a->attributes, i),
                                   g_ptr_array_index (b->attributes, i)))
      return FALSE;
  if (a->relation_decls->len != b->relation_decls->len
      || (a->event_roles == NULL) != (b->event_roles == NULL)
      || (a->event_roles != NULL && a->event_roles->len != b->event_roles->len))
    return FALSE;
  for (guint i = 0; i < a->relation_decls->len; i++)
    if (!shu_relation_decl_equal (g_ptr_array_index (a->relation_decls, i),
                                  g_ptr_array_index (b->relation_decls, i)))
      return FALSE;
  for (guint i = 0; a->event_roles != NULL && i < a->event_roles->len; i++)
    if (!shu_role_decl_equal (g_ptr_array_index (a->event_roles, i),
                              g_ptr_array_index (b->event_roles, i)))
      return FALSE;
  return TRUE;
}

gboolean
shu_label_equal (ShuLabel *a,
                 ShuLabel *b)
{
  g_return_val_if_fail (SHU_IS_LABEL (a), FALSE);
  g_return_val_if_fail (SHU_IS_LABEL (b), FALSE);

  return a == b ||
         (strcmp (a->id, b->id) == 0 &&
          strcmp (a->name, b->name) == 0 &&
          strcmp (a->color, b->color) == 0 &&
          g_strcmp0 (a->description, b->description) == 0 &&
          a->shortcut == b->shortcut &&
          a->conflict_kind == b->conflict_kind &&
          declarations_equal (a, b) &&
          strv_equal_or_null (a->brat_group, b->brat_group) &&
          strv_equal_or_null (a->brat_names, b->brat_names) &&
          g_strcmp0 (a->brat_fg_color, b->brat_fg_color) == 0 &&
          (a->conflict == NULL) == (b->conflict == NULL) &&
          (a->conflict == NULL || shu_label_equal (a->conflict, b->conflict)));
}

ShuLabelConflict
shu_label_get_conflict_kind (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), SHU_LABEL_CONFLICT_NONE);

  return self->conflict_kind;
}

ShuLabel *
shu_label_get_conflict (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  return self->conflict;
}

ShuLabel *
shu_label_with_conflict (ShuLabel         *self,
                         ShuLabelConflict  kind,
                         ShuLabel         *other)
{
  ShuLabel *copy;

  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  g_return_val_if_fail (kind != SHU_LABEL_CONFLICT_CHANGED || SHU_IS_LABEL (other), NULL);

  copy = shu_label_with_declarations (self, self->attributes,
                                      (const char * const *) self->relation_types);
  g_clear_object (&copy->conflict);
  copy->conflict_kind = kind;
  /* The other version carries the same id, so that keeping it is a plain
   * replacement of the label, and never a mark of its own. */
  if (kind == SHU_LABEL_CONFLICT_CHANGED)
    copy->conflict = shu_label_new (self->id, other->name, other->color, other->description,
                                    other->shortcut);
  return copy;
}

/* Declarations */

struct _ShuAttributeDecl
{
  gatomicrefcount ref_count;
  char *name;
  GStrv values;  /* NULL: binary */
};

G_DEFINE_BOXED_TYPE (ShuAttributeDecl, shu_attribute_decl,
                     shu_attribute_decl_ref, shu_attribute_decl_unref)

ShuAttributeDecl *
shu_attribute_decl_new (const char         *name,
                        const char * const *values)
{
  ShuAttributeDecl *decl;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  decl = g_new0 (ShuAttributeDecl, 1);
  g_atomic_ref_count_init (&decl->ref_count);
  decl->name = g_strdup (name);
  if (values != NULL && values[0] != NULL)
    decl->values = g_strdupv ((char **) values);
  return decl;
}

ShuAttributeDecl *
shu_attribute_decl_ref (ShuAttributeDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);

  g_atomic_ref_count_inc (&decl->ref_count);
  return decl;
}

void
shu_attribute_decl_unref (ShuAttributeDecl *decl)
{
  g_return_if_fail (decl != NULL);

  if (!g_atomic_ref_count_dec (&decl->ref_count))
    return;
  g_free (decl->name);
  g_strfreev (decl->values);
  g_free (decl);
}

const char *
shu_attribute_decl_get_name (ShuAttributeDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return decl->name;
}

const char * const *
shu_attribute_decl_get_values (ShuAttributeDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return (const char * const *) decl->values;
}

gboolean
shu_attribute_decl_equal (ShuAttributeDecl *a,
                          ShuAttributeDecl *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (strcmp (a->name, b->name) != 0 || (a->values == NULL) != (b->values == NULL))
    return FALSE;
  return a->values == NULL
         || g_strv_equal ((const char * const *) a->values, (const char * const *) b->values);
}

struct _ShuRoleDecl
{
  gatomicrefcount ref_count;
  char *role;
  char *repeat;
  GStrv label_ids;
};

G_DEFINE_BOXED_TYPE (ShuRoleDecl, shu_role_decl, shu_role_decl_ref, shu_role_decl_unref)

ShuRoleDecl *
shu_role_decl_new (const char         *role,
                   const char         *repeat,
                   const char * const *label_ids)
{
  ShuRoleDecl *decl;

  g_return_val_if_fail (role != NULL && *role != '\0', NULL);

  decl = g_new0 (ShuRoleDecl, 1);
  g_atomic_ref_count_init (&decl->ref_count);
  decl->role = g_strdup (role);
  decl->repeat = repeat != NULL && *repeat != '\0' ? g_strdup (repeat) : NULL;
  decl->label_ids = label_ids != NULL ? g_strdupv ((char **) label_ids) : g_new0 (char *, 1);
  return decl;
}

ShuRoleDecl *
shu_role_decl_ref (ShuRoleDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);

  g_atomic_ref_count_inc (&decl->ref_count);
  return decl;
}

void
shu_role_decl_unref (ShuRoleDecl *decl)
{
  g_return_if_fail (decl != NULL);

  if (!g_atomic_ref_count_dec (&decl->ref_count))
    return;
  g_free (decl->role);
  g_free (decl->repeat);
  g_strfreev (decl->label_ids);
  g_free (decl);
}

const char *
shu_role_decl_get_role (ShuRoleDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return decl->role;
}

const char *
shu_role_decl_get_repeat (ShuRoleDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return decl->repeat;
}

const char * const *
shu_role_decl_get_label_ids (ShuRoleDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return (const char * const *) decl->label_ids;
}

gboolean
shu_role_decl_equal (ShuRoleDecl *a,
                     ShuRoleDecl *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  return strcmp (a->role, b->role) == 0 && g_strcmp0 (a->repeat, b->repeat) == 0
         && g_strv_equal ((const char * const *) a->label_ids,
                          (const char * const *) b->label_ids);
}

struct _ShuRelationDecl
{
  gatomicrefcount ref_count;
  char *type;
  GPtrArray *roles;  /* ShuRoleDecl */
  GStrv properties;
};

G_DEFINE_BOXED_TYPE (ShuRelationDecl, shu_relation_decl,
                     shu_relation_decl_ref, shu_relation_decl_unref)

ShuRelationDecl *
shu_relation_decl_new (const char         *type,
                       GPtrArray          *roles,
                       const char * const *type_properties)
{
  ShuRelationDecl *decl;

  g_return_val_if_fail (type != NULL && *type != '\0', NULL);
  g_return_val_if_fail (roles != NULL, NULL);

  decl = g_new0 (ShuRelationDecl, 1);
  g_atomic_ref_count_init (&decl->ref_count);
  decl->type = g_strdup (type);
  decl->roles = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_role_decl_unref);
  for (guint i = 0; i < roles->len; i++)
    g_ptr_array_add (decl->roles, shu_role_decl_ref (g_ptr_array_index (roles, i)));
  decl->properties = type_properties != NULL ? g_strdupv ((char **) type_properties)
                                             : g_new0 (char *, 1);
  return decl;
}

ShuRelationDecl *
shu_relation_decl_ref (ShuRelationDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);

  g_atomic_ref_count_inc (&decl->ref_count);
  return decl;
}

void
shu_relation_decl_unref (ShuRelationDecl *decl)
{
  g_return_if_fail (decl != NULL);

  if (!g_atomic_ref_count_dec (&decl->ref_count))
    return;
  g_free (decl->type);
  g_ptr_array_unref (decl->roles);
  g_strfreev (decl->properties);
  g_free (decl);
}

const char *
shu_relation_decl_get_type_name (ShuRelationDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return decl->type;
}

GPtrArray *
shu_relation_decl_get_roles (ShuRelationDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return decl->roles;
}

const char * const *
shu_relation_decl_get_properties (ShuRelationDecl *decl)
{
  g_return_val_if_fail (decl != NULL, NULL);
  return (const char * const *) decl->properties;
}

gboolean
shu_relation_decl_equal (ShuRelationDecl *a,
                         ShuRelationDecl *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);

  if (strcmp (a->type, b->type) != 0 || a->roles->len != b->roles->len
      || !g_strv_equal ((const char * const *) a->properties,
                        (const char * const *) b->properties))
    return FALSE;
  for (guint i = 0; i < a->roles->len; i++)
    if (!shu_role_decl_equal (g_ptr_array_index (a->roles, i), g_ptr_array_index (b->roles, i)))
      return FALSE;
  return TRUE;
}

GPtrArray *
shu_label_get_attributes (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return self->attributes;
}

ShuAttributeDecl *
shu_label_lookup_attribute (ShuLabel   *self,
                            const char *name)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->attributes->len; i++)
    {
      ShuAttributeDecl *decl = g_ptr_array_index (self->attributes, i);

      if (strcmp (decl->name, name) == 0)
        return decl;
    }
  return NULL;
}

const char * const *
shu_label_get_relation_types (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return (const char * const *) self->relation_types;
}

ShuLabel *
shu_label_with_declarations (ShuLabel           *self,
                             GPtrArray          *attributes,
                             const char * const *relation_types)
{
  ShuLabel *copy;

  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  copy = shu_label_new (self->id, self->name, self->color, self->description, self->shortcut);
  copy->conflict_kind = self->conflict_kind;
  if (self->conflict != NULL)
    copy->conflict = g_object_ref (self->conflict);
  for (guint i = 0; attributes != NULL && i < attributes->len; i++)
    g_ptr_array_add (copy->attributes,
                     shu_attribute_decl_ref (g_ptr_array_index (attributes, i)));
  if (relation_types != NULL)
    {
      g_strfreev (copy->relation_types);
      copy->relation_types = g_strdupv ((char **) relation_types);
    }
  /* How a type is made stays with the type, and rules with the label. */
  for (guint i = 0; i < self->relation_decls->len; i++)
    {
      ShuRelationDecl *decl = g_ptr_array_index (self->relation_decls, i);
      const char *type = shu_relation_decl_get_type_name (decl);

      if (type[0] == '<' || g_strv_contains ((const char * const *) copy->relation_types, type))
        g_ptr_array_add (copy->relation_decls, shu_relation_decl_ref (decl));
    }
  if (self->event_roles != NULL)
    copy->event_roles = g_ptr_array_ref (self->event_roles);
  copy->brat_group = g_strdupv (self->brat_group);
  copy->brat_names = g_strdupv (self->brat_names);
  copy->brat_fg_color = g_strdup (self->brat_fg_color);
  return copy;
}

ShuLabel *
shu_label_with_roles (ShuLabel  *self,
                      GPtrArray *relation_decls,
                      GPtrArray *event_roles)
{
  ShuLabel *copy;

  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  copy = shu_label_with_declarations (self, self->attributes,
                                      (const char * const *) self->relation_types);
  g_ptr_array_set_size (copy->relation_decls, 0);
  for (guint i = 0; relation_decls != NULL && i < relation_decls->len; i++)
    g_ptr_array_add (copy->relation_decls,
                     shu_relation_decl_ref (g_ptr_array_index (relation_decls, i)));
  g_clear_pointer (&copy->event_roles, g_ptr_array_unref);
  if (event_roles != NULL)
    {
      copy->event_roles = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_role_decl_unref);
      for (guint i = 0; i < event_roles->len; i++)
        g_ptr_array_add (copy->event_roles,
                         shu_role_decl_ref (g_ptr_array_index (event_roles, i)));
    }
  return copy;
}

GPtrArray *
shu_label_get_relation_decls (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return self->relation_decls;
}

ShuRelationDecl *
shu_label_lookup_relation_decl (ShuLabel   *self,
                                const char *type)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  g_return_val_if_fail (type != NULL, NULL);

  for (guint i = 0; i < self->relation_decls->len; i++)
    {
      ShuRelationDecl *decl = g_ptr_array_index (self->relation_decls, i);

      if (strcmp (shu_relation_decl_get_type_name (decl), type) == 0)
        return decl;
    }
  return NULL;
}

GPtrArray *
shu_label_get_event_roles (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return self->event_roles;
}

ShuLabel *
shu_label_edited (ShuLabel   *self,
                  const char *name,
                  const char *color,
                  const char *description,
                  char        shortcut)
{
  g_autoptr(ShuLabel) plain = NULL;
  g_autoptr(ShuLabel) roles = NULL;
  g_autoptr(ShuLabel) declared = NULL;

  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  plain = shu_label_new (self->id, name, color, description, shortcut);
  roles = shu_label_with_roles (plain, self->relation_decls, self->event_roles);
  declared = shu_label_with_declarations (roles, self->attributes,
                                          (const char * const *) self->relation_types);
  return shu_label_with_brat (declared, (const char * const *) self->brat_group,
                              (const char * const *) self->brat_names, self->brat_fg_color);
}

const char * const *
shu_label_get_brat_group (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return (const char * const *) self->brat_group;
}

const char * const *
shu_label_get_brat_names (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return (const char * const *) self->brat_names;
}

const char *
shu_label_get_brat_fg_color (ShuLabel *self)
{
  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);
  return self->brat_fg_color;
}

ShuLabel *
shu_label_with_brat (ShuLabel           *self,
                     const char * const *group,
                     const char * const *names,
                     const char         *fg_color)
{
  ShuLabel *copy;

  g_return_val_if_fail (SHU_IS_LABEL (self), NULL);

  copy = shu_label_with_declarations (self, self->attributes,
                                      (const char * const *) self->relation_types);
  g_clear_pointer (&copy->brat_group, g_strfreev);
  g_clear_pointer (&copy->brat_names, g_strfreev);
  g_clear_pointer (&copy->brat_fg_color, g_free);
  /* An empty list is none. */
  if (group != NULL && group[0] != NULL)
    copy->brat_group = g_strdupv ((char **) group);
  if (names != NULL && names[0] != NULL)
    copy->brat_names = g_strdupv ((char **) names);
  copy->brat_fg_color = g_strdup (fg_color);
  return copy;
}

/* ShuLabelSet */

struct _ShuLabelSet
{
  GObject parent_instance;

  /* Owned */
  GPtrArray *labels;
  /* Both borrow their keys and values from @labels. */
  GHashTable *by_id;
  GHashTable *by_name;
};

static void shu_label_set_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ShuLabelSet, shu_label_set, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      shu_label_set_list_model_init))

/* GNOME's palette where it has the hue: saturated enough to show as a
 * translucent fill on the light and on the dark page (shu-color.h chooses
 * how strong), far enough apart to tell labels apart. The label manager
 * offers the same colours. */
static const char * const palette[] = {
  "#e01b24", /* red */
  "#ff7800", /* orange */
  "#f5c211", /* yellow */
  "#2ec27e", /* green */
  "#1fb5d6", /* cyan */
  "#3584e4", /* blue */
  "#9141ac", /* violet */
  "#d56199", /* pink */
  "#986a44", /* tan */
  "#77767b", /* grey */
  "#0e8a74", /* teal */
  "#9fd43a", /* lime */
};

static GType
shu_label_set_get_item_type (GListModel *model)
{
  return SHU_TYPE_LABEL;
}

static guint
shu_label_set_get_n_items (GListModel *model)
{
  return SHU_LABEL_SET (model)->labels->len;
}

static gpointer
shu_label_set_get_item (GListModel *model,
                        guint       position)
{
  ShuLabelSet *self = SHU_LABEL_SET (model);

  if (position >= self->labels->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->labels, position));
}

static void
shu_label_set_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = shu_label_set_get_item_type;
  iface->get_n_items = shu_label_set_get_n_items;
  iface->get_item = shu_label_set_get_item;
}

static void
shu_label_set_finalize (GObject *object)
{
  ShuLabelSet *self = SHU_LABEL_SET (object);

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_label_set_parent_class)->finalize (object);
}

static void
shu_label_set_class_init (ShuLabelSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_label_set_finalize;
}

static void
shu_label_set_init (ShuLabelSet *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

ShuLabelSet *
shu_label_set_new (void)
{
  return g_object_new (SHU_TYPE_LABEL_SET, NULL);
}

/* Categories for reading an argumentative (political) essay. They are
 * named in the user's language when a document gets them; from then on
 * they are the user's data, saved as named, never translated again. Their
 * ids stay the same in every language: that is what makes two annotators'
 * "Claim" and "טענה" one label. */
static const struct {
  const char *id;
  const char *name;
  const char *description;
} starters[] = {
  { "claim", N_("Claim"), N_("A thesis or position the author asserts") },
  { "argument", N_("Argument"), N_("Reasoning offered in support of a claim") },
  { "evidence", N_("Evidence"), N_("Facts, examples or data given as support") },
  { "counterargument", N_("Counterargument"),
    N_("An opposing view the author raises or answers") },
  { "quotation", N_("Quotation"), N_("Words cited from another source") },
  { "rhetoric", N_("Rhetoric"), N_("Figurative or persuasive language") },
};

ShuLabelSet *
shu_label_set_copy (ShuLabelSet *self)
{
  ShuLabelSet *copy;

  g_return_val_if_fail (SHU_IS_LABEL_SET (self), NULL);

  copy = shu_label_set_new ();
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (self), i);

      shu_label_set_append (copy, label);
    }
  return copy;
}

ShuLabelSet *
shu_label_set_new_default (void)
{
  ShuLabelSet *self = shu_label_set_new ();

  for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
    {
      g_autoptr(ShuLabel) label = shu_label_new (starters[i].id, _(starters[i].name),
                                                 palette[i], _(starters[i].description),
                                                 (char) ('1' + i));
      shu_label_set_append (self, label);
    }

  return self;
}

const char *
shu_label_default_id_for_name (const char *name)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (name != NULL, NULL);

  folded = g_utf8_casefold (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
    {
      g_autofree char *english = g_utf8_casefold (starters[i].name, -1);
      g_autofree char *translated = g_utf8_casefold (_(starters[i].name), -1);

      if (g_str_equal (folded, english) || g_str_equal (folded, translated))
        return starters[i].id;
    }
  /* A colleague's interface may be in another language than ours. */
  for (guint i = 0; starter_names[i].id != NULL; i++)
    {
      g_autofree char *translated = g_utf8_casefold (starter_names[i].name, -1);

      if (g_str_equal (folded, translated))
        return starter_names[i].id;
    }
  return NULL;
}

static void
append_name (GArray     *names,
             const char *language,
             const char *name,
             const char *description)
{
  ShuLabelName one = { language, name, description };

  g_array_append_val (names, one);
}

GArray *
shu_label_dup_names (ShuLabel   *label,
                     const char *language)
{
  GArray *names = g_array_new (FALSE, FALSE, sizeof (ShuLabelName));
  const char *id, *name, *own = NULL;
  int starter = -1;

  g_return_val_if_fail (SHU_IS_LABEL (label), names);

  id = shu_label_get_id (label);
  name = shu_label_get_name (label);
  for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
    if (g_str_equal (starters[i].id, id))
      starter = i;
  /* Which language named it so: a renamed starter is the user's label. */
  if (starter >= 0 && g_str_equal (name, starters[starter].name))
    own = "en";
  for (guint t = 0; starter >= 0 && own == NULL && starter_names[t].id != NULL; t++)
    if (g_str_equal (starter_names[t].id, id) && g_str_equal (starter_names[t].name, name))
      own = starter_names[t].language;
  if (own == NULL)
    {
      append_name (names, language, name, shu_label_get_description (label));
      return names;
    }

  append_name (names, "en", starters[starter].name, starters[starter].description);
  for (guint t = 0; starter_names[t].id != NULL; t++)
    if (g_str_equal (starter_names[t].id, id) && !g_str_equal (starter_names[t].language, "en"))
      append_name (names, starter_names[t].language, starter_names[t].name,
                   starter_names[t].description);
  for (guint n = 0; n < names->len; n++)
    {
      ShuLabelName *each = &g_array_index (names, ShuLabelName, n);

      if (g_str_equal (each->language, own))
        {
          each->name = name;
          each->description = shu_label_get_description (label);
        }
    }
  return names;
}

/* Whether @label holds starter @i's name and description as some
 * interface language gave them (English, or a shipped translation). */
static gboolean
is_starter_text (ShuLabel *label,
                 guint     i)
{
  const char *name = shu_label_get_name (label);
  const char *description = shu_label_get_description (label);

  if (g_str_equal (name, starters[i].name)
      && g_strcmp0 (description, starters[i].description) == 0)
    return TRUE;
  for (guint t = 0; starter_names[t].id != NULL; t++)
    if (g_str_equal (starter_names[t].id, starters[i].id)
        && g_str_equal (name, starter_names[t].name)
        && g_strcmp0 (description, starter_names[t].description) == 0)
      return TRUE;
  return FALSE;
}

gboolean
shu_label_same_starter (ShuLabel *a,
                        ShuLabel *b)
{
  g_return_val_if_fail (SHU_IS_LABEL (a), FALSE);
  g_return_val_if_fail (SHU_IS_LABEL (b), FALSE);

  if (!g_str_equal (shu_label_get_id (a), shu_label_get_id (b)))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (starters); i++)
    if (g_str_equal (starters[i].id, shu_label_get_id (a)))
      return is_starter_text (a, i) && is_starter_text (b, i);
  return FALSE;
}

ShuLabel *
shu_label_set_lookup (ShuLabelSet *self,
                      const char  *id)
{
  g_return_val_if_fail (SHU_IS_LABEL_SET (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

ShuLabel *
shu_label_set_lookup_name (ShuLabelSet *self,
                           const char  *name)
{
  g_return_val_if_fail (SHU_IS_LABEL_SET (self), NULL);

  if (name == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_name, name);
}

ShuLabel *
shu_label_set_lookup_shortcut (ShuLabelSet *self,
                               char         shortcut)
{
  g_return_val_if_fail (SHU_IS_LABEL_SET (self), NULL);

  if (shortcut == 0)
    return NULL;

  for (guint i = 0; i < self->labels->len; i++)
    {
      ShuLabel *label = g_ptr_array_index (self->labels, i);

      if (label->shortcut == shortcut)
        return label;
    }

  return NULL;
}

int
shu_label_set_index_of (ShuLabelSet *self,
                        const char  *id)
{
  ShuLabel *label;
  guint index;

  g_return_val_if_fail (SHU_IS_LABEL_SET (self), -1);

  label = shu_label_set_lookup (self, id);
  if (label == NULL || !g_ptr_array_find (self->labels, label, &index))
    return -1;

  return (int) index;
}

gboolean
shu_label_set_insert (ShuLabelSet *self,
                      guint        position,
                      ShuLabel    *label)
{
  g_return_val_if_fail (SHU_IS_LABEL_SET (self), FALSE);
  g_return_val_if_fail (SHU_IS_LABEL (label), FALSE);

  if (g_hash_table_contains (self->by_id, label->id) ||
      g_hash_table_contains (self->by_name, label->name))
    return FALSE;

  position = MIN (position, self->labels->len);
  g_ptr_array_insert (self->labels, position, g_object_ref (label));
  g_hash_table_insert (self->by_id, label->id, label);
  g_hash_table_insert (self->by_name, label->name, label);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);

  return TRUE;
}

gboolean
shu_label_set_append (ShuLabelSet *self,
                      ShuLabel    *label)
{
  g_return_val_if_fail (SHU_IS_LABEL_SET (self), FALSE);

  return shu_label_set_insert (self, self->labels->len, label);
}

gboolean
shu_label_set_replace (ShuLabelSet *self,
                       ShuLabel    *label)
{
  ShuLabel *old;
  ShuLabel *named;
  int position;

  g_return_val_if_fail (SHU_IS_LABEL_SET (self), FALSE);
  g_return_val_if_fail (SHU_IS_LABEL (label), FALSE);

  old = g_hash_table_lookup (self->by_id, label->id);
  if (old == NULL)
    return FALSE;

  named = g_hash_table_lookup (self->by_name, label->name);
  if (named != NULL && named != old)
    return FALSE;

  position = shu_label_set_index_of (self, label->id);
  g_assert (position >= 0);

  /* The tables borrow their keys from the labels: swap them before the old
   * label can go away. */
  g_hash_table_remove (self->by_name, old->name);
  g_hash_table_replace (self->by_id, label->id, label);
  g_hash_table_insert (self->by_name, label->name, label);
  g_ptr_array_index (self->labels, position) = g_object_ref (label);
  g_object_unref (old);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);

  return TRUE;
}

gboolean
shu_label_set_remove (ShuLabelSet *self,
                      const char  *id)
{
  ShuLabel *label;
  int position;

  g_return_val_if_fail (SHU_IS_LABEL_SET (self), FALSE);

  position = shu_label_set_index_of (self, id);
  if (position < 0)
    return FALSE;

  label = g_ptr_array_index (self->labels, position);
  g_hash_table_remove (self->by_id, label->id);
  g_hash_table_remove (self->by_name, label->name);
  g_ptr_array_remove_index (self->labels, position);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);

  return TRUE;
}

gboolean
shu_label_set_move (ShuLabelSet *self,
                    const char  *id,
                    guint        new_position)
{
  gpointer label;
  int position;

  g_return_val_if_fail (SHU_IS_LABEL_SET (self), FALSE);

  position = shu_label_set_index_of (self, id);
  if (position < 0 || new_position >= self->labels->len)
    return FALSE;

  if ((guint) position == new_position)
    return TRUE;

  label = g_ptr_array_steal_index (self->labels, position);
  g_ptr_array_insert (self->labels, new_position, label);

  /* One change that spans both places keeps list views simple. */
  g_list_model_items_changed (G_LIST_MODEL (self),
                              MIN ((guint) position, new_position),
                              ABS ((int) new_position - position) + 1,
                              ABS ((int) new_position - position) + 1);

  return TRUE;
}

const char *
shu_label_set_suggest_color (ShuLabelSet *self)
{
  g_return_val_if_fail (SHU_IS_LABEL_SET (self), NULL);

  /* Prefer a palette colour no label uses yet; once all are taken, cycle. */
  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      gboolean used = FALSE;

      for (guint j = 0; j < self->labels->len && !used; j++)
        used = strcmp (((ShuLabel *) g_ptr_array_index (self->labels, j))->color,
                       palette[i]) == 0;

      if (!used)
        return palette[i];
    }

  return palette[self->labels->len % G_N_ELEMENTS (palette)];
}

/* The @n-th made-up colour: saturated like the palette, hues spread by
 * the golden angle so that neighbours differ. */
static char *
made_up_color (guint n)
{
  double hue = fmod (0.13 + n * 0.618033988749895, 1.0) * 6;
  double s = 0.65 + 0.1 * (n % 3), v = 0.9 - 0.08 * (n % 4);
  double f = hue - floor (hue), p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f));
  double rgb[6][3] = { { v, t, p }, { q, v, p }, { p, v, t }, { p, q, v }, { t, p, v },
                       { v, p, q } };
  const double *c = rgb[(int) floor (hue) % 6];

  return g_strdup_printf ("#%02x%02x%02x", (guint) (c[0] * 255 + 0.5),
                          (guint) (c[1] * 255 + 0.5), (guint) (c[2] * 255 + 0.5));
}

GHashTable *
shu_label_set_layer_colors (ShuLabelSet *ours,
                            GPtrArray   *others)
{
  GHashTable *colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
  guint made_up = 0;

  g_return_val_if_fail (SHU_IS_LABEL_SET (ours), colors);

  /* Ours as they are, even where two of ours share a colour: that is the
   * user's own choice. */
  for (guint i = 0; i < ours->labels->len; i++)
    {
      ShuLabel *label = g_ptr_array_index (ours->labels, i);

      g_hash_table_insert (colors, g_strdup (label->id), g_strdup (label->color));
      g_hash_table_add (used, label->color);
    }

  for (guint l = 0; others != NULL && l < others->len; l++)
    {
      ShuLabelSet *set = g_ptr_array_index (others, l);

      g_return_val_if_fail (SHU_IS_LABEL_SET (set), colors);
      for (guint i = 0; i < set->labels->len; i++)
        {
          ShuLabel *label = g_ptr_array_index (set->labels, i);
          char *color = NULL;

          if (g_hash_table_contains (colors, label->id))
            continue;
          if (!g_hash_table_contains (used, label->color))
            color = g_strdup (label->color);
          for (guint k = 0; color == NULL && k < G_N_ELEMENTS (palette); k++)
            if (!g_hash_table_contains (used, palette[k]))
              color = g_strdup (palette[k]);
          while (color == NULL)
            {
              color = made_up_color (made_up++);
              if (g_hash_table_contains (used, color))
                g_clear_pointer (&color, g_free);
            }
          g_hash_table_insert (colors, g_strdup (label->id), color);
          /* The table owns the colour and keeps it until it goes. */
          g_hash_table_add (used, color);
        }
    }
  return g_steal_pointer (&colors);
}
