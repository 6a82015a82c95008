/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "shu-error.h"
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

/* What a label holds, field by field, for a merge that goes field by
 * field: one side renaming a label and the other recolouring it is no
 * conflict. */
typedef struct
{
  const char *name;
  const char *color;
  const char *description;
  char        shortcut;
} Values;

static Values
values_of (ShuLabel *label)
{
  Values v = { shu_label_get_name (label), shu_label_get_color (label),
               shu_label_get_description (label), shu_label_get_shortcut (label) };

  return v;
}

/* Three-way on one field: the side that changed it wins; changed on both
 * sides differently (or, with no base, different) is a conflict, ours
 * kept for now. */
static const char *
merge_field (const char *b,
             const char *o,
             const char *t,
             gboolean    has_base,
             gboolean   *conflict)
{
  if (g_strcmp0 (o, t) == 0)
    return o;
  if (has_base && g_strcmp0 (o, b) == 0)
    return t;
  if (has_base && g_strcmp0 (t, b) == 0)
    return o;
  *conflict = TRUE;
  return o;
}

static char *
describe_values (const Values *v)
{
  GString *text = g_string_new (NULL);

  /* Translators: a label's name and colour (#rrggbb). */
  g_string_append_printf (text, _("“%s”, %s"), v->name, v->color);
  if (v->shortcut != 0)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, _("shortcut %c"), v->shortcut);
    }
  if (v->description != NULL)
    {
      g_string_append (text, ", ");
      g_string_append_printf (text, _("“%s”"), v->description);
    }
  return g_string_free (text, FALSE);
}

static void
note_label_conflict (Merge      *merge,
                     ShuLabel   *label,
                     const char *what)
{
  Values mine = values_of (label);
  Values other = values_of (shu_label_get_conflict (label));
  g_autofree char *kept = describe_values (&mine);
  g_autofree char *theirs = describe_values (&other);

  /* Translators: a label's id, why it is a conflict, then the two
   * versions' values. */
  note (merge, TRUE, _("label %s: %s; this file has %s, the other version %s: both kept, "
                       "marked as a conflict"), shu_label_get_id (label), what, kept, theirs);
}

/* The label with @b, @o, @t merged field by field; a conflict leaves ours'
 * value in place and @t whole in the label's conflict mark. */
static ShuLabel *
merge_label_values (Merge    *merge,
                    ShuLabel *b,
                    ShuLabel *o,
                    ShuLabel *t)
{
  Values vb = b != NULL ? values_of (b) : (Values) { 0 };
  Values vo = values_of (o), vt = values_of (t);

  /* A starter label named in another interface language ("Claim" here,
   * "טענה" there) is the same label, not a rename: ours' words stay. */
  if (shu_label_same_starter (o, t))
    {
      vt.name = vo.name;
      vt.description = vo.description;
    }
  if (b != NULL && shu_label_same_starter (o, b))
    {
      vb.name = vo.name;
      vb.description = vo.description;
    }
  char sb[2] = { vb.shortcut, 0 }, so[2] = { vo.shortcut, 0 }, st[2] = { vt.shortcut, 0 };
  gboolean conflict = FALSE;
  const char *name = merge_field (vb.name, vo.name, vt.name, b != NULL, &conflict);
  const char *color = merge_field (vb.color, vo.color, vt.color, b != NULL, &conflict);
  const char *description = merge_field (vb.description, vo.description, vt.description,
                                         b != NULL, &conflict);
  const char *shortcut = merge_field (*sb ? sb : NULL, *so ? so : NULL, *st ? st : NULL,
                                      b != NULL, &conflict);
  /* Declarations are not merged field by field: ours stand, and theirs
   * come in where ours declare nothing (a scheme one side imported). */
  ShuLabel *declaring = shu_label_get_attributes (o)->len == 0
                        && shu_label_get_relation_types (o)[0] == NULL
                        && shu_label_get_relation_decls (o)->len == 0
                        && shu_label_get_event_roles (o) == NULL ? t : o;
  g_autoptr(ShuLabel) merged = shu_label_edited (declaring, name, color, description,
                                                 shortcut != NULL ? shortcut[0] : 0);

  if (!conflict)
    {
      /* A mark left from an earlier merge and not touched since stays. */
      if (shu_label_get_conflict_kind (o) != SHU_LABEL_CONFLICT_NONE)
        return shu_label_with_conflict (merged, shu_label_get_conflict_kind (o),
                                        shu_label_get_conflict (o));
      if (shu_label_get_conflict_kind (t) != SHU_LABEL_CONFLICT_NONE
          && (b == NULL || shu_label_get_conflict_kind (b) == SHU_LABEL_CONFLICT_NONE))
        return shu_label_with_conflict (merged, shu_label_get_conflict_kind (t),
                                        shu_label_get_conflict (t));
      return g_steal_pointer (&merged);
    }

  {
    ShuLabel *marked = shu_label_with_conflict (merged, SHU_LABEL_CONFLICT_CHANGED, t);

    note_label_conflict (merge, marked, b != NULL ? _("changed differently on both sides")
                                                  : _("differs between the two files"));
    return marked;
  }
}

