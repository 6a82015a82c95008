/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "shu-application.h"
#include "shu-big-alloc.h"

/* GTK mirrors its widgets when its own catalog (gtk40) translates
 * "default:LTR" to "default:RTL". Where that catalog is missing, a trimmed
 * install or a sandbox without its locale extension, a Hebrew interface would
 * still read left to right: our own catalog says the same, and decides. */
static void
startup_cb (GApplication *app,
            gpointer      user_data)
{
  /* Translators: not shown. Write "default:RTL" if your language is written
   * from right to left, otherwise "default:LTR". */
  if (g_strcmp0 (_("default:LTR"), "default:RTL") == 0)
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ShuApplication) app = NULL;
  const char *localedir;
  int status;

  /* Showing a 5 MB text fills about 60 MB of the heap with GTK's small
   * blocks on the main thread, each 4 KiB page a page fault: in huge
   * pages the first frame of 5 MB + 50k came 40-50 ms sooner and all
   * highlights 120 ms sooner, for 8 MiB more at the peak (PERFORMANCE.md,
   * fifth round). */
  shu_big_alloc_tune_heap (64 * 1024 * 1024);

  /* A scripted run (shu-test-script.h) answers its test on stdout: the
   * log, debug messages included, goes to stderr. */
  if (g_getenv ("SHU_TEST_SCRIPT") != NULL)
    g_log_writer_default_set_use_stderr (TRUE);

  setlocale (LC_ALL, "");
  /* Run from the build folder (tools/run-app.sh, the tests), the catalogs
   * are in <build>/po, not yet installed under LOCALEDIR. */
  localedir = g_getenv ("SHU_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Shulayim"));

  app = shu_application_new ();
  /* After GTK's own startup, which sets the direction from GTK's catalog. */
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), NULL);
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0)
    status = shu_application_get_exit_status (app);
  return status;
}
