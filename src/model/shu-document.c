/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-document.h"

struct _ShuDocument
{
  GObject             parent_instance;

  /* Owned */
  ShuSource          *source;
  ShuAnnotationStore *store;
  GFile              *sidecar_file;
  ShuFileStamp       *sidecar_stamp;
  ShuLabelSet        *base_labels;         /* what the sidecar file held */
  GPtrArray          *base_annotations;
  char               *source_name;
  char               *id;
  char               *title;
  char               *language;
  char               *text_direction;
  GDateTime          *created;
  GDateTime          *modified;
  GPtrArray          *orphans;             /* ShuAnchorResult */
  GPtrArray          *orphan_annotations;  /* ShuAnnotation */
  GPtrArray          *orphan_quotes;       /* GStrv, 3 per range */
  GPtrArray          *statuses;            /* ShuStatusRecord, by annotator */
};

G_DEFINE_FINAL_TYPE (ShuDocument, shu_document, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  PROP_STORE,
  PROP_SIDECAR_FILE,
  PROP_SOURCE_NAME,
  PROP_TITLE,
  PROP_MODIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
shu_anchor_result_free (ShuAnchorResult *result)
{
  if (result == NULL)
    return;
  g_free (result->id);
  g_free (result->exact);
  g_free (result);
}

static ShuAnchorResult *
anchor_result_copy (const ShuAnchorResult *result)
{
  ShuAnchorResult *copy = g_memdup2 (result, sizeof *result);

  copy->id = g_strdup (result->id);
  copy->exact = g_strdup (result->exact);
  return copy;
}

/* g_set_str() is GLib 2.76, newer than the floor. */
static gboolean
set_str (char       **slot,
         const char  *value)
{
  if (g_strcmp0 (*slot, value) == 0)
    return FALSE;
  g_free (*slot);
  *slot = g_strdup (value);
  return TRUE;
}

static void
shu_document_touch (ShuDocument *self)
{
  g_clear_pointer (&self->modified, g_date_time_unref);
  self->modified = shu_now_utc_seconds ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

static void
store_items_changed_cb (GListModel  *model,
                        guint        position,
                        guint        removed,
                        guint        added,
                        ShuDocument *self)
{
  shu_document_touch (self);
}

static void
store_labels_changed_cb (ShuAnnotationStore *store,
                         ShuDocument        *self)
{
  shu_document_touch (self);
}

static gboolean
is_rtl_script (GUnicodeScript script)
{
  switch (script)
    {
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_SYRIAC:
    case G_UNICODE_SCRIPT_THAANA:
    case G_UNICODE_SCRIPT_NKO:
    case G_UNICODE_SCRIPT_SAMARITAN:
    case G_UNICODE_SCRIPT_MANDAIC:
    case G_UNICODE_SCRIPT_ADLAM:
    case G_UNICODE_SCRIPT_HANIFI_ROHINGYA:
      return TRUE;
    default:
      return FALSE;
    }
}

/* Texts larger than this are sampled: SAMPLES windows of SAMPLE_BYTES
 * spread evenly over them. Counting the letters of a 5 MB text took 35 ms
 * on the way to the first frame, twice; the majority script of a text
 * that large is the same in a 128 KiB sample of it. */
#define SAMPLES 64
#define SAMPLE_BYTES ((gsize) 2048)

static void
count_letters (const char *p,
               const char *end,
               gsize      *hebrew,
               gsize      *arabic,
               gsize      *letters)
{
  for (; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script;

      /* Marks (niqqud, harakat) are not letters. */
      if (!g_unichar_isalpha (c))
        continue;
      script = g_unichar_get_script (c);
      (*letters)++;
      if (script == G_UNICODE_SCRIPT_HEBREW)
        (*hebrew)++;
      else if (script == G_UNICODE_SCRIPT_ARABIC)
        (*arabic)++;
    }
}

void
shu_detect_language (const char  *text,
                     gsize        size,
                     const char **language,
                     const char **text_direction)
{
  const char *end = text + size;
  const char *direction = NULL;
  gsize hebrew = 0, arabic = 0, letters = 0;

  g_return_if_fail (text != NULL || size == 0);

  /* The direction is the first letter's. Marks carry none. */
  for (const char *p = text; p < end && direction == NULL; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalpha (c))
        direction = is_rtl_script (g_unichar_get_script (c)) ? "rtl" : "ltr";
    }

  if (size <= SAMPLES * SAMPLE_BYTES * 2)
    count_letters (text, end, &hebrew, &arabic, &letters);
  else
    for (guint i = 0; i < SAMPLES; i++)
      {
        const char *p = text + (size - SAMPLE_BYTES) / (SAMPLES - 1) * i;
        const char *stop = p + SAMPLE_BYTES;

        /* Whole characters only: from the first one starting in the window
         * to the last one starting before its end. */
        while (p < stop && ((guchar) *p & 0xC0) == 0x80)
          p++;
        while (stop < end && ((guchar) *stop & 0xC0) == 0x80)
          stop++;
        count_letters (p, stop, &hebrew, &arabic, &letters);
      }

  if (text_direction != NULL)
    *text_direction = direction != NULL ? direction : "ltr";
  if (language != NULL)
    {
      if (letters > 0 && hebrew * 2 > letters)
        *language = "he";
      else if (letters > 0 && arabic * 2 > letters)
        *language = "ar";
      else
        *language = "und";
    }
}

static void
shu_document_constructed (GObject *object)
{
  ShuDocument *self = SHU_DOCUMENT (object);
  const char *language;
  const char *direction;
  GFile *file;

  G_OBJECT_CLASS (shu_document_parent_class)->constructed (object);

  g_assert (self->source != NULL);

  if (self->store == NULL)
    {
      g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();

      self->store = shu_annotation_store_new (labels);
    }
  g_signal_connect_object (self->store, "items-changed",
                           G_CALLBACK (store_items_changed_cb), self, 0);
  g_signal_connect_object (self->store, "labels-changed",
                           G_CALLBACK (store_labels_changed_cb), self, 0);

  file = shu_source_get_file (self->source);
  if (file != NULL)
    self->source_name = g_file_get_basename (file);
  else
    self->source_name = g_strdup ("text.txt");
  self->title = g_strdup (self->source_name);

  self->id = shu_new_urn_uuid ();
  self->created = shu_now_utc_seconds ();
  self->modified = g_date_time_ref (self->created);

  shu_detect_language (shu_source_get_text (self->source),
                       shu_source_get_text_size (self->source),
                       &language, &direction);
  self->language = g_strdup (language);
  self->text_direction = g_strdup (direction);
}

static void
shu_document_finalize (GObject *object)
{
  ShuDocument *self = SHU_DOCUMENT (object);

  g_clear_object (&self->source);
  g_clear_object (&self->store);
  g_clear_object (&self->sidecar_file);
  g_clear_pointer (&self->sidecar_stamp, shu_file_stamp_free);
  g_clear_object (&self->base_labels);
  g_clear_pointer (&self->base_annotations, g_ptr_array_unref);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->text_direction, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->orphans, g_ptr_array_unref);
  g_clear_pointer (&self->orphan_annotations, g_ptr_array_unref);
  g_clear_pointer (&self->orphan_quotes, g_ptr_array_unref);
  g_clear_pointer (&self->statuses, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_document_parent_class)->finalize (object);
}

