"""API v1 for party-group briefings (API.md): parse, call one selector or action, answer (BRF-*).

Who may see a briefing is ``selectors.briefings_visible_to`` alone, and who may read the group's
record is ``selectors.record_of``: anyone else is answered 404, exactly as for a thing that does
not exist. Who may act on one is the action's to decide (403).
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from protocol_portal.council.api_support import error_responses, parsed
from protocol_portal.council.errors import NotFound

from . import actions
from .selectors import (
    attribution_for,
    briefing_for,
    briefings_visible_to,
    notice_for,
    notices_for,
    offer_for,
    offers_for,
    record_of,
    with_offers_and_events,
)
from .serializers import (
    BriefingApproveSerializer,
    BriefingAttributionAddSerializer,
    BriefingAttributionVerifySerializer,
    BriefingCreateSerializer,
    BriefingDeclineSerializer,
    BriefingDeliverSerializer,
    BriefingNoFieldsSerializer,
    BriefingNominateSerializer,
    BriefingNoticeSerializer,
    BriefingOfferRespondSerializer,
    BriefingOfferSerializer,
    BriefingRecordSerializer,
    BriefingRecordWriteSerializer,
    BriefingRejectSerializer,
    BriefingSerializer,
)

ERRORS = {
    400: "Some of what was sent is not valid; `fields` lists every bad field and what to change.",
    403: "You can see this but may not do this to it; `message` says why.",
    404: "Not found: it does not exist, or you may not know it exists (the same answer either way).",
    409: "This does not fit its current state, e.g. the briefing has already been approved.",
}
BRIEFING_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The briefing's id.")
OFFER_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The offer's id.")
NOTICE_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The notice's id.")
ATTRIBUTION_ID = OpenApiParameter("attribution_id", OpenApiTypes.UUID, OpenApiParameter.PATH,
                                  description="The attribution's id, as the record lists it.")


def _errors(*codes):
    return error_responses(ERRORS, *codes)


def _answer(briefing, status=200):
    with_offers_and_events([briefing])
    return Response(BriefingSerializer(briefing).data, status=status)


def _record_answer(user, briefing, status=200):
    record = record_of(user, briefing)
    if record is None:
        raise NotFound()
    return Response(BriefingRecordSerializer(record).data, status=status)


# Briefings (BRF-REQUEST, BRF-APPROVE, BRF-SENIOR, BRF-SCOPE, BRF-SAME-ADVICE)

class BriefingListView(APIView):
    """The briefings the caller may see, newest first; and a group's request for one (BRF-REQUEST)."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="briefings_list", responses={200: BriefingSerializer(many=True)},
                   description="The briefings of the caller's group (or, in no group, their own), or those the "
                               "caller approves, gives or attends (BRF-CONFIDENTIAL), newest first.")
    def get(self, request):
        paginator = self.pagination_class()
        # The pk breaks ties between briefings asked for at the same moment, so pages never overlap.
        page = paginator.paginate_queryset(briefings_visible_to(request.user).order_by("-requested_at", "-pk"),
                                           request, view=self)
        return paginator.get_paginated_response(BriefingSerializer(with_offers_and_events(list(page)), many=True).data)

    @extend_schema(operation_id="briefings_create", request=BriefingCreateSerializer,
                   responses={201: BriefingSerializer, **_errors(400, 403)},
                   description="A group leader or spokesperson, or a member of no group, asks for an officer "
                               "briefing on Council business (BRF-REQUEST, BRF-SCOPE). Nobody is assigned until the "
                               "approver approves (BRF-APPROVE), who is emailed.")
    def post(self, request):
        body = parsed(BriefingCreateSerializer, request.data)
        return _answer(actions.briefing_request(acting_user=request.user, **body), status=201)


class BriefingDetailView(APIView):
    @extend_schema(operation_id="briefings_retrieve", parameters=[BRIEFING_ID],
                   responses={200: BriefingSerializer, **_errors(404)})
    def get(self, request, id):
        return _answer(briefing_for(request.user, id))


