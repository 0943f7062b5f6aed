from django.apps import AppConfig


class BriefingsConfig(AppConfig):
    name = "requests_app.briefings"
    label = "briefings"
    verbose_name = "Party-group briefings"
