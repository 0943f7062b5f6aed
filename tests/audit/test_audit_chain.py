"""AUD-EVENT and AUD-CHAIN: an append-only, hash-chained trail that names the first tampered record."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from protocol_portal.audit.actions import record_event
from protocol_portal.audit.models import AuditEvent, AuditEventIsAppendOnly
from protocol_portal.audit.selectors import verify_chain
from protocol_portal.audit.tasks import verify_audit_chain

pytestmark = pytest.mark.django_db


def _append(n, actor=None):
    with transaction.atomic():
        return [
            record_event(acting_user=actor, verb="test.thing_happened", target_type="test.thing", target_id=i,
                         rule_ids=["AUD-EVENT"], reasons=f"reason {i}", data={"i": i})
            for i in range(n)
        ]


def _verify():
    out, err = StringIO(), StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
        return 0, out.getvalue() + err.getvalue()
    except SystemExit as exc:
        return exc.code, out.getvalue() + err.getvalue()


@pytest.mark.django_db(transaction=True)
def test_aud_event_must_be_written_inside_the_changes_transaction():
    """AUD-EVENT: an event outside a transaction could outlive (or miss) the change it records."""
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record_event(acting_user=None, verb="test.loose")


def test_aud_event_records_who_what_when_rules_and_reasons(riverside, person):
    (event,) = _append(1, actor=person("h.shah"))
    event.refresh_from_db()
    assert event.actor_username == "h.shah"
    assert event.verb == "test.thing_happened"
    assert (event.target_type, event.target_id) == ("test.thing", "0")
    assert event.rule_ids == ["AUD-EVENT"]
    assert event.reasons == "reason 0"
    assert event.occurred_at is not None


def test_aud_event_is_rolled_back_with_its_change(riverside):
    """AUD-EVENT: the event and its change commit together or not at all."""
    before = AuditEvent.objects.count()
    with pytest.raises(ZeroDivisionError):
        with transaction.atomic():
            record_event(acting_user=None, verb="test.doomed")
            1 / 0
    assert AuditEvent.objects.count() == before
    assert verify_chain().intact


def test_aud_chain_intact_after_many_events(riverside):
    _append(25)
    code, output = _verify()
    assert code == 0
    assert "Audit chain intact" in output


def test_aud_chain_names_a_hand_edited_event(riverside):
    """AUD-CHAIN: editing an event in the database (bypassing the ORM) is caught and named."""
    events = _append(5)
    target = events[2]
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET reasons = %s WHERE id = %s", ["quietly changed", target.pk])
    code, output = _verify()
    assert code == 1
    assert f"event #{target.sequence} (id {target.pk}, test.thing_happened) was altered" in output


def test_aud_chain_names_a_removed_event(riverside):
    events = _append(5)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[1].pk])
    code, output = _verify()
    assert code == 1
    assert f"event #{events[1].sequence} is missing" in output


def test_aud_chain_notices_the_newest_event_removed(riverside):
    events = _append(3)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {AuditEvent._meta.db_table} WHERE id = %s", [events[-1].pk])
    code, output = _verify()
    assert code == 1
    assert f"event #{events[-1].sequence} is missing" in output


def test_aud_chain_names_a_reordered_event(riverside):
    """AUD-CHAIN: swapping two events' content (and recomputing one hash) still breaks the chain."""
    events = _append(4)
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {AuditEvent._meta.db_table} SET previous_hash = %s WHERE id = %s", ["f" * 64, events[2].pk])
    code, output = _verify()
    assert code == 1
    assert f"event #{events[2].sequence}" in output


def test_events_cannot_be_changed_or_deleted_through_the_orm(riverside):
    (event,) = _append(1)
    event.reasons = "rewritten"
    with pytest.raises(AuditEventIsAppendOnly):
        event.save()
    with pytest.raises(AuditEventIsAppendOnly):
        event.delete()
    with pytest.raises(AuditEventIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(reasons="rewritten")
    with pytest.raises(AuditEventIsAppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert verify_chain().intact


def test_admin_offers_no_way_to_add_change_or_delete_events(riverside, client):
    from protocol_portal.council.models import User

    admin_user = User.objects.create_superuser("admin.audit", "admin@example.org", "x" * 20)
    client.force_login(admin_user)
    (event,) = _append(1)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    assert client.post(f"/admin/audit/auditevent/{event.pk}/delete/").status_code == 403
    page = client.get(f"/admin/audit/auditevent/{event.pk}/change/")
    assert page.status_code == 200 and b'type="submit" value="Save"' not in page.content


def test_nightly_task_records_the_verification(riverside):
    """AUD-CHAIN: the beat schedule's task verifies the chain and records the result as an event."""
    _append(2)
    result = verify_audit_chain.apply().get()
    assert result["intact"] is True
    latest = AuditEvent.objects.order_by("-sequence").first()
    assert latest.verb == "audit.verified" and latest.rule_ids == ["AUD-CHAIN"]
    assert verify_chain().intact
