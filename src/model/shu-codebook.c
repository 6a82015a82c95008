/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-codebook.h"
#include "shu-error.h"
#include "shu-json-tree.h"
#include "shu-json-writer.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"

#define CODEBOOK_TYPE "ShulayimCodebook"

static gboolean fail_at (GError     **error,
                         ShuJsonNode *node,
                         const char  *display_name,
                         const char  *format,
                         ...) G_GNUC_PRINTF (4, 5);

/* Points at @node (NULL: the whole file). */
static gboolean
fail_at (GError     **error,
         ShuJsonNode *node,
         const char  *display_name,
         const char  *format,
         ...)
{
  ShuJsonPos pos = { 1, 1 };
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);
  if (node != NULL)
    shu_json_node_get_pos (node, &pos);
  g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID, "%s:%u:%u: %s", display_name, pos.line,
               pos.column, reason);
  return FALSE;
}

/* A member that must be a string when present; NULL when absent. */
static gboolean
get_string (ShuJsonNode  *object,
            const char   *name,
            const char  **value)
{
  ShuJsonNode *member = shu_json_node_get_member (object, name);

  *value = NULL;
  if (member == NULL || shu_json_node_get_type (member) == SHU_JSON_NULL)
    return TRUE;
  if (shu_json_node_get_type (member) != SHU_JSON_STRING)
    return FALSE;
  *value = shu_json_node_get_string (member);
  return TRUE;
}

ShuLabelSet *
shu_codebook_parse (GBytes      *bytes,
                    const char  *display_name,
                    GError     **error)
{
  g_autoptr(ShuJsonTree) tree = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  ShuJsonNode *root, *version, *type, *items;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (display_name != NULL, NULL);

  if (size > SHU_CODEBOOK_MAX_BYTES)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_TOO_LARGE,
                   _("%s: the code book is larger than %u MiB"), display_name,
                   (guint) (SHU_CODEBOOK_MAX_BYTES / (1024 * 1024)));
      return NULL;
    }
  /* The project's strict reader: json-glib's failings are documented there. */
  tree = shu_json_tree_read (data != NULL ? data : "", size, SHU_CODEBOOK_MAX_DEPTH,
                             SHU_JSON_READ_DEFAULT, display_name, error);
  if (tree == NULL)
    return NULL;
  root = shu_json_tree_get_root (tree);
  if (shu_json_node_get_type (root) != SHU_JSON_OBJECT)
    {
      fail_at (error, NULL, display_name, _("a code book is a JSON object"));
      return NULL;
    }

  type = shu_json_node_get_member (root, "type");
  version = shu_json_node_get_member (root, "version");
  if (type == NULL || shu_json_node_get_type (type) != SHU_JSON_STRING
      || g_strcmp0 (shu_json_node_get_string (type), CODEBOOK_TYPE) != 0)
    {
      fail_at (error, NULL, display_name, _("\"type\" is not \"%s\""), CODEBOOK_TYPE);
      return NULL;
    }
  if (version == NULL || shu_json_node_get_type (version) != SHU_JSON_INTEGER)
    {
      fail_at (error, NULL, display_name, _("\"version\" is missing"));
      return NULL;
    }
  if (shu_json_node_get_int (version) != SHU_CODEBOOK_VERSION)
    {
      g_autofree char *number = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 shu_json_node_get_int (version));

      /* Never guessed at: a newer code book may mean something else. */
      g_set_error (error, SHU_ERROR, SHU_ERROR_VERSION,
                   _("%s: code book version %s is not known to this version of Shulayim"),
                   display_name, number);
      return NULL;
    }

  items = shu_json_node_get_member (root, "labels");
  if (items == NULL || shu_json_node_get_type (items) != SHU_JSON_ARRAY)
    {
      fail_at (error, NULL, display_name, _("\"labels\" is not a list"));
      return NULL;
    }

  for (guint i = 0; i < shu_json_node_get_length (items); i++)
    {
      ShuJsonNode *item = shu_json_node_get_element (items, i);
      const char *id, *name, *color, *description, *shortcut;
      g_autoptr(ShuLabel) label = NULL;
      g_autoptr(ShuLabel) declared = NULL;
      ShuJsonPos pos = { 1, 1 };

      if (shu_json_node_get_type (item) != SHU_JSON_OBJECT
          || !get_string (item, "id", &id) || !get_string (item, "name", &name)
          || !get_string (item, "color", &color)
          || !get_string (item, "description", &description)
          || !get_string (item, "shortcut", &shortcut))
        {
          fail_at (error, item, display_name, _("a label's members are not all strings"));
          return NULL;
        }
      if (id == NULL || id[0] == '\0' || name == NULL || name[0] == '\0')
        {
          fail_at (error, item, display_name, _("a label has no id or no name"));
          return NULL;
        }
      if (color == NULL || !shu_label_color_is_valid (color))
        {
          fail_at (error, item, display_name, _("colour of “%s” is not #rrggbb"), name);
          return NULL;
        }
      if (shortcut != NULL && !(strlen (shortcut) == 1 && shortcut[0] >= '1'
                                && shortcut[0] <= '9'))
        {
          fail_at (error, item, display_name, _("shortcut \"%s\" is not a digit 1 to 9"),
                   shortcut);
          return NULL;
        }
      label = shu_label_new (id, name, color, description, shortcut != NULL ? shortcut[0] : 0);
      /* What its annotations may carry and start, read as a sidecar's
       * label declares it (docs/FORMAT.md), so the two can be copied. */
      shu_json_node_get_pos (item, &pos);
      declared = shu_read_label_declarations (label, item, display_name, &pos, "", error);
      if (declared == NULL)
        return NULL;
      g_set_object (&label, declared);
      if (!shu_label_set_append (labels, label))
        {
          fail_at (error, item, display_name, _("the id or the name of “%s” is taken"), name);
          return NULL;
        }
    }

  return g_steal_pointer (&labels);
}

