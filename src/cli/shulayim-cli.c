/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "shu-agreement.h"
#include "shu-brat.h"
#include "shu-corpus-report.h"
#include "shu-corpus-search.h"
#include "shu-brat-config.h"
#include "shu-document-loader.h"
#include "shu-error.h"
#include "shu-format.h"
#include "shu-import.h"
#include "shu-jsonl.h"
#include "shu-merge.h"
#include "shu-project-export.h"
#include "shu-qdpx.h"
#include "shu-zip.h"
#include "shu-safe-file.h"
#include "shu-sidecar.h"
#include "shu-suggest-project.h"
#include "shu-tei.h"
#include "shu-text.h"

/* The scripting contract of ARCHITECTURE.md: 0 success, 1 invalid input,
 * 2 usage error or a file that cannot be read. */
enum
{
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

typedef int (*CommandFunc) (int argc, char **argv);

/* Set when a message could not be written: the exit status then says so. */
static gboolean print_failed;

/* Every message goes through here (g_print, g_printerr and print_to):
 * label names, creators, quotes and file names come from files other
 * people wrote, and their control characters must not drive the
 * terminal. */
static void
write_escaped (FILE       *stream,
               const char *text)
{
  g_autofree char *escaped = shu_text_escape_controls (text);

  if (fputs (escaped, stream) == EOF)
    print_failed = TRUE;
}

static void
print_cb (const char *text)
{
  write_escaped (stdout, text);
}

static void
printerr_cb (const char *text)
{
  write_escaped (stderr, text);
}

static void print_to (FILE       *stream,
                      const char *format,
                      ...) G_GNUC_PRINTF (2, 3);

static void
print_to (FILE       *stream,
          const char *format,
          ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  write_escaped (stream, text);
}

typedef struct
{
  const char  *name;
  const char  *parameters;
  const char  *summary;
  CommandFunc  func;
} Command;

static int
exit_code_for_error (const GError *error)
{
  if (error->domain == SHU_ERROR)
    {
      switch ((ShuError) error->code)
        {
        case SHU_ERROR_IO:
        case SHU_ERROR_NOT_FOUND:
          return EXIT_USAGE;
        case SHU_ERROR_DECODE:
        case SHU_ERROR_TOO_LARGE:
        case SHU_ERROR_PARSE:
        case SHU_ERROR_INVALID:
        case SHU_ERROR_VERSION:
        case SHU_ERROR_MISMATCH:
        case SHU_ERROR_UNSUPPORTED:
        default:
          return EXIT_INVALID;
        }
    }

  /* GIO and GLib errors here come from reading or writing files. */
  return EXIT_USAGE;
}

static int
report_error (const GError *error)
{
  g_printerr ("%s\n", error->message);
  return exit_code_for_error (error);
}

static int
usage_error (GOptionContext *context,
             const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr ("shulayim-cli: %s\n\n%s", message, help);
  return EXIT_USAGE;
}

/* Whether @a and @b name the same file on disk (after symlinks), so that a
 * command never writes over its own input. */
static gboolean
same_file (GFile *a,
           GFile *b)
{
  g_autoptr(GFileInfo) info_a = NULL;
  g_autoptr(GFileInfo) info_b = NULL;
  const char *attrs = G_FILE_ATTRIBUTE_ID_FILE;

  if (g_file_equal (a, b))
    return TRUE;

  info_a = g_file_query_info (a, attrs, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  info_b = g_file_query_info (b, attrs, G_FILE_QUERY_INFO_NONE, NULL, NULL);
  if (info_a == NULL || info_b == NULL)
    return FALSE;

  return g_strcmp0 (g_file_info_get_attribute_string (info_a, attrs),
                    g_file_info_get_attribute_string (info_b, attrs)) == 0;
}

/* Loads a sidecar and the text it belongs to (@source, @source_path, or the
 * one the sidecar names beside itself), and places the annotations on
 * it. */
static ShuDocument *
load_document_on (const char  *sidecar_path,
                  const char  *source_path,
                  ShuSource   *source,
                  GPtrArray  **report,
                  GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (sidecar_path);
  g_autoptr(ShuDocumentLoader) loader = shu_document_loader_new_for_sidecar (file);
  ShuDocument *document;

  if (source != NULL)
    shu_document_loader_set_source (loader, source);
  else if (source_path != NULL)
    {
      g_autoptr(GFile) source_file = g_file_new_for_commandline_arg (source_path);

      shu_document_loader_set_source_file (loader, source_file);
    }

  document = shu_document_loader_load (loader, NULL, error);
  if (document != NULL && report != NULL)
    {
      GPtrArray *loaded = shu_document_loader_get_report (loader);

      *report = loaded != NULL ? g_ptr_array_ref (loaded) : NULL;
    }
  return document;
}

static ShuDocument *
load_document (const char  *sidecar_path,
               const char  *source_path,
               GPtrArray  **report,
               GError     **error)
{
  return load_document_on (sidecar_path, source_path, NULL, report, error);
}

static guint
count_status (GPtrArray       *report,
              ShuAnchorStatus  status)
{
  guint n = 0;

  for (guint i = 0; report != NULL && i < report->len; i++)
    {
      const ShuAnchorResult *result = g_ptr_array_index (report, i);

      if (result->status == status)
        n++;
    }

  return n;
}

/* Tells on stderr what re-anchoring did, one line per annotation that is
 * not where the sidecar said: nothing moves silently. Returns whether any
 * annotation could not be placed. */
static gboolean
print_anchor_report (const char *sidecar_path,
                     GPtrArray  *report)
{
  for (guint i = 0; report != NULL && i < report->len; i++)
    {
      const ShuAnchorResult *result = g_ptr_array_index (report, i);

      switch (result->status)
        {
        case SHU_ANCHOR_ORPHAN:
          /* TRANSLATORS: %s are a file name and an annotation id; %u are code point offsets. */
          g_printerr (_("%s: %s: cannot be placed on the changed text (was %u–%u)\n"),
                      sidecar_path, result->id, result->old_start, result->old_end);
          break;
        case SHU_ANCHOR_MOVED:
        case SHU_ANCHOR_FUZZY:
          g_printerr (_("%s: %s: moved from %u–%u to %u–%u (confidence %.2f)\n"),
                      sidecar_path, result->id, result->old_start, result->old_end,
                      result->new_start, result->new_end, result->confidence);
          break;
        case SHU_ANCHOR_EXACT:
        default:
          break;
        }
    }

  return count_status (report, SHU_ANCHOR_ORPHAN) > 0;
}

static guint
count_creators (ShuAnnotationStore *store)
{
  g_autoptr(GHashTable) creators = g_hash_table_new (g_str_hash, g_str_equal);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);
      const char *creator = shu_annotation_get_creator (annotation);

      if (creator != NULL)
        g_hash_table_add (creators, (gpointer) creator);
    }

  return g_hash_table_size (creators);
}

/* A label's name as the CLI shows it: both names where a merge left a
 * conflict on it, so that nothing reads as settled that is not. */
static char *
label_display_name (ShuLabel *label)
{
  switch (shu_label_get_conflict_kind (label))
    {
    case SHU_LABEL_CONFLICT_CHANGED:
      if (g_str_equal (shu_label_get_name (label),
                       shu_label_get_name (shu_label_get_conflict (label))))
        /* TRANSLATORS: a label's name; the versions differ in colour,
         * shortcut or description. */
        return g_strdup_printf (_("%s (merge conflict: two versions)"),
                                shu_label_get_name (label));
      /* TRANSLATORS: a label's name, then the other version's name. */
      return g_strdup_printf (_("%s (merge conflict: or “%s”)"), shu_label_get_name (label),
                              shu_label_get_name (shu_label_get_conflict (label)));
    case SHU_LABEL_CONFLICT_DELETED:
      return g_strdup_printf (_("%s (merge conflict: deleted on the other side)"),
                              shu_label_get_name (label));
    case SHU_LABEL_CONFLICT_NONE:
    default:
      return g_strdup (shu_label_get_name (label));
    }
}

/* Tells on stderr which merge conflicts the file still holds. */
static void
print_conflicts (const char  *sidecar_path,
                 ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  guint n_annotations = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_autofree char *name = NULL;

      if (shu_label_get_conflict_kind (label) == SHU_LABEL_CONFLICT_NONE)
        continue;
      name = label_display_name (label);
      g_printerr (_("%s: label %s: %s\n"), sidecar_path, shu_label_get_id (label), name);
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (shu_annotation_get_conflict (annotation) != NULL)
        n_annotations++;
    }
  if (n_annotations > 0)
    g_printerr (g_dngettext (GETTEXT_PACKAGE,
                             "%s: %u annotation is marked as a merge conflict\n",
                             "%s: %u annotations are marked as merge conflicts\n",
                             n_annotations),
                sidecar_path, n_annotations);
}

static int
cmd_validate (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source_path = NULL;
  ShuAnnotationStore *store;
  ShuSource *source;
  guint n_annotations;
  guint n_labels;
  guint n_creators;
  guint n_moved;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The text the annotations belong to"), N_("TEXT") },
    { NULL }
  };

  context = g_option_context_new (_("SIDECAR — check a sidecar against its text"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("validate takes exactly one sidecar"));

  document = load_document (argv[1], source_path, &report, &error);
  if (document == NULL)
    return report_error (error);

  if (print_anchor_report (argv[1], report))
    {
      g_printerr (_("%s: %u of the annotations cannot be placed on this text\n"),
                  argv[1], count_status (report, SHU_ANCHOR_ORPHAN));
      return EXIT_INVALID;
    }

  n_moved = count_status (report, SHU_ANCHOR_MOVED) + count_status (report, SHU_ANCHOR_FUZZY);
  if (n_moved > 0)
    {
      g_printerr (_("%s: the text has changed since the sidecar was saved; "
                    "%u annotations are no longer at their recorded offsets\n"),
                  argv[1], n_moved);
      return EXIT_INVALID;
    }

  store = shu_document_get_store (document);
  source = shu_document_get_source (document);
  n_annotations = g_list_model_get_n_items (G_LIST_MODEL (store));
  n_labels = g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (store)));
  n_creators = count_creators (store);

  {
    /* Each count is its own phrase, so that every language gets its plurals. */
    g_autofree char *annotations = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u annotation", "%u annotations", n_annotations),
      n_annotations);
    g_autofree char *labels = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u label", "%u labels", n_labels), n_labels);
    g_autofree char *creators = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u creator", "%u creators", n_creators), n_creators);

    /* TRANSLATORS: the one-line summary of a valid sidecar: the file, the
     * three counts above, the text's file name and its length. */
    g_print (_("%s: valid: %s, %s, %s, on %s (%u code points)\n"),
             argv[1], annotations, labels, creators,
             shu_document_get_source_name (document), shu_source_get_length (source));
  }
  print_conflicts (argv[1], document);

  return EXIT_OK;
}

