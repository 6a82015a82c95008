/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-document.h"

G_BEGIN_DECLS

/**
 * Crash recovery.
 *
 * While a document has unsaved changes, a journal in
 * $XDG_STATE_HOME/shulayim/recovery/ holds everything needed to get them
 * back after a crash or a kill: the paths of the text and of the sidecar
 * and the full sidecar bytes of the document as it is in memory. A journal
 * is written (atomically) at most SHU_RECOVERY_DELAY_MS after the first
 * change since the last one written, and removed when the document is
 * saved, when its changes are undone back to the saved state, or when the
 * user discards them. One journal per (text, sidecar) pair: its name is a
 * hash of their URIs.
 *
 * The journal file is a header of "key=value" lines (URIs, so no line
 * breaks), an empty line, then the sidecar bytes:
 *
 *   shulayim-recovery 1
 *   text=file:///home/me/essay.txt
 *   sidecar=file:///home/me/essay.txt.annotations.json   (empty if none)
 *   written=2024-05-01T12:00:00Z
 *
 *   {"@context": ...}
 */

#define SHU_RECOVERY_DELAY_MS 1000

typedef struct
{
  GFile     *journal;
  GFile     *text;
  GFile     *sidecar;     /* NULL when the document had no sidecar yet */
  GDateTime *written;
  GBytes    *sidecar_bytes;
} ShuRecoveryEntry;

void               shu_recovery_entry_free    (ShuRecoveryEntry *entry);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuRecoveryEntry, shu_recovery_entry_free)

/* $XDG_STATE_HOME/shulayim/recovery (not created). */
GFile             *shu_recovery_dup_folder    (void);
/* The journal of the document on @text with @sidecar (nullable). */
GFile             *shu_recovery_dup_journal_file (GFile        *text,
                                                  GFile        *sidecar);

/* Writes @document's journal now (to @journal, or the one its files give).
 * The document must have a source file. */
gboolean           shu_recovery_write         (ShuDocument  *document,
                                               GFile        *journal,
                                               GError      **error);
ShuRecoveryEntry  *shu_recovery_entry_load    (GFile        *journal,
                                               GError      **error);
/* Every journal in the folder, oldest first (element-type ShuRecoveryEntry).
 * Files that are not journals are left alone and skipped. */
GPtrArray         *shu_recovery_list          (void);
/* The same, read in a worker thread. */
void               shu_recovery_list_async    (GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GPtrArray         *shu_recovery_list_finish   (GAsyncResult        *result,
                                               GError             **error);
/* The journal's annotations placed on @source (the text it names, read
 * again); @report as for shu_sidecar_anchor(). */
ShuDocument       *shu_recovery_entry_anchor  (ShuRecoveryEntry *entry,
                                               ShuSource        *source,
                                               GPtrArray       **report,
                                               GError          **error);
/* The file to open to restore @entry as its document was saved: its
 * sidecar when that is there, else its text (whose sidecar, if any, is
 * found beside it). Asks the file system: for a worker thread. */
GFile             *shu_recovery_entry_dup_saved_file (ShuRecoveryEntry *entry,
                                                      GCancellable     *cancellable)
                                                      G_GNUC_WARN_UNUSED_RESULT;
/* Puts @entry's unsaved changes on @document (its document as saved, on
 * the same text) as one undoable step, so that it shows as modified and
 * Undo goes back to what was saved; the document keeps the journal's
 * sidecar file. @report as for shu_sidecar_anchor(). */
gboolean           shu_recovery_entry_restore (ShuRecoveryEntry *entry,
                                               ShuDocument      *document,
                                               GPtrArray       **report,
                                               GError          **error);
gboolean           shu_recovery_entry_remove  (ShuRecoveryEntry *entry,
                                               GError          **error);
/* Removes the journal in the worker thread that writes the journals, after
 * the writes asked for before. */
void               shu_recovery_entry_remove_later (ShuRecoveryEntry *entry);

/* Keeps @document's journal up to date from now on, until it is finalized
 * (the watch is kept on the document). Calling it again does nothing. */
void               shu_recovery_watch         (ShuDocument  *document);
/* Stops journaling @document and removes its journal: the user chose to
 * lose the changes. The removal happens in the worker thread that writes
 * the journals, after the writes asked for before; this does not wait. */
void               shu_recovery_discard       (ShuDocument  *document);
/* Waits until every journal write and removal asked for so far is done
 * (quitting, tests). */
void               shu_recovery_wait          (void);
/* The watched @document continues @journal (a restored one): it is
 * replaced by the next write and removed once the document is saved. */
void               shu_recovery_adopt         (ShuDocument  *document,
                                               GFile        *journal);
/* Writes the watched @document's journal now if one is due (tests, quit). */
void               shu_recovery_flush         (ShuDocument  *document);

G_END_DECLS
