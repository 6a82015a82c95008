/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <dlfcn.h>
#include <glib/gstdio.h>
#include <string.h>

#include "shu-application.h"
#include "shu-brat.h"
#include "shu-document-loader.h"
#include "shu-project-window.h"
#include "shu-qdpx.h"
#include "shu-qdpx-open.h"
#include "shu-recovery.h"
#include "shu-sidecar.h"
#include "shu-sharing-controller.h"
#include "shu-window.h"
#include "shu-test-utils.h"
#include "shu-test-wait.h"

/* A researcher's files on a slow network folder: while the window opens,
 * saves, saves under another name, imports, adds another annotator's layer
 * or merges, notices that another program changed a file, or offers back
 * unsaved work after a crash, the thread that draws the window never
 * opens, makes, renames, removes, lists or even stats one of them (issue
 * 24), so the window never freezes on the disk. The files are watched by
 * a preloaded library (main-thread-io.c) that records such calls on the
 * main thread under the test's folder and the recovery journals' one. */

static ShuApplication *app;
static void  (*watch_start) (const char *folder);
static void  (*watch_add)   (const char *path);
static char *(*watch_take)  (void);
static void  (*slow_down)   (const char *folder,
                             unsigned    ms);

typedef struct
{
  char      *tmpdir;
  GFile     *text;
  GFile     *sidecar;
  GFile     *other;     /* another annotator's sidecar of the same text */
  ShuWindow *window;
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

static gboolean
timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates until *@done, failing after ten seconds. */
static void
wait_for (const gboolean *done)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!*done && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static void
watch (Fixture *fixture)
{
  g_autoptr(GFile) journals = shu_recovery_dup_folder ();

  watch_start (fixture->tmpdir);
  watch_add (g_file_peek_path (journals));
}

/* Fails, naming the calls, if the main thread touched a file. */
static void
assert_no_main_thread_io (const char *what)
{
  g_autofree char *calls = watch_take ();

  if (calls[0] != '\0')
    {
      g_strdelimit (calls, "\n", ';');
      g_test_fail_printf ("%s: the main thread touched the user's files: %s", what, calls);
    }
}

static ShuAnnotationStore *
get_store (Fixture *fixture)
{
  return shu_document_get_store (shu_window_get_document (fixture->window));
}

static guint
n_annotations (ShuAnnotationStore *store)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

static guint
n_in_sample (void)
{
  g_autofree char *path = data_path ("essay.he.txt.annotations.json");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (file, NULL, NULL);

  g_assert_nonnull (sidecar);
  return shu_sidecar_get_n_annotations (sidecar);
}

static gboolean
is_open (ShuWindow *window,
         GFile     *text)
{
  ShuDocument *document = shu_window_get_document (window);
  GFile *file;

  if (document == NULL || shu_window_get_loading (window))
    return FALSE;
  file = shu_source_get_file (shu_document_get_source (document));
  return file != NULL && g_file_equal (file, text);
}

/* Opens @file as the Open dialog and the command line do, and waits until
 * its annotations are shown. */
static void
open_and_wait (ShuWindow *window,
               GFile     *file,
               GFile     *text)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  shu_window_open_file_interactive (window, file);
  while (!is_open (window, text) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->tmpdir = g_dir_make_tmp ("shulayim-io-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->text = g_file_new_build_filename (fixture->tmpdir, "essay.he.txt", NULL);
  fixture->sidecar = g_file_new_build_filename (fixture->tmpdir,
                                                "essay.he.txt.annotations.json", NULL);
  fixture->other = g_file_new_build_filename (fixture->tmpdir, "other.annotations.json", NULL);
  copy_data ("essay.he.txt", fixture->text);
  copy_data ("essay.he.txt.annotations.json", fixture->sidecar);
  copy_data ("essay.he.txt.annotations.json", fixture->other);

  fixture->window = shu_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 800, 600);
  gtk_window_present (GTK_WINDOW (fixture->window));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  /* A test that closed the window has it NULL (a weak pointer). */
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->text);
  g_clear_object (&fixture->sidecar);
  g_clear_object (&fixture->other);
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

/* The watch works: a read on the main thread is caught. Without this, the
 * tests below could not fail. */
static void
test_watch_catches_a_read (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *calls = NULL;

  watch (fixture);
  g_assert_true (g_file_get_contents (g_file_peek_path (fixture->text), &contents, NULL, NULL));
  calls = watch_take ();
  g_assert_nonnull (strstr (calls, "essay.he.txt"));
}

/* And so is a look at a file's metadata: on a network folder it blocks as
 * long as a read. */
static void
test_watch_catches_a_stat (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *calls = NULL;

  watch (fixture);
  info = g_file_query_info (fixture->sidecar, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, NULL, NULL);
  g_assert_nonnull (info);
  calls = watch_take ();
  g_assert_nonnull (strstr (calls, "stat "));
}

static void
test_open_text (Fixture       *fixture,
                gconstpointer  data)
{
  watch (fixture);
  open_and_wait (fixture->window, fixture->text, fixture->text);
  assert_no_main_thread_io ("Open a text");
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, n_in_sample ());
}

