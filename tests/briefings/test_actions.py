"""Briefing actions: a test per BRF rule, the bad input each refuses (changing nothing), and the audit events."""
from datetime import date

import pytest

from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.council.errors import Conflict, Invalid, NotAllowed
from protocol_portal.deadlines.actions import run_escalations
from protocol_portal.deadlines.models import Deadline, DeadlineAction
from protocol_portal.notify.models import Notification
from requests_app.briefings.actions import (
    attribution_verify,
    briefing_approve,
    briefing_decline,
    briefing_deliver,
    briefing_nominate,
    briefing_reject,
    offer_respond,
    record_attribute,
    record_finalise,
    record_write,
    report_copy_request,
)
from requests_app.briefings.models import Briefing, BriefingNotice, EqualOffer, ReportCopy
from requests_app.briefings.selectors import (
    briefings_visible_to,
    may_read_record,
    notices_for,
    offers_for,
    record_of,
)
from tests.enquiries.conftest import london

from .conftest import ASKED

pytestmark = pytest.mark.django_db

ADVICE = "Housing numbers rise to 9,000 over the plan period."


def events(briefing):
    return list(AuditEvent.objects.filter(target_type="briefings.briefing", target_id=str(briefing.pk))
                .order_by("sequence").values_list("verb", "rule_ids"))


def emailed(reason):
    return sorted(Notification.objects.filter(reason=reason).values_list("recipient__username", flat=True))


def visible(username, person):
    return list(briefings_visible_to(person(username)))


def offer_to(briefing, group_code):
    return EqualOffer.objects.get(briefing=briefing, group__code=group_code)


# BRF-REQUEST ---------------------------------------------------------------------------------------

def test_brf_request_a_group_leader_asks_and_the_approver_is_told(request_briefing):
    briefing = request_briefing("cllr.gordon", non_council_attendees=True, meeting="MTG-PLAN-2026-12-03")
    assert (briefing.group.code, briefing.member, briefing.status) == ("CON", None, "awaiting_approval")
    assert briefing.approver.user.username == "c.wright"  # briefing_approver: chief_executive
    assert briefing.officer is None  # BRF-APPROVE: nobody is assigned before approval
    assert events(briefing) == [("briefing.requested", ["BRF-REQUEST", "BRF-SCOPE", "BRF-APPROVE", "BRF-NON-COUNCIL"])]
    assert emailed("briefing.requested") == ["c.wright"]


def test_brf_request_a_spokesperson_and_a_member_of_no_group_may_ask(request_briefing):
    assert request_briefing("cllr.hughes").group.code == "CON"
    loner = request_briefing("cllr.nolan")
    assert (loner.group, loner.member.user.username) == (None, "cllr.nolan")


@pytest.mark.parametrize("username", ["cllr.iqbal", "cllr.byrne", "mr.quinn", "h.patel"])
def test_brf_request_ordinary_members_co_opted_members_and_officers_cannot_ask(username, request_briefing):
    """An ordinary member (and a deputy leader: the rule names leaders and spokespersons) is told why."""
    with pytest.raises(NotAllowed) as refused:
        request_briefing(username)
    if username.startswith("cllr"):
        assert "BRF-REQUEST" in refused.value.message and "leader or a spokesperson" in refused.value.message
    assert not Briefing.objects.exists() and not AuditEvent.objects.filter(verb__startswith="briefing.").exists()


def test_brf_request_bad_input_lists_every_field_and_changes_nothing(request_briefing):
    with pytest.raises(Invalid) as refused:
        request_briefing(subject=" ", question="", department="NOPE", requested_date=date(2026, 11, 20),
                         meeting="MTG-NOPE", non_council_attendees="yes")
    assert set(refused.value.fields) == {"subject", "question", "department", "requested_date", "meeting",
                                         "non_council_attendees"}
    assert "today or later" in refused.value.fields["requested_date"][0]
    assert not Briefing.objects.exists() and not Deadline.objects.exists()


