/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>

#include "shu-error.h"
#include "shu-places.h"
#include "shu-safe-file.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"

/* Writing: a document's sidecar as bytes, deterministic, and its saves
 * (synchronous, or from a snapshot in a worker thread) and snapshots. */

/* Writes @value as @width digits, padded with zeros, at @out. */
static void
put_digits (char *out,
            guint width,
            guint value)
{
  for (guint i = width; i > 0; i--)
    {
      out[i - 1] = '0' + value % 10;
      value /= 10;
    }
}

void
shu_format_date_into (GDateTime *date,
                      char       out[SHU_DATE_SIZE])
{
  g_autoptr(GDateTime) utc = NULL;
  int year, month, day;

  /* Dates read from files are in UTC already: no converted copy. */
  if (g_date_time_get_utc_offset (date) != 0)
    date = utc = g_date_time_to_utc (date);
  /* Not "%Y": it does not pad years before 1000 to the four digits that
   * ISO 8601 (and so the reader) requires. Years are 1 to 9999. */
  g_date_time_get_ymd (date, &year, &month, &day);
  memcpy (out, "0000-00-00T00:00:00Z", SHU_DATE_SIZE);
  put_digits (out, 4, year);
  put_digits (out + 5, 2, month);
  put_digits (out + 8, 2, day);
  put_digits (out + 11, 2, g_date_time_get_hour (date));
  put_digits (out + 14, 2, g_date_time_get_minute (date));
  put_digits (out + 17, 2, g_date_time_get_second (date));
}

char *
shu_format_date (GDateTime *date)
{
  char out[SHU_DATE_SIZE];

  shu_format_date_into (date, out);
  return g_strdup (out);
}

static const char *
motivation_for (ShuAnnotation *annotation,
                gboolean       labelled)
{
  if (labelled)
    return "tagging";
  if (shu_annotation_get_comments (annotation)->len > 0)
    return "commenting";
  return "highlighting";
}

/* "scheme:" then no white space: what the W3C model (and check-w3c) take
 * for an IRI. */
static gboolean
is_absolute_iri (const char *id)
{
  const char *p = id;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '.' || *p == '-')
    p++;
  if (*p != ':')
    return FALSE;
  for (; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* A name-based (version 5 style) urn:uuid for @id: the same id always
 * maps to the same IRI, so exports stay stable. */
static char *
iri_for_foreign_id (const char *id)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA1);
  guint8 digest[20];
  gsize len = sizeof digest;

  g_checksum_update (sum, (const guchar *) "shulayim:", -1);
  g_checksum_update (sum, (const guchar *) id, -1);
  g_checksum_get_digest (sum, digest, &len);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return g_strdup_printf ("urn:uuid:%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x", digest[0], digest[1], digest[2],
                          digest[3], digest[4], digest[5], digest[6], digest[7], digest[8],
                          digest[9], digest[10], digest[11], digest[12], digest[13], digest[14],
                          digest[15]);
}

/* Bodies beside the label (docs/FORMAT.md): attributes (classifying)
 * and references to external resources (identifying). */
static void
write_extra_bodies (ShuJsonWriter *w,
                    GPtrArray     *attributes,
                    GPtrArray     *references)
{
  for (guint i = 0; i < attributes->len; i++)
    {
      ShuAttribute *attribute = g_ptr_array_index (attributes, i);
      const char *value = shu_attribute_get_value (attribute);

      /* A W3C consumer sees the value it classifies by; a binary
       * attribute's value is its name. */
      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "type", "TextualBody");
      shu_json_writer_string (w, "purpose", "classifying");
      shu_json_writer_string (w, "value", value != NULL ? value
                                                    : shu_attribute_get_name (attribute));
      if (value != NULL)
        shu_json_writer_string (w, "shu:attribute", shu_attribute_get_name (attribute));
      shu_json_writer_end_object (w);
    }
  for (guint i = 0; i < references->len; i++)
    {
      ShuReference *reference = g_ptr_array_index (references, i);
      g_autofree char *value = g_strdup_printf ("%s:%s", shu_reference_get_resource (reference),
                                                shu_reference_get_entry (reference));

      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "type", "TextualBody");
      shu_json_writer_string (w, "purpose", "identifying");
      shu_json_writer_string (w, "value", value);
      shu_json_writer_string (w, "shu:resource", shu_reference_get_resource (reference));
      shu_json_writer_string (w, "shu:entry", shu_reference_get_entry (reference));
      shu_json_writer_string (w, "shu:referenceType", shu_reference_get_kind (reference));
      if (shu_reference_get_text (reference) != NULL)
        shu_json_writer_string (w, "shu:entryName", shu_reference_get_text (reference));
      shu_json_writer_end_object (w);
    }
}

/* A comment or note (commenting). */
static void
write_plain_comment (ShuJsonWriter *w,
                     ShuComment    *comment)
{
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "type", "TextualBody");
  shu_json_writer_string (w, "purpose", "commenting");
  shu_json_writer_string (w, "value", shu_comment_get_text (comment));
  shu_json_writer_string (w, "format", "text/plain");
  if (shu_comment_get_language (comment) != NULL)
    shu_json_writer_string (w, "language", shu_comment_get_language (comment));
  if (shu_comment_get_kind (comment) != NULL)
    shu_json_writer_string (w, "shu:noteType", shu_comment_get_kind (comment));
  shu_json_writer_end_object (w);
}

static void
write_tag_body (ShuJsonWriter *w,
                const char    *tag)
{
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "type", "TextualBody");
  shu_json_writer_string (w, "purpose", "tagging");
  shu_json_writer_string (w, "value", tag);
  shu_json_writer_end_object (w);
}

/* The bodies of a relation: its type (tagging), attributes, references,
 * comments and notes. */
static void
write_bodies (ShuJsonWriter *w,
              const char    *tag,
              GPtrArray     *attributes,
              GPtrArray     *references,
              GPtrArray     *comments)
{
  if (tag == NULL && attributes->len == 0 && references->len == 0 && comments->len == 0)
    return;

  shu_json_writer_begin_array (w, "body");
  if (tag != NULL)
    write_tag_body (w, tag);
  write_extra_bodies (w, attributes, references);
  for (guint i = 0; i < comments->len; i++)
    write_plain_comment (w, g_ptr_array_index (comments, i));
  shu_json_writer_end_array (w);
}

/* The IRI an annotation or relation is known by in the standalone export
 * (see shu_write_annotation()), and by its id in the sidecar. */
static char *
iri_for (const char *id,
         gboolean    own_context)
{
  if (own_context && !is_absolute_iri (id))
    return iri_for_foreign_id (id);
  return g_strdup (id);
}

