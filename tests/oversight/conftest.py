"""A small council year with every figure counted by hand, made through the real actions."""
from datetime import date, datetime

import pytest
import time_machine

from protocol_portal.council.working_days import LONDON
from tests.enquiries.conftest import london

NOW = london(2026, 12, 8, 9)


@pytest.fixture
def council_year(person, riverside):
    """Five enquiries, five access requests (two disputes decided, one open) and three complaints.

    Enquiries (ENV unless said; received -> answered, working days, in time?):
      e1 23 Nov -> 25 Nov, 2, yes   e2 23 Nov -> 9 Dec, 12, no (target 7 Dec)   e3 1 Dec -> 2 Dec, 1, yes
      e4 PLAN 23 Nov -> 30 Nov, 5, yes   e5 23 Nov, never answered: overdue and escalated on 8 Dec.
    Access requests: a1 Byrne DOC-0003 granted (ACC-BODY); a4 Gordon DOC-0001 granted (ACC-PUBLIC);
      a2 Nolan, a3 Moss, a5 Kaur DOC-0014 referred (ACC-NEED-TO-KNOW), refused by the Head of Environment and
      disputed: a2 overturned, a3 upheld, a5 still disputed (its clock, in the Monitoring Officer's
      department, overdue and escalated on 8 Dec).
    Complaints: Gordon about Baker (conduct, resolved); Baker about Gordon (bullying, no further action);
      Ahmed about Dunn (service, open).
    """
    from complaints.actions import complaint_outcome, complaint_raise
    from protocol_portal.deadlines.actions import run_escalations
    from requests_app import actions as access
    from requests_app.enquiries.actions import enquiry_assign, enquiry_create, enquiry_respond
    from requests_app.models import Document

    def enquiry(member, department, received, answered=None, assignee=None, head=None):
        made = enquiry_create(acting_user=person(member), subject="Question", question="A question.",
                              department=department, now=received)
        enquiry_assign(acting_user=person(head), enquiry=made, officer=assignee, now=received)
        if answered:
            enquiry_respond(acting_user=person(assignee), enquiry=made, text="The answer.", now=answered)
        return made

    enquiry("cllr.gordon", "ENV", london(2026, 11, 23, 10), london(2026, 11, 25, 12), "o.dunn", "h.osei")
    enquiry("cllr.iqbal", "ENV", london(2026, 11, 23, 11), london(2026, 12, 9, 12), "o.dunn", "h.osei")
    enquiry("cllr.kaur", "ENV", london(2026, 12, 1, 10), london(2026, 12, 2, 12), "o.dunn", "h.osei")
    enquiry("cllr.moss", "PLAN", london(2026, 11, 23, 10), london(2026, 11, 30, 12), "o.baker", "h.patel")
    enquiry("cllr.nolan", "ENV", london(2026, 11, 23, 10), None, "o.dunn", "h.osei")

    reason = "I am the ward member and residents raised this at my surgery last week."
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False):
        def ask(username, ref):
            return access.access_request_create(acting_user=person(username), document=Document.objects.get(ref=ref),
                                                justification=reason)

        ask("cllr.byrne", "DOC-0003")
        ask("cllr.gordon", "DOC-0001")
        for username, settle in (("cllr.nolan", "grant"), ("cllr.moss", "refuse"), ("cllr.kaur", None)):
            request = ask(username, "DOC-0014")
            access.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="refuse",
                                            reasons="Operational data only.")
            access.access_request_dispute(acting_user=person(username), access_request=request,
                                          grounds="It is about fly-tipping in my ward.")
            if settle:
                access.access_request_determine(acting_user=person("h.shah"), access_request=request,
                                                decision=settle, reasons="Decided on the member's need.")

    raised = london(2026, 11, 24, 10)
    one = complaint_raise(acting_user=person("cllr.gordon"), about="o.baker", category="conduct",
                          details="Rude at a site visit.", now=raised)
    complaint_outcome(acting_user=person("h.patel"), complaint=one, outcome="resolved", reasons="Apologised.",
                      now=raised)
    two = complaint_raise(acting_user=person("o.baker"), about="cllr.gordon", category="bullying",
                          details="Shouted at me.", now=raised)
    complaint_outcome(acting_user=person("h.shah"), complaint=two, outcome="no_further_action",
                      reasons="Not borne out.", now=raised)
    complaint_raise(acting_user=person("cllr.ahmed"), about="o.dunn", category="service", details="Slow.", now=raised)
    run_escalations(now=NOW)
    return NOW


NOVEMBER, DECEMBER = date(2026, 11, 1), date(2026, 12, 1)
