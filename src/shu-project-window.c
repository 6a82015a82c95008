/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-alert.h"
#include "shu-corpus-search.h"
#include "shu-file-chooser.h"
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
  GtkWidget            *progress_box;
  GtkProgressBar       *progress;
  GtkLabel             *progress_label;
  GtkColumnView        *documents;
  GtkSearchEntry       *filter_entry;
  GtkLabel             *errors_label;
  GtkSearchEntry       *search_entry;
  GtkListBox           *results;
  GtkLabel             *results_label;
  GtkWidget            *bars;
  GtkWidget            *heat_map;
  GtkLabel             *report_label;

  /* Owned */
  ShuProject           *project;
  GCancellable         *scan_cancellable;
  GCancellable         *search_cancellable;
  char                 *pending_query;   /* typed while a search ran */
  ShuCorpusReport      *report;
  guint                 scanning : 1;
  guint                 searching : 1;
  guint                 reporting : 1;
};

G_DEFINE_FINAL_TYPE (ShuProjectWindow, shu_project_window, ADW_TYPE_APPLICATION_WINDOW)

static void start_search (ShuProjectWindow *self, const char *text);

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

/* A document opens in a window of its own, as Files opens a file: the
 * list (and a search's results) stay as they were, beside it, and the
 * document window keeps everything it does for one text (saving, undo,
 * asking about unsaved changes on close) unchanged. */
static void
open_document (ShuProjectWindow   *self,
               ShuProjectDocument *entry,
               const ShuCorpusHit *hit)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  ShuWindow *window = shu_window_new (app);
  GFile *text = shu_project_document_get_text_file (entry);

  if (hit != NULL)
    {
      Match *match = g_new (Match, 1);

      match->start = hit->start;
      match->end = hit->end;
      shu_window_open_file_async (window, text, opened_at_match_cb, match);
    }
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

  if (entry != NULL && shu_project_document_get_document (entry) != NULL)
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

static void
report_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  g_task_return_pointer (task, shu_corpus_report_new (task_data, NULL, NULL),
                         (GDestroyNotify) shu_corpus_report_free);
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
  g_clear_pointer (&self->report, shu_corpus_report_free);
  self->report = g_task_propagate_pointer (G_TASK (result), NULL);
  if (self->report == NULL)
    return;
  shu_report_chart_set_report (SHU_REPORT_CHART (self->bars), self->report);
  shu_report_chart_set_report (SHU_REPORT_CHART (self->heat_map), self->report);

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
  g_autoptr(GTask) task = g_task_new (self, self->scan_cancellable, reported_cb, NULL);

  g_task_set_task_data (task, g_object_ref (self->project), g_object_unref);
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
  build_columns (self);
  show_errors (self);
  start_report (self);

  if (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))[0] != '\0')
    start_search (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
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

  if (hit != NULL)
    open_document (self, hit->document, hit);
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
  g_autofree char *pending = g_steal_pointer (&self->pending_query);
  g_autofree char *summary = NULL;
  /* The texts' direction, not the interface's, decides which side a
   * line of context starts on. */
  GtkTextDirection direction =
    g_strcmp0 (shu_project_get_text_direction (self->project), "rtl") == 0
    ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR;

  self->searching = FALSE;
  hits = shu_corpus_search_finish (SHU_PROJECT (object), result, &error);

  /* The search the user typed since is the one that counts: the
   * project's texts are searched by one search at a time. */
  if (pending != NULL)
    {
      start_search (self, pending);
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

static void
start_search (ShuProjectWindow *self,
              const char       *text)
{
  ShuCorpusQuery query = { 0 };

  if (self->searching)
    {
      /* Stop the running one; the new one starts once it has returned. */
      g_cancellable_cancel (self->search_cancellable);
      g_free (self->pending_query);
      self->pending_query = g_strdup (text);
      return;
    }

  clear_results (self);
  query.text = text;
  query.flags = SHU_SEARCH_CASE_INSENSITIVE | SHU_SEARCH_IGNORE_MARKS;
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
search_changed_cb (GtkSearchEntry   *entry,
                   ShuProjectWindow *self)
{
  start_search (self, gtk_editable_get_text (GTK_EDITABLE (entry)));
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

  task = g_task_new (self, NULL, callback, user_data);
  g_task_set_source_tag (task, shu_project_window_export_async);
  if (self->report == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_INITIALIZED,
                               _("The folder has not been read yet"));
      return;
    }

  /* Made here from figures in memory; only the writing takes a thread. */
  bytes = table < 0 ? shu_corpus_report_to_html (self->report)
                    : shu_corpus_report_to_csv (self->report, table, SHU_CSV_NONE);
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
      ShuAlert *dialog = shu_alert_new (_("Could not export the report"), error->message);

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

  if (!html && !shu_corpus_table_from_name (what, &table))
    g_return_if_reached ();

  chooser = shu_file_chooser_new (html ? _("Export Report") : _("Export Table"),
                                  GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"));
  name = html ? g_strdup ("report.html") : g_strdup_printf ("%s.csv", what);
  shu_file_chooser_set_name (chooser, name);
  g_object_set_data (G_OBJECT (chooser), "shu-table",
                     GINT_TO_POINTER (html ? -1 : (int) table));
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

static GtkWidget *
build_documents_page (ShuProjectWindow *self)
{
  GtkWidget *box = page_box ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkFilter *filter;
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
  gtk_widget_set_margin_start (GTK_WIDGET (self->filter_entry), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->filter_entry), 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->filter_entry));

  self->documents = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  filter = GTK_FILTER (gtk_string_filter_new (
    gtk_property_expression_new (SHU_TYPE_PROJECT_DOCUMENT, NULL, "name")));
  g_object_bind_property (self->filter_entry, "text", filter, "search", G_BINDING_DEFAULT);
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

  self->search_entry = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  g_object_set (self->search_entry, "placeholder-text", _("Search all texts"), NULL);
  gtk_widget_set_margin_start (GTK_WIDGET (self->search_entry), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search_entry), 12);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (search_changed_cb), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search_entry));

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

