"""The home page as a front door (one search box, the editor's feature, today, upcoming events
without cancelled ones, this year's recommended works), /venues/?open=now when nothing is
open, each city's own theme, and the footer a mainland site must have: 备案 numbers with
their links, the sponsor, privacy / accessibility / contact pages; a favicon."""

from datetime import timedelta

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file

from home.models import SiteSettings, StandardPage
from outreach.demo import policies
from outreach.models import KepuImage
from tests.conftest import NANTONG, SHANGHAI
from tests.outreach.builders import days_from_now, publish

pytestmark = pytest.mark.django_db

NEVER_OPEN = []  # a venue with no weekly hours is closed every day


@pytest.fixture
def evening_city(shanghai):
    """A city where no venue is open now: one opens tomorrow at 09:00."""
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoweekday()
    shanghai.venue("星海天文馆", hours=[(tomorrow, "09:00", "17:00")])
    shanghai.venue("常闭科学馆", hours=NEVER_OPEN)
    return shanghai


def test_home_has_one_search_box_the_feature_and_no_cancelled_event(client, shanghai):
    poster = KepuImage.objects.create(title="海报", alt_text="星空讲座海报", file=get_test_image_file())
    talk = shanghai.event("星空讲座", days_from_now(2, "14:00"), days_from_now(2, "15:30"), listing_image=poster)
    shanghai.event("院士面对面", days_from_now(3, "10:00"), days_from_now(3, "11:00"), status="cancelled")
    home = shanghai.home
    home.feature, home.feature_text = talk, "冬夜看星星，天文学家带你认识星座。"
    home.save_revision().publish()
    html = client.get("/", **SHANGHAI).text
    assert html.count('type="search"') == 1
    feature = html.split('class="feature"', 1)[1].split("</article>", 1)[0]
    assert "编辑推荐" in feature and "星空讲座" in feature and "冬夜看星星" in feature
    # The feature's picture, wide, with its alt text.
    assert 'class="feature__image"' in feature and 'alt="星空讲座海报"' in feature
    assert ".fill-960x540." in feature
    upcoming = html.split('id="events-heading"', 1)[1].split("</section>", 1)[0]
    assert "星空讲座" in upcoming and "院士面对面" not in upcoming


def test_home_today_says_when_the_next_venue_opens_when_none_is_open(client, evening_city):
    html = client.get("/", **SHANGHAI).text
    today = html.split('class="today"', 1)[1].split("</section>", 1)[0]
    assert "场馆都已闭馆。" in today and "下次开放：" in today
    assert "明天 09:00" in today and "星海天文馆" in today
    assert "常闭科学馆" not in today  # never opens: not named as next


def test_home_today_lists_todays_sessions_and_open_venues(client, shanghai):
    museum = shanghai.venue("全天科技馆", hours=[(d, "00:00", "23:59") for d in range(1, 8)])
    now = timezone.localtime()
    start, end = now + timedelta(minutes=30), now + timedelta(minutes=90)
    if start.date() != now.date():  # just before midnight: nothing left today to test with
        pytest.skip("too close to midnight")
    shanghai.event("午后观鸟", start, end, venue=museum)
    today = client.get("/", **SHANGHAI).text.split('class="today"', 1)[1].split("</section>", 1)[0]
    assert "午后观鸟" in today and start.strftime("%H:%M") in today
    assert "现在开放：" in today and "全天科技馆" in today


def test_home_recommends_this_years_works(client, shanghai):
    this_year = timezone.localdate().year
    shanghai.work("今年的好书", recommended_year=this_year)
    shanghai.work("往年的好书", recommended_year=this_year - 3)
    html = client.get("/", **SHANGHAI).text
    works = html.split('id="works-heading"', 1)[1].split("</section>", 1)[0]
    assert f"{this_year} 年度推荐作品" in works and "今年的好书" in works and "往年的好书" not in works


def test_no_venue_open_now_says_which_opens_next(client, evening_city):
    html = client.get("/venues/", {"open": "now"}, **SHANGHAI).text
    assert "共 0 项" in html and "现在没有开放的场馆。" in html
    assert "下次开放：" in html and "明天 09:00" in html and "星海天文馆" in html


def test_each_city_has_its_own_theme(client, shanghai, nantong):
    assert 'data-theme="harbour"' in client.get("/", **SHANGHAI).text
    assert 'data-theme="jade"' in client.get("/", **NANTONG).text


def test_footer_shows_the_records_with_their_links_and_the_policy_pages(client, shanghai):
    site = shanghai.home.get_site()
    settings = SiteSettings.for_site(site)
    privacy = publish(shanghai.home, StandardPage(title="隐私政策", slug="privacy"))
    contact = publish(shanghai.home, StandardPage(title="联系我们", slug="contact"))
    settings.sponsor = "上海市科学技术委员会"
    settings.icp_record, settings.police_record = "沪ICP备20012345号-1", "沪公网安备31010402001234号"
    settings.privacy_page, settings.contact_page = privacy, contact
    settings.save()
    footer = client.get("/works/", **SHANGHAI).text.split('<footer class="site-footer">', 1)[1]
    assert "主办单位：上海市科学技术委员会" in footer
    assert (
        '<a class="site-footer__icp" href="https://beian.miit.gov.cn/" rel="noopener">沪ICP备20012345号-1</a>' in footer
    )
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=31010402001234"' in footer
    assert '<a href="/privacy/">隐私政策</a>' in footer and '<a href="/contact/">联系我们</a>' in footer
    # unpublishing a chosen page takes its link out
    privacy.unpublish()
    footer = client.get("/works/", **SHANGHAI).text.split('<footer class="site-footer">', 1)[1]
    assert "/privacy/" not in footer and "/contact/" in footer


def test_the_demo_privacy_policy_says_what_registration_and_subscriptions_keep():
    pages = policies.chinese("上海", "上海科普", "021-12345", "钦州路100号", "kepu@sh.example.cn")
    privacy = str(pages["privacy"][2])
    for words in ("姓名", "手机号码", "身份证件号码", "加密", "30 天后自动删除", "电子邮箱", "退订后立即删除"):
        assert words in privacy
    english = str(policies.english("Shanghai", "Shanghai Science", "021-12345", "Qinzhou Road", "a@b.cn")["privacy"][2])
    assert "deleted automatically 30 days after the session" in english and "unsubscribe" in english


def test_favicon_is_served(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".ico") and "/static/icons/favicon" in response["Location"]
    for name in ("favicon.ico", "icon.svg", "apple-touch-icon.png", "icon-192.png", "icon-512.png", "site.webmanifest"):
        assert finders.find(f"icons/{name}"), name


def test_pages_link_their_icons(client, shanghai):
    html = client.get("/", **SHANGHAI).text
    assert 'rel="icon"' in html and 'rel="apple-touch-icon"' in html and 'rel="manifest"' in html


def test_filter_labels_end_in_a_full_width_colon_in_chinese(client, shanghai):
    chinese = client.get("/events/", **SHANGHAI).text
    assert '<label for="id_when">时间：</label>' in chinese and "时间:</label>" not in chinese
    english = client.get("/en/events/", **SHANGHAI)
    if english.status_code == 200:
        assert ":</label>" in english.text and "：</label>" not in english.text
