/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-annotation-store.h"
#include "shu-error.h"
#include "shu-formats-private.h"
#include "shu-tei.h"

void
shu_xml_append_escaped (GString    *out,
                        const char *text,
                        gssize      length)
{
  const char *end;

  g_return_if_fail (out != NULL);

  if (text == NULL)
    return;
  end = text + (length < 0 ? strlen (text) : (gsize) length);
  for (const char *p = text; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      switch (c)
        {
        case '&': g_string_append (out, "&amp;"); break;
        case '<': g_string_append (out, "&lt;"); break;
        case '>': g_string_append (out, "&gt;"); break;
        case '"': g_string_append (out, "&quot;"); break;
        case '\'': g_string_append (out, "&apos;"); break;
        /* A parser reads a raw "\r" as "\n" and, in an attribute, a tab
         * as a space: references keep them. */
        case '\r': g_string_append (out, "&#13;"); break;
        case '\t': g_string_append (out, "&#9;"); break;
        default:
          if ((c < 0x20 && c != '\n') || c == 0xFFFE || c == 0xFFFF)
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
    }
}

/* An xml:id for the label: "label-<its id>" when the id is plain ASCII
 * that an XML name allows, "label-n<position>" otherwise. */
static char *
label_xml_id (ShuLabelSet *labels,
              const char  *id)
{
  gboolean plain = id[0] != '\0';

  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
      plain = FALSE;
  if (plain)
    return g_strconcat ("label-", id, NULL);
  return g_strdup_printf ("label-n%d", shu_label_set_index_of (labels, id) + 1);
}

/* ' xml:lang="…"' when the language is known. */
static void
append_lang (GString    *out,
             const char *language)
{
  if (language == NULL || language[0] == '\0')
    return;
  g_string_append (out, " xml:lang=\"");
  shu_xml_append_escaped (out, language, -1);
  g_string_append_c (out, '"');
}

static void
append_date (GString    *out,
             const char *type,
             GDateTime  *date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autofree char *text = NULL;

  if (date == NULL)
    return;
  utc = g_date_time_to_utc (date);
  text = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  g_string_append_printf (out, "          <change type=\"%s\" when=\"%s\"/>\n", type, text);
}

static int
compare_offsets (gconstpointer a,
                 gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* One range of one annotation, for the inline segments. */
typedef struct
{
  guint start;
  guint end;
  guint annotation;  /* its index in the sorted annotations, from 0 */
  guint range;       /* its index among the annotation's ranges, from 0 */
} Piece;

static int
piece_compare (gconstpointer a,
               gconstpointer b)
{
  const Piece *pa = a, *pb = b;

  /* Outer segments first: earlier start, then later end. */
  if (pa->start != pb->start)
    return pa->start < pb->start ? -1 : 1;
  if (pa->end != pb->end)
    return pa->end > pb->end ? -1 : 1;
  if (pa->annotation != pb->annotation)
    return pa->annotation < pb->annotation ? -1 : 1;
  return 0;
}

static char *
dup_position (ShuSource *source,
              guint      offset)
{
  guint line = shu_source_get_line_at_offset (source, offset);

  return g_strdup_printf ("%u:%u", line + 1,
                          offset - shu_source_get_line_start (source, line) + 1);
}

/* The ranges as segments that nest, or an error naming two that cross. */
static GArray *
pieces_for_inline (ShuSource  *source,
                   GPtrArray  *annotations,
                   GError    **error)
{
  g_autoptr(GArray) pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Piece));

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);

      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          Piece piece = { ranges[r].start, ranges[r].end, i, r };

          g_array_append_val (pieces, piece);
        }
    }
  g_array_sort (pieces, piece_compare);

  for (guint i = 0; i < pieces->len; i++)
    {
      const Piece *piece = &g_array_index (pieces, Piece, i);
      const Piece *top;

      while (open->len > 0
             && g_array_index (open, Piece, open->len - 1).end <= piece->start)
        g_array_set_size (open, open->len - 1);
      top = open->len > 0 ? &g_array_index (open, Piece, open->len - 1) : NULL;
      if (top != NULL && piece->end > top->end)
        {
          g_autofree char *here = dup_position (source, piece->start);
          g_autofree char *there = dup_position (source, top->start);

          g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED,
                       /* Translators: %1$s and %2$s are LINE:COLUMN. */
                       _("the annotation at %1$s and the one at %2$s overlap without one "
                         "holding the other, so they cannot be inline segments; the standoff "
                         "export keeps them"), here, there);
          return NULL;
        }
      g_array_append_val (open, *piece);
    }
  return g_steal_pointer (&pieces);
}

