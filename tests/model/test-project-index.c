/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "shu-codebook.h"
#include "shu-corpus-search.h"
#include "shu-file-stamp.h"
#include "shu-project.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* The project index in the user's cache folder (issue #23): a researcher
 * opens the same folder day after day; only what changed is read again,
 * and whatever happened to the folder or to the cache, the list shows
 * what the files say. Each test runs with its own (empty) cache folder
 * (G_TEST_OPTION_ISOLATE_DIRS). */

#define A_TEXT "שָׁלוֹם לָכֶם. הַשָּׁלוֹם בָּא.\nאין שלום בלי צדק."
#define B_TEXT "Peace now. Peace later."
#define C_TEXT "Nothing here."

static const char codebook_json[] =
  "{\n"
  "  \"type\": \"ShulayimCodebook\",\n"
  "  \"version\": 1,\n"
  "  \"labels\": [\n"
  "    { \"id\": \"claim\", \"name\": \"טענה\", \"color\": \"#ff0000\" },\n"
  "    { \"id\": \"evidence\", \"name\": \"Evidence\", \"color\": \"#00ff00\" }\n"
  "  ]\n"
  "}\n";

typedef struct
{
  char *dir;
} Corpus;

/* Saves a sidecar for text @name with one label "claim" (named "Claim")
 * and one annotation of it by @creator on each of @needles. */
static void
annotate (const char        *dir,
          const char        *name,
          const char        *creator,
          const char *const *needles)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sidecar = shu_sidecar_default_file (file);
  g_autoptr(ShuSource) source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, NULL);
  g_autoptr(ShuLabelSet) set = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("claim", "Claim", "#336699", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = shu_source_get_text (source);

  g_assert_true (shu_label_set_append (set, label));
  document = shu_document_new (source, set);
  for (guint i = 0; needles[i] != NULL; i++)
    {
      g_autoptr(ShuAnnotation) annotation = NULL;
      ShuRange range;

      range.start = shu_test_offset_of (text, needles[i], 0);
      range.end = range.start + g_utf8_strlen (needles[i], -1);
      annotation = shu_annotation_new (NULL, &range, 1, "claim", NULL, creator, NULL, NULL);
      g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation,
                                               NULL));
    }
  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
}

