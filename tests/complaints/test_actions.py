"""Complaint and relationship actions: handling, times, privacy, outcomes, arbitration, declarations; the bad input
each refuses (changing nothing), and the audit events (CMP-*, REL-*)."""
import pytest
from django.core import mail

from complaints.actions import (
    complaint_acknowledge,
    complaint_assess,
    complaint_decide,
    complaint_escalate,
    complaint_notify_subject,
    complaint_outcome,
    complaint_raise,
    complaint_record_independent_person,
    relationship_declare,
    relationship_withdraw,
)
from complaints.models import Complaint, DeclaredRelationship
from complaints.selectors import complaints_visible_to, relationship_register, user_ids_related_to
from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.council.errors import Conflict, Invalid, NotAllowed, NotFound
from protocol_portal.deadlines.actions import run_escalations
from protocol_portal.deadlines.models import Deadline, DeadlineAction
from protocol_portal.notify.actions import deliver_pending
from protocol_portal.notify.models import Notification
from tests.enquiries.conftest import london

from .conftest import RAISED

pytestmark = pytest.mark.django_db


def events(complaint):
    return list(AuditEvent.objects.filter(target_type="complaints.complaint", target_id=str(complaint.pk))
                .order_by("sequence").values_list("verb", "rule_ids"))


def sees(username, complaint, person):
    return complaints_visible_to(person(username)).filter(pk=complaint.pk).exists()


def emailed(reason):
    return sorted(Notification.objects.filter(reason=reason).values_list("recipient__username", flat=True))


# Raising: bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("about, details, category, field, words", [
    ("cllr.gordon", "Rude.", "conduct", "about", "cannot complain about yourself"),
    ("nobody.here", "Rude.", "conduct", "about", "no member or officer with the username"),
    ("o.baker", "   ", "conduct", "details", "Say what happened"),
    ("o.baker", "Rude.", "gossip", "category", "Choose the kind of complaint"),
])
def test_cmp_raising_bad_input_is_refused_and_changes_nothing(about, details, category, field, words, complain):
    with pytest.raises(Invalid) as refused:
        complain("cllr.gordon", about, details=details, category=category)
    assert words in refused.value.fields[field][0]
    assert not Complaint.objects.exists() and not Deadline.objects.exists()


def test_cmp_raising_is_for_members_and_officers(person):
    from protocol_portal.council.models import User

    staff = User.objects.create_user("admin.staff", "staff@example.org", "x" * 20)
    with pytest.raises(NotFound):
        complaint_raise(acting_user=staff, about="o.baker", category="conduct", details="Rude.")


def test_cmp_times_acknowledgement_and_assessment_are_due_in_working_days(complain):
    complaint = complain("cllr.gordon", "o.baker", category="bullying")
    assert complaint.acknowledgement_deadline.due_at == london(2026, 11, 30, 23, 59, 59)   # 5 working days
    assert complaint.assessment_deadline.due_at == london(2026, 12, 21, 23, 59, 59)        # 20 working days
    assert events(complaint) == [("complaint.raised", ["CMP-ROUTE-OFFICER", "CMP-TIMES", "CMP-PRIVACY",
                                                       "CMP-BULLYING"])]
    assert emailed("complaint.raised") == ["h.patel"]


def test_cmp_times_a_late_acknowledgement_is_reminded_then_escalated_without_names(complain):
    """The Director told of a late acknowledgement learns it is late and who holds it, not who complained of whom."""
    complaint = complain("cllr.gordon", "o.baker")
    run_escalations(now=london(2026, 11, 26, 9))
    run_escalations(now=london(2026, 12, 1, 9))
    actions = DeadlineAction.objects.filter(deadline=complaint.acknowledgement_deadline).order_by("level")
    assert [(a.level, a.recipient.user.username) for a in actions] == [(0, "h.patel"), (1, "d.okafor")]
    told = Notification.objects.get(reason="deadline.level_1")
    assert told.text_body == ""  # the sweep's emails are rendered as they are sent
    deliver_pending()
    told.refresh_from_db()
    assert told.sent_at is not None
    sent = next(m for m in mail.outbox if m.subject == told.subject)
    assert "late" in sent.body.lower() or "due" in sent.body.lower()
    for name in ("Cllr Ian Gordon", "Tom Baker"):
        assert name not in sent.body and name not in sent.alternatives[0][0] and name not in sent.subject
    assert "CMP-TIMES" in events(complaint)[-1][1]


