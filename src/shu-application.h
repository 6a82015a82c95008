/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SHU_TYPE_APPLICATION (shu_application_get_type ())
G_DECLARE_FINAL_TYPE (ShuApplication, shu_application, SHU, APPLICATION, AdwApplication)

/**
 * ShuApplication:
 *
 * Opens windows for the files given (texts or sidecars), or the bundled
 * essay when none is, owns the settings and sets every accelerator.
 * `--screenshot=FILE.png` renders the first window to a PNG once it has
 * been drawn and quits; the exit status says whether that worked.
 */
ShuApplication *shu_application_new                (void);
GSettings      *shu_application_get_settings       (ShuApplication *self);
/* The bundled essay: $SHU_DATADIR, else the installed copy, else the
 * source tree's (when run from the build folder). (transfer full) */
GFile          *shu_application_dup_essay_file     (void);
/* Whether @file lies in one of the folders the essay may come from,
 * which are read-only for annotations. */
gboolean        shu_application_is_bundled_file    (GFile          *file);
/* 0 unless a screenshot was asked for and failed. */
int             shu_application_get_exit_status    (ShuApplication *self);

/* What a program that runs the application does first, before any thread
 * starts: tunes the heap for large texts, sets the locale and binds the
 * catalogs ($SHU_LOCALEDIR, else the installed ones). Shared by `shulayim`
 * and the test program (tests/harness), so both run the same app. */
void            shu_application_setup_process      (void);
/* Runs @self on @argv and returns the program's exit status. */
int             shu_application_run_program        (ShuApplication *self,
                                                    int             argc,
                                                    char          **argv);

G_END_DECLS
