/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <errno.h>
#include <string.h>

#include "shu-error.h"
#include "shu-project-index.h"
#include "shu-safe-file.h"
#include "shu-text.h"

/* The file: a 16-byte header (the magic with the version after it, so
 * that a reader tells another version from damage), the 64-bit digest of
 * the payload and its length (little-endian), then the payload: a GVariant
 * array of records. The digest makes a truncated or changed file an error
 * rather than wrong figures; GVariant itself reads any bytes safely. */
#define MAGIC "ShulayimIndex"
#define INDEX_VERSION '1'
#define HEADER_SIZE 32

#define STAMP "m" SHU_FILE_STAMP_VARIANT_TYPE
#define RECORD_TYPE "(s" STAMP "s" STAMP "bbuum(sis)a(ssssy)a{su}asssay)"
#define INDEX_TYPE "a" RECORD_TYPE
/* The same, as g_variant_new() takes it with the maybes made. */
#define RECORD_FORMAT "(s@" STAMP "s@" STAMP "bbuu@m(sis)a(ssssy)a{su}asss@ay)"

ShuIndexRecord *
shu_index_record_new (const char *name)
{
  ShuIndexRecord *record = g_new0 (ShuIndexRecord, 1);

  record->name = g_strdup (name);
  record->labels = g_ptr_array_new_with_free_func (g_object_unref);
  record->counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  record->annotators = g_ptr_array_new_with_free_func (g_free);
  return record;
}

void
shu_index_record_free (ShuIndexRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->name);
  g_clear_pointer (&record->text_stamp, shu_file_stamp_free);
  g_free (record->sidecar_path);
  g_clear_pointer (&record->sidecar_stamp, shu_file_stamp_free);
  g_clear_error (&record->error);
  g_ptr_array_unref (record->labels);
  g_hash_table_unref (record->counts);
  g_ptr_array_unref (record->annotators);
  g_free (record->direction);
  g_free (record->language);
  g_clear_pointer (&record->folded, g_bytes_unref);
  g_free (record);
}

GFile *
shu_project_index_dup_file (GFile *folder)
{
  g_autofree char *where = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  where = g_file_get_uri (folder);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, where, -1);
  name = g_strconcat (digest, ".index", NULL);
  return g_file_new_build_filename (g_get_user_cache_dir (), "shulayim", "projects", name,
                                    NULL);
}

static GVariant *
stamp_to_variant (const ShuFileStamp *stamp)
{
  return g_variant_new_maybe (G_VARIANT_TYPE (SHU_FILE_STAMP_VARIANT_TYPE),
                              stamp != NULL ? shu_file_stamp_to_variant (stamp) : NULL);
}

