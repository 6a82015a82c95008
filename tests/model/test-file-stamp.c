/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <utime.h>

#include <glib/gstdio.h>

#include "shu-error.h"
#include "shu-file-stamp.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

static char *tmpdir;

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
  g_assert_no_error (error);
}

/* Overwrites @path in place (same inode), then puts its modification time
 * back, as `rsync --inplace -t` or a careless tool might. */
static void
rewrite_in_place_keeping_mtime (const char *path,
                                const char *contents)
{
  struct stat st;
  struct utimbuf times;
  FILE *f;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  f = fopen (path, "r+");
  g_assert_nonnull (f);
  g_assert_cmpuint (fwrite (contents, 1, strlen (contents), f), ==, strlen (contents));
  fclose (f);
  times.actime = st.st_atime;
  times.modtime = st.st_mtime;
  g_assert_cmpint (utime (path, &times), ==, 0);
}

static void
test_digest (void)
{
  guint8 data[300];
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 3);

  /* Every length, and every single-bit change at every position of a
   * 100-byte input, gives a digest of its own. */
  for (gsize n = 0; n <= 100; n++)
    {
      gint64 *d = g_new (gint64, 1);

      *d = (gint64) shu_file_stamp_digest (data, n);
      g_assert_false (g_hash_table_contains (seen, d));
      g_hash_table_add (seen, d);
      g_assert_cmpuint (shu_file_stamp_digest (data, n), ==, (guint64) *d);
    }
  for (gsize pos = 0; pos < 100; pos++)
    for (guint bit = 0; bit < 8; bit++)
      {
        gint64 *d = g_new (gint64, 1);

        data[pos] ^= (guint8) (1u << bit);
        *d = (gint64) shu_file_stamp_digest (data, 100);
        data[pos] ^= (guint8) (1u << bit);
        g_assert_false (g_hash_table_contains (seen, d));
        g_hash_table_add (seen, d);
      }
  /* Two words swapped are a change too (lanes are not summed blindly). */
  {
    guint8 swapped[64];
    guint64 a = shu_file_stamp_digest (data, 64);

    memcpy (swapped, data, 64);
    memcpy (swapped, data + 8, 8);
    memcpy (swapped + 8, data, 8);
    g_assert_cmpuint (shu_file_stamp_digest (swapped, 64), !=, a);
  }
}

/* The digest fed in pieces, cut anywhere, is the digest of the whole; and
 * both are what they were before the digest could be fed in pieces (the
 * values below were computed then), so stamps made before still match. */
static void
test_digest_pieces (void)
{
  static const struct
  {
    gsize   n;
    guint64 digest;
  } known[] = {
    { 0, G_GUINT64_CONSTANT (0x9090306c6e91ed59) },
    { 1, G_GUINT64_CONSTANT (0x04a426dcf5072e94) },
    { 7, G_GUINT64_CONSTANT (0x2a422c794f718c4e) },
    { 8, G_GUINT64_CONSTANT (0x4ecf90a464e00d63) },
    { 31, G_GUINT64_CONSTANT (0x533b46c9220ac8d3) },
    { 32, G_GUINT64_CONSTANT (0xdf41e6d9d9929dcf) },
    { 33, G_GUINT64_CONSTANT (0x32924817e7460fa3) },
    { 63, G_GUINT64_CONSTANT (0x5711b36958a1ecdf) },
    { 64, G_GUINT64_CONSTANT (0x5d61981766b35900) },
    { 100, G_GUINT64_CONSTANT (0x631f300042780170) },
    { 255, G_GUINT64_CONSTANT (0x2d553c4e464ad685) },
    { 300, G_GUINT64_CONSTANT (0x506dbf0a20b4f77f) },
  };
  guint8 data[300];
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + 3);

  for (guint k = 0; k < G_N_ELEMENTS (known); k++)
    {
      gsize n = known[k].n;

      g_assert_cmpuint (shu_file_stamp_digest (data, n), ==, known[k].digest);
      /* One byte at a time, then random cuts (empty pieces included). */
      for (guint trial = 0; trial < 20; trial++)
        {
          ShuDigest digest;
          gsize at = 0;

          shu_digest_init (&digest);
          shu_digest_update (&digest, NULL, 0);
          while (at < n)
            {
              gsize piece = trial == 0 ? 1 : (gsize) g_rand_int_range (rand, 0, 70);

              piece = MIN (piece, n - at);
              shu_digest_update (&digest, data + at, piece);
              at += piece;
            }
          g_assert_cmpuint (shu_digest_finish (&digest), ==, known[k].digest);
        }
    }
}

