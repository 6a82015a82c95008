/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "shu-annotation-store.h"
#include "shu-agreement.h"
#include "shu-csv.h"
#include "shu-error.h"
#include "shu-html.h"
#include "shu-jsonl.h"
#include "shu-merge.h"
#include "shu-reconcile.h"
#include "shu-recovery.h"
#include "shu-sidecar.h"

/* Relations, attributes, events, references and typed notes, as a
 * researcher lives them: linking two passages of a Hebrew text that lie on
 * different lines, deleting one end and undoing, saving and reading back. */

static const char *text =
  "הרמב\"ם כתב את מורה הנבוכים בערבית.\n"
  "שמואל אבן תיבון תרגם אותו לעברית.\n";

static ShuSource *
hebrew_source (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);

  g_assert_no_error (error);
  return source;
}

static ShuAnnotation *
span (const char *id,
      guint       start,
      guint       end)
{
  ShuRange range = { start, end };
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 7, 9, 0, 0);

  return shu_annotation_new (id, &range, 1, NULL, NULL, "רות", date, date);
}

static ShuRelation *
link_of (const char *id,
         const char *type,
         const char *from,
         const char *to)
{
  const char *roles[] = { "Arg1", "Arg2" };
  const char *targets[] = { from, to };
  g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 7, 9, 5, 0);

  return shu_relation_new (id, SHU_RELATION_LINK, type, NULL, roles, targets, 2, NULL, NULL,
                           "רות", date, date);
}

static void
count_cb (ShuAnnotationStore *store,
          const char         *id,
          guint              *count)
{
  (*count)++;
}

/* "הרמב"ם" (0-6) on line 1, "שמואל אבן תיבון" (35-50) and "אבן תיבון"
 * (41-50, overlapping it) on line 2; "מורה הנבוכים" (14-26). */
static ShuAnnotationStore *
store_with_spans (void)
{
  ShuAnnotationStore *store = shu_annotation_store_new (NULL);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (spans, span ("urn:uuid:00000000-0000-4000-8000-00000000000a", 0, 6));
  g_ptr_array_add (spans, span ("urn:uuid:00000000-0000-4000-8000-00000000000b", 35, 50));
  g_ptr_array_add (spans, span ("urn:uuid:00000000-0000-4000-8000-00000000000c", 41, 50));
  g_ptr_array_add (spans, span ("urn:uuid:00000000-0000-4000-8000-00000000000d", 14, 26));
  shu_annotation_store_reset (store, spans, NULL);
  return store;
}

#define A "urn:uuid:00000000-0000-4000-8000-00000000000a"
#define B "urn:uuid:00000000-0000-4000-8000-00000000000b"
#define C "urn:uuid:00000000-0000-4000-8000-00000000000c"
#define D "urn:uuid:00000000-0000-4000-8000-00000000000d"
#define R1 "urn:uuid:00000000-0000-4000-8000-0000000000r1"

/* A relation whose end is deleted goes with it, in one undoable step;
 * undo brings back both; the view hears of every change. */
static void
test_delete_end_and_undo (void)
{
  g_autoptr(ShuAnnotationStore) store = store_with_spans ();
  g_autoptr(ShuRelation) translated = link_of (R1, "תרגם", B, A);
  g_autoptr(GPtrArray) of_b = NULL;
  g_autoptr(GPtrArray) of_c = NULL;
  guint changes = 0;

  g_signal_connect (store, "relations-changed", G_CALLBACK (count_cb), &changes);

  /* Across the line break: from line 2 back to line 1. */
  g_assert_true (shu_annotation_store_add_relation (store, translated, NULL));
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Add Relation");
  of_b = shu_annotation_store_get_relations_of (store, B);
  g_assert_cmpuint (of_b->len, ==, 1);
  g_assert_true (g_ptr_array_index (of_b, 0) == translated);
  /* The overlapping span is not an end. */
  of_c = shu_annotation_store_get_relations_of (store, C);
  g_assert_cmpuint (of_c->len, ==, 0);

  g_assert_true (shu_annotation_store_remove (store, B, NULL));
  g_assert_null (shu_annotation_store_lookup (store, B));
  g_assert_null (shu_annotation_store_lookup_relation (store, R1));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 0);
  g_assert_cmpuint (changes, ==, 2);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Remove Annotation");

  /* One undo brings both back, the relation unchanged. */
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_nonnull (shu_annotation_store_lookup (store, B));
  g_assert_true (shu_annotation_store_lookup_relation (store, R1) == translated);
  g_assert_cmpuint (changes, ==, 3);
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Add Relation");

  g_assert_true (shu_annotation_store_redo (store));
  g_assert_null (shu_annotation_store_lookup_relation (store, R1));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 0);
  g_assert_false (shu_annotation_store_can_undo (store));
}

