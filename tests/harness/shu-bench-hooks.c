/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "shu-bench-hooks.h"
#include "shu-window.h"

/* Frames scrolled in each of the two scroll runs. */
#define SCROLL_FRAMES 240
/* The edit run leaves the window idle this long before its first edit. */
#define EDIT_IDLE_MS 3000
/* The settle run watches the window this long after the text is shown. */
#define SETTLE_MS 10000
/* A run that has not finished by then has hung: give up. */
#define GIVE_UP_SECONDS 120

typedef enum
{
  RUN_WHEEL,   /* half a page per frame from the top: reading */
  RUN_JUMP,    /* top to bottom in SCROLL_FRAMES frames: dragging the scrollbar */
  N_RUNS
} Run;

typedef struct
{
  GtkWindow     *window;
  GtkTextView   *view;
  GdkFrameClock *clock;
  gboolean       scroll;
  gboolean       edit;
  /* The settle run: the process's processor time and the frames painted
   * from the text shown on. */
  gboolean       settle;
  double         settle_cpu_ms;
  guint          settle_frames;
  /* The edit run: the longest time the main loop did not get round to a
   * 1 ms timeout, in each phase. */
  guint          stall_id;
  gint64         last_tick;
  double         stall_max;
  gint64         action_start;   /* 0 once the frame after the action is painted */
  const char    *action_name;
  char          *added_id;       /* the annotation it added */
  guint          added_start;    /* the word the edit run annotates */
  guint          added_end;
  gboolean       first_done;
  gboolean       highlights_done;
  Run            run;
  guint          frame;
  gint64         paint_start;
  gint64         last_frame_end;
  GArray        *work[N_RUNS];       /* double, ms from before-paint to after-paint */
  GArray        *intervals[N_RUNS];  /* double, ms between the ends of frames */
} Bench;

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
quantile (GArray *values,
          double  q)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, (guint) (q * (values->len - 1) + 0.5));
}

static void
finish (Bench *bench)
{
  static const char *names[N_RUNS] = { "wheel", "jump" };

  if (bench->scroll)
    for (guint r = 0; r < N_RUNS; r++)
      {
        printf ("SHU-BENCH %s-frame-p50 %.3f\n", names[r], quantile (bench->work[r], 0.5));
        printf ("SHU-BENCH %s-frame-p95 %.3f\n", names[r], quantile (bench->work[r], 0.95));
        printf ("SHU-BENCH %s-frame-max %.3f\n", names[r], quantile (bench->work[r], 1.0));
        printf ("SHU-BENCH %s-interval-p95 %.3f\n", names[r],
                quantile (bench->intervals[r], 0.95));
      }
  fflush (stdout);
  /* A measurement run ends here: nothing else of the process matters. */
  _exit (0);
}

static double
process_cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec * 1000.0 + usage.ru_utime.tv_usec / 1000.0
         + usage.ru_stime.tv_sec * 1000.0 + usage.ru_stime.tv_usec / 1000.0;
}

/* What the window costs once it shows the text and is left alone: the
 * view measuring the rest of its buffer in the background, and any frame
 * drawn when nothing changes (a frame or two for the highlights is
 * expected). */
static gboolean
settle_done_cb (gpointer user_data)
{
  Bench *bench = user_data;

  printf ("SHU-BENCH settle-cpu %.1f\n", process_cpu_ms () - bench->settle_cpu_ms);
  printf ("SHU-BENCH settle-frames %u\n", bench->settle_frames);
  finish (bench);
  return G_SOURCE_REMOVE;
}

static gboolean
give_up_cb (gpointer user_data)
{
  fprintf (stderr, "shu-bench: no complete run after %d s\n", GIVE_UP_SECONDS);
  _exit (3);
}

static gboolean
tick_cb (GtkWidget     *widget,
         GdkFrameClock *clock,
         gpointer       user_data)
{
  Bench *bench = user_data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (bench->view));
  double page = gtk_adjustment_get_page_size (adjustment);
  double upper = gtk_adjustment_get_upper (adjustment);
  double value;

  if (bench->frame == SCROLL_FRAMES)
    {
      bench->frame = 0;
      bench->last_frame_end = 0;
      if (++bench->run == N_RUNS)
        finish (bench);
    }

  if (bench->run == RUN_WHEEL)
    value = bench->frame * page / 2;
  else
    value = (upper - page) * (bench->frame + 1) / SCROLL_FRAMES;
  gtk_adjustment_set_value (adjustment, value);
  bench->frame++;
  return G_SOURCE_CONTINUE;
}

static gboolean
stall_tick_cb (gpointer user_data)
{
  Bench *bench = user_data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_tick != 0)
    bench->stall_max = MAX (bench->stall_max, (now - bench->last_tick) / 1000.0);
  bench->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
stall_reset (Bench *bench)
{
  bench->stall_max = 0;
  bench->last_tick = 0;
}

typedef enum
{
  EDIT_IDLE,       /* nothing happens: the floor of the figures below */
  EDIT_ANNOTATE,   /* one annotation added, then its recovery journal */
  EDIT_DELETE,     /* that annotation deleted, then the journal */
  EDIT_UNDO,       /* the deletion undone, then the journal */
  EDIT_SAVE,       /* Save, and its completion */
  EDIT_DONE
} EditPhase;

