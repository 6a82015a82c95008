/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-agreement.h"
#include "shu-corpus-report.h"
#include "shu-html.h"
#include "shu-text.h"

/* Between the texts of the ranges of a discontinuous annotation, as in
 * the CSV export. */
#define RANGE_SEPARATOR " \xE2\x80\xA6 "

typedef struct
{
  ShuProjectDocument *entry;
  ShuAnnotation      *annotation;
  guint               label;
} Passage;

typedef struct
{
  char   *name;             /* NULL: without a creator */
  guint  *counts;           /* per label */
} Annotator;

struct _ShuCorpusReport
{
  ShuProject *project;
  /* Labels: ids (NULL for no label) and names, in report order. */
  GPtrArray  *label_ids;
  GPtrArray  *label_names;
  GPtrArray  *label_colors;
  GHashTable *label_index;   /* id ("" for none) -> index + 1 */
  /* Readable documents, in list order, and their counts per label. */
  GPtrArray  *documents;
  GArray     *document_counts;  /* documents->len x n_labels guint */
  GPtrArray  *annotators;       /* Annotator, sorted by name */
  guint      *overlap;          /* n_labels x n_labels */
  guint      *sentence;
  GArray     *passages;         /* Passage, by label, document, position */
  /* Agreement, when asked. */
  char       *annotator_a;
  char       *annotator_b;
  GPtrArray  *agreement_corpus;    /* ShuAgreementRow */
  GPtrArray  *agreement_documents; /* GPtrArray of rows, per document */
};

static void
annotator_free (Annotator *annotator)
{
  g_free (annotator->name);
  g_free (annotator->counts);
  g_free (annotator);
}

void
shu_corpus_report_free (ShuCorpusReport *report)
{
  if (report == NULL)
    return;
  g_clear_object (&report->project);
  g_clear_pointer (&report->label_ids, g_ptr_array_unref);
  g_clear_pointer (&report->label_names, g_ptr_array_unref);
  g_clear_pointer (&report->label_colors, g_ptr_array_unref);
  g_clear_pointer (&report->label_index, g_hash_table_unref);
  g_clear_pointer (&report->documents, g_ptr_array_unref);
  g_clear_pointer (&report->document_counts, g_array_unref);
  g_clear_pointer (&report->annotators, g_ptr_array_unref);
  g_free (report->overlap);
  g_free (report->sentence);
  g_clear_pointer (&report->passages, g_array_unref);
  g_free (report->annotator_a);
  g_free (report->annotator_b);
  g_clear_pointer (&report->agreement_corpus, g_ptr_array_unref);
  g_clear_pointer (&report->agreement_documents, g_ptr_array_unref);
  g_free (report);
}

gboolean
shu_corpus_table_from_name (const char     *name,
                            ShuCorpusTable *table)
{
  static const char *names[] = {
    "documents", "annotators", "overlap", "sentence", "coded", "agreement",
  };

  g_return_val_if_fail (table != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (name, names[i]) == 0)
      {
        *table = (ShuCorpusTable) i;
        return TRUE;
      }
  return FALSE;
}

static guint
n_labels (ShuCorpusReport *report)
{
  return report->label_ids->len;
}

static void
add_label (ShuCorpusReport *report,
           const char      *id,
           const char      *name,
           const char      *color)
{
  g_ptr_array_add (report->label_ids, g_strdup (id));
  g_ptr_array_add (report->label_names, g_strdup (name));
  g_ptr_array_add (report->label_colors, g_strdup (color));
  g_hash_table_insert (report->label_index, g_strdup (id != NULL ? id : ""),
                       GUINT_TO_POINTER (report->label_ids->len));
}

/* The report's index of an annotation's label, through the document's
 * mapping onto the project's labels. */
static guint
label_of (ShuCorpusReport    *report,
          ShuProjectDocument *entry,
          ShuAnnotation      *annotation)
{
  const char *id = shu_annotation_get_label_id (annotation);
  const char *mapped = id != NULL ? shu_project_document_map_label_id (entry, id) : NULL;

  if (id != NULL && mapped == NULL)
    mapped = id;
  return GPOINTER_TO_UINT (g_hash_table_lookup (report->label_index,
                                                mapped != NULL ? mapped : "")) - 1;
}

static void
collect_labels (ShuCorpusReport *report)
{
  GListModel *labels = G_LIST_MODEL (shu_project_get_labels (report->project));
  gboolean unlabelled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (labels, i);

      add_label (report, shu_label_get_id (label), shu_label_get_name (label),
                 shu_label_get_color (label));
    }

  for (guint d = 0; d < report->documents->len; d++)
    {
      ShuProjectDocument *entry = g_ptr_array_index (report->documents, d);
      GPtrArray *unmapped = shu_project_document_get_unmapped_labels (entry);

      for (guint i = 0; i < unmapped->len; i++)
        {
          ShuLabel *label = g_ptr_array_index (unmapped, i);

          if (!g_hash_table_contains (report->label_index, shu_label_get_id (label)))
            add_label (report, shu_label_get_id (label), shu_label_get_name (label),
                       shu_label_get_color (label));
        }
      unlabelled = unlabelled || shu_project_document_count_label (entry, NULL) > 0;
    }

  if (unlabelled)
    /* TRANSLATORS: stands for the annotations that have no label. */
    add_label (report, NULL, _("(no label)"), "#888888");
}

static Annotator *
annotator_for (ShuCorpusReport *report,
               GHashTable      *by_name,
               const char      *name)
{
  Annotator *annotator = g_hash_table_lookup (by_name, name != NULL ? name : "");

  if (annotator == NULL)
    {
      annotator = g_new0 (Annotator, 1);
      annotator->name = g_strdup (name);
      annotator->counts = g_new0 (guint, n_labels (report));
      g_ptr_array_add (report->annotators, annotator);
      g_hash_table_insert (by_name, (gpointer) (name != NULL ? name : ""), annotator);
    }
  return annotator;
}

