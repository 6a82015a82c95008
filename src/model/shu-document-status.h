/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/* What a window says about its document, in words. */

/* "~/…" for @file in the home folder, its path otherwise, its URI if it
 * has none. */
char *shu_document_status_dup_display_path (GFile *file) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  char *title;      /* the file's name, with a dot while unsaved */
  char *subtitle;   /* where the annotations are kept (nullable) */
  char *tooltip;    /* the annotations file's place (nullable) */
} ShuDocumentTitles;

/* The titles of a window showing @document (nullable: none), while
 * @opening_name (nullable) is being opened or @document's annotations
 * are @loading. Free with shu_document_titles_clear(). */
void  shu_document_titles_init   (ShuDocumentTitles *titles,
                                  ShuDocument       *document,
                                  const char        *opening_name,
                                  gboolean           loading);
void  shu_document_titles_clear  (ShuDocumentTitles *titles);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ShuDocumentTitles, shu_document_titles_clear)

/* What re-anchoring did, since nothing may move silently: NULL when
 * @report (as from shu_sidecar_anchor(), nullable) is empty; otherwise the
 * message, and *@orphans whether some annotations could not be placed (a
 * dialog, not a toast). */
char *shu_document_status_describe_anchoring (GPtrArray *report,
                                              gboolean  *orphans) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
