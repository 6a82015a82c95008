/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-annotation.h"

/* ShuComment */

struct _ShuComment
{
  gatomicrefcount ref_count;
  char *text;
  char *language;
  char *kind;
};

G_DEFINE_BOXED_TYPE (ShuComment, shu_comment, shu_comment_ref, shu_comment_unref)

ShuComment *
shu_comment_new (const char *text,
                 const char *language)
{
  return shu_comment_new_typed (text, language, NULL);
}

ShuComment *
shu_comment_new_typed (const char *text,
                       const char *language,
                       const char *kind)
{
  ShuComment *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_new0 (ShuComment, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->text = g_strdup (text);
  self->language = (language != NULL && *language != '\0') ? g_strdup (language) : NULL;
  self->kind = (kind != NULL && *kind != '\0') ? g_strdup (kind) : NULL;

  return self;
}

const char *
shu_comment_get_kind (const ShuComment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->kind;
}

ShuComment *
shu_comment_ref (ShuComment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
shu_comment_unref (ShuComment *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->text);
      g_free (self->language);
      g_free (self->kind);
      g_free (self);
    }
}

const char *
shu_comment_get_text (const ShuComment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->text;
}

const char *
shu_comment_get_language (const ShuComment *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->language;
}

gboolean
shu_comment_equal (const ShuComment *a,
                   const ShuComment *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return g_strcmp0 (a->text, b->text) == 0 && g_strcmp0 (a->language, b->language) == 0
         && g_strcmp0 (a->kind, b->kind) == 0;
}

/* ShuAttribute */

struct _ShuAttribute
{
  gatomicrefcount ref_count;
  char *name;
  char *value;
};

G_DEFINE_BOXED_TYPE (ShuAttribute, shu_attribute, shu_attribute_ref, shu_attribute_unref)

ShuAttribute *
shu_attribute_new (const char *name,
                   const char *value)
{
  ShuAttribute *self;

  g_return_val_if_fail (name != NULL && *name != '\0', NULL);

  self = g_new0 (ShuAttribute, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name);
  self->value = g_strdup (value);
  return self;
}

ShuAttribute *
shu_attribute_ref (ShuAttribute *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
shu_attribute_unref (ShuAttribute *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->name);
      g_free (self->value);
      g_free (self);
    }
}

