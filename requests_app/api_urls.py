"""API v1 routes for documents and access requests (API.md)."""
from django.urls import path  # noqa: F401

urlpatterns = []
