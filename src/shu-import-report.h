/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SHU_TYPE_IMPORT_REPORT (shu_import_report_get_type ())
G_DECLARE_FINAL_TYPE (ShuImportReport, shu_import_report, SHU, IMPORT_REPORT, AdwWindow)

/**
 * shu_import_report_new:
 * @file_name: the file imported, as the messages name it
 * @summary: what was imported, one sentence a line
 * @messages: (element-type utf8) (nullable): what the import skipped or
 *   changed, as the importers word it ("FILE:LINE:COLUMN: reason; line
 *   skipped", "FILE: note")
 *
 * A window that lists what an import left out, one row per item (its
 * place, then why and what was done), every text selectable, and a Copy
 * button that puts the whole report on the clipboard.
 */
ShuImportReport *shu_import_report_new      (GtkWindow       *parent,
                                             const char      *file_name,
                                             const char      *summary,
                                             GPtrArray       *messages);
/* Names what came in, in the window's title and header (by default
 * "Annotations Imported", onto the open text). */
void             shu_import_report_set_title (ShuImportReport *self,
                                              const char      *title);
/* The report as Copy puts it on the clipboard: the summary, then each
 * item on a line of its own. */
char            *shu_import_report_dup_text (ShuImportReport *self);

G_END_DECLS
