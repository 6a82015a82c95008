/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* A question with buttons over a window. Before libadwaita 1.5 it is an
 * AdwMessageDialog, a window of its own; from 1.5 an AdwAlertDialog inside
 * the window, as the message dialog is deprecated from 1.6. The two take
 * the same calls but for making and presenting one, so the callers write
 * them once, with these names. Its "response" signal is the same in both. */
#if ADW_CHECK_VERSION (1, 5, 0)
typedef AdwAlertDialog ShuAlert;
# define SHU_ALERT(obj)                     ADW_ALERT_DIALOG (obj)
# define shu_alert_add_response             adw_alert_dialog_add_response
# define shu_alert_add_responses            adw_alert_dialog_add_responses
# define shu_alert_set_response_appearance  adw_alert_dialog_set_response_appearance
# define shu_alert_set_default_response     adw_alert_dialog_set_default_response
# define shu_alert_set_close_response       adw_alert_dialog_set_close_response
# define shu_alert_format_body              adw_alert_dialog_format_body
# define shu_alert_set_extra_child          adw_alert_dialog_set_extra_child
# define shu_alert_get_extra_child          adw_alert_dialog_get_extra_child
#else
typedef AdwMessageDialog ShuAlert;
# define SHU_ALERT(obj)                     ADW_MESSAGE_DIALOG (obj)
# define shu_alert_add_response             adw_message_dialog_add_response
# define shu_alert_add_responses            adw_message_dialog_add_responses
# define shu_alert_set_response_appearance  adw_message_dialog_set_response_appearance
# define shu_alert_set_default_response     adw_message_dialog_set_default_response
# define shu_alert_set_close_response       adw_message_dialog_set_close_response
# define shu_alert_format_body              adw_message_dialog_format_body
# define shu_alert_set_extra_child          adw_message_dialog_set_extra_child
# define shu_alert_get_extra_child          adw_message_dialog_get_extra_child
#endif

/* @heading and @body are plain text, not markup; @body may be NULL. */
static inline ShuAlert *
shu_alert_new (const char *heading,
               const char *body)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return SHU_ALERT (adw_alert_dialog_new (heading, body));
#else
  return SHU_ALERT (adw_message_dialog_new (NULL, heading, body));
#endif
}

/* Shows @alert over @parent, modal. */
static inline void
shu_alert_present (ShuAlert  *alert,
                   GtkWindow *parent)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (alert), GTK_WIDGET (parent));
#else
  gtk_window_set_transient_for (GTK_WINDOW (alert), parent);
  gtk_window_present (GTK_WINDOW (alert));
#endif
}

/* The window @alert is shown over, or NULL. */
static inline GtkWindow *
shu_alert_get_parent (ShuAlert *alert)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (alert));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
#else
  return gtk_window_get_transient_for (GTK_WINDOW (alert));
#endif
}

G_END_DECLS
