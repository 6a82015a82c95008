/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-merge.h"
#include "shu-sidecar.h"
#include "shu-suggest.h"
#include "shu-suggest-project.h"
#include "shu-test-utils.h"

typedef struct
{
  ShuSource *source;
  GPtrArray *annotations;
} Text;

static void
text_clear (Text *t)
{
  g_clear_object (&t->source);
  g_clear_pointer (&t->annotations, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Text, text_clear)

static ShuSource *
source_new (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  ShuSource *source = shu_source_new_from_bytes (bytes, SHU_ENCODING_UTF8, &error);

  g_assert_no_error (error);
  return source;
}

/* The code point offset of the @nth (from 0) occurrence of @needle. */
static guint
offset_of (const char *text,
           const char *needle,
           guint       nth)
{
  const char *hit = text;

  for (guint i = 0; ; i++)
    {
      hit = strstr (hit, needle);
      g_assert_nonnull (hit);
      if (i == nth)
        return g_utf8_pointer_to_offset (text, hit);
      hit += strlen (needle);
    }
}

/* Marks the @nth occurrence of @needle with @label_id, as a user would. */
static void
annotate (Text       *t,
          const char *needle,
          guint       nth,
          const char *label_id)
{
  const char *text = shu_source_get_text (t->source);
  ShuRange range;
  g_autofree char *id = shu_new_urn_uuid ();

  range.start = offset_of (text, needle, nth);
  range.end = range.start + g_utf8_strlen (needle, -1);
  g_ptr_array_add (t->annotations,
                   shu_annotation_new (id, &range, 1, label_id, NULL, "Dana", NULL, NULL));
}

static void
text_init (Text       *t,
           const char *text)
{
  t->source = source_new (text);
  t->annotations = g_ptr_array_new_with_free_func (g_object_unref);
}

/* Each suggestion as the reader sees it: its whole word, with "|" where
 * the suggested span starts (after the prefix letters), and its label. */
static char *
describe (ShuSource *source,
          GArray    *found)
{
  GString *out = g_string_new (NULL);
  const char *text = shu_source_get_text (source);

  for (guint i = 0; i < found->len; i++)
    {
      ShuSuggestion *s = &g_array_index (found, ShuSuggestion, i);
      guint word = s->start;
      g_autofree char *prefix = NULL;
      g_autofree char *form = NULL;

      while (word > 0)
        {
          const char *p = text + shu_source_offset_to_byte (source, word - 1);
          gunichar c = g_utf8_get_char (p);

          if (!g_unichar_isalnum (c) && !g_unichar_ismark (c))
            break;
          word--;
        }
      prefix = shu_source_dup_range (source, word, s->start);
      form = shu_source_dup_range (source, s->start, s->end);
      g_string_append_printf (out, "%s%s%s %s\n", prefix, *prefix ? "|" : "", form, s->label_id);
    }
  return g_string_free (out, FALSE);
}

static char *
suggest (Text       *t,
         const char *label_id,
         GArray     *rejected)
{
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  g_autoptr(GArray) found = NULL;

  shu_suggest_forms_learn (forms, t->source, t->annotations, label_id);
  found = shu_suggest_find (t->source, forms, t->annotations, rejected, NULL);
  g_assert_nonnull (found);
  return describe (t->source, found);
}

static void
test_hebrew_prefixes (void)
{
  g_auto(Text) t = { 0 };
  g_autofree char *got = NULL;

  /* Pointed with dagesh, qamats, holam and a meteg; pointed prefixes. */
  text_init (&t, "כישלון אחד. הכישלון, והכישלון ולכישלון; שבכישלון וּבַכִּישָּׁלוֹן כִּישָׁלוֹן.\n"
                 "כישלונו, בכישלונות, אכישלון, ולהבכישלון וכשהכישלון.");
  annotate (&t, "כישלון", 0, "failure");
  got = suggest (&t, NULL, NULL);
  g_assert_cmpstr (got, ==,
                   "ה|כישלון failure\n"
                   "וה|כישלון failure\n"
                   "ול|כישלון failure\n"
                   "שב|כישלון failure\n"
                   "וּבַ|כִּישָּׁלוֹן failure\n"
                   "כִּישָׁלוֹן failure\n");
}

static void
test_hebrew_offsets (void)
{
  g_auto(Text) t = { 0 };
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  g_autoptr(GArray) found = NULL;

  /* The span is the form only, in code points of the unchanged text:
   * "וּבַ" is four code points (vav, dagesh, bet, patah). */
  text_init (&t, "שלום וּבַשָּׁלוֹם");
  annotate (&t, "שלום", 0, "peace");
  shu_suggest_forms_learn (forms, t.source, t.annotations, NULL);
  found = shu_suggest_find (t.source, forms, t.annotations, NULL, NULL);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpuint (g_array_index (found, ShuSuggestion, 0).start, ==, 9);
  g_assert_cmpuint (g_array_index (found, ShuSuggestion, 0).end, ==, 17);
  g_assert_cmpstr (g_array_index (found, ShuSuggestion, 0).label_id, ==, "peace");
}

static void
test_arabic_prefixes (void)
{
  g_auto(Text) t = { 0 };
  g_autofree char *got = NULL;

  /* كتاب "book": with the article, conjunctions and prepositions; with
   * harakat; and longer words (كتابه "his book", الكتابة "writing") and a
   * letter that is no prefix (م) that must not match. */
  text_init (&t, "كتاب جديد. الكتاب والكتاب بالكتاب فالكتاب للكتاب وللكتاب وبكتاب "
                 "كِتَابٌ كتابه الكتابة مكتاب");
  annotate (&t, "كتاب", 0, "book");
  got = suggest (&t, NULL, NULL);
  g_assert_cmpstr (got, ==,
                   "ال|كتاب book\n"
                   "وال|كتاب book\n"
                   "بال|كتاب book\n"
                   "فال|كتاب book\n"
                   "لل|كتاب book\n"
                   "ولل|كتاب book\n"
                   "وب|كتاب book\n"
                   "كِتَابٌ book\n");
}

static void
test_arabic_form_with_article (void)
{
  g_auto(Text) t = { 0 };
  g_autofree char *got = NULL;

  /* A form learnt with its article matches after a conjunction or a
   * preposition, not as the bare word. */
  text_init (&t, "المدرسة كبيرة. والمدرسة بالمدرسة مدرسة");
  annotate (&t, "المدرسة", 0, "school");
  got = suggest (&t, NULL, NULL);
  g_assert_cmpstr (got, ==,
                   "و|المدرسة school\n"
                   "ب|المدرسة school\n");
}

static void
test_overlaps_and_labels (void)
{
  g_auto(Text) t = { 0 };
  g_autofree char *got = NULL;
  g_autofree char *only_place = NULL;

  /* "בית ספר" (two words) as "place"; "ספר" as "object"; "הבית ספר"
   * already marked "place" in a longer span; a one-letter form "ב". */
  text_init (&t, "בית ספר קטן. לבית ספר גדול, בית ספרים, הבית ספר שלנו. ספר ב ספר");
  annotate (&t, "בית ספר", 0, "place");
  annotate (&t, "ספר", 0, "object");
  annotate (&t, "הבית ספר שלנו", 0, "place");
  annotate (&t, "ב", 3, "object");
  got = suggest (&t, NULL, NULL);
  /* "ספר" inside the "place" annotations is still offered as "object";
   * "ספרים" is a longer word; the one-letter "ב" is never a form. */
  g_assert_cmpstr (got, ==,
                   "ל|בית ספר place\n"
                   "ספר object\n"
                   "ספר object\n"
                   "ספר object\n"
                   "ספר object\n");

  only_place = suggest (&t, "place", NULL);
  g_assert_cmpstr (only_place, ==, "ל|בית ספר place\n");
}

/* Where a label has a form of two words and one of the first word alone,
 * the longer one that stands is suggested, once; across a line break or
 * a doubled space the two words are not the form. */
static void
test_longest_form (void)
{
  g_auto(Text) t = { 0 };
  g_autofree char *got = NULL;

  text_init (&t, "בית ספר. בית. לבית ספר, ובבית הספר, בית\nספר");
  annotate (&t, "בית ספר", 0, "place");
  annotate (&t, "בית", 1, "place");
  got = suggest (&t, NULL, NULL);
  g_assert_cmpstr (got, ==,
                   "ל|בית ספר place\n"
                   "וב|בית place\n"
                   "בית place\n");
}

static void
test_rejected_not_offered (void)
{
  g_auto(Text) t = { 0 };
  g_autoptr(GArray) rejected = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  ShuSuggestion no = { 0 };
  g_autofree char *got = NULL;

  text_init (&t, "כישלון, הכישלון, לכישלון");
  annotate (&t, "כישלון", 0, "failure");
  no.start = offset_of (shu_source_get_text (t.source), "כישלון", 1);
  no.end = no.start + 6;
  no.label_id = "failure";
  g_array_append_val (rejected, no);
  got = suggest (&t, NULL, rejected);
  g_assert_cmpstr (got, ==, "ל|כישלון failure\n");
}

/* A long text is read by several threads, each its own run of words:
 * what they find is what one would, in order, also a form of two words
 * that starts in one run and ends in the next, and places covered in
 * either run are left out. 30,000 times "בית ספר גדול והכישלון נמשך"
 * and two words more, so that the text (150,002 words) is split between
 * "בית" and "ספר" of the 15,000th time when read by two threads. */
#define LONG_PHRASE "בית ספר גדול והכישלון נמשך "
#define LONG_TIMES 30000

static void
test_long_text_in_parts (void)
{
  g_auto(Text) t = { 0 };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  guint phrase_len = g_utf8_strlen (LONG_PHRASE, -1);
  guint failure_at = g_utf8_pointer_to_offset (LONG_PHRASE, strstr (LONG_PHRASE, "כישלון"));

  for (guint i = 0; i < LONG_TIMES; i++)
    g_string_append (text, LONG_PHRASE);
  g_string_append (text, "סוף דבר\n");
  text_init (&t, text->str);
  annotate (&t, "בית ספר", 0, "place");
  annotate (&t, "בית ספר", 20000, "place");
  annotate (&t, "כישלון", 0, "failure");

  for (guint i = 0; i < LONG_TIMES; i++)
    {
      ShuSuggestion place = { i * phrase_len, i * phrase_len + 7, shu_suggestion_intern_label ("place") };
      ShuSuggestion failure = { i * phrase_len + failure_at, i * phrase_len + failure_at + 6,
                                shu_suggestion_intern_label ("failure") };

      if (i != 0 && i != 20000)
        g_array_append_val (expected, place);
      if (i != 0)
        g_array_append_val (expected, failure);
    }

  shu_suggest_forms_learn (forms, t.source, t.annotations, NULL);
  found = shu_suggest_find (t.source, forms, t.annotations, NULL, NULL);
  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, ==, expected->len);
  for (guint i = 0; i < found->len; i++)
    {
      const ShuSuggestion *got = &g_array_index (found, ShuSuggestion, i);
      const ShuSuggestion *want = &g_array_index (expected, ShuSuggestion, i);

      if (got->start != want->start || got->end != want->end
          || g_strcmp0 (got->label_id, want->label_id) != 0)
        g_error ("suggestion %u: [%u, %u) %s, expected [%u, %u) %s", i, got->start, got->end,
                 got->label_id, want->start, want->end, want->label_id);
    }
}

