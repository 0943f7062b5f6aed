"""manage.py seed_demo_activity: give the demo council some enquiries in every state, through the real actions."""
from datetime import datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.test.utils import override_settings
from django.utils import timezone

from protocol_portal.council.models import User
from protocol_portal.council.selectors import council_calendar
from protocol_portal.council.working_days import LONDON, working_days_before
from protocol_portal.deadlines.sweep import run_sweep
from requests_app.enquiries import actions
from requests_app.enquiries.models import Enquiry


class Command(BaseCommand):
    help = ("Add demo enquiries to the Harbourside demo council: overdue and escalated, due soon, waiting for "
            "Democratic Services, and answered after a holding reply. Does nothing if there are enquiries already.")

    def handle(self, *args, **options):
        if Enquiry.objects.exists():
            self.stdout.write("The council has enquiries already; no demo enquiries added.")
            return
        users = {u.username: u for u in User.objects.filter(username__in=[
            "cllr.pryce", "cllr.yeo", "cllr.thorne", "cllr.mcbride", "n.bhattacharya", "l.ashworth",
            "t.whitlock", "z.mahmood", "j.adeyemi", "o.treharne"])}
        if len(users) < 10:
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
            result = run_sweep(now=now)
        self.stdout.write(f"Added 4 demo enquiries; the sweep sent {result.escalations.reminders} reminder(s) and "
                          f"{result.escalations.directors} escalation(s) to a Director.")