static void
test_open_sidecar (Fixture       *fixture,
                   gconstpointer  data)
{
  watch (fixture);
  open_and_wait (fixture->window, fixture->sidecar, fixture->text);
  assert_no_main_thread_io ("Open a sidecar");
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, n_in_sample ());
}

/* Adds an annotation, as a researcher would before saving. */
static void
annotate (Fixture *fixture)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuRange range = { 3, 9 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            "tester", NULL, NULL);

  g_assert_true (shu_annotation_store_add (store, annotation, NULL));
}

static void
wait_until_saved (Fixture *fixture)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (shu_annotation_store_get_modified (get_store (fixture)) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
}

static guint
n_in_file (GFile *file)
{
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (file, NULL, NULL);

  g_assert_nonnull (sidecar);
  return shu_sidecar_get_n_annotations (sidecar);
}

static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  open_and_wait (fixture->window, fixture->text, fixture->text);
  annotate (fixture);
  watch (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  wait_until_saved (fixture);
  assert_no_main_thread_io ("Save");
  g_assert_cmpuint (n_in_file (fixture->sidecar), ==, n_in_sample () + 1);
}

static void
test_save_as (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GFile) chosen = g_file_new_build_filename (fixture->tmpdir, "new folder",
                                                       "mine.annotations.json", NULL);
  g_autoptr(GError) error = NULL;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  annotate (fixture);
  watch (fixture);
  /* What Save As does once the file is chosen. */
  g_assert_true (shu_test_save_to (fixture->window, chosen, &error));
  g_assert_no_error (error);
  wait_until_saved (fixture);
  assert_no_main_thread_io ("Save As");
  g_assert_cmpuint (n_in_file (chosen), ==, n_in_sample () + 1);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (shu_window_get_document
                                                                (fixture->window)), chosen));
}

static void
test_import (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) ann = g_file_new_build_filename (fixture->tmpdir, "other.ann", NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  g_assert_cmpint (g_unlink (g_file_peek_path (fixture->sidecar)), ==, 0);
  open_and_wait (fixture->window, fixture->text, fixture->text);
  {
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (fixture->other, NULL, &error);
    g_autoptr(ShuDocument) theirs = shu_sidecar_anchor (sidecar, shu_document_get_source
                                                          (shu_window_get_document
                                                             (fixture->window)), NULL, &error);

    g_assert_no_error (error);
    bytes = shu_brat_export (theirs);
  }
  g_assert_true (g_file_set_contents (g_file_peek_path (ann), g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, 0);

  watch (fixture);
  /* What Import does once the file is chosen. */
  g_assert_true (shu_test_import (fixture->window, SHU_FORMAT_BRAT, ann, &summary, &error));
  g_assert_no_error (error);
  assert_no_main_thread_io ("Import");
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, n_in_sample ());
}

static void
test_export (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) file = g_file_new_build_filename (fixture->tmpdir, "essay.he.ann", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  watch (fixture);
  /* What Export does once the file is chosen. */
  g_assert_true (shu_test_export (fixture->window, SHU_FORMAT_BRAT, file, &error));
  g_assert_no_error (error);
  assert_no_main_thread_io ("Export");
  g_assert_true (g_file_get_contents (g_file_peek_path (file), &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "T1\t"));
}

static void
test_add_layer (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  ShuLayer *layer;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  watch (fixture);
  /* What Add Layer does once the file is chosen. */
  layer = shu_test_add_layer (fixture->window, fixture->other, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  assert_no_main_thread_io ("Add a layer");
  g_assert_cmpuint (g_list_model_get_n_items (shu_sharing_controller_get_layers (
                      shu_window_get_sharing (fixture->window))), ==, 1);
}

/* The message dialog of @window, waiting for it at most @seconds. */
static AdwMessageDialog *
wait_for_dialog_at_most (ShuWindow *window,
                         double     seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (ADW_IS_MESSAGE_DIALOG (toplevel)
              && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window)
              && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
            return ADW_MESSAGE_DIALOG (toplevel);
        }
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return NULL;
}

