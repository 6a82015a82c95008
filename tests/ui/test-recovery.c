/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "shu-label.h"
#include "shu-recovery.h"
#include "shu-sidecar.h"
#include "shu-test-utils.h"

/* Crash recovery for real: the app runs in a process of its own (on this
 * test's display, with a private home), as the test program
 * (tests/harness/shulayim-test: the same app as `shulayim`, with the hooks
 * attached), annotates through its actions (driven by SHU_TEST_SCRIPT),
 * and is killed with SIGKILL once its recovery journal is written. Started again, it offers the journal back;
 * restoring and saving must give exactly the annotations it had. */

static char *program;
static char *thief;
static char *home;

static char **
make_env (const char *script)
{
  static const struct { const char *name; const char *subdir; } dirs[] = {
    { "XDG_DATA_HOME", "data" },
    { "XDG_CONFIG_HOME", "config" },
    { "XDG_CACHE_HOME", "cache" },
    { "XDG_STATE_HOME", "state" },
  };
  char **env = g_get_environ ();

  env = g_environ_setenv (env, "HOME", home, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autofree char *dir = g_build_filename (home, dirs[i].subdir, NULL);

      env = g_environ_setenv (env, dirs[i].name, dir, TRUE);
    }
  env = g_environ_setenv (env, "SHU_TEST_SCRIPT", script, TRUE);
  /* Criticals (a failed check in our code) stop the program; warnings
   * do not: GTK 4.8 now and then warns about snapshotting a widget
   * without an allocation when a dialog opens, which is not ours. */
  env = g_environ_setenv (env, "G_DEBUG", "gc-friendly,fatal-criticals", TRUE);
  /* The log, shown when the test fails, tells each toast and journal. */
  env = g_environ_setenv (env, "G_MESSAGES_DEBUG", "all", TRUE);
  /* In the sanitizer build, LeakSanitizer's own tracer now and then
   * crashes when this program exits ("Tracer caught signal 11 ...
   * LeakSanitizer has encountered a fatal error", 1 of 4 runs of the suite
   * on a busy machine; google/sanitizers#1353): a crash of the checker, not
   * a leak, which failed the test. Windows, saves and journals are checked
   * for leaks in-process by the other UI tests and tests/model/test-recovery.c;
   * /external/recovery-restore covers the window's restore path. */
  {
    const char *lsan = g_getenv ("LSAN_OPTIONS");
    g_autofree char *options = g_strconcat (lsan != NULL ? lsan : "",
                                            lsan != NULL ? ":" : "",
                                            "detect_leaks=0", NULL);

    env = g_environ_setenv (env, "LSAN_OPTIONS", options, TRUE);
  }
  /* The settings are per process here: the scripts set what they need. */
  env = g_environ_setenv (env, "GSETTINGS_BACKEND", "memory", TRUE);
  return env;
}

static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

/* Starts @argv (with @env, or this test's own when NULL), its standard
 * output read through @out. Its messages go to program.log, not to the
 * test's stderr: a program still running after a failed assertion kept the
 * test runner waiting for that pipe until its timeout. It also dies with
 * the test. */
static GPid
spawn_logged (const char * const *argv,
              const char * const *env,
              int                *out)
{
  g_autofree char *log = g_build_filename (home, "program.log", NULL);
  g_autoptr(GError) error = NULL;
  int log_fd = g_open (log, O_WRONLY | O_CREAT | O_APPEND, 0600);
  GPid pid;

  g_assert_cmpint (log_fd, >=, 0);
  g_spawn_async_with_pipes_and_fds (NULL, argv, env,
                                    G_SPAWN_DO_NOT_REAP_CHILD, die_with_parent, NULL,
                                    -1, -1, log_fd, NULL, NULL, 0,
                                    &pid, NULL, out, NULL, &error);
  g_assert_no_error (error);
  close (log_fd);
  return pid;
}

static GPid
start_program (const char *script,
               const char *text,
               int        *out)
{
  const char *argv[] = { program, text, NULL };
  g_auto(GStrv) env = make_env (script);

  return spawn_logged (argv, (const char * const *) env, out);
}

/* Reads a line of the program's output, waiting at most @seconds (long:
 * a program built with the sanitizers starts slowly on a busy machine). */
static char *
read_line (int    fd,
           double seconds)
{
  GString *line = g_string_new (NULL);
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  char c;

  while (g_get_monotonic_time () < end)
    {
      GPollFD poll = { fd, G_IO_IN, 0 };

      if (g_poll (&poll, 1, 100) <= 0)
        continue;
      if (read (fd, &c, 1) != 1)
        break;
      if (c == '\n')
        return g_string_free (line, FALSE);
      g_string_append_c (line, c);
    }
  g_string_free (line, TRUE);
  return NULL;
}

