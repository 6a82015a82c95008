/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-annotate-controller.h"
#include "shu-file-chooser.h"
#include "shu-find-controller.h"
#include "shu-external-controller.h"
#include "shu-layer-list.h"
#include "shu-layers-bar.h"
#include "shu-link-controller.h"
#include "shu-opener.h"
#include "shu-orphans-bar.h"
#include "shu-parts-bar.h"
#include "shu-portal-controller.h"
#include "shu-save-controller.h"
#include "shu-sharing-controller.h"
#include "shu-sidebar.h"
#include "shu-suggest-controller.h"
#include "shu-window.h"

G_BEGIN_DECLS

/* Shared by the window family, src/shu-window*.c; the window's parts
 * (shu-*-controller.c) never see it. */
struct _ShuWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkPaned             *paned;
  ShuSidebar           *sidebar;
  GtkWidget            *sidebar_box;
  ShuLayerList         *layer_list;
  GtkRevealer          *find_revealer;
  ShuOrphansBar        *orphans_bar;
  ShuPartsBar          *parts_bar;
  ShuLayersBar         *layers_bar;
  GtkStack             *stack;
  ShuTextView          *text_view;
  GMenu                *undo_section;
  GMenu                *recent_section;

  /* Owned */
  ShuDocument          *document;
  /* The parts (see docs/DESIGN.md, "The window and its parts") */
  ShuAnnotateController *annotate;       /* making and editing annotations */
  ShuSharingController *sharing;         /* import, export, layers, merge */
  ShuExternalController *external;       /* files other programs change */
  ShuSaveController    *saver;           /* Save, Save As */
  ShuLinkController    *link;            /* Link to… */
  ShuFindController    *find;            /* the find bar */
  ShuPortalController  *portal;          /* a text the sandbox shows alone */
  ShuSuggestController *suggest;         /* suggestions (issue #29) */
  GSettings            *settings;
  ShuFileChooser       *chooser;         /* Open */
  GCancellable         *load_cancellable;  /* the shown text's annotations */
  GCancellable         *open_cancellable;  /* a file being opened, not shown yet */
  GCancellable         *cancellable;       /* other reads, cancelled on closing */
  char                 *opening_name;      /* the file being opened, until shown */

  /* Borrowed */
  GtkWindow            *label_manager;     /* while open; forgotten when it closes */

  guint                 join_lines : 1;
  guint                 closing : 1;
  guint                 loading : 1;
};

/* shu-window-actions.c */
void     _shu_window_class_add_actions   (GtkWidgetClass *widget_class);
void     _shu_window_init_actions        (ShuWindow      *self);
void     _shu_window_update_actions      (ShuWindow      *self);
void     _shu_window_update_undo_menu    (ShuWindow      *self);
/* Shows @chooser as the window's, starting in @folder (nullable) if that
 * is still a folder, which is asked off the main thread. */
void     _shu_window_show_chooser        (ShuWindow            *self,
                                          ShuFileChooser       *chooser,
                                          GFile                *folder);

/* shu-window-sidebar.c */
void     _shu_window_init_sidebar        (ShuWindow      *self);
/* shu-window-tools.c (label manager, shortcuts window) */
void     _shu_window_class_add_tools     (GtkWidgetClass *widget_class);
void     _shu_window_init_tools          (ShuWindow      *self);


/* shu-window-loading.c (opening files through a ShuDocumentLoader) */
void     _shu_window_cancel_loading      (ShuWindow      *self);

/* shu-window.c */
void     _shu_window_add_recent          (GFile          *file);
void     _shu_window_set_loading         (ShuWindow      *self,
                                          gboolean        loading);
void     _shu_window_set_document        (ShuWindow      *self,
                                          ShuDocument    *document);
void     _shu_window_report_anchoring    (ShuWindow      *self,
                                          GPtrArray      *report);
void     _shu_window_show_error          (ShuWindow      *self,
                                          const char     *heading,
                                          const GError   *error);
void     _shu_window_toast               (ShuWindow      *self,
                                          const char     *message);
void     _shu_window_update_title        (ShuWindow      *self);

G_END_DECLS
