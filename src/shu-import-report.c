/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-import.h"
#include "shu-import-report.h"
#include "shu-resources.h"

struct _ShuImportReport
{
  AdwWindow        parent_instance;

  /* Template widgets */
  AdwWindowTitle  *title;
  AdwToastOverlay *toast_overlay;
  GtkLabel        *summary;
  GtkLabel        *heading;
  GtkListBox      *list;

  /* Owned */
  char            *text;   /* what Copy puts on the clipboard */
};

G_DEFINE_FINAL_TYPE (ShuImportReport, shu_import_report, ADW_TYPE_WINDOW)

/* One item: where (file, line, column) above why and what was done.
 * Both are the file's and the importer's words: plain labels, never
 * markup, and selectable, so that a line number or a quote can be copied
 * on its own. */
static GtkWidget *
make_row (const char *file_name,
          const char *message)
{
  g_autofree char *place = NULL;
  g_autofree char *detail = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  if (!shu_import_message_split (message, file_name, &place, &detail))
    detail = g_strdup (message);

  if (place != NULL)
    {
      label = gtk_label_new (place);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_widget_add_css_class (label, "caption-heading");
      gtk_widget_add_css_class (label, "dim-label");
      gtk_box_append (GTK_BOX (box), label);
    }
  label = gtk_label_new (detail);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);

  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  message, -1);
  return row;
}

static void
copy_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuImportReport *self = SHU_IMPORT_REPORT (widget);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), self->text);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Report copied")));
}

char *
shu_import_report_dup_text (ShuImportReport *self)
{
  g_return_val_if_fail (SHU_IS_IMPORT_REPORT (self), NULL);

  return g_strdup (self->text);
}

void
shu_import_report_set_title (ShuImportReport *self,
                             const char      *title)
{
  g_return_if_fail (SHU_IS_IMPORT_REPORT (self));
  g_return_if_fail (title != NULL);

  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->title, title);
}

ShuImportReport *
shu_import_report_new (GtkWindow  *parent,
                       const char *file_name,
                       const char *summary,
                       GPtrArray  *messages)
{
  ShuImportReport *self;
  GString *text;
  guint n = messages != NULL ? messages->len : 0;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (file_name != NULL, NULL);
  g_return_val_if_fail (summary != NULL, NULL);

  self = g_object_new (SHU_TYPE_IMPORT_REPORT, "transient-for", parent, NULL);
  adw_window_title_set_subtitle (self->title, file_name);
  gtk_label_set_text (self->summary, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->heading), n > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->list), n > 0);

  /* The copy says which file it is about: pasted into a message to a
   * colleague, it stands alone. */
  text = g_string_new (NULL);
  g_string_append_printf (text, "%s\n%s\n", file_name, summary);
  for (guint i = 0; i < n; i++)
    {
      const char *message = g_ptr_array_index (messages, i);

      gtk_list_box_append (self->list, make_row (file_name, message));
      g_string_append_printf (text, "%s%s\n", i == 0 ? "\n" : "", message);
    }
  self->text = g_string_free (text, FALSE);
  return self;
}

static void
shu_import_report_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), SHU_TYPE_IMPORT_REPORT);

  G_OBJECT_CLASS (shu_import_report_parent_class)->dispose (object);
}

static void
shu_import_report_finalize (GObject *object)
{
  ShuImportReport *self = SHU_IMPORT_REPORT (object);

  g_free (self->text);

  G_OBJECT_CLASS (shu_import_report_parent_class)->finalize (object);
}

static void
shu_import_report_class_init (ShuImportReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_import_report_dispose;
  object_class->finalize = shu_import_report_finalize;

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-import-report.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuImportReport, title);
  gtk_widget_class_bind_template_child (widget_class, ShuImportReport, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShuImportReport, summary);
  gtk_widget_class_bind_template_child (widget_class, ShuImportReport, heading);
  gtk_widget_class_bind_template_child (widget_class, ShuImportReport, list);

  gtk_widget_class_install_action (widget_class, "report.copy", NULL, copy_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "report.copy", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_import_report_init (ShuImportReport *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
