"""Logins (issue 17): the audit sent 50 wrong passwords and then the right one, and all were
accepted at once; no admin role had a second factor. Each test replays that as an attacker
or an editor would meet it: at the sign-in form, at /admin/ and at the admin's other doors."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.users.models import UserProfile

from tests.conftest import TEST_PII_KEY, run_manage

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
PASSWORD = "correct horse battery staple"
LOCKED = "登录失败次数过多，请 15 分钟后再试"


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 10
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.KEPU_TRUSTED_PROXIES = []


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.cn", PASSWORD)


@pytest.fixture
def require_2fa(settings):
    settings.KEPU_REQUIRE_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def sign_in(client, username, password, address="198.51.100.1", **headers):
    return client.post(
        LOGIN, {"username": username, "password": password, "next": "/admin/"}, REMOTE_ADDR=address, **headers
    )


def reaches_admin(client):
    return client.get("/admin/").status_code == 200


def totp_device(user):
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def code_of(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift):06d}"


# Throttling and lockout


def test_fifty_wrong_passwords_lock_the_account_from_any_address(lockout, editor):
    for attempt in range(50):
        sign_in(Client(), "editor", f"guess-{attempt}", address=f"203.0.113.{attempt + 1}")
    client = Client()
    response = sign_in(client, "editor", PASSWORD, address="192.0.2.200")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not reaches_admin(client)


def test_fifty_wrong_passwords_from_one_address_lock_that_address(lockout, editor):
    for attempt in range(50):
        sign_in(Client(), f"someone-{attempt}", "guess", address="203.0.113.9")
    client = Client()
    assert sign_in(client, "editor", PASSWORD, address="203.0.113.9").status_code == 429
    assert not reaches_admin(client)
    # The account itself is not locked: the editor signs in from another address.
    assert sign_in(client, "editor", PASSWORD, address="192.0.2.1").status_code == 302
    assert reaches_admin(client)


def test_the_lock_ends_after_the_cool_off(lockout, editor):
    for _ in range(50):
        sign_in(Client(), "editor", "guess")
    assert sign_in(Client(), "editor", PASSWORD).status_code == 429
    # Sixteen minutes pass.
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    client = Client()
    assert sign_in(client, "editor", PASSWORD).status_code == 302
    assert reaches_admin(client)


def test_each_try_during_the_lock_restarts_it(lockout, editor):
    for _ in range(10):
        sign_in(Client(), "editor", "guess")
    ten_minutes_pass = {"attempt_time": F("attempt_time") - timedelta(minutes=10)}
    AccessAttempt.objects.update(**ten_minutes_pass)
    assert sign_in(Client(), "editor", PASSWORD).status_code == 429
    AccessAttempt.objects.update(**ten_minutes_pass)  # 20 minutes after the 10th failure
    assert sign_in(Client(), "editor", PASSWORD).status_code == 429


def test_a_successful_sign_in_resets_the_count(lockout, editor):
    for _ in range(3):
        for _ in range(9):
            sign_in(Client(), "editor", "typo")
        assert sign_in(Client(), "editor", PASSWORD).status_code == 302


def test_behind_the_proxy_failures_count_against_the_address_nginx_saw(lockout, settings, editor):
    settings.KEPU_TRUSTED_PROXIES = ["127.0.0.1"]
    # The attacker varies what it sends in X-Forwarded-For; nginx appends the real address.
    for attempt in range(10):
        sign_in(
            Client(),
            f"someone-{attempt}",
            "guess",
            address="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}, 203.0.113.7",
        )
    locked = sign_in(Client(), "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert locked.status_code == 429
    # Another visitor behind the same proxy is not locked out with the attacker.
    assert (
        sign_in(Client(), "editor", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.8").status_code == 302
    )
    # A client that reaches Django directly cannot pick its address with the header.
    direct = sign_in(Client(), "editor", PASSWORD, address="203.0.113.7", HTTP_X_FORWARDED_FOR="192.0.2.9")
    assert direct.status_code == 429


def test_axes_reset_unlocks(lockout, editor):
    for _ in range(10):
        sign_in(Client(), "editor", "guess")
    call_command("axes_reset_username", "editor")
    call_command("axes_reset_ip", "198.51.100.1")
    assert sign_in(Client(), "editor", PASSWORD).status_code == 302


# The second factor


def test_password_alone_does_not_reach_the_admin(require_2fa, editor):
    totp_device(editor)
    client = Client()
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith("/admin/2fa/verify/?next=")


@pytest.mark.parametrize(
    "path",
    ["/admin/", "/admin/pages/", "/admin/api/main/pages/", "/admin/choose-page/", "/admin/users/", "/admin/2fa/"],
)
def test_a_session_without_the_second_factor_is_refused_everywhere_in_the_admin(require_2fa, editor, path):
    totp_device(editor)
    client = Client()
    client.force_login(editor)
    assert client.get(path).status_code == 302
    assert client.get(path, HTTP_X_REQUESTED_WITH="XMLHttpRequest").status_code == 403
    assert client.post(path, {}).status_code == 403


def test_a_correct_code_reaches_the_admin_and_a_wrong_one_does_not(require_2fa, editor):
    device = totp_device(editor)
    client = Client()
    sign_in(client, "editor", PASSWORD)
    right = code_of(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = client.post("/admin/2fa/verify/", {"code": wrong, "next": "/admin/"})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    assert not reaches_admin(client)
    response = client.post("/admin/2fa/verify/", {"code": right, "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert reaches_admin(client)


def test_a_recovery_code_works_once(require_2fa, editor):
    totp_device(editor)
    recovery = StaticDevice.objects.create(user=editor, name="recovery", confirmed=True)
    recovery.token_set.create(token="abcd2345")
    client = Client()
    sign_in(client, "editor", PASSWORD)
    assert client.post("/admin/2fa/verify/", {"code": "ABCD 2345"}).status_code == 302
    assert reaches_admin(client)

    again = Client()
    sign_in(again, "editor", PASSWORD)
    assert client.post("/admin/2fa/verify/", {"code": "abcd2345"}).status_code == 302  # already verified
    response = again.post("/admin/2fa/verify/", {"code": "abcd2345"})
    assert response.status_code == 200
    assert not reaches_admin(again)


def test_the_pages_follow_the_users_interface_language(require_2fa, editor):
    totp_device(editor)
    profile = UserProfile.get_for_user(editor)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    sign_in(client, "editor", PASSWORD)
    assert "Enter the 6-digit code from your authenticator app" in client.get("/admin/2fa/verify/").content.decode()


def test_repeated_wrong_codes_are_slowed_down(settings, editor):
    settings.KEPU_REQUIRE_2FA = True  # the throttle at its default factor
    device = totp_device(editor)
    client = Client()
    sign_in(client, "editor", PASSWORD)
    for _ in range(5):
        client.post("/admin/2fa/verify/", {"code": "000000"})
    response = client.post("/admin/2fa/verify/", {"code": code_of(device)})
    assert "错误次数过多" in response.content.decode()
    assert not reaches_admin(client)


def test_setup_shows_an_inline_qr_code_then_recovery_codes(require_2fa, editor):
    client = Client()
    sign_in(client, "editor", PASSWORD)
    admin = client.get("/admin/pages/")
    assert admin["Location"] == "/admin/2fa/setup/?next=%2Fadmin%2Fpages%2F"
    page = client.get(admin["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "设置两步验证" in html
    assert re.search(r"<svg[^>]*>.*<path", html, re.S), "the QR code is drawn inline"
    # Nothing on the page is loaded from another origin, the QR code least of all (Wagtail's
    # <noscript> note links to a help page, which loads nothing).
    assert not re.search(r"""(?:src|action|<link[^>]*href)=["']?(?:https?:)?//""", html)
    assert "otpauth" not in re.sub(r"<svg.*?</svg>", "", html, flags=re.S)

    device = TOTPDevice.objects.get(user=editor, confirmed=False)
    assert "".join(device.config_url.split("secret=")[1].split("&")[0]) in html.replace(" ", "")  # the typed key
    response = client.post("/admin/2fa/setup/", {"code": code_of(device), "next": "/admin/pages/"})
    html = response.content.decode()
    codes = re.findall(r"<code>([a-z2-7]{8})</code>", html)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=editor).values_list("token", flat=True))
    assert "只显示这一次" in html
    assert client.get("/admin/pages/").status_code == 200


