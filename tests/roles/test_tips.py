"""线索征集 as a citizen and an editor meet it: a tip sent from the 辟谣 index lands in the city's
editors' inbox, never on the site; bots and floods are refused with a message and nothing
written; only the city's own editors see its tips, contacts encrypted in the database, masked
in the list, in full only on the tip's own page (each showing logged) and deleted after
KEPU_TIP_CONTACT_DAYS."""

import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, Site
from wagtail.test.utils.form_data import querydict_from_html

from core.abuse import render_token
from outreach.models import RumourTip, TipStatus
from outreach.roles import names
from outreach.roles.setup import setup_roles
from tests.conftest import SHANGHAI, TEST_PII_KEY
from tests.roles.admin_actions import refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def rumours(roles, settings):
    settings.KEPU_FORM_CHALLENGE = True
    index = roles.city.rumours
    setup_roles()
    return index


def stored_tip(site, heard, contact, **fields):
    tip = RumourTip(site=site, heard=heard, where="业主群", **fields)
    tip.set_contact(contact)
    tip.save()
    return tip


def stored_row(tip):
    """What the database holds for the tip, read with SQL: every column, as text."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {RumourTip._meta.db_table} WHERE id = %s", [tip.pk])
        return " ".join(str(value) for value in cursor.fetchone())


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
    assert (tip.heard, tip.where, tip.decrypted_contact(), tip.site.root_page_id) == (
        "喝板蓝根能预防流感",
        "小区业主群",
        "13812345678",
        roles.city.home.pk,
    )
    # The contact is in the database only encrypted, beside its masked copy.
    row = stored_row(tip)
    assert "13812345678" not in row and "138****5678" in row and tip.contact_encrypted in row
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
    shanghai_tip = stored_tip(Site.objects.get(root_page=roles.city.home), "5G基站致癌", "13812345678")
    nantong_tip = stored_tip(Site.objects.get(root_page=cities["nantong"]), "南通要地震", "a@b.cn")
    index = reverse("rumour_tips:index")
    listing = editor_client.get(index)
    assert listing.status_code == 200
    assert "5G基站致癌" in listing.text and "138****5678" in listing.text and "13812345678" not in listing.text
    assert "南通要地震" not in listing.text
    assert not ModelLogEntry.objects.filter(action="kepu.tip.contact_viewed").exists()
    assert editor_client.get(reverse("rumour_tips:edit", args=(nantong_tip.pk,))).status_code == 404
    assert editor_client.post(reverse("rumour_tips:delete", args=(nantong_tip.pk,))).status_code == 404
    assert RumourTip.objects.filter(pk=nantong_tip.pk).exists()

    # Opening a tip shows the contact, and the opening is logged.
    opened = editor_client.get(reverse("rumour_tips:edit", args=(shanghai_tip.pk,)))
    assert "13812345678" in opened.text
    [viewed] = ModelLogEntry.objects.filter(action="kepu.tip.contact_viewed", object_id=str(shanghai_tip.pk))
    assert viewed.user == _user
    # Saving the editor's work keeps the contact as it was, still encrypted.
    data = querydict_from_html(opened.text, form_id="w-editor-form")
    data.update({"status": "checking", "note": "已联系专家"})
    saved = editor_client.post(reverse("rumour_tips:edit", args=(shanghai_tip.pk,)), data)
    assert saved.status_code == 302
    shanghai_tip.refresh_from_db()
    assert (shanghai_tip.status, shanghai_tip.decrypted_contact()) == ("checking", "13812345678")
    assert "13812345678" not in stored_row(shanghai_tip)

    # Nobody adds a tip in the admin; other roles do not see the inbox at all.
    assert refused(editor_client.get(reverse("rumour_tips:add")))
    assert refused(moderator_client.get(index))
    staff_user, staff_client = roles.login("staff", names.venue_staff("上海", "上海科技馆"))
    assert refused(staff_client.get(index))
    assert refused(staff_client.get(reverse("rumour_tips:edit", args=(shanghai_tip.pk,))))


def test_the_inbox_filters_by_status(roles, rumours, editor):
    _user, editor_client = editor
    site = Site.objects.get(root_page=roles.city.home)
    stored_tip(site, "5G基站致癌", "")
    stored_tip(site, "隔夜菜致癌", "", status=TipStatus.ANSWERED)
    listing = editor_client.get(reverse("rumour_tips:index"), {"status": TipStatus.ANSWERED})
    assert "隔夜菜致癌" in listing.text and "5G基站致癌" not in listing.text


def test_contacts_are_deleted_after_the_set_time(roles, rumours, settings):
    settings.KEPU_TIP_CONTACT_DAYS = 30
    site = Site.objects.get(root_page=roles.city.home)
    old = stored_tip(site, "旧线索", "13800000000", created_at=timezone.now() - timedelta(days=31))
    new = stored_tip(site, "新线索", "13900000000")
    call_command("expire_tip_contacts")
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.contact_encrypted, old.contact_masked, old.heard) == ("", "", "旧线索")
    assert (new.decrypted_contact(), new.contact_masked) == ("13900000000", "139****0000")


@pytest.mark.parametrize(
    ("contact", "masked"),
    [
        ("13812345678", "138****5678"),
        ("138 1234 5678", "138****5678"),
        ("021-62345678", "021****5678"),
        ("1234567", "*******"),
        ("zhang.san@example.cn", "z***@example.cn"),
        ("微信 kepu_fan", "微***"),
    ],
)
def test_the_list_shows_each_kind_of_contact_masked(contact, masked):
    tip = RumourTip(heard="x", where="y")
    tip.set_contact(contact)
    assert tip.contact_masked == masked and contact not in tip.contact_encrypted


@pytest.mark.django_db(transaction=True)
def test_contacts_stored_before_encryption_are_encrypted_by_the_migration(settings):
    """Tips kept in plain text by an older Kepu: the migration encrypts every contact (none
    without the key, it refuses instead) and leaves an empty one empty."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db.migrations.executor import MigrationExecutor
    from wagtail.models import Page

    from tests.browser.conftest import ensure_tree_root

    ensure_tree_root()
    site_id = Site.objects.create(hostname="tips.example", root_page=Page.get_first_root_node()).pk
    MigrationExecutor(connection).migrate([("outreach", "0009_merge_rumours_and_topics")])
    with connection.cursor() as cursor:
        for heard, contact in (("有联系方式", "13812345678"), ("没留联系方式", "")):
            cursor.execute(
                f'INSERT INTO {RumourTip._meta.db_table} (site_id, heard, "where", contact, language, created_at,'
                " status, note) VALUES (%s, %s, '群', %s, 'zh-hans', %s, 'new', '')",
                [site_id, heard, contact, timezone.now()],
            )
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    settings.KEPU_PII_KEY = ""
    with pytest.raises(ImproperlyConfigured, match="KEPU_PII_KEY"):
        MigrationExecutor(connection).migrate(latest)
    settings.KEPU_PII_KEY = TEST_PII_KEY
    MigrationExecutor(connection).migrate(latest)

    kept, empty = RumourTip.objects.get(heard="有联系方式"), RumourTip.objects.get(heard="没留联系方式")
    assert "13812345678" not in stored_row(kept)
    assert (kept.decrypted_contact(), kept.contact_masked) == ("13812345678", "138****5678")
    assert (empty.contact_encrypted, empty.contact_masked) == ("", "")
