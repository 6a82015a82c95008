/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-checks.h"
#include "shu-brat.h"
#include "shu-brat-config.h"
#include "shu-codebook.h"
#include "shu-file-stamp.h"
#include "shu-hypothesis.h"
#include "shu-jsonl.h"
#include "shu-labelstudio.h"
#include "shu-project-index.h"
#include "shu-qdpx.h"
#include "shu-sidecar.h"
#include "shu-w3c.h"
#include "shu-zip.h"

/* What the fuzz harnesses check for each input, shared with
 * tests/model/test-regressions.c, which replays the inputs that once broke
 * them. Failures abort() rather than g_error(), whose breakpoint trap
 * libFuzzer does not catch: an abort is a crash it saves the input of. */
#define fail(...) (g_printerr (__VA_ARGS__), g_printerr ("\n"), abort ())

/* What the app would save of @document must read back: a sidecar we write
 * is valid, and reading and writing it again changes nothing. */
static void
check_saves (ShuDocument *document,
             ShuSource   *source)
{
  g_autoptr(ShuSidecar) again = NULL;
  g_autoptr(ShuDocument) document2 = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out2 = NULL;
  g_autoptr(GError) error = NULL;

  out = shu_sidecar_serialize (document);
  again = shu_sidecar_parse (out, "again.json", &error);
  if (again == NULL)
    fail ("written sidecar does not parse: %s", error->message);
  document2 = shu_sidecar_anchor (again, source, NULL, &error);
  if (document2 == NULL)
    fail ("written sidecar does not anchor: %s", error->message);
  out2 = shu_sidecar_serialize (document2);
  if (!g_bytes_equal (out, out2))
    fail ("writing a sidecar read back from our own output changed it");
}

/* The sidecar reader: parse untrusted bytes, place them on @source, and
 * check that what was read writes back to bytes that read the same. */
void
fuzz_check_sidecar (ShuSource    *source,
                    const guint8 *data,
                    size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;

  sidecar = shu_sidecar_parse (bytes, "fuzz.json", &error);
  if (sidecar == NULL)
    return;

  document = shu_sidecar_anchor (sidecar, source, &report, &error);
  if (document == NULL)
    return;
  check_saves (document, source);
}

/* The text decoder: the first byte chooses the encoding, the rest is the
 * file. A decoded text must be valid UTF-8 and its offset tables, grapheme
 * boundaries, lines and paragraphs must agree with each other. */
static const ShuEncoding encodings[] = {
  SHU_ENCODING_AUTO, SHU_ENCODING_UTF8, SHU_ENCODING_UTF8_BOM, SHU_ENCODING_UTF16LE,
  SHU_ENCODING_UTF16BE, SHU_ENCODING_WINDOWS_1255, SHU_ENCODING_ISO_8859_8,
  /* Last, so that first bytes 0 to 6 keep choosing what they did. */
  SHU_ENCODING_WINDOWS_1252,
};

static void
check (gboolean    ok,
       const char *what)
{
  if (!ok)
    fail ("invariant broken: %s", what);
}

void
fuzz_check_decode (const guint8 *data,
                   size_t        size)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  guint length, n_lines, n_paragraphs, prev_end = 0;
  gsize text_size;

  if (size == 0)
    return;

  bytes = g_bytes_new (data + 1, size - 1);
  source = shu_source_new_from_bytes (bytes, encodings[data[0] % G_N_ELEMENTS (encodings)],
                                      &error);
  if (source == NULL)
    return;

  text = shu_source_get_text (source);
  text_size = shu_source_get_text_size (source);
  length = shu_source_get_length (source);
  check (strlen (text) == text_size, "text size");
  check (g_utf8_validate (text, text_size, NULL), "valid UTF-8");
  check (g_utf8_strlen (text, text_size) == length, "length");
  check (shu_source_get_encoding (source) != SHU_ENCODING_AUTO, "encoding");

  for (guint offset = 0; offset <= length; offset++)
    {
      gsize byte = shu_source_offset_to_byte (source, offset);

      check (shu_source_byte_to_offset (source, byte) == offset, "offset round trip");
      if (offset < length)
        check (g_utf8_pointer_to_offset (text, text + byte) == offset, "offset to byte");
      check (shu_source_boundary_floor (source, offset) <= offset, "floor");
      check (shu_source_boundary_ceil (source, offset) >= offset, "ceil");
      check (shu_source_is_boundary (source, shu_source_boundary_floor (source, offset)),
             "floor is a boundary");
    }
  check (shu_source_is_boundary (source, 0) && shu_source_is_boundary (source, length),
         "ends are boundaries");

  n_lines = shu_source_get_n_lines (source);
  check (n_lines >= 1 && shu_source_get_line_start (source, 0) == 0, "first line");
  for (guint line = 0; line < n_lines; line++)
    {
      guint start = shu_source_get_line_start (source, line);

      check (start <= length, "line start in range");
      check (shu_source_get_line_at_offset (source, start) == line, "line at its start");
    }

  n_paragraphs = shu_source_get_n_paragraphs (source);
  for (guint i = 0; i < n_paragraphs; i++)
    {
      guint start, end;

      shu_source_get_paragraph (source, i, &start, &end);
      check (start < end && end <= length && start >= prev_end, "paragraph order");
      check (shu_source_get_paragraph_at_offset (source, start) == i, "paragraph at start");
      prev_end = end;
    }

  if (length > 0)
    {
      g_autofree char *prefix = NULL;
      g_autofree char *exact = NULL;
      g_autofree char *suffix = NULL;
      guint start = data[0] % length;
      guint end = MIN (length, start + size % 17);

      shu_source_get_quote (source, start, end, &prefix, &exact, &suffix);
      check (g_utf8_strlen (exact, -1) == end - start, "quote length");
    }

}

