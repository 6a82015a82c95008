/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "shu-application.h"
#include "shu-big-alloc.h"
#include "shu-file-chooser.h"
#include "shu-places.h"
#include "shu-preferences-window.h"
#include "shu-recovery.h"
#include "shu-project-window.h"
#include "shu-qdpx.h"
#include "shu-qdpx-open.h"
#include "shu-recent-files.h"
#include "shu-resources.h"
#include "shu-trace.h"
#include "shu-window.h"

struct _ShuApplication
{
  AdwApplication  parent_instance;

  /* Owned */
  GSettings      *settings;
  char           *screenshot_path;
  int             window_width;
  int             window_height;
  int             exit_status;
  guint           screenshot_pending : 1;
  /* The files named on the command line (or the bundled essay), read
   * while GTK starts (start_early_loads()); a window adopts its own. */
  GPtrArray      *early_loads;   /* ShuDocumentLoader */
};

G_DEFINE_FINAL_TYPE (ShuApplication, shu_application, ADW_TYPE_APPLICATION)

ShuApplication *
shu_application_new (void)
{
  return g_object_new (SHU_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/shulayim/Shulayim",
                       NULL);
}

GSettings *
shu_application_get_settings (ShuApplication *self)
{
  g_return_val_if_fail (SHU_IS_APPLICATION (self), NULL);

  if (self->settings == NULL)
    self->settings = g_settings_new (APP_ID);
  return self->settings;
}

GFile *
shu_application_dup_essay_file (void)
{
  return shu_places_dup_essay_file ();
}

gboolean
shu_application_is_bundled_file (GFile *file)
{
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  return shu_places_is_bundled_file (file);
}

/* Told by the window made for a screenshot, once it has saved it or
 * failed (then @error says why); quits the application. */
static void
screenshot_done_cb (GtkWidget    *window,
                    const GError *error,
                    gpointer      user_data)
{
  ShuApplication *self = user_data;

  if (!self->screenshot_pending)
    return;
  self->screenshot_pending = FALSE;

  if (error != NULL)
    {
      g_printerr (_("Could not save the screenshot: %s\n"), error->message);
      self->exit_status = 1;
    }
  g_application_quit (G_APPLICATION (self));
}

int
shu_application_get_exit_status (ShuApplication *self)
{
  g_return_val_if_fail (SHU_IS_APPLICATION (self), 1);

  return self->exit_status;
}

static ShuWindow *
new_window (ShuApplication *self)
{
  ShuWindow *window = shu_window_new (GTK_APPLICATION (self));

  if (self->window_width > 0 && self->window_height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), self->window_width, self->window_height);

  /* Only the first window of a screenshot run is captured. */
  if (self->screenshot_pending && self->screenshot_path != NULL)
    {
      g_autoptr(GFile) png = g_file_new_for_commandline_arg (self->screenshot_path);

      g_clear_pointer (&self->screenshot_path, g_free);
      shu_window_take_screenshot (window, png, screenshot_done_cb, self);
    }

  return window;
}

/* The load of @file started early, if any, taken from the list. */
static ShuDocumentLoader *
take_early_load (ShuApplication *self,
                 GFile          *file)
{
  for (guint i = 0; self->early_loads != NULL && i < self->early_loads->len; i++)
    {
      ShuDocumentLoader *loader = g_ptr_array_index (self->early_loads, i);

      if (g_file_equal (shu_document_loader_get_file (loader), file))
        return g_ptr_array_steal_index (self->early_loads, i);
    }
  return NULL;
}

/* Not opened as a text (a folder, an archive, a second instance's): its
 * early load stops. */
static void
drop_early_load (ShuApplication *self,
                 GFile          *file)
{
  g_autoptr(ShuDocumentLoader) loader = take_early_load (self, file);

  if (loader != NULL)
    shu_document_loader_cancel_early (loader);
}

/* Every load nobody adopted stops. */
static void
cancel_early_loads (ShuApplication *self)
{
  for (guint i = 0; self->early_loads != NULL && i < self->early_loads->len; i++)
    shu_document_loader_cancel_early (g_ptr_array_index (self->early_loads, i));
  if (self->early_loads != NULL)
    g_ptr_array_set_size (self->early_loads, 0);
}

