/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "shu-error.h"
#include "shu-format.h"
#include "shu-merge.h"
#include "shu-sharing.h"
#include "shu-test-utils.h"

/* The app's Import, conflict resolution and orphans without a display
 * (shu-sharing.h), and the one table of formats that the CLI and the
 * window's menus both offer (shu-format.h). */

#define ID(n) "urn:uuid:00000000-0000-4000-8000-00000000000" #n

/* The bundled essay's text. */
static ShuSource *
essay (void)
{
  g_autoptr(ShuDocument) sample = shu_test_load_sample ();

  return g_object_ref (shu_document_get_source (sample));
}

static ShuDocument *
new_document (ShuSource  *source,
              const char *label_id,
              const char *label_name)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();

  if (label_id != NULL)
    {
      g_autoptr(ShuLabel) label = shu_label_new (label_id, label_name, "#e01b24", NULL, 0);

      shu_label_set_append (labels, label);
    }
  return shu_document_new (source, labels);
}

static ShuAnnotation *
add (ShuDocument *document,
     const char  *id,
     guint        start,
     const char  *label_id)
{
  ShuRange range = { start, start + 6 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (id, &range, 1, label_id, NULL,
                                                            "Noa", NULL, NULL);

  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                           NULL));
  return shu_annotation_store_lookup (shu_document_get_store (document), id);
}

static guint
count (ShuDocument *document)
{
  return g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
}

typedef struct
{
  GMainLoop   *loop;
  ShuDocument *imported;
  GPtrArray   *messages;
  GError      *error;
} ReadWait;

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ReadWait *wait = user_data;

  wait->imported = shu_sharing_import_read_finish (result, &wait->messages, &wait->error);
  g_main_loop_quit (wait->loop);
}

/* A colleague sends a brat file made on the same essay: its two spans come
 * in as one undoable step, its label with them, and the summary says that
 * one of them was already here. */
static void
test_import_brat (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) ours = new_document (source, "claim", "Claim");
  ShuAnnotationStore *store = shu_document_get_store (ours);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "colleague.ann", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *first = NULL, *second = NULL;
  g_autofree char *summary = NULL;
  ReadWait wait = { loop };
  ShuImportCounts counts;
  ShuLabel *irony;

  first = shu_source_dup_range (source, 0, 6);
  second = shu_source_dup_range (source, 20, 30);
  ann = g_strdup_printf ("T1\tIrony 0 6\t%s\nT2\tIrony 20 30\t%s\n", first, second);
  g_assert_true (g_file_set_contents (path, ann, -1, &error));
  g_assert_no_error (error);

  shu_sharing_import_read_async (SHU_FORMAT_BRAT, file, source,
                                 shu_annotation_store_get_labels (store), NULL, read_cb, &wait);
  g_main_loop_run (loop);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.imported);
  /* The read labels a copy: ours change only with the undoable step. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels
                                                            (store))), ==, 1);

  /* One of the colleague's annotations is the same as one we have. */
  {
    g_autoptr(GPtrArray) theirs = shu_annotation_store_dup_annotations (
                                    shu_document_get_store (wait.imported));

    g_assert_cmpuint (theirs->len, ==, 2);
    g_assert_true (shu_annotation_store_add (store, g_ptr_array_index (theirs, 0), NULL));
  }

  shu_sharing_import_apply (ours, wait.imported, "Import Annotations", &counts);
  g_assert_cmpuint (counts.added, ==, 1);
  g_assert_cmpuint (counts.present, ==, 1);
  g_assert_cmpuint (counts.not_placed, ==, 0);
  g_assert_cmpuint (count (ours), ==, 2);
  irony = NULL;
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (
                                    shu_annotation_store_get_labels (store)), i);

      if (g_str_equal (shu_label_get_name (label), "Irony"))
        irony = label;
    }
  g_assert_nonnull (irony);

  summary = shu_sharing_dup_import_summary (&counts, wait.messages);
  g_assert_cmpstr (summary, ==, "1 annotation imported.\n"
                                "1 was already here and was left out.");

  /* One undo takes the import back, its label too. */
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==,
                   "Import Annotations");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (count (ours), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels
                                                            (store))), ==, 1);

  g_clear_object (&wait.imported);
  g_clear_pointer (&wait.messages, g_ptr_array_unref);
  g_assert_true (g_remove (path) == 0);
}

