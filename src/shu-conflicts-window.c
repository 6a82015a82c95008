/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-conflicts-window.h"
#include "shu-merge.h"

struct _ShuConflictsWindow
{
  AdwWindow    parent_instance;

  /* Owned */
  ShuDocument *document;
  GPtrArray   *shown;         /* ShuAnnotation */
  GPtrArray   *shown_labels;  /* char *, label ids */

  /* Borrowed */
  GtkListBox      *list;
  GtkWidget       *stack;
  AdwToastOverlay *toasts;
};

G_DEFINE_FINAL_TYPE (ShuConflictsWindow, shu_conflicts_window, ADW_TYPE_WINDOW)

enum {
  KEEP,
  DISCARD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GPtrArray *
shu_document_list_conflicts (ShuDocument *document)
{
  ShuAnnotationStore *store;
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), out);

  store = shu_document_get_store (document);
  all = shu_annotation_store_dup_annotations (store);
  for (guint i = 0; i < all->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (all, i);
      const char *other_id = shu_annotation_get_conflict (annotation);
      ShuAnnotation *other;

      if (other_id == NULL || g_ptr_array_find (out, annotation, NULL))
        continue;
      g_ptr_array_add (out, g_object_ref (annotation));
      /* The other version follows at once, whatever its place in the text. */
      other = shu_annotation_store_lookup (store, other_id);
      if (other != NULL && !g_ptr_array_find (out, other, NULL))
        g_ptr_array_add (out, g_object_ref (other));
    }
  return out;
}

static void
button_clicked_cb (ShuConflictsWindow *self,
                   GtkButton          *button)
{
  const char *id = g_object_get_data (G_OBJECT (button), "shu-annotation-id");
  guint signal_id = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "shu-signal"));
  g_autofree char *copy = g_strdup (id);

  g_signal_emit (self, signals[signal_id], 0, copy);
}

static GtkWidget *
make_button (ShuConflictsWindow *self,
             const char         *mnemonic,
             const char         *accessible,
             ShuAnnotation      *annotation,
             guint               signal_id)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  g_object_set_data_full (G_OBJECT (button), "shu-annotation-id",
                          g_strdup (shu_annotation_get_id (annotation)), g_free);
  g_object_set_data (G_OBJECT (button), "shu-signal", GUINT_TO_POINTER (signal_id));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  return button;
}

/* The row around a conflict's @box, its @buttons below, named @heading. */
static GtkWidget *
finish_row (GtkWidget  *box,
            GtkWidget  *buttons,
            const char *heading)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_widget_set_margin_top (buttons, 6);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  heading, -1);
  return row;
}

static GtkWidget *
make_row (ShuConflictsWindow *self,
          ShuAnnotation      *annotation)
{
  ShuSource *source = shu_document_get_source (self->document);
  ShuLabelSet *labels =
    shu_annotation_store_get_labels (shu_document_get_store (self->document));
  const char *label_id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
  const char *creator = shu_annotation_get_creator (annotation);
  const char *comment = shu_annotation_get_comment (annotation);
  gboolean deleted = g_strcmp0 (shu_annotation_get_conflict (annotation),
                                SHU_MERGE_DELETED) == 0;
  g_autofree char *quote = shu_source_dup_range (source, shu_annotation_get_start (annotation),
                                                 shu_annotation_get_end (annotation));
  g_autofree char *heading = NULL;
  g_autofree char *details = NULL;
  const char *label_name;
  g_autofree char *keep_name = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *widget;

  if (deleted)
    heading = g_strdup (_("Changed on one side, deleted on the other"));
  else if (creator != NULL)
    /* Translators: %s is an annotator's name. */
    heading = g_strdup_printf (_("Version by %s"), creator);
  else
    heading = g_strdup (_("Version by an unnamed annotator"));

  widget = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_add_css_class (widget, "heading");
  gtk_box_append (GTK_BOX (box), widget);

  g_strdelimit (quote, "\r\n\t", ' ');
  widget = gtk_label_new (quote);
  gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_box_append (GTK_BOX (box), widget);

  label_name = label != NULL ? shu_label_get_name (label) : _("No label");
  if (comment != NULL)
    /* Translators: under one version of a conflicting annotation: %1$s is
     * its label's name, %2$s its comment. */
    details = g_strdup_printf (_("%1$s — %2$s"), label_name, comment);
  else
    details = g_strdup (label_name);
  widget = gtk_label_new (details);
  gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_add_css_class (widget, "dim-label");
  gtk_box_append (GTK_BOX (box), widget);

  /* Translators: the accessible name of a button; %s is a quote. */
  keep_name = g_strdup_printf (_("Keep this version of “%s”"), quote);
  gtk_box_append (GTK_BOX (buttons),
                  make_button (self, _("_Keep This Version"), keep_name, annotation, KEEP));
  if (deleted)
    {
      g_autofree char *delete_name = g_strdup_printf (_("Delete “%s”"), quote);

      widget = make_button (self, _("_Delete"), delete_name, annotation, DISCARD);
      gtk_widget_add_css_class (widget, "destructive-action");
      gtk_box_append (GTK_BOX (buttons), widget);
    }
  return finish_row (box, buttons, heading);
}

