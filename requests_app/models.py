"""Council documents, and members' requests to see them."""
import uuid

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Classification(models.TextChoices):
    PUBLIC = "public", "Public"
    INTERNAL = "internal", "Internal"
    EXEMPT = "exempt", "Exempt (Part II)"
    CONFIDENTIAL = "confidential", "Confidential (statutory)"
    PARTY_GROUP = "party_group", "Party group internal"
    POLITICAL_ADVICE = "political_advice", "Political advice to a group"


GROUP_CLASSIFICATIONS = (Classification.PARTY_GROUP, Classification.POLITICAL_ADVICE)

# Schedule 12A Part 1 (England): the paragraphs that make information exempt.
EXEMPT_PARAGRAPHS = {
    1: "Information relating to any individual",
    2: "Information likely to reveal the identity of an individual",
    3: "Information relating to the financial or business affairs of any particular person "
    "(including the authority holding that information)",
    4: "Information relating to consultations or negotiations in connection with labour relations",
    5: "Information in respect of which a claim to legal professional privilege could be maintained",
    6: "Information which reveals that the authority proposes to give a notice, make an order or direction",
    7: "Information relating to the prevention, investigation or prosecution of crime",
}


class Document(models.Model):
    ref = models.CharField(max_length=64, unique=True)
    title = models.CharField(max_length=300)
    department = models.ForeignKey(
        "officers.Department",
        on_delete=models.PROTECT,
        related_name="documents",
        help_text="The holding department; its Head of Service determines need to know.",
    )
    body = models.ForeignKey(
        "members.Body", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    meeting = models.ForeignKey(
        "members.Meeting", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    classification = models.CharField(max_length=24, choices=Classification.choices)
    exempt_paragraphs = models.JSONField(default=list, blank=True)
    contract_terms = models.BooleanField(
        default=False, help_text="Paragraph 3 information about terms proposed in contract negotiations."
    )
    group = models.ForeignKey(
        "members.PoliticalGroup", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    personal_data = models.BooleanField(default=False)
    wards = models.ManyToManyField("members.Ward", blank=True, related_name="documents")
    summary = models.TextField(blank=True)
    body_text = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["ref"]
        indexes = [models.Index(fields=["classification", "group"], name="document_visibility_idx")]
        # ACC-*: a grant is this object permission, given and taken away only by the access actions.
        permissions = [("read_document", "Read the document's content")]
        constraints = [
            # The same invariants the importer reports as errors, kept by the database too.
            models.CheckConstraint(
                condition=~models.Q(classification__in=GROUP_CLASSIFICATIONS) | models.Q(group__isnull=False),
                name="group_documents_name_their_group",
            ),
        ]

    def __str__(self):
        return f"{self.ref}: {self.title}"


class DocumentUserObjectPermission(UserObjectPermissionBase):
    """Per-document grants (django-guardian, direct foreign key): one indexed join, not a generic one."""

    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


class DocumentGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Document, on_delete=models.CASCADE)


class AccessStatus(models.TextChoices):
    GRANTED = "granted", "Granted"
    REFUSED = "refused", "Refused"
    REFERRED = "referred", "Referred"
    DISPUTED = "disputed", "Disputed"


class AccessRequest(models.Model):
    """A member's request to see a document, and everything decided about it (ACC-*)."""

    # Opaque in URLs and the API, so requests cannot be counted or walked by number.
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="access_requests")
    member = models.ForeignKey("members.Member", on_delete=models.PROTECT, related_name="access_requests")
    justification = models.TextField(blank=True)
    on_behalf_of_constituent = models.BooleanField(default=False)
    declared_interest = models.BooleanField(default=False)
    scrutiny_reference = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=16, choices=AccessStatus.choices)
    rule_ids = models.JSONField(default=list)
    # The ACC rule that decided it at once (rule_ids[0]), stored for the statistics to group by.
    deciding_rule = models.CharField(max_length=32, blank=True)
    reasons = models.TextField(blank=True)
    flags = models.JSONField(default=list, blank=True)
    assigned_to = models.ForeignKey(
        "officers.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="access_requests_assigned"
    )
    due_at = models.DateTimeField(null=True, blank=True)
    # The running clock (determination, then a dispute): the sweep reminds and escalates on it.
    deadline = models.OneToOneField("deadlines.Deadline", null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="access_request")
    final = models.BooleanField(default=False)
    refused_by = models.ForeignKey(
        "officers.Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
        help_text="Who refused it (for ACC-MO-CONFLICT on a dispute); empty for an automatic refusal.",
    )
    dispute_grounds = models.TextField(blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["member", "-created_at"], name="access_request_member_idx"),
            models.Index(fields=["assigned_to", "status", "due_at"], name="access_request_queue_idx"),
        ]

    def __str__(self):
        return f"{self.member} asks to see {self.document.ref} ({self.status})"

    @property
    def is_open(self):
        return self.status in (AccessStatus.REFERRED, AccessStatus.DISPUTED)
