/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-text.h"

GPtrArray *
shu_formats_sorted_annotations (ShuDocument *document)
{
  GPtrArray *annotations;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (document));
  shu_annotation_sort (annotations);
  return annotations;
}

const char *
shu_formats_label_name (ShuDocument   *document,
                        ShuAnnotation *annotation)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  const char *id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = id != NULL ? shu_label_set_lookup (labels, id) : NULL;

  return label != NULL ? shu_label_get_name (label) : NULL;
}

/* The label of @labels a foreign file means by @name when no label has
 * that name: labels are identified by id, and other formats carry only
 * names. A name that is a label's id ("claim", or brat's "Claim") is that
 * label, and so is a starter label's name in English or in the interface
 * language (a colleague with another interface language). */
static ShuLabel *
lookup_by_id (ShuLabelSet *labels,
              const char  *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (labels));
  const char *starter;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_autofree char *id = g_utf8_casefold (shu_label_get_id (label), -1);

      /* The set's own reference outlives this one. */
      if (g_str_equal (id, folded))
        return shu_label_set_lookup (labels, shu_label_get_id (label));
    }
  starter = shu_label_default_id_for_name (name);
  return starter != NULL ? shu_label_set_lookup (labels, starter) : NULL;
}

const char *
shu_formats_ensure_label (ShuLabelSet *labels,
                          const char  *name)
{
  /* Another tool's label name may hold a control character, which a
   * sidecar refuses: the label gets the name with it made visible. */
  g_autofree char *visible = shu_text_replace_controls (name);
  ShuLabel *label;

  name = visible;
  label = shu_label_set_lookup_name (labels, name);

  if (label == NULL)
    label = lookup_by_id (labels, name);
  if (label == NULL)
    {
      g_autoptr(ShuLabel) added = shu_label_new (NULL, name, shu_label_set_suggest_color (labels),
                                                 NULL, 0);

      shu_label_set_append (labels, added);
      label = added;
    }
  return shu_label_get_id (label);
}

void
shu_formats_adopt_label (ShuLabelSet         *labels,
                         ShuParsedAnnotation *pa)
{
  const char *id;

  if (pa->label_name == NULL)
    return;
  id = shu_formats_ensure_label (labels, pa->label_name);
  g_free (pa->label_name);
  pa->label_name = g_strdup (shu_label_get_name (shu_label_set_lookup (labels, id)));
}

gboolean
shu_formats_check_range (ShuSource  *source,
                         guint64     start,
                         guint64     end,
                         char      **reason)
{
  guint length = shu_source_get_length (source);

  if (start >= end)
    *reason = g_strdup_printf (_("start %llu is not before end %llu"),
                               (unsigned long long) start, (unsigned long long) end);
  else if (end > length)
    *reason = g_strdup_printf (_("end %llu is past the end of the text "
                                 "(%u code points)"), (unsigned long long) end, length);
  else if (!shu_source_is_boundary (source, (guint) start))
    *reason = g_strdup_printf (_("start %llu falls inside a character "
                                 "(a grapheme cluster such as a letter with its niqqud)"),
                               (unsigned long long) start);
  else if (!shu_source_is_boundary (source, (guint) end))
    *reason = g_strdup_printf (_("end %llu falls inside a character "
                                 "(a grapheme cluster such as a letter with its niqqud)"),
                               (unsigned long long) end);
  else
    return TRUE;
  return FALSE;
}

ShuDocument *
shu_formats_build_document (ShuSource   *source,
                            ShuLabelSet *labels,
                            GPtrArray   *annotations)
{
  ShuDocument *document = shu_document_new (source, labels);

  shu_annotation_store_reset (shu_document_get_store (document), annotations, labels);
  return document;
}

/* --------------------------------------------------- import messages */

