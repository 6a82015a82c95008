/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-brat.h"
#include "shu-brat-config.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"
#include "shu-w3c.h"

/* brat's own example corpora (tests/data/brat-examples, an excerpt; the
 * whole example-data folder when $SHU_BRAT_CORPUS names it): every file
 * imports, and brat -> Shulayim -> brat keeps every fact. Ids may be
 * renumbered, so facts are compared through the spans they name. */

static char *describe (GHashTable *lines, const char *id, guint depth);

/* What a brat id stands for, without its number: a span by its type and
 * offsets, a relation or event by its type and what it names. */
static char *
describe (GHashTable *lines,
          const char *id,
          guint       depth)
{
  const char *line = g_hash_table_lookup (lines, id);
  g_auto(GStrv) fields = NULL;
  g_auto(GStrv) words = NULL;
  GString *out;

  if (line == NULL || depth > 8)
    return g_strdup_printf ("?%s", id);
  fields = g_strsplit (line, "\t", 3);
  if (id[0] == 'T')
    return g_strdup_printf ("[%s]", fields[1]);
  words = g_strsplit (g_strstrip (fields[1]), " ", -1);
  out = g_string_new (id[0] == 'E' ? "E[" : "R[");
  for (guint i = 0; words[i] != NULL; i++)
    {
      char *colon = strrchr (words[i], ':');

      if (i > 0)
        g_string_append_c (out, ' ');
      if (colon == NULL)
        g_string_append (out, words[i]);
      else
        {
          g_autofree char *end = describe (lines, colon + 1, depth + 1);

          g_string_append_len (out, words[i], colon + 1 - words[i]);
          g_string_append (out, end);
        }
    }
  g_string_append_c (out, ']');
  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char **) a, *(char **) b);
}

/* Every fact of a .ann, sorted; @counts gets how many of each kind
 * (T, R, E, A for A and M, N, #, *). */
static GPtrArray *
facts_of (const char *ann,
          guint       counts[7])
{
  static const char kinds[] = "TREAN#*";
  g_autoptr(GHashTable) lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) all = g_strsplit (ann, "\n", -1);
  GPtrArray *facts = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; all[i] != NULL; i++)
    {
      char *tab = strchr (all[i], '\t');

      g_strchomp (all[i]);
      if (tab != NULL && all[i][0] != '*')
        g_hash_table_insert (lines, g_strndup (all[i], tab - all[i]), all[i]);
    }

  for (guint i = 0; all[i] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (all[i], "\t", 3);
      g_auto(GStrv) words = NULL;
      g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
      char kind = all[i][0] == 'M' ? 'A' : all[i][0];
      GString *fact;

      if (kind == '\0')
        continue;
      g_assert_nonnull (strchr (kinds, kind));
      counts[strchr (kinds, kind) - kinds]++;
      words = g_strsplit (g_strstrip (fields[1]), " ", -1);
      fact = g_string_new (NULL);
      g_string_append_c (fact, kind);
      switch (kind)
        {
        case 'T':
          g_string_append_printf (fact, " %s\t%s", fields[1], fields[2]);
          break;
        case 'R':
        case 'E':
          {
            g_autofree char *self = describe (lines, fields[0], 0);

            g_string_append_printf (fact, " %s", self);
          }
          break;
        case '*':
          for (guint w = 1; words[w] != NULL; w++)
            g_ptr_array_add (parts, describe (lines, words[w], 0));
          g_ptr_array_sort (parts, compare_strings);
          g_string_append_printf (fact, " %s", words[0]);
          for (guint p = 0; p < parts->len; p++)
            g_string_append_printf (fact, " %s", (char *) g_ptr_array_index (parts, p));
          break;
        default:
          {
            g_autofree char *target = describe (lines, words[1], 0);

            g_string_append_printf (fact, " %s %s", words[0], target);
            for (guint w = 2; words[w] != NULL; w++)
              g_string_append_printf (fact, " %s", words[w]);
            if (fields[2] != NULL)
              g_string_append_printf (fact, "\t%s", fields[2]);
          }
          break;
        }
      g_ptr_array_add (facts, g_string_free (fact, FALSE));
    }
  /* Events list their arguments in any order: compare them sorted. */
  for (guint i = 0; i < facts->len; i++)
    {
      char *fact = g_ptr_array_index (facts, i);

      if (fact[0] == 'E')
        {
          g_auto(GStrv) words = g_strsplit (fact, " ", -1);
          guint n = g_strv_length (words);

          if (n > 3)
            qsort (words + 2, n - 2, sizeof (char *), compare_strings);
          g_ptr_array_index (facts, i) = g_strjoinv (" ", words);
          g_free (fact);
        }
    }
  g_ptr_array_sort (facts, compare_strings);
  return facts;
}

