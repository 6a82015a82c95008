/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gstdio.h>

#include "shu-brat-config.h"
#include "shu-sidecar.h"
#include "shu-test-corpus.h"
#include "shu-test-utils.h"

/* Each test works on copies of the sample sidecar and its text in a fresh
 * folder, runs the real binary and checks what a script would see: the exit
 * status, the output, and that no input changed. */

typedef struct
{
  char *dir;
  char *text;     /* essay.he.txt */
  char *sidecar;  /* essay.he.txt.annotations.json */
} Fixture;


static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, &length, &error);
  g_assert_no_error (error);
  g_file_set_contents (to, contents, length, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contents);
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *text = data_path ("essay.he.txt");
  g_autofree char *sidecar = data_path ("essay.he.txt.annotations.json");
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shu-cli-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->text = g_build_filename (fixture->dir, "essay.he.txt", NULL);
  fixture->sidecar = g_build_filename (fixture->dir, "essay.he.txt.annotations.json", NULL);
  copy_file (text, fixture->text);
  copy_file (sidecar, fixture->sidecar);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  shu_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->text);
  g_free (fixture->sidecar);
}

/* Under a Hebrew locale the messages are in Hebrew (the model's too), while
 * what scripts rely on stays: the FILE:LINE:COLUMN prefix and the exit
 * status. */
static void
test_hebrew_messages (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-cli-he-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "dup.json", NULL);
  g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));
  g_autofree char *old_all = g_strdup (g_getenv ("LC_ALL"));
  ShuTestRun run;

  if (setlocale (LC_ALL, "he_IL.UTF-8") == NULL)
    {
      g_test_skip ("the he_IL.UTF-8 locale is not installed (tools/install-deps.sh makes it)");
      return;
    }
  setlocale (LC_ALL, "C");

  g_assert_true (g_file_set_contents (path, "{\"a\": 1,\n \"a\": 2}", -1, NULL));

  run = shu_test_run_cli (dir, "validate", "dup.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "dup.json:2:2: duplicate key \"a\" in an object"));
  shu_test_run_clear (&run);

  g_setenv ("LANGUAGE", "he", TRUE);
  g_setenv ("LC_ALL", "he_IL.UTF-8", TRUE);
  run = shu_test_run_cli (dir, "validate", "dup.json", NULL);
  if (old_language != NULL)
    g_setenv ("LANGUAGE", old_language, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  if (old_all != NULL)
    g_setenv ("LC_ALL", old_all, TRUE);
  else
    g_unsetenv ("LC_ALL");

  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "dup.json:2:2: המפתח \"a\" מופיע פעמיים באובייקט"));
  shu_test_run_clear (&run);

  g_unlink (path);
  g_rmdir (dir);
}

static void
test_usage (void)
{
  ShuTestRun run = shu_test_run_cli (NULL, NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "validate"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown command “frobnicate”"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "export"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "validate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "exactly one sidecar"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "validate", "--no-such-option", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "export", "--to", "docx", "x.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown export format “docx”"));
  shu_test_run_clear (&run);
}

static void
test_validate_sample (Fixture       *fixture,
                      gconstpointer  data)
{
  ShuTestRun run = shu_test_run_cli (fixture->dir, "validate", "essay.he.txt.annotations.json",
                                     NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);
  /* One line and its newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  g_assert_true (g_str_has_prefix (lines[0], "essay.he.txt.annotations.json: valid: "));
  g_assert_nonnull (strstr (lines[0], "2 creators"));
  g_assert_nonnull (strstr (lines[0], "on essay.he.txt"));
  shu_test_run_clear (&run);

  /* The same with the text named explicitly, from another folder. */
  run = shu_test_run_cli (NULL, "validate", fixture->sidecar, "--source", fixture->text, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": valid: "));
  shu_test_run_clear (&run);
}

/* Writes @contents as the sidecar and expects validate to refuse it with
 * status 1 and a message containing @expected. The file is left as it was. */
static void
expect_invalid (Fixture    *fixture,
                const char *contents,
                gssize      length,
                const char *expected)
{
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  ShuTestRun run;

  g_file_set_contents (fixture->sidecar, contents, length, &error);
  g_assert_no_error (error);

  run = shu_test_run_cli (fixture->dir, "validate", "essay.he.txt.annotations.json", NULL);
  if (run.status != 1 || strstr (run.err, expected) == NULL)
    g_error ("expected status 1 and “%s”, got %d: %s", expected, run.status, run.err);
  g_assert_cmpstr (run.out, ==, "");
  shu_test_run_clear (&run);

  after = read_file (fixture->sidecar);
  if (length < 0)
    g_assert_cmpstr (after, ==, contents);
}

static void
test_validate_hostile (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *sample = read_file (fixture->sidecar);
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autofree char *duplicate = NULL;
  g_autofree char *future = NULL;
  g_autofree char *nul = NULL;
  g_autofree char *huge = NULL;
  char *position;

  expect_invalid (fixture, "", 0, "essay.he.txt.annotations.json");
  expect_invalid (fixture, "{\"type\": ", -1, "essay.he.txt.annotations.json:1:");
  expect_invalid (fixture, "[1, 2,]", -1, "essay.he.txt.annotations.json:1:");
  expect_invalid (fixture, "{} // comment", -1, "essay.he.txt.annotations.json:1:");
  expect_invalid (fixture, "\xff\xfe{}", 4, "essay.he.txt.annotations.json");

  /* json-glib 1.6 crashes on deep nesting: it must never see this. */
  for (int i = 0; i < 200000; i++)
    g_string_append_c (deep, '[');
  expect_invalid (fixture, deep->str, deep->len, "essay.he.txt.annotations.json:1:");

  /* Structural problems in an otherwise valid sample. */
  duplicate = g_strdup (sample);
  position = strstr (duplicate, "\"type\"");
  g_assert_nonnull (position);
  {
    g_autoptr(GString) text = g_string_new (NULL);

    g_string_append_len (text, duplicate, position - duplicate);
    g_string_append (text, "\"type\": \"AnnotationCollection\", ");
    g_string_append (text, position);
    expect_invalid (fixture, text->str, -1, "duplicate");
  }

  nul = g_strdup (sample);
  position = strstr (nul, "\"label\": \"");
  g_assert_nonnull (position);
  {
    g_autoptr(GString) text = g_string_new (NULL);

    position += strlen ("\"label\": \"");
    g_string_append_len (text, nul, position - nul);
    g_string_append (text, "\\u0000");
    g_string_append (text, position);
    expect_invalid (fixture, text->str, -1, "essay.he.txt.annotations.json:");
  }

  huge = g_strdup (sample);
  position = strstr (huge, "\"start\": ");
  g_assert_nonnull (position);
  {
    g_autoptr(GString) text = g_string_new (NULL);

    position += strlen ("\"start\": ");
    g_string_append_len (text, huge, position - huge);
    g_string_append (text, "18446744073709551617");
    g_string_append (text, position + strspn (position, "0123456789"));
    expect_invalid (fixture, text->str, -1, "essay.he.txt.annotations.json:");
  }

  future = g_strdup (sample);
  {
    g_autoptr(GRegex) regex = g_regex_new ("\"formatVersion\": 1", 0, 0, NULL);
    g_autofree char *text = g_regex_replace_literal (regex, future, -1, 0,
                                                     "\"formatVersion\": 999", 0, NULL);

    g_assert_cmpstr (text, !=, future);
    expect_invalid (fixture, text, -1, "999");
  }
}

static void
test_validate_other_text (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.txt", NULL);
  g_autoptr(GError) error = NULL;
  ShuTestRun run;

  /* A sidecar for another text: nothing of it can be placed here. */
  g_file_set_contents (other, "שלום עולם\n", -1, &error);
  g_assert_no_error (error);
  run = shu_test_run_cli (fixture->dir, "validate", "essay.he.txt.annotations.json",
                          "--source", "other.txt", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cannot be placed"));
  shu_test_run_clear (&run);
}

/* @contents, a sidecar, as if made on another text of the same name: its
 * text's SHA-256 is changed. */
static char *
dup_for_other_text (const char *contents)
{
  const char *key = "\"sha256\": \"";
  const char *sha = strstr (contents, "\"sourceText\": {");
  char *other = g_strdup (contents);

  g_assert_nonnull (sha);
  sha = strstr (sha, key);
  g_assert_nonnull (sha);
  memset (other + (sha - contents) + strlen (key), '0', 64);
  return other;
}

static void
test_missing_files (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *contents = read_file (fixture->sidecar);
  g_autofree char *other = dup_for_other_text (contents);

  ShuTestRun run = shu_test_run_cli (fixture->dir, "validate", "nonexistent.json", NULL);

  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "nonexistent.json"));
  shu_test_run_clear (&run);

  /* The sidecar is fine but its text is gone (and it is not the essay
   * that comes with Shulayim, which would be found: see below). */
  g_assert_true (g_file_set_contents (fixture->sidecar, other, -1, NULL));
  g_assert_cmpint (g_remove (fixture->text), ==, 0);
  run = shu_test_run_cli (fixture->dir, "validate", "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "essay.he.txt"));
  shu_test_run_clear (&run);
}

static void
test_stats (Fixture       *fixture,
            gconstpointer  data)
{
  ShuTestRun run = shu_test_run_cli (fixture->dir, "stats", "essay.he.txt.annotations.json",
                                     "essay.he.txt.annotations.json", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "per label:"));
  g_assert_nonnull (strstr (run.out, "per creator:"));
  g_assert_nonnull (strstr (run.out, "total: "));
  shu_test_run_clear (&run);

  /* One unreadable file makes the status 2; the others are still counted. */
  run = shu_test_run_cli (fixture->dir, "stats", "essay.he.txt.annotations.json", "missing.json",
                          NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.out, "per label:"));
  g_assert_nonnull (strstr (run.err, "missing.json"));
  shu_test_run_clear (&run);
}

/* The bundled essay's annotations kept apart from it: in the user's
 * Shulayim folder (where the app saves them, the essay's folder not being
 * the user's) or wherever the user saved them. validate and stats find the
 * essay among the bundled texts; a sidecar of another text that happens to
 * have the essay's name is never placed on it. */
static void
test_bundled_text_elsewhere (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *user_folder = g_build_filename (g_get_user_data_dir (), "shulayim", NULL);
  g_autofree char *in_user_folder = g_build_filename (user_folder,
                                                      "essay.he.txt.annotations.json", NULL);
  g_autofree char *saved = g_build_filename (fixture->dir, "saved", NULL);
  g_autofree char *elsewhere = g_build_filename (saved, "notes.json", NULL);
  g_autofree char *contents = read_file (fixture->sidecar);
  g_autofree char *other_text = dup_for_other_text (contents);
  ShuTestRun run;

  g_assert_cmpint (g_mkdir_with_parents (user_folder, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (saved, 0700), ==, 0);
  copy_file (fixture->sidecar, in_user_folder);
  copy_file (fixture->sidecar, elsewhere);

  run = shu_test_run_cli (NULL, "validate", in_user_folder, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": valid: "));
  g_assert_nonnull (strstr (run.out, "on essay.he.txt"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "stats", in_user_folder, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "per label:"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "validate", elsewhere, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": valid: "));
  shu_test_run_clear (&run);

  /* Annotations of another "essay.he.txt": not the bundled one. */
  g_assert_true (g_file_set_contents (elsewhere, other_text, -1, NULL));
  run = shu_test_run_cli (NULL, "validate", elsewhere, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "essay.he.txt"));
  shu_test_run_clear (&run);

  g_unlink (in_user_folder);
}

/* A text whose folder is not the user's (a CD): the app saves its
 * annotations in the user's Shulayim folder, which remembers where the text
 * is; validate and stats on that sidecar alone find it. */
static void
test_read_only_text_elsewhere (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autofree char *cd = g_build_filename (fixture->dir, "cd", NULL);
  g_autofree char *text_path = g_build_filename (cd, "story.txt", NULL);
  g_autofree char *in_user_folder = g_build_filename (g_get_user_data_dir (), "shulayim",
                                                      "story.txt.annotations.json", NULL);
  g_autoptr(GFile) text = g_file_new_for_path (text_path);
  g_autoptr(GFile) sidecar = g_file_new_for_path (in_user_folder);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GError) error = NULL;
  ShuRange range = { 5, 9 };
  ShuTestRun run;

  /* What the app does: the model's save. */
  g_assert_cmpint (g_mkdir_with_parents (cd, 0755), ==, 0);
  g_assert_true (g_file_set_contents (text_path, "שלום עולם, hello world\n", -1, NULL));
  source = shu_source_new_from_file (text, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  document = shu_document_new (source, NULL);
  shu_document_set_source_name (document, "story.txt");
  annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL, "tester", NULL, NULL);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);

  run = shu_test_run_cli (NULL, "validate", in_user_folder, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": valid: 1 annotation"));
  g_assert_nonnull (strstr (run.out, "on story.txt"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (NULL, "stats", in_user_folder, NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "tester"));
  shu_test_run_clear (&run);

  g_unlink (in_user_folder);
}

/* The counts per label and per creator agree with the model. */
static void
test_export_w3c (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *before = read_file (fixture->sidecar);
  g_autofree char *after = NULL;
  g_autofree char *out = g_build_filename (fixture->dir, "export.jsonld", NULL);
  const char *checker = g_getenv ("SHU_CHECK_W3C");
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "export", "--to", "w3c", "essay.he.txt.annotations.json",
                          "-o", "export.jsonld", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  g_assert_true (g_file_test (out, G_FILE_TEST_IS_REGULAR));

  /* Standard output gives the same bytes. */
  run = shu_test_run_cli (fixture->dir, "export", "--to", "w3c", "essay.he.txt.annotations.json",
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_autofree char *written = read_file (out);
    g_assert_cmpstr (run.out, ==, written);
    g_assert_nonnull (strstr (written, "\"@context\""));
    g_assert_nonnull (strstr (written, "urn:sha256:"));
  }
  shu_test_run_clear (&run);

  after = read_file (fixture->sidecar);
  g_assert_cmpstr (before, ==, after);

  if (checker == NULL || !g_file_test (checker, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_message ("the W3C conformance checker is not beside the project");
      return;
    }

  {
    const char *argv[] = { checker, out, NULL };
    g_autofree char *check_out = NULL;
    g_autofree char *check_err = NULL;
    g_autoptr(GError) error = NULL;
    int wait_status;

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &check_out, &check_err, &wait_status, &error);
    g_assert_no_error (error);
    g_test_message ("check-w3c: %s%s", check_out, check_err);
    g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
    g_assert_nonnull (strstr (check_out, " passed, 0 failed"));
  }
}