static AdwMessageDialog *
wait_for_dialog (ShuWindow *window)
{
  return wait_for_dialog_at_most (window, 10);
}

/* Another program saved the sidecar with one annotation more; Reload
 * takes it in. (Noticing the change reads the file's metadata, and the
 * file when that moved, on the main thread: not covered here.) */
static void
test_reload (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  gboolean timed_out = FALSE;
  guint timeout;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  {
    g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (fixture->sidecar, NULL, &error);
    g_autoptr(ShuDocument) theirs = NULL;
    ShuRange range = { 3, 9 };
    g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                              "another", NULL, NULL);

    g_assert_no_error (error);
    theirs = shu_sidecar_anchor (sidecar, shu_document_get_source (shu_window_get_document
                                                                     (fixture->window)),
                                 NULL, &error);
    g_assert_no_error (error);
    g_assert_true (shu_annotation_store_add (shu_document_get_store (theirs), annotation, NULL));
    g_assert_true (shu_sidecar_save (theirs, fixture->sidecar, &error));
    g_assert_no_error (error);
  }
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);

  watch (fixture);
  adw_message_dialog_response (dialog, "reload");
  gtk_window_destroy (GTK_WINDOW (dialog));
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (n_annotations (get_store (fixture)) != n_in_sample () + 1 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  assert_no_main_thread_io ("Reload");
}

/* Another program changed the text; Re-anchor reads it and places the
 * annotations on it. */
static void
test_reanchor (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  AdwMessageDialog *dialog;
  gboolean timed_out = FALSE;
  guint timeout;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  g_assert_true (g_file_get_contents (g_file_peek_path (fixture->text), &contents, NULL, NULL));
  changed = g_strconcat ("אבגד\n", contents, NULL);
  g_assert_true (g_file_set_contents (g_file_peek_path (fixture->text), changed, -1, NULL));
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Text Changed on Disk");

  watch (fixture);
  adw_message_dialog_response (dialog, "reanchor");
  gtk_window_destroy (GTK_WINDOW (dialog));
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (shu_source_get_text_size (shu_document_get_source (shu_window_get_document
                                                              (fixture->window)))
         != strlen (changed) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  assert_no_main_thread_io ("Re-anchor");
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, n_in_sample ());
}

/* Shulayim stopped with an unsaved annotation; Restore opens the text
 * with its saved annotations and puts the lost one back. */
static void
test_restore (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocument) lost = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  ShuRecoveryEntry *entry = NULL;
  ShuRange range = { 3, 9 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            "tester", NULL, NULL);

  lost = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (lost), annotation, NULL));
  g_assert_true (shu_recovery_write (lost, NULL, &error));
  g_assert_no_error (error);
  entries = shu_recovery_list ();
  for (guint i = 0; i < entries->len; i++)
    {
      ShuRecoveryEntry *candidate = g_ptr_array_index (entries, i);

      if (g_file_equal (candidate->text, fixture->text))
        entry = candidate;
    }
  g_assert_nonnull (entry);

  watch (fixture);
  g_assert_true (shu_test_restore (fixture->window, entries, entry, &error));
  g_assert_no_error (error);
  assert_no_main_thread_io ("Restore");
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, n_in_sample () + 1);
  g_assert_true (shu_annotation_store_get_modified (get_store (fixture)));
  shu_recovery_entry_remove (entry, NULL);
}

/* Another program (a colleague's sync client) saves the sidecar with one
 * annotation more; @fixture's window has it open. */
static void
change_sidecar_behind_the_back (Fixture *fixture)
{
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) theirs = NULL;
  g_autoptr(GError) error = NULL;
  ShuRange range = { 20, 25 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            "colleague", NULL, NULL);

  sidecar = shu_sidecar_load (fixture->sidecar, NULL, &error);
  g_assert_no_error (error);
  theirs = shu_sidecar_anchor (sidecar, shu_document_get_source (shu_window_get_document
                                                                   (fixture->window)),
                               NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (theirs), annotation, NULL));
  g_assert_true (shu_sidecar_save (theirs, fixture->sidecar, &error));
  g_assert_no_error (error);
}

/* Noticing the change (the file monitor's signal, then a look at the file
 * and a read of it, since it moved) happens off the main thread; the user
 * is asked. */
