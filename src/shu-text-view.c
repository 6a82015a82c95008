/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>

#include "shu-color.h"
#include "shu-extent.h"
#include "shu-reflow.h"
#include "shu-search.h"
#include "shu-text-view.h"
#include "shu-text.h"

/* The reading size at a font scale of 1 when no font says one. */
#define BASE_FONT_POINTS 13.0
/* The desktop's document font is sized for Latin text: Hebrew letters,
 * and their points more so, come out smaller at the same size. Read at
 * length, the text is set this much larger (GNOME's "Cantarell 11" gives
 * 13.2 points); a font the user picks is taken at its own size. */
#define DESKTOP_FONT_SCALE 1.2
#define DESKTOP_SCHEMA "org.gnome.desktop.interface"
#define DESKTOP_FONT_KEY "document-font-name"
/* The page: lines of at most about this many characters (the measure
 * books and GNOME's reading apps keep to), centred, with at least this
 * margin on each side. */
#define MEASURE_CHARS 68
#define MIN_MARGIN 40
/* A text longer than this many code points is shown a part at a time
 * (shu_source_dup_parts()): GtkTextView measures every line of its buffer
 * in the background, shaping each paragraph, and a 200 MB text kept a
 * core busy for over a minute after it showed; a part this long is
 * measured in about as long as the 5 MB benchmark text (2.8 million code
 * points). SHU_PART_CHARS sets it, for tests. */
#define PART_CHARS 4000000
/* Room under each wrapped line for the stacked label bars. */
#define BAR_HEIGHT 2.0
#define BAR_STEP 3.0
#define MAX_BAR_LEVELS 4
#define LINE_GAP (4 + MAX_BAR_LEVELS * (int) BAR_STEP)
#define PARAGRAPH_GAP_EM 0.9
/* A blank line between paragraphs, this high (shrink_blank_lines()). */
#define BLANK_LINE_SCALE 0.2
#define BAR_ALPHA 0.9
/* Annotations without a label are drawn in a neutral grey. */
#define UNLABELLED_COLOR "#8a8a8a"
/* A revealed annotation is filled this strongly for a moment. */
#define FLASH_ALPHA 0.55
#define FLASH_MS 700
/* Another annotator's annotations: dashed outlines, never filled, so they
 * read as a different hand and the text stays legible under them. */
#define LAYER_DASH 4.0
#define LAYER_GAP 3.0
#define LAYER_LINE 1.5
#define LAYER_ALPHA 0.95
/* Find's matches: every one filled in yellow, the current one in orange
 * and outlined, beneath the glyphs (the selection, drawn over them, is
 * translucent). The strengths differ on a dark background, where a strong
 * fill would take the contrast from the light letters. */
#define MATCH_COLOR "#f6d32d"
#define CURRENT_MATCH_COLOR "#ff7800"
#define MATCH_ALPHA_LIGHT 0.55
#define MATCH_ALPHA_DARK 0.35
#define CURRENT_MATCH_ALPHA_LIGHT 0.75
#define CURRENT_MATCH_ALPHA_DARK 0.6
#define CURRENT_MATCH_LINE 2.0
/* The selected annotation's handles, one at each end: a bar as tall as
 * the line with a knob above its start and below its end (as GTK's touch
 * selection handles), to be dragged to change its extent. A press within
 * HANDLE_REACH pixels of a bar takes it. */
#define HANDLE_WIDTH 2.0
#define HANDLE_KNOB 4.5
#define HANDLE_REACH 8
/* Relations: arcs over the lines, from one end's words to the other's,
 * stacked so that crossing ones stay apart, each named by its type. The
 * lines get this much more room above them while the text has any. */
#define RELATION_ROOM 18
#define RELATION_RISE 5.0
#define RELATION_STEP 6.0
#define RELATION_LEVELS 3
#define RELATION_LINE 1.25
#define RELATION_ARROW 4.0
#define RELATION_NAME_SCALE 0.72

typedef struct
{
  char               *id;
  char               *name;
  ShuAnnotationStore *store;
  gboolean            visible;
} Layer;

static void
layer_free (Layer *layer)
{
  g_free (layer->id);
  g_free (layer->name);
  g_clear_object (&layer->store);
  g_free (layer);
}

struct _ShuTextView
{
  GtkTextView     parent_instance;

  /* Owned */
  ShuDocument    *document;
  ShuAnnotation  *selected;
  GtkCssProvider *font_provider;
  char           *font_class;       /* the CSS class font_provider styles */
  GSettings      *desktop_settings; /* NULL without GNOME's schema */
  char           *font;             /* NULL: the desktop's */
  char           *caret_description; /* what assistive technology was told */
  GtkPopover     *popover;
  GtkPopover     *context_popover;
  GMenuModel     *context_menu;
  GPtrArray      *layers;   /* Layer */
  GArray         *matches;  /* ShuSearchMatch, Find's, sorted */
  ShuSuggestFound *suggestions;
  guint           n_suggestions_drawn;
  /* The visible characters' boxes, each measured once (display offsets
   * from frame_rects_start; height -1 when not yet), kept from frame to
   * frame while the layout stays (prepare_rects()). */
  GArray         *frame_rects;
  guint           frame_rects_start;
  int             frame_rects_width;
  GHashTable     *fill_alphas;
  GArray         *breaks;   /* shown, not in the source (shu-reflow.h) */
  /* A long text's parts (guint bounds, shu_source_dup_parts()); NULL when
   * it is shown whole. The buffer holds [part_start, part_end). */
  GArray         *parts;
  guint           part;
  guint           part_start;
  guint           part_end;

  double          font_scale;
  guint           flash_id;
  guint           reveal_tick_id;
  guint           reveal_frames;
  guint           n_layer_drawn;
  int             current_match;
  guint           n_matches_drawn;
  guint           n_current_drawn;
  /* An edge of the selected annotation being dragged by its handle, and
   * the extent it would have if let go now (source offsets). */
  ShuEdge         drag_edge;
  guint           drag_start;
  guint           drag_end;
  guint           dragging : 1;
  GPtrArray      *relations_drawn; /* char*: the types, for tests */
  GPtrArray      *relation_paths;  /* GArray of graphene_point_t, for tests */
  guint           join_lines : 1;
  guint           snapping : 1;
  guint           snap_to_words : 1;
};

G_DEFINE_FINAL_TYPE (ShuTextView, shu_text_view, GTK_TYPE_TEXT_VIEW)

enum {
  PROP_0,
  PROP_DOCUMENT,
  PROP_JOIN_LINES,
  PROP_FONT_SCALE,
  PROP_FONT,
  PROP_SNAP_TO_WORDS,
  PROP_SELECTED_ANNOTATION,
  PROP_CONTEXT_MENU,
  PROP_PART,
  PROP_N_PARTS,
  N_PROPS
};

enum {
  ANNOTATION_ACTIVATED,
  PREPARE_CONTEXT_MENU,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void update_relation_room (ShuTextView *self);
static void select_range (ShuTextView *self,
                          guint        start,
                          guint        end);
static void relations_changed_cb (ShuTextView *self);

GtkWidget *
shu_text_view_new (void)
{
  return g_object_new (SHU_TYPE_TEXT_VIEW, NULL);
}

static ShuAnnotationStore *
get_store (ShuTextView *self)
{
  return self->document != NULL ? shu_document_get_store (self->document) : NULL;
}

static ShuSource *
get_source (ShuTextView *self)
{
  return self->document != NULL ? shu_document_get_source (self->document) : NULL;
}

/* The buffer holds one part of a long text and can show line breaks the
 * file does not have, in lines too long to lay out (shu-reflow.h): every
 * offset the view takes or gives is the source's, through these. An offset
 * outside the part shown is taken at the part's nearer end. */
static guint
to_display (ShuTextView *self,
            guint        offset)
{
  return shu_reflow_to_display (self->breaks,
                                CLAMP (offset, self->part_start, self->part_end)
                                - self->part_start);
}

static void
get_iter_at_offset (ShuTextView *self,
                    GtkTextIter *iter,
                    guint        offset)
{
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), iter,
                                      to_display (self, offset));
}

static guint
get_offset (ShuTextView       *self,
            const GtkTextIter *iter)
{
  return shu_reflow_to_source (self->breaks, gtk_text_iter_get_offset (iter))
         + self->part_start;
}

/* A blank line after a paragraph is the source's paragraph gap: shown at
 * a sliver of a line, with no space of its own, since the paragraph's
 * end already has its gap (update_font()); at full height the gap was
 * three lines and more. One tag for all of them. */
static void
shrink_blank_lines (ShuTextView *self,
                    const char  *text,
                    gsize        size)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GArray) lines = shu_reflow_blank_lines (text, size);
  GtkTextTag *tag;

  if (lines == NULL)
    return;
  tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), "shu-blank-line");
  if (tag == NULL)
    tag = gtk_text_buffer_create_tag (buffer, "shu-blank-line",
                                      "pixels-above-lines", 0,
                                      "pixels-below-lines", 0,
                                      "scale", BLANK_LINE_SCALE,
                                      NULL);
  for (guint i = 0; i < lines->len; i++)
    {
      GtkTextIter start, end;

      gtk_text_buffer_get_iter_at_line (buffer, &start, g_array_index (lines, guint, i));
      end = start;
      gtk_text_iter_forward_line (&end);
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

static void
reload_buffer (ShuTextView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  guint sel_start = 0, sel_end = 0;
  gboolean had_selection;
  g_autofree char *text = NULL;
  gsize size = 0;

  /* Offsets of the part shown before (a selection in another part is
   * not kept). */
  had_selection = gtk_text_buffer_get_selection_bounds (buffer, &start, &end);
  if (had_selection)
    {
      sel_start = get_offset (self, &start);
      sel_end = get_offset (self, &end);
    }

  g_clear_pointer (&self->breaks, g_array_unref);
  /* Another text: no character box kept is its own. */
  g_clear_pointer (&self->frame_rects, g_array_unref);
  if (self->document == NULL)
    {
      gtk_text_buffer_set_text (buffer, "", 0);
      return;
    }

  /* The source's text is immutable and shown as it is unless lines are
   * joined or too long to lay out: then no copy (5 MB of fresh memory for
   * a 5 MB text). Joined, every character keeps its offset; a long line's
   * breaks are mapped (shu-reflow.h). */
  {
    ShuSource *source = get_source (self);
    gsize from = shu_source_offset_to_byte (source, self->part_start);
    const char *part = shu_source_get_text (source) + from;

    text = shu_reflow_text (part, shu_source_offset_to_byte (source, self->part_end) - from,
                            SHU_REFLOW_SPLIT_LONG_LINES
                            | (self->join_lines ? SHU_REFLOW_JOIN_LINES : 0),
                            &size, &self->breaks);
    gtk_text_buffer_set_text (buffer, text != NULL ? text : part, size);
    shrink_blank_lines (self, text != NULL ? text : part, size);
  }

  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  if (had_selection && sel_start >= self->part_start && sel_end <= self->part_end)
    select_range (self, sel_start, sel_end);
}

/* Shows part @part of a long text (the parts' first when the text is shown
 * whole), with the caret at its start. */
static void
set_part (ShuTextView *self,
          guint        part)
{
  guint n_parts = self->parts != NULL ? self->parts->len - 1 : 1;

  part = MIN (part, n_parts - 1);
  if (self->parts != NULL && part == self->part)
    return;
  self->part = part;
  self->part_start = self->parts != NULL ? g_array_index (self->parts, guint, part) : 0;
  self->part_end = self->parts != NULL ? g_array_index (self->parts, guint, part + 1)
                 : self->document != NULL ? shu_source_get_length (get_source (self)) : 0;
  reload_buffer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PART]);
}

/* Shows the part [start, end) begins in, unless the part shown holds all
 * of it. */
static void
show_part_of (ShuTextView *self,
              guint        start,
              guint        end)
{
  guint n_parts;

  if (self->parts == NULL
      || (start >= self->part_start && end <= self->part_end
          && (start < self->part_end || start == end)))
    return;
  n_parts = self->parts->len - 1;
  for (guint part = 0; part < n_parts; part++)
    if (start < g_array_index (self->parts, guint, part + 1) || part == n_parts - 1)
      {
        set_part (self, part);
        return;
      }
}

static guint
part_chars (void)
{
  static guint chars;

  if (chars == 0)
    {
      const char *env = g_getenv ("SHU_PART_CHARS");
      guint64 value = env != NULL ? g_ascii_strtoull (env, NULL, 10) : 0;

      chars = value > 0 && value <= G_MAXUINT ? (guint) value : PART_CHARS;
    }
  return chars;
}

/* The parts @document is shown in, its first shown. */
static void
reset_parts (ShuTextView *self)
{
  guint n_parts_before = self->parts != NULL ? self->parts->len - 1 : 1;
  guint n_parts;

  g_clear_pointer (&self->parts, g_array_unref);
  if (self->document != NULL)
    {
      self->parts = shu_source_dup_parts (get_source (self), part_chars ());
      if (self->parts->len <= 2)
        g_clear_pointer (&self->parts, g_array_unref);
    }
  self->part = G_MAXUINT;
  set_part (self, 0);
  n_parts = self->parts != NULL ? self->parts->len - 1 : 1;
  if (n_parts != n_parts_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_PARTS]);
}

