/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-error.h"

G_DEFINE_QUARK (shu-error-quark, shu_error)

gboolean
shu_set_error_from_errno (GError **error,
                          int      saved_errno)
{
  g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                       g_strerror (saved_errno));
  return FALSE;
}
