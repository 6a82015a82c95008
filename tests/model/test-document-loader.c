/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-sidecar.h"
#include "shu-suggest.h"
#include "shu-test-utils.h"

/* Opening files as the app and the CLI do, without a display: a text
 * finds its annotations beside it; a sidecar finds its text; a sidecar
 * that cannot be read leaves the text open without annotations and is
 * never written over; an asynchronous load reads in other threads, shows
 * the text before its annotations, and can be cancelled. */

typedef struct
{
  char  *folder;
  GFile *text;
  GFile *sidecar;
  guint  n_annotations;   /* in the sample sidecar */
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("SHU_SOURCE_ROOT"), "tests", "data", name, NULL);
}

static void
copy_data (const char *name,
           GFile      *to)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GFile) from = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;

  fixture->folder = g_dir_make_tmp ("loader-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->text = g_file_new_build_filename (fixture->folder, "essay.he.txt", NULL);
  fixture->sidecar = g_file_new_build_filename (fixture->folder,
                                                "essay.he.txt.annotations.json", NULL);
  copy_data ("essay.he.txt", fixture->text);
  copy_data ("essay.he.txt.annotations.json", fixture->sidecar);

  sidecar = shu_sidecar_load (fixture->sidecar, NULL, &error);
  g_assert_no_error (error);
  fixture->n_annotations = shu_sidecar_get_n_annotations (sidecar);
  g_assert_cmpuint (fixture->n_annotations, >, 0);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->text);
  g_clear_object (&fixture->sidecar);
  shu_test_remove_tree (fixture->folder);
  g_free (fixture->folder);
}

static guint
n_annotations (ShuDocument *document)
{
  return g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
}

static void
test_text_finds_its_sidecar (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);
  g_assert_cmpuint (n_annotations (document), ==, fixture->n_annotations);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), fixture->sidecar));
  g_assert_true (g_file_equal (shu_document_loader_get_sidecar_file (loader), fixture->sidecar));
  g_assert_null (shu_document_loader_get_sidecar_error (loader));
  g_assert_cmpint (shu_document_loader_get_phase (loader), ==, SHU_DOCUMENT_LOAD_DONE);
  g_assert_cmpfloat (shu_document_loader_get_fraction (loader), ==, 1.0);
  g_assert_true (shu_document_loader_get_source (loader) == shu_document_get_source (document));
}

static void
test_text_without_sidecar (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_unlink (g_file_peek_path (fixture->sidecar)), ==, 0);
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (document), ==, 0);
  /* The first save goes where the annotations belong. */
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), fixture->sidecar));
  g_assert_cmpstr (shu_document_get_source_name (document), ==, "essay.he.txt");
  g_assert_null (shu_document_loader_get_sidecar_error (loader));
}

static void
test_broken_sidecar_is_left_alone (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  const GError *sidecar_error;

  g_assert_true (g_file_set_contents (g_file_peek_path (fixture->sidecar), "{\"oops\": [", -1,
                                      NULL));
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (document), ==, 0);
  /* Nothing is saved over a file that could not be read. */
  g_assert_null (shu_document_get_sidecar_file (document));
  sidecar_error = shu_document_loader_get_sidecar_error (loader);
  g_assert_error ((GError *) sidecar_error, SHU_ERROR, SHU_ERROR_PARSE);
  g_assert_true (strstr (sidecar_error->message, "essay.he.txt.annotations.json:1:") != NULL);
}

static void
test_sidecar_finds_its_text (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->sidecar);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_document_loader_is_sidecar (loader));
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (document), ==, fixture->n_annotations);
  g_assert_true (g_file_equal (shu_source_get_file (shu_document_get_source (document)),
                               fixture->text));
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), fixture->sidecar));
}

static void
test_sidecar_without_its_text (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->sidecar);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *datadir = g_strdup (g_getenv ("SHU_DATADIR"));

  /* The essay is also found among the bundled texts: not here. */
  g_setenv ("SHU_DATADIR", fixture->folder, TRUE);
  g_assert_cmpint (g_unlink (g_file_peek_path (fixture->text)), ==, 0);
  document = shu_document_loader_load (loader, NULL, &error);
  g_setenv ("SHU_DATADIR", datadir, TRUE);
  g_assert_null (document);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
  /* The caller can say it was the text that was missing. */
  g_assert_cmpint (shu_document_loader_get_phase (loader), ==, SHU_DOCUMENT_LOAD_TEXT);
}

static void
test_sidecar_on_given_text (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GFile) other = g_file_new_build_filename (fixture->folder, "copy.txt", NULL);
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->sidecar);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  copy_data ("essay.he.txt", other);
  g_assert_cmpint (g_unlink (g_file_peek_path (fixture->text)), ==, 0);
  shu_document_loader_set_source_file (loader, other);
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (document), ==, fixture->n_annotations);
  g_assert_true (g_file_equal (shu_source_get_file (shu_document_get_source (document)), other));
}

