/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-document.h"

G_BEGIN_DECLS

#define SHU_TYPE_LAYER (shu_layer_get_type ())
G_DECLARE_FINAL_TYPE (ShuLayer, shu_layer, SHU, LAYER, GObject)

/**
 * ShuLayer:
 *
 * Another annotator's sidecar of the text the window shows, opened
 * read-only beside the user's own annotations and placed on the same
 * source. Its name is the annotators who made it (the creators of its
 * annotations), or the file's name when none is recorded, with its bidi
 * controls made visible (shu_text_make_bidi_visible()): it is only shown.
 *
 * Properties: "id" (string, unique in the process), "name" (string),
 * "file" (GFile), "document" (ShuDocument), "visible" (boolean).
 */
ShuLayer    *shu_layer_new          (ShuDocument *document,
                                     GFile       *file);
const char  *shu_layer_get_id       (ShuLayer    *self);
const char  *shu_layer_get_name     (ShuLayer    *self);
GFile       *shu_layer_get_file     (ShuLayer    *self);
ShuDocument *shu_layer_get_document (ShuLayer    *self);
gboolean     shu_layer_get_visible  (ShuLayer    *self);
void         shu_layer_set_visible  (ShuLayer    *self,
                                     gboolean     visible);

G_END_DECLS
