/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "shu-formats-private.h"

GPtrArray *
shu_formats_sorted_annotations (ShuDocument *document)
{
  GPtrArray *annotations;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  annotations = shu_annotation_store_dup_annotations (shu_document_get_store (document));
  shu_annotation_sort (annotations);
  return annotations;
}

const char *
shu_formats_label_name (ShuDocument   *document,
                        ShuAnnotation *annotation)
{
  ShuLabelSet *labels = shu_annotation_store_get_labels (shu_document_get_store (document));
  const char *id = shu_annotation_get_label_id (annotation);
  ShuLabel *label = id != NULL ? shu_label_set_lookup (labels, id) : NULL;

  return label != NULL ? shu_label_get_name (label) : NULL;
}

/* The label of @labels a foreign file means by @name when no label has
 * that name: labels are identified by id, and other formats carry only
 * names. A name that is a label's id ("claim", or brat's "Claim") is that
 * label, and so is a starter label's name in English or in the interface
 * language (a colleague with another interface language). */
static ShuLabel *
lookup_by_id (ShuLabelSet *labels,
              const char  *name)
{
  g_autofree char *folded = g_utf8_casefold (name, -1);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (labels));
  const char *starter;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);
      g_autofree char *id = g_utf8_casefold (shu_label_get_id (label), -1);

      /* The set's own reference outlives this one. */
      if (g_str_equal (id, folded))
        return shu_label_set_lookup (labels, shu_label_get_id (label));
    }
  starter = shu_label_default_id_for_name (name);
  return starter != NULL ? shu_label_set_lookup (labels, starter) : NULL;
}

const char *
shu_formats_ensure_label (ShuLabelSet *labels,
                          const char  *name)
{
  ShuLabel *label = shu_label_set_lookup_name (labels, name);

  if (label == NULL)
    label = lookup_by_id (labels, name);
  if (label == NULL)
    {
      g_autoptr(ShuLabel) added = shu_label_new (NULL, name, shu_label_set_suggest_color (labels),
                                                 NULL, 0);

      shu_label_set_append (labels, added);
      label = added;
    }
  return shu_label_get_id (label);
}

gboolean
shu_formats_check_range (ShuSource  *source,
                         guint64     start,
                         guint64     end,
                         char      **reason)
{
  guint length = shu_source_get_length (source);

  if (start >= end)
    *reason = g_strdup_printf (_("start %llu is not before end %llu"),
                               (unsigned long long) start, (unsigned long long) end);
  else if (end > length)
    *reason = g_strdup_printf (_("end %llu is past the end of the text "
                                 "(%u code points)"), (unsigned long long) end, length);
  else if (!shu_source_is_boundary (source, (guint) start))
    *reason = g_strdup_printf (_("start %llu falls inside a character "
                                 "(a grapheme cluster such as a letter with its niqqud)"),
                               (unsigned long long) start);
  else if (!shu_source_is_boundary (source, (guint) end))
    *reason = g_strdup_printf (_("end %llu falls inside a character "
                                 "(a grapheme cluster such as a letter with its niqqud)"),
                               (unsigned long long) end);
  else
    return TRUE;
  return FALSE;
}

ShuDocument *
shu_formats_build_document (ShuSource   *source,
                            ShuLabelSet *labels,
                            GPtrArray   *annotations)
{
  ShuDocument *document = shu_document_new (source, labels);

  shu_annotation_store_reset (shu_document_get_store (document), annotations, labels);
  return document;
}
