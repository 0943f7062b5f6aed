"""Access-request actions on the Riverside council: routing, conflicts, grants, disputes, audit."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from complaints.models import DeclaredRelationship
from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.council.errors import Conflict, Invalid, NotAllowed, NotFound
from requests_app import actions
from requests_app.models import AccessStatus, Document
from requests_app.selectors import document_for, documents_visible_to, requests_awaiting

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def monday_23_november_2026():
    with time_machine.travel(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False):
        yield

TODAY = datetime(2026, 11, 23).date()
REASON = "I am the ward member and residents raised this at my surgery last week."


@pytest.fixture
def ask(person):
    def ask(username, ref, justification=REASON, **options):
        return actions.access_request_create(acting_user=person(username), document=Document.objects.get(ref=ref),
                                             justification=justification, **options)
    return ask


def readable(user, ref):
    return document_for(user, ref, today=TODAY).can_read


def relate(person, a, b, kind="family"):
    first, second = sorted([person(a), person(b)], key=lambda u: u.pk)
    DeclaredRelationship.objects.create(person_a=first, person_b=second, kind=kind)


def test_acc_need_to_know_is_referred_to_the_holding_head_of_service_with_a_due_date(ask):
    """ACC-NEED-TO-KNOW, ACC-DETERMINE: stored due date is 10 working days on, end of day (WD-COUNT)."""
    request = ask("cllr.nolan", "DOC-0014")
    assert request.status == AccessStatus.REFERRED and request.rule_ids == ["ACC-NEED-TO-KNOW"]
    assert request.assigned_to.user.username == "h.osei"
    assert request.due_at == datetime(2026, 12, 7, 23, 59, 59, tzinfo=LONDON)
    event = AuditEvent.objects.get(verb="access_request.referred")
    assert event.rule_ids == ["ACC-NEED-TO-KNOW"] and event.actor_username == "cllr.nolan"


def test_rel_conflict_sends_a_referral_past_a_related_head_of_service(ask, person):
    """REL-CONFLICT: a Head of Service related to the member never decides; their Director does."""
    relate(person, "cllr.nolan", "h.osei")
    assert ask("cllr.nolan", "DOC-0014").assigned_to.user.username == "d.okafor"


def test_acc_interest_goes_to_the_monitoring_officer(ask):
    """ACC-INTEREST: referred to the Monitoring Officer."""
    request = ask("cllr.nolan", "DOC-0014", declared_interest=True)
    assert request.rule_ids == ["ACC-INTEREST"] and request.assigned_to.user.username == "h.shah"


def test_acc_mo_conflict_deputy_acts_where_the_mo_heads_the_holding_department(ask):
    """ACC-MO-CONFLICT: h.shah heads LEGAL, which holds DOC-0007, so her deputy takes the interest referral."""
    assert ask("cllr.nolan", "DOC-0007", declared_interest=True).assigned_to.user.username == "s.evans"


def test_acc_mo_conflict_deputy_acts_where_the_mo_has_a_relationship(ask, person):
    """ACC-MO-CONFLICT with REL-CONFLICT: a declared relationship with the member hands it to the deputy."""
    relate(person, "cllr.kaur", "h.shah", kind="personal")
    assert ask("cllr.kaur", "DOC-0014", declared_interest=True).assigned_to.user.username == "s.evans"


def test_acc_mo_conflict_deputy_settles_a_dispute_of_the_mos_own_refusal(ask, person):
    """ACC-DETERMINE then ACC-DISPUTE: the MO refused (as Head of Legal), so the deputy settles the dispute."""
    request = ask("cllr.nolan", "DOC-0007")
    assert request.assigned_to.user.username == "h.shah"  # Head of Service of LEGAL
    actions.access_request_determine(acting_user=person("h.shah"), access_request=request, decision="refuse",
                                     reasons="The opinion is privileged and you are not on the Planning Committee.")
    disputed = actions.access_request_dispute(acting_user=person("cllr.nolan"), access_request=request,
                                              grounds="The appeal affects my ward directly.")
    assert disputed.status == AccessStatus.DISPUTED and disputed.assigned_to.user.username == "s.evans"


def test_acc_determine_grant_gives_an_object_permission(ask, person):
    """ACC-DETERMINE: a grant is a django-guardian object permission, and the member can read."""
    request = ask("cllr.nolan", "DOC-0014")
    assert not readable(person("cllr.nolan"), "DOC-0014")
    actions.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="grant")
    assert person("cllr.nolan").has_perm("requests_app.read_document", Document.objects.get(ref="DOC-0014"))
    assert readable(person("cllr.nolan"), "DOC-0014")


def test_acc_determine_refusal_needs_written_reasons(ask, person):
    """ACC-DETERMINE: a refusal must give written reasons; without them nothing changes."""
    request = ask("cllr.nolan", "DOC-0014")
    with pytest.raises(Invalid) as error:
        actions.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="refuse", reasons=" ")
    assert "reasons" in error.value.fields
    request.refresh_from_db()
    assert request.status == AccessStatus.REFERRED


def test_only_the_assignee_determines_and_only_once(ask, person):
    request = ask("cllr.nolan", "DOC-0014")
    with pytest.raises(NotAllowed):
        actions.access_request_determine(acting_user=person("h.patel"), access_request=request, decision="grant")
    actions.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="refuse",
                                     reasons="The data is operational and not yet verified.")
    with pytest.raises(Conflict):
        actions.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="grant")


def test_acc_dispute_only_refusals_once_and_final(ask, person):
    """ACC-DISPUTE: a grant cannot be disputed; the Monitoring Officer's determination is final."""
    granted = ask("cllr.byrne", "DOC-0003")
    with pytest.raises(Conflict):
        actions.access_request_dispute(acting_user=person("cllr.byrne"), access_request=granted, grounds="why not")
    request = ask("cllr.nolan", "DOC-0014")
    actions.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="refuse",
                                     reasons="Operational data only.")
    with pytest.raises(NotAllowed):
        actions.access_request_dispute(acting_user=person("cllr.moss"), access_request=request, grounds="Unfair.")
    with pytest.raises(Invalid):
        actions.access_request_dispute(acting_user=person("cllr.nolan"), access_request=request, grounds="")
    actions.access_request_dispute(acting_user=person("cllr.nolan"), access_request=request,
                                   grounds="Fly-tipping in my ward is the subject of a council motion I am moving.")
    assert request.__class__.objects.get(pk=request.pk).assigned_to.user.username == "h.shah"
    with pytest.raises(Invalid):  # the Monitoring Officer gives reasons either way
        actions.access_request_determine(acting_user=person("h.shah"), access_request=request, decision="grant")
    settled = actions.access_request_determine(acting_user=person("h.shah"), access_request=request, decision="grant",
                                               reasons="The member has a clear need as mover of the motion.")
    assert settled.status == AccessStatus.GRANTED and settled.final
    with pytest.raises(Conflict):
        actions.access_request_dispute(acting_user=person("cllr.nolan"), access_request=settled, grounds="again")