/* A file's rejections, many, out of order, some twice, each naming a
 * label of its own (a hostile file may bring hundreds of thousands):
 * remembered sorted, once each, and without a GLib quark per label id
 * (GLib keeps every quark table it outgrows: 313 MB for 400,000 ids). */
#define MANY_REJECTIONS 20000

static void
test_many_rejections (void)
{
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuAnnotationStore) store = shu_annotation_store_new (labels);
  g_autoptr(GArray) given = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GArray *rejected;
  GQuark before, after;

  for (guint i = 0; i < MANY_REJECTIONS; i++)
    g_ptr_array_add (ids, g_strdup_printf ("label-%u", i));
  /* Backwards, and every tenth again. */
  for (guint i = MANY_REJECTIONS; i-- > 0; )
    {
      ShuSuggestion r = { 10 + i % 7, 20 + i % 7, ids->pdata[i] };

      g_array_append_val (given, r);
      if (i % 10 == 0)
        g_array_append_val (given, r);
    }

  before = g_quark_from_string ("shu-test-many-rejections-before");
  shu_annotation_store_restore_rejected (store, (const ShuSuggestion *) (gpointer) given->data,
                                         given->len);
  after = g_quark_from_string ("shu-test-many-rejections-after");
  g_assert_cmpuint (after, ==, before + 1);

  rejected = shu_annotation_store_get_rejected (store);
  g_assert_cmpuint (rejected->len, ==, MANY_REJECTIONS);
  for (guint i = 1; i < rejected->len; i++)
    g_assert_cmpint (shu_suggestion_compare (&g_array_index (rejected, ShuSuggestion, i - 1),
                                             &g_array_index (rejected, ShuSuggestion, i)), <, 0);
  /* One copy of each id, the same for each caller. */
  g_assert_true (g_array_index (rejected, ShuSuggestion, 0).label_id
                 == shu_suggestion_intern_label (g_array_index (rejected, ShuSuggestion, 0).label_id));
}

