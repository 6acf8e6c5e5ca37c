"""Validators with messages an editor understands, attached to the field they concern."""

import re

from django.core.exceptions import ValidationError
from django.utils import timezone

ISBN_SEPARATORS = re.compile(r"[\s\-]")


def current_year():
    return timezone.localdate().year


def normalise_isbn(value):
    return ISBN_SEPARATORS.sub("", value or "").upper()


def isbn_is_valid(value):
    digits = normalise_isbn(value)
    if len(digits) == 10 and re.fullmatch(r"\d{9}[\dX]", digits):
        total = sum((10 - i) * (10 if c == "X" else int(c)) for i, c in enumerate(digits))
        return total % 11 == 0
    if len(digits) == 13 and digits.isdigit():
        total = sum(int(c) * (1 if i % 2 == 0 else 3) for i, c in enumerate(digits))
        return total % 10 == 0
    return False


def validate_isbn(value):
    if not value:
        return
    digits = normalise_isbn(value)
    if len(digits) not in (10, 13):
        raise ValidationError(
            "ISBN 应为 10 位或 13 位数字（可含连字符），现在是 %(count)s 位。",
            code="isbn_length",
            params={"count": len(digits)},
        )
    if not isbn_is_valid(digits):
        raise ValidationError("ISBN 校验位不正确，请核对书号（例如 978-7-5428-7412-2）。", code="isbn_checksum")


def validate_not_future_year(value):
    if value is not None and value > current_year():
        raise ValidationError(
            "推荐年度不能晚于今年（%(year)s 年）。", code="future_year", params={"year": current_year()}
        )