def test_brf_scope_the_group_declares_it_is_council_business_not_party_business(request_briefing):
    with pytest.raises(Invalid) as refused:
        request_briefing(council_business=False)
    assert "BRF-SCOPE" in refused.value.fields["council_business"][0]
    assert not Briefing.objects.exists()


# BRF-APPROVE ---------------------------------------------------------------------------------------

def test_brf_approve_with_chief_officer_the_departments_director_approves(riverside, request_briefing):
    riverside.briefing_approver = "chief_officer"
    riverside.save()
    assert request_briefing(department="PLAN").approver.user.username == "d.okafor"  # Director of Place
    assert request_briefing(department="FIN").approver.user.username == "d.murray"  # Director of Resources


def test_brf_approve_only_the_approver_decides(person, request_briefing):
    briefing = request_briefing()
    for username in ("d.okafor", "h.patel"):
        with pytest.raises(NotAllowed) as refused:
            briefing_approve(acting_user=person(username), briefing=briefing, officer="h.patel")
        assert "BRF-APPROVE" in refused.value.message
    briefing.refresh_from_db()
    assert (briefing.status, briefing.officer) == ("awaiting_approval", None)


def test_brf_approve_approval_stops_the_clock_and_tells_the_group_and_the_officer(person, approved):
    briefing = approved(officer="h.patel")
    assert (briefing.status, briefing.officer.user.username, briefing.attending_officer.user.username) == (
        "approved", "h.patel", "h.patel")
    assert briefing.deadline.closed_at == ASKED
    assert events(briefing)[-1] == ("briefing.approved", ["BRF-APPROVE", "BRF-SENIOR", "BRF-EQUAL", "REL-CONFLICT"])
    assert emailed("briefing.approved") == ["cllr.gordon", "cllr.hughes"]  # the group's leader and spokesperson
    assert emailed("briefing.assigned") == ["h.patel"]
    with pytest.raises(Conflict):
        briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer="s.ali")


def test_brf_approve_rejection_needs_reasons_the_group_sees(person, request_briefing):
    briefing = request_briefing()
    with pytest.raises(Invalid) as refused:
        briefing_reject(acting_user=person("c.wright"), briefing=briefing, reason="  ")
    assert set(refused.value.fields) == {"reason"}
    briefing.refresh_from_db()
    assert briefing.status == "awaiting_approval"
    rejected = briefing_reject(acting_user=person("c.wright"), briefing=briefing,
                               reason="This is a matter for the party's own campaign.")
    assert (rejected.status, rejected.decision_reason) == ("rejected", "This is a matter for the party's own campaign.")
    assert rejected.deadline.closed_at is not None and not EqualOffer.objects.exists()
    assert emailed("briefing.rejected") == ["cllr.gordon", "cllr.hughes"]


def test_brf_approve_a_late_decision_is_reminded_then_escalated_by_the_shared_sweep(person, request_briefing):
    """The approval runs on the sweep's clock: 10 working days from Monday 23 November is 7 December."""
    briefing = request_briefing(department="PLAN")
    assert briefing.deadline.due_at == london(2026, 12, 7, 23, 59, 59)
    run_escalations(now=london(2026, 12, 3, 9))
    run_escalations(now=london(2026, 12, 8, 9))
    actions = DeadlineAction.objects.filter(deadline=briefing.deadline).order_by("level")
    assert [(a.level, a.recipient.user.username) for a in actions] == [(0, "c.wright"), (1, "d.okafor")]
    assert [v for v, _ in events(briefing)][-2:] == ["deadline.reminded", "deadline.escalated_to_director"]
    assert "BRF-APPROVE" in events(briefing)[-1][1]
    assert briefing in visible("d.okafor", person)  # the Director told can open it


