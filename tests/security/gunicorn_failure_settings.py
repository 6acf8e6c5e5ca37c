"""What gunicorn runs with in tests/security/test_failure_modes.py: the test settings with
every cache on, as in production (page cache, the per-worker listing cache and, on
PostgreSQL, the generation listener)."""

from config.settings.test import *  # noqa: F403

KEPU_PAGE_CACHE = True
KEPU_LISTING_CACHE = True
KEPU_GENERATION_LISTEN = True
