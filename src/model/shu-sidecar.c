/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "shu-big-alloc.h"
#include "shu-error.h"
#include "shu-places.h"
#include "shu-safe-file.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"

#define ANNO_CONTEXT "http://www.w3.org/ns/anno.jsonld"
#define SHU_NAMESPACE "https://shulayim.github.io/ns#"

G_DEFINE_FINAL_TYPE (ShuSidecar, shu_sidecar, G_TYPE_OBJECT)

/* ------------------------------------------------------------ helpers */

gboolean
shu_sidecar_fail_at (GError           **error,
                     int                code,
                     const char        *display_name,
                     const ShuJsonPos  *pos,
                     const char        *format,
                     ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  if (pos != NULL)
    g_set_error (error, SHU_ERROR, code, "%s:%u:%u: %s",
                 display_name, pos->line, pos->column, reason);
  else
    g_set_error (error, SHU_ERROR, code, "%s: %s", display_name, reason);
  return FALSE;
}

static const char *
node_type_name (ShuJsonNode *node)
{
  if (node == NULL || (shu_json_node_get_type (node) == SHU_JSON_NULL))
    return "null";
  if ((shu_json_node_get_type (node) == SHU_JSON_OBJECT))
    return _("an object");
  if ((shu_json_node_get_type (node) == SHU_JSON_ARRAY))
    return _("an array");
  switch (shu_json_node_get_type (node))
    {
    case SHU_JSON_STRING:
      return _("a string");
    case SHU_JSON_BOOLEAN:
      return _("a boolean");
    default:
      return _("a number");
    }
}

/* A reading context: where messages point and what they are about. */
typedef struct
{
  const char       *display_name;
  const ShuJsonPos *pos;
  const char       *what;   /* "label 3: " or "" */
  guint             number; /* when not 0, messages start "annotation NUMBER: " */
  GError          **error;
} Ctx;

static gboolean G_GNUC_PRINTF (3, 4)
ctx_fail (Ctx        *ctx,
          int         code,
          const char *format,
          ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  /* The annotation's number is only formatted for a message: reading
   * 50k annotations should not print 50k prefixes nobody sees. */
  if (ctx->number != 0)
    return shu_sidecar_fail_at (ctx->error, code, ctx->display_name, ctx->pos,
                                _("annotation %u: %s"), ctx->number, reason);
  return shu_sidecar_fail_at (ctx->error, code, ctx->display_name, ctx->pos, "%s%s",
                              ctx->what, reason);
}

static gboolean
is_string (ShuJsonNode *node)
{
  return node != NULL && shu_json_node_get_type (node) == SHU_JSON_STRING;
}

static gboolean
is_integer (ShuJsonNode *node)
{
  return node != NULL && shu_json_node_get_type (node) == SHU_JSON_INTEGER;
}

/* Fetches a member, checking its presence and kind. @kind is 's' string,
 * 'o' object, 'a' array, 'i' integer, '*' anything. Optional members that
 * are absent give NULL and TRUE. */
static gboolean
get_member (Ctx         *ctx,
            ShuJsonNode  *object,
            const char  *name,
            char         kind,
            gboolean     required,
            ShuJsonNode   **out)
{
  ShuJsonNode *node = shu_json_node_get_member (object, name);
  gboolean ok;

  *out = NULL;
  if (node == NULL)
    {
      if (required)
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("missing member \"%s\""), name);
      return TRUE;
    }

  switch (kind)
    {
    case 's': ok = is_string (node); break;
    case 'o': ok = (shu_json_node_get_type (node) == SHU_JSON_OBJECT); break;
    case 'a': ok = (shu_json_node_get_type (node) == SHU_JSON_ARRAY); break;
    case 'i': ok = is_integer (node); break;
    default: ok = TRUE; break;
    }

  if (!ok)
    {
      const char *expected = kind == 's' ? _("a string") : kind == 'o' ? _("an object")
                             : kind == 'a' ? _("an array") : _("a whole number");

      return ctx_fail (ctx, SHU_ERROR_INVALID, _("member \"%s\" must be %s, not %s"),
                       name, expected, node_type_name (node));
    }

  *out = node;
  return TRUE;
}

static gboolean
get_string (Ctx         *ctx,
            ShuJsonNode  *object,
            const char  *name,
            gboolean     required,
            const char **out)
{
  ShuJsonNode *node;

  *out = NULL;
  if (!get_member (ctx, object, name, 's', required, &node))
    return FALSE;
  if (node != NULL)
    {
      *out = shu_json_node_get_string (node);
      if (required && **out == '\0')
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("member \"%s\" must not be empty"), name);
    }
  return TRUE;
}

static gboolean
get_uint (Ctx        *ctx,
          ShuJsonNode *object,
          const char *name,
          guint      *out)
{
  ShuJsonNode *node;
  gint64 value;

  if (!get_member (ctx, object, name, 'i', TRUE, &node))
    return FALSE;
  value = shu_json_node_get_int (node);
  /* The pre-scan already refused negatives; offsets must also fit a guint. */
  if (value < 0 || value >= G_MAXUINT)
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("member \"%s\" is out of range (%lld)"),
                     name, (long long) value);
  *out = (guint) value;
  return TRUE;
}

static gboolean
two_digits (const char *p,
            int        *out)
{
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]))
    return FALSE;
  *out = (p[0] - '0') * 10 + (p[1] - '0');
  return TRUE;
}

/* The shape this program writes, "YYYY-MM-DDTHH:MM:SSZ", read without
 * g_date_time_new_from_iso8601(), which costs a time zone lookup and two
 * date objects per call: with two dates per annotation it was a visible
 * part of reading a large sidecar. NULL for anything else, which the
 * general parser then reads. */
static GDateTime *
parse_utc_date (const char *text)
{
  int century, year, month, day, hour, minute, second;

  if (strlen (text) != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T'
      || text[13] != ':' || text[16] != ':' || text[19] != 'Z'
      || !two_digits (text, &century) || !two_digits (text + 2, &year)
      || !two_digits (text + 5, &month) || !two_digits (text + 8, &day)
      || !two_digits (text + 11, &hour) || !two_digits (text + 14, &minute)
      || !two_digits (text + 17, &second))
    return NULL;
  /* g_date_time_new_utc() checks the ranges (month 13, 30 February, hour
   * 24, second 60) and gives NULL; the general parser then decides. */
  return g_date_time_new_utc (century * 100 + year, month, day, hour, minute, second);
}

