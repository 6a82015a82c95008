/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
#include "shu-sidecar-private.h"
#include "shu-text.h"

/* Anchoring: placing a read sidecar's annotations on a text, exactly where
 * the text is the one the sidecar was made on, else re-anchored by their
 * quotes (docs/FORMAT.md). */

/* How many code points at the end of @text (ending at @text_end) equal
 * the end of @context, compared backwards. */
static guint
match_backward (const char *text_start,
                const char *text_end,
                const char *context)
{
  const char *t = text_end;
  const char *c = context + strlen (context);
  guint n = 0;

  while (t > text_start && c > context)
    {
      const char *tp = g_utf8_find_prev_char (text_start, t);
      const char *cp = g_utf8_find_prev_char (context, c);

      if (tp == NULL || cp == NULL || g_utf8_get_char (tp) != g_utf8_get_char (cp))
        break;
      t = tp;
      c = cp;
      n++;
    }
  return n;
}

static guint
match_forward (const char *text,
               const char *context)
{
  guint n = 0;

  while (*text != '\0' && *context != '\0'
         && g_utf8_get_char (text) == g_utf8_get_char (context))
    {
      text = g_utf8_next_char (text);
      context = g_utf8_next_char (context);
      n++;
    }
  return n;
}

static gboolean
range_is_exact (ShuSource            *source,
                const ShuQuotedRange *range)
{
  const char *text = shu_source_get_text (source);
  gsize a, b, len;

  if (range->end > shu_source_get_length (source) || range->start >= range->end)
    return FALSE;
  if (!shu_source_is_boundary (source, range->start)
      || !shu_source_is_boundary (source, range->end))
    return FALSE;
  a = shu_source_offset_to_byte (source, range->start);
  b = shu_source_offset_to_byte (source, range->end);
  len = strlen (range->exact);
  return b - a == len && memcmp (text + a, range->exact, len) == 0;
}

/* memmem() is a GNU extension; the text may hold NUL characters, so the
 * str* functions will not do. */
static const char *
find_bytes (const char *haystack,
            gsize       size,
            const char *needle,
            gsize       len)
{
  const char *end = haystack + size;
  const char *p = haystack;

  while ((gsize) (end - p) >= len)
    {
      p = memchr (p, needle[0], (end - p) - len + 1);
      if (p == NULL)
        return NULL;
      if (memcmp (p, needle, len) == 0)
        return p;
      p++;
    }
  return NULL;
}

/* The text with every run of white space written as one space, so that
 * re-wrapped lines and changed spacing do not hide a quote. @offsets maps
 * every byte of @norm to the code point offset in the source where its
 * character (or white-space run) starts; @offsets[len] is the length of
 * the source. Built once per source, when a sidecar is first re-anchored
 * on it, and kept on the (immutable) source. */
typedef struct
{
  char  *norm;
  gsize  len;
  guint *offsets;
} NormText;

/* A quote at least this long (code points) still at its offsets is
 * trusted without its context: it is not there by chance. */
#define ANCHOR_UNIQUE_LENGTH 12
/* Step 2's bonus for an occurrence within ANCHOR_NEAR code points of
 * where the quote was expected, shrinking linearly with the distance. */
#define ANCHOR_NEAR 256
#define ANCHOR_NEAR_BONUS 0.05

static void
norm_text_free (gpointer data)
{
  NormText *nt = data;

  g_free (nt->norm);
  g_free (nt->offsets);
  g_free (nt);
}

/* Appends @text with white-space runs collapsed to one space. */
static void
append_normalized (GString    *out,
                   GArray     *offsets,
                   const char *text,
                   guint       first_offset)
{
  guint offset = first_offset;
  gboolean in_space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), offset++)
    {
      gunichar c = g_utf8_get_char (p);
      gsize before = out->len;

      if (g_unichar_isspace (c))
        {
          if (in_space)
            continue;
          in_space = TRUE;
          g_string_append_c (out, ' ');
        }
      else
        {
          in_space = FALSE;
          g_string_append_unichar (out, c);
        }
      if (offsets != NULL)
        for (gsize b = before; b < out->len; b++)
          g_array_append_val (offsets, offset);
    }
}

static char *
normalize (const char *text)
{
  GString *out = g_string_new (NULL);

  append_normalized (out, NULL, text, 0);
  return g_string_free (out, FALSE);
}

