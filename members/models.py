"""Members and the political structure they work in: groups, wards, bodies and meetings."""
from django.conf import settings
from django.db import models

from protocol_portal.council.models import CodedRecord


class PoliticalGroup(CodedRecord):
    pass


class Ward(CodedRecord):
    pass


class MemberKind(models.TextChoices):
    ELECTED = "elected", "Elected member"
    CO_OPTED = "co_opted", "Co-opted member"
    INDEPENDENT_PERSON = "independent_person", "Independent Person"


class GroupRole(models.TextChoices):
    LEADER = "leader", "Group leader"
    DEPUTY_LEADER = "deputy_leader", "Deputy group leader"
    SPOKESPERSON = "spokesperson", "Spokesperson"


class CouncilRole(models.TextChoices):
    LEADER_OF_COUNCIL = "leader_of_council", "Leader of the Council"
    DEPUTY_LEADER_OF_COUNCIL = "deputy_leader_of_council", "Deputy Leader of the Council"
    CHAIR_OF_COUNCIL = "chair_of_council", "Chair of the Council"
    CABINET_MEMBER = "cabinet_member", "Cabinet Member"


class Member(models.Model):
    """A councillor, co-opted member or Independent Person."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="member")
    kind = models.CharField(max_length=24, choices=MemberKind.choices, default=MemberKind.ELECTED)
    group = models.ForeignKey(
        PoliticalGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="members"
    )
    # Small closed sets read whole by the pure policies; values from GroupRole / CouncilRole.
    group_roles = models.JSONField(default=list, blank=True)
    council_roles = models.JSONField(default=list, blank=True)
    portfolio = models.CharField(max_length=200, blank=True)
    wards = models.ManyToManyField(Ward, blank=True, related_name="members")
    term_start = models.DateField()
    term_end = models.DateField()
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["user__username"]
        constraints = [
            models.CheckConstraint(condition=models.Q(term_end__gte=models.F("term_start")), name="member_term_in_order"),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def username(self):
        return self.user.username

    def in_term_on(self, day):
        """Return whether the member's term of office covers ``day``."""
        return self.term_start <= day <= self.term_end


class BodyKind(models.TextChoices):
    FULL_COUNCIL = "full_council", "Full Council"
    CABINET = "cabinet", "Cabinet"
    COMMITTEE = "committee", "Committee"
    SUB_COMMITTEE = "sub_committee", "Sub-committee"
    OVERVIEW_SCRUTINY = "overview_scrutiny", "Overview and scrutiny committee"
    STANDARDS = "standards", "Standards committee"
    REGULATORY = "regulatory", "Regulatory committee"
    EMPLOYMENT = "employment", "Employment committee"


class Body(CodedRecord):
    """The Council, its Cabinet, and its committees and sub-committees."""

    kind = models.CharField(max_length=24, choices=BodyKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    members = models.ManyToManyField(Member, through="BodyMembership", related_name="bodies")

    class Meta(CodedRecord.Meta):
        verbose_name_plural = "bodies"


class Position(models.TextChoices):
    CHAIR = "chair", "Chair"
    VICE_CHAIR = "vice_chair", "Vice-chair"
    MEMBER = "member", "Member"


class BodyMembership(models.Model):
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="memberships")
    position = models.CharField(max_length=16, choices=Position.choices, default=Position.MEMBER)

    class Meta:
        ordering = ["body__name", "member__user__username"]
        constraints = [models.UniqueConstraint(fields=["body", "member"], name="one_membership_per_body")]

    def __str__(self):
        return f"{self.member} — {self.get_position_display()} of {self.body}"


class Meeting(models.Model):
    ref = models.CharField(max_length=64, unique=True)
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="meetings")
    date = models.DateField()
    public = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["date", "ref"]

    def __str__(self):
        return f"{self.body} — {self.date:%-d %B %Y}"