static gboolean
get_date (Ctx         *ctx,
          ShuJsonNode  *object,
          const char  *name,
          gboolean     required,
          GDateTime  **out)
{
  g_autoptr(GDateTime) date = NULL;
  const char *text;

  *out = NULL;
  if (!get_string (ctx, object, name, required, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;

  *out = parse_utc_date (text);
  if (*out != NULL)
    return TRUE;

  /* A time zone is required: a date without one means different instants
   * to different readers. */
  date = g_date_time_new_from_iso8601 (text, NULL);
  if (date == NULL)
    return ctx_fail (ctx, SHU_ERROR_INVALID,
                     _("member \"%s\" is not an ISO 8601 date and time with a time zone "
                     "(like 2024-05-01T12:00:00Z): \"%s\""), name, text);
  /* The first hours of year 1 with a time zone east of UTC are before
   * the year 1 in UTC, which GDateTime cannot hold. */
  *out = g_date_time_to_utc (date);
  if (*out == NULL)
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("member \"%s\" is out of range: \"%s\""),
                     name, text);
  return TRUE;
}

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

static gboolean
is_sha256 (const char *text)
{
  gsize i;

  for (i = 0; text[i] != '\0'; i++)
    if (!g_ascii_isdigit (text[i]) && !(text[i] >= 'a' && text[i] <= 'f'))
      return FALSE;
  return i == 64;
}

static gboolean
is_color (const char *text)
{
  if (text[0] != '#' || strlen (text) != 7)
    return FALSE;
  for (guint i = 1; i < 7; i++)
    if (!g_ascii_isxdigit (text[i]))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------------------ annotations */

static void
quoted_range_clear (gpointer data)
{
  ShuQuotedRange *range = data;

  g_free (range->prefix);
  g_free (range->exact);
  g_free (range->suffix);
}

ShuParsedAnnotation *
shu_parsed_annotation_new (void)
{
  ShuParsedAnnotation *pa = g_new0 (ShuParsedAnnotation, 1);

  pa->ranges = g_array_new (FALSE, TRUE, sizeof (ShuQuotedRange));
  g_array_set_clear_func (pa->ranges, quoted_range_clear);
  pa->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  return pa;
}

void
shu_parsed_annotation_free (ShuParsedAnnotation *pa)
{
  if (pa == NULL)
    return;
  g_free (pa->id);
  g_clear_pointer (&pa->ranges, g_array_unref);
  g_free (pa->label_name);
  g_clear_pointer (&pa->comments, g_ptr_array_unref);
  g_free (pa->creator);
  g_free (pa->conflict);
  g_clear_pointer (&pa->created, g_date_time_unref);
  g_clear_pointer (&pa->modified, g_date_time_unref);
  g_free (pa);
}

/* The IRI a body names when it is a resource rather than text: a bare
 * string, an object with an "id" and no "value", or a SpecificResource
 * whose "source" is either. NULL for a textual body. */
static const char *
body_iri (ShuJsonNode *node)
{
  ShuJsonNode *member;

  if (is_string (node))
    return shu_json_node_get_string (node);
  if (shu_json_node_get_type (node) != SHU_JSON_OBJECT
      || shu_json_node_get_member (node, "value") != NULL)
    return NULL;
  member = shu_json_node_get_member (node, "source");
  if (member != NULL)
    return body_iri (member);
  member = shu_json_node_get_member (node, "id");
  return is_string (member) ? shu_json_node_get_string (member) : NULL;
}

static gboolean
parse_body_item (Ctx                 *ctx,
                 ShuJsonNode            *node,
                 ShuParseFlags        flags,
                 ShuParsedAnnotation *pa)
{
  ShuJsonNode *body;
  const char *type, *purpose, *value, *format, *language;

  /* Other producers' bodies (lenient): a resource named by IRI is kept as
   * a comment holding the IRI, so that it is seen and not lost; a Choice
   * keeps each of its items. */
  if (flags & SHU_PARSE_LENIENT)
    {
      const char *iri = body_iri (node);
      ShuJsonNode *items = shu_json_node_get_type (node) == SHU_JSON_OBJECT
                           ? shu_json_node_get_member (node, "items") : NULL;

      if (iri != NULL)
        {
          g_ptr_array_add (pa->comments, shu_comment_new (iri, NULL));
          return TRUE;
        }
      if (items != NULL && shu_json_node_get_type (items) == SHU_JSON_ARRAY)
        {
          for (guint i = 0; i < shu_json_node_get_length (items); i++)
            if (!parse_body_item (ctx, shu_json_node_get_element (items, i), flags, pa))
              return FALSE;
          return TRUE;
        }
    }

  if (!(shu_json_node_get_type (node) == SHU_JSON_OBJECT))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("a body must be an object, not %s"),
                     node_type_name (node));
  body = node;

  if (!get_string (ctx, body, "type", !(flags & SHU_PARSE_LENIENT), &type)
      || !get_string (ctx, body, "purpose", !(flags & SHU_PARSE_LENIENT), &purpose)
      || !get_string (ctx, body, "value", FALSE, &value)
      || !get_string (ctx, body, "format", FALSE, &format)
      || !get_string (ctx, body, "language", FALSE, &language))
    return FALSE;

  if (type != NULL && strcmp (type, "TextualBody") != 0)
    {
      if (flags & SHU_PARSE_LENIENT)
        return TRUE;
      return ctx_fail (ctx, SHU_ERROR_INVALID, _("body type \"%s\" is not supported "
                       "(only \"TextualBody\")"), type);
    }
  if (value == NULL)
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("missing member \"value\" in a body"));
  if (format != NULL && strcmp (format, "text/plain") != 0 && !(flags & SHU_PARSE_LENIENT))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("body format \"%s\" is not supported "
                     "(only \"text/plain\")"), format);

  /* Another tool's tag that is no language tag is dropped (the comment
   * stays); a sidecar's is refused. */
  if (language != NULL && !shu_text_is_language_tag (language))
    {
      if (!(flags & SHU_PARSE_LENIENT))
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("language \"%s\" is not a BCP 47 language "
                         "tag (such as \"he\", \"ar\" or \"en-GB\")"), language);
      language = NULL;
    }

  if (purpose == NULL)
    purpose = "commenting";

  if (strcmp (purpose, "tagging") == 0 && (pa->label_name == NULL || !(flags & SHU_PARSE_LENIENT)))
    {
      if (pa->label_name != NULL)
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("more than one tagging body "
                         "(an annotation has at most one label)"));
      if (*value == '\0')
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("a tagging body's value must not be empty"));
      pa->label_name = g_strdup (value);
    }
  else if (strcmp (purpose, "commenting") == 0)
    g_ptr_array_add (pa->comments, shu_comment_new (value, language));
  else if (!(flags & SHU_PARSE_LENIENT))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("body purpose \"%s\" is not supported "
                     "(only \"tagging\" and \"commenting\")"), purpose);
  else
    /* Further tags and other purposes (describing, classifying, ...):
     * an annotation has one label, so they are kept as comments. */
    g_ptr_array_add (pa->comments, shu_comment_new (value, language));

  return TRUE;
}

/* Reads a selector list into ranges: TextPositionSelector and
 * TextQuoteSelector paired in order. */
