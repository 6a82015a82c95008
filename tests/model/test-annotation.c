/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-annotation.h"

static GDateTime *
make_date (int day)
{
  return g_date_time_new_utc (2024, 3, day, 12, 30, 15.5);
}

static void
test_comment (void)
{
  g_autoptr(ShuComment) a = shu_comment_new ("שלום", "he");
  g_autoptr(ShuComment) b = shu_comment_new ("שלום", "he");
  g_autoptr(ShuComment) c = shu_comment_new ("שלום", NULL);

  g_assert_cmpstr (shu_comment_get_text (a), ==, "שלום");
  g_assert_cmpstr (shu_comment_get_language (a), ==, "he");
  g_assert_null (shu_comment_get_language (c));
  g_assert_true (shu_comment_equal (a, b));
  g_assert_false (shu_comment_equal (a, c));
  g_assert_true (G_TYPE_IS_BOXED (SHU_TYPE_COMMENT));
}

static void
test_new_sorts_ranges (void)
{
  ShuRange ranges[] = { { 40, 50 }, { 10, 20 }, { 25, 30 } };
  g_autoptr(GDateTime) created = make_date (1);
  g_autoptr(ShuAnnotation) a = NULL;
  const ShuRange *got;

  a = shu_annotation_new (NULL, ranges, 3, "claim", NULL, "Dana", created, NULL);
  g_assert_nonnull (a);
  g_assert_true (g_str_has_prefix (shu_annotation_get_id (a), "urn:uuid:"));
  g_assert_cmpuint (strlen (shu_annotation_get_id (a)), ==, 9 + 36);
  g_assert_cmpuint (shu_annotation_get_n_ranges (a), ==, 3);
  got = shu_annotation_get_ranges (a);
  g_assert_cmpuint (got[0].start, ==, 10);
  g_assert_cmpuint (got[1].start, ==, 25);
  g_assert_cmpuint (got[2].end, ==, 50);
  g_assert_cmpuint (shu_annotation_get_start (a), ==, 10);
  g_assert_cmpuint (shu_annotation_get_end (a), ==, 50);
  g_assert_cmpstr (shu_annotation_get_label_id (a), ==, "claim");
  g_assert_cmpstr (shu_annotation_get_creator (a), ==, "Dana");
  g_assert_true (g_date_time_equal (shu_annotation_get_created (a), created));
  /* A NULL modified date means the creation date. */
  g_assert_true (g_date_time_equal (shu_annotation_get_modified (a), created));
  g_assert_nonnull (shu_annotation_get_comments (a));
  g_assert_cmpuint (shu_annotation_get_comments (a)->len, ==, 0);
  g_assert_null (shu_annotation_get_comment (a));
}

static void
test_properties (void)
{
  ShuRange range = { 3, 9 };
  g_autoptr(GDateTime) created = make_date (2);
  g_autoptr(ShuAnnotation) a = shu_annotation_new ("urn:uuid:x", &range, 1, "l", NULL,
                                                   "Avi", created, NULL);
  g_autofree char *id = NULL;
  g_autofree char *label_id = NULL;
  g_autofree char *creator = NULL;
  g_autoptr(GDateTime) got_created = NULL;
  g_autoptr(GDateTime) got_modified = NULL;
  guint start, end;

  g_object_get (a, "id", &id, "start", &start, "end", &end, "label-id", &label_id,
                "creator", &creator, "created", &got_created, "modified", &got_modified,
                NULL);
  g_assert_cmpstr (id, ==, "urn:uuid:x");
  g_assert_cmpuint (start, ==, 3);
  g_assert_cmpuint (end, ==, 9);
  g_assert_cmpstr (label_id, ==, "l");
  g_assert_cmpstr (creator, ==, "Avi");
  g_assert_true (g_date_time_equal (got_created, created));
  g_assert_true (g_date_time_equal (got_modified, created));
}

