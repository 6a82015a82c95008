/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-reflow.h"

/* What a reader sees: the display text of a hard-wrapped text flows, with
 * no double space where a line ended, and every character is at its
 * source offset, so what is annotated on the page is what the file says. */

#define ZWSP "\u200B"

static char *
reflow (const char *text)
{
  gsize size;
  g_autoptr(GArray) breaks = NULL;
  char *shown = shu_reflow_text (text, strlen (text), SHU_REFLOW_JOIN_LINES, &size, &breaks);

  /* Joining alone puts no break in. */
  g_assert_null (breaks);
  if (shown == NULL)
    return g_strdup (text);
  g_assert_cmpuint (strlen (shown), ==, size);
  return shown;
}

/* The source and display texts have the same code points, one for one,
 * but for line breaks shown as a space or a zero-width space. */
static void
assert_same_offsets (const char *source,
                     const char *shown)
{
  const char *s = source, *d = shown;

  g_assert_cmpint (g_utf8_strlen (source, -1), ==, g_utf8_strlen (shown, -1));
  for (; *s != '\0'; s = g_utf8_next_char (s), d = g_utf8_next_char (d))
    {
      gunichar a = g_utf8_get_char (s), b = g_utf8_get_char (d);

      if (a != b)
        {
          g_assert_true (a == '\n' || a == '\r');
          g_assert_true (b == ' ' || b == SHU_REFLOW_ZERO_WIDTH_SPACE);
        }
    }
  g_assert_cmpint (*d, ==, '\0');
}

/* Visible double spaces after a word (not an indent): a zero-width space
 * shows nothing. */
static guint
count_double_spaces (const char *text)
{
  guint n = 0;
  gunichar previous = 0;
  gboolean in_words = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == SHU_REFLOW_ZERO_WIDTH_SPACE)
        continue;
      if (c == ' ' && previous == ' ' && in_words)
        n++;
      if (c == '\n')
        in_words = FALSE;
      else if (!g_unichar_isspace (c))
        in_words = TRUE;
      previous = c;
    }
  return n;
}