static void
queue_redraw_cb (ShuTextView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
labels_changed_cb (ShuTextView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
store_items_changed_cb (ShuTextView *self)
{
  /* The selected annotation may have been removed or replaced. */
  if (self->selected != NULL)
    {
      ShuAnnotation *current;

      current = shu_annotation_store_lookup (get_store (self),
                                             shu_annotation_get_id (self->selected));
      if (current != self->selected)
        shu_text_view_set_selected_annotation (self, current);
    }
}

/* The highlights are only drawn: a screen reader learns of the
 * annotations on the words at the caret from the view's accessible
 * description, kept up to date as the caret moves and they change. */
static void
update_caret_description (ShuTextView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) list = NULL;
  g_autofree char *description = NULL;
  ShuLabelSet *labels;
  GtkTextIter caret;

  if (self->document != NULL)
    {
      gtk_text_buffer_get_iter_at_mark (buffer, &caret, gtk_text_buffer_get_insert (buffer));
      found = shu_annotation_store_get_covering (get_store (self),
                                                 get_offset (self, &caret));
    }
  if (found == NULL || found->len == 0)
    {
      if (self->caret_description != NULL)
        gtk_accessible_reset_property (GTK_ACCESSIBLE (self),
                                       GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      g_clear_pointer (&self->caret_description, g_free);
      return;
    }

  labels = shu_annotation_store_get_labels (get_store (self));
  list = g_string_new (NULL);
  for (guint i = 0; i < found->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (found, i);
      const char *label_id = shu_annotation_get_label_id (annotation);
      ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
      const char *name = label != NULL ? shu_label_get_name (label) : _("No label");
      const char *comment = shu_annotation_get_comment (annotation);

      if (i > 0)
        /* Translators: between two annotations on the same words, as a
         * screen reader reads them out. */
        g_string_append (list, _("; "));
      if (comment != NULL)
        /* Translators: %1$s is a label's name, %2$s the comment. */
        g_string_append_printf (list, _("%1$s — %2$s"), name, comment);
      else
        g_string_append (list, name);
    }
  /* Translators: what a screen reader says of the words at the caret; %s
   * is their annotations, “Claim — the comment; Evidence”. */
  description = g_strdup_printf (_("Annotated: %s"), list->str);
  if (g_strcmp0 (description, self->caret_description) == 0)
    return;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
  g_free (self->caret_description);
  self->caret_description = g_steal_pointer (&description);
}

const char *
shu_text_view_get_caret_description (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  return self->caret_description;
}

ShuDocument *
shu_text_view_get_document (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  return self->document;
}

void
shu_text_view_set_document (ShuTextView *self,
                            ShuDocument *document)
{
  gboolean same_text;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (document == NULL || SHU_IS_DOCUMENT (document));

  if (self->document == document)
    return;

  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);

  shu_text_view_set_selected_annotation (self, NULL);
  /* The same text with its annotations loaded (shu-window-loading.c):
   * the buffer already holds it, and the reader's place stays. */
  same_text = self->document != NULL && document != NULL
    && shu_document_get_source (self->document) == shu_document_get_source (document);
  g_set_object (&self->document, document);

  if (document != NULL)
    {
      ShuAnnotationStore *store = shu_document_get_store (document);

      g_signal_connect_object (store, "ranges-changed",
                               G_CALLBACK (queue_redraw_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "labels-changed",
                               G_CALLBACK (labels_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "items-changed",
                               G_CALLBACK (store_items_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "ranges-changed",
                               G_CALLBACK (update_caret_description), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "labels-changed",
                               G_CALLBACK (update_caret_description), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (store, "relations-changed",
                               G_CALLBACK (relations_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_relation_room (self);

  if (!same_text)
    {
      /* Matches in another text mean nothing here. */
      shu_text_view_set_find_matches (self, NULL, -1);
      reset_parts (self);
    }
  update_caret_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT]);
}

gboolean
shu_text_view_get_join_lines (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);

  return self->join_lines;
}

void
shu_text_view_set_join_lines (ShuTextView *self,
                              gboolean     join_lines)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  join_lines = !!join_lines;
  if (self->join_lines == join_lines)
    return;

  self->join_lines = join_lines;
  if (self->document != NULL)
    reload_buffer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOIN_LINES]);
}

double
shu_text_view_get_font_scale (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 1.0);

  return self->font_scale;
}

/* @text with CSS string escapes, for inside double quotes. */
static char *
css_escape (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      if (*p != '\n')
        g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* The font the text is read in: the user's, or the desktop's document
 * font made larger (DESKTOP_FONT_SCALE), or the theme's at
 * BASE_FONT_POINTS. Returns the size in points at a scale of 1. */
static double
reading_font (ShuTextView           *self,
              PangoFontDescription **desc)
{
  g_autofree char *desktop = NULL;
  gboolean from_desktop = FALSE;
  const char *name = self->font;

  if ((name == NULL || name[0] == '\0') && self->desktop_settings != NULL)
    {
      desktop = g_settings_get_string (self->desktop_settings, DESKTOP_FONT_KEY);
      name = desktop;
      from_desktop = TRUE;
    }
  *desc = pango_font_description_from_string (name != NULL ? name : "");
  if (!(pango_font_description_get_set_fields (*desc) & PANGO_FONT_MASK_SIZE)
      || pango_font_description_get_size_is_absolute (*desc))
    return BASE_FONT_POINTS;
  return (double) pango_font_description_get_size (*desc) / PANGO_SCALE
         * (from_desktop ? DESKTOP_FONT_SCALE : 1.0);
}

static void
update_font (ShuTextView *self)
{
  PangoFontDescription *desc = NULL;
  char points[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *css = NULL;
  g_autofree char *family = NULL;
  double size = reading_font (self, &desc) * self->font_scale;

  g_clear_pointer (&self->frame_rects, g_array_unref);

  if (pango_font_description_get_family (desc) != NULL)
    {
      g_autofree char *escaped = css_escape (pango_font_description_get_family (desc));

      family = g_strdup_printf ("font-family: \"%s\"; ", escaped);
    }
  pango_font_description_free (desc);
  g_ascii_formatd (points, sizeof points, "%.1f", size);
  css = g_strdup_printf ("textview.%s { %sfont-size: %spt; }",
                         self->font_class, family != NULL ? family : "", points);
  /* None once disposed, when a settings change may still arrive. */
  if (self->font_provider != NULL)
#if GTK_CHECK_VERSION (4, 12, 0)
    gtk_css_provider_load_from_string (self->font_provider, css);
#else
    gtk_css_provider_load_from_data (self->font_provider, css, -1);
#endif

  /* A paragraph's end shows as a gap clearly larger than the one between
   * its lines (which holds the label bars), in proportion to the text. */
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (self),
                                        LINE_GAP + (int) (PARAGRAPH_GAP_EM * size * 96 / 72));
}

char *
shu_text_view_dup_reading_font (ShuTextView *self)
{
  PangoFontDescription *desc = NULL;
  double size;
  char *name;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  size = reading_font (self, &desc);
  pango_font_description_set_size (desc, (int) (size * PANGO_SCALE + 0.5));
  name = pango_font_description_to_string (desc);
  pango_font_description_free (desc);
  return name;
}

const char *
shu_text_view_get_font (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  return self->font;
}

void
shu_text_view_set_font (ShuTextView *self,
                        const char  *font)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  if (font != NULL && font[0] == '\0')
    font = NULL;
  if (g_strcmp0 (self->font, font) == 0)
    return;
  g_free (self->font);
  self->font = g_strdup (font);
  update_font (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT]);
}

void
shu_text_view_set_font_scale (ShuTextView *self,
                              double       font_scale)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  font_scale = CLAMP (font_scale, 0.5, 3.0);
  if (G_APPROX_VALUE (self->font_scale, font_scale, 0.001))
    return;

  self->font_scale = font_scale;
  update_font (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FONT_SCALE]);
}

ShuAnnotation *
shu_text_view_get_selected_annotation (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  return self->selected;
}

void
shu_text_view_set_selected_annotation (ShuTextView   *self,
                                       ShuAnnotation *annotation)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (annotation == NULL || SHU_IS_ANNOTATION (annotation));

  if (g_set_object (&self->selected, annotation))
    {
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ANNOTATION]);
    }
}

static gboolean
flash_done_cb (gpointer user_data)
{
  ShuTextView *self = user_data;

  self->flash_id = 0;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return G_SOURCE_REMOVE;
}

static void
scroll_to_cursor (ShuTextView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer),
                                0.2, FALSE, 0.0, 0.0);
}

static gboolean
cursor_is_visible (ShuTextView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GdkRectangle visible, location;
  GtkTextIter cursor;

  gtk_text_buffer_get_iter_at_mark (buffer, &cursor, gtk_text_buffer_get_insert (buffer));
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self), &visible);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &cursor, &location);
  return location.y >= visible.y && location.y + location.height <= visible.y + visible.height;
}

static gboolean
reveal_tick_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  ShuTextView *self = SHU_TEXT_VIEW (widget);

  /* About a second of frames is enough for any text this view shows. */
  if (cursor_is_visible (self) || ++self->reveal_frames > 60)
    {
      self->reveal_tick_id = 0;
      return G_SOURCE_REMOVE;
    }
  scroll_to_cursor (self);
  return G_SOURCE_CONTINUE;
}

gboolean
shu_text_view_reveal_annotation (ShuTextView *self,
                                 const char  *id)
{
  GtkTextBuffer *buffer;
  ShuAnnotation *annotation;
  GtkTextIter start;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  if (self->document == NULL)
    return FALSE;
  annotation = shu_annotation_store_lookup (get_store (self), id);
  if (annotation == NULL)
    return FALSE;

  show_part_of (self, shu_annotation_get_start (annotation),
                shu_annotation_get_end (annotation));
  shu_text_view_set_selected_annotation (self, annotation);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  get_iter_at_offset (self, &start, shu_annotation_get_start (annotation));
  gtk_text_buffer_place_cursor (buffer, &start);
  scroll_to_cursor (self);
  /* The first scroll is aimed with the estimated heights of the lines not
   * laid out yet; aim again while they are measured. */
  self->reveal_frames = 0;
  if (self->reveal_tick_id == 0)
    self->reveal_tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), reveal_tick_cb,
                                                         NULL, NULL);

  g_clear_handle_id (&self->flash_id, g_source_remove);
  self->flash_id = g_timeout_add (FLASH_MS, flash_done_cb, self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  return TRUE;
}

gboolean
shu_text_view_get_selection (ShuTextView *self,
                             guint       *start,
                             guint       *end)
{
  GtkTextBuffer *buffer;
  GtkTextIter a, b;
  ShuSource *source;
  guint s, e;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);

  source = get_source (self);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  if (source == NULL || !gtk_text_buffer_get_selection_bounds (buffer, &a, &b))
    return FALSE;

  /* Widen to whole grapheme clusters: a letter never loses its points. */
  s = shu_source_boundary_floor (source, get_offset (self, &a));
  e = shu_source_boundary_ceil (source, get_offset (self, &b));
  /* The words, not the space a word-by-word selection carries along. */
  if (!shu_source_trim_range (source, &s, &e))
    return FALSE;

  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;
  return TRUE;
}

static void
select_range (ShuTextView *self,
              guint        start,
              guint        end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter a, b;

  get_iter_at_offset (self, &a, start);
  get_iter_at_offset (self, &b, end);
  gtk_text_buffer_select_range (buffer, &b, &a);
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self),
                                gtk_text_buffer_get_insert (buffer),
                                0.1, FALSE, 0.0, 0.0);
}

void
shu_text_view_select_range (ShuTextView *self,
                            guint        start,
                            guint        end)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  show_part_of (self, MIN (start, end), MAX (start, end));
  select_range (self, start, end);
}

void
shu_text_view_get_selection_bounds (ShuTextView *self,
                                    guint       *start,
                                    guint       *end)
{
  GtkTextIter a, b;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  gtk_text_buffer_get_selection_bounds (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), &a, &b);
  if (start != NULL)
    *start = get_offset (self, &a);
  if (end != NULL)
    *end = get_offset (self, &b);
}

guint
shu_text_view_get_caret_offset (ShuTextView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter caret;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 0);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_buffer_get_iter_at_mark (buffer, &caret, gtk_text_buffer_get_insert (buffer));
  return get_offset (self, &caret);
}

void
shu_text_view_place_cursor (ShuTextView *self,
                            guint        offset)
{
  GtkTextIter iter;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  show_part_of (self, offset, offset);
  get_iter_at_offset (self, &iter, offset);
  gtk_text_buffer_place_cursor (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)), &iter);
}

guint
shu_text_view_get_n_parts (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 1);

  return self->parts != NULL ? self->parts->len - 1 : 1;
}

guint
shu_text_view_get_part (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 0);

  return self->part;
}

void
shu_text_view_set_part (ShuTextView *self,
                        guint        part)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  if (self->parts == NULL)
    return;
  set_part (self, part);
  scroll_to_cursor (self);
}

void
shu_text_view_get_part_bounds (ShuTextView *self,
                               guint       *start,
                               guint       *end)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  if (start != NULL)
    *start = self->part_start;
  if (end != NULL)
    *end = self->part_end;
}

/* Copy gives the file's own text: the buffer's has joined line breaks
 * (shu-reflow.h) where the file has line breaks. */
static void
copy_clipboard_cb (ShuTextView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  if (get_source (self) == NULL || !gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return;
  text = shu_source_dup_range (get_source (self), get_offset (self, &start),
                               get_offset (self, &end));
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  g_signal_stop_emission_by_name (self, "copy-clipboard");
}

/* Keeps a selection made with the mouse or the keyboard on grapheme
 * cluster boundaries, so what is shown selected is what gets annotated. */
static void
mark_set_cb (ShuTextView *self,
             GtkTextIter *location,
             GtkTextMark *mark,
             GtkTextBuffer *buffer)
{
  GtkTextIter insert, bound;
  ShuSource *source = get_source (self);
  guint ins, bnd, new_ins, new_bnd;

  if (self->snapping || source == NULL)
    return;
  if (mark != gtk_text_buffer_get_insert (buffer)
      && mark != gtk_text_buffer_get_selection_bound (buffer))
    return;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, &bound,
                                    gtk_text_buffer_get_selection_bound (buffer));
  ins = get_offset (self, &insert);
  bnd = get_offset (self, &bound);
  if (ins == bnd)
    return;

  if (ins < bnd)
    {
      new_ins = shu_source_boundary_floor (source, ins);
      new_bnd = shu_source_boundary_ceil (source, bnd);
    }
  else
    {
      new_ins = shu_source_boundary_ceil (source, ins);
      new_bnd = shu_source_boundary_floor (source, bnd);
    }

  if (new_ins == ins && new_bnd == bnd)
    return;

  self->snapping = TRUE;
  get_iter_at_offset (self, &insert, new_ins);
  get_iter_at_offset (self, &bound, new_bnd);
  gtk_text_buffer_select_range (buffer, &insert, &bound);
  self->snapping = FALSE;
}

