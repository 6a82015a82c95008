/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Preloaded by the "main-thread-io" test (tests/ui/meson.build): records
 * every file the main thread opens, makes, renames, removes, looks at
 * (stat, access) or lists under the folders the test names, so that the
 * test fails when the window reads or writes a user's file, or asks the
 * disk about one, on the thread that draws it: on a network folder a
 * stat blocks as long as a read. The test finds shu_io_watch_start(),
 * shu_io_watch_add() and shu_io_watch_take() with dlsym().
 *
 * Only the main thread records (no lock is needed for that); other threads
 * and other folders (icons, fonts, settings) pass through untouched. */
/* Both open() and open64() are defined here: no renaming of one to the
 * other. */
#undef _FILE_OFFSET_BITS
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define LOG_SIZE 16384
#define MAX_WATCHED 4

static char watched[MAX_WATCHED][4096];
static size_t watched_len[MAX_WATCHED];
static int n_watched;
static char log_text[LOG_SIZE];
static size_t log_len;

void  shu_io_watch_start (const char *folder);
void  shu_io_watch_add   (const char *path);
char *shu_io_watch_take  (void);
void  shu_io_slow_down   (const char *folder,
                          unsigned    ms);

/* Other threads' removals under this folder take this long: a slow disk,
 * so that a main thread waiting for a worker shows as a stall. */
static char slow_folder[4096];
static unsigned slow_ms;

static int
on_main_thread (void)
{
  return syscall (SYS_gettid) == getpid ();
}

static void
record (const char *call,
        const char *path)
{
  int n, i;

  if (n_watched == 0 || path == NULL || !on_main_thread ())
    return;
  for (i = 0; i < n_watched; i++)
    {
      size_t len = watched_len[i];

      if (strncmp (path, watched[i], len) == 0 && (path[len] == '/' || path[len] == '\0'))
        break;
    }
  if (i == n_watched)
    return;
  n = snprintf (log_text + log_len, LOG_SIZE - log_len, "%s %s\n", call, path);
  if (n > 0 && (size_t) n < LOG_SIZE - log_len)
    log_len += n;
}

/* Watches @path (a folder or a file) as well, until shu_io_watch_take(). */
void
shu_io_watch_add (const char *path)
{
  if (n_watched == MAX_WATCHED)
    abort ();
  snprintf (watched[n_watched], sizeof watched[n_watched], "%s", path);
  watched_len[n_watched] = strlen (watched[n_watched]);
  n_watched++;
}

void
shu_io_watch_start (const char *folder)
{
  n_watched = 0;
  shu_io_watch_add (folder);
  log_len = 0;
  log_text[0] = '\0';
}

/* What was recorded since shu_io_watch_start(), one "call path" a line
 * (free() it); watching stops. */
char *
shu_io_watch_take (void)
{
  n_watched = 0;
  return strdup (log_text);
}

/* Makes other threads' removals under @folder take @ms milliseconds from
 * now on (0: no longer). */
void
shu_io_slow_down (const char *folder,
                  unsigned    ms)
{
  snprintf (slow_folder, sizeof slow_folder, "%s", folder);
  slow_ms = ms;
}

static void
maybe_slow (const char *path)
{
  size_t len = strlen (slow_folder);

  if (slow_ms > 0 && path != NULL && !on_main_thread ()
      && strncmp (path, slow_folder, len) == 0 && path[len] == '/')
    usleep (slow_ms * 1000);
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
  maybe_slow (path);
  return real (path);
}

/* Asking about a file: GLib's g_file_query_info() uses statx(), g_stat()
 * stat(), g_file_test() access() and stat(), g_dir_open() opendir(). */

int
stat (const char  *path,
      struct stat *buf)
{
  REAL (stat);

  record ("stat", path);
  return real (path, buf);
}

int
stat64 (const char    *path,
        struct stat64 *buf)
{
  REAL (stat64);

  record ("stat", path);
  return real (path, buf);
}

int
lstat (const char  *path,
       struct stat *buf)
{
  REAL (lstat);

  record ("stat", path);
  return real (path, buf);
}

int
lstat64 (const char    *path,
         struct stat64 *buf)
{
  REAL (lstat64);

  record ("stat", path);
  return real (path, buf);
}

int
fstatat (int          dirfd,
         const char  *path,
         struct stat *buf,
         int          flags)
{
  REAL (fstatat);

  record ("stat", path);
  return real (dirfd, path, buf, flags);
}

int
fstatat64 (int            dirfd,
           const char    *path,
           struct stat64 *buf,
           int            flags)
{
  REAL (fstatat64);

  record ("stat", path);
  return real (dirfd, path, buf, flags);
}

int
statx (int           dirfd,
       const char   *path,
       int           flags,
       unsigned int  mask,
       struct statx *buf)
{
  REAL (statx);

  record ("stat", path);
  return real (dirfd, path, flags, mask, buf);
}

int
access (const char *path,
        int         how)
{
  REAL (access);

  record ("access", path);
  return real (path, how);
}

int
faccessat (int         dirfd,
           const char *path,
           int         how,
           int         flags)
{
  REAL (faccessat);

  record ("access", path);
  return real (dirfd, path, how, flags);
}

DIR *
opendir (const char *path)
{
  REAL (opendir);

  record ("list", path);
  return real (path);
}

int
remove (const char *path)
{
  REAL (remove);

  record ("unlink", path);
  maybe_slow (path);
  return real (path);
}
