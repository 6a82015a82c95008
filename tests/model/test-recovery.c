/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "shu-document-loader.h"
#include "shu-reconcile.h"
#include "shu-recovery.h"
#include "shu-safe-file.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* Crash-recovery journals, reconciling documents and the cleanup of
 * temporaries left by killed saves, without a display. */

static char *tmpdir;

static ShuSource *
load_essay (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("SHU_ESSAY"));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);

  g_assert_no_error (error);
  return source;
}

static ShuAnnotation *
make_annotation (const char *id,
                 guint       start,
                 guint       end,
                 const char *label_id,
                 const char *comment)
{
  g_autoptr(GPtrArray) comments =
    g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(GDateTime) date = g_date_time_new_utc (2024, 5, 1, 12, 0, 0);
  ShuRange range = { start, end };

  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, "he"));
  return shu_annotation_new (id, &range, 1, label_id, comments, "Tester", date, date);
}

static void
add (ShuDocument *document,
     const char  *id,
     guint        start,
     guint        end,
     const char  *label_id,
     const char  *comment)
{
  g_autoptr(ShuAnnotation) annotation = make_annotation (id, start, end, label_id, comment);

  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
}

#define ID(n) "urn:uuid:00000000-0000-4000-8000-00000000000" #n

static ShuDocument *
make_document (ShuSource *source)
{
  ShuDocument *document = shu_document_new (source, NULL);

  add (document, ID(1), 0, 5, "claim", "<b>first</b> & \u202Eevil");
  add (document, ID(2), 10, 20, NULL, NULL);
  add (document, ID(3), 30, 42, "evidence", "שלום");
  return document;
}

/* Only the annotations and labels: what recovery must give back exactly. */
static char *
dump (ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  g_autoptr(GPtrArray) annotations = shu_annotation_store_dup_annotations (store);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      g_string_append_printf (out, "label %s %s %s\n", shu_label_get_id (label),
                              shu_label_get_name (label), shu_label_get_color (label));
    }
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *a = g_ptr_array_index (annotations, i);

      g_string_append_printf (out, "%s %u-%u %s %s %s\n", shu_annotation_get_id (a),
                              shu_annotation_get_start (a), shu_annotation_get_end (a),
                              shu_annotation_get_label_id (a),
                              shu_annotation_get_comment (a), shu_annotation_get_creator (a));
    }
  return g_string_free (out, FALSE);
}

static void
test_journal_roundtrip (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GFile) sidecar = g_file_new_build_filename (tmpdir, "x.annotations.json", NULL);
  g_autoptr(GFile) journal = NULL;
  g_autoptr(ShuRecoveryEntry) entry = NULL;
  g_autoptr(ShuDocument) restored = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  struct stat st;

  shu_document_set_sidecar_file (document, sidecar);
  g_assert_true (shu_recovery_write (document, NULL, &error));
  g_assert_no_error (error);

  journal = shu_recovery_dup_journal_file (shu_source_get_file (source), sidecar);
  g_assert_true (g_file_query_exists (journal, NULL));
  {
    g_autofree char *path = g_file_get_path (journal);

    g_autoptr(GBytes) sidecar_bytes = shu_sidecar_serialize (document);
    g_autofree char *contents = NULL;
    gsize size, body_size;
    const char *body = g_bytes_get_data (sidecar_bytes, &body_size);
    const char *blank;

    /* Annotations can be confidential: only the user reads the journal. */
    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    /* The header, a blank line, then exactly the sidecar the document
     * would be saved as (written into the file as it is serialised). */
    g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
    g_assert_true (g_str_has_prefix (contents, "shulayim-recovery 1\ntext="));
    blank = strstr (contents, "\n\n");
    g_assert_nonnull (blank);
    g_assert_cmpuint (size - (gsize) (blank + 2 - contents), ==, body_size);
    g_assert_true (memcmp (blank + 2, body, body_size) == 0);
  }

  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = shu_recovery_entry_load (journal, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (entry->text, shu_source_get_file (source)));
  g_assert_true (g_file_equal (entry->sidecar, sidecar));

  restored = shu_recovery_entry_anchor (entry, source, &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 0);
  before = shu_sidecar_serialize (document);
  after = shu_sidecar_serialize (restored);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (restored), sidecar));

  g_assert_true (shu_recovery_entry_remove (entry, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 0);
}

