/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-checks.h"

/* libFuzzer harness for brat's annotation.conf and visual.conf reader (the two
 * files in one input, a NUL byte between them), with the labels it gives
 * and the annotation.conf they write. Criticals abort: see fuzz-checks.c. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  fuzz_abort_on_criticals ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_check_brat_config (data, size);
  return 0;
}
