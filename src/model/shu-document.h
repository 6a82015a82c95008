/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "shu-annotation-store.h"
#include "shu-annotator-status.h"
#include "shu-file-stamp.h"
#include "shu-source.h"
#include "shu-suggest.h"

G_BEGIN_DECLS

/**
 * ShuAnchorStatus:
 * @SHU_ANCHOR_EXACT: offsets and quote agree with the text
 * @SHU_ANCHOR_MOVED: the quote was found elsewhere (exact match)
 * @SHU_ANCHOR_FUZZY: placed on an approximate match of the quote
 * @SHU_ANCHOR_ORPHAN: could not be placed; kept aside, never moved
 */
typedef enum
{
  SHU_ANCHOR_EXACT,
  SHU_ANCHOR_MOVED,
  SHU_ANCHOR_FUZZY,
  SHU_ANCHOR_ORPHAN,
} ShuAnchorStatus;

/* Re-anchoring never places an annotation with less confidence than this:
 * below it, the annotation becomes an orphan (docs/FORMAT.md). */
#define SHU_ANCHOR_MIN_CONFIDENCE 0.65

/**
 * ShuAnchorResult:
 *
 * What happened to one annotation when a sidecar was placed on a text whose
 * SHA-256 differs from the one it was made on.
 */
typedef struct
{
  char            *id;
  ShuAnchorStatus  status;
  guint            old_start;
  guint            old_end;
  guint            new_start;   /* meaningless for orphans */
  guint            new_end;
  double           confidence;  /* 0..1 */
  char            *exact;       /* the quote as the sidecar recorded it */
} ShuAnchorResult;

void shu_anchor_result_free (ShuAnchorResult *result);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuAnchorResult, shu_anchor_result_free)

#define SHU_TYPE_DOCUMENT (shu_document_get_type ())
G_DECLARE_FINAL_TYPE (ShuDocument, shu_document, SHU, DOCUMENT, GObject)

/**
 * ShuDocument:
 *
 * A source text with its annotations and the collection's metadata: what a
 * sidecar holds. The document never writes its source.
 *
 * Properties: "source" (construct-only), "store", "sidecar-file"
 * (nullable GFile), "title", "modified" (GDateTime of the collection,
 * bumped whenever the store changes).
 */
/* @labels (nullable): the label set; NULL gives the default set. */
ShuDocument        *shu_document_new                (ShuSource    *source,
                                                     ShuLabelSet  *labels);
ShuSource          *shu_document_get_source         (ShuDocument  *self);
ShuAnnotationStore *shu_document_get_store          (ShuDocument  *self);

GFile              *shu_document_get_sidecar_file   (ShuDocument  *self);
void                shu_document_set_sidecar_file   (ShuDocument  *self,
                                                     GFile        *file);
/* What the sidecar file was when this document was read from it or last
 * saved to it (NULL when unknown); set by the sidecar's load and save. */
const ShuFileStamp *shu_document_get_sidecar_stamp  (ShuDocument  *self);
void                shu_document_set_sidecar_stamp  (ShuDocument        *self,
                                                     const ShuFileStamp *stamp);
/* What the sidecar file held when this document was read from it or last
 * saved to it: its labels and annotations, on this document's text. That
 * version is the real common ancestor of the document and of what the
 * file holds now, whoever changed it since (docs/MERGE.md). Set by the
 * sidecar's load and save; @annotations (element-type ShuAnnotation) is
 * kept as it is and must not change afterwards; @labels is copied. */
void                shu_document_set_sidecar_base   (ShuDocument  *self,
                                                     ShuLabelSet  *labels,
                                                     GPtrArray    *annotations);
/* That version as a new document on the same text, or NULL when the
 * document was never read from or saved to a file. (transfer full) */
ShuDocument        *shu_document_dup_sidecar_base   (ShuDocument  *self)
  G_GNUC_WARN_UNUSED_RESULT;
/* @self knows its sidecar file as @other does (its stamp and contents):
 * @other was read from the same file later. */
void                shu_document_copy_sidecar_state (ShuDocument  *self,
                                                     ShuDocument  *other);
/* The text's file name as written in the sidecar ("essay.he.txt"). */
const char         *shu_document_get_source_name    (ShuDocument  *self);
void                shu_document_set_source_name    (ShuDocument  *self,
                                                     const char   *name);

const char         *shu_document_get_id             (ShuDocument  *self);
const char         *shu_document_get_title          (ShuDocument  *self);
void                shu_document_set_title          (ShuDocument  *self,
                                                     const char   *title);