static char *
read_essay (void)
{
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (g_getenv ("SHU_ESSAY"), &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

/* The bundled essay: 166 lines wrapped at about 71 characters, each ending
 * in a space, no blank line. It reads as one paragraph. */
static void
test_essay_flows (void)
{
  g_autofree char *essay = read_essay ();
  g_autofree char *shown = reflow (essay);
  const char *newline;

  assert_same_offsets (essay, shown);
  g_assert_cmpuint (count_double_spaces (essay), ==, 0);
  g_assert_cmpuint (count_double_spaces (shown), ==, 0);
  /* It marks no paragraph: it is shown in paragraphs of at least
   * SHU_REFLOW_MAX_PARAGRAPH characters, ended at a sentence's end. */
  for (const char *from = shown; (newline = strchr (from, '\n')) != NULL; from = newline + 1)
    {
      const char *last = newline;

      if (newline[1] == '\0')
        break;
      g_assert_cmpint (g_utf8_strlen (from, newline - from), >=, SHU_REFLOW_MAX_PARAGRAPH);
      while (last > from && (last[-1] == ' ' || (guchar) last[-1] >= 0x80))
        {
          /* Back over spaces and a zero-width space (three bytes). */
          if (last[-1] == ' ')
            last--;
          else if (last - from >= 3 && g_str_has_prefix (last - 3, ZWSP))
            last -= 3;
          else
            break;
        }
      g_assert_nonnull (strchr (".?!", last[-1]));
    }
  /* Where a line ended "החזון " the next word follows after that space. */
  g_assert_nonnull (strstr (shown, "הסובייטי . " ZWSP));
}

/* Appends @words wrapped at @width columns, the first line after
 * @first_indent, as an editor's "wrap paragraph" does. Returns the length
 * of the last line. */
static guint
wrap_words (GString    *out,
            const char *words,
            guint       width,
            const char *first_indent)
{
  g_auto(GStrv) split = g_strsplit (words, " ", -1);
  gboolean line_start = TRUE;
  guint column;

  g_string_append (out, first_indent);
  column = strlen (first_indent);
  for (guint i = 0; split[i] != NULL; i++)
    {
      guint length = g_utf8_strlen (split[i], -1);

      if (!line_start && column + 1 + length > width)
        {
          g_string_append_c (out, '\n');
          column = 0;
          line_start = TRUE;
        }
      if (!line_start)
        {
          g_string_append_c (out, ' ');
          column++;
        }
      g_string_append (out, split[i]);
      column += length;
      line_start = FALSE;
    }
  g_string_append_c (out, '\n');
  return column;
}

/* Hebrew words to wrap: the essay's, without its line breaks. */
static char *
essay_words (guint n_words)
{
  g_autofree char *essay = read_essay ();
  g_auto(GStrv) words = g_strsplit_set (essay, " \n", -1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) kept = NULL;
  guint n = 0;

  for (guint i = 0; words[i] != NULL && n < n_words; i++)
    {
      if (words[i][0] != '\0')
        {
          g_strv_builder_add (builder, words[i]);
          n++;
        }
    }
  kept = g_strv_builder_end (builder);
  return g_strjoinv (" ", kept);
}

/* Paragraphs a text marks stay paragraphs: a blank line, a short last
 * line, an indented first line. */
static void
test_paragraphs_kept (void)
{
  g_autofree char *words = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_auto(GStrv) paragraphs = NULL;

  /* Enough words for a few lines, the last one short. */
  for (guint n = 60; words == NULL; n++)
    {
      g_autoptr(GString) probe = g_string_new (NULL);

      words = essay_words (n);
      if (wrap_words (probe, words, 70, "\t") > 40 || wrap_words (probe, words, 70, "") > 40)
        g_clear_pointer (&words, g_free);
    }

  wrap_words (text, words, 70, "");         /* ends in a short line */
  wrap_words (text, words, 70, "");         /* after a short line */
  g_string_append (text, "\n");             /* a blank line */
  wrap_words (text, words, 70, "    ");     /* an indented first line */
  wrap_words (text, words, 70, "\t");
  shown = reflow (text->str);
  assert_same_offsets (text->str, shown);
  g_assert_cmpuint (count_double_spaces (shown), ==, 0);

  paragraphs = g_strsplit (shown, "\n", -1);
  /* Four paragraphs, the blank line, and the empty end. */
  g_assert_cmpuint (g_strv_length (paragraphs), ==, 6);
  g_assert_cmpstr (paragraphs[2], ==, "");
  g_assert_cmpstr (paragraphs[5], ==, "");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (paragraphs[i]));

      if (i != 2)
        g_assert_cmpstr (trimmed, ==, words);
    }
}

/* Lines that are not wrapped prose are shown as written: verse, a list,
 * a text with a paragraph on each line, and Windows line breaks are
 * joined like the others. */
static void
test_not_wrapped_kept (void)
{
  static const char *const kept[] = {
    "בְּרֵאשִׁית בָּרָא אֱלֹהִים\nאֵת הַשָּׁמַיִם וְאֵת הָאָרֶץ׃ וְהָאָרֶץ הָיְתָה תֹהוּ וָבֹהוּ\n"
    "וְחֹשֶׁךְ עַל־פְּנֵי תְהוֹם\nוְרוּחַ אֱלֹהִים מְרַחֶפֶת עַל־פְּנֵי הַמָּיִם׃\n",
    "one\ntwo\nthree\n",
    "",
    "\n\n\n",
  };
  g_autofree char *words = essay_words (40);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GString) crlf = g_string_new (NULL);
  g_autofree char *shown = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (kept); i++)
    {
      g_autofree char *same = reflow (kept[i]);

      g_assert_cmpstr (same, ==, kept[i]);
    }

  /* Long lines, one paragraph each. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *line = essay_words (40 / (i + 1));

      g_string_append_printf (lines, "%s\n", line);
    }
  shown = reflow (lines->str);
  g_assert_cmpstr (shown, ==, lines->str);
  g_clear_pointer (&shown, g_free);

  wrap_words (crlf, words, 60, "");
  g_string_replace (crlf, "\n", "\r\n", 0);
  shown = reflow (crlf->str);
  assert_same_offsets (crlf->str, shown);
  g_assert_null (strstr (shown, "\n\r"));
  g_assert_cmpuint (count_double_spaces (shown), ==, 0);
  g_assert_true (g_str_has_suffix (shown, "\r\n"));
  g_assert_cmpint (strchr (shown, '\n') - shown, ==, strlen (shown) - 1);
}

/* Megabytes without a paragraph sign are still shown in paragraphs a text
 * view can lay out, ended at a sentence's end. */
