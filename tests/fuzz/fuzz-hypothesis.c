/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-checks.h"

/* libFuzzer harness for the Hypothesis importer, on a fixed text: the
 * bundled essay, which the seeds (the sample's annotations in that format)
 * were made on. */

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);
int LLVMFuzzerInitialize (int *argc, char ***argv);

static ShuSource *source;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  g_autoptr(GFile) file = g_file_new_for_path (FUZZ_ESSAY);
  g_autoptr(GError) error = NULL;

  source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
  if (source == NULL)
    g_error ("%s", error->message);
  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  fuzz_check_hypothesis (source, data, size);
  return 0;
}
