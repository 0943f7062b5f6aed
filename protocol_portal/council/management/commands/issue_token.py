from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from protocol_portal.audit.actions import record_event
from protocol_portal.council.models import User


class Command(BaseCommand):
    help = "Print a new API key for USERNAME, alone on its line, replacing any old key."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user with username {username!r}. Check the spelling, or import the council first.")
        with transaction.atomic():
            # The old key stops working the moment the new one exists.
            Token.objects.filter(user=user).delete()
            token = Token.objects.create(user=user)
            record_event(acting_user=None, verb="api_token.issued", target=user,
                         reasons="Issued with manage.py issue_token; any previous key was revoked.")
        self.stdout.write(token.key)
