"""System checks: misconfiguration fails at start-up, not in front of a councillor."""
from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def check_broker_and_database(app_configs, **kwargs):
    problems = []
    broker = settings.CELERY_BROKER_URL
    if not broker.startswith(("filesystem://", "redis://", "rediss://", "memory://")):
        problems.append(
            Error(
                f"CELERY_BROKER_URL {broker!r} is not a broker this portal supports.",
                hint="Use redis://HOST:6379/0 in production, or leave it unset for the filesystem broker under var/.",
                id="portal.E001",
            )
        )
    if settings.TIME_ZONE != "Europe/London":
        problems.append(
            Warning(
                f"TIME_ZONE is {settings.TIME_ZONE!r}; deadlines are counted in Europe/London (WD-COUNT).",
                hint="Unset TIME_ZONE, or set it to Europe/London.",
                id="portal.W001",
            )
        )
    return problems
