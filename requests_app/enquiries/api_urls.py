"""API v1 routes for members' enquiries (API.md)."""
from django.urls import path

from . import api

urlpatterns = [
    path("enquiries/", api.EnquiryListView.as_view(), name="api-enquiries"),
    # str, not uuid: a malformed id reaches the selector and is answered 404 like any unknown one.
    path("enquiries/<str:id>/", api.EnquiryDetailView.as_view(), name="api-enquiry"),
    path("enquiries/<str:id>/assign", api.EnquiryAssignView.as_view(), name="api-enquiry-assign"),
    path("enquiries/<str:id>/route", api.EnquiryRouteView.as_view(), name="api-enquiry-route"),
    path("enquiries/<str:id>/holding-reply", api.EnquiryHoldingReplyView.as_view(), name="api-enquiry-holding-reply"),
    path("enquiries/<str:id>/response", api.EnquiryResponseView.as_view(), name="api-enquiry-response"),
    path("enquiries/<str:id>/decline", api.EnquiryDeclineView.as_view(), name="api-enquiry-decline"),
    path("enquiries/<str:id>/guidance", api.EnquiryGuidanceView.as_view(), name="api-enquiry-guidance"),
]