static void
test_check (void)
{
  g_autofree char *path = g_build_filename (tmpdir, "stamped.txt", NULL);
  g_autofree char *other = g_build_filename (tmpdir, "other.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ShuFileStamp) stamp = NULL;
  g_autoptr(ShuFileStamp) again = NULL;
  g_autoptr(GError) error = NULL;
  struct utimbuf times = { 1000000000, 1000000000 };

  write_file (path, "שלום עולם, first version");
  stamp = shu_file_stamp_read (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (stamp);
  g_assert_cmpint (shu_file_stamp_check (stamp, file, NULL), ==, SHU_FILE_SAME);

  /* Touched, not changed: still the same, and the stamp took the new
   * metadata (equal no more to what it was, the same bytes). */
  {
    g_autoptr(ShuFileStamp) before = shu_file_stamp_copy (stamp);

    g_assert_true (shu_file_stamp_equal (before, stamp));
    g_assert_true (shu_file_stamp_equal (NULL, NULL));
    g_assert_false (shu_file_stamp_equal (stamp, NULL));
    g_assert_cmpint (utime (path, &times), ==, 0);
    g_assert_cmpint (shu_file_stamp_check (stamp, file, NULL), ==, SHU_FILE_SAME);
    g_assert_false (shu_file_stamp_equal (before, stamp));
    g_assert_true (shu_file_stamp_same_bytes (before, stamp));
  }

  /* Same size, same modification time, other bytes: the change time
   * gives it away, and the bytes decide. */
  rewrite_in_place_keeping_mtime (path, "שלום עולם, FIRST version");
  g_assert_cmpint (shu_file_stamp_check (stamp, file, NULL), ==, SHU_FILE_CHANGED);
  g_clear_pointer (&stamp, shu_file_stamp_free);
  stamp = shu_file_stamp_read (file, NULL, NULL);

  /* Replaced by a rename, as atomic saves do. */
  write_file (other, "a colleague's version");
  g_assert_cmpint (g_rename (other, path), ==, 0);
  g_assert_cmpint (shu_file_stamp_check (stamp, file, NULL), ==, SHU_FILE_CHANGED);

  /* Replaced by a rename with the very same bytes: the same. */
  again = shu_file_stamp_read (file, NULL, NULL);
  write_file (other, "a colleague's version");
  g_assert_cmpint (g_rename (other, path), ==, 0);
  g_assert_cmpint (shu_file_stamp_check (again, file, NULL), ==, SHU_FILE_SAME);

  /* Gone. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (shu_file_stamp_check (again, file, NULL), ==, SHU_FILE_UNREADABLE);
  g_assert_null (shu_file_stamp_read (file, NULL, &error));
  g_assert_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND);
}

/* Loading and saving a sidecar give the document a stamp of the file
 * without reading it again, and the stamp knows the file as written. */
static void
test_sidecar_stamps (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) essay = g_file_new_for_path (g_getenv ("SHU_ESSAY"));
  g_autoptr(ShuSource) source = shu_source_new_from_file (essay, SHU_ENCODING_AUTO, NULL,
                                                          &error);
  g_autofree char *path = g_build_filename (tmpdir, "s.annotations.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(ShuDocument) loaded = NULL;
  g_autoptr(ShuSidecar) sidecar = NULL;
  g_autoptr(ShuFileStamp) on_disk = NULL;
  g_autoptr(ShuFileStamp) copy = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (shu_source_get_file_stamp (source));
  g_assert_cmpint (shu_file_stamp_check (copy = shu_file_stamp_copy (
                                           shu_source_get_file_stamp (source)), essay, NULL),
                   ==, SHU_FILE_SAME);

  document = shu_document_new (source, NULL);
  g_assert_null (shu_document_get_sidecar_stamp (document));
  g_assert_true (shu_sidecar_save (document, file, &error));
  g_assert_no_error (error);
  g_assert_nonnull (shu_document_get_sidecar_stamp (document));
  on_disk = shu_file_stamp_read (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_file_stamp_same_bytes (shu_document_get_sidecar_stamp (document), on_disk));

  sidecar = shu_sidecar_load (file, NULL, &error);
  g_assert_no_error (error);
  loaded = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_file_stamp_same_bytes (shu_document_get_sidecar_stamp (loaded), on_disk));

  /* Pointing the document at another file forgets the stamp. */
  {
    g_autoptr(GFile) elsewhere = g_file_new_build_filename (tmpdir, "elsewhere.json", NULL);

    shu_document_set_sidecar_file (loaded, elsewhere);
    g_assert_null (shu_document_get_sidecar_stamp (loaded));
  }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  shu_test_use_private_tmp ();

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("shu-stamp-XXXXXX", NULL);
  g_assert_nonnull (tmpdir);

  g_test_add_func ("/file-stamp/digest", test_digest);
  g_test_add_func ("/file-stamp/digest-pieces", test_digest_pieces);
  g_test_add_func ("/file-stamp/check", test_check);
  g_test_add_func ("/file-stamp/sidecar", test_sidecar_stamps);
  ret = g_test_run ();

  {
    const char *name;
    GDir *dir = g_dir_open (tmpdir, 0, NULL);

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (tmpdir, name, NULL);

        g_unlink (child);
      }
    if (dir != NULL)
      g_dir_close (dir);
    g_rmdir (tmpdir);
  }
  g_free (tmpdir);
  return ret;
}
