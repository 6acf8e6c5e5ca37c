"""A frontend-cache backend that records the URLs Wagtail would purge, for the tests that
check what a change purges (tests/conftest.py's `recorded` fixture)."""

from wagtail.contrib.frontend_cache.backends import BaseBackend


class RecordingBackend(BaseBackend):
    purged = []

    def purge(self, url):
        self.purged.append(url)
