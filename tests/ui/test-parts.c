/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-annotate-controller.h"
#include "shu-document-loader.h"
#include "shu-external-controller.h"
#include "shu-save-controller.h"
#include "shu-sharing-controller.h"
#include "shu-test-ui.h"

/* The window's parts on their own: each is made on a plain application
 * window, with only the widgets it borrows, and works through the
 * "win." actions it adds, as the menus and keys of ShuWindow reach it. */

#define TEXT "Ruth said to Naomi: where you go, I will go.\n"

static ShuApplication *app;

typedef struct
{
  char        *tmpdir;
  GtkWindow   *window;
  ShuTextView *view;
  ShuSidebar  *sidebar;
  GSettings   *settings;
  ShuDocument *document;
  GPtrArray   *toasts;     /* "message" or "message (undo)" */
  guint        n_saved;
} Fixture;

static void
toast_cb (Fixture    *fixture,
          const char *message)
{
  g_ptr_array_add (fixture->toasts, g_strdup (message));
}

static void
undoable_toast_cb (Fixture    *fixture,
                   const char *message,
                   gboolean    undoable)
{
  g_ptr_array_add (fixture->toasts, g_strdup_printf ("%s%s", message, undoable ? " (undo)" : ""));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) person = shu_label_new ("person", "Person", "#3584e4", NULL, '1');
  g_autoptr(ShuDocumentLoader) loader = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *box;

  shu_test_restore_system_data_dirs ();
  fixture->settings = g_settings_new (APP_ID);
  g_settings_set_string (fixture->settings, "author-name", "Tamar");
  fixture->tmpdir = g_dir_make_tmp ("shulayim-parts-XXXXXX", &error);
  g_assert_no_error (error);
  shu_test_write_file (fixture->tmpdir, "ruth.txt", TEXT);
  path = g_build_filename (fixture->tmpdir, "ruth.txt", NULL);
  text = g_file_new_for_path (path);
  loader = shu_document_loader_new (text);
  fixture->document = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_label_set_append (labels, person));
  none = g_ptr_array_new ();
  shu_annotation_store_reset (shu_document_get_store (fixture->document), none, labels);

  fixture->window = GTK_WINDOW (gtk_application_window_new (GTK_APPLICATION (app)));
  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  fixture->view = SHU_TEXT_VIEW (shu_text_view_new ());
  fixture->sidebar = SHU_SIDEBAR (shu_sidebar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (fixture->view), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->view));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (fixture->sidebar));
  gtk_window_set_child (fixture->window, box);
  gtk_window_set_default_size (fixture->window, 800, 500);
  shu_text_view_set_document (fixture->view, fixture->document);
  shu_sidebar_set_document (fixture->sidebar, fixture->document);
  gtk_window_present (fixture->window);
  shu_test_wait_for_frames (GTK_WIDGET (fixture->window), 2);
  fixture->toasts = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (fixture->window);
  g_clear_object (&fixture->document);
  g_clear_object (&fixture->settings);
  g_clear_pointer (&fixture->toasts, g_ptr_array_unref);
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static gboolean
enabled (Fixture    *fixture,
         const char *action)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (fixture->window), action);
}

static ShuAnnotationStore *
get_store (Fixture *fixture)
{
  return shu_document_get_store (fixture->document);
}

/* Select "Naomi", press 1: an annotation of Person, signed Tamar. Delete
 * it: the toast says so and offers Undo, which brings it back. Nothing
 * can be annotated while the annotations are still loading. */
