/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-brat.h"
#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-relation.h"

/* brat's line format has no escapes: a tab separates fields and a line
 * break ends the line, so both become spaces in text and note fields. */
static void
append_flat (GString    *out,
             const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
}

/* "Unlabelled" followed by nothing but '_': the type of no label, and
 * the types made from it by escape_no_label(). */
static gboolean
is_no_label_type (const char *type)
{
  if (!g_str_has_prefix (type, SHU_BRAT_NO_LABEL))
    return FALSE;
  for (const char *p = type + strlen (SHU_BRAT_NO_LABEL); *p != '\0'; p++)
    if (*p != '_')
      return FALSE;
  return TRUE;
}

char *
shu_brat_type_for_label (const char *name)
{
  GString *out = g_string_new (NULL);

  if (name == NULL)
    return g_strdup (SHU_BRAT_NO_LABEL);
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }
  /* A label named "Unlabelled" (or "Unlabelled" and spaces) gets one '_'
   * more than its type would have, which import takes away: the type
   * "Unlabelled" itself stays no label's. */
  if (is_no_label_type (out->str))
    g_string_append_c (out, '_');
  return g_string_free (out, FALSE);
}

/* @type without the '_' shu_brat_type_for_label() adds to "Unlabelled"
 * and spaces; NULL for SHU_BRAT_NO_LABEL itself (no label). */
static char *
unescape_type (const char *type)
{
  char *unescaped;

  if (strcmp (type, SHU_BRAT_NO_LABEL) == 0)
    return NULL;
  unescaped = g_strdup (type);
  if (is_no_label_type (unescaped))
    unescaped[strlen (unescaped) - 1] = '\0';
  return unescaped;
}

char *
shu_brat_name_for_type (const char *type)
{
  char *name = unescape_type (type);

  if (name != NULL)
    g_strdelimit (name, "_", ' ');
  return name;
}

static void
append_notes (GString    *notes,
              guint      *n_notes,
              GPtrArray  *comments,
              const char *target)
{
  for (guint c = 0; c < comments->len; c++)
    {
      ShuComment *comment = g_ptr_array_index (comments, c);
      const char *kind = shu_comment_get_kind (comment);

      g_string_append_printf (notes, "#%u\t%s %s\t", ++*n_notes,
                              kind != NULL ? kind : "AnnotatorNotes", target);
      append_flat (notes, shu_comment_get_text (comment));
      g_string_append_c (notes, '\n');
    }
}

static void
append_attributes (GString    *out,
                   guint      *n_attributes,
                   GPtrArray  *attributes,
                   const char *target)
{
  for (guint a = 0; a < attributes->len; a++)
    {
      ShuAttribute *attribute = g_ptr_array_index (attributes, a);

      g_string_append_printf (out, "A%u\t%s %s", ++*n_attributes,
                              shu_attribute_get_name (attribute), target);
      if (shu_attribute_get_value (attribute) != NULL)
        g_string_append_printf (out, " %s", shu_attribute_get_value (attribute));
      g_string_append_c (out, '\n');
    }
}

/* A relation is written once every id it names has one: events may name
 * events written after them in the store's order. */
static gboolean
relation_ends_known (ShuRelation *relation,
                     GHashTable  *brat_ids)
{
  const char *trigger = shu_relation_get_trigger (relation);

  if (trigger != NULL && !g_hash_table_contains (brat_ids, trigger))
    return FALSE;
  if (shu_relation_get_kind (relation) == SHU_RELATION_EVENT && trigger == NULL)
    return FALSE;
  for (guint a = 0; a < shu_relation_get_n_arguments (relation); a++)
    if (!g_hash_table_contains (brat_ids, shu_relation_get_target (relation, a)))
      return FALSE;
  return TRUE;
}

GBytes *
shu_brat_export (ShuDocument *document)
{
  return shu_brat_export_full (document, SHU_OFFSETS_CODEPOINTS);
}

