"""Kepu's search stores, one protocol (base.Store) for every place the tokens can live:

* ``SqliteStore`` / ``PostgresStore`` (sql.py): FTS5 table or tsvector beside the entries;
* ``OpenSearchStore`` (opensearch.py) and ``ElasticsearchStore`` (elasticsearch.py): a
  cluster index, when WAGTAILSEARCH_BACKENDS names its URLs (OPENSEARCH_URL /
  ELASTICSEARCH_URL).

`get_store()` is the one place that reads which: indexing, the search, suggestions, the
Wagtail backend and rebuild_search call the store's methods and never ask what it is.
"""

import threading

from django.conf import settings
from django.db import connection

from .elasticsearch import ElasticsearchStore
from .opensearch import OpenSearchStore
from .sql import PostgresStore, SqliteStore

CLUSTER_STORES = {"opensearch": OpenSearchStore, "elasticsearch": ElasticsearchStore}

_clusters = {}
_lock = threading.Lock()
_databases = {"postgresql": PostgresStore(), "sqlite": SqliteStore()}


def get_store():
    """The store the settings select. A cluster store holds a client (a connection pool),
    so there is one per cluster and index per process; the settings are read at each call
    (cheap), so a test that changes them gets the store they name."""
    params = settings.WAGTAILSEARCH_BACKENDS.get("default", {})
    urls = params.get("URLS")
    if not urls:
        return _databases["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    engine = params.get("ENGINE", "opensearch")
    key = (engine, tuple(urls), params.get("INDEX_PREFIX", "kepu_"))
    with _lock:
        if key not in _clusters:
            _clusters[key] = CLUSTER_STORES[engine](
                list(urls), key[2] + "pages", params.get("TIMEOUT", 10), params.get("CA_CERTS")
            )
        return _clusters[key]


def unavailable_errors():
    """The exceptions that mean the selected store did not answer (for `except`); none on
    the database."""
    return get_store().errors()


__all__ = ["get_store", "unavailable_errors"]
