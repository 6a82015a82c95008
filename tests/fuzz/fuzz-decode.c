/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-checks.h"

/* libFuzzer harness for the text decoder (see fuzz_check_decode()). */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_check_decode (data, size);
  return 0;
}
