/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "shu-test-ui.h"
#include "shu-test-wait.h"

#ifdef __SANITIZE_ADDRESS__
#include <sanitizer/lsan_interface.h>
#endif

static char *system_data_dirs;

void
shu_test_ui_use_private_home (const char *home_template)
{
  static const struct { const char *name; const char *subdir; } xdg_vars[] = {
    { "XDG_DATA_HOME", ".local/share" },
    { "XDG_CONFIG_HOME", ".config" },
    { "XDG_CACHE_HOME", ".cache" },
    { "XDG_STATE_HOME", ".local/state" },
    { "XDG_RUNTIME_DIR", "run" },
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *home = NULL;

  shu_test_use_private_tmp ();

  system_data_dirs = g_strdup (g_getenv ("XDG_DATA_DIRS"));
  if (system_data_dirs == NULL)
    system_data_dirs = g_strdup ("/usr/local/share:/usr/share");

  /* One private home for the whole run, not G_TEST_OPTION_ISOLATE_DIRS:
   * GtkRecentManager is one per process and keeps the folder of the first
   * test, which isolation would remove before the next test runs. */
  home = g_dir_make_tmp (home_template, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (xdg_vars); i++)
    {
      g_autofree char *dir = g_build_filename (home, xdg_vars[i].subdir, NULL);

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (xdg_vars[i].name, dir, TRUE);
    }
  g_setenv ("HOME", home, TRUE);
}

void
shu_test_restore_system_data_dirs (void)
{
  if (system_data_dirs != NULL)
    g_setenv ("XDG_DATA_DIRS", system_data_dirs, TRUE);
}

ShuApplication *
shu_test_ui_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  ShuApplication *app;

  g_test_init (argc, argv, NULL);
  shu_test_log_setup ();
  shu_test_restore_system_data_dirs ();
  gtk_init ();
  adw_init ();

  app = shu_application_new ();
  /* Not unique, and still opening files as the app does. */
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app))
                           | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  gboolean *painted = user_data;

  *painted = TRUE;
}

void
shu_test_popup_menu (GtkMenuButton *button)
{
  GtkPopover *popover = NULL;

  for (guint attempt = 0; attempt < 3; attempt++)
    {
#ifdef __SANITIZE_ADDRESS__
      __lsan_disable ();
#endif
      gtk_menu_button_popup (button);
#ifdef __SANITIZE_ADDRESS__
      __lsan_enable ();
#endif
      popover = gtk_menu_button_get_popover (button);
      g_assert_nonnull (popover);
      for (guint i = 0; i < 100 && !gtk_widget_get_mapped (GTK_WIDGET (popover)); i++)
        shu_test_spin (20);
      if (gtk_widget_get_mapped (GTK_WIDGET (popover)))
        break;
      g_test_message ("The menu was not placed on screen: popping it up again");
      gtk_menu_button_popdown (button);
      shu_test_spin (100);
    }
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
}

void
shu_test_wait_for_frames (GtkWidget *widget,
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
      handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &painted);
      timeout = g_timeout_add_seconds (5, shu_test_timeout_cb, &timed_out);
      gtk_widget_queue_draw (widget);
      while (!painted && !timed_out)
        g_main_context_iteration (NULL, TRUE);
      g_signal_handler_disconnect (clock, handler);
      g_assert_false (timed_out);
      g_source_remove (timeout);
    }
}

