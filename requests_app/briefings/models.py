"""Officer briefings of party groups, the equal offer to every other group, and the group's record (BRF-*).

A briefing's *audience* is a political group, or a single member of no group (004 §8): every
member of that group, or that one member, is "the group" for visibility, offers and records.
"""
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class BriefingStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"
    DECLINED = "declined", "Declined by the officer"
    DELIVERED = "delivered", "Delivered"


AUDIENCE = Q(group__isnull=False, member__isnull=True) | Q(group__isnull=True, member__isnull=False)


class Briefing(models.Model):
    """A request for an officer's briefing on Council business (BRF-REQUEST), and what became of it."""

    # Opaque in URLs and the API, so briefings cannot be counted or walked by number.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The audience: a group, or one member of no group.
    group = models.ForeignKey("members.PoliticalGroup", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="briefings")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="own_briefings", help_text="The audience when it is a member of no group.")
    requested_by = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="briefings_requested")
    subject = models.CharField(max_length=200)
    question = models.TextField()
    department = models.ForeignKey("officers.Department", on_delete=models.PROTECT, related_name="briefings")
    requested_date = models.DateField()
    meeting = models.ForeignKey("members.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    non_council_attendees = models.BooleanField(default=False, help_text="BRF-NON-COUNCIL")
    council_business_declared = models.BooleanField(default=False,
                                                    help_text="BRF-SCOPE: Council business, not party business.")
    status = models.CharField(max_length=24, choices=BriefingStatus.choices, default=BriefingStatus.AWAITING_APPROVAL)
    approver = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="briefings_to_approve",
                                 help_text="BRF-APPROVE: the Chief Executive, or the department's Director.")
    decision_reason = models.TextField(blank=True, help_text="Why it was approved (BRF-NON-COUNCIL) or rejected.")
    decided_at = models.DateTimeField(null=True, blank=True)
    officer = models.ForeignKey("officers.Officer", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="briefings_assigned", help_text="BRF-SENIOR: a senior officer.")
    attending_officer = models.ForeignKey(
        "officers.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="briefings_attending",
        help_text="Who attends: the senior officer, or the officer they nominated (BRF-SENIOR).")
    nomination_reason = models.TextField(blank=True)
    declined_reason = models.TextField(blank=True, help_text="BRF-SCOPE: why the officer declined.")
    advice = models.TextField(blank=True, help_text="BRF-SAME-ADVICE: the advice given.")
    advice_differences = models.TextField(blank=True, help_text="How and why the advice differs from that given "
                                          "to the other groups on the same matter (BRF-SAME-ADVICE).")
    report = models.TextField(blank=True, help_text="A written report prepared for the group (BRF-NOTIFY).")
    delivered_at = models.DateTimeField(null=True, blank=True)
    # BRF-EQUAL: a briefing that came from accepting an equal offer points at the original.
    original = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="equivalents")
    deadline = models.OneToOneField("deadlines.Deadline", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="briefing")
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [
            models.Index(fields=["group", "-requested_at"], name="briefing_group_idx"),
            models.Index(fields=["member", "-requested_at"], name="briefing_member_idx"),
            models.Index(fields=["approver", "status"], name="briefing_approver_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=AUDIENCE, name="briefing_audience_group_or_member"),
            models.CheckConstraint(condition=Q(council_business_declared=True), name="briefing_council_business"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.audience_name})"

    @property
    def audience_name(self):
        return self.group.name if self.group_id else f"{self.member.user.name} (no group)"


class OfferStatus(models.TextChoices):
    OFFERED = "offered", "Offered"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class EqualOffer(models.Model):
    """The offer of an equivalent briefing to another group or member of no group (BRF-EQUAL)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="equal_offers")
    group = models.ForeignKey("members.PoliticalGroup", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="briefing_offers")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="briefing_offers")
    status = models.CharField(max_length=16, choices=OfferStatus.choices, default=OfferStatus.OFFERED)
    responded_by = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                                     related_name="+")
    responded_at = models.DateTimeField(null=True, blank=True)
    result = models.OneToOneField(Briefing, null=True, blank=True, on_delete=models.PROTECT, related_name="from_offer",
                                  help_text="The briefing an accepted offer became.")
    offered_at = models.DateTimeField()

    class Meta:
        ordering = ["group__name", "member__user__name"]
        constraints = [
            models.CheckConstraint(condition=AUDIENCE, name="offer_audience_group_or_member"),
            models.UniqueConstraint(fields=["briefing", "group"], condition=Q(group__isnull=False),
                                    name="one_offer_per_group"),
            models.UniqueConstraint(fields=["briefing", "member"], condition=Q(member__isnull=False),
                                    name="one_offer_per_member"),
        ]

    def __str__(self):
        return f"Offer of {self.briefing.subject} to {self.audience_name}"

    @property
    def audience_name(self):
        return self.group.name if self.group_id else f"{self.member.user.name} (no group)"


class BriefingNotice(models.Model):
    """What every other group is told after a briefing: that it happened and its subject (BRF-NOTIFY).

    Never the advice or the discussion. It has its own id, so a group can ask for the report
    without learning the briefing's.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    briefing = models.OneToOneField(Briefing, on_delete=models.PROTECT, related_name="notice")
    subject = models.CharField(max_length=200)
    audience_name = models.CharField(max_length=200)
    officer_name = models.CharField(max_length=200)
    has_report = models.BooleanField(default=False)
    held_on = models.DateField()
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["-held_on", "-created_at"]


class ReportCopy(models.Model):
    """A copy of a report given to another group on its request (BRF-NOTIFY, 003 ¶97)."""

    notice = models.ForeignKey(BriefingNotice, on_delete=models.PROTECT, related_name="copies")
    group = models.ForeignKey("members.PoliticalGroup", null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    member = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=AUDIENCE, name="report_copy_audience_group_or_member"),
            models.UniqueConstraint(fields=["notice", "group"], condition=Q(group__isnull=False),
                                    name="one_report_copy_per_group"),
            models.UniqueConstraint(fields=["notice", "member"], condition=Q(member__isnull=False),
                                    name="one_report_copy_per_member"),
        ]


class RecordStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    FINAL = "final", "Final"


class GroupRecord(models.Model):
    """The group's own written record of the briefing (BRF-CONFIDENTIAL): its members and the
    officers who attended see it, nobody else."""

    briefing = models.OneToOneField(Briefing, on_delete=models.PROTECT, related_name="record")
    notes = models.TextField()
    status = models.CharField(max_length=16, choices=RecordStatus.choices, default=RecordStatus.DRAFT)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField()


class AttributionStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting the officer"
    VERIFIED = "verified", "Verified by the officer"
    CORRECTED = "corrected", "Corrected by the officer"


class Attribution(models.Model):
    """A comment or piece of advice the record attributes to the officer (BRF-VERIFY)."""

    # The id in addresses: random, so an attribution's address tells nothing of the council's other records.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey(GroupRecord, on_delete=models.PROTECT, related_name="attributions")
    officer = models.ForeignKey("officers.Officer", on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    status = models.CharField(max_length=16, choices=AttributionStatus.choices, default=AttributionStatus.AWAITING)
    correction = models.TextField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField()

    class Meta:
        ordering = ["added_at", "pk"]

    @property
    def final_text(self):
        return self.correction if self.status == AttributionStatus.CORRECTED else self.text
