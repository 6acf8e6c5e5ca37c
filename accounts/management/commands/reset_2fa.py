from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts import devices


class Command(BaseCommand):
    help = "Removes a user's authenticator and recovery codes; they set up new ones at their next sign-in."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named {username!r}.") from None
        devices.reset(user)
        self.stdout.write(f"{username}: second factor removed; a new one is set up at the next sign-in.")