/* @changed (what the merge can hold: another name, no shortcut), marked
 * with @wanted as the other version, so that nothing of @wanted is lost.
 * When @wanted carries a mark already, that mark stays and the message
 * tells what @wanted was. */
static ShuLabel *
settle (Merge      *merge,
        ShuLabel   *changed,
        ShuLabel   *wanted,
        const char *what)
{
  ShuLabel *marked;

  if (shu_label_get_conflict_kind (wanted) == SHU_LABEL_CONFLICT_NONE)
    {
      marked = shu_label_with_conflict (changed, SHU_LABEL_CONFLICT_CHANGED, wanted);
      note_label_conflict (merge, marked, what);
      return marked;
    }

  marked = shu_label_with_conflict (changed, shu_label_get_conflict_kind (wanted),
                                    shu_label_get_conflict (wanted));
  {
    Values mine = values_of (wanted);
    g_autofree char *was = describe_values (&mine);

    note (merge, TRUE, _("label %s: %s; it was %s, and is marked as a conflict already"),
          shu_label_get_id (wanted), what, was);
  }
  return marked;
}

/* Adds @label to the merged set. A label of the same name but another id
 * (both sides made "Metaphor") becomes one label, ours, with theirs'
 * differing values in its conflict mark; a shortcut another label holds
 * already is left off, and kept in the mark. Nothing is chosen silently. */