/* What a TEI body says the text is: its characters, each <lb/> a line
 * break, the anchors and segments adding nothing. */
typedef struct
{
  GString *text;
  guint    in_body;
} TeiBody;

static void
tei_body_start_cb (GMarkupParseContext  *context,
                   const char           *element,
                   const char          **names,
                   const char          **values,
                   gpointer              data,
                   GError              **error)
{
  TeiBody *body = data;

  if (g_str_equal (element, "body") || body->in_body > 0)
    body->in_body++;
  if (body->in_body > 0 && g_str_equal (element, "lb"))
    g_string_append_c (body->text, '\n');
}

static void
tei_body_end_cb (GMarkupParseContext  *context,
                 const char           *element,
                 gpointer              data,
                 GError              **error)
{
  TeiBody *body = data;

  if (body->in_body > 0)
    body->in_body--;
}

static void
tei_body_text_cb (GMarkupParseContext  *context,
                  const char           *text,
                  gsize                 length,
                  gpointer              data,
                  GError              **error)
{
  TeiBody *body = data;
  const char *element = g_markup_parse_context_get_element (context);

  /* The body's own layout (between <body>, <div> and <p>) is not text. */
  if (body->in_body > 0 && g_strcmp0 (element, "p") == 0)
    g_string_append_len (body->text, text, length);
  else if (body->in_body > 0 && g_strcmp0 (element, "seg") == 0)
    g_string_append_len (body->text, text, length);
}

static char *
tei_body_text (const char *xml)
{
  static const GMarkupParser parser = {
    tei_body_start_cb, tei_body_end_cb, tei_body_text_cb, NULL, NULL
  };
  TeiBody body = { g_string_new (NULL), 0 };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;

  context = g_markup_parse_context_new (&parser, G_MARKUP_DEFAULT_FLAGS, &body, NULL);
  g_markup_parse_context_parse (context, xml, -1, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
  return g_string_free (body.text, FALSE);
}

/* A researcher takes the annotated essay into a TEI edition: the file
 * validates against TEI P5, its body is the text exactly, and every
 * annotation is there with its label's category. */
static void
test_export_tei (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "essay.tei.xml", NULL);
  g_autofree char *check = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *body = NULL;
  g_autofree char *text = read_file (fixture->text);
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "export", "--to", "tei", "essay.he.txt.annotations.json",
                          "-o", "essay.tei.xml", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  xml = read_file (out);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TEI "));
  body = tei_body_text (xml);
  g_assert_cmpstr (body, ==, text);
  /* The 25 annotations of the sample, each pointing at its category. */
  g_assert_cmpuint (shu_test_count_string (xml, "<annotation "), ==, 25);
  g_assert_nonnull (strstr (xml, "<category xml:id=\"label-claim\""));
  g_assert_nonnull (strstr (xml, "ana=\"#label-claim\""));
  g_assert_nonnull (strstr (xml, "<idno type=\"sha256\">"));
  g_assert_nonnull (strstr (xml, "<text xml:lang=\"he\""));
  /* A starter label carries its name in every language Shulayim has for
   * it, its own description in Hebrew; the sidecar's own label "מושג"
   * only its one name, in the text's language. */
  g_assert_nonnull (strstr (xml, "<catDesc xml:lang=\"he\"><term>טענה</term> "
                                 "<gloss>טענה של הכותב</gloss></catDesc>"));
  g_assert_nonnull (strstr (xml, "<catDesc xml:lang=\"en\"><term>Claim</term> "
                                 "<gloss>A thesis or position the author asserts</gloss>"
                                 "</catDesc>"));
  g_assert_nonnull (strstr (xml, "<catDesc xml:lang=\"he\"><term>מושג</term></catDesc>\n"
                                 "          </category>"));
  g_assert_null (strstr (xml, "<term>Concept</term>"));

  check = shu_test_find_conformance ("SHU_CHECK_TEI", "tei", "check-tei");
  if (check == NULL)
    return;
  g_assert_true (shu_test_run_checker (check, out));
}

/* A pointed Hebrew text with Windows line breaks and characters XML
 * escapes comes back exactly from the body; --inline writes segments
 * where annotations do not cross, and refuses clearly where they do. */
static void
test_export_tei_inline (Fixture       *fixture,
                        gconstpointer  data)
{
  /* "שָׁלוֹם" is 7 code points: letters with their points. */
  const char *text = "שָׁלוֹם עוֹלָם\r\nשורה <שנייה> & \"ציטוט\"\tסוף\n\nאחרון\n";
  const char *apart = "T1\tClaim 0 7\tשָׁלוֹם\n"
                      "T2\tEvidence 16 20\tשורה\n"
                      "#1\tAnnotatorNotes T2\tהערה & <עוד>\n";
  const char *crossing = "T1\tClaim 0 7\tשָׁלוֹם\n"
                         "T2\tEvidence 3 14\tלוֹם עוֹלָם\n";
  g_autofree char *text_path = g_build_filename (fixture->dir, "pointed.txt", NULL);
  g_autofree char *ann = g_build_filename (fixture->dir, "pointed.ann", NULL);
  g_autofree char *check = NULL;
  ShuTestRun run;

  g_assert_true (g_file_set_contents (text_path, text, -1, NULL));
  g_assert_true (g_file_set_contents (ann, apart, -1, NULL));
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", "pointed.ann", "--source",
                          "pointed.txt", "-o", "pointed.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  for (guint inline_ = 0; inline_ < 2; inline_++)
    {
      g_autofree char *body = NULL;
      g_autofree char *out = g_build_filename (fixture->dir,
                                               inline_ ? "inline.xml" : "standoff.xml", NULL);

      run = shu_test_run_cli (fixture->dir, "export", "--to", "tei",
                              "pointed.txt.annotations.json", inline_ ? "--inline" : "-o",
                              inline_ ? "-o" : out, inline_ ? out : NULL, NULL);
      g_assert_cmpstr (run.err, ==, "");
      g_assert_cmpint (run.status, ==, 0);
      shu_test_run_clear (&run);
      {
        g_autofree char *xml = read_file (out);

        body = tei_body_text (xml);
        g_assert_cmpstr (body, ==, text);
        /* The comment is a note, escaped. */
        g_assert_nonnull (strstr (xml, "<note>הערה &amp; &lt;עוד&gt;</note>"));
        if (inline_)
          {
            g_assert_nonnull (strstr (xml, "<seg xml:id=\"seg-1-1\" ana=\"#label-n1\">"
                                           "שָׁלוֹם</seg>"));
            g_assert_cmpuint (shu_test_count_string (xml, "<seg "), ==, 2);
          }
      }
      if (check == NULL)
        check = shu_test_find_conformance ("SHU_CHECK_TEI", "tei", "check-tei");
      if (check != NULL)
        g_assert_true (shu_test_run_checker (check, out));
    }

  /* Crossing annotations cannot nest as elements: --inline says where,
   * standoff keeps both. */
  g_assert_true (g_file_set_contents (ann, crossing, -1, NULL));
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", "pointed.ann", "--source",
                          "pointed.txt", "-o", "crossing.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "tei", "--inline", "crossing.json",
                          "--source", "pointed.txt", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "--inline"));
  g_assert_nonnull (strstr (run.err, "overlap"));
  g_assert_nonnull (strstr (run.err, "1:4"));
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "tei", "crossing.json", "--source",
                          "pointed.txt", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (shu_test_count_string (run.out, "<annotation "), ==, 2);
  shu_test_run_clear (&run);
}

/* A philologist's brat file of links, events, an equivalence set and
 * attributes goes into a TEI edition: each relation is a <link> of its
 * kind's <linkGrp>, roles and attributes are feature structures, notes
 * on relations are notes that point at them, and the file validates. */
static void
test_export_tei_relations (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *ann = data_path ("brat-examples/hebrew-relations.ann");
  g_autofree char *txt = data_path ("brat-examples/hebrew-relations.txt");
  g_autofree char *text_path = g_build_filename (fixture->dir, "rambam.txt", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "rambam.xml", NULL);
  g_autofree char *check = NULL;
  g_autofree char *xml = NULL;
  const char *groups;
  ShuTestRun run;

  copy_file (txt, text_path);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", ann, "--source", "rambam.txt",
                          "-o", "rambam.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "tei", "rambam.txt.annotations.json",
                          "-o", "rambam.xml", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  xml = read_file (out);
  /* Three links, two events, one equivalence set, after the annotations. */
  groups = strstr (xml, "<linkGrp type=\"link\">");
  g_assert_nonnull (groups);
  g_assert_nonnull (strstr (xml, "</listAnnotation>"));
  g_assert_true (strstr (xml, "</listAnnotation>") < groups);
  g_assert_cmpuint (shu_test_count_string (xml, "<link "), ==, 6);
  g_assert_cmpuint (shu_test_count_string (xml, "<linkGrp "), ==, 3);
  g_assert_nonnull (strstr (xml, "<linkGrp type=\"event\">"));
  g_assert_nonnull (strstr (xml, "<linkGrp type=\"equivalence\">"));
  g_assert_nonnull (strstr (xml, "type=\"כתב_את\" target=\"#ann-"));
  g_assert_nonnull (strstr (xml, "type=\"Equiv\" target=\"#ann-"));
  /* The second event has the first as an argument. */
  g_assert_nonnull (strstr (xml, " #rel-"));
  /* Roles in argument order; the trigger first for an event. */
  g_assert_nonnull (strstr (xml, "<f name=\"roles\"><vColl org=\"list\">"
                                 "<string>Arg1</string><string>Arg2</string></vColl></f>"));
  g_assert_nonnull (strstr (xml, "<string>trigger</string><string>כותב</string>"
                                 "<string>יצירה</string><string>שפה</string>"));
  /* Attributes, valued and binary, of relations and of annotations. */
  g_assert_nonnull (strstr (xml, "<f name=\"וודאות\"><string>גבוהה</string></f>"));
  g_assert_nonnull (strstr (xml, "<f name=\"משוער\"><binary value=\"true\"/></f>"));
  g_assert_nonnull (strstr (xml, "<f name=\"מין\"><string>זכר</string></f>"));
  g_assert_nonnull (strstr (xml, "\">קשר בין שורות</note>"));

  check = shu_test_find_conformance ("SHU_CHECK_TEI", "tei", "check-tei");
  if (check == NULL)
    return;
  g_assert_true (shu_test_run_checker (check, out));
}

/* The brat project's declarations (annotation.conf): which attributes,
 * with which values, each label's annotations may have, and which
 * relations they may start, and each reference (brat's N lines) of an
 * annotation: all in the TEI edition, which validates. */
static const char rambam_conf[] =
  "[entities]\nאדם\nספר\nכתיבה\nשם_משפחה\nתרגום\nשפה\nשפות\n"
  "[relations]\nכתב_את Arg1:אדם, Arg2:ספר\nתרגם_את Arg1:אדם, Arg2:ספר\n"
  "מקור Arg1:ספר, Arg2:ספר\n"
  "Equiv Arg1:ספר, Arg2:ספר, <REL-TYPE>:symmetric-transitive\n"
  "[events]\n[attributes]\nמין Arg:אדם, Value:זכר|נקבה\nמשוער Arg:<RELATION>\n";

static void
import_rambam (Fixture    *fixture,
               const char *name)
{
  g_autofree char *ann = data_path ("brat-examples/hebrew-relations.ann");
  g_autofree char *txt = data_path ("brat-examples/hebrew-relations.txt");
  g_autofree char *text_path = g_build_filename (fixture->dir, name, NULL);
  g_autofree char *sidecar = g_strconcat (name, ".annotations.json", NULL);
  g_autofree char *ann_copy = g_build_filename (fixture->dir, "rambam.ann", NULL);
  g_autofree char *conf = g_build_filename (fixture->dir, "annotation.conf", NULL);
  ShuTestRun run;

  copy_file (txt, text_path);
  copy_file (ann, ann_copy);
  g_assert_true (g_file_set_contents (conf, rambam_conf, -1, NULL));
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", "rambam.ann", "--source", name,
                          "-o", sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  g_assert_cmpint (g_remove (ann_copy), ==, 0);
  g_assert_cmpint (g_remove (conf), ==, 0);
}

static void
test_export_tei_declarations (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "rambam.xml", NULL);
  g_autofree char *check = NULL;
  g_autofree char *xml = NULL;
  ShuTestRun run;

  import_rambam (fixture, "rambam.txt");
  run = shu_test_run_cli (fixture->dir, "export", "--to", "tei", "rambam.txt.annotations.json",
                          "-o", "rambam.xml", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  xml = read_file (out);

  /* "אדם" (the first label) declares "מין" with its two values. */
  g_assert_nonnull (strstr (xml, "<fsdDecl>"));
  g_assert_nonnull (strstr (xml, "<fsDecl type=\"label-n1\">"));
  g_assert_nonnull (strstr (xml, "<fDecl name=\"מין\"><vRange><vAlt><string>זכר</string>"
                                 "<string>נקבה</string></vAlt></vRange></fDecl>"));
  /* The relation types, each a category, the labels that may start them
   * pointing at them. */
  g_assert_nonnull (strstr (xml, "<taxonomy xml:id=\"relation-types\">"));
  g_assert_nonnull (strstr (xml, "<category xml:id=\"relation-type-1\" n=\"כתב_את\">"));
  g_assert_nonnull (strstr (xml, "<catDesc><term>כתב_את</term></catDesc>"));
  g_assert_nonnull (strstr (xml, "corresp=\"#relation-type-1 #relation-type-2\""));
  /* T1's reference, N1 Reference T1 Wikidata:Q127398 משה בן מימון. */
  g_assert_nonnull (strstr (xml, "<ref type=\"Reference\" target=\"Wikidata:Q127398\">"
                                 "משה בן מימון</ref>"));

  check = shu_test_find_conformance ("SHU_CHECK_TEI", "tei", "check-tei");
  if (check == NULL)
    return;
  g_assert_true (shu_test_run_checker (check, out));
}