static gboolean
parse_selectors (Ctx                 *ctx,
                 ShuJsonNode            *node,
                 ShuParseFlags        flags,
                 ShuParsedAnnotation *pa)
{
  g_autoptr(GArray) positions = g_array_new (FALSE, TRUE, sizeof (ShuQuotedRange));
  g_autoptr(GPtrArray) quotes = g_ptr_array_new ();
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  if ((shu_json_node_get_type (node) == SHU_JSON_ARRAY))
    {
      ShuJsonNode *array = node;

      for (guint i = 0; i < shu_json_node_get_length (array); i++)
        g_ptr_array_add (items, shu_json_node_get_element (array, i));
    }
  else if ((shu_json_node_get_type (node) == SHU_JSON_OBJECT) && (flags & SHU_PARSE_LENIENT))
    g_ptr_array_add (items, node);
  else
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("member \"selector\" must be an array, not %s"),
                     node_type_name (node));

  for (guint i = 0; i < items->len; i++)
    {
      ShuJsonNode *item = g_ptr_array_index (items, i);
      ShuJsonNode *selector;
      ShuJsonNode *refined;
      const char *type;

      if (!(shu_json_node_get_type (item) == SHU_JSON_OBJECT))
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("a selector must be an object, not %s"),
                         node_type_name (item));
      selector = item;
      if (!get_string (ctx, selector, "type", TRUE, &type))
        return FALSE;

      /* Other producers narrow a selector down (a fragment, then a text
       * quote within it): the text selectors are read wherever they are. */
      refined = shu_json_node_get_member (selector, "refinedBy");
      if (refined != NULL && (flags & SHU_PARSE_LENIENT))
        {
          if (shu_json_node_get_type (refined) == SHU_JSON_ARRAY)
            for (guint r = 0; r < shu_json_node_get_length (refined); r++)
              g_ptr_array_add (items, shu_json_node_get_element (refined, r));
          else
            g_ptr_array_add (items, refined);
        }

      if (strcmp (type, "TextPositionSelector") == 0)
        {
          ShuQuotedRange range = { 0 };

          if (!get_uint (ctx, selector, "start", &range.start)
              || !get_uint (ctx, selector, "end", &range.end))
            return FALSE;
          if (range.start >= range.end)
            return ctx_fail (ctx, SHU_ERROR_INVALID, _("start %u is not before end %u"),
                             range.start, range.end);
          g_array_append_val (positions, range);
        }
      else if (strcmp (type, "TextQuoteSelector") == 0)
        g_ptr_array_add (quotes, selector);
      else if (!(flags & SHU_PARSE_LENIENT))
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("selector type \"%s\" is not supported "
                         "(only TextPositionSelector and TextQuoteSelector)"), type);
    }

  /* Leniently, a quote alone is placed by the importer from its quote and
   * context (start == end == 0 until then), and a position alone gets its
   * quote from the text (exact NULL until then). */
  if (positions->len == 0 && quotes->len > 0 && (flags & SHU_PARSE_LENIENT))
    for (guint i = 0; i < quotes->len; i++)
      {
        ShuQuotedRange range = { 0 };

        g_array_append_val (positions, range);
      }
  if (positions->len > 0 && quotes->len == 0 && (flags & SHU_PARSE_LENIENT))
    {
      g_array_append_vals (pa->ranges, positions->data, positions->len);
      return TRUE;
    }

  if (positions->len == 0)
    return ctx_fail (ctx, SHU_ERROR_INVALID, (flags & SHU_PARSE_LENIENT)
                     ? _("the target has no TextQuoteSelector or TextPositionSelector")
                     : _("the target has no TextPositionSelector"));
  if (positions->len != quotes->len)
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("the target has %u TextPositionSelector but %u "
                     "TextQuoteSelector (they go in pairs)"), positions->len, quotes->len);

  for (guint i = 0; i < positions->len; i++)
    {
      ShuQuotedRange *range = &g_array_index (positions, ShuQuotedRange, i);
      ShuJsonNode *quote = g_ptr_array_index (quotes, i);
      const char *exact, *prefix, *suffix;

      if (!get_string (ctx, quote, "exact", TRUE, &exact)
          || !get_string (ctx, quote, "prefix", FALSE, &prefix)
          || !get_string (ctx, quote, "suffix", FALSE, &suffix))
        return FALSE;
      range->exact = g_strdup (exact);
      range->prefix = g_strdup (prefix != NULL ? prefix : "");
      range->suffix = g_strdup (suffix != NULL ? suffix : "");
      g_array_append_val (pa->ranges, *range);
      /* Ownership of the strings moved to pa->ranges. */
      range->exact = range->prefix = range->suffix = NULL;
    }

  return TRUE;
}

static int
compare_quoted_ranges (gconstpointer a,
                       gconstpointer b)
{
  const ShuQuotedRange *ra = a, *rb = b;

  if (ra->start != rb->start)
    return ra->start < rb->start ? -1 : 1;
  if (ra->end != rb->end)
    return ra->end < rb->end ? -1 : 1;
  return 0;
}

/* A name with a control character in it is refused in a sidecar (which
 * only a program that checks names writes) and, read leniently from
 * another tool's file, kept with each such character made U+FFFD: the
 * sidecar it is saved in must read back. @what is "the creator's name"
 * or the like; the message shows the name escaped. */
static gboolean
check_name (Ctx         *ctx,
            const char  *what,
            gboolean     strict,
            char       **name)
{
  gunichar control = shu_text_find_control (*name);
  g_autofree char *shown = NULL;

  if (control == 0)
    return TRUE;
  if (!strict)
    {
      char *replaced = shu_text_replace_controls (*name);

      g_free (*name);
      *name = replaced;
      return TRUE;
    }
  shown = shu_text_escape_for_terminal (*name);
  /* Translators: what (the label's name, the creator's name), the name,
   * the character's code point. */
  return ctx_fail (ctx, SHU_ERROR_INVALID, _("%s “%s” holds the control character U+%04X"),
                   what, shown, control);
}

