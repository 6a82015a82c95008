/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-error.h"
#include "shu-merge.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

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
ann_by (const char *id,
        guint       start,
        guint       end,
        const char *label,
        const char *comment,
        const char *creator)
{
  ShuRange range = { start, end };
  g_autoptr(GPtrArray) comments = NULL;
  g_autoptr(GDateTime) created = day (1);

  comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, NULL));
  return shu_annotation_new (id, &range, 1, label, comments, creator, created, NULL);
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
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "changed differently on both sides"));

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

static guint
n_items (ShuDocument *document)
{
  return g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
}

static ShuLabel *
label_of (ShuDocument *document,
          const char  *id)
{
  return shu_label_set_lookup (shu_annotation_store_get_labels (shu_document_get_store (document)),
                               id);
}

/* The merged document as a researcher gets it: saved, its bytes. */
static char *
saved_text (ShuDocument *document)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize size;
  const char *data;

  shu_document_set_source_name (document, "t.txt");
  bytes = shu_sidecar_serialize (document);
  data = g_bytes_get_data (bytes, &size);
  return g_strndup (data, size);
}

/* The saved file read back: what the next program to open it sees. */
static ShuDocument *
reload (ShuDocument *document)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  ShuDocument *back;

  shu_document_set_source_name (document, "t.txt");
  bytes = shu_sidecar_serialize (document);
  sidecar = shu_sidecar_parse (bytes, "m.json", &error);
  g_assert_no_error (error);
  back = shu_sidecar_anchor (sidecar, shu_document_get_source (document), NULL, &error);
  g_assert_no_error (error);
  return back;
}

/* Two annotators worked from scratch on the same text (no shared history):
 * a two-way merge keeps every annotation of both, and the one id both
 * happen to have, with different content, is a conflict with both kept.
 * An empty document as base (what the app passed) means the same. */
static void
test_two_way (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lo = labels (), lt = labels (), le = shu_label_set_new ();
  ShuAnnotation *o[] = { ann_by ("urn:uuid:a1", 0, 3, "x", NULL, "נועה"),
                         ann_by ("urn:uuid:a2", 4, 9, "y", "שלי", "נועה"),
                         ann_by ("urn:uuid:c1", 21, 24, "x", NULL, "נועה") };
  ShuAnnotation *t[] = { ann_by ("urn:uuid:b1", 10, 15, "y", NULL, "דן"),
                         ann_by ("urn:uuid:b2", 16, 20, NULL, "שלו", "דן"),
                         ann_by ("urn:uuid:c1", 21, 24, "y", NULL, "דן") };
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 3);
  g_autoptr(ShuDocument) theirs = doc (source, lt, t, 3);
  g_autoptr(ShuDocument) empty = shu_document_new (source, le);
  const char *ids[] = { "urn:uuid:a1", "urn:uuid:a2", "urn:uuid:b1", "urn:uuid:b2",
                        "urn:uuid:c1" };

  for (guint round = 0; round < 2; round++)
    {
      g_autoptr(ShuDocument) merged = NULL;
      g_autoptr(GPtrArray) messages = NULL;
      ShuAnnotationStore *store;
      ShuAnnotation *c1, *other;
      guint n_conflicts = 99;

      merged = shu_merge (round == 0 ? NULL : empty, ours, theirs, &messages, &n_conflicts);
      g_assert_nonnull (merged);
      store = shu_document_get_store (merged);
      g_assert_cmpuint (n_conflicts, ==, 1);
      g_assert_cmpuint (n_items (merged), ==, 6);
      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        g_assert_nonnull (shu_annotation_store_lookup (store, ids[i]));
      c1 = shu_annotation_store_lookup (store, "urn:uuid:c1");
      g_assert_cmpstr (shu_annotation_get_creator (c1), ==, "נועה");
      other = shu_annotation_store_lookup (store, shu_annotation_get_conflict (c1));
      g_assert_nonnull (other);
      g_assert_cmpstr (shu_annotation_get_creator (other), ==, "דן");
      g_assert_cmpstr (shu_annotation_get_conflict (other), ==, "urn:uuid:c1");
    }
}

