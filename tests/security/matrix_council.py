"""The permission matrix's council: Riverside plus one of every kind of thing, made through the real actions.

``build_council()`` returns a ``Council`` of plain facts: who asked for what, which group, which department,
who it was escalated or copied to, who handles it. The oracle (``matrix_oracle.py``) reasons only over these
facts and the Riverside file, never over the selectors it checks.
"""
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

# Riverside's people (tests/fixtures/riverside.yaml), as the oracle knows them.
GROUPS = {
    "LAB": ("cllr.ahmed", "cllr.byrne", "cllr.clarke", "cllr.das", "cllr.edwards", "cllr.flynn", "cllr.okoro"),
    "CON": ("cllr.gordon", "cllr.hughes", "cllr.iqbal", "cllr.jones"),
    "LD": ("cllr.kaur", "cllr.lewis"),
    "GRN": ("cllr.moss",),
}
NO_GROUP = ("cllr.nolan", "mr.quinn", "ms.rahman")
MEMBERS = tuple(m for members in GROUPS.values() for m in members) + NO_GROUP
GROUP_OF = {m: g for g, members in GROUPS.items() for m in members}
SPEAKERS = {"cllr.ahmed", "cllr.gordon", "cllr.hughes", "cllr.kaur", "cllr.lewis", "cllr.moss",
            "cllr.nolan"}  # leaders and spokespersons (not deputy leaders), and the elected member of no group (BRF-REQUEST)
DEPARTMENT_OF = {
    "h.patel": "PLAN", "s.ali": "PLAN", "o.baker": "PLAN",
    "h.brennan": "HOUS", "s.reid": "HOUS", "o.chen": "HOUS",
    "h.osei": "ENV", "o.dunn": "ENV",
    "h.novak": "ASC", "h.achebe": "CSC", "h.grant": "FIN", "h.kowalski": "HR",
    "h.shah": "LEGAL", "s.evans": "LEGAL", "o.forde": "LEGAL", "o.hussain": "LEGAL",
    "c.wright": None, "d.okafor": None, "d.lindqvist": None, "d.murray": None,
}
OFFICERS = tuple(DEPARTMENT_OF)
DEMOCRATIC_SERVICES = "LEGAL"
MONITORING_OFFICER, DEPUTY = "h.shah", "s.evans"
POLITICAL_ASSISTANT = {"o.hussain": "CON"}
# Declared relationships in the file, and one the matrix declares (REL-DECLARE).
RELATED = {frozenset({"cllr.das", "o.dunn"}), frozenset({"cllr.hughes", "s.reid"}), frozenset({"cllr.lewis", "o.baker"})}
INDEPENDENT_PERSON = "ms.rahman"  # a member record, but not a party to complaints or relationships
INACTIVE = "matrix.inactive"    # a deactivated account: treated as nobody signed in
ADMIN = "matrix.admin"          # a portal administrator (is_staff), for the admin check
OVERSIGHT_STAFF = "o.forde"     # authorised by the Monitoring Officer to see the oversight pages
PEOPLE = MEMBERS + OFFICERS + (INACTIVE, None)  # None: nobody signed in

# Documents (the file's): department, classification, group.
DOCUMENTS = {
    "DOC-0001": ("LEGAL", "public", None), "DOC-0002": ("FIN", "internal", None),
    "DOC-0003": ("ENV", "exempt", None), "DOC-0004": ("ENV", "exempt", None), "DOC-0005": ("PLAN", "exempt", None),
    "DOC-0006": ("PLAN", "exempt", None), "DOC-0007": ("LEGAL", "exempt", None), "DOC-0008": ("CSC", "exempt", None),
    "DOC-0009": ("LEGAL", "party_group", "LAB"), "DOC-0010": ("LEGAL", "political_advice", "CON"),
    "DOC-0011": ("HR", "exempt", None), "DOC-0012": ("FIN", "exempt", None), "DOC-0013": ("HOUS", "confidential", None),
    "DOC-0014": ("ENV", "internal", None), "DOC-0015": ("HOUS", "exempt", None), "DOC-0016": ("LEGAL", "public", None),
}
TERM_ENDED = {"cllr.okoro"}