static void
shu_document_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ShuDocument *self = SHU_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SIDECAR_FILE:
      g_value_set_object (value, self->sidecar_file);
      break;
    case PROP_SOURCE_NAME:
      g_value_set_string (value, self->source_name);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_MODIFIED:
      g_value_set_boxed (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_document_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ShuDocument *self = SHU_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SIDECAR_FILE:
      shu_document_set_sidecar_file (self, g_value_get_object (value));
      break;
    case PROP_SOURCE_NAME:
      shu_document_set_source_name (self, g_value_get_string (value));
      break;
    case PROP_TITLE:
      shu_document_set_title (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_document_class_init (ShuDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = shu_document_constructed;
  object_class->finalize = shu_document_finalize;
  object_class->get_property = shu_document_get_property;
  object_class->set_property = shu_document_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL, SHU_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* Construct-only so that shu_document_new() can hand in a store made
   * with the caller's labels; read-only for everyone else. */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, SHU_TYPE_ANNOTATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SIDECAR_FILE] =
    g_param_spec_object ("sidecar-file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SOURCE_NAME] =
    g_param_spec_string ("source-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boxed ("modified", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_document_init (ShuDocument *self)
{
  self->orphans = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_anchor_result_free);
  self->orphan_annotations = g_ptr_array_new_with_free_func (g_object_unref);
  self->orphan_quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  self->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_status_record_free);
}

ShuDocument *
shu_document_new (ShuSource   *source,
                  ShuLabelSet *labels)
{
  g_autoptr(ShuAnnotationStore) store = NULL;

  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);

  if (labels != NULL)
    store = shu_annotation_store_new (labels);

  return g_object_new (SHU_TYPE_DOCUMENT,
                       "source", source,
                       "store", store,
                       NULL);
}

ShuSource *
shu_document_get_source (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->source;
}

ShuAnnotationStore *
shu_document_get_store (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->store;
}

GFile *
shu_document_get_sidecar_file (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->sidecar_file;
}

void
shu_document_set_sidecar_file (ShuDocument *self,
                               GFile       *file)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  if (g_set_object (&self->sidecar_file, file))
    {
      /* The stamp was of the file before. */
      g_clear_pointer (&self->sidecar_stamp, shu_file_stamp_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SIDECAR_FILE]);
    }
}

