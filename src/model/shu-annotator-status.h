/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ShuAnnotatorStatus:
 * @SHU_ANNOTATOR_NOT_STARTED: the annotator has not begun this text
 * @SHU_ANNOTATOR_IN_PROGRESS: begun, not finished
 * @SHU_ANNOTATOR_DONE: finished
 *
 * How far one annotator is with one text of a project, as they say it
 * (saved in the sidecar as "shu:status", docs/FORMAT.md). Ordered, so
 * that a list sorts by it.
 */
typedef enum
{
  SHU_ANNOTATOR_NOT_STARTED,
  SHU_ANNOTATOR_IN_PROGRESS,
  SHU_ANNOTATOR_DONE,
} ShuAnnotatorStatus;

#define SHU_ANNOTATOR_N_STATUSES 3

/* "not-started", "in-progress", "done": the words of the file. */
const char *shu_annotator_status_to_string   (ShuAnnotatorStatus  status);
/* FALSE for a word this version does not know. */
gboolean    shu_annotator_status_from_string (const char         *text,
                                              ShuAnnotatorStatus *status);
/* "Not Started", ...: translated, for people. */
const char *shu_annotator_status_get_title   (ShuAnnotatorStatus  status);

/**
 * ShuStatusRecord:
 * @annotator: whose status it is (an annotation creator's name)
 * @status: what they said
 * @modified: when they said it (UTC)
 */
typedef struct
{
  char               *annotator;
  ShuAnnotatorStatus  status;
  GDateTime          *modified;
} ShuStatusRecord;

void shu_status_record_free (ShuStatusRecord *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuStatusRecord, shu_status_record_free)

G_END_DECLS
