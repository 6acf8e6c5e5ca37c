"""The words of a synonym (models.Synonym): how its equivalents field is split and checked.
Imports nothing of search, so the model can use it."""

import re
import unicodedata

from django.core.exceptions import ValidationError

MAX_WORD_CHARS = 50
MAX_EQUIVALENTS = 20
SEPARATORS = re.compile(r"[、，,;；\n\r\t/|]+")


def _clean(text):
    return "".join(" " if unicodedata.category(c)[0] == "C" and c not in "\n\r\t" else c for c in text or "")


def split_words(text):
    """The words of an equivalents field, in order, trimmed, without repeats."""
    return list(dict.fromkeys(w.strip() for w in SEPARATORS.split(text or "") if w.strip()))


def validate(term, equivalents):
    """(term, equivalents) as stored, or ValidationError with what is wrong, per field."""
    term = " ".join(_clean(term).split())
    words = [w for w in split_words(_clean(equivalents)) if w != term]
    errors = {}
    if not term:
        errors["term"] = "请填写词语。"
    elif len(term) > MAX_WORD_CHARS:
        errors["term"] = f"词语不能超过 {MAX_WORD_CHARS} 个字。"
    elif not re.search(r"\w", term):
        errors["term"] = "词语要包含文字或数字。"
    if not words:
        errors["equivalents"] = "请至少填写一个与它不同的同义词。"
    elif len(words) > MAX_EQUIVALENTS:
        errors["equivalents"] = f"同义词最多 {MAX_EQUIVALENTS} 个。"
    elif long := [w for w in words if len(w) > MAX_WORD_CHARS]:
        errors["equivalents"] = f"每个同义词不能超过 {MAX_WORD_CHARS} 个字：{long[0][:20]}…"
    elif empty := [w for w in words if not re.search(r"\w", w)]:
        errors["equivalents"] = f"同义词要包含文字或数字：{empty[0]}"
    if errors:
        raise ValidationError(errors)
    return term, "、".join(words)
