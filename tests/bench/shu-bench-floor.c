/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gtk/gtk.h>

#include "shu-bench-hooks.h"
#include "shu-trace.h"

/* The floor for the app's launch and scrolling figures: the least a GTK 4
 * program can do to show the same text, a GtkTextView in a scrolled window
 * with the same wrapping, with no model, no sidecar and no highlights.
 *
 *   SHU_BENCH=first-frame|scroll shu-bench-floor TEXT [WIDTHxHEIGHT]
 */

static char *text_path;
static int width = 1000, height = 700;

static void
activate_cb (GtkApplication *app)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  GtkWidget *window = gtk_application_window_new (app);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *view = gtk_text_view_new ();
  gsize size;

  shu_trace_mark ("window-started");
  if (!g_file_get_contents (text_path, &contents, &size, &error))
    g_error ("%s", error->message);

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  shu_trace_mark ("text-read");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), contents, size);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);

  shu_bench_hooks_attach (GTK_WINDOW (window), GTK_TEXT_VIEW (view));
  gtk_window_present (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GtkApplication) app = NULL;

  shu_bench_hooks_init ();
  if (argc < 2)
    {
      g_printerr ("usage: %s TEXT [WIDTHxHEIGHT]\n", argv[0]);
      return 2;
    }
  text_path = argv[1];
  if (argc > 2 && sscanf (argv[2], "%dx%d", &width, &height) != 2)
    return 2;

  app = gtk_application_new (NULL, G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "activate", G_CALLBACK (activate_cb), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
