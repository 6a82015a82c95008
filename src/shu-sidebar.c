/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-attribute-choices.h"
#include "shu-resources.h"
#include "shu-sidebar.h"
#include "shu-text.h"

/* How much of a quote a row shows; the rest is ellipsized anyway, and
 * copying a whole chapter for a one-line label would make scrolling slow. */
#define QUOTE_PREVIEW_CHARS 80
/* How much of the other end's quote a row's relation line shows. */
#define RELATION_QUOTE_CHARS 30
/* How much of a comment a row (its first line) and its tooltip show: a
 * comment can be megabytes (shu_text_dup_preview()). */
#define COMMENT_PREVIEW_CHARS 500
#define COMMENT_TOOLTIP_CHARS 4000
/* Annotations without a label get the same grey as in the text view. */
#define UNLABELLED_COLOR "#8a8a8a"
#define SWATCH_SIZE 12

struct _ShuSidebar
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *label_filter;
  GtkDropDown        *extra_filter;
  GtkStack           *list_stack;
  /* A one-column grid, not a GtkListView: GTK 4.8's list view keeps 200
   * rows made, bound, styled and measured whatever its height (the
   * essay's 200 annotations cost 80 ms before the first frame), a grid
   * view about as many as it shows (PERFORMANCE.md). */
  GtkGridView        *annotation_list;
  GtkWidget          *editor_box;
  GtkDropDown        *label_dropdown;
  GtkTextView        *comment_view;
  GtkWidget          *apply_button;
  GtkWidget          *delete_button;
  GtkWidget          *links_box;
  GtkWidget          *attributes_box;

  /* Owned */
  ShuDocument        *document;
  GtkCustomFilter    *filter;
  GtkFilterListModel *filter_model;
  GtkSingleSelection *selection;
  GtkStringList      *filter_names;   /* "All Labels", then the label names */
  GtkStringList      *editor_names;   /* "No Label", then the label names */
  GPtrArray          *label_ids;      /* the label ids, in the same order */
  GtkStringList      *extra_names;    /* "All Links and Attributes", then links', attributes' */
  GPtrArray          *extra_keys;     /* "" for all, "l:TYPE", "a:NAME\nVALUE", same order */
  char               *filter_extra;   /* the key chosen, or NULL */
  GHashTable         *bound_rows;     /* Row* of the rows showing an item */
  guint               fill_generation; /* one more when what rows show may change */
  ShuAnnotation      *editing;        /* what the editor was filled from */
  char               *filter_label_id;
  char               *search_key;     /* case-folded; NULL shows everything */
  char               *selected_id;

  guint               syncing : 1;
  guint               applying : 1;
};

G_DEFINE_FINAL_TYPE (ShuSidebar, shu_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_SELECTED_ANNOTATION,
  N_PROPS
};

