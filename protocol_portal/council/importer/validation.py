"""Parse and validate a council file without touching the database.

Every problem is collected with its location (``members[3].group: no group with code 'LIBDEM'``)
so a council sees all of them at once; a file with any problem imports nothing.
"""
import re
from dataclasses import dataclass, field
from datetime import date

import yaml

from members.models import BodyKind, CouncilRole, GroupRole, MemberKind, Position
from officers.models import Grade, StatutoryRole
from requests_app.models import EXEMPT_PARAGRAPHS, GROUP_CLASSIFICATIONS, Classification
from complaints.models import RelationshipKind

from ..models import BankHolidays, BriefingApprover, DayKind, Nation

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML without implicit timestamps: a bad date must be our error message, not a crash.

    libyaml's C loader where PyYAML has it: it reads a county-sized file about 4x faster.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Loader.yaml_implicit_resolvers.items()
}


class CouncilFileError(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} error(s) in the council file")
        self.errors = errors


@dataclass
class CouncilPlan:
    """A validated council file: every section normalised, keyed by username, code or ref."""

    council: dict
    groups: dict = field(default_factory=dict)
    wards: dict = field(default_factory=dict)
    directorates: dict = field(default_factory=dict)
    departments: dict = field(default_factory=dict)
    officers: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    bodies: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)
    documents: dict = field(default_factory=dict)
    relationships: dict = field(default_factory=dict)

    @property
    def record_count(self):
        return sum(len(getattr(self, name)) for name in SECTIONS)


SECTIONS = ("groups", "wards", "directorates", "departments", "officers", "members", "bodies",
            "meetings", "documents", "relationships")

COUNCIL_DEFAULTS = {
    "nation": Nation.ENGLAND.value,
    "bank_holidays": BankHolidays.ENGLAND_AND_WALES.value,
    "closure_days": [],
    "enquiry_response_days": 10,
    "enquiry_day_kind": DayKind.WORKING.value,
    "reminder_days_before": 2,
    "second_escalation_days": 5,
    "complaint_ack_days": 5,
    "complaint_assess_days": 20,
    "briefing_approver": BriefingApprover.CHIEF_EXECUTIVE.value,
    "democratic_services": None,
    "clear_days_exclude_non_working": True,
}


class _Checker:
    """Collects errors; each ``want_*`` returns the cleaned value or None after recording a problem."""

    def __init__(self):
        self.errors = []

    def error(self, where, message):
        self.errors.append(f"{where}: {message}")

    def mapping(self, where, value):
        if not isinstance(value, dict):
            self.error(where, f"expected a mapping of fields, got {_describe(value)}")
            return None
        return value

    def text(self, where, value, *, required=True, blank=False):
        if value is None or (isinstance(value, str) and not value.strip()):
            if required and not blank:
                self.error(where, "is required")
                return None
            return ""
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            self.error(where, f"expected text, got {_describe(value)}")
            return None
        return str(value).strip()

    def code(self, where, value):
        text = self.text(where, value)
        if text and not CODE_RE.match(text):
            self.error(where, f"{text!r} is not a valid code: use letters, digits, '.', '-' or '_'")
            return None
        return text

    def boolean(self, where, value, default=False):
        if value is None:
            return default
        if not isinstance(value, bool):
            self.error(where, f"expected true or false, got {_describe(value)}")
            return None
        return value

    def integer(self, where, value, default, low=1, high=366):
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(where, f"expected a whole number, got {_describe(value)}")
            return None
        if not low <= value <= high:
            self.error(where, f"{value} is out of range: use a number from {low} to {high}")
            return None
        return value

    def choice(self, where, value, choices, *, required=True, default=None):
        if value is None:
            if required and default is None:
                self.error(where, f"is required: one of {', '.join(choices.values)}")
            return default
        if value not in choices.values:
            self.error(where, f"{value!r} is not one of {', '.join(choices.values)}")
            return None
        return value

    def choices(self, where, value, choices):
        items = self.listing(where, value)
        cleaned = []
        for i, item in enumerate(items):
            if item not in choices.values:
                self.error(f"{where}[{i}]", f"{item!r} is not one of {', '.join(choices.values)}")
            elif item not in cleaned:
                cleaned.append(item)
        return cleaned

    def listing(self, where, value):
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(where, f"expected a list, got {_describe(value)}")
            return []
        return value

    def day(self, where, value, *, required=True):
        if value is None or value == "":
            if required:
                self.error(where, "is required: a date written YYYY-MM-DD")
            return None
        try:
            if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError
            return date.fromisoformat(value)
        except ValueError:
            self.error(where, f"{value!r} is not a date: write it as YYYY-MM-DD, e.g. 2026-12-09")
            return None

    def reference(self, where, value, known, what, *, required=False):
        if value is None or value == "":
            if required:
                self.error(where, f"is required: the code of a {what}")
            return None
        if not isinstance(value, str) or value not in known:
            key = {"officer": "username", "member": "username", "person": "username", "meeting": "ref"}.get(what, "code")
            self.error(where, f"no {what} with {key} {value!r}")
            return None
        return value