static gboolean is_token (const char *text,
                          gboolean    name);

/* The relation types the labels declare, each once, in order. */
static GPtrArray *
dup_relation_types (ShuLabelSet *labels)
{
  GPtrArray *types = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      const char * const *declared = shu_label_get_relation_types (label);

      for (guint t = 0; declared[t] != NULL; t++)
        if (!g_ptr_array_find_with_equal_func (types, declared[t], g_str_equal, NULL))
          g_ptr_array_add (types, (gpointer) declared[t]);
    }
  return types;
}

/* The label's declared attributes as an <fsDecl> whose @type is the
 * label's category: each a <fDecl> with its values, or binary. */
static void
append_fs_decl (GString     *out,
                ShuLabelSet *labels,
                ShuLabel    *label)
{
  GPtrArray *attributes = shu_label_get_attributes (label);
  g_autofree char *xml_id = NULL;

  if (attributes->len == 0)
    return;
  xml_id = label_xml_id (labels, shu_label_get_id (label));
  g_string_append_printf (out, "        <fsDecl type=\"%s\">\n", xml_id);
  for (guint i = 0; i < attributes->len; i++)
    {
      ShuAttributeDecl *decl = g_ptr_array_index (attributes, i);
      const char *name = shu_attribute_decl_get_name (decl);
      const char * const *values = shu_attribute_decl_get_values (decl);
      guint n = values != NULL ? g_strv_length ((char **) values) : 0;

      g_string_append (out, "          <fDecl name=\"");
      if (is_token (name, TRUE))
        shu_xml_append_escaped (out, name, -1);
      else
        {
          g_string_append (out, "attribute\" n=\"");
          shu_xml_append_escaped (out, name, -1);
        }
      g_string_append (out, "\"><vRange>");
      if (n == 0)
        g_string_append (out, "<binary value=\"true\"/>");
      /* An alternation has two values at least. */
      if (n > 1)
        g_string_append (out, "<vAlt>");
      for (guint v = 0; v < n; v++)
        {
          g_string_append (out, "<string>");
          shu_xml_append_escaped (out, values[v], -1);
          g_string_append (out, "</string>");
        }
      if (n > 1)
        g_string_append (out, "</vAlt>");
      g_string_append (out, "</vRange></fDecl>\n");
    }
  g_string_append (out, "        </fsDecl>\n");
}

/* The code book: the labels as a taxonomy, each label's category naming
 * (@corresp) the relation types it may start, which are a second
 * taxonomy, and the attributes each label declares as feature structure
 * declarations. */
