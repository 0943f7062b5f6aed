"""Pages for documents and access requests."""
from django.urls import path

from . import views

app_name = "requests_app"
urlpatterns = [
    path("documents/", views.document_list, name="documents"),
    path("documents/<str:ref>/", views.document_detail, name="document"),
    path("documents/<str:ref>/request/", views.document_request, name="document-request"),
    path("documents/<str:ref>/read/", views.document_read, name="document-read"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<uuid:public_id>/", views.request_detail, name="request"),
    path("requests/<uuid:public_id>/dispute/", views.request_dispute, name="request-dispute"),
    path("requests/<uuid:public_id>/determine/", views.request_determine, name="request-determine"),
    path("requests/<uuid:public_id>/refer/", views.request_refer, name="request-refer"),
    path("requests/<uuid:public_id>/revoke/", views.request_revoke, name="request-revoke"),
]