static void add_project_texts (Fixture *fixture,
                               gboolean damaged);

/* A project folder into one TEI file: a <teiCorpus> whose header holds
 * the code book once (every text's labels, their declarations), then one
 * <TEI> per text, each with its own header, its body the text exactly,
 * its annotations pointing at the corpus's categories, and ids that do
 * not clash between texts: the file validates. */
static void
test_export_tei_corpus (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "corpus.xml", NULL);
  g_autofree char *essay = read_file (fixture->text);
  g_autofree char *check = NULL;
  g_autofree char *xml = NULL;
  guint n_bodies_checked = 0;
  ShuTestRun run;

  import_rambam (fixture, "rambam.txt");
  add_project_texts (fixture, FALSE);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "tei", ".", "-o", "corpus.xml", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  xml = read_file (out);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                        "<teiCorpus xmlns=\"http://www.tei-c.org/ns/1.0\">"));
  /* Three texts: the essay, greeting.txt (no annotations) and rambam.txt. */
  g_assert_cmpuint (shu_test_count_string (xml, "<TEI"), ==, 3);
  g_assert_cmpuint (shu_test_count_string (xml, "<teiHeader>"), ==, 4);
  /* The code book once, with the essay's and rambam's labels. */
  g_assert_cmpuint (shu_test_count_string (xml, "<taxonomy xml:id=\"labels\">"), ==, 1);
  g_assert_cmpuint (shu_test_count_string (xml, "<category xml:id=\"label-claim\""), ==, 1);
  g_assert_nonnull (strstr (xml, "<term>אדם</term>"));
  g_assert_nonnull (strstr (xml, "<fDecl name=\"מין\">"));
  g_assert_true (strstr (xml, "<fDecl name=\"מין\">") < strstr (xml, "<TEI"));
  /* Each text's ids are its own. */
  g_assert_nonnull (strstr (xml, "<annotation xml:id=\"t1-ann-1\""));
  g_assert_nonnull (strstr (xml, "<annotation xml:id=\"t3-ann-1\""));
  g_assert_nonnull (strstr (xml, "ana=\"#label-claim\""));

  /* Each TEI's body is its text. */
  for (const char *p = strstr (xml, "<TEI"); p != NULL; p = strstr (p + 1, "<TEI"))
    {
      const char *end = strstr (p, "</TEI>");
      g_autofree char *one = g_strndup (p, end + strlen ("</TEI>") - p);
      g_autofree char *body = tei_body_text (one);

      if (strstr (one, "<title type=\"file\">essay.he.txt</title>") != NULL)
        {
          g_assert_cmpstr (body, ==, essay);
          n_bodies_checked++;
        }
      else if (strstr (one, "<title type=\"file\">greeting.txt</title>") != NULL)
        {
          g_assert_cmpstr (body, ==, "שָׁלוֹם עֲלֵיכֶם, שלום.");
          n_bodies_checked++;
        }
    }
  g_assert_cmpuint (n_bodies_checked, ==, 2);

  check = shu_test_find_conformance ("SHU_CHECK_TEI", "tei", "check-tei");
  if (check == NULL)
    return;
  g_assert_true (shu_test_run_checker (check, out));
}


/* The member @name of the zip archive @archive, by unzip. */
/* A philologist's brat file of links, events, an equivalence set,
 * attributes and a reference goes into a QDA tool and back: each link is
 * a REFI-QDA Link between the two selections, named by its type, with its
 * note; what the standard cannot hold is counted on standard error, not
 * dropped in silence; the archive validates; imported again, the links
 * join the same annotations with the same types and note. */
static void
test_qdpx_links (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *ann = data_path ("brat-examples/hebrew-relations.ann");
  g_autofree char *txt = data_path ("brat-examples/hebrew-relations.txt");
  g_autofree char *text_path = g_build_filename (fixture->dir, "rambam.txt", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "rambam.qdpx", NULL);
  g_autofree char *unzip = g_find_program_in_path ("unzip");
  g_autofree char *check = NULL;
  g_autofree char *qde = NULL;
  g_autofree char *back_path = g_build_filename (fixture->dir, "back", "rambam.txt."
                                                 "annotations.json", NULL);
  g_autofree char *sidecar_path = g_build_filename (fixture->dir,
                                                    "rambam.txt.annotations.json", NULL);
  g_autoptr(GFile) sidecar_file = g_file_new_for_path (sidecar_path);
  g_autoptr(GFile) back_file = g_file_new_for_path (back_path);
  g_autoptr(ShuDocument) before = NULL;
  g_autoptr(ShuDocument) after = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  guint n_links = 0;
  ShuTestRun run;

  copy_file (txt, text_path);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", ann, "--source", "rambam.txt",
                          "-o", "rambam.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "qdpx", "rambam.txt.annotations.json",
                          "-o", "rambam.qdpx", NULL);
  g_assert_cmpint (run.status, ==, 0);
  /* What has no place in REFI-QDA, counted. */
  g_assert_nonnull (strstr (run.err, "rambam.txt: 2 events not written"));
  g_assert_nonnull (strstr (run.err, "rambam.txt: 1 equivalence sets not written"));
  g_assert_nonnull (strstr (run.err, "rambam.txt: the attributes of 1 links not written"));
  g_assert_nonnull (strstr (run.err, "rambam.txt: the attributes of 1 annotations not "
                                     "written"));
  g_assert_nonnull (strstr (run.err, "rambam.txt: the references of 1 annotations not "
                                     "written"));
  shu_test_run_clear (&run);

  if (!shu_test_need_tool (unzip, "unzip, which reads the exported archive"))
    return;
  qde = shu_test_unzip_member (out, "project.qde");
  g_assert_cmpuint (shu_test_count_string (qde, "<Link "), ==, 3);
  g_assert_nonnull (strstr (qde, "<Links>"));
  g_assert_nonnull (strstr (qde, " name=\"כתב_את\" direction=\"OneWay\" originGUID=\""));
  /* R3's note is a Note the link refers to. */
  g_assert_nonnull (strstr (qde, "קשר בין שורות"));

  check = shu_test_find_conformance ("SHU_CHECK_QDPX", "refi-qda", "check-qdpx");
  if (check != NULL)
    g_assert_true (shu_test_run_checker (check, out));

  run = shu_test_run_cli (fixture->dir, "import", "--from", "qdpx", "rambam.qdpx", "-o", "back",
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  before = shu_test_read_sidecar (sidecar_file);
  after = shu_test_read_sidecar (back_file);
  relations = shu_annotation_store_dup_relations (shu_document_get_store (before));
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      ShuRelation *back;

      if (shu_relation_get_kind (relation) != SHU_RELATION_LINK)
        continue;
      n_links++;
      back = shu_annotation_store_lookup_relation (shu_document_get_store (after),
                                                   shu_relation_get_id (relation));
      g_assert_nonnull (back);
      g_assert_cmpint (shu_relation_get_kind (back), ==, SHU_RELATION_LINK);
      g_assert_cmpstr (shu_relation_get_type_name (back), ==,
                       shu_relation_get_type_name (relation));
      g_assert_cmpstr (shu_relation_get_target (back, 0), ==,
                       shu_relation_get_target (relation, 0));
      g_assert_cmpstr (shu_relation_get_target (back, 1), ==,
                       shu_relation_get_target (relation, 1));
      g_assert_cmpuint (shu_relation_get_comments (back)->len, ==,
                        shu_relation_get_comments (relation)->len);
    }
  g_assert_cmpuint (n_links, ==, 3);
  g_assert_cmpuint (shu_annotation_store_get_n_relations (shu_document_get_store (after)), ==,
                    3);
}

/* A researcher takes the annotated essay into a QDA tool: a .qdpx that
 * validates against the REFI-QDA schema, the text byte for byte under
 * Sources/, each annotation a selection at its code point offsets with
 * its code, annotator, date and comment. */
static void
test_export_qdpx (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *out = g_build_filename (fixture->dir, "essay.qdpx", NULL);
  g_autofree char *codebook = g_build_filename (fixture->dir, "essay.qdc", NULL);
  g_autofree char *unzip = g_find_program_in_path ("unzip");
  g_autofree char *check = NULL;
  g_autofree char *qde = NULL;
  g_autofree char *qdc = NULL;
  g_autofree char *text = read_file (fixture->text);
  const char *path;
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "export", "--to", "qdpx", "essay.he.txt.annotations.json",
                          "-o", "essay.qdpx", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  if (!shu_test_need_tool (unzip, "unzip, which reads the exported archive"))
    return;
  qde = shu_test_unzip_member (out, "project.qde");
  g_assert_true (g_str_has_prefix (qde, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                        "<Project xmlns=\"urn:QDA-XML:project:1.0\""));
  /* The first annotation keeps its id as its GUID, at code points 18-36. */
  g_assert_nonnull (strstr (qde, "<PlainTextSelection guid=\"5a17e000-0000-4000-8000-"
                                 "000000000002\" name=\"הקומוניזם הסובייטי\" "
                                 "startPosition=\"18\" endPosition=\"36\""));
  /* 25 annotations, one of them in two parts; 3 have no label; 10
   * comments. */
  g_assert_cmpuint (shu_test_count_string (qde, "<PlainTextSelection "), ==, 26);
  g_assert_cmpuint (shu_test_count_string (qde, "<CodeRef "), ==, 23);
  g_assert_cmpuint (shu_test_count_string (qde, "<Note "), ==, 10);
  g_assert_nonnull (strstr (qde, "<Description>shulayim:part 2/2 of urn:uuid:5a17e000-0000-"
                                 "4000-8000-000000000019</Description>"));
  g_assert_nonnull (strstr (qde, " name=\"טענה\" isCodable=\"true\" color=\"#e01b24\">"));
  g_assert_nonnull (strstr (qde, " name=\"נועה לוי\"/>"));
  g_assert_nonnull (strstr (qde, "creationDateTime=\"20"));
  /* The text, byte for byte, where plainTextPath says. */
  path = strstr (qde, "plainTextPath=\"internal://");
  g_assert_nonnull (path);
  {
    g_autofree char *file = g_strndup (path + 26, strchr (path + 26, '"') - (path + 26));
    g_autofree char *member = g_strconcat ("Sources/", file, NULL);
    g_autofree char *stored = shu_test_unzip_member (out, member);

    g_assert_cmpstr (stored, ==, text);
  }

  run = shu_test_run_cli (fixture->dir, "export", "--to", "qdc", "essay.he.txt.annotations.json",
                          "-o", "essay.qdc", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  qdc = read_file (codebook);
  g_assert_true (g_str_has_prefix (qdc, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                                        "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
  /* The schema check-qdpx has is the project's; the code book's codes are
   * those of the project it validated. */
  {
    const char *codes = strstr (qdc, "<Codes>");
    const char *codes_end = strstr (qdc, "</Codes>");
    g_autofree char *block = NULL;

    g_assert_nonnull (codes);
    g_assert_nonnull (codes_end);
    block = g_strndup (codes, codes_end - codes);
    g_assert_cmpuint (shu_test_count_string (block, "<Code "), ==,
                      shu_test_count_string (qde, "<Code "));
    g_assert_nonnull (strstr (qdc, " name=\"טענה\" isCodable=\"true\" color=\"#e01b24\">"));
  }

  /* A project folder is one archive with every text. */
  add_project_texts (fixture, FALSE);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "qdpx", ".", "-o", "project.qdpx", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  {
    g_autofree char *project = g_build_filename (fixture->dir, "project.qdpx", NULL);
    g_autofree char *project_qde = shu_test_unzip_member (project, "project.qde");

    g_assert_cmpuint (shu_test_count_string (project_qde, "<TextSource "), ==, 2);
    g_assert_nonnull (strstr (project_qde, " name=\"greeting.txt\""));
    g_assert_cmpuint (shu_test_count_string (project_qde, "<PlainTextSelection "), ==, 26);

    check = shu_test_find_conformance ("SHU_CHECK_QDPX", "refi-qda", "check-qdpx");
    if (check == NULL)
      return;
    g_assert_true (shu_test_run_checker (check, out));
    g_assert_true (shu_test_run_checker (check, project));
  }
}

/* A project from a QDA tool comes in as a project folder: each text
 * source a text with its sidecar, what cannot be placed listed (a PDF, a
 * selection past the end), a selection whose end is its last character
 * (as some tools count) placed by its name. */
static void
test_import_qdpx (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *qde = g_build_filename (fixture->dir, "project.qde", NULL);
  g_autofree char *sources = g_build_filename (fixture->dir, "Sources", NULL);
  g_autofree char *text = g_build_filename (sources, "t1.txt", NULL);
  g_autofree char *zip = g_find_program_in_path ("zip");
  g_autofree char *sidecar = NULL;
  const char *project =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<Project xmlns=\"urn:QDA-XML:project:1.0\" name=\"p\" origin=\"QualCoder 3.5\">"
    "<Users><User guid=\"AAAAAAAA-0000-4000-8000-000000000001\" name=\"Dana\"/></Users>"
    "<CodeBook><Codes><Code guid=\"CCCCCCCC-0000-4000-8000-000000000001\" name=\"Theme\" "
    "isCodable=\"true\" color=\"#00FF00\"><Code guid=\"CCCCCCCC-0000-4000-8000-000000000002\" "
    "name=\"Sub\" isCodable=\"true\"/></Code></Codes></CodeBook>"
    "<Sources><TextSource guid=\"11111111-0000-4000-8000-000000000001\" name=\"Interview 1\" "
    "plainTextPath=\"internal://t1.txt\">"
    "<PlainTextSelection guid=\"22222222-0000-4000-8000-000000000001\" name=\"שָׁלוֹם\" "
    "startPosition=\"0\" endPosition=\"7\" creatingUser=\"AAAAAAAA-0000-4000-8000-000000000001\" "
    "creationDateTime=\"2024-05-01T10:00:00Z\"><Coding guid=\"33333333-0000-4000-8000-000000000001\">"
    "<CodeRef targetGUID=\"CCCCCCCC-0000-4000-8000-000000000002\"/></Coding>"
    "<NoteRef targetGUID=\"44444444-0000-4000-8000-000000000001\"/></PlainTextSelection>"
    "<PlainTextSelection guid=\"22222222-0000-4000-8000-000000000002\" name=\"עולם\" "
    "startPosition=\"8\" endPosition=\"11\"><Coding guid=\"33333333-0000-4000-8000-000000000002\">"
    "<CodeRef targetGUID=\"CCCCCCCC-0000-4000-8000-000000000001\"/></Coding></PlainTextSelection>"
    "<PlainTextSelection guid=\"22222222-0000-4000-8000-000000000003\" "
    "startPosition=\"5\" endPosition=\"900\"/></TextSource>"
    "<PDFSource guid=\"55555555-0000-4000-8000-000000000001\" name=\"paper.pdf\" "
    "path=\"internal://p.pdf\"/></Sources>"
    "<Notes><Note guid=\"44444444-0000-4000-8000-000000000001\" name=\"n\">"
    "<PlainTextContent>הערה &amp; עוד</PlainTextContent></Note></Notes></Project>\n";
  ShuTestRun run;

  if (!shu_test_need_tool (zip, "zip, which makes the test's archive"))
    return;
  g_assert_cmpint (g_mkdir (sources, 0700), ==, 0);
  g_assert_true (g_file_set_contents (text, "שָׁלוֹם עולם\n", -1, NULL));
  g_assert_true (g_file_set_contents (qde, project, -1, NULL));
  {
    const char *argv[] = { zip, "-q", "-r", "in.qdpx", "project.qde", "Sources", NULL };
    int status;

    g_assert_true (g_spawn_sync (fixture->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL,
                                 NULL, NULL, NULL, &status, NULL));
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }

  run = shu_test_run_cli (fixture->dir, "import", "--from", "qdpx", "in.qdpx", "-o", "imported",
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "PDFSource “paper.pdf” is not a text: left out"));
  g_assert_nonnull (strstr (run.err, "Interview 1.txt: selection "
                                     "22222222-0000-4000-8000-000000000003 left out: end 900 "
                                     "is past the end of the text"));
  g_assert_nonnull (strstr (run.err, "imported 1 texts with 2 annotations; 2 items left out"));
  shu_test_run_clear (&run);

  {
    g_autofree char *path = g_build_filename (fixture->dir, "imported", "Interview 1.txt",
                                              NULL);
    g_autofree char *sidecar_path = g_strconcat (path, ".annotations.json", NULL);
    g_autofree char *copy = read_file (path);

    g_assert_cmpstr (copy, ==, "שָׁלוֹם עולם\n");
    sidecar = read_file (sidecar_path);
  }
  g_assert_nonnull (strstr (sidecar, "\"id\": \"urn:uuid:22222222-0000-4000-8000-000000000001\""));
  g_assert_nonnull (strstr (sidecar, "\"value\": \"Theme/Sub\""));
  g_assert_nonnull (strstr (sidecar, "\"value\": \"הערה & עוד\""));
  g_assert_nonnull (strstr (sidecar, "\"name\": \"Dana\""));
  g_assert_nonnull (strstr (sidecar, "\"created\": \"2024-05-01T10:00:00Z\""));
  /* "עולם" ends at its last character, 11: placed as 8-12. */
  g_assert_nonnull (strstr (sidecar, "\"exact\": \"עולם\""));
  g_assert_nonnull (strstr (sidecar, "\"color\": \"#00ff00\""));

  /* Never into a folder that holds something. */
  run = shu_test_run_cli (fixture->dir, "import", "--from", "qdpx", "in.qdpx", "-o", "imported",
                          NULL);
  g_assert_cmpint (run.status, !=, 0);
  g_assert_nonnull (strstr (run.err, "not empty"));
  shu_test_run_clear (&run);
}

/* A code book written by ATLAS.ti (tests/data/refi-qda/README.md). */
static void
test_import_qdpx_real (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *atlas = g_test_build_filename (G_TEST_DIST, "data", "refi-qda",
                                                  "atlas-ti-23-codes.qdpx", NULL);
  g_autofree char *codebook = NULL;
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "import", "--from", "qdpx", atlas, "-o", "atlas", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "imported 0 texts with 0 annotations; 0 items"));
  shu_test_run_clear (&run);
  {
    g_autofree char *path = g_build_filename (fixture->dir, "atlas", "shulayim-codebook.json",
                                              NULL);

    codebook = read_file (path);
  }
  g_assert_nonnull (strstr (codebook, "\"name\": \"Commits\""));
  g_assert_nonnull (strstr (codebook, "\"name\": \"Commits/2022-05-10T02:05:59Z 19e4dce\""));
  g_assert_nonnull (strstr (codebook, "\"name\": \"Commits/2022-02-11T10:39:25Z cdbfd92\""));
}

