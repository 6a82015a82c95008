/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"
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
  N_("%s: %u motivations other than highlighting, tagging and commenting are not shown, "
     "only kept for the W3C export"),
};

/* ------------------------------------------------- what is kept verbatim */

/* Depth a kept value may have: the sidecar nests it 8 levels down
 * (collection, page, items, annotation, "shu:foreign", list, record,
 * value), within SHU_SIDECAR_MAX_DEPTH. */
#define KEPT_MAX_DEPTH (SHU_SIDECAR_MAX_DEPTH - 8)

static guint
node_depth (ShuJsonNode *node)
{
  guint deepest = 0;
  ShuJsonType type = shu_json_node_get_type (node);

  if (type != SHU_JSON_ARRAY && type != SHU_JSON_OBJECT)
    return 0;
  for (guint i = 0; i < shu_json_node_get_length (node); i++)
    {
      ShuJsonNode *child = type == SHU_JSON_ARRAY ? shu_json_node_get_element (node, i)
                                                  : shu_json_node_get_member_at (node, i, NULL);

      deepest = MAX (deepest, node_depth (child));
    }
  return deepest + 1;
}

/* Whether every member of @object is one of @known. */
static gboolean
members_within (ShuJsonNode       *object,
                const char * const *known)
{
  for (guint i = 0; i < shu_json_node_get_length (object); i++)
    {
      const char *key;

      shu_json_node_get_member_at (object, i, &key);
      if (!g_strv_contains (known, key))
        return FALSE;
    }
  return TRUE;
}

/* What the reader makes of a body (shu-sidecar.c, parse_body_item(),
 * leniently): the label, or comments, or nothing (another kind of
 * resource). Mirrored here to know which comments a kept body stands for. */
static void
body_texts (ShuJsonNode  *body,
            gboolean     *label_taken,
            const char  **label,
            GPtrArray    *texts)
{
  ShuJsonNode *member;
  const char *type, *purpose, *value;

  if (shu_json_node_get_type (body) == SHU_JSON_STRING)
    {
      g_ptr_array_add (texts, (gpointer) shu_json_node_get_string (body));
      return;
    }
  if (shu_json_node_get_type (body) != SHU_JSON_OBJECT)
    return;
  value = string_of (body, "value");
  if (shu_json_node_get_member (body, "value") == NULL)
    {
      /* A resource given by IRI: its "source" (a SpecificResource), its
       * "id"; a Choice: each of its items. */
      member = shu_json_node_get_member (body, "source");
      if (member != NULL)
        {
          body_texts (member, label_taken, label, texts);
          return;
        }
      member = shu_json_node_get_member (body, "items");
      if (member == NULL && string_of (body, "id") != NULL)
        {
          g_ptr_array_add (texts, (gpointer) string_of (body, "id"));
          return;
        }
      if (member != NULL && shu_json_node_get_type (member) == SHU_JSON_ARRAY)
        for (guint i = 0; i < shu_json_node_get_length (member); i++)
          body_texts (shu_json_node_get_element (member, i), label_taken, label, texts);
      return;
    }
  type = string_of (body, "type");
  purpose = string_of (body, "purpose");
  if ((type != NULL && strcmp (type, "TextualBody") != 0) || value == NULL)
    return;
  if (g_strcmp0 (purpose, "tagging") == 0 && !*label_taken)
    {
      *label_taken = TRUE;
      *label = value;
    }
  else
    g_ptr_array_add (texts, (gpointer) value);
}

/* A body the sidecar writes back as it was read: a TextualBody holding
 * only what Shulayim writes, the first tag or a plain-text comment. */
