/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "shu-brat-config.h"
#include "shu-color.h"

struct _ShuBratConfig
{
  GPtrArray  *span_types;      /* char*, NULL-terminated */
  GPtrArray  *relation_types;  /* char*, NULL-terminated */
  GHashTable *relation_roles;  /* type -> GStrv */
  GPtrArray  *attributes;      /* char*, NULL-terminated */
  GHashTable *attribute_values; /* name -> GStrv (absent: binary) */
  GHashTable *colors;          /* type -> "#rrggbb" */
  /* What the declarations apply to, as annotation.conf writes it: type
   * names, macros ("<POG>") and "<ENTITY>", "<EVENT>", "<ANY>". */
  GHashTable *attribute_targets; /* name -> GStrv */
  GHashTable *relation_from;   /* type -> GStrv: its first argument's types */
  GHashTable *macros;          /* "<POG>" -> GStrv */
  GHashTable *event_types;     /* set */
};

static GPtrArray *
terminated_list (void)
{
  return g_ptr_array_new_null_terminated (0, g_free, TRUE);
}

void
shu_brat_config_free (ShuBratConfig *config)
{
  if (config == NULL)
    return;
  g_ptr_array_unref (config->span_types);
  g_ptr_array_unref (config->relation_types);
  g_hash_table_unref (config->relation_roles);
  g_ptr_array_unref (config->attributes);
  g_hash_table_unref (config->attribute_values);
  g_hash_table_unref (config->colors);
  g_hash_table_unref (config->attribute_targets);
  g_hash_table_unref (config->relation_from);
  g_hash_table_unref (config->macros);
  g_hash_table_unref (config->event_types);
  g_free (config);
}

/* "Giver-Arg?:<POG>" -> "Giver-Arg": brat's repetition marks go. */
static char *
role_of (const char *argument)
{
  const char *colon = strchr (argument, ':');
  gsize length = colon != NULL ? (gsize) (colon - argument) : strlen (argument);
  g_autofree char *role = g_strstrip (g_strndup (argument, length));
  char *mark = strpbrk (role, "?*+{");

  if (mark != NULL)
    *mark = '\0';
  return g_steal_pointer (&role);
}

/* "Person|GPE" -> { "Person", "GPE" }. */
static GStrv
types_of (const char *alternatives)
{
  GStrv types = g_strsplit (alternatives, "|", -1);

  for (guint i = 0; types[i] != NULL; i++)
    g_strstrip (types[i]);
  return types;
}

static void
parse_relation (ShuBratConfig *config,
                char          *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", 2);
  g_auto(GStrv) arguments = NULL;
  g_autoptr(GStrvBuilder) roles = g_strv_builder_new ();

  if (words[0] == NULL || words[1] == NULL || words[0][0] == '<')
    return;
  arguments = g_strsplit (words[1], ",", -1);
  if (arguments[0] != NULL && strchr (arguments[0], ':') != NULL)
    g_hash_table_insert (config->relation_from, g_strdup (words[0]),
                         types_of (strchr (arguments[0], ':') + 1));
  for (guint i = 0; arguments[i] != NULL; i++)
    {
      g_autofree char *role = role_of (arguments[i]);

      /* "<REL-TYPE>:symmetric-transitive" is a property, not a role. */
      if (*role != '\0' && role[0] != '<')
        g_strv_builder_add (roles, role);
    }
  g_ptr_array_add (config->relation_types, g_strdup (words[0]));
  g_hash_table_insert (config->relation_roles, g_strdup (words[0]),
                       g_strv_builder_end (roles));
}

static void
parse_attribute (ShuBratConfig *config,
                 char          *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", 2);
  g_auto(GStrv) keys = NULL;

  if (words[0] == NULL || *words[0] == '\0')
    return;
  g_ptr_array_add (config->attributes, g_strdup (words[0]));
  if (words[1] == NULL)
    return;
  keys = g_strsplit (words[1], ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      char *key = g_strstrip (keys[i]);

      if (g_str_has_prefix (key, "Value:"))
        g_hash_table_insert (config->attribute_values, g_strdup (words[0]),
                             g_strsplit (key + strlen ("Value:"), "|", -1));
      else if (g_str_has_prefix (key, "Arg:"))
        g_hash_table_insert (config->attribute_targets, g_strdup (words[0]),
                             types_of (key + strlen ("Arg:")));
    }
}