static void
test_annotate (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(ShuAnnotateController) annotate = NULL;
  guint start = shu_test_offset_of (TEXT, "Naomi", 0);
  ShuAnnotation *annotation;

  annotate = shu_annotate_controller_new (fixture->window, fixture->view, fixture->sidebar,
                                          fixture->settings);
  g_signal_connect_swapped (annotate, "toast", G_CALLBACK (undoable_toast_cb), fixture);
  g_object_set (annotate, "document", fixture->document, "loading", TRUE, NULL);
  g_assert_false (enabled (fixture, "annotate"));
  g_assert_false (enabled (fixture, "annotate-label"));
  g_assert_true (enabled (fixture, "author-name"));
  g_object_set (annotate, "loading", FALSE, NULL);
  g_assert_true (enabled (fixture, "annotate-label"));
  g_assert_false (enabled (fixture, "delete-annotation"));

  shu_text_view_select_range (fixture->view, start, start + 5);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.annotate-label",
                                             "u", 1));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store (fixture))), ==, 1);
  annotation = g_list_model_get_item (G_LIST_MODEL (get_store (fixture)), 0);
  g_object_unref (annotation);
  g_assert_cmpuint (shu_annotation_get_start (annotation), ==, start);
  g_assert_cmpuint (shu_annotation_get_end (annotation), ==, start + 5);
  g_assert_cmpstr (shu_annotation_get_label_id (annotation), ==, "person");
  g_assert_cmpstr (shu_annotation_get_creator (annotation), ==, "Tamar");

  /* The new annotation is selected: it can be deleted. */
  g_assert_true (enabled (fixture, "delete-annotation"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.delete-annotation", NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store (fixture))), ==, 0);
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, 0), ==, "Annotation deleted (undo)");
  g_assert_true (shu_annotation_store_undo (get_store (fixture)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (get_store (fixture))), ==, 1);

  /* No selection: the toast asks for one. */
  shu_text_view_set_selected_annotation (fixture->view, NULL);
  shu_text_view_select_range (fixture->view, 0, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.annotate-label",
                                             "u", 1));
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, fixture->toasts->len - 1), ==,
                   "Select some text to annotate first");
}

static void
saved_cb (Fixture *fixture)
{
  fixture->n_saved++;
}

static void
save_to_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_save_controller_save_to_finish (SHU_SAVE_CONTROLLER (object), result,
                                                     &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The annotations in @file, read back and placed on the open text. */
static guint
count_saved (Fixture *fixture,
             GFile   *file)
{
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new_for_sidecar (file);
  g_autoptr(ShuDocument) saved = NULL;
  g_autoptr(GError) error = NULL;

  shu_document_loader_set_source (loader, shu_document_get_source (fixture->document));
  saved = shu_document_loader_load (loader, NULL, &error);
  g_assert_no_error (error);
  return g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (saved)));
}

static void
add_annotation (Fixture    *fixture,
                const char *word)
{
  guint start = shu_test_offset_of (TEXT, word, 0);
  ShuRange range = { start, start + (guint) g_utf8_strlen (word, -1) };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (NULL, &range, 1, "person", NULL,
                                                            NULL, NULL, NULL);

  g_assert_true (shu_annotation_store_add (get_store (fixture), annotation, NULL));
}

/* Save As into a folder that does not exist yet, then Save: the file
 * holds what was annotated each time, and the second save says so. */
static void
test_save (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(ShuSharingController) sharing = NULL;
  g_autoptr(ShuExternalController) external = NULL;
  g_autoptr(ShuSaveController) saver = NULL;
  g_autofree char *path = g_build_filename (fixture->tmpdir, "new folder", "ruth.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gboolean done = FALSE;
  gint64 end;

  sharing = shu_sharing_controller_new (fixture->window, fixture->view, cancellable);
  external = shu_external_controller_new (fixture->window, sharing);
  saver = shu_save_controller_new (fixture->window, external, fixture->sidebar);
  g_signal_connect_swapped (saver, "toast", G_CALLBACK (toast_cb), fixture);
  g_signal_connect_swapped (saver, "saved", G_CALLBACK (saved_cb), fixture);
  g_assert_false (enabled (fixture, "save"));
  g_object_set (saver, "document", fixture->document, NULL);
  shu_external_controller_track (external, fixture->document);
  g_assert_true (enabled (fixture, "save"));
  g_assert_true (enabled (fixture, "save-as"));

  add_annotation (fixture, "Ruth");
  shu_save_controller_save_to_async (saver, file, save_to_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (fixture->n_saved, ==, 1);
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (fixture->document), file));
  g_assert_false (shu_annotation_store_get_modified (get_store (fixture)));
  g_assert_cmpuint (count_saved (fixture, file), ==, 1);

  add_annotation (fixture, "Naomi");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.save", NULL));
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (fixture->toasts->len == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fixture->toasts->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->toasts, 0), ==, "Annotations saved");
  g_assert_cmpuint (fixture->n_saved, ==, 2);
  g_assert_cmpuint (count_saved (fixture, file), ==, 2);

  shu_external_controller_stop (external);
  g_object_run_dispose (G_OBJECT (sharing));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);

  g_test_add ("/parts/annotate", Fixture, NULL, fixture_setup, test_annotate, fixture_teardown);
  g_test_add ("/parts/save", Fixture, NULL, fixture_setup, test_save, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