const char *
shu_attribute_get_name (const ShuAttribute *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
shu_attribute_get_value (const ShuAttribute *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->value;
}

gboolean
shu_attribute_equal (const ShuAttribute *a,
                     const ShuAttribute *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return strcmp (a->name, b->name) == 0 && g_strcmp0 (a->value, b->value) == 0;
}

/* ShuReference */

struct _ShuReference
{
  gatomicrefcount ref_count;
  char *kind;
  char *resource;
  char *entry;
  char *text;
};

G_DEFINE_BOXED_TYPE (ShuReference, shu_reference, shu_reference_ref, shu_reference_unref)

ShuReference *
shu_reference_new (const char *kind,
                   const char *resource,
                   const char *entry,
                   const char *text)
{
  ShuReference *self;

  g_return_val_if_fail (resource != NULL && entry != NULL, NULL);

  self = g_new0 (ShuReference, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->kind = g_strdup (kind != NULL && *kind != '\0' ? kind : "Reference");
  self->resource = g_strdup (resource);
  self->entry = g_strdup (entry);
  self->text = g_strdup (text);
  return self;
}

ShuReference *
shu_reference_ref (ShuReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
shu_reference_unref (ShuReference *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->kind);
      g_free (self->resource);
      g_free (self->entry);
      g_free (self->text);
      g_free (self);
    }
}

const char *
shu_reference_get_kind (const ShuReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kind;
}

const char *
shu_reference_get_resource (const ShuReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->resource;
}

const char *
shu_reference_get_entry (const ShuReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->entry;
}

const char *
shu_reference_get_text (const ShuReference *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->text;
}

gboolean
shu_reference_equal (const ShuReference *a,
                     const ShuReference *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return strcmp (a->kind, b->kind) == 0 && strcmp (a->resource, b->resource) == 0
         && strcmp (a->entry, b->entry) == 0 && g_strcmp0 (a->text, b->text) == 0;
}

typedef gboolean (*ItemEqual) (gconstpointer a, gconstpointer b);

static gboolean
arrays_equal (GPtrArray *a,
              GPtrArray *b,
              ItemEqual  equal)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;
  for (guint i = 0; i < na; i++)
    if (!equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

gboolean
shu_comments_equal (GPtrArray *a,
                    GPtrArray *b)
{
  return arrays_equal (a, b, (ItemEqual) shu_comment_equal);
}

gboolean
shu_attributes_equal (GPtrArray *a,
                      GPtrArray *b)
{
  return arrays_equal (a, b, (ItemEqual) shu_attribute_equal);
}

gboolean
shu_references_equal (GPtrArray *a,
                      GPtrArray *b)
{
  return arrays_equal (a, b, (ItemEqual) shu_reference_equal);
}

/* What an annotation without attributes or references returns: most have
 * none, and an empty array each would cost memory at 200k annotations. */
static GPtrArray *
empty_array (void)
{
  static GPtrArray *empty;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return empty;
}

/* ShuAnnotation */

struct _ShuAnnotation
{
  GObject parent_instance;

  /* Owned */
  char *id;
  ShuRange *ranges;
  guint n_ranges;
  char *label_id;
  GPtrArray *comments;
  char *creator;
  GDateTime *created;
  GDateTime *modified;
  /* The id of the other version when a merge left this one in conflict
   * (the "conflict" member of FORMAT.md), else NULL. */
  char *conflict;
  /* What another tool wrote that Shulayim does not hold otherwise, kept
   * to be written back (the "shu:foreign" member of FORMAT.md): JSON
   * text, or NULL. */
  char *foreign;
  /* NULL when empty (most annotations). */
  GPtrArray *attributes;  /* ShuAttribute */
  GPtrArray *references;  /* ShuReference */
  /* Made by accepting a suggestion ("shu:suggested" in FORMAT.md), so
   * agreement studies can tell it from one the annotator marked. */
  gboolean suggested;

  /* Only used when constructed through g_object_new() without ranges. */
  guint construct_start;
  guint construct_end;
};

G_DEFINE_FINAL_TYPE (ShuAnnotation, shu_annotation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_START,
  PROP_END,
  PROP_LABEL_ID,
  PROP_CREATOR,
  PROP_CREATED,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
shu_annotation_constructed (GObject *object)
{
  ShuAnnotation *self = SHU_ANNOTATION (object);

  G_OBJECT_CLASS (shu_annotation_parent_class)->constructed (object);

  if (self->id == NULL)
    self->id = shu_new_urn_uuid ();

  /* Dates are kept in UTC so that comparing and writing them never depends
   * on the time zone of the machine that made them. */
  if (self->created == NULL)
    {
      self->created = shu_now_utc_seconds ();
    }
  else
    {
      GDateTime *utc = g_date_time_to_utc (self->created);
      g_date_time_unref (self->created);
      self->created = utc;
    }

  if (self->modified == NULL)
    {
      self->modified = g_date_time_ref (self->created);
    }
  else
    {
      GDateTime *utc = g_date_time_to_utc (self->modified);
      g_date_time_unref (self->modified);
      self->modified = utc;
    }

  if (self->n_ranges == 0 && self->construct_start < self->construct_end)
    {
      self->ranges = g_new (ShuRange, 1);
      self->ranges[0].start = self->construct_start;
      self->ranges[0].end = self->construct_end;
      self->n_ranges = 1;
    }
}

static void
shu_annotation_finalize (GObject *object)
{
  ShuAnnotation *self = SHU_ANNOTATION (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->ranges, g_free);
  g_clear_pointer (&self->label_id, g_free);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->creator, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->conflict, g_free);
  g_clear_pointer (&self->foreign, g_free);
  g_clear_pointer (&self->attributes, g_ptr_array_unref);
  g_clear_pointer (&self->references, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_annotation_parent_class)->finalize (object);
}

static void
shu_annotation_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ShuAnnotation *self = SHU_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_START:
      g_value_set_uint (value, shu_annotation_get_start (self));
      break;

    case PROP_END:
      g_value_set_uint (value, shu_annotation_get_end (self));
      break;

    case PROP_LABEL_ID:
      g_value_set_string (value, self->label_id);
      break;

    case PROP_CREATOR:
      g_value_set_string (value, self->creator);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_annotation_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ShuAnnotation *self = SHU_ANNOTATION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_dup_string (value);
      break;

    case PROP_START:
      self->construct_start = g_value_get_uint (value);
      break;

    case PROP_END:
      self->construct_end = g_value_get_uint (value);
      break;

    case PROP_LABEL_ID:
      self->label_id = g_value_dup_string (value);
      break;

    case PROP_CREATOR:
      self->creator = g_value_dup_string (value);
      break;

    case PROP_CREATED:
      self->created = g_value_dup_boxed (value);
      break;

    case PROP_MODIFIED:
      self->modified = g_value_dup_boxed (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_annotation_class_init (ShuAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = shu_annotation_constructed;
  object_class->finalize = shu_annotation_finalize;
  object_class->get_property = shu_annotation_get_property;
  object_class->set_property = shu_annotation_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START] =
    g_param_spec_uint ("start", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_END] =
    g_param_spec_uint ("end", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LABEL_ID] =
    g_param_spec_string ("label-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATOR] =
    g_param_spec_string ("creator", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_annotation_init (ShuAnnotation *self)
{
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const ShuRange *ra = a;
  const ShuRange *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  if (ra->end != rb->end)
    return ra->end < rb->end ? -1 : 1;
  return 0;
}

/* Sorted copies of @ranges, or NULL if they are empty, reversed or overlap. */
static ShuRange *
normalize_ranges (const ShuRange *ranges,
                  guint           n_ranges)
{
  g_autofree ShuRange *copy = NULL;

  if (ranges == NULL || n_ranges == 0)
    return NULL;

  copy = g_memdup2 (ranges, sizeof (ShuRange) * n_ranges);
  qsort (copy, n_ranges, sizeof (ShuRange), compare_ranges);

  for (guint i = 0; i < n_ranges; i++)
    {
      if (copy[i].start >= copy[i].end)
        return NULL;
      if (i > 0 && copy[i - 1].end > copy[i].start)
        return NULL;
    }

  return g_steal_pointer (&copy);
}

ShuAnnotation *
shu_annotation_new (const char     *id,
                    const ShuRange *ranges,
                    guint           n_ranges,
                    const char     *label_id,
                    GPtrArray      *comments,
                    const char     *creator,
                    GDateTime      *created,
                    GDateTime      *modified)
{
  g_autofree ShuRange *sorted = NULL;
  ShuAnnotation *self;

  g_return_val_if_fail (ranges != NULL, NULL);
  g_return_val_if_fail (n_ranges > 0, NULL);

  sorted = normalize_ranges (ranges, n_ranges);
  g_return_val_if_fail (sorted != NULL, NULL);

  self = g_object_new (SHU_TYPE_ANNOTATION,
                       "id", id,
                       "label-id", label_id,
                       "creator", creator,
                       "created", created,
                       "modified", modified,
                       NULL);

  g_free (self->ranges);
  self->ranges = g_steal_pointer (&sorted);
  self->n_ranges = n_ranges;

  if (comments != NULL)
    {
      for (guint i = 0; i < comments->len; i++)
        g_ptr_array_add (self->comments, shu_comment_ref (g_ptr_array_index (comments, i)));
    }

  return self;
}

const char *
shu_annotation_get_id (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->id;
}

guint
shu_annotation_get_start (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), 0);

  return self->n_ranges > 0 ? self->ranges[0].start : 0;
}

guint
shu_annotation_get_end (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), 0);

  return self->n_ranges > 0 ? self->ranges[self->n_ranges - 1].end : 0;
}

guint
shu_annotation_get_n_ranges (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), 0);

  return self->n_ranges;
}

