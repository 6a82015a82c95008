/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-csv.h"
#include "shu-sidecar-private.h"

/* Between the texts of the ranges of a discontinuous annotation. */
#define RANGE_SEPARATOR " \xE2\x80\xA6 "

/* What makes a spreadsheet take a cell for a formula (OWASP's list). */
static gboolean
starts_formula (const char *value)
{
  return value[0] != '\0' && strchr ("=+-@\t\r", value[0]) != NULL;
}

void
shu_csv_append_field (GString     *out,
                      const char  *value,
                      ShuCsvFlags  flags,
                      gboolean     last)
{
  gboolean guard;

  if (value == NULL)
    value = "";

  guard = !(flags & SHU_CSV_RAW_CELLS) && starts_formula (value);
  if (guard || strpbrk (value, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      if (guard)
        g_string_append_c (out, '\'');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, value);

  g_string_append (out, last ? "\r\n" : ",");
}

/* "CASE=Nom; Negated". */
static char *
describe_attributes (GPtrArray *attributes)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < attributes->len; i++)
    {
      ShuAttribute *attribute = g_ptr_array_index (attributes, i);

      g_string_append_printf (out, "%s%s", i > 0 ? "; " : "", shu_attribute_get_name (attribute));
      if (shu_attribute_get_value (attribute) != NULL)
        g_string_append_printf (out, "=%s", shu_attribute_get_value (attribute));
    }
  return g_string_free (out, FALSE);
}

/* The relations an annotation starts (a link's first end, an event's
 * trigger, a set's first member), each whole: "Type(Role=ID Role=ID)",
 * with its attributes after a "|": every relation is on one row. */
static char *
describe_relations (ShuAnnotationStore *store,
                    ShuAnnotation      *annotation)
{
  const char *id = shu_annotation_get_id (annotation);
  g_autoptr(GPtrArray) relations = shu_annotation_store_get_relations_of (store, id);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      if (g_strcmp0 (shu_relation_get_head (relation), id) != 0)
        continue;
      g_string_append_printf (out, "%s%s(", out->len > 0 ? "; " : "",
                              shu_relation_get_type_name (relation));
      for (guint a = 0; a < shu_relation_get_n_arguments (relation); a++)
        {
          const char *role = shu_relation_get_role (relation, a);

          g_string_append_printf (out, "%s%s%s%s", a > 0 ? " " : "", role != NULL ? role : "",
                                  role != NULL ? "=" : "", shu_relation_get_target (relation, a));
        }
      g_string_append_c (out, ')');
      if (shu_relation_get_attributes (relation)->len > 0)
        {
          g_autofree char *attributes = describe_attributes (shu_relation_get_attributes
                                                               (relation));

          g_string_append_printf (out, " | %s", attributes);
        }
    }
  return g_string_free (out, FALSE);
}

/* Whether the columns for attributes and relations are needed. */
static gboolean
has_extras (ShuAnnotationStore *store,
            GPtrArray          *annotations)
{
  if (shu_annotation_store_get_n_relations (store) > 0)
    return TRUE;
  for (guint i = 0; i < annotations->len; i++)
    if (shu_annotation_get_attributes (g_ptr_array_index (annotations, i))->len > 0)
      return TRUE;
  return FALSE;
}

GBytes *
shu_csv_export (ShuDocument *document)
{
  return shu_csv_export_full (document, SHU_CSV_NONE);
}

GBytes *
shu_csv_export_full (ShuDocument *document,
                     ShuCsvFlags  flags)
{
  g_autoptr(GPtrArray) annotations = NULL;
  GString *out;
  ShuAnnotationStore *store;
  ShuLabelSet *labels;
  ShuSource *source;
  gboolean extras;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  store = shu_document_get_store (document);
  labels = shu_annotation_store_get_labels (store);
  source = shu_document_get_source (document);
  annotations = shu_annotation_store_dup_annotations (store);
  shu_annotation_sort (annotations);

  extras = has_extras (store, annotations);
  out = g_string_new (extras ? "id,start,end,text,label,comment,creator,created,modified,"
                               "attributes,relations\r\n"
                             : "id,start,end,text,label,comment,creator,created,modified\r\n");

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      GPtrArray *comments = shu_annotation_get_comments (annotation);
      const char *label_id = shu_annotation_get_label_id (annotation);
      ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GString) comment = g_string_new (NULL);
      g_autofree char *start = NULL;
      g_autofree char *end = NULL;
      g_autofree char *created = NULL;
      g_autofree char *modified = NULL;

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          g_autofree char *part = shu_source_dup_range (source, ranges[r].start, ranges[r].end);

          if (r > 0)
            g_string_append (text, RANGE_SEPARATOR);
          g_string_append (text, part);
        }
      for (guint c = 0; c < comments->len; c++)
        {
          if (c > 0)
            g_string_append_c (comment, '\n');
          g_string_append (comment, shu_comment_get_text (g_ptr_array_index (comments, c)));
        }

      start = g_strdup_printf ("%u", shu_annotation_get_start (annotation));
      end = g_strdup_printf ("%u", shu_annotation_get_end (annotation));
      created = shu_format_date (shu_annotation_get_created (annotation));
      modified = shu_format_date (shu_annotation_get_modified (annotation));

      shu_csv_append_field (out, shu_annotation_get_id (annotation), flags, FALSE);
      shu_csv_append_field (out, start, flags, FALSE);
      shu_csv_append_field (out, end, flags, FALSE);
      shu_csv_append_field (out, text->str, flags, FALSE);
      shu_csv_append_field (out, label != NULL ? shu_label_get_name (label) : NULL, flags, FALSE);
      shu_csv_append_field (out, comment->str, flags, FALSE);
      shu_csv_append_field (out, shu_annotation_get_creator (annotation), flags, FALSE);
      shu_csv_append_field (out, created, flags, FALSE);
      shu_csv_append_field (out, modified, flags, !extras);
      if (extras)
        {
          g_autofree char *attributes = describe_attributes (shu_annotation_get_attributes
                                                               (annotation));
          g_autofree char *relations = describe_relations (store, annotation);

          shu_csv_append_field (out, attributes, flags, FALSE);
          shu_csv_append_field (out, relations, flags, TRUE);
        }
    }

  return g_string_free_to_bytes (out);
}
