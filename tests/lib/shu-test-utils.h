/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "shu-document.h"
#include "shu-label.h"

G_BEGIN_DECLS

/* The helpers every test program shares (tests/lib, as Nautilus' test
 * utilities): linked as a static library, with no display needed. The
 * display tests have theirs in shu-test-ui.h. */

/* Removes @path and all under it; a symbolic link is removed, never
 * followed. */
void         shu_test_remove_tree      (const char *path);

/* Makes a folder for the process's temporary files and points $TMPDIR at
 * it, so that g_dir_make_tmp() and the programs the test starts put their
 * files there. It goes away with everything in it when the test ends well
 * and stays after a failure, to be looked at. Call it first in main():
 * GLib reads $TMPDIR once. */
void         shu_test_use_private_tmp  (void);

/* Writes @contents to @name (may have '/'-separated folders, made as
 * needed) under @dir. */
void         shu_test_write_file       (const char *dir,
                                        const char *name,
                                        const char *contents);

/* The code point offset in @text of the @nth (from 0) @needle, which must
 * be there. */
guint        shu_test_offset_of        (const char *text,
                                        const char *needle,
                                        guint       nth);

/* The starter labels as a new document gets them with the interface in
 * @language ("he" or "en"), from the catalog the build made. */
ShuLabelSet *shu_test_starters_in      (const char *language) G_GNUC_WARN_UNUSED_RESULT;

/* The sidecar @file as saved, read back with its text and anchored. */
ShuDocument *shu_test_read_sidecar     (GFile      *file) G_GNUC_WARN_UNUSED_RESULT;

/* The essay's sample sidecar (tests/data) anchored on its text, read
 * from the source tree ($SHU_SOURCE_ROOT). */
ShuDocument *shu_test_load_sample      (void) G_GNUC_WARN_UNUSED_RESULT;

/* The W3C annotation-model checker (check-w3c), from ../shared/conformance
 * beside the project ($SHU_SOURCE_ROOT), or $SHU_CHECK_W3C; see
 * shu_test_need_tool(). NULL when the running test was skipped. */
char        *shu_test_find_check_w3c   (void) G_GNUC_WARN_UNUSED_RESULT;
/* Another checker of ../shared/conformance: @folder/@name ("tei",
 * "check-tei"), or $@env when set, with xmllint, which it runs; see
 * shu_test_need_tool(). NULL when the running test was skipped. */
char        *shu_test_find_conformance (const char *env,
                                        const char *folder,
                                        const char *name) G_GNUC_WARN_UNUSED_RESULT;
/* Runs @check on the file @path: TRUE when it exits with 0; its output,
 * when it does not, in the test's log. */
gboolean     shu_test_run_checker      (const char *check,
                                        const char *path);

/* The member @name of the zip archive @archive, as `unzip -p` gives it
 * (unzip must be there: see shu_test_need_tool()). (transfer full) */
char        *shu_test_unzip_member     (const char *archive,
                                        const char *name) G_GNUC_WARN_UNUSED_RESULT;
/* How many times @needle occurs in @haystack. */
guint        shu_test_count_string     (const char *haystack,
                                        const char *needle);

/* What a test that needs a tool at @path (@what names it) does when the
 * tool is missing: in CI ($CI is "true"), where the tools are beside the
 * clone, it fails the test; elsewhere it skips it and says why (the
 * project never needs ../shared on a user's machine). TRUE when the tool
 * is there. */
gboolean     shu_test_need_tool        (const char *path,
                                        const char *what);

/* Runs check-w3c (@check, from shu_test_find_check_w3c()) on @bytes;
 * returns its standard output (its summary "N passed, M failed") and sets
 * @exit_ok to whether it exited with status 0. */
char        *shu_test_run_check_w3c    (const char *check,
                                        GBytes     *bytes,
                                        gboolean   *exit_ok) G_GNUC_WARN_UNUSED_RESULT;

/* A timeout's callback (g_timeout_add()) that sets the gboolean @flag
 * points to, once: a loop waiting for something gives up when it is set. */
gboolean     shu_test_timeout_cb       (gpointer    flag);

/* Every warning fails the running test, except one of GTK 4.8's own;
 * criticals stay fatal. Called by shu_test_ui_init(); call it once, right
 * after g_test_init(), in a test program that does not use that. */
void         shu_test_log_setup        (void);

/* Tolerates one more of GTK's own warnings for a moment, by a part of its
 * text (GTK 4.8's shortcuts window, say; the message begins with a
 * widget's address); NULL to stop. */
void         shu_test_log_tolerate     (const char *part);

/* What a run of shulayim-cli ($SHU_CLI) gave: its exit status (a crash
 * fails the test) and what it wrote. */
typedef struct
{
  int   status;
  char *out;
  char *err;
} ShuTestRun;

void         shu_test_run_clear        (ShuTestRun *run);

/* Runs shulayim-cli with the NULL-terminated arguments, in @cwd. */
ShuTestRun   shu_test_run_cli          (const char *cwd,
                                        ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
