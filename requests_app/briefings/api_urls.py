"""API v1 routes for party-group briefings (API.md, and every capability the pages give)."""
from django.urls import path

from . import api

# str, not uuid: a malformed id reaches the selector and is answered 404 like any unknown one.
urlpatterns = [
    path("briefings/", api.BriefingListView.as_view(), name="api-briefings"),
    path("briefings/offers/", api.OfferListView.as_view(), name="api-briefing-offers"),
    path("briefings/offers/<str:id>/respond", api.OfferRespondView.as_view(), name="api-briefing-offer-respond"),
    path("briefings/notices/", api.NoticeListView.as_view(), name="api-briefing-notices"),
    path("briefings/notices/<str:id>/", api.NoticeDetailView.as_view(), name="api-briefing-notice"),
    path("briefings/notices/<str:id>/report", api.NoticeReportView.as_view(), name="api-briefing-notice-report"),
    path("briefings/<str:id>/", api.BriefingDetailView.as_view(), name="api-briefing"),
    path("briefings/<str:id>/approve", api.BriefingApproveView.as_view(), name="api-briefing-approve"),
    path("briefings/<str:id>/reject", api.BriefingRejectView.as_view(), name="api-briefing-reject"),
    path("briefings/<str:id>/nominate", api.BriefingNominateView.as_view(), name="api-briefing-nominate"),
    path("briefings/<str:id>/decline", api.BriefingDeclineView.as_view(), name="api-briefing-decline"),
    path("briefings/<str:id>/deliver", api.BriefingDeliverView.as_view(), name="api-briefing-deliver"),
    path("briefings/<str:id>/record", api.RecordView.as_view(), name="api-briefing-record"),
    path("briefings/<str:id>/record/attributions", api.AttributionListView.as_view(),
         name="api-briefing-record-attributions"),
    path("briefings/<str:id>/record/attributions/<str:attribution_id>/verify", api.AttributionVerifyView.as_view(),
         name="api-briefing-attribution-verify"),
    path("briefings/<str:id>/record/final", api.RecordFinalView.as_view(), name="api-briefing-record-final"),
]