void
shu_write_relation (ShuJsonWriter *w,
                    ShuRelation   *relation,
                    gboolean       own_context)
{
  g_autoptr(GPtrArray) no_references = g_ptr_array_new ();
  g_autofree char *id = iri_for (shu_relation_get_id (relation), own_context);
  const char *trigger = shu_relation_get_trigger (relation);
  char created[SHU_DATE_SIZE], modified[SHU_DATE_SIZE];

  shu_format_date_into (shu_relation_get_created (relation), created);
  shu_format_date_into (shu_relation_get_modified (relation), modified);

  shu_json_writer_begin_object (w, NULL);
  if (own_context)
    shu_json_writer_string (w, "@context", ANNO_CONTEXT);
  shu_json_writer_string (w, "id", id);
  if (strcmp (id, shu_relation_get_id (relation)) != 0)
    shu_json_writer_string (w, "shu:originalId", shu_relation_get_id (relation));
  shu_json_writer_string (w, "type", "Annotation");
  shu_json_writer_string (w, "motivation", "linking");
  shu_json_writer_string (w, "created", created);
  shu_json_writer_string (w, "modified", modified);
  if (shu_relation_get_creator (relation) != NULL)
    {
      shu_json_writer_begin_object (w, "creator");
      shu_json_writer_string (w, "type", "Person");
      shu_json_writer_string (w, "name", shu_relation_get_creator (relation));
      shu_json_writer_end_object (w);
    }
  /* As for annotations: a note for whoever resolves the merge. */
  if (shu_relation_get_conflict (relation) != NULL && !own_context)
    shu_json_writer_string (w, "shu:conflict", shu_relation_get_conflict (relation));
  shu_json_writer_string (w, "shu:relation",
                          shu_relation_kind_to_string (shu_relation_get_kind (relation)));
  if (trigger != NULL)
    {
      g_autofree char *trigger_iri = iri_for (trigger, own_context);

      shu_json_writer_string (w, "shu:trigger", trigger_iri);
    }
  write_bodies (w, shu_relation_get_type_name (relation), shu_relation_get_attributes (relation),
                no_references, shu_relation_get_comments (relation));

  /* The targets are the annotations it links, by id, each with its role;
   * an event's trigger comes first (and is named by "shu:trigger"). */
  shu_json_writer_begin_array (w, "target");
  for (int i = trigger != NULL ? -1 : 0; i < (int) shu_relation_get_n_arguments (relation); i++)
    {
      const char *target = i < 0 ? trigger : shu_relation_get_target (relation, i);
      const char *role = i < 0 ? NULL : shu_relation_get_role (relation, i);
      g_autofree char *target_iri = iri_for (target, own_context);

      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "type", "SpecificResource");
      shu_json_writer_string (w, "source", target_iri);
      if (role != NULL)
        shu_json_writer_string (w, "shu:role", role);
      shu_json_writer_end_object (w);
    }
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);
}

void
shu_json_write_node (ShuJsonWriter *w,
                     const char    *key,
                     ShuJsonNode   *node)
{
  switch (shu_json_node_get_type (node))
    {
    case SHU_JSON_NULL:
      shu_json_writer_null (w, key);
      break;
    case SHU_JSON_BOOLEAN:
      shu_json_writer_boolean (w, key, shu_json_node_get_boolean (node));
      break;
    case SHU_JSON_INTEGER:
      shu_json_writer_uint (w, key, (guint64) shu_json_node_get_int (node));
      break;
    case SHU_JSON_STRING:
      shu_json_writer_string (w, key, shu_json_node_get_string (node));
      break;
    case SHU_JSON_ARRAY:
      shu_json_writer_begin_array (w, key);
      for (guint i = 0; i < shu_json_node_get_length (node); i++)
        shu_json_write_node (w, NULL, shu_json_node_get_element (node, i));
      shu_json_writer_end_array (w);
      break;
    case SHU_JSON_OBJECT:
      shu_json_writer_begin_object (w, key);
      for (guint i = 0; i < shu_json_node_get_length (node); i++)
        {
          const char *member_key;
          ShuJsonNode *value = shu_json_node_get_member_at (node, i, &member_key);

          shu_json_write_node (w, member_key, value);
        }
      shu_json_writer_end_object (w);
      break;
    case SHU_JSON_NUMBER:   /* only read with SHU_JSON_READ_ANY_NUMBER */
    default:
      g_assert_not_reached ();
    }
}

/* A member of the foreign record (see FORMAT.md, "shu:foreign") of the
 * kind asked for, or NULL. */
static ShuJsonNode *
foreign_member (ShuJsonNode *object,
                const char  *name,
                ShuJsonType  type)
{
  ShuJsonNode *node;

  if (object == NULL || shu_json_node_get_type (object) != SHU_JSON_OBJECT)
    return NULL;
  node = shu_json_node_get_member (object, name);
  return node != NULL && shu_json_node_get_type (node) == type ? node : NULL;
}

/* The name the importer took from a creator as another tool wrote it: a
 * name, else an IRI (an object's "id" or a bare string); the first of
 * several. */
static const char *
creator_name_of (ShuJsonNode *creator)
{
  ShuJsonNode *member;

  if (shu_json_node_get_type (creator) == SHU_JSON_ARRAY && shu_json_node_get_length (creator) > 0)
    creator = shu_json_node_get_element (creator, 0);
  if (shu_json_node_get_type (creator) == SHU_JSON_STRING)
    return shu_json_node_get_string (creator);
  if (shu_json_node_get_type (creator) != SHU_JSON_OBJECT)
    return NULL;
  member = foreign_member (creator, "name", SHU_JSON_STRING);
  if (member == NULL)
    member = foreign_member (creator, "id", SHU_JSON_STRING);
  return member != NULL ? shu_json_node_get_string (member) : NULL;
}

/* Which kept bodies still stand for the label and comments they were
 * read as: a kept body is written back as it was read while its label
 * or every comment it made is there unchanged; edited, what the user
 * made of it is written instead. @anchor_of[c] gets the kept body
 * written at comment c, or -1; @label_body the one written as the label. */
static void
match_kept_bodies (ShuJsonNode *bodies,
                   const char  *label_name,
                   GPtrArray   *comments,
                   int         *anchor_of,
                   gboolean    *consumed,
                   int         *label_body)
{
  guint n = bodies != NULL ? shu_json_node_get_length (bodies) : 0;

  *label_body = -1;
  for (guint c = 0; c < comments->len; c++)
    {
      anchor_of[c] = -1;
      consumed[c] = FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      ShuJsonNode *record = shu_json_node_get_element (bodies, i);
      ShuJsonNode *label = foreign_member (record, "label", SHU_JSON_STRING);
      ShuJsonNode *texts = foreign_member (record, "comments", SHU_JSON_ARRAY);
      g_autofree guint *taken = NULL;
      guint n_texts, n_taken;

      if (label != NULL)
        {
          if (*label_body < 0 && label_name != NULL
              && strcmp (label_name, shu_json_node_get_string (label)) == 0)
            *label_body = (int) i;
          continue;
        }
      if (texts == NULL || (n_texts = shu_json_node_get_length (texts)) == 0)
        continue;
      taken = g_new (guint, n_texts);
      for (n_taken = 0; n_taken < n_texts; n_taken++)
        {
          ShuJsonNode *text = shu_json_node_get_element (texts, n_taken);
          guint c;

          if (shu_json_node_get_type (text) != SHU_JSON_STRING)
            break;
          for (c = 0; c < comments->len; c++)
            if (!consumed[c] && strcmp (shu_comment_get_text (g_ptr_array_index (comments, c)),
                                        shu_json_node_get_string (text)) == 0)
              break;
          if (c == comments->len)
            break;
          consumed[c] = TRUE;
          taken[n_taken] = c;
        }
      if (n_taken == n_texts)
        anchor_of[taken[0]] = (int) i;
      else
        /* A comment it made was edited or deleted: it is not written back,
         * and the comments it did find are written as they are. */
        for (guint t = 0; t < n_taken; t++)
          consumed[taken[t]] = FALSE;
    }
}

