"""The soak's checks (soak.py): the client's ledger against the database, run in a Django process on it.

    python benchmarks/soak_check.py LEDGER.json      # DJANGO_SETTINGS_MODULE and DATABASE_URL set; prints JSON

Every enquiry sent stored exactly once; every reply recorded; every 409 explained by another request
of the ledger; every reminder and escalation that had to happen recorded exactly once with one audit
event and one email, none early and none after the enquiry was answered or its target moved; every
email sent.
"""
import json
import sys
from collections import Counter, defaultdict
from datetime import datetime, timedelta
from datetime import timezone as dt_timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LEVEL_VERBS = {0: "deadline.reminded", 1: "deadline.escalated_to_director", 2: "deadline.escalated_to_chief_executive"}


def check(ledger_path):
    """Compare the ledger at ``ledger_path`` with the database; print the findings as JSON."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db.models import Count

    from protocol_portal.audit.models import AuditEvent
    from protocol_portal.deadlines.models import Deadline, DeadlineAction
    from protocol_portal.notify.models import Notification
    from requests_app.enquiries.models import Enquiry, EnquiryMessage

    ledger = json.loads(Path(ledger_path).read_text())
    problems = defaultdict(list)
    seeded_ids = {p["id"] for p in ledger["seeded"]}
    start = datetime.fromtimestamp(ledger["start"], dt_timezone.utc)

    # Every enquiry a user was told was sent, exactly once; none sent that nobody was told of.
    created = {c["id"]: c for c in ledger["created"]}
    if len(created) != len(ledger["created"]):
        problems["duplicates"].append("the server gave two sends the same enquiry id")
    stored = {str(e.public_id): e for e in Enquiry.objects.filter(received_at__gte=start).exclude(
        public_id__in=seeded_ids).select_related("member__user")}
    for enquiry_id, c in created.items():
        e = stored.get(enquiry_id)
        if e is None:
            problems["lost"].append(f"enquiry {enquiry_id} ({c['subject']}) is not in the database")
        elif e.subject != c["subject"] or e.member.user.username != c["member"]:
            problems["lost"].append(f"enquiry {enquiry_id} is stored as {e.subject!r} from {e.member.user.username}")
    by_subject = Counter(e.subject for e in stored.values())
    problems["duplicates"] += [f"{n} enquiries {s!r}" for s, n in by_subject.items() if n > 1]
    problems["unledgered"] += [f"enquiry {i} ({e.subject}) stored, but its sender was not told"
                               for i, e in stored.items() if i not in created]

    # Every reply accepted, recorded once; one full response an enquiry at most.
    enquiries = {str(e.public_id): e for e in Enquiry.objects.filter(
        public_id__in={r["id"] for r in ledger["replies"]} | {c["id"] for c in ledger["conflicts"]}
        | {a["id"] for a in ledger["assigned"]} | seeded_ids).select_related("assigned_to__user")}
    messages = Counter((m.enquiry_id, m.kind, m.text) for m in EnquiryMessage.objects.filter(
        enquiry__in=[e.pk for e in enquiries.values()]))
    for r in ledger["replies"]:
        e = enquiries.get(r["id"])
        if e is None or messages[(e.pk, r["kind"], r["text"])] != 1:
            problems["lost"].append(f"{r['kind']} to {r['id']} by {r['officer']}: stored "
                                    f"{0 if e is None else messages[(e.pk, r['kind'], r['text'])]} times")
    responses = Counter(m.enquiry_id for m in EnquiryMessage.objects.filter(kind="response"))
    problems["duplicates"] += [f"enquiry {pk} has {n} full responses" for pk, n in responses.items() if n > 1]
    ledger_texts = {r["text"] for r in ledger["replies"]}
    problems["unledgered"] += [f"{m.kind} {m.text!r} stored, but its sender was not told" for m in
                               EnquiryMessage.objects.filter(sent_at__gte=start) if m.text not in ledger_texts]
    answered_by_ledger = {r["id"] for r in ledger["replies"] if r["kind"] == "response"}
    for a in ledger["assigned"]:
        e = enquiries[a["id"]]
        if e.assigned_to is None or e.assigned_to.user.username != a["officer"]:
            problems["lost"].append(f"assignment of {a['id']} to {a['officer']}: assigned to {e.assigned_to}")

    # 409s: expected only where another request of the ledger got there first.
    conflicts = {"expected": 0, "unexpected": 0}
    for c in ledger["conflicts"]:
        e = enquiries.get(c["id"])
        if c["action"] == "assign":
            fine = e is not None and e.assigned_to is not None and e.assigned_to.user.username == c["requested"]
        else:
            fine = e is not None and e.status == "answered" and c["id"] in answered_by_ledger
        conflicts["expected" if fine else "unexpected"] += 1
        if not fine:
            problems["unexpected 409"].append(f"{c['action']} of {c['id']} by {c['officer']}")

    # The sweep: every level due, once; none after the enquiry was answered or its target moved.
    windows = [tuple(w) for w in ledger["sweeps"]]
    plan = {p["deadline"]: p for p in ledger["plan"]}
    actions = list(DeadlineAction.objects.select_related("deadline", "recipient"))
    events = defaultdict(list)  # (enquiry pk, verb) -> [(sequence, occurred_at)]
    for target_id, verb, sequence, occurred_at in AuditEvent.objects.filter(
            target_type="enquiries.enquiry").values_list("target_id", "verb", "sequence", "occurred_at"):
        events[(int(target_id), verb)].append((sequence, occurred_at.timestamp()))
    stops = {}  # enquiry pk -> (sequence, occurred_at) of the answer or in-time holding reply that stopped its clock
    for (pk, verb), found in events.items():
        if verb in ("enquiry.answered", "enquiry.declined", "enquiry.holding_reply"):
            first = min(found)
            stops[pk] = min(stops.get(pk, first), first)
    recorded = {(a.deadline_id, a.level): a for a in actions}
    escalations = {"expected": 0, "recorded": len(actions), "raced": 0, "missing": 0, "duplicates": 0,
                   "after_answer": 0, "early": 0, "unplanned": 0, "by_level": Counter()}
    for a in actions:
        escalations["by_level"][a.level] += 1
        p = plan.get(a.deadline_id)
        item = a.deadline.item_id
        found = events.get((item, LEVEL_VERBS[a.level]), [])
        if len(found) != 1:
            escalations["duplicates"] += len(found) > 1
            problems["audit"].append(f"clock {a.deadline_id} level {a.level}: {len(found)} audit events")
        if p is None:
            escalations["unplanned"] += 1
            problems["unplanned"].append(f"clock {a.deadline_id} level {a.level} acted on, but nothing fell due")
            continue
        moment, acted = p["moments"][str(a.level)], a.acted_at.timestamp()
        early = acted < moment or (a.level == 0 and acted >= p["moments"]["1"])
        stop = stops.get(item)
        late = stop is not None and found and found[0][0] > stop[0]
        escalations["early"] += early
        escalations["after_answer"] += bool(late)
        if early:
            problems["early"].append(f"clock {a.deadline_id} level {a.level} at {acted:.3f}, due {moment:.3f}")
        if late:
            problems["after answer"].append(f"clock {a.deadline_id} level {a.level}: audit event {found[0][0]} after "
                                            f"the answer or holding reply ({stop[0]})")
    for deadline_id, p in plan.items():
        stop = stops.get(p["pk"])
        m = {int(k): v for k, v in p["moments"].items()}
        for level in (0, 1, 2):
            due = any((m[0] <= sent and finished < m[1]) if level == 0 else m[level] < sent
                      for sent, finished in windows if stop is None or stop[1] > finished)
            if due:
                escalations["expected"] += 1
                if (deadline_id, level) not in recorded:
                    escalations["missing"] += 1
                    problems["missing"].append(f"clock {deadline_id} level {level} (due {m[level]:.3f}) not acted on")
            elif (deadline_id, level) in recorded:
                escalations["raced"] += 1  # fell due around the answer or between sweeps: either way is right
    verbs = Counter(v for (pk, v), found in events.items() for _ in found if v.startswith("deadline."))
    if sum(verbs.values()) != len(actions):
        problems["audit"].append(f"{sum(verbs.values())} escalation audit events for {len(actions)} actions")

    # Emails: one for each action with someone to tell and each reply and assignment; all sent.
    notifications = list(Notification.objects.filter(created_at__gte=start - timedelta(hours=1))
                         .values_list("recipient_id", "reason", "content", "sent_at"))
    sent_for = Counter((r, reason, (c or {}).get("path")) for r, reason, c, _ in notifications)
    emails = {"written": len(notifications), "unsent": sum(1 for *_, s in notifications if s is None),
              "unsent_anywhere": Notification.objects.filter(sent_at__isnull=True).count()}
    for a in actions:
        key = (a.recipient.user_id if a.recipient else None, f"deadline.level_{a.level}", a.deadline.path)
        want = 1 if a.recipient else 0
        if sent_for[key] != want:
            problems["emails"].append(f"clock {a.deadline_id} level {a.level}: {sent_for[key]} emails, {want} expected")
    reasons = Counter(reason for _, reason, _, _ in notifications)
    replies = Counter(r["kind"] for r in ledger["replies"])
    for reason, want in (("enquiry.response", replies["response"]), ("enquiry.holding", replies["holding"]),
                         ("deadline.level_0", sum(1 for a in actions if a.level == 0 and a.recipient)),
                         ("deadline.level_1", sum(1 for a in actions if a.level == 1 and a.recipient)),
                         ("deadline.level_2", sum(1 for a in actions if a.level == 2 and a.recipient))):
        if reasons[reason] != want:
            problems["emails"].append(f"{reasons[reason]} emails {reason}, {want} expected")
    if emails["unsent_anywhere"]:
        problems["emails"].append(f"{emails['unsent_anywhere']} emails never sent")
    levels = Counter(Deadline.objects.filter(pk__in=list(plan)).values_list("escalation_level", flat=True))
    duplicates_in_db = DeadlineAction.objects.values("deadline", "level").annotate(n=Count("pk")).filter(n__gt=1).count()
    escalations["duplicates"] += duplicates_in_db
    escalations["by_level"] = dict(escalations["by_level"])
    print(json.dumps({"problems": problems, "conflicts": conflicts, "escalations": escalations, "emails": emails,
                      "stored_enquiries": len(stored), "replies_stored": sum(messages.values()),
                      "clock_levels": dict(levels)}, default=str))


if __name__ == "__main__":
    check(sys.argv[1])
