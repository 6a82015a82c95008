/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-agreement.h"
#include "shu-alert.h"
#include "shu-corpus-search.h"
#include "shu-file-chooser.h"
#include "shu-project-exporter.h"
#include "shu-project-suggestions.h"
#include "shu-project-window.h"
#include "shu-report-chart.h"
#include "shu-safe-file.h"
#include "shu-text-view.h"
#include "shu-window.h"

/* Rows of search results shown at most: more are counted, not drawn. */
#define MAX_RESULTS 500

struct _ShuProjectWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwViewStack         *stack;
  AdwToastOverlay      *toasts;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress;
  GtkLabel             *progress_label;
  GtkColumnView        *documents;
  GtkSearchEntry       *filter_entry;
  GtkLabel             *errors_label;
  GtkDropDown          *status_annotator;
  GtkDropDown          *status_filter;
  GtkSearchEntry       *search_entry;
  GtkDropDown          *query_label;
  GtkDropDown          *query_creator;
  GtkSearchEntry       *query_attribute;
  GtkSearchEntry       *query_comment;
  GtkCheckButton       *query_relation;
  GtkListBox           *results;
  GtkLabel             *results_label;
  GtkWidget            *bars;
  GtkWidget            *annotator_bars;
  GtkWidget            *heat_map;
  GtkLabel             *report_label;
  GtkDropDown          *agreement_a;
  GtkDropDown          *agreement_b;
  GtkLabel             *agreement_hint;
  GtkGrid              *agreement_labels;
  GtkGrid              *agreement_documents;
  GtkDropDown          *coded_label;
  GtkListBox           *coded_passages;

  /* Owned */
  ShuProject           *project;
  GCancellable         *scan_cancellable;
  GCancellable         *search_cancellable;
  ShuCorpusReport      *report;
  GPtrArray            *annotators;      /* utf8: the project's, sorted */
  GPtrArray            *label_ids;       /* utf8: the label drop-down's, after "any" */
  GtkFilter            *by_status;
  guint                 scanning : 1;
  guint                 searching : 1;
  guint                 search_again : 1;   /* the query changed while a search ran */
  guint                 reporting : 1;
  guint                 report_again : 1;   /* the annotators changed meanwhile */
  guint                 filling : 1;        /* the drop-downs get their items */
};

G_DEFINE_FINAL_TYPE (ShuProjectWindow, shu_project_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_search (ShuProjectWindow *self);
static void start_report (ShuProjectWindow *self);

/* Opening a document ------------------------------------------------------ */

typedef struct
{
  guint start;
  guint end;
} Match;

static void
opened_at_match_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autofree Match *match = user_data;
  ShuWindow *window = SHU_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!shu_window_open_file_finish (window, result, &error))
    {
      /* The document window says what went wrong; the match is moot. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("%s", error->message);
      return;
    }
  shu_text_view_select_range (shu_window_get_text_view (window), match->start, match->end);
}

/* Once the document with its annotations is shown (a text is shown alone
 * first, while "loading"), its labels that map onto the
 * code book get what the code book declares for them (attributes,
 * relation types): the code book is the project's word on what a label's
 * annotations may carry. Undoable, and saved into the sidecar with the
 * rest. */
static void
document_loaded_cb (ShuWindow  *window,
                    GParamSpec *pspec,
                    gpointer    user_data)
{
  ShuLabelSet *codebook = user_data;
  ShuDocument *document;

  document = shu_window_get_document (window);
  if (shu_window_get_loading (window) || document == NULL)
    return;
  shu_codebook_apply_declarations (codebook, shu_document_get_store (document));
  g_signal_handlers_disconnect_by_func (window, document_loaded_cb, user_data);
}

/* A document opens in a window of its own, as Files opens a file: the
 * list (and a search's results) stay as they were, beside it, and the
 * document window keeps everything it does for one text (saving, undo,
 * asking about unsaved changes on close) unchanged. */
static void
open_document (ShuProjectWindow   *self,
               ShuProjectDocument *entry,
               const Match        *at)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  ShuWindow *window = shu_window_new (app);
  GFile *text = shu_project_document_get_text_file (entry);

  if (shu_project_has_codebook (self->project))
    g_signal_connect_data (window, "notify::document", G_CALLBACK (document_loaded_cb),
                           g_object_ref (shu_project_get_labels (self->project)),
                           (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  if (at != NULL)
    shu_window_open_file_async (window, text, opened_at_match_cb, g_memdup2 (at, sizeof *at));
  else
    shu_window_open_file_interactive (window, text);
  gtk_window_present (GTK_WINDOW (window));
}

static void
document_activate_cb (GtkColumnView    *view,
                      guint             position,
                      ShuProjectWindow *self)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (model, position);

  if (entry != NULL && shu_project_document_is_readable (entry))
    open_document (self, entry, NULL);
}

/* The document list -------------------------------------------------------- */

typedef char *(*CellText) (ShuProjectDocument *entry,
                           const char         *data);

static char *
name_text (ShuProjectDocument *entry,
           const char         *data)
{
  return g_strdup (shu_project_document_get_name (entry));
}

static char *
length_text (ShuProjectDocument *entry,
             const char         *data)
{
  return g_strdup_printf ("%u", shu_project_document_get_length (entry));
}

static char *
annotations_text (ShuProjectDocument *entry,
                  const char         *data)
{
  return g_strdup_printf ("%u", shu_project_document_get_n_annotations (entry));
}

static char *
annotators_text (ShuProjectDocument *entry,
                 const char         *data)
{
  GPtrArray *names = shu_project_document_get_annotators (entry);
  GString *text = g_string_new (NULL);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      if (i > 0)
        /* Translators: between annotators' names in the document list. */
        g_string_append (text, _(", "));
      g_string_append (text, g_ptr_array_index (names, i));
    }
  return g_string_free (text, FALSE);
}

static char *
status_text (ShuProjectDocument *entry,
             const char         *annotator)
{
  ShuDocument *document = shu_project_document_get_document (entry);

  if (document == NULL)
    return g_strdup ("");
  return g_strdup (shu_annotator_status_get_title (shu_document_get_status (document,
                                                                            annotator)));
}

static guint
status_cb (ShuProjectDocument *entry,
           const char         *annotator)
{
  ShuDocument *document = shu_project_document_get_document (entry);

  /* A text that could not be read sorts before anyone's. */
  return document != NULL ? 1 + shu_document_get_status (document, annotator) : 0;
}

/* The drop-downs above the list: whose status (anyone's, or one
 * annotator's) and which status a document must have to be listed. */
static gboolean
status_filter_cb (gpointer item,
                  gpointer user_data)
{
  ShuProjectWindow *self = user_data;
  ShuDocument *document = shu_project_document_get_document (item);
  guint who = gtk_drop_down_get_selected (self->status_annotator);
  guint what = gtk_drop_down_get_selected (self->status_filter);

  if (what == 0 || what == GTK_INVALID_LIST_POSITION)
    return TRUE;
  if (document == NULL || self->annotators == NULL)
    return FALSE;
  for (guint i = 0; i < self->annotators->len; i++)
    if ((who == 0 || who == GTK_INVALID_LIST_POSITION || who == i + 1)
        && shu_document_get_status (document, g_ptr_array_index (self->annotators, i))
           == what - 1)
      return TRUE;
  return FALSE;
}

