/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "shu-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ShuApplication) app = NULL;
  const char *localedir;
  int status;

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
  status = g_application_run (G_APPLICATION (app), argc, argv);
  if (status == 0)
    status = shu_application_get_exit_status (app);
  return status;
}
