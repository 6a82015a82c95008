/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-sidecar.h"
#include "shu-suggest.h"
#include "shu-test-utils.h"

/* `shulayim-cli suggest` as a script uses it: the exact lines, the exit
 * status, and what is written (and what is not). Each test works in a
 * fresh folder with a short Hebrew and Arabic story whose sidecar marks
 * "כישלון" (failure) and "كتاب" (book) once. */

#define STORY "כישלון אחד. הכישלון השני, לכישלון, ובכישלון.\nكتاب جديد. والكتاب كتابه.\n"

typedef struct
{
  char *dir;
  char *sidecar;  /* story.he.txt.annotations.json */
} Fixture;


static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

/* Writes @text as @name in the fixture's folder with a sidecar holding
 * the two labels and, when @marked, "כישלון" and "كتاب" marked once (and
 * the suggestions at @rejected, n of them, rejected). */
static char *
write_text (Fixture    *fixture,
            const char *name,
            const char *text,
            gboolean    marked,
            const guint *rejected,
            guint        n_rejected)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *sidecar_path = g_strconcat (path, ".annotations.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sidecar = g_file_new_for_path (sidecar_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) failure = shu_label_new ("failure", "Failure", "#c01c28", NULL, 0);
  g_autoptr(ShuLabel) book = shu_label_new ("book", "Book", "#1c71d8", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  shu_label_set_append (labels, failure);
  shu_label_set_append (labels, book);
  document = shu_document_new (source, labels);
  shu_document_set_source_name (document, name);
  if (marked)
    {
      ShuRange ranges[] = { { 0, 6 }, { 45, 49 } };
      const char *label_ids[] = { "failure", "book" };

      for (guint i = 0; i < G_N_ELEMENTS (ranges); i++)
        {
          g_autofree char *id = g_strdup_printf ("urn:uuid:00000000-0000-4000-8000-%012u", i);
          g_autoptr(ShuAnnotation) annotation = shu_annotation_new (id, &ranges[i], 1,
                                                                    label_ids[i], NULL, "Dana",
                                                                    NULL, NULL);

          shu_annotation_store_add (shu_document_get_store (document), annotation, NULL);
        }
    }
  for (guint i = 0; i < n_rejected; i++)
    shu_document_reject (document, rejected[2 * i], rejected[2 * i + 1], "failure");
  shu_sidecar_save (document, sidecar, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&sidecar_path);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shulayim-cli-suggest-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->sidecar = write_text (fixture, "story.he.txt", STORY, TRUE, NULL, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  shu_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->sidecar);
}

/* One line a suggestion, sorted by start: the prefixed "הכישלון",
 * "לכישלון", "ובכישלון" as the bare form, "والكتاب" without its article;
 * never "كتابه" ("his book"). Nothing is written. */
static void
test_list (Fixture       *fixture,
           gconstpointer  data)
{
  g_autofree char *before = read_file (fixture->sidecar);
  g_autofree char *after = NULL;
  ShuTestRun run = shu_test_run_cli (fixture->dir, "suggest", "story.he.txt.annotations.json",
                                     NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "13\t19\tfailure\tכישלון\n"
                   "27\t33\tfailure\tכישלון\n"
                   "37\t43\tfailure\tכישלון\n"
                   "59\t63\tbook\tكتاب\n");
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "suggest", "story.he.txt.annotations.json", "--label",
                          "book", "--source", "story.he.txt", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "59\t63\tbook\tكتاب\n");
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "suggest", "story.he.txt.annotations.json", "--label",
                          "nope", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "story.he.txt.annotations.json: there is no label with id "
                                "“nope”\n");
  shu_test_run_clear (&run);

  after = read_file (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);
}

/* None to suggest is no error; rejected ones are not listed. */
static void
test_none (Fixture       *fixture,
           gconstpointer  data)
{
  const guint rejected[] = { 13, 19, 27, 33, 37, 43 };
  g_autofree char *sidecar = write_text (fixture, "rejected.txt", STORY, TRUE, rejected, 3);
  g_autofree char *plain = write_text (fixture, "plain.txt", STORY, FALSE, NULL, 0);
  ShuTestRun run = shu_test_run_cli (fixture->dir, "suggest", sidecar, NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "59\t63\tbook\tكتاب\n");
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "suggest", plain, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "");
  shu_test_run_clear (&run);
}

/* --apply -o writes a new sidecar with the four accepted, marked as
 * suggested, and leaves the input alone; asked again, it suggests
 * nothing. */