/* An equivalence set that loses one of three members keeps the others;
 * an event whose trigger goes goes too, and what names the event after
 * it. */
static void
test_equivalence_and_events (void)
{
  g_autoptr(ShuAnnotationStore) store = store_with_spans ();
  const char *members[] = { A, B, D };
  const char *roles[] = { "מתרגם" };
  const char *agent[] = { B };
  const char *about[] = { "urn:uuid:00000000-0000-4000-8000-0000000000e1", D };
  const char *about_roles[] = { "Arg1", "Arg2" };
  g_autoptr(ShuRelation) same = shu_relation_new (NULL, SHU_RELATION_EQUIVALENCE, "Equiv", NULL,
                                                  NULL, members, 3, NULL, NULL, NULL, NULL,
                                                  NULL);
  g_autoptr(ShuRelation) event = shu_relation_new ("urn:uuid:00000000-0000-4000-8000-0000000000e1",
                                                   SHU_RELATION_EVENT, "תרגום", C, roles, agent,
                                                   1, NULL, NULL, NULL, NULL, NULL);
  g_autoptr(ShuRelation) on_event = shu_relation_new (NULL, SHU_RELATION_LINK, "על", NULL,
                                                      about_roles, about, 2, NULL, NULL, NULL,
                                                      NULL, NULL);
  ShuRelation *now;

  g_assert_true (shu_annotation_store_add_relation (store, same, NULL));
  g_assert_true (shu_annotation_store_add_relation (store, event, NULL));
  g_assert_true (shu_annotation_store_add_relation (store, on_event, NULL));

  g_assert_true (shu_annotation_store_remove (store, B, NULL));
  now = shu_annotation_store_lookup_relation (store, shu_relation_get_id (same));
  g_assert_nonnull (now);
  g_assert_cmpuint (shu_relation_get_n_arguments (now), ==, 2);
  g_assert_cmpstr (shu_relation_get_target (now, 0), ==, A);
  g_assert_cmpstr (shu_relation_get_target (now, 1), ==, D);
  /* The event lost its only argument but keeps its trigger. */
  g_assert_nonnull (shu_annotation_store_lookup_relation (store, shu_relation_get_id (event)));

  /* Its trigger deleted, the event goes, and the link that named it. */
  g_assert_true (shu_annotation_store_remove (store, C, NULL));
  g_assert_null (shu_annotation_store_lookup_relation (store, shu_relation_get_id (event)));
  g_assert_null (shu_annotation_store_lookup_relation (store, shu_relation_get_id (on_event)));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 1);

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 3);
  g_assert_true (shu_annotation_store_undo (store));
  now = shu_annotation_store_lookup_relation (store, shu_relation_get_id (same));
  g_assert_true (now == same);
}

/* Saved and read back, everything comes back as it was: relations (as W3C
 * "linking" annotations), attributes ("classifying" bodies), references,
 * typed notes; the file says version 3. */
