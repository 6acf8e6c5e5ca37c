"""Failure modes (issue 17): the database down, and searches counted while the database is busy.

The audit stopped the database under load: every page, cached ones included, answered 500
and the log took 14,482 tracebacks in 30 s. Here Kepu runs as production runs it (gunicorn,
--preload, every cache on) on the test's own database, which the test then takes away: on
SQLite its folder is moved aside (a new connection cannot open the file), on PostgreSQL the
test's TCP relay in front of the server cuts every connection and refuses new ones, as a
stopped server does.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.db import connection

from tests.browser.conftest import ensure_tree_root
from tests.conftest import ROOT
from tests.deploy.conftest import SHANGHAI_HOST, shared_database  # noqa: F401 -- a fixture

OUTAGE_MARKER = "网站暂时无法访问"
COUNT_SECONDS = 2  # how often gunicorn's worker writes its search counts here


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """A TCP relay to the PostgreSQL server that can be switched off: every open connection
    is cut and new ones are refused, as when the server stops."""

    def __init__(self, host, port):
        self.target = (host, port)
        self.port = free_port()
        self.pairs = set()
        self.lock = threading.Lock()
        self.listener = None
        self.start()

    def start(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self.accept, args=(listener,), daemon=True).start()

    def accept(self, listener):
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return  # switched off
            try:
                server = socket.create_connection(self.target)
            except OSError:
                client.close()
                continue
            with self.lock:
                self.pairs.add((client, server))
            for source, sink in ((client, server), (server, client)):
                threading.Thread(target=self.pump, args=(source, sink), daemon=True).start()

    def pump(self, source, sink):
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        for sock in (source, sink):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def stop(self):
        with contextlib.suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (Linux)
        self.listener.close()
        with self.lock:
            pairs, self.pairs = self.pairs, set()
        for pair in pairs:
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                sock.close()


class DatabaseSwitch:
    """The database gunicorn uses (`url`), and `down()`: a block during which it cannot be reached."""

    def __init__(self, database_url):
        parts = urlsplit(database_url)
        self.relay = None
        if connection.vendor == "postgresql":
            self.relay = Relay(parts.hostname, parts.port or 5432)
            netloc = parts.netloc.rsplit("@", 1)[0] + f"@127.0.0.1:{self.relay.port}"
            self.url = urlunsplit(parts._replace(netloc=netloc))
        else:
            self.folder = os.path.dirname(parts.path)
            self.url = database_url

    @contextlib.contextmanager
    def down(self):
        if self.relay:
            self.relay.stop()
        else:
            os.rename(self.folder, self.folder + "-away")
        try:
            yield
        finally:
            if self.relay:
                self.relay.start()
            else:
                os.rename(self.folder + "-away", self.folder)

    def close(self):
        if self.relay:
            self.relay.stop()


class App:
    """gunicorn as production runs it (--preload), one worker so its page cache is the one asked."""

    def __init__(self, database_url, log_path):
        self.port = free_port()
        self.log_path = log_path
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.security.gunicorn_failure_settings",
            "DATABASE_URL": database_url,
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            "KEPU_SEARCH_COUNT_SECONDS": str(COUNT_SECONDS),
        }
        if connection.vendor == "sqlite":
            # Each request opens the file anew, as a restarted worker would: an open SQLite
            # connection keeps reading a file even after it is moved.
            env["DATABASE_CONN_MAX_AGE"] = "0"
        self.log = open(log_path, "w")  # noqa: SIM115 -- closed in close()
        command = [sys.executable, "-m", "gunicorn", "config.wsgi:application", "--preload", "--workers", "1"]
        command += ["--bind", f"127.0.0.1:{self.port}", "--no-control-socket", "--log-level", "warning"]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log, stderr=self.log)
        deadline = time.monotonic() + 60
        while True:
            try:
                self.get("/healthz")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.close()
                    pytest.fail(f"gunicorn did not start:\n{log_path.read_text()}")
                time.sleep(0.2)

    def get(self, path, cookies=None, timeout=30, user_agent=None):
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Host": SHANGHAI_HOST, **({"User-Agent": user_agent} if user_agent else {})}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        try:
            client.request("GET", path, headers=headers)
            response = client.getresponse()
            return response.status, dict(response.getheaders()), response.read().decode()
        finally:
            client.close()

    def close(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def site_on_gunicorn(shared_database, transactional_db, tmp_path):  # noqa: F811 -- the fixture imported above
    from outreach.demo.sites import ensure_cities

    ensure_tree_root()
    ensure_cities()
    switch = DatabaseSwitch(shared_database)
    app = App(switch.url, tmp_path / "gunicorn.log")
    yield app, switch
    app.close()
    switch.close()


def test_database_down_cached_pages_served_others_503_and_few_log_lines(site_on_gunicorn):
    app, switch = site_on_gunicorn
    status, headers, home = app.get("/")
    assert (status, headers.get("X-Kepu-Cache")) == (200, "miss")
    assert app.get("/en/")[0] == 200

    started = time.monotonic()
    with switch.down():
        # A page cached before the outage is still served, as it was.
        status, headers, text = app.get("/")
        assert status == 200
        assert text == home
        # ("hit" alone on PostgreSQL while the listener has not noticed yet: still no query.)
        assert headers["X-Kepu-Cache"] in ("hit", "hit, database unreachable")

        # A page not cached that needs the database (a worker may render some pages from what
        # it keeps): the outage page, in Chinese and English, and when to come back.
        status, headers, text = app.get("/search/?q=never-cached")
        assert status == 503
        assert int(headers["Retry-After"]) > 0
        assert OUTAGE_MARKER in text and "Temporarily unavailable" in text
        # Its own inline style is allowed by the site's policy (which allows no other), by hash.
        from core.outage import style_hashes

        assert all(source in headers["Content-Security-Policy"] for source in style_hashes(text))
        assert "unsafe-inline" not in headers["Content-Security-Policy"]

        # A visitor with a session bypasses the page cache: the view's own query fails, and
        # Django's error handler answers the same page.
        status, headers, text = app.get("/search/?q=%E7%A7%91%E5%AD%A6", cookies={"sessionid": "x"})
        assert (status, OUTAGE_MARKER in text, "Retry-After" in headers) == (503, True, True)

        assert app.get("/healthz")[0] == 503

        # Under a stream of requests, every answer comes at once, and the log stays short.
        answers = {}
        for number in range(150):
            path = ["/", f"/?n={number}", "/en/", f"/search/?q=q{number}"][number % 4]
            status = app.get(path, cookies={"sessionid": "x"} if number % 3 == 0 else None)[0]
            answers[status] = answers.get(status, 0) + 1
        assert set(answers) <= {200, 503}, answers
        assert answers.get(503, 0) >= 100
    assert time.monotonic() - started < 60

    # Back: a page never cached renders again.
    deadline = time.monotonic() + 20
    while (status := app.get("/?after=1")[0]) != 200 and time.monotonic() < deadline:
        time.sleep(0.5)
    assert status == 200
    app.close()

    log = app.log_path.read_text()
    assert "Traceback" not in log, log[:3000]
    outage_lines = [line for line in log.splitlines() if "database unreachable" in line]
    # One line per kind of error per 30 s (the first request of each kind logs it), and on
    # PostgreSQL one from the generation listener.
    assert 1 <= len(outage_lines) <= 3, log
    assert len(log.splitlines()) <= 6, log


def test_other_errors_stay_a_500_and_the_log_counts_what_it_left_out(rf, caplog):
    """Only an unreachable database is a 503: a bug is still a 500 (with its traceback, from
    Django); and the outage log says how many requests it did not log one by one."""
    from django.db import OperationalError

    from core import outage

    outage.log.clear()
    try:
        raise ValueError("a bug")
    except ValueError:
        assert outage.server_error(rf.get("/")).status_code == 500
    with caplog.at_level("WARNING", logger="core.outage"):
        for _ in range(500):
            try:
                raise OperationalError("connection refused")
            except OperationalError:
                response = outage.server_error(rf.get("/"))
        assert (response.status_code, response["Retry-After"]) == (503, str(outage.RETRY_AFTER_SECONDS))
        assert len(caplog.records) == 1
        outage.log.kinds["OperationalError"][0] -= outage.LOG_INTERVAL_SECONDS  # the interval has passed
        outage.unavailable(OperationalError("connection refused"))
    assert len(caplog.records) == 2
    assert "answered 503 (500 time(s) in this process" in caplog.records[1].getMessage()
    outage.log.clear()


@contextlib.contextmanager
def write_lock_held(database_url):
    """Another connection holding what a search count writes: SQLite's one write lock
    (BEGIN IMMEDIATE), on PostgreSQL the counts table (a long import or a backup's lock)."""
    if connection.vendor == "sqlite":
        import sqlite3

        other = sqlite3.connect(urlsplit(database_url).path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    else:
        import psycopg

        other = psycopg.connect(database_url)
        other.execute("LOCK TABLE search_querycount IN EXCLUSIVE MODE")
    try:
        yield
    finally:
        other.rollback() if connection.vendor == "postgresql" else other.execute("ROLLBACK")
        other.close()


def hits(query):
    from search.models import QueryCount

    return sum(QueryCount.objects.filter(query=query).values_list("hits", flat=True))


def test_a_search_never_waits_for_a_write_lock_and_its_count_is_kept(site_on_gunicorn):
    """The audit: on SQLite every search wrote its count at once, so a search waited (20 s)
    behind any long write. Now a search answers at once while another connection holds the
    lock, and its count is written after the lock is released."""
    app, switch = site_on_gunicorn
    # 科普 finds both city homes; each URL differs, as the page cache answers a repeated one.
    # 热门搜索 counts each visitor once a day and HTML searches only (search/query_counts.py):
    # every counted search here is another browser.
    path = "/search/?q=%E7%A7%91%E6%99%AE&visit="
    status, _, body = app.get(path + "0", user_agent="visitor 0")
    assert status == 200 and "没有找到" not in body
    assert hits("科普") == 1  # the worker's first search is written at once

    with write_lock_held(switch.url):
        time.sleep(COUNT_SECONDS + 0.2)  # the next search is due to write
        for number in range(3):
            started = time.monotonic()
            extra = "" if number else "&format=json"  # JSON: answered, not counted
            status = app.get(f"{path}{number + 1}{extra}", timeout=15, user_agent=f"visitor {number + 1}")[0]
            assert status == 200
            assert time.monotonic() - started < 2, "the search waited for the write lock"
    time.sleep(COUNT_SECONDS + 0.2)
    app.get(path + "4", user_agent="visitor 4")
    assert hits("科普") == 4  # none of the searches made under the lock was lost
