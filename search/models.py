"""What Kepu's search stores: one analysed entry per live page, and the site's own words.

The analysed token columns live in storage-specific structures created by migration 0002
(an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL); see stores/sql.py.
Whether a page may be shown (live, public, on the current site) is read from Wagtail's own
tables at query time, so unpublishing or restricting a page hides it at once.
"""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Page, Site

from .synonym_words import validate


class SearchEntry(models.Model):
    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=20, db_index=True)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    # Plain text the highlighter cuts snippets from (summary, body, names), bounded.
    text = models.TextField(blank=True)
    # Events: the end (or start); results whose date has passed rank lower.
    rank_date = models.DateTimeField(null=True, blank=True)
    # Space-separated jieba words of the title, for suggestions.
    title_words = models.TextField(blank=True)
    # Its facet values (type, audience, district, topic), as facets_text writes them: a
    # filter is a substring test on the row the match already read, and the facets of a
    # result set are counted from these strings, not by a join per match.
    facets = models.TextField(blank=True, default="")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"

    def __str__(self):
        return self.title


class QueryCount(models.Model):
    """How often a query was searched on one city's site on one day, for 热门搜索."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=255)
    date = models.DateField()
    hits = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "搜索词统计"
        verbose_name_plural = "搜索词统计"
        constraints = [models.UniqueConstraint(fields=["site", "query", "date"], name="search_querycount_unique")]
        indexes = [models.Index(fields=["site", "date"], name="search_querycount_site_date")]

    def __str__(self):
        return self.query


class QueryVisitor(models.Model):
    """That one visitor searched a query today: the visitor as a hash salted with the day and
    the site's secret (search/query_counts.py), never the address or browser itself, and only
    today's rows are kept. A visitor counts once per query per day in QueryCount.hits."""

    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="+")
    query = models.CharField(max_length=255)
    date = models.DateField()
    visitor = models.CharField(max_length=16)

    class Meta:
        verbose_name = "搜索访客（当日，散列）"
        verbose_name_plural = "搜索访客（当日，散列）"
        constraints = [
            models.UniqueConstraint(fields=["site", "query", "date", "visitor"], name="search_queryvisitor_unique")
        ]

    def __str__(self):
        return self.query


@register_setting(icon="search")
class PopularSearchSettings(BaseSiteSetting):
    """What the public 热门搜索 list shows on a city's /search/ (search/README.md)."""

    MODES = [("automatic", "自动（按访客搜索统计）"), ("curated", "人工（编辑填写的列表）")]

    mode = models.CharField("热门搜索来源", max_length=10, choices=MODES, default="automatic")
    curated = models.TextField("人工热门搜索", blank=True, help_text="每行一个搜索词，按顺序显示；“人工”时使用。")
    minimum_visitors = models.PositiveSmallIntegerField(
        "最少访客数",
        default=3,
        help_text="近 30 天至少有这么多位不同访客搜索过（每人每天只计一次），才会自动列入热门搜索。",
    )
    blocklist = models.TextField(
        "屏蔽的搜索词", blank=True, help_text="每行一个；与其相同的搜索词不会出现在热门搜索中，立即生效。"
    )
    sensitive_words = models.TextField(
        "敏感词",
        blank=True,
        help_text="每行一个；包含其中任何一个词的搜索词不会出现在热门搜索中（另有内置的广告、联系方式类词语）。",
    )

    panels = [
        MultiFieldPanel([FieldPanel("mode"), FieldPanel("curated")], heading="热门搜索"),
        MultiFieldPanel(
            [FieldPanel("minimum_visitors"), FieldPanel("blocklist"), FieldPanel("sensitive_words")],
            heading="自动统计的规则",
        ),
    ]

    class Meta:
        verbose_name = "热门搜索"

    @staticmethod
    def lines(text):
        return [line.strip() for line in (text or "").splitlines() if line.strip()]


class SearchWord(models.Model):
    """A name jieba should keep whole: venue and brand titles, taxonomy terms."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = "搜索词典词条"
        verbose_name_plural = "搜索词典词条"

    def __str__(self):
        return self.word


# Between facet values in SearchEntry.facets: a control character, never in a name.
FACET_SEPARATOR = "\x1f"


def facet_key(name, value):
    return f"{name}={value}"


def facets_text(pairs):
    """[(facet, value)] as stored in SearchEntry.facets: each "facet=value" between separators,
    so facet_needle(facet, value) is found in it exactly when the entry has that value."""
    if not pairs:
        return ""
    return FACET_SEPARATOR + "".join(facet_key(name, value) + FACET_SEPARATOR for name, value in pairs)


def facet_needle(name, value):
    return FACET_SEPARATOR + facet_key(name, value) + FACET_SEPARATOR


class Synonym(models.Model):
    """A word and the words that mean the same to a searcher (同义词), kept by editors on top
    of the built-in table (synonyms.py). Applied when a query is read, on every store, so a
    new one works at the next search without reindexing."""

    term = models.CharField("词语", max_length=50, unique=True, help_text="读者会搜索的词，例如：天文馆")
    equivalents = models.TextField(
        "同义词",
        help_text="与它意思相同的词，用顿号、逗号或换行分隔，例如：planetarium、星象馆。搜索其中任何一个词，也会找到含有其他词的内容。",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "同义词"
        verbose_name_plural = "同义词"
        ordering = ["term"]

    def __str__(self):
        return self.term

    def clean(self):
        self.term, self.equivalents = validate(self.term, self.equivalents)


class SoundWord(models.Model):
    """A word of the site's own vocabulary (title words, names and taxonomy terms) with
    what it sounds like, tones ignored (pinyin.sound): 科技官 and 科技馆 are both kejiguan, so
    a query that finds little can be offered the site's word (correction.py)."""

    word = models.CharField(max_length=100, unique=True)
    sound = models.CharField(max_length=200, db_index=True)

    class Meta:
        verbose_name = "搜索读音词条"
        verbose_name_plural = "搜索读音词条"

    def __str__(self):
        return self.word
