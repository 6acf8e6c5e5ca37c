"""What Kepu's search stores: one analysed entry per live page, and the site's own words.

The analysed token columns live in storage-specific structures created by migration 0002
(an FTS5 table on SQLite, a tsvector column with a GIN index on PostgreSQL); see stores.py.
Whether a page may be shown (live, public, on the current site) is read from Wagtail's own
tables at query time, so unpublishing or restricting a page hides it at once.
"""

from django.db import models
from wagtail.models import Page, Site


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
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "搜索索引条目"
        verbose_name_plural = "搜索索引条目"

    def __str__(self):
        return self.title


class SearchFacet(models.Model):
    """One facet value of an entry (type, audience, district, topic): counting the facets of
    a result set is a join and a GROUP BY, filtering is an indexed lookup."""

    entry = models.ForeignKey(SearchEntry, on_delete=models.CASCADE, related_name="facet_values", db_index=False)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        verbose_name = "搜索分面值"
        verbose_name_plural = "搜索分面值"
        indexes = [
            models.Index(fields=["entry", "facet", "value"], name="search_facet_entry"),
            models.Index(fields=["facet", "value", "entry"], name="search_facet_value"),
        ]

    def __str__(self):
        return f"{self.facet}: {self.value}"


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


class SearchWord(models.Model):
    """A name jieba should keep whole: venue and brand titles, taxonomy terms."""

    word = models.CharField(max_length=100, unique=True)

    class Meta:
        verbose_name = "搜索词典词条"
        verbose_name_plural = "搜索词典词条"

    def __str__(self):
        return self.word
