/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "shu-agreement.h"
#include "shu-agreement-window.h"
#include "shu-application.h"
#include "shu-brat.h"
#include "shu-compare-window.h"
#include "shu-conflicts-window.h"
#include "shu-orphans-window.h"
#include "shu-sidecar.h"
#include "shu-w3c.h"
#include "shu-sharing-controller.h"
#include "shu-window.h"
#include "shu-layer-list.h"
#include "shu-test-ui.h"
#include "shu-test-wait.h"

/* Sharing in the app (issue 4): the export and import actions' file
 * paths, other annotators' sidecars as layers with the compare and
 * agreement windows, merging with conflicts, and orphans. The windows are
 * real and driven through their actions; the file choosers are skipped by
 * calling what they call once a file is chosen. */

static ShuApplication *app;

typedef struct
{
  ShuWindow *window;
  char      *tmpdir;
  GFile     *text;
  GFile     *sidecar;
} Fixture;

static char *
data_path (const char *name)
{
  return g_build_filename (g_getenv ("SHU_SOURCE_ROOT"), "tests", "data", name, NULL);
}

static void
copy_file (const char *from,
           GFile      *to)
{
  g_autoptr(GFile) source = g_file_new_for_path (from);
  g_autoptr(GError) error = NULL;

  g_file_copy (source, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

/* data: "sample" opens the essay with the sample sidecar beside it,
 * "text" the essay alone, "truncated" the sample sidecar with the first
 * 2000 characters of the essay (the rest of its annotations are lost). */
static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autofree char *essay = data_path ("essay.he.txt");
  g_autofree char *sample = data_path ("essay.he.txt.annotations.json");
  const char *kind = data;

  shu_test_restore_system_data_dirs ();
  g_settings_set_string (settings, "author-name", "Test Annotator");
  g_settings_set_boolean (settings, "join-lines", FALSE);
  g_settings_set_double (settings, "font-scale", 1.0);

  fixture->tmpdir = g_dir_make_tmp ("shulayim-sharing-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->text = g_file_new_build_filename (fixture->tmpdir, "essay.he.txt", NULL);
  fixture->sidecar = g_file_new_build_filename (fixture->tmpdir,
                                                "essay.he.txt.annotations.json", NULL);
  if (g_str_equal (kind, "truncated"))
    {
      g_autofree char *contents = NULL;
      g_autofree char *path = g_file_get_path (fixture->text);
      const char *cut;

      g_assert_true (g_file_get_contents (essay, &contents, NULL, &error));
      cut = g_utf8_offset_to_pointer (contents, 2000);
      g_assert_true (g_file_set_contents (path, contents, cut - contents, &error));
    }
  else
    copy_file (essay, fixture->text);
  if (!g_str_equal (kind, "text"))
    copy_file (sample, fixture->sidecar);

  fixture->window = shu_test_open_window (app, fixture->text, 1000, 640);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->text);
  g_clear_object (&fixture->sidecar);
  shu_test_remove_tree (fixture->tmpdir);
  g_free (fixture->tmpdir);
}

static ShuDocument *
get_document (Fixture *fixture)
{
  return shu_window_get_document (fixture->window);
}

static ShuAnnotationStore *
get_store (Fixture *fixture)
{
  return shu_document_get_store (get_document (fixture));
}

static guint
n_annotations (ShuAnnotationStore *store)
{
  return g_list_model_get_n_items (G_LIST_MODEL (store));
}

/* The annotation starting at @start (the sample has one per start but
 * 18, where the shorter comes first). */
static ShuAnnotation *
find_at (ShuAnnotationStore *store,
         guint               start)
{
  g_autoptr(GPtrArray) found = shu_annotation_store_get_covering (store, start);

  for (guint i = 0; i < found->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (found, i);

      if (shu_annotation_get_start (annotation) == start)
        return annotation;
    }
  g_assert_not_reached ();
  return NULL;
}

/* The sample sidecar as a model document on the fixture's text, to change
 * the way another annotator would. */
static ShuDocument *
load_sample (Fixture *fixture)
{
  g_autofree char *sample = data_path ("essay.he.txt.annotations.json");
  g_autoptr(GFile) file = g_file_new_for_path (sample);
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  ShuDocument *document;

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, shu_document_get_source (get_document (fixture)),
                                 NULL, &error);
  g_assert_no_error (error);
  return document;
}

static GFile *
tmp_file (Fixture    *fixture,
          const char *name)
{
  return g_file_new_build_filename (fixture->tmpdir, name, NULL);
}

static char *
load_text (GFile *file)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_assert_true (g_file_load_contents (file, NULL, &contents, NULL, NULL, &error));
  g_assert_no_error (error);
  return contents;
}

