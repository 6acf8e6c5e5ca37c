"""Each venue has its own staff group and image collection, made when the venue is created.

The staff group is the anchor: it holds the only page permissions on the venue, and its
collection permission names the venue's collection, so both are found again after the venue
is renamed, and making them twice changes nothing.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import Collection, GroupCollectionPermission, Locale

from home.models import HomePage
from outreach.models import VenuePage

from . import names
from .guards import system_change
from .permissions import ACCESS_ADMIN, set_collection_permissions, set_model_permissions, set_page_permissions

VENUE_COLLECTIONS = "场馆图片"
# Images have no moderation step in Wagtail: an edit to a picture in the venue's own
# collection shows at once wherever it is used. Pages that use them are still moderated.
STAFF_IMAGE_PERMISSIONS = ["wagtailimages.add_image", "wagtailimages.change_image", "wagtailimages.choose_image"]
STAFF_PAGE_ACTIONS = ["add", "change"]


def city_name(page):
    home = HomePage.objects.ancestor_of(page).first()
    return home.city_name if home else ""


def in_every_language(venue):
    return VenuePage.objects.filter(translation_key=venue.translation_key)


def original(venue):
    """The venue in the site's default language: its translations share its staff."""
    return in_every_language(venue).filter(locale=Locale.get_default()).first() or venue


def staff_group(venue):
    return (
        Group.objects.filter(
            name__startswith=names.VENUE_STAFF_PREFIX,
            page_permissions__page__in=in_every_language(venue).values("pk"),
        )
        .distinct()
        .first()
    )


def venue_collection(venue):
    group = staff_group(venue)
    if group is None:
        return None
    grant = GroupCollectionPermission.objects.filter(group=group).select_related("collection").first()
    return grant.collection if grant else None


def _group_name(venue):
    name = names.venue_staff(city_name(venue), venue.title)
    return name if not Group.objects.filter(name=name).exists() else f"{name[:140]}#{venue.pk}"


def _collections_root():
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=VENUE_COLLECTIONS).first()
    return parent or root.add_child(instance=Collection(name=VENUE_COLLECTIONS))


@transaction.atomic
def ensure_venue_staff(venue):
    """The venue's staff group and image collection, made or brought up to date. One group
    serves the venue in every language, so its English copy is kept current by the same staff."""
    venue = original(venue)
    group = staff_group(venue)
    if group is None:
        group = Group.objects.create(name=_group_name(venue))
    elif group.name != names.venue_staff(city_name(venue), venue.title):
        group.name = _group_name(venue)
        group.save(update_fields=["name"])
    collection = venue_collection(venue)
    collection_name = f"{venue.title}（{city_name(venue)}）"
    if collection is None:
        collection = _collections_root().add_child(instance=Collection(name=collection_name))
    elif collection.name != collection_name:
        collection.name = collection_name
        collection.save(update_fields=["name"])
    set_model_permissions(group, [ACCESS_ADMIN])
    set_page_permissions(group, [(page, STAFF_PAGE_ACTIONS) for page in in_every_language(venue)])
    set_collection_permissions(group, [(collection, STAFF_IMAGE_PERMISSIONS)])
    return group, collection


def move_venue_images(venue, collection):
    """Pictures that only sat in the root collection move into the venue's own collection."""
    root = Collection.get_first_root_node()
    images = [venue.listing_image, *(item.image for item in venue.gallery_images.all())]
    for image in images:
        if image is not None and image.collection_id == root.pk:
            image.collection = collection
            image.save(update_fields=["collection"])


def grant_venue_staff(user, venue):
    group, _collection = ensure_venue_staff(venue)
    user.groups.add(group)
    return group


def venues_created(venues):
    """Staff group and collection for new venues, whichever door made them: the editor's
    save (venue_created below, one venue) or a bulk insert (outreach/lifecycle.py)."""
    with system_change():  # an editor or an import may create a venue; its staff group is Kepu's doing
        for venue in venues:
            ensure_venue_staff(venue)


@receiver(post_save, sender=VenuePage, dispatch_uid="kepu-venue-staff")
def venue_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        venues_created([instance])