static void
test_notice_change (Fixture       *fixture,
                    gconstpointer  data)
{
  AdwMessageDialog *dialog;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  change_sidecar_behind_the_back (fixture);
  watch (fixture);
  dialog = wait_for_dialog (fixture->window);
  assert_no_main_thread_io ("Notice a change on disk");
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Annotations Changed on Disk");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Keep Mine remembers the file as it is now (read off the main thread),
 * and the Save that follows writes over it without asking again. */
static void
test_keep_mine (Fixture       *fixture,
                gconstpointer  data)
{
  AdwMessageDialog *dialog;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  annotate (fixture);
  change_sidecar_behind_the_back (fixture);
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);

  watch (fixture);
  adw_message_dialog_response (dialog, "keep");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  wait_until_saved (fixture);
  assert_no_main_thread_io ("Keep Mine, then Save");
  /* Ours: the sample and the one added here, not the colleague's. */
  g_assert_cmpuint (n_in_file (fixture->sidecar), ==, n_in_sample () + 1);
}

/* Ignore remembers the changed text (read whole, off the main thread) and
 * does not ask again about it. */
static void
test_ignore_text_change (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  AdwMessageDialog *dialog;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  g_assert_true (g_file_get_contents (g_file_peek_path (fixture->text), &contents, NULL, NULL));
  changed = g_strconcat ("אבגד\n", contents, NULL);
  g_assert_true (g_file_set_contents (g_file_peek_path (fixture->text), changed, -1, NULL));
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Text Changed on Disk");

  watch (fixture);
  adw_message_dialog_response (dialog, "ignore");
  gtk_window_destroy (GTK_WINDOW (dialog));
  /* A save checks the files too; the text, once ignored, stays quiet. */
  annotate (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  wait_until_saved (fixture);
  assert_no_main_thread_io ("Ignore a changed text");
  g_assert_null (wait_for_dialog_at_most (fixture->window, 0.5));
}

/* Waits at most ten seconds for @file to be removed. */
static gboolean
wait_for_gone (GFile *file)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_file_query_exists (file, NULL))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
  return TRUE;
}

/* Shulayim stopped with unsaved annotations: at the next start the
 * journals are listed and read, the user is asked, and Discard removes
 * them, all off the main thread. */
static void
test_offer_recovery (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new (fixture->text);
  g_autoptr(ShuDocument) lost = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) journal = shu_recovery_dup_journal_file (fixture->text, fixture->sidecar);
  ShuRange range = { 3, 9 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, NULL, NULL,
                                                            "tester", NULL, NULL);
  AdwMessageDialog *dialog;

  lost = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (lost), annotation, NULL));
  g_assert_true (shu_recovery_write (lost, NULL, &error));
  g_assert_no_error (error);

  watch (fixture);
  shu_window_offer_recovery (fixture->window);
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore Unsaved Changes?");
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  assert_no_main_thread_io ("Offer recovery, then Discard");
  g_assert_true (wait_for_gone (journal));
}

/* Whether @model, or a section or submenu of it, has an item that opens
 * the recent file @uri, labelled @label. */
static gboolean
menu_opens_recent (GMenuModel *model,
                   const char *uri,
                   const char *label)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *action = NULL;
      g_autofree char *item_label = NULL;
      g_autoptr(GVariant) target = NULL;
      g_autoptr(GMenuLinkIter) links = g_menu_model_iterate_item_links (model, i);
      GMenuModel *linked;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_ACTION, "s", &action)
          && g_str_equal (action, "app.open-recent")
          && g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &item_label)
          && g_str_equal (item_label, label))
        {
          target = g_menu_model_get_item_attribute_value (model, i, G_MENU_ATTRIBUTE_TARGET,
                                                          G_VARIANT_TYPE_STRING);
          if (target != NULL && g_str_equal (g_variant_get_string (target, NULL), uri))
            return TRUE;
        }
      while (g_menu_link_iter_get_next (links, NULL, &linked))
        {
          gboolean found = menu_opens_recent (linked, uri, label);

          g_object_unref (linked);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

/* A text opened goes to the recent files (the desktop's shared list, which
 * grows with every program that uses it, read and written off the main
 * thread) and so to the window's menu. */
static void
test_recent_files (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *xbel = g_build_filename (g_get_user_data_dir (), "recently-used.xbel", NULL);
  g_autofree char *uri = g_file_get_uri (fixture->text);
  GtkMenuButton *button;
  gint64 end;

  watch (fixture);
  watch_add (xbel);
  open_and_wait (fixture->window, fixture->text, fixture->text);
  button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                           SHU_TYPE_WINDOW,
                                                           "document_menu_button"));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!menu_opens_recent (gtk_menu_button_get_menu_model (button), uri, "essay.he.txt")
         && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  /* GTK's own list wrote its file a quarter of a second after a change. */
  end = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  assert_no_main_thread_io ("Open, and list the text in the recent files");
  g_assert_true (menu_opens_recent (gtk_menu_button_get_menu_model (button), uri,
                                    "essay.he.txt"));
}

