/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sys/resource.h>

#include "shu-big-alloc.h"
#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-places.h"
#include "shu-sidecar.h"
#include "shu-suggest.h"

/* Opening a text whose sidecar is large, asynchronously: the sidecar is
 * read and parsed in one thread while the text is read in another (the
 * two files are read at the same time on two cores), and the annotations
 * are placed once both are in. "source-loaded" tells the caller as soon as
 * the text is read, so that a window can show it before its annotations.
 *
 * The sidecar's thread is a thread of its own, at a priority of LOAD_NICE.
 * It was 10, so that the first frame (the text alone) came first on busy
 * cores; but then every other program on the machine came first too: at a
 * load average of 3-6 the highlights of 5 MB + 50k came at 2.0-3.4 s
 * (medians of two batches, measured from outside) against 1.1-2.2 s at the
 * window's own priority, for a first frame up to a third later in one
 * batch of four (PERFORMANCE.md, tenth round). The highlights are what the
 * reader waits for. On Linux, nice is a property of each thread
 * (setpriority() on the calling thread), and a thread without privileges
 * cannot take it back: hence a thread that ends with the load rather than
 * one of GTask's pool, should the priority be lowered again. */
#define LOAD_NICE 0

/* Progress: reading the sidecar and reading the text are each this much
 * of a load; placing the annotations is the rest. */
#define SIDECAR_SHARE 0.4
#define TEXT_SHARE    0.4

/* Up to this many characters, a load asked for suggestions finds them in
 * its thread, after placing the annotations (a few milliseconds: the
 * essay's 30 took under 2 ms), so that the window shows them with the
 * highlights, in one frame, instead of laying out and drawing a second
 * one a moment later (PERFORMANCE.md). Longer texts (the 5 MB benchmark
 * text: 0.2-0.5 s) would hold the highlights back: their window finds
 * them afterwards, as it does after every change. */
#define SUGGEST_WITH_LOAD_CHARS 100000

struct _ShuDocumentLoader
{
  GObject               parent_instance;

  /* Owned, set before loading */
  GFile                *file;
  GFile                *source_file;
  ShuSource            *given_source;
  gboolean              is_sidecar;
  gboolean              started;
  gboolean              find_suggestions;

  /* Started early (shu_document_loader_start_early()): the load runs
   * before anyone asked for its result; the one who does adopts it. */
  gboolean              early;
  GCancellable         *early_cancellable;
  ShuDocument          *early_document;   /* the result, once the load */
  GError               *early_error;      /* ... ended: one of these */
  GTask                *early_waiter;     /* the adopter's, until done */
  gboolean              adopted;
  gboolean              adopting;         /* until adopted_cb() has run */
  gboolean              source_announced; /* "source-loaded" was emitted */
  gboolean              source_told;      /* ... with the adopter there */

  /* The labels of a text without a sidecar: made on the thread that
   * starts the load, whose language the user sees (GLib keeps the list
   * of languages per thread). */
  ShuLabelSet          *default_labels;

  /* Owned, results (written by the load's threads before it returns) */
  GFile                *sidecar_file;
  GPtrArray            *report;
  GError               *sidecar_error;
  ShuSuggestFound      *suggestions;

  /* The text, handed from the thread that reads it to the one that places
   * the annotations on it. */
  GMutex                lock;
  GCond                 source_cond;
  gboolean              source_ready;
  ShuSource            *source;
  GError               *source_error;

  /* Progress, as last announced on the caller's context */
  GMainContext         *context;     /* NULL for a synchronous load */
  ShuDocumentLoadPhase  phase;
  double                fraction;
  guint                 announced_serial;

  /* Progress as the threads see it, under @lock: the announced values lag
   * behind on their context. */
  ShuDocumentLoadPhase  work_phase;
  double                work_fraction;
  guint                 work_serial;   /* one per announce() */
};

