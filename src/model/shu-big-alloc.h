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

/* Reads the file at @path whole into a buffer from shu_big_alloc(), with a
 * NUL after the contents (not counted in @length). Errors as
 * g_file_get_contents(). */
gboolean shu_big_read_file (const char  *path,
                            char       **contents,
                            gsize       *length,
                            GError     **error);

G_END_DECLS