static void
test_export_csv (Fixture       *fixture,
                 gconstpointer  data)
{
  ShuTestRun run = shu_test_run_cli (fixture->dir, "export", "--to", "csv",
                                     "essay.he.txt.annotations.json", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out,
                                   "id,start,end,text,label,comment,creator,created,modified\r\n"));
  g_assert_nonnull (strstr (run.out, "urn:uuid:"));
  shu_test_run_clear (&run);
}

/* A creator name from a colleague's file that a spreadsheet would run is
 * written behind a "'" in the CSV, unless --raw-cells asks for it as it is. */
static void
test_export_csv_formulas (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *contents = read_file (fixture->sidecar);
  g_auto(GStrv) parts = g_strsplit (contents, "\"name\": \"נועה לוי\"", -1);
  g_autofree char *hostile = g_strjoinv ("\"name\": \"=HYPERLINK(\\\"http://x.invalid\\\")\"", parts);
  g_autoptr(GError) error = NULL;
  ShuTestRun run;

  g_assert_cmpuint (g_strv_length (parts), >, 1);
  g_file_set_contents (fixture->sidecar, hostile, -1, &error);
  g_assert_no_error (error);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", "essay.he.txt.annotations.json",
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ",\"'=HYPERLINK(\"\"http://x.invalid\"\")\","));
  g_assert_null (strstr (run.out, ",=HYPERLINK"));
  g_assert_null (strstr (run.out, ",\"=HYPERLINK"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", "--raw-cells",
                          "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ",\"=HYPERLINK(\"\"http://x.invalid\"\")\","));
  shu_test_run_clear (&run);
}

/* A label name in a colleague's file that would retitle and clear the
 * terminal: the file is refused (a name holds no control character), and
 * the message says where and shows the name with them written out. */
static void
test_terminal_escapes (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *contents = read_file (fixture->sidecar);
  g_auto(GStrv) parts = g_strsplit (contents, "\"טענה\"", -1);
  g_autofree char *hostile = g_strjoinv ("\"\\u001b]0;owned\\u0007\\u001b[2Jטענה\"", parts);
  g_autoptr(GError) error = NULL;
  ShuTestRun run;

  g_assert_cmpuint (g_strv_length (parts), >, 2);
  g_file_set_contents (fixture->sidecar, hostile, -1, &error);
  g_assert_no_error (error);

  run = shu_test_run_cli (fixture->dir, "stats", "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strchr (run.err, '\x1b'));
  g_assert_null (strchr (run.err, '\x07'));
  g_assert_nonnull (strstr (run.err, "essay.he.txt.annotations.json:"));
  g_assert_nonnull (strstr (run.err, "the label's name “\\x1b]0;owned\\x07\\x1b[2Jטענה” holds "
                                     "the control character U+001B"));
  shu_test_run_clear (&run);

  /* Messages too: here the duplicate name is quoted in the error. */
  g_file_set_contents (fixture->sidecar, "{\"\\u001b[2J\": 1, \"\\u001b[2J\": 2}", -1,
                       &error);
  g_assert_no_error (error);
  run = shu_test_run_cli (fixture->dir, "validate", "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_null (strchr (run.err, '\x1b'));
  g_assert_nonnull (strstr (run.err, "\\x1b[2J"));
  shu_test_run_clear (&run);
}

/* A file whose name ends in a line break (issue 27: named
 * "file:///…%0A", GLib's URI for a path holding a control character) or
 * holds a right-to-left override (which reverses what follows it on a
 * terminal) is named by its path, those characters written out. */
static void
test_odd_file_names (Fixture       *fixture,
                     gconstpointer  data)
{
  const char *names[] = { "notes.json\n", "notes\u202Enosj.txt" };
  const char *shown[] = { "notes.json\\x0a:", "notes⟨RLO⟩nosj.txt:" };
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (fixture->dir, names[i], NULL);
      ShuTestRun run;

      g_file_set_contents (path, "{ not json", -1, &error);
      g_assert_no_error (error);
      run = shu_test_run_cli (fixture->dir, "validate", names[i], NULL);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_null (strstr (run.err, "file://"));
      g_assert_null (strstr (run.err, "\u202E"));
      g_assert_nonnull (strstr (run.err, shown[i]));
      shu_test_run_clear (&run);
    }
}

/* A summary that cannot be written is not a success. */
static void
test_full_output (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *commands[] = { "stats", "validate" };

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *script = g_strdup_printf ("exec \"$0\" %s essay.he.txt.annotations.json "
                                                 ">/dev/full", commands[i]);
      const char *argv[] = { "/bin/sh", "-c", script, g_getenv ("SHU_CLI"), NULL };
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      int wait_status;

      g_spawn_sync (fixture->dir, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, &err,
                    &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (WIFEXITED (wait_status));
      g_assert_cmpint (WEXITSTATUS (wait_status), ==, 2);
      g_assert_nonnull (strstr (err, "cannot write to standard output"));
    }

  /* -o names a device: written into, not refused, and its errors told. */
  {
    ShuTestRun run = shu_test_run_cli (fixture->dir, "export", "--to", "csv",
                                       "essay.he.txt.annotations.json", "-o", "/dev/null", NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.err, ==, "");
    shu_test_run_clear (&run);
    run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", "essay.he.txt.annotations.json",
                            "-o", "/dev/full", NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "cannot write to /dev/full"));
    shu_test_run_clear (&run);
  }
}

static void
test_never_overwrites_input (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *before = read_file (fixture->sidecar);
  g_autofree char *text_before = read_file (fixture->text);
  g_autofree char *link = g_build_filename (fixture->dir, "link.json", NULL);
  g_autofree char *after = NULL;
  g_autofree char *text_after = NULL;
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "export", "--to", "w3c", "essay.he.txt.annotations.json",
                          "-o", "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "refusing to write over it"));
  shu_test_run_clear (&run);

  /* Not through another name either. */
  g_assert_cmpint (symlink ("essay.he.txt.annotations.json", link), ==, 0);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", "essay.he.txt.annotations.json",
                          "-o", "link.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", "essay.he.txt.annotations.json",
                          "-o", "essay.he.txt", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);

  after = read_file (fixture->sidecar);
  text_after = read_file (fixture->text);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpstr (text_before, ==, text_after);
}

static ShuDocument *
load_document (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return shu_test_read_sidecar (file);
}

static const char *
label_name (ShuDocument   *document,
            ShuAnnotation *annotation)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  const char *id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = id != NULL ? shu_label_set_lookup (labels, id) : NULL;

  return label != NULL ? shu_label_get_name (label) : NULL;
}

/* Everything a researcher wrote survives: ids, ranges, label names,
 * comments, creators and dates. Label ids may be made anew by an import. */
static void
assert_same_annotations (ShuDocument *a,
                         ShuDocument *b)
{
  g_autoptr(GPtrArray) items_a = shu_annotation_store_dup_annotations (shu_document_get_store (a));
  g_autoptr(GPtrArray) items_b = shu_annotation_store_dup_annotations (shu_document_get_store (b));

  g_assert_cmpuint (items_a->len, ==, items_b->len);
  for (guint i = 0; i < items_a->len; i++)
    {
      ShuAnnotation *x = g_ptr_array_index (items_a, i);
      ShuAnnotation *y = g_ptr_array_index (items_b, i);
      GPtrArray *comments_x = shu_annotation_get_comments (x);
      GPtrArray *comments_y = shu_annotation_get_comments (y);

      g_assert_cmpstr (shu_annotation_get_id (x), ==, shu_annotation_get_id (y));
      g_assert_cmpuint (shu_annotation_get_n_ranges (x), ==, shu_annotation_get_n_ranges (y));
      g_assert_cmpmem (shu_annotation_get_ranges (x),
                       shu_annotation_get_n_ranges (x) * sizeof (ShuRange),
                       shu_annotation_get_ranges (y),
                       shu_annotation_get_n_ranges (y) * sizeof (ShuRange));
      g_assert_cmpstr (label_name (a, x), ==, label_name (b, y));
      g_assert_cmpuint (comments_x->len, ==, comments_y->len);
      for (guint j = 0; j < comments_x->len; j++)
        g_assert_true (shu_comment_equal (g_ptr_array_index (comments_x, j),
                                          g_ptr_array_index (comments_y, j)));
      g_assert_cmpstr (shu_annotation_get_creator (x), ==, shu_annotation_get_creator (y));
      g_assert_true (g_date_time_equal (shu_annotation_get_created (x),
                                        shu_annotation_get_created (y)));
      g_assert_true (g_date_time_equal (shu_annotation_get_modified (x),
                                        shu_annotation_get_modified (y)));
    }
}