static void
corpus_setup (Corpus        *corpus,
              gconstpointer  data)
{
  const char *a_marks[] = { "שָׁלוֹם לָכֶם", "צדק", NULL };
  const char *b_marks[] = { "Peace", NULL };

  corpus->dir = g_dir_make_tmp ("shu-index-XXXXXX", NULL);
  g_assert_nonnull (corpus->dir);
  shu_test_write_file (corpus->dir, SHU_CODEBOOK_FILE_NAME, codebook_json);
  shu_test_write_file (corpus->dir, "interviews/a.txt", A_TEXT);
  annotate (corpus->dir, "interviews/a.txt", "Dana", a_marks);
  shu_test_write_file (corpus->dir, "b.txt", B_TEXT);
  annotate (corpus->dir, "b.txt", "Omer", b_marks);
  shu_test_write_file (corpus->dir, "c.txt", C_TEXT);
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

/* The list as a researcher reads it: one line per document, "name length
 * annotations claim-count annotators [error]". */
static char *
describe (ShuProject *project)
{
  GListModel *list = G_LIST_MODEL (project);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      GPtrArray *annotators = shu_project_document_get_annotators (entry);
      const GError *error = shu_project_document_get_error (entry);

      g_string_append_printf (out, "%s %u %u %u ", shu_project_document_get_name (entry),
                              shu_project_document_get_length (entry),
                              shu_project_document_get_n_annotations (entry),
                              shu_project_document_count_label (entry, "claim"));
      for (guint a = 0; a < annotators->len; a++)
        g_string_append_printf (out, "%s%s", a > 0 ? "," : "",
                                (char *) g_ptr_array_index (annotators, a));
      if (error != NULL)
        g_string_append (out, " [error]");
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

#define FIRST_LIST \
  "b.txt 23 1 1 Omer\n" \
  "c.txt 13 0 0 \n" \
  "interviews/a.txt 49 2 2 Dana\n"

static void
test_warm_open_reads_nothing (Corpus        *corpus,
                              gconstpointer  data)
{
  g_autoptr(ShuProject) cold = open_project (corpus);
  g_autoptr(ShuProject) warm = NULL;
  g_autoptr(GFile) index = shu_project_dup_index_file (cold);
  g_autofree char *cold_list = describe (cold);
  g_autofree char *warm_list = NULL;
  g_autofree char *cache = g_build_filename (g_get_user_cache_dir (), "shulayim", NULL);
  g_autofree char *index_path = NULL;

  g_assert_cmpstr (cold_list, ==, FIRST_LIST);
  g_assert_cmpuint (shu_project_get_n_read (cold), ==, 3);
  /* The index is in the user's cache folder, not in the project. */
  g_assert_nonnull (index);
  index_path = g_file_get_path (index);
  g_assert_true (g_str_has_prefix (index_path, cache));
  g_assert_true (g_file_query_exists (index, NULL));

  /* Opened again, nothing changed: the same list, and no text or sidecar
   * read to make it. */
  warm = open_project (corpus);
  warm_list = describe (warm);
  g_assert_cmpstr (warm_list, ==, FIRST_LIST);
  g_assert_cmpuint (shu_project_get_n_read (warm), ==, 0);

  /* A sidecar whose text is gone is listed with its error, and reading
   * nothing it counts as nothing read. */
  shu_test_write_file (corpus->dir, "gone.txt" SHU_SIDECAR_SUFFIX, "{}");
  g_clear_object (&warm);
  g_free (warm_list);
  warm = open_project (corpus);
  warm_list = describe (warm);
  g_assert_cmpstr (warm_list, ==, "b.txt 23 1 1 Omer\n"
                                  "c.txt 13 0 0 \n"
                                  "gone.txt" SHU_SIDECAR_SUFFIX " 0 0 0  [error]\n"
                                  "interviews/a.txt 49 2 2 Dana\n");
  g_assert_cmpuint (shu_project_get_n_read (warm), ==, 0);
}

/* The hits of a search as "name start-end [before|match|after]". */
static char *
search (ShuProject *project,
        const char *text)
{
  ShuCorpusQuery query = { text, NULL, NULL, NULL,
                           SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS, 5 };
  g_autoptr(GPtrArray) hits = shu_corpus_search (project, &query, NULL, NULL);
  GString *out = g_string_new (NULL);

  g_assert_nonnull (hits);
  for (guint i = 0; i < hits->len; i++)
    {
      ShuCorpusHit *hit = g_ptr_array_index (hits, i);

      g_string_append_printf (out, "%s %u-%u [%s|%s|%s]\n",
                              shu_project_document_get_name (hit->document),
                              hit->start, hit->end, hit->before, hit->match, hit->after);
    }
  return g_string_free (out, FALSE);
}

static void
test_warm_search (Corpus        *corpus,
                  gconstpointer  data)
{
  g_autoptr(ShuProject) cold = open_project (corpus);
  g_autoptr(ShuProject) warm = NULL;
  g_autofree char *cold_hits = search (cold, "שלום");
  g_autofree char *warm_hits = NULL;
  g_autofree char *none = NULL;

  /* "שלום" without points finds the pointed ones too, in a.txt only. */
  g_assert_cmpstr (cold_hits, ==,
                   "interviews/a.txt 0-7 [|שָׁלוֹם| לָכֶ]\n"
                   "interviews/a.txt 17-25 [ם. הַ|שָּׁלוֹם| בָּא]\n"
                   "interviews/a.txt 36-40 [ אין |שלום| בלי ]\n");
  warm = open_project (corpus);
  g_assert_cmpuint (shu_project_get_n_read (warm), ==, 0);
  warm_hits = search (warm, "שלום");
  g_assert_cmpstr (warm_hits, ==, cold_hits);
  none = search (warm, "nowhere");
  g_assert_cmpstr (none, ==, "");
  g_free (none);
  none = search (warm, "peace later");
  g_assert_cmpstr (none, ==, "b.txt 11-22 [now. |Peace later|.]\n");

  /* Annotations are read when a query asks about them, on the text the
   * search read: "שלום" inside Dana's claims is the first one only. */
  {
    ShuCorpusQuery query = { "שלום", "claim", "Dana", NULL, SHU_SEARCH_IGNORE_MARKS, 5 };
    g_autoptr(GPtrArray) cold_inside = shu_corpus_search (cold, &query, NULL, NULL);
    g_autoptr(GPtrArray) warm_inside = shu_corpus_search (warm, &query, NULL, NULL);
    ShuCorpusHit *hit;

    g_assert_cmpuint (cold_inside->len, ==, 1);
    g_assert_cmpuint (warm_inside->len, ==, 1);
    hit = g_ptr_array_index (warm_inside, 0);
    g_assert_cmpstr (shu_project_document_get_name (hit->document), ==, "interviews/a.txt");
    g_assert_cmpuint (hit->start, ==, 0);
    g_assert_cmpuint (hit->end, ==, 7);
    g_assert_nonnull (hit->annotation);
    g_assert_cmpstr (shu_annotation_get_creator (hit->annotation), ==, "Dana");
  }
}

static void
set_mtime (const char *path,
           guint64     seconds,
           guint32     usec)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_attribute_uint64 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED, seconds,
                                              G_FILE_QUERY_INFO_NONE, NULL, &error));
  g_assert_true (g_file_set_attribute_uint32 (file, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC, usec,
                                              G_FILE_QUERY_INFO_NONE, NULL, &error));
  g_assert_no_error (error);
}