GBytes *
shu_brat_export_full (ShuDocument   *document,
                      ShuOffsetUnit  unit)
{
  g_autoptr(ShuOffsetMap) map = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GHashTable) brat_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) links = g_string_new (NULL);
  g_autoptr(GString) about = g_string_new (NULL);
  g_autoptr(GString) notes = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  ShuSource *source;
  guint n_notes = 0, n_attributes = 0, n_references = 0, n_relations = 0, n_events = 0;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  source = shu_document_get_source (document);
  map = shu_offset_map_new (source, unit);
  annotations = shu_formats_sorted_annotations (document);
  relations = shu_annotation_store_dup_relations (shu_document_get_store (document));
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      guint n = shu_annotation_get_n_ranges (annotation);
      GPtrArray *references = shu_annotation_get_references (annotation);
      g_autofree char *type = shu_brat_type_for_label (shu_formats_label_name (document,
                                                                               annotation));
      char *brat_id = g_strdup_printf ("T%u", i + 1);

      g_hash_table_insert (brat_ids, (gpointer) shu_annotation_get_id (annotation), brat_id);
      g_string_append_printf (out, "%s\t%s ", brat_id, type);
      for (guint r = 0; r < n; r++)
        g_string_append_printf (out, "%s%" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT,
                                r > 0 ? ";" : "",
                                shu_offset_map_from_codepoints (map, ranges[r].start),
                                shu_offset_map_from_codepoints (map, ranges[r].end));
      g_string_append_c (out, '\t');
      for (guint r = 0; r < n; r++)
        {
          g_autofree char *part = shu_source_dup_range (source, ranges[r].start, ranges[r].end);

          if (r > 0)
            g_string_append_c (out, ' ');
          append_flat (out, part);
        }
      g_string_append_c (out, '\n');

      append_attributes (about, &n_attributes, shu_annotation_get_attributes (annotation),
                         brat_id);
      for (guint r = 0; r < references->len; r++)
        {
          ShuReference *reference = g_ptr_array_index (references, r);

          g_string_append_printf (about, "N%u\t%s %s %s:%s\t", ++n_references,
                                  shu_reference_get_kind (reference), brat_id,
                                  shu_reference_get_resource (reference),
                                  shu_reference_get_entry (reference));
          if (shu_reference_get_text (reference) != NULL)
            append_flat (about, shu_reference_get_text (reference));
          g_string_append_c (about, '\n');
        }
      /* Notes after all the spans, as brat itself writes them. */
      append_notes (notes, &n_notes, shu_annotation_get_comments (annotation), brat_id);
    }

  /* Relations whose ends are all written, until none is left that can
   * be: one naming an orphan (an annotation not placed on this text) has
   * no brat id to name it by. */
  for (gboolean progress = TRUE; progress;)
    {
      progress = FALSE;
      for (guint i = 0; i < relations->len; i++)
        {
          ShuRelation *relation = g_ptr_array_index (relations, i);
          ShuRelationKind kind = shu_relation_get_kind (relation);
          char *brat_id;

          if (!relation_ends_known (relation, brat_ids))
            continue;
          if (kind == SHU_RELATION_LINK)
            brat_id = g_strdup_printf ("R%u", ++n_relations);
          else if (kind == SHU_RELATION_EVENT)
            brat_id = g_strdup_printf ("E%u", ++n_events);
          else
            brat_id = g_strdup ("*");

          g_string_append_printf (links, "%s\t%s", brat_id, shu_relation_get_type_name (relation));
          if (kind == SHU_RELATION_EVENT)
            g_string_append_printf (links, ":%s",
                                    (char *) g_hash_table_lookup (brat_ids,
                                                                  shu_relation_get_trigger
                                                                    (relation)));
          for (guint a = 0; a < shu_relation_get_n_arguments (relation); a++)
            {
              const char *role = shu_relation_get_role (relation, a);
              const char *target = g_hash_table_lookup (brat_ids,
                                                        shu_relation_get_target (relation, a));

              if (kind == SHU_RELATION_EQUIVALENCE || role == NULL)
                g_string_append_printf (links, " %s", target);
              else
                g_string_append_printf (links, " %s:%s", role, target);
            }
          g_string_append_c (links, '\n');
          if (kind != SHU_RELATION_EQUIVALENCE)
            {
              append_attributes (about, &n_attributes, shu_relation_get_attributes (relation),
                                 brat_id);
              append_notes (notes, &n_notes, shu_relation_get_comments (relation), brat_id);
              g_hash_table_insert (brat_ids, (gpointer) shu_relation_get_id (relation),
                                   brat_id);
            }
          else
            g_free (brat_id);
          g_ptr_array_remove_index (relations, i--);
          progress = TRUE;
        }
    }

  g_string_append_len (out, links->str, links->len);
  g_string_append_len (out, about->str, about->len);
  g_string_append_len (out, notes->str, notes->len);

  return g_string_free_to_bytes (out);
}

