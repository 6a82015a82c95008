/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-error.h"
#include "shu-merge.h"
#include "shu-merge-apply.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* A team codes a corpus, each annotator saying per text how far they are
 * (not started, in progress, done; issue 23): saved in the sidecar, read
 * back, derived for a sidecar that never said, merged by the later word. */

#define TEXT "שלום לכם. השלום בא.\n"

typedef struct
{
  char  *dir;
  GFile *text;
  GFile *sidecar;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("shulayim-status-XXXXXX", &error);
  g_assert_no_error (error);
  shu_test_write_file (f->dir, "a.txt", TEXT);
  path = g_build_filename (f->dir, "a.txt", NULL);
  f->text = g_file_new_for_path (path);
  f->sidecar = shu_sidecar_default_file (f->text);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->text);
  g_clear_object (&f->sidecar);
  shu_test_remove_tree (f->dir);
  g_free (f->dir);
}

static ShuDocument *
new_document (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_file (f->text, SHU_ENCODING_UTF8, NULL,
                                                          &error);

  g_assert_no_error (error);
  return shu_document_new (source, NULL);
}

static void
add_by (ShuDocument *document,
        guint        start,
        guint        end,
        const char  *creator)
{
  ShuRange range = { start, end };
  g_autoptr(ShuAnnotation) annotation =
    shu_annotation_new (NULL, &range, 1, NULL, NULL, creator, NULL, NULL);

  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                           NULL));
}

static char *
saved (Fixture *f)
{
  char *contents = NULL;
  g_autofree char *path = g_file_get_path (f->sidecar);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

/* Dana says she is done: Save is offered, the file says so under her
 * name with the time, in a version older readers read (they leave the
 * member out rather than misread it), and it reads back. */
static void
test_saved_and_read (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(ShuDocument) document = new_document (f);
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  ShuAnnotationStore *store = shu_document_get_store (document);

  add_by (document, 0, 4, "dana");
  g_assert_true (shu_sidecar_save (document, f->sidecar, &error));
  g_assert_no_error (error);
  g_assert_false (shu_annotation_store_get_modified (store));

  g_assert_cmpint (shu_document_get_status (document, "dana"), ==, SHU_ANNOTATOR_IN_PROGRESS);
  g_assert_true (shu_document_set_status (document, "dana", SHU_ANNOTATOR_DONE));
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_false (shu_document_set_status (document, "dana", SHU_ANNOTATOR_DONE));
  g_assert_true (shu_document_set_status (document, "yossi", SHU_ANNOTATOR_NOT_STARTED));
  g_assert_true (shu_sidecar_save (document, f->sidecar, &error));
  g_assert_no_error (error);

  contents = saved (f);
  g_assert_nonnull (strstr (contents, "\"formatVersion\": 1,"));
  g_assert_nonnull (strstr (contents,
                            "  \"shu:status\": [\n"
                            "    {\n"
                            "      \"annotator\": \"dana\",\n"
                            "      \"status\": \"done\",\n"
                            "      \"modified\": \""));
  g_assert_nonnull (strstr (contents,
                            "      \"annotator\": \"yossi\",\n"
                            "      \"status\": \"not-started\",\n"));

  back = shu_test_read_sidecar (f->sidecar);
  g_assert_cmpint (shu_document_get_status (back, "dana"), ==, SHU_ANNOTATOR_DONE);
  g_assert_cmpint (shu_document_get_status (back, "yossi"), ==, SHU_ANNOTATOR_NOT_STARTED);
  g_assert_cmpuint (shu_document_get_statuses (back)->len, ==, 2);
  /* Saving again what was read writes the same bytes. */
  {
    g_autofree char *again = NULL;

    g_assert_true (shu_sidecar_save (back, f->sidecar, &error));
    again = saved (f);
    g_assert_cmpstr (again, ==, contents);
  }
}

/* A sidecar from before statuses: who annotated is in progress, anyone
 * else not started, and nothing is written until someone says. */
static void
test_older_sidecar (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ShuDocument) document = new_document (f);
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  add_by (document, 0, 4, "dana");
  g_assert_true (shu_sidecar_save (document, f->sidecar, &error));
  contents = saved (f);
  g_assert_null (strstr (contents, "shu:status"));
  back = shu_test_read_sidecar (f->sidecar);
  g_assert_cmpint (shu_document_get_status (back, "dana"), ==, SHU_ANNOTATOR_IN_PROGRESS);
  g_assert_cmpint (shu_document_get_status (back, "yossi"), ==, SHU_ANNOTATOR_NOT_STARTED);
  g_assert_cmpuint (shu_document_get_statuses (back)->len, ==, 0);
}

/* A status word of a later version is left out; a status that is not an
 * object, with an empty name or without a date, is refused with where it
 * is. */