static void
test_changed_file (Corpus        *corpus,
                   gconstpointer  data)
{
  g_autoptr(ShuProject) first = open_project (corpus);
  g_autoptr(ShuProject) second = NULL;
  g_autoptr(ShuProject) third = NULL;
  g_autofree char *second_list = NULL;
  g_autofree char *third_list = NULL;
  const char *b_marks[] = { "Peace", "now", "later", NULL };

  g_assert_nonnull (first);
  /* A colleague adds two annotations to b.txt. */
  annotate (corpus->dir, "b.txt", "Noa", b_marks);
  second = open_project (corpus);
  second_list = describe (second);
  g_assert_cmpstr (second_list, ==,
                   "b.txt 23 3 3 Noa\n"
                   "c.txt 13 0 0 \n"
                   "interviews/a.txt 49 2 2 Dana\n");
  g_assert_cmpuint (shu_project_get_n_read (second), ==, 1);

  /* A text rewritten to the same size with its old modification time put
   * back (as some sync tools do): still read again, the index never
   * vouches for a file its metadata cannot. */
  shu_test_write_file (corpus->dir, "c.txt", "Nothing there");
  {
    g_autofree char *c_path = g_build_filename (corpus->dir, "c.txt", NULL);
    g_autoptr(GFile) c_file = g_file_new_for_path (c_path);
    g_autoptr(GFileInfo) c_info = g_file_query_info (c_file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

    set_mtime (c_path, g_file_info_get_attribute_uint64 (c_info,
                                                         G_FILE_ATTRIBUTE_TIME_MODIFIED) - 100,
               0);
  }
  third = open_project (corpus);
  third_list = describe (third);
  g_assert_cmpuint (shu_project_get_n_read (third), ==, 1);
  g_assert_cmpstr (third_list, ==,
                   "b.txt 23 3 3 Noa\n"
                   "c.txt 13 0 0 \n"
                   "interviews/a.txt 49 2 2 Dana\n");
  /* And a search finds the new words, not the old ones. */
  {
    g_autofree char *there = search (third, "there");
    g_autofree char *here = search (third, "here");

    g_assert_cmpstr (there, ==, "c.txt 8-13 [hing |there|]\n");
    g_assert_cmpstr (here, ==, "c.txt 9-13 [ing t|here|]\n");
  }
}

typedef struct
{
  guint calls;
  guint position;
  guint removed;
  guint added;
} Changes;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->calls++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}

/* The same project scanned again after one sidecar changed (what its
 * folder watch does after a save): the list says only that row changed,
 * and the other rows are the same objects, so a list on screen keeps its
 * selection and where it was scrolled to, and their documents stay read. */
