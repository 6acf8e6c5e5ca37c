"""Personal data under PIPL, for every app that keeps some (bookings' mobile and ID numbers,
线索征集 contacts): encrypted with a key from the environment (KEPU_PII_KEY, a Fernet key; never
in the database or the repository), and masked for lists.

A value that must be found again without decrypting (one booking per mobile number) is also
kept as a keyed digest (HMAC with the same key). What a value must look like before it is
stored is the app's own business (registration/pii.py checks ID and mobile numbers).
"""

import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import ImproperlyConfigured

from core.conf import kepu_settings


def fernet():
    key = kepu_settings.PII_KEY
    if not key:
        raise ImproperlyConfigured("KEPU_PII_KEY is not set: personal data cannot be encrypted (README, Settings).")
    try:
        return Fernet(key)
    except ValueError as error:
        raise ImproperlyConfigured("KEPU_PII_KEY must be a Fernet key (32 bytes, url-safe base64).") from error


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


def mask_id(number):
    """310***********1234: the first three characters and the last four, the rest starred; a
    number too short to hide anything that way is starred whole."""
    if len(number) <= 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


# A phone number is masked the same way: 138****5678.
mask_phone = mask_id
