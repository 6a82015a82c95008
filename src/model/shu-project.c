/* SPDX-License-Identifier: GPL-3.0-or-later */
/* memmem(): in glibc, the BSDs and macOS, and POSIX since 2024. */
#define _GNU_SOURCE
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-places.h"
#include "shu-project-index.h"
#include "shu-project.h"
#include "shu-text.h"

/* ------------------------------------------------------------------ */
/* ShuProjectDocument                                                  */

struct _ShuProjectDocument
{
  GObject parent_instance;

  /* Owned */
  char        *name;
  GFile       *text_file;
  GFile       *sidecar_file;
  /* What the list shows, read from the files or from the index. */
  ShuIndexRecord *record;
  /* Guards @document, @loaded and @search: a document of the index is
   * read on first use, by whichever thread asks first. */
  GMutex       lock;
  gboolean     loaded;
  ShuDocument *document;
  GError      *error;
  guint        length;
  guint        n_annotations;
  /* Whether the annotations were read from a sidecar: a text without one
   * has the starter labels, which are nobody's choice. */
  gboolean     has_sidecar;
  /* document label id -> project label id */
  GHashTable  *label_map;
  /* project label id ("" for none) -> GUINT_TO_POINTER (count) */
  GHashTable  *label_counts;
  GPtrArray   *unmapped;
  GPtrArray   *annotators;
  ShuSearch   *search;
};

G_DEFINE_FINAL_TYPE (ShuProjectDocument, shu_project_document, G_TYPE_OBJECT)

enum
{
  DOC_PROP_0,
  DOC_PROP_NAME,
  DOC_PROP_LENGTH,
  DOC_PROP_N_ANNOTATIONS,
  DOC_PROP_N_ANNOTATORS,
  DOC_PROP_ERROR_MESSAGE,
  DOC_N_PROPS
};

static GParamSpec *document_properties[DOC_N_PROPS];

static void
shu_project_document_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ShuProjectDocument *self = SHU_PROJECT_DOCUMENT (object);

  switch (prop_id)
    {
    case DOC_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case DOC_PROP_LENGTH:
      g_value_set_uint (value, self->length);
      break;
    case DOC_PROP_N_ANNOTATIONS:
      g_value_set_uint (value, self->n_annotations);
      break;
    case DOC_PROP_N_ANNOTATORS:
      g_value_set_uint (value, self->annotators->len);
      break;
    case DOC_PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error != NULL ? self->error->message : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_project_document_finalize (GObject *object)
{
  ShuProjectDocument *self = SHU_PROJECT_DOCUMENT (object);

  g_free (self->name);
  g_clear_pointer (&self->record, shu_index_record_free);
  g_mutex_clear (&self->lock);
  g_clear_object (&self->text_file);
  g_clear_object (&self->sidecar_file);
  g_clear_object (&self->document);
  g_clear_error (&self->error);
  g_clear_pointer (&self->label_map, g_hash_table_unref);
  g_clear_pointer (&self->label_counts, g_hash_table_unref);
  g_clear_pointer (&self->unmapped, g_ptr_array_unref);
  g_clear_pointer (&self->annotators, g_ptr_array_unref);
  g_clear_object (&self->search);

  G_OBJECT_CLASS (shu_project_document_parent_class)->finalize (object);
}

static void
shu_project_document_class_init (ShuProjectDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_project_document_finalize;
  object_class->get_property = shu_project_document_get_property;

  /* Read-only: a document of the list never changes. They are properties
   * so that a view can sort and filter the list with GtkPropertyExpression
   * (GtkSortListModel, GtkFilterListModel). */
  document_properties[DOC_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  document_properties[DOC_PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  document_properties[DOC_PROP_N_ANNOTATIONS] =
    g_param_spec_uint ("n-annotations", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  document_properties[DOC_PROP_N_ANNOTATORS] =
    g_param_spec_uint ("n-annotators", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  document_properties[DOC_PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, DOC_N_PROPS, document_properties);
}

static void
shu_project_document_init (ShuProjectDocument *self)
{
  self->label_map = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->label_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->unmapped = g_ptr_array_new_with_free_func (g_object_unref);
  self->annotators = g_ptr_array_new_with_free_func (g_free);
  g_mutex_init (&self->lock);
}

const char *
shu_project_document_get_name (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  return self->name;
}

GFile *
shu_project_document_get_text_file (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  return self->text_file;
}

GFile *
shu_project_document_get_sidecar_file (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  return self->sidecar_file;
}

ShuDocument *
shu_project_document_get_document (ShuProjectDocument *self)
{
  ShuDocument *document;

  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);

  g_mutex_lock (&self->lock);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      /* A search read the text already: its annotations are placed on
       * that text rather than on a second copy of it. */
      if (self->search != NULL && self->record->has_sidecar && self->sidecar_file != NULL)
        {
          g_autoptr(ShuDocumentLoader) loader =
            shu_document_loader_new_for_sidecar (self->sidecar_file);

          shu_document_loader_set_source (loader, shu_search_get_source (self->search));
          self->document = shu_document_loader_load (loader, NULL, NULL);
        }
      if (self->document == NULL && self->record->readable && self->text_file != NULL)
        {
          g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new_for_text (self->text_file);

          /* Changed since the scan, it is read as it is now; the list
           * keeps the scan's figures until the next scan. */
          self->document = shu_document_loader_load (loader, NULL, NULL);
        }
    }
  document = self->document;
  g_mutex_unlock (&self->lock);
  return document;
}

gboolean
shu_project_document_is_readable (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), FALSE);
  return self->record->readable;
}

gboolean
shu_project_document_may_contain (ShuProjectDocument *self,
                                  const char         *folded_query)
{
  const char *folded;
  gsize size;

  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), FALSE);
  g_return_val_if_fail (folded_query != NULL, FALSE);

  if (!self->record->readable)
    return FALSE;
  if (self->record->folded == NULL || folded_query[0] == '\0')
    return TRUE;
  folded = g_bytes_get_data (self->record->folded, &size);
  return memmem (folded, size, folded_query, strlen (folded_query)) != NULL;
}

const GError *
shu_project_document_get_error (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  return self->error;
}

guint
shu_project_document_get_length (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), 0);
  return self->length;
}

guint
shu_project_document_get_n_annotations (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), 0);
  return self->n_annotations;
}

guint
shu_project_document_count_label (ShuProjectDocument *self,
                                  const char         *label_id)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->label_counts,
                                                label_id != NULL ? label_id : ""));
}

const char *
shu_project_document_map_label_id (ShuProjectDocument *self,
                                   const char         *label_id)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  if (label_id == NULL)
    return NULL;
  return g_hash_table_lookup (self->label_map, label_id);
}

