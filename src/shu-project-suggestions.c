/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "shu-project-suggestions.h"
#include "shu-sidecar.h"
#include "shu-suggest-project.h"

struct _ShuProjectSuggestions
{
  GtkWidget parent_instance;

  /* Template widgets */
  AdwToastOverlay *overlay;
  GtkWidget       *find_button;
  GtkLabel        *status;
  GtkWidget       *progress_box;
  GtkProgressBar  *progress;
  GtkListBox      *list;

  /* Owned */
  ShuProject      *project;
  GSettings       *settings;
  GCancellable    *cancellable;   /* the search, or the writes, under way */
  GPtrArray       *hits;          /* ShuSuggestHits of the last search, or NULL */
  GPtrArray       *accepted;      /* ShuProjectDocument: the last step, for Undo */
  char            *description;   /* the last step's name in the undo history */
  GString         *failures;      /* the writes under way that failed, a line each */
  char            *failure_message; /* shown until the next search she starts */
  guint            n_accepted;
  guint            n_writing;
  guint            finding : 1;
};

G_DEFINE_FINAL_TYPE (ShuProjectSuggestions, shu_project_suggestions, GTK_TYPE_WIDGET)

static void show_hits (ShuProjectSuggestions *self);

static void
set_status (ShuProjectSuggestions *self,
            const char            *text,
            gboolean               error)
{
  gtk_label_set_text (self->status, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status), "error");
}

static void
update_sensitivity (ShuProjectSuggestions *self)
{
  gboolean busy = shu_project_suggestions_get_busy (self);

  gtk_widget_set_sensitive (self->find_button,
                            !busy && shu_project_get_phase (self->project)
                                     == SHU_PROJECT_SCAN_DONE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->list), !busy);
  gtk_widget_set_visible (self->progress_box, self->finding);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  ShuProjectSuggestions *self = user_data;

  if (self->overlay != NULL)
    gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
found_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ShuProjectSuggestions) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = shu_suggest_project_finish (SHU_PROJECT (object), result, &error);

  self->finding = FALSE;
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  /* The window closed meanwhile: its widgets are gone. */
  if (self->overlay == NULL)
    return;
  if (hits == NULL)
    {
      show_hits (self);
      set_status (self, g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
                        ? _("Finding suggestions was cancelled")
                        : error->message, FALSE);
      update_sensitivity (self);
      return;
    }
  self->hits = g_steal_pointer (&hits);
  show_hits (self);
  update_sensitivity (self);
}

