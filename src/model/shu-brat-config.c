/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "shu-brat.h"
#include "shu-brat-config.h"
#include "shu-color.h"
#include "shu-safe-file.h"
#include "shu-text.h"

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
  /* Each [relations] line ("<OVERLAP>" too) and each event type's
   * arguments, as written (types unexpanded). */
  GPtrArray  *relation_lines;  /* TypeLine */
  GHashTable *event_args;      /* type -> TypeLine */
  /* annotation.conf's hierarchy: the lines above each span type, as
   * written ("!Life", "Regulation"), outermost first; and each "!" group
   * with the lines above it and itself, joined by " > ". */
  GHashTable *groups;          /* type -> GStrv, for nested types only */
  GPtrArray  *group_paths;     /* char* */
  /* visual.conf: [labels] names after the type, and fgColor as written. */
  GHashTable *display_names;   /* type -> GStrv */
  GHashTable *fg_colors;       /* type -> char* */
};

/* "Place-Arg?:GPE|Person" */
typedef struct
{
  char  *role;
  char  *repeat;   /* "?", "*", "+", "{2}" or NULL */
  GStrv  types;
} ArgSpec;

typedef struct
{
  char      *type;
  GPtrArray *args;        /* ArgSpec */
  GStrv      properties;  /* "<REL-TYPE>:symmetric-transitive" */
} TypeLine;

/* What separates words for brat (Python's split()): any ASCII white space. */
#define BRAT_SPACE " \t\f\v"

static void
arg_spec_free (ArgSpec *arg)
{
  g_free (arg->role);
  g_free (arg->repeat);
  g_strfreev (arg->types);
  g_free (arg);
}

static void
type_line_free (TypeLine *line)
{
  g_free (line->type);
  g_ptr_array_unref (line->args);
  g_strfreev (line->properties);
  g_free (line);
}

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
  g_ptr_array_unref (config->relation_lines);
  g_hash_table_unref (config->event_args);
  g_hash_table_unref (config->groups);
  g_ptr_array_unref (config->group_paths);
  g_hash_table_unref (config->display_names);
  g_hash_table_unref (config->fg_colors);
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

/* "Type  Role?:A|B, Role2:C, <REL-TYPE>:p" as a TypeLine: roles with
 * their repetition marks and types; "<...>" keys are properties. */
static TypeLine *
parse_type_line (const char *type,
                 const char *rest)
{
  TypeLine *line = g_new0 (TypeLine, 1);
  g_autoptr(GStrvBuilder) properties = g_strv_builder_new ();
  g_auto(GStrv) arguments = g_strsplit (rest != NULL ? rest : "", ",", -1);

  line->type = g_strdup (type);
  line->args = g_ptr_array_new_with_free_func ((GDestroyNotify) arg_spec_free);
  for (guint i = 0; arguments[i] != NULL; i++)
    {
      char *argument = g_strstrip (arguments[i]);
      const char *colon = strchr (argument, ':');
      g_autofree char *role = NULL;
      ArgSpec *arg;
      char *mark;

      if (*argument == '\0')
        continue;
      if (argument[0] == '<')
        {
          g_strv_builder_add (properties, argument);
          continue;
        }
      role = g_strstrip (g_strndup (argument, colon != NULL ? (gsize) (colon - argument)
                                                             : strlen (argument)));
      mark = strpbrk (role, "?*+{");
      /* ":Protein" or "?:Protein" names no role: passed over like any
       * other part brat would not understand (a role declaration must
       * have a name, fuzz regression brat-config-empty-role.conf). */
      if (mark == role || role[0] == '\0')
        continue;
      arg = g_new0 (ArgSpec, 1);
      if (mark != NULL)
        {
          arg->repeat = g_strdup (mark);
          *mark = '\0';
        }
      arg->role = g_steal_pointer (&role);
      arg->types = types_of (colon != NULL ? colon + 1 : "");
      g_ptr_array_add (line->args, arg);
    }
  line->properties = g_strv_builder_end (properties);
  return line;
}