const char         *shu_document_get_language       (ShuDocument  *self);
const char         *shu_document_get_text_direction (ShuDocument  *self);
GDateTime          *shu_document_get_created        (ShuDocument  *self);
GDateTime          *shu_document_get_modified       (ShuDocument  *self);

/* Suggestions the user turned down (shu-suggest.h), sorted and without
 * repeats; saved in the sidecar ("shu:rejected") and never offered again.
 * (element-type ShuSuggestion) (transfer none) */
GArray             *shu_document_get_rejected       (ShuDocument  *self);
/* Remembers one, as one undoable step of the store's history (or in its
 * open group); FALSE when it already was. */
gboolean            shu_document_reject             (ShuDocument  *self,
                                                     guint         start,
                                                     guint         end,
                                                     const char   *label_id);
/* Remembers @n_rejections without a step in the history: for reading a
 * file or a merge (see shu_annotation_store_restore_rejected()). */
void                shu_document_restore_rejections (ShuDocument         *self,
                                                     const ShuSuggestion *rejections,
                                                     guint                n_rejections);

/* How far each annotator says they are with this text, saved in the
 * sidecar ("shu:status"). (element-type ShuStatusRecord) (transfer none):
 * sorted by annotator, one record each. */
GPtrArray          *shu_document_get_statuses       (ShuDocument  *self);
/* @annotator's status: the one they set, or without one, in progress
 * when some annotation here is theirs, else not started. */
ShuAnnotatorStatus  shu_document_get_status         (ShuDocument  *self,
                                                     const char   *annotator);
/* @annotator says where they are, now: saved with the document (Save is
 * offered), not an undoable step (it changes no annotation). FALSE when
 * it was their recorded status already. */
gboolean            shu_document_set_status         (ShuDocument        *self,
                                                     const char         *annotator,
                                                     ShuAnnotatorStatus  status);
/* For the reader and merge: takes @status said at @modified unless
 * @annotator's record here is as recent or more (the later word wins).
 * Changes nothing else. FALSE when it kept what it had. */
gboolean            shu_document_restore_status     (ShuDocument        *self,
                                                     const char         *annotator,
                                                     ShuAnnotatorStatus  status,
                                                     GDateTime          *modified);

/* Annotations that could not be placed on this text (ShuAnchorResult with
 * status ORPHAN, and the stored annotation data needed to write them back).
 * They are kept and saved, never dropped. (element-type ShuAnchorResult) */
GPtrArray          *shu_document_get_orphans        (ShuDocument  *self);

/* Used by the sidecar reader: keeps @annotation (with the ranges it had on
 * the text it was made on) aside as an orphan. @quotes holds, for each of
 * its ranges, the recorded prefix, exact and suffix (3 strings per range).
 * @result describes it (status ORPHAN); the document takes a copy. */
void                shu_document_add_orphan         (ShuDocument           *self,
                                                     ShuAnnotation         *annotation,
                                                     const char * const    *quotes,
                                                     const ShuAnchorResult *result);
/* The stored data of orphan @index (same order as get_orphans()). */
ShuAnnotation      *shu_document_get_orphan_annotation (ShuDocument *self,
                                                        guint        index);
/* Whether orphan @index has been attached again: the store holds an
 * annotation with its id. A resolved orphan is not written to the sidecar
 * and not listed as one; undoing the attachment makes it an orphan again. */
gboolean            shu_document_is_orphan_resolved (ShuDocument  *self,
                                                     guint         index);
/* Drops orphan @index for good (the user deleted it). */
void                shu_document_remove_orphan      (ShuDocument  *self,
                                                     guint         index);
/* How many orphans are not resolved. */
guint               shu_document_count_orphans      (ShuDocument  *self);
/* The recorded quote of range @range of orphan @index. */
void                shu_document_get_orphan_quote   (ShuDocument  *self,
                                                     guint         index,
                                                     guint         range,
                                                     const char  **prefix,
                                                     const char  **exact,
                                                     const char  **suffix);

/* The language and text direction guessed from the text: the direction of
 * its first strong character ("rtl" or "ltr"), and "he" or "ar" when Hebrew
 * or Arabic letters are the majority of its letters, else "und". */
void                shu_detect_language             (const char   *text,
                                                     gsize         size,
                                                     const char  **language,
                                                     const char  **text_direction);

/* Used by the sidecar reader to restore the collection's metadata. */
void                shu_document_restore_metadata   (ShuDocument  *self,
                                                     const char   *id,
                                                     const char   *title,
                                                     const char   *language,
                                                     const char   *text_direction,
                                                     GDateTime    *created,
                                                     GDateTime    *modified);

G_END_DECLS