static void
status_filter_changed_cb (ShuProjectWindow *self)
{
  gtk_filter_changed (self->by_status, GTK_FILTER_CHANGE_DIFFERENT);
}

static char *
label_text (ShuProjectDocument *entry,
            const char         *label_id)
{
  return g_strdup_printf ("%u", shu_project_document_count_label (entry, label_id));
}

static char *
error_text (ShuProjectDocument *entry,
            const char         *data)
{
  const GError *error = shu_project_document_get_error (entry);

  return g_strdup (error != NULL ? error->message : "");
}

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  numeric)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), numeric ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (numeric)
    gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  CellText text_of = g_object_get_data (G_OBJECT (factory), "shu-cell-text");
  const char *data = g_object_get_data (G_OBJECT (factory), "shu-cell-data");
  g_autofree char *text = text_of (gtk_list_item_get_item (item), data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static guint
count_label_cb (ShuProjectDocument *entry,
                const char         *label_id)
{
  return shu_project_document_count_label (entry, label_id);
}

static void
add_column (ShuProjectWindow *self,
            const char       *title,
            CellText          text_of,
            const char       *data,
            GtkSorter        *sorter,
            gboolean          numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;

  g_object_set_data (G_OBJECT (factory), "shu-cell-text", text_of);
  g_object_set_data_full (G_OBJECT (factory), "shu-cell-data", g_strdup (data), g_free);
  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), GINT_TO_POINTER (numeric));
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), NULL);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (text_of == name_text || text_of == error_text)
    gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_append_column (self->documents, column);
  g_clear_object (&sorter);
}

static GtkSorter *
numeric_sorter (const char *property)
{
  return GTK_SORTER (gtk_numeric_sorter_new (
    gtk_property_expression_new (SHU_TYPE_PROJECT_DOCUMENT, NULL, property)));
}

/* The columns: the fixed ones, then one per label of the project, which
 * is known only once the scan is done. */
static void
build_columns (ShuProjectWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->documents);
  ShuLabelSet *labels = shu_project_get_labels (self->project);

  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

      gtk_column_view_remove_column (self->documents, column);
    }

  add_column (self, _("Document"), name_text, NULL,
              GTK_SORTER (gtk_string_sorter_new (
                gtk_property_expression_new (SHU_TYPE_PROJECT_DOCUMENT, NULL, "name"))),
              FALSE);
  add_column (self, _("Length"), length_text, NULL, numeric_sorter ("length"), TRUE);
  add_column (self, _("Annotations"), annotations_text, NULL,
              numeric_sorter ("n-annotations"), TRUE);

  for (guint i = 0; labels != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      const char *id = shu_label_get_id (label);
      GtkExpression *count =
        gtk_cclosure_expression_new (G_TYPE_UINT, NULL, 0, NULL, G_CALLBACK (count_label_cb),
                                     g_strdup (id), (GClosureNotify) (void (*) (void)) g_free);

      add_column (self, shu_label_get_name (label), label_text, id,
                  GTK_SORTER (gtk_numeric_sorter_new (count)), TRUE);
    }

  add_column (self, _("Annotators"), annotators_text, NULL, numeric_sorter ("n-annotators"),
              FALSE);

  for (guint i = 0; self->annotators != NULL && i < self->annotators->len; i++)
    {
      const char *name = g_ptr_array_index (self->annotators, i);
      /* Translators: the heading of the column of one annotator's status
       * of each text; %s is the annotator's name. */
      g_autofree char *title = g_strdup_printf (_("Status: %s"), name);
      GtkExpression *status =
        gtk_cclosure_expression_new (G_TYPE_UINT, NULL, 0, NULL, G_CALLBACK (status_cb),
                                     g_strdup (name), (GClosureNotify) (void (*) (void)) g_free);

      add_column (self, title, status_text, name, GTK_SORTER (gtk_numeric_sorter_new (status)),
                  FALSE);
    }
  add_column (self, _("Problem"), error_text, NULL,
              GTK_SORTER (gtk_string_sorter_new (
                gtk_property_expression_new (SHU_TYPE_PROJECT_DOCUMENT, NULL,
                                             "error-message"))),
              FALSE);
}

/* Lists what could not be read, with the reason, under the list. */
static void
show_errors (ShuProjectWindow *self)
{
  GListModel *model = G_LIST_MODEL (self->project);
  const GError *codebook = shu_project_get_codebook_error (self->project);
  GString *text = g_string_new (NULL);

  if (codebook != NULL)
    g_string_append_printf (text, _("Code book: %s"), codebook->message);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ShuProjectDocument) entry = g_list_model_get_item (model, i);
      const GError *error = shu_project_document_get_error (entry);

      if (error == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      /* Translators: a file of the project that could not be read, and why. */
      g_string_append_printf (text, _("%s: %s"), shu_project_document_get_name (entry),
                              error->message);
    }

  gtk_label_set_text (self->errors_label, text->str);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_label), text->len > 0);
  g_string_free (text, TRUE);
}

/* The report ---------------------------------------------------------------- */

typedef struct
{
  ShuProject *project;
  char       *annotator_a;   /* both or neither */
  char       *annotator_b;
} Reporting;

static void
reporting_free (Reporting *reporting)
{
  g_object_unref (reporting->project);
  g_free (reporting->annotator_a);
  g_free (reporting->annotator_b);
  g_free (reporting);
}

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Reporting *reporting = task_data;

  g_task_return_pointer (task, shu_corpus_report_new (reporting->project,
                                                      reporting->annotator_a,
                                                      reporting->annotator_b),
                         (GDestroyNotify) shu_corpus_report_free);
}

/* The annotator chosen in @drop_down (its first item is none), or NULL. */
static const char *
chosen_annotator (ShuProjectWindow *self,
                  GtkDropDown      *drop_down)
{
  guint chosen = gtk_drop_down_get_selected (drop_down);

  if (self->annotators == NULL || chosen == 0 || chosen > self->annotators->len)
    return NULL;
  return g_ptr_array_index (self->annotators, chosen - 1);
}

/* A cell of a table of figures: numbers at the end of their column. */
static void
grid_cell (GtkGrid    *grid,
           int         column,
           int         row,
           const char *text,
           gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), column == 0 ? 0.0 : 1.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), column == 0 ? PANGO_ELLIPSIZE_END
                                                          : PANGO_ELLIPSIZE_NONE);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else if (column > 0)
    {
      /* A number reads left to right: under a right-to-left interface
       * "-0.098" would show its sign on the right. Still at the column's
       * end, as its heading is. */
      gtk_widget_add_css_class (label, "numeric");
      if (gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL)
        {
          gtk_widget_set_direction (label, GTK_TEXT_DIR_LTR);
          gtk_label_set_xalign (GTK_LABEL (label), 0.0);
        }
    }
  if (column == 0)
    gtk_widget_set_hexpand (label, TRUE);
  gtk_grid_attach (grid, label, column, row, 1, 1);
}

static void
clear_grid (GtkGrid *grid)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (grid))) != NULL)
    gtk_grid_remove (grid, child);
}

