/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-csv.h"
#include "shu-project.h"

G_BEGIN_DECLS

/**
 * ShuCorpusTable:
 * @SHU_CORPUS_TABLE_DOCUMENTS: annotations per label, one row per document
 * @SHU_CORPUS_TABLE_ANNOTATORS: annotations per label, one row per annotator
 * @SHU_CORPUS_TABLE_OVERLAP: label co-occurrence: pairs of annotations
 *   whose ranges overlap
 * @SHU_CORPUS_TABLE_SENTENCE: label co-occurrence: pairs of annotations
 *   that touch the same sentence
 * @SHU_CORPUS_TABLE_CODED: every passage of every label, with comments
 * @SHU_CORPUS_TABLE_AGREEMENT: agreement between two annotators, over the
 *   whole corpus and per document
 *
 * The tables of a report, each exportable as CSV (docs/PROJECTS.md gives
 * their columns).
 */
typedef enum
{
  SHU_CORPUS_TABLE_DOCUMENTS,
  SHU_CORPUS_TABLE_ANNOTATORS,
  SHU_CORPUS_TABLE_OVERLAP,
  SHU_CORPUS_TABLE_SENTENCE,
  SHU_CORPUS_TABLE_CODED,
  SHU_CORPUS_TABLE_AGREEMENT,
} ShuCorpusTable;

/* "documents", "annotators", ...: the names the CLI takes; FALSE when
 * @name is none of them. */
gboolean     shu_corpus_table_from_name (const char     *name,
                                         ShuCorpusTable *table);

/**
 * ShuCorpusReport:
 *
 * The figures of a scanned project, computed once from the documents the
 * scan read (no file is read): label frequencies per document and per
 * annotator, co-occurrence, the coded passages, and (when two annotators
 * are named) agreement. Labels are the project's (shu_project_get_labels()
 * in order), then the documents' labels the code book lacks, then "no
 * label" when some annotation has none.
 *
 * Co-occurrence counts unordered pairs of two different annotations, by
 * their labels (a label with itself on the diagonal). A sentence ends
 * after ".", "!", "?", "…", the Hebrew sof pasuq "׃" or a line break; an
 * annotation touches every sentence from the one of its first code point
 * to the one of its last.
 *
 * Agreement is shu_agreement_compute() between the annotations of
 * @annotator_a and those of @annotator_b (by creator name): per document,
 * and over the corpus as the documents' comparisons added up
 * (#ShuAgreementTotals: as if the texts were one), so that kappa and F1
 * weigh every code point and every annotation once.
 */
typedef struct _ShuCorpusReport ShuCorpusReport;

ShuCorpusReport *shu_corpus_report_new       (ShuProject      *project,
                                              const char      *annotator_a,
                                              const char      *annotator_b)
                                              G_GNUC_WARN_UNUSED_RESULT;
void             shu_corpus_report_free      (ShuCorpusReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuCorpusReport, shu_corpus_report_free)

/* The labels in report order: ids (NULL for "no label") and names. */
guint            shu_corpus_report_get_n_labels  (ShuCorpusReport *report);
const char      *shu_corpus_report_get_label_id  (ShuCorpusReport *report,
                                                  guint            index);
const char      *shu_corpus_report_get_label_name (ShuCorpusReport *report,
                                                   guint            index);
/* -1 when @label_id (NULL: no label) is not in the report. */
int              shu_corpus_report_index_of_label (ShuCorpusReport *report,
                                                   const char      *label_id);
/* Annotations of label @index in the whole corpus. */
guint            shu_corpus_report_get_label_total (ShuCorpusReport *report,
                                                    guint            index);
/* By annotator name (NULL: annotations without a creator). */
guint            shu_corpus_report_count_by_annotator (ShuCorpusReport *report,
                                                       const char      *annotator,
                                                       guint            label);
/* The annotators, sorted by name (NULL last: annotations without a
 * creator), and how many annotations each made. */
