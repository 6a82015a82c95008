/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-resources.h"
#include "shu-alert.h"
#include "shu-label-manager.h"
#include "shu-text.h"

struct _ShuLabelManager
{
  AdwWindow           parent_instance;

  /* Template widgets */
  AdwToastOverlay    *toast_overlay;
  GtkListBox         *list;
  GtkSearchEntry     *search;
  GtkLabel           *more;

  /* Owned */
  ShuAnnotationStore *store;
  ShuLabelSet        *labels;
  /* What the list shows: the labels whose names match the search, the
   * first SHOWN_LIMIT of them. */
  GtkStringFilter    *filter;
  GtkFilterListModel *matches;
  GtkSliceListModel  *shown;
  /* Every row's shortcut drop-down as wide as the widest ("None"). */
  GtkSizeGroup       *shortcut_widths;
};

G_DEFINE_FINAL_TYPE (ShuLabelManager, shu_label_manager, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* A row is a dozen widgets with a popover: a file from another tool can
 * bring 100 000 labels, which took minutes to build as rows. Beyond this
 * many the search finds the others. */
#define SHOWN_LIMIT 100

/* The colours offered, the same as the ones new labels get. */
static const struct {
  const char *color;
  const char *name;
} palette[] = {
  { "#e01b24", N_("Red") },
  { "#ff7800", N_("Orange") },
  { "#f5c211", N_("Yellow") },
  { "#9fd43a", N_("Lime") },
  { "#2ec27e", N_("Green") },
  { "#0e8a74", N_("Teal") },
  { "#1fb5d6", N_("Cyan") },
  { "#3584e4", N_("Blue") },
  { "#9141ac", N_("Violet") },
  { "#d56199", N_("Pink") },
  { "#986a44", N_("Tan") },
  { "#77767b", N_("Grey") },
};

GtkWidget *
shu_label_manager_new (GtkWindow          *parent,
                       ShuAnnotationStore *store)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (store), NULL);

  return g_object_new (SHU_TYPE_LABEL_MANAGER,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       "store", store,
                       NULL);
}

ShuAnnotationStore *
shu_label_manager_get_store (ShuLabelManager *self)
{
  g_return_val_if_fail (SHU_IS_LABEL_MANAGER (self), NULL);

  return self->store;
}

static void
toast (ShuLabelManager *self,
       const char      *message)
{
  /* Toast titles are markup in libadwaita 1.2; label names are not. */
  g_autofree char *escaped = g_markup_escape_text (message, -1);

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
}

/* A name as it goes into a message: its bidi controls shown (they could
 * reorder the sentence around it) and isolated, so a Hebrew name keeps
 * its place in an English sentence and the other way round. */
static char *
dup_isolated_name (ShuLabel *label)
{
  g_autofree char *visible = shu_text_make_bidi_visible (shu_label_get_name (label));

  return g_strdup_printf ("\u2068%s\u2069", visible);
}

/* Labels are immutable: a change is a new label with the same id. */
static ShuLabel *
copy_label (ShuLabel   *label,
            const char *name,
            const char *color,
            int         shortcut)
{
  return shu_label_edited (label,
                           name != NULL ? name : shu_label_get_name (label),
                           color != NULL ? color : shu_label_get_color (label),
                           shu_label_get_description (label),
                           shortcut >= 0 ? (char) shortcut : shu_label_get_shortcut (label));
}

static gboolean
replace_label (ShuLabelManager *self,
               ShuLabel        *label,
               const char      *description)
{
  gboolean done;

  /* A group only to name the step in the "Undo …" menu. */
  shu_annotation_store_begin_group (self->store, description);
  done = shu_annotation_store_replace_label (self->store, label);
  shu_annotation_store_end_group (self->store);
  return done;
}

static ShuLabel *
lookup (ShuLabelManager *self,
        const char      *id)
{
  ShuLabel *label = shu_label_set_lookup (self->labels, id);

  if (label == NULL)
    g_debug ("No label with id %s", id);
  return label;
}

