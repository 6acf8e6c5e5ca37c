"""On PostgreSQL, each worker hears of a new content generation instead of asking for it.

A page-cache hit used to make two database round trips, the generation read and the health
check Django runs before a request's first query; on a busy 2-core machine that halved the
rate of cached pages. Every bump now also sends `NOTIFY kepu_generation` (generations.py),
which PostgreSQL delivers when, and only if, the bump's transaction commits. Each worker
keeps one extra connection that LISTENs, and at the start of a request reads whatever has
arrived on that socket without waiting: a hit touches no database connection at all.

When the answer cannot be trusted it says so (None) and the caller reads the generation
from the database as before: before the listening connection is up (it first LISTENs, then
reads the generation, so nothing can fall between), after it broke (tried again at most
every RETRY_SECONDS), and after this worker bumped the generation itself until it has heard
that number back (or a later one). A bump rolled back is never heard; the next bump anywhere
gives a larger number (generations.bump_generation), which ends the wait. And at most once a
second (CHECK_SECONDS) it asks the database anyway: a connection that died without a word
(a network cut, where the socket reports nothing) cannot leave a worker behind for longer.

`KEPU_GENERATION_LISTEN=0` turns it off (the test settings do: test transactions never
commit, so nothing would ever be heard).
"""

import contextlib
import logging
import os
import threading
import time

from django.db import connection, connections

from . import outage
from .conf import kepu_settings
from .models import GENERATION_SQL, CacheGeneration

logger = logging.getLogger(__name__)
# The database down, every request finds the connection gone: one line per kind per interval.
failures = outage.RateLimitedLog(logger, outage.LOG_INTERVAL_SECONDS)

CHANNEL = "kepu_generation"
RETRY_SECONDS = 5
CHECK_SECONDS = 1.0


def enabled():
    return connection.vendor == "postgresql" and kepu_settings.GENERATION_LISTEN


class Listener:
    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.wrapper = None  # a Django connection of its own, never used for anything else
        self.known = None
        self.awaiting = None  # a number this worker bumped to and has not heard back yet
        self.retry_after = 0.0
        self.check_after = 0.0

    def generation(self):
        """The current generation as heard, or None: read it from the database."""
        with self.lock:
            if self.pid != os.getpid():  # a worker forked from gunicorn's --preload master
                self.wrapper, self.known, self.awaiting, self.pid = None, None, None, os.getpid()
            try:
                if self.wrapper is None:
                    if time.monotonic() < self.retry_after:
                        return None
                    self.connect()
                self.drain()
            except Exception as error:  # any failure means: ask the database
                failures.warning(
                    type(error).__name__,
                    f"generation listener: {outage.first_line(error)}; reading the generation instead",
                )
                self.close()
                self.retry_after = time.monotonic() + RETRY_SECONDS
                return None
            if self.awaiting is not None:
                if self.known < self.awaiting:
                    return None
                self.awaiting = None
            if time.monotonic() >= self.check_after:
                return None  # the caller reads the database and confirms
            return self.known

    def confirm(self, value):
        """The generation as just read from the database."""
        with self.lock:
            if self.wrapper is not None and self.pid == os.getpid():
                self.known = max(self.known, value)
                self.check_after = time.monotonic() + CHECK_SECONDS

    def connect(self):
        wrapper = connections.create_connection("default")
        wrapper.ensure_connection()
        raw = wrapper.connection
        raw.autocommit = True
        raw.execute(f"LISTEN {CHANNEL}")
        row = raw.execute(GENERATION_SQL, [CacheGeneration.PAGES]).fetchone()
        self.wrapper, self.known = wrapper, row[0] if row else 0

    def drain(self):
        """Whatever notifications have arrived, without waiting for more."""
        from psycopg import pq  # only on PostgreSQL

        pgconn = self.wrapper.connection.pgconn
        # Twice: a server that ends the connection sends a last message, then closes; the
        # first read takes the message, the second meets the closed socket and raises.
        pgconn.consume_input()
        pgconn.consume_input()
        if pgconn.status != pq.ConnStatus.OK:
            raise ConnectionError("the listening connection is closed")
        while (notify := pgconn.notifies()) is not None:
            self.known = max(self.known, int(notify.extra))

    def bumped(self, value):
        """This worker bumped the generation to `value`: until it hears that number (after the
        commit), it must read the generation from the database."""
        with self.lock:
            self.awaiting = value if self.awaiting is None else max(self.awaiting, value)

    def close(self):
        if self.wrapper is not None:
            with contextlib.suppress(Exception):  # closing a broken connection
                self.wrapper.close()
        self.wrapper, self.known = None, None


listener = Listener()
