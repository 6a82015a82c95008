/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <stdlib.h>
#include <string.h>

#include "shu-big-alloc.h"
#include "shu-error.h"
#include "shu-places.h"
#include "shu-safe-file.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"

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

/* Which object of an annotation a member is read from: a missing one is
 * named with the object that lacks it. */
typedef enum
{
  WITHIN_ANNOTATION,
  WITHIN_SELECTOR,
  WITHIN_BODY,
  WITHIN_CREATOR,
} Within;

/* A reading context: where messages point and what they are about. */
typedef struct
{
  const char       *display_name;
  const ShuJsonPos *pos;
  const char       *what;   /* "label 3: " or "" */
  guint             number; /* when not 0, messages start "annotation NUMBER: " */
  GError          **error;
  Within            within;
  const char       *selector_type;   /* WITHIN_SELECTOR, once known */
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
 * 'o' object, 'a' array, 'i' integer, 'b' true or false, '*' anything. Optional members that
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
      if (!required)
        return TRUE;
      switch (ctx->within)
        {
        case WITHIN_SELECTOR:
          if (ctx->selector_type != NULL)
            /* Translators: the first %s is a selector type such as
             * TextPositionSelector, the second a JSON member. */
            return ctx_fail (ctx, SHU_ERROR_INVALID, _("the %s lacks member \"%s\""),
                             ctx->selector_type, name);
          return ctx_fail (ctx, SHU_ERROR_INVALID, _("a selector lacks member \"%s\""), name);
        case WITHIN_BODY:
          return ctx_fail (ctx, SHU_ERROR_INVALID, _("a body lacks member \"%s\""), name);
        case WITHIN_CREATOR:
          return ctx_fail (ctx, SHU_ERROR_INVALID, _("the creator lacks member \"%s\""), name);
        case WITHIN_ANNOTATION:
        default:
          if (ctx->number != 0)
            return ctx_fail (ctx, SHU_ERROR_INVALID, _("the annotation lacks member \"%s\""),
                             name);
          return ctx_fail (ctx, SHU_ERROR_INVALID, _("missing member \"%s\""), name);
        }
    }

  switch (kind)
    {
    case 's': ok = is_string (node); break;
    case 'o': ok = (shu_json_node_get_type (node) == SHU_JSON_OBJECT); break;
    case 'a': ok = (shu_json_node_get_type (node) == SHU_JSON_ARRAY); break;
    case 'i': ok = is_integer (node); break;
    case 'b': ok = (shu_json_node_get_type (node) == SHU_JSON_BOOLEAN); break;
    default: ok = TRUE; break;
    }

  if (!ok)
    {
      const char *expected = kind == 's' ? _("a string") : kind == 'o' ? _("an object")
                             : kind == 'a' ? _("an array") : kind == 'b' ? _("true or false")
                             : _("a whole number");

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
  /* The reader already refused negatives; offsets must also fit a guint. */
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
shu_parsed_annotation_default_dates (ShuParsedAnnotation *pa)
{
  if (pa->created == NULL)
    pa->created = g_date_time_new_now_utc ();
  if (pa->modified == NULL)
    pa->modified = g_date_time_ref (pa->created);
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
  g_free (pa->foreign);
  g_clear_pointer (&pa->attributes, g_ptr_array_unref);
  g_clear_pointer (&pa->references, g_ptr_array_unref);
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
parse_body_item (Ctx                 *annotation_ctx,
                 ShuJsonNode            *node,
                 ShuParseFlags        flags,
                 ShuParsedAnnotation *pa)
{
  Ctx body_ctx = *annotation_ctx;
  Ctx *ctx = &body_ctx;
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
            if (!parse_body_item (annotation_ctx, shu_json_node_get_element (items, i), flags,
                                  pa))
              return FALSE;
          return TRUE;
        }
    }

  if (!(shu_json_node_get_type (node) == SHU_JSON_OBJECT))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("a body must be an object, not %s"),
                     node_type_name (node));
  body = node;
  body_ctx.within = WITHIN_BODY;

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
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("a body lacks member \"%s\""), "value");
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
    {
      const char *kind;

      if (!get_string (ctx, body, "shu:noteType", FALSE, &kind))
        return FALSE;
      g_ptr_array_add (pa->comments, shu_comment_new_typed (value, language, kind));
    }
  else if (strcmp (purpose, "classifying") == 0 && !(flags & SHU_PARSE_LENIENT))
    {
      const char *name;

      if (!get_string (ctx, body, "shu:attribute", FALSE, &name))
        return FALSE;
      if (*value == '\0' || (name != NULL && *name == '\0'))
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("an attribute's name and value must not "
                         "be empty"));
      if (pa->attributes == NULL)
        pa->attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_unref);
      /* Without a name, the value names a binary attribute. */
      g_ptr_array_add (pa->attributes, name != NULL ? shu_attribute_new (name, value)
                                                    : shu_attribute_new (value, NULL));
    }
  else if (strcmp (purpose, "identifying") == 0 && !(flags & SHU_PARSE_LENIENT))
    {
      const char *resource, *entry, *kind, *entry_name;

      if (!get_string (ctx, body, "shu:resource", TRUE, &resource)
          || !get_string (ctx, body, "shu:entry", TRUE, &entry)
          || !get_string (ctx, body, "shu:referenceType", FALSE, &kind)
          || !get_string (ctx, body, "shu:entryName", FALSE, &entry_name))
        return FALSE;
      if (pa->references == NULL)
        pa->references = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_reference_unref);
      g_ptr_array_add (pa->references, shu_reference_new (kind, resource, entry, entry_name));
    }
  else if (!(flags & SHU_PARSE_LENIENT))
    return ctx_fail (ctx, SHU_ERROR_INVALID, _("body purpose \"%s\" is not supported "
                     "(only \"tagging\", \"classifying\", \"identifying\" and "
                     "\"commenting\")"), purpose);
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
  gboolean top_level_text = FALSE;

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

  /* A text selector beside another selector refined by one (Shulayim's
   * own export keeps the other tool's FragmentSelector beside its pair)
   * is the one to read: the refined one says the same, nested. */
  for (guint i = 0; i < items->len && !top_level_text; i++)
    {
      ShuJsonNode *item = g_ptr_array_index (items, i);
      ShuJsonNode *type = shu_json_node_get_type (item) == SHU_JSON_OBJECT
                          ? shu_json_node_get_member (item, "type") : NULL;

      top_level_text = is_string (type)
                       && (strcmp (shu_json_node_get_string (type), "TextPositionSelector") == 0
                           || strcmp (shu_json_node_get_string (type), "TextQuoteSelector") == 0);
    }

  for (guint i = 0; i < items->len; i++)
    {
      ShuJsonNode *item = g_ptr_array_index (items, i);
      Ctx selector_ctx = *ctx;
      ShuJsonNode *selector;
      ShuJsonNode *refined;
      const char *type;

      if (!(shu_json_node_get_type (item) == SHU_JSON_OBJECT))
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("a selector must be an object, not %s"),
                         node_type_name (item));
      selector = item;
      selector_ctx.within = WITHIN_SELECTOR;
      if (!get_string (&selector_ctx, selector, "type", TRUE, &type))
        return FALSE;
      selector_ctx.selector_type = type;

      /* Other producers narrow a selector down (a fragment, then a text
       * quote within it): the text selectors are read wherever they are. */
      refined = shu_json_node_get_member (selector, "refinedBy");
      if (refined != NULL && (flags & SHU_PARSE_LENIENT) && !top_level_text)
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

          if (!get_uint (&selector_ctx, selector, "start", &range.start)
              || !get_uint (&selector_ctx, selector, "end", &range.end))
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
      Ctx quote_ctx = *ctx;
      const char *exact, *prefix, *suffix;

      quote_ctx.within = WITHIN_SELECTOR;
      quote_ctx.selector_type = "TextQuoteSelector";
      if (!get_string (&quote_ctx, quote, "exact", TRUE, &exact)
          || !get_string (&quote_ctx, quote, "prefix", FALSE, &prefix)
          || !get_string (&quote_ctx, quote, "suffix", FALSE, &suffix))
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

  /* Accepted from a suggestion (FORMAT.md, "shu:suggested"). */
  if (!get_member (&ctx, object, "shu:suggested", 'b', FALSE, &member))
    return NULL;
  pa->suggested = member != NULL && shu_json_node_get_boolean (member);

  /* What another tool wrote that Shulayim holds nowhere else, kept for
   * the export (FORMAT.md, "shu:foreign"): carried as it is. */
  if (!get_member (&ctx, object, "shu:foreign", 'o', FALSE, &member))
    return NULL;
  if (member != NULL && shu_json_node_get_length (member) > 0)
    {
      g_autoptr(ShuJsonWriter) w = shu_json_writer_new ();
      g_autoptr(GBytes) text = NULL;

      shu_json_write_node (w, NULL, member);
      text = shu_json_writer_finish (w);
      pa->foreign = g_strndup (g_bytes_get_data (text, NULL), g_bytes_get_size (text));
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
          Ctx creator_ctx = ctx;
          const char *name;

          creator_ctx.within = WITHIN_CREATOR;
          if (!get_string (&creator_ctx, member, "name", strict, &name))
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

  shu_parsed_annotation_default_dates (pa);

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

void
shu_parsed_rejection_free (ShuParsedRejection *rejection)
{
  g_free (rejection->label_id);
  g_free (rejection->exact);
  g_free (rejection);
}

/* "shu:rejected": suggestions turned down (FORMAT.md). One naming a label
 * the file lacks is left out: nothing would suggest it. */
static gboolean
parse_rejected (ShuSidecar  *self,
                ShuJsonNode *array,
                GError     **error)
{
  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonNode *node = shu_json_node_get_element (array, i);
      g_autofree char *what = g_strdup_printf (_("rejected suggestion %u: "), i + 1);
      ShuJsonPos pos;
      Ctx ctx = { self->display_name, &pos, what, 0, error };
      ShuParsedRejection *rejection;
      const char *label_id, *exact;
      guint start, end;

      shu_json_node_get_pos (node, &pos);
      if (shu_json_node_get_type (node) != SHU_JSON_OBJECT)
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("must be an object, not %s"),
                         node_type_name (node));
      if (!get_string (&ctx, node, "label", TRUE, &label_id)
          || !get_uint (&ctx, node, "start", &start)
          || !get_uint (&ctx, node, "end", &end)
          || !get_string (&ctx, node, "exact", TRUE, &exact))
        return FALSE;
      if (start >= end)
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("start %u is not before end %u"),
                         start, end);
      if (shu_label_set_lookup (self->labels, label_id) == NULL)
        continue;
      rejection = g_new0 (ShuParsedRejection, 1);
      rejection->label_id = g_strdup (label_id);
      rejection->start = start;
      rejection->end = end;
      rejection->exact = g_strdup (exact);
      g_ptr_array_add (self->rejected, rejection);
    }
  return TRUE;
}