static gboolean
shows_folder (GtkFileChooser *chooser,
              const char     *path)
{
  g_autoptr(GFile) shown = gtk_file_chooser_get_current_folder (chooser);
  g_autoptr(GFile) expected = g_file_new_for_path (path);

  return shown != NULL && g_file_equal (shown, expected);
}

/* The file chooser @window shows, waiting for it at most until @end. */
static GtkWindow *
wait_for_chooser (ShuWindow *window,
                  gint64     end)
{
  while (g_get_monotonic_time () < end)
    {
      GListModel *toplevels = gtk_window_get_toplevels ();

      for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
        {
          g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

          if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel))
              && gtk_window_get_transient_for (toplevel) == GTK_WINDOW (window))
            return toplevel;
        }
      g_main_context_iteration (NULL, FALSE);
    }
  return NULL;
}

/* Activates @action, and checks that its file chooser starts in @folder,
 * which was asked about off the main thread. */
static void
assert_chooser_starts_in (Fixture    *fixture,
                          const char *action,
                          const char *folder)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autofree char *what = g_strdup_printf ("Show the dialog of %s", action);
  GtkWindow *chooser;

  watch (fixture);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL));
  chooser = wait_for_chooser (fixture->window, end);
  g_assert_nonnull (chooser);
  /* GTK's dialog goes to the folder once it has read what it is. */
  while (!shows_folder (GTK_FILE_CHOOSER (chooser), folder) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  assert_no_main_thread_io (what);
  g_assert_true (shows_folder (GTK_FILE_CHOOSER (chooser), folder));
}

/* The Open dialog starts in the folder of the last file opened, if it is
 * still a folder: asked off the main thread. */
static void
test_open_chooser (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *folder_uri = g_filename_to_uri (fixture->tmpdir, NULL, NULL);

  g_settings_set_string (settings, "last-folder", folder_uri);
  assert_chooser_starts_in (fixture, "win.open", fixture->tmpdir);
  g_settings_reset (settings, "last-folder");
}

/* Import, Add Layer and Merge (@data, the action) start in the folder of
 * the open annotations, if it is still a folder: asked off the main
 * thread too. */
static void
test_sharing_chooser (Fixture       *fixture,
                      gconstpointer  data)
{
  open_and_wait (fixture->window, fixture->text, fixture->text);
  assert_chooser_starts_in (fixture, data, fixture->tmpdir);
}

/* Export's dialog starts in the annotations' folder too, with the name
 * the export suggests (kept when the folder is set later). */
static void
test_export_chooser (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *name = NULL;
  g_autofree char *shown = NULL;
  GtkWindow *chooser;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  assert_chooser_starts_in (fixture, "win.export-brat", fixture->tmpdir);
  chooser = wait_for_chooser (fixture->window, g_get_monotonic_time () + G_USEC_PER_SEC);
  g_assert_nonnull (chooser);
  name = shu_sharing_controller_dup_export_name (shu_window_get_sharing (fixture->window),
                                                 SHU_FORMAT_BRAT);
  shown = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (shown, ==, name);
}

/* Save As's dialog starts in the folder of the annotations, with their
 * name: the folder is asked about off the main thread too. */
static void
test_save_as_chooser (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *shown = NULL;
  GtkWindow *chooser;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  assert_chooser_starts_in (fixture, "win.save-as", fixture->tmpdir);
  chooser = wait_for_chooser (fixture->window, g_get_monotonic_time () + G_USEC_PER_SEC);
  g_assert_nonnull (chooser);
  shown = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_cmpstr (shown, ==, "essay.he.txt.annotations.json");
}

/* The longest the main loop went without running, while it ran until
 * *@done. */
typedef struct
{
  gint64 last;
  gint64 longest;
} Stall;

