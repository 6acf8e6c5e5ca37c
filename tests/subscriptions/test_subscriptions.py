"""精准推送: a citizen subscribes by audience × district × topic with no account, confirms
by a signed expiring link, gets a weekly digest of only what is new and matches, and
unsubscribes in one click (which deletes the address). Editors see counts, never addresses."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from subscriptions.digest import confirm_url, send_all
from subscriptions.models import Subscriber
from tests.conftest import SHANGHAI
from tests.outreach.builders import audience, days_from_now, topic

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://localhost:8000(/\S+)")


def links(message):
    return LINK.findall(message.body)


@pytest.fixture
def city(shanghai):
    audience(), audience("elderly", "老年人"), topic("space", "航天"), topic()
    shanghai.district("huangpu", "黄浦区"), shanghai.district("pudong", "浦东新区")
    return shanghai


def subscribe(client, **choices):
    data = {"email": "Reader@Example.cn", **choices}
    return client.post("/subscribe/", data, **SHANGHAI)


def confirm(client):
    message = mail.outbox[-1]
    confirm_url = next(link for link in links(message) if "/confirm/" in link)
    assert client.get(confirm_url, **SHANGHAI).status_code == 200
    return message


def test_subscribe_confirm_receive_only_matching_news_and_unsubscribe_in_one_click(client, city):
    space, youth = topic("space", "航天"), audience()
    huangpu = city.district("huangpu", "黄浦区")
    city.event("旧的黄浦航天课", days_from_now(6), days_from_now(6, "12:00"), district=huangpu, topics=[space])

    response = subscribe(client, audience="youth", district="huangpu", topic="space")
    assert response.status_code == 200 and "请查收确认邮件" in response.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "reader@example.cn" and subscriber.confirmed_at is None
    assert (subscriber.audience.slug, subscriber.district.slug, subscriber.topic.slug) == ("youth", "huangpu", "space")
    assert send_all()["sent"] == 0  # not confirmed: nothing is sent
    message = confirm(client)
    assert message.to == ["reader@example.cn"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is not None

    soon, later = days_from_now(3), days_from_now(3, "12:00")
    pudong = city.district("pudong", "浦东新区")
    city.event("黄浦青少年航天课", soon, later, district=huangpu, audiences=[youth], topics=[space])
    city.event("浦东青少年航天课", soon, later, district=pudong, audiences=[youth], topics=[space])
    city.event("黄浦老年航天课", soon, later, district=huangpu, topics=[space])
    city.work("火星之旅", audiences=[youth], topics=[space])
    city.work("老年健康", topics=[topic()])
    mail.outbox.clear()
    call_command("send_digests")  # the suite's digest queue runs at once
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert "黄浦青少年航天课" in digest.body and "火星之旅" in digest.body
    for other in ("浦东青少年航天课", "黄浦老年航天课", "老年健康", "旧的黄浦航天课"):
        assert other not in digest.body, other
    html = digest.alternatives[0][0]
    assert "黄浦青少年航天课" in html and "http://localhost:8000/events/" in html

    # Nothing new since: nothing is sent, however often the task runs.
    mail.outbox.clear()
    assert send_all(timezone.now() + timedelta(days=8))["nothing_new"] == 1
    assert mail.outbox == []

    # A mail app's one-click unsubscribe (RFC 8058): one POST, no token; the address is gone.
    unsubscribe_url = digest.extra_headers["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url in digest.body
    response = client.post(unsubscribe_url, {"List-Unsubscribe": "One-Click"}, **SHANGHAI)
    assert response.status_code == 200 and not Subscriber.objects.exists()
    assert client.get(unsubscribe_url, **SHANGHAI).status_code == 200


def test_the_unsubscribe_link_shows_one_button_and_deletes_nothing_by_itself(client, city):
    subscribe(client)
    message = confirm(client)
    url = message.extra_headers["List-Unsubscribe"].strip("<>")
    page = client.get(url, **SHANGHAI).content.decode()
    assert Subscriber.objects.count() == 1 and "退订并删除我的邮箱" in page
    client.post(url, **SHANGHAI)
    assert Subscriber.objects.count() == 0


def test_a_confirmation_link_expires_and_a_forged_one_is_refused(client, city, monkeypatch):
    import time

    subscribe(client)
    subscriber = Subscriber.objects.get()
    signed_at = time.time() - 73 * 3600
    with monkeypatch.context() as patched:
        patched.setattr("django.core.signing.time.time", lambda: signed_at)
        old_link = confirm_url(subscriber)
    response = client.get(old_link, **SHANGHAI)
    assert response.status_code == 400 and "链接已失效" in response.content.decode()
    assert Subscriber.objects.get().confirmed_at is None
    assert send_all(timezone.now() + timedelta(hours=73))["expired_deleted"] == 1
    assert not Subscriber.objects.exists()
    assert client.get("/subscribe/confirm/forged-token/", **SHANGHAI).status_code == 400


def test_subscribing_again_sends_no_second_subscription_and_says_the_same(client, city):
    subscribe(client, topic="space")
    confirm(client)
    mail.outbox.clear()
    response = subscribe(client, topic="space")
    assert response.status_code == 200 and "请查收确认邮件" in response.content.decode()
    assert Subscriber.objects.count() == 1 and mail.outbox == []


def test_bad_input_gets_a_message_and_writes_nothing(client, city, settings):
    response = client.post("/subscribe/", {"email": "not an address", "topic": "no-such-topic"}, **SHANGHAI)
    assert response.status_code == 400 and not Subscriber.objects.exists()
    settings.KEPU_FORM_CHALLENGE = True
    form = client.get("/subscribe/", **SHANGHAI).content.decode()
    rendered = re.search(r'name="rendered" value="([^"]+)"', form).group(1)
    response = client.post("/subscribe/", {"email": "bot@example.cn", "website": "x", "rendered": rendered}, **SHANGHAI)
    assert response.status_code == 400 and not Subscriber.objects.exists() and mail.outbox == []


def test_too_many_subscriptions_from_one_visitor_are_refused(client, city, settings):
    settings.KEPU_RATE_LIMITS = True
    codes = [client.post("/subscribe/", {"email": f"r{n}@example.cn"}, **SHANGHAI).status_code for n in range(12)]
    assert codes[:10] == [200] * 10 and codes[10:] == [429, 429]
    assert Subscriber.objects.count() == 10


def test_the_lists_link_the_digest_with_their_filters(client, city):
    html = client.get("/events/?audience=youth&district=huangpu&free=on", **SHANGHAI).content.decode()
    assert 'href="/subscribe/?audience=youth&amp;district=huangpu"' in html
    form = client.get("/subscribe/?audience=youth&district=huangpu", **SHANGHAI).content.decode()
    assert '<option value="youth" selected>' in form and '<option value="huangpu" selected>' in form


def test_editors_see_counts_by_choice_and_never_an_address(client, city, django_user_model):
    from django.contrib.auth.models import Permission

    subscribe(client, audience="youth", topic="space")
    confirm(client)
    client.post("/subscribe/", {"email": "other@example.cn", "audience": "youth", "topic": "space"}, **SHANGHAI)
    editor = django_user_model.objects.create_user("counts-editor", password="pw")
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="view_subscriber_counts")
    )
    client.force_login(editor)
    page = client.get("/admin/subscriptions/").content.decode()
    assert "订阅统计" in page and "青少年" in page and "航天" in page
    assert re.search(r"<td>1</td><td>1</td>", page)  # one confirmed, one waiting
    assert "example.cn" not in page
    nobody = django_user_model.objects.create_user("no-counts", password="pw")
    nobody.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(nobody)
    refused = client.get("/admin/subscriptions/")  # Wagtail sends them back to the dashboard
    assert refused.status_code == 302 and refused.url == "/admin/"
