/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "shu-sidecar.h"
#include "shu-test-utils.h"

void
shu_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        shu_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static char *tmp_root;

static void
tmp_cleanup (void)
{
  shu_test_remove_tree (tmp_root);
  g_clear_pointer (&tmp_root, g_free);
}

void
shu_test_use_private_tmp (void)
{
  const char *parent = g_getenv ("TMPDIR");

  if (parent == NULL || parent[0] == '\0')
    parent = "/tmp";
  tmp_root = g_build_filename (parent, "shulayim-test-XXXXXX", NULL);
  if (g_mkdtemp (tmp_root) == NULL)
    g_error ("Could not make a folder in %s: %s", parent, g_strerror (errno));
  g_setenv ("TMPDIR", tmp_root, TRUE);
  atexit (tmp_cleanup);
}

ShuLabelSet *
shu_test_starters_in (const char *language)
{
  const char *localedir = g_getenv ("SHU_LOCALEDIR");
  ShuLabelSet *labels;

  if (localedir == NULL)
    g_error ("SHU_LOCALEDIR is not set: run this test through meson test");
  if (g_str_equal (language, "he") && setlocale (LC_ALL, "he_IL.UTF-8") == NULL)
    g_error ("the he_IL.UTF-8 locale is not installed (tools/install-deps.sh makes it)");
  g_setenv ("LANGUAGE", language, TRUE);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  labels = shu_label_set_new_default ();
  setlocale (LC_ALL, "C");
  g_unsetenv ("LANGUAGE");
  return labels;
}

ShuDocument *
shu_test_read_sidecar (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ShuSidecar) sidecar = shu_sidecar_load (file, NULL, &error);
  g_autoptr(ShuSource) source = NULL;
  ShuDocument *document;

  g_assert_no_error (error);
  source = shu_sidecar_load_source (sidecar, NULL, &error);
  g_assert_no_error (error);
  document = shu_sidecar_anchor (sidecar, source, NULL, &error);
  g_assert_no_error (error);
  return document;
}

ShuDocument *
shu_test_load_sample (void)
{
  const char *root = g_getenv ("SHU_SOURCE_ROOT");
  g_autoptr(GFile) file = NULL;

  if (root == NULL)
    g_error ("SHU_SOURCE_ROOT is not set: run this test through meson test");
  file = g_file_new_build_filename (root, "tests", "data", "essay.he.txt.annotations.json",
                                    NULL);
  return shu_test_read_sidecar (file);
}