ShuParsedAnnotation *
shu_parse_annotation (ShuJsonNode          *node,
                      ShuParseFlags      flags,
                      const char        *display_name,
                      const ShuJsonPos  *pos,
                      guint              number,
                      GError           **error)
{
  g_autoptr(ShuParsedAnnotation) pa = g_new0 (ShuParsedAnnotation, 1);
  gboolean strict = !(flags & SHU_PARSE_LENIENT);
  Ctx ctx = { display_name, pos, "", number, error };
  ShuJsonNode *object;
  ShuJsonNode *member;
  const char *id, *type, *motivation;

  pa->ranges = g_array_new (FALSE, TRUE, sizeof (ShuQuotedRange));
  g_array_set_clear_func (pa->ranges, quoted_range_clear);
  pa->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  pa->number = number;
  if (pos != NULL)
    pa->pos = *pos;

  if (!(shu_json_node_get_type (node) == SHU_JSON_OBJECT))
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID, _("must be an object, not %s"), node_type_name (node));
      return NULL;
    }
  object = node;

  if (!get_string (&ctx, object, "id", strict, &id)
      || !get_string (&ctx, object, "type", TRUE, &type)
      || !get_string (&ctx, object, "motivation", strict, &motivation))
    return NULL;

  if (strcmp (type, "Annotation") != 0)
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID, _("type must be \"Annotation\", not \"%s\""), type);
      return NULL;
    }
  if (strict && strcmp (motivation, "highlighting") != 0
      && strcmp (motivation, "tagging") != 0 && strcmp (motivation, "commenting") != 0)
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID, _("motivation \"%s\" is not one of \"highlighting\", "
                "\"tagging\" or \"commenting\""), motivation);
      return NULL;
    }
  /* Our own standalone export maps foreign ids to IRIs and keeps the
   * original: read back, the annotation has its id again. */
  if (!strict)
    {
      ShuJsonNode *original = shu_json_node_get_member (object, "shu:originalId");

      if (is_string (original) && *shu_json_node_get_string (original) != '\0')
        id = shu_json_node_get_string (original);
    }
  pa->id = (id != NULL && *id != '\0') ? g_strdup (id) : shu_new_urn_uuid ();

  {
    const char *created, *modified;

    /* Most annotations were never changed: one date object for both. */
    if (!get_string (&ctx, object, "created", FALSE, &created)
        || !get_string (&ctx, object, "modified", FALSE, &modified))
      return NULL;
    if (!get_date (&ctx, object, "created", strict, &pa->created))
      return NULL;
    if (pa->created != NULL && modified != NULL && strcmp (created, modified) == 0)
      pa->modified = g_date_time_ref (pa->created);
    else if (!get_date (&ctx, object, "modified", FALSE, &pa->modified))
      return NULL;
  }

  /* Left by a three-way merge (see docs/MERGE.md). */
  {
    const char *conflict;

    if (!get_string (&ctx, object, "shu:conflict", FALSE, &conflict))
      return NULL;
    if (conflict != NULL && *conflict != '\0')
      pa->conflict = g_strdup (conflict);
  }

  /* The creator: a Person with a name; other producers also write a bare
   * string (an IRI or a name), which is kept as the name. */
  member = shu_json_node_get_member (object, "creator");
  if (member != NULL)
    {
      if (!strict && shu_json_node_get_type (member) == SHU_JSON_ARRAY
          && shu_json_node_get_length (member) > 0)
        /* Several creators: the first is the annotation's. */
        member = shu_json_node_get_element (member, 0);
      if ((shu_json_node_get_type (member) == SHU_JSON_OBJECT))
        {
          ShuJsonNode *creator_id = shu_json_node_get_member (member, "id");
          const char *name;

          if (!get_string (&ctx, member, "name", strict, &name))
            return NULL;
          /* A creator given by IRI only keeps its IRI. */
          if (name == NULL && is_string (creator_id))
            name = shu_json_node_get_string (creator_id);
          pa->creator = g_strdup (name);
        }
      else if (is_string (member) && !strict)
        pa->creator = g_strdup (shu_json_node_get_string (member));
      else
        {
          ctx_fail (&ctx, SHU_ERROR_INVALID, _("member \"creator\" must be an object, not %s"),
                    node_type_name (member));
          return NULL;
        }
      if (!check_name (&ctx, _("the creator's name"), strict, &pa->creator))
        return NULL;
    }

  member = shu_json_node_get_member (object, "body");
  if (member != NULL)
    {
      if ((shu_json_node_get_type (member) == SHU_JSON_ARRAY))
        {
          ShuJsonNode *array = member;

          for (guint i = 0; i < shu_json_node_get_length (array); i++)
            if (!parse_body_item (&ctx, shu_json_node_get_element (array, i), flags, pa))
              return NULL;
        }
      else if (!strict)
        {
          /* A body given by IRI only is kept as a comment holding it. */
          if (!parse_body_item (&ctx, member, flags, pa))
            return NULL;
        }
      else
        {
          ctx_fail (&ctx, SHU_ERROR_INVALID, _("member \"body\" must be an array, not %s"),
                    node_type_name (member));
          return NULL;
        }
    }

  if (!get_member (&ctx, object, "target", '*', TRUE, &member))
    return NULL;
  {
    g_autoptr(GPtrArray) targets = g_ptr_array_new ();

    if ((shu_json_node_get_type (member) == SHU_JSON_OBJECT))
      g_ptr_array_add (targets, member);
    else if ((shu_json_node_get_type (member) == SHU_JSON_ARRAY) && !strict)
      {
        ShuJsonNode *array = member;

        for (guint i = 0; i < shu_json_node_get_length (array); i++)
          g_ptr_array_add (targets, shu_json_node_get_element (array, i));
      }
    else if (!strict && is_string (member))
      {
        ctx_fail (&ctx, SHU_ERROR_INVALID, _("the target is an IRI only (it names a whole "
                  "resource, not a passage of a text)"));
        return NULL;
      }
    else
      {
        ctx_fail (&ctx, SHU_ERROR_INVALID, _("member \"target\" must be an object, not %s"),
                  node_type_name (member));
        return NULL;
      }

    if (targets->len == 0)
      {
        ctx_fail (&ctx, SHU_ERROR_INVALID, _("the annotation has no target"));
        return NULL;
      }

    for (guint i = 0; i < targets->len; i++)
      {
        ShuJsonNode *target_node = g_ptr_array_index (targets, i);
        ShuJsonNode *target;
        const char *source;
        ShuJsonNode *selector;

        if (!(shu_json_node_get_type (target_node) == SHU_JSON_OBJECT))
          {
            /* Leniently, a target named by IRI only beside text targets is
             * another resource the annotation is about: it has no place. */
            if (!strict && targets->len > 1)
              continue;
            ctx_fail (&ctx, SHU_ERROR_INVALID, _("a target must be an object, not %s"),
                      node_type_name (target_node));
            return NULL;
          }
        target = target_node;
        if (!strict && targets->len > 1 && shu_json_node_get_member (target, "selector") == NULL)
          continue;
        if (strict && shu_json_node_get_member (target, "source") == NULL)
          {
            ctx_fail (&ctx, SHU_ERROR_INVALID, _("the target lacks member \"source\""));
            return NULL;
          }
        if (shu_json_node_get_member (target, "selector") == NULL)
          {
            ctx_fail (&ctx, SHU_ERROR_INVALID, _("the target lacks member \"selector\" "
                      "(it names a whole resource, not a passage of a text)"));
            return NULL;
          }
        if (!get_string (&ctx, target, "source", strict, &source)
            || !get_member (&ctx, target, "selector", '*', TRUE, &selector)
            || !parse_selectors (&ctx, selector, flags, pa))
          return NULL;
      }
    if (pa->ranges->len == 0)
      {
        ctx_fail (&ctx, SHU_ERROR_INVALID, _("no target selects a passage of a text"));
        return NULL;
      }
  }

  /* Several targets may come in any order; the native file must already be
   * sorted, which the check below reports. */
  if (!strict)
    g_array_sort (pa->ranges, compare_quoted_ranges);
  for (guint i = 1; i < pa->ranges->len; i++)
    {
      const ShuQuotedRange *a = &g_array_index (pa->ranges, ShuQuotedRange, i - 1);
      const ShuQuotedRange *b = &g_array_index (pa->ranges, ShuQuotedRange, i);

      if (a->end > b->start)
        {
          ctx_fail (&ctx, SHU_ERROR_INVALID, _("ranges %u..%u and %u..%u overlap or are not "
                    "in order"), a->start, a->end, b->start, b->end);
          return NULL;
        }
    }

  if (pa->created == NULL)
    pa->created = g_date_time_new_now_utc ();
  if (pa->modified == NULL)
    pa->modified = g_date_time_ref (pa->created);

  return g_steal_pointer (&pa);
}

