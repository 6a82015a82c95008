/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "shu-big-alloc.h"
#include "shu-error.h"

#define HUGE_PAGE ((gsize) 2 * 1024 * 1024)

gpointer
shu_big_alloc (gsize size)
{
#ifdef MADV_HUGEPAGE
  if (size >= HUGE_PAGE)
    {
      gsize rounded = (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
      void *memory = NULL;

      /* Aligned, so that the kernel can back all of it with huge pages;
       * free() (and so g_free()) releases memory from posix_memalign(). */
      if (rounded >= size && posix_memalign (&memory, HUGE_PAGE, rounded) == 0)
        {
          /* Only advice: without huge pages it is ordinary memory. */
          (void) madvise (memory, rounded, MADV_HUGEPAGE);
          return memory;
        }
    }
#endif
  return g_malloc (size);
}

void
shu_big_alloc_trim (void)
{
#if defined (__GLIBC__) && !defined (__SANITIZE_ADDRESS__)
  malloc_trim (0);
#endif
}

gboolean
shu_big_alloc_tune_heap (gsize reserve)
{
#if defined (__GLIBC__) && defined (MADV_HUGEPAGE) && !defined (__SANITIZE_ADDRESS__)
  char *start, *end;
  void *block;

  g_return_val_if_fail (reserve >= HUGE_PAGE && reserve <= G_MAXINT / 2, FALSE);

  /* Blocks under 4 MiB come from the heaps instead of a fresh mmap()
   * each (the default threshold starts at 128 KiB); the heaps grow by
   * @reserve at a time, and keep that much free at their top instead of
   * giving it back to the system and faulting it in again. */
  mallopt (M_MMAP_THRESHOLD, 4 * 1024 * 1024);
  mallopt (M_TOP_PAD, (int) reserve);

  /* Grow the heap now, by @reserve, and ask for huge pages on the whole
   * 2 MiB pages of what was added. */
  start = sbrk (0);
  block = malloc (1024 * 1024);
  /* Used, so that the compiler cannot drop the malloc() and free() pair. */
  if (block != NULL)
    ((volatile char *) block)[0] = 0;
  /* The end after free(), which trims what is above the pad: advice on
   * a range that is no longer mapped fails. */
  free (block);
  end = sbrk (0);
  if (start == (void *) -1 || end == (void *) -1)
    return FALSE;
  start = (char *) (((guintptr) start + HUGE_PAGE - 1) & ~(guintptr) (HUGE_PAGE - 1));
  end = (char *) ((guintptr) end & ~(guintptr) (HUGE_PAGE - 1));
  if (end <= start)
    return FALSE;
  return madvise (start, (gsize) (end - start), MADV_HUGEPAGE) == 0;
#else
  return FALSE;
#endif
}

gboolean
shu_big_read_file (const char  *path,
                   char       **contents,
                   gsize       *length,
                   GError     **error)
{
  struct stat st;
  char *buffer;
  gsize size, done = 0;
  int fd;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (contents != NULL && length != NULL, FALSE);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    return shu_set_error_from_errno (error, errno);
  if (fstat (fd, &st) != 0)
    {
      int saved = errno;

      close (fd);
      return shu_set_error_from_errno (error, saved);
    }
  if (!S_ISREG (st.st_mode) || st.st_size < 0 || (guint64) st.st_size >= G_MAXSIZE / 2)
    {
      close (fd);
      return shu_set_error_from_errno (error, S_ISDIR (st.st_mode) ? EISDIR : EINVAL);
    }

  /* The size may change while reading (another program writing): read
   * what is there, growing the buffer if need be, like
   * g_file_get_contents() does. */
  size = (gsize) st.st_size + 1;
  buffer = shu_big_alloc (size);
  for (;;)
    {
      gssize got;

      if (done + 1 >= size)
        {
          char probe;

          /* Full: grow only if there is more, not to find out there is
           * none (that copied the whole buffer). */
          got = read (fd, &probe, 1);
          if (got < 0 && errno == EINTR)
            continue;
          if (got == 1)
            {
              size *= 2;
              buffer = g_realloc (buffer, size);
              buffer[done++] = probe;
              continue;
            }
        }
      else
        got = read (fd, buffer + done, size - 1 - done);
      if (got < 0 && errno == EINTR)
        continue;
      if (got < 0)
        {
          int saved = errno;

          g_free (buffer);
          close (fd);
          return shu_set_error_from_errno (error, saved);
        }
      if (got == 0)
        break;
      done += (gsize) got;
    }
  close (fd);

  buffer[done] = '\0';
  *contents = buffer;
  *length = done;
  return TRUE;
}
