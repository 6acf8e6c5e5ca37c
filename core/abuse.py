"""What every public form that writes something needs against bots and floods: the visitor's
address, a rate limit, and a challenge that loads nothing from another host.

- `client_ip(request)`: the address a request came from, trusting X-Forwarded-For only from
  the local reverse proxy (KEPU_TRUSTED_PROXIES).
- `over_limit(scope, key, rate)`: counts one hit for `key` (an address, a phone number) in a
  fixed window and says whether the rate ("5/h", "20/d", "3/m") is now exceeded. The counts
  live in Django's cache: shared by every worker when REDIS_URL is set, per worker otherwise.
  KEPU_RATE_LIMITS=0 switches every limit off (load tests).
- `HumanCheckForm`: a form mixin with a honeypot field people never see and a signed
  render time; a submission that fills the honeypot, comes back faster than a person can
  type, or brings a token that is forged or older than two hours is refused with a message.
  KEPU_FORM_CHALLENGE=0 switches it off (load tests). Its text fields refuse control
  characters (NUL, escape sequences …; tabs and line breaks are text), which no one types.
"""

import hashlib
import ipaddress
import time
import unicodedata

from django import forms
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from core.conf import kepu_settings

WINDOWS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}


def client_ip(request):
    """The peer's address, or, when the peer is the local reverse proxy
    (KEPU_TRUSTED_PROXIES), the address that proxy appended last to X-Forwarded-For.
    Earlier entries are whatever the client sent, so they never count: a client cannot
    choose the address its requests are counted against."""
    remote = request.META.get("REMOTE_ADDR") or ""
    if remote in kepu_settings.TRUSTED_PROXIES:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if hops[-1]:
            try:
                return str(ipaddress.ip_address(hops[-1]))
            except ValueError:
                pass
    return remote or None


def parse_rate(rate):
    """ "5/h" → (5, 3600). A malformed rate is a configuration mistake and raises ValueError."""
    count, _slash, unit = str(rate).partition("/")
    if unit not in WINDOWS or not count.isdigit() or int(count) < 1:
        raise ValueError(f"a rate is a positive count per s, m, h or d, like 5/h, not {rate!r}")
    return int(count), WINDOWS[unit]


def over_limit(scope, key, rate):
    """Count one hit of `key` under `scope` and say whether it went over `rate`.

    The key is hashed, so the cache never holds a phone number or an address in clear."""
    if not kepu_settings.RATE_LIMITS or key is None:
        return False
    limit, window = parse_rate(rate)
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:32]
    slot = int(time.time() // window)
    cache_key = f"kepu:rate:{scope}:{digest}:{slot}"
    # add() then incr() is atomic on Redis and on the local-memory cache.
    if cache.add(cache_key, 1, timeout=window + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add() and incr()
            cache.add(cache_key, 1, timeout=window + 5)
            count = 1
    return count > limit


SALT = "kepu.core.abuse.rendered"
MIN_SECONDS = 2
MAX_SECONDS = 2 * 60 * 60


def render_token(form_name, at=None):
    """The signed token a form carries from render to submit: its name and the render time."""
    return signing.dumps({"f": form_name, "t": int(at if at is not None else time.time())}, salt=SALT)


# Django's own wording for a NUL character reads badly in Chinese (不允许是用空字符串).
UNREADABLE = _("内容含有无法识别的字符。")


def refuse_control_characters(value):
    """A public form's text holds no control character but a tab or a line break (NUL is
    refused by Django's own validator, with UNREADABLE as its message)."""
    if any(unicodedata.category(char) == "Cc" and char not in "\t\n\r\x00" for char in str(value)):
        raise forms.ValidationError(UNREADABLE, code="control_characters")


class HumanCheckForm(forms.Form):
    """Mix into a public form (class TipForm(HumanCheckForm): …) and give it `human_check_name`.

    Renders two extra fields: `website`, hidden from people by CSS and from screen readers by
    aria-hidden (bots that fill every field fill it too), and `rendered`, the signed render
    time. Templates render them with {% include "core/human_check.html" %}; forms rendered
    with {{ form }} get them automatically."""

    human_check_name = "form"
    honeypot_name = "website"
    too_fast = _("提交太快了，请稍等几秒再提交。")
    expired = _("表单已过期，请刷新页面后重新填写。")
    refused = _("无法提交，请刷新页面后重试。")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["null_characters_not_allowed"] = UNREADABLE
            if isinstance(field, forms.CharField):
                field.validators.append(refuse_control_characters)
        if not kepu_settings.FORM_CHALLENGE:
            return
        self.fields[self.honeypot_name] = forms.CharField(
            required=False,
            label=_("请勿填写此项"),
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1", "class": "human-check-field"}),
        )
        self.fields["rendered"] = forms.CharField(
            required=False,
            widget=forms.HiddenInput,
            initial=render_token(self.human_check_name),
        )

    def clean(self):
        cleaned = super().clean()
        if not kepu_settings.FORM_CHALLENGE:
            return cleaned
        if cleaned.get(self.honeypot_name):
            raise forms.ValidationError(self.refused, code="honeypot")
        try:
            token = signing.loads(cleaned.get("rendered") or "", salt=SALT, max_age=MAX_SECONDS)
        except signing.SignatureExpired:
            raise forms.ValidationError(self.expired, code="expired") from None
        except signing.BadSignature:
            raise forms.ValidationError(self.refused, code="forged") from None
        if token.get("f") != self.human_check_name:
            raise forms.ValidationError(self.refused, code="forged")
        age = time.time() - token.get("t", 0)
        if age > MAX_SECONDS:
            raise forms.ValidationError(self.expired, code="expired")
        if age < MIN_SECONDS:
            raise forms.ValidationError(self.too_fast, code="too_fast")
        return cleaned