/* ------------------------------------------------------------- parsing */

/* The members a label and the other version in its conflict mark share;
 * @id is left NULL when @id is NULL. */
static gboolean
get_label_values (Ctx          *ctx,
                  ShuJsonNode  *object,
                  const char  **id,
                  const char  **name,
                  const char  **color,
                  const char  **description,
                  const char  **shortcut)
{
  if ((id != NULL && !get_string (ctx, object, "id", TRUE, id))
      || !get_string (ctx, object, "name", TRUE, name)
      || !get_string (ctx, object, "color", TRUE, color)
      || !get_string (ctx, object, "description", FALSE, description)
      || !get_string (ctx, object, "shortcut", FALSE, shortcut))
    return FALSE;

  {
    g_autofree char *checked = g_strdup (*name);

    if (!check_name (ctx, _("the label's name"), TRUE, &checked))
      return FALSE;
  }
  if (!is_color (*color))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("color \"%s\" is not #rrggbb"), *color);
  if (*shortcut != NULL && !(strlen (*shortcut) == 1 && (*shortcut)[0] >= '1'
                             && (*shortcut)[0] <= '9'))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("shortcut \"%s\" is not a digit 1 to 9"),
                     *shortcut);
  return TRUE;
}

/* A label's "shu:conflict" (format version 2): "deleted", or the other
 * side's values. Those need not be unique in the set: they are not in
 * use until someone keeps them. */
static ShuLabel *
label_with_conflict (Ctx         *ctx,
                     ShuLabel    *label,
                     ShuJsonNode *node)
{
  const char *name, *color, *description, *shortcut;
  g_autoptr(ShuLabel) other = NULL;

  if (is_string (node))
    {
      if (strcmp (shu_json_node_get_string (node), SHU_LABEL_CONFLICT_DELETED_VALUE) != 0)
        {
          ctx_fail (ctx, SHU_ERROR_INVALID, _("\"shu:conflict\" must be \"%s\" or an object "
                    "with the other version’s name and color"),
                    SHU_LABEL_CONFLICT_DELETED_VALUE);
          return NULL;
        }
      return shu_label_with_conflict (label, SHU_LABEL_CONFLICT_DELETED, NULL);
    }
  if (shu_json_node_get_type (node) != SHU_JSON_OBJECT)
    {
      ctx_fail (ctx, SHU_ERROR_INVALID, _("\"shu:conflict\" must be \"%s\" or an object "
                "with the other version’s name and color"), SHU_LABEL_CONFLICT_DELETED_VALUE);
      return NULL;
    }
  if (!get_label_values (ctx, node, NULL, &name, &color, &description, &shortcut))
    return NULL;
  other = shu_label_new (shu_label_get_id (label), name, color, description,
                         shortcut != NULL ? shortcut[0] : 0);
  return shu_label_with_conflict (label, SHU_LABEL_CONFLICT_CHANGED, other);
}

static gboolean
parse_labels (ShuSidecar  *self,
              ShuJsonNode   *array,
              ShuJsonScan *scan,
              GError     **error)
{
  self->labels = shu_label_set_new ();

  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonNode *node = shu_json_node_get_element (array, i);
      g_autofree char *what = g_strdup_printf (_("label %u: "), i + 1);
      g_autofree char *color = NULL;
      g_autoptr(ShuLabel) label = NULL;
      ShuJsonPos pos = { 1, 1 };
      Ctx ctx = { self->display_name, &pos, what, 0, error };
      const char *id, *name, *color_text, *description, *shortcut;
      ShuJsonNode *object;
      ShuJsonNode *conflict;

      shu_json_scan_get_element (scan, "labels", i, &pos);
      if (!(shu_json_node_get_type (node) == SHU_JSON_OBJECT))
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("must be an object, not %s"),
                         node_type_name (node));
      object = node;

      if (!get_label_values (&ctx, object, &id, &name, &color_text, &description, &shortcut)
          || !get_member (&ctx, object, "shu:conflict", '*', FALSE, &conflict))
        return FALSE;
      color = g_ascii_strdown (color_text, -1);
      if (shu_label_set_lookup (self->labels, id) != NULL)
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("id \"%s\" is used by another label"), id);
      if (shu_label_set_lookup_name (self->labels, name) != NULL)
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("name \"%s\" is used by another label"), name);
      if (shortcut != NULL && shu_label_set_lookup_shortcut (self->labels, shortcut[0]) != NULL)
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("shortcut \"%s\" is used by another label"),
                         shortcut);

      label = shu_label_new (id, name, color, description, shortcut != NULL ? shortcut[0] : 0);
      if (conflict != NULL)
        {
          g_autoptr(ShuLabel) marked = label_with_conflict (&ctx, label, conflict);

          if (marked == NULL)
            return FALSE;
          g_set_object (&label, marked);
        }
      if (!shu_label_set_append (self->labels, label))
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("the label could not be added"));
    }

  return TRUE;
}

static gboolean
parse_annotation_list (ShuSidecar  *self,
                       ShuJsonNode   *array,
                       ShuJsonScan *scan,
                       const char  *path,
                       gboolean     orphans,
                       GHashTable  *ids,
                       GError     **error)
{
  /* Each annotation's own tree, built in turn in the same memory (see
   * parse_bytes()). */
  g_autoptr(ShuJsonTree) scratch = NULL;

  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonPos pos = { 1, 1 };
      ShuParsedAnnotation *pa;
      guint number = self->parsed->len + 1;
      ShuJsonNode *element = shu_json_node_get_element (array, i);

      if (shu_json_node_get_type (element) == SHU_JSON_DEFERRED)
        {
          scratch = shu_json_node_expand (element, scratch);
          element = shu_json_tree_get_root (scratch);
        }

      shu_json_scan_get_element (scan, path, i, &pos);
      pa = shu_parse_annotation (element, SHU_PARSE_STRICT,
                                 self->display_name, &pos, number, error);
      if (pa == NULL)
        return FALSE;
      pa->orphan = orphans;
      g_ptr_array_add (self->parsed, pa);

      if (!g_hash_table_add (ids, pa->id))
        return shu_sidecar_fail_at (error, SHU_ERROR_INVALID, self->display_name, &pos,
                                    _("annotation %u: id \"%s\" is used by another annotation"),
                                    number, pa->id);
      if (pa->label_name != NULL
          && shu_label_set_lookup_name (self->labels, pa->label_name) == NULL)
        return shu_sidecar_fail_at (error, SHU_ERROR_INVALID, self->display_name, &pos,
                                    _("annotation %u: label \"%s\" is not in the label set"),
                                    number, pa->label_name);
      {
        ShuJsonNode *target = shu_json_node_get_member (element, "target");
        const char *source = shu_json_node_get_string (shu_json_node_get_member (target,
                                                                                  "source"));

        if (strcmp (source, self->source_name) != 0)
          return shu_sidecar_fail_at (error, SHU_ERROR_INVALID, self->display_name, &pos,
                                      _("annotation %u: its target \"%s\" is not the "
                                      "sidecar's text \"%s\""),
                                      number, source, self->source_name);
      }
    }
  return TRUE;
}

