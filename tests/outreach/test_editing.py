"""What an editor meets in the page editor: where each type may be created, and validation
messages on the field they concern."""

import pytest
from django.urls import reverse

from home.models import HomePage
from outreach.models import (
    BrandIndexPage,
    BrandPage,
    EventIndexPage,
    EventPage,
    VenueIndexPage,
    VenuePage,
    WorkIndexPage,
    WorkPage,
)
from tests.outreach.admin_forms import add_form, add_inline_row, errors_of

pytestmark = pytest.mark.django_db

ALLOWED_PARENTS = {
    WorkPage: {WorkIndexPage},
    EventPage: {EventIndexPage, VenuePage},
    VenuePage: {VenueIndexPage},
    BrandPage: {BrandIndexPage},
    WorkIndexPage: {HomePage},
    EventIndexPage: {HomePage},
    VenueIndexPage: {HomePage},
    BrandIndexPage: {HomePage},
}


@pytest.mark.parametrize("model", ALLOWED_PARENTS)
def test_each_type_may_be_created_only_under_its_parent(model):
    assert set(model.allowed_parent_page_models()) == ALLOWED_PARENTS[model]


def test_the_editor_refuses_a_work_under_the_home_page(admin_client, shanghai):
    url = reverse("wagtailadmin_pages:add", args=("outreach", "workpage", shanghai.home.pk))
    refused = admin_client.get(url)
    assert refused.status_code == 302 and refused.url == reverse("wagtailadmin_home")
    url = reverse("wagtailadmin_pages:add", args=("outreach", "workpage", shanghai.works.pk))
    assert admin_client.get(url).status_code == 200


def test_a_city_has_one_index_of_each_kind(shanghai):
    assert not WorkIndexPage.can_create_at(shanghai.home)
    assert EventPage.can_create_at(shanghai.events)


def save(client, url, data):
    return client.post(url, data)


def test_event_ending_before_it_starts_is_refused_on_the_end_field(admin_client, shanghai):
    url, data = add_form(admin_client, EventPage, shanghai.events)
    data.update(
        {
            "title": "流星雨观测夜",
            "slug": "meteor-night",
            "summary": "观测",
            "start": "2026-12-13 20:00",
            "end": "2026-12-13 19:00",
        }
    )
    response = save(admin_client, url, data)
    assert response.status_code == 200
    assert "结束时间必须晚于开始时间" in errors_of(response)
    assert not EventPage.objects.exists()


def test_an_occurrence_ending_before_it_starts_is_refused(admin_client, shanghai):
    url, data = add_form(admin_client, EventPage, shanghai.events)
    data.update(
        {"title": "讲座", "slug": "talk", "summary": "讲座", "start": "2026-12-13 14:00", "end": "2026-12-13 16:00"}
    )
    add_inline_row(data, "occurrences", start="2026-12-20 14:00", end="2026-12-20 13:00")
    response = save(admin_client, url, data)
    assert "结束时间必须晚于开始时间" in errors_of(response)
    assert not EventPage.objects.exists()


def test_negative_capacity_is_refused(admin_client, shanghai):
    url, data = add_form(admin_client, EventPage, shanghai.events)
    data.update(
        {
            "title": "讲座",
            "slug": "talk",
            "summary": "讲座",
            "start": "2026-12-13 14:00",
            "end": "2026-12-13 16:00",
            "capacity": "-5",
        }
    )
    response = save(admin_client, url, data)
    assert "名额不能为负数" in errors_of(response)


def test_a_valid_event_is_saved_as_a_draft(admin_client, shanghai):
    url, data = add_form(admin_client, EventPage, shanghai.events)
    data.update(
        {"title": "讲座", "slug": "talk", "summary": "讲座", "start": "2026-12-13 14:00", "end": "2026-12-13 16:00"}
    )
    add_inline_row(data, "occurrences", start="2026-12-20 14:00", end="2026-12-20 16:00")
    response = save(admin_client, url, data)
    assert response.status_code == 302, errors_of(response)
    event = EventPage.objects.get(slug="talk")
    assert not event.live
    assert event.last_end.isoformat() == "2026-12-20T08:00:00+00:00"


