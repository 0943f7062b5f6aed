"""Declared relationships between members and officers (REL-DECLARE), and complaints between them (CMP-*)."""
import uuid

from django.conf import settings
from django.db import models


class RelationshipKind(models.TextChoices):
    FAMILY = "family", "Family"
    PERSONAL = "personal", "Close personal"
    BUSINESS = "business", "Business"


class DeclaredRelationship(models.Model):
    """A close relationship two people have declared (REL-DECLARE); REL-CONFLICT reads it."""

    # Stored in a fixed order (lower user id first) so a pair has exactly one row.
    # The id in addresses: random, so one relationship's address tells nothing of how many others exist.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=RelationshipKind.choices)
    is_active = models.BooleanField(default=True)
    # Empty for a relationship from the council file; the person who declared it in the portal
    # otherwise (an import with --prune leaves those alone).
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    declared_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["person_a__username", "person_b__username"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_declaration_per_pair"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")), name="pair_in_order"),
        ]

    def __str__(self):
        return f"{self.person_a} and {self.person_b} ({self.get_kind_display()})"


class Category(models.TextChoices):
    CONDUCT = "conduct", "Conduct"
    PROTOCOL = "protocol", "Breach of the Member/Officer Protocol"
    BULLYING = "bullying", "Bullying or harassment"  # CMP-BULLYING: a category of its own
    SERVICE = "service", "Service"


class PersonKind(models.TextChoices):
    MEMBER = "member", "Member"
    OFFICER = "officer", "Officer"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "Received: awaiting acknowledgement"
    ACKNOWLEDGED = "acknowledged", "Acknowledged: awaiting initial assessment"
    ASSESSED = "assessed", "Assessed: being dealt with"
    INVESTIGATING = "investigating", "Under investigation"
    STANDARDS = "standards", "Referred to the Standards Committee"
    CLOSED = "closed", "Closed"


OPEN_COMPLAINT_STATUSES = (ComplaintStatus.RECEIVED, ComplaintStatus.ACKNOWLEDGED, ComplaintStatus.ASSESSED,
                           ComplaintStatus.INVESTIGATING, ComplaintStatus.STANDARDS)


class Outcome(models.TextChoices):
    # CMP-OUTCOMES: the Monitoring Officer's outcomes for a complaint about a member. Suspension is
    # not among them: the law gives no such sanction (Localism Act 2011).
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    INFORMAL_RESOLUTION = "informal_resolution", "Informal resolution"
    GROUP_LEADER = "group_leader", "Informal resolution: referred to the member's group leader"
    INVESTIGATION = "investigation", "Investigation"
    STANDARDS_REFERRAL = "standards_referral", "Referral to the Standards Committee"
    # A complaint about an officer is dealt with under the council's own procedures (001 §10.1).
    RESOLVED = "resolved", "Resolved by the handler"
    UPHELD = "upheld", "Upheld: dealt with under the council's procedures"
    NOT_UPHELD = "not_upheld", "Not upheld"


class Finding(models.TextChoices):
    """The decision on an investigated allegation about a member (CMP-OUTCOMES)."""

    BREACH = "breach", "The member breached the Code of Conduct"
    NO_BREACH = "no_breach", "No breach of the Code of Conduct"


class Complaint(models.Model):
    """A complaint between a member and an officer, or about a member, routed by the council data (CMP-*)."""

    # Opaque in URLs and the API: complaints cannot be counted or walked by number.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    complainant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_made")
    complainant_kind = models.CharField(max_length=8, choices=PersonKind.choices)
    subject = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="complaints_about")
    subject_kind = models.CharField(max_length=8, choices=PersonKind.choices)
    category = models.CharField(max_length=16, choices=Category.choices)
    formal = models.BooleanField(default=False)
    details = models.TextField()
    status = models.CharField(max_length=16, choices=ComplaintStatus.choices, default=ComplaintStatus.RECEIVED)
    # The route as computed when it was raised (CMP-ROUTE-*, CMP-ARBITRATE), shown to the complainant:
    # [{"step", "username", "name", "role", "skipped"}], and how far up it the complaint has gone.
    route = models.JSONField(default=list)
    route_position = models.PositiveSmallIntegerField(default=0)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="complaints_handling",
                                help_text="Empty once it is with the Standards Committee.")
    acknowledgement_deadline = models.OneToOneField("deadlines.Deadline", null=True, blank=True,
                                                    on_delete=models.PROTECT, related_name="+")
    assessment_deadline = models.OneToOneField("deadlines.Deadline", null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    assessment = models.TextField(blank=True)
    assessed_at = models.DateTimeField(null=True, blank=True)
    subject_notified_at = models.DateTimeField(null=True, blank=True, help_text="CMP-PRIVACY")
    outcome = models.CharField(max_length=24, choices=Outcome.choices, blank=True)
    outcome_reasons = models.TextField(blank=True)
    independent_person = models.ForeignKey("members.Member", null=True, blank=True, on_delete=models.PROTECT,
                                           related_name="+")
    independent_person_views = models.TextField(blank=True, help_text="Localism Act 2011 s.28(7)")
    independent_person_views_at = models.DateTimeField(null=True, blank=True)
    finding = models.CharField(max_length=16, choices=Finding.choices, blank=True)
    decision_reasons = models.TextField(blank=True, help_text="Why the investigated allegation was decided so.")
    decided_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["complainant", "-received_at"], name="complaint_complainant_idx"),
            models.Index(fields=["handler", "status"], name="complaint_handler_idx"),
            models.Index(fields=["subject", "-received_at"], name="complaint_subject_idx"),
            # The lists, newest first: without it the API list joined all 3,030 of a county's complaints
            # before sorting (24-38 ms; 1.1 ms with it; issue 8, benchmarks/load.py).
            models.Index(fields=["-received_at", "-id"], name="complaint_newest_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~models.Q(complainant=models.F("subject")),
                                   name="complaint_not_about_self"),
        ]

    def __str__(self):
        return f"Complaint about {self.subject} ({self.get_category_display()})"

    @property
    def is_open(self):
        return self.status in OPEN_COMPLAINT_STATUSES


class HandlerRole(models.TextChoices):
    HANDLER = "handler", "Handled it"
    INFORMED = "informed", "Told of it (chair of the employment committee)"


class ComplaintHandler(models.Model):
    """Everyone who handles or handled a complaint, or was told of it by rule: CMP-PRIVACY reads this."""

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="handlers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=HandlerRole.choices, default=HandlerRole.HANDLER)
    since = models.DateTimeField()

    class Meta:
        ordering = ["since", "pk"]
        constraints = [models.UniqueConstraint(fields=["complaint", "user"], name="one_handler_row_per_person")]