static void
listed_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GPtrArray **entries = user_data;
  g_autoptr(GError) error = NULL;

  *entries = shu_recovery_list_finish (result, &error);
  g_assert_no_error (error);
}

/* At start-up the window lists the journals off its main thread, and a
 * Discard removes them in the journals' own worker. */
static void
test_list_async_and_remove_later (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) first = make_document (source);
  g_autoptr(ShuDocument) second = make_document (source);
  g_autoptr(GFile) sidecar = g_file_new_build_filename (tmpdir, "y.annotations.json", NULL);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  gint64 end;

  g_assert_true (shu_recovery_write (first, NULL, &error));
  g_assert_no_error (error);
  /* Journals are sorted by when they were written, to the second. */
  g_usleep (G_USEC_PER_SEC + 100000);
  shu_document_set_sidecar_file (second, sidecar);
  g_assert_true (shu_recovery_write (second, NULL, &error));
  g_assert_no_error (error);

  shu_recovery_list_async (NULL, listed_cb, &entries);
  while (entries == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (entries->len, ==, 2);
  g_assert_null (((ShuRecoveryEntry *) g_ptr_array_index (entries, 0))->sidecar);
  g_assert_true (g_file_equal (((ShuRecoveryEntry *) g_ptr_array_index (entries, 1))->sidecar,
                               sidecar));

  for (guint i = 0; i < entries->len; i++)
    shu_recovery_entry_remove_later (g_ptr_array_index (entries, i));
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GPtrArray) left = shu_recovery_list ();

      if (left->len == 0)
        break;
      g_usleep (10000);
    }
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 0);
}

/* Shulayim died with an unsaved annotation on a saved document: restoring
 * opens the document as saved and puts the annotation back on top, as one
 * step that shows as unsaved and can be undone, without a display. */
static void
test_restore (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) document = make_document (source);
  g_autoptr(GFile) sidecar = g_file_new_build_filename (tmpdir, "saved.annotations.json", NULL);
  g_autoptr(ShuDocumentLoader) loader = NULL;
  g_autoptr(ShuDocument) reopened = NULL;
  g_autoptr(ShuRecoveryEntry) entry = NULL;
  g_autoptr(GFile) journal = NULL;
  g_autoptr(GFile) saved = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store;

  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
  add (document, ID(4), 50, 60, "claim", "unsaved");
  g_assert_true (shu_recovery_write (document, NULL, &error));
  g_assert_no_error (error);
  journal = shu_recovery_dup_journal_file (shu_source_get_file (source), sidecar);
  entry = shu_recovery_entry_load (journal, &error);
  g_assert_no_error (error);

  saved = shu_recovery_entry_dup_saved_file (entry, NULL);
  g_assert_true (g_file_equal (saved, sidecar));
  loader = shu_document_loader_new (saved);
  reopened = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  store = shu_document_get_store (reopened);
  g_assert_null (shu_annotation_store_lookup (store, ID(4)));

  g_assert_true (shu_recovery_entry_restore (entry, reopened, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (report->len, ==, 0);
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(4)));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, ID(4))), ==,
                   "unsaved");
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (reopened), sidecar));
  /* One step: Undo gives the document as saved. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_null (shu_annotation_store_lookup (store, ID(4)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(3)));

  /* The sidecar gone: the text is what is opened. */
  g_assert_cmpint (g_unlink (g_file_peek_path (sidecar)), ==, 0);
  g_clear_object (&saved);
  saved = shu_recovery_entry_dup_saved_file (entry, NULL);
  g_assert_true (g_file_equal (saved, shu_source_get_file (source)));
  g_assert_true (shu_recovery_entry_remove (entry, &error));
  g_assert_no_error (error);
}

static void
test_journal_refusals (void)
{
  g_autoptr(GFile) folder = shu_recovery_dup_folder ();
  g_autofree char *folder_path = g_file_get_path (folder);
  g_autofree char *bad = g_build_filename (folder_path, "bad.journal", NULL);
  g_autofree char *half = g_build_filename (folder_path, "half.journal", NULL);
  g_autofree char *other = g_build_filename (folder_path, "notes.txt", NULL);
  g_autoptr(GPtrArray) entries = NULL;

  g_assert_cmpint (g_mkdir_with_parents (folder_path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (bad, "{\"not\": \"a journal\"}", -1, NULL));
  g_assert_true (g_file_set_contents (half, "shulayim-recovery 1\ntext=file:///x\n", -1, NULL));
  g_assert_true (g_file_set_contents (other, "shulayim-recovery 1\n", -1, NULL));

  /* Skipped, and left alone: they are not ours to delete. */
  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 0);
  g_assert_true (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (half, G_FILE_TEST_EXISTS));
  g_unlink (bad);
  g_unlink (half);
  g_unlink (other);
}