static int
annotator_compare (gconstpointer a,
                   gconstpointer b)
{
  const Annotator *x = *(const Annotator * const *) a;
  const Annotator *y = *(const Annotator * const *) b;

  /* Annotations without a creator last. */
  if (x->name == NULL || y->name == NULL)
    return (x->name == NULL) - (y->name == NULL);
  return strcmp (x->name, y->name);
}

static gboolean
ends_sentence (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x05C3 || c == '\n';
}

/* The sentence number of every code point of @source. */
static guint *
number_sentences (ShuSource *source)
{
  guint length = shu_source_get_length (source);
  guint *numbers = g_new (guint, length + 1);
  const char *p = shu_source_get_text (source);
  guint sentence = 0;

  for (guint i = 0; i < length; i++, p = g_utf8_next_char (p))
    {
      numbers[i] = sentence;
      if (ends_sentence (g_utf8_get_char (p)))
        sentence++;
    }
  numbers[length] = sentence;
  return numbers;
}

typedef struct
{
  guint first;   /* overlap: start; sentence: first sentence */
  guint last;    /* overlap: end (exclusive); sentence: last (inclusive) */
  guint label;
  ShuAnnotation *annotation;
} Span;

static int
span_compare (gconstpointer a,
              gconstpointer b)
{
  const Span *x = a, *y = b;

  return (x->first > y->first) - (x->first < y->first);
}

static void
count_pair (ShuCorpusReport *report,
            guint           *matrix,
            guint            a,
            guint            b)
{
  guint n = n_labels (report);

  matrix[a * n + b]++;
  if (a != b)
    matrix[b * n + a]++;
}

/* Pairs of overlapping annotations, by their ranges (not only their
 * extents: discontinuous ones overlap where a range does). */
static void
count_overlaps (ShuCorpusReport *report,
                GArray          *spans)
{
  g_array_sort (spans, span_compare);
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *x = &g_array_index (spans, Span, i);

      for (guint j = i + 1; j < spans->len; j++)
        {
          const Span *y = &g_array_index (spans, Span, j);
          const ShuRange *ranges = shu_annotation_get_ranges (y->annotation);
          gboolean overlaps = FALSE;

          if (y->first >= x->last)
            break;
          for (guint r = 0; r < shu_annotation_get_n_ranges (y->annotation) && !overlaps; r++)
            overlaps = shu_annotation_overlaps (x->annotation, ranges[r].start, ranges[r].end);
          if (overlaps)
            count_pair (report, report->overlap, x->label, y->label);
        }
    }
}

static void
count_sentences (ShuCorpusReport *report,
                 GArray          *spans)
{
  g_array_sort (spans, span_compare);
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *x = &g_array_index (spans, Span, i);

      for (guint j = i + 1; j < spans->len; j++)
        {
          const Span *y = &g_array_index (spans, Span, j);

          if (y->first > x->last)
            break;
          count_pair (report, report->sentence, x->label, y->label);
        }
    }
}

static void
passage_clear (gpointer data)
{
  Passage *passage = data;

  g_clear_object (&passage->annotation);
}

static int
passage_compare (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Passage *x = a, *y = b;
  GHashTable *order = user_data;
  guint dx, dy;

  if (x->label != y->label)
    return (x->label > y->label) - (x->label < y->label);
  dx = GPOINTER_TO_UINT (g_hash_table_lookup (order, x->entry));
  dy = GPOINTER_TO_UINT (g_hash_table_lookup (order, y->entry));
  if (dx != dy)
    return (dx > dy) - (dx < dy);
  return shu_annotation_compare (x->annotation, y->annotation);
}

static void
count_document (ShuCorpusReport *report,
                guint            d,
                GHashTable      *annotators)
{
  ShuProjectDocument *entry = g_ptr_array_index (report->documents, d);
  ShuDocument *document = shu_project_document_get_document (entry);
  GListModel *store = G_LIST_MODEL (shu_document_get_store (document));
  guint n = g_list_model_get_n_items (store);
  guint *counts = &g_array_index (report->document_counts, guint, d * n_labels (report));
  g_autoptr(GArray) overlap_spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n);
  g_autoptr(GArray) sentence_spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n);
  g_autofree guint *sentences = number_sentences (shu_document_get_source (document));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (store, i);
      guint label = label_of (report, entry, annotation);
      guint start = shu_annotation_get_start (annotation);
      guint end = shu_annotation_get_end (annotation);
      Span span = { start, end, label, annotation };
      Passage passage = { entry, g_object_ref (annotation), label };
      Annotator *annotator = annotator_for (report, annotators,
                                            shu_annotation_get_creator (annotation));

      counts[label]++;
      annotator->counts[label]++;
      g_array_append_val (overlap_spans, span);
      span.first = sentences[start];
      span.last = sentences[end > start ? end - 1 : start];
      g_array_append_val (sentence_spans, span);
      g_array_append_val (report->passages, passage);
    }
  count_overlaps (report, overlap_spans);
  count_sentences (report, sentence_spans);
}

/* ------------------------------------------------------------------ */
/* Agreement                                                           */

static ShuLabelSet *
report_label_set (ShuCorpusReport *report)
{
  ShuLabelSet *set = shu_label_set_new ();

  for (guint i = 0; i < n_labels (report); i++)
    {
      g_autoptr(ShuLabel) label = NULL;

      if (g_ptr_array_index (report->label_ids, i) == NULL)
        continue;
      label = shu_label_new (g_ptr_array_index (report->label_ids, i),
                             g_ptr_array_index (report->label_names, i),
                             g_ptr_array_index (report->label_colors, i), NULL, 0);
      shu_label_set_append (set, label);
    }
  return set;
}

/* One annotator's annotations of @entry, with the report's label ids,
 * into @document (on the entry's text). */