# BRF-SENIOR ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("officer", ["o.baker", "o.hussain"])
def test_brf_senior_a_junior_officer_or_political_assistant_is_refused(officer, person, request_briefing):
    briefing = request_briefing()
    with pytest.raises(Invalid) as refused:
        briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer=officer)
    assert "officer" in refused.value.fields
    if officer == "o.baker":
        assert "BRF-SENIOR" in refused.value.fields["officer"][0]
    briefing.refresh_from_db()
    assert (briefing.status, briefing.officer, EqualOffer.objects.count()) == ("awaiting_approval", None, 0)


def test_brf_senior_a_service_manager_may_be_assigned(approved):
    assert approved(officer="s.ali").officer.grade == "service_manager"


def test_rel_conflict_an_officer_related_to_the_member_asking_is_not_assigned(person, request_briefing):
    """Cllr Hughes has declared a relationship with Morag Reid (Housing Options Manager)."""
    briefing = request_briefing("cllr.hughes", department="HOUS")
    with pytest.raises(Invalid) as refused:
        briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer="s.reid")
    assert "REL-CONFLICT" in refused.value.fields["officer"][0]


def test_brf_senior_the_senior_officer_nominates_another_to_attend_and_it_is_recorded(person, approved):
    briefing = approved(officer="h.patel")
    nominated = briefing_nominate(acting_user=person("h.patel"), briefing=briefing, officer="o.baker",
                                  reason="Tom wrote the housing chapter.")
    assert (nominated.officer.user.username, nominated.attending_officer.user.username) == ("h.patel", "o.baker")
    assert nominated.nomination_reason == "Tom wrote the housing chapter."
    assert events(briefing)[-1] == ("briefing.nominated", ["BRF-SENIOR"])
    assert emailed("briefing.nominated") == ["o.baker"]
    assert briefing in visible("o.baker", person)
    with pytest.raises(NotAllowed):  # only the senior officer nominates
        briefing_nominate(acting_user=person("o.baker"), briefing=briefing, officer="s.ali")
    with pytest.raises(Invalid):
        briefing_nominate(acting_user=person("h.patel"), briefing=briefing, officer="o.hussain")


# BRF-NON-COUNCIL ---------------------------------------------------------------------------------------

def test_brf_non_council_approving_with_outsiders_attending_needs_a_reason(person, request_briefing):
    briefing = request_briefing(non_council_attendees=True)
    with pytest.raises(Invalid) as refused:
        briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer="h.patel", reason="")
    assert set(refused.value.fields) == {"reason"} and "BRF-NON-COUNCIL" in refused.value.fields["reason"][0]
    briefing.refresh_from_db()
    assert briefing.status == "awaiting_approval"
    done = briefing_approve(acting_user=person("c.wright"), briefing=briefing, officer="h.patel",
                            reason="Only the group's election agent attends, and nothing confidential is discussed.")
    assert done.decision_reason.startswith("Only the group's election agent")
    assert "BRF-NON-COUNCIL" in events(done)[-1][1]


# BRF-SCOPE --------------------------------------------------------------------------------------------

def test_brf_scope_the_officer_may_decline_with_reasons(person, approved):
    briefing = approved()
    with pytest.raises(Invalid):
        briefing_decline(acting_user=person("h.patel"), briefing=briefing, reason="")
    with pytest.raises(NotAllowed):
        briefing_decline(acting_user=person("s.ali"), briefing=briefing, reason="Not mine.")
    declined = briefing_decline(acting_user=person("h.patel"), briefing=briefing,
                                reason="The agenda item is the party's manifesto.")
    assert (declined.status, declined.declined_reason) == ("declined", "The agenda item is the party's manifesto.")
    assert events(declined)[-1] == ("briefing.declined", ["BRF-SCOPE"])
    assert emailed("briefing.declined") == ["c.wright", "cllr.gordon", "cllr.hughes"]


# BRF-EQUAL ---------------------------------------------------------------------------------------------