static void
add_label (Merge    *merge,
           ShuLabel *label,
           gboolean  from_theirs)
{
  const char *name = shu_label_get_name (label);
  ShuLabel *same_name = shu_label_set_lookup_name (merge->labels, name);
  char shortcut = shu_label_get_shortcut (label);
  g_autoptr(ShuLabel) adding = g_object_ref (label);

  if (same_name != NULL && from_theirs)
    {
      gboolean same = g_str_equal (shu_label_get_color (same_name), shu_label_get_color (label))
                      && g_strcmp0 (shu_label_get_description (same_name),
                                    shu_label_get_description (label)) == 0
                      && shu_label_get_shortcut (same_name) == shortcut;

      /* Theirs' annotations move to the one label. */
      if (same || shu_label_get_conflict_kind (same_name) == SHU_LABEL_CONFLICT_NONE)
        g_hash_table_insert (merge->theirs_label, g_strdup (shu_label_get_id (label)),
                             g_strdup (shu_label_get_id (same_name)));
      if (same)
        {
          note (merge, FALSE, _("label “%s”: made on both sides the same; kept as one label"),
                name);
          return;
        }
      if (shu_label_get_conflict_kind (same_name) == SHU_LABEL_CONFLICT_NONE)
        {
          g_autoptr(ShuLabel) marked = shu_label_with_conflict (same_name,
                                                                SHU_LABEL_CONFLICT_CHANGED,
                                                                label);

          shu_label_set_replace (merge->labels, marked);
          note_label_conflict (merge, marked, _("made on both sides, differently"));
          return;
        }
      /* Already marked: theirs' values go into a label of their own
       * below rather than over the first mark. */
    }

  if (same_name != NULL)
    {
      /* The name came from a rename that another label's name now holds:
       * the label keeps its id under a name of its own, and the name it
       * wanted is in its mark. */
      g_autofree char *unique = NULL;
      g_autoptr(ShuLabel) renamed = NULL;

      for (guint n = 2; shu_label_set_lookup_name (merge->labels, unique != NULL ? unique : name)
                        != NULL; n++)
        {
          g_free (unique);
          unique = g_strdup_printf ("%s (%u)", name, n);
        }
      renamed = shu_label_new (shu_label_get_id (label), unique, shu_label_get_color (label),
                               shu_label_get_description (label), shortcut);

      g_clear_object (&adding);
      adding = settle (merge, renamed, label, _("its name is another label’s"));
    }

  if (shortcut != 0 && shu_label_set_lookup_shortcut (merge->labels, shortcut) != NULL)
    {
      g_autoptr(ShuLabel) wanted = g_steal_pointer (&adding);
      g_autoptr(ShuLabel) plain = shu_label_new (shu_label_get_id (wanted),
                                                 shu_label_get_name (wanted),
                                                 shu_label_get_color (wanted),
                                                 shu_label_get_description (wanted), 0);

      adding = settle (merge, plain, wanted, _("its shortcut is another label’s"));
    }
  shu_label_set_append (merge->labels, adding);
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
        ShuLabel *b = base != NULL ? shu_label_set_lookup (labels_of (base), id) : NULL;
        ShuLabel *o = shu_label_set_lookup (labels_of (ours), id);
        ShuLabel *t = shu_label_set_lookup (labels_of (theirs), id);
        g_autoptr(ShuLabel) keep = NULL;
        gboolean keep_is_theirs = FALSE;

        if (!g_hash_table_add (done, g_strdup (id)))
          continue;

        if (o != NULL && t != NULL)
          {
            if (labels_equal (o, t) || (b != NULL && labels_equal (t, b)))
              keep = g_object_ref (o);
            else if (b != NULL && labels_equal (o, b))
              keep = g_object_ref (t);
            else
              keep = merge_label_values (merge, b, o, t);
          }
        else if (b == NULL)
          {
            /* Added on one side. */
            keep = g_object_ref (o != NULL ? o : t);
            keep_is_theirs = o == NULL;
          }
        else
          {
            ShuLabel *other = o != NULL ? o : t;

            /* Deleted on one side: gone, unless the other side changed it. */
            if (!labels_equal (other, b))
              {
                keep = shu_label_with_conflict (other, SHU_LABEL_CONFLICT_DELETED, NULL);
                keep_is_theirs = o == NULL;
                note (merge, TRUE, o == NULL
                      ? _("label “%s”: deleted by ours, changed by theirs; kept, marked as a "
                          "conflict")
                      : _("label “%s”: deleted by theirs, changed by ours; kept, marked as a "
                          "conflict"), shu_label_get_name (other));
              }
          }

        if (keep != NULL && o != NULL && strcmp (shu_label_get_name (keep),
                                                 shu_label_get_name (o)) != 0)
          {
            ShuLabel *holder = shu_label_set_lookup_name (labels_of (ours),
                                                          shu_label_get_name (keep));

            /* Theirs renamed it to the name of another of our labels: it
             * keeps our name, and the one it was given is in its mark. */
            if (holder != NULL && holder != o)
              {
                g_autoptr(ShuLabel) wanted = g_steal_pointer (&keep);
                g_autoptr(ShuLabel) named = shu_label_new (id, shu_label_get_name (o),
                                                           shu_label_get_color (wanted),
                                                           shu_label_get_description (wanted),
                                                           shu_label_get_shortcut (wanted));

                keep = settle (merge, named, wanted, _("its new name is another label’s"));
              }
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

/* The same content: ranges, label, comments, attributes, references,
 * creator (dates aside). */
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
      || ca->len != cb->len
      || !shu_attributes_equal (shu_annotation_get_attributes (a),
                                shu_annotation_get_attributes (b))
      || !shu_references_equal (shu_annotation_get_references (a),
                                shu_annotation_get_references (b)))
    return FALSE;
  for (guint i = 0; i < ca->len; i++)
    if (!shu_comment_equal (g_ptr_array_index (ca, i), g_ptr_array_index (cb, i)))
      return FALSE;
  return TRUE;
}

