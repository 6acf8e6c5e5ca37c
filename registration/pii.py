"""Personal data under PIPL: ID numbers and phone numbers encrypted with a key from the
environment (KEPU_PII_KEY, a Fernet key; never in the database or the repository), shown
masked, and checked before anything is stored.

A phone number is also kept as a keyed digest (HMAC with the same key), so "one booking per
phone number per session" and the per-phone rate limit work without decrypting anything.
"""

import base64
import hashlib
import hmac
import re

from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured

from core.conf import kepu_settings

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


def fernet():
    key = kepu_settings.PII_KEY
    if not key:
        raise ImproperlyConfigured("KEPU_PII_KEY is not set: personal data cannot be encrypted (README, Settings).")
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured("KEPU_PII_KEY must be a Fernet key (32 bytes, url-safe base64).") from error


def valid_key(key):
    try:
        return len(base64.urlsafe_b64decode(key.encode())) == 32
    except (ValueError, TypeError):
        return False


def encrypt(text):
    return fernet().encrypt(text.encode()).decode() if text else ""


def decrypt(token):
    if not token:
        return ""
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""  # made with another key: unreadable, never a crash


def digest(text):
    """A keyed digest: equal numbers give equal digests, and nobody without the key can
    test a guess against it."""
    if not text:
        return ""
    return hmac.new(kepu_settings.PII_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def normalise_mobile(value):
    digits = re.sub(r"[\s\-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    return digits


def is_mobile(value):
    return bool(MOBILE_RE.match(value))


def normalise_id(value):
    return re.sub(r"\s", "", value or "").upper()


def id_checksum_ok(number):
    """GB 11643-1999: 17 digits, then a check character from their weighted sum mod 11."""
    if not ID_RE.match(number):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], ID_WEIGHTS, strict=True))
    return ID_CHECK[total % 11] == number[17]


def mask_id(number):
    """310***********1234: the first three characters and the last four, the rest starred; a
    number too short to hide anything that way is starred whole."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


# A mobile number is masked the same way: 138****5678.
mask_phone = mask_id
