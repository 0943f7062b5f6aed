"""manage.py seed_demo_activity: give the demo council enquiries and briefings in every state, through the real actions."""
from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from complaints import actions as complaint_actions
from protocol_portal.council.models import User
from protocol_portal.council.selectors import council_calendar
from protocol_portal.council.working_days import LONDON, working_days_before
from protocol_portal.deadlines.sweep import run_sweep
from requests_app import actions as access_actions
from requests_app.briefings import actions as briefing_actions
from requests_app.briefings.models import Briefing, EqualOffer
from requests_app.enquiries import actions
from requests_app.enquiries.models import Enquiry


class Command(BaseCommand):
    help = ("Add demo enquiries to the Harbourside demo council: overdue and escalated, due soon, waiting for "
            "Democratic Services, and answered after a holding reply; and party-group briefings: one given, with an "
            "equal offer accepted, and one awaiting approval. Does nothing if there are enquiries already.")

    def handle(self, *args, **options):
        if Enquiry.objects.exists() or Briefing.objects.exists():
            self.stdout.write("The council has enquiries already; no demo enquiries added.")
            return
        users = {u.username: u for u in User.objects.filter(username__in=[
            "cllr.pryce", "cllr.yeo", "cllr.thorne", "cllr.mcbride", "n.bhattacharya", "l.ashworth",
            "t.whitlock", "z.mahmood", "j.adeyemi", "o.treharne", "cllr.harrington", "a.fairweather",
            "e.hollingworth", "k.sorensen", "cllr.mistry"])}
        if len(users) < 15:
            raise CommandError("seed_demo_activity needs the Harbourside demo council (make demo imports it).")
        now = timezone.now()
        calendar = council_calendar()

        def days_ago(working_days):
            day = working_days_before(calendar, timezone.localdate(now), working_days)
            return datetime.combine(day, time(10, 0), tzinfo=LONDON)

        # Emails from the past are not news: the demo keeps them out of the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            overdue = actions.enquiry_create(
                acting_user=users["cllr.pryce"], subject="Overflowing bins on Fore Street", department="ENV",
                question="Residents report the bins on Fore Street have not been emptied for three weeks. When will "
                         "they be, and why were collections missed?", now=days_ago(13))
            actions.enquiry_assign(acting_user=users["n.bhattacharya"], enquiry=overdue, officer="l.ashworth",
                                   now=days_ago(12))
            soon = actions.enquiry_create(
                acting_user=users["cllr.yeo"], subject="Enforcement at the old sail loft", department="PLAN",
                question="Is there an enforcement case open on the sail loft extension on Quay Street?",
                now=days_ago(8))
            actions.enquiry_assign(acting_user=users["t.whitlock"], enquiry=soon, officer="z.mahmood", now=days_ago(8))
            actions.enquiry_create(
                acting_user=users["cllr.thorne"], subject="Who maintains the harbour steps?", department=None,
                question="The steps down to the slipway are crumbling. Which department looks after them?",
                now=now - timedelta(hours=2))
            answered = actions.enquiry_create(
                acting_user=users["cllr.mcbride"], subject="Temporary accommodation numbers", department="HOUS",
                question="How many households are in temporary accommodation, and how many are families with "
                         "children?", on_behalf_of=None, now=days_ago(14))
            actions.enquiry_assign(acting_user=users["j.adeyemi"], enquiry=answered, officer="o.treharne",
                                   now=days_ago(14))
            answered = Enquiry.objects.get(pk=answered.pk)
            actions.enquiry_holding_reply(
                acting_user=users["o.treharne"], enquiry=answered,
                reasons="The quarterly return to government is being finalised; the figures will be confirmed then.",
                revised_date=timezone.localdate(days_ago(2)), now=days_ago(5))
            actions.enquiry_respond(
                acting_user=users["o.treharne"], enquiry=Enquiry.objects.get(pk=answered.pk),
                text="At the end of the quarter 212 households were in temporary accommodation, 148 of them "
                     "families with children.", now=days_ago(3))
            self._briefings(users, days_ago, now)
            self._complaints(users, days_ago, now)
            self._dispute(users, days_ago)
            result = run_sweep(now=now)
        self.stdout.write(f"Added 4 demo enquiries, 3 briefings, 2 complaints and a disputed refusal; the sweep sent {result.escalations.reminders} "
                          f"reminder(s) and {result.escalations.directors} escalation(s) to a Director.")

    def _briefings(self, users, days_ago, now):
        """A Conservative briefing given, with Labour's acceptance of the equal offer, and a Green request
        waiting for the Chief Executive (BRF-*)."""
        given = briefing_actions.briefing_request(
            acting_user=users["cllr.harrington"], subject="The harbour regeneration masterplan", department="PLAN",
            question="What are the options for the north quay in the draft masterplan, and what do they cost?",
            requested_date=timezone.localdate(days_ago(5)), now=days_ago(9))
        given = briefing_actions.briefing_approve(acting_user=users["a.fairweather"], briefing=given,
                                                  officer="t.whitlock", now=days_ago(8))
        offer = EqualOffer.objects.get(briefing=given, group__code="LAB")
        briefing_actions.offer_respond(acting_user=users["cllr.mcbride"], offer=offer, accept=True, now=days_ago(7))
        briefing_actions.briefing_deliver(
            acting_user=users["t.whitlock"], briefing=given,
            advice="Three options for the north quay: mixed use (£48m), marine industry (£31m), or leisure (£22m). "
                   "Officers will recommend mixed use to Cabinet in March.",
            report="Briefing note: north quay options, costs and the timetable to Cabinet.", now=days_ago(5))
        briefing_actions.briefing_request(
            acting_user=users["cllr.thorne"], subject="Coastal flood defences at Saltmarsh", department="PORT",
            question="What does the Environment Agency's new flood map mean for the Saltmarsh defences?",
            non_council_attendees=False, requested_date=timezone.localdate(now) + timedelta(days=14),
            now=now - timedelta(hours=3))


    def _complaints(self, users, days_ago, now):
        """A member's complaint about an officer, acknowledged by the Head of Service; an officer's complaint
        about a member with the Monitoring Officer, under investigation (CMP-*)."""
        about_officer = complaint_actions.complaint_raise(
            acting_user=users["cllr.pryce"], about="l.ashworth", category="service",
            details="Residents' reports of missed bin collections on Fore Street were closed without anyone visiting.",
            now=days_ago(6))
        complaint_actions.complaint_acknowledge(acting_user=users["n.bhattacharya"], complaint=about_officer,
                                                note="I will look at how the reports were closed.", now=days_ago(4))
        about_member = complaint_actions.complaint_raise(
            acting_user=users["z.mahmood"], about="cllr.yeo", category="bullying", formal=True,
            details="At the site visit to the sail loft the councillor shouted at me in front of residents and "
                    "said I would lose my job.", now=days_ago(3))
        complaint_actions.complaint_assess(
            acting_user=users["e.hollingworth"], complaint=about_member,
            assessment="An allegation of bullying of an officer by a member, under the Members' Code.", now=days_ago(2))
        complaint_actions.complaint_outcome(
            acting_user=users["e.hollingworth"], complaint=about_member, outcome="investigation",
            reasons="The allegation is serious and witnesses need to be heard.", now=days_ago(1))

    def _dispute(self, users, days_ago):
        """A request to see the leisure centre options referred (ACC-NEED-TO-KNOW), refused by the Head of
        Service and disputed: it waits for the Monitoring Officer (ACC-DISPUTE)."""
        from requests_app.models import Document

        document = Document.objects.get(ref="HDC-007")
        request = access_actions.access_request_create(
            acting_user=users["cllr.mistry"], document=document, now=days_ago(7),
            justification="Residents in my ward have asked me whether the leisure centre will close.")
        if request.status != "referred":
            raise CommandError(f"The demo expected HDC-007 to be referred on Cllr Mistry's need to know; it was "
                               f"{request.status}.")
        access_actions.access_request_determine(
            acting_user=users["k.sorensen"], access_request=request, decision="refuse", now=days_ago(5),
            reasons="The options are an officer working draft; they go to Cabinet in the spring.")
        access_actions.access_request_dispute(
            acting_user=users["cllr.mistry"], access_request=request, now=days_ago(4),
            grounds="Closure would affect my ward directly, and residents are asking now.")