static const NormText *
norm_text_for (ShuSource *source)
{
  static GMutex lock;
  NormText *nt;

  g_mutex_lock (&lock);
  nt = g_object_get_data (G_OBJECT (source), "shu-norm-text");
  if (nt == NULL)
    {
      GString *out = g_string_new (NULL);
      GArray *offsets = g_array_new (FALSE, FALSE, sizeof (guint));
      guint length = shu_source_get_length (source);

      append_normalized (out, offsets, shu_source_get_text (source), 0);
      g_array_append_val (offsets, length);
      nt = g_new0 (NormText, 1);
      nt->len = out->len;
      nt->norm = g_string_free (out, FALSE);
      nt->offsets = (guint *) (gpointer) g_array_free (offsets, FALSE);
      g_object_set_data_full (G_OBJECT (source), "shu-norm-text", nt, norm_text_free);
    }
  g_mutex_unlock (&lock);
  return nt;
}

/* Whether the source text in [start, end) is byte for byte @exact. */
static gboolean
text_is (ShuSource  *source,
         guint       start,
         guint       end,
         const char *exact)
{
  gsize a = shu_source_offset_to_byte (source, start);
  gsize b = shu_source_offset_to_byte (source, end);
  gsize len = strlen (exact);

  return b - a == len && memcmp (shu_source_get_text (source) + a, exact, len) == 0;
}

/* Maps the normalized bytes [from, to) back to source offsets; FALSE when
 * they do not start on a character or the ends are not grapheme
 * boundaries. */
static gboolean
norm_to_range (ShuSource      *source,
               const NormText *nt,
               gsize           from,
               gsize           to,
               ShuRange       *out)
{
  if (((guchar) nt->norm[from] & 0xC0) == 0x80)
    return FALSE;
  out->start = nt->offsets[from];
  out->end = nt->offsets[to];
  return out->start < out->end && shu_source_is_boundary (source, out->start)
         && shu_source_is_boundary (source, out->end);
}

/* How much of the recorded context surrounds the normalized bytes
 * [from, to): code points matching outwards from the quote, white space
 * aside, over the context's length (1 when there is no context). */
static double
context_score (const NormText *nt,
               gsize           from,
               gsize           to,
               const char     *prefix,
               const char     *suffix)
{
  guint context_len = g_utf8_strlen (prefix, -1) + g_utf8_strlen (suffix, -1);

  if (context_len == 0)
    return 1.0;
  return (double) (match_backward (nt->norm, nt->norm + from, prefix)
                   + match_forward (nt->norm + to, suffix)) / context_len;
}

