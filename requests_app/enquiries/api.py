"""API v1 for members' enquiries (API.md): parse, call one selector or action, answer (ENQ-*, COR-*).

Who may see an enquiry is ``selectors.enquiries_visible_to`` alone: anyone else is answered 404,
exactly as for an enquiry that does not exist. Who may act on one is the action's to decide (403).
"""
import uuid

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from protocol_portal.council.api_support import error_responses, parsed
from protocol_portal.council.errors import Invalid


from . import actions
from .selectors import (
    enquiries_visible_to,
    enquiry_for,
    with_events_and_escalations,
    with_visible_messages,
)
from .serializers import (
    AssignSerializer,
    DeclineSerializer,
    EnquiryCreateSerializer,
    EnquirySerializer,
    GuidanceSerializer,
    HoldingReplySerializer,
    ResponseSerializer,
    RouteSerializer,
)

ERRORS = {
    400: "Some of what was sent is not valid; `fields` lists every bad field and what to change.",
    403: "You can see this enquiry but may not do this to it; `message` says why.",
    404: "Not found: it does not exist, or you may not know it exists (the same answer either way).",
    409: "This does not fit the enquiry's current state, e.g. it has already been answered.",
}
ENQUIRY_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The enquiry's id.")
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.UUID, OpenApiParameter.HEADER, required=False,
    description="A UUID the client makes for this enquiry. Sent again with the same key (a retry after a lost "
                "answer, say), the request answers 201 with the enquiry already made and makes no other.")


def _errors(*codes):
    return error_responses(ERRORS, *codes)


_parsed = parsed


def _prepared(enquiries, user):
    """Load everything the representation shows for a page of enquiries: a fixed number of queries."""
    return with_visible_messages(with_events_and_escalations(list(enquiries)), user)


def _answer(enquiry, user, status=200):
    _prepared([enquiry], user)
    return Response(EnquirySerializer(enquiry).data, status=status)


class EnquiryListView(APIView):
    """The enquiries the caller may see, newest first; and a member's new enquiry (ENQ-DUE)."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="enquiries_list", responses={200: EnquirySerializer(many=True)})
    def get(self, request):
        paginator = self.pagination_class()
        # The pk breaks ties between enquiries received at the same moment, so pages never overlap.
        # The constituent's ward (on_behalf_of) for the whole page in one query, if any enquiry on it has one.
        enquiries = enquiries_visible_to(request.user).prefetch_related("on_behalf_ward")
        page = paginator.paginate_queryset(enquiries.order_by("-received_at", "-pk"), request, view=self)
        return paginator.get_paginated_response(EnquirySerializer(_prepared(page, request.user), many=True).data)

    @extend_schema(operation_id="enquiries_create", request=EnquiryCreateSerializer, parameters=[IDEMPOTENCY_KEY],
                   responses={201: EnquirySerializer, **_errors(400, 403)})
    def post(self, request):
        key = _idempotency_key(request)
        body = _parsed(EnquiryCreateSerializer, request.data)
        enquiry = actions.enquiry_create(acting_user=request.user, submission_key=key, **body)
        return _answer(enquiry, request.user, status=201)


def _idempotency_key(request):
    """Return the request's Idempotency-Key as a UUID, None without one; a key that is not a UUID is refused."""
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return None
    try:
        return uuid.UUID(key)
    except ValueError:
        raise Invalid("The Idempotency-Key header is not valid.", fields={"Idempotency-Key": [
            "Give a UUID you made for this enquiry, e.g. 3f2b8c1e-9a4d-4e6f-b1c2-7d8e9f0a1b2c, or leave the header "
            "out."]}) from None


class EnquiryDetailView(APIView):
    @extend_schema(operation_id="enquiries_retrieve", parameters=[ENQUIRY_ID],
                   responses={200: EnquirySerializer, **_errors(404)})
    def get(self, request, id):
        return _answer(enquiry_for(request.user, id), request.user)


def _action_schema(operation_id, body, description):
    return extend_schema(operation_id=operation_id, parameters=[ENQUIRY_ID], request=body,
                         description=description, responses={200: EnquirySerializer, **_errors(400, 403, 404, 409)})


class EnquiryAssignView(APIView):
    @_action_schema("enquiries_assign", AssignSerializer,
                    "Democratic Services, or a manager in the enquiry's department, assigns it to an officer "
                    "(ENQ-TRIAGE); never to one with a declared relationship with the member (REL-CONFLICT). "
                    "The officer is emailed.")
    def post(self, request, id):
        enquiry = enquiry_for(request.user, id)
        body = _parsed(AssignSerializer, request.data)
        return _answer(actions.enquiry_assign(acting_user=request.user, enquiry=enquiry, **body), request.user)


class EnquiryRouteView(APIView):
    @_action_schema("enquiries_route", RouteSerializer,
                    "Democratic Services, or a manager in the enquiry's department, sends it to another department "
                    "to assign and answer (ENQ-TRIAGE). A manager who routes it away may no longer see it afterwards.")
    def post(self, request, id):
        enquiry = enquiry_for(request.user, id)
        body = _parsed(RouteSerializer, request.data)
        return _answer(actions.enquiry_route(acting_user=request.user, enquiry=enquiry, **body), request.user)


class EnquiryHoldingReplyView(APIView):
    @_action_schema("enquiries_holding_reply", HoldingReplySerializer,
                    "The assignee sends a holding reply with reasons and a revised date (ENQ-HOLDING). Sent before "
                    "the target passes, it moves `target_at` to the end of the revised date; sent later, it is sent "
                    "but the escalation goes on (ENQ-ESCALATE).")
    def post(self, request, id):
        enquiry = enquiry_for(request.user, id)
        body = _parsed(HoldingReplySerializer, request.data)
        return _answer(actions.enquiry_holding_reply(acting_user=request.user, enquiry=enquiry, **body), request.user)


class EnquiryResponseView(APIView):
    @_action_schema("enquiries_respond", ResponseSerializer,
                    "The assignee sends the full response (ENQ-DUE): the enquiry is answered and its clock stops.")
    def post(self, request, id):
        enquiry = enquiry_for(request.user, id)
        body = _parsed(ResponseSerializer, request.data)
        return _answer(actions.enquiry_respond(acting_user=request.user, enquiry=enquiry, **body), request.user)


class EnquiryDeclineView(APIView):
    @_action_schema("enquiries_decline", DeclineSerializer,
                    "The assignee declines work of a purely political or personal nature, citing the rule "
                    "(ENQ-DECLINE); a decline is a full response, so the clock stops.")
    def post(self, request, id):
        enquiry = enquiry_for(request.user, id)
        body = _parsed(DeclineSerializer, request.data)
        return _answer(actions.enquiry_decline(acting_user=request.user, enquiry=enquiry, **body), request.user)


class EnquiryGuidanceView(APIView):
    @_action_schema("enquiries_guidance", GuidanceSerializer,
                    "The assignee records that the Chief Officer's guidance was sought before answering an "
                    "enquiry that needs significant resources (ENQ-RESOURCES).")
    def post(self, request, id):
        enquiry = enquiry_for(request.user, id)
        body = _parsed(GuidanceSerializer, request.data)
        return _answer(actions.enquiry_note_guidance(acting_user=request.user, enquiry=enquiry, **body), request.user)