void
shu_project_suggestions_find (ShuProjectSuggestions *self)
{
  g_return_if_fail (SHU_IS_PROJECT_SUGGESTIONS (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->finding = TRUE;
  gtk_progress_bar_set_fraction (self->progress, 0);
  set_status (self, _("Finding suggestions…"), FALSE);
  update_sensitivity (self);
  /* The progress callback outlives nothing: the page keeps itself alive
   * until the search ends (found_cb's reference). */
  shu_suggest_project_async (self->project, NULL, self->cancellable, progress_cb, self,
                             found_cb, g_object_ref (self));
}

gboolean
shu_project_suggestions_get_busy (ShuProjectSuggestions *self)
{
  g_return_val_if_fail (SHU_IS_PROJECT_SUGGESTIONS (self), FALSE);

  return self->finding || self->n_writing > 0;
}

static void
find_clicked_cb (ShuProjectSuggestions *self)
{
  g_clear_pointer (&self->failure_message, g_free);
  shu_project_suggestions_find (self);
}

static void
cancel_clicked_cb (ShuProjectSuggestions *self)
{
  if (self->finding && self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Writing the sidecars of one step (accepting, or its undo) */

typedef struct
{
  ShuProjectSuggestions *self;
  ShuProjectDocument    *entry;
  gboolean               undo;
} Write;

static void write_all_done (ShuProjectSuggestions *self,
                            gboolean               undo);

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Write *write = user_data;
  ShuProjectSuggestions *self = write->self;
  ShuDocument *document = SHU_DOCUMENT (object);
  g_autoptr(GError) error = NULL;

  if (!shu_sidecar_save_finish (document, result, &error))
    {
      g_autofree char *name = g_file_get_basename (
        shu_project_document_get_sidecar_file (write->entry));

      /* The safe write left the file as it was: the step is taken back
       * (or, for an undo, made again) here too, so that what is offered
       * is what is on disk. */
      if (write->undo)
        shu_annotation_store_redo (shu_document_get_store (document));
      else
        {
          shu_annotation_store_undo (shu_document_get_store (document));
          if (self->accepted != NULL)
            g_ptr_array_remove (self->accepted, write->entry);
        }
      /* TRANSLATORS: a sidecar file's name, then why it could not be written. */
      g_string_append_printf (self->failures, _("Could not write “%s”: %s. It is as it was."),
                              name, error->message);
      g_string_append_c (self->failures, '\n');
    }
  g_object_unref (write->entry);
  if (--self->n_writing == 0)
    write_all_done (self, write->undo);
  g_object_unref (self);
  g_free (write);
}

static void
write_document (ShuProjectSuggestions *self,
                ShuProjectDocument    *entry,
                gboolean               undo)
{
  Write *write = g_new0 (Write, 1);

  write->self = g_object_ref (self);
  write->entry = g_object_ref (entry);
  write->undo = undo;
  self->n_writing++;
  shu_sidecar_save_async (shu_project_document_get_document (entry),
                          shu_project_document_get_sidecar_file (entry), NULL, saved_cb, write);
}

static void
undo_cb (AdwToast              *toast,
         ShuProjectSuggestions *self)
{
  g_autoptr(GPtrArray) accepted = g_steal_pointer (&self->accepted);

  if (accepted == NULL || self->n_writing > 0)
    return;
  g_string_truncate (self->failures, 0);
  for (guint i = 0; i < accepted->len; i++)
    {
      ShuProjectDocument *entry = accepted->pdata[i];
      ShuAnnotationStore *store = shu_document_get_store (
        shu_project_document_get_document (entry));

      /* Only the step this page took, not one made since. */
      if (g_strcmp0 (shu_annotation_store_get_undo_description (store), self->description) != 0
          || !shu_annotation_store_undo (store))
        continue;
      write_document (self, entry, TRUE);
    }
  if (self->n_writing == 0)
    write_all_done (self, TRUE);
  update_sensitivity (self);
}

static void
write_all_done (ShuProjectSuggestions *self,
                gboolean               undo)
{
  /* The window closed while the sidecars were written: they are, and
   * there is nothing left to show. */
  if (self->overlay == NULL)
    return;
  g_clear_pointer (&self->failure_message, g_free);
  if (self->failures->len > 0)
    self->failure_message = g_strchomp (g_strdup (self->failures->str));
  if (!undo && self->accepted != NULL && self->accepted->len > 0)
    {
      guint n = self->n_accepted;
      g_autofree char *documents = g_strdup_printf (
        ngettext ("%u document", "%u documents", self->accepted->len), self->accepted->len);
      g_autofree char *title = g_strdup_printf (
        ngettext ("Accepted %u suggestion in %s", "Accepted %u suggestions in %s", n), n,
        documents);
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_button_label (toast, _("Undo"));
      adw_toast_set_timeout (toast, 10);
      g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_cb), self, 0);
      adw_toast_overlay_add_toast (self->overlay, toast);
    }
  /* The list again, as it now stands (also for the documents that failed:
   * their suggestions are offered still). */
  shu_project_suggestions_find (self);
}

/* Checking, before writing, that no sidecar changed on disk since the
 * project was read: a colleague's copy synced in, or an edit saved from a
 * document's own window, must not be written over with what the project
 * read before it. */

typedef struct
{
  GPtrArray *selected;   /* ShuSuggestHits */
  GPtrArray *stamps;     /* ShuFileStamp copies (or NULL), parallel */
  GPtrArray *files;      /* GFile, parallel */
  gboolean  *changed;    /* the answers, parallel */
} Check;

static void
check_free (Check *check)
{
  g_ptr_array_unref (check->selected);
  g_ptr_array_unref (check->stamps);
  g_ptr_array_unref (check->files);
  g_free (check->changed);
  g_free (check);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Check *check = task_data;

  for (guint i = 0; i < check->selected->len; i++)
    {
      ShuFileStamp *stamp = check->stamps->pdata[i];
      GFile *file = check->files->pdata[i];

      /* A sidecar the project did not find must not have appeared since. */
      if (stamp == NULL)
        check->changed[i] = g_file_query_exists (file, cancellable);
      else
        check->changed[i] = shu_file_stamp_check (stamp, file, cancellable) != SHU_FILE_SAME;
    }
  g_task_return_boolean (task, TRUE);
}

static void
checked_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ShuProjectSuggestions *self = SHU_PROJECT_SUGGESTIONS (object);
  Check *check = g_task_get_task_data (G_TASK (result));
  g_autofree char *creator = g_settings_get_string (self->settings, "author-name");
  guint n = 0;

  self->n_writing--;
  /* The window closed before anything was accepted: nothing is. */
  if (self->overlay == NULL)
    return;
  for (guint i = 0; i < check->selected->len; i++)
    {
      ShuSuggestHits *hits = check->selected->pdata[i];
      ShuDocument *document = shu_project_document_get_document (hits->document);

      if (check->changed[i])
        {
          g_autofree char *name = g_file_get_basename (check->files->pdata[i]);

          g_string_append_printf (self->failures,
                                  /* TRANSLATORS: a sidecar file's name. */
                                  _("“%s” changed on disk since the project was read: it "
                                    "is left as it is. Read the project again to accept "
                                    "its suggestions."), name);
          g_string_append_c (self->failures, '\n');
          continue;
        }
      n += shu_suggest_accept (shu_document_get_store (document),
                               (const ShuSuggestion *) (gpointer) hits->suggestions->data,
                               hits->suggestions->len, *creator != '\0' ? creator : NULL,
                               self->description);
      g_ptr_array_add (self->accepted, g_object_ref (hits->document));
    }
  self->n_accepted = n;
  for (guint i = 0; i < self->accepted->len; i++)
    write_document (self, self->accepted->pdata[i], FALSE);
  if (self->n_writing == 0)
    write_all_done (self, FALSE);
  update_sensitivity (self);
}

