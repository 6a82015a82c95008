/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Writes a zip archive in memory (deflated entries, no zip64), for the
 * REFI-QDA export: GIO's zlib compressor does the deflating, so no zip
 * library is linked (docs/DESIGN.md, "Zip and XML"). */
typedef struct _ShuZipWriter ShuZipWriter;

ShuZipWriter *shu_zip_writer_new    (void);
/* Adds @name ("Sources/a.txt", '/'-separated, relative) holding @data. */
void          shu_zip_writer_add    (ShuZipWriter *self,
                                     const char   *name,
                                     GBytes       *data);
/* The archive; the writer is freed. (transfer full) */
GBytes       *shu_zip_writer_finish (ShuZipWriter *self) G_GNUC_WARN_UNUSED_RESULT;
void          shu_zip_writer_free   (ShuZipWriter *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuZipWriter, shu_zip_writer_free)

G_END_DECLS
