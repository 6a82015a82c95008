/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-application.h"
#include "shu-error.h"
#include "shu-sidecar.h"
#include "shu-window.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* Files changed by other programs while a window has them open, and
 * hostile sidecars: the window asks before losing anything, does what the
 * answer says, and shows the user's text as text. */

static ShuApplication *app;

typedef struct
{
  ShuWindow *window;
  char      *tmpdir;
  GFile     *text;
  GFile     *sidecar;
} Fixture;

#define ID(n) "urn:uuid:00000000-0000-4000-8000-00000000000" #n

static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (5000);
    }
}

/* The message dialog of @window, waiting for it at most @seconds. */
static AdwMessageDialog *
wait_for_dialog (ShuWindow *window,
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

static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (50);
}

static void
add (ShuDocument *document,
     const char  *id,
     guint        start,
     guint        end,
     const char  *comment)
{
  g_autoptr(GPtrArray) comments =
    g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(ShuAnnotation) annotation = NULL;
  ShuRange range = { start, end };

  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, NULL));
  annotation = shu_annotation_new (id, &range, 1, NULL, comments, "Other", NULL, NULL);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
}

/* Another program's change: the sidecar as on disk, plus one annotation. */
static void
write_behind_the_back (Fixture    *fixture,
                       const char *id,
                       guint       start)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) document = shu_test_read_sidecar (fixture->sidecar);

  add (document, id, start, start + 5, NULL);
  g_assert_true (shu_sidecar_save (document, fixture->sidecar, &error));
  g_assert_no_error (error);
}

static gboolean
disk_has (Fixture    *fixture,
          const char *id)
{
  g_autofree char *contents = NULL;

  g_assert_true (g_file_load_contents (fixture->sidecar, NULL, &contents, NULL, NULL, NULL));
  return strstr (contents, id) != NULL;
}

static ShuAnnotationStore *
store_of (Fixture *fixture)
{
  return shu_document_get_store (shu_window_get_document (fixture->window));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;

  g_settings_set_string (settings, "author-name", "Test Annotator");
  g_settings_set_boolean (settings, "sidebar-visible", TRUE);

  fixture->tmpdir = g_dir_make_tmp ("shulayim-external-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->text = g_file_new_build_filename (fixture->tmpdir, "essay.he.txt", NULL);
  g_file_copy (essay, fixture->text, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  fixture->sidecar = shu_sidecar_default_file (fixture->text);

  fixture->window = shu_window_new (GTK_APPLICATION (app));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 640);
  g_assert_true (shu_test_open_file (fixture->window, fixture->text, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (fixture->window));

  /* Saved once, so there is a sidecar on disk to change. */
  add (shu_window_get_document (fixture->window), ID(1), 10, 20, NULL);
  g_assert_true (shu_test_save_to (fixture->window, fixture->sidecar, &error));
  g_assert_no_error (error);
  spin (400);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->tmpdir, 0, NULL);
  const char *name;

  /* Dropping the changes: no save prompt, no journal left. */
  if (shu_window_get_document (fixture->window) != NULL)
    shu_annotation_store_mark_saved (store_of (fixture));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  spin (50);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->tmpdir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->tmpdir);
  g_free (fixture->tmpdir);
  g_clear_object (&fixture->text);
  g_clear_object (&fixture->sidecar);
}

static gboolean wait_for_annotation (Fixture    *fixture,
                                     const char *id,
                                     gboolean    present);