/* Accepts the suggestions of @label_id (and of @form, when given) in
 * every document whose sidecar is still as the project read it, one
 * undoable step in each, and writes their sidecars. */
static void
accept (ShuProjectSuggestions *self,
        const char            *label_id,
        const char            *form)
{
  g_autoptr(GPtrArray) selected = NULL;
  g_autoptr(GTask) task = NULL;
  Check *check;

  if (self->hits == NULL || shu_project_suggestions_get_busy (self))
    return;
  selected = shu_suggest_project_select (self->hits, label_id, form);
  if (selected->len == 0)
    return;
  g_free (self->description);
  self->description = g_strdup (form != NULL ? _("Accept Suggestions of a Form")
                                             : _("Accept Suggestions of a Label"));
  g_clear_pointer (&self->accepted, g_ptr_array_unref);
  self->accepted = g_ptr_array_new_with_free_func (g_object_unref);
  g_string_truncate (self->failures, 0);

  check = g_new0 (Check, 1);
  check->selected = g_ptr_array_ref (selected);
  check->stamps = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_file_stamp_free);
  check->files = g_ptr_array_new_with_free_func (g_object_unref);
  check->changed = g_new0 (gboolean, selected->len);
  for (guint i = 0; i < selected->len; i++)
    {
      ShuProjectDocument *entry = ((ShuSuggestHits *) selected->pdata[i])->document;
      const ShuFileStamp *stamp = shu_document_get_sidecar_stamp (
        shu_project_document_get_document (entry));

      g_ptr_array_add (check->stamps, stamp != NULL ? shu_file_stamp_copy (stamp) : NULL);
      g_ptr_array_add (check->files,
                       g_object_ref (shu_project_document_get_sidecar_file (entry)));
    }
  /* Busy from now: the writes follow the check. */
  self->n_writing++;
  update_sensitivity (self);
  task = g_task_new (self, NULL, checked_cb, NULL);
  g_task_set_name (task, "[shulayim] project suggestions: check sidecars");
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_thread);
}

static void
accept_label_cb (GtkButton             *button,
                 ShuProjectSuggestions *self)
{
  accept (self, g_object_get_data (G_OBJECT (button), "label-id"), NULL);
}