static void
test_untrusted (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(ShuDocument) document = new_document (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (f->sidecar);
  const char *member = "  \"shu:status\": [\n";
  const char *cases[][2] = {
    { "{\"annotator\": \"dana\", \"status\": \"reviewed\","
      " \"modified\": \"2026-01-01T00:00:00Z\"},"
      "{\"annotator\": \"yossi\", \"status\": \"done\", \"modified\": \"2026-01-01T00:00:00Z\"}",
      NULL },
    { "3", "status 1: must be an object" },
    { "{\"annotator\": \"\", \"status\": \"done\", \"modified\": \"2026-01-01T00:00:00Z\"}",
      "status 1: member \"annotator\" must not be empty" },
    { "{\"annotator\": \"dana\", \"status\": \"done\"}", "status 1: " },
  };

  g_assert_true (shu_document_set_status (document, "dana", SHU_ANNOTATOR_DONE));
  g_assert_true (shu_sidecar_save (document, f->sidecar, &error));
  contents = saved (f);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const char *start = strstr (contents, member);
      const char *end = strstr (start, "  ]\n");
      g_autoptr(GString) edited = g_string_new_len (contents, start - contents);
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(GError) load_error = NULL;

      g_string_append_printf (edited, "%s%s\n", member, cases[i][0]);
      g_string_append (edited, end);
      g_assert_true (g_file_set_contents (path, edited->str, -1, NULL));
      sidecar = shu_sidecar_load (f->sidecar, NULL, &load_error);
      if (cases[i][1] == NULL)
        {
          g_autoptr(ShuDocument) back = NULL;

          g_assert_no_error (load_error);
          back = shu_test_read_sidecar (f->sidecar);
          g_assert_cmpuint (shu_document_get_statuses (back)->len, ==, 1);
          g_assert_cmpint (shu_document_get_status (back, "dana"), ==,
                           SHU_ANNOTATOR_NOT_STARTED);
          g_assert_cmpint (shu_document_get_status (back, "yossi"), ==, SHU_ANNOTATOR_DONE);
        }
      else
        {
          g_assert_error (load_error, SHU_ERROR, SHU_ERROR_INVALID);
          if (strstr (load_error->message, cases[i][1]) == NULL)
            g_error ("%s", load_error->message);
        }
    }
}

static ShuDocument *
with_status (ShuDocument        *document,
             const char         *annotator,
             ShuAnnotatorStatus  status,
             int                 day)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 12, day, 12, 0, 0);

  shu_document_restore_status (document, annotator, status, when);
  return document;
}

/* Merging two colleagues' files keeps each annotator's later word,
 * whichever side it is on, and the annotators only one side has. */
static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(ShuDocument) base = new_document (f);
  g_autoptr(ShuDocument) ours = new_document (f);
  g_autoptr(ShuDocument) theirs = new_document (f);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) two_way = NULL;

  with_status (base, "dana", SHU_ANNOTATOR_IN_PROGRESS, 1);
  with_status (base, "yossi", SHU_ANNOTATOR_IN_PROGRESS, 1);
  /* Ours: dana done on the 3rd; theirs: dana in progress still (the
   * base's), yossi done on the 2nd, rina begun on the 4th. */
  with_status (ours, "dana", SHU_ANNOTATOR_DONE, 3);
  with_status (ours, "yossi", SHU_ANNOTATOR_IN_PROGRESS, 1);
  with_status (theirs, "dana", SHU_ANNOTATOR_IN_PROGRESS, 1);
  with_status (theirs, "yossi", SHU_ANNOTATOR_DONE, 2);
  with_status (theirs, "rina", SHU_ANNOTATOR_IN_PROGRESS, 4);

  merged = shu_merge (base, ours, theirs, NULL, NULL);
  g_assert_cmpint (shu_document_get_status (merged, "dana"), ==, SHU_ANNOTATOR_DONE);
  g_assert_cmpint (shu_document_get_status (merged, "yossi"), ==, SHU_ANNOTATOR_DONE);
  g_assert_cmpint (shu_document_get_status (merged, "rina"), ==, SHU_ANNOTATOR_IN_PROGRESS);
  g_assert_cmpuint (shu_document_get_statuses (merged)->len, ==, 3);

  /* Without a base: the same. */
  two_way = shu_merge (NULL, theirs, ours, NULL, NULL);
  g_assert_cmpint (shu_document_get_status (two_way, "dana"), ==, SHU_ANNOTATOR_DONE);
  g_assert_cmpint (shu_document_get_status (two_way, "yossi"), ==, SHU_ANNOTATOR_DONE);
}

/* Merging in the app puts the merged statuses in the open document and
 * offers Save for them, even when no annotation changed. */
static void
test_merge_apply (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(ShuDocument) target = new_document (f);
  g_autoptr(ShuDocument) theirs = new_document (f);
  g_autoptr(ShuDocument) merged = NULL;
  ShuAnnotationStore *store = shu_document_get_store (target);

  with_status (target, "dana", SHU_ANNOTATOR_IN_PROGRESS, 1);
  with_status (theirs, "dana", SHU_ANNOTATOR_DONE, 2);
  shu_annotation_store_mark_saved (store);
  merged = shu_merge (NULL, target, theirs, NULL, NULL);
  shu_merge_apply (target, merged, theirs, "Merge");
  g_assert_cmpint (shu_document_get_status (target, "dana"), ==, SHU_ANNOTATOR_DONE);
  g_assert_true (shu_annotation_store_get_modified (store));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/annotator-status/saved-and-read", test_saved_and_read);
  ADD ("/annotator-status/older-sidecar", test_older_sidecar);
  ADD ("/annotator-status/untrusted", test_untrusted);
  ADD ("/annotator-status/merge", test_merge);
  ADD ("/annotator-status/merge-apply", test_merge_apply);
  return g_test_run ();
}
