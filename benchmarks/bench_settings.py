"""The portal's production settings for the load benchmark (load.py), served over plain http on 127.0.0.1.

Everything comes from protocol_portal.settings with DJANGO_DEBUG=false, except the two things plain
http on loopback cannot have: the redirect to https and cookies marked Secure (wrk sends the session
cookie either way, but a browser checking a page by hand would not). HSTS is left as it is: it is a
header, and costs the same. The URLs add the framework's limit, a minimal view (bench_views.py).
"""
from protocol_portal.settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
ROOT_URLCONF = "benchmarks.bench_urls"
