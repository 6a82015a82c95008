/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "shu-codebook.h"
#include "shu-corpus-report.h"
#include "shu-corpus-search.h"
#include "shu-error.h"
#include "shu-project.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* A researcher's small corpus, built on disk the way they would have it:
 * a code book, texts in subfolders with their sidecars, one damaged
 * sidecar, one text not yet annotated, a sidecar whose text went missing,
 * a hidden folder and a symbolic link back to the top. Every figure the
 * tests expect is worked out by hand in the comments. */

#define A_TEXT "שָׁלוֹם לָכֶם. הַשָּׁלוֹם בָּא.\nאין שלום בלי צדק."
#define B_TEXT "Peace now. Peace later."
#define C_TEXT "שלום רב."
#define D_TEXT "Nothing here."

typedef struct
{
  char *dir;
} Corpus;

static guint
length_of (const char *text)
{
  return g_utf8_strlen (text, -1);
}

typedef struct
{
  const char *label_id;   /* of the document's labels */
  const char *needle;
  guint       nth;
  const char *creator;
  const char *comment;
} Mark;

/* Saves a sidecar for text @name (already written) with @labels (id,
 * name pairs) and @marks. */
static void
annotate (const char        *dir,
          const char        *name,
          const char *const *labels,
          const Mark        *marks,
          guint              n_marks)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sidecar = shu_sidecar_default_file (file);
  g_autoptr(ShuSource) source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, NULL);
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = shu_source_get_text (source);

  for (guint i = 0; labels[i] != NULL; i += 2)
    {
      g_autoptr(ShuLabel) label = shu_label_new (labels[i], labels[i + 1], "#336699", NULL, 0);

      g_assert_true (shu_label_set_append (set, label));
    }
  document = shu_document_new (source, set);
  for (guint i = 0; i < n_marks; i++)
    {
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (
        (GDestroyNotify) shu_comment_unref);
      g_autoptr(ShuAnnotation) annotation = NULL;
      ShuRange range;

      range.start = shu_test_offset_of (text, marks[i].needle, marks[i].nth);
      range.end = range.start + length_of (marks[i].needle);
      if (marks[i].comment != NULL)
        g_ptr_array_add (comments, shu_comment_new (marks[i].comment, NULL));
      annotation = shu_annotation_new (NULL, &range, 1, marks[i].label_id, comments,
                                       marks[i].creator, NULL, NULL);
      g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                               NULL));
    }
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
}

static const char codebook_json[] =
  "{\n"
  "  \"type\": \"ShulayimCodebook\",\n"
  "  \"version\": 1,\n"
  "  \"labels\": [\n"
  "    { \"id\": \"claim\", \"name\": \"טענה\", \"color\": \"#ff0000\",\n"
  "      \"description\": \"What the speaker holds true\", \"shortcut\": \"1\" },\n"
  "    { \"id\": \"evidence\", \"name\": \"Evidence\", \"color\": \"#00ff00\" },\n"
  "    { \"id\": \"q\", \"name\": \"question\", \"color\": \"#0000ff\" }\n"
  "  ]\n"
  "}\n";

static void
corpus_setup (Corpus        *corpus,
              gconstpointer  data)
{
  /* a.txt's labels: "claim" maps by id (though named otherwise), "Evidence"
   * by name, "Other" to nothing. */
  const char *a_labels[] = { "claim", "Claim", "label-7", "Evidence", "x-other", "Other", NULL };
  const Mark a_marks[] = {
    { "claim", "שָׁלוֹם לָכֶם", 0, "Dana", "greeting as a claim" },             /* A1 */
    { "label-7", "לָכֶם. הַשָּׁלוֹם", 0, "Dana", NULL },                        /* A2 */
    { "claim", "שָׁלוֹם לָכֶם", 0, "Omer", NULL },                              /* A3 */
    { "x-other", "צדק", 0, "Omer", NULL },                                      /* A4 */
    { "label-7", "צדק", 0, "Dana", "=justice" },                                /* A5 */
  };
  const char *b_labels[] = { "claim", "Claim", "q2", "question", "evidence", "Evidence", NULL };
  const Mark b_marks[] = {
    { "claim", "Peace", 0, "Dana", "strong <argument>" },                      /* B1 */
    { "q2", "Peace later", 0, "Omer", NULL },                                   /* B2 */
    { "evidence", "now", 0, "Omer", NULL },                                     /* B3 */
  };
  g_autofree char *loop = NULL;

  corpus->dir = g_dir_make_tmp ("shu-project-XXXXXX", NULL);
  g_assert_nonnull (corpus->dir);
  shu_test_write_file (corpus->dir, SHU_CODEBOOK_FILE_NAME, codebook_json);
  shu_test_write_file (corpus->dir, "interviews/a.txt", A_TEXT);
  annotate (corpus->dir, "interviews/a.txt", a_labels, a_marks, G_N_ELEMENTS (a_marks));
  shu_test_write_file (corpus->dir, "b.txt", B_TEXT);
  annotate (corpus->dir, "b.txt", b_labels, b_marks, G_N_ELEMENTS (b_marks));
  shu_test_write_file (corpus->dir, "c.txt", C_TEXT);
  shu_test_write_file (corpus->dir, "c.txt" SHU_SIDECAR_SUFFIX, "{ \"type\": ");
  shu_test_write_file (corpus->dir, "d.txt", D_TEXT);
  shu_test_write_file (corpus->dir, "e.txt" SHU_SIDECAR_SUFFIX, "{}");
  shu_test_write_file (corpus->dir, ".git/ignored.txt", "not a text of the project");
  shu_test_write_file (corpus->dir, "notes.md", "not a text either");
  loop = g_build_filename (corpus->dir, "interviews", "back-to-top", NULL);
  g_assert_cmpint (symlink ("..", loop), ==, 0);
}