/* A brat file's "T" lines without their numbers, sorted, and the number of
 * notes: imported annotations get new random ids, which order the ones on
 * the same span differently from one import to the next, and so their
 * numbers. */
static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
brat_summary (GBytes *bytes)
{
  g_autofree char *text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GPtrArray) spans = g_ptr_array_new ();
  GString *out = g_string_new (NULL);
  guint notes = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *tab = strchr (lines[i], '\t');

      if (lines[i][0] == 'T' && tab != NULL)
        g_ptr_array_add (spans, (gpointer) (tab + 1));
      else if (lines[i][0] == '#')
        notes++;
    }
  g_ptr_array_sort (spans, compare_strings);
  for (guint i = 0; i < spans->len; i++)
    g_string_append_printf (out, "%s\n", (const char *) g_ptr_array_index (spans, i));
  g_string_append_printf (out, "%u notes\n", notes);
  return g_string_free (out, FALSE);
}

/* The brat importer, on @source: what it reads exports to a file that
 * imports again, and exporting that gives the same annotations. */
void
fuzz_check_brat (ShuSource    *source,
                 const guint8 *data,
                 size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuDocument) again = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out2 = NULL;
  g_autoptr(GError) error = NULL;

  document = shu_brat_import (bytes, "fuzz.ann", source, NULL, &messages, &error);
  if (document == NULL)
    return;

  out = shu_brat_export (document);
  again = shu_brat_import (out, "again.ann", source, NULL, NULL, &error);
  if (again == NULL)
    fail ("exported brat does not import: %s", error->message);
  out2 = shu_brat_export (again);
  {
    g_autofree char *a = brat_summary (out);
    g_autofree char *b = brat_summary (out2);

    if (strcmp (a, b) != 0)
      fail ("importing our own brat export and exporting it again changed it:\n%s\n%s", a, b);
  }
}

/* The importers of other tools' files (W3C, Hypothesis, Label Studio,
 * doccano), on @source, leniently and strictly: what one reads is a
 * document the app can save and open again. */
typedef ShuDocument *(*Importer) (GBytes *bytes, ShuSource *source,
                                  const ShuImportOptions *options, GError **error);

static void
check_importer (Importer      import,
                ShuSource    *source,
                const guint8 *data,
                size_t        size)
{
  static const ShuImportOptions modes[] = {
    { 0, SHU_OFFSETS_CODEPOINTS },
    { SHU_IMPORT_STRICT, SHU_OFFSETS_CODEPOINTS },
    { 0, SHU_OFFSETS_UTF16 },
  };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GError) error = NULL;

      document = import (bytes, source, &modes[m], &error);
      if (document != NULL)
        check_saves (document, source);
    }
}

static ShuDocument *
import_w3c (GBytes *bytes, ShuSource *source, const ShuImportOptions *options, GError **error)
{
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  guint n_skipped = 0;

  return shu_w3c_import_full (bytes, "fuzz.jsonld", source, NULL, options, &report, &messages,
                              &n_skipped, error);
}

static ShuDocument *
import_hypothesis (GBytes *bytes, ShuSource *source, const ShuImportOptions *options,
                   GError **error)
{
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  guint n_skipped = 0;

  return shu_hypothesis_import (bytes, "fuzz.json", source, NULL, options, &report, &messages,
                                &n_skipped, error);
}

