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

G_END_DECLS
