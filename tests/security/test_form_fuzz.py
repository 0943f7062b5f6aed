"""Fuzz every HTML form in the site with Hypothesis (issue 9): arbitrary text (unicode, control
characters, NUL bytes, very long strings), GOV.UK date boxes holding anything, and ids and choices
that are random uuids, integers or garbage, each posted by a person who may use the form, against a
real object where the form is about one.

The form is found on the page the person would use (so its field names, hidden values and choices
are the ones really rendered), then posted with fuzzed values. Properties: never a 5xx; a rejection
is the page again (200 or 400) with a GOV.UK error summary whose messages are the project's own, not
Django's generic ones, and nothing recorded (the AuditEvent count is unchanged); an acceptance
redirects (302 or 303). Every example runs in a savepoint that is rolled back, so each starts from
the same state. ``test_every_post_route_is_fuzzed`` fails when a route that accepts POST is neither
fuzzed here nor excluded with a reason.
"""
import html
import inspect
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlparse

import pytest
import time_machine
from django.db import transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .figures import FIGURES
from .scenario import MEMBER, MONITORING_OFFICER, NOW, OFFICER, build_form_scenario

pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

EXAMPLES_PER_FORM = 15


@dataclass(frozen=True)
class Target:
    """One form: its route's name, who posts it, the page it is on and where it posts (from the scenario)."""

    route: str
    username: str | None  # None: nobody signed in (sign-in)
    page: object  # scenario -> path of the page showing the form
    action: object  # scenario -> path the form posts to

    def __str__(self):
        return f"{self.route} as {self.username or 'anonymous'}"


def _request(doc):
    """Return a function giving the scenario's access request for document ``doc``'s page path."""
    def path(s):
        from requests_app.models import AccessRequest

        return f"/requests/{AccessRequest.objects.get(public_id__in=s.base.access_requests, document__ref=doc).public_id}/"
    return path


def _offer(s):
    from requests_app.briefings.models import EqualOffer

    return str(EqualOffer.objects.get(public_id__in=s.base.offers, group__code="CON").public_id)


WAITING, ASSIGNED = 0, 1  # the scenario's enquiries
ASKED, GIVEN = 0, 1  # the scenario's briefings
ABOUT_OFFICER, ABOUT_MEMBER = 0, 1  # the scenario's complaints

