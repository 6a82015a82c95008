/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

/* Waiting for a window to be painted, and rendering it to a PNG in the
 * build folder for a person to look at: one copy for the display tests
 * (the older ones still carry their own). */

static inline gboolean
shu_test_timeout_cb (gpointer user_data)
{
  gboolean *timed_out = user_data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

static inline void
shu_test_after_paint_cb (GdkFrameClock *clock,
                         gpointer       user_data)
{
  gboolean *painted = user_data;

  *painted = TRUE;
}

/* Returns once @widget has been painted @n times. */
static inline void
wait_for_frames (GtkWidget *widget,
                 guint      n)
{
  for (guint i = 0; i < n; i++)
    {
      gboolean painted = FALSE, timed_out = FALSE;
      GdkFrameClock *clock;
      gulong handler;
      guint timeout;

      while (!gtk_widget_get_mapped (widget))
        g_main_context_iteration (NULL, TRUE);

      clock = gtk_widget_get_frame_clock (widget);
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (shu_test_after_paint_cb),
                                  &painted);
      timeout = g_timeout_add_seconds (5, shu_test_timeout_cb, &timed_out);
      gtk_widget_queue_draw (widget);
      while (!painted && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, handler);
      g_assert_false (timed_out);
      g_source_remove (timeout);
    }
}

/* Renders @widget into the build folder as @name. */
static inline void
render_to_png (GtkWidget  *widget,
               const char *name)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "ui", name, NULL);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, png));
  g_test_message ("rendered %s", png);
}