def _describe(value):
    if value is None:
        return "nothing"
    return {dict: "a mapping", list: "a list", bool: "true/false", str: "text", int: "a number",
            float: "a number"}.get(type(value), type(value).__name__)


def parse_council_file(text):
    """Return the YAML document in ``text``, or raise CouncilFileError for malformed YAML."""
    try:
        document = yaml.load(text, Loader=_Loader)  # nosec B506 - _Loader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        raise CouncilFileError([f"{where}: not valid YAML ({getattr(exc, 'problem', exc)})"]) from exc
    if not isinstance(document, dict):
        raise CouncilFileError(["file: expected a mapping with a 'council' section at the top"])
    return document


def _keyed(check, document, section, key, build):
    """Validate each row of a section with ``build``; return rows keyed by ``key``, flagging repeats."""
    rows = {}
    for i, raw in enumerate(check.listing(section, document.get(section))):
        where = f"{section}[{i}]"
        item = check.mapping(where, raw)
        if item is None:
            continue
        value = check.code(f"{where}.{key}", item.get(key))
        if value and value in rows:
            check.error(f"{where}.{key}", f"{value!r} is used twice; each {key} must be unique")
            value = None
        row = build(where, item)
        if value:
            row["_where"] = where
            rows[value] = row
    return rows


def validate_council_file(document):
    """Return a CouncilPlan for a parsed council file, or raise CouncilFileError listing every problem."""
    check = _Checker()
    unknown = sorted(set(document) - {"council", *SECTIONS})
    for name in unknown:
        check.error(name, f"unknown section; the sections are council, {', '.join(SECTIONS)}")

    # Names first, so references between sections can be checked in any order.
    def names(section, key):
        return {row.get(key) for row in (document.get(section) or []) if isinstance(row, dict)} - {None}

    group_codes, ward_codes = names("groups", "code"), names("wards", "code")
    directorate_codes, department_codes = names("directorates", "code"), names("departments", "code")
    officer_names, member_names = names("officers", "username"), names("members", "username")
    body_codes, meeting_refs = names("bodies", "code"), names("meetings", "ref")

    council = _council(check, document.get("council"), department_codes)
    plan = CouncilPlan(council=council or {})

    plan.groups = _keyed(check, document, "groups", "code",
                         lambda w, r: {"name": check.text(f"{w}.name", r.get("name"))})
    plan.wards = _keyed(check, document, "wards", "code",
                        lambda w, r: {"name": check.text(f"{w}.name", r.get("name"))})
    plan.directorates = _keyed(check, document, "directorates", "code", lambda w, r: {
        "name": check.text(f"{w}.name", r.get("name")),
        "director": check.reference(f"{w}.director", r.get("director"), officer_names, "officer"),
    })
    plan.departments = _keyed(check, document, "departments", "code", lambda w, r: {
        "name": check.text(f"{w}.name", r.get("name")),
        "directorate": check.reference(f"{w}.directorate", r.get("directorate"), directorate_codes,
                                       "directorate", required=True),
        "head": check.reference(f"{w}.head", r.get("head"), officer_names, "officer"),
    })
    plan.officers = _keyed(check, document, "officers", "username",
                           lambda w, r: _officer(check, w, r, department_codes, officer_names, group_codes))
    plan.members = _keyed(check, document, "members", "username",
                          lambda w, r: _member(check, w, r, group_codes, ward_codes))
    plan.bodies = _keyed(check, document, "bodies", "code",
                         lambda w, r: _body(check, w, r, body_codes, member_names))
    plan.meetings = _keyed(check, document, "meetings", "ref", lambda w, r: {
        "body": check.reference(f"{w}.body", r.get("body"), body_codes, "body", required=True),
        "date": check.day(f"{w}.date", r.get("date")),
        "public": check.boolean(f"{w}.public", r.get("public"), default=True),
    })
    plan.documents = _keyed(check, document, "documents", "ref",
                            lambda w, r: _document(check, w, r, department_codes, body_codes, meeting_refs,
                                                   group_codes, ward_codes))
    _check_people_across_sections(check, plan)
    _check_statutory_roles(check, plan)
    _check_political_assistants(check, plan)
    _check_manager_cycles(check, plan)
    _check_body_cycles(check, plan)
    plan.relationships = _relationships(check, document, officer_names | member_names)

    if check.errors:
        raise CouncilFileError(check.errors)
    return plan


