/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "shu-sidecar.h"

/* Makes tests/data/essay.he.txt.annotations.json, the sample sidecar of
 * the bundled essay, from phrases of the essay: the offsets and quotes come
 * from the model, so they are right by construction. Ids and dates are
 * fixed so that the file is the same on every run.
 *
 *   make-sample ESSAY OUT          write the sample
 *   make-sample --check ESSAY FILE fail if FILE is not what would be written
 */

typedef struct
{
  const char *phrase;
  const char *phrase2;   /* a second range: a discontinuous annotation */
  const char *label;
  const char *comment;
  const char *creator;
  int         day;
} Sample;

#define NOA "נועה לוי"
#define YOSEF "יוסף חדד"

static const Sample samples[] = {
  { "הקומוניזם הסובייטי נחל כישלון חרוץ", NULL, "claim", "טענת הפתיחה של המאמר", NOA, 2 },
  { "הקומוניזם הסובייטי", NULL, "concept", NULL, NOA, 2 },
  { "כישלונו של משטר בלבד או גם כישלונו של חזון", NULL, "claim",
    "השאלה המרכזית: משטר או חזון?", YOSEF, 3 },
  { "מה שנכשל הוא הניסיון הסובייטי", NULL, "claim", NULL, NOA, 3 },
  { "מצהלות שמחה - לאיד", NULL, "rhetoric", "ביטוי טעון רגשית, כלפי \"המערב\"", YOSEF, 4 },
  { "טיעון אידיאולוגי ותועמלני", NULL, "rhetoric", NULL, YOSEF, 4 },
  { "כישלונו של הקומוניזם הסובייטי הוא טוטלי ואינו ניתן לתיקון", NULL, "claim",
    "הכרעה חד-משמעית", NOA, 5 },
  { "הכלכלה הסובייטית הרוסה", NULL, "evidence", NULL, NOA, 5 },
  { "התנועות הלאומיות בפריפריה", NULL, "evidence", "האם זו ראיה או תחזית?", YOSEF, 6 },
  { "לסיפוח גרמניה המזרחית לגרמניה המערבית", NULL, "evidence", NULL, NOA, 6 },
  { "סטלין וקיימוה חרושצוב וברזנייב", NULL, "evidence", NULL, YOSEF, 7 },
  { "החזון המרקסיסטי", NULL, "concept", NULL, NOA, 7 },
  { "הצאר איוואן האיום", NULL, "rhetoric", "אנלוגיה היסטורית.\nשווה לבדוק את המקור.", NOA, 8 },
  { "ברית - המועצות", NULL, NULL, NULL, YOSEF, 8 },
  { "הסוציאל - דמוקרטים טענו כי זו אחיזת - עיניים", NULL, "claim", NULL, YOSEF, 9 },
  { "אחיזת - עיניים", NULL, "rhetoric", NULL, NOA, 9 },
  { "הכישלון הסובייטי הוא כישלון הכרחי", NULL, "claim", "זו התזה של המאמר", NOA, 10 },
  { "שלוש הן הסיבות לכישלונו של הניסיון הסובייטי", NULL, NULL, "מבנה הטיעון: שלוש סיבות",
    YOSEF, 10 },
  { "הלניניזם ניסה לממש סוציאליזם בחברה טרום - קפיטליסטית",
    "ניסה לממש סוציאליזם על - ידי דיקטטורה חד - מפלגתית", "evidence",
    "שתי הסיבות הראשונות, כהערה אחת", NOA, 11 },
  { "ב\"מניפסט", NULL, "concept", NULL, YOSEF, 11 },
  { "המרקסיזם גם הודה כי להתפתחות החברה הקפיטליסטית נלווה", NULL, "claim", NULL, YOSEF, 12 },
  { "פרלמנטריזם , עיתונות חופשית", NULL, "evidence", NULL, NOA, 12 },
  { "הקפיטליזם אינו מסוגל לפתור כיאות את בעיות הייצור", NULL, "claim", NULL, NOA, 13 },
  { "המהפיכה הסוציאליסטית נועדה להבטיח את שוויון חלוקתו", NULL, "concept",
    "שוויון בחלוקה, לא רק בייצור", YOSEF, 13 },
  { "מעבר שליו", NULL, NULL, NULL, NOA, 14 },
};

