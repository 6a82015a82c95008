/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "shu-agreement-window.h"
#include "shu-application.h"
#include "shu-sharing-controller.h"
#include "shu-window.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* Two annotators of a Hebrew text linked the same people and works and
 * set attributes on them (issue 21): the Agreement window shows, besides
 * the labels' table, how far their relations and attributes agree, with
 * the figures `shulayim-cli agree` prints, worked out by hand in
 * tests/data/agreement/README.md. Run in English and, with --hebrew, as a
 * Hebrew-speaking user, where the tables read right to left. With
 * SHU_TEST_SCREENSHOTS set to a folder, the window is saved there, light
 * and dark. */

static ShuApplication *app;
static gboolean hebrew;

typedef struct
{
  ShuWindow *window;
  char      *tmpdir;
} Fixture;

static void
copy_data (Fixture    *fixture,
           const char *folder,
           const char *name)
{
  g_autofree char *from_path = g_build_filename (g_getenv ("SHU_SOURCE_ROOT"), "tests", "data",
                                                 folder, name, NULL);
  g_autoptr(GFile) from = g_file_new_for_path (from_path);
  g_autoptr(GFile) to = g_file_new_build_filename (fixture->tmpdir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_copy (from, to, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* data: the text (in tests/data/@data/) whose sidecar beside it is the
 * user's; the other annotator's sidecar is @data/OTHER. */
typedef struct
{
  const char *folder;
  const char *text;
  const char *sidecar;
  const char *other;
} Case;

static const Case translators = {
  "agreement", "translators.he.txt", "translators.he.txt.annotations.json",
  "translators.dani.annotations.json",
};

/* The sample essay against a copy of itself: no relations, no
 * attributes. */
static const Case essay = {
  ".", "essay.he.txt", "essay.he.txt.annotations.json", "essay.he.txt.annotations.json",
};

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  const Case *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) text = NULL;
  g_autoptr(GFile) other = NULL;
  g_autofree char *other_path = NULL;

  shu_test_restore_system_data_dirs ();
  fixture->tmpdir = g_dir_make_tmp ("shulayim-agreement-XXXXXX", &error);
  g_assert_no_error (error);
  copy_data (fixture, c->folder, c->text);
  copy_data (fixture, c->folder, c->sidecar);
  text = g_file_new_build_filename (fixture->tmpdir, c->text, NULL);
  fixture->window = shu_test_open_window (app, text, 1000, 640);

  other_path = g_build_filename (g_getenv ("SHU_SOURCE_ROOT"), "tests", "data", c->folder,
                                 c->other, NULL);
  other = g_file_new_for_path (other_path);
  g_assert_nonnull (shu_test_add_layer (fixture->window, other, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static ShuAgreementWindow *
open_agreement (Fixture *fixture)
{
  ShuSharingController *sharing = shu_window_get_sharing (fixture->window);
  GtkWindow *shown;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.agreement",
                                             NULL));
  shown = shu_sharing_controller_get_dialog (sharing, "agreement");
  g_assert_nonnull (shown);
  shu_test_wait_for_frames (GTK_WIDGET (shown), 2);
  return SHU_AGREEMENT_WINDOW (shown);
}

/* Row @row of @table as the user reads it, cells joined by " | " in the
 * columns' logical order (first column first, whichever side it is on). */
static char *
row_text (ShuAgreementWindow *agreement,
          ShuAgreementTable   table,
          guint               row)
{
  GString *out = g_string_new (NULL);
  guint n = shu_agreement_window_get_n_columns (agreement, table);

  for (guint c = 0; c < n; c++)
    g_string_append_printf (out, "%s%s", c > 0 ? " | " : "",
                            shu_agreement_window_get_table_cell (agreement, table, row, c));
  return g_string_free (out, FALSE);
}

static void
assert_row (ShuAgreementWindow *agreement,
            ShuAgreementTable   table,
            guint               row,
            const char         *expected)
{
  g_autofree char *shown = row_text (agreement, table, row);

  g_assert_cmpstr (shown, ==, expected);
}

/* Whether a label showing exactly @text is on screen in @widget. */
static gboolean
shows_heading (GtkWidget  *widget,
               const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return gtk_widget_get_mapped (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (shows_heading (child, text))
      return TRUE;
  return FALSE;
}

/* The horizontal middle of @widget in @agreement's coordinates. */
static double
centre_of (ShuAgreementWindow *agreement,
           GtkWidget          *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (agreement), &bounds));
  return bounds.origin.x + bounds.size.width / 2;
}

static void
screenshot (ShuAgreementWindow *agreement,
            const char         *name)
{
  if (g_getenv ("SHU_TEST_SCREENSHOTS") == NULL)
    return;
  /* Tall enough for the three tables without scrolling. */
  gtk_window_set_default_size (GTK_WINDOW (agreement), 680, 900);
  shu_test_screenshot_styles (GTK_WIDGET (agreement), name, hebrew);
}

/* Ruth (the user) and Dani marked the same six spans with the same labels
 * and linked them: the relations' table gives each type's counts, matches
 * and F1, the attributes' table each attribute's pairs, agreements and
 * kappa, as README.md beside the data works them out. */
static void
test_relations_and_attributes (Fixture       *fixture,
                               gconstpointer  data)
{
  ShuAgreementWindow *agreement = open_agreement (fixture);
  const char *overall = hebrew ? "סך הכול" : "Overall";
  g_autofree char *row = NULL;
  guint n_labels = shu_agreement_window_get_n_rows (agreement);

  /* The labels' table is still first, and agrees completely. */
  g_assert_cmpuint (n_labels, ==, 4);
  assert_row (agreement, SHU_AGREEMENT_TABLE_LABELS, n_labels - 1,
              hebrew ? "סך הכול | 6 | 6 | 1.000 | 1.000 | 1.000"
                     : "Overall | 6 | 6 | 1.000 | 1.000 | 1.000");

  /* Type | yours | theirs | matches | F1. */
  g_assert_true (gtk_widget_get_mapped (shu_agreement_window_get_table (
                                          agreement, SHU_AGREEMENT_TABLE_RELATIONS)));
  g_assert_true (shows_heading (GTK_WIDGET (agreement), hebrew ? "תוויות" : "Labels"));
  g_assert_true (shows_heading (GTK_WIDGET (agreement), hebrew ? "קשרים" : "Relations"));
  g_assert_cmpuint (shu_agreement_window_get_n_table_rows (agreement,
                                                           SHU_AGREEMENT_TABLE_RELATIONS), ==, 5);
  assert_row (agreement, SHU_AGREEMENT_TABLE_RELATIONS, 0, "בשפה | 1 | 0 | 0 | 0.000");
  assert_row (agreement, SHU_AGREEMENT_TABLE_RELATIONS, 1, "הזכיר | 0 | 1 | 0 | 0.000");
  assert_row (agreement, SHU_AGREEMENT_TABLE_RELATIONS, 2, "כתב | 1 | 1 | 1 | 1.000");
  assert_row (agreement, SHU_AGREEMENT_TABLE_RELATIONS, 3, "תרגם | 2 | 2 | 1 | 0.500");
  row = g_strdup_printf ("%s | 4 | 4 | 2 | 0.500", overall);
  assert_row (agreement, SHU_AGREEMENT_TABLE_RELATIONS, 4, row);

  /* Attribute | pairs | agreed | kappa. */
  g_assert_true (gtk_widget_get_mapped (shu_agreement_window_get_table (
                                          agreement, SHU_AGREEMENT_TABLE_ATTRIBUTES)));
  g_assert_true (shows_heading (GTK_WIDGET (agreement), hebrew ? "תכונות" : "Attributes"));
  g_assert_cmpuint (shu_agreement_window_get_n_table_rows (agreement,
                                                           SHU_AGREEMENT_TABLE_ATTRIBUTES), ==,
                    3);
  assert_row (agreement, SHU_AGREEMENT_TABLE_ATTRIBUTES, 0, "ודאות | 3 | 2 | 0.400");
  assert_row (agreement, SHU_AGREEMENT_TABLE_ATTRIBUTES, 1, "שנוי במחלוקת | 3 | 1 | -0.500");
  assert_row (agreement, SHU_AGREEMENT_TABLE_ATTRIBUTES, 2, "שפת מקור | 1 | 1 | n/a");

  /* A negative kappa reads "-0.500" also under the Hebrew interface: the
   * minus sign is drawn before (left of) the digits, not after them. */
  {
    GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (shu_agreement_window_get_table (
                                                         agreement,
                                                         SHU_AGREEMENT_TABLE_ATTRIBUTES)),
                                             SHU_ATTRIBUTE_AGREEMENT_COLUMN_KAPPA, 2);
    PangoLayout *layout = gtk_label_get_layout (GTK_LABEL (cell));
    PangoRectangle minus, digit;

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==, "-0.500");
    pango_layout_index_to_pos (layout, 0, &minus);
    pango_layout_index_to_pos (layout, 1, &digit);
    g_assert_cmpint (minus.x, <, digit.x);
  }

  /* The headings name the columns in the user's language. */
  {
    GtkGrid *relations = GTK_GRID (shu_agreement_window_get_table (
                                     agreement, SHU_AGREEMENT_TABLE_RELATIONS));
    GtkGrid *attributes = GTK_GRID (shu_agreement_window_get_table (
                                      agreement, SHU_AGREEMENT_TABLE_ATTRIBUTES));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (relations, 0, 0))),
                     ==, hebrew ? "סוג קשר" : "Relation");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (relations, 3, 0))),
                     ==, hebrew ? "התאמות" : "Matches");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (attributes, 0, 0))),
                     ==, hebrew ? "תכונה" : "Attribute");
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_grid_get_child_at (attributes, 1, 0))),
                     ==, hebrew ? "זוגות" : "Pairs");

    /* The names come first in reading order: at the left in English, at
     * the right under the Hebrew interface, as in the labels' table. */
    for (guint t = 0; t < 2; t++)
      {
        GtkGrid *grid = t == 0 ? relations : attributes;
        double name = centre_of (agreement, gtk_grid_get_child_at (grid, 0, 1));
        double number = centre_of (agreement, gtk_grid_get_child_at (grid, 1, 1));

        if (hebrew)
          g_assert_cmpfloat (name, >, number);
        else
          g_assert_cmpfloat (name, <, number);
      }
  }
  screenshot (agreement, "agreement-relations");
}

