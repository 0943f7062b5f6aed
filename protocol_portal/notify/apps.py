from django.apps import AppConfig


class NotifyConfig(AppConfig):
    name = "protocol_portal.notify"
    label = "notify"
    verbose_name = "Email notifications"
