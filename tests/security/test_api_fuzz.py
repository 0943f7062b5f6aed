"""Fuzz the JSON API in-process against its own OpenAPI schema (issue 9): schemathesis's examples and
fuzzing phases, positive and negative data, as a member, an officer and the Monitoring Officer, aimed
at real objects so that allowed and forbidden paths both run.

Every response must: not be a 5xx; have a documented status code and content type; match the
documented schema; and, for every 4xx, be in API.md's error format. ``pytest -s`` prints
``api fuzzing: N cases over M operations, 0 failures``.
"""
import logging
import time

import hypothesis
import pytest
import schemathesis
import time_machine
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.generation import GenerationMode
from schemathesis.generation.meta import TestPhase
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from .figures import FIGURES
from .scenario import MEMBER, MONITORING_OFFICER, NOW, OFFICER, build_scenario

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

PEOPLE = (MEMBER, OFFICER, MONITORING_OFFICER)
# Cases per person per operation and generation mode: 51 operations x 3 people x 2 modes x this.
EXAMPLES_PER_MODE = 5
# Which scenario ids each path parameter names, by the path's first segment after /api/v1/.
ID_KINDS = {
    "access-requests": "access_requests", "enquiries": "enquiries", "briefings": "briefings",
    "briefings/notices": "notices", "briefings/offers": "offers", "complaints": "complaints",
    "relationships": "relationships", "documents": "documents",
}