/* Two annotators started from scratch, one with a Hebrew interface, one
 * with an English one: their starter labels are the same labels ("טענה" is
 * "Claim"), so the merge keeps ours' words and marks no conflict, while a
 * starter label one of them renamed is still a conflict. */
static void
test_starters_across_languages (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) hebrew = shu_test_starters_in ("he");
  g_autoptr(ShuLabelSet) english = shu_test_starters_in ("en");
  ShuAnnotation *o[] = { ann_by ("urn:uuid:a1", 0, 3, "claim", NULL, "נועה") };
  ShuAnnotation *t[] = { ann_by ("urn:uuid:b1", 10, 15, "evidence", NULL, "Dan") };
  g_autoptr(ShuDocument) ours = NULL;
  g_autoptr(ShuDocument) theirs = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) renamed_merged = NULL;
  g_autoptr(ShuLabel) renamed = NULL;
  ShuLabelSet *labels;
  ShuLabel *evidence;
  guint n_conflicts = 99;

  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (hebrew, "claim")), ==, "טענה");
  g_assert_cmpstr (shu_label_get_name (shu_label_set_lookup (english, "claim")), ==, "Claim");
  g_assert_true (shu_label_same_starter (shu_label_set_lookup (hebrew, "claim"),
                                         shu_label_set_lookup (english, "claim")));
  g_assert_false (shu_label_same_starter (shu_label_set_lookup (hebrew, "claim"),
                                          shu_label_set_lookup (english, "evidence")));

  ours = doc (source, hebrew, o, 1);
  theirs = doc (source, english, t, 1);
  merged = shu_merge (NULL, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (n_items (merged), ==, 2);
  labels = shu_annotation_store_get_labels (shu_document_get_store (merged));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, 6);
  evidence = shu_label_set_lookup (labels, "evidence");
  g_assert_cmpstr (shu_label_get_name (evidence), ==, "ראיה");
  g_assert_cmpint (shu_label_get_conflict_kind (evidence), ==, SHU_LABEL_CONFLICT_NONE);
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (
                     shu_document_get_store (merged), "urn:uuid:b1")), ==, "evidence");

  /* A name no interface gives that starter is a rename, and a conflict. */
  renamed = shu_label_new ("evidence", "Proof", shu_label_get_color (evidence),
                           shu_label_get_description (shu_label_set_lookup (english,
                                                                            "evidence")),
                           shu_label_get_shortcut (evidence));
  g_assert_true (shu_label_set_replace (shu_annotation_store_get_labels (
                                          shu_document_get_store (theirs)), renamed));
  renamed_merged = shu_merge (NULL, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  labels = shu_annotation_store_get_labels (shu_document_get_store (renamed_merged));
  g_assert_cmpstr (shu_label_get_name (shu_label_get_conflict (shu_label_set_lookup (
                     labels, "evidence"))), ==, "Proof");
}

/* With a real common ancestor, a deletion is a deletion: theirs deleted 2
 * of the base's 5 annotations and ours added one; exactly those 2 go. */