/* One target of the standalone export: ours (@source_iri, a position
 * and a quote selector), with what @record (a kept target, or NULL) held
 * beyond it: the tool's own source as "scope" (the resource the text was
 * read in; "shu:originalSource" when the target had a scope of its own),
 * its other selectors and members. */
static void
write_export_target (ShuJsonWriter *w,
                     const char    *key,
                     const char    *source_iri,
                     const ShuRange *range,
                     const char * const *quote,
                     ShuJsonNode   *record)
{
  ShuJsonNode *source = record != NULL ? shu_json_node_get_member (record, "source") : NULL;
  ShuJsonNode *selectors = foreign_member (record, "selectors", SHU_JSON_ARRAY);
  ShuJsonNode *members = foreign_member (record, "members", SHU_JSON_OBJECT);

  shu_json_writer_begin_object (w, key);
  shu_json_writer_string (w, "source", source_iri);
  if (source != NULL)
    shu_json_write_node (w, members != NULL && shu_json_node_get_member (members, "scope")
                         ? "shu:originalSource" : "scope", source);
  shu_json_writer_begin_array (w, "selector");
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "type", "TextPositionSelector");
  shu_json_writer_uint (w, "start", range->start);
  shu_json_writer_uint (w, "end", range->end);
  shu_json_writer_end_object (w);
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "type", "TextQuoteSelector");
  shu_json_writer_string (w, "exact", quote[1]);
  shu_json_writer_string (w, "prefix", quote[0]);
  shu_json_writer_string (w, "suffix", quote[2]);
  shu_json_writer_end_object (w);
  for (guint i = 0; selectors != NULL && i < shu_json_node_get_length (selectors); i++)
    shu_json_write_node (w, NULL, shu_json_node_get_element (selectors, i));
  shu_json_writer_end_array (w);
  for (guint i = 0; members != NULL && i < shu_json_node_get_length (members); i++)
    {
      const char *member_key;
      ShuJsonNode *value = shu_json_node_get_member_at (members, i, &member_key);

      shu_json_write_node (w, member_key, value);
    }
  shu_json_writer_end_object (w);
}

