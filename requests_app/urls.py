"""Pages for documents and access requests."""
from django.urls import path  # noqa: F401

app_name = "requests_app"
urlpatterns = []
