/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-json-writer.h"
#include "shu-jsonl.h"

/* Links are what doccano's relation format holds (events, equivalence
 * sets and attributes it does not). */
static gboolean
has_links (ShuDocument *document)
{
  g_autoptr(GPtrArray) relations =
    shu_annotation_store_dup_relations (shu_document_get_store (document));

  for (guint i = 0; i < relations->len; i++)
    if (shu_relation_get_kind (g_ptr_array_index (relations, i)) == SHU_RELATION_LINK)
      return TRUE;
  return FALSE;
}

/* doccano's relation-extraction line: "entities" with ids (one per range;
 * a relation names its ends' first ranges) and "relations". */
static GBytes *
export_with_relations (ShuDocument *document,
                       GPtrArray   *annotations)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GPtrArray) relations = shu_annotation_store_dup_relations (store);
  g_autoptr(GHashTable) entity_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GString) comments = g_string_new (NULL);
  GString *out = g_string_new ("{\"id\": 1, \"text\": ");
  guint n_entities = 0, n_relations = 0;

  shu_json_append_string (out, shu_source_get_text (shu_document_get_source (document)));
  g_string_append (out, ", \"entities\": [");
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      const char *name = shu_formats_label_name (document, annotation);
      GPtrArray *notes = shu_annotation_get_comments (annotation);

      g_hash_table_insert (entity_of, (gpointer) shu_annotation_get_id (annotation),
                           GUINT_TO_POINTER (n_entities + 1));
      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          g_string_append_printf (out, "%s{\"id\": %u, \"label\": ", n_entities > 0 ? ", " : "",
                                  n_entities + 1);
          shu_json_append_string (out, name != NULL ? name : "");
          g_string_append_printf (out, ", \"start_offset\": %u, \"end_offset\": %u}",
                                  ranges[r].start, ranges[r].end);
          n_entities++;
        }
      for (guint c = 0; c < notes->len; c++)
        {
          g_string_append_printf (comments, "%s{\"start\": %u, \"end\": %u, \"text\": ",
                                  comments->len > 0 ? ", " : "", ranges[0].start,
                                  ranges[0].end);
          shu_json_append_string (comments, shu_comment_get_text (g_ptr_array_index (notes, c)));
          g_string_append_c (comments, '}');
        }
    }
  g_string_append (out, "], \"relations\": [");
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      guint from, to;

      if (shu_relation_get_kind (relation) != SHU_RELATION_LINK)
        continue;
      from = GPOINTER_TO_UINT (g_hash_table_lookup (entity_of,
                                                    shu_relation_get_target (relation, 0)));
      to = GPOINTER_TO_UINT (g_hash_table_lookup (entity_of,
                                                  shu_relation_get_target (relation, 1)));
      /* An end that is an orphan or an event has no entity. */
      if (from == 0 || to == 0)
        continue;
      g_string_append_printf (out, "%s{\"id\": %u, \"from_id\": %u, \"to_id\": %u, "
                              "\"type\": ", n_relations > 0 ? ", " : "", n_relations + 1, from,
                              to);
      shu_json_append_string (out, shu_relation_get_type_name (relation));
      g_string_append_c (out, '}');
      n_relations++;
    }
  g_string_append_printf (out, "], \"Comments\": [%s]}\n", comments->str);
  return g_string_free_to_bytes (out);
}

GBytes *
shu_jsonl_export (ShuDocument *document)
{
  return shu_jsonl_export_full (document, SHU_OFFSETS_CODEPOINTS);
}

