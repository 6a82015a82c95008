/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-merge.h"
#include "shu-sidecar.h"

static ShuSource *
text (void)
{
  const char *t = "אחד שניים שלושה ארבע חמש שש שבע שמונה תשע עשר";
  g_autoptr(GBytes) bytes = g_bytes_new (t, strlen (t));

  return shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, NULL);
}

static ShuLabelSet *
labels (void)
{
  ShuLabelSet *set = shu_label_set_new ();
  g_autoptr(ShuLabel) x = shu_label_new ("x", "טענה", "#e01b24", NULL, 0);
  g_autoptr(ShuLabel) y = shu_label_new ("y", "ראיה", "#2ec27e", NULL, 0);

  shu_label_set_append (set, x);
  shu_label_set_append (set, y);
  return set;
}

static GDateTime *
day (int d)
{
  return g_date_time_new_utc (2024, 5, d, 12, 0, 0);
}

static ShuAnnotation *
ann (const char *id,
     guint       start,
     guint       end,
     const char *label,
     const char *comment,
     int         modified)
{
  ShuRange range = { start, end };
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(GDateTime) created = day (1);
  g_autoptr(GDateTime) changed = day (modified);

  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, NULL));
  return shu_annotation_new (id, &range, 1, label, comments, NULL, created, changed);
}

static ShuDocument *
doc (ShuSource *source, ShuLabelSet *set, ShuAnnotation **list, guint n)
{
  ShuDocument *document = shu_document_new (source, set);

  for (guint i = 0; i < n; i++)
    {
      shu_annotation_store_add (shu_document_get_store (document), list[i], NULL);
      g_object_unref (list[i]);
    }
  return document;
}

static void
test_clean (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lb = labels (), lo = labels (), lt = labels ();
  ShuAnnotation *b[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1), ann ("urn:uuid:2", 4, 9, NULL, NULL, 1),
                         ann ("urn:uuid:3", 10, 15, "y", NULL, 1) };
  /* Ours relabels 1, deletes 2 and adds 4; theirs comments on 3 and adds 5. */
  ShuAnnotation *o[] = { ann ("urn:uuid:1", 0, 3, "y", NULL, 2), ann ("urn:uuid:3", 10, 15, "y", NULL, 1),
                         ann ("urn:uuid:4", 16, 20, "x", NULL, 2) };
  ShuAnnotation *t[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1), ann ("urn:uuid:2", 4, 9, NULL, NULL, 1),
                         ann ("urn:uuid:3", 10, 15, "y", "הערה", 3), ann ("urn:uuid:5", 21, 24, NULL, NULL, 3) };
  g_autoptr(ShuDocument) base = doc (source, lb, b, 3);
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 3);
  g_autoptr(ShuDocument) theirs = doc (source, lt, t, 4);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  ShuAnnotationStore *store;
  guint n_conflicts = 99;

  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  store = shu_document_get_store (merged);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (store, "urn:uuid:1")),
                   ==, "y");
  g_assert_null (shu_annotation_store_lookup (store, "urn:uuid:2"));
  g_assert_cmpstr (shu_annotation_get_comment (shu_annotation_store_lookup (store, "urn:uuid:3")),
                   ==, "הערה");
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:4"));
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:5"));
}

static void
test_conflicts (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lb = labels (), lo = labels (), lt = labels ();
  ShuAnnotation *b[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1), ann ("urn:uuid:2", 4, 9, NULL, NULL, 1) };
  /* 1 changed differently on both sides; 2 deleted by ours, changed by theirs. */
  ShuAnnotation *o[] = { ann ("urn:uuid:1", 0, 3, "y", NULL, 2) };
  ShuAnnotation *t[] = { ann ("urn:uuid:1", 0, 9, "x", NULL, 3), ann ("urn:uuid:2", 4, 9, NULL, "נשאר", 3) };
  g_autoptr(ShuDocument) base = doc (source, lb, b, 2);
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 1);
  g_autoptr(ShuDocument) theirs = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuLabel) renamed_o = shu_label_new ("x", "טענה מרכזית", "#e01b24", NULL, 0);
  g_autoptr(ShuLabel) renamed_t = shu_label_new ("x", "תזה", "#e01b24", NULL, 0);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store;
  ShuAnnotation *mine, *other, *kept;
  guint n_conflicts = 0;

  /* And label x renamed differently on both sides. */
  shu_label_set_replace (lo, renamed_o);
  shu_label_set_replace (lt, renamed_t);
  theirs = doc (source, lt, t, 2);

  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  store = shu_document_get_store (merged);
  g_assert_cmpuint (n_conflicts, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 3);
  mine = shu_annotation_store_lookup (store, "urn:uuid:1");
  g_assert_cmpstr (shu_annotation_get_label_id (mine), ==, "y");
  other = shu_annotation_store_lookup (store, shu_annotation_get_conflict (mine));
  g_assert_nonnull (other);
  g_assert_cmpstr (shu_annotation_get_conflict (other), ==, "urn:uuid:1");
  g_assert_cmpuint (shu_annotation_get_end (other), ==, 9);
  kept = shu_annotation_store_lookup (store, "urn:uuid:2");
  g_assert_cmpstr (shu_annotation_get_conflict (kept), ==, SHU_MERGE_DELETED);
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (
                     shu_annotation_store_get_labels (store), "x")), ==, "טענה מרכזית");
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "renamed on both sides"));

  /* The marks survive a save and a load. */
  shu_document_set_source_name (merged, "t.txt");
  bytes = shu_sidecar_serialize (merged);
  sidecar = shu_sidecar_parse (bytes, "m.json", &error);
  g_assert_no_error (error);
  back = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (shu_annotation_get_conflict (shu_annotation_store_lookup (
                     shu_document_get_store (back), "urn:uuid:1")), ==,
                   shu_annotation_get_id (other));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/merge/clean", test_clean);
  g_test_add_func ("/merge/conflicts", test_conflicts);
  return g_test_run ();
}