static void
test_rescan_keeps_rows (Corpus        *corpus,
                        gconstpointer  data)
{
  g_autoptr(ShuProject) project = open_project (corpus);
  GListModel *list = G_LIST_MODEL (project);
  g_autoptr(ShuProjectDocument) b = g_list_model_get_item (list, 0);
  g_autoptr(ShuProjectDocument) c = g_list_model_get_item (list, 1);
  g_autoptr(ShuProjectDocument) a = g_list_model_get_item (list, 2);
  g_autoptr(ShuProjectDocument) b_after = NULL;
  g_autoptr(ShuProjectDocument) c_after = NULL;
  g_autoptr(ShuProjectDocument) a_after = NULL;
  g_autoptr(GError) error = NULL;
  const char *b_marks[] = { "Peace", "now", NULL };
  Changes changes = { 0 };
  g_autofree char *listed = NULL;

  g_assert_nonnull (shu_project_document_get_document (a));
  g_signal_connect (project, "items-changed", G_CALLBACK (items_changed_cb), &changes);

  /* Nothing changed: nothing to say. */
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 0);

  annotate (corpus->dir, "b.txt", "Noa", b_marks);
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes.calls, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 1);
  g_assert_cmpuint (changes.added, ==, 1);
  b_after = g_list_model_get_item (list, 0);
  c_after = g_list_model_get_item (list, 1);
  a_after = g_list_model_get_item (list, 2);
  g_assert_true (b_after != b);
  g_assert_true (c_after == c);
  g_assert_true (a_after == a);
  listed = describe (project);
  g_assert_cmpstr (listed, ==,
                   "b.txt 23 2 2 Noa\n"
                   "c.txt 13 0 0 \n"
                   "interviews/a.txt 49 2 2 Dana\n");
}

static void
test_deleted_and_added_file (Corpus        *corpus,
                             gconstpointer  data)
{
  g_autoptr(ShuProject) first = open_project (corpus);
  g_autoptr(ShuProject) second = NULL;
  g_autofree char *second_list = NULL;
  g_autofree char *c_path = g_build_filename (corpus->dir, "c.txt", NULL);
  g_autofree char *a_sidecar = g_build_filename (corpus->dir, "interviews",
                                                 "a.txt" SHU_SIDECAR_SUFFIX, NULL);

  g_assert_nonnull (first);
  g_assert_cmpint (g_remove (c_path), ==, 0);
  /* a.txt's annotations deleted: its text stays, with none. */
  g_assert_cmpint (g_remove (a_sidecar), ==, 0);
  shu_test_write_file (corpus->dir, "d.txt", "A new text.");
  second = open_project (corpus);
  second_list = describe (second);
  g_assert_cmpstr (second_list, ==,
                   "b.txt 23 1 1 Omer\n"
                   "d.txt 11 0 0 \n"
                   "interviews/a.txt 49 0 0 \n");
  g_assert_cmpuint (shu_project_get_n_read (second), ==, 2);
  /* Nothing of c.txt is left to find. */
  {
    g_autofree char *hits = search (second, "Nothing");

    g_assert_cmpstr (hits, ==, "");
  }
}

static void
test_codebook_changed (Corpus        *corpus,
                       gconstpointer  data)
{
  g_autoptr(ShuProject) first = open_project (corpus);
  g_autoptr(ShuProject) second = NULL;
  g_autoptr(ShuProjectDocument) a = NULL;
  static const char renamed[] =
    "{ \"type\": \"ShulayimCodebook\", \"version\": 1, \"labels\": [\n"
    "  { \"id\": \"c1\", \"name\": \"Claim\", \"color\": \"#ff0000\" } ] }\n";

  g_assert_nonnull (first);
  /* The team renames the code book's ids: the documents' label "claim"
   * (named "Claim") now maps by name onto "c1". No text or sidecar
   * changed, so none is read, and the counts follow the new code book. */
  shu_test_write_file (corpus->dir, SHU_CODEBOOK_FILE_NAME, renamed);
  second = open_project (corpus);
  g_assert_cmpuint (shu_project_get_n_read (second), ==, 0);
  a = g_list_model_get_item (G_LIST_MODEL (second), 2);
  g_assert_cmpstr (shu_project_document_get_name (a), ==, "interviews/a.txt");
  g_assert_cmpuint (shu_project_document_count_label (a, "c1"), ==, 2);
  g_assert_cmpuint (shu_project_document_count_label (a, "claim"), ==, 0);
  g_assert_cmpstr (shu_project_document_map_label_id (a, "claim"), ==, "c1");
  g_assert_cmpstr (shu_label_get_name (shu_project_lookup_label (second, "c1")), ==, "Claim");
}

