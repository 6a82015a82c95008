/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-application.h"
#include "shu-bench-hooks.h"
#include "shu-test-script.h"
#include "shu-window.h"

/* The test program: the same application as `shulayim` (the same library,
 * set up and run the same way), with the hooks the tests and benchmarks
 * drive it by attached to its windows. Built, never installed, so the
 * installed program carries none of them (tests/check-no-test-hooks.py):
 *
 *   SHU_TEST_SCRIPT=FILE  runs the commands in FILE on the first window
 *                         (shu-test-script.h), e.g. tests/ui/test-recovery.c;
 *   SHU_BENCH=MODE        measures frames and steps (shu-bench-hooks.h),
 *                         for tools/run-benchmarks.sh.
 *
 * Without them it is the app. */

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 gpointer        user_data)
{
  /* The window is being made: the hooks are in place before it opens a
   * file or is shown. Dialogs and other windows are not driven. */
  if (!SHU_IS_WINDOW (window))
    return;
  shu_bench_hooks_attach (window, GTK_TEXT_VIEW (shu_window_get_text_view (SHU_WINDOW (window))));
  shu_test_script_run (SHU_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ShuApplication) app = NULL;

  shu_application_setup_process ();
  /* The answers to the test (the script's, the benchmark's) are on stdout:
   * the log, debug messages included, goes to stderr. */
  g_log_writer_default_set_use_stderr (TRUE);
  shu_bench_hooks_init ();

  app = shu_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  return shu_application_run_program (app, argc, argv);
}
