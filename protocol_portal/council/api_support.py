"""What every API endpoint shares: the error format and pagination (API.md conventions)."""
from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import ActionError


class Pagination(PageNumberPagination):
    """``{"count", "next", "previous", "results"}``, 50 a page, up to 200 with ``?page_size=``."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def paginate_queryset(self, queryset, request, view=None):
        """Return the requested page; a page that does not exist is bad input (400 naming ``page``).

        DRF answers 404, but here 404 means "you may not know this thing exists" (API.md), and a
        page past the end is neither secret nor missing: the caller asked for something invalid.
        """
        try:
            return super().paginate_queryset(queryset, request, view=view)
        except exceptions.NotFound:
            last = self.django_paginator_class(queryset, self.get_page_size(request)).num_pages
            raise exceptions.ValidationError({self.page_query_param: [
                f"There is no such page. Give page as a whole number from 1 to {last}, or 'last'."]}) from None


ERROR_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    429: "throttled",
}

MESSAGES = {
    400: "Some of what was sent is not valid. See the fields for what to change.",
    401: "Sign in first: send 'Authorization: Token <key>' (python manage.py issue_token USERNAME gives a key).",
    404: "Not found.",
}


def _flatten(detail):
    if isinstance(detail, dict):
        return {str(k): _messages(v) for k, v in detail.items()}
    return {}


def _messages(value):
    if isinstance(value, dict):
        return [f"{k}: {m}" for k, v in value.items() for m in _messages(v)]
    if isinstance(value, (list, tuple)):
        return [m for v in value for m in _messages(v)]
    return [str(value)]


def exception_handler(exc, context):
    """Render every API error as ``{"error": {"code", "message", "fields"}}``."""
    if isinstance(exc, ActionError):
        return Response(
            {"error": {"code": ERROR_CODES.get(exc.status, "error"), "message": exc.message, "fields": exc.fields}},
            status=exc.status,
        )
    if isinstance(exc, Http404):
        # Missing and secret look the same: nothing says which.
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    fields = _flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
    if isinstance(exc, exceptions.ValidationError) and not fields:
        fields = {"non_field_errors": _messages(exc.detail)}
    if fields:
        message = MESSAGES[400]
    elif code == 404:
        message = MESSAGES[404]
    elif code == 401:
        message = MESSAGES[401]
    else:
        message = " ".join(_messages(getattr(exc, "detail", ""))) or MESSAGES.get(code, "Error.")
    body = {"error": {"code": ERROR_CODES.get(code, "error"), "message": message, "fields": fields}}
    return Response(body, status=code, headers={k: v for k, v in response.items() if k in ("WWW-Authenticate", "Allow", "Retry-After")})



PAGE_ERROR = "The page asked for does not exist; `fields.page` says which pages there are."


def document_page_errors(result, generator, request, public):
    """Add the 400 that every paginated list answers for a page that does not exist (a schema hook)."""
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            pages = any(p.get("in") == "query" and p.get("name") == "page" for p in operation.get("parameters", []))
            if pages and "400" not in operation.get("responses", {}):
                operation["responses"]["400"] = {
                    "description": PAGE_ERROR,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                }
    return result


def error_responses(errors, *codes):
    """Return drf-spectacular responses for the error ``codes``, described by ``errors`` {code: text}."""
    from drf_spectacular.utils import OpenApiResponse

    from requests_app.serializers import ErrorSerializer

    return {code: OpenApiResponse(ErrorSerializer, description=errors[code]) for code in codes}


def parsed(serializer_class, data):
    """Return ``data`` validated by ``serializer_class``, or raise its 400 with every bad field."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
