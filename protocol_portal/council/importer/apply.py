"""Apply a validated council file to the database: one transaction, bulk writes, one audit event."""
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.db import transaction

from complaints.models import DeclaredRelationship
from members.models import Body, BodyMembership, Meeting, Member, PoliticalGroup, Ward
from officers.models import Department, Directorate, Officer, StatutoryAppointment
from protocol_portal.audit.actions import record_event
from requests_app.models import Document

from ..models import Council, User

BATCH = 1000


@dataclass
class SectionTally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deactivated: int = 0

    @property
    def changed(self):
        return self.created + self.updated + self.deactivated


@dataclass
class ImportSummary:
    sections: dict = field(default_factory=lambda: defaultdict(SectionTally))

    @property
    def changed(self):
        return any(t.changed for t in self.sections.values())

    def as_data(self):
        return {name: vars(t) for name, t in self.sections.items()}


class _Applier:
    def __init__(self, plan, *, prune, demo_password, progress):
        self.plan = plan
        self.prune = prune
        self.summary = ImportSummary()
        self.progress = progress or (lambda section, done, total: None)
        # Keys of rows created, and of rows changed in place or in their link tables, per section.
        self.created = defaultdict(set)
        self.updated = defaultdict(set)
        self.password_hash = make_password(demo_password) if demo_password else None

    # --- generic upsert -------------------------------------------------------------------
    def sync(self, section, model, key_field, desired, *, never_prune=None):
        """Create, update or (with --prune) deactivate ``model`` rows to match ``desired``.

        ``desired`` maps each key to the row's field values (attnames, so foreign keys are ids).
        Returns every row in the file, keyed like ``desired``.
        """
        tally = self.summary.sections[section]
        existing = {getattr(row, key_field): row for row in model.objects.all()}
        to_create, to_update, changed_fields = [], [], set()
        total = len(desired)
        for done, (key, values) in enumerate(desired.items(), start=1):
            row = existing.get(key)
            if row is None:
                to_create.append(model(**{key_field: key}, **values))
            else:
                diff = [name for name, value in values.items() if getattr(row, name) != value]
                if diff:
                    for name in diff:
                        setattr(row, name, values[name])
                    to_update.append(row)
                    changed_fields.update(diff)
                    self.updated[section].add(key)
            if done % BATCH == 0:
                self.progress(section, done, total)
        model.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            model.objects.bulk_update(to_update, sorted(changed_fields), batch_size=BATCH)
        self.created[section].update(getattr(row, key_field) for row in to_create)
        self.progress(section, total, total)
        rows = {key: existing[key] for key in desired if key in existing}
        rows.update({getattr(row, key_field): row for row in to_create})
        if self.prune and hasattr(model, "is_active"):
            stale = [row for key, row in existing.items()
                     if key not in desired and row.is_active and not (never_prune and never_prune(row))]
            for row in stale:
                row.is_active = False
            model.objects.bulk_update(stale, ["is_active"], batch_size=BATCH)
            tally.deactivated += len(stale)
        return rows

    def finish_tally(self, section, total):
        tally = self.summary.sections[section]
        tally.created = len(self.created[section])
        tally.updated = len(self.updated[section] - self.created[section])
        tally.unchanged = total - tally.created - tally.updated

    def sync_links(self, through, left, right, desired_pairs):
        """Make the link rows of a many-to-many table equal ``desired_pairs``; return changed left ids."""
        existing = set(through.objects.values_list(f"{left}_id", f"{right}_id"))
        add = desired_pairs - existing
        remove = existing - desired_pairs
        through.objects.bulk_create([through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in add], batch_size=BATCH)
        if remove:
            by_left = defaultdict(list)
            for a, b in remove:
                by_left[a].append(b)
            for a, bs in by_left.items():
                through.objects.filter(**{f"{left}_id": a, f"{right}_id__in": bs}).delete()
        return {a for a, _ in add | remove}

    # --- the council, section by section --------------------------------------------------
    def run(self):
        p = self.plan
        groups = self.sync("groups", PoliticalGroup, "code",
                           {c: {"name": r["name"], "is_active": True} for c, r in p.groups.items()})
        wards = self.sync("wards", Ward, "code", {c: {"name": r["name"], "is_active": True} for c, r in p.wards.items()})
        directorates = self.sync("directorates", Directorate, "code",
                                 {c: {"name": r["name"], "is_active": True} for c, r in p.directorates.items()})
        departments = self.sync("departments", Department, "code", {
            c: {"name": r["name"], "directorate_id": directorates[r["directorate"]].pk, "is_active": True}
            for c, r in p.departments.items()
        })
        users = self.sync_users()
        self.release_moving_political_assistants(users, groups)
        officers = self.sync("officers", Officer, "user_id", {
            users[u].pk: {
                "post": r["post"], "grade": r["grade"],
                "department_id": departments[r["department"]].pk if r["department"] else None,
                "politically_restricted": r["politically_restricted"],
                "political_assistant_to_id": groups[r["political_assistant_to"]].pk if r["political_assistant_to"] else None,
                "is_active": True,
            } for u, r in p.officers.items()
        })
        officer_by_username = {u: officers[users[u].pk] for u in p.officers}
        self.link_management(officer_by_username, directorates, departments)
        self.sync_statutory_roles(officer_by_username)
        members = self.sync("members", Member, "user_id", {
            users[u].pk: {
                "kind": r["kind"], "group_id": groups[r["group"]].pk if r["group"] else None,
                "group_roles": r["group_roles"], "council_roles": r["council_roles"],
                "portfolio": r["portfolio"], "term_start": r["term_start"], "term_end": r["term_end"], "is_active": True,
            } for u, r in p.members.items()
        })
        member_by_username = {u: members[users[u].pk] for u in p.members}
        changed = self.sync_links(Member.wards.through, "member", "ward", {
            (member_by_username[u].pk, wards[w].pk) for u, r in p.members.items() for w in r["wards"]
        })
        self.updated["members"] |= {m.user_id for m in member_by_username.values() if m.pk in changed}
        bodies = self.sync_bodies(member_by_username)
        self.sync("meetings", Meeting, "ref", {
            ref: {"body_id": bodies[r["body"]].pk, "date": r["date"], "public": r["public"], "is_active": True}
            for ref, r in p.meetings.items()
        })
        self.sync_documents(departments, bodies, groups, wards)
        self.sync_relationships(users)
        self.sync_council(departments)
        for section, rows in [("groups", p.groups), ("wards", p.wards), ("directorates", p.directorates),
                              ("departments", p.departments), ("officers", p.officers), ("members", p.members),
                              ("bodies", p.bodies), ("meetings", p.meetings), ("documents", p.documents),
                              ("relationships", p.relationships), ("people", {**p.officers, **p.members})]:
            self.finish_tally(section, len(rows))
        return self.summary

    def sync_users(self):
        p = self.plan
        people = {**p.officers, **p.members}
        unusable = make_password(None)
        existing = {u.username: u for u in User.objects.all()}
        desired = {}
        for username, r in people.items():
            values = {"name": r["name"], "email": r["email"], "is_active": True}
            user = existing.get(username)
            if user is None:
                values["password"] = self.password_hash or unusable
            elif self.password_hash and not user.has_usable_password():
                values["password"] = self.password_hash
            desired[username] = values
        # The portal's own administrators are not council people: --prune leaves them be.
        return self.sync("people", User, "username", desired, never_prune=lambda user: user.is_staff or user.is_superuser)

    def release_moving_political_assistants(self, users, groups):
        """Free each group whose political assistant changes hands, before anyone takes it.

        A group has at most one assistant (a one-to-one column), so the old holder lets go first
        and the constraint holds at every step, as for statutory roles. An officer pruned from the
        file lets go too, so the group can be given to someone else.
        """
        wanted = {users[u].pk: groups[r["political_assistant_to"]].pk
                  for u, r in self.plan.officers.items() if r["political_assistant_to"]}
        holders = Officer.objects.filter(political_assistant_to__isnull=False).values_list(
            "pk", "user_id", "political_assistant_to_id")
        release = [(pk, user_id) for pk, user_id, group_id in holders if wanted.get(user_id) != group_id]
        if release:
            Officer.objects.filter(pk__in=[pk for pk, _ in release]).update(political_assistant_to=None)
            in_file = {users[u].pk for u in self.plan.officers}
            self.updated["officers"] |= {user_id for _, user_id in release if user_id in in_file}

    def link_management(self, officer_by_username, directorates, departments):
        p = self.plan
        to_update = []
        for username, r in p.officers.items():
            officer = officer_by_username[username]
            manager_id = officer_by_username[r["manager"]].pk if r["manager"] else None
            if officer.manager_id != manager_id:
                officer.manager_id = manager_id
                to_update.append(officer)
                self.updated["officers"].add(officer.user_id)
        Officer.objects.bulk_update(to_update, ["manager_id"], batch_size=BATCH)
        for section, model, rows, attr, plan_rows in [
            ("directorates", Directorate, directorates, "director", p.directorates),
            ("departments", Department, departments, "head", p.departments),
        ]:
            changed = []
            for code, r in plan_rows.items():
                target = officer_by_username[r[attr]].pk if r[attr] else None
                row = rows[code]
                if getattr(row, f"{attr}_id") != target:
                    setattr(row, f"{attr}_id", target)
                    changed.append(row)
                    self.updated[section].add(code)
            model.objects.bulk_update(changed, [f"{attr}_id"], batch_size=BATCH)

    def sync_statutory_roles(self, officer_by_username):
        user_id_of_officer = {o.pk: o.user_id for o in officer_by_username.values()}
        desired = {role: officer_by_username[u].pk for u, r in self.plan.officers.items() for role in r["statutory_roles"]}
        existing = {a.role: a.officer_id for a in StatutoryAppointment.objects.all()}
        moved = {role for role in desired.keys() | existing.keys() if desired.get(role) != existing.get(role)}
        # Delete before create: each role has one holder, and the constraint holds at every step.
        StatutoryAppointment.objects.filter(role__in=moved).delete()
        StatutoryAppointment.objects.bulk_create(
            [StatutoryAppointment(role=role, officer_id=desired[role]) for role in moved if role in desired]
        )
        for role in moved:
            for officer_id in (desired.get(role), existing.get(role)):
                if officer_id in user_id_of_officer:
                    self.updated["officers"].add(user_id_of_officer[officer_id])

    def sync_bodies(self, member_by_username):
        p = self.plan
        bodies = self.sync("bodies", Body, "code",
                           {c: {"name": r["name"], "kind": r["kind"], "is_active": True} for c, r in p.bodies.items()})
        changed = []
        for code, r in p.bodies.items():
            parent_id = bodies[r["parent"]].pk if r["parent"] else None
            if bodies[code].parent_id != parent_id:
                bodies[code].parent_id = parent_id
                changed.append(bodies[code])
                self.updated["bodies"].add(code)
        Body.objects.bulk_update(changed, ["parent_id"], batch_size=BATCH)
        desired = {(bodies[c].pk, member_by_username[m].pk): pos for c, r in p.bodies.items() for m, pos in r["seats"].items()}
        existing = {(s.body_id, s.member_id): s for s in BodyMembership.objects.all()}
        code_of = {b.pk: c for c, b in bodies.items()}
        remove = [s.pk for key, s in existing.items() if key not in desired]
        if remove:
            BodyMembership.objects.filter(pk__in=remove).delete()
        new, moved = [], []
        for key, position in desired.items():
            seat = existing.get(key)
            if seat is None:
                new.append(BodyMembership(body_id=key[0], member_id=key[1], position=position))
            elif seat.position != position:
                seat.position = position
                moved.append(seat)
        BodyMembership.objects.bulk_create(new, batch_size=BATCH)
        BodyMembership.objects.bulk_update(moved, ["position"], batch_size=BATCH)
        touched = {body_id for body_id, _ in existing.keys() - desired.keys()}
        touched |= {seat.body_id for seat in new + moved}
        self.updated["bodies"] |= {code_of[body_id] for body_id in touched if body_id in code_of}
        return bodies

    def sync_documents(self, departments, bodies, groups, wards):
        p = self.plan
        meetings = {m.ref: m.pk for m in Meeting.objects.only("pk", "ref")}
        documents = self.sync("documents", Document, "ref", {
            ref: {
                "title": r["title"], "department_id": departments[r["department"]].pk,
                "body_id": bodies[r["body"]].pk if r["body"] else None,
                "meeting_id": meetings[r["meeting"]] if r["meeting"] else None,
                "classification": r["classification"], "exempt_paragraphs": r["exempt_paragraphs"],
                "contract_terms": r["contract_terms"], "group_id": groups[r["group"]].pk if r["group"] else None,
                "personal_data": r["personal_data"], "summary": r["summary"], "body_text": r["body_text"],
                "is_active": True,
            } for ref, r in p.documents.items()
        })
        changed = self.sync_links(Document.wards.through, "document", "ward", {
            (documents[ref].pk, wards[w].pk) for ref, r in p.documents.items() for w in r["wards"]
        })
        self.updated["documents"] |= {ref for ref, d in documents.items() if d.pk in changed}

    def sync_relationships(self, users):
        desired = {}
        for (a, b), r in self.plan.relationships.items():
            first, second = sorted((users[a].pk, users[b].pk))
            desired[(first, second)] = {"kind": r["kind"], "is_active": True}
        existing = {(rel.person_a_id, rel.person_b_id): rel for rel in DeclaredRelationship.objects.all()}
        tally = self.summary.sections["relationships"]
        for key, values in desired.items():
            rel = existing.get(key)
            if rel is None:
                DeclaredRelationship.objects.create(person_a_id=key[0], person_b_id=key[1], **values)
                self.created["relationships"].add(key)
            elif rel.kind != values["kind"] or not rel.is_active:
                rel.kind, rel.is_active = values["kind"], True
                rel.save(update_fields=["kind", "is_active"])
                self.updated["relationships"].add(key)
        if self.prune:
            for key, rel in existing.items():
                # Relationships people declared in the portal are theirs to withdraw, not the file's.
                if key not in desired and rel.is_active and rel.declared_by_id is None:
                    rel.is_active = False
                    rel.save(update_fields=["is_active"])
                    tally.deactivated += 1

    def sync_council(self, departments):
        values = dict(self.plan.council)
        code = values.pop("democratic_services")
        values["democratic_services_id"] = departments[code].pk if code else None
        council = Council.objects.first()
        tally = self.summary.sections["council"]
        if council is None:
            Council.objects.create(**values)
            tally.created = 1
        elif any(getattr(council, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(council, k, v)
            council.save()
            tally.updated = 1
        else:
            tally.unchanged = 1


def apply_council_plan(plan, *, prune=False, demo_password=None, dry_run=False, source="", progress=None):
    """Bring the database into line with ``plan`` in one transaction and return what changed.

    With ``dry_run`` everything is done and then rolled back, so the summary is exactly what a
    real run would do. A run that changes anything records one ``council.imported`` event.
    """
    with transaction.atomic():
        summary = _Applier(plan, prune=prune, demo_password=demo_password, progress=progress).run()
        if dry_run:
            transaction.set_rollback(True)
        elif summary.changed:
            record_event(
                acting_user=None,
                verb="council.imported",
                target_type="council.council",
                target_id=Council.objects.values_list("pk", flat=True).first() or "",
                data={"source": source, "pruned": prune, "sections": summary.as_data()},
            )
    return summary