static void
parse_relation (ShuBratConfig *config,
                char          *line)
{
  g_auto(GStrv) words = g_strsplit_set (line, BRAT_SPACE, 2);
  g_auto(GStrv) arguments = NULL;
  g_autoptr(GStrvBuilder) roles = g_strv_builder_new ();

  if (words[0] == NULL || words[1] == NULL)
    return;
  /* "<OVERLAP>" rules are kept as written, but are no type to link with. */
  g_ptr_array_add (config->relation_lines, parse_type_line (words[0], words[1]));
  if (words[0][0] == '<')
    return;
  arguments = g_strsplit (words[1], ",", -1);
  if (arguments[0] != NULL && strchr (arguments[0], ':') != NULL)
    {
      /* A type on several lines ("Equiv  Arg1:Protein, ..." then
       * "Equiv  Arg1:Entity, ...") starts from the types of them all. */
      g_auto(GStrv) from = types_of (strchr (arguments[0], ':') + 1);
      const char * const *before = g_hash_table_lookup (config->relation_from, words[0]);
      g_autoptr(GStrvBuilder) all = g_strv_builder_new ();

      if (before != NULL)
        g_strv_builder_addv (all, (const char **) before);
      g_strv_builder_addv (all, (const char **) from);
      g_hash_table_insert (config->relation_from, g_strdup (words[0]), g_strv_builder_end (all));
    }
  if (g_hash_table_contains (config->relation_roles, words[0]))
    return;
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
  g_auto(GStrv) words = g_strsplit_set (line, BRAT_SPACE, 2);
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
  g_auto(GStrv) words = g_strsplit_set (line, BRAT_SPACE, 2);
  g_auto(GStrv) keys = NULL;

  if (words[0] == NULL || words[1] == NULL)
    return;
  keys = g_strsplit (words[1], ",", -1);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      char *key = g_strstrip (keys[i]);
      ShuRgb rgb;

      if (g_str_has_prefix (key, "fgColor:"))
        g_hash_table_insert (config->fg_colors, g_strdup (words[0]),
                             g_strdup (key + strlen ("fgColor:")));
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

/* "Organization | Organization | Org" in visual.conf's [labels]: the
 * names before a tab (brat wants one there before anything else). */
static void
parse_display_names (ShuBratConfig *config,
                     const char    *line)
{
  g_autofree char *terms = g_strndup (line, strcspn (line, "\t"));
  g_auto(GStrv) names = types_of (terms);

  if (names[0] == NULL || *names[0] == '\0' || names[1] == NULL)
    return;
  g_hash_table_insert (config->display_names, g_strdup (names[0]),
                       g_strdupv (names + 1));
}

/* The span type (or "!" group) @term at @depth of annotation.conf's
 * hierarchy (brat counts one level a character of indentation): its
 * place is kept, and @stack holds the last line at each depth. */
static void
place_in_hierarchy (ShuBratConfig *config,
                    GPtrArray     *stack,
                    guint          depth,
                    const char    *term)
{
  g_autoptr(GStrvBuilder) path = g_strv_builder_new ();
  g_auto(GStrv) above = NULL;

  if (depth < stack->len)
    g_ptr_array_set_size (stack, depth);
  for (guint i = 0; i < stack->len; i++)
    g_strv_builder_add (path, g_ptr_array_index (stack, i));
  if (stack->len > 0 && term[0] != '!')
    g_hash_table_replace (config->groups, g_strdup (term), g_strv_builder_end (path));
  else if (term[0] == '!')
    {
      g_strv_builder_add (path, term);
      above = g_strv_builder_end (path);
      g_ptr_array_add (config->group_paths, g_strjoinv (" > ", above));
    }
  g_ptr_array_add (stack, g_strdup (term));
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
  config->relation_lines = g_ptr_array_new_with_free_func ((GDestroyNotify) type_line_free);
  config->event_args = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) type_line_free);
  config->groups = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                          (GDestroyNotify) g_strfreev);
  config->group_paths = g_ptr_array_new_with_free_func (g_free);
  config->display_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                 (GDestroyNotify) g_strfreev);
  config->fg_colors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  for (guint t = 0; t < 2; t++)
    {
      g_auto(GStrv) lines = NULL;
      g_autofree char *section = NULL;
      g_autoptr(GPtrArray) stack = g_ptr_array_new_with_free_func (g_free);

      if (texts[t] == NULL)
        continue;
      /* Lines end as Python reads them: CR LF, CR or LF. */
      lines = g_regex_split_simple ("\r\n|\r|\n", texts[t], 0, 0);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          char *line = lines[i];
          guint depth;

          if (line[0] == '#')
            continue;
          g_strchomp (line);
          /* Indentation shows brat's type hierarchy. */
          depth = strspn (line, " \t");
          line += depth;
          /* Other white space before the first word (a vertical tab, a
           * form feed) is no part of it either, as in brat's split()
           * (fuzz regression brat-config-leading-vt.conf: an empty
           * relation type, then a critical). */
          line += strspn (line, BRAT_SPACE);
          if (*line == '\0')
            continue;
          if (*line == '[')
            {
              g_free (section);
              /* Older brat projects call [entities] [spans]. */
              section = g_strdup (strcmp (line, "[spans]") == 0 ? "[entities]" : line);
              g_ptr_array_set_size (stack, 0);
              continue;
            }
          /* A line of dashes only parts brat's menus. */
          if (line[strspn (line, "-")] == '\0')
            continue;
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
              g_auto(GStrv) words = g_strsplit_set (line, BRAT_SPACE, 2);
              char *bar = strchr (words[0], '|');

              /* "DNA_methylation|GO:0006306": the type is its first term. */
              if (bar != NULL)
                *bar = '\0';
              /* "!Life" groups types; "<POG>=..." is a macro; "|GO:0006306"
               * names no type (fuzz regression brat-config-empty-type.conf:
               * it made a label without a name). */
              if (words[0][0] != '\0' && words[0][0] != '<' && strchr (words[0], '=') == NULL)
                place_in_hierarchy (config, stack, depth, words[0]);
              if (words[0][0] != '\0' && words[0][0] != '!' && words[0][0] != '<'
                  && strchr (words[0], '=') == NULL)
                {
                  g_ptr_array_add (config->span_types, g_strdup (words[0]));
                  if (strcmp (section, "[events]") == 0)
                    {
                      g_hash_table_add (config->event_types, g_strdup (words[0]));
                      g_hash_table_replace (config->event_args, g_strdup (words[0]),
                                            parse_type_line (words[0], words[1]));
                    }
                }
            }
          else if (t == 0 && strcmp (section, "[relations]") == 0)
            parse_relation (config, line);
          else if (t == 0 && strcmp (section, "[attributes]") == 0)
            parse_attribute (config, line);
          else if (t == 1 && strcmp (section, "[drawing]") == 0)
            parse_drawing (config, line);
          else if (t == 1 && strcmp (section, "[labels]") == 0)
            parse_display_names (config, line);
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
      g_autofree char *path = shu_text_dup_file_name (file);

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

/* The label import gives span type @type (the name as written, else as
 * shu_brat_name_for_type() reads it), or NULL. */
static ShuLabel *
label_of_type (ShuLabelSet *labels,
               const char  *type)
{
  g_autofree char *name = NULL;
  ShuLabel *label = shu_label_set_lookup_name (labels, type);

  if (label != NULL)
    return label;
  name = shu_brat_name_for_type (type);
  return name != NULL ? shu_label_set_lookup_name (labels, name) : NULL;
}

/* The ids of the labels of the span types @types take, in the
 * configuration's order: macros and "<ENTITY>" are spelt out. */
static GStrv
label_ids_for (ShuBratConfig      *config,
               ShuLabelSet        *labels,
               const char * const *types)
{
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  for (guint i = 0; i < config->span_types->len; i++)
    {
      const char *type = g_ptr_array_index (config->span_types, i);
      ShuLabel *label = label_of_type (labels, type);

      if (label != NULL && targets_take (config, types, type, 0))
        g_strv_builder_add (ids, shu_label_get_id (label));
    }
  return g_strv_builder_end (ids);
}

static GPtrArray *
role_decls (ShuBratConfig *config,
            ShuLabelSet   *labels,
            GPtrArray     *args)
{
  GPtrArray *roles = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_role_decl_unref);

  for (guint i = 0; i < args->len; i++)
    {
      ArgSpec *arg = g_ptr_array_index (args, i);
      g_auto(GStrv) ids = label_ids_for (config, labels, (const char * const *) arg->types);

      g_ptr_array_add (roles, shu_role_decl_new (arg->role, arg->repeat,
                                                 (const char * const *) ids));
    }
  return roles;
}