/* "shu:status": how far each annotator is (FORMAT.md). A status word
 * this version does not know is left out, as a reader older than the
 * member leaves out the whole list: nothing is misread. */
static gboolean
parse_statuses (ShuSidecar  *self,
                ShuJsonNode *array,
                GError     **error)
{
  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonNode *node = shu_json_node_get_element (array, i);
      g_autofree char *what = g_strdup_printf (_("status %u: "), i + 1);
      ShuJsonPos pos;
      Ctx ctx = { self->display_name, &pos, what, 0, error };
      g_autoptr(GDateTime) modified = NULL;
      const char *annotator, *word;
      ShuAnnotatorStatus status;
      ShuStatusRecord *record;

      shu_json_node_get_pos (node, &pos);
      if (shu_json_node_get_type (node) != SHU_JSON_OBJECT)
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("must be an object, not %s"),
                         node_type_name (node));
      if (!get_string (&ctx, node, "annotator", TRUE, &annotator)
          || !get_string (&ctx, node, "status", TRUE, &word)
          || !get_date (&ctx, node, "modified", TRUE, &modified))
        return FALSE;
      if (!shu_annotator_status_from_string (word, &status))
        continue;
      record = g_new0 (ShuStatusRecord, 1);
      record->annotator = g_strdup (annotator);
      record->status = status;
      record->modified = g_steal_pointer (&modified);
      g_ptr_array_add (self->statuses, record);
    }
  return TRUE;
}

