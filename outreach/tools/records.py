"""What each record of an import file may hold, how a raw value becomes a field value, and
which page and row models the values land in (`MODELS`, `apply_values`): the planner checks
a file with them and the writer writes it with them.

A record is a JSON object; every field but `key` is optional for an update, and the model
says which are required for a new page (title, summary, the type's kind …). Conversions
only check the *shape* of a value (a number, a list, an ISO date); the rules about its
*meaning* (ISBN checksum, end after start, coordinates in range) stay on the models and
their validators, which the importer runs on every page it builds.
"""

import html
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import timezone
from django.utils.text import slugify

from outreach.hours import SHANGHAI
from outreach.models import (
    Audience,
    BrandPage,
    EventOccurrence,
    EventPage,
    Hazard,
    OpeningHours,
    RumourEvidence,
    RumourPage,
    Topic,
    VenuePage,
    WorkAward,
    WorkCreator,
    WorkPage,
)
from outreach.validators import normalise_isbn

KINDS = ("brands", "venues", "works", "events", "rumours")  # the order they are written in
KIND_LABELS = {"brands": "品牌", "venues": "场馆", "works": "作品", "events": "活动", "rumours": "辟谣"}
COORDINATE_STEP = Decimal("0.000001")
# Numbers an import may hold: beyond these a value is a typo or an attack, refused by name
# before it reaches Decimal arithmetic or the database's integer columns.
MAX_DIGITS = 12
YEARS = (1000, 2100)


class FieldProblem(Exception):
    """A value of the wrong shape; the message is shown to the editor."""


def _describe(value):
    text = json_repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def json_repr(value):
    return json.dumps(value, ensure_ascii=False)


def to_text(value):
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise FieldProblem(f"应为文字，而不是 {_describe(value)}。")
    return str(value).strip()


def to_int(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise FieldProblem(f"应为整数，而不是 {_describe(value)}。")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdigit() and len(value.strip()) <= MAX_DIGITS:
        number = int(value.strip())
    else:
        raise FieldProblem(f"应为整数，而不是 {_describe(value)}。")
    if abs(number) >= 10**MAX_DIGITS:
        raise FieldProblem(f"数值过大：{_describe(value)}。")
    return number


def bounded(convert, low, high, unit=""):
    """`convert`, then the value must lie in [low, high] (None passes: the field is optional)."""

    def check(value):
        number = convert(value)
        if number is not None and not low <= number <= high:
            raise FieldProblem(f"应在 {low} 到 {high}{unit} 之间，而不是 {_describe(value)}。")
        return number

    return check


def to_bool(value):
    if not isinstance(value, bool):
        raise FieldProblem(f"应为 true 或 false，而不是 {_describe(value)}。")
    return value


def to_decimal(value):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldProblem(f"应为数字，而不是 {_describe(value)}。")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise FieldProblem(f"应为数字，而不是 {_describe(value)}。") from None
    if not number.is_finite():
        raise FieldProblem(f"应为数字，而不是 {_describe(value)}。")
    if abs(number) >= 10**MAX_DIGITS:
        raise FieldProblem(f"数值过大：{_describe(value)}。")
    return number.quantize(COORDINATE_STEP, rounding=ROUND_HALF_UP)


def to_datetime(value):
    if not isinstance(value, str):
        raise FieldProblem(f"应为 ISO 8601 日期时间（例如 2026-05-18T09:00:00+08:00），而不是 {_describe(value)}。")
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        raise FieldProblem(f"不是有效的日期时间：{_describe(value)}（应如 2026-05-18T09:00:00+08:00）。") from None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=SHANGHAI)  # a time without offset is Shanghai time
    return moment


def to_date(value):
    if not isinstance(value, str):
        raise FieldProblem(f"应为日期（例如 2026-05-18），而不是 {_describe(value)}。")
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise FieldProblem(f"不是有效的日期：{_describe(value)}（应如 2026-05-18）。") from None


def to_time(value):
    if not isinstance(value, str):
        raise FieldProblem(f"应为时间（例如 09:00），而不是 {_describe(value)}。")
    try:
        return time.fromisoformat(value.strip())
    except ValueError:
        raise FieldProblem(f"不是有效的时间：{_describe(value)}（应如 09:00）。") from None


