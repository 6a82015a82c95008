/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Measurement hooks for the benchmarks in tests/bench, shared by the test
 * program (shulayim-test, the app with the hooks attached) and the plain
 * GtkTextView program that gives the floor; the installed app has none.
 * They do nothing unless the environment variable SHU_BENCH is set:
 *
 *   SHU_BENCH=first-frame  print the monotonic time of the first frame
 *                          painted with the text laid out ("first-frame-at")
 *                          and of the first frame painted once the window's
 *                          "loading" property (if any) is FALSE, i.e. with
 *                          the visible highlights ("highlights-at"), then exit;
 *   SHU_BENCH=settle       print "first-frame-at", then leave the window
 *                          alone for 10 s and print the processor time the
 *                          process used in them ("settle-cpu", ms: the view
 *                          measuring its buffer in the background) and the
 *                          frames painted ("settle-frames"), then exit;
 *   SHU_BENCH=scroll       then scroll the view from a tick callback, one
 *                          step per frame, print the frame times and exit;
 *   SHU_BENCH=edit         then leave the window idle for 3 s (while the
 *                          text view lays out the rest of the text), and
 *                          in phases of 2.5 s annotate a word
 *                          (win.annotate-label, which also writes the
 *                          recovery journal 1 s later), delete that
 *                          annotation (win.delete-annotation), undo the
 *                          deletion (win.undo) and Save (win.save); print
 *                          the longest stall of the main loop in each
 *                          phase, the action itself included
 *                          ("PHASE-stall-max"), and the time from the
 *                          action to the end of the next frame painted
 *                          ("PHASE-to-frame"), and exit.
 *
 * Output lines are "SHU-BENCH KEY VALUE" on stdout (see
 * tests/bench/shu-bench-launch.c). */
void shu_bench_hooks_attach (GtkWindow   *window,
                             GtkTextView *view);

/* With SHU_BENCH set, prints "SHU-BENCH STEP-at NOW" for each step the
 * app marks with shu_trace_mark() (the stages of opening a text, to see
 * where the time to the highlights goes), from a log writer: call it
 * first in main(), before anything is logged. */
void shu_bench_hooks_init   (void);

G_END_DECLS
