/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-opener.h"

G_DEFINE_INTERFACE (ShuOpener, shu_opener, G_TYPE_OBJECT)

static void
shu_opener_default_init (ShuOpenerInterface *iface)
{
}

void
shu_opener_open_async (ShuOpener           *self,
                       GFile               *file,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (SHU_IS_OPENER (self));
  g_return_if_fail (G_IS_FILE (file));

  SHU_OPENER_GET_IFACE (self)->open_async (self, file, callback, user_data);
}

gboolean
shu_opener_open_finish (ShuOpener     *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (SHU_IS_OPENER (self), FALSE);

  return SHU_OPENER_GET_IFACE (self)->open_finish (self, result, error);
}