static void
test_export_formats (Fixture       *fixture,
                     gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuAnnotation *first = find_at (store, 84);
  g_autoptr(ShuAnnotation) commented = NULL;
  g_autoptr(GError) error = NULL;
  const struct { ShuFormat format; const char *name; } exports[] = {
    { SHU_FORMAT_W3C, "essay.he.w3c.json" },
    { SHU_FORMAT_BRAT, "essay.he.ann" },
    { SHU_FORMAT_CSV, "essay.he.csv" },
    { SHU_FORMAT_JSONL, "essay.he.jsonl" },
    { SHU_FORMAT_HTML, "essay.he.html" },
    { SHU_FORMAT_TEI, "essay.he.tei.xml" },
    { SHU_FORMAT_QDPX, "essay.he.qdpx" },
    { SHU_FORMAT_QDC, "essay.he.qdc" },
  };
  guint n = n_annotations (store);

  /* A comment that would be markup if it were not escaped. */
  commented = shu_annotation_with_comment (first, "<b>bold</b> & \"so\"", NULL, NULL);
  g_assert_true (shu_annotation_store_replace (store, commented, NULL));

  for (guint i = 0; i < G_N_ELEMENTS (exports); i++)
    {
      g_autofree char *suggested = shu_sharing_controller_dup_export_name (
                                       shu_window_get_sharing (fixture->window),
                                                               exports[i].format);
      g_autoptr(GFile) file = tmp_file (fixture, suggested);
      g_autofree char *contents = NULL;

      g_assert_cmpstr (suggested, ==, exports[i].name);
      g_assert_true (shu_test_export (fixture->window, exports[i].format, file, &error));
      g_assert_no_error (error);
      contents = load_text (file);

      switch (exports[i].format)
        {
        case SHU_FORMAT_W3C:
          {
            g_autoptr(GBytes) bytes = g_bytes_new (contents, strlen (contents));
            g_autoptr(ShuDocument) back = NULL;

            /* The model's own reader accepts it and finds everything. */
            back = shu_w3c_import (bytes, suggested,
                                   shu_document_get_source (get_document (fixture)),
                                   NULL, NULL, &error);
            g_assert_no_error (error);
            g_assert_cmpuint (n_annotations (shu_document_get_store (back)), ==, n);
          }
          break;
        case SHU_FORMAT_BRAT:
          g_assert_true (g_str_has_prefix (contents, "T1\t"));
          g_assert_nonnull (strstr (contents, "AnnotatorNotes"));
          /* brat's configuration beside it, from the label set; one the
           * folder has already stays as it is. */
          {
            g_autoptr(GFile) folder = g_file_get_parent (file);
            g_autoptr(GFile) conf = g_file_get_child (folder, "annotation.conf");
            g_autoptr(GFile) visual = g_file_get_child (folder, "visual.conf");
            g_autofree char *conf_text = load_text (conf);
            g_autofree char *visual_text = load_text (visual);
            g_autofree char *kept = NULL;

            g_assert_nonnull (strstr (conf_text, "\n[entities]\n"));
            g_assert_nonnull (strstr (conf_text, "\n[relations]\n"));
            g_assert_nonnull (strstr (visual_text, "\tbgColor:#"));
            g_assert_true (g_file_replace_contents (conf, "[entities]\nOurs\n", 16, NULL, FALSE,
                                                    G_FILE_CREATE_NONE, NULL, NULL, NULL));
            g_assert_true (shu_test_export (fixture->window, exports[i].format, file, &error));
            g_assert_no_error (error);
            kept = load_text (conf);
            g_assert_cmpstr (kept, ==, "[entities]\nOurs\n");
          }
          break;
        case SHU_FORMAT_CSV:
          g_assert_true (g_str_has_prefix (contents, "id,start,end,text,label"));
          break;
        case SHU_FORMAT_JSONL:
          g_assert_true (g_str_has_prefix (contents, "{"));
          g_assert_true (g_str_has_suffix (contents, "}\n"));
          break;
        case SHU_FORMAT_TEI:
          g_assert_true (g_str_has_prefix (contents, "<?xml version=\"1.0\""));
          g_assert_nonnull (strstr (contents, "<note>&lt;b&gt;bold&lt;/b&gt; &amp; "
                                              "&quot;so&quot;</note>"));
          break;
        case SHU_FORMAT_QDPX:
          /* A zip archive: its first entry's local header. */
          g_assert_true (g_str_has_prefix (contents, "PK\003\004"));
          break;
        case SHU_FORMAT_QDC:
          g_assert_nonnull (strstr (contents, "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\""));
          break;
        case SHU_FORMAT_HTML:
        default:
          g_assert_true (g_str_has_prefix (contents, "<!DOCTYPE html>"));
          g_assert_nonnull (strstr (contents, "&lt;b&gt;bold&lt;/b&gt; &amp;"));
          g_assert_null (strstr (contents, "<b>bold</b>"));
          break;
        }
    }
}

static void
test_import_brat_undo (Fixture       *fixture,
                       gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  g_autoptr(ShuDocument) sample = load_sample (fixture);
  g_autoptr(GBytes) ann = shu_brat_export (sample);
  g_autoptr(GFile) file = tmp_file (fixture, "other.ann");
  g_autoptr(GString) contents = g_string_new_len (g_bytes_get_data (ann, NULL),
                                                  g_bytes_get_size (ann));
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *path = g_file_get_path (file);
  guint n = n_annotations (shu_document_get_store (sample));

  /* A relation comes with its spans (issue 21). */
  g_string_append (contents, "R1\tSupports Arg1:T1 Arg2:T2\n");
  g_assert_true (g_file_set_contents (path, contents->str, contents->len, &error));

  g_assert_cmpuint (n_annotations (store), ==, 0);
  g_assert_true (shu_test_import (fixture->window, SHU_FORMAT_BRAT, file, &summary, &error));
  g_assert_no_error (error);
  g_test_message ("%s", summary);
  g_assert_cmpuint (n_annotations (store), ==, n);
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 1);
  g_assert_null (strchr (summary, '\n'));
  g_assert_true (shu_annotation_store_get_modified (store));

  /* One step: one undo takes all of it back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpuint (n_annotations (store), ==, 0);
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 0);

  g_assert_false (shu_test_import (fixture->window, SHU_FORMAT_JSONL, file, NULL, &error));
  g_assert_nonnull (error);
}

/* Files from Hypothesis and W3C producers (issue 22): what can be placed is
 * imported as one undoable step, and what cannot is listed in the summary
 * the user reads, with its place and reason. */
static void
test_import_other_tools (Fixture       *fixture,
                         gconstpointer  data)
{
  ShuAnnotationStore *store = get_store (fixture);
  ShuSource *source = shu_document_get_source (get_document (fixture));
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GFile) file = tmp_file (fixture, "hypothesis.json");
  g_autoptr(GError) error = NULL;
  g_autofree char *quote = shu_source_dup_range (source, 18, 36);
  g_autofree char *json = NULL;
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *summary = NULL;

  /* One row on a passage of the essay (its position counts another copy
   * of the text), and a reply, which has no passage. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "Ic6rNsOCEeaQl--ofD7IUg");
  json_builder_set_member_name (builder, "tags");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "טענה");
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "target");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "selector");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "TextQuoteSelector");
  json_builder_set_member_name (builder, "exact");
  json_builder_add_string_value (builder, quote);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "reply");
  json_builder_set_member_name (builder, "references");
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, "Ic6rNsOCEeaQl--ofD7IUg");
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  g_assert_true (g_file_set_contents (path, json, -1, &error));

  g_assert_true (shu_test_import (fixture->window, SHU_FORMAT_HYPOTHESIS, file, &summary,
                                  &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (store), ==, 1);
  g_assert_cmpstr (summary, ==, "1 annotation imported.\n"
                   "hypothesis.json:1:142: annotation 2: a reply to another annotation (it has no "
                   "passage of its own); annotation skipped");
  {
    g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), 0);

    g_assert_cmpuint (shu_annotation_get_start (annotation), ==, 18);
    g_assert_cmpuint (shu_annotation_get_end (annotation), ==, 36);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo", NULL));
  g_assert_cmpuint (n_annotations (store), ==, 0);

  /* The same row in a W3C page, beside an annotation of a whole page. */
  g_clear_pointer (&summary, g_free);
  g_clear_pointer (&json, g_free);
  g_clear_object (&file);
  g_free (path);
  file = tmp_file (fixture, "page.json");
  path = g_file_get_path (file);
  {
    char high[129];
    g_autofree char *escaped = NULL;

    /* UTF-8 bytes stay as they are; JSON has no octal escapes. */
    for (guint i = 0; i < 128; i++)
      high[i] = (char) (0x80 + i);
    high[128] = '\0';
    escaped = g_strescape (quote, high);

    json = g_strdup_printf ("{\"type\": \"AnnotationPage\", \"items\": [\n"
                            "{\"type\": \"Annotation\", \"target\": \"http://example.org/\"},\n"
                            "{\"type\": \"Annotation\", \"target\": {\"source\": \"x\", "
                            "\"selector\": {\"type\": \"TextQuoteSelector\", \"exact\": \"%s\"}}}"
                            "]}", escaped);
  }
  g_assert_true (g_file_set_contents (path, json, -1, &error));
  g_assert_true (shu_test_import (fixture->window, SHU_FORMAT_W3C, file, &summary, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations (store), ==, 1);
  g_assert_cmpstr (summary, ==, "1 annotation imported.\n"
                   "page.json:2:1: annotation 1: the target is an IRI only (it names a whole "
                   "resource, not a passage of a text); annotation skipped");
}