GBytes *
shu_jsonl_export_full (ShuDocument   *document,
                       ShuOffsetUnit  unit)
{
  g_autoptr(ShuOffsetMap) map = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GString) comments = g_string_new (NULL);
  GString *out;
  gboolean first_label = TRUE;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  map = shu_offset_map_new (shu_document_get_source (document), unit);
  annotations = shu_formats_sorted_annotations (document);
  if (has_links (document))
    return export_with_relations (document, annotations);
  out = g_string_new ("{\"id\": 1, \"text\": ");
  shu_json_append_string (out, shu_source_get_text (shu_document_get_source (document)));
  g_string_append (out, ", \"label\": [");
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      const char *name = shu_formats_label_name (document, annotation);
      GPtrArray *notes = shu_annotation_get_comments (annotation);

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          g_string_append_printf (out, "%s[%" G_GUINT64_FORMAT ", %" G_GUINT64_FORMAT ", ",
                                  first_label ? "" : ", ",
                                  shu_offset_map_from_codepoints (map, ranges[r].start),
                                  shu_offset_map_from_codepoints (map, ranges[r].end));
          shu_json_append_string (out, name != NULL ? name : "");
          g_string_append_c (out, ']');
          first_label = FALSE;
        }
      for (guint c = 0; c < notes->len; c++)
        {
          g_string_append_printf (comments, "%s{\"start\": %" G_GUINT64_FORMAT ", \"end\": %"
                                  G_GUINT64_FORMAT ", \"text\": ",
                                  comments->len > 0 ? ", " : "",
                                  shu_offset_map_from_codepoints (map, ranges[0].start),
                                  shu_offset_map_from_codepoints (map, ranges[0].end));
          shu_json_append_string (comments, shu_comment_get_text (g_ptr_array_index (notes, c)));
          g_string_append_c (comments, '}');
        }
    }
  g_string_append_printf (out, "], \"Comments\": [%s]}\n", comments->str);

  return g_string_free_to_bytes (out);
}

/* ------------------------------------------------------------- import */

/* The reader numbers lines from 1 within the one line it is given: moves
 * its "FILE:1:COLUMN: " to the real line. */
static void
move_error_to_line (GError     **error,
                    const char  *display_name,
                    guint        line)
{
  g_autofree char *prefix = g_strconcat (display_name, ":", NULL);
  const char *message;
  char *end;
  guint64 inner;

  if (error == NULL || *error == NULL)
    return;
  message = (*error)->message;
  if (!g_str_has_prefix (message, prefix))
    return;
  inner = g_ascii_strtoull (message + strlen (prefix), &end, 10);
  if (end == message + strlen (prefix) || *end != ':')
    return;
  {
    char *moved = g_strdup_printf ("%s%" G_GUINT64_FORMAT "%s", prefix, inner + line - 1, end);

    g_free ((*error)->message);
    (*error)->message = moved;
  }
}

static gboolean G_GNUC_PRINTF (5, 6)
fail_at (GError           **error,
         const char        *display_name,
         guint              line,
         const ShuJsonPos  *pos,
         const char        *format,
         ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, "%s:%u:%u: %s", display_name,
               line + (pos != NULL ? pos->line - 1 : 0), pos != NULL ? pos->column : 1,
               reason);
  return FALSE;
}

static gboolean
node_is (JsonNode *node,
         GType     type)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == type;
}

typedef struct
{
  guint     start;
  guint     end;
  /* As the file counts them: comments name their span by these. */
  guint64   raw_start;
  guint64   raw_end;
  char     *label_id;
  GPtrArray *comments;
  /* doccano's relation format names entities by an "id". */
  gboolean  has_entity_id;
  gint64    entity_id;
  char     *id;          /* the annotation's */
} Span;

static void
span_clear (gpointer data)
{
  Span *span = data;

  g_free (span->label_id);
  g_free (span->id);
  g_ptr_array_unref (span->comments);
}

/* What reading one document needs besides its JSON. */
typedef struct
{
  ShuSource              *source;
  ShuLabelSet            *labels;
  ShuOffsetMap           *map;
  const ShuImportOptions *options;
  GPtrArray              *skipped;   /* utf8 */
  GArray                 *raw;       /* guint64 start, end as written, for the unit hint */
} Reader;

