/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-suggest-project.h"

void
shu_suggest_hits_free (ShuSuggestHits *hits)
{
  if (hits == NULL)
    return;
  g_clear_object (&hits->document);
  g_clear_pointer (&hits->suggestions, g_array_unref);
  g_free (hits);
}

static const char *
project_label (ShuProjectDocument *entry,
               const char         *label_id)
{
  const char *mapped = shu_project_document_map_label_id (entry, label_id);

  return shu_suggestion_intern_label (mapped != NULL ? mapped : label_id);
}

/* The document's annotations with project label ids, so that forms,
 * coverage and rejections compare across documents. */
static GPtrArray *
mapped_annotations (ShuProjectDocument *entry)
{
  ShuDocument *document = shu_project_document_get_document (entry);
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GPtrArray) own = shu_annotation_store_dup_annotations (store);
  GPtrArray *mapped = g_ptr_array_new_full (own->len, g_object_unref);

  for (guint i = 0; i < own->len; i++)
    {
      ShuAnnotation *annotation = own->pdata[i];
      const char *id = shu_annotation_get_label_id (annotation);

      if (id == NULL || project_label (entry, id) == shu_suggestion_intern_label (id))
        g_ptr_array_add (mapped, g_object_ref (annotation));
      else
        g_ptr_array_add (mapped, shu_annotation_with_label (annotation,
                                                            project_label (entry, id),
                                                            shu_annotation_get_modified (annotation)));
    }
  return mapped;
}

/* The document's own id of project label @label_id, or NULL. */
static const char *
own_label (ShuProjectDocument *entry,
           const char         *label_id)
{
  ShuDocument *document = shu_project_document_get_document (entry);
  GListModel *labels = G_LIST_MODEL (shu_annotation_store_get_labels (
                                       shu_document_get_store (document)));

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (labels, i);
      const char *id = shu_label_get_id (label);

      if (project_label (entry, id) == label_id)
        return shu_suggestion_intern_label (id);
    }
  return NULL;
}

GPtrArray *
shu_suggest_project (ShuProject         *project,
                     const char         *label_id,
                     GCancellable       *cancellable,
                     ShuSuggestProgress  progress,
                     gpointer            user_data)
{
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) mapped = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) results = NULL;
  GListModel *list = G_LIST_MODEL (project);
  guint n;

  g_return_val_if_fail (SHU_IS_PROJECT (project), NULL);

  /* Documents taken from the project's index are read here, together. */
  if (!shu_project_load_documents (project, cancellable, NULL))
    return NULL;
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);

      if (shu_project_document_get_document (entry) != NULL)
        g_ptr_array_add (entries, g_steal_pointer (&entry));
    }
  n = entries->len;

  /* Learning is quick next to finding: the first tenth of the bar. */
  for (guint i = 0; i < n; i++)
    {
      ShuProjectDocument *entry = entries->pdata[i];
      ShuSource *source = shu_document_get_source (shu_project_document_get_document (entry));
      GPtrArray *annotations = mapped_annotations (entry);

      g_ptr_array_add (mapped, annotations);
      shu_suggest_forms_learn (forms, source, annotations, label_id);
      if (g_cancellable_is_cancelled (cancellable))
        return NULL;
      if (progress != NULL)
        progress (0.1 * (i + 1) / n, user_data);
    }

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_suggest_hits_free);
  for (guint i = 0; i < n; i++)
    {
      ShuProjectDocument *entry = entries->pdata[i];
      ShuDocument *document = shu_project_document_get_document (entry);
      GArray *own_rejected = shu_document_get_rejected (document);
      g_autoptr(GArray) rejected = g_array_copy (own_rejected);
      g_autoptr(GArray) found = NULL;
      ShuSuggestHits *hits;

      for (guint j = 0; j < rejected->len; j++)
        {
          ShuSuggestion *r = &g_array_index (rejected, ShuSuggestion, j);

          r->label_id = project_label (entry, r->label_id);
        }
      found = shu_suggest_find (shu_document_get_source (document), forms, mapped->pdata[i],
                                rejected, cancellable);
      if (found == NULL)
        return NULL;

      hits = g_new0 (ShuSuggestHits, 1);
      hits->document = g_object_ref (entry);
      hits->suggestions = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
      for (guint j = 0; j < found->len; j++)
        {
          ShuSuggestion s = g_array_index (found, ShuSuggestion, j);

          s.label_id = own_label (entry, s.label_id);
          if (s.label_id != NULL)
            g_array_append_val (hits->suggestions, s);
        }
      g_array_sort (hits->suggestions, (GCompareFunc) shu_suggestion_compare);
      g_ptr_array_add (results, hits);
      if (progress != NULL)
        progress (0.1 + 0.9 * (i + 1) / n, user_data);
    }
  return g_steal_pointer (&results);
}

typedef struct
{
  char               *label_id;
  ShuSuggestProgress  progress;
  gpointer            progress_data;
  GMainContext       *context;
} ProjectData;

static void
project_data_free (ProjectData *data)
{
  g_free (data->label_id);
  g_main_context_unref (data->context);
  g_free (data);
}

typedef struct
{
  ShuSuggestProgress  progress;
  gpointer            progress_data;
  double              fraction;
} ProgressCall;

