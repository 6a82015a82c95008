/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-merge.h"
#include "shu-merge-apply.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* The app's merge without a display (shu-merge-apply.h): which common
 * ancestor a merge with a file really has, what applying the result does,
 * and the sidecar base the document keeps from its loads and saves. */

#define ID(n) "urn:uuid:00000000-0000-4000-8000-00000000000" #n

static ShuSource *
essay (void)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_getenv ("SHU_ESSAY"));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_file (file, SHU_ENCODING_AUTO, NULL, &error);

  g_assert_no_error (error);
  return source;
}

static GFile *
tmp_file (const char *name)
{
  return g_file_new_build_filename (g_get_tmp_dir (), name, NULL);
}

static void
add (ShuDocument *document,
     const char  *id,
     guint        start,
     const char  *creator)
{
  ShuRange range = { start, start + 6 };
  g_autoptr(ShuAnnotation) annotation = shu_annotation_new (id, &range, 1, "claim", NULL,
                                                            creator, NULL, NULL);

  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                           NULL));
}

static void
set_comment (ShuDocument *document,
             const char  *id,
             const char  *comment)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(ShuAnnotation) changed = NULL;

  changed = shu_annotation_with_comment (shu_annotation_store_lookup (store, id), comment, NULL,
                                         NULL);
  g_assert_true (shu_annotation_store_replace (store, changed, NULL));
}

static const char *
comment_of (ShuDocument *document,
            const char  *id)
{
  ShuAnnotation *annotation = shu_annotation_store_lookup (shu_document_get_store (document),
                                                           id);

  g_assert_nonnull (annotation);
  return shu_annotation_get_comment (annotation);
}

static guint
count (ShuDocument *document)
{
  return g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
}

static void
save (ShuDocument *document,
      GFile       *file)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* shu_merge_read_async(), waited for. */
static ShuDocument *
read_file (GFile      *file,
           ShuSource  *source,
           GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  shu_merge_read_async (file, source, NULL, read_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return shu_merge_read_finish (result, error);
}

/* The merge the app does: the base shu_merge_dup_base() finds, merged,
 * counted and applied. */
static void
merge_into (ShuDocument     *ours,
            GFile           *file,
            ShuMergeChanges *changes,
            guint           *n_conflicts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuDocument) theirs = read_file (file, shu_document_get_source (ours), &error);
  g_autoptr(ShuDocument) base = NULL;
  g_autoptr(ShuDocument) merged = NULL;

  g_assert_no_error (error);
  base = shu_merge_dup_base (ours, file);
  merged = shu_merge (base, ours, theirs, NULL, n_conflicts);
  shu_merge_count_changes (ours, merged, changes);
  shu_merge_apply (ours, merged, theirs, "Merge Annotations");
}

/* Two annotators from scratch, each with a file: no common ancestor, so
 * the merge is the union, and one undo takes it back. */
static void
test_two_way (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) a = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) b = shu_document_new (source, NULL);
  g_autoptr(GFile) file_a = tmp_file ("a.annotations.json");
  g_autoptr(GFile) file_b = tmp_file ("b.annotations.json");
  g_autoptr(ShuDocument) base = NULL;
  ShuAnnotationStore *store = shu_document_get_store (a);
  ShuMergeChanges changes;
  guint n_conflicts = 99;

  for (guint i = 0; i < 18; i++)
    add (a, NULL, i * 40, "A");
  save (a, file_a);
  for (guint i = 0; i < 13; i++)
    add (b, NULL, 3 + i * 57, "B");
  save (b, file_b);

  base = shu_merge_dup_base (a, file_b);
  g_assert_cmpuint (count (base), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (
                      shu_document_get_store (base)))), ==, 0);

  merge_into (a, file_b, &changes, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (changes.added, ==, 13);
  g_assert_cmpuint (changes.changed, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (count (a), ==, 31);
  /* B's file is not ours: what we know of our own file is unchanged. */
  g_assert_true (g_file_equal (shu_document_get_sidecar_file (a), file_a));

  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Merge Annotations");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (count (a), ==, 18);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), !=, "Merge Annotations");
}

/* Two annotators from scratch whose "claim" label (one id) is named in
 * two languages: the merge keeps our name and marks theirs as a conflict
 * on the label, and applying keeps the mark, in the same undo step. */
static void
test_two_way_label_names (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) a = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) b = shu_document_new (source, NULL);
  g_autoptr(ShuLabel) claim_a = shu_label_new ("claim", "Claim", "#e01b24", NULL, 0);
  g_autoptr(ShuLabel) claim_b = shu_label_new ("claim", "טענה", "#e01b24", NULL, 0);
  g_autoptr(GFile) file_b = tmp_file ("b-labels.annotations.json");
  ShuAnnotationStore *store = shu_document_get_store (a);
  ShuLabel *label;
  ShuMergeChanges changes;
  guint n_conflicts = 0;

  g_assert_true (shu_annotation_store_replace_label (store, claim_a));
  g_assert_true (shu_annotation_store_replace_label (shu_document_get_store (b), claim_b));
  add (a, NULL, 10, "A");
  add (b, NULL, 30, "B");
  save (b, file_b);

  merge_into (a, file_b, &changes, &n_conflicts);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (n_conflicts, >=, 1);
  g_assert_cmpuint (count (a), ==, 2);
  label = shu_label_set_lookup (shu_annotation_store_get_labels (store), "claim");
  g_assert_cmpstr (shu_label_get_name (label), ==, "Claim");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_CHANGED);
  g_assert_cmpstr (shu_label_get_name (shu_label_get_conflict (label)), ==, "טענה");

  g_assert_true (shu_annotation_store_undo (store));
  label = shu_label_set_lookup (shu_annotation_store_get_labels (store), "claim");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_NONE);
  g_assert_cmpuint (count (a), ==, 1);
}