static void
test_stats_counts (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(ShuDocument) document = load_document (fixture->sidecar);
  g_autofree char *expected = NULL;
  ShuAnnotationStore *store;
  guint n;
  ShuTestRun run;

  store = shu_document_get_store (document);
  n = g_list_model_get_n_items (G_LIST_MODEL (store));
  g_assert_cmpuint (n, >=, 20);

  run = shu_test_run_cli (fixture->dir, "stats", "essay.he.txt.annotations.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  expected = g_strdup_printf ("essay.he.txt.annotations.json: %u annotations\n", n);
  g_assert_true (g_str_has_prefix (run.out, expected));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (store))); i++)
    {
      g_autoptr(ShuLabel) label =
        g_list_model_get_item (G_LIST_MODEL (shu_annotation_store_get_labels (store)), i);
      g_autofree char *line =
        g_strdup_printf ("    %6u  %s\n",
                         shu_annotation_store_count_label (store, shu_label_get_id (label)),
                         shu_label_get_name (label));

      g_assert_nonnull (strstr (run.out, line));
    }
  shu_test_run_clear (&run);
}

static void
test_import_w3c_round_trip (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *imported = g_build_filename (fixture->dir, "imported.json", NULL);
  g_autoptr(ShuDocument) original = NULL;
  g_autoptr(ShuDocument) round_trip = NULL;
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "export", "--to", "w3c", "essay.he.txt.annotations.json",
                          "-o", "export.jsonld", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  /* Without -o the default sidecar exists already: it is never replaced. */
  run = shu_test_run_cli (fixture->dir, "import", "--from", "w3c", "export.jsonld",
                          "--source", "essay.he.txt", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "already exists"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "import", "--from", "w3c", "export.jsonld",
                          "--source", "essay.he.txt", "-o", "imported.json", NULL);
  /* Only the summary: nothing skipped, nothing moved. */
  g_assert_cmpstr (run.err, ==, "export.jsonld: imported 25 (25 exactly at their offsets), "
                   "skipped 0, not placed 0\n");
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "validate", "imported.json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  original = load_document (fixture->sidecar);
  round_trip = load_document (imported);
  assert_same_annotations (original, round_trip);

  /* The source argument is required; a missing input is a file error. */
  run = shu_test_run_cli (fixture->dir, "import", "--from", "w3c", "export.jsonld", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "w3c", "nothing.jsonld",
                          "--source", "essay.he.txt", "-o", "x.json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
}

/* Adds an annotation (with @id, over [start, end), commented @comment) to
 * the sidecar at @path, on @text, and saves it. */
static void
add_to_sidecar (const char *path,
                const char *text,
                const char *id,
                guint       start,
                guint       end,
                const char *comment)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (file, NULL, &error);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  ShuRange range = { start, end };

  g_assert_no_error (error);
  source = shu_source_new_from_file (text_file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, "he"));
  annotation = shu_annotation_new (id, &range, 1, "claim", comments, "בודק", NULL, NULL);
  if (!shu_annotation_store_add (shu_document_get_store (document), annotation, NULL))
    shu_annotation_store_replace (shu_document_get_store (document), annotation, NULL);
  shu_sidecar_save (document, file, &error);
  g_assert_no_error (error);
}

static void
save_sidecar (ShuDocument *document,
              const char  *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  shu_sidecar_save (document, file, &error);
  g_assert_no_error (error);
}

/* A second annotator's sidecar, made from scratch on @text (its own
 * default labels, named in English, its own ids): no shared history. */
static void
make_fresh_sidecar (const char *path,
                    const char *text,
                    const char *creator,
                    guint       n,
                    const char *id_prefix)
{
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_file (text_file, SHU_ENCODING_AUTO, NULL,
                                                          &error);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new_default ();
  g_autoptr(ShuDocument) document = NULL;

  g_assert_no_error (error);
  document = shu_document_new (source, labels);
  shu_document_set_source_name (document, "essay.he.txt");
  for (guint i = 0; i < n; i++)
    {
      ShuRange range = { 3000 + 40 * i, 3010 + 40 * i };
      g_autofree char *id = g_strdup_printf ("%s%012u", id_prefix, i + 1);
      g_autoptr(ShuAnnotation) annotation = shu_annotation_new (id, &range, 1, "evidence", NULL,
                                                                creator, NULL, NULL);

      g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                               NULL));
    }
  save_sidecar (document, path);
}

/* The ids of the annotations in @document. */
static GHashTable *
ids_of (ShuDocument *document)
{
  g_autoptr(GPtrArray) all = shu_annotation_store_dup_annotations (
    shu_document_get_store (document));
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < all->len; i++)
    g_hash_table_add (ids, g_strdup (shu_annotation_get_id (g_ptr_array_index (all, i))));
  return ids;
}

/* Every annotation of @part is in @whole. */
static void
assert_contains_all (GHashTable *whole,
                     GHashTable *part)
{
  GHashTableIter iter;
  const char *id;

  g_hash_table_iter_init (&iter, part);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (whole, id))
      g_error ("annotation %s is missing from the merge", id);
}

/* Two annotators from scratch (different creators, no shared history),
 * both saved: `merge OURS THEIRS` keeps every annotation of both; the
 * labels both have by id but named in two languages are conflicts, both
 * names in the file. */
static void
test_merge_two_way (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *theirs = g_build_filename (fixture->dir, "dan.annotations.json", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "merged.json", NULL);
  g_autofree char *ours_before = read_file (fixture->sidecar);
  g_autofree char *ours_after = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(ShuDocument) ours_doc = NULL;
  g_autoptr(ShuDocument) theirs_doc = NULL;
  g_autoptr(ShuDocument) result = NULL;
  g_autoptr(GHashTable) ours_ids = NULL;
  g_autoptr(GHashTable) theirs_ids = NULL;
  g_autoptr(GHashTable) result_ids = NULL;
  ShuTestRun run;

  make_fresh_sidecar (theirs, fixture->text, "Dan", 13, "urn:uuid:da000000-0000-4000-8000-");
  ours_doc = load_document (fixture->sidecar);
  theirs_doc = load_document (theirs);
  ours_ids = ids_of (ours_doc);
  theirs_ids = ids_of (theirs_doc);

  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, theirs, "-o", out, NULL);
  /* Label conflicts (טענה / Claim) are left to resolve: exit 1. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "conflicts to resolve"));
  result = load_document (out);
  result_ids = ids_of (result);
  assert_contains_all (result_ids, ours_ids);
  assert_contains_all (result_ids, theirs_ids);
  g_assert_cmpuint (g_hash_table_size (result_ids), ==,
                    g_hash_table_size (ours_ids) + g_hash_table_size (theirs_ids));
  merged = read_file (out);
  g_assert_nonnull (strstr (merged, "\"name\": \"טענה\",\n"));
  g_assert_nonnull (strstr (merged, "\"shu:conflict\": {\n        \"name\": \"Claim\",\n"));
  shu_test_run_clear (&run);

  /* The merged file is valid, and says what is left to resolve. */
  run = shu_test_run_cli (fixture->dir, "validate", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, ": valid: "));
  g_assert_nonnull (strstr (run.err, "label claim: טענה (merge conflict: or “Claim”)\n"));
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "stats", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "  טענה (merge conflict: or “Claim”)\n"));
  shu_test_run_clear (&run);

  /* Two-way is never git's driver: OURS is an input like any other. */
  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, theirs, "-o", fixture->sidecar,
                          NULL);
  g_assert_cmpint (run.status, ==, 2);
  ours_after = read_file (fixture->sidecar);
  g_assert_cmpstr (ours_before, ==, ours_after);
  shu_test_run_clear (&run);
}

/* With a real base, where theirs deleted 2 annotations and ours added
 * one: exactly those 2 are gone. */
static void
test_merge_three_way_deletes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *ours = g_build_filename (fixture->dir, "ours.json", NULL);
  g_autofree char *theirs = g_build_filename (fixture->dir, "theirs.json", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out.json", NULL);
  g_autoptr(ShuDocument) base_doc = load_document (fixture->sidecar);
  g_autoptr(ShuDocument) theirs_doc = load_document (fixture->sidecar);
  g_autoptr(ShuDocument) result = NULL;
  g_autoptr(GHashTable) base_ids = ids_of (base_doc);
  g_autoptr(GHashTable) result_ids = NULL;
  g_autoptr(GPtrArray) all = shu_annotation_store_dup_annotations (
    shu_document_get_store (theirs_doc));
  g_autofree char *gone_a = g_strdup (shu_annotation_get_id (g_ptr_array_index (all, 2)));
  g_autofree char *gone_b = g_strdup (shu_annotation_get_id (g_ptr_array_index (all, 7)));
  ShuTestRun run;

  copy_file (fixture->sidecar, ours);
  add_to_sidecar (ours, fixture->text, "urn:uuid:00000000-0000-4000-8000-00000000000a", 600,
                  620, NULL);
  g_assert_true (shu_annotation_store_remove (shu_document_get_store (theirs_doc), gone_a, NULL));
  g_assert_true (shu_annotation_store_remove (shu_document_get_store (theirs_doc), gone_b, NULL));
  save_sidecar (theirs_doc, theirs);

  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, ours, theirs, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  result = load_document (out);
  result_ids = ids_of (result);
  g_assert_cmpuint (g_hash_table_size (result_ids), ==, g_hash_table_size (base_ids) - 2 + 1);
  g_assert_false (g_hash_table_contains (result_ids, gone_a));
  g_assert_false (g_hash_table_contains (result_ids, gone_b));
  g_assert_true (g_hash_table_contains (result_ids,
                                        "urn:uuid:00000000-0000-4000-8000-00000000000a"));
  shu_test_run_clear (&run);
}

/* A brat project, imported and exported back: annotation.conf and
 * visual.conf are written beside the .ann, and say what the project's
 * said; an annotation.conf already there is left as it is, with a word. */
static void
test_brat_config (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *project = g_build_filename (fixture->dir, "news", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "back", NULL);
  g_autofree char *ann = g_build_filename (project, "intro.ann", NULL);
  g_autofree char *txt = g_build_filename (project, "intro.txt", NULL);
  g_autofree char *conf = g_build_filename (project, "annotation.conf", NULL);
  g_autofree char *sidecar = g_build_filename (project, "intro.txt.annotations.json", NULL);
  g_autofree char *folder_out = g_build_filename (fixture->dir, "folder-back", NULL);
  g_autofree char *out_ann = g_build_filename (out, "intro.ann", NULL);
  g_autofree char *out_conf = g_build_filename (out, "annotation.conf", NULL);
  g_autofree char *out_visual = g_build_filename (out, "visual.conf", NULL);
  g_autofree char *original = NULL;
  g_autofree char *written = NULL;
  g_autofree char *visual = NULL;
  g_autofree char *after = NULL;
  g_autoptr(ShuBratConfig) want = NULL;
  g_autoptr(ShuBratConfig) got = NULL;
  g_auto(GStrv) want_facts = NULL;
  g_auto(GStrv) got_facts = NULL;
  ShuTestRun run;

  g_assert_cmpint (g_mkdir (project, 0700), ==, 0);
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  {
    g_autofree char *from_ann = data_path ("brat-examples/tutorials_news_000-introduction.ann");
    g_autofree char *from_txt = data_path ("brat-examples/tutorials_news_000-introduction.txt");
    g_autofree char *from_conf = data_path ("brat-examples/tutorials_news.annotation.conf");
    g_autofree char *from_visual = data_path ("brat-examples/tutorials_news.visual.conf");
    g_autofree char *visual_path = g_build_filename (project, "visual.conf", NULL);

    copy_file (from_ann, ann);
    copy_file (from_txt, txt);
    copy_file (from_conf, conf);
    copy_file (from_visual, visual_path);
  }

  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", ann, "--source", txt, "-o",
                          sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", sidecar, "-o", out_ann, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  shu_test_run_clear (&run);

  original = read_file (conf);
  written = read_file (out_conf);
  want = shu_brat_config_parse (original, NULL);
  got = shu_brat_config_parse (written, NULL);
  want_facts = shu_brat_config_dup_facts (want);
  got_facts = shu_brat_config_dup_facts (got);
  g_assert_cmpstrv (got_facts, want_facts);
  visual = read_file (out_visual);
  g_assert_nonnull (strstr (visual, "\nPerson\tbgColor:#ff821c\n"));

  /* A folder exported as a folder: the configuration beside its .ann. */
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", project, "-o", folder_out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  shu_test_run_clear (&run);
  {
    g_autofree char *folder_conf = g_build_filename (folder_out, "annotation.conf", NULL);
    g_autofree char *folder_text = read_file (folder_conf);

    g_assert_cmpstr (folder_text, ==, written);
  }

  /* Into the project itself: its own annotation.conf stays. */
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", sidecar, "-o", ann, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "annotation.conf exists and differs from the label set's; "
                            "left as it is"));
  after = read_file (conf);
  g_assert_cmpstr (after, ==, original);
  shu_test_run_clear (&run);
}

/* A label brat's configuration cannot hold ("Gene|Protein" would be two
 * names of one type): the .ann is exported, no annotation.conf or
 * visual.conf is written, and stderr names the label. */