/* ------------------------------------------- three-way merge by id */

/* What a merge by id decides for one id, from its version in the base,
 * ours and theirs (any may be missing). */
typedef enum
{
  KEEP_NONE,           /* deleted, and unchanged where it is left */
  KEEP_OURS,
  KEEP_THEIRS,
  KEEP_OURS_DELETED,   /* changed by ours, deleted by theirs: a conflict */
  KEEP_THEIRS_DELETED, /* changed by theirs, deleted by ours: a conflict */
  KEEP_BOTH,           /* changed differently on both sides: a conflict */
} Decision;

typedef const char *(*VersionIdFunc)    (gpointer    item);
typedef gboolean    (*VersionEqualFunc) (gpointer    a,
                                         gpointer    b);
/* Returns a new version (transfer full). */
typedef gpointer    (*VersionMarkFunc)  (gpointer    item,
                                         const char *text);
typedef char       *(*VersionNoteFunc)  (Decision    decision,
                                         const char *id,
                                         const char *new_id);

/* How annotations and relations are compared, marked and named, for the
 * one three-way decision that serves both (the model's own functions,
 * cast as GLib casts its callbacks). */
typedef struct
{
  VersionIdFunc    get_id;
  /* Everything the same: the version is unchanged since the base. */
  VersionEqualFunc equal;
  /* The same content (dates aside): both sides made the same change. */
  VersionEqualFunc same_content;
  VersionMarkFunc  with_conflict;
  VersionMarkFunc  with_id;
  /* The message of a conflict (a decision of the last three). */
  VersionNoteFunc  describe;
} Versioned;

static Decision
decide (const Versioned *kind,
        gpointer         b,
        gpointer         o,
        gpointer         t)
{
  if (b == NULL)
    {
      /* Added on one side, or on both: the same, or a conflict. */
      if (o != NULL && t != NULL && !kind->same_content (o, t))
        return KEEP_BOTH;
      return o != NULL ? KEEP_OURS : t != NULL ? KEEP_THEIRS : KEEP_NONE;
    }
  if (o == NULL && t == NULL)
    return KEEP_NONE;
  if (o == NULL)
    return kind->equal (t, b) ? KEEP_NONE : KEEP_THEIRS_DELETED;
  if (t == NULL)
    return kind->equal (o, b) ? KEEP_NONE : KEEP_OURS_DELETED;
  if (kind->equal (o, b))
    return KEEP_THEIRS;
  if (kind->equal (t, b) || kind->same_content (o, t))
    return KEEP_OURS;
  return KEEP_BOTH;
}