static gboolean
tick_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  stall->longest = MAX (stall->longest, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

/* Makes an unsaved change and has its journal written, then makes the
 * journals' disk slow: whatever waits for the journal writer now waits
 * long. */
static GFile *
journal_on_a_slow_disk (Fixture *fixture)
{
  g_autoptr(GFile) folder = shu_recovery_dup_folder ();
  GFile *journal = shu_recovery_dup_journal_file (fixture->text, fixture->sidecar);

  annotate (fixture);
  shu_recovery_flush (shu_window_get_document (fixture->window));
  g_assert_true (g_file_query_exists (journal, NULL));
  slow_down (g_file_peek_path (folder), 2000);
  return journal;
}

/* The button of @widget (a dialog) labelled @label, or NULL. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Closing with unsaved changes, Discard closes the window at once; the
 * journal of the lost changes goes in the background (the journals' disk
 * is slow here), and it does go. */
static void
test_close_discard (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) journal = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *button;
  gint64 start;
  gint64 took;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  journal = journal_on_a_slow_disk (fixture);
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);
  gtk_window_close (GTK_WINDOW (fixture->window));
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Save Changes?");

  button = find_button (GTK_WIDGET (dialog), "_Discard");
  g_assert_nonnull (button);
  /* Clicked, as the user does: the dialog closes itself after. */
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (button, "clicked");
  took = g_get_monotonic_time () - start;
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_test_message ("Discard took %.2f s", took / (double) G_USEC_PER_SEC);
  g_assert_null (fixture->window);
  g_assert_cmpint (took, <, G_USEC_PER_SEC);
  g_assert_true (wait_for_gone (journal));
  slow_down ("", 0);
}

/* Re-anchoring on a changed text drops the old document's journal without
 * the window waiting for the journals' (slow) disk. */
static void
test_reanchor_unsaved (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GFile) journal = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  AdwMessageDialog *dialog;
  Stall stall = { 0, 0 };
  gboolean timed_out = FALSE;
  guint timeout, ticker;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  journal = journal_on_a_slow_disk (fixture);
  g_assert_true (g_file_get_contents (g_file_peek_path (fixture->text), &contents, NULL, NULL));
  changed = g_strconcat ("אבגד\n", contents, NULL);
  g_assert_true (g_file_set_contents (g_file_peek_path (fixture->text), changed, -1, NULL));
  dialog = wait_for_dialog (fixture->window);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Text Changed on Disk");

  stall.last = g_get_monotonic_time ();
  ticker = g_timeout_add (20, tick_cb, &stall);
  adw_message_dialog_response (dialog, "reanchor");
  gtk_window_destroy (GTK_WINDOW (dialog));
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (shu_source_get_text_size (shu_document_get_source (shu_window_get_document
                                                              (fixture->window)))
         != strlen (changed) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  /* A few more turns, for what the re-anchoring left to do. */
  for (guint i = 0; i < 5; i++)
    g_main_context_iteration (NULL, FALSE);
  g_source_remove (ticker);
  tick_cb (&stall);
  slow_down ("", 0);
  g_test_message ("The main loop stalled at most %.2f s",
                  stall.longest / (double) G_USEC_PER_SEC);
  g_assert_cmpint (stall.longest, <, G_USEC_PER_SEC);
  g_assert_cmpuint (n_annotations (get_store (fixture)), ==, n_in_sample () + 1);
}

static void
screenshot_done_cb (GtkWidget    *window,
                    const GError *error,
                    gpointer      user_data)
{
  gboolean *done = user_data;

  g_assert_no_error (error);
  *done = TRUE;
}

/* --screenshot: the picture is written off the main thread. */
static void
test_screenshot (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *png = g_build_filename (fixture->tmpdir, "shot.png", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (png);
  g_autofree char *contents = NULL;
  gsize length = 0;
  gboolean done = FALSE;

  open_and_wait (fixture->window, fixture->text, fixture->text);
  watch (fixture);
  shu_window_take_screenshot (fixture->window, file, screenshot_done_cb, &done);
  wait_for (&done);
  assert_no_main_thread_io ("Take a screenshot");
  g_assert_true (g_file_get_contents (png, &contents, &length, NULL));
  g_assert_cmpuint (length, >, 8);
  g_assert_cmpmem (contents, 8, "\x89PNG\r\n\x1a\n", 8);
}

/* In the Flatpak sandbox, a text chosen through the portal is the only
 * file of its folder the app sees: opening it finds no sidecar beside it
 * (Save will ask where) without asking the disk again on the main thread. */
static void
test_sandbox_single_file (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *grant_dir = g_build_filename (g_get_user_runtime_dir (), "doc", "a1b2c3",
                                                 NULL);
  g_autoptr(GFile) granted = g_file_new_build_filename (grant_dir, "essay.he.txt", NULL);

  g_assert_cmpint (g_mkdir_with_parents (grant_dir, 0700), ==, 0);
  copy_data ("essay.he.txt", granted);

  watch_start (grant_dir);
  open_and_wait (fixture->window, granted, granted);
  assert_no_main_thread_io ("Open a text the sandbox granted alone");
  g_assert_null (shu_document_get_sidecar_file (shu_window_get_document (fixture->window)));
  g_assert_cmpstr (shu_window_get_subtitle (fixture->window), ==, "Annotations not saved yet");
  g_assert_cmpint (g_unlink (g_file_peek_path (granted)), ==, 0);
}

typedef struct
{
  gboolean done;
  gboolean merged;
  GError  *error;
} MergeWait;

static void
merge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MergeWait *wait = user_data;

  wait->merged = shu_sharing_controller_merge_finish (SHU_SHARING_CONTROLLER (object), result,
                                                      NULL, &wait->error);
  wait->done = TRUE;
}