/* Another annotator's copy of the sample: two annotations removed, one
 * shortened, one relabelled, one added, each by "Other Annotator". */
static GFile *
write_other_sidecar (Fixture *fixture)
{
  g_autoptr(ShuDocument) other = load_sample (fixture);
  ShuAnnotationStore *store = shu_document_get_store (other);
  g_autoptr(ShuAnnotation) shorter = NULL;
  g_autoptr(ShuAnnotation) relabelled = NULL;
  g_autoptr(ShuAnnotation) added = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = tmp_file (fixture, "other.annotations.json");
  ShuRange range = { 742, 770 };
  ShuRange new_range = { 1000, 1010 };

  g_assert_true (shu_annotation_store_remove (store,
                                              shu_annotation_get_id (find_at (store, 265)), NULL));
  g_assert_true (shu_annotation_store_remove (store,
                                              shu_annotation_get_id (find_at (store, 479)), NULL));
  shorter = shu_annotation_with_ranges (find_at (store, 742), &range, 1, NULL);
  g_assert_true (shu_annotation_store_replace (store, shorter, NULL));
  relabelled = shu_annotation_with_label (find_at (store, 1259), "claim", NULL);
  g_assert_true (shu_annotation_store_replace (store, relabelled, NULL));
  added = shu_annotation_new (NULL, &new_range, 1, "evidence", NULL, "Other Annotator",
                              NULL, NULL);
  g_assert_true (shu_annotation_store_add (store, added, NULL));

  /* Signed by the other annotator, so the layer bears that name. */
  all = shu_annotation_store_dup_annotations (store);
  shu_annotation_store_begin_group (store, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (all, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      g_autoptr(ShuAnnotation) signed_ = NULL;

      signed_ = shu_annotation_new (shu_annotation_get_id (annotation), ranges,
                                    shu_annotation_get_n_ranges (annotation),
                                    shu_annotation_get_label_id (annotation),
                                    shu_annotation_get_comments (annotation), "Other Annotator",
                                    shu_annotation_get_created (annotation),
                                    shu_annotation_get_modified (annotation));
      shu_annotation_store_replace (store, signed_, NULL);
    }
  shu_annotation_store_end_group (store);

  g_assert_true (shu_sidecar_save (other, file, &error));
  g_assert_no_error (error);
  return file;
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The widget under @root whose tooltip is @tooltip, or NULL. */
static GtkWidget *
find_by_tooltip (GtkWidget  *root,
                 const char *tooltip)
{
  if (g_strcmp0 (gtk_widget_get_tooltip_text (root), tooltip) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_tooltip (child, tooltip);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_layer_compare_agreement (Fixture       *fixture,
                              gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuSharingController *sharing = shu_window_get_sharing (window);
  ShuTextView *view = shu_window_get_text_view (window);
  g_autoptr(GFile) other = write_other_sidecar (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  ShuCompareWindow *compare;
  ShuAgreementWindow *agreement;
  ShuLayer *layer;
  guint n = n_annotations (get_store (fixture));

  /* Nothing to compare with yet. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_null (shu_sharing_controller_get_dialog (sharing, "compare"));

  layer = shu_test_add_layer (window, other, &error);
  g_assert_no_error (error);
  g_assert_nonnull (layer);
  g_assert_cmpstr (shu_layer_get_name (layer), ==, "Other Annotator");
  g_assert_cmpuint (g_list_model_get_n_items (shu_sharing_controller_get_layers (sharing)), ==, 1);

  shu_test_wait_for_frames (GTK_WIDGET (window), 3);
  g_assert_cmpuint (shu_text_view_get_n_layer_drawn (view), >, 0);

  texture = shu_window_render (window, &error);
  g_assert_no_error (error);
  png = g_test_build_filename (G_TEST_BUILT, "ui", "layers.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("rendered %s", png);

  /* The sidebar lists the layer's annotations below the user's, each
   * saying whose it is; choosing one selects its words in the text. */
  {
    ShuLayerList *list = SHU_LAYER_LIST (find_descendant (GTK_WIDGET (window),
                                                          SHU_TYPE_LAYER_LIST));
    GListModel *listed = shu_layer_list_get_model (list);
    ShuAnnotationStore *theirs = shu_document_get_store (shu_layer_get_document (layer));
    g_autoptr(ShuLayerListItem) item = NULL;
    g_autofree char *details = NULL;
    guint start, end;

    g_assert_cmpuint (g_list_model_get_n_items (listed), ==, n_annotations (theirs));
    g_assert_true (gtk_widget_get_visible (GTK_WIDGET (list)));
    item = g_list_model_get_item (listed, 0);
    g_assert_true (shu_layer_list_item_get_layer (item) == layer);
    details = shu_layer_list_item_dup_details (item);
    g_assert_nonnull (strstr (details, "from \u2068Other Annotator\u2069"));
    g_signal_emit_by_name (list, "range-activated",
                           shu_annotation_get_start (shu_layer_list_item_get_annotation (item)),
                           shu_annotation_get_end (shu_layer_list_item_get_annotation (item)));
    g_assert_true (shu_text_view_get_selection (view, &start, &end));
    g_assert_cmpuint (start, ==, shu_annotation_get_start (shu_layer_list_item_get_annotation (item)));

    /* A hidden layer's rows go; shown again, they come back. */
    shu_layer_set_visible (layer, FALSE);
    g_assert_cmpuint (g_list_model_get_n_items (listed), ==, 0);
    g_assert_false (gtk_widget_get_visible (GTK_WIDGET (list)));
    shu_layer_set_visible (layer, TRUE);
    g_assert_cmpuint (g_list_model_get_n_items (listed), ==, n_annotations (theirs));
  }

  /* Hidden, it is not drawn; shown again, it is. */
  shu_layer_set_visible (layer, FALSE);
  g_assert_false (shu_text_view_get_layer_visible (view, shu_layer_get_id (layer)));
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (shu_text_view_get_n_layer_drawn (view), ==, 0);
  shu_layer_set_visible (layer, TRUE);
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (shu_text_view_get_n_layer_drawn (view), >, 0);

  /* Two removed: only yours; the added one: only theirs; the relabelled
   * one: same words, different label; the shortened one overlaps; the
   * rest are the same. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  compare = SHU_COMPARE_WINDOW (shu_sharing_controller_get_dialog (sharing, "compare"));
  g_assert_nonnull (compare);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_SAME), ==, n - 4);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_OVERLAP), ==, 1);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_MINE), ==, 2);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_THEIRS), ==, 1);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_RELABELLED), ==, 1);

  /* The relabelled words are one row with both labels, not "only yours"
   * and "only theirs" as if they were unrelated. */
  {
    GtkListBox *list = shu_compare_window_get_list (compare);
    guint n_rows = 0, at_1259 = 0;

    while (gtk_list_box_get_row_at_index (list, n_rows) != NULL)
      n_rows++;
    g_assert_cmpuint (n_rows, ==, (n - 4) + 1 + 2 + 1 + 1);
    for (guint i = 0; i < n_rows; i++)
      {
        ShuCompareItem *item = shu_compare_window_get_item (compare, i);
        ShuAnnotation *shown = item->mine != NULL ? item->mine : item->theirs;

        if (shu_annotation_get_start (shown) != 1259)
          continue;
        at_1259++;
        g_assert_cmpint (item->status, ==, SHU_COMPARE_RELABELLED);
        g_assert_nonnull (item->mine);
        g_assert_nonnull (item->theirs);
        g_assert_cmpstr (shu_annotation_get_label_id (item->theirs), ==, "claim");
        g_assert_cmpstr (shu_annotation_get_label_id (item->mine), !=, "claim");
      }
    g_assert_cmpuint (at_1259, ==, 1);
  }

  /* Activating the overlapping row shows the user's annotation. */
  for (guint i = 0; ; i++)
    {
      ShuCompareItem *item = shu_compare_window_get_item (compare, i);

      if (item->status != SHU_COMPARE_OVERLAP)
        continue;
      g_signal_emit_by_name (shu_compare_window_get_list (compare), "row-activated",
                             gtk_list_box_get_row_at_index (shu_compare_window_get_list (compare),
                                                            i));
      g_assert_true (shu_text_view_get_selected_annotation (view) == item->mine);
      g_assert_cmpuint (shu_annotation_get_start (item->mine), ==, 742);
      break;
    }
  shu_test_wait_for_frames (GTK_WIDGET (compare), 2);
  shu_test_render_to_png (GTK_WIDGET (compare), "compare.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.agreement", NULL));
  agreement = SHU_AGREEMENT_WINDOW (shu_sharing_controller_get_dialog (sharing, "agreement"));
  g_assert_nonnull (agreement);
  rows = shu_agreement_compute (get_document (fixture), shu_layer_get_document (layer));
  g_assert_cmpuint (shu_agreement_window_get_n_rows (agreement), ==, rows->len);
  for (guint r = 0; r < rows->len; r++)
    {
      ShuAgreementRow *row = g_ptr_array_index (rows, r);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *exact = shu_agreement_format_value (row->exact_f1, row->f1_defined);
      g_autofree char *overlap = shu_agreement_format_value (row->overlap_f1, row->f1_defined);
      g_autofree char *n_a = g_strdup_printf ("%u", row->n_a);

      g_assert_cmpstr (shu_agreement_window_get_cell (agreement, r, SHU_AGREEMENT_COLUMN_KAPPA),
                       ==, kappa);
      g_assert_cmpstr (shu_agreement_window_get_cell (agreement, r,
                                                      SHU_AGREEMENT_COLUMN_EXACT_F1),
                       ==, exact);
      g_assert_cmpstr (shu_agreement_window_get_cell (agreement, r,
                                                      SHU_AGREEMENT_COLUMN_OVERLAP_F1),
                       ==, overlap);
      g_assert_cmpstr (shu_agreement_window_get_cell (agreement, r, SHU_AGREEMENT_COLUMN_MINE),
                       ==, n_a);
    }
  /* The overall row: n - 4 exact pairs of n and n - 1. */
  {
    ShuAgreementRow *overall = g_ptr_array_index (rows, rows->len - 1);

    g_assert_true (overall->overall);
    g_assert_cmpuint (overall->exact_matches, ==, n - 4);
    g_assert_cmpuint (overall->overlap_matches, ==, n - 3);
  }
  shu_test_wait_for_frames (GTK_WIDGET (agreement), 2);
  shu_test_render_to_png (GTK_WIDGET (agreement), "agreement.png");

  /* With two layers, each layer's own menu compares with that one: the
   * second is a copy of the user's own sidecar, so everything agrees,
   * while win.compare still takes the first shown layer. */
  {
    GFile *own = shu_document_get_sidecar_file (get_document (fixture));
    ShuLayer *second = shu_test_add_layer (window, own, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (shu_sharing_controller_get_layers (sharing)), ==,
                      2);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare-layer", "s",
                                               shu_layer_get_id (second)));
    compare = SHU_COMPARE_WINDOW (shu_sharing_controller_get_dialog (sharing, "compare"));
    g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_SAME), ==, n);
    g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_MINE), ==, 0);
    g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_THEIRS), ==, 0);

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.agreement-layer", "s",
                                               shu_layer_get_id (second)));
    agreement = SHU_AGREEMENT_WINDOW (shu_sharing_controller_get_dialog (sharing, "agreement"));
    g_assert_cmpstr (shu_agreement_window_get_cell (agreement,
                                                    shu_agreement_window_get_n_rows (agreement)
                                                    - 1, SHU_AGREEMENT_COLUMN_EXACT_F1),
                     ==, "1.000");

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
    compare = SHU_COMPARE_WINDOW (shu_sharing_controller_get_dialog (sharing, "compare"));
    g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_THEIRS), ==, 1);
    shu_sharing_controller_remove_layer (sharing, second);
  }

  /* Closing the layer in the layers bar, as a user does, stops the
   * comparison; the bar goes away with the last layer. */
  {
    GtkWidget *bar = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window),
                                                                SHU_TYPE_WINDOW, "layers_bar"));
    GtkWidget *close = find_by_tooltip (bar, "Close the layer of Other Annotator");
    GtkWidget *more = find_by_tooltip (bar, "Compare with Other Annotator");
    GtkWindow *shown = shu_sharing_controller_get_dialog (sharing, "agreement");

    g_assert_true (gtk_widget_get_visible (bar));
    g_assert_true (shu_test_shows_text (bar, "Other Annotator"));
    /* The layer's own menu opens the agreement with that layer. */
    g_assert_true (GTK_IS_MENU_BUTTON (more));
    g_assert_true (gtk_widget_activate_action (more, "chip.agreement", NULL));
    g_assert_nonnull (shu_sharing_controller_get_dialog (sharing, "agreement"));
    g_assert_true (shu_sharing_controller_get_dialog (sharing, "agreement") != shown);
    g_assert_true (GTK_IS_BUTTON (close));
    g_signal_emit_by_name (close, "clicked");
    g_assert_false (gtk_widget_get_visible (bar));
  }
  g_assert_cmpuint (g_list_model_get_n_items (shu_sharing_controller_get_layers (sharing)), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL);
  g_assert_true (shu_sharing_controller_get_dialog (sharing, "compare") == GTK_WINDOW (compare));
}