/* Whether @a and @b differ only in the labels their roles take. */
static gboolean
same_roles (ShuRelationDecl *a,
            ShuRelationDecl *b)
{
  GPtrArray *x = shu_relation_decl_get_roles (a), *y = shu_relation_decl_get_roles (b);

  if (x->len != y->len
      || !g_strv_equal (shu_relation_decl_get_properties (a),
                        shu_relation_decl_get_properties (b)))
    return FALSE;
  for (guint i = 0; i < x->len; i++)
    if (g_strcmp0 (shu_role_decl_get_role (g_ptr_array_index (x, i)),
                   shu_role_decl_get_role (g_ptr_array_index (y, i))) != 0
        || g_strcmp0 (shu_role_decl_get_repeat (g_ptr_array_index (x, i)),
                      shu_role_decl_get_repeat (g_ptr_array_index (y, i))) != 0)
      return FALSE;
  return TRUE;
}

/* @a with the labels of @b's roles added to its own. */
static ShuRelationDecl *
merged_decl (ShuRelationDecl *a,
             ShuRelationDecl *b)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (
    (GDestroyNotify) shu_role_decl_unref);

  for (guint i = 0; i < shu_relation_decl_get_roles (a)->len; i++)
    {
      ShuRoleDecl *x = g_ptr_array_index (shu_relation_decl_get_roles (a), i);
      ShuRoleDecl *y = g_ptr_array_index (shu_relation_decl_get_roles (b), i);
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_auto(GStrv) union_ids = NULL;

      g_strv_builder_addv (ids, (const char **) shu_role_decl_get_label_ids (x));
      for (const char * const *id = shu_role_decl_get_label_ids (y); *id != NULL; id++)
        if (!g_strv_contains (shu_role_decl_get_label_ids (x), *id))
          g_strv_builder_add (ids, *id);
      union_ids = g_strv_builder_end (ids);
      g_ptr_array_add (roles, shu_role_decl_new (shu_role_decl_get_role (x),
                                                 shu_role_decl_get_repeat (x),
                                                 (const char * const *) union_ids));
    }
  return shu_relation_decl_new (shu_relation_decl_get_type_name (a), roles,
                                shu_relation_decl_get_properties (a));
}

/* How the relations span type @type may start are made: one declaration
 * per type, the lines of one type and roles made one. */
static GPtrArray *
relation_decls_of (ShuBratConfig *config,
                   ShuLabelSet   *labels,
                   const char    *type)
{
  GPtrArray *decls = g_ptr_array_new_with_free_func ((GDestroyNotify) shu_relation_decl_unref);

  for (guint i = 0; i < config->relation_lines->len; i++)
    {
      TypeLine *line = g_ptr_array_index (config->relation_lines, i);
      g_autoptr(GPtrArray) roles = NULL;
      g_autoptr(ShuRelationDecl) decl = NULL;
      gboolean merged = FALSE;

      if (line->args->len == 0
          || !targets_take (config, (const char * const *) ((ArgSpec *) g_ptr_array_index (
                              line->args, 0))->types, type, 0))
        continue;
      roles = role_decls (config, labels, line->args);
      decl = shu_relation_decl_new (line->type, roles, (const char * const *) line->properties);
      for (guint d = 0; d < decls->len && !merged; d++)
        {
          ShuRelationDecl *other = g_ptr_array_index (decls, d);

          if (strcmp (shu_relation_decl_get_type_name (other), line->type) != 0)
            continue;
          /* Lines of one type from the same first arguments are one;
           * a line from other first arguments or with other roles
           * stays its own, so that no pair is taken that was not. */
          if (shu_relation_decl_equal (other, decl))
            merged = TRUE;
          else if (same_roles (other, decl) && roles->len == 2
                   && shu_role_decl_equal (g_ptr_array_index (shu_relation_decl_get_roles (other),
                                                              0),
                                           g_ptr_array_index (roles, 0)))
            {
              g_ptr_array_index (decls, d) = merged_decl (other, decl);
              shu_relation_decl_unref (other);
              merged = TRUE;
            }
        }
      if (!merged)
        g_ptr_array_add (decls, g_steal_pointer (&decl));
    }
  return decls;
}

/* The label of span type @type with the attributes it may carry, the
 * relations it may start and how they are made, and its roles as an
 * event type, when it declares none of these yet; else NULL. */
static ShuLabel *
declared_label (ShuBratConfig *config,
                ShuLabelSet   *labels,
                ShuLabel      *label,
                const char    *type)
{
  g_autoptr(GPtrArray) attributes = NULL;
  g_autoptr(GStrvBuilder) relation_types = NULL;
  g_autoptr(GPtrArray) decls = NULL;
  g_autoptr(GPtrArray) event_roles = NULL;
  g_autoptr(ShuLabel) with_roles = NULL;
  g_auto(GStrv) types = NULL;
  TypeLine *event;

  if (shu_label_get_attributes (label)->len > 0 || shu_label_get_relation_types (label)[0] != NULL
      || shu_label_get_relation_decls (label)->len > 0
      || shu_label_get_event_roles (label) != NULL)
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
  decls = relation_decls_of (config, labels, type);
  event = g_hash_table_lookup (config->event_args, type);
  if (event != NULL)
    event_roles = role_decls (config, labels, event->args);
  if (attributes->len == 0 && types[0] == NULL && decls->len == 0 && event_roles == NULL)
    return NULL;
  with_roles = shu_label_with_roles (label, decls, event_roles);
  return shu_label_with_declarations (with_roles, attributes, (const char * const *) types);
}

/* The label of span type @type keeps what the configuration says of it
 * that it has no other place for (its place in the hierarchy, its names
 * in visual.conf, its text colour), when it keeps none yet. */