gboolean
shu_import_message_split (const char  *message,
                          const char  *file_name,
                          char       **place,
                          char       **detail)
{
  const char *p;

  g_return_val_if_fail (message != NULL, FALSE);
  g_return_val_if_fail (file_name != NULL, FALSE);

  *place = NULL;
  *detail = NULL;
  if (!g_str_has_prefix (message, file_name))
    return FALSE;
  /* "FILE", then ":LINE" and ":COLUMN" when known, then ": ". */
  p = message + strlen (file_name);
  while (p[0] == ':' && g_ascii_isdigit (p[1]))
    {
      p++;
      while (g_ascii_isdigit (*p))
        p++;
    }
  if (p[0] != ':' || p[1] != ' ')
    return FALSE;
  *place = g_strndup (message, p - message);
  *detail = g_strdup (p + 2);
  return TRUE;
}

/* ------------------------------------------------------ offset units */

gboolean
shu_offset_unit_from_string (const char    *name,
                             ShuOffsetUnit *unit)
{
  static const char *names[] = { "codepoints", "utf16", "bytes" };

  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (name, names[i]))
      {
        *unit = (ShuOffsetUnit) i;
        return TRUE;
      }
  return FALSE;
}

const char *
shu_offset_unit_describe (ShuOffsetUnit unit)
{
  switch (unit)
    {
    case SHU_OFFSETS_UTF16:
      return _("UTF-16 code units");
    case SHU_OFFSETS_BYTES:
      return _("UTF-8 bytes");
    case SHU_OFFSETS_CODEPOINTS:
    default:
      return _("code points");
    }
}

struct _ShuOffsetMap
{
  ShuSource     *source;
  ShuOffsetUnit  unit;
  GArray        *astral;   /* guint: code point offsets of characters > U+FFFF */
};

ShuOffsetMap *
shu_offset_map_new (ShuSource     *source,
                    ShuOffsetUnit  unit)
{
  ShuOffsetMap *map = g_new0 (ShuOffsetMap, 1);

  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);

  map->source = g_object_ref (source);
  map->unit = unit;
  if (unit == SHU_OFFSETS_UTF16)
    {
      const char *text = shu_source_get_text (source);
      guint offset = 0;

      map->astral = g_array_new (FALSE, FALSE, sizeof (guint));
      for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), offset++)
        /* A four-byte UTF-8 sequence is exactly a character past U+FFFF. */
        if (((guchar) *p & 0xf8) == 0xf0)
          g_array_append_val (map->astral, offset);
    }
  return map;
}

ShuOffsetUnit
shu_offset_map_get_unit (ShuOffsetMap *map)
{
  return map->unit;
}

void
shu_offset_map_free (ShuOffsetMap *map)
{
  if (map == NULL)
    return;
  g_object_unref (map->source);
  g_clear_pointer (&map->astral, g_array_unref);
  g_free (map);
}

gboolean
shu_offset_map_to_codepoints (ShuOffsetMap  *map,
                              guint64        value,
                              guint64       *out,
                              char         **reason)
{
  guint length = shu_source_get_length (map->source);

  switch (map->unit)
    {
    case SHU_OFFSETS_UTF16:
      {
        /* The j-th astral character (at code point p) starts at UTF-16
         * unit p + j; find how many start before @value. */
        guint lo = 0, hi = map->astral->len;

        while (lo < hi)
          {
            guint mid = lo + (hi - lo) / 2;

            if ((guint64) g_array_index (map->astral, guint, mid) + mid < value)
              lo = mid + 1;
            else
              hi = mid;
          }
        /* lo astral characters start before @value; the last of them may
         * be cut in half. */
        if (lo > 0 && (guint64) g_array_index (map->astral, guint, lo - 1) + (lo - 1) + 1
                      == value)
          {
            *reason = g_strdup_printf (_("offset %llu falls between the two UTF-16 units of "
                                         "one character"), (unsigned long long) value);
            return FALSE;
          }
        *out = value - lo;
      }
      break;
    case SHU_OFFSETS_BYTES:
      {
        const char *text = shu_source_get_text (map->source);
        gsize size = shu_source_get_text_size (map->source);

        if (value > size)
          {
            *reason = g_strdup_printf (_("offset %llu is past the end of the text (%llu bytes)"),
                                       (unsigned long long) value, (unsigned long long) size);
            return FALSE;
          }
        if (value < size && ((guchar) text[value] & 0xc0) == 0x80)
          {
            *reason = g_strdup_printf (_("offset %llu falls inside the UTF-8 bytes of one "
                                         "character"), (unsigned long long) value);
            return FALSE;
          }
        *out = shu_source_byte_to_offset (map->source, value);
      }
      break;
    case SHU_OFFSETS_CODEPOINTS:
    default:
      *out = value;
      break;
    }

  if (*out > length)
    {
      *reason = g_strdup_printf (_("offset %llu is past the end of the text (%u code points)"),
                                 (unsigned long long) value, length);
      return FALSE;
    }
  return TRUE;
}

