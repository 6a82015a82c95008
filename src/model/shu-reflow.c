/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-big-alloc.h"
#include "shu-reflow.h"
#include "shu-text.h"

/* Lines this long or longer are no hand-wrapped lines (and a paragraph a
 * line is shown as it is). */
#define MAX_WRAP 200
/* Narrower than this, lines are verse or a list rather than wrapped prose. */
#define MIN_WRAP 40

typedef struct
{
  gsize start;     /* byte of the first character */
  gsize end;       /* byte of the line break, or the text's size */
  guint break_len; /* bytes of the line break: 0 (the last line), 1 or 2 */
  guint length;    /* code points before the line break */
  guint indent;    /* leading spaces and tabs */
  guint blank : 1;
  guint ends_sentence : 1;
} Line;

/* A line break that is shown joined, or one put in (a split). */
typedef struct
{
  gsize    at;
  guint8   break_len;   /* 0: a split, a line break put in before @at */
  gboolean after_space;
} Join;

static void
scan_line (const char *text,
           gsize       size,
           gsize       start,
           Line       *line)
{
  gsize b = start, last = G_MAXSIZE;
  guint length = 0;

  line->start = start;
  line->indent = 0;
  while (b < size && (text[b] == ' ' || text[b] == '\t'))
    {
      line->indent++;
      b++;
    }
  length = line->indent;
  for (; b < size && text[b] != '\n' && text[b] != '\r'; b++)
    {
      /* Code points: every byte but UTF-8's continuation bytes. */
      if (((guchar) text[b] & 0xC0) != 0x80)
        {
          length++;
          if (text[b] != ' ' && text[b] != '\t')
            last = b;
        }
    }
  line->end = b;
  line->length = length;
  line->blank = length == line->indent;
  /* A full stop, question or exclamation mark, or Hebrew's sof pasuq. */
  if (last != G_MAXSIZE)
    {
      gunichar c = g_utf8_get_char (text + last);

      line->ends_sentence = c == '.' || c == '?' || c == '!' || c == 0x05C3;
    }
  else
    line->ends_sentence = FALSE;
  if (b + 1 < size && text[b] == '\r' && text[b + 1] == '\n')
    line->break_len = 2;
  else
    line->break_len = b < size ? 1 : 0;
}

/* The width a run of non-blank lines was wrapped at, or 0 when the lines
 * do not look wrapped: the 90th percentile of their lengths, when most of
 * the lines but the last come within a quarter of it (the words that did
 * not fit went to the next line; verse and lists vary much more). */
static guint
wrap_width (const Line *lines,
            guint       n_lines)
{
  guint counts[MAX_WRAP + 1] = { 0 };
  guint seen = 0, width = 0, full = 0;

  if (n_lines < 2)
    return 0;
  for (guint i = 0; i < n_lines - 1; i++)
    counts[MIN (lines[i].length, MAX_WRAP)]++;
  for (width = 0; width <= MAX_WRAP; width++)
    {
      seen += counts[width];
      if (seen * 10 >= (n_lines - 1) * 9)
        break;
    }
  if (width < MIN_WRAP || width >= MAX_WRAP)
    return 0;
  for (guint i = 0; i < n_lines - 1; i++)
    {
      if (lines[i].length * 4 >= width * 3 && lines[i].length <= width + width / 4)
        full++;
    }
  return full * 10 >= (n_lines - 1) * 6 ? width : 0;
}

/* Decides which breaks between @lines (a run without a blank line) are
 * joined. */
static void
join_block (const char *text,
            const Line *lines,
            guint       n_lines,
            GArray     *joins)
{
  guint width = wrap_width (lines, n_lines);
  guint shown = 0;

  if (width == 0)
    return;
  for (guint i = 0; i + 1 < n_lines; i++)
    {
      const Line *line = &lines[i];
      Join join;

      shown += line->length + line->break_len;
      /* The last line of a paragraph is short; a paragraph's first line
       * can be indented. */
      if (line->length * 4 < width * 3 || lines[i + 1].indent > line->indent)
        {
          shown = 0;
          continue;
        }
      if ((shown >= SHU_REFLOW_MAX_PARAGRAPH && line->ends_sentence)
          || shown >= 8 * SHU_REFLOW_MAX_PARAGRAPH)
        {
          shown = 0;
          continue;
        }

      join.at = line->end;
      join.break_len = line->break_len;
      join.after_space = line->end > line->start
                         && (text[line->end - 1] == ' ' || text[line->end - 1] == '\t');
      g_array_append_val (joins, join);
    }
}

/* Puts breaks into @line, whose first character is at the source offset
 * @offset, so that no piece is longer than SHU_REFLOW_MAX_LINE. */
static void
split_line (const char *text,
            const Line *line,
            guint       offset,
            GArray     *joins,
            GArray     *breaks)
{
  const char *p = text + line->start, *end = text + line->end;
  const char *after_space = NULL;
  guint run = 0, space_offset = 0;

  while (p < end)
    {
      gunichar c;

      if (run >= SHU_REFLOW_MAX_LINE)
        {
          Join split = { 0, 0, FALSE };
          const char *at = p;
          guint at_offset = offset;

          if (after_space != NULL)
            {
              at = after_space;
              at_offset = space_offset;
            }
          else
            {
              /* Back to a cluster's start, but never more than a few
               * characters (a run of marks alone gets cut somewhere). */
              for (guint k = 0; k < 32 && shu_text_cut_inside_cluster (text, at); k++)
                {
                  at = g_utf8_prev_char (at);
                  at_offset--;
                }
              if (shu_text_cut_inside_cluster (text, at))
                {
                  at = p;
                  at_offset = offset;
                }
            }
          split.at = at - text;
          g_array_append_val (joins, split);
          g_array_append_val (breaks, at_offset);
          run = offset - at_offset;
          after_space = NULL;
        }

      c = g_utf8_get_char (p);
      p = g_utf8_next_char (p);
      offset++;
      run++;
      if ((c == ' ' || c == '\t') && run >= SHU_REFLOW_MAX_LINE / 2 && p < end)
        {
          after_space = p;
          space_offset = offset;
        }
    }
}