static void
kept_brat (ShuBratConfig *config,
           ShuLabelSet   *labels,
           const char    *type)
{
  ShuLabel *label = label_of_type (labels, type);
  const char * const *group = g_hash_table_lookup (config->groups, type);
  const char * const *names = g_hash_table_lookup (config->display_names, type);
  const char *fg_color = g_hash_table_lookup (config->fg_colors, type);
  g_autoptr(ShuLabel) kept = NULL;

  if (shu_label_get_brat_group (label) != NULL || shu_label_get_brat_names (label) != NULL
      || shu_label_get_brat_fg_color (label) != NULL
      || (group == NULL && names == NULL && fg_color == NULL))
    return;
  kept = shu_label_with_brat (label, group, names, fg_color);
  shu_label_set_replace (labels, kept);
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
      /* Read as import reads a span of this type: "Unlabelled" is no
       * label, "Unlabelled_" the label our export writes so. */
      g_autofree char *name = shu_brat_name_for_type (type);
      g_autoptr(ShuLabel) label = NULL;

      if (name == NULL || label_of_type (labels, type) != NULL)
        continue;
      label = shu_label_new (NULL, name,
                             color != NULL ? color : shu_label_set_suggest_color (labels),
                             NULL, 0);
      shu_label_set_append (labels, label);
    }
  /* Once every type has its label, as roles name the labels they take. */
  for (guint i = 0; i < config->span_types->len; i++)
    {
      const char *type = g_ptr_array_index (config->span_types, i);
      ShuLabel *present = label_of_type (labels, type);
      g_autoptr(ShuLabel) declared = NULL;

      if (present == NULL)
        continue;
      declared = declared_label (config, labels, present, type);
      if (declared != NULL)
        shu_label_set_replace (labels, declared);
      kept_brat (config, labels, type);
    }
}

/* ------------------------------------------------------------ facts */

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The span types @types take, sorted and joined by '|'. */
static char *
expanded (ShuBratConfig      *config,
          const char * const *types)
{
  g_autoptr(GPtrArray) taken = g_ptr_array_new ();

  for (guint i = 0; i < config->span_types->len; i++)
    if (targets_take (config, types, g_ptr_array_index (config->span_types, i), 0))
      g_ptr_array_add (taken, g_ptr_array_index (config->span_types, i));
  g_ptr_array_sort (taken, compare_strings);
  g_ptr_array_add (taken, NULL);
  return g_strjoinv ("|", (char **) taken->pdata);
}

/* Each pair (or tuple) of types a relation line takes, one fact each. */
static void
add_relation_facts (ShuBratConfig *config,
                    TypeLine      *line,
                    guint          k,
                    GString       *prefix,
                    GHashTable    *facts)
{
  ArgSpec *arg;

  if (k == line->args->len)
    {
      g_autofree char *properties = g_strjoinv (" ", line->properties);

      g_hash_table_add (facts, g_strdup_printf ("relation %s%s %s", line->type, prefix->str,
                                                properties));
      return;
    }
  arg = g_ptr_array_index (line->args, k);
  for (guint i = 0; i < config->span_types->len; i++)
    {
      const char *type = g_ptr_array_index (config->span_types, i);
      gsize length = prefix->len;

      if (!targets_take (config, (const char * const *) arg->types, type, 0))
        continue;
      g_string_append_printf (prefix, " %s%s:%s", arg->role, arg->repeat ? arg->repeat : "",
                              type);
      add_relation_facts (config, line, k + 1, prefix, facts);
      g_string_truncate (prefix, length);
    }
}

GStrv
shu_brat_config_dup_facts (ShuBratConfig *config)
{
  g_autoptr(GHashTable) facts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer fact;

  g_return_val_if_fail (config != NULL, NULL);

  for (guint i = 0; i < config->span_types->len; i++)
    {
      const char *type = g_ptr_array_index (config->span_types, i);
      TypeLine *event = g_hash_table_lookup (config->event_args, type);

      const char * const *group = g_hash_table_lookup (config->groups, type);
      const char * const *names = g_hash_table_lookup (config->display_names, type);
      const char *fg_color = g_hash_table_lookup (config->fg_colors, type);

      g_hash_table_add (facts, g_strdup_printf ("%s %s", event != NULL ? "event" : "entity",
                                                type));
      if (group != NULL)
        {
          g_autofree char *path = g_strjoinv (" > ", (char **) group);

          g_hash_table_add (facts, g_strdup_printf ("hierarchy %s > %s", path, type));
        }
      if (names != NULL)
        {
          g_autofree char *joined = g_strjoinv (" | ", (char **) names);

          g_hash_table_add (facts, g_strdup_printf ("labels %s | %s", type, joined));
        }
      /* Not bgColor: every label has a colour, and is written with it. */
      if (fg_color != NULL)
        g_hash_table_add (facts, g_strdup_printf ("drawing %s fgColor:%s", type, fg_color));
      for (guint a = 0; event != NULL && a < event->args->len; a++)
        {
          ArgSpec *arg = g_ptr_array_index (event->args, a);
          g_autofree char *types = expanded (config, (const char * const *) arg->types);

          g_hash_table_add (facts, g_strdup_printf ("event %s %s%s:%s", type, arg->role,
                                                    arg->repeat ? arg->repeat : "", types));
        }
    }
  for (guint i = 0; i < config->group_paths->len; i++)
    g_hash_table_add (facts, g_strdup_printf ("group %s",
                                              (char *) g_ptr_array_index (config->group_paths,
                                                                          i)));
  for (guint i = 0; i < config->relation_lines->len; i++)
    {
      g_autoptr(GString) prefix = g_string_new (NULL);

      add_relation_facts (config, g_ptr_array_index (config->relation_lines, i), 0, prefix,
                          facts);
    }
  for (guint i = 0; i < config->attributes->len; i++)
    {
      const char *name = g_ptr_array_index (config->attributes, i);
      const char * const *values = g_hash_table_lookup (config->attribute_values, name);
      g_autofree char *joined = values != NULL ? g_strjoinv ("|", (char **) values) : NULL;
      g_autofree char *targets = expanded (config, g_hash_table_lookup (
                                             config->attribute_targets, name));

      g_hash_table_add (facts, g_strdup_printf ("attribute %s Arg:%s Value:%s", name, targets,
                                                joined != NULL ? joined : "(binary)"));
    }
  g_hash_table_iter_init (&iter, facts);
  while (g_hash_table_iter_next (&iter, &fact, NULL))
    {
      g_ptr_array_add (sorted, fact);
      g_hash_table_iter_steal (&iter);
    }
  g_ptr_array_sort (sorted, compare_strings);
  g_ptr_array_add (sorted, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&sorted), FALSE);
}

