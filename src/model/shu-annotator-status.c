/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "shu-annotator-status.h"

static const char * const words[SHU_ANNOTATOR_N_STATUSES] = {
  "not-started", "in-progress", "done",
};

const char *
shu_annotator_status_to_string (ShuAnnotatorStatus status)
{
  g_return_val_if_fail (status < SHU_ANNOTATOR_N_STATUSES, NULL);

  return words[status];
}

gboolean
shu_annotator_status_from_string (const char         *text,
                                  ShuAnnotatorStatus *status)
{
  g_return_val_if_fail (status != NULL, FALSE);

  for (guint i = 0; i < SHU_ANNOTATOR_N_STATUSES; i++)
    if (g_strcmp0 (text, words[i]) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
shu_annotator_status_get_title (ShuAnnotatorStatus status)
{
  switch (status)
    {
    case SHU_ANNOTATOR_NOT_STARTED:
      return _("Not Started");
    case SHU_ANNOTATOR_IN_PROGRESS:
      return _("In Progress");
    case SHU_ANNOTATOR_DONE:
      return _("Done");
    default:
      g_return_val_if_reached (NULL);
    }
}

void
shu_status_record_free (ShuStatusRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->annotator);
  g_clear_pointer (&record->modified, g_date_time_unref);
  g_free (record);
}
