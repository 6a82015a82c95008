/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(ShuApplication) app = NULL;

  shu_application_setup_process ();
  app = shu_application_new ();
  return shu_application_run_program (app, argc, argv);
}