static void
test_sidecar_round_trip (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuDocument) document = shu_document_new (source, NULL);
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                    shu_attribute_unref);
  g_autoptr(GPtrArray) references = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                    shu_reference_unref);
  g_autoptr(GPtrArray) notes = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               shu_comment_unref);
  g_autoptr(ShuAnnotation) plain = span (A, 0, 6);
  g_autoptr(ShuAnnotation) with_attributes = NULL;
  g_autoptr(ShuAnnotation) with_references = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) reread = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  const char *data;

  g_ptr_array_add (attributes, shu_attribute_new ("מין", "זכר"));
  g_ptr_array_add (attributes, shu_attribute_new ("ודאי", NULL));
  g_ptr_array_add (references, shu_reference_new ("Reference", "Wikidata", "Q127398",
                                                  "משה בן מימון"));
  g_ptr_array_add (notes, shu_comment_new_typed ("רמב\"ם", NULL, "Lemma"));
  with_attributes = shu_annotation_with_attributes (plain, attributes,
                                                    shu_annotation_get_modified (plain));
  with_references = shu_annotation_with_references (with_attributes, references,
                                                    shu_annotation_get_modified (plain));
  g_ptr_array_add (spans, shu_annotation_with_comments (with_references, notes,
                                                        shu_annotation_get_modified (plain)));
  g_ptr_array_add (spans, span (B, 35, 50));
  g_ptr_array_add (spans, span (C, 41, 50));
  g_ptr_array_add (relations, link_of (R1, "תרגם", B, A));
  {
    const char *members[] = { B, C };
    g_autoptr(GDateTime) date = g_date_time_new_utc (2026, 12, 7, 9, 6, 0);

    g_ptr_array_add (relations, shu_relation_new ("urn:uuid:00000000-0000-4000-8000-0000000000e2",
                                                  SHU_RELATION_EVENT, "שם", C, members, members,
                                                  2, attributes, notes, NULL, date, date));
  }
  shu_annotation_store_reset_full (store, spans, relations, NULL);

  bytes = shu_sidecar_serialize (document);
  data = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (data, "\"formatVersion\": 3"));
  g_assert_nonnull (strstr (data, "\"motivation\": \"linking\""));
  g_assert_nonnull (strstr (data, "\"purpose\": \"classifying\",\n"
                                  "            \"value\": \"זכר\",\n"
                                  "            \"shu:attribute\": \"מין\""));
  g_assert_nonnull (strstr (data, "\"source\": \"" B "\",\n"
                                  "            \"shu:role\": \"Arg1\""));
  g_assert_nonnull (strstr (data, "\"total\": 5"));

  sidecar = shu_sidecar_parse (bytes, "t.json", &error);
  g_assert_no_error (error);
  reread = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);

  before = shu_annotation_store_dup_relations (store);
  after = shu_annotation_store_dup_relations (shu_document_get_store (reread));
  g_assert_cmpuint (after->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    g_assert_true (shu_relation_equal (g_ptr_array_index (before, i),
                                       g_ptr_array_index (after, i)));
  g_assert_true (shu_annotation_equal (g_ptr_array_index (spans, 0),
                                       shu_annotation_store_lookup (shu_document_get_store
                                                                      (reread), A)));
  g_assert_cmpstr (shu_annotation_get_attribute (shu_annotation_store_lookup
                                                   (shu_document_get_store (reread), A),
                                                 "ודאי"), ==, "");

  /* Saving what was read writes the same bytes. */
  {
    g_autoptr(GBytes) again = shu_sidecar_serialize (reread);

    g_assert_true (g_bytes_equal (bytes, again));
  }
}

/* A file whose relation names an annotation it does not hold is refused
 * with the reason, not loaded with a dangling link. */
static void
test_dangling_refused (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuDocument) document = shu_document_new (source, NULL);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bad = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *edited = NULL;
  GString *replaced;

  g_ptr_array_add (spans, span (A, 0, 6));
  g_ptr_array_add (spans, span (B, 35, 50));
  g_ptr_array_add (relations, link_of (R1, "תרגם", B, A));
  shu_annotation_store_reset_full (shu_document_get_store (document), spans, relations, NULL);
  bytes = shu_sidecar_serialize (document);
  replaced = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_string_replace (replaced, "\"source\": \"" A "\"",
                    "\"source\": \"urn:uuid:00000000-0000-4000-8000-0000000000ff\"", 1);
  bad = g_string_free_to_bytes (replaced);
  sidecar = shu_sidecar_parse (bad, "t.json", &error);
  g_assert_null (sidecar);
  g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "t.json: relation \"" R1 "\" names "
                   "\"urn:uuid:00000000-0000-4000-8000-0000000000ff\", which is no annotation "
                   "of the file");
}

/* A crash leaves a journal: restored into the reopened document, its
 * relations come back with the annotations, as one undoable step. */
