"""Stored deadlines and the ledger of what the sweep has done about them (ENQ-REMIND, ENQ-ESCALATE).

Every clock in the portal (an enquiry's full response, a request's determination, a dispute, and
later a complaint's stages) is one ``Deadline`` row holding its stored target and the moments the
sweep acts at. The sweep is then one set-based query per level over one table, and the unique
(deadline, level) constraint on ``DeadlineAction`` makes every reminder and escalation happen once,
however often, concurrently or late the sweep runs.
"""
from django.conf import settings
from django.db import models
from django.db.models import Q


class Clock(models.TextChoices):
    ENQUIRY_RESPONSE = "enquiry.response", "Full response to a member's enquiry"
    ACCESS_DETERMINATION = "access_request.determination", "Decision on a request to see a document"
    ACCESS_DISPUTE = "access_request.dispute", "Decision on a disputed refusal"
    BRIEFING_APPROVAL = "briefing.approval", "Decision on a party group's request for a briefing"
    COMPLAINT_ACKNOWLEDGEMENT = "complaint.acknowledgement", "Acknowledgement of a complaint"
    COMPLAINT_ASSESSMENT = "complaint.assessment", "Initial assessment of a complaint"


class Level(models.IntegerChoices):
    REMINDER = 0, "Reminder to the officer"          # ENQ-REMIND
    DIRECTOR = 1, "Escalated to the Director"         # ENQ-ESCALATE level 1 (002 §31.15)
    CHIEF_EXECUTIVE = 2, "Escalated to the Chief Executive"  # ENQ-ESCALATE level 2 (000 §11.1)


class Deadline(models.Model):
    clock = models.CharField(max_length=40, choices=Clock.choices)
    # The thing the clock runs for, by model label and primary key: one table serves every kind.
    item_type = models.CharField(max_length=64)
    item_id = models.PositiveBigIntegerField()
    title = models.CharField(max_length=300, help_text="What notifications call the item.")
    path = models.CharField(max_length=300, help_text="The item's page, for links in notifications.")
    department = models.ForeignKey(
        "officers.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Whose Director is told at level 1.")
    member_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="The member the item concerns: nobody related to them is told (REL-CONFLICT).")
    assignee = models.ForeignKey(
        "officers.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who is reminded (ENQ-REMIND).")
    started_at = models.DateTimeField()
    due_at = models.DateTimeField(help_text="The target when the clock started (ENQ-DUE, WD-COUNT); never moved.")
    target_at = models.DateTimeField(help_text="The current target; moved only by a holding reply in time (ENQ-HOLDING).")
    remind_at = models.DateTimeField()
    second_at = models.DateTimeField(help_text="When level 2 is due if there is still no full response.")
    escalation_level = models.PositiveSmallIntegerField(default=0)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["target_at"]
        constraints = [
            models.UniqueConstraint(fields=["clock", "item_type", "item_id"], name="one_clock_per_item"),
            models.CheckConstraint(condition=Q(escalation_level__lte=2), name="deadline_level_0_to_2"),
        ]
        indexes = [
            # Partial indexes over open clocks only: the sweep never reads the closed millions.
            models.Index(fields=["remind_at"], name="deadline_remind_idx",
                         condition=Q(closed_at__isnull=True, escalation_level=0)),
            models.Index(fields=["target_at"], name="deadline_escalate_idx",
                         condition=Q(closed_at__isnull=True, escalation_level=0)),
            models.Index(fields=["second_at"], name="deadline_second_idx",
                         condition=Q(closed_at__isnull=True, escalation_level=1)),
            models.Index(fields=["item_type", "item_id"], name="deadline_item_idx"),
            # The Monitoring Officer's dashboard: open clocks by target, whatever their level (issue 7).
            models.Index(fields=["target_at"], name="deadline_open_target_idx", condition=Q(closed_at__isnull=True)),
        ]

    def __str__(self):
        return f"{self.get_clock_display()}: {self.title}"

    @property
    def is_open(self):
        return self.closed_at is None


class DeadlineAction(models.Model):
    """One reminder or escalation the sweep has done: at most one per deadline and level."""

    deadline = models.ForeignKey(Deadline, on_delete=models.PROTECT, related_name="actions")
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    recipient = models.ForeignKey(
        "officers.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who was told; empty only if the council has nobody in that role.")
    acted_at = models.DateTimeField()

    class Meta:
        ordering = ["deadline", "level"]
        constraints = [
            # ENQ-ESCALATE: "each level happens once per enquiry, however often the check runs or retries".
            models.UniqueConstraint(fields=["deadline", "level"], name="one_action_per_deadline_level"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} for {self.deadline}"