void
shu_write_annotation (ShuJsonWriter      *w,
                      ShuAnnotation      *annotation,
                      ShuLabelSet        *labels,
                      const char * const *quotes,
                      const char         *source_iri,
                      gboolean            own_context,
                      gboolean            split_targets)
{
  const char *label_id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
  GPtrArray *comments = shu_annotation_get_comments (annotation);
  GPtrArray *attributes = shu_annotation_get_attributes (annotation);
  GPtrArray *references = shu_annotation_get_references (annotation);
  const ShuRange *ranges = shu_annotation_get_ranges (annotation);
  guint n_ranges = shu_annotation_get_n_ranges (annotation);
  const char *foreign = shu_annotation_get_foreign (annotation);
  char created[SHU_DATE_SIZE], modified[SHU_DATE_SIZE];
  g_autoptr(ShuJsonTree) kept_tree = NULL;
  ShuJsonNode *kept = NULL, *members = NULL, *bodies = NULL, *targets = NULL;
  ShuJsonNode *kept_creator = NULL;
  g_autofree int *anchor_of = NULL;
  g_autofree gboolean *consumed = NULL;
  g_autoptr(GPtrArray) used_targets = NULL;
  g_autoptr(GPtrArray) unused_targets = NULL;
  int label_body = -1;
  guint n_loose = 0;

  shu_format_date_into (shu_annotation_get_created (annotation), created);
  shu_format_date_into (shu_annotation_get_modified (annotation), modified);

  /* The sidecar carries what another tool wrote as it is; the standalone
   * export writes it back in its places. */
  if (foreign != NULL)
    {
      kept_tree = shu_json_tree_read (foreign, strlen (foreign), SHU_SIDECAR_MAX_DEPTH,
                                      SHU_JSON_READ_DEFAULT, "shu:foreign", NULL);
      kept = kept_tree != NULL ? shu_json_tree_get_root (kept_tree) : NULL;
    }
  if (kept != NULL && own_context)
    {
      members = foreign_member (kept, "members", SHU_JSON_OBJECT);
      bodies = foreign_member (kept, "bodies", SHU_JSON_ARRAY);
      targets = foreign_member (kept, "targets", SHU_JSON_ARRAY);
      kept_creator = members != NULL ? shu_json_node_get_member (members, "creator") : NULL;
      used_targets = g_ptr_array_new ();
      unused_targets = g_ptr_array_new ();
      if (kept_creator != NULL
          && g_strcmp0 (creator_name_of (kept_creator), shu_annotation_get_creator (annotation)))
        kept_creator = NULL;
      for (guint i = 0; targets != NULL && i < shu_json_node_get_length (targets); i++)
        {
          ShuJsonNode *record = shu_json_node_get_element (targets, i);
          ShuJsonNode *unused = shu_json_node_get_type (record) == SHU_JSON_OBJECT
                                ? shu_json_node_get_member (record, "unused") : NULL;

          g_ptr_array_add (unused != NULL ? unused_targets : used_targets,
                           unused != NULL ? unused : record);
        }
    }
  /* Only for kept bodies: a sidecar's 50k annotations are written
   * without allocating for them. */
  if (bodies != NULL)
    {
      anchor_of = g_new (int, comments->len + 1);
      consumed = g_new (gboolean, comments->len + 1);
      match_kept_bodies (bodies, label != NULL ? shu_label_get_name (label) : NULL, comments,
                         anchor_of, consumed, &label_body);
    }
  for (guint i = 0; bodies != NULL && i < shu_json_node_get_length (bodies); i++)
    {
      ShuJsonNode *record = shu_json_node_get_element (bodies, i);

      if (foreign_member (record, "label", SHU_JSON_STRING) == NULL
          && foreign_member (record, "comments", SHU_JSON_ARRAY) == NULL)
        n_loose++;
    }

  shu_json_writer_begin_object (w, NULL);
  if (own_context)
    {
      ShuJsonNode *context = members != NULL ? shu_json_node_get_member (members, "@context")
                                             : NULL;

      if (context != NULL)
        shu_json_write_node (w, "@context", context);
      else
        shu_json_writer_string (w, "@context", ANNO_CONTEXT);
    }
  if (own_context && !is_absolute_iri (shu_annotation_get_id (annotation)))
    {
      g_autofree char *mapped = iri_for_foreign_id (shu_annotation_get_id (annotation));

      /* W3C requires an IRI; ids from other tools (a bare UUID, INCEpTION's
       * "#id") get a stable one, and the original is kept beside it. */
      shu_json_writer_string (w, "id", mapped);
      shu_json_writer_string (w, "shu:originalId", shu_annotation_get_id (annotation));
    }
  else
    shu_json_writer_string (w, "id", shu_annotation_get_id (annotation));
  shu_json_writer_string (w, "type", "Annotation");
  if (members != NULL && shu_json_node_get_member (members, "motivation") != NULL)
    shu_json_write_node (w, "motivation", shu_json_node_get_member (members, "motivation"));
  else
    shu_json_writer_string (w, "motivation", motivation_for (annotation, label != NULL));
  shu_json_writer_string (w, "created", created);
  shu_json_writer_string (w, "modified", modified);
  if (kept_creator != NULL)
    shu_json_write_node (w, "creator", kept_creator);
  else if (shu_annotation_get_creator (annotation) != NULL)
    {
      shu_json_writer_begin_object (w, "creator");
      shu_json_writer_string (w, "type", "Person");
      shu_json_writer_string (w, "name", shu_annotation_get_creator (annotation));
      shu_json_writer_end_object (w);
    }
  /* Not in the standalone export: it is a note for whoever resolves the
   * merge, meaningless to other W3C tools. */
  if (shu_annotation_get_conflict (annotation) != NULL && !own_context)
    shu_json_writer_string (w, "shu:conflict", shu_annotation_get_conflict (annotation));
  if (shu_annotation_get_suggested (annotation))
    shu_json_writer_boolean (w, "shu:suggested", TRUE);

  if (label != NULL || comments->len > 0 || n_loose > 0 || attributes->len > 0
      || references->len > 0)
    {
      shu_json_writer_begin_array (w, "body");
      if (label_body >= 0)
        shu_json_write_node (w, NULL, shu_json_node_get_member (
                               shu_json_node_get_element (bodies, label_body), "body"));
      else if (label != NULL)
        write_tag_body (w, shu_label_get_name (label));
      write_extra_bodies (w, attributes, references);
      for (guint i = 0; i < comments->len; i++)
        {
          if (anchor_of != NULL && anchor_of[i] >= 0)
            shu_json_write_node (w, NULL, shu_json_node_get_member (
                                   shu_json_node_get_element (bodies, anchor_of[i]), "body"));
          else if (consumed == NULL || !consumed[i])
            write_plain_comment (w, g_ptr_array_index (comments, i));
        }
      /* Bodies Shulayim shows nothing of (another kind of resource). */
      for (guint i = 0; bodies != NULL && i < shu_json_node_get_length (bodies); i++)
        {
          ShuJsonNode *record = shu_json_node_get_element (bodies, i);

          if (foreign_member (record, "label", SHU_JSON_STRING) == NULL
              && foreign_member (record, "comments", SHU_JSON_ARRAY) == NULL
              && shu_json_node_get_member (record, "body") != NULL)
            shu_json_write_node (w, NULL, shu_json_node_get_member (record, "body"));
        }
      shu_json_writer_end_array (w);
    }

  if (own_context)
    {
      guint n_unused = unused_targets != NULL ? unused_targets->len : 0;
      guint n_used = used_targets != NULL ? used_targets->len : 0;
      gboolean many = (split_targets && n_ranges > 1) || n_unused > 0;

      if (many)
        shu_json_writer_begin_array (w, "target");
      for (guint i = 0; i < n_ranges; i++)
        write_export_target (w, many ? NULL : "target", source_iri, &ranges[i],
                             quotes + 3 * i, i < n_used
                             ? g_ptr_array_index (used_targets, i) : NULL);
      for (guint i = 0; i < n_unused; i++)
        shu_json_write_node (w, NULL, g_ptr_array_index (unused_targets, i));
      if (many)
        shu_json_writer_end_array (w);
    }
  else
    {
      if (split_targets && n_ranges > 1)
        shu_json_writer_begin_array (w, "target");
      for (guint i = 0; i < n_ranges; i++)
        {
          if (i == 0 || split_targets)
            {
              shu_json_writer_begin_object (w, (split_targets && n_ranges > 1) ? NULL : "target");
              shu_json_writer_string (w, "source", source_iri);
              shu_json_writer_begin_array (w, "selector");
            }

          shu_json_writer_begin_object (w, NULL);
          shu_json_writer_string (w, "type", "TextPositionSelector");
          shu_json_writer_uint (w, "start", ranges[i].start);
          shu_json_writer_uint (w, "end", ranges[i].end);
          shu_json_writer_end_object (w);

          shu_json_writer_begin_object (w, NULL);
          shu_json_writer_string (w, "type", "TextQuoteSelector");
          shu_json_writer_string (w, "exact", quotes[3 * i + 1]);
          shu_json_writer_string (w, "prefix", quotes[3 * i]);
          shu_json_writer_string (w, "suffix", quotes[3 * i + 2]);
          shu_json_writer_end_object (w);

          if (i == n_ranges - 1 || split_targets)
            {
              shu_json_writer_end_array (w);
              shu_json_writer_end_object (w);
            }
        }
      if (split_targets && n_ranges > 1)
        shu_json_writer_end_array (w);
    }

  /* The tool's members Shulayim has no place for, after its own. */
  for (guint i = 0; members != NULL && i < shu_json_node_get_length (members); i++)
    {
      const char *key;
      ShuJsonNode *value = shu_json_node_get_member_at (members, i, &key);

      if (strcmp (key, "@context") != 0 && strcmp (key, "motivation") != 0
          && strcmp (key, "creator") != 0)
        shu_json_write_node (w, key, value);
    }
  if (kept != NULL && !own_context)
    shu_json_write_node (w, "shu:foreign", kept);

  shu_json_writer_end_object (w);
}

/* The quotes of an annotation placed on @source, 3 strings per range. */
static GStrv
quotes_from_source (ShuSource     *source,
                    ShuAnnotation *annotation)
{
  const ShuRange *ranges = shu_annotation_get_ranges (annotation);
  guint n = shu_annotation_get_n_ranges (annotation);
  GStrv quotes = g_new0 (char *, 3 * n + 1);

  for (guint i = 0; i < n; i++)
    shu_source_get_quote (source, ranges[i].start, ranges[i].end,
                          &quotes[3 * i], &quotes[3 * i + 1], &quotes[3 * i + 2]);
  return quotes;
}