static void
test_three_way_deletes_exactly (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lb = labels (), lo = labels (), lt = labels ();
  ShuAnnotation *b[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1),
                         ann ("urn:uuid:2", 4, 9, NULL, NULL, 1),
                         ann ("urn:uuid:3", 10, 15, "y", NULL, 1),
                         ann ("urn:uuid:4", 16, 20, NULL, NULL, 1),
                         ann ("urn:uuid:5", 21, 24, "x", NULL, 1) };
  ShuAnnotation *o[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1),
                         ann ("urn:uuid:2", 4, 9, NULL, NULL, 1),
                         ann ("urn:uuid:3", 10, 15, "y", NULL, 1),
                         ann ("urn:uuid:4", 16, 20, NULL, NULL, 1),
                         ann ("urn:uuid:5", 21, 24, "x", NULL, 1),
                         ann ("urn:uuid:6", 25, 28, "y", NULL, 2) };
  ShuAnnotation *t[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1),
                         ann ("urn:uuid:3", 10, 15, "y", NULL, 1),
                         ann ("urn:uuid:5", 21, 24, "x", NULL, 1) };
  g_autoptr(ShuDocument) base = doc (source, lb, b, 5);
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 6);
  g_autoptr(ShuDocument) theirs = doc (source, lt, t, 3);
  g_autoptr(ShuDocument) merged = NULL;
  ShuAnnotationStore *store;
  guint n_conflicts = 99;

  merged = shu_merge (base, ours, theirs, NULL, &n_conflicts);
  store = shu_document_get_store (merged);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (n_items (merged), ==, 4);
  g_assert_null (shu_annotation_store_lookup (store, "urn:uuid:2"));
  g_assert_null (shu_annotation_store_lookup (store, "urn:uuid:4"));
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:1"));
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:3"));
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:5"));
  g_assert_nonnull (shu_annotation_store_lookup (store, "urn:uuid:6"));
}

static ShuLabelSet *
one_label (const char *id,
           const char *name,
           const char *color,
           char        shortcut)
{
  ShuLabelSet *set = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new (id, name, color, NULL, shortcut);

  shu_label_set_append (set, label);
  return set;
}

/* An English-interface and a Hebrew-interface annotator: the same label id
 * named differently. Both names are kept (ours in use, theirs in the
 * mark), theirs' annotations keep the label, and it is a conflict. */
static void
test_label_same_id_two_names (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lo = one_label ("claim", "Claim", "#ffadad", '1');
  g_autoptr(ShuLabelSet) lt = one_label ("claim", "טענה", "#ffadad", '1');
  ShuAnnotation *o[] = { ann_by ("urn:uuid:a1", 0, 3, "claim", NULL, "Noa") };
  ShuAnnotation *t[] = { ann_by ("urn:uuid:b1", 10, 15, "claim", NULL, "דן") };
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 1);
  g_autoptr(ShuDocument) theirs = doc (source, lt, t, 1);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autofree char *saved = NULL;
  ShuLabel *label;
  guint n_conflicts = 0;

  merged = shu_merge (NULL, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  g_assert_cmpuint (n_items (merged), ==, 2);

  /* The saved file holds both names, the label marked. */
  saved = saved_text (merged);
  g_assert_nonnull (strstr (saved, "\"formatVersion\": 2,"));
  g_assert_nonnull (strstr (saved, "\"name\": \"Claim\",\n"
                                   "      \"color\": \"#ffadad\",\n"
                                   "      \"shortcut\": \"1\",\n"
                                   "      \"shu:conflict\": {\n"
                                   "        \"name\": \"טענה\",\n"));
  /* Theirs' annotation is still on the same label, not re-tagged. */
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (
                     shu_document_get_store (merged), "urn:uuid:b1")), ==, "claim");

  back = reload (merged);
  label = label_of (back, "claim");
  g_assert_cmpstr (shu_label_get_name (label), ==, "Claim");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_CHANGED);
  g_assert_cmpstr (shu_label_get_name (shu_label_get_conflict (label)), ==, "טענה");
}

/* A label renamed differently on both sides, and recoloured by theirs:
 * theirs' colour is taken (only theirs changed it), both names are kept
 * and the label is marked. */
