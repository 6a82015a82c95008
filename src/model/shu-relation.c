/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-relation.h"

struct _ShuRelation
{
  GObject parent_instance;

  /* Owned */
  char *id;
  ShuRelationKind kind;
  char *type;
  char *trigger;
  GStrv roles;        /* n_arguments entries, "" for no role */
  GStrv targets;
  guint n_arguments;
  GPtrArray *attributes;
  GPtrArray *comments;
  char *creator;
  GDateTime *created;
  GDateTime *modified;
  char *conflict;
};

G_DEFINE_FINAL_TYPE (ShuRelation, shu_relation, G_TYPE_OBJECT)

static const char *kind_names[] = { "link", "event", "equivalence" };

const char *
shu_relation_kind_to_string (ShuRelationKind kind)
{
  g_return_val_if_fail (kind <= SHU_RELATION_EQUIVALENCE, NULL);

  return kind_names[kind];
}

gboolean
shu_relation_kind_from_string (const char      *name,
                               ShuRelationKind *kind)
{
  for (guint i = 0; name != NULL && i < G_N_ELEMENTS (kind_names); i++)
    if (strcmp (name, kind_names[i]) == 0)
      {
        *kind = (ShuRelationKind) i;
        return TRUE;
      }
  return FALSE;
}

static void
shu_relation_finalize (GObject *object)
{
  ShuRelation *self = SHU_RELATION (object);

  g_free (self->id);
  g_free (self->type);
  g_free (self->trigger);
  g_strfreev (self->roles);
  g_strfreev (self->targets);
  g_ptr_array_unref (self->attributes);
  g_ptr_array_unref (self->comments);
  g_free (self->creator);
  g_date_time_unref (self->created);
  g_date_time_unref (self->modified);
  g_free (self->conflict);

  G_OBJECT_CLASS (shu_relation_parent_class)->finalize (object);
}

static void
shu_relation_class_init (ShuRelationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = shu_relation_finalize;
}

static void
shu_relation_init (ShuRelation *self)
{
}

static GPtrArray *
copy_array (GPtrArray      *array,
            GBoxedCopyFunc  ref,
            GDestroyNotify  unref)
{
  GPtrArray *copy = g_ptr_array_new_with_free_func (unref);

  for (guint i = 0; array != NULL && i < array->len; i++)
    g_ptr_array_add (copy, ref (g_ptr_array_index (array, i)));
  return copy;
}

ShuRelation *
shu_relation_new (const char          *id,
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
                  GDateTime           *modified)
{
  ShuRelation *self;

  g_return_val_if_fail (kind <= SHU_RELATION_EQUIVALENCE, NULL);
  g_return_val_if_fail (type != NULL && *type != '\0', NULL);
  g_return_val_if_fail (targets != NULL || n_arguments == 0, NULL);

  self = g_object_new (SHU_TYPE_RELATION, NULL);
  self->id = id != NULL ? g_strdup (id) : shu_new_urn_uuid ();
  self->kind = kind;
  self->type = g_strdup (type);
  self->trigger = (trigger != NULL && *trigger != '\0') ? g_strdup (trigger) : NULL;
  self->n_arguments = n_arguments;
  self->roles = g_new0 (char *, n_arguments + 1);
  self->targets = g_new0 (char *, n_arguments + 1);
  for (guint i = 0; i < n_arguments; i++)
    {
      g_return_val_if_fail (targets[i] != NULL, self);
      self->roles[i] = g_strdup (roles != NULL && roles[i] != NULL ? roles[i] : "");
      self->targets[i] = g_strdup (targets[i]);
    }
  self->attributes = copy_array (attributes, (GBoxedCopyFunc) shu_attribute_ref,
                                 (GDestroyNotify) shu_attribute_unref);
  self->comments = copy_array (comments, (GBoxedCopyFunc) shu_comment_ref,
                               (GDestroyNotify) shu_comment_unref);
  self->creator = g_strdup (creator);
  /* UTC and whole seconds, as annotations: what the sidecar keeps. */
  if (created != NULL)
    self->created = g_date_time_to_utc (created);
  else
    self->created = shu_now_utc_seconds ();
  self->modified = modified != NULL ? g_date_time_to_utc (modified)
                                    : g_date_time_ref (self->created);
  return self;
}

