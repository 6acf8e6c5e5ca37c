"""Settings shared by every environment. Everything that differs between machines
comes from the environment, so one codebase serves a laptop, CI and production."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from core import maps as _maps

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
    "core",
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
    "outreach.roles.apps.KepuUsersAppConfig",  # wagtail.users without the user copy view
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
    "core.headers.SecurityHeadersMiddleware",  # outside the page cache: cached pages get the headers too
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.site_context.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Records who is acting, for the user and group guards (outreach/roles/guards.py).
    "outreach.roles.guards.ActingUserMiddleware",
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
    # A write-ahead log: readers never wait for a writer, and a commit (search counts, a
    # publish) appends to the log instead of syncing a rollback journal and the database.
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
# 应急快速审核: the fast track's one approver may be a science reviewer, who holds no publish
# right; the task's group is the authority there (outreach/roles/finish.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "outreach.roles.finish.publish_approved"
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

# Anonymous page cache (core/page_cache.py): on unless KEPU_PAGE_CACHE=0.
KEPU_PAGE_CACHE = env_bool("KEPU_PAGE_CACHE", True)
KEPU_PAGE_CACHE_SECONDS = int(os.environ.get("KEPU_PAGE_CACHE_SECONDS", "120"))
# The site, home, menu, settings, private paths and filter options, kept per worker for the
# current content generation (core/worker_cache.py, core/site_context.py).
KEPU_LISTING_CACHE = env_bool("KEPU_LISTING_CACHE", True)
# On PostgreSQL, workers hear of new content generations by LISTEN/NOTIFY instead of reading
# the generation on every request (core/generation_listener.py).
KEPU_GENERATION_LISTEN = env_bool("KEPU_GENERATION_LISTEN", True)

# Searches are counted (热门搜索) in each worker's memory and written at most this often, in
# one statement that never waits for a lock (search/query_counts.py); 0: at every search.
KEPU_SEARCH_COUNT_SECONDS = int(os.environ.get("KEPU_SEARCH_COUNT_SECONDS", "10"))

# The caching proxy in front of Kepu (deploy/nginx/kepu.conf), purged when pages change
# (core/frontend_cache.py): its purge server, e.g. http://127.0.0.1:6081. Unset: none.
# Kepu connects its own signal handlers, so wagtail.contrib.frontend_cache is not installed:
# its own would purge only the page, and before the change is committed.
if os.environ.get("KEPU_FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {
        "nginx": {"BACKEND": "core.frontend_cache.NginxPurgeBackend", "LOCATION": os.environ["KEPU_FRONTEND_CACHE_URL"]}
    }
# Kepu purges each translation's own URL; Wagtail's rewriting of /en/ paths would add wrong ones.
WAGTAILFRONTENDCACHE_LANGUAGES = []

# The venue maps' tiles (core/maps.py): none (default: no request to another origin; markers
# on a plain ground beside the list), amap (高德), tianditu (天地图, needs its key) or custom
# (any {z}/{x}/{y} URL, in wgs84 or gcj02). Mainland providers in GCJ-02 get shifted points.
KEPU_MAP_TILES = os.environ.get("KEPU_MAP_TILES", "none")
KEPU_MAP_TILE_URL = os.environ.get("KEPU_MAP_TILE_URL", "")
KEPU_MAP_TILE_ATTRIBUTION = os.environ.get("KEPU_MAP_TILE_ATTRIBUTION", "")
KEPU_MAP_TIANDITU_KEY = os.environ.get("KEPU_MAP_TIANDITU_KEY", "")
KEPU_MAP_COORDINATES = os.environ.get("KEPU_MAP_COORDINATES", "wgs84")
try:
    KEPU_MAP = _maps.resolve(
        KEPU_MAP_TILES,
        url=KEPU_MAP_TILE_URL,
        attribution=KEPU_MAP_TILE_ATTRIBUTION,
        key=KEPU_MAP_TIANDITU_KEY,
        coordinates=KEPU_MAP_COORDINATES,
    )
except _maps.MapSettingsError as error:
    raise ImproperlyConfigured(str(error)) from error
# The cookie that turns on 长者模式 (larger text, higher contrast). Pages vary on it:
# a page cache in front of Kepu must key on this cookie too.
KEPU_ELDER_COOKIE = "kepu_elder"
# Cookies that change how a page looks, so the page cache keeps each value apart.
KEPU_PAGE_CACHE_VARY_COOKIES = [KEPU_ELDER_COOKIE]

# Documents: always through Wagtail's view, which checks the collection's view restrictions;
# nginx refuses their /media/documents/ URLs (deploy/nginx/kepu.conf). KEPU_SENDFILE=nginx: the
# view, once it has said yes, hands the file to nginx by X-Accel-Redirect (core/sendfile.py);
# unset: Python streams it (runserver, or gunicorn with no nginx in front).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
KEPU_SENDFILE = os.environ.get("KEPU_SENDFILE", "")
KEPU_SENDFILE_URL = "/_kepu_media/"  # nginx's internal location for MEDIA_ROOT
if KEPU_SENDFILE == "nginx":
    SENDFILE_BACKEND = "core.sendfile"
elif KEPU_SENDFILE == "":
    SENDFILE_BACKEND = "wagtail.utils.sendfile_streaming_backend"
else:
    raise ImproperlyConfigured(f"KEPU_SENDFILE must be nginx or empty, not {KEPU_SENDFILE!r}")


# Content-Security-Policy and Permissions-Policy (core/headers.py). Public pages: everything
# from this origin, no inline script or style (JSON data in <script type="application/json">
# and JSON-LD is not script), map tiles from the tile server's origin.
_SELF, _NONE = "'self'", "'none'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "img-src": [_SELF, "data:", *_maps.tile_origins(KEPU_MAP)],
        "object-src": [_NONE],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],  # Wagtail previews pages in a same-origin frame
    }
}
# Editors' pictures in the admin: Wagtail's default avatar, never one fetched from the avatar
# service's outside origin (out of reach from many Chinese networks; tests/browser/test_look.py
# checks that no admin page requests another origin).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# The Wagtail admin (its paths only): its page editor, page listings and user list carry inline
# scripts and the image editor's cropper inline event handlers (tests/browser/test_csp.py). Its
# templates carry no inline styles, but with inline script allowed, refusing them would guard
# nothing and risk the screens no test opens. Everything still comes from this origin.
KEPU_ADMIN_PATH = "/admin/"
KEPU_ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY["DIRECTIVES"],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [*CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"], "blob:"],
    }
}
# Browser features no page uses are off. camera: the check-in scanner will need (self) on its
# own page; geolocation: nothing asks for a position yet.
KEPU_PERMISSIONS_POLICY = dict.fromkeys(
    (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "fullscreen",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "picture-in-picture",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    ),
    (),
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Login security (accounts/): lockouts after failed sign-ins (django-axes), a TOTP second
# factor with recovery codes (django-otp), and admin sessions that end. README, "Signing in".
INSTALLED_APPS += ["accounts", "axes", "django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1, "accounts.middleware.SecondFactorMiddleware"
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]


def env_positive_int(name, default):
    value = os.environ.get(name, "").strip() or str(default)
    if not value.isdigit() or int(value) < 1:
        raise ImproperlyConfigured(f"{name} must be a whole number above 0, not {value!r}")
    return int(value)


# Every admin user must pass a second factor after the password (production: on).
KEPU_REQUIRE_2FA = env_bool("KEPU_REQUIRE_2FA", False)
OTP_TOTP_ISSUER = "Kepu 科普"
AXES_ENABLED = env_bool("KEPU_LOGIN_LOCKOUT", True)
# Locked when either the account or the address has this many failures within the cool-off.
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_FAILURE_LIMIT = env_positive_int("KEPU_LOGIN_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_positive_int("KEPU_LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.throttle.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.throttle.lockout_response"
# Peers whose X-Forwarded-For is believed (its last entry only): the local nginx in production.
KEPU_TRUSTED_PROXIES = env_list("KEPU_TRUSTED_PROXIES")
# Public forms that write (core/abuse.py): per-address and per-phone rate limits, and a
# honeypot with a signed render time. Both on unless switched off for a load test.
KEPU_RATE_LIMITS = env_bool("KEPU_RATE_LIMITS", True)
KEPU_FORM_CHALLENGE = env_bool("KEPU_FORM_CHALLENGE", True)
# 线索征集 (outreach/tips.py): tips an address may send (core.abuse rates: 5/h, 20/d …), and
# the days a tip's optional contact is kept before `manage.py expire_tip_contacts` deletes it.
KEPU_TIP_RATE = os.environ.get("KEPU_TIP_RATE", "5/h")
KEPU_TIP_CONTACT_DAYS = env_positive_int("KEPU_TIP_CONTACT_DAYS", 30)
# Wagtail's "Remember me" keeps a session this long; unticked, it ends when the browser
# closes, and on the server after this long at the latest.
SESSION_COOKIE_AGE = env_positive_int("KEPU_SESSION_HOURS", 10) * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Background tasks (django-tasks, Django 6's task framework as a backport; README, "Production
# deployment"). "default" keeps Wagtail's own small tasks (reference index, image focal points,
# file deletion) running at once, as before. "imports" holds big admin imports
# (outreach/tools/jobs.py): queued in the database and run by `manage.py db_worker --backend
# imports`, so a 10,000-record file never runs inside a request. KEPU_IMPORT_QUEUE=immediate runs
# them at once in the request instead (dev's default, so `make demo` needs no worker).
INSTALLED_APPS += ["django_tasks", "django_tasks_db"]


def task_backends(import_queue, message_queue=None):
    backends = {
        "database": "django_tasks_db.DatabaseBackend",
        "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    }
    if import_queue not in backends:
        raise ImproperlyConfigured(f"KEPU_IMPORT_QUEUE must be database or immediate, not {import_queue!r}")
    message_queue = message_queue or os.environ.get("KEPU_MESSAGE_QUEUE") or import_queue
    if message_queue not in backends:
        raise ImproperlyConfigured(f"KEPU_MESSAGE_QUEUE must be database or immediate, not {message_queue!r}")
    return {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "imports": {"BACKEND": backends[import_queue]},
        # Booking confirmations, waitlist notices and reminders (registration/tasks.py).
        "messages": {"BACKEND": backends[message_queue]},
        # The weekly email digests (subscriptions/tasks.py): `manage.py db_worker --backend digests`.
        "digests": {"BACKEND": backends[import_queue]},
    }


TASKS = task_backends(os.environ.get("KEPU_IMPORT_QUEUE") or "database")

# Registration (预约报名, registration/; README "Registration"). Personal data (bookings', and
# 线索征集 contacts) is encrypted with KEPU_PII_KEY (core/pii.py; a Fernet key from the
# environment: production refuses to start without one);
# bookings are rate-limited per address and per mobile number; messages go by email and by
# the SMS backend; a session's personal data is deleted this many days after it ends.
INSTALLED_APPS += ["registration"]
KEPU_PII_KEY = os.environ.get("KEPU_PII_KEY", "")
KEPU_REGISTRATION_RATE = os.environ.get("KEPU_REGISTRATION_RATE", "10/h")
KEPU_REGISTRATION_PHONE_RATE = os.environ.get("KEPU_REGISTRATION_PHONE_RATE", "5/d")
KEPU_REGISTRATION_RETENTION_DAYS = int(os.environ.get("KEPU_REGISTRATION_RETENTION_DAYS", "30"))
KEPU_SMS_BACKEND = os.environ.get("KEPU_SMS_BACKEND", "registration.sms.ConsoleBackend")
KEPU_SMS_FILE_PATH = os.environ.get("KEPU_SMS_FILE_PATH", "")
# 精准推送 email digests (subscriptions/, README "Email digests"): how long a confirmation link
# stays valid (then the unconfirmed address is deleted), and the least days between two digests.
INSTALLED_APPS += ["subscriptions"]
KEPU_DIGEST_CONFIRM_HOURS = env_positive_int("KEPU_DIGEST_CONFIRM_HOURS", 72)
KEPU_DIGEST_MIN_DAYS = env_positive_int("KEPU_DIGEST_MIN_DAYS", 7)
