"""The test suite: fast hashing, an in-memory cache, media in a temporary folder."""

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
# The page cache is tested on its own (tests/test_page_cache.py); elsewhere each test sees
# fresh pages, as the cache would outlive the test's rolled-back database.
KEPU_PAGE_CACHE = False
