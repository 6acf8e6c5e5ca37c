"""The small abstract base every outreach page shares: what a listing card shows, and the
page-type contract every type joins (search/page_types.py; tests/outreach/test_page_types.py
checks each type keeps it): a new type is one class and its templates."""

from django.conf import settings
from django.db import models
from django.db.models import Prefetch, Value
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, Workflow
from wagtail.search import index

from core.site_context import public
from home.models import HomePage
from outreach.roles import names as role_names
from outreach.roles.forms import ChooserLimitsPageForm
from search.page_types import FACETS, SearchablePage

from .taxonomy import Hazard

CARD_RENDITION = "fill-480x320"
# The shape a card shows a picture in, by what the picture is: a book cover is 3:4 portrait,
# a film or video poster 2:3, an audio cover or a brand's mark square, the rest 3:2. Each
# type names its shape (`card_shape`), so a portrait cover keeps its title in a listing.
CARD_RENDITIONS = {
    "landscape": CARD_RENDITION,
    "portrait": "fill-360x480",
    "poster": "fill-320x480",
    "square": "fill-400x400",
}
KEPT_BY_SOURCE = "由中文页面维护"
HAZARD_HELP = "与哪类灾害相关；应急模式开启时，应急专区会列出它，它的审核也走应急快速通道。"


def city_home(page):
    """The city home page above `page` (in the page's language), or None."""
    if not page.path or len(page.path) < 2 * Page.steplen:
        return None
    return HomePage.objects.filter(path=page.path[: 2 * Page.steplen]).first()


class ScienceReviewedMixin:
    """Pages whose accuracy a scientist checks before they go live (works, rumours, the
    emergency hub): the city's two-step works workflow (科学性审核 then 发布审核) wherever
    they sit in the tree, or its one-step fast track (应急快速审核) while an emergency hub of
    the city is on for a hazard the page is tagged with. Kepu's admin hooks
    (outreach/roles/hooks.py) turn a moderator's direct "publish" into "save draft" for
    them, so they reach the site only through review (or a superuser)."""

    needs_science_review = True

    def page_hazard_ids(self):
        """The hazards this page (as edited, before it is saved) is tagged with."""
        if not hasattr(self, "hazards"):
            return set()
        return {hazard.pk for hazard in self.hazards.all()}

    def takes_fast_track(self, active_hazard_ids):
        return bool(self.page_hazard_ids() & active_hazard_ids)

    def get_workflow(self):
        home = city_home(self)
        if home is None:
            return super().get_workflow()
        active = set(
            Hazard.objects.filter(
                hubs__live=True, hubs__emergency_on=True, hubs__path__startswith=home.path
            ).values_list("pk", flat=True)
        )
        if self.takes_fast_track(active):
            fast = Workflow.objects.filter(name=role_names.fast_track_workflow(home.city_name), active=True).first()
            if fast is not None:
                return fast
        reviewed = Workflow.objects.filter(name=role_names.works_workflow(home.city_name), active=True).first()
        return reviewed or super().get_workflow()


