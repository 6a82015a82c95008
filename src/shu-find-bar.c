/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-find-bar.h"
#include "shu-resources.h"
#include "shu-search.h"

struct _ShuFindBar
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *box;
  GtkSearchEntry  *entry;
  GtkWidget       *previous_button;
  GtkWidget       *next_button;
  GtkLabel        *count_label;
  GtkToggleButton *ignore_marks_button;

  /* Owned */
  ShuTextView     *text_view;
  ShuSearch       *search;
  GArray          *matches;
  char            *searched_query;
  ShuSearchFlags   searched_flags;

  int              current;
  guint            ignore_marks : 1;
};

G_DEFINE_FINAL_TYPE (ShuFindBar, shu_find_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TEXT_VIEW,
  PROP_IGNORE_MARKS,
  PROP_N_MATCHES,
  PROP_CURRENT,
  N_PROPS
};

enum {
  CLOSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

GtkWidget *
shu_find_bar_new (void)
{
  return g_object_new (SHU_TYPE_FIND_BAR, NULL);
}

static ShuSource *
get_source (ShuFindBar *self)
{
  ShuDocument *document;

  if (self->text_view == NULL)
    return NULL;
  document = shu_text_view_get_document (self->text_view);
  return document != NULL ? shu_document_get_source (document) : NULL;
}

static ShuSearchFlags
get_flags (ShuFindBar *self)
{
  /* Case never matters here: Hebrew has none, and a reader looking for a
   * Latin word wants it wherever a sentence starts. */
  return SHU_SEARCH_CASE_INSENSITIVE | (self->ignore_marks ? SHU_SEARCH_IGNORE_MARKS : 0);
}

static guint
get_n_matches (ShuFindBar *self)
{
  return self->matches != NULL ? self->matches->len : 0;
}

static void
update_status (ShuFindBar *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  guint n = get_n_matches (self);
  g_autofree char *status = NULL;

  if (query[0] == '\0')
    status = g_strdup ("");
  else if (n == 0)
    status = g_strdup (_("No matches"));
  else
    /* Translators: the match selected, and how many there are: "3 of 17". */
    status = g_strdup_printf (ngettext ("%u of %u", "%u of %u", n), self->current + 1, n);

  gtk_label_set_text (self->count_label, status);
  gtk_widget_set_sensitive (self->previous_button, n > 0);
  gtk_widget_set_sensitive (self->next_button, n > 0);
  if (query[0] != '\0' && n == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->entry), "error");
}

/* The text shows every match while the bar is on screen, and none once
 * it is gone. */
static void
show_matches (ShuFindBar *self)
{
  if (self->text_view == NULL)
    return;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    shu_text_view_set_find_matches (self->text_view, self->matches, self->current);
  else
    shu_text_view_set_find_matches (self->text_view, NULL, -1);
}

static void
select_current (ShuFindBar *self)
{
  ShuSearchMatch *match;

  show_matches (self);
  if (self->current < 0 || self->text_view == NULL)
    return;

  match = &g_array_index (self->matches, ShuSearchMatch, self->current);
  shu_text_view_select_range (self->text_view, match->start, match->end);
}

/* Where a new search starts: the selection, so that typing one more letter
 * keeps to the match already shown when it still matches. */
static guint
get_anchor (ShuFindBar *self)
{
  guint start;

  shu_text_view_get_selection_bounds (self->text_view, &start, NULL);
  return start;
}

static void
run_search (ShuFindBar *self,
            gboolean    force)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  ShuSource *source = get_source (self);
  ShuSearchFlags flags = get_flags (self);

  if (!force && g_strcmp0 (query, self->searched_query) == 0 && flags == self->searched_flags)
    return;

  g_free (self->searched_query);
  self->searched_query = g_strdup (query);
  self->searched_flags = flags;
  g_clear_pointer (&self->matches, g_array_unref);
  self->current = -1;

  if (source != NULL && self->search != NULL && shu_search_get_source (self->search) != source)
    g_clear_object (&self->search);

  if (source != NULL && query[0] != '\0')
    {
      guint anchor = get_anchor (self);

      if (self->search == NULL)
        self->search = shu_search_new (source);
      self->matches = shu_search_find_all (self->search, query, flags);

      if (self->matches->len > 0)
        {
          self->current = 0;
          for (guint i = 0; i < self->matches->len; i++)
            {
              if (g_array_index (self->matches, ShuSearchMatch, i).start >= anchor)
                {
                  self->current = i;
                  break;
                }
            }
        }
    }

  select_current (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_MATCHES]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
}

