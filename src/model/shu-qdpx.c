/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "shu-annotation-store.h"
#include "shu-codebook.h"
#include "shu-error.h"
#include "shu-safe-file.h"
#include "shu-sidecar.h"
#include "shu-formats-private.h"
#include "shu-qdpx.h"
#include "shu-tei.h"
#include "shu-text.h"
#include "shu-zip.h"

/* A GUID made from @kind and @key: the same label, annotator, text or
 * annotation gets the same GUID in every export. An annotation's own
 * "urn:uuid:" id is its first selection's GUID, a link's its Link's. */
static char *
dup_guid (const char *kind,
          const char *key)
{
  g_autofree char *digest = NULL;
  g_autofree char *input = NULL;

  if ((g_str_equal (kind, "selection") || g_str_equal (kind, "link"))
      && g_str_has_prefix (key, "urn:uuid:") && strlen (key) == 9 + 36)
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
append_note (GString    *notes,
             const char *guid,
             const char *name,
             const char *creator,
             GDateTime  *created,
             const char *text)
{
  g_string_append_printf (notes, "    <Note guid=\"%s\"", guid);
  append_attr (notes, "name", name);
  append_user_attr (notes, "creatingUser", creator);
  append_date_attr (notes, "creationDateTime", created);
  g_string_append (notes, ">\n      <PlainTextContent>");
  shu_xml_append_escaped (notes, text, -1);
  g_string_append (notes, "</PlainTextContent>\n    </Note>\n");
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
          append_note (notes, note, quote, creator, shu_annotation_get_created (annotation),
                       shu_comment_get_text (comment));
        }
      g_string_append (out, "      </PlainTextSelection>\n");
    }
}

/* A relation REFI-QDA can hold: a link between two annotations of the
 * same text, which become a Link between their first selections. */
static gboolean
is_writable_link (ShuAnnotationStore *store,
                  ShuRelation        *relation)
{
  return shu_relation_get_kind (relation) == SHU_RELATION_LINK
         && shu_relation_get_n_arguments (relation) == 2
         && shu_annotation_store_lookup (store, shu_relation_get_target (relation, 0)) != NULL
         && shu_annotation_store_lookup (store, shu_relation_get_target (relation, 1)) != NULL;
}

/* Each link of @document as a Link, its comments as Notes. */
static void
append_links (GString     *links,
              GString     *notes,
              ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GPtrArray) relations = shu_annotation_store_dup_relations (store);

  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      const char *id = shu_relation_get_id (relation);
      GPtrArray *comments = shu_relation_get_comments (relation);
      g_autofree char *guid = NULL;
      g_autofree char *origin = NULL;
      g_autofree char *target = NULL;

      if (!is_writable_link (store, relation))
        continue;
      guid = dup_guid ("link", id);
      origin = dup_guid ("selection", shu_relation_get_target (relation, 0));
      target = dup_guid ("selection", shu_relation_get_target (relation, 1));
      g_string_append_printf (links, "    <Link guid=\"%s\"", guid);
      append_attr (links, "name", shu_relation_get_type_name (relation));
      g_string_append_printf (links, " direction=\"OneWay\" originGUID=\"%s\" "
                                     "targetGUID=\"%s\"", origin, target);
      if (comments->len == 0)
        {
          g_string_append (links, "/>\n");
          continue;
        }
      g_string_append (links, ">\n");
      for (guint c = 0; c < comments->len; c++)
        {
          g_autofree char *note_key = g_strdup_printf ("%s#comment%u", id, c + 1);
          g_autofree char *note = dup_guid ("note", note_key);

          g_string_append_printf (links, "      <NoteRef targetGUID=\"%s\"/>\n", note);
          append_note (notes, note, shu_relation_get_type_name (relation),
                       shu_relation_get_creator (relation), shu_relation_get_created (relation),
                       shu_comment_get_text (g_ptr_array_index (comments, c)));
        }
      g_string_append (links, "    </Link>\n");
    }
}

