/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The log domain of the steps below. */
#define SHU_TRACE_DOMAIN "Shulayim-Trace"

/* Marks a step of opening a text ("text-read", "sidecar-parsed"), to see
 * where the time to the highlights goes: a debug message in the
 * Shulayim-Trace domain (G_MESSAGES_DEBUG=Shulayim-Trace shows it with the
 * time), its step also in the field SHU_TRACE_STEP. The benchmarks' test
 * program (tests/harness) times the steps from a log writer of its own;
 * the program itself has no hook for them. Any thread. */
static inline void
shu_trace_mark (const char *step)
{
  g_log_structured (SHU_TRACE_DOMAIN, G_LOG_LEVEL_DEBUG,
                    "SHU_TRACE_STEP", step,
                    "MESSAGE", "Step %s", step);
}

G_END_DECLS