/* Neither annotator has relations or attributes: the window shows the
 * labels' table alone, as before. */
static void
test_labels_only (Fixture       *fixture,
                  gconstpointer  data)
{
  ShuAgreementWindow *agreement = open_agreement (fixture);

  g_assert_cmpuint (shu_agreement_window_get_n_rows (agreement), ==, 6);
  g_assert_cmpuint (shu_agreement_window_get_n_table_rows (agreement,
                                                           SHU_AGREEMENT_TABLE_RELATIONS), ==, 0);
  g_assert_cmpuint (shu_agreement_window_get_n_table_rows (agreement,
                                                           SHU_AGREEMENT_TABLE_ATTRIBUTES), ==,
                    0);
  g_assert_false (gtk_widget_get_mapped (shu_agreement_window_get_table (
                                           agreement, SHU_AGREEMENT_TABLE_RELATIONS)));
  g_assert_false (gtk_widget_get_mapped (shu_agreement_window_get_table (
                                           agreement, SHU_AGREEMENT_TABLE_ATTRIBUTES)));
  g_assert_false (shows_heading (GTK_WIDGET (agreement), hebrew ? "תוויות" : "Labels"));
  g_assert_false (shows_heading (GTK_WIDGET (agreement), hebrew ? "קשרים" : "Relations"));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* --hebrew: as a Hebrew-speaking user starts the app. */
  hebrew = shu_test_ui_take_hebrew_arg (&argc, &argv);

  shu_test_ui_use_private_home ("shulayim-ui-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  g_test_add ("/agreement/relations-and-attributes", Fixture, &translators,
              fixture_setup, test_relations_and_attributes, fixture_teardown);
  g_test_add ("/agreement/labels-only", Fixture, &essay,
              fixture_setup, test_labels_only, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