typedef struct
{
  char  *key;
  guint  count;
} Tally;

static void
tally_free (Tally *tally)
{
  g_free (tally->key);
  g_free (tally);
}

static void
tally_add (GPtrArray  *tallies,
           const char *key,
           guint       count)
{
  Tally *tally;

  for (guint i = 0; i < tallies->len; i++)
    {
      tally = g_ptr_array_index (tallies, i);
      if (g_strcmp0 (tally->key, key) == 0)
        {
          tally->count += count;
          return;
        }
    }

  tally = g_new0 (Tally, 1);
  tally->key = g_strdup (key);
  tally->count = count;
  g_ptr_array_add (tallies, tally);
}

/* Adds every count of @from into @into. */
static void
tally_add_all (GPtrArray *into,
               GPtrArray *from)
{
  for (guint i = 0; i < from->len; i++)
    {
      const Tally *tally = g_ptr_array_index (from, i);

      tally_add (into, tally->key, tally->count);
    }
}

static int
tally_compare_by_key (gconstpointer a,
                      gconstpointer b)
{
  const Tally *ta = *(const Tally * const *) a;
  const Tally *tb = *(const Tally * const *) b;

  return g_utf8_collate (ta->key, tb->key);
}

static void
print_tallies (const char *heading,
               GPtrArray  *tallies)
{
  g_print ("  %s\n", heading);
  for (guint i = 0; i < tallies->len; i++)
    {
      const Tally *tally = g_ptr_array_index (tallies, i);

      g_print ("    %6u  %s\n", tally->count, tally->key);
    }
}

/* Adds one document's counts per label (in the label set's order, then
 * unlabelled) and per creator (sorted by name). */
static void
tally_document (ShuDocument *document,
                GPtrArray   *by_label,
                GPtrArray   *by_creator)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  GListModel *model = G_LIST_MODEL (store);
  guint n_unlabelled = 0;
  g_autoptr(GPtrArray) creators = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_autofree char *name = label_display_name (label);

      tally_add (by_label, name,
                 shu_annotation_store_count_label (store, shu_label_get_id (label)));
    }

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (model, i);
      const char *creator = shu_annotation_get_creator (annotation);

      if (shu_annotation_get_label_id (annotation) == NULL)
        n_unlabelled++;
      /* TRANSLATORS: stands for an annotation's creator when none is recorded. */
      tally_add (creators, creator != NULL ? creator : _("(unknown)"), 1);
    }

  if (n_unlabelled > 0)
    /* TRANSLATORS: stands for the annotations that have no label. */
    tally_add (by_label, _("(no label)"), n_unlabelled);

  g_ptr_array_sort (creators, tally_compare_by_key);
  for (guint i = 0; i < creators->len; i++)
    {
      const Tally *tally = g_ptr_array_index (creators, i);

      tally_add (by_creator, tally->key, tally->count);
    }
}

/* Folders given where files are: the project commands, after the others. */
static gboolean is_folder_arg (const char *path);
static void     stats_project (const char *path,
                               GPtrArray  *all_labels,
                               GPtrArray  *all_creators,
                               guint      *total,
                               int        *status);
static int      agree_project (const char *path,
                               const char *annotator_a,
                               const char *annotator_b);

static int
cmd_stats (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all_labels = NULL;
  g_autoptr(GPtrArray) all_creators = NULL;
  guint total = 0;
  int status = EXIT_OK;

  context = g_option_context_new (_("SIDECAR|FOLDER… — count annotations per label and per "
                                    "creator"));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc < 2)
    return usage_error (context, _("stats takes one or more sidecars or folders"));

  all_labels = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
  all_creators = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(ShuDocument) document = NULL;
      g_autoptr(GPtrArray) report = NULL;
      g_autoptr(GPtrArray) by_label = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
      g_autoptr(GPtrArray) by_creator = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
      guint n;

      if (is_folder_arg (argv[i]))
        {
          stats_project (argv[i], all_labels, all_creators, &total, &status);
          continue;
        }

      document = load_document (argv[i], NULL, &report, &error);
      if (document == NULL)
        {
          int code = report_error (error);

          /* A file that cannot be read outranks one that is invalid. */
          status = MAX (status, code);
          g_clear_error (&error);
          continue;
        }

      print_anchor_report (argv[i], report);
      tally_document (document, by_label, by_creator);
      n = g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
      total += n;

      g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u annotation\n", "%s: %u annotations\n", n),
               argv[i], n);
      print_tallies (_("per label:"), by_label);
      print_tallies (_("per creator:"), by_creator);

      tally_add_all (all_labels, by_label);
      tally_add_all (all_creators, by_creator);
    }

  if (argc > 2)
    {
      g_ptr_array_sort (all_creators, tally_compare_by_key);
      g_print (g_dngettext (GETTEXT_PACKAGE, "total: %u annotation\n", "total: %u annotations\n",
                            total),
               total);
      print_tallies (_("per label:"), all_labels);
      print_tallies (_("per creator:"), all_creators);
    }

  return status;
}

/* Writes @bytes to @output (NULL: standard output), refusing to write over
 * any of @inputs. */
static int
write_output (GFile   *output,
              GBytes  *bytes,
              GFile  **inputs,
              guint    n_inputs)
{
  g_autoptr(GError) error = NULL;

  if (output == NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      if (fwrite (data, 1, size, stdout) != size || fflush (stdout) != 0)
        {
          g_printerr (_("shulayim-cli: cannot write to standard output\n"));
          return EXIT_USAGE;
        }
      return EXIT_OK;
    }

  for (guint i = 0; i < n_inputs; i++)
    {
      if (inputs[i] != NULL && same_file (output, inputs[i]))
        {
          g_autofree char *name = shu_text_dup_file_name (output);

          g_printerr (_("shulayim-cli: %s is an input; refusing to write over it\n"), name);
          return EXIT_USAGE;
        }
    }

  /* A device or a pipe (/dev/null, /dev/stdout, a named pipe) is written
   * into: the temporary file and rename that keep a sidecar whole cannot
   * apply, and there is no earlier version to keep. */
  if (g_file_query_file_type (output, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_SPECIAL)
    {
      g_autoptr(GFileOutputStream) stream = g_file_append_to (output, G_FILE_CREATE_NONE, NULL,
                                                               &error);
      gsize size;
      const char *data = g_bytes_get_data (bytes, &size);

      if (stream == NULL
          || !g_output_stream_write_all (G_OUTPUT_STREAM (stream), data, size, NULL, NULL,
                                         &error)
          || !g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error))
        {
          g_autofree char *name = shu_text_dup_file_name (output);

          g_printerr (_("shulayim-cli: cannot write to %s: %s\n"), name, error->message);
          return EXIT_USAGE;
        }
      return EXIT_OK;
    }

  if (!shu_safe_file_write_bytes (output, bytes, &error))
    return report_error (error);

  return EXIT_OK;
}

static GFile *
output_file_for_path (const char *path)
{
  if (path == NULL || g_str_equal (path, "-"))
    return NULL;

  return g_file_new_for_commandline_arg (path);
}

/* An existing configuration is left as it is, and said so if it differs. */
static int
write_beside (GFile      *ann,
              const char *name,
              const char *text)
{
  g_autoptr(GError) error = NULL;
  ShuBratConfigSaved saved;

  if (!shu_brat_config_save_beside (ann, name, text, &saved, NULL, &error))
    return report_error (error);
  if (saved == SHU_BRAT_CONFIG_KEPT)
    {
      g_autoptr(GFile) folder = g_file_get_parent (ann);
      g_autoptr(GFile) file = g_file_get_child (folder, name);
      g_autofree char *path = shu_text_dup_file_name (file);

      g_printerr (_("shulayim-cli: %s exists and differs from the label set's; left as it "
                    "is (export into another folder to have both)\n"), path);
    }
  return EXIT_OK;
}

/* brat's annotation.conf and visual.conf beside an exported .ann (a
 * device or pipe has no folder to hold them). */