static void
test_brat_config_refused (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *txt = g_build_filename (fixture->dir, "genes.txt", NULL);
  g_autofree char *ann = g_build_filename (fixture->dir, "genes.ann", NULL);
  g_autofree char *sidecar = g_build_filename (fixture->dir, "genes.txt.annotations.json", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out", NULL);
  g_autofree char *out_ann = g_build_filename (out, "genes.ann", NULL);
  g_autofree char *out_conf = g_build_filename (out, "annotation.conf", NULL);
  g_autofree char *out_visual = g_build_filename (out, "visual.conf", NULL);
  g_autofree char *exported = NULL;
  ShuTestRun run;

  g_assert_true (g_file_set_contents (txt, "p53 binds MDM2\n", -1, NULL));
  g_assert_true (g_file_set_contents (ann, "T1\tGene|Protein 0 3\tp53\nT2\tPerson 10 14\tMDM2\n",
                                      -1, NULL));
  g_assert_cmpint (g_mkdir (out, 0700), ==, 0);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", ann, "--source", txt, "-o",
                          sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", sidecar, "-o", out_ann, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "“Gene|Protein”"));
  shu_test_run_clear (&run);
  exported = read_file (out_ann);
  g_assert_nonnull (strstr (exported, "\tGene|Protein 0 3\tp53\n"));
  g_assert_false (g_file_test (out_conf, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (out_visual, G_FILE_TEST_EXISTS));
}

static void
test_formats (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *ann = g_build_filename (fixture->dir, "e.ann", NULL);
  g_autofree char *imported = g_build_filename (fixture->dir, "imported.json", NULL);
  g_autofree char *bad = g_build_filename (fixture->dir, "bad.ann", NULL);
  g_autofree char *before = read_file (fixture->sidecar);
  g_autofree char *first = NULL;
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", fixture->sidecar, "-o", ann,
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", ann, "--source", fixture->text,
                          "-o", imported, NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", imported, NULL);
  g_assert_cmpint (run.status, ==, 0);
  first = read_file (ann);
  g_assert_cmpstr (run.out, ==, first);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "jsonl", fixture->sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "{\"id\": 1, \"text\": \""));
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "html", fixture->sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "<html lang=\"he\" dir=\"rtl\">"));
  shu_test_run_clear (&run);

  /* Relations are kept (issue 21): imported, saved and exported again. */
  g_file_set_contents (bad, "T1\tClaim 18 36\tהקומוניזם הסובייטי\nR1\tRel Arg1:T1 Arg2:T1\n",
                       -1, NULL);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", bad, "--source", fixture->text,
                          "-o", imported, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_null (strstr (run.err, "not imported"));
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", imported, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "T1\tClaim 18 36\tהקומוניזם הסובייטי\nR1\tRel Arg1:T1 Arg2:T1\n");
  shu_test_run_clear (&run);
  /* A line that cannot be placed is skipped and reported, the rest kept
   * (issue 22); --strict refuses the file, for scripts that want that. */
  g_file_set_contents (bad, "T1\tClaim 18 36\tמשהו אחר\nT2\tClaim 18 36\tהקומוניזם הסובייטי\n",
                       -1, NULL);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", bad, "--source", fixture->text,
                          "-o", imported, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "bad.ann:1:16: T1: the text \"משהו אחר\" does not match"));
  g_assert_nonnull (strstr (run.err, "; line skipped\n"));
  g_assert_nonnull (strstr (run.err, "bad.ann: imported 1 (1 exactly at their offsets), "
                            "skipped 1, not placed 0\n"));
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", bad, "--source", fixture->text,
                          "-o", imported, "--strict", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "bad.ann:1:16: T1: the text \"משהו אחר\" does not match"));
  g_assert_null (strstr (run.err, "skipped"));
  shu_test_run_clear (&run);
  /* Hypothesis and Label Studio: a UTF-16 position after an emoji is
   * exact when the unit is given. */
  {
    g_autofree char *text = g_build_filename (fixture->dir, "he.txt", NULL);
    g_autofree char *hyp = g_build_filename (fixture->dir, "h.json", NULL);
    g_autofree char *ls = g_build_filename (fixture->dir, "ls.json", NULL);
    g_autofree char *out = g_build_filename (fixture->dir, "he.json", NULL);

    g_file_set_contents (text, "שלום 👋 עולם\n", -1, NULL);
    g_file_set_contents (hyp, "{\"rows\": [{\"id\": \"a1\", \"tags\": [\"מקום\"], \"target\": "
                         "[{\"selector\": [{\"type\": \"TextPositionSelector\", \"start\": 8, "
                         "\"end\": 12}, {\"type\": \"TextQuoteSelector\", "
                         "\"exact\": \"עולם\"}]}]},"
                         " {\"id\": \"a2\", \"target\": [{\"source\": \"x\"}]}]}", -1, NULL);
    run = shu_test_run_cli (fixture->dir, "import", "--from", "hypothesis", hyp, "--source", text,
                            "-o", out, "--offsets", "utf16", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "h.json: imported 1 (1 exactly at their offsets), "
                              "skipped 1, not placed 0\n"));
    shu_test_run_clear (&run);
    g_file_set_contents (ls, "[{\"data\": {\"text\": \"שלום 👋 עולם\"}, \"annotations\": "
                         "[{\"id\": 1, \"result\": [{\"id\": \"r\", \"type\": \"labels\", "
                         "\"value\": {\"start\": 8, \"end\": 12, \"text\": \"עולם\", \"labels\": "
                         "[\"מקום\"]}}]}]}]", -1, NULL);
    run = shu_test_run_cli (fixture->dir, "import", "--from", "labelstudio", ls, "--source", text,
                            "-o", out, NULL);
    g_assert_cmpint (run.status, ==, 0);
    /* Counted as code points it is placed by its text, and the unit named. */
    g_assert_nonnull (strstr (run.err, "ls.json: imported 1 (0 exactly at their offsets), "
                              "skipped 0, not placed 0\n"));
    g_assert_nonnull (strstr (run.err, "counted as UTF-16 code units"));
    shu_test_run_clear (&run);
  }

  /* A doccano file with several texts: each becomes a text and its
   * sidecar in the folder asked for; never over existing files. */
  {
    g_autofree char *many = g_build_filename (fixture->dir, "many.jsonl", NULL);
    g_autofree char *into = g_build_filename (fixture->dir, "docs", NULL);
    g_autofree char *text = g_build_filename (into, "7.txt", NULL);
    g_autofree char *sidecar = g_build_filename (into, "7.txt.annotations.json", NULL);
    g_autofree char *written = NULL;

    g_file_set_contents (many, "{\"id\": 7, \"text\": \"נשיא 🇮🇱 המדינה\", \"label\": "
                         "[[0, 4, \"תפקיד\"]]}\n{\"text\": \"שני\", \"label\": []}\n", -1, NULL);
    run = shu_test_run_cli (fixture->dir, "import", "--from", "jsonl", many, "--into", into, NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "many.jsonl: 2 documents with 1 annotations written "
                              "into "));
    shu_test_run_clear (&run);
    written = read_file (text);
    g_assert_cmpstr (written, ==, "נשיא 🇮🇱 המדינה");
    run = shu_test_run_cli (fixture->dir, "validate", sidecar, NULL);
    g_assert_cmpint (run.status, ==, 0);
    shu_test_run_clear (&run);
    run = shu_test_run_cli (fixture->dir, "import", "--from", "jsonl", many, "--into", into, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "already exists; nothing was written"));
    shu_test_run_clear (&run);
  }

  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", bad, "--source", fixture->text,
                          "-o", imported, "--offsets", "words", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "unknown offset unit “words” (use codepoints, utf16 or "
                            "bytes)"));
  shu_test_run_clear (&run);

  {
    g_autofree char *after = read_file (fixture->sidecar);

    g_assert_cmpstr (before, ==, after);
  }
}

/* A web tool's brat file counts UTF-16 units: imported with --offsets
 * utf16 and exported the same way, the researcher gets the tool's own
 * offsets back. The W3C export cannot: the model requires code points. */
static void
test_export_offsets (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *text = g_build_filename (fixture->dir, "e.txt", NULL);
  g_autofree char *ann = g_build_filename (fixture->dir, "e16.ann", NULL);
  g_autofree char *sidecar = g_build_filename (fixture->dir, "e.txt.annotations.json", NULL);
  const char *by_utf16 = "T1\tPlace 8 12\tעולם\nT2\tEnd 16 19\tסוף\n";
  ShuTestRun run;

  g_assert_true (g_file_set_contents (text, "שלום 👋 עולם 😀 סוף\n", -1, NULL));
  g_assert_true (g_file_set_contents (ann, by_utf16, -1, NULL));
  run = shu_test_run_cli (fixture->dir, "import", "--from", "brat", "--offsets", "utf16", ann,
                          "--source", text, "-o", sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", "--offsets", "utf16", sidecar,
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, by_utf16);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "brat", sidecar, NULL);
  g_assert_cmpstr (run.out, ==, "T1\tPlace 7 11\tעולם\nT2\tEnd 14 17\tסוף\n");
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "jsonl", "--offsets", "utf16", sidecar,
                          NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "\"label\": [[8, 12, \"Place\"], [16, 19, \"End\"]]"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "w3c", "--offsets", "utf16", sidecar,
                          NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--offsets is for --to brat and jsonl: W3C positions "
                            "count code points (the Web Annotation model requires it)"));
  g_assert_cmpstr (run.out, ==, "");
  shu_test_run_clear (&run);
}

static void
test_reanchor (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *essay = read_file (fixture->text);
  g_autofree char *moved_text = g_build_filename (fixture->dir, "moved.txt", NULL);
  g_autofree char *edited_text = g_build_filename (fixture->dir, "edited.txt", NULL);
  g_autofree char *moved_out = g_build_filename (fixture->dir, "moved.txt.annotations.json", NULL);
  g_autofree char *edited_out = g_build_filename (fixture->dir, "edited.json", NULL);
  g_autofree char *elsewhere = g_build_filename (g_get_tmp_dir (), "elsewhere.json", NULL);
  g_autofree char *prefixed = g_strconcat ("הקדמה קצרה לפני המאמר.\n", essay, NULL);
  g_autoptr(GString) edited = g_string_new (essay);
  g_autofree char *written = NULL;
  ShuTestRun run;

  /* Everything moves by the same amount: all placed, exit 0. */
  g_file_set_contents (moved_text, prefixed, -1, NULL);
  run = shu_test_run_cli (fixture->dir, "reanchor", fixture->sidecar, "--source", moved_text,
                          "-o", moved_out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "urn:uuid:5a17e000-0000-4000-8000-000000000001: moved 18–52 "
                                     "→ 41–75, confidence 1.00"));
  g_assert_nonnull (strstr (run.out, "25 placed (0 exact, 25 moved, 0 fuzzy), 0 orphans"));
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "validate", moved_out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);

  /* The words of one annotation are gone: it is kept as an orphan, the
   * file is written, and the exit status says so. */
  g_string_replace (edited, "מצהלות שמחה - לאיד", "קולות", 1);
  g_file_set_contents (edited_text, edited->str, -1, NULL);
  run = shu_test_run_cli (fixture->dir, "reanchor", fixture->sidecar, "--source", edited_text,
                          "-o", edited_out, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.out, "urn:uuid:5a17e000-0000-4000-8000-000000000005: orphan "
                                     "(was 265–283) “מצהלות שמחה - לאיד”"));
  g_assert_nonnull (strstr (run.out, "24 placed"));
  written = read_file (edited_out);
  g_assert_nonnull (strstr (written, "\"orphans\": ["));
  g_assert_nonnull (strstr (written, "\"name\": \"edited.txt\""));
  shu_test_run_clear (&run);

  /* A sidecar elsewhere would not find its text. */
  run = shu_test_run_cli (fixture->dir, "reanchor", fixture->sidecar, "--source", edited_text,
                          "-o", elsewhere, NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "reanchor", fixture->sidecar, NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
}

static void
test_agree (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *other = g_build_filename (fixture->dir, "other.json", NULL);
  ShuTestRun run;

  copy_file (fixture->sidecar, other);
  add_to_sidecar (other, fixture->text, NULL, 600, 620, NULL);
  run = shu_test_run_cli (fixture->dir, "agree", fixture->sidecar, other, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "     A      B    kappa  exact-F1  overlap-F1  label\n"));
  g_assert_nonnull (strstr (run.out, "     8      9 "));
  g_assert_nonnull (strstr (run.out, "(overall)\n"));
  g_assert_null (strstr (run.out, "nan"));
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "agree", fixture->sidecar, NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
}

/* The sample (labels named in Hebrew) and a colleague's copy made with an
 * English interface, same label ids: `agree` finds complete agreement on
 * every label and names each both ways. */
static void
test_agree_across_languages (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *english = g_build_filename (fixture->dir, "english.json", NULL);
  g_autoptr(ShuDocument) document = load_document (fixture->sidecar);
  g_autoptr(GFile) file = g_file_new_for_path (english);
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  const char *names[][2] = {
    { "claim", "Claim" }, { "evidence", "Evidence" }, { "concept", "Concept" },
    { "rhetoric", "Rhetoric" },
  };
  g_auto(GStrv) lines = NULL;
  ShuTestRun run;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ShuLabel *hebrew = shu_label_set_lookup (labels, names[i][0]);
      g_autoptr(ShuLabel) renamed = shu_label_new (names[i][0], names[i][1],
                                                   shu_label_get_color (hebrew), NULL, 0);

      g_assert_true (shu_annotation_store_replace_label (store, renamed));
    }
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);

  /* Hebrew reaches the terminal as it is only in a UTF-8 locale. */
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  run = shu_test_run_cli (fixture->dir, "agree", english, fixture->sidecar, NULL);
  g_unsetenv ("LC_ALL");
  g_test_message ("%s", run.out);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "     8      8    1.000     1.000       1.000  "
                                     "Claim / טענה\n"));
  lines = g_strsplit (run.out, "\n", -1);
  /* The header, four labels, "(no label)", the overall row and the final
   * newline. */
  g_assert_cmpuint (g_strv_length (lines), ==, 8);
  for (guint i = 1; i < 7; i++)
    g_assert_nonnull (strstr (lines[i], "    1.000     1.000       1.000  "));
  shu_test_run_clear (&run);
}

