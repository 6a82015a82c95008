/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-file-stamp.h"
#include "shu-label.h"

G_BEGIN_DECLS

/**
 * ShuIndexRecord:
 *
 * What a project's index keeps of one text: what the document list shows
 * and what tells a search whether to read the text, with the stamps of the
 * text and its sidecar when they were read (see docs/PROJECTS.md). The
 * counts are by the document's own label ids (mapping onto the code book
 * is done on every scan, since the code book may change alone).
 */
typedef struct
{
  char         *name;
  ShuFileStamp *text_stamp;     /* NULL: not known, never trusted */
  char         *sidecar_path;   /* where the sidecar is looked for */
  ShuFileStamp *sidecar_stamp;  /* NULL: there was no sidecar */
  gboolean      readable;       /* the text could be read */
  gboolean      has_sidecar;    /* annotations were read from a sidecar */
  guint         length;
  guint         n_annotations;
  GError       *error;
  GPtrArray    *labels;         /* (element-type ShuLabel): the document's */
  GHashTable   *counts;         /* document label id ("" none) -> count */
  GPtrArray    *annotators;     /* (element-type utf8), sorted */
  char         *direction;      /* NULL: unknown */
  char         *language;
  GBytes       *folded;         /* by SHU_PROJECT_FOLD_FLAGS, or NULL */
} ShuIndexRecord;

ShuIndexRecord *shu_index_record_new  (const char     *name);
void            shu_index_record_free (ShuIndexRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuIndexRecord, shu_index_record_free)

/* Where the index of the project in @folder is kept: a file in the user's
 * cache folder named by a digest of the folder's path. */
GFile      *shu_project_index_dup_file (GFile       *folder) G_GNUC_WARN_UNUSED_RESULT;
/* The records of the index @file by name; NULL with an error when it is
 * missing, damaged (truncated, changed, not an index) or of another
 * version: then the project reads every file and writes it anew. */
GHashTable *shu_project_index_load     (GFile       *file,
                                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Writes @records (element-type ShuIndexRecord) into @file safely
 * (another file renamed over it), making its folder; from any thread. */
gboolean    shu_project_index_save     (GFile       *file,
                                        GPtrArray   *records,
                                        GError     **error);

G_END_DECLS