static void
corpus_teardown (Corpus        *corpus,
                 gconstpointer  data)
{
  shu_test_remove_tree (corpus->dir);
  g_free (corpus->dir);
}

static ShuProject *
open_project (Corpus *corpus)
{
  g_autoptr(GFile) folder = g_file_new_for_path (corpus->dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&project);
}

static ShuProjectDocument *
entry_at (ShuProject *project,
          guint       position)
{
  /* The list holds a reference of its own. */
  g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (G_LIST_MODEL (project), position);

  g_assert_nonnull (entry);
  return entry;
}

static char *
annotators_of (ShuProjectDocument *entry)
{
  GPtrArray *names = shu_project_document_get_annotators (entry);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "," : "", (char *) g_ptr_array_index (names, i));
  return g_string_free (out, FALSE);
}

/* A folder a colleague sent (a git repository, a tar archive) can hold
 * links to anywhere (issue 27). A link that leads out of the project's
 * folder, to a file or a folder, is listed with the reason and never
 * read: a search or an export of the project would show another file. A
 * link inside the folder is a text like any other. */
static void
test_links_out_left_out (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-project-XXXXXX", NULL);
  g_autofree char *outside = g_dir_make_tmp ("shu-outside-XXXXXX", NULL);
  g_autofree char *secret = g_build_filename (outside, "secret.txt", NULL);
  g_autofree char *to_file = g_build_filename (dir, "b.txt", NULL);
  g_autofree char *to_folder = g_build_filename (dir, "sub", NULL);
  g_autofree char *inside = g_build_filename (dir, "c.txt", NULL);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(ShuProject) project = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "a.txt", "b.txt", "c.txt", "sub" };

  shu_test_write_file (dir, "a.txt", A_TEXT);
  shu_test_write_file (outside, "secret.txt", "a text of someone else's");
  g_assert_cmpint (symlink (secret, to_file), ==, 0);
  g_assert_cmpint (symlink (outside, to_folder), ==, 0);
  g_assert_cmpint (symlink ("a.txt", inside), ==, 0);

  folder = g_file_new_for_path (dir);
  project = shu_project_new (folder);
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (project)), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      ShuProjectDocument *entry = entry_at (project, i);
      const GError *reason = shu_project_document_get_error (entry);

      g_assert_cmpstr (shu_project_document_get_name (entry), ==, names[i]);
      if (i == 1 || i == 3)
        {
          g_assert_nonnull (reason);
          g_assert_nonnull (strstr (reason->message, "outside the project's folder"));
          g_assert_null (shu_project_document_get_document (entry));
        }
      else
        {
          g_assert_no_error (reason);
          g_assert_cmpuint (shu_project_document_get_length (entry), ==, length_of (A_TEXT));
        }
    }

  shu_test_remove_tree (dir);
  shu_test_remove_tree (outside);
}

