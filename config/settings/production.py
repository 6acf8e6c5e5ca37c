"""Production: everything from the environment, and a refusal to start without
the two settings that make a public site safe."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import SILENCED_SYSTEM_CHECKS, env_bool, env_list

DEBUG = False

_missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not os.environ.get(name, "").strip()]
if _missing:
    raise ImproperlyConfigured(
        "Kepu will not start in production without "
        + " and ".join(_missing)
        + ": set "
        + ("it" if len(_missing) == 1 else "them")
        + " in the environment (see README, Configuration)."
    )

SECRET_KEY = os.environ["SECRET_KEY"]

# Bookings' ID and phone numbers and 线索征集 contacts are encrypted with this key (core/pii.py):
# without a valid one Kepu does not start, rather than store personal data it cannot protect.
_pii_key = os.environ.get("KEPU_PII_KEY", "").strip()
try:
    _pii_key_ok = len(__import__("base64").urlsafe_b64decode(_pii_key.encode())) == 32
except ValueError:
    _pii_key_ok = False
if not _pii_key_ok:
    raise ImproperlyConfigured(
        "Kepu will not start in production without KEPU_PII_KEY, a Fernet key (make one with "
        "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`; "
        "README, Registration)."
    )
KEPU_PII_KEY = _pii_key
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# TLS ends at the reverse proxy, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# Wagtail's editor previews pages in a same-origin frame; DENY would break previews.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W019"]

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "kepu@localhost")

# Login security (accounts/): the second factor on, and nginx on this machine as the proxy.
KEPU_REQUIRE_2FA = env_bool("KEPU_REQUIRE_2FA", True)
KEPU_TRUSTED_PROXIES = env_list("KEPU_TRUSTED_PROXIES", ["127.0.0.1", "::1"])
