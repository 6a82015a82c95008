/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-formats-private.h"
#include "shu-merge.h"

typedef struct
{
  GPtrArray  *messages;
  guint       n_conflicts;
  ShuLabelSet *labels;       /* the merged set */
  GHashTable *theirs_label;  /* their label id -> merged label id */
} Merge;

static void G_GNUC_PRINTF (3, 4)
note (Merge      *merge,
      gboolean    conflict,
      const char *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (merge->messages, g_strdup_vprintf (format, args));
  va_end (args);
  if (conflict)
    merge->n_conflicts++;
}

static ShuLabelSet *
labels_of (ShuDocument *document)
{
  return shu_annotation_store_get_labels (shu_document_get_store (document));
}

static gboolean
labels_equal (ShuLabel *a,
              ShuLabel *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return shu_label_equal (a, b);
}

static void
add_label (Merge    *merge,
           ShuLabel *label,
           gboolean  from_theirs)
{
  ShuLabel *same_name = shu_label_set_lookup_name (merge->labels, shu_label_get_name (label));

  if (same_name != NULL)
    {
      /* Both sides made a label of that name: one label, ours. */
      if (from_theirs)
        g_hash_table_insert (merge->theirs_label, g_strdup (shu_label_get_id (label)),
                             g_strdup (shu_label_get_id (same_name)));
      note (merge, FALSE, "label “%s”: made on both sides; kept as one label",
            shu_label_get_name (label));
      return;
    }
  if (shu_label_get_shortcut (label) != 0
      && shu_label_set_lookup_shortcut (merge->labels, shu_label_get_shortcut (label)) != NULL)
    {
      g_autoptr(ShuLabel) plain = shu_label_new (shu_label_get_id (label),
                                                 shu_label_get_name (label),
                                                 shu_label_get_color (label),
                                                 shu_label_get_description (label), 0);

      shu_label_set_append (merge->labels, plain);
      return;
    }
  shu_label_set_append (merge->labels, label);
}

static void
merge_labels (Merge       *merge,
              ShuDocument *base,
              ShuDocument *ours,
              ShuDocument *theirs)
{
  ShuLabelSet *sets[2] = { labels_of (ours), labels_of (theirs) };
  g_autoptr(GHashTable) done = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint s = 0; s < 2; s++)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (sets[s])); i++)
      {
        g_autoptr(ShuLabel) item = g_list_model_get_item (G_LIST_MODEL (sets[s]), i);
        const char *id = shu_label_get_id (item);
        ShuLabel *b = shu_label_set_lookup (labels_of (base), id);
        ShuLabel *o = shu_label_set_lookup (labels_of (ours), id);
        ShuLabel *t = shu_label_set_lookup (labels_of (theirs), id);
        ShuLabel *keep = NULL;
        gboolean keep_is_theirs = FALSE;

        if (!g_hash_table_add (done, g_strdup (id)))
          continue;

        if (b == NULL)
          {
            keep = o != NULL ? o : t;
            keep_is_theirs = o == NULL;
            if (o != NULL && t != NULL && !labels_equal (o, t))
              note (merge, TRUE, "label “%s”: added on both sides with the same id and "
                    "differently (theirs: “%s”); ours kept", shu_label_get_name (o),
                    shu_label_get_name (t));
          }
        else if (o == NULL || t == NULL)
          {
            ShuLabel *other = o != NULL ? o : t;

            /* Deleted on one side: gone, unless the other side changed it. */
            if (other != NULL && !labels_equal (other, b))
              {
                keep = other;
                keep_is_theirs = o == NULL;
                note (merge, TRUE, "label “%s”: deleted by %s, changed by %s; kept",
                      shu_label_get_name (other), o == NULL ? "ours" : "theirs",
                      o == NULL ? "theirs" : "ours");
              }
          }
        else if (labels_equal (o, b))
          keep = t, keep_is_theirs = TRUE;
        else if (labels_equal (t, b) || labels_equal (o, t))
          keep = o;
        else
          {
            keep = o;
            if (g_strcmp0 (shu_label_get_name (o), shu_label_get_name (t)) != 0)
              note (merge, TRUE, "label “%s”: renamed on both sides (ours “%s”, theirs “%s”); "
                    "ours kept", shu_label_get_name (b), shu_label_get_name (o),
                    shu_label_get_name (t));
            else
              note (merge, TRUE, "label “%s”: changed on both sides; ours kept",
                    shu_label_get_name (o));
          }

        if (keep != NULL)
          add_label (merge, keep, keep_is_theirs);
      }
}

