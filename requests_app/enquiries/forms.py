"""Forms for the enquiry pages: they parse what was sent; the actions decide (ENQ-*, COR-*)."""
import uuid

from django import forms

from protocol_portal.council.forms import PortalForm, date_from_boxes
from requests_app.forms import add_action_errors  # noqa: F401  (the enquiry views use it too)

from .rules import DECLINE_RULES


class EnquiryForm(PortalForm):
    subject = forms.CharField(required=False, max_length=200, label="Subject",
                              help_text="A few words, e.g. \"Fly-tipping on Canal Path\".")
    question = forms.CharField(required=False, widget=forms.Textarea, label="Your question",
                               help_text="Say what you need to know and why. Officers answer within 10 working days.")
    department = forms.ChoiceField(required=False, label="Which department is it for?",
                                   help_text="If you are not sure, choose Democratic Services: they send it to the "
                                   "right department.")
    confidential = forms.BooleanField(required=False, label="Keep the advice confidential from other members",
                                      help_text="Officers will not copy it to other members (ENQ-CONFIDENTIAL).")
    on_behalf = forms.BooleanField(required=False, label="I am asking on behalf of a constituent")
    on_behalf_name = forms.CharField(required=False, max_length=200, label="Constituent's name")
    on_behalf_ward = forms.ChoiceField(required=False, label="Ward the matter concerns")
    on_behalf_consent = forms.BooleanField(required=False,
                                           label="The constituent has agreed to me asking for them")
    # A fresh key each time the form is shown: sending the same form twice makes one enquiry (issue 9).
    submission = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, data=None, *, departments=(), wards=()):
        super().__init__(data, initial={"submission": uuid.uuid4()})
        self.fields["department"].choices = [("", "Democratic Services to route it")] + [
            (d.code, d.name) for d in departments]
        self.fields["on_behalf_ward"].choices = [("", "Choose a ward")] + [(w.code, w.name) for w in wards]

    def action_arguments(self):
        data = self.cleaned_data
        on_behalf_of = None
        if data["on_behalf"]:
            on_behalf_of = {"name": data["on_behalf_name"], "ward": data["on_behalf_ward"],
                            "consent": data["on_behalf_consent"]}
        return {"subject": data["subject"], "question": data["question"], "department": data["department"] or None,
                "confidential": data["confidential"], "on_behalf_of": on_behalf_of,
                "submission_key": self._submission_key()}

    def _submission_key(self):
        # Hidden and ours: a key that is not a UUID was altered by hand; the enquiry is then sent without one
        # rather than refused over a field the member cannot see.
        try:
            return uuid.UUID(self.cleaned_data["submission"])
        except ValueError:
            return None


class AssignForm(PortalForm):
    prefix = "assign"
    officer = forms.ChoiceField(required=False, label="Officer")

    def __init__(self, data=None, *, officers=()):
        super().__init__(data)
        self.fields["officer"].choices = [("", "Choose an officer")] + [
            (o.user.username, f"{o.user.name}, {o.post}") for o in officers]


class RouteForm(PortalForm):
    prefix = "route"
    department = forms.ChoiceField(required=False, label="Department")

    def __init__(self, data=None, *, departments=()):
        super().__init__(data)
        self.fields["department"].choices = [("", "Choose a department")] + [(d.code, d.name) for d in departments]


class _CopiesForm(PortalForm):
    """Who else receives the reply: explicit copies (COR-COPY) and members it is about (COR-CONCERNS)."""

    copy_to = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                        label="Copy this reply to another member",
                                        help_text="The member who asked is told in the reply itself (COR-COPY).")
    concerns = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                         label="Does it contain information about another councillor?",
                                         help_text="They are copied automatically (COR-CONCERNS).")

    def __init__(self, data=None, *, members=(), confidential=False):
        super().__init__(data)
        choices = [(m.user.username, m.user.name) for m in members]
        self.fields["copy_to"].choices = choices
        self.fields["concerns"].choices = choices
        if confidential:
            del self.fields["copy_to"]  # ENQ-CONFIDENTIAL: no copies at the officer's choice

    def copies(self):
        return {"copy_to": self.cleaned_data.get("copy_to", []), "concerns": self.cleaned_data.get("concerns", [])}


class HoldingReplyForm(_CopiesForm):
    prefix = "holding"
    reasons = forms.CharField(required=False, widget=forms.Textarea, label="Why a full response cannot be sent in time",
                              help_text="The member sees this.")
    # The GOV.UK date input: three boxes, checked together; errors sit on the day box, which they link to.
    revised_date = forms.CharField(required=False, label="Day")
    revised_month = forms.CharField(required=False, label="Month")
    revised_year = forms.CharField(required=False, label="Year")

    field_order = ["reasons", "revised_date", "revised_month", "revised_year", "copy_to", "concerns"]

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name, "").strip() for name in ("revised_date", "revised_month", "revised_year")]
        cleaned["revised_date"] = None
        if not any(parts):
            return cleaned  # the action explains that a revised date is needed
        try:
            cleaned["revised_date"] = date_from_boxes(*parts)
        except ValueError:
            self.add_error("revised_date", "The revised date must be a real date, for example 15 1 2027.")
        return cleaned

    def action_arguments(self):
        return {"reasons": self.cleaned_data["reasons"], "revised_date": self.cleaned_data["revised_date"],
                **self.copies()}


class ResponseForm(_CopiesForm):
    prefix = "response"
    text = forms.CharField(required=False, widget=forms.Textarea, label="Full response")
    field_order = ["text", "copy_to", "concerns"]


class DeclineForm(_CopiesForm):
    prefix = "decline"
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Why officers cannot do this work",
                             help_text="Work of a purely political or personal nature is declined (ENQ-DECLINE).")
    rule = forms.ChoiceField(choices=[(r, r) for r in DECLINE_RULES], initial=DECLINE_RULES[0],
                             widget=forms.HiddenInput)
    field_order = ["reason", "copy_to", "concerns"]


class GuidanceForm(PortalForm):
    prefix = "guidance"
    note = forms.CharField(required=False, widget=forms.Textarea, label="Whose guidance you sought, and why",
                           help_text="Answering needs significant resources (ENQ-RESOURCES).")
