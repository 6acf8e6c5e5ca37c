"""规划目标: the plans' targets, as records the plan office edits, with figures computed
from the site's content (outreach/tools/dashboard.py) or entered by hand."""

from django.db import models
from wagtail.admin.panels import FieldPanel, FieldRowPanel


class Metric(models.TextChoices):
    RECOMMENDED_WORKS = "recommended_works", "推荐优秀科普作品（含译著）"
    RECOMMENDED_ORIGINALS = "recommended_originals", "推荐原创科普作品"
    RECOMMENDED_TRANSLATIONS = "recommended_translations", "推荐译著"
    FILM_TV_WORKS = "film_tv_works", "科普影视作品"
    VENUES_INTERNATIONAL = "venues_international_leading", "国际一流科普场馆"
    VENUES_NATIONAL = "venues_national_leading", "国内领先科普场馆"
    VENUES_DEMONSTRATION = "venues_demonstration", "示范性科普场馆"
    VENUES_BASIC = "venues_basic", "基础性科普基地"
    SCIENCE_BASES = "science_bases", "科普教育基地"
    YOUTH_STATIONS = "youth_stations", "青少年科学创新实践工作站"
    CITY_SCIENCE_EVENTS = "city_science_events", "城市科技活动（科技节）"
    ACTIVITY_BRANDS = "activity_brands", "科普活动品牌"
    EVENTS = "events", "科普活动"
    RESIDENTS_PER_VENUE = "residents_per_venue", "每个科普场馆服务的常住人口"
    MANUAL = "manual", "人工填报"


# Lower is better for these: the target is a ceiling, not a floor.
CEILING_METRICS = {Metric.RESIDENTS_PER_VENUE}


class PlanTarget(models.Model):
    site = models.ForeignKey(
        "wagtailcore.Site", verbose_name="城市站点", on_delete=models.CASCADE, related_name="plan_targets"
    )
    label = models.CharField("目标", max_length=120, help_text="例如：国际一流的科普场馆。")
    metric = models.CharField(
        "指标",
        max_length=40,
        choices=Metric.choices,
        help_text="按站点内容自动统计；无法从内容统计的（如公民科学素质比例）选“人工填报”。",
    )
    target_value = models.DecimalField("目标值", max_digits=12, decimal_places=2)
    unit = models.CharField("单位", max_length=20, blank=True, help_text="例如：个、部、%、人。")
    period_start = models.PositiveSmallIntegerField("起始年份", help_text="统计期的第一年，例如 2021。")
    period_end = models.PositiveSmallIntegerField("目标年份", help_text="目标要达到的年份，例如 2025。")
    manual_value = models.DecimalField(
        "当前值（人工填报）", max_digits=12, decimal_places=2, null=True, blank=True, help_text="仅“人工填报”指标使用。"
    )
    manual_value_note = models.CharField("当前值说明", max_length=200, blank=True, help_text="例如：2020 年监测结果。")
    source = models.CharField("规划依据", max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)

    panels = [
        FieldPanel("site"),
        FieldPanel("label"),
        FieldRowPanel([FieldPanel("metric"), FieldPanel("unit")]),
        FieldRowPanel([FieldPanel("target_value"), FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldRowPanel([FieldPanel("manual_value"), FieldPanel("manual_value_note")]),
        FieldPanel("source"),
        FieldPanel("sort_order"),
    ]

    def __str__(self):
        return f"{self.label}（{self.period_end} 年）"

    @property
    def is_ceiling(self):
        return self.metric in CEILING_METRICS

    class Meta:
        verbose_name = "规划目标"
        verbose_name_plural = "规划目标"
        ordering = ["site", "sort_order", "pk"]
        permissions = [
            ("import_outreach", "可批量导入科普内容"),
            ("export_outreach", "可导出科普内容"),
        ]