static const char *edit_phase_names[] = { "idle", "annotate", "delete", "undo", "save" };

/* The window's action for a phase starts now: the stall it causes counts
 * from here, and the first frame painted after it ends "PHASE-to-frame". */
static void
edit_action_start (Bench     *bench,
                   EditPhase  phase)
{
  bench->action_name = edit_phase_names[phase];
  bench->last_tick = bench->action_start = g_get_monotonic_time ();
}

static ShuAnnotationStore *
get_store (Bench *bench)
{
  return shu_document_get_store (shu_window_get_document (SHU_WINDOW (bench->window)));
}

/* The ids of the annotations on the word the edit run annotates. */
static GHashTable *
dup_ids_on_word (Bench *bench)
{
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) found = NULL;

  found = shu_annotation_store_get_overlapping (get_store (bench),
                                                bench->added_start, bench->added_end);
  for (guint i = 0; found != NULL && i < found->len; i++)
    g_hash_table_add (ids, g_strdup (shu_annotation_get_id (g_ptr_array_index (found, i))));
  return ids;
}

/* The edit run's annotation: the one on the word that was not there
 * before it annotated (an earlier repetition saved its own there). */
static void
remember_added (Bench      *bench,
                GHashTable *before)
{
  g_autoptr(GHashTable) after = dup_ids_on_word (bench);
  GHashTableIter iter;
  gpointer id;

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    if (!g_hash_table_contains (before, id))
      bench->added_id = g_strdup (id);
  if (bench->added_id == NULL)
    {
      fprintf (stderr, "shu-bench: annotating added nothing\n");
      _exit (3);
    }
}

/* The edit run's annotation, which has to be in the store (@wanted) or
 * not: otherwise the action did not do what it says, and the run stops. */
static ShuAnnotation *
check_added (Bench      *bench,
             gboolean    wanted,
             const char *failure)
{
  ShuAnnotation *added = shu_annotation_store_lookup (get_store (bench), bench->added_id);

  if ((added != NULL) != wanted)
    {
      fprintf (stderr, "shu-bench: %s\n", failure);
      _exit (3);
    }
  return added;
}

/* One phase of the edit run ends: its figures are printed and the next one
 * is started, each given 2.5 s (the journal is written 1 s after a change).
 * The idle phase lasts EDIT_IDLE_MS, while the text view lays out the
 * whole text in the background (about 1.5 s for 5 MB). */
static gboolean
edit_phase_cb (gpointer user_data)
{
  Bench *bench = user_data;
  static EditPhase phase = EDIT_IDLE;

  printf ("SHU-BENCH %s-stall-max %.3f\n", edit_phase_names[phase], bench->stall_max);
  phase++;
  stall_reset (bench);

  switch (phase)
    {
    case EDIT_IDLE:
      g_assert_not_reached ();
    case EDIT_ANNOTATE:
      {
        GtkTextBuffer *buffer = gtk_text_view_get_buffer (bench->view);
        g_autoptr(GHashTable) before = NULL;
        GtkTextIter start, end;

        gtk_text_buffer_get_iter_at_line_offset (buffer, &start, 2, 0);
        end = start;
        gtk_text_iter_forward_word_end (&end);
        bench->added_start = gtk_text_iter_get_offset (&start);
        bench->added_end = gtk_text_iter_get_offset (&end);
        GSettingsSchema *schema = g_settings_schema_source_lookup (
                                    g_settings_schema_source_get_default (),
                                    "io.github.shulayim.Shulayim", TRUE);

        /* Annotating straight away, without the first time's question
         * about the annotator's name. */
        if (schema != NULL)
          {
            g_autoptr(GSettings) settings = g_settings_new ("io.github.shulayim.Shulayim");

            g_settings_set_string (settings, "author-name", "bench");
            g_settings_schema_unref (schema);
          }
        gtk_text_buffer_select_range (buffer, &start, &end);
        before = dup_ids_on_word (bench);
        edit_action_start (bench, phase);
        gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.annotate-label", "u", 1);
        remember_added (bench, before);
      }
      break;
    case EDIT_DELETE:
      {
        ShuAnnotation *added = check_added (bench, TRUE, "the annotation added is not there");

        /* As after a click on its highlight. */
        shu_text_view_set_selected_annotation (SHU_TEXT_VIEW (bench->view), added);
        edit_action_start (bench, phase);
        gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.delete-annotation", NULL);
        check_added (bench, FALSE, "the annotation added was not deleted");
      }
      break;
    case EDIT_UNDO:
      edit_action_start (bench, phase);
      gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.undo", NULL);
      check_added (bench, TRUE, "undoing did not bring the annotation back");
      break;
    case EDIT_SAVE:
      edit_action_start (bench, phase);
      gtk_widget_activate_action (GTK_WIDGET (bench->window), "win.save", NULL);
      break;
    case EDIT_DONE:
    default:
      finish (bench);
      return G_SOURCE_REMOVE;
    }
  g_timeout_add (2500, edit_phase_cb, bench);
  return G_SOURCE_REMOVE;
}

