"""The sign-in account and the council's own settings."""
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class CodedRecord(models.Model):
    """A council record named by a short ``code`` in the council file: a group, ward, body, etc."""

    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=200)
    # Deactivated by ``import_council --prune``, never deleted: history still points at it.
    is_active = models.BooleanField(default=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self):
        return self.name


class User(AbstractUser):
    """One sign-in account per person, member or officer, named by ``username``."""

    name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["username"]

    def __str__(self):
        return self.name or self.username


class Nation(models.TextChoices):
    ENGLAND = "england", "England"
    WALES = "wales", "Wales"


class BankHolidays(models.TextChoices):
    # WD-WORKING: the council's nation's bank holidays.
    ENGLAND_AND_WALES = "england-and-wales", "England and Wales"
    SCOTLAND = "scotland", "Scotland"
    NORTHERN_IRELAND = "northern-ireland", "Northern Ireland"


class DayKind(models.TextChoices):
    WORKING = "working", "Working days"
    CALENDAR = "calendar", "Calendar days"


class BriefingApprover(models.TextChoices):
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    CHIEF_OFFICER = "chief_officer", "Director of the directorate concerned"


def _days(default):
    return models.PositiveSmallIntegerField(default=default, validators=[MinValueValidator(1), MaxValueValidator(366)])


class Council(models.Model):
    """The one council this portal serves, with the settings councils differ on (RULES.md)."""

    # Exactly one row: the constraint makes a second one impossible, not merely unlikely.
    singleton = models.BooleanField(default=True, editable=False)
    name = models.CharField(max_length=200)
    nation = models.CharField(max_length=16, choices=Nation.choices, default=Nation.ENGLAND)
    bank_holidays = models.CharField(
        max_length=24, choices=BankHolidays.choices, default=BankHolidays.ENGLAND_AND_WALES
    )
    closure_days = models.JSONField(default=list, blank=True, help_text="ISO dates the council is closed.")
    enquiry_response_days = _days(10)
    enquiry_day_kind = models.CharField(max_length=16, choices=DayKind.choices, default=DayKind.WORKING)
    reminder_days_before = _days(2)
    second_escalation_days = _days(5)
    complaint_ack_days = _days(5)
    complaint_assess_days = _days(20)
    briefing_approver = models.CharField(
        max_length=24, choices=BriefingApprover.choices, default=BriefingApprover.CHIEF_EXECUTIVE
    )
    democratic_services = models.ForeignKey(
        "officers.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clear_days_exclude_non_working = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["singleton"], name="council_is_a_singleton"),
            models.CheckConstraint(condition=models.Q(singleton=True), name="council_singleton_true"),
        ]

    def __str__(self):
        return self.name
