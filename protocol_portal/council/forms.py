"""Forms every app shares: sign-in, and the pieces that put an action's refusal back on a form."""
from django import forms
from django.contrib.auth.forms import AuthenticationForm

from .errors import Invalid


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

    def valid_value(self, value):
        return True


class ActionForm(forms.Form):
    # ((field, words in the action's message, the message in the page's words), ...)
    page_words = ()

    def add_action_errors(self, error):
        """Put an action's ``Invalid`` on the form, in the page's words where the action speaks the API's."""
        fields = {}
        for name, messages in (error.fields or {}).items():
            fields[name] = [next((page for field, words, page in self.page_words
                                  if field == name and words in message), message) for message in messages]
        add_action_errors(self, Invalid(error.message, fields=fields))