static gboolean
shu_sidecar_parse_root (ShuSidecar  *self,
                        ShuJsonNode    *root,
                        ShuJsonScan *scan,
                        GError     **error)
{
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  ShuJsonPos start = { 1, 1 };
  ShuJsonPos pos;
  Ctx ctx = { self->display_name, &start, "", 0, error };
  ShuJsonNode *object, *source, *first;
  ShuJsonNode *node;
  const char *text;
  const char *type;
  gint64 version;

#define AT(path) (shu_json_scan_get_member (scan, path, &pos) ? (ctx.pos = &pos) : (ctx.pos = &start))

  if (!(shu_json_node_get_type (root) == SHU_JSON_OBJECT))
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("a sidecar is a JSON object "
                     "(an AnnotationCollection), not %s"), node_type_name (root));
  object = root;

  /* The version first: a newer format may differ in everything else. */
  AT ("formatVersion");
  if (!get_member (&ctx, object, "formatVersion", 'i', TRUE, &node))
    return FALSE;
  version = shu_json_node_get_int (node);
  /* Version 1 is version 2 without conflict marks on labels. */
  if (version < 1 || version > SHU_SIDECAR_FORMAT_VERSION)
    return ctx_fail (&ctx, SHU_ERROR_VERSION, _("format version %lld is not "
                     "supported: this version of Shulayim reads versions 1 to %d%s"),
                     (long long) version, SHU_SIDECAR_FORMAT_VERSION,
                     version > SHU_SIDECAR_FORMAT_VERSION
                     ? _(" (the file was written by a newer Shulayim)") : "");

  AT ("@context");
  if (!get_member (&ctx, object, "@context", '*', TRUE, &node))
    return FALSE;
  if ((shu_json_node_get_type (node) == SHU_JSON_ARRAY) && shu_json_node_get_length (node) > 0)
    node = shu_json_node_get_element (node, 0);
  if (!is_string (node) || strcmp (shu_json_node_get_string (node), ANNO_CONTEXT) != 0)
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("\"@context\" must start with \"%s\""),
                     ANNO_CONTEXT);

  AT ("type");
  if (!get_string (&ctx, object, "type", TRUE, &type))
    return FALSE;
  if (strcmp (type, "AnnotationCollection") != 0)
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("type must be \"AnnotationCollection\", "
                     "not \"%s\""), type);

  AT ("id");
  if (!get_string (&ctx, object, "id", TRUE, &text))
    return FALSE;
  self->id = g_strdup (text);
  AT ("label");
  if (!get_string (&ctx, object, "label", FALSE, &text))
    return FALSE;
  self->title = g_strdup (text);
  AT ("created");
  if (!get_date (&ctx, object, "created", TRUE, &self->created))
    return FALSE;
  AT ("modified");
  if (!get_date (&ctx, object, "modified", TRUE, &self->modified))
    return FALSE;
  AT ("generator");
  if (!get_member (&ctx, object, "generator", 'o', FALSE, &node))
    return FALSE;

  AT ("sourceText");
  if (!get_member (&ctx, object, "sourceText", 'o', TRUE, &node))
    return FALSE;
  source = node;
  if (!get_string (&ctx, source, "name", TRUE, &text))
    return FALSE;
  self->source_name = g_strdup (text);
  AT ("sourceText.sha256");
  if (!get_string (&ctx, source, "sha256", TRUE, &text))
    return FALSE;
  if (!is_sha256 (text))
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("\"sha256\" must be 64 lower-case hex digits"));
  self->source_sha256 = g_strdup (text);
  AT ("sourceText.length");
  if (!get_uint (&ctx, source, "length", &self->source_length))
    return FALSE;
  AT ("sourceText.encoding");
  if (!get_string (&ctx, source, "encoding", TRUE, &text))
    return FALSE;
  if (!shu_encoding_from_string (text, &self->source_encoding)
      || self->source_encoding == SHU_ENCODING_AUTO)
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("encoding \"%s\" is not known"), text);
  AT ("sourceText.language");
  if (!get_string (&ctx, source, "language", FALSE, &text))
    return FALSE;
  if (text != NULL && !shu_text_is_language_tag (text))
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("language \"%s\" is not a BCP 47 language tag "
                     "(such as \"he\", \"ar\" or \"en-GB\")"), text);
  self->language = g_strdup (text);
  AT ("sourceText.textDirection");
  if (!get_string (&ctx, source, "textDirection", FALSE, &text))
    return FALSE;
  if (text != NULL && strcmp (text, "rtl") != 0 && strcmp (text, "ltr") != 0
      && strcmp (text, "auto") != 0)
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("textDirection \"%s\" is not \"rtl\", \"ltr\" "
                     "or \"auto\""), text);
  self->text_direction = g_strdup (text);

  AT ("labels");
  if (!get_member (&ctx, object, "labels", 'a', TRUE, &node)
      || !parse_labels (self, node, scan, error))
    return FALSE;

  AT ("first");
  if (!get_member (&ctx, object, "first", 'o', TRUE, &node))
    return FALSE;
  first = node;
  AT ("first.type");
  if (!get_string (&ctx, first, "type", TRUE, &type))
    return FALSE;
  if (strcmp (type, "AnnotationPage") != 0)
    return ctx_fail (&ctx, SHU_ERROR_INVALID, _("type must be \"AnnotationPage\", not \"%s\""),
                     type);
  AT ("first.items");
  if (!get_member (&ctx, first, "items", 'a', TRUE, &node)
      || !parse_annotation_list (self, node, scan, "first.items",
                                 FALSE, ids, error))
    return FALSE;

  AT ("total");
  {
    guint total;

    if (!get_uint (&ctx, object, "total", &total))
      return FALSE;
    if (total != self->parsed->len)
      return ctx_fail (&ctx, SHU_ERROR_INVALID, _("total is %u but there are %u annotations"),
                       total, self->parsed->len);
  }

  AT ("orphans");
  if (!get_member (&ctx, object, "orphans", 'a', FALSE, &node))
    return FALSE;
  if (node != NULL
      && !parse_annotation_list (self, node, scan, "orphans", TRUE,
                                 ids, error))
    return FALSE;

#undef AT
  return TRUE;
}

/* Takes @bytes: when the caller gave up its reference, they are freed as
 * soon as the tree (which copies every string) is built, so the file's
 * bytes and the parsed annotations are never in memory at once. */