/* The bundled essay: "כישלון" marked once brings its bare and prefixed
 * occurrences, and leaves "כישלונו" ("his failure") alone. */
static void
test_essay (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("SHU_SOURCE_ROOT"), "data",
                                            "essay.he.txt", NULL);
  g_autofree char *contents = NULL;
  g_auto(Text) t = { 0 };
  g_autofree char *got = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  text_init (&t, contents);
  /* The first bare "כישלון", a word between spaces. */
  {
    ShuRange range;
    g_autofree char *id = shu_new_urn_uuid ();

    range.start = offset_of (contents, " כישלון ", 0) + 1;
    range.end = range.start + 6;
    g_ptr_array_add (t.annotations, shu_annotation_new (id, &range, 1, "failure", NULL,
                                                        "Dana", NULL, NULL));
  }
  got = suggest (&t, NULL, NULL);
  /* The three other bare ones, "הכישלון" twice, "לכישלון" twice and
   * "והכישלון"; never "כישלונו" (four times) nor "לכישלונו". */
  g_assert_cmpstr (got, ==,
                   "כישלון failure\n"
                   "כישלון failure\n"
                   "ה|כישלון failure\n"
                   "כישלון failure\n"
                   "ה|כישלון failure\n"
                   "ל|כישלון failure\n"
                   "ל|כישלון failure\n"
                   "וה|כישלון failure\n");
}