static void
agreement_header (ShuProjectWindow *self,
                  GtkGrid          *grid,
                  const char       *first)
{
  const char *headers[] = { first, chosen_annotator (self, self->agreement_a),
                            chosen_annotator (self, self->agreement_b), _("Kappa"),
                            _("Exact F1"), _("Overlap F1") };

  for (guint i = 0; i < G_N_ELEMENTS (headers); i++)
    grid_cell (grid, i, 0, headers[i], TRUE);
}

static void
agreement_row (GtkGrid         *grid,
               int              row,
               const char      *name,
               ShuAgreementRow *figures)
{
  g_autofree char *n_a = g_strdup_printf ("%u", figures->n_a);
  g_autofree char *n_b = g_strdup_printf ("%u", figures->n_b);
  g_autofree char *kappa = shu_agreement_format_value (figures->kappa, figures->kappa_defined);
  g_autofree char *exact = shu_agreement_format_value (figures->exact_f1, figures->f1_defined);
  g_autofree char *overlap = shu_agreement_format_value (figures->overlap_f1,
                                                         figures->f1_defined);

  grid_cell (grid, 0, row, name, FALSE);
  grid_cell (grid, 1, row, n_a, FALSE);
  grid_cell (grid, 2, row, n_b, FALSE);
  grid_cell (grid, 3, row, kappa, FALSE);
  grid_cell (grid, 4, row, exact, FALSE);
  grid_cell (grid, 5, row, overlap, FALSE);
}

/* The agreement of the two chosen annotators: per label over the corpus,
 * and per document (all its labels), as the report computed it. */
static void
show_agreement (ShuProjectWindow *self)
{
  GPtrArray *rows = shu_corpus_report_get_agreement (self->report);

  clear_grid (self->agreement_labels);
  clear_grid (self->agreement_documents);
  gtk_widget_set_visible (GTK_WIDGET (self->agreement_hint), rows == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->agreement_labels), rows != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->agreement_documents), rows != NULL);
  if (rows == NULL)
    return;

  agreement_header (self, self->agreement_labels, _("Label"));
  for (guint i = 0; i < rows->len; i++)
    {
      ShuAgreementRow *row = g_ptr_array_index (rows, i);
      const char *name = row->overall ? _("All labels")
                         : row->label != NULL ? row->label : _("No label");

      agreement_row (self->agreement_labels, i + 1, name, row);
    }

  agreement_header (self, self->agreement_documents, _("Document"));
  for (guint d = 0; d < shu_corpus_report_get_n_documents (self->report); d++)
    {
      GPtrArray *document_rows = shu_corpus_report_get_document_agreement (self->report, d);
      ShuProjectDocument *entry = shu_corpus_report_get_document (self->report, d);

      /* The last row is the document's overall one. */
      agreement_row (self->agreement_documents, d + 1, shu_project_document_get_name (entry),
                     g_ptr_array_index (document_rows, document_rows->len - 1));
    }
}

static void
agreement_changed_cb (ShuProjectWindow *self)
{
  if (!self->scanning && !self->filling)
    start_report (self);
}

/* The texts' direction, not the interface's, decides which side a line
 * of text starts on. */
static GtkTextDirection
text_direction (ShuProjectWindow *self)
{
  return g_strcmp0 (shu_project_get_text_direction (self->project), "rtl") == 0
         ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;
}

static GtkWidget *
passage_label (const char       *text,
               GtkTextDirection  direction,
               const char       *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_direction (label, direction);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

/* The coded text of the chosen label: each passage with its place, its
 * annotator and its comments; activating one opens its text there. */
static void
show_coded (ShuProjectWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (self->coded_label);
  GtkTextDirection direction = text_direction (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->coded_passages))) != NULL)
    gtk_list_box_remove (self->coded_passages, child);
  if (self->report == NULL || chosen == GTK_INVALID_LIST_POSITION)
    return;

  for (guint i = 0; i < shu_corpus_report_get_n_passages (self->report); i++)
    {
      ShuProjectDocument *entry;
      ShuAnnotation *annotation;
      guint label;
      g_autofree char *text = NULL;
      g_autofree char *place = NULL;
      GPtrArray *comments;
      const char *creator;
      GtkWidget *box, *row;
      Match *at;

      shu_corpus_report_get_passage (self->report, i, &entry, &annotation, &label);
      if (label != chosen)
        continue;
      text = shu_corpus_report_dup_passage_text (self->report, i);
      creator = shu_annotation_get_creator (annotation);
      /* As the HTML report says it: the text's name, the code points,
       * the annotator. */
      place = g_strdup_printf ("%s %u–%u%s%s", shu_project_document_get_name (entry),
                               shu_annotation_get_start (annotation),
                               shu_annotation_get_end (annotation),
                               creator != NULL ? " · " : "", creator != NULL ? creator : "");
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
      gtk_widget_set_margin_top (box, 6);
      gtk_widget_set_margin_bottom (box, 6);
      gtk_widget_set_margin_start (box, 12);
      gtk_widget_set_margin_end (box, 12);
      gtk_box_append (GTK_BOX (box), passage_label (text, direction, NULL));
      /* The whole passage on the side its text starts on. */
      gtk_box_append (GTK_BOX (box), passage_label (place, direction, "dim-label"));
      comments = shu_annotation_get_comments (annotation);
      for (guint c = 0; c < comments->len; c++)
        gtk_box_append (GTK_BOX (box),
                        passage_label (shu_comment_get_text (g_ptr_array_index (comments, c)),
                                       direction, "caption"));
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      at = g_new (Match, 1);
      at->start = shu_annotation_get_start (annotation);
      at->end = shu_annotation_get_end (annotation);
      g_object_set_data_full (G_OBJECT (row), "shu-match", at, g_free);
      g_object_set_data_full (G_OBJECT (row), "shu-document", g_object_ref (entry),
                              g_object_unref);
      gtk_list_box_append (self->coded_passages, row);
    }
}

static void
passage_activated_cb (GtkListBox       *box,
                      GtkListBoxRow    *row,
                      ShuProjectWindow *self)
{
  open_document (self, g_object_get_data (G_OBJECT (row), "shu-document"),
                 g_object_get_data (G_OBJECT (row), "shu-match"));
}

/* Puts @first then @names in @drop_down, keeping the item chosen when it
 * is still there. */
static void
set_choices (GtkDropDown *drop_down,
             const char  *first,
             GPtrArray   *names)
{
  GtkStringList *items = gtk_string_list_new (NULL);
  GListModel *old = gtk_drop_down_get_model (drop_down);
  guint chosen = gtk_drop_down_get_selected (drop_down);
  g_autofree char *kept = NULL;
  guint select = 0;

  if (old != NULL && chosen != GTK_INVALID_LIST_POSITION && chosen > 0)
    kept = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (old), chosen));
  gtk_string_list_append (items, first);
  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      gtk_string_list_append (items, g_ptr_array_index (names, i));
      if (g_strcmp0 (kept, g_ptr_array_index (names, i)) == 0)
        select = i + 1;
    }
  gtk_drop_down_set_model (drop_down, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (drop_down, select);
  g_object_unref (items);
}

