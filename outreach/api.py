"""Serializers for the pages API (/api/v2/): what a city platform or mini-program reads.

Related things come out as small objects with their page id and key (slug), taxonomies as
names, and inline rows (occurrences, opening hours) as lists; times are ISO 8601 with the
+08:00 offset."""

from django.utils import timezone
from rest_framework import serializers

from .hours import SHANGHAI


def local_iso(value):
    return timezone.localtime(value, SHANGHAI).isoformat() if value else None


class LocalDateTimeField(serializers.Field):
    def to_representation(self, value):
        return local_iso(value)


class TermNamesField(serializers.Field):
    """A many-to-many of taxonomy terms -> their names."""

    def to_representation(self, value):
        return [term.name for term in value.all()]


class TagNamesField(serializers.Field):
    def to_representation(self, value):
        return [tag.name for tag in value.all()]


class PageRefField(serializers.Field):
    """A related page (venue, brand) -> {id, key, title}."""

    def to_representation(self, page):
        return {"id": page.pk, "key": page.slug, "title": page.title} if page else None


class VenueRefField(PageRefField):
    def to_representation(self, venue):
        data = super().to_representation(venue)
        if data:
            data.update(
                address=venue.address,
                latitude=float(venue.latitude) if venue.latitude is not None else None,
                longitude=float(venue.longitude) if venue.longitude is not None else None,
            )
        return data


class DistrictField(serializers.Field):
    def to_representation(self, district):
        return {"name": district.name, "key": district.slug} if district else None


class CoordinateField(serializers.Field):
    def to_representation(self, value):
        return float(value) if value is not None else None


class OccurrencesField(serializers.Field):
    """Every dated session of an event, the main one included, in time order."""

    def to_representation(self, sessions):
        return [
            {"start": local_iso(s.start), "end": local_iso(s.end), "cancelled": s.cancelled, "main": s.is_main}
            for s in sessions
        ]


class OpeningHoursField(serializers.Field):
    def to_representation(self, rows):
        return [
            {"weekday": row.weekday, "opens": f"{row.opens:%H:%M}", "closes": f"{row.closes:%H:%M}"}
            for row in rows.all()
        ]


class SpecialDaysField(serializers.Field):
    def to_representation(self, rows):
        return [
            {
                "start_date": day.start_date.isoformat(),
                "end_date": day.end_date.isoformat() if day.end_date else None,
                "closed": day.closed,
                "opens": f"{day.opens:%H:%M}" if day.opens else None,
                "closes": f"{day.closes:%H:%M}" if day.closes else None,
                "note": day.note,
            }
            for day in rows.all()
        ]


class CreatorsField(serializers.Field):
    def to_representation(self, rows):
        return [{"name": row.name, "role": row.role} for row in rows.all()]


class AwardsField(serializers.Field):
    def to_representation(self, rows):
        return [{"name": row.name, "level": row.level, "year": row.year} for row in rows.all()]


class GalleryField(serializers.Field):
    """A venue's gallery: each image's alt text and a 960-wide rendition."""

    def to_representation(self, rows):
        items = []
        for row in rows.all():
            rendition = row.image.get_rendition("width-960")
            items.append(
                {
                    "id": row.image.pk,
                    "alt": row.image.default_alt_text,
                    "caption": row.caption,
                    "url": rendition.url,
                    "width": rendition.width,
                    "height": rendition.height,
                }
            )
        return items


class ReviewerField(serializers.Field):
    """A rumour's reviewing expert -> {name, title, affiliation, field}."""

    def to_representation(self, rumour):
        return {
            "name": rumour.reviewer_name,
            "title": rumour.reviewer_title,
            "affiliation": rumour.reviewer_affiliation,
            "field": rumour.reviewer_field,
        }


class EvidenceField(serializers.Field):
    """A rumour's evidence rows -> [{source, title, date, url}]."""

    def to_representation(self, rows):
        return [
            {
                "source": row.source,
                "title": row.title,
                "date": row.published_on.isoformat() if row.published_on else None,
                "url": row.url,
            }
            for row in rows.all()
        ]
