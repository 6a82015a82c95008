/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "shu-label.h"

/* The starter labels as a new document gets them with the interface in
 * @language ("he" or "en"), from the catalog the build made. */
static inline ShuLabelSet *
shu_test_starters_in (const char *language)
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");
  ShuLabelSet *labels;

  if (localedir == NULL)
    g_error ("SHU_LOCALEDIR is not set: run this test through meson test");
  if (g_str_equal (language, "he") && setlocale (LC_ALL, "he_IL.UTF-8") == NULL)
    g_error ("the he_IL.UTF-8 locale is not installed (tools/install-deps.sh makes it)");
  g_setenv ("LANGUAGE", language, TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  labels = shu_label_set_new_default ();
  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
  return labels;
}