guint64
shu_offset_map_from_codepoints (ShuOffsetMap *map,
                                guint         offset)
{
  switch (map->unit)
    {
    case SHU_OFFSETS_UTF16:
      {
        /* Each character past U+FFFF before @offset counts one unit more. */
        guint lo = 0, hi = map->astral->len;

        while (lo < hi)
          {
            guint mid = lo + (hi - lo) / 2;

            if (g_array_index (map->astral, guint, mid) < offset)
              lo = mid + 1;
            else
              hi = mid;
          }
        return (guint64) offset + lo;
      }
    case SHU_OFFSETS_BYTES:
      return shu_source_offset_to_byte (map->source, offset);
    case SHU_OFFSETS_CODEPOINTS:
    default:
      return offset;
    }
}

gboolean
shu_formats_convert_range (ShuOffsetMap  *map,
                           ShuSource     *source,
                           guint64        start,
                           guint64        end,
                           guint         *out_start,
                           guint         *out_end,
                           char         **reason)
{
  guint64 s = start, e = end;

  if (map != NULL && shu_offset_map_get_unit (map) != SHU_OFFSETS_CODEPOINTS)
    {
      if (start >= end)
        return shu_formats_check_range (source, start, end, reason);
      if (!shu_offset_map_to_codepoints (map, start, &s, reason)
          || !shu_offset_map_to_codepoints (map, end, &e, reason))
        return FALSE;
    }
  if (!shu_formats_check_range (source, s, e, reason))
    return FALSE;
  *out_start = (guint) s;
  *out_end = (guint) e;
  return TRUE;
}

static char *
flatten (const char *text)
{
  char *flat = g_strdup (text);

  g_strdelimit (flat, "\t\r\n", ' ');
  return flat;
}

const char *
shu_formats_guess_unit (ShuSource     *source,
                        ShuOffsetUnit  tried,
                        const guint64 *starts,
                        const guint64 *ends,
                        guint          n_ranges,
                        const char    *text,
                        ShuOffsetUnit *unit)
{
  g_autofree char *want = flatten (text);

  for (ShuOffsetUnit u = SHU_OFFSETS_CODEPOINTS; u <= SHU_OFFSETS_BYTES; u++)
    {
      g_autoptr(ShuOffsetMap) map = NULL;
      g_autoptr(GString) got = g_string_new (NULL);
      gboolean fits = TRUE;

      if (u == tried)
        continue;
      map = shu_offset_map_new (source, u);
      for (guint r = 0; r < n_ranges && fits; r++)
        {
          g_autofree char *reason = NULL;
          g_autofree char *part = NULL;
          guint s, e;

          if (!shu_formats_convert_range (map, source, starts[r], ends[r], &s, &e, &reason))
            fits = FALSE;
          else
            {
              part = shu_source_dup_range (source, s, e);
              if (r > 0)
                g_string_append_c (got, ' ');
              g_string_append (got, part);
            }
        }
      if (fits)
        {
          g_autofree char *flat = flatten (got->str);

          if (strcmp (flat, want) == 0)
            {
              if (unit != NULL)
                *unit = u;
              return shu_offset_unit_describe (u);
            }
        }
    }
  return NULL;
}