static void
add_annotator (ShuCorpusReport    *report,
               ShuDocument        *document,
               ShuProjectDocument *entry,
               const char         *annotator)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  GListModel *model = G_LIST_MODEL (shu_document_get_store (
    shu_project_document_get_document (entry)));
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (model, i);
      guint label = label_of (report, entry, annotation);

      if (g_strcmp0 (shu_annotation_get_creator (annotation), annotator) != 0)
        continue;
      g_ptr_array_add (annotations,
                       shu_annotation_new (shu_annotation_get_id (annotation),
                                           shu_annotation_get_ranges (annotation),
                                           shu_annotation_get_n_ranges (annotation),
                                           g_ptr_array_index (report->label_ids, label), NULL,
                                           annotator, shu_annotation_get_created (annotation),
                                           NULL));
    }
  shu_annotation_store_reset (store, annotations, NULL);
}

/* Each document's two annotators compared on its text, and the corpus as
 * those comparisons added up (ShuAgreementTotals). */
static void
compute_agreement (ShuCorpusReport *report)
{
  g_autoptr(ShuLabelSet) labels = report_label_set (report);
  g_autoptr(ShuAgreementTotals) corpus = shu_agreement_totals_new ();

  report->agreement_documents = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_ptr_array_unref);
  for (guint d = 0; d < report->documents->len; d++)
    {
      ShuProjectDocument *entry = g_ptr_array_index (report->documents, d);
      ShuSource *source = shu_document_get_source (shu_project_document_get_document (entry));
      g_autoptr(ShuDocument) a = shu_document_new (source, labels);
      g_autoptr(ShuDocument) b = shu_document_new (source, labels);
      g_autoptr(ShuAgreementTotals) one = shu_agreement_totals_new ();

      add_annotator (report, a, entry, report->annotator_a);
      add_annotator (report, b, entry, report->annotator_b);
      shu_agreement_totals_add (one, a, b);
      shu_agreement_totals_add (corpus, a, b);
      g_ptr_array_add (report->agreement_documents, shu_agreement_totals_get_rows (one));
    }
  report->agreement_corpus = shu_agreement_totals_get_rows (corpus);
}

ShuCorpusReport *
shu_corpus_report_new (ShuProject *project,
                       const char *annotator_a,
                       const char *annotator_b)
{
  ShuCorpusReport *report;
  g_autoptr(GHashTable) annotators = NULL;
  g_autoptr(GHashTable) order = NULL;
  GListModel *list = G_LIST_MODEL (project);
  guint n;

  g_return_val_if_fail (SHU_IS_PROJECT (project), NULL);
  g_return_val_if_fail ((annotator_a == NULL) == (annotator_b == NULL), NULL);

  /* Documents taken from the project's index are read here, together. */
  shu_project_load_documents (project, NULL, NULL);
  report = g_new0 (ShuCorpusReport, 1);
  report->project = g_object_ref (project);
  report->label_ids = g_ptr_array_new_with_free_func (g_free);
  report->label_names = g_ptr_array_new_with_free_func (g_free);
  report->label_colors = g_ptr_array_new_with_free_func (g_free);
  report->label_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  report->documents = g_ptr_array_new_with_free_func (g_object_unref);
  report->annotators = g_ptr_array_new_with_free_func ((GDestroyNotify) annotator_free);
  report->passages = g_array_new (FALSE, FALSE, sizeof (Passage));
  /* The passages keep their annotations: a document edited meanwhile
   * replaces them in its store. */
  g_array_set_clear_func (report->passages, passage_clear);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);

      if (shu_project_document_get_document (entry) != NULL)
        g_ptr_array_add (report->documents, g_steal_pointer (&entry));
    }
  collect_labels (report);
  n = n_labels (report);
  report->document_counts = g_array_new (FALSE, TRUE, sizeof (guint));
  g_array_set_size (report->document_counts, report->documents->len * n);
  report->overlap = g_new0 (guint, MAX (n * n, 1));
  report->sentence = g_new0 (guint, MAX (n * n, 1));

  annotators = g_hash_table_new (g_str_hash, g_str_equal);
  order = g_hash_table_new (NULL, NULL);
  for (guint d = 0; d < report->documents->len; d++)
    {
      g_hash_table_insert (order, g_ptr_array_index (report->documents, d),
                           GUINT_TO_POINTER (d));
      count_document (report, d, annotators);
    }
  g_ptr_array_sort (report->annotators, annotator_compare);
  g_array_sort_with_data (report->passages, passage_compare, order);

  if (annotator_a != NULL)
    {
      report->annotator_a = g_strdup (annotator_a);
      report->annotator_b = g_strdup (annotator_b);
      compute_agreement (report);
    }
  return report;
}

guint
shu_corpus_report_get_n_labels (ShuCorpusReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return n_labels (report);
}

const char *
shu_corpus_report_get_label_id (ShuCorpusReport *report,
                                guint            index)
{
  g_return_val_if_fail (report != NULL && index < n_labels (report), NULL);
  return g_ptr_array_index (report->label_ids, index);
}

const char *
shu_corpus_report_get_label_name (ShuCorpusReport *report,
                                  guint            index)
{
  g_return_val_if_fail (report != NULL && index < n_labels (report), NULL);
  return g_ptr_array_index (report->label_names, index);
}

int
shu_corpus_report_index_of_label (ShuCorpusReport *report,
                                  const char      *label_id)
{
  g_return_val_if_fail (report != NULL, -1);
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (report->label_index,
                                                      label_id != NULL ? label_id : "")) - 1;
}

guint
shu_corpus_report_get_label_total (ShuCorpusReport *report,
                                   guint            index)
{
  guint total = 0;

  g_return_val_if_fail (report != NULL && index < n_labels (report), 0);
  for (guint d = 0; d < report->documents->len; d++)
    total += g_array_index (report->document_counts, guint, d * n_labels (report) + index);
  return total;
}