/* Leniently, one label entry that cannot be read is reported and skipped. */
static gboolean
skip_or_fail (Reader  *reader,
              GError **item_error,
              GError **error)
{
  if (reader->options->flags & SHU_IMPORT_STRICT)
    {
      g_propagate_error (error, g_steal_pointer (item_error));
      return FALSE;
    }
  g_ptr_array_add (reader->skipped, g_strdup_printf (_("%s; label skipped"),
                                                     (*item_error)->message));
  g_clear_error (item_error);
  return TRUE;
}

static gboolean
add_span (GArray      *spans,
          Reader      *reader,
          guint        number,
          gint64       start,
          gint64       end,
          const char  *name,
          const char  *display_name,
          guint        line,
          ShuJsonPos  *pos,
          GError     **error)
{
  g_autofree char *reason = NULL;
  Span span = { 0 };
  guint64 raw[2] = { start, end };

  g_array_append_vals (reader->raw, raw, 2);
  if (!shu_formats_convert_range (reader->map, reader->source, start, end, &span.start,
                                  &span.end, &reason))
    return fail_at (error, display_name, line, pos, _("label %u: %s"), number, reason);
  span.raw_start = start;
  span.raw_end = end;
  span.label_id = *name != '\0' ? g_strdup (shu_formats_ensure_label (reader->labels, name))
                                : NULL;
  span.comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_array_append_val (spans, span);
  return TRUE;
}

/* Where the value of the root's member @name starts; 1:1 without it. */
static void
member_pos (ShuJsonTree *tree,
            const char  *name,
            ShuJsonPos  *pos)
{
  ShuJsonNode *member = shu_json_node_find (shu_json_tree_get_root (tree), name);

  pos->line = pos->column = 1;
  if (member != NULL)
    shu_json_node_get_pos (member, pos);
}

