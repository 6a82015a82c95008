/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-document.h"
#include "shu-suggest.h"

G_BEGIN_DECLS

#define SHU_TYPE_TEXT_VIEW (shu_text_view_get_type ())
G_DECLARE_FINAL_TYPE (ShuTextView, shu_text_view, SHU, TEXT_VIEW, GtkTextView)

/**
 * ShuTextView:
 *
 * The reading view: a read-only GtkTextView showing a document's source
 * right-to-left, with the annotations drawn beneath the text (never one
 * GtkTextTag per annotation). Buffer offsets are the source's code point
 * offsets, always, even when hard line breaks are shown joined.
 *
 * Properties: "document" (ShuDocument), "join-lines" (boolean),
 * "font-scale" (double), "font" (string: a Pango font description, NULL
 * or empty for the desktop's document font), "selected-annotation"
 * (ShuAnnotation), "snap-to-words" (boolean, TRUE: a mouse selection takes
 * whole words).
 *
 * Signals: "annotation-activated" (ShuAnnotation): a highlight was clicked;
 * "prepare-context-menu": the context menu is about to open, on the
 * selection or the selected annotation, for its owner to bring it up to
 * date.
 */
GtkWidget     *shu_text_view_new                     (void);

ShuDocument   *shu_text_view_get_document            (ShuTextView   *self);
void           shu_text_view_set_document            (ShuTextView   *self,
                                                      ShuDocument   *document);
gboolean       shu_text_view_get_join_lines          (ShuTextView   *self);
void           shu_text_view_set_join_lines          (ShuTextView   *self,
                                                      gboolean       join_lines);
double         shu_text_view_get_font_scale          (ShuTextView   *self);
void           shu_text_view_set_font_scale          (ShuTextView   *self,
                                                      double         font_scale);
const char    *shu_text_view_get_font                (ShuTextView   *self);
void           shu_text_view_set_font                (ShuTextView   *self,
                                                      const char    *font);
gboolean       shu_text_view_get_snap_to_words       (ShuTextView   *self);
void           shu_text_view_set_snap_to_words       (ShuTextView   *self,
                                                      gboolean       snap_to_words);
/* What a selection made with the mouse becomes when the button is
 * released: with "snap-to-words", an end inside a word takes the word. */
void           shu_text_view_finish_mouse_selection  (ShuTextView   *self);
/* The font the text is read in at a scale of 1, as a Pango font
 * description (what a font chooser starts from). */
char          *shu_text_view_dup_reading_font        (ShuTextView   *self)
                                                      G_GNUC_WARN_UNUSED_RESULT;
ShuAnnotation *shu_text_view_get_selected_annotation (ShuTextView   *self);
/* The annotations on the words at the caret as the view's accessible
 * description gives them to a screen reader; NULL when there are none. */
const char    *shu_text_view_get_caret_description (ShuTextView   *self);
void           shu_text_view_set_selected_annotation (ShuTextView   *self,
                                                      ShuAnnotation *annotation);

/* Selects the annotation with @id, puts the cursor at its start, scrolls
 * there and briefly emphasises it, so the eye finds it. FALSE when the
 * document has no such annotation. */
gboolean       shu_text_view_reveal_annotation       (ShuTextView   *self,
                                                      const char    *id);

/* The selection in code points, snapped to grapheme clusters; FALSE when
 * nothing (or only part of one cluster) is selected. */
gboolean       shu_text_view_get_selection           (ShuTextView   *self,
                                                      guint         *start,
                                                      guint         *end);
/* Selects [start, end) and scrolls it into view. */
void           shu_text_view_select_range            (ShuTextView   *self,
                                                      guint          start,
                                                      guint          end);
/* The ends of the selection as they are, in order (the caret's offset
 * twice when nothing is selected), and the caret's offset. Offsets here
 * are the text's, whatever line breaks the view shows (shu-reflow.h). */
void           shu_text_view_get_selection_bounds    (ShuTextView   *self,
                                                      guint         *start,
                                                      guint         *end);
guint          shu_text_view_get_caret_offset        (ShuTextView   *self);
/* A text too long to lay out at once is shown a part at a time
 * (shu_source_dup_parts()); 1 part when it is shown whole. Selecting,
 * placing the caret or revealing an annotation in another part shows
 * that part. */
