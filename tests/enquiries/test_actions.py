"""Enquiry actions: each rule, the bad input each refuses (changing nothing), and the audit event each writes."""
from datetime import date

import pytest

from protocol_portal.audit.models import AuditEvent
from protocol_portal.council.errors import Conflict, Invalid, NotAllowed
from protocol_portal.deadlines.models import Deadline
from requests_app.enquiries.actions import (
    enquiry_assign,
    enquiry_decline,
    enquiry_holding_reply,
    enquiry_note_guidance,
    enquiry_respond,
    enquiry_route,
)
from requests_app.enquiries.models import Enquiry, EnquiryMessage, MessageCopy

from .conftest import RECEIVED, london

pytestmark = pytest.mark.django_db


def events(enquiry):
    return list(AuditEvent.objects.filter(target_type="enquiries.enquiry", target_id=str(enquiry.pk))
                .values_list("verb", "rule_ids"))


def test_aud_event_receiving_an_enquiry_is_recorded_with_its_rules(ask):
    enquiry = ask(department=None, confidential=True)
    assert events(enquiry) == [("enquiry.received", ["ENQ-DUE", "WD-COUNT", "ENQ-TRIAGE", "ENQ-CONFIDENTIAL"])]


def test_enq_on_behalf_outside_the_members_wards_without_a_council_role_is_refused(ask):
    """ENQ-ON-BEHALF: Cllr Gordon sits for South Ward and holds no Council role."""
    with pytest.raises(Invalid) as refused:
        ask(on_behalf_of={"name": "Mrs Edna Price", "ward": "NORTH", "consent": True})
    assert "ENQ-ON-BEHALF" in refused.value.fields["on_behalf_of.ward"][0]
    assert not Enquiry.objects.exists() and not Deadline.objects.exists()


def test_enq_on_behalf_in_the_members_ward_or_under_a_council_role_is_accepted(ask):
    """ENQ-ON-BEHALF: own ward; or a Council role (Cllr Ahmed leads the Council) for any ward."""
    own = ask(on_behalf_of={"name": "Mrs Edna Price", "ward": "SOUTH", "consent": True})
    role = ask("cllr.ahmed", on_behalf_of={"name": "Mr Li", "ward": "SOUTH", "consent": True})
    assert (own.on_behalf_basis, role.on_behalf_basis) == ("ward", "council_role")
    assert own.on_behalf_consent and "ENQ-ON-BEHALF" in events(own)[0][1]


def test_enq_on_behalf_needs_a_name_and_consent(ask):
    with pytest.raises(Invalid) as refused:
        ask(on_behalf_of={"name": "", "ward": "SOUTH", "consent": False})
    assert set(refused.value.fields) == {"on_behalf_of.name", "on_behalf_of.consent"}


def test_bad_enquiries_list_every_bad_field(ask):
    with pytest.raises(Invalid) as refused:
        ask(subject="", question="  ", department="NOPE")
    assert set(refused.value.fields) == {"subject", "question", "department"}


def test_only_members_in_term_send_enquiries(ask):
    with pytest.raises(NotAllowed):
        ask("o.dunn")
    with pytest.raises(NotAllowed, match="term of office has ended"):
        ask("cllr.okoro")


def test_enq_triage_who_may_assign(ask, person):
    """ENQ-TRIAGE: Democratic Services or the department's managers; not a plain officer or a political assistant."""
    enquiry = ask()
    for refused in ("o.dunn", "o.hussain", "h.patel", "cllr.gordon"):
        with pytest.raises(NotAllowed):
            enquiry_assign(acting_user=person(refused), enquiry=enquiry, officer="o.dunn", now=RECEIVED)
    assigned = enquiry_assign(acting_user=person("s.evans"), enquiry=enquiry, officer="o.dunn", now=RECEIVED)
    assert assigned.assigned_to.user.username == "o.dunn"
    assert Deadline.objects.get(pk=enquiry.deadline_id).assignee_id == assigned.assigned_to_id
    assert events(enquiry)[-1] == ("enquiry.assigned", ["ENQ-TRIAGE", "REL-CONFLICT"])


def test_rel_conflict_no_assignment_to_an_officer_related_to_the_member(ask, person):
    """REL-CONFLICT: Alex Dunn has declared a family relationship with Cllr Das."""
    enquiry = ask("cllr.das")
    with pytest.raises(Invalid) as refused:
        enquiry_assign(acting_user=person("h.osei"), enquiry=enquiry, officer="o.dunn", now=RECEIVED)
    assert "REL-CONFLICT" in refused.value.fields["officer"][0]
    assert Enquiry.objects.get(pk=enquiry.pk).assigned_to is None


def test_assigning_across_departments_moves_the_enquiry_and_its_escalation(ask, person):
    """ENQ-TRIAGE: Democratic Services routes an enquiry by assigning it to an officer of the right department."""
    enquiry = ask(department=None)
    moved = enquiry_assign(acting_user=person("o.forde"), enquiry=enquiry, officer="o.baker", now=RECEIVED)
    assert moved.department.code == "PLAN"
    assert Deadline.objects.get(pk=enquiry.deadline_id).department.code == "PLAN"


def test_routing_sends_it_to_another_department_unassigned(ask, assign, person):
    enquiry = assign(ask(), "o.dunn")
    routed = enquiry_route(acting_user=person("h.osei"), enquiry=enquiry, department="HOUS", now=RECEIVED)
    assert (routed.department.code, routed.assigned_to) == ("HOUS", None)
    with pytest.raises(Conflict):
        enquiry_route(acting_user=person("s.evans"), enquiry=routed, department="HOUS", now=RECEIVED)


