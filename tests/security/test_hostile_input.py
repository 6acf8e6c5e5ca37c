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


# --- The newer public endpoints: 辟谣 index, 线索征集, booking, subscribing -----------------------
# Each hostile request is answered with a page that says what is wrong (or the list, unfiltered),
# never a 500, and a form that refuses writes nothing. The fuzz suite draws many more values;
# these are the cases named, with the challenge (honeypot, render token) on as in production.

CONTROL = "".join(map(chr, range(1, 32))) + "\x7f"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
SQL = "'; DROP TABLE outreach_rumourtip; --"
BINARY_BODY = b"heard=%FF%FE%00%C0%AF&where=%E4%B8&email=%FF%00%40x.cn&name=%C3%28&phone=%F0%28%8C%BC"


@pytest.fixture
def public_forms(shanghai, settings):
    """A 辟谣 index with a rumour, a bookable event, the subscription's choices; challenge on."""
    from tests.outreach.builders import days_from_now, hazard, topic

    settings.KEPU_FORM_CHALLENGE = True
    shanghai.rumour("台风天不能开窗？", topics=[topic()], hazards=[hazard()], slug="typhoon-window")
    event = shanghai.event(
        "星空讲座",
        days_from_now(3, "14:00"),
        days_from_now(3, "16:00"),
        capacity=10,
        online_booking=True,
        max_party_size=4,
        booking_opens_days=7,
    )
    return {"event": event}


def rendered(form_name):
    """The render token a person brings back after ten seconds."""
    import time

    from core.abuse import render_token

    return render_token(form_name, at=time.time() - 10)


def rows():
    from outreach.models import RumourTip
    from registration.models import Booking
    from subscriptions.models import Subscriber

    return RumourTip.objects.count(), Booking.objects.count(), Subscriber.objects.count()


def post(client, url, data=None, **extra):
    """The response to a POST; a server error is rolled back to a savepoint (see status_of)."""
    with transaction.atomic():
        response = client.post(url, data if data is not None else {}, **SHANGHAI, **extra)
        if response.status_code >= 500:
            transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(
    "query",
    [
        "?verdict=" + HTML,
        "?topic=%00&hazard=%00",
        "?hazard=" + SQL,
        "?verdict=false&page=99999999999999999999",
        "?page=-1",
        "?page=" + "9" * 5000,
        "?tip=" + HTML,
        "?verdict=" + CONTROL,
        "?verdict[]=false&topic[]=x",
    ],
)
def test_the_rumour_index_lists_whatever_its_filters_say(anonymous, public_forms, query):
    response = anonymous.get("/rumours/" + query, **SHANGHAI)
    assert response.status_code == 200
    # A value the index does not know is ignored, never a filter that hides everything
    # (verdict=false is a real verdict, and this rumour is one).
    assert "台风天不能开窗？" in response.text
    assert HTML not in response.text and "<script>alert" not in response.text  # only ever URL-encoded


TIP = {"heard": "喝板蓝根能预防流感", "where": "小区业主群", "contact": ""}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rendered": None}, "无法提交"),  # no render token at all
        ({"website": "http://spam.example"}, "无法提交"),  # the honeypot filled in
        ({"rendered": "forged"}, "无法提交"),
        ({"heard": "谣" * 1001}, "1000"),
        ({"where": "群" * 201}, "200"),
        ({"heard": "隔夜菜\x00致癌"}, "内容含有无法识别的字符"),
        ({"where": "\x00"}, "内容含有无法识别的字符"),
        ({"where": "小区\x1b[31m业主群"}, "内容含有无法识别的字符"),  # control characters: found here
        ({"contact": "\x07\x08"}, "内容含有无法识别的字符"),
        ({"heard": "   "}, "请写下您听到或看到的说法"),
        ({"heard": ""}, "请写下您听到或看到的说法"),
    ],
)
def test_a_bad_tip_gets_a_message_and_writes_nothing(anonymous, public_forms, fields, message):
    data = {**TIP, "rendered": rendered("rumour-tip"), **fields}
    data = {name: value for name, value in data.items() if value is not None}
    response = post(anonymous, "/forms/rumour-tip/", data)
    assert response.status_code == 400 and message in response.text
    assert rows() == (0, 0, 0)


def test_tips_in_html_and_sql_are_kept_as_text(anonymous, public_forms):
    """Not bad input for an inbox of what people heard: stored as written (line breaks and
    tabs too), never run."""
    from outreach.models import RumourTip

    heard = f"{HTML}\n\t{SQL}"
    data = {"heard": heard, "where": HTML[:200], "contact": SQL[:100], "rendered": rendered("rumour-tip")}
    assert post(anonymous, "/forms/rumour-tip/", data).status_code == 302
    tip = RumourTip.objects.get()
    assert (tip.heard, tip.where, tip.decrypted_contact()) == (heard, HTML[:200], SQL[:100])
    assert SQL[:100] not in tip.contact_encrypted  # kept encrypted, as every contact is