/* ------------------------------------------------------------- import */

typedef struct
{
  char      *brat_id;
  GArray    *ranges;     /* ShuRange */
  char      *label_id;
  GPtrArray *comments;   /* ShuComment */
  GPtrArray *attributes; /* ShuAttribute */
  GPtrArray *references; /* ShuReference */
  char      *id;         /* the annotation's urn:uuid */
  char      *type;       /* as written */
} Span;

static void
span_free (Span *span)
{
  g_free (span->brat_id);
  g_array_unref (span->ranges);
  g_free (span->label_id);
  g_ptr_array_unref (span->comments);
  g_ptr_array_unref (span->attributes);
  g_ptr_array_unref (span->references);
  g_free (span->id);
  g_free (span->type);
  g_free (span);
}

/* An R, E or "*" line, read; tied to the annotations once all are read. */
typedef struct
{
  guint            line;
  char            *brat_id;   /* NULL for "*" */
  ShuRelationKind  kind;
  char            *type;
  char            *trigger;   /* brat id, events only */
  GPtrArray       *roles;     /* char*, "" for none */
  GPtrArray       *targets;   /* brat ids */
  GPtrArray       *attributes;
  GPtrArray       *comments;
  char            *id;        /* the relation's urn:uuid */
} Link;

static void
link_free (Link *link)
{
  g_free (link->brat_id);
  g_free (link->type);
  g_free (link->trigger);
  g_ptr_array_unref (link->roles);
  g_ptr_array_unref (link->targets);
  g_ptr_array_unref (link->attributes);
  g_ptr_array_unref (link->comments);
  g_free (link->id);
  g_free (link);
}

static Link *
link_new (guint            line,
          const char      *brat_id,
          ShuRelationKind  kind)
{
  Link *link = g_new0 (Link, 1);

  link->line = line;
  link->brat_id = g_strdup (brat_id);
  link->kind = kind;
  link->roles = g_ptr_array_new_with_free_func (g_free);
  link->targets = g_ptr_array_new_with_free_func (g_free);
  link->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_unref);
  link->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  link->id = shu_new_urn_uuid ();
  return link;
}

static gboolean G_GNUC_PRINTF (5, 6)
fail_line (GError     **error,
           const char  *display_name,
           guint        line,
           guint        column,
           const char  *format,
           ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, "%s:%u:%u: %s",
               display_name, line, column, reason);
  return FALSE;
}

static gboolean
parse_number (const char **p,
              guint64     *out)
{
  guint64 value = 0;
  const char *s = *p;

  if (!g_ascii_isdigit (*s))
    return FALSE;
  while (g_ascii_isdigit (*s))
    {
      if (value > G_MAXUINT32)
        return FALSE;
      value = value * 10 + (*s - '0');
      s++;
    }
  *p = s;
  *out = value;
  return TRUE;
}

static int
compare_ranges (gconstpointer a,
                gconstpointer b)
{
  const ShuRange *ra = a, *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  return ra->end < rb->end ? -1 : ra->end > rb->end;
}

/* The brat text field a span should have: its fragments joined by one
 * space, with line breaks and tabs as spaces. */
static char *
expected_text (ShuSource *source,
               GArray    *ranges)
{
  GString *out = g_string_new (NULL);

  for (guint r = 0; r < ranges->len; r++)
    {
      const ShuRange *range = &g_array_index (ranges, ShuRange, r);
      g_autofree char *part = shu_source_dup_range (source, range->start, range->end);

      if (r > 0)
        g_string_append_c (out, ' ');
      append_flat (out, part);
    }
  return g_string_free (out, FALSE);
}

static char *
label_name_for_type (ShuLabelSet *labels,
                     const char  *type)
{
  char *name;

  if (shu_label_set_lookup_name (labels, type) != NULL)
    return g_strdup (type);
  name = g_strdup (type);
  g_strdelimit (name, "_", ' ');
  return name;
}

/* When offsets do not fit as the file's unit, the unit they fit in, if any
 * (only tried from code points: a unit asked for is the user's word). */