static void
append_encoding_desc (GString     *out,
                      ShuLabelSet *labels,
                      const char  *language)
{
  guint n_labels = g_list_model_get_n_items (G_LIST_MODEL (labels));
  g_autoptr(GPtrArray) types = dup_relation_types (labels);
  g_autoptr(GString) fs_decls = g_string_new (NULL);

  if (n_labels == 0)
    return;
  g_string_append (out, "    <encodingDesc>\n      <classDecl>\n"
                        "        <taxonomy xml:id=\"labels\">\n");
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_autofree char *xml_id = label_xml_id (labels, shu_label_get_id (label));
      g_autoptr(GArray) names = shu_label_dup_names (label, language);
      const char * const *declared = shu_label_get_relation_types (label);

      g_string_append_printf (out, "          <category xml:id=\"%s\" n=\"", xml_id);
      shu_xml_append_escaped (out, shu_label_get_id (label), -1);
      g_string_append_printf (out, "\" rend=\"background-color:%s\"",
                              shu_label_get_color (label));
      for (guint t = 0; declared[t] != NULL; t++)
        {
          guint index = 0;

          g_ptr_array_find_with_equal_func (types, declared[t], g_str_equal, &index);
          g_string_append_printf (out, "%s#relation-type-%u", t == 0 ? " corresp=\"" : " ",
                                  index + 1);
        }
      if (declared[0] != NULL)
        g_string_append_c (out, '"');
      g_string_append (out, ">\n");
      for (guint n = 0; n < names->len; n++)
        {
          const ShuLabelName *each = &g_array_index (names, ShuLabelName, n);

          g_string_append (out, "            <catDesc");
          append_lang (out, each->language);
          g_string_append (out, "><term>");
          shu_xml_append_escaped (out, each->name, -1);
          g_string_append (out, "</term>");
          if (each->description != NULL && each->description[0] != '\0')
            {
              g_string_append (out, " <gloss>");
              shu_xml_append_escaped (out, each->description, -1);
              g_string_append (out, "</gloss>");
            }
          g_string_append (out, "</catDesc>\n");
        }
      g_string_append (out, "          </category>\n");
      append_fs_decl (fs_decls, labels, label);
    }
  g_string_append (out, "        </taxonomy>\n");
  if (types->len > 0)
    {
      g_string_append (out, "        <taxonomy xml:id=\"relation-types\">\n");
      for (guint t = 0; t < types->len; t++)
        {
          g_string_append_printf (out, "          <category xml:id=\"relation-type-%u\" n=\"",
                                  t + 1);
          shu_xml_append_escaped (out, g_ptr_array_index (types, t), -1);
          g_string_append (out, "\">\n            <catDesc><term>");
          shu_xml_append_escaped (out, g_ptr_array_index (types, t), -1);
          g_string_append (out, "</term></catDesc>\n          </category>\n");
        }
      g_string_append (out, "        </taxonomy>\n");
    }
  g_string_append (out, "      </classDecl>\n");
  if (fs_decls->len > 0)
    g_string_append_printf (out, "      <fsdDecl>\n%s      </fsdDecl>\n", fs_decls->str);
  g_string_append (out, "    </encodingDesc>\n");
}

static void
append_header (GString     *out,
               ShuDocument *document,
               GPtrArray   *creators,
               ShuLabelSet *labels,
               const char  *prefix)
{
  ShuSource *source = shu_document_get_source (document);
  const char *title = shu_document_get_title (document);
  const char *name = shu_document_get_source_name (document);
  const char *language = shu_document_get_language (document);

  g_string_append (out, "  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n        <title>");
  shu_xml_append_escaped (out, title != NULL && title[0] != '\0' ? title : name, -1);
  g_string_append (out, "</title>\n");
  for (guint i = 0; i < creators->len; i++)
    {
      g_string_append_printf (out, "        <respStmt xml:id=\"%sannotator-%u\">\n"
                                   "          <resp>annotation</resp>\n"
                                   "          <name>", prefix, i + 1);
      shu_xml_append_escaped (out, g_ptr_array_index (creators, i), -1);
      g_string_append (out, "</name>\n        </respStmt>\n");
    }
  g_string_append (out, "      </titleStmt>\n      <publicationStmt>\n"
                        "        <p>Exported by Shulayim " VERSION ".</p>\n"
                        "      </publicationStmt>\n      <sourceDesc>\n        <bibl>\n"
                        "          <title type=\"file\">");
  shu_xml_append_escaped (out, name, -1);
  g_string_append_printf (out, "</title>\n          <idno type=\"sha256\">%s</idno>\n"
                               "          <extent><measure unit=\"codepoints\" "
                               "quantity=\"%u\"/></extent>\n"
                               "        </bibl>\n      </sourceDesc>\n    </fileDesc>\n",
                          shu_source_get_sha256 (source), shu_source_get_length (source));
  /* In a corpus the code book is the corpus's header's. */
  if (labels != NULL)
    append_encoding_desc (out, labels, language);
  g_string_append (out, "  </teiHeader>\n");
}

/* The text as one paragraph: anchors (standoff) or segments (inline)
 * where the annotations start and end, "\n" as <lb/>. */