guint            shu_corpus_report_get_n_annotators (ShuCorpusReport *report);
const char      *shu_corpus_report_get_annotator    (ShuCorpusReport *report,
                                                     guint            index);
guint            shu_corpus_report_get_annotator_total (ShuCorpusReport *report,
                                                        guint            index);
/* Readable documents in the report (the list's, without those whose text
 * could not be read). */
guint            shu_corpus_report_get_n_documents  (ShuCorpusReport *report);
/* Pairs of labels @a and @b (symmetric). */
guint            shu_corpus_report_get_cooccurrence (ShuCorpusReport *report,
                                                     gboolean         same_sentence,
                                                     guint            a,
                                                     guint            b);

/* (element-type ShuAgreementRow): the corpus rows of the agreement, or
 * NULL when no two annotators were named. */
GPtrArray       *shu_corpus_report_get_agreement (ShuCorpusReport *report);

/* The documents in the report, by index (shu_corpus_report_get_n_documents()). */
ShuProjectDocument *shu_corpus_report_get_document (ShuCorpusReport *report,
                                                    guint            index);
/* (element-type ShuAgreementRow): the agreement rows of document @index
 * alone, or NULL when no two annotators were named. */
GPtrArray       *shu_corpus_report_get_document_agreement (ShuCorpusReport *report,
                                                           guint            index);

/* The coded passages: every annotation of the corpus, by label (report
 * order), then document (list order), then position. */
guint            shu_corpus_report_get_n_passages (ShuCorpusReport *report);
/* Passage @index: its document, its annotation and its label's index. */
void             shu_corpus_report_get_passage    (ShuCorpusReport     *report,
                                                   guint                index,
                                                   ShuProjectDocument **document,
                                                   ShuAnnotation      **annotation,
                                                   guint               *label);
/* Its text (the ranges of a discontinuous one joined by " … "). */
char            *shu_corpus_report_dup_passage_text (ShuCorpusReport *report,
                                                     guint            index)
                                                     G_GNUC_WARN_UNUSED_RESULT;

/* Everyone in a scanned project: the annotations' creators and those who
 * gave a status (shu_document_get_statuses()), sorted, once each.
 * (transfer full) (element-type utf8) */
GPtrArray       *shu_corpus_list_annotators (ShuProject *project) G_GNUC_WARN_UNUSED_RESULT;

/* How many readable texts of @project @annotator has not started, is in
 * progress on and is done with (shu_document_get_status()), by
 * #ShuAnnotatorStatus. */
void             shu_corpus_count_statuses  (ShuProject *project,
                                             const char *annotator,
                                             guint       counts[SHU_ANNOTATOR_N_STATUSES]);

/* A table as CSV (shu_csv_append_field() for every cell). NULL for
 * SHU_CORPUS_TABLE_AGREEMENT when no two annotators were named. */
GBytes          *shu_corpus_report_to_csv    (ShuCorpusReport *report,
                                              ShuCorpusTable   table,
                                              ShuCsvFlags      flags)
                                              G_GNUC_WARN_UNUSED_RESULT;
/* The coded passages of label @label (report order) as CSV, the columns
 * of SHU_CORPUS_TABLE_CODED; every label's when @label is -1. */
GBytes          *shu_corpus_report_coded_to_csv (ShuCorpusReport *report,
                                                 int              label,
                                                 ShuCsvFlags      flags)
                                                 G_GNUC_WARN_UNUSED_RESULT;
/**
 * shu_corpus_report_to_html:
 *
 * The whole report as one self-contained HTML file (inline CSS, no script,
 * nothing from outside), in the project's language and direction: a bar
 * chart of the label totals and a heat map of overlapping labels as inline
 * SVG, drawn from the right under a right-to-left project, and every
 * table. Everything from the files is escaped and its directional
 * formatting characters made visible (shu_html_append_escaped()).
 */
GBytes          *shu_corpus_report_to_html   (ShuCorpusReport *report)
                                              G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