ShuSearch *
shu_project_document_get_search (ShuProjectDocument *self)
{
  ShuSearch *search;

  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);

  g_mutex_lock (&self->lock);
  if (self->search == NULL && self->document != NULL)
    self->search = shu_search_new (shu_document_get_source (self->document));
  else if (self->search == NULL && self->record->readable && self->text_file != NULL)
    {
      /* A search needs the text only: its annotations are not read. */
      g_autoptr(ShuSource) source = shu_source_new_from_file (self->text_file,
                                                              SHU_ENCODING_AUTO, NULL, NULL);

      if (source != NULL)
        self->search = shu_search_new (source);
    }
  search = self->search;
  g_mutex_unlock (&self->lock);
  return search;
}

GPtrArray *
shu_project_document_get_unmapped_labels (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  return self->unmapped;
}

GPtrArray *
shu_project_document_get_annotators (ShuProjectDocument *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_DOCUMENT (self), NULL);
  return self->annotators;
}

/* ------------------------------------------------------------------ */
/* ShuProject                                                          */

/* What a scan makes, handed over whole so that a cancelled or failed scan
 * leaves the project as it was. */
typedef struct
{
  GPtrArray   *entries;
  ShuLabelSet *labels;
  gboolean     has_codebook;
  GError      *codebook_error;
  char        *text_direction;
  char        *language;
  /* How many documents were read from their files. */
  guint        n_read;
  /* The folders walked (element-type GFile), for watching them. */
  GPtrArray   *folders;
} ScanResult;

static void
scan_result_free (ScanResult *result)
{
  g_clear_pointer (&result->entries, g_ptr_array_unref);
  g_clear_object (&result->labels);
  g_clear_error (&result->codebook_error);
  g_free (result->text_direction);
  g_free (result->language);
  g_clear_pointer (&result->folders, g_ptr_array_unref);
  g_free (result);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ScanResult, scan_result_free)

struct _ShuProject
{
  GObject parent_instance;

  /* Owned */
  GFile        *folder;
  /* For a project of files: them, else NULL. */
  GPtrArray    *files;
  ScanResult   *result;
  /* Unmapped labels of all documents by id, for their names. */
  GHashTable   *other_labels;
  ShuProjectScanPhase phase;
  guint         n_found;
  double        fraction;
  /* Progress of older scans arriving late is dropped. */
  guint         generation;

  /* Watching the folders after an asynchronous scan: folder path ->
   * GFileMonitor, the pending rescan, and whether one is running. */
  GHashTable   *monitors;
  GCancellable *watch_cancellable;
  guint         rescan_id;
  gboolean      rescanning;
  gboolean      rescan_again;
};

static void shu_project_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ShuProject, shu_project, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      shu_project_list_model_init))

enum
{
  PROP_0,
  PROP_FOLDER,
  PROP_PHASE,
  PROP_N_FOUND,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static GType
shu_project_get_item_type (GListModel *model)
{
  return SHU_TYPE_PROJECT_DOCUMENT;
}

static guint
shu_project_get_n_items (GListModel *model)
{
  ShuProject *self = SHU_PROJECT (model);

  return self->result != NULL ? self->result->entries->len : 0;
}

static gpointer
shu_project_get_item (GListModel *model,
                      guint       position)
{
  ShuProject *self = SHU_PROJECT (model);

  if (self->result == NULL || position >= self->result->entries->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->result->entries, position));
}

static void
shu_project_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = shu_project_get_item_type;
  iface->get_n_items = shu_project_get_n_items;
  iface->get_item = shu_project_get_item;
}

static void stop_watching (ShuProject *self);

static void
shu_project_dispose (GObject *object)
{
  ShuProject *self = SHU_PROJECT (object);

  stop_watching (self);
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  g_cancellable_cancel (self->watch_cancellable);

  G_OBJECT_CLASS (shu_project_parent_class)->dispose (object);
}

static void
shu_project_finalize (GObject *object)
{
  ShuProject *self = SHU_PROJECT (object);

  g_clear_pointer (&self->monitors, g_hash_table_unref);
  g_clear_object (&self->watch_cancellable);

  g_clear_object (&self->folder);
  g_clear_pointer (&self->files, g_ptr_array_unref);
  g_clear_pointer (&self->result, scan_result_free);
  g_clear_pointer (&self->other_labels, g_hash_table_unref);

  G_OBJECT_CLASS (shu_project_parent_class)->finalize (object);
}

static void
shu_project_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ShuProject *self = SHU_PROJECT (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    case PROP_PHASE:
      g_value_set_int (value, self->phase);
      break;
    case PROP_N_FOUND:
      g_value_set_uint (value, self->n_found);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_project_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ShuProject *self = SHU_PROJECT (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_project_class_init (ShuProjectClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = shu_project_dispose;
  object_class->finalize = shu_project_finalize;
  object_class->get_property = shu_project_get_property;
  object_class->set_property = shu_project_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHASE] =
    g_param_spec_int ("phase", NULL, NULL, SHU_PROJECT_SCAN_IDLE, SHU_PROJECT_SCAN_DONE,
                      SHU_PROJECT_SCAN_IDLE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FOUND] =
    g_param_spec_uint ("n-found", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_project_init (ShuProject *self)
{
  self->other_labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  self->monitors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->watch_cancellable = g_cancellable_new ();
}

ShuProject *
shu_project_new (GFile *folder)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  return g_object_new (SHU_TYPE_PROJECT, "folder", folder, NULL);
}

ShuProject *
shu_project_new_for_files (GFile **files,
                           guint   n_files)
{
  g_autoptr(GFile) here = g_file_new_for_path (".");
  ShuProject *self;

  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  self = shu_project_new (here);
  self->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (self->files, g_object_ref (files[i]));
  return self;
}

GFile *
shu_project_get_folder (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), NULL);
  return self->folder;
}

ShuProjectScanPhase
shu_project_get_phase (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), SHU_PROJECT_SCAN_IDLE);
  return self->phase;
}

guint
shu_project_get_n_found (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), 0);
  return self->n_found;
}

double
shu_project_get_fraction (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), 0.0);
  return self->fraction;
}

ShuLabelSet *
shu_project_get_labels (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), NULL);
  return self->result != NULL ? self->result->labels : NULL;
}

gboolean
shu_project_has_codebook (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), FALSE);
  return self->result != NULL && self->result->has_codebook;
}

const GError *
shu_project_get_codebook_error (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), NULL);
  return self->result != NULL ? self->result->codebook_error : NULL;
}