def test_refer_hands_a_request_to_the_monitoring_officer(ask, person):
    """ACC-DETERMINE: an officer in doubt refers it to the Monitoring Officer (003 ¶113)."""
    request = ask("cllr.nolan", "DOC-0014")
    with pytest.raises(Invalid):
        actions.access_request_refer(acting_user=person("h.osei"), access_request=request, reasons="")
    referred = actions.access_request_refer(acting_user=person("h.osei"), access_request=request,
                                            reasons="Unsure whether the site list identifies anyone.")
    assert referred.assigned_to.user.username == "h.shah" and referred.status == AccessStatus.REFERRED
    assert list(requests_awaiting(referred.assigned_to)) == [referred]


def test_acc_officer_decider_reads_while_the_request_is_theirs(ask, person):
    """ACC-OFFICER: the Monitoring Officer reads a document only while a request about it is hers to decide."""
    request = ask("cllr.nolan", "DOC-0014")
    assert not readable(person("h.shah"), "DOC-0014")
    actions.access_request_refer(acting_user=person("h.osei"), access_request=request, reasons="Please advise.")
    assert readable(person("h.shah"), "DOC-0014")
    actions.access_request_determine(acting_user=person("h.shah"), access_request=request, decision="grant")
    assert not readable(person("h.shah"), "DOC-0014")