static void
test_label_renamed_both (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lb = one_label ("x", "טענה", "#e01b24", 0);
  g_autoptr(ShuLabelSet) lo = one_label ("x", "טענה מרכזית", "#e01b24", 0);
  g_autoptr(ShuLabelSet) lt = one_label ("x", "תזה", "#1c71d8", 0);
  ShuAnnotation *b[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1) };
  ShuAnnotation *o[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1) };
  ShuAnnotation *t[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1) };
  g_autoptr(ShuDocument) base = doc (source, lb, b, 1);
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 1);
  g_autoptr(ShuDocument) theirs = doc (source, lt, t, 1);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *saved = NULL;
  ShuLabel *label;
  guint n_conflicts = 0;

  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  saved = saved_text (merged);
  g_assert_nonnull (strstr (saved, "\"name\": \"טענה מרכזית\",\n"
                                   "      \"color\": \"#1c71d8\",\n"
                                   "      \"shu:conflict\": {\n"
                                   "        \"name\": \"תזה\",\n"
                                   "        \"color\": \"#1c71d8\"\n"));
  label = label_of (merged, "x");
  g_assert_cmpstr (shu_label_get_name (shu_label_get_conflict (label)), ==, "תזה");
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "“תזה”"));
}

/* One annotator brought the brat scheme (attributes and relation types on
 * the label), the other did not: the merged label declares them, and the
 * saved file says so. */
static void
test_label_declarations (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lo = one_label ("claim", "טענה", "#ffadad", 0);
  g_autoptr(ShuLabelSet) lt = one_label ("claim", "טענה", "#ffadad", 0);
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_attribute_decl_unref);
  const char * const types[] = { "תומכת ב", NULL };
  g_autoptr(ShuLabel) declared = NULL;
  ShuAnnotation *o[] = { ann_by ("urn:uuid:a1", 0, 3, "claim", NULL, "Noa") };
  ShuAnnotation *t[] = { ann_by ("urn:uuid:b1", 10, 15, "claim", NULL, "דן") };
  g_autoptr(ShuDocument) ours = NULL;
  g_autoptr(ShuDocument) theirs = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  g_autofree char *saved = NULL;
  guint n_conflicts = 99;

  g_ptr_array_add (attributes, shu_attribute_decl_new ("שלילה", NULL));
  declared = shu_label_with_declarations (shu_label_set_lookup (lt, "claim"), attributes, types);
  g_assert_true (shu_label_set_replace (lt, declared));
  ours = doc (source, lo, o, 1);
  theirs = doc (source, lt, t, 1);

  merged = shu_merge (NULL, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_true (shu_label_equal (label_of (merged, "claim"), declared));
  saved = saved_text (merged);
  g_assert_nonnull (strstr (saved, "\"shu:relationTypes\": [\n        \"תומכת ב\"\n"));
}

/* Both made a label of the same name, in different colours: one label
 * (theirs' annotations move to it), theirs' colour kept in the mark. */
static void
test_label_same_name_colours (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lo = one_label ("urn:uuid:l1", "מטפורה", "#ff0000", 0);
  g_autoptr(ShuLabelSet) lt = one_label ("urn:uuid:l2", "מטפורה", "#00ff00", 0);
  ShuAnnotation *o[] = { ann_by ("urn:uuid:a1", 0, 3, "urn:uuid:l1", NULL, "נועה") };
  ShuAnnotation *t[] = { ann_by ("urn:uuid:b1", 10, 15, "urn:uuid:l2", NULL, "דן") };
  g_autoptr(ShuDocument) ours = doc (source, lo, o, 1);
  g_autoptr(ShuDocument) theirs = doc (source, lt, t, 1);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autofree char *saved = NULL;
  ShuLabel *label;
  guint n_conflicts = 0;

  merged = shu_merge (NULL, ours, theirs, &messages, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (
                      shu_document_get_store (merged)))), ==, 1);
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (
                     shu_document_get_store (merged), "urn:uuid:b1")), ==, "urn:uuid:l1");
  label = label_of (merged, "urn:uuid:l1");
  g_assert_cmpstr (shu_label_get_color (label), ==, "#ff0000");
  g_assert_cmpstr (shu_label_get_color (shu_label_get_conflict (label)), ==, "#00ff00");
  saved = saved_text (merged);
  g_assert_nonnull (strstr (saved, "\"color\": \"#00ff00\""));
}

