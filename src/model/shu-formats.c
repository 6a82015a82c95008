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

const char *
shu_formats_ensure_label (ShuLabelSet *labels,
                          const char  *name)
{
  ShuLabel *label = shu_label_set_lookup_name (labels, name);

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