static gboolean
journal_exists (GFile *journal)
{
  return g_file_query_exists (journal, NULL);
}

/* Runs the main loop until @journal exists (or not, @want), at most
 * @seconds; returns how long it took in seconds. */
static double
wait_for_journal (GFile   *journal,
                  gboolean want,
                  double   seconds)
{
  gint64 start = g_get_monotonic_time ();

  while (journal_exists (journal) != want)
    {
      g_assert_cmpfloat ((g_get_monotonic_time () - start) / 1e6, <, seconds);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
test_watch (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) document = shu_document_new (source, NULL);
  g_autoptr(GFile) sidecar = g_file_new_build_filename (tmpdir, "w.annotations.json", NULL);
  g_autoptr(GFile) journal = shu_recovery_dup_journal_file (shu_source_get_file (source), sidecar);
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GError) error = NULL;
  double took;

  shu_document_set_sidecar_file (document, sidecar);
  shu_recovery_watch (document);
  g_assert_false (journal_exists (journal));

  /* A change is in the journal within 3 seconds, even while changes go on. */
  add (document, ID(1), 0, 5, "claim", "one");
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("urn:uuid:00000000-0000-4000-8000-1000000000%02u", i);

      g_usleep (150000);
      g_main_context_iteration (NULL, FALSE);
      add (document, id, 50 + i * 10, 55 + i * 10, NULL, NULL);
    }
  took = wait_for_journal (journal, TRUE, 3.0);
  g_test_message ("journal written %.2f s after the last change", took);

  /* Saved: nothing to recover any more. */
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
  wait_for_journal (journal, FALSE, 1.0);

  /* Undone back to the saved state: no journal either. */
  add (document, ID(2), 10, 20, NULL, NULL);
  wait_for_journal (journal, TRUE, 3.0);
  g_assert_true (shu_annotation_store_undo (store));
  wait_for_journal (journal, FALSE, 1.0);

  /* Discarded: gone, and no longer written. */
  add (document, ID(2), 10, 20, NULL, NULL);
  wait_for_journal (journal, TRUE, 3.0);
  shu_recovery_discard (document);
  shu_recovery_wait ();
  g_assert_false (journal_exists (journal));
  add (document, ID(3), 30, 40, NULL, NULL);
  for (guint i = 0; i < 30; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (50000);
    }
  g_assert_false (journal_exists (journal));
}

static void
test_adopt (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) original = make_document (source);
  g_autoptr(ShuDocument) base = shu_document_new (source, NULL);
  g_autoptr(GFile) journal = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(ShuDocument) restored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *want = dump (original);
  g_autofree char *got = NULL;
  ShuRecoveryEntry *entry;

  g_assert_true (shu_recovery_write (original, NULL, &error));
  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);
  journal = g_object_ref (entry->journal);

  /* What the window does: the document as saved, then the journal's
   * changes on top of it as one undoable step, so Save is needed. */
  restored = shu_recovery_entry_anchor (entry, source, NULL, &error);
  g_assert_no_error (error);
  shu_recovery_watch (base);
  g_assert_true (shu_reconcile_replace (base, restored, "Restore"));
  shu_recovery_adopt (base, journal);
  got = dump (base);
  g_assert_cmpstr (got, ==, want);
  g_assert_true (shu_annotation_store_get_modified (shu_document_get_store (base)));

  /* The restored journal stays until the changes are saved or dropped. */
  shu_recovery_flush (base);
  g_assert_true (journal_exists (journal));
  shu_recovery_discard (base);
  shu_recovery_wait ();
  g_assert_false (journal_exists (journal));
}