/* Shortcuts: the same label with a different shortcut on each side, and
 * a new label of theirs whose shortcut ours uses for another label. */
static void
test_label_shortcuts (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lo = one_label ("x", "טענה", "#e01b24", '1');
  g_autoptr(ShuLabelSet) lt = one_label ("x", "טענה", "#e01b24", '2');
  g_autoptr(ShuLabel) z = shu_label_new ("z", "ראיה", "#2ec27e", NULL, '1');
  g_autoptr(ShuDocument) ours = NULL;
  g_autoptr(ShuDocument) theirs = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) back = NULL;
  ShuLabel *label;
  guint n_conflicts = 0;

  shu_label_set_append (lt, z);
  ours = doc (source, lo, NULL, 0);
  theirs = doc (source, lt, NULL, 0);
  merged = shu_merge (NULL, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 2);
  back = reload (merged);
  label = label_of (back, "x");
  g_assert_cmpint (shu_label_get_shortcut (label), ==, '1');
  g_assert_cmpint (shu_label_get_shortcut (shu_label_get_conflict (label)), ==, '2');
  label = label_of (back, "z");
  g_assert_cmpint (shu_label_get_shortcut (label), ==, 0);
  g_assert_cmpint (shu_label_get_shortcut (shu_label_get_conflict (label)), ==, '1');
}

/* Deleted by ours, recoloured by theirs: kept, marked deleted. */
static void
test_label_deleted_changed (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lb = one_label ("x", "טענה", "#e01b24", 0);
  g_autoptr(ShuLabelSet) lo = shu_label_set_new ();
  g_autoptr(ShuLabelSet) lt = one_label ("x", "טענה", "#1c71d8", 0);
  g_autoptr(ShuDocument) base = doc (source, lb, NULL, 0);
  g_autoptr(ShuDocument) ours = doc (source, lo, NULL, 0);
  g_autoptr(ShuDocument) theirs = doc (source, lt, NULL, 0);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) back = NULL;
  g_autofree char *saved = NULL;
  guint n_conflicts = 0;

  merged = shu_merge (base, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  saved = saved_text (merged);
  g_assert_nonnull (strstr (saved, "\"color\": \"#1c71d8\",\n"
                                   "      \"shu:conflict\": \"deleted\"\n"));
  back = reload (merged);
  g_assert_cmpint (shu_label_get_conflict_kind (label_of (back, "x")), ==,
                   SHU_LABEL_CONFLICT_DELETED);
}

/* Keeping one version of a label: one undoable step; a name another label
 * has is refused; a shortcut another label has moves, and says so. */
