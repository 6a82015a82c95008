/* SPDX-License-Identifier: GPL-3.0-or-later */
/* floor-probe: the smallest GTK 4 program that shows a UTF-8 file in a
 * read-only GtkTextView (RTL, word wrap) and exits right after its first
 * frame has been painted. It is the "floor" that a real editor is compared to.
 *
 * Usage: floor-probe [--tags N] [--labels K] [--hold] [--size WxH] FILE
 *   --tags N    apply N highlight ranges over the buffer, spread evenly,
 *               using K shared GtkTextTags (one per label, default 12)
 *   --hold      do not quit after the first frame (for screenshots / first-frame.sh)
 *   --size WxH  default window size (default 700x520, the default size of gnome-text-editor 43.2)
 *
 * Timing: if FIRSTFRAME_T0_NS (CLOCK_MONOTONIC ns, set by the launcher just
 * before exec) is in the environment, the probe prints to stderr how long
 * after it the file was read, the buffer filled, the tags applied and the
 * first frame painted. Build: see build-floor-probe.sh.
 */
#include <gtk/gtk.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *file_path;
static int n_tags = 0, n_labels = 12, hold = 0, win_w = 700, win_h = 520;
static gint64 t0_ns = -1; /* launcher's exec time, CLOCK_MONOTONIC */
static gint64 t_main_ns;
static gulong after_paint_id;
static GdkFrameClock *clock_;

static gint64 now_ns (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void mark (const char *what)
{
  gint64 n = now_ns ();
  if (t0_ns > 0)
    g_printerr ("floor-probe: %-12s %8.1f ms after exec (%8.1f ms after main)\n",
                what, (n - t0_ns) / 1e6, (n - t_main_ns) / 1e6);
  else
    g_printerr ("floor-probe: %-12s %8.1f ms after main\n", what, (n - t_main_ns) / 1e6);
}

static void on_after_paint (GdkFrameClock *clock, gpointer app)
{
  mark ("first-paint");
  g_signal_handler_disconnect (clock, after_paint_id);
  after_paint_id = 0;
  if (!hold)
    g_application_quit (G_APPLICATION (app));
}

static void on_map (GtkWidget *window, gpointer app)
{
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  mark ("map");
  clock_ = gdk_surface_get_frame_clock (surface);
  after_paint_id = g_signal_connect (clock_, "after-paint", G_CALLBACK (on_after_paint), app);
}

static void apply_tags (GtkTextBuffer *buf)
{
  static const char *colors[] = { "#ffd54f", "#81d4fa", "#a5d6a7", "#f48fb1",
                                  "#ce93d8", "#ffab91", "#b0bec5", "#e6ee9c",
                                  "#80cbc4", "#bcaaa4", "#9fa8da", "#fff59d" };
  GtkTextTag **tags = g_new0 (GtkTextTag *, n_labels);
  for (int i = 0; i < n_labels; i++)
    {
      char name[32];
      g_snprintf (name, sizeof name, "label-%d", i);
      tags[i] = gtk_text_buffer_create_tag (buf, name, "background",
                                            colors[i % G_N_ELEMENTS (colors)], NULL);
    }
  int total = gtk_text_buffer_get_char_count (buf);
  /* n_tags ranges, evenly spaced, deterministic lengths 3..42 chars */
  double stride = (double) total / n_tags;
  GtkTextIter s, e;
  for (int i = 0; i < n_tags; i++)
    {
      int start = (int) (i * stride);
      int len = 3 + (int) ((i * 2654435761u) % 40u);
      if (len > stride - 1)
        len = MAX (1, (int) stride - 1);
      gtk_text_buffer_get_iter_at_offset (buf, &s, start);
      gtk_text_buffer_get_iter_at_offset (buf, &e, MIN (start + len, total));
      gtk_text_buffer_apply_tag (buf, tags[i % n_labels], &s, &e);
    }
  g_free (tags);
}

static void activate (GtkApplication *app, gpointer data)
{
  GError *err = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (file_path, &contents, &len, &err))
    {
      g_printerr ("floor-probe: %s\n", err->message);
      g_application_quit (G_APPLICATION (app));
      return;
    }
  mark ("read");
  if (!g_utf8_validate (contents, len, NULL))
    {
      g_printerr ("floor-probe: %s is not valid UTF-8\n", file_path);
      g_free (contents);
      g_application_quit (G_APPLICATION (app));
      return;
    }

  GtkWidget *window = gtk_application_window_new (app);
  char *base = g_path_get_basename (file_path);
  gtk_window_set_title (GTK_WINDOW (window), base);
  g_free (base);
  gtk_window_set_default_size (GTK_WINDOW (window), win_w, win_h);

  GtkTextBuffer *buf = gtk_text_buffer_new (NULL);
  gtk_text_buffer_set_text (buf, contents, (int) len);
  g_free (contents);
  mark ("buffer-set");
  if (n_tags > 0)
    {
      apply_tags (buf);
      mark ("tags-applied");
    }

  GtkWidget *tv = gtk_text_view_new_with_buffer (buf);
  g_object_unref (buf);
  gtk_text_view_set_editable (GTK_TEXT_VIEW (tv), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (tv), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (tv), GTK_WRAP_WORD);
  gtk_widget_set_direction (tv, GTK_TEXT_DIR_RTL);

  GtkWidget *sw = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (sw), tv);
  gtk_window_set_child (GTK_WINDOW (window), sw);

  g_signal_connect (window, "map", G_CALLBACK (on_map), app);
  gtk_window_present (GTK_WINDOW (window));
}

int main (int argc, char **argv)
{
  t_main_ns = now_ns ();
  const char *t0 = g_getenv ("FIRSTFRAME_T0_NS");
  if (t0)
    t0_ns = g_ascii_strtoll (t0, NULL, 10);

  int i;
  for (i = 1; i < argc; i++)
    {
      if (!strcmp (argv[i], "--tags") && i + 1 < argc)
        n_tags = atoi (argv[++i]);
      else if (!strcmp (argv[i], "--labels") && i + 1 < argc)
        n_labels = MAX (1, atoi (argv[++i]));
      else if (!strcmp (argv[i], "--hold"))
        hold = 1;
      else if (!strcmp (argv[i], "--size") && i + 1 < argc)
        {
          if (sscanf (argv[++i], "%dx%d", &win_w, &win_h) != 2)
            return 2;
        }
      else
        break;
    }
  if (i != argc - 1)
    {
      g_printerr ("usage: floor-probe [--tags N] [--labels K] [--hold] [--size WxH] FILE\n");
      return 2;
    }
  file_path = argv[i];
  mark ("main");

  GtkApplication *app = gtk_application_new ("org.shulayim.FloorProbe", G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);
  int status = g_application_run (G_APPLICATION (app), 1, argv);
  g_object_unref (app);
  mark ("exit");
  return status;
}