gboolean
shu_text_view_get_offset_area (ShuTextView  *self,
                               guint         offset,
                               GdkRectangle *area)
{
  GtkTextIter iter;
  GdkRectangle rect;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);
  g_return_val_if_fail (area != NULL, FALSE);

  get_iter_at_offset (self, &iter, offset);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &rect);
  if (rect.width < 0)
    {
      rect.x += rect.width;
      rect.width = -rect.width;
    }
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         rect.x, rect.y, &rect.x, &rect.y);
  *area = rect;
  return TRUE;
}

/* The most character boxes kept while a frame is drawn (char_rect()). */
#define MAX_FRAME_RECTS 65536
/* How many kept boxes are measured again before a frame to see whether
 * the layout moved. */
#define N_RECT_PROBES 3

/* One horizontal piece of a highlight on one display line, in buffer
 * coordinates. */
typedef struct
{
  int x0, x1, y, height;
} Run;

static void
get_char_rect (GtkTextView       *view,
               const GtkTextIter *iter,
               GdkRectangle      *rect)
{
  gtk_text_view_get_iter_location (view, iter, rect);
  /* Right-to-left characters can come back with a negative width. */
  if (rect->width < 0)
    {
      rect->x += rect->width;
      rect->width = -rect->width;
    }
}

/* A character's box. While the layer is drawn each visible character is
 * measured at most once: highlights and suggestions can cover the same
 * letters many times over, and each measure walks the paragraph's layout. */
static void
char_rect (ShuTextView       *self,
           const GtkTextIter *iter,
           GdkRectangle      *rect)
{
  guint offset = gtk_text_iter_get_offset (iter);
  GdkRectangle *cached;

  if (self->frame_rects == NULL || offset < self->frame_rects_start
      || offset - self->frame_rects_start >= self->frame_rects->len)
    {
      get_char_rect (GTK_TEXT_VIEW (self), iter, rect);
      return;
    }
  cached = &g_array_index (self->frame_rects, GdkRectangle, offset - self->frame_rects_start);
  if (cached->height < 0)
    get_char_rect (GTK_TEXT_VIEW (self), iter, cached);
  *rect = *cached;
}

/* Whether the kept boxes are still where the layout puts their
 * characters: a few of them, spread over the screen, measured again. The
 * view lays out the lines above the screen in the background, which
 * moves the lines on it down or up; a style or a width changes them. */
static gboolean
rects_still_true (ShuTextView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  guint n = self->frame_rects->len;

  for (guint p = 0; p < N_RECT_PROBES; p++)
    for (guint i = p * n / N_RECT_PROBES; i < (p + 1) * n / N_RECT_PROBES; i++)
      {
        const GdkRectangle *kept = &g_array_index (self->frame_rects, GdkRectangle, i);
        GdkRectangle now;
        GtkTextIter iter;

        if (kept->height < 0)
          continue;
        gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int) (self->frame_rects_start + i));
        get_char_rect (GTK_TEXT_VIEW (self), &iter, &now);
        if (!gdk_rectangle_equal (kept, &now))
          return FALSE;
        break;
      }
  return TRUE;
}

/* Before a frame's layer: boxes for the display offsets [@first, @end),
 * those of the last frame kept where the layout has not changed. An edit
 * of the annotations, a caret blink or a scroll by a few lines then
 * measures few characters or none: each measure walks its paragraph's
 * layout, and the 5 MB + 50k text measured about 500 a frame (6 ms). */
static void
prepare_rects (ShuTextView *self,
               guint        first,
               guint        end)
{
  g_autoptr(GArray) old = g_steal_pointer (&self->frame_rects);
  guint old_start = self->frame_rects_start;
  int width = gtk_widget_get_width (GTK_WIDGET (self));
  const GdkRectangle unmeasured = { 0, 0, 0, -1 };
  gboolean kept = FALSE;
  GArray *rects;

  /* A screen holds a few thousand characters; more means the layout was
   * not ready, and nothing is kept then. */
  if (end < first || end - first > MAX_FRAME_RECTS)
    return;
  rects = g_array_sized_new (FALSE, FALSE, sizeof (GdkRectangle), end - first);
  g_array_set_size (rects, end - first);
  if (old != NULL && width != self->frame_rects_width)
    g_clear_pointer (&old, g_array_unref);
  for (guint i = first; i < end; i++)
    {
      gboolean in_old = old != NULL && i >= old_start && i - old_start < old->len;

      g_array_index (rects, GdkRectangle, i - first) =
        in_old ? g_array_index (old, GdkRectangle, i - old_start) : unmeasured;
      kept |= in_old;
    }
  self->frame_rects = rects;
  self->frame_rects_start = first;
  self->frame_rects_width = width;
  if (kept && !rects_still_true (self))
    for (guint i = 0; i < rects->len; i++)
      g_array_index (rects, GdkRectangle, i) = unmeasured;
}

/* Adds @rect to the run being built, or ends that run and starts
 * another: characters next to each other on the same display line make
 * one run. */
static void
add_rect (GArray             *runs,
          Run                *run,
          const GdkRectangle *rect)
{
  if (run->height >= 0
      && rect->y == run->y
      && rect->height == run->height
      && rect->x <= run->x1 + 1
      && rect->x + rect->width >= run->x0 - 1)
    {
      run->x0 = MIN (run->x0, rect->x);
      run->x1 = MAX (run->x1, rect->x + rect->width);
      return;
    }
  if (run->height >= 0)
    g_array_append_val (runs, *run);
  run->x0 = rect->x;
  run->x1 = rect->x + rect->width;
  run->y = rect->y;
  run->height = rect->height;
}

static gboolean
is_line_break (gunichar ch)
{
  return ch == '\n' || ch == '\r' || ch == 0x2029;
}

/* The direction a character takes by its script: 1 right to left, -1
 * left to right, 0 neither (spaces, punctuation, marks). Digits: 2, they
 * make a run of their own inside right-to-left text. */
static int
char_direction (gunichar ch)
{
  if (g_unichar_isdigit (ch))
    return 2;
  switch (g_unichar_get_script (ch))
    {
    case G_UNICODE_SCRIPT_COMMON:
    case G_UNICODE_SCRIPT_INHERITED:
    case G_UNICODE_SCRIPT_UNKNOWN:
      return 0;
    case G_UNICODE_SCRIPT_HEBREW:
    case G_UNICODE_SCRIPT_ARABIC:
    case G_UNICODE_SCRIPT_SYRIAC:
    case G_UNICODE_SCRIPT_THAANA:
    case G_UNICODE_SCRIPT_NKO:
      return 1;
    default:
      return -1;
    }
}

/* Adds the runs of [from, to), display offsets on no line break, whose
 * characters all go one way: on each display line, the box from its first
 * character to its last. Where the lines wrap is found by halving, so a
 * piece costs a few character boxes rather than one per character: each
 * box costs a walk over its whole paragraph's layout (Pango), which in
 * joined paragraphs of about 512 characters made a scrolled frame of the
 * 5 MB text ten times as long as with the hard line breaks kept. */
static void
add_one_way_piece (ShuTextView *self,
                   GArray      *runs,
                   Run         *run,
                   guint        from,
                   guint        to)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter;

  while (from < to)
    {
      GdkRectangle first, last;
      guint lo, hi;

      gtk_text_buffer_get_iter_at_offset (buffer, &iter, from);
      char_rect (self, &iter, &first);
      gtk_text_buffer_get_iter_at_offset (buffer, &iter, to - 1);
      char_rect (self, &iter, &last);
      if (last.y != first.y)
        {
          /* The first character on another display line: in (from, to - 1]. */
          lo = from + 1;
          hi = to - 1;
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;
              GdkRectangle rect;

              gtk_text_buffer_get_iter_at_offset (buffer, &iter, mid);
              char_rect (self, &iter, &rect);
              if (rect.y != first.y)
                hi = mid;
              else
                lo = mid + 1;
            }
          gtk_text_buffer_get_iter_at_offset (buffer, &iter, lo - 1);
          char_rect (self, &iter, &last);
        }
      else
        lo = to;
      first.width = MAX (first.x + first.width, last.x + last.width) - MIN (first.x, last.x);
      first.x = MIN (first.x, last.x);
      add_rect (runs, run, &first);
      from = lo;
    }
}

/* The visual pieces of [start, end): characters next to each other on the
 * same display line are merged, so a span crossing a direction change
 * (a number inside Hebrew) gets one piece per visual run. @approximate
 * takes each display line's piece from its first to its last character
 * even across such a change: a few measures a line instead of one a
 * character, for marks whose exact extent does not matter. */
static GArray *
collect_runs_full (ShuTextView *self,
                   guint        start,
                   guint        end,
                   gboolean     approximate)
{
  GArray *runs = g_array_new (FALSE, FALSE, sizeof (Run));
  guint display_end = to_display (self, end);
  GtkTextIter iter, piece;
  Run run = { 0, 0, 0, -1 };

  /* Pieces between line breaks (a break shown inside the range is one
   * too, skipped): one way, by their display lines; mixed (a number or
   * Latin inside Hebrew), character by character. */
  get_iter_at_offset (self, &iter, start);
  while ((guint) gtk_text_iter_get_offset (&iter) < display_end && !gtk_text_iter_is_end (&iter))
    {
      guint from, to;
      int direction = 0;
      gboolean one_way = TRUE;

      if (is_line_break (gtk_text_iter_get_char (&iter)))
        {
          gtk_text_iter_forward_char (&iter);
          continue;
        }
      piece = iter;
      from = gtk_text_iter_get_offset (&iter);
      do
        {
          int d = char_direction (gtk_text_iter_get_char (&iter));

          if (d == 2 || (d != 0 && direction != 0 && d != direction))
            one_way = FALSE;
          else if (d != 0)
            direction = d;
          if (!gtk_text_iter_forward_char (&iter))
            break;
        }
      while ((guint) gtk_text_iter_get_offset (&iter) < display_end
             && !is_line_break (gtk_text_iter_get_char (&iter)));
      to = gtk_text_iter_get_offset (&iter);

      if (one_way || approximate)
        {
          add_one_way_piece (self, runs, &run, from, to);
          continue;
        }
      for (; gtk_text_iter_get_offset (&piece) < (int) to; gtk_text_iter_forward_char (&piece))
        {
          GdkRectangle rect;

          char_rect (self, &piece, &rect);
          add_rect (runs, &run, &rect);
        }
    }

  if (run.height >= 0)
    g_array_append_val (runs, run);

  return runs;
}

static GArray *
collect_runs (ShuTextView *self,
              guint        start,
              guint        end)
{
  return collect_runs_full (self, start, end, FALSE);
}

/* The range of offsets on screen, whole display lines. */
static void
get_visible_offsets (ShuTextView *self,
                     guint       *start,
                     guint       *end)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle visible;
  GtkTextIter first, last, limit;
  int bottom, y, height;

  gtk_text_view_get_visible_rect (view, &visible);
  bottom = visible.y + visible.height;
  gtk_text_view_get_iter_at_location (view, &first, visible.x, visible.y);
  /* The last row of pixels shown: the one below it can be the top of a
   * line off screen, which would be laid out for nothing (a paragraph
   * shaped, 14 % of a frame when jumping through the 5 MB text). */
  gtk_text_view_get_iter_at_location (view, &last, visible.x, MAX (visible.y, bottom - 1));
  gtk_text_view_backward_display_line_start (view, &first);

  /* Lines not laid out yet have no height, so right after a text is set
   * the bottom of the window can map to the end of the whole text: drawing
   * "everything visible" would then lay out every line (seconds for a few
   * megabytes). The view lays out what is on screen before it draws, so
   * the screen ends on the first line reaching below it or without a
   * height; only a point inside that line is taken as it is. */
  limit = first;
  gtk_text_iter_set_line_offset (&limit, 0);
  for (;;)
    {
      gtk_text_view_get_line_yrange (view, &limit, &y, &height);
      if (height <= 0 || y + height >= bottom || !gtk_text_iter_forward_line (&limit))
        break;
    }
  if (!gtk_text_iter_ends_line (&limit))
    gtk_text_iter_forward_to_line_end (&limit);
  /* (Moving forward from the end of a display line would go to the end of
   * the next one, and from the last line laid out, past every line.) */
  if (gtk_text_iter_compare (&last, &limit) >= 0)
    last = limit;
  else if (!gtk_text_view_forward_display_line_end (view, &last))
    /* FALSE also when @last already ends its display line (it does not
     * move): the end of the text there drew every annotation of a 5 MB
     * text, 9 s, in the first frame after a load in the background. */
    last = limit;

  *start = get_offset (self, &first);
  *end = get_offset (self, &last) + 1;
}

static void
get_annotation_color (ShuTextView   *self,
                      ShuAnnotation *annotation,
                      GdkRGBA       *color)
{
  const char *label_id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = NULL;

  if (label_id != NULL)
    label = shu_label_set_lookup (shu_annotation_store_get_labels (get_store (self)), label_id);

  if (label == NULL || !gdk_rgba_parse (color, shu_label_get_color (label)))
    gdk_rgba_parse (color, UNLABELLED_COLOR);
}

/* The fill strength of a label colour on this page (shu-color.h), kept:
 * it takes a search, and a frame can draw hundreds of highlights. */