G_DEFINE_FINAL_TYPE (ShuDocumentLoader, shu_document_loader, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_PHASE,
  PROP_FRACTION,
  N_PROPS
};

enum {
  SOURCE_LOADED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_sidecar_name (GFile *file)
{
  g_autofree char *name = g_file_get_basename (file);

  return name != NULL && g_str_has_suffix (name, ".json");
}

static void
shu_document_loader_finalize (GObject *object)
{
  ShuDocumentLoader *self = SHU_DOCUMENT_LOADER (object);

  g_clear_object (&self->file);
  g_clear_object (&self->source_file);
  g_clear_object (&self->given_source);
  g_clear_object (&self->default_labels);
  g_clear_object (&self->sidecar_file);
  g_clear_pointer (&self->report, g_ptr_array_unref);
  g_clear_error (&self->sidecar_error);
  g_clear_pointer (&self->suggestions, shu_suggest_found_unref);
  g_clear_object (&self->early_cancellable);
  g_clear_object (&self->early_document);
  g_clear_error (&self->early_error);
  g_clear_object (&self->source);
  g_clear_error (&self->source_error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->source_cond);

  G_OBJECT_CLASS (shu_document_loader_parent_class)->finalize (object);
}

static void
shu_document_loader_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ShuDocumentLoader *self = SHU_DOCUMENT_LOADER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_PHASE:
      g_value_set_uint (value, self->phase);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_document_loader_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ShuDocumentLoader *self = SHU_DOCUMENT_LOADER (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      self->is_sidecar = is_sidecar_name (self->file);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_document_loader_class_init (ShuDocumentLoaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_document_loader_finalize;
  object_class->get_property = shu_document_loader_get_property;
  object_class->set_property = shu_document_loader_set_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A ShuDocumentLoadPhase. */
  properties[PROP_PHASE] =
    g_param_spec_uint ("phase", NULL, NULL, 0, SHU_DOCUMENT_LOAD_DONE, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted on the loading context once the text is read and before the
   * annotations are placed on it: the text can be shown meanwhile. */
  signals[SOURCE_LOADED] =
    g_signal_new ("source-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SHU_TYPE_SOURCE);
}

static void
shu_document_loader_init (ShuDocumentLoader *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->source_cond);
}

ShuDocumentLoader *
shu_document_loader_new (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  return g_object_new (SHU_TYPE_DOCUMENT_LOADER, "file", file, NULL);
}

ShuDocumentLoader *
shu_document_loader_new_for_sidecar (GFile *file)
{
  ShuDocumentLoader *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = shu_document_loader_new (file);
  self->is_sidecar = TRUE;
  return self;
}

ShuDocumentLoader *
shu_document_loader_new_for_text (GFile *file)
{
  ShuDocumentLoader *self;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = shu_document_loader_new (file);
  self->is_sidecar = FALSE;
  return self;
}

void
shu_document_loader_set_source_file (ShuDocumentLoader *self,
                                     GFile             *source_file)
{
  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (self->is_sidecar);

  g_set_object (&self->source_file, source_file);
}

void
shu_document_loader_set_source (ShuDocumentLoader *self,
                                ShuSource         *source)
{
  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (self));
  g_return_if_fail (!self->started);
  g_return_if_fail (self->is_sidecar);

  g_set_object (&self->given_source, source);
}

GFile *
shu_document_loader_get_file (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  return self->file;
}

gboolean
shu_document_loader_is_sidecar (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), FALSE);
  return self->is_sidecar;
}

ShuDocumentLoadPhase
shu_document_loader_get_phase (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), SHU_DOCUMENT_LOAD_IDLE);
  return self->phase;
}

double
shu_document_loader_get_fraction (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), 0.0);
  return self->fraction;
}

ShuSource *
shu_document_loader_get_source (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  return self->source;
}

GFile *
shu_document_loader_get_sidecar_file (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  return self->sidecar_file;
}

GPtrArray *
shu_document_loader_get_report (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  return self->report;
}