static void
test_document_list (Corpus        *corpus,
                    gconstpointer  data)
{
  g_autoptr(ShuProject) project = open_project (corpus);
  GListModel *list = G_LIST_MODEL (project);
  ShuProjectDocument *a, *b, *c, *d, *e;
  g_autofree char *a_annotators = NULL;
  g_autofree char *b_annotators = NULL;

  /* Sorted by path; the hidden folder, notes.md and the code book are not
   * texts, and the loop through "back-to-top" lists nothing twice. */
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 5);
  b = entry_at (project, 0);
  c = entry_at (project, 1);
  d = entry_at (project, 2);
  e = entry_at (project, 3);
  a = entry_at (project, 4);
  g_assert_cmpstr (shu_project_document_get_name (b), ==, "b.txt");
  g_assert_cmpstr (shu_project_document_get_name (c), ==, "c.txt");
  g_assert_cmpstr (shu_project_document_get_name (d), ==, "d.txt");
  g_assert_cmpstr (shu_project_document_get_name (e), ==, "e.txt" SHU_SIDECAR_SUFFIX);
  g_assert_cmpstr (shu_project_document_get_name (a), ==, "interviews/a.txt");

  g_assert_cmpuint (shu_project_document_get_length (a), ==, length_of (A_TEXT));
  g_assert_cmpuint (shu_project_document_get_n_annotations (a), ==, 5);
  g_assert_no_error (shu_project_document_get_error (a));
  /* A1 and A3 by id; A2 and A5 by name; A4 keeps its own label. */
  g_assert_cmpuint (shu_project_document_count_label (a, "claim"), ==, 2);
  g_assert_cmpuint (shu_project_document_count_label (a, "evidence"), ==, 2);
  g_assert_cmpuint (shu_project_document_count_label (a, "x-other"), ==, 1);
  g_assert_cmpuint (shu_project_document_count_label (a, "label-7"), ==, 0);
  g_assert_cmpstr (shu_project_document_map_label_id (a, "label-7"), ==, "evidence");
  g_assert_cmpuint (shu_project_document_get_unmapped_labels (a)->len, ==, 1);
  g_assert_cmpstr (shu_label_get_name (g_ptr_array_index (
                     shu_project_document_get_unmapped_labels (a), 0)), ==, "Other");
  a_annotators = annotators_of (a);
  g_assert_cmpstr (a_annotators, ==, "Dana,Omer");

  g_assert_cmpuint (shu_project_document_get_length (b), ==, 23);
  g_assert_cmpuint (shu_project_document_count_label (b, "claim"), ==, 1);
  g_assert_cmpuint (shu_project_document_count_label (b, "q"), ==, 1);
  g_assert_cmpuint (shu_project_document_count_label (b, "evidence"), ==, 1);
  b_annotators = annotators_of (b);
  g_assert_cmpstr (b_annotators, ==, "Dana,Omer");

  /* The damaged sidecar is listed with its error; its text still counts. */
  g_assert_nonnull (shu_project_document_get_error (c));
  g_assert_true (strstr (shu_project_document_get_error (c)->message, "c.txt") != NULL);
  g_assert_nonnull (shu_project_document_get_document (c));
  g_assert_cmpuint (shu_project_document_get_length (c), ==, length_of (C_TEXT));
  g_assert_cmpuint (shu_project_document_get_n_annotations (c), ==, 0);

  /* What a view sorts and filters the list by. */
  {
    g_autofree char *name = NULL;
    g_autofree char *message = NULL;
    guint length, n_annotations, n_annotators;

    g_object_get (a, "name", &name, "length", &length, "n-annotations", &n_annotations,
                  "n-annotators", &n_annotators, "error-message", &message, NULL);
    g_assert_cmpstr (name, ==, "interviews/a.txt");
    g_assert_cmpuint (length, ==, 49);
    g_assert_cmpuint (n_annotations, ==, 5);
    g_assert_cmpuint (n_annotators, ==, 2);
    g_assert_null (message);
    g_object_get (c, "error-message", &message, NULL);
    g_assert_cmpstr (message, ==, shu_project_document_get_error (c)->message);
  }

  /* Not annotated yet: no error, nothing counted. */
  g_assert_no_error (shu_project_document_get_error (d));
  g_assert_cmpuint (shu_project_document_get_n_annotations (d), ==, 0);

  /* A sidecar whose text is gone is listed, with the reason. */
  g_assert_error (shu_project_document_get_error (e), SHU_ERROR, SHU_ERROR_NOT_FOUND);
  g_assert_null (shu_project_document_get_document (e));

  /* The code book's labels, in its order, with their descriptions. */
  g_assert_true (shu_project_has_codebook (project));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_project_get_labels (project))),
                    ==, 3);
  g_assert_cmpstr (shu_label_get_name (shu_project_lookup_label (project, "claim")), ==, "טענה");
  g_assert_cmpstr (shu_label_get_description (shu_project_lookup_label (project, "claim")), ==,
                   "What the speaker holds true");
  g_assert_cmpstr (shu_label_get_name (shu_project_lookup_label (project, "x-other")), ==,
                   "Other");
  /* Two Hebrew texts, two English: a tie goes to the first in the list. */
  g_assert_cmpstr (shu_project_get_text_direction (project), ==, "ltr");
}

typedef struct
{
  gboolean      done;
  gboolean      ok;
  GError       *error;
  guint         n_fraction_notes;
  guint         n_found_notes;
  double        last_fraction;
} Waiter;

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Waiter *waiter = user_data;

  waiter->ok = shu_project_scan_finish (SHU_PROJECT (object), result, &waiter->error);
  waiter->done = TRUE;
}

static void
fraction_cb (ShuProject *project,
             GParamSpec *pspec,
             Waiter     *waiter)
{
  double fraction = shu_project_get_fraction (project);

  /* A progress bar never goes back. */
  g_assert_cmpfloat (fraction, >=, waiter->last_fraction);
  waiter->last_fraction = fraction;
  waiter->n_fraction_notes++;
}

static void
found_cb (ShuProject *project,
          GParamSpec *pspec,
          Waiter     *waiter)
{
  waiter->n_found_notes++;
}