static double
fill_alpha (ShuTextView   *self,
            const GdkRGBA *color,
            gboolean       dark)
{
  guint key = ((guint) (color->red * 255 + 0.5) << 16 | (guint) (color->green * 255 + 0.5) << 8
               | (guint) (color->blue * 255 + 0.5)) << 1 | !!dark;
  gpointer value;
  double alpha;

  if (g_hash_table_lookup_extended (self->fill_alphas, GUINT_TO_POINTER (key), NULL, &value))
    return GPOINTER_TO_UINT (value) / 1000.0;
  alpha = shu_highlight_alpha (&(ShuRgb) { color->red, color->green, color->blue }, dark);
  g_hash_table_insert (self->fill_alphas, GUINT_TO_POINTER (key),
                       GUINT_TO_POINTER ((guint) (alpha * 1000 + 0.5)));
  return alpha;
}

/* A dashed horizontal line from x0 to x1 at y, as small rectangles. */
static void
append_dashes (GtkSnapshot   *snapshot,
               const GdkRGBA *color,
               float          x0,
               float          x1,
               float          y)
{
  for (float x = x0; x < x1; x += LAYER_DASH + LAYER_GAP)
    gtk_snapshot_append_color (snapshot, color,
                               &GRAPHENE_RECT_INIT (x, y, MIN (LAYER_DASH, x1 - x), LAYER_LINE));
}

/* Label id → colour for the layers' labels (shu_label_set_layer_colors()):
 * all layers, shown or not, so that hiding one changes no other's colours. */
static GHashTable *
layer_colors (ShuTextView *self)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(ShuLabelSet) none = NULL;
  ShuAnnotationStore *store = get_store (self);

  for (guint l = 0; l < self->layers->len; l++)
    g_ptr_array_add (sets, shu_annotation_store_get_labels (
      ((Layer *) g_ptr_array_index (self->layers, l))->store));
  if (store == NULL)
    none = shu_label_set_new ();
  return shu_label_set_layer_colors (store != NULL ? shu_annotation_store_get_labels (store)
                                                   : none, sets);
}

static void
snapshot_layers (ShuTextView *self,
                 GtkSnapshot *snapshot,
                 guint        vstart,
                 guint        vend)
{
  g_autoptr(GHashTable) colors = NULL;
  guint n_visible = 0;

  self->n_layer_drawn = 0;
  /* Most frames have no layer: no colour table for them. */
  if (self->layers->len == 0)
    return;
  colors = layer_colors (self);
  for (guint l = 0; l < self->layers->len; l++)
    {
      Layer *layer = g_ptr_array_index (self->layers, l);
      g_autoptr(GPtrArray) annotations = NULL;
      ShuLabelSet *labels;
      /* Each visible layer is inset a little more, so two layers marking
       * the same words keep two outlines. */
      float inset = 2.0f * n_visible;

      if (!layer->visible)
        continue;
      n_visible++;

      labels = shu_annotation_store_get_labels (layer->store);
      annotations = shu_annotation_store_get_overlapping (layer->store, vstart, vend);
      for (guint i = 0; i < annotations->len; i++)
        {
          ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
          const ShuRange *ranges = shu_annotation_get_ranges (annotation);
          const char *label_id = shu_annotation_get_label_id (annotation);
          ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
          GdkRGBA color;

          /* A colour means one label across the user's and the layers'. */
          if (label == NULL
              || !gdk_rgba_parse (&color, g_hash_table_lookup (colors, label_id)))
            gdk_rgba_parse (&color, UNLABELLED_COLOR);
          color.alpha = LAYER_ALPHA;
          self->n_layer_drawn++;

          for (guint r = 0; r < shu_annotation_get_n_ranges (annotation); r++)
            {
              g_autoptr(GArray) runs = NULL;
              guint start = MAX (ranges[r].start, vstart);
              guint end = MIN (ranges[r].end, vend);

              if (start >= end)
                continue;

              runs = collect_runs (self, start, end);
              for (guint k = 0; k < runs->len; k++)
                {
                  const Run *run = &g_array_index (runs, Run, k);
                  float top = run->y + inset;
                  float bottom = run->y + run->height - LAYER_LINE - inset;

                  append_dashes (snapshot, &color, run->x0, run->x1, top);
                  append_dashes (snapshot, &color, run->x0, run->x1, bottom);
                  gtk_snapshot_append_color (snapshot, &color,
                                             &GRAPHENE_RECT_INIT (run->x0, top, LAYER_LINE,
                                                                  bottom - top + LAYER_LINE));
                  gtk_snapshot_append_color (snapshot, &color,
                                             &GRAPHENE_RECT_INIT (run->x1 - LAYER_LINE, top,
                                                                  LAYER_LINE,
                                                                  bottom - top + LAYER_LINE));
                }
            }
        }
    }
}

static Layer *find_layer (ShuTextView *self,
                          const char  *id,
                          guint       *index);

char *
shu_text_view_dup_layer_color (ShuTextView *self,
                               const char  *layer_id,
                               const char  *label_id)
{
  g_autoptr(GHashTable) colors = NULL;
  Layer *layer;
  ShuLabel *label;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);
  g_return_val_if_fail (layer_id != NULL, NULL);

  layer = find_layer (self, layer_id, NULL);
  if (layer == NULL)
    return NULL;
  label = shu_label_set_lookup (shu_annotation_store_get_labels (layer->store), label_id);
  if (label == NULL)
    return g_strdup (UNLABELLED_COLOR);
  colors = layer_colors (self);
  return g_strdup (g_hash_table_lookup (colors, label_id));
}

static Layer *
find_layer (ShuTextView *self,
            const char  *id,
            guint       *index)
{
  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *layer = g_ptr_array_index (self->layers, i);

      if (g_str_equal (layer->id, id))
        {
          if (index != NULL)
            *index = i;
          return layer;
        }
    }
  return NULL;
}

void
shu_text_view_add_layer (ShuTextView        *self,
                         const char         *id,
                         ShuAnnotationStore *store,
                         const char         *name)
{
  Layer *layer;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (id != NULL);
  g_return_if_fail (SHU_IS_ANNOTATION_STORE (store));

  shu_text_view_remove_layer (self, id);
  layer = g_new0 (Layer, 1);
  layer->id = g_strdup (id);
  layer->name = g_strdup (name);
  layer->store = g_object_ref (store);
  layer->visible = TRUE;
  g_ptr_array_add (self->layers, layer);
  g_signal_connect_object (store, "ranges-changed",
                           G_CALLBACK (queue_redraw_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
shu_text_view_remove_layer (ShuTextView *self,
                            const char  *id)
{
  guint index;
  Layer *layer;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (id != NULL);

  layer = find_layer (self, id, &index);
  if (layer == NULL)
    return;
  g_signal_handlers_disconnect_by_data (layer->store, self);
  g_ptr_array_remove_index (self->layers, index);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
shu_text_view_set_layer_visible (ShuTextView *self,
                                 const char  *id,
                                 gboolean     visible)
{
  Layer *layer;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (id != NULL);

  layer = find_layer (self, id, NULL);
  if (layer == NULL || layer->visible == !!visible)
    return;
  layer->visible = !!visible;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
shu_text_view_get_layer_visible (ShuTextView *self,
                                 const char  *id)
{
  Layer *layer;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  layer = find_layer (self, id, NULL);
  return layer != NULL && layer->visible;
}

guint
shu_text_view_get_n_layer_drawn (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 0);

  return self->n_layer_drawn;
}

/* Whether the view's text is light, as on a dark background. */
static gboolean
is_dark (ShuTextView *self)
{
  GdkRGBA fg;

#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), &fg);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
#endif
  return 0.299 * fg.red + 0.587 * fg.green + 0.114 * fg.blue > 0.5;
}

/* The index of the first match that ends after @offset: matches are
 * sorted and do not overlap, so their ends are sorted too. */
static guint
first_match_after (GArray *matches,
                   guint   offset)
{
  guint low = 0, high = matches->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;

      if (g_array_index (matches, ShuSearchMatch, middle).end <= offset)
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Only the matches on screen are drawn, found by a binary search: a five
 * megabyte text can have hundreds of thousands. */
static void
snapshot_matches (ShuTextView *self,
                  GtkSnapshot *snapshot,
                  guint        vstart,
                  guint        vend)
{
  gboolean dark = is_dark (self);
  GdkRGBA fill, current_fill, outline;

  gdk_rgba_parse (&fill, MATCH_COLOR);
  fill.alpha = dark ? MATCH_ALPHA_DARK : MATCH_ALPHA_LIGHT;
  gdk_rgba_parse (&current_fill, CURRENT_MATCH_COLOR);
  outline = current_fill;
  current_fill.alpha = dark ? CURRENT_MATCH_ALPHA_DARK : CURRENT_MATCH_ALPHA_LIGHT;

  for (guint i = first_match_after (self->matches, vstart); i < self->matches->len; i++)
    {
      const ShuSearchMatch *match = &g_array_index (self->matches, ShuSearchMatch, i);
      gboolean current = (int) i == self->current_match;
      g_autoptr(GArray) runs = NULL;

      if (match->start >= vend)
        break;

      self->n_matches_drawn++;
      if (current)
        self->n_current_drawn++;

      runs = collect_runs (self, MAX (match->start, vstart), MIN (match->end, vend));
      for (guint k = 0; k < runs->len; k++)
        {
          const Run *run = &g_array_index (runs, Run, k);
          graphene_rect_t area;

          graphene_rect_init (&area, run->x0, run->y, run->x1 - run->x0, run->height);
          gtk_snapshot_append_color (snapshot, current ? &current_fill : &fill, &area);
          if (current)
            {
              GskRoundedRect rect;
              const float widths[4] = { CURRENT_MATCH_LINE, CURRENT_MATCH_LINE,
                                        CURRENT_MATCH_LINE, CURRENT_MATCH_LINE };
              const GdkRGBA colors[4] = { outline, outline, outline, outline };

              graphene_rect_inset (&area, -CURRENT_MATCH_LINE, -CURRENT_MATCH_LINE);
              gsk_rounded_rect_init_from_rect (&rect, &area, 3);
              gtk_snapshot_append_border (snapshot, &rect, widths, colors);
            }
        }
    }
}

void
shu_text_view_set_find_matches (ShuTextView *self,
                                GArray      *matches,
                                int          current)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (matches == NULL
                    || g_array_get_element_size (matches) == sizeof (ShuSearchMatch));

  if (matches != NULL && matches->len == 0)
    matches = NULL;
  if (matches == self->matches && current == self->current_match)
    return;

  if (matches != self->matches)
    {
      g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->fill_alphas, g_hash_table_unref);
      self->matches = matches != NULL ? g_array_ref (matches) : NULL;
    }
  self->current_match = self->matches != NULL ? current : -1;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
shu_text_view_get_n_matches_drawn (ShuTextView *self,
                                   guint       *n_current)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 0);

  if (n_current != NULL)
    *n_current = self->n_current_drawn;
  return self->n_matches_drawn;
}

/* Suggestions (shu-suggest.h): not annotations yet, so no fill; a dashed
 * line under the words in the label's colour, thicker and lower than an
 * annotation's bar and at full strength, so that it reads on light and
 * dark pages, and by its dashes without telling colours apart. Only those
 * on screen are drawn: the first is found by a binary search on starts,
 * moved back by the longest one. */
#define SUGGESTION_DASH 5.0
#define MAX_SUGGESTIONS_COLOURED 200
#define SUGGESTION_GAP 3.0
#define SUGGESTION_LINE 2.0

static int
compare_by_label_then_place (gconstpointer a,
                             gconstpointer b)
{
  const ShuSuggestion *x = a, *y = b;
  int order = g_strcmp0 (x->label_id, y->label_id);

  return order != 0 ? order : shu_suggestion_compare (x, y);
}

static void
snapshot_suggestions (ShuTextView *self,
                      GtkSnapshot *snapshot,
                      guint        vstart,
                      guint        vend)
{
  GArray *suggestions = shu_suggest_found_get_suggestions (self->suggestions);
  ShuLabelSet *labels = shu_annotation_store_get_labels (get_store (self));
  g_autoptr(GArray) visible = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));

  /* The places on screen, then one dashed line per stretch of a label's
   * overlapping or touching places: a frequent form can be suggested every
   * few letters, and measuring each place alone cost the main loop about
   * a second a frame on the 5 MB text. */
  for (guint i = shu_suggest_found_first_reaching (self->suggestions, vstart);
       i < suggestions->len; i++)
    {
      ShuSuggestion place = g_array_index (suggestions, ShuSuggestion, i);

      if (place.start >= vend)
        break;
      place.start = MAX (place.start, vstart);
      place.end = MIN (place.end, vend);
      if (place.start < place.end)
        g_array_append_val (visible, place);
    }
  /* So many on screen that they touch one another (a text where most words
   * have been coded somewhere): one line in the neutral colour under each
   * stretch of them, whatever their labels; the sidebar lists them by label.
   * Each label's own line would cost each of their characters a measure. */
  if (visible->len > MAX_SUGGESTIONS_COLOURED)
    for (guint i = 0; i < visible->len; i++)
      g_array_index (visible, ShuSuggestion, i).label_id = NULL;
  g_array_sort (visible, compare_by_label_then_place);

  for (guint i = 0; i < visible->len;)
    {
      const ShuSuggestion *first = &g_array_index (visible, ShuSuggestion, i);
      ShuLabel *label = first->label_id != NULL ? shu_label_set_lookup (labels, first->label_id)
                                                : NULL;
      g_autoptr(GArray) runs = NULL;
      guint end = first->end;
      guint n = 1;
      GdkRGBA color;

      while (i + n < visible->len
             && g_strcmp0 (g_array_index (visible, ShuSuggestion, i + n).label_id,
                           first->label_id) == 0
             && g_array_index (visible, ShuSuggestion, i + n).start <= end)
        {
          end = MAX (end, g_array_index (visible, ShuSuggestion, i + n).end);
          n++;
        }
      if (label == NULL || !gdk_rgba_parse (&color, shu_label_get_color (label)))
        gdk_rgba_parse (&color, UNLABELLED_COLOR);

      self->n_suggestions_drawn += n;
      runs = collect_runs_full (self, first->start, end, first->label_id == NULL);
      for (guint k = 0; k < runs->len; k++)
        {
          const Run *run = &g_array_index (runs, Run, k);
          /* Below the first two annotation bars, close to its words. */
          float y = run->y + run->height + 1 + 2 * BAR_STEP;

          for (float x = run->x0; x < run->x1; x += SUGGESTION_DASH + SUGGESTION_GAP)
            gtk_snapshot_append_color (snapshot, &color,
                                       &GRAPHENE_RECT_INIT (x, y,
                                                            MIN (SUGGESTION_DASH, run->x1 - x),
                                                            SUGGESTION_LINE));
        }
      i += n;
    }
}