static void
test_resolve_label (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  g_autoptr(ShuLabel) plain = shu_label_new ("x", "Claim", "#ffadad", NULL, '1');
  g_autoptr(ShuLabel) other = shu_label_new ("x", "טענה", "#a0c4ff", NULL, '2');
  g_autoptr(ShuLabel) marked = shu_label_with_conflict (plain, SHU_LABEL_CONFLICT_CHANGED, other);
  g_autoptr(ShuLabel) holder = shu_label_new ("y", "Evidence", "#caffbf", NULL, '2');
  g_autoptr(ShuLabel) clash = shu_label_new ("z", "ראיה", "#caffbf", NULL, 0);
  g_autoptr(ShuLabel) clash_other = shu_label_new ("z", "Evidence", "#caffbf", NULL, 0);
  g_autoptr(ShuLabel) clash_marked = shu_label_with_conflict (clash, SHU_LABEL_CONFLICT_CHANGED,
                                                              clash_other);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  ShuAnnotationStore *store;
  ShuLabel *label;

  shu_label_set_append (set, marked);
  shu_label_set_append (set, holder);
  shu_label_set_append (set, clash_marked);
  document = doc (source, set, NULL, 0);
  store = shu_document_get_store (document);

  g_assert_true (shu_merge_resolve_label (store, "x", TRUE, &message, &error));
  g_assert_no_error (error);
  label = label_of (document, "x");
  g_assert_cmpstr (shu_label_get_name (label), ==, "טענה");
  g_assert_cmpstr (shu_label_get_color (label), ==, "#a0c4ff");
  g_assert_cmpint (shu_label_get_shortcut (label), ==, '2');
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_NONE);
  g_assert_cmpint (shu_label_get_shortcut (label_of (document, "y")), ==, 0);
  g_assert_cmpstr (message, ==, "Shortcut 2 moved from “Evidence” to “טענה”");

  /* One undo brings back the mark and the other label's shortcut. */
  g_assert_true (shu_annotation_store_undo (store));
  label = label_of (document, "x");
  g_assert_cmpstr (shu_label_get_name (label), ==, "Claim");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_CHANGED);
  g_assert_cmpint (shu_label_get_shortcut (label_of (document, "y")), ==, '2');

  /* Keeping this file's version just clears the mark. */
  g_assert_true (shu_merge_resolve_label (store, "x", FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==,
                   "Resolve Label Conflict");
  label = label_of (document, "x");
  g_assert_cmpstr (shu_label_get_name (label), ==, "Claim");
  g_assert_cmpint (shu_label_get_conflict_kind (label), ==, SHU_LABEL_CONFLICT_NONE);

  g_assert_false (shu_merge_resolve_label (store, "z", TRUE, NULL, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
  g_assert_cmpint (shu_label_get_conflict_kind (label_of (document, "z")), ==,
                   SHU_LABEL_CONFLICT_CHANGED);
}

/* A label the other side deleted: deleting it here too leaves its
 * annotations unlabelled; undo brings it back, marked. */
static void
test_resolve_deleted_label (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  g_autoptr(ShuLabel) plain = shu_label_new ("d", "מושג", "#3584e4", NULL, 0);
  g_autoptr(ShuLabel) marked = shu_label_with_conflict (plain, SHU_LABEL_CONFLICT_DELETED, NULL);
  ShuAnnotation *a[] = { ann ("urn:uuid:1", 0, 3, "d", NULL, 1) };
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store;

  shu_label_set_append (set, marked);
  document = doc (source, set, a, 1);
  store = shu_document_get_store (document);
  g_assert_true (shu_merge_resolve_label (store, "d", TRUE, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (label_of (document, "d"));
  g_assert_null (shu_annotation_get_label_id (shu_annotation_store_lookup (store, "urn:uuid:1")));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpint (shu_label_get_conflict_kind (label_of (document, "d")), ==,
                   SHU_LABEL_CONFLICT_DELETED);
  g_assert_cmpstr (shu_annotation_get_label_id (shu_annotation_store_lookup (store, "urn:uuid:1")),
                   ==, "d");
}

/* Format version 2 is read; a malformed mark is refused with its place. */
static void
test_label_conflict_format (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lo = one_label ("claim", "Claim", "#ffadad", 0);
  g_autoptr(ShuLabelSet) lt = one_label ("claim", "טענה", "#ffadad", 0);
  g_autoptr(ShuDocument) ours = doc (source, lo, NULL, 0);
  g_autoptr(ShuDocument) theirs = doc (source, lt, NULL, 0);
  g_autoptr(ShuDocument) merged = shu_merge (NULL, ours, theirs, NULL, NULL);
  g_autofree char *saved = saved_text (merged);
  const char *mark = "\"shu:conflict\": {\n        \"name\": \"טענה\",\n"
                     "        \"color\": \"#ffadad\"\n      }";
  const char *bad[] = { "\"shu:conflict\": 5", "\"shu:conflict\": \"gone\"",
                        "\"shu:conflict\": {\"name\": \"\", \"color\": \"#ffadad\"}",
                        "\"shu:conflict\": {\"name\": \"טענה\", \"color\": \"red\"}" };

  g_assert_nonnull (strstr (saved, mark));
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GString) text = g_string_new (saved);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (g_string_replace (text, mark, bad[i], 1), ==, 1);
      bytes = g_bytes_new (text->str, text->len);
      sidecar = shu_sidecar_parse (bytes, "m.json", &error);
      g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "m.json:"));
      g_assert_nonnull (strstr (error->message, "label 1: "));
    }
}

