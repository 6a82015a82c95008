/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-corpus-search.h"

void
shu_corpus_hit_free (ShuCorpusHit *hit)
{
  if (hit == NULL)
    return;
  g_clear_object (&hit->document);
  g_free (hit->before);
  g_free (hit->match);
  g_free (hit->after);
  g_clear_object (&hit->annotation);
  g_free (hit);
}

static gboolean
is_blank (const char *value)
{
  if (value == NULL)
    return TRUE;
  for (const char *p = value; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

gboolean
shu_corpus_query_is_empty (const ShuCorpusQuery *query)
{
  g_return_val_if_fail (query != NULL, TRUE);

  return is_blank (query->text) && is_blank (query->label) && is_blank (query->creator)
    && is_blank (query->comment) && is_blank (query->attribute) && is_blank (query->relation);
}

static gboolean
has_annotation_conditions (const ShuCorpusQuery *query)
{
  return !is_blank (query->label) || !is_blank (query->creator) || !is_blank (query->comment)
    || !is_blank (query->attribute) || !is_blank (query->relation);
}

/* "NAME" or "NAME=VALUE": whether the annotation has the attribute, with
 * that value when one is given. */
static gboolean
attribute_matches (ShuAnnotation *annotation,
                   const char    *condition)
{
  const char *equals = strchr (condition, '=');
  g_autofree char *name = g_strndup (condition, equals != NULL ? (gsize) (equals - condition)
                                                              : strlen (condition));
  const char *value = shu_annotation_get_attribute (annotation, g_strstrip (name));

  if (value == NULL)
    return FALSE;
  return equals == NULL || g_strcmp0 (value, equals + 1) == 0;
}

/* Whether a relation of @type (any, for SHU_CORPUS_ANY_RELATION) names
 * the annotation as an end, an argument or its trigger. */
static gboolean
relation_matches (ShuAnnotationStore *store,
                  ShuAnnotation      *annotation,
                  const char         *type)
{
  g_autoptr(GPtrArray) relations =
    shu_annotation_store_get_relations_of (store, shu_annotation_get_id (annotation));

  for (guint i = 0; relations != NULL && i < relations->len; i++)
    if (g_str_equal (type, SHU_CORPUS_ANY_RELATION)
        || g_strcmp0 (shu_relation_get_type_name (g_ptr_array_index (relations, i)), type) == 0)
      return TRUE;
  return FALSE;
}

/* A KWIC line shows one line: breaks and tabs become spaces (one code
 * point each, so the parts keep their lengths). */
static char *
dup_flat (ShuSource *source,
          guint      start,
          guint      end)
{
  char *text = shu_source_dup_range (source, start, end);

  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return text;
}

static ShuCorpusHit *
make_hit (ShuProjectDocument *entry,
          guint               start,
          guint               end,
          guint               context,
          ShuAnnotation      *annotation)
{
  ShuSource *source = shu_search_get_source (shu_project_document_get_search (entry));
  guint length = shu_source_get_length (source);
  ShuCorpusHit *hit = g_new0 (ShuCorpusHit, 1);
  guint from = start > context ? shu_source_boundary_ceil (source, start - context) : 0;
  guint to = end + context < length ? shu_source_boundary_floor (source, end + context) : length;

  hit->document = g_object_ref (entry);
  hit->start = start;
  hit->end = end;
  hit->before = dup_flat (source, MIN (from, start), start);
  hit->match = dup_flat (source, start, end);
  hit->after = dup_flat (source, end, MAX (to, end));
  hit->annotation = annotation != NULL ? g_object_ref (annotation) : NULL;
  return hit;
}

/* Whether every word of @words (folded) occurs in the annotation's
 * comments (folded the same way). */
static gboolean
comments_match (ShuAnnotation  *annotation,
                char          **words,
                ShuSearchFlags  flags)
{
  GPtrArray *comments = shu_annotation_get_comments (annotation);
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *folded = NULL;

  if (comments->len == 0)
    return FALSE;
  for (guint i = 0; i < comments->len; i++)
    {
      g_string_append (all, shu_comment_get_text (g_ptr_array_index (comments, i)));
      g_string_append_c (all, '\n');
    }
  folded = shu_search_fold (all->str, flags);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (folded, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

static gboolean
annotation_matches (ShuProject           *project,
                    ShuProjectDocument   *entry,
                    ShuAnnotation        *annotation,
                    const ShuCorpusQuery *query,
                    char                **words)
{
  if (!is_blank (query->label))
    {
      const char *mapped = shu_project_document_map_label_id (
        entry, shu_annotation_get_label_id (annotation));
      ShuLabel *label = shu_project_lookup_label (project, mapped);

      if (label == NULL || (g_strcmp0 (mapped, query->label) != 0
                            && g_strcmp0 (shu_label_get_name (label), query->label) != 0))
        return FALSE;
    }
  if (!is_blank (query->creator)
      && g_strcmp0 (shu_annotation_get_creator (annotation), query->creator) != 0)
    return FALSE;
  if (words != NULL && !comments_match (annotation, words, query->flags))
    return FALSE;
  if (!is_blank (query->attribute) && !attribute_matches (annotation, query->attribute))
    return FALSE;
  if (!is_blank (query->relation)
      && !relation_matches (shu_document_get_store (shu_project_document_get_document (entry)),
                            annotation, query->relation))
    return FALSE;
  return TRUE;
}

static char **
split_words (const char     *text,
             ShuSearchFlags  flags)
{
  g_autofree char *folded = NULL;
  g_auto(GStrv) words = NULL;
  GPtrArray *kept = g_ptr_array_new ();

  if (is_blank (text))
    {
      g_ptr_array_unref (kept);
      return NULL;
    }
  folded = shu_search_fold (text, flags);
  words = g_strsplit_set (folded, " \t\n\r", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_ptr_array_add (kept, g_strdup (words[i]));
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (kept, FALSE);
}

static void
search_document (ShuProject           *project,
                 ShuProjectDocument   *entry,
                 const ShuCorpusQuery *query,
                 char                **words,
                 GPtrArray            *hits)
{
  guint context = query->context > 0 ? query->context : SHU_CORPUS_SEARCH_CONTEXT;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GArray) matches = NULL;

  if (has_annotation_conditions (query))
    {
      ShuDocument *document = shu_project_document_get_document (entry);
      GListModel *store;

      if (document == NULL)
        return;
      store = G_LIST_MODEL (shu_document_get_store (document));
      annotations = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < g_list_model_get_n_items (store); i++)
        {
          g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (store, i);

          if (annotation_matches (project, entry, annotation, query, words))
            g_ptr_array_add (annotations, g_steal_pointer (&annotation));
        }
    }

  if (is_blank (query->text))
    {
      /* The store keeps them by position: the hits are in text order. */
      for (guint i = 0; i < annotations->len; i++)
        {
          ShuAnnotation *annotation = g_ptr_array_index (annotations, i);

          g_ptr_array_add (hits, make_hit (entry, shu_annotation_get_start (annotation),
                                           shu_annotation_get_end (annotation), context,
                                           annotation));
        }
      return;
    }

  if (shu_project_document_get_search (entry) == NULL)
    return;
  matches = shu_search_find_all (shu_project_document_get_search (entry), query->text,
                                 query->flags);
  for (guint m = 0; m < matches->len; m++)
    {
      const ShuSearchMatch *match = &g_array_index (matches, ShuSearchMatch, m);
      ShuAnnotation *inside = NULL;

      if (annotations != NULL)
        {
          for (guint i = 0; i < annotations->len && inside == NULL; i++)
            {
              ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
              const ShuRange *ranges = shu_annotation_get_ranges (annotation);

              if (shu_annotation_get_start (annotation) > match->start)
                break;
              for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
                if (ranges[r].start <= match->start && match->end <= ranges[r].end)
                  inside = annotation;
            }
          if (inside == NULL)
            continue;
        }
      g_ptr_array_add (hits, make_hit (entry, match->start, match->end, context, inside));
    }
}

typedef struct
{
  ShuProject           *project;
  GPtrArray            *entries;
  const ShuCorpusQuery *query;
  char                **words;
  /* The query's text folded as the index folds the texts. */
  char                 *folded;
  GCancellable         *cancellable;
  GPtrArray           **hits;    /* per document, in list order */
} Searching;

static void
search_one (gpointer data,
            gpointer user_data)
{
  Searching *searching = user_data;
  guint i = GPOINTER_TO_UINT (data) - 1;
  ShuProjectDocument *entry = g_ptr_array_index (searching->entries, i);

  /* A text whose folding lacks the query is not read at all: after a
   * warm start most texts are only in the index. */
  if (g_cancellable_is_cancelled (searching->cancellable)
      || !shu_project_document_is_readable (entry)
      || (searching->folded != NULL
          && !shu_project_document_may_contain (entry, searching->folded)))
    return;
  searching->hits[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_corpus_hit_free);
  search_document (searching->project, entry, searching->query, searching->words,
                   searching->hits[i]);
}

/* The project's documents now: taken in the caller's thread, so that a
 * worker never reads the list (a scan may replace it meanwhile). Their
 * texts are read by the workers, when needed. */
static GPtrArray *
snapshot_entries (ShuProject *project)
{
  GListModel *list = G_LIST_MODEL (project);
  GPtrArray *entries = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_ptr_array_add (entries, g_list_model_get_item (list, i));
    }
  return entries;
}

static GPtrArray *
search_entries (ShuProject           *project,
                GPtrArray            *entries,
                const ShuCorpusQuery *query,
                GCancellable         *cancellable,
                GError              **error)
{
  g_autoptr(GPtrArray) hits = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *folded = NULL;

  hits = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_corpus_hit_free);
  if (shu_corpus_query_is_empty (query))
    return g_steal_pointer (&hits);
  words = split_words (query->comment, query->flags);
  if (!is_blank (query->text))
    folded = shu_search_fold (query->text, SHU_PROJECT_FOLD_FLAGS);

  {
    guint n = entries->len;
    Searching searching = { project, entries, query, words, folded, cancellable,
                            g_new0 (GPtrArray *, MAX (n, 1)) };
    GThreadPool *pool;
    /* The first search of a project folds every text (0.75 s of processor
     * time for 20 MB): the documents are searched by a thread per
     * processor, and the hits put in list order afterwards. */
    pool = g_thread_pool_new (search_one, &searching, CLAMP (g_get_num_processors (), 1, 8),
                              FALSE, NULL);
    for (guint i = 0; i < n; i++)
      g_thread_pool_push (pool, GUINT_TO_POINTER (i + 1), NULL);
    g_thread_pool_free (pool, FALSE, TRUE);

    for (guint i = 0; i < n; i++)
      {
        if (searching.hits[i] != NULL)
          g_ptr_array_extend_and_steal (hits, searching.hits[i]);
      }
    g_free (searching.hits);
  }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  return g_steal_pointer (&hits);
}

GPtrArray *
shu_corpus_search (ShuProject           *project,
                   const ShuCorpusQuery *query,
                   GCancellable         *cancellable,
                   GError              **error)
{
  g_autoptr(GPtrArray) entries = NULL;

  g_return_val_if_fail (SHU_IS_PROJECT (project), NULL);
  g_return_val_if_fail (query != NULL, NULL);

  entries = snapshot_entries (project);
  return search_entries (project, entries, query, cancellable, error);
}

typedef struct
{
  ShuCorpusQuery query;
  GPtrArray     *entries;
  char          *text;
  char          *label;
  char          *creator;
  char          *comment;
  char          *attribute;
  char          *relation;
} QueryCopy;

static void
query_copy_free (QueryCopy *copy)
{
  g_free (copy->text);
  g_free (copy->label);
  g_free (copy->creator);
  g_free (copy->comment);
  g_free (copy->attribute);
  g_free (copy->relation);
  g_ptr_array_unref (copy->entries);
  g_free (copy);
}

static void
search_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  QueryCopy *copy = task_data;
  GError *error = NULL;
  GPtrArray *hits = search_entries (source_object, copy->entries, &copy->query, cancellable,
                                    &error);

  if (hits == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, hits, (GDestroyNotify) g_ptr_array_unref);
}