/* The row showing the label @id, if it is among the rows shown. */
static GtkListBoxRow *
find_row (ShuLabelManager *self,
          const char      *id)
{
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    if (g_strcmp0 (g_object_get_data (G_OBJECT (row), "shu-label-id"), id) == 0)
      return row;
  return NULL;
}

/* Rows */

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const char *color = user_data;
  GdkRGBA rgba;

  if (!gdk_rgba_parse (&rgba, color))
    return;

  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0 - 1, 0, 2 * G_PI);
  cairo_fill_preserve (cr);
  /* A thin ring keeps pale colours visible on a pale background. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.25);
  cairo_set_line_width (cr, 1);
  cairo_stroke (cr);
}

static GtkWidget *
swatch_new (const char *color,
            int         size)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), size);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), size);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch,
                                  g_strdup (color), g_free);
  gtk_widget_set_halign (swatch, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  return swatch;
}

static void
set_accessible_label (GtkWidget  *widget,
                      const char *label)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static GtkWidget *
color_button_new (ShuLabel *label)
{
  GtkWidget *button, *popover, *grid;
  g_autofree char *name = NULL;

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 6);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 6);
  for (guint i = 0; i < G_N_ELEMENTS (palette); i++)
    {
      GtkWidget *choice = gtk_button_new ();

      gtk_button_set_child (GTK_BUTTON (choice), swatch_new (palette[i].color, 22));
      gtk_widget_add_css_class (choice, "flat");
      gtk_widget_set_tooltip_text (choice, _(palette[i].name));
      set_accessible_label (choice, _(palette[i].name));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (choice), "labels.set-color");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (choice), "(ss)",
                                        shu_label_get_id (label), palette[i].color);
      g_object_set_data (G_OBJECT (choice), "shu-color", (gpointer) palette[i].color);
      gtk_grid_attach (GTK_GRID (grid), choice, i % 6, i / 6, 1, 1);
    }

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), grid);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_child (GTK_MENU_BUTTON (button),
                             swatch_new (shu_label_get_color (label), 18));
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  name = g_strdup_printf (_("Colour of “%s”"), shu_label_get_name (label));
  set_accessible_label (button, name);
  gtk_widget_set_tooltip_text (button, _("Colour"));
  return button;
}

typedef struct
{
  ShuLabelManager *manager;
  char            *label_id;
  guint            digit;
} ShortcutChoice;

static gboolean
apply_shortcut_cb (gpointer user_data)
{
  ShortcutChoice *choice = user_data;

  gtk_widget_activate_action (GTK_WIDGET (choice->manager), "labels.set-shortcut", "(su)",
                              choice->label_id, choice->digit);
  g_object_unref (choice->manager);
  g_free (choice->label_id);
  g_free (choice);
  return G_SOURCE_REMOVE;
}

static void
shortcut_selected_cb (GtkDropDown *drop_down,
                      GParamSpec  *pspec,
                      GtkWidget   *row)
{
  GtkWidget *manager = GTK_WIDGET (gtk_widget_get_root (row));
  guint digit = gtk_drop_down_get_selected (drop_down);
  ShortcutChoice *choice;

  /* Position 0 is "None", then the digits 1 to 9 in order. */
  if (digit == GTK_INVALID_LIST_POSITION || !SHU_IS_LABEL_MANAGER (manager))
    return;

  /* The change replaces the label, and with it this row and this drop-down,
   * which are still busy telling of the selection: change it once they are
   * done. */
  choice = g_new0 (ShortcutChoice, 1);
  choice->manager = g_object_ref (SHU_LABEL_MANAGER (manager));
  choice->label_id = g_strdup (g_object_get_data (G_OBJECT (row), "shu-label-id"));
  choice->digit = digit;
  g_idle_add (apply_shortcut_cb, choice);
}