static int
write_brat_config (GFile       *ann,
                   ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autofree char *annotation_conf = NULL;
  g_autofree char *visual_conf = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  if (g_file_query_file_type (ann, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_REGULAR)
    return EXIT_OK;
  annotation_conf = shu_brat_config_write_annotation (store, &error);
  if (annotation_conf == NULL)
    {
      /* The .ann is written; the label that kept its configuration out
       * is named. */
      if (error != NULL)
        g_printerr ("shulayim-cli: %s\n", error->message);
      return EXIT_OK;
    }
  visual_conf = shu_brat_config_write_visual (shu_annotation_store_get_labels (store), NULL);
  status = write_beside (ann, "annotation.conf", annotation_conf);
  if (status != EXIT_OK)
    return status;
  return write_beside (ann, "visual.conf", visual_conf);
}

static int export_project (const char *path,
                           ShuFormat   to,
                           gboolean    raw_cells,
                           const char *output_path);
static gboolean is_folder_arg (const char *path);

/* What REFI-QDA has no place for, said on stderr: nothing is lost in
 * silence. */
static void
print_qdpx_left_out (ShuDocument *document,
                     const char  *name)
{
  g_autoptr(GPtrArray) messages = shu_qdpx_dup_left_out (document, name);

  for (guint i = 0; i < messages->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (messages, i));
}

static int
cmd_export (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *format = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *offsets = NULL;
  ShuOffsetUnit unit = SHU_OFFSETS_CODEPOINTS;
  gboolean raw_cells = FALSE;
  gboolean inline_ = FALSE;
  ShuFormat to;
  g_autofree char *names = shu_format_dup_names (TRUE);
  /* Translators: %s is the list of formats ("w3c, brat, csv, jsonl or html"). */
  g_autofree char *to_help = g_strdup_printf (_("The format to write: %s"), names);
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &format, to_help, N_("FORMAT") },
    { "offsets", 0, 0, G_OPTION_ARG_STRING, &offsets,
      N_("brat, jsonl: how to count offsets: codepoints (default), utf16 or bytes"),
      N_("UNIT") },
    { "raw-cells", 0, 0, G_OPTION_ARG_NONE, &raw_cells,
      N_("CSV: write cells that a spreadsheet would run as formulas as they are, "
         "without a “'” before them"),
      NULL },
    { "inline", 0, 0, G_OPTION_ARG_NONE, &inline_,
      N_("TEI: annotations as segments in the text rather than standoff (they must not "
         "cross)"),
      NULL },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The text the annotations belong to"), N_("TEXT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Where to write (default: standard output)"), N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("SIDECAR — write the annotations in another format"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("export takes exactly one sidecar"));
  if (format == NULL)
    return usage_error (context, _("--to is required"));
  if (is_folder_arg (argv[1]) && output_path == NULL)
    return usage_error (context, _("a folder is exported into a folder: give it with -o"));
  if (is_folder_arg (argv[1]) && g_strcmp0 (format, "qdc") == 0)
    return usage_error (context, _("--to qdc writes one sidecar's labels: give the sidecar"));
  if (!shu_format_from_name (format, &to) || !shu_format_can_export (to))
    {
      g_autofree char *message = NULL;

      /* Translators: %1$s is what was asked for, %2$s the list of formats
       * ("w3c, brat, csv, jsonl or html"). */
      message = g_strdup_printf (_("unknown export format “%1$s” (use %2$s)"), format, names);
      return usage_error (context, message);
    }
  if (offsets != NULL && !shu_offset_unit_from_string (offsets, &unit))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("unknown offset unit “%s” (use codepoints, utf16 or bytes)"),
                                 offsets);
      return usage_error (context, message);
    }
  /* The W3C model requires code points in a TextPositionSelector; CSV and
   * HTML are read by people and by programs that count code points. */
  if (unit != SHU_OFFSETS_CODEPOINTS && to != SHU_FORMAT_BRAT && to != SHU_FORMAT_JSONL)
    return usage_error (context, _("--offsets is for --to brat and jsonl: W3C positions count "
                                   "code points (the Web Annotation model requires it)"));
  if (unit != SHU_OFFSETS_CODEPOINTS && is_folder_arg (argv[1]))
    return usage_error (context, _("--offsets exports one sidecar, not a folder"));
  if (inline_ && to != SHU_FORMAT_TEI)
    return usage_error (context, _("--inline is for --to tei"));
  if (inline_ && is_folder_arg (argv[1]))
    return usage_error (context, _("--inline exports one sidecar, not a folder"));

  if (is_folder_arg (argv[1]))
    return export_project (argv[1], to, raw_cells, output_path);

  document = load_document (argv[1], source_path, &report, &error);
  if (document == NULL)
    return report_error (error);
  if (print_anchor_report (argv[1], report))
    {
      g_printerr (_("%s: not exported: some annotations cannot be placed on this text\n"), argv[1]);
      return EXIT_INVALID;
    }

  /* Tools that count UTF-16 units or bytes get their unit. */
  if (to == SHU_FORMAT_BRAT && unit != SHU_OFFSETS_CODEPOINTS)
    bytes = shu_brat_export_full (document, unit);
  else if (to == SHU_FORMAT_JSONL && unit != SHU_OFFSETS_CODEPOINTS)
    bytes = shu_jsonl_export_full (document, unit);
  else if (to == SHU_FORMAT_TEI && inline_)
    {
      bytes = shu_tei_export_full (document, SHU_TEI_INLINE, &error);
      if (bytes == NULL)
        {
          /* Translators: %1$s is the sidecar, %2$s says which annotations cross. */
          g_printerr (_("%1$s: not exported with --inline: %2$s\n"), argv[1], error->message);
          return EXIT_INVALID;
        }
    }
  else
    bytes = shu_format_export (to, document, raw_cells ? SHU_CSV_RAW_CELLS : SHU_CSV_NONE);
  if (to == SHU_FORMAT_QDPX)
    print_qdpx_left_out (document, shu_document_get_source_name (document) != NULL
                                   ? shu_document_get_source_name (document) : argv[1]);

  input = g_file_new_for_commandline_arg (argv[1]);
  output = output_file_for_path (output_path);
  {
    GFile *inputs[] = { input, shu_source_get_file (shu_document_get_source (document)) };
    int status = write_output (output, bytes, inputs, G_N_ELEMENTS (inputs));

    if (status == EXIT_OK && to == SHU_FORMAT_BRAT && output != NULL)
      status = write_brat_config (output, document);
    return status;
  }
}

/* import --from jsonl --into DIR: every document of a doccano file as a
 * text and its sidecar in DIR, named by the line's id. Nothing is written
 * when a file of those names exists already. */
static int
import_jsonl_into (GBytes                 *input_bytes,
                   const char             *input_path,
                   const char             *dir_path,
                   const ShuImportOptions *options)
{
  g_autoptr(GPtrArray) documents = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = g_file_new_for_commandline_arg (dir_path);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) sidecars = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_skipped = 0, n_annotations = 0;

  documents = shu_jsonl_import_all (input_bytes, input_path, NULL, options, &messages,
                                    &n_skipped, &error);
  if (documents == NULL)
    return report_error (error);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (messages, i));

  for (guint i = 0; i < documents->len; i++)
    {
      ShuJsonlDocument *doc = g_ptr_array_index (documents, i);
      g_autofree char *name = g_strconcat (doc->name, ".txt", NULL);
      GFile *text = g_file_get_child (dir, name);
      GFile *sidecar = shu_sidecar_default_file (text);

      g_ptr_array_add (texts, text);
      g_ptr_array_add (sidecars, sidecar);
      if (g_file_query_exists (text, NULL) || g_file_query_exists (sidecar, NULL))
        {
          g_autofree char *path = shu_text_dup_file_name (text);

          g_printerr (_("shulayim-cli: %s or its sidecar already exists; nothing was written\n"),
                      path);
          return EXIT_USAGE;
        }
    }

  if (!g_file_make_directory_with_parents (dir, NULL, &error)
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_printerr (_("shulayim-cli: cannot write to %s: %s\n"), dir_path, error->message);
      return EXIT_USAGE;
    }
  g_clear_error (&error);

  for (guint i = 0; i < documents->len; i++)
    {
      ShuJsonlDocument *doc = g_ptr_array_index (documents, i);
      ShuSource *source = shu_document_get_source (doc->document);
      g_autoptr(GBytes) text = g_bytes_new (shu_source_get_text (source),
                                            shu_source_get_text_size (source));
      g_autoptr(GBytes) sidecar = NULL;
      g_autofree char *name = g_file_get_basename (g_ptr_array_index (texts, i));

      shu_document_set_source_name (doc->document, name);
      shu_document_set_sidecar_file (doc->document, g_ptr_array_index (sidecars, i));
      sidecar = shu_sidecar_serialize (doc->document);
      if (!shu_safe_file_write_bytes (g_ptr_array_index (texts, i), text, &error)
          || !shu_safe_file_write_bytes (g_ptr_array_index (sidecars, i), sidecar, &error))
        return report_error (error);
      n_annotations += g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store
                                                               (doc->document)));
    }

  /* TRANSLATORS: the summary of importing a doccano file with several texts. */
  g_printerr (_("%s: %u documents with %u annotations written into %s, skipped %u\n"),
              input_path, documents->len, n_annotations, dir_path, n_skipped);
  return EXIT_OK;
}

/* import --from qdpx X.qdpx -o FOLDER: a REFI-QDA project as a project
 * folder; what was left out is listed on stderr. */
