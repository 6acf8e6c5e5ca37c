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

What counts (so that 热门搜索 cannot be written by one visitor or filled with junk): a search
is counted for its visitor, a hash of the session (or of the address and browser) salted
with the day and SECRET_KEY (`visitor`), at most once per query per visitor per day: the
visitor rows of the day (QueryVisitor) are inserted, and only the new ones add to
QueryCount.hits. Rows of earlier days are deleted. Only queries `countable` says look like
words (no query syntax, contact numbers, links or built-in spam words) are counted at all;
the view counts only HTML searches of page 1 that found pages with every word (not
relaxed). The editors' rules (minimum visitors, blocklist, sensitive words, or a curated
list instead) apply when the list is read (views.popular_searches).
"""

import atexit
import contextlib
import hashlib
import hmac
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core.conf import kepu_settings

from .analysis import clean, fold
from .models import QueryCount, QueryVisitor

LOCK_TIMEOUT_MS = 50
MAX_PENDING = 10_000
ROWS_PER_STATEMENT = 500  # 4 parameters a row, well under SQLite's 32,766

_pending = set()  # (site id, query, date, visitor): visitors not written yet
_lock = threading.Lock()
_last_attempt = float("-inf")
_cleared_before = None  # the day whose earlier visitor rows this process deleted

MAX_CHARS = 30
MAX_WORDS = 4
# Letters (any script), digits, spaces and the few marks names use; nothing a query
# language or a link needs (" * ( ) : ^ ~ / [ ] { } + = < > | & ! @ # …).
_WORDS_ONLY = re.compile(r"^[\w\s·\-.'’]+$")
_OPERATORS = re.compile(r"(^|\s)(and|or|not|near)(\s|$)")
# A contact: a long number (phone, QQ), letters run into digits (wechat ids, abc123), a link.
_CONTACT = re.compile(r"\d{5,}|[a-z]+\d{3,}|\d{3,}[a-z]+|https?|www|\.(com|cn|net)\b")
# Spam that a public list must never repeat, whatever the editors' own list says.
BUILT_IN_SENSITIVE = (
    "微信",
    "加微",
    "vx",
    "wx",
    "加群",
    "qq",
    "领奖",
    "中奖",
    "返利",
    "刷单",
    "兼职",
    "代开",
    "发票",
    "贷款",
    "博彩",
    "赌",
    "彩票",
    "色情",
    "约炮",
    "裸聊",
    "代孕",
    "枪支",
    "毒品",
    "办证",
    "私服",
    "外挂",
    "telegram",
)


def normalise(query):
    """A query as the popular list keeps it: folded, lower case, spaces collapsed."""
    return " ".join(fold(clean(query or "")).split()).lower()[:255]


def countable(query, sensitive=()):
    """Whether a query may ever be counted (and shown): short words, no query syntax, no
    contact details or links, none of the built-in or given sensitive words."""
    raw = " ".join(clean(query or "").split())
    query = normalise(query)
    if not query or len(query) > MAX_CHARS or len(query.split()) > MAX_WORDS:
        return False
    if not _WORDS_ONLY.match(query) or _OPERATORS.search(raw) or _CONTACT.search(query):
        return False
    return not any(word and fold(word).lower() in query for word in (*BUILT_IN_SENSITIVE, *sensitive))


def visitor(request):
    """The visitor of `request` as 16 hex digits: an HMAC (SECRET_KEY) of today's date and the
    session key, or the address and browser; neither is kept, and tomorrow's hash differs."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if not key:
        remote = request.META.get("REMOTE_ADDR") or ""
        if remote in kepu_settings.TRUSTED_PROXIES:  # the local nginx: the address it appended
            remote = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip() or remote
        key = f"{remote}|{request.META.get('HTTP_USER_AGENT', '')[:300]}"
    message = f"{timezone.localdate().isoformat()}|{key}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:16]


def count(site, query, visitor="-"):
    """One search of `query` on `site` today by `visitor` (a hash), written now or with the
    next ones; counted once per visitor, query and day, and only if `countable`."""
    if site is None or not countable(query):
        return
    key = (site.pk, normalise(query), timezone.localdate(), visitor)
    with _lock:
        if len(_pending) < MAX_PENDING:
            _pending.add(key)
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
        taken, _pending = _pending, set()
    try:
        _write(taken)
    except DatabaseError:  # busy (or down): keep the counts for the next attempt
        with _lock:
            for key in taken:
                if len(_pending) < MAX_PENDING:
                    _pending.add(key)
        return False
    return True


def _write(counts):
    """The day's new visitors of each query (an insert that skips the ones already there and
    returns the others), then their number added to the counts: two statements."""
    global _cleared_before
    table, visitors = QueryCount._meta.db_table, QueryVisitor._meta.db_table
    rows = list(counts)
    today = timezone.localdate()
    with _no_lock_wait(), transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL lock_timeout = {LOCK_TIMEOUT_MS}")
        if _cleared_before != today:  # once a day per process: yesterday's visitors go
            cursor.execute(f"DELETE FROM {visitors} WHERE date < %s", [today])
        for start in range(0, len(rows), ROWS_PER_STATEMENT):
            chunk = rows[start : start + ROWS_PER_STATEMENT]
            values = ", ".join(["(%s, %s, %s, %s)"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {visitors} (site_id, query, date, visitor) VALUES {values} "
                "ON CONFLICT (site_id, query, date, visitor) DO NOTHING RETURNING site_id, query, date",
                [value for key in chunk for value in key],
            )
            new = Counter(tuple(row) for row in cursor.fetchall())
            if not new:
                continue
            values = ", ".join(["(%s, %s, %s, %s)"] * len(new))
            cursor.execute(
                f"INSERT INTO {table} (site_id, query, date, hits) VALUES {values} "
                f"ON CONFLICT (site_id, query, date) DO UPDATE SET hits = {table}.hits + excluded.hits",
                [value for (site_id, query, date), hits in new.items() for value in (site_id, query, date, hits)],
            )
    _cleared_before = today


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


def forget():
    """Drops what this process counted and has not written (tests: a count kept from a test
    whose site was rolled back must not be written into the next test's database)."""
    with _lock:
        _pending.clear()


@atexit.register
def _flush_at_exit():
    if _pending:
        with contextlib.suppress(Exception):  # the interpreter is going away
            flush()