static gboolean
move (ShuFindBar *self,
      int         step)
{
  guint n;

  /* The entry's own delay may not have run the search yet. */
  run_search (self, FALSE);
  n = get_n_matches (self);
  if (n == 0)
    return FALSE;

  self->current = (self->current + step + (int) n) % (int) n;
  select_current (self);
  update_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CURRENT]);
  return TRUE;
}

gboolean
shu_find_bar_next (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), FALSE);

  return move (self, 1);
}

gboolean
shu_find_bar_previous (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), FALSE);

  return move (self, -1);
}

static void
search_changed_cb (ShuFindBar *self)
{
  run_search (self, FALSE);
}

static void
next_cb (ShuFindBar *self)
{
  move (self, 1);
}

static void
previous_cb (ShuFindBar *self)
{
  move (self, -1);
}

static void
close_cb (ShuFindBar *self)
{
  g_signal_emit (self, signals[CLOSED], 0);
}

static gboolean
entry_key_pressed_cb (ShuFindBar            *self,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GtkEventControllerKey *controller)
{
  state &= gtk_accelerator_get_default_mod_mask ();

  if ((keyval == GDK_KEY_Return || keyval == GDK_KEY_KP_Enter || keyval == GDK_KEY_ISO_Enter)
      && state == GDK_SHIFT_MASK)
    {
      move (self, -1);
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
document_changed_cb (ShuFindBar *self)
{
  g_clear_object (&self->search);
  run_search (self, TRUE);
}

ShuTextView *
shu_find_bar_get_text_view (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), NULL);

  return self->text_view;
}

void
shu_find_bar_set_text_view (ShuFindBar  *self,
                            ShuTextView *text_view)
{
  g_return_if_fail (SHU_IS_FIND_BAR (self));
  g_return_if_fail (text_view == NULL || SHU_IS_TEXT_VIEW (text_view));

  if (self->text_view == text_view)
    return;

  if (self->text_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->text_view, self);
      shu_text_view_set_find_matches (self->text_view, NULL, -1);
    }
  g_set_object (&self->text_view, text_view);
  if (text_view != NULL)
    g_signal_connect_object (text_view, "notify::document",
                             G_CALLBACK (document_changed_cb), self, G_CONNECT_SWAPPED);

  document_changed_cb (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_VIEW]);
}

gboolean
shu_find_bar_get_ignore_marks (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), FALSE);

  return self->ignore_marks;
}

void
shu_find_bar_set_ignore_marks (ShuFindBar *self,
                               gboolean    ignore_marks)
{
  g_return_if_fail (SHU_IS_FIND_BAR (self));

  ignore_marks = !!ignore_marks;
  if (self->ignore_marks == ignore_marks)
    return;

  self->ignore_marks = ignore_marks;
  run_search (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IGNORE_MARKS]);
}

void
shu_find_bar_set_query (ShuFindBar *self,
                        const char *query)
{
  g_return_if_fail (SHU_IS_FIND_BAR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), query != NULL ? query : "");
  run_search (self, FALSE);
}

const char *
shu_find_bar_get_query (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
shu_find_bar_focus_entry (ShuFindBar *self)
{
  g_return_if_fail (SHU_IS_FIND_BAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  gtk_editable_select_region (GTK_EDITABLE (self->entry), 0, -1);
}

guint
shu_find_bar_get_n_matches (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), 0);

  return get_n_matches (self);
}

int
shu_find_bar_get_current (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), -1);

  return self->current;
}