ShuWindow *
shu_test_open_window (ShuApplication *app,
                      GFile          *file,
                      int             width,
                      int             height)
{
  ShuWindow *window = shu_window_new (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (shu_test_open_file (window, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  shu_test_wait_for_frames (GTK_WIDGET (window), 2);
  return window;
}

void
shu_test_spin (guint ms)
{
  gboolean timed_out = FALSE;

  g_timeout_add (ms, shu_test_timeout_cb, &timed_out);
  while (!timed_out)
    g_main_context_iteration (NULL, TRUE);
}

GtkWindow *
shu_test_find_transient (GtkWindow *parent,
                         GType      type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type)
          && gtk_window_get_transient_for (window) == parent
          && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

GtkWidget *
shu_test_find_descendant (GtkWidget *widget,
                          GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = shu_test_find_descendant (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkLabel *
find_label (GtkWidget  *widget,
            const char *text,
            gboolean    exactly)
{
  if (GTK_IS_LABEL (widget))
    {
      const char *shown = gtk_label_get_text (GTK_LABEL (widget));

      if (exactly ? g_str_equal (shown, text) : strstr (shown, text) != NULL)
        return GTK_LABEL (widget);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label (child, text, exactly);

      if (found != NULL)
        return found;
    }
  return NULL;
}

gboolean
shu_test_shows_label (GtkWidget  *widget,
                      const char *text)
{
  return find_label (widget, text, TRUE) != NULL;
}

gboolean
shu_test_shows_text (GtkWidget  *widget,
                     const char *text)
{
  return find_label (widget, text, FALSE) != NULL;
}

GtkLabel *
shu_test_find_label_showing (GtkWidget  *widget,
                             const char *text)
{
  return find_label (widget, text, FALSE);
}

gboolean
shu_test_ui_take_hebrew_arg (int    *argc,
                             char ***argv)
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");

  if (*argc < 2 || strcmp ((*argv)[1], "--hebrew") != 0)
    return FALSE;

  memmove (&(*argv)[1], &(*argv)[2], (*argc - 1) * sizeof (char *));
  (*argc)--;
  g_setenv ("LC_ALL", "he_IL.UTF-8", TRUE);
  g_setenv ("LANGUAGE", "he", TRUE);
  if (setlocale (LC_ALL, "") == NULL)
    g_error ("The he_IL.UTF-8 locale is not available: run tools/install-deps.sh");
  if (localedir == NULL)
    g_error ("SHU_LOCALEDIR is not set: run this test through meson test");
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  return TRUE;
}

void
shu_test_render_to_file (GtkWidget  *widget,
                         const char *path)
{
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  /* libadwaita's window colours, light (#fafafa) and dark (#242424). */
  double shade = adw_style_manager_get_dark (adw_style_manager_get_default ())
                 ? 0.141 : 0.98;

  /* The window's own background is drawn by its surface, not its
   * snapshot. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { shade, shade, shade, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("rendered %s", path);
}

void
shu_test_render_to_png (GtkWidget  *widget,
                        const char *name)
{
  g_autofree char *png = g_test_build_filename (G_TEST_BUILT, "ui", name, NULL);

  shu_test_render_to_file (widget, png);
}

static void
collect_visible_labels (GtkWidget *widget,
                        GString   *out)
{
  if (!gtk_widget_get_visible (widget))
    return;
  if (GTK_IS_LABEL (widget))
    g_string_append_printf (out, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_labels (child, out);
}

char *
shu_test_dup_visible_labels (GtkWidget *widget)
{
  GString *out = g_string_new (NULL);

  collect_visible_labels (widget, out);
  return g_string_free (out, FALSE);
}

void
shu_test_screenshot_styles (GtkWidget  *widget,
                            const char *stem,
                            gboolean    hebrew)
{
  const char *folder = g_getenv ("SHU_TEST_SCREENSHOTS");
  AdwStyleManager *style = adw_style_manager_get_default ();

  if (folder == NULL)
    return;
  for (guint dark = 0; dark < 2; dark++)
    {
      g_autofree char *name = g_strdup_printf ("%s-%s-%s.png", stem, hebrew ? "he" : "en",
                                               dark ? "dark" : "light");
      g_autofree char *path = g_build_filename (folder, name, NULL);

      adw_style_manager_set_color_scheme (style, dark ? ADW_COLOR_SCHEME_FORCE_DARK
                                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);
      shu_test_wait_for_frames (widget, 2);
      shu_test_render_to_file (widget, path);
      g_test_message ("rendered %s", path);
    }
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}