static ShuSource *
load_text (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);

  g_assert_no_error (error);
  return source;
}

static const char *
corpus_dir (void)
{
  const char *dir = g_getenv ("SHU_BRAT_CORPUS");

  return dir != NULL ? dir : g_test_get_filename (G_TEST_DIST, "data", "brat-examples", NULL);
}

/* Each .ann below @dir, sorted. */
static void
list_anns (const char *dir,
           GPtrArray  *out)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  g_assert_nonnull (handle);
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        list_anns (path, out);
      else if (g_str_has_suffix (name, ".ann"))
        g_ptr_array_add (out, g_steal_pointer (&path));
    }
  g_ptr_array_sort (out, compare_strings);
}

static void
assert_same_facts (const char *path,
                   GPtrArray  *want,
                   GPtrArray  *got)
{
  for (guint i = 0; i < MAX (want->len, got->len); i++)
    {
      const char *a = i < want->len ? g_ptr_array_index (want, i) : "(none)";
      const char *b = i < got->len ? g_ptr_array_index (got, i) : "(none)";

      if (strcmp (a, b) != 0)
        g_error ("%s: fact %u differs after the round trip:\n  was: %s\n  now: %s",
                 path, i, a, b);
    }
}

/* brat -> document -> brat, and brat -> document -> sidecar -> document
 * -> brat: the facts of every file survive both. */
static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) anns = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *check = shu_test_find_check_w3c ();
  guint totals[7] = { 0 };
  guint kept[7] = { 0 };

  if (check == NULL)
    return;
  list_anns (corpus_dir (), anns);
  g_assert_cmpuint (anns->len, >, 0);
  for (guint i = 0; i < anns->len; i++)
    {
      const char *path = g_ptr_array_index (anns, i);
      g_autofree char *stem = g_strndup (path, strlen (path) - 4);
      g_autofree char *text_path = g_strconcat (stem, ".txt", NULL);
      g_autoptr(ShuSource) source = load_text (text_path);
      g_autofree char *ann = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GBytes) again = NULL;
      g_autoptr(GBytes) sidecar = NULL;
      g_autoptr(ShuSidecar) parsed = NULL;
      g_autoptr(ShuDocument) reread = NULL;
      g_autoptr(GBytes) third = NULL;
      g_autoptr(GPtrArray) want = NULL;
      g_autoptr(GPtrArray) got = NULL;
      g_autoptr(GPtrArray) got_via_sidecar = NULL;
      guint counts[7] = { 0 }, ignored[7] = { 0 };
      g_autofree char *again_text = NULL;
      g_autofree char *third_text = NULL;

      g_assert_true (g_file_get_contents (path, &ann, NULL, NULL));
      bytes = g_bytes_new (ann, strlen (ann));
      document = shu_brat_import (bytes, path, source, NULL, &messages, &error);
      g_assert_no_error (error);
      g_assert_nonnull (document);
      /* Nothing is skipped or left out: no message at all. */
      if (messages->len > 0)
        g_error ("%s: %s", path, (char *) g_ptr_array_index (messages, 0));

      again = shu_brat_export (document);
      again_text = g_strndup (g_bytes_get_data (again, NULL), g_bytes_get_size (again));
      want = facts_of (ann, counts);
      got = facts_of (again_text, ignored);
      assert_same_facts (path, want, got);

      sidecar = shu_sidecar_serialize (document);
      parsed = shu_sidecar_parse (sidecar, "roundtrip.json", &error);
      g_assert_no_error (error);
      reread = shu_sidecar_anchor (parsed, source, NULL, &error);
      g_assert_no_error (error);
      third = shu_brat_export (reread);
      third_text = g_strndup (g_bytes_get_data (third, NULL), g_bytes_get_size (third));
      got_via_sidecar = facts_of (third_text, ignored);
      assert_same_facts (path, want, got_via_sidecar);

      /* Any W3C consumer reads it: relations included, every item passes
       * (brat's corpora hold empty files too: check-w3c wants something
       * to check). */
      if (g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document))) > 0)
        {
          g_autoptr(GBytes) w3c = shu_w3c_export (document);
          ShuAnnotationStore *store = shu_document_get_store (document);
          g_autofree char *out = NULL;
          g_autofree char *expected = NULL;
          gboolean exit_ok = FALSE;

          out = shu_test_run_check_w3c (check, w3c, &exit_ok);
          expected = g_strdup_printf ("%u passed, 0 failed\n",
                                      g_list_model_get_n_items (G_LIST_MODEL (store))
                                      + shu_annotation_store_get_n_relations (store));
          if (g_strcmp0 (out, expected) != 0 || !exit_ok)
            g_error ("%s: check-w3c says %s", path, out);
        }

      for (guint k = 0; k < 7; k++)
        {
          totals[k] += counts[k];
          kept[k] += counts[k];
        }
    }
  g_test_message ("%u documents; facts kept / read: T %u/%u, R %u/%u, E %u/%u, A/M %u/%u, "
                  "N %u/%u, # %u/%u, * %u/%u", anns->len, kept[0], totals[0], kept[1],
                  totals[1], kept[2], totals[2], kept[3], totals[3], kept[4], totals[4],
                  kept[5], totals[5], kept[6], totals[6]);
}