GPtrArray *
shu_qdpx_dup_left_out (ShuDocument *document,
                       const char  *name)
{
  ShuAnnotationStore *store;
  g_autoptr(GPtrArray) relations = NULL;
  GPtrArray *messages = g_ptr_array_new_with_free_func (g_free);
  guint n_events = 0, n_sets = 0, n_other_links = 0, n_roles = 0, n_link_attributes = 0;
  guint n_attributes = 0, n_references = 0;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), messages);
  g_return_val_if_fail (name != NULL, messages);

  store = shu_document_get_store (document);
  relations = shu_annotation_store_dup_relations (store);
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);

      switch (shu_relation_get_kind (relation))
        {
        case SHU_RELATION_EVENT:
          n_events++;
          break;
        case SHU_RELATION_EQUIVALENCE:
          n_sets++;
          break;
        case SHU_RELATION_LINK:
        default:
          if (!is_writable_link (store, relation))
            {
              n_other_links++;
              break;
            }
          /* brat's and the sidecar's usual roles are what a one-way Link
           * says; any other is lost. */
          if ((shu_relation_get_role (relation, 0) != NULL
               && !g_str_equal (shu_relation_get_role (relation, 0), "Arg1"))
              || (shu_relation_get_role (relation, 1) != NULL
                  && !g_str_equal (shu_relation_get_role (relation, 1), "Arg2")))
            n_roles++;
          if (shu_relation_get_attributes (relation)->len > 0)
            n_link_attributes++;
          break;
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (shu_annotation_get_attributes (annotation)->len > 0)
        n_attributes++;
      if (shu_annotation_get_references (annotation)->len > 0)
        n_references++;
    }

  /* Translators: each is "<text's name>: <count> ... not written", said
   * after a .qdpx export. */
  if (n_events > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: %u events not written"), name,
                                                n_events));
  if (n_sets > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: %u equivalence sets not written"), name,
                                                n_sets));
  if (n_other_links > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: %u links that do not join two "
                                                  "annotations not written"), name,
                                                n_other_links));
  if (n_roles > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: the roles of %u links not written"),
                                                name, n_roles));
  if (n_link_attributes > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: the attributes of %u links not "
                                                  "written"), name, n_link_attributes));
  if (n_attributes > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: the attributes of %u annotations not "
                                                  "written"), name, n_attributes));
  if (n_references > 0)
    g_ptr_array_add (messages, g_strdup_printf (_("%s: the references of %u annotations not "
                                                  "written"), name, n_references));
  return messages;
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
  g_autoptr(GString) links = g_string_new (NULL);
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
      append_links (links, notes, document);
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
  if (links->len > 0)
    g_string_append_printf (qde, "  <Links>\n%s  </Links>\n", links->str);
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

/* -------------------------------------------------------------- import */

typedef struct
{
  char      *guid;
  char      *name;     /* with its parents' names: "Parent/Child" */
  char      *color;
  GString   *description;
} Code;

typedef struct
{
  char      *guid;
  char      *name;
  guint64    start;
  guint64    end;
  char      *user;
  char      *created;
  char      *modified;
  GString   *description;
  GPtrArray *codes;   /* code GUIDs */
  GPtrArray *notes;   /* note GUIDs */
} Selection;

typedef struct
{
  char      *guid;
  char      *name;
  char      *path;
  GString   *content;
  GPtrArray *selections;
} Source;

typedef struct
{
  char      *guid;
  char      *name;
  char      *direction;
  char      *origin;  /* lower case */
  char      *target;  /* lower case */
  GPtrArray *notes;   /* note GUIDs */
} Link;

typedef struct
{
  GHashTable *users;         /* GUID -> name */
  GPtrArray  *codes;         /* Code, in document order */
  GPtrArray  *code_stack;    /* Code, the open ones */
  GPtrArray  *sources;       /* Source */
  GHashTable *notes;         /* GUID -> text */
  GPtrArray  *messages;
  GPtrArray  *elements;      /* the open elements' names */
  Source     *source;
  Selection  *selection;
  char       *note;          /* GUID of the open Note */
  GPtrArray  *links;         /* Link */
  Link       *link;          /* the open Link */
  GHashTable *placed;        /* selection GUID -> annotation id, of the texts kept */
  GHashTable *placed_in;     /* selection GUID -> its text's index + 1 */
  GString    *text;          /* of the open Description or PlainTextContent */
  guint       n_other_sources;
} Qde;

static void
code_free (Code *code)
{
  g_free (code->guid);
  g_free (code->name);
  g_free (code->color);
  g_string_free (code->description, TRUE);
  g_free (code);
}

static void
selection_free (Selection *selection)
{
  g_free (selection->guid);
  g_free (selection->name);
  g_free (selection->user);
  g_free (selection->created);
  g_free (selection->modified);
  g_string_free (selection->description, TRUE);
  g_ptr_array_unref (selection->codes);
  g_ptr_array_unref (selection->notes);
  g_free (selection);
}

static void
source_free (Source *source)
{
  g_free (source->guid);
  g_free (source->name);
  g_free (source->path);
  if (source->content != NULL)
    g_string_free (source->content, TRUE);
  g_ptr_array_unref (source->selections);
  g_free (source);
}

static void
link_free (Link *link)
{
  g_free (link->guid);
  g_free (link->name);
  g_free (link->direction);
  g_free (link->origin);
  g_free (link->target);
  g_ptr_array_unref (link->notes);
  g_free (link);
}

static void
qde_clear (Qde *qde)
{
  g_clear_pointer (&qde->links, g_ptr_array_unref);
  g_clear_pointer (&qde->placed, g_hash_table_unref);
  g_clear_pointer (&qde->placed_in, g_hash_table_unref);
  g_clear_pointer (&qde->users, g_hash_table_unref);
  g_clear_pointer (&qde->codes, g_ptr_array_unref);
  g_clear_pointer (&qde->code_stack, g_ptr_array_unref);
  g_clear_pointer (&qde->sources, g_ptr_array_unref);
  g_clear_pointer (&qde->notes, g_hash_table_unref);
  g_clear_pointer (&qde->elements, g_ptr_array_unref);
  g_clear_pointer (&qde->note, g_free);
  if (qde->text != NULL)
    g_string_free (g_steal_pointer (&qde->text), TRUE);
}

