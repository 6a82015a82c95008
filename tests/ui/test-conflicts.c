/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "shu-conflicts-window.h"
#include "shu-merge.h"
#include "shu-sidecar.h"
#include "shu-test-ui.h"

/* Label conflicts in the Merge Conflicts window (issue 19): a researcher
 * merges a colleague's file in which a label of the same id is named and
 * coloured otherwise; the window shows both versions and keeps the one
 * chosen, as one undoable step. Run with LANGUAGE=he (and a Hebrew
 * locale) it renders the Hebrew window. */

static ShuLabel *
label_of (ShuDocument *document,
          const char  *id)
{
  return shu_label_set_lookup (shu_annotation_store_get_labels (shu_document_get_store (document)),
                               id);
}

/* The button of @name ("keep-this", "keep-other") for the label @id. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *name,
             const char *id)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), name) == 0
      && g_strcmp0 (g_object_get_data (G_OBJECT (widget), "shu-label-id"), id) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, name, id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
click (GtkWidget  *window,
       const char *name,
       const char *id)
{
  GtkWidget *button = find_button (window, name, id);

  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
}

static guint
n_label_rows (ShuConflictsWindow *window)
{
  g_autoptr(GPtrArray) ids = shu_conflicts_window_dup_label_ids (window);

  return ids->len;
}

static void
test_label_conflicts (void)
{
  g_autoptr(ShuDocument) ours = shu_test_load_sample ();
  g_autoptr(ShuDocument) theirs = shu_test_load_sample ();
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuLabel) claim = shu_label_new ("claim", "Claim", "#ffadad",
                                             "A thesis or position the author asserts", '2');
  g_autoptr(ShuLabel) evidence = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  ShuAnnotationStore *their_store = shu_document_get_store (theirs);
  ShuAnnotationStore *store;
  ShuConflictsWindow *window;
  ShuLabel *label;
  guint n_conflicts = 0;
  const char *language = g_getenv ("LANGUAGE");

  /* A colleague with an English interface: "claim" is named Claim, in
   * another colour and on another digit; "evidence" was recoloured. */
  label = label_of (theirs, "evidence");
  evidence = shu_label_new ("evidence", shu_label_get_name (label), "#1c71d8",
                            shu_label_get_description (label), shu_label_get_shortcut (label));
  g_assert_true (shu_annotation_store_replace_label (their_store, claim));
  g_assert_true (shu_annotation_store_replace_label (their_store, evidence));

  merged = shu_merge (NULL, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 2);
  store = shu_document_get_store (merged);

  window = SHU_CONFLICTS_WINDOW (shu_conflicts_window_new (merged));
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  gtk_window_present (GTK_WINDOW (window));
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  ids = shu_conflicts_window_dup_label_ids (window);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (ids, 0), ==, "claim");
  g_assert_cmpstr (g_ptr_array_index (ids, 1), ==, "evidence");
  /* Both names are on screen. */
  g_assert_true (shu_test_shows_text (GTK_WIDGET (window), "טענה"));
  g_assert_true (shu_test_shows_text (GTK_WIDGET (window), "Claim"));
  shu_test_render_to_png (GTK_WIDGET (window),
                          language != NULL && g_str_has_prefix (language, "he")
                          ? "conflicts-labels-he.png" : "conflicts-labels.png");

  /* Keeping the other version of "claim": its name, colour and digit;
   * "evidence" gave up the digit, and the window says so. */
  click (GTK_WIDGET (window), "keep-other", "claim");
  label = label_of (merged, "claim");
  g_assert_cmpstr (shu_label_get_name (label), ==, "Claim");
  g_assert_cmpstr (shu_label_get_color (label), ==, "#ffadad");
  g_assert_cmpint (shu_label_get_shortcut (label), ==, '2');
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_NONE);
  g_assert_cmpint (shu_label_get_shortcut (label_of (merged, "evidence")), ==, 0);
  g_assert_cmpuint (n_label_rows (window), ==, 1);

  /* One undo brings the conflict back, with both rows. */
  g_assert_true (shu_annotation_store_undo (store));
  label = label_of (merged, "claim");
  g_assert_cmpstr (shu_label_get_name (label), ==, "טענה");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_CHANGED);
  g_assert_cmpint (shu_label_get_shortcut (label_of (merged, "evidence")), ==, '2');
  g_assert_cmpuint (n_label_rows (window), ==, 2);

  /* Keeping this file's versions of both leaves none. */
  click (GTK_WIDGET (window), "keep-this", "claim");
  click (GTK_WIDGET (window), "keep-this", "evidence");
  g_assert_cmpstr (shu_label_get_name (label_of (merged, "claim")), ==, "טענה");
  g_assert_cmpstr (shu_label_get_color (label_of (merged, "evidence")), ==, "#2ec27e");
  g_assert_cmpuint (n_label_rows (window), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");

  shu_test_use_private_tmp ();
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  shu_test_log_setup ();
  if (localedir != NULL)
    bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_init ();
  adw_init ();

  g_test_add_func ("/conflicts/labels", test_label_conflicts);
  return g_test_run ();
}