static void
test_journal_restore (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-relations-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "text.txt", NULL);
  g_autofree char *journal_path = g_build_filename (dir, "journal", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) journal = g_file_new_for_path (journal_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) before_crash = NULL;
  g_autoptr(ShuDocument) reopened = NULL;
  g_autoptr(ShuDocument) restored = NULL;
  g_autoptr(ShuRecoveryEntry) entry = NULL;
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);
  ShuAnnotationStore *store;

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  before_crash = shu_document_new (source, NULL);
  g_ptr_array_add (spans, span (A, 0, 6));
  g_ptr_array_add (spans, span (B, 35, 50));
  g_ptr_array_add (relations, link_of (R1, "תרגם", B, A));
  shu_annotation_store_reset_full (shu_document_get_store (before_crash), spans, relations,
                                   NULL);
  g_assert_true (shu_recovery_write (before_crash, journal, &error));
  g_assert_no_error (error);

  entry = shu_recovery_entry_load (journal, &error);
  g_assert_no_error (error);
  restored = shu_recovery_entry_anchor (entry, source, NULL, &error);
  g_assert_no_error (error);
  reopened = shu_document_new (source, NULL);
  store = shu_document_get_store (reopened);
  g_assert_true (shu_reconcile_replace (reopened, restored, "Restore"));
  g_assert_nonnull (shu_annotation_store_lookup (store, A));
  g_assert_true (shu_relation_equal (shu_annotation_store_lookup_relation (store, R1),
                                     g_ptr_array_index (relations, 0)));

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (store), ==, 0);
  g_assert_null (shu_annotation_store_lookup (store, A));

  g_remove (journal_path);
  g_unlink (path);
  g_rmdir (dir);
}

static ShuDocument *
document_with (ShuSource   *source,
               ShuRelation *relation)
{
  ShuDocument *document = shu_document_new (source, NULL);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (spans, span (A, 0, 6));
  g_ptr_array_add (spans, span (B, 35, 50));
  if (relation != NULL)
    g_ptr_array_add (relations, g_object_ref (relation));
  shu_annotation_store_reset_full (shu_document_get_store (document), spans, relations, NULL);
  return document;
}

/* Two annotators start from the same file and link the same pair: with
 * different types it is a conflict (both kept, each marked with the
 * other), with the same type it is one link. */
static void
test_merge_same_pair (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuRelation) supports = link_of ("urn:uuid:00000000-0000-4000-8000-0000000000f1",
                                             "תומך", B, A);
  g_autoptr(ShuRelation) contradicts = link_of ("urn:uuid:00000000-0000-4000-8000-0000000000f2",
                                                "סותר", B, A);
  g_autoptr(ShuRelation) supports_too = link_of ("urn:uuid:00000000-0000-4000-8000-0000000000f3",
                                                 "תומך", B, A);
  g_autoptr(ShuDocument) base = document_with (source, NULL);
  g_autoptr(ShuDocument) ours = document_with (source, supports);
  g_autoptr(ShuDocument) theirs = document_with (source, contradicts);
  g_autoptr(ShuDocument) same = document_with (source, supports_too);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) agreed = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  ShuRelation *first, *second;
  guint n_conflicts = 0;

  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 1);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==,
                   "relations urn:uuid:00000000-0000-4000-8000-0000000000f1 and "
                   "urn:uuid:00000000-0000-4000-8000-0000000000f2 link the same annotations "
                   "with different types (“תומך” and “סותר”); both kept, marked as a conflict");
  relations = shu_annotation_store_dup_relations (shu_document_get_store (merged));
  g_assert_cmpuint (relations->len, ==, 2);
  first = g_ptr_array_index (relations, 0);
  second = g_ptr_array_index (relations, 1);
  g_assert_cmpstr (shu_relation_get_conflict (first), ==, shu_relation_get_id (second));
  g_assert_cmpstr (shu_relation_get_conflict (second), ==, shu_relation_get_id (first));
  /* The mark is saved, so whoever resolves it sees it. */
  {
    g_autoptr(GBytes) bytes = shu_sidecar_serialize (merged);

    g_assert_nonnull (strstr (g_bytes_get_data (bytes, NULL),
                              "\"shu:conflict\": \"urn:uuid:00000000-0000-4000-8000-0000000000f2\""));
  }

  /* Two-way, the same link twice: kept once, no conflict. */
  g_clear_pointer (&messages, g_ptr_array_unref);
  agreed = shu_merge (NULL, ours, same, &messages, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_cmpuint (shu_annotation_store_get_n_relations (shu_document_get_store (agreed)), ==, 1);
}

/* Three-way: ours deleted an annotation that theirs linked: the link goes
 * with it, and the merge says so. */