static void
copy_to (const char *from,
         const char *to)
{
  g_autofree char *contents = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (from, &contents, &size, NULL));
  g_assert_true (g_file_set_contents (to, contents, size, NULL));
}

/* A brat project: annotation.conf and visual.conf at its top, documents
 * in a folder below (brat looks up the tree). Importing a document brings
 * the project's types as labels in its colours, and the scheme's
 * attribute values and relation roles are there for the editor. */
static void
test_config (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-brat-XXXXXX", NULL);
  g_autofree char *docs = g_build_filename (dir, "docs", NULL);
  g_autofree char *ann_path = g_build_filename (docs, "intro.ann", NULL);
  g_autofree char *conf = g_build_filename (dir, "annotation.conf", NULL);
  g_autofree char *visual = g_build_filename (dir, "visual.conf", NULL);
  const char *data = corpus_dir ();
  g_autofree char *from_conf = g_build_filename (data, "tutorials_news.annotation.conf", NULL);
  g_autofree char *from_visual = g_build_filename (data, "tutorials_news.visual.conf", NULL);
  g_autofree char *from_ann = g_build_filename (data, "tutorials_news_000-introduction.ann",
                                                NULL);
  g_autofree char *from_txt = g_build_filename (data, "tutorials_news_000-introduction.txt",
                                                NULL);
  g_autoptr(GFile) ann = g_file_new_for_path (ann_path);
  g_autoptr(ShuBratConfig) config = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuSource) source = load_text (from_txt);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *ann_text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *span_types = NULL;
  g_autofree char *relation_types = NULL;
  g_autofree char *attributes = NULL;
  ShuLabelSet *used;

  g_assert_cmpint (g_mkdir (docs, 0700), ==, 0);
  copy_to (from_conf, conf);
  copy_to (from_visual, visual);
  copy_to (from_ann, ann_path);

  config = shu_brat_config_find (ann, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (config);
  span_types = g_strjoinv (" ", (char **) shu_brat_config_get_span_types (config));
  g_assert_cmpstr (span_types, ==, "Person Organization GPE Money Be-born Marry Divorce Die "
                   "Transfer-ownership Transfer-money Start-org Merge-org End-org Report");
  relation_types = g_strjoinv (" ", (char **) shu_brat_config_get_relation_types (config));
  g_assert_cmpstr (relation_types, ==, "Located Geographical_part Family Employment Ownership "
                   "Origin Alias");
  g_assert_cmpstr (shu_brat_config_get_relation_roles (config, "Family")[1], ==, "Arg2");
  g_assert_cmpuint (g_strv_length ((char **) shu_brat_config_get_relation_roles (config,
                                                                                 "Alias")),
                    ==, 2);
  attributes = g_strjoinv (" ", (char **) shu_brat_config_get_attributes (config));
  g_assert_cmpstr (attributes, ==, "Individual Mention Negation Confidence");
  g_assert_null (shu_brat_config_get_attribute_values (config, "Negation"));
  g_assert_cmpstr (shu_brat_config_get_attribute_values (config, "Confidence")[2], ==, "Low");
  g_assert_cmpstr (shu_brat_config_get_color (config, "Person"), ==, "#ff821c");

  shu_brat_config_add_labels (config, labels);
  g_assert_true (g_file_get_contents (ann_path, &ann_text, NULL, NULL));
  bytes = g_bytes_new (ann_text, strlen (ann_text));
  document = shu_brat_import (bytes, "intro.ann", source, labels, NULL, &error);
  g_assert_no_error (error);
  used = shu_annotation_store_get_labels (shu_document_get_store (document));
  g_assert_cmpstr (shu_label_get_color (shu_label_set_lookup_name (used, "Person")), ==,
                   "#ff821c");
  g_assert_cmpstr (shu_label_get_color (shu_label_set_lookup_name (used, "Money")), ==,
                   "#007000");
  /* Types the scheme declares are labels even before anyone used them. */
  g_assert_nonnull (shu_label_set_lookup_name (used, "Transfer-ownership"));

  /* The scheme's attributes and relation types come with the labels they
   * are declared for: <ENTITY> and <EVENT>, macros and type names. */
  {
    ShuLabel *person = shu_label_set_lookup_name (used, "Person");
    ShuLabel *gpe = shu_label_set_lookup_name (used, "GPE");
    ShuLabel *born = shu_label_set_lookup_name (used, "Be-born");
    g_autofree char *person_types = g_strjoinv (" ",
      (char **) shu_label_get_relation_types (person));
    ShuAttributeDecl *mention = shu_label_lookup_attribute (person, "Mention");

    g_assert_cmpstr (person_types, ==, "Located Family Employment Ownership Alias");
    g_assert_cmpstr (shu_label_get_relation_types (gpe)[0], ==, "Geographical_part");
    g_assert_null (shu_label_get_relation_types (gpe)[1]);
    g_assert_cmpuint (shu_label_get_attributes (person)->len, ==, 2);
    g_assert_null (shu_attribute_decl_get_values (shu_label_lookup_attribute (person,
                                                                              "Individual")));
    g_assert_nonnull (mention);
    g_assert_cmpstr (shu_attribute_decl_get_values (mention)[1], ==, "Nominal");
    g_assert_null (shu_label_lookup_attribute (person, "Negation"));
    g_assert_nonnull (shu_label_lookup_attribute (born, "Negation"));
    g_assert_cmpstr (shu_attribute_decl_get_values (shu_label_lookup_attribute (born,
                                                                                "Confidence"))[0],
                     ==, "High");
    g_assert_null (shu_label_get_relation_types (born)[0]);
  }

  g_unlink (ann_path);
  g_unlink (conf);
  g_unlink (visual);
  g_rmdir (docs);
  g_rmdir (dir);
}