static const char *
attr (const char **names,
      const char **values,
      const char  *name)
{
  for (guint i = 0; names[i] != NULL; i++)
    if (g_str_equal (names[i], name))
      return values[i];
  return NULL;
}

static gboolean
parse_position (const char *text,
                guint64    *out)
{
  return text != NULL && g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT, out, NULL);
}

static void
qde_start_cb (GMarkupParseContext  *context,
              const char           *element,
              const char          **names,
              const char          **values,
              gpointer              data,
              GError              **error)
{
  Qde *qde = data;
  const char *parent = qde->elements->len > 0
                       ? g_ptr_array_index (qde->elements, qde->elements->len - 1) : NULL;
  int line, column;

  g_markup_parse_context_get_position (context, &line, &column);
  if (qde->elements->len >= SHU_QDE_MAX_DEPTH)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_PARSE,
                   _("nested deeper than %d elements"), SHU_QDE_MAX_DEPTH);
      return;
    }
  for (guint i = 0; values[i] != NULL; i++)
    if (strlen (values[i]) > SHU_QDE_MAX_ATTRIBUTE)
      {
        g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                     _("an attribute is over %u KiB"), (guint) (SHU_QDE_MAX_ATTRIBUTE / 1024));
        return;
      }
  g_ptr_array_add (qde->elements, g_strdup (element));

  if (g_str_equal (element, "User") && attr (names, values, "guid") != NULL)
    g_hash_table_replace (qde->users, g_ascii_strdown (attr (names, values, "guid"), -1),
                          g_strdup (attr (names, values, "name") != NULL
                                    ? attr (names, values, "name") : ""));
  else if (g_str_equal (element, "Code") && g_strcmp0 (parent, "CodeRef") != 0)
    {
      Code *code = g_new0 (Code, 1);
      const char *name = attr (names, values, "name");
      Code *above = qde->code_stack->len > 0
                    ? g_ptr_array_index (qde->code_stack, qde->code_stack->len - 1) : NULL;

      code->guid = g_ascii_strdown (attr (names, values, "guid") != NULL
                                    ? attr (names, values, "guid") : "", -1);
      if (name == NULL || name[0] == '\0')
        name = "?";
      /* Shulayim's labels are flat: a nested code is named with its path. */
      code->name = above != NULL ? g_strconcat (above->name, "/", name, NULL) : g_strdup (name);
      code->color = g_strdup (attr (names, values, "color"));
      code->description = g_string_new (NULL);
      g_ptr_array_add (qde->codes, code);
      g_ptr_array_add (qde->code_stack, code);
    }
  else if (g_str_equal (element, "TextSource") && g_strcmp0 (parent, "Sources") == 0)
    {
      Source *source = g_new0 (Source, 1);

      source->guid = g_strdup (attr (names, values, "guid"));
      source->name = g_strdup (attr (names, values, "name"));
      source->path = g_strdup (attr (names, values, "plainTextPath"));
      source->selections = g_ptr_array_new_with_free_func ((GDestroyNotify) selection_free);
      g_ptr_array_add (qde->sources, source);
      qde->source = source;
    }
  else if (g_str_has_suffix (element, "Source") && g_strcmp0 (parent, "Sources") == 0)
    {
      qde->n_other_sources++;
      g_ptr_array_add (qde->messages,
                       g_strdup_printf (_("project.qde:%d:%d: %s “%s” is not a text: left out "
                                          "with its selections"), line, column, element,
                                        attr (names, values, "name") != NULL
                                        ? attr (names, values, "name") : "?"));
    }
  else if (g_str_equal (element, "PlainTextSelection") && qde->source != NULL
           && qde->selection == NULL)
    {
      Selection *selection = g_new0 (Selection, 1);

      selection->guid = g_strdup (attr (names, values, "guid"));
      selection->name = g_strdup (attr (names, values, "name"));
      if (!parse_position (attr (names, values, "startPosition"), &selection->start)
          || !parse_position (attr (names, values, "endPosition"), &selection->end))
        selection->start = selection->end = G_MAXUINT64;
      selection->user = g_strdup (attr (names, values, "creatingUser"));
      selection->created = g_strdup (attr (names, values, "creationDateTime"));
      selection->modified = g_strdup (attr (names, values, "modifiedDateTime"));
      selection->description = g_string_new (NULL);
      selection->codes = g_ptr_array_new_with_free_func (g_free);
      selection->notes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (qde->source->selections, selection);
      qde->selection = selection;
    }
  else if (g_str_equal (element, "CodeRef") && qde->selection != NULL
           && attr (names, values, "targetGUID") != NULL)
    g_ptr_array_add (qde->selection->codes,
                     g_ascii_strdown (attr (names, values, "targetGUID"), -1));
  else if (g_str_equal (element, "Link") && g_strcmp0 (parent, "Links") == 0)
    {
      Link *link = g_new0 (Link, 1);
      const char *origin = attr (names, values, "originGUID");
      const char *target = attr (names, values, "targetGUID");

      link->guid = g_strdup (attr (names, values, "guid"));
      link->name = g_strdup (attr (names, values, "name"));
      link->direction = g_strdup (attr (names, values, "direction"));
      link->origin = origin != NULL ? g_ascii_strdown (origin, -1) : NULL;
      link->target = target != NULL ? g_ascii_strdown (target, -1) : NULL;
      link->notes = g_ptr_array_new_with_free_func (g_free);
      g_ptr_array_add (qde->links, link);
      qde->link = link;
    }
  else if (g_str_equal (element, "NoteRef") && qde->link != NULL
           && g_strcmp0 (parent, "Link") == 0 && attr (names, values, "targetGUID") != NULL)
    g_ptr_array_add (qde->link->notes,
                     g_ascii_strdown (attr (names, values, "targetGUID"), -1));
  else if (g_str_equal (element, "NoteRef") && qde->selection != NULL
           && g_strcmp0 (parent, "PlainTextSelection") == 0
           && attr (names, values, "targetGUID") != NULL)
    g_ptr_array_add (qde->selection->notes,
                     g_ascii_strdown (attr (names, values, "targetGUID"), -1));
  else if (g_str_equal (element, "Note") && g_strcmp0 (parent, "Notes") == 0)
    {
      g_free (qde->note);
      qde->note = g_ascii_strdown (attr (names, values, "guid") != NULL
                                   ? attr (names, values, "guid") : "", -1);
    }
  else if (g_str_equal (element, "Description") || g_str_equal (element, "PlainTextContent"))
    {
      if (qde->text != NULL)
        g_string_free (qde->text, TRUE);
      qde->text = g_string_new (NULL);
    }
}