static int
import_qdpx (const char *input_path,
             const char *folder_path)
{
  g_autoptr(GFile) input = g_file_new_for_commandline_arg (input_path);
  g_autoptr(GFile) folder = g_file_new_for_commandline_arg (folder_path);
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  guint n_texts = 0, n_annotations = 0;
  gboolean ok;

  ok = shu_qdpx_import_file (input, folder, NULL, NULL, NULL, &messages, &n_texts,
                             &n_annotations, &error);
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (messages, i));
  if (!ok)
    {
      g_printerr ("%s: %s\n", input_path, error->message);
      return exit_code_for_error (error);
    }
  /* Translators: %1$s is the archive, then the numbers of texts and
   * annotations made, and of items left out. */
  g_printerr (_("%1$s: imported %2$u texts with %3$u annotations; %4$u items left out or "
                "changed (listed above)\n"), input_path, n_texts, n_annotations,
              messages != NULL ? messages->len : 0);
  return EXIT_OK;
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) input_bytes = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) source_file = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(ShuLabelSet) labels = NULL;
  g_autofree char *format = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *offsets = NULL;
  g_autofree char *into = NULL;
  gboolean strict = FALSE;
  ShuImportOptions options = { 0 };
  ShuFormat from;
  guint n_skipped = 0, n_imported, n_exact, n_orphans;
  g_autofree char *names = shu_format_dup_names (FALSE);
  /* Translators: %s is the list of formats ("w3c, brat, jsonl, hypothesis
   * or labelstudio"). */
  g_autofree char *from_help = g_strdup_printf (_("The format to read: %s"), names);
  const GOptionEntry entries[] = {
    { "from", 0, 0, G_OPTION_ARG_STRING, &format, from_help, N_("FORMAT") },
    { "offsets", 0, 0, G_OPTION_ARG_STRING, &offsets,
      N_("How the file counts offsets: codepoints (default), utf16 or bytes"), N_("UNIT") },
    { "into", 0, 0, G_OPTION_ARG_FILENAME, &into,
      N_("jsonl: write every document of the file (a text and its sidecar) into DIR "
         "instead of reading one for --source"), N_("DIR") },
    { "strict", 0, 0, G_OPTION_ARG_NONE, &strict,
      N_("Refuse the whole file at its first problem instead of skipping and reporting it"),
      NULL },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The text the annotations belong to (required)"), N_("TEXT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("The sidecar to write (default: beside the text; never replaced)"), N_("SIDECAR") },
    { NULL }
  };

  context = g_option_context_new (_("INPUT — make a sidecar from another format"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("import takes exactly one input file"));
  if (format == NULL)
    return usage_error (context, _("--from is required"));
  if (g_str_equal (format, "qdpx"))
    {
      if (output_path == NULL || source_path != NULL || into != NULL)
        return usage_error (context, _("--from qdpx makes a project folder: give it with -o, "
                                       "without --source"));
      return import_qdpx (argv[1], output_path);
    }
  if (!shu_format_from_name (format, &from) || !shu_format_can_import (from))
    {
      g_autofree char *message = NULL;

      /* Translators: %1$s is what was asked for, %2$s the list of formats
       * ("w3c, brat, jsonl, hypothesis or labelstudio"). */
      message = g_strdup_printf (_("unknown import format “%1$s” (use %2$s)"), format, names);
      return usage_error (context, message);
    }
  if (into != NULL && (from != SHU_FORMAT_JSONL || source_path != NULL
                       || output_path != NULL))
    return usage_error (context, _("--into is for --from jsonl, without --source and -o"));
  if (source_path == NULL && into == NULL)
    return usage_error (context, _("--source is required"));
  if (offsets != NULL && !shu_offset_unit_from_string (offsets, &options.offsets))
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("unknown offset unit “%s” (use codepoints, utf16 or bytes)"),
                                 offsets);
      return usage_error (context, message);
    }
  if (strict)
    options.flags |= SHU_IMPORT_STRICT;

  if (into != NULL)
    {
      input = g_file_new_for_commandline_arg (argv[1]);
      input_bytes = g_file_load_bytes (input, NULL, NULL, &error);
      if (input_bytes == NULL)
        {
          g_printerr (_("%s: cannot read: %s\n"), argv[1], error->message);
          return EXIT_USAGE;
        }
      return import_jsonl_into (input_bytes, argv[1], into, &options);
    }

  source_file = g_file_new_for_commandline_arg (source_path);
  source = shu_source_new_from_file (source_file, SHU_ENCODING_AUTO, NULL, &error);
  if (source == NULL)
    return report_error (error);

  input = g_file_new_for_commandline_arg (argv[1]);
  input_bytes = g_file_load_bytes (input, NULL, NULL, &error);
  if (input_bytes == NULL)
    {
      g_printerr (_("%s: cannot read: %s\n"), argv[1], error->message);
      return EXIT_USAGE;
    }

  if (from == SHU_FORMAT_BRAT)
    {
      /* brat's annotation.conf and visual.conf beside the files (or in a
       * folder above) bring the project's types and colours. */
      g_autoptr(ShuBratConfig) config = shu_brat_config_find (input, NULL, &error);

      if (error != NULL)
        return report_error (error);
      if (config != NULL)
        {
          labels = shu_label_set_new ();
          shu_brat_config_add_labels (config, labels);
        }
    }
  document = shu_format_import (from, input_bytes, argv[1], source, labels, &options, &report,
                                &messages, &n_skipped, &error);
  if (document == NULL)
    return report_error (error);
  /* What the model cannot hold is said, never dropped silently. */
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (messages, i));
  n_orphans = print_anchor_report (argv[1], report) ? count_status (report, SHU_ANCHOR_ORPHAN)
                                                     : 0;
  if (n_orphans > 0 && strict)
    {
      g_printerr (_("%s: not imported: some annotations cannot be placed on this text\n"), argv[1]);
      return EXIT_INVALID;
    }
  n_imported = g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
  n_exact = n_imported - count_status (report, SHU_ANCHOR_MOVED)
            - count_status (report, SHU_ANCHOR_FUZZY);
  /* TRANSLATORS: the summary of an import; %s is the file read. Orphans are
   * annotations whose text was not found: kept aside in the sidecar. */
  g_printerr (_("%s: imported %u (%u exactly at their offsets), skipped %u, not placed %u\n"),
              argv[1], n_imported, n_exact, n_skipped, n_orphans);

  if (output_path == NULL)
    output = shu_sidecar_default_file (source_file);
  else
    output = output_file_for_path (output_path);

  if (output != NULL)
    {
      g_autoptr(GFile) parent = g_file_get_parent (output);
      g_autoptr(GFile) source_dir = g_file_get_parent (source_file);
      g_autofree char *name = NULL;

      /* A sidecar names its text by a plain file name in its own folder;
       * written anywhere else, that reference would not resolve. */
      if (parent == NULL || source_dir == NULL || !g_file_equal (parent, source_dir))
        {
          g_printerr (_("shulayim-cli: the sidecar must be written in the text’s folder\n"));
          return EXIT_USAGE;
        }

      /* Without -o, never replace a sidecar someone already has. */
      if (output_path == NULL && g_file_query_exists (output, NULL))
        {
          g_autofree char *path = shu_text_dup_file_name (output);

          g_printerr (_("shulayim-cli: %s already exists; choose another name with -o\n"), path);
          return EXIT_USAGE;
        }

      name = g_file_get_basename (source_file);
      shu_document_set_source_name (document, name);
      shu_document_set_sidecar_file (document, output);
    }

  bytes = shu_sidecar_serialize (document);
  {
    GFile *inputs[] = { input, source_file };

    return write_output (output, bytes, inputs, G_N_ELEMENTS (inputs));
  }
}

/* Whether @output, when written, names its text correctly: a sidecar names
 * its text by a plain file name in its own folder. */
static gboolean
output_beside_text (GFile *output,
                    GFile *text)
{
  g_autoptr(GFile) parent = g_file_get_parent (output);
  g_autoptr(GFile) text_dir = g_file_get_parent (text);

  return parent != NULL && text_dir != NULL && g_file_equal (parent, text_dir);
}

static const char *
status_name (ShuAnchorStatus status)
{
  switch (status)
    {
    case SHU_ANCHOR_EXACT:
      return _("exact");
    case SHU_ANCHOR_MOVED:
      return _("moved");
    case SHU_ANCHOR_FUZZY:
      return _("fuzzy");
    case SHU_ANCHOR_ORPHAN:
    default:
      return _("orphan");
    }
}

static int
cmd_reanchor (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) source_file = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *name = NULL;
  FILE *stream;
  guint n_orphans, n_placed;
  int status;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The edited text (required)"), N_("NEW_TEXT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("The re-anchored sidecar to write, in the text’s folder (default: standard output)"),
      N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("SIDECAR — place the annotations on an edited text"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("reanchor takes exactly one sidecar"));
  if (source_path == NULL)
    return usage_error (context, _("--source is required"));

  input = g_file_new_for_commandline_arg (argv[1]);
  sidecar = shu_sidecar_load (input, NULL, &error);
  if (sidecar == NULL)
    return report_error (error);
  source_file = g_file_new_for_commandline_arg (source_path);
  source = shu_source_new_from_file (source_file, SHU_ENCODING_AUTO, NULL, &error);
  if (source == NULL)
    return report_error (error);
  output = output_file_for_path (output_path);
  if (output != NULL && !output_beside_text (output, source_file))
    {
      g_printerr (_("shulayim-cli: the sidecar must be written in the text’s folder\n"));
      return EXIT_USAGE;
    }

  document = shu_sidecar_anchor (sidecar, source, &report, &error);
  if (document == NULL)
    return report_error (error);

  /* With the sidecar on standard output, the report goes to stderr. */
  stream = output != NULL ? stdout : stderr;
  for (guint i = 0; i < report->len; i++)
    {
      const ShuAnchorResult *result = g_ptr_array_index (report, i);

      if (result->status == SHU_ANCHOR_ORPHAN)
        /* TRANSLATORS: %s: annotation id, status; %u: offsets; %s: the quote. */
        print_to (stream, _("%s: %s (was %u–%u) “%s”\n"), result->id,
                 status_name (result->status), result->old_start, result->old_end,
                 result->exact);
      else
        print_to (stream, _("%s: %s %u–%u → %u–%u, confidence %.2f “%s”\n"), result->id,
                 status_name (result->status), result->old_start, result->old_end,
                 result->new_start, result->new_end, result->confidence, result->exact);
    }
  n_orphans = count_status (report, SHU_ANCHOR_ORPHAN);
  n_placed = g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)));
  print_to (stream, _("%u placed (%u exact, %u moved, %u fuzzy), %u orphans\n"), n_placed,
           n_placed - count_status (report, SHU_ANCHOR_MOVED)
           - count_status (report, SHU_ANCHOR_FUZZY),
           count_status (report, SHU_ANCHOR_MOVED), count_status (report, SHU_ANCHOR_FUZZY),
           n_orphans);
  fflush (stream);

  name = g_file_get_basename (source_file);
  shu_document_set_source_name (document, name);
  bytes = shu_sidecar_serialize (document);
  {
    GFile *inputs[] = { input, source_file };

    status = write_output (output, bytes, inputs, G_N_ELEMENTS (inputs));
  }
  if (status != EXIT_OK)
    return status;
  /* The orphans are kept in the file, but they need someone's attention. */
  return n_orphans > 0 ? EXIT_INVALID : EXIT_OK;
}