const ShuFileStamp *
shu_document_get_sidecar_stamp (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->sidecar_stamp;
}

void
shu_document_set_sidecar_stamp (ShuDocument        *self,
                                const ShuFileStamp *stamp)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));

  g_clear_pointer (&self->sidecar_stamp, shu_file_stamp_free);
  if (stamp != NULL)
    self->sidecar_stamp = shu_file_stamp_copy (stamp);
}

static void
release_worker (gpointer data,
                gpointer user_data)
{
  g_ptr_array_unref (data);
}

/* Drops @annotations in a worker thread: a save replaces the base on the
 * main thread, and letting go of 200k references there blocked it for
 * milliseconds (tests/bench/shu-bench-model, "save_async: main loop
 * blocked"). */
static void
release_later (GPtrArray *annotations)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (release_worker, NULL, 1, FALSE, NULL));
  g_thread_pool_push (pool, annotations, NULL);
}

void
shu_document_set_sidecar_base (ShuDocument *self,
                               ShuLabelSet *labels,
                               GPtrArray   *annotations)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (SHU_IS_LABEL_SET (labels));
  g_return_if_fail (annotations != NULL);

  /* A label set changes in place with the store that holds it. */
  g_clear_object (&self->base_labels);
  self->base_labels = shu_label_set_copy (labels);
  g_clear_pointer (&self->base_annotations, release_later);
  self->base_annotations = g_ptr_array_ref (annotations);
}

ShuDocument *
shu_document_dup_sidecar_base (ShuDocument *self)
{
  g_autoptr(ShuLabelSet) labels = NULL;
  ShuDocument *base;

  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);

  if (self->base_annotations == NULL)
    return NULL;
  labels = shu_label_set_copy (self->base_labels);
  base = shu_document_new (self->source, labels);
  shu_annotation_store_reset (base->store, self->base_annotations, NULL);
  shu_document_set_source_name (base, self->source_name);
  shu_document_set_sidecar_file (base, self->sidecar_file);
  return base;
}

void
shu_document_copy_sidecar_state (ShuDocument *self,
                                 ShuDocument *other)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (SHU_IS_DOCUMENT (other));

  shu_document_set_sidecar_stamp (self, other->sidecar_stamp);
  g_clear_object (&self->base_labels);
  g_clear_pointer (&self->base_annotations, release_later);
  if (other->base_annotations != NULL)
    {
      self->base_labels = g_object_ref (other->base_labels);
      self->base_annotations = g_ptr_array_ref (other->base_annotations);
    }
}

const char *
shu_document_get_source_name (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->source_name;
}

void
shu_document_set_source_name (ShuDocument *self,
                              const char  *name)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (set_str (&self->source_name, name))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE_NAME]);
}

const char *
shu_document_get_id (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->id;
}

const char *
shu_document_get_title (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->title;
}