static void
qde_end_cb (GMarkupParseContext  *context,
            const char           *element,
            gpointer              data,
            GError              **error)
{
  Qde *qde = data;
  const char *parent = qde->elements->len > 1
                       ? g_ptr_array_index (qde->elements, qde->elements->len - 2) : NULL;
  g_autofree char *text = qde->text != NULL ? g_string_free (g_steal_pointer (&qde->text), FALSE)
                                             : NULL;

  if (text != NULL && g_str_equal (element, "Description"))
    {
      if (g_strcmp0 (parent, "Code") == 0 && qde->code_stack->len > 0)
        g_string_append (((Code *) g_ptr_array_index (qde->code_stack,
                                                      qde->code_stack->len - 1))->description,
                         text);
      else if (g_strcmp0 (parent, "PlainTextSelection") == 0 && qde->selection != NULL)
        g_string_append (qde->selection->description, text);
    }
  else if (text != NULL && g_str_equal (element, "PlainTextContent"))
    {
      if (g_strcmp0 (parent, "Note") == 0 && qde->note != NULL)
        g_hash_table_replace (qde->notes, g_strdup (qde->note), g_steal_pointer (&text));
      else if (g_strcmp0 (parent, "TextSource") == 0 && qde->source != NULL
               && qde->selection == NULL)
        {
          if (qde->source->content != NULL)
            g_string_free (qde->source->content, TRUE);
          qde->source->content = g_string_new (text);
        }
    }
  else if (g_str_equal (element, "Code") && g_strcmp0 (parent, "CodeRef") != 0
           && qde->code_stack->len > 0)
    g_ptr_array_set_size (qde->code_stack, qde->code_stack->len - 1);
  else if (g_str_equal (element, "PlainTextSelection"))
    qde->selection = NULL;
  else if (g_str_equal (element, "TextSource"))
    qde->source = NULL;
  else if (g_str_equal (element, "Link"))
    qde->link = NULL;
  else if (g_str_equal (element, "Note"))
    g_clear_pointer (&qde->note, g_free);

  g_ptr_array_set_size (qde->elements, qde->elements->len - 1);
}

static void
qde_text_cb (GMarkupParseContext  *context,
             const char           *text,
             gsize                 length,
             gpointer              data,
             GError              **error)
{
  Qde *qde = data;

  if (qde->text != NULL)
    g_string_append_len (qde->text, text, length);
}

static gboolean
qde_parse (Qde     *qde,
           GBytes  *bytes,
           GError **error)
{
  static const GMarkupParser parser = { qde_start_cb, qde_end_cb, qde_text_cb, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  qde->users = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  qde->codes = g_ptr_array_new_with_free_func ((GDestroyNotify) code_free);
  qde->code_stack = g_ptr_array_new ();
  qde->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) source_free);
  qde->notes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  qde->elements = g_ptr_array_new_with_free_func (g_free);
  qde->links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  qde->placed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  qde->placed_in = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (size > SHU_QDE_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("project.qde is over %u MiB"), (guint) (SHU_QDE_MAX_BYTES >> 20));
      return FALSE;
    }
  /* GMarkup knows no DTD and only the five predefined entities: no entity
   * is expanded and nothing outside the file is read. */
  context = g_markup_parse_context_new (&parser, G_MARKUP_PREFIX_ERROR_POSITION, qde, NULL);
  if (!g_markup_parse_context_parse (context, data, size, error)
      || !g_markup_parse_context_end_parse (context, error))
    {
      g_prefix_error (error, "project.qde: ");
      return FALSE;
    }
  return TRUE;
}