static void
append_body (GString     *out,
             ShuDocument *document,
             GPtrArray   *annotations,
             GArray      *pieces,
             ShuLabelSet *labels,
             const char  *prefix)
{
  ShuSource *source = shu_document_get_source (document);
  const char *text = shu_source_get_text (source);
  const char *end = text + shu_source_get_text_size (source);
  const char *language = shu_document_get_language (document);
  g_autoptr(GArray) anchors = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (Piece));
  guint next_anchor = 0, next_piece = 0, offset = 0;
  const char *run = text;

  if (pieces == NULL)
    {
      for (guint i = 0; i < annotations->len; i++)
        {
          ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
          const ShuRange *ranges = shu_annotation_get_ranges (annotation);

          for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
            {
              g_array_append_val (anchors, ranges[r].start);
              g_array_append_val (anchors, ranges[r].end);
            }
        }
      g_array_sort (anchors, compare_offsets);
    }

  g_string_append (out, "  <text");
  append_lang (out, language);
  g_string_append (out, ">\n    <body>\n      <p>");

  for (const char *p = text;; p = g_utf8_next_char (p), offset++)
    {
      gboolean marks = FALSE;

      /* What happens at this offset is written after the text before it. */
      if ((next_anchor < anchors->len
           && g_array_index (anchors, guint, next_anchor) == offset)
          || (open->len > 0 && g_array_index (open, Piece, open->len - 1).end == offset)
          || (pieces != NULL && next_piece < pieces->len
              && g_array_index (pieces, Piece, next_piece).start == offset))
        marks = TRUE;
      if (marks || p == end || *p == '\n')
        {
          shu_xml_append_escaped (out, run, p - run);
          run = p;
        }
      if (next_anchor < anchors->len && g_array_index (anchors, guint, next_anchor) == offset)
        {
          g_string_append_printf (out, "<anchor xml:id=\"%so%u\"/>", prefix, offset);
          while (next_anchor < anchors->len
                 && g_array_index (anchors, guint, next_anchor) == offset)
            next_anchor++;
        }
      while (open->len > 0 && g_array_index (open, Piece, open->len - 1).end == offset)
        {
          g_string_append (out, "</seg>");
          g_array_set_size (open, open->len - 1);
        }
      while (pieces != NULL && next_piece < pieces->len
             && g_array_index (pieces, Piece, next_piece).start == offset)
        {
          const Piece *piece = &g_array_index (pieces, Piece, next_piece++);
          ShuAnnotation *annotation = g_ptr_array_index (annotations, piece->annotation);
          const char *label_id = shu_annotation_get_label_id (annotation);

          g_string_append_printf (out, "<seg xml:id=\"%sseg-%u-%u\"", prefix,
                                  piece->annotation + 1, piece->range + 1);
          if (label_id != NULL && shu_label_set_lookup (labels, label_id) != NULL)
            {
              g_autofree char *xml_id = label_xml_id (labels, label_id);

              g_string_append_printf (out, " ana=\"#%s\"", xml_id);
            }
          g_string_append_c (out, '>');
          g_array_append_val (open, *piece);
        }
      if (p == end)
        break;
      if (*p == '\n')
        {
          g_string_append (out, "<lb/>");
          run = p + 1;
        }
    }
  g_string_append (out, "</p>\n    </body>\n  </text>\n");
}

/* Whether @text can be a TEI @type (teidata.enumerated: no spaces or
 * control characters) or an XML name (a feature's @name). */
static gboolean
is_token (const char *text,
          gboolean    name)
{
  if (text == NULL || text[0] == '\0')
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (g_unichar_isspace (c) || type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT
          || type == G_UNICODE_UNASSIGNED || type == G_UNICODE_PRIVATE_USE
          || type == G_UNICODE_SURROGATE || type == G_UNICODE_SPACE_SEPARATOR
          || type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR)
        return FALSE;
      if (name && !g_unichar_isalpha (c) && c != '_'
          && (p == text || (!g_unichar_isdigit (c) && c != '-' && c != '.'
                            && g_unichar_type (c) != G_UNICODE_NON_SPACING_MARK
                            && g_unichar_type (c) != G_UNICODE_SPACING_MARK)))
        return FALSE;
    }
  return TRUE;
}

/* A comment as a <note>, with its kind ("Lemma") as @type. */
static void
append_note (GString    *out,
             const char *indent,
             const char *target,
             ShuComment *comment)
{
  const char *kind = shu_comment_get_kind (comment);

  g_string_append_printf (out, "%s<note", indent);
  if (kind != NULL && is_token (kind, FALSE))
    {
      g_string_append (out, " type=\"");
      shu_xml_append_escaped (out, kind, -1);
      g_string_append_c (out, '"');
    }
  if (target != NULL)
    g_string_append_printf (out, " target=\"#%s\"", target);
  append_lang (out, shu_comment_get_language (comment));
  g_string_append_c (out, '>');
  shu_xml_append_escaped (out, shu_comment_get_text (comment), -1);
  g_string_append (out, "</note>\n");
}