/* brat -> Shulayim -> brat keeps a project's configuration: for each
 * annotation.conf of brat's examples, its types become labels with their
 * declarations, the sidecar keeps them, and the annotation.conf written
 * back says the same: entity and event types, each event role with the
 * types it takes, each relation type with its roles and argument types
 * ("<OVERLAP>" rules too), attributes with their values, the hierarchy
 * of the types ("!" groups, types under types); and, where visual.conf
 * comes with it, the types' display names and abbreviations ([labels])
 * and text colours (fgColor). */
static void
test_config_round_trip (void)
{
  const char *data = corpus_dir ();
  g_autoptr(GDir) dir = g_dir_open (data, 0, NULL);
  g_autoptr(GBytes) text = g_bytes_new_static ("x", 1);
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (text, SHU_ENCODING_UTF8, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (data, name, NULL);
      g_autofree char *stem = NULL;
      g_autofree char *visual_path = NULL;
      g_autofree char *original = NULL;
      g_autofree char *original_visual = NULL;
      g_autofree char *written = NULL;
      g_autofree char *visual = NULL;
      g_autoptr(ShuBratConfig) config = NULL;
      g_autoptr(ShuBratConfig) again = NULL;
      g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GBytes) sidecar = NULL;
      g_autoptr(ShuSidecar) parsed = NULL;
      g_autoptr(ShuDocument) reread = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) want = NULL;
      g_auto(GStrv) got = NULL;

      if (!g_str_has_suffix (name, ".annotation.conf"))
        continue;
      g_assert_true (g_file_get_contents (path, &original, NULL, NULL));
      stem = g_strndup (path, strlen (path) - strlen ("annotation.conf"));
      visual_path = g_strconcat (stem, "visual.conf", NULL);
      if (g_file_test (visual_path, G_FILE_TEST_EXISTS))
        g_assert_true (g_file_get_contents (visual_path, &original_visual, NULL, NULL));
      config = shu_brat_config_parse (original, original_visual);
      shu_brat_config_add_labels (config, labels);
      document = shu_document_new (source, labels);

      sidecar = shu_sidecar_serialize (document);
      parsed = shu_sidecar_parse (sidecar, "conf.json", &error);
      g_assert_no_error (error);
      reread = shu_sidecar_anchor (parsed, source, NULL, &error);
      g_assert_no_error (error);

      written = shu_brat_config_write_annotation (shu_document_get_store (reread), NULL);
      g_assert_nonnull (written);
      visual = shu_brat_config_write_visual (shu_annotation_store_get_labels (
                                               shu_document_get_store (reread)), NULL);
      g_assert_nonnull (strstr (visual, "[drawing]"));
      again = shu_brat_config_parse (written, original_visual != NULL ? visual : NULL);
      want = shu_brat_config_dup_facts (config);
      got = shu_brat_config_dup_facts (again);
      g_assert_cmpuint (g_strv_length (want), >, 0);
      /* The hierarchy and visual.conf are among the facts compared. */
      if (strcmp (name, "tutorials_news.annotation.conf") == 0)
        {
          g_assert_true (g_strv_contains ((const char * const *) want, "group !Life"));
          g_assert_true (g_strv_contains ((const char * const *) want,
                                          "hierarchy !Business > Merge-org"));
          g_assert_true (g_strv_contains ((const char * const *) want,
                                          "labels GPE | Geo-political entity | GPE"));
          g_assert_true (g_strv_contains ((const char * const *) want,
                                          "drawing Money fgColor:white"));
        }
      if (strcmp (name, "configurations_mTOR-event.annotation.conf") == 0)
        g_assert_true (g_strv_contains ((const char * const *) want, "hierarchy Regulation > "
                                        "Positive_regulation > Catalysis"));
      if (strcmp (name, "tutorials_bio.annotation.conf") == 0)
        g_assert_true (g_strv_contains ((const char * const *) want, "labels Gene_expression | "
                                        "Gene expression | Expression | Expr"));
      for (guint i = 0; want[i] != NULL || got[i] != NULL; i++)
        if (g_strcmp0 (want[i], got[i]) != 0)
          g_error ("%s: fact %u differs after the round trip:\n  was: %s\n  now: %s\n"
                   "written:\n%s\n%s", name, i, want[i], got[i], written, visual);
      n++;
    }
  g_assert_cmpuint (n, >=, 7);
}

