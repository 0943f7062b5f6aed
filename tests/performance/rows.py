"""The rows behind every page in ``pages.PAGES``: ``Rows.grow(n)`` adds ``n`` of every kind, each visible to the
person who views the page that lists it.

They are written in bulk inserts rather than through the actions one by one: 10,000 enquiries through
``enquiry_create`` would take minutes, and the counts must come from the same rows at every size. They are
shaped as the actions leave them (clocks, handlers, copies, offers, notices, grants, escalations, and audit
events appended with ``record_events``, so the chain stays valid), in every state each list shows, so that the
smallest size already has one of each and only the number of rows changes.
"""
from datetime import timedelta

from .pages import (
    BRIEFER,
    CHIEF_EXECUTIVE,
    COPIED,
    DECLARER,
    DIRECTOR,
    HEAD,
    MEMBER,
    MONITORING_OFFICER,
    NOMINEE,
    OFFICER,
    OTHER_LEADER,
    RESOURCES_DIRECTOR,
    SUBJECT,
)

ENQUIRY_STATES = ("open", "holding", "answered", "declined", "late", "triage")


class Rows:
    """The rows behind every page in PAGES, grown ``n`` of each kind at a time.

    ``ids`` fills the pages' URLs: the document, request, enquiry, briefing and complaint whose pages
    list children (events, replies, attributions) that grow with every call too.
    """

    def __init__(self):
        self.total = 0
        self.ids = {}
        self._made = 0  # numbers refs and usernames across calls

    def grow(self, n, *, now=None):
        """Add ``n`` of every kind of row, in one transaction; return self."""
        from django.db import transaction
        from django.utils import timezone

        now = now or timezone.now()
        with transaction.atomic():
            self._people = _People()
            self._events = []
            if not self.ids:
                self._long_items(now)
            documents = self._documents(n)
            self._access_requests(documents, now)
            self._enquiries(n, now)
            self._briefings(n, now)
            self._complaints(n, now)
            self._relationships_and_grants(n, now)
            self._children_of_long_items(n, now)
            self._append_events(now)
            _reset_sequences()
        self.total += n
        self._made += n
        return self

    # Each kind ---------------------------------------------------------------------------------------

    def _event(self, actor, verb, target_type, target_id, rule_ids=(), data=None):
        """Queue an audit event; ``_append_events`` appends them all to the chain at the end."""
        self._events.append({"acting_user": self._people.user(actor), "verb": verb, "target_type": target_type,
                             "target_id": target_id, "rule_ids": rule_ids, "data": data or {}})

    def _append_events(self, now):
        from protocol_portal.audit.actions import record_events

        for start in range(0, len(self._events), 5000):
            record_events(self._events[start:start + 5000], now=now)

    def _documents(self, n):
        """Documents in Environment of every classification the member and officer may know of."""
        from requests_app.models import Document

        p = self._people
        shapes = [{"classification": "public", "body": p.cabinet, "meeting": p.meeting},
                  {"classification": "internal"},
                  {"classification": "exempt", "exempt_paragraphs": [3], "body": p.cabinet, "meeting": p.meeting},
                  {"classification": "confidential", "personal_data": True},
                  {"classification": "party_group", "group": p.group("CON")}]
        documents = [Document(pk=pk, ref=f"QC-{self._made + i:06d}", title=f"Report {self._made + i}",
                              department=p.department("ENV"), summary="For the query count.",
                              body_text="Paragraph one.\n\nParagraph two.", **shapes[i % len(shapes)])
                     for i, pk in enumerate(_next_ids(Document, n))]
        return Document.objects.bulk_create(documents, batch_size=1000)

    def _access_requests(self, documents, now):
        """The member's requests: granted (with the grant), refused, referred to the Head of Service and
        disputed with the Monitoring Officer (late, escalated); one request per document."""
        from django.contrib.auth.models import Permission

        from protocol_portal.deadlines.models import Clock, Deadline, DeadlineAction
        from requests_app.models import AccessRequest, DocumentUserObjectPermission

        p = self._people
        read = Permission.objects.get(codename="read_document", content_type__app_label="requests_app")
        member, head, mo = p.member(MEMBER), p.officer(HEAD), p.officer(MONITORING_OFFICER)
        requests, clocks, actions, grants = [], [], [], []
        deadline_ids = iter(_next_ids(Deadline, len(documents)))
        for i, (pk, document) in enumerate(zip(_next_ids(AccessRequest, len(documents)), documents)):
            state = ("granted", "refused", "referred", "disputed")[i % 4]
            request = AccessRequest(pk=pk, document=document, member=member, status=state,
                                    justification="I am the ward member and residents raised this.",
                                    rule_ids=[{"granted": "ACC-BODY", "refused": "ACC-CONFIDENTIAL"}.get(
                                        state, "ACC-NEED-TO-KNOW")], deciding_rule="ACC-BODY",
                                    reasons="Decided under the access rules.", created_at=now - timedelta(minutes=i),
                                    updated_at=now)
            if state != "disputed":
                self._event(MEMBER, f"access_request.{state}", "requests_app.accessrequest", pk, request.rule_ids,
                            {"document": document.ref, "member": MEMBER, "status": state})
            if state == "granted":
                grants.append(DocumentUserObjectPermission(user=p.user(MEMBER), permission=read,
                                                           content_object=document))
            if state in ("referred", "disputed"):
                late = state == "disputed"
                clock = _clock(next(deadline_ids), Clock.ACCESS_DISPUTE if late else Clock.ACCESS_DETERMINATION,
                               "requests_app.accessrequest", pk, f"Request to see {document.ref}",
                               f"/requests/{request.public_id}/", p.department("LEGAL" if late else "ENV"),
                               p.user(MEMBER), mo if late else head, now, late=late)
                clocks.append(clock)
                request.deadline_id, request.due_at = clock.pk, clock.target_at
                request.assigned_to = mo if late else head
            if state == "disputed":
                request.refused_by, request.dispute_grounds = head, "It is about fly-tipping in my ward."
                request.rule_ids = ["ACC-NEED-TO-KNOW", "ACC-DETERMINE", "ACC-DISPUTE"]
                actions.append(DeadlineAction(deadline_id=clock.pk, level=1, recipient=p.officer(RESOURCES_DIRECTOR),
                                              acted_at=now))
                self._event(HEAD, "access_request.determined_refused", "requests_app.accessrequest", pk,
                            ["ACC-DETERMINE"], {"document": document.ref, "status": "refused"})
            requests.append(request)
        Deadline.objects.bulk_create(clocks, batch_size=1000)
        AccessRequest.objects.bulk_create(requests, batch_size=1000)
        DeadlineAction.objects.bulk_create(actions, batch_size=1000)
        DocumentUserObjectPermission.objects.bulk_create(grants, batch_size=1000)
        # AUD-VIEW: the member reads each document granted to them (the audit search's "reads").
        for request in requests:
            if request.status == "granted":
                self._event(MEMBER, "document.viewed", "requests_app.document", request.document.pk,
                            ["AUD-VIEW", "ACC-USE"], {"ref": request.document.ref,
                                                       "classification": request.document.classification})

    def _enquiries(self, n, now):
        """The member's enquiries to Environment: open and confidential, for a constituent with a holding reply
        copied to another member, answered, declined, late and escalated to the Director, and sent to no
        department for Democratic Services to route."""
        from protocol_portal.deadlines.models import Clock, Deadline, DeadlineAction
        from requests_app.enquiries.models import Enquiry, EnquiryMessage, MessageCopy

        p = self._people
        enquiries, clocks, actions, messages, copies = [], [], [], [], []
        message_ids = iter(_next_ids(EnquiryMessage, n))
        for i, (pk, deadline_id) in enumerate(zip(_next_ids(Enquiry, n), _next_ids(Deadline, n))):
            state = ENQUIRY_STATES[i % len(ENQUIRY_STATES)]
            triage, late, replied = state == "triage", state == "late", state in ("holding", "answered", "declined")
            enquiry = Enquiry(pk=pk, member=p.member(MEMBER), subject=f"Potholes on Mill Lane {self._made + i}",
                              question="When will the potholes on Mill Lane be repaired?",
                              department=p.department("LEGAL" if triage else "ENV"), via_democratic_services=triage,
                              status={"late": "open", "triage": "open"}.get(state, state),
                              confidential=state == "open", assigned_to=None if triage else p.officer(OFFICER),
                              deadline_id=deadline_id,
                              received_at=now - timedelta(days=20 if late else 1, minutes=i), updated_at=now)
            if state == "holding":  # ENQ-ON-BEHALF
                enquiry.on_behalf_name, enquiry.on_behalf_ward, enquiry.on_behalf_consent = "Ann Smith", p.ward, True
                enquiry.on_behalf_basis = "ward"
            clock = _clock(deadline_id, Clock.ENQUIRY_RESPONSE, "enquiries.enquiry", pk,
                           f"Enquiry from {p.user(MEMBER).name}: {enquiry.subject}", f"/enquiries/{enquiry.public_id}/",
                           enquiry.department, p.user(MEMBER), enquiry.assigned_to, enquiry.received_at, late=late)
            if replied:
                kind = {"holding": "holding", "answered": "response", "declined": "decline"}[state]
                message = EnquiryMessage(pk=next(message_ids), enquiry_id=pk, author=p.user(OFFICER), kind=kind,
                                         text="Looking into it." if state == "holding" else "Repaired on Friday.",
                                         in_time=True if state == "holding" else None,
                                         revised_date=now.date() + timedelta(days=20) if state == "holding" else None,
                                         decline_rule="ENQ-DECLINE" if state == "declined" else "", sent_at=now)
                messages.append(message)
                copies.append(MessageCopy(message_id=message.pk, member=p.member(COPIED), reason="copy"))
            if state in ("answered", "declined"):
                enquiry.answered_at, enquiry.response_working_days, enquiry.answered_in_time = now, 1, True
                clock.closed_at = now
            if late:
                clock.escalation_level = 1
                actions.append(DeadlineAction(deadline_id=deadline_id, level=1, recipient=p.officer(DIRECTOR),
                                              acted_at=now))
            # Its latest event only: every list reads an item's events in one query, however many it has.
            verb = {"open": "assigned", "holding": "holding_reply", "late": "assigned", "triage": "received"}.get(state,
                                                                                                                state)
            actor = MEMBER if triage else HEAD if state in ("open", "late") else OFFICER
            self._event(actor, f"enquiry.{verb}", "enquiries.enquiry", pk, ["ENQ-DUE"],
                        {"member": MEMBER, "status": enquiry.status, "department": enquiry.department.code})
            clocks.append(clock)
            enquiries.append(enquiry)
        Deadline.objects.bulk_create(clocks, batch_size=1000)
        Enquiry.objects.bulk_create(enquiries, batch_size=1000)
        EnquiryMessage.objects.bulk_create(messages, batch_size=1000)
        MessageCopy.objects.bulk_create(copies, batch_size=1000)
        DeadlineAction.objects.bulk_create(actions, batch_size=1000)

    def _briefings(self, n, now):
        """Another group's briefings, given, offered to the member's group (offered, declined, or accepted, which
        made it the member's group's own briefing) and to every other audience, with the notice of each; and the
        member's group's briefings in every state, offered to every other audience once approved."""
        from protocol_portal.deadlines.models import Clock, Deadline
        from requests_app.briefings.models import (
            Briefing,
            BriefingNotice,
            EqualOffer,
            ReportCopy,
        )

        p = self._people
        others = {"CON": ("LAB", "LD", "GRN", "cllr.nolan"), "LAB": ("CON", "LD", "GRN", "cllr.nolan")}
        briefings, clocks, offers, notices, copies = [], [], [], [], []
        ids, deadline_ids = iter(_next_ids(Briefing, 3 * n)), iter(_next_ids(Deadline, 3 * n))
        notice_ids = iter(_next_ids(BriefingNotice, 2 * n))

        def briefing(i, group, asker, state, original=None):
            pk, deadline_id = next(ids), next(deadline_ids)
            going_ahead = state in ("approved", "delivered")
            made = Briefing(
                pk=pk, group=p.group(group), requested_by=p.member(asker), subject=f"The draft local plan {i}",
                question="What does the draft local plan mean for housing numbers?", department=p.department("PLAN"),
                requested_date=now.date() + timedelta(days=14), council_business_declared=True, status=state,
                approver=p.officer(CHIEF_EXECUTIVE), decided_at=None if state == "awaiting_approval" else now,
                decision_reason="Not Council business." if state == "rejected" else "",
                officer=p.officer(BRIEFER) if going_ahead else None,
                attending_officer=p.officer(BRIEFER) if going_ahead else None, original=original,
                advice="Housing numbers rise to 9,000." if state == "delivered" else "",
                report="The plan in brief." if state == "delivered" else "",
                delivered_at=now if state == "delivered" else None, deadline_id=deadline_id,
                requested_at=now - timedelta(minutes=i), updated_at=now)
            if state == "approved" and original is None:  # BRF-SENIOR: the officer sends someone in their place
                made.attending_officer, made.nomination_reason = p.officer(NOMINEE), "I am at Planning Committee."
            clock = _clock(deadline_id, Clock.BRIEFING_APPROVAL, "briefings.briefing", pk,
                           f"Briefing for {p.group(group).name}: {made.subject}", f"/briefings/{made.public_id}/",
                           made.department, p.user(asker), made.approver, made.requested_at)
            clock.closed_at = None if state == "awaiting_approval" else now
            clocks.append(clock)
            briefings.append(made)
            self._event({"awaiting_approval": asker, "delivered": BRIEFER}.get(state, CHIEF_EXECUTIVE),
                        f"briefing.{'requested' if state == 'awaiting_approval' else state}", "briefings.briefing",
                        pk, ["BRF-APPROVE"], {"audience": group, "status": state, "officer": BRIEFER})
            if going_ahead and original is None:  # BRF-EQUAL
                for audience in others[group]:
                    member = audience.startswith("cllr.")
                    offer = EqualOffer(briefing_id=pk, offered_at=now, member=p.member(audience) if member else None,
                                       group=None if member else p.group(audience))
                    offers.append(offer)
                    if audience == "CON" and i % 3:
                        offer.responded_by, offer.responded_at = p.member(MEMBER), now
                        offer.status = ("offered", "declined", "accepted")[i % 3]
                        if offer.status == "accepted":
                            offer.result_id = briefing(i, "CON", MEMBER, "approved", original=made).pk
            if state == "delivered":  # BRF-NOTIFY
                notice = BriefingNotice(pk=next(notice_ids), briefing_id=pk, subject=made.subject,
                                        audience_name=p.group(group).name, officer_name="Hema Patel, Head of Planning",
                                        has_report=True, held_on=now.date(), created_at=now - timedelta(minutes=i))
                notices.append(notice)
                if group == "LAB" and i % 2:
                    copies.append(ReportCopy(notice_id=notice.pk, group=p.group("CON"), requested_by=p.user(MEMBER),
                                             requested_at=now))
            return made

        for i in range(n):
            briefing(i, "LAB", OTHER_LEADER, "delivered")
            briefing(i, "CON", MEMBER, ("awaiting_approval", "approved", "delivered", "rejected")[i % 4])
        Deadline.objects.bulk_create(clocks, batch_size=1000)
        # The originals first: an accepted offer's briefing points at the one offered.
        Briefing.objects.bulk_create(sorted(briefings, key=lambda b: b.original is not None), batch_size=1000)
        EqualOffer.objects.bulk_create(offers, batch_size=1000)
        BriefingNotice.objects.bulk_create(notices, batch_size=1000)
        ReportCopy.objects.bulk_create(copies, batch_size=1000)

    def _complaints(self, n, now):
        """The member's complaints about an officer, routed up his management line: received, acknowledged,
        assessed and told to him, closed, and passed to the Standards Committee."""
        from complaints.models import Complaint, ComplaintHandler
        from protocol_portal.deadlines.models import Clock, Deadline

        p = self._people
        route = p.complaint_route
        complaints, handlers, clocks = [], [], []
        deadline_ids = iter(_next_ids(Deadline, 2 * n))
        for i, pk in enumerate(_next_ids(Complaint, n)):
            state = ("received", "acknowledged", "assessed", "closed", "standards")[i % 5]
            complaint = Complaint(
                pk=pk, complainant=p.user(MEMBER), complainant_kind="member", subject=p.user(SUBJECT),
                subject_kind="officer", category=("conduct", "service", "protocol")[i % 3], formal=bool(i % 2),
                details="Rude at a site visit.", status=state, route=route,
                route_position=len(route) - 1 if state == "standards" else 0,
                handler=None if state == "standards" else p.user(BRIEFER),
                acknowledged_at=None if state == "received" else now,
                assessment="Worth looking into." if state in ("assessed", "closed") else "",
                assessed_at=now if state in ("assessed", "closed") else None,
                subject_notified_at=now if state in ("assessed", "closed") else None,
                outcome="resolved" if state == "closed" else "",
                outcome_reasons="Apologised." if state == "closed" else "",
                decided_at=now if state == "closed" else None, received_at=now - timedelta(minutes=i), updated_at=now)
            for clock_name, days, attribute in ((Clock.COMPLAINT_ACKNOWLEDGEMENT, 7, "acknowledgement_deadline_id"),
                                                (Clock.COMPLAINT_ASSESSMENT, 28, "assessment_deadline_id")):
                clock = _clock(next(deadline_ids), clock_name, "complaints.complaint", pk, f"Complaint {pk}",
                               f"/complaints/{complaint.public_id}/", p.department("PLAN"), p.user(MEMBER),
                               p.officer(BRIEFER), complaint.received_at, days=days)
                clock.closed_at = None if state == "received" else now
                setattr(complaint, attribute, clock.pk)
                clocks.append(clock)
            complaints.append(complaint)
            handlers.append(ComplaintHandler(complaint_id=pk, user=p.user(BRIEFER), since=now))
            self._event(MEMBER if state == "received" else BRIEFER,
                        "complaint.raised" if state == "received" else f"complaint.{state}", "complaints.complaint", pk,
                        ["CMP-ROUTE-OFFICER", "CMP-TIMES", "CMP-PRIVACY"],
                        {"status": state, "handler": BRIEFER, "about": SUBJECT})
        Deadline.objects.bulk_create(clocks, batch_size=1000)
        Complaint.objects.bulk_create(complaints, batch_size=1000)
        ComplaintHandler.objects.bulk_create(handlers, batch_size=1000)

    def _relationships_and_grants(self, n, now):
        """A member's declared relationships with ``n`` new people (half withdrawn), and the Monitoring Officer's
        authorisations of the same people to see the oversight pages (half withdrawn)."""
        from complaints.models import DeclaredRelationship
        from protocol_portal.council.models import User
        from protocol_portal.oversight.models import OversightAccess

        p = self._people
        people = User.objects.bulk_create(
            [User(pk=pk, username=f"qc.person.{self._made + i}", name=f"Person {self._made + i}", password="!")
             for i, pk in enumerate(_next_ids(User, n))], batch_size=1000)
        declarer, mo = p.user(DECLARER), p.user(MONITORING_OFFICER)
        DeclaredRelationship.objects.bulk_create(
            [DeclaredRelationship(person_a=declarer, person_b=person, kind=("family", "personal", "business")[i % 3],
                                  is_active=i % 2 == 0, declared_by=declarer, declared_at=now,
                                  withdrawn_at=None if i % 2 == 0 else now)
             for i, person in enumerate(people)], batch_size=1000)
        OversightAccess.objects.bulk_create(
            [OversightAccess(user=person, granted_by=mo, granted_at=now - timedelta(minutes=i),
                             revoked_at=now if i % 2 else None) for i, person in enumerate(people)], batch_size=1000)

    # Pages whose children grow --------------------------------------------------------------------------

    def _long_items(self, now):
        """Create, once, the request, enquiry, briefing and complaint whose pages list children that grow."""
        from complaints.models import Complaint, ComplaintHandler
        from protocol_portal.deadlines.models import Clock, Deadline
        from requests_app.briefings.models import Briefing, GroupRecord
        from requests_app.enquiries.models import Enquiry
        from requests_app.models import AccessRequest, Document

        p = self._people
        ids = iter(_next_ids(Deadline, 5))
        document = Document.objects.get(ref="DOC-0003")
        request = AccessRequest(pk=_next_ids(AccessRequest, 1)[0], document=document, member=p.member(MEMBER),
                                status="referred", rule_ids=["ACC-NEED-TO-KNOW"], deciding_rule="ACC-NEED-TO-KNOW",
                                justification="I am the ward member.", assigned_to=p.officer(HEAD), created_at=now,
                                updated_at=now)
        clock = _clock(next(ids), Clock.ACCESS_DETERMINATION, "requests_app.accessrequest", request.pk,
                       f"Request to see {document.ref}", f"/requests/{request.public_id}/", p.department("ENV"),
                       p.user(MEMBER), p.officer(HEAD), now)
        request.deadline_id, request.due_at = clock.pk, clock.target_at
        enquiry = Enquiry(pk=_next_ids(Enquiry, 1)[0], member=p.member(MEMBER), subject="Bins in West Ward",
                          question="Why are bins left unemptied?", department=p.department("ENV"), status="holding",
                          assigned_to=p.officer(OFFICER), received_at=now, updated_at=now)
        enquiry_clock = _clock(next(ids), Clock.ENQUIRY_RESPONSE, "enquiries.enquiry", enquiry.pk, "Enquiry",
                               f"/enquiries/{enquiry.public_id}/", p.department("ENV"), p.user(MEMBER),
                               p.officer(OFFICER), now)
        enquiry.deadline_id = enquiry_clock.pk
        briefing = Briefing(pk=_next_ids(Briefing, 1)[0], group=p.group("CON"), requested_by=p.member(MEMBER),
                            subject="Waste strategy", question="What are the options?", department=p.department("PLAN"),
                            requested_date=now.date(), council_business_declared=True, status="delivered",
                            approver=p.officer(CHIEF_EXECUTIVE), officer=p.officer(BRIEFER),
                            attending_officer=p.officer(BRIEFER), advice="Three options.", delivered_at=now,
                            decided_at=now, requested_at=now, updated_at=now)
        complaint = Complaint(pk=_next_ids(Complaint, 1)[0], complainant=p.user(MEMBER), complainant_kind="member",
                              subject=p.user(SUBJECT), subject_kind="officer", category="conduct",
                              details="Ignored my emails.", route=p.complaint_route, handler=p.user(BRIEFER),
                              received_at=now, updated_at=now)
        Deadline.objects.bulk_create([clock, enquiry_clock])
        AccessRequest.objects.bulk_create([request])
        Enquiry.objects.bulk_create([enquiry])
        Briefing.objects.bulk_create([briefing])
        Complaint.objects.bulk_create([complaint])
        ComplaintHandler.objects.create(complaint=complaint, user=p.user(BRIEFER), since=now)
        GroupRecord.objects.create(briefing=briefing, notes="What we heard.", written_by=p.user(MEMBER), updated_at=now)
        self.ids = {"document": document.ref, "request": request.public_id, "enquiry": enquiry.public_id,
                    "briefing": briefing.public_id, "complaint": complaint.public_id,
                    "_pks": (request.pk, enquiry.pk, briefing.pk, complaint.pk)}

    def _children_of_long_items(self, n, now):
        """Add ``n`` events to each long item, ``n`` holding replies (copied) to the enquiry and ``n`` attributions
        to the briefing's record."""
        from requests_app.briefings.models import Attribution, GroupRecord
        from requests_app.enquiries.models import EnquiryMessage, MessageCopy

        p = self._people
        request, enquiry, briefing, complaint = self.ids["_pks"]
        messages = EnquiryMessage.objects.bulk_create(
            [EnquiryMessage(pk=pk, enquiry_id=enquiry, kind="holding", author=p.user(OFFICER), text="Still looking.",
                            in_time=True, sent_at=now - timedelta(minutes=n - i))
             for i, pk in enumerate(_next_ids(EnquiryMessage, n))], batch_size=1000)
        MessageCopy.objects.bulk_create([MessageCopy(message=m, member=p.member(COPIED), reason="copy")
                                         for m in messages], batch_size=1000)
        record = GroupRecord.objects.get(briefing_id=briefing)
        Attribution.objects.bulk_create(
            [Attribution(record=record, officer=p.officer(BRIEFER), text=f"Said {i}.", added_at=now,
                         status=("awaiting", "verified", "corrected")[i % 3],
                         correction="What was said." if i % 3 == 2 else "") for i in range(n)], batch_size=1000)
        for i in range(n):
            verb = ("access_request.referred_to_monitoring_officer", "access_request.reasons_sent_to_scrutiny")[i % 2]
            self._event(HEAD, verb, "requests_app.accessrequest", request, ["ACC-DETERMINE"], {"document": "DOC-0003"})
            self._event(OFFICER, "enquiry.holding_reply", "enquiries.enquiry", enquiry, ["ENQ-HOLDING"],
                        {"copies": [COPIED]})
            self._event(BRIEFER, "briefing.attribution_verified", "briefings.briefing", briefing, ["BRF-VERIFY"],
                        {"audience": "CON", "status": "delivered", "officer": BRIEFER})
            self._event(BRIEFER, ("complaint.acknowledged", "complaint.assessed")[i % 2], "complaints.complaint",
                        complaint, ["CMP-TIMES"])