guint          shu_text_view_get_n_parts             (ShuTextView   *self);
guint          shu_text_view_get_part                (ShuTextView   *self);
void           shu_text_view_set_part                (ShuTextView   *self,
                                                      guint          part);
void           shu_text_view_get_part_bounds         (ShuTextView   *self,
                                                      guint         *start,
                                                      guint         *end);
/* Puts the caret at @offset, selecting nothing. */
void           shu_text_view_place_cursor            (ShuTextView   *self,
                                                      guint          offset);
/* The place of @offset's character in widget coordinates. */
gboolean       shu_text_view_get_offset_area         (ShuTextView   *self,
                                                      guint          offset,
                                                      GdkRectangle  *area);
/* The annotations drawn at a point in widget coordinates, innermost
 * (shortest) first. (element-type ShuAnnotation) (transfer container) */
GPtrArray     *shu_text_view_get_annotations_at      (ShuTextView   *self,
                                                      double         x,
                                                      double         y);
/* The menu a right click, the Menu key or Shift+F10 opens, in place of
 * GtkTextView's (whose Cut, Paste and Undo mean nothing here). */
GMenuModel    *shu_text_view_get_context_menu        (ShuTextView   *self);
void           shu_text_view_set_context_menu        (ShuTextView   *self,
                                                      GMenuModel    *menu);
/* Opens it at a point in widget coordinates, as a right click there does:
 * a point outside the selection drops the selection and selects the
 * annotation under it (or none). FALSE without a menu or a document. */
gboolean       shu_text_view_popup_context_menu      (ShuTextView   *self,
                                                      double         x,
                                                      double         y);
/* Shows @popover pointing at a place of the view; the view keeps it
 * positioned and unparents it when disposed. */
void           shu_text_view_attach_popover          (ShuTextView   *self,
                                                      GtkPopover    *popover);

/* Layers: other annotators' annotations of the same text, drawn read-only
 * as dashed outlines in their labels' colours (@store's label set, where
 * they do not clash with the user's: shu_label_set_layer_colors()) and
 * named in the tooltip by @name. @id is the caller's key. Adding an
 * existing id replaces that layer. Layers start visible. */
void           shu_text_view_add_layer               (ShuTextView        *self,
                                                      const char         *id,
                                                      ShuAnnotationStore *store,
                                                      const char         *name);
void           shu_text_view_remove_layer            (ShuTextView        *self,
                                                      const char         *id);
void           shu_text_view_set_layer_visible       (ShuTextView        *self,
                                                      const char         *id,
                                                      gboolean            visible);
gboolean       shu_text_view_get_layer_visible       (ShuTextView        *self,
                                                      const char         *id);
/* The colour ("#rrggbb") the annotations of layer @layer_id with label
 * @label_id are drawn in; NULL when there is no such layer. */
char          *shu_text_view_dup_layer_color         (ShuTextView        *self,
                                                      const char         *layer_id,
                                                      const char         *label_id);
/* Find's matches (ShuSearchMatch, sorted, not overlapping; the view keeps
 * a reference), all drawn, with the one at index @current (or none, -1)
 * drawn apart. NULL draws none. */
void           shu_text_view_set_find_matches        (ShuTextView        *self,
                                                      GArray             *matches,
                                                      int                 current);
/* How many of them the last frame drew, and of those how many as the
 * current one (for tests). */
guint          shu_text_view_get_n_matches_drawn     (ShuTextView        *self,
                                                      guint              *n_current);
/* Suggestions (the view keeps a reference) drawn with a dashed line
 * under their words in their label's colour; NULL draws none. */
void           shu_text_view_set_suggestions         (ShuTextView        *self,
                                                      ShuSuggestFound    *found);
/* How many suggestions the last frame drew (for tests). */
guint          shu_text_view_get_n_suggestions_drawn (ShuTextView        *self);
/* How many layer annotations were drawn in the last frame (for tests). */
guint          shu_text_view_get_n_layer_drawn       (ShuTextView        *self);
/* The types of the relations the last frame drew, in drawing order (for
 * tests). */
GStrv          shu_text_view_dup_relations_drawn     (ShuTextView        *self);
/* The lines the last frame drew them along, in the same order: each a
 * GArray of graphene_point_t in buffer coordinates (for tests). */
GPtrArray     *shu_text_view_dup_relation_paths      (ShuTextView        *self);

G_END_DECLS
