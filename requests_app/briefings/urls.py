"""Pages for party-group briefings."""
from django.urls import path

from . import views

app_name = "briefings"
urlpatterns = [
    path("briefings/", views.briefing_list, name="briefings"),
    path("briefings/new/", views.briefing_new, name="briefing-new"),
    path("briefings/offers/<uuid:public_id>/respond/", views.offer_respond, name="offer-respond"),
    path("briefings/notices/<uuid:public_id>/", views.notice_detail, name="notice"),
    path("briefings/notices/<uuid:public_id>/report/", views.report_copy, name="notice-report"),
    path("briefings/<uuid:public_id>/", views.briefing_detail, name="briefing"),
    path("briefings/<uuid:public_id>/approve/", views.briefing_approve, name="briefing-approve"),
    path("briefings/<uuid:public_id>/reject/", views.briefing_reject, name="briefing-reject"),
    path("briefings/<uuid:public_id>/nominate/", views.briefing_nominate, name="briefing-nominate"),
    path("briefings/<uuid:public_id>/decline/", views.briefing_decline, name="briefing-decline"),
    path("briefings/<uuid:public_id>/deliver/", views.briefing_deliver, name="briefing-deliver"),
    path("briefings/<uuid:public_id>/record/", views.record_write, name="record-write"),
    path("briefings/<uuid:public_id>/record/attributions/", views.record_attribute, name="record-attribute"),
    path("briefings/<uuid:public_id>/record/attributions/<uuid:attribution_id>/verify/", views.attribution_verify,
         name="attribution-verify"),
    path("briefings/<uuid:public_id>/record/final/", views.record_finalise, name="record-final"),
]
