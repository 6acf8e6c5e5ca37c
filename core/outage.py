"""When the database cannot be reached: a 503 page with Retry-After, and a few log lines.

An audit stopped the database under load: every page, cached ones included, answered 500,
and the log took 14,482 tracebacks in 30 s, burying whatever else it said. Now:

- A page in Kepu's page cache is still served (page_cache.py answers from the last
  content generation it read, without asking the database).
- Any other request that meets a connection error answers this module's 503 page, with
  `Retry-After`, from `server_error` below, which config/urls.py names as Django's 500
  handler. That is the one door every failing request passes: a middleware sees only the
  errors raised below it, while the database is read by the page cache, the site middleware,
  the session and the views. The page is plain HTML rendered without a request, so nothing on
  it reads the database.
- Each process logs one line per kind of error per LOG_INTERVAL_SECONDS (the kind being the
  exception's class), saying how many requests it answered 503 since the last line; the
  generation listener (generation_listener.py) logs its lost connection the same way.

Only errors that say the database could not be reached or answered nothing count
(OperationalError, InterfaceError, from Django or psycopg); any other error is a 500 with
its traceback, as before. `/healthz` answers its own 503 (views.py).
"""

import base64
import hashlib
import logging
import re
import sys
import threading
import time

from django import db
from django.http import HttpResponse
from django.template import loader
from django.views.defaults import server_error as django_server_error

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
LOG_INTERVAL_SECONDS = 30


def _connection_errors():
    errors = [db.OperationalError, db.InterfaceError]
    try:
        import psycopg
    except ImportError:  # SQLite only
        pass
    else:
        errors += [psycopg.OperationalError, psycopg.InterfaceError]
    return tuple(errors)


CONNECTION_ERRORS = _connection_errors()


def first_line(error):
    """An error's message, one line of it (psycopg's run over three)."""
    lines = str(error).strip().splitlines()
    return lines[0] if lines else ""


class RateLimitedLog:
    """One warning per kind per interval in this process, saying how many times it happened
    since the last such line."""

    def __init__(self, logger, interval):
        self.logger = logger
        self.interval = interval
        self.lock = threading.Lock()
        self.kinds = {}  # kind: [time of the last line, times since]

    def warning(self, kind, text):
        now = time.monotonic()
        with self.lock:
            last, since = self.kinds.get(kind, (None, 0))
            since += 1
            if last is not None and now - last < self.interval:
                self.kinds[kind] = [last, since]
                return False
            self.kinds[kind] = [now, 0]
        self.logger.warning("%s (%d time(s) in this process since the last such line)", text, since)
        return True

    def clear(self):
        with self.lock:
            self.kinds.clear()


log = RateLimitedLog(logger, LOG_INTERVAL_SECONDS)


def style_hashes(html):
    """CSP sources for exactly the inline <style> blocks of `html`: the public policy allows no
    inline style, and the 503 page carries its own so that it needs nothing else served."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    ]


def unavailable(error):
    """The 503 page for a request that met `error`, logged at most once per interval."""
    kind = type(error).__name__
    log.warning(kind, f"database unreachable ({kind}: {first_line(error)}): answered 503")
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=503)
    response._csp_update = {"style-src": ["'self'", *style_hashes(html)]}  # read by headers.py
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged above, once per interval; Django's handler must not add a traceback per request.
    response._has_been_logged = True
    return response


def server_error(request, template_name="500.html"):
    """Django's 500 handler: the 503 page when the error is the database's, else Django's own."""
    error = sys.exc_info()[1]
    if isinstance(error, CONNECTION_ERRORS):
        return unavailable(error)
    return django_server_error(request, template_name)
