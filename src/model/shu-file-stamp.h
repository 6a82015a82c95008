/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/**
 * ShuFileStamp:
 *
 * What a file was when it was read or written: its size, times and inode
 * (cheap to compare with a stat) and a 64-bit digest of its bytes (exact).
 *
 * Telling whether a file is still what the program last saw used to mean
 * reading and hashing it whole; for a 60 MB sidecar that blocked the
 * window for a third of a second before and after every save. A stamp
 * answers from the file's metadata when nothing about it moved, and only
 * reads the bytes when something did: then a file touched but not changed
 * (same bytes) is still the same, and the stamp takes its new metadata.
 *
 * The digest is for noticing changes, not against an attacker: files come
 * from colleagues and sync clients, not from someone crafting collisions.
 */
typedef struct _ShuFileStamp ShuFileStamp;

typedef enum
{
  SHU_FILE_SAME,
  SHU_FILE_CHANGED,
  SHU_FILE_UNREADABLE,   /* missing, not a regular file, or not readable */
} ShuFileState;

/* The attributes a stamp needs from g_file_query_info(). */
#define SHU_FILE_STAMP_ATTRIBUTES \
  G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_TIME_MODIFIED "," \
  G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC "," G_FILE_ATTRIBUTE_TIME_CHANGED "," \
  G_FILE_ATTRIBUTE_TIME_CHANGED_USEC "," G_FILE_ATTRIBUTE_UNIX_INODE "," \
  G_FILE_ATTRIBUTE_UNIX_DEVICE

GType         shu_file_stamp_get_type (void) G_GNUC_CONST;

/* @info was queried (with SHU_FILE_STAMP_ATTRIBUTES) before @data was read
 * or after it was written: a change in between then shows as a change. */
ShuFileStamp *shu_file_stamp_new      (GFileInfo     *info,
                                       const void    *data,
                                       gsize          size);
/* The same, from a digest of @n_bytes computed while they were written. */
ShuFileStamp *shu_file_stamp_new_from_digest (GFileInfo *info,
                                              guint64    n_bytes,
                                              guint64    digest);
/* Reads @file whole; NULL when it cannot be read. */
ShuFileStamp *shu_file_stamp_read     (GFile         *file,
                                       GCancellable  *cancellable,
                                       GError       **error);
ShuFileStamp *shu_file_stamp_copy     (const ShuFileStamp *self);
void          shu_file_stamp_free     (ShuFileStamp  *self);
gboolean      shu_file_stamp_same_bytes (const ShuFileStamp *a,
                                         const ShuFileStamp *b);
/* Whether @a and @b (nullable) say the same of a file: its metadata and
 * its bytes; both NULL are equal. */
gboolean      shu_file_stamp_equal    (const ShuFileStamp *a,
                                       const ShuFileStamp *b);
/* Whether @file still has the bytes @self was made from; reads it only
 * when its metadata changed, and then updates @self's metadata when the
 * bytes are the same. */
ShuFileState  shu_file_stamp_check    (ShuFileStamp  *self,
                                       GFile         *file,
                                       GCancellable  *cancellable);
/* The stamp as a value of type SHU_FILE_STAMP_VARIANT_TYPE, to keep in a
 * cache, and back; from_variant() returns NULL for a value of another
 * type. */
#define SHU_FILE_STAMP_VARIANT_TYPE "(bttttutt)"
GVariant     *shu_file_stamp_to_variant   (const ShuFileStamp *self);
ShuFileStamp *shu_file_stamp_new_from_variant (GVariant       *value);

/* The digest of @size bytes. */
guint64       shu_file_stamp_digest   (const void    *data,
                                       gsize          size);

/* The same digest of bytes that come in pieces, as they are written:
 * init, update with each piece, finish. Fed the same bytes, cut anywhere,
 * it gives what shu_file_stamp_digest() gives for them whole. */
typedef struct
{
  /*< private >*/
  guint64 lanes[4];
  guint64 size;
  guint8  pending[32];
  gsize   n_pending;
} ShuDigest;

void          shu_digest_init         (ShuDigest     *digest);
void          shu_digest_update       (ShuDigest     *digest,
                                       const void    *data,
                                       gsize          size);
guint64       shu_digest_finish       (const ShuDigest *digest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuFileStamp, shu_file_stamp_free)

G_END_DECLS