static void
accept_form_cb (GtkButton             *button,
                ShuProjectSuggestions *self)
{
  accept (self, g_object_get_data (G_OBJECT (button), "label-id"),
          g_object_get_data (G_OBJECT (button), "form"));
}

/* The list */

static GtkWidget *
heading_row (ShuProjectSuggestions *self,
             const char            *label_id,
             guint                  n)
{
  ShuLabel *label = shu_project_lookup_label (self->project, label_id);
  g_autofree char *title = g_strdup_printf ("%s (%u)",
                                            label != NULL ? shu_label_get_name (label)
                                                          : label_id, n);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *heading = gtk_label_new (title);
  GtkWidget *button = gtk_button_new_with_label (_("Accept All"));
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_add_css_class (heading, "heading");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_widget_set_hexpand (heading, TRUE);
  gtk_widget_set_tooltip_text (button, _("Accept every suggestion of this label"));
  g_object_set_data_full (G_OBJECT (button), "label-id", g_strdup (label_id), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (accept_label_cb), self, 0);
  gtk_box_append (GTK_BOX (box), heading);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static GtkWidget *
form_row (ShuProjectSuggestions     *self,
          const ShuSuggestFormGroup *group)
{
  GString *where = g_string_new (NULL);
  g_autofree char *count = g_strdup_printf ("%u", group->n);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *words = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *text = gtk_label_new (group->text);
  GtkWidget *documents;
  GtkWidget *number = gtk_label_new (count);
  GtkWidget *button = gtk_button_new_with_label (_("Accept"));
  GtkWidget *row = gtk_list_box_row_new ();

  /* Each "name: count" isolated (FSI ... PDI): a Latin file name in a
   * right-to-left interface keeps its colon and number beside it. A mark
   * of the interface's direction first: the line's direction is that of
   * its first strong letter, which the isolates would otherwise leave to
   * the first file name. */
  g_string_append (where, gtk_widget_get_default_direction () == GTK_TEXT_DIR_RTL
                          ? "\u200F" : "\u200E");
  for (guint i = 0; i < group->documents->len; i++)
    g_string_append_printf (where, "%s\u2068%s: %u\u2069", i > 0 ? " · " : "",
                            shu_project_document_get_name (group->documents->pdata[i]),
                            g_array_index (group->counts, guint, i));
  documents = gtk_label_new (where->str);
  g_string_free (where, TRUE);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_xalign (GTK_LABEL (documents), 0);
  gtk_label_set_wrap (GTK_LABEL (documents), TRUE);
  gtk_widget_add_css_class (documents, "dim-label");
  gtk_widget_add_css_class (documents, "caption");
  gtk_widget_set_hexpand (words, TRUE);
  gtk_widget_add_css_class (number, "numeric");
  gtk_widget_set_tooltip_text (button, _("Accept every suggestion of this form"));
  g_object_set_data_full (G_OBJECT (button), "label-id", g_strdup (group->label_id), g_free);
  g_object_set_data_full (G_OBJECT (button), "form", g_strdup (group->form), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (accept_form_cb), self, 0);
  gtk_box_append (GTK_BOX (words), text);
  gtk_box_append (GTK_BOX (words), documents);
  gtk_box_append (GTK_BOX (box), words);
  gtk_box_append (GTK_BOX (box), number);
  gtk_box_append (GTK_BOX (box), button);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
show_hits (ShuProjectSuggestions *self)
{
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GHashTable) documents = g_hash_table_new (NULL, NULL);
  GtkWidget *child;
  guint total = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (self->hits == NULL)
    return;

  groups = shu_suggest_project_group (self->hits);
  for (guint i = 0; i < groups->len; )
    {
      ShuSuggestFormGroup *first = groups->pdata[i];
      guint n = 0, end = i;

      for (; end < groups->len
           && ((ShuSuggestFormGroup *) groups->pdata[end])->label_id == first->label_id; end++)
        n += ((ShuSuggestFormGroup *) groups->pdata[end])->n;
      gtk_list_box_append (self->list, heading_row (self, first->label_id, n));
      for (; i < end; i++)
        {
          ShuSuggestFormGroup *group = groups->pdata[i];

          gtk_list_box_append (self->list, form_row (self, group));
          for (guint d = 0; d < group->documents->len; d++)
            g_hash_table_add (documents, group->documents->pdata[d]);
        }
      total += n;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->list), total > 0);

  if (self->failure_message != NULL)
    set_status (self, self->failure_message, TRUE);
  else if (total == 0)
    set_status (self, _("No suggestions: a word labelled in one document is suggested "
                        "wherever else it stands"), FALSE);
  else
    {
      g_autofree char *in = g_strdup_printf (
        ngettext ("%u document", "%u documents", g_hash_table_size (documents)),
        g_hash_table_size (documents));
      g_autofree char *text = g_strdup_printf (
        ngettext ("%u suggestion in %s", "%u suggestions in %s", total), total, in);

      set_status (self, text, FALSE);
    }
}