/* The first normalized byte whose character starts at or after @offset. */
static gsize
norm_byte_at (const NormText *nt,
              guint           offset)
{
  gsize lo = 0, hi = nt->len;

  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;

      if (nt->offsets[mid] < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Step 1: the quote is still at its offsets. Short quotes recur, so this
 * only counts when the place also keeps enough of the context (the
 * confidence it would get in step 2 reaches the threshold), or when the
 * quote is long enough not to be there by chance. */
static gboolean
still_in_place (ShuSource            *source,
                const ShuQuotedRange *range)
{
  const NormText *nt;
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;

  if (!range_is_exact (source, range))
    return FALSE;
  if (g_utf8_strlen (range->exact, -1) >= ANCHOR_UNIQUE_LENGTH)
    return TRUE;
  nt = norm_text_for (source);
  prefix = normalize (range->prefix);
  suffix = normalize (range->suffix);
  return 0.5 + 0.5 * context_score (nt, norm_byte_at (nt, range->start),
                                    norm_byte_at (nt, range->end), prefix, suffix)
         >= SHU_ANCHOR_MIN_CONFIDENCE;
}

/* Step 2: the recorded quote (white space aside) wherever it occurs from
 * @not_before on. Each occurrence is scored by how much of the recorded
 * prefix and suffix surround it (code points matching outwards from the
 * quote, white space aside); the best score wins, ties going to the one
 * nearest @near. Confidence is 0.5 + 0.5 × that score, plus the nearness
 * bonus. Being the only occurrence is not trusted: when the annotated
 * words were deleted, a repeat of them elsewhere is the only one left. */
static gboolean
find_quote (ShuSource            *source,
            const ShuQuotedRange *range,
            guint                 near,
            guint                 not_before,
            ShuRange             *out,
            double               *confidence,
            gboolean             *exact_bytes)
{
  const NormText *nt = norm_text_for (source);
  g_autofree char *quote = normalize (range->exact);
  g_autofree char *prefix = normalize (range->prefix);
  g_autofree char *suffix = normalize (range->suffix);
  gsize quote_len = strlen (quote);
  guint best_distance = G_MAXUINT;
  double best_score = -1;
  guint n_found = 0;
  gsize from = 0;

  if (quote_len == 0 || (quote_len == 1 && quote[0] == ' '))
    return FALSE;

  while (from + quote_len <= nt->len)
    {
      const char *hit = find_bytes (nt->norm + from, nt->len - from, quote, quote_len);
      gsize at;
      ShuRange found;
      guint distance;
      double score;

      if (hit == NULL)
        break;
      at = hit - nt->norm;
      from = at + 1;
      if (!norm_to_range (source, nt, at, at + quote_len, &found) || found.start < not_before)
        continue;

      n_found++;
      score = context_score (nt, at, at + quote_len, prefix, suffix);
      distance = found.start > near ? found.start - near : near - found.start;
      if (score > best_score || (score == best_score && distance < best_distance))
        {
          best_score = score;
          best_distance = distance;
          *out = found;
        }
    }

  if (n_found == 0)
    return FALSE;
  /* Close to where it was expected counts a little: edits shift text by
   * a few words, and far-away repeats of a phrase are what misleads. */
  *confidence = 0.5 + 0.5 * best_score
                + (best_distance < ANCHOR_NEAR
                   ? ANCHOR_NEAR_BONUS * (1.0 - (double) best_distance / ANCHOR_NEAR) : 0);
  *confidence = MIN (*confidence, 1.0);
  *exact_bytes = text_is (source, out->start, out->end, range->exact);
  /* Same words, different spacing: a little less sure. */
  if (!*exact_bytes)
    *confidence *= 0.95;
  return TRUE;
}

/* How alike two texts are, from 1 (equal) down to 0: one minus their edit
 * distance in code points over the longer length. Long texts are not
 * compared (the cost is quadratic) and count as half alike. */
static double
similarity (const char *a,
            const char *b)
{
  g_autofree gunichar *ua = NULL;
  g_autofree gunichar *ub = NULL;
  g_autofree guint *row = NULL;
  glong la, lb;

  ua = g_utf8_to_ucs4_fast (a, -1, &la);
  ub = g_utf8_to_ucs4_fast (b, -1, &lb);
  if (la == 0 && lb == 0)
    return 1.0;
  if (la * lb > 250000)
    return 0.5;

  row = g_new (guint, lb + 1);
  for (glong j = 0; j <= lb; j++)
    row[j] = j;
  for (glong i = 1; i <= la; i++)
    {
      guint diagonal = row[0];

      row[0] = i;
      for (glong j = 1; j <= lb; j++)
        {
          guint above = row[j];
          guint cost = ua[i - 1] == ub[j - 1] ? 0 : 1;

          row[j] = MIN (MIN (row[j] + 1, row[j - 1] + 1), diagonal + cost);
          diagonal = above;
        }
    }
  return 1.0 - (double) row[lb] / MAX (la, lb);
}

/* Step 3 looks for the code points right before and after the old quote:
 * at least FUZZY_MIN_CONTEXT of each (shorter anchors match by chance),
 * at most FUZZY_ANCHOR. */
#define FUZZY_MIN_CONTEXT 8
#define FUZZY_ANCHOR 16

/* The last (@tail) or first @n code points of @text. */
static char *
utf8_part (const char *text,
           guint       n,
           gboolean    tail)
{
  glong len = g_utf8_strlen (text, -1);

  if (len <= (glong) n)
    return g_strdup (text);
  if (tail)
    return g_strdup (g_utf8_offset_to_pointer (text, len - n));
  return g_strndup (text, g_utf8_offset_to_pointer (text, n) - text);
}

/* Step 3: when the quote itself was edited, its surroundings may not have
 * been: finds the end of the recorded prefix followed, within twice the
 * quote's length plus 64 bytes, by the start of the recorded suffix (white
 * space aside), and takes what lies between them. Its likeness to the old
 * quote (1 − edit distance / longer length) is the confidence; the most
 * alike place wins, ties going to the nearest. */
static gboolean
find_between_context (ShuSource            *source,
                      const ShuQuotedRange *range,
                      guint                 near,
                      guint                 not_before,
                      ShuRange             *out,
                      double               *confidence)
{
  const NormText *nt = norm_text_for (source);
  g_autofree char *quote = normalize (range->exact);
  g_autofree char *prefix_all = normalize (range->prefix);
  g_autofree char *suffix_all = normalize (range->suffix);
  g_autofree char *prefix = utf8_part (prefix_all, FUZZY_ANCHOR, TRUE);
  g_autofree char *suffix = utf8_part (suffix_all, FUZZY_ANCHOR, FALSE);
  gsize prefix_len = strlen (prefix);
  gsize suffix_len = strlen (suffix);
  gsize max_gap = 2 * strlen (quote) + 64;
  guint best_distance = G_MAXUINT;
  double best = -1;
  gsize from = 0;

  if (g_utf8_strlen (prefix, -1) < FUZZY_MIN_CONTEXT
      || g_utf8_strlen (suffix, -1) < FUZZY_MIN_CONTEXT)
    return FALSE;

  while (from + prefix_len <= nt->len)
    {
      const char *hit = find_bytes (nt->norm + from, nt->len - from, prefix, prefix_len);
      const char *gap_start, *gap_end;
      g_autofree char *between = NULL;
      gsize a, b;
      ShuRange found;
      guint distance;
      double s;

      if (hit == NULL)
        break;
      from = (hit - nt->norm) + 1;
      gap_start = hit + prefix_len;
      gap_end = find_bytes (gap_start,
                            MIN (max_gap + suffix_len, nt->len - (gap_start - nt->norm)),
                            suffix, suffix_len);
      if (gap_end == NULL)
        continue;
      /* The anchors' own spaces stay outside the range. */
      a = gap_start - nt->norm;
      b = gap_end - nt->norm;
      while (a < b && nt->norm[a] == ' ')
        a++;
      while (b > a && nt->norm[b - 1] == ' ')
        b--;
      if (a == b)
        continue;
      between = g_strndup (nt->norm + a, b - a);
      s = similarity (quote, between);
      /* Words inserted next to an unchanged quote: the range is the quote,
       * the confidence what the insertion costs. */
      {
        const char *inner = strstr (between, quote);

        if (inner != NULL)
          {
            a += inner - between;
            b = a + strlen (quote);
          }
      }
      if (!norm_to_range (source, nt, a, b, &found) || found.start < not_before)
        continue;
      distance = found.start > near ? found.start - near : near - found.start;
      if (s > best || (s == best && distance < best_distance))
        {
          best = s;
          best_distance = distance;
          *out = found;
        }
    }

  if (best < 0)
    return FALSE;
  *confidence = best;
  return TRUE;
}

ShuAnchorStatus
shu_anchor_place (ShuSource           *source,
                  ShuParsedAnnotation *pa,
                  ShuRange            *out,
                  double              *confidence)
{
  gboolean all_exact = TRUE;
  gboolean fuzzy = FALSE;
  gboolean moved = FALSE;
  double worst = 1.0;
  guint not_before = 0;
  int shift = 0;

  /* Step 1: every range's quote still at its offsets. */
  for (guint i = 0; i < pa->ranges->len; i++)
    {
      const ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, i);

      if (still_in_place (source, range))
        {
          out[i].start = range->start;
          out[i].end = range->end;
        }
      else
        all_exact = FALSE;
    }
  if (all_exact)
    {
      *confidence = 1.0;
      return SHU_ANCHOR_EXACT;
    }

  /* Later ranges of a discontinuous annotation are looked for near where
   * the earlier ones moved, and after them, so they stay in order. Each
   * range: step 2 (the quote elsewhere), else step 3 (an edited quote
   * between its surroundings), each only at or above the threshold. */
  for (guint i = 0; i < pa->ranges->len; i++)
    {
      const ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, i);
      guint near = (guint) CLAMP ((gint64) range->start + shift, 0, G_MAXUINT);
      double found_confidence = 0;
      gboolean exact_bytes = FALSE;

      if (find_quote (source, range, near, not_before, &out[i], &found_confidence,
                      &exact_bytes)
          && found_confidence >= SHU_ANCHOR_MIN_CONFIDENCE)
        {
          fuzzy |= !exact_bytes;
          moved |= out[i].start != range->start || out[i].end != range->end;
        }
      else if (find_between_context (source, range, near, not_before, &out[i],
                                     &found_confidence)
               && found_confidence >= SHU_ANCHOR_MIN_CONFIDENCE)
        {
          fuzzy |= !text_is (source, out[i].start, out[i].end, range->exact);
          moved |= out[i].start != range->start || out[i].end != range->end;
        }
      else
        return SHU_ANCHOR_ORPHAN;
      worst = MIN (worst, found_confidence);
      shift = (int) out[i].start - (int) range->start;
      not_before = out[i].end;
    }

  *confidence = worst;
  /* Found again where it was, with less of its context: still exact. */
  if (!moved && !fuzzy)
    return SHU_ANCHOR_EXACT;
  *confidence = worst;
  return fuzzy ? SHU_ANCHOR_FUZZY : SHU_ANCHOR_MOVED;
}

