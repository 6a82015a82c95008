/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-sidecar-private.h"
#include "shu-w3c.h"

char *
shu_w3c_source_iri (ShuSource *source)
{
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);

  return g_strconcat ("urn:sha256:", shu_source_get_sha256 (source), NULL);
}

GBytes *
shu_w3c_export (ShuDocument *document)
{
  g_autoptr(ShuJsonWriter) w = shu_json_writer_new ();
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autofree char *iri = NULL;
  g_autofree char *created = NULL;
  g_autofree char *modified = NULL;
  ShuAnnotationStore *store;
  ShuSource *source;
  ShuLabelSet *labels;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  store = shu_document_get_store (document);
  source = shu_document_get_source (document);
  labels = shu_annotation_store_get_labels (store);
  annotations = shu_annotation_store_dup_annotations (store);
  shu_annotation_sort (annotations);
  relations = shu_annotation_store_dup_relations (store);
  iri = shu_w3c_source_iri (source);
  created = shu_format_date (shu_document_get_created (document));
  modified = shu_format_date (shu_document_get_modified (document));

  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "@context", ANNO_CONTEXT);
  shu_json_writer_string (w, "id", shu_document_get_id (document));
  shu_json_writer_string (w, "type", "AnnotationCollection");
  shu_json_writer_string (w, "label", shu_document_get_title (document));
  shu_json_writer_string (w, "created", created);
  shu_json_writer_string (w, "modified", modified);
  shu_json_writer_uint (w, "total", annotations->len + relations->len);
  shu_json_writer_begin_object (w, "first");
  shu_json_writer_string (w, "type", "AnnotationPage");
  shu_json_writer_begin_array (w, "items");
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      guint n = shu_annotation_get_n_ranges (annotation);
      g_auto(GStrv) quotes = g_new0 (char *, 3 * n + 1);

      for (guint r = 0; r < n; r++)
        shu_source_get_quote (source, ranges[r].start, ranges[r].end,
                              &quotes[3 * r], &quotes[3 * r + 1], &quotes[3 * r + 2]);
      shu_write_annotation (w, annotation, labels, (const char * const *) quotes, iri,
                            TRUE, TRUE);
    }
  /* Relations link the annotations above by their ids (docs/FORMAT.md). */
  for (guint i = 0; i < relations->len; i++)
    shu_write_relation (w, g_ptr_array_index (relations, i), TRUE);
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);
  shu_json_writer_end_object (w);

  return shu_json_writer_finish (w);
}

/* What a lenient read changes, counted so that it is said, not done
 * silently. */
typedef enum
{
  CHANGE_EXTRA_TAG,
  CHANGE_IRI_BODY,
  CHANGE_OTHER_PURPOSE,
  CHANGE_OTHER_MOTIVATION,
  N_CHANGES
} Change;

static const char *
string_of (ShuJsonNode *object,
           const char  *name)
{
  ShuJsonNode *node = shu_json_node_get_member (object, name);

  return node != NULL && shu_json_node_get_type (node) == SHU_JSON_STRING
         ? shu_json_node_get_string (node) : NULL;
}

static void
count_body (ShuJsonNode *body,
            guint       *n_tags,
            guint        changes[N_CHANGES])
{
  const char *purpose;
  ShuJsonNode *items;

  if (shu_json_node_get_type (body) != SHU_JSON_OBJECT)
    {
      changes[CHANGE_IRI_BODY]++;
      return;
    }
  items = shu_json_node_get_member (body, "items");
  if (items != NULL && shu_json_node_get_type (items) == SHU_JSON_ARRAY)
    {
      for (guint i = 0; i < shu_json_node_get_length (items); i++)
        count_body (shu_json_node_get_element (items, i), n_tags, changes);
      return;
    }
  if (shu_json_node_get_member (body, "value") == NULL)
    {
      changes[CHANGE_IRI_BODY]++;
      return;
    }
  purpose = string_of (body, "purpose");
  if (g_strcmp0 (purpose, "tagging") == 0)
    {
      if (++*n_tags > 1)
        changes[CHANGE_EXTRA_TAG]++;
    }
  else if (purpose != NULL && strcmp (purpose, "commenting") != 0)
    changes[CHANGE_OTHER_PURPOSE]++;
}