enum {
  ANNOTATION_SELECTED,
  ANNOTATION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The widgets of one row, kept with it so that binding only sets texts. */
typedef struct
{
  ShuSidebar    *sidebar;
  GtkWidget     *box;
  GtkWidget     *swatch;
  GtkWidget     *quote;
  GtkWidget     *comment;
  GtkWidget     *meta;
  GtkWidget     *relations;
  ShuAnnotation *annotation;   /* borrowed from the list item while bound */
  GdkRGBA        color;
  /* What the widgets show: filled for this annotation in this generation
   * of the sidebar's labels (ShuSidebar.fill_generation). Later GTKs keep
   * unbound rows for reuse; a label changed meanwhile fills them again. */
  ShuAnnotation *shown;
  guint          shown_generation;
} Row;

static void
row_free (gpointer data)
{
  Row *row = data;

  g_clear_object (&row->shown);
  g_free (row);
}

GtkWidget *
shu_sidebar_new (void)
{
  return g_object_new (SHU_TYPE_SIDEBAR, NULL);
}

static ShuAnnotationStore *
get_store (ShuSidebar *self)
{
  return self->document != NULL ? shu_document_get_store (self->document) : NULL;
}

static ShuLabel *
lookup_label (ShuSidebar    *self,
              ShuAnnotation *annotation)
{
  const char *label_id = shu_annotation_get_label_id (annotation);

  if (label_id == NULL || self->document == NULL)
    return NULL;
  return shu_label_set_lookup (shu_annotation_store_get_labels (get_store (self)), label_id);
}

/* The quoted text on one line: its ranges joined by an ellipsis, line
 * breaks and tabs as spaces, cut after about @max_chars code points (on a
 * grapheme boundary, so no letter loses its points). */
static char *
dup_quote (ShuSidebar    *self,
           ShuAnnotation *annotation,
           guint          max_chars)
{
  ShuSource *source = shu_document_get_source (self->document);
  const ShuRange *ranges = shu_annotation_get_ranges (annotation);
  guint n_ranges = shu_annotation_get_n_ranges (annotation);
  GString *quote = g_string_new (NULL);
  guint left = max_chars;

  for (guint i = 0; i < n_ranges && left > 0; i++)
    {
      guint end = ranges[i].end;
      g_autofree char *part = NULL;
      gboolean cut = FALSE;

      if (end - ranges[i].start > left)
        {
          end = shu_source_boundary_floor (source, ranges[i].start + left);
          if (end <= ranges[i].start)
            end = shu_source_boundary_ceil (source, ranges[i].start + 1);
          cut = TRUE;
        }

      if (i > 0)
        g_string_append (quote, " … ");
      part = shu_source_dup_range (source, ranges[i].start, end);
      g_string_append (quote, part);
      left -= MIN (left, end - ranges[i].start);
      if (cut || (left == 0 && i + 1 < n_ranges))
        g_string_append (quote, "…");
    }

  for (gsize i = 0; i < quote->len; i++)
    {
      if (quote->str[i] == '\n' || quote->str[i] == '\r' || quote->str[i] == '\t')
        quote->str[i] = ' ';
    }

  return g_string_free (quote, FALSE);
}

/* What the search looks in, case-folded once per annotation. Annotations
 * are immutable, so the key kept on one stays right for its lifetime. */
static const char *
get_search_key (ShuSidebar    *self,
                ShuAnnotation *annotation)
{
  static GQuark quark;
  const char *key;

  if (G_UNLIKELY (quark == 0))
    quark = g_quark_from_static_string ("shu-sidebar-search-key");

  key = g_object_get_qdata (G_OBJECT (annotation), quark);
  if (key == NULL)
    {
      GPtrArray *comments = shu_annotation_get_comments (annotation);
      g_autofree char *quote = dup_quote (self, annotation, G_MAXUINT);
      g_autoptr(GString) text = g_string_new (quote);
      char *folded;

      for (guint i = 0; i < comments->len; i++)
        {
          g_string_append_c (text, '\n');
          g_string_append (text, shu_comment_get_text (g_ptr_array_index (comments, i)));
        }
      folded = g_utf8_casefold (text->str, text->len);
      g_object_set_qdata_full (G_OBJECT (annotation), quark, folded, g_free);
      key = folded;
    }

  return key;
}

/* Whether @annotation has the link type or attribute (value) chosen in
 * the extra filter. */
static gboolean
matches_extra_filter (ShuSidebar    *self,
                      ShuAnnotation *annotation)
{
  const char *key = self->filter_extra;

  if (key[0] == 'l')
    {
      ShuAnnotationStore *store = shu_document_get_store (self->document);
      g_autoptr(GPtrArray) relations = NULL;

      if (shu_annotation_store_get_n_relations (store) == 0)
        return FALSE;
      relations = shu_annotation_store_get_relations_of (store,
                                                         shu_annotation_get_id (annotation));
      for (guint i = 0; relations != NULL && i < relations->len; i++)
        {
          ShuRelation *relation = g_ptr_array_index (relations, i);

          if (shu_relation_get_kind (relation) == SHU_RELATION_LINK
              && g_strcmp0 (shu_relation_get_type_name (relation), key + 2) == 0)
            return TRUE;
        }
      return FALSE;
    }
  else
    {
      const char *newline = strchr (key + 2, '\n');
      g_autofree char *name = g_strndup (key + 2, newline - (key + 2));
      const char *value = shu_annotation_get_attribute (annotation, name);

      return value != NULL && strcmp (value, newline + 1) == 0;
    }
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  ShuSidebar *self = user_data;
  ShuAnnotation *annotation = item;

  if (self->filter_label_id != NULL
      && g_strcmp0 (shu_annotation_get_label_id (annotation), self->filter_label_id) != 0)
    return FALSE;
  if (self->filter_extra != NULL && self->document != NULL
      && !matches_extra_filter (self, annotation))
    return FALSE;
  if (self->search_key != NULL && self->document != NULL)
    return strstr (get_search_key (self, annotation), self->search_key) != NULL;
  return TRUE;
}

void
shu_sidebar_set_label_text (GtkWidget  *label,
                            const char *text)
{
  const char *direction;

  g_return_if_fail (GTK_IS_LABEL (label));
  g_return_if_fail (text != NULL);

  shu_detect_language (text, strlen (text), NULL, &direction);
  gtk_widget_set_direction (label, g_str_equal (direction, "rtl")
                                   ? GTK_TEXT_DIR_RTL : GTK_TEXT_DIR_LTR);
  gtk_label_set_text (GTK_LABEL (label), text);
}

static char *
dup_time (GDateTime *time)
{
  g_autoptr(GDateTime) local = NULL;

  if (time == NULL)
    return NULL;
  local = g_date_time_to_local (time);
  /* Translators: the date and time an annotation was made, shown in the
   * annotation list; see g_date_time_format() for the codes. */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

/* A screen reader gets all a row shows, not only the label and quote:
 * the comment, the annotator and the date follow, each its own part. */
static void
append_accessible_details (char       **accessible,
                           const char  *comment,
                           const char  *creator,
                           const char  *time)
{
  g_autoptr(GString) text = g_string_new (*accessible);
  g_autofree char *made = NULL;
  gboolean has_creator = creator != NULL && creator[0] != '\0';

  if (has_creator && time != NULL)
    /* Translators: in a row of the annotation list as a screen reader
     * reads it: %1$s is the annotator, %2$s the date and time. */
    made = g_strdup_printf (_("By %1$s on %2$s"), creator, time);
  else if (has_creator)
    made = g_strdup_printf (_("By %s"), creator);
  else if (time != NULL)
    made = g_strdup_printf (_("Made on %s"), time);

  if (comment != NULL && comment[0] != '\0')
    {
      /* Translators: between the parts of a row of the annotation list as
       * a screen reader reads it (label and quote, comment, annotator). */
      g_string_append (text, _(". "));
      /* Translators: %s is the annotation's comment, all of it. */
      g_string_append_printf (text, _("Comment: %s"), comment);
    }
  if (made != NULL)
    {
      g_string_append (text, _(". "));
      g_string_append (text, made);
    }
  g_free (*accessible);
  *accessible = g_string_free (g_steal_pointer (&text), FALSE);
}

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  Row *row = user_data;

  gdk_cairo_set_source_rgba (cr, &row->color);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

/* A link's line in @id's row and editor: its type and the other end's
 * words, each a bidi isolate so that a Hebrew type keeps its place in an
 * English line and the other way round; NULL for what is not a link
 * (events and equivalence sets are not listed yet). */
static char *
dup_link_line (ShuSidebar  *self,
               const char  *id,
               ShuRelation *relation)
{
  ShuAnnotationStore *store = get_store (self);
  gboolean outgoing;
  ShuAnnotation *other;
  g_autofree char *type = NULL;
  g_autofree char *quote = NULL;
  g_autofree char *shown_quote = NULL;
  g_autofree char *visible = NULL;
  g_autofree char *line = NULL;

  if (shu_relation_get_kind (relation) != SHU_RELATION_LINK
      || shu_relation_get_n_arguments (relation) != 2)
    return NULL;
  outgoing = g_strcmp0 (shu_relation_get_target (relation, 0), id) == 0;
  other = shu_annotation_store_lookup (store, shu_relation_get_target (relation,
                                                                       outgoing ? 1 : 0));
  visible = shu_text_make_bidi_visible (shu_relation_get_type_name (relation));
  type = g_strdup_printf ("\u2068%s\u2069", visible);
  g_clear_pointer (&visible, g_free);
  quote = other != NULL ? dup_quote (self, other, RELATION_QUOTE_CHARS)
                        : g_strdup (_("an orphaned annotation"));
  visible = shu_text_make_bidi_visible (quote);
  shown_quote = g_strdup_printf ("\u2068%s\u2069", visible);
  if (outgoing)
    /* Translators: a link from this annotation, in its row of the
     * annotation list: the link's type, then the other end's words. */
    line = g_strdup_printf (_("%s: to “%s”"), type, shown_quote);
  else
    /* Translators: a link to this annotation, in its row of the
     * annotation list: the link's type, then the other end's words. */
    line = g_strdup_printf (_("%s: from “%s”"), type, shown_quote);
  /* Pango takes a line's direction from its first strong character, even
   * inside an isolate: a mark of the interface's comes first (as in the
   * row's other lines). */
  return g_strconcat (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
                      ? "\u200F" : "\u200E", line, NULL);
}

/* The links of @annotation (sorted by id), or NULL when the text has none. */
static GPtrArray *
get_links_of (ShuSidebar    *self,
              ShuAnnotation *annotation)
{
  ShuAnnotationStore *store = get_store (self);

  if (shu_annotation_store_get_n_relations (store) == 0)
    return NULL;
  return shu_annotation_store_get_relations_of (store, shu_annotation_get_id (annotation));
}

/* One line per link the annotation starts or ends. */
static char *
dup_relations_text (ShuSidebar    *self,
                    ShuAnnotation *annotation)
{
  g_autoptr(GPtrArray) relations = get_links_of (self, annotation);
  GString *text = g_string_new (NULL);

  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      g_autofree char *line = dup_link_line (self, shu_annotation_get_id (annotation),
                                             g_ptr_array_index (relations, i));

      if (line == NULL)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
    }
  return g_string_free (text, FALSE);
}

static void
remove_link_clicked_cb (GtkButton  *button,
                        ShuSidebar *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "relation-id");