static void
coded_labels (ShuProjectWindow *self)
{
  guint chosen = gtk_drop_down_get_selected (self->coded_label);
  GtkStringList *items = gtk_string_list_new (NULL);

  for (guint i = 0; i < shu_corpus_report_get_n_labels (self->report); i++)
    gtk_string_list_append (items, shu_corpus_report_get_label_name (self->report, i));
  /* The labels only change with a scan: the one chosen stays. */
  g_signal_handlers_block_by_func (self->coded_label, show_coded, self);
  gtk_drop_down_set_model (self->coded_label, G_LIST_MODEL (items));
  gtk_drop_down_set_selected (self->coded_label,
                              chosen < shu_corpus_report_get_n_labels (self->report)
                              ? chosen : 0);
  g_signal_handlers_unblock_by_func (self->coded_label, show_coded, self);
  g_object_unref (items);
}

/* The figures of a large corpus take a while: they are computed beside
 * the window (reading only what the scan read, as a search does). */
static void
reported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShuProjectWindow *self = SHU_PROJECT_WINDOW (object);
  g_autofree char *documents = NULL;
  g_autofree char *annotators = NULL;
  g_autofree char *summary = NULL;
  guint n_documents, n_annotators;

  self->reporting = FALSE;
  /* Other annotators were chosen meanwhile: their figures count. */
  if (self->report_again)
    {
      start_report (self);
      return;
    }
  g_clear_pointer (&self->report, shu_corpus_report_free);
  self->report = g_task_propagate_pointer (G_TASK (result), NULL);
  if (self->report == NULL)
    return;
  show_agreement (self);
  coded_labels (self);
  show_coded (self);
  shu_report_chart_set_report (SHU_REPORT_CHART (self->bars), self->report);
  shu_report_chart_set_report (SHU_REPORT_CHART (self->heat_map), self->report);
  shu_report_chart_set_report (SHU_REPORT_CHART (self->annotator_bars), self->report);

  n_documents = shu_corpus_report_get_n_documents (self->report);
  n_annotators = shu_corpus_report_get_n_annotators (self->report);
  documents = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document", "%u documents",
                                            n_documents),
                               n_documents);
  annotators = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u annotator",
                                             "%u annotators", n_annotators),
                                n_annotators);
  summary = g_strconcat (documents, _(", "), annotators, NULL);
  gtk_label_set_text (self->report_label, summary);
}

static void
start_report (ShuProjectWindow *self)
{
  g_autoptr(GTask) task = NULL;
  const char *a = chosen_annotator (self, self->agreement_a);
  const char *b = chosen_annotator (self, self->agreement_b);
  Reporting *reporting;

  self->report_again = self->reporting;
  if (self->reporting)
    return;

  task = g_task_new (self, self->scan_cancellable, reported_cb, NULL);
  reporting = g_new0 (Reporting, 1);
  reporting->project = g_object_ref (self->project);
  /* Agreement wants two different annotators. */
  if (a != NULL && b != NULL && !g_str_equal (a, b))
    {
      reporting->annotator_a = g_strdup (a);
      reporting->annotator_b = g_strdup (b);
    }
  g_task_set_task_data (task, reporting, (GDestroyNotify) reporting_free);
  self->reporting = TRUE;
  g_task_run_in_thread (task, report_thread);
}

/* Scanning ------------------------------------------------------------------ */

static void
progress_cb (ShuProjectWindow *self)
{
  g_autofree char *text = NULL;

  switch (shu_project_get_phase (self->project))
    {
    case SHU_PROJECT_SCAN_FILES:
      gtk_progress_bar_pulse (self->progress);
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Found %u text",
                                           "Found %u texts",
                                           shu_project_get_n_found (self->project)),
                              shu_project_get_n_found (self->project));
      break;
    case SHU_PROJECT_SCAN_DOCUMENTS:
      gtk_progress_bar_set_fraction (self->progress, shu_project_get_fraction (self->project));
      text = g_strdup (_("Reading the texts and their annotations…"));
      break;
    default:
      return;
    }
  gtk_label_set_text (self->progress_label, text);
}

/* What the drop-downs offer: the project's annotators and labels, known
 * once the folder is read. */
static void
fill_choices (ShuProjectWindow *self)
{
  ShuLabelSet *labels = shu_project_get_labels (self->project);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_clear_pointer (&self->label_ids, g_ptr_array_unref);
  self->label_ids = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; labels != NULL && i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      g_ptr_array_add (self->label_ids, g_strdup (shu_label_get_id (label)));
      g_ptr_array_add (names, (char *) shu_label_get_name (label));
    }
  /* Filling them is no choice of the user's: nothing is searched or
   * reported for it (the scan's end does both once). */
  self->filling = TRUE;
  set_choices (self->status_annotator, _("Anyone"), self->annotators);
  set_choices (self->query_creator, _("Anyone"), self->annotators);
  set_choices (self->query_label, _("Any Label"), names);
  set_choices (self->agreement_a, _("Choose an Annotator"), self->annotators);
  set_choices (self->agreement_b, _("Choose an Annotator"), self->annotators);
  self->filling = FALSE;
}

static void
scanned_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(ShuProjectWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  self->scanning = FALSE;
  if (!shu_project_scan_finish (SHU_PROJECT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_label_set_text (self->progress_label, _("Reading the folder was cancelled"));
      else
        gtk_label_set_text (self->progress_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->progress), FALSE);
      return;
    }

  gtk_widget_set_visible (self->progress_box, FALSE);
  g_clear_pointer (&self->annotators, g_ptr_array_unref);
  self->annotators = shu_corpus_list_annotators (self->project);
  fill_choices (self);
  build_columns (self);
  show_errors (self);
  start_report (self);
  start_search (self);
}

static void
cancel_scan_cb (ShuProjectWindow *self)
{
  g_cancellable_cancel (self->scan_cancellable);
}

/* Search -------------------------------------------------------------------- */

static GtkWidget *
context_label (const char *text,
               float       xalign,
               PangoEllipsizeMode ellipsize)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_label_set_ellipsize (GTK_LABEL (label), ellipsize);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  return label;
}

/* One hit: the text before it at the line's start (the right, in a
 * right-to-left project), the match in the middle, in bold, and the text
 * after it. A centre box keeps the match in the middle of every row. */
static GtkWidget *
hit_row (ShuCorpusHit     *hit,
         GtkTextDirection  direction)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_center_box_new ();
  GtkWidget *match = gtk_label_new (hit->match);
  g_autofree char *line = shu_corpus_hit_format (hit);

  gtk_widget_add_css_class (match, "heading");
  gtk_center_box_set_start_widget (GTK_CENTER_BOX (box),
                                   context_label (hit->before, 1.0, PANGO_ELLIPSIZE_START));
  gtk_center_box_set_center_widget (GTK_CENTER_BOX (box), match);
  gtk_center_box_set_end_widget (GTK_CENTER_BOX (box),
                                 context_label (hit->after, 0.0, PANGO_ELLIPSIZE_END));
  /* Widgets do not take their parent's direction: each is told. */
  for (GtkWidget *child = box; child != NULL;
       child = child == box ? gtk_widget_get_first_child (box)
                            : gtk_widget_get_next_sibling (child))
    gtk_widget_set_direction (child, direction);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, line, -1);
  g_object_set_data_full (G_OBJECT (row), "shu-hit", hit, (GDestroyNotify) shu_corpus_hit_free);
  return row;
}

static ShuCorpusHit *
row_hit (GtkListBoxRow *row)
{
  return row != NULL ? g_object_get_data (G_OBJECT (row), "shu-hit") : NULL;
}

