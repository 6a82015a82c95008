/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-window.h"

G_BEGIN_DECLS

/**
 * shu_test_script_run:
 *
 * Runs the commands in the file named by $SHU_TEST_SCRIPT on @window, one
 * after the other, once per process; without the variable it does nothing.
 * It lets a test drive the real program in a process of its own, which it
 * can then kill (tests/ui/test-recovery.c), with no session bus. One
 * command per line; '#' starts a comment:
 *
 *   select START END          select [START, END) code points in the text;
 *                             the next command runs right after it, in the
 *                             same turn of the main loop
 *   activate ACTION [VALUE]   activate a window action ("win.save"), VALUE
 *                             in GVariant text form ("uint32 1")
 *   set KEY VALUE             change a setting (VALUE in GVariant text form)
 *   respond RESPONSE          answer the message dialog that is open (or
 *                             opens within 10 seconds) with RESPONSE
 *   wait MILLISECONDS
 *   print MESSAGE             print MESSAGE and a line break on stdout
 *   annotations               print "annotations N", N the annotations the
 *                             window's document holds
 *   quit                      quit the application
 *
 * An unknown command or a failure ends the process with status 3 and a
 * message on stderr, so the test sees it.
 */
void shu_test_script_run (ShuWindow *window);

G_END_DECLS
