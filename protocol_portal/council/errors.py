"""What an action says when it will not do something: views and the API turn these into answers.

NotFound is for what the person may not know exists, and is indistinguishable from a missing thing.
"""


class ActionError(Exception):
    status = 400

    def __init__(self, message, *, fields=None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Invalid(ActionError):
    """400: what was sent is not valid; ``fields`` says what to change in each bad field."""

    status = 400


class NotAllowed(ActionError):
    """403: the person can see the thing but may not do this to it."""

    status = 403


class NotFound(ActionError):
    """404: missing, or secret from this person; the message never says which."""

    status = 404

    def __init__(self, message="Not found."):
        super().__init__(message)


class Conflict(ActionError):
    """409: the action does not fit the thing's current state."""

    status = 409


MAX_TEXT = 10000


def raise_if_invalid(errors):
    """Raise one Invalid listing every bad field in ``errors`` {field: [message]}, if there are any."""
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(first if len(errors) == 1 else "Some of what you sent needs changing: see each field.",
                      fields=errors)


def clean_text(value, field, errors, *, required=None, max_length=MAX_TEXT):
    """Return ``value`` stripped, adding to ``errors`` if it is not text, is empty and ``required``
    (the message to show), or is longer than ``max_length``."""
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[field] = [f"Write the {field.rpartition('.')[2].replace('_', ' ')} as text."]
        return ""
    if required and not text:
        errors[field] = [required]
    elif "\x00" in text:
        # PostgreSQL cannot store a NUL character (a 500 before this; found by fuzzing the API).
        errors[field] = [f"The {field.rpartition('.')[2].replace('_', ' ')} contains a hidden null character, "
                         "which cannot be saved. Remove it and try again."]
    elif len(text) > max_length:
        errors[field] = [f"Keep this to {max_length} characters or fewer; it has {len(text)}."]
    return text