/* Other producers give a passage by position alone or by quote alone;
 * completes @pa from @source so that it anchors like a full pair: a
 * position gets the quote and context at it (in the file's offset unit),
 * a quote gets the place its quote and context are found. FALSE, with
 * @reason, when a position is not on the text. */
gboolean
shu_formats_complete_ranges (ShuSource           *source,
                             ShuOffsetMap        *map,
                             ShuParsedAnnotation *pa,
                             char               **reason)
{
  gboolean unplaced = FALSE;

  for (guint i = 0; i < pa->ranges->len; i++)
    {
      ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, i);

      if (range->exact == NULL)
        {
          if (!shu_formats_convert_range (map, source, range->start, range->end, &range->start,
                                          &range->end, reason))
            return FALSE;
          shu_source_get_quote (source, range->start, range->end, &range->prefix,
                                &range->exact, &range->suffix);
        }
      else if (range->start == range->end)
        unplaced = TRUE;
      else if (shu_offset_map_get_unit (map) != SHU_OFFSETS_CODEPOINTS)
        {
          g_autofree char *ignored = NULL;
          guint start, end;

          /* A quote is the judge of a position: one that is not on the
           * text is re-anchored by the quote. */
          if (shu_formats_convert_range (map, source, range->start, range->end, &start, &end,
                                         &ignored))
            range->start = start, range->end = end;
        }
    }

  if (unplaced)
    {
      g_autofree ShuRange *out = g_new0 (ShuRange, pa->ranges->len);
      double confidence;

      /* Where the quotes (with their context) are, as re-anchoring finds
       * them. */
      if (shu_anchor_place (source, pa, out, &confidence) == SHU_ANCHOR_ORPHAN)
        {
          const ShuQuotedRange *range = NULL;

          /* Without a position it cannot even be kept aside as an orphan:
           * name the first quote that has none. */
          for (guint i = 0; i < pa->ranges->len && range == NULL; i++)
            if (g_array_index (pa->ranges, ShuQuotedRange, i).start
                == g_array_index (pa->ranges, ShuQuotedRange, i).end)
              range = &g_array_index (pa->ranges, ShuQuotedRange, i);
          g_assert (range != NULL);
          *reason = g_strdup_printf (_("the quote “%s” is not in this text"), range->exact);
          return FALSE;
        }
      for (guint i = 0; i < pa->ranges->len; i++)
        {
          ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, i);

          range->start = out[i].start;
          range->end = out[i].end;
        }
    }
  return TRUE;
}

JsonParser *
shu_formats_load_json (GBytes       *bytes,
                       const char   *display_name,
                       guint         max_depth,
                       ShuJsonTree **tree,
                       GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  const char *data;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    data = "";
  if (size > SHU_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the file is %llu bytes; the limit is %llu bytes (256 MiB)"),
                   display_name, (unsigned long long) size,
                   (unsigned long long) SHU_SIDECAR_MAX_BYTES);
      return NULL;
    }
  /* The strict reader first: json-glib 1.6 takes the last of duplicate
   * keys and crashes on deep nesting. */
  *tree = shu_json_tree_read (data, size, max_depth, SHU_JSON_READ_ANY_NUMBER, display_name,
                              error);
  if (*tree == NULL)
    return NULL;
  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_PARSE, "%s: %s", display_name,
                   local_error->message);
      g_clear_pointer (tree, shu_json_tree_free);
      return NULL;
    }
  return g_steal_pointer (&parser);
}

void
shu_formats_json_pos (ShuJsonTree *tree,
                      const char  *path,
                      guint        index,
                      ShuJsonPos  *pos)
{
  ShuJsonNode *array = shu_json_node_find (shu_json_tree_get_root (tree), path);

  pos->line = pos->column = 1;
  if (shu_json_node_get_type (array) == SHU_JSON_ARRAY && index < shu_json_node_get_length (array))
    shu_json_node_get_pos (shu_json_node_get_element (array, index), pos);
}

/* How many annotations are checked for another unit before giving up:
 * each check walks the text. */
#define MAX_UNIT_CHECKS 20

