"""An email backend whose server refuses every message, as a real one does when it is down."""
from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("The mail server refused the connection.")
