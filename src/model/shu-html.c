/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-formats-private.h"
#include "shu-html.h"

static gboolean
is_bidi_control (gunichar c)
{
  return c == 0x200E || c == 0x200F || (c >= 0x202A && c <= 0x202E)
         || (c >= 0x2066 && c <= 0x2069);
}

void
shu_html_append_escaped (GString    *out,
                         const char *text,
                         gboolean    show_bidi)
{
  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&#39;"); break;
        default:
          if (show_bidi && is_bidi_control (c))
            g_string_append_printf (out, "<span class=\"bidi\">\u27E8U+%04X\u27E9</span>", c);
          else
            g_string_append_unichar (out, c);
          break;
        }
    }
}

static const char style[] =
  "body{font-family:\"Noto Serif Hebrew\",\"David Libre\",\"Frank Ruehl CLM\",serif;"
  "margin:2em;background:#fafafa;color:#222}\n"
  ".layout{display:flex;gap:2em;align-items:flex-start}\n"
  ".text{flex:3;white-space:pre-wrap;line-height:1.9;font-size:1.1em;background:#fff;"
  "padding:1.5em;border:1px solid #ddd}\n"
  ".notes{flex:2;font-size:.95em}\n"
  "mark{color:inherit;border-radius:2px;padding:0 1px}\n"
  "mark.overlap{outline:1px dashed #555}\n"
  "sup a{text-decoration:none;color:#555;font-size:.75em}\n"
  ".label{display:inline-block;padding:0 .4em;border-radius:3px;border-inline-start:"
  ".6em solid var(--c);background:#eee}\n"
  ".quote{color:#444}\n.creator{color:#777;font-size:.9em}\n"
  ".bidi{font-family:monospace;font-size:.8em;color:#b00;background:#fee}\n"
  ".conflict{color:#b00;font-weight:bold}\n"
  "@media print{.layout{display:block}}\n";

typedef struct
{
  guint   offset;
  guint   index;   /* annotation number - 1 */
  gboolean is_end;
} Event;

static int
compare_events (gconstpointer a,
                gconstpointer b)
{
  const Event *ea = a, *eb = b;

  if (ea->offset != eb->offset)
    return ea->offset < eb->offset ? -1 : 1;
  /* Ends before starts, so that a segment never counts an annotation that
   * has just ended. */
  if (ea->is_end != eb->is_end)
    return ea->is_end ? -1 : 1;
  return ea->index < eb->index ? -1 : ea->index > eb->index;
}

static void
append_mark (GString     *out,
             ShuDocument *document,
             GPtrArray   *annotations,
             GArray      *active,
             const char  *text)
{
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GString) numbers = g_string_new (NULL);
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));

  g_string_append (out, "<mark");
  if (active->len > 1)
    g_string_append (out, " class=\"overlap\"");
  g_string_append (out, " style=\"background:");
  if (active->len > 1)
    g_string_append (out, "linear-gradient(");
  for (guint i = 0; i < active->len; i++)
    {
      guint index = g_array_index (active, guint, i);
      ShuAnnotation *annotation = g_ptr_array_index (annotations, index);
      const char *label_id = shu_annotation_get_label_id (annotation);
      ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
      const char *color = label != NULL ? shu_label_get_color (label) : "#c0c0c0";
      const char *name = shu_formats_label_name (document, annotation);

      if (active->len > 1)
        g_string_append_printf (out, "%s%s80 %u%% %u%%", i > 0 ? "," : "", color,
                                100 * i / active->len, 100 * (i + 1) / active->len);
      else
        g_string_append_printf (out, "%s80", color);
      g_string_append_printf (numbers, "%s%u", i > 0 ? " " : "", index + 1);
      g_string_append_printf (names, "%s%u: ", i > 0 ? "; " : "", index + 1);
      /* An attribute cannot hold the <span>: the mark is written plainly. */
      for (const char *p = name != NULL ? name : "—"; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);

          if (is_bidi_control (c))
            g_string_append_printf (names, "\u27E8U+%04X\u27E9", c);
          else
            g_string_append_unichar (names, c);
        }
    }
  if (active->len > 1)
    g_string_append_c (out, ')');
  g_string_append (out, "\" data-annotations=\"");
  g_string_append (out, numbers->str);
  g_string_append (out, "\" title=\"");
  shu_html_append_escaped (out, names->str, FALSE);
  g_string_append (out, "\">");
  shu_html_append_escaped (out, text, FALSE);
  g_string_append (out, "</mark>");
}

