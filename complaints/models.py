"""Declared relationships between members and officers (REL-DECLARE)."""
from django.conf import settings
from django.db import models


class RelationshipKind(models.TextChoices):
    FAMILY = "family", "Family"
    PERSONAL = "personal", "Close personal"
    BUSINESS = "business", "Business"


class DeclaredRelationship(models.Model):
    """A close relationship two people have declared (REL-DECLARE); REL-CONFLICT reads it."""

    # Stored in a fixed order (lower user id first) so a pair has exactly one row.
    person_a = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    person_b = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16, choices=RelationshipKind.choices)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["person_a__username", "person_b__username"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_declaration_per_pair"),
            models.CheckConstraint(condition=models.Q(person_a__lt=models.F("person_b")), name="pair_in_order"),
        ]

    def __str__(self):
        return f"{self.person_a} and {self.person_b} ({self.get_kind_display()})"