static GFile *
find_journal (double seconds)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *state = g_build_filename (home, "state", NULL);
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  g_setenv ("XDG_STATE_HOME", state, TRUE);
  folder = shu_recovery_dup_folder ();
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GPtrArray) entries = shu_recovery_list ();

      if (entries->len == 1)
        {
          ShuRecoveryEntry *entry = g_ptr_array_index (entries, 0);

          return g_object_ref (entry->journal);
        }
      g_assert_cmpuint (entries->len, ==, 0);
      g_usleep (50000);
    }
  return NULL;
}

/* Everything a user gave: ids, ranges, labels, comments, creators, dates,
 * and the label set. */
static char *
dump (ShuDocument *document)
{
  ShuAnnotationStore *store = shu_document_get_store (document);
  ShuLabelSet *labels = shu_annotation_store_get_labels (store);
  g_autoptr(GPtrArray) annotations = shu_annotation_store_dup_annotations (store);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (labels)); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (G_LIST_MODEL (labels), i);

      g_string_append_printf (out, "label %s %s\n", shu_label_get_id (label),
                              shu_label_get_name (label));
    }
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *a = g_ptr_array_index (annotations, i);
      g_autofree char *created = g_date_time_format_iso8601 (shu_annotation_get_created (a));

      g_string_append_printf (out, "%s %u-%u %s %s %s %s\n", shu_annotation_get_id (a),
                              shu_annotation_get_start (a), shu_annotation_get_end (a),
                              shu_annotation_get_label_id (a), shu_annotation_get_comment (a),
                              shu_annotation_get_creator (a), created);
    }
  return g_string_free (out, FALSE);
}

/* A program that failed says why in its log (its debug messages tell
 * each toast and each journal written): show it before failing. */
static void
show_program_log (const char *what)
{
  g_autofree char *log = g_build_filename (home, "program.log", NULL);
  g_autofree char *contents = NULL;

  if (g_file_get_contents (log, &contents, NULL, NULL))
    g_printerr ("%s; the program's log:\n%s\n", what, contents);
}

static void
assert_exited_cleanly (int status)
{
  g_autoptr(GError) error = NULL;

  if (g_spawn_check_wait_status (status, &error))
    return;
  show_program_log (error->message);
  g_assert_no_error (error);
}

static void
write_script (const char *path,
              const char *text)
{
  g_assert_true (g_file_set_contents (path, text, -1, NULL));
}

