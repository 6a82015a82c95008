/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "shu-document.h"
#include "shu-import.h"
#include "shu-sidecar-private.h"

G_BEGIN_DECLS

/* Helpers shared by the exporters and importers of other formats (brat,
 * doccano JSONL, HTML). Not for the app. */

/* The document's annotations in sidecar order (start, end, id).
 * (element-type ShuAnnotation) (transfer full) */
GPtrArray   *shu_formats_sorted_annotations (ShuDocument  *document);

/* The name of the annotation's label, or NULL when it has none. */
const char  *shu_formats_label_name         (ShuDocument   *document,
                                             ShuAnnotation *annotation);

/* The id of the label called @name in @labels, or else of the one @name
 * identifies (its id, or a starter label's name in English or in the
 * interface language), adding a new label (with a suggested colour) when
 * there is none. */
const char  *shu_formats_ensure_label       (ShuLabelSet  *labels,
                                             const char   *name);

/* The parsed annotation's label name made the name of the label it
 * identifies (shu_formats_ensure_label()), as the anchoring looks labels
 * up by name: a colleague's "Claim" becomes our "טענה". */
void         shu_formats_adopt_label        (ShuLabelSet         *labels,
                                             ShuParsedAnnotation *pa);

/* Checks a range read from another format against @source: inside the
 * text, start < end, on grapheme boundaries. @reason gets a message. */
gboolean     shu_formats_check_range        (ShuSource    *source,
                                             guint64       start,
                                             guint64       end,
                                             char        **reason);

/* The document made of @annotations (element-type ShuAnnotation) on
 * @source with @labels. */
ShuDocument *shu_formats_build_document     (ShuSource    *source,
                                             ShuLabelSet  *labels,
                                             GPtrArray    *annotations);

/* Converts offsets counted in another unit to code points on one text.
 * Built once per import: UTF-16 needs the positions of the characters
 * outside the Basic Multilingual Plane (emoji), which count two units. */
typedef struct _ShuOffsetMap ShuOffsetMap;

ShuOffsetMap *shu_offset_map_new            (ShuSource     *source,
                                             ShuOffsetUnit  unit);
ShuOffsetUnit shu_offset_map_get_unit       (ShuOffsetMap  *map);
/* @value in the map's unit to a code point offset in @out. FALSE when it
 * falls inside a character (between the two units of an emoji, inside a
 * UTF-8 sequence) or past the end of the text, with @reason. */
gboolean      shu_offset_map_to_codepoints  (ShuOffsetMap  *map,
                                             guint64        value,
                                             guint64       *out,
                                             char               **reason);
/* A code point offset on the map's text counted in the map's unit, for
 * exports to tools that count UTF-16 units or bytes. */
guint64       shu_offset_map_from_codepoints (ShuOffsetMap *map,
                                              guint         offset);
void          shu_offset_map_free           (ShuOffsetMap  *map);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuOffsetMap, shu_offset_map_free)

/* Converts [@start, @end) from @map's unit and checks the range as
 * shu_formats_check_range() does. */
gboolean     shu_formats_convert_range      (ShuOffsetMap  *map,
                                             ShuSource     *source,
                                             guint64        start,
                                             guint64        end,
                                             guint         *out_start,
                                             guint         *out_end,
                                             char               **reason);

/* The units other than @tried in which [@start, @end) lies on @source and
 * covers @text exactly (compared as brat compares: line breaks and tabs as
 * spaces); NULL when none. For "this file counts UTF-16" hints. */
const char  *shu_formats_guess_unit         (ShuSource     *source,
                                             ShuOffsetUnit  tried,
                                             const guint64 *starts,
                                             const guint64 *ends,
                                             guint          n_ranges,
                                             const char    *text,
                                             ShuOffsetUnit *unit);

/* Completes an annotation read from another format (a
 * ShuParsedAnnotation, see shu-sidecar-private.h) before anchoring: a range
 * with a position alone (exact NULL) gets the quote and context at it, a
 * quote alone (start == end) the place where its quote and context are
 * found; positions are converted from @map's unit. FALSE, with @reason,
 * when a position alone is not on the text. */
gboolean     shu_formats_complete_ranges    (ShuSource           *source,
                                             ShuOffsetMap        *map,
                                             ShuParsedAnnotation *pa,
                                             char               **reason);

/* Reads another tool's JSON: checked by the project's reader
 * (shu-json-tree.h) with the sidecar's limits, allowing any number, then
 * parsed by json-glib. The reader's tree, in @tree, gives positions for
 * messages (shu_formats_json_pos()). */
JsonParser  *shu_formats_load_json          (GBytes        *bytes,
                                             const char    *display_name,
                                             guint          max_depth,
                                             ShuJsonTree  **tree,
                                             GError       **error);
/* Where element @index of the array at @path (keys from the root joined
 * with '.', "" for the root) starts in @tree's file; 1:1 when there is
 * none. */
void         shu_formats_json_pos           (ShuJsonTree   *tree,
                                             const char    *path,
                                             guint          index,
                                             ShuJsonPos    *pos);

/* The end of the importers that give quoted spans (Hypothesis, Label
 * Studio): each of @parsed (taken) is completed (see above); those that
 * cannot be are skipped with a message in @skipped (or refuse the file
 * with SHU_IMPORT_STRICT); ids used twice get new ones; labels are added
 * by name; a hint on the offsets' unit goes to @notes; then the annotations
 * are placed as W3C imports are. */
/* Members of another tool's JSON, NULL when absent or of another type;
 * a date is any ISO 8601 time, in UTC. */
const char  *shu_formats_json_string        (JsonObject  *object,
                                             const char  *name);
JsonArray   *shu_formats_json_array         (JsonObject  *object,
                                             const char  *name);
GDateTime   *shu_formats_json_date          (JsonObject  *object,
                                             const char  *name);

/* What an import reports: how many items it skipped, then, when asked
 * for, the skipped items' lines followed by @notes (both consumed). */
void         shu_formats_hand_over_messages (GPtrArray   *skipped,
                                             GPtrArray   *notes,
                                             GPtrArray  **messages,
                                             guint       *n_skipped);

ShuDocument *shu_formats_anchor_parsed      (ShuSource               *source,
                                             ShuLabelSet             *labels,
                                             GPtrArray               *parsed,
                                             const ShuImportOptions  *options,
                                             const char              *display_name,
                                             GPtrArray               *skipped,
                                             GPtrArray               *notes,
                                             GPtrArray              **report,
                                             GError                 **error);

G_END_DECLS