static GVariant *
record_to_variant (const ShuIndexRecord *record)
{
  GVariantBuilder labels, counts, annotators;
  GHashTableIter iter;
  gpointer key, value;
  GVariant *error = NULL;
  GVariant *folded;
  GVariant *maybe_error;

  g_variant_builder_init (&labels, G_VARIANT_TYPE ("a(ssssy)"));
  for (guint i = 0; i < record->labels->len; i++)
    {
      ShuLabel *label = g_ptr_array_index (record->labels, i);
      const char *description = shu_label_get_description (label);

      g_variant_builder_add (&labels, "(ssssy)", shu_label_get_id (label),
                             shu_label_get_name (label), shu_label_get_color (label),
                             description != NULL ? description : "",
                             (guchar) shu_label_get_shortcut (label));
    }
  g_variant_builder_init (&counts, G_VARIANT_TYPE ("a{su}"));
  g_hash_table_iter_init (&iter, record->counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_variant_builder_add (&counts, "{su}", key, GPOINTER_TO_UINT (value));
  g_variant_builder_init (&annotators, G_VARIANT_TYPE ("as"));
  for (guint i = 0; i < record->annotators->len; i++)
    g_variant_builder_add (&annotators, "s", g_ptr_array_index (record->annotators, i));
  if (record->error != NULL)
    error = g_variant_new ("(sis)", g_quark_to_string (record->error->domain),
                           record->error->code, record->error->message);
  maybe_error = g_variant_new_maybe (G_VARIANT_TYPE ("(sis)"), error);
  folded = record->folded != NULL
           ? g_variant_new_from_bytes (G_VARIANT_TYPE_BYTESTRING, record->folded, TRUE)
           : g_variant_new_from_data (G_VARIANT_TYPE_BYTESTRING, NULL, 0, TRUE, NULL, NULL);

  return g_variant_new (RECORD_FORMAT, record->name, stamp_to_variant (record->text_stamp),
                        record->sidecar_path != NULL ? record->sidecar_path : "",
                        stamp_to_variant (record->sidecar_stamp), record->readable,
                        record->has_sidecar, record->length, record->n_annotations,
                        maybe_error, &labels, &counts, &annotators,
                        record->direction != NULL ? record->direction : "",
                        record->language != NULL ? record->language : "", folded);
}

static ShuFileStamp *
stamp_from_variant (GVariant *maybe)
{
  g_autoptr(GVariant) value = g_variant_get_maybe (maybe);

  return value != NULL ? shu_file_stamp_new_from_variant (value) : NULL;
}

static char *
dup_nonempty (const char *text)
{
  return text[0] != '\0' ? g_strdup (text) : NULL;
}

static ShuIndexRecord *
parse_record (GVariant *value)
{
  g_autoptr(GVariant) text_stamp = g_variant_get_child_value (value, 1);
  g_autoptr(GVariant) sidecar_stamp = g_variant_get_child_value (value, 3);
  g_autoptr(GVariant) error = g_variant_get_child_value (value, 8);
  g_autoptr(GVariant) error_value = g_variant_get_maybe (error);
  g_autoptr(GVariant) labels = g_variant_get_child_value (value, 9);
  g_autoptr(GVariant) counts = g_variant_get_child_value (value, 10);
  g_autoptr(GVariant) annotators = g_variant_get_child_value (value, 11);
  g_autoptr(GVariant) folded = g_variant_get_child_value (value, 14);
  g_autoptr(ShuIndexRecord) record = NULL;
  const char *name, *sidecar_path, *direction, *language;
  GVariantIter iter;
  const char *id, *label_name, *color, *description, *key;
  guchar shortcut;
  guint count;

  g_variant_get_child (value, 0, "&s", &name);
  record = shu_index_record_new (name);
  record->text_stamp = stamp_from_variant (text_stamp);
  g_variant_get_child (value, 2, "&s", &sidecar_path);
  record->sidecar_path = dup_nonempty (sidecar_path);
  record->sidecar_stamp = stamp_from_variant (sidecar_stamp);
  g_variant_get_child (value, 4, "b", &record->readable);
  g_variant_get_child (value, 5, "b", &record->has_sidecar);
  g_variant_get_child (value, 6, "u", &record->length);
  g_variant_get_child (value, 7, "u", &record->n_annotations);
  if (error_value != NULL)
    {
      const char *domain, *message;
      int code;

      g_variant_get (error_value, "(&si&s)", &domain, &code, &message);
      record->error = g_error_new_literal (g_quark_from_string (domain), code, message);
    }

  g_variant_iter_init (&iter, labels);
  while (g_variant_iter_next (&iter, "(&s&s&s&sy)", &id, &label_name, &color, &description,
                              &shortcut))
    {
      /* The digest matched, but the file is in a folder any program may
       * write to (tests/fuzz/fuzz-project-index.c makes such files): a
       * label must still be one the model accepts. */
      if (id[0] == '\0' || label_name[0] == '\0' || !shu_label_color_is_valid (color)
          || (shortcut != 0 && (shortcut < '1' || shortcut > '9')))
        return NULL;
      g_ptr_array_add (record->labels,
                       shu_label_new (id, label_name, color,
                                      description[0] != '\0' ? description : NULL,
                                      (char) shortcut));
    }
  g_variant_iter_init (&iter, counts);
  while (g_variant_iter_next (&iter, "{&su}", &key, &count))
    g_hash_table_insert (record->counts, g_strdup (key), GUINT_TO_POINTER (count));
  g_variant_iter_init (&iter, annotators);
  while (g_variant_iter_next (&iter, "&s", &key))
    g_ptr_array_add (record->annotators, g_strdup (key));
  g_variant_get_child (value, 12, "&s", &direction);
  g_variant_get_child (value, 13, "&s", &language);
  record->direction = dup_nonempty (direction);
  record->language = dup_nonempty (language);
  if (record->readable)
    record->folded = g_variant_get_data_as_bytes (folded);
  return g_steal_pointer (&record);
}

static void
set_damaged (GError    **error,
             GFile      *file,
             const char *why)
{
  g_autofree char *name = shu_text_dup_file_name (file);

  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, "%s: %s", name, why);
}