static void
test_merge_deleted_end (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuRelation) translated = link_of (R1, "תרגם", B, A);
  g_autoptr(ShuDocument) base = document_with (source, NULL);
  g_autoptr(ShuDocument) ours = document_with (source, NULL);
  g_autoptr(ShuDocument) theirs = document_with (source, translated);
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  guint n_conflicts = 99;

  g_assert_true (shu_annotation_store_remove (shu_document_get_store (ours), B, NULL));
  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  g_assert_cmpuint (n_conflicts, ==, 0);
  g_assert_null (shu_annotation_store_lookup (shu_document_get_store (merged), B));
  g_assert_cmpuint (shu_annotation_store_get_n_relations (shu_document_get_store (merged)), ==, 0);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (messages, 0), ==,
                   "relation " R1 ": an annotation it links was deleted; removed");

  /* Without the deletion, theirs' link is merged in. */
  g_clear_object (&merged);
  g_clear_pointer (&messages, g_ptr_array_unref);
  g_clear_object (&ours);
  ours = document_with (source, NULL);
  merged = shu_merge (base, ours, theirs, &messages, &n_conflicts);
  g_assert_true (shu_relation_equal (shu_annotation_store_lookup_relation
                                       (shu_document_get_store (merged), R1), translated));
}

static ShuAnnotation *
span_with (const char *id,
           guint       start,
           guint       end,
           const char *case_value,
           gboolean    negated)
{
  g_autoptr(ShuAnnotation) plain = span (id, start, end);
  g_autoptr(GPtrArray) attributes = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                    shu_attribute_unref);

  if (case_value != NULL)
    g_ptr_array_add (attributes, shu_attribute_new ("CASE", case_value));
  if (negated)
    g_ptr_array_add (attributes, shu_attribute_new ("Negated", NULL));
  return shu_annotation_with_attributes (plain, attributes, shu_annotation_get_modified (plain));
}

static ShuDocument *
annotator (ShuSource  *source,
           GPtrArray  *spans,
           const char *links[][3],
           guint       n_links)
{
  ShuDocument *document = shu_document_new (source, NULL);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_links; i++)
    g_ptr_array_add (relations, link_of (NULL, links[i][0], links[i][1], links[i][2]));
  shu_annotation_store_reset_full (shu_document_get_store (document), spans, relations, NULL);
  return document;
}

/* Agreement on relations and attributes, against figures computed by
 * hand (docs/AGREEMENT.md). Two annotators mark "הרמב"ם" (0-6), "שמואל
 * אבן תיבון" (35-50) and "אבן תיבון" (41-50) alike; only the first marks
 * "מורה הנבוכים" (14-26), only the second "תרגם" (51-55).
 *
 * Relations: "מקור" 0-6 → 35-50 by both (a match); "מקור" 41-50 → 0-6 by
 * the first and 0-6 → 41-50 by the second (a link is directed: no match);
 * "תרגם" 35-50 → 14-26 and 35-50 → 0-6 (other ends: no match). So מקור:
 * 2 and 2, 1 match, F1 = 2·1/4 = 0.5; תרגם: 1 and 1, F1 0; overall 3 and
 * 3, 1 match, F1 = 2/6.
 *
 * Attributes on the three pairs: CASE Nom/Nom, Gen/Nom, Nom/absent: 3
 * pairs, 1 agreed; kappa = (1/3 − (2·2 + 1·0)/9) / (1 − 4/9) = −0.2.
 * Negated (binary) set/set, absent/set: 2 pairs, 1 agreed, expected
 * (1·2)/4 = 0.5, kappa 0. "Extra" is only on the unpaired 14-26: no row. */
