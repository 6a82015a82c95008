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

/* Splits RFC 4180 CSV into cells, as a spreadsheet reads it. */
static GPtrArray *
read_cells (const char *csv)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func (g_free);
  const char *p = csv;

  while (*p != '\0')
    {
      GString *cell = g_string_new (NULL);

      if (*p == '"')
        {
          for (p++; *p != '\0'; p++)
            {
              if (*p == '"' && p[1] == '"')
                g_string_append_c (cell, *p++);
              else if (*p == '"')
                break;
              else
                g_string_append_c (cell, *p);
            }
          g_assert_cmpint (*p, ==, '"');
          p++;
        }
      else
        for (; *p != '\0' && *p != ',' && *p != '\r'; p++)
          g_string_append_c (cell, *p);

      g_ptr_array_add (cells, g_string_free (cell, FALSE));
      if (*p == ',')
        p++;
      else if (g_str_has_prefix (p, "\r\n"))
        p += 2;
      else
        g_assert_cmpint (*p, ==, '\0');
    }
  return cells;
}

/* A colleague's file can hold cells a spreadsheet would run: none of them
 * starts a cell of the export, unless the caller asks for raw cells. */
static void
test_formulas (void)
{
  const char *text = "-1 הוא מספר, =SUM(A1) אינו";
  g_autoptr(GBytes) data = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = shu_source_new_from_bytes (data, SHU_ENCODING_UTF8, &error);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("l1", "@SUM(1+1)", "#112233", NULL, 0);
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GBytes) csv = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GPtrArray) raw_cells = NULL;
  ShuRange minus[] = { { 0, 2 } };
  ShuRange equals[] = { { 13, 21 } };
  guint guarded = 0;

  g_assert_no_error (error);
  g_assert_true (shu_label_set_append (labels, label));
  document = shu_document_new (source, labels);
  add (document, "urn:uuid:a", minus, 1, "l1", "=HYPERLINK(\"http://x.invalid\",\"click\")",
       NULL, "+cmd|' /C calc'!A0");
  add (document, "urn:uuid:b", equals, 1, NULL, "\tTab first", NULL, "\rCR first");

  csv = shu_csv_export (document);
  cells = read_cells (g_bytes_get_data (csv, NULL));
  g_assert_cmpuint (cells->len, ==, 27);
  for (guint i = 0; i < cells->len; i++)
    {
      const char *cell = g_ptr_array_index (cells, i);

      g_assert_null (strchr ("=+-@\t\r", cell[0] != '\0' ? cell[0] : 'x'));
      if (cell[0] == '\'')
        guarded++;
    }
  /* Text "-1", label, comment and creator of the first; text, comment and
   * creator of the second. */
  g_assert_cmpuint (guarded, ==, 7);
  g_assert_cmpstr (g_ptr_array_index (cells, 9 + 3), ==, "'-1");
  g_assert_cmpstr (g_ptr_array_index (cells, 9 + 4), ==, "'@SUM(1+1)");
  g_assert_cmpstr (g_ptr_array_index (cells, 9 + 5), ==,
                   "'=HYPERLINK(\"http://x.invalid\",\"click\")");
  g_assert_cmpstr (g_ptr_array_index (cells, 9 + 6), ==, "'+cmd|' /C calc'!A0");
  g_assert_cmpstr (g_ptr_array_index (cells, 18 + 3), ==, "'=SUM(A1)");
  g_assert_cmpstr (g_ptr_array_index (cells, 18 + 6), ==, "'\rCR first");

  raw = shu_csv_export_full (document, SHU_CSV_RAW_CELLS);
  raw_cells = read_cells (g_bytes_get_data (raw, NULL));
  g_assert_cmpuint (raw_cells->len, ==, 27);
  g_assert_cmpstr (g_ptr_array_index (raw_cells, 9 + 3), ==, "-1");
  g_assert_cmpstr (g_ptr_array_index (raw_cells, 18 + 5), ==, "\tTab first");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/export", test_export);
  g_test_add_func ("/csv/formulas", test_formulas);

  return g_test_run ();
}