static gboolean
present_cb (gpointer data)
{
  GtkWindow *window = data;

  if (!gtk_widget_in_destruction (GTK_WIDGET (window)))
    gtk_window_present (window);
  return G_SOURCE_REMOVE;
}

/* Shows @window once what GTK has queued before it is done: libadwaita's
 * start changes the icon theme (its resource path), which GTK announces
 * from an idle below the priority of frames; shown before that, the
 * window drew its first frame, then restyled every widget and drew a
 * second one, changing nothing (PERFORMANCE.md). */
static void
present_when_settled (GtkWindow *window)
{
  g_idle_add_full (GTK_PRIORITY_RESIZE, present_cb, g_object_ref (window), g_object_unref);
}

static void
open_text (ShuApplication *self,
           GFile          *file)
{
  g_autoptr(ShuDocumentLoader) loader = take_early_load (self, file);
  ShuWindow *window;

  shu_trace_mark ("window-started");
  window = new_window (self);
  shu_trace_mark ("window-made");
  if (loader != NULL)
    shu_window_open_started_interactive (window, loader);
  else
    shu_window_open_file_interactive (window, file);
  present_when_settled (GTK_WINDOW (window));
  shu_window_offer_recovery (window);
}

static void
shu_application_activate (GApplication *app)
{
  ShuApplication *self = SHU_APPLICATION (app);
  g_autoptr(GFile) essay = shu_application_dup_essay_file ();

  open_text (self, essay);
}

static GtkWindow *
open_folder (ShuApplication *self,
             GFile          *folder)
{
  ShuProjectWindow *window;

  /* The screenshot is drawn by a text's window; waiting for one here
   * would never end. */
  if (self->screenshot_pending)
    {
      g_printerr (_("A screenshot is taken of a text, not of a folder\n"));
      self->screenshot_pending = FALSE;
      self->exit_status = 2;
      g_application_quit (G_APPLICATION (self));
      return NULL;
    }

  window = shu_project_window_new (GTK_APPLICATION (self), folder);
  if (self->window_width > 0 && self->window_height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), self->window_width, self->window_height);
  shu_recent_files_add (shu_recent_files_get_default (), folder);
  gtk_window_present (GTK_WINDOW (window));
  return GTK_WINDOW (window);
}

static GtkWindow *
qdpx_imported_cb (ShuQdpxOpen *asking,
                  GFile       *folder,
                  gpointer     user_data)
{
  return open_folder (user_data, folder);
}

/* A REFI-QDA archive: unpacked into a new folder the user confirms,
 * which then opens as a project. */
static void
open_qdpx (ShuApplication *self,
           GFile          *file)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  ShuQdpxOpen *asking = shu_qdpx_open_present (GTK_APPLICATION (self), parent, file);

  g_signal_connect_object (asking, "imported", G_CALLBACK (qdpx_imported_cb), self, 0);
}

static void
file_type_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ShuApplication *self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (file, result, NULL);

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      drop_early_load (self, file);
      open_folder (self, file);
    }
  else if (shu_qdpx_is_project_file (file))
    open_qdpx (self, file);
  else
    open_text (self, file); /* which says what went wrong, if anything */
  g_application_release (G_APPLICATION (self));
}

/* A folder opens as a project, a REFI-QDA archive is unpacked into one
 * (shu-qdpx-open.c), anything else opens as a text: which one is asked in
 * a thread, the file system may be slow. */
static void
shu_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      g_application_hold (app);
      g_file_query_info_async (files[i], G_FILE_ATTRIBUTE_STANDARD_TYPE,
                               G_FILE_QUERY_INFO_NONE, G_PRIORITY_DEFAULT, NULL,
                               file_type_cb, app);
    }
}

static gboolean
parse_window_size (const char *text,
                   int        *width,
                   int        *height)
{
  g_auto(GStrv) parts = g_strsplit (text, "x", 2);
  guint64 w, h;

  if (g_strv_length (parts) != 2
      || !g_ascii_string_to_unsigned (parts[0], 10, 200, 10000, &w, NULL)
      || !g_ascii_string_to_unsigned (parts[1], 10, 150, 10000, &h, NULL))
    return FALSE;

  *width = w;
  *height = h;
  return TRUE;
}

