/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-labelstudio.h"
#include "shu-text.h"

/* Tasks nest spans five levels down (task, annotations, result, value,
 * labels); a little more for what is not read. */
#define LABELSTUDIO_MAX_DEPTH 16

static JsonObject *
object_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
is_type (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

/* The task's text: "data"."text", else the only string in "data". */
static const char *
task_text (JsonObject *task)
{
  JsonObject *data = object_member (task, "data");
  const char *text = NULL;
  g_autoptr(GList) members = NULL;

  if (data == NULL)
    return NULL;
  if (shu_formats_json_string (data, "text") != NULL)
    return shu_formats_json_string (data, "text");
  members = json_object_get_members (data);
  for (GList *l = members; l != NULL; l = l->next)
    if (shu_formats_json_string (data, l->data) != NULL)
      {
        if (text != NULL)
          return NULL;
        text = shu_formats_json_string (data, l->data);
      }
  return text;
}

static gboolean
same_text (const char *a,
           const char *b)
{
  gsize la = strlen (a), lb = strlen (b);

  /* An editor adds a line break at the end of a saved text. */
  while (la > 0 && (a[la - 1] == '\n' || a[la - 1] == '\r'))
    la--;
  while (lb > 0 && (b[lb - 1] == '\n' || b[lb - 1] == '\r'))
    lb--;
  return la == lb && memcmp (a, b, la) == 0;
}

static char *
creator_of (JsonObject *annotation)
{
  JsonNode *node = json_object_get_member (annotation, "completed_by");

  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      const char *email = shu_formats_json_string (json_node_get_object (node), "email");

      /* A sidecar refuses a creator's name with a control character. */
      if (email != NULL && *email != '\0')
        return shu_text_replace_controls (email);
      node = json_object_get_member (json_node_get_object (node), "id");
    }
  if (is_type (node, G_TYPE_INT64))
    return g_strdup_printf (_("Label Studio user %lld"), (long long) json_node_get_int (node));
  return NULL;
}

static const char *
id_text (JsonNode  *node,
         char     **owned)
{
  if (is_type (node, G_TYPE_STRING))
    return json_node_get_string (node);
  if (is_type (node, G_TYPE_INT64))
    return *owned = g_strdup_printf ("%lld", (long long) json_node_get_int (node));
  return "";
}

/* One span result; NULL with @reason when it is not a text span. */
static ShuParsedAnnotation *
parse_result (JsonObject  *annotation,
              JsonNode    *node,
              char       **reason)
{
  g_autoptr(ShuParsedAnnotation) pa = NULL;
  g_autofree char *owned_a = NULL;
  g_autofree char *owned_r = NULL;
  JsonObject *result, *value;
  JsonNode *start, *end;
  JsonArray *labels;
  const char *text;
  ShuQuotedRange range = { 0 };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("not an object"));
      return NULL;
    }
  result = json_node_get_object (node);
  value = object_member (result, "value");
  start = value != NULL ? json_object_get_member (value, "start") : NULL;
  end = value != NULL ? json_object_get_member (value, "end") : NULL;
  if (value == NULL || !is_type (start, G_TYPE_INT64) || !is_type (end, G_TYPE_INT64))
    {
      const char *type = shu_formats_json_string (result, "type");

      *reason = g_strdup_printf (_("a result of type “%s”, not a text span"),
                                 type != NULL ? type : "?");
      return NULL;
    }
  if (json_node_get_int (start) < 0 || json_node_get_int (end) <= json_node_get_int (start)
      || json_node_get_int (end) >= G_MAXUINT)
    {
      *reason = g_strdup_printf (_("start %lld is not before end %lld"),
                                 (long long) json_node_get_int (start),
                                 (long long) json_node_get_int (end));
      return NULL;
    }

  pa = shu_parsed_annotation_new ();
  /* Label Studio's ids are short strings, unique within a task only. */
  pa->id = g_strdup_printf ("labelstudio:%s/%s",
                            id_text (json_object_get_member (annotation, "id"), &owned_a),
                            id_text (json_object_get_member (result, "id"), &owned_r));
  range.start = (guint) json_node_get_int (start);
  range.end = (guint) json_node_get_int (end);
  text = shu_formats_json_string (value, "text");
  /* Without the text, the offsets alone place it (exact NULL). */
  if (text != NULL && *text != '\0')
    {
      range.exact = g_strdup (text);
      range.prefix = g_strdup ("");
      range.suffix = g_strdup ("");
    }
  g_array_append_val (pa->ranges, range);

  labels = shu_formats_json_array (value, "labels");
  if (labels == NULL)
    labels = shu_formats_json_array (value, "hypertextlabels");
  for (guint i = 0; labels != NULL && i < json_array_get_length (labels); i++)
    {
      JsonNode *label = json_array_get_element (labels, i);

      if (!is_type (label, G_TYPE_STRING) || *json_node_get_string (label) == '\0')
        continue;
      if (pa->label_name == NULL)
        pa->label_name = g_strdup (json_node_get_string (label));
      else
        g_ptr_array_add (pa->comments, shu_comment_new (json_node_get_string (label), NULL));
    }

  pa->creator = creator_of (annotation);
  pa->created = shu_formats_json_date (annotation, "created_at");
  pa->modified = shu_formats_json_date (annotation, "updated_at");
  shu_parsed_annotation_default_dates (pa);
  return g_steal_pointer (&pa);
}

