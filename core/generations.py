"""The content generation: one number that every change to what a public page shows bumps, in
the same transaction as the change (core/signals.py).

The page cache keys whole responses by it (page_cache.py) and each worker keeps what every
page needs for it (worker_cache.py), so neither ever serves anything older than the content
behind it, and neither has anything to expire or purge. The number lives in the database, so
all worker processes agree on it; on PostgreSQL they hear it change by NOTIFY
(generation_listener.py).
"""

import time

from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Greatest

from . import generation_listener
from .models import GENERATION_SQL, CacheGeneration

# The generation this process last read, under which its cached pages were stored: what
# the page cache serves from while the database cannot be reached.
_last_read = None


def current_generation(request=None):
    """Read once per request, then kept on it. On PostgreSQL, as heard by the worker's
    listening connection (generation_listener.py); otherwise, or when that cannot answer,
    one small query written without the ORM (compiling a queryset cost as much as the
    cache read of a hit)."""
    if request is not None and hasattr(request, "_kepu_generation"):
        return request._kepu_generation
    listening = generation_listener.enabled()
    generation = generation_listener.listener.generation() if listening else None
    if generation is None:
        with connection.cursor() as cursor:
            cursor.execute(GENERATION_SQL, [CacheGeneration.PAGES])
            row = cursor.fetchone()
        generation = row[0] if row else 0
        if listening:
            generation_listener.listener.confirm(generation)
    if request is not None:
        request._kepu_generation = generation
    global _last_read
    _last_read = generation
    return generation


def last_read():
    """The generation this process last read (None before the first read), without asking the
    database."""
    return _last_read


def bump_generation():
    """Make every cached page stale. Inside a transaction the new number becomes visible to
    other requests together with the content change, when both commit. The number is at
    least the time in microseconds, so a number is never used twice, even after a rolled-back
    transaction took it back: a worker that kept what it computed for that number
    (worker_cache.py) cannot mistake other content for it."""
    now = time.time_ns() // 1000
    updated = CacheGeneration.objects.filter(pk=CacheGeneration.PAGES).update(
        value=Greatest(F("value") + 1, Value(now))
    )
    if not updated:
        CacheGeneration.objects.get_or_create(pk=CacheGeneration.PAGES, defaults={"value": now})
    if connection.vendor == "postgresql":
        # Heard by every worker's listener when (and only if) this transaction commits.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT pg_notify(%s, value::text), value FROM {CacheGeneration._meta.db_table} WHERE key = %s",
                [generation_listener.CHANNEL, CacheGeneration.PAGES],
            )
            value = cursor.fetchone()[1]
        if generation_listener.enabled():
            generation_listener.listener.bumped(value)
