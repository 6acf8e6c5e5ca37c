"""Bookings' personal data checked before anything is stored: mobile numbers (mainland, with
or without +86) and resident ID numbers (GB 11643 checksum).

They are encrypted, masked and digested by core/pii.py, which 线索征集 contacts share: a phone
number's keyed digest lets "one booking per phone number per session" and the per-phone rate
limit work without decrypting anything.
"""

import re

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
ID_RE = re.compile(r"^\d{17}[\dX]$")
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"


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