/* ------------------------------------------------------------ writing */

/* "A|B" for the labels of @ids that @labels holds; "<ANY>" for none. */
static void
append_label_types (GString            *out,
                    ShuLabelSet        *labels,
                    const char * const *ids)
{
  gboolean first = TRUE;

  for (guint i = 0; ids[i] != NULL; i++)
    {
      ShuLabel *label = shu_label_set_lookup (labels, ids[i]);
      g_autofree char *type = NULL;

      if (label == NULL)
        continue;
      type = shu_brat_type_for_label (shu_label_get_name (label));
      g_string_append_printf (out, "%s%s", first ? "" : "|", type);
      first = FALSE;
    }
  if (first)
    g_string_append (out, "<ANY>");
}

/* "Role?:A|B, Role2:C" as annotation.conf writes arguments. */
static void
append_roles (GString     *out,
              ShuLabelSet *labels,
              GPtrArray   *roles)
{
  for (guint i = 0; i < roles->len; i++)
    {
      ShuRoleDecl *role = g_ptr_array_index (roles, i);
      const char *repeat = shu_role_decl_get_repeat (role);

      g_string_append_printf (out, "%s%s%s:", i > 0 ? ", " : "", shu_role_decl_get_role (role),
                              repeat != NULL ? repeat : "");
      append_label_types (out, labels, shu_role_decl_get_label_ids (role));
    }
}

/* Whether @label is an event type: it declares event roles, or triggers
 * one of @events' events. */
static gboolean
is_event_type (ShuLabel   *label,
               GHashTable *triggers)
{
  return shu_label_get_event_roles (label) != NULL
         || g_hash_table_contains (triggers, shu_label_get_id (label));
}

/* An attribute the text uses: the types it is on, the values it takes. */
typedef struct
{
  char      *name;
  GPtrArray *types;   /* char* */
  GPtrArray *values;  /* char*; empty: binary */
} UsedAttribute;

static void
used_attribute_free (UsedAttribute *used)
{
  g_free (used->name);
  g_ptr_array_unref (used->types);
  g_ptr_array_unref (used->values);
  g_free (used);
}

static void
add_once (GPtrArray  *strings,
          const char *string)
{
  if (!g_ptr_array_find_with_equal_func (strings, string, g_str_equal, NULL))
    g_ptr_array_add (strings, g_strdup (string));
}

/* The brat type of the annotation @id's label ("Unlabelled" for none). */
static char *
type_of_annotation (ShuAnnotationStore *store,
                    const char         *id)
{
  ShuAnnotation *annotation = id != NULL ? shu_annotation_store_lookup (store, id) : NULL;
  const char *label_id = annotation != NULL ? shu_annotation_get_label_id (annotation) : NULL;
  ShuLabel *label = label_id != NULL
                    ? shu_label_set_lookup (shu_annotation_store_get_labels (store), label_id)
                    : NULL;

  return shu_brat_type_for_label (label != NULL ? shu_label_get_name (label) : NULL);
}

static void
note_attributes (GPtrArray  *used,
                 GPtrArray  *declared,
                 GPtrArray  *carried,
                 const char *type)
{
  for (guint i = 0; carried != NULL && i < carried->len; i++)
    {
      ShuAttribute *attribute = g_ptr_array_index (carried, i);
      const char *name = shu_attribute_get_name (attribute);
      UsedAttribute *entry = NULL;
      gboolean is_declared = FALSE;

      for (guint d = 0; d < declared->len && !is_declared; d++)
        is_declared = strcmp (shu_attribute_decl_get_name (g_ptr_array_index (declared, d)),
                              name) == 0;
      if (is_declared)
        continue;
      for (guint u = 0; u < used->len && entry == NULL; u++)
        if (strcmp (((UsedAttribute *) g_ptr_array_index (used, u))->name, name) == 0)
          entry = g_ptr_array_index (used, u);
      if (entry == NULL)
        {
          entry = g_new0 (UsedAttribute, 1);
          entry->name = g_strdup (name);
          entry->types = g_ptr_array_new_with_free_func (g_free);
          entry->values = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (used, entry);
        }
      add_once (entry->types, type);
      if (shu_attribute_get_value (attribute) != NULL)
        add_once (entry->values, shu_attribute_get_value (attribute));
    }
}

/* The attributes the text's annotations, events and links carry that no
 * label declares: brat refuses a file whose attributes its configuration
 * lacks. */
static void
append_used_attributes (GString            *out,
                        ShuAnnotationStore *store,
                        GPtrArray          *declared,
                        GPtrArray          *relations)
{
  g_autoptr(GPtrArray) used = g_ptr_array_new_with_free_func (
    (GDestroyNotify) used_attribute_free);
  GListModel *list = G_LIST_MODEL (store);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuAnnotation) annotation = g_list_model_get_item (list, i);
      g_autofree char *type = type_of_annotation (store, shu_annotation_get_id (annotation));

      note_attributes (used, declared, shu_annotation_get_attributes (annotation), type);
    }
  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (relations, i);
      g_autofree char *type = NULL;

      if (shu_relation_get_kind (relation) == SHU_RELATION_EVENT)
        type = type_of_annotation (store, shu_relation_get_trigger (relation));
      else if (shu_relation_get_kind (relation) == SHU_RELATION_LINK)
        type = g_strdup ("<RELATION>");
      else
        continue;
      note_attributes (used, declared, shu_relation_get_attributes (relation), type);
    }
  for (guint i = 0; i < used->len; i++)
    {
      UsedAttribute *entry = g_ptr_array_index (used, i);
      g_autofree char *types = NULL;

      g_ptr_array_add (entry->types, NULL);
      types = g_strjoinv ("|", (char **) entry->types->pdata);
      g_string_append_printf (out, "%s\tArg:%s", entry->name, types);
      if (entry->values->len > 0)
        {
          g_autofree char *values = NULL;

          g_ptr_array_add (entry->values, NULL);
          values = g_strjoinv ("|", (char **) entry->values->pdata);
          g_string_append_printf (out, ", Value:%s", values);
        }
      g_string_append_c (out, '\n');
    }
}