static void
test_scan_async (Corpus        *corpus,
                 gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (corpus->dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  Waiter waiter = { 0 };

  g_signal_connect (project, "notify::fraction", G_CALLBACK (fraction_cb), &waiter);
  shu_project_scan_async (project, NULL, scanned_cb, &waiter);
  /* Nothing is listed until the scan is over. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (project)), ==, 0);
  while (!waiter.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (waiter.error);
  g_assert_true (waiter.ok);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (project)), ==, 5);
  g_assert_cmpint (shu_project_get_phase (project), ==, SHU_PROJECT_SCAN_DONE);
  g_assert_cmpuint (shu_project_get_n_found (project), ==, 5);
  g_assert_cmpfloat (shu_project_get_fraction (project), ==, 1.0);
  g_assert_cmpuint (waiter.n_fraction_notes, >=, 1);
}

/* 20,000 files that are not texts, in folders linked to each other in a
 * loop: the walk ends, and a cancel stops it at once, keeping the list
 * the earlier scan made. */
static void
test_many_files_cancel (Corpus        *corpus,
                        gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (corpus->dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  Waiter waiter = { 0 };
  g_autofree char *many = g_build_filename (corpus->dir, "many", NULL);
  g_autofree char *link_a = g_build_filename (many, "0", "to-1", NULL);
  g_autofree char *link_b = g_build_filename (many, "1", "to-0", NULL);
  gint64 start;

  for (guint d = 0; d < 20; d++)
    {
      g_autofree char *sub = g_strdup_printf ("%s/%u", many, d);

      g_assert_cmpint (g_mkdir_with_parents (sub, 0700), ==, 0);
      for (guint f = 0; f < 1000; f++)
        {
          g_autofree char *path = g_strdup_printf ("%s/f%u.dat", sub, f);

          g_assert_true (g_file_set_contents (path, "", 0, NULL));
        }
    }
  /* One text at the far end, so that the test sees the walk get there. */
  shu_test_write_file (many, "19/late.txt", "late");
  g_assert_cmpint (symlink ("../1", link_a), ==, 0);
  g_assert_cmpint (symlink ("../0", link_b), ==, 0);

  start = g_get_monotonic_time ();
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (project)), ==, 6);
  g_assert_cmpstr (shu_project_document_get_name (entry_at (project, 5)), ==, "many/19/late.txt");
  g_test_message ("20,000 files walked in %.2f s",
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  /* Cancelled before its first file: a race-free stand-in for the user's
   * click during a walk (the worker checks before every file). */
  g_cancellable_cancel (cancellable);
  g_signal_connect (project, "notify::phase", G_CALLBACK (found_cb), &waiter);
  shu_project_scan_async (project, cancellable, scanned_cb, &waiter);
  while (!waiter.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (waiter.ok);
  g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&waiter.error);
  /* The list of the scan before. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (project)), ==, 6);
  g_assert_cmpint (shu_project_get_phase (project), ==, SHU_PROJECT_SCAN_DONE);
}

/* A damaged code book is said, and the labels come from the documents. */
static void
test_damaged_codebook (Corpus        *corpus,
                       gconstpointer  data)
{
  g_autoptr(ShuProject) project = NULL;

  shu_test_write_file (corpus->dir, SHU_CODEBOOK_FILE_NAME,
              "{ \"type\": \"ShulayimCodebook\", \"version\": 1, \"labels\": [\n"
              "  { \"id\": \"a\", \"name\": \"A\", \"color\": \"red\" } ] }\n");
  project = open_project (corpus);
  g_assert_false (shu_project_has_codebook (project));
  g_assert_error (shu_project_get_codebook_error (project), SHU_ERROR, SHU_ERROR_INVALID);
  g_assert_true (g_str_has_suffix (shu_project_get_codebook_error (project)->message,
                                   ":2:3: colour of “A” is not #rrggbb"));
  /* b.txt's labels first (it is first in the list), then a.txt's that are
   * new by id and by name ("Other"; its "Evidence" is b's by name). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (shu_project_get_labels (project))),
                    ==, 4);
  g_assert_cmpstr (shu_label_get_name (shu_project_lookup_label (project, "claim")), ==, "Claim");
  g_assert_cmpstr (shu_project_document_map_label_id (entry_at (project, 4), "label-7"), ==,
                   "evidence");
}

static void
test_codebook_round_trip (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (codebook_json, strlen (codebook_json));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuLabelSet) labels = shu_codebook_parse (bytes, "book.json", &error);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(ShuLabelSet) back = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (labels)), ==, 3);
  g_assert_cmpint (shu_label_get_shortcut (shu_label_set_lookup (labels, "claim")), ==, '1');
  again = shu_codebook_serialize (labels);
  back = shu_codebook_parse (again, "again.json", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(ShuLabel) x = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_autoptr(ShuLabel) y = g_list_model_get_item (G_LIST_MODEL (back), i);

      g_assert_true (shu_label_equal (x, y));
    }

  {
    static const char future_json[] =
      "{\"type\":\"ShulayimCodebook\",\"version\":9,\"labels\":[]}";
    g_autoptr(GBytes) future = g_bytes_new_static (future_json, strlen (future_json));
    g_autoptr(ShuLabelSet) none = shu_codebook_parse (future, "future.json", &error);

    g_assert_null (none);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_VERSION);
  }
}

/* A code book that says what a label's annotations may carry and start:
 * "claim" an attribute with two values, a binary one and a relation type
 * with its roles, "evidence" a relation type. A document whose label maps
 * onto "evidence" by name (its own id is "label-7") gets what the code
 * book declares; an unmapped label keeps its own; the file keeps it all
 * through a round trip; a damaged declaration is refused where it is. */
static const char declared_json[] =
  "{\n"
  "  \"type\": \"ShulayimCodebook\",\n"
  "  \"version\": 1,\n"
  "  \"labels\": [\n"
  "    { \"id\": \"claim\", \"name\": \"טענה\", \"color\": \"#ff0000\",\n"
  "      \"shu:attributes\": [ { \"name\": \"ודאות\", \"values\": [ \"גבוהה\", \"נמוכה\" ] },\n"
  "                          { \"name\": \"negated\" } ],\n"
  "      \"shu:relationTypes\": [ \"supports\" ],\n"
  "      \"shu:relationRoles\": [ { \"type\": \"supports\", \"roles\": [\n"
  "        { \"role\": \"Arg1\", \"labels\": [ \"claim\" ] },\n"
  "        { \"role\": \"Arg2\", \"labels\": [ \"evidence\" ] } ] } ] },\n"
  "    { \"id\": \"evidence\", \"name\": \"Evidence\", \"color\": \"#00ff00\",\n"
  "      \"shu:relationTypes\": [ \"cites\" ] }\n"
  "  ]\n"
  "}\n";

static void
test_codebook_declarations (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (declared_json, strlen (declared_json));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuLabelSet) book = shu_codebook_parse (bytes, "book.json", &error);
  g_autoptr(ShuLabelSet) doc_labels = shu_label_set_new ();
  g_autoptr(ShuAnnotationStore) store = NULL;
  g_autoptr(ShuLabel) mine = shu_label_new ("label-7", "Evidence", "#336699", NULL, 0);
  g_autoptr(ShuLabel) other = shu_label_new ("x-other", "Other", "#336699", NULL, 0);
  g_autoptr(GBytes) again = NULL;
  g_autoptr(ShuLabelSet) back = NULL;
  g_autofree char *text = NULL;
  ShuLabel *claim, *evidence;
  ShuAttributeDecl *certainty;
  const char * const *values;

  g_assert_no_error (error);
  claim = shu_label_set_lookup (book, "claim");
  g_assert_cmpuint (shu_label_get_attributes (claim)->len, ==, 2);
  certainty = shu_label_lookup_attribute (claim, "ודאות");
  g_assert_nonnull (certainty);
  values = shu_attribute_decl_get_values (certainty);
  g_assert_cmpstr (values[0], ==, "גבוהה");
  g_assert_cmpstr (values[1], ==, "נמוכה");
  g_assert_null (shu_attribute_decl_get_values (shu_label_lookup_attribute (claim, "negated")));
  g_assert_cmpstr (shu_label_get_relation_types (claim)[0], ==, "supports");
  g_assert_nonnull (shu_label_lookup_relation_decl (claim, "supports"));

  /* The round trip keeps them, written as a sidecar writes them. */
  again = shu_codebook_serialize (book);
  text = g_strndup (g_bytes_get_data (again, NULL), g_bytes_get_size (again));
  g_assert_nonnull (strstr (text, "\"shu:attributes\""));
  g_assert_nonnull (strstr (text, "\"shu:relationRoles\""));
  back = shu_codebook_parse (again, "again.json", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ShuLabel) x = g_list_model_get_item (G_LIST_MODEL (book), i);
      g_autoptr(ShuLabel) y = g_list_model_get_item (G_LIST_MODEL (back), i);

      g_assert_true (shu_label_equal (x, y));
    }

  /* A document's labels: "Evidence" maps by name, "Other" to nothing. */
  g_assert_true (shu_label_set_append (doc_labels, mine));
  g_assert_true (shu_label_set_append (doc_labels, other));
  store = shu_annotation_store_new (doc_labels);
  g_assert_cmpuint (shu_codebook_apply_declarations (book, store), ==, 1);
  evidence = shu_label_set_lookup (shu_annotation_store_get_labels (store), "label-7");
  g_assert_cmpstr (shu_label_get_name (evidence), ==, "Evidence");
  g_assert_cmpstr (shu_label_get_relation_types (evidence)[0], ==, "cites");
  g_assert_null (shu_label_get_relation_types (evidence)[1]);
  g_assert_null (shu_label_get_relation_types (
    shu_label_set_lookup (shu_annotation_store_get_labels (store), "x-other"))[0]);
  /* Once applied, there is nothing more to apply; undo takes it back. */
  g_assert_cmpuint (shu_codebook_apply_declarations (book, store), ==, 0);
  g_assert_true (shu_annotation_store_undo (store));
  evidence = shu_label_set_lookup (shu_annotation_store_get_labels (store), "label-7");
  g_assert_null (shu_label_get_relation_types (evidence)[0]);

  /* A malformed declaration is refused, with where it is. */
  {
    static const char bad_json[] =
      "{ \"type\": \"ShulayimCodebook\", \"version\": 1, \"labels\": [\n"
      "  { \"id\": \"a\", \"name\": \"A\", \"color\": \"#aa0000\",\n"
      "    \"shu:attributes\": [ \"certainty\" ] } ] }\n";
    g_autoptr(GBytes) bad = g_bytes_new_static (bad_json, strlen (bad_json));
    g_autoptr(ShuLabelSet) none = shu_codebook_parse (bad, "bad.json", &error);

    g_assert_null (none);
    g_assert_error (error, SHU_ERROR, SHU_ERROR_INVALID);
    g_assert_true (g_str_has_prefix (error->message, "bad.json:2:3: "));
    g_assert_nonnull (strstr (error->message, "shu:attributes"));
  }
}

static char *
format_hits (GPtrArray *hits)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < hits->len; i++)
    {
      ShuCorpusHit *hit = g_ptr_array_index (hits, i);
      g_autofree char *line = shu_corpus_hit_format (hit);

      g_string_append_printf (out, "%s %u-%u %s\n", shu_project_document_get_name (hit->document),
                              hit->start, hit->end, line);
    }
  return g_string_free (out, FALSE);
}