static ShuAnnotation *
annotation_from_parsed (ShuParsedAnnotation *pa,
                        const ShuRange      *ranges,
                        const char          *label_id)
{
  g_autoptr(ShuAnnotation) annotation = NULL;

  annotation = shu_annotation_new (pa->id, ranges, pa->ranges->len, label_id, pa->comments,
                                   pa->creator, pa->created, pa->modified);
  if (pa->foreign != NULL)
    {
      ShuAnnotation *kept = shu_annotation_with_foreign (annotation, pa->foreign);

      g_object_unref (annotation);
      annotation = kept;
    }
  if (pa->attributes != NULL)
    {
      ShuAnnotation *with = shu_annotation_with_attributes (annotation, pa->attributes,
                                                            pa->modified);

      g_object_unref (annotation);
      annotation = with;
    }
  if (pa->references != NULL)
    {
      ShuAnnotation *with = shu_annotation_with_references (annotation, pa->references,
                                                            pa->modified);

      g_object_unref (annotation);
      annotation = with;
    }
  if (pa->suggested)
    {
      ShuAnnotation *kept = shu_annotation_with_suggested (annotation, TRUE);

      g_object_unref (annotation);
      annotation = kept;
    }
  if (pa->conflict != NULL)
    return shu_annotation_with_conflict (annotation, pa->conflict);
  return g_steal_pointer (&annotation);
}

