"""Works, events and venues as CSV and XLSX from the admin, with taxonomies and dates.

Built on Wagtail's ReportView, which streams CSV and writes XLSX; each row is made here so
lists read 天文、海洋 and times are Shanghai wall-clock times (Wagtail would write UTC).

Every spreadsheet export in the admin (these, the plan dashboard's and Wagtail's own reports)
writes a text cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
with a leading single quote, as OWASP advises against CSV injection: a draft title typed by
venue staff cannot become a live link or command in the plan office's spreadsheet.

An export holds drafts, so each one (list, CSV, XLSX, the site filter's choices) covers only
the cities the user works in (`outreach.roles.permissions.city_scope`): a city's editors their
own city, the plan office and superusers every city."""

from collections import OrderedDict
from datetime import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.reports import ReportView
from wagtail.models import Site

from outreach.models import EventPage, VenuePage, WorkPage
from outreach.roles.permissions import city_scope, in_city_scope

EXPORT_PERMISSION = "outreach.export_outreach"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet would evaluate, made plain text; numbers and dates as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def guard_spreadsheet_exports():
    """Wraps Wagtail's SpreadsheetExportMixin (behind every CSV/XLSX export of the admin:
    ReportView, model and snippet listings, form submissions) so each value it writes
    passes through `neutralise`. Called once from the tools' admin hooks."""
    original = SpreadsheetExportMixin.preprocess_field_value
    if getattr(original, "neutralises_formulas", False):
        return

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(original(self, field, value, export_format))

    preprocess_field_value.neutralises_formulas = True
    SpreadsheetExportMixin.preprocess_field_value = preprocess_field_value


def names(manager):
    return "、".join(item.name for item in manager.all())


def local(value):
    return timezone.localtime(value).replace(tzinfo=None) if isinstance(value, datetime) else value


def status(page):
    if not page.live:
        return "草稿"
    return "已发布（有未发布修改）" if page.has_unpublished_changes else "已发布"


def export_sites(request):
    """The city sites `request.user` may export: the site filter's choices."""
    sites = Site.objects.select_related("root_page").order_by("-is_default_site", "site_name")
    paths = city_scope(request.user)
    return sites if paths is None else sites.filter(root_page__path__in=paths)


class SiteFilterSet(WagtailFilterSet):
    site = django_filters.ModelChoiceFilter(
        label="城市站点", queryset=export_sites, method="filter_site", empty_label="全部站点"
    )
    live = django_filters.BooleanFilter(label="已发布")

    def filter_site(self, queryset, name, value):
        return queryset.filter(path__startswith=value.root_page.path) if value else queryset


class PageExportView(ReportView):
    header_icon = "download"
    paginate_by = 50
    fields = ()  # (column key, heading, function of the page)

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def pages(self):
        """Every page of the view's type, with what its columns read."""
        raise NotImplementedError

    def get_queryset(self):
        return in_city_scope(self.pages(), city_scope(self.request.user))

    @property
    def list_export(self):
        return [key for key, _heading, _get in self.fields]

    @property
    def export_headings(self):
        return {key: heading for key, heading, _get in self.fields}

    def to_row_dict(self, item):
        return OrderedDict((key, local(get(item))) for key, _heading, get in self.fields)

    def get_filename(self):
        return f"{self.export_filename}-{timezone.localdate():%Y-%m-%d}"

    columns = [
        Column("title", label="标题"),
        Column("slug", label="key"),
        Column("status", label="状态", accessor=status),
        Column("latest_revision_created_at", label="最近修改"),
    ]


def city(page):
    return page.url_path.strip("/").split("/")[0]


COMMON_HEAD = [
    ("key", "key", lambda p: p.slug),
    ("site", "站点", city),
    ("title", "标题", lambda p: p.title),
    ("summary", "简介", lambda p: p.summary),
    ("status", "状态", status),
]
COMMON_TAIL = [
    ("topics", "主题", lambda p: names(p.topics)),
    ("audiences", "受众", lambda p: names(p.audiences)),
    ("first_published_at", "首次发布", lambda p: p.first_published_at),
    ("last_published_at", "最近发布", lambda p: p.last_published_at),
    ("url", "网址", lambda p: p.full_url or ""),
]


