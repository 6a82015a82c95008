/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-checks.h"

/* libFuzzer harness for the REFI-QDA importer: an input starting "PK" is a
 * whole archive (the zip reader), any other is project.qde put in one (the
 * XML reader). Nothing is written. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_check_qdpx (data, size);
  return 0;
}
