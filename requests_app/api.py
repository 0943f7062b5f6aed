"""API v1 for documents and access requests (API.md): parse, call one selector or action, answer."""
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from protocol_portal.council.api_support import error_responses, parsed

from protocol_portal.council.selectors import person_of

from . import actions
from .selectors import (
    access_request_for,
    access_requests_visible_to,
    document_for,
    documents_visible_to,
    search_documents,
    with_events,
)
from .serializers import (
    AccessRequestCreateSerializer,
    AccessRequestSerializer,
    DeterminationSerializer,
    DisputeSerializer,
    DocumentContentSerializer,
    DocumentQuerySerializer,
    DocumentSerializer,
    ReferSerializer,
)

ERRORS = {
    400: "Some of what was sent is not valid; `fields` lists every bad field and what to change.",
    403: "You can see this but may not do this to it; `message` says why.",
    404: "Not found: it does not exist, or you may not know it exists (the same answer either way).",
    409: "This does not fit the request's current state, e.g. it has already been decided.",
}
REQUEST_ID = OpenApiParameter("id", OpenApiTypes.UUID, OpenApiParameter.PATH, description="The request's id.")
DOCUMENT_REF = OpenApiParameter("ref", str, OpenApiParameter.PATH, description="The document's ref, e.g. DOC-0014.")


def _errors(*codes):
    return error_responses(ERRORS, *codes)


_parsed = parsed


def _answer(access_request, status=200):
    with_events([access_request])
    return Response(AccessRequestSerializer(access_request).data, status=status)


class _Paginated(APIView):
    pagination_class = api_settings.DEFAULT_PAGINATION_CLASS

    def paginated(self, rows, serialize):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, self.request, view=self)
        return paginator.get_paginated_response(serialize(page))


class DocumentListView(_Paginated):
    """The catalogue the caller may know of (ACC-GROUP, ACC-ADVISER, ACC-OFFICER)."""

    @extend_schema(operation_id="documents_list", parameters=[DocumentQuerySerializer],
                   responses={200: DocumentSerializer(many=True), **_errors(400)})
    def get(self, request):
        query = _parsed(DocumentQuerySerializer, request.query_params)
        documents = search_documents(documents_visible_to(request.user, today=timezone.localdate()), **query)
        return self.paginated(documents, lambda page: DocumentSerializer(page, many=True).data)


class DocumentDetailView(APIView):
    """One catalogue entry; another group's papers are not found (ACC-GROUP, ACC-ADVISER)."""

    @extend_schema(operation_id="documents_retrieve", parameters=[DOCUMENT_REF],
                   responses={200: DocumentSerializer, **_errors(404)})
    def get(self, request, ref):
        document = document_for(request.user, ref, today=timezone.localdate())
        return Response(DocumentSerializer(document).data)


class DocumentContentView(APIView):
    """A document's text for someone who may read it, with the ACC-USE notice; records AUD-VIEW."""

    @extend_schema(operation_id="documents_content", parameters=[DOCUMENT_REF],
                   responses={200: DocumentContentSerializer, **_errors(403, 404)})
    def get(self, request, ref):
        document = document_for(request.user, ref, today=timezone.localdate())
        body_text = actions.document_open(acting_user=request.user, document=document)
        return Response({"ref": document.ref, "body_text": body_text, "notice": actions.use_notice(document, for_member=person_of(request.user).member is not None)})


class AccessRequestListView(_Paginated):
    """The requests the caller may see, and a member's new request, decided at once (ACC-*)."""

    @extend_schema(operation_id="access_requests_list", responses={200: AccessRequestSerializer(many=True)})
    def get(self, request):
        return self.paginated(access_requests_visible_to(request.user),
                              lambda page: AccessRequestSerializer(with_events(page), many=True).data)

    @extend_schema(operation_id="access_requests_create", request=AccessRequestCreateSerializer,
                   responses={201: AccessRequestSerializer, **_errors(400, 403, 404)})
    def post(self, request):
        body = _parsed(AccessRequestCreateSerializer, request.data)
        document = document_for(request.user, body.pop("document"), today=timezone.localdate())
        return _answer(actions.access_request_create(acting_user=request.user, document=document, **body), status=201)


class AccessRequestDetailView(APIView):
    @extend_schema(operation_id="access_requests_retrieve", parameters=[REQUEST_ID],
                   responses={200: AccessRequestSerializer, **_errors(404)})
    def get(self, request, id):
        return _answer(access_request_for(request.user, id))


class AccessRequestDeterminationView(APIView):
    """The assignee grants or refuses (ACC-DETERMINE), or the Monitoring Officer settles a dispute (ACC-DISPUTE)."""

    @extend_schema(operation_id="access_requests_determine", parameters=[REQUEST_ID], request=DeterminationSerializer,
                   responses={200: AccessRequestSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request, id):
        access_request = access_request_for(request.user, id)
        body = _parsed(DeterminationSerializer, request.data)
        return _answer(actions.access_request_determine(acting_user=request.user, access_request=access_request,
                                                        **body))


class AccessRequestReferView(APIView):
    """The assignee hands a referred request to the Monitoring Officer (003 ¶113, ACC-MO-CONFLICT)."""

    @extend_schema(operation_id="access_requests_refer", parameters=[REQUEST_ID], request=ReferSerializer,
                   responses={200: AccessRequestSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request, id):
        access_request = access_request_for(request.user, id)
        body = _parsed(ReferSerializer, request.data)
        return _answer(actions.access_request_refer(acting_user=request.user, access_request=access_request, **body))


class AccessRequestDisputeView(APIView):
    """The requester disputes a refusal; the Monitoring Officer or deputy decides (ACC-DISPUTE, ACC-MO-CONFLICT)."""

    @extend_schema(operation_id="access_requests_dispute", parameters=[REQUEST_ID], request=DisputeSerializer,
                   responses={200: AccessRequestSerializer, **_errors(400, 403, 404, 409)})
    def post(self, request, id):
        access_request = access_request_for(request.user, id)
        body = _parsed(DisputeSerializer, request.data)
        return _answer(actions.access_request_dispute(acting_user=request.user, access_request=access_request, **body))