const GError *
shu_document_loader_get_sidecar_error (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  return self->sidecar_error;
}

/* ------------------------------------------------------------------ */
/* Progress                                                            */

typedef struct
{
  ShuDocumentLoader    *loader;
  ShuDocumentLoadPhase  phase;
  double                fraction;
  guint                 serial;
  ShuSource            *source;   /* for "source-loaded", or NULL */
} Progress;

static gboolean
announce_cb (gpointer data)
{
  Progress *progress = data;
  ShuDocumentLoader *self = progress->loader;

  /* Two threads announce: the one that reads the text and the one that
   * reads the sidecar. Their idle sources can be attached in another order
   * than their values were taken under the lock; an older value arriving
   * late would make the progress go back. */
  if (progress->serial < self->announced_serial)
    goto signal;
  self->announced_serial = progress->serial;
  g_object_freeze_notify (G_OBJECT (self));
  if (self->phase != progress->phase)
    {
      self->phase = progress->phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
  if (self->fraction != progress->fraction)
    {
      self->fraction = progress->fraction;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
  g_object_thaw_notify (G_OBJECT (self));
signal:
  if (progress->source != NULL)
    {
      self->source_announced = TRUE;
      self->source_told = self->early_waiter != NULL;
      g_signal_emit (self, signals[SOURCE_LOADED], 0, progress->source);
    }
  return G_SOURCE_REMOVE;
}

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->loader);
  g_clear_object (&progress->source);
  g_free (progress);
}

/* Called from any of the load's threads: the properties change, and the
 * signal is emitted, on the context that started the load, in order. */
static void
announce (ShuDocumentLoader    *self,
          ShuDocumentLoadPhase  phase,
          double                add,
          ShuSource            *source)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->loader = g_object_ref (self);
  progress->phase = phase;
  g_mutex_lock (&self->lock);
  if (add < 0)
    self->work_fraction = 0.0;
  else if (phase == SHU_DOCUMENT_LOAD_DONE)
    self->work_fraction = 1.0;
  else
    self->work_fraction = MIN (1.0, self->work_fraction + add);
  self->work_phase = phase;
  progress->fraction = self->work_fraction;
  progress->serial = ++self->work_serial;
  g_mutex_unlock (&self->lock);
  progress->source = source != NULL ? g_object_ref (source) : NULL;

  if (self->context == NULL)
    {
      announce_cb (progress);
      progress_free (progress);
    }
  else
    {
      /* Not g_main_context_invoke(): from a thread with no context of its
       * own, it would call back in that thread whenever the main thread is
       * not iterating. */
      g_autoptr(GSource) idle = g_idle_source_new ();

      g_source_set_priority (idle, G_PRIORITY_DEFAULT);
      g_source_set_callback (idle, announce_cb, progress, progress_free);
      g_source_set_static_name (idle, "[shulayim] load progress");
      g_source_attach (idle, self->context);
    }
}

/* ------------------------------------------------------------------ */
/* The load                                                            */

static void
hand_over_source (ShuDocumentLoader *self,
                  ShuSource         *source,
                  GError            *error)
{
  g_mutex_lock (&self->lock);
  g_set_object (&self->source, source);
  self->source_error = error;
  self->source_ready = TRUE;
  g_cond_signal (&self->source_cond);
  g_mutex_unlock (&self->lock);
}

/* Returns the text (a new reference), waiting for the thread reading it. */
static ShuSource *
wait_for_source (ShuDocumentLoader  *self,
                 GError            **error)
{
  ShuSource *source = NULL;

  g_mutex_lock (&self->lock);
  while (!self->source_ready)
    g_cond_wait (&self->source_cond, &self->lock);
  if (self->source != NULL)
    source = g_object_ref (self->source);
  else if (error != NULL)
    *error = g_error_copy (self->source_error);
  g_mutex_unlock (&self->lock);
  return source;
}