  if (self->document != NULL)
    shu_annotation_store_remove_relation (get_store (self), id, _("Remove Link"));
}

/* Sets (or with @removed takes away) attribute @name of the annotation
 * the editor shows, as one undoable step. */
static void
attribute_changed_cb (ShuSidebar *self,
                      const char *name,
                      const char *value,
                      gboolean    removed)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(ShuAnnotation) edited = NULL;
  ShuAnnotation *current;

  if (self->syncing || self->editing == NULL || self->document == NULL)
    return;
  current = shu_annotation_store_lookup (get_store (self), shu_annotation_get_id (self->editing));
  if (current == NULL)
    return;
  now = shu_now_utc_seconds ();
  edited = shu_annotation_with_attribute (current, name, value, removed, now);
  shu_annotation_store_replace (get_store (self), edited, _("Set Attribute"));
}

/* The editor offers the attributes the selected annotation's label
 * declares, set as the annotation has them. */
static void
fill_attributes (ShuSidebar *self)
{
  ShuLabel *label = self->editing != NULL && self->document != NULL
                    ? lookup_label (self, self->editing) : NULL;
  GPtrArray *declarations = label != NULL ? shu_label_get_attributes (label) : NULL;

  shu_attribute_choices_set (SHU_ATTRIBUTE_CHOICES (self->attributes_box), declarations,
                             self->editing);
  gtk_widget_set_visible (self->attributes_box,
                          declarations != NULL && declarations->len > 0);
}

/* The editor lists the selected annotation's links, each with a button
 * that removes it. */
static void
fill_links (ShuSidebar *self)
{
  g_autoptr(GPtrArray) relations = NULL;
  GtkWidget *child;
  gboolean any = FALSE;

  while ((child = gtk_widget_get_first_child (self->links_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->links_box), child);
  if (self->editing != NULL && self->document != NULL)
    relations = get_links_of (self, self->editing);
  for (guint i = 0; relations != NULL && i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      g_autofree char *line = dup_link_line (self, shu_annotation_get_id (self->editing),
                                             relation);
      g_autofree char *remove = NULL;
      GtkWidget *box, *label, *button;

      if (line == NULL)
        continue;
      box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      /* User text is set with gtk_label_set_text(), never as markup. */
      label = gtk_label_new (NULL);
      gtk_label_set_text (GTK_LABEL (label), line);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_set_hexpand (label, TRUE);
      gtk_widget_add_css_class (label, "caption");
      gtk_box_append (GTK_BOX (box), label);

      button = gtk_button_new_from_icon_name ("list-remove-symbolic");
      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_tooltip_text (button, _("Remove the link"));
      /* Translators: how a screen reader names the button that removes
       * a link: the link's line (its type and the other end's words). */
      remove = g_strdup_printf (_("Remove the link %s"), line);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      remove, -1);
      g_object_set_data_full (G_OBJECT (button), "relation-id",
                              g_strdup (shu_relation_get_id (relation)), g_free);
      g_signal_connect_object (button, "clicked", G_CALLBACK (remove_link_clicked_cb), self, 0);
      gtk_box_append (GTK_BOX (box), button);
      gtk_box_append (GTK_BOX (self->links_box), box);
      any = TRUE;
    }
  gtk_widget_set_visible (self->links_box, any);
}