/* A document of a short Hebrew text with one label, "failure", and
 * "כישלון" marked once; the text's file is named story.he.txt. */
static ShuDocument *
story_new (void)
{
  g_autoptr(ShuSource) source = source_new ("כישלון אחד. הכישלון השני, לכישלון, ובכישלון.");
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) label = shu_label_new ("failure", "Failure", "#c01c28", NULL, 0);
  ShuDocument *document;
  ShuRange range = { 0, 6 };
  g_autoptr(ShuAnnotation) annotation = NULL;

  shu_label_set_append (labels, label);
  document = shu_document_new (source, labels);
  shu_document_set_source_name (document, "story.he.txt");
  annotation = shu_annotation_new ("urn:uuid:00000000-0000-4000-8000-000000000001", &range, 1,
                                   "failure", NULL, "Dana", NULL, NULL);
  shu_annotation_store_add (shu_document_get_store (document), annotation, NULL);
  return document;
}

static GArray *
suggest_document (ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GPtrArray) annotations = shu_annotation_store_dup_annotations (store);
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  ShuSource *source = shu_document_get_source (document);

  shu_suggest_forms_learn (forms, source, annotations, NULL);
  return shu_suggest_find (source, forms, annotations, shu_document_get_rejected (document),
                           NULL);
}

static ShuDocument *
reread (ShuDocument *document)
{
  g_autoptr(GBytes) bytes = shu_sidecar_serialize (document);
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_parse (bytes, "story.json", &error);
  ShuDocument *again;

  g_assert_no_error (error);
  again = shu_sidecar_anchor (sidecar, shu_document_get_source (document), NULL, &error);
  g_assert_no_error (error);
  return again;
}

/* Accept all in one step; one undo takes them all back. */
static void
test_accept_all_one_undo (void)
{
  g_autoptr(ShuDocument) document = story_new ();
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GArray) found = suggest_document (document);
  guint added;

  g_assert_cmpuint (found->len, ==, 3);
  added = shu_suggest_accept (store, (ShuSuggestion *) found->data, found->len, "Dana",
                              "Accept suggestions");
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(ShuAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);

      /* The one Dana marked herself is not a suggestion. */
      g_assert_cmpint (shu_annotation_get_suggested (a), ==, i != 0);
      g_assert_cmpstr (shu_annotation_get_creator (a), ==, "Dana");
      g_assert_cmpstr (shu_annotation_get_label_id (a), ==, "failure");
    }
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==,
                   "Accept suggestions");
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 1);
  g_assert_true (shu_annotation_store_redo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 4);
}

/* "Accept all of this form" takes the pointed and unpointed places of one
 * word and label, not another word's; one undo takes them back. "Accept
 * all of a label" takes every place of that label. */