def test_cmp_times_acknowledging_and_assessing_stop_their_clocks(complain, person):
    complaint = complain("cllr.gordon", "o.baker")
    done = complaint_acknowledge(acting_user=person("h.patel"), complaint=complaint, note="I will look into it.",
                                 now=RAISED)
    assert (done.status, done.acknowledgement_deadline.closed_at) == ("acknowledged", RAISED)
    assert done.assessment_deadline.closed_at is None
    assert emailed("complaint.acknowledged") == ["cllr.gordon"]
    assessed = complaint_assess(acting_user=person("h.patel"), complaint=complaint,
                                assessment="An allegation of rudeness; I will speak to both.", now=RAISED)
    assert (assessed.status, assessed.assessment_deadline.closed_at) == ("assessed", RAISED)
    with pytest.raises(Conflict):
        complaint_acknowledge(acting_user=person("h.patel"), complaint=complaint)


# Handling and privacy (CMP-PRIVACY) -----------------------------------------------------------------

def test_cmp_privacy_who_sees_a_complaint(complain, person):
    complaint = complain("cllr.gordon", "o.baker")
    for username in ("cllr.gordon", "h.patel", "h.shah", "s.evans"):
        assert sees(username, complaint, person), username
    for username in ("o.baker", "cllr.iqbal", "s.ali", "d.okafor", "c.wright"):
        assert not sees(username, complaint, person), username
    complaint_notify_subject(acting_user=person("h.patel"), complaint=complaint)
    assert sees("o.baker", complaint, person)  # once notified
    assert emailed("complaint.subject_notified") == ["o.baker"]
    assert ("complaint.subject_notified", ["CMP-PRIVACY"]) in events(complaint)


@pytest.mark.parametrize("username, refusal", [("cllr.gordon", NotAllowed), ("h.shah", NotAllowed),
                                                ("o.baker", NotFound), ("cllr.iqbal", NotFound)])
def test_cmp_privacy_acting_on_a_complaint_you_do_not_handle_is_refused(username, refusal, complain, person):
    """Those who may read it (the complainant, the Monitoring Officer) are told they may not act (403); the person
    complained about, not yet told, and everyone else get 404, as for a complaint that does not exist."""
    complaint = complain("cllr.gordon", "o.baker")
    with pytest.raises(refusal):
        complaint_acknowledge(acting_user=person(username), complaint=complaint)
    complaint.refresh_from_db()
    assert complaint.status == "received"


def test_cmp_arbitrate_an_unresolved_complaint_climbs_to_the_standards_committee(complain, person):
    complaint = complain("cllr.gordon", "o.baker")
    with pytest.raises(Invalid):
        complaint_escalate(acting_user=person("h.patel"), complaint=complaint, reasons="")
    up = complaint_escalate(acting_user=person("h.patel"), complaint=complaint,
                            reasons="Both sides stand by their account.")
    assert (up.handler.username, up.route_position) == ("h.shah", 1)
    assert up.acknowledgement_deadline.assignee.user.username == "h.shah"
    assert sees("h.patel", complaint, person)  # who handled it still may see it
    up = complaint_escalate(acting_user=person("h.shah"), complaint=complaint, reasons="Still disputed.")
    assert up.handler.username == "c.wright" and sees("c.wright", complaint, person)
    last = complaint_escalate(acting_user=person("c.wright"), complaint=complaint, reasons="For the committee.")
    assert (last.handler, last.status) == (None, "standards")
    assert [v for v, _ in events(complaint)].count("complaint.escalated") == 3
    closed = complaint_outcome(acting_user=person("s.evans"), complaint=complaint, outcome="not_upheld",
                               reasons="The Standards Committee found no fault.")
    assert closed.status == "closed"