static void
count_changes (ShuJsonNode *annotation,
               guint        changes[N_CHANGES])
{
  ShuJsonNode *body = shu_json_node_get_member (annotation, "body");
  const char *motivation = string_of (annotation, "motivation");
  guint n_tags = 0;

  if (motivation != NULL && strcmp (motivation, "highlighting") != 0
      && strcmp (motivation, "tagging") != 0 && strcmp (motivation, "commenting") != 0)
    changes[CHANGE_OTHER_MOTIVATION]++;
  if (body == NULL)
    return;
  if (shu_json_node_get_type (body) == SHU_JSON_ARRAY)
    for (guint i = 0; i < shu_json_node_get_length (body); i++)
      count_body (shu_json_node_get_element (body, i), &n_tags, changes);
  else
    count_body (body, &n_tags, changes);
}

static const char *change_messages[N_CHANGES] = {
  /* TRANSLATORS: %s is a file name, %u a number of annotation bodies. */
  N_("%s: %u further tags kept as comments (an annotation has one label: its first tag)"),
  N_("%s: %u bodies given by IRI kept as comments holding the IRI"),
  N_("%s: %u bodies with other purposes (describing, classifying, …) kept as comments"),
  N_("%s: %u motivations other than highlighting, tagging and commenting not kept"),
};

static const char *
member_type (ShuJsonNode *object)
{
  ShuJsonNode *node = shu_json_node_get_member (object, "type");

  if (node != NULL && shu_json_node_get_type (node) == SHU_JSON_STRING)
    return shu_json_node_get_string (node);
  return NULL;
}

ShuDocument *
shu_w3c_import (GBytes       *bytes,
                const char   *display_name,
                ShuSource    *source,
                ShuLabelSet  *labels,
                GPtrArray   **report,
                GError      **error)
{
  static const ShuImportOptions defaults = { 0 };

  return shu_w3c_import_full (bytes, display_name, source, labels, &defaults, report, NULL,
                              NULL, error);
}