/* Their annotation with its label id mapped into the merged set. */
static ShuAnnotation *
theirs_mapped (Merge         *merge,
               ShuAnnotation *annotation)
{
  const char *label_id = shu_annotation_get_label_id (annotation);
  const char *mapped = label_id != NULL ? g_hash_table_lookup (merge->theirs_label, label_id)
                                        : NULL;

  if (mapped == NULL)
    return g_object_ref (annotation);
  return shu_annotation_with_label (annotation, mapped, shu_annotation_get_modified (annotation));
}

/* The same content: ranges, label, comments, creator (dates aside). */
static gboolean
same_content (ShuAnnotation *a,
              ShuAnnotation *b)
{
  GPtrArray *ca = shu_annotation_get_comments (a);
  GPtrArray *cb = shu_annotation_get_comments (b);
  guint n = shu_annotation_get_n_ranges (a);

  if (n != shu_annotation_get_n_ranges (b)
      || memcmp (shu_annotation_get_ranges (a), shu_annotation_get_ranges (b),
                 n * sizeof (ShuRange)) != 0
      || g_strcmp0 (shu_annotation_get_label_id (a), shu_annotation_get_label_id (b)) != 0
      || g_strcmp0 (shu_annotation_get_creator (a), shu_annotation_get_creator (b)) != 0
      || ca->len != cb->len)
    return FALSE;
  for (guint i = 0; i < ca->len; i++)
    if (!shu_comment_equal (g_ptr_array_index (ca, i), g_ptr_array_index (cb, i)))
      return FALSE;
  return TRUE;
}

static gboolean
unchanged (ShuAnnotation *version,
           ShuAnnotation *base)
{
  return shu_annotation_equal (version, base);
}

static void
merge_one (Merge         *merge,
           ShuAnnotation *b,
           ShuAnnotation *o,
           ShuAnnotation *t,
           GPtrArray     *out)
{
  const char *id = shu_annotation_get_id (o != NULL ? o : t != NULL ? t : b);

  if (b == NULL)
    {
      if (o != NULL && t != NULL && !same_content (o, t))
        goto conflict;
      g_ptr_array_add (out, g_object_ref (o != NULL ? o : t));
      return;
    }

  if (o == NULL && t == NULL)
    return;
  if (o == NULL || t == NULL)
    {
      ShuAnnotation *other = o != NULL ? o : t;

      if (unchanged (other, b))
        return;
      note (merge, TRUE, "annotation %s: deleted by %s, changed by %s; the changed version is "
            "kept, marked as a conflict", id, o == NULL ? "ours" : "theirs",
            o == NULL ? "theirs" : "ours");
      g_ptr_array_add (out, shu_annotation_with_conflict (other, SHU_MERGE_DELETED));
      return;
    }

  if (unchanged (o, b))
    g_ptr_array_add (out, g_object_ref (t));
  else if (unchanged (t, b) || same_content (o, t))
    g_ptr_array_add (out, g_object_ref (o));
  else
    goto conflict;
  return;

conflict:
  {
    g_autofree char *new_id = shu_new_urn_uuid ();
    g_autoptr(ShuAnnotation) renamed = shu_annotation_with_id (t, new_id);

    note (merge, TRUE, "annotation %s: changed differently on both sides; theirs kept as %s, "
          "both marked as a conflict", id, new_id);
    g_ptr_array_add (out, shu_annotation_with_conflict (o, new_id));
    g_ptr_array_add (out, shu_annotation_with_conflict (renamed, id));
  }
}

static GHashTable *
index_by_id (GPtrArray *annotations)
{
  GHashTable *table = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);

      g_hash_table_insert (table, (gpointer) shu_annotation_get_id (annotation), annotation);
    }
  return table;
}

/* A label the merged annotations use but the merged set lost (one side
 * deleted it while the other labelled new annotations with it). */