/* A list of non-empty strings, distinct when @distinct. */
static gboolean
get_strings (Ctx          *ctx,
             ShuJsonNode  *array,
             const char   *member,
             gboolean      distinct,
             GStrv        *out)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonNode *node = shu_json_node_get_element (array, i);
      const char *name;

      if (!is_string (node) || *shu_json_node_get_string (node) == '\0')
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("\"%s\" must be a list of names"), member);
      name = shu_json_node_get_string (node);
      if (distinct && !g_hash_table_add (seen, (char *) name))
        return ctx_fail (ctx, SHU_ERROR_INVALID, _("\"%s\" names \"%s\" twice"), member, name);
      g_strv_builder_add (names, name);
    }
  *out = g_strv_builder_end (names);
  return TRUE;
}

/* A list of distinct, non-empty strings: an attribute's values, a
 * label's relation types. */
static gboolean
get_name_list (Ctx          *ctx,
               ShuJsonNode  *array,
               const char   *member,
               GStrv        *out)
{
  return get_strings (ctx, array, member, TRUE, out);
}

/* A list of roles as "shu:relationRoles" and "shu:eventRoles" hold them
 * (format version 4): objects with a "role", maybe a "repeat" and
 * "labels" (ids). */
static GPtrArray *
get_role_decls (Ctx         *ctx,
                ShuJsonNode *array,
                const char  *member)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_role_decl_unref);

  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonNode *element = shu_json_node_get_element (array, i);
      g_auto(GStrv) label_ids = NULL;
      ShuJsonNode *labels_node;
      const char *role, *repeat;

      if (shu_json_node_get_type (element) != SHU_JSON_OBJECT)
        {
          ctx_fail (ctx, SHU_ERROR_INVALID, _("\"%s\" must be a list of objects"), member);
          return NULL;
        }
      if (!get_string (ctx, element, "role", TRUE, &role)
          || !get_string (ctx, element, "repeat", FALSE, &repeat)
          || !get_member (ctx, element, "labels", 'a', FALSE, &labels_node)
          || (labels_node != NULL && !get_name_list (ctx, labels_node, "labels", &label_ids)))
        return NULL;
      g_ptr_array_add (roles, shu_role_decl_new (role, repeat,
                                                 (const char * const *) label_ids));
    }
  return g_steal_pointer (&roles);
}