static void
test_long_paragraphs_cut (void)
{
  g_autofree char *words = essay_words (100000);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *shown = NULL;
  g_auto(GStrv) paragraphs = NULL;

  for (guint i = 0; i < 20; i++)
    g_string_append_printf (text, "%s ", words);
  /* One hard-wrapped paragraph of about 240 000 characters. */
  {
    g_autoptr(GString) wrapped = g_string_new (NULL);

    wrap_words (wrapped, text->str, 72, "");
    g_string_assign (text, wrapped->str);
  }
  shown = reflow (text->str);
  assert_same_offsets (text->str, shown);
  paragraphs = g_strsplit (shown, "\n", -1);
  g_assert_cmpuint (g_strv_length (paragraphs), >, 10);
  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_autofree char *trimmed = g_strstrip (g_strdup (paragraphs[i]));
      glong length = g_utf8_strlen (paragraphs[i], -1);

      g_assert_cmpint (length, <=, 8 * SHU_REFLOW_MAX_PARAGRAPH + 100);
      if (paragraphs[i + 1] != NULL && paragraphs[i + 1][0] != '\0')
        {
          /* At a sentence's end, or where none came in time. */
          g_assert_cmpint (length, >=, SHU_REFLOW_MAX_PARAGRAPH);
          g_assert_true (strchr (".?!", trimmed[strlen (trimmed) - 1]) != NULL
                         || length >= 8 * SHU_REFLOW_MAX_PARAGRAPH);
        }
    }
}

/* A line too long to lay out (another tool's output, a corpus with no line
 * breaks) is shown in pieces of at most SHU_REFLOW_MAX_LINE characters,
 * after a space where it has one, and never before a Hebrew point; the
 * map gives every character of the file back at its own offset, with or
 * without joined lines. */
