"""The permission matrix's oracle: who may know of, read and act on each thing, from RULES.md alone.

Plain Python over the facts ``matrix_council.build_council`` recorded and the Riverside file; it never asks
the portal's selectors. ``None`` as a person is nobody signed in (and a deactivated account is treated the same).
"""
from .matrix_council import (
    DEMOCRATIC_SERVICES,
    DEPARTMENT_OF,
    DEPUTY,
    DOCUMENTS,
    GROUP_OF,
    INACTIVE,
    MEMBERS,
    MONITORING_OFFICER,
    OFFICERS,
    OVERSIGHT_STAFF,
    POLITICAL_ASSISTANT,
    RELATED,
    SPEAKERS,
    TERM_ENDED,
)

GROUP_CLASSIFICATIONS = ("party_group", "political_advice")


def signed_in(u):
    return u is not None and u != INACTIVE


def is_member(u):
    return u in MEMBERS


def is_officer(u):
    return u in OFFICERS


def is_mo(u):
    """The Monitoring Officer or the deputy (ACC-DISPUTE, CMP-PRIVACY)."""
    return u in (MONITORING_OFFICER, DEPUTY)


def audience(u):
    """A member's audience for briefings: their group, or themselves in none (BRF-EQUAL)."""
    return GROUP_OF.get(u, u)


def related(a, b):
    return frozenset({a, b}) in RELATED


# Documents (ACC-GROUP, ACC-ADVISER, ACC-OFFICER, ACC-TERM) -----------------------------------------------

def document_known(c, u, ref):
    """ACC-GROUP / ACC-ADVISER: a group's papers exist only for its members and its political assistant."""
    _, classification, group = DOCUMENTS[ref]
    if classification not in GROUP_CLASSIFICATIONS:
        return is_member(u) or is_officer(u)
    return GROUP_OF.get(u) == group or POLITICAL_ASSISTANT.get(u) == group


def document_readable(c, u, ref):
    department, classification, group = DOCUMENTS[ref]
    if not document_known(c, u, ref):
        return False
    if classification == "public":                       # ACC-PUBLIC
        return True
    if is_member(u):
        if u in TERM_ENDED:                              # ACC-TERM, ACC-EXPIRY
            return False
        if classification in GROUP_CLASSIFICATIONS:      # ACC-GROUP
            return True
        return ref in c.granted_documents.get(u, ())     # a grant (ACC-BODY etc.) through a request
    if classification in GROUP_CLASSIFICATIONS:          # ACC-ADVISER: the group's political assistant
        return True
    if DEPARTMENT_OF[u] == department:                   # ACC-OFFICER: their own department's
        return True
    # ACC-OFFICER: a request about it is theirs to decide now (ACC-DETERMINE, ACC-DISPUTE).
    return any(r["document"] == ref and r["assigned"] == u for r in c.requests.values())


# Access requests ---------------------------------------------------------------------------------------

def request_visible(c, u, key):
    """API.md: the requester, the assignee (and officers who acted on it), the Monitoring Officer and deputy;
    ACC-GROUP: never a request about a group's paper to anyone outside the group."""
    r = c.requests[key]
    if is_member(u):
        return r["member"] == u
    if not is_officer(u):
        return False
    if r["assigned"] == u or u in r["acted"]:
        return True
    return is_mo(u) and DOCUMENTS[r["document"]][1] not in GROUP_CLASSIFICATIONS


# Enquiries (ENQ-TRIAGE, ENQ-ESCALATE, ENQ-CONFIDENTIAL, COR-COPY, REL-CONFLICT) -------------------------

def enquiry_visible(c, u, key):
    e = c.enquiries[key]
    if is_member(u):
        return e["member"] == u or u in e["copied"]      # ENQ-CONFIDENTIAL: no other member; COR-COPY
    if not is_officer(u):
        return False
    if related(u, e["member"]):                          # REL-CONFLICT
        return False
    if e["assigned"] == u or u in e["escalated"]:
        return True
    if u in POLITICAL_ASSISTANT:                         # a group's adviser is not the council's triage
        return False
    department = DEPARTMENT_OF[u]
    return department is not None and (department == e["department"] or department == DEMOCRATIC_SERVICES)


