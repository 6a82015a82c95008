/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-text.h"

static void
test_bidi_visible (void)
{
  static const struct {
    const char *in;
    const char *out;
  } cases[] = {
    { "plain שלום", "plain שלום" },
    { "", "" },
    /* The Trojan Source trick: the override would show "evil" reversed. */
    { "ok \u202Elive\u202C done", "ok \u27E8RLO\u27E9live\u27E8PDF\u27E9 done" },
    { "\u202A\u202B\u202D", "\u27E8LRE\u27E9\u27E8RLE\u27E9\u27E8LRO\u27E9" },
    { "a\u2066b\u2067c\u2068d\u2069",
      "a\u27E8LRI\u27E9b\u27E8RLI\u27E9c\u27E8FSI\u27E9d\u27E8PDI\u27E9" },
    /* Marks place punctuation in Hebrew and stay. */
    { "שלום\u200F!", "שלום\u200F!" },
    { "x\u200Ey\u061C", "x\u200Ey\u061C" },
    /* Markup is not this function's business: kept as written. */
    { "<script>&amp;</b>", "<script>&amp;</b>" },
    { "bad \xff byte", "bad \uFFFD byte" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = shu_text_make_bidi_visible (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
  {
    g_autofree char *empty = shu_text_make_bidi_visible (NULL);

    g_assert_cmpstr (empty, ==, "");
  }
  g_assert_true (shu_text_has_bidi_controls ("a\u202Eb"));
  g_assert_true (shu_text_has_bidi_controls ("\u2069"));
  g_assert_false (shu_text_has_bidi_controls ("a\u200Fb"));
  g_assert_false (shu_text_has_bidi_controls (NULL));
}

/* What the CLI prints of other people's files never drives the terminal. */
static void
test_escape_controls (void)
{
  static const struct { const char *in, *out; } cases[] = {
    { "טענה", "טענה" },
    { "a\tb\nc", "a\tb\nc" },
    { "\x1b]0;owned\x07title", "\\x1b]0;owned\\x07title" },
    { "\x1b[2J\x1b[31mred", "\\x1b[2J\\x1b[31mred" },
    { "back\rover", "back\\x0dover" },
    { "del\x7f", "del\\x7f" },
    { "c1\xc2\x9b" "31m", "c1\\u009b31m" },
    { "bad\xff\xfe" "bytes", "bad\\xff\\xfe" "bytes" },
    { "\xd7", "\\xd7" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = shu_text_escape_controls (cases[i].in);

      g_assert_cmpstr (out, ==, cases[i].out);
      g_assert_true (g_utf8_validate (out, -1, NULL));
    }
  {
    g_autofree char *empty = shu_text_escape_controls (NULL);

    g_assert_cmpstr (empty, ==, "");
  }
}

/* BCP 47 well-formedness, from RFC 5646's examples and its syntax. */
static void
test_language_tags (void)
{
  static const char * const good[] = {
    "he", "ar", "und", "en", "he-IL", "zh-Hant", "zh-Hant-TW", "sr-Latn-RS", "es-419",
    "de-CH-1901", "sl-rozaj-biske", "hy-Latn-IT-arevela", "zh-cmn-Hans-CN", "en-US-x-twain",
    "x-whatever", "qaa-Qaaa-QM-x-southern", "de-Qaaa", "en-a-bbb-x-a-ccc", "i-klingon",
    "yi-Hebr", "jrb", "HE-il",
  };
  static const char * const bad[] = {
    "", "-", "he-", "-he", "h", "e_IL", "he IL", "123", "hebrew-is-long-123456789", "de-419-DE",
    "a-DE", "ar-a-value-a", "x", "en-x", "abcd", "he-Latn-Latn", "עב", "he\x1b",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    if (!shu_text_is_language_tag (good[i]))
      g_error ("“%s” should be well-formed", good[i]);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    if (shu_text_is_language_tag (bad[i]))
      g_error ("“%s” should not be well-formed", bad[i]);
  g_assert_false (shu_text_is_language_tag (NULL));
}

/* A preview keeps a short comment whole and cuts a long one between
 * clusters: a Hebrew letter keeps its point. */
static void
test_preview (void)
{
  g_autofree char *whole = shu_text_dup_preview ("הערה קצרה", 20);
  g_autofree char *cut = shu_text_dup_preview ("שָׁלוֹם עולם", 2);
  g_autofree char *empty = shu_text_dup_preview (NULL, 5);
  g_autoptr(GString) huge = g_string_new (NULL);
  g_autofree char *start = NULL;
  g_autofree char *kept = NULL;

  g_assert_cmpstr (whole, ==, "הערה קצרה");
  /* Two code points would part the shin from its points: the cut goes
   * before the letter. */
  g_assert_cmpstr (cut, ==, "…");
  g_assert_cmpstr (empty, ==, "");
  for (guint i = 0; i < 100000; i++)
    g_string_append (huge, "מילה ");
  start = shu_text_dup_preview (huge->str, 500);
  g_assert_cmpint (g_utf8_strlen (start, -1), ==, 501);
  kept = g_strndup (start, strlen (start) - strlen ("…"));
  g_assert_true (g_str_has_prefix (huge->str, kept));
  g_assert_true (g_str_has_suffix (start, "…"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/bidi-visible", test_bidi_visible);
  g_test_add_func ("/text/escape-controls", test_escape_controls);
  g_test_add_func ("/text/language-tags", test_language_tags);
  g_test_add_func ("/text/preview", test_preview);

  return g_test_run ();
}