/* A copy of our file, changed by a colleague (two annotations deleted, one
 * commented): without proof of what both began from, nothing of ours is
 * removed; the same id changed differently is a conflict. */
static void
test_copy_is_not_history (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) ours = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) copy = NULL;
  g_autoptr(GFile) file = tmp_file ("ours.annotations.json");
  g_autoptr(GFile) other = tmp_file ("copy.annotations.json");
  g_autoptr(GError) error = NULL;
  ShuMergeChanges changes;
  guint n_conflicts = 0;

  add (ours, ID(1), 10, "A");
  add (ours, ID(2), 30, "A");
  add (ours, ID(3), 50, "A");
  save (ours, file);
  copy = read_file (file, source, &error);
  g_assert_no_error (error);
  shu_annotation_store_remove (shu_document_get_store (copy), ID(2), NULL);
  shu_annotation_store_remove (shu_document_get_store (copy), ID(3), NULL);
  set_comment (copy, ID(1), "theirs");
  save (copy, other);

  merge_into (ours, other, &changes, &n_conflicts);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (n_conflicts, ==, 1);
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (ours), ID(2)));
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (ours), ID(3)));
  g_assert_null (comment_of (ours, ID(1)));
  g_assert_cmpstr (shu_annotation_get_conflict (shu_annotation_store_lookup (
                     shu_document_get_store (ours), ID(1))), !=, NULL);
  g_assert_cmpuint (count (ours), ==, 4);
}

/* Our own file, changed by another program while we had unsaved edits:
 * the base is what we last saved, so their edit of an annotation we did
 * not touch is taken, ours are kept, their deletion removes (and is
 * counted first). The document then knows the file as merged. */