static void
test_dates_are_utc (void)
{
  ShuRange range = { 0, 1 };
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (3 * 3600);
  g_autoptr(GDateTime) local = g_date_time_new (tz, 2024, 5, 1, 15, 0, 0);
  g_autoptr(ShuAnnotation) a = shu_annotation_new (NULL, &range, 1, NULL, NULL, NULL,
                                                   local, NULL);
  g_autoptr(ShuAnnotation) b = shu_annotation_new (NULL, &range, 1, NULL, NULL, NULL,
                                                   NULL, NULL);
  g_autoptr(GDateTime) before = g_date_time_new_now_utc ();

  g_assert_cmpint (g_date_time_get_utc_offset (shu_annotation_get_created (a)), ==, 0);
  g_assert_cmpint (g_date_time_get_hour (shu_annotation_get_created (a)), ==, 12);
  g_assert_cmpint (g_date_time_get_utc_offset (shu_annotation_get_created (b)), ==, 0);
  /* NULL means now. */
  g_assert_cmpint (g_date_time_difference (before, shu_annotation_get_created (b)), <,
                   60 * G_TIME_SPAN_SECOND);
  g_assert_cmpint (g_date_time_difference (before, shu_annotation_get_created (b)), >=, 0);
}

/* g_return_val_if_fail is fatal under the tests' fatal warnings, so each
 * invalid call runs in a subprocess that must fail with the check's text. */