static ShuDocument *
import_labelstudio (GBytes *bytes, ShuSource *source, const ShuImportOptions *options,
                    GError **error)
{
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  guint n_skipped = 0;

  return shu_labelstudio_import (bytes, "fuzz.json", source, NULL, options, &report, &messages,
                                 &n_skipped, error);
}

static ShuDocument *
import_jsonl (GBytes *bytes, ShuSource *source, const ShuImportOptions *options, GError **error)
{
  g_autoptr(GPtrArray) messages = NULL;
  guint n_skipped = 0;

  return shu_jsonl_import_full (bytes, "fuzz.jsonl", source, NULL, options, &messages,
                                &n_skipped, error);
}

void
fuzz_check_w3c (ShuSource    *source,
                const guint8 *data,
                size_t        size)
{
  check_importer (import_w3c, source, data, size);
}

void
fuzz_check_hypothesis (ShuSource    *source,
                       const guint8 *data,
                       size_t        size)
{
  check_importer (import_hypothesis, source, data, size);
}

void
fuzz_check_labelstudio (ShuSource    *source,
                        const guint8 *data,
                        size_t        size)
{
  check_importer (import_labelstudio, source, data, size);
}

/* doccano's lines are also read each as a document of its own text. */
void
fuzz_check_jsonl (ShuSource    *source,
                  const guint8 *data,
                  size_t        size)
{
  static const ShuImportOptions lenient = { 0, SHU_OFFSETS_CODEPOINTS };
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint n_skipped = 0;

  check_importer (import_jsonl, source, data, size);
  documents = shu_jsonl_import_all (bytes, "fuzz.jsonl", NULL, &lenient, &messages, &n_skipped,
                                    &error);
  for (guint i = 0; documents != NULL && i < documents->len; i++)
    {
      ShuJsonlDocument *doc = g_ptr_array_index (documents, i);

      check_saves (doc->document, shu_document_get_source (doc->document));
    }
}

/* Whatever the archive or its project.qde, the import ends with a
 * result or an error, never both, and an error has a message. */
void
fuzz_check_qdpx (const guint8 *data,
                 size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GBytes) archive = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint n_texts = 0, n_annotations = 0;
  gboolean ok;

  if (size >= 2 && data[0] == 'P' && data[1] == 'K')
    archive = g_bytes_ref (bytes);
  else
    {
      g_autoptr(ShuZipWriter) zip = shu_zip_writer_new ();

      shu_zip_writer_add (zip, "project.qde", bytes);
      archive = shu_zip_writer_finish (g_steal_pointer (&zip));
    }
  ok = shu_qdpx_import (archive, NULL, &messages, &n_texts, &n_annotations, &error);
  if (ok == (error != NULL) || (error != NULL && error->message[0] == '\0'))
    abort ();
  if (messages == NULL)
    abort ();
}

/* A GLib critical or warning is the model handing itself something it
 * refuses (a g_return_if_fail() that then goes on with NULL): a crash for
 * the harnesses that call this, not a message. The default writer is
 * replaced rather than the fatal mask set, since a fatal log ends in a
 * breakpoint trap that libFuzzer does not catch. */
static GLogWriterOutput
abort_on_criticals (GLogLevelFlags   log_level,
                    const GLogField *fields,
                    gsize            n_fields,
                    gpointer         user_data)
{
  GLogWriterOutput written = g_log_writer_standard_streams (log_level, fields, n_fields,
                                                            user_data);

  if (log_level & (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING | G_LOG_LEVEL_ERROR))
    abort ();
  return written;
}

void
fuzz_abort_on_criticals (void)
{
  g_log_set_writer_func (abort_on_criticals, NULL, NULL);
}

/* The project index in the cache folder: the input is the payload after a
 * header whose digest and length are made to match (else the fuzzer would
 * only ever meet the digest check), unless its first byte is odd, when it
 * is the whole file. A damaged or hostile index is an error or records;
 * records write an index that loads the same. */
static GHashTable *
load_index (const char *path,
            const void *bytes,
            gsize       size,
            GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local = NULL;

  /* Not synced: a synced write per input made the harness 90 runs/s. */
  if (!g_file_set_contents_full (path, bytes, size, G_FILE_SET_CONTENTS_NONE, 0600, &local))
    fail ("%s", local->message);
  return shu_project_index_load (file, error);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const ShuIndexRecord *ra = *(ShuIndexRecord * const *) a;
  const ShuIndexRecord *rb = *(ShuIndexRecord * const *) b;

  return strcmp (ra->name, rb->name);
}

