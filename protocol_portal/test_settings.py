"""Settings for pytest: the real settings with the few changes tests need (see STACK.md pitfalls)."""
import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-not-for-any-real-deployment-0123456789")
os.environ.setdefault("PORTAL_VAR_DIR", os.path.join(tempfile.gettempdir(), "protocol-portal-tests"))

from .settings import *  # noqa: E402,F403

ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
# The manifest storage needs collectstatic; tests serve files as they are.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STATIC_ROOT = str(VAR_DIR / "staticfiles")  # noqa: F405
os.makedirs(STATIC_ROOT, exist_ok=True)
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that prove the lockout switch it on; elsewhere a typo must not lock a fixture out.
AXES_ENABLED = True
CELERY_TASK_ALWAYS_EAGER = False