/* A file that cannot be read ends the read with the error to show. */
static void
test_import_missing_file (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) ours = new_document (source, NULL, NULL);
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/colleague.jsonl");
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  ReadWait wait = { loop };

  shu_sharing_import_read_async (SHU_FORMAT_JSONL, file, source,
                                 shu_annotation_store_get_labels (shu_document_get_store (ours)),
                                 NULL, read_cb, &wait);
  g_main_loop_run (loop);
  g_assert_null (wait.imported);
  g_assert_error (wait.error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_clear_error (&wait.error);
}

static void
test_import_summary (void)
{
  const ShuImportCounts counts = { 0, 2, 3 };
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *summary = NULL;

  g_ptr_array_add (messages, g_strdup ("x.ann: 1 relation was left out"));
  summary = shu_sharing_dup_import_summary (&counts, messages);
  g_assert_cmpstr (summary, ==, "0 annotations imported.\n"
                                "2 were already here and were left out.\n"
                                "3 could not be placed on this text.\n"
                                "x.ann: 1 relation was left out");
}

/* What a merge tells: the counts, and the conflicts left, each with its
 * own plural. */
static void
test_merge_summary (void)
{
  const ShuMergeChanges changes = { 2, 0, 1 };
  g_autofree char *plain = shu_sharing_dup_merge_summary ("dana.json", &changes, 0);
  g_autofree char *one = shu_sharing_dup_merge_summary ("dana.json", &changes, 1);
  g_autofree char *three = shu_sharing_dup_merge_summary ("dana.json", &changes, 3);

  g_assert_cmpstr (plain, ==, "Merged “dana.json”: 2 added, 0 changed, 1 removed");
  g_assert_cmpstr (one, ==, "Merged “dana.json”: 2 added, 0 changed, 1 removed; "
                            "1 conflict to resolve");
  g_assert_cmpstr (three, ==, "Merged “dana.json”: 2 added, 0 changed, 1 removed; "
                              "3 conflicts to resolve");
}

/* After a merge, two versions of one annotation conflict; keeping one
 * deletes the other, in one step that undo takes back. */
static void
test_keep_version (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) document = new_document (source, "claim", "Claim");
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(ShuAnnotation) mine = NULL;
  g_autoptr(ShuAnnotation) theirs = NULL;

  mine = shu_annotation_with_conflict (add (document, ID (1), 0, "claim"), ID (2));
  g_assert_true (shu_annotation_store_replace (store, mine, NULL));
  theirs = shu_annotation_with_conflict (add (document, ID (2), 10, "claim"), ID (1));
  g_assert_true (shu_annotation_store_replace (store, theirs, NULL));
  add (document, ID (3), 40, "claim");

  /* Not a conflict, or not there: nothing happens. */
  g_assert_false (shu_sharing_keep_version (document, ID (3), "Resolve Conflict"));
  g_assert_false (shu_sharing_keep_version (document, ID (9), "Resolve Conflict"));
  g_assert_cmpuint (count (document), ==, 3);

  g_assert_true (shu_sharing_keep_version (document, ID (2), "Resolve Conflict"));
  g_assert_cmpuint (count (document), ==, 2);
  g_assert_null (shu_annotation_store_lookup (store, ID (1)));
  g_assert_null (shu_annotation_get_conflict (shu_annotation_store_lookup (store, ID (2))));
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Resolve Conflict");

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (count (document), ==, 3);
  g_assert_cmpstr (shu_annotation_get_conflict (shu_annotation_store_lookup (store, ID (2))),
                   ==, ID (1));

  /* The other side deleted it: keeping ours only clears the mark. */
  {
    g_autoptr(ShuAnnotation) deleted = NULL;

    deleted = shu_annotation_with_conflict (shu_annotation_store_lookup (store, ID (3)),
                                            SHU_MERGE_DELETED);
    g_assert_true (shu_annotation_store_replace (store, deleted, NULL));
    g_assert_true (shu_sharing_keep_version (document, ID (3), "Resolve Conflict"));
    g_assert_cmpuint (count (document), ==, 3);
    g_assert_null (shu_annotation_get_conflict (shu_annotation_store_lookup (store, ID (3))));
  }
}

static void
add_orphan (ShuDocument *document,
            const char  *id,
            const char  *label_id)
{
  ShuRange range = { 0, 5 };
  g_autoptr(ShuAnnotation) bare = shu_annotation_new (id, &range, 1, label_id, NULL, "Noa",
                                                      NULL, NULL);
  g_autoptr(ShuAnnotation) annotation = shu_annotation_with_comment (bare, "a comment kept",
                                                                     NULL, NULL);
  const char *quotes[] = { "", "words", "", NULL };
  ShuAnchorResult result = { (char *) id, SHU_ANCHOR_ORPHAN, 0, 5, 0, 0, 0, (char *) "words" };

  shu_document_add_orphan (document, annotation, quotes, &result);
}

