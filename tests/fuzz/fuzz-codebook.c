/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-checks.h"

/* libFuzzer harness for the project's code book, shulayim-codebook.json:
 * read, write, read, write: the same bytes. Criticals abort: see
 * fuzz-checks.c. */

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
  fuzz_check_codebook (data, size);
  return 0;
}