const char *
shu_relation_get_id (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->id;
}

ShuRelationKind
shu_relation_get_kind (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), SHU_RELATION_LINK);
  return self->kind;
}

const char *
shu_relation_get_type_name (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->type;
}

const char *
shu_relation_get_trigger (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->trigger;
}

guint
shu_relation_get_n_arguments (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), 0);
  return self->n_arguments;
}

const char *
shu_relation_get_role (ShuRelation *self,
                       guint        index)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  g_return_val_if_fail (index < self->n_arguments, NULL);
  return *self->roles[index] != '\0' ? self->roles[index] : NULL;
}

const char *
shu_relation_get_target (ShuRelation *self,
                         guint        index)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  g_return_val_if_fail (index < self->n_arguments, NULL);
  return self->targets[index];
}

GPtrArray *
shu_relation_get_attributes (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->attributes;
}

GPtrArray *
shu_relation_get_comments (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->comments;
}

const char *
shu_relation_get_creator (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->creator;
}

GDateTime *
shu_relation_get_created (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->created;
}

GDateTime *
shu_relation_get_modified (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->modified;
}

const char *
shu_relation_get_head (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);

  if (self->trigger != NULL)
    return self->trigger;
  return self->n_arguments > 0 ? self->targets[0] : NULL;
}

gboolean
shu_relation_refers_to (ShuRelation *self,
                        const char  *id)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (g_strcmp0 (self->trigger, id) == 0)
    return TRUE;
  return g_strv_contains ((const char * const *) self->targets, id);
}

gboolean
shu_relation_equal (ShuRelation *a,
                    ShuRelation *b)
{
  g_return_val_if_fail (SHU_IS_RELATION (a), FALSE);
  g_return_val_if_fail (SHU_IS_RELATION (b), FALSE);

  if (a == b)
    return TRUE;
  return strcmp (a->id, b->id) == 0 && a->kind == b->kind && strcmp (a->type, b->type) == 0
         && g_strcmp0 (a->trigger, b->trigger) == 0
         && g_strv_equal ((const char * const *) a->roles, (const char * const *) b->roles)
         && g_strv_equal ((const char * const *) a->targets, (const char * const *) b->targets)
         && shu_attributes_equal (a->attributes, b->attributes)
         && shu_comments_equal (a->comments, b->comments)
         && g_strcmp0 (a->creator, b->creator) == 0
         && g_date_time_equal (a->created, b->created)
         && g_date_time_equal (a->modified, b->modified)
         && g_strcmp0 (a->conflict, b->conflict) == 0;
}

gboolean
shu_relation_same_content (ShuRelation *a,
                           ShuRelation *b)
{
  g_return_val_if_fail (SHU_IS_RELATION (a), FALSE);
  g_return_val_if_fail (SHU_IS_RELATION (b), FALSE);

  return a->kind == b->kind && strcmp (a->type, b->type) == 0
         && g_strcmp0 (a->trigger, b->trigger) == 0
         && g_strv_equal ((const char * const *) a->roles, (const char * const *) b->roles)
         && g_strv_equal ((const char * const *) a->targets, (const char * const *) b->targets)
         && shu_attributes_equal (a->attributes, b->attributes)
         && shu_comments_equal (a->comments, b->comments)
         && g_strcmp0 (a->creator, b->creator) == 0;
}

const char *
shu_relation_get_conflict (ShuRelation *self)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  return self->conflict;
}

ShuRelation *
shu_relation_with_conflict (ShuRelation *self,
                            const char  *other_id)
{
  ShuRelation *copy;

  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);

  copy = shu_relation_renamed (self, self->id, NULL);
  g_clear_pointer (&copy->conflict, g_free);
  copy->conflict = (other_id != NULL && *other_id != '\0') ? g_strdup (other_id) : NULL;
  return copy;
}