/* A role the text's events of one type use. */
typedef struct
{
  char      *role;
  GPtrArray *types;  /* char* */
  guint      min, max;
} UsedRole;

static void
used_role_free (UsedRole *used)
{
  g_free (used->role);
  g_ptr_array_unref (used->types);
  g_free (used);
}

/* The brat type of what an event argument names: an annotation's label,
 * or another event's (its trigger's). */
static char *
type_of_argument (ShuAnnotationStore *store,
                  const char         *id)
{
  ShuRelation *event = shu_annotation_store_lookup (store, id) == NULL
                       ? shu_annotation_store_lookup_relation (store, id) : NULL;

  if (event != NULL && shu_relation_get_kind (event) == SHU_RELATION_EVENT)
    id = shu_relation_get_trigger (event);
  return type_of_annotation (store, id);
}

/* The roles of the text's events that label @label_id triggers, as
 * annotation.conf declares them, for an event type that declares none:
 * "Theme2" is a second Theme; a role some events lack is optional ("?",
 * "*"), one given twice repeats ("+", "*"). */
static void
append_used_roles (GString            *out,
                   ShuAnnotationStore *store,
                   GPtrArray          *relations,
                   const char         *label_id)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new_with_free_func (
    (GDestroyNotify) used_role_free);
  guint n_events = 0;

  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *event = g_ptr_array_index (relations, i);
      ShuAnnotation *trigger;
      g_autofree guint *counts = NULL;

      if (shu_relation_get_kind (event) != SHU_RELATION_EVENT
          || shu_relation_get_trigger (event) == NULL)
        continue;
      trigger = shu_annotation_store_lookup (store, shu_relation_get_trigger (event));
      if (trigger == NULL || g_strcmp0 (shu_annotation_get_label_id (trigger), label_id) != 0)
        continue;
      for (guint k = 0; k < shu_relation_get_n_arguments (event); k++)
        {
          const char *role = shu_relation_get_role (event, k);
          g_autofree char *base = NULL;
          g_autofree char *type = NULL;
          UsedRole *entry = NULL;
          gsize length;

          if (role == NULL || *role == '\0')
            continue;
          length = strlen (role);
          while (length > 1 && g_ascii_isdigit (role[length - 1]))
            length--;
          base = g_strndup (role, length);
          for (guint r = 0; r < roles->len && entry == NULL; r++)
            if (strcmp (((UsedRole *) g_ptr_array_index (roles, r))->role, base) == 0)
              entry = g_ptr_array_index (roles, r);
          if (entry == NULL)
            {
              entry = g_new0 (UsedRole, 1);
              entry->role = g_strdup (base);
              entry->types = g_ptr_array_new_with_free_func (g_free);
              /* The events before this one lacked it. */
              entry->min = n_events > 0 ? 0 : G_MAXUINT;
              g_ptr_array_add (roles, entry);
            }
          type = type_of_argument (store, shu_relation_get_target (event, k));
          add_once (entry->types, type);
        }
      /* How often this event gives each role. */
      counts = g_new0 (guint, roles->len + 1);
      for (guint k = 0; k < shu_relation_get_n_arguments (event); k++)
        {
          const char *role = shu_relation_get_role (event, k);

          for (guint r = 0; role != NULL && r < roles->len; r++)
            {
              const char *base = ((UsedRole *) g_ptr_array_index (roles, r))->role;

              if (g_str_has_prefix (role, base)
                  && role[strspn (role + strlen (base), "0123456789") + strlen (base)] == '\0')
                counts[r]++;
            }
        }
      for (guint r = 0; r < roles->len; r++)
        {
          UsedRole *entry = g_ptr_array_index (roles, r);

          entry->min = MIN (entry->min, counts[r]);
          entry->max = MAX (entry->max, counts[r]);
        }
      n_events++;
    }
  for (guint r = 0; r < roles->len; r++)
    {
      UsedRole *entry = g_ptr_array_index (roles, r);
      const char *mark = entry->min == 0 ? (entry->max > 1 ? "*" : "?")
                                         : (entry->max > 1 ? "+" : "");
      g_autofree char *types = NULL;

      g_ptr_array_add (entry->types, NULL);
      types = g_strjoinv ("|", (char **) entry->types->pdata);
      g_string_append_printf (out, "%s%s%s:%s", r == 0 ? "\t" : ", ", entry->role, mark, types);
    }
}

/* The types of the text's equivalence sets that no line declares: brat
 * takes an equivalence only of a symmetric-transitive type between the
 * types it names. */