class SharedFactsForm(ChooserLimitsPageForm):
    """A translation's editor shows the facts its default-language page keeps (the type's
    `shared_fields` and `shared_rows`, copied on publish by outreach/lifecycle.py) read-only."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        locale = getattr(page, "locale", None)
        if page.pk is None or locale is None or locale.language_code == settings.LANGUAGE_CODE:
            return
        for name in getattr(page, "shared_fields", ()):
            if name in self.fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = KEPT_BY_SOURCE
        for relation, names in getattr(page, "shared_rows", {}).items():
            formset = self.formsets.get(relation)
            if formset is None:
                continue
            for form in [*formset.forms, formset.empty_form]:
                for name in names:
                    if name in form.fields:
                        form.fields[name].disabled = True
                        form.fields[name].help_text = KEPT_BY_SOURCE


class ListingMixin(models.Model):
    """Listing title, summary and image: the fields of a card, a search hit, a feed item."""

    listing_title = models.CharField(
        "列表标题", max_length=255, blank=True, help_text="在列表和搜索结果中替代页面标题；留空则用页面标题。"
    )
    summary = models.TextField("简介", max_length=500, help_text="一两句话，显示在列表、搜索结果和分享卡片上。")
    listing_image = models.ForeignKey(
        "outreach.KepuImage",
        verbose_name="列表图片",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    listing_panels = [
        MultiFieldPanel([FieldPanel("listing_title"), FieldPanel("listing_image")], heading="列表展示"),
    ]

    @property
    def card_title(self):
        return self.listing_title or self.title

    # The image fields its picture may come from, the first one set wins (search/page_types.py).
    picture_fields = ("listing_image",)

    @property
    def card_image(self):
        for name in self.picture_fields:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None

    # `?poster=1`: a printable A4 poster of the page (title, picture, the type's key facts
    # from outreach/posters/<type>.html and a QR code of its address), for notice boards.
    poster_template = "outreach/poster.html"

    @property
    def poster_facts_template(self):
        return f"outreach/posters/{self.search_type}.html"

    def get_template(self, request, *args, **kwargs):
        if request.GET.get("poster") == "1":
            return self.poster_template
        return super().get_template(request, *args, **kwargs)

    # The shape of its picture in cards and search results (a key of CARD_RENDITIONS).
    card_shape = "landscape"

    @property
    def card_rendition(self):
        return CARD_RENDITIONS[self.card_shape]

    class Meta:
        abstract = True


class BasePage(ListingMixin, SearchablePage, Page):
    search_fields = [
        *Page.search_fields,
        index.SearchField("listing_title", boost=2),
        index.SearchField("summary", boost=1.5),
    ]
    promote_panels = [*Page.promote_panels, *ListingMixin.listing_panels]
    # Chosen venues and images must be ones the editor may choose (outreach/roles/forms.py).
    base_form_class = SharedFactsForm
    # Facts that do not change with language: kept on the default-language page and copied
    # onto its translations when either is published (outreach/lifecycle.py). Fields, and
    # child relations with the row fields that are facts (the others are translated text).
    shared_fields = ()
    shared_rows = {}
    shared_derived_fields = ()  # computed from the shared ones on save
    # Whether the bulk import (outreach/tools/importer.py) writes pages of this type.
    bulk_importable = True

    # Audiences and topics when the type has them; the district its `search_district` names.
    search_facet_names = FACETS

    @classmethod
    def for_cards(cls, pages):
        """`pages` with what the type's card shows besides the page, read in bulk."""
        # The image model by the field (images.py imports this module for the rendition size).
        image_model = cls._meta.get_field("listing_image").related_model
        images = image_model.objects.prefetch_renditions(*CARD_RENDITIONS.values())
        return pages.prefetch_related(Prefetch("listing_image", queryset=images))

    @classmethod
    def card_template(cls):
        """The card that shows it in lists (index pages, the home page, a brand's page)."""
        return f"outreach/cards/{cls.search_type}_card.html"

    def search_district(self):
        return getattr(self, "district", None)

    def search_facets(self):
        """Facet values by name, counted and filterable on /search/ (see search/README.md)."""
        facets = {}
        for name, relation in (("audience", "audiences"), ("topic", "topics")):
            if hasattr(self, relation):
                facets[name] = [term.name for term in getattr(self, relation).all()]
        district = self.search_district()
        facets["district"] = [district.name] if district else []
        return facets

    @classmethod
    def search_vocabulary(cls, site, language_code):
        """The city's districts and the audiences by the names search stores as their facet
        values: the default language's, since translated pages keep pointing at the default
        language's terms (outreach/demo/translations.py); another language's name where a
        term has none."""
        from django.conf import settings

        from .taxonomy import Audience, city_districts

        fields = ("kind", "translation_key", "slug", "locale__language_code", "name")
        districts = city_districts(site.root_page.path).order_by().annotate(kind=Value("district")).values_list(*fields)
        audiences = Audience.objects.order_by().annotate(kind=Value("audience")).values_list(*fields)
        terms, others = {}, []  # (kind, translation key) → (slug, name) in the default language
        for kind, key, slug, language, name in districts.union(audiences, all=True):  # one query
            if language == settings.LANGUAGE_CODE or (kind, key) not in terms:
                terms[(kind, key)] = (slug, name)
            if language == language_code != settings.LANGUAGE_CODE:
                others.append((kind, key, name))
        names = {"district": {}, "audience": {}}
        for (kind, _key), (slug, name) in terms.items():
            names[kind][slug] = name
        # The names in the reader's language are words for the same values (Older people).
        aliases = {name: (kind, terms[(kind, key)][1]) for kind, key, name in others}
        return {"districts": list(names["district"].values()), "audiences": names["audience"], "aliases": aliases}

    class Meta:
        abstract = True


class IndexPage(Page):
    """An index page lists its children with filters; one per city of each kind. Each kind
    reads its filters in its own `filtered_pages`, with the helpers of outreach/filtering.py;
    the same selection serves its list, its feeds (outreach/feeds.py: RSS, Atom, and .ics
    for events, of exactly the list's query string), a topic page's query blocks
    (outreach/models/topics.py) and the email digest (subscriptions/)."""

    intro = models.TextField("导语", blank=True)
    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1
    per_page = 12
    # How its feeds order what the filters select: newest first, unless the list's own
    # order is the one a reader wants (events: the next one first).
    feed_order = ("-first_published_at", "-pk")
    # Whether the email digest (subscriptions/) lists what is new in it.
    in_digest = False

    @classmethod
    def listed_model(cls):
        """The page type it lists (its first subpage type)."""
        return cls.allowed_subpage_models()[0]

    def filtered_pages(self, request):
        """(filter form or None, the filters applied, the pages they select in the list's
        order). A kind without filters lists its live, public children, newest first."""
        pages = public(request, self.listed_model().objects.live().child_of(self)).defer_streamfields()
        return None, {}, pages.order_by("-first_published_at", "-pk")

    def feed_pages(self, request):
        """What its feeds list: the filtered selection, in the feed's order."""
        _form, _applied, pages = self.filtered_pages(request)
        pages = self.listed_model().for_cards(pages)
        return pages.order_by(*self.feed_order) if self.feed_order else pages

    class Meta:
        abstract = True