def test_acc_scrutiny_refusal_reasons_go_to_the_committee(ask, person):
    """ACC-SCRUTINY: a scrutiny member's executive request, referred then refused: reasons go to the committee."""
    request = ask("cllr.gordon", "DOC-0015")
    assert request.assigned_to.user.username == "h.brennan"
    actions.access_request_determine(acting_user=person("h.brennan"), access_request=request, decision="refuse",
                                     reasons="Commercially sensitive while the framework is re-let.")
    event = AuditEvent.objects.get(verb="access_request.reasons_sent_to_scrutiny")
    assert event.data["committees"] == ["OSC"] and event.rule_ids == ["ACC-SCRUTINY"]


def test_acc_group_secret_documents_are_not_found_for_other_groups(ask):
    """ACC-GROUP: asking for another group's papers is answered exactly as for a missing document."""
    with pytest.raises(NotFound):
        ask("cllr.gordon", "DOC-0009")
    with pytest.raises(NotAllowed):
        ask("o.baker", "DOC-0002")  # officers do not make access requests


def test_acc_expiry_access_ends_with_the_term(ask, person):
    """ACC-EXPIRY: access granted during the term ends when the term ends."""
    ask("cllr.byrne", "DOC-0003")
    assert readable(person("cllr.byrne"), "DOC-0003")
    after_term = datetime(2027, 5, 7).date()
    assert not document_for(person("cllr.byrne"), "DOC-0003", today=after_term).can_read
    assert document_for(person("cllr.byrne"), "DOC-0001", today=after_term).can_read  # published stays open


def test_revoking_checks_relationships_and_published_documents(ask, person):
    """ACC-MO-CONFLICT: a Monitoring Officer related to the member cannot revoke; published papers cannot be withheld."""
    relate(person, "cllr.byrne", "h.shah", kind="personal")
    request = ask("cllr.byrne", "DOC-0003")
    with pytest.raises(NotAllowed, match="declared relationship"):
        actions.access_grant_revoke(acting_user=person("h.shah"), access_request=request, reasons="Misuse.")
    public = ask("cllr.byrne", "DOC-0001")
    with pytest.raises(Conflict, match="published"):
        actions.access_grant_revoke(acting_user=person("s.evans"), access_request=public, reasons="Misuse.")
    assert "for your work on it" in actions.use_notice(Document.objects.get(ref="DOC-0002"), for_member=False)


def test_monitoring_officer_revokes_a_grant_with_reasons(ask, person):
    request = ask("cllr.byrne", "DOC-0003")
    with pytest.raises(NotAllowed):
        actions.access_grant_revoke(acting_user=person("h.osei"), access_request=request, reasons="No.")
    with pytest.raises(Invalid):
        actions.access_grant_revoke(acting_user=person("h.shah"), access_request=request, reasons="")
    actions.access_grant_revoke(acting_user=person("s.evans"), access_request=request,
                                reasons="Shared outside Cabinet in breach of ACC-USE.")
    assert not readable(person("cllr.byrne"), "DOC-0003")
    with pytest.raises(Conflict):
        actions.access_grant_revoke(acting_user=person("h.shah"), access_request=request, reasons="Again.")


def test_aud_view_every_non_public_read_is_recorded(ask, person):
    """AUD-VIEW and ACC-USE: reading an exempt report records the view; a published one does not."""
    ask("cllr.byrne", "DOC-0003")
    byrne = person("cllr.byrne")
    text = actions.document_open(acting_user=byrne, document=document_for(byrne, "DOC-0003", today=TODAY))
    assert "Bidder A 78" in text
    actions.document_open(acting_user=byrne, document=document_for(byrne, "DOC-0001", today=TODAY))
    views = AuditEvent.objects.filter(verb="document.viewed")
    assert [(v.actor_username, v.data["ref"]) for v in views] == [("cllr.byrne", "DOC-0003")]
    with pytest.raises(NotAllowed):
        actions.document_open(acting_user=person("cllr.nolan"), document=document_for(person("cllr.nolan"), "DOC-0003", today=TODAY))