@dataclass
class Council:
    """What the matrix made, as facts: each dict maps a key to what the oracle needs about it."""

    requests: dict = field(default_factory=dict)      # key -> {id, member, document, assigned, acted, status}
    enquiries: dict = field(default_factory=dict)     # key -> {id, member, department, assigned, copied, escalated...}
    briefings: dict = field(default_factory=dict)     # key -> {id, audience, approver, officers, status, attended}
    offers: dict = field(default_factory=dict)        # key -> {id, audience}
    notices: dict = field(default_factory=dict)       # key -> {id, audience (of the briefing)}
    attributions: dict = field(default_factory=dict)  # key -> {id, briefing key}
    complaints: dict = field(default_factory=dict)    # key -> {id, complainant, subject, handlers, notified, marker}
    relationships: dict = field(default_factory=dict)  # key -> {id, between}
    grants: dict = field(default_factory=dict)        # key -> {id}
    granted_documents: dict = field(default_factory=dict)  # member -> set of refs granted (ACC-*)


def _user(username):
    from protocol_portal.council.models import User

    return User.objects.get(username=username)


def _doc(ref):
    from requests_app.models import Document

    return Document.objects.get(ref=ref)


REASON = "I am the ward member and residents raised this at my surgery last week."


def _access_requests(c):
    """ACC: granted (ACC-BODY and ACC-GROUP), refused, referred, referred on to the MO, disputed."""
    from requests_app import actions as acc

    def ask(key, member, ref, **kwargs):
        made = acc.access_request_create(acting_user=_user(member), document=_doc(ref), justification=REASON, **kwargs)
        c.requests[key] = {"id": str(made.public_id), "member": member, "document": ref, "acted": set(),
                           "made": made}
        return made

    ask("granted", "cllr.byrne", "DOC-0003")                     # ACC-BODY: a Cabinet member's Part II paper
    ask("group", "cllr.ahmed", "DOC-0009")                       # ACC-GROUP: the Labour Group's own paper
    ask("refused", "cllr.nolan", "DOC-0013")                     # ACC-CONFIDENTIAL
    ask("referred", "cllr.kaur", "DOC-0014")                     # ACC-NEED-TO-KNOW: to the Head of Environment
    disputed = ask("disputed", "cllr.moss", "DOC-0014")
    acc.access_request_determine(acting_user=_user("h.osei"), access_request=disputed, decision="refuse",
                                 reasons="Operational data only.")
    acc.access_request_dispute(acting_user=_user("cllr.moss"), access_request=disputed,
                               grounds="It is about fly-tipping in my ward.")
    c.requests["disputed"]["acted"] = {"h.osei"}
    to_mo = ask("to_mo", "cllr.gordon", "DOC-0012")             # ACC-PERSONAL-DATA: to the Head of Finance
    acc.access_request_refer(acting_user=_user("h.grant"), access_request=to_mo, reasons="Data protection advice.")
    c.requests["to_mo"]["acted"] = {"h.grant"}
    # The oracle's expectations of each (ACC-*): status and who it waits for now.
    expected = {"granted": ("granted", None), "group": ("granted", None), "refused": ("refused", None),
                "referred": ("referred", "h.osei"), "disputed": ("disputed", MONITORING_OFFICER),
                "to_mo": ("referred", MONITORING_OFFICER)}
    from requests_app.models import AccessRequest

    for key, (status, assigned) in expected.items():
        row = AccessRequest.objects.select_related("assigned_to__user").get(public_id=c.requests[key]["id"])
        c.requests[key].pop("made")
        c.requests[key].update(status=status, assigned=assigned)
        got = (row.status, row.assigned_to.user.username if row.assigned_to_id else None)
        assert got == (status, assigned), f"setting up request {key}: {got} is not {(status, assigned)}"
    c.granted_documents = {"cllr.byrne": {"DOC-0003"}}


