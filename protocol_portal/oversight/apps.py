from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "protocol_portal.oversight"
    label = "oversight"
    verbose_name = "The Monitoring Officer's oversight"