def test_a_wrong_setup_code_enables_nothing(require_2fa, editor):
    client = Client()
    sign_in(client, "editor", PASSWORD)
    client.get("/admin/2fa/setup/")
    response = client.post("/admin/2fa/setup/", {"code": "123456"})
    assert "验证码不正确" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=editor, confirmed=True).exists()
    assert not reaches_admin(client)


def test_new_recovery_codes_replace_the_old_ones(require_2fa, editor):
    device = totp_device(editor)
    client = Client()
    sign_in(client, "editor", PASSWORD)
    client.post("/admin/2fa/verify/", {"code": code_of(device)})
    first = re.findall(r"<code>(\w{8})</code>", client.post("/admin/2fa/recovery-codes/").content.decode())
    second = re.findall(r"<code>(\w{8})</code>", client.post("/admin/2fa/recovery-codes/").content.decode())
    assert len(first) == len(second) == 10
    assert not set(first) & set(StaticToken.objects.values_list("token", flat=True))


def test_an_unverified_session_does_not_open_login_only_documents(require_2fa, editor):
    root = Collection.get_first_root_node()
    private = root.add_child(name="内部资料")
    CollectionViewRestriction.objects.create(collection=private, restriction_type=CollectionViewRestriction.LOGIN)
    document = get_document_model().objects.create(
        title="内部", file=ContentFile(b"internal", name="internal.txt"), collection=private
    )
    client = Client()
    client.force_login(editor)
    assert client.get(document.url).status_code == 302
    verified = Client()
    sign_in(verified, "editor", PASSWORD)
    verified.post("/admin/2fa/verify/", {"code": code_of(totp_device(editor))})
    assert verified.get(document.url).status_code == 200