def _enquiries(c, now):
    """ENQ: ordinary, confidential, on behalf of a constituent with a copy, answered with a copy, sent to no
    department, from a member related to the department's officer, and late and escalated twice."""
    from protocol_portal.deadlines.actions import run_escalations
    from requests_app.enquiries import actions as enq

    def ask(key, member, department, *, when=None, **kwargs):
        made = enq.enquiry_create(acting_user=_user(member), subject=f"MXE-{key} question", department=department,
                                  question=f"Question text MXQ-{key}.", now=when, **kwargs)
        c.enquiries[key] = {"id": str(made.public_id), "member": member, "department": department or DEMOCRATIC_SERVICES,
                            "assigned": None, "copied": set(), "escalated": set(), "made": made}
        return made

    def assign(key, by, officer, when=None):
        enq.enquiry_assign(acting_user=_user(by), enquiry=c.enquiries[key]["made"], officer=officer, now=when)
        c.enquiries[key]["assigned"] = officer

    ask("ordinary", "cllr.gordon", "ENV")
    assign("ordinary", "h.osei", "o.dunn")
    ask("confidential", "cllr.kaur", "PLAN", confidential=True)  # ENQ-CONFIDENTIAL
    ask("on_behalf", "cllr.iqbal", "HOUS", on_behalf_of={"name": "Ann Smith", "ward": "WEST", "consent": True})
    assign("on_behalf", "h.brennan", "o.chen")
    enq.enquiry_holding_reply(acting_user=_user("o.chen"), enquiry=c.enquiries["on_behalf"]["made"],
                              reasons="Waiting for the contractor MXH-on_behalf.",
                              revised_date=timezone.localdate() + timedelta(days=30), copy_to=["cllr.jones"])
    c.enquiries["on_behalf"]["copied"] = {"cllr.jones"}      # COR-COPY
    ask("answered", "cllr.ahmed", "FIN")
    assign("answered", "h.grant", "h.grant")
    enq.enquiry_respond(acting_user=_user("h.grant"), enquiry=c.enquiries["answered"]["made"],
                        text="The answer MXA-answered.", copy_to=["cllr.clarke"])
    c.enquiries["answered"]["copied"] = {"cllr.clarke"}
    ask("triage", "cllr.moss", None)                             # ENQ-TRIAGE: for Democratic Services to route
    ask("related", "cllr.das", "ENV")                            # REL-CONFLICT: o.dunn is family
    long_ago = now - timedelta(days=45)
    ask("escalated", "cllr.nolan", "PLAN", when=long_ago)
    assign("escalated", "h.patel", "o.baker", when=long_ago)
    run_escalations(now=now)                                     # ENQ-ESCALATE: Director, then Chief Executive
    c.enquiries["escalated"]["escalated"] = {"d.okafor", "c.wright"}
    for facts in c.enquiries.values():
        facts.pop("made")


def _briefings(c):
    """BRF: awaiting approval, approved with a nominee, delivered (offers, notices, a record), an offer
    accepted, rejected."""
    from requests_app.briefings import actions as brf
    from requests_app.briefings.models import Attribution, BriefingNotice, EqualOffer

    on = timezone.localdate() + timedelta(days=10)

    def ask(key, member, department):
        made = brf.briefing_request(acting_user=_user(member), subject=f"MXB-{key} matter", department=department,
                                    question=f"Briefing question MXBQ-{key}.", requested_date=on)
        group = GROUP_OF.get(member)
        c.briefings[key] = {"id": str(made.public_id), "audience": group or member, "approver": "c.wright",
                            "officers": set(), "status": "awaiting_approval", "made": made}
        return made

    ask("awaiting", "cllr.gordon", "PLAN")
    approved = ask("approved", "cllr.kaur", "HOUS")
    approved = brf.briefing_approve(acting_user=_user("c.wright"), briefing=approved, officer="h.brennan")
    brf.briefing_nominate(acting_user=_user("h.brennan"), briefing=approved, officer="s.reid",
                          reason="I am at the housing board that evening.")
    c.briefings["approved"].update(status="approved", officers={"h.brennan", "s.reid"})
    delivered = ask("delivered", "cllr.ahmed", "PLAN")
    delivered = brf.briefing_approve(acting_user=_user("c.wright"), briefing=delivered, officer="h.patel")
    delivered = brf.briefing_deliver(acting_user=_user("h.patel"), briefing=delivered,
                                     advice="Advice given MXADV-delivered.", report="The report MXREP-delivered.")
    c.briefings["delivered"].update(status="delivered", officers={"h.patel"})
    brf.record_write(acting_user=_user("cllr.ahmed"), briefing=delivered, notes="Our discussion MXREC-delivered.")
    brf.record_attribute(acting_user=_user("cllr.ahmed"), briefing=delivered, text="Ms Patel said it rises.")
    attribution = Attribution.objects.get(record__briefing=delivered)
    c.attributions["delivered"] = {"id": str(attribution.public_id), "briefing": "delivered"}  # URLs take the uuid
    rejected = ask("rejected", "cllr.moss", "ENV")
    brf.briefing_reject(acting_user=_user("c.wright"), briefing=rejected, reason="Party business, not Council.")
    c.briefings["rejected"]["status"] = "rejected"
    # BRF-EQUAL: offered to every other group and the elected member of no group; the Conservatives accept.
    for offer in EqualOffer.objects.filter(briefing=delivered).select_related("group", "member__user"):
        audience = offer.group.code if offer.group_id else offer.member.user.username
        c.offers[audience] = {"id": str(offer.public_id), "audience": audience}
    assert set(c.offers) == {"CON", "LD", "GRN", "cllr.nolan"}, c.offers
    accepted = brf.offer_respond(acting_user=_user("cllr.gordon"), offer=EqualOffer.objects.get(
        public_id=c.offers["CON"]["id"]), accept=True)
    equivalent = accepted.result
    c.briefings["equivalent"] = {"id": str(equivalent.public_id), "audience": "CON", "approver": "c.wright",
                                 "officers": {"h.patel"}, "status": "approved"}
    # BRF-NOTIFY: the other groups are told it happened.
    for notice in BriefingNotice.objects.filter(briefing=delivered):
        c.notices["delivered"] = {"id": str(notice.public_id), "audience": "LAB"}
    assert c.notices, "a delivered briefing has a notice (BRF-NOTIFY)"
    # BRF-EQUAL: every approval offers the briefing to the other audiences (the approved one's too).
    key_of = {facts["id"]: key for key, facts in c.briefings.items()}
    known = {facts["id"] for facts in c.offers.values()}
    for offer in EqualOffer.objects.select_related("group", "member__user", "briefing"):
        if str(offer.public_id) not in known:
            audience = offer.group.code if offer.group_id else offer.member.user.username
            c.offers[f"{key_of[str(offer.briefing.public_id)]}:{audience}"] = {"id": str(offer.public_id),
                                                                             "audience": audience}
    for facts in c.briefings.values():
        facts.pop("made", None)