guint
shu_corpus_report_count_by_annotator (ShuCorpusReport *report,
                                      const char      *annotator,
                                      guint            label)
{
  g_return_val_if_fail (report != NULL && label < n_labels (report), 0);
  for (guint i = 0; i < report->annotators->len; i++)
    {
      Annotator *a = g_ptr_array_index (report->annotators, i);

      if (g_strcmp0 (a->name, annotator) == 0)
        return a->counts[label];
    }
  return 0;
}

guint
shu_corpus_report_get_n_annotators (ShuCorpusReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->annotators->len;
}

const char *
shu_corpus_report_get_annotator (ShuCorpusReport *report,
                                 guint            index)
{
  Annotator *annotator;

  g_return_val_if_fail (report != NULL && index < report->annotators->len, NULL);
  annotator = g_ptr_array_index (report->annotators, index);
  return annotator->name;
}

guint
shu_corpus_report_get_annotator_total (ShuCorpusReport *report,
                                       guint            index)
{
  Annotator *annotator;
  guint total = 0;

  g_return_val_if_fail (report != NULL && index < report->annotators->len, 0);
  annotator = g_ptr_array_index (report->annotators, index);
  for (guint i = 0; i < n_labels (report); i++)
    total += annotator->counts[i];
  return total;
}

GPtrArray *
shu_corpus_report_get_agreement (ShuCorpusReport *report)
{
  g_return_val_if_fail (report != NULL, NULL);
  return report->agreement_corpus;
}

guint
shu_corpus_report_get_n_documents (ShuCorpusReport *report)
{
  g_return_val_if_fail (report != NULL, 0);
  return report->documents->len;
}

guint
shu_corpus_report_get_cooccurrence (ShuCorpusReport *report,
                                    gboolean         same_sentence,
                                    guint            a,
                                    guint            b)
{
  g_return_val_if_fail (report != NULL && a < n_labels (report) && b < n_labels (report), 0);
  return (same_sentence ? report->sentence : report->overlap)[a * n_labels (report) + b];
}

/* ------------------------------------------------------------------ */
/* CSV                                                                 */

static void
csv_uint (GString     *out,
          guint        value,
          ShuCsvFlags  flags,
          gboolean     last)
{
  char text[16];

  g_snprintf (text, sizeof text, "%u", value);
  shu_csv_append_field (out, text, flags, last);
}

static void
csv_label_header (ShuCorpusReport *report,
                  GString         *out,
                  const char      *first,
                  ShuCsvFlags      flags,
                  gboolean         total)
{
  shu_csv_append_field (out, first, flags, FALSE);
  for (guint i = 0; i < n_labels (report); i++)
    shu_csv_append_field (out, g_ptr_array_index (report->label_names, i), flags,
                          !total && i + 1 == n_labels (report));
  if (total)
    shu_csv_append_field (out, "total", flags, TRUE);
  else if (n_labels (report) == 0)
    g_string_append (out, "\r\n");
}

static void
csv_count_row (GString     *out,
               const char  *first,
               const guint *counts,
               guint        n,
               ShuCsvFlags  flags)
{
  guint total = 0;

  shu_csv_append_field (out, first, flags, FALSE);
  for (guint i = 0; i < n; i++)
    {
      csv_uint (out, counts[i], flags, FALSE);
      total += counts[i];
    }
  csv_uint (out, total, flags, TRUE);
}

static char *
dup_passage_text (const Passage *passage)
{
  ShuSource *source = shu_document_get_source (
    shu_project_document_get_document (passage->entry));
  const ShuRange *ranges = shu_annotation_get_ranges (passage->annotation);
  GString *text = g_string_new (NULL);

  for (guint r = 0; r < shu_annotation_get_n_ranges (passage->annotation); r++)
    {
      g_autofree char *part = shu_source_dup_range (source, ranges[r].start, ranges[r].end);

      if (r > 0)
        g_string_append (text, RANGE_SEPARATOR);
      g_string_append (text, part);
    }
  return g_string_free (text, FALSE);
}

static char *
dup_comments (ShuAnnotation *annotation)
{
  GPtrArray *comments = shu_annotation_get_comments (annotation);
  GString *text = g_string_new (NULL);

  for (guint c = 0; c < comments->len; c++)
    {
      if (c > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, shu_comment_get_text (g_ptr_array_index (comments, c)));
    }
  return g_string_free (text, FALSE);
}

ShuProjectDocument *
shu_corpus_report_get_document (ShuCorpusReport *report,
                                guint            index)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (index < report->documents->len, NULL);

  return g_ptr_array_index (report->documents, index);
}

GPtrArray *
shu_corpus_report_get_document_agreement (ShuCorpusReport *report,
                                          guint            index)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (index < report->documents->len, NULL);

  if (report->agreement_documents == NULL)
    return NULL;
  return g_ptr_array_index (report->agreement_documents, index);
}

guint
shu_corpus_report_get_n_passages (ShuCorpusReport *report)
{
  g_return_val_if_fail (report != NULL, 0);

  return report->passages->len;
}

void
shu_corpus_report_get_passage (ShuCorpusReport     *report,
                               guint                index,
                               ShuProjectDocument **document,
                               ShuAnnotation      **annotation,
                               guint               *label)
{
  const Passage *passage;

  g_return_if_fail (report != NULL);
  g_return_if_fail (index < report->passages->len);

  passage = &g_array_index (report->passages, Passage, index);
  if (document != NULL)
    *document = passage->entry;
  if (annotation != NULL)
    *annotation = passage->annotation;
  if (label != NULL)
    *label = passage->label;
}

char *
shu_corpus_report_dup_passage_text (ShuCorpusReport *report,
                                    guint            index)
{
  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (index < report->passages->len, NULL);

  return dup_passage_text (&g_array_index (report->passages, Passage, index));
}