/* A heading with the document's name above its first hit. */
static void
results_header_cb (GtkListBoxRow *row,
                   GtkListBoxRow *before,
                   gpointer       user_data)
{
  ShuCorpusHit *hit = row_hit (row);
  ShuCorpusHit *previous = row_hit (before);
  GtkWidget *header;

  if (hit == NULL || (previous != NULL && previous->document == hit->document))
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }

  header = gtk_label_new (shu_project_document_get_name (hit->document));
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "dim-label");
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_bottom (header, 4);
  gtk_list_box_row_set_header (row, header);
}

static void
result_activated_cb (GtkListBox       *box,
                     GtkListBoxRow    *row,
                     ShuProjectWindow *self)
{
  ShuCorpusHit *hit = row_hit (row);
  Match at;

  if (hit == NULL)
    return;
  at.start = hit->start;
  at.end = hit->end;
  open_document (self, hit->document, &at);
}

static void
clear_results (ShuProjectWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results))) != NULL)
    gtk_list_box_remove (self->results, child);
}

static void
searched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ShuProjectWindow) self = user_data;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  GtkTextDirection direction = text_direction (self);

  self->searching = FALSE;
  hits = shu_corpus_search_finish (SHU_PROJECT (object), result, &error);

  /* The query the user made since is the one that counts: the project's
   * texts are searched by one search at a time. */
  if (self->search_again)
    {
      start_search (self);
      return;
    }
  if (hits == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && error != NULL)
        gtk_label_set_text (self->results_label, error->message);
      return;
    }

  clear_results (self);
  g_ptr_array_set_free_func (hits, NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      if (i < MAX_RESULTS)
        gtk_list_box_append (self->results, hit_row (g_ptr_array_index (hits, i), direction));
      else
        shu_corpus_hit_free (g_ptr_array_index (hits, i));
    }

  if (hits->len == 0)
    summary = g_strdup (_("No matches"));
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u match", "%u matches",
                                            hits->len),
                               hits->len);
  if (hits->len > MAX_RESULTS)
    {
      g_autofree char *matches = g_steal_pointer (&summary);
      g_autofree char *shown = g_strdup_printf (_("the first %u shown"), MAX_RESULTS);

      summary = g_strconcat (matches, _(", "), shown, NULL);
    }
  gtk_label_set_text (self->results_label, summary);
}

/* The query the Search page shows: the words, and the conditions an
 * annotation must meet. Borrows the widgets' strings. */
static void
read_query (ShuProjectWindow *self,
            ShuCorpusQuery   *query)
{
  guint label = gtk_drop_down_get_selected (self->query_label);

  query->text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (self->label_ids != NULL && label > 0 && label <= self->label_ids->len)
    query->label = g_ptr_array_index (self->label_ids, label - 1);
  query->creator = chosen_annotator (self, self->query_creator);
  query->attribute = gtk_editable_get_text (GTK_EDITABLE (self->query_attribute));
  query->comment = gtk_editable_get_text (GTK_EDITABLE (self->query_comment));
  if (gtk_check_button_get_active (self->query_relation))
    query->relation = SHU_CORPUS_ANY_RELATION;
  query->flags = SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS;
}

static void
start_search (ShuProjectWindow *self)
{
  ShuCorpusQuery query = { 0 };

  if (self->searching)
    {
      /* Stop the running one; the new one starts once it has returned. */
      g_cancellable_cancel (self->search_cancellable);
      self->search_again = TRUE;
      return;
    }
  self->search_again = FALSE;

  clear_results (self);
  read_query (self, &query);
  if (shu_corpus_query_is_empty (&query) || self->scanning)
    {
      gtk_label_set_text (self->results_label, "");
      return;
    }

  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  self->searching = TRUE;
  gtk_label_set_text (self->results_label, _("Searching…"));
  shu_corpus_search_async (self->project, &query, self->search_cancellable, searched_cb,
                           g_object_ref (self));
}

static void
query_changed_cb (ShuProjectWindow *self)
{
  if (!self->filling)
    start_search (self);
}

/* Export -------------------------------------------------------------------- */