static char *
search (ShuProject *project,
        const char *text,
        const char *label,
        const char *creator,
        const char *comment)
{
  ShuCorpusQuery query = { text, label, creator, comment,
                           SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS, 5 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = shu_corpus_search (project, &query, NULL, &error);

  g_assert_no_error (error);
  return format_hits (hits);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GPtrArray **hits = user_data;
  g_autoptr(GError) error = NULL;

  *hits = shu_corpus_search_finish (SHU_PROJECT (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*hits);
}

/* "שלום" without points finds the pointed word, inside "הַשָּׁלוֹם" too,
 * and the text of the document whose sidecar is damaged; grouped by
 * document in the list's order, in text order within one, each match in
 * the middle of five code points either side (a line break shown as a
 * space). */
static void
test_search_text (Corpus        *corpus,
                  gconstpointer  data)
{
  g_autoptr(ShuProject) project = open_project (corpus);
  g_autofree char *found = search (project, "שלום", NULL, NULL, NULL);
  g_autofree char *none = search (project, "peace and love", NULL, NULL, NULL);
  g_autofree char *english = search (project, "PEACE", NULL, NULL, NULL);

  g_assert_cmpstr (found, ==,
                   "c.txt 0-4 [שלום] רב.\n"
                   "interviews/a.txt 0-7 [שָׁלוֹם] לָכֶ\n"
                   "interviews/a.txt 17-25 ם. הַ[שָּׁלוֹם] בָּא\n"
                   "interviews/a.txt 36-40  אין [שלום] בלי \n");
  g_assert_cmpstr (none, ==, "");

  /* The same in a worker thread, for the app. */
  {
    ShuCorpusQuery query = { "שלום", NULL, NULL, NULL,
                             SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS, 5 };
    g_autoptr(GPtrArray) hits = NULL;
    g_autofree char *async_found = NULL;

    shu_corpus_search_async (project, &query, NULL, searched_cb, &hits);
    while (hits == NULL)
      g_main_context_iteration (NULL, TRUE);
    async_found = format_hits (hits);
    g_assert_cmpstr (async_found, ==, found);
  }
  g_assert_cmpstr (english, ==,
                   "b.txt 0-5 [Peace] now.\n"
                   "b.txt 11-16 now. [Peace] late\n");
}

static void
test_search_annotations (Corpus        *corpus,
                         gconstpointer  data)
{
  g_autoptr(ShuProject) project = open_project (corpus);
  g_autofree char *by_name = search (project, NULL, "Evidence", NULL, NULL);
  g_autofree char *by_id = search (project, NULL, "evidence", NULL, NULL);
  g_autofree char *omer_claims = search (project, NULL, "claim", "Omer", NULL);
  g_autofree char *comment = search (project, NULL, NULL, NULL, "ARGUMENT strong");
  g_autofree char *no_comment = search (project, NULL, NULL, NULL, "argument weak");
  g_autofree char *other = search (project, NULL, "Other", NULL, NULL);
  g_autofree char *text_in_claims = search (project, "שלום", "טענה", NULL, NULL);

  /* B3, then A2 (mapped by name from "label-7") and A5. */
  g_assert_cmpstr (by_name, ==,
                   "b.txt 6-9 eace [now]. Pea\n"
                   "interviews/a.txt 8-25 לוֹם [לָכֶם. הַשָּׁלוֹם] בָּא\n"
                   "interviews/a.txt 45-48  בלי [צדק].\n");
  g_assert_cmpstr (by_id, ==, by_name);
  g_assert_cmpstr (omer_claims, ==, "interviews/a.txt 0-13 [שָׁלוֹם לָכֶם]. הַ\n");
  g_assert_cmpstr (comment, ==, "b.txt 0-5 [Peace] now.\n");
  g_assert_cmpstr (no_comment, ==, "");
  /* A label the code book lacks is found by its own name. */
  g_assert_cmpstr (other, ==, "interviews/a.txt 45-48  בלי [צדק].\n");
  /* Only the first "שלום" of a.txt is inside a claim. */
  g_assert_cmpstr (text_in_claims, ==, "interviews/a.txt 0-7 [שָׁלוֹם] לָכֶ\n");
}

static char *
csv_of (ShuCorpusReport *report,
        ShuCorpusTable   table)
{
  g_autoptr(GBytes) bytes = shu_corpus_report_to_csv (report, table, SHU_CSV_NONE);

  g_assert_nonnull (bytes);
  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* The figures of the small corpus, worked out by hand:
 *
 * Labels: the code book's טענה (claim), Evidence, question, then a.txt's
 * "Other", which the code book lacks.
 *   b.txt: B1 claim [0,5) Dana, B3 evidence [6,9) Omer, B2 q [11,22) Omer
 *   a.txt: A1 claim [0,13) Dana, A3 claim [0,13) Omer,
 *          A2 evidence (by name) [8,25) Dana, A4 Other [45,48) Omer,
 *          A5 evidence [45,48) Dana
 * Overlapping pairs: A1-A3 (claim, claim), A1-A2 and A2-A3 (claim,
 *   evidence), A4-A5 (evidence, Other); none in b.txt.
 * Sentences of a.txt: [0,14) [14,31) "\n" [32,49): A1, A2, A3 share the
 *   first, A4 and A5 the last. Of b.txt: [0,10) [10,23): B1 and B3 share
 *   the first. So the same pairs as overlapping, plus B1-B3 (claim,
 *   evidence).
 * Agreement Dana / Omer over the corpus: claim 2 / 1 annotations, one
 *   exact pair (A1, A3): F1 = 2 × 1 / 3 = 0.667; evidence 2 / 1, no pair:
 *   0.000; in a.txt alone claim 1 / 1, F1 1.000. */
static void
test_report_figures (Corpus        *corpus,
                     gconstpointer  data)
{
  g_autoptr(ShuProject) project = open_project (corpus);
  g_autoptr(ShuCorpusReport) report = shu_corpus_report_new (project, "Dana", "Omer");
  g_autofree char *documents = csv_of (report, SHU_CORPUS_TABLE_DOCUMENTS);
  g_autofree char *annotators = csv_of (report, SHU_CORPUS_TABLE_ANNOTATORS);
  g_autofree char *overlap = csv_of (report, SHU_CORPUS_TABLE_OVERLAP);
  g_autofree char *sentence = csv_of (report, SHU_CORPUS_TABLE_SENTENCE);
  g_autofree char *coded = csv_of (report, SHU_CORPUS_TABLE_CODED);
  g_autofree char *agreement = csv_of (report, SHU_CORPUS_TABLE_AGREEMENT);
  g_auto(GStrv) agreement_lines = NULL;

  g_assert_cmpuint (shu_corpus_report_get_n_labels (report), ==, 4);
  g_assert_cmpstr (documents, ==,
                   "document,טענה,Evidence,question,Other,total\r\n"
                   "b.txt,1,1,1,0,3\r\n"
                   "c.txt,0,0,0,0,0\r\n"
                   "d.txt,0,0,0,0,0\r\n"
                   "interviews/a.txt,2,2,0,1,5\r\n");
  g_assert_cmpstr (annotators, ==,
                   "annotator,טענה,Evidence,question,Other,total\r\n"
                   "Dana,2,2,0,0,4\r\n"
                   "Omer,1,1,1,1,4\r\n");
  g_assert_cmpstr (overlap, ==,
                   "label,טענה,Evidence,question,Other\r\n"
                   "טענה,1,2,0,0\r\n"
                   "Evidence,2,0,0,1\r\n"
                   "question,0,0,0,0\r\n"
                   "Other,0,1,0,0\r\n");
  g_assert_cmpstr (sentence, ==,
                   "label,טענה,Evidence,question,Other\r\n"
                   "טענה,1,3,0,0\r\n"
                   "Evidence,3,0,0,1\r\n"
                   "question,0,0,0,0\r\n"
                   "Other,0,1,0,0\r\n");
  /* By label, then document, then place; A1 and A3 have the same range
   * (then the order is by id, so either may come first). The comment
   * "=justice" would be a formula in a spreadsheet: it is guarded. */
  g_assert_true (g_str_has_prefix (coded,
                                   "label,document,start,end,text,creator,comment\r\n"
                                   "טענה,b.txt,0,5,Peace,Dana,strong <argument>\r\n"
                                   "טענה,interviews/a.txt,0,13,שָׁלוֹם לָכֶם,"));
  g_assert_true (g_str_has_suffix (coded,
                                   "Evidence,b.txt,6,9,now,Omer,\r\n"
                                   "Evidence,interviews/a.txt,8,25,לָכֶם. הַשָּׁלוֹם,Dana,\r\n"
                                   "Evidence,interviews/a.txt,45,48,צדק,Dana,\"'=justice\"\r\n"
                                   "question,b.txt,11,22,Peace later,Omer,\r\n"
                                   "Other,interviews/a.txt,45,48,צדק,Omer,\r\n"));

  agreement_lines = g_strsplit (agreement, "\r\n", -1);
  g_assert_cmpstr (agreement_lines[0], ==, "document,label,n_a,n_b,kappa,exact_f1,overlap_f1");
  g_assert_true (g_str_has_prefix (agreement_lines[1], "(all),טענה,2,1,"));
  g_assert_true (g_str_has_suffix (agreement_lines[1], ",0.667,0.667"));
  g_assert_true (g_str_has_prefix (agreement_lines[2], "(all),Evidence,2,1,"));
  g_assert_true (g_str_has_suffix (agreement_lines[2], ",0.000,0.000"));
  g_assert_true (strstr (agreement, "\r\ninterviews/a.txt,טענה,1,1,1.000,1.000,1.000\r\n")
                 != NULL);
}

static void
test_report_html (Corpus        *corpus,
                  gconstpointer  data)
{
  g_autoptr(ShuProject) project = NULL;
  g_autoptr(ShuCorpusReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *html = NULL;
  const char *per_annotator;
  g_autofree char *d_path = g_build_filename (corpus->dir, "d.txt", NULL);

  /* One more Hebrew text: the project is right-to-left now. */
  g_assert_true (g_file_set_contents (d_path, "אין כאן דבר.", -1, NULL));
  project = open_project (corpus);
  g_assert_cmpstr (shu_project_get_text_direction (project), ==, "rtl");
  report = shu_corpus_report_new (project, NULL, NULL);
  g_assert_null (shu_corpus_report_to_csv (report, SHU_CORPUS_TABLE_AGREEMENT, SHU_CSV_NONE));
  bytes = shu_corpus_report_to_html (report);
  html = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  g_assert_true (g_str_has_prefix (html, "<!DOCTYPE html>\n<html lang=\"he\" dir=\"rtl\">"));
  /* Self-contained: no script, nothing fetched. */
  g_assert_null (strstr (html, "<script"));
  g_assert_null (strstr (html, "src="));
  g_assert_null (strstr (html, "href="));
  /* Two charts; the bar chart mirrored: טענה's bar (2 + 1 = 3 of at most
   * 3 annotations, 360 pixels long) ends where the names begin, 160
   * pixels from the right of 580. */
  g_assert_true (strstr (html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\"")
                 != NULL);
  g_assert_true (strstr (html, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat\"")
                 != NULL);
  g_assert_true (strstr (html, "<rect x=\"60\" y=\"0\" width=\"360\" height=\"20\" "
                               "fill=\"#ff0000\"/>") != NULL);
  /* The per-annotator chart, mirrored too: a row for each label's name,
   * then a bar for each annotator. Dana marked טענה twice (A1, B1), the
   * most anyone marked a label: 360 pixels, below the name's row; Omer
   * once (A3): 180 pixels, ending at the names as well. */
  per_annotator = strstr (html, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                                "class=\"annotator-bars\"");
  g_assert_nonnull (per_annotator);
  g_assert_true (strstr (per_annotator, "<rect x=\"60\" y=\"26\" width=\"360\" height=\"20\" "
                                        "fill=\"#ff0000\"/>") != NULL);
  g_assert_true (strstr (per_annotator, "<rect x=\"240\" y=\"52\" width=\"180\" "
                                        "height=\"20\" fill=\"#ff0000\"/>") != NULL);
  g_assert_true (strstr (per_annotator, ">Omer</text>") != NULL);
  /* Comments and names are escaped. */
  g_assert_true (strstr (html, "<p>strong &lt;argument&gt;</p>") != NULL);
  g_assert_null (strstr (html, "<argument>"));
  g_assert_true (strstr (html, "<p>=justice</p>") != NULL);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  shu_test_log_setup ();

  g_test_add_func ("/project/codebook-round-trip", test_codebook_round_trip);
  g_test_add_func ("/project/codebook-declarations", test_codebook_declarations);
  g_test_add_func ("/project/links-out-left-out", test_links_out_left_out);
  g_test_add ("/project/document-list", Corpus, NULL, corpus_setup, test_document_list,
              corpus_teardown);
  g_test_add ("/project/scan-async", Corpus, NULL, corpus_setup, test_scan_async,
              corpus_teardown);
  g_test_add ("/project/many-files-cancel", Corpus, NULL, corpus_setup, test_many_files_cancel,
              corpus_teardown);
  g_test_add ("/project/search-text", Corpus, NULL, corpus_setup, test_search_text,
              corpus_teardown);
  g_test_add ("/project/search-annotations", Corpus, NULL, corpus_setup, test_search_annotations,
              corpus_teardown);
  g_test_add ("/project/report-figures", Corpus, NULL, corpus_setup, test_report_figures,
              corpus_teardown);
  g_test_add ("/project/report-html", Corpus, NULL, corpus_setup, test_report_html,
              corpus_teardown);
  g_test_add ("/project/damaged-codebook", Corpus, NULL, corpus_setup, test_damaged_codebook,
              corpus_teardown);

  return g_test_run ();
}