static gboolean
read_spans (JsonObject  *object,
            ShuJsonTree *tree,
            Reader      *reader,
            GArray      *spans,
            const char  *display_name,
            guint        line,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, "label");
  const char *path = "label";
  JsonArray *array;

  if (node == NULL)
    {
      node = json_object_get_member (object, "entities");
      path = "entities";
    }
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      ShuJsonPos pos = { 1, 1 };

      member_pos (tree, path, &pos);
      return fail_at (error, display_name, line, &pos, _("\"%s\" must be an array"), path);
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      ShuJsonPos pos = { 1, 1 };
      JsonNode *a = NULL, *b = NULL, *c = NULL;
      g_autoptr(GError) item_error = NULL;

      shu_formats_json_pos (tree, path, i, &pos);
      if (JSON_NODE_HOLDS_ARRAY (item) && json_array_get_length (json_node_get_array (item)) == 3)
        {
          a = json_array_get_element (json_node_get_array (item), 0);
          b = json_array_get_element (json_node_get_array (item), 1);
          c = json_array_get_element (json_node_get_array (item), 2);
        }
      else if (JSON_NODE_HOLDS_OBJECT (item))
        {
          a = json_object_get_member (json_node_get_object (item), "start_offset");
          b = json_object_get_member (json_node_get_object (item), "end_offset");
          c = json_object_get_member (json_node_get_object (item), "label");
        }
      if (!node_is (a, G_TYPE_INT64) || !node_is (b, G_TYPE_INT64) || !node_is (c, G_TYPE_STRING))
        fail_at (&item_error, display_name, line, &pos,
                 _("label %u: expected [start, end, \"Label\"] (whole numbers and a "
                   "string)"), i + 1);
      else if (add_span (spans, reader, i + 1, json_node_get_int (a), json_node_get_int (b),
                         json_node_get_string (c), display_name, line, &pos, &item_error)
               && JSON_NODE_HOLDS_OBJECT (item))
        {
          JsonNode *id = json_object_get_member (json_node_get_object (item), "id");
          Span *span = &g_array_index (spans, Span, spans->len - 1);

          if (node_is (id, G_TYPE_INT64))
            {
              span->has_entity_id = TRUE;
              span->entity_id = json_node_get_int (id);
            }
        }
      if (item_error != NULL && !skip_or_fail (reader, &item_error, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_comments (JsonObject  *object,
               ShuJsonTree *tree,
               GArray      *spans,
               const char  *display_name,
               guint        line,
               guint       *n_unplaced,
               GError     **error)
{
  const char *path = json_object_has_member (object, "Comments") ? "Comments" : "comments";
  JsonNode *node = json_object_get_member (object, path);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      ShuJsonPos pos = { 1, 1 };

      member_pos (tree, path, &pos);
      return fail_at (error, display_name, line, &pos, _("\"%s\" must be an array"), path);
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      ShuJsonPos pos = { 1, 1 };
      JsonObject *comment;
      JsonNode *text, *start, *end;
      gboolean placed = FALSE;

      shu_formats_json_pos (tree, path, i, &pos);
      if (node_is (item, G_TYPE_STRING))
        {
          /* doccano's own comments are on the whole text: no span to hold them. */
          (*n_unplaced)++;
          continue;
        }
      if (!JSON_NODE_HOLDS_OBJECT (item))
        return fail_at (error, display_name, line, &pos,
                        _("comment %u: expected a string or an object"), i + 1);
      comment = json_node_get_object (item);
      text = json_object_get_member (comment, "text");
      start = json_object_get_member (comment, "start");
      end = json_object_get_member (comment, "end");
      if (!node_is (text, G_TYPE_STRING))
        return fail_at (error, display_name, line, &pos, _("comment %u: \"text\" must be a string"),
                        i + 1);
      if (node_is (start, G_TYPE_INT64) && node_is (end, G_TYPE_INT64))
        for (guint s = 0; s < spans->len && !placed; s++)
          {
            Span *span = &g_array_index (spans, Span, s);

            if (span->raw_start == (guint64) json_node_get_int (start)
                && span->raw_end == (guint64) json_node_get_int (end))
              {
                g_ptr_array_add (span->comments,
                                 shu_comment_new (json_node_get_string (text), NULL));
                placed = TRUE;
              }
          }
      if (!placed)
        (*n_unplaced)++;
    }
  return TRUE;
}

ShuDocument *
shu_jsonl_import (GBytes       *bytes,
                  const char   *display_name,
                  ShuSource    *source,
                  ShuLabelSet  *labels,
                  GPtrArray   **messages,
                  GError      **error)
{
  static const ShuImportOptions defaults = { 0 };

  return shu_jsonl_import_full (bytes, display_name, source, labels, &defaults, messages, NULL,
                                error);
}

/* Whether @line_text is @text but for line breaks at the end: a text
 * saved by an editor gains a final newline that the tool never had. Its
 * offsets are the same. */
static gboolean
same_but_final_newline (const char *line_text,
                        const char *text)
{
  gsize a = strlen (line_text), b = strlen (text);

  while (a > 0 && (line_text[a - 1] == '\n' || line_text[a - 1] == '\r'))
    a--;
  while (b > 0 && (text[b - 1] == '\n' || text[b - 1] == '\r'))
    b--;
  return a == b && memcmp (line_text, text, a) == 0;
}

/* Doccano-shaped files carry no quote to check offsets by. Spans are
 * words or phrases: when, counted as code points, some start or end inside
 * a word but all fall on word edges counted in another unit, the file
 * counts in that unit. */
static gboolean
on_word_edge (ShuSource *source,
              guint      offset)
{
  const char *text = shu_source_get_text (source);
  guint length = shu_source_get_length (source);
  gunichar before, after;

  if (offset == 0 || offset >= length)
    return TRUE;
  before = g_utf8_get_char (text + shu_source_offset_to_byte (source, offset - 1));
  after = g_utf8_get_char (text + shu_source_offset_to_byte (source, offset));
  return !(g_unichar_isalnum (before) && g_unichar_isalnum (after));
}

static guint
count_inside_words (ShuSource     *source,
                    ShuOffsetUnit  unit,
                    GArray        *raw,
                    gboolean      *all_fit)
{
  g_autoptr(ShuOffsetMap) map = shu_offset_map_new (source, unit);
  guint inside = 0;

  *all_fit = TRUE;
  for (guint i = 0; i + 1 < raw->len; i += 2)
    {
      g_autofree char *reason = NULL;
      guint s, e;

      if (!shu_formats_convert_range (map, source, g_array_index (raw, guint64, i),
                                      g_array_index (raw, guint64, i + 1), &s, &e, &reason))
        *all_fit = FALSE;
      else
        inside += !on_word_edge (source, s) + !on_word_edge (source, e);
    }
  return inside;
}

static const char *
guess_unit_by_edges (ShuSource *source,
                     GArray    *raw)
{
  gboolean fit_cp, fit_other;
  guint inside_cp = count_inside_words (source, SHU_OFFSETS_CODEPOINTS, raw, &fit_cp);

  if (fit_cp && inside_cp == 0)
    return NULL;
  for (ShuOffsetUnit u = SHU_OFFSETS_UTF16; u <= SHU_OFFSETS_BYTES; u++)
    if (count_inside_words (source, u, raw, &fit_other) == 0 && fit_other)
      return shu_offset_unit_describe (u);
  return NULL;
}

/* doccano's relation format: {"from_id": ENTITY, "to_id": ENTITY, "type":
 * "..."}: a link from one entity to the other (roles Arg1, Arg2, as brat
 * names them). One naming an entity not read is counted in @n_unread. */
static void
read_relations (JsonArray *array,
                GArray    *spans,
                GPtrArray *out,
                guint     *n_unread)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      JsonNode *from = object != NULL ? json_object_get_member (object, "from_id") : NULL;
      JsonNode *to = object != NULL ? json_object_get_member (object, "to_id") : NULL;
      JsonNode *type = object != NULL ? json_object_get_member (object, "type") : NULL;
      const char *ends[2] = { NULL, NULL };
      const char *roles[2] = { "Arg1", "Arg2" };

      if (node_is (from, G_TYPE_INT64) && node_is (to, G_TYPE_INT64)
          && node_is (type, G_TYPE_STRING) && *json_node_get_string (type) != '\0')
        for (guint s = 0; s < spans->len; s++)
          {
            Span *span = &g_array_index (spans, Span, s);

            if (!span->has_entity_id)
              continue;
            if (span->entity_id == json_node_get_int (from) && ends[0] == NULL)
              ends[0] = span->id;
            if (span->entity_id == json_node_get_int (to) && ends[1] == NULL)
              ends[1] = span->id;
          }
      if (ends[0] == NULL || ends[1] == NULL)
        {
          (*n_unread)++;
          continue;
        }
      g_ptr_array_add (out, shu_relation_new (NULL, SHU_RELATION_LINK,
                                              json_node_get_string (type), NULL, roles, ends,
                                              2, NULL, NULL, NULL, NULL, NULL));
    }
}