static gboolean
progress_idle_cb (gpointer user_data)
{
  ProgressCall *call = user_data;

  call->progress (call->fraction, call->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_in_thread_cb (double   fraction,
                       gpointer user_data)
{
  ProjectData *data = user_data;
  ProgressCall *call = g_new0 (ProgressCall, 1);

  call->progress = data->progress;
  call->progress_data = data->progress_data;
  call->fraction = fraction;
  g_main_context_invoke_full (data->context, G_PRIORITY_DEFAULT, progress_idle_cb, call,
                              g_free);
}

static void
project_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  ProjectData *data = task_data;
  GPtrArray *results = shu_suggest_project (source_object, data->label_id, cancellable,
                                            data->progress != NULL ? progress_in_thread_cb
                                                                   : NULL,
                                            data);

  if (results == NULL)
    g_task_return_error_if_cancelled (task);
  else
    g_task_return_pointer (task, results, (GDestroyNotify) g_ptr_array_unref);
}

void
shu_suggest_project_async (ShuProject          *project,
                           const char          *label_id,
                           GCancellable        *cancellable,
                           ShuSuggestProgress   progress,
                           gpointer             progress_data,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ProjectData *data;

  g_return_if_fail (SHU_IS_PROJECT (project));

  data = g_new0 (ProjectData, 1);
  data->label_id = g_strdup (label_id);
  data->progress = progress;
  data->progress_data = progress_data;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_suggest_project_async);
  g_task_set_name (task, "[shulayim] project suggestions");
  g_task_set_task_data (task, data, (GDestroyNotify) project_data_free);
  g_task_run_in_thread (task, project_thread);
}

GPtrArray *
shu_suggest_project_finish (ShuProject    *project,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
shu_suggest_form_group_free (ShuSuggestFormGroup *group)
{
  if (group == NULL)
    return;
  g_free (group->form);
  g_free (group->text);
  g_clear_pointer (&group->documents, g_ptr_array_unref);
  g_clear_pointer (&group->counts, g_array_unref);
  g_free (group);
}

static int
group_compare (gconstpointer a,
               gconstpointer b)
{
  const ShuSuggestFormGroup *x = *(ShuSuggestFormGroup * const *) a;
  const ShuSuggestFormGroup *y = *(ShuSuggestFormGroup * const *) b;
  int order = strcmp (x->label_id, y->label_id);

  if (order != 0)
    return order;
  if (x->n != y->n)
    return x->n > y->n ? -1 : 1;
  return strcmp (x->form, y->form);
}

GPtrArray *
shu_suggest_project_group (GPtrArray *hits)
{
  /* "label id\x1fform" -> ShuSuggestFormGroup (borrowed from @groups) */
  g_autoptr(GHashTable) by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GPtrArray *groups;

  g_return_val_if_fail (hits != NULL, NULL);

  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_suggest_form_group_free);
  for (guint i = 0; i < hits->len; i++)
    {
      ShuSuggestHits *h = hits->pdata[i];
      ShuSource *source = shu_document_get_source (shu_project_document_get_document (h->document));

      for (guint j = 0; j < h->suggestions->len; j++)
        {
          const ShuSuggestion *s = &g_array_index (h->suggestions, ShuSuggestion, j);
          const char *label_id = project_label (h->document, s->label_id);
          g_autofree char *form = shu_suggest_dup_form (source, s);
          g_autofree char *key = g_strconcat (label_id, "\x1f", form, NULL);
          ShuSuggestFormGroup *group = g_hash_table_lookup (by_key, key);
          guint last;

          if (group == NULL)
            {
              group = g_new0 (ShuSuggestFormGroup, 1);
              group->label_id = label_id;
              group->form = g_steal_pointer (&form);
              group->text = shu_source_dup_range (source, s->start, s->end);
              group->documents = g_ptr_array_new_with_free_func (g_object_unref);
              group->counts = g_array_new (FALSE, TRUE, sizeof (guint));
              g_ptr_array_add (groups, group);
              g_hash_table_insert (by_key, g_steal_pointer (&key), group);
            }
          last = group->documents->len;
          if (last == 0 || group->documents->pdata[last - 1] != h->document)
            {
              g_ptr_array_add (group->documents, g_object_ref (h->document));
              g_array_set_size (group->counts, last + 1);
              last++;
            }
          g_array_index (group->counts, guint, last - 1)++;
          group->n++;
        }
    }
  g_ptr_array_sort (groups, group_compare);
  return groups;
}

GPtrArray *
shu_suggest_project_select (GPtrArray  *hits,
                            const char *label_id,
                            const char *form)
{
  GPtrArray *selected;

  g_return_val_if_fail (hits != NULL, NULL);
  g_return_val_if_fail (label_id != NULL, NULL);

  label_id = shu_suggestion_intern_label (label_id);
  selected = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_suggest_hits_free);
  for (guint i = 0; i < hits->len; i++)
    {
      ShuSuggestHits *h = hits->pdata[i];
      ShuSource *source = shu_document_get_source (shu_project_document_get_document (h->document));
      ShuSuggestHits *out = NULL;

      for (guint j = 0; j < h->suggestions->len; j++)
        {
          const ShuSuggestion *s = &g_array_index (h->suggestions, ShuSuggestion, j);
          g_autofree char *other = NULL;

          if (project_label (h->document, s->label_id) != label_id)
            continue;
          if (form != NULL)
            {
              other = shu_suggest_dup_form (source, s);
              if (strcmp (other, form) != 0)
                continue;
            }
          if (out == NULL)
            {
              out = g_new0 (ShuSuggestHits, 1);
              out->document = g_object_ref (h->document);
              out->suggestions = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
              g_ptr_array_add (selected, out);
            }
          g_array_append_val (out->suggestions, *s);
        }
    }
  return selected;
}