static void
test_accept_form_and_label (void)
{
  g_auto(Text) t = { 0 };
  g_autoptr(ShuSuggestForms) forms = shu_suggest_forms_new ();
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) form = NULL;
  g_autoptr(GArray) label = NULL;
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  g_autoptr(ShuLabel) peace = shu_label_new ("peace", "Peace", "#26a269", NULL, 0);
  g_autoptr(ShuAnnotationStore) store = NULL;
  ShuSuggestion *second;

  text_init (&t, "שלום ועולם. השלום, שָׁלוֹם, עולם.");
  annotate (&t, "שלום", 0, "peace");
  annotate (&t, "עולם", 1, "peace");
  shu_suggest_forms_learn (forms, t.source, t.annotations, NULL);
  found = shu_suggest_find (t.source, forms, t.annotations, NULL, NULL);
  /* ו|עולם, ה|שלום, שָׁלוֹם. */
  g_assert_cmpuint (found->len, ==, 3);
  second = &g_array_index (found, ShuSuggestion, 1);
  form = shu_suggest_filter_form (t.source, found, second);
  g_assert_cmpuint (form->len, ==, 2);
  g_assert_cmpuint (g_array_index (form, ShuSuggestion, 0).start, ==, second->start);
  g_assert_cmpuint (g_array_index (form, ShuSuggestion, 1).start, ==,
                    g_array_index (found, ShuSuggestion, 2).start);
  label = shu_suggest_filter_label (found, "peace");
  g_assert_cmpuint (label->len, ==, 3);

  shu_label_set_append (labels, peace);
  store = shu_annotation_store_new (labels);
  g_assert_cmpuint (shu_suggest_accept (store, (ShuSuggestion *) form->data, form->len, "Dana",
                                        "Accept “שלום”"), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 0);
  g_assert_false (shu_annotation_store_can_undo (store));
}

/* Accepted ones are saved as suggested, rejected ones are remembered: after
 * saving and reading again nothing comes back. */
static void
test_sidecar_round_trip (void)
{
  g_autoptr(ShuDocument) document = story_new ();
  g_autoptr(ShuDocument) again = NULL;
  g_autoptr(GArray) found = suggest_document (document);
  g_autoptr(GArray) after = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(ShuAnnotation) accepted = NULL;
  const char *text;

  g_assert_cmpuint (found->len, ==, 3);
  /* Accept "הכישלון"'s form, reject "לכישלון"'s and "ובכישלון"'s. */
  shu_suggest_accept (shu_document_get_store (document), &g_array_index (found, ShuSuggestion, 0),
                      1, "Dana", NULL);
  /* Saved, then a rejection alone: there is something to save again. */
  shu_annotation_store_mark_saved (shu_document_get_store (document));
  g_assert_true (shu_document_reject (document, g_array_index (found, ShuSuggestion, 1).start,
                                      g_array_index (found, ShuSuggestion, 1).end, "failure"));
  g_assert_true (shu_document_reject (document, g_array_index (found, ShuSuggestion, 2).start,
                                      g_array_index (found, ShuSuggestion, 2).end, "failure"));
  g_assert_false (shu_document_reject (document, g_array_index (found, ShuSuggestion, 2).start,
                                       g_array_index (found, ShuSuggestion, 2).end, "failure"));
  g_assert_true (shu_annotation_store_get_modified (shu_document_get_store (document)));

  bytes = shu_sidecar_serialize (document);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (text, "      \"shu:suggested\": true,\n"));
  g_assert_nonnull (strstr (text,
                            "  \"shu:rejected\": [\n"
                            "    {\n"
                            "      \"label\": \"failure\",\n"
                            "      \"start\": 27,\n"
                            "      \"end\": 33,\n"
                            "      \"exact\": \"כישלון\"\n"
                            "    },\n"
                            "    {\n"
                            "      \"label\": \"failure\",\n"
                            "      \"start\": 37,\n"
                            "      \"end\": 43,\n"
                            "      \"exact\": \"כישלון\"\n"
                            "    }\n"
                            "  ]\n"
                            "}\n"));
  /* Neither needs a new format version: a reader that does not know them
   * loses the marks, it does not misread the annotations. */
  g_assert_nonnull (strstr (text, "\"formatVersion\": 1,"));

  again = reread (document);
  g_assert_cmpuint (shu_document_get_rejected (again)->len, ==, 2);
  accepted = g_list_model_get_item (G_LIST_MODEL (shu_document_get_store (again)), 1);
  g_assert_true (shu_annotation_get_suggested (accepted));
  after = suggest_document (again);
  g_assert_cmpuint (after->len, ==, 0);
}

/* A rejection is one step of the document's history, like accepting:
 * Undo offers the place again and, when it was the only change, leaves
 * nothing to save; Redo rejects it again; a reloaded file has none of
 * the history but the rejections saved. */
