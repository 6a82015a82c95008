/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-brat.h"
#include "shu-error.h"
#include "shu-formats-private.h"

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

static char *
type_for_label (const char *name)
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
  g_autoptr(GString) notes = g_string_new (NULL);
  GString *out = g_string_new (NULL);
  ShuSource *source;
  guint n_notes = 0;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  source = shu_document_get_source (document);
  map = shu_offset_map_new (source, unit);
  annotations = shu_formats_sorted_annotations (document);
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      guint n = shu_annotation_get_n_ranges (annotation);
      GPtrArray *comments = shu_annotation_get_comments (annotation);
      g_autofree char *type = type_for_label (shu_formats_label_name (document, annotation));

      g_string_append_printf (out, "T%u\t%s ", i + 1, type);
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

      /* Notes after all the spans, as brat itself writes them. */
      for (guint c = 0; c < comments->len; c++)
        {
          g_string_append_printf (notes, "#%u\tAnnotatorNotes T%u\t", ++n_notes, i + 1);
          append_flat (notes, shu_comment_get_text (g_ptr_array_index (comments, c)));
          g_string_append_c (notes, '\n');
        }
    }
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
} Span;

static void
span_free (Span *span)
{
  g_free (span->brat_id);
  g_array_unref (span->ranges);
  g_free (span->label_id);
  g_ptr_array_unref (span->comments);
  g_free (span);
}

/* What brat has and Shulayim does not, by the first character of the id. */
typedef enum
{
  OTHER_RELATION,
  OTHER_ATTRIBUTE,
  OTHER_EVENT,
  OTHER_EQUIVALENCE,
  OTHER_NORMALIZATION,
  OTHER_NOTE,
  N_OTHER
} Other;

static const char *other_names[N_OTHER] = {
  N_("relations (R)"),
  N_("attributes (A/M)"),
  N_("events (E)"),
  N_("equivalences (*)"),
  N_("normalizations (N)"),
  N_("notes on something other than a text span (#)"),
};

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
                      "expected \"TYPE START END\" after the id %s", fields[0]);

  column += g_utf8_strlen (fields[1], space - fields[1]) + 1;
  offsets_column = column;
  p = space + 1;
  for (;;)
    {
      guint64 pair[2];

      if (!parse_number (&p, &pair[0]) || *p++ != ' ' || !parse_number (&p, &pair[1]))
        return fail_line (error, display_name, number, column,
                          "expected offsets \"START END\" (whole numbers), "
                          "several joined by ';'");
      g_array_append_vals (written, pair, 2);
      if (*p == '\0')
        break;
      if (*p != ';')
        return fail_line (error, display_name, number, column,
                          "unexpected \"%c\" in the offsets", *p);
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
                        "%s: the text \"%s\" does not match the text at these offsets "
                          "(\"%s\")", fields[0], fields[2], want);
    }

  g_array_sort (span->ranges, compare_ranges);
  for (guint r = 1; r < span->ranges->len; r++)
    if (g_array_index (span->ranges, ShuRange, r - 1).end
        > g_array_index (span->ranges, ShuRange, r).start)
      return fail_line (error, display_name, number, offsets_column,
                        "%s: its fragments overlap", fields[0]);

  {
    g_autofree char *type = g_strndup (fields[1], space - fields[1]);

    if (strcmp (type, SHU_BRAT_NO_LABEL) == 0)
      span->label_id = NULL;
    else
      {
        /* "Unlabelled_": the label named "Unlabelled" (type_for_label()). */
        if (is_no_label_type (type))
          type[strlen (type) - 1] = '\0';

        g_autofree char *name = label_name_for_type (labels, type);

        span->label_id = g_strdup (shu_formats_ensure_label (labels, name));
      }
  }
  return TRUE;
}

typedef struct
{
  guint  line;
  guint  column;
  char  *target;
  char  *type;
  char  *text;
} Note;