static const char *
guess_unit (ShuSource    *source,
            ShuOffsetMap *map,
            GArray       *written,
            const char   *flat)
{
  g_autofree guint64 *starts = NULL;
  g_autofree guint64 *ends = NULL;

  if (shu_offset_map_get_unit (map) != SHU_OFFSETS_CODEPOINTS)
    return NULL;
  starts = g_new (guint64, written->len / 2);
  ends = g_new (guint64, written->len / 2);
  for (guint r = 0; r < written->len / 2; r++)
    {
      starts[r] = g_array_index (written, guint64, 2 * r);
      ends[r] = g_array_index (written, guint64, 2 * r + 1);
    }
  return shu_formats_guess_unit (source, SHU_OFFSETS_CODEPOINTS, starts, ends,
                                 written->len / 2, flat, NULL);
}

static gboolean
parse_text_line (const char   *display_name,
                 guint         number,
                 char        **fields,
                 ShuSource    *source,
                 ShuOffsetMap *map,
                 ShuLabelSet  *labels,
                 Span         *span,
                 GError      **error)
{
  g_autoptr(GArray) written = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autofree char *flat = NULL;
  g_autofree char *want = NULL;
  const char *space = strchr (fields[1], ' ');
  const char *p;
  guint column = g_utf8_strlen (fields[0], -1) + 2;
  guint offsets_column;

  if (space == NULL || space == fields[1])
    return fail_line (error, display_name, number, column,
                      _("expected \"TYPE START END\" after the id %s"), fields[0]);

  column += g_utf8_strlen (fields[1], space - fields[1]) + 1;
  offsets_column = column;
  p = space + 1;
  for (;;)
    {
      guint64 pair[2];

      if (!parse_number (&p, &pair[0]) || *p++ != ' ' || !parse_number (&p, &pair[1]))
        return fail_line (error, display_name, number, column,
                          _("expected offsets \"START END\" (whole numbers), "
                            "several joined by ';'"));
      g_array_append_vals (written, pair, 2);
      if (*p == '\0')
        break;
      if (*p != ';')
        return fail_line (error, display_name, number, column,
                          _("unexpected \"%c\" in the offsets"), *p);
      p++;
    }

  /* brat counts code points, like Python's str indexes; a file made for
   * another version of the text, or by a tool that counts UTF-16 units or
   * bytes, shows here: say which unit would fit. */
  flat = g_strdup (fields[2]);
  g_strdelimit (flat, "\t\r\n", ' ');
  for (guint r = 0; r < written->len / 2; r++)
    {
      g_autofree char *reason = NULL;
      ShuRange range;

      if (!shu_formats_convert_range (map, source, g_array_index (written, guint64, 2 * r),
                                      g_array_index (written, guint64, 2 * r + 1),
                                      &range.start, &range.end, &reason))
        {
          const char *reason_unit = guess_unit (source, map, written, flat);

          if (reason_unit != NULL)
            return fail_line (error, display_name, number, offsets_column,
                              _("%s: %s; the offsets fit the text as %s: the file counts "
                                "offsets in that unit"), fields[0], reason, reason_unit);
          return fail_line (error, display_name, number, offsets_column, "%s: %s",
                            fields[0], reason);
        }
      g_array_append_val (span->ranges, range);
    }

  /* The text field follows the fragments in the order they are written,
   * which brat does not require to be the text's order. */
  want = expected_text (source, span->ranges);
  column += g_utf8_strlen (fields[1], -1) - g_utf8_strlen (fields[1], space - fields[1]);
  if (strcmp (want, flat) != 0)
    {
      const char *reason_unit = guess_unit (source, map, written, flat);

      if (reason_unit != NULL)
        return fail_line (error, display_name, number, column,
                          _("%s: the text \"%s\" is not at these offsets counted as %s, but "
                            "it is when they are counted as %s: the file counts offsets in "
                            "that unit"), fields[0], fields[2],
                          shu_offset_unit_describe (shu_offset_map_get_unit (map)),
                          reason_unit);
      return fail_line (error, display_name, number, column,
                        _("%s: the text \"%s\" does not match the text at these offsets "
                          "(\"%s\")"), fields[0], fields[2], want);
    }

  g_array_sort (span->ranges, compare_ranges);
  for (guint r = 1; r < span->ranges->len; r++)
    if (g_array_index (span->ranges, ShuRange, r - 1).end
        > g_array_index (span->ranges, ShuRange, r).start)
      return fail_line (error, display_name, number, offsets_column,
                        _("%s: its fragments overlap"), fields[0]);

  span->type = g_strndup (fields[1], space - fields[1]);
  return TRUE;
}

