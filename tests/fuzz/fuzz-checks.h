/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "shu-source.h"

G_BEGIN_DECLS

/* Abort on any broken expectation (see fuzz-checks.c). */
void fuzz_check_sidecar (ShuSource    *source,
                         const guint8 *data,
                         size_t        size);
void fuzz_check_decode  (const guint8 *data,
                         size_t        size);
void fuzz_check_brat    (ShuSource    *source,
                         const guint8 *data,
                         size_t        size);

void fuzz_check_w3c         (ShuSource    *source,
                             const guint8 *data,
                             size_t        size);
void fuzz_check_hypothesis  (ShuSource    *source,
                             const guint8 *data,
                             size_t        size);
void fuzz_check_labelstudio (ShuSource    *source,
                             const guint8 *data,
                             size_t        size);
void fuzz_check_jsonl       (ShuSource    *source,
                             const guint8 *data,
                             size_t        size);

/* An input starting "PK" is a .qdpx, any other its project.qde. */
void fuzz_check_qdpx        (const guint8 *data,
                             size_t        size);

/* The project index: an even first byte makes the rest a payload with a
 * matching header, an odd one the whole file. */
void fuzz_check_project_index (const guint8 *data,
                               size_t        size);
/* annotation.conf, then visual.conf after a NUL byte when there is one. */
void fuzz_check_brat_config   (const guint8 *data,
                               size_t        size);
void fuzz_check_codebook      (const guint8 *data,
                               size_t        size);

/* Makes GLib criticals and warnings abort (see fuzz-checks.c). */
void fuzz_abort_on_criticals  (void);

G_END_DECLS