/* A label's "shu:relationRoles" and "shu:eventRoles" (format version 4). */
static ShuLabel *
label_with_roles (Ctx         *ctx,
                  ShuLabel    *label,
                  ShuJsonNode *object)
{
  g_autoptr(GPtrArray) decls = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_relation_decl_unref);
  g_autoptr(GPtrArray) event_roles = NULL;
  ShuJsonNode *node;

  if (!get_member (ctx, object, "shu:relationRoles", 'a', FALSE, &node))
    return NULL;
  for (guint i = 0; node != NULL && i < shu_json_node_get_length (node); i++)
    {
      ShuJsonNode *element = shu_json_node_get_element (node, i);
      g_autoptr(GPtrArray) roles = NULL;
      g_auto(GStrv) properties = NULL;
      ShuJsonNode *roles_node, *properties_node;
      const char *type;

      if (shu_json_node_get_type (element) != SHU_JSON_OBJECT)
        {
          ctx_fail (ctx, SHU_ERROR_INVALID, _("\"%s\" must be a list of objects"),
                    "shu:relationRoles");
          return NULL;
        }
      if (!get_string (ctx, element, "type", TRUE, &type)
          || !get_member (ctx, element, "roles", 'a', TRUE, &roles_node)
          || !get_member (ctx, element, "properties", 'a', FALSE, &properties_node)
          || (properties_node != NULL
              && !get_name_list (ctx, properties_node, "properties", &properties)))
        return NULL;
      roles = get_role_decls (ctx, roles_node, "roles");
      if (roles == NULL)
        return NULL;
      g_ptr_array_add (decls, shu_relation_decl_new (type, roles,
                                                     (const char * const *) properties));
    }
  if (!get_member (ctx, object, "shu:eventRoles", 'a', FALSE, &node))
    return NULL;
  if (node != NULL)
    {
      event_roles = get_role_decls (ctx, node, "shu:eventRoles");
      if (event_roles == NULL)
        return NULL;
    }
  return shu_label_with_roles (label, decls, event_roles);
}

/* What brat's configuration says of a label's type that nothing else
 * holds: "shu:bratGroup", "shu:bratLabels", "shu:bratFgColor" (older
 * readers pass them over). */
static ShuLabel *
label_with_brat (Ctx         *ctx,
                 ShuLabel    *label,
                 ShuJsonNode *object)
{
  g_auto(GStrv) group = NULL;
  g_auto(GStrv) names = NULL;
  ShuJsonNode *node;
  const char *fg_color;

  if (!get_member (ctx, object, "shu:bratGroup", 'a', FALSE, &node)
      /* brat's names may repeat one another. */
      || (node != NULL && !get_strings (ctx, node, "shu:bratGroup", FALSE, &group))
      || !get_member (ctx, object, "shu:bratLabels", 'a', FALSE, &node)
      || (node != NULL && !get_strings (ctx, node, "shu:bratLabels", FALSE, &names))
      || !get_string (ctx, object, "shu:bratFgColor", FALSE, &fg_color))
    return NULL;
  if (group == NULL && names == NULL && fg_color == NULL)
    return g_object_ref (label);
  return shu_label_with_brat (label, (const char * const *) group,
                              (const char * const *) names, fg_color);
}

/* A label's "shu:attributes" and "shu:relationTypes" (format version 3). */
static ShuLabel *
label_with_declarations (Ctx         *ctx,
                         ShuLabel    *label,
                         ShuJsonNode *object)
{
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_attribute_decl_unref);
  g_auto(GStrv) relation_types = NULL;
  g_autoptr(ShuLabel) with_roles = NULL;
  g_autoptr(ShuLabel) declared = NULL;
  ShuJsonNode *node;

  if (!get_member (ctx, object, "shu:attributes", 'a', FALSE, &node))
    return NULL;
  for (guint i = 0; node != NULL && i < shu_json_node_get_length (node); i++)
    {
      ShuJsonNode *element = shu_json_node_get_element (node, i);
      g_auto(GStrv) values = NULL;
      ShuJsonNode *values_node;
      const char *name;

      if (shu_json_node_get_type (element) != SHU_JSON_OBJECT)
        {
          ctx_fail (ctx, SHU_ERROR_INVALID, _("\"%s\" must be a list of objects"),
                    "shu:attributes");
          return NULL;
        }
      if (!get_string (ctx, element, "name", TRUE, &name)
          || !get_member (ctx, element, "values", 'a', FALSE, &values_node)
          || (values_node != NULL && !get_name_list (ctx, values_node, "values", &values)))
        return NULL;
      if (*name == '\0')
        {
          ctx_fail (ctx, SHU_ERROR_INVALID, _("an attribute's name is empty"));
          return NULL;
        }
      for (guint j = 0; j < attributes->len; j++)
        if (strcmp (shu_attribute_decl_get_name (g_ptr_array_index (attributes, j)), name) == 0)
          {
            ctx_fail (ctx, SHU_ERROR_INVALID, _("attribute \"%s\" is declared twice"), name);
            return NULL;
          }
      g_ptr_array_add (attributes,
                       shu_attribute_decl_new (name, (const char * const *) values));
    }
  if (!get_member (ctx, object, "shu:relationTypes", 'a', FALSE, &node)
      || (node != NULL && !get_name_list (ctx, node, "shu:relationTypes", &relation_types)))
    return NULL;
  with_roles = label_with_roles (ctx, label, object);
  if (with_roles == NULL)
    return NULL;
  declared = shu_label_with_declarations (with_roles, attributes,
                                          (const char * const *) relation_types);
  return label_with_brat (ctx, declared, object);
}

