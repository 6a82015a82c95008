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

/* Reads a zip archive held in memory, refusing what a hostile archive
 * does (docs/FORMAT.md, "Reading a .qdpx"): a name that climbs out of the
 * folder ("../", "/", "C:", "\\"), a symbolic link, more than
 * SHU_ZIP_MAX_ENTRIES entries, an entry over SHU_ZIP_MAX_ENTRY_SIZE or
 * all over SHU_ZIP_MAX_TOTAL_SIZE unpacked, or one unpacking to more than
 * it says. Nothing is ever written to disk here. */
#define SHU_ZIP_MAX_ENTRIES     10000
#define SHU_ZIP_MAX_ENTRY_SIZE  ((gsize) 256 * 1024 * 1024)
#define SHU_ZIP_MAX_TOTAL_SIZE  ((guint64) 1024 * 1024 * 1024)

typedef struct _ShuZipReader ShuZipReader;

ShuZipReader *shu_zip_reader_new   (GBytes        *archive,
                                    GError       **error);
gboolean      shu_zip_reader_has   (ShuZipReader  *self,
                                    const char    *name);
/* The entry @name unpacked; SHU_ERROR_NOT_FOUND when there is none. */
GBytes       *shu_zip_reader_read  (ShuZipReader  *self,
                                    const char    *name,
                                    GError       **error) G_GNUC_WARN_UNUSED_RESULT;
void          shu_zip_reader_free  (ShuZipReader  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuZipReader, shu_zip_reader_free)

G_END_DECLS