TARGETS = [
    Target("sign-in", None, lambda s: "/sign-in/", lambda s: "/sign-in/"),
    # Documents and access requests.
    Target("requests_app:document-request", MEMBER, lambda s: "/documents/DOC-0003/",
           lambda s: "/documents/DOC-0003/request/"),
    Target("requests_app:request-dispute", MEMBER, lambda s: f"/requests/{s.refused_request}/",
           lambda s: f"/requests/{s.refused_request}/dispute/"),
    Target("requests_app:request-determine", OFFICER, _request("DOC-0014"),
           lambda s: _request("DOC-0014")(s) + "determine/"),
    Target("requests_app:request-refer", OFFICER, _request("DOC-0014"), lambda s: _request("DOC-0014")(s) + "refer/"),
    Target("requests_app:request-revoke", MONITORING_OFFICER, _request("DOC-0004"),
           lambda s: _request("DOC-0004")(s) + "revoke/"),
    # Enquiries.
    Target("enquiries:enquiry-new", MEMBER, lambda s: "/enquiries/new/", lambda s: "/enquiries/new/"),
    *[Target(f"enquiries:enquiry-{what}", OFFICER, lambda s: f"/enquiries/{s.base.enquiries[WAITING]}/",
             lambda s, what=what: f"/enquiries/{s.base.enquiries[WAITING]}/{what}/") for what in ("assign", "route")],
    *[Target(f"enquiries:enquiry-{name}", "o.dunn", lambda s: f"/enquiries/{s.base.enquiries[ASSIGNED]}/",
             lambda s, what=what: f"/enquiries/{s.base.enquiries[ASSIGNED]}/{what}/")
      for name, what in (("holding-reply", "holding-reply"), ("respond", "response"), ("decline", "decline"),
                         ("guidance", "guidance"))],
    # Party-group briefings.
    Target("briefings:briefing-new", MEMBER, lambda s: "/briefings/new/", lambda s: "/briefings/new/"),
    *[Target(f"briefings:briefing-{what}", "c.wright", lambda s: f"/briefings/{s.base.briefings[ASKED]}/",
             lambda s, what=what: f"/briefings/{s.base.briefings[ASKED]}/{what}/") for what in ("approve", "reject")],
    *[Target(f"briefings:briefing-{what}", "h.patel", lambda s: f"/briefings/{s.approved_briefing}/",
             lambda s, what=what: f"/briefings/{s.approved_briefing}/{what}/")
      for what in ("nominate", "decline", "deliver")],
    *[Target(f"briefings:{name}", "cllr.ahmed", lambda s: f"/briefings/{s.base.briefings[GIVEN]}/",
             lambda s, what=what: f"/briefings/{s.base.briefings[GIVEN]}/{what}/")
      for name, what in (("record-write", "record"), ("record-attribute", "record/attributions"),
                         ("record-final", "record/final"))],
    Target("briefings:attribution-verify", OFFICER, lambda s: f"/briefings/{s.base.briefings[GIVEN]}/",
           lambda s: f"/briefings/{s.base.briefings[GIVEN]}/record/attributions/{s.base.attributions[0]}/verify/"),
    Target("briefings:offer-respond", MEMBER, lambda s: "/briefings/",
           lambda s: f"/briefings/offers/{_offer(s)}/respond/"),
    Target("briefings:notice-report", MEMBER, lambda s: f"/briefings/notices/{s.base.notices[0]}/",
           lambda s: f"/briefings/notices/{s.base.notices[0]}/report/"),
    # Complaints and declared relationships.
    Target("complaints:complaint-new", MEMBER, lambda s: "/complaints/new/", lambda s: "/complaints/new/"),
    *[Target(f"complaints:complaint-{what}", OFFICER, lambda s: f"/complaints/{s.base.complaints[ABOUT_OFFICER]}/",
             lambda s, what=what: f"/complaints/{s.base.complaints[ABOUT_OFFICER]}/{what}/")
      for what in ("acknowledge", "assess", "notify-subject", "escalate", "outcome")],
    # About a member, the Monitoring Officer's outcomes are different choices.
    Target("complaints:complaint-outcome", MONITORING_OFFICER,
           lambda s: f"/complaints/{s.base.complaints[ABOUT_MEMBER]}/",
           lambda s: f"/complaints/{s.base.complaints[ABOUT_MEMBER]}/outcome/"),
    *[Target(f"complaints:complaint-{name}", MONITORING_OFFICER, lambda s: f"/complaints/{s.investigated_complaint}/",
             lambda s, what=what: f"/complaints/{s.investigated_complaint}/{what}/")
      for name, what in (("independent-person", "independent-person"), ("decide", "decision"))],
    Target("complaints:relationships", MEMBER, lambda s: "/relationships/", lambda s: "/relationships/"),
    Target("complaints:relationship-withdraw", MEMBER, lambda s: "/relationships/",
           lambda s: f"/relationships/{s.base.relationships[0]}/withdraw/"),
    # Oversight.
    Target("oversight:audit-verify", MONITORING_OFFICER, lambda s: "/oversight/audit/",
           lambda s: "/oversight/audit/check/"),
    Target("oversight:access", MONITORING_OFFICER, lambda s: "/oversight/access/", lambda s: "/oversight/access/"),
    Target("oversight:access-withdraw", MONITORING_OFFICER, lambda s: "/oversight/access/",
           lambda s: f"/oversight/access/{s.oversight_grant}/withdraw/"),
]

# Routes that accept POST but are not HTML forms to fuzz, and why.
NOT_FUZZED = {
    "sign-out": "a button with no input: signing out is its only effect, and the fuzzer needs to stay signed in",
}
# Outside this file's remit: the JSON API is fuzzed against its schema in test_api_fuzz.py, and the
# admin is Django's own (read-mostly; its writes go through actions).
OTHER_REMITS = ("admin/", "api/v1/")


# Finding forms ---------------------------------------------------------------------------------------

