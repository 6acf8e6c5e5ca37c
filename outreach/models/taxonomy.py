"""Taxonomies as snippets: who a piece is for, what it is about, where it happens."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class Term(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField("名称", max_length=60)
    slug = models.SlugField("标识", max_length=60, allow_unicode=True)
    description = models.CharField("说明", max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    def __str__(self):
        return self.name

    class Meta(TranslatableMixin.Meta):
        abstract = True
        ordering = ["name"]


@register_snippet
class Audience(Term):
    class Meta(Term.Meta):
        verbose_name = "受众"
        verbose_name_plural = "受众"
        ordering = ["pk"]
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


@register_snippet
class Topic(Term):
    class Meta(Term.Meta):
        verbose_name = "主题"
        verbose_name_plural = "主题"
        unique_together = [("translation_key", "locale"), ("slug", "locale")]


@register_snippet
class District(TranslatableMixin, index.Indexed, models.Model):
    """A city's district (区/县/市), with its population for per-capita figures."""

    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="城市站点", on_delete=models.CASCADE, related_name="districts"
    )
    name = models.CharField("名称", max_length=60)
    slug = models.SlugField("标识", max_length=60, allow_unicode=True)
    population = models.PositiveIntegerField("常住人口", null=True, blank=True, help_text="第七次全国人口普查数")

    panels = [FieldPanel("site"), FieldPanel("name"), FieldPanel("slug"), FieldPanel("population")]
    search_fields = [index.SearchField("name"), index.FilterField("site")]

    def __str__(self):
        return self.name

    class Meta(TranslatableMixin.Meta):
        verbose_name = "行政区"
        verbose_name_plural = "行政区"
        ordering = ["site", "pk"]
        unique_together = [("translation_key", "locale"), ("site", "slug", "locale")]


def city_districts(home_path):
    """The districts of the city whose home (in any language) is at `home_path`.

    Districts belong to the Wagtail Site, whose root is the Chinese home page; an English
    home page is that page's translation, so it is matched by translation key, in SQL."""
    home_keys = Page.objects.filter(path=home_path).values("translation_key")
    return District.objects.filter(site__root_page__translation_key__in=home_keys)


@register_snippet
class Hazard(Term):
    """A kind of emergency (台风, 地震, 传染病 …): tags works, events, venues and rumours, so an
    emergency hub (outreach/models/emergency.py) fills itself with what is tagged with its hazard."""

    keywords = models.CharField(
        "相关搜索词",
        max_length=200,
        blank=True,
        help_text="用顿号或空格分隔，例如：台风、暴雨、大风。应急模式开启时，搜索这些词会把应急专区置顶。",
    )

    panels = [*Term.panels, FieldPanel("keywords")]

    def search_words(self):
        """The hazard's name and its keywords, as the words a related search contains."""
        words = [self.name, *self.keywords.replace("、", " ").replace("，", " ").replace(",", " ").split()]
        return [word for word in dict.fromkeys(words) if word]

    class Meta(Term.Meta):
        verbose_name = "灾害类型"
        verbose_name_plural = "灾害类型"
        unique_together = [("translation_key", "locale"), ("slug", "locale")]