static void
test_long_lines_split (void)
{
  g_autoptr(GString) text = g_string_new ("שלום\n");
  guint32 seed = 27;

  /* 100 000 letters in no order and no space, some pointed. */
  for (guint i = 0; i < 100000; i++)
    {
      seed = seed * 1103515245 + 12345;
      g_string_append_unichar (text, 0x05D0 + (seed >> 16) % 27);
      if (i % 7 == 0)
        g_string_append_unichar (text, 0x05B8);
    }
  g_string_append_c (text, '\n');
  /* 5 000 words on one line, then a hard-wrapped paragraph. */
  for (guint i = 0; i < 5000; i++)
    g_string_append (text, i % 2 ? "מילה " : "word ");
  g_string_append (text, "\r\n\r\n");
  for (guint i = 0; i < 6; i++)
    g_string_append (text, "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do\n");
  g_string_append (text, "eiusmod tempor.");

  for (guint join = 0; join < 2; join++)
    {
      ShuReflowFlags flags = SHU_REFLOW_SPLIT_LONG_LINES | (join ? SHU_REFLOW_JOIN_LINES : 0);
      g_autoptr(GArray) breaks = NULL;
      g_autofree char *shown = NULL;
      g_autofree gunichar *source = g_utf8_to_ucs4_fast (text->str, -1, NULL);
      g_autofree gunichar *display = NULL;
      glong n_source, n_display;
      guint piece = 0, inserted = 0;
      gsize size;

      shown = shu_reflow_text (text->str, text->len, flags, &size, &breaks);
      g_assert_nonnull (shown);
      g_assert_nonnull (breaks);
      g_assert_cmpuint (strlen (shown), ==, size);
      display = g_utf8_to_ucs4_fast (shown, -1, &n_display);
      n_source = g_utf8_strlen (text->str, -1);
      g_assert_cmpint (n_display, ==, n_source + breaks->len);
      /* 100 000 letters and 700 points, 25 000 characters of words. */
      g_assert_cmpuint (breaks->len, >=, 100700 / SHU_REFLOW_MAX_LINE + 25000 / SHU_REFLOW_MAX_LINE);

      for (glong d = 0; d < n_display; d++)
        {
          guint s = shu_reflow_to_source (breaks, d);

          if (display[d] == '\n' || display[d] == '\r')
            piece = 0;
          else
            g_assert_cmpuint (++piece, <=, SHU_REFLOW_MAX_LINE);
          if (shu_reflow_to_display (breaks, s) != (guint) d)
            {
              /* A break put in, before the character at @s. */
              inserted++;
              g_assert_cmpuint (display[d], ==, '\n');
              g_assert_false (g_unichar_ismark (source[s]));
              if (source[s] < 0x0590)
                g_assert_cmpuint (source[s - 1], ==, ' ');
            }
          else if (display[d] != source[s])
            {
              g_assert_true (join && (source[s] == '\n' || source[s] == '\r'));
              g_assert_true (display[d] == ' ' || display[d] == SHU_REFLOW_ZERO_WIDTH_SPACE);
            }
        }
      g_assert_cmpuint (inserted, ==, breaks->len);
      for (glong s = 0; s < n_source; s++)
        {
          guint d = shu_reflow_to_display (breaks, s);

          g_assert_cmpuint (shu_reflow_to_source (breaks, d), ==, s);
          g_assert_true (display[d] == source[s] || source[s] == '\n' || source[s] == '\r');
        }
    }
}

/* Nothing to join or split: no copy. */
static void
test_short_lines_not_copied (void)
{
  const char *text = "one\ntwo\n";
  g_autoptr(GArray) breaks = NULL;
  gsize size = 0;

  g_assert_null (shu_reflow_text (text, strlen (text), SHU_REFLOW_SPLIT_LONG_LINES, &size,
                                  &breaks));
  g_assert_null (breaks);
  g_assert_cmpuint (size, ==, strlen (text));
  g_assert_cmpuint (shu_reflow_to_display (NULL, 3), ==, 3);
  g_assert_cmpuint (shu_reflow_to_source (NULL, 3), ==, 3);
}

/* A blank line after a paragraph is a gap the view sets smaller (a
 * second blank line, a larger break, is left); lines of spaces are blank
 * too. */
static void
test_blank_lines (void)
{
  const char *text = "first\n\nsecond\n \t\r\n\nthird\n";
  g_autoptr(GArray) lines = shu_reflow_blank_lines (text, strlen (text));

  g_assert_nonnull (lines);
  g_assert_cmpuint (lines->len, ==, 2);
  g_assert_cmpuint (g_array_index (lines, guint, 0), ==, 1);
  g_assert_cmpuint (g_array_index (lines, guint, 1), ==, 3);
  g_assert_null (shu_reflow_blank_lines ("one\ntwo\n", 8));
  g_assert_null (shu_reflow_blank_lines ("", 0));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/reflow/essay-flows", test_essay_flows);
  g_test_add_func ("/reflow/paragraphs-kept", test_paragraphs_kept);
  g_test_add_func ("/reflow/not-wrapped-kept", test_not_wrapped_kept);
  g_test_add_func ("/reflow/long-paragraphs-cut", test_long_paragraphs_cut);
  g_test_add_func ("/reflow/long-lines-split", test_long_lines_split);
  g_test_add_func ("/reflow/short-lines-not-copied", test_short_lines_not_copied);
  g_test_add_func ("/reflow/blank-lines", test_blank_lines);

  return g_test_run ();
}
