/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-suggestion.h"

/* Label ids come from files, so a hostile one can bring hundreds of
 * thousands. g_intern_string() would make each a quark, and GLib keeps
 * every quark table it outgrows (one more each 2,048 quarks: 313 MB for
 * 400,000 ids); a hash set grows by rehashing and keeps one copy of
 * each id. Like interned strings, the ids stay for the life of the
 * process, so that a suggestion keeps its label id however long it is
 * kept. */
static GMutex pool_lock;
static GHashTable *pool;

const char *
shu_suggestion_intern_label (const char *label_id)
{
  const char *interned;

  if (label_id == NULL)
    return NULL;
  g_mutex_lock (&pool_lock);
  if (pool == NULL)
    pool = g_hash_table_new (g_str_hash, g_str_equal);
  interned = g_hash_table_lookup (pool, label_id);
  if (interned == NULL)
    {
      char *copy = g_strdup (label_id);

      g_hash_table_add (pool, copy);
      interned = copy;
    }
  g_mutex_unlock (&pool_lock);
  return interned;
}