static void
test_reconcile_replace (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) mine = make_document (source);
  g_autoptr(ShuDocument) theirs = shu_document_new (source, NULL);
  g_autoptr(ShuLabel) label = shu_label_new ("new-label", "תווית", "#123456", NULL, 0);
  ShuAnnotationStore *store = shu_document_get_store (mine);
  g_autofree char *before = dump (mine);
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;
  g_autofree char *undone = NULL;
  g_autoptr(ShuLabel) renamed = NULL;

  shu_annotation_store_mark_saved (store);
  g_assert_true (shu_annotation_store_add_label (shu_document_get_store (theirs), label, 0));
  g_assert_true (shu_annotation_store_remove_label (shu_document_get_store (theirs), "evidence"));
  renamed = shu_label_new ("claim", "טענה חדשה", "#abcdef", NULL, '1');
  g_assert_true (shu_annotation_store_replace_label (shu_document_get_store (theirs), renamed));
  add (theirs, ID(1), 0, 5, "claim", "changed comment");
  add (theirs, ID(4), 60, 70, "new-label", NULL);
  want = dump (theirs);

  g_assert_true (shu_reconcile_replace (mine, theirs, "Reload"));
  got = dump (mine);
  g_assert_cmpstr (got, ==, want);
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Reload");

  /* Nothing more to do the second time. */
  g_assert_false (shu_reconcile_replace (mine, theirs, "Reload"));

  g_assert_true (shu_annotation_store_undo (store));
  undone = dump (mine);
  g_assert_cmpstr (undone, ==, before);
  g_assert_false (shu_annotation_store_get_modified (store));
}

static void
touch_old (const char *path,
           int         age_seconds)
{
  struct utimbuf times;

  g_assert_true (g_file_set_contents (path, "partial", -1, NULL));
  times.actime = times.modtime = time (NULL) - age_seconds;
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
test_clean_temporaries (void)
{
  g_autoptr(ShuSource) source = load_essay ();
  g_autoptr(ShuDocument) document = make_document (source);
  g_autofree char *dir = g_build_filename (tmpdir, "clean", NULL);
  g_autofree char *target = g_build_filename (dir, "t.annotations.json", NULL);
  g_autofree char *stale = g_strconcat (target, ".Ab3xY9", NULL);
  g_autofree char *stale_backup = g_strconcat (target, "~.QQ12zz", NULL);
  g_autofree char *fresh = g_strconcat (target, ".fresh1", NULL);
  g_autofree char *longer = g_strconcat (target, ".backup7", NULL);
  g_autofree char *other = g_build_filename (dir, "other.json.Ab3xY9", NULL);
  g_autofree char *punct = g_strconcat (target, ".Ab-xY9", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (target);
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);

  /* Saving cleans up. */
  touch_old (stale, 120);
  touch_old (stale_backup, 120);
  touch_old (fresh, 5);
  touch_old (longer, 120);
  touch_old (other, 120);
  touch_old (punct, 120);
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (stale_backup, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (longer, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (punct, G_FILE_TEST_EXISTS));

  /* So does opening. */
  touch_old (stale, 120);
  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));

  /* A second save keeps a complete backup and leaves no temporaries. */
  add (document, ID(7), 100, 110, NULL, NULL);
  g_assert_true (shu_sidecar_save (document, file, &error));
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (d)) != NULL)
      n++;
    /* target, target~, fresh, longer, other, punct */
    g_assert_cmpuint (n, ==, 6);
  }
  g_assert_cmpuint (shu_safe_file_clean_temporaries (target, 0), ==, 1);  /* fresh */
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *state = NULL;

  shu_test_use_private_tmp ();

  /* A private state folder, set before GLib reads it (no isolated dirs:
   * GLib 2.74 leaks them under the sanitizers). */
  tmpdir = g_dir_make_tmp ("shu-recovery-XXXXXX", NULL);
  state = g_build_filename (tmpdir, "state", NULL);
  g_setenv ("XDG_STATE_HOME", state, TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/recovery/journal-roundtrip", test_journal_roundtrip);
  g_test_add_func ("/recovery/journal-refusals", test_journal_refusals);
  g_test_add_func ("/recovery/list-async-and-remove-later", test_list_async_and_remove_later);
  g_test_add_func ("/recovery/restore", test_restore);
  g_test_add_func ("/recovery/watch", test_watch);
  g_test_add_func ("/recovery/adopt", test_adopt);
  g_test_add_func ("/recovery/reconcile-replace", test_reconcile_replace);
  g_test_add_func ("/recovery/clean-temporaries", test_clean_temporaries);

  return g_test_run ();
}
