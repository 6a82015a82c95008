/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <pango/pango.h>
#include <string.h>

#include "shu-search.h"

static ShuSource *
source_new (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);

  g_assert_no_error (error);
  return source;
}

static GArray *
find (const char     *text,
      const char     *query,
      ShuSearchFlags  flags)
{
  g_autoptr(ShuSource) source = source_new (text);
  g_autoptr(ShuSearch) search = shu_search_new (source);

  return shu_search_find_all (search, query, flags);
}

static void
assert_matches (GArray      *matches,
                const guint *expected,
                guint        n_expected)
{
  g_assert_cmpuint (matches->len, ==, n_expected);
  for (guint i = 0; i < n_expected; i++)
    {
      ShuSearchMatch *m = &g_array_index (matches, ShuSearchMatch, i);

      g_assert_cmpuint (m->start, ==, expected[2 * i]);
      g_assert_cmpuint (m->end, ==, expected[2 * i + 1]);
    }
}

static void
test_pointed_word (void)
{
  /* שָׁלוֹם: shin, qamats, shin dot, lamed, vav, holam, final mem. */
  const char *text = "שָׁלוֹם עולם, שלום";
  g_autoptr(GArray) ignoring = find (text, "שלום", SHU_SEARCH_IGNORE_MARKS);
  g_autoptr(GArray) exact = find (text, "שלום", SHU_SEARCH_NONE);
  g_autoptr(GArray) pointed_query = find ("שלום", "שָׁלוֹם", SHU_SEARCH_IGNORE_MARKS);
  const guint both[] = { 0, 7, 14, 18 };
  const guint plain[] = { 14, 18 };
  const guint whole[] = { 0, 4 };

  assert_matches (ignoring, both, 2);
  assert_matches (exact, plain, 1);
  /* The query is folded the same way. */
  assert_matches (pointed_query, whole, 1);
}

static void
test_trailing_marks (void)
{
  /* הַמֶּלֶךְ.: the final kaf carries a sheva that the match must take. */
  const char *text = "הַמֶּלֶךְ.";
  g_autoptr(GArray) king = find (text, "מלך", SHU_SEARCH_IGNORE_MARKS);
  g_autoptr(GArray) kaf = find (text, "ך", SHU_SEARCH_NONE);
  g_autoptr(GArray) mem = find (text, "מ", SHU_SEARCH_IGNORE_MARKS);
  const guint king_range[] = { 2, 9 };
  const guint kaf_range[] = { 7, 9 };
  const guint mem_range[] = { 2, 5 };

  assert_matches (king, king_range, 1);
  /* Even an exact search never splits a letter from its points. */
  assert_matches (kaf, kaf_range, 1);
  assert_matches (mem, mem_range, 1);
}

static void
test_case_folding (void)
{
  g_autoptr(GArray) strasse = find ("Die Straße", "STRASSE", SHU_SEARCH_CASE_INSENSITIVE);
  g_autoptr(GArray) exact = find ("Die Straße", "STRASSE", SHU_SEARCH_NONE);
  g_autoptr(GArray) s = find ("Die Straße", "s", SHU_SEARCH_CASE_INSENSITIVE);
  g_autoptr(GArray) both = find ("Ḥesed ḤESED", "ḥesed",
                                 SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS);
  const guint strasse_range[] = { 4, 10 };
  /* "ß" folds to "ss": two hits in one letter are one match. */
  const guint s_ranges[] = { 4, 5, 8, 9 };
  const guint both_ranges[] = { 0, 5, 6, 11 };

  assert_matches (strasse, strasse_range, 1);
  g_assert_cmpuint (exact->len, ==, 0);
  assert_matches (s, s_ranges, 2);
  assert_matches (both, both_ranges, 2);
}

static void
test_arabic_harakat (void)
{
  /* كَتَبَ (kataba) with fatha on each letter. */
  g_autoptr(GArray) matches = find ("كَتَبَ كتب", "كتب", SHU_SEARCH_IGNORE_MARKS);
  const guint ranges[] = { 0, 6, 7, 10 };

  assert_matches (matches, ranges, 2);
  g_assert_true (shu_search_is_ignorable_mark (0x0670));
  g_assert_false (shu_search_is_ignorable_mark (0x0628));
}