static void
note_clear (gpointer data)
{
  Note *note = data;

  g_free (note->target);
  g_free (note->type);
  g_free (note->text);
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
  g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) skipped = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) notes = g_array_new (FALSE, TRUE, sizeof (Note));
  g_autoptr(ShuLabelSet) own_labels = NULL;
  g_autoptr(ShuOffsetMap) map = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *text = NULL;
  guint others[N_OTHER] = { 0 };
  const char *data;
  gsize size;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (labels == NULL || SHU_IS_LABEL_SET (labels), NULL);
  g_return_val_if_fail (options != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  g_array_set_clear_func (notes, note_clear);
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
      g_autoptr(GError) line_error = NULL;
      char *line = lines[i];
      gsize len = strlen (line);
      guint number = i + 1;

      if (len > 0 && line[len - 1] == '\r')
        line[--len] = '\0';
      if (len == 0)
        continue;

      switch (line[0])
        {
        case 'T':
          {
            g_auto(GStrv) fields = g_strsplit (line, "\t", 3);
            Span *span;

            if (g_strv_length (fields) != 3)
              fail_line (&line_error, display_name, number, 1,
                         "a text-bound line needs three tab-separated fields "
                           "(ID, TYPE START END, TEXT)");
            else if (g_hash_table_contains (by_id, fields[0]))
              fail_line (&line_error, display_name, number, 1, "the id %s is used twice",
                         fields[0]);
            else
              {
                span = g_new0 (Span, 1);
                span->brat_id = g_strdup (fields[0]);
                span->ranges = g_array_new (FALSE, FALSE, sizeof (ShuRange));
                span->comments = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 shu_comment_unref);
                if (parse_text_line (display_name, number, fields, source, map, labels, span,
                                     &line_error))
                  {
                    g_ptr_array_add (spans, span);
                    g_hash_table_insert (by_id, span->brat_id, span);
                  }
                else
                  span_free (span);
              }
          }
          break;
        case '#':
          {
            g_auto(GStrv) fields = g_strsplit (line, "\t", 3);
            g_auto(GStrv) what = NULL;

            if (g_strv_length (fields) < 2)
              {
                fail_line (&line_error, display_name, number, 1,
                           "a note needs tab-separated fields (ID, TYPE TARGET, TEXT)");
                break;
              }
            what = g_strsplit (fields[1], " ", 2);
            if (g_strv_length (what) == 2 && what[1][0] == 'T')
              {
                /* brat reads notes wherever they are; they are tied to their
                 * spans once every line is read. */
                Note note = { number, g_utf8_strlen (fields[0], -1) + 2, g_strdup (what[1]),
                              g_strdup (what[0]),
                              g_strdup (fields[2] != NULL ? fields[2] : "") };

                g_array_append_val (notes, note);
              }
            else
              others[OTHER_NOTE]++;
          }
          break;
        case 'R':
          others[OTHER_RELATION]++;
          break;
        case 'A':
        case 'M':
          others[OTHER_ATTRIBUTE]++;
          break;
        case 'E':
          others[OTHER_EVENT]++;
          break;
        case '*':
          others[OTHER_EQUIVALENCE]++;
          break;
        case 'N':
          others[OTHER_NORMALIZATION]++;
          break;
        default:
          fail_line (&line_error, display_name, number, 1,
                     "not a brat standoff line (ids start with T, R, E, A, M, N, * or #)");
          break;
        }
      if (line_error != NULL && !skip_or_fail (options, &line_error, skipped, error))
        return NULL;
    }

  for (guint i = 0; i < notes->len; i++)
    {
      g_autoptr(GError) line_error = NULL;
      Note *note = &g_array_index (notes, Note, i);
      Span *span = g_hash_table_lookup (by_id, note->target);

      if (span == NULL)
        {
          fail_line (&line_error, display_name, note->line, note->column,
                     _("the note is on %s, which is not a text span of this file"),
                     note->target);
          if (!skip_or_fail (options, &line_error, skipped, error))
            return NULL;
          continue;
        }
      /* AnnotatorNotes are brat's comments; other note types keep their
       * type in front, so that nothing said is lost. */
      if (strcmp (note->type, "AnnotatorNotes") == 0)
        g_ptr_array_add (span->comments, shu_comment_new (note->text, NULL));
      else
        {
          g_autofree char *typed = g_strdup_printf ("%s: %s", note->type, note->text);

          g_ptr_array_add (span->comments, shu_comment_new (typed, NULL));
        }
    }

  for (guint i = 0; i < spans->len; i++)
    {
      Span *span = g_ptr_array_index (spans, i);

      g_ptr_array_add (annotations,
                       shu_annotation_new (NULL, (ShuRange *) (gpointer) span->ranges->data,
                                           span->ranges->len, span->label_id, span->comments,
                                           NULL, NULL, NULL));
    }

  if (n_skipped != NULL)
    *n_skipped = skipped->len;
  if (messages != NULL)
    {
      *messages = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < skipped->len; i++)
        g_ptr_array_add (*messages, g_strdup (g_ptr_array_index (skipped, i)));
      for (guint i = 0; i < N_OTHER; i++)
        if (others[i] > 0)
          g_ptr_array_add (*messages,
                           g_strdup_printf (_("%s: %u %s not imported: Shulayim has no "
                                              "place for them"), display_name, others[i],
                                            _(other_names[i])));
    }

  return shu_formats_build_document (source, labels, annotations);
}