static gboolean
body_is_plain (ShuJsonNode *body,
               gboolean     label_taken)
{
  static const char * const known[] = { "type", "purpose", "value", "format", "language", NULL };
  const char *type, *purpose, *format, *language;

  if (shu_json_node_get_type (body) != SHU_JSON_OBJECT || !members_within (body, known)
      || string_of (body, "value") == NULL)
    return FALSE;
  type = string_of (body, "type");
  purpose = string_of (body, "purpose");
  format = string_of (body, "format");
  language = string_of (body, "language");
  if (g_strcmp0 (type, "TextualBody") != 0 && shu_json_node_get_member (body, "type") != NULL)
    return FALSE;
  if (g_strcmp0 (purpose, "tagging") == 0)
    return !label_taken && shu_json_node_get_member (body, "format") == NULL
           && shu_json_node_get_member (body, "language") == NULL;
  if (purpose != NULL && strcmp (purpose, "commenting") != 0)
    return FALSE;
  if (shu_json_node_get_member (body, "format") != NULL && g_strcmp0 (format, "text/plain") != 0)
    return FALSE;
  if (shu_json_node_get_member (body, "language") != NULL
      && (language == NULL || !shu_text_is_language_tag (language)))
    return FALSE;
  return TRUE;
}

static gboolean
selector_is_plain (ShuJsonNode *selector)
{
  static const char * const position[] = { "type", "start", "end", NULL };
  static const char * const quote[] = { "type", "exact", "prefix", "suffix", NULL };
  const char *type;

  if (shu_json_node_get_type (selector) != SHU_JSON_OBJECT)
    return FALSE;
  type = string_of (selector, "type");
  if (g_strcmp0 (type, "TextPositionSelector") == 0)
    return members_within (selector, position);
  if (g_strcmp0 (type, "TextQuoteSelector") == 0)
    return members_within (selector, quote)
           && (shu_json_node_get_member (selector, "prefix") == NULL
               || string_of (selector, "prefix") != NULL)
           && (shu_json_node_get_member (selector, "suffix") == NULL
               || string_of (selector, "suffix") != NULL);
  return FALSE;
}

static gboolean
creator_is_plain (ShuJsonNode *creator)
{
  static const char * const known[] = { "type", "name", NULL };

  return shu_json_node_get_type (creator) == SHU_JSON_OBJECT && members_within (creator, known)
         && string_of (creator, "name") != NULL
         && (shu_json_node_get_member (creator, "type") == NULL
             || g_strcmp0 (string_of (creator, "type"), "Person") == 0);
}

/* The elements of @node when it is an array, else @node alone. */
static GPtrArray *
one_or_many (ShuJsonNode *node)
{
  GPtrArray *all = g_ptr_array_new ();

  if (node == NULL)
    return all;
  if (shu_json_node_get_type (node) == SHU_JSON_ARRAY)
    for (guint i = 0; i < shu_json_node_get_length (node); i++)
      g_ptr_array_add (all, shu_json_node_get_element (node, i));
  else
    g_ptr_array_add (all, node);
  return all;
}

/* Writes @value under @key unless it is nested too deep for the sidecar
 * (counted in @too_deep). */
static gboolean
keep_node (ShuJsonWriter *w,
           const char    *key,
           ShuJsonNode   *value,
           guint         *too_deep)
{
  if (node_depth (value) > KEPT_MAX_DEPTH)
    {
      (*too_deep)++;
      return FALSE;
    }
  shu_json_write_node (w, key, value);
  return TRUE;
}

/* What @annotation (as another tool wrote it, read into @pa) holds that
 * the sidecar has no member of its own for, as the JSON text of the
 * sidecar's "shu:foreign" (FORMAT.md), or NULL when there is nothing:
 * unknown members of the annotation (and its motivation, creator and
 * context when Shulayim would write them otherwise), bodies that are not
 * plain text (with the label or comments they were read as), and for each
 * target its own source, other selectors and unknown members, and the
 * targets that select no text. */