/* Where a text named @name (from the archive) is written in the folder:
 * a relative path with no "..", ending in ".txt", not yet @taken. */
static char *
dup_text_path (const char *name,
               GHashTable *taken)
{
  g_autoptr(GString) path = g_string_new (NULL);
  g_auto(GStrv) parts = g_strsplit (name != NULL && name[0] != '\0' ? name : "text", "/", -1);
  g_autofree char *base = NULL;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_strdelimit (parts[i], "\\:", '_');
      if (parts[i][0] == '\0' || parts[i][0] == '.')
        continue;
      if (path->len > 0)
        g_string_append_c (path, '/');
      g_string_append (path, parts[i]);
    }
  if (path->len == 0)
    g_string_append (path, "text");
  if (!g_str_has_suffix (path->str, ".txt"))
    g_string_append (path, ".txt");
  base = g_strndup (path->str, path->len - 4);
  for (guint n = 2; g_hash_table_contains (taken, path->str); n++)
    {
      g_string_printf (path, "%s (%u).txt", base, n);
    }
  g_hash_table_add (taken, g_strdup (path->str));
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static GDateTime *
parse_date (const char *text)
{
  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

/* The annotation a selection is a part of ("shulayim:part 2/3 of
 * urn:uuid:..."), or NULL. */
static char *
dup_part_of (Selection *selection)
{
  const char *of = strstr (selection->description->str, " of urn:uuid:");

  if (!g_str_has_prefix (selection->description->str, "shulayim:part ") || of == NULL)
    return NULL;
  return g_strdup (of + 4);
}

typedef struct
{
  char      *key;
  GArray    *ranges;   /* ShuRange */
  Selection *first;
} Group;

static void
group_free (Group *group)
{
  g_free (group->key);
  g_array_unref (group->ranges);
  g_free (group);
}

/* The label of the code @guid, made on first use. */
static const char *
label_for_code (Qde         *qde,
                ShuLabelSet *labels,
                const char  *guid)
{
  for (guint i = 0; i < qde->codes->len; i++)
    {
      Code *code = g_ptr_array_index (qde->codes, i);
      const char *id;
      ShuLabel *label;

      if (!g_str_equal (code->guid, guid))
        continue;
      id = shu_formats_ensure_label (labels, code->name);
      label = shu_label_set_lookup (labels, id);
      /* The colour and description the other tool gave. */
      if (code->color != NULL && strlen (code->color) == 7
          && shu_label_color_is_valid (code->color))
        {
          g_autofree char *color = g_ascii_strdown (code->color, -1);
          const char *description = code->description->len > 0
                                    ? code->description->str
                                    : shu_label_get_description (label);
          g_autoptr(ShuLabel) changed = NULL;

          if (g_str_equal (color, shu_label_get_color (label))
              && g_strcmp0 (description, shu_label_get_description (label)) == 0)
            return id;
          changed = shu_label_new (id, shu_label_get_name (label), color, description,
                                   shu_label_get_shortcut (label));
          /* The replaced label took its id with it. */
          shu_label_set_replace (labels, changed);
          return shu_label_get_id (shu_label_set_lookup (labels, shu_label_get_id (changed)));
        }
      return id;
    }
  return NULL;
}

static ShuDocument *
import_source (Qde          *qde,
               Source       *source,
               ShuSource    *text,
               ShuLabelSet  *labels,
               const char   *shown,
               guint         index,
               guint        *n_annotations)
{
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) group_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  /* Each selection's group, then each group's annotation: what a Link
   * between selections joins. */
  g_autoptr(GHashTable) group_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) annotation_of = g_hash_table_new (NULL, NULL);

  /* Gather the ranges of each annotation first: a discontinuous one was
   * written as several selections. */
  for (guint i = 0; i < source->selections->len; i++)
    {
      Selection *selection = g_ptr_array_index (source->selections, i);
      g_autofree char *reason = NULL;
      g_autofree char *key = dup_part_of (selection);
      guint64 end = selection->end;
      Group *group;
      ShuRange range;

      if (selection->start != G_MAXUINT64 && end != G_MAXUINT64 && selection->name != NULL
          && selection->start < end && end < shu_source_get_length (text))
        {
          g_autofree char *exclusive = shu_source_dup_range (text, selection->start, end);
          g_autofree char *inclusive = shu_source_dup_range (text, selection->start, end + 1);

          /* Tools differ on whether the end is the last character or
           * after it: the selection's name says which. */
          if (g_strcmp0 (exclusive, selection->name) != 0
              && g_strcmp0 (inclusive, selection->name) == 0)
            end++;
        }
      if (selection->start == G_MAXUINT64 || end == G_MAXUINT64)
        reason = g_strdup (_("its positions are not numbers"));
      else
        shu_formats_check_range (text, selection->start, end, &reason);
      if (reason != NULL)
        {
          g_ptr_array_add (qde->messages,
                           g_strdup_printf (_("%s: selection %s left out: %s"), shown,
                                            selection->guid != NULL ? selection->guid : "?",
                                            reason));
          continue;
        }
      if (key == NULL)
        key = g_strdup_printf ("#%u", i);
      group = g_hash_table_lookup (by_key, key);
      if (group == NULL)
        {
          group = g_new0 (Group, 1);
          group->key = g_steal_pointer (&key);
          group->ranges = g_array_new (FALSE, FALSE, sizeof (ShuRange));
          group->first = selection;
          g_ptr_array_add (groups, group);
          g_hash_table_insert (by_key, group->key, group);
        }
      range.start = selection->start;
      range.end = end;
      g_array_append_val (group->ranges, range);
      if (selection->guid != NULL)
        g_hash_table_insert (group_of, selection->guid, group);
    }

  for (guint i = 0; i < groups->len; i++)
    {
      Group *group = g_ptr_array_index (groups, i);
      Selection *selection = group->first;
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (
                                        (GDestroyNotify) shu_comment_unref);
      g_autoptr(GDateTime) created = parse_date (selection->created);
      g_autoptr(GDateTime) modified = parse_date (selection->modified);
      g_autofree char *user = selection->user != NULL ? g_ascii_strdown (selection->user, -1)
                                                      : NULL;
      const char *creator = user != NULL ? g_hash_table_lookup (qde->users, user) : NULL;
      g_autofree char *id = NULL;
      guint n_codes = MAX (selection->codes->len, 1);

      if (group->key[0] != '#')
        id = g_strdup (group->key);
      else if (selection->guid != NULL && strlen (selection->guid) == 36)
        id = g_strconcat ("urn:uuid:", selection->guid, NULL);
      for (guint n = 0; n < selection->notes->len; n++)
        {
          const char *note = g_hash_table_lookup (qde->notes,
                                                  g_ptr_array_index (selection->notes, n));

          if (note != NULL)
            g_ptr_array_add (comments, shu_comment_new (note, NULL));
        }
      /* An annotation has one label: a selection with several codes
       * becomes one annotation per code. */
      for (guint c = 0; c < n_codes; c++)
        {
          const char *label_id = NULL;
          g_autofree char *this_id = c == 0 ? g_strdup (id) : NULL;
          ShuAnnotation *annotation;

          if (c < selection->codes->len)
            {
              label_id = label_for_code (qde, labels, g_ptr_array_index (selection->codes, c));
              if (label_id == NULL)
                g_ptr_array_add (qde->messages,
                                 g_strdup_printf (_("%s: selection %s: its code %s is not in "
                                                    "the code book; kept without a label"),
                                                  shown, selection->guid,
                                                  (char *) g_ptr_array_index (selection->codes,
                                                                              c)));
            }
          if (this_id != NULL && strlen (this_id) != 9 + 36)
            g_clear_pointer (&this_id, g_free);
          annotation = shu_annotation_new (this_id, (ShuRange *) group->ranges->data,
                                           group->ranges->len, label_id,
                                           c == 0 ? comments : NULL, creator, created,
                                           modified != NULL ? modified : created);
          g_ptr_array_add (annotations, annotation);
          if (c == 0)
            g_hash_table_insert (annotation_of, group, annotation);
        }
    }
  {
    GHashTableIter iter;
    gpointer guid, group;

    g_hash_table_iter_init (&iter, group_of);
    while (g_hash_table_iter_next (&iter, &guid, &group))
      {
        ShuAnnotation *annotation = g_hash_table_lookup (annotation_of, group);

        g_hash_table_replace (qde->placed, g_ascii_strdown (guid, -1),
                              g_strdup (shu_annotation_get_id (annotation)));
        g_hash_table_replace (qde->placed_in, g_ascii_strdown (guid, -1),
                              GUINT_TO_POINTER (index + 1));
      }
  }
  *n_annotations += annotations->len;
  return shu_formats_build_document (text, labels, annotations);
}

