"""Forms for the oversight pages: the statistics' filters, the audit search and authorising staff (issue 7).

They parse what was sent; the selectors and actions decide. A date is the GOV.UK date input's three
boxes, checked together; its errors sit on the day box, which the error summary links to.
"""

from django import forms

from protocol_portal.council.forms import PortalForm, SuggestedChoiceField, add_action_errors, date_from_boxes
from protocol_portal.oversight.selectors import AuditQuery, Filters

PARTS = ("day", "month", "year")


class DateRangeForm(PortalForm):
    """A start and an end date (both optional, inclusive), each as three boxes."""

    from_day = forms.CharField(required=False, label="Day")
    from_month = forms.CharField(required=False, label="Month")
    from_year = forms.CharField(required=False, label="Year")
    to_day = forms.CharField(required=False, label="Day")
    to_month = forms.CharField(required=False, label="Month")
    to_year = forms.CharField(required=False, label="Year")

    def clean(self):
        cleaned = super().clean()
        cleaned["start"] = self._date(cleaned, "from", "start date")
        cleaned["end"] = self._date(cleaned, "to", "end date")
        if cleaned["start"] and cleaned["end"] and cleaned["end"] < cleaned["start"]:
            self.add_error("to_day", "The end date must be the same as or after the start date.")
        return cleaned

    def _date(self, cleaned, prefix, name):
        """Return the date in the three boxes named ``prefix``, None if all are empty, or add an error saying
        what is wrong with it."""
        parts = {part: (cleaned.get(f"{prefix}_{part}") or "").strip() for part in PARTS}
        if not any(parts.values()):
            return None
        missing = [part for part in PARTS if not parts[part]]
        field = f"{prefix}_day"
        if missing:
            self.add_error(field, f"The {name} must include a {' and '.join(missing)}.")
            return None
        if not all(value.isdigit() for value in parts.values()):
            self.add_error(field, f"The {name} must be a real date, written in numbers, for example 1 11 2026.")
            return None
        if len(parts["year"]) != 4:
            self.add_error(field, f"The year of the {name} must include 4 numbers, for example 2026.")
            return None
        try:
            return date_from_boxes(parts["day"], parts["month"], parts["year"])
        except ValueError:
            self.add_error(field, f"The {name} must be a real date, for example 1 11 2026.")
            return None


class StatisticsForm(DateRangeForm):
    department = forms.ChoiceField(required=False, label="Department",
                                   error_messages={"invalid_choice": "Choose a department from the list, or all "
                                                   "departments."})

    def __init__(self, data=None, *, departments=()):
        super().__init__(data)
        self.departments = {d.code: d for d in departments}
        self.fields["department"].choices = [("", "All departments")] + [
            (d.code, d.name) for d in departments]

    def filters(self):
        data = self.cleaned_data
        return Filters(start=data["start"], end=data["end"], department=self.departments.get(data["department"]))


class AuditForm(DateRangeForm):
    actor = forms.CharField(required=False, max_length=150, label="Who (username)",
                            help_text="For example, cllr.byrne or h.osei. Leave empty for everyone.")
    kind = forms.ChoiceField(required=False, label="What", choices=[
        ("", "Everything recorded"),
        ("reads", "Who read which non-public document (AUD-VIEW)"),
        ("requests", "Every decision on a request to see a document"),
    ], error_messages={"invalid_choice": "Choose what to look for from the list."})
    target = forms.CharField(required=False, max_length=64, label="Document or record (optional)",
                             help_text="A document's reference, for example DOC-0003, or a record's number as the "
                             "audit trail shows it.")

    def query(self):
        data = self.cleaned_data
        return AuditQuery(actor=data["actor"].strip(), kind=data["kind"], target=data["target"].strip(),
                          start=data["start"], end=data["end"])


class AuthoriseForm(PortalForm):
    # Any username goes to the action, which says who may be authorised and why not.
    username = SuggestedChoiceField(required=False, label="Officer to authorise",
                                    help_text="They will see this dashboard, the statistics and the audit trail "
                                    "until you withdraw it.")

    def __init__(self, data=None, *, officers=()):
        super().__init__(data)
        self.fields["username"].choices = [("", "Choose an officer")] + [
            (o.user.username, f"{o.user.name}, {o.post}") for o in officers]

    def add_action_errors(self, error):
        add_action_errors(self, error)