/* A colleague's copy of the sample made with an English interface: the
 * same annotations and label ids, the labels named in English. */
static GFile *
write_english_sidecar (Fixture *fixture)
{
  g_autoptr(ShuDocument) other = load_sample (fixture);
  ShuAnnotationStore *store = shu_document_get_store (other);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  g_autoptr(GError) error = NULL;
  GFile *file = tmp_file (fixture, "english.annotations.json");
  const char *english[][2] = {
    { "claim", "Claim" }, { "evidence", "Evidence" }, { "concept", "Concept" },
    { "rhetoric", "Rhetoric" },
  };

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, 4);
  for (guint i = 0; i < G_N_ELEMENTS (english); i++)
    {
      ShuLabel *hebrew = shu_label_set_lookup (labels, english[i][0]);
      g_autoptr(ShuLabel) renamed = shu_label_new (english[i][0], english[i][1],
                                                   shu_label_get_color (hebrew), NULL,
                                                   shu_label_get_shortcut (hebrew));

      g_assert_true (shu_annotation_store_replace_label (store, renamed));
    }
  g_assert_true (shu_sidecar_save (other, file, &error));
  g_assert_no_error (error);
  return file;
}

/* Annotators with a Hebrew and an English interface marked the same words
 * with the same labels: the Agreement window shows complete agreement on
 * every label, each row naming the label both ways, and Compare finds every
 * annotation the same. */