/* One id: what decide() says goes to @out, conflicts marked and noted. */
static void
merge_one (Merge           *merge,
           const Versioned *kind,
           gpointer         b,
           gpointer         o,
           gpointer         t,
           GPtrArray       *out)
{
  const char *id = kind->get_id (o != NULL ? o : t != NULL ? t : b);
  Decision decision = decide (kind, b, o, t);

  switch (decision)
    {
    case KEEP_NONE:
      break;
    case KEEP_OURS:
      g_ptr_array_add (out, g_object_ref (o));
      break;
    case KEEP_THEIRS:
      g_ptr_array_add (out, g_object_ref (t));
      break;
    case KEEP_OURS_DELETED:
    case KEEP_THEIRS_DELETED:
      {
        g_autofree char *message = kind->describe (decision, id, NULL);

        note (merge, TRUE, "%s", message);
      }
      g_ptr_array_add (out, kind->with_conflict (decision == KEEP_OURS_DELETED ? o : t,
                                                 SHU_MERGE_DELETED));
      break;
    case KEEP_BOTH:
      {
        g_autofree char *new_id = shu_new_urn_uuid ();
        g_autoptr(GObject) renamed = kind->with_id (t, new_id);
        g_autofree char *message = kind->describe (decision, id, new_id);

        note (merge, TRUE, "%s", message);
        g_ptr_array_add (out, kind->with_conflict (o, new_id));
        g_ptr_array_add (out, kind->with_conflict (renamed, id));
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* Every id of @ours, @theirs and @base once, in that order (so
 * deletions come last), decided by merge_one() into @out; @seen gets
 * the ids (copies). */
static void
merge_by_id (Merge           *merge,
             const Versioned *kind,
             GPtrArray       *base,
             GPtrArray       *ours,
             GPtrArray       *theirs,
             GHashTable      *seen,
             GPtrArray       *out)
{
  GPtrArray *lists[3] = { ours, theirs, base };
  GHashTable *by_id[3];

  for (guint l = 0; l < 3; l++)
    {
      by_id[l] = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < lists[l]->len; i++)
        g_hash_table_insert (by_id[l], (gpointer) kind->get_id (g_ptr_array_index (lists[l], i)),
                             g_ptr_array_index (lists[l], i));
    }
  for (guint l = 0; l < 3; l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const char *id = kind->get_id (g_ptr_array_index (lists[l], i));

        if (!g_hash_table_add (seen, g_strdup (id)))
          continue;
        merge_one (merge, kind, g_hash_table_lookup (by_id[2], id),
                   g_hash_table_lookup (by_id[0], id), g_hash_table_lookup (by_id[1], id), out);
      }
  for (guint l = 0; l < 3; l++)
    g_hash_table_unref (by_id[l]);
}

static char *
describe_annotation (Decision    decision,
                     const char *id,
                     const char *new_id)
{
  switch (decision)
    {
    case KEEP_THEIRS_DELETED:
      return g_strdup_printf (_("annotation %s: deleted by ours, changed by theirs; the changed "
                                "version is kept, marked as a conflict"), id);
    case KEEP_OURS_DELETED:
      return g_strdup_printf (_("annotation %s: deleted by theirs, changed by ours; the changed "
                                "version is kept, marked as a conflict"), id);
    case KEEP_BOTH:
      return g_strdup_printf (_("annotation %s: changed differently on both sides; theirs kept "
                                "as %s, both marked as a conflict"), id, new_id);
    default:
      g_assert_not_reached ();
    }
}

static const Versioned annotation_versions = {
  (VersionIdFunc) shu_annotation_get_id, (VersionEqualFunc) shu_annotation_equal,
  (VersionEqualFunc) same_content, (VersionMarkFunc) shu_annotation_with_conflict,
  (VersionMarkFunc) shu_annotation_with_id, describe_annotation,
};

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
      note (merge, FALSE, _("label “%s”: deleted on one side but still used; kept"),
            shu_label_get_name (label));
      add_label (merge, label, FALSE);
    }
}

/* Suggestions rejected on either side stay rejected: a rejection is a
 * decision about the text, which both sides share. */
static void
copy_rejected (ShuDocument *to,
               ShuDocument *from,
               GHashTable  *label_map)
{
  GArray *rejected = shu_document_get_rejected (from);
  g_autoptr(GArray) copied = g_array_sized_new (FALSE, FALSE, sizeof (ShuSuggestion),
                                                rejected->len);

  for (guint i = 0; i < rejected->len; i++)
    {
      ShuSuggestion r = g_array_index (rejected, ShuSuggestion, i);
      const char *mapped = label_map != NULL ? g_hash_table_lookup (label_map, r.label_id)
                                             : NULL;

      if (mapped != NULL)
        r.label_id = mapped;
      g_array_append_val (copied, r);
    }
  shu_document_restore_rejections (to, (const ShuSuggestion *) (gpointer) copied->data,
                                   copied->len);
}

/* Each annotator's status: the later one said, whichever side it is on
 * (docs/MERGE.md); a side that did not change it has the base's date. */