def _action_schema(operation_id, body, description):
    return extend_schema(operation_id=operation_id, parameters=[BRIEFING_ID], request=body,
                         description=description, responses={200: BriefingSerializer, **_errors(400, 403, 404, 409)})


class BriefingApproveView(APIView):
    @_action_schema("briefings_approve", BriefingApproveSerializer,
                    "The approver approves, naming the senior officer who gives it (BRF-APPROVE, BRF-SENIOR); with "
                    "non-council attendees a reason is required (BRF-NON-COUNCIL). Every other group and member of "
                    "no group is offered the same briefing (BRF-EQUAL).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingApproveSerializer, request.data)
        return _answer(actions.briefing_approve(acting_user=request.user, briefing=briefing, **body))


class BriefingRejectView(APIView):
    @_action_schema("briefings_reject", BriefingRejectSerializer,
                    "The approver rejects the request, with reasons the group sees (BRF-APPROVE).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingRejectSerializer, request.data)
        return _answer(actions.briefing_reject(acting_user=request.user, briefing=briefing, **body))


class BriefingNominateView(APIView):
    @_action_schema("briefings_nominate", BriefingNominateSerializer,
                    "The senior officer assigned nominates another officer to attend on their behalf; the "
                    "nomination is recorded (BRF-SENIOR).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingNominateSerializer, request.data)
        return _answer(actions.briefing_nominate(acting_user=request.user, briefing=briefing, **body))


class BriefingDeclineView(APIView):
    @_action_schema("briefings_decline", BriefingDeclineSerializer,
                    "The officer declines to give the briefing, with reasons (BRF-SCOPE); not an equivalent of a "
                    "briefing given to another group (BRF-EQUAL).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingDeclineSerializer, request.data)
        return _answer(actions.briefing_decline(acting_user=request.user, briefing=briefing, **body))


class BriefingDeliverView(APIView):
    @_action_schema("briefings_deliver", BriefingDeliverSerializer,
                    "The officer records that the briefing was given and the advice given (BRF-SAME-ADVICE); every "
                    "other group is told that it happened and its subject, never the advice (BRF-NOTIFY).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingDeliverSerializer, request.data)
        return _answer(actions.briefing_deliver(acting_user=request.user, briefing=briefing, **body))


# Equal offers (BRF-EQUAL)

class OfferListView(APIView):
    """The equal offers made to the caller's group, or to them as a member of no group (BRF-EQUAL)."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="briefing_offers_list", responses={200: BriefingOfferSerializer(many=True)})
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(offers_for(request.user), request, view=self)
        return paginator.get_paginated_response(BriefingOfferSerializer(page, many=True).data)


class OfferRespondView(APIView):
    @extend_schema(operation_id="briefing_offers_respond", parameters=[OFFER_ID],
                   request=BriefingOfferRespondSerializer,
                   responses={200: BriefingOfferSerializer, **_errors(400, 403, 404, 409)},
                   description="The group's leader or a spokesperson, or the member of no group, accepts or declines "
                               "the offer (BRF-EQUAL). Accepting makes it an approved briefing with the same officer "
                               "(`result`), to be given substantially the same advice (BRF-SAME-ADVICE).")
    def post(self, request, id):
        offer = offer_for(request.user, id)
        body = parsed(BriefingOfferRespondSerializer, request.data)
        answered = actions.offer_respond(acting_user=request.user, offer=offer, **body)
        return Response(BriefingOfferSerializer(answered).data)


# Notices and report copies (BRF-NOTIFY)

class NoticeListView(APIView):
    """What the caller's group has been told of other groups' briefings (BRF-NOTIFY)."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="briefing_notices_list", responses={200: BriefingNoticeSerializer(many=True)})
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(notices_for(request.user), request, view=self)
        return paginator.get_paginated_response(BriefingNoticeSerializer(page, many=True).data)


class NoticeDetailView(APIView):
    @extend_schema(operation_id="briefing_notices_retrieve", parameters=[NOTICE_ID],
                   responses={200: BriefingNoticeSerializer, **_errors(404)})
    def get(self, request, id):
        return Response(BriefingNoticeSerializer(notice_for(request.user, id)).data)


class NoticeReportView(APIView):
    @extend_schema(operation_id="briefing_notices_report", parameters=[NOTICE_ID], request=None,
                   responses={200: BriefingNoticeSerializer, **_errors(400, 404, 409)},
                   description="Any group may have a copy of a report prepared for another (BRF-NOTIFY): the answer "
                               "is the notice with the report. Asking again changes nothing.")
    def post(self, request, id):
        notice = notice_for(request.user, id)
        parsed(BriefingNoFieldsSerializer, request.data)  # no fields: anything sent is refused
        actions.report_copy_request(acting_user=request.user, notice=notice)
        return Response(BriefingNoticeSerializer(notice_for(request.user, id)).data)


# The group's record (BRF-CONFIDENTIAL, BRF-VERIFY)

class RecordView(APIView):
    @extend_schema(operation_id="briefings_record_retrieve", parameters=[BRIEFING_ID],
                   responses={200: BriefingRecordSerializer, **_errors(404)},
                   description="The group's record of the briefing: only the group's members and the officers who "
                               "attended may read it (BRF-CONFIDENTIAL); 404 for anyone else, and before one is "
                               "written.")
    def get(self, request, id):
        return _record_answer(request.user, briefing_for(request.user, id))

    @extend_schema(operation_id="briefings_record_write", parameters=[BRIEFING_ID],
                   request=BriefingRecordWriteSerializer,
                   responses={200: BriefingRecordSerializer, **_errors(400, 403, 404, 409)},
                   description="A member of the group writes or rewrites its record of a delivered briefing, until it "
                               "is final (BRF-CONFIDENTIAL).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingRecordWriteSerializer, request.data)
        actions.record_write(acting_user=request.user, briefing=briefing, **body)
        return _record_answer(request.user, briefing)


class AttributionListView(APIView):
    @extend_schema(operation_id="briefings_record_attribute", parameters=[BRIEFING_ID],
                   request=BriefingAttributionAddSerializer,
                   responses={201: BriefingRecordSerializer, **_errors(400, 403, 404, 409)},
                   description="A member of the group adds to the record a comment attributed to the officer who "
                               "attended, who is asked to verify or correct it (BRF-VERIFY).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        body = parsed(BriefingAttributionAddSerializer, request.data)
        actions.record_attribute(acting_user=request.user, briefing=briefing, **body)
        return _record_answer(request.user, briefing, status=201)


class AttributionVerifyView(APIView):
    @extend_schema(operation_id="briefings_record_attribution_verify", parameters=[BRIEFING_ID, ATTRIBUTION_ID],
                   request=BriefingAttributionVerifySerializer,
                   responses={200: BriefingRecordSerializer, **_errors(400, 403, 404, 409)},
                   description="The officer a comment is attributed to verifies it, or corrects it, before the record "
                               "is final (BRF-VERIFY).")
    def post(self, request, id, attribution_id):
        briefing = briefing_for(request.user, id)
        attribution = attribution_for(request.user, briefing, attribution_id)
        body = parsed(BriefingAttributionVerifySerializer, request.data)
        actions.attribution_verify(acting_user=request.user, attribution=attribution, **body)
        return _record_answer(request.user, briefing)


class RecordFinalView(APIView):
    @extend_schema(operation_id="briefings_record_finalise", parameters=[BRIEFING_ID], request=None,
                   responses={200: BriefingRecordSerializer, **_errors(400, 403, 404, 409)},
                   description="A member of the group makes the record final, once the officer has verified or "
                               "corrected everything it attributes to them (BRF-VERIFY).")
    def post(self, request, id):
        briefing = briefing_for(request.user, id)
        parsed(BriefingNoFieldsSerializer, request.data)  # no fields: anything sent is refused
        actions.record_finalise(acting_user=request.user, briefing=briefing)
        return _record_answer(request.user, briefing)