/* Theirs renamed a label to the name ours gave a new label: both stay,
 * the renamed one under our name for it, the name theirs gave in its
 * mark; nothing is merged into the wrong label. */
static void
test_label_name_taken (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuLabelSet) lb = one_label ("x", "טענה", "#e01b24", 0);
  g_autoptr(ShuLabelSet) lo = one_label ("x", "טענה", "#e01b24", 0);
  g_autoptr(ShuLabelSet) lt = one_label ("x", "תזה", "#e01b24", 0);
  g_autoptr(ShuLabel) y = shu_label_new ("y", "תזה", "#2ec27e", NULL, 0);
  g_autoptr(ShuDocument) base = NULL, ours = NULL, theirs = NULL, merged = NULL;
  guint n_conflicts = 0;
  ShuLabel *label;

  shu_label_set_append (lo, y);
  base = doc (source, lb, NULL, 0);
  ours = doc (source, lo, NULL, 0);
  theirs = doc (source, lt, NULL, 0);
  merged = shu_merge (base, ours, theirs, NULL, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  g_assert_cmpstr (shu_label_get_name (label_of (merged, "y")), ==, "תזה");
  label = label_of (merged, "x");
  g_assert_cmpstr (shu_label_get_name (label), ==, "טענה");
  g_assert_cmpstr (shu_label_get_name (shu_label_get_conflict (label)), ==, "תזה");
}

static ShuRelation *
link_by (const char *id,
         const char *type,
         const char *from,
         const char *to)
{
  const char * const roles[] = { "Arg1", "Arg2" };
  const char * const targets[] = { from, to };
  g_autoptr(GDateTime) created = day (1);

  return shu_relation_new (id, SHU_RELATION_LINK, type, NULL, roles, targets, 2, NULL, NULL,
                           NULL, created, NULL);
}

/* Three annotations, the same on every side, and @n links. */
static ShuDocument *
doc_with_links (ShuSource    *source,
                ShuRelation **links,
                guint         n)
{
  g_autoptr(ShuLabelSet) set = labels ();
  ShuAnnotation *spans[] = { ann ("urn:uuid:1", 0, 3, "x", NULL, 1),
                             ann ("urn:uuid:2", 4, 9, "y", NULL, 1),
                             ann ("urn:uuid:3", 10, 15, "x", NULL, 1) };
  ShuDocument *document = doc (source, set, spans, 3);

  for (guint i = 0; i < n; i++)
    {
      g_assert_true (shu_annotation_store_add_relation (shu_document_get_store (document),
                                                        links[i], NULL));
      g_object_unref (links[i]);
    }
  return document;
}

/* Links merge by id like annotations: changed differently on both sides,
 * both versions kept and marked; deleted by ours and changed by theirs,
 * the changed one kept and marked; changed on one side only, that
 * change; new on one side, kept. */
