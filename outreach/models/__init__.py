from .base import BasePage, IndexPage, ListingMixin
from .brands import BrandIndexPage, BrandPage, BrandType
from .emergency import EmergencyHubPage
from .events import EventIndexPage, EventOccurrence, EventPage, EventStatus
from .images import KepuImage, KepuRendition
from .import_jobs import ImportJob
from .rumours import RumourEvidence, RumourIndexPage, RumourPage, Spread, Verdict
from .targets import Metric, PlanTarget
from .taxonomy import Audience, District, Hazard, Topic
from .tips import RumourTip, TipStatus
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
    "EmergencyHubPage",
    "EventIndexPage",
    "EventOccurrence",
    "EventPage",
    "EventStatus",
    "Hazard",
    "ImportJob",
    "IndexPage",
    "KepuImage",
    "KepuRendition",
    "Language",
    "ListingMixin",
    "Metric",
    "OpeningHours",
    "PlanTarget",
    "RumourEvidence",
    "RumourIndexPage",
    "RumourPage",
    "RumourTip",
    "Spread",
    "TipStatus",
    "Topic",
    "TopicIndexPage",
    "TopicPage",
    "VenueGalleryImage",
    "VenueIndexPage",
    "VenueLevel",
    "VenuePage",
    "VenueSpecialDay",
    "VenueType",
    "Verdict",
    "WorkAward",
    "WorkCreator",
    "WorkIndexPage",
    "WorkPage",
    "WorkTag",
    "WorkType",
]