static guint
find_phrase (ShuSource  *source,
             const char *phrase,
             guint       from)
{
  const char *text = shu_source_get_text (source);
  const char *hit = strstr (text + shu_source_offset_to_byte (source, from), phrase);

  if (hit == NULL)
    {
      g_printerr ("make-sample: phrase not in the essay: %s\n", phrase);
      exit (1);
    }
  return shu_source_byte_to_offset (source, hit - text);
}

static GBytes *
make_sample (const char *essay_path)
{
  g_autoptr(GFile) essay = g_file_new_for_path (essay_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GDateTime) created = g_date_time_new_utc (2024, 3, 1, 9, 0, 0);
  g_autoptr(GDateTime) modified = g_date_time_new_utc (2024, 3, 14, 17, 45, 30);
  static const struct { const char *id, *name, *color, *description; char shortcut; } l[] = {
    { "claim", "טענה", "#e01b24", "טענה של הכותב", '1' },
    { "evidence", "ראיה", "#2ec27e", "עובדה או דוגמה התומכת בטענה", '2' },
    { "concept", "מושג", "#3584e4", NULL, '3' },
    { "rhetoric", "רטוריקה", "#9141ac", "ביטוי או אמצעי שכנוע", '4' },
  };

  source = shu_source_new_from_file (essay, SHU_ENCODING_AUTO, NULL, &error);
  if (source == NULL)
    {
      g_printerr ("make-sample: %s\n", error->message);
      exit (1);
    }

  for (guint i = 0; i < G_N_ELEMENTS (l); i++)
    {
      g_autoptr(ShuLabel) label = shu_label_new (l[i].id, l[i].name, l[i].color,
                                                 l[i].description, l[i].shortcut);

      shu_label_set_append (labels, label);
    }
  document = shu_document_new (source, labels);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *s = &samples[i];
      g_autoptr(GPtrArray) comments = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
      g_autoptr(GDateTime) a_created = g_date_time_new_utc (2024, 3, s->day, 10, i, 0);
      g_autoptr(GDateTime) a_modified = g_date_time_new_utc (2024, 3, s->day, 11, i, 30);
      g_autoptr(ShuAnnotation) annotation = NULL;
      g_autofree char *id = g_strdup_printf ("urn:uuid:5a17e000-0000-4000-8000-%012u", i + 1);
      ShuRange ranges[2];
      guint n = 1;

      ranges[0].start = find_phrase (source, s->phrase, 0);
      ranges[0].end = ranges[0].start + g_utf8_strlen (s->phrase, -1);
      if (s->phrase2 != NULL)
        {
          ranges[1].start = find_phrase (source, s->phrase2, ranges[0].end);
          ranges[1].end = ranges[1].start + g_utf8_strlen (s->phrase2, -1);
          n = 2;
        }
      if (s->comment != NULL)
        g_ptr_array_add (comments, shu_comment_new (s->comment, "he"));

      annotation = shu_annotation_new (id, ranges, n, s->label, comments, s->creator,
                                       a_created, a_modified);
      shu_annotation_store_add (shu_document_get_store (document), annotation, NULL);
    }

  shu_document_set_title (document, "מאמר: כישלון הקומוניזם הסובייטי — הערות לדוגמה");
  shu_document_restore_metadata (document, "urn:uuid:5a17e000-0000-4000-8000-000000000000",
                                 NULL, NULL, NULL, created, modified);
  return shu_sidecar_serialize (document);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (argc == 4 && strcmp (argv[1], "--check") == 0)
    {
      g_autofree char *contents = NULL;
      gsize size;

      bytes = make_sample (argv[2]);
      if (!g_file_get_contents (argv[3], &contents, &size, &error))
        {
          g_printerr ("make-sample: %s\n", error->message);
          return 1;
        }
      if (size != g_bytes_get_size (bytes)
          || memcmp (contents, g_bytes_get_data (bytes, NULL), size) != 0)
        {
          g_printerr ("make-sample: %s is out of date; regenerate it with make-sample\n",
                      argv[3]);
          return 1;
        }
      return 0;
    }

  if (argc != 3)
    {
      g_printerr ("usage: make-sample ESSAY OUT | make-sample --check ESSAY FILE\n");
      return 2;
    }

  bytes = make_sample (argv[1]);
  if (!g_file_set_contents (argv[2], g_bytes_get_data (bytes, NULL),
                            g_bytes_get_size (bytes), &error))
    {
      g_printerr ("make-sample: %s\n", error->message);
      return 1;
    }
  return 0;
}