ShuLabel *
shu_project_lookup_label (ShuProject *self,
                          const char *label_id)
{
  ShuLabel *label;

  g_return_val_if_fail (SHU_IS_PROJECT (self), NULL);

  if (label_id == NULL || self->result == NULL)
    return NULL;
  label = shu_label_set_lookup (self->result->labels, label_id);
  return label != NULL ? label : g_hash_table_lookup (self->other_labels, label_id);
}

const char *
shu_project_get_text_direction (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), "ltr");
  return self->result != NULL ? self->result->text_direction : "ltr";
}

const char *
shu_project_get_language (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), NULL);
  return self->result != NULL ? self->result->language : NULL;
}

static void
load_one (gpointer data,
          gpointer user_data)
{
  ShuProjectDocument *entry = data;
  GCancellable *cancellable = user_data;

  if (!g_cancellable_is_cancelled (cancellable))
    shu_project_document_get_document (entry);
  g_object_unref (entry);
}

gboolean
shu_project_load_documents (ShuProject    *self,
                            GCancellable  *cancellable,
                            GError       **error)
{
  GListModel *list;
  GThreadPool *pool = NULL;

  g_return_val_if_fail (SHU_IS_PROJECT (self), FALSE);

  list = G_LIST_MODEL (self);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      ShuProjectDocument *entry = g_list_model_get_item (list, i);
      gboolean loaded;

      g_mutex_lock (&entry->lock);
      loaded = entry->loaded;
      g_mutex_unlock (&entry->lock);
      if (loaded)
        {
          g_object_unref (entry);
          continue;
        }
      /* Read as a scan reads them: a thread per processor. */
      if (pool == NULL)
        pool = g_thread_pool_new (load_one, cancellable, CLAMP (g_get_num_processors (), 1, 8),
                                  FALSE, NULL);
      g_thread_pool_push (pool, entry, NULL);
    }
  if (pool != NULL)
    g_thread_pool_free (pool, FALSE, TRUE);
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

guint
shu_project_get_n_read (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), 0);
  return self->result != NULL ? self->result->n_read : 0;
}

GFile *
shu_project_dup_index_file (ShuProject *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT (self), NULL);
  return self->files == NULL ? shu_project_index_dup_file (self->folder) : NULL;
}

gboolean
shu_project_is_folder (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  return g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY;
}

/* ------------------------------------------------------------------ */
/* Progress                                                            */

typedef struct
{
  ShuProject          *project;
  guint                generation;
  ShuProjectScanPhase  phase;
  guint                n_found;
  double               fraction;
} Progress;

static void
apply_progress (ShuProject          *self,
                ShuProjectScanPhase  phase,
                guint                n_found,
                double               fraction)
{
  g_object_freeze_notify (G_OBJECT (self));
  if (self->phase != phase)
    {
      self->phase = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  if (self->n_found != n_found)
    {
      self->n_found = n_found;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FOUND]);
    }
  if (self->fraction != fraction)
    {
      self->fraction = fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static gboolean
progress_cb (gpointer data)
{
  Progress *progress = data;

  /* A finished or newer scan has said its last word already. */
  if (progress->generation == progress->project->generation
      && progress->project->phase != SHU_PROJECT_SCAN_DONE)
    apply_progress (progress->project, progress->phase, progress->n_found, progress->fraction);
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->project);
  g_free (progress);
}

typedef struct
{
  ShuProject   *project;
  GMainContext *context;      /* NULL: a sync scan, progress applied directly */
  guint         generation;
  gint64        last_report;  /* monotonic µs */
  GHashTable   *visited;      /* folder ids */
  GPtrArray    *texts;        /* (element-type Found) */
  GPtrArray    *folders;      /* (element-type GFile): the folders walked */
  char         *real_root;    /* the project folder's real path, ending in '/' */
} Scan;

typedef struct
{
  GFile *file;
  char  *name;
  /* Given as a sidecar (a project of files). */
  gboolean is_sidecar;
  /* A sidecar without its text: the error to list it with. */
  GError *error;
  /* What the index has of it, if anything: used only when its files are
   * still what they were. */
  ShuIndexRecord *cached;
} Found;

static void
found_free (Found *found)
{
  g_clear_object (&found->file);
  g_free (found->name);
  g_clear_error (&found->error);
  g_clear_pointer (&found->cached, shu_index_record_free);
  g_free (found);
}

static void
scan_clear (Scan *scan)
{
  g_clear_object (&scan->project);
  g_clear_pointer (&scan->context, g_main_context_unref);
  g_clear_pointer (&scan->visited, g_hash_table_unref);
  g_clear_pointer (&scan->texts, g_ptr_array_unref);
  g_clear_pointer (&scan->folders, g_ptr_array_unref);
  g_clear_pointer (&scan->real_root, g_free);
}

static void
announce (Scan                *scan,
          ShuProjectScanPhase  phase,
          double               fraction,
          gboolean             force)
{
  gint64 now = g_get_monotonic_time ();
  Progress *progress;
  g_autoptr(GSource) idle = NULL;

  /* Fifty updates a second are plenty for a progress bar, and 50,000
   * files must not flood the main loop. */
  if (!force && now - scan->last_report < G_USEC_PER_SEC / 50)
    return;
  scan->last_report = now;

  if (scan->context == NULL)
    {
      apply_progress (scan->project, phase, scan->texts->len, fraction);
      return;
    }

  progress = g_new0 (Progress, 1);
  progress->project = g_object_ref (scan->project);
  progress->generation = scan->generation;
  progress->phase = phase;
  progress->n_found = scan->texts->len;
  progress->fraction = fraction;
  idle = g_idle_source_new ();
  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, progress_cb, progress, progress_free);
  g_source_set_static_name (idle, "[shulayim] project scan progress");
  g_source_attach (idle, scan->context);
}

/* ------------------------------------------------------------------ */
/* Walking the folders                                                 */

static gboolean
is_text_name (const char *name)
{
  gsize len = strlen (name);

  return len > 4 && g_ascii_strcasecmp (name + len - 4, ".txt") == 0;
}

static char *
child_name (const char *parent_name,
            const char *name)
{
  return parent_name[0] == '\0' ? g_strdup (name) : g_strconcat (parent_name, "/", name, NULL);
}

typedef struct
{
  GFile *folder;
  char  *name;
} Pending;

static void
pending_free (Pending *pending)
{
  g_object_unref (pending->folder);
  g_free (pending->name);
  g_free (pending);
}

/* Whether @file, a symbolic link, leads out of the project's folder. A
 * folder a colleague sends (a git repository, a tar archive) can hold a
 * link to anywhere: followed, a search would show and an export embed a
 * file that is not the project's. A link that leads nowhere stays in
 * (reading it says so). */
