/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-annotation-store.h"
#include "shu-formats-private.h"
#include "shu-qdpx.h"
#include "shu-tei.h"
#include "shu-zip.h"

/* A GUID made from @kind and @key: the same label, annotator, text or
 * annotation gets the same GUID in every export. An annotation's own
 * "urn:uuid:" id is its first selection's GUID. */
static char *
dup_guid (const char *kind,
          const char *key)
{
  g_autofree char *digest = NULL;
  g_autofree char *input = NULL;

  if (g_str_equal (kind, "selection") && g_str_has_prefix (key, "urn:uuid:")
      && strlen (key) == 9 + 36)
    return g_ascii_strdown (key + 9, -1);

  input = g_strconcat ("shulayim:", kind, ":", key, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, input, -1);
  /* Version 5 and the RFC 4122 variant, as a name-based UUID has. */
  digest[12] = '5';
  digest[16] = "89ab"[g_ascii_xdigit_value (digest[16]) & 3];
  return g_strdup_printf ("%.8s-%.4s-%.4s-%.4s-%.12s", digest, digest + 8, digest + 12,
                          digest + 16, digest + 20);
}

static void
append_attr (GString    *out,
             const char *name,
             const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, " %s=\"", name);
  shu_xml_append_escaped (out, value, -1);
  g_string_append_c (out, '"');
}

static void
append_date_attr (GString    *out,
                  const char *name,
                  GDateTime  *date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (date == NULL)
    return;
  utc = g_date_time_to_utc (date);
  text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  append_attr (out, name, text);
}

static void
append_user_attr (GString    *out,
                  const char *name,
                  const char *creator)
{
  g_autofree char *guid = NULL;

  if (creator == NULL || creator[0] == '\0')
    return;
  guid = dup_guid ("user", creator);
  append_attr (out, name, guid);
}

static void
append_codes (GString     *out,
              GPtrArray   *labels,
              const char  *indent)
{
  g_string_append_printf (out, "%s<Codes>\n", indent);
  for (guint i = 0; i < labels->len; i++)
    {
      ShuLabel *label = g_ptr_array_index (labels, i);
      g_autofree char *guid = dup_guid ("label", shu_label_get_id (label));
      const char *description = shu_label_get_description (label);

      g_string_append_printf (out, "%s  <Code guid=\"%s\"", indent, guid);
      append_attr (out, "name", shu_label_get_name (label));
      g_string_append (out, " isCodable=\"true\"");
      append_attr (out, "color", shu_label_get_color (label));
      if (description != NULL && description[0] != '\0')
        {
          g_string_append (out, ">\n");
          g_string_append_printf (out, "%s    <Description>", indent);
          shu_xml_append_escaped (out, description, -1);
          g_string_append_printf (out, "</Description>\n%s  </Code>\n", indent);
        }
      else
        g_string_append (out, "/>\n");
    }
  g_string_append_printf (out, "%s</Codes>\n", indent);
}

/* The labels of all @documents, by id, the first document's first. */
static GPtrArray *
collect_labels (GPtrArray *documents)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint d = 0; d < documents->len; d++)
    {
      ShuDocument *document = g_ptr_array_index (documents, d);
      GListModel *set = G_LIST_MODEL (
        shu_annotation_store_get_labels (shu_document_get_store (document)));

      for (guint i = 0; i < g_list_model_get_n_items (set); i++)
        {
          ShuLabel *label = g_list_model_get_item (set, i);

          if (g_hash_table_add (seen, (gpointer) shu_label_get_id (label)))
            g_ptr_array_add (labels, label);
          else
            g_object_unref (label);
        }
    }
  return labels;
}

