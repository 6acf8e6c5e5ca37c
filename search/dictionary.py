"""The site's own words for jieba: venue and brand titles and taxonomy names.

Words only accumulate (a renamed venue adds its new name; an old name left in the
dictionary does no harm). Each process reloads when the newest word id changes, checked at
most every REFRESH_SECONDS, and at once in the process that added the word.
"""

import time

from django.db import DatabaseError

REFRESH_SECONDS = 30
_known = set()
_checked = {"at": 0.0, "version": None}


def current_version():
    from .models import SearchWord

    now = time.monotonic()
    if now - _checked["at"] > REFRESH_SECONDS:
        try:
            _checked["version"] = SearchWord.objects.order_by("-id").values_list("id", flat=True).first()
        except DatabaseError:  # before migrate
            _checked["version"] = None
        _checked["at"] = now
    return _checked["version"]


def all_words():
    from .models import SearchWord

    try:
        return list(SearchWord.objects.values_list("word", flat=True))
    except DatabaseError:
        return []


def record(words):
    """Stores the names not stored yet and returns them (analysis.learn teaches them to jieba)."""
    from .models import SearchWord

    new = {w.strip()[:100] for w in words if w and w.strip()} - _known
    if not new:
        return set()
    existing = set(SearchWord.objects.filter(word__in=new).values_list("word", flat=True))
    SearchWord.objects.bulk_create([SearchWord(word=w) for w in new - existing], ignore_conflicts=True)
    _known.update(new)
    _checked["at"] = 0.0
    return new


def forget_cache():
    """For tests: the next lookups go to the database again."""
    _known.clear()
    _checked["at"] = 0.0