static gboolean
leads_out (Scan  *scan,
           GFile *file)
{
  g_autofree char *outside = NULL;

  if (scan->real_root == NULL)
    return FALSE;
  outside = shu_places_dup_outside (scan->real_root, file);
  return outside != NULL;
}

/* Lists one folder: its texts and stray sidecars into scan->texts, its
 * subfolders into @queue. A folder already walked (reached again through
 * a symbolic link) or one that cannot be read (below the top) is left
 * out. */
static gboolean
walk_folder (Scan         *scan,
             Pending      *pending,
             GQueue       *queue,
             GCancellable *cancellable,
             GError      **error)
{
  g_autoptr(GFileInfo) self_info = NULL;
  g_autoptr(GFileEnumerator) children = NULL;
  g_autoptr(GHashTable) texts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) sidecars = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  gboolean top = pending->name[0] == '\0';
  const char *id;

  self_info = g_file_query_info (pending->folder, G_FILE_ATTRIBUTE_ID_FILE,
                                 G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (self_info == NULL)
    {
      if (top || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  id = g_file_info_get_attribute_string (self_info, G_FILE_ATTRIBUTE_ID_FILE);
  if (id != NULL)
    {
      if (g_hash_table_contains (scan->visited, id))
        return TRUE;
      g_hash_table_add (scan->visited, g_strdup (id));
    }
  g_ptr_array_add (scan->folders, g_object_ref (pending->folder));

  children = g_file_enumerate_children (pending->folder,
                                        G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                        G_FILE_ATTRIBUTE_STANDARD_IS_SYMLINK,
                                        G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (children == NULL)
    {
      if (top || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }

  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;

      if (!g_file_enumerator_iterate (children, &info, NULL, cancellable, &local_error))
        {
          if (top || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          break;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      /* Hidden files and folders (".git", editors' files) are not texts. */
      if (name[0] == '.')
        continue;
      if (g_file_info_get_is_symlink (info))
        {
          g_autoptr(GFile) link = g_file_get_child (pending->folder, name);

          /* Listed with the reason rather than silently left out. */
          if (leads_out (scan, link))
            {
              Found *found = g_new0 (Found, 1);

              found->file = g_steal_pointer (&link);
              found->name = child_name (pending->name, name);
              found->error = g_error_new (SHU_ERROR, SHU_ERROR_INVALID,
                                          _("%s: a link to a place outside the project's "
                                            "folder, left out"), found->name);
              g_ptr_array_add (scan->texts, found);
              continue;
            }
        }

      switch (g_file_info_get_file_type (info))
        {
        case G_FILE_TYPE_DIRECTORY:
          {
            Pending *sub = g_new0 (Pending, 1);

            sub->folder = g_file_get_child (pending->folder, name);
            sub->name = child_name (pending->name, name);
            g_queue_push_tail (queue, sub);
          }
          break;
        case G_FILE_TYPE_REGULAR:
          if (is_text_name (name))
            {
              Found *found = g_new0 (Found, 1);

              found->file = g_file_get_child (pending->folder, name);
              found->name = child_name (pending->name, name);
              g_ptr_array_add (scan->texts, found);
              g_hash_table_add (texts, g_strdup (name));
            }
          else if (g_str_has_suffix (name, SHU_SIDECAR_SUFFIX))
            g_ptr_array_add (sidecars, g_strdup (name));
          break;
        default:
          break;
        }
      announce (scan, SHU_PROJECT_SCAN_FILES, 0.0, FALSE);
    }

  /* Sidecars whose text is not beside them are listed, with the reason,
   * rather than silently left out: someone's work is in them. */
  for (guint i = 0; i < sidecars->len; i++)
    {
      const char *name = g_ptr_array_index (sidecars, i);
      g_autofree char *text_name = g_strndup (name, strlen (name) - strlen (SHU_SIDECAR_SUFFIX));
      Found *found;

      if (g_hash_table_contains (texts, text_name) || text_name[0] == '\0'
          || !is_text_name (text_name))
        continue;
      found = g_new0 (Found, 1);
      found->file = g_file_get_child (pending->folder, name);
      found->name = child_name (pending->name, name);
      found->error = g_error_new (SHU_ERROR, SHU_ERROR_NOT_FOUND,
                                  _("%s: its text %s is not in the folder"), found->name,
                                  text_name);
      g_ptr_array_add (scan->texts, found);
    }

  return TRUE;
}

static gboolean
walk (Scan         *scan,
      GCancellable *cancellable,
      GError      **error)
{
  GQueue queue = G_QUEUE_INIT;
  Pending *top = g_new0 (Pending, 1);
  gboolean ok = TRUE;

  top->folder = g_object_ref (scan->project->folder);
  top->name = g_strdup ("");
  g_queue_push_tail (&queue, top);
  g_clear_pointer (&scan->real_root, g_free);
  scan->real_root = shu_places_dup_real_folder (scan->project->folder);

  while (ok && !g_queue_is_empty (&queue))
    {
      Pending *pending = g_queue_pop_head (&queue);

      ok = walk_folder (scan, pending, &queue, cancellable, error);
      pending_free (pending);
    }
  g_queue_clear_full (&queue, (GDestroyNotify) pending_free);

  return ok;
}

static void
list_files (Scan *scan)
{
  GPtrArray *files = scan->project->files;

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      Found *found = g_new0 (Found, 1);

      found->file = g_object_ref (file);
      /* As the user would type it: relative to the current folder. */
      found->name = g_file_get_relative_path (scan->project->folder, file);
      if (found->name == NULL)
        found->name = shu_text_dup_file_name (file);
      found->is_sidecar = g_str_has_suffix (found->name, ".json");
      g_ptr_array_add (scan->texts, found);
    }
}

static int
found_compare (gconstpointer a,
               gconstpointer b)
{
  const Found *fa = *(const Found * const *) a;
  const Found *fb = *(const Found * const *) b;

  return strcmp (fa->name, fb->name);
}

/* ------------------------------------------------------------------ */
/* Reading the documents                                               */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* What the list and the index keep of a document just read: its labels,
 * its counts by its own label ids, its annotators, and its folded text. */
static void
take_record (ShuIndexRecord *record,
             ShuDocument    *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  GListModel *labels = G_LIST_MODEL (shu_annotation_store_get_labels (store));
  ShuSource *source = shu_document_get_source (document);
  g_autoptr(GHashTable) creators = g_hash_table_new (g_str_hash, g_str_equal);
  GHashTableIter iter;
  gpointer key;
  char *folded;

  record->readable = TRUE;
  record->length = shu_source_get_length (source);
  record->n_annotations = g_list_model_get_n_items (G_LIST_MODEL (store));
  record->direction = g_strdup (shu_document_get_text_direction (document));
  record->language = g_strdup (shu_document_get_language (document));
  folded = shu_search_fold (shu_source_get_text (source), SHU_PROJECT_FOLD_FLAGS);
  record->folded = g_bytes_new_take (folded, strlen (folded));

  /* A text without a sidecar has the starter labels, nobody's choice. */
  if (!record->has_sidecar)
    return;
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    g_ptr_array_add (record->labels, g_list_model_get_item (labels, i));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *label_id = shu_annotation_get_label_id (annotation);
      const char *creator = shu_annotation_get_creator (annotation);
      guint count;

      if (label_id == NULL)
        label_id = "";
      count = GPOINTER_TO_UINT (g_hash_table_lookup (record->counts, label_id));
      g_hash_table_insert (record->counts, g_strdup (label_id), GUINT_TO_POINTER (count + 1));
      if (creator != NULL && creator[0] != '\0')
        g_hash_table_add (creators, (gpointer) creator);
    }
  g_hash_table_iter_init (&iter, creators);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (record->annotators, g_strdup (key));
  g_ptr_array_sort (record->annotators, compare_strings);
}

static ShuProjectDocument *
read_document (Found        *found,
               GCancellable *cancellable,
               GError      **error)
{
  g_autoptr(ShuProjectDocument) entry = g_object_new (SHU_TYPE_PROJECT_DOCUMENT, NULL);
  g_autoptr(ShuDocumentLoader) loader = NULL;
  g_autoptr(GError) local_error = NULL;
  ShuIndexRecord *record;
  const GError *sidecar_error;

  entry->name = g_strdup (found->name);
  entry->record = record = shu_index_record_new (found->name);
  entry->loaded = TRUE;
  if (found->error != NULL)
    {
      /* A stray sidecar: listed under its own name. */
      entry->sidecar_file = g_object_ref (found->file);
      entry->error = g_error_copy (found->error);
      return g_steal_pointer (&entry);
    }

  if (found->is_sidecar)
    {
      loader = shu_document_loader_new_for_sidecar (found->file);
      entry->sidecar_file = g_object_ref (found->file);
    }
  else
    {
      g_autoptr(GFile) sidecar = shu_places_dup_sidecar_file_for_text (found->file);

      /* The stamps first: a file changed while it is read then shows as
       * changed next time, and is read again. */
      record->text_stamp = shu_file_stamp_read (found->file, cancellable, NULL);
      record->sidecar_path = g_file_get_path (sidecar);
      record->sidecar_stamp = shu_file_stamp_read (sidecar, cancellable, NULL);
      loader = shu_document_loader_new_for_text (found->file);
      entry->text_file = g_object_ref (found->file);
    }
  entry->document = shu_document_loader_load (loader, cancellable, &local_error);
  if (entry->sidecar_file == NULL && shu_document_loader_get_sidecar_file (loader) != NULL)
    entry->sidecar_file = g_object_ref (shu_document_loader_get_sidecar_file (loader));
  if (entry->document == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      entry->error = g_steal_pointer (&local_error);
      record->error = g_error_copy (entry->error);
      return g_steal_pointer (&entry);
    }

  sidecar_error = shu_document_loader_get_sidecar_error (loader);
  if (found->is_sidecar)
    record->has_sidecar = TRUE;
  else if (sidecar_error != NULL)
    {
      entry->error = g_error_copy (sidecar_error);
      record->error = g_error_copy (sidecar_error);
    }
  else
    record->has_sidecar = record->sidecar_stamp != NULL;
  take_record (record, entry->document);
  entry->has_sidecar = record->has_sidecar;
  entry->length = record->length;
  entry->n_annotations = record->n_annotations;
  return g_steal_pointer (&entry);
}

/* Whether @record's stamps still vouch for @text and its sidecar: their
 * metadata unchanged, or (read again) their bytes; a sidecar that was not
 * there still is not. Sets @refreshed when a stamp took new metadata
 * (a file touched, not changed), so that the index is written again. */
static gboolean
is_still_valid (ShuIndexRecord *record,
                GFile          *text,
                GCancellable   *cancellable,
                gboolean       *refreshed)
{
  g_autoptr(GFile) sidecar = NULL;
  g_autofree char *sidecar_path = NULL;
  g_autoptr(ShuFileStamp) text_before = NULL;

  if (record->text_stamp == NULL)
    return FALSE;
  text_before = shu_file_stamp_copy (record->text_stamp);
  if (shu_file_stamp_check (record->text_stamp, text, cancellable) != SHU_FILE_SAME)
    return FALSE;
  if (!shu_file_stamp_equal (text_before, record->text_stamp))
    *refreshed = TRUE;

  sidecar = shu_places_dup_sidecar_file_for_text (text);
  sidecar_path = g_file_get_path (sidecar);
  if (g_strcmp0 (sidecar_path, record->sidecar_path) != 0)
    return FALSE;
  if (record->sidecar_stamp == NULL)
    return !g_file_query_exists (sidecar, cancellable);
  {
    g_autoptr(ShuFileStamp) before = shu_file_stamp_copy (record->sidecar_stamp);

    if (shu_file_stamp_check (record->sidecar_stamp, sidecar, cancellable) != SHU_FILE_SAME)
      return FALSE;
    if (!shu_file_stamp_equal (before, record->sidecar_stamp))
      *refreshed = TRUE;
  }
  return TRUE;
}

/* A document of the list from the index: its text and annotations are
 * read when first asked for (shu_project_document_get_document()). */
static ShuProjectDocument *
cached_document (Found          *found,
                 ShuIndexRecord *record)
{
  ShuProjectDocument *entry = g_object_new (SHU_TYPE_PROJECT_DOCUMENT, NULL);

  entry->name = g_strdup (found->name);
  entry->text_file = g_object_ref (found->file);
  entry->sidecar_file = record->sidecar_path != NULL
                        ? g_file_new_for_path (record->sidecar_path) : NULL;
  entry->record = record;
  entry->error = record->error != NULL ? g_error_copy (record->error) : NULL;
  entry->has_sidecar = record->has_sidecar;
  entry->length = record->length;
  entry->n_annotations = record->n_annotations;
  return entry;
}

/* The documents are read by as many threads as there are processors: a
 * document costs about 2 ms of processor time (text, sidecar, anchoring),
 * which one thread makes 2 s at 1,000 texts. */
typedef struct
{
  Scan                *scan;
  GCancellable        *cancellable;
  ShuProjectDocument **entries;
  GMutex               lock;
  GCond                cond;
  guint                n_done;
  /* Read from their files, not taken from the index. */
  guint                n_read;
  /* A stamp of the index took new metadata. */
  gboolean             refreshed;
  GError              *error;
} Reading;

static void
read_one (gpointer data,
          gpointer user_data)
{
  Reading *reading = user_data;
  guint i = GPOINTER_TO_UINT (data) - 1;
  Found *found = g_ptr_array_index (reading->scan->texts, i);
  ShuIndexRecord *cached = g_steal_pointer (&found->cached);
  ShuProjectDocument *entry = NULL;
  GError *error = NULL;
  gboolean refreshed = FALSE;

  /* After a failure the others are only counted. */
  if (g_cancellable_set_error_if_cancelled (reading->cancellable, &error))
    g_clear_pointer (&cached, shu_index_record_free);
  else if (cached != NULL && is_still_valid (cached, found->file, reading->cancellable,
                                             &refreshed))
    entry = cached_document (found, g_steal_pointer (&cached));
  else
    {
      g_clear_pointer (&cached, shu_index_record_free);
      entry = read_document (found, reading->cancellable, &error);
    }

  g_mutex_lock (&reading->lock);
  reading->entries[i] = entry;
  /* A stray sidecar is listed without reading anything. */
  if (entry != NULL && entry->loaded && found->error == NULL)
    reading->n_read++;
  reading->refreshed |= refreshed;
  if (error != NULL && reading->error == NULL)
    reading->error = g_steal_pointer (&error);
  reading->n_done++;
  g_cond_signal (&reading->cond);
  g_mutex_unlock (&reading->lock);
  g_clear_error (&error);
}

static gboolean
read_documents (Scan          *scan,
                GPtrArray     *entries,
                guint         *n_read,
                gboolean      *refreshed,
                GCancellable  *cancellable,
                GError       **error)
{
  guint n = scan->texts->len;
  Reading reading = { scan, cancellable, g_new0 (ShuProjectDocument *, MAX (n, 1)) };
  GThreadPool *pool;
  gboolean ok;

  g_mutex_init (&reading.lock);
  g_cond_init (&reading.cond);
  pool = g_thread_pool_new (read_one, &reading, CLAMP (g_get_num_processors (), 1, 8), FALSE,
                            NULL);
  for (guint i = 0; i < n; i++)
    g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);

  g_mutex_lock (&reading.lock);
  while (reading.n_done < n)
    {
      double fraction;

      g_cond_wait (&reading.cond, &reading.lock);
      fraction = (double) reading.n_done / n;
      g_mutex_unlock (&reading.lock);
      announce (scan, SHU_PROJECT_SCAN_DOCUMENTS, fraction, FALSE);
      g_mutex_lock (&reading.lock);
    }
  g_mutex_unlock (&reading.lock);
  g_thread_pool_free (pool, FALSE, TRUE);

  ok = reading.error == NULL;
  *n_read = reading.n_read;
  *refreshed = reading.refreshed;
  if (!ok)
    g_propagate_error (error, reading.error);
  for (guint i = 0; i < n; i++)
    {
      if (ok)
        g_ptr_array_add (entries, reading.entries[i]);
      else
        g_clear_object (&reading.entries[i]);
    }
  g_free (reading.entries);
  g_mutex_clear (&reading.lock);
  g_cond_clear (&reading.cond);
  return ok;
}

/* Maps @entry's labels onto @labels (the code book, or without one the
 * labels gathered so far, which then grow by the ones not there), and
 * counts its annotations per label, from what was read or indexed. */
static void
map_document (ShuProjectDocument *entry,
              ShuLabelSet        *labels,
              gboolean            grow,
              GHashTable         *other_labels)
{
  ShuIndexRecord *record = entry->record;
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; i < record->annotators->len; i++)
    g_ptr_array_add (entry->annotators, g_strdup (g_ptr_array_index (record->annotators, i)));
  if (!record->readable || !record->has_sidecar)
    return;

  for (guint i = 0; i < record->labels->len; i++)
    {
      ShuLabel *label = g_ptr_array_index (record->labels, i);
      ShuLabel *mapped = shu_codebook_map_label (labels, label, NULL);
      const char *id = shu_label_get_id (label);

      if (mapped == NULL && grow && shu_label_set_append (labels, label))
        mapped = label;
      if (mapped == NULL)
        {
          g_ptr_array_add (entry->unmapped, g_object_ref (label));
          if (!g_hash_table_contains (other_labels, id))
            g_hash_table_insert (other_labels, (gpointer) id, g_object_ref (label));
          g_hash_table_insert (entry->label_map, g_strdup (id), g_strdup (id));
        }
      else
        g_hash_table_insert (entry->label_map, g_strdup (id),
                             g_strdup (shu_label_get_id (mapped)));
    }

  g_hash_table_iter_init (&iter, record->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *label_id = key;
      const char *mapped = label_id[0] != '\0' ? g_hash_table_lookup (entry->label_map, label_id)
                                               : "";
      guint count;

      /* An annotation whose label the set lacks counts under its own id. */
      if (mapped == NULL)
        mapped = label_id;
      count = GPOINTER_TO_UINT (g_hash_table_lookup (entry->label_counts, mapped));
      g_hash_table_insert (entry->label_counts, g_strdup (mapped),
                           GUINT_TO_POINTER (count + GPOINTER_TO_UINT (value)));
    }
}

/* The value most documents have, ties broken by the first seen. */
static char *
dup_majority (GPtrArray *entries,
              gboolean   direction)
{
  g_autoptr(GHashTable) votes = g_hash_table_new (g_str_hash, g_str_equal);
  const char *best = NULL;
  guint best_votes = 0;

  for (guint i = 0; i < entries->len; i++)
    {
      ShuProjectDocument *entry = g_ptr_array_index (entries, i);
      const char *value;
      guint n;

      if (!entry->record->readable)
        continue;
      value = direction ? entry->record->direction : entry->record->language;
      if (value == NULL)
        continue;
      n = GPOINTER_TO_UINT (g_hash_table_lookup (votes, value)) + 1;
      g_hash_table_insert (votes, (gpointer) value, GUINT_TO_POINTER (n));
      if (n > best_votes)
        {
          best = value;
          best_votes = n;
        }
    }

  if (best == NULL && direction)
    return g_strdup ("ltr");
  return g_strdup (best);
}

static ScanResult *
run_scan (Scan         *scan,
          GCancellable *cancellable,
          GError      **error)
{
  g_autoptr(ScanResult) result = g_new0 (ScanResult, 1);
  g_autoptr(GFile) codebook_file = NULL;
  g_autoptr(GHashTable) other_labels = NULL;
  g_autoptr(GHashTable) cached = NULL;
  g_autoptr(GFile) index_file = NULL;
  ShuProject *self = scan->project;
  gboolean refreshed = FALSE;

  announce (scan, SHU_PROJECT_SCAN_FILES, 0.0, TRUE);
  if (self->files != NULL)
    list_files (scan);
  else if (!walk (scan, cancellable, error))
    return NULL;
  else
    {
      g_autoptr(GError) index_error = NULL;

      g_ptr_array_sort (scan->texts, found_compare);
      /* The index is a cache: missing or damaged, every file is read and
       * it is written anew. */
      index_file = shu_project_index_dup_file (self->folder);
      cached = shu_project_index_load (index_file, &index_error);
      if (cached == NULL)
        g_debug ("Project index not used: %s", index_error->message);
      for (guint i = 0; cached != NULL && i < scan->texts->len; i++)
        {
          Found *found = g_ptr_array_index (scan->texts, i);
          gpointer record = NULL;

          if (found->error == NULL
              && g_hash_table_steal_extended (cached, found->name, NULL, &record))
            found->cached = record;
        }
    }

  /* A missing code book is no error: the labels come from the
   * documents. A damaged one is said, and the same happens. */
  codebook_file = g_file_get_child (self->folder, SHU_CODEBOOK_FILE_NAME);
  if (self->files == NULL)
    result->labels = shu_codebook_load (codebook_file, cancellable, &result->codebook_error);
  else
    result->codebook_error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "");
  if (result->labels == NULL)
    {
      if (g_error_matches (result->codebook_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&result->codebook_error));
          return NULL;
        }
      if (g_error_matches (result->codebook_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_clear_error (&result->codebook_error);
      result->labels = shu_label_set_new ();
    }
  else
    result->has_codebook = TRUE;

  result->entries = g_ptr_array_new_with_free_func (g_object_unref);
  other_labels = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
  if (!read_documents (scan, result->entries, &result->n_read, &refreshed, cancellable, error))
    return NULL;
  /* In list order, so that without a code book the labels are gathered
   * in the same order whatever order the files were read in. */
  for (guint i = 0; i < result->entries->len; i++)
    map_document (g_ptr_array_index (result->entries, i), result->labels,
                  !result->has_codebook, other_labels);

  /* Written again when a file was read, a stamp refreshed, or a text is
   * gone (its record was left in @cached). */
  if (index_file != NULL
      && (cached == NULL || result->n_read > 0 || refreshed || g_hash_table_size (cached) > 0))
    {
      g_autoptr(GPtrArray) records = g_ptr_array_new ();
      g_autoptr(GError) index_error = NULL;

      for (guint i = 0; i < result->entries->len; i++)
        {
          ShuProjectDocument *entry = g_ptr_array_index (result->entries, i);

          if (entry->record->text_stamp != NULL)
            g_ptr_array_add (records, entry->record);
        }
      if (!shu_project_index_save (index_file, records, &index_error))
        g_debug ("Project index not written: %s", index_error->message);
    }
  result->folders = g_steal_pointer (&scan->folders);

  result->text_direction = dup_majority (result->entries, TRUE);
  result->language = dup_majority (result->entries, FALSE);
  /* The documents' labels are borrowed by the table until handed over. */
  g_object_set_data_full (G_OBJECT (result->labels), "shu-other-labels",
                          g_steal_pointer (&other_labels), (GDestroyNotify) g_hash_table_unref);
  return g_steal_pointer (&result);
}

static gboolean
same_labels (ShuLabelSet *a,
             ShuLabelSet *b)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (a));

  if (n != g_list_model_get_n_items (G_LIST_MODEL (b)))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) x = g_list_model_get_item (G_LIST_MODEL (a), i);
      g_autoptr(ShuLabel) y = g_list_model_get_item (G_LIST_MODEL (b), i);

      if (!shu_label_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

/* Whether @fresh, of a new scan, is @old's text and sidecar as they were
 * when @old was read (or found in the index): then @old stays in the
 * list, its document read or not. */
static gboolean
same_document (ShuProjectDocument *old,
               ShuProjectDocument *fresh)
{
  return g_strcmp0 (old->name, fresh->name) == 0
         && old->error == NULL && fresh->error == NULL
         && old->record != NULL && fresh->record != NULL
         && old->record->text_stamp != NULL
         && shu_file_stamp_equal (old->record->text_stamp, fresh->record->text_stamp)
         && shu_file_stamp_equal (old->record->sidecar_stamp, fresh->record->sidecar_stamp);
}

/* Puts @result in place of the last scan's. The documents whose files did
 * not change stay the same objects and only the rows between the first
 * and the last change are said to have changed: a list on screen keeps
 * its selection and where it was scrolled to when one sidecar is saved. */
static void
apply_result (ShuProject *self,
              ScanResult *result)
{
  GHashTable *other_labels;
  GPtrArray *before = self->result != NULL ? self->result->entries : NULL;
  guint n_before = before != NULL ? before->len : 0;
  guint n_after = result->entries->len;
  guint first = 0, last = 0;
  gboolean keep = before != NULL && self->result->has_codebook == result->has_codebook
                  && same_labels (self->result->labels, result->labels);

  if (keep)
    {
      /* The same rows at the start, then at the end. */
      while (first < n_before && first < n_after
             && same_document (before->pdata[first], result->entries->pdata[first]))
        first++;
      while (last < n_before - first && last < n_after - first
             && same_document (before->pdata[n_before - 1 - last],
                               result->entries->pdata[n_after - 1 - last]))
        last++;
      for (guint i = 0; i < first; i++)
        {
          g_object_unref (result->entries->pdata[i]);
          result->entries->pdata[i] = g_object_ref (before->pdata[i]);
        }
      for (guint i = 0; i < last; i++)
        {
          g_object_unref (result->entries->pdata[n_after - 1 - i]);
          result->entries->pdata[n_after - 1 - i] = g_object_ref (before->pdata[n_before - 1 - i]);
        }
    }

  g_clear_pointer (&self->result, scan_result_free);
  self->result = result;
  other_labels = g_object_steal_data (G_OBJECT (result->labels), "shu-other-labels");
  g_clear_pointer (&self->other_labels, g_hash_table_unref);
  self->other_labels = other_labels;
  apply_progress (self, SHU_PROJECT_SCAN_DONE, self->n_found, 1.0);
  if (n_before - first - last > 0 || n_after - first - last > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, n_before - first - last,
                                n_after - first - last);
}

gboolean
shu_project_scan (ShuProject   *self,
                  GCancellable *cancellable,
                  GError      **error)
{
  Scan scan = { 0 };
  ScanResult *result;

  g_return_val_if_fail (SHU_IS_PROJECT (self), FALSE);

  scan.project = g_object_ref (self);
  scan.generation = ++self->generation;
  scan.visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan.folders = g_ptr_array_new_with_free_func (g_object_unref);
  scan.texts = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);
  result = run_scan (&scan, cancellable, error);
  apply_progress (self, SHU_PROJECT_SCAN_DONE, scan.texts->len, result != NULL ? 1.0 : 0.0);
  scan_clear (&scan);
  if (result == NULL)
    return FALSE;
  apply_result (self, result);
  return TRUE;
}

