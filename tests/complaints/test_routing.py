"""Who handles a complaint, from the council data: every grade, member subjects, the Monitoring Officer as
complainant or subject, and declared relationships (CMP-ROUTE-OFFICER, CMP-ROUTE-MEMBER, CMP-CONFLICT)."""
import pytest

from complaints.models import ComplaintHandler

pytestmark = pytest.mark.django_db


def route(complaint):
    return [(s["username"], s["skipped"] != "") for s in complaint.route]


@pytest.mark.parametrize("subject, grade, handler", [
    ("o.baker", "officer", "h.patel"),            # Planning Officer -> past his service manager -> Head of Planning
    ("s.ali", "service_manager", "h.patel"),      # service manager -> Head of Service
    ("h.patel", "head_of_service", "d.okafor"),   # Head of Service -> their Director
    ("d.okafor", "director", "c.wright"),         # Director -> Chief Executive
    ("c.wright", "chief_executive", "h.shah"),    # Chief Executive -> Monitoring Officer
])
def test_cmp_route_officer_every_grade_goes_up_the_management_line(subject, grade, handler, complain, person):
    complaint = complain("cllr.gordon", subject)
    assert person(subject).officer.grade == grade
    assert (complaint.handler.username, complaint.status) == (handler, "received")
    assert complaint.route[0]["username"] == handler and complaint.route[-1]["step"] == "standards_committee"


def test_cmp_arbitrate_the_route_beyond_the_line_is_monitoring_officer_chief_executive_standards(complain):
    """CMP-ARBITRATE: Head of Service, then the Monitoring Officer, then the Chief Executive, last Standards."""
    assert route(complain("cllr.gordon", "o.baker")) == [
        ("h.patel", False), ("h.shah", False), ("c.wright", False), (None, False)]


def test_cmp_route_officer_a_formal_complaint_about_the_chief_executive_also_goes_to_the_employment_chair(
        complain):
    formal = complain("cllr.gordon", "c.wright", formal=True)
    assert formal.handler.username == "h.shah"
    informed = ComplaintHandler.objects.filter(complaint=formal).values_list("user__username", "role")
    assert sorted(informed) == [("cllr.clarke", "informed"), ("h.shah", "handler")]
    informal = complain("cllr.gordon", "c.wright")
    assert list(ComplaintHandler.objects.filter(complaint=informal).values_list("user__username", flat=True)) == [
        "h.shah"]


@pytest.mark.parametrize("by", ["o.baker", "h.osei", "cllr.ahmed"])
def test_cmp_route_member_a_complaint_about_a_member_goes_to_the_monitoring_officer(by, complain):
    """An officer's complaint about a member, and a member's about another member, go to the Monitoring Officer."""
    complaint = complain(by, "cllr.gordon", category="protocol")
    assert (complaint.subject_kind, complaint.handler.username) == ("member", "h.shah")
    assert route(complaint) == [("h.shah", False), (None, False)]


def test_cmp_conflict_the_deputy_stands_in_when_the_monitoring_officer_complains(complain):
    complaint = complain("h.shah", "cllr.gordon")
    assert complaint.handler.username == "s.evans"
    assert route(complaint) == [("h.shah", True), ("s.evans", False), (None, False)]
    assert "made the complaint" in complaint.route[0]["skipped"]


def test_cmp_conflict_a_complaint_about_the_monitoring_officer_goes_up_her_line_and_the_deputy_arbitrates(
        complain):
    """Priya Shah is Head of Legal and Monitoring Officer: her Director handles it; she is skipped as
    Monitoring Officer and the deputy takes that step."""
    complaint = complain("cllr.gordon", "h.shah")
    assert complaint.handler.username == "d.murray"
    assert route(complaint) == [("d.murray", False), ("h.shah", True), ("s.evans", False), ("c.wright", False),
                                (None, False)]
    assert "is the person complained about" in complaint.route[1]["skipped"]


def test_cmp_conflict_a_head_of_service_related_to_the_complainant_is_skipped_for_their_director(complain, declare):
    """REL-CONFLICT: Cllr Gordon declares a relationship with the Head of Planning; his complaint about a
    planning officer goes to the Director of Place instead."""
    declare("cllr.gordon", "h.patel", kind="family")
    complaint = complain("cllr.gordon", "o.baker")
    assert complaint.handler.username == "d.okafor"
    assert route(complaint)[:2] == [("h.patel", True), ("d.okafor", False)]
    assert "declared a relationship with the person complaining" in complaint.route[0]["skipped"]


def test_cmp_conflict_a_monitoring_officer_related_to_the_member_complained_about_hands_to_the_deputy(
        complain, declare):
    declare("cllr.iqbal", "h.shah")
    complaint = complain("o.baker", "cllr.iqbal")
    assert complaint.handler.username == "s.evans"
    assert "person complained about" in complaint.route[0]["skipped"]


def test_cmp_route_officer_the_existing_riverside_relationship_is_respected(complain):
    """Cllr Das and Alex Dunn (family) are in the council file: Alex never handles a complaint by Cllr Das,
    and a complaint about Alex goes to his Head of Service as usual."""
    complaint = complain("cllr.das", "o.dunn")
    assert complaint.handler.username == "h.osei"
