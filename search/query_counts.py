"""Counting searches for 热门搜索 without ever making a search wait for a write lock.

Every search that finds something used to write its count at once, in the request. On SQLite
one writer at a time holds the database's write lock, and a search waited for it for up to
the 20 s lock timeout behind any long write (an import, a publish, a backup): one long write
stalled every search on the site. Now each process adds its searches up in memory and writes
them in one statement:

- when a search comes KEPU_SEARCH_COUNT_SECONDS (10) or more after the last attempt (0:
  every search, as the test settings have it), and
- before it reads the counts for 热门搜索 (so what it counted is in what it shows).

A write never waits: on SQLite the lock is asked for with no busy timeout, on PostgreSQL with
a LOCK_TIMEOUT_MS lock timeout; when the database is busy the counts stay in memory for the
next attempt. What can be lost: the counts a process holds when it is killed (at most the
searches of KEPU_SEARCH_COUNT_SECONDS or of a lock held that long; a graceful stop writes them), and new
queries while MAX_PENDING distinct queries wait (their searches still count for queries
already waiting). Popular searches are a hint, not a ledger.
"""

import atexit
import contextlib
import threading
import time
from collections import Counter

from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.conf import kepu_settings

from .models import QueryCount

LOCK_TIMEOUT_MS = 50
MAX_PENDING = 10_000
ROWS_PER_STATEMENT = 500  # 4 parameters a row, well under SQLite's 32,766

_pending = Counter()  # (site id, query, date): searches not written yet
_lock = threading.Lock()
_last_attempt = float("-inf")


def count(site, query):
    """One search of `query` on `site` today, written now or with the next ones."""
    query = query.lower()[:255]
    if not query or site is None:
        return
    key = (site.pk, query, timezone.localdate())
    with _lock:
        if key in _pending or len(_pending) < MAX_PENDING:
            _pending[key] += 1
        due = time.monotonic() - _last_attempt >= kepu_settings.SEARCH_COUNT_SECONDS
    if due:
        flush()


def flush():
    """Writes what this process counted, if the database can take it without waiting; True
    when nothing is left to write."""
    global _pending, _last_attempt
    with _lock:
        _last_attempt = time.monotonic()
        if not _pending:
            return True
        taken, _pending = _pending, Counter()
    try:
        _write(taken)
    except DatabaseError:  # busy (or down): keep the counts for the next attempt
        with _lock:
            for key, hits in taken.items():
                if key in _pending or len(_pending) < MAX_PENDING:
                    _pending[key] += hits
        return False
    return True


def _write(counts):
    table = QueryCount._meta.db_table
    rows = list(counts.items())
    with _no_lock_wait(), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} (site_id, query, date, hits) VALUES {values} "
                f"ON CONFLICT (site_id, query, date) DO UPDATE SET hits = {table}.hits + excluded.hits",
                [value for (site_id, query, date), hits in chunk for value in (site_id, query, date, hits)],
            )


@contextlib.contextmanager
def _no_lock_wait():
    """On SQLite, no busy timeout while writing the counts: the write lock now, or an error."""
    if connection.vendor != "sqlite":
        yield
        return
    connection.ensure_connection()
    timeout_ms = int(connection.settings_dict.get("OPTIONS", {}).get("timeout", 5) * 1000)
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout = 0")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA busy_timeout = {timeout_ms}")


def pending():
    """What this process has counted and not written yet (tests)."""
    with _lock:
        return Counter(_pending)


@atexit.register
def _flush_at_exit():
    if _pending:
        with contextlib.suppress(Exception):  # the interpreter is going away
            flush()
