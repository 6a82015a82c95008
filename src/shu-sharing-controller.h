/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-format.h"
#include "shu-document.h"
#include "shu-layer.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_SHARING_CONTROLLER (shu_sharing_controller_get_type ())
G_DECLARE_FINAL_TYPE (ShuSharingController, shu_sharing_controller, SHU, SHARING_CONTROLLER,
                      GObject)

/**
 * ShuSharingController:
 *
 * The window's part that shares annotations with other people and programs
 * (issue 4): export and import, other annotators' sidecars as layers,
 * comparing and measuring agreement with a layer, merging, conflicts and
 * orphans. The window owns one; it runs the file choosers, dialogs and
 * asynchronous reads, and leaves the work to the model (shu-format.h,
 * shu-sharing.h, shu-merge-apply.h). Its commands are actions it adds to
 * the window ("win.merge", "win.export-brat", ...: the Sharing section of
 * the document menu); the functions below are what they do once a file
 * is chosen.
 *
 * Properties: "document" (ShuDocument): the text the window shows (bound
 * to the window's); "n-orphans" (guint, read-only): how many annotations
 * of it could not be placed, for the orphans bar.
 * Signals: "toast" (message) and "error" (heading, GError): what the
 * window is to tell the user.
 */
/* @window (a GtkApplicationWindow, whose actions the controller's join)
 * and @text_view are borrowed: the window owns the controller, and
 * disposes it first when it closes. Reads stop when @cancellable (the
 * window's for that) is cancelled. */
ShuSharingController *shu_sharing_controller_new (GtkWindow    *window,
                                                  ShuTextView  *text_view,
                                                  GCancellable *cancellable)
  G_GNUC_WARN_UNUSED_RESULT;
void        shu_sharing_controller_set_document     (ShuSharingController *self,
                                                     ShuDocument          *document);

/* Writes the annotations in @format to @file, as win.export-* do once a
 * file is chosen: made from the document as it is when called, written
 * in a worker thread. */
void        shu_sharing_controller_export_async     (ShuSharingController *self,
                                                     ShuFormat             format,
                                                     GFile                *file,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    shu_sharing_controller_export_finish    (ShuSharingController *self,
                                                     GAsyncResult         *result,
                                                     GError              **error);
/* The name the export dialog offers (shu_format_dup_export_name()). */
char       *shu_sharing_controller_dup_export_name  (ShuSharingController *self,
                                                     ShuFormat             format)
  G_GNUC_WARN_UNUSED_RESULT;

/* Adds the file's annotations to the document as one undoable step, as
 * win.import-* do once a file is chosen: read and placed in a worker
 * thread, added on finishing. Closing the window or opening another text
 * meanwhile finishes with G_IO_ERROR_CANCELLED.
 * @summary: (out) (optional): what was imported and what was left out,
 * one line each, for the user. */
void        shu_sharing_controller_import_async     (ShuSharingController *self,
                                                     ShuFormat             format,
                                                     GFile                *file,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    shu_sharing_controller_import_finish    (ShuSharingController *self,
                                                     GAsyncResult         *result,
                                                     char                **summary,
                                                     GError              **error);

/* Opens another sidecar of the same text as a read-only layer, read and
 * placed on the open text by a ShuDocumentLoader in its threads. Closing
 * the window or opening another text meanwhile finishes with
 * G_IO_ERROR_CANCELLED. finish() returns the layer, also in get_layers(). */
void        shu_sharing_controller_add_layer_async  (ShuSharingController *self,
                                                     GFile                *file,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
ShuLayer   *shu_sharing_controller_add_layer_finish (ShuSharingController *self,
                                                     GAsyncResult         *result,
                                                     GError              **error)
  G_GNUC_WARN_UNUSED_RESULT;
void        shu_sharing_controller_remove_layer     (ShuSharingController *self,
                                                     ShuLayer             *layer);
/* (element-type ShuLayer) */
GListModel *shu_sharing_controller_get_layers       (ShuSharingController *self);

/* Brings another sidecar into the document as one undoable step, as
 * win.merge does once a file is chosen: the file is read in a thread and
 * merged by shu_merge() with the common ancestor shu_merge_dup_base()
 * finds (none for a colleague's file: a two-way merge that loses
 * nothing). A merge that would remove annotations asks first, with their
 * number; the window then tells what was added, changed and removed, and
 * shows the conflicts. Finishes FALSE with G_IO_ERROR_CANCELLED when the
 * user said no or the window moved on, or with the error it showed. */
void        shu_sharing_controller_merge_async      (ShuSharingController *self,
                                                     GFile                *file,
                                                     GCancellable         *cancellable,
                                                     GAsyncReadyCallback   callback,
                                                     gpointer              user_data);
gboolean    shu_sharing_controller_merge_finish     (ShuSharingController *self,
                                                     GAsyncResult         *result,
                                                     guint                *n_conflicts,
                                                     GError              **error);
/* Resolves a conflict by keeping the annotation @id and deleting the
 * other version, as one undoable step (shu_sharing_keep_version()). */
gboolean    shu_sharing_controller_keep_version     (ShuSharingController *self,
                                                     const char           *id);

/* Attaches orphan @index (of shu_document_get_orphans()) to the selection
 * in the text, with its id, label and comments, as an undoable step. */
gboolean    shu_sharing_controller_attach_orphan    (ShuSharingController *self,
                                                     guint                 index,
                                                     GError              **error);
/* Deletes orphan @index; the file loses it at the next save. */
void        shu_sharing_controller_delete_orphan    (ShuSharingController *self,
                                                     guint                 index);
guint       shu_sharing_controller_get_n_orphans    (ShuSharingController *self);

/* The window last opened by win.compare, win.agreement, win.orphans or
 * win.conflicts ("compare", "agreement", "orphans", "conflicts"), while
 * it is open. */
GtkWindow  *shu_sharing_controller_get_dialog       (ShuSharingController *self,
                                                     const char           *which);
/* The window that owns the controller. */
GtkWindow  *shu_sharing_controller_get_window       (ShuSharingController *self);

G_END_DECLS