static void
test_reload_and_keep (Fixture       *fixture,
                      gconstpointer  data)
{
  AdwMessageDialog *dialog;
  g_autoptr(GError) error = NULL;

  /* Noticed without any action from the user; Reload takes it in. */
  write_behind_the_back (fixture, ID(2), 40);
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Annotations Changed on Disk");
  respond (dialog, "reload");
  /* Read in a thread: the window stays usable meanwhile. */
  g_assert_true (wait_for_annotation (fixture, ID(2), TRUE));
  g_assert_false (shu_annotation_store_get_modified (store_of (fixture)));
  /* Reloading is one step that can be undone. */
  g_assert_true (shu_annotation_store_can_undo (store_of (fixture)));

  /* Keep Mine: the file's change stays out, and saving then writes over
   * it without asking again. */
  write_behind_the_back (fixture, ID(3), 60);
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  respond (dialog, "keep");
  g_assert_null (shu_annotation_store_lookup (store_of (fixture), ID(3)));
  g_assert_true (disk_has (fixture, ID(3)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  spin (800);
  g_assert_null (wait_for_dialog (fixture->window, 0.5));
  g_assert_false (disk_has (fixture, ID(3)));
  g_assert_true (disk_has (fixture, ID(2)));
}

/* Waits at most 5 s for @id to be in the window's document (or, with
 * @present FALSE, to be gone). */
static gboolean
wait_for_annotation (Fixture    *fixture,
                     const char *id,
                     gboolean    present)
{
  for (guint i = 0; i < 500; i++)
    {
      if ((shu_annotation_store_lookup (store_of (fixture), id) != NULL) == present)
        return TRUE;
      spin (10);
    }
  return FALSE;
}

/* Waits at most 5 s for the window's document to be saved. */
static gboolean
wait_for_saved (Fixture *fixture)
{
  for (guint i = 0; i < 500; i++)
    {
      if (!shu_annotation_store_get_modified (store_of (fixture)))
        return TRUE;
      spin (10);
    }
  return FALSE;
}

static void
test_save_asks (Fixture       *fixture,
                gconstpointer  data)
{
  AdwMessageDialog *dialog;

  /* Unsaved work here, a change there, and Save before the monitor even
   * reports it: nothing is written until the user chooses. */
  add (shu_window_get_document (fixture->window), ID(4), 80, 90, NULL);
  write_behind_the_back (fixture, ID(5), 100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  spin (300);
  g_assert_true (disk_has (fixture, ID(5)));
  g_assert_false (disk_has (fixture, ID(4)));

  /* Merge: both, and the save that was asked for goes ahead. */
  respond (dialog, "merge");
  g_assert_true (wait_for_annotation (fixture, ID(5), TRUE));
  g_assert_nonnull (shu_annotation_store_lookup (store_of (fixture), ID(4)));
  spin (800);
  g_assert_true (disk_has (fixture, ID(4)));
  g_assert_true (disk_has (fixture, ID(5)));
  g_assert_true (disk_has (fixture, ID(1)));
  g_assert_false (shu_annotation_store_get_modified (store_of (fixture)));
}

static const char *
comment_of (ShuAnnotationStore *store,
            const char         *id)
{
  ShuAnnotation *annotation = shu_annotation_store_lookup (store, id);

  g_assert_nonnull (annotation);
  return shu_annotation_get_comment (annotation);
}

/* Another program's edit: @id's comment becomes @comment (NULL: @id is
 * deleted), then the file is saved. */
static void
edit_behind_the_back (Fixture    *fixture,
                      const char *id,
                      const char *comment)
{
  g_autoptr(ShuDocument) document = shu_test_read_sidecar (fixture->sidecar);
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GError) error = NULL;

  if (comment == NULL)
    g_assert_true (shu_annotation_store_remove (store, id, NULL));
  else
    {
      g_autoptr(ShuAnnotation) changed = NULL;

      changed = shu_annotation_with_comment (shu_annotation_store_lookup (store, id), comment,
                                             NULL, NULL);
      g_assert_true (shu_annotation_store_replace (store, changed, NULL));
    }
  g_assert_true (shu_sidecar_save (document, fixture->sidecar, &error));
  g_assert_no_error (error);
}

/* Issue 19: with unsaved edits here, another program changed an
 * annotation nobody here touched. Merge takes their change and keeps
 * ours; a Merge that kept the copy in memory lost their edit at the next
 * save. */
static void
test_merge_takes_their_edit (Fixture       *fixture,
                             gconstpointer  data)
{
  ShuDocument *document = shu_window_get_document (fixture->window);
  ShuAnnotationStore *store = store_of (fixture);
  g_autoptr(ShuAnnotation) ours = NULL;
  g_autoptr(ShuDocument) saved = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  /* Saved: ID(1) and ID(2). Unsaved here: ID(2)'s comment, and ID(4). */
  add (document, ID(2), 30, 40, NULL);
  g_assert_true (shu_test_save_to (fixture->window, fixture->sidecar, &error));
  g_assert_no_error (error);
  spin (400);
  ours = shu_annotation_with_comment (shu_annotation_store_lookup (store, ID(2)), "ours",
                                      NULL, NULL);
  g_assert_true (shu_annotation_store_replace (store, ours, NULL));
  add (document, ID(4), 80, 90, NULL);

  /* Another program comments on ID(1) and adds ID(5). */
  edit_behind_the_back (fixture, ID(1), "theirs");
  write_behind_the_back (fixture, ID(5), 100);

  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  respond (dialog, "merge");
  g_assert_true (wait_for_annotation (fixture, ID(5), TRUE));
  g_assert_cmpstr (comment_of (store, ID(1)), ==, "theirs");
  g_assert_cmpstr (comment_of (store, ID(2)), ==, "ours");
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(4)));
  /* Nothing in conflict: each annotation changed on one side only. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_null (shu_annotation_get_conflict (annotation));
    }

  /* The merge is one step. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_null (comment_of (store, ID(1)));
  g_assert_null (shu_annotation_store_lookup (store, ID(5)));
  g_assert_cmpstr (comment_of (store, ID(2)), ==, "ours");
  g_assert_true (shu_annotation_store_redo (store));

  /* Saved, the file has their edit and ours. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  g_assert_true (wait_for_saved (fixture));
  g_assert_null (wait_for_dialog (fixture->window, 0.3));
  saved = shu_test_read_sidecar (fixture->sidecar);
  g_assert_cmpstr (comment_of (shu_document_get_store (saved), ID(1)), ==, "theirs");
  g_assert_cmpstr (comment_of (shu_document_get_store (saved), ID(2)), ==, "ours");
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (saved), ID(4)));
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (saved), ID(5)));
}

/* A merge that removes annotations says how many before it does: here
 * another program deleted two that nobody here changed. Cancel changes
 * nothing; Merge removes exactly those two, as one step. */
static void
test_merge_removal_asks (Fixture       *fixture,
                         gconstpointer  data)
{
  ShuDocument *document = shu_window_get_document (fixture->window);
  ShuAnnotationStore *store = store_of (fixture);
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;
  const char *body;

  add (document, ID(2), 30, 40, NULL);
  add (document, ID(3), 50, 60, NULL);
  g_assert_true (shu_test_save_to (fixture->window, fixture->sidecar, &error));
  g_assert_no_error (error);
  spin (400);
  add (document, ID(4), 80, 90, NULL);

  edit_behind_the_back (fixture, ID(2), NULL);
  edit_behind_the_back (fixture, ID(3), NULL);

  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  respond (dialog, "merge");

  /* Asked first, with the count. */
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog), body);
  g_assert_nonnull (strstr (body, "removes 2 annotations"));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(2)));

  /* The file watcher may tell of the same change again while the merge
   * waits for this answer (a late event, or another write of the same
   * bytes): the merge under way is the answer, not a second question. */
  {
    g_autofree char *contents = NULL;
    gsize length;
    guint n_dialogs = 0;
    GListModel *toplevels = gtk_window_get_toplevels ();

    g_assert_true (g_file_load_contents (fixture->sidecar, NULL, &contents, &length, NULL,
                                         &error));
    g_assert_true (g_file_replace_contents (fixture->sidecar, contents, length, NULL, FALSE,
                                            G_FILE_CREATE_NONE, NULL, NULL, &error));
    g_assert_no_error (error);
    spin (900);
    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
          n_dialogs++;
      }
    g_assert_cmpuint (n_dialogs, ==, 1);
  }
  respond (dialog, "cancel");
  for (guint i = 1; i <= 4; i++)
    {
      g_autofree char *id = g_strdup_printf (ID(%u), i);

      g_assert_nonnull (shu_annotation_store_lookup (store, id));
    }

  /* Save asks again about the file; this time the merge goes ahead, and
   * so does the save. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Annotations Changed on Disk");
  respond (dialog, "merge");
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  g_test_message ("%s: %s", adw_message_dialog_get_heading (dialog),
                  adw_message_dialog_get_body (dialog));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "removes 2 annotations"));
  respond (dialog, "merge");
  g_assert_true (wait_for_annotation (fixture, ID(2), FALSE));
  g_assert_null (shu_annotation_store_lookup (store, ID(3)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(1)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(4)));
  g_assert_true (wait_for_saved (fixture));
  g_assert_false (disk_has (fixture, ID(2)));
  g_assert_false (disk_has (fixture, ID(3)));
  g_assert_true (disk_has (fixture, ID(4)));

  /* One undo brings both back. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(2)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(3)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(4)));
}

static void
test_text_changed (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *changed = NULL;
  AdwMessageDialog *dialog;
  ShuAnnotation *annotation;
  ShuSource *source;
  gsize size;

  /* Five characters more at the start: the annotation follows its words. */
  g_assert_true (g_file_load_contents (fixture->text, NULL, &contents, &size, NULL, NULL));
  changed = g_strconcat ("אבגד\n", contents, NULL);
  g_assert_true (g_file_replace_contents (fixture->text, changed, strlen (changed), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, NULL));
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "The Text Changed on Disk");
  respond (dialog, "reanchor");

  /* Read in a thread: the window stays usable meanwhile. */
  for (guint i = 0; i < 500; i++)
    {
      source = shu_document_get_source (shu_window_get_document (fixture->window));
      if (shu_source_get_text_size (source) == strlen (changed))
        break;
      spin (10);
    }
  g_assert_cmpuint (shu_source_get_text_size (source), ==, strlen (changed));
  annotation = shu_annotation_store_lookup (store_of (fixture), ID(1));
  g_assert_nonnull (annotation);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, 15);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, 25);
  /* The other dialog tells what moved. */
  dialog = wait_for_dialog (fixture->window, 0.5);
  if (dialog != NULL)
    respond (dialog, "close");
}