static int
shu_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  ShuApplication *self = SHU_APPLICATION (app);
  const char *screenshot = NULL;
  const char *size = NULL;

  if (g_variant_dict_lookup (options, "version", "b", NULL))
    {
      g_print ("shulayim %s\n", VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "window-size", "&s", &size)
      && !parse_window_size (size, &self->window_width, &self->window_height))
    {
      g_printerr (_("Invalid window size “%s”: expected WIDTHxHEIGHT, e.g. 1000x700\n"), size);
      return 2;
    }

  if (g_variant_dict_lookup (options, "screenshot", "^&ay", &screenshot))
    {
      self->screenshot_path = g_strdup (screenshot);
      self->screenshot_pending = TRUE;
      /* A screenshot run is its own process: never hand the files to a
       * running instance, which would never write the picture. */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return -1;
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static void
recent_type_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ShuApplication) self = user_data;
  GFile *file = G_FILE (object);
  g_autoptr(GFileInfo) info = g_file_query_info_finish (file, result, NULL);
  GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (info != NULL && g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    open_folder (self, file);
  else if (SHU_IS_WINDOW (active) && shu_window_can_replace (SHU_WINDOW (active)))
    shu_window_open_file_interactive (SHU_WINDOW (active), file);
  else
    open_text (self, file);
}

/* A recent folder is a project and opens in a window of its own; a text
 * replaces the window's when nothing there would be lost. */
static void
open_recent_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (parameter, NULL));

  g_file_query_info_async (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                           G_PRIORITY_DEFAULT, NULL, recent_type_cb, g_object_ref (user_data));
}

static void
folder_chosen_cb (ShuFileChooser *chooser,
                  int             response,
                  gpointer        user_data)
{
  ShuApplication *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) folder = shu_file_chooser_get_file (chooser);

      open_folder (self, folder);
    }
}

static void
open_folder_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  /* The chooser keeps itself until it answers. */
  g_autoptr(ShuFileChooser) chooser =
    shu_file_chooser_new (_("Open Folder as Project"), parent,
                          GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER, _("_Open"));

  g_signal_connect (chooser, "response", G_CALLBACK (folder_chosen_cb), user_data);
  shu_file_chooser_show (chooser);
}