const ShuRange *
shu_annotation_get_ranges (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->ranges;
}

/* The index of the first range whose end is after @offset, or n_ranges.
 * Ranges are sorted and disjoint, so their ends are increasing too. */
static guint
first_range_ending_after (ShuAnnotation *self,
                          guint          offset)
{
  guint lo = 0;
  guint hi = self->n_ranges;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->ranges[mid].end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

gboolean
shu_annotation_covers (ShuAnnotation *self,
                       guint          offset)
{
  guint i;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), FALSE);

  i = first_range_ending_after (self, offset);
  return i < self->n_ranges && self->ranges[i].start <= offset;
}

gboolean
shu_annotation_overlaps (ShuAnnotation *self,
                         guint          start,
                         guint          end)
{
  guint i;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), FALSE);

  if (start >= end)
    return FALSE;

  i = first_range_ending_after (self, start);
  return i < self->n_ranges && self->ranges[i].start < end;
}

const char *
shu_annotation_get_label_id (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->label_id;
}

GPtrArray *
shu_annotation_get_comments (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->comments;
}

const char *
shu_annotation_get_comment (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  if (self->comments->len == 0)
    return NULL;

  return shu_comment_get_text (g_ptr_array_index (self->comments, 0));
}

const char *
shu_annotation_get_creator (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->creator;
}