static void
add_orphan (ShuDocument         *document,
            ShuParsedAnnotation *pa,
            const char          *label_id,
            GPtrArray           *report)
{
  g_autofree ShuRange *ranges = g_new (ShuRange, pa->ranges->len);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) quotes = NULL;
  g_autoptr(ShuAnnotation) annotation = NULL;
  const ShuQuotedRange *first = &g_array_index (pa->ranges, ShuQuotedRange, 0);
  const ShuQuotedRange *last = &g_array_index (pa->ranges, ShuQuotedRange, pa->ranges->len - 1);
  ShuAnchorResult result = { 0 };

  for (guint i = 0; i < pa->ranges->len; i++)
    {
      const ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, i);

      ranges[i].start = range->start;
      ranges[i].end = range->end;
      g_strv_builder_add (builder, range->prefix);
      g_strv_builder_add (builder, range->exact);
      g_strv_builder_add (builder, range->suffix);
    }
  quotes = g_strv_builder_end (builder);
  annotation = annotation_from_parsed (pa, ranges, label_id);

  result.id = pa->id;
  result.status = SHU_ANCHOR_ORPHAN;
  result.old_start = first->start;
  result.old_end = last->end;
  result.new_start = first->start;
  result.new_end = last->end;
  result.confidence = 0;
  result.exact = first->exact;
  shu_document_add_orphan (document, annotation, (const char * const *) quotes, &result);

  if (report != NULL)
    {
      ShuAnchorResult *copy = g_new0 (ShuAnchorResult, 1);

      *copy = result;
      copy->id = g_strdup (pa->id);
      copy->exact = g_strdup (first->exact);
      g_ptr_array_add (report, copy);
    }
}

