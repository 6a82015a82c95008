/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>

#include <gtk/gtk.h>

/* Takes the PRIMARY selection of the display again and again, as a user
 * selecting text in another program would, until it is killed or SECONDS
 * have passed. GTK clears a text view's selection when another client
 * takes PRIMARY: tests/ui/test-recovery.c runs this beside the scripted
 * program, whose selections must still reach the command after them.
 *
 *   primary-thief SECONDS
 *
 * Prints "stealing" once it owns PRIMARY the first time. */

int
main (int   argc,
      char *argv[])
{
  GdkClipboard *primary;
  gint64 end;
  gboolean told = FALSE;
  guint round = 0;

  if (argc != 2)
    {
      fprintf (stderr, "usage: primary-thief SECONDS\n");
      return 2;
    }
  gtk_init ();
  primary = gdk_display_get_primary_clipboard (gdk_display_get_default ());
  end = g_get_monotonic_time () + g_ascii_strtoll (argv[1], NULL, 10) * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      g_autofree char *text = g_strdup_printf ("taken %u", round++);

      /* New contents each time: GDK claims the selection anew. */
      gdk_clipboard_set_text (primary, text);
      while (g_main_context_iteration (NULL, FALSE))
        ;
      if (!told && gdk_clipboard_is_local (primary))
        {
          printf ("stealing\n");
          fflush (stdout);
          told = TRUE;
        }
      g_usleep (5000);
    }
  return 0;
}