/* Reads the text of a text load (in its own thread when asynchronous). */
static void
read_text (ShuDocumentLoader *self,
           GCancellable      *cancellable)
{
  GError *error = NULL;
  ShuSource *source;

  source = shu_source_new_from_file (self->file, SHU_ENCODING_AUTO, cancellable, &error);
  if (source != NULL)
    announce (self, SHU_DOCUMENT_LOAD_TEXT, TEXT_SHARE, source);
  hand_over_source (self, source, error);
  g_clear_object (&source);
}

static ShuDocument *
load_text_document (ShuDocumentLoader  *self,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GError) sidecar_error = NULL;
  g_autoptr(ShuDocument) document = NULL;
  gboolean have_sidecar;

  self->sidecar_file = shu_places_dup_sidecar_file_for_text (self->file);
  have_sidecar = g_file_query_exists (self->sidecar_file, cancellable);
  if (have_sidecar)
    {
      announce (self, SHU_DOCUMENT_LOAD_SIDECAR, 0.0, NULL);
      sidecar = shu_sidecar_load (self->sidecar_file, cancellable, &sidecar_error);
      announce (self, SHU_DOCUMENT_LOAD_SIDECAR, SIDECAR_SHARE, NULL);
    }
  else
    announce (self, SHU_DOCUMENT_LOAD_TEXT, SIDECAR_SHARE, NULL);

  source = wait_for_source (self, error);
  if (source == NULL)
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  if (sidecar != NULL)
    {
      announce (self, SHU_DOCUMENT_LOAD_ANCHOR, 0.0, NULL);
      document = shu_sidecar_anchor_once (sidecar, source, &self->report, &sidecar_error);
    }

  if (document == NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);

      document = shu_document_new (source, self->default_labels);
      shu_document_set_source_name (document, name);
      /* A sidecar that could not be read is never written over: the new
       * annotations need a file of their own. Nor is a folder the sandbox
       * keeps nothing in, beside a text it granted alone: Save asks where. */
      shu_document_set_sidecar_file (document,
                                     sidecar_error == NULL
                                     && (have_sidecar
                                         || !shu_places_is_single_file_grant (self->file))
                                     ? self->sidecar_file : NULL);
      g_clear_pointer (&self->report, g_ptr_array_unref);
    }
  else
    shu_document_set_sidecar_file (document, self->sidecar_file);

  self->sidecar_error = g_steal_pointer (&sidecar_error);
  return g_steal_pointer (&document);
}

static ShuDocument *
load_sidecar_document (ShuDocumentLoader  *self,
                       GCancellable       *cancellable,
                       GError            **error)
{
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;

  self->sidecar_file = g_object_ref (self->file);
  announce (self, SHU_DOCUMENT_LOAD_SIDECAR, 0.0, NULL);
  sidecar = shu_sidecar_load (self->file, cancellable, error);
  if (sidecar == NULL)
    return NULL;

  announce (self, SHU_DOCUMENT_LOAD_TEXT, SIDECAR_SHARE, NULL);
  if (self->given_source != NULL)
    source = g_object_ref (self->given_source);
  else if (self->source_file != NULL)
    source = shu_source_new_from_file (self->source_file,
                                       shu_sidecar_get_source_encoding (sidecar),
                                       cancellable, error);
  else
    source = shu_sidecar_load_source (sidecar, cancellable, error);
  if (source == NULL)
    return NULL;
  g_set_object (&self->source, source);
  announce (self, SHU_DOCUMENT_LOAD_ANCHOR, TEXT_SHARE, source);

  document = shu_sidecar_anchor_once (sidecar, source, &self->report, error);
  if (document == NULL)
    return NULL;
  shu_document_set_sidecar_file (document, self->file);
  return g_steal_pointer (&document);
}

