"""线索征集 as a citizen and an editor meet it: a tip sent from the 辟谣 index lands in the city's
editors' inbox, never on the site; bots and floods are refused with a message and nothing
written; only the city's own editors see its tips, contacts masked in the list and deleted
after KEPU_TIP_CONTACT_DAYS."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site
from wagtail.test.utils.form_data import querydict_from_html

from core.abuse import render_token
from outreach.models import RumourTip
from outreach.roles import names
from outreach.roles.setup import setup_roles
from tests.conftest import SHANGHAI
from tests.roles.admin_actions import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def rumours(roles, settings):
    settings.KEPU_FORM_CHALLENGE = True
    index = roles.city.rumours
    setup_roles()
    return index


def tip_data(client, **fields):
    """The form as the 辟谣 index draws it, filled in, rendered ten seconds ago."""
    page = client.get("/rumours/", **SHANGHAI)
    start = page.text.index('<section id="tip"')
    form_html = page.text[start : page.text.index("</section>", start)]
    data = querydict_from_html(form_html.replace("<form", '<form id="tip-form"', 1), form_id="tip-form")
    data.update({"heard": "喝板蓝根能预防流感", "where": "小区业主群", "contact": "13812345678", **fields})
    data["rendered"] = render_token("rumour-tip", at=time.time() - 10)
    return data


def test_a_citizens_tip_lands_in_the_inbox_and_nowhere_on_the_site(client, rumours, roles):
    response = client.post(reverse("rumour_tip"), tip_data(client), **SHANGHAI)
    assert response.status_code == 302 and response.url.endswith("/rumours/?tip=sent#tip")
    assert "谢谢！线索已交给编辑" in client.get(response.url, **SHANGHAI).text
    [tip] = RumourTip.objects.all()
    assert (tip.heard, tip.where, tip.contact, tip.site.root_page_id) == (
        "喝板蓝根能预防流感",
        "小区业主群",
        "13812345678",
        roles.city.home.pk,
    )
    assert "板蓝根" not in client.get("/rumours/", **SHANGHAI).text
    assert client.get("/search/", {"q": "板蓝根", "format": "json"}, **SHANGHAI).json()["total"] == 0


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"website": "http://spam.example"}, "无法提交"),
        ({"rendered": "forged"}, "无法提交"),
        ({"heard": ""}, "请写下您听到或看到的说法"),
        ({"heard": "x" * 1001}, "1000"),
        ({"heard": "隔夜菜\x00致癌"}, "无法识别"),
        ({"contact": "1" * 101}, "100"),
    ],
)
def test_bots_and_bad_input_get_a_message_and_write_nothing(client, rumours, fields, message):
    data = tip_data(client)
    data.update(fields)
    if fields.get("rendered"):
        data["rendered"] = fields["rendered"]
    response = client.post(reverse("rumour_tip"), data, **SHANGHAI)
    assert response.status_code == 400 and message in response.text
    assert not RumourTip.objects.exists()


def test_the_form_only_takes_posts_and_only_where_there_is_a_rumour_index(client, cities):
    assert client.get(reverse("rumour_tip"), **SHANGHAI).status_code == 405
    # A city without a 辟谣 index takes no tips.
    response = client.post(reverse("rumour_tip"), {"heard": "x", "where": "y"}, **SHANGHAI)
    assert response.status_code == 404 and not RumourTip.objects.exists()


def test_a_flood_from_one_address_is_refused(client, rumours, settings):
    settings.KEPU_RATE_LIMITS, settings.KEPU_TIP_RATE = True, "2/h"
    codes = [client.post(reverse("rumour_tip"), tip_data(client), **SHANGHAI).status_code for _ in range(3)]
    assert codes == [302, 302, 400]
    assert RumourTip.objects.count() == 2


def test_only_the_citys_editors_see_its_tips_contacts_masked(roles, rumours, editor, moderator, cities):
    _user, editor_client = editor
    _moderator, moderator_client = moderator
    shanghai_tip = RumourTip.objects.create(
        site=Site.objects.get(root_page=roles.city.home), heard="5G基站致癌", where="业主群", contact="13812345678"
    )
    nantong_tip = RumourTip.objects.create(
        site=Site.objects.get(root_page=cities["nantong"]), heard="南通要地震", where="短视频", contact="a@b.cn"
    )
    index = reverse("rumour_tips:index")
    listing = editor_client.get(index)
    assert listing.status_code == 200
    assert "5G基站致癌" in listing.text and "138****5678" in listing.text and "13812345678" not in listing.text
    assert "南通要地震" not in listing.text
    assert editor_client.get(reverse("rumour_tips:edit", args=(nantong_tip.pk,))).status_code == 404
    assert editor_client.post(reverse("rumour_tips:delete", args=(nantong_tip.pk,))).status_code == 404
    assert RumourTip.objects.filter(pk=nantong_tip.pk).exists()

    # Opening a tip shows the contact, and the opening is logged.
    opened = editor_client.get(reverse("rumour_tips:edit", args=(shanghai_tip.pk,)))
    assert "13812345678" in opened.text
    assert ModelLogEntry.objects.filter(action="kepu.tip.contact_viewed", object_id=str(shanghai_tip.pk)).exists()

    # Nobody adds a tip in the admin; other roles do not see the inbox at all.
    assert refused(editor_client.get(reverse("rumour_tips:add")))
    assert refused(moderator_client.get(index))
    staff_user, staff_client = roles.login("staff", names.venue_staff("上海", "上海科技馆"))
    assert refused(staff_client.get(index))
    assert refused(staff_client.get(reverse("rumour_tips:edit", args=(shanghai_tip.pk,))))


def test_contacts_are_deleted_after_the_set_time(roles, rumours, settings):
    settings.KEPU_TIP_CONTACT_DAYS = 30
    site = Site.objects.get(root_page=roles.city.home)
    old = RumourTip.objects.create(
        site=site, heard="旧线索", where="群", contact="13800000000", created_at=timezone.now() - timedelta(days=31)
    )
    new = RumourTip.objects.create(site=site, heard="新线索", where="群", contact="13900000000")
    call_command("expire_tip_contacts")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.contact, old.heard, new.contact) == ("", "旧线索", "13900000000")