class _People:
    """Riverside's people and records the rows point at, each read once."""

    def __init__(self):
        from complaints.actions import route_facts
        from complaints.policy import complaint_route
        from members.models import Body, Meeting, Member, PoliticalGroup, Ward
        from officers.models import Department, Officer
        from protocol_portal.council.models import User

        self._users = {u.username: u for u in User.objects.filter(username__contains=".").exclude(
            username__startswith="qc.person.")}
        self._members = {m.user.username: m for m in Member.objects.select_related("user")}
        self._officers = {o.user.username: o for o in Officer.objects.select_related("user")}
        self._departments = {d.code: d for d in Department.objects.all()}
        self._groups = {g.code: g for g in PoliticalGroup.objects.all()}
        self.cabinet = Body.objects.get(code="CABINET")
        self.meeting = Meeting.objects.get(ref="MTG-CAB-2026-12-09")
        self.ward = Ward.objects.get(code="SOUTH")  # the member's ward
        self.complaint_route = [step.as_dict() for step in complaint_route(route_facts(
            self._users[MEMBER], self._users[SUBJECT]))]

    def user(self, username):
        return None if username is None else self._users[username]

    def member(self, username):
        return self._members[username]

    def officer(self, username):
        return self._officers[username]

    def department(self, code):
        return self._departments[code]

    def group(self, code):
        return self._groups[code]