static void
test_agreement_across_languages (Fixture       *fixture,
                                 gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuSharingController *sharing = shu_window_get_sharing (window);
  g_autoptr(GFile) english = write_english_sidecar (fixture);
  g_autoptr(GError) error = NULL;
  ShuAgreementWindow *agreement;
  ShuCompareWindow *compare;
  guint n = n_annotations (get_store (fixture));
  guint n_rows;

  g_assert_nonnull (shu_test_add_layer (window, english, &error));
  g_assert_no_error (error);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.agreement", NULL));
  agreement = SHU_AGREEMENT_WINDOW (shu_sharing_controller_get_dialog (sharing, "agreement"));
  g_assert_nonnull (agreement);
  n_rows = shu_agreement_window_get_n_rows (agreement);
  /* Four labels, "no label" and the overall row: no label counted twice. */
  g_assert_cmpuint (n_rows, ==, 6);
  for (guint r = 0; r < n_rows; r++)
    {
      const char *name = shu_agreement_window_get_cell (agreement, r,
                                                        SHU_AGREEMENT_COLUMN_LABEL);
      const char *kappa = shu_agreement_window_get_cell (agreement, r,
                                                         SHU_AGREEMENT_COLUMN_KAPPA);

      g_test_message ("%s: kappa %s", name, kappa);
      g_assert_cmpstr (shu_agreement_window_get_cell (agreement, r, SHU_AGREEMENT_COLUMN_MINE),
                       ==, shu_agreement_window_get_cell (agreement, r,
                                                          SHU_AGREEMENT_COLUMN_THEIRS));
      g_assert_cmpstr (kappa, ==, "1.000");
      g_assert_cmpstr (shu_agreement_window_get_cell (agreement, r,
                                                      SHU_AGREEMENT_COLUMN_EXACT_F1),
                       ==, "1.000");
    }
  g_assert_cmpstr (shu_agreement_window_get_cell (agreement, 0, SHU_AGREEMENT_COLUMN_LABEL),
                   ==, "טענה / Claim");
  shu_test_wait_for_frames (GTK_WIDGET (agreement), 2);
  shu_test_render_to_png (GTK_WIDGET (agreement), "agreement-languages.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.compare", NULL));
  compare = SHU_COMPARE_WINDOW (shu_sharing_controller_get_dialog (sharing, "compare"));
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_SAME), ==, n);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_MINE), ==, 0);
  g_assert_cmpuint (shu_compare_window_count (compare, SHU_COMPARE_ONLY_THEIRS), ==, 0);
  shu_test_wait_for_frames (GTK_WIDGET (compare), 2);
  shu_test_render_to_png (GTK_WIDGET (compare), "compare-languages.png");
}

/* A colleague's copy of the sample whose label set differs from ours:
 * "claim" in another colour, and a label of their own, @new_id, in
 * @new_color. */
static GFile *
write_coloured_sidecar (Fixture    *fixture,
                        const char *name,
                        const char *new_id,
                        const char *new_color)
{
  g_autoptr(ShuDocument) other = load_sample (fixture);
  ShuAnnotationStore *store = shu_document_get_store (other);
  g_autoptr(ShuLabel) claim = shu_label_new ("claim", "Claim", "#ffadad", NULL, 0);
  g_autoptr(ShuLabel) added = shu_label_new (new_id, new_id, new_color, NULL, 0);
  g_autoptr(ShuAnnotation) relabelled = NULL;
  g_autoptr(GError) error = NULL;
  GFile *file = tmp_file (fixture, name);

  g_assert_true (shu_annotation_store_replace_label (store, claim));
  g_assert_true (shu_annotation_store_add_label (store, added, -1));
  relabelled = shu_annotation_with_label (find_at (store, 1259), new_id, NULL);
  g_assert_true (shu_annotation_store_replace (store, relabelled, NULL));
  g_assert_true (shu_sidecar_save (other, file, &error));
  g_assert_no_error (error);
  return file;
}

/* Layers are drawn so that a colour means one label: the same label id in
 * our colour, and another annotator's own label never in a colour that one
 * of ours (or of another layer) already has. */