/* "Person\tbgColor:#FF821C, fgColor:white" in visual.conf's [drawing]. */
static void
parse_drawing (ShuBratConfig *config,
               char          *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, " \t", 2);
  g_auto(GStrv) keys = NULL;

  if (words[0] == NULL || words[1] == NULL)
    return;
  keys = g_strsplit (words[1], ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      char *key = g_strstrip (keys[i]);
      ShuRgb rgb;

      /* Only colours a label can hold ("#rrggbb", "#rgb"); brat's named
       * colours ("lightgreen") are left to the label set's own. */
      if (g_str_has_prefix (key, "bgColor:")
          && shu_rgb_parse (key + strlen ("bgColor:"), &rgb))
        g_hash_table_insert (config->colors, g_strdup (words[0]),
                             g_strdup_printf ("#%02x%02x%02x", (guint) (rgb.red * 255 + 0.5),
                                              (guint) (rgb.green * 255 + 0.5),
                                              (guint) (rgb.blue * 255 + 0.5)));
    }
}

ShuBratConfig *
shu_brat_config_parse (const char *annotation_conf,
                       const char *visual_conf)
{
  ShuBratConfig *config = g_new0 (ShuBratConfig, 1);
  const char *texts[2] = { annotation_conf, visual_conf };

  g_return_val_if_fail (annotation_conf != NULL, NULL);

  config->span_types = terminated_list ();
  config->relation_types = terminated_list ();
  config->attributes = terminated_list ();
  config->relation_roles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                  (GDestroyNotify) g_strfreev);
  config->attribute_values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                    (GDestroyNotify) g_strfreev);
  config->colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  config->attribute_targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                     (GDestroyNotify) g_strfreev);
  config->relation_from = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_strfreev);
  config->macros = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_strfreev);
  config->event_types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint t = 0; t < 2; t++)
    {
      g_auto(GStrv) lines = NULL;
      g_autofree char *section = NULL;

      if (texts[t] == NULL)
        continue;
      lines = g_strsplit (texts[t], "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = lines[i];

          if (line[0] == '#')
            continue;
          g_strchomp (line);
          /* Indentation only shows brat's type hierarchy. */
          while (*line == ' ' || *line == '\t')
            line++;
          if (*line == '\0')
            continue;
          if (*line == '[')
            {
              g_free (section);
              section = g_strdup (line);
              continue;
            }
          if (section == NULL)
            continue;
          /* "<POG>=Person|Organization|GPE" names types for the lines below. */
          if (t == 0 && line[0] == '<' && strchr (line, '=') != NULL)
            {
              g_auto(GStrv) parts = g_strsplit (line, "=", 2);

              g_hash_table_insert (config->macros, g_strdup (g_strstrip (parts[0])),
                                   types_of (parts[1]));
              continue;
            }
          if (t == 0 && (strcmp (section, "[entities]") == 0
                         || strcmp (section, "[events]") == 0))
            {
              g_auto(GStrv) words = g_strsplit_set (line, " \t", 2);

              /* "!Life" groups types; "<POG>=..." is a macro. */
              if (words[0][0] != '!' && words[0][0] != '<' && strchr (words[0], '=') == NULL)
                {
                  g_ptr_array_add (config->span_types, g_strdup (words[0]));
                  if (strcmp (section, "[events]") == 0)
                    g_hash_table_add (config->event_types, g_strdup (words[0]));
                }
            }
          else if (t == 0 && strcmp (section, "[relations]") == 0)
            parse_relation (config, line);
          else if (t == 0 && strcmp (section, "[attributes]") == 0)
            parse_attribute (config, line);
          else if (t == 1 && strcmp (section, "[drawing]") == 0)
            parse_drawing (config, line);
        }
    }
  return config;
}

/* The contents of @name in @folder, or NULL when there is no such file. */
static char *
read_beside (GFile         *folder,
             const char    *name,
             GCancellable  *cancellable,
             GError       **error)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GError) local = NULL;
  char *contents = NULL;

  if (!g_file_load_contents (file, cancellable, &contents, NULL, NULL, &local))
    {
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (!g_utf8_validate (contents, -1, NULL))
    {
      g_autofree char *path = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: invalid UTF-8", path);
      g_free (contents);
      return NULL;
    }
  return contents;
}