static void
test_kill_and_restore (void)
{
  g_autofree char *texts = g_build_filename (home, "texts", NULL);
  g_autofree char *text = g_build_filename (texts, "essay.he.txt", NULL);
  g_autofree char *sidecar_path = g_strconcat (text, SHU_SIDECAR_SUFFIX, NULL);
  g_autofree char *script1 = g_build_filename (home, "annotate.script", NULL);
  g_autofree char *script2 = g_build_filename (home, "restore.script", NULL);
  g_autofree char *essay_contents = NULL;
  g_autofree char *line = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GFile) journal = NULL;
  g_autoptr(GFile) text_file = g_file_new_for_path (text);
  g_autoptr(GFile) sidecar_file = g_file_new_for_path (sidecar_path);
  g_autoptr(ShuSource) source = NULL;
  g_autoptr(ShuRecoveryEntry) entry = NULL;
  g_autoptr(ShuDocument) journaled = NULL;
  g_autoptr(ShuSidecar) saved = NULL;
  g_autoptr(ShuDocument) restored = NULL;
  g_autoptr(ShuLabelSet) defaults = shu_label_set_new_default ();
  g_autoptr(GError) error = NULL;
  ShuAnnotationStore *store;
  ShuAnnotation *first, *second;
  int out, status, thief_out;
  GPid pid, thief_pid;

  g_assert_cmpint (g_mkdir_with_parents (texts, 0700), ==, 0);
  g_assert_true (g_file_get_contents (g_getenv ("SHU_ESSAY"), &essay_contents, NULL, NULL));
  g_assert_true (g_file_set_contents (text, essay_contents, -1, NULL));

  /* 1. Annotate with the label shortcuts, then die without saving. Meanwhile
   * another client keeps taking the display's PRIMARY selection, which
   * makes GTK clear the program's selection: as when the other UI tests,
   * run beside this one on the same Xvfb, select text (this test failed
   * three times in CI so, "Select some text to annotate first"). A
   * script's selection must reach the command after it all the same. */
  {
    const char *thief_argv[] = { thief, "120", NULL };
    g_autofree char *stealing = NULL;

    thief_pid = spawn_logged (thief_argv, NULL, &thief_out);
    stealing = read_line (thief_out, 60);
    g_assert_cmpstr (stealing, ==, "stealing");
  }
  write_script (script1,
                "set author-name 'Tester'\n"
                "select 10 20\n"
                "activate win.annotate-label uint32 1\n"
                "select 30 45\n"
                "activate win.annotate-label uint32 2\n"
                "annotations\n");
  pid = start_program (script1, text, &out);
  line = read_line (out, 120);
  /* Both made: otherwise the log says why (a toast the script's user
   * would have seen). */
  if (g_strcmp0 (line, "annotations 2") != 0)
    show_program_log ("the program did not make both annotations");
  g_assert_cmpstr (line, ==, "annotations 2");
  /* The journal with both annotations (an earlier one may hold only the
   * first). The program writes it 1 s after a change, and
   * tests/model/test-recovery.c holds that to the 3 seconds the issue asks
   * for; here the program shares two cores and one X server with the other
   * display tests, and twice in CI the second journal came later than 3 s
   * after "annotated" (not reproduced alone, nor beside 3 busy loops in 8
   * runs). Waiting longer keeps this test about what a restart gives back. */
  {
    gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
    guint n = 0;

    while (n != 2 && g_get_monotonic_time () < end)
      {
        g_autoptr(ShuRecoveryEntry) latest = NULL;
        g_autoptr(ShuSidecar) parsed = NULL;

        g_clear_object (&journal);
        journal = find_journal (3.0);
        g_assert_nonnull (journal);
        latest = shu_recovery_entry_load (journal, NULL);
        if (latest != NULL)
          parsed = shu_sidecar_parse (latest->sidecar_bytes, "journal", NULL);
        n = parsed != NULL ? shu_sidecar_get_n_annotations (parsed) : 0;
        if (n != 2)
          g_usleep (50000);
      }
    if (n != 2)
      {
        g_autofree char *what = g_strdup_printf ("the journal holds %u annotations", n);

        show_program_log (what);
      }
    g_assert_cmpuint (n, ==, 2);
  }
  g_assert_cmpint (kill (thief_pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (thief_pid, NULL, 0), ==, thief_pid);
  g_spawn_close_pid (thief_pid);
  close (thief_out);
  g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  close (out);
  g_assert_true (WIFSIGNALED (status));
  g_assert_false (g_file_query_exists (sidecar_file, NULL));

  /* What the journal holds is what the program had. */
  entry = shu_recovery_entry_load (journal, &error);
  g_assert_no_error (error);
  source = shu_source_new_from_file (text_file, SHU_ENCODING_AUTO, NULL, &error);
  g_assert_no_error (error);
  journaled = shu_recovery_entry_anchor (entry, source, NULL, &error);
  g_assert_no_error (error);
  store = shu_document_get_store (journaled);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (store), 0);
  second = g_list_model_get_item (G_LIST_MODEL (store), 1);
  g_assert_cmpuint (shu_annotation_get_start (first), ==, 10);
  g_assert_cmpuint (shu_annotation_get_end (first), ==, 20);
  g_assert_cmpstr (shu_annotation_get_label_id (first), ==,
                   shu_label_get_id (shu_label_set_lookup_shortcut (defaults, '1')));
  g_assert_cmpuint (shu_annotation_get_start (second), ==, 30);
  g_assert_cmpstr (shu_annotation_get_label_id (second), ==,
                   shu_label_get_id (shu_label_set_lookup_shortcut (defaults, '2')));
  g_assert_cmpstr (shu_annotation_get_creator (first), ==, "Tester");
  g_object_unref (first);
  g_object_unref (second);
  before = dump (journaled);

  /* 2. Start again: the program offers the changes back; restore, save. */
  write_script (script2,
                "respond restore\n"
                "wait 300\n"
                "activate win.save\n"
                "wait 1500\n"
                "print saved\n"
                "quit\n");
  pid = start_program (script2, text, &out);
  g_clear_pointer (&line, g_free);
  line = read_line (out, 120);
  g_assert_cmpstr (line, ==, "saved");
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  close (out);
  assert_exited_cleanly (status);

  saved = shu_sidecar_load (sidecar_file, NULL, &error);
  g_assert_no_error (error);
  restored = shu_sidecar_anchor (saved, source, NULL, &error);
  g_assert_no_error (error);
  after = dump (restored);
  g_assert_cmpstr (after, ==, before);

  /* Saved: nothing left to recover. */
  g_assert_false (g_file_query_exists (journal, NULL));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  shu_test_use_private_tmp ();

  g_test_init (&argc, &argv, NULL);
  shu_test_log_setup ();
  /* The programs to run, given by the build. */
  g_assert_cmpint (argc, ==, 3);
  program = g_strdup (argv[1]);
  thief = g_strdup (argv[2]);
  home = g_dir_make_tmp ("shulayim-recovery-XXXXXX", NULL);

  g_test_add_func ("/recovery/kill-and-restore", test_kill_and_restore);

  status = g_test_run ();
  shu_test_remove_tree (home);
  g_free (home);
  g_free (program);
  g_free (thief);
  return status;
}