/* In lenient imports, a line's problem is reported and the line skipped;
 * in strict ones it refuses the file. */
static gboolean
skip_or_fail (const ShuImportOptions  *options,
              GError                 **line_error,
              GPtrArray               *skipped,
              GError                 **error)
{
  if (options->flags & SHU_IMPORT_STRICT)
    {
      g_propagate_error (error, g_steal_pointer (line_error));
      return FALSE;
    }
  g_ptr_array_add (skipped, g_strdup_printf (_("%s; line skipped"), (*line_error)->message));
  g_clear_error (line_error);
  return TRUE;
}

ShuDocument *
shu_brat_import (GBytes       *bytes,
                 const char   *display_name,
                 ShuSource    *source,
                 ShuLabelSet  *labels,
                 GPtrArray   **messages,
                 GError      **error)
{
  static const ShuImportOptions defaults = { 0 };

  return shu_brat_import_full (bytes, display_name, source, labels, &defaults, messages, NULL,
                               error);
}


static void
read_span_line (const char   *display_name,
                guint         number,
                char         *line,
                ShuSource    *source,
                ShuOffsetMap *map,
                ShuLabelSet  *labels,
                GPtrArray    *spans,
                GHashTable   *by_id,
                GError      **error)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 3);
  Span *span;

  if (g_strv_length (fields) != 3)
    {
      fail_line (error, display_name, number, 1,
                 _("a text-bound line needs three tab-separated fields "
                   "(ID, TYPE START END, TEXT)"));
      return;
    }
  if (g_hash_table_contains (by_id, fields[0]))
    {
      fail_line (error, display_name, number, 1, "the id %s is used twice", fields[0]);
      return;
    }
  span = g_new0 (Span, 1);
  span->brat_id = g_strdup (fields[0]);
  span->ranges = g_array_new (FALSE, FALSE, sizeof (ShuRange));
  span->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  span->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_unref);
  span->references = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_reference_unref);
  span->id = shu_new_urn_uuid ();
  if (!parse_text_line (display_name, number, fields, source, map, labels, span, error))
    {
      span_free (span);
      return;
    }
  g_ptr_array_add (spans, span);
  g_hash_table_insert (by_id, span->brat_id, span);
}

/* "R1\tType Arg1:T1 Arg2:T2", "E1\tType:T1 Role:T2 ...", "*\tType T1 T2 ...". */
static void
read_link_line (const char  *display_name,
                guint        number,
                const char  *line,
                GPtrArray   *links,
                GHashTable  *links_by_id,
                GHashTable  *by_id,
                GError     **error)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 3);
  g_auto(GStrv) words = NULL;
  Link *link;
  guint n_words;
  ShuRelationKind kind = line[0] == 'R' ? SHU_RELATION_LINK
                         : line[0] == 'E' ? SHU_RELATION_EVENT : SHU_RELATION_EQUIVALENCE;

  if (g_strv_length (fields) < 2)
    {
      fail_line (error, display_name, number, 1,
                 _("expected tab-separated fields (ID, TYPE ARGUMENTS)"));
      return;
    }
  if (kind != SHU_RELATION_EQUIVALENCE
      && (g_hash_table_contains (links_by_id, fields[0])
          || g_hash_table_contains (by_id, fields[0])))
    {
      fail_line (error, display_name, number, 1, "the id %s is used twice", fields[0]);
      return;
    }
  words = g_strsplit (g_strstrip (fields[1]), " ", -1);
  n_words = g_strv_length (words);
  link = link_new (number, kind == SHU_RELATION_EQUIVALENCE ? NULL : fields[0], kind);

  for (guint w = 0; w < n_words; w++)
    {
      char *word = words[w];
      char *colon = strrchr (word, ':');

      if (*word == '\0')
        continue;
      if (w == 0 && kind != SHU_RELATION_EVENT)
        {
          link->type = g_strdup (word);
          continue;
        }
      if (kind == SHU_RELATION_EQUIVALENCE)
        {
          g_ptr_array_add (link->roles, g_strdup (""));
          g_ptr_array_add (link->targets, g_strdup (word));
          continue;
        }
      if (colon == NULL || colon == word || colon[1] == '\0')
        {
          fail_line (error, display_name, number, 1,
                     _("%s: expected ROLE:ID, not \"%s\""), fields[0], word);
          link_free (link);
          return;
        }
      *colon = '\0';
      if (w == 0)
        {
          /* An event's first pair is its type and its trigger. */
          link->type = g_strdup (word);
          link->trigger = g_strdup (colon + 1);
          continue;
        }
      g_ptr_array_add (link->roles, g_strdup (word));
      g_ptr_array_add (link->targets, g_strdup (colon + 1));
    }

  if (link->type == NULL
      || (kind == SHU_RELATION_LINK && link->targets->len != 2)
      || (kind == SHU_RELATION_EQUIVALENCE && link->targets->len < 2))
    {
      fail_line (error, display_name, number, 1,
                 kind == SHU_RELATION_LINK ? "%s: a relation needs a type and two arguments"
                 : kind == SHU_RELATION_EVENT ? "%s: an event needs TYPE:TRIGGER"
                 : "%s: an equivalence needs a type and two ids or more", fields[0]);
      link_free (link);
      return;
    }
  g_ptr_array_add (links, link);
  if (link->brat_id != NULL)
    g_hash_table_insert (links_by_id, link->brat_id, link);
}