static void
append_selection (GString       *out,
                  GString       *notes,
                  ShuDocument   *document,
                  ShuAnnotation *annotation)
{
  ShuSource *source = shu_document_get_source (document);
  const ShuRange *ranges = shu_annotation_get_ranges (annotation);
  GPtrArray *comments = shu_annotation_get_comments (annotation);
  const char *id = shu_annotation_get_id (annotation);
  const char *label_id = shu_annotation_get_label_id (annotation);
  const char *creator = shu_annotation_get_creator (annotation);
  guint n = shu_annotation_get_n_ranges (annotation);
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));

  for (guint r = 0; r < n; r++)
    {
      g_autofree char *key = r == 0 ? g_strdup (id) : g_strdup_printf ("%s#%u", id, r + 1);
      g_autofree char *guid = dup_guid ("selection", key);
      g_autofree char *quote = shu_source_dup_range (source, ranges[r].start, ranges[r].end);

      g_string_append_printf (out, "      <PlainTextSelection guid=\"%s\"", guid);
      append_attr (out, "name", quote);
      g_string_append_printf (out, " startPosition=\"%u\" endPosition=\"%u\"",
                              ranges[r].start, ranges[r].end);
      append_user_attr (out, "creatingUser", creator);
      append_date_attr (out, "creationDateTime", shu_annotation_get_created (annotation));
      append_user_attr (out, "modifyingUser", creator);
      append_date_attr (out, "modifiedDateTime", shu_annotation_get_modified (annotation));
      g_string_append (out, ">\n");
      /* What REFI-QDA has no place for: which annotation a selection is a
       * part of, when it has several ranges. */
      if (n > 1)
        {
          g_string_append (out, "        <Description>");
          g_string_append_printf (out, "shulayim:part %u/%u of ", r + 1, n);
          shu_xml_append_escaped (out, id, -1);
          g_string_append (out, "</Description>\n");
        }
      if (label_id != NULL && shu_label_set_lookup (labels, label_id) != NULL)
        {
          g_autofree char *coding = dup_guid ("coding", key);
          g_autofree char *code = dup_guid ("label", label_id);

          g_string_append_printf (out, "        <Coding guid=\"%s\"", coding);
          append_user_attr (out, "creatingUser", creator);
          append_date_attr (out, "creationDateTime", shu_annotation_get_created (annotation));
          g_string_append_printf (out, ">\n          <CodeRef targetGUID=\"%s\"/>\n"
                                       "        </Coding>\n", code);
        }
      /* The comments go with the first range. */
      for (guint c = 0; r == 0 && c < comments->len; c++)
        {
          ShuComment *comment = g_ptr_array_index (comments, c);
          g_autofree char *note_key = g_strdup_printf ("%s#comment%u", id, c + 1);
          g_autofree char *note = dup_guid ("note", note_key);

          g_string_append_printf (out, "        <NoteRef targetGUID=\"%s\"/>\n", note);
          g_string_append_printf (notes, "    <Note guid=\"%s\"", note);
          append_attr (notes, "name", quote);
          append_user_attr (notes, "creatingUser", creator);
          append_date_attr (notes, "creationDateTime", shu_annotation_get_created (annotation));
          g_string_append (notes, ">\n      <PlainTextContent>");
          shu_xml_append_escaped (notes, shu_comment_get_text (comment), -1);
          g_string_append (notes, "</PlainTextContent>\n    </Note>\n");
        }
      g_string_append (out, "      </PlainTextSelection>\n");
    }
}