static ShuSidecar *
parse_bytes (GBytes      *bytes,
             const char  *display_name,
             GError     **error)
{
  g_autoptr(ShuSidecar) self = NULL;
  g_autoptr(ShuJsonScan) scan = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(GBytes) owned = bytes;
  const char *data;
  gsize size;

  data = g_bytes_get_data (bytes, &size);
  if (size > SHU_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the file is %llu bytes; sidecars are limited to %llu bytes (256 MiB)"),
                   display_name, (unsigned long long) size,
                   (unsigned long long) SHU_SIDECAR_MAX_BYTES);
      return NULL;
    }

  scan = shu_json_scan (data != NULL ? data : "", size, SHU_SIDECAR_MAX_DEPTH,
                        display_name, error);
  if (scan == NULL)
    return NULL;

  /* Our own tree of what the scan accepted, not json-glib's: see
   * shu-json-tree.h for why (load time). The annotations are left out of
   * it and built one by one from the bytes, which are kept meanwhile: the
   * whole tree of a 60 MB sidecar took 99 MB more at the peak of a load. */
  tree = shu_json_tree_new_deferring (data, size,
                                      (const char * const[]) { "first.items", "orphans",
                                                               NULL });
  g_assert (tree != NULL);

  self = g_object_new (SHU_TYPE_SIDECAR, NULL);
  self->display_name = g_strdup (display_name);
  if (!shu_sidecar_parse_root (self, shu_json_tree_get_root (tree), scan, error))
    return NULL;

  return g_steal_pointer (&self);
}

ShuSidecar *
shu_sidecar_parse (GBytes      *bytes,
                   const char  *display_name,
                   GError     **error)
{
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return parse_bytes (g_bytes_ref (bytes), display_name, error);
}

ShuSidecar *
shu_sidecar_load (GFile         *file,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuFileStamp) stamp = NULL;
  g_autofree char *display_name = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *local_path = NULL;
  ShuSidecar *self;
  gsize size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  display_name = g_file_get_parse_name (file);

  /* Queried before reading, for the stamp: a change while reading then
   * shows as a change later, never the other way round. */
  info = g_file_query_info (file, SHU_FILE_STAMP_ATTRIBUTES ","
                            G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      int code = g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)
                 ? SHU_ERROR_NOT_FOUND : SHU_ERROR_IO;

      g_set_error (error, SHU_ERROR, code, "%s: %s", display_name, local_error->message);
      return NULL;
    }
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, _("%s: not a regular file"), display_name);
      return NULL;
    }
  /* Refuse before reading: a huge file should not fill the memory. */
  if ((guint64) g_file_info_get_size (info) > SHU_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the file is %lld bytes; sidecars are limited to %llu bytes (256 MiB)"),
                   display_name, (long long) g_file_info_get_size (info),
                   (unsigned long long) SHU_SIDECAR_MAX_BYTES);
      return NULL;
    }

  /* Saves that were killed half-way left their temporary files beside it. */
  {
    g_autofree char *path = g_file_get_path (file);
    g_autofree char *target = path != NULL ? realpath (path, NULL) : NULL;

    if (target != NULL)
      shu_safe_file_clean_temporaries (target, SHU_STALE_TEMPORARY_SECONDS);
  }

  /* A local file is read in one call into a buffer of its size, in huge
   * pages: g_file_load_contents() reads 8 KiB at a time into a buffer that
   * doubles, which for a 60 MB sidecar meant copies and up to twice its
   * memory, and filling it page by page cost 200 ms of page faults. */
  local_path = g_file_get_path (file);
  if (local_path != NULL ? !shu_big_read_file (local_path, &contents, &size, &local_error)
                         : !g_file_load_contents (file, cancellable, &contents, &size, NULL,
                                                  &local_error))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, "%s: %s", display_name, local_error->message);
      return NULL;
    }
  stamp = shu_file_stamp_new (info, contents, size);
  bytes = g_bytes_new_take (g_steal_pointer (&contents), size);

  self = parse_bytes (g_steal_pointer (&bytes), display_name, error);
  if (self != NULL)
    {
      self->file = g_object_ref (file);
      self->stamp = g_steal_pointer (&stamp);
    }
  return self;
}

/* ------------------------------------------------------------ GObject */

static void
shu_sidecar_finalize (GObject *object)
{
  ShuSidecar *self = SHU_SIDECAR (object);

  g_clear_object (&self->file);
  g_clear_pointer (&self->stamp, shu_file_stamp_free);
  g_clear_pointer (&self->display_name, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->modified, g_date_time_unref);
  g_clear_pointer (&self->source_name, g_free);
  g_clear_pointer (&self->source_sha256, g_free);
  g_clear_pointer (&self->language, g_free);
  g_clear_pointer (&self->text_direction, g_free);
  g_clear_object (&self->labels);
  g_clear_pointer (&self->parsed, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_sidecar_parent_class)->finalize (object);
}

static void
shu_sidecar_class_init (ShuSidecarClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = shu_sidecar_finalize;
}

static void
shu_sidecar_init (ShuSidecar *self)
{
  self->parsed = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_parsed_annotation_free);
}

GFile *
shu_sidecar_default_file (GFile *text_file)
{
  g_autofree char *basename = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GFile) parent = NULL;

  g_return_val_if_fail (G_IS_FILE (text_file), NULL);

  basename = g_file_get_basename (text_file);
  name = g_strconcat (basename, SHU_SIDECAR_SUFFIX, NULL);
  parent = g_file_get_parent (text_file);
  if (parent == NULL)
    return g_file_new_for_path (name);
  return g_file_get_child (parent, name);
}

GFile *
shu_sidecar_get_file (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), NULL);
  return self->file;
}

const char *
shu_sidecar_get_source_name (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), NULL);
  return self->source_name;
}

const char *
shu_sidecar_get_source_sha256 (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), NULL);
  return self->source_sha256;
}

guint
shu_sidecar_get_source_length (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), 0);
  return self->source_length;
}

ShuEncoding
shu_sidecar_get_source_encoding (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), SHU_ENCODING_AUTO);
  return self->source_encoding;
}

guint
shu_sidecar_get_n_annotations (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), 0);
  return self->parsed->len;
}

ShuLabelSet *
shu_sidecar_get_labels (ShuSidecar *self)
{
  g_return_val_if_fail (SHU_IS_SIDECAR (self), NULL);
  return self->labels;
}

/* Only a plain name in the sidecar's own folder: a sidecar from a colleague
 * must not make us read /etc/passwd or ../../secret. */
static gboolean
source_name_is_plain (const char  *name,
                      const char **why)
{
  if (*name == '\0')
    *why = "it is empty";
  else if (strchr (name, '/') != NULL || strchr (name, '\\') != NULL)
    *why = "it contains a folder separator";
  else if (strcmp (name, ".") == 0 || strcmp (name, "..") == 0 || strstr (name, "..") == name)
    *why = "it names a folder";
  else if (g_uri_peek_scheme (name) != NULL)
    *why = "it is a URI";
  else if (g_path_is_absolute (name))
    *why = "it is an absolute path";
  else
    return TRUE;
  return FALSE;
}

/* Whether @text, followed through its symbolic links, is still a file in
 * @folder or below it. A name alone cannot leave the folder (see
 * source_name_is_plain()), but a link beside the sidecar can point
 * anywhere, and git repositories and tar archives carry links: the app
 * would show, and the HTML export embed, a file the sidecar's author
 * chose. A text that does not exist stays in (opening it says so). */