static void
copy_statuses (ShuDocument *to,
               ShuDocument *from)
{
  GPtrArray *statuses = shu_document_get_statuses (from);

  for (guint i = 0; i < statuses->len; i++)
    {
      const ShuStatusRecord *record = g_ptr_array_index (statuses, i);

      shu_document_restore_status (to, record->annotator, record->status, record->modified);
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

/* ------------------------------------------------------- relations */

/* Theirs kept under a new id; its ends stay the same annotations. */
static gpointer
relation_with_id (gpointer    item,
                  const char *id)
{
  return shu_relation_renamed (item, id, NULL);
}

static char *
describe_relation (Decision    decision,
                   const char *id,
                   const char *new_id)
{
  switch (decision)
    {
    case KEEP_THEIRS_DELETED:
      return g_strdup_printf (_("relation %s: deleted by ours, changed by theirs; the changed "
                                "version is kept, marked as a conflict"), id);
    case KEEP_OURS_DELETED:
      return g_strdup_printf (_("relation %s: deleted by theirs, changed by ours; the changed "
                                "version is kept, marked as a conflict"), id);
    case KEEP_BOTH:
      return g_strdup_printf (_("relation %s: changed differently on both sides; theirs kept as "
                                "%s, both marked as a conflict"), id, new_id);
    default:
      g_assert_not_reached ();
    }
}

static const Versioned relation_versions = {
  (VersionIdFunc) shu_relation_get_id, (VersionEqualFunc) shu_relation_equal,
  (VersionEqualFunc) shu_relation_same_content, (VersionMarkFunc) shu_relation_with_conflict,
  relation_with_id, describe_relation,
};

static GPtrArray *
relations_of (ShuDocument *document)
{
  if (document == NULL)
    return g_ptr_array_new_with_free_func (g_object_unref);
  return shu_annotation_store_dup_relations (shu_document_get_store (document));
}

/* Relations merge by id like annotations. Two links of different ids
 * between the same two annotations (two annotators who linked the same
 * pair) are one link when their types agree, and a conflict when not.
 * A relation whose end the merge deleted goes with it. @ends holds the
 * ids of the merged annotations and orphans. */
static GPtrArray *
merge_relations (Merge       *merge,
                 ShuDocument *base,
                 ShuDocument *ours,
                 ShuDocument *theirs,
                 GHashTable  *ends)
{
  g_autoptr(GPtrArray) rb = relations_of (base);
  g_autoptr(GPtrArray) ro = relations_of (ours);
  g_autoptr(GPtrArray) rt = relations_of (theirs);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) pairs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) merged = g_ptr_array_new_with_free_func (g_object_unref);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  merge_by_id (merge, &relation_versions, rb, ro, rt, seen, merged);

  for (guint i = 0; i < merged->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (merged, i);
      ShuRelation *same_pair;
      g_autofree char *pair = NULL;

      if (shu_relation_get_kind (relation) != SHU_RELATION_LINK
          || shu_relation_get_conflict (relation) != NULL)
        {
          g_ptr_array_add (out, g_object_ref (relation));
          continue;
        }
      pair = g_strconcat (shu_relation_get_target (relation, 0), " ",
                          shu_relation_get_target (relation, 1), NULL);
      same_pair = g_hash_table_lookup (pairs, pair);
      if (same_pair == NULL)
        {
          g_hash_table_insert (pairs, g_steal_pointer (&pair), relation);
          g_ptr_array_add (out, g_object_ref (relation));
        }
      else if (strcmp (shu_relation_get_type_name (same_pair),
                       shu_relation_get_type_name (relation)) == 0)
        note (merge, FALSE, _("relation %s: the same link as %s; kept once"),
              shu_relation_get_id (relation), shu_relation_get_id (same_pair));
      else
        {
          guint at;

          note (merge, TRUE, _("relations %s and %s link the same annotations with different "
                               "types (“%s” and “%s”); both kept, marked as a conflict"),
                shu_relation_get_id (same_pair), shu_relation_get_id (relation),
                shu_relation_get_type_name (same_pair), shu_relation_get_type_name (relation));
          g_assert_true (g_ptr_array_find (out, same_pair, &at));
          g_ptr_array_index (out, at) = shu_relation_with_conflict (same_pair,
                                                                    shu_relation_get_id
                                                                      (relation));
          g_ptr_array_add (out, shu_relation_with_conflict (relation,
                                                            shu_relation_get_id (same_pair)));
          /* A third link of the pair is compared with the marked one. */
          g_hash_table_insert (pairs, g_steal_pointer (&pair), g_ptr_array_index (out, at));
          g_object_unref (same_pair);
        }
    }

  /* What names a deleted annotation (or a relation that went) goes. */
  for (gboolean removed = TRUE; removed;)
    {
      g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);

      removed = FALSE;
      for (guint i = 0; i < out->len; i++)
        g_hash_table_add (ids, (gpointer) shu_relation_get_id (g_ptr_array_index (out, i)));
      for (guint i = 0; i < out->len; i++)
        {
          ShuRelation *relation = g_ptr_array_index (out, i);
          const char *trigger = shu_relation_get_trigger (relation);
          gboolean whole = trigger == NULL || g_hash_table_contains (ends, trigger);

          for (guint a = 0; whole && a < shu_relation_get_n_arguments (relation); a++)
            {
              const char *end = shu_relation_get_target (relation, a);

              whole = g_hash_table_contains (ends, end) || g_hash_table_contains (ids, end);
            }
          if (whole)
            continue;
          note (merge, FALSE, _("relation %s: an annotation it links was deleted; removed"),
                shu_relation_get_id (relation));
          g_ptr_array_remove_index (out, i--);
          removed = TRUE;
          break;
        }
    }
  return out;
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
  g_autoptr(GHashTable) present = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(ShuLabelSet) labels = shu_label_set_new ();
  Merge merge = { 0 };
  ShuDocument *document;

  g_return_val_if_fail (base == NULL || SHU_IS_DOCUMENT (base), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (ours), NULL);
  g_return_val_if_fail (SHU_IS_DOCUMENT (theirs), NULL);

  merge.messages = g_ptr_array_new_with_free_func (g_free);
  merge.labels = labels;
  merge.theirs_label = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  merge_labels (&merge, base, ours, theirs);

  all_b = base != NULL ? shu_formats_sorted_annotations (base)
                       : g_ptr_array_new_with_free_func (g_object_unref);
  all_o = shu_formats_sorted_annotations (ours);
  all_t = shu_formats_sorted_annotations (theirs);
  for (guint i = 0; i < all_t->len; i++)
    g_ptr_array_add (mapped_t, theirs_mapped (&merge, g_ptr_array_index (all_t, i)));
  /* Every id once: ours, then theirs, then the base's (deletions). */
  merge_by_id (&merge, &annotation_versions, all_b, all_o, mapped_t, present, out);

  restore_used_labels (&merge, out, ours, theirs);

  document = shu_formats_build_document (shu_document_get_source (ours), labels, out);
  {
    g_autoptr(GHashTable) ends = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GPtrArray) relations = NULL;
    GPtrArray *sides[2] = { shu_document_get_orphans (ours), shu_document_get_orphans (theirs) };

    for (guint i = 0; i < out->len; i++)
      g_hash_table_add (ends, (gpointer) shu_annotation_get_id (g_ptr_array_index (out, i)));
    for (guint s = 0; s < 2; s++)
      for (guint i = 0; i < sides[s]->len; i++)
        g_hash_table_add (ends, ((ShuAnchorResult *) g_ptr_array_index (sides[s], i))->id);
    relations = merge_relations (&merge, base, ours, theirs, ends);
    if (relations->len > 0)
      shu_annotation_store_reset_full (shu_document_get_store (document), out, relations, NULL);
  }
  shu_document_set_source_name (document, shu_document_get_source_name (ours));
  shu_document_restore_metadata (document, shu_document_get_id (ours),
                                 shu_document_get_title (ours),
                                 shu_document_get_language (ours),
                                 shu_document_get_text_direction (ours),
                                 shu_document_get_created (ours), NULL);
  copy_orphans (document, ours, present);
  copy_orphans (document, theirs, present);
  copy_rejected (document, ours, NULL);
  copy_rejected (document, theirs, merge.theirs_label);
  copy_statuses (document, ours);
  copy_statuses (document, theirs);

  if (n_conflicts != NULL)
    *n_conflicts = merge.n_conflicts;
  if (messages != NULL)
    *messages = g_steal_pointer (&merge.messages);
  g_clear_pointer (&merge.messages, g_ptr_array_unref);
  g_hash_table_unref (merge.theirs_label);
  return document;
}