static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *ours = g_build_filename (fixture->dir, "ours.json", NULL);
  g_autofree char *theirs = g_build_filename (fixture->dir, "theirs.json", NULL);
  g_autofree char *out = g_build_filename (fixture->dir, "out.json", NULL);
  g_autofree char *base_before = read_file (fixture->sidecar);
  g_autofree char *merged = NULL;
  ShuTestRun run;

  copy_file (fixture->sidecar, ours);
  copy_file (fixture->sidecar, theirs);
  add_to_sidecar (ours, fixture->text, "urn:uuid:00000000-0000-4000-8000-00000000000a", 600,
                  620, NULL);
  add_to_sidecar (theirs, fixture->text, "urn:uuid:00000000-0000-4000-8000-00000000000b", 700,
                  720, NULL);

  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, ours, theirs, "-o", out, NULL);
  g_assert_cmpint (run.status, ==, 0);
  merged = read_file (out);
  g_assert_nonnull (strstr (merged, "00000000000a"));
  g_assert_nonnull (strstr (merged, "00000000000b"));
  g_assert_nonnull (strstr (merged, "\"total\": 27,"));
  shu_test_run_clear (&run);

  /* Only OURS may be written over (git's contract); never BASE or THEIRS. */
  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, ours, theirs, "-o", theirs,
                          NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, ours, theirs, "-o",
                          fixture->sidecar, NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
  {
    g_autofree char *base_after = read_file (fixture->sidecar);

    g_assert_cmpstr (base_before, ==, base_after);
  }

  /* The same annotation changed differently on both sides: exit 1, both
   * versions in the result, marked. */
  add_to_sidecar (ours, fixture->text, "urn:uuid:5a17e000-0000-4000-8000-000000000001", 18,
                  52, "שלנו");
  add_to_sidecar (theirs, fixture->text, "urn:uuid:5a17e000-0000-4000-8000-000000000001", 18,
                  52, "שלהם");
  run = shu_test_run_cli (fixture->dir, "merge", fixture->sidecar, ours, theirs, "-o", ours, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "changed differently on both sides"));
  g_free (merged);
  merged = read_file (ours);
  g_assert_nonnull (strstr (merged, "\"value\": \"שלנו\""));
  g_assert_nonnull (strstr (merged, "\"value\": \"שלהם\""));
  g_assert_nonnull (strstr (merged, "\"shu:conflict\": \"urn:uuid:5a17e000-0000-4000-8000-000000000001\""));
  shu_test_run_clear (&run);
}

/* Runs git in @dir and returns its exit status, with its output. */
static int
git_status_va (const char  *dir,
               char       **out,
               char       **err,
               va_list      args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int wait_status;

  g_ptr_array_add (argv, (char *) "git");
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (dir, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out, err,
                &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static int G_GNUC_NULL_TERMINATED
git_status (const char  *dir,
            char       **out,
            char       **err,
            ...)
{
  va_list args;
  int status;

  va_start (args, err);
  status = git_status_va (dir, out, err, args);
  va_end (args);
  return status;
}

/* Runs git in @dir; fails the test if it fails. */
static void G_GNUC_NULL_TERMINATED
git (const char *dir,
     ...)
{
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  va_list args;
  int status;

  va_start (args, dir);
  status = git_status_va (dir, &out, &err, args);
  va_end (args);
  if (status != 0)
    g_error ("git failed: %s%s", out, err);
}

static void
test_git_merge_driver (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *gitbin = g_find_program_in_path ("git");
  g_autofree char *driver = NULL;
  g_autofree char *attributes = g_build_filename (fixture->dir, ".gitattributes", NULL);
  g_autofree char *ignore = g_build_filename (fixture->dir, ".gitignore", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (fixture->sidecar);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  ShuAnnotationStore *store;

  /* Not a skip: the driver is what this test is about. */
  if (gitbin == NULL)
    g_error ("git is not installed");

  /* docs/MERGE.md: the attributes and the driver. */
  g_file_set_contents (attributes, "*.annotations.json merge=shulayim\n", -1, NULL);
  g_file_set_contents (ignore, "*~\n", -1, NULL);
  driver = g_strdup_printf ("%s merge %%O %%A %%B -o %%A --path %%P", g_getenv ("SHU_CLI"));
  git (fixture->dir, "init", "-q", "-b", "main", NULL);
  git (fixture->dir, "config", "user.name", "Test", NULL);
  git (fixture->dir, "config", "user.email", "test@example.org", NULL);
  git (fixture->dir, "config", "merge.shulayim.name", "Shulayim sidecar merge", NULL);
  git (fixture->dir, "config", "merge.shulayim.driver", driver, NULL);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "essay and its annotations", NULL);

  /* Two researchers annotate the same text differently on two branches;
   * their new annotations are next to each other in the file, which a
   * line-based merge would report as a conflict. */
  git (fixture->dir, "checkout", "-q", "-b", "other", NULL);
  add_to_sidecar (fixture->sidecar, fixture->text, "urn:uuid:00000000-0000-4000-8000-0000000000b1",
                  600, 620, "מהענף השני");
  git (fixture->dir, "commit", "-q", "-am", "theirs", NULL);
  git (fixture->dir, "checkout", "-q", "main", NULL);
  add_to_sidecar (fixture->sidecar, fixture->text, "urn:uuid:00000000-0000-4000-8000-0000000000a1",
                  600, 621, "מהענף הראשי");
  git (fixture->dir, "commit", "-q", "-am", "ours", NULL);
  git (fixture->dir, "merge", "-q", "--no-edit", "other", NULL);

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 0);
  store = shu_document_get_store (document);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 27);
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:00000000-0000-4000-8000-0000000000a1"));
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:00000000-0000-4000-8000-0000000000b1"));

  {
    ShuTestRun run = shu_test_run_cli (fixture->dir, "validate", fixture->sidecar, NULL);

    g_assert_cmpint (run.status, ==, 0);
    shu_test_run_clear (&run);
  }
}

/* A repository whose sidecars merge with the driver (docs/MERGE.md), with
 * the essay in notes/ committed on main. Returns notes/ in the fixture. */
static char *
git_repository (Fixture *fixture)
{
  g_autofree char *gitbin = g_find_program_in_path ("git");
  g_autofree char *driver = NULL;
  g_autofree char *attributes = g_build_filename (fixture->dir, ".gitattributes", NULL);
  g_autofree char *ignore = g_build_filename (fixture->dir, ".gitignore", NULL);
  g_autofree char *notes = g_build_filename (fixture->dir, "notes", NULL);
  g_autofree char *text = g_build_filename (notes, "essay.he.txt", NULL);

  /* Not a skip: the driver is what this test is about. */
  if (gitbin == NULL)
    g_error ("git is not installed");

  g_assert_cmpint (g_mkdir (notes, 0700), ==, 0);
  copy_file (fixture->text, text);
  g_assert_cmpint (g_remove (fixture->sidecar), ==, 0);
  g_assert_cmpint (g_remove (fixture->text), ==, 0);
  g_file_set_contents (attributes, "*.annotations.json merge=shulayim\n", -1, NULL);
  g_file_set_contents (ignore, "*~\n", -1, NULL);
  driver = g_strdup_printf ("%s merge %%O %%A %%B -o %%A --path %%P", g_getenv ("SHU_CLI"));
  git (fixture->dir, "init", "-q", "-b", "main", NULL);
  git (fixture->dir, "config", "user.name", "Test", NULL);
  git (fixture->dir, "config", "user.email", "test@example.org", NULL);
  git (fixture->dir, "config", "merge.shulayim.name", "Shulayim sidecar merge", NULL);
  git (fixture->dir, "config", "merge.shulayim.driver", driver, NULL);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "the essay", NULL);
  return g_steal_pointer (&notes);
}

/* Both branches created the sidecar (git's add/add: an empty base): a
 * two-way merge with both sides' annotations, the conflicts marked in the
 * file and reported to git, so the file shows as conflicted. */
static void
test_git_add_add (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *notes = git_repository (fixture);
  g_autofree char *text = g_build_filename (notes, "essay.he.txt", NULL);
  g_autofree char *sidecar = g_build_filename (notes, "essay.he.txt.annotations.json", NULL);
  g_autofree char *sample = data_path ("essay.he.txt.annotations.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *porcelain = NULL;
  g_autofree char *merged = NULL;
  g_autoptr(ShuDocument) ours = NULL;
  g_autoptr(ShuDocument) theirs = NULL;
  g_autoptr(ShuDocument) result = NULL;
  g_autoptr(GHashTable) ours_ids = NULL;
  g_autoptr(GHashTable) theirs_ids = NULL;
  g_autoptr(GHashTable) result_ids = NULL;

  git (fixture->dir, "checkout", "-q", "-b", "dan", NULL);
  make_fresh_sidecar (sidecar, text, "Dan", 13, "urn:uuid:da000000-0000-4000-8000-");
  theirs = load_document (sidecar);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "Dan's annotations", NULL);
  git (fixture->dir, "checkout", "-q", "main", NULL);
  copy_file (sample, sidecar);
  ours = load_document (sidecar);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "Noa's annotations", NULL);

  g_assert_cmpint (git_status (fixture->dir, &out, &err, "merge", "--no-edit", "dan", NULL), ==,
                   1);
  g_assert_null (strstr (err, "empty input"));
  g_assert_nonnull (strstr (out, "CONFLICT (add/add)"));

  result = load_document (sidecar);
  ours_ids = ids_of (ours);
  theirs_ids = ids_of (theirs);
  result_ids = ids_of (result);
  assert_contains_all (result_ids, ours_ids);
  assert_contains_all (result_ids, theirs_ids);
  merged = read_file (sidecar);
  g_assert_nonnull (strstr (merged, "\"shu:conflict\": {\n        \"name\": \"Claim\",\n"));
  git_status (fixture->dir, &porcelain, NULL, "status", "--porcelain", NULL);
  g_assert_nonnull (strstr (porcelain, "AA notes/essay.he.txt.annotations.json"));

  /* What git left is a valid sidecar that says what is left to resolve. */
  {
    ShuTestRun run = shu_test_run_cli (fixture->dir, "validate", sidecar, NULL);

    g_assert_cmpint (run.status, ==, 0);
    g_assert_nonnull (strstr (run.err, "label claim: טענה (merge conflict: or “Claim”)"));
    shu_test_run_clear (&run);
  }
}

/* Replaces the label @id in the sidecar at @path with one named @name. */
static void
rename_label (const char *path,
              const char *id,
              const char *name,
              const char *color)
{
  g_autoptr(ShuDocument) document = load_document (path);
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabel *label = shu_label_set_lookup (shu_annotation_store_get_labels (store), id);
  g_autoptr(ShuLabel) renamed = NULL;

  renamed = shu_label_new (id, name, color != NULL ? color : shu_label_get_color (label),
                           shu_label_get_description (label), shu_label_get_shortcut (label));
  g_assert_true (shu_annotation_store_replace_label (store, renamed));
  save_sidecar (document, path);
}

/* A label renamed differently on both branches (and recoloured on one):
 * both names kept, the label marked, git told of the conflict; theirs'
 * colour change is taken, not dropped. */
static void
test_git_label_renamed (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *notes = git_repository (fixture);
  g_autofree char *sidecar = g_build_filename (notes, "essay.he.txt.annotations.json", NULL);
  g_autofree char *sample = data_path ("essay.he.txt.annotations.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *porcelain = NULL;
  g_autoptr(ShuDocument) result = NULL;
  ShuLabel *label;

  copy_file (sample, sidecar);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "annotations", NULL);
  git (fixture->dir, "checkout", "-q", "-b", "dan", NULL);
  rename_label (sidecar, "claim", "תזה", "#1c71d8");
  git (fixture->dir, "commit", "-q", "-am", "claim is a thesis", NULL);
  git (fixture->dir, "checkout", "-q", "main", NULL);
  rename_label (sidecar, "claim", "טענה מרכזית", NULL);
  git (fixture->dir, "commit", "-q", "-am", "claim is a main claim", NULL);

  g_assert_cmpint (git_status (fixture->dir, &out, &err, "merge", "--no-edit", "dan", NULL), ==,
                   1);
  git_status (fixture->dir, &porcelain, NULL, "status", "--porcelain", NULL);
  g_assert_nonnull (strstr (porcelain, "UU notes/essay.he.txt.annotations.json"));
  result = load_document (sidecar);
  label = shu_label_set_lookup (shu_annotation_store_get_labels (shu_document_get_store (result)),
                                "claim");
  g_assert_cmpstr (shu_label_get_name (label), ==, "טענה מרכזית");
  g_assert_cmpstr (shu_label_get_color (label), ==, "#1c71d8");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_CHANGED);
  g_assert_cmpstr (shu_label_get_name (shu_label_get_conflict (label)), ==, "תזה");
  {
    g_autofree char *merged = read_file (sidecar);

    g_assert_nonnull (strstr (merged, "\"name\": \"טענה מרכזית\""));
    g_assert_nonnull (strstr (merged, "\"name\": \"תזה\""));
  }
}

/* A corrupt version on one branch: the message names the side and the
 * sidecar's real path, not git's temporary file, and the merge stops. */
static void
test_git_corrupt_side (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *notes = git_repository (fixture);
  g_autofree char *text = g_build_filename (notes, "essay.he.txt", NULL);
  g_autofree char *sidecar = g_build_filename (notes, "essay.he.txt.annotations.json", NULL);
  g_autofree char *sample = data_path ("essay.he.txt.annotations.json");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *contents = NULL;

  copy_file (sample, sidecar);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "annotations", NULL);
  git (fixture->dir, "checkout", "-q", "-b", "dan", NULL);
  contents = read_file (sidecar);
  /* A hand edit gone wrong: a comma lost between two members. */
  g_assert_nonnull (strstr (contents, "\"type\": \"AnnotationCollection\","));
  {
    g_autoptr(GString) broken = g_string_new (contents);

    g_string_replace (broken, "\"type\": \"AnnotationCollection\",",
                      "\"type\": \"AnnotationCollection\"", 1);
    g_file_set_contents (sidecar, broken->str, -1, NULL);
  }
  git (fixture->dir, "commit", "-q", "-am", "a hand edit", NULL);
  git (fixture->dir, "checkout", "-q", "main", NULL);
  add_to_sidecar (sidecar, text, "urn:uuid:00000000-0000-4000-8000-0000000000a1", 600, 621, NULL);
  git (fixture->dir, "commit", "-q", "-am", "ours", NULL);

  g_assert_cmpint (git_status (fixture->dir, &out, &err, "merge", "--no-edit", "dan", NULL), !=,
                   0);
  g_assert_nonnull (strstr (err, "theirs (the branch being merged) in "
                                 "notes/essay.he.txt.annotations.json:27:"));
  g_assert_null (strstr (err, ".merge_file"));
}