static void
import_qdpx_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  shu_qdpx_open_choose (GTK_APPLICATION (user_data),
                        gtk_application_get_active_window (GTK_APPLICATION (user_data)));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  shu_preferences_window_present (SHU_PREFERENCES_WINDOW (shu_preferences_window_new (parent)),
                                  parent);
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  const char *developers[] = { "Shulayim contributors", NULL };

  /* The same addresses as the metainfo's <url>s. The window is deprecated
   * from libadwaita 1.6; the dialog came in 1.5. */
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_show_about_dialog (GTK_WIDGET (gtk_application_get_active_window (app)),
#else
  adw_show_about_window (gtk_application_get_active_window (app),
#endif
                         "application-name", _("Shulayim"),
                         "application-icon", APP_ID,
                         "version", VERSION,
                         "comments", _("Annotate right-to-left texts with labels and comments"),
                         "website", "https://shulayim.github.io/",
                         "issue-url", "https://github.com/shulayim/shulayim/issues",
                         "copyright", _("© 2026 The Shulayim developers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developers", developers,
                         /* Translators: your names, one per line, as you want them
                          * credited in the About window. */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy (gtk_application_get_windows (app));

  /* Each window asks about its own unsaved changes. */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free (windows);
}

static const GActionEntry app_actions[] = {
  { "new-window", new_window_action },
  { "open-recent", open_recent_action, "s" },
  { "open-folder", open_folder_action },
  { "import-qdpx", import_qdpx_action },
  { "preferences", preferences_action },
  { "about", about_action },
  { "quit", quit_action },
};

/* Every accelerator of the application, in one place. Keys that only mean
 * something in the reading view (Enter, 1-9) are set by the window on it. */
static const struct {
  const char *action;
  const char *accels[4];
} accelerators[] = {
  { "app.new-window", { "<Control>n", NULL } },
  { "app.quit", { "<Control>q", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.open", { "<Control>o", NULL } },
  { "win.open-annotations", { "<Control><Shift>o", NULL } },
  /* Ctrl+Shift+O already opens annotations. */
  { "app.open-folder", { "<Control><Alt>o", NULL } },
  { "win.save", { "<Control>s", NULL } },
  { "win.save-as", { "<Control><Shift>s", NULL } },
  { "win.annotate", { "<Control>e", NULL } },
  { "win.sidebar-visible", { "F9", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
  { "win.find", { "<Control>f", NULL } },
  { "win.find-next", { "<Control>g", NULL } },
  { "win.find-previous", { "<Control><Shift>g", NULL } },
  { "win.manage-labels", { "<Control>l", NULL } },
  /* Home and End are the logical start and end, on the right and on the
   * left in Hebrew, as in the text view. */
  { "win.move-edge::grow-start", { "<Alt>Home", NULL } },
  { "win.move-edge::shrink-start", { "<Alt><Shift>Home", NULL } },
  { "win.move-edge::grow-end", { "<Alt>End", NULL } },
  { "win.move-edge::shrink-end", { "<Alt><Shift>End", NULL } },
  /* Up and Down, not Home and End: from annotation to annotation. */
  { "win.link-to", { "<Control>k", NULL } },
  { "win.accept-suggestion", { "<Control>Return", NULL } },
  { "win.accept-suggestion-form", { "<Control><Shift>Return", NULL } },
  { "win.reject-suggestion", { "<Control>BackSpace", NULL } },
  { "win.next-annotation", { "<Alt>Down", NULL } },
  /* A text too long to show at once: its parts (shu-parts-bar.h). */
  { "win.previous-part", { "<Alt>Page_Up", NULL } },
  { "win.next-part", { "<Alt>Page_Down", NULL } },
  { "win.previous-annotation", { "<Alt>Up", NULL } },
  { "win.zoom-in", { "<Control>plus", "<Control>equal", "<Control>KP_Add", NULL } },
  { "win.zoom-out", { "<Control>minus", "<Control>KP_Subtract", NULL } },
  { "win.zoom-reset", { "<Control>0", "<Control>KP_0", NULL } },
};

static void
shu_application_startup (GApplication *app)
{
  shu_trace_mark ("startup-started");
  G_APPLICATION_CLASS (shu_application_parent_class)->startup (app);
  shu_trace_mark ("gtk-started");

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accelerators); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accelerators[i].action,
                                           accelerators[i].accels);
}

/* The journal of changes the user chose to lose is removed in a worker
 * thread; the process must not end before it is. */
static void
shu_application_shutdown (GApplication *application)
{
  ShuApplication *self = SHU_APPLICATION (application);

  /* Loads nobody adopted: a second instance handed its files over. */
  cancel_early_loads (self);
  shu_recovery_wait ();
  G_APPLICATION_CLASS (shu_application_parent_class)->shutdown (application);
}

static void
shu_application_finalize (GObject *object)
{
  ShuApplication *self = SHU_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->screenshot_path, g_free);
  cancel_early_loads (self);
  g_clear_pointer (&self->early_loads, g_ptr_array_unref);

  G_OBJECT_CLASS (shu_application_parent_class)->finalize (object);
}

static void
shu_application_class_init (ShuApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = shu_application_finalize;

  shu_resources_ensure ();

  app_class->startup = shu_application_startup;
  app_class->shutdown = shu_application_shutdown;
  app_class->activate = shu_application_activate;
  app_class->open = shu_application_open;
  app_class->handle_local_options = shu_application_handle_local_options;
}

static const GOptionEntry option_entries[] = {
  { "screenshot", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("Save a picture of the window to FILE once drawn, then quit"), N_("FILE") },
  { "window-size", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Open windows WIDTHxHEIGHT pixels large"), N_("WIDTHxHEIGHT") },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and quit"), NULL },
  { NULL }
};

static void
shu_application_init (ShuApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[TEXT|SIDECAR…]"));
}

void
shu_application_setup_process (void)
{
  const char *localedir;

  /* Showing a 5 MB text fills about 60 MB of the heap with GTK's small
   * blocks on the main thread, each 4 KiB page a page fault: in huge
   * pages the first frame of 5 MB + 50k came 40-50 ms sooner and all
   * highlights 120 ms sooner, for 8 MiB more at the peak (PERFORMANCE.md,
   * fifth round). */
  shu_big_alloc_tune_heap (64 * 1024 * 1024);

  setlocale (LC_ALL, "");
  /* Run from the build folder (tools/run-app.sh, the tests), the catalogs
   * are in <build>/po, not yet installed under LOCALEDIR. */
  localedir = g_getenv ("SHU_LOCALEDIR");
  if (localedir == NULL || *localedir == '\0')
    localedir = LOCALEDIR;
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_set_application_name (_("Shulayim"));
}

/* GTK mirrors its widgets when its own catalog (gtk40) translates
 * "default:LTR" to "default:RTL". Where that catalog is missing, a trimmed
 * install or a sandbox without its locale extension, a Hebrew interface would
 * still read left to right: our own catalog says the same, and decides. */
static void
program_startup_cb (GApplication *app,
                    gpointer      user_data)
{
  /* Translators: not shown. Write "default:RTL" if your language is written
   * from right to left, otherwise "default:LTR". */
  if (g_strcmp0 (_("default:LTR"), "default:RTL") == 0)
    gtk_widget_set_default_direction (GTK_TEXT_DIR_RTL);
}

/* The texts the command line names (the bundled essay when it names
 * none), read in threads from now on: starting GTK and libadwaita takes
 * 100 ms or more, in which the 60 MB sidecar of the benchmarks is mostly
 * read (PERFORMANCE.md). Only the names are looked at here (no file is
 * touched on this thread); GApplication parses the line again as usual,
 * and a file that turns out to be a folder, an archive or another
 * instance's has its load stopped. */
static void
start_early_load (ShuApplication *self,
                  GFile          *file)
{
  ShuDocumentLoader *loader = shu_window_new_loader (file);

  shu_document_loader_start_early (loader);
  g_ptr_array_add (self->early_loads, loader);
}

static void
start_early_loads (ShuApplication  *self,
                   int              argc,
                   char           **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_auto(GStrv) args = g_new0 (char *, argc + 1);
  g_auto(GStrv) files = NULL;
  GOptionEntry entries[G_N_ELEMENTS (option_entries) + 1];
  g_autofree char *screenshot = NULL;
  g_autofree char *size = NULL;
  gboolean version = FALSE;

  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  memcpy (entries, option_entries, sizeof option_entries);
  entries[0].arg_data = &screenshot;
  entries[1].arg_data = &size;
  entries[2].arg_data = &version;
  entries[3] = (GOptionEntry) { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files,
                                NULL, NULL };
  entries[4] = (GOptionEntry) { NULL };
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_help_enabled (context, FALSE);
  g_option_context_set_ignore_unknown_options (context, TRUE);
  /* A line GApplication will refuse, or one that opens nothing: no load. */
  if (!g_option_context_parse_strv (context, &args, NULL) || version)
    return;

  self->early_loads = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; files != NULL && files[i] != NULL; i++)
    {
      g_autoptr(GFile) file = NULL;

      /* An option GOptionContext did not know ends up here too. */
      if (files[i][0] == '-')
        continue;
      file = g_file_new_for_commandline_arg (files[i]);
      if (!shu_qdpx_is_project_file (file))
        start_early_load (self, file);
    }
  if (files == NULL || files[0] == NULL)
    {
      g_autoptr(GFile) essay = shu_application_dup_essay_file ();

      start_early_load (self, essay);
    }
  if (self->early_loads->len > 0)
    shu_trace_mark ("early-loads-started");
}

int
shu_application_run_program (ShuApplication  *self,
                             int              argc,
                             char           **argv)
{
  int status;

  g_return_val_if_fail (SHU_IS_APPLICATION (self), 1);

  start_early_loads (self, argc, argv);

  /* After GTK's own startup, which sets the direction from GTK's catalog. */
  g_signal_connect_after (self, "startup", G_CALLBACK (program_startup_cb), NULL);
  status = g_application_run (G_APPLICATION (self), argc, argv);
  if (status == 0)
    status = self->exit_status;
  return status;
}