static void
scan_free (Scan *scan)
{
  scan_clear (scan);
  g_free (scan);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Scan *scan = task_data;
  GError *error = NULL;
  ScanResult *result = run_scan (scan, cancellable, &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) scan_result_free);
}

void
shu_project_scan_async (ShuProject          *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Scan *scan;

  g_return_if_fail (SHU_IS_PROJECT (self));

  scan = g_new0 (Scan, 1);
  scan->project = g_object_ref (self);
  scan->context = g_main_context_ref_thread_default ();
  scan->generation = ++self->generation;
  scan->visited = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  scan->folders = g_ptr_array_new_with_free_func (g_object_unref);
  scan->texts = g_ptr_array_new_with_free_func ((GDestroyNotify) found_free);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_project_scan_async);
  g_task_set_name (task, "[shulayim] project scan");
  g_task_set_task_data (task, scan, (GDestroyNotify) scan_free);
  /* The list is replaced only by finish(): a cancelled scan keeps it. */
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, scan_thread);
}

/* ------------------------------------------------------------------ */
/* Watching the folders                                                */

/* Changes come in bursts (a git pull, a sync client, a sidecar written
 * through a temporary file): the list is scanned again once they have
 * settled for this long. */
#define RESCAN_DELAY_MS 300

static void schedule_rescan (ShuProject *self);

