"""The Monitoring Officer's pages (issue 7)."""
from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("oversight/", views.dashboard, name="dashboard"),
    path("oversight/statistics/", views.statistics, name="statistics"),
    path("oversight/audit/", views.audit, name="audit"),
    path("oversight/audit/check/", views.audit_verify, name="audit-verify"),
    path("oversight/access/", views.access, name="access"),
    path("oversight/access/<uuid:public_id>/withdraw/", views.access_withdraw, name="access-withdraw"),
]
