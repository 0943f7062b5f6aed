"""Forms for the complaint and relationship pages: they parse what was sent; the actions decide (CMP-*, REL-*).

The actions serve the API too, where a person is a username and an outcome a code. On a page each
is a choice from a list, so a few of the actions' messages are put in the page's words; every rule
(who may be complained about, which outcomes the law allows) stays in the actions and their policy.
Every choice is a suggestion: whatever is sent goes to the action, which says what is wrong with it
and which rule says so (e.g. CMP-OUTCOMES for suspension), rather than "not one of the choices".
"""
from django import forms

from protocol_portal.council.forms import ActionForm, SuggestedChoiceField

from .models import Category, Finding, Outcome, RelationshipKind


def member_label(member):
    """Return "Name, role" for a member: their group, or what kind of member they are."""
    if member.kind != "elected":
        return f"{member.user.name}, {member.get_kind_display()}"
    return f"{member.user.name}, {member.group.name if member.group_id else 'member of no group'}"


def officer_label(officer):
    return f"{officer.user.name}, {officer.post}"


def _grouped(members, officers):
    groups = []
    if members:
        groups.append(("Members", [(m.user.username, member_label(m)) for m in members]))
    if officers:
        groups.append(("Officers", [(o.user.username, officer_label(o)) for o in officers]))
    return groups


class PersonChoiceField(SuggestedChoiceField):
    """A select of people by username, in labelled groups (members, officers) for an <optgroup> each."""

    def set_people(self, empty, *, members=(), officers=()):
        self.groups = _grouped(members, officers)
        self.empty = empty
        self.choices = [("", empty)] + [choice for _, choices in self.groups for choice in choices]


class ComplaintForm(ActionForm):
    about = PersonChoiceField(required=False, label="Who is the complaint about?",
                              help_text="A member or officer of the council.")
    category = SuggestedChoiceField(required=False, label="What kind of complaint is it?", choices=Category.choices,
                                    help_text="Bullying and harassment are a category of their own (CMP-BULLYING).")
    details = forms.CharField(required=False, widget=forms.Textarea, label="What happened?",
                              help_text="Say what was said or done, when and where, and who was there.")
    formal = forms.BooleanField(required=False, label="This is a formal complaint",
                                help_text="Leave it unticked to raise it informally. A formal complaint about the "
                                "Chief Executive is also sent to the chair of the employment committee "
                                "(CMP-ROUTE-OFFICER).")

    page_words = (
        ("about", "by their username", "Choose the member or officer the complaint is about."),
        ("category", "Choose the kind of complaint", "Choose what kind of complaint it is: conduct, a breach of the "
                                                     "Member/Officer Protocol, bullying or harassment, or service."),
    )

    def __init__(self, data=None, *, members=(), officers=()):
        super().__init__(data)
        self.fields["about"].set_people("Choose a member or officer", members=members, officers=officers)

    def action_arguments(self):
        data = self.cleaned_data
        return {"about": data["about"], "category": data["category"], "details": data["details"],
                "formal": data["formal"]}


class AcknowledgeForm(ActionForm):
    prefix = "acknowledge"
    note = forms.CharField(required=False, widget=forms.Textarea, label="A note to the complainant (optional)",
                           help_text="It goes with the acknowledgement, and is kept in the complaint's history.")


class AssessForm(ActionForm):
    prefix = "assess"
    assessment = forms.CharField(required=False, widget=forms.Textarea, label="Your initial assessment",
                                 help_text="What the complaint alleges, and how you will deal with it (CMP-TIMES). "
                                 "Everyone who can see the complaint can read it.")


class EscalateForm(ActionForm):
    prefix = "escalate"
    reasons = forms.CharField(required=False, widget=forms.Textarea,
                              label="Why could it not be resolved at your level?",
                              help_text="The next person in the route sees your reasons (CMP-ARBITRATE).")


class OutcomeForm(ActionForm):
    prefix = "outcome"
    outcome = SuggestedChoiceField(required=False, label="Outcome")
    reasons = forms.CharField(required=False, widget=forms.Textarea, label="Reasons for the outcome",
                              help_text="The complainant sees them, and so does the person complained about once "
                              "they have been told of the complaint.")

    page_words = (("outcome", "Choose one of the outcomes", "Choose one of the outcomes listed (CMP-OUTCOMES)."),)

    def __init__(self, data=None, *, outcomes=()):
        super().__init__(data)
        self.fields["outcome"].choices = [(value, Outcome(value).label) for value in outcomes]


class IndependentPersonForm(ActionForm):
    prefix = "independent"
    independent_person = PersonChoiceField(required=False, label="Independent Person")
    views = forms.CharField(required=False, widget=forms.Textarea, label="Their views on the allegation",
                            help_text="Recorded before the allegation is decided (CMP-OUTCOMES; Localism Act 2011 "
                            "s.28(7)).")

    page_words = (("independent_person", "by their username", "Choose the Independent Person whose views these are."),)

    def __init__(self, data=None, *, independent_persons=()):
        super().__init__(data)
        field = self.fields["independent_person"]
        field.set_people("Choose the Independent Person", members=independent_persons)
        field.groups = []  # one kind of person: no groups


class DecideForm(ActionForm):
    prefix = "decide"
    # The action's other complaint, that the Independent Person's views are missing, links to where they are recorded.
    error_anchor = "independent-person"
    finding = SuggestedChoiceField(required=False, label="What did the investigation find?", choices=Finding.choices)
    reasons = forms.CharField(required=False, widget=forms.Textarea, label="Reasons for the decision",
                              help_text="The complainant sees them, and so does the member once told of the "
                              "complaint.")


class RelationshipForm(ActionForm):
    other = PersonChoiceField(required=False, label="Who is the relationship with?")
    kind = SuggestedChoiceField(required=False, label="What kind of relationship is it?",
                                choices=RelationshipKind.choices)

    page_words = (("other", "by their username", "Choose the member or officer you have the relationship with."),)

    def __init__(self, data=None, *, members=(), officers=()):
        super().__init__(data)
        field = self.fields["other"]
        field.set_people("Choose a member" if members else "Choose an officer", members=members, officers=officers)
        field.groups = []  # members see officers and officers members: one kind, no groups