def _council(check, raw, department_codes):
    item = check.mapping("council", raw)
    if item is None:
        return None
    known = {"name", *COUNCIL_DEFAULTS}
    for extra in sorted(set(item) - known):
        check.error(f"council.{extra}", "unknown setting; see COUNCIL-FILE.md for the settings")
    g = item.get
    closure_days = []
    for i, raw_day in enumerate(check.listing("council.closure_days", g("closure_days"))):
        parsed = check.day(f"council.closure_days[{i}]", raw_day)
        if parsed:
            closure_days.append(parsed.isoformat())
    return {
        "name": check.text("council.name", g("name")),
        "nation": check.choice("council.nation", g("nation"), Nation, default=COUNCIL_DEFAULTS["nation"]),
        "bank_holidays": check.choice("council.bank_holidays", g("bank_holidays"), BankHolidays,
                                      default=COUNCIL_DEFAULTS["bank_holidays"]),
        "closure_days": sorted(set(closure_days)),
        "enquiry_response_days": check.integer("council.enquiry_response_days", g("enquiry_response_days"), 10),
        "enquiry_day_kind": check.choice("council.enquiry_day_kind", g("enquiry_day_kind"), DayKind,
                                         default=COUNCIL_DEFAULTS["enquiry_day_kind"]),
        "reminder_days_before": check.integer("council.reminder_days_before", g("reminder_days_before"), 2),
        "second_escalation_days": check.integer("council.second_escalation_days", g("second_escalation_days"), 5),
        "complaint_ack_days": check.integer("council.complaint_ack_days", g("complaint_ack_days"), 5),
        "complaint_assess_days": check.integer("council.complaint_assess_days", g("complaint_assess_days"), 20),
        "briefing_approver": check.choice("council.briefing_approver", g("briefing_approver"), BriefingApprover,
                                          default=COUNCIL_DEFAULTS["briefing_approver"]),
        "democratic_services": check.reference("council.democratic_services", g("democratic_services"),
                                               department_codes, "department"),
        "clear_days_exclude_non_working": check.boolean("council.clear_days_exclude_non_working",
                                                        g("clear_days_exclude_non_working"), default=True),
    }


def _person(check, where, raw):
    email = check.text(f"{where}.email", raw.get("email"))
    if email and not EMAIL_RE.match(email):
        check.error(f"{where}.email", f"{email!r} is not an email address")
    return {"name": check.text(f"{where}.name", raw.get("name")), "email": email or ""}


def _officer(check, where, raw, department_codes, officer_names, group_codes):
    grade = check.choice(f"{where}.grade", raw.get("grade"), Grade)
    department = check.reference(f"{where}.department", raw.get("department"), department_codes, "department")
    if department is None and raw.get("department") is None and grade not in (Grade.CHIEF_EXECUTIVE, Grade.DIRECTOR, None):
        check.error(f"{where}.department", "is required for an officer below Director grade")
    manager = check.reference(f"{where}.manager", raw.get("manager"), officer_names, "officer")
    if manager is not None and manager == raw.get("username"):
        check.error(f"{where}.manager", "an officer cannot be their own manager")
        manager = None
    return {
        **_person(check, where, raw),
        "post": check.text(f"{where}.post", raw.get("post")),
        "grade": grade,
        "department": department,
        "manager": manager,
        "statutory_roles": check.choices(f"{where}.statutory_roles", raw.get("statutory_roles"), StatutoryRole),
        "politically_restricted": check.boolean(f"{where}.politically_restricted", raw.get("politically_restricted")),
        "political_assistant_to": check.reference(f"{where}.political_assistant_to",
                                                  raw.get("political_assistant_to"), group_codes, "group"),
    }