static int
cmd_agree (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuDocument) a = NULL;
  g_autoptr(ShuDocument) b = NULL;
  g_autoptr(GPtrArray) report_a = NULL;
  g_autoptr(GPtrArray) report_b = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *table = NULL;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The text both annotated (default: the one SIDECAR_A names)"), N_("TEXT") },
    { NULL }
  };

  context = g_option_context_new (_("SIDECAR_A SIDECAR_B | FOLDER ANNOTATOR_A ANNOTATOR_B — "
                                    "agreement between two annotators"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc == 4 && is_folder_arg (argv[1]))
    return agree_project (argv[1], argv[2], argv[3]);
  if (argc != 3)
    return usage_error (context, _("agree takes exactly two sidecars, or a folder and two "
                                   "annotators"));

  a = load_document (argv[1], source_path, &report_a, &error);
  if (a == NULL)
    return report_error (error);
  print_anchor_report (argv[1], report_a);

  /* B is placed on A's text, so that both count the same code points. */
  b = load_document_on (argv[2], NULL, shu_document_get_source (a), &report_b, &error);
  if (b == NULL)
    return report_error (error);
  print_anchor_report (argv[2], report_b);
  if (shu_document_get_orphans (a)->len + shu_document_get_orphans (b)->len > 0)
    g_printerr (_("shulayim-cli: annotations that cannot be placed on the text are not "
                  "compared\n"));

  rows = shu_agreement_compute (a, b);
  table = shu_agreement_format_table (rows);
  g_print ("%s", table);

  /* Relations and attributes, when either annotator has any (a table
   * each, after a blank line, so that scripts reading the first stop). */
  {
    g_autoptr(GPtrArray) relations = shu_agreement_compute_relations (a, b);
    g_autoptr(GPtrArray) attributes = shu_agreement_compute_attributes (a, b);
    ShuRelationAgreementRow *overall = g_ptr_array_index (relations, relations->len - 1);

    if (overall->n_a + overall->n_b > 0)
      {
        g_autofree char *text = shu_agreement_format_relations (relations);

        g_print ("\n%s", text);
      }
    if (attributes->len > 0)
      {
        g_autofree char *text = shu_agreement_format_attributes (attributes);

        g_print ("\n%s", text);
      }
  }
  return EXIT_OK;
}

/* Writes the merge result over OURS, as git's merge driver contract asks
 * (git keeps its own copy of every version, so no backup is made: a "~"
 * file would be left in the work tree). */
static int
write_over_ours (GFile  *ours,
                 GBytes *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (ours);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (path == NULL
      || !g_file_set_contents_full (path, data, size,
                                    G_FILE_SET_CONTENTS_CONSISTENT
                                    | G_FILE_SET_CONTENTS_DURABLE, 0644, &error))
    {
      g_printerr (_("shulayim-cli: cannot write %s: %s\n"), path != NULL ? path : "?",
                  error != NULL ? error->message : _("not a local file"));
      return EXIT_USAGE;
    }
  return EXIT_OK;
}

/* One of the versions a merge reads. */
typedef struct
{
  GFile       *file;
  const char  *arg;      /* as given on the command line */
  const char  *side;     /* "ours (the current branch)", … */
  char        *shown;    /* the name its messages use */
  ShuDocument *document;
} Side;

static void
side_clear (Side *side)
{
  g_clear_object (&side->file);
  g_clear_pointer (&side->shown, g_free);
  g_clear_object (&side->document);
}

/* Tells which side failed and where. git hands the versions over as
 * temporary files (".merge_file_a1b2c3"): with --path, the messages name
 * the sidecar's real path instead, and the side says which version. */
static int
report_side_error (Side         *side,
                   const GError *error)
{
  g_autofree char *temporary = shu_text_dup_file_name (side->file);
  const char *message = error->message;
  g_autofree char *renamed = NULL;

  if (g_str_has_prefix (message, temporary))
    message = renamed = g_strconcat (side->shown, message + strlen (temporary), NULL);
  /* TRANSLATORS: the first %s is a side of a merge ("theirs (the branch
   * being merged)"), the second the error, which starts with the file's
   * name, FILE:LINE:COLUMN where the place is known. */
  g_printerr (_("shulayim-cli: %s in %s\n"), side->side, message);
  return exit_code_for_error (error);
}

static gboolean
is_empty_file (GFile *file)
{
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE
                                                 "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, NULL);

  return info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_REGULAR
         && g_file_info_get_size (info) == 0;
}

static int
cmd_merge (int    argc,
           char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuSidecar) sidecar_ours = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) output = NULL;
  g_autoptr(GFile) source_file = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *path_in_tree = NULL;
  Side sides[3] = { { 0 } };
  Side *base, *ours, *theirs;
  gboolean three_way;
  guint n_conflicts = 0;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Where to write (default: standard output); may be OURS of a three-way merge, for git"),
      N_("OUT") },
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The annotated text (default: the one OURS names)"), N_("TEXT") },
    { "path", 0, 0, G_OPTION_ARG_FILENAME, &path_in_tree,
      N_("The sidecar’s path in the work tree (git’s %P); its text is looked for beside it, "
         "and messages name it"),
      N_("PATH") },
    { NULL }
  };

  context = g_option_context_new (_("[BASE] OURS THEIRS — merge sidecars: two-way without a "
                                    "common ancestor, three-way with one"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 3 && argc != 4)
    return usage_error (context, _("merge takes two sidecars (OURS THEIRS) or three "
                                   "(BASE OURS THEIRS)"));

  three_way = argc == 4;
  base = three_way ? &sides[0] : NULL;
  ours = &sides[1];
  theirs = &sides[2];
  for (guint i = three_way ? 0 : 1; i < 3; i++)
    {
      sides[i].arg = argv[i - (three_way ? 0 : 1) + 1];
      sides[i].file = g_file_new_for_commandline_arg (sides[i].arg);
      sides[i].shown = path_in_tree != NULL ? g_strdup (path_in_tree)
                                            : shu_text_dup_file_name (sides[i].file);
    }
  /* With --path the versions are git's: name them as git users know them. */
  if (base != NULL)
    base->side = path_in_tree != NULL ? _("base (the common ancestor)") : _("BASE");
  ours->side = path_in_tree != NULL ? _("ours (the current branch)") : _("OURS");
  theirs->side = path_in_tree != NULL ? _("theirs (the branch being merged)") : _("THEIRS");

  /* When both branches added the sidecar, git's base is an empty file:
   * there is no common ancestor, so it is a two-way merge. */
  if (base != NULL && is_empty_file (base->file))
    {
      g_printerr (_("%s: the base is empty (both sides added the file): merging the two "
                    "without a common ancestor\n"), ours->shown);
      base = NULL;
    }

  sidecar_ours = shu_sidecar_load (ours->file, NULL, &error);
  if (sidecar_ours == NULL)
    {
      status = report_side_error (ours, error);
      goto out;
    }

  /* git hands the versions over as temporary files at the top of the
   * work tree, so the text is found from --source, or beside --path, or
   * beside OURS. */
  if (source_path != NULL)
    source_file = g_file_new_for_commandline_arg (source_path);
  else if (path_in_tree != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (path_in_tree);
      g_autofree char *text = g_build_filename (dir, shu_sidecar_get_source_name (sidecar_ours),
                                                NULL);

      source_file = g_file_new_for_commandline_arg (text);
    }
  if (source_file != NULL)
    source = shu_source_new_from_file (source_file, shu_sidecar_get_source_encoding (sidecar_ours),
                                       NULL, &error);
  else
    source = shu_sidecar_load_source (sidecar_ours, NULL, &error);
  if (source == NULL)
    {
      status = report_error (error);
      goto out;
    }

  /* All are placed on the same text, so that ranges compare. */
  for (guint i = 0; i < 3; i++)
    {
      Side *side = &sides[i];
      g_autoptr(ShuSidecar) sidecar = NULL;
      g_autoptr(GPtrArray) report = NULL;
      g_autofree char *prefix = NULL;

      if (side != base && side != ours && side != theirs)
        continue;
      sidecar = side == ours ? g_object_ref (sidecar_ours)
                             : shu_sidecar_load (side->file, NULL, &error);
      if (sidecar != NULL)
        side->document = shu_sidecar_anchor (sidecar, source, &report, &error);
      if (side->document == NULL)
        {
          status = report_side_error (side, error);
          goto out;
        }
      prefix = g_strdup_printf ("%s (%s)", side->shown, side->side);
      print_anchor_report (prefix, report);
    }

  merged = shu_merge (base != NULL ? base->document : NULL, ours->document, theirs->document,
                      &messages, &n_conflicts);
  for (guint i = 0; i < messages->len; i++)
    g_printerr ("%s: %s\n", ours->shown, (const char *) g_ptr_array_index (messages, i));
  bytes = shu_sidecar_serialize (merged);

  output = output_file_for_path (output_path);
  if (three_way && output != NULL && same_file (output, ours->file))
    status = write_over_ours (ours->file, bytes);
  else
    {
      GFile *inputs[] = { sides[0].file, sides[1].file, sides[2].file,
                          shu_source_get_file (source) };

      status = write_output (output, bytes, inputs, G_N_ELEMENTS (inputs));
    }
  if (status == EXIT_OK && n_conflicts > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u conflict to resolve\n",
                               "%s: %u conflicts to resolve\n", n_conflicts),
                  ours->shown, n_conflicts);
      status = EXIT_INVALID;
    }

out:
  for (guint i = 0; i < 3; i++)
    side_clear (&sides[i]);
  return status;
}

/* ------------------------------------------------------------------ */
/* Projects: a folder of texts and sidecars (docs/PROJECTS.md)         */

static gboolean
is_folder_arg (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return shu_project_is_folder (file);
}

