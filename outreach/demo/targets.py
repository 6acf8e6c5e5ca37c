"""The plans' 2025 targets for the demo cities (`load_demo`): the figures the plan office's
dashboard (outreach/tools/dashboard.py) sets the live counts against."""

from wagtail.models import Site

from outreach.models import Metric, PlanTarget

SHANGHAI_PLAN = "上海市科普事业“十四五”发展规划"
NANTONG_PLAN = "南通市全民科学素质行动规划（2021—2035年）"
# (label, metric, target, unit, manual value, manual note)
PLAN_TARGETS = {
    "shanghai": [
        ("国际一流的科普场馆", Metric.VENUES_INTERNATIONAL, 3, "个", None, ""),
        ("国内领先的科普场馆（10 个左右）", Metric.VENUES_NATIONAL, 10, "个", None, ""),
        ("向公众推荐原创（含译著）优秀科普作品", Metric.RECOMMENDED_WORKS, 100, "部", None, ""),
        ("具有较强社会影响力的科普影视作品", Metric.FILM_TV_WORKS, 5, "部", None, ""),
        ("具有国内外较强影响力的城市科技活动", Metric.CITY_SCIENCE_EVENTS, 1, "个", None, ""),
        ("具有较强影响力和公众美誉度的科普活动品牌", Metric.ACTIVITY_BRANDS, 5, "个", None, ""),
        ("平均每个科普场馆服务的常住人口（不多于）", Metric.RESIDENTS_PER_VENUE, 420_000, "人", None, ""),
        ("示范性科普场馆（2020 年底 57 家，保持）", Metric.VENUES_DEMONSTRATION, 57, "家", None, ""),
        ("基础性科普基地（2020 年底 257 家，保持）", Metric.VENUES_BASIC, 257, "家", None, ""),
        ("青少年科学创新实践工作站（2020 年底 32 家，保持）", Metric.YOUTH_STATIONS, 32, "家", None, ""),
    ],
    "nantong": [
        ("认定市级科普教育基地", Metric.SCIENCE_BASES, 100, "家", None, ""),
        ("公民具备科学素质的比例", Metric.MANUAL, 20, "%", 14, "“十三五”末（2020 年）监测结果"),
        ("“科学、技术、工程和数学教育”创新实践基地", Metric.MANUAL, 10, "个", None, ""),
        ("科普活动品牌", Metric.ACTIVITY_BRANDS, 5, "个", None, ""),
    ],
}


def seed_plan_targets():
    """The plans' 2025 targets for the demo cities; existing records (and the office's
    edits to them) are kept. Returns how many were created."""
    created = 0
    for city_key, rows in PLAN_TARGETS.items():
        site = Site.objects.filter(root_page__slug=city_key, root_page__depth=2).first()
        if site is None:
            continue
        source = SHANGHAI_PLAN if city_key == "shanghai" else NANTONG_PLAN
        for order, (label, metric, value, unit, manual, note) in enumerate(rows):
            _, was_created = PlanTarget.objects.get_or_create(
                site=site,
                label=label,
                defaults={
                    "metric": metric,
                    "target_value": value,
                    "unit": unit,
                    "period_start": 2021,
                    "period_end": 2025,
                    "manual_value": manual,
                    "manual_value_note": note,
                    "source": source,
                    "sort_order": order,
                },
            )
            created += was_created
    return created
