/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Registers the UI resources, once; called by every class that uses them
 * (its own file, so that the widgets need not include the application). */
void shu_resources_ensure (void);

G_END_DECLS
