"""Issue 17, hostile input and a few others: each test replays an audit finding on 406ce66.

- 5xx on hostile parameters (dates out of range on /events/ and its .ics feed, a huge API
  offset, `"` and NUL in the API's image search and NUL in any API parameter);
- the page route shadowing Wagtail's /_util/ views, so password-protected pages could never
  be unlocked;
- a 128-megapixel image limit (an 11000×11000 PNG of 353 KB held a worker for 10 s, 1.1 GB);
- `load_demo` resetting `admin` to the published demo password on any server.
"""

import io
import re
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from PIL import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

from outreach.models import KepuImage
from tests.conftest import SHANGHAI
from tests.outreach.builders import at

pytestmark = pytest.mark.django_db


def status_of(client, url):
    """The status a client sees; a server error inside the test's transaction is rolled back
    to a savepoint, so PostgreSQL goes on answering the next request."""
    try:
        with transaction.atomic():
            response = client.get(url, **SHANGHAI)
            if response.status_code >= 500:
                raise _ServerError(response.status_code)
            return response.status_code
    except _ServerError as error:
        return error.args[0]


class _ServerError(Exception):
    pass


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@pytest.fixture
def site_with_an_event_and_an_image(shanghai):
    shanghai.event("天文之夜", at(date(2026, 5, 18), "19:00"), at(date(2026, 5, 18), "21:00"))
    KepuImage.objects.create(title="外景", alt_text="上海科技馆外景", file=get_test_image_file())
    return shanghai


# --- 5xx on hostile parameters ------------------------------------------------------------

DATES_OUT_OF_RANGE = [
    "/events/?start=0001-01-01",
    "/events/?end=9999-12-31",
    "/events/?start=0001-01-01&end=9999-12-31",
    "/en/events/?end=9999-12-31",
    "/calendar/events.ics?start=0001-01-01",
    "/calendar/events.ics?end=9999-12-31",
    "/events/?view=month&month=9999-12",
    "/events/?view=month&month=0001-01",
    "/events/?view=month&month=99999999999999999999-1",
]


@pytest.mark.parametrize("url", DATES_OUT_OF_RANGE)
def test_dates_out_of_range_give_a_normal_page(anonymous, site_with_an_event_and_an_image, url):
    assert status_of(anonymous, url) == 200


def test_a_date_range_past_the_clamp_still_lists_every_event(anonymous, site_with_an_event_and_an_image):
    """Clamped to 1900..2100, 0001-01-01..9999-12-31 still means "every date"."""
    page = anonymous.get("/events/?start=0001-01-01&end=9999-12-31", **SHANGHAI).text
    assert "天文之夜" in page
    feed = anonymous.get("/calendar/events.ics?start=0001-01-01&end=9999-12-31", **SHANGHAI).text
    assert "SUMMARY:天文之夜" in feed


API_REFUSED = {
    "/api/v2/pages/?offset=99999999999999999999": "offset cannot be higher than",
    "/api/v2/images/?offset=99999999999999999999": "offset cannot be higher than",
    "/api/v2/pages/?locale=%00": "NUL",
    "/api/v2/pages/?search=%00": "NUL",
    "/api/v2/images/?search=%00": "NUL",
    "/api/v2/images/?locale=%00": "NUL",
    "/api/v2/pages/find/?html_path=%00": "NUL",
    "/api/v2/images/?search=x&search_operator=xyz": "search_operator",
    # Found by the fuzz suite (tests/security/test_fuzz.py):
    "/api/v2/pages/find/?id=x": "id must be an integer",
    "/api/v2/images/find/?id=1e100": "id must be an integer",
    # SQLite: "at most 64 tables in a join" (one join per tag).
    "/api/v2/images/?tags=" + "," * 32: "at most 10 tags",
    "/api/v2/pages/?type=outreach.WorkPage&tags=" + ",".join(f"t{n}" for n in range(40)): "at most 10 tags",
}


@pytest.mark.parametrize("url", list(API_REFUSED))
def test_hostile_api_parameters_get_a_400_with_a_message(anonymous, site_with_an_event_and_an_image, url):
    assert status_of(anonymous, url) == 400
    assert API_REFUSED[url] in anonymous.get(url, **SHANGHAI).json()["message"]


def test_a_few_tags_still_filter_images(anonymous, site_with_an_event_and_an_image):
    response = anonymous.get("/api/v2/images/?tags=a,b,c", **SHANGHAI)
    assert response.status_code == 200 and response.json()["items"] == []


@pytest.mark.parametrize("query", ['"', '外"', 'a"b', '""', "(", "*"])
def test_image_search_with_fts_syntax_answers(anonymous, site_with_an_event_and_an_image, query):
    assert status_of(anonymous, f"/api/v2/images/?search={query}") == 200


def test_image_search_still_finds_by_words(anonymous, site_with_an_event_and_an_image):
    items = anonymous.get('/api/v2/images/?search="外景"', **SHANGHAI).json()["items"]
    assert [item["title"] for item in items] == ["外景"]


def test_admin_image_search_with_a_quote_answers(admin_client, site_with_an_event_and_an_image):
    """The admin's image search goes through the same backend as the API's."""
    with transaction.atomic():
        admin_client.raise_request_exception = False
        assert admin_client.get("/admin/images/", {"q": '外"'}, **SHANGHAI).status_code == 200


