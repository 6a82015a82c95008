/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-save-controller.h"
#include "shu-sharing-controller.h"
#include "shu-window.h"

/* The window reads and writes files only in worker threads (issue 24);
 * these do what it does once a file is chosen and wait for it, iterating
 * the main context as the app would, so that a test can check what
 * follows in order. */

typedef struct
{
  gboolean   done;
  gboolean   ok;
  GError    *error;
  char     **summary;
  ShuLayer  *layer;
} ShuTestWait;

static inline gboolean
shu_test_wait_result (ShuTestWait  *wait,
                      GError      **error)
{
  while (!wait->done)
    g_main_context_iteration (NULL, TRUE);
  if (wait->error != NULL)
    g_propagate_error (error, wait->error);
  return wait->ok;
}

static inline void
shu_test_save_to_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_save_controller_save_to_finish (SHU_SAVE_CONTROLLER (object), result,
                                                 &wait->error);
  wait->done = TRUE;
}

/* Save As. */
static inline gboolean
shu_test_save_to (ShuWindow  *window,
                  GFile      *file,
                  GError    **error)
{
  ShuTestWait wait = { 0 };

  shu_save_controller_save_to_async (shu_window_get_saver (window), file, shu_test_save_to_cb,
                                     &wait);
  return shu_test_wait_result (&wait, error);
}

static inline void
shu_test_export_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_sharing_controller_export_finish (SHU_SHARING_CONTROLLER (object), result,
                                                  &wait->error);
  wait->done = TRUE;
}

/* Export. */
static inline gboolean
shu_test_export (ShuWindow        *window,
                 ShuFormat         format,
                 GFile            *file,
                 GError          **error)
{
  ShuTestWait wait = { 0 };

  shu_sharing_controller_export_async (shu_window_get_sharing (window), format, file,
                                       shu_test_export_cb, &wait);
  return shu_test_wait_result (&wait, error);
}

static inline void
shu_test_import_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_sharing_controller_import_finish (SHU_SHARING_CONTROLLER (object), result,
                                                   wait->summary, &wait->error);
  wait->done = TRUE;
}

/* Import. */
static inline gboolean
shu_test_import (ShuWindow        *window,
                 ShuFormat         format,
                 GFile            *file,
                 char            **summary,
                 GError          **error)
{
  ShuTestWait wait = { 0 };

  wait.summary = summary;
  shu_sharing_controller_import_async (shu_window_get_sharing (window), format, file,
                                       shu_test_import_cb, &wait);
  return shu_test_wait_result (&wait, error);
}

static inline void
shu_test_add_layer_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->layer = shu_sharing_controller_add_layer_finish (SHU_SHARING_CONTROLLER (object), result,
                                                         &wait->error);
  wait->ok = wait->layer != NULL;
  wait->done = TRUE;
}

/* Add Layer: the layer (transfer none: the window's list holds it). */
static inline ShuLayer *
shu_test_add_layer (ShuWindow  *window,
                    GFile      *file,
                    GError    **error)
{
  ShuTestWait wait = { 0 };

  shu_sharing_controller_add_layer_async (shu_window_get_sharing (window), file,
                                          shu_test_add_layer_cb, &wait);
  if (!shu_test_wait_result (&wait, error))
    return NULL;
  g_object_unref (wait.layer);
  return wait.layer;
}

static inline void
shu_test_restore_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_window_restore_finish (SHU_WINDOW (object), result, &wait->error);
  wait->done = TRUE;
}

/* Restore, as the recovery dialog's Restore does for @entry. */
static inline gboolean
shu_test_restore (ShuWindow         *window,
                  GPtrArray         *entries,
                  ShuRecoveryEntry  *entry,
                  GError           **error)
{
  ShuTestWait wait = { 0 };

  shu_window_restore_async (window, entries, entry, shu_test_restore_cb, &wait);
  return shu_test_wait_result (&wait, error);
}

static inline void
shu_test_open_file_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  ShuTestWait *wait = user_data;

  wait->ok = shu_window_open_file_finish (SHU_WINDOW (object), result, &wait->error);
  wait->done = TRUE;
}

/* Open, as the Open dialog, the command line or a drop do, without the
 * error dialog: waits until the annotations are in. */
static inline gboolean
shu_test_open_file (ShuWindow  *window,
                    GFile      *file,
                    GError    **error)
{
  ShuTestWait wait = { 0 };

  shu_window_open_file_async (window, file, shu_test_open_file_cb, &wait);
  return shu_test_wait_result (&wait, error);
}