def api_error_format(ctx, response, case):
    """Every 4xx body is ``{"error": {"code": str, "message": str, "fields": {name: [str]}}}`` (API.md)."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = response.json()
    except Exception as exc:  # noqa: BLE001 - any unparsable body is the failure being reported
        raise AssertionError(f"{response.status_code} body is not JSON: {response.text[:200]!r}") from exc
    assert isinstance(body, dict) and set(body) == {"error"}, f"not in the error format: {body!r}"[:300]
    error = body["error"]
    assert isinstance(error, dict), f"'error' is not an object: {error!r}"
    assert isinstance(error.get("code"), str) and error["code"], f"no error code: {error!r}"
    assert isinstance(error.get("message"), str) and error["message"], f"no error message: {error!r}"
    fields = error.get("fields", {})
    assert isinstance(fields, dict), f"'fields' is not an object: {fields!r}"
    for name, messages in fields.items():
        assert isinstance(messages, list) and messages, f"fields[{name!r}] is not a list of messages"
        assert all(isinstance(m, str) and m for m in messages), f"fields[{name!r}] holds a non-string"
    return True


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          api_error_format]


def _ids_for(path, scenario):
    """Return the path parameters that name real objects for ``path`` (one strategy per parameter)."""
    rest = path.removeprefix("/api/v1/")
    kind = ID_KINDS.get("/".join(rest.split("/")[:2])) or ID_KINDS.get(rest.split("/")[0])
    params = {}
    if "{id}" in path and kind:
        params["id"] = getattr(scenario, kind)
    if "{ref}" in path:
        params["ref"] = scenario.documents
    if "{attribution_id}" in path:
        params["attribution_id"] = scenario.attributions
    return params


def _strategies(operation, scenario):
    """Return (phase name, strategy) pairs for one operation: its examples, then positive and negative
    fuzzing, the positive half aimed at real objects where the path names one."""
    pairs = [("examples", s) for s in operation.schema.get_strategies_from_examples(operation)]
    real = _ids_for(operation.path, scenario)
    if real:
        positive = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in real.items()}).flatmap(
            lambda params: operation.as_strategy(GenerationMode.POSITIVE, path_parameters=params,
                                                 phase=TestPhase.FUZZING))
    else:
        positive = operation.as_strategy(GenerationMode.POSITIVE, phase=TestPhase.FUZZING)
    pairs.append(("fuzzing", positive))
    pairs.append(("fuzzing", operation.as_strategy(GenerationMode.NEGATIVE, phase=TestPhase.FUZZING)))
    return pairs


def _fuzz(operation, strategy, headers, failures):
    """Run one bounded, derandomised Hypothesis search; return how many cases it sent."""
    sent = 0

    @settings(max_examples=EXAMPLES_PER_MODE, deadline=None, derandomize=True, database=None,
              phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck),
              verbosity=hypothesis.Verbosity.quiet)
    @given(case=strategy)
    def run(case):
        nonlocal sent
        sent += 1
        response = case.call(headers=headers)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as group:
            key = (operation.label, headers["X-Fuzz-As"], *sorted(f.title for f in group.exceptions))
            failures.setdefault(key, str(group)[:2000])

    try:
        run()
    except hypothesis.errors.Unsatisfiable:
        pass  # nothing in this operation can be made invalid (e.g. GET /me): no negative cases exist
    return sent


@pytest.fixture
def connection_kept_across_requests():
    """Keep the test's database connection open across the WSGI app's requests, as Django's test client does.

    A real WSGI app closes "old" connections at each request's start and end; inside the test's transaction
    that closed PostgreSQL's connection under the test (SQLite's in-memory database is never closed).
    """
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_api_matches_its_schema_under_fuzzing(riverside, person, capsys, connection_kept_across_requests):
    started = time.monotonic()
    # Django logs every 4xx as a warning; thousands of them would bury the one line that matters.
    request_log = logging.getLogger("django.request")
    level = request_log.level
    request_log.setLevel(logging.ERROR)
    try:
        cases, failures, operations, phases = _fuzz_everything(person)
    finally:
        request_log.setLevel(level)
    elapsed = time.monotonic() - started
    FIGURES["api fuzzing: cases sent"] += cases
    FIGURES["api fuzzing: operations"] += len(operations)
    with capsys.disabled():
        print(f"\napi fuzzing: {cases} cases over {len(operations)} operations, {len(failures)} failures "
              f"({len(PEOPLE)} people; {phases['examples']} from the schema's examples, {phases['fuzzing']} fuzzed; "
              f"{elapsed:.0f} s)")
    assert len(operations) >= 40, f"the schema lists only {len(operations)} operations"
    assert cases >= 2 * len(operations) * len(PEOPLE), f"only {cases} cases ran: the fuzzer hardly ran"
    assert not failures, "\n\n".join(f"{' / '.join(key)}\n{text}" for key, text in sorted(failures.items()))


def _fuzz_everything(person):
    """Fuzz every operation in the schema as each of PEOPLE; return (cases, failures, operations, cases by phase).

    drf-spectacular writes no examples into this schema today, so the examples phase finds none; it
    runs anyway, so examples added later are sent without changing this test.
    """
    from django.core.wsgi import get_wsgi_application
    from rest_framework.authtoken.models import Token

    with time_machine.travel(NOW, tick=False):
        scenario = build_scenario(person)
        tokens = {username: Token.objects.get_or_create(user=person(username))[0].key for username in PEOPLE}
        app = get_wsgi_application()
        schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", app,
                                                headers={"Authorization": f"Token {tokens[MEMBER]}"})
        operations = [result.ok() for result in schema.get_all_operations()]
        failures, phases = {}, {"examples": 0, "fuzzing": 0}
        for username in PEOPLE:
            headers = {"Authorization": f"Token {tokens[username]}", "X-Fuzz-As": username}
            for operation in operations:
                for phase, strategy in _strategies(operation, scenario):
                    phases[phase] += _fuzz(operation, strategy, headers, failures)
    return sum(phases.values()), failures, operations, phases


def test_a_page_past_the_end_is_bad_input_naming_page(riverside, api_as):
    """Found by the fuzzer: DRF's 404 for ?page=120 was undocumented, and 404 means "secret" here."""
    response = api_as(MEMBER).get("/api/v1/enquiries/?page=120")
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {
        "page": ["There is no such page. Give page as a whole number from 1 to 1, or 'last'."]}
    assert api_as(MEMBER).get("/api/v1/enquiries/?page=last").status_code == 200


def test_every_list_and_the_due_date_document_their_400(riverside, api_as):
    """Found by the fuzzer: lists and /calendar/due-date answered 400s the schema did not list."""
    schema = api_as(MEMBER).get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        get = operations.get("get", {})
        if any(p["name"] == "page" for p in get.get("parameters", [])) or path == "/api/v1/calendar/due-date":
            assert get["responses"]["400"]["content"]["application/json"]["schema"] == {
                "$ref": "#/components/schemas/Error"}, path
