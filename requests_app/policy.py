"""Need to know: the ACC rules as one pure function (RULES.md, "Document access").

No ORM, no request, no settings, no clock: callers describe the member, the document and the
request as plain facts and pass today's date. The first rule that applies decides.
"""
from dataclasses import dataclass, field
from datetime import date

GRANTED = "granted"
REFUSED = "refused"
REFERRED = "referred"

HEAD_OF_SERVICE = "head_of_service"
MONITORING_OFFICER = "monitoring_officer"

# ACC-NO-ROVING: fewer characters than this is not a reason, however it is worded.
MIN_JUSTIFICATION_LENGTH = 20

GROUP_CLASSIFICATIONS = {"party_group", "political_advice"}
SCRUTINY_KINDS = {"overview_scrutiny"}


@dataclass(frozen=True)
class MemberFacts:
    kind: str  # elected | co_opted | independent_person
    group: str | None
    term_start: date
    term_end: date
    bodies: frozenset = frozenset()  # codes of the bodies the member sits on
    scrutiny_bodies: frozenset = frozenset()  # codes of those that are overview and scrutiny (or their sub-committees)
    council_roles: frozenset = frozenset()


@dataclass(frozen=True)
class DocumentFacts:
    classification: str
    group: str | None = None
    body: str | None = None
    body_kind: str | None = None
    meeting_date: date | None = None
    exempt_paragraphs: frozenset = frozenset()
    contract_terms: bool = False
    personal_data: bool = False


@dataclass(frozen=True)
class RequestFacts:
    justification: str = ""
    on_behalf_of_constituent: bool = False
    declared_interest: bool = False
    scrutiny_reference: str = ""


@dataclass(frozen=True)
class Decision:
    outcome: str
    rule_ids: tuple
    reasons: str
    refer_to: str | None = None  # HEAD_OF_SERVICE or MONITORING_OFFICER when referred
    flags: tuple = field(default_factory=tuple)


def is_group_document(document):
    return document.classification in GROUP_CLASSIFICATIONS


def may_know_of(member_group, document):
    """Return whether someone in ``member_group`` may know ``document`` exists (ACC-GROUP, ACC-ADVISER)."""
    return not is_group_document(document) or (member_group is not None and member_group == document.group)


def s100f_applies(document, today):
    """Return whether LGA 1972 s.100F gives every member the document (ACC-S100F).

    It must relate to business still to be transacted at a meeting, and hold no exempt information
    beyond paragraph 6, or paragraph 3 other than terms proposed in contract negotiations.
    """
    if document.meeting_date is None or document.meeting_date < today:
        return False
    if document.classification not in ("public", "internal", "exempt"):
        return False
    open_paragraphs = {6} | (set() if document.contract_terms else {3})
    return set(document.exempt_paragraphs) <= open_paragraphs


def decide_access(member, document, request, today):
    """Return the Decision on a member's request to see a document: the first ACC rule that applies."""
    if not member.term_start <= today <= member.term_end:
        return Decision(REFUSED, ("ACC-TERM",), "Your term of office does not cover today, so council documents "
                        "cannot be given to you.")
    if document.classification == "party_group":
        return _group_decision("ACC-GROUP", member, document, "internal papers")
    if document.classification == "political_advice":
        return _group_decision("ACC-ADVISER", member, document, "political advice")
    if document.classification == "public":
        return Decision(GRANTED, ("ACC-PUBLIC",), "This document is published.")
    if member.kind in ("co_opted", "independent_person") and document.body not in member.bodies:
        return Decision(REFUSED, ("ACC-COOPTED",), "Co-opted members and Independent Persons see the papers of the "
                        "bodies they sit on; this document concerns another body's business.")
    if request.declared_interest:
        return Decision(REFERRED, ("ACC-INTEREST",), "You declared an interest in its subject, so the Monitoring "
                        "Officer decides whether you may see it.", refer_to=MONITORING_OFFICER)
    if document.body is not None and (
        document.body in member.bodies or (document.body_kind == "cabinet" and "cabinet_member" in member.council_roles)
    ):
        return Decision(GRANTED, ("ACC-BODY",), "You sit on the body whose business this document concerns.")
    if document.classification == "confidential":
        return Decision(REFUSED, ("ACC-CONFIDENTIAL",), "It holds confidential information that the law, or a "
                        "government department's terms, forbid the council to disclose.")
    if s100f_applies(document, today):
        return Decision(GRANTED, ("ACC-S100F",), "It relates to business to be transacted at a meeting, and the "
                        "law gives every member the right to see it.")
    if member.scrutiny_bodies and document.body_kind == "cabinet":
        if document.classification != "exempt" or request.scrutiny_reference.strip():
            return Decision(GRANTED, ("ACC-SCRUTINY",), "You sit on an overview and scrutiny committee and this is "
                            "an executive document" + (" for the scrutiny item you named." if request.scrutiny_reference.strip() else "."))
    if request.on_behalf_of_constituent:
        return Decision(REFUSED, ("ACC-ON-BEHALF",), "Unpublished documents are not given to a member on behalf of "
                        "a constituent or other third party.")
    if len(request.justification.strip()) < MIN_JUSTIFICATION_LENGTH:
        return Decision(REFUSED, ("ACC-NO-ROVING",), "The request does not say why you need this document to carry "
                        "out your role as a member. A good reason names the role (ward member, committee member, "
                        "portfolio holder) and what you need the document for, e.g. \"I am the ward member for "
                        "East Ward and residents have asked me about the depot lease at the next surgery.\"")
    if document.personal_data:
        return Decision(REFERRED, ("ACC-PERSONAL-DATA",), "It holds personal information about other people. The "
                        "Head of Service decides, and needs a specific reason; data-protection advice from the "
                        "Monitoring Officer is recommended.", refer_to=HEAD_OF_SERVICE,
                        flags=("personal_data", "dp_advice_recommended"))
    return Decision(REFERRED, ("ACC-NEED-TO-KNOW",), "The Head of Service holding the document decides whether you "
                    "need to know what it contains.", refer_to=HEAD_OF_SERVICE)


def _group_decision(rule_id, member, document, what):
    if member.group is not None and member.group == document.group:
        return Decision(GRANTED, (rule_id,), f"These are your own group's {what}.")
    return Decision(REFUSED, (rule_id,), f"These are another group's {what}.")


def first_unconflicted(chain, conflicted):
    """Return the first person in ``chain`` not in ``conflicted`` (REL-CONFLICT), or None if all are."""
    return next((person for person in chain if person is not None and person not in conflicted), None)
