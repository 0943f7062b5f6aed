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