@pytest.mark.parametrize("url", ["/forms/rumour-tip/", "/booking/{event}/", "/subscribe/"])
def test_a_body_that_is_not_utf8_gets_a_form_with_a_message(anonymous, public_forms, url):
    url = url.format(event=public_forms["event"].pk)
    response = post(anonymous, url, BINARY_BODY, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400 and "无法提交" in response.text
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete", "options", "head"])
def test_the_tip_form_takes_only_posts(anonymous, public_forms, method):
    response = getattr(anonymous, method)("/forms/rumour-tip/", **SHANGHAI)
    assert response.status_code == 405 and response["Allow"] == "POST"
    assert rows() == (0, 0, 0)


def booking_data(event, **fields):
    from registration.sessions import offers

    data = {
        "session": offers(event)[0].key,
        "name": "张三",
        "phone": "13812345678",
        "party_size": "1",
        "consent": "on",
        "rendered": rendered("booking"),
        **fields,
    }
    return {name: value for name, value in data.items() if value is not None}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rendered": None}, "无法提交"),
        ({"website": "x"}, "无法提交"),
        ({"name": "张" * 51}, "50"),
        ({"name": "张\x00三"}, "无法识别"),
        # A name of control characters was booked (found here): refused now.
        ({"name": CONTROL.replace("\x00", "")}, "无法识别"),
        ({"name": "张\x1b[2J三"}, "无法识别"),
        ({"name": " \t\n "}, "请填写姓名"),
        ({"phone": "1381234567" + "\x00"}, "无法识别"),
        ({"phone": HTML[:20]}, "11 位"),
        ({"phone": SQL[:20]}, "11 位"),
        ({"party_size": "9" * 5000}, "整数"),
        ({"party_size": "99999999999999999999"}, "4"),
        ({"party_size": "-1"}, "1"),
        ({"party_size": "1e3"}, "整数"),
        ({"email": "a@" + "b" * 300 + ".cn"}, "邮"),
        ({"email": HTML}, "邮"),
        ({"consent": None}, "请阅读并勾选同意隐私政策"),
        ({"session": SQL}, "没有找到这个场次"),
        ({"session": "\x00"}, "没有找到这个场次"),
    ],
)
def test_a_bad_booking_gets_a_message_and_writes_nothing(anonymous, public_forms, fields, message):
    event = public_forms["event"]
    response = post(anonymous, f"/booking/{event.pk}/", booking_data(event, **fields))
    assert response.status_code == 400, (fields, response.status_code)
    assert message in response.text, fields
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(
    "url",
    [
        "/booking/0/",
        "/booking/99999999999999999999999/",
        "/booking/{event}/?session=" + SQL,
        "/booking/{event}/?session=%00",
        "/en/booking/{event}/?session=" + HTML,
    ],
)
def test_a_booking_form_for_nothing_is_a_page_that_says_so(anonymous, public_forms, url):
    url = url.format(event=public_forms["event"].pk)
    assert status_of(anonymous, url) in (400, 404)
    assert post(anonymous, url.split("?")[0], booking_data(public_forms["event"], session=None)).status_code in (
        400,
        404,
    )
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize("method", ["put", "patch", "delete", "options"])
def test_a_booking_by_another_method_books_nothing(anonymous, public_forms, method):
    event = public_forms["event"]
    response = getattr(anonymous, method)(f"/booking/{event.pk}/", **SHANGHAI)
    assert response.status_code < 500
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"rendered": None}, "无法提交"),
        ({"website": "x"}, "无法提交"),
        ({"email": ""}, "必需字段"),
        ({"email": "reader\x00@example.cn"}, "无法识别"),
        ({"email": "r" * 250 + "@example.cn"}, "254"),
        ({"email": HTML}, "邮"),
        ({"email": SQL}, "邮"),
        ({"topic": SQL}, "选择"),
        ({"audience": HTML}, "选择"),
        ({"district": "\x00"}, "选择"),
    ],
)
def test_a_bad_subscription_gets_a_message_and_writes_nothing(anonymous, public_forms, fields, message):
    from django.core import mail

    data = {"email": "reader@example.cn", "rendered": rendered("subscribe"), **fields}
    data = {name: value for name, value in data.items() if value is not None}
    response = post(anonymous, "/subscribe/", data)
    assert response.status_code == 400 and message in response.text, (fields, response.status_code)
    assert rows() == (0, 0, 0) and mail.outbox == []


def test_a_subscription_without_its_csrf_token_is_refused_with_a_page(public_forms):
    """/subscribe/ is a private page with a CSRF token (unlike the cached pages' forms)."""
    client = Client(enforce_csrf_checks=True)
    response = post(client, "/subscribe/", {"email": "reader@example.cn", "rendered": rendered("subscribe")})
    assert response.status_code == 403 and response.content
    assert rows() == (0, 0, 0)


@pytest.mark.parametrize(
    "url",
    [
        "/subscribe/?email=" + HTML + "&topic=" + SQL + "&audience=%00",
        "/subscribe/confirm/" + "x" * 500 + "/",
        "/subscribe/confirm/%00/",
        "/subscribe/unsubscribe/00000000-0000-0000-0000-000000000000/",
        "/subscribe/unsubscribe/not-a-key/",
    ],
)
def test_subscription_links_with_anything_in_them_answer(anonymous, public_forms, url):
    assert status_of(anonymous, url) in (200, 400, 404)
    assert post(anonymous, url.split("?")[0]).status_code in (200, 400, 403, 404, 405)
    assert rows() == (0, 0, 0)