def test_a_superuser_resets_another_users_second_factor(require_2fa, editor, django_user_model):
    staff = django_user_model.objects.create_user("staff", "staff@example.cn", PASSWORD)
    staff.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    earlier_session = Client()
    sign_in(earlier_session, "staff", PASSWORD)
    earlier_session.post("/admin/2fa/verify/", {"code": code_of(totp_device(staff))})
    assert reaches_admin(earlier_session)
    superuser = Client()
    sign_in(superuser, "editor", PASSWORD)
    superuser.post("/admin/2fa/verify/", {"code": code_of(totp_device(editor))})
    assert f'href="/admin/2fa/reset/{staff.pk}/"' in superuser.get("/admin/users/").content.decode()
    assert "重置两步验证" in superuser.get(f"/admin/2fa/reset/{staff.pk}/").content.decode()
    assert superuser.post(f"/admin/2fa/reset/{staff.pk}/").status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    assert not reaches_admin(earlier_session)

    staff_client = Client()
    sign_in(staff_client, "staff", PASSWORD)
    assert staff_client.get("/admin/")["Location"].startswith("/admin/2fa/setup/")
    # Someone who is not a superuser cannot reset anyone's, even after passing their own.
    staff_device = totp_device(staff)
    staff_client.post("/admin/2fa/verify/", {"code": code_of(staff_device)})
    assert reaches_admin(staff_client)
    assert staff_client.post(f"/admin/2fa/reset/{editor.pk}/").status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=editor, confirmed=True).exists()


def test_reset_2fa_command(editor):
    totp_device(editor)
    call_command("reset_2fa", "editor")
    assert not TOTPDevice.objects.filter(user=editor).exists()


# Sessions


def test_session_cookie_is_http_only_lax_and_ends_with_the_browser_unless_remembered(lockout, editor):
    client = Client()
    response = sign_in(client, "editor", PASSWORD)
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert not cookie["max-age"], "ends when the browser closes"
    remembered = client.post(LOGIN, {"username": "editor", "password": PASSWORD, "remember": "on"}).cookies["sessionid"]
    assert 8 * 3600 <= int(remembered["max-age"]) <= 12 * 3600
    assert 8 * 3600 <= client.session.get_expiry_age() <= 12 * 3600


@pytest.mark.slow
def test_production_turns_lockout_and_the_second_factor_on():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings as s; print(s.AXES_ENABLED, s.KEPU_REQUIRE_2FA, s.KEPU_TRUSTED_PROXIES)",
        settings_module="config.settings.production",
        env={
            "DATABASE_URL": "",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "kepu.example.cn",
            "KEPU_PII_KEY": TEST_PII_KEY,
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True True ['127.0.0.1', '::1']"