ShuDocument *
shu_jsonl_import_full (GBytes                  *bytes,
                       const char              *display_name,
                       ShuSource               *source,
                       ShuLabelSet             *labels,
                       const ShuImportOptions  *options,
                       GPtrArray              **messages,
                       guint                   *n_skipped,
                       GError                 **error)
{
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) raw = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(ShuOffsetMap) map = NULL;
  g_autoptr(JsonParser) near = NULL;
  g_autoptr(ShuJsonTree) near_tree = NULL;
  guint near_line = 0;
  const char *unit_hint = NULL;
  g_autoptr(ShuLabelSet) own_labels = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, TRUE, sizeof (Span));
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) chosen = NULL;
  g_autoptr(ShuJsonTree) chosen_tree = NULL;
  guint chosen_line = 0;
  guint n_other_lines = 0;
  guint n_unplaced = 0;
  guint n_relations = 0;
  g_autoptr(GPtrArray) relations_out = g_ptr_array_new_with_free_func (g_object_unref);
  const char *data, *p, *end;
  gsize size;
  guint line = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (spans, span_clear);
  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    data = "";
  if (size > ((gsize) 256 * 1024 * 1024))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the file is %llu bytes; the limit is 256 MiB"),
                   display_name, (unsigned long long) size);
      return NULL;
    }

  for (p = data, end = data + size; p < end; )
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      gsize len = line_end - p;
      g_autoptr(ShuJsonTree) line_tree = NULL;
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) local_error = NULL;
      JsonNode *root, *text;
      gboolean blank = TRUE;

      line++;
      if (len > 0 && p[len - 1] == '\r')
        len--;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace (p[i]))
          blank = FALSE;

      if (!blank)
        {
          /* Every line is checked strictly before json-glib sees it. */
          line_tree = shu_json_tree_read (p, len, SHU_JSONL_MAX_DEPTH, SHU_JSON_READ_DEFAULT,
                                          display_name, error);
          if (line_tree == NULL)
            {
              move_error_to_line (error, display_name, line);
              return NULL;
            }
          if (chosen != NULL)
            n_other_lines++;
          else
            {
              parser = json_parser_new_immutable ();
              if (!json_parser_load_from_data (parser, p, len, &local_error))
                {
                  g_set_error (error, SHU_ERROR, SHU_ERROR_PARSE, "%s:%u:1: %s", display_name,
                               line, local_error->message);
                  return NULL;
                }
              root = json_parser_get_root (parser);
              if (!JSON_NODE_HOLDS_OBJECT (root))
                {
                  fail_at (error, display_name, line, NULL, _("a line must hold a JSON object"));
                  return NULL;
                }
              text = json_object_get_member (json_node_get_object (root), "text");
              if (!node_is (text, G_TYPE_STRING))
                {
                  fail_at (error, display_name, line, NULL, _("missing \"text\" string"));
                  return NULL;
                }
              if (strcmp (json_node_get_string (text), shu_source_get_text (source)) == 0)
                {
                  chosen = g_steal_pointer (&parser);
                  chosen_tree = g_steal_pointer (&line_tree);
                  chosen_line = line;
                }
              else
                {
                  if (near == NULL && same_but_final_newline (json_node_get_string (text),
                                                              shu_source_get_text (source)))
                    {
                      near = g_steal_pointer (&parser);
                      near_tree = g_steal_pointer (&line_tree);
                      near_line = line;
                    }
                  n_other_lines++;
                }
            }
        }
      p = nl != NULL ? nl + 1 : end;
    }

  if (chosen == NULL && near != NULL)
    {
      /* Only line breaks at the very end differ: every offset is the same. */
      if (options->flags & SHU_IMPORT_STRICT)
        {
          g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                       _("%s:%u: this line's \"text\" is the text given except for line breaks "
                         "at the end (the text file ends with a line break the tool's text "
                         "does not have, or the other way round)"), display_name, near_line);
          return NULL;
        }
      chosen = g_steal_pointer (&near);
      chosen_tree = g_steal_pointer (&near_tree);
      chosen_line = near_line;
      n_other_lines--;
    }
  if (chosen == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("%s: no line's \"text\" is the text given (%u lines read)"),
                   display_name, n_other_lines);
      return NULL;
    }

  if (labels == NULL)
    labels = own_labels = shu_label_set_new ();
  map = shu_offset_map_new (source, options->offsets);

  {
    JsonObject *object = json_node_get_object (json_parser_get_root (chosen));
    JsonNode *relations = json_object_get_member (object, "relations");
    Reader reader = { source, labels, map, options, skipped, raw };

    if (!read_spans (object, chosen_tree, &reader, spans, display_name, chosen_line,
                     error)
        || !read_comments (object, chosen_tree, spans, display_name, chosen_line,
                           &n_unplaced, error))
      return NULL;
    for (guint i = 0; i < spans->len; i++)
      g_array_index (spans, Span, i).id = shu_new_urn_uuid ();
    if (relations != NULL && JSON_NODE_HOLDS_ARRAY (relations))
      read_relations (json_node_get_array (relations), spans, relations_out, &n_relations);
  }

  if (options->offsets == SHU_OFFSETS_CODEPOINTS)
    unit_hint = guess_unit_by_edges (source, raw);

  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = &g_array_index (spans, Span, i);
      ShuRange range = { span->start, span->end };

      g_ptr_array_add (annotations, shu_annotation_new (span->id, &range, 1, span->label_id,
                                                        span->comments, NULL, NULL, NULL));
    }

  if (n_skipped != NULL)
    *n_skipped = skipped->len;
  if (messages != NULL)
    {
      *messages = g_ptr_array_new_with_free_func (g_free);
      if (chosen_line == near_line)
        g_ptr_array_add (*messages, g_strdup_printf (_("%s:%u: the text file ends with line "
                                                       "breaks this line's \"text\" does not "
                                                       "have (or the other way round); the "
                                                       "offsets are the same"), display_name,
                                                     chosen_line));
      for (guint i = 0; i < skipped->len; i++)
        g_ptr_array_add (*messages, g_strdup (g_ptr_array_index (skipped, i)));
      if (unit_hint != NULL)
        g_ptr_array_add (*messages, g_strdup_printf (_("%s:%u: counted as code points, some "
                                                       "spans start or end inside a word; "
                                                       "counted as %s, all fall on word edges: "
                                                       "the file probably counts offsets in "
                                                       "that unit"), display_name, chosen_line,
                                                     unit_hint));
      if (n_other_lines > 0)
        g_ptr_array_add (*messages, g_strdup_printf (_("%s: %u other lines (other texts) were "
                                                       "not imported; line %u holds this text"),
                                                     display_name, n_other_lines, chosen_line));
      if (n_unplaced > 0)
        g_ptr_array_add (*messages, g_strdup_printf (_("%s: %u comments not tied to a span were "
                                                       "not imported"), display_name, n_unplaced));
      if (n_relations > 0)
        g_ptr_array_add (*messages, g_strdup_printf (_("%s: %u relations not imported: they "
                                                       "name entities that are not in the "
                                                       "file or were not placed"), display_name,
                                                     n_relations));
    }

  {
    ShuDocument *document = shu_document_new (source, labels);

    shu_annotation_store_reset_full (shu_document_get_store (document), annotations,
                                     relations_out, labels);
    return document;
  }
}