ShuLabel *
shu_read_label_declarations (ShuLabel          *label,
                             ShuJsonNode       *object,
                             const char        *display_name,
                             const ShuJsonPos  *pos,
                             const char        *what,
                             GError           **error)
{
  Ctx ctx = { display_name, pos, what, 0, error };

  return label_with_declarations (&ctx, label, object);
}

static gboolean
parse_labels (ShuSidecar  *self,
              ShuJsonNode *array,
              GError     **error)
{
  self->labels = shu_label_set_new ();

  for (guint i = 0; i < shu_json_node_get_length (array); i++)
    {
      ShuJsonNode *node = shu_json_node_get_element (array, i);
      g_autofree char *what = g_strdup_printf (_("label %u: "), i + 1);
      g_autofree char *color = NULL;
      g_autoptr(ShuLabel) label = NULL;
      ShuJsonPos pos;
      Ctx ctx = { self->display_name, &pos, what, 0, error };
      const char *id, *name, *color_text, *description, *shortcut;
      ShuJsonNode *object;
      ShuJsonNode *conflict;

      shu_json_node_get_pos (node, &pos);
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
      {
        g_autoptr(ShuLabel) declared = label_with_declarations (&ctx, label, object);

        if (declared == NULL)
          return FALSE;
        g_set_object (&label, declared);
      }
      if (!shu_label_set_append (self->labels, label))
        return ctx_fail (&ctx, SHU_ERROR_INVALID, _("the label could not be added"));
    }

  return TRUE;
}

/* ------------------------------------------------------- relations */

/* An item with motivation "linking": a relation, an event or an
 * equivalence set (docs/FORMAT.md). Its ends are checked once every item
 * is read. */
