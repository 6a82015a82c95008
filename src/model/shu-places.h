/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Where annotations are kept when they cannot be beside their text, and
 * where the texts that come with Shulayim are. The app, the CLI and the
 * tests ask here, so that they all look in the same places. */

/* Symbolic links that lead out of a folder: a folder someone sent (a git
 * repository, a tar archive) can hold a link to anywhere, which the app
 * would show and an export embed. shu_places_dup_real_folder() gives
 * @folder's real path ending in '/', or NULL (errno says why);
 * shu_places_dup_outside() gives the real path of @file, its links
 * followed, when that lies outside @real_folder (one from the first), and
 * NULL when it lies inside or @file does not exist (opening it says so).
 * Both ask the file system. */
char     *shu_places_dup_real_folder         (GFile      *folder) G_GNUC_WARN_UNUSED_RESULT;
char     *shu_places_dup_outside             (const char *real_folder,
                                              GFile      *file) G_GNUC_WARN_UNUSED_RESULT;

/* "$XDG_DATA_HOME/shulayim": the user's Shulayim folder. It holds the
 * annotations of texts whose folder is not the user's to write (the
 * bundled essay, a CD, someone else's folder), under the text's name.
 * Made, private (0700), by the first save into it. */
GFile    *shu_places_dup_user_folder         (void) G_GNUC_WARN_UNUSED_RESULT;
gboolean  shu_places_is_in_user_folder       (GFile *file);

/* The folder of the bundled texts: $SHU_DATADIR when set, else the
 * installed one, else (run from the build folder) the source tree's. */
GFile    *shu_places_dup_bundled_folder      (void) G_GNUC_WARN_UNUSED_RESULT;
GFile    *shu_places_dup_essay_file          (void) G_GNUC_WARN_UNUSED_RESULT;
gboolean  shu_places_is_bundled_file         (GFile *file);

/* Whether @file is a file the Flatpak document portal granted alone
 * ($XDG_RUNTIME_DIR/doc/<id>/<name>): the only file of its folder the app
 * can see, so its sidecar is not visible beside it and nothing can be
 * written there (README, "Sidecars in the sandbox"). Asks no file system. */
gboolean  shu_places_is_single_file_grant    (GFile *file);

/* Once the user chose the folder of a text the sandbox granted alone:
 * whether @text, the file of the same name there, is the open text (same
 * contents, @sha256, not only the same name). With @keep_unsaved, the
 * unsaved annotations are to be saved beside it from now on: @sidecar is
 * that file, unless annotations are kept there already, which were never
 * loaded (an error); without, @sidecar is NULL. Reads @text: for a worker
 * thread. */
gboolean  shu_places_match_text_in_folder    (GFile         *text,
                                              const char    *sha256,
                                              gboolean       keep_unsaved,
                                              GFile        **sidecar,
                                              GCancellable  *cancellable,
                                              GError       **error);

/* A sidecar names its text by file name only, as if beside it: for one in
 * the user's Shulayim folder, that folder remembers where the text is
 * ("texts.ini" there, private), so that opening the sidecar alone, in the
 * app or the CLI, finds its text. Remembering does nothing for a sidecar
 * elsewhere or a bundled text (found by name). Both do file I/O. */
gboolean  shu_places_remember_text           (GFile   *sidecar,
                                              GFile   *text,
                                              GError **error);
GFile    *shu_places_dup_remembered_text     (GFile   *sidecar) G_GNUC_WARN_UNUSED_RESULT;

/* A text's sidecar is "<text>" SHU_SIDECAR_SUFFIX. */
#define SHU_SIDECAR_SUFFIX ".annotations.json"

/* Where Save As starts, and the name it suggests: @sidecar's (nullable),
 * or beside @text (nullable) under its sidecar's usual name; NULL each
 * when neither is known. */
void      shu_places_suggest_save_as (GFile  *sidecar,
                                      GFile  *text,
                                      GFile **folder,
                                      char  **name);

/* Where @text's annotations are kept: beside it when its folder can be
 * written, else in the user's Shulayim folder. Asks the file system. */
GFile    *shu_places_dup_sidecar_file_for_text (GFile *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
