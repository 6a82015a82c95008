/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "shu-bench-stats.h"

void
shu_bench_samples_init (ShuBenchSamples *samples)
{
  samples->values = g_array_new (FALSE, FALSE, sizeof (double));
}

void
shu_bench_samples_clear (ShuBenchSamples *samples)
{
  g_clear_pointer (&samples->values, g_array_unref);
}

void
shu_bench_samples_add (ShuBenchSamples *samples,
                       double           value)
{
  g_array_append_val (samples->values, value);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

double
shu_bench_samples_quantile (ShuBenchSamples *samples,
                            double           q)
{
  g_autoptr(GArray) sorted = NULL;
  double position, fraction;
  guint below;

  if (samples->values->len == 0)
    return NAN;

  sorted = g_array_copy (samples->values);
  g_array_sort (sorted, compare_doubles);
  position = q * (sorted->len - 1);
  below = (guint) floor (position);
  fraction = position - below;
  if (below + 1 >= sorted->len)
    return g_array_index (sorted, double, sorted->len - 1);
  return g_array_index (sorted, double, below) * (1 - fraction)
         + g_array_index (sorted, double, below + 1) * fraction;
}

double
shu_bench_samples_min (ShuBenchSamples *samples)
{
  return shu_bench_samples_quantile (samples, 0);
}

double
shu_bench_samples_max (ShuBenchSamples *samples)
{
  return shu_bench_samples_quantile (samples, 1);
}

double
shu_bench_now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

double
shu_bench_cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void
shu_bench_print_row (const char      *what,
                     ShuBenchSamples *samples,
                     const char      *unit)
{
  g_print ("| %-44s | %10.2f | %10.2f .. %-10.2f | %-6s | n=%u\n", what,
           shu_bench_samples_quantile (samples, 0.5), shu_bench_samples_min (samples),
           shu_bench_samples_max (samples), unit, samples->values->len);
}

void
shu_bench_print_row_p95 (const char      *what,
                         ShuBenchSamples *samples,
                         const char      *unit)
{
  g_print ("| %-44s | %10.3f | p95 %-17.3f | %-6s | n=%u\n", what,
           shu_bench_samples_quantile (samples, 0.5),
           shu_bench_samples_quantile (samples, 0.95), unit, samples->values->len);
}

double
shu_bench_peak_rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return NAN;
  line = strstr (status, "VmHWM:");
  if (line == NULL)
    return NAN;
  return g_ascii_strtod (line + strlen ("VmHWM:"), NULL) / 1024.0;
}
