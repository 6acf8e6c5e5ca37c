"""On PostgreSQL, workers hear of new content generations by LISTEN/NOTIFY
(core/generation_listener.py): a cached page then costs no database round trip, and a change
committed anywhere, by another worker or a management command, still shows on the next view."""

import time

import psycopg
import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import generation_listener, worker_cache
from core.generations import bump_generation
from core.models import CacheGeneration
from tests.browser.conftest import ensure_tree_root
from tests.conftest import SHANGHAI

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def listening(settings, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("LISTEN/NOTIFY is PostgreSQL's")
    from outreach.demo.sites import ensure_cities

    ensure_tree_root()  # an earlier transactional test's flush removed it
    ensure_cities()
    settings.KEPU_PAGE_CACHE = settings.KEPU_LISTING_CACHE = settings.KEPU_GENERATION_LISTEN = True
    generation_listener.listener.close()
    bump_generation()  # committed: the row exists
    cache.clear()
    worker_cache.clear()
    yield generation_listener.listener
    generation_listener.listener.close()
    cache.clear()
    worker_cache.clear()


def other_worker():
    """A connection of its own, as another gunicorn worker or a management command has."""
    params = connection.get_connection_params()
    return psycopg.connect(
        dbname=params["dbname"],
        user=params.get("user"),
        password=params.get("password"),
        host=params.get("host"),
        port=params.get("port"),
        autocommit=True,
    )


def bump_elsewhere():
    with other_worker() as other:
        other.execute(
            "UPDATE home_cachegeneration SET value = value + 1 WHERE key = %s RETURNING value", [CacheGeneration.PAGES]
        )
        other.execute(
            "SELECT pg_notify(%s, value::text) FROM home_cachegeneration WHERE key = %s",
            [generation_listener.CHANNEL, CacheGeneration.PAGES],
        )
    return CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value


def view(client):
    response = client.get("/", **SHANGHAI)
    assert response.status_code == 200
    return response["X-Kepu-Cache"]


def test_a_cached_page_makes_no_database_query(client, listening):
    assert view(client) == "miss"
    with CaptureQueriesContext(connection) as queries:
        assert view(client) == "hit"
    assert queries.captured_queries == []


def test_a_change_committed_elsewhere_is_heard_at_once(client, listening):
    view(client)
    assert view(client) == "hit"
    new = bump_elsewhere()
    started = time.monotonic()
    while listening.generation() is not None and listening.known != new and time.monotonic() - started < 2:
        time.sleep(0.001)
    heard_after = time.monotonic() - started
    assert listening.known == new
    assert heard_after < 0.5, f"heard {heard_after * 1000:.1f} ms after the commit"
    assert view(client) == "miss"


def test_a_worker_that_changed_content_reads_the_database_until_it_hears_it(client, listening):
    view(client)
    with connection.cursor():
        bump_generation()  # autocommit: committed at once, as an editor's publish is
    new = CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value
    assert listening.awaiting == new or listening.known == new
    assert view(client) == "miss"  # the database's number, heard or not


def test_a_lost_listening_connection_falls_back_to_the_database(client, listening):
    view(client)
    assert view(client) == "hit"
    pid = listening.wrapper.connection.info.backend_pid
    with other_worker() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    new = bump_elsewhere()
    time.sleep(0.1)
    assert view(client) == "miss"  # read from the database: the listener could not hear it
    assert listening.wrapper is None
    with CaptureQueriesContext(connection) as queries:
        view(client)
    assert any("home_cachegeneration" in query["sql"] for query in queries.captured_queries)
    assert CacheGeneration.objects.get(pk=CacheGeneration.PAGES).value == new
