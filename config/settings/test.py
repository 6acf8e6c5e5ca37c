"""The test suite: fast hashing, an in-memory cache, media in a temporary folder."""

import os
import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key-kepu-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFG"
ALLOWED_HOSTS = ["testserver", "localhost", ".localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="kepu-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
# Serve static files straight from the source folders, as the browser tests need them.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The page cache is tested on its own (tests/core/test_page_cache.py); elsewhere each test sees
# fresh pages, as the cache would outlive the test's rolled-back database.
KEPU_PAGE_CACHE = False
KEPU_LISTING_CACHE = False
KEPU_GENERATION_LISTEN = False  # test transactions never commit, so no NOTIFY arrives
# An engine index per test process (each pytest-xdist worker has its own test database);
# tests/search/conftest.py empties it before each test and deletes it at the end.
if WAGTAILSEARCH_BACKENDS["default"].get("URLS"):  # noqa: F405
    WAGTAILSEARCH_BACKENDS["default"]["INDEX_PREFIX"] = f"kepu_test_{os.getpid()}_"  # noqa: F405
# Each search's count written at once, so a test sees it (and none is left for the next test).
KEPU_SEARCH_COUNT_SECONDS = 0
# No proxy to purge; tests/deploy sets its nginx's purge server per test.
WAGTAILFRONTENDCACHE = None
# Login security is tested on its own (tests/security/test_logins.py), which turns these on;
# elsewhere tests sign in with force_login or Client.login, which passes no request to axes.
KEPU_REQUIRE_2FA = False
AXES_ENABLED = False
# Public forms' rate limits and challenge are tested on their own (tests/core/test_abuse.py and
# each form's tests turn them on); elsewhere tests post forms as fast as they like.
KEPU_RATE_LIMITS = False
KEPU_FORM_CHALLENGE = False
# Queued imports run at once in the test process; tests/security/test_import_jobs.py runs a
# real worker against the database queue.
TASKS = task_backends(os.environ.get("KEPU_IMPORT_QUEUE") or "immediate")  # noqa: F405
# A fixed key for the suite's encrypted personal data (never a production key), and text
# messages kept in memory (registration.sms.outbox).
KEPU_PII_KEY = "dGVzdC1vbmx5LWtlcHUtcGlpLWtleS0wMTIzNDU2Nzg="
KEPU_SMS_BACKEND = os.environ.get("KEPU_SMS_BACKEND") or "registration.sms.MemoryBackend"
KEPU_SMS_FILE_PATH = os.environ.get("KEPU_SMS_FILE_PATH", "")