static void
fill_row (ShuSidebar *self,
          Row        *row)
{
  ShuAnnotation *annotation = row->annotation;
  ShuLabel *label = lookup_label (self, annotation);
  const char *comment = shu_annotation_get_comment (annotation);
  const char *creator = shu_annotation_get_creator (annotation);
  /* User text with its bidi controls shown, so that it cannot reorder
   * what it is shown in (shu-text.h). */
  g_autofree char *label_name = shu_text_make_bidi_visible (label != NULL
                                                            ? shu_label_get_name (label)
                                                            : _("No label"));
  g_autofree char *comment_start = shu_text_dup_preview (comment, COMMENT_PREVIEW_CHARS);
  g_autofree char *shown_comment = shu_text_make_bidi_visible (comment_start);
  g_autofree char *shown_creator = shu_text_make_bidi_visible (creator);
  g_autofree char *quote = dup_quote (self, annotation, QUOTE_PREVIEW_CHARS);
  g_autofree char *time = dup_time (shu_annotation_get_created (annotation));
  g_autofree char *accessible = NULL;
  g_autofree char *relations = NULL;
  g_autoptr(GString) meta = g_string_new (NULL);

  g_set_object (&row->shown, annotation);
  row->shown_generation = self->fill_generation;
  g_string_append_printf (meta, "\u2068%s\u2069", label_name);

  if (label == NULL || !gdk_rgba_parse (&row->color, shu_label_get_color (label)))
    gdk_rgba_parse (&row->color, UNLABELLED_COLOR);
  gtk_widget_queue_draw (row->swatch);

  shu_sidebar_set_label_text (row->quote, quote);

  if (comment != NULL && comment[0] != '\0')
    {
      g_autofree char *first_line = g_strndup (shown_comment,
                                               strcspn (shown_comment, "\r\n"));

      shu_sidebar_set_label_text (row->comment, first_line);
      gtk_widget_set_visible (row->comment, TRUE);
    }
  else
    {
      gtk_label_set_text (GTK_LABEL (row->comment), "");
      gtk_widget_set_visible (row->comment, FALSE);
    }

  /* Each part is a bidi isolate (FSI … PDI), so a Hebrew name and an
   * English date keep their order in a line of either direction. */
  if (creator != NULL && creator[0] != '\0')
    g_string_append_printf (meta, " · \u2068%s\u2069", shown_creator);
  if (time != NULL)
    g_string_append_printf (meta, " · \u2068%s\u2069", time);
  /* A merge left two versions of this annotation: say so until one goes. */
  if (shu_annotation_get_conflict (annotation) != NULL)
    g_string_append_printf (meta, " · ⚠ %s", _("conflict"));
  /* The line itself follows the interface: Pango takes a paragraph's
   * direction from its first strong character, even one inside an
   * isolate, so a Latin label name turned the line left-to-right in the
   * Hebrew interface. A mark of the interface's direction comes first. */
  g_string_prepend (meta, gtk_widget_get_direction (row->meta) == GTK_TEXT_DIR_RTL
                          ? "\u200F" : "\u200E");
  gtk_label_set_text (GTK_LABEL (row->meta), meta->str);

  relations = dup_relations_text (self, annotation);
  gtk_label_set_text (GTK_LABEL (row->relations), relations);
  gtk_widget_set_visible (row->relations, relations[0] != '\0');

  /* Translators: how a screen reader names a row of the annotation list:
   * the label's name, then the quoted text. */
  if (shu_annotation_get_conflict (annotation) != NULL)
    /* Translators: a row of the annotation list whose annotation is in
     * conflict after a merge: the label's name, then the quoted text. */
    accessible = g_strdup_printf (_("%s (conflict): %s"), label_name, quote);
  else
    accessible = g_strdup_printf (_("%s: %s"), label_name, quote);
  append_accessible_details (&accessible, shown_comment, shown_creator, time);
  /* The links too: a screen reader user hears what the row shows. */
  if (relations[0] != '\0')
    {
      char *with = g_strconcat (accessible, _(". "), relations, NULL);

      g_free (accessible);
      accessible = with;
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* The comment (up to COMMENT_TOOLTIP_CHARS), as plain text, for whoever
 * hovers a row. Asked for when the pointer rests on the row rather than
 * set on each bind: GTK 4.8 asks the X server where the pointer is on every
 * gtk_widget_set_tooltip_text(), and an annotation added near the top of
 * a long list rebinds the 200 rows the list keeps (70-100 ms at 50k). */
static gboolean
query_row_tooltip_cb (GtkWidget  *box,
                      int         x,
                      int         y,
                      gboolean    keyboard_mode,
                      GtkTooltip *tooltip,
                      Row        *row)
{
  const char *comment;
  g_autofree char *comment_start = NULL;
  g_autofree char *shown_comment = NULL;

  if (row->annotation == NULL)
    return FALSE;
  comment = shu_annotation_get_comment (row->annotation);
  if (comment == NULL || comment[0] == '\0')
    return FALSE;
  comment_start = shu_text_dup_preview (comment, COMMENT_TOOLTIP_CHARS);
  shown_comment = shu_text_make_bidi_visible (comment_start);
  gtk_tooltip_set_text (tooltip, shown_comment);
  return TRUE;
}

static void
setup_row_cb (ShuSidebar               *self,
              GtkListItem              *item,
              GtkSignalListItemFactory *factory)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *texts;

  row->sidebar = self;
  row->box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  gtk_widget_set_margin_top (row->box, 4);
  gtk_widget_set_margin_bottom (row->box, 4);

  row->swatch = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (row->swatch), SWATCH_SIZE);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (row->swatch), SWATCH_SIZE);
  gtk_widget_set_valign (row->swatch, GTK_ALIGN_START);
  gtk_widget_set_margin_top (row->swatch, 3);
  gtk_widget_add_css_class (row->swatch, "shu-annotation-swatch");
  /* The swatch owns the row's bookkeeping: both go when the row does. */
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (row->swatch), draw_swatch, row, row_free);
  gtk_box_append (GTK_BOX (row->box), row->swatch);

  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (row->box), texts);

  /* User text is set with gtk_label_set_text(), never as markup. */
  row->quote = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->quote), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->quote), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (row->quote), TRUE);
  gtk_widget_add_css_class (row->quote, "shu-annotation-quote");
  gtk_box_append (GTK_BOX (texts), row->quote);

  row->comment = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->comment), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->comment), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (row->comment), TRUE);
  gtk_box_append (GTK_BOX (texts), row->comment);

  row->meta = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->meta), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->meta), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (row->meta), TRUE);
  gtk_widget_add_css_class (row->meta, "caption");
  gtk_widget_add_css_class (row->meta, "dim-label");
  gtk_box_append (GTK_BOX (texts), row->meta);

  row->relations = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (row->relations), 0);
  gtk_label_set_ellipsize (GTK_LABEL (row->relations), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (row->relations, "caption");
  gtk_widget_set_visible (row->relations, FALSE);
  gtk_box_append (GTK_BOX (texts), row->relations);

  gtk_widget_set_has_tooltip (row->box, TRUE);
  g_signal_connect (row->box, "query-tooltip", G_CALLBACK (query_row_tooltip_cb), row);
  g_object_set_data (G_OBJECT (row->box), "shu-row", row);
  gtk_list_item_set_child (item, row->box);
}

static Row *
get_row (GtkListItem *item)
{
  return g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "shu-row");
}

