/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "shu-test-script.h"

typedef struct
{
  ShuWindow *window;
  GStrv      lines;
  guint      next;
  gint64     waiting_since;   /* for "respond" */
} Script;

static G_GNUC_NORETURN void
script_fail (Script     *script,
             const char *message)
{
  g_printerr ("SHU_TEST_SCRIPT line %u: %s\n", script->next + 1, message);
  exit (3);
}

static GtkWindow *
find_dialog (void)
{
  /* (transfer none) */
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

/* Runs one command; FALSE to be called again later with the same line. */
static gboolean
run_line (Script     *script,
          const char *line)
{
  g_auto(GStrv) words = g_strsplit (line, " ", 3);
  const char *command = words[0];
  guint n = g_strv_length (words);

  if (g_str_equal (command, "select") && n == 3)
    {
      guint64 start, end;

      if (!g_ascii_string_to_unsigned (words[1], 10, 0, G_MAXUINT, &start, NULL)
          || !g_ascii_string_to_unsigned (words[2], 10, 0, G_MAXUINT, &end, NULL))
        script_fail (script, "select START END");
      shu_text_view_select_range (shu_window_get_text_view (script->window), start, end);
    }
  else if (g_str_equal (command, "activate") && n >= 2)
    {
      g_autofree char *value_text = n == 3 ? g_strjoin (" ", words[2], NULL) : NULL;
      g_autoptr(GVariant) value = NULL;
      g_autoptr(GError) error = NULL;

      if (value_text != NULL && (value = g_variant_parse (NULL, value_text, NULL, NULL,
                                                          &error)) == NULL)
        script_fail (script, error->message);
      if (!gtk_widget_activate_action_variant (GTK_WIDGET (script->window), words[1], value))
        script_fail (script, "no such action");
    }
  else if (g_str_equal (command, "set") && n == 3)
    {
      g_autoptr(GSettings) settings = g_settings_new (APP_ID);
      g_autoptr(GVariant) value = NULL;
      g_autoptr(GError) error = NULL;

      value = g_variant_parse (NULL, words[2], NULL, NULL, &error);
      if (value == NULL)
        script_fail (script, error->message);
      if (!g_settings_set_value (settings, words[1], value))
        script_fail (script, "the setting could not be changed");
    }
  else if (g_str_equal (command, "respond") && n == 2)
    {
      GtkWindow *dialog = find_dialog ();

      if (dialog == NULL)
        {
          if (script->waiting_since == 0)
            script->waiting_since = g_get_monotonic_time ();
          /* Generous: the start-up's questions come after the journals
           * were listed in a worker thread, which a loaded machine (CI, or
           * a suite running in parallel) can hold up for seconds. */
          if (g_get_monotonic_time () - script->waiting_since > 60 * G_USEC_PER_SEC)
            script_fail (script, "no dialog to respond to");
          return FALSE;
        }
      script->waiting_since = 0;
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), words[1]);
    }
  else if (g_str_equal (command, "wait") && n == 2)
    g_usleep (g_ascii_strtoull (words[1], NULL, 10) * 1000);
  else if (g_str_equal (command, "print") && n >= 2)
    {
      g_autofree char *message = g_strjoinv (" ", words + 1);

      printf ("%s\n", message);
      fflush (stdout);
    }
  else if (g_str_equal (command, "annotations") && n == 1)
    {
      ShuDocument *document = shu_window_get_document (script->window);

      /* What the window holds now, for the test to compare. */
      printf ("annotations %u\n",
              document != NULL
              ? g_list_model_get_n_items (G_LIST_MODEL (shu_document_get_store (document)))
              : 0);
      fflush (stdout);
    }
  else if (g_str_equal (command, "title") && n == 1)
    {
      /* The two lines of the header bar, as the user reads them. */
      printf ("title %s\nsubtitle %s\n",
              gtk_window_get_title (GTK_WINDOW (script->window)),
              shu_window_get_subtitle (script->window));
      fflush (stdout);
    }
  else if (g_str_equal (command, "quit") && n == 1)
    g_application_quit (g_application_get_default ());
  else
    script_fail (script, "unknown command");
  return TRUE;
}

static gboolean
step_cb (gpointer user_data)
{
  Script *script = user_data;

  /* The annotations are read in a thread after the text shows: commands
   * wait for them, as a user would see them appear. */
  if (shu_window_get_loading (script->window))
    return G_SOURCE_CONTINUE;

  while (script->lines[script->next] != NULL)
    {
      g_autofree char *line = g_strstrip (g_strdup (script->lines[script->next]));

      if (line[0] == '\0' || line[0] == '#')
        {
          script->next++;
          continue;
        }
      if (!run_line (script, line))
        return G_SOURCE_CONTINUE;
      script->next++;
      /* A selection is made for the command after it, run in the same turn
       * of the main loop: on an X display shared with other programs, one
       * that takes the PRIMARY selection in between makes GTK clear ours
       * (the UI tests run two at a time on one Xvfb). */
      if (g_str_has_prefix (line, "select "))
        continue;
      /* Back to the main loop between other commands, so that what one did
       * (a dialog, a save, a redraw) happens before the next. */
      return G_SOURCE_CONTINUE;
    }

  g_object_unref (script->window);
  g_strfreev (script->lines);
  g_free (script);
  return G_SOURCE_REMOVE;
}

void
shu_test_script_run (ShuWindow *window)
{
  static gboolean started;
  const char *path = g_getenv ("SHU_TEST_SCRIPT");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  Script *script;

  g_return_if_fail (SHU_IS_WINDOW (window));

  if (path == NULL || path[0] == '\0' || started)
    return;
  started = TRUE;

  if (!g_file_get_contents (path, &contents, NULL, &error))
    {
      g_printerr ("SHU_TEST_SCRIPT: %s\n", error->message);
      exit (3);
    }

  script = g_new0 (Script, 1);
  script->window = g_object_ref (window);
  script->lines = g_strsplit (contents, "\n", -1);
  g_timeout_add (100, step_cb, script);
}
