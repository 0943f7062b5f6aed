"""Members' enquiries to officers, and the correspondence on them (ENQ-*, COR-*)."""
import uuid

from django.conf import settings
from django.db import models


class EnquiryStatus(models.TextChoices):
    OPEN = "open", "Open"
    HOLDING = "holding", "Holding reply sent"
    ANSWERED = "answered", "Answered"
    DECLINED = "declined", "Declined"


OPEN_STATUSES = (EnquiryStatus.OPEN, EnquiryStatus.HOLDING)


class OnBehalfBasis(models.TextChoices):
    WARD = "ward", "A constituent in the member's ward"
    COUNCIL_ROLE = "council_role", "A role the Council gave the member"


class Enquiry(models.Model):
    """A member's question to a department (ENQ-DUE); its clock is a stored ``Deadline``."""

    # Opaque in URLs and the API, so enquiries cannot be counted or walked by number.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="enquiries")
    subject = models.CharField(max_length=200)
    question = models.TextField()
    department = models.ForeignKey(
        "officers.Department", on_delete=models.PROTECT, related_name="enquiries",
        help_text="The department answering; Democratic Services until it is routed (ENQ-TRIAGE).")
    via_democratic_services = models.BooleanField(
        default=False, help_text="Sent to no department, so Democratic Services routes it (ENQ-TRIAGE).")
    confidential = models.BooleanField(default=False, help_text="ENQ-CONFIDENTIAL: kept from other members.")
    # ENQ-ON-BEHALF: the constituent, their consent and why the member may act for them.
    on_behalf_name = models.CharField(max_length=200, blank=True)
    on_behalf_ward = models.ForeignKey("members.Ward", null=True, blank=True, on_delete=models.PROTECT,
                                       related_name="+")
    on_behalf_consent = models.BooleanField(default=False)
    on_behalf_basis = models.CharField(max_length=16, choices=OnBehalfBasis.choices, blank=True)
    status = models.CharField(max_length=16, choices=EnquiryStatus.choices, default=EnquiryStatus.OPEN)
    assigned_to = models.ForeignKey("officers.Officer", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="enquiries_assigned")
    # Set in the transaction that receives the enquiry (the clock names the enquiry, so it comes second).
    deadline = models.OneToOneField("deadlines.Deadline", null=True, on_delete=models.PROTECT, related_name="enquiry")
    guidance_sought_at = models.DateTimeField(null=True, blank=True,
                                              help_text="ENQ-RESOURCES: Chief Officer guidance sought.")
    received_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    # Stored when it is answered, so the Monitoring Officer's statistics are aggregates in the database.
    response_working_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Working days from receipt to the full response (WD-COUNT).")
    answered_in_time = models.BooleanField(null=True, blank=True,
                                           help_text="Answered by its target, moved only by a holding reply in time.")
    updated_at = models.DateTimeField()
    # The key of the form (or the API's Idempotency-Key) that sent it: the same form sent twice, by a double
    # click or a retry on a poor connection, finds this enquiry instead of making a second (issue 9).
    submission_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-received_at"]
        verbose_name_plural = "enquiries"
        indexes = [
            models.Index(fields=["member", "-received_at"], name="enquiry_member_idx"),
            models.Index(fields=["department", "status"], name="enquiry_department_idx"),
            models.Index(fields=["assigned_to", "status"], name="enquiry_assignee_idx"),
            # The API list, newest first: read from the top instead of sorting every enquiry the officer
            # may see (all 100,000 for Democratic Services; issue 8, benchmarks/visibility.py).
            models.Index(fields=["-received_at", "-id"], name="enquiry_newest_idx"),
            # The open enquiries escalated to an officer (the queue page's banner, ENQ-ESCALATE): the open
            # ones' clocks, a seventh of the table, instead of a scan of every enquiry.
            models.Index(fields=["deadline"], condition=models.Q(status__in=OPEN_STATUSES),
                         name="enquiry_open_deadline_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(on_behalf_name="") | models.Q(on_behalf_consent=True),
                name="on_behalf_enquiries_record_consent"),
            models.UniqueConstraint(fields=["member", "submission_key"], name="one_enquiry_per_submission"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.member})"

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def on_behalf(self):
        return bool(self.on_behalf_name)


class MessageKind(models.TextChoices):
    HOLDING = "holding", "Holding reply"
    RESPONSE = "response", "Full response"
    DECLINE = "decline", "Declined"


class EnquiryMessage(models.Model):
    """A reply to the member: holding (ENQ-HOLDING), full (ENQ-DUE) or a decline (ENQ-DECLINE)."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=16, choices=MessageKind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    revised_date = models.DateField(null=True, blank=True, help_text="A holding reply's revised date.")
    in_time = models.BooleanField(null=True, blank=True,
                                  help_text="A holding reply sent before the target passed (ENQ-HOLDING).")
    decline_rule = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField()

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.enquiry}"


class CopyReason(models.TextChoices):
    COPY = "copy", "Copied at the officer's choice, as the member was told (COR-COPY)"
    CONCERNS = "concerns", "It contains information about them (COR-CONCERNS)"


class MessageCopy(models.Model):
    """A member a message was copied to; every recipient sees every other (COR-NO-BLIND)."""

    message = models.ForeignKey(EnquiryMessage, on_delete=models.PROTECT, related_name="copies")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="enquiry_copies")
    reason = models.CharField(max_length=16, choices=CopyReason.choices)

    class Meta:
        ordering = ["member__user__name"]
        constraints = [models.UniqueConstraint(fields=["message", "member"], name="one_copy_per_member")]