static void
write_context (ShuJsonWriter *w)
{
  shu_json_writer_begin_array (w, "@context");
  shu_json_writer_string (w, NULL, ANNO_CONTEXT);
  shu_json_writer_begin_object (w, NULL);
  shu_json_writer_string (w, "shu", SHU_NAMESPACE);
  shu_json_writer_string (w, "formatVersion", "shu:formatVersion");
  shu_json_writer_string (w, "sourceText", "shu:sourceText");
  shu_json_writer_string (w, "sha256", "shu:sha256");
  shu_json_writer_string (w, "length", "shu:length");
  shu_json_writer_string (w, "encoding", "shu:encoding");
  shu_json_writer_string (w, "version", "shu:version");
  shu_json_writer_begin_object (w, "labels");
  shu_json_writer_string (w, "@id", "shu:labels");
  shu_json_writer_string (w, "@container", "@list");
  shu_json_writer_end_object (w);
  shu_json_writer_string (w, "color", "shu:color");
  shu_json_writer_string (w, "description", "shu:description");
  shu_json_writer_string (w, "shortcut", "shu:shortcut");
  shu_json_writer_begin_object (w, "orphans");
  shu_json_writer_string (w, "@id", "shu:orphans");
  shu_json_writer_string (w, "@container", "@list");
  shu_json_writer_end_object (w);
  shu_json_writer_end_object (w);
  shu_json_writer_end_array (w);
}

/* Everything a sidecar is written from, taken from a document at one
 * moment. Annotations and labels are immutable and only referenced, the
 * rest is copied, so that the snapshot can be written in another thread
 * while the document goes on changing. */
struct _ShuSidecarSnapshot
{
  ShuSource   *source;
  ShuLabelSet *labels;          /* a set of our own, with the same labels */
  ShuBlockList *annotations;    /* ShuAnnotation, in order, kept alive by @pin */
  ShuAnnotationStorePin *pin;
  GPtrArray   *relations;       /* ShuRelation, by id, referenced */
  GPtrArray   *orphans;         /* ShuAnnotation */
  GPtrArray   *orphan_quotes;   /* GStrv, 3 strings per range */
  GArray      *rejected;        /* ShuSuggestion */
  GPtrArray   *statuses;        /* ShuStatusRecord, copied */
  char        *id;
  char        *title;
  char        *source_name;
  char        *language;
  char        *text_direction;
  GDateTime   *created;
  GDateTime   *modified;
  guint64      state;
};

typedef ShuSidecarSnapshot Snapshot;

static void
snapshot_free (Snapshot *snapshot)
{
  g_clear_object (&snapshot->source);
  g_clear_object (&snapshot->labels);
  g_clear_pointer (&snapshot->annotations, shu_block_list_free);
  g_clear_pointer (&snapshot->pin, shu_annotation_store_pin_unref);
  g_clear_pointer (&snapshot->relations, g_ptr_array_unref);
  g_clear_pointer (&snapshot->orphans, g_ptr_array_unref);
  g_clear_pointer (&snapshot->orphan_quotes, g_ptr_array_unref);
  g_clear_pointer (&snapshot->rejected, g_array_unref);
  g_clear_pointer (&snapshot->statuses, g_ptr_array_unref);
  g_free (snapshot->id);
  g_free (snapshot->title);
  g_free (snapshot->source_name);
  g_free (snapshot->language);
  g_free (snapshot->text_direction);
  g_clear_pointer (&snapshot->created, g_date_time_unref);
  g_clear_pointer (&snapshot->modified, g_date_time_unref);
  g_free (snapshot);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Snapshot, snapshot_free)

static Snapshot *
snapshot_new (ShuDocument *document)
{
  Snapshot *snapshot = g_new0 (Snapshot, 1);
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  GPtrArray *orphans = shu_document_get_orphans (document);
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (labels));

  snapshot->source = g_object_ref (shu_document_get_source (document));
  snapshot->labels = shu_label_set_new ();
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      shu_label_set_append (snapshot->labels, label);
    }
  /* The store's order is the file's order already. Pinned rather than
   * referenced one by one, and sharing the store's blocks rather than
   * copying them: the copy (1.6 MB of pointers at 200k annotations, in
   * fresh pages) blocked the main thread 2-30 ms. snapshot_write() copies
   * them, on the thread that writes. */
  snapshot->annotations = shu_annotation_store_share_annotations_pinned (store, &snapshot->pin);
  snapshot->relations = shu_annotation_store_dup_relations (store);
  snapshot->orphans = g_ptr_array_new_with_free_func (g_object_unref);
  snapshot->orphan_quotes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  for (guint i = 0; i < orphans->len; i++)
    {
      ShuAnnotation *annotation = shu_document_get_orphan_annotation (document, i);
      guint n = shu_annotation_get_n_ranges (annotation);
      GStrv quotes;

      /* One the user has attached again is an annotation now. */
      if (shu_document_is_orphan_resolved (document, i))
        continue;
      quotes = g_new0 (char *, 3 * n + 1);

      for (guint r = 0; r < n; r++)
        {
          const char *prefix, *exact, *suffix;

          shu_document_get_orphan_quote (document, i, r, &prefix, &exact, &suffix);
          quotes[3 * r] = g_strdup (prefix);
          quotes[3 * r + 1] = g_strdup (exact);
          quotes[3 * r + 2] = g_strdup (suffix);
        }
      g_ptr_array_add (snapshot->orphans, g_object_ref (annotation));
      g_ptr_array_add (snapshot->orphan_quotes, quotes);
    }
  snapshot->id = g_strdup (shu_document_get_id (document));
  snapshot->title = g_strdup (shu_document_get_title (document));
  snapshot->source_name = g_strdup (shu_document_get_source_name (document));
  snapshot->language = g_strdup (shu_document_get_language (document));
  snapshot->text_direction = g_strdup (shu_document_get_text_direction (document));
  snapshot->created = g_date_time_ref (shu_document_get_created (document));
  snapshot->modified = g_date_time_ref (shu_document_get_modified (document));
  snapshot->state = shu_annotation_store_get_state (store);
  {
    GArray *rejected = shu_document_get_rejected (document);

    snapshot->rejected = g_array_sized_new (FALSE, FALSE, sizeof (ShuSuggestion), rejected->len);
    g_array_append_vals (snapshot->rejected, rejected->data, rejected->len);
  }
  {
    GPtrArray *statuses = shu_document_get_statuses (document);

    snapshot->statuses = g_ptr_array_new_full (statuses->len,
                                               (GDestroyNotify) shu_status_record_free);
    for (guint i = 0; i < statuses->len; i++)
      {
        const ShuStatusRecord *record = g_ptr_array_index (statuses, i);
        ShuStatusRecord *copy = g_new0 (ShuStatusRecord, 1);

        copy->annotator = g_strdup (record->annotator);
        copy->status = record->status;
        copy->modified = g_date_time_ref (record->modified);
        g_ptr_array_add (snapshot->statuses, copy);
      }
  }
  return snapshot;
}

/* How far each annotator is, by annotator, with when they said so (so
 * that a merge keeps the later word). */