/* One version of a label, as markup: its colour, name and shortcut (and
 * description, where the versions differ in it). */
static char *
label_version_markup (const char *which,
                      ShuLabel   *label,
                      gboolean    with_description)
{
  GString *markup = g_string_new (NULL);
  char shortcut = shu_label_get_shortcut (label);
  /* Isolated, so that a name in the other direction keeps its place. */
  g_autofree char *head = g_markup_printf_escaped ("%s <span foreground=\"%s\">⬤</span> "
                                                   "<b>\u2068%s\u2069</b>", which,
                                                   shu_label_get_color (label),
                                                   shu_label_get_name (label));

  g_string_append (markup, head);
  if (shortcut != 0)
    {
      /* Translators: %c is the digit of a label's keyboard shortcut. */
      g_autofree char *text = g_strdup_printf (_("shortcut %c"), shortcut);
      g_autofree char *escaped = g_markup_printf_escaped (", %s", text);

      g_string_append (markup, escaped);
    }
  else
    {
      g_autofree char *escaped = g_markup_printf_escaped (", %s", _("no shortcut"));

      g_string_append (markup, escaped);
    }
  if (with_description && shu_label_get_description (label) != NULL)
    {
      g_autofree char *escaped = g_markup_printf_escaped (" — \u2068%s\u2069",
                                                          shu_label_get_description (label));

      g_string_append (markup, escaped);
    }
  return g_string_free (markup, FALSE);
}

static void
label_button_clicked_cb (ShuConflictsWindow *self,
                         GtkButton          *button)
{
  g_autofree char *id = g_strdup (g_object_get_data (G_OBJECT (button), "shu-label-id"));
  gboolean keep_other = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button),
                                                            "shu-keep-other"));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  /* The model resolves, as one undoable step; the window only says what
   * it could not do, or what else moved. */
  if (!shu_merge_resolve_label (shu_document_get_store (self->document), id, keep_other,
                                &message, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
  else if (message != NULL)
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (message));
}

static GtkWidget *
make_label_button (ShuConflictsWindow *self,
                   const char         *mnemonic,
                   const char         *accessible,
                   ShuLabel           *label,
                   gboolean            keep_other)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (mnemonic);

  gtk_widget_set_name (button, keep_other ? "keep-other" : "keep-this");
  g_object_set_data_full (G_OBJECT (button), "shu-label-id",
                          g_strdup (shu_label_get_id (label)), g_free);
  g_object_set_data (G_OBJECT (button), "shu-keep-other", GINT_TO_POINTER (keep_other));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_signal_connect_object (button, "clicked", G_CALLBACK (label_button_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  return button;
}

static GtkWidget *
make_version_label (const char *markup)
{
  GtkWidget *widget = gtk_label_new (NULL);

  gtk_label_set_markup (GTK_LABEL (widget), markup);
  gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  return widget;
}

/* A label both sides changed differently (both versions, and a button to
 * keep each), or that the other side deleted. */
static GtkWidget *
make_label_row (ShuConflictsWindow *self,
                ShuLabel           *label)
{
  ShuLabel *other = shu_label_get_conflict (label);
  gboolean deleted = shu_label_get_conflict_kind (label) == SHU_LABEL_CONFLICT_DELETED;
  gboolean descriptions = other != NULL
                          && g_strcmp0 (shu_label_get_description (label),
                                        shu_label_get_description (other)) != 0;
  g_autofree char *name = g_strdup_printf ("\u2068%s\u2069", shu_label_get_name (label));
  g_autofree char *heading = NULL;
  g_autofree char *mine = NULL;
  g_autofree char *keep_this_name = NULL;
  g_autofree char *keep_other_name = NULL;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *widget;

  if (deleted)
    /* Translators: %s is a label's name. */
    heading = g_strdup_printf (_("Label “%s”: changed here, deleted on the other side"), name);
  else
    /* Translators: %s is a label's name. */
    heading = g_strdup_printf (_("Label “%s”: two versions"), name);
  widget = gtk_label_new (heading);
  gtk_label_set_wrap (GTK_LABEL (widget), TRUE);
  gtk_label_set_xalign (GTK_LABEL (widget), 0);
  gtk_widget_add_css_class (widget, "heading");
  gtk_box_append (GTK_BOX (box), widget);

  mine = label_version_markup (_("This file:"), label, descriptions);
  gtk_box_append (GTK_BOX (box), make_version_label (mine));
  if (other != NULL)
    {
      g_autofree char *theirs = label_version_markup (_("Other version:"), other, descriptions);

      gtk_box_append (GTK_BOX (box), make_version_label (theirs));
    }

  /* Translators: accessible names of buttons; %s is a label's name. */
  keep_this_name = g_strdup_printf (_("Keep this file’s version of label “%s”"), name);
  if (deleted)
    {
      keep_other_name = g_strdup_printf (_("Delete label “%s”"), name);
      gtk_box_append (GTK_BOX (buttons),
                      make_label_button (self, _("_Keep the Label"), keep_this_name, label,
                                         FALSE));
      widget = make_label_button (self, _("_Delete the Label"), keep_other_name, label, TRUE);
      gtk_widget_add_css_class (widget, "destructive-action");
      gtk_box_append (GTK_BOX (buttons), widget);
    }
  else
    {
      keep_other_name = g_strdup_printf (_("Keep the other version of label “%s”"), name);
      gtk_box_append (GTK_BOX (buttons),
                      make_label_button (self, _("Keep _This File’s"), keep_this_name, label,
                                         FALSE));
      gtk_box_append (GTK_BOX (buttons),
                      make_label_button (self, _("Keep the _Other"), keep_other_name, label,
                                         TRUE));
    }
  return finish_row (box, buttons, heading);
}

static void
refresh (ShuConflictsWindow *self)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (self->document));
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  /* Labels first: a label conflict concerns every annotation it tags. */
  g_ptr_array_set_size (self->shown_labels, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      if (shu_label_get_conflict_kind (label) == SHU_LABEL_CONFLICT_NONE)
        continue;
      g_ptr_array_add (self->shown_labels, g_strdup (shu_label_get_id (label)));
      gtk_list_box_append (self->list, make_label_row (self, label));
    }

  g_clear_pointer (&self->shown, g_ptr_array_unref);
  self->shown = shu_document_list_conflicts (self->document);
  for (guint i = 0; i < self->shown->len; i++)
    gtk_list_box_append (self->list, make_row (self, g_ptr_array_index (self->shown, i)));
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack),
                                    self->shown->len + self->shown_labels->len > 0
                                    ? "list" : "empty");
}