def to_list(value):
    if value is None:
        return []
    if not isinstance(value, list):
        raise FieldProblem(f"应为列表（[…]），而不是 {_describe(value)}。")
    return value


def to_names(value):
    names = []
    for item in to_list(value):
        if not isinstance(item, str) or not item.strip():
            raise FieldProblem(f"列表中的每一项应为名称文字，而不是 {_describe(item)}。")
        names.append(item.strip())
    return list(dict.fromkeys(names))


def to_key(value):
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise FieldProblem(f"应为另一条记录的 key（文字），而不是 {_describe(value)}。")
    return value.strip()


def to_body(value):
    """Plain text; blank lines separate paragraphs. Stored as escaped rich-text paragraphs."""
    text = to_text(value)
    paragraphs = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return [("paragraph", "<p>" + html.escape(part).replace("\n", "<br/>") + "</p>") for part in paragraphs]


def _objects(value, fields):
    rows = []
    for item in to_list(value):
        if not isinstance(item, dict):
            raise FieldProblem(f"列表中的每一项应为对象（{{…}}），而不是 {_describe(item)}。")
        unknown = sorted(set(item) - set(fields))
        if unknown:
            raise FieldProblem(f"未知的字段 {'、'.join(unknown)}（可用：{'、'.join(fields)}）。")
        rows.append(item)
    return rows


def to_creators(value):
    """["张三", …] or [{"name": "张三", "role": "translator"}, …]; the role defaults to author."""
    creators = []
    for item in to_list(value):
        if isinstance(item, str) and item.strip():
            creators.append((item.strip(), "author"))
        elif isinstance(item, dict):
            [row] = _objects([item], ("name", "role"))
            creators.append((to_text(row.get("name")), to_text(row.get("role")) or "author"))
        else:
            raise FieldProblem(f'创作者应为姓名或 {{"name", "role"}}，而不是 {_describe(item)}。')
    return creators


def to_awards(value):
    return [
        (to_text(row.get("name")), to_text(row.get("level")) or "national", to_year(row.get("year")))
        for row in _objects(value, ("name", "level", "year"))
    ]


def to_opening_hours(value):
    return [
        (to_int(row.get("weekday")), to_time(row.get("opens")), to_time(row.get("closes")))
        for row in _objects(value, ("weekday", "opens", "closes"))
    ]


def to_evidence(value):
    return [
        (
            to_text(row.get("source")),
            to_text(row.get("title")),
            to_date(row["date"]) if row.get("date") else None,
            to_text(row.get("url")),
        )
        for row in _objects(value, ("source", "title", "date", "url"))
    ]


def to_occurrences(value):
    return [
        (to_datetime(row.get("start")), to_datetime(row.get("end")), bool(to_bool(row.get("cancelled", False))))
        for row in _objects(value, ("start", "end", "cancelled"))
    ]


@dataclass(frozen=True)
class Spec:
    convert: object
    role: str = "scalar"  # scalar | body | ref | terms | district | tags | children
    target: str = ""  # ref: the kind it points at; children: the relation's name


to_year = bounded(to_int, *YEARS)
TEXT = Spec(to_text)
YEAR = Spec(to_year)
BOOL = Spec(to_bool)
COMMON = {"title": TEXT, "summary": TEXT, "listing_title": TEXT, "body": Spec(to_body, "body")}
TERMS = {"topics": Spec(to_names, "terms"), "audiences": Spec(to_names, "terms")}
# Booking on Kepu itself (outreach/models/booking.py): the rules, never anyone's bookings.
BOOKING_RULES = {
    "online_booking": BOOL,
    "max_party_size": Spec(bounded(to_int, 1, 20, " 人")),
    "booking_opens_days": Spec(bounded(to_int, 0, 90, " 天")),
    "booking_opens_time": Spec(to_time),
    "booking_closes_minutes": Spec(bounded(to_int, 0, 100_000, " 分钟")),
    "cancel_until_minutes": Spec(bounded(to_int, 0, 100_000, " 分钟")),
    "reserved_share": Spec(bounded(to_int, 0, 100, "%")),
}