GDateTime *
shu_annotation_get_created (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->created;
}

GDateTime *
shu_annotation_get_modified (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->modified;
}

int
shu_annotation_compare (ShuAnnotation *a,
                        ShuAnnotation *b)
{
  guint a_start, b_start, a_end, b_end;

  g_return_val_if_fail (SHU_IS_ANNOTATION (a), 0);
  g_return_val_if_fail (SHU_IS_ANNOTATION (b), 0);

  a_start = shu_annotation_get_start (a);
  b_start = shu_annotation_get_start (b);
  if (a_start != b_start)
    return a_start < b_start ? -1 : 1;

  a_end = shu_annotation_get_end (a);
  b_end = shu_annotation_get_end (b);
  if (a_end != b_end)
    return a_end < b_end ? -1 : 1;

  return strcmp (a->id, b->id);
}

static int
compare_annotations (gconstpointer a,
                     gconstpointer b)
{
  return shu_annotation_compare (*(ShuAnnotation **) a, *(ShuAnnotation **) b);
}

void
shu_annotation_sort (GPtrArray *annotations)
{
  g_return_if_fail (annotations != NULL);

  /* GLib's sort is a merge sort: even on sorted input it compares about
   * n log n / 2 times, each comparison two annotations apart in memory. */
  for (guint i = 1; i < annotations->len; i++)
    if (shu_annotation_compare (annotations->pdata[i - 1], annotations->pdata[i]) > 0)
      {
        g_ptr_array_sort (annotations, compare_annotations);
        return;
      }
}

gboolean
shu_annotation_equal (ShuAnnotation *a,
                      ShuAnnotation *b)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (a), FALSE);
  g_return_val_if_fail (SHU_IS_ANNOTATION (b), FALSE);

  if (a == b)
    return TRUE;

  if (strcmp (a->id, b->id) != 0 ||
      a->n_ranges != b->n_ranges ||
      g_strcmp0 (a->label_id, b->label_id) != 0 ||
      g_strcmp0 (a->creator, b->creator) != 0 ||
      g_strcmp0 (a->conflict, b->conflict) != 0 ||
      g_strcmp0 (a->foreign, b->foreign) != 0 ||
      a->suggested != b->suggested ||
      !g_date_time_equal (a->created, b->created) ||
      !g_date_time_equal (a->modified, b->modified) ||
      a->comments->len != b->comments->len ||
      !shu_attributes_equal (a->attributes, b->attributes) ||
      !arrays_equal (a->references, b->references, (ItemEqual) shu_reference_equal))
    return FALSE;

  if (memcmp (a->ranges, b->ranges, sizeof (ShuRange) * a->n_ranges) != 0)
    return FALSE;

  for (guint i = 0; i < a->comments->len; i++)
    {
      if (!shu_comment_equal (g_ptr_array_index (a->comments, i),
                              g_ptr_array_index (b->comments, i)))
        return FALSE;
    }

  return TRUE;
}