static void
test_empty_and_marks_only (void)
{
  g_autoptr(GArray) empty = find ("שלום", "", SHU_SEARCH_NONE);
  g_autoptr(GArray) marks = find ("שָׁלוֹם", "ָׁ", SHU_SEARCH_IGNORE_MARKS);
  g_autoptr(GArray) marks_exact = find ("שָׁלוֹם", "ׁ", SHU_SEARCH_NONE);
  g_autoptr(GArray) nothing = find ("", "א", SHU_SEARCH_IGNORE_MARKS);
  const guint shin[] = { 0, 3 };

  g_assert_cmpuint (empty->len, ==, 0);
  g_assert_cmpuint (marks->len, ==, 0);
  /* A mark found on its own widens to its letter. */
  assert_matches (marks_exact, shin, 1);
  g_assert_cmpuint (nothing->len, ==, 0);
  /* Maqaf and sof pasuq are text, never skipped. */
  g_assert_false (shu_search_is_ignorable_mark (0x05BE));
  g_assert_false (shu_search_is_ignorable_mark (0x05C3));
  g_assert_true (shu_search_is_ignorable_mark (0x05C7));
}

static void
test_changing_flags (void)
{
  g_autoptr(ShuSource) source = source_new ("Shalom שָׁלוֹם SHALOM shalom");
  g_autoptr(ShuSearch) search = shu_search_new (source);
  ShuSearchFlags order[] = {
    SHU_SEARCH_NONE, SHU_SEARCH_CASE_INSENSITIVE, SHU_SEARCH_IGNORE_MARKS,
    SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS, SHU_SEARCH_NONE,
  };
  guint expected_latin[] = { 1, 3, 1, 3, 1 };
  guint expected_hebrew[] = { 0, 0, 1, 1, 0 };

  /* The folding kept for one set of flags must never answer for another. */
  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      g_autoptr(GArray) latin = shu_search_find_all (search, "shalom", order[i]);
      g_autoptr(GArray) hebrew = shu_search_find_all (search, "שלום", order[i]);

      g_assert_cmpuint (latin->len, ==, expected_latin[i]);
      g_assert_cmpuint (hebrew->len, ==, expected_hebrew[i]);
    }
}

/* The oracle: fold each character with g_utf8_casefold() and no shortcuts,
 * note which character owns every byte, compare the query at every byte,
 * and widen with boundaries computed by Pango here. */
static GArray *
oracle_find (const char     *text,
             const char     *query,
             ShuSearchFlags  flags)
{
  GArray *matches = g_array_new (FALSE, FALSE, sizeof (ShuSearchMatch));
  g_autoptr(GString) folded = g_string_new (NULL);
  g_autoptr(GString) needle = g_string_new (NULL);
  g_autoptr(GArray) owner = g_array_new (FALSE, FALSE, sizeof (guint));
  glong n = g_utf8_strlen (text, -1);
  g_autofree PangoLogAttr *attrs = g_new0 (PangoLogAttr, n + 1);
  const char *p;
  guint k = 0;
  gsize pos = 0;
  guint previous_end = 0;

  for (int pass = 0; pass < 2; pass++)
    {
      GString *out = pass == 0 ? folded : needle;

      for (p = pass == 0 ? text : query; *p != '\0'; p = g_utf8_next_char (p))
        {
          gunichar c = g_utf8_get_char (p);
          gsize len = g_utf8_next_char (p) - p;
          g_autofree char *f = NULL;

          if ((flags & SHU_SEARCH_IGNORE_MARKS)
              && ((c >= 0x0591 && c <= 0x05BD) || c == 0x05BF || c == 0x05C1
                  || c == 0x05C2 || c == 0x05C4 || c == 0x05C5 || c == 0x05C7
                  || (c >= 0x064B && c <= 0x065F) || c == 0x0670))
            f = g_strdup ("");
          else if (flags & SHU_SEARCH_CASE_INSENSITIVE)
            f = g_utf8_casefold (p, len);
          else
            f = g_strndup (p, len);

          g_string_append (out, f);
          if (pass == 0)
            {
              for (gsize j = 0; f[j] != '\0'; j++)
                g_array_append_val (owner, k);
              k++;
            }
        }
    }

  pango_get_log_attrs (text, -1, -1, pango_language_from_string ("he"), attrs, n + 1);

  while (needle->len > 0 && pos + needle->len <= folded->len)
    {
      ShuSearchMatch m;

      if (memcmp (folded->str + pos, needle->str, needle->len) != 0)
        {
          pos++;
          continue;
        }

      m.start = g_array_index (owner, guint, pos);
      m.end = g_array_index (owner, guint, pos + needle->len - 1) + 1;
      while (m.start > 0 && !attrs[m.start].is_cursor_position)
        m.start--;
      while (m.end < n && !attrs[m.end].is_cursor_position)
        m.end++;
      if (matches->len == 0 || m.start >= previous_end)
        {
          g_array_append_val (matches, m);
          previous_end = m.end;
        }
      pos += needle->len;
    }

  return matches;
}

