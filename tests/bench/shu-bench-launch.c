/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "shu-bench-stats.h"

/* Runs a program that uses the bench hooks (tests/harness/shu-bench-hooks.h) several
 * times and prints the median and spread of what it reports:
 *
 * - "KEY-at" (a monotonic time, e.g. "first-frame-at", "highlights-at")
 *   becomes "KEY" in milliseconds from just before the process was started;
 * - every other "SHU-BENCH KEY VALUE" line is taken as it is (ms);
 * - the child's peak resident set (getrusage ru_maxrss) in MiB.
 *
 *   shu-bench-launch REPETITIONS LABEL -- PROGRAM ARGS...
 */

extern char **environ;

typedef struct
{
  char            *key;
  ShuBenchSamples  samples;
} Series;

static Series *
find_series (GPtrArray  *all,
             const char *key)
{
  Series *series;

  for (guint i = 0; i < all->len; i++)
    {
      series = g_ptr_array_index (all, i);
      if (g_str_equal (series->key, key))
        return series;
    }
  series = g_new0 (Series, 1);
  series->key = g_strdup (key);
  shu_bench_samples_init (&series->samples);
  g_ptr_array_add (all, series);
  return series;
}

static gboolean
run_once (char      **argv,
          GPtrArray  *all)
{
  posix_spawn_file_actions_t actions;
  g_autoptr(GString) output = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;
  struct rusage usage;
  char buffer[4096];
  int pipe_fds[2];
  gint64 start;
  pid_t pid;
  ssize_t n;
  int status;

  if (pipe (pipe_fds) != 0)
    return FALSE;
  posix_spawn_file_actions_init (&actions);
  posix_spawn_file_actions_adddup2 (&actions, pipe_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose (&actions, pipe_fds[0]);

  start = g_get_monotonic_time ();
  if (posix_spawnp (&pid, argv[0], &actions, NULL, argv, environ) != 0)
    {
      g_printerr ("cannot start %s\n", argv[0]);
      return FALSE;
    }
  posix_spawn_file_actions_destroy (&actions);
  close (pipe_fds[1]);

  while ((n = read (pipe_fds[0], buffer, sizeof buffer)) > 0)
    g_string_append_len (output, buffer, n);
  close (pipe_fds[0]);

  if (wait4 (pid, &status, 0, &usage) != pid || !WIFEXITED (status)
      || WEXITSTATUS (status) != 0)
    {
      g_printerr ("%s failed (status %d)\n", argv[0], status);
      return FALSE;
    }

  lines = g_strsplit (output->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 3);

      if (g_strv_length (parts) != 3 || !g_str_equal (parts[0], "SHU-BENCH"))
        continue;
      if (g_str_has_suffix (parts[1], "-at"))
        {
          g_autofree char *key = g_strndup (parts[1], strlen (parts[1]) - 3);

          g_strdelimit (key, "-", ' ');
          shu_bench_samples_add (&find_series (all, key)->samples,
                                 (g_ascii_strtoll (parts[2], NULL, 10) - start) / 1000.0);
        }
      else
        shu_bench_samples_add (&find_series (all, parts[1])->samples,
                               g_ascii_strtod (parts[2], NULL));
    }
  shu_bench_samples_add (&find_series (all, "peak RSS")->samples, usage.ru_maxrss / 1024.0);
  return TRUE;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  const char *label;
  int reps;

  if (argc < 5 || !g_str_equal (argv[3], "--"))
    {
      g_printerr ("usage: %s REPETITIONS LABEL -- PROGRAM ARGS...\n", argv[0]);
      return 2;
    }
  reps = MAX (1, atoi (argv[1]));
  label = argv[2];

  for (int r = 0; r < reps; r++)
    if (!run_once (argv + 4, all))
      return 1;

  for (guint i = 0; i < all->len; i++)
    {
      Series *series = g_ptr_array_index (all, i);
      g_autofree char *what = g_strdup_printf ("%s: %s", label, series->key);

      shu_bench_print_row (what, &series->samples,
                           g_str_equal (series->key, "peak RSS") ? "MiB" : "ms");
    }
  return 0;
}
