/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-checks.h"

/* libFuzzer harness for the project index in the user's cache folder (an index a
 * damaged disk, another version or a hostile program left there must load or
 * be refused, never crash the app). Criticals abort: see fuzz-checks.c. */

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
  fuzz_check_project_index (data, size);
  return 0;
}