class _Forms(HTMLParser):
    """Collect each POST form's action and fields: {name: {"kind", "values"}} (values: choices or preset)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "textarea", "select") and a.get("name") and a["name"] != "csrfmiddlewaretoken":
            kind = a.get("type", "text") if tag == "input" else tag
            field = self._form["fields"].setdefault(a["name"], {"kind": kind, "values": []})
            if tag == "input" and kind not in ("text", "password", "email", "search", "tel", "number"):
                field["values"].append(a.get("value") or "on")
            self._select = field if tag == "select" else None
        elif tag == "option" and self._select is not None:
            self._select["values"].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def find_form(content, action):
    """Return the fields of the POST form on the page that posts to ``action``."""
    parser = _Forms()
    parser.feed(content.decode())
    actions = []
    for form in parser.forms:
        posts_to = urlparse(html.unescape(form["action"])).path or action
        actions.append(posts_to)
        if posts_to == action:
            return form["fields"]
    raise AssertionError(f"no form posting to {action} on the page; its POST forms go to {actions}")


# Fuzzed values -----------------------------------------------------------------------------------------

NASTY = ["", " ", "\x00", "a\x00b", "\r\n", "\t", "\u202e\u200b", "\ufeff", "😀" * 3, "<script>alert(1)</script>",
         "' OR 1=1 --", "%00", "../../etc/passwd", "{{ 7*7 }}", "null", "None", "-1", "0", "1e309", "NaN"]
TEXT = st.one_of(
    st.text(max_size=80),  # every Unicode category, control characters and NUL included
    st.sampled_from(NASTY),
    st.builds(lambda c, n: c * n, st.characters(), st.sampled_from([1_001, 5_001, 20_001, 100_001])),
    st.just("The committee asked for this on 3 December; it is needed for the review."),
)
DATE_PART = st.one_of(
    st.integers(-10**20, 10**20).map(str),
    st.integers(0, 40).map(str),
    st.sampled_from(["", " 7 ", "07", "00012", "2026", "2027", "13", "29", "31", "١٢", "½", "1e3", "12.0", "+1",
                     "99999999999999999999999"]),
    st.text(max_size=6),
)
GARBAGE_ID = st.one_of(st.uuids().map(str), st.integers().map(str), st.text(max_size=20), st.sampled_from(NASTY))
DATE_NAME = re.compile(r"(^|[-_])(day|month|year|date)$")


def _value(field, name):
    """Return a strategy for one field's value: None (not sent), a string, or a list of strings."""
    kind, values = field["kind"], field["values"]
    if DATE_NAME.search(name):
        one = DATE_PART
    elif kind in ("select", "radio", "checkbox", "hidden") and values:
        one = st.one_of(st.sampled_from(values), GARBAGE_ID)
    else:
        one = TEXT
    if kind == "checkbox" and len(values) > 1:
        return st.one_of(st.none(), st.lists(one, max_size=4))
    return st.one_of(st.none(), one)


def _posts(fields):
    """Return a strategy for the posted data: every field fuzzed or left out, sometimes a stray field too."""
    strategies = {name: _value(field, name) for name, field in fields.items()}
    strategies["stray"] = st.one_of(st.none(), TEXT)
    return st.fixed_dictionaries(strategies).map(lambda d: {k: v for k, v in d.items() if v is not None})


# What a rejection may say -------------------------------------------------------------------------------

def _django_generic_messages():
    """Return the opening words of Django's own form and validator messages, which are never specific."""
    from django import forms
    from django.core import validators

    classes = [forms.Field, forms.CharField, forms.IntegerField, forms.FloatField, forms.DecimalField,
               forms.DateField, forms.DateTimeField, forms.ChoiceField, forms.MultipleChoiceField,
               forms.TypedChoiceField, forms.UUIDField, forms.BooleanField, forms.EmailField, forms.ModelChoiceField,
               forms.ModelMultipleChoiceField]
    messages = {str(m) for cls in classes for c in cls.__mro__ for m in getattr(c, "default_error_messages", {}).values()}
    messages |= {str(v.message) for v in (validators.ProhibitNullCharactersValidator, validators.MaxLengthValidator,
                                          validators.MinLengthValidator, validators.MaxValueValidator,
                                          validators.MinValueValidator)}
    # Only openings long enough to be words ("“%(value)s” is not a valid UUID." opens with a bare quote).
    return sorted({m.split("%(")[0].strip() for m in messages if len(m.split("%(")[0].strip()) >= 8})


GENERIC = _django_generic_messages()
SUMMARY = re.compile(r'govuk-error-summary__list">(.*?)</ul>', re.S)
REASON = re.compile(r'<p class="govuk-body" data-testid="reason">(.*?)</p>', re.S)


def summary_messages(content, *, buttons_only=False):
    """Return the messages in the page's GOV.UK error summary, or None if it has none.

    A form of buttons only (every field hidden) has nowhere to show an error summary: what is wrong
    can only have been sent by tampering, so the site's "There is a problem" page saying why will do.
    """
    found = SUMMARY.search(content.decode())
    if not found and buttons_only:
        return [html.unescape(m).strip() for m in REASON.findall(content.decode())] or None
    if not found:
        return None
    return [html.unescape(re.sub(r"<[^>]+>", "", item)).strip()
            for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)]