static void
test_hostile_text (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char comment[] = "<script>alert(1)</script> <b>bold</b> & \u202Eevil";
  static const char shown[] = "<script>alert(1)</script> <b>bold</b> & \u27E8RLO\u27E9evil";
  g_autoptr(GFile) odd_text = g_file_new_build_filename (fixture->tmpdir, "<b>x & y.txt",
                                                         NULL);
  g_autoptr(GError) error = NULL;
  gboolean found = FALSE;

  /* A comment with markup and a right-to-left override: shown as written,
   * with the override visible, in the list. */
  add (shu_window_get_document (fixture->window), ID(6), 0, 5, comment);
  for (guint i = 0; i < 200 && !found; i++)
    {
      spin (20);
      found = shu_test_shows_label (GTK_WIDGET (shu_window_get_sidebar (fixture->window)), shown);
    }
  g_assert_true (found);
  g_assert_false (shu_test_shows_text (GTK_WIDGET (shu_window_get_sidebar (fixture->window)),
                                       "\u202E"));

  /* A file name with markup in the title. */
  g_assert_true (g_file_replace_contents (odd_text, "שלום", strlen ("שלום"), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, &error));
  shu_annotation_store_mark_saved (store_of (fixture));
  g_assert_true (shu_test_open_file (fixture->window, odd_text, &error));
  g_assert_no_error (error);
  spin (100);
  g_assert_true (shu_test_shows_label (GTK_WIDGET (fixture->window), "<b>x & y.txt"));
  g_file_delete (odd_text, NULL, NULL);
}