GBytes *
shu_qdpx_export_full (GPtrArray  *documents,
                      GPtrArray  *names,
                      const char *project_name)
{
  g_autoptr(ShuZipWriter) zip = shu_zip_writer_new ();
  g_autoptr(GPtrArray) labels = NULL;
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_autoptr(GString) sources = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  GString *qde;

  g_return_val_if_fail (documents != NULL && names != NULL, NULL);
  g_return_val_if_fail (documents->len == names->len, NULL);
  g_return_val_if_fail (project_name != NULL, NULL);

  labels = collect_labels (documents);
  for (guint d = 0; d < documents->len; d++)
    {
      ShuDocument *document = g_ptr_array_index (documents, d);
      ShuSource *source = shu_document_get_source (document);
      const char *name = g_ptr_array_index (names, d);
      g_autoptr(GPtrArray) annotations = shu_formats_sorted_annotations (document);
      g_autofree char *key = g_strconcat (name, ":", shu_source_get_sha256 (source), NULL);
      g_autofree char *guid = dup_guid ("source", key);
      g_autofree char *entry = g_strdup_printf ("Sources/%s.txt", guid);
      g_autoptr(GBytes) text = g_bytes_new (shu_source_get_text (source),
                                            shu_source_get_text_size (source));

      shu_zip_writer_add (zip, entry, text);
      g_string_append_printf (sources, "    <TextSource guid=\"%s\"", guid);
      append_attr (sources, "name", name);
      g_string_append_printf (sources, " plainTextPath=\"internal://%s.txt\"", guid);
      append_date_attr (sources, "creationDateTime", shu_document_get_created (document));
      append_date_attr (sources, "modifiedDateTime", shu_document_get_modified (document));
      g_string_append (sources, ">\n");
      for (guint i = 0; i < annotations->len; i++)
        {
          ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
          const char *creator = shu_annotation_get_creator (annotation);

          if (creator != NULL && creator[0] != '\0'
              && !g_ptr_array_find_with_equal_func (users, creator, g_str_equal, NULL))
            g_ptr_array_add (users, (gpointer) creator);
          append_selection (sources, notes, document, annotation);
        }
      g_string_append (sources, "    </TextSource>\n");
    }

  qde = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                      "<Project xmlns=\"urn:QDA-XML:project:1.0\"");
  append_attr (qde, "name", project_name);
  g_string_append (qde, " origin=\"Shulayim " VERSION "\">\n");
  if (users->len > 0)
    {
      g_string_append (qde, "  <Users>\n");
      for (guint i = 0; i < users->len; i++)
        {
          g_autofree char *guid = dup_guid ("user", g_ptr_array_index (users, i));

          g_string_append_printf (qde, "    <User guid=\"%s\"", guid);
          append_attr (qde, "name", g_ptr_array_index (users, i));
          g_string_append (qde, "/>\n");
        }
      g_string_append (qde, "  </Users>\n");
    }
  if (labels->len > 0)
    {
      g_string_append (qde, "  <CodeBook>\n");
      append_codes (qde, labels, "    ");
      g_string_append (qde, "  </CodeBook>\n");
    }
  if (documents->len > 0)
    g_string_append_printf (qde, "  <Sources>\n%s  </Sources>\n", sources->str);
  if (notes->len > 0)
    g_string_append_printf (qde, "  <Notes>\n%s  </Notes>\n", notes->str);
  g_string_append (qde, "</Project>\n");

  {
    g_autoptr(GBytes) project = g_string_free_to_bytes (qde);

    shu_zip_writer_add (zip, "project.qde", project);
  }
  return shu_zip_writer_finish (g_steal_pointer (&zip));
}

GBytes *
shu_qdpx_export (ShuDocument *document)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *name;
  const char *title;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  name = shu_document_get_source_name (document);
  if (name == NULL || name[0] == '\0')
    name = "text.txt";
  title = shu_document_get_title (document);
  g_ptr_array_add (documents, document);
  g_ptr_array_add (names, (gpointer) name);
  return shu_qdpx_export_full (documents, names,
                               title != NULL && title[0] != '\0' ? title : name);
}

GBytes *
shu_qdc_export (ShuDocument *document)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = NULL;
  GString *out;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  g_ptr_array_add (documents, document);
  labels = collect_labels (documents);
  out = g_string_new ("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                      "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""
                      " origin=\"Shulayim " VERSION "\">\n");
  append_codes (out, labels, "  ");
  g_string_append (out, "</CodeBook>\n");
  return g_string_free_to_bytes (out);
}