static void
test_merge (Fixture       *fixture,
            gconstpointer  data)
{
  MergeWait wait = { 0 };

  open_and_wait (fixture->window, fixture->text, fixture->text);
  watch (fixture);
  shu_sharing_controller_merge_async (shu_window_get_sharing (fixture->window), fixture->other,
                                      NULL, merge_done_cb, &wait);
  wait_for (&wait.done);
  assert_no_main_thread_io ("Merge");
  g_assert_no_error (wait.error);
  g_assert_true (wait.merged);
}

static ShuProjectWindow *
find_project_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    if (SHU_IS_PROJECT_WINDOW (l->data))
      return l->data;
  return NULL;
}

static gboolean
project_ready (ShuProjectWindow *window)
{
  return window != NULL && !shu_project_window_get_busy (window);
}

static void
project_exported_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_project_window_export_finish (SHU_PROJECT_WINDOW (object), result,
                                               &wait->error);
  wait->done = TRUE;
}

/* The folder opened as a project, as `shulayim FOLDER` and Open Folder do:
 * telling a folder from a text, listing and reading its texts, searching
 * them and writing the report all happen beside the window, never in it. */
static void
test_open_folder (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->tmpdir);
  g_autoptr(GFile) report = g_file_new_build_filename (fixture->tmpdir, "report.html", NULL);
  ShuProjectWindow *window = NULL;
  ShuTestWait wait = { 0 };
  gboolean timed_out = FALSE;
  guint timeout;

  watch (fixture);
  g_application_open (G_APPLICATION (app), &folder, 1, "");
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!project_ready (window = find_project_window ()) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (shu_project_window_get_project (window))), ==, 1);

  shu_project_window_search (window, "כישלון");
  while (!timed_out && (shu_project_window_get_busy (window)
                        || gtk_widget_get_first_child (
                             shu_project_window_get_results (window)) == NULL))
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);

  shu_project_window_export_async (window, -1, report, project_exported_cb, &wait);
  wait_for (&wait.done);
  assert_no_main_thread_io ("Open a folder");
  g_assert_no_error (wait.error);
  g_assert_true (wait.ok);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The project window's Export ▸ REFI-QDA Project and TEI Corpus: reading
 * every text and writing the one file happen beside the window. */
static void
test_export_project (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (fixture->tmpdir);
  g_autoptr(GFile) qdpx = g_file_new_build_filename (fixture->tmpdir, "project.qdpx", NULL);
  g_autoptr(GFile) tei = g_file_new_build_filename (fixture->tmpdir, "project.xml", NULL);
  ShuProjectWindow *window = NULL;
  gboolean timed_out = FALSE;
  guint timeout;

  g_application_open (G_APPLICATION (app), &folder, 1, "");
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!project_ready (window = find_project_window ()) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);

  for (guint i = 0; i < 2; i++)
    {
      ShuTestWait wait = { 0 };

      watch (fixture);
      shu_project_window_export_async (window, i == 0 ? SHU_PROJECT_WINDOW_EXPORT_QDPX
                                                      : SHU_PROJECT_WINDOW_EXPORT_TEI,
                                       i == 0 ? qdpx : tei, project_exported_cb, &wait);
      wait_for (&wait.done);
      assert_no_main_thread_io (i == 0 ? "Export a project as .qdpx"
                                       : "Export a project as TEI");
      g_assert_no_error (wait.error);
      g_assert_true (wait.ok);
    }
  g_assert_true (g_file_query_exists (qdpx, NULL));
  g_assert_true (g_file_query_exists (tei, NULL));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A REFI-QDA archive opened as `shulayim X.qdpx` and Open do: proposing
 * a folder, reading the archive, writing the texts and sidecars and
 * reading the project back all happen beside the window. */