/* The CLI takes a sidecar by any name. */
static void
test_sidecar_by_any_name (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GFile) renamed = g_file_new_build_filename (fixture->folder, "notes.ann.txt", NULL);
  g_autoptr(ShuDocumentLoader) by_name = shu_document_loader_new (renamed);
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new_for_sidecar (renamed);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;

  copy_data ("essay.he.txt.annotations.json", renamed);
  g_assert_false (shu_document_loader_is_sidecar (by_name));
  g_assert_true (shu_document_loader_is_sidecar (loader));
  document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (document), ==, fixture->n_annotations);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), renamed));
}

typedef struct
{
  GThread     *main_thread;
  gboolean     done;
  ShuDocument *document;
  GError      *error;
  guint        source_loaded;    /* "source-loaded" emissions */
  gboolean     source_before_end;
  guint        phase_changes;
  gboolean     announced_in_main_thread;
  double       last_fraction;
  gboolean     fraction_went_back;
} Wait;

static void
source_loaded_cb (ShuDocumentLoader *loader,
                  ShuSource         *source,
                  Wait              *wait)
{
  g_assert_true (SHU_IS_SOURCE (source));
  wait->source_loaded++;
  wait->source_before_end = !wait->done;
  wait->announced_in_main_thread = g_thread_self () == wait->main_thread;
}

static void
notify_cb (ShuDocumentLoader *loader,
           GParamSpec        *pspec,
           Wait              *wait)
{
  double fraction = shu_document_loader_get_fraction (loader);

  if (g_thread_self () != wait->main_thread)
    wait->announced_in_main_thread = FALSE;
  if (g_str_equal (pspec->name, "phase"))
    wait->phase_changes++;
  if (fraction < wait->last_fraction)
    wait->fraction_went_back = TRUE;
  wait->last_fraction = fraction;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->document = shu_document_loader_load_finish (SHU_DOCUMENT_LOADER (object), result,
                                                    &wait->error);
  wait->done = TRUE;
}

static void
load_and_wait (ShuDocumentLoader *loader,
               GCancellable      *cancellable,
               Wait              *wait)
{
  wait->main_thread = g_thread_self ();
  g_signal_connect (loader, "source-loaded", G_CALLBACK (source_loaded_cb), wait);
  g_signal_connect (loader, "notify", G_CALLBACK (notify_cb), wait);
  shu_document_loader_load_async (loader, cancellable, load_done_cb, wait);
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_async_text (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  Wait wait = { 0 };

  load_and_wait (loader, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (n_annotations (wait.document), ==, fixture->n_annotations);
  /* The text was there to show before its annotations were placed. */
  g_assert_cmpuint (wait.source_loaded, ==, 1);
  g_assert_true (wait.source_before_end);
  g_assert_true (wait.announced_in_main_thread);
  g_assert_cmpuint (wait.phase_changes, >=, 3);
  g_assert_false (wait.fraction_went_back);
  g_assert_cmpfloat (shu_document_loader_get_fraction (loader), ==, 1.0);
  g_assert_cmpint (shu_document_loader_get_phase (loader), ==, SHU_DOCUMENT_LOAD_DONE);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (wait.document), fixture->sidecar));
  g_clear_object (&wait.document);
}

static void
test_async_sidecar (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->sidecar);
  Wait wait = { 0 };

  load_and_wait (loader, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (n_annotations (wait.document), ==, fixture->n_annotations);
  g_assert_cmpuint (wait.source_loaded, ==, 1);
  g_clear_object (&wait.document);
}

/* Asked for, a short text's suggestions come with the load (a window
 * shows them with the highlights, in one frame), the same the window
 * would find afterwards; a long text's are left to the window. */
static void
test_async_suggestions (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocumentLoader) not_asked = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocumentLoader) long_loader = NULL;
  g_autoptr(GFile) long_text = g_file_new_build_filename (fixture->folder, "long.txt", NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GError) error = NULL;
  GArray *found;
  Wait wait = { 0 };

  shu_document_loader_set_find_suggestions (loader, TRUE);
  load_and_wait (loader, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_nonnull (shu_document_loader_get_suggestions (loader));
  found = shu_suggest_found_get_suggestions (shu_document_loader_get_suggestions (loader));
  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (wait.document));
  shu_suggest_forms_learn (forms, shu_document_get_source (wait.document), annotations, NULL);
  expected = shu_suggest_find (shu_document_get_source (wait.document), forms, annotations,
                               shu_document_get_rejected (wait.document), NULL);
  g_assert_cmpuint (found->len, >, 0);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    g_assert_cmpint (shu_suggestion_compare (&g_array_index (found, ShuSuggestion, i),
                                             &g_array_index (expected, ShuSuggestion, i)), ==, 0);
  g_clear_object (&wait.document);

  memset (&wait, 0, sizeof wait);
  load_and_wait (not_asked, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_null (shu_document_loader_get_suggestions (not_asked));
  g_clear_object (&wait.document);

  /* Over 100,000 characters. */
  while (text->len < 400000)
    g_string_append (text, "מילה ועוד מילה\n");
  g_file_replace_contents (long_text, text->str, text->len, NULL, FALSE, G_FILE_CREATE_NONE,
                           NULL, NULL, &error);
  g_assert_no_error (error);
  long_loader = shu_document_loader_new (long_text);
  shu_document_loader_set_find_suggestions (long_loader, TRUE);
  memset (&wait, 0, sizeof wait);
  load_and_wait (long_loader, NULL, &wait);
  g_assert_no_error (wait.error);
  g_assert_cmpuint (shu_source_get_length (shu_document_get_source (wait.document)), >, 100000);
  g_assert_null (shu_document_loader_get_suggestions (long_loader));
  g_clear_object (&wait.document);
}

