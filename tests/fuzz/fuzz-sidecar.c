/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shu-sidecar.h"

/* libFuzzer harness for the sidecar reader: parse untrusted bytes, place
 * them on a fixed text (the bundled essay, so that the sample sidecar seeds
 * reach the exact-anchoring path and mutations of it the re-anchoring one),
 * and check that what was read writes back to bytes that read the same. */

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
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuSidecar) again = NULL;
  g_autoptr(ShuDocument) document2 = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) out2 = NULL;
  g_autoptr(GPtrArray) report = NULL;
  g_autoptr(GError) error = NULL;

  sidecar = shu_sidecar_parse (bytes, "fuzz.json", &error);
  if (sidecar == NULL)
    return 0;

  document = shu_sidecar_anchor (sidecar, source, &report, &error);
  if (document == NULL)
    return 0;

  /* What the app would save must read back: a sidecar we write is valid,
   * and reading and writing it again changes nothing. */
  out = shu_sidecar_serialize (document);
  again = shu_sidecar_parse (out, "again.json", &error);
  if (again == NULL)
    g_error ("written sidecar does not parse: %s", error->message);
  document2 = shu_sidecar_anchor (again, source, NULL, &error);
  if (document2 == NULL)
    g_error ("written sidecar does not anchor: %s", error->message);
  out2 = shu_sidecar_serialize (document2);
  if (!g_bytes_equal (out, out2))
    g_error ("writing a sidecar read back from our own output changed it");

  return 0;
}