typedef enum
{
  DAMAGE_TRUNCATED,
  DAMAGE_GARBAGE,
  DAMAGE_OTHER_VERSION,
  DAMAGE_EMPTY,
  DAMAGE_HOSTILE_LABEL,
} Damage;

/* Rewrites the digest in the header of the index @contents to match its
 * payload, as a program that knows the format would. */
static void
fix_digest (char  *contents,
            gsize  size)
{
  guint64 digest = GUINT64_TO_LE (shu_file_stamp_digest (contents + 32, size - 32));

  memcpy (contents + 16, &digest, 8);
}

static void
test_damaged_index (Corpus        *corpus,
                    gconstpointer  data)
{
  Damage damage = GPOINTER_TO_INT (data);
  g_autoptr(ShuProject) first = open_project (corpus);
  g_autoptr(ShuProject) second = NULL;
  g_autoptr(ShuProject) third = NULL;
  g_autoptr(GFile) index = shu_project_dup_index_file (first);
  g_autofree char *path = g_file_get_path (index);
  g_autofree char *contents = NULL;
  g_autofree char *second_list = NULL;
  g_autofree char *third_list = NULL;
  g_autoptr(GError) error = NULL;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (size, >, 64);
  switch (damage)
    {
    case DAMAGE_TRUNCATED:
      /* A crash or a full disk halfway through (the writer never does it,
       * but another program may). */
      g_assert_true (g_file_set_contents (path, contents, size / 2, &error));
      break;
    case DAMAGE_GARBAGE:
      /* Bytes changed in the middle: the header still looks right. */
      for (gsize i = size / 3; i < size / 3 + 32; i++)
        contents[i] ^= 0x5a;
      g_assert_true (g_file_set_contents (path, contents, size, &error));
      break;
    case DAMAGE_OTHER_VERSION:
      {
        /* An index written by a newer Shulayim (its version follows the
         * magic). */
        char *version = strstr (contents, "ShulayimIndex");

        g_assert_nonnull (version);
        version[13] = '9';
        g_assert_true (g_file_set_contents (path, contents, size, &error));
      }
      break;
    case DAMAGE_EMPTY:
      g_assert_true (g_file_set_contents (path, "", 0, &error));
      break;
    case DAMAGE_HOSTILE_LABEL:
      {
        /* A whole index with a matching digest, written by another
         * program (or a fuzzer: tests/fuzz/fuzz-project-index.c), whose
         * label colour is no colour: the model's labels refuse it. */
        char *color = NULL;

        for (gsize i = 0; color == NULL && i + 7 <= size; i++)
          if (memcmp (contents + i, "#336699", 7) == 0)
            color = contents + i;
        g_assert_nonnull (color);
        memcpy (color, "#33669z", 7);
        fix_digest (contents, size);
        g_assert_true (g_file_set_contents (path, contents, size, &error));
      }
      break;
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);

  /* The damaged index is not used: every file is read again, the list is
   * right, and the index is written anew for the next time. */
  second = open_project (corpus);
  second_list = describe (second);
  g_assert_cmpstr (second_list, ==, FIRST_LIST);
  g_assert_cmpuint (shu_project_get_n_read (second), ==, 3);
  third = open_project (corpus);
  third_list = describe (third);
  g_assert_cmpstr (third_list, ==, FIRST_LIST);
  g_assert_cmpuint (shu_project_get_n_read (third), ==, 0);
}

