/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "shu-annotate-popover.h"
#include "shu-document.h"
#include "shu-document-loader.h"
#include "shu-recovery.h"
#include "shu-screenshot.h"
#include "shu-sidebar.h"
#include "shu-text-view.h"

G_BEGIN_DECLS

#define SHU_TYPE_WINDOW (shu_window_get_type ())
G_DECLARE_FINAL_TYPE (ShuWindow, shu_window, SHU, WINDOW, AdwApplicationWindow)

typedef struct _ShuSharingController ShuSharingController;
typedef struct _ShuSaveController ShuSaveController;
typedef struct _ShuPortalController ShuPortalController;

/**
 * ShuWindow:
 *
 * One document: its text in a ShuTextView, its annotations, the header bar
 * and the primary menu. Every command is a "win." action: the window's
 * own (shu-window-actions.c) or one its parts add (shu-*-controller.h).
 *
 * Properties: "document" (ShuDocument, read-only), "join-lines" (boolean,
 * bound to the setting), "selected-annotation" (ShuAnnotation), "loading"
 * (boolean, read-only).
 */
ShuWindow          *shu_window_new                   (GtkApplication *application);

ShuDocument        *shu_window_get_document          (ShuWindow      *self);
ShuTextView        *shu_window_get_text_view         (ShuWindow      *self);
ShuAnnotatePopover *shu_window_get_annotate_popover  (ShuWindow      *self);
ShuAnnotation      *shu_window_get_selected_annotation (ShuWindow    *self);
void                shu_window_set_selected_annotation (ShuWindow    *self,
                                                        ShuAnnotation *annotation);

/* Opens a sidecar (a name ending in ".json") with its text, or a text with
 * its sidecar when there is one (a ShuDocumentLoader reads them in its
 * threads). A text is shown as soon as it is read, while its annotations
 * load ("loading"). On failure nothing in the window changes. Opening
 * another file, or closing the window, cancels it (G_IO_ERROR_CANCELLED). */
void                shu_window_open_file_async       (ShuWindow           *self,
                                                      GFile               *file,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            shu_window_open_file_finish      (ShuWindow      *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
/* The same, telling the user what went wrong instead. */
void                shu_window_open_file_interactive (ShuWindow      *self,
                                                      GFile          *file);
/* A loader made as the window makes its own (shu_window_new_loader()),
 * which may be started early (shu_document_loader_start_early()): the
 * app starts reading the files named on its command line while GTK
 * starts. */
ShuDocumentLoader  *shu_window_new_loader            (GFile          *file);
void                shu_window_open_started_interactive (ShuWindow         *self,
                                                         ShuDocumentLoader *loader);
/* Whether the annotations of the open text are still being read in a
 * thread (shu_window_open_file_async()); editing them waits. Also the
 * "loading" property. */
gboolean            shu_window_get_loading           (ShuWindow      *self);
/* The header bar's second line: where the annotations are kept. */
const char         *shu_window_get_subtitle          (ShuWindow      *self);
/* Whether opening another file here loses nothing (no unsaved changes).
 * An edit typed in the sidebar and not applied is applied first, and so
 * counts as one. */
gboolean            shu_window_can_replace           (ShuWindow      *self);

/* Opens the text of a recovery journal with its saved annotations (the
 * files read in worker threads), and puts the journal's unsaved changes on
 * top as one undoable step. @entries holds @entry (it is kept until the
 * end). */
void                shu_window_restore_async         (ShuWindow           *self,
                                                      GPtrArray           *entries,
                                                      ShuRecoveryEntry    *entry,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean            shu_window_restore_finish        (ShuWindow      *self,
                                                      GAsyncResult   *result,
                                                      GError        **error);
/* Once per run: when journals of unsaved changes are left from a run that
 * died, asks whether to restore them (Restore / Discard). */
void                shu_window_offer_recovery        (ShuWindow      *self);

/* Adds an annotation on the selection in the view, as one undo step.
 * @label_id and @comment may be NULL. */
gboolean            shu_window_annotate_selection    (ShuWindow      *self,
                                                      const char     *label_id,
                                                      const char     *comment,
                                                      GError        **error);

/* The annotation list beside the text (shu-window-sidebar.c). */
ShuSidebar         *shu_window_get_sidebar           (ShuWindow      *self);
/* The window's part for a text the sandbox shows alone (Choose Folder):
 * see shu-portal-controller.h. */
ShuPortalController *shu_window_get_portal           (ShuWindow      *self);
/* The window's part that saves the annotations: see shu-save-controller.h. */
ShuSaveController  *shu_window_get_saver             (ShuWindow      *self);
/* The window's part that shares annotations (export, import, layers,
 * merge, orphans): see shu-sharing-controller.h. */
ShuSharingController *shu_window_get_sharing         (ShuWindow      *self);

/* Told when a screenshot is saved, or failed (then @error says why). */
typedef ShuScreenshotDone ShuWindowScreenshotDone;

/* Renders the window to @png once it has been drawn completely, then
 * calls @done (the application, which quits). */
void                shu_window_take_screenshot       (ShuWindow      *self,
                                                      GFile          *png,
                                                      ShuWindowScreenshotDone done,
                                                      gpointer        user_data);
/* Renders the window as it is now. (transfer full) */
GdkTexture         *shu_window_render                (ShuWindow      *self,
                                                      GError        **error);

G_END_DECLS