/* A new link takes the roles its type is declared with, and brat's
 * syntax is written as brat reads it. */
static void
test_config_written (void)
{
  const char *data = corpus_dir ();
  g_autofree char *conf_path = g_build_filename (data, "tutorials_news.annotation.conf", NULL);
  g_autofree char *visual_path = g_build_filename (data, "tutorials_news.visual.conf", NULL);
  g_autofree char *conf = NULL;
  g_autofree char *visual = NULL;
  g_autofree char *written = NULL;
  g_autofree char *written_visual = NULL;
  g_autoptr(ShuBratConfig) config = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuAnnotationStore) store = NULL;
  ShuRelationDecl *located;

  g_assert_true (g_file_get_contents (conf_path, &conf, NULL, NULL));
  g_assert_true (g_file_get_contents (visual_path, &visual, NULL, NULL));
  config = shu_brat_config_parse (conf, visual);
  shu_brat_config_add_labels (config, labels);
  store = shu_annotation_store_new (labels);

  located = shu_label_lookup_relation_decl (shu_label_set_lookup_name (labels, "Person"),
                                            "Located");
  g_assert_nonnull (located);
  g_assert_cmpstr (shu_role_decl_get_role (g_ptr_array_index (
                     shu_relation_decl_get_roles (located), 1)), ==, "Arg2");
  g_assert_cmpstr (shu_role_decl_get_label_ids (g_ptr_array_index (
                     shu_relation_decl_get_roles (located), 1))[0], ==,
                   shu_label_get_id (shu_label_set_lookup_name (labels, "GPE")));
  g_assert_nonnull (shu_label_get_event_roles (shu_label_set_lookup_name (labels, "Die")));
  g_assert_null (shu_label_get_event_roles (shu_label_set_lookup_name (labels, "Person")));

  written = shu_brat_config_write_annotation (store, NULL);
  /* Sections, a tab after the type, "Role:Type" joined by ", ". */
  g_assert_nonnull (strstr (written, "\n[entities]\n\nPerson\nOrganization\nGPE\nMoney\n"));
  g_assert_nonnull (strstr (written, "\nLocated\tArg1:Person, Arg2:GPE\n"));
  g_assert_nonnull (strstr (written, "\nAlias\tArg1:Person, Arg2:Person, "
                                     "<REL-TYPE>:symmetric-transitive\n"));
  /* Under their "!" groups, a tab a level, as the project wrote them. */
  g_assert_nonnull (strstr (written, "\n!Life\n\tBe-born\tPerson-Arg:Person, Place-Arg?:GPE\n"));
  g_assert_nonnull (strstr (written, "\n\tDie\tPerson-Arg:Person, "
                                     "Agent-Arg?:Person|Organization|GPE, Place-Arg?:GPE\n"
                                     "!Transaction\n\tTransfer-ownership\t"));
  g_assert_nonnull (strstr (written, "\n!Business\n\tStart-org\t"));
  g_assert_nonnull (strstr (written, "\n\tMerge-org\tOrg-Arg+:Organization\n"));
  g_assert_nonnull (strstr (written, "\nReport\tReporter-Arg:"));
  g_assert_nonnull (strstr (written, "\nConfidence\tArg:"));
  g_assert_nonnull (strstr (written, ", Value:High|Neutral|Low\n"));
  /* A type a user linked with (Link to… declares it on the start's
   * label, without roles) takes any argument. */
  {
    ShuLabel *person = shu_label_set_lookup_name (labels, "Person");
    g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
    g_auto(GStrv) with_knows = NULL;
    g_autoptr(ShuLabel) declared = NULL;
    g_autofree char *again = NULL;

    g_strv_builder_addv (builder, (const char **) shu_label_get_relation_types (person));
    g_strv_builder_add (builder, "Knows");
    with_knows = g_strv_builder_end (builder);
    declared = shu_label_with_declarations (person, shu_label_get_attributes (person),
                                            (const char * const *) with_knows);
    g_assert_true (shu_label_set_replace (labels, declared));
    again = shu_brat_config_write_annotation (store, NULL);
    g_assert_nonnull (strstr (again, "\nLocated\tArg1:Person, Arg2:GPE\n"));
    g_assert_nonnull (strstr (again, "\nKnows\tArg1:<ANY>, Arg2:<ANY>\n"));
  }
  written_visual = shu_brat_config_write_visual (labels, NULL);
  g_assert_nonnull (strstr (written_visual, "\nPerson\tbgColor:#ff821c\n"));
  /* visual.conf's names and abbreviations, and its text colours. */
  g_assert_nonnull (strstr (written_visual, "\nOrganization | Organization | Org\n"));
  g_assert_nonnull (strstr (written_visual, "\nBe-born | Be born\n"));
  g_assert_nonnull (strstr (written_visual, "\nMoney\tbgColor:#007000, fgColor:white\n"));
}

