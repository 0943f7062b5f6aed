"""Forms for the briefing pages: they parse what was sent; the actions decide (BRF-*).

The actions serve the API too, where a department is a code, an officer a username and a date
ISO 8601. On a page each is a choice from a list or three boxes, so a few of the actions' messages
are put in the page's words; every rule (who may be chosen, what needs a reason) stays in the
actions and their policy.
"""

from django import forms

from protocol_portal.council.forms import ActionForm, SuggestedChoiceField, date_from_boxes


def _officer_choices(officers, empty):
    return [("", empty)] + [(o.user.username, f"{o.user.name}, {o.post}") for o in officers]


class BriefingForm(ActionForm):
    subject = forms.CharField(required=False, max_length=200, label="Subject",
                              help_text="A few words, e.g. \"The draft local plan\".")
    question = forms.CharField(required=False, widget=forms.Textarea,
                               label="What would the group like to be briefed on?",
                               help_text="Factual information and professional advice on Council business only: "
                               "officers do not brief on party business (BRF-SCOPE).")
    department = SuggestedChoiceField(required=False, label="Which department's business is it?",
                                      help_text="Its Director's officers give the briefing.")
    # The GOV.UK date input: three boxes, checked together; errors sit on the day box, which they link to.
    requested_date = forms.CharField(required=False, label="Day")
    requested_month = forms.CharField(required=False, label="Month")
    requested_year = forms.CharField(required=False, label="Year")
    meeting = SuggestedChoiceField(required=False, label="Is it about a meeting? (optional)")
    non_council_attendees = forms.BooleanField(
        required=False, label="People who are not council members will attend",
        help_text="For example, party officials or advisers. An officer normally does not attend then; the approver "
        "must give a reason to approve (BRF-NON-COUNCIL).")
    council_business = forms.BooleanField(required=False,
                                          label="This briefing is about Council business, not party business",
                                          help_text="Officers are politically neutral (BRF-SCOPE).")

    page_words = (
        ("department", "by its code", "Choose the department whose business the briefing concerns."),
        ("requested_date", "e.g. 2027-01-15", "Enter the date you would like the briefing, for example 15 1 2027."),
        ("meeting", "ref", "Choose a meeting from the list, or leave it as no meeting."),
    )

    def __init__(self, data=None, *, departments=(), meetings=()):
        super().__init__(data)
        self.fields["department"].choices = [("", "Choose a department")] + [(d.code, d.name) for d in departments]
        self.fields["meeting"].choices = [("", "No meeting")] + [
            (m.ref, f"{m.body.name}, {m.date:%-d %B %Y}") for m in meetings]

    def clean(self):
        cleaned = super().clean()
        parts = [cleaned.get(name, "").strip() for name in ("requested_date", "requested_month", "requested_year")]
        cleaned["requested_date"] = None
        if not any(parts):
            return cleaned  # the action says that a date is needed, with every other field's problems
        try:
            cleaned["requested_date"] = date_from_boxes(*parts)
        except ValueError:
            self.add_error("requested_date", "The date you would like the briefing must be a real date, "
                           "for example 15 1 2027.")
        return cleaned

    def action_arguments(self):
        data = self.cleaned_data
        return {"subject": data["subject"], "question": data["question"], "department": data["department"],
                "requested_date": data["requested_date"], "meeting": data["meeting"] or None,
                "non_council_attendees": data["non_council_attendees"],
                "council_business": data["council_business"]}


class ApproveForm(ActionForm):
    prefix = "approve"
    officer = SuggestedChoiceField(required=False, label="Senior officer to give the briefing",
                                   help_text="Service manager grade or above; the department's own officers are "
                                   "listed first (BRF-SENIOR). They may nominate another officer to attend.")
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Reason for approving (optional)")

    page_words = (
        ("officer", "by their username", "Choose the senior officer who will give the briefing (BRF-SENIOR)."),
    )

    def __init__(self, data=None, *, officers=(), non_council_attendees=False):
        super().__init__(data)
        self.fields["officer"].choices = _officer_choices(officers, "Choose a senior officer")
        if non_council_attendees:
            self.fields["reason"].label = "Why should an officer attend?"
            self.fields["reason"].help_text = ("People who are not council members will attend, so an officer "
                                               "normally would not: a reason is required (BRF-NON-COUNCIL).")


class RejectForm(ActionForm):
    prefix = "reject"
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Reasons for rejecting the request",
                             help_text="The group sees them (BRF-APPROVE).")


class NominateForm(ActionForm):
    prefix = "nominate"
    officer = SuggestedChoiceField(required=False, label="Officer to attend on your behalf")
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Why they are attending (optional)",
                             help_text="The nomination is recorded in the briefing's history (BRF-SENIOR).")

    page_words = (("officer", "by their username", "Choose the officer to attend on your behalf."),)

    def __init__(self, data=None, *, officers=()):
        super().__init__(data)
        self.fields["officer"].choices = _officer_choices(officers, "Choose an officer")


class DeclineForm(ActionForm):
    prefix = "decline"
    reason = forms.CharField(required=False, widget=forms.Textarea, label="Why you decline to give it",
                             help_text="For example, people who are not council members will attend, or it is party "
                             "business (BRF-SCOPE). The group and the approver see this.")


class DeliverForm(ActionForm):
    prefix = "deliver"
    advice = forms.CharField(required=False, widget=forms.Textarea, label="The advice you gave",
                             help_text="Any other group that accepts the equal offer receives substantially the same "
                             "advice (BRF-SAME-ADVICE). Other groups are told only that the briefing happened and its "
                             "subject (BRF-NOTIFY).")
    report = forms.CharField(required=False, widget=forms.Textarea, label="Written report for the group (optional)",
                             help_text="Any other group may ask for a copy of it (BRF-NOTIFY).")
    advice_differences = forms.CharField(
        required=False, widget=forms.Textarea, label="How and why the advice differs (only if it does)",
        help_text="Needed only if your advice differs from that already given to another group on the same matter "
        "(BRF-SAME-ADVICE).")


class RecordForm(ActionForm):
    prefix = "record"
    notes = forms.CharField(required=False, widget=forms.Textarea, label="The group's notes of the briefing",
                            help_text="Only the group's members and the officer who attended can read them "
                            "(BRF-CONFIDENTIAL).")


class AttributionForm(ActionForm):
    prefix = "attribute"
    text = forms.CharField(required=False, widget=forms.Textarea, label="What the record attributes to the officer",
                           help_text="A comment or piece of advice in the officer's words. They verify or correct it "
                           "before the record can be final (BRF-VERIFY).")


class VerifyForm(ActionForm):
    correction = forms.CharField(required=False, widget=forms.Textarea, label="Your correction (optional)",
                                 help_text="Leave it empty to verify the comment as it stands (BRF-VERIFY).")

    def __init__(self, data=None, *, attribution_id):
        super().__init__(data, prefix=f"verify-{attribution_id}")
        self.attribution_id = attribution_id


class FinaliseForm(ActionForm):
    """No fields: a button. Its errors link to the section, and say the action's whole message."""

    prefix = "final"
    error_anchor = "record-final"

    def add_action_errors(self, error):
        self.add_error(None, error.message)
