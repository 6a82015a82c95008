/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-text.h"

static const char *
control_name (gunichar c)
{
  switch (c)
    {
    case 0x202A: return "LRE";
    case 0x202B: return "RLE";
    case 0x202C: return "PDF";
    case 0x202D: return "LRO";
    case 0x202E: return "RLO";
    case 0x2066: return "LRI";
    case 0x2067: return "RLI";
    case 0x2068: return "FSI";
    case 0x2069: return "PDI";
    default: return NULL;
    }
}

gboolean
shu_text_has_bidi_controls (const char *text)
{
  if (text == NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        return FALSE;
      if (control_name (c) != NULL)
        return TRUE;
    }
  return FALSE;
}

char *
shu_text_make_bidi_visible (const char *text)
{
  g_autofree char *valid = NULL;
  GString *out;

  if (text == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (text, -1);
  out = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *name = control_name (c);

      /* "⟨" and "⟩" are neutral: the marker reads the same in both
       * directions and does not reorder its surroundings. */
      if (name != NULL)
        g_string_append_printf (out, "\u27E8%s\u27E9", name);
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* C0, DEL and C1: what a terminal may obey and a name never holds. */
static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c < 0xA0);
}

/* Control characters written out: all of them in a @field (a name in a
 * table must stay on its line, and a doubled backslash keeps the escapes
 * unambiguous), all but line feed and tab in a whole message. */
static char *
escape_controls (const char *text,
                 gboolean    field)
{
  GString *out;
  const char *p;

  if (text == NULL)
    return g_strdup ("");

  out = g_string_sized_new (strlen (text));
  for (p = text; *p != '\0';)
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      if (is_control (c) && (field || (c != '\n' && c != '\t')))
        g_string_append_printf (out, c < 0x80 ? "\\x%02x" : "\\u%04x", c);
      else if (c == '\\' && field)
        g_string_append (out, "\\\\");
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
      p = g_utf8_next_char (p);
    }
  return g_string_free (out, FALSE);
}

char *
shu_text_escape_controls (const char *text)
{
  return escape_controls (text, FALSE);
}

char *
shu_text_escape_for_terminal (const char *text)
{
  g_autofree char *visible = shu_text_make_bidi_visible (text);

  return escape_controls (visible, TRUE);
}

char *
shu_text_dup_file_name (GFile *file)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL)
    return g_file_get_parse_name (file);
  return shu_text_escape_for_terminal (path);
}

gunichar
shu_text_find_control (const char *text)
{
  if (text == NULL)
    return 0;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_control (c))
        return c;
    }
  return 0;
}

char *
shu_text_replace_controls (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_string_append_unichar (out, is_control (c) ? 0xFFFD : c);
    }
  return g_string_free (out, FALSE);
}

static gboolean
all_of (const char *s,
        gsize       n,
        gboolean  (*is) (gchar c))
{
  for (gsize i = 0; i < n; i++)
    if (!is (s[i]))
      return FALSE;
  return TRUE;
}

static gboolean
is_alpha (gchar c)
{
  return g_ascii_isalpha (c);
}

static gboolean
is_digit (gchar c)
{
  return g_ascii_isdigit (c);
}

static gboolean
is_alnum (gchar c)
{
  return g_ascii_isalnum (c);
}

gboolean
shu_text_is_language_tag (const char *tag)
{
  static const char * const irregular[] = {
    "en-GB-oed", "i-ami", "i-bnn", "i-default", "i-enochian", "i-hak", "i-klingon", "i-lux",
    "i-mingo", "i-navajo", "i-pwn", "i-tao", "i-tay", "i-tsu", "sgn-BE-FR", "sgn-BE-NL",
    "sgn-CH-DE",
  };
  g_auto(GStrv) parts = NULL;
  guint n, i = 0, extlangs = 0;
  enum { LANGUAGE, EXTLANG, SCRIPT, REGION, VARIANT, EXTENSION, PRIVATE } at = LANGUAGE;

  if (tag == NULL || *tag == '\0')
    return FALSE;
  for (guint k = 0; k < G_N_ELEMENTS (irregular); k++)
    if (g_ascii_strcasecmp (tag, irregular[k]) == 0)
      return TRUE;

  parts = g_strsplit (tag, "-", -1);
  n = g_strv_length (parts);
  for (i = 0; i < n; i++)
    {
      const char *p = parts[i];
      gsize len = strlen (p);

      if (len == 0 || len > 8 || !all_of (p, len, is_alnum))
        return FALSE;
      if (at == PRIVATE)
        continue;
      if (len == 1)
        {
          /* A singleton: "x" starts private use (a tag may be only that),
           * any other starts an extension, which needs a subtag after. */
          if (g_ascii_tolower (p[0]) == 'x')
            {
              if (i + 1 == n)
                return FALSE;
              at = PRIVATE;
              continue;
            }
          if (i == 0 || i + 1 == n || strlen (parts[i + 1]) < 2)
            return FALSE;
          at = EXTENSION;
          continue;
        }
      if (at == EXTENSION)
        {
          if (len < 2)
            return FALSE;
          continue;
        }
      if (i == 0)
        {
          if (len == 4 || !all_of (p, len, is_alpha))
            return FALSE;
          at = len <= 3 ? EXTLANG : SCRIPT;
          continue;
        }
      if (at == EXTLANG && len == 3 && all_of (p, len, is_alpha) && extlangs < 3)
        {
          extlangs++;
          continue;
        }
      if (at <= SCRIPT && len == 4 && all_of (p, len, is_alpha))
        {
          at = REGION;
          continue;
        }
      if (at <= REGION && ((len == 2 && all_of (p, len, is_alpha))
                           || (len == 3 && all_of (p, len, is_digit))))
        {
          at = VARIANT;
          continue;
        }
      if ((len >= 5) || (len == 4 && g_ascii_isdigit (p[0])))
        {
          at = VARIANT;
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

gboolean
shu_text_cut_inside_cluster (const char *text,
                             const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (g_unichar_ismark (c) || c == 0x200D || (c >= 0x1F3FB && c <= 0x1F3FF))
    return TRUE;
  return p > text && g_utf8_get_char (g_utf8_prev_char (p)) == 0x200D;
}

char *
shu_text_dup_preview (const char *text,
                      guint       max_chars)
{
  const char *end;
  guint n = 0;

  if (text == NULL)
    return g_strdup ("");
  for (end = text; *end != '\0' && n < max_chars; end = g_utf8_next_char (end))
    n++;
  if (*end == '\0')
    return g_strdup (text);
  while (end > text && shu_text_cut_inside_cluster (text, end))
    end = g_utf8_prev_char (end);
  {
    GString *preview = g_string_new_len (text, end - text);

    g_string_append (preview, "…");
    return g_string_free (preview, FALSE);
  }
}
