"""Forms for the document and access-request pages: they parse what was sent; the actions decide.

Rules (what makes a good reason, who may decide, how long text may be) live in ``policy`` and
``actions``; an ``Invalid`` from an action is put back on the form with ``add_action_errors``.
"""
from django import forms

from protocol_portal.council.forms import PortalForm, add_action_errors  # noqa: F401  (pages use it from here too)

from .models import Classification

JUSTIFICATION_HINT = (
    "Say which of your roles you need it for (ward member, committee member, portfolio holder) and what "
    "you will use it for. For example: \"I am the ward member for East Ward and residents have asked me "
    "about fly-tipping on Canal Path at my next surgery.\" Curiosity is not a reason: a request that does "
    "not say why you need the document is refused."
)


class CatalogueFilterForm(PortalForm):
    """The catalogue's search box and filters; the choices come from the documents the person may know of."""

    q = forms.CharField(required=False, max_length=200, label="Search by reference, title or summary")
    body = forms.ChoiceField(required=False, label="Body")
    meeting = forms.ChoiceField(required=False, label="Meeting")
    classification = forms.ChoiceField(required=False, label="Classification")

    def __init__(self, data=None, *, facets=()):
        super().__init__(data)
        bodies, meetings, classifications = {}, {}, set()
        for body_code, body_name, meeting_ref, meeting_date, meeting_body, classification in facets:
            if body_code:
                bodies[body_code] = body_name
            if meeting_ref:
                meetings[meeting_ref] = (meeting_date, f"{meeting_body}, {meeting_date:%-d %B %Y}")
            classifications.add(classification)
        self.fields["body"].choices = [("", "All bodies")] + sorted(bodies.items(), key=lambda item: item[1])
        self.fields["meeting"].choices = [("", "All meetings")] + [
            (ref, label) for ref, (_, label) in sorted(meetings.items(), key=lambda item: (item[1][0], item[0]))]
        self.fields["classification"].choices = [("", "All classifications")] + [
            (value, label) for value, label in Classification.choices if value in classifications]

    def filters(self):
        """Return the search and filters to apply: the valid ones, ignoring any choice that no longer exists."""
        if self.is_bound:
            self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned.get(name) or "" for name in ("q", "body", "meeting", "classification")}


class AccessRequestForm(PortalForm):
    justification = forms.CharField(
        required=False, strip=True, label="Why do you need to see this document?", help_text=JUSTIFICATION_HINT,
        widget=forms.Textarea)
    on_behalf_of_constituent = forms.BooleanField(
        required=False, label="I am asking on behalf of a constituent or other third party")
    declared_interest = forms.BooleanField(
        required=False, label="I have a personal or prejudicial interest in this subject",
        help_text="If you do, the Monitoring Officer decides whether you may see it.")
    scrutiny_reference = forms.CharField(
        required=False, label="Scrutiny item or work-programme review this is for (if any)",
        help_text="For example, \"OSC work programme: temporary accommodation costs\".")


class DisputeForm(PortalForm):
    prefix = "dispute"

    grounds = forms.CharField(
        required=False, label="Why do you think the refusal is wrong?", widget=forms.Textarea,
        help_text="Say what role you need the document for and why the reasons given do not apply. The "
        "Monitoring Officer decides, and that decision is final.")


class DeterminationForm(PortalForm):
    prefix = "determine"

    decision = forms.ChoiceField(choices=[("grant", "Grant access"), ("refuse", "Refuse access")])
    reasons = forms.CharField(
        required=False, label="Reasons for your decision", widget=forms.Textarea,
        help_text="The member sees these. Reasons are required to refuse.")

    def __init__(self, data=None, *, disputed=False):
        super().__init__(data)
        self.disputed = disputed
        decision = self.fields["decision"]
        if disputed:
            decision.label = "Your decision on the dispute"
            decision.choices = [("grant", "Overturn the refusal: grant access"), ("refuse", "Uphold the refusal")]
            decision.error_messages["required"] = "Choose whether to overturn or uphold the refusal"
            self.fields["reasons"].help_text = "The member sees these. Your decision is final, so give reasons either way."
        else:
            decision.label = "Your decision"
            decision.error_messages["required"] = "Choose whether to grant or refuse access"


class ReferForm(PortalForm):
    prefix = "refer"

    reasons = forms.CharField(
        required=False, label="Why are you referring it to the Monitoring Officer?", widget=forms.Textarea,
        help_text="For example, what you are unsure about. The Monitoring Officer then decides instead of you.")


class RevokeForm(PortalForm):
    prefix = "revoke"

    reasons = forms.CharField(
        required=False, label="Reasons for revoking access", widget=forms.Textarea,
        help_text="The member sees these.")