static void
append_string_feature (GString    *out,
                       const char *name,
                       const char *value)
{
  g_string_append_printf (out, "      <f name=\"%s\"><string>", name);
  shu_xml_append_escaped (out, value, -1);
  g_string_append (out, "</string></f>\n");
}

/* The attributes of an annotation or relation as a feature structure
 * "<xml_id>-attributes": a binary one as <binary value="true"/>. A name
 * that is no XML name is the feature "attribute" with the name as @n. */
static void
append_attributes (GString    *out,
                   const char *xml_id,
                   GPtrArray  *attributes)
{
  if (attributes->len == 0)
    return;
  g_string_append_printf (out, "    <fs xml:id=\"%s-attributes\" type=\"attributes\">\n",
                          xml_id);
  for (guint i = 0; i < attributes->len; i++)
    {
      const ShuAttribute *attribute = g_ptr_array_index (attributes, i);
      const char *name = shu_attribute_get_name (attribute);
      const char *value = shu_attribute_get_value (attribute);

      g_string_append (out, "      <f name=\"");
      if (is_token (name, TRUE))
        shu_xml_append_escaped (out, name, -1);
      else
        {
          g_string_append (out, "attribute\" n=\"");
          shu_xml_append_escaped (out, name, -1);
        }
      g_string_append (out, "\">");
      if (value == NULL)
        g_string_append (out, "<binary value=\"true\"/>");
      else
        {
          g_string_append (out, "<string>");
          shu_xml_append_escaped (out, value, -1);
          g_string_append (out, "</string>");
        }
      g_string_append (out, "</f>\n");
    }
  g_string_append (out, "    </fs>\n");
}

static char *
dup_date (GDateTime *date)
{
  g_autoptr(GDateTime) utc = NULL;

  if (date == NULL)
    return NULL;
  utc = g_date_time_to_utc (date);
  return g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
}

/* Where a relation points: "#ann-N" or "#rel-N", or the id itself (an
 * IRI) for one the file does not hold. */
static void
append_pointer (GString    *out,
                GHashTable *xml_ids,
                const char *id)
{
  const char *xml_id = g_hash_table_lookup (xml_ids, id);

  if (xml_id != NULL)
    g_string_append_printf (out, "#%s", xml_id);
  else
    shu_xml_append_escaped (out, id, -1);
}

/* The relations of one kind as <link>s in a <linkGrp>; their roles,
 * type (when no TEI @type can hold it) and dates in a feature structure
 * "rel-N-fs", their attributes in "rel-N-attributes", their notes after. */