void
shu_text_view_set_suggestions (ShuTextView     *self,
                               ShuSuggestFound *found)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  if (found != NULL && shu_suggest_found_get_length (found) == 0)
    found = NULL;
  /* Nothing to draw again: no frame. */
  if (found == NULL && self->suggestions == NULL)
    return;
  g_clear_pointer (&self->suggestions, shu_suggest_found_unref);
  self->suggestions = found != NULL ? shu_suggest_found_ref (found) : NULL;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
shu_text_view_get_n_suggestions_drawn (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), 0);
  return self->n_suggestions_drawn;
}

/* The extent the selected annotation's handles are at: its own, or while
 * one is dragged, where it would go. */
static void
get_handle_extent (ShuTextView *self,
                   guint       *start,
                   guint       *end)
{
  *start = self->dragging ? self->drag_start : shu_annotation_get_start (self->selected);
  *end = self->dragging ? self->drag_end : shu_annotation_get_end (self->selected);
}

/* The bar of the handle at @edge of [start, end), in buffer coordinates.
 * GtkTextView gives a character's box from its leading edge, with a
 * negative width in right-to-left text: the start is the leading edge of
 * the first character, the end the trailing edge of the last, on the
 * right and the left in Hebrew. */
static void
get_handle_rect (ShuTextView  *self,
                 ShuEdge       edge,
                 guint         start,
                 guint         end,
                 GdkRectangle *rect)
{
  GtkTextIter iter;
  GdkRectangle box;
  int x;

  get_iter_at_offset (self, &iter, edge == SHU_EDGE_START ? start : end - 1);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &box);
  x = edge == SHU_EDGE_START ? box.x : box.x + box.width;
  rect->x = x;
  rect->y = box.y;
  rect->width = 0;
  rect->height = box.height;
}

static void
snapshot_handles (ShuTextView *self,
                  GtkSnapshot *snapshot)
{
  GdkRGBA color;
  guint start, end;

  get_annotation_color (self, self->selected, &color);
  color.alpha = 1.0;
  get_handle_extent (self, &start, &end);
  if (start >= end)
    return;
  /* While dragging, the extent it would take, outlined. */
  if (self->dragging)
    {
      g_autoptr(GArray) runs = collect_runs (self, start, end);
      const float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
      const GdkRGBA colors[4] = { color, color, color, color };

      for (guint k = 0; k < runs->len; k++)
        {
          const Run *run = &g_array_index (runs, Run, k);
          GskRoundedRect outline;

          gsk_rounded_rect_init_from_rect (&outline,
                                           &GRAPHENE_RECT_INIT (run->x0 - 1, run->y - 1,
                                                                run->x1 - run->x0 + 2,
                                                                run->height + 2),
                                           2);
          gtk_snapshot_append_border (snapshot, &outline, widths, colors);
        }
    }
  for (ShuEdge edge = SHU_EDGE_START; edge <= SHU_EDGE_END; edge++)
    {
      GdkRectangle rect;
      GskRoundedRect knob;
      float y;

      get_handle_rect (self, edge, start, end, &rect);
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (rect.x - HANDLE_WIDTH / 2, rect.y,
                                                      HANDLE_WIDTH, rect.height));
      y = edge == SHU_EDGE_START ? rect.y - 2 * HANDLE_KNOB + 1 : rect.y + rect.height - 1;
      gsk_rounded_rect_init_from_rect (&knob,
                                       &GRAPHENE_RECT_INIT (rect.x - HANDLE_KNOB, y,
                                                            2 * HANDLE_KNOB, 2 * HANDLE_KNOB),
                                       HANDLE_KNOB);
      gtk_snapshot_push_rounded_clip (snapshot, &knob);
      gtk_snapshot_append_color (snapshot, &color, &knob.bounds);
      gtk_snapshot_pop (snapshot);
    }
}

/* The source offset nearest to the view's point (x, y), between two
 * characters: on a character's trailing half, after it. */
static guint
get_offset_at_point (ShuTextView *self,
                     double       x,
                     double       y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  int bx, by, trailing = 0;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y,
                                         &bx, &by);
  gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by);
  if (trailing > 0)
    gtk_text_iter_forward_chars (&iter, trailing);
  return get_offset (self, &iter);
}

