/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-error.h"
#include "shu-screenshot.h"

/* Screenshots: wait until the window has been painted a few times, so the
 * text is laid out and the highlights drawn on it, then render it. */

/* Draws the window now: only valid right after a paint, while every
 * allocation is current. */
static GdkTexture *
render_now (GtkWidget  *self,
            GError    **error)
{
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  g_assert (GTK_IS_NATIVE (self));

  width = gtk_widget_get_width (self);
  height = gtk_widget_get_height (self);
  renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  if (width <= 0 || height <= 0 || renderer == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED, _("The window is not shown"));
      return NULL;
    }

  /* Draw the window the way its frame clock does, not through a
   * GtkWidgetPaintable, whose cached image can still be empty after the
   * first frames. */
  snapshot = gtk_snapshot_new ();
  /* The window's own CSS background, which GTK draws before the class's
   * snapshot: without it, whatever no child paints over (a bar with no
   * background of its own) came out transparent, white in a viewer. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_snapshot_render_background (snapshot, gtk_widget_get_style_context (self),
                                  0, 0, width, height);
  G_GNUC_END_IGNORE_DEPRECATIONS
  GTK_WIDGET_GET_CLASS (self)->snapshot (self, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  if (node == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED, _("The window drew nothing"));
      return NULL;
    }

  return gsk_renderer_render_texture (renderer, node,
                                      &GRAPHENE_RECT_INIT (0, 0, width, height));
}

typedef struct
{
  GtkWidget  *widget;
  GdkTexture *texture;
  GError     *error;
  gboolean    done;
} RenderWait;

static void
render_after_paint_cb (GdkFrameClock *clock,
                       RenderWait    *wait)
{
  if (wait->done)
    return;
  wait->texture = render_now (wait->widget, &wait->error);
  wait->done = TRUE;
}

/* Between frames a widget may be waiting for its allocation, and drawing
 * it then is an error; so this waits for the next paint and draws right
 * after it. */
GdkTexture *
shu_screenshot_render (GtkWidget  *widget,
                       GError    **error)
{
  RenderWait wait = { widget, NULL, NULL, FALSE };
  GdkFrameClock *clock;
  gulong handler;
  gint64 deadline;

  g_return_val_if_fail (GTK_IS_NATIVE (widget), NULL);

  clock = gtk_widget_get_frame_clock (widget);
  if (clock == NULL)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED, _("The window is not shown"));
      return NULL;
    }

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (render_after_paint_cb), &wait);
  gtk_widget_queue_draw (widget);

  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!wait.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);

  if (!wait.done)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_UNSUPPORTED, _("The window was never drawn"));
      return NULL;
    }
  if (wait.error != NULL)
    g_propagate_error (error, wait.error);
  return wait.texture;
}

/* One screenshot being taken: the widget is borrowed; if it goes before
 * it is ready, nothing is told, as before. */
typedef struct
{
  GtkWidget          *widget;
  GdkFrameClock      *clock;
  GFile              *file;
  ShuScreenshotReady  ready;
  ShuScreenshotDone   done;
  gpointer            done_data;
  GdkTexture         *texture;
  GError             *error;
  gulong              after_paint_id;
  guint               frames_painted;
} Screenshot;

static void
screenshot_free (Screenshot *shot)
{
  if (shot->widget != NULL)
    g_signal_handlers_disconnect_by_data (shot->widget, shot);
  if (shot->clock != NULL)
    g_clear_signal_handler (&shot->after_paint_id, shot->clock);
  g_clear_object (&shot->clock);
  g_clear_object (&shot->file);
  g_clear_error (&shot->error);
  g_clear_object (&shot->texture);
  g_free (shot);
}

static void
screenshot_finish (Screenshot *shot)
{
  if (shot->done != NULL)
    shot->done (shot->widget, shot->error, shot->done_data);
  g_clear_object (&shot->widget);
  screenshot_free (shot);
}

static void
screenshot_written_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  Screenshot *shot = user_data;
  g_autofree char *path = g_file_get_path (G_FILE (object));

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, NULL))
    g_set_error (&shot->error, SHU_ERROR, SHU_ERROR_IO, _("Could not write %s"), path);
  screenshot_finish (shot);
}

static gboolean
screenshot_idle_cb (gpointer user_data)
{
  Screenshot *shot = user_data;
  g_autofree char *path = g_file_get_path (shot->file);
  g_autoptr(GBytes) png = NULL;

  if (shot->texture != NULL && path == NULL)
    g_set_error (&shot->error, SHU_ERROR, SHU_ERROR_IO, _("The screenshot must be a local file"));
  if (shot->texture == NULL || shot->error != NULL)
    {
      screenshot_finish (shot);
      return G_SOURCE_REMOVE;
    }
  /* The picture is made here; the file is written in GIO's worker. */
  png = gdk_texture_save_to_png_bytes (shot->texture);
  g_file_replace_contents_bytes_async (shot->file, png, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                                       screenshot_written_cb, shot);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (Screenshot    *shot,
                GdkFrameClock *clock)
{
  /* The first frames lay the text out and may scroll; three painted frames
   * are enough for the reading view to settle, once the annotations are in. */
  if (++shot->frames_painted < 3 || !shot->ready (shot->widget))
    {
      gtk_widget_queue_draw (shot->widget);
      return;
    }

  g_clear_signal_handler (&shot->after_paint_id, clock);
  g_signal_handlers_disconnect_by_data (shot->widget, shot);
  /* Held until told: the window may close while the file is written. */
  g_object_ref (shot->widget);

  /* Render right after a paint, while every allocation is current; the
   * file is written later, outside the frame. */
  shot->texture = render_now (shot->widget, &shot->error);
  g_idle_add_full (G_PRIORITY_LOW, screenshot_idle_cb, shot, NULL);
}

static void
screenshot_map_cb (GtkWidget  *widget,
                   Screenshot *shot)
{
  g_signal_handlers_disconnect_by_func (widget, screenshot_map_cb, shot);
  shot->clock = g_object_ref (gtk_widget_get_frame_clock (widget));
  shot->after_paint_id = g_signal_connect_swapped (shot->clock, "after-paint",
                                                   G_CALLBACK (after_paint_cb), shot);
  gtk_widget_queue_draw (widget);
}

/* The window went before it was ready: no picture, and nothing told. */
static void
screenshot_destroy_cb (GtkWidget  *widget,
                       Screenshot *shot)
{
  screenshot_free (shot);
}

void
shu_screenshot_take (GtkWidget          *widget,
                     GFile              *png,
                     ShuScreenshotReady  ready,
                     ShuScreenshotDone   done,
                     gpointer            user_data)
{
  Screenshot *shot;

  g_return_if_fail (GTK_IS_NATIVE (widget));
  g_return_if_fail (G_IS_FILE (png));
  g_return_if_fail (ready != NULL);

  shot = g_new0 (Screenshot, 1);
  shot->widget = widget;
  shot->file = g_object_ref (png);
  shot->ready = ready;
  shot->done = done;
  shot->done_data = user_data;
  g_signal_connect (widget, "destroy", G_CALLBACK (screenshot_destroy_cb), shot);
  if (gtk_widget_get_mapped (widget))
    screenshot_map_cb (widget, shot);
  else
    g_signal_connect (widget, "map", G_CALLBACK (screenshot_map_cb), shot);
}
