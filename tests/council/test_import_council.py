"""import_council, exactly as COUNCIL-FILE.md says: idempotent, all or nothing, every error located."""
import copy

import pytest
import yaml

from complaints.models import DeclaredRelationship
from members.models import Member
from officers.models import Officer, StatutoryAppointment
from protocol_portal.audit.models import AuditEvent
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.council.models import Council, User
from requests_app.models import Document
from tests.conftest import RIVERSIDE, import_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def council_file(tmp_path):
    """Return (data, write): Riverside as a dict to edit, and a function writing it to a file."""
    data = yaml.safe_load(RIVERSIDE.read_text())

    def write(content=None, name="council.yaml"):
        path = tmp_path / name
        path.write_text(content if isinstance(content, str) else yaml.safe_dump(content if content is not None else data, sort_keys=False))
        return path

    return data, write


def _counts():
    return (User.objects.count(), Member.objects.count(), Officer.objects.count(), Document.objects.count(),
            AuditEvent.objects.count())


def test_reimporting_the_same_file_changes_nothing(riverside):
    events = AuditEvent.objects.count()
    code, out, err = import_file(RIVERSIDE)
    assert code == 0, err
    assert "Nothing changed" in out
    assert AuditEvent.objects.count() == events  # no change, so no event


def test_first_import_creates_everything_and_records_one_event(empty_db):
    code, out, err = import_file(RIVERSIDE, "--demo-password", "a-demo-password-1")
    assert code == 0, err
    assert "documents" in out and "16" in out
    assert Member.objects.count() == 17 and Officer.objects.count() == 20 and Document.objects.count() == 16
    council = Council.objects.get()
    assert council.democratic_services.code == "LEGAL"
    assert council.closure_days == ["2026-12-29", "2026-12-30", "2026-12-31"]
    assert set(StatutoryAppointment.objects.values_list("role", "officer__user__username")) == {
        ("head_of_paid_service", "c.wright"), ("monitoring_officer", "h.shah"),
        ("deputy_monitoring_officer", "s.evans"), ("chief_finance_officer", "d.murray"),
    }
    assert Officer.objects.get(user__username="o.baker").manager.user.username == "s.ali"
    assert Member.objects.get(user__username="cllr.ahmed").bodies.filter(code="CABINET").exists()
    assert DeclaredRelationship.objects.count() == 2
    (event,) = AuditEvent.objects.filter(verb="council.imported")
    assert event.data["sections"]["members"]["created"] == 17
    assert verify_chain().intact
    assert User.objects.get(username="cllr.ahmed").check_password("a-demo-password-1")


def test_users_have_no_usable_password_without_demo_password(empty_db):
    code, _, err = import_file(RIVERSIDE)
    assert code == 0, err
    assert not User.objects.get(username="cllr.ahmed").has_usable_password()


def test_an_edited_file_updates_records_in_place(riverside, council_file):
    data, write = council_file
    member_pk = Member.objects.get(user__username="cllr.nolan").pk
    doc_pk = Document.objects.get(ref="DOC-0014").pk
    data["members"][13]["wards"] = ["WEST", "SOUTH"]
    data["members"][13]["name"] = "Cllr Peter J Nolan"
    data["documents"][13]["title"] = "Fly-tipping hotspots - East Ward (revised)"
    data["officers"][15]["manager"] = "h.patel"  # o.baker now reports to the Head of Planning
    data["council"]["enquiry_response_days"] = 15
    code, out, err = import_file(write())
    assert code == 0, err
    nolan = Member.objects.get(user__username="cllr.nolan")
    assert nolan.pk == member_pk
    assert nolan.user.name == "Cllr Peter J Nolan"
    assert set(nolan.wards.values_list("code", flat=True)) == {"WEST", "SOUTH"}
    assert Document.objects.get(pk=doc_pk).title.endswith("(revised)")
    assert Officer.objects.get(user__username="o.baker").manager.user.username == "h.patel"
    assert Council.objects.get().enquiry_response_days == 15
    sections = AuditEvent.objects.filter(verb="council.imported").latest("sequence").data["sections"]
    assert sections["members"]["updated"] == 1
    assert sections["documents"]["updated"] == 1
    assert sections["officers"]["updated"] == 1
    assert sections["council"]["updated"] == 1