static void
write_bytes_thread (GTask        *task,
                    gpointer      source,
                    gpointer      task_data,
                    GCancellable *cancellable)
{
  GFile *file = g_object_get_data (G_OBJECT (task), "shu-file");
  GError *error = NULL;

  if (shu_safe_file_write_bytes (file, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
shu_project_window_export_async (ShuProjectWindow    *self,
                                 int                  table,
                                 GFile               *file,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GBytes *bytes;

  g_return_if_fail (SHU_IS_PROJECT_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  /* The whole folder in one file: shu-project-exporter.c. */
  if (table == SHU_PROJECT_WINDOW_EXPORT_QDPX || table == SHU_PROJECT_WINDOW_EXPORT_TEI)
    {
      if (self->scanning)
        {
          g_task_report_new_error (self, callback, user_data, shu_project_window_export_async,
                                   G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                                   _("The folder has not been read yet"));
          return;
        }
      shu_project_exporter_run_async (GTK_WINDOW (self), self->toasts, self->project,
                                      table == SHU_PROJECT_WINDOW_EXPORT_QDPX
                                      ? SHU_FORMAT_QDPX : SHU_FORMAT_TEI,
                                      file, callback, user_data);
      return;
    }

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_project_window_export_async);
  if (self->report == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The folder has not been read yet"));
      return;
    }

  /* Made here from figures in memory; only the writing takes a thread. */
  if (table == SHU_PROJECT_WINDOW_EXPORT_HTML)
    bytes = shu_corpus_report_to_html (self->report);
  else if (table == SHU_PROJECT_WINDOW_EXPORT_CODED_LABEL)
    {
      guint label = gtk_drop_down_get_selected (self->coded_label);

      bytes = label == GTK_INVALID_LIST_POSITION
              ? NULL : shu_corpus_report_coded_to_csv (self->report, label, SHU_CSV_NONE);
    }
  else
    bytes = shu_corpus_report_to_csv (self->report, table, SHU_CSV_NONE);
  if (bytes == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED, "%s",
                               table == SHU_PROJECT_WINDOW_EXPORT_CODED_LABEL
                               ? _("Choose a label first")
                               : _("Choose two annotators to compare first"));
      return;
    }
  g_task_set_task_data (task, bytes, (GDestroyNotify) g_bytes_unref);
  g_object_set_data_full (G_OBJECT (task), "shu-file", g_object_ref (file), g_object_unref);
  g_task_run_in_thread (task, write_bytes_thread);
}

gboolean
shu_project_window_export_finish (ShuProjectWindow *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ShuProjectWindow *self = SHU_PROJECT_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!shu_project_window_export_finish (self, result, &error))
    {
      gboolean archive = g_task_get_source_tag (G_TASK (result))
                         == shu_project_exporter_run_async;
      ShuAlert *dialog;

      /* Cancel was the user's choice, said by a toast. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      dialog = shu_alert_new (archive ? _("Could Not Export the Project")
                                      : _("Could not export the report"), error->message);

      shu_alert_add_response (dialog, "close", _("_Close"));
      shu_alert_present (dialog, GTK_WINDOW (self));
    }
}

static void
export_response_cb (ShuProjectWindow *self,
                    int               response,
                    ShuFileChooser   *chooser)
{
  int table = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "shu-table"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = shu_file_chooser_get_file (chooser);

      shu_project_window_export_async (self, table, file, exported_cb, NULL);
    }
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuProjectWindow *self = SHU_PROJECT_WINDOW (widget);
  const char *what = g_variant_get_string (parameter, NULL);
  ShuCorpusTable table = SHU_CORPUS_TABLE_DOCUMENTS;
  gboolean html = g_str_equal (what, "html");
  g_autoptr(ShuFileChooser) chooser = NULL;
  g_autofree char *name = NULL;
  int code;

  if (g_str_equal (what, "qdpx") || g_str_equal (what, "tei"))
    {
      gboolean qdpx = g_str_equal (what, "qdpx");
      g_autofree char *folder = g_file_get_basename (shu_project_get_folder (self->project));

      chooser = shu_file_chooser_new (qdpx ? _("Export REFI-QDA Project")
                                           : _("Export TEI Corpus"),
                                      GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                      _("_Export"));
      name = g_strconcat (folder, qdpx ? ".qdpx" : ".tei.xml", NULL);
      code = qdpx ? SHU_PROJECT_WINDOW_EXPORT_QDPX : SHU_PROJECT_WINDOW_EXPORT_TEI;
    }
  else if (html)
    code = SHU_PROJECT_WINDOW_EXPORT_HTML;
  else if (g_str_equal (what, "coded-label"))
    code = SHU_PROJECT_WINDOW_EXPORT_CODED_LABEL;
  else if (shu_corpus_table_from_name (what, &table))
    code = table;
  else
    g_return_if_reached ();

  if (chooser == NULL)
    {
      chooser = shu_file_chooser_new (html ? _("Export Report") : _("Export Table"),
                                      GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                      _("_Export"));
      name = html ? g_strdup ("report.html") : g_strdup_printf ("%s.csv", what);
    }
  shu_file_chooser_set_name (chooser, name);
  g_object_set_data (G_OBJECT (chooser), "shu-table", GINT_TO_POINTER (code));
  /* The chooser keeps itself until it answers; the window may close first. */
  g_signal_connect_object (chooser, "response", G_CALLBACK (export_response_cb), self,
                           G_CONNECT_SWAPPED);
  shu_file_chooser_show (chooser);
}

/* Building the window ------------------------------------------------------- */

static GtkWidget *
scrolled (GtkWidget *child)
{
  GtkWidget *window = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (window), child);
  gtk_widget_set_vexpand (window, TRUE);
  return window;
}

static GtkWidget *
page_box (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  gtk_widget_set_margin_top (box, 6);
  return box;
}

/* A drop-down named @name (for the tests), described for screen readers
 * by @description. */
static GtkDropDown *
drop_down (const char *name,
           const char *description)
{
  GtkWidget *widget = gtk_drop_down_new (NULL, NULL);

  gtk_widget_set_name (widget, name);
  gtk_widget_set_tooltip_text (widget, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  description, -1);
  return GTK_DROP_DOWN (widget);
}

/* A row of controls that wraps onto more lines in a narrow window rather
 * than widen it. */
static GtkWidget *
wrapping_row (void)
{
  GtkWidget *row = gtk_flow_box_new ();

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (row), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (row), FALSE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (row), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (row), 6);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (row), 8);
  return row;
}

static void
wrapping_row_append (GtkWidget *row,
                     GtkWidget *child)
{
  gtk_flow_box_append (GTK_FLOW_BOX (row), child);
  /* The control takes the focus, not the place it sits in. */
  gtk_widget_set_focusable (gtk_widget_get_parent (child), FALSE);
}

static GtkSearchEntry *
query_entry (const char *name,
             const char *placeholder)
{
  GtkWidget *entry = gtk_search_entry_new ();

  gtk_widget_set_name (entry, name);
  g_object_set (entry, "placeholder-text", placeholder, NULL);
  gtk_widget_set_hexpand (entry, TRUE);
  return GTK_SEARCH_ENTRY (entry);
}

static GtkWidget *
build_documents_page (ShuProjectWindow *self)
{
  GtkWidget *box = page_box ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *filter_row;
  GtkFilter *filter, *name_filter;
  GtkFilterListModel *filtered;
  GtkSortListModel *sorted;

  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (self->progress_box, 12);
  gtk_widget_set_margin_end (self->progress_box, 12);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  self->progress_label = GTK_LABEL (gtk_label_new (_("Reading the folder…")));
  g_signal_connect_swapped (cancel, "clicked", G_CALLBACK (cancel_scan_cb), self);
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress_label));
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (self->progress_box), cancel);
  gtk_box_append (GTK_BOX (box), self->progress_box);

  self->filter_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->filter_entry, "placeholder-text", _("Filter documents by name"), NULL);
  gtk_widget_set_name (GTK_WIDGET (self->filter_entry), "document-filter");
  gtk_widget_set_hexpand (GTK_WIDGET (self->filter_entry), TRUE);
  filter_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_margin_start (filter_row, 12);
  gtk_widget_set_margin_end (filter_row, 12);
  gtk_box_append (GTK_BOX (filter_row), GTK_WIDGET (self->filter_entry));
  /* Whose status, and which: "yossi" "Done" lists what yossi finished. */
  self->status_annotator = drop_down ("status-annotator", _("Whose status to filter by"));
  self->status_filter = drop_down ("status-filter", _("Status to list"));
  {
    g_autoptr(GtkStringList) statuses = gtk_string_list_new (NULL);

    gtk_string_list_append (statuses, _("Any Status"));
    for (guint i = 0; i < SHU_ANNOTATOR_N_STATUSES; i++)
      gtk_string_list_append (statuses, shu_annotator_status_get_title (i));
    gtk_drop_down_set_model (self->status_filter, G_LIST_MODEL (statuses));
  }
  set_choices (self->status_annotator, _("Anyone"), NULL);
  gtk_box_append (GTK_BOX (filter_row), GTK_WIDGET (self->status_annotator));
  gtk_box_append (GTK_BOX (filter_row), GTK_WIDGET (self->status_filter));
  gtk_box_append (GTK_BOX (box), filter_row);

  self->documents = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  name_filter = GTK_FILTER (gtk_string_filter_new (
    gtk_property_expression_new (SHU_TYPE_PROJECT_DOCUMENT, NULL, "name")));
  g_object_bind_property (self->filter_entry, "text", name_filter, "search", G_BINDING_DEFAULT);
  self->by_status = GTK_FILTER (gtk_custom_filter_new (status_filter_cb, self, NULL));
  filter = GTK_FILTER (gtk_every_filter_new ());
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), name_filter);
  gtk_multi_filter_append (GTK_MULTI_FILTER (filter), g_object_ref (self->by_status));
  g_signal_connect_swapped (self->status_annotator, "notify::selected",
                            G_CALLBACK (status_filter_changed_cb), self);
  g_signal_connect_swapped (self->status_filter, "notify::selected",
                            G_CALLBACK (status_filter_changed_cb), self);
  filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->project)), filter);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (filtered),
                                    g_object_ref (gtk_column_view_get_sorter (self->documents)));
  gtk_column_view_set_model (self->documents,
                             GTK_SELECTION_MODEL (gtk_single_selection_new (
                               G_LIST_MODEL (sorted))));
  gtk_column_view_set_show_column_separators (self->documents, TRUE);
  g_signal_connect (self->documents, "activate", G_CALLBACK (document_activate_cb), self);
  build_columns (self);
  gtk_box_append (GTK_BOX (box), scrolled (GTK_WIDGET (self->documents)));

  self->errors_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->errors_label, 0);
  gtk_label_set_wrap (self->errors_label, TRUE);
  gtk_label_set_selectable (self->errors_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->errors_label), "error");
  gtk_widget_set_margin_start (GTK_WIDGET (self->errors_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->errors_label), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->errors_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->errors_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->errors_label));
  return box;
}

