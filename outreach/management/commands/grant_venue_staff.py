from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from outreach.models import VenuePage
from outreach.roles.venue_staff import grant_venue_staff


class Command(BaseCommand):
    help = (
        "Make USERNAME staff of the venue VENUE_SLUG: they may edit that venue and its events and "
        "upload to its image collection; everything they change goes through moderation."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("venue_slug")
        parser.add_argument("--site", help="the city's site key (shanghai, nantong) when two venues share a slug")

    def handle(self, *args, username, venue_slug, site=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}; create the account first (createsuperuser or the admin).")
        venues = VenuePage.objects.filter(slug=venue_slug)
        if site:
            venues = venues.filter(path__startswith=_home_path(site))
        venues = list(venues)
        if not venues:
            raise CommandError(f"No venue with the slug {venue_slug!r}" + (f" in site {site!r}." if site else "."))
        # A venue's English copy shares its slug; it is the same venue with the same staff.
        if len({venue.translation_key for venue in venues}) > 1:
            raise CommandError(f"Several venues have the slug {venue_slug!r}; name the city with --site.")
        venue = venues[0]
        if user.is_superuser:
            self.stderr.write(f"{username} is a superuser: the venue group adds nothing to what they may do.")
        group = grant_venue_staff(user, venue)
        self.stdout.write(self.style.SUCCESS(f"{username} is now in {group.name} (venue: {venue.title})."))


def _home_path(site_key):
    from home.models import HomePage

    home = HomePage.objects.filter(depth=2, slug=site_key).first()
    if home is None:
        raise CommandError(f"No city site {site_key!r}.")
    return home.path