static gboolean
check_exact (ShuSource                 *source,
             const ShuParsedAnnotation *pa,
             const char                *display_name,
             GError                   **error)
{
  guint length = shu_source_get_length (source);

  for (guint i = 0; i < pa->ranges->len; i++)
    {
      const ShuQuotedRange *range = &g_array_index (pa->ranges, ShuQuotedRange, i);
      g_autofree char *found = NULL;
      gsize first, last;

      if (range->end > length)
        return shu_sidecar_fail_at (error, SHU_ERROR_MISMATCH, display_name, &pa->pos,
                                    _("annotation %u: end %u is past the end of the text "
                                    "(%u code points)"),
                                    pa->number, range->end, length);
      if (!shu_source_is_boundary (source, range->start))
        return shu_sidecar_fail_at (error, SHU_ERROR_MISMATCH, display_name, &pa->pos,
                                    _("annotation %u: start %u falls inside a character "
                                    "(a grapheme cluster such as a letter with its niqqud)"),
                                    pa->number, range->start);
      if (!shu_source_is_boundary (source, range->end))
        return shu_sidecar_fail_at (error, SHU_ERROR_MISMATCH, display_name, &pa->pos,
                                    _("annotation %u: end %u falls inside a character "
                                    "(a grapheme cluster such as a letter with its niqqud)"),
                                    pa->number, range->end);
      /* Compared in place: a copy of every quote of a large sidecar was a
       * tenth of its load. */
      first = shu_source_offset_to_byte (source, range->start);
      last = shu_source_offset_to_byte (source, range->end);
      if (strlen (range->exact) == last - first
          && memcmp (shu_source_get_text (source) + first, range->exact, last - first) == 0)
        continue;
      found = shu_source_dup_range (source, range->start, range->end);
      if (strcmp (found, range->exact) != 0)
        return shu_sidecar_fail_at (error, SHU_ERROR_MISMATCH, display_name, &pa->pos,
                                    _("annotation %u: the quote \"%s\" does not match the text at "
                                    "%u..%u (\"%s\")"), pa->number, range->exact, range->start,
                                    range->end, found);
    }
  return TRUE;
}

ShuDocument *
shu_anchor_build_document (ShuSource    *source,
                           ShuLabelSet  *labels,
                           GPtrArray    *parsed,
                           gboolean      consume,
                           gboolean      strict_exact,
                           const char   *display_name,
                           GPtrArray   **report,
                           GError      **error)
{
  g_autoptr(ShuDocument) document = NULL;
  g_autoptr(GPtrArray) annotations = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) results = NULL;

  results = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_anchor_result_free);
  document = shu_document_new (source, labels);

  for (guint i = 0; i < parsed->len; i++)
    {
      ShuParsedAnnotation *pa = g_ptr_array_index (parsed, i);
      /* With @consume, freed at the end of this iteration, however it ends:
       * the next annotations then reuse its memory. */
      g_autoptr(ShuParsedAnnotation) consumed = NULL;
      g_autofree ShuRange *ranges = g_new (ShuRange, pa->ranges->len);
      const char *label_id = NULL;
      ShuAnchorStatus status;
      double confidence = 0;

      if (consume)
        {
          consumed = pa;
          g_ptr_array_index (parsed, i) = NULL;
        }

      if (pa->label_name != NULL)
        {
          ShuLabel *label = shu_label_set_lookup_name (labels, pa->label_name);

          g_assert (label != NULL);
          label_id = shu_label_get_id (label);
        }

      if (strict_exact && !pa->orphan)
        {
          if (!check_exact (source, pa, display_name, error))
            return NULL;
          status = SHU_ANCHOR_EXACT;
          for (guint r = 0; r < pa->ranges->len; r++)
            {
              ranges[r].start = g_array_index (pa->ranges, ShuQuotedRange, r).start;
              ranges[r].end = g_array_index (pa->ranges, ShuQuotedRange, r).end;
            }
        }
      else if (pa->orphan && strict_exact)
        /* The text is the one the orphan was already looked for in. */
        status = SHU_ANCHOR_ORPHAN;
      else
        status = shu_anchor_place (source, pa, ranges, &confidence);

      if (status == SHU_ANCHOR_ORPHAN)
        {
          add_orphan (document, pa, label_id, results);
          continue;
        }

      g_ptr_array_add (annotations, annotation_from_parsed (pa, ranges, label_id));
      if (status != SHU_ANCHOR_EXACT || pa->orphan)
        {
          ShuAnchorResult *result = g_new0 (ShuAnchorResult, 1);
          const ShuQuotedRange *first = &g_array_index (pa->ranges, ShuQuotedRange, 0);
          const ShuQuotedRange *last = &g_array_index (pa->ranges, ShuQuotedRange,
                                                       pa->ranges->len - 1);

          result->id = g_strdup (pa->id);
          result->status = status;
          result->old_start = first->start;
          result->old_end = last->end;
          result->new_start = ranges[0].start;
          result->new_end = ranges[pa->ranges->len - 1].end;
          result->confidence = confidence;
          result->exact = g_strdup (first->exact);
          g_ptr_array_add (results, result);
        }
    }

  /* Moving can make two annotations land identically; the store keeps
   * them both since their ids differ. */
  shu_annotation_store_reset (shu_document_get_store (document), annotations, labels);

  if (report != NULL)
    *report = g_steal_pointer (&results);
  return g_steal_pointer (&document);
}

