/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once


#include "shu-json-tree.h"
#include "shu-json-writer.h"
#include "shu-sidecar.h"

G_BEGIN_DECLS

/* The pieces of the sidecar reader (shu-sidecar.c), its anchoring
 * (shu-sidecar-anchor.c) and its writer (shu-sidecar-write.c) that they,
 * the W3C exporter and importer and the recovery journals share. Not
 * installed, not for the app. */

#define ANNO_CONTEXT "http://www.w3.org/ns/anno.jsonld"
#define SHU_NAMESPACE "https://shulayim.github.io/ns#"

/* A sidecar as read; anchoring spends it. */
struct _ShuSidecar
{
  GObject      parent_instance;

  /* Owned */
  GFile       *file;
  ShuFileStamp *stamp;  /* what the file was when read */
  char        *display_name;
  char        *id;
  char        *title;
  GDateTime   *created;
  GDateTime   *modified;
  char        *source_name;
  char        *source_sha256;
  guint        source_length;
  ShuEncoding  source_encoding;
  char        *language;
  char        *text_direction;
  ShuLabelSet *labels;
  GPtrArray   *parsed;   /* ShuParsedAnnotation, items then orphans */
  GPtrArray   *relations; /* ShuRelation, the items with motivation "linking" */
  gboolean     consumed; /* by shu_sidecar_anchor_once(): @parsed is spent */
  GPtrArray   *rejected; /* ShuParsedRejection, from "shu:rejected" */
  GPtrArray   *statuses; /* ShuStatusRecord, from "shu:status" */
};

/* A suggestion the user turned down, as the file has it. */
typedef struct
{
  char  *label_id;
  guint  start;
  guint  end;
  char  *exact;
} ShuParsedRejection;

void                 shu_parsed_rejection_free  (ShuParsedRejection *rejection);

typedef struct
{
  guint  start;
  guint  end;
  char  *prefix;
  char  *exact;
  char  *suffix;
} ShuQuotedRange;

typedef struct
{
  char       *id;
  GArray     *ranges;      /* ShuQuotedRange, sorted, not overlapping */
  char       *label_name;  /* the tagging body's value, or NULL */
  GPtrArray  *comments;    /* ShuComment */
  char       *creator;
  GDateTime  *created;
  GDateTime  *modified;
  ShuJsonPos  pos;         /* where it starts in its file */
  guint       number;      /* 1-based, as messages show it */
  gboolean    orphan;      /* from the orphans list of a sidecar */
  char       *conflict;    /* "shu:conflict": the other version's id */
  char       *foreign;     /* "shu:foreign" as JSON text, or NULL */
  GPtrArray  *attributes;  /* ShuAttribute, or NULL when none */
  GPtrArray  *references;  /* ShuReference, or NULL when none */
  gboolean    suggested;   /* "shu:suggested": accepted from a suggestion */
} ShuParsedAnnotation;

/* Sets @error to "DISPLAY:LINE:COLUMN: reason" (without @pos,
 * "DISPLAY: reason") and returns FALSE. */
gboolean             shu_sidecar_fail_at        (GError            **error,
                                                 int                 code,
                                                 const char         *display_name,
                                                 const ShuJsonPos   *pos,
                                                 const char         *format,
                                                 ...) G_GNUC_PRINTF (5, 6);

/* Empty, for the importers of other formats. */
ShuParsedAnnotation *shu_parsed_annotation_new  (void);
void                 shu_parsed_annotation_free (ShuParsedAnnotation *pa);
/* Without dates, an annotation was made now; without a modification
 * date, it was not modified since it was made. */
void                 shu_parsed_annotation_default_dates (ShuParsedAnnotation *pa);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuParsedAnnotation, shu_parsed_annotation_free)

typedef enum
{
  /* The native sidecar: exactly the shape SIDECAR.md describes. */
  SHU_PARSE_STRICT = 0,
  /* Other W3C producers: single objects for lists, a string creator,
   * several targets, no dates, ids that are not urn:uuid. */
  SHU_PARSE_LENIENT = 1 << 0,
} ShuParseFlags;

/* Reads one annotation object. Messages start with
 * "DISPLAY:LINE:COLUMN: annotation NUMBER: ". */
ShuParsedAnnotation *shu_parse_annotation       (ShuJsonNode        *node,
                                                 ShuParseFlags    flags,
                                                 const char      *display_name,
                                                 const ShuJsonPos *pos,
                                                 guint            number,
                                                 GError         **error);