static void
append_relations (GString         *out,
                  GPtrArray       *relations,
                  ShuRelationKind  kind,
                  GHashTable      *xml_ids,
                  GPtrArray       *creators,
                  const char      *prefix)
{
  g_autoptr(GString) extra = g_string_new (NULL);
  gboolean any = FALSE;

  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      const char *xml_id = g_hash_table_lookup (xml_ids, shu_relation_get_id (relation));
      const char *type = shu_relation_get_type_name (relation);
      const char *trigger = shu_relation_get_trigger (relation);
      const char *creator = shu_relation_get_creator (relation);
      GPtrArray *attributes = shu_relation_get_attributes (relation);
      GPtrArray *comments = shu_relation_get_comments (relation);
      g_autofree char *created = dup_date (shu_relation_get_created (relation));
      g_autofree char *modified = dup_date (shu_relation_get_modified (relation));
      gboolean has_fs = kind != SHU_RELATION_EQUIVALENCE || created != NULL
                        || modified != NULL || !is_token (type, FALSE);
      guint n = shu_relation_get_n_arguments (relation);
      guint who;

      if (shu_relation_get_kind (relation) != kind)
        continue;
      if (!any)
        g_string_append_printf (out, "    <linkGrp type=\"%s\">\n",
                                shu_relation_kind_to_string (kind));
      any = TRUE;

      g_string_append_printf (out, "      <link xml:id=\"%s\" n=\"", xml_id);
      shu_xml_append_escaped (out, shu_relation_get_id (relation), -1);
      g_string_append (out, "\"");
      if (is_token (type, FALSE))
        {
          g_string_append (out, " type=\"");
          shu_xml_append_escaped (out, type, -1);
          g_string_append_c (out, '"');
        }
      g_string_append (out, " target=\"");
      if (trigger != NULL)
        {
          append_pointer (out, xml_ids, trigger);
          g_string_append_c (out, ' ');
        }
      for (guint a = 0; a < n; a++)
        {
          if (a > 0)
            g_string_append_c (out, ' ');
          append_pointer (out, xml_ids, shu_relation_get_target (relation, a));
        }
      g_string_append_c (out, '"');
      if (has_fs || attributes->len > 0)
        {
          g_string_append (out, " ana=\"");
          if (has_fs)
            g_string_append_printf (out, "#%s-fs", xml_id);
          if (attributes->len > 0)
            g_string_append_printf (out, "%s#%s-attributes", has_fs ? " " : "", xml_id);
          g_string_append_c (out, '"');
        }
      if (creator != NULL && g_ptr_array_find_with_equal_func (creators, creator, g_str_equal,
                                                               &who))
        g_string_append_printf (out, " resp=\"#%sannotator-%u\"", prefix, who + 1);
      g_string_append (out, "/>\n");

      if (has_fs)
        {
          g_string_append_printf (extra, "    <fs xml:id=\"%s-fs\" type=\"relation\">\n",
                                  xml_id);
          if (!is_token (type, FALSE))
            append_string_feature (extra, "type", type);
          if (kind != SHU_RELATION_EQUIVALENCE)
            {
              /* One role per target, in the order of @target. */
              g_string_append (extra, "      <f name=\"roles\"><vColl org=\"list\">");
              if (trigger != NULL)
                g_string_append (extra, "<string>trigger</string>");
              for (guint a = 0; a < n; a++)
                {
                  const char *role = shu_relation_get_role (relation, a);

                  g_string_append (extra, "<string>");
                  shu_xml_append_escaped (extra, role != NULL ? role : "", -1);
                  g_string_append (extra, "</string>");
                }
              g_string_append (extra, "</vColl></f>\n");
            }
          if (created != NULL)
            append_string_feature (extra, "created", created);
          if (modified != NULL)
            append_string_feature (extra, "modified", modified);
          g_string_append (extra, "    </fs>\n");
        }
      append_attributes (extra, xml_id, attributes);
      for (guint c = 0; c < comments->len; c++)
        append_note (extra, "    ", xml_id, g_ptr_array_index (comments, c));
    }
  if (any)
    g_string_append (out, "    </linkGrp>\n");
  g_string_append_len (out, extra->str, extra->len);
}

/* Whether @text can be a URI's scheme (RFC 3986): a letter, then
 * letters, digits, "+", "-" and ".". */
static gboolean
is_scheme (const char *text)
{
  if (text == NULL || !g_ascii_isalpha (text[0]))
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '+' && *p != '-' && *p != '.')
      return FALSE;
  return TRUE;
}

/* An annotation's references (brat's normalisations) as <ref>s: the kind
 * as @type, "RESOURCE:ENTRY" as @target (a URI whose scheme is the
 * resource, as brat writes it), the entry's name as the content. A
 * resource that cannot be a scheme goes in @n instead. */
static void
append_references (GString   *out,
                   GPtrArray *references)
{
  for (guint i = 0; i < references->len; i++)
    {
      const ShuReference *reference = g_ptr_array_index (references, i);
      const char *kind = shu_reference_get_kind (reference);
      const char *resource = shu_reference_get_resource (reference);
      const char *text = shu_reference_get_text (reference);
      g_autofree char *entry = g_uri_escape_string (shu_reference_get_entry (reference),
                                                    G_URI_RESERVED_CHARS_ALLOWED_IN_PATH,
                                                    TRUE);

      g_string_append (out, "        <ref");
      if (kind != NULL && is_token (kind, FALSE))
        {
          g_string_append (out, " type=\"");
          shu_xml_append_escaped (out, kind, -1);
          g_string_append_c (out, '"');
        }
      if (is_scheme (resource) && entry[0] != '\0')
        g_string_append_printf (out, " target=\"%s:", resource);
      else
        {
          g_string_append (out, " n=\"");
          shu_xml_append_escaped (out, resource, -1);
          g_string_append_c (out, ':');
        }
      shu_xml_append_escaped (out, entry, -1);
      g_string_append (out, "\">");
      shu_xml_append_escaped (out, text, -1);
      g_string_append (out, "</ref>\n");
    }
}