static void
test_layer_colors (Fixture       *fixture,
                   gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuTextView *view = shu_window_get_text_view (window);
  ShuLabelSet *ours = shu_annotation_store_get_labels (get_store (fixture));
  /* Their "question" has our "claim"'s colour (#e01b24), their "aside"
   * the colour their "question" asked for first. */
  g_autoptr(GFile) first = write_coloured_sidecar (fixture, "first.json", "question",
                                                   "#e01b24");
  g_autoptr(GFile) second = write_coloured_sidecar (fixture, "second.json", "aside",
                                                    "#e01b24");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ShuLayer *layers[2];
  g_autofree char *question = NULL;
  g_autofree char *aside = NULL;

  layers[0] = shu_test_add_layer (window, first, &error);
  g_assert_no_error (error);
  layers[1] = shu_test_add_layer (window, second, &error);
  g_assert_no_error (error);

  /* The same id: our colour, in both layers. */
  for (guint i = 0; i < G_N_ELEMENTS (layers); i++)
    {
      g_autofree char *claim = shu_text_view_dup_layer_color (view,
                                                              shu_layer_get_id (layers[i]),
                                                              "claim");

      g_assert_cmpstr (claim, ==, "#e01b24");
    }

  /* Every label id one colour, and no colour two label ids. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ours)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (ours), i);

      g_hash_table_insert (seen, g_strdup (shu_label_get_color (label)),
                           g_strdup (shu_label_get_id (label)));
    }
  question = shu_text_view_dup_layer_color (view, shu_layer_get_id (layers[0]), "question");
  aside = shu_text_view_dup_layer_color (view, shu_layer_get_id (layers[1]), "aside");
  g_test_message ("question %s, aside %s", question, aside);
  g_assert_false (g_hash_table_contains (seen, question));
  g_hash_table_insert (seen, g_strdup (question), g_strdup ("question"));
  g_assert_false (g_hash_table_contains (seen, aside));

  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_cmpuint (shu_text_view_get_n_layer_drawn (view), >, 0);
  {
    g_autoptr(GdkTexture) texture = shu_window_render (window, &error);
    g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "ui", "layer-colors.png", NULL);

    g_assert_no_error (error);
    g_assert_true (gdk_texture_save_to_png (texture, png));
    g_test_message ("rendered %s (question %s, aside %s)", png, question, aside);
  }
}

typedef struct
{
  gboolean  done;
  gboolean  merged;
  guint     n_conflicts;
  GError   *error;
} MergeWait;

static void
merge_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  MergeWait *wait = user_data;

  wait->merged = shu_sharing_controller_merge_finish (SHU_SHARING_CONTROLLER (object), result,
                                                      &wait->n_conflicts,
                                          &wait->error);
  wait->done = TRUE;
}

/* What win.merge does once @file is chosen, waited for. */
static gboolean
merge_file (ShuWindow  *window,
            GFile      *file,
            guint      *n_conflicts,
            GError    **error)
{
  MergeWait wait = { 0 };

  shu_sharing_controller_merge_async (shu_window_get_sharing (window), file, NULL, merge_done_cb,
                                      &wait);
  while (!wait.done)
    g_main_context_iteration (NULL, TRUE);
  *n_conflicts = wait.n_conflicts;
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.merged;
}

static void
test_merge_conflict (Fixture       *fixture,
                     gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuSharingController *sharing = shu_window_get_sharing (window);
  ShuAnnotationStore *store = get_store (fixture);
  g_autoptr(ShuDocument) theirs = load_sample (fixture);
  ShuAnnotationStore *their_store = shu_document_get_store (theirs);
  g_autoptr(ShuAnnotation) our_change = NULL;
  g_autoptr(ShuAnnotation) their_change = NULL;
  g_autoptr(ShuAnnotation) their_new = NULL;
  /* A name with a right-to-left override, shown, not obeyed. */
  g_autoptr(GFile) file = tmp_file (fixture, "theirs\u202Ecopy.annotations.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autofree char *id = g_strdup (shu_annotation_get_id (find_at (store, 84)));
  g_autofree char *their_id = NULL;
  ShuConflictsWindow *conflicts;
  ShuRange range = { 1000, 1010 };
  guint n = n_annotations (store);
  guint n_conflicts = 0;

  /* Both change the same annotation's comment differently; they also add
   * one of their own. */
  our_change = shu_annotation_with_comment (find_at (store, 84), "ours", NULL, NULL);
  g_assert_true (shu_annotation_store_replace (store, our_change, NULL));
  their_change = shu_annotation_with_comment (find_at (their_store, 84), "theirs", NULL, NULL);
  g_assert_true (shu_annotation_store_replace (their_store, their_change, NULL));
  their_new = shu_annotation_new (NULL, &range, 1, "evidence", NULL, "Other", NULL, NULL);
  g_assert_true (shu_annotation_store_add (their_store, their_new, NULL));
  g_assert_true (shu_sidecar_save (theirs, file, &error));
  g_assert_no_error (error);

  g_assert_true (merge_file (window, file, &n_conflicts, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_conflicts, ==, 1);
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  g_assert_true (shu_test_shows_label (GTK_WIDGET (window), "Merged “theirs\u27E8RLO\u27E9copy.annotations"
                             ".json”: 2 added, 1 changed, 0 removed; 1 conflict to resolve"));
  g_assert_cmpuint (n_annotations (store), ==, n + 2);
  g_assert_nonnull (shu_annotation_store_lookup (store, shu_annotation_get_id (their_new)));
  their_id = g_strdup (shu_annotation_get_conflict (shu_annotation_store_lookup (store, id)));
  g_assert_nonnull (their_id);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.conflicts", NULL));
  conflicts = SHU_CONFLICTS_WINDOW (shu_sharing_controller_get_dialog (sharing, "conflicts"));
  g_assert_nonnull (conflicts);
  ids = shu_conflicts_window_dup_ids (conflicts);
  g_assert_cmpuint (ids->len, ==, 2);
  /* The two versions, next to each other (in the store's order). */
  g_assert_true (g_ptr_array_find_with_equal_func (ids, id, g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (ids, their_id, g_str_equal, NULL));
  g_clear_pointer (&ids, g_ptr_array_unref);
  shu_test_wait_for_frames (GTK_WIDGET (conflicts), 2);
  shu_test_render_to_png (GTK_WIDGET (conflicts), "conflicts.png");

  /* Keeping theirs deletes ours and clears the mark, in one step. */
  g_assert_true (shu_sharing_controller_keep_version (sharing, their_id));
  g_assert_null (shu_annotation_store_lookup (store, id));
  g_assert_null (shu_annotation_get_conflict (shu_annotation_store_lookup (store, their_id)));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, their_id)),
                   ==, "theirs");
  ids = shu_conflicts_window_dup_ids (conflicts);
  g_assert_cmpuint (ids->len, ==, 0);
  g_clear_pointer (&ids, g_ptr_array_unref);

  /* Undo brings the conflict back; a second undo the merge. */
  g_assert_true (shu_annotation_store_undo (store));
  ids = shu_conflicts_window_dup_ids (conflicts);
  g_assert_cmpuint (ids->len, ==, 2);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (n_annotations (store), ==, n);
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, id)), ==,
                   "ours");
}

