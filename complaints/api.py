"""API v1 for complaints (CMP-*) and declared relationships (REL-DECLARE) (API.md): parse, call one
selector or action, answer.

Who may see a complaint is ``selectors.complaint_for`` alone (CMP-PRIVACY); who may act on one is
the action's to decide, and it answers 404 to anyone who does not handle it, exactly as for a
complaint that does not exist: whether someone may see a complaint at all is private.
"""
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from protocol_portal.council.api_support import error_responses, parsed

from . import actions
from .selectors import (
    complaint_for,
    complaints_visible_to,
    relationship_for,
    relationship_register,
    relationships_of,
    with_events,
)
from .serializers import (
    ComplaintAcknowledgeSerializer,
    ComplaintAssessSerializer,
    ComplaintCreateSerializer,
    ComplaintDecisionSerializer,
    ComplaintEscalateSerializer,
    ComplaintIndependentPersonSerializer,
    ComplaintOutcomeSerializer,
    ComplaintSerializer,
    NoFieldsSerializer,
    RegisterEntrySerializer,
    RelationshipDeclareSerializer,
    RelationshipSerializer,
)

ERRORS = {
    400: "Some of what was sent is not valid; `fields` lists every bad field and what to change.",
    403: "You may read this complaint but do not handle it, so you may not act on it; `message` says why "
         "(CMP-PRIVACY).",
    404: "Not found: it does not exist, or you may not know it exists (the same answer either way: CMP-PRIVACY).",
    409: "This does not fit its current state, e.g. the complaint has already been acknowledged, or the "
         "relationship already withdrawn.",
}
COMPLAINT_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The complaint's id.")
RELATIONSHIP_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH,
                                   description="The relationship's id, as the caller's list gives it.")


def _errors(*codes):
    return error_responses(ERRORS, *codes)


def _answer(user, public_id, status=200):
    # Read again through the selector, so an action's answer is exactly what the detail shows.
    complaint = complaint_for(user, public_id)
    with_events([complaint])
    return Response(ComplaintSerializer(complaint).data, status=status)


# Complaints (CMP-ROUTE-*, CMP-TIMES, CMP-PRIVACY)