static void
phase_cb (ShuProjectSuggestions *self)
{
  update_sensitivity (self);
}

/* The list of documents was read again (a sidecar written here or by
 * someone else, a text added): what is offered is found again in the
 * documents as they now are, once it has been asked for. Writes in
 * progress find again when they end. */
static void
documents_changed_cb (ShuProjectSuggestions *self)
{
  if ((self->hits == NULL && !self->finding) || self->n_writing > 0)
    return;
  shu_project_suggestions_find (self);
}

static void
shu_project_suggestions_dispose (GObject *object)
{
  ShuProjectSuggestions *self = SHU_PROJECT_SUGGESTIONS (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_pointer ((GtkWidget **) &self->overlay, gtk_widget_unparent);

  G_OBJECT_CLASS (shu_project_suggestions_parent_class)->dispose (object);
}

static void
shu_project_suggestions_finalize (GObject *object)
{
  ShuProjectSuggestions *self = SHU_PROJECT_SUGGESTIONS (object);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->project);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->hits, g_ptr_array_unref);
  g_clear_pointer (&self->accepted, g_ptr_array_unref);
  g_free (self->description);
  g_free (self->failure_message);
  g_string_free (self->failures, TRUE);

  G_OBJECT_CLASS (shu_project_suggestions_parent_class)->finalize (object);
}

static void
shu_project_suggestions_class_init (ShuProjectSuggestionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_project_suggestions_dispose;
  object_class->finalize = shu_project_suggestions_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
shu_project_suggestions_init (ShuProjectSuggestions *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  self->settings = g_settings_new (APP_ID);
  self->failures = g_string_new (NULL);
  self->overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_parent (GTK_WIDGET (self->overlay), GTK_WIDGET (self));

  self->find_button = gtk_button_new_with_label (_("Find Suggestions"));
  gtk_widget_add_css_class (self->find_button, "suggested-action");
  gtk_widget_set_tooltip_text (self->find_button,
                               _("Suggest every word labelled in one document wherever else it "
                                 "stands in the project"));
  g_signal_connect_object (self->find_button, "clicked", G_CALLBACK (find_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  self->status = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status, 0);
  gtk_label_set_wrap (self->status, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (self->status), TRUE);
  gtk_box_append (GTK_BOX (top), self->find_button);
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (self->status));

  self->progress_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  self->progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->progress), TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->progress), GTK_ALIGN_CENTER);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (self->progress_box), GTK_WIDGET (self->progress));
  gtk_box_append (GTK_BOX (self->progress_box), cancel);
  gtk_widget_set_visible (self->progress_box, FALSE);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_widget_set_visible (GTK_WIDGET (self->list), FALSE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_widget_set_vexpand (scrolled, TRUE);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), self->progress_box);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  adw_toast_overlay_set_child (self->overlay, clamp);
}

GtkWidget *
shu_project_suggestions_new (ShuProject *project)
{
  ShuProjectSuggestions *self;

  g_return_val_if_fail (SHU_IS_PROJECT (project), NULL);

  self = g_object_new (SHU_TYPE_PROJECT_SUGGESTIONS, NULL);
  self->project = g_object_ref (project);
  g_signal_connect_object (project, "notify::phase", G_CALLBACK (phase_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "items-changed", G_CALLBACK (documents_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_sensitivity (self);
  set_status (self, _("Suggestions are found in every document once the project is read"),
              FALSE);
  return GTK_WIDGET (self);
}