ShuDocument *
shu_labelstudio_import (GBytes                  *bytes,
                        const char              *display_name,
                        ShuSource               *source,
                        ShuLabelSet             *labels,
                        const ShuImportOptions  *options,
                        GPtrArray              **report,
                        GPtrArray              **messages,
                        guint                   *n_skipped,
                        GError                 **error)
{
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(ShuLabelSet) own_labels = NULL;
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                shu_parsed_annotation_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func (g_free);
  ShuDocument *document;
  JsonObject *task = NULL;
  JsonArray *tasks = NULL;
  JsonArray *annotations;
  JsonNode *root;
  ShuJsonPos pos = { 1, 1 };
  guint n_tasks = 1, n_other = 0, n_predictions = 0, number = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = shu_formats_load_json (bytes, display_name, LABELSTUDIO_MAX_DEPTH, &tree, error);
  if (parser == NULL)
    return NULL;
  root = json_parser_get_root (parser);

  if (JSON_NODE_HOLDS_ARRAY (root))
    {
      tasks = json_node_get_array (root);
      n_tasks = json_array_get_length (tasks);
      for (guint i = 0; i < n_tasks; i++)
        {
          JsonNode *node = json_array_get_element (tasks, i);
          const char *text = JSON_NODE_HOLDS_OBJECT (node)
                             ? task_text (json_node_get_object (node)) : NULL;

          if (task == NULL && text != NULL && same_text (text, shu_source_get_text (source)))
            {
              task = json_node_get_object (node);
              shu_formats_json_pos (tree, "", i, &pos);
            }
          else
            n_other++;
        }
    }
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      const char *text = task_text (json_node_get_object (root));

      if (text != NULL && same_text (text, shu_source_get_text (source)))
        task = json_node_get_object (root);
    }

  if (task == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("%s: no task's text is the text given (%u tasks read)"), display_name,
                   n_tasks);
      return NULL;
    }

  annotations = shu_formats_json_array (task, "annotations");
  if (shu_formats_json_array (task, "predictions") != NULL)
    n_predictions = json_array_get_length (shu_formats_json_array (task, "predictions"));
  for (guint a = 0; annotations != NULL && a < json_array_get_length (annotations); a++)
    {
      JsonNode *node = json_array_get_element (annotations, a);
      JsonObject *annotation;
      JsonArray *results;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      annotation = json_node_get_object (node);
      results = shu_formats_json_array (annotation, "result");
      for (guint r = 0; results != NULL && r < json_array_get_length (results); r++)
        {
          g_autofree char *reason = NULL;
          ShuParsedAnnotation *pa;

          number++;
          pa = parse_result (annotation, json_array_get_element (results, r), &reason);
          if (pa == NULL)
            {
              /* The task's position, as messages have always given it. */
              if (options->flags & SHU_IMPORT_STRICT)
                {
                  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                               _("%s:%u:%u: annotation %u, result %u: %s"), display_name,
                               pos.line, pos.column, a + 1, r + 1, reason);
                  return NULL;
                }
              g_ptr_array_add (skipped, g_strdup_printf (_("%s:%u:%u: annotation %u, result %u: "
                                                           "%s; skipped"), display_name,
                                                         pos.line, pos.column, a + 1, r + 1,
                                                         reason));
              continue;
            }
          pa->pos = pos;
          pa->number = number;
          g_ptr_array_add (parsed, pa);
        }
    }

  if (labels == NULL)
    labels = own_labels = shu_label_set_new ();
  document = shu_formats_anchor_parsed (source, labels, parsed, options, display_name, skipped,
                                        notes, report, error);
  if (document == NULL)
    return NULL;
  if (n_other > 0)
    g_ptr_array_add (notes, g_strdup_printf (_("%s: %u other tasks (other texts) were not "
                                               "imported"), display_name, n_other));
  if (n_predictions > 0)
    g_ptr_array_add (notes, g_strdup_printf (_("%s: %u predictions were not imported (only "
                                               "annotations are)"), display_name,
                                             n_predictions));
  shu_formats_hand_over_messages (skipped, notes, messages, n_skipped);
  return document;
}