/* Each Link between two selections of one text that were kept becomes a
 * link relation of that text, its notes its comments; any other is
 * listed and left out. */
static void
import_links (Qde       *qde,
              GPtrArray *documents)
{
  for (guint i = 0; i < qde->links->len; i++)
    {
      Link *link = g_ptr_array_index (qde->links, i);
      const char *shown = link->name != NULL ? link->name : "?";
      guint in_origin = 0, in_target = 0;
      g_autoptr(GPtrArray) comments = NULL;
      g_autoptr(ShuRelation) relation = NULL;
      g_autofree char *id = NULL;
      const char *roles[] = { "Arg1", "Arg2" };
      const char *targets[2];
      ShuDocument *document;

      if (link->origin != NULL && link->target != NULL)
        {
          in_origin = GPOINTER_TO_UINT (g_hash_table_lookup (qde->placed_in, link->origin));
          in_target = GPOINTER_TO_UINT (g_hash_table_lookup (qde->placed_in, link->target));
        }
      if (in_origin == 0 || in_target == 0)
        {
          g_ptr_array_add (qde->messages,
                           g_strdup_printf (_("link %s “%s” left out: it does not join two "
                                              "text selections that were kept"),
                                            link->guid != NULL ? link->guid : "?", shown));
          continue;
        }
      if (in_origin != in_target)
        {
          g_ptr_array_add (qde->messages,
                           g_strdup_printf (_("link %s “%s” left out: it joins two texts"),
                                            link->guid != NULL ? link->guid : "?", shown));
          continue;
        }
      if (link->direction != NULL && !g_str_equal (link->direction, "OneWay"))
        g_ptr_array_add (qde->messages,
                         g_strdup_printf (_("link %s “%s”: its direction %s is kept as one "
                                            "way, from its origin"),
                                          link->guid != NULL ? link->guid : "?", shown,
                                          link->direction));
      comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
      for (guint n = 0; n < link->notes->len; n++)
        {
          const char *note = g_hash_table_lookup (qde->notes,
                                                  g_ptr_array_index (link->notes, n));

          if (note != NULL)
            g_ptr_array_add (comments, shu_comment_new (note, NULL));
        }
      if (link->guid != NULL && strlen (link->guid) == 36)
        id = g_strconcat ("urn:uuid:", link->guid, NULL);
      targets[0] = g_hash_table_lookup (qde->placed, link->origin);
      targets[1] = g_hash_table_lookup (qde->placed, link->target);
      relation = shu_relation_new (id, SHU_RELATION_LINK,
                                   link->name != NULL && link->name[0] != '\0'
                                   ? link->name : "Link",
                                   NULL, roles, targets, 2, NULL, comments, NULL, NULL, NULL);
      document = g_ptr_array_index (documents, in_origin - 1);
      shu_annotation_store_add_relation (shu_document_get_store (document), relation, NULL);
    }
}