static int
name_compare (gconstpointer a,
              gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
shu_corpus_list_annotators (ShuProject *project)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  GListModel *list = G_LIST_MODEL (project);

  g_return_val_if_fail (SHU_IS_PROJECT (project), names);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      ShuDocument *document = shu_project_document_get_document (entry);
      GPtrArray *creators = shu_project_document_get_annotators (entry);
      GPtrArray *statuses = document != NULL ? shu_document_get_statuses (document) : NULL;

      for (guint c = 0; creators != NULL && c < creators->len; c++)
        if (g_hash_table_add (seen, g_ptr_array_index (creators, c)))
          g_ptr_array_add (names, g_strdup (g_ptr_array_index (creators, c)));
      for (guint s = 0; statuses != NULL && s < statuses->len; s++)
        {
          ShuStatusRecord *record = g_ptr_array_index (statuses, s);

          if (g_hash_table_add (seen, record->annotator))
            g_ptr_array_add (names, g_strdup (record->annotator));
        }
    }
  g_ptr_array_sort (names, name_compare);
  return names;
}

void
shu_corpus_count_statuses (ShuProject *project,
                           const char *annotator,
                           guint       counts[SHU_ANNOTATOR_N_STATUSES])
{
  GListModel *list = G_LIST_MODEL (project);

  g_return_if_fail (SHU_IS_PROJECT (project));
  g_return_if_fail (annotator != NULL);

  memset (counts, 0, SHU_ANNOTATOR_N_STATUSES * sizeof counts[0]);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (list, i);
      ShuDocument *document = shu_project_document_get_document (entry);

      if (document != NULL)
        counts[shu_document_get_status (document, annotator)]++;
    }
}

static void
csv_agreement_rows (GString     *out,
                    const char  *document,
                    GPtrArray   *rows,
                    ShuCsvFlags  flags)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ShuAgreementRow *row = g_ptr_array_index (rows, i);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *exact = shu_agreement_format_value (row->exact_f1, row->f1_defined);
      g_autofree char *overlap = shu_agreement_format_value (row->overlap_f1, row->f1_defined);

      shu_csv_append_field (out, document, flags, FALSE);
      shu_csv_append_field (out, row->overall ? "(all)" : row->label, flags, FALSE);
      csv_uint (out, row->n_a, flags, FALSE);
      csv_uint (out, row->n_b, flags, FALSE);
      shu_csv_append_field (out, kappa, flags, FALSE);
      shu_csv_append_field (out, exact, flags, FALSE);
      shu_csv_append_field (out, overlap, flags, TRUE);
    }
}

/* The coded passages of label @label, or of all when it is -1. */
static void
csv_coded (ShuCorpusReport *report,
           GString         *out,
           int              label,
           ShuCsvFlags      flags)
{
  g_string_append (out, "label,document,start,end,text,creator,comment\r\n");
  for (guint i = 0; i < report->passages->len; i++)
    {
      const Passage *passage = &g_array_index (report->passages, Passage, i);
      g_autofree char *text = NULL;
      g_autofree char *comments = NULL;

      if (label >= 0 && passage->label != (guint) label)
        continue;
      text = dup_passage_text (passage);
      comments = dup_comments (passage->annotation);
      shu_csv_append_field (out, g_ptr_array_index (report->label_names, passage->label),
                            flags, FALSE);
      shu_csv_append_field (out, shu_project_document_get_name (passage->entry), flags,
                            FALSE);
      csv_uint (out, shu_annotation_get_start (passage->annotation), flags, FALSE);
      csv_uint (out, shu_annotation_get_end (passage->annotation), flags, FALSE);
      shu_csv_append_field (out, text, flags, FALSE);
      shu_csv_append_field (out, shu_annotation_get_creator (passage->annotation), flags,
                            FALSE);
      shu_csv_append_field (out, comments, flags, TRUE);
    }
}

GBytes *
shu_corpus_report_coded_to_csv (ShuCorpusReport *report,
                                int              label,
                                ShuCsvFlags      flags)
{
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);
  g_return_val_if_fail (label < (int) n_labels (report), NULL);

  out = g_string_new (NULL);
  csv_coded (report, out, label, flags);
  return g_string_free_to_bytes (out);
}