static void
test_own_file_three_way (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) ours = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) changed = NULL;
  g_autoptr(ShuDocument) base = NULL;
  g_autoptr(ShuDocument) known = NULL;
  g_autoptr(GFile) file = tmp_file ("own.annotations.json");
  g_autoptr(ShuFileStamp) stamp = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store = shu_document_get_store (ours);
  ShuMergeChanges changes;
  guint n_conflicts = 99;

  g_assert_null (shu_document_dup_sidecar_base (ours));
  add (ours, ID(1), 10, "A");
  add (ours, ID(2), 30, "A");
  add (ours, ID(3), 50, "A");
  save (ours, file);
  base = shu_merge_dup_base (ours, file);
  g_assert_cmpuint (count (base), ==, 3);
  g_clear_object (&base);

  /* Unsaved here: a comment on 2, and 4. */
  set_comment (ours, ID(2), "ours");
  add (ours, ID(4), 70, "A");

  /* Another program: a comment on 1, 3 deleted, 5 added. */
  changed = read_file (file, source, &error);
  g_assert_no_error (error);
  set_comment (changed, ID(1), "theirs");
  shu_annotation_store_remove (shu_document_get_store (changed), ID(3), NULL);
  add (changed, ID(5), 90, "B");
  save (changed, file);
  stamp = shu_file_stamp_read (file, NULL, &error);
  g_assert_no_error (error);

  /* The base is still the version we saved, not the file now. */
  base = shu_merge_dup_base (ours, file);
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (base), ID(3)));
  g_assert_null (comment_of (base, ID(1)));

  merge_into (ours, file, &changes, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (changes.changed, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpstr (comment_of (ours, ID(1)), ==, "theirs");
  g_assert_cmpstr (comment_of (ours, ID(2)), ==, "ours");
  g_assert_null (shu_annotation_store_lookup (store, ID(3)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(4)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(5)));

  /* The file as merged is now what we know of it. */
  g_assert_true (shu_file_stamp_same_bytes (shu_document_get_sidecar_stamp (ours), stamp));
  known = shu_document_dup_sidecar_base (ours);
  g_assert_cmpstr (comment_of (known, ID(1)), ==, "theirs");
  g_assert_null (shu_annotation_store_lookup (shu_document_get_store (known), ID(3)));

  /* One step. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_null (comment_of (ours, ID(1)));
  g_assert_nonnull (shu_annotation_store_lookup (store, ID(3)));
  g_assert_null (shu_annotation_store_lookup (store, ID(5)));
  g_assert_cmpstr (comment_of (ours, ID(2)), ==, "ours");
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_sidecar_save_finish (SHU_DOCUMENT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The base is what was written: an edit made while a save was under way
 * is not in the file, so it is not in the base either. */
static void
test_base_is_what_was_saved (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) document = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) base = NULL;
  g_autoptr(ShuDocument) loaded = NULL;
  g_autoptr(GFile) file = tmp_file ("async.annotations.json");
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;

  add (document, ID(1), 10, "A");
  shu_sidecar_save_async (document, file, NULL, save_done_cb, &done);
  add (document, ID(2), 30, "A");
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  base = shu_document_dup_sidecar_base (document);
  g_assert_nonnull (base);
  g_assert_cmpuint (count (base), ==, 1);
  g_assert_nonnull (shu_annotation_store_lookup (shu_document_get_store (base), ID(1)));
  g_assert_true (shu_annotation_store_get_modified (shu_document_get_store (document)));

  /* A document read from a file knows what it read. */
  loaded = read_file (file, source, &error);
  g_assert_no_error (error);
  g_clear_object (&base);
  base = shu_document_dup_sidecar_base (loaded);
  g_assert_cmpuint (count (base), ==, 1);
  g_assert_true (shu_annotation_store_get_labels (shu_document_get_store (base))
                 != shu_annotation_store_get_labels (shu_document_get_store (loaded)));
}

/* Orphans the other side brought are kept; a file that cannot be read
 * is an error, not an empty side. */
static void
test_orphans_and_errors (void)
{
  g_autoptr(ShuSource) source = essay ();
  g_autoptr(ShuDocument) ours = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) theirs = shu_document_new (source, NULL);
  g_autoptr(ShuDocument) base = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) missing = NULL;
  g_autoptr(GFile) nowhere = tmp_file ("missing.annotations.json");
  g_autoptr(GError) error = NULL;
  ShuRange range = { 5, 9 };
  g_autoptr(ShuAnnotation) lost = shu_annotation_new (ID(7), &range, 1, NULL, NULL, "B", NULL,
                                                      NULL);
  const char *quotes[] = { "before ", "gone", " after", NULL };
  ShuAnchorResult result = { .id = (char *) ID(7), .status = SHU_ANCHOR_ORPHAN,
                             .old_start = 5, .old_end = 9, .exact = (char *) "gone" };

  shu_document_add_orphan (theirs, lost, quotes, &result);
  base = shu_merge_dup_base (ours, nowhere);
  merged = shu_merge (base, ours, theirs, NULL, NULL);
  shu_merge_apply (ours, merged, theirs, "Merge Annotations");
  g_assert_cmpuint (shu_document_get_orphans (ours)->len, ==, 1);
  g_assert_cmpuint (shu_document_count_orphans (ours), ==, 1);
  /* Merging again adds it once. */
  shu_merge_apply (ours, merged, theirs, "Merge Annotations");
  g_assert_cmpuint (shu_document_get_orphans (ours)->len, ==, 1);

  missing = read_file (nowhere, source, &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
}

int
main (int    argc,
      char **argv)
{
  shu_test_use_private_tmp ();
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/merge-apply/two-way", test_two_way);
  g_test_add_func ("/merge-apply/two-way-label-names", test_two_way_label_names);
  g_test_add_func ("/merge-apply/copy-is-not-history", test_copy_is_not_history);
  g_test_add_func ("/merge-apply/own-file-three-way", test_own_file_three_way);
  g_test_add_func ("/merge-apply/base-is-what-was-saved", test_base_is_what_was_saved);
  g_test_add_func ("/merge-apply/orphans-and-errors", test_orphans_and_errors);
  return g_test_run ();
}
