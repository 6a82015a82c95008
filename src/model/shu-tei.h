/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

typedef enum
{
  SHU_TEI_NONE   = 0,
  /* The annotations as <seg> elements around the text they cover, which
   * cannot cross: an export with crossing annotations fails. */
  SHU_TEI_INLINE = 1 << 0,
} ShuTeiFlags;

/**
 * shu_tei_export_full:
 *
 * @document as one TEI P5 file (docs/FORMAT.md, "TEI"): a teiHeader with
 * the title, the text's file name and SHA-256, the annotators and the
 * label set as a taxonomy; the text in the body as one paragraph, each
 * line break an <lb/> and nothing else added, so that the body's text
 * with each <lb/> read as a newline is the source exactly; the
 * annotations in <standOff> as <annotation> elements, each pointing at
 * its ranges, its label's category (@ana), its annotator (@resp), with
 * its dates and its comments as notes. By default the ranges are anchors
 * in the text, so overlapping and discontinuous annotations are kept;
 * with %SHU_TEI_INLINE they are <seg> elements, and crossing annotations
 * fail with %SHU_ERROR_UNSUPPORTED saying where.
 */
GBytes *shu_tei_export_full (ShuDocument  *document,
                             ShuTeiFlags   flags,
                             GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/**
 * shu_tei_export_corpus:
 * @documents: (element-type ShuDocument): the texts of a project
 * @title: the corpus's title (the folder's name)
 *
 * The texts as one <teiCorpus> (docs/FORMAT.md, "TEI"): its header holds
 * the code book once, the labels of every text by id, then one <TEI> per
 * text as shu_tei_export() writes it (standoff), without the code book,
 * its ids prefixed "tN-" so that they are unique in the file.
 */
GBytes *shu_tei_export_corpus (GPtrArray   *documents,
                               const char  *title) G_GNUC_WARN_UNUSED_RESULT;
/* The standoff export, which cannot fail. */
GBytes *shu_tei_export      (ShuDocument  *document) G_GNUC_WARN_UNUSED_RESULT;

/* Appends @text (@length bytes, or -1) escaped for XML 1.0 text and
 * attributes: the five predefined entities, "\r" and "\t" as character
 * references (a parser would change them), and the characters XML 1.0
 * cannot hold (C0 controls, U+FFFE, U+FFFF) as U+FFFD. */
void    shu_xml_append_escaped (GString    *out,
                                const char *text,
                                gssize      length);

G_END_DECLS