/* "CASE=Nom, Negated", escaped. */
static void
append_attributes (GString   *out,
                   GPtrArray *attributes)
{
  for (guint i = 0; i < attributes->len; i++)
    {
      ShuAttribute *attribute = g_ptr_array_index (attributes, i);

      if (i > 0)
        g_string_append (out, ", ");
      shu_html_append_escaped (out, shu_attribute_get_name (attribute), TRUE);
      if (shu_attribute_get_value (attribute) != NULL)
        {
          g_string_append_c (out, '=');
          shu_html_append_escaped (out, shu_attribute_get_value (attribute), TRUE);
        }
    }
}

/* The relations an annotation starts (a link's first end, an event's
 * trigger, a set's first member), each pointing to the notes of the
 * annotations it links (@numbers: id -> note number). */
static void
append_relations (GString       *out,
                  ShuDocument   *document,
                  ShuAnnotation *annotation,
                  GHashTable    *numbers)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  const char *id = shu_annotation_get_id (annotation);
  g_autoptr(GPtrArray) relations = shu_annotation_store_get_relations_of (store, id);
  gboolean open = FALSE;

  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      const char *trigger = shu_relation_get_trigger (relation);

      if (g_strcmp0 (shu_relation_get_head (relation), id) != 0)
        continue;
      if (!open)
        g_string_append (out, "<ul class=\"relations\">");
      open = TRUE;
      g_string_append (out, "<li dir=\"auto\">");
      shu_html_append_escaped (out, shu_relation_get_type_name (relation), TRUE);
      g_string_append (out, " →");
      for (guint a = trigger != NULL ? 0 : 1; a < shu_relation_get_n_arguments (relation); a++)
        {
          const char *role = shu_relation_get_role (relation, a);
          guint number = GPOINTER_TO_UINT (g_hash_table_lookup (numbers,
                                                                shu_relation_get_target
                                                                  (relation, a)));

          g_string_append_c (out, ' ');
          if (role != NULL)
            {
              shu_html_append_escaped (out, role, TRUE);
              g_string_append_c (out, ' ');
            }
          if (number > 0)
            g_string_append_printf (out, "<a href=\"#a%u\">%u</a>", number, number);
          else
            g_string_append (out, "(not placed)");
        }
      if (shu_relation_get_attributes (relation)->len > 0)
        {
          g_string_append (out, " [");
          append_attributes (out, shu_relation_get_attributes (relation));
          g_string_append_c (out, ']');
        }
      g_string_append (out, "</li>");
    }
  if (open)
    g_string_append (out, "</ul>");
}

static void
append_entry (GString       *out,
              ShuDocument   *document,
              ShuAnnotation *annotation,
              guint          number,
              const char    *quote,
              GHashTable    *numbers)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  const char *label_id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
  GPtrArray *comments = shu_annotation_get_comments (annotation);

  if (number > 0)
    g_string_append_printf (out, "<li id=\"a%u\" value=\"%u\">", number, number);
  else
    g_string_append (out, "<li>");
  if (label != NULL)
    {
      g_string_append_printf (out, "<span class=\"label\" style=\"--c:%s\" dir=\"auto\">",
                              shu_label_get_color (label));
      shu_html_append_escaped (out, shu_label_get_name (label), TRUE);
      g_string_append (out, "</span> ");
    }
  g_string_append (out, "<q class=\"quote\" dir=\"auto\">");
  shu_html_append_escaped (out, quote, TRUE);
  g_string_append (out, "</q>");
  if (shu_annotation_get_creator (annotation) != NULL)
    {
      g_string_append (out, " <span class=\"creator\" dir=\"auto\">— ");
      shu_html_append_escaped (out, shu_annotation_get_creator (annotation), TRUE);
      g_string_append (out, "</span>");
    }
  if (shu_annotation_get_conflict (annotation) != NULL)
    g_string_append (out, " <span class=\"conflict\">⚠ merge conflict</span>");
  if (shu_annotation_get_attributes (annotation)->len > 0)
    {
      g_string_append (out, " <span class=\"attributes\" dir=\"auto\">[");
      append_attributes (out, shu_annotation_get_attributes (annotation));
      g_string_append (out, "]</span>");
    }
  append_relations (out, document, annotation, numbers);
  if (comments->len > 0)
    {
      g_string_append (out, "<ul>");
      for (guint c = 0; c < comments->len; c++)
        {
          ShuComment *comment = g_ptr_array_index (comments, c);

          g_string_append (out, "<li dir=\"auto\"");
          if (shu_comment_get_language (comment) != NULL)
            {
              g_string_append (out, " lang=\"");
              shu_html_append_escaped (out, shu_comment_get_language (comment), FALSE);
              g_string_append_c (out, '"');
            }
          g_string_append_c (out, '>');
          shu_html_append_escaped (out, shu_comment_get_text (comment), TRUE);
          g_string_append (out, "</li>");
        }
      g_string_append (out, "</ul>");
    }
  g_string_append (out, "</li>\n");
}

