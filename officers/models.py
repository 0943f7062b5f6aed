"""Officers and the management structure the protocol routes work through."""
from django.conf import settings
from django.db import models

from protocol_portal.council.models import CodedRecord


class Directorate(CodedRecord):
    director = models.ForeignKey(
        "Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="directorates_led"
    )


class Department(CodedRecord):
    directorate = models.ForeignKey(Directorate, on_delete=models.PROTECT, related_name="departments")
    head = models.ForeignKey(
        "Officer", null=True, blank=True, on_delete=models.PROTECT, related_name="departments_headed"
    )


class Grade(models.TextChoices):
    # Ordered from most to least senior; GRADE_RANK below gives the order to policies.
    CHIEF_EXECUTIVE = "chief_executive", "Chief Executive"
    DIRECTOR = "director", "Director"
    HEAD_OF_SERVICE = "head_of_service", "Head of Service"
    SERVICE_MANAGER = "service_manager", "Service manager"
    OFFICER = "officer", "Officer"


GRADE_RANK = {
    Grade.CHIEF_EXECUTIVE: 5,
    Grade.DIRECTOR: 4,
    Grade.HEAD_OF_SERVICE: 3,
    Grade.SERVICE_MANAGER: 2,
    Grade.OFFICER: 1,
}


class StatutoryRole(models.TextChoices):
    HEAD_OF_PAID_SERVICE = "head_of_paid_service", "Head of Paid Service"
    MONITORING_OFFICER = "monitoring_officer", "Monitoring Officer"
    DEPUTY_MONITORING_OFFICER = "deputy_monitoring_officer", "Deputy Monitoring Officer"
    CHIEF_FINANCE_OFFICER = "chief_finance_officer", "Chief Finance Officer (s.151)"


class Officer(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="officer")
    post = models.CharField(max_length=200)
    grade = models.CharField(max_length=24, choices=Grade.choices)
    department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="officers"
    )
    manager = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    politically_restricted = models.BooleanField(default=False)
    political_assistant_to = models.OneToOneField(
        "members.PoliticalGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="political_assistant",
        help_text="At most one political assistant per group.",
    )
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__username"]

    def __str__(self):
        return f"{self.user} ({self.post})"

    @property
    def username(self):
        return self.user.username


class StatutoryAppointment(models.Model):
    """An officer's statutory role: a row each, so "who is the Monitoring Officer" is one query."""

    officer = models.ForeignKey(Officer, on_delete=models.CASCADE, related_name="statutory_appointments")
    role = models.CharField(max_length=32, choices=StatutoryRole.choices)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["role"], name="one_holder_per_statutory_role")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.officer.user}"