/* ----------------------------------------------------- on a text */

static ShuDocument *
anchor (ShuSidecar  *self,
        ShuSource   *source,
        gboolean     consume,
        GPtrArray  **report,
        GError     **error)
{
  g_autoptr(ShuDocument) document = NULL;
  gboolean same_text;

  g_return_val_if_fail (SHU_IS_SIDECAR (self), NULL);
  g_return_val_if_fail (!self->consumed, NULL);
  g_return_val_if_fail (SHU_IS_SOURCE (source), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self->consumed = consume;

  same_text = strcmp (shu_source_get_sha256 (source), self->source_sha256) == 0;
  if (same_text && shu_source_get_length (source) != self->source_length)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_MISMATCH,
                   _("%s: the text has the recorded SHA-256 but is %u code points long, "
                   "not %u: it was decoded as %s, the sidecar says %s"), self->display_name,
                   shu_source_get_length (source), self->source_length,
                   shu_encoding_to_string (shu_source_get_encoding (source)),
                   shu_encoding_to_string (self->source_encoding));
      return NULL;
    }

  document = shu_anchor_build_document (source, self->labels, self->parsed, consume, same_text,
                                        self->display_name, report, error);
  if (document == NULL)
    return NULL;

  /* Relations name annotations by id, placed or orphaned alike. */
  if (self->relations->len > 0)
    {
      ShuAnnotationStore *store = shu_document_get_store (document);
      g_autoptr(GPtrArray) annotations = shu_annotation_store_dup_annotations (store);

      shu_annotation_store_reset_full (store, annotations, self->relations, NULL);
    }
  /* A rejection stands while its words do; where the text changed under
   * it, the place may be suggested again. */
  {
    g_autoptr(GArray) standing = g_array_new (FALSE, FALSE, sizeof (ShuSuggestion));

    for (guint i = 0; i < self->rejected->len; i++)
      {
        ShuParsedRejection *rejection = self->rejected->pdata[i];
        ShuSuggestion key = { rejection->start, rejection->end, rejection->label_id };
        g_autofree char *now = NULL;

        if (rejection->end > shu_source_get_length (source))
          continue;
        now = shu_source_dup_range (source, rejection->start, rejection->end);
        if (strcmp (now, rejection->exact) == 0)
          g_array_append_val (standing, key);
      }
    shu_document_restore_rejections (document, (const ShuSuggestion *) (gpointer) standing->data,
                                     standing->len);
  }

  for (guint i = 0; i < self->statuses->len; i++)
    {
      ShuStatusRecord *record = self->statuses->pdata[i];

      shu_document_restore_status (document, record->annotator, record->status,
                                   record->modified);
    }

  shu_document_set_source_name (document, self->source_name);
  shu_document_restore_metadata (document, self->id, self->title, self->language,
                                 self->text_direction, self->created, self->modified);
  shu_document_set_sidecar_file (document, self->file);
  shu_document_set_sidecar_stamp (document, self->stamp);
  /* The common ancestor of later merges with this file (docs/MERGE.md). */
  {
    ShuAnnotationStore *store = shu_document_get_store (document);
    g_autoptr(GPtrArray) annotations = shu_annotation_store_dup_annotations (store);

    shu_document_set_sidecar_base (document, shu_annotation_store_get_labels (store),
                                   annotations);
  }
  return g_steal_pointer (&document);
}

ShuDocument *
shu_sidecar_anchor (ShuSidecar  *self,
                    ShuSource   *source,
                    GPtrArray  **report,
                    GError     **error)
{
  return anchor (self, source, FALSE, report, error);
}

ShuDocument *
shu_sidecar_anchor_once (ShuSidecar  *self,
                         ShuSource   *source,
                         GPtrArray  **report,
                         GError     **error)
{
  return anchor (self, source, TRUE, report, error);
}