static gboolean
start (ShuDocumentLoader *self)
{
  if (self->started)
    {
      g_critical ("A ShuDocumentLoader loads once");
      return FALSE;
    }
  self->started = TRUE;
  if (!self->is_sidecar)
    self->default_labels = shu_label_set_new_default ();
  announce (self, SHU_DOCUMENT_LOAD_IDLE, -1.0, NULL);
  return TRUE;
}

void
shu_document_loader_set_find_suggestions (ShuDocumentLoader *self,
                                          gboolean           find_suggestions)
{
  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (self));
  g_return_if_fail (!self->started);

  self->find_suggestions = find_suggestions;
}

ShuSuggestFound *
shu_document_loader_get_suggestions (ShuDocumentLoader *self)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);

  return self->suggestions;
}

ShuDocument *
shu_document_loader_load (ShuDocumentLoader  *self,
                          GCancellable       *cancellable,
                          GError            **error)
{
  ShuDocument *document;

  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!start (self))
    return NULL;

  if (self->is_sidecar)
    document = load_sidecar_document (self, cancellable, error);
  else
    {
      read_text (self, cancellable);
      document = load_text_document (self, cancellable, error);
    }
  if (document != NULL)
    announce (self, SHU_DOCUMENT_LOAD_DONE, 0.0, NULL);
  return document;
}

/* After a failed load, the phase that failed, whatever the announcements
 * still on their way say. */
static void
settle_phase (ShuDocumentLoader *self)
{
  ShuDocumentLoadPhase phase;

  g_mutex_lock (&self->lock);
  phase = self->work_phase;
  g_mutex_unlock (&self->lock);
  if (self->phase != phase)
    {
      self->phase = phase;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHASE]);
    }
}

/* The suggestions of a short text's annotations (see
 * SUGGEST_WITH_LOAD_CHARS), found as the window would find them. */
static void
find_suggestions (ShuDocumentLoader *self,
                  ShuDocument       *document,
                  GCancellable      *cancellable)
{
  ShuSource *source = shu_document_get_source (document);
  g_autoptr(GPtrArray) annotations = NULL;

  if (shu_source_get_length (source) > SUGGEST_WITH_LOAD_CHARS)
    return;
  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (document));
  self->suggestions = shu_suggest_learn_and_find (source, annotations,
                                                  shu_document_get_rejected (document), NULL,
                                                  cancellable);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ShuDocumentLoader *self = source_object;
  GError *error = NULL;
  ShuDocument *document;

  if (self->is_sidecar)
    document = load_sidecar_document (self, cancellable, &error);
  else
    document = load_text_document (self, cancellable, &error);
  if (document != NULL && self->find_suggestions)
    find_suggestions (self, document, cancellable);
  /* Reading a sidecar filled this thread's heap with the file and its
   * JSON, all freed by now: kept, the 60 MB sidecar of the benchmarks
   * held about 50 MiB more for the rest of the run (PERFORMANCE.md). */
  shu_big_alloc_trim ();

  if (document == NULL)
    g_task_return_error (task, error);
  else
    {
      announce (self, SHU_DOCUMENT_LOAD_DONE, 0.0, NULL);
      g_task_return_pointer (task, document, g_object_unref);
    }
}

static gpointer
load_thread_main (gpointer data)
{
  g_autoptr(GTask) task = data;

  /* Where it is not allowed, the load just runs at the usual priority. */
  (void) setpriority (PRIO_PROCESS, 0, LOAD_NICE);
  load_thread (task, g_task_get_source_object (task), NULL, g_task_get_cancellable (task));
  return NULL;
}

static void
read_text_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  read_text (SHU_DOCUMENT_LOADER (source_object), cancellable);
  g_task_return_boolean (task, TRUE);
}

static void adopt (ShuDocumentLoader *self,
                   GTask             *task);