static GtkWidget *
build_search_page (ShuProjectWindow *self)
{
  GtkWidget *box = page_box ();
  GtkWidget *conditions;

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Search all texts"), NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search_entry), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search_entry), 12);
  g_signal_connect_swapped (self->search_entry, "search-changed",
                            G_CALLBACK (query_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));

  /* What the annotations there must be: alone, every such annotation;
   * with words, the words inside one. */
  conditions = wrapping_row ();
  gtk_widget_set_margin_start (conditions, 12);
  gtk_widget_set_margin_end (conditions, 12);
  self->query_label = drop_down ("query-label", _("Only in annotations with this label"));
  self->query_creator = drop_down ("query-creator", _("Only in annotations by this annotator"));
  set_choices (self->query_label, _("Any Label"), NULL);
  set_choices (self->query_creator, _("Anyone"), NULL);
  self->query_attribute = query_entry ("query-attribute", _("Attribute, or name=value"));
  self->query_comment = query_entry ("query-comment", _("Words in comments"));
  self->query_relation = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (
    _("In a _relation")));
  gtk_widget_set_name (GTK_WIDGET (self->query_relation), "query-relation");
  wrapping_row_append (conditions, GTK_WIDGET (self->query_label));
  wrapping_row_append (conditions, GTK_WIDGET (self->query_creator));
  wrapping_row_append (conditions, GTK_WIDGET (self->query_attribute));
  wrapping_row_append (conditions, GTK_WIDGET (self->query_comment));
  wrapping_row_append (conditions, GTK_WIDGET (self->query_relation));
  gtk_box_append (GTK_BOX (box), conditions);
  g_signal_connect_swapped (self->query_label, "notify::selected",
                            G_CALLBACK (query_changed_cb), self);
  g_signal_connect_swapped (self->query_creator, "notify::selected",
                            G_CALLBACK (query_changed_cb), self);
  g_signal_connect_swapped (self->query_attribute, "search-changed",
                            G_CALLBACK (query_changed_cb), self);
  g_signal_connect_swapped (self->query_comment, "search-changed",
                            G_CALLBACK (query_changed_cb), self);
  g_signal_connect_swapped (self->query_relation, "toggled",
                            G_CALLBACK (query_changed_cb), self);

  self->results_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->results_label), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->results_label));

  self->results = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_header_func (self->results, results_header_cb, NULL, NULL);
  gtk_list_box_set_activate_on_single_click (self->results, FALSE);
  g_signal_connect (self->results, "row-activated", G_CALLBACK (result_activated_cb), self);
  gtk_box_append (GTK_BOX (box), scrolled (GTK_WIDGET (self->results)));
  return box;
}

static GtkWidget *
chart_heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  return label;
}

static GtkGrid *
figures_grid (const char *name)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_set_name (grid, name);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_set_visible (grid, FALSE);
  return GTK_GRID (grid);
}

static GtkWidget *
build_reports_page (ShuProjectWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *export = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *pair;

  g_menu_append (menu, _("Label Frequencies per Document (CSV)…"),
                 "project.export::documents");
  g_menu_append (menu, _("Label Frequencies per Annotator (CSV)…"),
                 "project.export::annotators");
  g_menu_append (menu, _("Co-occurrence (CSV)…"), "project.export::overlap");
  g_menu_append (menu, _("Coded Passages (CSV)…"), "project.export::coded");
  g_menu_append (menu, _("Coded Text of the Chosen Label (CSV)…"),
                 "project.export::coded-label");
  g_menu_append (menu, _("Agreement (CSV)…"), "project.export::agreement");
  g_menu_append (menu, _("Whole Report (HTML)…"), "project.export::html");
  /* The whole folder, for QDA tools and TEI editions (issue 28). */
  {
    g_autoptr(GMenu) archives = g_menu_new ();

    g_menu_append (archives, _("REFI-QDA Project (.qdpx)…"), "project.export::qdpx");
    g_menu_append (archives, _("TEI Corpus…"), "project.export::tei");
    g_menu_append_section (menu, NULL, G_MENU_MODEL (archives));
  }
  gtk_menu_button_set_label (GTK_MENU_BUTTON (export), _("Export"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (export), G_MENU_MODEL (menu));
  gtk_widget_set_halign (export, GTK_ALIGN_END);

  self->report_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->report_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->report_label), "dim-label");
  self->bars = shu_report_chart_new (SHU_REPORT_CHART_BARS);
  self->heat_map = shu_report_chart_new (SHU_REPORT_CHART_HEAT_MAP);
  self->annotator_bars = shu_report_chart_new (SHU_REPORT_CHART_ANNOTATOR_BARS);
  gtk_widget_set_halign (self->heat_map, GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), export);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->report_label));
  gtk_box_append (GTK_BOX (box), chart_heading (_("Annotations per Label")));
  gtk_box_append (GTK_BOX (box), self->bars);
  gtk_box_append (GTK_BOX (box), chart_heading (_("Annotations per Annotator")));
  gtk_box_append (GTK_BOX (box), self->annotator_bars);
  gtk_box_append (GTK_BOX (box), chart_heading (_("Overlapping Labels")));
  gtk_box_append (GTK_BOX (box), self->heat_map);

  gtk_box_append (GTK_BOX (box), chart_heading (_("Agreement Between Two Annotators")));
  pair = wrapping_row ();
  self->agreement_a = drop_down ("agreement-a", _("The first annotator"));
  self->agreement_b = drop_down ("agreement-b", _("The second annotator"));
  set_choices (self->agreement_a, _("Choose an Annotator"), NULL);
  set_choices (self->agreement_b, _("Choose an Annotator"), NULL);
  wrapping_row_append (pair, GTK_WIDGET (self->agreement_a));
  wrapping_row_append (pair, GTK_WIDGET (self->agreement_b));
  gtk_box_append (GTK_BOX (box), pair);
  g_signal_connect_swapped (self->agreement_a, "notify::selected",
                            G_CALLBACK (agreement_changed_cb), self);
  g_signal_connect_swapped (self->agreement_b, "notify::selected",
                            G_CALLBACK (agreement_changed_cb), self);
  self->agreement_hint = GTK_LABEL (gtk_label_new (
    _("Choose two annotators to see how far they agree, label by label and text by text.")));
  gtk_label_set_xalign (self->agreement_hint, 0);
  gtk_label_set_wrap (self->agreement_hint, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->agreement_hint), "dim-label");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->agreement_hint));
  self->agreement_labels = figures_grid ("agreement-labels");
  self->agreement_documents = figures_grid ("agreement-documents");
  gtk_widget_set_margin_top (GTK_WIDGET (self->agreement_documents), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->agreement_labels));
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->agreement_documents));

  gtk_box_append (GTK_BOX (box), chart_heading (_("Coded Text")));
  self->coded_label = drop_down ("coded-label", _("The label whose passages are shown"));
  gtk_widget_set_halign (GTK_WIDGET (self->coded_label), GTK_ALIGN_START);
  g_signal_connect_swapped (self->coded_label, "notify::selected", G_CALLBACK (show_coded),
                            self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->coded_label));
  self->coded_passages = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_widget_set_name (GTK_WIDGET (self->coded_passages), "coded-passages");
  gtk_widget_add_css_class (GTK_WIDGET (self->coded_passages), "boxed-list");
  gtk_list_box_set_selection_mode (self->coded_passages, GTK_SELECTION_NONE);
  g_signal_connect (self->coded_passages, "row-activated", G_CALLBACK (passage_activated_cb),
                    self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->coded_passages));
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  return scrolled (clamp);
}

