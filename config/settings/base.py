"""Settings shared by every environment. Everything that differs between machines
comes from the environment, so one codebase serves a laptop, CI and production."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name, default=()):
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default)


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "home",
    "outreach",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.locales",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "home.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "home.structure.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # site/ holds the site-wide templates; it is a folder, not a package,
        # because a package named `site` would shadow Python's own module.
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A write-ahead log: readers never wait for a writer, and a commit (every search counts
    # its query) appends to the log instead of syncing a rollback journal and the database.
    # With WAL, synchronous=NORMAL can lose the last commits in a power cut but never
    # corrupts the file. IMMEDIATE takes the write lock when a transaction begins, so two
    # writers queue for up to `timeout` seconds instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# An index's INCLUDE columns are PostgreSQL's; SQLite builds the index without them, and its
# indexes hold the row id (a page's id) anyway (outreach.WorkPage's work_type index).
SILENCED_SYSTEM_CHECKS = ["models.W040"]

if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "kepu",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "kepu",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Chinese first, English second; content translations through Wagtail locales.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Kepu 科普"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILIMAGES_IMAGE_MODEL = "outreach.KepuImage"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Decoding an image costs memory by pixels, not bytes: an 11000×11000 PNG of 353 KB took a
# worker from 225 MB to 1.12 GB. About 40 MP (a 6000×6000 photo fits); the message is Chinese.
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "outreach.image_forms.KepuImageForm"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILEMBEDS_FINDERS = []  # embeds would fetch from outside the city's network at save time
WAGTAILAPI_BASE_URL = WAGTAILADMIN_BASE_URL


def search_backends():
    """Kepu's search backend (search/backend.py): its Chinese-aware page index lives in the
    database, or on an OpenSearch / Elasticsearch cluster when an engine URL is set
    (comma-separated node URLs; credentials as https://user:password@host:9200)."""
    prefix = os.environ.get("SEARCH_INDEX_PREFIX", "kepu_")
    for engine, variable in (("opensearch", "OPENSEARCH_URL"), ("elasticsearch", "ELASTICSEARCH_URL")):
        if os.environ.get(variable):
            return {
                "default": {
                    "BACKEND": "search.backend",
                    "ENGINE": engine,
                    "URLS": env_list(variable),
                    "INDEX_PREFIX": prefix,
                    "TIMEOUT": 10,
                    "CA_CERTS": os.environ.get("SEARCH_CA_CERTS") or None,
                }
            }
    return {"default": {"BACKEND": "search.backend"}}


WAGTAILSEARCH_BACKENDS = search_backends()

# Anonymous page cache (home/page_cache.py): on unless KEPU_PAGE_CACHE=0.
KEPU_PAGE_CACHE = env_bool("KEPU_PAGE_CACHE", True)
KEPU_PAGE_CACHE_SECONDS = int(os.environ.get("KEPU_PAGE_CACHE_SECONDS", "120"))
# The site, home, menu, settings, private paths and filter options, kept per worker for the
# current content generation (home/structure.py).
KEPU_LISTING_CACHE = env_bool("KEPU_LISTING_CACHE", True)
# On PostgreSQL, workers hear of new content generations by LISTEN/NOTIFY instead of reading
# the generation on every request (home/generation_listener.py).
KEPU_GENERATION_LISTEN = env_bool("KEPU_GENERATION_LISTEN", True)

# The caching proxy in front of Kepu (deploy/nginx/kepu.conf), purged when pages change
# (home/frontend_cache.py): its purge server, e.g. http://127.0.0.1:6081. Unset: none.
# Kepu connects its own signal handlers, so wagtail.contrib.frontend_cache is not installed:
# its own would purge only the page, and before the change is committed.
if os.environ.get("KEPU_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "home.frontend_cache.NginxPurgeBackend", "LOCATION": os.environ["KEPU_FRONTEND_CACHE_URL"]}
    }
# Kepu purges each translation's own URL; Wagtail's rewriting of /en/ paths would add wrong ones.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# The venue map's tile server: any {z}/{x}/{y} URL template (a city may run its own).
# Empty: no tiles, the markers and the venue list still work.
KEPU_MAP_TILE_URL = os.environ.get("KEPU_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
KEPU_MAP_TILE_ATTRIBUTION = os.environ.get(
    "KEPU_MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
# The cookie that turns on 长者模式 (larger text, higher contrast). Pages vary on it:
# a page cache in front of Kepu must key on this cookie too.
KEPU_ELDER_COOKIE = "kepu_elder"
# Cookies that change how a page looks, so the page cache keeps each value apart.
KEPU_PAGE_CACHE_VARY_COOKIES = [KEPU_ELDER_COOKIE]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
