"""Kepu as production runs it: gunicorn behind nginx (tools/with-nginx renders
deploy/nginx/kepu.conf), on the test's own database, purged by Wagtail from the test process.

gunicorn is another process, so it sees only committed data: these tests are transactional
(`django_db(transaction=True)`), and on SQLite, whose test database lives in this process's
memory, the module works on a file copy of it that both processes open."""

import http.client
import os
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest
from django.db import connection
from django.utils.encoding import iri_to_uri

from tests.conftest import ROOT

PURGE_MODULE = Path("/usr/lib/nginx/modules/ngx_http_cache_purge_module.so")
SHANGHAI_HOST = "localhost:8000"


def nginx_missing():
    if not shutil.which("nginx") or not PURGE_MODULE.exists():
        return "nginx or its cache purge module is missing (apt-get install nginx libnginx-mod-http-cache-purge)"
    return None


@pytest.fixture(scope="module")
def shared_database(django_db_setup, django_db_blocker):
    """A DATABASE_URL for gunicorn that reaches the database this process uses."""
    with django_db_blocker.unblock():
        db = connection.settings_dict
        if connection.vendor == "postgresql":
            credentials = quote(db["USER"] or "", safe="") + ":" + quote(db["PASSWORD"] or "", safe="")
            yield f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            return
        workdir = tempfile.mkdtemp(prefix="kepu-deploy-db-")
        path = os.path.join(workdir, "db.sqlite3")
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        # Set the in-memory database aside (closing its last connection would drop it).
        in_memory, memory_name = connection.connection, db["NAME"]
        connection.connection = None
        db["NAME"] = path
        try:
            yield f"sqlite:///{path}"
        finally:
            connection.close()
            db["NAME"] = memory_name
            connection.connection = in_memory
            shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="module")
def settings_media_root():
    """This process's MEDIA_ROOT (a temporary folder, config/settings/test.py): gunicorn saves
    and nginx serves what the tests upload here."""
    from django.conf import settings

    return str(settings.MEDIA_ROOT)


@dataclass
class Proxy:
    url: str
    purge_url: str
    cache_dir: Path

    @property
    def config(self):
        """The nginx site configuration this run rendered from deploy/nginx/kepu.conf."""
        return (self.cache_dir.parent / "kepu.conf").read_text()


@pytest.fixture(scope="module")
def proxy(request, settings_media_root):
    """nginx and gunicorn, started by tools/with-nginx, stopped when the module ends."""
    if reason := nginx_missing():
        pytest.skip(reason)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.deploy.gunicorn_settings",
        "DATABASE_URL": request.getfixturevalue("shared_database"),
        "GUNICORN_WORKERS": "2",
        "MEDIA_ROOT": settings_media_root,
        # Static files from the source folders, so nginx has some to send (no collectstatic).
        "KEPU_STATIC_ROOT": os.environ.get("KEPU_STATIC_ROOT", str(ROOT / "site" / "static")),
    }
    # The command prints where things are, then waits for its input to close.
    report = 'echo "$KEPU_NGINX_URL $KEPU_FRONTEND_CACHE_URL $KEPU_NGINX_CACHE_DIR"; exec cat >/dev/null'
    with tempfile.TemporaryFile(mode="w+") as log:
        harness = subprocess.Popen(
            [str(ROOT / "tools" / "with-nginx"), "sh", "-c", report],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
            start_new_session=True,
        )
        line = harness.stdout.readline().split()
        if len(line) != 3:
            harness.wait(timeout=30)
            log.seek(0)
            pytest.fail(f"tools/with-nginx did not start:\n{log.read()}")
        yield Proxy(*line[:2], Path(line[2]))
        harness.stdin.close()
        try:
            harness.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(harness.pid, signal.SIGTERM)
            harness.wait(timeout=30)


@dataclass
class Answer:
    """A response as a client gets it, headers and bytes."""

    status: int
    headers: http.client.HTTPMessage
    body: bytes


def fetch(proxy, path, cookies=None, host=SHANGHAI_HOST):
    client = http.client.HTTPConnection(urlsplit(proxy.url).netloc, timeout=30)
    headers = {"Host": host}
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    try:
        client.request("GET", iri_to_uri(path), headers=headers)
        response = client.getresponse()
        return Answer(response.status, response.headers, response.read())
    finally:
        client.close()


@dataclass
class Seen:
    """What a visitor got: status, the cache's verdict, the page."""

    status: int
    cache: str | None
    text: str


class Visitor:
    def __init__(self, proxy):
        self.proxy = proxy

    def get(self, path, host=SHANGHAI_HOST, cookies=None, method="GET", headers=()):
        netloc = urlsplit(self.proxy.url).netloc
        client = http.client.HTTPConnection(netloc, timeout=30)
        headers = {"Host": host, **dict(headers)}
        if cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
        try:
            client.request(method, iri_to_uri(path), headers=headers)
            response = client.getresponse()
            return Seen(response.status, response.getheader("X-Cache-Status"), response.read().decode())
        finally:
            client.close()


@pytest.fixture
def visitor(proxy, transactional_db, settings):
    """A visitor in front of an empty nginx cache, and Wagtail set to purge it."""
    from core.models import CacheGeneration
    from tests.browser.conftest import ensure_tree_root

    ensure_tree_root()
    # Each test starts with nothing cached: nginx finds no file and asks gunicorn. The flush
    # between tests restarts Kepu's generation count, so start it where no earlier test was.
    for entry in proxy.cache_dir.iterdir():
        shutil.rmtree(entry)
    CacheGeneration.objects.update_or_create(pk=CacheGeneration.PAGES, defaults={"value": time.time_ns()})
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "core.frontend_cache.NginxPurgeBackend", "LOCATION": proxy.purge_url}
    }
    return Visitor(proxy)
