/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-csv.h"

static void
add (ShuDocument    *document,
     const char     *id,
     const ShuRange *ranges,
     guint           n_ranges,
     const char     *label_id,
     const char     *comment1,
     const char     *comment2,
     const char     *creator)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 5, 1, 8, 0, 0);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 5, 2, 9, 30, 5);
  g_autoptr(ShuAnnotation) annotation = NULL;

  if (comment1 != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment1, NULL));
  if (comment2 != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment2, "he"));
  annotation = shu_annotation_new (id, ranges, n_ranges, label_id, comments, creator,
                                   created, modified);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
}

static void
test_export (void)
{
  const char *text = "אבג, \"דהו\" זחט\r\nיכל";
  g_autoptr(GBytes) data = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (data, SHU_ENCODING_UTF8, &error);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("l1", "טענה, \"חזקה\"", "#112233", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GBytes) csv = NULL;
  ShuRange first[] = { { 0, 4 } };
  ShuRange split[] = { { 0, 3 }, { 11, 14 } };
  ShuRange line[] = { { 11, 19 } };

  g_assert_no_error (error);
  g_assert_true (shu_label_set_append (labels, label));
  document = shu_document_new (source, labels);
  add (document, "urn:uuid:b", first, 1, "l1", "אחת", "שתיים, עם פסיק", "נועה");
  add (document, "urn:uuid:a", split, 2, NULL, NULL, NULL, NULL);
  add (document, "urn:uuid:c", line, 1, NULL, "plain", NULL, "Dana");

  csv = shu_csv_export (document);
  g_assert_cmpstr (g_bytes_get_data (csv, NULL), ==,
    "id,start,end,text,label,comment,creator,created,modified\r\n"
    "urn:uuid:b,0,4,\"אבג,\",\"טענה, \"\"חזקה\"\"\",\"אחת\nשתיים, עם פסיק\",נועה,"
    "2024-05-01T08:00:00Z,2024-05-02T09:30:05Z\r\n"
    "urn:uuid:a,0,14,אבג … זחט,,,,2024-05-01T08:00:00Z,2024-05-02T09:30:05Z\r\n"
    "urn:uuid:c,11,19,\"זחט\r\nיכל\",,plain,Dana,2024-05-01T08:00:00Z,2024-05-02T09:30:05Z\r\n");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/export", test_export);

  return g_test_run ();
}
