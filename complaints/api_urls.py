"""API v1 routes for complaints (API.md) and declared relationships."""
from django.urls import path

from . import api

# str, not uuid: a malformed id reaches the selector and is answered 404 like any unknown one.
urlpatterns = [
    path("complaints/", api.ComplaintListView.as_view(), name="api-complaints"),
    path("complaints/<str:id>/", api.ComplaintDetailView.as_view(), name="api-complaint"),
    path("complaints/<str:id>/acknowledge", api.ComplaintAcknowledgeView.as_view(), name="api-complaint-acknowledge"),
    path("complaints/<str:id>/assess", api.ComplaintAssessView.as_view(), name="api-complaint-assess"),
    path("complaints/<str:id>/notify-subject", api.ComplaintNotifySubjectView.as_view(),
         name="api-complaint-notify-subject"),
    path("complaints/<str:id>/escalate", api.ComplaintEscalateView.as_view(), name="api-complaint-escalate"),
    path("complaints/<str:id>/outcome", api.ComplaintOutcomeView.as_view(), name="api-complaint-outcome"),
    path("complaints/<str:id>/independent-person", api.ComplaintIndependentPersonView.as_view(),
         name="api-complaint-independent-person"),
    path("complaints/<str:id>/decision", api.ComplaintDecisionView.as_view(), name="api-complaint-decision"),
    path("relationships/", api.RelationshipListView.as_view(), name="api-relationships"),
    path("relationships/register", api.RelationshipRegisterView.as_view(), name="api-relationship-register"),
    path("relationships/<str:id>/withdraw", api.RelationshipWithdrawView.as_view(), name="api-relationship-withdraw"),
]
