from django.apps import AppConfig


class CouncilConfig(AppConfig):
    name = "protocol_portal.council"
    label = "council"
    verbose_name = "Council"

    def ready(self):
        from protocol_portal import checks  # noqa: F401  (registers the system checks)