# CMP-OUTCOMES ------------------------------------------------------------------------------------------

def test_cmp_outcomes_the_monitoring_officers_outcomes_for_a_member(complain, person):
    complaint = complain("o.baker", "cllr.gordon", category="protocol")
    with pytest.raises(Invalid) as refused:
        complaint_outcome(acting_user=person("h.shah"), complaint=complaint, outcome="upheld", reasons="x")
    assert "CMP-OUTCOMES" in refused.value.fields["outcome"][0]
    done = complaint_outcome(acting_user=person("h.shah"), complaint=complaint, outcome="group_leader",
                             reasons="Referred to the Conservative Group leader to resolve informally (003 ¶139).")
    assert (done.status, done.outcome) == ("closed", "group_leader")
    assert emailed("complaint.outcome") == ["o.baker"]


def test_cmp_outcomes_suspension_is_not_available(complain, person):
    complaint = complain("o.baker", "cllr.gordon")
    with pytest.raises(Invalid) as refused:
        complaint_outcome(acting_user=person("h.shah"), complaint=complaint, outcome="suspension", reasons="x")
    assert "Suspension is not an available sanction" in refused.value.fields["outcome"][0]
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("received", "")


def test_cmp_outcomes_an_investigated_allegation_needs_the_independent_persons_views(complain, person):
    complaint = complain("o.baker", "cllr.gordon")
    mo = person("h.shah")
    complaint_outcome(acting_user=mo, complaint=complaint, outcome="investigation", reasons="Serious allegation.")
    with pytest.raises(Invalid) as refused:
        complaint_decide(acting_user=mo, complaint=complaint, finding="breach", reasons="Found proved.")
    assert "CMP-OUTCOMES" in refused.value.fields["independent_person_views"][0]
    complaint.refresh_from_db()
    assert (complaint.status, complaint.finding) == ("investigating", "")
    with pytest.raises(Invalid) as refused:
        complaint_record_independent_person(acting_user=mo, complaint=complaint, independent_person="cllr.iqbal",
                                            views="x")
    assert set(refused.value.fields) == {"independent_person"}
    complaint_record_independent_person(acting_user=mo, complaint=complaint, independent_person="ms.rahman",
                                        views="The conduct breached the Code; training is proportionate.")
    decided = complaint_decide(acting_user=mo, complaint=complaint, finding="breach", reasons="Found proved.")
    assert (decided.status, decided.finding) == ("closed", "breach")
    assert [v for v, _ in events(complaint)][-3:] == ["complaint.outcome", "complaint.independent_person_views",
                                                     "complaint.decided"]


def test_cmp_outcomes_a_complaint_about_an_officer_has_the_councils_outcomes(complain, person):
    complaint = complain("cllr.gordon", "o.baker")
    with pytest.raises(Invalid):
        complaint_outcome(acting_user=person("h.patel"), complaint=complaint, outcome="investigation", reasons="x")
    done = complaint_outcome(acting_user=person("h.patel"), complaint=complaint, outcome="resolved",
                             reasons="Both met and agreed how to work together.")
    assert done.status == "closed"


# REL-DECLARE -------------------------------------------------------------------------------------------

def test_rel_declare_a_member_and_an_officer_declare_and_every_routing_respects_it(person, declare):
    relationship = declare("cllr.gordon", "o.dunn", kind="business")
    assert relationship.declared_by.username == "cllr.gordon" and relationship.is_active
    assert person("o.dunn").pk in user_ids_related_to(person("cllr.gordon").pk)
    assert emailed("relationship.declared") == ["h.shah"]
    with pytest.raises(Conflict):
        declare("o.dunn", "cllr.gordon")
    assert relationship in relationship_register(person("h.shah"))
    withdrawn = relationship_withdraw(acting_user=person("o.dunn"), relationship=relationship)
    assert not withdrawn.is_active and withdrawn.withdrawn_at is not None
    assert DeclaredRelationship.objects.filter(pk=relationship.pk).exists()  # kept, never deleted
    assert person("o.dunn").pk not in user_ids_related_to(person("cllr.gordon").pk)