class ComplaintListView(APIView):
    """The complaints the caller may see, newest first; and raising one."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="complaints_list", responses={200: ComplaintSerializer(many=True)},
                   description="The complaints the caller made, handles or handled, or (once told) is the subject "
                               "of; every complaint for the Monitoring Officer and deputy (CMP-PRIVACY). Newest "
                               "first.")
    def get(self, request):
        paginator = self.pagination_class()
        # The pk breaks ties between complaints received at the same moment, so pages never overlap.
        page = paginator.paginate_queryset(complaints_visible_to(request.user).order_by("-received_at", "-pk"),
                                           request, view=self)
        return paginator.get_paginated_response(ComplaintSerializer(with_events(list(page)), many=True).data)

    @extend_schema(operation_id="complaints_create", request=ComplaintCreateSerializer,
                   responses={201: ComplaintSerializer, **_errors(400, 404)},
                   description="A member or officer complains about a named member or officer. It is routed at once "
                               "from the council data (CMP-ROUTE-OFFICER, CMP-ROUTE-MEMBER), past anyone conflicted "
                               "(CMP-CONFLICT, REL-CONFLICT), and the acknowledgement and assessment clocks start "
                               "(CMP-TIMES). 404 for anyone who is neither a member nor an officer.")
    def post(self, request):
        body = parsed(ComplaintCreateSerializer, request.data)
        complaint = actions.complaint_raise(acting_user=request.user, **body)
        return _answer(request.user, complaint.public_id, status=201)


class ComplaintDetailView(APIView):
    @extend_schema(operation_id="complaints_retrieve", parameters=[COMPLAINT_ID],
                   responses={200: ComplaintSerializer, **_errors(404)},
                   description="The complaint and its events, for its complainant, those who handle or handled it, "
                               "the Monitoring Officer and deputy, and the person complained about once notified "
                               "(CMP-PRIVACY); 404 for everyone else, as for a missing id.")
    def get(self, request, id):
        return _answer(request.user, id)


def _action_schema(operation_id, body, description):
    return extend_schema(operation_id=operation_id, parameters=[COMPLAINT_ID], request=body,
                         description=description, responses={200: ComplaintSerializer, **_errors(400, 403, 404, 409)})


class ComplaintAcknowledgeView(APIView):
    @_action_schema("complaints_acknowledge", ComplaintAcknowledgeSerializer,
                    "The handler acknowledges the complaint to the complainant (CMP-TIMES).")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        body = parsed(ComplaintAcknowledgeSerializer, request.data)
        actions.complaint_acknowledge(acting_user=request.user, complaint=complaint, **body)
        return _answer(request.user, id)


class ComplaintAssessView(APIView):
    @_action_schema("complaints_assess", ComplaintAssessSerializer,
                    "The handler records the initial assessment (CMP-TIMES); unacknowledged, it is acknowledged too.")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        body = parsed(ComplaintAssessSerializer, request.data)
        actions.complaint_assess(acting_user=request.user, complaint=complaint, **body)
        return _answer(request.user, id)


class ComplaintNotifySubjectView(APIView):
    @_action_schema("complaints_notify_subject", None,
                    "The handler tells the person complained about, who can see the complaint from then on "
                    "(CMP-PRIVACY). Takes no body.")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        parsed(NoFieldsSerializer, request.data)  # no fields: anything sent is refused
        actions.complaint_notify_subject(acting_user=request.user, complaint=complaint)
        return _answer(request.user, id)


class ComplaintEscalateView(APIView):
    @_action_schema("complaints_escalate", ComplaintEscalateSerializer,
                    "The handler passes an unresolved complaint to the next step of its route: Head of Service or "
                    "Director, the Monitoring Officer, the Chief Executive, and last the Standards Committee "
                    "(CMP-ARBITRATE).")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        body = parsed(ComplaintEscalateSerializer, request.data)
        actions.complaint_escalate(acting_user=request.user, complaint=complaint, **body)
        return _answer(request.user, id)


class ComplaintOutcomeView(APIView):
    @_action_schema("complaints_outcome", ComplaintOutcomeSerializer,
                    "The handler records the outcome (CMP-OUTCOMES). About a member: no further action, informal "
                    "resolution (or referral to the group leader), investigation or referral to the Standards "
                    "Committee; suspension is refused (400). About an officer: resolved, upheld or not upheld.")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        body = parsed(ComplaintOutcomeSerializer, request.data)
        actions.complaint_outcome(acting_user=request.user, complaint=complaint, **body)
        return _answer(request.user, id)


class ComplaintIndependentPersonView(APIView):
    @_action_schema("complaints_independent_person", ComplaintIndependentPersonSerializer,
                    "The handler records the Independent Person's views on an investigated allegation, which must "
                    "come before the decision (CMP-OUTCOMES; Localism Act 2011 s.28(7)).")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        body = parsed(ComplaintIndependentPersonSerializer, request.data)
        actions.complaint_record_independent_person(acting_user=request.user, complaint=complaint, **body)
        return _answer(request.user, id)


class ComplaintDecisionView(APIView):
    @_action_schema("complaints_decision", ComplaintDecisionSerializer,
                    "The handler decides an investigated allegation, breach or no breach, once the Independent "
                    "Person's views are recorded (400 naming CMP-OUTCOMES before then); the complaint is closed.")
    def post(self, request, id):
        complaint = complaint_for(request.user, id)
        body = parsed(ComplaintDecisionSerializer, request.data)
        actions.complaint_decide(acting_user=request.user, complaint=complaint, **body)
        return _answer(request.user, id)


# Declared relationships (REL-DECLARE, REL-CONFLICT)

def _relationship(user, relationship, status=200):
    return Response(RelationshipSerializer(relationship, context={"user": user}).data, status=status)


class RelationshipListView(APIView):
    """The caller's declared relationships, active first; and declaring one (REL-DECLARE)."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="relationships_list", responses={200: RelationshipSerializer(many=True)},
                   description="The relationships the caller has declared or been declared in, active first "
                               "(REL-DECLARE).")
    def get(self, request):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(relationships_of(request.user), request, view=self)
        return paginator.get_paginated_response(
            RelationshipSerializer(page, many=True, context={"user": request.user}).data)

    @extend_schema(operation_id="relationships_create", request=RelationshipDeclareSerializer,
                   responses={201: RelationshipSerializer, **_errors(400, 404, 409)},
                   description="A member declares a close personal, family or business relationship with an "
                               "officer, or an officer with a member (REL-DECLARE); from then on neither handles "
                               "anything that concerns the other (REL-CONFLICT). The Monitoring Officer is told. "
                               "409 if one is already declared.")
    def post(self, request):
        body = parsed(RelationshipDeclareSerializer, request.data)
        relationship = actions.relationship_declare(acting_user=request.user, **body)
        return _relationship(request.user, relationship_for(request.user, relationship.public_id), status=201)


class RelationshipWithdrawView(APIView):
    @extend_schema(operation_id="relationships_withdraw", parameters=[RELATIONSHIP_ID], request=None,
                   responses={200: RelationshipSerializer, **_errors(400, 404, 409)},
                   description="One of the two people withdraws a relationship declared in the portal; it stays in "
                               "the register, inactive (REL-DECLARE). 409 for one already withdrawn, or from the "
                               "council's own records. Takes no body.")
    def post(self, request, id):
        relationship = relationship_for(request.user, id)
        parsed(NoFieldsSerializer, request.data)  # no fields: anything sent is refused
        actions.relationship_withdraw(acting_user=request.user, relationship=relationship)
        return _relationship(request.user, relationship_for(request.user, id))


class RelationshipRegisterView(APIView):
    """The register of every declared relationship, for the Monitoring Officer and deputy (REL-DECLARE)."""

    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    @extend_schema(operation_id="relationships_register", responses={200: RegisterEntrySerializer(many=True),
                                                                     **_errors(404)},
                   description="Every declared relationship, active first, for the Monitoring Officer and deputy "
                               "(REL-DECLARE); 404 for anyone else.")
    def get(self, request):
        register = relationship_register(request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(register, request, view=self)
        return paginator.get_paginated_response(RegisterEntrySerializer(page, many=True).data)
