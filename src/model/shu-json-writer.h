/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * ShuJsonWriter:
 *
 * Writes JSON the way the project's files look, byte for byte: UTF-8 with
 * only what JSON requires escaped (plus U+2028 and U+2029, which some
 * JavaScript readers choke on), 2-space indent, members in the order they
 * are written, empty containers as "[]" and "{}". The same calls always give
 * the same bytes. Not a general JSON library: callers must pair begin/end
 * and give keys exactly inside objects.
 */
typedef struct _ShuJsonWriter ShuJsonWriter;

/* Takes the next @size bytes of the document; returns FALSE and sets
 * @error when it cannot. */
typedef gboolean (*ShuJsonWriterSink) (const char  *data,
                                       gsize        size,
                                       gpointer     user_data,
                                       GError     **error);

ShuJsonWriter *shu_json_writer_new          (void);
/* A writer that hands its bytes to @sink in pieces of tens of KiB as it
 * goes, instead of keeping the document: end it with
 * shu_json_writer_finish_to_sink(). */
ShuJsonWriter *shu_json_writer_new_to_sink  (ShuJsonWriterSink sink,
                                             gpointer          user_data);
void           shu_json_writer_free         (ShuJsonWriter *writer);
/* Ends the document with a newline and returns its bytes. */
GBytes        *shu_json_writer_finish       (ShuJsonWriter *writer);
/* Ends the document with a newline and hands the rest to the sink. FALSE,
 * with the sink's first error, when the sink failed at any point (it is
 * not called again after a failure). */
gboolean       shu_json_writer_finish_to_sink (ShuJsonWriter  *writer,
                                               GError        **error);

/* @key is NULL for array elements and for the top-level value. */
void           shu_json_writer_begin_object (ShuJsonWriter *writer,
                                             const char    *key);
void           shu_json_writer_end_object   (ShuJsonWriter *writer);
void           shu_json_writer_begin_array  (ShuJsonWriter *writer,
                                             const char    *key);
void           shu_json_writer_end_array    (ShuJsonWriter *writer);
void           shu_json_writer_string       (ShuJsonWriter *writer,
                                             const char    *key,
                                             const char    *value);
void           shu_json_writer_uint         (ShuJsonWriter *writer,
                                             const char    *key,
                                             guint64        value);

void           shu_json_writer_boolean      (ShuJsonWriter *writer,
                                             const char    *key,
                                             gboolean       value);
void           shu_json_writer_null         (ShuJsonWriter *writer,
                                             const char    *key);
/* Appends @value as a JSON string literal (with quotes) to @out. */
void           shu_json_append_string       (GString       *out,
                                             const char    *value);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ShuJsonWriter, shu_json_writer_free)

G_END_DECLS