static void
restore_used_labels (Merge       *merge,
                     GPtrArray   *annotations,
                     ShuDocument *ours,
                     ShuDocument *theirs)
{
  for (guint i = 0; i < annotations->len; i++)
    {
      ShuAnnotation *annotation = g_ptr_array_index (annotations, i);
      const char *id = shu_annotation_get_label_id (annotation);
      ShuLabel *label;

      if (id == NULL || shu_label_set_lookup (merge->labels, id) != NULL)
        continue;
      label = shu_label_set_lookup (labels_of (ours), id);
      if (label == NULL)
        label = shu_label_set_lookup (labels_of (theirs), id);
      if (label == NULL)
        continue;
      note (merge, FALSE, "label “%s”: deleted on one side but still used; kept",
            shu_label_get_name (label));
      add_label (merge, label, FALSE);
    }
}

static void
copy_orphans (ShuDocument *to,
              ShuDocument *from,
              GHashTable  *present)
{
  GPtrArray *orphans = shu_document_get_orphans (from);

  for (guint i = 0; i < orphans->len; i++)
    {
      const ShuAnchorResult *result = g_ptr_array_index (orphans, i);
      ShuAnnotation *annotation = shu_document_get_orphan_annotation (from, i);
      guint n = shu_annotation_get_n_ranges (annotation);
      g_autoptr(GStrvBuilder) builder = NULL;
      g_auto(GStrv) quotes = NULL;

      if (!g_hash_table_add (present, g_strdup (result->id)))
        continue;
      builder = g_strv_builder_new ();
      for (guint r = 0; r < n; r++)
        {
          const char *prefix, *exact, *suffix;

          shu_document_get_orphan_quote (from, i, r, &prefix, &exact, &suffix);
          g_strv_builder_add_many (builder, prefix, exact, suffix, NULL);
        }
      quotes = g_strv_builder_end (builder);
      shu_document_add_orphan (to, annotation, (const char * const *) quotes, result);
    }
}

ShuDocument *
shu_merge (ShuDocument  *base,
           ShuDocument  *ours,
           ShuDocument  *theirs,
           GPtrArray   **messages,
           guint        *n_conflicts)
{
  g_autoptr(GPtrArray) all_b = NULL;
  g_autoptr(GPtrArray) all_o = NULL;
  g_autoptr(GPtrArray) all_t = NULL;
  g_autoptr(GPtrArray) mapped_t = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_b = NULL;
  g_autoptr(GHashTable) by_o = NULL;
  g_autoptr(GHashTable) by_t = NULL;
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  Merge merge = { 0 };
  ShuDocument *document;

  g_return_val_if_fail (SHU_IS_DOCUMENT (base), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (ours), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);

  merge.messages = g_ptr_array_new_with_free_func (g_free);
  merge.labels = labels;
  merge.theirs_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  merge_labels (&merge, base, ours, theirs);

  all_b = shu_formats_sorted_annotations (base);
  all_o = shu_formats_sorted_annotations (ours);
  all_t = shu_formats_sorted_annotations (theirs);
  for (guint i = 0; i < all_t->len; i++)
    g_ptr_array_add (mapped_t, theirs_mapped (&merge, g_ptr_array_index (all_t, i)));
  by_b = index_by_id (all_b);
  by_o = index_by_id (all_o);
  by_t = index_by_id (mapped_t);

  /* Every id once: ours, then theirs, then the base's (deletions). */
  {
    GPtrArray *lists[3] = { all_o, mapped_t, all_b };

    for (guint l = 0; l < 3; l++)
      for (guint i = 0; i < lists[l]->len; i++)
        {
          const char *id = shu_annotation_get_id (g_ptr_array_index (lists[l], i));

          if (!g_hash_table_add (present, g_strdup (id)))
            continue;
          merge_one (&merge, g_hash_table_lookup (by_b, id), g_hash_table_lookup (by_o, id),
                     g_hash_table_lookup (by_t, id), out);
        }
  }

  restore_used_labels (&merge, out, ours, theirs);

  document = shu_formats_build_document (shu_document_get_source (ours), labels, out);
  shu_document_set_source_name (document, shu_document_get_source_name (ours));
  shu_document_restore_metadata (document, shu_document_get_id (ours),
                                 shu_document_get_title (ours),
                                 shu_document_get_language (ours),
                                 shu_document_get_text_direction (ours),
                                 shu_document_get_created (ours), NULL);
  copy_orphans (document, ours, present);
  copy_orphans (document, theirs, present);

  if (n_conflicts != NULL)
    *n_conflicts = merge.n_conflicts;
  if (messages != NULL)
    *messages = g_steal_pointer (&merge.messages);
  g_clear_pointer (&merge.messages, g_ptr_array_unref);
  g_hash_table_unref (merge.theirs_label);
  return document;
}