static GtkWidget *
shortcut_drop_down_new (ShuLabelManager *self,
                        ShuLabel        *label,
                        GtkWidget       *row)
{
  const char *digits[] = { NULL, "1", "2", "3", "4", "5", "6", "7", "8", "9", NULL };
  GtkWidget *drop_down;
  g_autofree char *name = NULL;
  char shortcut = shu_label_get_shortcut (label);

  digits[0] = _("None");
  drop_down = gtk_drop_down_new_from_strings (digits);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (drop_down),
                              shortcut >= '1' && shortcut <= '9' ? shortcut - '0' : 0);
  gtk_widget_set_valign (drop_down, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (drop_down, _("Shortcut digit"));
  name = g_strdup_printf (_("Shortcut digit of “%s”"), shu_label_get_name (label));
  set_accessible_label (drop_down, name);
  g_signal_connect_object (drop_down, "notify::selected",
                           G_CALLBACK (shortcut_selected_cb), row, 0);
  gtk_size_group_add_widget (self->shortcut_widths, drop_down);
  return drop_down;
}

static GtkWidget *
icon_button_new (const char *icon_name,
                 const char *tooltip,
                 const char *accessible_format,
                 ShuLabel   *label,
                 const char *action_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);
  g_autofree char *accessible = g_strdup_printf (accessible_format, shu_label_get_name (label));

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  set_accessible_label (button, accessible);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", shu_label_get_id (label));
  return button;
}

static void
row_apply_cb (AdwEntryRow *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "shu-label-id");
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));

  gtk_widget_activate_action (GTK_WIDGET (row), "labels.rename", "(ss)", id, name);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  ShuLabelManager *self = user_data;
  ShuLabel *label = item;
  GtkWidget *row, *up, *down;
  g_autofree char *accessible = NULL;

  row = adw_entry_row_new ();
  /* The name is the user's text: plain, never markup. */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Name"));
  gtk_editable_set_text (GTK_EDITABLE (row), shu_label_get_name (label));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  accessible = g_strdup_printf (_("Name of “%s”"), shu_label_get_name (label));
  set_accessible_label (row, accessible);
  g_object_set_data_full (G_OBJECT (row), "shu-label-id",
                          g_strdup (shu_label_get_id (label)), g_free);
  g_signal_connect (row, "apply", G_CALLBACK (row_apply_cb), NULL);

  adw_entry_row_add_prefix (ADW_ENTRY_ROW (row), color_button_new (label));
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), shortcut_drop_down_new (self, label, row));

  up = icon_button_new ("go-up-symbolic", _("Move up"), _("Move “%s” up"),
                        label, "labels.move-up");
  down = icon_button_new ("go-down-symbolic", _("Move down"), _("Move “%s” down"),
                          label, "labels.move-down");
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), up);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), down);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row),
                            icon_button_new ("user-trash-symbolic", _("Delete"),
                                             _("Delete “%s”"), label, "labels.delete"));
  g_object_set_data (G_OBJECT (row), "shu-up", up);
  g_object_set_data (G_OBJECT (row), "shu-down", down);
  return row;
}

/* The first label cannot go up nor the last down; rows are made one at a
 * time as labels change, so this is settled for all of them afterwards.
 * A row's place in the set is not its place in the list when searching. */
static void
update_move_buttons (ShuLabelManager *self)
{
  guint n = self->labels != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->labels)) : 0;
  GtkListBoxRow *row;

  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->list, i)) != NULL; i++)
    {
      int index = shu_label_set_index_of (self->labels,
                                          g_object_get_data (G_OBJECT (row), "shu-label-id"));

      gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "shu-up"), index > 0);
      gtk_widget_set_sensitive (g_object_get_data (G_OBJECT (row), "shu-down"),
                                index >= 0 && (guint) index + 1 < n);
    }
}

