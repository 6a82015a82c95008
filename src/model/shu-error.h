/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SHU_ERROR (shu_error_quark ())

/**
 * ShuError:
 * @SHU_ERROR_IO: a file could not be read or written.
 * @SHU_ERROR_DECODE: a text could not be decoded in its encoding.
 * @SHU_ERROR_TOO_LARGE: an input is over a documented size limit.
 * @SHU_ERROR_PARSE: the input is not well-formed (JSON syntax, depth, duplicate keys, ...).
 * @SHU_ERROR_INVALID: well-formed, but not what the format allows (types, members, ranges).
 * @SHU_ERROR_VERSION: the sidecar's format version is unknown to this program.
 * @SHU_ERROR_MISMATCH: an annotation does not fit its source text (offsets, boundaries, quote).
 * @SHU_ERROR_NOT_FOUND: a referenced file or item does not exist.
 * @SHU_ERROR_UNSUPPORTED: a valid request this program cannot carry out.
 *
 * Messages are for people; where a position in a file is known they start
 * with `FILE:LINE:COLUMN: `.
 */
typedef enum
{
  SHU_ERROR_IO,
  SHU_ERROR_DECODE,
  SHU_ERROR_TOO_LARGE,
  SHU_ERROR_PARSE,
  SHU_ERROR_INVALID,
  SHU_ERROR_VERSION,
  SHU_ERROR_MISMATCH,
  SHU_ERROR_NOT_FOUND,
  SHU_ERROR_UNSUPPORTED,
} ShuError;

GQuark shu_error_quark (void);

/* Sets @error to G_FILE_ERROR for @saved_errno, with the system's reason
 * (from GLib's own translations); the caller names the file. Returns
 * FALSE, for "return shu_set_error_from_errno (error, errno);". */
gboolean shu_set_error_from_errno (GError **error,
                                   int      saved_errno);

G_END_DECLS