GHashTable *
shu_project_index_load (GFile   *file,
                        GError **error)
{
  g_autoptr(GHashTable) records = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GVariant) index = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = NULL;
  guint64 digest, length;
  gsize size = 0;
  GVariantIter iter;
  GVariant *child;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  path = g_file_get_path (file);
  if (path == NULL || !g_file_get_contents (path, &contents, &size, error))
    return NULL;
  bytes = g_bytes_new_take (g_steal_pointer (&contents), size);
  if (size < HEADER_SIZE
      || memcmp (g_bytes_get_data (bytes, NULL), MAGIC, strlen (MAGIC)) != 0)
    {
      set_damaged (error, file, "not a project index");
      return NULL;
    }
  if (((const char *) g_bytes_get_data (bytes, NULL))[strlen (MAGIC)] != INDEX_VERSION)
    {
      set_damaged (error, file, "another version of the project index");
      return NULL;
    }
  memcpy (&digest, (const char *) g_bytes_get_data (bytes, NULL) + 16, 8);
  memcpy (&length, (const char *) g_bytes_get_data (bytes, NULL) + 24, 8);
  digest = GUINT64_FROM_LE (digest);
  length = GUINT64_FROM_LE (length);
  if (length != size - HEADER_SIZE
      || shu_file_stamp_digest ((const char *) g_bytes_get_data (bytes, NULL) + HEADER_SIZE,
                                length) != digest)
    {
      set_damaged (error, file, "the project index is damaged");
      return NULL;
    }

  payload = g_bytes_new_from_bytes (bytes, HEADER_SIZE, length);
  index = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (INDEX_TYPE), payload,
                                                        FALSE));
  records = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                   (GDestroyNotify) shu_index_record_free);
  g_variant_iter_init (&iter, index);
  while ((child = g_variant_iter_next_value (&iter)) != NULL)
    {
      ShuIndexRecord *record = parse_record (child);

      g_variant_unref (child);
      if (record == NULL)
        {
          set_damaged (error, file, "the project index is damaged");
          return NULL;
        }
      g_hash_table_replace (records, record->name, record);
    }
  return g_steal_pointer (&records);
}

static gboolean
write_index_cb (ShuFileSink  *sink,
                gpointer      user_data,
                GError      **error)
{
  GBytes **parts = user_data;

  for (guint i = 0; parts[i] != NULL; i++)
    if (!shu_file_sink_write (g_bytes_get_data (parts[i], NULL), g_bytes_get_size (parts[i]),
                              sink, error))
      return FALSE;
  return TRUE;
}

gboolean
shu_project_index_save (GFile      *file,
                        GPtrArray  *records,
                        GError    **error)
{
  GVariantBuilder builder;
  g_autoptr(GVariant) index = NULL;
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) header = NULL;
  g_autoptr(GFile) folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder_path = NULL;
  char head[HEADER_SIZE] = { 0 };
  guint64 digest, length;
  GBytes *parts[3];

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (records != NULL, FALSE);

  g_variant_builder_init (&builder, G_VARIANT_TYPE (INDEX_TYPE));
  for (guint i = 0; i < records->len; i++)
    g_variant_builder_add_value (&builder, record_to_variant (g_ptr_array_index (records, i)));
  index = g_variant_ref_sink (g_variant_builder_end (&builder));
  payload = g_variant_get_data_as_bytes (index);

  memcpy (head, MAGIC, strlen (MAGIC));
  head[strlen (MAGIC)] = INDEX_VERSION;
  head[strlen (MAGIC) + 1] = '\n';
  digest = GUINT64_TO_LE (shu_file_stamp_digest (g_bytes_get_data (payload, NULL),
                                                 g_bytes_get_size (payload)));
  length = GUINT64_TO_LE ((guint64) g_bytes_get_size (payload));
  memcpy (head + 16, &digest, 8);
  memcpy (head + 24, &length, 8);
  header = g_bytes_new (head, sizeof head);
  parts[0] = header;
  parts[1] = payload;
  parts[2] = NULL;

  path = g_file_get_path (file);
  g_return_val_if_fail (path != NULL, FALSE);
  folder_path = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder_path, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "%s: %s",
                   folder_path, g_strerror (saved));
      return FALSE;
    }
  /* A cache: not synced to the disk (a lost index is rebuilt), but always
   * whole, since another file is renamed over it. */
  return shu_safe_file_replace (path, 0600, FALSE, write_index_cb, parts, NULL, error);
}