ShuDocument *
shu_formats_anchor_parsed (ShuSource               *source,
                           ShuLabelSet             *labels,
                           GPtrArray               *parsed,
                           const ShuImportOptions  *options,
                           const char              *display_name,
                           GPtrArray               *skipped,
                           GPtrArray               *notes,
                           GPtrArray              **report,
                           GError                 **error)
{
  g_autoptr(ShuOffsetMap) map = shu_offset_map_new (source, options->offsets);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              shu_parsed_annotation_free);
  const char *hint = NULL;
  guint n_hinted = 0, n_checked = 0;

  for (guint i = 0; i < parsed->len; i++)
    {
      ShuParsedAnnotation *pa = g_steal_pointer (&parsed->pdata[i]);
      g_autofree char *reason = NULL;

      /* Offsets that do not hold their quote, but would in another unit. */
      if (options->offsets == SHU_OFFSETS_CODEPOINTS && pa->ranges->len == 1
          && n_checked < MAX_UNIT_CHECKS)
        {
          ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, 0);
          g_autofree char *at = NULL;

          if (range->exact != NULL && range->start < range->end
              && range->end <= shu_source_get_length (source))
            at = shu_source_dup_range (source, range->start, range->end);
          if (range->exact != NULL && range->start < range->end
              && g_strcmp0 (at, range->exact) != 0)
            {
              guint64 start = range->start, end = range->end;
              const char *unit = shu_formats_guess_unit (source, SHU_OFFSETS_CODEPOINTS,
                                                         &start, &end, 1, range->exact, NULL);

              n_checked++;
              if (unit != NULL)
                hint = unit, n_hinted++;
            }
        }

      if (!shu_formats_complete_ranges (source, map, pa, &reason))
        {
          g_autoptr(GError) item_error = NULL;

          g_set_error (&item_error, SHU_ERROR, SHU_ERROR_INVALID, "%s:%u:%u: annotation %u: %s",
                       display_name, pa->pos.line, pa->pos.column, pa->number, reason);
          shu_parsed_annotation_free (pa);
          if (options->flags & SHU_IMPORT_STRICT)
            {
              g_propagate_error (error, g_steal_pointer (&item_error));
              return NULL;
            }
          g_ptr_array_add (skipped, g_strdup_printf (_("%s; annotation skipped"),
                                                     item_error->message));
          continue;
        }
      /* Tools reuse ids across their own containers; ours are unique. */
      if (g_hash_table_contains (ids, pa->id))
        {
          g_free (pa->id);
          pa->id = shu_new_urn_uuid ();
        }
      g_hash_table_add (ids, pa->id);
      shu_formats_adopt_label (labels, pa);
      g_ptr_array_add (kept, pa);
    }

  if (hint != NULL)
    g_ptr_array_add (notes, g_strdup_printf (_("%s: %u annotations do not hold their quote at "
                                               "their offsets counted as code points, but do "
                                               "counted as %s: the file counts offsets in that "
                                               "unit (they were placed by their quotes)"),
                                             display_name, n_hinted, hint));

  return shu_anchor_build_document (source, labels, kept, FALSE, FALSE, display_name, report,
                                    error);
}

const char *
shu_formats_json_string (JsonObject *object,
                         const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
      && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  return NULL;
}

JsonArray *
shu_formats_json_array (JsonObject *object,
                        const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

GDateTime *
shu_formats_json_date (JsonObject *object,
                       const char *name)
{
  const char *text = shu_formats_json_string (object, name);
  g_autoptr(GDateTime) date = text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  return date != NULL ? g_date_time_to_utc (date) : NULL;
}

void
shu_formats_hand_over_messages (GPtrArray   *skipped,
                                GPtrArray   *notes,
                                GPtrArray  **messages,
                                guint       *n_skipped)
{
  if (n_skipped != NULL)
    *n_skipped = skipped->len;
  if (messages != NULL)
    {
      g_ptr_array_extend_and_steal (skipped, g_ptr_array_ref (notes));
      *messages = g_ptr_array_ref (skipped);
    }
}