# Briefings (BRF-CONFIDENTIAL, BRF-EQUAL, BRF-NOTIFY) ---------------------------------------------------

def briefing_visible(c, u, key):
    b = c.briefings[key]
    if is_member(u):
        return audience(u) == b["audience"]
    if not is_officer(u):
        return False
    # REL-CONFLICT: never one asked for by a member the officer has a declared relationship with.
    return (u == b["approver"] or u in b["officers"]) and not related(u, _requester(key))


def _requester(key):
    return {"awaiting": "cllr.gordon", "approved": "cllr.kaur", "delivered": "cllr.ahmed", "rejected": "cllr.moss",
            "equivalent": "cllr.gordon"}[key]


def record_readable(c, u, key):
    """BRF-CONFIDENTIAL: the group's record, to its members and the officers who attended; nobody else."""
    b = c.briefings[key]
    if is_member(u):
        return audience(u) == b["audience"]
    return b["status"] == "delivered" and u in b["officers"]


def offer_visible(c, u, key):
    return is_member(u) and audience(u) == c.offers[key]["audience"]


def notice_visible(c, u, key):
    """BRF-NOTIFY: every other audience is told a briefing happened."""
    return is_member(u) and audience(u) != c.notices[key]["audience"]


# Complaints (CMP-PRIVACY) ------------------------------------------------------------------------------

def complaint_visible(c, u, key):
    k = c.complaints[key]
    if not (is_member(u) or is_officer(u)):
        return False
    if u == k["complainant"] or u in k["handlers"]:
        return True
    if u == k["subject"]:
        return k["notified"]
    return is_mo(u)


def complaint_handler(c, key):
    """The one who handles it now: the first in its route (the chair told of it only reads it)."""
    handlers = c.complaints[key]["handlers"]
    return next(h for h in handlers if not h.startswith("cllr.")) if len(handlers) > 1 else next(iter(handlers))


# Relationships and oversight ----------------------------------------------------------------------------

def relationship_visible(c, u, key):
    return u in c.relationships[key]["between"]


def may_oversee(u):
    """The Monitoring Officer's pages: the MO, the deputy and the staff they authorised; 404 for anyone else."""
    return is_mo(u) or u == OVERSIGHT_STAFF


# Markers no response may show a person who may not know the thing (every 200 is searched) ---------------

def secret_markers(c, u):
    """Return {marker: why} of text that must appear in no answer to ``u``."""
    secrets = {}
    for ref, (_, classification, group) in DOCUMENTS.items():
        if classification in GROUP_CLASSIFICATIONS and not document_known(c, u, ref):
            secrets[f"{ref}<"] = f"ACC-GROUP: {ref} is another group's"  # as shown in a list cell or link
            secrets[f'"{ref}"'] = f"ACC-GROUP: {ref} is another group's"
    for key, r in c.requests.items():
        if not request_visible(c, u, key):
            secrets[r["id"]] = f"request {key}"
    for key, e in c.enquiries.items():
        if not enquiry_visible(c, u, key):
            secrets[e["id"]] = f"enquiry {key}"
            secrets[f"MXE-{key} "] = f"ENQ-CONFIDENTIAL: enquiry {key}'s subject"
            secrets[f"MXQ-{key}."] = f"ENQ-CONFIDENTIAL: enquiry {key}'s question"
    for key, b in c.briefings.items():
        if not briefing_visible(c, u, key):
            secrets[b["id"]] = f"BRF-CONFIDENTIAL: briefing {key}"
            secrets[f"MXBQ-{key}."] = f"BRF-CONFIDENTIAL: briefing {key}'s question"
        if not record_readable(c, u, key):
            secrets[f"MXREC-{key}"] = f"BRF-CONFIDENTIAL: briefing {key}'s record"
    for key, o in c.offers.items():
        if not offer_visible(c, u, key):
            secrets[o["id"]] = f"BRF-EQUAL: offer to {key}"
    for key, k in c.complaints.items():
        if not complaint_visible(c, u, key):
            secrets[k["id"]] = f"CMP-PRIVACY: complaint {key}"
            secrets[f"MXC-{key}."] = f"CMP-PRIVACY: complaint {key}'s details"
    return secrets
