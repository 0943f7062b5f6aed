"""API v1 routes for documents and access requests (API.md)."""
from django.urls import path

from . import api

urlpatterns = [
    path("documents/", api.DocumentListView.as_view(), name="api-documents"),
    path("documents/<str:ref>/", api.DocumentDetailView.as_view(), name="api-document"),
    path("documents/<str:ref>/content", api.DocumentContentView.as_view(), name="api-document-content"),
    path("access-requests/", api.AccessRequestListView.as_view(), name="api-access-requests"),
    # str, not uuid: a malformed id reaches the selector and is answered 404 like any unknown one.
    path("access-requests/<str:id>/", api.AccessRequestDetailView.as_view(), name="api-access-request"),
    path("access-requests/<str:id>/determination", api.AccessRequestDeterminationView.as_view(),
         name="api-access-request-determination"),
    path("access-requests/<str:id>/refer", api.AccessRequestReferView.as_view(), name="api-access-request-refer"),
    path("access-requests/<str:id>/dispute", api.AccessRequestDisputeView.as_view(), name="api-access-request-dispute"),
]