static void
bind_row_cb (ShuSidebar               *self,
             GtkListItem              *item,
             GtkSignalListItemFactory *factory)
{
  Row *row = get_row (item);

  row->annotation = gtk_list_item_get_item (item);
  g_hash_table_add (self->bound_rows, row);
  /* GTK 4.8 unbinds and binds again every row after a place where the
   * list changed, with the same item: the 200 rows it keeps, for one
   * annotation added near the top. Texts set again would be laid out
   * again; what the row already shows stays. */
  if (row->shown != row->annotation || row->shown_generation != self->fill_generation)
    fill_row (self, row);
}

static void
unbind_row_cb (ShuSidebar               *self,
               GtkListItem              *item,
               GtkSignalListItemFactory *factory)
{
  Row *row = get_row (item);

  /* The texts stay until the row is bound to another annotation (see
   * bind_row_cb): a list keeps at most 200 rows. */
  row->annotation = NULL;
  if (self->bound_rows != NULL)
    g_hash_table_remove (self->bound_rows, row);
}

static void
update_list_page (ShuSidebar *self)
{
  ShuAnnotationStore *store = get_store (self);
  const char *page = "list";

  if (store == NULL || g_list_model_get_n_items (G_LIST_MODEL (store)) == 0)
    page = "empty";
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->filter_model)) == 0)
    page = "no-match";
  gtk_stack_set_visible_child_name (self->list_stack, page);
}

static ShuAnnotation *
lookup_selected (ShuSidebar *self)
{
  if (self->selected_id == NULL || self->document == NULL)
    return NULL;
  return shu_annotation_store_lookup (get_store (self), self->selected_id);
}

static char *
dup_editor_comment (ShuSidebar *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
get_editor_label_id (ShuSidebar *self)
{
  guint selected = gtk_drop_down_get_selected (self->label_dropdown);

  if (selected == GTK_INVALID_LIST_POSITION || selected == 0 || selected > self->label_ids->len)
    return NULL;
  return g_ptr_array_index (self->label_ids, selected - 1);
}

static const char *
empty_to_null (const char *text)
{
  return text != NULL && text[0] != '\0' ? text : NULL;
}

static void
update_apply (ShuSidebar *self)
{
  g_autofree char *comment = NULL;
  gboolean changed = FALSE;

  if (self->editing != NULL)
    {
      comment = dup_editor_comment (self);
      changed = g_strcmp0 (get_editor_label_id (self),
                           shu_annotation_get_label_id (self->editing)) != 0
             || g_strcmp0 (empty_to_null (comment),
                           empty_to_null (shu_annotation_get_comment (self->editing))) != 0;
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sidebar.apply", changed);
}

static guint
label_index (ShuSidebar *self,
             const char *label_id)
{
  for (guint i = 0; label_id != NULL && i < self->label_ids->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (self->label_ids, i), label_id))
        return i + 1;
    }
  return 0;
}

static void apply_pending (ShuSidebar *self);

/* Fills the editor from the selected annotation when it is another one
 * than the editor shows (another selection, an undo, a label removed).
 * What was typed for the one it showed is applied first, never dropped. */
static void
load_editor (ShuSidebar *self)
{
  ShuAnnotation *annotation;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->comment_view);
  const char *comment;

  if (self->editing != NULL && !self->applying && lookup_selected (self) != self->editing)
    apply_pending (self);
  /* Looked up after: applying replaced an annotation, maybe this one. */
  annotation = lookup_selected (self);

  /* Always shown, insensitive while nothing is selected: showing and
   * hiding it resized the list above at each selection, and the first
   * time made that frame the one to pay for fresh memory in cairo's X11
   * backend (PERFORMANCE.md, ninth round). */
  gtk_widget_set_sensitive (self->editor_box, annotation != NULL);
  if (annotation == self->editing)
    return;

  g_set_object (&self->editing, annotation);
  comment = annotation != NULL ? shu_annotation_get_comment (annotation) : NULL;
  fill_links (self);
  fill_attributes (self);

  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->label_dropdown,
                              annotation != NULL
                              ? label_index (self, shu_annotation_get_label_id (annotation))
                              : 0);
  gtk_text_buffer_set_text (buffer, comment != NULL ? comment : "", -1);
  self->syncing = FALSE;

  update_apply (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ANNOTATION]);
}

/* The position of @annotation in the filtered list, or
 * GTK_INVALID_LIST_POSITION. The list keeps the store's order, so a binary
 * search finds it without looking at every row. */
static guint
find_position (ShuSidebar    *self,
               ShuAnnotation *annotation)
{
  GListModel *model = G_LIST_MODEL (self->filter_model);
  guint low = 0, high = g_list_model_get_n_items (model);

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(ShuAnnotation) item = g_list_model_get_item (model, middle);
      int order = shu_annotation_compare (item, annotation);

      if (order == 0)
        return middle;
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }

  return GTK_INVALID_LIST_POSITION;
}

/* Makes the list's selection show the selected annotation (or nothing,
 * when it is filtered out) and scrolls its row into view. */
static void
sync_list_selection (ShuSidebar *self)
{
  ShuAnnotation *annotation = lookup_selected (self);
  guint position = GTK_INVALID_LIST_POSITION;

  if (annotation != NULL)
    position = find_position (self, annotation);

  self->syncing = TRUE;
  if (gtk_single_selection_get_selected (self->selection) != position)
    gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;

  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->annotation_list), "list.scroll-to-item", "u",
                                position);
  load_editor (self);
}

static void
selection_changed_cb (ShuSidebar *self)
{
  ShuAnnotation *annotation;

  if (self->syncing)
    return;

  /* A row that goes away (an edit replaces the annotation, a filter hides
   * it) unselects it for a moment; list_items_changed_cb puts it back. */
  annotation = gtk_single_selection_get_selected_item (self->selection);
  if (annotation == NULL)
    return;

  if (g_strcmp0 (self->selected_id, shu_annotation_get_id (annotation)) == 0)
    {
      load_editor (self);
      return;
    }

  g_free (self->selected_id);
  self->selected_id = g_strdup (shu_annotation_get_id (annotation));
  load_editor (self);
  g_signal_emit (self, signals[ANNOTATION_SELECTED], 0, annotation);
}

static void
list_items_changed_cb (ShuSidebar *self)
{
  ShuAnnotation *selected = gtk_single_selection_get_selected_item (self->selection);

  update_list_page (self);
  if (self->syncing)
    return;
  if (selected == NULL
      ? lookup_selected (self) != NULL
      : g_strcmp0 (shu_annotation_get_id (selected), self->selected_id) != 0)
    sync_list_selection (self);
  else
    load_editor (self);
}