ShuLabelSet *
shu_codebook_load (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;
  name = shu_text_dup_file_name (file);
  return shu_codebook_parse (bytes, name, error);
}

GBytes *
shu_codebook_serialize (ShuLabelSet *labels)
{
  g_autoptr(ShuJsonWriter) writer = shu_json_writer_new ();
  GListModel *model = G_LIST_MODEL (labels);

  g_return_val_if_fail (SHU_IS_LABEL_SET (labels), NULL);

  shu_json_writer_begin_object (writer, NULL);
  shu_json_writer_string (writer, "type", CODEBOOK_TYPE);
  shu_json_writer_uint (writer, "version", SHU_CODEBOOK_VERSION);
  shu_json_writer_begin_array (writer, "labels");
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (model, i);
      char shortcut[2] = { shu_label_get_shortcut (label), '\0' };

      shu_json_writer_begin_object (writer, NULL);
      shu_json_writer_string (writer, "id", shu_label_get_id (label));
      shu_json_writer_string (writer, "name", shu_label_get_name (label));
      shu_json_writer_string (writer, "color", shu_label_get_color (label));
      if (shu_label_get_description (label) != NULL)
        shu_json_writer_string (writer, "description", shu_label_get_description (label));
      if (shortcut[0] != '\0')
        shu_json_writer_string (writer, "shortcut", shortcut);
      shu_write_label_declarations (writer, label);
      shu_json_writer_end_object (writer);
    }
  shu_json_writer_end_array (writer);
  shu_json_writer_end_object (writer);

  return shu_json_writer_finish (writer);
}

ShuLabel *
shu_codebook_map_label (ShuLabelSet   *codebook,
                        ShuLabel      *label,
                        ShuLabelMatch *match)
{
  ShuLabel *found;
  ShuLabelMatch dummy;

  g_return_val_if_fail (SHU_IS_LABEL_SET (codebook), NULL);
  g_return_val_if_fail (SHU_IS_LABEL (label), NULL);

  if (match == NULL)
    match = &dummy;
  if ((found = shu_label_set_lookup (codebook, shu_label_get_id (label))) != NULL)
    *match = SHU_LABEL_MATCH_ID;
  else if ((found = shu_label_set_lookup_name (codebook, shu_label_get_name (label))) != NULL)
    *match = SHU_LABEL_MATCH_NAME;
  else
    *match = SHU_LABEL_MATCH_NONE;
  return found;
}

guint
shu_codebook_apply_declarations (ShuLabelSet        *codebook,
                                 ShuAnnotationStore *store)
{
  g_autoptr(ShuLabelSet) labels = NULL;
  guint changed = 0;

  g_return_val_if_fail (SHU_IS_LABEL_SET (codebook), 0);
  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (store), 0);

  /* A copy: replacing a label changes the store's set in place. */
  labels = shu_label_set_copy (shu_annotation_store_get_labels (store));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      ShuLabel *book = shu_codebook_map_label (codebook, label, NULL);
      g_autoptr(ShuLabel) roles = NULL;
      g_autoptr(ShuLabel) declared = NULL;

      if (book == NULL)
        continue;
      roles = shu_label_with_roles (label, shu_label_get_relation_decls (book),
                                    shu_label_get_event_roles (book));
      declared = shu_label_with_declarations (roles, shu_label_get_attributes (book),
                                              shu_label_get_relation_types (book));
      if (shu_label_equal (declared, label))
        continue;
      if (shu_annotation_store_replace_label (store, declared))
        changed++;
    }
  return changed;
}
