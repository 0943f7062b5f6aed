"""Real things for the fuzzers to aim at, made through the real actions on the Riverside council.

Each fuzzer needs objects the person may act on (so allowed paths run, not only 404s): a referred
access request, enquiries (one waiting to be assigned, one assigned), briefings (one awaiting
approval, one given, with its notice and equal offers), complaints about an officer and about a
member, and a declared relationship. All made at ``NOW``, Monday 23 November 2026, 10:00.
"""
from dataclasses import dataclass, field
from datetime import date

from tests.enquiries.conftest import london

NOW = london(2026, 11, 23, 10)
MEMBER, OFFICER, MONITORING_OFFICER = "cllr.gordon", "h.osei", "h.shah"


@dataclass
class Scenario:
    """The ids of what was made, by kind; every list is non-empty."""

    access_requests: list = field(default_factory=list)
    enquiries: list = field(default_factory=list)
    briefings: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    offers: list = field(default_factory=list)
    attributions: list = field(default_factory=list)
    complaints: list = field(default_factory=list)
    relationships: list = field(default_factory=list)
    documents: list = field(default_factory=list)


def build_scenario(person):
    """Make the scenario's objects as the people who would make them; return their ids."""
    from complaints.actions import complaint_raise, relationship_declare
    from requests_app.actions import access_request_create
    from requests_app.briefings.actions import (
        briefing_approve,
        briefing_deliver,
        briefing_request,
        record_attribute,
        record_write,
    )
    from requests_app.enquiries.actions import enquiry_assign, enquiry_create
    from requests_app.models import Document

    made = Scenario()
    gordon = person(MEMBER)
    for ref in ("DOC-0004", "DOC-0012", "DOC-0014"):
        made.access_requests.append(access_request_create(
            acting_user=gordon, document=Document.objects.get(ref=ref),
            justification="I sit on the Overview and Scrutiny Committee reviewing this.", now=NOW).public_id)
    made.documents = ["DOC-0001", "DOC-0004", "DOC-0009", "DOC-0014"]

    waiting = enquiry_create(acting_user=gordon, subject="Potholes on Mill Lane",
                             question="When will the potholes be repaired?", department="ENV", now=NOW)
    assigned = enquiry_create(acting_user=gordon, subject="Bin collections",
                              question="Why were South Ward's bins missed?", department="ENV", now=NOW)
    enquiry_assign(acting_user=person(OFFICER), enquiry=assigned, officer="o.dunn", now=NOW)
    made.enquiries = [waiting.public_id, assigned.public_id]

    asked = briefing_request(acting_user=gordon, subject="The draft local plan",
                             question="What does it mean for housing numbers?", department="PLAN",
                             requested_date=date(2026, 12, 10), now=NOW)
    given = briefing_request(acting_user=person("cllr.ahmed"), subject="Waste contract",
                             question="What are the options?", department="ENV",
                             requested_date=date(2026, 12, 10), now=NOW)
    given = briefing_approve(acting_user=person("c.wright"), briefing=given, officer=OFFICER, now=NOW)
    given = briefing_deliver(acting_user=person(OFFICER), briefing=given, advice="Three options, set out below.",
                             report="The tender evaluation, summarised.", now=NOW)
    made.briefings = [asked.public_id, given.public_id]
    made.notices = [given.notice.public_id]
    made.offers = list(given.equal_offers.values_list("public_id", flat=True))
    ahmed = person("cllr.ahmed")
    record_write(acting_user=ahmed, briefing=given, notes="Agreed to ask for the tender report.", now=NOW)
    made.attributions = [record_attribute(acting_user=ahmed, briefing=given,
                                          text="Officers said option B is cheapest.", now=NOW).public_id]

    made.complaints = [
        complaint_raise(acting_user=gordon, about="o.dunn", category="service",
                        details="Missed three collections running.", now=NOW).public_id,
        complaint_raise(acting_user=gordon, about="cllr.ahmed", category="conduct",
                        details="Shouted at me in the corridor after Cabinet.", now=NOW).public_id,
    ]
    made.relationships = [relationship_declare(acting_user=gordon, other="o.baker", kind="personal", now=NOW).public_id]
    for kind, ids in vars(made).items():
        ids[:] = [str(i) for i in ids]
        assert ids, f"the scenario made no {kind}"
    return made


@dataclass
class FormScenario:
    """The ids behind every HTML form, by what the form acts on (see ``build_form_scenario``)."""

    base: Scenario
    refused_request: str = ""
    approved_briefing: str = ""
    investigated_complaint: str = ""
    oversight_grant: str = ""


def build_form_scenario(person):
    """Make the base scenario, then the states the remaining forms need: a refused request (dispute), an
    approved briefing not yet given (nominate, decline, deliver), a complaint under investigation
    (Independent Person's views, decision) and an oversight authorisation (withdraw)."""
    from complaints.actions import complaint_outcome, complaint_raise
    from protocol_portal.oversight.actions import oversight_grant
    from requests_app.actions import access_request_determine
    from requests_app.briefings.actions import briefing_approve, briefing_request
    from requests_app.models import AccessRequest

    base = build_scenario(person)
    made = FormScenario(base=base)
    referred = AccessRequest.objects.get(public_id__in=base.access_requests, document__ref="DOC-0012")
    refused = access_request_determine(acting_user=referred.assigned_to.user, access_request=referred,
                                       decision="refuse", reasons="The prosecution file must stay closed.", now=NOW)
    made.refused_request = str(refused.public_id)
    approved = briefing_request(acting_user=person(MEMBER), subject="Harbour Street", question="What next?",
                                department="PLAN", requested_date=date(2026, 12, 11), now=NOW)
    approved = briefing_approve(acting_user=person("c.wright"), briefing=approved, officer="h.patel", now=NOW)
    made.approved_briefing = str(approved.public_id)
    investigated = complaint_raise(acting_user=person(MEMBER), about="cllr.kaur", category="conduct",
                                   details="Disclosed a confidential report to the press.", now=NOW)
    investigated = complaint_outcome(acting_user=person(MONITORING_OFFICER), complaint=investigated,
                                     outcome="investigation", reasons="It needs an investigation.", now=NOW)
    made.investigated_complaint = str(investigated.public_id)
    made.oversight_grant = str(oversight_grant(acting_user=person(MONITORING_OFFICER), username="h.grant",
                                               now=NOW).public_id)
    return made
