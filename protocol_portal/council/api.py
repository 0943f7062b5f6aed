"""API v1 endpoints of the council kernel: who am I, and when is something due."""
from datetime import date

from django.http import JsonResponse

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from .api_support import error_responses
from .selectors import council_calendar, person_of
from .working_days import DayKind, due_date

MAX_DAYS = 366


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["member", "officer", "staff"])
    group = serializers.CharField(allow_null=True)
    wards = serializers.ListField(child=serializers.CharField())
    bodies = serializers.ListField(child=serializers.CharField())
    grade = serializers.CharField(allow_null=True)
    department = serializers.CharField(allow_null=True)
    statutory_roles = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the caller is: ``GET /api/v1/me``."""

    @extend_schema(responses=MeSerializer, operation_id="me")
    def get(self, request):
        person = person_of(request.user)
        member, officer = person.member, person.officer
        return Response({
            "username": request.user.username,
            "name": request.user.name or request.user.get_full_name() or request.user.username,
            "kind": person.kind,
            "group": member.group.code if member and member.group_id else None,
            "wards": sorted(member.wards.values_list("code", flat=True)) if member else [],
            "bodies": sorted(member.bodies.filter(is_active=True).values_list("code", flat=True)) if member else [],
            "grade": officer.grade if officer else None,
            "department": officer.department.code if officer and officer.department_id else None,
            "statutory_roles": list(person.statutory_roles),
        })


class DueDateQuery(serializers.Serializer):
    # "from" is a Python keyword; the query parameter keeps the name API.md gives it.
    from_ = serializers.DateField(
        input_formats=["%Y-%m-%d"],
        error_messages={"required": "Give the start date as from=YYYY-MM-DD.",
                        "invalid": "Write the start date as YYYY-MM-DD, e.g. 2026-12-18."},
    )
    days = serializers.IntegerField(
        min_value=0, max_value=MAX_DAYS,
        error_messages={"required": "Give the number of days as days=N.",
                        "invalid": "The number of days must be a whole number, e.g. 10.",
                        "min_value": "The number of days cannot be negative.",
                        "max_value": f"Count at most {MAX_DAYS} days at a time."},
    )
    kind = serializers.ChoiceField(
        choices=DayKind.ALL, default=DayKind.WORKING,
        error_messages={"invalid_choice": "kind must be working, calendar or clear."},
    )

    def to_internal_value(self, data):
        data = data.copy()
        if "from" in data:
            data["from_"] = data.pop("from")[0] if hasattr(data, "getlist") else data.pop("from")
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            detail = exc.detail
            if "from_" in detail:
                detail["from"] = detail.pop("from_")
            raise serializers.ValidationError(detail)


class DueDateView(APIView):
    """When something is due under the council's calendar (WD-COUNT, WD-CLEAR)."""

    @extend_schema(
        operation_id="calendar_due_date",
        parameters=[
            OpenApiParameter("from", date, required=True, description="The day of the event (not counted)."),
            OpenApiParameter("days", int, required=True, description=f"How many days, 0 to {MAX_DAYS}."),
            OpenApiParameter("kind", str, enum=list(DayKind.ALL), description="working (default), calendar or clear."),
        ],
        responses={
            200: inline_serializer("DueDate", {
                "from": serializers.DateField(), "days": serializers.IntegerField(), "kind": serializers.CharField(),
                "due": serializers.DateField(),
                "skipped": inline_serializer("SkippedDay", {"date": serializers.DateField(), "reason": serializers.CharField()}, many=True),
            }),
            **error_responses({400: "A parameter is missing or not valid; `fields` says which and what to change."}, 400),
        },
    )
    def get(self, request):
        query = DueDateQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        q = query.validated_data
        result = due_date(council_calendar(), q["from_"], q["days"], q["kind"])
        return Response({
            "from": result.start.isoformat(),
            "days": result.days,
            "kind": result.kind,
            "due": result.due.isoformat(),
            "skipped": [{"date": s.date.isoformat(), "reason": s.reason} for s in result.skipped],
        })


def api_not_found(request, rest=""):
    """Answer an unknown API path in the API's error format, not with an HTML page."""
    return JsonResponse({"error": {"code": "not_found", "message": "Not found.", "fields": {}}}, status=404)