static ShuRelation *
parse_relation (ShuJsonNode      *object,
                const char       *display_name,
                const ShuJsonPos *pos,
                guint             number,
                GError          **error)
{
  g_autoptr(ShuParsedAnnotation) bodies = shu_parsed_annotation_new ();
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autoptr(GPtrArray) targets = g_ptr_array_new ();
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) modified = NULL;
  Ctx ctx = { display_name, pos, "", number, error };
  ShuRelationKind kind;
  ShuJsonNode *member;
  const char *id, *kind_name, *trigger, *creator = NULL;

  if (!get_string (&ctx, object, "id", TRUE, &id)
      || !get_string (&ctx, object, "shu:relation", TRUE, &kind_name)
      || !get_string (&ctx, object, "shu:trigger", FALSE, &trigger)
      || !get_date (&ctx, object, "created", TRUE, &created)
      || !get_date (&ctx, object, "modified", FALSE, &modified))
    return NULL;
  if (!shu_relation_kind_from_string (kind_name, &kind))
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID, _("\"shu:relation\" is \"%s\", not \"link\", "
                "\"event\" or \"equivalence\""), kind_name);
      return NULL;
    }
  if (!get_member (&ctx, object, "creator", 'o', FALSE, &member))
    return NULL;
  if (member != NULL && !get_string (&ctx, member, "name", TRUE, &creator))
    return NULL;

  if (!get_member (&ctx, object, "body", 'a', TRUE, &member))
    return NULL;
  for (guint i = 0; i < shu_json_node_get_length (member); i++)
    if (!parse_body_item (&ctx, shu_json_node_get_element (member, i), SHU_PARSE_STRICT,
                          bodies))
      return NULL;
  if (bodies->label_name == NULL)
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID, _("a relation needs its type as a tagging body"));
      return NULL;
    }
  if (bodies->references != NULL)
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID, _("a relation has no identifying body"));
      return NULL;
    }

  if (!get_member (&ctx, object, "target", 'a', TRUE, &member))
    return NULL;
  for (guint i = 0; i < shu_json_node_get_length (member); i++)
    {
      ShuJsonNode *target = shu_json_node_get_element (member, i);
      const char *source, *role;

      if (shu_json_node_get_type (target) != SHU_JSON_OBJECT)
        {
          ctx_fail (&ctx, SHU_ERROR_INVALID, _("a target must be an object, not %s"),
                    node_type_name (target));
          return NULL;
        }
      if (!get_string (&ctx, target, "source", TRUE, &source)
          || !get_string (&ctx, target, "shu:role", FALSE, &role))
        return NULL;
      /* The trigger is the first target, named again by "shu:trigger". */
      if (i == 0 && trigger != NULL)
        {
          if (strcmp (source, trigger) != 0)
            {
              ctx_fail (&ctx, SHU_ERROR_INVALID, _("an event's first target must be its "
                        "trigger \"%s\""), trigger);
              return NULL;
            }
          continue;
        }
      g_ptr_array_add (roles, (gpointer) role);
      g_ptr_array_add (targets, (gpointer) source);
    }
  if ((kind == SHU_RELATION_LINK && targets->len != 2)
      || (kind == SHU_RELATION_EQUIVALENCE && targets->len < 2)
      || (kind == SHU_RELATION_EVENT && trigger == NULL))
    {
      ctx_fail (&ctx, SHU_ERROR_INVALID,
                kind == SHU_RELATION_LINK ? _("a link has two targets")
                : kind == SHU_RELATION_EVENT ? _("an event needs \"shu:trigger\"")
                : _("an equivalence set has two targets or more"));
      return NULL;
    }

  {
    g_autoptr(ShuRelation) relation = NULL;
    const char *conflict;

    if (!get_string (&ctx, object, "shu:conflict", FALSE, &conflict))
      return NULL;
    relation = shu_relation_new (id, kind, bodies->label_name, trigger,
                                 (const char * const *) roles->pdata,
                                 (const char * const *) targets->pdata, targets->len,
                                 bodies->attributes, bodies->comments, creator, created,
                                 modified);
    if (conflict != NULL && *conflict != '\0')
      return shu_relation_with_conflict (relation, conflict);
    return g_steal_pointer (&relation);
  }
}

/* Every end of every relation is an annotation or a relation of the file. */
static gboolean
check_relation_ends (ShuSidecar  *self,
                     GHashTable  *ids,
                     GError     **error)
{
  for (guint i = 0; i < self->relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (self->relations, i);
      const char *trigger = shu_relation_get_trigger (relation);
      const char *missing = NULL;

      if (trigger != NULL && !g_hash_table_contains (ids, trigger))
        missing = trigger;
      for (guint a = 0; missing == NULL && a < shu_relation_get_n_arguments (relation); a++)
        if (!g_hash_table_contains (ids, shu_relation_get_target (relation, a)))
          missing = shu_relation_get_target (relation, a);
      if (missing != NULL)
        return shu_sidecar_fail_at (error, SHU_ERROR_INVALID, self->display_name, NULL,
                                    _("relation \"%s\" names \"%s\", which is no annotation "
                                      "of the file"), shu_relation_get_id (relation), missing);
    }
  return TRUE;
}

/* The annotations of one list ("first.items" or "orphans"), read while
 * the reader reads the file (see parse_bytes()): each annotation's tree is
 * dropped as soon as it is read. Everything that needs more than the
 * annotation itself (the format version, the label set, the other ids, the
 * sidecar's text, its number among all annotations) waits for
 * parse_annotation_list(), so that messages come in the order they always
 * did, whatever the order of the members in the file. */
typedef struct
{
  GPtrArray *parsed;    /* ShuParsedAnnotation, in file order */
  GPtrArray *sources;   /* beside each, its target's source */
  GArray    *kept;      /* guint: where in the list each one left in the
                         * tree stands (relations, and the one that failed) */
  guint      seen;      /* items of the list read so far */
  gboolean   failed;    /* one could not be read: kept in the tree */
} StreamedList;

typedef struct
{
  const char   *display_name;
  StreamedList  lists[2];
  GStringChunk *sources;   /* the few distinct target sources */
} Streamed;

static const char * const streamed_paths[] = { "first.items", "orphans", NULL };

/* An item with motivation "linking" (a relation, docs/FORMAT.md). */
static gboolean
is_linking (ShuJsonNode *element)
{
  ShuJsonNode *motivation;

  if (shu_json_node_get_type (element) != SHU_JSON_OBJECT)
    return FALSE;
  motivation = shu_json_node_get_member (element, "motivation");
  return is_string (motivation) && strcmp (shu_json_node_get_string (motivation), "linking") == 0;
}