GBytes *
shu_html_export (ShuDocument *document)
{
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GArray) events = g_array_new (FALSE, FALSE, sizeof (Event));
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) remaining = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new (g_str_hash, g_str_equal);
  GString *out;
  ShuSource *source;
  GPtrArray *orphans;
  const char *direction;
  guint position = 0;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  source = shu_document_get_source (document);
  annotations = shu_formats_sorted_annotations (document);
  for (guint i = 0; i < annotations->len; i++)
    g_hash_table_insert (numbers,
                         (gpointer) shu_annotation_get_id (g_ptr_array_index (annotations, i)),
                         GUINT_TO_POINTER (i + 1));
  orphans = shu_document_get_orphans (document);
  direction = shu_document_get_text_direction (document);
  if (g_strcmp0 (direction, "ltr") != 0 && g_strcmp0 (direction, "rtl") != 0)
    direction = "auto";

  out = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  shu_html_append_escaped (out, shu_document_get_language (document), FALSE);
  g_string_append_printf (out, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
                          "<meta name=\"generator\" content=\"Shulayim %s\">\n<title>",
                          direction, VERSION);
  shu_html_append_escaped (out, shu_document_get_title (document), FALSE);
  g_string_append_printf (out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", style);
  shu_html_append_escaped (out, shu_document_get_title (document), TRUE);
  g_string_append (out, "</h1>\n<div class=\"layout\">\n<main class=\"text\">");

  /* One start and one end event per range; between two consecutive
   * offsets the set of covering annotations is constant: one segment. */
  remaining = g_array_sized_new (FALSE, TRUE, sizeof (guint), annotations->len);
  g_array_set_size (remaining, annotations->len);
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);

      g_array_index (remaining, guint, i) = shu_annotation_get_n_ranges (annotation);
      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          Event start = { ranges[r].start, i, FALSE };
          Event end = { ranges[r].end, i, TRUE };

          g_array_append_val (events, start);
          g_array_append_val (events, end);
        }
    }
  g_array_sort (events, compare_events);

  for (guint e = 0; e <= events->len; e++)
    {
      guint offset = e < events->len ? g_array_index (events, Event, e).offset
                                     : shu_source_get_length (source);

      if (offset > position)
        {
          g_autofree char *text = shu_source_dup_range (source, position, offset);

          if (active->len == 0)
            shu_html_append_escaped (out, text, FALSE);
          else
            append_mark (out, document, annotations, active, text);
          position = offset;
        }
      if (e == events->len)
        break;

      {
        const Event *event = &g_array_index (events, Event, e);

        if (event->is_end)
          {
            for (guint a = 0; a < active->len; a++)
              if (g_array_index (active, guint, a) == event->index)
                {
                  g_array_remove_index (active, a);
                  break;
                }
            if (--g_array_index (remaining, guint, event->index) == 0)
              g_string_append_printf (out, "<sup><a href=\"#a%u\">%u</a></sup>",
                                      event->index + 1, event->index + 1);
          }
        else
          {
            guint a = 0;

            /* Kept in numbering order, so colours stack the same way. */
            while (a < active->len && g_array_index (active, guint, a) < event->index)
              a++;
            g_array_insert_val (active, a, event->index);
          }
      }
    }

  g_string_append (out, "</main>\n<aside class=\"notes\">\n<ol>\n");
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      g_autoptr(GString) quote = g_string_new (NULL);

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          g_autofree char *part = shu_source_dup_range (source, ranges[r].start, ranges[r].end);

          if (r > 0)
            g_string_append (quote, " … ");
          g_string_append (quote, part);
        }
      append_entry (out, document, annotation, i + 1, quote->str, numbers);
    }
  g_string_append (out, "</ol>\n");

  if (orphans->len > 0)
    {
      g_string_append (out, "<h2>Not placed on this text</h2>\n<ul>\n");
      for (guint i = 0; i < orphans->len; i++)
        {
          const ShuAnchorResult *result = g_ptr_array_index (orphans, i);

          append_entry (out, document, shu_document_get_orphan_annotation (document, i), 0,
                        result->exact, numbers);
        }
      g_string_append (out, "</ul>\n");
    }

  g_string_append (out, "</aside>\n</div>\n</body>\n</html>\n");
  return g_string_free_to_bytes (out);
}