def _member(check, where, raw, group_codes, ward_codes):
    group = check.reference(f"{where}.group", raw.get("group"), group_codes, "group")
    group_roles = check.choices(f"{where}.group_roles", raw.get("group_roles"), GroupRole)
    if group_roles and raw.get("group") is None:
        check.error(f"{where}.group_roles", "a member of no group cannot hold a group role")
    wards = [check.reference(f"{where}.wards[{i}]", code, ward_codes, "ward")
             for i, code in enumerate(check.listing(f"{where}.wards", raw.get("wards")))]
    term = check.mapping(f"{where}.term", raw.get("term")) or {}
    start = check.day(f"{where}.term.start", term.get("start")) if term else None
    end = check.day(f"{where}.term.end", term.get("end")) if term else None
    if start and end and end < start:
        check.error(f"{where}.term.end", f"the term ends ({end}) before it starts ({start})")
    return {
        **_person(check, where, raw),
        "kind": check.choice(f"{where}.kind", raw.get("kind"), MemberKind, default=MemberKind.ELECTED.value),
        "group": group,
        "group_roles": group_roles,
        "council_roles": check.choices(f"{where}.council_roles", raw.get("council_roles"), CouncilRole),
        "portfolio": check.text(f"{where}.portfolio", raw.get("portfolio"), required=False),
        "wards": sorted({w for w in wards if w}),
        "term_start": start,
        "term_end": end,
    }


def _body(check, where, raw, body_codes, member_names):
    parent = check.reference(f"{where}.parent", raw.get("parent"), body_codes, "body")
    if parent is not None and parent == raw.get("code"):
        check.error(f"{where}.parent", "a body cannot be its own parent")
        parent = None
    seats = {}
    for i, seat_raw in enumerate(check.listing(f"{where}.members", raw.get("members"))):
        seat_where = f"{where}.members[{i}]"
        seat = check.mapping(seat_where, seat_raw)
        if seat is None:
            continue
        member = check.reference(f"{seat_where}.member", seat.get("member"), member_names, "member", required=True)
        position = check.choice(f"{seat_where}.position", seat.get("position"), Position,
                                default=Position.MEMBER.value)
        if member and member in seats:
            check.error(f"{seat_where}.member", f"{member!r} is listed twice on this body")
        elif member and position:
            seats[member] = position
    return {
        "name": check.text(f"{where}.name", raw.get("name")),
        "kind": check.choice(f"{where}.kind", raw.get("kind"), BodyKind),
        "parent": parent,
        "seats": seats,
    }


def _document(check, where, raw, department_codes, body_codes, meeting_refs, group_codes, ward_codes):
    classification = check.choice(f"{where}.classification", raw.get("classification"), Classification)
    paragraphs = []
    for i, paragraph in enumerate(check.listing(f"{where}.exempt_paragraphs", raw.get("exempt_paragraphs"))):
        if isinstance(paragraph, bool) or paragraph not in EXEMPT_PARAGRAPHS:
            check.error(f"{where}.exempt_paragraphs[{i}]",
                        f"{paragraph!r} is not a Schedule 12A paragraph: use a number from 1 to 7")
        elif paragraph not in paragraphs:
            paragraphs.append(paragraph)
    if classification == Classification.EXEMPT and not paragraphs and not raw.get("exempt_paragraphs"):
        check.error(f"{where}.exempt_paragraphs",
                    "an exempt document must cite the Schedule 12A paragraphs (1-7) that make it exempt")
    if classification and classification != Classification.EXEMPT and raw.get("exempt_paragraphs"):
        check.error(f"{where}.exempt_paragraphs",
                    f"only exempt documents cite Schedule 12A paragraphs; this one is {classification}")
    group = check.reference(f"{where}.group", raw.get("group"), group_codes, "group")
    if classification in GROUP_CLASSIFICATIONS and raw.get("group") is None:
        check.error(f"{where}.group", f"a {classification} document must name the group it belongs to")
    if classification and classification not in GROUP_CLASSIFICATIONS and raw.get("group") is not None:
        check.error(f"{where}.group", "only party_group and political_advice documents belong to a group")
    contract_terms = check.boolean(f"{where}.contract_terms", raw.get("contract_terms"))
    if contract_terms and 3 not in paragraphs:
        check.error(f"{where}.contract_terms", "contract terms are paragraph 3 information: cite paragraph 3")
    wards = [check.reference(f"{where}.wards[{i}]", code, ward_codes, "ward")
             for i, code in enumerate(check.listing(f"{where}.wards", raw.get("wards")))]
    return {
        "title": check.text(f"{where}.title", raw.get("title")),
        "department": check.reference(f"{where}.department", raw.get("department"), department_codes,
                                      "department", required=True),
        "body": check.reference(f"{where}.body", raw.get("body"), body_codes, "body"),
        "meeting": check.reference(f"{where}.meeting", raw.get("meeting"), meeting_refs, "meeting"),
        "classification": classification,
        "exempt_paragraphs": sorted(paragraphs),
        "contract_terms": bool(contract_terms),
        "group": group,
        "personal_data": check.boolean(f"{where}.personal_data", raw.get("personal_data")),
        "wards": sorted({w for w in wards if w}),
        "summary": check.text(f"{where}.summary", raw.get("summary"), required=False),
        "body_text": check.text(f"{where}.body_text", raw.get("body_text"), required=False),
    }