ShuBratConfig *
shu_brat_config_find (GFile         *ann_file,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(GFile) folder = NULL;

  g_return_val_if_fail (G_IS_FILE (ann_file), NULL);

  folder = g_file_get_parent (ann_file);
  while (folder != NULL)
    {
      g_autofree char *annotation = NULL;
      g_autofree char *visual = NULL;
      GError *local = NULL;
      GFile *parent;

      annotation = read_beside (folder, "annotation.conf", cancellable, &local);
      if (local != NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      if (annotation != NULL)
        {
          visual = read_beside (folder, "visual.conf", cancellable, &local);
          if (local != NULL)
            {
              g_propagate_error (error, local);
              return NULL;
            }
          return shu_brat_config_parse (annotation, visual);
        }
      parent = g_file_get_parent (folder);
      g_object_unref (folder);
      folder = parent;
    }
  return NULL;
}

const char * const *
shu_brat_config_get_span_types (ShuBratConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  return (const char * const *) config->span_types->pdata;
}

const char * const *
shu_brat_config_get_relation_types (ShuBratConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  return (const char * const *) config->relation_types->pdata;
}

const char * const *
shu_brat_config_get_relation_roles (ShuBratConfig *config,
                                    const char    *type)
{
  g_return_val_if_fail (config != NULL, NULL);
  return g_hash_table_lookup (config->relation_roles, type);
}

const char * const *
shu_brat_config_get_attributes (ShuBratConfig *config)
{
  g_return_val_if_fail (config != NULL, NULL);
  return (const char * const *) config->attributes->pdata;
}

const char * const *
shu_brat_config_get_attribute_values (ShuBratConfig *config,
                                      const char    *name)
{
  g_return_val_if_fail (config != NULL, NULL);
  return g_hash_table_lookup (config->attribute_values, name);
}

const char *
shu_brat_config_get_color (ShuBratConfig *config,
                           const char    *type)
{
  g_return_val_if_fail (config != NULL, NULL);
  return g_hash_table_lookup (config->colors, type);
}

/* Whether annotation.conf's @targets ("Person", "<POG>", "<ENTITY>", ...)
 * take in span type @type. */
static gboolean
targets_take (ShuBratConfig      *config,
              const char * const *targets,
              const char         *type,
              guint               depth)
{
  gboolean event = g_hash_table_contains (config->event_types, type);

  for (guint i = 0; targets != NULL && targets[i] != NULL; i++)
    {
      const char *target = targets[i];
      const char * const *expanded = g_hash_table_lookup (config->macros, target);

      if (strcmp (target, type) == 0 || strcmp (target, "<ANY>") == 0
          || (strcmp (target, "<ENTITY>") == 0 && !event)
          || (strcmp (target, "<EVENT>") == 0 && event))
        return TRUE;
      /* A macro may name another; a loop of them stops here. */
      if (expanded != NULL && depth < 8 && targets_take (config, expanded, type, depth + 1))
        return TRUE;
    }
  return FALSE;
}

/* The label of span type @type with the attributes it may carry and the
 * relations it may start, when it declares none yet; else NULL. */
static ShuLabel *
declared_label (ShuBratConfig *config,
                ShuLabel      *label,
                const char    *type)
{
  g_autoptr(GPtrArray) attributes = NULL;
  g_autoptr(GStrvBuilder) relation_types = NULL;
  g_auto(GStrv) types = NULL;

  if (shu_label_get_attributes (label)->len > 0 || shu_label_get_relation_types (label)[0] != NULL)
    return NULL;
  attributes = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_attribute_decl_unref);
  for (guint i = 0; i < config->attributes->len; i++)
    {
      const char *name = g_ptr_array_index (config->attributes, i);

      if (targets_take (config, g_hash_table_lookup (config->attribute_targets, name), type, 0))
        g_ptr_array_add (attributes,
                         shu_attribute_decl_new (name, g_hash_table_lookup (
                                                   config->attribute_values, name)));
    }
  relation_types = g_strv_builder_new ();
  for (guint i = 0; i < config->relation_types->len; i++)
    {
      const char *relation = g_ptr_array_index (config->relation_types, i);

      if (targets_take (config, g_hash_table_lookup (config->relation_from, relation), type, 0))
        g_strv_builder_add (relation_types, relation);
    }
  types = g_strv_builder_end (relation_types);
  if (attributes->len == 0 && types[0] == NULL)
    return NULL;
  return shu_label_with_declarations (label, attributes, (const char * const *) types);
}

void
shu_brat_config_add_labels (ShuBratConfig *config,
                            ShuLabelSet   *labels)
{
  g_return_if_fail (config != NULL);
  g_return_if_fail (SHU_IS_LABEL_SET (labels));

  for (guint i = 0; i < config->span_types->len; i++)
    {
      const char *type = g_ptr_array_index (config->span_types, i);
      const char *color = g_hash_table_lookup (config->colors, type);
      g_autofree char *name = g_strdup (type);
      g_autoptr(ShuLabel) label = NULL;

      ShuLabel *present;
      g_autoptr(ShuLabel) declared = NULL;

      /* As import names a type: '_' is a space unless that name exists. */
      present = shu_label_set_lookup_name (labels, type);
      g_strdelimit (name, "_", ' ');
      if (present == NULL)
        present = shu_label_set_lookup_name (labels, name);
      if (present == NULL)
        {
          label = shu_label_new (NULL, name,
                                 color != NULL ? color : shu_label_set_suggest_color (labels),
                                 NULL, 0);
          shu_label_set_append (labels, label);
          present = label;
        }
      declared = declared_label (config, present, type);
      if (declared != NULL)
        shu_label_set_replace (labels, declared);
    }
}
