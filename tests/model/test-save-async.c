/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* Saving in a worker thread: the file holds the state the save was started
 * in, edits made meanwhile stay unsaved, and only a state still reachable
 * counts as saved. */

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Wait;

static void
done_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Wait *wait = user_data;

  wait->ok = shu_sidecar_save_finish (SHU_DOCUMENT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
wait_for (Wait *wait)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
}

static ShuAnnotation *
make_annotation (guint start,
                 guint end)
{
  ShuRange range = { start, end };

  return shu_annotation_new (NULL, &range, 1, NULL, NULL, "tester", NULL, NULL);
}

static guint
count_in_file (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (file, NULL, &error);

  g_assert_no_error (error);
  return shu_sidecar_get_n_annotations (sidecar);
}

static void
test_edits_during_save (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-save-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "text.txt.annotations.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  static const char contents[] = "שלום עולם, hello world\n";
  g_autoptr(GBytes) text = g_bytes_new_static (contents, sizeof contents - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (text, SHU_ENCODING_UTF8, &error);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) first = make_annotation (0, 4);
  g_autoptr(ShuAnnotation) second = make_annotation (5, 9);
  ShuAnnotationStore *store;
  Wait wait = { 0 };
  Wait again = { 0 };

  g_assert_no_error (error);
  document = shu_document_new (source, NULL);
  shu_document_set_source_name (document, "text.txt");
  store = shu_document_get_store (document);

  g_assert_true (shu_annotation_store_add (store, first, NULL));
  shu_sidecar_save_async (document, file, NULL, done_cb, &wait);
  /* An edit after the snapshot, before the thread is done. */
  g_assert_true (shu_annotation_store_add (store, second, NULL));
  wait_for (&wait);
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);

  g_assert_cmpuint (count_in_file (file), ==, 1);
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (document), file));

  /* Undoing the later edit comes back to the state that was written. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_false (shu_annotation_store_get_modified (store));
  g_assert_true (shu_annotation_store_redo (store));
  g_assert_true (shu_annotation_store_get_modified (store));

  /* Two saves in a row land in order: the file ends with the later one. */
  wait = (Wait) { 0 };
  shu_sidecar_save_async (document, file, NULL, done_cb, &wait);
  g_assert_true (shu_annotation_store_remove (store, shu_annotation_get_id (first), NULL));
  shu_sidecar_save_async (document, file, NULL, done_cb, &again);
  wait_for (&wait);
  wait_for (&again);
  g_assert_true (wait.ok && again.ok);
  g_assert_cmpuint (count_in_file (file), ==, 1);
  g_assert_false (shu_annotation_store_get_modified (store));

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

static void
test_state_cut_from_history (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  g_autoptr(ShuAnnotation) a = make_annotation (0, 4);
  g_autoptr(ShuAnnotation) b = make_annotation (5, 9);
  guint64 state;

  g_assert_true (shu_annotation_store_add (store, a, NULL));
  state = shu_annotation_store_get_state (store);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_get_state (store), !=, state);
  /* A new change after the undo cuts the written state from the history. */
  g_assert_true (shu_annotation_store_add (store, b, NULL));
  shu_annotation_store_mark_state_saved (store, state);
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_store_get_modified (store));

  /* The state of the current moment is saved when marked. */
  shu_annotation_store_mark_state_saved (store, shu_annotation_store_get_state (store));
  g_assert_false (shu_annotation_store_get_modified (store));
}

int
main (int    argc,
      char **argv)
{
  shu_test_use_private_tmp ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/save-async/edits-during-save", test_edits_during_save);
  g_test_add_func ("/save-async/state-cut-from-history", test_state_cut_from_history);
  return g_test_run ();
}