static void
stop_watching (ShuProject *self)
{
  GHashTableIter iter;
  gpointer monitor;

  if (self->monitors == NULL)
    return;
  g_hash_table_iter_init (&iter, self->monitors);
  while (g_hash_table_iter_next (&iter, NULL, &monitor))
    {
      g_signal_handlers_disconnect_by_data (monitor, self);
      g_file_monitor_cancel (monitor);
    }
  g_hash_table_remove_all (self->monitors);
}

/* Whether a change of @file can change the list: a text, a sidecar, the
 * code book, or a folder (a name without a dot: a folder deleted can no
 * longer be asked what it was). Hidden files and the writers' temporary
 * files are not. */
static gboolean
is_watched_name (GFile *file)
{
  g_autofree char *name = file != NULL ? g_file_get_basename (file) : NULL;

  if (name == NULL || name[0] == '.')
    return FALSE;
  return is_text_name (name) || g_str_has_suffix (name, SHU_SIDECAR_SUFFIX)
         || strcmp (name, SHU_CODEBOOK_FILE_NAME) == 0 || strchr (name, '.') == NULL;
}

static void
folder_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   ShuProject        *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED
      || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;
  if (is_watched_name (file) || is_watched_name (other_file))
    schedule_rescan (self);
}

static void
rescanned_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ShuProject *self = SHU_PROJECT (object);
  g_autoptr(GError) error = NULL;

  if (!shu_project_scan_finish (self, result, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_debug ("Project not scanned again: %s", error->message);
  self->rescanning = FALSE;
  if (self->rescan_again && !g_cancellable_is_cancelled (self->watch_cancellable))
    {
      self->rescan_again = FALSE;
      schedule_rescan (self);
    }
}

static gboolean
rescan_cb (gpointer data)
{
  ShuProject *self = data;

  self->rescan_id = 0;
  /* One scan at a time: changes seen during it make one more after. */
  if (self->rescanning)
    {
      self->rescan_again = TRUE;
      return G_SOURCE_REMOVE;
    }
  self->rescanning = TRUE;
  shu_project_scan_async (self, self->watch_cancellable, rescanned_cb, NULL);
  return G_SOURCE_REMOVE;
}

static void
schedule_rescan (ShuProject *self)
{
  g_clear_handle_id (&self->rescan_id, g_source_remove);
  self->rescan_id = g_timeout_add (RESCAN_DELAY_MS, rescan_cb, self);
}

/* Watches the folders the last scan walked (and no others): a text
 * added, changed or deleted there, or its sidecar, scans the project
 * again, which reads only what changed (the index has the rest). */
static void
watch_folders (ShuProject *self,
               GPtrArray  *folders)
{
  g_autoptr(GHashTable) kept = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);

  for (guint i = 0; folders != NULL && i < folders->len; i++)
    {
      GFile *folder = g_ptr_array_index (folders, i);
      g_autofree char *key = g_file_get_uri (folder);
      gpointer old_key = NULL;
      gpointer monitor = NULL;

      if (g_hash_table_steal_extended (self->monitors, key, &old_key, &monitor))
        {
          g_free (old_key);
          g_hash_table_insert (kept, g_steal_pointer (&key), monitor);
          continue;
        }
      /* A folder that cannot be watched (out of inotify watches) is
       * still listed; it is scanned again with the others. */
      monitor = g_file_monitor_directory (folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
      if (monitor == NULL)
        continue;
      g_signal_connect (monitor, "changed", G_CALLBACK (folder_changed_cb), self);
      g_hash_table_insert (kept, g_steal_pointer (&key), monitor);
    }
  stop_watching (self);
  g_hash_table_unref (self->monitors);
  self->monitors = g_steal_pointer (&kept);
}

gboolean
shu_project_scan_finish (ShuProject   *self,
                         GAsyncResult *result,
                         GError      **error)
{
  ScanResult *scan_result;
  Scan *scan;

  g_return_val_if_fail (SHU_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  scan = g_task_get_task_data (G_TASK (result));
  scan_result = g_task_propagate_pointer (G_TASK (result), error);
  if (scan->generation == self->generation)
    apply_progress (self, SHU_PROJECT_SCAN_DONE, scan->texts->len,
                    scan_result != NULL ? 1.0 : self->fraction);
  if (scan_result == NULL)
    return FALSE;
  if (self->files == NULL && scan->generation == self->generation)
    watch_folders (self, scan_result->folders);
  apply_result (self, scan_result);
  return TRUE;
}