def test_enq_holding_without_reasons_or_with_an_early_date_is_refused_and_changes_nothing(ask, assign, person):
    """ENQ-HOLDING: reasons are required and the revised date must be after the current target."""
    enquiry = assign(ask(), "o.dunn")
    for revised in (date(2026, 12, 7), date(2026, 12, 1), None):
        with pytest.raises(Invalid) as refused:
            enquiry_holding_reply(acting_user=person("o.dunn"), enquiry=enquiry, reasons="", revised_date=revised,
                                  now=london(2026, 12, 1))
        assert set(refused.value.fields) == {"reasons", "revised_date"}
    assert not EnquiryMessage.objects.exists()
    assert Enquiry.objects.get(pk=enquiry.pk).status == "open"


def test_only_the_assignee_replies(ask, assign, person):
    enquiry = assign(ask(), "o.dunn")
    with pytest.raises(NotAllowed):
        enquiry_respond(acting_user=person("h.osei"), enquiry=enquiry, text="Answer", now=RECEIVED)


def test_responding_to_an_answered_enquiry_is_a_conflict(ask, assign, person):
    enquiry = assign(ask(), "o.dunn")
    enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Answer", now=RECEIVED)
    for act in (lambda: enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Again", now=RECEIVED),
                lambda: enquiry_holding_reply(acting_user=person("o.dunn"), enquiry=enquiry, reasons="Late",
                                              revised_date=date(2027, 1, 8), now=RECEIVED),
                lambda: enquiry_assign(acting_user=person("h.osei"), enquiry=enquiry, officer="h.osei", now=RECEIVED)):
        with pytest.raises(Conflict, match="already been answered"):
            act()


def test_enq_decline_cites_the_rule_and_is_a_full_response(ask, assign, person):
    """ENQ-DECLINE: declining is a full response; the rule must be cited."""
    enquiry = assign(ask(), "o.dunn")
    with pytest.raises(Invalid) as refused:
        enquiry_decline(acting_user=person("o.dunn"), enquiry=enquiry, reason="Party work", rule="NONE", now=RECEIVED)
    assert "ENQ-DECLINE" in refused.value.fields["rule"][0]
    declined = enquiry_decline(acting_user=person("o.dunn"), enquiry=enquiry, reason="This is campaign work.",
                               rule="ENQ-DECLINE", now=RECEIVED)
    assert declined.status == "declined" and Deadline.objects.get(pk=enquiry.deadline_id).closed_at == RECEIVED
    assert events(enquiry)[-1] == ("enquiry.declined", ["ENQ-DECLINE"])


def test_enq_resources_records_that_guidance_was_sought(ask, assign, person):
    """ENQ-RESOURCES: the note is required and recorded."""
    enquiry = assign(ask(), "o.dunn")
    with pytest.raises(Invalid):
        enquiry_note_guidance(acting_user=person("o.dunn"), enquiry=enquiry, note="", now=RECEIVED)
    noted = enquiry_note_guidance(acting_user=person("o.dunn"), enquiry=enquiry,
                                  note="Asked the Director of Place: a survey of every lane is needed.", now=RECEIVED)
    assert noted.guidance_sought_at == RECEIVED
    assert events(enquiry)[-1] == ("enquiry.guidance_sought", ["ENQ-RESOURCES"])


def test_cor_copy_and_cor_concerns_are_recorded_and_unknown_members_refused(ask, assign, person):
    """COR-COPY, COR-CONCERNS, COR-NO-BLIND."""
    enquiry = assign(ask(), "o.dunn")
    with pytest.raises(Invalid) as refused:
        enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Answer", copy_to=["cllr.nobody"],
                        concerns=["cllr.gordon"], now=RECEIVED)
    assert set(refused.value.fields) == {"copy_to", "concerns"}
    enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Answer", copy_to=["cllr.hughes", "cllr.iqbal"],
                    concerns=["cllr.iqbal"], now=RECEIVED)
    copies = dict(MessageCopy.objects.values_list("member__user__username", "reason"))
    assert copies == {"cllr.hughes": "copy", "cllr.iqbal": "concerns"}  # concerns wins over a plain copy
    assert events(enquiry)[-1] == ("enquiry.answered", ["ENQ-DUE", "COR-NO-BLIND", "COR-COPY", "COR-CONCERNS"])


def test_enq_confidential_refuses_copies_but_not_the_councillor_it_concerns(ask, assign, person):
    """ENQ-CONFIDENTIAL: no copy at the officer's choice; COR-CONCERNS still copies the councillor it is about."""
    enquiry = assign(ask(confidential=True), "o.dunn")
    with pytest.raises(Invalid) as refused:
        enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Answer", copy_to=["cllr.hughes"],
                        now=RECEIVED)
    assert "ENQ-CONFIDENTIAL" in refused.value.fields["copy_to"][0]
    enquiry_respond(acting_user=person("o.dunn"), enquiry=enquiry, text="Answer", concerns=["cllr.hughes"], now=RECEIVED)
    assert list(MessageCopy.objects.values_list("reason", flat=True)) == ["concerns"]


def test_enq_confidential_hides_the_enquiry_from_other_members_and_political_assistants(ask, person):
    """ENQ-CONFIDENTIAL: other members, and a group's political assistant, do not know it exists;
    Democratic Services, who route it, do."""
    from requests_app.enquiries.selectors import enquiries_visible_to

    enquiry = ask(department=None, confidential=True)
    for username, sees in (("cllr.hughes", False), ("o.hussain", False), ("o.forde", True), ("cllr.gordon", True)):
        assert enquiries_visible_to(person(username)).filter(pk=enquiry.pk).exists() is sees, username