static void
test_agreement (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(GPtrArray) spans_a = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) spans_b = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(ShuDocument) a = NULL;
  g_autoptr(ShuDocument) b = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GPtrArray) attributes = NULL;
  const char *links_a[][3] = {
    { "מקור", "urn:uuid:a1", "urn:uuid:a2" },
    { "מקור", "urn:uuid:a3", "urn:uuid:a1" },
    { "תרגם", "urn:uuid:a2", "urn:uuid:a4" },
  };
  const char *links_b[][3] = {
    { "מקור", "urn:uuid:b1", "urn:uuid:b2" },
    { "מקור", "urn:uuid:b1", "urn:uuid:b3" },
    { "תרגם", "urn:uuid:b2", "urn:uuid:b1" },
  };
  ShuRelationAgreementRow *r;
  ShuAttributeAgreementRow *t;

  g_ptr_array_add (spans_a, span_with ("urn:uuid:a1", 0, 6, "Nom", TRUE));
  g_ptr_array_add (spans_a, span_with ("urn:uuid:a2", 35, 50, "Gen", FALSE));
  g_ptr_array_add (spans_a, span_with ("urn:uuid:a3", 41, 50, "Nom", FALSE));
  {
    g_autoptr(ShuAnnotation) plain = span ("urn:uuid:a4", 14, 26);

    g_ptr_array_add (spans_a, shu_annotation_with_attribute (plain, "Extra", "x", FALSE,
                                                             NULL));
  }
  g_ptr_array_add (spans_b, span_with ("urn:uuid:b1", 0, 6, "Nom", TRUE));
  g_ptr_array_add (spans_b, span_with ("urn:uuid:b2", 35, 50, "Nom", TRUE));
  g_ptr_array_add (spans_b, span_with ("urn:uuid:b3", 41, 50, NULL, FALSE));
  g_ptr_array_add (spans_b, span ("urn:uuid:b5", 51, 55));
  a = annotator (source, spans_a, links_a, 3);
  b = annotator (source, spans_b, links_b, 3);

  relations = shu_agreement_compute_relations (a, b);
  g_assert_cmpuint (relations->len, ==, 3);
  r = g_ptr_array_index (relations, 0);
  g_assert_cmpstr (r->type, ==, "מקור");
  g_assert_cmpuint (r->n_a, ==, 2);
  g_assert_cmpuint (r->n_b, ==, 2);
  g_assert_cmpuint (r->matches, ==, 1);
  g_assert_cmpfloat_with_epsilon (r->f1, 0.5, 1e-9);
  r = g_ptr_array_index (relations, 1);
  g_assert_cmpstr (r->type, ==, "תרגם");
  g_assert_cmpuint (r->matches, ==, 0);
  g_assert_true (r->f1_defined);
  g_assert_cmpfloat_with_epsilon (r->f1, 0, 1e-9);
  r = g_ptr_array_index (relations, 2);
  g_assert_null (r->type);
  g_assert_cmpuint (r->n_a, ==, 3);
  g_assert_cmpuint (r->n_b, ==, 3);
  g_assert_cmpuint (r->matches, ==, 1);
  g_assert_cmpfloat_with_epsilon (r->f1, 2.0 / 6, 1e-9);

  attributes = shu_agreement_compute_attributes (a, b);
  g_assert_cmpuint (attributes->len, ==, 2);
  t = g_ptr_array_index (attributes, 0);
  g_assert_cmpstr (t->name, ==, "CASE");
  g_assert_cmpuint (t->n_pairs, ==, 3);
  g_assert_cmpuint (t->agreed, ==, 1);
  g_assert_true (t->kappa_defined);
  g_assert_cmpfloat_with_epsilon (t->kappa, -0.2, 1e-9);
  t = g_ptr_array_index (attributes, 1);
  g_assert_cmpstr (t->name, ==, "Negated");
  g_assert_cmpuint (t->n_pairs, ==, 2);
  g_assert_cmpuint (t->agreed, ==, 1);
  g_assert_true (t->kappa_defined);
  g_assert_cmpfloat_with_epsilon (t->kappa, 0, 1e-9);

  /* What shulayim-cli agree prints after the labels' table. */
  {
    g_autofree char *table = shu_agreement_format_relations (relations);
    g_autofree char *other = shu_agreement_format_attributes (attributes);

    g_assert_cmpstr (table, ==,
                     "     A      B  matches       F1  relation\n"
                     "     2      2        1    0.500  מקור\n"
                     "     1      1        0    0.000  תרגם\n"
                     "     3      3        1    0.333  (overall)\n");
    g_assert_cmpstr (other, ==,
                     " pairs agreed    kappa  attribute\n"
                     "     3      1   -0.200  CASE\n"
                     "     2      1    0.000  Negated\n");
  }
}

/* The text is edited: the relation follows its ends (ids do not change
 * when an annotation moves), and one whose end can no longer be placed is
 * kept, listed with that orphan, and saved with it. */
