/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "shu-orphans-bar.h"
#include "shu-resources.h"

struct _ShuOrphansBar
{
  GtkWidget  parent_instance;

  /* Template widgets: GtkInfoBar is deprecated from GTK 4.10, so from
   * libadwaita 1.3 the bar is an AdwBanner; before, an info bar with a
   * label. */
#if ADW_CHECK_VERSION (1, 3, 0)
  AdwBanner *banner;
#else
  GtkLabel  *label;
#endif

  guint      n_orphans;
};

G_DEFINE_FINAL_TYPE (ShuOrphansBar, shu_orphans_bar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_ORPHANS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GtkWidget *
shu_orphans_bar_new (void)
{
  return g_object_new (SHU_TYPE_ORPHANS_BAR, NULL);
}

guint
shu_orphans_bar_get_n_orphans (ShuOrphansBar *self)
{
  g_return_val_if_fail (SHU_IS_ORPHANS_BAR (self), 0);
  return self->n_orphans;
}

void
shu_orphans_bar_set_n_orphans (ShuOrphansBar *self,
                               guint          n_orphans)
{
  g_return_if_fail (SHU_IS_ORPHANS_BAR (self));

  if (self->n_orphans == n_orphans)
    return;
  self->n_orphans = n_orphans;
  if (n_orphans > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u annotation could not be placed "
                                                         "on this text",
                                                         "%u annotations could not be placed "
                                                         "on this text",
                                                         n_orphans),
                                               n_orphans);

#if ADW_CHECK_VERSION (1, 3, 0)
      adw_banner_set_title (self->banner, text);
#else
      gtk_label_set_text (self->label, text);
#endif
    }
  gtk_widget_set_visible (GTK_WIDGET (self), n_orphans > 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ORPHANS]);
}

static void
shu_orphans_bar_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SHU_TYPE_ORPHANS_BAR);
  /* The template's children without an id too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (shu_orphans_bar_parent_class)->dispose (object);
}

static void
shu_orphans_bar_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ShuOrphansBar *self = SHU_ORPHANS_BAR (object);

  switch (prop_id)
    {
    case PROP_N_ORPHANS:
      g_value_set_uint (value, self->n_orphans);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_orphans_bar_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  ShuOrphansBar *self = SHU_ORPHANS_BAR (object);

  switch (prop_id)
    {
    case PROP_N_ORPHANS:
      shu_orphans_bar_set_n_orphans (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
shu_orphans_bar_class_init (ShuOrphansBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = shu_orphans_bar_dispose;
  object_class->get_property = shu_orphans_bar_get_property;
  object_class->set_property = shu_orphans_bar_set_property;

  properties[PROP_N_ORPHANS] =
    g_param_spec_uint ("n-orphans", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  shu_resources_ensure ();
#if ADW_CHECK_VERSION (1, 3, 0)
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-orphans-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuOrphansBar, banner);
#else
  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PREFIX "shu-orphans-bar-infobar.ui");
  gtk_widget_class_bind_template_child (widget_class, ShuOrphansBar, label);
#endif
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
shu_orphans_bar_init (ShuOrphansBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
#if ADW_CHECK_VERSION (1, 4, 0)
  /* The count is plain text (the property only comes with 1.4). */
  adw_banner_set_use_markup (self->banner, FALSE);
#endif
}
