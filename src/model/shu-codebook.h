/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-annotation-store.h"
#include "shu-label.h"

G_BEGIN_DECLS

/* The code book of a project: "shulayim-codebook.json" at the top of its
 * folder (docs/PROJECTS.md describes the file). */
#define SHU_CODEBOOK_FILE_NAME "shulayim-codebook.json"
#define SHU_CODEBOOK_VERSION 1
/* Limits for untrusted input, as for sidecars. */
#define SHU_CODEBOOK_MAX_BYTES ((gsize) 16 * 1024 * 1024)
#define SHU_CODEBOOK_MAX_DEPTH 8

/* The labels of a code book, in order; errors carry "FILE:LINE:COLUMN:
 * reason" with @display_name as FILE. */
ShuLabelSet *shu_codebook_parse     (GBytes       *bytes,
                                     const char   *display_name,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
ShuLabelSet *shu_codebook_load      (GFile        *file,
                                     GCancellable *cancellable,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* The file's bytes for @labels: deterministic, like a sidecar. */
GBytes      *shu_codebook_serialize (ShuLabelSet  *labels) G_GNUC_WARN_UNUSED_RESULT;

/**
 * ShuLabelMatch:
 * @SHU_LABEL_MATCH_NONE: the code book has no such label
 * @SHU_LABEL_MATCH_ID: the code book has a label with the same id
 * @SHU_LABEL_MATCH_NAME: no label with that id, but one with that name
 *
 * How a document's label was mapped onto the code book.
 */
typedef enum
{
  SHU_LABEL_MATCH_NONE,
  SHU_LABEL_MATCH_ID,
  SHU_LABEL_MATCH_NAME,
} ShuLabelMatch;

/* The code book's label for a document's @label: the one with its id,
 * else the one with its name (NULL when neither; @match says which). */
ShuLabel    *shu_codebook_map_label (ShuLabelSet   *codebook,
                                     ShuLabel      *label,
                                     ShuLabelMatch *match);

/* Gives each label of @store that maps onto @codebook what the code book
 * declares for it (attributes, relation types and how they are made,
 * event roles), through the store: undoable, one step a label. Its id,
 * name, colour and annotations stay the document's. Returns how many
 * labels changed (0 when they already declare the same). */
guint        shu_codebook_apply_declarations (ShuLabelSet        *codebook,
                                              ShuAnnotationStore *store);

G_END_DECLS