gboolean
shu_merge_resolve_label (ShuAnnotationStore  *store,
                         const char          *label_id,
                         gboolean             keep_other,
                         char               **message,
                         GError             **error)
{
  ShuLabelSet *labels;
  ShuLabel *label;
  ShuLabel *other;
  ShuLabel *named;
  ShuLabel *holder;
  g_autoptr(ShuLabel) kept = NULL;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (store), FALSE);
  g_return_val_if_fail (label_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (message != NULL)
    *message = NULL;
  labels = shu_annotation_store_get_labels (store);
  label = shu_label_set_lookup (labels, label_id);
  if (label == NULL || shu_label_get_conflict_kind (label) == SHU_LABEL_CONFLICT_NONE)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_NOT_FOUND,
                   _("The label has no conflict to resolve"));
      return FALSE;
    }

  if (shu_label_get_conflict_kind (label) == SHU_LABEL_CONFLICT_DELETED || !keep_other)
    {
      gboolean done;

      /* Named as a resolution in the Undo menu, whatever it takes. The
       * other side deleted it: keeping "theirs" deletes it here too (its
       * annotations stay, unlabelled, as any label deletion does). */
      shu_annotation_store_begin_group (store, _("Resolve Label Conflict"));
      kept = shu_label_with_conflict (label, SHU_LABEL_CONFLICT_NONE, NULL);
      done = keep_other ? shu_annotation_store_remove_label (store, label_id)
                        : shu_annotation_store_replace_label (store, kept);
      shu_annotation_store_end_group (store);
      return done;
    }

  other = shu_label_get_conflict (label);

  named = shu_label_set_lookup_name (labels, shu_label_get_name (other));
  if (named != NULL && named != label)
    {
      g_set_error (error, SHU_ERROR, SHU_ERROR_INVALID,
                   _("Another label is already named “%s”; rename it first"),
                   shu_label_get_name (other));
      return FALSE;
    }

  kept = shu_label_new (label_id, shu_label_get_name (other), shu_label_get_color (other),
                        shu_label_get_description (other), shu_label_get_shortcut (other));
  holder = shu_label_get_shortcut (other) != 0
           ? shu_label_set_lookup_shortcut (labels, shu_label_get_shortcut (other)) : NULL;
  shu_annotation_store_begin_group (store, _("Resolve Label Conflict"));
  if (holder != NULL && holder != label)
    {
      /* Shortcuts are unique: the kept version takes it from the label
       * that has it now, and says so. */
      g_autoptr(ShuLabel) without = shu_label_new (shu_label_get_id (holder),
                                                   shu_label_get_name (holder),
                                                   shu_label_get_color (holder),
                                                   shu_label_get_description (holder), 0);
      g_autoptr(ShuLabel) marked = shu_label_with_conflict (without,
                                                            shu_label_get_conflict_kind (holder),
                                                            shu_label_get_conflict (holder));

      shu_annotation_store_replace_label (store, marked);
      if (message != NULL)
        /* Translators: %c is a digit; the %s are label names. */
        *message = g_strdup_printf (_("Shortcut %c moved from “%s” to “%s”"),
                                    shu_label_get_shortcut (other), shu_label_get_name (holder),
                                    shu_label_get_name (kept));
    }
  shu_annotation_store_replace_label (store, kept);
  shu_annotation_store_end_group (store);
  return TRUE;
}