/* Annotates @window's text from scratch as @creator: @n words, one every
 * @step code points from @first, labelled in turn with the default labels,
 * then saves to @file. Returns the ids, in order. */
static GPtrArray *
annotate_from_scratch (ShuWindow  *window,
                       const char *creator,
                       guint       n,
                       guint       first,
                       guint       step,
                       GFile      *file)
{
  static const char *labels[] = { "claim", "argument", "evidence" };
  ShuAnnotationStore *store = shu_document_get_store (shu_window_get_document (window));
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < n; i++)
    {
      ShuRange range = { first + i * step, first + i * step + 6 };
      g_autoptr(ShuAnnotation) annotation = NULL;

      annotation = shu_annotation_new (NULL, &range, 1, labels[i % G_N_ELEMENTS (labels)],
                                       NULL, creator, NULL, NULL);
      g_assert_true (shu_annotation_store_add (store, annotation, NULL));
      g_ptr_array_add (ids, g_strdup (shu_annotation_get_id (annotation)));
    }
  g_assert_true (shu_test_save_to (window, file, &error));
  g_assert_no_error (error);
  return ids;
}

/* The sidecar @file as saved, read back on @source. */
static ShuDocument *
read_back (GFile     *file,
           ShuSource *source)
{
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  ShuDocument *document;

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  return document;
}

/* Issue 19: annotator A annotated the essay and saved (18 annotations);
 * annotator B annotated another copy from scratch and saved (13). The
 * files share no history, so A's Merge of B's file must keep both: it
 * used to take A's own saved file as the common ancestor, and B's file,
 * lacking A's 18, "deleted" them all. */
static void
test_merge_two_annotators (Fixture       *fixture,
                           gconstpointer  data)
{
  ShuWindow *window_a = fixture->window;
  ShuAnnotationStore *store_a = get_store (fixture);
  g_autoptr(GFile) folder_b = tmp_file (fixture, "b");
  g_autoptr(GFile) text_b = tmp_file (fixture, "b/essay.he.txt");
  g_autoptr(GFile) sidecar_b = tmp_file (fixture, "b/essay.he.txt.annotations.json");
  g_autoptr(GPtrArray) ids_a = NULL;
  g_autoptr(GPtrArray) ids_b = NULL;
  g_autoptr(ShuDocument) saved = NULL;
  g_autofree char *essay = data_path ("essay.he.txt");
  g_autoptr(GError) error = NULL;
  ShuWindow *window_b;
  guint n_conflicts = 99;

  ids_a = annotate_from_scratch (window_a, "Annotator A", 18, 0, 40, fixture->sidecar);

  g_assert_true (g_file_make_directory (folder_b, NULL, &error));
  g_assert_no_error (error);
  copy_file (essay, text_b);
  window_b = shu_test_open_window (app, text_b, 1000, 640);
  ids_b = annotate_from_scratch (window_b, "Annotator B", 13, 3, 57, sidecar_b);
  gtk_window_destroy (GTK_WINDOW (window_b));

  /* What win.merge does once B's file is chosen. */
  g_assert_true (merge_file (window_a, sidecar_b, &n_conflicts, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (n_annotations (store_a), ==, 18 + 13);
  for (guint i = 0; i < ids_a->len; i++)
    g_assert_nonnull (shu_annotation_store_lookup (store_a, g_ptr_array_index (ids_a, i)));
  for (guint i = 0; i < ids_b->len; i++)
    g_assert_nonnull (shu_annotation_store_lookup (store_a, g_ptr_array_index (ids_b, i)));
  g_assert_true (shu_annotation_store_get_modified (store_a));
  shu_test_wait_for_frames (GTK_WIDGET (window_a), 2);
  g_assert_true (shu_test_shows_label (GTK_WIDGET (window_a), "Merged “essay.he.txt.annotations.json”: "
                             "13 added, 0 changed, 0 removed"));

  /* One step: Undo takes B's annotations out again, and only those. */
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store_a), ==,
                   "Merge Annotations");
  g_assert_true (shu_annotation_store_undo (store_a));
  g_assert_cmpuint (n_annotations (store_a), ==, 18);
  g_assert_true (shu_annotation_store_redo (store_a));

  /* Saved: the file has both annotators' work. */
  g_assert_true (shu_test_save_to (window_a, fixture->sidecar, &error));
  g_assert_no_error (error);
  saved = read_back (fixture->sidecar, shu_document_get_source (get_document (fixture)));
  g_assert_cmpuint (n_annotations (shu_document_get_store (saved)), ==, 18 + 13);
  for (guint i = 0; i < ids_b->len; i++)
    {
      ShuAnnotation *annotation = shu_annotation_store_lookup (shu_document_get_store (saved),
                                                               g_ptr_array_index (ids_b, i));

      g_assert_nonnull (annotation);
      g_assert_cmpstr (shu_annotation_get_creator (annotation), ==, "Annotator B");
    }
  for (guint i = 0; i < ids_a->len; i++)
    g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (saved),
                                                   g_ptr_array_index (ids_a, i)));
}

/* The banner above the text telling that some annotations were not placed. */
static GtkWidget *
orphans_bar (ShuWindow *window)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), SHU_TYPE_WINDOW,
                                                    "orphans_bar"));
}

