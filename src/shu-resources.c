/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-resources.h"
#include "shulayim-resources.h"

void
shu_resources_ensure (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      shulayim_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}
