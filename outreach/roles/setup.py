"""`manage.py setup_roles`: the groups, their permissions and the review workflows.

Per city (each Site whose root is a city HomePage):

- 编辑（城市）: add and change every page of the city; cannot publish; edits taxonomy terms;
  uses images and documents.
- 科学性审核（城市）: the first step of the works workflow; the task lets them open and
  correct a work while it waits for them. No page rights of their own.
- 发布审核（城市）: the last step of every workflow; add, change, lock and unlock across the
  city; publish on the works, events, venues and brands indexes (Wagtail publishes an
  approved page as its last approver, so they need it), but hooks.py refuses a direct
  "publish" of a work: works reach the site only through both reviews.

Across the installation:

- 规划办公室 (the plan office, 联席会议办公室): the plan-target dashboard, its targets and the
  content exports. No page rights.
- 站点管理员: user accounts (with the limits in hooks.py), site settings, taxonomies,
  collections, images, documents and redirects. No page or group rights.

Running it again resets each role group's rights to this design.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import Site

from home.models import HomePage
from outreach.models import BrandIndexPage, EventIndexPage, RumourIndexPage, VenueIndexPage, VenuePage, WorkIndexPage

from . import names
from .permissions import (
    ACCESS_ADMIN,
    all_media,
    set_collection_permissions,
    set_model_permissions,
    set_page_permissions,
)
from .venue_staff import ensure_venue_staff, move_venue_images
from .workflows import ensure_city_workflows

TAXONOMY_TERMS = [
    f"outreach.{action}_{model}" for model in ("audience", "topic", "hazard") for action in ("add", "change")
]
# The 同义词 snippet (search/models.py): editors and moderators add and change, site admins also delete.
SYNONYMS = ["search.add_synonym", "search.change_synonym"]
SITE_ADMIN_PERMISSIONS = [
    ACCESS_ADMIN,
    "auth.add_user",
    "auth.change_user",
    "home.change_sitesettings",
    "wagtailcore.add_collection",
    "wagtailcore.change_collection",
    "wagtailcore.delete_collection",
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
    *[
        f"outreach.{action}_{model}"
        for model in ("audience", "topic", "hazard", "district")
        for action in ("add", "change", "delete")
    ],
    *SYNONYMS,
    "search.delete_synonym",
]


PLAN_OFFICE_PERMISSIONS = [
    ACCESS_ADMIN,
    "outreach.view_plantarget",
    "outreach.add_plantarget",
    "outreach.change_plantarget",
    "outreach.export_outreach",
    "subscriptions.view_subscriber_counts",
]
# Editors bring in the yearly recommended lists and take the content out as spreadsheets, and
# see how many citizens subscribed to which digest (counts only: subscriptions/views.py).
EDITOR_TOOLS = ["outreach.import_outreach", "outreach.export_outreach", "subscriptions.view_subscriber_counts"]
# The city's editors read and answer the 线索征集 tips of their city (outreach/tip_admin.py);
# nobody adds one in the admin, and no other role sees them (their contacts are personal data).
TIP_INBOX = ["outreach.view_rumourtip", "outreach.change_rumourtip", "outreach.delete_rumourtip"]


def city_homes():
    """(home page, its Site) for every city site."""
    homes = []
    for site in Site.objects.select_related("root_page").order_by("-is_default_site", "hostname"):
        home = HomePage.objects.filter(pk=site.root_page_id).first()
        if home is not None:
            homes.append(home)
    return homes


def index_of(home, model):
    return model.objects.child_of(home).first()


def in_every_language(page):
    """The page and its translations (English copies made with simple_translation)."""
    return list(type(page).objects.filter(translation_key=page.translation_key)) if page else []


def grant(pages, actions):
    return [(page, actions) for page in pages]


def group(name):
    return Group.objects.get_or_create(name=name)[0]


def setup_city(home):
    city = home.city_name
    editors = group(names.editors(city))
    set_model_permissions(editors, [ACCESS_ADMIN, *TAXONOMY_TERMS, *SYNONYMS, *EDITOR_TOOLS, *TIP_INBOX])
    homes = in_every_language(home)
    set_page_permissions(editors, grant(homes, ["add", "change"]))
    set_collection_permissions(editors, all_media(["add", "change", "choose"]))

    reviewers = group(names.science_reviewers(city))
    set_model_permissions(reviewers, [ACCESS_ADMIN])
    set_page_permissions(reviewers, [])
    set_collection_permissions(reviewers, all_media(["choose"]))

    moderators = group(names.moderators(city))
    set_model_permissions(moderators, [ACCESS_ADMIN, *TAXONOMY_TERMS, *SYNONYMS])
    indexes = (WorkIndexPage, EventIndexPage, VenueIndexPage, BrandIndexPage, RumourIndexPage)
    publishable = [page for model in indexes for page in in_every_language(index_of(home, model))]
    set_page_permissions(
        moderators, [*grant(homes, ["add", "change", "lock", "unlock"]), *grant(publishable, ["publish"])]
    )
    set_collection_permissions(moderators, all_media(["add", "change", "choose"]))

    # Works and rumours pass the science review (ScienceReviewedMixin finds the same workflow
    # for a rumour or hub page wherever it sits, and the fast track during an emergency).
    reviewed_indexes = [
        page for model in (WorkIndexPage, RumourIndexPage) for page in in_every_language(index_of(home, model))
    ]
    ensure_city_workflows(home, homes, reviewed_indexes, reviewers, moderators)
    for venue in VenuePage.objects.descendant_of(home).prefetch_related("gallery_images__image"):
        _group, collection = ensure_venue_staff(venue)
        move_venue_images(venue, collection)
    return [editors, reviewers, moderators]


def remove_unused_default_groups():
    """Wagtail's stock groups may publish anywhere; drop them unless someone relies on them."""
    Group.objects.filter(name__in=names.WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()


@transaction.atomic
def setup_roles():
    """Makes every role group, workflow and venue staff group; returns the role groups."""
    remove_unused_default_groups()
    site_admins = group(names.SITE_ADMINS)
    set_model_permissions(site_admins, SITE_ADMIN_PERMISSIONS)
    set_page_permissions(site_admins, [])
    set_collection_permissions(site_admins, all_media(["add", "change", "delete", "choose"]))
    plan_office = group(names.PLAN_OFFICE)
    set_model_permissions(plan_office, PLAN_OFFICE_PERMISSIONS)
    set_page_permissions(plan_office, [])
    groups = [site_admins, plan_office]
    for home in city_homes():
        groups += setup_city(home)
    return groups