/* A brat file without annotation.conf: the one written declares the
 * attributes its spans, events and links carry (brat refuses a file whose
 * attributes its configuration lacks), with the values they take. */
static void
test_config_used_attributes (void)
{
  const char *data = corpus_dir ();
  g_autofree char *ann_path = g_build_filename (data, "hebrew-relations.ann", NULL);
  g_autofree char *txt_path = g_build_filename (data, "hebrew-relations.txt", NULL);
  g_autoptr(ShuSource) source = load_text (txt_path);
  g_autofree char *ann = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *written = NULL;

  g_assert_true (g_file_get_contents (ann_path, &ann, NULL, NULL));
  bytes = g_bytes_new (ann, strlen (ann));
  document = shu_brat_import (bytes, "hebrew-relations.ann", source, NULL, NULL, &error);
  g_assert_no_error (error);
  written = shu_brat_config_write_annotation (shu_document_get_store (document), NULL);
  g_assert_nonnull (strstr (written, "\n[attributes]\n\n"));
  g_assert_nonnull (strstr (written, "\nוודאות\tArg:תרגום, Value:גבוהה\n"));
  g_assert_nonnull (strstr (written, "\nמשוער\tArg:<RELATION>\n"));
  g_assert_nonnull (strstr (written, "\nמין\tArg:אדם, Value:זכר\n"));
  /* The triggers' labels are event types, with the roles their events
   * give (an event's argument that is an event, by its trigger's type);
   * the links' types relations. */
  g_assert_nonnull (strstr (written, "\n[events]\n\nכתיבה\tכותב:אדם, יצירה:ספר, שפה:שפה\n"
                                     "תרגום\tמתרגם:אדם, יצירה:כתיבה, שפה:שפה\n"));
  g_assert_nonnull (strstr (written, "\nמקור\tArg1:<ANY>, Arg2:<ANY>\n"));
  /* An equivalence set's type is symmetric and transitive between the
   * types of its members. */
  g_assert_nonnull (strstr (written, "\nEquiv\tArg1:ספר, Arg2:ספר, "
                                     "<REL-TYPE>:symmetric-transitive\n"));
}

