/* SPDX-License-Identifier: GPL-3.0-or-later */
/* memmem(): in glibc, the BSDs and macOS, and POSIX since 2024. */
#define _GNU_SOURCE
#include "config.h"

#include <string.h>

#include "shu-search.h"

struct _ShuSearch
{
  GObject         parent_instance;

  /* Owned */
  ShuSource      *source;
  /* The text folded for @folded_flags, and where each code point's folding
   * starts in it (n + 1 entries, the last the folded length). With no flags
   * the source's own text and offset index serve, and these stay NULL. */
  char           *folded;
  guint32        *starts;
  ShuSearchFlags  folded_flags;
  gboolean        have_folding;
};

G_DEFINE_FINAL_TYPE (ShuSearch, shu_search, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SOURCE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

gboolean
shu_search_is_ignorable_mark (gunichar c)
{
  return (c >= 0x0591 && c <= 0x05BD)
      || c == 0x05BF || c == 0x05C1 || c == 0x05C2
      || c == 0x05C4 || c == 0x05C5 || c == 0x05C7
      || (c >= 0x064B && c <= 0x065F)
      || c == 0x0670;
}

/* Appends the folding of the one character @c, written as the @len bytes
 * at @p. Most of a Hebrew or Latin text is ASCII or caseless Hebrew and
 * Arabic, which are folded here without calling g_utf8_casefold(): a call
 * (and an allocation) per character would make folding a large text slow. */
static void
append_folded_char (GString        *out,
                    const char     *p,
                    gsize           len,
                    gunichar        c,
                    ShuSearchFlags  flags)
{
  if ((flags & SHU_SEARCH_IGNORE_MARKS) && shu_search_is_ignorable_mark (c))
    return;

  if (!(flags & SHU_SEARCH_CASE_INSENSITIVE) || (c >= 0x0590 && c <= 0x06FF))
    g_string_append_len (out, p, len);
  else if (c < 0x80)
    g_string_append_c (out, g_ascii_tolower ((char) c));
  else
    {
      g_autofree char *folded = g_utf8_casefold (p, len);

      g_string_append (out, folded);
    }
}

char *
shu_search_fold (const char     *text,
                 ShuSearchFlags  flags)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), NULL);

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; )
    {
      const char *next = g_utf8_next_char (p);

      append_folded_char (out, p, next - p, g_utf8_get_char (p), flags);
      p = next;
    }
  return g_string_free (out, FALSE);
}

ShuSearch *
shu_search_new (ShuSource *source)
{
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);

  return g_object_new (SHU_TYPE_SEARCH, "source", source, NULL);
}

ShuSource *
shu_search_get_source (ShuSearch *self)
{
  g_return_val_if_fail (SHU_IS_SEARCH (self), NULL);

  return self->source;
}

static void
clear_folding (ShuSearch *self)
{
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->starts, g_free);
  self->have_folding = FALSE;
}

/* One pass over the text: the folded string, and for every code point the
 * byte where its folding starts (equal to the next one's when it folds to
 * nothing, as an ignored mark does). */
static void
ensure_folding (ShuSearch      *self,
                ShuSearchFlags  flags)
{
  const char *text = shu_source_get_text (self->source);
  guint n = shu_source_get_length (self->source);
  GString *out;
  guint i = 0;

  if (flags == SHU_SEARCH_NONE)
    return;
  if (self->have_folding && self->folded_flags == flags)
    return;

  clear_folding (self);
  out = g_string_sized_new (shu_source_get_text_size (self->source) + 1);
  self->starts = g_new (guint32, (gsize) n + 1);
  for (const char *p = text; *p != '\0'; i++)
    {
      guchar lead = (guchar) *p;

      g_assert (i < n);
      self->starts[i] = out->len;
      /* ASCII and two-byte characters (Hebrew, Arabic, Latin-1) are most of
       * a text: decoded and, while the folding is no longer than the text
       * so far, written here; a corpus's first search folds 20 MB. */
      if (lead < 0x80 && out->len + 1 < out->allocated_len)
        {
          out->str[out->len++] = (flags & SHU_SEARCH_CASE_INSENSITIVE)
                                 ? g_ascii_tolower ((char) lead) : (char) lead;
          p++;
          continue;
        }
      if ((lead & 0xE0) == 0xC0 && out->len + 2 < out->allocated_len)
        {
          gunichar c = ((gunichar) (lead & 0x1F) << 6) | ((guchar) p[1] & 0x3F);

          if ((flags & SHU_SEARCH_IGNORE_MARKS) && shu_search_is_ignorable_mark (c))
            {
              p += 2;
              continue;
            }
          if (!(flags & SHU_SEARCH_CASE_INSENSITIVE) || (c >= 0x0590 && c <= 0x06FF))
            {
              out->str[out->len++] = p[0];
              out->str[out->len++] = p[1];
              p += 2;
              continue;
            }
        }
      {
        const char *next = g_utf8_next_char (p);

        append_folded_char (out, p, next - p, g_utf8_get_char (p), flags);
        p = next;
      }
    }
  out->str[out->len] = '\0';
  g_assert (i == n);
  self->starts[n] = out->len;
  /* Offsets into the folding are kept in 32 bits; the largest source
   * (SHU_SOURCE_MAX_BYTES) folds to well under 4 GB. */
  g_assert (out->len <= G_MAXUINT32);

  self->folded = g_string_free (out, FALSE);
  self->folded_flags = flags;
  self->have_folding = TRUE;
}

