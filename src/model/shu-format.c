/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "shu-brat.h"
#include "shu-format.h"
#include "shu-html.h"
#include "shu-hypothesis.h"
#include "shu-jsonl.h"
#include "shu-labelstudio.h"
#include "shu-qdpx.h"
#include "shu-tei.h"
#include "shu-w3c.h"

static const ShuFormatInfo formats[] = {
  /* W3C files are read as "*.jsonld" too. */
  { SHU_FORMAT_W3C, "w3c", N_("W3C Web Annotations"), ".w3c.json", "*.json", "*.json*" },
  { SHU_FORMAT_BRAT, "brat", N_("brat Standoff"), ".ann", "*.ann", "*.ann" },
  { SHU_FORMAT_CSV, "csv", N_("CSV"), ".csv", "*.csv", NULL },
  { SHU_FORMAT_JSONL, "jsonl", N_("doccano JSONL"), ".jsonl", "*.jsonl", "*.jsonl" },
  { SHU_FORMAT_HTML, "html", N_("HTML Report"), ".html", "*.html", NULL },
  { SHU_FORMAT_TEI, "tei", N_("TEI XML"), ".tei.xml", "*.xml", NULL },
  { SHU_FORMAT_QDPX, "qdpx", N_("REFI-QDA Project"), ".qdpx", "*.qdpx", NULL },
  { SHU_FORMAT_QDC, "qdc", N_("REFI-QDA Code Book"), ".qdc", "*.qdc", NULL },
  { SHU_FORMAT_HYPOTHESIS, "hypothesis", N_("Hypothesis JSON"), NULL, NULL, "*.json" },
  { SHU_FORMAT_LABELSTUDIO, "labelstudio", N_("Label Studio JSON"), NULL, NULL, "*.json" },
};

G_STATIC_ASSERT (G_N_ELEMENTS (formats) == SHU_N_FORMATS);

const ShuFormatInfo *
shu_format_get_info (ShuFormat format)
{
  g_return_val_if_fail (format < SHU_N_FORMATS, NULL);

  g_assert (formats[format].format == format);
  return &formats[format];
}

gboolean
shu_format_from_name (const char *name,
                      ShuFormat  *format)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_str_equal (name, formats[i].name))
      {
        *format = formats[i].format;
        return TRUE;
      }
  return FALSE;
}

gboolean
shu_format_can_export (ShuFormat format)
{
  g_return_val_if_fail (format < SHU_N_FORMATS, FALSE);
  return formats[format].export_suffix != NULL;
}

gboolean
shu_format_can_import (ShuFormat format)
{
  g_return_val_if_fail (format < SHU_N_FORMATS, FALSE);
  return formats[format].import_pattern != NULL;
}

char *
shu_format_dup_names (gboolean exporting)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (exporting ? shu_format_can_export (i) : shu_format_can_import (i))
      g_ptr_array_add (names, (gpointer) formats[i].name);

  for (guint i = 0; i < names->len; i++)
    {
      if (i > 0 && i + 1 == names->len)
        /* Translators: before the last of a list of format names
         * ("w3c, brat, csv, jsonl or html"); the names stay in English. */
        g_string_append (text, _(" or "));
      else if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, g_ptr_array_index (names, i));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

char *
shu_format_dup_export_name (ShuFormat   format,
                            const char *source_name)
{
  g_autofree char *base = NULL;

  g_return_val_if_fail (shu_format_can_export (format), NULL);

  base = g_strdup (source_name != NULL && source_name[0] != '\0' ? source_name
                                                                 : "annotations");
  /* brat wants the ".ann" beside a ".txt" of the same name. */
  if (g_str_has_suffix (base, ".txt"))
    base[strlen (base) - 4] = '\0';
  return g_strconcat (base, formats[format].export_suffix, NULL);
}

GBytes *
shu_format_export (ShuFormat    format,
                   ShuDocument *document,
                   ShuCsvFlags  csv_flags)
{
  g_return_val_if_fail (shu_format_can_export (format), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);

  switch (format)
    {
    case SHU_FORMAT_W3C:
      return shu_w3c_export (document);
    case SHU_FORMAT_BRAT:
      return shu_brat_export (document);
    case SHU_FORMAT_CSV:
      return shu_csv_export_full (document, csv_flags);
    case SHU_FORMAT_JSONL:
      return shu_jsonl_export (document);
    case SHU_FORMAT_HTML:
      return shu_html_export (document);
    case SHU_FORMAT_TEI:
      return shu_tei_export (document);
    case SHU_FORMAT_QDPX:
      return shu_qdpx_export (document);
    case SHU_FORMAT_QDC:
      return shu_qdc_export (document);
    case SHU_FORMAT_HYPOTHESIS:
    case SHU_FORMAT_LABELSTUDIO:
    case SHU_N_FORMATS:
    default:
      g_assert_not_reached ();
    }
}

ShuDocument *
shu_format_import (ShuFormat               format,
                   GBytes                 *bytes,
                   const char             *display_name,
                   ShuSource              *source,
                   ShuLabelSet            *labels,
                   const ShuImportOptions *options,
                   GPtrArray             **report,
                   GPtrArray             **messages,
                   guint                  *n_skipped,
                   GError                **error)
{
  const ShuImportOptions defaults = { 0 };

  g_return_val_if_fail (shu_format_can_import (format), NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;
  switch (format)
    {
    case SHU_FORMAT_W3C:
      return shu_w3c_import_full (bytes, display_name, source, labels, options, report,
                                  messages, n_skipped, error);
    case SHU_FORMAT_BRAT:
      return shu_brat_import_full (bytes, display_name, source, labels, options, messages,
                                   n_skipped, error);
    case SHU_FORMAT_JSONL:
      return shu_jsonl_import_full (bytes, display_name, source, labels, options, messages,
                                    n_skipped, error);
    case SHU_FORMAT_HYPOTHESIS:
      return shu_hypothesis_import (bytes, display_name, source, labels, options, report,
                                    messages, n_skipped, error);
    case SHU_FORMAT_LABELSTUDIO:
      return shu_labelstudio_import (bytes, display_name, source, labels, options, report,
                                     messages, n_skipped, error);
    case SHU_FORMAT_CSV:
    case SHU_FORMAT_HTML:
    case SHU_FORMAT_TEI:
    case SHU_FORMAT_QDPX:
    case SHU_FORMAT_QDC:
    case SHU_N_FORMATS:
    default:
      g_assert_not_reached ();
    }
}