static void
test_relations_three_way (void)
{
  g_autoptr(ShuSource) source = text ();
  g_autoptr(ShuRelation) r1 = link_by ("urn:uuid:r1", "תומך", "urn:uuid:1", "urn:uuid:2");
  g_autoptr(ShuRelation) r2 = link_by ("urn:uuid:r2", "סותר", "urn:uuid:2", "urn:uuid:3");
  g_autoptr(ShuRelation) r3 = link_by ("urn:uuid:r3", "מפרט", "urn:uuid:1", "urn:uuid:3");
  g_autoptr(GDateTime) two = day (2);
  g_autoptr(GDateTime) three = day (3);
  ShuRelation *b[] = { g_object_ref (r1), g_object_ref (r2), g_object_ref (r3) };
  ShuRelation *o[] = { shu_relation_with_type (r1, "מחזק", two), g_object_ref (r3),
                       link_by ("urn:uuid:r4", "חוזר", "urn:uuid:3", "urn:uuid:1") };
  ShuRelation *t[] = { shu_relation_with_type (r1, "מחליש", three),
                       shu_relation_with_type (r2, "מפריך", three),
                       shu_relation_with_type (r3, "מסכם", three) };
  g_autoptr(ShuDocument) base = doc_with_links (source, b, 3);
  g_autoptr(ShuDocument) ours = doc_with_links (source, o, 3);
  g_autoptr(ShuDocument) theirs = doc_with_links (source, t, 3);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  ShuAnnotationStore *store;
  ShuRelation *mine, *other;
  g_autofree char *expected = NULL;
  guint n_conflicts = 0;

  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  store = shu_document_get_store (merged);
  g_assert_cmpuint (n_conflicts, ==, 2);
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 5);

  mine = shu_annotation_store_lookup_relation (store, "urn:uuid:r1");
  g_assert_cmpstr (shu_relation_get_type_name (mine), ==, "מחזק");
  other = shu_annotation_store_lookup_relation (store, shu_relation_get_conflict (mine));
  g_assert_nonnull (other);
  g_assert_cmpstr (shu_relation_get_type_name (other), ==, "מחליש");
  g_assert_cmpstr (shu_relation_get_conflict (other), ==, "urn:uuid:r1");
  g_assert_cmpstr (shu_relation_get_target (other, 0), ==, "urn:uuid:1");

  other = shu_annotation_store_lookup_relation (store, "urn:uuid:r2");
  g_assert_cmpstr (shu_relation_get_type_name (other), ==, "מפריך");
  g_assert_cmpstr (shu_relation_get_conflict (other), ==, SHU_MERGE_DELETED);
  g_assert_cmpstr (shu_relation_get_type_name (shu_annotation_store_lookup_relation (
                     store, "urn:uuid:r3")), ==, "מסכם");
  g_assert_null (shu_relation_get_conflict (shu_annotation_store_lookup_relation (
                   store, "urn:uuid:r3")));
  g_assert_nonnull (shu_annotation_store_lookup_relation (store, "urn:uuid:r4"));

  g_assert_cmpuint (messages->len, ==, 2);
  expected = g_strdup_printf ("relation urn:uuid:r1: changed differently on both sides; theirs "
                              "kept as %s, both marked as a conflict",
                              shu_relation_get_conflict (mine));
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==, expected);
  g_assert_cmpstr (g_ptr_array_index (messages, 1), ==,
                   "relation urn:uuid:r2: deleted by ours, changed by theirs; the changed "
                   "version is kept, marked as a conflict");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/merge/clean", test_clean);
  g_test_add_func ("/merge/conflicts", test_conflicts);
  g_test_add_func ("/merge/two-way", test_two_way);
  g_test_add_func ("/merge/starters-across-languages", test_starters_across_languages);
  g_test_add_func ("/merge/three-way-deletes-exactly", test_three_way_deletes_exactly);
  g_test_add_func ("/merge/relations-three-way", test_relations_three_way);
  g_test_add_func ("/merge/label/same-id-two-names", test_label_same_id_two_names);
  g_test_add_func ("/merge/label/declarations", test_label_declarations);
  g_test_add_func ("/merge/label/renamed-both", test_label_renamed_both);
  g_test_add_func ("/merge/label/same-name-colours", test_label_same_name_colours);
  g_test_add_func ("/merge/label/shortcuts", test_label_shortcuts);
  g_test_add_func ("/merge/label/deleted-changed", test_label_deleted_changed);
  g_test_add_func ("/merge/label/name-taken", test_label_name_taken);
  g_test_add_func ("/merge/label/resolve", test_resolve_label);
  g_test_add_func ("/merge/label/resolve-deleted", test_resolve_deleted_label);
  g_test_add_func ("/merge/label/format", test_label_conflict_format);
  return g_test_run ();
}