ShuDocument *
shu_w3c_import_full (GBytes                  *bytes,
                     const char              *display_name,
                     ShuSource               *source,
                     ShuLabelSet             *labels,
                     const ShuImportOptions  *options,
                     GPtrArray              **report,
                     GPtrArray              **messages,
                     guint                   *n_skipped,
                     GError                 **error)
{
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ShuOffsetMap) map = NULL;
  guint changes[N_CHANGES] = { 0 };
  g_autoptr(ShuJsonScan) scan = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(ShuLabelSet) own_labels = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  ShuDocument *document;
  const char *path = "";
  const char *title = NULL;
  gboolean single = FALSE;
  ShuJsonNode *root;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (size > SHU_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the file is %llu bytes; the limit is %llu bytes (256 MiB)"), display_name,
                   (unsigned long long) size, (unsigned long long) SHU_SIDECAR_MAX_BYTES);
      return NULL;
    }
  scan = shu_json_scan (data != NULL ? data : "", size, SHU_SIDECAR_MAX_DEPTH,
                        display_name, error);
  if (scan == NULL)
    return NULL;
  tree = shu_json_tree_new (data, size);
  g_assert (tree != NULL);
  root = shu_json_tree_get_root (tree);

  /* Find the list of annotations in whatever container holds them. */
  if ((shu_json_node_get_type (root) == SHU_JSON_ARRAY))
    {
      ShuJsonNode *array = root;

      for (guint i = 0; i < shu_json_node_get_length (array); i++)
        g_ptr_array_add (items, shu_json_node_get_element (array, i));
      path = "";
    }
  else if ((shu_json_node_get_type (root) == SHU_JSON_OBJECT))
    {
      ShuJsonNode *object = root;
      const char *type = member_type (object);
      ShuJsonNode *list = NULL;

      if (g_strcmp0 (type, "Annotation") == 0)
        {
          g_ptr_array_add (items, root);
          single = TRUE;
        }
      else if (g_strcmp0 (type, "AnnotationPage") == 0)
        {
          list = shu_json_node_get_member (object, "items");
          path = "items";
        }
      else if (g_strcmp0 (type, "AnnotationCollection") == 0)
        {
          ShuJsonNode *first = shu_json_node_get_member (object, "first");
          ShuJsonNode *label = shu_json_node_get_member (object, "label");

          if (shu_json_node_get_type (label) == SHU_JSON_STRING)
            title = shu_json_node_get_string (label);
          if (first == NULL || !(shu_json_node_get_type (first) == SHU_JSON_OBJECT))
            {
              g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED,
                           _("%s:1:1: the collection has no embedded first page "
                           "(pages given by IRI only cannot be read)"), display_name);
              return NULL;
            }
          list = shu_json_node_get_member (first, "items");
          path = "first.items";
        }
      else
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                       _("%s:1:1: expected an Annotation, an AnnotationPage or an "
                       "AnnotationCollection, not type \"%s\""), display_name,
                       type != NULL ? type : "(none)");
          return NULL;
        }

      if (list != NULL)
        {
          ShuJsonNode *array;

          if (!(shu_json_node_get_type (list) == SHU_JSON_ARRAY))
            {
              g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                           _("%s:1:1: the page's \"items\" must be an array"), display_name);
              return NULL;
            }
          array = list;
          for (guint i = 0; i < shu_json_node_get_length (array); i++)
            g_ptr_array_add (items, shu_json_node_get_element (array, i));
        }
      else if (type != NULL && strcmp (type, "Annotation") != 0)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                       _("%s:1:1: the page has no \"items\""), display_name);
          return NULL;
        }
    }
  else
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("%s:1:1: expected W3C annotations (an object or an array)"), display_name);
      return NULL;
    }

  if (labels == NULL)
    labels = own_labels = shu_label_set_new ();
  map = shu_offset_map_new (source, options->offsets);

  parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_parsed_annotation_free);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      ShuJsonPos pos = { 1, 1 };
      ShuParsedAnnotation *pa;
      g_autofree char *reason = NULL;

      if (!single)
        shu_json_scan_get_element (scan, path, i, &pos);
      pa = shu_parse_annotation (g_ptr_array_index (items, i), SHU_PARSE_LENIENT,
                                 display_name, &pos, i + 1, &local_error);
      if (pa != NULL && !shu_formats_complete_ranges (source, map, pa, &reason))
        {
          g_set_error (&local_error, SHU_ERROR, SHU_ERROR_INVALID, "%s:%u:%u: annotation %u: %s",
                       display_name, pos.line, pos.column, i + 1, reason);
          g_clear_pointer (&pa, shu_parsed_annotation_free);
        }
      if (pa != NULL && g_hash_table_contains (ids, pa->id))
        {
          g_set_error (&local_error, SHU_ERROR, SHU_ERROR_INVALID,
                       _("%s:%u:%u: annotation %u: id \"%s\" is used by another annotation"),
                       display_name, pos.line, pos.column, i + 1, pa->id);
          g_clear_pointer (&pa, shu_parsed_annotation_free);
        }
      if (pa == NULL)
        {
          /* One annotation that cannot be read (another kind of item in
           * a collection, a shape not understood) is skipped, not the file. */
          if (options->flags & SHU_IMPORT_STRICT)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return NULL;
            }
          g_ptr_array_add (skipped, g_strdup_printf (_("%s; annotation skipped"),
                                                     local_error->message));
          g_clear_error (&local_error);
          continue;
        }
      g_ptr_array_add (parsed, pa);
      g_hash_table_add (ids, pa->id);
      count_changes (g_ptr_array_index (items, i), changes);

      /* Tagging values name labels, found as the other formats find them;
       * unknown ones become new labels. */
      shu_formats_adopt_label (labels, pa);
    }

  document = shu_anchor_build_document (source, labels, parsed, FALSE, FALSE, display_name,
                                        report, error);
  if (n_skipped != NULL)
    *n_skipped = skipped->len;
  if (messages != NULL)
    {
      for (guint i = 0; i < N_CHANGES; i++)
        if (changes[i] > 0)
          g_ptr_array_add (skipped, g_strdup_printf (_(change_messages[i]), display_name,
                                                     changes[i]));
      *messages = g_steal_pointer (&skipped);
    }
  if (document != NULL && title != NULL)
    shu_document_set_title (document, title);
  return document;
}