void
shu_document_loader_load_async (ShuDocumentLoader  *self,
                                GCancellable       *cancellable,
                                GAsyncReadyCallback callback,
                                gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  GThread *thread;

  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_document_loader_load_async);
  if (self->early)
    {
      adopt (self, task);
      return;
    }
  if (!start (self))
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_UNSUPPORTED,
                               "A ShuDocumentLoader loads once");
      return;
    }
  self->context = g_main_context_ref_thread_default ();

  if (self->is_sidecar)
    {
      g_task_run_in_thread (task, load_thread);
      return;
    }

  /* The text is read in GTask's pool meanwhile; the result is the
   * sidecar thread's. */
  {
    g_autoptr(GTask) text_task = g_task_new (self, cancellable, NULL, NULL);

    g_task_set_source_tag (text_task, read_text_thread);
    g_task_run_in_thread (text_task, read_text_thread);
  }
  thread = g_thread_try_new ("shu-load", load_thread_main, g_object_ref (task), NULL);
  if (thread != NULL)
    g_thread_unref (thread);
  else
    {
      g_object_unref (task);
      g_task_run_in_thread (task, load_thread);
    }
}

/* Started early: the adopter's task gets what the load got, after
 * "source-loaded" (emitted again for the adopter, who was not there when
 * it was first). */
static void
complete_early_waiter (ShuDocumentLoader *self)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->early_waiter);

  if (self->early_document != NULL)
    g_task_return_pointer (task, g_object_ref (self->early_document), g_object_unref);
  else
    g_task_return_error (task, g_error_copy (self->early_error));
}

static void
early_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  ShuDocumentLoader *self = SHU_DOCUMENT_LOADER (object);

  self->early_document = g_task_propagate_pointer (G_TASK (result), &self->early_error);
  if (self->early_waiter != NULL && !self->adopting)
    complete_early_waiter (self);
  g_object_unref (self);
}

static gboolean
adopted_cb (gpointer user_data)
{
  ShuDocumentLoader *self = user_data;

  self->adopting = FALSE;
  if (self->source_announced && !self->source_told && self->source != NULL)
    {
      self->source_told = TRUE;
      g_signal_emit (self, signals[SOURCE_LOADED], 0, self->source);
    }
  if ((self->early_document != NULL || self->early_error != NULL) && self->early_waiter != NULL)
    complete_early_waiter (self);
  return G_SOURCE_REMOVE;
}

static void
cancel_early_cb (GCancellable *cancellable,
                 gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

static void
adopt (ShuDocumentLoader *self,
       GTask             *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (self->adopted)
    {
      g_task_return_new_error (task, SHU_ERROR, SHU_ERROR_UNSUPPORTED,
                               "A ShuDocumentLoader loads once");
      return;
    }
  self->adopted = TRUE;
  self->early_waiter = g_object_ref (task);
  self->adopting = TRUE;
  /* The adopter's cancellable stops the load from now on. */
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancel_early_cb),
                           g_object_ref (self->early_cancellable), g_object_unref);
  /* What already happened is told in the next main loop iteration, as
   * it would have been, never from inside this call. */
  g_idle_add_full (G_PRIORITY_DEFAULT, adopted_cb, g_object_ref (self), g_object_unref);
}

void
shu_document_loader_start_early (ShuDocumentLoader *self)
{
  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (self));
  g_return_if_fail (!self->started);

  self->early_cancellable = g_cancellable_new ();
  /* Kept until the load ends, adopted or not. */
  shu_document_loader_load_async (self, self->early_cancellable, early_done_cb,
                                  g_object_ref (self));
  self->early = TRUE;
}

void
shu_document_loader_cancel_early (ShuDocumentLoader *self)
{
  g_return_if_fail (SHU_IS_DOCUMENT_LOADER (self));

  if (self->early_cancellable != NULL)
    g_cancellable_cancel (self->early_cancellable);
}

ShuDocument *
shu_document_loader_load_finish (ShuDocumentLoader  *self,
                                 GAsyncResult       *result,
                                 GError            **error)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT_LOADER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == shu_document_loader_load_async, NULL);

  settle_phase (self);
  return g_task_propagate_pointer (G_TASK (result), error);
}
