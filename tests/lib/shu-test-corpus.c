/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-sidecar.h"
#include "shu-test-corpus.h"
#include "shu-test-utils.h"

static ShuAnnotation *
mark (ShuDocument *document,
      guint        start,
      guint        end,
      const char  *label_id,
      const char  *creator,
      const char  *comment)
{
  g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_comment_unref);
  ShuRange range = { start, end };
  ShuAnnotation *annotation;

  if (comment != NULL)
    g_ptr_array_add (comments, shu_comment_new (comment, NULL));
  annotation = shu_annotation_new (NULL, &range, 1, label_id, comments, creator, NULL, NULL);
  g_assert_true (shu_annotation_store_add (shu_document_get_store (document), annotation, NULL));
  return annotation;
}

static ShuDocument *
new_document (const char *dir,
              const char *name,
              const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) animal = shu_label_new ("animal", "בעל חיים", "#336699", NULL, 0);
  g_autoptr(ShuLabel) act = shu_label_new ("act", "פעולה", "#993366", NULL, 0);

  shu_test_write_file (dir, name, text);
  source = shu_source_new_from_file (file, SHU_ENCODING_UTF8, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (shu_label_set_append (labels, animal));
  g_assert_true (shu_label_set_append (labels, act));
  return shu_document_new (source, labels);
}

static void
save (ShuDocument *document,
      const char  *dir,
      const char  *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) sidecar = shu_sidecar_default_file (file);
  g_autoptr(GError) error = NULL;

  g_assert_true (shu_sidecar_save (document, sidecar, &error));
  g_assert_no_error (error);
}

void
shu_test_write_team_corpus (const char *dir)
{
  g_autoptr(ShuDocument) t1 = new_document (dir, "t1.txt", SHU_TEST_T1);
  g_autoptr(ShuDocument) t2 = new_document (dir, "t2.txt", SHU_TEST_T2);
  g_autoptr(ShuAnnotation) dog = mark (t1, 0, 4, "animal", "dana", NULL);
  g_autoptr(ShuAnnotation) bark = mark (t1, 5, 8, "act", "dana", "קול חזק");
  g_autoptr(ShuAnnotation) cat = mark (t1, 10, 15, "animal", "dana", NULL);
  g_autoptr(ShuAnnotation) dog_b = mark (t1, 0, 4, "animal", "yossi", NULL);
  g_autoptr(ShuAnnotation) sleep = mark (t1, 16, 19, "act", "yossi", NULL);
  g_autoptr(ShuAnnotation) bird = mark (t2, 0, 5, "animal", "dana", NULL);
  g_autoptr(ShuAnnotation) bird_b = mark (t2, 0, 5, "animal", "yossi", NULL);
  g_autoptr(ShuAnnotation) sang = mark (t2, 6, 9, "act", "yossi", NULL);
  const char *targets[] = { shu_annotation_get_id (dog), shu_annotation_get_id (bark) };
  g_autoptr(ShuRelation) agent =
    shu_relation_new (NULL, SHU_RELATION_LINK, "סוכן", NULL, NULL, targets, 2, NULL, NULL,
                      "dana", NULL, NULL);
  ShuAnnotationStore *store2 = shu_document_get_store (t2);
  g_autoptr(ShuAnnotation) sang_past =
    shu_annotation_with_attribute (sang, "זמן", "עבר", FALSE, NULL);

  g_assert_true (shu_annotation_store_add_relation (shu_document_get_store (t1), agent, NULL));
  g_assert_true (shu_annotation_store_replace (store2, sang_past, NULL));
  g_assert_true (shu_document_set_status (t1, "dana", SHU_ANNOTATOR_DONE));
  g_assert_true (shu_document_set_status (t2, "yossi", SHU_ANNOTATOR_DONE));
  save (t1, dir, "t1.txt");
  save (t2, dir, "t2.txt");
  shu_test_write_file (dir, "t3.txt", SHU_TEST_T3);
}
