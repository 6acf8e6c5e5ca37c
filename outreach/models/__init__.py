from .base import BasePage, IndexPage, ListingMixin
from .brands import BrandIndexPage, BrandPage, BrandType
from .events import EventIndexPage, EventOccurrence, EventPage, EventStatus
from .images import KepuImage, KepuRendition
from .import_jobs import ImportJob
from .targets import Metric, PlanTarget
from .taxonomy import Audience, District, Topic
from .topics import TopicIndexPage, TopicPage
from .venues import OpeningHours, VenueGalleryImage, VenueIndexPage, VenueLevel, VenuePage, VenueSpecialDay, VenueType
from .works import AwardLevel, CreatorRole, Language, WorkAward, WorkCreator, WorkIndexPage, WorkPage, WorkTag, WorkType

__all__ = [
    "Audience",
    "AwardLevel",
    "BasePage",
    "BrandIndexPage",
    "BrandPage",
    "BrandType",
    "CreatorRole",
    "District",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventStatus",
    "ImportJob",
    "IndexPage",
    "KepuImage",
    "KepuRendition",
    "Language",
    "ListingMixin",
    "Metric",
    "OpeningHours",
    "PlanTarget",
    "Topic",
    "TopicIndexPage",
    "TopicPage",
    "VenueGalleryImage",
    "VenueIndexPage",
    "VenueLevel",
    "VenuePage",
    "VenueSpecialDay",
    "VenueType",
    "WorkAward",
    "WorkCreator",
    "WorkIndexPage",
    "WorkPage",
    "WorkTag",
    "WorkType",
]
