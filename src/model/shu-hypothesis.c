/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-hypothesis.h"
#include "shu-text.h"

/* Rows nest selectors three levels down, in target arrays; a little more
 * for members not read (document metadata). */
#define HYPOTHESIS_MAX_DEPTH 16

/* The TextQuoteSelector and TextPositionSelector of a row's first target
 * that has them, and that target's source (the page's URL). */
static gboolean
find_selectors (JsonObject  *row,
                JsonObject **quote,
                JsonObject **position,
                const char **page)
{
  JsonArray *targets = shu_formats_json_array (row, "target");

  *quote = *position = NULL;
  for (guint t = 0; targets != NULL && t < json_array_get_length (targets); t++)
    {
      JsonNode *target = json_array_get_element (targets, t);
      JsonArray *selectors;

      if (!JSON_NODE_HOLDS_OBJECT (target))
        continue;
      selectors = shu_formats_json_array (json_node_get_object (target), "selector");
      for (guint s = 0; selectors != NULL && s < json_array_get_length (selectors); s++)
        {
          JsonNode *node = json_array_get_element (selectors, s);
          const char *type;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            continue;
          type = shu_formats_json_string (json_node_get_object (node), "type");
          if (g_strcmp0 (type, "TextQuoteSelector") == 0 && *quote == NULL)
            *quote = json_node_get_object (node);
          else if (g_strcmp0 (type, "TextPositionSelector") == 0 && *position == NULL)
            *position = json_node_get_object (node);
        }
      if (*quote != NULL)
        {
          *page = shu_formats_json_string (json_node_get_object (target), "source");
          if (*page == NULL)
            *page = shu_formats_json_string (row, "uri");
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
uint_member (JsonObject *object,
             const char *name,
             guint      *out)
{
  JsonNode *node = json_object_get_member (object, name);
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  value = json_node_get_int (node);
  if (value < 0 || value >= G_MAXUINT)
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* One row as a parsed annotation; NULL with @reason when it has no
 * passage of the text. */
static ShuParsedAnnotation *
parse_row (JsonNode  *node,
           char     **reason)
{
  g_autoptr(ShuParsedAnnotation) pa = NULL;
  JsonObject *row, *quote, *position, *links;
  JsonArray *references, *tags;
  const char *id, *text, *user, *exact, *page = NULL;
  ShuQuotedRange range = { 0 };

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      *reason = g_strdup (_("not an object"));
      return NULL;
    }
  row = json_node_get_object (node);
  references = shu_formats_json_array (row, "references");
  if (references != NULL && json_array_get_length (references) > 0)
    {
      *reason = g_strdup (_("a reply to another annotation (it has no passage of its own)"));
      return NULL;
    }
  if (!find_selectors (row, &quote, &position, &page))
    {
      *reason = g_strdup (_("a page note (it has no quoted passage)"));
      return NULL;
    }
  exact = shu_formats_json_string (quote, "exact");
  if (exact == NULL || *exact == '\0')
    {
      *reason = g_strdup (_("the TextQuoteSelector lacks member \"exact\""));
      return NULL;
    }

  pa = shu_parsed_annotation_new ();

  /* Hypothesis's ids are bare; its page for an annotation is an IRI. */
  id = shu_formats_json_string (row, "id");
  links = json_object_has_member (row, "links")
          && JSON_NODE_HOLDS_OBJECT (json_object_get_member (row, "links"))
          ? json_object_get_object_member (row, "links") : NULL;
  if (links != NULL && shu_formats_json_string (links, "html") != NULL)
    pa->id = g_strdup (shu_formats_json_string (links, "html"));
  else if (id != NULL && *id != '\0')
    pa->id = g_strconcat ("https://hypothes.is/a/", id, NULL);
  else
    pa->id = shu_new_urn_uuid ();

  range.exact = g_strdup (exact);
  range.prefix = g_strdup (shu_formats_json_string (quote, "prefix") != NULL
                           ? shu_formats_json_string (quote, "prefix") : "");
  range.suffix = g_strdup (shu_formats_json_string (quote, "suffix") != NULL
                           ? shu_formats_json_string (quote, "suffix") : "");
  /* Without a usable position, start == end: placed by the quote. */
  if (position == NULL || !uint_member (position, "start", &range.start)
      || !uint_member (position, "end", &range.end) || range.start >= range.end)
    range.start = range.end = 0;
  g_array_append_val (pa->ranges, range);

  tags = shu_formats_json_array (row, "tags");
  for (guint i = 0; tags != NULL && i < json_array_get_length (tags); i++)
    {
      JsonNode *tag = json_array_get_element (tags, i);
      const char *value;

      if (!JSON_NODE_HOLDS_VALUE (tag) || json_node_get_value_type (tag) != G_TYPE_STRING)
        continue;
      value = json_node_get_string (tag);
      if (*value == '\0')
        continue;
      /* One label an annotation: further tags are kept as comments. */
      if (pa->label_name == NULL)
        pa->label_name = g_strdup (value);
      else
        g_ptr_array_add (pa->comments, shu_comment_new (value, NULL));
    }
  text = shu_formats_json_string (row, "text");
  if (text != NULL && *text != '\0')
    g_ptr_array_add (pa->comments, shu_comment_new (text, NULL));

  user = shu_formats_json_string (row, "user");
  if (user != NULL && g_str_has_prefix (user, "acct:"))
    user += strlen ("acct:");
  /* A sidecar refuses a creator's name with a control character in it:
   * made visible, so that the import saves a file that opens again. An
   * empty name ("" or a bare "acct:") is no creator: a sidecar refuses
   * that too. */
  pa->creator = user != NULL && *user != '\0' ? shu_text_replace_controls (user) : NULL;
  /* The page the passage was read on, kept as the target's own source
   * beside the local text (FORMAT.md, "shu:foreign"): the W3C export
   * names it as the target's scope. */
  if (page != NULL && *page != '\0')
    {
      g_autoptr(ShuJsonWriter) w = shu_json_writer_new ();
      g_autoptr(GBytes) kept = NULL;

      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_begin_array (w, "targets");
      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "source", page);
      shu_json_writer_end_object (w);
      shu_json_writer_end_array (w);
      shu_json_writer_end_object (w);
      kept = shu_json_writer_finish (w);
      pa->foreign = g_strndup (g_bytes_get_data (kept, NULL), g_bytes_get_size (kept));
    }
  pa->created = shu_formats_json_date (row, "created");
  pa->modified = shu_formats_json_date (row, "updated");
  shu_parsed_annotation_default_dates (pa);
  return g_steal_pointer (&pa);
}

ShuDocument *
shu_hypothesis_import (GBytes                  *bytes,
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
  JsonArray *rows = NULL;
  JsonNode *root;
  const char *path = "";

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = shu_formats_load_json (bytes, display_name, HYPOTHESIS_MAX_DEPTH, &tree, error);
  if (parser == NULL)
    return NULL;
  root = json_parser_get_root (parser);

  if (JSON_NODE_HOLDS_ARRAY (root))
    rows = json_node_get_array (root);
  else if (JSON_NODE_HOLDS_OBJECT (root))
    {
      JsonObject *object = json_node_get_object (root);

      if ((rows = shu_formats_json_array (object, "rows")) != NULL)
        path = "rows";
      else if ((rows = shu_formats_json_array (object, "annotations")) != NULL)
        path = "annotations";
    }

  if (rows == NULL && !(JSON_NODE_HOLDS_OBJECT (root)
                        && json_object_has_member (json_node_get_object (root), "target")))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("%s:1:1: expected Hypothesis annotations (an export with "
                     "\"annotations\", API results with \"rows\", or rows)"), display_name);
      return NULL;
    }

  for (guint i = 0; i < (rows != NULL ? json_array_get_length (rows) : 1); i++)
    {
      JsonNode *node = rows != NULL ? json_array_get_element (rows, i) : root;
      g_autofree char *reason = NULL;
      ShuJsonPos pos = { 1, 1 };
      ShuParsedAnnotation *pa;

      if (rows != NULL)
        shu_formats_json_pos (tree, path, i, &pos);
      pa = parse_row (node, &reason);
      if (pa == NULL)
        {
          if (options->flags & SHU_IMPORT_STRICT)
            {
              g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, "%s:%u:%u: annotation %u: %s",
                           display_name, pos.line, pos.column, i + 1, reason);
              return NULL;
            }
          g_ptr_array_add (skipped, g_strdup_printf (_("%s:%u:%u: annotation %u: %s; "
                                                       "annotation skipped"), display_name,
                                                     pos.line, pos.column, i + 1, reason));
          continue;
        }
      pa->pos = pos;
      pa->number = i + 1;
      g_ptr_array_add (parsed, pa);
    }

  if (labels == NULL)
    labels = own_labels = shu_label_set_new ();
  document = shu_formats_anchor_parsed (source, labels, parsed, options, display_name, skipped,
                                        notes, report, error);
  if (document == NULL)
    return NULL;
  shu_formats_hand_over_messages (skipped, notes, messages, n_skipped);
  return document;
}