/* Places @pa on @source: EXACT when every range's quote is at its
 * offsets, else MOVED when each quote is found elsewhere, else FUZZY when
 * an edited quote is found between its recorded prefix and suffix (ranges
 * in @out, @confidence set), else ORPHAN.
 * @out must hold pa->ranges->len ranges. */
ShuAnchorStatus      shu_anchor_place           (ShuSource           *source,
                                                 ShuParsedAnnotation *pa,
                                                 ShuRange            *out,
                                                 double              *confidence);

/* Turns placed or orphaned parsed annotations into the document: the
 * anchored ones go into the store, the orphans aside. @label_ids maps a
 * tagging value to a label id. With @consume, each parsed annotation is
 * freed (and its slot in @parsed set to NULL) as soon as it is placed,
 * success or not: the caller does not use @parsed again. */
ShuDocument         *shu_anchor_build_document  (ShuSource           *source,
                                                 ShuLabelSet         *labels,
                                                 GPtrArray           *parsed,
                                                 gboolean             consume,
                                                 gboolean             strict_exact,
                                                 const char          *display_name,
                                                 GPtrArray          **report,
                                                 GError             **error);

/* Writes one annotation in the sidecar's shape. @source_iri is the
 * target's source; @own_context adds "@context" (the standalone export);
 * @split_targets writes one target per range (W3C's way of saying
 * "discontinuous") instead of one selector pair per range. */
void                 shu_write_annotation       (ShuJsonWriter       *writer,
                                                 ShuAnnotation       *annotation,
                                                 ShuLabelSet         *labels,
                                                 const char * const  *quotes,
                                                 const char          *source_iri,
                                                 gboolean             own_context,
                                                 gboolean             split_targets);

/* Writes @node (of a tree) as it is, in the writer's layout. */
void                 shu_json_write_node        (ShuJsonWriter       *writer,
                                                 const char          *key,
                                                 ShuJsonNode         *node);
/* Writes one relation as a W3C annotation with motivation "linking"
 * (docs/FORMAT.md); @own_context as for shu_write_annotation(). */
void                 shu_write_relation         (ShuJsonWriter       *writer,
                                                 ShuRelation         *relation,
                                                 gboolean             own_context);

/* A label's declarations ("shu:attributes", "shu:relationTypes",
 * "shu:relationRoles", "shu:eventRoles"), as sidecars and the code book
 * hold them in a label object. Reading gives a copy of @label that
 * declares what @object does (NULL and "DISPLAY:LINE:COLUMN: WHATreason",
 * at @pos, when one is malformed). */
ShuLabel            *shu_read_label_declarations  (ShuLabel            *label,
                                                   ShuJsonNode         *object,
                                                   const char          *display_name,
                                                   const ShuJsonPos    *pos,
                                                   const char          *what,
                                                   GError             **error);
void                 shu_write_label_declarations (ShuJsonWriter       *writer,
                                                   ShuLabel            *label);

/* A date as the files write it, "2024-05-01T12:00:00Z", in UTC. */
char                *shu_format_date            (GDateTime           *date);
#define SHU_DATE_SIZE 21   /* the 20 characters above and a NUL */
void                 shu_format_date_into       (GDateTime           *date,
                                                 char                 out[SHU_DATE_SIZE]);

/* Everything a sidecar is written from, taken from a document at one
 * moment (cheap: the immutable annotations are referenced), and its
 * serialisation, safe in any thread. Saves and recovery journals are
 * written from snapshots in worker threads. */
typedef struct _ShuSidecarSnapshot ShuSidecarSnapshot;

ShuSidecarSnapshot  *shu_sidecar_snapshot_new       (ShuDocument        *document);
/* Writes @header, then the snapshot's sidecar as it is serialised, into a
 * temporary beside @path renamed over it: @path is always whole, the old
 * or the new. Not synced to disk (for journals, written often). Errors
 * are G_FILE_ERROR, with the system's reason. */
gboolean             shu_sidecar_snapshot_write_file (ShuSidecarSnapshot *snapshot,
                                                      const char         *path,
                                                      const char         *header,
                                                      guint               mode,
                                                      GError            **error);
/* How many anchored annotations it holds (orphans aside). */
guint                shu_sidecar_snapshot_get_n_annotations (ShuSidecarSnapshot *snapshot);
void                 shu_sidecar_snapshot_free      (ShuSidecarSnapshot *snapshot);

G_END_DECLS