/* An annotation whose words are gone from the text is attached to the
 * words the user selected, keeping its id and comment; a label deleted
 * since is dropped, and undo makes it an orphan again. */
static void
test_attach_orphan (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) document = new_document (source, "claim", "Claim");
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GError) error = NULL;
  ShuRange range = { 100, 112 };
  ShuAnnotation *attached;

  add_orphan (document, ID (1), "claim");
  add_orphan (document, ID (2), "deleted-label");
  g_assert_cmpuint (shu_document_count_orphans (document), ==, 2);

  g_assert_true (shu_sharing_attach_orphan (document, 0, &range, "Attach Annotation", &error));
  g_assert_no_error (error);
  attached = shu_annotation_store_lookup (store, ID (1));
  g_assert_nonnull (attached);
  g_assert_cmpuint (shu_annotation_get_start (attached), ==, 100);
  g_assert_cmpuint (shu_annotation_get_end (attached), ==, 112);
  g_assert_cmpstr (shu_annotation_get_label_id (attached), ==, "claim");
  g_assert_cmpstr (shu_annotation_get_comment (attached), ==, "a comment kept");
  g_assert_cmpuint (shu_document_count_orphans (document), ==, 1);

  g_assert_true (shu_sharing_attach_orphan (document, 1, &range, "Attach Annotation", &error));
  g_assert_no_error (error);
  g_assert_null (shu_annotation_get_label_id (shu_annotation_store_lookup (store, ID (2))));
  g_assert_cmpuint (shu_document_count_orphans (document), ==, 0);

  /* Attached once, it cannot be attached twice. */
  g_assert_false (shu_sharing_attach_orphan (document, 0, &range, "Attach Annotation", &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_MISMATCH);
  g_clear_error (&error);
  g_assert_false (shu_sharing_attach_orphan (document, 7, &range, "Attach Annotation", &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Attach Annotation");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_document_count_orphans (document), ==, 1);
}

/* The formats the CLI takes are those the window's menus offer, with the
 * names and file names both use. */
static void
test_format_table (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) document = new_document (source, "claim", "Claim");
  g_autofree char *exports = shu_format_dup_names (TRUE);
  g_autofree char *imports = shu_format_dup_names (FALSE);
  ShuFormat format;

  add (document, ID (1), 0, "claim");
  g_assert_cmpstr (exports, ==, "w3c, brat, csv, jsonl, html, tei, qdpx or qdc");
  g_assert_cmpstr (imports, ==, "w3c, brat, jsonl, hypothesis or labelstudio");
  g_assert_true (shu_format_from_name ("labelstudio", &format));
  g_assert_cmpint (format, ==, SHU_FORMAT_LABELSTUDIO);
  g_assert_false (shu_format_from_name ("Brat", &format));
  g_assert_false (shu_format_can_export (SHU_FORMAT_HYPOTHESIS));
  g_assert_false (shu_format_can_import (SHU_FORMAT_HTML));

  for (format = 0; format < SHU_N_FORMATS; format++)
    {
      const ShuFormatInfo *info = shu_format_get_info (format);
      g_autofree char *name = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_assert_cmpint (info->format, ==, format);
      if (!shu_format_can_export (format))
        continue;
      name = shu_format_dup_export_name (format, "essay.he.txt");
      g_assert_true (g_str_has_prefix (name, "essay.he."));
      g_assert_true (g_str_has_suffix (name, info->export_suffix));
      bytes = shu_format_export (format, document, SHU_CSV_NONE);
      g_assert_cmpuint (g_bytes_get_size (bytes), >, 0);
    }
  {
    g_autofree char *brat = shu_format_dup_export_name (SHU_FORMAT_BRAT, "essay.he.txt");
    g_autofree char *none = shu_format_dup_export_name (SHU_FORMAT_W3C, NULL);

    g_assert_cmpstr (brat, ==, "essay.he.ann");
    g_assert_cmpstr (none, ==, "annotations.w3c.json");
  }
}

int
main (int   argc,
      char *argv[])
{
  shu_test_use_private_tmp ();
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sharing/import-brat", test_import_brat);
  g_test_add_func ("/sharing/import-missing-file", test_import_missing_file);
  g_test_add_func ("/sharing/import-summary", test_import_summary);
  g_test_add_func ("/sharing/merge-summary", test_merge_summary);
  g_test_add_func ("/sharing/keep-version", test_keep_version);
  g_test_add_func ("/sharing/attach-orphan", test_attach_orphan);
  g_test_add_func ("/sharing/format-table", test_format_table);
  return g_test_run ();
}
