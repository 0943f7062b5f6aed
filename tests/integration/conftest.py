"""The fixture the tests on real services share (helpers are in services.py)."""
import pytest
from django.db import connection

from .services import Worker, clear_broker, require_services, subprocess_env


@pytest.fixture
def services(transactional_db, tmp_path):
    """Riverside committed (workers and commands see it), a clean broker, and a worker starter.

    ``services(name, takeover=False, **environment)`` starts a worker; keyword arguments override its
    environment (e.g. CELERY_BROKER_URL, DATABASE_URL). Every worker started is stopped, and waited
    for, before the database is flushed.
    """
    from protocol_portal.council.models import Council
    from tests.conftest import import_riverside

    require_services()
    if not Council.objects.exists():
        import_riverside()
    clear_broker()
    env = subprocess_env(tmp_path)
    workers = []

    def start_worker(name, *, takeover=False, **overrides):
        worker_env = {**env, **overrides}
        if takeover:
            worker_env["DJANGO_SETTINGS_MODULE"] = "takeover_settings"
        workers.append(Worker(worker_env, tmp_path / f"{name}.log"))
        return workers[-1]

    start_worker.env = env
    yield start_worker
    for worker in workers:
        worker.stop()
    connection.close()  # PostgreSQL cannot flush tables a stale session still reads
    clear_broker()