# --- The page route shadowed /_util/: password-protected pages could not be unlocked ----------


@pytest.fixture
def protected_pages(shanghai):
    from outreach.demo.translations import english_copy, english_locale

    chinese = shanghai.work("保密的书")
    english = english_copy(chinese, english_locale())
    english.title = "The secret book"
    english.save_revision().publish()
    for page in (chinese, english):
        if not PageViewRestriction.objects.filter(page_id=page.pk).exists():  # privacy follows translations
            PageViewRestriction.objects.create(
                page=Page.objects.get(pk=page.pk), restriction_type=PageViewRestriction.PASSWORD, password="芝麻开门"
            )
    return {"zh": chinese, "en": english}


@pytest.mark.parametrize("page_cache", [False, True], ids=["no-cache", "page-cache"])
@pytest.mark.parametrize("language, title", [("zh", "保密的书"), ("en", "The secret book")])
def test_a_password_protected_page_unlocks_with_its_password(
    client, settings, protected_pages, language, title, page_cache
):
    from django.core.cache import cache

    from core import worker_cache

    settings.KEPU_PAGE_CACHE, settings.KEPU_LISTING_CACHE = page_cache, page_cache
    cache.clear()
    worker_cache.clear()
    url = protected_pages[language].url
    form = client.get(url, **SHANGHAI)
    assert form.status_code == 200 and title not in form.text
    action = re.search(r'<form action="([^"]+)"', form.text).group(1)
    assert "/_util/authenticate_with_password/" in action

    wrong = client.post(action, {"password": "wrong", "return_url": url}, **SHANGHAI)
    assert wrong.status_code == 200 and 'name="password"' in wrong.text and title not in wrong.text
    assert title not in client.get(url, **SHANGHAI).text

    right = client.post(action, {"password": "芝麻开门", "return_url": url}, **SHANGHAI)
    assert right.status_code == 302 and right["Location"] == url
    assert title in client.get(url, **SHANGHAI).text


def test_wagtail_login_view_is_reachable(client, cities):
    """A login-only page sends visitors to Wagtail's /_util/login/, which the route shadowed."""
    assert client.get("/_util/login/", **SHANGHAI).status_code == 200


# --- load_demo reset `admin` to the published demo password on any server -------------------


def test_load_demo_refuses_to_run_with_debug_off(django_user_model, settings):
    settings.DEBUG = False  # as in production
    admin = django_user_model.objects.create_superuser("admin", "ops@example.cn", "a-real-production-password")
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="--i-know-this-is-not-production"):
        call_command("load_demo", stdout=io.StringIO())
    admin.refresh_from_db()
    assert admin.check_password("a-real-production-password") and not admin.check_password("kepu-demo-admin")
    assert Page.objects.count() == pages_before


# --- The image pixel limit was 128 MP ---------------------------------------------------------


def solid_png(width, height):
    """A large picture of one colour: a few hundred KB at most, however many pixels."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, format="PNG", optimize=True)
    buffer.seek(0)
    return buffer


def test_an_image_over_40_megapixels_is_refused_with_a_chinese_message(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    picture = solid_png(7000, 7000)  # 49 MP: under the old 128 MP limit
    upload = SimpleUploadedFile("huge.png", picture.read(), content_type="image/png")
    response = admin_client.post(
        "/admin/images/add/", {"title": "大图", "alt_text": "一张纯色大图", "file": upload, "collection": 1}
    )
    assert response.status_code == 200
    assert "图片像素太多（7000×7000，共 49000000 像素），上限为 40000000 像素" in response.text
    assert not KepuImage.objects.filter(title="大图").exists()


def test_the_multiple_uploader_refuses_it_from_the_header_alone(admin_client):
    """11000×11000 (121 MP, 375 KB): refused before any pixel is decoded."""
    import resource
    import time

    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("huge.png", solid_png(11000, 11000).read(), content_type="image/png")
    memory_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = admin_client.post("/admin/images/multiple/add/", {"files[]": upload, "collection": 1})
    elapsed = time.perf_counter() - started
    assert response.json()["success"] is False
    assert "图片像素太多（11000×11000" in response.json()["error_message"]
    assert not KepuImage.objects.exists()
    # Decoding it took 6 s and 460 MB here; the header alone takes milliseconds and nothing.
    assert elapsed < 3
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - memory_before < 100 * 1024  # KB on Linux


def test_an_image_under_the_limit_uploads(admin_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("ok.png", solid_png(2000, 1500).read(), content_type="image/png")
    response = admin_client.post(
        "/admin/images/add/", {"title": "正常图", "alt_text": "一张纯色图", "file": upload, "collection": 1}
    )
    assert response.status_code == 302
    assert KepuImage.objects.get(title="正常图").width == 2000


def test_an_event_calendar_file_with_a_huge_id_is_not_found(anonymous, site_with_an_event_and_an_image):
    """Found by the fuzz suite (tests/security/test_fuzz.py): a 500 on SQLite."""
    assert status_of(anonymous, "/calendar/event/9223372036854775808.ics") == 404
    assert status_of(anonymous, "/en/calendar/event/99999999999999999999.ics") == 404
