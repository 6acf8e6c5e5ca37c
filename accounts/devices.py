"""A user's second factor: one TOTP device (an authenticator app) and one static device
holding the recovery codes. Setup, verification and resets all go through here."""

import segno
from django.db import transaction
from django.utils.safestring import mark_safe
from django_otp import devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.conf import kepu_settings

RECOVERY_CODE_COUNT = 10


def is_enrolled(user):
    return user_has_device(user, confirmed=True)


def pending_totp_device(user):
    """The unconfirmed device being set up, the same one until it is confirmed, so reloading
    the setup page does not change the QR code the user may already have scanned."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=False)


def qr_code_svg(device):
    """The otpauth:// URI as an inline SVG, drawn here: the secret never leaves the server."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    return mark_safe(svg)  # segno's markup is rects and paths only: no text from the URI


def readable_key(device):
    """The base32 secret in groups of four, for typing into an app by hand."""
    from base64 import b32encode

    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def confirm(device):
    """Makes a pending device the user's only one and issues fresh recovery codes."""
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return new_recovery_codes(device.user)


@transaction.atomic
def new_recovery_codes(user):
    """Replaces the user's recovery codes with RECOVERY_CODE_COUNT new single-use ones."""
    static, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "recovery", "confirmed": True})
    StaticDevice.objects.filter(user=user).exclude(pk=static.pk).delete()
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=static, token=code) for code in codes)
    return codes


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def verify(user, token):
    """The confirmed device that accepts the token, or None. Six digits go to the
    authenticator, anything else to the recovery codes, so a typo in one does not count
    as a failure against the other's throttle. Returns (device, seconds to wait)."""
    token = "".join(token.split()).lower()
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if not isinstance(device, kind):
                continue
            allowed, data = device.verify_is_allowed()
            if not allowed:
                return None, _seconds_until(data)
            if device.verify_token(token):
                return device, 0
    return None, 0


def _seconds_until(data):
    from django.utils import timezone

    locked_until = (data or {}).get("locked_until")
    if not locked_until:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


@transaction.atomic
def reset(user):
    """Removes every second-factor device of the user: the next sign-in sets one up again,
    and sessions verified with the old device are no longer verified."""
    count = 0
    for model in (TOTPDevice, StaticDevice):
        count += model.objects.filter(user=user).delete()[1].get(model._meta.label, 0)
    return count


def required():
    return kepu_settings.REQUIRE_2FA