static void
append_standoff (GString     *out,
                 GPtrArray   *annotations,
                 GPtrArray   *relations,
                 GPtrArray   *creators,
                 ShuLabelSet *labels,
                 gboolean     inline_,
                 const char  *prefix)
{
  g_autoptr(GHashTable) xml_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GString) attributes = g_string_new (NULL);
  static const ShuRelationKind kinds[] = {
    SHU_RELATION_LINK, SHU_RELATION_EVENT, SHU_RELATION_EQUIVALENCE
  };

  if (annotations->len == 0 && relations->len == 0)
    return;

  for (guint i = 0; i < annotations->len; i++)
    g_hash_table_insert (xml_ids,
                         (gpointer) shu_annotation_get_id (g_ptr_array_index (annotations, i)),
                         g_strdup_printf ("%sann-%u", prefix, i + 1));
  for (guint i = 0; i < relations->len; i++)
    g_hash_table_insert (xml_ids,
                         (gpointer) shu_relation_get_id (g_ptr_array_index (relations, i)),
                         g_strdup_printf ("%srel-%u", prefix, i + 1));

  g_string_append (out, "  <standOff>\n");
  if (annotations->len > 0)
    g_string_append (out, "    <listAnnotation>\n");
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      GPtrArray *comments = shu_annotation_get_comments (annotation);
      const char *label_id = shu_annotation_get_label_id (annotation);
      const char *creator = shu_annotation_get_creator (annotation);
      gboolean labelled = label_id != NULL && shu_label_set_lookup (labels, label_id) != NULL;
      GPtrArray *annotation_attributes = shu_annotation_get_attributes (annotation);
      g_autofree char *xml_id = g_strdup_printf ("%sann-%u", prefix, i + 1);
      guint who;

      g_string_append_printf (out, "      <annotation xml:id=\"%s\" n=\"", xml_id);
      shu_xml_append_escaped (out, shu_annotation_get_id (annotation), -1);
      g_string_append (out, "\" target=\"");
      for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
        {
          if (r > 0)
            g_string_append_c (out, ' ');
          if (inline_)
            g_string_append_printf (out, "#%sseg-%u-%u", prefix, i + 1, r + 1);
          else
            g_string_append_printf (out, "#range(%so%u,%so%u)", prefix, ranges[r].start, prefix,
                                    ranges[r].end);
        }
      g_string_append_printf (out, "\" motivation=\"%s\"",
                              labelled ? "tagging"
                              : comments->len > 0 ? "commenting" : "highlighting");
      if (labelled || annotation_attributes->len > 0)
        {
          g_autofree char *category = labelled ? label_xml_id (labels, label_id) : NULL;

          g_string_append (out, " ana=\"");
          if (labelled)
            g_string_append_printf (out, "#%s", category);
          if (annotation_attributes->len > 0)
            g_string_append_printf (out, "%s#%s-attributes", labelled ? " " : "", xml_id);
          g_string_append_c (out, '"');
        }
      if (creator != NULL && g_ptr_array_find_with_equal_func (creators, creator, g_str_equal,
                                                               &who))
        g_string_append_printf (out, " resp=\"#%sannotator-%u\"", prefix, who + 1);
      g_string_append (out, ">\n        <revisionDesc>\n");
      append_date (out, "created", shu_annotation_get_created (annotation));
      append_date (out, "modified", shu_annotation_get_modified (annotation));
      g_string_append (out, "        </revisionDesc>\n");
      for (guint c = 0; c < comments->len; c++)
        append_note (out, "        ", NULL, g_ptr_array_index (comments, c));
      append_references (out, shu_annotation_get_references (annotation));
      g_string_append (out, "      </annotation>\n");
      append_attributes (attributes, xml_id, annotation_attributes);
    }
  if (annotations->len > 0)
    g_string_append (out, "    </listAnnotation>\n");
  g_string_append_len (out, attributes->str, attributes->len);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    append_relations (out, relations, kinds[k], xml_ids, creators, prefix);
  g_string_append (out, "  </standOff>\n");
}

/* One <TEI>: its ids start with @prefix ("t2-" in a corpus, where they
 * must differ between texts); its categories are those of @code_book,
 * written in its header unless @in_corpus (then the corpus's header has
 * them). */
