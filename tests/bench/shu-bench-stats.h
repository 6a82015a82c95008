/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Timings gathered over repeated runs, and the figures the benchmark
 * tables print: the median, and the spread as the lowest and highest run
 * (or the 95th percentile for many short operations). */
typedef struct
{
  GArray *values;   /* double */
} ShuBenchSamples;

void    shu_bench_samples_init     (ShuBenchSamples *samples);
void    shu_bench_samples_clear    (ShuBenchSamples *samples);
void    shu_bench_samples_add      (ShuBenchSamples *samples,
                                    double           value);
/* @q in 0..1, by linear interpolation between the sorted values. */
double  shu_bench_samples_quantile (ShuBenchSamples *samples,
                                    double           q);
double  shu_bench_samples_min      (ShuBenchSamples *samples);
double  shu_bench_samples_max      (ShuBenchSamples *samples);

/* Milliseconds on the monotonic clock. */
double  shu_bench_now_ms           (void);
/* Processor time of the process, all its threads, in milliseconds: on a
 * machine shared with other work the wall clock measures the neighbours
 * too. */
double  shu_bench_cpu_ms           (void);

/* One table row: "| what | median | min..max | unit |". */
void    shu_bench_print_row        (const char      *what,
                                    ShuBenchSamples *samples,
                                    const char      *unit);
/* One row with the median and the 95th percentile. */
void    shu_bench_print_row_p95    (const char      *what,
                                    ShuBenchSamples *samples,
                                    const char      *unit);

/* The peak resident set of this process so far, in MiB (VmHWM). */
double  shu_bench_peak_rss_mib     (void);

G_END_DECLS