static void
list_activate_cb (ShuSidebar  *self,
                  guint        position,
                  GtkGridView *annotation_list)
{
  g_autoptr(ShuAnnotation) annotation = NULL;

  annotation = g_list_model_get_item (G_LIST_MODEL (self->filter_model), position);
  if (annotation == NULL)
    return;

  if (g_strcmp0 (self->selected_id, shu_annotation_get_id (annotation)) != 0)
    {
      g_free (self->selected_id);
      self->selected_id = g_strdup (shu_annotation_get_id (annotation));
      sync_list_selection (self);
    }
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, annotation);
}

static void
search_changed_cb (ShuSidebar     *self,
                   GtkSearchEntry *entry)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *key = stripped[0] != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  if (g_strcmp0 (key, self->search_key) == 0)
    return;

  /* Typing more only hides rows; the filter need not look at hidden ones. */
  if (key != NULL && (self->search_key == NULL || strstr (key, self->search_key) != NULL))
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (key == NULL || strstr (self->search_key, key) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  g_free (self->search_key);
  self->search_key = g_steal_pointer (&key);
  gtk_filter_changed (GTK_FILTER (self->filter), change);
}

static void
label_filter_changed_cb (ShuSidebar *self)
{
  guint selected = gtk_drop_down_get_selected (self->label_filter);
  const char *label_id = NULL;

  if (self->syncing)
    return;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected <= self->label_ids->len)
    label_id = g_ptr_array_index (self->label_ids, selected - 1);
  if (g_strcmp0 (label_id, self->filter_label_id) == 0)
    return;

  g_free (self->filter_label_id);
  self->filter_label_id = g_strdup (label_id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
add_extra_entry (ShuSidebar *self,
                 GHashTable *seen,
                 char       *key,
                 char       *name)
{
  if (!g_hash_table_add (seen, key))
    {
      g_free (name);
      return;
    }
  g_ptr_array_add (self->extra_keys, g_strdup (key));
  gtk_string_list_take (self->extra_names, name);
}

static void
extra_filter_changed_cb (ShuSidebar *self)
{
  guint selected = gtk_drop_down_get_selected (self->extra_filter);
  const char *key = NULL;

  if (self->syncing)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected > 0 && selected < self->extra_keys->len)
    key = g_ptr_array_index (self->extra_keys, selected);
  if (g_strcmp0 (key, self->filter_extra) == 0)
    return;
  g_free (self->filter_extra);
  self->filter_extra = g_strdup (key);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The links' types in the text and the attributes (with their values)
 * the labels declare, as filters; shown only when there are any. What
 * was chosen stays chosen while it is there. */
static void
rebuild_extra_filter (ShuSidebar *self)
{
  ShuAnnotationStore *store = get_store (self);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *chosen = g_strdup (self->filter_extra);
  guint n_names = g_list_model_get_n_items (G_LIST_MODEL (self->extra_names));
  guint selected = 0;

  self->syncing = TRUE;
  g_ptr_array_set_size (self->extra_keys, 1);
  gtk_string_list_splice (self->extra_names, 1, n_names - 1, NULL);
  if (store != NULL && shu_annotation_store_get_n_relations (store) > 0)
    {
      g_autoptr(GPtrArray) relations = shu_annotation_store_dup_relations (store);

      for (guint i = 0; i < relations->len; i++)
        {
          ShuRelation *relation = g_ptr_array_index (relations, i);
          const char *type = shu_relation_get_type_name (relation);

          if (shu_relation_get_kind (relation) == SHU_RELATION_LINK)
            /* Translators: a filter of the annotation list: the
             * annotations with a link of this type. */
            add_extra_entry (self, seen, g_strconcat ("l:", type, NULL),
                             g_strdup_printf (_("Link: %s"), type));
        }
    }
  for (guint i = 0; store != NULL
       && i < g_list_model_get_n_items (G_LIST_MODEL (shu_annotation_store_get_labels (store)));
       i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (
        G_LIST_MODEL (shu_annotation_store_get_labels (store)), i);
      GPtrArray *declarations = shu_label_get_attributes (label);

      for (guint d = 0; d < declarations->len; d++)
        {
          ShuAttributeDecl *decl = g_ptr_array_index (declarations, d);
          const char *name = shu_attribute_decl_get_name (decl);
          const char * const *values = shu_attribute_decl_get_values (decl);

          if (values == NULL)
            add_extra_entry (self, seen, g_strconcat ("a:", name, "\n", NULL), g_strdup (name));
          for (guint v = 0; values != NULL && values[v] != NULL; v++)
            /* Translators: a filter of the annotation list: the
             * annotations whose attribute has this value. */
            add_extra_entry (self, seen, g_strconcat ("a:", name, "\n", values[v], NULL),
                             g_strdup_printf (_("%s: %s"), name, values[v]));
        }
    }
  for (guint i = 1; chosen != NULL && i < self->extra_keys->len; i++)
    if (strcmp (g_ptr_array_index (self->extra_keys, i), chosen) == 0)
      selected = i;
  gtk_drop_down_set_selected (self->extra_filter, selected);
  gtk_widget_set_visible (GTK_WIDGET (self->extra_filter), self->extra_keys->len > 1);
  self->syncing = FALSE;
  /* What was chosen went: everything shows again. */
  if (chosen != NULL && selected == 0)
    extra_filter_changed_cb (self);
}

/* Rebuilds both label menus from the label set, keeping what was chosen
 * in them, and redraws the rows, whose colours or names may have changed. */
static void
labels_changed_cb (ShuSidebar *self)
{
  ShuLabelSet *labels = self->document != NULL
                        ? shu_annotation_store_get_labels (get_store (self)) : NULL;
  guint n_labels = labels != NULL ? g_list_model_get_n_items (G_LIST_MODEL (labels)) : 0;
  guint old_filter = g_list_model_get_n_items (G_LIST_MODEL (self->filter_names));
  guint old_editor = g_list_model_get_n_items (G_LIST_MODEL (self->editor_names));
  g_autofree const char **names = g_new0 (const char *, n_labels + 1);
  g_autofree char *editor_label_id = NULL;
  guint filter_index;
  GHashTableIter iter;
  gpointer row;

  editor_label_id = g_strdup (get_editor_label_id (self));
  g_ptr_array_set_size (self->label_ids, 0);
  for (guint i = 0; i < n_labels; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      g_ptr_array_add (self->label_ids, g_strdup (shu_label_get_id (label)));
      /* The set keeps the label, and with it its name. */
      names[i] = shu_label_get_name (label);
    }

  self->syncing = TRUE;
  gtk_string_list_splice (self->filter_names, 1, old_filter - 1, names);
  gtk_string_list_splice (self->editor_names, 1, old_editor - 1, names);
  filter_index = label_index (self, self->filter_label_id);
  gtk_drop_down_set_selected (self->label_filter, filter_index);
  gtk_drop_down_set_selected (self->label_dropdown, label_index (self, editor_label_id));
  self->syncing = FALSE;

  /* A label that went away filters nothing any more. */
  if (self->filter_label_id != NULL && filter_index == 0)
    label_filter_changed_cb (self);

  /* Names and colours may have changed: rows unbound now fill again when
   * bound. */
  self->fill_generation++;
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    fill_row (self, row);

  fill_attributes (self);
  rebuild_extra_filter (self);
  update_apply (self);
}

/* A link made, changed or undone shows in the rows of both its ends. */
static void
relations_changed_cb (ShuSidebar *self)
{
  GHashTableIter iter;
  gpointer row;

  self->fill_generation++;
  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    fill_row (self, row);
  fill_links (self);
  rebuild_extra_filter (self);
  /* Which annotations have a link of the chosen type may have changed. */
  if (self->filter_extra != NULL && self->filter_extra[0] == 'l')
    gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
editor_changed_cb (ShuSidebar *self)
{
  if (!self->syncing)
    update_apply (self);
}

/* Applies the editor's label and comment to @annotation, as one undoable
 * step. Only what differs from @filled_from (what the editor was filled
 * from) counts as edited: a pending comment applied to an annotation
 * whose label changed meanwhile keeps the new label. */
static void
apply_edit (ShuSidebar    *self,
            ShuAnnotation *filled_from,
            ShuAnnotation *annotation)
{
  g_autoptr(ShuAnnotation) edited = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *comment = NULL;
  const char *label_id, *description;
  gboolean label_changed, comment_changed;

  label_id = get_editor_label_id (self);
  comment = dup_editor_comment (self);
  label_changed = g_strcmp0 (label_id, shu_annotation_get_label_id (filled_from)) != 0
                  && g_strcmp0 (label_id, shu_annotation_get_label_id (annotation)) != 0;
  comment_changed = g_strcmp0 (empty_to_null (comment),
                               empty_to_null (shu_annotation_get_comment (filled_from))) != 0
                    && g_strcmp0 (empty_to_null (comment),
                                  empty_to_null (shu_annotation_get_comment (annotation))) != 0;
  if (!label_changed && !comment_changed)
    return;

  /* Both changes make one new annotation, so they are one replace and one
   * undo step. */
  now = shu_now_utc_seconds ();
  edited = g_object_ref (annotation);
  if (label_changed)
    {
      ShuAnnotation *next = shu_annotation_with_label (edited, label_id, now);

      g_set_object (&edited, next);
      g_object_unref (next);
    }
  if (comment_changed)
    {
      GPtrArray *comments = shu_annotation_get_comments (annotation);
      const char *language = comments->len > 0
                             ? shu_comment_get_language (g_ptr_array_index (comments, 0)) : NULL;
      ShuAnnotation *next = shu_annotation_with_comment (edited, empty_to_null (comment),
                                                         language, now);

      g_set_object (&edited, next);
      g_object_unref (next);
    }

  if (label_changed && comment_changed)
    description = _("Edit Annotation");
  else if (label_changed)
    description = _("Change Label");
  else
    description = _("Edit Comment");

  /* The replace reloads the editor (list_items_changed_cb): it must not
   * take what it shows for yet another pending edit. */
  self->applying = TRUE;
  shu_annotation_store_replace (get_store (self), edited, description);
  self->applying = FALSE;
}

/* The editor is about to show something else (another annotation,
 * nothing, another version of the same one): what was typed and not
 * applied goes to the annotation it was typed for, if it still exists. */
static void
apply_pending (ShuSidebar *self)
{
  g_autoptr(ShuAnnotation) filled_from = NULL;
  ShuAnnotation *current;

  if (self->editing == NULL || self->document == NULL)
    return;

  filled_from = g_object_ref (self->editing);
  current = shu_annotation_store_lookup (get_store (self), shu_annotation_get_id (filled_from));
  if (current != NULL)
    apply_edit (self, filled_from, current);
}

static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ShuSidebar *self = SHU_SIDEBAR (widget);
  ShuAnnotation *annotation = lookup_selected (self);

  if (annotation != NULL)
    apply_edit (self, annotation, annotation);
}

gboolean
shu_sidebar_focus_comment (ShuSidebar *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter end;

  g_return_val_if_fail (SHU_IS_SIDEBAR (self), FALSE);

  if (self->editing == NULL)
    return FALSE;

  /* At the end, to go on writing what is there. */
  buffer = gtk_text_view_get_buffer (self->comment_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_place_cursor (buffer, &end);
  return gtk_widget_grab_focus (GTK_WIDGET (self->comment_view));
}

void
shu_sidebar_apply_pending (ShuSidebar *self)
{
  g_return_if_fail (SHU_IS_SIDEBAR (self));

  apply_pending (self);
}

ShuDocument *
shu_sidebar_get_document (ShuSidebar *self)
{
  g_return_val_if_fail (SHU_IS_SIDEBAR (self), NULL);

  return self->document;
}

void
shu_sidebar_set_document (ShuSidebar  *self,
                          ShuDocument *document)
{
  ShuAnnotationStore *store;

  g_return_if_fail (SHU_IS_SIDEBAR (self));
  g_return_if_fail (document == NULL || SHU_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);

  g_set_object (&self->document, document);
  g_clear_pointer (&self->selected_id, g_free);
  g_clear_object (&self->editing);

  store = get_store (self);
  if (store != NULL)
    {
      g_signal_connect_object (store, "labels-changed",
                               G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "notify::labels",
                               G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "relations-changed",
                               G_CALLBACK (relations_changed_cb), self, G_CONNECT_SWAPPED);
    }

  labels_changed_cb (self);
  gtk_filter_list_model_set_model (self->filter_model, G_LIST_MODEL (store));
  sync_list_selection (self);
  update_list_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

ShuAnnotation *
shu_sidebar_get_selected_annotation (ShuSidebar *self)
{
  g_return_val_if_fail (SHU_IS_SIDEBAR (self), NULL);

  return self->editing;
}

void
shu_sidebar_select_annotation (ShuSidebar    *self,
                               ShuAnnotation *annotation)
{
  g_return_if_fail (SHU_IS_SIDEBAR (self));
  g_return_if_fail (annotation == NULL || SHU_IS_ANNOTATION (annotation));

  g_free (self->selected_id);
  self->selected_id = annotation != NULL ? g_strdup (shu_annotation_get_id (annotation)) : NULL;
  sync_list_selection (self);
}

GListModel *
shu_sidebar_get_model (ShuSidebar *self)
{
  g_return_val_if_fail (SHU_IS_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->filter_model);
}

static void
shu_sidebar_dispose (GObject *object)
{
  ShuSidebar *self = SHU_SIDEBAR (object);
  GtkWidget *child;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), SHU_TYPE_SIDEBAR);
  /* The boxes around the named widgets are children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->filter_names);
  g_clear_object (&self->extra_names);
  g_clear_pointer (&self->extra_keys, g_ptr_array_unref);
  g_clear_object (&self->editor_names);
  g_clear_object (&self->editing);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (shu_sidebar_parent_class)->dispose (object);
}

static void
shu_sidebar_finalize (GObject *object)
{
  ShuSidebar *self = SHU_SIDEBAR (object);

  g_clear_pointer (&self->label_ids, g_ptr_array_unref);
  g_clear_pointer (&self->filter_label_id, g_free);
  g_clear_pointer (&self->filter_extra, g_free);
  g_clear_pointer (&self->search_key, g_free);
  g_clear_pointer (&self->selected_id, g_free);

  G_OBJECT_CLASS (shu_sidebar_parent_class)->finalize (object);
}

static void
shu_sidebar_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  ShuSidebar *self = SHU_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_SELECTED_ANNOTATION:
      g_value_set_object (value, self->editing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_sidebar_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  ShuSidebar *self = SHU_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      shu_sidebar_set_document (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_sidebar_class_init (ShuSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_sidebar_dispose;
  object_class->finalize = shu_sidebar_finalize;
  object_class->get_property = shu_sidebar_get_property;
  object_class->set_property = shu_sidebar_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ANNOTATION] =
    g_param_spec_object ("selected-annotation", NULL, NULL,
                         SHU_TYPE_ANNOTATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ANNOTATION_SELECTED] =
    g_signal_new ("annotation-selected",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SHU_TYPE_ANNOTATION);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SHU_TYPE_ANNOTATION);

  g_type_ensure (SHU_TYPE_ATTRIBUTE_CHOICES);
  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "shu-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, label_filter);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, extra_filter);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, annotation_list);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, editor_box);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, label_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, comment_view);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, apply_button);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, delete_button);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, links_box);
  gtk_widget_class_bind_template_child (widget_class, ShuSidebar, attributes_box);
  gtk_widget_class_bind_template_callback (widget_class, attribute_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);

  gtk_widget_class_install_action (widget_class, "sidebar.apply", NULL, apply_action);

  gtk_widget_class_set_css_name (widget_class, "shusidebar");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
shu_sidebar_init (ShuSidebar *self)
{
  const char *filter_first[] = { _("All Labels"), NULL };
  const char *editor_first[] = { _("No Label"), NULL };
  const char *extra_first[] = { _("All Links and Attributes"), NULL };
  GtkListItemFactory *factory;
  GtkShortcutController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->label_ids = g_ptr_array_new_with_free_func (g_free);
  self->bound_rows = g_hash_table_new (NULL, NULL);

  self->filter_names = gtk_string_list_new (filter_first);
  self->extra_names = gtk_string_list_new (extra_first);
  self->extra_keys = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->extra_keys, g_strdup (""));
  gtk_drop_down_set_model (self->extra_filter, G_LIST_MODEL (self->extra_names));
  g_signal_connect_object (self->extra_filter, "notify::selected",
                           G_CALLBACK (extra_filter_changed_cb), self, G_CONNECT_SWAPPED);
  self->editor_names = gtk_string_list_new (editor_first);
  gtk_drop_down_set_model (self->label_filter, G_LIST_MODEL (self->filter_names));
  gtk_drop_down_set_model (self->label_dropdown, G_LIST_MODEL (self->editor_names));
  /* A file from another tool can bring thousands of labels: a search
   * finds one where scrolling would not. */
  gtk_drop_down_set_expression (self->label_filter,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (self->label_filter, TRUE);
  gtk_drop_down_set_expression (self->label_dropdown,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (self->label_dropdown, TRUE);
  g_signal_connect_object (self->label_filter, "notify::selected",
                           G_CALLBACK (label_filter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->label_dropdown, "notify::selected",
                           G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->comment_view), "changed",
                           G_CALLBACK (editor_changed_cb), self, G_CONNECT_SWAPPED);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->filter)));
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->filter_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->selection, "items-changed",
                           G_CALLBACK (list_items_changed_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_grid_view_set_factory (self->annotation_list, factory);
  g_object_unref (factory);
  gtk_grid_view_set_model (self->annotation_list, GTK_SELECTION_MODEL (self->selection));

  /* Delete in the list removes the selected annotation, as in the text. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("Delete|KP_Delete"),
                      gtk_named_action_new ("win.delete-annotation")));
  gtk_widget_add_controller (GTK_WIDGET (self->annotation_list), GTK_EVENT_CONTROLLER (shortcuts));

  /* Ctrl+Enter applies the edit, even from inside the comment, which
   * would otherwise take the Enter as a new line. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (shortcuts),
                                              GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>Return|<Control>KP_Enter"),
                      gtk_named_action_new ("sidebar.apply")));
  gtk_widget_add_controller (self->editor_box, GTK_EVENT_CONTROLLER (shortcuts));

  update_list_page (self);
  load_editor (self);
}
