/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Large buffers (a sidecar's bytes, the blocks of its JSON tree) in huge
 * pages where the kernel offers them on request (transparent huge pages in
 * "madvise" mode, Debian's default). Filling fresh memory costs a page
 * fault per 4 KiB page; on the virtual machines this was measured on, a
 * 60 MB buffer took 200 ms to fill that way and 20-70 ms in 2 MiB pages.
 * Smaller sizes, and systems without huge pages, get g_malloc(). Free with
 * g_free(). */
gpointer shu_big_alloc (gsize size);

/* For a program that is about to fill tens of MB of small blocks on its
 * main thread (GTK's text buffer for a 5 MB text): grows the main heap by
 * @reserve at once and asks for huge pages on it, so that it faults in 2
 * MiB at a time instead of 4 KiB; also keeps blocks under 4 MiB in the
 * heaps, and @reserve free at their tops for reuse.
 * Call it first thing in main(), before any thread starts. TRUE when huge
 * pages were asked for; FALSE where they cannot be (not glibc, no
 * MADV_HUGEPAGE, AddressSanitizer's allocator), which changes nothing. */
gboolean shu_big_alloc_tune_heap (gsize reserve);

/* Gives the heaps' free memory back to the system, for a worker thread
 * that has just let go of a large working set (a sidecar's JSON, the
 * suggestions' folding of a text). Freed memory otherwise stays with the
 * process: with the reserve above, up to @reserve at the top of every
 * thread's heap, and pages freed between blocks still in use. Does
 * nothing where it cannot (not glibc, AddressSanitizer's allocator). */
void     shu_big_alloc_trim      (void);

/* Reads the file at @path whole into a buffer from shu_big_alloc(), with a
 * NUL after the contents (not counted in @length). Errors as
 * g_file_get_contents(). */
gboolean shu_big_read_file (const char  *path,
                            char       **contents,
                            gsize       *length,
                            GError     **error);

G_END_DECLS