static GPtrArray *
sorted_records (GHashTable *records)
{
  GPtrArray *sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, records);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (sorted, value);
  g_ptr_array_sort (sorted, compare_records);
  return sorted;
}

static void
check_same_record (const ShuIndexRecord *a,
                   const ShuIndexRecord *b)
{
  check (strcmp (a->name, b->name) == 0, "index: record name");
  check (a->length == b->length && a->n_annotations == b->n_annotations
         && a->readable == b->readable && a->has_sidecar == b->has_sidecar,
         "index: record figures");
  check (g_strcmp0 (a->sidecar_path, b->sidecar_path) == 0, "index: sidecar path");
  check ((a->text_stamp == NULL) == (b->text_stamp == NULL)
         && (a->sidecar_stamp == NULL) == (b->sidecar_stamp == NULL), "index: stamps");
  check ((a->error == NULL) == (b->error == NULL), "index: error");
  check (a->labels->len == b->labels->len, "index: labels");
  for (guint i = 0; i < a->labels->len; i++)
    {
      ShuLabel *la = g_ptr_array_index (a->labels, i);
      ShuLabel *lb = g_ptr_array_index (b->labels, i);

      check (SHU_IS_LABEL (la) && SHU_IS_LABEL (lb), "index: a label is not one");
      check (strcmp (shu_label_get_id (la), shu_label_get_id (lb)) == 0
             && strcmp (shu_label_get_name (la), shu_label_get_name (lb)) == 0
             && strcmp (shu_label_get_color (la), shu_label_get_color (lb)) == 0,
             "index: label");
    }
  check (g_hash_table_size (a->counts) == g_hash_table_size (b->counts), "index: counts");
  check (a->annotators->len == b->annotators->len, "index: annotators");
  check (g_strcmp0 (a->direction, b->direction) == 0
         && g_strcmp0 (a->language, b->language) == 0, "index: direction or language");
  check ((a->folded == NULL) == (b->folded == NULL)
         && (a->folded == NULL || g_bytes_equal (a->folded, b->folded)), "index: folded");
}

static char *index_path;

/* The harness's file and folder go when the process ends. */
static void
remove_index_folder (void)
{
  g_autofree char *folder = g_path_get_dirname (index_path);

  g_remove (index_path);
  g_rmdir (folder);
}

void
fuzz_check_project_index (const guint8 *data,
                          size_t        size)
{
  char *path;
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(GHashTable) again = NULL;
  g_autoptr(GPtrArray) sorted = NULL;
  g_autoptr(GPtrArray) sorted2 = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (index_path == NULL)
    {
      g_autofree char *folder = NULL;

      /* In memory where there is such a folder. */
      if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
        {
          folder = g_build_filename ("/dev/shm", "fuzz-index-XXXXXX", NULL);
          if (g_mkdtemp (folder) == NULL)
            g_clear_pointer (&folder, g_free);
        }
      if (folder == NULL)
        folder = g_dir_make_tmp ("fuzz-index-XXXXXX", NULL);
      index_path = g_build_filename (folder, "fuzz.index", NULL);
      atexit (remove_index_folder);
    }
  path = index_path;
  if (size > 0 && (data[0] & 1) != 0)
    records = load_index (path, data + 1, size - 1, &error);
  else
    {
      gsize n = size > 0 ? size - 1 : 0;
      g_autofree char *whole = g_malloc0 (32 + n);
      guint64 digest = GUINT64_TO_LE (shu_file_stamp_digest (data + (size > 0), n));
      guint64 length = GUINT64_TO_LE ((guint64) n);

      memcpy (whole, "ShulayimIndex1\n", 15);
      memcpy (whole + 16, &digest, 8);
      memcpy (whole + 24, &length, 8);
      if (n > 0)
        memcpy (whole + 32, data + 1, n);
      records = load_index (path, whole, 32 + n, &error);
    }
  if (records == NULL)
    {
      check (error != NULL && error->message[0] != '\0', "index: no records and no error");
      return;
    }
  check (error == NULL, "index: records and an error");

  sorted = sorted_records (records);
  file = g_file_new_for_path (path);
  if (!shu_project_index_save (file, sorted, &error))
    fail ("index: records do not save: %s", error->message);
  again = shu_project_index_load (file, &error);
  if (again == NULL)
    fail ("index: a saved index does not load: %s", error->message);
  sorted2 = sorted_records (again);
  check (sorted->len == sorted2->len, "index: number of records");
  for (guint i = 0; i < sorted->len; i++)
    check_same_record (g_ptr_array_index (sorted, i), g_ptr_array_index (sorted2, i));
}