/* Says how many labels the rows leave out, when they do. */
static void
update_more (ShuLabelManager *self)
{
  guint n_matches = g_list_model_get_n_items (G_LIST_MODEL (self->matches));
  g_autofree char *labels = NULL;
  g_autofree char *told = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->more), n_matches > SHOWN_LIMIT);
  if (n_matches <= SHOWN_LIMIT)
    return;
  /* Each number its own plural: the count of labels here. */
  labels = g_strdup_printf (ngettext ("%u label", "%u labels", n_matches), n_matches);
  /* Translators: more labels than the manager shows as rows; %u is how
   * many rows it shows, %s the labels in all ("5,000 labels"). */
  told = g_strdup_printf (_("Showing %u of %s. Search to find the others."), SHOWN_LIMIT,
                          labels);
  gtk_label_set_text (self->more, told);
}

static void
labels_changed_cb (ShuLabelManager *self)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (self->store);

  /* A reset can bring a whole new set. */
  if (g_set_object (&self->labels, labels))
    {
      /* Unbound meanwhile: the filter tells of a new model's items in
       * pieces, and the list would make and drop rows for each. */
      gtk_list_box_bind_model (self->list, NULL, NULL, NULL, NULL);
      gtk_filter_list_model_set_model (self->matches, G_LIST_MODEL (labels));
      gtk_list_box_bind_model (self->list, G_LIST_MODEL (self->shown), create_row, self, NULL);
    }
  update_move_buttons (self);
  update_more (self);
}

static void
search_changed_cb (ShuLabelManager *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search));

  gtk_string_filter_set_search (self->filter, text[0] != '\0' ? text : NULL);
  update_move_buttons (self);
  update_more (self);
}

/* Actions */

static void
add_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);
  g_autoptr(ShuLabel) label = NULL;
  g_autofree char *name = g_strdup (_("New Label"));
  GtkListBoxRow *row;

  /* Names are unique: "New Label 2" when "New Label" exists. */
  for (guint i = 2; shu_label_set_lookup_name (self->labels, name) != NULL; i++)
    {
      g_free (name);
      name = g_strdup_printf (_("New Label %u"), i);
    }

  label = shu_label_new (NULL, name, shu_label_set_suggest_color (self->labels), NULL, 0);
  shu_annotation_store_begin_group (self->store, _("Add Label"));
  shu_annotation_store_add_label (self->store, label, -1);
  shu_annotation_store_end_group (self->store);

  /* The new label is the last: among the rows shown only with few labels,
   * otherwise searched for. */
  if ((row = find_row (self, shu_label_get_id (label))) == NULL)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search), name);
      search_changed_cb (self);
      row = find_row (self, shu_label_get_id (label));
    }
  if (row != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (row));
      gtk_editable_select_region (GTK_EDITABLE (row), 0, -1);
    }
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);
  const char *id, *name;
  g_autofree char *trimmed = NULL;
  g_autoptr(ShuLabel) renamed = NULL;
  ShuLabel *label;

  g_variant_get (parameter, "(&s&s)", &id, &name);
  if ((label = lookup (self, id)) == NULL)
    return;

  trimmed = g_strstrip (g_strdup (name));
  if (g_str_equal (trimmed, shu_label_get_name (label)))
    return;

  if (trimmed[0] == '\0')
    toast (self, _("A label needs a name"));
  else if (shu_text_find_control (trimmed) != 0)
    /* A sidecar refuses such a name: saving it would make a file that
     * does not open again. */
    toast (self, _("A label’s name cannot hold tabs, line breaks or other control characters"));
  else if (shu_label_set_lookup_name (self->labels, trimmed) != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("There is already a label named “%s”"),
                                                  trimmed);
      toast (self, message);
    }
  else
    {
      renamed = copy_label (label, trimmed, NULL, -1);
      replace_label (self, renamed, _("Rename Label"));
      return;
    }

  /* Refused: show the name it keeps. */
  {
    GtkListBoxRow *row = find_row (self, id);

    if (row != NULL)
      gtk_editable_set_text (GTK_EDITABLE (row), shu_label_get_name (label));
  }
}