void
shu_corpus_search_async (ShuProject           *project,
                         const ShuCorpusQuery *query,
                         GCancellable         *cancellable,
                         GAsyncReadyCallback   callback,
                         gpointer              user_data)
{
  g_autoptr(GTask) task = NULL;
  QueryCopy *copy;

  g_return_if_fail (SHU_IS_PROJECT (project));
  g_return_if_fail (query != NULL);

  copy = g_new0 (QueryCopy, 1);
  copy->query = *query;
  copy->query.text = copy->text = g_strdup (query->text);
  copy->query.label = copy->label = g_strdup (query->label);
  copy->query.creator = copy->creator = g_strdup (query->creator);
  copy->query.comment = copy->comment = g_strdup (query->comment);
  copy->query.attribute = copy->attribute = g_strdup (query->attribute);
  copy->query.relation = copy->relation = g_strdup (query->relation);
  copy->entries = snapshot_entries (project);

  task = g_task_new (project, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_corpus_search_async);
  g_task_set_name (task, "[shulayim] corpus search");
  g_task_set_task_data (task, copy, (GDestroyNotify) query_copy_free);
  g_task_run_in_thread (task, search_thread);
}

GPtrArray *
shu_corpus_search_finish (ShuProject   *project,
                          GAsyncResult *result,
                          GError      **error)
{
  g_return_val_if_fail (g_task_is_valid (result, project), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

char *
shu_corpus_hit_format (const ShuCorpusHit *hit)
{
  g_return_val_if_fail (hit != NULL, NULL);

  return g_strdup_printf ("%s[%s]%s", hit->before, hit->match, hit->after);
}
