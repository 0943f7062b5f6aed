"""Forms every app shares: sign-in, and the pieces that put an action's refusal back on a form."""
import re
from datetime import date

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator, ProhibitNullCharactersValidator

from .errors import Invalid

DJANGO_MESSAGES = {**forms.Field.default_error_messages, **forms.ChoiceField.default_error_messages,
                   **forms.MultipleChoiceField.default_error_messages}
OPTIONAL = re.compile(r"\s*\((optional|if any)\)\s*$", re.I)


def name_the_field_in_messages(form):
    """Replace Django's generic messages with ones naming the field, wherever the form has not written its own.

    Django's "This field is required.", "Select a valid choice.", "Null characters are not allowed." and
    "Ensure this value has at most N characters" do not say which answer is wrong (STACK.md: GOV.UK error
    messages must), and any field can meet them when what is sent was not typed into the page.
    """
    for name, field in form.fields.items():
        what = OPTIONAL.sub("", str(field.label or name.replace("_", " ").capitalize()))
        typed = isinstance(field, forms.CharField)
        suggested = isinstance(field, SuggestedChoiceField)
        if str(field.error_messages.get("required")) == str(DJANGO_MESSAGES["required"]):
            field.error_messages["required"] = f"Enter “{what}”." if typed else f"Choose “{what}”."
        if isinstance(field, forms.ChoiceField):
            if str(field.error_messages.get("invalid_choice")) == str(DJANGO_MESSAGES["invalid_choice"]):
                field.error_messages["invalid_choice"] = f"Choose “{what}” from the options given."
            if str(field.error_messages.get("invalid_list")) == str(DJANGO_MESSAGES["invalid_list"]):
                field.error_messages["invalid_list"] = f"Choose “{what}” from the options given."
        if typed or suggested:
            field.error_messages.setdefault(
                "null_characters_not_allowed",
                f"“{what}” contains a hidden null character, which cannot be saved. Remove it and try again.")
            if typed and field.max_length is not None:
                field.error_messages.setdefault("max_length",
                                                f"“{what}” must be {field.max_length} characters or fewer.")


def date_from_boxes(day, month, year):
    """Return the date in a GOV.UK date input's three boxes; raise ValueError unless it is a real date.

    Only the digits 0-9 count (``int`` would take "١٢", "1_000" or " +7"), and a number too big for a
    date is not a date (``date`` raises OverflowError for those, which would be a server error).
    """
    parts = [str(part).strip() for part in (day, month, year)]
    if not all(part.isascii() and part.isdigit() for part in parts):
        raise ValueError("a date is written in the digits 0 to 9")
    try:
        return date(int(parts[2]), int(parts[1]), int(parts[0]))
    except OverflowError:
        raise ValueError("not a real date") from None


class PortalForm(forms.Form):
    """A form whose every message names the answer it is about (see ``name_the_field_in_messages``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name_the_field_in_messages(self)


class SignInForm(AuthenticationForm):
    """Sign-in with GOV.UK-style messages that never say whether a username exists."""

    error_messages = {
        "invalid_login": (
            "The username or password is not right. Check both and try again. "
            "After 5 wrong attempts you will be locked out for an hour."
        ),
        "inactive": (
            "The username or password is not right. Check both and try again. "
            "After 5 wrong attempts you will be locked out for an hour."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        # AuthenticationForm sets the username's max_length after the field is made, so Django never checks it;
        # an overlong name then reached the lockout's log (django-axes) and failed to save on PostgreSQL, a 500
        # (found by tests/security/test_form_fuzz.py). The message comes from name_the_field_in_messages.
        self.fields["username"].validators.append(MaxLengthValidator(self.fields["username"].max_length))
        name_the_field_in_messages(self)
        self.fields["username"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-two-thirds", "autocomplete": "username", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update(
            {"class": "govuk-input govuk-!-width-two-thirds", "autocomplete": "current-password"}
        )


def add_action_errors(form, error):
    """Put an action's ``Invalid`` on ``form``: each field's messages on that field, the rest on the form."""
    fields = error.fields or {}
    for name, messages in fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if not fields:
        form.add_error(None, error.message)


class SuggestedChoiceField(forms.ChoiceField):
    """A select whose list is a suggestion: any value sent goes to the action, which says what is wrong
    with it and which rule says so (e.g. BRF-SENIOR for a junior officer), rather than "not a choice"."""

    # Any value, except one PostgreSQL cannot even look up: a NUL character was a 500 (found by fuzzing).
    default_validators = [ProhibitNullCharactersValidator()]

    def valid_value(self, value):
        return True


class ActionForm(PortalForm):
    # ((field, words in the action's message, the message in the page's words), ...)
    page_words = ()

    def add_action_errors(self, error):
        """Put an action's ``Invalid`` on the form, in the page's words where the action speaks the API's."""
        fields = {}
        for name, messages in (error.fields or {}).items():
            fields[name] = [next((page for field, words, page in self.page_words
                                  if field == name and words in message), message) for message in messages]
        add_action_errors(self, Invalid(error.message, fields=fields))