static void
test_reject_undo (void)
{
  g_autoptr(ShuDocument) document = story_new ();
  ShuAnnotationStore *store = shu_document_get_store (document);
  g_autoptr(GArray) found = suggest_document (document);
  g_autoptr(GArray) after = NULL;
  g_autoptr(ShuDocument) again = NULL;
  ShuSuggestion first;

  g_assert_cmpuint (found->len, ==, 3);
  first = g_array_index (found, ShuSuggestion, 0);
  shu_annotation_store_mark_saved (store);
  g_assert_true (shu_document_reject (document, first.start, first.end, "failure"));
  g_assert_true (shu_annotation_store_get_modified (store));
  g_assert_cmpstr (shu_annotation_store_get_undo_description (store), ==, "Reject Suggestion");

  g_assert_true (shu_annotation_store_undo (store));
  g_assert_cmpuint (shu_document_get_rejected (document)->len, ==, 0);
  g_assert_false (shu_annotation_store_get_modified (store));
  after = suggest_document (document);
  g_assert_cmpuint (after->len, ==, 3);
  g_clear_pointer (&after, g_array_unref);

  g_assert_true (shu_annotation_store_redo (store));
  g_assert_cmpuint (shu_document_get_rejected (document)->len, ==, 1);
  g_assert_true (shu_annotation_store_get_modified (store));
  after = suggest_document (document);
  g_assert_cmpuint (after->len, ==, 2);
  g_clear_pointer (&after, g_array_unref);

  /* Read back: rejected, and nothing to undo or save. */
  again = reread (document);
  g_assert_cmpuint (shu_document_get_rejected (again)->len, ==, 1);
  g_assert_false (shu_annotation_store_can_undo (shu_document_get_store (again)));
  g_assert_false (shu_annotation_store_get_modified (shu_document_get_store (again)));
}

/* A sidecar from before suggestions loads as it always did. */
static void
test_older_sidecar (void)
{
  g_autoptr(ShuDocument) sample = shu_test_load_sample ();
  ShuAnnotationStore *store = shu_document_get_store (sample);
  g_autoptr(GBytes) bytes = shu_sidecar_serialize (sample);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), >, 0);
  g_assert_cmpuint (shu_document_get_rejected (sample)->len, ==, 0);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(ShuAnnotation) a = g_list_model_get_item (G_LIST_MODEL (store), i);

      g_assert_false (shu_annotation_get_suggested (a));
    }
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), "shu:suggested"));
  g_assert_null (strstr (g_bytes_get_data (bytes, NULL), "shu:rejected"));
}

/* What one annotator rejected stays rejected when a colleague's file is
 * merged in, two-way and three-way. */
static void
test_merge_keeps_rejections (void)
{
  g_autoptr(ShuDocument) base = story_new ();
  g_autoptr(ShuDocument) ours = story_new ();
  g_autoptr(ShuDocument) theirs = story_new ();
  g_autoptr(ShuDocument) merged = NULL;
  g_autoptr(ShuDocument) two_way = NULL;
  g_autoptr(ShuDocument) saved = NULL;
  g_autoptr(GArray) found = suggest_document (base);
  g_autoptr(GArray) left = NULL;

  g_assert_cmpuint (found->len, ==, 3);
  shu_document_reject (ours, g_array_index (found, ShuSuggestion, 0).start,
                       g_array_index (found, ShuSuggestion, 0).end, "failure");
  shu_document_reject (theirs, g_array_index (found, ShuSuggestion, 2).start,
                       g_array_index (found, ShuSuggestion, 2).end, "failure");

  merged = shu_merge (base, ours, theirs, NULL, NULL);
  g_assert_cmpuint (shu_document_get_rejected (merged)->len, ==, 2);
  saved = reread (merged);
  left = suggest_document (saved);
  g_assert_cmpuint (left->len, ==, 1);
  g_assert_cmpuint (g_array_index (left, ShuSuggestion, 0).start, ==,
                    g_array_index (found, ShuSuggestion, 1).start);

  two_way = shu_merge (NULL, ours, theirs, NULL, NULL);
  g_assert_cmpuint (shu_document_get_rejected (two_way)->len, ==, 2);
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  GArray *fractions = user_data;

  g_array_append_val (fractions, fraction);
}

static void
project_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Across a folder, in a thread, with progress: the form marked in one
 * text is suggested in the other; cancelled, it says so. */
