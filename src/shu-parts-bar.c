/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "shu-parts-bar.h"
#include "shu-resources.h"

struct _ShuPartsBar
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkLabel  *title;

  guint      part;
  guint      n_parts;
};

G_DEFINE_FINAL_TYPE (ShuPartsBar, shu_parts_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PART,
  PROP_N_PARTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
shu_parts_bar_new (void)
{
  return g_object_new (SHU_TYPE_PARTS_BAR, NULL);
}

const char *
shu_parts_bar_get_title (ShuPartsBar *self)
{
  g_return_val_if_fail (SHU_IS_PARTS_BAR (self), NULL);

  return gtk_label_get_text (self->title);
}

static void
update (ShuPartsBar *self)
{
  g_autofree char *title = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self), self->n_parts > 1);
  if (self->n_parts <= 1)
    return;
  /* Translators: a text too long to show at once is shown in parts. */
  title = g_strdup_printf (_("Part %u of %u"), MIN (self->part, self->n_parts - 1) + 1,
                           self->n_parts);
  gtk_label_set_text (self->title, title);
}

static void
shu_parts_bar_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SHU_TYPE_PARTS_BAR);
  /* The template's children without an id too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (shu_parts_bar_parent_class)->dispose (object);
}

static void
shu_parts_bar_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ShuPartsBar *self = SHU_PARTS_BAR (object);

  switch (prop_id)
    {
    case PROP_PART:
      g_value_set_uint (value, self->part);
      break;
    case PROP_N_PARTS:
      g_value_set_uint (value, self->n_parts);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_parts_bar_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ShuPartsBar *self = SHU_PARTS_BAR (object);
  guint *field;

  switch (prop_id)
    {
    case PROP_PART:
      field = &self->part;
      break;
    case PROP_N_PARTS:
      field = &self->n_parts;
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }
  if (*field == g_value_get_uint (value))
    return;
  *field = g_value_get_uint (value);
  update (self);
  g_object_notify_by_pspec (object, pspec);
}

static void
shu_parts_bar_class_init (ShuPartsBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_parts_bar_dispose;
  object_class->get_property = shu_parts_bar_get_property;
  object_class->set_property = shu_parts_bar_set_property;

  properties[PROP_PART] =
    g_param_spec_uint ("part", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_PARTS] =
    g_param_spec_uint ("n-parts", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  shu_resources_ensure ();
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "shu-parts-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuPartsBar, title);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
shu_parts_bar_init (ShuPartsBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