static void
before_paint_cb (GdkFrameClock *clock,
                 Bench         *bench)
{
  bench->paint_start = g_get_monotonic_time ();
}

/* The app reads a text's annotations in a thread after showing the text
 * (its "loading" property); the plain view has nothing to wait for. */
static gboolean
is_loading (Bench *bench)
{
  gboolean loading = FALSE;

  if (g_object_class_find_property (G_OBJECT_GET_CLASS (bench->window), "loading") != NULL)
    g_object_get (bench->window, "loading", &loading, NULL);
  return loading;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();

  if (bench->action_start != 0)
    {
      printf ("SHU-BENCH %s-to-frame %.3f\n", bench->action_name,
              (now - bench->action_start) / 1000.0);
      bench->action_start = 0;
    }
  if (!bench->first_done)
    {
      /* The view lays out what is on screen before it paints: the first
       * painted frame with an allocated view shows the text. */
      if (gtk_widget_get_height (GTK_WIDGET (bench->view)) <= 0)
        return;
      bench->first_done = TRUE;
      printf ("SHU-BENCH first-frame-at %" G_GINT64_FORMAT "\n", now);
      fflush (stdout);
      if (bench->settle)
        {
          bench->settle_cpu_ms = process_cpu_ms ();
          g_timeout_add (SETTLE_MS, settle_done_cb, bench);
        }
    }
  else if (bench->settle)
    bench->settle_frames++;

  if (!bench->highlights_done)
    {
      /* The window draws the highlights of the visible lines in the first
       * frame after the annotations are in (the switch queues a draw). */
      if (is_loading (bench))
        return;
      bench->highlights_done = TRUE;
      printf ("SHU-BENCH highlights-at %" G_GINT64_FORMAT "\n", now);
      fflush (stdout);
      if (bench->edit)
        {
          bench->stall_id = g_timeout_add (1, stall_tick_cb, bench);
          g_timeout_add (EDIT_IDLE_MS, edit_phase_cb, bench);
          return;
        }
      if (bench->settle)
        return;
      if (!bench->scroll)
        finish (bench);
      gtk_widget_add_tick_callback (GTK_WIDGET (bench->view), tick_cb, bench, NULL);
      return;
    }

  if (bench->frame > 0 && bench->run < N_RUNS)
    {
      double work = (now - bench->paint_start) / 1000.0;

      g_array_append_val (bench->work[bench->run], work);
      if (bench->last_frame_end != 0)
        {
          double interval = (now - bench->last_frame_end) / 1000.0;

          g_array_append_val (bench->intervals[bench->run], interval);
        }
      bench->last_frame_end = now;
    }
}

static void
map_cb (GtkWidget *widget,
        Bench     *bench)
{
  if (bench->clock != NULL)
    return;
  bench->clock = gtk_widget_get_frame_clock (widget);
  g_signal_connect (bench->clock, "before-paint", G_CALLBACK (before_paint_cb), bench);
  g_signal_connect (bench->clock, "after-paint", G_CALLBACK (after_paint_cb), bench);
  gtk_widget_queue_draw (widget);
}

static gboolean
bench_enabled (void)
{
  const char *mode = g_getenv ("SHU_BENCH");

  return mode != NULL && *mode != '\0';
}

/* The steps of shu_trace_mark() become bench lines; the rest of the log
 * goes on as usual. Called on the thread that marks. */
static GLogWriterOutput
trace_writer_cb (GLogLevelFlags   log_level,
                 const GLogField *fields,
                 gsize            n_fields,
                 gpointer         user_data)
{
  gint64 now = g_get_monotonic_time ();

  for (gsize i = 0; i < n_fields; i++)
    if (strcmp (fields[i].key, "SHU_TRACE_STEP") == 0)
      {
        printf ("SHU-BENCH %s-at %" G_GINT64_FORMAT "\n", (const char *) fields[i].value, now);
        fflush (stdout);
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
shu_bench_hooks_init (void)
{
  if (bench_enabled ())
    g_log_set_writer_func (trace_writer_cb, NULL, NULL);
}

void
shu_bench_hooks_attach (GtkWindow   *window,
                        GtkTextView *view)
{
  const char *mode = g_getenv ("SHU_BENCH");
  Bench *bench;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  if (!bench_enabled ())
    return;

  /* Lives as long as the process, which the hooks end. */
  bench = g_new0 (Bench, 1);
  bench->window = window;
  bench->view = view;
  bench->scroll = g_str_equal (mode, "scroll");
  bench->edit = g_str_equal (mode, "edit");
  bench->settle = g_str_equal (mode, "settle");
  for (guint r = 0; r < N_RUNS; r++)
    {
      bench->work[r] = g_array_new (FALSE, FALSE, sizeof (double));
      bench->intervals[r] = g_array_new (FALSE, FALSE, sizeof (double));
    }
  g_signal_connect (window, "map", G_CALLBACK (map_cb), bench);
  g_timeout_add_seconds (GIVE_UP_SECONDS, give_up_cb, NULL);
}
