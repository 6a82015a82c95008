/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Opening a REFI-QDA project (.qdpx) in the app (issue 28), as
 * `shulayim-cli import --from qdpx X.qdpx -o FOLDER` does: a small window
 * proposes a new folder beside the archive (one that does not exist or is
 * empty), lets the user choose another, unpacks the archive into it in a
 * worker thread with a progress bar and Cancel, then opens the folder as a
 * project and lists what was left out in the import report.
 *
 * The project is opened by whoever handles the "imported" signal (the
 * application): it gets the folder and returns the project's window
 * (transfer none), which the report is shown over. */

#define SHU_TYPE_QDPX_OPEN (shu_qdpx_open_get_type ())
G_DECLARE_FINAL_TYPE (ShuQdpxOpen, shu_qdpx_open, SHU, QDPX_OPEN, AdwWindow)

/* The window asking where @archive goes, shown at once; it looks for a
 * folder to propose in a thread. (transfer none: the application holds
 * it) */
ShuQdpxOpen *shu_qdpx_open_present    (GtkApplication *application,
                                       GtkWindow      *parent,
                                       GFile          *archive);
/* Asks for a .qdpx with a file chooser, then opens it as the command
 * line does (g_application_open()). */
void         shu_qdpx_open_choose     (GtkApplication *application,
                                       GtkWindow      *parent);
/* The folder the project goes into: NULL until one is proposed. */
GFile       *shu_qdpx_open_get_folder (ShuQdpxOpen    *self);
void         shu_qdpx_open_set_folder (ShuQdpxOpen    *self,
                                       GFile          *folder);
/* Whether the import is running. */
gboolean     shu_qdpx_open_get_busy   (ShuQdpxOpen    *self);

G_END_DECLS