@pytest.mark.parametrize(
    "value,message",
    [("978-7-5428-7012-0", "ISBN 校验位不正确"), ("97875428", "ISBN 应为 10 位或 13 位数字")],
)
def test_isbn_with_a_wrong_checksum_or_length_is_refused(admin_client, shanghai, value, message):
    url, data = add_form(admin_client, WorkPage, shanghai.works)
    data.update({"title": "拥抱群星", "slug": "stars", "summary": "天文", "work_type": "book", "isbn": value})
    response = save(admin_client, url, data)
    assert message in errors_of(response)
    assert not WorkPage.objects.exists()


def test_a_valid_isbn_is_stored_without_hyphens(admin_client, shanghai):
    url, data = add_form(admin_client, WorkPage, shanghai.works)
    data.update(
        {"title": "深海探索", "slug": "deep-sea", "summary": "海洋", "work_type": "book", "isbn": "978-7-5428-7012-4"}
    )
    response = save(admin_client, url, data)
    assert response.status_code == 302, errors_of(response)
    assert WorkPage.objects.get(slug="deep-sea").isbn == "9787542870124"


def test_recommendation_year_in_the_future_is_refused(admin_client, shanghai):
    from django.utils import timezone

    url, data = add_form(admin_client, WorkPage, shanghai.works)
    next_year = timezone.localdate().year + 1
    data.update(
        {"title": "未来之书", "slug": "future", "summary": "x", "work_type": "book", "recommended_year": str(next_year)}
    )
    response = save(admin_client, url, data)
    assert "推荐年度不能晚于今年" in errors_of(response)


@pytest.mark.parametrize(
    "field,value,message",
    [("latitude", "91", "纬度应在 -90 到 90 之间"), ("longitude", "-181", "经度应在 -180 到 180 之间")],
)
def test_coordinates_out_of_range_are_refused(admin_client, shanghai, field, value, message):
    url, data = add_form(admin_client, VenuePage, shanghai.venues)
    data.update(
        {
            "title": "科技馆",
            "slug": "museum",
            "summary": "x",
            "venue_type": "museum",
            "level": "basic",
            "latitude": "31.2",
            "longitude": "121.5",
        }
    )
    data[field] = value
    response = save(admin_client, url, data)
    assert message in errors_of(response)
    assert not VenuePage.objects.exists()


def test_opening_hours_that_close_before_they_open_are_refused(admin_client, shanghai):
    url, data = add_form(admin_client, VenuePage, shanghai.venues)
    data.update({"title": "科技馆", "slug": "museum", "summary": "x", "venue_type": "museum", "level": "basic"})
    add_inline_row(data, "opening_hours", weekday="2", opens="17:00", closes="09:00")
    response = save(admin_client, url, data)
    assert "关门时间必须晚于开门时间" in errors_of(response)
    assert not VenuePage.objects.exists()


def test_overlapping_opening_hours_on_one_day_are_refused(admin_client, shanghai):
    url, data = add_form(admin_client, VenuePage, shanghai.venues)
    data.update({"title": "科技馆", "slug": "museum", "summary": "x", "venue_type": "museum", "level": "basic"})
    add_inline_row(data, "opening_hours", weekday="3", opens="09:00", closes="12:00")
    add_inline_row(data, "opening_hours", weekday="3", opens="11:00", closes="17:00")
    add_inline_row(data, "opening_hours", weekday="4", opens="11:00", closes="17:00")
    response = save(admin_client, url, data)
    assert "星期三的开放时段重叠：09:00–12:00 与 11:00–17:00" in errors_of(response)
    assert not VenuePage.objects.exists()


def test_back_to_back_sessions_are_not_an_overlap(admin_client, shanghai):
    url, data = add_form(admin_client, VenuePage, shanghai.venues)
    data.update({"title": "科技馆", "slug": "museum", "summary": "x", "venue_type": "museum", "level": "basic"})
    add_inline_row(data, "opening_hours", weekday="3", opens="09:00", closes="12:00")
    add_inline_row(data, "opening_hours", weekday="3", opens="12:00", closes="17:00")
    response = save(admin_client, url, data)
    assert response.status_code == 302, errors_of(response)
    assert VenuePage.objects.get(slug="museum").opening_hours.count() == 2


def test_an_image_needs_alt_text(admin_client):
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 90, 170)).save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = "sky.png"
    response = admin_client.post(
        reverse("wagtailimages:add"), {"title": "星空", "file": buffer, "alt_text": "", "collection": "1"}
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["alt_text"]
    assert "必需字段" in errors_of(response)
    from outreach.models import KepuImage

    assert not KepuImage.objects.exists()