/* ------------------------------------------------ several documents */

void
shu_jsonl_document_free (ShuJsonlDocument *doc)
{
  if (doc == NULL)
    return;
  g_free (doc->name);
  g_clear_object (&doc->document);
  g_free (doc);
}

/* A file name for the line's document: its "id" when it is a plain
 * number or a name without path characters, else "line-N". */
static char *
document_name (JsonObject *object,
               guint       line)
{
  JsonNode *id = json_object_get_member (object, "id");

  if (node_is (id, G_TYPE_INT64))
    return g_strdup_printf ("%lld", (long long) json_node_get_int (id));
  if (node_is (id, G_TYPE_STRING))
    {
      const char *text = json_node_get_string (id);
      gboolean plain = *text != '\0' && *text != '.' && strlen (text) < 100;

      for (const char *p = text; *p != '\0' && plain; p++)
        plain = g_ascii_isalnum (*p) || *p == '-' || *p == '_' || *p == '.';
      if (plain)
        return g_strdup (text);
    }
  return g_strdup_printf ("line-%u", line);
}

GPtrArray *
shu_jsonl_import_all (GBytes                  *bytes,
                      const char              *display_name,
                      ShuLabelSet             *labels,
                      const ShuImportOptions  *options,
                      GPtrArray              **messages,
                      guint                   *n_skipped,
                      GError                 **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                   shu_jsonl_document_free);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(ShuLabelSet) own_labels = NULL;
  const char *data, *p, *end;
  gsize size;
  guint line = 0;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    data = "";
  if (labels == NULL)
    labels = own_labels = shu_label_set_new ();

  for (p = data, end = data + size; p < end; )
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *line_end = nl != NULL ? nl : end;
      const char *start = p;
      gsize len = line_end - p;
      g_autoptr(ShuJsonTree) line_tree = NULL;
      g_autoptr(JsonParser) parser = NULL;
      g_autoptr(GError) line_error = NULL;
      g_autoptr(GArray) spans = NULL;
      g_autoptr(GArray) raw = NULL;
      g_autoptr(ShuSource) source = NULL;
      g_autoptr(ShuOffsetMap) map = NULL;
      g_autoptr(GBytes) text_bytes = NULL;
      JsonObject *object = NULL;
      JsonNode *text = NULL;
      gboolean blank = TRUE;
      guint n_unplaced = 0;

      line++;
      if (len > 0 && p[len - 1] == '\r')
        len--;
      for (gsize i = 0; i < len; i++)
        if (!g_ascii_isspace (p[i]))
          blank = FALSE;
      p = nl != NULL ? nl + 1 : end;
      if (blank)
        continue;

      line_tree = shu_json_tree_read (start, len, SHU_JSONL_MAX_DEPTH, SHU_JSON_READ_DEFAULT,
                                      display_name, &line_error);
      if (line_tree != NULL)
        {
          parser = json_parser_new_immutable ();
          if (!json_parser_load_from_data (parser, start, len, NULL)
              || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
            fail_at (&line_error, display_name, line, NULL, _("a line must hold a JSON object"));
          else
            {
              object = json_node_get_object (json_parser_get_root (parser));
              text = json_object_get_member (object, "text");
              if (!node_is (text, G_TYPE_STRING))
                fail_at (&line_error, display_name, line, NULL, _("missing \"text\" string"));
            }
        }
      else
        move_error_to_line (&line_error, display_name, line);

      if (line_error == NULL)
        {
          const char *t = json_node_get_string (text);

          text_bytes = g_bytes_new (t, strlen (t));
          source = shu_source_new_from_bytes (text_bytes, SHU_ENCODING_UTF8, &line_error);
        }
      if (line_error == NULL)
        {
          Reader reader;

          spans = g_array_new (FALSE, TRUE, sizeof (Span));
          g_array_set_clear_func (spans, span_clear);
          raw = g_array_new (FALSE, FALSE, sizeof (guint64));
          map = shu_offset_map_new (source, options->offsets);
          reader = (Reader) { source, labels, map, options, skipped, raw };
          if (read_spans (object, line_tree, &reader, spans, display_name, line, &line_error))
            read_comments (object, line_tree, spans, display_name, line, &n_unplaced, &line_error);
        }

      if (line_error != NULL)
        {
          /* One document that cannot be read does not stop the others. */
          if (options->flags & SHU_IMPORT_STRICT)
            {
              g_propagate_error (error, g_steal_pointer (&line_error));
              return NULL;
            }
          g_ptr_array_add (skipped, g_strdup_printf (_("%s; document skipped"),
                                                     line_error->message));
          continue;
        }

      {
        g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
        ShuJsonlDocument *doc = g_new0 (ShuJsonlDocument, 1);
        g_autofree char *name = document_name (object, line);

        for (guint i = 0; i < spans->len; i++)
          {
            Span *span = &g_array_index (spans, Span, i);
            ShuRange range = { span->start, span->end };

            g_ptr_array_add (annotations, shu_annotation_new (NULL, &range, 1, span->label_id,
                                                              span->comments, NULL, NULL,
                                                              NULL));
          }
        /* Two documents may not share a file name. */
        if (g_hash_table_contains (names, name))
          {
            g_free (name);
            name = g_strdup_printf ("line-%u", line);
          }
        g_hash_table_add (names, g_strdup (name));
        doc->name = g_steal_pointer (&name);
        doc->line = line;
        doc->document = shu_formats_build_document (source, labels, annotations);
        g_ptr_array_add (documents, doc);
        if (n_unplaced > 0)
          g_ptr_array_add (skipped, g_strdup_printf (_("%s:%u: %u comments not tied to a span "
                                                       "were not imported"), display_name,
                                                     line, n_unplaced));
      }
    }

  if (n_skipped != NULL)
    *n_skipped = skipped->len;
  if (messages != NULL)
    *messages = g_steal_pointer (&skipped);
  return g_steal_pointer (&documents);
}
