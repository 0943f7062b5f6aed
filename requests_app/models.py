"""Council documents: what members ask to see."""
from django.db import models


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
        constraints = [
            # The same invariants the importer reports as errors, kept by the database too.
            models.CheckConstraint(
                condition=~models.Q(classification__in=GROUP_CLASSIFICATIONS) | models.Q(group__isnull=False),
                name="group_documents_name_their_group",
            ),
        ]

    def __str__(self):
        return f"{self.ref}: {self.title}"