def test_acc_use_notice_marks_exempt_papers_not_for_publication():
    """ACC-USE: non-public documents carry the use notice; exempt ones are "not for publication" with paragraphs."""
    assert actions.use_notice(Document.objects.get(ref="DOC-0001")) == ""
    exempt = actions.use_notice(Document.objects.get(ref="DOC-0006"))
    assert exempt.startswith("NOT FOR PUBLICATION") and "paragraphs 1, 2" in exempt and "Cabinet Member or Chair" in exempt
    assert "must not disclose" in actions.use_notice(Document.objects.get(ref="DOC-0002"))


def test_acc_officer_catalogue_and_reading(person):
    """ACC-OFFICER: officers see the catalogue and read their own department's documents; group papers only
    their group's political assistant sees."""
    shah = {d.ref: d.can_read for d in documents_visible_to(person("h.shah"), today=TODAY)}
    assert "DOC-0009" not in shah and "DOC-0010" not in shah  # held by LEGAL, but party papers
    assert shah["DOC-0007"] and not shah["DOC-0003"]
    hussain = {d.ref: d.can_read for d in documents_visible_to(person("o.hussain"), today=TODAY)}
    assert hussain["DOC-0010"] and "DOC-0009" not in hussain
    baker = {d.ref: d.can_read for d in documents_visible_to(person("o.baker"), today=TODAY)}
    assert baker["DOC-0005"] and not baker["DOC-0014"]


def test_acc_group_catalogue_hides_other_groups_papers(person):
    """ACC-GROUP, ACC-ADVISER: never listed for other groups or members of no group."""
    gordon = {d.ref: d.can_read for d in documents_visible_to(person("cllr.gordon"), today=TODAY)}
    assert "DOC-0009" not in gordon and gordon["DOC-0010"]
    nolan = {d.ref for d in documents_visible_to(person("cllr.nolan"), today=TODAY)}
    assert not {"DOC-0009", "DOC-0010"} & nolan and len(nolan) == 14


def test_catalogue_is_one_query_however_many_documents(person):
    """A member's catalogue is one visibility query: no per-document permission check in Python."""
    from protocol_portal.council.selectors import person_of

    user = person("cllr.gordon")
    person_of(user)  # who they are is loaded once per request, before the catalogue
    with CaptureQueriesContext(connection) as small:
        list(documents_visible_to(user, today=TODAY))
    base = Document.objects.get(ref="DOC-0014")
    Document.objects.bulk_create([Document(ref=f"DOC-B{i:04d}", title=f"Bulk {i}", department_id=base.department_id,
                                           classification="internal") for i in range(200)])
    with CaptureQueriesContext(connection) as large:
        rows = list(documents_visible_to(user, today=TODAY))
    assert len(rows) > 200 and len(large) == len(small) == 1


def test_every_action_leaves_the_chain_intact(ask, person):
    """AUD-EVENT, AUD-CHAIN: each decision, determination and dispute wrote its event in its transaction."""
    request = ask("cllr.nolan", "DOC-0014")
    actions.access_request_determine(acting_user=person("h.osei"), access_request=request, decision="refuse",
                                     reasons="Operational data only.")
    actions.access_request_dispute(acting_user=person("cllr.nolan"), access_request=request, grounds="I need it for a motion.")
    verbs = list(AuditEvent.objects.filter(target_type="requests_app.accessrequest", target_id=str(request.pk))
                 .values_list("verb", flat=True))
    assert verbs == ["access_request.referred", "access_request.determined_refused", "access_request.disputed"]
    assert verify_chain().intact


def test_acc_expiry_sweep_takes_back_grants_once_the_term_has_ended(ask, person):
    """ACC-EXPIRY: the nightly task removes the grant after the term ends, once, with an event."""
    from requests_app.tasks import expire_ended_terms

    ask("cllr.byrne", "DOC-0003")
    assert expire_ended_terms.apply().get() == 0  # still in office
    with time_machine.travel(datetime(2027, 5, 8, 1, 0, tzinfo=LONDON), tick=False):
        assert expire_ended_terms.apply().get() == 1
        assert expire_ended_terms.apply().get() == 0
    assert not person("cllr.byrne").has_perm("requests_app.read_document", Document.objects.get(ref="DOC-0003"))
    event = AuditEvent.objects.get(verb="access.expired")
    assert event.data["documents_by_member"] == {"cllr.byrne": ["DOC-0003"]} and event.rule_ids == ["ACC-EXPIRY"]