/* brat's annotation.conf, and the visual.conf after a NUL byte when there
 * is one, each UTF-8 as shu_brat_config_find() requires: whatever the
 * configuration, its types, the labels it gives and
 * those labels written as an annotation.conf that reads back to the same
 * labels. */
static GPtrArray *
label_names (ShuLabelSet *labels)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      check (shu_label_get_name (label)[0] != '\0', "brat conf: a label without a name");
      g_ptr_array_add (names, g_strdup (shu_label_get_name (label)));
    }
  g_ptr_array_sort (names, compare_strings);
  return names;
}

void
fuzz_check_brat_config (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  const char *nul = memchr (data, '\0', size);
  g_autofree char *visual = nul != NULL
                            ? g_strndup (nul + 1, size - (gsize) (nul + 1 - (const char *) data))
                            : NULL;
  g_autoptr(ShuBratConfig) config = NULL;
  g_autoptr(ShuBratConfig) config2 = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabelSet) labels2 = shu_label_set_new ();
  g_autoptr(ShuAnnotationStore) store = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GPtrArray) names2 = NULL;
  g_autofree char *annotation = NULL;
  g_autoptr(GError) refused = NULL;
  g_autofree char *visual_out = NULL;
  const char * const *types;

  /* shu_brat_config_find() refuses files that are not UTF-8. */
  if (!g_utf8_validate (text, -1, NULL) || (visual != NULL && !g_utf8_validate (visual, -1, NULL)))
    return;
  config = shu_brat_config_parse (text, visual);
  check (config != NULL, "brat conf: no configuration");
  /* Not shu_brat_config_dup_facts(): only tests compare configurations,
   * and its facts multiply with each argument of a relation (a
   * 6 KB input took 30 s), which would leave the fuzzer no time. */
  types = shu_brat_config_get_relation_types (config);
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    shu_brat_config_get_relation_roles (config, types[i]);
  types = shu_brat_config_get_attributes (config);
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    shu_brat_config_get_attribute_values (config, types[i]);
  types = shu_brat_config_get_span_types (config);
  for (guint i = 0; types != NULL && types[i] != NULL; i++)
    shu_brat_config_get_color (config, types[i]);

  shu_brat_config_add_labels (config, labels);
  names = label_names (labels);
  store = shu_annotation_store_new (labels);
  annotation = shu_brat_config_write_annotation (store, &refused);
  /* A type brat would read as its own syntax is refused, with a message. */
  if (refused != NULL)
    {
      check (annotation == NULL, "brat conf: written although refused");
      return;
    }
  visual_out = shu_brat_config_write_visual (labels, NULL);
  check ((annotation == NULL) == (names->len == 0), "brat conf: written for no labels");
  if (annotation == NULL)
    return;
  config2 = shu_brat_config_parse (annotation, visual_out);
  shu_brat_config_add_labels (config2, labels2);
  names2 = label_names (labels2);
  check (names->len == names2->len, "brat conf: our annotation.conf gives other labels");
  for (guint i = 0; i < names->len; i++)
    if (strcmp (g_ptr_array_index (names, i), g_ptr_array_index (names2, i)) != 0)
      fail ("brat conf: our annotation.conf gives label %s for %s",
            (const char *) g_ptr_array_index (names2, i),
            (const char *) g_ptr_array_index (names, i));
}

/* The project's code book: what reads writes bytes that read and write
 * the same. */
void
fuzz_check_codebook (const guint8 *data,
                     size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(ShuLabelSet) labels = NULL;
  g_autoptr(ShuLabelSet) again = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out2 = NULL;
  g_autoptr(GError) error = NULL;

  labels = shu_codebook_parse (bytes, "fuzz.json", &error);
  if (labels == NULL)
    {
      check (error != NULL && error->message[0] != '\0', "code book: no labels and no error");
      return;
    }
  out = shu_codebook_serialize (labels);
  again = shu_codebook_parse (out, "again.json", &error);
  if (again == NULL)
    fail ("code book: a written code book does not read: %s", error->message);
  out2 = shu_codebook_serialize (again);
  if (!g_bytes_equal (out, out2))
    fail ("code book: writing a code book read back from our own output changed it");
}