static void
drag_begin_cb (ShuTextView    *self,
               double          x,
               double          y,
               GtkGestureDrag *gesture)
{
  GtkGesture *g = GTK_GESTURE (gesture);
  int bx, by, best = HANDLE_REACH + 1;
  guint start, end;

  if (self->selected == NULL || get_source (self) == NULL)
    {
      gtk_gesture_set_state (g, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->dragging = FALSE;
  get_handle_extent (self, &start, &end);
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  /* The nearer of the two, for an annotation of a letter or two. */
  for (ShuEdge edge = SHU_EDGE_START; edge <= SHU_EDGE_END; edge++)
    {
      GdkRectangle rect;
      int distance;

      get_handle_rect (self, edge, start, end, &rect);
      distance = ABS (bx - rect.x);
      if (distance < best && by >= rect.y - 2 * HANDLE_KNOB
          && by < rect.y + rect.height + 2 * HANDLE_KNOB)
        {
          best = distance;
          self->drag_edge = edge;
          self->dragging = TRUE;
        }
    }
  if (!self->dragging)
    {
      /* A press anywhere else selects text as always. */
      gtk_gesture_set_state (g, GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  self->drag_start = start;
  self->drag_end = end;
  gtk_gesture_set_state (g, GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Where the dragged edge would go: the edited range is the annotation's
 * first (its start) or last (its end). */
static void
drag_update_cb (ShuTextView    *self,
                double          dx,
                double          dy,
                GtkGestureDrag *gesture)
{
  double x, y;
  guint start, end;

  if (!self->dragging || self->selected == NULL)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  start = shu_annotation_get_start (self->selected);
  end = shu_annotation_get_end (self->selected);
  /* Past the other edge, it would stay as it is. */
  shu_extent_drag_edge (get_source (self), &start, &end, self->drag_edge,
                        get_offset_at_point (self, x + dx, y + dy), self->snap_to_words);
  if (start != self->drag_start || end != self->drag_end)
    {
      self->drag_start = start;
      self->drag_end = end;
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

/* Let go: the annotation takes its new extent, one undoable step. */
static void
drag_end_cb (ShuTextView    *self,
             double          dx,
             double          dy,
             GtkGestureDrag *gesture)
{
  g_autoptr(ShuAnnotation) moved = NULL;

  if (!self->dragging || self->selected == NULL)
    return;
  drag_update_cb (self, dx, dy, gesture);
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* (The new edge is on a boundary already: no snapping again.) */
  moved = shu_extent_drag_annotation_edge (self->selected, get_source (self), self->drag_edge,
                                           self->drag_edge == SHU_EDGE_START ? self->drag_start
                                                                            : self->drag_end,
                                           FALSE);
  if (moved != NULL
      && shu_annotation_store_replace (get_store (self), moved, _("Change Extent")))
    shu_text_view_set_selected_annotation (self, moved);
}

static void
drag_cancel_cb (ShuTextView      *self,
                GdkEventSequence *sequence,
                GtkGesture       *gesture)
{
  if (!self->dragging)
    return;
  self->dragging = FALSE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* ------------------------------------------------------------ relations */

/* One link drawn: from where it starts to where it ends, in buffer
 * coordinates (the tops of the ends' words). */
typedef struct
{
  ShuRelation *relation;   /* borrowed from the store */
  const char  *name;       /* the type, or an event argument's role */
  gboolean     dashed;     /* a pair of an equivalence set */
  GdkRGBA      color;
  double       ax, ay, bx, by;
  double       top;        /* the arc's highest point */
  guint        level;
  /* Ends on two lines: up into the gap above the start's line, along it
   * to the margin, along the margin to the gap above the end's line, and
   * down into the end, so that no word between is covered. */
  gboolean     routed;
  double       margin_x;   /* where it runs along the margin */
  double       gap_a, gap_b;
} Arc;

static int
compare_arcs_by_width (gconstpointer a,
                       gconstpointer b)
{
  const Arc *x = a, *y = b;
  double wx = fabs (x->ax - x->bx), wy = fabs (y->ax - y->bx);

  return (wx > wy) - (wx < wy);
}

/* Where an arc meets the annotation @id: the middle of the top of its
 * first piece on screen; an end off screen is met at the screen's edge
 * above or below (in a straight line from the other end). */
static gboolean
relation_end_point (ShuTextView        *self,
                    const char         *id,
                    guint               vstart,
                    guint               vend,
                    const GdkRectangle *visible,
                    double             *x,
                    double             *y,
                    gboolean           *on_screen)
{
  ShuAnnotation *annotation = shu_annotation_store_lookup (get_store (self), id);
  const ShuRange *ranges;
  g_autoptr(GArray) runs = NULL;

  if (annotation == NULL)
    return FALSE;
  ranges = shu_annotation_get_ranges (annotation);
  *on_screen = FALSE;
  if (ranges[0].end <= vstart)
    *y = visible->y;
  else if (ranges[0].start >= vend)
    *y = visible->y + visible->height;
  else
    {
      const Run *run;

      runs = collect_runs (self, MAX (ranges[0].start, vstart), MIN (ranges[0].end, vend));
      if (runs->len == 0)
        return FALSE;
      run = &g_array_index (runs, Run, 0);
      *x = (run->x0 + run->x1) / 2.0;
      *y = run->y;
      *on_screen = TRUE;
    }
  return TRUE;
}

/* The annotation an arc meets for @id: the annotation itself, or for an
 * event (an event's argument may be another event) its trigger; NULL for
 * anything else. */
static const char *
arc_end_id (ShuTextView *self,
            const char  *id)
{
  ShuAnnotationStore *store = get_store (self);

  /* Events of events of ...: a loop of them ends here. */
  for (guint depth = 0; id != NULL && depth < 8; depth++)
    {
      ShuRelation *relation;

      if (shu_annotation_store_lookup (store, id) != NULL)
        return id;
      relation = shu_annotation_store_lookup_relation (store, id);
      if (relation == NULL || shu_relation_get_kind (relation) != SHU_RELATION_EVENT)
        return NULL;
      id = shu_relation_get_trigger (relation);
    }
  return NULL;
}

/* Adds the arc from annotation @a to annotation @b (or to the trigger of
 * event @b) unless neither end is on screen. */
static void
add_arc (ShuTextView        *self,
         GArray             *arcs,
         Arc                *arc,
         const char         *a,
         const char         *b,
         guint               vstart,
         guint               vend,
         const GdkRectangle *visible)
{
  gboolean a_shown, b_shown;

  a = arc_end_id (self, a);
  b = arc_end_id (self, b);
  if (a == NULL || b == NULL
      || !relation_end_point (self, a, vstart, vend, visible, &arc->ax, &arc->ay, &a_shown)
      || !relation_end_point (self, b, vstart, vend, visible, &arc->bx, &arc->by, &b_shown)
      || (!a_shown && !b_shown))
    return;
  if (!a_shown)
    arc->ax = arc->bx;
  if (!b_shown)
    arc->bx = arc->ax;
  get_annotation_color (self, shu_annotation_store_lookup (get_store (self), a), &arc->color);
  g_array_append_val (arcs, *arc);
}

/* The relations with an end among @annotations (those on screen), once
 * each, as arcs: a link from its start to its end; an event from its
 * trigger to each argument, named by the argument's role; an equivalence
 * set between consecutive members. */
static GArray *
collect_arcs (ShuTextView *self,
              GPtrArray   *annotations,
              guint        vstart,
              guint        vend)
{
  ShuAnnotationStore *store = get_store (self);
  GArray *arcs = g_array_new (FALSE, TRUE, sizeof (Arc));
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GdkRectangle visible;

  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self), &visible);
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      g_autoptr(GPtrArray) relations = shu_annotation_store_get_relations_of (
        store, shu_annotation_get_id (annotation));

      for (guint r = 0; relations != NULL && r < relations->len; r++)
        {
          ShuRelation *relation = g_ptr_array_index (relations, r);
          ShuRelationKind kind = shu_relation_get_kind (relation);
          guint n = shu_relation_get_n_arguments (relation);

          if (!g_hash_table_add (seen, (char *) shu_relation_get_id (relation)))
            continue;
          /* An event whose argument is this event meets it at its trigger,
           * on screen, wherever its own trigger is: it comes in here (the
           * store's relations outlive the frame). */
          if (kind == SHU_RELATION_EVENT)
            {
              g_autoptr(GPtrArray) outer = shu_annotation_store_get_relations_of (
                store, shu_relation_get_id (relation));

              for (guint o = 0; outer != NULL && o < outer->len; o++)
                g_ptr_array_add (relations, g_ptr_array_index (outer, o));
            }
          for (guint k = 0; k < n; k++)
            {
              Arc arc = { relation, shu_relation_get_type_name (relation) };

              if (kind == SHU_RELATION_LINK && n == 2 && k == 0)
                add_arc (self, arcs, &arc, shu_relation_get_target (relation, 0),
                         shu_relation_get_target (relation, 1), vstart, vend, &visible);
              else if (kind == SHU_RELATION_EVENT)
                {
                  if (shu_relation_get_role (relation, k) != NULL)
                    arc.name = shu_relation_get_role (relation, k);
                  add_arc (self, arcs, &arc, shu_relation_get_trigger (relation),
                           shu_relation_get_target (relation, k), vstart, vend, &visible);
                }
              else if (kind == SHU_RELATION_EQUIVALENCE && k > 0)
                {
                  arc.dashed = TRUE;
                  add_arc (self, arcs, &arc, shu_relation_get_target (relation, k - 1),
                           shu_relation_get_target (relation, k), vstart, vend, &visible);
                }
            }
        }
    }
  return arcs;
}

/* Narrow arcs lowest: an arc takes the lowest level no arc over the same
 * line and the same stretch has taken, so crossing arcs and their names
 * stand apart. */
static void
stack_arcs (GArray *arcs)
{
  g_array_sort (arcs, compare_arcs_by_width);
  for (guint i = 0; i < arcs->len; i++)
    {
      Arc *arc = &g_array_index (arcs, Arc, i);
      double line = MIN (arc->ay, arc->by);
      double x0 = MIN (arc->ax, arc->bx), x1 = MAX (arc->ax, arc->bx);
      guint taken = 0;

      for (guint j = 0; j < i; j++)
        {
          const Arc *other = &g_array_index (arcs, Arc, j);

          if (MIN (other->ay, other->by) == line
              && MIN (other->ax, other->bx) <= x1 + 4 && MAX (other->ax, other->bx) >= x0 - 4)
            taken |= 1u << other->level;
        }
      while (arc->level < RELATION_LEVELS - 1 && (taken & (1u << arc->level)))
        arc->level++;
      arc->top = line - RELATION_RISE - arc->level * RELATION_STEP;
    }
}

/* Ends on two lines are routed around the words between (Arc): along
 * the nearer margin, each level a little further out. */
static void
route_arcs (ShuTextView *self,
            GArray      *arcs)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle visible;
  double left, right;

  gtk_text_view_get_visible_rect (view, &visible);
  left = gtk_text_view_get_left_margin (view) / 2.0;
  right = visible.width - gtk_text_view_get_right_margin (view) / 2.0;
  for (guint i = 0; i < arcs->len; i++)
    {
      Arc *arc = &g_array_index (arcs, Arc, i);
      double out = arc->level * RELATION_STEP;

      arc->routed = fabs (arc->ay - arc->by) > 1;
      if (!arc->routed)
        continue;
      arc->gap_a = arc->ay - RELATION_RISE - out;
      arc->gap_b = arc->by - RELATION_RISE - out;
      arc->margin_x = (arc->ax + arc->bx) / 2.0 < visible.width / 2.0 ? left - out : right + out;
    }
}

/* The corners of a routed arc's line, from its start to its end. */
static void
route_points (const Arc        *arc,
              graphene_point_t  points[6])
{
  points[0] = GRAPHENE_POINT_INIT (arc->ax, arc->ay);
  points[1] = GRAPHENE_POINT_INIT (arc->ax, arc->gap_a);
  points[2] = GRAPHENE_POINT_INIT (arc->margin_x, arc->gap_a);
  points[3] = GRAPHENE_POINT_INIT (arc->margin_x, arc->gap_b);
  points[4] = GRAPHENE_POINT_INIT (arc->bx, arc->gap_b);
  points[5] = GRAPHENE_POINT_INIT (arc->bx, arc->by - 1);
}

/* The line an arc follows, as points along it (its curve sampled). */
static GArray *
arc_polyline (const Arc *arc)
{
  GArray *points = g_array_new (FALSE, FALSE, sizeof (graphene_point_t));

  if (arc->routed)
    {
      graphene_point_t corners[6];

      route_points (arc, corners);
      g_array_append_vals (points, corners, G_N_ELEMENTS (corners));
      return points;
    }
  for (guint i = 0; i <= 32; i++)
    {
      double t = i / 32.0, u = 1 - t;
      graphene_point_t p = GRAPHENE_POINT_INIT (
        u * u * u * arc->ax + 3 * u * u * t * arc->ax + 3 * u * t * t * arc->bx
        + t * t * t * arc->bx,
        u * u * u * arc->ay + 3 * u * u * t * arc->top + 3 * u * t * t * arc->top
        + t * t * t * (arc->by - 1));

      g_array_append_val (points, p);
    }
  return points;
}

static void
draw_arc (cairo_t   *cr,
          const Arc *arc)
{
  /* Into the end from above: the arrowhead points down at its words. */
  gdk_cairo_set_source_rgba (cr, &arc->color);
  cairo_set_line_width (cr, RELATION_LINE);
  if (arc->routed)
    {
      graphene_point_t p[6];

      /* Straight runs with small rounded corners. */
      route_points (arc, p);
      cairo_move_to (cr, p[0].x, p[0].y);
      for (guint i = 1; i < 5; i++)
        {
          double in_x = p[i].x - p[i - 1].x, in_y = p[i].y - p[i - 1].y;
          double out_x = p[i + 1].x - p[i].x, out_y = p[i + 1].y - p[i].y;
          double r_in = MIN (4.0, MAX (fabs (in_x), fabs (in_y)) / 2.0);
          double r_out = MIN (4.0, MAX (fabs (out_x), fabs (out_y)) / 2.0);
          double r = MIN (r_in, r_out);

          cairo_line_to (cr, p[i].x - (in_x > 0 ? r : in_x < 0 ? -r : 0),
                         p[i].y - (in_y > 0 ? r : in_y < 0 ? -r : 0));
          cairo_curve_to (cr, p[i].x, p[i].y, p[i].x, p[i].y,
                          p[i].x + (out_x > 0 ? r : out_x < 0 ? -r : 0),
                          p[i].y + (out_y > 0 ? r : out_y < 0 ? -r : 0));
        }
      cairo_line_to (cr, p[5].x, p[5].y);
    }
  else
    {
      cairo_move_to (cr, arc->ax, arc->ay);
      cairo_curve_to (cr, arc->ax, arc->top, arc->bx, arc->top, arc->bx, arc->by - 1);
    }
  if (arc->dashed)
    {
      /* An equivalence has no direction: a light dashed line, no head. */
      static const double dashes[] = { 3.0, 3.0 };

      cairo_save (cr);
      cairo_set_dash (cr, dashes, G_N_ELEMENTS (dashes), 0);
      cairo_set_source_rgba (cr, arc->color.red, arc->color.green, arc->color.blue, 0.55);
      cairo_stroke (cr);
      cairo_restore (cr);
      return;
    }
  cairo_stroke (cr);
  cairo_move_to (cr, arc->bx, arc->by);
  cairo_line_to (cr, arc->bx - RELATION_ARROW, arc->by - RELATION_ARROW * 1.5);
  cairo_line_to (cr, arc->bx + RELATION_ARROW, arc->by - RELATION_ARROW * 1.5);
  cairo_close_path (cr);
  cairo_fill (cr);
}

/* The type's name on the arc's top, on a small plate of the page's colour
 * so that a crossing arc does not run through it. */
/* Where a name of @width fits along its arc's top without covering the
 * names already placed (@plates): the middle if free, else the nearest
 * free place toward either end; the middle when none is. */
static double
place_name (const Arc *arc,
            double     y,
            double     width,
            double     height,
            GArray    *plates)
{
  double x0 = MIN (arc->ax, arc->bx), x1 = MAX (arc->ax, arc->bx);
  double middle = (arc->ax + arc->bx) / 2.0 - width / 2.0;

  for (int step = 0; step < 12; step++)
    {
      double x = middle + (step % 2 == 0 ? 1 : -1) * ((step + 1) / 2) * (width / 2.0 + 4);
      graphene_rect_t plate = GRAPHENE_RECT_INIT (x - 3, y, width + 6, height);
      gboolean free = TRUE;

      if (step > 0 && (x < x0 - width / 2.0 || x + width > x1 + width / 2.0))
        continue;
      for (guint i = 0; i < plates->len && free; i++)
        free = !graphene_rect_intersection (&plate, &g_array_index (plates, graphene_rect_t, i),
                                            NULL);
      if (free)
        return x;
    }
  return middle;
}

static void
draw_arc_name (ShuTextView *self,
               GtkSnapshot *snapshot,
               const Arc   *arc,
               GArray      *plates)
{
  g_autofree char *shown = shu_text_make_bidi_visible (arc->name);
  g_autoptr(PangoLayout) layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), shown);
  PangoAttrList *attrs = pango_attr_list_new ();
  GdkRGBA plate = is_dark (self) ? (GdkRGBA) { 0.14, 0.14, 0.14, 0.92 }
                                 : (GdkRGBA) { 1, 1, 1, 0.92 };
  GdkRGBA ink = arc->color;
  GskRoundedRect rounded;
  PangoRectangle logical;
  double x, y;

  pango_attr_list_insert (attrs, pango_attr_scale_new (RELATION_NAME_SCALE));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_SEMIBOLD));
  pango_layout_set_attributes (layout, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_extents (layout, NULL, &logical);

  y = arc->top - logical.height / 2.0 + 0.75 * (arc->top - MIN (arc->ay, arc->by)) / 2.0;
  x = place_name (arc, y, logical.width, logical.height, plates);
  g_array_append_val (plates, GRAPHENE_RECT_INIT (x - 3, y, logical.width + 6, logical.height));
  gsk_rounded_rect_init_from_rect (&rounded,
                                   &GRAPHENE_RECT_INIT (x - 3, y, logical.width + 6,
                                                        logical.height),
                                   3);
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, &plate, &rounded.bounds);
  gtk_snapshot_pop (snapshot);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, layout, &ink);
  gtk_snapshot_restore (snapshot);
}

/* The links among the annotations on screen (already found for their
 * highlights): nothing is looked at beyond them. */
static void
snapshot_relations (ShuTextView *self,
                    GtkSnapshot *snapshot,
                    GPtrArray   *annotations,
                    guint        vstart,
                    guint        vend,
                    gboolean     dark)
{
  g_autoptr(GArray) arcs = NULL;
  g_autoptr(GArray) plates = NULL;
  GdkRectangle visible;
  cairo_t *cr;

  g_ptr_array_set_size (self->relations_drawn, 0);
  g_ptr_array_set_size (self->relation_paths, 0);
  if (shu_annotation_store_get_n_relations (get_store (self)) == 0)
    return;
  arcs = collect_arcs (self, annotations, vstart, vend);
  if (arcs->len == 0)
    return;
  stack_arcs (arcs);
  route_arcs (self, arcs);
  /* Lines and names in the start's label colour, taken halfway to the
   * text's (black or white) for contrast: a pale label's fill is light,
   * but its arc must read as a line. */
  for (guint i = 0; i < arcs->len; i++)
    {
      GdkRGBA *ink = &g_array_index (arcs, Arc, i).color;

      ink->red = dark ? 0.5 + ink->red / 2 : ink->red / 2;
      ink->green = dark ? 0.5 + ink->green / 2 : ink->green / 2;
      ink->blue = dark ? 0.5 + ink->blue / 2 : ink->blue / 2;
      ink->alpha = 1;
    }

  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (self), &visible);
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (visible.x, visible.y,
                                                                 visible.width,
                                                                 visible.height));
  for (guint i = 0; i < arcs->len; i++)
    draw_arc (cr, &g_array_index (arcs, Arc, i));
  cairo_destroy (cr);
  plates = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  for (guint i = 0; i < arcs->len; i++)
    {
      const Arc *arc = &g_array_index (arcs, Arc, i);

      /* An equivalence's line says enough without its name. A routed
       * arc is named on its run above the end's line, where the reader
       * follows it to the arrow. */
      if (!arc->dashed && arc->routed)
        {
          Arc run = *arc;

          run.ax = arc->margin_x;
          run.ay = arc->by;
          run.top = arc->gap_b;
          draw_arc_name (self, snapshot, &run, plates);
        }
      else if (!arc->dashed)
        draw_arc_name (self, snapshot, arc, plates);
      g_ptr_array_add (self->relations_drawn, g_strdup (arc->name));
      g_ptr_array_add (self->relation_paths, arc_polyline (arc));
    }
}

GPtrArray *
shu_text_view_dup_relation_paths (ShuTextView *self)
{
  GPtrArray *paths;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < self->relation_paths->len; i++)
    g_ptr_array_add (paths, g_array_ref (g_ptr_array_index (self->relation_paths, i)));
  return paths;
}

GStrv
shu_text_view_dup_relations_drawn (ShuTextView *self)
{
  GStrvBuilder *builder;
  GStrv drawn;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->relations_drawn->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->relations_drawn, i));
  drawn = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return drawn;
}

/* Room above the lines for the arcs, only while the text has relations:
 * a text without them keeps its lines' spacing. */
static void
update_relation_room (ShuTextView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  gboolean room = self->document != NULL
    && shu_annotation_store_get_n_relations (get_store (self)) > 0;
  int above = 2 + (room ? RELATION_ROOM : 0);

  if (gtk_text_view_get_pixels_above_lines (view) != above)
    {
      gtk_text_view_set_pixels_above_lines (view, above);
      gtk_text_view_set_pixels_inside_wrap (view, LINE_GAP + (room ? RELATION_ROOM : 0));
    }
}

