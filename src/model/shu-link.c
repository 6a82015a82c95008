/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "shu-link.h"

gboolean
shu_link_annotations (ShuAnnotationStore *store,
                      const char         *from_id,
                      const char         *to_id,
                      const char         *type,
                      const char         *creator)
{
  g_autofree char *type_name = g_strstrip (g_strdup (type != NULL ? type : ""));
  g_autoptr(ShuRelation) relation = NULL;
  const char *roles[] = { "Arg1", "Arg2" };
  const char * const targets[] = { from_id, to_id };
  ShuAnnotation *start;
  ShuLabel *label;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (store), FALSE);
  g_return_val_if_fail (from_id != NULL && to_id != NULL, FALSE);

  start = shu_annotation_store_lookup (store, from_id);
  if (start == NULL || shu_annotation_store_lookup (store, to_id) == NULL
      || *type_name == '\0')
    return FALSE;

  /* The roles the corpus gives links of this type, where it has any;
   * brat's own default otherwise. */
  shu_annotation_store_get_link_roles (store, type_name, &roles[0], &roles[1]);
  relation = shu_relation_new (NULL, SHU_RELATION_LINK, type_name, NULL,
                               (const char * const *) roles, targets, 2, NULL, NULL,
                               creator != NULL && *creator != '\0' ? creator : NULL, NULL, NULL);
  label = shu_annotation_get_label_id (start) != NULL
          ? shu_label_set_lookup (shu_annotation_store_get_labels (store),
                                  shu_annotation_get_label_id (start))
          : NULL;

  shu_annotation_store_begin_group (store, _("Link"));
  shu_annotation_store_add_relation (store, relation, _("Link"));
  /* A new type is declared by the start's label, to be offered next time. */
  if (label != NULL && !g_strv_contains (shu_label_get_relation_types (label), type_name))
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
      g_auto(GStrv) types = NULL;
      g_autoptr(ShuLabel) declared = NULL;

      g_strv_builder_addv (builder, (const char **) shu_label_get_relation_types (label));
      g_strv_builder_add (builder, type_name);
      types = g_strv_builder_end (builder);
      declared = shu_label_with_declarations (label, shu_label_get_attributes (label),
                                              (const char * const *) types);
      shu_annotation_store_replace_label (store, declared);
    }
  shu_annotation_store_end_group (store);
  return TRUE;
}
