/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-file-chooser.h"

G_BEGIN_DECLS

/* Shows @chooser starting in @folder (nullable) if that is still a folder,
 * which is asked off the main thread: on a network folder the question
 * blocks as long as a read. Nothing is shown if @cancellable is cancelled
 * first, or if @chooser is finalized meanwhile (its owner asked for
 * another one and dropped it). */
void shu_chooser_show_in_folder (ShuFileChooser *chooser,
                                 GFile          *folder,
                                 GCancellable   *cancellable);

G_END_DECLS