/* The worse of two exit statuses; a function, not MAX(), whose arguments
 * (here calls that print) would run twice. */
static int
worse (int a,
       int b)
{
  return MAX (a, b);
}

/* Says why each listed document was left out, or its annotations were;
 * the status becomes the worst of them. */
static void
report_project_errors (ShuProject *project,
                       int        *status)
{
  GListModel *list = G_LIST_MODEL (project);

  if (shu_project_get_codebook_error (project) != NULL)
    *status = worse (*status, report_error (shu_project_get_codebook_error (project)));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      const GError *error = shu_project_document_get_error (entry);

      if (error != NULL)
        *status = worse (*status, report_error (error));
    }
}

/* Scans @project, or says why it cannot. */
static gboolean
scan_project (ShuProject *project,
              int        *status)
{
  g_autoptr(GError) error = NULL;

  if (!shu_project_scan (project, NULL, &error))
    {
      *status = worse (*status, report_error (error));
      return FALSE;
    }
  report_project_errors (project, status);
  return TRUE;
}

static ShuProject *
open_project (const char *path,
              int        *status)
{
  g_autoptr(GFile) folder = g_file_new_for_commandline_arg (path);
  g_autoptr(ShuProject) project = shu_project_new (folder);

  if (!scan_project (project, status))
    return NULL;
  return g_steal_pointer (&project);
}

/* The folders among @paths each as a project, and the files together as
 * one more. */
static GPtrArray *
open_projects (char **paths,
               int    n_paths,
               int   *status)
{
  GPtrArray *projects = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  for (int i = 0; i < n_paths; i++)
    {
      if (is_folder_arg (paths[i]))
        {
          ShuProject *project = open_project (paths[i], status);

          if (project != NULL)
            g_ptr_array_add (projects, project);
        }
      else
        g_ptr_array_add (files, g_file_new_for_commandline_arg (paths[i]));
    }
  if (files->len > 0)
    {
      g_autoptr(ShuProject) project = shu_project_new_for_files ((GFile **) files->pdata,
                                                                 files->len);

      if (scan_project (project, status))
        g_ptr_array_add (projects, g_steal_pointer (&project));
    }
  return projects;
}

/* Each annotator's texts by status, the name last (as in the tallies, so
 * that right-to-left names do not break the columns). */
static void
print_statuses (ShuProject *project)
{
  g_autoptr(GPtrArray) annotators = shu_corpus_list_annotators (project);

  if (annotators->len == 0)
    return;
  g_print ("  %s\n", _("texts per annotator: not started, in progress, done:"));
  for (guint i = 0; i < annotators->len; i++)
    {
      guint counts[SHU_ANNOTATOR_N_STATUSES];

      shu_corpus_count_statuses (project, g_ptr_array_index (annotators, i), counts);
      g_print ("    %6u %6u %6u  %s\n", counts[SHU_ANNOTATOR_NOT_STARTED],
               counts[SHU_ANNOTATOR_IN_PROGRESS], counts[SHU_ANNOTATOR_DONE],
               (const char *) g_ptr_array_index (annotators, i));
    }
}

static void
stats_project (const char *path,
               GPtrArray  *all_labels,
               GPtrArray  *all_creators,
               guint      *total,
               int        *status)
{
  g_autoptr(ShuProject) project = open_project (path, status);
  g_autoptr(ShuCorpusReport) report = NULL;
  g_autoptr(GPtrArray) by_label = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
  g_autoptr(GPtrArray) by_creator = g_ptr_array_new_with_free_func ((GDestroyNotify) tally_free);
  guint n = 0, n_documents;

  if (project == NULL)
    return;
  report = shu_corpus_report_new (project, NULL, NULL);
  for (guint i = 0; i < shu_corpus_report_get_n_labels (report); i++)
    {
      guint count = shu_corpus_report_get_label_total (report, i);

      tally_add (by_label, shu_corpus_report_get_label_name (report, i), count);
      n += count;
    }
  for (guint i = 0; i < shu_corpus_report_get_n_annotators (report); i++)
    {
      const char *name = shu_corpus_report_get_annotator (report, i);

      /* TRANSLATORS: stands for an annotation's creator when none is recorded. */
      tally_add (by_creator, name != NULL ? name : _("(unknown)"),
                 shu_corpus_report_get_annotator_total (report, i));
    }
  g_ptr_array_sort (by_creator, tally_compare_by_key);

  n_documents = shu_corpus_report_get_n_documents (report);
  g_print (g_dngettext (GETTEXT_PACKAGE, "%s: %u annotation\n", "%s: %u annotations\n", n),
           path, n);
  g_print ("  ");
  g_print (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents", n_documents),
           n_documents);
  g_print ("\n");
  print_tallies (_("per label:"), by_label);
  print_tallies (_("per creator:"), by_creator);
  print_statuses (project);

  *total += n;
  tally_add_all (all_labels, by_label);
  tally_add_all (all_creators, by_creator);
}

static int
cmd_search (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autofree char *label = NULL;
  g_autofree char *creator = NULL;
  g_autofree char *comment = NULL;
  g_autofree char *attribute = NULL;
  g_autofree char *relation = NULL;
  gboolean exact = FALSE;
  int context_size = SHU_CORPUS_SEARCH_CONTEXT;
  int status = EXIT_OK;
  ShuCorpusQuery query = { 0 };
  const GOptionEntry entries[] = {
    { "label", 0, 0, G_OPTION_ARG_STRING, &label,
      N_("Only in annotations with this label (its name or id)"), N_("LABEL") },
    { "creator", 0, 0, G_OPTION_ARG_STRING, &creator,
      N_("Only in annotations by this annotator"), N_("NAME") },
    { "comment", 0, 0, G_OPTION_ARG_STRING, &comment,
      N_("Only in annotations whose comments have all these words"), N_("WORDS") },
    { "attribute", 0, 0, G_OPTION_ARG_STRING, &attribute,
      N_("Only in annotations with this attribute (or with this value of it)"),
      N_("NAME[=VALUE]") },
    { "relation", 0, 0, G_OPTION_ARG_STRING, &relation,
      N_("Only in annotations that a relation of this type (\"*\": any) joins"), N_("TYPE") },
    { "exact", 0, 0, G_OPTION_ARG_NONE, &exact,
      N_("Compare case and points (niqqud) too"), NULL },
    { "context", 0, 0, G_OPTION_ARG_INT, &context_size,
      N_("Characters shown either side of a match (default 40)"), N_("N") },
    { NULL }
  };

  context = g_option_context_new (_("FOLDER|SIDECAR|TEXT… QUERY — find a phrase or "
                                    "annotations across texts, in context"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc < 3)
    return usage_error (context, _("search takes folders or files, then a query "
                                   "(\"\" for annotations only)"));
  if (context_size < 0 || context_size > 1000)
    return usage_error (context, _("--context is between 0 and 1000"));

  query.text = argv[argc - 1];
  query.label = label;
  query.creator = creator;
  query.comment = comment;
  query.attribute = attribute;
  query.relation = relation;
  query.flags = exact ? SHU_SEARCH_NONE : SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS;
  query.context = context_size > 0 ? (guint) context_size : 1;
  if (shu_corpus_query_is_empty (&query))
    return usage_error (context, _("the query is empty: give words, --label, --creator, "
                                   "--comment, --attribute or --relation"));

  projects = open_projects (argv + 1, argc - 2, &status);
  for (guint p = 0; p < projects->len; p++)
    {
      g_autoptr(GPtrArray) hits = shu_corpus_search (g_ptr_array_index (projects, p), &query,
                                                     NULL, &error);

      g_assert (hits != NULL);
      /* One line per match, grouped by text: NAME:START-END: the match in
       * brackets, in the middle of its context. */
      for (guint i = 0; i < hits->len; i++)
        {
          const ShuCorpusHit *hit = g_ptr_array_index (hits, i);
          g_autofree char *line = shu_corpus_hit_format (hit);

          g_print ("%s:%u-%u: %s\n", shu_project_document_get_name (hit->document), hit->start,
                   hit->end, line);
        }
    }
  return status;
}

/* Two --annotator options, or none. */
static gboolean
check_annotators (GOptionContext  *context,
                  char           **annotators,
                  int             *status)
{
  guint n = annotators != NULL ? g_strv_length (annotators) : 0;

  if (n != 0 && n != 2)
    {
      *status = usage_error (context, _("agreement needs exactly two --annotator"));
      return FALSE;
    }
  return TRUE;
}

static int
cmd_report (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = NULL;
  g_autoptr(ShuCorpusReport) report = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *format = NULL;
  g_autofree char *table_name = NULL;
  g_autofree char *output_path = NULL;
  g_auto(GStrv) annotators = NULL;
  gboolean raw_cells = FALSE;
  ShuCorpusTable table = SHU_CORPUS_TABLE_DOCUMENTS;
  int status = EXIT_OK;
  const GOptionEntry entries[] = {
    { "to", 0, 0, G_OPTION_ARG_STRING, &format,
      N_("The format to write: html or csv"), N_("FORMAT") },
    { "table", 0, 0, G_OPTION_ARG_STRING, &table_name,
      N_("CSV: the table to write: documents, annotators, overlap, sentence, coded or "
         "agreement (default: documents)"), N_("TABLE") },
    { "annotator", 0, 0, G_OPTION_ARG_STRING_ARRAY, &annotators,
      N_("Twice: the two annotators whose agreement to report"), N_("NAME") },
    { "raw-cells", 0, 0, G_OPTION_ARG_NONE, &raw_cells,
      N_("CSV: write cells that a spreadsheet would run as formulas as they are, "
         "without a “'” before them"),
      NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("Where to write (default: standard output)"), N_("OUT") },
    { NULL }
  };

  context = g_option_context_new (_("FOLDER|SIDECAR… — label frequencies, co-occurrence, coded "
                                    "text and agreement, as CSV or an HTML page with charts"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc < 2)
    return usage_error (context, _("report takes a folder, or sidecars"));
  if (format == NULL || !g_strv_contains ((const char * const[]) { "html", "csv", NULL }, format))
    return usage_error (context, _("--to is html or csv"));
  if (table_name != NULL && !shu_corpus_table_from_name (table_name, &table))
    return usage_error (context, _("unknown table (use documents, annotators, overlap, "
                                   "sentence, coded or agreement)"));
  if (!check_annotators (context, annotators, &status))
    return status;
  if (table == SHU_CORPUS_TABLE_AGREEMENT && annotators == NULL)
    return usage_error (context, _("the agreement table needs two --annotator"));

  projects = open_projects (argv + 1, argc - 1, &status);
  if (projects->len != 1)
    {
      if (projects->len > 1)
        g_printerr (_("shulayim-cli: report takes one folder, or files\n"));
      return MAX (status, EXIT_USAGE);
    }

  report = shu_corpus_report_new (g_ptr_array_index (projects, 0),
                                  annotators != NULL ? annotators[0] : NULL,
                                  annotators != NULL ? annotators[1] : NULL);
  if (g_str_equal (format, "html"))
    bytes = shu_corpus_report_to_html (report);
  else
    bytes = shu_corpus_report_to_csv (report, table,
                                      raw_cells ? SHU_CSV_RAW_CELLS : SHU_CSV_NONE);

  output = output_file_for_path (output_path);
  return worse (status, write_output (output, bytes, NULL, 0));
}

static int
agree_project (const char *path,
               const char *annotator_a,
               const char *annotator_b)
{
  g_autoptr(ShuProject) project = NULL;
  g_autoptr(ShuCorpusReport) report = NULL;
  g_autofree char *table = NULL;
  int status = EXIT_OK;

  project = open_project (path, &status);
  if (project == NULL)
    return status;
  report = shu_corpus_report_new (project, annotator_a, annotator_b);
  table = shu_agreement_format_table (shu_corpus_report_get_agreement (report));
  g_print ("%s", table);
  return status;
}

/* The whole folder into one file: a .qdpx archive, or (TEI) a
 * <teiCorpus>; every text that could be read, annotated or not (those
 * that could not were reported by the scan). */
static int
export_project_archive (ShuProject *project,
                        ShuFormat   to,
                        const char *output_path,
                        int         status)
{
  GListModel *list = G_LIST_MODEL (project);
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) output = g_file_new_for_commandline_arg (output_path);
  g_autoptr(GPtrArray) left_out = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = shu_project_export_archive (project, to, NULL, NULL, NULL, &left_out, NULL);
  /* What REFI-QDA has no place for, said on stderr: nothing is lost in
   * silence. */
  for (guint i = 0; i < left_out->len; i++)
    g_printerr ("%s\n", (char *) g_ptr_array_index (left_out, i));
  /* Never written over a text or a sidecar it was made from. */
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      GFile *sidecar = shu_project_document_get_sidecar_file (entry);

      g_ptr_array_add (inputs, g_object_ref (shu_project_document_get_text_file (entry)));
      if (sidecar != NULL)
        g_ptr_array_add (inputs, g_object_ref (sidecar));
    }
  return worse (status, write_output (output, bytes, (GFile **) inputs->pdata, inputs->len));
}