GBytes *
shu_corpus_report_to_csv (ShuCorpusReport *report,
                          ShuCorpusTable   table,
                          ShuCsvFlags      flags)
{
  GString *out;
  guint n;

  g_return_val_if_fail (report != NULL, NULL);

  if (table == SHU_CORPUS_TABLE_AGREEMENT && report->agreement_corpus == NULL)
    return NULL;

  n = n_labels (report);
  out = g_string_new (NULL);
  switch (table)
    {
    case SHU_CORPUS_TABLE_DOCUMENTS:
      csv_label_header (report, out, "document", flags, TRUE);
      for (guint d = 0; d < report->documents->len; d++)
        csv_count_row (out,
                       shu_project_document_get_name (g_ptr_array_index (report->documents, d)),
                       &g_array_index (report->document_counts, guint, d * n), n, flags);
      break;

    case SHU_CORPUS_TABLE_ANNOTATORS:
      csv_label_header (report, out, "annotator", flags, TRUE);
      for (guint i = 0; i < report->annotators->len; i++)
        {
          Annotator *annotator = g_ptr_array_index (report->annotators, i);

          csv_count_row (out, annotator->name != NULL ? annotator->name : "", annotator->counts,
                         n, flags);
        }
      break;

    case SHU_CORPUS_TABLE_OVERLAP:
    case SHU_CORPUS_TABLE_SENTENCE:
      csv_label_header (report, out, "label", flags, FALSE);
      for (guint a = 0; a < n; a++)
        {
          shu_csv_append_field (out, g_ptr_array_index (report->label_names, a), flags, FALSE);
          for (guint b = 0; b < n; b++)
            csv_uint (out, shu_corpus_report_get_cooccurrence (
                        report, table == SHU_CORPUS_TABLE_SENTENCE, a, b),
                      flags, b + 1 == n);
        }
      break;

    case SHU_CORPUS_TABLE_CODED:
      csv_coded (report, out, -1, flags);
      break;

    case SHU_CORPUS_TABLE_AGREEMENT:
      g_string_append (out, "document,label,n_a,n_b,kappa,exact_f1,overlap_f1\r\n");
      csv_agreement_rows (out, "(all)", report->agreement_corpus, flags);
      for (guint d = 0; d < report->documents->len; d++)
        csv_agreement_rows (out,
                            shu_project_document_get_name (g_ptr_array_index (report->documents,
                                                                              d)),
                            g_ptr_array_index (report->agreement_documents, d), flags);
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  return g_string_free_to_bytes (out);
}

/* ------------------------------------------------------------------ */
/* HTML                                                                */

static const char report_style[] =
  "body{font-family:sans-serif;margin:2em;line-height:1.5}"
  "table{border-collapse:collapse;margin:1em 0}"
  "th,td{border:1px solid #ccc;padding:.2em .6em;text-align:start}"
  "td.n{text-align:end;font-variant-numeric:tabular-nums}"
  "svg{display:block;margin:1em 0;max-width:100%}"
  "svg text{font:12px sans-serif}"
  ".bidi{color:#b3261e;font-size:.8em}"
  "blockquote{margin:.3em 1em;padding:0 .6em;border-inline-start:4px solid #ccc}"
  ".meta{color:#555;font-size:.9em}";

#define BAR_HEIGHT 20
#define BAR_GAP 6
#define NAME_WIDTH 160
#define BAR_WIDTH 360
#define COUNT_WIDTH 60
#define CELL 32

static void
append_text (GString    *out,
             const char *text)
{
  shu_html_append_escaped (out, text, TRUE);
}

/* SVG text holds no HTML: directional controls are shown as marks in the
 * text itself. */
static void
append_svg_text (GString    *out,
                 const char *text)
{
  g_autofree char *visible = shu_text_make_bidi_visible (text);

  shu_html_append_escaped (out, visible, FALSE);
}

/* Names end at the bars: in a right-to-left chart the name's start is at
 * the right edge and it runs leftwards to them. */
static const char *
name_anchor (gboolean rtl)
{
  return rtl ? "text-anchor=\"start\" direction=\"rtl\"" : "text-anchor=\"end\"";
}

static void
append_bar_chart (ShuCorpusReport *report,
                  GString         *out,
                  gboolean         rtl)
{
  guint n = n_labels (report);
  guint width = NAME_WIDTH + BAR_WIDTH + COUNT_WIDTH;
  guint height = MAX (n, 1) * (BAR_HEIGHT + BAR_GAP);
  guint max = 1;

  for (guint i = 0; i < n; i++)
    max = MAX (max, shu_corpus_report_get_label_total (report, i));

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bars\" "
                          "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                          "aria-label=\"", width, height, width, height);
  append_text (out, _("Annotations per label"));
  g_string_append (out, "\">\n");
  for (guint i = 0; i < n; i++)
    {
      guint total = shu_corpus_report_get_label_total (report, i);
      guint length = (guint) ((double) total / max * BAR_WIDTH);
      guint y = i * (BAR_HEIGHT + BAR_GAP);
      /* Under a right-to-left project the chart is mirrored: names on the
       * right, bars growing to the left. */
      guint name_x = rtl ? width - 4 : NAME_WIDTH - 4;
      guint bar_x = rtl ? width - NAME_WIDTH - length : NAME_WIDTH;
      guint count_x = rtl ? bar_x - 4 : NAME_WIDTH + length + 4;

      g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" %s>", name_x, y + BAR_HEIGHT - 5,
                              name_anchor (rtl));
      append_svg_text (out, g_ptr_array_index (report->label_names, i));
      g_string_append_printf (out, "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
                              "fill=\"", bar_x, y, length, BAR_HEIGHT);
      append_text (out, g_ptr_array_index (report->label_colors, i));
      g_string_append_printf (out, "\"/><text x=\"%u\" y=\"%u\" text-anchor=\"%s\">%u</text>\n",
                              count_x, y + BAR_HEIGHT - 5, rtl ? "end" : "start", total);
    }
  g_string_append (out, "</svg>\n");
}

/* The per-annotator chart: for each label a row with its name (at the
 * reading side), then a bar per annotator in the label's colour, all on
 * one scale (the most one annotator gave one label). */
static void
append_annotator_chart (ShuCorpusReport *report,
                        GString         *out,
                        gboolean         rtl)
{
  guint n = n_labels (report);
  guint n_annotators = report->annotators->len;
  guint width = NAME_WIDTH + BAR_WIDTH + COUNT_WIDTH;
  guint row = BAR_HEIGHT + BAR_GAP;
  guint height = MAX (n * (1 + n_annotators), 1) * row;
  guint max = 1;

  for (guint a = 0; a < n_annotators; a++)
    for (guint i = 0; i < n; i++)
      max = MAX (max, ((Annotator *) g_ptr_array_index (report->annotators, a))->counts[i]);

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                          "class=\"annotator-bars\" width=\"%u\" height=\"%u\" "
                          "viewBox=\"0 0 %u %u\" role=\"img\" aria-label=\"",
                          width, height, width, height);
  append_text (out, _("Annotations per label and annotator"));
  g_string_append (out, "\">\n");
  for (guint i = 0, y = 0; i < n; i++)
    {
      /* A style, not an attribute: the page's "svg text" font would win. */
      g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" style=\"font-weight:bold\" %s>",
                              rtl ? width - 4 : 4, y + BAR_HEIGHT - 5,
                              rtl ? "direction=\"rtl\"" : "text-anchor=\"start\"");
      append_svg_text (out, g_ptr_array_index (report->label_names, i));
      g_string_append (out, "</text>\n");
      y += row;
      for (guint a = 0; a < n_annotators; a++, y += row)
        {
          Annotator *annotator = g_ptr_array_index (report->annotators, a);
          guint count = annotator->counts[i];
          guint length = (guint) ((double) count / max * BAR_WIDTH);
          guint name_x = rtl ? width - 4 : NAME_WIDTH - 4;
          guint bar_x = rtl ? width - NAME_WIDTH - length : NAME_WIDTH;
          guint count_x = rtl ? bar_x - 4 : NAME_WIDTH + length + 4;

          g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" %s>", name_x,
                                  y + BAR_HEIGHT - 5, name_anchor (rtl));
          /* TRANSLATORS: stands for an annotation's creator when none is recorded. */
          append_svg_text (out, annotator->name != NULL ? annotator->name : _("(unknown)"));
          g_string_append_printf (out, "</text><rect x=\"%u\" y=\"%u\" width=\"%u\" "
                                  "height=\"%u\" fill=\"", bar_x, y, length, BAR_HEIGHT);
          append_text (out, g_ptr_array_index (report->label_colors, i));
          g_string_append_printf (out, "\"/><text x=\"%u\" y=\"%u\" text-anchor=\"%s\">%u"
                                  "</text>\n", count_x, y + BAR_HEIGHT - 5,
                                  rtl ? "end" : "start", count);
        }
    }
  g_string_append (out, "</svg>\n");
}