class WorksExportView(PageExportView):
    page_title = "导出科普作品"
    export_filename = "kepu-works"
    index_url_name = "outreach_tools:export_works"
    index_results_url_name = "outreach_tools:export_works_results"
    filterset_class = type(
        "WorkFilterSet", (SiteFilterSet,), {"Meta": type("Meta", (), {"model": WorkPage, "fields": ["live"]})}
    )
    fields = [
        *COMMON_HEAD,
        ("work_type", "作品类型", lambda p: p.get_work_type_display()),
        ("creators", "创作者", lambda p: "、".join(str(c) for c in p.creators.all())),
        ("publisher", "出版/出品单位", lambda p: p.publisher),
        ("year", "年份", lambda p: p.year),
        ("isbn", "ISBN", lambda p: p.isbn),
        ("original", "原创/译著", lambda p: "原创" if p.original else "译著"),
        ("language", "语言", lambda p: p.get_language_display()),
        ("recommended_year", "年度推荐", lambda p: p.recommended_year),
        ("awards", "获奖", lambda p: "、".join(f"{a.name}（{a.year or ''}）" for a in p.awards.all())),
        ("brand", "品牌", lambda p: p.brand.title if p.brand else ""),
        ("tags", "标签", lambda p: names(p.tags)),
        *COMMON_TAIL,
    ]

    def pages(self):
        return (
            WorkPage.objects.order_by("path")
            .select_related("brand")
            .prefetch_related("topics", "audiences", "creators", "awards", "tags")
        )


class EventsExportView(PageExportView):
    page_title = "导出科普活动"
    export_filename = "kepu-events"
    index_url_name = "outreach_tools:export_events"
    index_results_url_name = "outreach_tools:export_events_results"
    filterset_class = type(
        "EventFilterSet", (SiteFilterSet,), {"Meta": type("Meta", (), {"model": EventPage, "fields": ["live"]})}
    )
    fields = [
        *COMMON_HEAD,
        ("start", "开始时间", lambda p: p.start),
        ("end", "结束时间", lambda p: p.end),
        (
            "occurrences",
            "其他场次",
            lambda p: "；".join(
                f"{local(o.start):%Y-%m-%d %H:%M}–{local(o.end):%H:%M}{'（取消）' if o.cancelled else ''}"
                for o in p.occurrences.all()
            ),
        ),
        ("status_label", "活动状态", lambda p: p.get_status_display()),
        ("venue", "场馆", lambda p: p.venue.title if p.venue else ""),
        ("district", "所在区", lambda p: d.name if (d := p.search_district()) else ""),
        ("brand", "品牌", lambda p: p.brand.title if p.brand else ""),
        ("free", "免费", lambda p: "是" if p.free else "否"),
        ("capacity", "名额", lambda p: p.capacity),
        ("registration_url", "报名链接", lambda p: p.registration_url),
        ("organiser", "主办单位", lambda p: p.organiser),
        *COMMON_TAIL,
    ]

    def pages(self):
        return (
            EventPage.objects.order_by("first_start", "path")
            .select_related("venue__district", "brand", "district")
            .prefetch_related("topics", "audiences", "occurrences")
        )


def hours_text(venue):
    return "；".join(
        f"{row.get_weekday_display()} {row.opens:%H:%M}–{row.closes:%H:%M}" for row in venue.opening_hours.all()
    )


class VenuesExportView(PageExportView):
    page_title = "导出科普场馆"
    export_filename = "kepu-venues"
    index_url_name = "outreach_tools:export_venues"
    index_results_url_name = "outreach_tools:export_venues_results"
    filterset_class = type(
        "VenueFilterSet", (SiteFilterSet,), {"Meta": type("Meta", (), {"model": VenuePage, "fields": ["live"]})}
    )
    fields = [
        *COMMON_HEAD,
        ("venue_type", "场馆类型", lambda p: p.get_venue_type_display()),
        ("level", "等级", lambda p: p.get_level_display()),
        ("district", "所在区", lambda p: p.district.name if p.district else ""),
        ("address", "地址", lambda p: p.address),
        ("latitude", "纬度", lambda p: float(p.latitude) if p.latitude is not None else None),
        ("longitude", "经度", lambda p: float(p.longitude) if p.longitude is not None else None),
        ("opening_hours", "开放时间", hours_text),
        ("hours_note", "开放时间说明", lambda p: p.hours_note),
        ("admission", "门票", lambda p: p.admission),
        ("phone", "电话", lambda p: p.phone),
        *COMMON_TAIL,
    ]

    def pages(self):
        return (
            VenuePage.objects.order_by("path")
            .select_related("district")
            .prefetch_related("topics", "audiences", "opening_hours")
        )