/* The code point whose folding holds byte @b of the folding: the last one
 * starting at or before it. Code points folded to nothing start where the
 * next one does, so the last such one is never empty. */
static guint
folded_byte_to_offset (ShuSearch      *self,
                       ShuSearchFlags  flags,
                       gsize           b)
{
  guint lo = 0, hi = shu_source_get_length (self->source);

  if (flags == SHU_SEARCH_NONE)
    return shu_source_byte_to_offset (self->source, b);

  /* Invariant: starts[lo] <= b < starts[hi]. */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->starts[mid] <= b)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

GArray *
shu_search_find_all (ShuSearch      *self,
                     const char     *query,
                     ShuSearchFlags  flags)
{
  g_autofree char *needle = NULL;
  GArray *matches;
  const char *haystack;
  gsize haystack_len;
  gsize needle_len;
  guint previous_end = 0;

  g_return_val_if_fail (SHU_IS_SEARCH (self), NULL);
  g_return_val_if_fail (query != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (query, -1, NULL), NULL);

  matches = g_array_new (FALSE, FALSE, sizeof (ShuSearchMatch));
  needle = shu_search_fold (query, flags);
  needle_len = strlen (needle);
  if (needle_len == 0)
    return matches;

  ensure_folding (self, flags);
  haystack = flags == SHU_SEARCH_NONE ? shu_source_get_text (self->source) : self->folded;

  /* memmem() with the length known, not strstr(): a strstr() that measures
   * the rest of the text on each call (as sanitizers' does) turns a common
   * letter's 200 000 matches in 5 MB into minutes. */
  haystack_len = flags == SHU_SEARCH_NONE ? shu_source_get_text_size (self->source)
                                          : self->starts[shu_source_get_length (self->source)];
  for (const char *hit = memmem (haystack, haystack_len, needle, needle_len);
       hit != NULL;
       hit = memmem (hit + needle_len, haystack + haystack_len - (hit + needle_len),
                     needle, needle_len))
    {
      gsize b = hit - haystack;
      guint first = folded_byte_to_offset (self, flags, b);
      guint last = folded_byte_to_offset (self, flags, b + needle_len - 1);
      ShuSearchMatch match;

      match.start = shu_source_boundary_floor (self->source, first);
      match.end = shu_source_boundary_ceil (self->source, last + 1);

      /* Folding can put two hits inside one cluster (or one character:
       * "s" twice in the "ss" of "ß"); the user sees one place. */
      if (matches->len > 0 && match.start < previous_end)
        continue;

      g_array_append_val (matches, match);
      previous_end = match.end;
    }

  return matches;
}

static void
shu_search_finalize (GObject *object)
{
  ShuSearch *self = SHU_SEARCH (object);

  clear_folding (self);
  g_clear_object (&self->source);

  G_OBJECT_CLASS (shu_search_parent_class)->finalize (object);
}

static void
shu_search_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  ShuSearch *self = SHU_SEARCH (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_object (value, self->source);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_search_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  ShuSearch *self = SHU_SEARCH (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_search_class_init (ShuSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_search_finalize;
  object_class->get_property = shu_search_get_property;
  object_class->set_property = shu_search_set_property;

  properties[PROP_SOURCE] =
    g_param_spec_object ("source", NULL, NULL,
                         SHU_TYPE_SOURCE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_search_init (ShuSearch *self)
{
}