static gboolean
stays_in_folder (GFile   *folder,
                 GFile   *text,
                 GError **error)
{
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autofree char *text_path = g_file_get_path (text);
  g_autofree char *real_folder = NULL;
  g_autofree char *real_text = NULL;
  g_autofree char *prefix = NULL;

  if (folder_path == NULL || text_path == NULL)
    return TRUE;
  real_text = realpath (text_path, NULL);
  if (real_text == NULL)
    return TRUE;
  real_folder = realpath (folder_path, NULL);
  if (real_folder == NULL)
    return shu_set_error_from_errno (error, errno);

  prefix = g_str_has_suffix (real_folder, G_DIR_SEPARATOR_S)
           ? g_strdup (real_folder) : g_strconcat (real_folder, G_DIR_SEPARATOR_S, NULL);
  if (g_str_has_prefix (real_text, prefix))
    return TRUE;

  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
               _("it is a link to “%s”, outside the sidecar's folder"), real_text);
  return FALSE;
}

/* A sidecar kept apart from its text. In the user's Shulayim folder, the
 * folder remembers where the text was when the sidecar was saved. Else
 * the text may have come with Shulayim (the essay's annotations in the
 * user's folder, or saved anywhere else): it is looked for among the
 * bundled texts, by its name. One found for a sidecar outside the user's
 * folder must be the very text (same SHA-256), so that a sidecar of some
 * other text of that name is never placed on it; in the user's folder, a
 * text changed since (a newer version of Shulayim, a new edition on the
 * disk) is the one, and anchoring says what moved. */
static ShuSource *
load_source_elsewhere (ShuSidecar   *self,
                       GCancellable *cancellable)
{
  g_autoptr(GFile) remembered = shu_places_dup_remembered_text (self->file);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(ShuSource) source = NULL;

  if (remembered != NULL)
    {
      g_autofree char *name = g_file_get_basename (remembered);

      if (g_strcmp0 (name, self->source_name) == 0
          && (source = shu_source_new_from_file (remembered, self->source_encoding,
                                                 cancellable, NULL)) != NULL)
        return g_steal_pointer (&source);
    }

  folder = shu_places_dup_bundled_folder ();
  text = g_file_get_child (folder, self->source_name);
  source = shu_source_new_from_file (text, self->source_encoding, cancellable, NULL);
  if (source == NULL)
    return NULL;
  if (!shu_places_is_in_user_folder (self->file)
      && strcmp (shu_source_get_sha256 (source), self->source_sha256) != 0)
    return NULL;
  return g_steal_pointer (&source);
}

ShuSource *
shu_sidecar_load_source (ShuSidecar    *self,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(GError) local_error = NULL;
  ShuSource *source;
  const char *why = NULL;

  g_return_val_if_fail (SHU_IS_SIDECAR (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!source_name_is_plain (self->source_name, &why))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("%s: the text's name \"%s\" is refused: %s (only a file name in the "
                   "sidecar's folder is allowed)"), self->display_name, self->source_name, why);
      return NULL;
    }
  if (self->file == NULL || (folder = g_file_get_parent (self->file)) == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND,
                   _("%s: the sidecar was not read from a folder, so its text \"%s\" "
                   "cannot be found"), self->display_name, self->source_name);
      return NULL;
    }

  text = g_file_get_child (folder, self->source_name);
  if (!stays_in_folder (folder, text, &local_error))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, _("%s: its text \"%s\" is refused: %s"),
                   self->display_name, self->source_name, local_error->message);
      return NULL;
    }
  source = shu_source_new_from_file (text, self->source_encoding, cancellable, &local_error);
  if (source == NULL && (g_error_matches (local_error, SHU_ERROR, SHU_ERROR_NOT_FOUND)
                         || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND)))
    source = load_source_elsewhere (self, cancellable);
  if (source == NULL)
    {
      int code = local_error->domain == SHU_ERROR ? local_error->code : SHU_ERROR_IO;

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        code = SHU_ERROR_NOT_FOUND;
      g_set_error (error, SHU_ERROR, code, _("%s: its text \"%s\" could not be read: %s"),
                   self->display_name, self->source_name, local_error->message);
      return NULL;
    }
  return source;
}

/* ------------------------------------------------------------ writing */

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
  const ShuRange *ranges = shu_annotation_get_ranges (annotation);
  guint n_ranges = shu_annotation_get_n_ranges (annotation);
  char created[SHU_DATE_SIZE], modified[SHU_DATE_SIZE];

  shu_format_date_into (shu_annotation_get_created (annotation), created);
  shu_format_date_into (shu_annotation_get_modified (annotation), modified);

  shu_json_writer_begin_object (w, NULL);
  if (own_context)
    shu_json_writer_string (w, "@context", ANNO_CONTEXT);
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
  shu_json_writer_string (w, "motivation", motivation_for (annotation, label != NULL));
  shu_json_writer_string (w, "created", created);
  shu_json_writer_string (w, "modified", modified);
  if (shu_annotation_get_creator (annotation) != NULL)
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

  if (label != NULL || comments->len > 0)
    {
      shu_json_writer_begin_array (w, "body");
      if (label != NULL)
        {
          shu_json_writer_begin_object (w, NULL);
          shu_json_writer_string (w, "type", "TextualBody");
          shu_json_writer_string (w, "purpose", "tagging");
          shu_json_writer_string (w, "value", shu_label_get_name (label));
          shu_json_writer_end_object (w);
        }
      for (guint i = 0; i < comments->len; i++)
        {
          ShuComment *comment = g_ptr_array_index (comments, i);

          shu_json_writer_begin_object (w, NULL);
          shu_json_writer_string (w, "type", "TextualBody");
          shu_json_writer_string (w, "purpose", "commenting");
          shu_json_writer_string (w, "value", shu_comment_get_text (comment));
          shu_json_writer_string (w, "format", "text/plain");
          if (shu_comment_get_language (comment) != NULL)
            shu_json_writer_string (w, "language", shu_comment_get_language (comment));
          shu_json_writer_end_object (w);
        }
      shu_json_writer_end_array (w);
    }

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
  GPtrArray   *orphans;         /* ShuAnnotation */
  GPtrArray   *orphan_quotes;   /* GStrv, 3 strings per range */
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
  g_clear_pointer (&snapshot->orphans, g_ptr_array_unref);
  g_clear_pointer (&snapshot->orphan_quotes, g_ptr_array_unref);
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
  return snapshot;
}

/* The lowest version that holds the file: a file without label conflicts
 * stays readable by Shulayim versions that know only version 1, while one
 * with them is refused there rather than rewritten without the marks. */
static guint
format_version_for (ShuLabelSet *labels)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (labels));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      if (shu_label_get_conflict_kind (label) != SHU_LABEL_CONFLICT_NONE)
        return SHU_SIDECAR_FORMAT_VERSION;
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
  shu_json_writer_uint (w, "formatVersion", format_version_for (labels));
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
      write_label_conflict (w, label);
      shu_json_writer_end_object (w);
    }
  shu_json_writer_end_array (w);

  shu_json_writer_uint (w, "total", annotations->len);
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
      g_autofree char *name = g_file_get_parse_name (file);

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
      g_autofree char *name = g_file_get_parse_name (sidecar);

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