gboolean
shu_find_bar_get_match (ShuFindBar *self,
                        guint       index,
                        guint      *start,
                        guint      *end)
{
  ShuSearchMatch *match;

  g_return_val_if_fail (SHU_IS_FIND_BAR (self), FALSE);

  if (index >= get_n_matches (self))
    return FALSE;

  match = &g_array_index (self->matches, ShuSearchMatch, index);
  if (start != NULL)
    *start = match->start;
  if (end != NULL)
    *end = match->end;
  return TRUE;
}

const char *
shu_find_bar_get_status (ShuFindBar *self)
{
  g_return_val_if_fail (SHU_IS_FIND_BAR (self), NULL);

  return gtk_label_get_text (self->count_label);
}

static void
shu_find_bar_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (shu_find_bar_parent_class)->map (widget);
  show_matches (SHU_FIND_BAR (widget));
}

static void
shu_find_bar_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (shu_find_bar_parent_class)->unmap (widget);
  show_matches (SHU_FIND_BAR (widget));
}

static gboolean
shu_find_bar_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (SHU_FIND_BAR (widget)->entry));
}

static void
shu_find_bar_dispose (GObject *object)
{
  ShuFindBar *self = SHU_FIND_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_FIND_BAR);
  if (self->text_view != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->text_view, self);
      shu_text_view_set_find_matches (self->text_view, NULL, -1);
    }
  g_clear_object (&self->text_view);
  g_clear_object (&self->search);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->searched_query, g_free);

  G_OBJECT_CLASS (shu_find_bar_parent_class)->dispose (object);
}

static void
shu_find_bar_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  ShuFindBar *self = SHU_FIND_BAR (object);

  switch (prop_id)
    {
    case PROP_TEXT_VIEW:
      g_value_set_object (value, self->text_view);
      break;
    case PROP_IGNORE_MARKS:
      g_value_set_boolean (value, self->ignore_marks);
      break;
    case PROP_N_MATCHES:
      g_value_set_uint (value, get_n_matches (self));
      break;
    case PROP_CURRENT:
      g_value_set_int (value, self->current);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_find_bar_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  ShuFindBar *self = SHU_FIND_BAR (object);

  switch (prop_id)
    {
    case PROP_TEXT_VIEW:
      shu_find_bar_set_text_view (self, g_value_get_object (value));
      break;
    case PROP_IGNORE_MARKS:
      shu_find_bar_set_ignore_marks (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_find_bar_class_init (ShuFindBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_find_bar_dispose;
  object_class->get_property = shu_find_bar_get_property;
  object_class->set_property = shu_find_bar_set_property;
  widget_class->grab_focus = shu_find_bar_grab_focus;
  widget_class->map = shu_find_bar_map;
  widget_class->unmap = shu_find_bar_unmap;

  properties[PROP_TEXT_VIEW] =
    g_param_spec_object ("text-view", NULL, NULL,
                         SHU_TYPE_TEXT_VIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IGNORE_MARKS] =
    g_param_spec_boolean ("ignore-marks", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_MATCHES] =
    g_param_spec_uint ("n-matches", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENT] =
    g_param_spec_int ("current", NULL, NULL,
                      -1, G_MAXINT, -1,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CLOSED] =
    g_signal_new ("closed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-find-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuFindBar, box);
  gtk_widget_class_bind_template_child (widget_class, ShuFindBar, entry);
  gtk_widget_class_bind_template_child (widget_class, ShuFindBar, previous_button);
  gtk_widget_class_bind_template_child (widget_class, ShuFindBar, next_button);
  gtk_widget_class_bind_template_child (widget_class, ShuFindBar, count_label);
  gtk_widget_class_bind_template_child (widget_class, ShuFindBar, ignore_marks_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "findbar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_SEARCH);
}

static void
shu_find_bar_init (ShuFindBar *self)
{
  GtkEventController *keys;

  self->current = -1;
  gtk_widget_init_template (GTK_WIDGET (self));

  g_object_bind_property (self, "ignore-marks", self->ignore_marks_button, "active",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  update_status (self);
}