static void
test_orphans (Fixture       *fixture,
              gconstpointer  data)
{
  ShuWindow *window = fixture->window;
  ShuSharingController *sharing = shu_window_get_sharing (window);
  ShuDocument *document = get_document (fixture);
  ShuAnnotationStore *store = get_store (fixture);
  ShuTextView *view = shu_window_get_text_view (window);
  ShuOrphansWindow *orphans;
  g_autoptr(ShuSidecar) saved = NULL;
  g_autoptr(ShuDocument) reopened = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *attached_id = NULL;
  ShuAnnotation *attached;
  guint count = shu_document_count_orphans (document);
  guint index;

  g_assert_cmpuint (count, >=, 3);
  g_assert_true (gtk_widget_get_visible (orphans_bar (window)));
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  shu_test_render_to_png (GTK_WIDGET (window), "orphan-bar.png");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.orphans", NULL));
  orphans = SHU_ORPHANS_WINDOW (shu_sharing_controller_get_dialog (sharing, "orphans"));
  g_assert_nonnull (orphans);
  g_assert_cmpuint (shu_orphans_window_get_n_rows (orphans), ==, count);
  shu_test_wait_for_frames (GTK_WIDGET (orphans), 2);
  shu_test_render_to_png (GTK_WIDGET (orphans), "orphans.png");
  {
    g_autoptr(GdkTexture) texture = shu_window_render (window, &error);
    g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "ui", "orphans-banner.png",
                                                  NULL);

    g_assert_no_error (error);
    g_assert_true (gdk_texture_save_to_png (texture, png));
  }

  /* Without a selection there is nowhere to attach it. */
  index = shu_orphans_window_get_index (orphans, 0);
  g_assert_false (shu_sharing_controller_attach_orphan (sharing, index, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  shu_text_view_select_range (view, 0, 5);
  g_assert_true (shu_sharing_controller_attach_orphan (sharing, index, &error));
  g_assert_no_error (error);
  attached_id = g_strdup (shu_annotation_get_id (shu_document_get_orphan_annotation (document,
                                                                                     index)));
  attached = shu_annotation_store_lookup (store, attached_id);
  g_assert_nonnull (attached);
  g_assert_cmpuint (shu_annotation_get_start (attached), ==, 0);
  g_assert_cmpuint (shu_annotation_get_end (attached), ==, 5);
  g_assert_cmpstr (shu_annotation_get_label_id (attached), ==,
                   shu_annotation_get_label_id (shu_document_get_orphan_annotation (document,
                                                                                    index)));
  g_assert_cmpuint (shu_document_count_orphans (document), ==, count - 1);
  g_assert_cmpuint (shu_orphans_window_get_n_rows (orphans), ==, count - 1);

  /* Undoing the attachment makes it an orphan again. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_document_count_orphans (document), ==, count);
  g_assert_cmpuint (shu_orphans_window_get_n_rows (orphans), ==, count);
  g_assert_true (shu_annotation_store_redo (store));
  g_assert_cmpuint (shu_document_count_orphans (document), ==, count - 1);

  /* Delete the first one still listed. */
  shu_sharing_controller_delete_orphan (sharing, shu_orphans_window_get_index (orphans, 0));
  g_assert_cmpuint (shu_document_count_orphans (document), ==, count - 2);
  g_assert_cmpuint (shu_orphans_window_get_n_rows (orphans), ==, count - 2);

  /* Saved: the attached one as an annotation, the rest still orphans. */
  g_assert_true (shu_test_save_to (window, fixture->sidecar, &error));
  g_assert_no_error (error);
  saved = shu_sidecar_load (fixture->sidecar, NULL, &error);
  g_assert_no_error (error);
  reopened = shu_sidecar_anchor (saved, shu_document_get_source (document), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shu_document_get_orphans (reopened)->len, ==, count - 2);
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (reopened),
                                                 attached_id));
  g_assert_true (gtk_widget_get_visible (orphans_bar (window)));
}

/* Another annotator's label names and names are untrusted: the layer's
 * name and the row's details line show their bidi controls instead of
 * obeying them. */
static void
test_layer_list_bidi (void)
{
  g_autoptr(GFile) essay = g_file_new_for_path (g_getenv ("SHU_ESSAY"));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_file (essay, SHU_ENCODING_AUTO, NULL,
                                                          &error);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("evil", "\u202Eevil label", "#ff0000", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/other.annotations.json");
  g_autoptr(ShuLayer) layer = NULL;
  g_autoptr(GListStore) layers = g_list_store_new (SHU_TYPE_LAYER);
  g_autoptr(ShuLayerListItem) item = NULL;
  g_autofree char *details = NULL;
  GtkWidget *list = g_object_ref_sink (shu_layer_list_new ());
  ShuRange range = { 0, 4 };

  g_assert_no_error (error);
  shu_label_set_append (labels, label);
  document = shu_document_new (source, labels);
  annotation = shu_annotation_new (NULL, &range, 1, "evil", NULL, "\u202Eevil creator",
                                   NULL, NULL);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                           NULL));
  layer = shu_layer_new (document, file);
  /* The name the layers bar, the tooltips and the windows show. */
  g_assert_null (strstr (shu_layer_get_name (layer), "\u202E"));
  g_list_store_append (layers, layer);
  shu_layer_list_set_layers (SHU_LAYER_LIST (list), G_LIST_MODEL (layers));

  item = g_list_model_get_item (shu_layer_list_get_model (SHU_LAYER_LIST (list)), 0);
  g_assert_nonnull (item);
  details = shu_layer_list_item_dup_details (item);
  g_assert_null (strstr (details, "\u202E"));
  g_assert_nonnull (strstr (details, "RLO"));
  g_assert_nonnull (strstr (details, "evil label"));
  g_assert_nonnull (strstr (details, "evil creator"));
  g_object_unref (list);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The catalog the build made, so that the dialogs this renders can be
   * looked at in Hebrew: LC_ALL=he_IL.UTF-8 LANGUAGE=he meson test ... */
  if (g_getenv ("SHU_LOCALEDIR") != NULL)
    {
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("SHU_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }
  shu_test_ui_use_private_home ("shulayim-sharing-home-XXXXXX");
  app = shu_test_ui_init (&argc, &argv);


  g_test_add ("/sharing/export-formats", Fixture, "sample",
              fixture_setup, test_export_formats, fixture_teardown);
  g_test_add ("/sharing/import-brat-undo", Fixture, "text",
              fixture_setup, test_import_brat_undo, fixture_teardown);
  g_test_add ("/sharing/import-other-tools", Fixture, "text",
              fixture_setup, test_import_other_tools, fixture_teardown);
  g_test_add ("/sharing/layer-compare-agreement", Fixture, "sample",
              fixture_setup, test_layer_compare_agreement, fixture_teardown);
  g_test_add ("/sharing/agreement-across-languages", Fixture, "sample",
              fixture_setup, test_agreement_across_languages, fixture_teardown);
  g_test_add ("/sharing/layer-colors", Fixture, "sample",
              fixture_setup, test_layer_colors, fixture_teardown);
  g_test_add_func ("/sharing/layer-list-bidi", test_layer_list_bidi);
  g_test_add ("/sharing/merge-conflict", Fixture, "sample",
              fixture_setup, test_merge_conflict, fixture_teardown);
  g_test_add ("/sharing/merge-two-annotators", Fixture, "text",
              fixture_setup, test_merge_two_annotators, fixture_teardown);
  g_test_add ("/sharing/orphans", Fixture, "truncated",
              fixture_setup, test_orphans, fixture_teardown);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
