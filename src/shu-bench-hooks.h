/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Measurement hooks for the benchmarks in tests/bench, shared by the app
 * and the plain GtkTextView program that gives the floor. They do nothing
 * unless the environment variable SHU_BENCH is set:
 *
 *   SHU_BENCH=first-frame  print the monotonic time of the first frame
 *                          painted with the text laid out ("first-frame-at")
 *                          and of the first frame painted once the window's
 *                          "loading" property (if any) is FALSE, i.e. with
 *                          the visible highlights ("highlights-at"), then exit;
 *   SHU_BENCH=scroll       then scroll the view from a tick callback, one
 *                          step per frame, print the frame times and exit;
 *   SHU_BENCH=edit         then, in phases of 2.5 s, leave the window idle,
 *                          annotate a word (win.annotate-label, which also
 *                          writes the recovery journal 1 s later), and
 *                          Save (win.save); print the longest stall of the
 *                          main loop in each phase ("PHASE-stall-max") and
 *                          exit.
 *
 * Output lines are "SHU-BENCH KEY VALUE" on stdout (see
 * tests/bench/shu-bench-launch.c). */
void shu_bench_hooks_attach (GtkWindow   *window,
                             GtkTextView *view);

/* With SHU_BENCH set, prints "SHU-BENCH @step-at NOW": the stages of
 * opening a text, to see where the time to the highlights goes. Any
 * thread. */
void shu_bench_hooks_mark   (const char  *step);

G_END_DECLS