static char *
kept_record (ShuJsonNode         *annotation,
             ShuParsedAnnotation *pa,
             const char          *source_iri,
             guint               *too_deep)
{
  static const char * const known[] = {
    "id", "type", "created", "modified", "body", "target", "shu:originalId", "shu:conflict",
    "shu:foreign", NULL
  };
  static const char * const target_known[] = {
    "source", "selector", "shu:originalSource", NULL
  };
  g_autoptr(ShuJsonWriter) w = shu_json_writer_new ();
  g_autoptr(GPtrArray) bodies = one_or_many (shu_json_node_get_member (annotation, "body"));
  g_autoptr(GPtrArray) targets = one_or_many (shu_json_node_get_member (annotation, "target"));
  g_autoptr(GBytes) text = NULL;
  const char *motivation_ours = pa->label_name != NULL ? "tagging"
                                : pa->comments->len > 0 ? "commenting" : "highlighting";
  gboolean label_taken = FALSE;
  gboolean any = FALSE, open = FALSE;

  shu_json_writer_begin_object (w, NULL);
  for (guint i = 0; i < shu_json_node_get_length (annotation); i++)
    {
      const char *key;
      ShuJsonNode *value = shu_json_node_get_member_at (annotation, i, &key);

      if (g_strv_contains (known, key)
          || (strcmp (key, "@context") == 0 && g_strcmp0 (string_of (annotation, key),
                                                          ANNO_CONTEXT) == 0)
          || (strcmp (key, "motivation") == 0 && g_strcmp0 (string_of (annotation, key),
                                                            motivation_ours) == 0)
          || (strcmp (key, "creator") == 0 && creator_is_plain (value)))
        continue;
      if (!open)
        shu_json_writer_begin_object (w, "members");
      open = TRUE;
      any |= keep_node (w, key, value, too_deep);
    }
  if (open)
    shu_json_writer_end_object (w);

  open = FALSE;
  for (guint i = 0; i < bodies->len; i++)
    {
      ShuJsonNode *body = g_ptr_array_index (bodies, i);
      g_autoptr(GPtrArray) texts = g_ptr_array_new ();
      const char *label = NULL;
      gboolean plain = body_is_plain (body, label_taken);

      body_texts (body, &label_taken, &label, texts);
      if (plain || node_depth (body) > KEPT_MAX_DEPTH)
        {
          *too_deep += !plain;
          continue;
        }
      if (!open)
        shu_json_writer_begin_array (w, "bodies");
      open = any = TRUE;
      shu_json_writer_begin_object (w, NULL);
      if (label != NULL)
        shu_json_writer_string (w, "label", label);
      else if (texts->len > 0)
        {
          shu_json_writer_begin_array (w, "comments");
          for (guint t = 0; t < texts->len; t++)
            shu_json_writer_string (w, NULL, g_ptr_array_index (texts, t));
          shu_json_writer_end_array (w);
        }
      shu_json_write_node (w, "body", body);
      shu_json_writer_end_object (w);
    }
  if (open)
    shu_json_writer_end_array (w);

  /* Targets: one record each, in order, even when empty, so that the
   * export gives each its own back. */
  {
    g_autoptr(ShuJsonWriter) tw = shu_json_writer_new ();
    gboolean any_target = FALSE;

    shu_json_writer_begin_array (tw, NULL);
    for (guint i = 0; i < targets->len; i++)
      {
        ShuJsonNode *target = g_ptr_array_index (targets, i);
        ShuJsonNode *source, *selector;
        g_autoptr(GPtrArray) selectors = NULL;
        gboolean open_selectors = FALSE, open_members = FALSE, own_scope;

        shu_json_writer_begin_object (tw, NULL);
        if (shu_json_node_get_type (target) != SHU_JSON_OBJECT
            || shu_json_node_get_member (target, "selector") == NULL)
          {
            /* Another resource the annotation is about (beside its text). */
            any_target |= keep_node (tw, "unused", target, too_deep);
            shu_json_writer_end_object (tw);
            continue;
          }
        /* The tool's own source (a web page's URL), unless it is this
         * text's IRI, as the export writes it. */
        source = shu_json_node_get_member (target, "shu:originalSource");
        own_scope = FALSE;
        if (source == NULL && g_strcmp0 (string_of (target, "source"), source_iri) != 0)
          source = shu_json_node_get_member (target, "source");
        else if (source == NULL)
          {
            /* Shulayim's own export: the tool's source is the scope. */
            source = shu_json_node_get_member (target, "scope");
            own_scope = source != NULL;
          }
        if (source != NULL)
          any_target |= keep_node (tw, "source", source, too_deep);
        selector = shu_json_node_get_member (target, "selector");
        selectors = one_or_many (selector);
        for (guint s = 0; s < selectors->len; s++)
          {
            ShuJsonNode *one = g_ptr_array_index (selectors, s);

            if (selector_is_plain (one))
              continue;
            if (!open_selectors)
              shu_json_writer_begin_array (tw, "selectors");
            open_selectors = TRUE;
            any_target |= keep_node (tw, NULL, one, too_deep);
          }
        if (open_selectors)
          shu_json_writer_end_array (tw);
        for (guint m = 0; m < shu_json_node_get_length (target); m++)
          {
            const char *key;
            ShuJsonNode *value = shu_json_node_get_member_at (target, m, &key);

            if (g_strv_contains (target_known, key) || (own_scope && strcmp (key, "scope") == 0))
              continue;
            if (!open_members)
              shu_json_writer_begin_object (tw, "members");
            open_members = TRUE;
            any_target |= keep_node (tw, key, value, too_deep);
          }
        if (open_members)
          shu_json_writer_end_object (tw);
        shu_json_writer_end_object (tw);
      }
    shu_json_writer_end_array (tw);
    if (any_target)
      {
        g_autoptr(GBytes) list = shu_json_writer_finish (tw);
        g_autoptr(ShuJsonTree) tree = NULL;

        /* Read back what was just written from nodes of a file read with
         * the same depth and flags: it cannot fail. */
        tree = shu_json_tree_read (g_bytes_get_data (list, NULL), g_bytes_get_size (list),
                                   SHU_SIDECAR_MAX_DEPTH + 1, SHU_JSON_READ_DEFAULT, "targets",
                                   NULL);
        g_assert (tree != NULL);
        shu_json_write_node (w, "targets", shu_json_tree_get_root (tree));
        any = TRUE;
      }
  }
  shu_json_writer_end_object (w);

  if (!any)
    return NULL;
  text = shu_json_writer_finish (w);
  return g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
}

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
  g_autofree char *source_iri = NULL;
  guint too_deep = 0;
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) parsed = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(ShuLabelSet) own_labels = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new ();
  ShuDocument *document;
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
  tree = shu_json_tree_read (data, size, SHU_SIDECAR_MAX_DEPTH, SHU_JSON_READ_DEFAULT,
                             display_name, error);
  if (tree == NULL)
    return NULL;
  root = shu_json_tree_get_root (tree);

  /* Find the list of annotations in whatever container holds them. */
  if ((shu_json_node_get_type (root) == SHU_JSON_ARRAY))
    {
      ShuJsonNode *array = root;

      for (guint i = 0; i < shu_json_node_get_length (array); i++)
        g_ptr_array_add (items, shu_json_node_get_element (array, i));
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
  source_iri = shu_w3c_source_iri (source);

  parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_parsed_annotation_free);
  ids = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < items->len; i++)
    {
      ShuJsonPos pos = { 1, 1 };
      ShuParsedAnnotation *pa;
      g_autofree char *reason = NULL;

      if (!single)
        shu_json_node_get_pos (g_ptr_array_index (items, i), &pos);
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
      /* What Shulayim has no place for is kept, to be written back by the
       * export; a sidecar read as W3C has it kept already. */
      if (pa->foreign == NULL)
        pa->foreign = kept_record (g_ptr_array_index (items, i), pa, source_iri, &too_deep);
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
      if (too_deep > 0)
        /* TRANSLATORS: %s is a file name, %u a number of JSON values. */
        g_ptr_array_add (skipped, g_strdup_printf (_("%s: %u values nested too deep were not "
                                                     "kept"), display_name, too_deep));
      *messages = g_steal_pointer (&skipped);
    }
  if (document != NULL && title != NULL)
    shu_document_set_title (document, title);
  return document;
}
