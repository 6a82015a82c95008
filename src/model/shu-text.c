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
      if ((c < 0x20 && (field || (c != '\n' && c != '\t'))) || c == 0x7F)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c >= 0x80 && c < 0xA0)
        g_string_append_printf (out, "\\u%04x", c);
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

static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c < 0xA0);
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