GtkWidget *
shu_conflicts_window_new (ShuDocument *document)
{
  ShuConflictsWindow *self;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  self = g_object_new (SHU_TYPE_CONFLICTS_WINDOW, NULL);
  self->document = g_object_ref (document);
  g_signal_connect_object (shu_document_get_store (document), "items-changed",
                           G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (shu_document_get_store (document), "labels-changed",
                           G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

GPtrArray *
shu_conflicts_window_dup_ids (ShuConflictsWindow *self)
{
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (SHU_IS_CONFLICTS_WINDOW (self), ids);

  for (guint i = 0; i < self->shown->len; i++)
    g_ptr_array_add (ids, (gpointer) shu_annotation_get_id (g_ptr_array_index (self->shown, i)));
  return ids;
}

GPtrArray *
shu_conflicts_window_dup_label_ids (ShuConflictsWindow *self)
{
  GPtrArray *ids = g_ptr_array_new ();

  g_return_val_if_fail (SHU_IS_CONFLICTS_WINDOW (self), ids);

  for (guint i = 0; i < self->shown_labels->len; i++)
    g_ptr_array_add (ids, g_ptr_array_index (self->shown_labels, i));
  return ids;
}

static void
shu_conflicts_window_dispose (GObject *object)
{
  ShuConflictsWindow *self = SHU_CONFLICTS_WINDOW (object);

  g_clear_object (&self->document);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  g_clear_pointer (&self->shown_labels, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_conflicts_window_parent_class)->dispose (object);
}

static void
shu_conflicts_window_class_init (ShuConflictsWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_conflicts_window_dispose;

  signals[KEEP] = g_signal_new ("keep", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[DISCARD] = g_signal_new ("discard", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_conflicts_window_init (ShuConflictsWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *explanation;
  GtkWidget *empty;

  gtk_window_set_title (GTK_WINDOW (self), _("Merge Conflicts"));
  gtk_window_set_default_size (GTK_WINDOW (self), 480, 560);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());

  self->shown_labels = g_ptr_array_new_with_free_func (g_free);

  explanation = gtk_label_new (_("Both sides changed these labels or annotations differently, "
                                 "so both versions were kept. Keep one version of each; the "
                                 "other is dropped (Undo brings it back)."));
  gtk_label_set_wrap (GTK_LABEL (explanation), TRUE);
  gtk_label_set_xalign (GTK_LABEL (explanation), 0);
  gtk_widget_set_margin_top (explanation, 12);
  gtk_widget_set_margin_bottom (explanation, 12);
  gtk_widget_set_margin_start (explanation, 12);
  gtk_widget_set_margin_end (explanation, 12);
  gtk_box_append (GTK_BOX (box), explanation);

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);
  gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 12);
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Conflicting versions"), -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list));
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Conflicts Left"));

  self->stack = gtk_stack_new ();
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_box_append (GTK_BOX (box), self->stack);

  self->toasts = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_toast_overlay_set_child (self->toasts, box);
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (self->toasts));
}