/* Runs the main loop until the threads of an early load are done. */
static void
spin_until_phase_done (ShuDocumentLoader *loader)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (shu_document_loader_get_phase (loader) != SHU_DOCUMENT_LOAD_DONE)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  /* The load's own callback, after its last announcement. */
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Started early (the app, while GTK starts): adopted once done, the
 * adopter is told all it missed, the text before the end, once each;
 * adopted at once, the same. */
static void
test_early_adopted (Fixture       *fixture,
                    gconstpointer  data)
{
  for (int late = 0; late <= 1; late++)
    {
      g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
      Wait wait = { 0 };

      shu_document_loader_set_find_suggestions (loader, TRUE);
      shu_document_loader_start_early (loader);
      if (late)
        spin_until_phase_done (loader);
      load_and_wait (loader, NULL, &wait);
      g_assert_no_error (wait.error);
      g_assert_cmpuint (n_annotations (wait.document), ==, fixture->n_annotations);
      g_assert_cmpuint (wait.source_loaded, ==, 1);
      g_assert_true (wait.source_before_end);
      g_assert_true (wait.announced_in_main_thread);
      g_assert_nonnull (shu_document_loader_get_suggestions (loader));
      g_assert_true (g_file_equal (shu_document_get_sidecar_file (wait.document),
                                   fixture->sidecar));
      /* Nothing more comes. */
      for (int i = 0; i < 20; i++)
        g_main_context_iteration (NULL, FALSE);
      g_assert_cmpuint (wait.source_loaded, ==, 1);
      g_clear_object (&wait.document);
    }
}

/* The adopter's cancellable stops an early load; so does
 * shu_document_loader_cancel_early() when nobody adopts it; a second
 * adopter is refused. */
static void
test_early_cancelled (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  ShuDocumentLoader *unadopted = shu_document_loader_new (fixture->text);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 }, second = { 0 };

  shu_document_loader_start_early (loader);
  g_cancellable_cancel (cancellable);
  load_and_wait (loader, cancellable, &wait);
  g_assert_null (wait.document);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
  load_and_wait (loader, NULL, &second);
  g_assert_error (second.error, SHU_ERROR, SHU_ERROR_UNSUPPORTED);
  g_clear_error (&second.error);

  /* It ends, and lets go of the loader. */
  shu_document_loader_start_early (unadopted);
  shu_document_loader_cancel_early (unadopted);
  g_object_add_weak_pointer (G_OBJECT (unadopted), (gpointer *) &unadopted);
  g_object_unref (unadopted);
  while (unadopted != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_async_missing_text (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GFile) missing = g_file_new_build_filename (fixture->folder, "gone.txt", NULL);
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (missing);
  Wait wait = { 0 };

  load_and_wait (loader, NULL, &wait);
  g_assert_null (wait.document);
  g_assert_error (wait.error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
  g_assert_true (strstr (wait.error->message, "gone.txt: ") != NULL);
  g_assert_cmpuint (wait.source_loaded, ==, 0);
  g_clear_error (&wait.error);
}

static void
test_async_cancelled (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Wait wait = { 0 };

  /* A window closed before its file was read. */
  g_cancellable_cancel (cancellable);
  load_and_wait (loader, cancellable, &wait);
  g_assert_null (wait.document);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&wait.error);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;

  /* The user's folders in the private temporary folder, set before GLib
   * reads them (not G_TEST_OPTION_ISOLATE_DIRS: GLib 2.74 leaks its
   * strings, which fails the sanitizer build). */
  shu_test_use_private_tmp ();
  data_home = g_build_filename (g_get_tmp_dir (), "data-home", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/loader/text-finds-its-sidecar", test_text_finds_its_sidecar);
  ADD ("/loader/text-without-sidecar", test_text_without_sidecar);
  ADD ("/loader/broken-sidecar-is-left-alone", test_broken_sidecar_is_left_alone);
  ADD ("/loader/sidecar-finds-its-text", test_sidecar_finds_its_text);
  ADD ("/loader/sidecar-without-its-text", test_sidecar_without_its_text);
  ADD ("/loader/sidecar-on-given-text", test_sidecar_on_given_text);
  ADD ("/loader/sidecar-by-any-name", test_sidecar_by_any_name);
  ADD ("/loader/async-text", test_async_text);
  ADD ("/loader/async-sidecar", test_async_sidecar);
  ADD ("/loader/async-suggestions", test_async_suggestions);
  ADD ("/loader/early-adopted", test_early_adopted);
  ADD ("/loader/early-cancelled", test_early_cancelled);
  ADD ("/loader/async-missing-text", test_async_missing_text);
  ADD ("/loader/async-cancelled", test_async_cancelled);
#undef ADD

  return g_test_run ();
}