static void
append_used_equivalences (GString            *out,
                          ShuAnnotationStore *store,
                          GPtrArray          *relations,
                          GHashTable         *written)
{
  g_autoptr(GHashTable) members = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                         (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();

  for (guint i = 0; i < relations->len; i++)
    {
      ShuRelation *set = g_ptr_array_index (relations, i);
      const char *type = shu_relation_get_type_name (set);
      GPtrArray *types;

      if (shu_relation_get_kind (set) != SHU_RELATION_EQUIVALENCE || type == NULL
          || g_hash_table_contains (written, type))
        continue;
      types = g_hash_table_lookup (members, type);
      if (types == NULL)
        {
          types = g_ptr_array_new_with_free_func (g_free);
          g_hash_table_insert (members, (char *) type, types);
          g_ptr_array_add (order, (char *) type);
        }
      for (guint k = 0; k < shu_relation_get_n_arguments (set); k++)
        {
          g_autofree char *member = type_of_argument (store, shu_relation_get_target (set, k));

          add_once (types, member);
        }
    }
  for (guint i = 0; i < order->len; i++)
    {
      const char *type = g_ptr_array_index (order, i);
      GPtrArray *types = g_hash_table_lookup (members, type);
      g_autofree char *joined = NULL;

      g_ptr_array_add (types, NULL);
      joined = g_strjoinv ("|", (char **) types->pdata);
      g_string_append_printf (out, "%s\tArg1:%s, Arg2:%s, <REL-TYPE>:symmetric-transitive\n",
                              type, joined, joined);
      g_hash_table_add (written, (char *) type);
    }
}

/* Starts the line of @type in annotation.conf's hierarchy: a "!" group
 * above it that @stack (the lines written above, one a depth) lacks is
 * written first, and the line is indented a tab a level. A type above it
 * that is not just above (the labels were reordered, or it is gone)
 * leaves the label at the depth reached. */
static void
begin_in_hierarchy (GString            *out,
                    GPtrArray          *stack,
                    const char * const *group,
                    const char         *type)
{
  guint depth = 0;

  while (group != NULL && group[depth] != NULL && depth < stack->len
         && strcmp (g_ptr_array_index (stack, depth), group[depth]) == 0)
    depth++;
  g_ptr_array_set_size (stack, depth);
  for (; group != NULL && group[depth] != NULL && group[depth][0] == '!'; depth++)
    {
      for (guint i = 0; i < depth; i++)
        g_string_append_c (out, '\t');
      g_string_append_printf (out, "%s\n", group[depth]);
      g_ptr_array_add (stack, g_strdup (group[depth]));
    }
  for (guint i = 0; i < depth; i++)
    g_string_append_c (out, '\t');
  g_string_append (out, type);
  g_ptr_array_add (stack, g_strdup (type));
}

/* Whether brat reads the type @type as it is written (white space is
 * already '_'). brat has no escaping: '|' parts a type's names, ','
 * its arguments; at its start '!' makes a group, '<' a macro, '#' a
 * comment, and a line of dashes a separator. '=' makes a macro line
 * ("<POG>=...") and is refused with it so the reader here stays simple.
 * A '-' inside a name ("Anti-CD4") or leading it ("-p53") is brat's own
 * storage alphabet. Other characters (Hebrew) brat's server warns about
 * and maps to '_' in the configuration it shows; they are written, as
 * Shulayim reads them back and refusing them would refuse every Hebrew
 * scheme. */
static gboolean
type_is_writable (const char *type)
{
  return strpbrk (type, "|,=") == NULL
         && type[0] != '!' && type[0] != '<' && type[0] != '#'
         && type[strspn (type, "-")] != '\0';
}

/* Sets @error naming the first label of @labels whose type brat would
 * misread. */
static gboolean
check_label_types (ShuLabelSet  *labels,
                   GError      **error)
{
  GListModel *list = G_LIST_MODEL (labels);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (list, i);
      g_autofree char *type = shu_brat_type_for_label (shu_label_get_name (label));

      if (!type_is_writable (type))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       _("brat’s configuration was not written: brat would misread the label "
                         "“%s” (it has “|”, “,” or “=”, starts with “!”, "
                         "“<” or “#”, or is only dashes); rename it to export them"),
                       shu_label_get_name (label));
          return FALSE;
        }
    }
  return TRUE;
}

char *
shu_brat_config_write_annotation (ShuAnnotationStore  *store,
                                  GError             **error)
{
  ShuLabelSet *labels;
  GListModel *list;
  g_autoptr(GString) entities = g_string_new ("[entities]\n\n");
  g_autoptr(GString) relations = g_string_new ("[relations]\n\n");
  g_autoptr(GString) events = g_string_new ("[events]\n\n");
  g_autoptr(GString) attributes = g_string_new ("[attributes]\n\n");
  g_autoptr(GHashTable) triggers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) written = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) types = g_ptr_array_new ();  /* relation types named, borrowed */
  g_autoptr(GPtrArray) decls = g_ptr_array_new ();  /* ShuRelationDecl, borrowed */
  g_autoptr(GPtrArray) attribute_decls = g_ptr_array_new ();
  g_autoptr(GPtrArray) attribute_labels = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_ptr_array_unref);
  g_autoptr(GPtrArray) all_relations = NULL;
  g_autoptr(GPtrArray) entity_stack = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) event_stack = g_ptr_array_new_with_free_func (g_free);
  guint n;

  g_return_val_if_fail (SHU_IS_ANNOTATION_STORE (store), NULL);

  labels = shu_annotation_store_get_labels (store);
  list = G_LIST_MODEL (labels);
  n = g_list_model_get_n_items (list);
  if (n == 0 || !check_label_types (labels, error))
    return NULL;

  /* A label that triggers an event is an event type to brat. */
  all_relations = shu_annotation_store_dup_relations (store);
  for (guint i = 0; i < all_relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (all_relations, i);
      ShuAnnotation *trigger;

      if (shu_relation_get_kind (relation) != SHU_RELATION_EVENT
          || shu_relation_get_trigger (relation) == NULL)
        continue;
      trigger = shu_annotation_store_lookup (store, shu_relation_get_trigger (relation));
      if (trigger != NULL && shu_annotation_get_label_id (trigger) != NULL)
        g_hash_table_add (triggers, g_strdup (shu_annotation_get_label_id (trigger)));
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (list, i);
      g_autofree char *type = shu_brat_type_for_label (shu_label_get_name (label));
      GPtrArray *label_decls = shu_label_get_relation_decls (label);
      const char * const *relation_types = shu_label_get_relation_types (label);
      GPtrArray *label_attributes = shu_label_get_attributes (label);

      if (is_event_type (label, triggers))
        {
          GPtrArray *roles = shu_label_get_event_roles (label);

          begin_in_hierarchy (events, event_stack, shu_label_get_brat_group (label), type);
          if (roles != NULL && roles->len > 0)
            {
              g_string_append_c (events, '\t');
              append_roles (events, labels, roles);
            }
          else if (roles == NULL)
            append_used_roles (events, store, all_relations, shu_label_get_id (label));
          g_string_append_c (events, '\n');
        }
      else
        {
          begin_in_hierarchy (entities, entity_stack, shu_label_get_brat_group (label), type);
          g_string_append_c (entities, '\n');
        }

      /* Each label its line starts from holds the same declaration (its
       * first role names them all): one line. */
      for (guint d = 0; d < label_decls->len; d++)
        {
          ShuRelationDecl *decl = g_ptr_array_index (label_decls, d);
          gboolean found = FALSE;

          for (guint k = 0; k < decls->len && !found; k++)
            found = shu_relation_decl_equal (g_ptr_array_index (decls, k), decl);
          if (!found)
            g_ptr_array_add (decls, decl);
        }
      for (guint t = 0; relation_types[t] != NULL; t++)
        g_ptr_array_add (types, (char *) relation_types[t]);

      for (guint a = 0; a < label_attributes->len; a++)
        {
          ShuAttributeDecl *decl = g_ptr_array_index (label_attributes, a);
          gboolean found = FALSE;

          for (guint k = 0; k < attribute_decls->len && !found; k++)
            if (shu_attribute_decl_equal (g_ptr_array_index (attribute_decls, k), decl))
              {
                g_ptr_array_add (g_ptr_array_index (attribute_labels, k), label);
                found = TRUE;
              }
          if (!found)
            {
              g_ptr_array_add (attribute_decls, decl);
              g_ptr_array_add (attribute_labels, g_ptr_array_new ());
              g_ptr_array_add (g_ptr_array_index (attribute_labels, attribute_decls->len - 1),
                               label);
            }
        }
    }

  for (guint k = 0; k < decls->len; k++)
    {
      ShuRelationDecl *decl = g_ptr_array_index (decls, k);
      const char * const *properties = shu_relation_decl_get_properties (decl);
      GPtrArray *roles = shu_relation_decl_get_roles (decl);

      g_hash_table_add (written, (char *) shu_relation_decl_get_type_name (decl));
      g_string_append_printf (relations, "%s\t", shu_relation_decl_get_type_name (decl));
      append_roles (relations, labels, roles);
      for (guint p = 0; properties[p] != NULL; p++)
        g_string_append_printf (relations, "%s%s", roles->len > 0 || p > 0 ? ", " : "",
                                properties[p]);
      g_string_append_c (relations, '\n');
    }
  /* A type a label offers but nothing declares (someone linked with it),
   * or of a link of the text, takes any argument. */
  for (guint i = 0; i < all_relations->len; i++)
    {
      ShuRelation *relation = g_ptr_array_index (all_relations, i);

      if (shu_relation_get_kind (relation) == SHU_RELATION_LINK
          && shu_relation_get_type_name (relation) != NULL)
        g_ptr_array_add (types, (char *) shu_relation_get_type_name (relation));
    }
  for (guint i = 0; i < types->len; i++)
    if (g_hash_table_add (written, g_ptr_array_index (types, i)))
      g_string_append_printf (relations, "%s\tArg1:<ANY>, Arg2:<ANY>\n",
                              (char *) g_ptr_array_index (types, i));
  append_used_equivalences (relations, store, all_relations, written);

  for (guint k = 0; k < attribute_decls->len; k++)
    {
      ShuAttributeDecl *decl = g_ptr_array_index (attribute_decls, k);
      GPtrArray *on = g_ptr_array_index (attribute_labels, k);
      const char * const *values = shu_attribute_decl_get_values (decl);

      g_string_append_printf (attributes, "%s\tArg:", shu_attribute_decl_get_name (decl));
      for (guint l = 0; l < on->len; l++)
        {
          g_autofree char *type = shu_brat_type_for_label (
            shu_label_get_name (g_ptr_array_index (on, l)));

          g_string_append_printf (attributes, "%s%s", l > 0 ? "|" : "", type);
        }
      if (values != NULL)
        {
          g_autofree char *joined = g_strjoinv ("|", (char **) values);

          g_string_append_printf (attributes, ", Value:%s", joined);
        }
      g_string_append_c (attributes, '\n');
    }

  append_used_attributes (attributes, store, attribute_decls, all_relations);
  return g_strdup_printf ("# brat's annotation configuration, written by Shulayim from its "
                          "label set.\n\n%s\n%s\n%s\n%s", entities->str, relations->str,
                          events->str, attributes->str);
}