/* A copy with the given parts (NULL keeps this one's). */
static ShuRelation *
copy_with (ShuRelation *self,
           const char  *id,
           const char  *type,
           GPtrArray   *attributes,
           GPtrArray   *comments,
           GDateTime   *modified)
{
  g_autoptr(GDateTime) now = NULL;

  ShuRelation *copy;

  if (modified == NULL)
    modified = now = shu_now_utc_seconds ();
  copy = shu_relation_new (id != NULL ? id : self->id, self->kind,
                           type != NULL ? type : self->type, self->trigger,
                           (const char * const *) self->roles,
                           (const char * const *) self->targets, self->n_arguments,
                           attributes != NULL ? attributes : self->attributes,
                           comments != NULL ? comments : self->comments, self->creator,
                           self->created, modified);
  /* An edit does not resolve a merge conflict (as for annotations). */
  copy->conflict = g_strdup (self->conflict);
  return copy;
}

ShuRelation *
shu_relation_with_type (ShuRelation *self,
                        const char  *type,
                        GDateTime   *modified)
{
  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  g_return_val_if_fail (type != NULL && *type != '\0', NULL);

  return copy_with (self, NULL, type, NULL, NULL, modified);
}

ShuRelation *
shu_relation_with_attributes (ShuRelation *self,
                              GPtrArray   *attributes,
                              GDateTime   *modified)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);

  return copy_with (self, NULL, NULL, attributes != NULL ? attributes : none, NULL, modified);
}

ShuRelation *
shu_relation_with_comments (ShuRelation *self,
                            GPtrArray   *comments,
                            GDateTime   *modified)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);

  return copy_with (self, NULL, NULL, NULL, comments != NULL ? comments : none, modified);
}

ShuRelation *
shu_relation_without (ShuRelation *self,
                      const char  *id,
                      GDateTime   *modified)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GDateTime) now = NULL;

  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  if (modified == NULL)
    modified = now = shu_now_utc_seconds ();
  for (guint i = 0; i < self->n_arguments; i++)
    if (strcmp (self->targets[i], id) != 0)
      {
        g_ptr_array_add (roles, self->roles[i]);
        g_ptr_array_add (targets, self->targets[i]);
      }
  {
    ShuRelation *copy = shu_relation_new (self->id, self->kind, self->type,
                                          g_strcmp0 (self->trigger, id) == 0 ? NULL
                                                                             : self->trigger,
                                          (const char * const *) roles->pdata,
                                          (const char * const *) targets->pdata, targets->len,
                                          self->attributes, self->comments, self->creator,
                                          self->created, modified);

    copy->conflict = g_strdup (self->conflict);
    return copy;
  }
}

ShuRelation *
shu_relation_renamed (ShuRelation *self,
                      const char  *id,
                      GHashTable  *ids)
{
  g_autofree char *new_id = id != NULL ? g_strdup (id) : shu_new_urn_uuid ();
  g_autofree const char **targets = NULL;
  const char *trigger;

  g_return_val_if_fail (SHU_IS_RELATION (self), NULL);

  targets = g_new0 (const char *, self->n_arguments + 1);
  for (guint i = 0; i < self->n_arguments; i++)
    {
      const char *renamed = ids != NULL ? g_hash_table_lookup (ids, self->targets[i]) : NULL;

      targets[i] = renamed != NULL ? renamed : self->targets[i];
    }
  trigger = self->trigger;
  if (trigger != NULL && ids != NULL && g_hash_table_lookup (ids, trigger) != NULL)
    trigger = g_hash_table_lookup (ids, trigger);
  {
    ShuRelation *copy = shu_relation_new (new_id, self->kind, self->type, trigger,
                                          (const char * const *) self->roles, targets,
                                          self->n_arguments, self->attributes, self->comments,
                                          self->creator, self->created, self->modified);

    copy->conflict = g_strdup (self->conflict);
    return copy;
  }
}

int
shu_relation_compare (ShuRelation *a,
                      ShuRelation *b)
{
  return strcmp (a->id, b->id);
}