def _complaints(c):
    """CMP: about an officer (informal and formal), a Head of Service, the Chief Executive, the Monitoring
    Officer, and members (by an officer, by a member, the subject told)."""
    from complaints import actions as cmp

    def complain(key, by, about, handler, *, formal=False, category="conduct", told=()):
        made = cmp.complaint_raise(acting_user=_user(by), about=about, category=category, formal=formal,
                                   details=f"Complaint details MXC-{key}.")
        c.complaints[key] = {"id": str(made.public_id), "complainant": by, "subject": about,
                             "handlers": {handler, *told}, "notified": False, "made": made}
        assert made.handler.username == handler, f"complaint {key} went to {made.handler.username}, not {handler}"
        return made

    complain("officer", "cllr.gordon", "o.baker", "h.patel")                    # CMP-ROUTE-OFFICER
    complain("head", "cllr.kaur", "h.osei", "d.okafor", formal=True)            # about a Head: their Director
    complain("chief", "cllr.ahmed", "c.wright", MONITORING_OFFICER, formal=True, told=("cllr.clarke",))
    complain("monitoring", "cllr.gordon", "h.shah", "d.murray")                 # the MO is a Head of Service
    complain("member", "o.chen", "cllr.iqbal", MONITORING_OFFICER, category="bullying", formal=True)  # CMP-ROUTE-MEMBER
    told = complain("member_told", "cllr.nolan", "cllr.jones", MONITORING_OFFICER)
    cmp.complaint_notify_subject(acting_user=_user(MONITORING_OFFICER), complaint=told)
    c.complaints["member_told"]["notified"] = True
    for facts in c.complaints.values():
        facts.pop("made")


def _relationships_and_grants(c):
    """REL-DECLARE: the file's two relationships and one declared in the portal; an oversight authorisation."""
    from complaints.actions import relationship_declare
    from complaints.models import DeclaredRelationship
    from protocol_portal.oversight.actions import oversight_grant

    relationship_declare(acting_user=_user("cllr.lewis"), other="o.baker", kind="business")
    for row in DeclaredRelationship.objects.select_related("person_a", "person_b"):
        between = frozenset({row.person_a.username, row.person_b.username})
        key = "-".join(sorted(between))
        c.relationships[key] = {"id": row.pk, "between": between, "public_id": str(getattr(row, "public_id", row.pk))}
    assert {r["between"] for r in c.relationships.values()} == RELATED
    grant = oversight_grant(acting_user=_user(MONITORING_OFFICER), username=OVERSIGHT_STAFF)
    c.grants["forde"] = {"id": grant.pk, "public_id": str(getattr(grant, "public_id", grant.pk))}


def _accounts():
    from protocol_portal.council.models import User

    User.objects.create_user(username=INACTIVE, name="Former Officer", password="x", is_active=False)
    User.objects.create_user(username=ADMIN, name="Portal Administrator", password="x", is_staff=True)


def build_council():
    """Make every thing the matrix visits, through the real actions, and return their facts."""
    c = Council()
    now = timezone.now()
    _accounts()
    _access_requests(c)
    _enquiries(c, now)
    _briefings(c)
    _complaints(c)
    _relationships_and_grants(c)
    return c


def london_today():
    return timezone.localdate()


__all__ = ["build_council", "Council", "PEOPLE", "MEMBERS", "OFFICERS", "date", "datetime"]
