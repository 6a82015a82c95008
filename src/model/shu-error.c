/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-error.h"

G_DEFINE_QUARK (shu-error-quark, shu_error)
