/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/bidi-visible", test_bidi_visible);
  g_test_add_func ("/text/escape-controls", test_escape_controls);

  return g_test_run ();
}