static void
relations_changed_cb (ShuTextView *self)
{
  update_relation_room (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
shu_text_view_snapshot_layer (GtkTextView      *view,
                              GtkTextViewLayer  layer,
                              GtkSnapshot      *snapshot)
{
  ShuTextView *self = SHU_TEXT_VIEW (view);
  g_autoptr(GPtrArray) annotations = NULL;
  g_autoptr(GArray) level_ends = NULL;
  guint vstart, vend;
  gboolean dark;

  if (GTK_TEXT_VIEW_CLASS (shu_text_view_parent_class)->snapshot_layer != NULL)
    GTK_TEXT_VIEW_CLASS (shu_text_view_parent_class)->snapshot_layer (view, layer, snapshot);

  /* The handles of the selected annotation, over the glyphs. */
  if (layer == GTK_TEXT_VIEW_LAYER_ABOVE_TEXT && self->document != NULL && self->selected != NULL)
    snapshot_handles (self, snapshot);
  /* This layer is drawn in buffer coordinates, beneath the glyphs. */
  if (layer != GTK_TEXT_VIEW_LAYER_BELOW_TEXT || self->document == NULL)
    return;
  self->n_matches_drawn = 0;
  self->n_current_drawn = 0;
  self->n_suggestions_drawn = 0;
  g_ptr_array_set_size (self->relations_drawn, 0);
  /* Finding what is on screen costs a walk over the visible layout, a lot
   * in a long paragraph: not worth it when nothing can be drawn. */
  if (g_list_model_get_n_items (G_LIST_MODEL (get_store (self))) == 0 && self->matches == NULL
      && self->suggestions == NULL)
    return;

  get_visible_offsets (self, &vstart, &vend);
  dark = is_dark (self);
  prepare_rects (self, to_display (self, vstart), to_display (self, vend) + 1);
  /* Matches first: an annotation's fill over a match keeps its colour. */
  if (self->matches != NULL)
    snapshot_matches (self, snapshot, vstart, vend);
  annotations = shu_annotation_store_get_overlapping (get_store (self), vstart, vend);
  level_ends = g_array_new (FALSE, TRUE, sizeof (guint));

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const ShuRange *ranges = shu_annotation_get_ranges (annotation);
      guint n_ranges = shu_annotation_get_n_ranges (annotation);
      gboolean selected = self->selected != NULL
        && g_strcmp0 (shu_annotation_get_id (self->selected),
                      shu_annotation_get_id (annotation)) == 0;
      GdkRGBA color, fill, bar;
      guint level;

      /* Overlapping annotations take different stack levels (the lowest
       * free one, as the list is sorted by start), so each keeps its own
       * bar under the line while the fills add up and darken. */
      for (level = 0; level < level_ends->len; level++)
        {
          if (g_array_index (level_ends, guint, level) <= shu_annotation_get_start (annotation))
            break;
        }
      if (level == level_ends->len)
        g_array_set_size (level_ends, level + 1);
      g_array_index (level_ends, guint, level) = shu_annotation_get_end (annotation);

      get_annotation_color (self, annotation, &color);
      fill = color;
      /* As strong as the label's colour needs to be seen on this page,
       * and no stronger than the text's contrast allows (shu-color.h). */
      fill.alpha = selected && self->flash_id != 0 ? FLASH_ALPHA : fill_alpha (self, &color, dark);
      bar = color;
      bar.alpha = BAR_ALPHA;

      for (guint r = 0; r < n_ranges; r++)
        {
          g_autoptr(GArray) runs = NULL;
          guint start = MAX (ranges[r].start, vstart);
          guint end = MIN (ranges[r].end, vend);

          if (start >= end)
            continue;

          runs = collect_runs (self, start, end);
          for (guint k = 0; k < runs->len; k++)
            {
              const Run *run = &g_array_index (runs, Run, k);
              graphene_rect_t area;
              float bar_y;

              graphene_rect_init (&area, run->x0, run->y,
                                  run->x1 - run->x0, run->height);
              gtk_snapshot_append_color (snapshot, &fill, &area);

              bar_y = run->y + run->height + 1 + MIN (level, MAX_BAR_LEVELS - 1) * BAR_STEP;
              graphene_rect_init (&area, run->x0, bar_y, run->x1 - run->x0, BAR_HEIGHT);
              gtk_snapshot_append_color (snapshot, &bar, &area);

              if (selected)
                {
                  GskRoundedRect outline;
                  const float widths[4] = { 1.5, 1.5, 1.5, 1.5 };
                  const GdkRGBA colors[4] = { bar, bar, bar, bar };

                  gsk_rounded_rect_init_from_rect (&outline,
                                                   &GRAPHENE_RECT_INIT (run->x0 - 1, run->y - 1,
                                                                        run->x1 - run->x0 + 2,
                                                                        run->height + 2),
                                                   2);
                  gtk_snapshot_append_border (snapshot, &outline, widths, colors);
                }
            }
        }
    }

  snapshot_layers (self, snapshot, vstart, vend);
  if (self->suggestions != NULL)
    snapshot_suggestions (self, snapshot, vstart, vend);
  snapshot_relations (self, snapshot, annotations, vstart, vend, dark);
}

static int
compare_by_length (gconstpointer a,
                   gconstpointer b)
{
  ShuAnnotation *x = *(ShuAnnotation **) a;
  ShuAnnotation *y = *(ShuAnnotation **) b;
  guint lx = shu_annotation_get_end (x) - shu_annotation_get_start (x);
  guint ly = shu_annotation_get_end (y) - shu_annotation_get_start (y);

  return (lx > ly) - (lx < ly);
}

GPtrArray *
shu_text_view_get_annotations_at (ShuTextView *self,
                                  double       x,
                                  double       y)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  GdkRectangle rect;
  GPtrArray *found;
  int bx, by, trailing;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  if (self->document == NULL)
    return g_ptr_array_new ();

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  /* The character under the point, not the nearest cursor position: in
   * the trailing half of a character (the left half of a Hebrew letter)
   * that would be the next one. */
  if (!gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by))
    return g_ptr_array_new ();

  /* Past the end of a line the nearest character is not under the
   * pointer: only a point inside the character's box counts. */
  get_char_rect (view, &iter, &rect);
  if (bx < rect.x || bx >= rect.x + rect.width || by < rect.y || by >= rect.y + rect.height)
    return g_ptr_array_new ();

  found = shu_annotation_store_get_covering (get_store (self), get_offset (self, &iter));
  g_ptr_array_sort (found, compare_by_length);
  return found;
}

/* The layer annotations under a point, as "Layer: Label" lines with their
 * comments, escaped for markup. */
static void
append_layer_tooltip (ShuTextView *self,
                      int          x,
                      int          y,
                      GString     *markup)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  GdkRectangle rect;
  int bx, by, trailing;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by))
    return;
  get_char_rect (view, &iter, &rect);
  if (bx < rect.x || bx >= rect.x + rect.width || by < rect.y || by >= rect.y + rect.height)
    return;

  for (guint l = 0; l < self->layers->len; l++)
    {
      Layer *layer = g_ptr_array_index (self->layers, l);
      g_autoptr(GPtrArray) found = NULL;
      ShuLabelSet *labels = shu_annotation_store_get_labels (layer->store);

      if (!layer->visible)
        continue;
      found = shu_annotation_store_get_covering (layer->store, get_offset (self, &iter));
      for (guint i = 0; i < found->len; i++)
        {
          ShuAnnotation *annotation = g_ptr_array_index (found, i);
          const char *label_id = shu_annotation_get_label_id (annotation);
          ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
          const char *comment = shu_annotation_get_comment (annotation);
          g_autofree char *line = NULL;
          g_autofree char *escaped = NULL;

          /* Translators: a layer's name (an annotator) and a label name. */
          line = g_strdup_printf (_("%s: %s"), layer->name != NULL ? layer->name : "",
                                  label != NULL ? shu_label_get_name (label) : _("No label"));
          escaped = g_markup_escape_text (line, -1);
          if (markup->len > 0)
            g_string_append (markup, "\n\n");
          g_string_append_printf (markup, "<i>%s</i>", escaped);
          if (comment != NULL)
            {
              g_autofree char *text = g_markup_escape_text (comment, -1);

              g_string_append_printf (markup, "\n%s", text);
            }
        }
    }
}

static gboolean
query_tooltip_cb (ShuTextView *self,
                  int          x,
                  int          y,
                  gboolean     keyboard_mode,
                  GtkTooltip  *tooltip)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GString) markup = NULL;
  ShuLabelSet *labels;

  if (keyboard_mode || self->document == NULL)
    return FALSE;
  /* It would cover the menu's first items, next to the pointer. */
  if (self->context_popover != NULL
      && gtk_widget_get_visible (GTK_WIDGET (self->context_popover)))
    return FALSE;

  found = shu_text_view_get_annotations_at (self, x, y);
  markup = g_string_new (NULL);
  if (found->len == 0)
    {
      append_layer_tooltip (self, x, y, markup);
      if (markup->len == 0)
        return FALSE;
      gtk_tooltip_set_markup (tooltip, markup->str);
      return TRUE;
    }

  labels = shu_annotation_store_get_labels (get_store (self));
  for (guint i = 0; i < found->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (found, i);
      GPtrArray *comments = shu_annotation_get_comments (annotation);
      const char *label_id = shu_annotation_get_label_id (annotation);
      ShuLabel *label = label_id != NULL ? shu_label_set_lookup (labels, label_id) : NULL;
      g_autofree char *name = NULL;

      if (i > 0)
        g_string_append (markup, "\n\n");

      /* Escaped, and with bidi controls shown (shu-text.h): user text. */
      {
        g_autofree char *shown = shu_text_make_bidi_visible (label != NULL
                                                             ? shu_label_get_name (label)
                                                             : _("No label"));

        name = g_markup_escape_text (shown, -1);
      }
      g_string_append_printf (markup, "<b>%s</b>", name);

      for (guint c = 0; c < comments->len; c++)
        {
          g_autofree char *text = NULL;

          g_autofree char *shown =
            shu_text_make_bidi_visible (shu_comment_get_text (g_ptr_array_index (comments, c)));

          text = g_markup_escape_text (shown, -1);
          g_string_append_printf (markup, "\n%s", text);
        }
    }

  append_layer_tooltip (self, x, y, markup);
  gtk_tooltip_set_markup (tooltip, markup->str);
  return TRUE;
}

gboolean
shu_text_view_get_snap_to_words (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);

  return self->snap_to_words;
}

void
shu_text_view_set_snap_to_words (ShuTextView *self,
                                 gboolean     snap_to_words)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  if (self->snap_to_words == !!snap_to_words)
    return;
  self->snap_to_words = !!snap_to_words;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SNAP_TO_WORDS]);
}

void
shu_text_view_finish_mouse_selection (ShuTextView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter insert, bound;
  guint ins, bnd, start, end;

  g_return_if_fail (SHU_IS_TEXT_VIEW (self));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  if (!self->snap_to_words || get_source (self) == NULL
      || !gtk_text_buffer_get_has_selection (buffer))
    return;
  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
  ins = get_offset (self, &insert);
  bnd = get_offset (self, &bound);
  start = MIN (ins, bnd);
  end = MAX (ins, bnd);
  shu_extent_snap_to_words (get_source (self), &start, &end);
  /* The cursor stays at the end the pointer was dragged to. */
  get_iter_at_offset (self, &insert, ins < bnd ? start : end);
  get_iter_at_offset (self, &bound, ins < bnd ? end : start);
  gtk_text_buffer_select_range (buffer, &insert, &bound);
}

static void
click_released_cb (ShuTextView     *self,
                   int              n_press,
                   double           x,
                   double           y,
                   GtkGestureClick *gesture)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GPtrArray) found = NULL;

  /* A drag that selected text is a selection, not a click on a highlight;
   * a drag that started or ended inside a word takes the word. */
  if (n_press == 1)
    shu_text_view_finish_mouse_selection (self);
  if (n_press != 1 || gtk_text_buffer_get_has_selection (buffer))
    return;

  found = shu_text_view_get_annotations_at (self, x, y);
  if (found->len == 0)
    return;

  shu_text_view_set_selected_annotation (self, g_ptr_array_index (found, 0));
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, g_ptr_array_index (found, 0));
}

GMenuModel *
shu_text_view_get_context_menu (ShuTextView *self)
{
  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), NULL);

  return self->context_menu;
}

void
shu_text_view_set_context_menu (ShuTextView *self,
                                GMenuModel  *menu)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (menu == NULL || G_IS_MENU_MODEL (menu));

  if (!g_set_object (&self->context_menu, menu))
    return;
  if (self->context_popover != NULL)
    gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_popover), menu);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTEXT_MENU]);
}

/* Whether @offset lies inside the text's selection. */
static gboolean
selection_contains (ShuTextView *self,
                    guint        offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  return gtk_text_buffer_get_selection_bounds (buffer, &start, &end)
         && (guint) get_offset (self, &start) <= offset
         && offset < (guint) get_offset (self, &end);
}

gboolean
shu_text_view_popup_context_menu (ShuTextView *self,
                                  double       x,
                                  double       y)
{
  GtkTextBuffer *buffer;
  g_autoptr(GPtrArray) found = NULL;
  GtkTextIter iter;
  int bx, by;

  g_return_val_if_fail (SHU_IS_TEXT_VIEW (self), FALSE);

  if (self->context_menu == NULL || self->document == NULL)
    return FALSE;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y,
                                         &bx, &by);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by);

  /* The menu acts on what was clicked: the selection when the click is in
   * it (a click outside drops it, as in an editor), and the highlight
   * under the pointer (the innermost), never one selected elsewhere. */
  if (!selection_contains (self, get_offset (self, &iter)))
    gtk_text_buffer_select_range (buffer, &iter, &iter);
  found = shu_text_view_get_annotations_at (self, x, y);
  shu_text_view_set_selected_annotation (self, found->len > 0
                                               ? g_ptr_array_index (found, 0) : NULL);

  /* The owner brings the menu up to date with what it now acts on. */
  g_signal_emit (self, signals[PREPARE_CONTEXT_MENU], 0);

  if (self->context_popover == NULL)
    {
      self->context_popover = GTK_POPOVER (gtk_popover_menu_new_from_model (self->context_menu));
      gtk_popover_set_has_arrow (self->context_popover, FALSE);
      gtk_widget_set_halign (GTK_WIDGET (self->context_popover), GTK_ALIGN_START);
      gtk_widget_set_parent (GTK_WIDGET (self->context_popover), GTK_WIDGET (self));
    }
  gtk_popover_set_pointing_to (self->context_popover, &(GdkRectangle) { x, y, 1, 1 });
  gtk_popover_popup (self->context_popover);
  return TRUE;
}