@pytest.mark.parametrize("other, kind, field", [
    ("cllr.ahmed", "family", "other"),   # member with member: not what the protocol asks
    ("cllr.gordon", "family", "other"),  # yourself
    ("no.one", "family", "other"),
    ("o.dunn", "romantic", "kind"),
])
def test_rel_declare_bad_input_is_refused(other, kind, field, person):
    with pytest.raises(Invalid) as refused:
        relationship_declare(acting_user=person("cllr.gordon"), other=other, kind=kind)
    assert field in refused.value.fields
    assert DeclaredRelationship.objects.filter(declared_by__isnull=False).count() == 0


def test_rel_declare_the_register_is_the_monitoring_officers(person):
    assert relationship_register(person("s.evans")).count() == 2  # the council file's two
    for username in ("cllr.gordon", "c.wright"):
        with pytest.raises(NotFound):
            relationship_register(person(username))


def test_rel_declare_a_relationship_from_the_council_file_is_not_withdrawn_in_the_portal(person):
    relationship = DeclaredRelationship.objects.get(person_a__username__in=["cllr.das", "o.dunn"],
                                                    person_b__username__in=["cllr.das", "o.dunn"])
    with pytest.raises(Conflict):
        relationship_withdraw(acting_user=person("cllr.das"), relationship=relationship)
    with pytest.raises(NotFound):
        relationship_withdraw(acting_user=person("cllr.gordon"), relationship=relationship)


def test_aud_chain_every_complaint_change_is_chained(complain, person, declare):
    complaint = complain("o.baker", "cllr.gordon")
    complaint_acknowledge(acting_user=person("h.shah"), complaint=complaint)
    declare("cllr.ahmed", "o.forde")
    assert verify_chain().intact


def test_rel_conflict_a_relationship_declared_in_the_portal_stops_an_enquiry_assignment(declare, person):
    """REL-CONFLICT reads the same register: once Cllr Gordon declares a relationship with Alex Dunn, Alex cannot
    be assigned Cllr Gordon's enquiry."""
    from requests_app.enquiries.actions import enquiry_assign, enquiry_create

    declare("cllr.gordon", "o.dunn", kind="family")
    enquiry = enquiry_create(acting_user=person("cllr.gordon"), subject="Bins", question="When are bins emptied?",
                             department="ENV", now=RAISED)
    with pytest.raises(Invalid) as refused:
        enquiry_assign(acting_user=person("h.osei"), enquiry=enquiry, officer="o.dunn", now=RAISED)
    assert "REL-CONFLICT" in refused.value.fields["officer"][0]


def test_cmp_outcomes_an_investigation_ordered_for_the_standards_committee_is_carried_by_who_ordered_it(
        complain, person):
    complaint = complain("o.baker", "cllr.gordon")
    complaint_outcome(acting_user=person("h.shah"), complaint=complaint, outcome="standards_referral",
                      reasons="For the committee.")
    investigating = complaint_outcome(acting_user=person("s.evans"), complaint=complaint, outcome="investigation",
                                      reasons="The committee asks for an investigation.")
    assert (investigating.status, investigating.handler.username) == ("investigating", "s.evans")
    complaint_record_independent_person(acting_user=person("s.evans"), complaint=complaint,
                                        independent_person="ms.rahman", views="No breach, in my view.")
    assert complaint_decide(acting_user=person("s.evans"), complaint=complaint, finding="no_breach",
                            reasons="Not proved.").status == "closed"


def test_cmp_conflict_the_monitoring_officers_queue_leaves_out_committee_complaints_about_her(complain, person):
    from complaints.selectors import complaint_queue

    complaint = complain("cllr.gordon", "h.shah")
    for username in ("d.murray", "s.evans", "c.wright"):
        complaint = complaint_escalate(acting_user=person(username), complaint=complaint, reasons="Unresolved.")
    assert complaint.status == "standards"
    assert complaint not in complaint_queue(person("h.shah"))
    assert complaint in complaint_queue(person("s.evans"))