static void
test_project_async (void)
{
  g_autofree char *dir = g_dir_make_tmp ("shulayim-suggest-XXXXXX", NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(ShuProject) project = shu_project_new (folder);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "a.txt", "b.txt" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(ShuDocument) document = story_new ();
      g_autofree char *text = g_build_filename (dir, names[i], NULL);
      g_autofree char *sidecar = g_strconcat (text, ".annotations.json", NULL);
      g_autoptr(GFile) sidecar_file = g_file_new_for_path (sidecar);
      const char *words = shu_source_get_text (shu_document_get_source (document));

      g_assert_true (g_file_set_contents (text, words, -1, NULL));
      shu_document_set_source_name (document, names[i]);
      /* Only a.txt has "כישלון" marked. */
      if (i == 1)
        g_assert_true (shu_annotation_store_undo (shu_document_get_store (document)));
      shu_sidecar_save (document, sidecar_file, &error);
      g_assert_no_error (error);
    }
  g_assert_true (shu_project_scan (project, NULL, &error));
  g_assert_no_error (error);

  shu_suggest_project_async (project, NULL, NULL, progress_cb, fractions, project_done_cb,
                             &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  hits = shu_suggest_project_finish (project, result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 2);
  /* a.txt: the three others; b.txt: all four. */
  g_assert_cmpuint (((ShuSuggestHits *) hits->pdata[0])->suggestions->len, ==, 3);
  g_assert_cmpuint (((ShuSuggestHits *) hits->pdata[1])->suggestions->len, ==, 4);
  g_assert_cmpstr (shu_project_document_get_name (((ShuSuggestHits *) hits->pdata[1])->document),
                   ==, "b.txt");
  g_assert_cmpuint (fractions->len, ==, 4);
  for (guint i = 1; i < fractions->len; i++)
    g_assert_cmpfloat (g_array_index (fractions, double, i - 1), <,
                       g_array_index (fractions, double, i));
  g_assert_cmpfloat_with_epsilon (g_array_index (fractions, double, 3), 1.0, 1e-9);

  /* Listed by label and form: one form, seven places, 3 + 4; all of it
   * selected for accepting, and nothing of a label it lacks. */
  {
    g_autoptr(GPtrArray) groups = shu_suggest_project_group (hits);
    g_autoptr(GPtrArray) selected = NULL;
    g_autoptr(GPtrArray) none = NULL;
    ShuSuggestFormGroup *group;

    g_assert_cmpuint (groups->len, ==, 1);
    group = groups->pdata[0];
    g_assert_cmpstr (group->label_id, ==, "failure");
    g_assert_cmpstr (group->form, ==, "כישלון");
    g_assert_cmpstr (group->text, ==, "כישלון");
    g_assert_cmpuint (group->n, ==, 7);
    g_assert_cmpuint (group->documents->len, ==, 2);
    g_assert_cmpuint (g_array_index (group->counts, guint, 0), ==, 3);
    g_assert_cmpuint (g_array_index (group->counts, guint, 1), ==, 4);

    selected = shu_suggest_project_select (hits, "failure", group->form);
    g_assert_cmpuint (selected->len, ==, 2);
    g_assert_cmpuint (((ShuSuggestHits *) selected->pdata[1])->suggestions->len, ==, 4);
    none = shu_suggest_project_select (hits, "failure", "כישלונו");
    g_assert_cmpuint (none->len, ==, 0);
  }

  g_cancellable_cancel (cancellable);
  shu_suggest_project_async (project, NULL, cancellable, NULL, NULL, project_done_cb,
                             &cancelled);
  while (cancelled == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (shu_suggest_project_finish (project, cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  shu_test_remove_tree (dir);
}

static void
async_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_async_and_cancel (void)
{
  g_auto(Text) t = { 0 };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) cancelled = NULL;
  g_autoptr(ShuSuggestFound) found = NULL;
  g_autoptr(GError) error = NULL;

  text_init (&t, "כישלון הכישלון");
  annotate (&t, "כישלון", 0, "failure");
  shu_suggest_find_async (t.source, t.annotations, NULL, NULL, NULL, async_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  found = shu_suggest_find_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (shu_suggest_found_get_length (found), ==, 1);

  g_cancellable_cancel (cancellable);
  shu_suggest_find_async (t.source, t.annotations, NULL, NULL, cancellable,
                          async_done_cb, &cancelled);
  while (cancelled == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (shu_suggest_find_finish (cancelled, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* What a window shows of millions of suggestions without walking them:
 * each label's count and first places (by label id), the longest span,
 * the one at an offset; and the same after some are accepted. */
static void
test_found_counts (void)
{
  const char *beta = shu_suggestion_intern_label ("beta");
  const char *alpha = shu_suggestion_intern_label ("alpha");
  GArray *array = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));
  g_autoptr(ShuSuggestFound) found = NULL;
  g_autoptr(ShuSuggestFound) rest = NULL;
  const ShuSuggestLabelCount *labels;
  ShuSuggestion removed[4];
  guint n_labels;

  /* beta every 10 code points (30 of them, 4 long), alpha at 5 and 105
   * (9 long, the longest), in order of place. */
  for (guint i = 0; i < 30; i++)
    {
      ShuSuggestion b = { i * 10, i * 10 + 4, beta };

      g_array_append_val (array, b);
      if (i == 0 || i == 10)
        {
          ShuSuggestion a = { i * 10 + 5, i * 10 + 14, alpha };

          g_array_append_val (array, a);
        }
    }
  found = shu_suggest_found_new (array);
  g_assert_cmpuint (shu_suggest_found_get_length (found), ==, 32);
  g_assert_cmpuint (shu_suggest_found_get_max_span (found), ==, 9);
  labels = shu_suggest_found_get_labels (found, &n_labels);
  g_assert_cmpuint (n_labels, ==, 2);
  g_assert_true (labels[0].label_id == alpha);
  g_assert_cmpuint (labels[0].n, ==, 2);
  g_assert_cmpuint (labels[0].n_first, ==, 2);
  g_assert_cmpuint (labels[0].first[1].start, ==, 105);
  g_assert_true (labels[1].label_id == beta);
  g_assert_cmpuint (labels[1].n, ==, 30);
  g_assert_cmpuint (labels[1].n_first, ==, SHU_SUGGEST_FOUND_FIRST);
  g_assert_cmpuint (labels[1].first[SHU_SUGGEST_FOUND_FIRST - 1].start, ==,
                    (SHU_SUGGEST_FOUND_FIRST - 1) * 10);

  /* At 108: alpha's [105, 114), reached from before beta's [100, 104). */
  g_assert_cmpuint (shu_suggest_found_lookup_at (found, 108)->start, ==, 105);
  g_assert_cmpuint (shu_suggest_found_lookup_at (found, 104)->start, ==, 100);
  g_assert_null (shu_suggest_found_lookup_at (found, 117));
  g_assert_cmpuint (g_array_index (shu_suggest_found_get_suggestions (found), ShuSuggestion,
                                   shu_suggest_found_first_reaching (found, 110)).start,
                    ==, 105);

  /* Both of alpha's and beta's second, and one that is not there. */
  removed[0] = (ShuSuggestion) { 5, 14, alpha };
  removed[1] = (ShuSuggestion) { 10, 14, beta };
  removed[2] = (ShuSuggestion) { 11, 14, beta };
  removed[3] = (ShuSuggestion) { 105, 114, alpha };
  rest = shu_suggest_found_without (found, removed, 4);
  g_assert_cmpuint (shu_suggest_found_get_length (rest), ==, 29);
  g_assert_cmpuint (shu_suggest_found_get_length (found), ==, 32);
  labels = shu_suggest_found_get_labels (rest, &n_labels);
  g_assert_cmpuint (n_labels, ==, 1);
  g_assert_true (labels[0].label_id == beta);
  g_assert_cmpuint (labels[0].n, ==, 29);
  g_assert_cmpuint (labels[0].n_first, ==, SHU_SUGGEST_FOUND_FIRST - 1);
  g_assert_cmpuint (labels[0].first[0].start, ==, 0);
  g_assert_cmpuint (labels[0].first[1].start, ==, 20);
  for (guint i = 0; i < 29; i++)
    g_assert_cmpuint (g_array_index (shu_suggest_found_get_suggestions (rest), ShuSuggestion,
                                     i).start, ==, i == 0 ? 0 : (i + 1) * 10);
  g_assert_null (shu_suggest_found_lookup_at (rest, 108));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

  g_test_add_func ("/suggest/hebrew-prefixes", test_hebrew_prefixes);
  g_test_add_func ("/suggest/hebrew-offsets", test_hebrew_offsets);
  g_test_add_func ("/suggest/arabic-prefixes", test_arabic_prefixes);
  g_test_add_func ("/suggest/arabic-form-with-article", test_arabic_form_with_article);
  g_test_add_func ("/suggest/overlaps-and-labels", test_overlaps_and_labels);
  g_test_add_func ("/suggest/longest-form", test_longest_form);
  g_test_add_func ("/suggest/rejected-not-offered", test_rejected_not_offered);
  g_test_add_func ("/suggest/many-rejections", test_many_rejections);
  g_test_add_func ("/suggest/essay", test_essay);
  g_test_add_func ("/suggest/long-text-in-parts", test_long_text_in_parts);
  g_test_add_func ("/suggest/async-and-cancel", test_async_and_cancel);
  g_test_add_func ("/suggest/found-counts", test_found_counts);
  g_test_add_func ("/suggest/accept-all-one-undo", test_accept_all_one_undo);
  g_test_add_func ("/suggest/accept-form-and-label", test_accept_form_and_label);
  g_test_add_func ("/suggest/sidecar-round-trip", test_sidecar_round_trip);
  g_test_add_func ("/suggest/reject-undo", test_reject_undo);
  g_test_add_func ("/suggest/older-sidecar", test_older_sidecar);
  g_test_add_func ("/suggest/merge-keeps-rejections", test_merge_keeps_rejections);
  g_test_add_func ("/suggest/project-async", test_project_async);
  return g_test_run ();
}