def test_brf_equal_every_other_group_and_member_of_no_group_is_offered_the_same(person, approved):
    briefing = approved("cllr.gordon")
    offers = EqualOffer.objects.filter(briefing=briefing)
    assert sorted((o.group.code if o.group else o.member.user.username) for o in offers) == [
        "GRN", "LAB", "LD", "cllr.nolan"]
    # Each group's leader and spokespersons, and the member of no group, are told.
    assert emailed("briefing.offered") == ["cllr.ahmed", "cllr.kaur", "cllr.lewis", "cllr.moss", "cllr.nolan"]
    assert [o.status for o in offers_for(person("cllr.edwards"))] == ["offered"]  # any Labour member sees it
    assert list(offers_for(person("cllr.iqbal"))) == []  # not offered to the group that asked


def test_brf_equal_a_briefing_for_a_member_of_no_group_is_offered_to_every_group(approved):
    briefing = approved("cllr.nolan")
    assert sorted(o.group.code for o in EqualOffer.objects.filter(briefing=briefing)) == ["CON", "GRN", "LAB", "LD"]


def test_brf_equal_an_accepted_offer_becomes_a_briefing_with_the_same_officer(person, approved):
    briefing = approved("cllr.gordon", officer="h.patel")
    offer = offer_respond(acting_user=person("cllr.kaur"), offer=offer_to(briefing, "LD"), accept=True)
    equivalent = offer.result
    assert (equivalent.group.code, equivalent.status, equivalent.officer.user.username) == ("LD", "approved", "h.patel")
    assert (equivalent.original, equivalent.subject, equivalent.approver) == (briefing, briefing.subject,
                                                                              briefing.approver)
    assert ("briefing.offer_accepted", ["BRF-EQUAL"]) in events(briefing)
    assert events(equivalent) == [("briefing.from_offer", ["BRF-EQUAL", "BRF-SAME-ADVICE"])]
    assert emailed("briefing.offer_accepted") == ["h.patel"]
    assert equivalent in visible("cllr.lewis", person) and equivalent not in visible("cllr.gordon", person)
    with pytest.raises(Conflict):
        offer_respond(acting_user=person("cllr.kaur"), offer=offer, accept=False)


def test_brf_equal_offers_are_answered_by_a_leader_or_spokesperson_and_may_be_declined(person, approved):
    briefing = approved("cllr.gordon")
    with pytest.raises(NotAllowed) as refused:
        offer_respond(acting_user=person("cllr.edwards"), offer=offer_to(briefing, "LAB"), accept=True)
    assert "BRF-REQUEST" in refused.value.message
    declined = offer_respond(acting_user=person("cllr.ahmed"), offer=offer_to(briefing, "LAB"), accept=False)
    assert (declined.status, declined.result) == ("declined", None)


def test_brf_equal_an_officer_who_advises_one_group_may_not_decline_another(person, approved):
    """003 ¶91: having accepted one group's invitation, the officer may not decline another's on the matter."""
    briefing = approved("cllr.gordon", officer="h.patel")
    equivalent = offer_respond(acting_user=person("cllr.moss"), offer=offer_to(briefing, "GRN"), accept=True).result
    with pytest.raises(NotAllowed) as refused:
        briefing_decline(acting_user=person("h.patel"), briefing=equivalent, reason="Too busy.")
    assert "BRF-EQUAL" in refused.value.message
    equivalent.refresh_from_db()
    assert equivalent.status == "approved"


# BRF-SAME-ADVICE ---------------------------------------------------------------------------------------

def test_brf_same_advice_an_equivalent_briefing_gets_substantially_the_same_advice(person, delivered):
    briefing = delivered("cllr.gordon", advice=ADVICE)
    equivalent = offer_respond(acting_user=person("cllr.ahmed"), offer=offer_to(briefing, "LAB"), accept=True).result
    with pytest.raises(Invalid) as refused:
        briefing_deliver(acting_user=person("h.patel"), briefing=equivalent, advice="Housing numbers fall to 6,000.")
    assert "BRF-SAME-ADVICE" in refused.value.fields["advice_differences"][0]
    equivalent.refresh_from_db()
    assert equivalent.status == "approved"
    same = briefing_deliver(acting_user=person("h.patel"), briefing=equivalent, advice=ADVICE.upper())
    assert same.status == "delivered"