static void
assert_rejected (const ShuRange *ranges,
                 guint           n_ranges,
                 const char     *pattern)
{
  if (g_test_subprocess ())
    {
      shu_annotation_new (NULL, ranges, n_ranges, NULL, NULL, NULL, NULL, NULL);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr (pattern);
}

static void
test_invalid_overlapping (void)
{
  ShuRange overlapping[] = { { 0, 10 }, { 5, 12 } };

  assert_rejected (overlapping, 2, "*sorted != NULL*");
}

static void
test_invalid_empty (void)
{
  ShuRange empty = { 7, 7 };

  assert_rejected (&empty, 1, "*sorted != NULL*");
}

static void
test_invalid_reversed (void)
{
  ShuRange reversed[] = { { 1, 4 }, { 9, 8 } };

  assert_rejected (reversed, 2, "*sorted != NULL*");
}

static void
test_invalid_none (void)
{
  ShuRange r = { 1, 2 };

  assert_rejected (&r, 0, "*n_ranges > 0*");
}

static void
test_covers_overlaps (void)
{
  ShuRange ranges[] = { { 10, 20 }, { 30, 40 }, { 40, 45 } };
  g_autoptr(ShuAnnotation) a = shu_annotation_new (NULL, ranges, 3, NULL, NULL, NULL,
                                                   NULL, NULL);

  g_assert_false (shu_annotation_covers (a, 9));
  g_assert_true (shu_annotation_covers (a, 10));
  g_assert_true (shu_annotation_covers (a, 19));
  /* The gap of a discontinuous annotation is not covered. */
  g_assert_false (shu_annotation_covers (a, 20));
  g_assert_false (shu_annotation_covers (a, 29));
  g_assert_true (shu_annotation_covers (a, 30));
  g_assert_true (shu_annotation_covers (a, 40));
  g_assert_true (shu_annotation_covers (a, 44));
  g_assert_false (shu_annotation_covers (a, 45));

  g_assert_false (shu_annotation_overlaps (a, 0, 10));
  g_assert_true (shu_annotation_overlaps (a, 0, 11));
  g_assert_false (shu_annotation_overlaps (a, 20, 30));
  g_assert_true (shu_annotation_overlaps (a, 20, 31));
  g_assert_true (shu_annotation_overlaps (a, 19, 20));
  g_assert_true (shu_annotation_overlaps (a, 0, 100));
  g_assert_false (shu_annotation_overlaps (a, 45, 100));
  g_assert_false (shu_annotation_overlaps (a, 15, 15));
}

static void
test_compare_equal (void)
{
  ShuRange r1 = { 5, 10 };
  ShuRange r2 = { 5, 12 };
  g_autoptr(GDateTime) d = make_date (3);
  g_autoptr(ShuAnnotation) a = shu_annotation_new ("urn:uuid:a", &r1, 1, NULL, NULL,
                                                   NULL, d, d);
  g_autoptr(ShuAnnotation) b = shu_annotation_new ("urn:uuid:b", &r1, 1, NULL, NULL,
                                                   NULL, d, d);
  g_autoptr(ShuAnnotation) c = shu_annotation_new ("urn:uuid:0", &r2, 1, NULL, NULL,
                                                   NULL, d, d);
  g_autoptr(ShuAnnotation) a2 = shu_annotation_new ("urn:uuid:a", &r1, 1, NULL, NULL,
                                                    NULL, d, d);
  g_autoptr(ShuAnnotation) a3 = shu_annotation_new ("urn:uuid:a", &r1, 1, "x", NULL,
                                                    NULL, d, d);

  g_assert_cmpint (shu_annotation_compare (a, b), <, 0);
  g_assert_cmpint (shu_annotation_compare (b, c), <, 0);
  g_assert_cmpint (shu_annotation_compare (c, a), >, 0);
  g_assert_cmpint (shu_annotation_compare (a, a2), ==, 0);
  g_assert_true (shu_annotation_equal (a, a2));
  g_assert_false (shu_annotation_equal (a, a3));
  g_assert_false (shu_annotation_equal (a, b));
}

static void
test_with (void)
{
  ShuRange r = { 5, 10 };
  ShuRange nr[] = { { 30, 31 }, { 1, 2 } };
  g_autoptr(GDateTime) d = make_date (4);
  g_autoptr(GDateTime) m = make_date (5);
  g_autoptr(GPtrArray) comments =
    g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
  g_autoptr(ShuAnnotation) a = NULL;
  g_autoptr(ShuAnnotation) l = NULL;
  g_autoptr(ShuAnnotation) c = NULL;
  g_autoptr(ShuAnnotation) c2 = NULL;
  g_autoptr(ShuAnnotation) rr = NULL;

  g_ptr_array_add (comments, shu_comment_new ("first", "en"));
  g_ptr_array_add (comments, shu_comment_new ("second", NULL));
  a = shu_annotation_new (NULL, &r, 1, "claim", comments, "Dana", d, d);
  g_assert_cmpstr (shu_annotation_get_comment (a), ==, "first");

  l = shu_annotation_with_label (a, "evidence", m);
  g_assert_cmpstr (shu_annotation_get_id (l), ==, shu_annotation_get_id (a));
  g_assert_cmpstr (shu_annotation_get_label_id (l), ==, "evidence");
  g_assert_true (g_date_time_equal (shu_annotation_get_created (l), d));
  g_assert_true (g_date_time_equal (shu_annotation_get_modified (l), m));
  g_assert_cmpuint (shu_annotation_get_comments (l)->len, ==, 2);
  g_assert_cmpstr (shu_annotation_get_creator (l), ==, "Dana");

  c = shu_annotation_with_comment (a, "changed", "he", NULL);
  g_assert_cmpstr (shu_annotation_get_comment (c), ==, "changed");
  g_assert_cmpuint (shu_annotation_get_comments (c)->len, ==, 2);
  g_assert_cmpstr (shu_comment_get_text (g_ptr_array_index (shu_annotation_get_comments (c), 1)),
                   ==, "second");
  /* NULL modified means now, so the copy differs from the original. */
  g_assert_false (g_date_time_equal (shu_annotation_get_modified (c), d));
  c2 = shu_annotation_with_comment (a, NULL, NULL, m);
  g_assert_cmpstr (shu_annotation_get_comment (c2), ==, "second");

  rr = shu_annotation_with_ranges (a, nr, 2, m);
  g_assert_cmpuint (shu_annotation_get_start (rr), ==, 1);
  g_assert_cmpuint (shu_annotation_get_end (rr), ==, 31);
  g_assert_cmpstr (shu_annotation_get_label_id (rr), ==, "claim");
  /* The original is untouched. */
  g_assert_cmpuint (shu_annotation_get_start (a), ==, 5);
  g_assert_cmpstr (shu_annotation_get_label_id (a), ==, "claim");
}

/* What an annotation carries besides its label and comments (another
 * tool's members, whether it came from a suggestion, its attributes)
 * survives every edit: a label changed in the app once dropped another
 * tool's members, which the export then could not write back. */
static void
test_edits_keep_extras (void)
{
  ShuRange r = { 5, 10 };
  ShuRange nr = { 4, 10 };
  g_autoptr(GDateTime) d = make_date (4);
  g_autoptr(ShuAnnotation) plain = shu_annotation_new (NULL, &r, 1, "claim", NULL, "Dana", d, d);
  g_autoptr(ShuAnnotation) foreign = shu_annotation_with_foreign (plain, "{\"members\": {}}");
  g_autoptr(ShuAnnotation) suggested = shu_annotation_with_suggested (foreign, TRUE);
  g_autoptr(ShuAnnotation) a = shu_annotation_with_attribute (suggested, "Negation", NULL, FALSE,
                                                              d);
  ShuAnnotation *edits[4];

  edits[0] = shu_annotation_with_label (a, "evidence", NULL);
  edits[1] = shu_annotation_with_comment (a, "changed", "he", NULL);
  edits[2] = shu_annotation_with_ranges (a, &nr, 1, NULL);
  edits[3] = shu_annotation_with_id (a, "urn:uuid:0b5e2a4e-7f7a-4c1e-9d3a-2f1e4c5d6a7b");
  for (guint i = 0; i < G_N_ELEMENTS (edits); i++)
    {
      g_assert_cmpstr (shu_annotation_get_foreign (edits[i]), ==, "{\"members\": {}}");
      g_assert_true (shu_annotation_get_suggested (edits[i]));
      g_assert_cmpstr (shu_annotation_get_attribute (edits[i], "Negation"), ==, "");
      g_object_unref (edits[i]);
    }
}

static void
test_uuid (void)
{
  g_autofree char *a = shu_new_urn_uuid ();
  g_autofree char *b = shu_new_urn_uuid ();

  g_assert_true (g_str_has_prefix (a, "urn:uuid:"));
  g_assert_true (g_uuid_string_is_valid (a + 9));
  g_assert_cmpstr (a, !=, b);
}

static ShuAnnotation *
annotation_at (const char *id,
               guint       start,
               guint       end)
{
  ShuRange range = { start, end };

  return shu_annotation_new (id, &range, 1, NULL, NULL, NULL, NULL, NULL);
}

/* The ids of @annotations in their order, joined by spaces. */
static char *
ids_of (GPtrArray *annotations)
{
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < annotations->len; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? " " : "",
                            shu_annotation_get_id (annotations->pdata[i]));
  return g_string_free (ids, FALSE);
}