def _clock(pk, clock, item_type, item_id, title, path, department, member_user, assignee, started, *, late=False,
           days=14):
    """Return an unsaved clock as ``deadline_start`` leaves it: due ``days`` after ``started``, or overdue
    (and escalated once) if ``late``."""
    from protocol_portal.deadlines.models import Deadline

    target = started + timedelta(days=days)
    return Deadline(pk=pk, clock=clock, item_type=item_type, item_id=item_id, title=title[:300], path=path,
                    department=department, member_user=member_user, assignee=assignee, started_at=started,
                    due_at=target, target_at=target, remind_at=target - timedelta(days=2),
                    second_at=target + timedelta(days=7), escalation_level=1 if late else 0)


def _next_ids(model, n):
    """Return ``n`` primary keys after the highest in ``model``'s table, so rows can point at each other before
    they are inserted (a clock names its item, the item its clock)."""
    from django.db.models import Max

    first = (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1
    return list(range(first, first + n))


def _reset_sequences():
    """Move PostgreSQL's id sequences past the ids given explicitly (SQLite's AUTOINCREMENT follows by itself)."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    labels = ("requests_app.Document", "requests_app.AccessRequest", "deadlines.Deadline", "enquiries.Enquiry",
              "enquiries.EnquiryMessage", "briefings.Briefing", "briefings.BriefingNotice", "complaints.Complaint",
              "council.User")
    statements = connection.ops.sequence_reset_sql(no_style(), [apps.get_model(label) for label in labels])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