gboolean
shu_test_timeout_cb (gpointer flag)
{
  gboolean *timed_out = flag;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

gboolean
shu_test_need_tool (const char *path,
                    const char *what)
{
  if (path != NULL && g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return TRUE;

  if (g_strcmp0 (g_getenv ("CI"), "true") == 0)
    {
      g_test_fail_printf ("%s is missing (%s): CI has ../shared beside the clone",
                          what, path != NULL ? path : "not found");
      return FALSE;
    }
  g_test_skip_printf ("%s is not at %s (../shared beside the project, as in CI); "
                      "not needed on a user's machine", what, path != NULL ? path : "any path");
  return FALSE;
}

char *
shu_test_find_check_w3c (void)
{
  const char *env = g_getenv ("SHU_CHECK_W3C");
  const char *root = g_getenv ("SHU_SOURCE_ROOT");
  g_autofree char *path = NULL;

  /* SIDECAR.md names it relative to the project: ../shared/conformance/... */
  if (env != NULL && env[0] != '\0')
    path = g_strdup (env);
  else if (root != NULL)
    path = g_build_filename (root, "..", "shared", "conformance", "w3c", "check-w3c", NULL);
  else
    g_error ("SHU_SOURCE_ROOT is not set: run this test through meson test");

  if (!shu_test_need_tool (path, "the W3C checker check-w3c"))
    return NULL;
  /* It is a Python program. */
  {
    g_autofree char *python = g_find_program_in_path ("python3");

    if (!shu_test_need_tool (python, "python3, which runs check-w3c"))
      return NULL;
  }
  return g_steal_pointer (&path);
}

char *
shu_test_find_conformance (const char *env,
                           const char *folder,
                           const char *name)
{
  const char *value = g_getenv (env);
  const char *root = g_getenv ("SHU_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *what = g_strdup_printf ("the conformance checker %s", name);
  g_autofree char *xmllint = g_find_program_in_path ("xmllint");

  if (value != NULL && value[0] != '\0')
    path = g_strdup (value);
  else if (root != NULL)
    path = g_build_filename (root, "..", "shared", "conformance", folder, name, NULL);
  else
    g_error ("SHU_SOURCE_ROOT is not set: run this test through meson test");

  if (!shu_test_need_tool (path, what))
    return NULL;
  /* The XML checkers run xmllint (tools/install-deps.sh installs it). */
  if (!shu_test_need_tool (xmllint, "xmllint (libxml2-utils), which the XML checkers run"))
    return NULL;
  return g_steal_pointer (&path);
}

char *
shu_test_unzip_member (const char *archive,
                       const char *name)
{
  const char *argv[] = { "unzip", "-p", archive, name, NULL };
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

guint
shu_test_count_string (const char *haystack,
                       const char *needle)
{
  g_auto(GStrv) parts = g_strsplit (haystack, needle, -1);

  return g_strv_length (parts) - 1;
}

gboolean
shu_test_run_checker (const char *check,
                      const char *path)
{
  const char *argv[] = { "/bin/sh", check, path, NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  if (g_spawn_check_wait_status (status, NULL))
    return TRUE;
  g_test_message ("%s %s: %s%s", check, path, out, err);
  return FALSE;
}

char *
shu_test_run_check_w3c (const char *check,
                        GBytes     *bytes,
                        gboolean   *exit_ok)
{
  g_autofree char *dir = g_dir_make_tmp ("shu-w3c-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "export.jsonld", NULL);
  g_autofree char *python = g_find_program_in_path ("python3");
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { python, check, path, NULL };
  char *out = NULL;
  int status;

  g_assert_nonnull (dir);
  g_assert_nonnull (python);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), NULL));
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                &status, &error);
  g_assert_no_error (error);
  g_test_message ("check-w3c: %s%s", out, err);
  *exit_ok = g_spawn_check_wait_status (status, NULL);
  g_unlink (path);
  g_rmdir (dir);
  return out;
}

/* GTK 4.8 sometimes warns "Trying to snapshot GtkGizmo ... without a
 * current allocation" when it paints a frame in which one of its internal
 * widgets was just shown (the next frame draws it right); how often
 * depends on the machine's load. It is logged structured, so no
 * g_test_log_set_fatal_handler() sees it, and a fatal warning kills the
 * test before any handler could. So warnings are made non-fatal, and a log
 * writer fails the running test on any other warning. */
static const char *log_tolerated;

static GLogWriterOutput
log_writer (GLogLevelFlags   log_level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         user_data)
{
  if (log_level & G_LOG_LEVEL_WARNING)
    {
      const char *message = NULL;

      for (gsize i = 0; i < n_fields; i++)
        if (strcmp (fields[i].key, "MESSAGE") == 0 && fields[i].length < 0)
          message = fields[i].value;
      if (message != NULL && g_str_has_prefix (message, "Trying to snapshot GtkGizmo")
          && strstr (message, "without a current allocation") != NULL)
        return G_LOG_WRITER_HANDLED;
      if (message != NULL && log_tolerated != NULL && strstr (message, log_tolerated) != NULL)
        return G_LOG_WRITER_HANDLED;
      g_log_writer_default (log_level, fields, n_fields, user_data);
      g_test_fail ();
      return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
shu_test_log_setup (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
  g_log_set_writer_func (log_writer, NULL, NULL);
}

void
shu_test_log_tolerate (const char *part)
{
  log_tolerated = part;
}

void
shu_test_write_file (const char *dir,
                     const char *name,
                     const char *contents)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *parent = g_path_get_dirname (path);

  g_assert_cmpint (g_mkdir_with_parents (parent, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
}

guint
shu_test_offset_of (const char *text,
                    const char *needle,
                    guint       nth)
{
  const char *p = text;

  for (;;)
    {
      p = strstr (p, needle);
      g_assert_nonnull (p);
      if (nth-- == 0)
        return g_utf8_strlen (text, p - text);
      p += strlen (needle);
    }
}

void
shu_test_run_clear (ShuTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

ShuTestRun
shu_test_run_cli (const char *cwd,
                  ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  ShuTestRun run = { 0 };
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("SHU_CLI"));
  va_start (args, cwd);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (cwd, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &run.out, &run.err, &wait_status, &error);
  g_assert_no_error (error);
  /* A crash is never an acceptable answer. */
  g_assert_true (WIFEXITED (wait_status));
  run.status = WEXITSTATUS (wait_status);
  return run;
}