def test_brf_same_advice_a_difference_is_given_with_how_and_why(person, delivered):
    briefing = delivered("cllr.gordon", advice=ADVICE)
    equivalent = offer_respond(acting_user=person("cllr.kaur"), offer=offer_to(briefing, "LD"), accept=True).result
    done = briefing_deliver(acting_user=person("h.patel"), briefing=equivalent, advice="Numbers now 9,400.",
                            advice_differences="The inspector's letter of 12 December raised the figure.")
    assert done.advice_differences.startswith("The inspector's letter")


def test_brf_same_advice_delivery_records_the_advice_and_needs_it(person, approved):
    briefing = approved()
    with pytest.raises(Invalid) as refused:
        briefing_deliver(acting_user=person("h.patel"), briefing=briefing, advice="")
    assert "BRF-SAME-ADVICE" in refused.value.fields["advice"][0]
    with pytest.raises(NotAllowed):
        briefing_deliver(acting_user=person("c.wright"), briefing=briefing, advice=ADVICE)
    done = briefing_deliver(acting_user=person("h.patel"), briefing=briefing, advice=ADVICE)
    assert (done.status, done.advice) == ("delivered", ADVICE)
    assert events(done)[-1] == ("briefing.delivered", ["BRF-SAME-ADVICE", "BRF-NOTIFY"])
    with pytest.raises(Conflict):
        briefing_deliver(acting_user=person("h.patel"), briefing=done, advice=ADVICE)


def test_brf_same_advice_an_unapproved_briefing_cannot_be_given(person, request_briefing):
    briefing = request_briefing()
    with pytest.raises(NotAllowed):  # nobody is assigned yet (BRF-APPROVE)
        briefing_deliver(acting_user=person("h.patel"), briefing=briefing, advice=ADVICE)


# BRF-NOTIFY ---------------------------------------------------------------------------------------------

def test_brf_notify_other_groups_are_told_it_happened_and_its_subject_never_its_content(person, delivered):
    briefing = delivered("cllr.gordon", advice=ADVICE)
    notice = BriefingNotice.objects.get(briefing=briefing)
    assert (notice.subject, notice.audience_name, notice.has_report) == (
        "The draft local plan", "Conservative Group", False)
    assert list(notices_for(person("cllr.edwards"))) == [notice]
    assert list(notices_for(person("cllr.nolan"))) == [notice]
    assert list(notices_for(person("cllr.iqbal"))) == []  # the group briefed has the briefing itself
    told = Notification.objects.filter(reason="briefing.notice")
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "cllr.ahmed", "cllr.kaur", "cllr.lewis", "cllr.moss", "cllr.nolan"]
    assert all(ADVICE not in n.text_body and ADVICE not in n.html_body and "The draft local plan" in n.text_body
               for n in told)
    assert briefing not in visible("cllr.ahmed", person)  # the briefing itself stays the group's


def test_brf_notify_any_group_may_have_a_copy_of_a_report_prepared_for_another(person, delivered):
    briefing = delivered("cllr.gordon", report="Report: the plan's housing trajectory, 2027-2042.")
    notice = BriefingNotice.objects.get(briefing=briefing)
    assert notice.has_report and not notices_for(person("cllr.das")).get().copy_given
    copy = report_copy_request(acting_user=person("cllr.das"), notice=notice)
    assert copy.group.code == "LAB"
    assert notices_for(person("cllr.ahmed")).get().copy_given  # the copy is for the whole group
    assert not notices_for(person("cllr.kaur")).get().copy_given
    assert report_copy_request(acting_user=person("cllr.ahmed"), notice=notice) == copy  # asking again: same copy
    assert ReportCopy.objects.count() == 1
    assert ("briefing.report_copied", ["BRF-NOTIFY"]) in events(briefing)