char *
shu_brat_config_write_visual (ShuLabelSet  *labels,
                              GError      **error)
{
  GListModel *list;
  g_autoptr(GString) names = g_string_new ("[labels]\n\n");
  g_autoptr(GString) drawing = g_string_new ("[drawing]\n\n");
  guint n;

  g_return_val_if_fail (SHU_IS_LABEL_SET (labels), NULL);

  list = G_LIST_MODEL (labels);
  n = g_list_model_get_n_items (list);
  if (n == 0 || !check_label_types (labels, error))
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ShuLabel) label = g_list_model_get_item (list, i);
      g_autofree char *type = shu_brat_type_for_label (shu_label_get_name (label));

      const char * const *brat_names = shu_label_get_brat_names (label);
      const char *fg_color = shu_label_get_brat_fg_color (label);

      /* brat shows the type itself unless [labels] names it otherwise
       * (the names brat's project gave it, abbreviations too). */
      if (brat_names != NULL)
        {
          g_autofree char *joined = g_strjoinv (" | ", (char **) brat_names);

          g_string_append_printf (names, "%s | %s\n", type, joined);
        }
      else if (strcmp (type, shu_label_get_name (label)) != 0)
        g_string_append_printf (names, "%s | %s\n", type, shu_label_get_name (label));
      g_string_append_printf (drawing, "%s\tbgColor:%s", type, shu_label_get_color (label));
      if (fg_color != NULL)
        g_string_append_printf (drawing, ", fgColor:%s", fg_color);
      g_string_append_c (drawing, '\n');
    }
  return g_strdup_printf ("# brat's visual configuration, written by Shulayim from its label "
                          "set.\n\n%s\n%s", names->str, drawing->str);
}

gboolean
shu_brat_config_save_beside (GFile               *ann,
                             const char          *name,
                             const char          *text,
                             ShuBratConfigSaved  *saved,
                             GCancellable        *cancellable,
                             GError             **error)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *present = NULL;
  gsize size;

  g_return_val_if_fail (G_IS_FILE (ann), FALSE);
  g_return_val_if_fail (name != NULL && text != NULL && saved != NULL, FALSE);

  folder = g_file_get_parent (ann);
  file = g_file_get_child (folder, name);
  if (g_file_load_contents (file, cancellable, &present, &size, NULL, &local))
    {
      *saved = size == strlen (text) && memcmp (present, text, size) == 0
               ? SHU_BRAT_CONFIG_SAME : SHU_BRAT_CONFIG_KEPT;
      return TRUE;
    }
  if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  bytes = g_bytes_new (text, strlen (text));
  if (!shu_safe_file_write_bytes (file, bytes, error))
    return FALSE;
  *saved = SHU_BRAT_CONFIG_WRITTEN;
  return TRUE;
}