/* Keeps @array (ShuAttribute or ShuReference) in @slot, NULL when empty. */
static void
set_array (GPtrArray **slot,
           GPtrArray  *array)
{
  g_clear_pointer (slot, g_ptr_array_unref);
  if (array != NULL && array->len > 0)
    *slot = g_ptr_array_ref (array);
}

static void
carry_extras (ShuAnnotation *copy,
              ShuAnnotation *self)
{
  set_array (&copy->attributes, self->attributes);
  set_array (&copy->references, self->references);
  g_free (copy->foreign);
  copy->foreign = g_strdup (self->foreign);
  copy->suggested = self->suggested;
}

static ShuAnnotation *
copy_with (ShuAnnotation  *self,
           const ShuRange *ranges,
           guint           n_ranges,
           const char     *label_id,
           GPtrArray      *comments,
           GDateTime      *modified)
{
  g_autoptr(GDateTime) now = NULL;
  ShuAnnotation *copy;

  if (modified == NULL)
    modified = now = shu_now_utc_seconds ();

  copy = shu_annotation_new (self->id, ranges, n_ranges, label_id, comments,
                             self->creator, self->created, modified);
  /* An edit does not resolve a merge conflict: only removing one of the
   * versions or clearing the mark does. */
  copy->conflict = g_strdup (self->conflict);
  carry_extras (copy, self);
  return copy;
}

ShuAnnotation *
shu_annotation_with_label (ShuAnnotation *self,
                           const char    *label_id,
                           GDateTime     *modified)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return copy_with (self, self->ranges, self->n_ranges, label_id, self->comments, modified);
}

ShuAnnotation *
shu_annotation_with_comment (ShuAnnotation *self,
                             const char    *text,
                             const char    *language,
                             GDateTime     *modified)
{
  g_autoptr(GPtrArray) comments = NULL;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  if (text != NULL && *text != '\0')
    g_ptr_array_add (comments, shu_comment_new (text, language));
  for (guint i = 1; i < self->comments->len; i++)
    g_ptr_array_add (comments, shu_comment_ref (g_ptr_array_index (self->comments, i)));

  return copy_with (self, self->ranges, self->n_ranges, self->label_id, comments, modified);
}

ShuAnnotation *
shu_annotation_with_ranges (ShuAnnotation  *self,
                            const ShuRange *ranges,
                            guint           n_ranges,
                            GDateTime      *modified)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (ranges != NULL, NULL);
  g_return_val_if_fail (n_ranges > 0, NULL);

  return copy_with (self, ranges, n_ranges, self->label_id, self->comments, modified);
}

const char *
shu_annotation_get_conflict (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->conflict;
}

ShuAnnotation *
shu_annotation_with_conflict (ShuAnnotation *self,
                              const char    *other_id)
{
  ShuAnnotation *copy;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  copy = shu_annotation_new (self->id, self->ranges, self->n_ranges, self->label_id,
                             self->comments, self->creator, self->created, self->modified);
  copy->conflict = (other_id != NULL && *other_id != '\0') ? g_strdup (other_id) : NULL;
  carry_extras (copy, self);
  return copy;
}

ShuAnnotation *
shu_annotation_with_id (ShuAnnotation *self,
                        const char    *id)
{
  ShuAnnotation *copy;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  copy = shu_annotation_new (id, self->ranges, self->n_ranges, self->label_id,
                             self->comments, self->creator, self->created, self->modified);
  copy->conflict = g_strdup (self->conflict);
  carry_extras (copy, self);
  return copy;
}

const char *
shu_annotation_get_foreign (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->foreign;
}

ShuAnnotation *
shu_annotation_with_foreign (ShuAnnotation *self,
                             const char    *foreign)
{
  ShuAnnotation *copy;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  copy = shu_annotation_with_id (self, self->id);
  g_free (copy->foreign);
  copy->foreign = g_strdup (foreign);
  return copy;
}

