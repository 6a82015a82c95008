/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-corpus-report.h"
#include "shu-corpus-search.h"
#include "shu-test-corpus.h"
#include "shu-test-utils.h"

/* Annotation queries across a project (issue 23): by attribute and by
 * relation, alone, with the other conditions and with words of the text,
 * on the team corpus of shu-test-corpus.h. */

static char *dir;
static ShuProject *project;

static char *
search (const char *text,
        const char *label,
        const char *creator,
        const char *attribute,
        const char *relation)
{
  ShuCorpusQuery query = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  GString *out = g_string_new (NULL);

  query.text = text;
  query.label = label;
  query.creator = creator;
  query.attribute = attribute;
  query.relation = relation;
  query.flags = SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS;
  hits = shu_corpus_search (project, &query, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    {
      const ShuCorpusHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (out, "%s %u-%u %s\n", shu_project_document_get_name (hit->document),
                              hit->start, hit->end, hit->match);
    }
  return g_string_free (out, FALSE);
}

/* "זמן=עבר" finds yossi's שרה; the attribute's name alone the same; a
 * value it does not have, nothing. */
static void
test_attribute (void)
{
  g_autofree char *valued = search (NULL, NULL, NULL, "זמן=עבר", NULL);
  g_autofree char *named = search (NULL, NULL, NULL, "זמן", NULL);
  g_autofree char *other = search (NULL, NULL, NULL, "זמן=הווה", NULL);
  g_autofree char *by_dana = search (NULL, NULL, "dana", "זמן", NULL);

  g_assert_cmpstr (valued, ==, "t2.txt 6-9 שרה\n");
  g_assert_cmpstr (named, ==, valued);
  g_assert_cmpstr (other, ==, "");
  g_assert_cmpstr (by_dana, ==, "");
}

/* Any relation: both ends of dana's link; its type by name the same;
 * another type nothing; with a label, the end of that label; with words,
 * the place inside such an annotation. */
static void
test_relation (void)
{
  g_autofree char *any = search (NULL, NULL, NULL, NULL, SHU_CORPUS_ANY_RELATION);
  g_autofree char *typed = search (NULL, NULL, NULL, NULL, "סוכן");
  g_autofree char *other = search (NULL, NULL, NULL, NULL, "Part-of");
  g_autofree char *acts = search (NULL, "act", NULL, NULL, SHU_CORPUS_ANY_RELATION);
  g_autofree char *words = search ("כלב", NULL, NULL, NULL, SHU_CORPUS_ANY_RELATION);

  g_assert_cmpstr (any, ==, "t1.txt 0-4 הכלב\nt1.txt 5-8 נבח\n");
  g_assert_cmpstr (typed, ==, any);
  g_assert_cmpstr (other, ==, "");
  g_assert_cmpstr (acts, ==, "t1.txt 5-8 נבח\n");
  g_assert_cmpstr (words, ==, "t1.txt 1-4 כלב\n");
  g_assert_false (shu_corpus_query_is_empty (&(ShuCorpusQuery) { .relation = "*" }));
  g_assert_false (shu_corpus_query_is_empty (&(ShuCorpusQuery) { .attribute = "זמן" }));
}

/* The coded text of one label: only its passages, with the table's
 * header; of every label, all of them. */
static void
test_coded_csv (void)
{
  g_autoptr(ShuCorpusReport) report = shu_corpus_report_new (project, NULL, NULL);
  int act = shu_corpus_report_index_of_label (report, "act");
  g_autoptr(GBytes) one = NULL;
  g_autoptr(GBytes) all = NULL;
  g_autoptr(GBytes) table = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (act, ==, 1);
  one = shu_corpus_report_coded_to_csv (report, act, SHU_CSV_NONE);
  text = g_strndup (g_bytes_get_data (one, NULL), g_bytes_get_size (one));
  g_assert_cmpstr (text, ==,
                   "label,document,start,end,text,creator,comment\r\n"
                   "פעולה,t1.txt,5,8,נבח,dana,קול חזק\r\n"
                   "פעולה,t1.txt,16,19,ישן,yossi,\r\n"
                   "פעולה,t2.txt,6,9,שרה,yossi,\r\n");
  all = shu_corpus_report_coded_to_csv (report, -1, SHU_CSV_NONE);
  table = shu_corpus_report_to_csv (report, SHU_CORPUS_TABLE_CODED, SHU_CSV_NONE);
  g_assert_true (g_bytes_equal (all, table));
  g_assert_cmpuint (g_bytes_get_size (all), >, g_bytes_get_size (one));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) folder = NULL;
  int status;

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  dir = g_dir_make_tmp ("shulayim-query-XXXXXX", &error);
  g_assert_no_error (error);
  shu_test_write_team_corpus (dir);
  folder = g_file_new_for_path (dir);
  project = shu_project_new (folder);
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);

  g_test_add_func ("/corpus-query/attribute", test_attribute);
  g_test_add_func ("/corpus-query/relation", test_relation);
  g_test_add_func ("/corpus-query/coded-csv", test_coded_csv);
  status = g_test_run ();
  g_clear_object (&project);
  shu_test_remove_tree (dir);
  g_free (dir);
  return status;
}
