"""The OpenSearch store on an Elasticsearch 8 cluster (ELASTICSEARCH_URL): the same
mapping, documents and query DSL; only the client library, its errors and how it reports
a missing index differ."""

from .opensearch import OpenSearchStore


class ElasticsearchStore(OpenSearchStore):
    engine = "elasticsearch"

    @staticmethod
    def make_client(urls, timeout, tls):
        from elasticsearch import Elasticsearch

        return Elasticsearch(urls, request_timeout=timeout, **tls)

    def errors(self):
        from elastic_transport import TransportError
        from elasticsearch import ApiError

        return (TransportError, ApiError)

    @staticmethod
    def not_found(error):
        meta = getattr(error, "meta", None)
        return getattr(meta, "status", None) == 404