/* What an import that failed or was cancelled wrote, removed: the files
 * it wrote, then the folders they made that are left empty, then @folder
 * if the import made it. A folder that holds anything else stays. */
static void
remove_written (GFile     *folder,
                GPtrArray *written,
                gboolean   made_folder)
{
  for (guint i = written->len; i > 0; i--)
    g_file_delete (g_ptr_array_index (written, i - 1), NULL, NULL);
  for (guint i = written->len; i > 0; i--)
    {
      g_autoptr(GFile) parent = g_file_get_parent (g_ptr_array_index (written, i - 1));

      while (parent != NULL && !g_file_equal (parent, folder)
             && g_file_has_prefix (parent, folder) && g_file_delete (parent, NULL, NULL))
        {
          GFile *up = g_file_get_parent (parent);

          g_object_unref (parent);
          parent = up;
        }
    }
  if (made_folder)
    g_file_delete (folder, NULL, NULL);
}

static void
report_progress (ShuQdpxProgress progress,
                 gpointer        progress_data,
                 double          fraction)
{
  if (progress != NULL)
    progress (fraction, progress_data);
}

static gboolean
import_archive (GBytes           *archive,
                GFile            *folder,
                GCancellable     *cancellable,
                ShuQdpxProgress   progress,
                gpointer          progress_data,
                GPtrArray       **messages,
                guint            *n_texts,
                guint            *n_annotations,
                GError          **error)
{
  g_autoptr(GPtrArray) written = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean made_folder = FALSE;
  g_autoptr(ShuZipReader) zip = NULL;
  g_autoptr(GBytes) project = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GHashTable) taken = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GFileEnumerator) children = NULL;
  Qde qde = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (archive != NULL, FALSE);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), FALSE);

  *n_texts = *n_annotations = 0;
  qde.messages = g_ptr_array_new_with_free_func (g_free);

  /* Everything is read and checked before anything is written. */
  zip = shu_zip_reader_new (archive, error);
  if (zip == NULL)
    goto out;
  project = shu_zip_reader_read (zip, "project.qde", error);
  if (project == NULL || !qde_parse (&qde, project, error))
    goto out;
  /* Every code is a label, used or not, in the code book's order. */
  for (guint i = 0; i < qde.codes->len; i++)
    label_for_code (&qde, labels, ((Code *) g_ptr_array_index (qde.codes, i))->guid);

  for (guint i = 0; i < qde.sources->len; i++)
    {
      Source *source = g_ptr_array_index (qde.sources, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ShuSource) text = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *path = NULL;
      ShuDocument *document;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      report_progress (progress, progress_data, 0.5 * i / qde.sources->len);
      if (source->path != NULL && g_str_has_prefix (source->path, "internal://"))
        {
          g_autofree char *entry = g_strconcat ("Sources/", source->path + 11, NULL);

          /* MAXQDA 24 writes the folder as "sources/". */
          if (!shu_zip_reader_has (zip, entry))
            entry[0] = 's';
          bytes = shu_zip_reader_read (zip, entry, &local);
        }
      else if (source->content != NULL)
        bytes = g_bytes_new (source->content->str, source->content->len);
      else
        local = g_error_new (SHU_ERROR, SHU_ERROR_NOT_FOUND,
                             _("its text is not in the archive (%s)"),
                             source->path != NULL ? source->path : "?");
      if (bytes != NULL)
        text = shu_source_new_from_bytes (bytes, SHU_ENCODING_AUTO, &local);
      if (text == NULL)
        {
          g_ptr_array_add (qde.messages,
                           g_strdup_printf (_("%s: left out with its %u selections: %s"),
                                            source->name != NULL ? source->name : "?",
                                            source->selections->len, local->message));
          continue;
        }
      path = dup_text_path (source->name, taken);
      document = import_source (&qde, source, text, labels, path, documents->len,
                                n_annotations);
      g_ptr_array_add (documents, document);
      g_ptr_array_add (texts, g_steal_pointer (&bytes));
      g_ptr_array_add (paths, g_steal_pointer (&path));
    }

  import_links (&qde, documents);

  if (folder == NULL)
    {
      *n_texts = documents->len;
      ok = TRUE;
      goto out;
    }

  /* Never into a folder that holds something. */
  children = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_enumerator_next_file (children, NULL, NULL);

      if (info != NULL)
        {
          g_autofree char *shown = shu_text_dup_file_name (folder);

          g_set_error (error, SHU_ERROR, SHU_ERROR_IO,
                       _("%s: not empty; a project is imported into a new folder"), shown);
          goto out;
        }
    }
  else if (!g_file_make_directory_with_parents (folder, NULL, error))
    goto out;
  else
    made_folder = TRUE;

  for (guint i = 0; i < documents->len; i++)
    {
      ShuDocument *document = g_ptr_array_index (documents, i);
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GFile) file = g_file_resolve_relative_path (folder, path);
      g_autoptr(GFile) parent = g_file_get_parent (file);
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *sidecar_name = g_strconcat (base, ".annotations.json", NULL);
      g_autoptr(GFile) sidecar = g_file_get_child (parent, sidecar_name);
      g_autoptr(GError) local = NULL;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      report_progress (progress, progress_data, 0.5 + 0.5 * i / documents->len);
      if (!g_file_make_directory_with_parents (parent, NULL, &local)
          && !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          goto out;
        }
      if (!shu_safe_file_write_bytes (file, g_ptr_array_index (texts, i), error))
        goto out;
      g_ptr_array_add (written, g_object_ref (file));
      shu_document_set_source_name (document, base);
      if (!shu_sidecar_save (document, sidecar, error))
        goto out;
      g_ptr_array_add (written, g_object_ref (sidecar));
      (*n_texts)++;
    }
  {
    g_autoptr(GBytes) codebook = shu_codebook_serialize (labels);
    g_autoptr(GFile) file = g_file_get_child (folder, "shulayim-codebook.json");

    if (!shu_safe_file_write_bytes (file, codebook, error))
      goto out;
  }
  report_progress (progress, progress_data, 1.0);
  ok = TRUE;