/* Every annotated document of the folder, each into OUT/<its name>.<ext>
 * (subfolders as in the project). */
static int
export_project (const char *path,
                ShuFormat   to,
                gboolean    raw_cells,
                const char *output_path)
{
  g_autoptr(ShuProject) project = NULL;
  g_autoptr(GFile) out_folder = g_file_new_for_commandline_arg (output_path);
  GListModel *list;
  int status = EXIT_OK;

  project = open_project (path, &status);
  if (project == NULL)
    return status;
  if (to == SHU_FORMAT_QDPX || (to == SHU_FORMAT_TEI && g_str_has_suffix (output_path, ".xml")))
    return export_project_archive (project, to, output_path, status);
  list = G_LIST_MODEL (project);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      ShuDocument *document = shu_project_document_get_document (entry);
      GFile *sidecar = shu_project_document_get_sidecar_file (entry);
      g_autofree char *name = NULL;
      g_autoptr(GFile) output = NULL;
      g_autoptr(GFile) parent = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      GFile *inputs[2];

      /* Texts without annotations have nothing to export. */
      if (document == NULL || shu_project_document_get_error (entry) != NULL
          || sidecar == NULL || !g_file_query_exists (sidecar, NULL))
        continue;
      name = g_strconcat (shu_project_document_get_name (entry),
                          shu_format_get_info (to)->export_suffix, NULL);
      output = g_file_resolve_relative_path (out_folder, name);
      parent = g_file_get_parent (output);
      if (!g_file_make_directory_with_parents (parent, NULL, &error)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          status = worse (status, report_error (error));
          continue;
        }
      bytes = shu_format_export (to, document, raw_cells ? SHU_CSV_RAW_CELLS : SHU_CSV_NONE);
      inputs[0] = sidecar;
      inputs[1] = shu_project_document_get_text_file (entry);
      status = worse (status, write_output (output, bytes, inputs, G_N_ELEMENTS (inputs)));
      /* Documents of one folder share its configuration: the first
       * writes it, the others find it the same (or say how it differs). */
      if (status == EXIT_OK && to == SHU_FORMAT_BRAT)
        status = worse (status, write_brat_config (output, document));
    }
  return status;
}

/* Runs git in @folder; its output in @out (may be NULL). */
static gboolean
run_git (const char  *folder,
         const char  *const *args,
         char       **out,
         GError     **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *err = NULL;
  int wait_status;

  g_ptr_array_add (argv, (char *) "git");
  g_ptr_array_add (argv, (char *) "-C");
  g_ptr_array_add (argv, (char *) folder);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, out,
                     &err, &wait_status, error))
    return FALSE;
  if (!g_spawn_check_wait_status (wait_status, NULL))
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_IO, "git: %s", g_strstrip (err));
      return FALSE;
    }
  return TRUE;
}

#define GIT_ATTRIBUTES_LINE "*" SHU_SIDECAR_SUFFIX " merge=shulayim"

