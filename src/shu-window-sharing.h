/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-layer.h"
#include "shu-window.h"

G_BEGIN_DECLS

/* Sharing annotations with other people and programs (issue 4): export
 * and import, other annotators' sidecars as layers, comparing and
 * measuring agreement with a layer, merging, and orphans. Each command is
 * a "win." action (the Sharing section of the primary menu); these
 * functions are what the actions do once a file is chosen. */

typedef enum
{
  SHU_EXPORT_W3C,
  SHU_EXPORT_BRAT,
  SHU_EXPORT_CSV,
  SHU_EXPORT_JSONL,
  SHU_EXPORT_HTML,
} ShuExportFormat;

typedef enum
{
  SHU_IMPORT_BRAT,
  SHU_IMPORT_W3C,
  SHU_IMPORT_JSONL,
  SHU_IMPORT_HYPOTHESIS,
  SHU_IMPORT_LABELSTUDIO,
} ShuImportFormat;

/* "essay.he.ann" for the text "essay.he.txt" and brat, etc. */
char       *shu_window_dup_export_name (ShuWindow       *self,
                                        ShuExportFormat  format);
/* Writes the annotations in @format to @file, as win.export-* do once a
 * file is chosen: made from the document as it is when called, written
 * in a worker thread. */
void        shu_window_export_async    (ShuWindow           *self,
                                        ShuExportFormat      format,
                                        GFile               *file,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    shu_window_export_finish   (ShuWindow           *self,
                                        GAsyncResult        *result,
                                        GError             **error);
/* Adds the file's annotations to the document as one undoable step, as
 * win.import-* do once a file is chosen: read and placed in a worker
 * thread, added on finishing. Closing the window or opening another text
 * meanwhile finishes with G_IO_ERROR_CANCELLED.
 * @summary: (out) (optional): what was imported and what was left out,
 * one line each, for the user. */
void        shu_window_import_async    (ShuWindow           *self,
                                        ShuImportFormat      format,
                                        GFile               *file,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    shu_window_import_finish   (ShuWindow           *self,
                                        GAsyncResult        *result,
                                        char               **summary,
                                        GError             **error);

/* Opens another sidecar of the same text as a read-only layer, read and
 * placed on the open text by a ShuDocumentLoader in its threads. Closing
 * the window or opening another text meanwhile finishes with
 * G_IO_ERROR_CANCELLED. finish() returns the layer, also in
 * shu_window_get_layers(). */
void        shu_window_add_layer_async (ShuWindow           *self,
                                        GFile               *file,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
ShuLayer   *shu_window_add_layer_finish (ShuWindow          *self,
                                        GAsyncResult        *result,
                                        GError             **error)
                                        G_GNUC_WARN_UNUSED_RESULT;
void        shu_window_remove_layer    (ShuWindow       *self,
                                        ShuLayer        *layer);
/* (element-type ShuLayer) */
GListModel *shu_window_get_layers      (ShuWindow       *self);

/* Brings another sidecar into the document as one undoable step, as
 * win.merge does once a file is chosen: the file is read in a thread and
 * merged by shu_merge() with the common ancestor shu_merge_dup_base()
 * finds (none for a colleague's file: a two-way merge that loses
 * nothing). A merge that would remove annotations asks first, with their
 * number; the window then tells what was added, changed and removed, and
 * shows the conflicts. Finishes FALSE with G_IO_ERROR_CANCELLED when the
 * user said no or the window moved on, or with the error it showed. */
void        shu_window_merge_async     (ShuWindow           *self,
                                        GFile               *file,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data);
gboolean    shu_window_merge_finish    (ShuWindow           *self,
                                        GAsyncResult        *result,
                                        guint               *n_conflicts,
                                        GError             **error);
/* Resolves a conflict by keeping the annotation @id and deleting the
 * other version, as one undoable step. */
gboolean    shu_window_keep_version    (ShuWindow       *self,
                                        const char      *id);

/* Attaches orphan @index (of shu_document_get_orphans()) to the selection
 * in the text, with its id, label and comments, as an undoable step. */
gboolean    shu_window_attach_orphan   (ShuWindow       *self,
                                        guint            index,
                                        GError         **error);
/* Deletes orphan @index; the file loses it at the next save. */
void        shu_window_delete_orphan   (ShuWindow       *self,
                                        guint            index);
/* The bar telling that some annotations could not be placed (shown only
 * then). */
GtkWidget  *shu_window_get_orphan_bar  (ShuWindow       *self);

/* The window last opened by win.compare, win.agreement, win.orphans or
 * win.conflicts ("compare", "agreement", "orphans", "conflicts"), while
 * it is open. */
GtkWindow  *shu_window_get_sharing_window (ShuWindow    *self,
                                           const char   *which);

/* shu-window.c calls these from class_init and init. */
void        _shu_window_class_add_sharing_actions (GtkWidgetClass *widget_class);
void        _shu_window_init_sharing              (ShuWindow      *self);

G_END_DECLS
