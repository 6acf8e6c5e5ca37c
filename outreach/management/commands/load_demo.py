from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from outreach.demo.loader import demo_counts, load_demo_content
from outreach.demo.sites import CITIES, DEMO_PORT
from outreach.demo.translations import translate_demo
from outreach.roles.demo_users import ensure_demo_users
from outreach.roles.setup import setup_roles
from outreach.tools.dashboard import seed_plan_targets

DEMO_ADMIN = ("admin", "kepu-demo-admin")


class Command(BaseCommand):
    help = "Load the demo: the Shanghai and Nantong sites with their content. Safe to run again."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_demo_content()
            translate_demo()  # English versions of each city's main pages (outreach/demo/translations.py)
            seed_plan_targets()  # the plans' 2025 targets for the dashboard (outreach/tools/dashboard.py)
            setup_roles()
            role_users = ensure_demo_users()
            username, password = DEMO_ADMIN
            user, _ = get_user_model().objects.get_or_create(username=username, defaults={"email": "admin@localhost"})
            user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        counts = demo_counts()
        self.stdout.write(", ".join(f"{count} {name}" for name, count in counts.items()))
        for city in CITIES:
            self.stdout.write(f"{city.title}: http://{city.hostname}:{DEMO_PORT}/")
        self.stdout.write(
            f"Admin: http://localhost:{DEMO_PORT}/admin/  user {username}  password {password} (demo only)"
        )
        for spec, role in role_users:
            self.stdout.write(f"  {role}: user {spec.username}  password {spec.password} (demo only)")