static void
test_open_qdpx (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(ShuDocument) document = shu_test_load_sample ();
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GFile) archive_file = g_file_new_build_filename (fixture->tmpdir, "essay.qdpx",
                                                             NULL);
  ShuQdpxOpen *asking = NULL;
  ShuProjectWindow *window = NULL;
  gboolean timed_out = FALSE;
  guint timeout;

  archive = shu_qdpx_export (document);
  g_assert_true (g_file_replace_contents (archive_file, g_bytes_get_data (archive, NULL),
                                          g_bytes_get_size (archive), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, NULL));
  watch (fixture);
  g_application_open (G_APPLICATION (app), &archive_file, 1, "");
  timeout = g_timeout_add_seconds (10, timeout_cb, &timed_out);
  while (!timed_out)
    {
      for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l; l = l->next)
        if (SHU_IS_QDPX_OPEN (l->data))
          asking = l->data;
      if (asking != NULL && shu_qdpx_open_get_folder (asking) != NULL)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_false (timed_out);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (asking), "qdpx.import", NULL));
  while (!project_ready (window = find_project_window ()) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (timeout);
  assert_no_main_thread_io ("Open a .qdpx");
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (shu_project_window_get_project (window))), ==, 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  static const char *xdg_vars[] = {
    "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME", "XDG_RUNTIME_DIR",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;

  shu_test_use_private_tmp ();
  /* One private home for the whole run (the recent files list is written
   * there), keeping the system's data folders: GTK finds the icons' types
   * there (see tests/ui/test-window.c). */
  home = g_dir_make_tmp ("shulayim-io-home-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg_vars[i], NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (xdg_vars[i], dir, TRUE);
    }
  g_setenv ("HOME", home, TRUE);

  g_test_init (&argc, &argv, NULL);
  shu_test_log_setup ();

  /* The meson test preloads the watch; run by hand without it, this
   * program has nothing to check with. */
  watch_start = (void (*) (const char *)) dlsym (RTLD_DEFAULT, "shu_io_watch_start");
  watch_add = (void (*) (const char *)) dlsym (RTLD_DEFAULT, "shu_io_watch_add");
  watch_take = (char *(*) (void)) dlsym (RTLD_DEFAULT, "shu_io_watch_take");
  slow_down = (void (*) (const char *, unsigned)) dlsym (RTLD_DEFAULT, "shu_io_slow_down");
  if (watch_start == NULL || watch_add == NULL || watch_take == NULL || slow_down == NULL)
    g_error ("Run with LD_PRELOAD=main-thread-io.so (meson test main-thread-io)");

  gtk_init ();
  adw_init ();
  app = shu_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/main-thread-io/watch-catches-a-read", test_watch_catches_a_read);
  ADD ("/main-thread-io/watch-catches-a-stat", test_watch_catches_a_stat);
  ADD ("/main-thread-io/open-text", test_open_text);
  ADD ("/main-thread-io/open-sidecar", test_open_sidecar);
  ADD ("/main-thread-io/open-folder", test_open_folder);
  ADD ("/main-thread-io/open-qdpx", test_open_qdpx);
  ADD ("/main-thread-io/export-project", test_export_project);
  ADD ("/main-thread-io/save", test_save);
  ADD ("/main-thread-io/save-as", test_save_as);
  ADD ("/main-thread-io/import", test_import);
  ADD ("/main-thread-io/export", test_export);
  ADD ("/main-thread-io/add-layer", test_add_layer);
  ADD ("/main-thread-io/merge", test_merge);
  ADD ("/main-thread-io/reload", test_reload);
  ADD ("/main-thread-io/reanchor", test_reanchor);
  ADD ("/main-thread-io/restore", test_restore);
  ADD ("/main-thread-io/notice-change", test_notice_change);
  ADD ("/main-thread-io/keep-mine", test_keep_mine);
  ADD ("/main-thread-io/ignore-text-change", test_ignore_text_change);
  ADD ("/main-thread-io/offer-recovery", test_offer_recovery);
  ADD ("/main-thread-io/sandbox-single-file", test_sandbox_single_file);
  ADD ("/main-thread-io/recent-files", test_recent_files);
  ADD ("/main-thread-io/open-chooser", test_open_chooser);
  ADD ("/main-thread-io/close-discard", test_close_discard);
  ADD ("/main-thread-io/reanchor-unsaved", test_reanchor_unsaved);
  ADD ("/main-thread-io/screenshot", test_screenshot);
  ADD ("/main-thread-io/export-chooser", test_export_chooser);
  ADD ("/main-thread-io/save-as-chooser", test_save_as_chooser);
#undef ADD
#define ADD_CHOOSER(path, action) \
  g_test_add (path, Fixture, action, fixture_setup, test_sharing_chooser, fixture_teardown)
  ADD_CHOOSER ("/main-thread-io/import-chooser", "win.import-brat");
  ADD_CHOOSER ("/main-thread-io/add-layer-chooser", "win.add-layer");
  ADD_CHOOSER ("/main-thread-io/merge-chooser", "win.merge");
#undef ADD_CHOOSER

  return g_test_run ();
}