def test_moving_a_statutory_role_moves_it(riverside, council_file):
    data, write = council_file
    data["officers"][10]["statutory_roles"] = []  # h.shah
    data["officers"][12]["statutory_roles"] = ["monitoring_officer"]  # s.evans
    code, _, err = import_file(write())
    assert code == 0, err
    assert StatutoryAppointment.objects.get(role="monitoring_officer").officer.user.username == "s.evans"
    assert not StatutoryAppointment.objects.filter(role="deputy_monitoring_officer").exists()


def test_prune_deactivates_and_never_deletes(riverside, council_file):
    data, write = council_file
    data["members"] = [m for m in data["members"] if m["username"] != "cllr.okoro"]
    data["documents"] = [d for d in data["documents"] if d["ref"] != "DOC-0016"]
    data["relationships"] = data["relationships"][:1]
    before = Member.objects.count(), Document.objects.count()
    code, out, err = import_file(write())
    assert code == 0, err
    assert Member.objects.get(user__username="cllr.okoro").is_active  # without --prune nothing goes
    code, out, err = import_file(write(), "--prune")
    assert code == 0, err
    okoro = Member.objects.get(user__username="cllr.okoro")
    assert not okoro.is_active and not okoro.user.is_active
    assert not Document.objects.get(ref="DOC-0016").is_active
    assert DeclaredRelationship.objects.filter(is_active=False).count() == 1
    assert (Member.objects.count(), Document.objects.count()) == before
    sections = AuditEvent.objects.filter(verb="council.imported").latest("sequence").data["sections"]
    assert sections["members"]["deactivated"] == 1 and sections["documents"]["deactivated"] == 1
    # Putting it back reactivates the same record.
    code, _, err = import_file(RIVERSIDE)
    assert code == 0, err
    assert Member.objects.get(user__username="cllr.okoro").is_active


def test_dry_run_reports_and_changes_nothing(riverside, council_file):
    data, write = council_file
    data["wards"].append({"code": "ISLAND", "name": "Island Ward"})
    before = _counts()
    code, out, err = import_file(write(), "--dry-run")
    assert code == 0, err
    assert "Would change (dry run; nothing was saved)" in out
    assert "wards" in out and "       1" in out
    assert _counts() == before


def test_a_file_with_errors_imports_nothing_and_lists_every_error(riverside, council_file):
    data, write = council_file
    data["wards"].append({"code": "ISLAND", "name": "Island Ward"})  # valid, but must not be imported
    data["members"][3]["group"] = "LIBDEM"
    data["members"][4]["username"] = "cllr.ahmed"
    data["members"][5]["term"] = {"start": "2023-05-04", "end": "2019-05-02"}
    data["members"][6]["wards"] = ["NOWHERE"]
    data["documents"][2]["exempt_paragraphs"] = []
    data["documents"][0]["exempt_paragraphs"] = [3]
    data["documents"][8]["group"] = None
    data["documents"][9]["group"] = "UKIP"
    data["officers"][4]["manager"] = "o.baker"  # h.patel -> o.baker -> s.ali -> h.patel
    data["officers"][19]["political_assistant_to"] = "LAB"
    data["officers"][18]["political_assistant_to"] = "LAB"
    data["meetings"][0]["date"] = "2026-02-30"
    data["meetings"][1]["date"] = "next Tuesday"
    data["bodies"][0]["members"][0]["member"] = "cllr.nobody"
    before = _counts()
    code, out, err = import_file(write())
    assert code == 1
    assert "nothing was imported" in err
    expected = [
        "members[3].group: no group with code 'LIBDEM'",
        "members[4].username: 'cllr.ahmed' is used twice; each username must be unique",
        "members[5].term.end: the term ends (2019-05-02) before it starts (2023-05-04)",
        "members[6].wards[0]: no ward with code 'NOWHERE'",
        "documents[2].exempt_paragraphs: an exempt document must cite the Schedule 12A paragraphs",
        "documents[0].exempt_paragraphs: only exempt documents cite Schedule 12A paragraphs; this one is public",
        "documents[8].group: a party_group document must name the group it belongs to",
        "documents[9].group: no group with code 'UKIP'",
        "the management line goes round in a circle",
        "officers[19].political_assistant_to: group 'LAB' already has a political assistant ('o.forde'); at most one per group",
        "meetings[0].date: '2026-02-30' is not a date: write it as YYYY-MM-DD",
        "meetings[1].date: 'next Tuesday' is not a date",
        "bodies[0].members[0].member: no member with username 'cllr.nobody'",
    ]
    for message in expected:
        assert message in err, f"missing error: {message}\n{err}"
    assert _counts() == before
    assert not Member.objects.filter(wards__code="ISLAND").exists()