/* Nothing in the text is linked with a type yet: a new link takes the
 * roles its declaration names. */
static void
test_config_link_roles (void)
{
  g_autoptr(ShuBratConfig) config = shu_brat_config_parse (
    "[entities]\nHead_of_state\nCountry\n[relations]\n"
    "Leads\tLeader:Head_of_state, Led:Country\n[events]\n[attributes]\n", NULL);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuAnnotationStore) store = NULL;
  const char *from = "Arg1", *to = "Arg2";

  shu_brat_config_add_labels (config, labels);
  store = shu_annotation_store_new (labels);
  g_assert_true (shu_annotation_store_get_link_roles (store, "Leads", &from, &to));
  g_assert_cmpstr (from, ==, "Leader");
  g_assert_cmpstr (to, ==, "Led");
}

/* A label whose name brat would read as its own syntax ("Gene|Protein"
 * is two terms, "!Group" a group, "#x" a comment): no configuration is
 * written, and the error names the label; names brat takes as they are
 * ("-p53", "Anti-CD4", Hebrew) are written, white space as '_'. */
static void
test_config_unwritable_names (void)
{
  const char *refused[] = { "Gene|Protein", "Place, Time", "a=b", "!Group", "<POG>", "#tag",
                            "---" };
  /* Each name, and the type it is written as (white space as '_'). */
  const char *taken[][2] = { { "-p53", "-p53" }, { "Anti-CD4", "Anti-CD4" }, { "אדם", "אדם" },
                             { "Tab\there", "Tab_here" }, { "Two\nlines", "Two_lines" } };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
      g_autoptr(ShuLabel) person = shu_label_new (NULL, "Person", "#ff821c", NULL, 0);
      g_autoptr(ShuLabel) bad = shu_label_new (NULL, refused[i], "#007000", NULL, 0);
      g_autoptr(ShuAnnotationStore) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;
      g_autofree char *visual = NULL;

      shu_label_set_append (labels, person);
      shu_label_set_append (labels, bad);
      store = shu_annotation_store_new (labels);
      written = shu_brat_config_write_annotation (store, &error);
      g_assert_null (written);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
      g_assert_nonnull (strstr (error->message, refused[i]));
      g_clear_error (&error);
      visual = shu_brat_config_write_visual (labels, &error);
      g_assert_null (visual);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
    }
  for (guint i = 0; i < G_N_ELEMENTS (taken); i++)
    {
      g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
      g_autoptr(ShuLabel) label = shu_label_new (NULL, taken[i][0], "#007000", NULL, 0);
      g_autoptr(ShuAnnotationStore) store = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;
      g_autoptr(ShuBratConfig) again = NULL;

      shu_label_set_append (labels, label);
      store = shu_annotation_store_new (labels);
      written = shu_brat_config_write_annotation (store, &error);
      g_assert_no_error (error);
      again = shu_brat_config_parse (written, NULL);
      g_assert_cmpstr (shu_brat_config_get_span_types (again)[0], ==, taken[i][1]);
      g_assert_null (shu_brat_config_get_span_types (again)[1]);
    }
}