static void
shu_project_window_dispose (GObject *object)
{
  ShuProjectWindow *self = SHU_PROJECT_WINDOW (object);

  g_cancellable_cancel (self->scan_cancellable);
  g_cancellable_cancel (self->search_cancellable);
  /* The project outlives the window's widgets while the list models hold
   * it, and its folder watch can change the list after they are gone: the
   * status filter must then no longer read the drop-downs. */
  if (self->by_status != NULL)
    gtk_custom_filter_set_filter_func (GTK_CUSTOM_FILTER (self->by_status), NULL, NULL, NULL);

  G_OBJECT_CLASS (shu_project_window_parent_class)->dispose (object);
}

static void
shu_project_window_finalize (GObject *object)
{
  ShuProjectWindow *self = SHU_PROJECT_WINDOW (object);

  g_clear_object (&self->project);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->report, shu_corpus_report_free);
  g_clear_pointer (&self->annotators, g_ptr_array_unref);
  g_clear_pointer (&self->label_ids, g_ptr_array_unref);
  g_clear_object (&self->by_status);

  G_OBJECT_CLASS (shu_project_window_parent_class)->finalize (object);
}

static void
shu_project_window_class_init (ShuProjectWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_project_window_dispose;
  object_class->finalize = shu_project_window_finalize;

  gtk_widget_class_install_action (widget_class, "project.export", "s", export_action);
}

static void
shu_project_window_init (ShuProjectWindow *self)
{
}

ShuProjectWindow *
shu_project_window_new (GtkApplication *application,
                        GFile          *folder)
{
  ShuProjectWindow *self;
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
#if ADW_CHECK_VERSION (1, 4, 0)
  GtkWidget *title = adw_view_switcher_new ();
  AdwBreakpoint *narrow;
#else
  GtkWidget *title = adw_view_switcher_title_new ();
#endif
  GtkWidget *switcher_bar = adw_view_switcher_bar_new ();
  g_autofree char *name = NULL;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  self = g_object_new (SHU_TYPE_PROJECT_WINDOW,
                       "application", application,
                       "default-width", 1000,
                       "default-height", 700,
                       NULL);
  self->project = shu_project_new (folder);
  self->scan_cancellable = g_cancellable_new ();

  /* The folder's name, never its path: that is read from the GFile. */
  name = g_file_get_basename (folder);
  gtk_window_set_title (GTK_WINDOW (self), name);

  self->stack = ADW_VIEW_STACK (adw_view_stack_new ());
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (self->stack, build_documents_page (self), "documents",
                               _("Documents")),
    "view-list-symbolic");
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (self->stack, build_search_page (self), "search", _("Search")),
    "system-search-symbolic");
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (self->stack, build_reports_page (self), "reports",
                               _("Reports")),
    "x-office-spreadsheet-symbolic");
  /* Suggestions across the project (issue #29): shu-project-suggestions.c. */
  adw_view_stack_page_set_icon_name (
    adw_view_stack_add_titled (self->stack, shu_project_suggestions_new (self->project),
                               "suggestions", _("Suggestions")),
    "edit-find-replace-symbolic");

#if ADW_CHECK_VERSION (1, 4, 0)
  /* AdwViewSwitcherTitle is deprecated from libadwaita 1.4: the switcher in
   * the header bar and, on a narrow window, the folder's name there and the
   * switcher bar at the bottom, as the title did, by a breakpoint (which
   * wants the window's smallest size). */
  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (title), self->stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (title), ADW_VIEW_SWITCHER_POLICY_WIDE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher_bar), self->stack);
  narrow = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 550sp"));
  adw_breakpoint_add_setters (narrow,
                              G_OBJECT (switcher_bar), "reveal", TRUE,
                              G_OBJECT (header), "title-widget", NULL,
                              NULL);
  adw_application_window_add_breakpoint (ADW_APPLICATION_WINDOW (self), narrow);
  gtk_widget_set_size_request (GTK_WIDGET (self), 360, 200);
#else
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (title), self->stack);
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (title), name);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  adw_view_switcher_bar_set_stack (ADW_VIEW_SWITCHER_BAR (switcher_bar), self->stack);
  g_object_bind_property (title, "title-visible", switcher_bar, "reveal",
                          G_BINDING_SYNC_CREATE);
#endif

  gtk_box_append (GTK_BOX (content), header);
  gtk_widget_set_vexpand (GTK_WIDGET (self->stack), TRUE);
  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, GTK_WIDGET (self->stack));
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toasts));
  gtk_box_append (GTK_BOX (content), switcher_bar);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (self), content);

  g_signal_connect_object (self->project, "notify::phase", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::n-found", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->project, "notify::fraction", G_CALLBACK (progress_cb), self,
                           G_CONNECT_SWAPPED);
  self->scanning = TRUE;
  shu_project_scan_async (self->project, self->scan_cancellable, scanned_cb,
                          g_object_ref (self));
  return self;
}

ShuProject *
shu_project_window_get_project (ShuProjectWindow *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_WINDOW (self), NULL);

  return self->project;
}

void
shu_project_window_set_page (ShuProjectWindow *self,
                             const char       *name)
{
  g_return_if_fail (SHU_IS_PROJECT_WINDOW (self));

  adw_view_stack_set_visible_child_name (self->stack, name);
}

void
shu_project_window_search (ShuProjectWindow *self,
                           const char       *text)
{
  g_return_if_fail (SHU_IS_PROJECT_WINDOW (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

gboolean
shu_project_window_get_busy (ShuProjectWindow *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_WINDOW (self), FALSE);

  return self->scanning || self->searching || self->reporting || self->search_again
         || self->report_again;
}

GtkWidget *
shu_project_window_get_document_view (ShuProjectWindow *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_WINDOW (self), NULL);

  return GTK_WIDGET (self->documents);
}

GtkWidget *
shu_project_window_get_results (ShuProjectWindow *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_WINDOW (self), NULL);

  return GTK_WIDGET (self->results);
}

GtkWidget *
shu_project_window_get_chart (ShuProjectWindow *self,
                              const char       *which)
{
  g_return_val_if_fail (SHU_IS_PROJECT_WINDOW (self), NULL);

  if (g_str_equal (which, "annotator-bars"))
    return self->annotator_bars;
  return g_str_equal (which, "bars") ? self->bars : self->heat_map;
}