def test_a_username_used_by_an_officer_and_a_member_is_an_error(riverside, council_file):
    data, write = council_file
    data["members"][0]["username"] = "h.patel"
    code, _, err = import_file(write())
    assert code == 1
    assert "members[0].username: 'h.patel' is already an officer's username" in err


def test_unknown_enum_values_name_the_choices(riverside, council_file):
    data, write = council_file
    data["officers"][0]["grade"] = "emperor"
    data["documents"][0]["classification"] = "secret"
    data["council"]["nation"] = "scotland"
    code, _, err = import_file(write())
    assert code == 1
    assert "officers[0].grade: 'emperor' is not one of chief_executive, director, head_of_service, service_manager, officer" in err
    assert "documents[0].classification: 'secret' is not one of public" in err
    assert "council.nation: 'scotland' is not one of england, wales" in err


def test_malformed_yaml_is_reported_with_its_line(riverside, council_file):
    _, write = council_file
    code, _, err = import_file(write("council:\n  name: [unclosed\nwards: {"))
    assert code == 1
    assert "not valid YAML" in err and "line" in err


def test_a_missing_file_says_so(riverside, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Cannot read"):
        import_file(tmp_path / "nope.yaml")


def test_large_files_show_a_progress_bar(empty_db, council_file):
    data, write = council_file
    data["wards"] += [{"code": f"W{i:04d}", "name": f"Ward {i}"} for i in range(1200)]
    code, out, err = import_file(write())
    assert code == 0, err
    assert "wards" in err and "1206/1206" in err and "#" * 30 in err


def test_a_political_assistant_can_change_hands(riverside, council_file):
    """A group keeps at most one political assistant while the post moves from one officer to another."""
    data, write = council_file
    data["officers"][19]["political_assistant_to"] = None  # o.hussain gives up the Conservative Group
    data["officers"][18]["political_assistant_to"] = "CON"  # o.forde takes it
    code, out, err = import_file(write(), "--dry-run")
    assert code == 0, err
    code, out, err = import_file(write())
    assert code == 0, err
    assert Officer.objects.get(political_assistant_to__code="CON").user.username == "o.forde"
    sections = AuditEvent.objects.filter(verb="council.imported").latest("sequence").data["sections"]
    assert sections["officers"]["updated"] == 2


def test_a_pruned_political_assistant_frees_the_group(riverside, council_file):
    data, write = council_file
    data["officers"] = [o for o in data["officers"] if o["username"] != "o.hussain"]
    data["officers"][18]["political_assistant_to"] = "CON"
    code, _, err = import_file(write(), "--prune")
    assert code == 0, err
    hussain = Officer.objects.get(user__username="o.hussain")
    assert not hussain.is_active and hussain.political_assistant_to is None
    assert Officer.objects.get(political_assistant_to__code="CON").user.username == "o.forde"


def test_prune_leaves_portal_administrators_alone(riverside):
    User.objects.create_superuser("portal.admin", "admin@example.org", "x" * 20)
    code, _, err = import_file(RIVERSIDE, "--prune")
    assert code == 0, err
    assert User.objects.get(username="portal.admin").is_active


def test_a_staff_account_in_the_file_is_matched_not_duplicated(riverside, council_file):
    """One sign-in account per person: an officer who is also a portal administrator keeps one account."""
    User.objects.filter(username="s.evans").update(is_staff=True)
    data, write = council_file
    data["officers"][12]["post"] = "Democratic Services and Scrutiny Manager"
    code, _, err = import_file(write(), "--prune")
    assert code == 0, err
    assert User.objects.filter(username="s.evans").count() == 1
    assert Officer.objects.get(user__username="s.evans").post == "Democratic Services and Scrutiny Manager"