static void
test_apply_to_output (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *before = read_file (fixture->sidecar);
  g_autofree char *after = NULL;
  g_autofree char *written = NULL;
  g_autofree char *out_path = g_build_filename (fixture->dir, "accepted.json", NULL);
  ShuTestRun run = shu_test_run_cli (fixture->dir, "suggest", "story.he.txt.annotations.json",
                                     "--apply", "--creator", "Noa", "-o", "accepted.json", NULL);
  const char *p;
  guint n = 0;

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpstr (run.err, ==, "story.he.txt.annotations.json: 4 suggestions accepted\n");
  shu_test_run_clear (&run);

  after = read_file (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);
  written = read_file (out_path);
  for (p = strstr (written, "\"shu:suggested\": true"); p != NULL;
       p = strstr (p + 1, "\"shu:suggested\": true"))
    n++;
  g_assert_cmpuint (n, ==, 4);
  g_assert_nonnull (strstr (written, "\"total\": 6,"));
  g_assert_nonnull (strstr (written, "\"name\": \"Noa\"\n        },\n        \"shu:suggested\": true,"));

  run = shu_test_run_cli (fixture->dir, "suggest", "accepted.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  shu_test_run_clear (&run);
}

/* --apply alone writes the sidecar in place and keeps the old one as
 * "SIDECAR~". */
static void
test_apply_in_place (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *before = read_file (fixture->sidecar);
  g_autofree char *backup_path = g_strconcat (fixture->sidecar, "~", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *after = NULL;
  ShuTestRun run = shu_test_run_cli (fixture->dir, "suggest", "story.he.txt.annotations.json",
                                     "--apply", "--label", "failure", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "story.he.txt.annotations.json: 3 suggestions accepted\n");
  shu_test_run_clear (&run);
  backup = read_file (backup_path);
  g_assert_cmpstr (backup, ==, before);
  after = read_file (fixture->sidecar);
  g_assert_nonnull (strstr (after, "\"total\": 5,"));

  run = shu_test_run_cli (fixture->dir, "suggest", "story.he.txt.annotations.json", NULL);
  g_assert_cmpstr (run.out, ==, "59\t63\tbook\tكتاب\n");
  shu_test_run_clear (&run);
}

/* A folder: the forms of one text are suggested in the others too, each
 * line naming its text. */
static void
test_folder (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *other = write_text (fixture, "other.txt", "פרק ב: הכישלון\tוהכישלון\n",
                                       FALSE, NULL, 0);
  ShuTestRun run = shu_test_run_cli (fixture->dir, "suggest", ".", NULL);

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "other.txt\t8\t14\tfailure\tכישלון\n"
                   "other.txt\t17\t23\tfailure\tכישלון\n"
                   "story.he.txt\t13\t19\tfailure\tכישלון\n"
                   "story.he.txt\t27\t33\tfailure\tכישלון\n"
                   "story.he.txt\t37\t43\tfailure\tכישלון\n"
                   "story.he.txt\t59\t63\tbook\tكتاب\n");
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "suggest", ".", "--apply", "--label", "failure", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "other.txt: 2 suggestions accepted\n"
                                "story.he.txt: 3 suggestions accepted\n");
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "suggest", ".", NULL);
  g_assert_cmpstr (run.out, ==, "story.he.txt\t59\t63\tbook\tكتاب\n");
  shu_test_run_clear (&run);
}

/* The bundled essay: "כישלון" marked once. */
static void
test_essay (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *essay_path = g_build_filename (g_getenv ("SHU_SOURCE_ROOT"), "data",
                                                  "essay.he.txt", NULL);
  g_autofree char *essay = read_file (essay_path);
  g_autofree char *sidecar = NULL;
  g_auto(GStrv) lines = NULL;
  ShuTestRun run;

  sidecar = write_text (fixture, "essay.he.txt", essay, FALSE, NULL, 0);
  {
    g_autoptr(GFile) file = g_file_new_for_path (sidecar);
    g_autoptr(ShuDocument) document = shu_test_read_sidecar (file);
    const char *at = strstr (essay, " כישלון ");
    ShuRange range;
    g_autoptr(ShuAnnotation) annotation = NULL;
    g_autoptr(GError) error = NULL;

    range.start = g_utf8_pointer_to_offset (essay, at) + 1;
    range.end = range.start + 6;
    annotation = shu_annotation_new ("urn:uuid:00000000-0000-4000-8000-000000000009", &range, 1,
                                     "failure", NULL, "Dana", NULL, NULL);
    shu_annotation_store_add (shu_document_get_store (document), annotation, NULL);
    shu_sidecar_save (document, file, &error);
    g_assert_no_error (error);
  }
  run = shu_test_run_cli (fixture->dir, "suggest", "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  /* Eight and a final newline; each the bare form (כישלונו never). */
  g_assert_cmpuint (g_strv_length (lines), ==, 9);
  for (guint i = 0; i < 8; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_cmpstr (fields[2], ==, "failure");
      g_assert_cmpstr (fields[3], ==, "כישלון");
      g_assert_cmpuint (g_ascii_strtoull (fields[1], NULL, 10)
                        - g_ascii_strtoull (fields[0], NULL, 10), ==, 6);
    }
  shu_test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add ("/cli/suggest/list", Fixture, NULL, fixture_setup, test_list, fixture_teardown);
  g_test_add ("/cli/suggest/none", Fixture, NULL, fixture_setup, test_none, fixture_teardown);
  g_test_add ("/cli/suggest/apply-to-output", Fixture, NULL, fixture_setup,
              test_apply_to_output, fixture_teardown);
  g_test_add ("/cli/suggest/apply-in-place", Fixture, NULL, fixture_setup, test_apply_in_place,
              fixture_teardown);
  g_test_add ("/cli/suggest/folder", Fixture, NULL, fixture_setup, test_folder,
              fixture_teardown);
  g_test_add ("/cli/suggest/essay", Fixture, NULL, fixture_setup, test_essay, fixture_teardown);
  return g_test_run ();
}