def test_brf_notify_no_report_no_copy(person, delivered):
    notice = BriefingNotice.objects.get(briefing=delivered())
    with pytest.raises(Conflict):
        report_copy_request(acting_user=person("cllr.ahmed"), notice=notice)
    assert not ReportCopy.objects.exists()


# BRF-CONFIDENTIAL and BRF-VERIFY -------------------------------------------------------------------------

def test_brf_confidential_the_record_is_the_groups_and_the_attending_officers_only(person, delivered):
    briefing = delivered("cllr.gordon")
    record_write(acting_user=person("cllr.iqbal"), briefing=briefing, notes="We will oppose site H4.")
    assert [may_read_record(person(u), briefing) for u in ("cllr.gordon", "cllr.iqbal", "h.patel")] == [True] * 3
    # The approver, another group, the Monitoring Officer: none of them.
    assert [may_read_record(person(u), briefing) for u in ("c.wright", "cllr.ahmed", "h.shah")] == [False] * 3
    assert record_of(person("c.wright"), briefing) is None
    assert record_of(person("h.patel"), briefing).notes == "We will oppose site H4."
    with pytest.raises(NotAllowed):
        record_write(acting_user=person("cllr.ahmed"), briefing=briefing, notes="Leaked.")


def test_brf_confidential_the_record_is_written_after_the_briefing(person, approved):
    with pytest.raises(Conflict):
        record_write(acting_user=person("cllr.gordon"), briefing=approved(), notes="Too early.")


def test_brf_verify_the_officer_verifies_or_corrects_before_the_record_is_final(person, delivered):
    briefing = delivered("cllr.gordon")
    record_write(acting_user=person("cllr.gordon"), briefing=briefing, notes="Notes of the briefing.")
    said = record_attribute(acting_user=person("cllr.gordon"), briefing=briefing,
                            text="The officer said site H4 would be dropped.")
    assert said.officer.user.username == "h.patel" and emailed("briefing.attribution") == ["h.patel"]
    with pytest.raises(Invalid) as refused:
        record_finalise(acting_user=person("cllr.gordon"), briefing=briefing)
    assert "BRF-VERIFY" in refused.value.message
    with pytest.raises(NotAllowed):
        attribution_verify(acting_user=person("s.ali"), attribution=said)
    corrected = attribution_verify(acting_user=person("h.patel"), attribution=said,
                                   correction="The officer said site H4 was under review.")
    assert (corrected.status, corrected.final_text) == ("corrected", "The officer said site H4 was under review.")
    final = record_finalise(acting_user=person("cllr.hughes"), briefing=briefing)
    assert final.status == "final"
    with pytest.raises(Conflict):
        record_write(acting_user=person("cllr.gordon"), briefing=briefing, notes="Changed afterwards.")
    verbs = [v for v, _ in events(briefing)]
    assert verbs[-4:] == ["briefing.record_written", "briefing.attribution_added", "briefing.attribution_corrected",
                          "briefing.record_final"]


# Who sees what, and the audit chain -------------------------------------------------------------------------

def test_brf_confidential_a_briefing_is_seen_by_its_group_its_approver_and_its_officer_only(person, approved):
    briefing = approved("cllr.gordon", officer="h.patel")
    for username in ("cllr.gordon", "cllr.iqbal", "c.wright", "h.patel"):
        assert briefing in visible(username, person), username
    for username in ("cllr.ahmed", "cllr.nolan", "h.shah", "s.ali", "o.hussain"):
        assert briefing not in visible(username, person), username


def test_aud_chain_every_briefing_change_is_chained(person, delivered):
    briefing = delivered(report="A report.")
    report_copy_request(acting_user=person("cllr.kaur"), notice=briefing.notice)
    assert verify_chain().intact
