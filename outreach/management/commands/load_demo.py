from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail import hooks

from outreach.demo.loader import demo_counts, load_demo_content
from outreach.demo.sites import CITIES, DEMO_PORT
from outreach.demo.targets import seed_plan_targets
from outreach.demo.translations import translate_demo
from outreach.roles.demo_users import ensure_demo_users
from outreach.roles.setup import setup_roles

DEMO_ADMIN = ("admin", "kepu-demo-admin")


class Command(BaseCommand):
    help = (
        "Load the demo: the Shanghai and Nantong sites with their content. Safe to run again. "
        "Sets the `admin` account and one account per role to published demo passwords, so it "
        "runs only with DEBUG on (the dev settings) unless --i-know-this-is-not-production is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--i-know-this-is-not-production",
            action="store_true",
            help="Load the demo with DEBUG off (a test or staging database that no one else uses).",
        )

    def handle(self, *args, **options):
        if not (settings.DEBUG or options["i_know_this_is_not_production"]):
            raise CommandError(
                "load_demo 会把 admin 和各角色演示账号的密码重置为公开的演示密码，只能在开发环境（DEBUG 开启）运行。"
                " load_demo resets `admin` and the role accounts to published demo passwords, so it runs only"
                " with DEBUG on; on a test or staging database no one else uses, add"
                " --i-know-this-is-not-production."
            )
        with transaction.atomic():
            load_demo_content()
            translate_demo()  # English versions of each city's main pages (outreach/demo/translations.py)
            seed_plan_targets()  # the plans' 2025 targets for the dashboard (outreach/demo/targets.py)
            for load_more in hooks.get_hooks("kepu_load_demo"):  # other apps' demo data (registration/demo.py)
                load_more()
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
