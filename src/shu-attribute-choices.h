/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "shu-annotation.h"

G_BEGIN_DECLS

#define SHU_TYPE_ATTRIBUTE_CHOICES (shu_attribute_choices_get_type ())
G_DECLARE_FINAL_TYPE (ShuAttributeChoices, shu_attribute_choices, SHU, ATTRIBUTE_CHOICES, GtkBox)

/**
 * ShuAttributeChoices:
 *
 * The attributes a label declares, each to be set: a check box for a
 * binary one, a choice of its values (after "(none)") for the other, in
 * the declared order. The annotate popover reads what was chosen when
 * the annotation is made (shu_attribute_choices_dup_attributes()); the
 * sidebar's editor applies each change as it is made
 * (::attribute-changed).
 *
 * ::attribute-changed (name, value, removed): the user set attribute
 * @name to @value (NULL for a binary one), or took it away (@removed).
 * Not emitted by shu_attribute_choices_set(). Made by the templates
 * that hold it (ui/shu-annotate-popover.ui, ui/shu-sidebar.ui).
 */

/* Offers @declarations (element-type ShuAttributeDecl; NULL: none), set
 * as @annotation has them (NULL: none set). */
void        shu_attribute_choices_set            (ShuAttributeChoices *self,
                                                  GPtrArray           *declarations,
                                                  ShuAnnotation       *annotation);

/* What is chosen. (transfer full) (element-type ShuAttribute) */
GPtrArray  *shu_attribute_choices_dup_attributes (ShuAttributeChoices *self)
  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