def _check_people_across_sections(check, plan):
    for username in sorted(set(plan.officers) & set(plan.members)):
        check.error(f"{plan.members[username]['_where']}.username",
                    f"{username!r} is already an officer's username; usernames are unique across officers and members")


def _check_statutory_roles(check, plan):
    holders = {}
    for username, officer in plan.officers.items():
        for role in officer["statutory_roles"]:
            if role in holders:
                check.error(f"{officer['_where']}.statutory_roles",
                            f"{role} is already held by {holders[role]!r}; each statutory role has one holder")
            else:
                holders[role] = username


def _check_political_assistants(check, plan):
    # SI 2012/2089 allows one political assistant per group.
    assistants = {}
    for username, officer in plan.officers.items():
        group = officer["political_assistant_to"]
        if group and group in assistants:
            check.error(f"{officer['_where']}.political_assistant_to",
                        f"group {group!r} already has a political assistant ({assistants[group]!r}); at most one per group")
        elif group:
            assistants[group] = username


def _check_manager_cycles(check, plan):
    reported = set()
    for username in plan.officers:
        seen = []
        current = username
        while current is not None and current in plan.officers and current not in seen:
            seen.append(current)
            current = plan.officers[current]["manager"]
        if current is not None and current in seen:
            cycle = seen[seen.index(current):]
            key = frozenset(cycle)
            if key not in reported:
                reported.add(key)
                first = min(cycle)
                check.error(f"{plan.officers[first]['_where']}.manager",
                            "the management line goes round in a circle: " + " -> ".join(cycle + [current]))


def _check_body_cycles(check, plan):
    for code in plan.bodies:
        seen = []
        current = code
        while current is not None and current in plan.bodies and current not in seen:
            seen.append(current)
            current = plan.bodies[current]["parent"]
        if current == code:
            check.error(f"{plan.bodies[code]['_where']}.parent", "bodies' parents go round in a circle: "
                        + " -> ".join(seen + [current]))


def _relationships(check, document, usernames):
    pairs = {}
    for i, raw in enumerate(check.listing("relationships", document.get("relationships"))):
        where = f"relationships[{i}]"
        item = check.mapping(where, raw)
        if item is None:
            continue
        between = item.get("between")
        if not isinstance(between, list) or len(between) != 2:
            check.error(f"{where}.between", "expected a list of exactly two usernames")
            continue
        people = [check.reference(f"{where}.between[{j}]", name, usernames, "person") for j, name in enumerate(between)]
        kind = check.choice(f"{where}.kind", item.get("kind"), RelationshipKind)
        if None in people or kind is None:
            continue
        if people[0] == people[1]:
            check.error(f"{where}.between", "a relationship needs two different people")
            continue
        key = tuple(sorted(people))
        if key in pairs:
            check.error(f"{where}.between", f"{key[0]!r} and {key[1]!r} are declared twice")
            continue
        pairs[key] = {"kind": kind, "_where": where}
    return pairs