out:
  if (!ok && folder != NULL)
    remove_written (folder, written, made_folder);
  if (messages != NULL)
    *messages = g_steal_pointer (&qde.messages);
  else
    g_clear_pointer (&qde.messages, g_ptr_array_unref);
  qde_clear (&qde);
  return ok;
}

gboolean
shu_qdpx_import (GBytes      *archive,
                 GFile       *folder,
                 GPtrArray  **messages,
                 guint       *n_texts,
                 guint       *n_annotations,
                 GError     **error)
{
  return import_archive (archive, folder, NULL, NULL, NULL, messages, n_texts, n_annotations,
                         error);
}

gboolean
shu_qdpx_import_file (GFile           *archive,
                      GFile           *folder,
                      GCancellable    *cancellable,
                      ShuQdpxProgress  progress,
                      gpointer         progress_data,
                      GPtrArray      **messages,
                      guint           *n_texts,
                      guint           *n_annotations,
                      GError         **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (G_IS_FILE (archive), FALSE);
  g_return_val_if_fail (folder == NULL || G_IS_FILE (folder), FALSE);

  if (messages != NULL)
    *messages = NULL;
  *n_texts = *n_annotations = 0;
  info = g_file_query_info (archive, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return FALSE;
  if ((guint64) g_file_info_get_size (info) > SHU_ZIP_MAX_TOTAL_SIZE)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE, _("over %u MiB; not read"),
                   (guint) (SHU_ZIP_MAX_TOTAL_SIZE >> 20));
      return FALSE;
    }
  bytes = g_file_load_bytes (archive, cancellable, NULL, error);
  if (bytes == NULL)
    return FALSE;
  return import_archive (bytes, folder, cancellable, progress, progress_data, messages, n_texts,
                         n_annotations, error);
}

gboolean
shu_qdpx_is_project_file (GFile *file)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  name = g_file_get_basename (file);
  return name != NULL && g_str_has_suffix (name, ".qdpx");
}