/* A right click opens the view's own menu instead of GtkTextView's, whose
 * Cut, Paste and Undo mean nothing in a text that cannot be edited. */
static void
context_click_pressed_cb (ShuTextView     *self,
                          int              n_press,
                          double           x,
                          double           y,
                          GtkGestureClick *gesture)
{
  GtkGestureSingle *single = GTK_GESTURE_SINGLE (gesture);
  GdkEvent *event = gtk_gesture_get_last_event (GTK_GESTURE (gesture),
                                                gtk_gesture_single_get_current_sequence (single));

  if (n_press != 1 || event == NULL || !gdk_event_triggers_context_menu (event))
    return;
  if (shu_text_view_popup_context_menu (self, x, y))
    gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

/* The Menu key and Shift+F10 open it at the cursor. */
static gboolean
context_key_pressed_cb (ShuTextView           *self,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GtkEventControllerKey *controller)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter at, end;
  GdkRectangle area;
  int wx, wy;

  state &= gtk_accelerator_get_default_mod_mask ();
  if (!(keyval == GDK_KEY_Menu && state == 0)
      && !(keyval == GDK_KEY_F10 && state == GDK_SHIFT_MASK))
    return GDK_EVENT_PROPAGATE;

  /* On the selection's first character, inside it, so the menu keeps it;
   * without one, on the character after the cursor. */
  if (!gtk_text_buffer_get_selection_bounds (buffer, &at, &end))
    gtk_text_buffer_get_iter_at_mark (buffer, &at, gtk_text_buffer_get_insert (buffer));
  get_char_rect (GTK_TEXT_VIEW (self), &at, &area);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         area.x + area.width / 2, area.y + area.height / 2,
                                         &wx, &wy);
  return shu_text_view_popup_context_menu (self, wx, wy) ? GDK_EVENT_STOP : GDK_EVENT_PROPAGATE;
}

void
shu_text_view_attach_popover (ShuTextView *self,
                              GtkPopover  *popover)
{
  g_return_if_fail (SHU_IS_TEXT_VIEW (self));
  g_return_if_fail (GTK_IS_POPOVER (popover));
  g_return_if_fail (self->popover == NULL);

  self->popover = popover;
  gtk_widget_set_parent (GTK_WIDGET (popover), GTK_WIDGET (self));
}

/* The side margins that centre a page of MEASURE_CHARS characters in
 * @width: a line of 150 characters across a wide window is hard to read,
 * the eye loses the next line's start. */
static int
page_margin (ShuTextView *self,
             int          width)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontMetrics *metrics;
  int char_width;

  /* Hebrew's letters, whatever the interface's language: the text's. */
  metrics = pango_context_get_metrics (context, NULL, pango_language_from_string ("he"));
  char_width = pango_font_metrics_get_approximate_char_width (metrics);
  pango_font_metrics_unref (metrics);
  return MAX (MIN_MARGIN, (width - MEASURE_CHARS * char_width / PANGO_SCALE) / 2);
}

static void
shu_text_view_size_allocate (GtkWidget *widget,
                             int        width,
                             int        height,
                             int        baseline)
{
  ShuTextView *self = SHU_TEXT_VIEW (widget);
  int margin = page_margin (self, width);

  /* Before the lines are laid out at the allocated width. */
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), margin);
  gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), margin);

  GTK_WIDGET_CLASS (shu_text_view_parent_class)->size_allocate (widget, width, height, baseline);

  if (self->popover != NULL)
    gtk_popover_present (self->popover);
  if (self->context_popover != NULL)
    gtk_popover_present (self->context_popover);
}

/* A menu left open as the window goes: closed first. GTK 4.8 otherwise
 * can ask a destroyed popover surface for the pointer (a tooltip timeout
 * the menu's opening under the pointer started). */
static void
shu_text_view_unmap (GtkWidget *widget)
{
  ShuTextView *self = SHU_TEXT_VIEW (widget);

  if (self->context_popover != NULL)
    gtk_popover_popdown (self->context_popover);
  GTK_WIDGET_CLASS (shu_text_view_parent_class)->unmap (widget);
}

static void
shu_text_view_dispose (GObject *object)
{
  ShuTextView *self = SHU_TEXT_VIEW (object);

  if (self->popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->popover));
      self->popover = NULL;
    }
  if (self->context_popover != NULL)
    {
      gtk_widget_unparent (GTK_WIDGET (self->context_popover));
      self->context_popover = NULL;
    }
  g_clear_object (&self->context_menu);
  if (self->document != NULL)
    g_signal_handlers_disconnect_by_data (get_store (self), self);
  while (self->layers != NULL && self->layers->len > 0)
    shu_text_view_remove_layer (self, ((Layer *) g_ptr_array_index (self->layers, 0))->id);
  g_clear_object (&self->document);
  g_clear_object (&self->selected);
  g_clear_handle_id (&self->flash_id, g_source_remove);
#if GTK_CHECK_VERSION (4, 10, 0)
  if (self->font_provider != NULL)
    {
      gtk_style_context_remove_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                     GTK_STYLE_PROVIDER (self->font_provider));
      g_clear_object (&self->font_provider);
    }
#endif
  if (self->reveal_tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->reveal_tick_id);
      self->reveal_tick_id = 0;
    }

  G_OBJECT_CLASS (shu_text_view_parent_class)->dispose (object);
}

static void
shu_text_view_finalize (GObject *object)
{
  ShuTextView *self = SHU_TEXT_VIEW (object);

  g_clear_pointer (&self->layers, g_ptr_array_unref);
  g_clear_pointer (&self->relations_drawn, g_ptr_array_unref);
  g_clear_pointer (&self->relation_paths, g_ptr_array_unref);
  g_clear_pointer (&self->suggestions, shu_suggest_found_unref);
  g_clear_pointer (&self->frame_rects, g_array_unref);
  g_clear_pointer (&self->matches, g_array_unref);
  g_clear_pointer (&self->fill_alphas, g_hash_table_unref);
  g_clear_pointer (&self->breaks, g_array_unref);
  g_clear_pointer (&self->parts, g_array_unref);

  g_clear_object (&self->font_provider);
  g_free (self->font_class);
  g_clear_object (&self->desktop_settings);
  g_free (self->font);
  g_free (self->caret_description);

  G_OBJECT_CLASS (shu_text_view_parent_class)->finalize (object);
}

static void
shu_text_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ShuTextView *self = SHU_TEXT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_JOIN_LINES:
      g_value_set_boolean (value, self->join_lines);
      break;
    case PROP_FONT_SCALE:
      g_value_set_double (value, self->font_scale);
      break;
    case PROP_FONT:
      g_value_set_string (value, self->font);
      break;
    case PROP_SNAP_TO_WORDS:
      g_value_set_boolean (value, self->snap_to_words);
      break;
    case PROP_SELECTED_ANNOTATION:
      g_value_set_object (value, self->selected);
      break;
    case PROP_CONTEXT_MENU:
      g_value_set_object (value, self->context_menu);
      break;
    case PROP_PART:
      g_value_set_uint (value, self->part);
      break;
    case PROP_N_PARTS:
      g_value_set_uint (value, shu_text_view_get_n_parts (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_text_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ShuTextView *self = SHU_TEXT_VIEW (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      shu_text_view_set_document (self, g_value_get_object (value));
      break;
    case PROP_JOIN_LINES:
      shu_text_view_set_join_lines (self, g_value_get_boolean (value));
      break;
    case PROP_FONT_SCALE:
      shu_text_view_set_font_scale (self, g_value_get_double (value));
      break;
    case PROP_FONT:
      shu_text_view_set_font (self, g_value_get_string (value));
      break;
    case PROP_SNAP_TO_WORDS:
      shu_text_view_set_snap_to_words (self, g_value_get_boolean (value));
      break;
    case PROP_SELECTED_ANNOTATION:
      shu_text_view_set_selected_annotation (self, g_value_get_object (value));
      break;
    case PROP_CONTEXT_MENU:
      shu_text_view_set_context_menu (self, g_value_get_object (value));
      break;
    case PROP_PART:
      shu_text_view_set_part (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_text_view_class_init (ShuTextViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = shu_text_view_dispose;
  object_class->finalize = shu_text_view_finalize;
  object_class->get_property = shu_text_view_get_property;
  object_class->set_property = shu_text_view_set_property;

  widget_class->size_allocate = shu_text_view_size_allocate;
  widget_class->unmap = shu_text_view_unmap;

  text_view_class->snapshot_layer = shu_text_view_snapshot_layer;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         SHU_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_JOIN_LINES] =
    g_param_spec_boolean ("join-lines", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT_SCALE] =
    g_param_spec_double ("font-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FONT] =
    g_param_spec_string ("font", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SNAP_TO_WORDS] =
    g_param_spec_boolean ("snap-to-words", NULL, NULL,
                          TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ANNOTATION] =
    g_param_spec_object ("selected-annotation", NULL, NULL,
                         SHU_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT_MENU] =
    g_param_spec_object ("context-menu", NULL, NULL,
                         G_TYPE_MENU_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The part of a long text shown (0 when it is shown whole). */
  properties[PROP_PART] =
    g_param_spec_uint ("part", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PARTS] =
    g_param_spec_uint ("n-parts", NULL, NULL, 1, G_MAXUINT, 1,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PREPARE_CONTEXT_MENU] =
    g_signal_new ("prepare-context-menu",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, SHU_TYPE_ANNOTATION);
}

static void
shu_text_view_init (ShuTextView *self)
{
  self->layers = g_ptr_array_new_with_free_func ((GDestroyNotify) layer_free);
  self->relations_drawn = g_ptr_array_new_with_free_func (g_free);
  self->relation_paths = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->fill_alphas = g_hash_table_new (NULL, NULL);
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkEventController *keys;
  GtkGesture *click, *drag;

  self->font_scale = 1.0;
  self->current_match = -1;
  self->snap_to_words = TRUE;

  gtk_text_view_set_editable (view, FALSE);
  /* A visible cursor is what makes selecting with the keyboard possible. */
  gtk_text_view_set_cursor_visible (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, MIN_MARGIN);
  gtk_text_view_set_right_margin (view, MIN_MARGIN);
  gtk_text_view_set_top_margin (view, 28);
  gtk_text_view_set_bottom_margin (view, 28);
  /* Space between lines for reading, and for the label bars drawn there;
   * paragraphs get more (update_font()). */
  gtk_text_view_set_pixels_inside_wrap (view, LINE_GAP);
  gtk_text_view_set_pixels_above_lines (view, 2);
  /* Each paragraph takes its direction from its own text (Pango's
   * auto-dir), and "left" alignment is flipped for right-to-left ones. A
   * right-to-left widget direction would flip it back for Hebrew, so the
   * widget's own direction is pinned whatever the locale. */
  gtk_widget_set_direction (GTK_WIDGET (self), GTK_TEXT_DIR_LTR);
  gtk_text_view_set_justification (view, GTK_JUSTIFY_LEFT);
  gtk_widget_add_css_class (GTK_WIDGET (self), "shu-reading");
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  self->font_provider = gtk_css_provider_new ();
#if GTK_CHECK_VERSION (4, 10, 0)
  /* A style provider for one widget is deprecated from GTK 4.10: each view
   * has a class of its own, styled by its provider on the display (each
   * window has its own zoom). */
  {
    static guint n_views;

    self->font_class = g_strdup_printf ("shu-font-%u", ++n_views);
    gtk_widget_add_css_class (GTK_WIDGET (self), self->font_class);
    gtk_style_context_add_provider_for_display (gtk_widget_get_display (GTK_WIDGET (self)),
                                                GTK_STYLE_PROVIDER (self->font_provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
#else
  self->font_class = g_strdup ("shu-reading");
  gtk_style_context_add_provider (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                  GTK_STYLE_PROVIDER (self->font_provider),
                                  GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
#endif
  /* The desktop's document font, where GNOME's settings are installed;
   * followed as it changes. */
  {
    GSettingsSchemaSource *schemas = g_settings_schema_source_get_default ();
    g_autoptr(GSettingsSchema) schema = NULL;

    if (schemas != NULL)
      schema = g_settings_schema_source_lookup (schemas, DESKTOP_SCHEMA, TRUE);
    if (schema != NULL && g_settings_schema_has_key (schema, DESKTOP_FONT_KEY))
      {
        self->desktop_settings = g_settings_new_full (schema, NULL, NULL);
        g_signal_connect_object (self->desktop_settings, "changed::" DESKTOP_FONT_KEY,
                                 G_CALLBACK (update_font), self, G_CONNECT_SWAPPED);
      }
  }
  update_font (self);

  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), NULL);
  g_signal_connect (self, "copy-clipboard", G_CALLBACK (copy_clipboard_cb), NULL);
  g_signal_connect_object (gtk_text_view_get_buffer (view), "mark-set",
                           G_CALLBACK (mark_set_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (view), "notify::cursor-position",
                           G_CALLBACK (update_caret_description), self, G_CONNECT_SWAPPED);

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "released", G_CALLBACK (click_released_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  /* The selected annotation's handles, before GtkTextView's selection. */
  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-update", G_CALLBACK (drag_update_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end", G_CALLBACK (drag_end_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "cancel", G_CALLBACK (drag_cancel_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  /* Before GtkTextView's own handlers, which would open its menu. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect_object (click, "pressed", G_CALLBACK (context_click_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (context_key_pressed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}
