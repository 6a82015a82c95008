/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preloaded by the "main-thread-io" test (tests/ui/meson.build): records
 * every file the main thread opens, makes, renames or removes under a
 * folder the test names, so that the test fails when the window reads or
 * writes a user's file on the thread that draws it. The test finds
 * shu_io_watch_start() and shu_io_watch_take() with dlsym().
 *
 * Only the main thread records (no lock is needed for that); other threads
 * and other folders (icons, fonts, settings) pass through untouched. */
/* Both open() and open64() are defined here: no renaming of one to the
 * other. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOG_SIZE 16384

static char watched[4096];
static size_t watched_len;
static char log_text[LOG_SIZE];
static size_t log_len;

void  shu_io_watch_start (const char *folder);
char *shu_io_watch_take  (void);

static int
on_main_thread (void)
{
  return syscall (SYS_gettid) == getpid ();
}

static void
record (const char *call,
        const char *path)
{
  int n;

  if (watched_len == 0 || path == NULL || !on_main_thread ())
    return;
  if (strncmp (path, watched, watched_len) != 0
      || (path[watched_len] != '/' && path[watched_len] != '\0'))
    return;
  n = snprintf (log_text + log_len, LOG_SIZE - log_len, "%s %s\n", call, path);
  if (n > 0 && (size_t) n < LOG_SIZE - log_len)
    log_len += n;
}

void
shu_io_watch_start (const char *folder)
{
  snprintf (watched, sizeof watched, "%s", folder);
  watched_len = strlen (watched);
  log_len = 0;
  log_text[0] = '\0';
}

/* What was recorded since shu_io_watch_start(), one "call path" a line
 * (free() it); watching stops. */
char *
shu_io_watch_take (void)
{
  watched_len = 0;
  return strdup (log_text);
}

#define REAL(name) \
  static __typeof__ (name) *real; \
  if (real == NULL) \
    real = (__typeof__ (name) *) dlsym (RTLD_NEXT, #name)

static mode_t
mode_arg (int     flags,
          va_list ap)
{
  return (flags & O_CREAT) || (flags & __O_TMPFILE) == __O_TMPFILE ? va_arg (ap, mode_t) : 0;
}

int
open (const char *path,
      int         flags,
      ...)
{
  va_list ap;
  mode_t mode;
  REAL (open);

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  record ("open", path);
  return real (path, flags, mode);
}

int
open64 (const char *path,
        int         flags,
        ...)
{
  va_list ap;
  mode_t mode;
  REAL (open64);

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  record ("open", path);
  return real (path, flags, mode);
}

int
openat (int         dirfd,
        const char *path,
        int         flags,
        ...)
{
  va_list ap;
  mode_t mode;
  REAL (openat);

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  record ("open", path);
  return real (dirfd, path, flags, mode);
}

int
openat64 (int         dirfd,
          const char *path,
          int         flags,
          ...)
{
  va_list ap;
  mode_t mode;
  REAL (openat64);

  va_start (ap, flags);
  mode = mode_arg (flags, ap);
  va_end (ap);
  record ("open", path);
  return real (dirfd, path, flags, mode);
}

FILE *
fopen (const char *path,
       const char *how)
{
  REAL (fopen);

  record ("open", path);
  return real (path, how);
}

FILE *
fopen64 (const char *path,
         const char *how)
{
  REAL (fopen64);

  record ("open", path);
  return real (path, how);
}

int
mkdir (const char *path,
       mode_t      mode)
{
  REAL (mkdir);

  record ("mkdir", path);
  return real (path, mode);
}

int
rename (const char *from,
        const char *to)
{
  REAL (rename);

  record ("rename", to);
  return real (from, to);
}

int
unlink (const char *path)
{
  REAL (unlink);

  record ("unlink", path);
  return real (path);
}