static void
test_reanchor (void)
{
  static const char *edited =
    "מבוא קצר. הרמב\"ם כתב את מורה הנבוכים בערבית.\n"
    "מישהו תרגם אותו לעברית.\n";
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuSource) new_source = NULL;
  g_autoptr(ShuDocument) document = document_with (source, NULL);
  g_autoptr(ShuRelation) translated = link_of (R1, "תרגם", B, A);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSidecar) reread = NULL;
  g_autoptr(ShuDocument) placed = NULL;
  g_autoptr(ShuDocument) placed_again = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) with_orphan = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store;
  ShuAnnotation *moved;

  {
    g_autoptr(GBytes) text_bytes = g_bytes_new_static (edited, strlen (edited));

    new_source = shu_source_new_from_bytes (text_bytes, SHU_ENCODING_UTF8, &error);
    g_assert_no_error (error);
  }
  g_assert_true (shu_annotation_store_add_relation (shu_document_get_store (document),
                                                    translated, NULL));
  bytes = shu_sidecar_serialize (document);
  sidecar = shu_sidecar_parse (bytes, "t.json", &error);
  g_assert_no_error (error);
  placed = shu_sidecar_anchor (sidecar, new_source, &report, &error);
  g_assert_no_error (error);
  store = shu_document_get_store (placed);

  /* "הרמב"ם" moved by 10; "שמואל אבן תיבון" is gone from the text. */
  moved = shu_annotation_store_lookup (store, A);
  g_assert_nonnull (moved);
  g_assert_cmpuint (shu_annotation_get_start (moved), ==, 10);
  g_assert_null (shu_annotation_store_lookup (store, B));
  g_assert_cmpuint (shu_document_count_orphans (placed), ==, 1);
  g_assert_true (shu_relation_equal (shu_annotation_store_lookup_relation (store, R1),
                                     translated));
  with_orphan = shu_annotation_store_get_relations_of (store, B);
  g_assert_cmpuint (with_orphan->len, ==, 1);

  /* Saved and read again on the new text, nothing is lost. */
  again = shu_sidecar_serialize (placed);
  reread = shu_sidecar_parse (again, "t.json", &error);
  g_assert_no_error (error);
  placed_again = shu_sidecar_anchor (reread, new_source, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (shu_annotation_store_lookup_relation (shu_document_get_store (placed_again),
                                                          R1));
  g_assert_cmpuint (shu_document_count_orphans (placed_again), ==, 1);
}

/* A spreadsheet of the annotations shows their attributes and relations;
 * a document without either keeps the columns it always had. */
static void
test_csv (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuDocument) plain = document_with (source, NULL);
  g_autoptr(ShuDocument) document = shu_document_new (source, NULL);
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) relations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sure = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                              shu_attribute_unref);
  g_autoptr(ShuRelation) link = link_of (R1, "תרגם", B, A);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) plain_bytes = NULL;
  g_autofree char *csv = NULL;

  g_ptr_array_add (spans, span_with (A, 0, 6, "Nom", TRUE));
  g_ptr_array_add (spans, span (B, 35, 50));
  g_ptr_array_add (sure, shu_attribute_new ("ודאות", "גבוהה"));
  g_ptr_array_add (relations, shu_relation_with_attributes (link, sure,
                                                            shu_relation_get_modified (link)));
  shu_annotation_store_reset_full (shu_document_get_store (document), spans, relations, NULL);

  bytes = shu_csv_export (document);
  csv = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (csv, ==,
                   "id,start,end,text,label,comment,creator,created,modified,attributes,"
                   "relations\r\n"
                   A ",0,6,\"הרמב\"\"ם\",,,רות,2026-12-07T09:00:00Z,2026-12-07T09:00:00Z,"
                   "CASE=Nom; Negated,\r\n"
                   B ",35,50,שמואל אבן תיבון,,,רות,2026-12-07T09:00:00Z,2026-12-07T09:00:00Z,,"
                   "תרגם(Arg1=" B " Arg2=" A ") | ודאות=גבוהה\r\n");

  /* The report lists them under each annotation, linking the other end's
   * note; user text is escaped. */
  {
    g_autoptr(GBytes) html = shu_html_export (document);
    g_autofree char *page = g_strndup (g_bytes_get_data (html, NULL), g_bytes_get_size (html));

    g_assert_nonnull (strstr (page, "<li id=\"a1\" value=\"1\"><q class=\"quote\" dir=\"auto\">"
                                    "הרמב&quot;ם</q> <span class=\"creator\" dir=\"auto\">— רות"
                                    "</span> <span class=\"attributes\" dir=\"auto\">[CASE=Nom, "
                                    "Negated]</span></li>"));
    g_assert_nonnull (strstr (page, "<ul class=\"relations\"><li dir=\"auto\">תרגם → Arg2 "
                                    "<a href=\"#a1\">1</a> [ודאות=גבוהה]</li></ul>"));
  }

  plain_bytes = shu_csv_export (plain);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (plain_bytes, NULL),
                                   "id,start,end,text,label,comment,creator,created,"
                                   "modified\r\n"));
}