static void
test_sidecar_cannot_leave_its_folder (Fixture       *fixture,
                                      gconstpointer  data)
{
  g_autofree char *contents = NULL;
  g_autofree char *hostile = NULL;
  g_autofree char *secret_path = g_build_filename (g_get_tmp_dir (), "shu-secret.txt", NULL);
  g_autoptr(GFile) evil = g_file_new_build_filename (fixture->tmpdir, "evil.annotations.json",
                                                     NULL);
  static const char *names[] = { "../shu-secret.txt", "/etc/passwd", "sub/essay.he.txt",
                                 "file:///etc/passwd" };
  ShuDocument *before = shu_window_get_document (fixture->window);

  g_assert_true (g_file_set_contents (secret_path, "secret", -1, NULL));
  g_assert_true (g_file_load_contents (fixture->sidecar, NULL, &contents, NULL, NULL, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) text = g_string_new (contents);

      g_autofree char *name = g_strdup_printf ("\"%s\"", names[i]);

      /* The collection's text and every annotation's target. */
      g_assert_cmpuint (g_string_replace (text, "\"essay.he.txt\"", name, 0), >=, 2);
      g_assert_true (g_file_replace_contents (evil, text->str, text->len, NULL, FALSE,
                                              G_FILE_CREATE_NONE, NULL, NULL, NULL));

      /* Refused, and the window keeps what it had. */
      g_assert_false (shu_test_open_file (fixture->window, evil, &error));
      g_assert_nonnull (error);
      g_test_message ("%s: %s", names[i], error->message);
      /* Refused for where it points, not for its syntax. */
      g_assert_false (g_error_matches (error, SHU_ERROR, SHU_ERROR_PARSE));
      g_assert_true (shu_window_get_document (fixture->window) == before);
    }
  g_unlink (secret_path);
  g_file_delete (evil, NULL, NULL);
}