static gboolean
read_streamed_cb (ShuJsonNode *element,
                  guint        path_index,
                  gpointer     user_data)
{
  Streamed *streamed = user_data;
  StreamedList *list = &streamed->lists[path_index];
  ShuParsedAnnotation *pa;
  ShuJsonNode *target;
  ShuJsonPos pos;
  guint index = list->seen++;

  /* Reading stops at the one that failed: those after it are never seen. */
  if (list->failed)
    return TRUE;

  /* Relations are few: they stay in the tree and are read in their turn,
   * once the annotations they name are known. */
  if (is_linking (element))
    {
      g_array_append_val (list->kept, index);
      return FALSE;
    }

  shu_json_node_get_pos (element, &pos);
  pa = shu_parse_annotation (element, SHU_PARSE_STRICT, streamed->display_name, &pos,
                             list->parsed->len + 1, NULL);
  if (pa == NULL)
    {
      /* Read again in its turn, for its message with its number. */
      list->failed = TRUE;
      g_array_append_val (list->kept, index);
      return FALSE;
    }
  target = shu_json_node_get_member (element, "target");
  g_ptr_array_add (list->sources,
                   g_string_chunk_insert_const (streamed->sources,
                                                shu_json_node_get_string (
                                                  shu_json_node_get_member (target, "source"))));
  g_ptr_array_add (list->parsed, pa);
  return TRUE;
}

static void
streamed_clear (Streamed *streamed)
{
  for (guint i = 0; i < G_N_ELEMENTS (streamed->lists); i++)
    {
      g_clear_pointer (&streamed->lists[i].parsed, g_ptr_array_unref);
      g_clear_pointer (&streamed->lists[i].sources, g_ptr_array_unref);
      g_clear_pointer (&streamed->lists[i].kept, g_array_unref);
    }
  g_clear_pointer (&streamed->sources, g_string_chunk_free);
}

/* A relation of the list, in its turn. */
static gboolean
add_relation (ShuSidecar  *self,
              ShuJsonNode *element,
              GHashTable  *ids,
              GError     **error)
{
  guint number = self->parsed->len + self->relations->len + 1;
  ShuRelation *relation;
  ShuJsonPos pos;

  shu_json_node_get_pos (element, &pos);
  relation = parse_relation (element, self->display_name, &pos, number, error);
  if (relation == NULL)
    return FALSE;
  g_ptr_array_add (self->relations, relation);
  if (!g_hash_table_add (ids, (gpointer) shu_relation_get_id (relation)))
    return shu_sidecar_fail_at (error, SHU_ERROR_INVALID, self->display_name, &pos,
                                _("annotation %u: id \"%s\" is used by another annotation"),
                                number, shu_relation_get_id (relation));
  return TRUE;
}

/* The items of @list and those left in @array (relations, the one that
 * could not be read, or all of a list that was not streamed), in the
 * order of the file. */
static gboolean
parse_annotation_list (ShuSidecar   *self,
                       ShuJsonNode  *array,
                       StreamedList *list,
                       gboolean      orphans,
                       GHashTable   *ids,
                       GError      **error)
{
  guint n_streamed = list != NULL ? list->parsed->len : 0;
  guint n_kept = shu_json_node_get_length (array);
  guint next_streamed = 0, next_kept = 0;

  for (guint i = 0; i < n_streamed + n_kept; i++)
    {
      ShuJsonPos pos;
      ShuParsedAnnotation *pa;
      const char *source;
      guint number = self->parsed->len + self->relations->len + 1;
      gboolean from_tree;

      /* Without a stream, every item is in the tree. */
      if (list == NULL || next_kept >= list->kept->len)
        from_tree = next_streamed >= n_streamed;
      else
        from_tree = g_array_index (list->kept, guint, next_kept) == i;

      if (!from_tree)
        {
          pa = g_steal_pointer (&list->parsed->pdata[next_streamed]);
          pa->number = number;
          pos = pa->pos;
          source = g_ptr_array_index (list->sources, next_streamed);
          next_streamed++;
        }
      else
        {
          ShuJsonNode *element = shu_json_node_get_element (array, next_kept++);
          ShuJsonNode *target;

          if (!orphans && is_linking (element))
            {
              if (!add_relation (self, element, ids, error))
                return FALSE;
              continue;
            }
          shu_json_node_get_pos (element, &pos);
          pa = shu_parse_annotation (element, SHU_PARSE_STRICT,
                                     self->display_name, &pos, number, error);
          if (pa == NULL)
            return FALSE;
          target = shu_json_node_get_member (element, "target");
          source = shu_json_node_get_string (shu_json_node_get_member (target, "source"));
        }
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
      if (strcmp (source, self->source_name) != 0)
        return shu_sidecar_fail_at (error, SHU_ERROR_INVALID, self->display_name, &pos,
                                    _("annotation %u: its target \"%s\" is not the "
                                    "sidecar's text \"%s\""),
                                    number, source, self->source_name);
    }
  return TRUE;
}