static void
write_statuses (ShuJsonWriter *w,
                Snapshot      *snapshot)
{
  if (snapshot->statuses->len == 0)
    return;
  shu_json_writer_begin_array (w, "shu:status");
  for (guint i = 0; i < snapshot->statuses->len; i++)
    {
      const ShuStatusRecord *record = g_ptr_array_index (snapshot->statuses, i);
      char modified[SHU_DATE_SIZE];

      shu_format_date_into (record->modified, modified);
      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "annotator", record->annotator);
      shu_json_writer_string (w, "status", shu_annotator_status_to_string (record->status));
      shu_json_writer_string (w, "modified", modified);
      shu_json_writer_end_object (w);
    }
  shu_json_writer_end_array (w);
}

/* Suggestions turned down, with the words they were on so that a reader
 * of an edited text can tell whether they still stand. Those of labels
 * since deleted are left out: nothing would suggest them. */
static void
write_rejected (ShuJsonWriter *w,
                Snapshot      *snapshot)
{
  gboolean begun = FALSE;

  for (guint i = 0; i < snapshot->rejected->len; i++)
    {
      const ShuSuggestion *rejection = &g_array_index (snapshot->rejected, ShuSuggestion, i);
      g_autofree char *exact = NULL;

      if (shu_label_set_lookup (snapshot->labels, rejection->label_id) == NULL)
        continue;
      if (!begun)
        shu_json_writer_begin_array (w, "shu:rejected");
      begun = TRUE;
      exact = shu_source_dup_range (snapshot->source, rejection->start, rejection->end);
      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "label", rejection->label_id);
      shu_json_writer_uint (w, "start", rejection->start);
      shu_json_writer_uint (w, "end", rejection->end);
      shu_json_writer_string (w, "exact", exact);
      shu_json_writer_end_object (w);
    }
  if (begun)
    shu_json_writer_end_array (w);
}

/* The lowest version that holds the file: a file without label conflicts
 * stays readable by Shulayim versions that know only version 1, while one
 * with them is refused there rather than rewritten without the marks. */
static guint
format_version_for (ShuLabelSet *labels,
                    GPtrArray   *annotations,
                    GPtrArray   *relations,
                    GPtrArray   *orphans)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (labels));

  /* Relation and event roles declared by labels came with version 4. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      if (shu_label_get_relation_decls (label)->len > 0
          || shu_label_get_event_roles (label) != NULL)
        return 4;
    }

  /* Relations, attributes, references and typed notes came with version
   * 3: a file with them is refused by older versions rather than
   * rewritten without them. */
  if (relations->len > 0)
    return 3;
  for (guint i = 0; i < annotations->len; i++)
    if (shu_annotation_has_extras (g_ptr_array_index (annotations, i)))
      return 3;
  for (guint i = 0; i < orphans->len; i++)
    if (shu_annotation_has_extras (g_ptr_array_index (orphans, i)))
      return 3;

  /* So did labels' attribute and relation type declarations. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      if (shu_label_get_attributes (label)->len > 0
          || shu_label_get_relation_types (label)[0] != NULL)
        return 3;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      if (shu_label_get_conflict_kind (label) != SHU_LABEL_CONFLICT_NONE)
        return 2;
    }
  return 1;
}

static void
write_label_conflict (ShuJsonWriter *w,
                      ShuLabel      *label)
{
  ShuLabel *other = shu_label_get_conflict (label);
  char shortcut[2] = { 0, '\0' };

  switch (shu_label_get_conflict_kind (label))
    {
    case SHU_LABEL_CONFLICT_DELETED:
      shu_json_writer_string (w, "shu:conflict", SHU_LABEL_CONFLICT_DELETED_VALUE);
      break;
    case SHU_LABEL_CONFLICT_CHANGED:
      shortcut[0] = shu_label_get_shortcut (other);
      shu_json_writer_begin_object (w, "shu:conflict");
      shu_json_writer_string (w, "name", shu_label_get_name (other));
      shu_json_writer_string (w, "color", shu_label_get_color (other));
      if (shu_label_get_description (other) != NULL)
        shu_json_writer_string (w, "description", shu_label_get_description (other));
      if (shortcut[0] != 0)
        shu_json_writer_string (w, "shortcut", shortcut);
      shu_json_writer_end_object (w);
      break;
    case SHU_LABEL_CONFLICT_NONE:
    default:
      break;
    }
}

/* Roles as "shu:relationRoles" and "shu:eventRoles" write them. */
static void
write_role_decls (ShuJsonWriter *w,
                  const char    *member,
                  GPtrArray     *roles)
{
  shu_json_writer_begin_array (w, member);
  for (guint i = 0; i < roles->len; i++)
    {
      ShuRoleDecl *role = g_ptr_array_index (roles, i);
      const char * const *label_ids = shu_role_decl_get_label_ids (role);

      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "role", shu_role_decl_get_role (role));
      if (shu_role_decl_get_repeat (role) != NULL)
        shu_json_writer_string (w, "repeat", shu_role_decl_get_repeat (role));
      if (label_ids[0] != NULL)
        {
          shu_json_writer_begin_array (w, "labels");
          for (guint l = 0; label_ids[l] != NULL; l++)
            shu_json_writer_string (w, NULL, label_ids[l]);
          shu_json_writer_end_array (w);
        }
      shu_json_writer_end_object (w);
    }
  shu_json_writer_end_array (w);
}

/* What the label's annotations may carry and start (version 3), and how
 * its relation and event types are made (version 4). */
/* @strings as an array named @member; nothing for NULL. */
static void
write_strings (ShuJsonWriter      *w,
               const char         *member,
               const char * const *strings)
{
  if (strings == NULL)
    return;
  shu_json_writer_begin_array (w, member);
  for (guint i = 0; strings[i] != NULL; i++)
    shu_json_writer_string (w, NULL, strings[i]);
  shu_json_writer_end_array (w);
}