/* doccano's relation format holds links: exported with entity ids and
 * "relations", and read back as the same link between the same passages. */
static void
test_jsonl (void)
{
  g_autoptr(ShuSource) source = hebrew_source ();
  g_autoptr(ShuRelation) translated = link_of (R1, "תרגם", B, A);
  g_autoptr(ShuDocument) document = document_with (source, translated);
  g_autoptr(GBytes) bytes = shu_jsonl_export (document);
  g_autoptr(ShuDocument) back = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store;
  ShuRelation *relation;
  const char *line = g_bytes_get_data (bytes, NULL);

  g_assert_nonnull (strstr (line, "\"entities\": [{\"id\": 1, \"label\": \"\", "
                                  "\"start_offset\": 0, \"end_offset\": 6}, {\"id\": 2, "
                                  "\"label\": \"\", \"start_offset\": 35, \"end_offset\": 50}], "
                                  "\"relations\": [{\"id\": 1, \"from_id\": 2, \"to_id\": 1, "
                                  "\"type\": \"תרגם\"}]"));

  back = shu_jsonl_import (bytes, "t.jsonl", source, NULL, &messages, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 0);
  store = shu_document_get_store (back);
  relations = shu_annotation_store_dup_relations (store);
  g_assert_cmpuint (relations->len, ==, 1);
  relation = g_ptr_array_index (relations, 0);
  g_assert_cmpstr (shu_relation_get_type_name (relation), ==, "תרגם");
  g_assert_cmpuint (shu_annotation_get_start (shu_annotation_store_lookup
                                                (store, shu_relation_get_target (relation, 0))),
                    ==, 35);
  g_assert_cmpuint (shu_annotation_get_start (shu_annotation_store_lookup
                                                (store, shu_relation_get_target (relation, 1))),
                    ==, 0);
}

/* A new link takes the roles its type already has in the corpus: a link
 * of that type without roles gives none, and the caller's stay. */
static void
test_link_roles (void)
{
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (NULL);
  const char * const targets[] = { "a", "b" };
  const char * const no_roles[] = { NULL, NULL };
  const char * const roles[] = { "Anaphor", "Antecedent" };
  g_autoptr(ShuRelation) bare = shu_relation_new ("urn:uuid:1", SHU_RELATION_LINK, "Bare", NULL,
                                                  no_roles, targets, 2, NULL, NULL, NULL, NULL,
                                                  NULL);
  g_autoptr(ShuRelation) named = shu_relation_new ("urn:uuid:2", SHU_RELATION_LINK, "Coref",
                                                   NULL, roles, targets, 2, NULL, NULL, NULL,
                                                   NULL, NULL);
  const char *from = "Arg1", *to = "Arg2";

  g_assert_true (shu_annotation_store_add_relation (store, bare, NULL));
  g_assert_true (shu_annotation_store_add_relation (store, named, NULL));
  g_assert_false (shu_annotation_store_get_link_roles (store, "Bare", &from, &to));
  g_assert_cmpstr (from, ==, "Arg1");
  g_assert_cmpstr (to, ==, "Arg2");
  g_assert_false (shu_annotation_store_get_link_roles (store, "Other", &from, &to));
  g_assert_true (shu_annotation_store_get_link_roles (store, "Coref", &from, &to));
  g_assert_cmpstr (from, ==, "Anaphor");
  g_assert_cmpstr (to, ==, "Antecedent");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/relations/delete-end-and-undo", test_delete_end_and_undo);
  g_test_add_func ("/relations/link-roles", test_link_roles);
  g_test_add_func ("/relations/equivalence-and-events", test_equivalence_and_events);
  g_test_add_func ("/relations/sidecar-round-trip", test_sidecar_round_trip);
  g_test_add_func ("/relations/dangling-refused", test_dangling_refused);
  g_test_add_func ("/relations/journal-restore", test_journal_restore);
  g_test_add_func ("/relations/merge-same-pair", test_merge_same_pair);
  g_test_add_func ("/relations/merge-deleted-end", test_merge_deleted_end);
  g_test_add_func ("/relations/agreement", test_agreement);
  g_test_add_func ("/relations/reanchor", test_reanchor);
  g_test_add_func ("/relations/csv", test_csv);
  g_test_add_func ("/relations/jsonl", test_jsonl);

  return g_test_run ();
}
