/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preloaded by the "backup-copy" test (tests/model/meson.build): link()
 * fails as it does on file systems without hard links (FAT, exFAT, some
 * network shares), so that saves keep their backups by copying. */
#include <errno.h>
#include <unistd.h>

int
link (const char *from,
      const char *to)
{
  (void) from;
  (void) to;
  errno = EPERM;
  return -1;
}
