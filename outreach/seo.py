"""What search engines and chat apps read from a page: schema.org JSON-LD, Open Graph
and the canonical URL. Built from the page's own fields; nothing is fetched."""

from django.utils.html import strip_tags
from django.utils.translation import get_language, gettext

from core import worker_cache

from .hours import SHANGHAI
from .models.base import CARD_RENDITION

VIDEO_TYPES = {"video", "micro_video", "film", "tv"}
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "sold_out": "https://schema.org/EventScheduled",
}


def absolute(request, url):
    if not url:
        return ""
    return url if url.startswith(("http://", "https://")) else request.build_absolute_uri(url)


def image_url(request, image):
    """The absolute address of the image's card rendition. Open Graph and JSON-LD both name
    it on every detail page; the address is kept per worker and content generation, as
    kepu_tags.picture keeps its tags (a rendition never changes)."""
    if image is None:
        return ""
    url = worker_cache.for_generation(
        request, ("card-rendition-url", image.pk), lambda: image.get_rendition(CARD_RENDITION).url
    )
    return absolute(request, url)


def canonical_url(request, page):
    """A page's own address without filters or paging; a non-page view's path."""
    if page is not None and hasattr(page, "get_full_url"):
        return page.get_full_url(request)
    return request.build_absolute_uri(request.path)


def open_graph(request, page):
    language = get_language() or "zh-hans"
    data = {
        "og:type": "website",
        "og:url": canonical_url(request, page),
        "og:locale": "en_US" if language.startswith("en") else "zh_CN",
    }
    if page is not None:
        data["og:title"] = getattr(page, "seo_title", "") or getattr(page, "card_title", "") or page.title
        description = getattr(page, "search_description", "") or getattr(page, "summary", "") or ""
        description = description or getattr(page, "intro", "") or ""
        if description:
            data["og:description"] = strip_tags(description)[:200]
        image = getattr(page, "card_image", None)
        if image is not None:
            data["og:image"] = image_url(request, image)
            data["og:image:alt"] = image.default_alt_text
        if getattr(page, "search_type", ""):
            data["og:type"] = "article"
    return data


def address(venue):
    return {
        "@type": "PostalAddress",
        "streetAddress": venue.address,
        "addressLocality": venue.district.name if venue.district else "",
        "addressCountry": "CN",
    }


def place(request, venue):
    data = {
        "@type": "Museum" if venue.venue_type == "museum" else "Place",
        "name": venue.title,
        "url": venue.get_full_url(request),
        "address": address(venue),
    }
    if venue.has_coordinates:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(venue.latitude),
            "longitude": float(venue.longitude),
        }
    return data


def event_data(request, page):
    base = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "description": strip_tags(page.summary),
        "url": page.get_full_url(request),
        "eventStatus": EVENT_STATUS.get(page.status, EVENT_STATUS["scheduled"]),
        "inLanguage": "zh-CN",
    }
    if page.venue:
        base["location"] = place(request, page.venue)
        base["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
    elif page.online_url:
        base["location"] = {"@type": "VirtualLocation", "url": page.online_url}
        base["eventAttendanceMode"] = "https://schema.org/OnlineEventAttendanceMode"
    if page.organiser:
        base["organizer"] = {"@type": "Organization", "name": page.organiser}
    if page.free:
        base["isAccessibleForFree"] = True
        base["offers"] = {"@type": "Offer", "price": "0", "priceCurrency": "CNY", "url": base["url"]}
    image = page.card_image
    if image is not None:
        base["image"] = image_url(request, image)
    sessions = page.all_occurrences
    items = []
    for session in sessions:
        item = {
            **base,
            "startDate": session.start.astimezone(SHANGHAI).isoformat(),
            "endDate": session.end.astimezone(SHANGHAI).isoformat(),
        }
        if session.cancelled:
            item["eventStatus"] = EVENT_STATUS["cancelled"]
        items.append(item)
    return items[0] if len(items) == 1 else items


def venue_data(request, page):
    data = {"@context": "https://schema.org", **place(request, page), "description": strip_tags(page.summary)}
    if page.phone:
        data["telephone"] = page.phone
    if page.card_image is not None:
        data["image"] = image_url(request, page.card_image)
    data["openingHoursSpecification"] = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[row.weekday - 1]}",
            "opens": row.opens.strftime("%H:%M"),
            "closes": row.closes.strftime("%H:%M"),
        }
        for row in page.weekly_hours
    ]
    # From the editor's tick, never from words in the admission text: "60 岁以上老人免费"
    # does not make a museum free.
    data["isAccessibleForFree"] = page.admission_free
    return data