void
shu_write_label_declarations (ShuJsonWriter *w,
                              ShuLabel      *label)
{
  GPtrArray *attributes = shu_label_get_attributes (label);
  const char * const *relation_types = shu_label_get_relation_types (label);
  GPtrArray *relation_decls = shu_label_get_relation_decls (label);
  GPtrArray *event_roles = shu_label_get_event_roles (label);

  if (attributes->len > 0)
    {
      shu_json_writer_begin_array (w, "shu:attributes");
      for (guint i = 0; i < attributes->len; i++)
        {
          ShuAttributeDecl *decl = g_ptr_array_index (attributes, i);
          const char * const *values = shu_attribute_decl_get_values (decl);

          shu_json_writer_begin_object (w, NULL);
          shu_json_writer_string (w, "name", shu_attribute_decl_get_name (decl));
          if (values != NULL)
            {
              shu_json_writer_begin_array (w, "values");
              for (guint v = 0; values[v] != NULL; v++)
                shu_json_writer_string (w, NULL, values[v]);
              shu_json_writer_end_array (w);
            }
          shu_json_writer_end_object (w);
        }
      shu_json_writer_end_array (w);
    }
  if (relation_types[0] != NULL)
    {
      shu_json_writer_begin_array (w, "shu:relationTypes");
      for (guint i = 0; relation_types[i] != NULL; i++)
        shu_json_writer_string (w, NULL, relation_types[i]);
      shu_json_writer_end_array (w);
    }
  if (relation_decls->len > 0)
    {
      shu_json_writer_begin_array (w, "shu:relationRoles");
      for (guint i = 0; i < relation_decls->len; i++)
        {
          ShuRelationDecl *decl = g_ptr_array_index (relation_decls, i);
          const char * const *properties = shu_relation_decl_get_properties (decl);

          shu_json_writer_begin_object (w, NULL);
          shu_json_writer_string (w, "type", shu_relation_decl_get_type_name (decl));
          write_role_decls (w, "roles", shu_relation_decl_get_roles (decl));
          if (properties[0] != NULL)
            {
              shu_json_writer_begin_array (w, "properties");
              for (guint p = 0; properties[p] != NULL; p++)
                shu_json_writer_string (w, NULL, properties[p]);
              shu_json_writer_end_array (w);
            }
          shu_json_writer_end_object (w);
        }
      shu_json_writer_end_array (w);
    }
  if (event_roles != NULL)
    write_role_decls (w, "shu:eventRoles", event_roles);
  write_strings (w, "shu:bratGroup", shu_label_get_brat_group (label));
  write_strings (w, "shu:bratLabels", shu_label_get_brat_names (label));
  if (shu_label_get_brat_fg_color (label) != NULL)
    shu_json_writer_string (w, "shu:bratFgColor", shu_label_get_brat_fg_color (label));
}

/* What the snapshot wrote, each annotation referenced: the document's
 * sidecar base once saved. Safe in any thread, like snapshot_write(). */
static GPtrArray *
snapshot_dup_annotations (Snapshot *snapshot)
{
  GPtrArray *annotations = shu_block_list_copy (snapshot->annotations);

  for (guint i = 0; i < annotations->len; i++)
    g_object_ref (g_ptr_array_index (annotations, i));
  g_ptr_array_set_free_func (annotations, g_object_unref);
  return annotations;
}

/* Safe in any thread: it reads only the snapshot and the immutable source. */
static void
snapshot_write (Snapshot      *snapshot,
                ShuJsonWriter *w)
{
  g_autofree char *created = shu_format_date (snapshot->created);
  g_autofree char *modified = shu_format_date (snapshot->modified);
  g_autoptr(GPtrArray) annotations = shu_block_list_copy (snapshot->annotations);
  ShuLabelSet *labels = snapshot->labels;
  ShuSource *source = snapshot->source;
  const char *source_name = snapshot->source_name;
  guint n_labels;

  /* The store keeps its list sorted; sort anyway so that the bytes never
   * depend on how the store orders ties. */
  shu_annotation_sort (annotations);

  shu_json_writer_begin_object (w, NULL);
  write_context (w);
  shu_json_writer_string (w, "id", snapshot->id);
  shu_json_writer_string (w, "type", "AnnotationCollection");
  shu_json_writer_string (w, "label", snapshot->title);
  shu_json_writer_uint (w, "formatVersion",
                        format_version_for (labels, annotations, snapshot->relations,
                                            snapshot->orphans));
  shu_json_writer_string (w, "created", created);
  shu_json_writer_string (w, "modified", modified);
  shu_json_writer_begin_object (w, "generator");
  shu_json_writer_string (w, "type", "Software");
  shu_json_writer_string (w, "name", "Shulayim");
  shu_json_writer_string (w, "version", VERSION);
  shu_json_writer_end_object (w);

  shu_json_writer_begin_object (w, "sourceText");
  shu_json_writer_string (w, "name", source_name);
  shu_json_writer_string (w, "sha256", shu_source_get_sha256 (source));
  shu_json_writer_uint (w, "length", shu_source_get_length (source));
  shu_json_writer_string (w, "encoding",
                          shu_encoding_to_string (shu_source_get_encoding (source)));
  shu_json_writer_string (w, "language", snapshot->language);
  shu_json_writer_string (w, "textDirection", snapshot->text_direction);
  shu_json_writer_end_object (w);

  shu_json_writer_begin_array (w, "labels");
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (labels));
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      char shortcut[2] = { shu_label_get_shortcut (label), '\0' };

      shu_json_writer_begin_object (w, NULL);
      shu_json_writer_string (w, "id", shu_label_get_id (label));
      shu_json_writer_string (w, "name", shu_label_get_name (label));
      shu_json_writer_string (w, "color", shu_label_get_color (label));
      if (shu_label_get_description (label) != NULL)
        shu_json_writer_string (w, "description", shu_label_get_description (label));
      if (shortcut[0] != 0)
        shu_json_writer_string (w, "shortcut", shortcut);
      shu_write_label_declarations (w, label);
      write_label_conflict (w, label);
      shu_json_writer_end_object (w);
    }
  shu_json_writer_end_array (w);

  shu_json_writer_uint (w, "total", annotations->len + snapshot->relations->len);
  shu_json_writer_begin_object (w, "first");
  shu_json_writer_string (w, "type", "AnnotationPage");
  shu_json_writer_begin_array (w, "items");
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      g_auto(GStrv) quotes = quotes_from_source (source, annotation);

      shu_write_annotation (w, annotation, labels, (const char * const *) quotes,
                            source_name, FALSE, FALSE);
    }
  /* Relations after the annotations they link, by id. */
  for (guint i = 0; i < snapshot->relations->len; i++)
    shu_write_relation (w, g_ptr_array_index (snapshot->relations, i), FALSE);
  shu_json_writer_end_array (w);
  shu_json_writer_end_object (w);

  /* Annotations that could not be placed on this text: kept so that no
   * one's work is lost, in the order they were found. */
  if (snapshot->orphans->len > 0)
    {
      shu_json_writer_begin_array (w, "orphans");
      for (guint i = 0; i < snapshot->orphans->len; i++)
        shu_write_annotation (w, g_ptr_array_index (snapshot->orphans, i), labels,
                              g_ptr_array_index (snapshot->orphan_quotes, i), source_name,
                              FALSE, FALSE);
      shu_json_writer_end_array (w);
    }

  write_statuses (w, snapshot);
  write_rejected (w, snapshot);

  shu_json_writer_end_object (w);
}

static GBytes *
snapshot_serialize (Snapshot *snapshot)
{
  g_autoptr(ShuJsonWriter) w = shu_json_writer_new ();

  snapshot_write (snapshot, w);
  return shu_json_writer_finish (w);
}

GBytes *
shu_sidecar_serialize (ShuDocument *document)
{
  g_autoptr(Snapshot) snapshot = NULL;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  snapshot = snapshot_new (document);
  return snapshot_serialize (snapshot);
}

/* Serialises straight into the file, a piece at a time. */
static gboolean
snapshot_contents (ShuFileSink  *sink,
                   gpointer      user_data,
                   GError      **error)
{
  g_autoptr(ShuJsonWriter) w = shu_json_writer_new_to_sink (shu_file_sink_write, sink);

  snapshot_write (user_data, w);
  return shu_json_writer_finish_to_sink (w, error);
}