static int
compare_joins (gconstpointer a,
               gconstpointer b)
{
  const Join *x = a, *y = b;

  return x->at < y->at ? -1 : x->at > y->at;
}

char *
shu_reflow_text (const char      *text,
                 gsize            size,
                 ShuReflowFlags   flags,
                 gsize           *out_size,
                 GArray         **out_breaks)
{
  g_autoptr(GArray) block = g_array_new (FALSE, FALSE, sizeof (Line));
  g_autoptr(GArray) joins = g_array_new (FALSE, FALSE, sizeof (Join));
  g_autoptr(GArray) breaks = g_array_new (FALSE, FALSE, sizeof (guint));
  gsize extra = 0, from = 0, to = 0;
  guint offset = 0;
  char *out;

  g_return_val_if_fail (text != NULL || size == 0, NULL);

  if (out_breaks != NULL)
    *out_breaks = NULL;
  if (out_size != NULL)
    *out_size = size;

  for (gsize start = 0; start < size;)
    {
      Line line;

      scan_line (text, size, start, &line);
      if ((flags & SHU_REFLOW_SPLIT_LONG_LINES) && line.length > SHU_REFLOW_MAX_LINE)
        split_line (text, &line, offset, joins, breaks);
      offset += line.length + line.break_len;
      if ((flags & SHU_REFLOW_JOIN_LINES) && !line.blank)
        g_array_append_val (block, line);
      if (line.blank || line.break_len == 0)
        {
          join_block (text, (Line *) (void *) block->data, block->len, joins);
          g_array_set_size (block, 0);
        }
      start = line.end + line.break_len;
      if (line.break_len == 0)
        break;
    }
  if (block->len > 0)
    join_block (text, (Line *) (void *) block->data, block->len, joins);
  if (joins->len == 0)
    return NULL;
  /* A long line's breaks come before its joined end, which a block's
   * joins come after. */
  g_array_sort (joins, compare_joins);

  /* A zero-width space takes three bytes where the break took one; a
   * break put in takes one. */
  for (guint i = 0; i < joins->len; i++)
    {
      const Join *join = &g_array_index (joins, Join, i);

      if (join->break_len == 0)
        extra += 1;
      else
        extra += join->after_space ? 2 * join->break_len : 2 * (join->break_len - 1);
    }

  out = shu_big_alloc (size + extra + 1);
  for (guint i = 0; i < joins->len; i++)
    {
      const Join *join = &g_array_index (joins, Join, i);

      memcpy (out + to, text + from, join->at - from);
      to += join->at - from;
      if (join->break_len == 0)
        out[to++] = '\n';
      for (guint k = 0; k < join->break_len; k++)
        {
          if (k == 0 && !join->after_space)
            out[to++] = ' ';
          else
            to += g_unichar_to_utf8 (SHU_REFLOW_ZERO_WIDTH_SPACE, out + to);
        }
      from = join->at + join->break_len;
    }
  memcpy (out + to, text + from, size - from);
  to += size - from;
  out[to] = '\0';
  g_assert (to == size + extra);

  if (out_size != NULL)
    *out_size = to;
  if (out_breaks != NULL && breaks->len > 0)
    *out_breaks = g_steal_pointer (&breaks);
  return out;
}

guint
shu_reflow_to_display (GArray *breaks,
                       guint   offset)
{
  guint lo = 0, hi;

  if (breaks == NULL)
    return offset;
  /* The breaks put in before or at @offset. */
  hi = breaks->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (breaks, guint, mid) <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return offset + lo;
}

guint
shu_reflow_to_source (GArray *breaks,
                      guint   offset)
{
  guint lo = 0, hi;

  if (breaks == NULL)
    return offset;
  /* The breaks before @offset: the i-th is shown at its source offset
   * plus i. */
  hi = breaks->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (breaks, guint, mid) + mid < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return offset - lo;
}

GArray *
shu_reflow_blank_lines (const char *text,
                        gsize       size)
{
  g_autoptr(GArray) lines = NULL;
  gboolean after_text = FALSE;
  guint number = 0;

  g_return_val_if_fail (text != NULL || size == 0, NULL);

  for (gsize start = 0; start < size; number++)
    {
      const char *newline = memchr (text + start, '\n', size - start);
      gsize end = newline != NULL ? (gsize) (newline - text) : size;
      gboolean blank = TRUE;

      for (gsize b = start; b < end && blank; b++)
        blank = text[b] == ' ' || text[b] == '\t' || text[b] == '\r';
      /* (The last line, with no line break, is no gap.) */
      if (blank && after_text && newline != NULL)
        {
          if (lines == NULL)
            lines = g_array_new (FALSE, FALSE, sizeof (guint));
          g_array_append_val (lines, number);
        }
      after_text = !blank;
      if (newline == NULL)
        break;
      start = end + 1;
    }
  return g_steal_pointer (&lines);
}