/* A journal as a run that died would leave it: the fixture's text with
 * one unsaved annotation (@id, 5..9, @comment). */
static ShuDocument *
leave_journal (Fixture    *fixture,
               const char *id,
               const char *comment)
{
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GError) error = NULL;
  ShuDocument *lost;

  source = shu_source_new_from_file (fixture->text, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  lost = shu_document_new (source, NULL);
  add (lost, id, 5, 9, comment);
  g_assert_true (shu_recovery_write (lost, NULL, &error));
  g_assert_no_error (error);
  return lost;
}

static void
test_recovery_discard (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ShuDocument) lost = leave_journal (fixture, ID(8), "\u202Elost");
  g_autoptr(GFile) journal = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  AdwMessageDialog *dialog;

  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  journal = g_object_ref (((ShuRecoveryEntry *) g_ptr_array_index (entries, 0))->journal);

  /* Offered; Discard removes it. */
  shu_window_offer_recovery (fixture->window);
  dialog = wait_for_dialog (fixture->window, 5);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Restore Unsaved Changes?");
  respond (dialog, "discard");
  /* Removed in the journals' worker thread. */
  for (guint i = 0; i < 500 && g_file_query_exists (journal, NULL); i++)
    spin (10);
  g_assert_false (g_file_query_exists (journal, NULL));
  g_assert_null (shu_annotation_store_lookup (store_of (fixture), ID(8)));

  /* Once per run: later windows do not ask again. */
  g_assert_true (shu_recovery_write (lost, NULL, &error));
  shu_window_offer_recovery (fixture->window);
  g_assert_null (wait_for_dialog (fixture->window, 0.3));
  g_file_delete (journal, NULL, NULL);
}

/* Restoring in-process, so that the sanitizer build checks this path for
 * leaks (ui/recovery does it for real, in a program of its own, whose leak
 * check is off). */
static void
test_recovery_restore (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ShuDocument) lost = leave_journal (fixture, ID(9), "kept <b>&</b>");
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  ShuRecoveryEntry *entry;
  ShuAnnotation *restored;

  entries = shu_recovery_list ();
  g_assert_cmpuint (entries->len, ==, 1);
  entry = g_ptr_array_index (entries, 0);

  g_assert_true (shu_test_restore (fixture->window, entries, entry, &error));
  g_assert_no_error (error);
  restored = shu_annotation_store_lookup (store_of (fixture), ID(9));
  g_assert_nonnull (restored);
  g_assert_cmpuint (shu_annotation_get_start (restored), ==, 5);
  g_assert_cmpuint (shu_annotation_get_end (restored), ==, 9);
  g_assert_cmpstr (shu_annotation_get_comment (restored), ==, "kept <b>&</b>");
  /* Restored changes are unsaved changes, undoable as one step. */
  g_assert_true (shu_annotation_store_get_modified (store_of (fixture)));
  g_assert_true (shu_annotation_store_can_undo (store_of (fixture)));
  g_file_delete (entry->journal, NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_ui_use_private_home ("shulayim-external-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);


  g_test_add ("/external/reload-and-keep", Fixture, NULL,
              fixture_setup, test_reload_and_keep, fixture_teardown);
  g_test_add ("/external/save-asks", Fixture, NULL,
              fixture_setup, test_save_asks, fixture_teardown);
  g_test_add ("/external/merge-takes-their-edit", Fixture, NULL,
              fixture_setup, test_merge_takes_their_edit, fixture_teardown);
  g_test_add ("/external/merge-removal-asks", Fixture, NULL,
              fixture_setup, test_merge_removal_asks, fixture_teardown);
  g_test_add ("/external/text-changed", Fixture, NULL,
              fixture_setup, test_text_changed, fixture_teardown);
  g_test_add ("/external/hostile-text", Fixture, NULL,
              fixture_setup, test_hostile_text, fixture_teardown);
  g_test_add ("/external/sidecar-cannot-leave-its-folder", Fixture, NULL,
              fixture_setup, test_sidecar_cannot_leave_its_folder, fixture_teardown);

  g_test_add ("/external/recovery-discard", Fixture, NULL,
              fixture_setup, test_recovery_discard, fixture_teardown);
  g_test_add ("/external/recovery-restore", Fixture, NULL,
              fixture_setup, test_recovery_restore, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