def work_data(request, page):
    if page.work_type == "book":
        kind = "Book"
    elif page.work_type in VIDEO_TYPES:
        kind = "VideoObject"
    else:
        kind = "CreativeWork"
    data = {
        "@context": "https://schema.org",
        "@type": kind,
        "name": page.title,
        "description": strip_tags(page.summary),
        "url": page.get_full_url(request),
        "inLanguage": {"zh": "zh-CN", "en": "en", "zh-en": ["zh-CN", "en"]}.get(page.language, "zh-CN"),
    }
    creators = [{"@type": "Person", "name": creator.name} for creator in page.creators.all()]
    if creators:
        data["author" if kind != "VideoObject" else "creator"] = creators
    if page.publisher:
        data["publisher"] = {"@type": "Organization", "name": page.publisher}
    if page.year:
        data["datePublished"] = str(page.year)
    if page.isbn and kind == "Book":
        data["isbn"] = page.isbn
    image = page.card_image
    if image is not None:
        data["thumbnailUrl" if kind == "VideoObject" else "image"] = image_url(request, image)
    if kind == "VideoObject":
        if page.year:
            data["uploadDate"] = f"{page.year}-01-01"
        if page.duration_minutes:
            data["duration"] = f"PT{page.duration_minutes}M"
    awards = [award.name for award in page.awards.all()]
    if awards:
        data["award"] = awards
    return data


def claim_review_data(request, page):
    """schema.org ClaimReview: the claim, the verdict as a 1–4 rating named by its label, the
    reviewing expert, the review date, and where the claim appeared when known."""
    verdict = gettext(str(page.get_verdict_display()))  # in the reader's language (outreach/labels.py)
    data = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": page.get_full_url(request),
        "name": page.title,
        "claimReviewed": strip_tags(page.claim),
        "datePublished": page.reviewed_on.isoformat(),
        "inLanguage": "en" if page.locale.language_code.startswith("en") else "zh-CN",
        "author": {
            "@type": "Person",
            "name": page.reviewer_name,
            "knowsAbout": page.reviewer_field,
            **({"jobTitle": page.reviewer_title} if page.reviewer_title else {}),
            **(
                {"affiliation": {"@type": "Organization", "name": page.reviewer_affiliation}}
                if page.reviewer_affiliation
                else {}
            ),
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": page.rating,
            "bestRating": 4,
            "worstRating": 1,
            "alternateName": verdict,
        },
    }
    claim = {"@type": "Claim"}
    if page.claim_first_seen:
        claim["datePublished"] = page.claim_first_seen.isoformat()
    if page.claim_url:
        claim["firstAppearance"] = claim["appearance"] = {"@type": "CreativeWork", "url": page.claim_url}
    elif page.claim_channel:
        claim["appearance"] = {"@type": "CreativeWork", "name": page.claim_channel}
    data["itemReviewed"] = claim
    return data


def json_ld(request, page):
    """The schema.org description of a detail page, or None for other pages."""
    kind = getattr(page, "search_type", "")
    if kind == "event":
        return event_data(request, page)
    if kind == "venue":
        return venue_data(request, page)
    if kind == "work":
        return work_data(request, page)
    if kind == "rumour":
        return claim_review_data(request, page)
    if kind == "brand":
        return {
            "@context": "https://schema.org",
            "@type": "Organization" if page.brand_type != "festival" else "EventSeries",
            "name": page.title,
            "description": strip_tags(page.summary),
            "url": page.get_full_url(request),
        }
    return None