static gboolean
append_tei (GString      *out,
            ShuDocument  *document,
            ShuLabelSet  *code_book,
            ShuTeiFlags   flags,
            const char   *prefix,
            gboolean      in_corpus,
            GError      **error)
{
  g_autoptr(GPtrArray) annotations = shu_formats_sorted_annotations (document);
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) creators = g_ptr_array_new ();
  g_autoptr(GArray) pieces = NULL;

  relations = shu_annotation_store_dup_relations (shu_document_get_store (document));
  if (flags & SHU_TEI_INLINE)
    {
      pieces = pieces_for_inline (shu_document_get_source (document), annotations, error);
      if (pieces == NULL)
        return FALSE;
    }
  /* The annotators in the order they first annotated the text. */
  for (guint i = 0; i < annotations->len; i++)
    {
      const char *creator = shu_annotation_get_creator (g_ptr_array_index (annotations, i));

      if (creator != NULL && creator[0] != '\0'
          && !g_ptr_array_find_with_equal_func (creators, creator, g_str_equal, NULL))
        g_ptr_array_add (creators, (gpointer) creator);
    }
  for (guint i = 0; i < relations->len; i++)
    {
      const char *creator = shu_relation_get_creator (g_ptr_array_index (relations, i));

      if (creator != NULL && creator[0] != '\0'
          && !g_ptr_array_find_with_equal_func (creators, creator, g_str_equal, NULL))
        g_ptr_array_add (creators, (gpointer) creator);
    }

  g_string_append (out, in_corpus ? "<TEI>\n" : "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\">\n");
  append_header (out, document, creators, in_corpus ? NULL : code_book, prefix);
  append_body (out, document, annotations, pieces, code_book, prefix);
  append_standoff (out, annotations, relations, creators, code_book, pieces != NULL, prefix);
  g_string_append (out, "</TEI>\n");
  return TRUE;
}

GBytes *
shu_tei_export_full (ShuDocument  *document,
                     ShuTeiFlags   flags,
                     GError      **error)
{
  GString *out;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  if (!append_tei (out, document,
                   shu_annotation_store_get_labels (shu_document_get_store (document)), flags,
                   "", FALSE, error))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free_to_bytes (out);
}

GBytes *
shu_tei_export_corpus (GPtrArray  *documents,
                       const char *title)
{
  g_autoptr(ShuLabelSet) code_book = shu_label_set_new ();
  const char *language = NULL;
  GString *out;

  g_return_val_if_fail (documents != NULL, NULL);
  g_return_val_if_fail (title != NULL, NULL);

  /* Every text's labels by id, the first text's first. */
  for (guint d = 0; d < documents->len; d++)
    {
      ShuDocument *document = g_ptr_array_index (documents, d);
      ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));

      if (language == NULL)
        language = shu_document_get_language (document);
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
        {
          g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

          if (shu_label_set_lookup (code_book, shu_label_get_id (label)) == NULL)
            shu_label_set_append (code_book, label);
        }
    }

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                      "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">\n"
                      "  <teiHeader>\n    <fileDesc>\n      <titleStmt>\n        <title>");
  shu_xml_append_escaped (out, title, -1);
  g_string_append_printf (out, "</title>\n      </titleStmt>\n      <publicationStmt>\n"
                               "        <p>Exported by Shulayim " VERSION ".</p>\n"
                               "      </publicationStmt>\n      <sourceDesc>\n"
                               "        <p>%u texts, each a TEI below with its file's name "
                               "and SHA-256.</p>\n      </sourceDesc>\n    </fileDesc>\n",
                          documents->len);
  append_encoding_desc (out, code_book, language);
  g_string_append (out, "  </teiHeader>\n");
  for (guint d = 0; d < documents->len; d++)
    {
      g_autofree char *prefix = g_strdup_printf ("t%u-", d + 1);

      /* Standoff never fails. */
      append_tei (out, g_ptr_array_index (documents, d), code_book, SHU_TEI_NONE, prefix, TRUE,
                  NULL);
    }
  g_string_append (out, "</teiCorpus>\n");
  return g_string_free_to_bytes (out);
}

GBytes *
shu_tei_export (ShuDocument *document)
{
  return shu_tei_export_full (document, SHU_TEI_NONE, NULL);
}
