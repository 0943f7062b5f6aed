"""The portal's URLs, and the load benchmark's minimal view at /bench/limit/ (bench_views.py)."""
from django.urls import include, path

from protocol_portal.urls import handler403, handler404, handler500  # noqa: F401  (the root URLconf's)

from . import bench_views

urlpatterns = [
    path("bench/limit/", bench_views.limit, name="bench-limit"),
    path("", include("protocol_portal.urls")),
]
