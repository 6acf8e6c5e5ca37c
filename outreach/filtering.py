"""What every list of pages shares: filters read from the query string, pagination, the
filter form's widgets and term names in the reader's language.

Each index page reads its own filters in its `get_context` (outreach/models/works.py and
the others) with these helpers; this module imports no page model, so every model module
can use it.

Filters are plain GET parameters, so every filtered list has its own URL. A value that
does not parse or names nothing is ignored (and shown as not applied), never an error.
"""

from datetime import date, datetime, time

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.worker_cache import for_generation

from . import hours


def city_path(page):
    """The tree path of the city home page a page belongs to (home pages sit at depth 2)."""
    return page.path[: Page.steplen * 2]


def default_locale_terms(model):
    """Taxonomy terms in the default language: pages link to these; translations only rename them."""
    return model.objects.filter(locale__language_code=settings.LANGUAGE_CODE)


def localized_names(terms):
    """{term pk: name in the active language}, in one query for any number of terms."""
    terms = list(terms)
    names = {term.pk: term.name for term in terms}
    language = get_language()
    if not terms or not language or language == settings.LANGUAGE_CODE:
        return names
    model = type(terms[0])
    translated = dict(
        model.objects.filter(
            translation_key__in=[term.translation_key for term in terms], locale__language_code=language
        ).values_list("translation_key", "name")
    )
    return {term.pk: translated.get(term.translation_key, term.name) for term in terms}


def paginate(request, queryset, per_page):
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))


def paginate_for_generation(request, key, per_page, rows, keep=for_generation):
    """The page of a list that the request asks for (?page=; past the end, the last page), for
    a detail page's list of other pages. `keep` is worker_cache.for_generation (then `rows()`, the
    ordered queryset, is read again after the next content change) or for_generation_and_minute
    (`rows(minute)`); the count and each page are kept under `key`."""
    paginator = Paginator([], per_page)  # page arithmetic only: the rows come from `rows`
    paginator.count = keep(request, (*key, "count"), lambda *now: rows(*now).count())
    page = paginator.get_page(request.GET.get("page"))
    start = (page.number - 1) * per_page
    page.object_list = keep(request, (*key, page.number), lambda *now: list(rows(*now)[start : start + per_page]))
    return page


def not_cached(request, key, compute):
    """A `keep` for paginate_for_generation that keeps nothing (a preview, whose page may not be saved)."""
    return compute(timezone.now())


def query_without_page(request):
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


class QuickSelect(forms.Select):
    """Django's <select>, written out in Python. Django renders each <option> from a template
    of its own, and a works index offers a hundred and more (years, audiences, topics)."""

    def render(self, name, value, attrs=None, renderer=None):
        if any(isinstance(label, list | tuple) for _value, label in self.choices):
            return super().render(name, value, attrs, renderer)  # option groups
        selected = set(self.format_value(value))
        options = [
            format_html(
                '<option value="{}"{}>{}</option>',
                option,
                mark_safe(" selected") if option in selected else "",
                label,
            )
            for option, label in (("" if value is None else str(value), label) for value, label in self.choices)
        ]
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>\n{}\n</select>', name, flatatt(final_attrs), mark_safe("\n".join(options))
        )


class FilterForm(forms.Form):
    """A GET form whose invalid fields are dropped rather than reported."""

    def __init__(self, data):
        # Chinese labels end in a full-width colon (类型：), others in ":".
        super().__init__(data, label_suffix="：" if (get_language() or "").startswith("zh") else ":")
        for field in self.fields.values():
            if type(field.widget) is forms.Select:
                field.widget = QuickSelect(attrs=field.widget.attrs, choices=field.choices)

    def applied(self):
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [], False)}


def translated(choices):
    """Model choices with their labels translated at render time (see outreach/labels.py)."""
    return [(value, _(label)) for value, label in choices]


def slug_choices(queryset):
    terms = list(queryset)
    names = localized_names(terms) if terms and hasattr(terms[0], "translation_key") else {}
    return [("", _("全部"))] + [(term.slug, names.get(term.pk, term.name)) for term in terms]


def distinct_values(queryset, field):
    """The distinct non-empty values of `field` in `queryset`, newest first, counted in SQL."""
    values = queryset.exclude(**{f"{field}__isnull": True}).order_by().values_list(field, flat=True).distinct()
    return sorted(values, reverse=True)


def chosen(options, slug):
    """The id of the option whose slug a filter form accepted (its choices are the options').
    Filtering by id, not by a join on the slug, lets the database use its statistics for the
    link table, where a join on the slug made PostgreSQL misjudge how many pages match."""
    return next(option.pk for option in options if option.slug == slug)


def has_term(model, relation, term_id):
    """The page links to the taxonomy term `term_id` through the many-to-many field `relation`."""
    field = model._meta.get_field(relation)
    links = field.remote_field.through.objects.filter(
        **{field.m2m_field_name(): OuterRef("pk"), f"{field.m2m_reverse_field_name()}_id": term_id}
    )
    return Exists(links)


def terms_used(term_model, pages, relation):
    """The terms of `term_model` that some page of `pages` links to through `relation`,
    each checked with an EXISTS rather than a DISTINCT over every link."""
    field = pages.model._meta.get_field(relation)
    links = field.remote_field.through.objects.filter(
        **{field.m2m_reverse_field_name(): OuterRef("pk"), f"{field.m2m_field_name()}__in": pages.values("pk")}
    )
    return term_model.objects.filter(Exists(links))


# Dates a filter or the month calendar accepts: anything earlier or later is clamped to
# these, before any time-zone arithmetic (0001-01-01 in Shanghai is before datetime's range
# in UTC, and the day after 9999-12-31 does not exist).
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)


def clamped_day(day):
    return min(max(day, EARLIEST_DAY), LATEST_DAY)


class ClampedDateField(forms.DateField):
    def clean(self, value):
        day = super().clean(value)
        return clamped_day(day) if day else day


def local_day_start(day):
    return datetime.combine(day, time.min, tzinfo=hours.SHANGHAI)