static char *
join_types (const char * const *types)
{
  return types != NULL ? g_strjoinv (" ", (char **) types) : g_strdup ("");
}

/* An annotation.conf saved with old Mac line ends (CR alone) or Windows
 * ones, and with a form feed or vertical tab between words: brat reads
 * lines as Python does (CR, LF, CR LF) and words split at any white space,
 * so these name the same types; the fuzzer found CR and FF kept inside
 * type names, or the whole file read as one line. */
static void
test_config_line_ends (void)
{
  const char *texts[] = {
    "[entities]\rProtein\rGene\r[relations]\rPart-of\tArg1:Protein, Arg2:Gene\r"
    "[events]\r[attributes]\rNegation\tArg:<EVENT>\r",
    "[entities]\r\nProtein\r\nGene\r\n[relations]\r\nPart-of\tArg1:Protein, Arg2:Gene\r\n"
    "[events]\r\n[attributes]\r\nNegation\tArg:<EVENT>\r\n",
    "[entities]\nProtein\nGene\n[relations]\nPart-of\fArg1:Protein, Arg2:Gene\n"
    "[events]\n[attributes]\nNegation\vArg:<EVENT>\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(ShuBratConfig) config = shu_brat_config_parse (texts[i], NULL);
      g_autofree char *spans = join_types (shu_brat_config_get_span_types (config));
      g_autofree char *relations = join_types (shu_brat_config_get_relation_types (config));
      g_autofree char *attributes = join_types (shu_brat_config_get_attributes (config));

      g_test_message ("text %u", i);
      g_assert_cmpstr (spans, ==, "Protein Gene");
      g_assert_cmpstr (relations, ==, "Part-of");
      g_assert_cmpstr (attributes, ==, "Negation");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/brat/round-trip", test_round_trip);
  g_test_add_func ("/brat/config", test_config);
  g_test_add_func ("/brat/config-round-trip", test_config_round_trip);
  g_test_add_func ("/brat/config-written", test_config_written);
  g_test_add_func ("/brat/config-link-roles", test_config_link_roles);
  g_test_add_func ("/brat/config-used-attributes", test_config_used_attributes);
  g_test_add_func ("/brat/config-unwritable-names", test_config_unwritable_names);
  g_test_add_func ("/brat/config-line-ends", test_config_line_ends);

  return g_test_run ();
}