/* Waits (at most 10 s) until the project's list reads @expected. */
static char *
wait_for_list (ShuProject *project,
               const char *expected)
{
  gboolean timed_out = FALSE;
  guint timeout = g_timeout_add_seconds (10, shu_test_timeout_cb, &timed_out);
  char *list = describe (project);

  while (!timed_out && g_strcmp0 (list, expected) != 0)
    {
      g_main_context_iteration (NULL, TRUE);
      g_free (list);
      list = describe (project);
    }
  if (!timed_out)
    g_source_remove (timeout);
  return list;
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_project_scan_finish (SHU_PROJECT (object), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

static void
count_changes_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  guint *n_changes = user_data;

  (*n_changes)++;
}

static void
test_monitor (Corpus        *corpus,
              gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (corpus->dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  g_autofree char *list = NULL;
  g_autofree char *c_path = g_build_filename (corpus->dir, "c.txt", NULL);
  const char *b_marks[] = { "Peace", "now", NULL };
  gboolean done = FALSE;
  guint n_changes = 0;

  /* The project is open in the app (an asynchronous scan); then files
   * change in the folder, as a colleague's git pull would change them. */
  shu_project_scan_async (project, NULL, scanned_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  list = describe (project);
  g_assert_cmpstr (list, ==, FIRST_LIST);
  g_signal_connect (project, "items-changed", G_CALLBACK (count_changes_cb), &n_changes);

  /* Written in several steps, as a pull writes them: the list follows
   * once, after they settle. */
  shu_test_write_file (corpus->dir, "interviews/new.txt", "Fresh words.");
  annotate (corpus->dir, "b.txt", "Noa", b_marks);
  g_assert_cmpint (g_remove (c_path), ==, 0);
  g_free (list);
  list = wait_for_list (project,
                        "b.txt 23 2 2 Noa\n"
                        "interviews/a.txt 49 2 2 Dana\n"
                        "interviews/new.txt 12 0 0 \n");
  g_assert_cmpstr (list, ==,
                   "b.txt 23 2 2 Noa\n"
                   "interviews/a.txt 49 2 2 Dana\n"
                   "interviews/new.txt 12 0 0 \n");
  /* Debounced: the three changes made one new list, and only the files
   * that changed were read for it. */
  g_assert_cmpuint (n_changes, ==, 1);
  g_assert_cmpuint (shu_project_get_n_read (project), ==, 2);
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  shu_test_log_setup ();

  g_test_add ("/project-index/warm-open-reads-nothing", Corpus, NULL, corpus_setup,
              test_warm_open_reads_nothing, corpus_teardown);
  g_test_add ("/project-index/warm-search", Corpus, NULL, corpus_setup, test_warm_search,
              corpus_teardown);
  g_test_add ("/project-index/changed-file", Corpus, NULL, corpus_setup, test_changed_file,
              corpus_teardown);
  g_test_add ("/project-index/rescan-keeps-rows", Corpus, NULL, corpus_setup,
              test_rescan_keeps_rows, corpus_teardown);
  g_test_add ("/project-index/deleted-and-added-file", Corpus, NULL, corpus_setup,
              test_deleted_and_added_file, corpus_teardown);
  g_test_add ("/project-index/codebook-changed", Corpus, NULL, corpus_setup,
              test_codebook_changed, corpus_teardown);
  g_test_add ("/project-index/damaged/truncated", Corpus, GINT_TO_POINTER (DAMAGE_TRUNCATED),
              corpus_setup, test_damaged_index, corpus_teardown);
  g_test_add ("/project-index/damaged/garbage", Corpus, GINT_TO_POINTER (DAMAGE_GARBAGE),
              corpus_setup, test_damaged_index, corpus_teardown);
  g_test_add ("/project-index/damaged/other-version", Corpus,
              GINT_TO_POINTER (DAMAGE_OTHER_VERSION), corpus_setup, test_damaged_index,
              corpus_teardown);
  g_test_add ("/project-index/damaged/empty", Corpus, GINT_TO_POINTER (DAMAGE_EMPTY),
              corpus_setup, test_damaged_index, corpus_teardown);
  g_test_add ("/project-index/damaged/hostile-label", Corpus,
              GINT_TO_POINTER (DAMAGE_HOSTILE_LABEL), corpus_setup, test_damaged_index,
              corpus_teardown);
  g_test_add ("/project-index/monitor", Corpus, NULL, corpus_setup, test_monitor,
              corpus_teardown);

  return g_test_run ();
}