/* A folder as a project (docs/PROJECTS.md): the fixture's folder holds
 * the essay and its sidecar; a pointed Hebrew text without annotations
 * and a text whose sidecar is damaged join it here. */
static void
add_project_texts (Fixture *fixture,
                   gboolean damaged)
{
  g_autofree char *pointed = g_build_filename (fixture->dir, "greeting.txt", NULL);
  g_autofree char *other = g_build_filename (fixture->dir, "sub", "other.txt", NULL);
  g_autofree char *other_sidecar = g_strconcat (other, ".annotations.json", NULL);
  g_autofree char *sub = g_path_get_dirname (other);

  g_assert_true (g_file_set_contents (pointed, "שָׁלוֹם עֲלֵיכֶם, שלום.", -1, NULL));
  if (!damaged)
    return;
  g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
  g_assert_true (g_file_set_contents (other, "טקסט אחר.", -1, NULL));
  g_assert_true (g_file_set_contents (other_sidecar, "{\n", -1, NULL));
}

static void
test_project_stats (Fixture       *fixture,
                    gconstpointer  data)
{
  ShuTestRun run;

  add_project_texts (fixture, FALSE);
  run = shu_test_run_cli (fixture->dir, "stats", ".", NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  /* The essay's 25 (see /cli/stats/counts); the greeting has none. */
  g_assert_true (g_str_has_prefix (run.out, ".: 25 annotations\n  2 documents\n  per label:\n"
                                            "         8  טענה\n"));
  g_assert_nonnull (strstr (run.out,
                            "  per creator:\n        11  יוסף חדד\n        14  נועה לוי\n"));
  shu_test_run_clear (&run);

  /* Each annotator's texts by status (the team corpus of
   * shu-test-corpus.h): dana done with t1, in progress on t2 (she
   * annotated it), not started on t3; yossi the other way round. */
  {
    g_autofree char *team = g_build_filename (fixture->dir, "team", NULL);

    shu_test_write_team_corpus (team);
    run = shu_test_run_cli (fixture->dir, "stats", "team", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_true (g_str_has_suffix (run.out,
                                     "  texts per annotator: not started, in progress, done:\n"
                                     "         1      1      1  dana\n"
                                     "         1      1      1  yossi\n"));
    shu_test_run_clear (&run);
    shu_test_remove_tree (team);
  }

  /* A damaged sidecar is named on stderr with its place, makes the status
   * 1, and the rest is still counted. */
  add_project_texts (fixture, TRUE);
  run = shu_test_run_cli (fixture->dir, "stats", ".", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "sub/other.txt.annotations.json:2:1: "));
  g_assert_true (g_str_has_prefix (run.out, ".: 25 annotations\n  3 documents\n"));
  shu_test_run_clear (&run);
}

static void
test_project_search (Fixture       *fixture,
                     gconstpointer  data)
{
  ShuTestRun run;

  add_project_texts (fixture, FALSE);
  /* Without points, in context, grouped by text in the list's order (the
   * essay, then the greeting), in text order within one. */
  run = shu_test_run_cli (fixture->dir, "search", ".", "שלום", "--context", "6", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_true (g_str_has_suffix (run.out,
                                   "greeting.txt:0-7: [שָׁלוֹם] עֲלֵי\n"
                                   "greeting.txt:18-22: יכֶם, [שלום].\n"));
  shu_test_run_clear (&run);

  /* With points compared, only the plain one. */
  run = shu_test_run_cli (fixture->dir, "search", "greeting.txt", "שלום", "--exact", "--context",
                          "3", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "greeting.txt:18-22: ם, [שלום].\n");
  shu_test_run_clear (&run);

  /* Annotations: every claim by one annotator, from a sidecar given as
   * a file. */
  run = shu_test_run_cli (fixture->dir, "search", "essay.he.txt.annotations.json", "", "--label",
                          "טענה", "--creator", "יוסף חדד", NULL);
  g_assert_cmpint (run.status, ==, 0);
  {
    g_auto(GStrv) lines = g_strsplit (run.out, "\n", -1);

    /* 3 of the essay's 8 claims are his (see /cli/agree-project). */
    g_assert_cmpuint (g_strv_length (lines), ==, 4);
    g_assert_true (g_str_has_prefix (lines[0], "essay.he.txt.annotations.json:"));
  }
  shu_test_run_clear (&run);

  /* By attribute and by relation (the team corpus of shu-test-corpus.h):
   * the act in the past, and both ends of the one link. */
  {
    g_autofree char *team = g_build_filename (fixture->dir, "team", NULL);

    shu_test_write_team_corpus (team);
    run = shu_test_run_cli (fixture->dir, "search", "team", "", "--attribute", "זמן=עבר", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "t2.txt:6-9: ציפור [שרה]. \n");
    shu_test_run_clear (&run);
    run = shu_test_run_cli (fixture->dir, "search", "team", "", "--relation", "*", "--context",
                            "3", NULL);
    g_assert_cmpint (run.status, ==, 0);
    g_assert_cmpstr (run.out, ==, "t1.txt:0-4: [הכלב] נב\nt1.txt:5-8: לב [נבח]. ה\n");
    shu_test_run_clear (&run);
  }

  run = shu_test_run_cli (fixture->dir, "search", ".", "", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
}

static void
test_project_report (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *html_path = g_build_filename (fixture->dir, "report.html", NULL);
  g_autofree char *html = NULL;
  ShuTestRun run;

  add_project_texts (fixture, FALSE);
  run = shu_test_run_cli (fixture->dir, "report", ".", "--to", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==,
                   "document,טענה,ראיה,מושג,רטוריקה,(no label),total\r\n"
                   "essay.he.txt,8,6,4,4,3,25\r\n"
                   "greeting.txt,0,0,0,0,0,0\r\n");
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "report", ".", "--to", "html", "-o", "report.html", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  html = read_file (html_path);
  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"he\" dir=\"rtl\">"));
  g_assert_nonnull (strstr (html, "class=\"bars\""));
  g_assert_nonnull (strstr (html, "class=\"heat\""));

  /* The agreement table needs its two annotators. */
  run = shu_test_run_cli (fixture->dir, "report", ".", "--to", "csv", "--table", "agreement",
                          NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);
  run = shu_test_run_cli (fixture->dir, "report", ".", "--to", "csv", "--table", "agreement",
                          "--annotator", "יוסף חדד", "--annotator", "נועה לוי", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "document,label,n_a,n_b,kappa,exact_f1,overlap_f1\r\n"
                                            "(all),טענה,3,5,"));
  shu_test_run_clear (&run);
}

/* Agreement of two annotators across a folder: the same figures as the
 * two annotators' sidecars compared on the essay alone would give, the
 * greeting adding only unannotated text. */
static void
test_project_agree (Fixture       *fixture,
                    gconstpointer  data)
{
  ShuTestRun run;

  run = shu_test_run_cli (fixture->dir, "agree", ".", "יוסף חדד", "נועה לוי", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "     A      B    kappa  exact-F1  overlap-F1  label\n"
                                            "     3      5 "));
  g_assert_nonnull (strstr (run.out, "    11     14 "));
  shu_test_run_clear (&run);
}

static void
test_project_export (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *exported = g_build_filename (fixture->dir, "out", "essay.he.txt.csv", NULL);
  g_autofree char *greeting = g_build_filename (fixture->dir, "out", "greeting.txt.csv", NULL);
  g_autofree char *contents = NULL;
  ShuTestRun run;

  add_project_texts (fixture, FALSE);
  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", ".", NULL);
  g_assert_cmpint (run.status, ==, 2);
  shu_test_run_clear (&run);

  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", ".", "-o", "out", NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  contents = read_file (exported);
  /* What the export of the sidecar alone writes; texts without a sidecar
   * have nothing to export. */
  run = shu_test_run_cli (fixture->dir, "export", "--to", "csv", "essay.he.txt.annotations.json",
                          NULL);
  g_assert_cmpstr (contents, ==, run.out);
  g_assert_false (g_file_test (greeting, G_FILE_TEST_EXISTS));
  shu_test_run_clear (&run);
}

/* docs/PROJECTS.md's one command: then two researchers' branches merge
 * without a conflict, as in /cli/merge/git-driver set up by hand. */
static void
test_git_setup (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *gitbin = g_find_program_in_path ("git");
  g_autofree char *attributes = g_build_filename (fixture->dir, ".gitattributes", NULL);
  g_autofree char *ignore = g_build_filename (fixture->dir, ".gitignore", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (fixture->sidecar);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  ShuTestRun run;

  /* Not a skip: git is what this test is about. */
  if (gitbin == NULL)
    g_error ("git is not installed");

  run = shu_test_run_cli (fixture->dir, "git-setup", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "not in a git repository"));
  shu_test_run_clear (&run);

  git (fixture->dir, "init", "-q", "-b", "main", NULL);
  git (fixture->dir, "config", "user.name", "Test", NULL);
  git (fixture->dir, "config", "user.email", "test@example.org", NULL);
  g_file_set_contents (attributes, "*.pdf binary", -1, NULL);
  run = shu_test_run_cli (fixture->dir, "git-setup", "--command", g_getenv ("SHU_CLI"), NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  /* Twice is once. */
  run = shu_test_run_cli (fixture->dir, "git-setup", ".", "--command", g_getenv ("SHU_CLI"), NULL);
  g_assert_cmpint (run.status, ==, 0);
  shu_test_run_clear (&run);
  contents = read_file (attributes);
  g_assert_cmpstr (contents, ==, "*.pdf binary\n*.annotations.json merge=shulayim\n");

  g_file_set_contents (ignore, "*~\n", -1, NULL);
  git (fixture->dir, "add", ".", NULL);
  git (fixture->dir, "commit", "-q", "-m", "essay and its annotations", NULL);
  git (fixture->dir, "checkout", "-q", "-b", "other", NULL);
  add_to_sidecar (fixture->sidecar, fixture->text, "urn:uuid:00000000-0000-4000-8000-0000000000b1",
                  600, 620, "מהענף השני");
  git (fixture->dir, "commit", "-q", "-am", "theirs", NULL);
  git (fixture->dir, "checkout", "-q", "main", NULL);
  add_to_sidecar (fixture->sidecar, fixture->text, "urn:uuid:00000000-0000-4000-8000-0000000000a1",
                  600, 621, "מהענף הראשי");
  git (fixture->dir, "commit", "-q", "-am", "ours", NULL);
  git (fixture->dir, "merge", "-q", "--no-edit", "other", NULL);

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shu_sidecar_get_n_annotations (sidecar), ==, 27);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  g_autofree char *cache_home = NULL;

  shu_test_use_private_tmp ();
  /* The user's data folder, for this process (GLib reads it once) and the
   * programs it runs: a private one. */
  data_home = g_build_filename (g_get_tmp_dir (), "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  /* And the cache folder, where a folder's project index goes. */
  cache_home = g_build_filename (g_get_tmp_dir (), "cache-home", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("SHU_CLI") == NULL)
    g_error ("SHU_CLI must name the shulayim-cli binary");

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/hebrew-messages", test_hebrew_messages);
  ADD ("/cli/validate/sample", test_validate_sample);
  ADD ("/cli/validate/hostile", test_validate_hostile);
  ADD ("/cli/validate/other-text", test_validate_other_text);
  ADD ("/cli/validate/missing-files", test_missing_files);
  ADD ("/cli/stats/output", test_stats);
  ADD ("/cli/stats/counts", test_stats_counts);
  ADD ("/cli/bundled-text-elsewhere", test_bundled_text_elsewhere);
  ADD ("/cli/read-only-text-elsewhere", test_read_only_text_elsewhere);
  ADD ("/cli/export/w3c", test_export_w3c);
  ADD ("/cli/export/tei", test_export_tei);
  ADD ("/cli/export/tei-inline", test_export_tei_inline);
  ADD ("/cli/export/tei-relations", test_export_tei_relations);
  ADD ("/cli/export/tei-declarations", test_export_tei_declarations);
  ADD ("/cli/export/tei-corpus", test_export_tei_corpus);
  ADD ("/cli/export/qdpx", test_export_qdpx);
  ADD ("/cli/qdpx-links", test_qdpx_links);
  ADD ("/cli/import/qdpx", test_import_qdpx);
  ADD ("/cli/import/qdpx-real", test_import_qdpx_real);
  ADD ("/cli/export/csv", test_export_csv);
  ADD ("/cli/export/csv-formulas", test_export_csv_formulas);
  ADD ("/cli/terminal-escapes", test_terminal_escapes);
  ADD ("/cli/odd-file-names", test_odd_file_names);
  ADD ("/cli/full-output", test_full_output);
  ADD ("/cli/export/never-overwrites-input", test_never_overwrites_input);
  ADD ("/cli/import/w3c-round-trip", test_import_w3c_round_trip);
  ADD ("/cli/formats", test_formats);
  ADD ("/cli/export/brat-config", test_brat_config);
  ADD ("/cli/export/brat-config-refused", test_brat_config_refused);
  ADD ("/cli/export/offsets", test_export_offsets);
  ADD ("/cli/reanchor", test_reanchor);
  ADD ("/cli/agree", test_agree);
  ADD ("/cli/agree-across-languages", test_agree_across_languages);
  ADD ("/cli/merge", test_merge);
  ADD ("/cli/merge/git-driver", test_git_merge_driver);
  ADD ("/cli/merge/two-way", test_merge_two_way);
  ADD ("/cli/merge/three-way-deletes", test_merge_three_way_deletes);
  ADD ("/cli/merge/git-add-add", test_git_add_add);
  ADD ("/cli/merge/git-label-renamed", test_git_label_renamed);
  ADD ("/cli/merge/git-corrupt-side", test_git_corrupt_side);
  ADD ("/cli/project/stats", test_project_stats);
  ADD ("/cli/project/search", test_project_search);
  ADD ("/cli/project/report", test_project_report);
  ADD ("/cli/project/agree", test_project_agree);
  ADD ("/cli/project/export", test_project_export);
  ADD ("/cli/git-setup", test_git_setup);

#undef ADD

  return g_test_run ();
}