static void
set_color_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);
  g_autoptr(ShuLabel) recoloured = NULL;
  const char *id, *color;
  ShuLabel *label;

  g_variant_get (parameter, "(&s&s)", &id, &color);
  if ((label = lookup (self, id)) == NULL || !shu_label_color_is_valid (color))
    return;
  if (g_ascii_strcasecmp (color, shu_label_get_color (label)) == 0)
    return;

  recoloured = copy_label (label, NULL, color, -1);
  replace_label (self, recoloured, _("Change Label Colour"));
}

static void
set_shortcut_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);
  g_autoptr(ShuLabel) changed = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  const char *id;
  guint digit;
  char shortcut;
  ShuLabel *label, *holder;

  g_variant_get (parameter, "(&su)", &id, &digit);
  if ((label = lookup (self, id)) == NULL || digit > 9)
    return;

  shortcut = digit == 0 ? 0 : '0' + digit;
  if (shortcut == shu_label_get_shortcut (label))
    return;

  /* One digit, one label: taking a digit takes it from its holder, in the
   * same undoable step. */
  shu_annotation_store_begin_group (self->store, _("Change Label Shortcut"));
  holder = shortcut != 0 ? shu_label_set_lookup_shortcut (self->labels, shortcut) : NULL;
  if (holder != NULL)
    {
      g_autoptr(ShuLabel) freed = copy_label (holder, NULL, NULL, 0);

      /* Told before the set drops the old holder's name with it. */
      from = dup_isolated_name (holder);
      shu_annotation_store_replace_label (self->store, freed);
    }
  changed = copy_label (label, NULL, NULL, shortcut);
  to = dup_isolated_name (changed);
  shu_annotation_store_replace_label (self->store, changed);
  shu_annotation_store_end_group (self->store);

  /* Taking a digit from another label is not what everyone means to do:
   * say so, with the way back at hand. */
  if (from != NULL)
    {
      /* Translators: a label's shortcut digit was taken from another
       * label: "Shortcut 3 moved from “Evidence” to “Claim”". */
      g_autofree char *message = g_strdup_printf (_("Shortcut %u moved from “%s” to “%s”"),
                                                  digit, from, to);
      g_autofree char *escaped = g_markup_escape_text (message, -1);
      AdwToast *moved = adw_toast_new (escaped);

      adw_toast_set_button_label (moved, _("_Undo"));
      adw_toast_set_action_name (moved, "win.undo");
      adw_toast_set_timeout (moved, 6);
      /* Shown at once, over an earlier message: its Undo is for now. */
      adw_toast_set_priority (moved, ADW_TOAST_PRIORITY_HIGH);
      adw_toast_overlay_add_toast (self->toast_overlay, moved);
    }
}

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  int index = shu_label_set_index_of (self->labels, id);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  gboolean up = g_str_equal (action_name, "labels.move-up");
  GtkListBoxRow *row;
  int target;

  if (index < 0)
    return;
  target = up ? index - 1 : index + 1;
  if (target < 0 || target >= (int) n)
    return;

  shu_annotation_store_begin_group (self->store, _("Move Label"));
  shu_annotation_store_move_label (self->store, id, target);
  shu_annotation_store_end_group (self->store);

  /* Keep the keyboard on the button just pressed, now one row away. */
  row = find_row (self, id);
  if (row != NULL)
    {
      GtkWidget *button = g_object_get_data (G_OBJECT (row), up ? "shu-up" : "shu-down");

      gtk_widget_grab_focus (gtk_widget_get_sensitive (button) ? button : GTK_WIDGET (row));
    }
}

