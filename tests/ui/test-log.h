/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <string.h>

#include <glib.h>

/* Every warning fails a UI test, except one of GTK 4.8's own.
 *
 * GTK 4.8 sometimes warns "Trying to snapshot GtkGizmo ... without a
 * current allocation" when it paints a frame in which one of its internal
 * widgets was just shown (the next frame draws it right); how often
 * depends on the machine's load. It is logged structured, so no
 * g_test_log_set_fatal_handler() sees it, and a fatal warning kills the
 * test before any handler could. So warnings are made non-fatal, and a log
 * writer fails the running test on any other warning (criticals stay
 * fatal). Call once, right after g_test_init(). */

/* A test may tolerate one more of GTK's own warnings for a moment, by a
 * part of its text (GTK 4.8's shortcuts window, say; the message begins
 * with a widget's address), and must set it back to NULL. */
static const char *shu_test_log_tolerated = NULL;

static GLogWriterOutput
shu_test_log_writer (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_WARNING)
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        if (strcmp (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
          message = fields[i].value;
      if (message != NULL && g_str_has_prefix (message, "Trying to snapshot GtkGizmo")
          && strstr (message, "without a current allocation") != NULL)
        return G_LOG_WRITER_HANDLED;
      if (message != NULL && shu_test_log_tolerated != NULL
          && strstr (message, shu_test_log_tolerated) != NULL)
        return G_LOG_WRITER_HANDLED;
      g_log_writer_default (log_level, fields, n_fields, user_data);
      g_test_fail ();
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

static inline void
shu_test_log_setup (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (shu_test_log_writer, NULL, NULL);
}
