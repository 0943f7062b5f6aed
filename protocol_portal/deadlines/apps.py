from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "protocol_portal.deadlines"
    label = "deadlines"
    verbose_name = "Deadlines, reminders and escalations"
