from django.core.management.base import BaseCommand

from outreach.roles.setup import setup_roles


class Command(BaseCommand):
    help = (
        "Create or update the editorial roles: per-city editors, science reviewers and moderators, "
        "site administrators, the review workflows and every venue's staff group. Safe to run again."
    )

    def handle(self, *args, **options):
        groups = setup_roles()
        for group in groups:
            self.stdout.write(f"{group.name}: {group.user_set.count()} 人")
        self.stdout.write(self.style.SUCCESS("Roles and workflows are set up."))