# The tests ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_form_survives_fuzzing(target, riverside, person, client_as):
    from django.test import Client

    from protocol_portal.audit.models import AuditEvent

    with time_machine.travel(NOW, tick=False):
        scenario = build_form_scenario(person)
        client = client_as(target.username) if target.username else Client()
        page, action = target.page(scenario), target.action(scenario)
        shown = client.get(page)
        assert shown.status_code == 200, f"{target}: {page} answered {shown.status_code}"
        fields = find_form(shown.content, action)
        buttons_only = all(field["kind"] == "hidden" for field in fields.values())
        outcomes = {"accepted": 0, "rejected": 0}

        @settings(max_examples=EXAMPLES_PER_FORM, deadline=None, derandomize=True, database=None,
                  phases=[Phase.explicit, Phase.generate, Phase.shrink],
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                         HealthCheck.data_too_large])
        @given(data=_posts(fields))
        def post(data):
            with transaction.atomic():
                recorded = AuditEvent.objects.count()
                response = client.post(action, data)
                changed = AuditEvent.objects.count() - recorded
                transaction.set_rollback(True)  # every example starts from the same state
            status = response.status_code
            FIGURES["form fuzzing: posts sent"] += 1
            assert status < 500, f"{target}: {status} for {data!r}"
            if status in (302, 303):
                outcomes["accepted"] += 1
                return
            assert status in (200, 400), f"{target}: {status} (neither a redirect nor the form again) for {data!r}"
            messages = summary_messages(response.content, buttons_only=buttons_only)
            assert messages, f"{target}: {status} with no GOV.UK error summary for {data!r}"
            generic = [m for m in messages if any(m.startswith(g) for g in GENERIC)]
            assert not generic, f"{target}: Django's generic message(s) {generic} for {data!r}"
            assert changed == 0, f"{target}: rejected, yet {changed} audit event(s) were recorded for {data!r}"
            outcomes["rejected"] += 1

        post()
    FIGURES["form fuzzing: forms"] += 1
    assert sum(outcomes.values()) >= EXAMPLES_PER_FORM // 2, f"{target}: only {outcomes} examples ran"


def _routes(patterns=None, prefix="", namespace=""):
    """Yield (route, name with its namespace, view) for every URL pattern in the site."""
    from django.urls import URLPattern, URLResolver, get_resolver

    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name}" if entry.name else None, entry.callback


def accepts_post(view):
    """Return whether a view takes POST: a class-based view with ``post``, or a function view that says so."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return hasattr(view_class, "post")
    source = inspect.getsource(inspect.unwrap(view))
    return "require_POST" in source or '"POST"' in source or "'POST'" in source


def test_every_post_route_is_fuzzed():
    fuzzed = {target.route for target in TARGETS}
    post_routes = {name or route for route, name, view in _routes()
                   if not route.startswith(OTHER_REMITS) and accepts_post(view)}
    assert post_routes, "found no routes that accept POST: the route walk is broken"
    missed = post_routes - fuzzed - set(NOT_FUZZED)
    assert not missed, f"routes that accept POST but are not fuzzed here (add a Target, or to NOT_FUZZED with why): {sorted(missed)}"
    stale = (fuzzed | set(NOT_FUZZED)) - post_routes
    assert not stale, f"targets for routes that no longer take POST: {sorted(stale)}"


def test_generic_messages_are_known():
    """The list the fuzzer checks against holds Django's words, so a generic message cannot slip through."""
    assert "This field is required." in GENERIC
    assert "Select a valid choice." in GENERIC
    assert "Null characters are not allowed." in GENERIC


def test_a_date_too_big_for_the_calendar_is_an_error_not_a_crash(riverside, client_as):
    """Found by the fuzzer: a day of 99999999999999999999 raised OverflowError (a 500) in three forms."""
    with time_machine.travel(NOW, tick=False):
        response = client_as(MEMBER).post("/briefings/new/", {
            "subject": "Harbour Street", "question": "What next?", "department": "PLAN",
            "requested_date": "99999999999999999999", "requested_month": "1", "requested_year": "2027"})
    assert response.status_code == 400
    assert summary_messages(response.content) == [
        "The date you would like the briefing must be a real date, for example 15 1 2027."]


def test_a_tampered_choice_gets_a_message_naming_the_field(riverside, client_as):
    """Found by the fuzzer: a choice not offered got Django's "Select a valid choice. … is not one of the
    available choices.", which names no field."""
    with time_machine.travel(NOW, tick=False):
        response = client_as(MEMBER).post("/enquiries/new/", {
            "subject": "Bins", "question": "Why?", "department": "ENV", "on_behalf": "on",
            "on_behalf_name": "A Resident", "on_behalf_ward": "NOWHERE", "on_behalf_consent": "on"})
    assert response.status_code == 400
    assert "Choose “Ward the matter concerns” from the options given." in summary_messages(response.content)