/* Never write over the text itself, even when asked to. */
static gboolean
check_not_source (ShuSource  *source,
                  GFile      *file,
                  GError    **error)
{
  GFile *text = shu_source_get_file (source);
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *ra = NULL;
  g_autofree char *rb = NULL;

  if (text == NULL)
    return TRUE;

  a = g_file_get_path (text);
  b = g_file_get_path (file);
  ra = a != NULL ? realpath (a, NULL) : NULL;
  rb = b != NULL ? realpath (b, NULL) : NULL;
  if (g_file_equal (text, file) || (ra != NULL && rb != NULL && strcmp (ra, rb) == 0))
    {
      g_autofree char *name = shu_text_dup_file_name (file);

      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("Could not save “%s”: it is the text being annotated, which is "
                   "never written"), name);
      return FALSE;
    }
  return TRUE;
}

/* Saved in the user's Shulayim folder, the sidecar names a text that is
 * not beside it: the folder remembers where it is. Only a help to open the
 * sidecar alone later (opening the text finds the sidecar anyway), so a
 * failure does not fail the save. */
static void
remember_text (GFile     *sidecar,
               ShuSource *source)
{
  g_autoptr(GError) error = NULL;

  if (!shu_places_remember_text (sidecar, shu_source_get_file (source), &error))
    {
      g_autofree char *name = shu_text_dup_file_name (sidecar);

      g_debug ("Could not note where the text of %s is: %s", name, error->message);
    }
}

gboolean
shu_sidecar_save (ShuDocument  *document,
                  GFile        *file,
                  GError      **error)
{
  g_autoptr(Snapshot) snapshot = NULL;
  g_autoptr(ShuFileStamp) stamp = NULL;
  g_autoptr(GPtrArray) base = NULL;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_not_source (shu_document_get_source (document), file, error))
    return FALSE;

  snapshot = snapshot_new (document);
  if (!shu_safe_file_save (file, snapshot_contents, snapshot, &stamp, error))
    return FALSE;
  remember_text (file, shu_document_get_source (document));
  base = snapshot_dup_annotations (snapshot);

  shu_document_set_sidecar_file (document, file);
  shu_document_set_sidecar_stamp (document, stamp);
  shu_document_set_sidecar_base (document, snapshot->labels, base);
  shu_annotation_store_mark_saved (shu_document_get_store (document));
  return TRUE;
}

ShuSidecarSnapshot *
shu_sidecar_snapshot_new (ShuDocument *document)
{
  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  return snapshot_new (document);
}

typedef struct
{
  const char *header;
  Snapshot   *snapshot;
} HeaderAndSnapshot;

static gboolean
header_and_snapshot_contents (ShuFileSink  *sink,
                              gpointer      user_data,
                              GError      **error)
{
  HeaderAndSnapshot *what = user_data;

  return shu_file_sink_write (what->header, strlen (what->header), sink, error)
         && snapshot_contents (sink, what->snapshot, error);
}

gboolean
shu_sidecar_snapshot_write_file (ShuSidecarSnapshot  *snapshot,
                                 const char          *path,
                                 const char          *header,
                                 guint                mode,
                                 GError             **error)
{
  HeaderAndSnapshot what = { header != NULL ? header : "", snapshot };

  g_return_val_if_fail (snapshot != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return shu_safe_file_replace (path, mode, FALSE, header_and_snapshot_contents, &what, NULL,
                                error);
}

guint
shu_sidecar_snapshot_get_n_annotations (ShuSidecarSnapshot *snapshot)
{
  g_return_val_if_fail (snapshot != NULL, 0);

  return shu_block_list_get_length (snapshot->annotations);
}

void
shu_sidecar_snapshot_free (ShuSidecarSnapshot *snapshot)
{
  if (snapshot != NULL)
    snapshot_free (snapshot);
}

/* Saves in the background: one worker thread, so that saves are written
 * in the order they were started and a later state is never overwritten
 * by an earlier one that happened to finish last. */

typedef struct
{
  Snapshot     *snapshot;   /* dropped by the worker once serialised */
  GFile        *file;
  guint64       state;
  ShuFileStamp *stamp;      /* set by the worker once written */
  ShuLabelSet  *base_labels;        /* what was written, set by the worker */
  GPtrArray    *base_annotations;
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_pointer (&data->snapshot, snapshot_free);
  g_clear_object (&data->base_labels);
  g_clear_pointer (&data->base_annotations, g_ptr_array_unref);
  g_clear_object (&data->file);
  g_clear_pointer (&data->stamp, shu_file_stamp_free);
  g_free (data);
}

static void
save_worker (gpointer item,
             gpointer user_data)
{
  g_autoptr(GTask) task = item;
  SaveData *data = g_task_get_task_data (task);
  GError *error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;

  if (!check_not_source (data->snapshot->source, data->file, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  ok = shu_safe_file_save (data->file, snapshot_contents, data->snapshot, &data->stamp, &error);
  if (ok)
    {
      remember_text (data->file, data->snapshot->source);
      data->base_labels = g_object_ref (data->snapshot->labels);
      data->base_annotations = snapshot_dup_annotations (data->snapshot);
    }
  /* Released here, not with the task on the main thread: dropping 200k
   * references there blocked it for a noticeable part of a frame. */
  g_clear_pointer (&data->snapshot, snapshot_free);
  if (!ok)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static GThreadPool *
get_save_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    {
      GThreadPool *new_pool = g_thread_pool_new (save_worker, NULL, 1, FALSE, NULL);

      g_once_init_leave (&pool, new_pool);
    }
  return pool;
}

void
shu_sidecar_save_async (ShuDocument         *document,
                        GFile               *file,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  SaveData *data;

  g_return_if_fail (SHU_IS_DOCUMENT (document));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (document, cancellable, callback, user_data);
  g_task_set_source_tag (task, shu_sidecar_save_async);
  data = g_new0 (SaveData, 1);
  data->snapshot = snapshot_new (document);
  data->state = data->snapshot->state;
  data->file = g_object_ref (file);
  g_task_set_task_data (task, data, (GDestroyNotify) save_data_free);

  g_thread_pool_push (get_save_pool (), task, NULL);
}

gboolean
shu_sidecar_save_finish (ShuDocument   *document,
                         GAsyncResult  *result,
                         GError       **error)
{
  SaveData *data;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, document), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == shu_sidecar_save_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  /* Only the state that was written counts as saved: edits made while
   * the file was written keep the document modified. */
  data = g_task_get_task_data (G_TASK (result));
  shu_document_set_sidecar_file (document, data->file);
  shu_document_set_sidecar_stamp (document, data->stamp);
  shu_document_set_sidecar_base (document, data->base_labels, data->base_annotations);
  shu_annotation_store_mark_state_saved (shu_document_get_store (document), data->state);
  return TRUE;
}