/* Where the value at @path (keys from @root joined with '.') starts. */
static gboolean
member_pos (ShuJsonNode *root,
            const char  *path,
            ShuJsonPos  *pos)
{
  ShuJsonNode *node = shu_json_node_find (root, path);

  if (node == NULL)
    return FALSE;
  shu_json_node_get_pos (node, pos);
  return TRUE;
}

static gboolean
shu_sidecar_parse_root (ShuSidecar  *self,
                        ShuJsonNode *root,
                        Streamed    *streamed,
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

  /* Messages point at the member's value, or at the start of the file
   * when it is missing. */
#define AT(path) (ctx.pos = member_pos (root, path, &pos) ? &pos : &start)

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
      || !parse_labels (self, node, error))
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
      || !parse_annotation_list (self, node, &streamed->lists[0], FALSE, ids, error))
    return FALSE;

  AT ("total");
  {
    guint total;

    if (!get_uint (&ctx, object, "total", &total))
      return FALSE;
    if (total != self->parsed->len + self->relations->len)
      return ctx_fail (&ctx, SHU_ERROR_INVALID, _("total is %u but there are %u annotations"),
                       total, self->parsed->len + self->relations->len);
  }

  AT ("orphans");
  if (!get_member (&ctx, object, "orphans", 'a', FALSE, &node))
    return FALSE;
  if (node != NULL
      && !parse_annotation_list (self, node, &streamed->lists[1], TRUE, ids, error))
    return FALSE;
  if (!check_relation_ends (self, ids, error))
    return FALSE;

  AT ("shu:status");
  if (!get_member (&ctx, object, "shu:status", 'a', FALSE, &node))
    return FALSE;
  if (node != NULL && !parse_statuses (self, node, error))
    return FALSE;

  AT ("shu:rejected");
  if (!get_member (&ctx, object, "shu:rejected", 'a', FALSE, &node))
    return FALSE;
  if (node != NULL && !parse_rejected (self, node, error))
    return FALSE;

#undef AT
  return TRUE;
}

/* Takes @bytes: when the caller gave up its reference, they are freed as
 * soon as they are read (the tree copies every string and knows its
 * positions), so the file's bytes and the parsed annotations are in memory
 * together only while reading. */
static ShuSidecar *
parse_bytes (GBytes      *bytes,
             const char  *display_name,
             GError     **error)
{
  g_autoptr(ShuSidecar) self = NULL;
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(GBytes) owned = bytes;
  Streamed streamed = { display_name };
  const char *data;
  gsize size;
  gboolean ok;

  data = g_bytes_get_data (bytes, &size);
  if (size > SHU_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the file is %llu bytes; sidecars are limited to %llu bytes (256 MiB)"),
                   display_name, (unsigned long long) size,
                   (unsigned long long) SHU_SIDECAR_MAX_BYTES);
      return NULL;
    }

  /* One pass checks the bytes and builds the tree, in which the
   * annotations are not kept: each is read into the same memory, handed
   * to read_streamed_cb() and dropped. The whole tree of a 60 MB sidecar
   * took 99 MB more at the peak of a load. */
  for (guint i = 0; i < G_N_ELEMENTS (streamed.lists); i++)
    {
      streamed.lists[i].parsed = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                 shu_parsed_annotation_free);
      streamed.lists[i].sources = g_ptr_array_new ();
      streamed.lists[i].kept = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  streamed.sources = g_string_chunk_new (256);
  tree = shu_json_tree_read_full (data, size, SHU_SIDECAR_MAX_DEPTH, SHU_JSON_READ_DEFAULT,
                                  streamed_paths, read_streamed_cb, &streamed,
                                  display_name, error);
  g_clear_pointer (&owned, g_bytes_unref);
  if (tree == NULL)
    {
      streamed_clear (&streamed);
      return NULL;
    }

  self = g_object_new (SHU_TYPE_SIDECAR, NULL);
  self->display_name = g_strdup (display_name);
  ok = shu_sidecar_parse_root (self, shu_json_tree_get_root (tree), &streamed, error);
  streamed_clear (&streamed);
  if (!ok)
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

  display_name = shu_text_dup_file_name (file);

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
  g_clear_pointer (&self->relations, g_ptr_array_unref);
  g_clear_pointer (&self->rejected, g_ptr_array_unref);
  g_clear_pointer (&self->statuses, g_ptr_array_unref);

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
  self->relations = g_ptr_array_new_with_free_func (g_object_unref);
  self->rejected = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_parsed_rejection_free);
  self->statuses = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_status_record_free);
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
  g_autofree char *real_folder = NULL;
  g_autofree char *outside = NULL;

  if (folder_path == NULL)
    return TRUE;
  real_folder = shu_places_dup_real_folder (folder);
  if (real_folder == NULL)
    return shu_set_error_from_errno (error, errno);
  outside = shu_places_dup_outside (real_folder, text);
  if (outside == NULL)
    return TRUE;

  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
               _("it is a link to “%s”, outside the sidecar's folder"), outside);
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