static int
cmd_git_setup (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *top = NULL;
  g_autofree char *driver = NULL;
  g_autofree char *attributes_path = NULL;
  g_autofree char *attributes = NULL;
  g_auto(GStrv) lines = NULL;
  const char *folder;
  gboolean present = FALSE;
  const GOptionEntry entries[] = {
    { "command", 0, 0, G_OPTION_ARG_STRING, &command,
      N_("How git is to run shulayim-cli (default: shulayim-cli, from the PATH)"),
      N_("COMMAND") },
    { NULL }
  };

  context = g_option_context_new (_("[FOLDER] — let git merge sidecars with shulayim-cli"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc > 2)
    return usage_error (context, _("git-setup takes at most one folder"));
  folder = argc == 2 ? argv[1] : ".";

  if (!run_git (folder, (const char *[]) { "rev-parse", "--show-toplevel", NULL }, &top,
                &error))
    {
      g_printerr (_("shulayim-cli: %s is not in a git repository: %s\n"), folder,
                  error->message);
      return EXIT_USAGE;
    }
  g_strstrip (top);

  /* The driver of docs/MERGE.md, in the repository's own configuration. */
  driver = g_strdup_printf ("%s merge %%O %%A %%B -o %%A --path %%P",
                            command != NULL ? command : "shulayim-cli");
  if (!run_git (top, (const char *[]) { "config", "merge.shulayim.name",
                                        "Shulayim sidecar merge", NULL }, NULL, &error)
      || !run_git (top, (const char *[]) { "config", "merge.shulayim.driver", driver, NULL },
                   NULL, &error))
    return report_error (error);

  /* .gitattributes is committed, so that every clone uses the driver
   * (each clone still runs git-setup once: git never takes drivers from
   * a repository it clones). */
  attributes_path = g_build_filename (top, ".gitattributes", NULL);
  if (!g_file_get_contents (attributes_path, &attributes, NULL, &error))
    {
      if (!g_error_matches (error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return report_error (error);
      g_clear_error (&error);
      attributes = g_strdup ("");
    }
  lines = g_strsplit (attributes, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    present = present || g_str_equal (g_strstrip (lines[i]), GIT_ATTRIBUTES_LINE);
  if (!present)
    {
      g_autoptr(GString) updated = g_string_new (attributes);

      if (updated->len > 0 && updated->str[updated->len - 1] != '\n')
        g_string_append_c (updated, '\n');
      g_string_append (updated, GIT_ATTRIBUTES_LINE "\n");
      if (!g_file_set_contents_full (attributes_path, updated->str, updated->len,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0644, &error))
        return report_error (error);
    }

  g_print (_("git merges sidecars in %s with: %s\n"), top, driver);
  if (!present)
    g_print (_("Added “%s” to .gitattributes: commit it, so that colleagues get it.\n"),
             GIT_ATTRIBUTES_LINE);
  return EXIT_OK;
}

/* One suggestion a line, START<TAB>END<TAB>LABEL_ID<TAB>TEXT, after
 * @prefix (a document's name and a tab, for folders). A tab or line break
 * inside TEXT (a form of several words) is shown as a space, so that a
 * line is always one suggestion. */
static void
print_suggestions (const char *prefix,
                   ShuSource  *source,
                   GArray     *found)
{
  for (guint i = 0; i < found->len; i++)
    {
      const ShuSuggestion *s = &g_array_index (found, ShuSuggestion, i);
      g_autofree char *text = shu_source_dup_range (source, s->start, s->end);

      g_strdelimit (text, "\t\r\n", ' ');
      g_print ("%s%u\t%u\t%s\t%s\n", prefix, s->start, s->end, s->label_id, text);
    }
}

/* The name accepted suggestions are made under: the app's default. */
static const char *
default_creator (void)
{
  const char *real_name = g_get_real_name ();

  if (real_name == NULL || g_str_equal (real_name, "Unknown") || *real_name == '\0')
    return g_get_user_name ();
  return real_name;
}

static int
suggest_project (const char *path,
                 const char *label_id,
                 gboolean    apply,
                 const char *creator)
{
  int status = EXIT_OK;
  g_autoptr(ShuProject) project = open_project (path, &status);
  g_autoptr(GPtrArray) results = NULL;

  if (project == NULL)
    return status;
  results = shu_suggest_project (project, label_id, NULL, NULL, NULL);
  for (guint i = 0; i < results->len; i++)
    {
      ShuSuggestHits *hits = results->pdata[i];
      ShuDocument *document = shu_project_document_get_document (hits->document);
      g_autofree char *prefix = g_strconcat (shu_project_document_get_name (hits->document),
                                             "\t", NULL);
      g_autoptr(GError) error = NULL;

      if (!apply)
        {
          print_suggestions (prefix, shu_document_get_source (document), hits->suggestions);
          continue;
        }
      if (hits->suggestions->len == 0)
        continue;
      shu_suggest_accept (shu_document_get_store (document),
                          (ShuSuggestion *) hits->suggestions->data, hits->suggestions->len,
                          creator, NULL);
      if (!shu_sidecar_save (document,
                             shu_project_document_get_sidecar_file (hits->document), &error))
        status = worse (status, report_error (error));
      else
        /* TRANSLATORS: a text's name in the folder, then how many. */
        g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u suggestion accepted\n",
                                 "%s: %u suggestions accepted\n", hits->suggestions->len),
                    shu_project_document_get_name (hits->document), hits->suggestions->len);
    }
  return status;
}

static int
cmd_suggest (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(ShuSuggestForms) forms = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) output = NULL;
  g_autofree char *source_path = NULL;
  g_autofree char *label_id = NULL;
  g_autofree char *output_path = NULL;
  g_autofree char *creator = NULL;
  gboolean apply = FALSE;
  ShuAnnotationStore *store;
  ShuSource *source;
  const GOptionEntry entries[] = {
    { "source", 0, 0, G_OPTION_ARG_FILENAME, &source_path,
      N_("The text (default: the one the sidecar names, beside it)"), N_("TEXT") },
    { "label", 0, 0, G_OPTION_ARG_STRING, &label_id,
      N_("Only the forms of this label"), N_("ID") },
    { "apply", 0, 0, G_OPTION_ARG_NONE, &apply,
      N_("Accept every suggestion and write the sidecar"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output_path,
      N_("With --apply, the sidecar to write (default: the input, in place; “-”: standard "
         "output)"), N_("OUT") },
    { "creator", 0, 0, G_OPTION_ARG_STRING, &creator,
      N_("With --apply, the annotator the accepted suggestions are made under (default: "
         "your name)"), N_("NAME") },
    { NULL }
  };

  context = g_option_context_new (_("SIDECAR|FOLDER — label every other place a labelled "
                                    "word stands"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error (context, error->message);
  if (argc != 2)
    return usage_error (context, _("suggest takes exactly one sidecar or folder"));
  if (output_path != NULL && !apply)
    return usage_error (context, _("-o needs --apply"));

  if (is_folder_arg (argv[1]))
    {
      if (source_path != NULL || output_path != NULL)
        return usage_error (context, _("--source and -o need a sidecar, not a folder"));
      return suggest_project (argv[1], label_id, apply,
                              creator != NULL ? creator : default_creator ());
    }

  document = load_document (argv[1], source_path, &report, &error);
  if (document == NULL)
    return report_error (error);
  print_anchor_report (argv[1], report);

  store = shu_document_get_store (document);
  source = shu_document_get_source (document);
  if (label_id != NULL && shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                                label_id) == NULL)
    {
      /* TRANSLATORS: a sidecar's file name, then a label id. */
      g_printerr (_("%s: there is no label with id “%s”\n"), argv[1], label_id);
      return EXIT_USAGE;
    }

  annotations = shu_annotation_store_dup_annotations (store);
  forms = shu_suggest_forms_new ();
  shu_suggest_forms_learn (forms, source, annotations, label_id);
  found = shu_suggest_find (source, forms, annotations, shu_document_get_rejected (document),
                            NULL);
  if (!apply)
    {
      print_suggestions ("", source, found);
      return EXIT_OK;
    }

  shu_suggest_accept (store, (ShuSuggestion *) found->data, found->len,
                      creator != NULL ? creator : default_creator (), NULL);
  input = g_file_new_for_commandline_arg (argv[1]);
  output = output_file_for_path (output_path);
  if (output_path == NULL || (output != NULL && same_file (output, input)))
    {
      /* In place: atomic, keeping the previous version as "SIDECAR~". */
      if (!shu_sidecar_save (document, input, &error))
        return report_error (error);
    }
  else
    {
      g_autoptr(GBytes) bytes = shu_sidecar_serialize (document);
      GFile *text = shu_source_get_file (source);
      GFile *inputs[] = { text };
      int status;

      if (output != NULL && text != NULL && !output_beside_text (output, text))
        {
          g_printerr (_("shulayim-cli: the sidecar must be written in the text’s folder\n"));
          return EXIT_USAGE;
        }
      status = write_output (output, bytes, inputs, G_N_ELEMENTS (inputs));
      if (status != EXIT_OK)
        return status;
    }
  g_printerr (g_dngettext (GETTEXT_PACKAGE, "%s: %u suggestion accepted\n",
                           "%s: %u suggestions accepted\n", found->len),
              argv[1], found->len);
  return EXIT_OK;
}

static const Command commands[] = {
  { "validate", N_("SIDECAR [--source TEXT]"),
    N_("Check a sidecar against its text and print a one-line summary"), cmd_validate },
  { "stats", N_("SIDECAR|FOLDER…"),
    N_("Count annotations per label and per creator"), cmd_stats },
  { "export", N_("--to w3c|brat|csv|jsonl|html|tei|qdpx|qdc SIDECAR [--source TEXT] [-o OUT] "
                 "[--offsets codepoints|utf16|bytes] [--inline] | --to FORMAT FOLDER "
                 "-o OUT_FOLDER|OUT.qdpx|OUT.xml"),
    N_("Write the annotations as W3C JSON-LD, brat standoff, CSV, doccano JSONL, an HTML "
       "report, TEI XML or a REFI-QDA project or code book"), cmd_export },
  { "import", N_("--from brat|w3c|jsonl|hypothesis|labelstudio INPUT --source TEXT [-o SIDECAR] "
                 "[--offsets codepoints|utf16|bytes] [--strict]"),
    N_("Make a sidecar from brat standoff, W3C Web Annotations, doccano JSONL, Hypothesis or "
       "Label Studio; what cannot be placed is skipped and reported"), cmd_import },
  { "reanchor", N_("SIDECAR --source NEW_TEXT [-o OUT]"),
    N_("Place the annotations on an edited text; report what moved and what is orphaned"),
    cmd_reanchor },
  { "agree", N_("SIDECAR_A SIDECAR_B [--source TEXT] | FOLDER ANNOTATOR_A ANNOTATOR_B"),
    N_("Inter-annotator agreement per label: Cohen’s kappa and span F1"), cmd_agree },
  { "merge", N_("[BASE] OURS THEIRS [-o OUT] [--path PATH]"),
    N_("Merge sidecars by annotation id: two-way (OURS THEIRS, no shared history) or "
       "three-way (with their common ancestor; usable as a git merge driver)"),
    cmd_merge },
  { "search", N_("FOLDER|SIDECAR|TEXT… QUERY [--label LABEL] [--creator NAME] "
                 "[--comment WORDS] [--attribute NAME[=VALUE]] [--relation TYPE] [--exact] "
                 "[--context N]"),
    N_("Find a phrase (ignoring points and case) or annotations across texts; one line per "
       "match, in context"), cmd_search },
  { "report", N_("FOLDER|SIDECAR… --to html|csv [--table TABLE] [--annotator A --annotator B] "
                 "[-o OUT]"),
    N_("Label frequencies, co-occurrence, coded text and agreement across texts, as CSV or "
       "an HTML page with charts"), cmd_report },
  { "suggest", N_("SIDECAR [--source TEXT] [--label ID] [--apply] [-o OUT] [--creator NAME] "
                  "| FOLDER [--label ID] [--apply]"),
    N_("Suggest a label wherever a word marked with it stands again (also after Hebrew and "
       "Arabic prefixes); one line per suggestion, or --apply to accept them all"),
    cmd_suggest },
  { "git-setup", N_("[FOLDER] [--command COMMAND]"),
    N_("Set git up to merge sidecars with shulayim-cli (docs/MERGE.md)"), cmd_git_setup },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n\n%s\n", _("Usage: shulayim-cli COMMAND [ARGUMENTS…]"), _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %s %s\n      %s\n", commands[i].name, _(commands[i].parameters),
             _(commands[i].summary));
  fprintf (stream, "\n%s\n", _("Exit status: 0 success, 1 invalid input, "
                                 "2 usage error or a file that cannot be read."));
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");

  setlocale (LC_ALL, "");
  /* The tests point at the catalogues in the build folder. */
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("shulayim-cli");
  g_set_print_handler (print_cb);
  g_set_printerr_handler (printerr_cb);

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }

  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") ||
      g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }

  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("shulayim-cli %s\n", VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_str_equal (argv[1], commands[i].name))
        {
          int status = commands[i].func (argc - 1, argv + 1);

          /* A summary that never reached its reader (a full disk, a closed
           * pipe) is no success: scripts would take a missing answer for
           * an empty one. */
          if ((fflush (stdout) != 0 || print_failed) && status == EXIT_OK)
            {
              g_printerr (_("shulayim-cli: cannot write to standard output\n"));
              status = EXIT_USAGE;
            }
          return status;
        }
    }

  g_printerr (_("shulayim-cli: unknown command “%s”\n\n"), argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