void
shu_document_set_title (ShuDocument *self,
                        const char  *title)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));

  if (title == NULL)
    title = self->source_name;
  if (set_str (&self->title, title))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
      shu_document_touch (self);
    }
}

const char *
shu_document_get_language (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->language;
}

const char *
shu_document_get_text_direction (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->text_direction;
}

GDateTime *
shu_document_get_created (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->created;
}

GDateTime *
shu_document_get_modified (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->modified;
}

GArray *
shu_document_get_rejected (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return shu_annotation_store_get_rejected (self->store);
}

gboolean
shu_document_reject (ShuDocument *self,
                     guint        start,
                     guint        end,
                     const char  *label_id)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), FALSE);

  /* A step of the annotations' history: undo offers it again, and Save
   * is offered (or not) as for any change. */
  if (!shu_annotation_store_reject (self->store, start, end, label_id, NULL))
    return FALSE;
  shu_document_touch (self);
  return TRUE;
}

void
shu_document_restore_rejections (ShuDocument         *self,
                                 const ShuSuggestion *rejections,
                                 guint                n_rejections)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));

  shu_annotation_store_restore_rejected (self->store, rejections, n_rejections);
}

GPtrArray *
shu_document_get_statuses (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->statuses;
}

/* @annotator's record, or NULL with *@at where one would go. */
static ShuStatusRecord *
find_status (ShuDocument *self,
             const char  *annotator,
             guint       *at)
{
  guint lo = 0, hi = self->statuses->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      ShuStatusRecord *record = g_ptr_array_index (self->statuses, mid);
      int order = strcmp (record->annotator, annotator);

      if (order == 0)
        return record;
      if (order < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  *at = lo;
  return NULL;
}

ShuAnnotatorStatus
shu_document_get_status (ShuDocument *self,
                         const char  *annotator)
{
  ShuStatusRecord *record;
  guint at;

  g_return_val_if_fail (SHU_IS_DOCUMENT (self), SHU_ANNOTATOR_NOT_STARTED);
  g_return_val_if_fail (annotator != NULL, SHU_ANNOTATOR_NOT_STARTED);

  record = find_status (self, annotator, &at);
  if (record != NULL)
    return record->status;
  /* Someone who annotated without ever saying so has begun. Asked after
   * every change: counted, not looked for among 50,000 annotations. */
  if (shu_annotation_store_count_creator (self->store, annotator) > 0)
    return SHU_ANNOTATOR_IN_PROGRESS;
  return SHU_ANNOTATOR_NOT_STARTED;
}

static void
put_status (ShuDocument        *self,
            const char         *annotator,
            ShuAnnotatorStatus  status,
            GDateTime          *modified)
{
  guint at = 0;
  ShuStatusRecord *record = find_status (self, annotator, &at);

  if (record == NULL)
    {
      record = g_new0 (ShuStatusRecord, 1);
      record->annotator = g_strdup (annotator);
      g_ptr_array_insert (self->statuses, at, record);
    }
  record->status = status;
  g_clear_pointer (&record->modified, g_date_time_unref);
  record->modified = g_date_time_ref (modified);
}

gboolean
shu_document_set_status (ShuDocument        *self,
                         const char         *annotator,
                         ShuAnnotatorStatus  status)
{
  g_autoptr(GDateTime) now = NULL;
  ShuStatusRecord *record;
  guint at;

  g_return_val_if_fail (SHU_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (annotator != NULL && annotator[0] != '\0', FALSE);
  g_return_val_if_fail (status < SHU_ANNOTATOR_N_STATUSES, FALSE);

  record = find_status (self, annotator, &at);
  if (record != NULL && record->status == status)
    return FALSE;
  now = shu_now_utc_seconds ();
  put_status (self, annotator, status, now);
  /* Saved in the sidecar: Save is offered for it. */
  shu_annotation_store_mark_unsaved (self->store);
  shu_document_touch (self);
  return TRUE;
}

gboolean
shu_document_restore_status (ShuDocument        *self,
                             const char         *annotator,
                             ShuAnnotatorStatus  status,
                             GDateTime          *modified)
{
  ShuStatusRecord *record;
  guint at;

  g_return_val_if_fail (SHU_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (annotator != NULL && annotator[0] != '\0', FALSE);
  g_return_val_if_fail (status < SHU_ANNOTATOR_N_STATUSES, FALSE);
  g_return_val_if_fail (modified != NULL, FALSE);

  record = find_status (self, annotator, &at);
  if (record != NULL && g_date_time_compare (record->modified, modified) >= 0)
    return FALSE;
  put_status (self, annotator, status, modified);
  return TRUE;
}

GPtrArray *
shu_document_get_orphans (ShuDocument *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  return self->orphans;
}

void
shu_document_add_orphan (ShuDocument           *self,
                         ShuAnnotation         *annotation,
                         const char * const    *quotes,
                         const ShuAnchorResult *result)
{
  guint n;

  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (SHU_IS_ANNOTATION (annotation));
  g_return_if_fail (quotes != NULL);
  g_return_if_fail (result != NULL);

  n = 3 * shu_annotation_get_n_ranges (annotation);
  g_return_if_fail (g_strv_length ((char **) quotes) == n);

  g_ptr_array_add (self->orphans, anchor_result_copy (result));
  g_ptr_array_add (self->orphan_annotations, g_object_ref (annotation));
  g_ptr_array_add (self->orphan_quotes, g_strdupv ((char **) quotes));
}

ShuAnnotation *
shu_document_get_orphan_annotation (ShuDocument *self,
                                    guint        index)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (index < self->orphan_annotations->len, NULL);

  return g_ptr_array_index (self->orphan_annotations, index);
}

gboolean
shu_document_is_orphan_resolved (ShuDocument *self,
                                 guint        index)
{
  ShuAnnotation *orphan;

  g_return_val_if_fail (SHU_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (index < self->orphan_annotations->len, FALSE);

  orphan = g_ptr_array_index (self->orphan_annotations, index);
  return shu_annotation_store_lookup (self->store, shu_annotation_get_id (orphan)) != NULL;
}

void
shu_document_remove_orphan (ShuDocument *self,
                            guint        index)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (index < self->orphans->len);

  g_ptr_array_remove_index (self->orphans, index);
  g_ptr_array_remove_index (self->orphan_annotations, index);
  g_ptr_array_remove_index (self->orphan_quotes, index);
}

guint
shu_document_count_orphans (ShuDocument *self)
{
  guint n = 0;

  g_return_val_if_fail (SHU_IS_DOCUMENT (self), 0);

  for (guint i = 0; i < self->orphans->len; i++)
    {
      if (!shu_document_is_orphan_resolved (self, i))
        n++;
    }
  return n;
}

void
shu_document_get_orphan_quote (ShuDocument  *self,
                               guint         index,
                               guint         range,
                               const char  **prefix,
                               const char  **exact,
                               const char  **suffix)
{
  char **quotes;

  g_return_if_fail (SHU_IS_DOCUMENT (self));
  g_return_if_fail (index < self->orphan_quotes->len);

  quotes = g_ptr_array_index (self->orphan_quotes, index);
  g_return_if_fail (range < g_strv_length (quotes) / 3);

  if (prefix != NULL)
    *prefix = quotes[3 * range];
  if (exact != NULL)
    *exact = quotes[3 * range + 1];
  if (suffix != NULL)
    *suffix = quotes[3 * range + 2];
}

void
shu_document_restore_metadata (ShuDocument *self,
                               const char  *id,
                               const char  *title,
                               const char  *language,
                               const char  *text_direction,
                               GDateTime   *created,
                               GDateTime   *modified)
{
  g_return_if_fail (SHU_IS_DOCUMENT (self));

  if (id != NULL)
    set_str (&self->id, id);
  if (title != NULL && set_str (&self->title, title))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
  if (language != NULL)
    set_str (&self->language, language);
  if (text_direction != NULL)
    set_str (&self->text_direction, text_direction);
  if (created != NULL)
    {
      g_clear_pointer (&self->created, g_date_time_unref);
      self->created = g_date_time_ref (created);
    }
  if (modified != NULL)
    {
      g_clear_pointer (&self->modified, g_date_time_unref);
      self->modified = g_date_time_ref (modified);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
    }
}