static void
append_heat_map (ShuCorpusReport *report,
                 GString         *out,
                 gboolean         rtl)
{
  guint n = n_labels (report);
  guint width = NAME_WIDTH + MAX (n, 1) * CELL;
  guint height = CELL + MAX (n, 1) * CELL;
  guint max = 1;

  for (guint i = 0; i < n * n; i++)
    max = MAX (max, report->overlap[i]);

  g_string_append_printf (out, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heat\" "
                          "width=\"%u\" height=\"%u\" viewBox=\"0 0 %u %u\" role=\"img\" "
                          "aria-label=\"", width, height, width, height);
  append_text (out, _("Overlapping labels"));
  g_string_append (out, "\">\n");
  for (guint a = 0; a < n; a++)
    {
      /* Columns are numbered as the rows: the names do not fit above. */
      guint column_x = rtl ? width - NAME_WIDTH - (a + 1) * CELL : NAME_WIDTH + a * CELL;
      guint row_y = CELL + a * CELL;

      g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">%u</text>",
                              column_x + CELL / 2, CELL - 10, a + 1);
      g_string_append_printf (out, "<text x=\"%u\" y=\"%u\" %s>%u. ",
                              rtl ? width - 4 : NAME_WIDTH - 4, row_y + CELL / 2 + 4,
                              name_anchor (rtl), a + 1);
      append_svg_text (out, g_ptr_array_index (report->label_names, a));
      g_string_append (out, "</text>\n");
      for (guint b = 0; b < n; b++)
        {
          guint value = report->overlap[a * n + b];
          guint x = rtl ? width - NAME_WIDTH - (b + 1) * CELL : NAME_WIDTH + b * CELL;
          char opacity[G_ASCII_DTOSTR_BUF_SIZE];

          g_ascii_formatd (opacity, sizeof opacity, "%.2f", (double) value / max);
          g_string_append_printf (out, "<rect x=\"%u\" y=\"%u\" width=\"%u\" height=\"%u\" "
                                  "fill=\"#b3261e\" fill-opacity=\"%s\" stroke=\"#ccc\"/>"
                                  "<text x=\"%u\" y=\"%u\" text-anchor=\"middle\">%u</text>\n",
                                  x, row_y, CELL, CELL, opacity, x + CELL / 2,
                                  row_y + CELL / 2 + 4, value);
        }
    }
  g_string_append (out, "</svg>\n");
}

static void
append_count_table (ShuCorpusReport *report,
                    GString         *out,
                    const char      *first,
                    gboolean         annotators)
{
  guint n = n_labels (report);
  guint rows = annotators ? report->annotators->len : report->documents->len;

  g_string_append (out, "<table>\n<tr><th>");
  append_text (out, first);
  g_string_append (out, "</th>");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "<th>");
      append_text (out, g_ptr_array_index (report->label_names, i));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "<th>");
  append_text (out, _("Total"));
  g_string_append (out, "</th></tr>\n");

  for (guint r = 0; r < rows; r++)
    {
      const guint *counts;
      const char *name;
      guint total = 0;

      if (annotators)
        {
          Annotator *annotator = g_ptr_array_index (report->annotators, r);

          counts = annotator->counts;
          /* TRANSLATORS: stands for an annotation's creator when none is recorded. */
          name = annotator->name != NULL ? annotator->name : _("(unknown)");
        }
      else
        {
          counts = &g_array_index (report->document_counts, guint, r * n);
          name = shu_project_document_get_name (g_ptr_array_index (report->documents, r));
        }
      g_string_append (out, "<tr><td>");
      append_text (out, name);
      g_string_append (out, "</td>");
      for (guint i = 0; i < n; i++)
        {
          g_string_append_printf (out, "<td class=\"n\">%u</td>", counts[i]);
          total += counts[i];
        }
      g_string_append_printf (out, "<td class=\"n\">%u</td></tr>\n", total);
    }
  g_string_append (out, "</table>\n");
}

