"""Kepu's own settings, read in one place: `kepu_settings.PAGE_CACHE` is settings.KEPU_PAGE_CACHE.

config/settings/base.py defines each of them from the environment, its default written there
once (the README's settings table describes them). Code reads them here, never with
`getattr(settings, "KEPU_…", default)`, so no reader carries a default of its own that could
disagree with it. A name not listed is a mistake and raises AttributeError. Each access reads
the setting again, so a test that changes one (pytest-django's `settings`) is seen at once.
"""

from django.conf import settings

NAMES = frozenset(
    {
        "ADMIN_CONTENT_SECURITY_POLICY",
        "ADMIN_PATH",
        "DIGEST_CONFIRM_HOURS",
        "DIGEST_MIN_DAYS",
        "ELDER_COOKIE",
        "FORM_CHALLENGE",
        "GENERATION_LISTEN",
        "LISTING_CACHE",
        "MAP",
        "MAP_COORDINATES",
        "MAP_TIANDITU_KEY",
        "MAP_TILE_ATTRIBUTION",
        "MAP_TILE_URL",
        "MAP_TILES",
        "PAGE_CACHE",
        "PAGE_CACHE_SECONDS",
        "PAGE_CACHE_VARY_COOKIES",
        "PERMISSIONS_POLICY",
        "PII_KEY",
        "REGISTRATION_PHONE_RATE",
        "REGISTRATION_RATE",
        "REGISTRATION_RETENTION_DAYS",
        "SMS_BACKEND",
        "SMS_FILE_PATH",
        "RATE_LIMITS",
        "REQUIRE_2FA",
        "SEARCH_COUNT_SECONDS",
        "TIP_CONTACT_DAYS",
        "TIP_RATE",
        "SENDFILE",
        "SENDFILE_URL",
        "TRUSTED_PROXIES",
    }
)


class KepuSettings:
    def __getattr__(self, name):
        if name not in NAMES:
            raise AttributeError(f"KEPU_{name} is not one of Kepu's settings (core/conf.py)")
        return getattr(settings, f"KEPU_{name}")


kepu_settings = KepuSettings()
