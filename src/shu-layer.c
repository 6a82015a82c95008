/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "shu-layer.h"
#include "shu-text.h"

struct _ShuLayer
{
  GObject      parent_instance;

  char        *id;
  char        *name;
  GFile       *file;
  ShuDocument *document;
  gboolean     visible;
};

G_DEFINE_FINAL_TYPE (ShuLayer, shu_layer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_FILE,
  PROP_DOCUMENT,
  PROP_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The creators of the annotations, in order of first appearance, joined
 * with commas: that is who a reader wants to see, not a file name. */
static char *
dup_creators (ShuDocument *document)
{
  g_autoptr(GPtrArray) annotations =
    shu_annotation_store_dup_annotations (shu_document_get_store (document));
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (guint i = 0; i < annotations->len; i++)
    {
      const char *creator = shu_annotation_get_creator (g_ptr_array_index (annotations, i));
      gboolean seen = FALSE;

      if (creator == NULL || creator[0] == '\0')
        continue;
      for (guint k = 0; k < names->len && !seen; k++)
        seen = g_str_equal (g_ptr_array_index (names, k), creator);
      if (!seen)
        g_ptr_array_add (names, (gpointer) creator);
    }
  if (names->len == 0)
    return NULL;
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

ShuLayer *
shu_layer_new (ShuDocument *document,
               GFile       *file)
{
  static guint counter;
  g_autofree char *name = NULL;
  ShuLayer *self;

  g_return_val_if_fail (SHU_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  self = g_object_new (SHU_TYPE_LAYER, NULL);
  self->id = g_strdup_printf ("layer-%u", ++counter);
  self->document = g_object_ref (document);
  self->file = g_object_ref (file);
  name = dup_creators (document);
  if (name == NULL)
    name = g_file_get_basename (file);
  /* Shown everywhere the layer is named, and it comes from another
   * annotator's file: its bidi controls are shown, not obeyed. */
  self->name = shu_text_make_bidi_visible (name);
  return self;
}

const char *
shu_layer_get_id (ShuLayer *self)
{
  g_return_val_if_fail (SHU_IS_LAYER (self), NULL);
  return self->id;
}

const char *
shu_layer_get_name (ShuLayer *self)
{
  g_return_val_if_fail (SHU_IS_LAYER (self), NULL);
  return self->name;
}

GFile *
shu_layer_get_file (ShuLayer *self)
{
  g_return_val_if_fail (SHU_IS_LAYER (self), NULL);
  return self->file;
}

ShuDocument *
shu_layer_get_document (ShuLayer *self)
{
  g_return_val_if_fail (SHU_IS_LAYER (self), NULL);
  return self->document;
}

gboolean
shu_layer_get_visible (ShuLayer *self)
{
  g_return_val_if_fail (SHU_IS_LAYER (self), FALSE);
  return self->visible;
}

void
shu_layer_set_visible (ShuLayer *self,
                       gboolean  visible)
{
  g_return_if_fail (SHU_IS_LAYER (self));

  visible = !!visible;
  if (self->visible == visible)
    return;
  self->visible = visible;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VISIBLE]);
}

static void
shu_layer_finalize (GObject *object)
{
  ShuLayer *self = SHU_LAYER (object);

  g_free (self->id);
  g_free (self->name);
  g_clear_object (&self->file);
  g_clear_object (&self->document);

  G_OBJECT_CLASS (shu_layer_parent_class)->finalize (object);
}

static void
shu_layer_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  ShuLayer *self = SHU_LAYER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_VISIBLE:
      g_value_set_boolean (value, self->visible);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_layer_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  ShuLayer *self = SHU_LAYER (object);

  switch (prop_id)
    {
    case PROP_VISIBLE:
      shu_layer_set_visible (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_layer_class_init (ShuLayerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = shu_layer_finalize;
  object_class->get_property = shu_layer_get_property;
  object_class->set_property = shu_layer_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, SHU_TYPE_DOCUMENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_VISIBLE] =
    g_param_spec_boolean ("visible", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
shu_layer_init (ShuLayer *self)
{
  self->visible = TRUE;
}