static void
delete_response_cb (ShuAlert        *dialog,
                    const char      *response,
                    ShuLabelManager *self)
{
  const char *id = g_object_get_data (G_OBJECT (dialog), "shu-label-id");

  if (!g_str_equal (response, "delete"))
    return;

  shu_annotation_store_begin_group (self->store, _("Delete Label"));
  shu_annotation_store_remove_label (self->store, id);
  shu_annotation_store_end_group (self->store);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  ShuAlert *dialog;
  ShuLabel *label;
  guint count;

  if ((label = lookup (self, id)) == NULL)
    return;

  count = shu_annotation_store_count_label (self->store, id);
  heading = g_strdup_printf (_("Delete “%s”?"), shu_label_get_name (label));
  if (count == 0)
    body = g_strdup (_("No annotation carries this label. You can undo this."));
  else
    body = g_strdup_printf (ngettext ("%u annotation carries this label. It stays, "
                                      "unlabelled. You can undo this.",
                                      "%u annotations carry this label. They stay, "
                                      "unlabelled. You can undo this.",
                                      count),
                            count);

  /* Heading and body are plain text (not markup) unless asked otherwise. */
  dialog = shu_alert_new (heading, body);
  shu_alert_add_responses (dialog,
                           "cancel", _("_Cancel"),
                           "delete", _("_Delete"),
                           NULL);
  shu_alert_set_response_appearance (dialog, "delete", ADW_RESPONSE_DESTRUCTIVE);
  shu_alert_set_default_response (dialog, "cancel");
  shu_alert_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "shu-label-id", g_strdup (id), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (delete_response_cb), self, 0);
  shu_alert_present (dialog, GTK_WINDOW (self));
}

/* Ctrl+Z and Ctrl+Shift+Z are application accelerators for win.undo and
 * win.redo; answering to those names here makes them work in this window. */
static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (widget);

  if (g_str_equal (action_name, "win.undo"))
    shu_annotation_store_undo (self->store);
  else
    shu_annotation_store_redo (self->store);
}

static void
shu_label_manager_constructed (GObject *object)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (object);

  G_OBJECT_CLASS (shu_label_manager_parent_class)->constructed (object);

  g_assert (self->store != NULL);
  g_signal_connect_object (self->store, "labels-changed",
                           G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "notify::labels",
                           G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
  labels_changed_cb (self);
}

static void
shu_label_manager_dispose (GObject *object)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_LABEL_MANAGER);
  g_clear_object (&self->labels);
  g_clear_object (&self->shown);
  g_clear_object (&self->store);
  g_clear_object (&self->shortcut_widths);

  G_OBJECT_CLASS (shu_label_manager_parent_class)->dispose (object);
}

static void
shu_label_manager_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_label_manager_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  ShuLabelManager *self = SHU_LABEL_MANAGER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_label_manager_class_init (ShuLabelManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = shu_label_manager_constructed;
  object_class->dispose = shu_label_manager_dispose;
  object_class->get_property = shu_label_manager_get_property;
  object_class->set_property = shu_label_manager_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         SHU_TYPE_ANNOTATION_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-label-manager.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuLabelManager, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ShuLabelManager, list);
  gtk_widget_class_bind_template_child (widget_class, ShuLabelManager, search);
  gtk_widget_class_bind_template_child (widget_class, ShuLabelManager, more);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "labels.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "labels.rename", "(ss)", rename_action);
  gtk_widget_class_install_action (widget_class, "labels.set-color", "(ss)", set_color_action);
  gtk_widget_class_install_action (widget_class, "labels.set-shortcut", "(su)",
                                   set_shortcut_action);
  gtk_widget_class_install_action (widget_class, "labels.move-up", "s", move_action);
  gtk_widget_class_install_action (widget_class, "labels.move-down", "s", move_action);
  gtk_widget_class_install_action (widget_class, "labels.delete", "s", delete_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, undo_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
shu_label_manager_init (ShuLabelManager *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->shortcut_widths = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  placeholder = gtk_label_new (_("No labels yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 18);
  gtk_widget_set_margin_bottom (placeholder, 18);
  gtk_list_box_set_placeholder (self->list, placeholder);

  /* Searched by name, case aside, anywhere in the name. */
  self->filter = gtk_string_filter_new (gtk_property_expression_new (SHU_TYPE_LABEL, NULL,
                                                                     "name"));
  gtk_string_filter_set_match_mode (self->filter, GTK_STRING_FILTER_MATCH_MODE_SUBSTRING);
  self->matches = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  self->shown = gtk_slice_list_model_new (G_LIST_MODEL (self->matches), 0, SHOWN_LIMIT);
}
