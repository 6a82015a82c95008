/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shu-safe-file.h"
#include "shu-sidecar.h"

/* Saves over and over, for test-save-kill, which kills it at random
 * moments:
 *
 *   save-helper make ESSAY OUT_A OUT_B   writes two large sidecars of the essay
 *   save-helper loop FILE A B            saves B, A, B, ... (or A, B, ... when FILE
 *                                        holds B) to FILE forever
 *
 * "loop" writes with shu_safe_file_write_bytes(), the app's own save. */

static GBytes *
make_version (ShuSource *source,
              guint      n,
              guint      seed)
{
  g_autoptr(ShuDocument) document = shu_document_new (source, NULL);
  ShuAnnotationStore *store = shu_document_get_store (document);
  guint length = shu_source_get_length (source);
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GDateTime) date = g_date_time_new_utc (2024, 5, 1, 12, 0, 0);
  GRand *rand = g_rand_new_with_seed (seed);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup_printf ("urn:uuid:%08x-0000-4000-8000-%012x", seed, i);
      g_autofree char *text = g_strdup_printf ("הערה %u של גרסה %u", i, seed);
      g_autoptr(GPtrArray) comments =
        g_ptr_array_new_with_free_func ((GDestroyNotify) shu_comment_unref);
      guint start = shu_source_boundary_floor (source, g_rand_int_range (rand, 0, length - 40));
      guint end = shu_source_boundary_ceil (source, start + g_rand_int_range (rand, 1, 30));
      ShuRange range = { start, end };

      g_ptr_array_add (comments, shu_comment_new (text, "he"));
      g_ptr_array_add (all, shu_annotation_new (id, &range, 1, NULL, comments, "helper",
                                                date, date));
    }
  shu_annotation_store_reset (store, all, NULL);
  g_rand_free (rand);
  return shu_sidecar_serialize (document);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;

  if (argc == 5 && g_str_equal (argv[1], "make"))
    {
      g_autoptr(GFile) essay = g_file_new_for_path (argv[2]);
      g_autoptr(ShuSource) source = shu_source_new_from_file (essay, SHU_ENCODING_AUTO,
                                                              NULL, &error);
      g_autoptr(GBytes) a = NULL;
      g_autoptr(GBytes) b = NULL;

      if (source == NULL)
        g_error ("%s", error->message);
      /* Some megabytes each, so that a save takes long enough to be
       * killed in the middle of it. */
      a = make_version (source, 1500, 1);
      b = make_version (source, 1600, 2);
      if (!g_file_set_contents (argv[3], g_bytes_get_data (a, NULL), g_bytes_get_size (a), &error)
          || !g_file_set_contents (argv[4], g_bytes_get_data (b, NULL), g_bytes_get_size (b),
                                   &error))
        g_error ("%s", error->message);
      return 0;
    }

  if (argc == 5 && g_str_equal (argv[1], "loop"))
    {
      g_autoptr(GFile) file = g_file_new_for_path (argv[2]);
      GBytes *versions[2] = { NULL, NULL };
      guint first = 1;

      for (guint i = 0; i < 2; i++)
        {
          char *contents;
          gsize size;

          if (!g_file_get_contents (argv[3 + i], &contents, &size, &error))
            g_error ("%s", error->message);
          versions[i] = g_bytes_new_take (contents, size);
        }
      /* Start with the version the file does not hold, so that every
       * save changes it. */
      {
        g_autofree char *current = NULL;
        gsize size = 0;

        if (g_file_get_contents (argv[2], &current, &size, NULL)
            && size == g_bytes_get_size (versions[1])
            && memcmp (current, g_bytes_get_data (versions[1], NULL), size) == 0)
          first = 0;
      }

      /* Say when the loop starts, so the kills land in saves, not in
       * start-up. */
      fputs ("ready\n", stdout);
      fflush (stdout);
      for (guint i = first;; i++)
        {
          if (!shu_safe_file_write_bytes (file, versions[i % 2], &error))
            g_error ("%s", error->message);
          /* One line per save, so the test can time them. */
          fputs ("saved\n", stdout);
          fflush (stdout);
        }
    }

  g_printerr ("usage: %s make ESSAY OUT_A OUT_B | loop FILE A B\n", argv[0]);
  return 2;
}