/* In (start, end, id) order, whichever pair is out of place, and left as
 * it is when already in order. */
static void
test_sort (void)
{
  struct
  {
    const char *given;
    const char *expected;
  } cases[] = {
    { "", "" },
    { "a", "a" },
    { "a b c d", "a b c d" },
    { "d c b a", "a b c d" },
    { "a b d c", "a b c d" },
    { "b a c d", "a b c d" },
    { "a c b d", "a b c d" },
  };
  /* a and b share their span and differ by id; c ends later; d starts later. */
  struct { const char *id; guint start, end; } spans[] = {
    { "a", 2, 5 }, { "b", 2, 5 }, { "c", 2, 9 }, { "d", 3, 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
      g_auto(GStrv) given = g_strsplit (cases[i].given, " ", -1);
      g_autofree char *got = NULL;

      for (guint k = 0; given[k] != NULL && *given[k] != '\0'; k++)
        for (guint s = 0; s < G_N_ELEMENTS (spans); s++)
          if (strcmp (spans[s].id, given[k]) == 0)
            g_ptr_array_add (annotations, annotation_at (spans[s].id, spans[s].start,
                                                         spans[s].end));
      shu_annotation_sort (annotations);
      got = ids_of (annotations);
      g_assert_cmpstr (got, ==, cases[i].expected);
    }
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation/comment", test_comment);
  g_test_add_func ("/annotation/sort", test_sort);
  g_test_add_func ("/annotation/new-sorts-ranges", test_new_sorts_ranges);
  g_test_add_func ("/annotation/properties", test_properties);
  g_test_add_func ("/annotation/dates-are-utc", test_dates_are_utc);
  g_test_add_func ("/annotation/invalid/overlapping", test_invalid_overlapping);
  g_test_add_func ("/annotation/invalid/empty", test_invalid_empty);
  g_test_add_func ("/annotation/invalid/reversed", test_invalid_reversed);
  g_test_add_func ("/annotation/invalid/none", test_invalid_none);
  g_test_add_func ("/annotation/covers-overlaps", test_covers_overlaps);
  g_test_add_func ("/annotation/compare-equal", test_compare_equal);
  g_test_add_func ("/annotation/with", test_with);
  g_test_add_func ("/annotation/edits-keep-extras", test_edits_keep_extras);
  g_test_add_func ("/annotation/uuid", test_uuid);

  return g_test_run ();
}
