/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A file chooser that is GtkFileChooserNative before GTK 4.10 and
 * GtkFileDialog from then on, where the former is deprecated: the portal's
 * chooser in a sandbox either way. Set it up, connect to "response" (an
 * int, GTK_RESPONSE_ACCEPT or not, as GtkNativeDialog's), then show it;
 * it is modal to @parent. */
#define SHU_TYPE_FILE_CHOOSER (shu_file_chooser_get_type ())
G_DECLARE_FINAL_TYPE (ShuFileChooser, shu_file_chooser, SHU, FILE_CHOOSER, GObject)

ShuFileChooser *shu_file_chooser_new        (const char           *title,
                                             GtkWindow            *parent,
                                             GtkFileChooserAction  action,
                                             const char           *accept_label);
/* The first filter added is the one chosen at first. */
void            shu_file_chooser_add_filter (ShuFileChooser       *self,
                                             GtkFileFilter        *filter);
void            shu_file_chooser_set_folder (ShuFileChooser       *self,
                                             GFile                *folder);
void            shu_file_chooser_set_name   (ShuFileChooser       *self,
                                             const char           *name);
void            shu_file_chooser_show       (ShuFileChooser       *self);
/* Closes the chooser if it is shown, without a "response". */
void            shu_file_chooser_close      (ShuFileChooser       *self);
/* The file or folder chosen, once "response" said GTK_RESPONSE_ACCEPT. */
GFile          *shu_file_chooser_get_file   (ShuFileChooser       *self);

G_END_DECLS