/* "A1\tName T1 [Value]", "N1\tType T1 DB:ID\tText", "#1\tType T1\tText". */
static void
read_about_line (const char  *display_name,
                 guint        number,
                 const char  *line,
                 GHashTable  *by_id,
                 GHashTable  *links_by_id,
                 GError     **error)
{
  g_auto(GStrv) fields = g_strsplit (line, "\t", 3);
  g_auto(GStrv) words = NULL;
  Span *span;
  Link *link;
  guint n_words;
  char kind = line[0];

  if (g_strv_length (fields) < 2)
    {
      fail_line (error, display_name, number, 1,
                 _("expected tab-separated fields (ID, TYPE TARGET ...)"));
      return;
    }
  words = g_strsplit (fields[1], " ", -1);
  n_words = g_strv_length (words);
  if (n_words < 2 || *words[0] == '\0')
    {
      fail_line (error, display_name, number, g_utf8_strlen (fields[0], -1) + 2,
                 _("%s: expected TYPE TARGET"), fields[0]);
      return;
    }
  span = g_hash_table_lookup (by_id, words[1]);
  link = span == NULL ? g_hash_table_lookup (links_by_id, words[1]) : NULL;
  if (span == NULL && link == NULL)
    {
      if (kind == '#')
        fail_line (error, display_name, number, g_utf8_strlen (fields[0], -1) + 2,
                   _("the note is on %s, which is not an annotation, relation or event of "
                     "this file"), words[1]);
      else
        fail_line (error, display_name, number, g_utf8_strlen (fields[0], -1) + 2,
                   _("%s is on %s, which is not an annotation, relation or event of this "
                     "file"), fields[0], words[1]);
      return;
    }

  switch (kind)
    {
    case 'A':
    case 'M':
      {
        /* The rest of the field is the value: brat allows no space in it,
         * but a value with one is kept whole rather than cut. */
        g_autofree char *value = n_words > 2 ? g_strjoinv (" ", words + 2) : NULL;
        ShuAttribute *attribute = shu_attribute_new (words[0], value);

        g_ptr_array_add (span != NULL ? span->attributes : link->attributes, attribute);
      }
      break;
    case 'N':
      {
        const char *colon = n_words == 3 ? strchr (words[2], ':') : NULL;
        g_autofree char *resource = NULL;

        if (span == NULL || colon == NULL)
          {
            fail_line (error, display_name, number, 1,
                       span == NULL ? "%s: a normalization names a text span"
                       : "%s: expected TYPE TARGET RESOURCE:ID", fields[0]);
            return;
          }
        resource = g_strndup (words[2], colon - words[2]);
        g_ptr_array_add (span->references,
                         shu_reference_new (words[0], resource, colon + 1, fields[2]));
      }
      break;
    case '#':
      {
        /* brat's notes are comments; AnnotatorNotes is the plain kind. */
        const char *note_kind = strcmp (words[0], "AnnotatorNotes") == 0 ? NULL : words[0];
        ShuComment *comment = shu_comment_new_typed (fields[2] != NULL ? fields[2] : "", NULL,
                                                     note_kind);

        g_ptr_array_add (span != NULL ? span->comments : link->comments, comment);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* The label a brat type names: none for "Unlabelled", the label named
 * "Unlabelled" for "Unlabelled_" (shu_brat_type_for_label()), else the label of
 * that name (made when missing). */
static char *
label_for_type (ShuLabelSet *labels,
                const char  *written)
{
  g_autofree char *type = unescape_type (written);
  g_autofree char *name = NULL;

  if (type == NULL)
    return NULL;
  name = label_name_for_type (labels, type);
  return g_strdup (shu_formats_ensure_label (labels, name));
}

/* INCEpTION's brat export writes a layer's name as the type and the
 * category in the feature "value" (T1 NamedEntity ..., A1 value T1 PER):
 * when every span of a type has exactly one valued "value" attribute, the
 * value is the span's label and the attribute goes. Returns how many
 * spans were read so. */
static guint
categories_from_attributes (GPtrArray *spans)
{
  /* Its own copies of the types: pass 2 changes the spans' types. */
  g_autoptr(GHashTable) layers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n = 0;

  /* A type is a layer until one of its spans lacks the attribute. */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < spans->len; i++)
      {
        Span *span = g_ptr_array_index (spans, i);
        ShuAttribute *value = NULL;
        guint n_values = 0;

        for (guint a = 0; a < span->attributes->len; a++)
          {
            ShuAttribute *attribute = g_ptr_array_index (span->attributes, a);

            if (strcmp (shu_attribute_get_name (attribute), SHU_BRAT_CATEGORY) == 0)
              {
                value = attribute;
                n_values++;
              }
          }
        if (pass == 0)
          {
            gboolean fits = n_values == 1 && shu_attribute_get_value (value) != NULL;

            if (!g_hash_table_contains (layers, span->type))
              g_hash_table_insert (layers, g_strdup (span->type), GINT_TO_POINTER (fits));
            else if (!fits)
              g_hash_table_replace (layers, g_strdup (span->type), GINT_TO_POINTER (FALSE));
          }
        else if (GPOINTER_TO_INT (g_hash_table_lookup (layers, span->type)))
          {
            g_free (span->type);
            span->type = g_strdup (shu_attribute_get_value (value));
            g_ptr_array_remove (span->attributes, value);
            n++;
          }
      }
  return n;
}

ShuDocument *
shu_brat_import_full (GBytes                  *bytes,
                      const char              *display_name,
                      ShuSource               *source,
                      ShuLabelSet             *labels,
                      const ShuImportOptions  *options,
                      GPtrArray              **messages,
                      guint                   *n_skipped,
                      GError                 **error)
{
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) span_free);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func ((GDestroyNotify) link_free);
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) links_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ShuLabelSet) own_labels = NULL;
  g_autoptr(ShuOffsetMap) map = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  g_autofree char *notice = NULL;
  ShuDocument *document;
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &size);
  if (data == NULL)
    data = "";
  if (memchr (data, '\0', size) != NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, _("%s: a NUL byte in a text file"),
                   display_name);
      return NULL;
    }
  text = g_strndup (data, size);
  {
    const char *bad;

    if (!g_utf8_validate (text, size, &bad))
      {
        guint line = 1, column = 1;

        for (const char *p = text; p < bad; p = g_utf8_next_char (p))
          {
            column++;
            if (*p == '\n')
              line++, column = 1;
          }
        fail_line (error, display_name, line, column, "invalid UTF-8");
        return NULL;
      }
  }

  if (labels == NULL)
    labels = own_labels = shu_label_set_new ();
  map = shu_offset_map_new (source, options->offsets);

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      gsize len = strlen (lines[i]);

      if (len > 0 && lines[i][len - 1] == '\r')
        lines[i][len - 1] = '\0';
    }

  /* brat reads lines in any order: spans first, then what links them,
   * then what is said about either (attributes, normalisations, notes). */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_autoptr(GError) line_error = NULL;
        char *line = lines[i];
        guint number = i + 1;
        char kind = line[0];

        if (kind == '\0')
          continue;
        if (pass == 0 && kind == 'T')
          read_span_line (display_name, number, line, source, map, labels, spans, by_id,
                          &line_error);
        else if (pass == 0 && strchr ("TREAMN*#", kind) == NULL)
          fail_line (&line_error, display_name, number, 1,
                     _("not a brat standoff line (ids start with T, R, E, A, M, N, * or #)"));
        else if (pass == 1 && (kind == 'R' || kind == 'E' || kind == '*'))
          read_link_line (display_name, number, line, links, links_by_id, by_id, &line_error);
        else if (pass == 2 && (kind == 'A' || kind == 'M' || kind == 'N' || kind == '#'))
          read_about_line (display_name, number, line, by_id, links_by_id, &line_error);
        if (line_error != NULL && !skip_or_fail (options, &line_error, skipped, error))
          return NULL;
      }

  /* A link whose end is neither a span nor a link that was read (a typo,
   * a skipped line) cannot be placed; nor, in turn, what names it. */
  for (gboolean changed = TRUE; changed;)
    {
      changed = FALSE;
      for (guint i = 0; i < links->len; i++)
        {
          g_autoptr(GError) line_error = NULL;
          Link *link = g_ptr_array_index (links, i);
          const char *missing = NULL;

          if (link->trigger != NULL && !g_hash_table_contains (by_id, link->trigger))
            missing = link->trigger;
          for (guint a = 0; missing == NULL && a < link->targets->len; a++)
            {
              const char *target = g_ptr_array_index (link->targets, a);

              if (!g_hash_table_contains (by_id, target)
                  && !g_hash_table_contains (links_by_id, target))
                missing = target;
            }
          if (missing == NULL)
            continue;
          fail_line (&line_error, display_name, link->line, 1,
                     _("%s names %s, which is not an annotation of this file"),
                     link->brat_id != NULL ? link->brat_id : "*", missing);
          if (link->brat_id != NULL)
            g_hash_table_remove (links_by_id, link->brat_id);
          g_ptr_array_remove_index (links, i--);
          changed = TRUE;
          if (!skip_or_fail (options, &line_error, skipped, error))
            return NULL;
        }
    }

  {
    guint n_categories = categories_from_attributes (spans);

    if (n_categories > 0)
      notice = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                             "%s: the label of %u span was read from its "
                                             "attribute “%s”, where INCEpTION writes it",
                                             "%s: the labels of %u spans were read from their "
                                             "attribute “%s”, where INCEpTION writes it",
                                             n_categories),
                                display_name, n_categories, SHU_BRAT_CATEGORY);
  }

  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = g_ptr_array_index (spans, i);
      g_autoptr(ShuAnnotation) plain = NULL;
      ShuAnnotation *annotation;

      span->label_id = label_for_type (labels, span->type);

      plain = shu_annotation_new (span->id, (ShuRange *) (gpointer) span->ranges->data,
                                  span->ranges->len, span->label_id, span->comments,
                                  NULL, NULL, NULL);
      annotation = g_object_ref (plain);
      if (span->attributes->len > 0)
        {
          g_object_unref (annotation);
          annotation = shu_annotation_with_attributes (plain, span->attributes,
                                                       shu_annotation_get_modified (plain));
        }
      if (span->references->len > 0)
        {
          ShuAnnotation *with = shu_annotation_with_references (annotation, span->references,
                                                                shu_annotation_get_modified
                                                                  (plain));

          g_object_unref (annotation);
          annotation = with;
        }
      g_ptr_array_add (annotations, annotation);
    }

  for (guint i = 0; i < links->len; i++)
    {
      Link *link = g_ptr_array_index (links, i);
      g_autofree const char **targets = g_new0 (const char *, link->targets->len + 1);
      Span *trigger = link->trigger != NULL ? g_hash_table_lookup (by_id, link->trigger) : NULL;

      for (guint a = 0; a < link->targets->len; a++)
        {
          const char *target = g_ptr_array_index (link->targets, a);
          Span *span = g_hash_table_lookup (by_id, target);

          targets[a] = span != NULL ? span->id
                                    : ((Link *) g_hash_table_lookup (links_by_id, target))->id;
        }
      g_ptr_array_add (relations,
                       shu_relation_new (link->id, link->kind, link->type,
                                         trigger != NULL ? trigger->id : NULL,
                                         (const char * const *) link->roles->pdata, targets,
                                         link->targets->len, link->attributes, link->comments,
                                         NULL, NULL, NULL));
    }

  if (n_skipped != NULL)
    *n_skipped = skipped->len;
  if (notice != NULL)
    g_ptr_array_add (skipped, g_steal_pointer (&notice));
  if (messages != NULL)
    *messages = g_steal_pointer (&skipped);

  document = shu_document_new (source, labels);
  shu_annotation_store_reset_full (shu_document_get_store (document), annotations, relations,
                                   labels);
  return document;
}
