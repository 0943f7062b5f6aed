from django import forms
from django.contrib.auth.forms import AuthenticationForm


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