ShuAnnotation *
shu_annotation_with_attributes (ShuAnnotation *self,
                                GPtrArray     *attributes,
                                GDateTime     *modified)
{
  ShuAnnotation *copy;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  copy = copy_with (self, self->ranges, self->n_ranges, self->label_id, self->comments,
                    modified);
  set_array (&copy->attributes, attributes);
  return copy;
}

ShuAnnotation *
shu_annotation_with_references (ShuAnnotation *self,
                                GPtrArray     *references,
                                GDateTime     *modified)
{
  ShuAnnotation *copy;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  copy = copy_with (self, self->ranges, self->n_ranges, self->label_id, self->comments,
                    modified);
  set_array (&copy->references, references);
  return copy;
}

ShuAnnotation *
shu_annotation_with_comments (ShuAnnotation *self,
                              GPtrArray     *comments,
                              GDateTime     *modified)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return copy_with (self, self->ranges, self->n_ranges, self->label_id, comments, modified);
}

ShuAnnotation *
shu_annotation_with_attribute (ShuAnnotation *self,
                               const char    *name,
                               const char    *value,
                               gboolean       remove,
                               GDateTime     *modified)
{
  g_autoptr(GPtrArray) attributes = NULL;
  gboolean done = FALSE;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_unref);
  for (guint i = 0; self->attributes != NULL && i < self->attributes->len; i++)
    {
      ShuAttribute *attribute = g_ptr_array_index (self->attributes, i);

      if (strcmp (shu_attribute_get_name (attribute), name) != 0)
        g_ptr_array_add (attributes, shu_attribute_ref (attribute));
      else if (!remove && !done)
        {
          g_ptr_array_add (attributes, shu_attribute_new (name, value));
          done = TRUE;
        }
    }
  if (!remove && !done)
    g_ptr_array_add (attributes, shu_attribute_new (name, value));
  return shu_annotation_with_attributes (self, attributes, modified);
}

GPtrArray *
shu_annotation_get_attributes (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->attributes != NULL ? self->attributes : empty_array ();
}

GPtrArray *
shu_annotation_get_references (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  return self->references != NULL ? self->references : empty_array ();
}

const char *
shu_annotation_get_attribute (ShuAnnotation *self,
                              const char    *name)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; self->attributes != NULL && i < self->attributes->len; i++)
    {
      ShuAttribute *attribute = g_ptr_array_index (self->attributes, i);

      if (strcmp (shu_attribute_get_name (attribute), name) == 0)
        return shu_attribute_get_value (attribute) != NULL
               ? shu_attribute_get_value (attribute) : "";
    }
  return NULL;
}

gboolean
shu_annotation_has_extras (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), FALSE);

  if (self->attributes != NULL || self->references != NULL)
    return TRUE;
  for (guint i = 0; i < self->comments->len; i++)
    if (shu_comment_get_kind (g_ptr_array_index (self->comments, i)) != NULL)
      return TRUE;
  return FALSE;
}

gboolean
shu_annotation_get_suggested (ShuAnnotation *self)
{
  g_return_val_if_fail (SHU_IS_ANNOTATION (self), FALSE);

  return self->suggested;
}

ShuAnnotation *
shu_annotation_with_suggested (ShuAnnotation *self,
                               gboolean       suggested)
{
  ShuAnnotation *copy;

  g_return_val_if_fail (SHU_IS_ANNOTATION (self), NULL);

  copy = shu_annotation_with_id (self, self->id);
  copy->suggested = !!suggested;
  return copy;
}

char *
shu_new_urn_uuid (void)
{
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strconcat ("urn:uuid:", uuid, NULL);
}

GDateTime *
shu_now_utc_seconds (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_new_utc (g_date_time_get_year (now),
                              g_date_time_get_month (now),
                              g_date_time_get_day_of_month (now),
                              g_date_time_get_hour (now),
                              g_date_time_get_minute (now),
                              g_date_time_get_second (now) == 60 ? 59
                              : (int) g_date_time_get_second (now));
}