static const char *const pieces[] = {
  "ש", "ל", "ו", "ם", "א", "ב", "ת", "ך",
  "\u05B8", "\u05C1", "\u05B9", "\u05B0", "\u05BC", "\u0591", "\u05C7", "\u05BD",
  "\u05BE", "\u05C3", " ", " ", ".", "\n", "\r\n",
  "a", "A", "s", "S", "ß", "ﬁ", "\u0130", "i", "Σ", "ς", "σ",
  "ك", "\u064E", "\u0670", "ت",
};

static char *
random_string (GRand *rand,
               guint  max_pieces)
{
  GString *out = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 0, max_pieces + 1);

  for (guint i = 0; i < n; i++)
    g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
  return g_string_free (out, FALSE);
}

static void
test_random_against_oracle (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint total_matches = 0;

  for (guint round = 0; round < 300; round++)
    {
      g_autofree char *text = random_string (rand, 120);
      g_autoptr(ShuSource) source = source_new (text);
      g_autoptr(ShuSearch) search = shu_search_new (source);

      for (guint q = 0; q < 12; q++)
        {
          ShuSearchFlags flags = g_rand_int_range (rand, 0, 4);
          g_autofree char *query = NULL;
          g_autoptr(GArray) got = NULL;
          g_autoptr(GArray) want = NULL;

          /* Half the queries are pieces of the text, so most of them match. */
          if (q % 2 == 0 && text[0] != '\0')
            {
              glong len = g_utf8_strlen (text, -1);
              glong a = g_rand_int_range (rand, 0, len);
              /* Drawn once: MIN() evaluates its arguments twice. */
              glong step = g_rand_int_range (rand, 1, 5);
              glong b = MIN (len, a + step);

              query = g_utf8_substring (text, a, b);
            }
          else
            query = random_string (rand, 3);

          got = shu_search_find_all (search, query, flags);
          want = oracle_find (text, query, flags);
          if (got->len != want->len)
            g_test_message ("text “%s” query “%s” flags %d", text, query, flags);
          g_assert_cmpuint (got->len, ==, want->len);
          for (guint i = 0; i < got->len; i++)
            {
              ShuSearchMatch *g = &g_array_index (got, ShuSearchMatch, i);
              ShuSearchMatch *w = &g_array_index (want, ShuSearchMatch, i);

              g_assert_cmpuint (g->start, ==, w->start);
              g_assert_cmpuint (g->end, ==, w->end);
            }
          total_matches += got->len;
        }
    }

  /* The comparison means little if nothing was ever found. */
  g_assert_cmpuint (total_matches, >, 1000);
}

static guint
count_plain (const char *text,
             const char *needle)
{
  guint count = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + strlen (needle), needle))
    count++;
  return count;
}

static void
test_large_text (void)
{
  const char *essay_path = g_getenv ("SHU_ESSAY");
  g_autofree char *essay = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuSearch) search = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint copies, in_essay;

  if (essay_path == NULL)
    {
      g_test_skip ("SHU_ESSAY is not set");
      return;
    }
  g_file_get_contents (essay_path, &essay, NULL, &error);
  g_assert_no_error (error);

  /* About 5 MB. */
  while (big->len < 5 * 1024 * 1024)
    g_string_append (big, essay);
  copies = big->len / strlen (essay);
  in_essay = count_plain (essay, "כישלון");
  g_assert_cmpuint (in_essay, >, 0);

  bytes = g_string_free_to_bytes (g_steal_pointer (&big));
  source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);
  g_assert_no_error (error);
  search = shu_search_new (source);

  timer = g_timer_new ();
  for (ShuSearchFlags flags = 0; flags < 4; flags++)
    {
      g_autoptr(GArray) matches = shu_search_find_all (search, "כישלון", flags);
      g_autoptr(GArray) again = shu_search_find_all (search, "כישלונו", flags);

      g_assert_cmpuint (matches->len, ==, in_essay * copies);
      g_assert_cmpuint (again->len, ==, count_plain (essay, "כישלונו") * copies);
    }
  g_test_message ("4 foldings and 8 searches of 5 MB: %.2f s", g_timer_elapsed (timer, NULL));
  /* Generous, so a loaded machine or a sanitizer build passes (0.5 s
   * alone here, 4 s with sanitizers under load); a search that rescans
   * the text per match takes minutes. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 30.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/search/pointed-word", test_pointed_word);
  g_test_add_func ("/search/trailing-marks", test_trailing_marks);
  g_test_add_func ("/search/case-folding", test_case_folding);
  g_test_add_func ("/search/arabic-harakat", test_arabic_harakat);
  g_test_add_func ("/search/empty-and-marks-only", test_empty_and_marks_only);
  g_test_add_func ("/search/changing-flags", test_changing_flags);
  g_test_add_func ("/search/random-against-oracle", test_random_against_oracle);
  g_test_add_func ("/search/large-text", test_large_text);

  return g_test_run ();
}