static GtkWidget *
build_reports_page (ShuProjectWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *export = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkWidget *clamp = adw_clamp_new ();

  g_menu_append (menu, _("Label Frequencies per Document (CSV)…"),
                 "project.export::documents");
  g_menu_append (menu, _("Label Frequencies per Annotator (CSV)…"),
                 "project.export::annotators");
  g_menu_append (menu, _("Co-occurrence (CSV)…"), "project.export::overlap");
  g_menu_append (menu, _("Coded Passages (CSV)…"), "project.export::coded");
  g_menu_append (menu, _("Whole Report (HTML)…"), "project.export::html");
  gtk_menu_button_set_label (GTK_MENU_BUTTON (export), _("Export"));
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (export), G_MENU_MODEL (menu));
  gtk_widget_set_halign (export, GTK_ALIGN_END);

  self->report_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->report_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->report_label), "dim-label");
  self->bars = shu_report_chart_new (SHU_REPORT_CHART_BARS);
  self->heat_map = shu_report_chart_new (SHU_REPORT_CHART_HEAT_MAP);
  gtk_widget_set_halign (self->heat_map, GTK_ALIGN_START);

  gtk_box_append (GTK_BOX (box), export);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->report_label));
  gtk_box_append (GTK_BOX (box), chart_heading (_("Annotations per Label")));
  gtk_box_append (GTK_BOX (box), self->bars);
  gtk_box_append (GTK_BOX (box), chart_heading (_("Overlapping Labels")));
  gtk_box_append (GTK_BOX (box), self->heat_map);
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

  G_OBJECT_CLASS (shu_project_window_parent_class)->dispose (object);
}

static void
shu_project_window_finalize (GObject *object)
{
  ShuProjectWindow *self = SHU_PROJECT_WINDOW (object);

  g_clear_object (&self->project);
  g_clear_object (&self->scan_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_pointer (&self->pending_query, g_free);
  g_clear_pointer (&self->report, shu_corpus_report_free);

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
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->stack));
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

  return self->scanning || self->searching || self->reporting || self->pending_query != NULL;
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

  return g_str_equal (which, "bars") ? self->bars : self->heat_map;
}