FIELDS = {
    "brands": {
        **COMMON,
        "brand_type": TEXT,
        "organiser": TEXT,
        "founded_year": YEAR,
        "website": TEXT,
    },
    "venues": {
        **COMMON,
        "venue_type": TEXT,
        "level": TEXT,
        "district": Spec(to_text, "district"),
        "address": TEXT,
        "latitude": Spec(bounded(to_decimal, -90, 90)),
        "longitude": Spec(bounded(to_decimal, -180, 180)),
        "opening_hours": Spec(to_opening_hours, "children", "opening_hours"),
        "admission": TEXT,
        "booking_url": TEXT,
        "booking_note": TEXT,
        "phone": TEXT,
        "accessibility": TEXT,
        "hours_note": TEXT,
        **BOOKING_RULES,
        "real_name_booking": BOOL,
        "daily_capacity": Spec(bounded(to_int, 0, 1_000_000)),
        "slot_minutes": Spec(bounded(to_int, 15, 720, " 分钟")),
        **TERMS,
    },
    "works": {
        **COMMON,
        "work_type": TEXT,
        "creators": Spec(to_creators, "children", "creators"),
        "publisher": TEXT,
        "year": YEAR,
        "isbn": Spec(lambda value: normalise_isbn(to_text(value))),
        "identifier": TEXT,
        "duration_minutes": Spec(bounded(to_int, 0, 100_000, " 分钟")),
        "language": TEXT,
        "original": BOOL,
        "recommended_year": YEAR,
        "where_to_find": TEXT,
        "where_to_find_url": TEXT,
        "brand": Spec(to_key, "ref", "brands"),
        "awards": Spec(to_awards, "children", "awards"),
        "tags": Spec(to_names, "tags"),
        **TERMS,
    },
    "events": {
        **COMMON,
        "start": Spec(to_datetime),
        "end": Spec(to_datetime),
        "occurrences": Spec(to_occurrences, "children", "occurrences"),
        "venue": Spec(to_key, "ref", "venues"),
        "brand": Spec(to_key, "ref", "brands"),
        "district": Spec(to_text, "district"),
        "free": BOOL,
        "fee_note": TEXT,
        "registration_url": TEXT,
        "capacity": Spec(bounded(to_int, 0, 1_000_000)),
        "real_name_booking": BOOL,
        **BOOKING_RULES,
        "status": TEXT,
        "organiser": TEXT,
        "online_url": TEXT,
        "location_note": TEXT,
        "accessibility_notes": TEXT,
        **TERMS,
    },
    "rumours": {
        **COMMON,
        "claim": TEXT,
        "claim_channel": TEXT,
        "claim_first_seen": Spec(to_date),
        "claim_url": TEXT,
        "verdict": TEXT,
        "spread": Spec(bounded(to_int, 1, 4)),
        "reviewed_on": Spec(to_date),
        "reviewer_name": TEXT,
        "reviewer_title": TEXT,
        "reviewer_affiliation": TEXT,
        "reviewer_field": TEXT,
        "evidence": Spec(to_evidence, "children", "evidence"),
        "topics": Spec(to_names, "terms"),
        "hazards": Spec(to_names, "terms"),
    },
}


def term_slug(name):
    return slugify(name, allow_unicode=True)[:60] or "term"


def term_defaults(name):
    return {"name": name, "slug": term_slug(name)}


MODELS = {"brands": BrandPage, "venues": VenuePage, "works": WorkPage, "events": EventPage, "rumours": RumourPage}
CHILD_MODELS = {
    "creators": (WorkCreator, ("name", "role")),
    "awards": (WorkAward, ("name", "level", "year")),
    "opening_hours": (OpeningHours, ("weekday", "opens", "closes")),
    "occurrences": (EventOccurrence, ("start", "end", "cancelled")),
    "evidence": (RumourEvidence, ("source", "title", "published_on", "url")),
}
TERM_MODELS = {"topics": Topic, "audiences": Audience, "hazards": Hazard}


def apply_values(page, kind, values, resolve=None):
    """Sets a record's values on `page`. `resolve` (write time) turns keys and names into
    objects; without it (planning) references and taxonomies are left for later."""
    for name, value in values.items():
        spec = FIELDS[kind][name]
        if spec.role in ("scalar", "body"):
            setattr(page, name, value)
        elif spec.role == "children":
            model, fields = CHILD_MODELS[spec.target]
            setattr(page, name, [model(**dict(zip(fields, row, strict=True))) for row in value])
        elif resolve is not None:
            resolve(page, name, spec, value)
