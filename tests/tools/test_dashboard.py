"""The plan office's dashboard against content counted by hand."""

import csv
import io
from datetime import timedelta

import pytest
from django.utils import timezone

from outreach.demo.targets import seed_plan_targets
from outreach.models import Metric, PlanTarget
from outreach.tools.dashboard import city_breakdown, target_rows
from tests.outreach.builders import audience, days_from_now

pytestmark = pytest.mark.django_db


def target(site, metric, value, **fields):
    fields = {"label": metric, "period_start": 2021, "period_end": 2025, **fields}
    return PlanTarget.objects.create(site=site, metric=metric, target_value=value, **fields)


def figures(site):
    return {row.target.metric: (row.current, row.progress) for row in target_rows(PlanTarget.objects.filter(site=site))}


def test_figures_match_the_content(shanghai, nantong):
    site = shanghai.site
    # Recommended in 2021–2025: 2 originals + 1 translation; one outside the period; one draft.
    shanghai.work("原创一", recommended_year=2022)
    shanghai.work("原创二", recommended_year=2024, work_type="film")
    shanghai.work("译著", recommended_year=2023, original=False)
    shanghai.work("旧推荐", recommended_year=2019, work_type="tv", year=2018)
    shanghai.work("电视", work_type="tv", year=2021)
    shanghai.works.add_child(
        instance=type(shanghai.works.get_children().first().specific)(
            title="草稿", summary="x", work_type="book", recommended_year=2024, live=False
        )
    )
    nantong.work("南通推荐", recommended_year=2024)
    pudong = shanghai.district("pudong", "浦东新区", population=1_200_000)
    xuhui = shanghai.district("xuhui", "徐汇区", population=300_000)
    shanghai.venue("上海科技馆", level="international_leading", district=pudong)
    shanghai.venue("天文馆", level="international_leading", district=pudong)
    shanghai.venue("徐汇基地", level="basic", venue_type="base", district=xuhui)
    shanghai.venue("网上馆", level="basic", venue_type="online")
    shanghai.brand("上海科技节", "festival")
    shanghai.brand("科学家走红毯", "activity_series")
    shanghai.brand("少年爱迪生", "tv_programme")
    youth = audience()
    shanghai.event("本年活动", days_from_now(1), days_from_now(1, "12:00"), district=xuhui, audiences=[youth])
    last_year = timezone.localdate().replace(month=6, day=1) - timedelta(days=366)
    shanghai.event(
        "去年活动",
        *(
            timezone.make_aware(timezone.datetime.combine(last_year, t))
            for t in (timezone.datetime.min.time(), timezone.datetime.max.time())
        ),
    )

    for metric, value in [
        (Metric.RECOMMENDED_WORKS, 100),
        (Metric.RECOMMENDED_ORIGINALS, 100),
        (Metric.RECOMMENDED_TRANSLATIONS, 10),
        (Metric.FILM_TV_WORKS, 5),
        (Metric.VENUES_INTERNATIONAL, 3),
        (Metric.SCIENCE_BASES, 100),
        (Metric.CITY_SCIENCE_EVENTS, 1),
        (Metric.ACTIVITY_BRANDS, 5),
        (Metric.RESIDENTS_PER_VENUE, 420_000),
    ]:
        target(site, metric, value)
    target(site, Metric.MANUAL, 20, manual_value=14)

    got = figures(site)
    assert got[Metric.RECOMMENDED_WORKS] == (3, 3)
    assert got[Metric.RECOMMENDED_ORIGINALS][0] == 2 and got[Metric.RECOMMENDED_TRANSLATIONS] == (1, 10)
    assert got[Metric.FILM_TV_WORKS] == (2, 40)  # the film recommended in 2024 and the 2021 TV programme
    assert got[Metric.VENUES_INTERNATIONAL] == (2, 67)
    assert got[Metric.SCIENCE_BASES][0] == 1
    assert got[Metric.CITY_SCIENCE_EVENTS] == (1, 100) and got[Metric.ACTIVITY_BRANDS] == (2, 40)
    # 1.5 million residents, three physical venues (the online one does not count).
    assert got[Metric.RESIDENTS_PER_VENUE] == (500_000, 84)
    assert got[Metric.MANUAL] == (14, 70)

    breakdown = city_breakdown(site)
    assert breakdown["events_this_year"] == 1
    assert dict(breakdown["events_by_audience"])["青少年"] == 1
    districts = {row["district"]: row for row in breakdown["residents_per_venue"]}
    assert districts["浦东新区"]["residents_per_venue"] == 600_000 and districts["浦东新区"]["above_average"]
    assert districts["徐汇区"]["residents_per_venue"] == 300_000 and districts["徐汇区"]["events"] == 1
    assert [(r["year"], r["total"], r["translations"]) for r in breakdown["recommended_by_year"]] == [
        (2024, 1, 0),
        (2023, 1, 1),
        (2022, 1, 0),
        (2019, 1, 0),
    ]


def test_dashboard_page_panel_and_export(shanghai, admin_client):
    shanghai.venue("上海科技馆", level="international_leading")
    target(shanghai.site, Metric.VENUES_INTERNATIONAL, 3, label="国际一流的科普场馆", unit="个")
    page = admin_client.get("/admin/kepu-tools/plan/?site=shanghai")
    assert page.status_code == 200 and "国际一流的科普场馆" in page.text and 'value="33"' in page.text
    assert "规划目标进度" in admin_client.get("/admin/").text
    rows = list(
        csv.DictReader(
            io.StringIO(
                b"".join(
                    admin_client.get("/admin/kepu-tools/plan/?site=shanghai&export=csv").streaming_content
                ).decode()
            )
        )
    )
    assert rows == [
        {
            "站点": "shanghai",
            "目标": "国际一流的科普场馆",
            "指标": "国际一流科普场馆",
            "统计期": "2021–2025",
            "目标值": "3",
            "当前值": "1",
            "完成度（%）": "33",
            "单位": "个",
            "说明": "",
            "规划依据": "",
        }
    ]
    assert admin_client.get("/admin/kepu-tools/plan/?site=shanghai&export=xlsx").status_code == 200


def test_the_plans_targets_are_seeded_once(cities):
    assert seed_plan_targets() == 14
    assert seed_plan_targets() == 0
    shanghai = PlanTarget.objects.filter(site__root_page__slug="shanghai")
    assert {(t.metric, int(t.target_value)) for t in shanghai} >= {
        ("recommended_works", 100),
        ("film_tv_works", 5),
        ("venues_international_leading", 3),
        ("venues_national_leading", 10),
        ("city_science_events", 1),
        ("activity_brands", 5),
        ("residents_per_venue", 420_000),
    }
    nantong = {t.metric: t for t in PlanTarget.objects.filter(site__root_page__slug="nantong")}
    assert int(nantong["science_bases"].target_value) == 100
    literacy = PlanTarget.objects.get(site__root_page__slug="nantong", unit="%")
    assert (int(literacy.target_value), int(literacy.manual_value)) == (20, 14)