static void
append_matrix_table (ShuCorpusReport *report,
                     GString         *out,
                     gboolean         same_sentence)
{
  guint n = n_labels (report);

  g_string_append (out, "<table>\n<tr><th></th>");
  for (guint i = 0; i < n; i++)
    {
      g_string_append (out, "<th>");
      append_text (out, g_ptr_array_index (report->label_names, i));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr>\n");
  for (guint a = 0; a < n; a++)
    {
      g_string_append (out, "<tr><th>");
      append_text (out, g_ptr_array_index (report->label_names, a));
      g_string_append (out, "</th>");
      for (guint b = 0; b < n; b++)
        g_string_append_printf (out, "<td class=\"n\">%u</td>",
                                shu_corpus_report_get_cooccurrence (report, same_sentence, a, b));
      g_string_append (out, "</tr>\n");
    }
  g_string_append (out, "</table>\n");
}

static void
append_coded (ShuCorpusReport *report,
              GString         *out)
{
  guint label = G_MAXUINT;

  for (guint i = 0; i < report->passages->len; i++)
    {
      const Passage *passage = &g_array_index (report->passages, Passage, i);
      g_autofree char *text = dup_passage_text (passage);
      GPtrArray *comments = shu_annotation_get_comments (passage->annotation);
      const char *creator = shu_annotation_get_creator (passage->annotation);

      if (passage->label != label)
        {
          label = passage->label;
          g_string_append (out, "<h3>");
          append_text (out, g_ptr_array_index (report->label_names, label));
          g_string_append (out, "</h3>\n");
        }
      g_string_append (out, "<blockquote>");
      append_text (out, text);
      g_string_append_printf (out, "<div class=\"meta\">");
      append_text (out, shu_project_document_get_name (passage->entry));
      g_string_append_printf (out, " %u–%u", shu_annotation_get_start (passage->annotation),
                              shu_annotation_get_end (passage->annotation));
      if (creator != NULL)
        {
          g_string_append (out, " · ");
          append_text (out, creator);
        }
      g_string_append (out, "</div>");
      for (guint c = 0; c < comments->len; c++)
        {
          g_string_append (out, "<p>");
          append_text (out, shu_comment_get_text (g_ptr_array_index (comments, c)));
          g_string_append (out, "</p>");
        }
      g_string_append (out, "</blockquote>\n");
    }
}

static void
append_agreement_rows (GString    *out,
                       const char *document,
                       GPtrArray  *rows)
{
  for (guint i = 0; i < rows->len; i++)
    {
      ShuAgreementRow *row = g_ptr_array_index (rows, i);
      g_autofree char *kappa = shu_agreement_format_value (row->kappa, row->kappa_defined);
      g_autofree char *exact = shu_agreement_format_value (row->exact_f1, row->f1_defined);
      g_autofree char *overlap = shu_agreement_format_value (row->overlap_f1, row->f1_defined);

      g_string_append (out, "<tr><td>");
      append_text (out, document);
      g_string_append (out, "</td><td>");
      /* TRANSLATORS: the agreement row for all labels together. */
      append_text (out, row->overall ? _("All labels") : row->label);
      g_string_append_printf (out, "</td><td class=\"n\">%u</td><td class=\"n\">%u</td>"
                              "<td class=\"n\">%s</td><td class=\"n\">%s</td>"
                              "<td class=\"n\">%s</td></tr>\n",
                              row->n_a, row->n_b, kappa, exact, overlap);
    }
}

static void
append_agreement (ShuCorpusReport *report,
                  GString         *out)
{
  const char *headers[] = {
    N_("Document"), N_("Label"), NULL, NULL, N_("Kappa"), N_("Exact F1"), N_("Overlap F1"),
  };

  g_string_append (out, "<table>\n<tr>");
  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    {
      g_string_append (out, "<th>");
      append_text (out, headers[i] != NULL ? _(headers[i])
                                           : i == 2 ? report->annotator_a : report->annotator_b);
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr>\n");
  /* TRANSLATORS: the agreement rows over every document together. */
  append_agreement_rows (out, _("All documents"), report->agreement_corpus);
  for (guint d = 0; d < report->documents->len; d++)
    append_agreement_rows (out,
                           shu_project_document_get_name (g_ptr_array_index (report->documents,
                                                                             d)),
                           g_ptr_array_index (report->agreement_documents, d));
  g_string_append (out, "</table>\n");
}

static void
append_heading (GString    *out,
                const char *heading)
{
  g_string_append (out, "<h2>");
  append_text (out, heading);
  g_string_append (out, "</h2>\n");
}

GBytes *
shu_corpus_report_to_html (ShuCorpusReport *report)
{
  const char *direction, *language;
  g_autofree char *folder = NULL;
  g_autofree char *title = NULL;
  gboolean rtl;
  guint total = 0;
  GString *out;

  g_return_val_if_fail (report != NULL, NULL);

  direction = shu_project_get_text_direction (report->project);
  language = shu_project_get_language (report->project);
  rtl = g_strcmp0 (direction, "rtl") == 0;
  folder = g_file_get_basename (shu_project_get_folder (report->project));
  /* TRANSLATORS: the title of a project's report; %s is the folder's name. */
  title = g_strdup_printf (_("Report on %s"), folder);
  for (guint i = 0; i < n_labels (report); i++)
    total += shu_corpus_report_get_label_total (report, i);

  out = g_string_new ("<!DOCTYPE html>\n<html lang=\"");
  append_text (out, language != NULL ? language : "und");
  g_string_append_printf (out, "\" dir=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                          rtl ? "rtl" : "ltr");
  append_text (out, title);
  g_string_append_printf (out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
                          report_style);
  append_text (out, title);
  g_string_append (out, "</h1>\n<p>");
  {
    g_autofree char *documents = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents", report->documents->len),
      report->documents->len);
    g_autofree char *annotations = g_strdup_printf (
      g_dngettext (GETTEXT_PACKAGE, "%u annotation", "%u annotations", total), total);

    append_text (out, documents);
    g_string_append (out, " · ");
    append_text (out, annotations);
  }
  g_string_append (out, "</p>\n");

  append_heading (out, _("Annotations per label"));
  append_bar_chart (report, out, rtl);
  append_count_table (report, out, _("Document"), FALSE);
  append_heading (out, _("Annotations per annotator"));
  append_annotator_chart (report, out, rtl);
  append_count_table (report, out, _("Annotator"), TRUE);
  append_heading (out, _("Overlapping labels"));
  append_heat_map (report, out, rtl);
  append_matrix_table (report, out, FALSE);
  append_heading (out, _("Labels in the same sentence"));
  append_matrix_table (report, out, TRUE);
  if (report->agreement_corpus != NULL)
    {
      append_heading (out, _("Agreement"));
      append_agreement (report, out);
    }
  append_heading (out, _("Coded text"));
  append_coded (report, out);
  g_string_append (out, "</body>\n</html>\n");

  return g_string_free_to_bytes (out);
}
